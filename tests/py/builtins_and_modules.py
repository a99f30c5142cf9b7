# builtins and the built-in modules of modules-cli (output identical to CPython)
import io, json, struct, sys
from collections import namedtuple, OrderedDict, deque

# builtins
print(divmod(-7, 2), divmod(2 ** 65, -3), pow(3, 200, 7), pow(-3, 5, 7), pow(2 ** 70, 2 ** 65 + 1, 10 ** 9 + 7))
print(round(2.5), round(-3.5), round(12345, -2), round(1.23456, 3), hex(2 ** 70), oct(-8), bin(5))
print(min(3, 1, 2, key=lambda x: -x), max([], default=5), sum([1, 2], 10), sorted("bca", reverse=True))
_it = iter([1, 2, 3])
print(list(iter(lambda: next(_it), 3)), isinstance(1, (str, (int, float))), issubclass(int, (str, int)))
print(ord("€"), chr(8364), eval("x * 2", {"x": 21}), eval(" 5 # comment"))
g = {}
exec("a = 1\nb = a + 1", g)
loc = {}
exec("c = 5", g, loc)
print(g["a"], g["b"], loc, "c" in g, eval(compile("3 * 4", "<s>", "eval")))
class A:
    pass
a = A()
setattr(a, "q", 4)
print(a.q, getattr(a, "nope", None), hasattr(a, "q"))
delattr(a, "q")
print(hasattr(a, "q"), callable(len), callable(3))
class W:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
w = W()
print("a", 1, sep="-", end="!\n", file=w)
print("".join(w.parts), end="")
print(next(iter([]), "dflt"), sorted(dir(A())) == sorted(dir(A())))

# sys
print(sys.stdout.write("abc\n"), type(sys.argv).__name__, sys.byteorder, sys.maxsize == 2 ** 63 - 1)
try:
    sys.exit(3)
except SystemExit as e:
    print("SystemExit", e.args)

# io
s = io.StringIO()
s.write("hello ")
print("world", file=s)
print(repr(s.getvalue()))
r = io.StringIO("l1\nl2\nl3")
print(repr(r.readline()), repr(r.read(2)), r.readlines())
b = io.BytesIO(b"0123456789")
print(b.read(3), b.seek(5), b.read(2), b.tell())

# json
print(json.dumps([1, 2.5, "s\n\"", None, True, {"k": []}]), json.dumps([1, 2], separators=(",", ":")))
print(json.loads('{"a": [1, -2, 3.5e1, "\\u00e9"], "b": null}')["a"])
for bad in ("[1,]", "{'a': 1}", "tru", ""):
    try:
        json.loads(bad)
    except ValueError:
        print("ValueError", repr(bad))

# struct
print(struct.pack("<hI", -2, 7), struct.unpack(">iH", b"\xff\xff\xff\xfe\x00\x10"), struct.calcsize("<bhiq"))
buf = bytearray(6)
struct.pack_into("<HH", buf, 1, 0xABCD, 2)
print(buf, struct.unpack_from("<H", buf, 3), struct.pack("<Q", 2 ** 64 - 1))

# collections
P = namedtuple("P", "x y")
p = P(1, y=2)
print(p, p.x, p[1], p == (1, 2), isinstance(p, tuple), p._replace(x=5), P._fields if hasattr(P, "_fields") else p._fields)
od = OrderedDict()
od["z"] = 1
od["a"] = 2
print(list(od.items()))
dq = deque([1, 2, 3], 3)
dq.append(4)
dq.appendleft(0)
print(list(dq), dq.pop(), dq.popleft(), len(dq))
