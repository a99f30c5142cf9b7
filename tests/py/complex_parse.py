# complex() from text, compared with CPython. A bare 'j' is the imaginary
# unit (MicroPython 1.27, checked on the WebAssembly port, agrees). Where
# MicroPython is laxer or stricter (it rejects '(1+2j)', accepts '1 +2j' and
# '1e+j'), Mica follows CPython; those inputs are printed here too.
cases = ['j', 'J', '-j', '+j', '1+j', '1-j', '2.5-J', ' 3j ', '\t-1.5+2j\n',
         '1+2j', '1e3j', '1e-3-1e+3j', '.5j', '1.j', 'infj', '-infj', '1+nanj',
         '2', ' -2.5 ', '(1+2j)', ' ( 1-j ) ', '(j)', '(3)',
         'jj', '+-j', '1+-j', 'j+1', '1e+j', '1+', '-', '', ' ', '()', '((1))',
         '1 +2j', '1+ 2j', '1+2', '1j+2', '0x10', '1_0j', 'j1']
for s in cases:
    try:
        print(repr(s), complex(s))
    except ValueError:
        print(repr(s), 'ValueError')
print(complex('j') * complex('-j'), complex('1-j').imag, complex('+J').real)
for s in ['j', '-j', '1j']:
    try:
        print(float(s))
    except ValueError:
        print('float', repr(s), 'ValueError')
for bad in (b'1j', bytearray(b'2'), [1]):
    try:
        complex(bad)
    except TypeError:
        print('complex', type(bad).__name__, 'TypeError')
try:
    complex('1', 2)
except TypeError:
    print('str plus second arg TypeError')
