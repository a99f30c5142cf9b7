# MicroPython differences in formatting that Mica reproduces (expected output
# in text_mp_format.exp, not CPython's). The .exp is this file's stdout on the
# stock MicroPython 1.27 WebAssembly port, byte for byte (checked with
# /work/shared/tools/mp-wasm-run.mjs); nothing here is port-specific.
# - a float formatted with a spec but no type letter uses 'g' (CPython uses
#   repr-like output: '{:5}'.format(1.0) is '  1.0' there)
# - any object other than int, float, bool and str given a non-empty spec
#   raises TypeError "can't convert 'NoneType' object to str implicitly"
#   (CPython: TypeError "unsupported format string passed to
#   NoneType.__format__"); an empty spec, !s or !r formats its str()/repr().
#   An earlier version of this test expected str() padding here: the wasm
#   run showed that was wrong.
# - a bytes object with a spec is formatted as its (text) content
# - assigning an int outside 0..255 to a bytearray item truncates it
print('{:5}|{:<8}|{:^9}|'.format(1.0, 1234567.891, -0.5))
print(f'{2.5:6}|{1e20:>8}|')
for v in (None, [1], (2,), {3: 4}, range(2), 1j):
    for spec in ('{:>6}', '{:6}', '{:s}', '{:06}', '{:=6}'):
        try:
            print(spec, repr(spec.format(v)))
        except (TypeError, ValueError) as e:
            print(spec, type(e).__name__, e)
    print('{}|{:}|{!s:>6}|{!r:^8}|'.format(v, v, v, v))
print('{:>6}|{:<4}|{:^5}|{:.1}|'.format(b'ab', b'cd', b'e', b'fg'))
ba = bytearray(2)
ba[0] = 300
ba[1] = -1
print(ba)
