# %-formatting errors in MicroPython's wording. The expected output
# (percent_mp.exp) is this file's stdout on the stock MicroPython 1.27
# WebAssembly port, byte for byte. CPython raises the same exception types,
# worded "not enough arguments for format string", "not all arguments
# converted during string formatting", "%c requires int or char", "format
# requires a mapping" and "%x format: an integer is required, not float".
cases = [('%s %s', (1,)), ('%s', ()), ('%s', (1, 2)), ('%d %d', [1, 2]),
         ('%c', ('ab',)), ('%c', ('',)), ('%(a)s', ([1],)), ('%(a)s', (1,)),
         ('%x', (3.5,)), ('%X', (-2.0,)), ('%o', (8.0,)), ('%d', (3.7,)), ('%x', (True,)),
         ('%s %(a)s', {'a': 1}), ('%z', (1,)), ('%', ()), ('%(a', {'a': 1}),
         ('%*d', (5, 3)), ('%.*f', (2, 3.14159)), ('%-5d|%5s|', (3, 'ab')), ('%c%c', (65, 'b'))]
for fmt, args in cases:
    try:
        print(repr(fmt), repr(fmt % args))
    except Exception as e:
        print(repr(fmt), type(e).__name__, e)
for fmt, args in [(b'%s %s', (b'x',)), (b'%s', (b'x', b'y')), (b'%x', (2.5,)), (b'%c', (b'ab',))]:
    try:
        print(repr(fmt), repr(fmt % args))
    except Exception as e:
        print(repr(fmt), type(e).__name__, e)
