# divmod() and // with unsupported operands: MicroPython's messages. The
# expected output (divmod_mp.exp) is this file's stdout on the stock
# MicroPython 1.27 WebAssembly port, byte for byte. CPython raises the same
# TypeErrors, worded "unsupported operand type(s) for divmod(): ..." and
# "... for //: 'complex' and 'int'", and says "float divmod()" for a zero
# float divisor where MicroPython says "divide by zero".
class A:
    def __divmod__(self, o):
        return ('dm', o)
class B:
    def __floordiv__(self, o):
        return 'fd'
    def __mod__(self, o):
        return 'md'
class I(int):
    pass
cases = [lambda: divmod(A(), 1), lambda: divmod(B(), 1), lambda: divmod('a', 1),
         lambda: divmod(1, 'a'), lambda: divmod(7.5, 2), lambda: divmod(2**70, 3),
         lambda: divmod(True, 2), lambda: divmod(1j, 1), lambda: divmod(2, 1j),
         lambda: divmod(1, 0.0), lambda: divmod(5, 0), lambda: divmod(-7, 2.0),
         lambda: divmod(I(7), 2), lambda: divmod(2**70, -2**65), lambda: divmod(None, None),
         lambda: (1+2j) // 1, lambda: 1 // 1j, lambda: 1.5 // 1j, lambda: 2**80 // 1j,
         lambda: (1+2j) % 1, lambda: 1j // 1j]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
x = 3j
try:
    x //= 2
except TypeError as e:
    print('inplace', e)
