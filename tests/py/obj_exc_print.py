# How exceptions print in str(), repr() and sys.print_exception, MicroPython
# style. Expected output: obj_exc_print.exp, made on the MicroPython 1.27
# WebAssembly port (byte for byte). MicroPython differences it pins (CPython
# has no sys.print_exception at all): "Name: " with colon and space even
# without arguments; OSError(2) is "[Errno 2] ENOENT" and OSError(2, 'x')
# "[Errno 2] ENOENT: x" (only for the numbers the errno module names, and
# only with one or two arguments); the repr of one argument keeps the tuple
# comma (E(1,)); print_exception ignores a user __str__ ("S: 1") and prints
# a user __repr__ alone; a non-exception prints as its repr. Port-specific
# and kept: the wasm port names the file "/run/obj_exc_print.py" in the one
# traceback, Mica prints the path as given.
import sys


def pe(e):
    sys.print_exception(e, sys.stdout)
    print('  str=%r repr=%r' % (str(e), repr(e)))


cases = [Exception(), Exception(''), Exception(1), Exception(1, 2), Exception(None),
         Exception('a', 'b'), OSError(2), OSError(2, 'x'), OSError(2, 'x', 'y'), OSError('x'),
         OSError(99999), OSError(2, 3), OSError(-1), OSError(True), OSError(), OSError(2, ''),
         OSError(13, 'x'), OSError(110), OSError(11), OSError('x', 'y'), OSError(2, None),
         OSError(2, (1,)), OSError(28, 'x'), OSError(-2, 'x'), OSError(True, 'x'),
         OSError('2', 'x'), OSError(2 ** 40, 'x'), OSError(2.0, 'x'),
         KeyError(), KeyError('k'), KeyError(1, 2), KeyError(''), StopIteration(),
         StopIteration(1), ValueError(()), ValueError([1]), ValueError((1,)), SystemExit(),
         MemoryError(), Exception(Exception('x')), Exception('a\nb'), Exception("it's")]
# every errno the errno module names, and some it does not (ENOTDIR=20,
# ENOSPC=28, ...), which print as plain numbers
for n in [1, 2, 3, 4, 5, 6, 7, 9, 11, 12, 13, 16, 17, 19, 20, 21, 22, 23, 28, 32, 95, 98,
          103, 104, 105, 106, 107, 110, 111, 112, 113, 114, 115, 116]:
    cases.append(OSError(n))
for c in cases:
    pe(c)


class A(Exception):
    pass


class S(Exception):
    def __str__(self):
        return 'S!'


class R(Exception):
    def __repr__(self):
        return 'R!'


class SR(Exception):
    def __str__(self):
        return 'str-SR'

    def __repr__(self):
        return 'repr-SR'


class E(Exception):
    def __str__(self):
        return ''


class O(OSError):
    pass


class I(Exception):
    def __init__(self, x):
        self.x = x


class I2(Exception):
    def __init__(self, x):
        super().__init__(x, 'extra')


for c in [A(), A(1), A(1, 2), S(), S(1), R(), R(1), SR(), SR(1), E(), E(5), O(2), O(2, 'x'),
          O('x'), O(13, 'y'), I(3), I2(3)]:
    pe(c)
try:
    raise R(1)
except Exception as e:
    sys.print_exception(e, sys.stdout)


class NE:
    def __repr__(self):
        return 'NE-repr'


class L2(list):
    pass


for c in [NE(), 5, 'abc', None, b'x', L2([1, 'a']), (1, 'b')]:
    sys.print_exception(c, sys.stdout)
sys.print_exception(Exception(ValueError('z')), sys.stdout)
