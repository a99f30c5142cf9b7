# Metaclasses derived from type: __new__/__init__/__call__/__repr__, properties,
# methods and protocols (__iter__/__len__/__getitem__) of the metaclass seen on
# the class, class attribute stores, metaclass inheritance, a function as
# metaclass, type(name, bases, ns) through a metaclass, exception classes.
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
class Meta(type):
    count = 0
    def __new__(mcs, name, bases, ns):
        Meta.count += 1
        cls = super().__new__(mcs, name, bases, ns)
        cls.tag = name.lower()
        return cls
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        cls.inited = True
    def __repr__(cls):
        return '<Meta class %s>' % cls.__name__
    @property
    def upper_name(cls):
        return cls.__name__.upper()
    def describe(cls):
        return 'desc ' + cls.__name__
    def __iter__(cls):
        return iter(cls.members)
    def __len__(cls):
        return len(cls.members)
    def __getitem__(cls, k):
        return cls.members[k]
class A(metaclass=Meta):
    members = [1, 2, 3]
    def __init__(self, v=0): self.v = v
class B(A):
    members = ['x']
print(Meta.count, A.tag, B.tag, A.inited, B.inited, repr(A), str(B), [A])
print(A.upper_name, A.describe(), B.describe(), type(A) is Meta, type(B) is Meta, A.__class__ is Meta)
a = A(5); b = B(6)
print(type(a) is A, a.__class__ is A, isinstance(a, A), isinstance(b, A), issubclass(B, A), issubclass(B, object), isinstance(b, object))
print(isinstance(A, Meta), isinstance(A, type), issubclass(Meta, type), isinstance(a, Meta))
A.shared = 10
print(a.shared, b.shared, A.shared, B.shared)
B.shared = 20
print(a.shared, b.shared)
t(lambda: list(A))
t(lambda: len(A))
t(lambda: A[1])
t(lambda: A.nope)
t(lambda: a.describe())
class M2(Meta):
    def describe(cls): return 'M2 ' + super().describe()
class C(metaclass=M2):
    members = []
print(type(C).__name__, C.describe(), C.tag, Meta.count, isinstance(C, Meta))
class Single(type):
    _inst = {}
    def __call__(cls, *a, **k):
        if cls not in cls._inst:
            cls._inst[cls] = super().__call__(*a, **k)
        return cls._inst[cls]
class S(metaclass=Single):
    def __init__(self, x): self.x = x
print(S(1) is S(2), S(3).x)
def fn_meta(name, bases, ns):
    ns['by_fn'] = True
    return type(name, bases, ns)
class F(metaclass=fn_meta):
    pass
print(F.by_fn, type(F) is type)
T = Meta('T', (), {'members': [9]})
print(T.tag, list(T), type(T).__name__)
print(sorted(x for x in dir(A) if not x.startswith('_'))[:4])
class WithSuper(metaclass=Meta):
    members = []
    def m(self): return 'ws'
class Sub(WithSuper):
    def m(self): return 'sub+' + super().m()
print(Sub().m())
try:
    raise type('MyErr', (Exception,), {})('boom')
except Exception as e:
    print(type(e).__name__, e)
class EM(type): pass
class MyE(Exception, metaclass=EM): pass
try:
    raise MyE('x')
except MyE as e:
    print('caught MyE', e)


class Plain(type):
    pass


class P(metaclass=Plain):
    pass


print(bool(P), hash(P) == hash(P), P == P, P != Plain, {P: 1}[P], type(P()).__name__)
for f in (lambda: P[0], lambda: len(P)):
    try:
        f()
    except TypeError:
        print('TypeError')
