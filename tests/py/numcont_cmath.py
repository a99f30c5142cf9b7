# cmath functions beyond the basics (issue 4). Results are printed with 8
# decimals because libm and CPython may differ in the last bits (and
# MicroPython's float repr may show 16 digits where CPython shows fewer).
import cmath
def r(z):
    if isinstance(z, complex):
        return '{:.8f} {:.8f}'.format(z.real + 0.0, z.imag + 0.0)
    if isinstance(z, tuple):
        return ' '.join('{:.8f}'.format(v) for v in z)
    if isinstance(z, float):
        return '{:.8f}'.format(z)
    return z
def t(f):
    try:
        print(r(f()))
    except Exception as e:
        print(type(e).__name__)
funcs = [cmath.sqrt, cmath.exp, cmath.log, cmath.log10, cmath.sin, cmath.cos, cmath.tan,
         cmath.asin, cmath.acos, cmath.atan, cmath.sinh, cmath.cosh, cmath.tanh,
         cmath.asinh, cmath.acosh, cmath.atanh, cmath.phase, cmath.polar]
for f in funcs:
    for x in [1 + 1j, -2, 0.5j, 3, -1 - 2j]:
        t(lambda: f(x))
for x in [1j, complex(float('nan'), 0), complex(0, float('inf')), complex(float('-inf'), 1), 2]:
    print(cmath.isnan(x), cmath.isinf(x), cmath.isfinite(x))
t(lambda: cmath.log(8, 2))
t(lambda: cmath.log(1j, 1j))
t(lambda: cmath.log(0))
t(lambda: cmath.log(2, 1))
t(lambda: cmath.rect(2, 0))
t(lambda: cmath.rect(1, cmath.pi))
t(lambda: cmath.sqrt(-4))
t(lambda: cmath.isclose(1 + 1j, 1 + 1.0000000001j))
t(lambda: cmath.isclose(1 + 1j, 1 + 1.1j))
t(lambda: cmath.isclose(1j, 1.01j, rel_tol=0.1))
t(lambda: cmath.isclose(0j, 1e-10j, abs_tol=1e-9))
print(cmath.inf, cmath.nan, cmath.infj, cmath.nanj, round(cmath.tau, 6), round(cmath.e, 6), round(cmath.pi, 6))
