# sys.print_exception and exception reprs. MicroPython difference: CPython
# has no sys.print_exception, and MicroPython keeps the tuple comma in the
# repr of a one-argument exception (KeyError('k',)), prints str(KeyError)
# without quotes and gives OSError(2) the message "[Errno 2] ENOENT".
# A traceback lists File/line/function per frame, without source lines;
# an exception raised in an except or finally block shows only its own
# frames (no chaining). Expected output: obj_traceback.exp.
# Evidence (gaps round): this file was run on the stock MicroPython 1.27
# WebAssembly port. Port-specific and kept: the wasm port names the file
# "/run/obj_traceback.py" (it imports the module from /run), the unix port
# and Mica print the path as given on the command line; everything else in
# obj_traceback.exp is the wasm output byte for byte. MicroPython-specific
# lines it pins: print_exception(OSError(2, 'msg')) is
# "OSError: [Errno 2] ENOENT: msg" and str(OSError(2, 'x')) is
# "[Errno 2] ENOENT: x"; an exception without arguments prints
# "Exception: " (colon and space); print_exception ignores a user __str__
# ("MyErr: 1"). A class with a user __repr__ prints only that, without
# the class name, and OSError numbers that MicroPython's errno module does
# not name (ENOTDIR, ENOSPC) print as plain numbers: both are covered by
# obj_exc_print.py (also made on the wasm port, the same way: its output
# with the /run/ prefix of file names removed).
import sys
import io


def a():
    b()


def b():
    raise ValueError('deep')


try:
    a()
except ValueError as e:
    sys.print_exception(e)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise KeyError('in except')
except KeyError as e:
    sys.print_exception(e)
try:
    try:
        1 / 0
    finally:
        undefined_x
except NameError as e:
    sys.print_exception(e)
sys.print_exception(ValueError('never raised'))
s = io.StringIO()
sys.print_exception(ValueError(1, 2), s)
print(repr(s.getvalue()))
sys.print_exception(SystemExit(2))
sys.print_exception(OSError(2))
sys.print_exception(OSError(2, 'msg'))
sys.print_exception(KeyError('k'))
sys.print_exception(Exception())


class C:
    def m(self):
        raise TypeError


try:
    C().m()
except TypeError as e:
    sys.print_exception(e, sys.stdout)
f = lambda: [][0]
try:
    f()
except IndexError as e:
    sys.print_exception(e)


def g():
    yield 1 / 0


try:
    list(g())
except Exception as e:
    sys.print_exception(e)
try:
    eval('1/0')
except Exception as e:
    sys.print_exception(e)
try:
    exec('def q():\n  raise OSError(2)\nq()')
except Exception as e:
    sys.print_exception(e)


class MyErr(Exception):
    def __str__(self):
        return 'mine'


try:
    raise MyErr(1)
except MyErr as e:
    sys.print_exception(e)
print(repr(Exception('a')), repr(Exception('a', 2)), repr(Exception()), repr(KeyError('k')))
print(str(KeyError('k')), str(OSError(2)), str(OSError(2, 'x')))
print(repr(MyErr(1)), repr(ValueError('')))
