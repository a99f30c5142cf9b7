# dict views as sets and dict | / |= (CPython 3.9), issue 4
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__)
def s(x):
    return sorted(x.items()) if isinstance(x, dict) else sorted(x)
d = {'a': 1, 'b': 2, 'c': 3}
k = d.keys()
it = d.items()
t(lambda: s(k & {'a', 'b', 'z'}))
t(lambda: s(k | {'z'}))
t(lambda: s(k - {'a'}))
t(lambda: s(k ^ {'a', 'z'}))
t(lambda: s(k & ['a', 'q']))
t(lambda: s(k | 'xy'))
t(lambda: s({'a', 'z'} & k))
t(lambda: s({'a', 'z'} | k))
t(lambda: s({'a', 'z'} - k))
t(lambda: s({'a', 'z'} ^ k))
t(lambda: s(frozenset('ab') & k))
t(lambda: s(k & {'a': 0}.keys()))
t(lambda: s(k - d))
t(lambda: type(k & k).__name__)
t(lambda: k & 5)
t(lambda: s(it & {('a', 1), ('b', 5)}))
t(lambda: s(it - {('a', 1)}))
t(lambda: s(it | {('z', 0)}))
t(lambda: d.values() & {1})
t(lambda: k == {'a', 'b', 'c'})
t(lambda: {'a', 'b', 'c'} == k)
t(lambda: k == frozenset('abc'))
t(lambda: k != {'a'})
t(lambda: k == ['a', 'b', 'c'])
t(lambda: k == d.keys())
t(lambda: k == {'a': 9, 'b': 9, 'c': 9}.keys())
t(lambda: it == {('a', 1), ('b', 2), ('c', 3)})
t(lambda: k < {'a', 'b', 'c', 'd'})
t(lambda: k <= {'a', 'b', 'c'})
t(lambda: k < {'a', 'b', 'c'})
t(lambda: k > {'a'})
t(lambda: k >= {'a', 'q'})
t(lambda: {'a'} < k)
t(lambda: k < [1])
t(lambda: k.isdisjoint({'x'}))
t(lambda: k.isdisjoint(['c']))
t(lambda: it.isdisjoint([('a', 1)]))
d['d'] = 4
t(lambda: s(k & {'d'}))
t(lambda: len(k))
t(lambda: s({1: 1} | {2: 2}))
t(lambda: s({1: 1, 2: 2} | {2: 'two'}))
t(lambda: {1: 1} | [(2, 2)])
t(lambda: {1: 1} | None)
def ior(arg):
    x = {1: 1}
    y = x
    x |= arg
    return s(x), x is y
t(lambda: ior({1: 5, 3: 3}))
t(lambda: ior([(7, 8)]))
t(lambda: ior(zip('ab', 'cd')))
t(lambda: ior(5))
t(lambda: ior([1]))

# a values view is not set-like: comparing it with a set must not recurse
d = {1: 1}
print({1} == d.values(), {1} != d.values(), d.values() == {1}, frozenset([1]) == d.values())
for f in [lambda: {1} < d.values(), lambda: d.values() < {1}, lambda: {1} <= d.items(), lambda: {(1, 1)} >= d.items(), lambda: {1} | d.values(), lambda: {1} & d.keys()]:
    try:
        print(f())
    except TypeError:
        print('TypeError')
