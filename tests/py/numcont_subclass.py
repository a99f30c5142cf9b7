# subclasses of the number and container types, __round__/__abs__/sequence protocol (issue 4)
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__)
class MI(int):
    pass
class MF(float):
    pass
class ML(list):
    pass
class MD(dict):
    pass
class MS(set):
    pass
class MT(tuple):
    pass
a = MI(5)
t(lambda: (a + 1, a * 2, a // 2, -a, a == 5, hash(a) == hash(5), int(a), str(a), a.bit_length(), a.to_bytes(2, 'big')))
t(lambda: (a.bit_count(), a.as_integer_ratio()))
b = MF(2.5)
t(lambda: (b + 1, b * 2, b.is_integer(), b.as_integer_ratio(), b.hex(), float(b), round(b)))
l = ML([3, 1, 2])
l.sort()
t(lambda: (l, len(l), l + [4], l[1:], l.index(2), sorted(l, reverse=True)))
d = MD(a=1)
d['b'] = 2
t(lambda: (sorted(d.items()), sorted(d.keys() & {'a'}), len(d), d.get('a')))
t(lambda: sorted((d | {'c': 3}).items()))
s = MS([1, 2])
t(lambda: (sorted(s | {3}), len(s), 1 in s))
tp = MT((1, 2))
t(lambda: (tp + (3,), tp[0], len(tp), tp.count(1), tp.index(2)))
class R:
    def __round__(self, n=None):
        return ('round', n)
    def __abs__(self):
        return 'abs'
    def __len__(self):
        return 2
    def __getitem__(self, i):
        if i > 1:
            raise IndexError
        return i
t(lambda: round(R()))
t(lambda: round(R(), 3))
t(lambda: abs(R()))
t(lambda: list(reversed(R())))
t(lambda: sorted(R()))
t(lambda: sum(R()))
t(lambda: max(R()))
t(lambda: (round(MI(15), -1), round(MF(2.675), 1), round(MF(7.5)), round(MI(3))))
