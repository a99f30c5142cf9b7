def gen(n):
    for i in range(n):
        got = yield i
        if got:
            print("got", got)
    return "done"

g = gen(3)
print(next(g))
print(g.send("hello"))
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("stop", e.args)

def deleg():
    r = yield from gen(2)
    print("delegated result", r)
    yield 99

print(list(deleg()))

def closer():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")

c = closer()
print(next(c))
c.close()

def thrower():
    while True:
        try:
            yield
        except ValueError as e:
            print("caught in gen", e)

t = thrower()
next(t)
t.throw(ValueError("boom"))
print(sum(x * x for x in range(10)))
print([(a, b) for a in range(3) for b in range(a)])
