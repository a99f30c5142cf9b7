# Special methods and descriptors: property getter/setter/deleter,
# user descriptors read through instances and classes, __set_name__,
# __init_subclass__, __hash__ = None, __index__, reflected comparisons,
# __call__, truthiness, iteration fallbacks, __contains__, __reversed__,
# context managers, metaclasses derived from type.
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__)


class P:
    def __init__(self):
        self._x = 0

    @property
    def x(self):
        "a docstring is ignored"
        return self._x

    @x.setter
    def x(self, v):
        self._x = v

    @x.deleter
    def x(self):
        print('deleting')
        self._x = None


p = P()
p.x = 5
print(p.x)
del p.x
print(p.x)
print(type(P.x).__name__)


class RO:
    @property
    def ro(self):
        return 1


def set_ro():
    RO().ro = 2


def del_ro():
    del RO().ro


t(set_ro)
t(del_ro)


class Desc:
    def __set_name__(self, owner, name):
        print('set_name', owner.__name__, name)
        self.name = name

    def __get__(self, obj, objtype=None):
        return (self.name, obj is None, objtype.__name__)

    def __set__(self, obj, v):
        print('set', self.name, v)

    def __delete__(self, obj):
        print('delete', self.name)


class HasDesc:
    d = Desc()
    e = Desc()


h = HasDesc()
print(h.d, HasDesc.d, HasDesc.e)
h.d = 3
del h.e


class Base:
    seen = []

    def __init_subclass__(cls):
        Base.seen.append(cls.__name__)


class S1(Base):
    pass


class S2(S1):
    pass


print(Base.seen)


class NoHash:
    __hash__ = None


t(lambda: hash(NoHash()))
t(lambda: {NoHash(): 1})


class H:
    def __init__(self, v):
        self.v = v

    def __eq__(self, o):
        return isinstance(o, H) and self.v == o.v

    def __hash__(self):
        return hash(self.v)


print(H(1) == H(1), H(1) != H(2), H(1) in [H(1)], len({H(1), H(1), H(2)}), {H(3): 'h'}[H(3)])


class I:
    def __index__(self):
        return 2


print([10, 20, 30][I()], bin(I()), hex(I()), oct(I()))
print(list(range(I())), [0, 1, 2, 3][I():], (1, 2, 3)[:I()])


class SubInt(int):
    pass


print([5, 6, 7][SubInt(1)], list(range(SubInt(3))))


class Lt:
    def __init__(self, v):
        self.v = v

    def __lt__(self, o):
        return self.v < o.v


print(Lt(1) < Lt(2), Lt(2) > Lt(1), Lt(1) > Lt(2))
print(max(Lt(1), Lt(4), Lt(2)).v, min([Lt(3), Lt(0)]).v, sorted([Lt(3), Lt(1), Lt(2)])[0].v)


class Ge:
    def __ge__(self, o):
        return 'ge'


print(1 <= Ge())


class Call:
    def __call__(self, *a, **k):
        return a, sorted(k.items())


print(Call()(1, 2, z=3), callable(Call()), callable(P()))


class F:
    def __bool__(self):
        return False


class L0:
    def __len__(self):
        return 0


class L3:
    def __len__(self):
        return 3


print(bool(F()), bool(L0()), bool(L3()), not F(), 'y' if L3() else 'n', len(L3()))


class It:
    def __init__(self):
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.i += 1
        if self.i > 3:
            raise StopIteration
        return self.i


print(list(It()), 2 in It(), 5 in It(), sum(It()), sorted(It(), reverse=True))
a, b, c = It()
print(a, b, c)


class G:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError
        return i * 10


print(list(G()), 20 in G(), 5 in G())


class Ct:
    def __contains__(self, x):
        return x == 'k'


print('k' in Ct(), 'j' in Ct(), 'j' not in Ct())


class Rv:
    def __reversed__(self):
        return iter([3, 2, 1])


print(list(reversed(Rv())))


class Ctx:
    def __init__(self, swallow):
        self.swallow = swallow

    def __enter__(self):
        print('enter')
        return 'v'

    def __exit__(self, et, ev, tb):
        print('exit', et.__name__ if et else None, ev.args if ev else None)
        return self.swallow


with Ctx(True) as v:
    print(v)
    raise ValueError('boom')
try:
    with Ctx(False):
        raise KeyError('k')
except KeyError:
    print('propagated')


class GA:
    def __getattr__(self, n):
        return 'ga_' + n


g = GA()
g.real = 1
print(g.real, g.foo)


class Meta(type):
    def __new__(mcs, name, bases, ns):
        ns['made_by'] = mcs.__name__
        return super().__new__(mcs, name, bases, ns)

    def __call__(cls, *a):
        print('meta call', a)
        return super().__call__(*a)

    def hello(cls):
        return 'hello ' + cls.__name__


class WithMeta(metaclass=Meta):
    def __init__(self, v):
        self.v = v


print(WithMeta.made_by, WithMeta.hello(), type(WithMeta).__name__)
w = WithMeta(3)
print(w.v, isinstance(w, WithMeta), isinstance(WithMeta, Meta), isinstance(WithMeta, type))


class Derived(WithMeta):
    pass


print(type(Derived).__name__, Derived(4).v, isinstance(Derived(5), WithMeta), issubclass(Derived, WithMeta))


class M2(type):
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        cls.registered = name


