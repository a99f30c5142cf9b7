# Exceptions: args and str of every shape, attributes (StopIteration.value,
# SystemExit.code, OSError.errno), hierarchies, user exceptions with their
# own __init__/__str__, catching by (nested) tuple, re-raise, exceptions in
# generators, finally and with, assert messages, BaseException subclasses
# that `except Exception` does not catch.
import sys

for e in [Exception(), Exception('a'), Exception('a', 2), ValueError(None), IndexError([1]),
          StopIteration(5), StopIteration(), SystemExit(3), SystemExit(), ValueError(1, 'two'),
          ValueError(''), TypeError(3.5)]:
    print(type(e).__name__, '[%s]' % e, e.args, len(e.args))
print(StopIteration(5).value, StopIteration().value, SystemExit(3).code, SystemExit().code)
e = OSError(2, 'nf')
print(e.errno, e.strerror, e.args)


class MyE(Exception):
    def __init__(self, a, b):
        super().__init__(a)
        self.b = b

    def __str__(self):
        return 'MyE<%s,%s>' % (self.args[0], self.b)


try:
    raise MyE(1, 2)
except Exception as ex:
    print(ex, ex.args, ex.b, isinstance(ex, MyE))


class NoSuper(Exception):
    def __init__(self, x):
        self.x = x


n = NoSuper(5)
print(n.args, n.x, str(n))


class TwoArgs(Exception):
    def __init__(self, a, b):
        Exception.__init__(self, a, b)


print(TwoArgs(1, 2).args, str(TwoArgs(1, 2)))


class E3(Exception):
    pass


class E4(E3):
    def __str__(self):
        return 'custom'


print(E3().args, E3(1).args, str(E3('m')), str(E4('x')), E4('x').args)
try:
    raise E4('q')
except E3 as ex:
    print('E3 caught', ex)


class E2(ValueError):
    pass


try:
    raise E2('v')
except (KeyError, IndexError, ValueError) as ex:
    print('caught', type(ex).__name__, isinstance(ex, ValueError))
try:
    try:
        raise E2('nested')
    except (KeyError, (IndexError, ValueError)):
        print('wrong: except does not take nested tuples')
except TypeError:
    print('TypeError for a nested tuple in except')
exc_classes = [TypeError, E2]
try:
    raise E2('w')
except tuple(exc_classes) as ex:
    print('tuple of classes', ex)

print(issubclass(KeyError, LookupError), issubclass(LookupError, Exception),
      issubclass(KeyboardInterrupt, Exception), issubclass(KeyboardInterrupt, BaseException),
      issubclass(SystemExit, Exception), issubclass(GeneratorExit, Exception),
      issubclass(ZeroDivisionError, ArithmeticError), issubclass(OverflowError, ArithmeticError),
      issubclass(StopIteration, Exception), issubclass(NotImplementedError, RuntimeError),
      issubclass(UnicodeError, ValueError), issubclass(IndentationError, SyntaxError),
      issubclass(ImportError, Exception), issubclass(AssertionError, Exception),
      issubclass(EOFError, Exception), issubclass(MemoryError, Exception),
      issubclass(OSError, Exception), issubclass(AttributeError, Exception),
      issubclass(NameError, Exception), issubclass(StopAsyncIteration, Exception))


def f():
    try:
        raise KeyboardInterrupt
    except Exception:
        print('wrong')


try:
    f()
except KeyboardInterrupt:
    print('KeyboardInterrupt passed by except Exception')
try:
    try:
        sys.exit(4)
    except Exception:
        print('wrong')
except SystemExit as se:
    print('SystemExit', se.code, se.args)


class BE(BaseException):
    pass


try:
    try:
        raise BE('b')
    except Exception:
        print('wrong')
except BaseException as ex:
    print('BE ok', ex)

try:
    try:
        raise ValueError('a')
    except ValueError:
        raise
except ValueError as ex:
    print('reraise', ex)


def bare_raise():
    raise


try:
    bare_raise()
except RuntimeError:
    print('RuntimeError for a bare raise')
try:
    raise ValueError('x')
except ValueError as err:
    pass
try:
    err
except NameError:
    print('except target deleted')


def r1():
    raise 5


try:
    r1()
except TypeError:
    print('TypeError raising an int')
try:
    raise TypeError
except TypeError as ex:
    print('class raised', ex.args)

try:
    assert 1 == 2, 'msg %d' % 3
except AssertionError as ex:
    print('assert', ex.args)
try:
    assert False
except AssertionError as ex:
    print('assert0', ex.args)
try:
    assert 0, ('tuple', 1)
except AssertionError as ex:
    print('assert tuple', ex.args)


def gen():
    try:
        yield 1
        yield 2
    finally:
        print('gen finally')


g = gen()
next(g)
g.close()


def gen2():
    yield 1
    raise ValueError('in gen')


try:
    list(gen2())
except ValueError as ex:
    print(ex)


def gen3():
    return 7
    yield


try:
    next(gen3())
except StopIteration as ex:
    print('stop value', ex.value, ex.args)


def gen4():
    try:
        yield 1
    except ValueError as ex:
        yield 'caught ' + str(ex)


g = gen4()
next(g)
print(g.throw(ValueError('v')))
try:
    g.throw(TypeError('tt'))
except TypeError as ex:
    print('throw propagated', ex)

x = None
try:
    try:
        raise ValueError(1)
    finally:
        x = 'fin'
except ValueError:
    print(x)


def ff():
    try:
        return 1
    finally:
        print('ff finally')


print(ff())


def fin_loop():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
        finally:
            print('fin', i)


fin_loop()


def nested():
    try:
        try:
            1 / 0
        finally:
            print('inner finally')
    except ZeroDivisionError:
        print('outer caught')
    else:
        print('no')
    finally:
        print('outer finally')


nested()


class Ctx:
    def __enter__(self):
        return self

    def __exit__(self, et, ev, tb):
        print('exit', et.__name__ if et else None)
        return False


try:
    with Ctx():
        raise IndexError('i')
except IndexError:
    print('with propagated')


def gen_with():
    with Ctx():
        yield 1
        yield 2


g = gen_with()
print(next(g))
g.close()
try:
    try:
        raise ValueError('inner')
    except ValueError:
        raise TypeError('outer')
except TypeError as ex:
    print('raised in except:', ex)
try:
    try:
        raise ValueError('inner')
    finally:
        print('finally runs first')
except ValueError as ex:
    print('then caught', ex)


class MyOSErr(OSError):
    pass


e = MyOSErr(13, 'perm')
print(e.errno, e.strerror, e.args, isinstance(e, OSError))
print(Exception('a') == Exception('a'), ValueError.__name__)

# args can be re-set, through __init__ or by assignment
e = ValueError('a')
e.__init__('b', 'c')
print(e.args)
e.args = ('z',)
print(e.args, str(e))
m = E3(1, 'x')
m.args = ['new']
print(m.args, str(m))
m.extra = 5
print(m.extra)
print(str(KeyError(1, 2)), str(IndexError('i')), str(StopIteration(3)), SystemExit('x').code)
print(BaseException('x').args, Exception(*range(3)).args)
