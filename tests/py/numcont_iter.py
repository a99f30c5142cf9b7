# range membership/index/count with non-ints, range slicing with negative
# steps, lazy map/zip/filter/enumerate/iter(callable, sentinel) (issue 4)
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__)
t(lambda: range(5).index(True))
t(lambda: range(5).count(2.0))
t(lambda: range(5).count('a'))
t(lambda: range(10)[::0])
t(lambda: range(3)[True])
t(lambda: range(3)[1.0])
r = range(10, -10, -3)
for i in range(-8, 8):
    t(lambda: r[i])
for sl in [slice(None, None, -1), slice(1, -1, 2), slice(-1, 0, -2), slice(None, None, 5), slice(3, 3), slice(-100, -50)]:
    rr = r[sl]
    print(list(rr), len(rr), rr.start, rr.stop, rr.step)
m = map(lambda v: v * 2, [1, 2])
t(lambda: next(m))
t(lambda: next(m))
t(lambda: next(m))
t(lambda: next(m))
z = zip([1], [2, 3])
t(lambda: list(z))
t(lambda: list(z))
calls = []
def pred(v):
    calls.append(v)
    return v % 2
f = filter(pred, range(6))
t(lambda: next(f))
t(lambda: calls)
t(lambda: list(f))
e = enumerate(x * x for x in range(3))
t(lambda: list(e))
t(lambda: list(iter([1, 2, 3].pop, 1)))
it = iter(range(3))
t(lambda: (next(it), list(it), list(it)))
t(lambda: list(reversed(range(0, 100, 7)))[:3])
t(lambda: list(zip(range(3), reversed(range(3)))))
t(lambda: dict(enumerate('ab')))
t(lambda: list(map(None, [1])) if False else 0)
t(lambda: sorted(map(len, ['aa', 'b', ''])))
t(lambda: max(map(abs, [-3, 2])))
t(lambda: sum(map(int, '123')))
t(lambda: any(map(bool, [0, 0])))
t(lambda: tuple(filter(str.isdigit, 'a1b2')))
t(lambda: list(zip('ab', map(ord, 'ab'), enumerate('ab'))))
t(lambda: (2.0 in range(5), 2.5 in range(5), True in range(2), 1e18 in range(0, 10**18 + 1, 10**17), range(5).index(3.0), range(3).count(False), 'a' in range(3)))
