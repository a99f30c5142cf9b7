# dict constructors/update forms, popitem until empty, unhashable keys,
# big/float/tuple keys, deletion churn (issue 4). (Lookups of unhashable
# keys in an EMPTY dict return without hashing in MicroPython: left out.)
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__)
t(lambda: sorted(dict(['ab', 'cd']).items()))
t(lambda: dict([['x', 1]]))
t(lambda: dict(['abc']))
t(lambda: dict({1: 2}, **{'k': 3}) == {1: 2, 'k': 3})
t(lambda: dict(a=1, **{'b': 2}) == {'a': 1, 'b': 2})
t(lambda: {}.setdefault([1]))
t(lambda: {1: 2}.get([1]))
t(lambda: [1] in {1: 2})
t(lambda: {}.pop([1], 0))
t(lambda: sorted(dict.fromkeys({3, 1, 2}, 0).items()))
t(lambda: dict.fromkeys([]))
t(lambda: dict.fromkeys('aa', 1))
t(lambda: {1: 'a'}.items() == {(1, 'a')})
t(lambda: list({1: 'a'}.items())[0])
t(lambda: type({}.keys()).__name__ if False else 0)
t(lambda: {1: 2}.copy().update({3: 4}))
t(lambda: dict().update())
def dict_kw_update():
    d = {}
    d.update(a=1)
    d.update({'b': 2}, c=3)
    d.update((('d', 4),))
    return sorted(d.items())
t(dict_kw_update)
def pop_all():
    d = {i: i * i for i in range(20)}
    s = 0
    while d:
        k, v = d.popitem()
        s += k + v
    return s, d
t(pop_all)
def big_keys():
    d = {2**70: 'a', -2**70: 'b', 1.5: 'c', 2**70 + 0.0: 'd', (1, 2): 'e', None: 'f', frozenset(): 'g'}
    return d[2**70], d[-2**70], d[1.5], d[(1, 2)], d[None], d[frozenset()], len(d)
t(big_keys)
def str_keys():
    d = {}
    for i in range(200):
        d['k%d' % i] = i
    for i in range(0, 200, 3):
        del d['k%d' % i]
    return len(d), sum(d.values()), d.get('k4'), d.get('k3')
t(str_keys)
t(lambda: {'a': 1} == {'a': 1.0})
t(lambda: {'a': [1]} == {'a': [1]})
t(lambda: dict(zip('abc', 'xyz')) == {'c': 'z', 'b': 'y', 'a': 'x'})
t(lambda: len({i % 7: i for i in range(100)}))
