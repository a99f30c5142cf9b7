# VM semantics (vm engineer): handler unwinding, finally with return/break/
# continue, with-statements, generators and argument binding. Output must
# match CPython exactly, so no error-message texts are printed.

log = []


def fin_return():
    try:
        return "try"
    finally:
        log.append("fin")


def fin_override():
    try:
        return 1
    finally:
        return 2


def fin_swallow():
    try:
        raise ValueError
    finally:
        return "swallowed"


def nested_fin():
    out = []
    try:
        try:
            out.append(1)
            return out
        finally:
            out.append(2)
    finally:
        out.append(3)


def loop_unwind():
    out = []
    for i in range(6):
        try:
            try:
                if i == 1:
                    continue
                if i == 4:
                    break
                out.append(i)
            finally:
                out.append("in%d" % i)
        finally:
            out.append("out%d" % i)
    else:
        out.append("else")
    return out


def break_in_finally():
    out = []
    for i in range(3):
        try:
            raise KeyError(i)
        finally:
            out.append(i)
            break
    return out


def continue_in_except():
    out = []
    for i in range(4):
        try:
            if i % 2:
                raise ValueError(i)
            out.append(i)
        except ValueError as e:
            out.append(-e.args[0])
            continue
        out.append("after")
    return out


def reraise():
    try:
        try:
            raise ValueError("inner")
        except ValueError:
            raise
    except ValueError as e:
        return e.args


def reraise_after_nested():
    try:
        try:
            raise KeyError("a")
        except KeyError:
            try:
                raise IndexError("b")
            except IndexError:
                pass
            raise
    except KeyError as e:
        return "outer got " + e.args[0]


class CM:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow

    def __enter__(self):
        log.append("enter " + self.name)
        return self.name

    def __exit__(self, t, v, tb):
        log.append("exit %s %s" % (self.name, t.__name__ if t else None))
        return self.swallow


def with_flow():
    out = []
    for i in range(4):
        with CM("a%d" % i) as a, CM("b%d" % i, swallow=True) as b:
            if i == 1:
                continue
            if i == 2:
                raise ValueError
            if i == 3:
                return out
            out.append(a + b)
    return "unreachable"


def gen_basic():
    x = yield 1
    y = yield x * 2
    return x + y


def delegator():
    r = yield from gen_basic()
    yield "result %d" % r


def catcher():
    n = 0
    while True:
        try:
            yield n
        except ValueError:
            n += 10
        finally:
            log.append("gen fin %d" % n)


def args(a, b=2, *rest, c, d=4, **kw):
    return a, b, rest, c, d, sorted(kw.items())


def closures():
    fs = []
    for i in range(3):
        def f(j=i):
            return j * 10 + i
        fs.append(f)
    return [f() for f in fs]


def counter():
    n = 0

    def inc(k=1):
        nonlocal n
        n += k
        return n
    return inc


print(fin_return(), log)
print(fin_override(), fin_swallow(), nested_fin())
print(loop_unwind())
print(break_in_finally(), continue_in_except())
print(reraise(), reraise_after_nested())
log.clear()
print(with_flow())
print(log)
g = delegator()
print(next(g), g.send(5), g.send(7))
log.clear()
c = catcher()
print(next(c), c.throw(ValueError), c.send(None))
c.close()
print(log)
print(args(1, c=3), args(1, 2, 3, 4, c=5, z=6, y=7))
print(args(*[1, 2], **{"c": 3, "d": 5}))
print(closures())
inc = counter()
print(inc(), inc(5), inc())
print(list(x * y for x in range(3) for y in range(x)))
print(sorted({k: v for k, v in zip("abc", range(3))}.items()), sorted({x % 3 for x in range(10)}))
a, *b, c = range(6)
print(a, b, c)
print([i for i in range(20) if i % 3 == 0 if i % 2 == 0])
