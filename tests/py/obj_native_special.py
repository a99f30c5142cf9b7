# Special methods of built-in types named as methods: x.__len__(),
# dict.__setitem__(d, k, v), super().__getitem__(i) in subclasses of
# list/dict/str/int/tuple, hasattr() on them, and dict.__missing__.
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__)


print([1, 2].__len__(), 'abc'.__len__(), {1: 2}.__getitem__(1), [5, 6].__getitem__(-1), (1, 2).__contains__(2))
d = {}
d.__setitem__('k', 'v')
print(d)
d.__delitem__('k')
print(d)
print(dict.__getitem__({'a': 1}, 'a'), list.__len__([1, 2, 3]), str.__contains__('abc', 'b'))
print(list(range(3).__iter__()), hasattr(5, '__len__'), hasattr([], '__len__'),
      hasattr(iter([]), '__len__'), hasattr(5, '__getitem__'), hasattr('s', '__setitem__'),
      hasattr((1,), '__delitem__'), hasattr([], '__setitem__'))
print(hasattr({1}, '__contains__'), {1}.__contains__(1), hasattr(set(), '__getitem__'))
t(lambda: dict.__getitem__([], 0))
t(lambda: {}.__getitem__('x'))
t(lambda: getattr('abc', '__setitem__'))


class D(dict):
    def __getitem__(self, k):
        return dict.__getitem__(self, k) * 2

    def __setitem__(self, k, v):
        dict.__setitem__(self, k.upper(), v)


dd = D()
dd['a'] = 3
print(dd['A'], list(dd), D.__len__(dd), dd.__len__(), len(dd))


class L(list):
    def __getitem__(self, i):
        return 'L' + str(super().__getitem__(i))

    def __len__(self):
        return super().__len__() + 100


lst = L([7, 8])
print(lst[0], len(lst), lst.__len__(), list.__len__(lst))


class ML(list):
    def __init__(self, *a):
        super().__init__(*a)
        self.extra = 1

    def append(self, v):
        super().append(v * 10)


m = ML([1, 2])
m.append(3)
print(m, len(m), m.extra, m[2], isinstance(m, list), sum(m))


class MD(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v * 2)

    def __getitem__(self, k):
        return super().__getitem__(k) + 1

    def __delitem__(self, k):
        print('del', k)
        super().__delitem__(k)


md = MD()
md['a'] = 1
print(md['a'], len(md), list(md.keys()), 'a' in md, md.get('a'))
del md['a']
print(len(md))


class MS(str):
    def shout(self):
        return self.upper() + '!'


s = MS('hi')
print(s.shout(), s + 'x', len(s), s == 'hi', isinstance(s, str), s[0], s.__len__())


class MI(int):
    def double(self):
        return self * 2


i = MI(21)
print(i.double(), i + 1, i == 21, hash(i) == hash(21), str(i), [0, 1, 2][MI(1)])


class MT(tuple):
    def total(self):
        return sum(self)


mt = MT((1, 2, 3))
print(mt, mt.total(), len(mt), isinstance(mt, tuple), mt.__getitem__(1))


class Counter(dict):
    def __missing__(self, k):
        return 0


c = Counter(a=1)
print(c['a'], c['zz'], 'zz' in c)


class DefaultList(dict):
    def __missing__(self, k):
        self[k] = []
        return self[k]


dl = DefaultList()
dl['x'].append(1)
dl['x'].append(2)
print(dl['x'], len(dl))


class NoMissing(dict):
    pass


t(lambda: NoMissing()['q'])
