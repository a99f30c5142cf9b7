# complex arithmetic, construction with signed zeros, repr (issue 4)
# MicroPython differences pinned by numcont_complex.exp: complex repr leaves
# out a zero real part of either sign (-1j, CPython (-0-1j)), and complex(x,
# y) with a real y gives imag +0.0 for y = -0.0 (MicroPython adds the parts;
# complex(1.5, -0.0) is (1.5+0j)). Both were observed on the MicroPython
# 1.27 WebAssembly port (numcont_complex_repr_mp.py is a wasm-made test of
# them). This file cannot run there as it is (the wasm port has no
# complex.conjugate, and its complex division and power round differently
# from CPython, which Mica keeps), so numcont_complex.exp is python3's
# output for the same program with those two rules applied, checked line by
# line: python3 run with complex(x, -0.0) written as complex(x, 0.0), then
# every "(-0+Yj)"/"(-0-Yj)" rewritten to "Yj"/"-Yj", equals it.
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__)
z = [0j, 1j, -1j, 1+2j, -1.5-0.5j, complex(0, -0.0), complex(-0.0, 0), complex(1e20, 1e-20), complex(float('inf'), float('nan')), complex(-0.0, -0.0), 3+0j]
for a in z:
    print(repr(a), str(a), a.real, a.imag, abs(a), -a, +a, a.conjugate(), a == a, bool(a))
for a in z[:6]:
    for b in z[:6]:
        t(lambda: (a + b, a - b, a * b))
        t(lambda: a / b)
        t(lambda: a ** b)
t(lambda: (1+2j) ** 2)
t(lambda: (1+2j) ** -2)
t(lambda: (1+2j) ** 0.5)
t(lambda: 2 ** (1+1j))
t(lambda: (1+2j) == (1+2j))
t(lambda: 1+0j == 1)
t(lambda: (1+2j) < (2+3j))
t(lambda: (1+2j) // 2)
t(lambda: (1+2j) % 2)
t(lambda: complex('1+2j'))
t(lambda: complex(' (1-2j) '))
t(lambda: complex('-1.5e3j'))
t(lambda: complex(1, 2j))
t(lambda: complex(1j, 1j))
t(lambda: complex('1', 2))
t(lambda: complex(True))
t(lambda: hash(1+0j) == hash(1))
t(lambda: int(1+2j))
t(lambda: float(1+2j))
t(lambda: 1j * 1j)
t(lambda: abs(3+4j))
t(lambda: 0j ** 0)
t(lambda: 0j ** 2)
t(lambda: 0j ** -1)
t(lambda: 0j ** 1j)
t(lambda: (1+1j) / 0)
t(lambda: divmod(1j, 2))
for a in [1+2j, -3.5+0.25j, 1e-3j, 7+0j]:
    for b in [2-1j, 0.5j, -4+0j, 3, 2.5]:
        print(a / b, b / a, a * b, a - b)
print(complex(0, -0.0), complex(-0.0, 0), complex(-0.0, -0.0), complex(1j, 2), complex(1, 2j), complex(1j, 1j))
print(1 / (1j), (1+1j) ** 3, (1+1j) ** -3, (-8) ** (1 / 3), (-1) ** 0.5, 1j ** 1j, (2+3j) ** (0.5-1j))
