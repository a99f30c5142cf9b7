# io.IOBase (a base class for streams written in Python) and io.SEEK_*,
# which MicroPython's io module has (checked on the 1.27 WebAssembly port).
# Compared with CPython: print(file=...) calls write() with str pieces there;
# MicroPython's own IOBase subclasses get bytes chunks instead, so this test
# prints only what the two agree on plus Mica's CPython-style writes.
import io
print(io.SEEK_SET, io.SEEK_CUR, io.SEEK_END)

class Sink(io.IOBase):
    def __init__(self, tag):
        self.tag = tag
        self.parts = []
    def write(self, s):
        self.parts.append(s)
        return len(s)

s = Sink('t')
print(isinstance(s, io.IOBase), type(s).__name__, s.tag, issubclass(Sink, io.IOBase))
print('a', 'b', 3, file=s, sep='-', end='!')
print(s.parts)
b = io.IOBase()
print(type(b).__name__, isinstance(b, io.IOBase), isinstance(io.StringIO(), object))
try:
    b.read()
except AttributeError:
    print('AttributeError')
s2 = io.StringIO('abcdef')
print(s2.seek(2, io.SEEK_SET), s2.read(1), s2.seek(0, io.SEEK_END), s2.read())
