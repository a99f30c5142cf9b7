# vars(), dir() (sorted), a live instance __dict__, __bases__, __class__,
# __name__/__module__ of classes
class A:
    x = 1
    def __init__(self):
        self.y = 2
    def m(self):
        return 'm'


class B(A):
    z = 3


a = A()
print(vars(a))
print(vars(a) is a.__dict__)
print(sorted(k for k in vars(A) if not k.startswith('__')))
for bad in (1, 'str', None, [1]):
    try:
        vars(bad)
    except TypeError as e:
        print('TypeError', e)
print(type(vars()).__name__, vars() is globals())

# dir() is sorted, with and without an argument
d = dir(B())
print(d == sorted(d), 'x' in d, 'y' in d, 'z' in d, 'm' in d)
d = dir(B)
print(d == sorted(d), 'x' in d, 'y' in d, 'z' in d)
d = dir()
print(d == sorted(d), 'A' in d, 'a' in d)
import sys
print(dir(sys) == sorted(dir(sys)), 'argv' in dir(sys))

# writes through __dict__ are seen by the instance and the other way round
p = A()
p.__dict__['w'] = 4
print(p.w, sorted(p.__dict__))
p.__dict__.update(u=5, v=6)
print(p.u, p.v, sorted(vars(p).items()))
del p.y
print(sorted(p.__dict__), hasattr(p, 'y'))
p.y = 9
print(p.__dict__['y'], p.y)
dd = p.__dict__
dd.clear()
print(hasattr(p, 'w'), hasattr(p, 'u'), len(vars(p)))
for i in range(40):
    setattr(p, 'a%d' % i, i)
print(p.a39, len(p.__dict__), dd is p.__dict__, dd['a7'])
p.__dict__.pop('a0')
print(hasattr(p, 'a0'), getattr(p, 'a1'))
print(p.m())


class Kw:
    def __init__(self, **kw):
        self.__dict__.update(kw)


k = Kw(alpha=1, beta='b')
print(k.alpha, k.beta)

# bases and class attributes
print(A.__bases__, B.__bases__[0] is A, len(B.__bases__), object.__bases__)
print(A.__name__, B.__name__, A.__module__)
print(a.__class__ is A, B().__class__.__name__, type(a) is A)
print(issubclass(B, A), issubclass(A, object), isinstance(a, object))
T = type('T', (B,), {'t': 't'})
print(T.__name__, T.__bases__ == (B,), T().t, T().x, T().y)
E = type('E', (), {})
print(E.__bases__, E.__name__)


# dir() of instances, classes with several bases, and the names every object has
print('__name__' in dir())
import sys
print('version' in dir(sys))
print('append' in dir(list))
class Foo:
    def __init__(self):
        self.x = 1
foo = Foo()
print('__init__' in dir(foo))
print('x' in dir(foo))
class A:
    def a():
        pass
class B(A):
    def b():
        pass
d = dir(B())
print(d.count('a'), d.count('b'))
class C(A):
    def c():
        pass
class D(B, C):
    def d():
        pass
d = dir(D())
print(d.count('a'), d.count('b'), d.count('c'), d.count('d'))
print('__class__' in dir(foo), '__dict__' in dir(foo), '__init__' in dir(Foo))


# assigning __dict__ replaces the attribute dict
class Holder:
    def __init__(self):
        self.x = 1


h = Holder()
nd = {'y': 2, 'z': 3}
h.__dict__ = nd
print(hasattr(h, 'x'), h.y, h.__dict__ is nd)
h.w = 4
print(nd['w'], sorted(vars(h)))
h2 = Holder()
h2.__dict__ = h.__dict__
h2.q = 5
print(h.q, h2.y)
