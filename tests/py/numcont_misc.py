# index/count ranges, keyword forms, tuple ops, set/frozenset ops, churn of
# dicts and sets (issue 4). (A nan is not found by identity in MicroPython.)
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__)
t(lambda: list(enumerate(['a'], start=3)))
t(lambda: list(enumerate(iterable=['a'], start=3)))
t(lambda: min([3, 1], key=None))
t(lambda: max(1, 2, key=None))
t(lambda: sorted([3, 1], key=None, reverse=False))
t(lambda: sorted([3, 1], None))
t(lambda: [3, 1].sort(None))
t(lambda: list(reversed([])))
t(lambda: list(map(abs, [])))
t(lambda: list(zip([], [1])))
t(lambda: list(filter(None, ())))
t(lambda: tuple(range(3)) + ())
t(lambda: list(range(5)).index(2, -3, -1))
t(lambda: [1, 2, 1].index(1, 1))
t(lambda: [1, 2, 1].index(1, -1))
t(lambda: [1, 2, 1].index(1, 5))
t(lambda: [1, 2, 1].index(1, 0, -3))
t(lambda: (1, 2, 1).index(1, -2, 10))
t(lambda: (1, 2, 1).index(2, 2))
t(lambda: [1, 2].index(2, True))
t(lambda: 'aXbXc'.count('X', 2))
t(lambda: list(range(3)) * True)
t(lambda: tuple([1]) * -5)
t(lambda: (1, 2) + [3])
t(lambda: (1, (2, [3]))[1][1][0])
t(lambda: hash((1, [2])))
t(lambda: (1, 2) == [1, 2])
t(lambda: (1, 2) < (1, 2.5))
x = float('nan')
t(lambda: (1, 2).count(1.0))
t(lambda: tuple(i for i in 'ab'))
t(lambda: tuple.__name__)
s = {frozenset({1}), 2}
t(lambda: frozenset({1}) in s)
t(lambda: sorted(frozenset({1, 2}) | frozenset({3})))
t(lambda: type(frozenset({1}) & {1}).__name__)
t(lambda: type(frozenset({1}).copy()).__name__)
t(lambda: type(frozenset({1}).union({2})).__name__)
t(lambda: frozenset({1}) is frozenset({1}).copy() )
t(lambda: frozenset() == set())
t(lambda: frozenset({1, 2}) > {1})
t(lambda: sorted({1, 2} | frozenset({3})))
t(lambda: sorted(set([3, 1]).union()))
t(lambda: sorted(set.union({1}, [2])))
t(lambda: set.difference({1, 2}, {1}))
t(lambda: sorted({1, 2}.intersection()))
t(lambda: {1, 2}.issubset({1, 2}))
t(lambda: {1, 2} <= frozenset({1, 2, 3}))
t(lambda: {1}.symmetric_difference({1}))
x = {1, 2, 3}
x -= x
t(lambda: x)
y = {1}
y |= y
t(lambda: y)
z = {1, 2}
z ^= z
t(lambda: z)
w = {1, 2}
w &= w
t(lambda: sorted(w))
f = frozenset({1})
g = f
f |= {2}
t(lambda: (sorted(f), sorted(g), f is g))
t(lambda: set([1, 2]) == {1: 0, 2: 0}.keys())
t(lambda: len(set(range(1000))))
t(lambda: sum(set(range(1000))))
s2 = set(range(100))
for i in range(0, 100, 3):
    s2.discard(i)
t(lambda: (len(s2), sum(s2), min(s2), max(s2)))
s3 = set()
for i in range(50):
    s3.add(i)
    s3.remove(i)
t(lambda: (len(s3), s3))
d = {}
for i in range(1000):
    d[i] = i
for i in range(0, 1000, 2):
    del d[i]
t(lambda: (len(d), sum(d), sum(d.values())))
d2 = {}
for i in range(100):
    d2[str(i)] = i
    if i % 3 == 0:
        d2.pop(str(i // 2), None)
t(lambda: (len(d2), sorted(d2.items())[:5]))
t(lambda: sorted({(1, 2): 'a', (1, 2.0): 'b'}.items()))