class C2(metaclass=M2):
    pass


print(C2.registered, type(C2()).__name__)


class NE:
    def __init__(self):
        self.calls = 0

    def __ne__(self, o):
        self.calls += 1
        return False


ne = NE()
print(ne != 1, ne != NE(), ne.calls)


class NoInit:
    pass


t(lambda: NoInit(1))
t(lambda: NoInit(k=1))
print(type(NoInit()).__name__)


class StrHash:
    def __hash__(self):
        return 'x'


t(lambda: hash(StrHash()))


class BigHash:
    def __hash__(self):
        return 2 ** 70


print(hash(BigHash()) == hash(BigHash()))


class SetA:
    def __setattr__(self, k, v):
        print('setattr', k, v)
        object.__setattr__(self, k, v * 2)

    def __delattr__(self, k):
        print('delattr', k)
        object.__delattr__(self, k)


s = SetA()
s.a = 2
print(s.a)
del s.a
print(hasattr(s, 'a'))


class Singleton:
    _inst = None

    def __new__(cls):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst


print(Singleton() is Singleton())


class NewOther:
    def __new__(cls):
        return 42


print(NewOther())


class PBase:
    @property
    def p(self):
        return 'base'


class PDer(PBase):
    @property
    def p(self):
        return 'der+' + super().p


print(PDer().p)


class Mul:
    def __mul__(self, o):
        return 'mul'
    __rmul__ = __mul__


print(Mul() * 2, 2 * Mul())


class Radd:
    def __radd__(self, o):
        return 'radd'


class Ladd:
    def __add__(self, o):
        return NotImplemented


print(Ladd() + Radd())


class PA:
    def g(self):
        return 1

    def s(self, v):
        print('set', v)

    p = property(g, s, None, 'doc')
    q = property(fget=g)


print(PA.p.fget is PA.g, PA.p.fset is PA.s, PA.p.fdel, PA.q.fset)
pa = PA()
pa.p = 3
print(pa.p, pa.q)


class PB(PA):
    p = PA.p.setter(lambda self, v: print('new setter', v))


pb = PB()
pb.p = 5
print(pb.p)


class SC:
    @staticmethod
    def s(x):
        return x * 2

    @classmethod
    def c(cls):
        return cls.__name__


print(SC.__dict__['s'].__func__(4), SC.__dict__['c'].__func__(SC), staticmethod(len).__func__ is len)


class EqOnly:
    def __eq__(self, o):
        return True


class EqAndHash(EqOnly):
    def __hash__(self):
        return 7


class Plain:
    pass


t(lambda: hash(EqOnly()))
print(hash(EqAndHash()), hash(Plain()) == hash(Plain()) or True, EqOnly() == 1)


# which class attributes bind self: functions, lambdas, closures and
# generator functions do; builtins, types, callable instances and bound
# methods do not
class Callable:
    def __init__(self, v):
        self.v = v

    def __call__(self, arg):
        return 'Callable.__call__', self.v, arg

    def foo(self, arg):
        return 'Callable.foo', self.v, arg


def make_closure(tag):
    def closure(self, y):
        return tag, y
    return closure


def ext(self, x=0):
    return ('ext', x)


class Binds:
    def f1(self, arg):
        return 'f1', arg
    f2 = lambda self, arg: ('f2', arg)
    f3 = make_closure('f3')

    def f4(self, arg):
        yield arg
    f5 = int
    f6 = abs
    f7 = Callable
    f8 = Callable(8)
    f9 = Callable(9).foo
    f10 = ext
    f11 = len


b = Binds()
print(b.f1(1), b.f2(2), b.f3(3), list(b.f4(4)), b.f5('5'), b.f6(-6), b.f7(7).v, b.f8(8), b.f9(9),
      b.f10(10), b.f11('abc'))
b.f1 = lambda: 'instance attr wins'
print(b.f1(), Binds().f1(0))
del b.f1
print(b.f1(1))


# __set_name__ hooks that change the class dict while the hooks run
class Adder:
    def __set_name__(self, owner, name):
        print('set_name', name)
        for i in range(20):
            setattr(owner, 'extra%d' % i, i)


class Deleter:
    def __set_name__(self, owner, name):
        print('deleter', name)
        delattr(owner, 'b')


class Hazard:
    a = Adder()
    b = Deleter()


print(Hazard.extra19, hasattr(Hazard, 'b'))


# special methods assigned to a class after it was made
class Late:
    pass


print(callable(Late()))
Late.__call__ = lambda self: 'called late'
print(callable(Late()), Late()())


class LateDesc:
    def __get__(self, obj, objtype=None):
        return 'got'

    def __set__(self, obj, v):
        print('set', v)


Late.d = LateDesc()
late = Late()
late.d = 5
print(late.d)


def late_setattr(self, k, v):
    print('setattr hook', k)
    object.__setattr__(self, k, v)


Late.__setattr__ = late_setattr
late.z = 1
print(late.z)


# __init_subclass__ chained through super(), and as an explicit classmethod
class RegBase:
    registry = []
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        RegBase.registry.append(cls.__name__)
class RA(RegBase): pass
class RB(RA): pass
print(RegBase.registry)
class Plugin:
    @classmethod
    def __init_subclass__(cls):
        cls.tag = cls.__name__ + '!'
class P1(Plugin): pass
print(P1.tag, hasattr(Plugin, 'tag'))
