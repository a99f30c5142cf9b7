# locals() inside a function returns the module's globals dict in MicroPython
# (a function's locals live in VM slots, not in a dict). Established on the
# stock MicroPython 1.27 WebAssembly port: locals_mp.exp is this file's stdout
# there, byte for byte. CPython returns a fresh dict of the function's locals.
# At module level and in a class body locals() is the namespace itself, as in
# CPython.
g = 1

def f(a, b=2):
    c = a + b
    l = locals()
    print(type(l).__name__, l is globals(), 'a' in l, 'c' in l, 'g' in l, 'f' in l)
    return c

f(1)
print(locals() is globals())

def ret():
    return locals()
print(ret() is globals())
print((lambda: locals())() is globals())

def gen():
    yield locals()
print(next(gen()) is globals())

def outer():
    v = 5
    def inner():
        return v, locals()
    return inner()
r = outer()
print(r[0], r[1] is globals())
print([locals() is globals() for _ in range(1)])

class C:
    x = 1
    names = sorted(k for k in locals() if not k.startswith('__'))
    inside = locals() is globals()
print(C.names, C.inside)

def writer():
    d = locals()
    d['made_by_writer'] = 42
writer()
print(made_by_writer)
