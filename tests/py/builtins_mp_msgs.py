# Builtin-function errors in MicroPython's wording. The expected output
# (builtins_mp_msgs.exp) is this file's stdout on the stock MicroPython 1.27
# WebAssembly port, byte for byte. CPython raises the same exception types,
# worded "attribute name must be string, not 'int'" and "exec() arg 1 must
# be a string, bytes or code object". Any buffer (bytes, bytearray,
# memoryview) is accepted as source text by exec() and eval().
g = {}
cases = [lambda: exec(5), lambda: eval(5), lambda: eval([1]), lambda: eval(b'1+2'),
         lambda: eval(bytearray(b'3*3')), lambda: exec(bytearray(b'zz = 4'), g),
         lambda: eval(memoryview(b'7')), lambda: getattr(1, 2), lambda: getattr(1, None, 0),
         lambda: setattr(1, 2, 3), lambda: hasattr(1, 2), lambda: delattr(1, 2),
         lambda: divmod(1j, 2), lambda: divmod('a', 'b')]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(g['zz'])
