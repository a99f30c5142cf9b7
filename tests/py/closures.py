def make_counters():
    fns = []
    for i in range(3):
        def f(i=i):
            return i
        fns.append(f)
    total = 0
    def add(n):
        nonlocal total
        total += n
        return total
    return fns, add

fns, add = make_counters()
print([f() for f in fns], add(3), add(4))

def outer():
    x = 1
    def mid():
        def inner():
            return x
        return inner
    x = 2
    return mid()()
print(outer())

def kw(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))
print(kw(1, c=3))
print(kw(1, 2, 3, 4, c=5, e=6, f=7))
print(kw(*[1, 2], **{"c": 9, "z": 0}))
g = lambda *a, **k: (a, sorted(k))
print(g(1, 2, x=3))
counter = 0
def glob():
    global counter
    counter += 1
glob(); glob()
print(counter)
print((lambda: [lambda: j for j in range(3)])()[1]())
