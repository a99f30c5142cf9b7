# math.fsum exactness, isqrt and comb/perm over pseudo-random data (own LCG: the
# random module differs from CPython's in MicroPython) (issue 4)
import math
state = 12345
def rnd(bits):
    global state
    r = 0
    for _ in range((bits + 30) // 31):
        state = (state * 1103515245 + 12345) % 2147483648
        r = (r << 31) | state
    return r >> ((bits + 30) // 31 * 31 - bits)
for trial in range(300):
    n = rnd(5) + 1
    xs = [(rnd(30) / 2**29 - 1) * 10.0 ** (rnd(6) - 32) for _ in range(n)]
    print(math.fsum(xs).hex(), math.fsum(xs + [-v for v in xs[:n // 2]]).hex())
for trial in range(200):
    n = rnd(rnd(9) + 1)
    r = math.isqrt(n)
    print(r * r <= n < (r + 1) * (r + 1), r % 1000003)
for n in range(0, 60, 7):
    for k in range(0, 62, 9):
        print(math.comb(n, k), math.perm(n, k))
print(math.comb(1000, 500) % (10**9 + 7), math.perm(300, 150) % 99991)
