# list extend/del/insert/slices with huge bounds, self-referencing slice
# assignment, sort with a raising key (issue 4)
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__)
def ext():
    l = [1, 2]
    l.extend(l)
    l += l
    l.extend(range(2))
    l.extend('ab')
    l.extend({9: 0})
    l += (x for x in [7])
    return l
t(ext)
def dl(i):
    l = [1, 2, 3]
    del l[i]
    return l
t(lambda: dl(-1))
t(lambda: dl(3))
t(lambda: dl(-4))
t(lambda: [1] < ['a'])
t(lambda: [1, 'a'] == [1, 'a'])
t(lambda: [1, 2] > [1])
t(lambda: [[1, 2], [1]] < [[1, 2], [0]])
t(lambda: [3, 1, 2].sort(key=lambda v: 1 / (v - 1)))
def raising_key():
    l = [3, 1, 2]
    try:
        l.sort(key=lambda v: 1 / (v - 2))
    except ZeroDivisionError:
        pass
    return sorted(l)
t(raising_key)
t(lambda: [1, 2, 3].insert(2**70, 4))
def ins():
    l = [1, 2, 3]
    l.insert(2**70, 4)
    l.insert(-2**70, 0)
    return l
t(ins)
t(lambda: [1, 2, 3][1:2**70])
t(lambda: [1, 2, 3][-2**70:2])
t(lambda: (1, 2, 3)[::2**70])
t(lambda: 'abc'[2**70:])
t(lambda: list(range(10))[2:-2:3])
t(lambda: [0] * True)
t(lambda: [] * 5)
def mul():
    l = [[]] * 3
    l[0].append(1)
    return l
t(mul)
def nested():
    a = [1, 2, 3, 4, 5]
    a[1:4] = a[::-1]
    return a
t(nested)
def assign_self():
    a = [1, 2, 3]
    a[::-1] = a
    return a
t(assign_self)
def ext_slice_del():
    a = list(range(20))
    del a[::3]
    del a[::-2]
    return a
t(ext_slice_del)
t(lambda: [1, 2, 3].pop(-1))
t(lambda: [1, 2, 3].pop(True))
t(lambda: [1, 2, 3].index(2, True))
t(lambda: list((1, 2)) is not list((1, 2)))
t(lambda: tuple([1, 2]) == (1, 2))
t(lambda: (1,) * 0 == ())
t(lambda: repr(([],)))
t(lambda: repr((1,)))
t(lambda: repr([[]] * 2))
t(lambda: str([1.0, 'a', None, True, b'x', (1,)]))
