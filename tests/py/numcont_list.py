# list/tuple methods, slice assignment and deletion, sorted/min/max/sum,
# enumerate/zip/map/filter/reversed (issue 4). Sorts only use keys without
# ties: MicroPython's sort is not stable.
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__)
L = list(range(10))
def sa(sl, v):
    x = list(range(10))
    try:
        x[sl] = v
        print(x)
    except Exception as e:
        print(type(e).__name__)
def sd(sl):
    x = list(range(10))
    del x[sl]
    print(x)
for sl in [slice(2,5), slice(None,None,2), slice(1,8,3), slice(None,None,-1), slice(8,2,-2), slice(5,2), slice(-3,None), slice(100,200), slice(-100,3), slice(None,None,-3), slice(2,2)]:
    sa(sl, ['a','b'])
    sa(sl, [])
    sa(sl, 'xyz')
    sd(sl)
    print(L[sl], tuple(L)[sl], 'abcdefghij'[sl], range(10)[sl])
x = list(range(10)); x[::2] = range(5); print(x)
x = [1,2,3]; x[1:1] = x; print(x)
x = [1,2,3]; x[:] = (i*i for i in range(4)); print(x)
x = [3,1,2]
x.extend((7,8)); print(x); x.insert(-1, 9); print(x); x.insert(100, 5); x.insert(-100, 0); print(x)
t(lambda: x.pop(100))
t(lambda: [].pop())
print(x.pop(), x.pop(0), x.pop(-2), x)
x.remove(7); print(x)
t(lambda: x.remove(42))
print(x.count(1), [1,1,2].count(1), [[1]].count([1]))
t(lambda: [1,2,3].index(4))
y = x.copy(); y.reverse(); print(y, x)
x.clear(); print(x)
print([1,2]*3, 3*[0], [1]*-1, [1,2]+[3], [1,2] < [1,3], [1,2] < [1,2,0], [2] > [1,9], [1,2]==[1,2.0], [] < [0])
z = [1,2]; z *= 2; print(z); z += (5,); print(z)
t(lambda: [1] + (2,))
t(lambda: [1,2,3][5])
t(lambda: [1,2,3][-4])
idx = 1.5
t(lambda: [1,2,3][idx])
a = [5, 3, 8, 1, 9, 2]
print(sorted(a), sorted(a, reverse=True), sorted(a, key=lambda v: -v), sorted('hello'), sorted({3:1, 1:2}))
words = ['pear', 'Apple', 'fig', 'banana', 'kiwi']
print(sorted(words, key=str.lower), sorted(words, key=len, reverse=True), min(words, key=len), max(words, key=len))
t(lambda: sorted([1, 'a']))
t(lambda: min([]))
t(lambda: min([], default=7))
t(lambda: max(3, 1, 2))
t(lambda: max([1,5,2], key=lambda v: -v))
t(lambda: max((), default=None, key=abs))
t(lambda: min(1))
t(lambda: sum([1,2,3], 10))
t(lambda: sum([[1],[2]], []))
t(lambda: sum([0.1]*10))
t(lambda: sum(range(101), start=5))
print((1,2) < (1,2,3), (1,2) == (1,2), (2,) > (1,5), (1,'a') < (1,'b'), () < (0,), (1,2)*2, (1,)+(2,), tuple('ab'), tuple([1]) == (1,))
t(lambda: (1,2) < (1,'a'))
t(lambda: (1,2,3).count(2))
t(lambda: (1,2,3).index(3))
t(lambda: hash((1,2)) == hash((1,2)))
t(lambda: (1,2)[5])
t(lambda: list(enumerate('abc', start=5)))
t(lambda: list(enumerate('abc', -1)))
t(lambda: list(zip([1,2,3], 'ab')))
t(lambda: list(zip()))
t(lambda: list(zip([1], [2], [3])))
t(lambda: list(map(lambda a, b: a + b, [1,2,3], [10,20])))
t(lambda: list(map(pow, [2,3], [3,2], [5,5])))
t(lambda: list(filter(None, [0, 1, '', 'a', None, [], [0]])))
t(lambda: list(filter(lambda v: v > 1, range(5))))
t(lambda: list(reversed([1,2,3])))
t(lambda: list(reversed(range(1, 10, 3))))
t(lambda: list(reversed('abc')))
t(lambda: list(reversed((1,2))))
class S:
    def __len__(self): return 3
    def __getitem__(self, i):
        if i >= 3: raise IndexError
        return i * 10
t(lambda: list(reversed(S())))
t(lambda: list(S()))
t(lambda: reversed(5))
t(lambda: list(reversed(range(0))))
t(lambda: list(zip(*[(1, 'a'), (2, 'b')])))
