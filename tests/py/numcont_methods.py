# float/int/complex methods added for issue 4 (CPython-compatible)
# MicroPython differences pinned by numcont_methods.exp: complex repr leaves
# out a zero real part of either sign (-1j, CPython (-0-1j)), and complex(x,
# y) with a real y gives imag +0.0 for y = -0.0 (MicroPython adds the parts;
# complex(1.5, -0.0) is (1.5+0j)). Both were observed on the MicroPython
# 1.27 WebAssembly port (numcont_complex_repr_mp.py is a wasm-made test of
# them). This file cannot run there as it is (the wasm port has no
# complex.conjugate, float.hex and other methods, and its complex division
# and power round differently from CPython, which Mica keeps), so
# numcont_methods.exp is python3's output for the same program with those
# two rules applied, checked line by line: python3 run with complex(x, -0.0)
# written as complex(x, 0.0), then every "(-0+Yj)"/"(-0-Yj)" rewritten to
# "Yj"/"-Yj", equals it.
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__)

for x in [0.0, -0.0, 1.0, 1.5, -2.5, 1e300, 1e-300, 0.1, 123456.75, float('inf'), float('nan')]:
    t(lambda: x.is_integer())
    t(lambda: x.as_integer_ratio())
    t(lambda: x.hex())
    t(lambda: float.fromhex(x.hex()) == x)
for s in ['0x1.8p+0', '-0X1P-2', '  0x10  ', '1.8', 'ff', '0x.8', '-0x1.fffffffffffffp+1023',
          '0x1p-1022', 'inf', '-Infinity', 'nan', '0x1p5000', 'xyz', '', '0x', '0x1p', '1.8p1', '--1']:
    t(lambda: float.fromhex(s))
t(lambda: float.fromhex('0x1.8p1').is_integer())
# (repr of 5e-324 differs in MicroPython, so only exact forms are printed)
print((5e-324).hex(), (5e-324).as_integer_ratio() == (1, 2**1074), float.fromhex('0x1p-1074') == 5e-324)
for n in [0, 1, 7, 255, 256, -1, -255, 2**64 - 1, -(2**100), 2**100 + 2**50 + 1]:
    print(n.bit_count(), n.bit_length(), n.as_integer_ratio())
for z in [1 + 2j, -3j, 2 + 0j, complex(1.5, -0.0)]:
    print(z.conjugate(), z.conjugate().imag, (z * z.conjugate()).real)
# round() of floats that are already integral must not pick up scaling error
for x in [1e20, 1e22, -1e18, 2.0**60, 123456789012345678.0, 4503599627370497.0]:
    print(round(x, 2) == x, round(x, 5) == x, round(x, 0) == x, round(x, -1))
