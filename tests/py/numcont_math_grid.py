# math functions over a grid of arguments, domain errors (issue 4).
# (overflow is left out: MicroPython returns inf where CPython raises)
import math
def t(f):
    try:
        r = f()
        print('{:.10g}'.format(r) if isinstance(r, float) else r)
    except Exception as e:
        print(type(e).__name__)
names = ['sqrt', 'exp', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'ceil', 'floor', 'trunc', 'fabs', 'isfinite', 'isinf', 'isnan', 'degrees', 'radians', 'erf', 'erfc', 'gamma', 'lgamma', 'modf', 'frexp']
for n in names:
    f = getattr(math, n)
    for x in [0, 1, -1, 0.5, -0.5, 2, 10, -10, 100, float('inf'), float('-inf'), float('nan'), True]:
        t(lambda: f(x))
for n in ['pow', 'atan2', 'copysign', 'fmod', 'log', 'ldexp', 'gcd', 'isclose']:
    f = getattr(math, n)
    for x, y in [(2, 3), (-2, 0.5), (0, 0), (0, -1), (1, float('inf')), (float('inf'), 2), (-8, 3), (10, 0), (2.5, 1), (float('nan'), 1), (5, -3)]:
        t(lambda: f(x, y))
t(lambda: math.factorial(0))
t(lambda: math.factorial(25))
t(lambda: math.factorial(-1))
t(lambda: math.floor(-0.5))
t(lambda: math.ceil(1e20))
t(lambda: math.trunc(float('inf')))
t(lambda: math.floor(float('nan')))
t(lambda: math.sqrt(-0.0))
t(lambda: math.copysign(3, -0.0))
t(lambda: math.pow(-2, 0.5))
