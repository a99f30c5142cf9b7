# Builtins with CPython semantics: exec/eval/compile with globals and
# locals dicts, globals(), __import__ with a fromlist, print keywords,
# iter(callable, sentinel), next with a default, getattr/setattr/delattr/
# hasattr, isinstance/issubclass with nested tuples, round/pow/divmod,
# format(), type() with 1 and 3 arguments, super() forms.
import sys


def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__)


g = {'a': 1}
exec('b = a + 1\ndef f(): return b * 10', g)
print(g['b'], g['f']())
loc = {}
exec('c = a', g, loc)
print(loc, 'c' in g)
print(eval('a + b', g), eval('[x for x in range(a + 2)]', g))
print(eval('a', {'a': 5}, {'a': 6}))


def fun():
    y = 3
    return eval('y + 1', {}, {'y': 10}) + y


print(fun())
t(lambda: exec('raise ValueError(9)'))
t(lambda: eval('x = 1'))
t(lambda: eval('1 +'))
t(lambda: compile('x', 'f', 'bad'))
code = compile('z = 42', 'f', 'exec')
d = {}
exec(code, d)
print(d['z'], eval(compile('6 * 7', 'f', 'eval')))
exec('print(__name__)')
exec('print(__name__)', {'__name__': 'zz'})
gl = {}
exec('import sys\nq = sys.maxsize > 0\nclass K:\n  v = 3\nr = K.v', gl)
print(gl['q'], gl['r'])
print(globals() is globals(), globals()['__name__'])
xx = 1


def setx():
    global xx
    xx = 2
    return globals()['xx']


print(setx(), xx)

print(__import__('sys') is sys)

print('a', 'b', sep='-', end='!\n')
print('x', 'y', sep='')
print(*[1, 2, 3], sep=', ')
print(1, end=None)
print(2, sep=None)
print('flushed', flush=True)
print(file=sys.stdout)


class W:
    def __init__(self):
        self.parts = []

    def write(self, s):
        self.parts.append(s)


w = W()
print(1, 2, sep='+', end='=', file=w)
print(''.join(w.parts))
print('to stderr', file=sys.stderr)


def counter():
    c = [0]

    def inc():
        c[0] += 1
        return c[0]
    return inc


print(list(iter(counter(), 4)))
it = iter([1, 2])
print(next(it), next(it), next(it, 'end'), next(it, None))
t(lambda: next(it))


class O:
    pass


o = O()
setattr(o, 'q', 9)
print(o.q, getattr(o, 'q'), getattr(o, 'nope', 'dflt'), hasattr(o, 'q'), hasattr(o, 'nope'))
delattr(o, 'q')
print(hasattr(o, 'q'))
t(lambda: getattr(o, 'q'))
t(lambda: delattr(o, 'q'))
t(lambda: getattr(o, 1))
print(getattr(1, 'to_bytes', None) is not None, hasattr([], 'append'))

print(isinstance(1, (str, (float, (int,)))), isinstance('s', ((((str,),),),)), isinstance(1, ()))
print(issubclass(bool, (str, (bool,))), issubclass(O, (int, object)))
t(lambda: isinstance(1, 1))
t(lambda: issubclass(1, int))

print(round(0.5), round(1.5), round(2.5), round(-0.5), round(-1.5), round(7), round(1.25, 1))
print(round(15, -1), round(25, -1), round(12345, -2), type(round(2.5)).__name__, type(round(2.5, 0)).__name__)
t(lambda: round(float('inf')))
t(lambda: round(float('nan')))
print(pow(2, 10), pow(2, -1), pow(3, 4, 5), pow(2, 0.5) > 1.41, pow(3, 200, 7), pow(-3, 3, 7))
t(lambda: pow(3, 3, 0))
t(lambda: pow(3.0, 3, 5))
print(divmod(7, 2), divmod(-7, 2), divmod(7, -2), divmod(-7, -2), divmod(7.5, 2), divmod(2 ** 70, 3))
t(lambda: divmod(1, 0))
print(format(3.14159, '.2f'), format(42), format(42, 'x'), format('s', '>5'), format(7, '05d'))
print(hash(5), hash(True), hash('abc') == hash('abc'), hash((1, 2)) == hash((1, 2)))
t(lambda: hash([]))
t(lambda: hash({}))
print(callable(print), callable(1), callable(O), callable(o), callable(lambda: 0))
print(id(o) == id(o), id(o) != id(O()))

print(type(1).__name__, type('a').__name__, type(type).__name__, type(O()).__name__)
T = type('T', (O,), {'z': 3, 'm': lambda self: 'm!'})
print(T.__name__, T.z, T().m(), isinstance(T(), O))
t(lambda: type(1, 2))


class A:
    def f(self):
        return 'A.f'

    @classmethod
    def c(cls):
        return 'A.c ' + cls.__name__


class B(A):
    def f(self):
        return 'B.f>' + super().f()

    @classmethod
    def c(cls):
        return 'B.c>' + super().c()

    def g(self):
        return super(B, self).f()


print(B().f(), B.c(), B().g(), B().c(), super(B, B()).f())
ob = object()
print(ob == ob, ob != object(), hash(ob) == hash(ob), type(ob).__name__)
t(lambda: setattr(ob, 'x', 1))
print(sum([1, 2, 3], 10), sorted([3, 1, 2], reverse=True), min([], default=9), max([1, 2], key=lambda x: -x))
print(abs(-3), abs(-2.5), all([]), any([]), all([1, 0]), any([0, 1]))
print(chr(65), ord('A'), hex(255), oct(8), bin(5), hex(-255), bin(-1), ord('\u20ac'), chr(0x20ac))
t(lambda: chr(-1))
t(lambda: ord('ab'))

# names stored into the builtins module are seen by every module
import builtins
print(builtins.abs(-1), hasattr(builtins, 'print'), builtins.__name__)
builtins.mica_extra = 5
print(mica_extra)


def use_extra():
    return mica_extra * 2


print(use_extra())
orig_abs = builtins.abs
builtins.abs = lambda x: 'overridden'
print(abs(-3))
builtins.abs = orig_abs
print(abs(-3))
t(lambda: max(1, 2, default=3))
print(min([1, 2], key=lambda x: -x, default=0), max([], key=len, default='d'), min('b', 'a', 'c'))


# print() to a file-like object: one write() per argument, separator, end
class Rec:
    def __init__(self):
        self.data = []
        self.flushed = 0

    def write(self, s):
        self.data.append(s)
        return len(s)

    def flush(self):
        self.flushed += 1


r = Rec()
print('a', 2, [3], file=r, flush=True)
print(file=r, end='E')
print('x', 'y', sep=None, end=None, file=r)
print(r.data, r.flushed)
print('x', file=None)
try:
    print('x', file=1)
except AttributeError:
    print('AttributeError for a file without write')
