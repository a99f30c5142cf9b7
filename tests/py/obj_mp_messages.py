# Error messages and reprs worded the MicroPython way. Expected output:
# obj_mp_messages.exp, made on the MicroPython 1.27 WebAssembly port (byte
# for byte). Most lines are MicroPython differences from CPython: CPython
# raises the same exception type with other words (for '{:+c}' only with a
# capital S) and prints object() as <object object at ...>; the others
# (ord("ab"), hash(H3()), list.append([], 1), ...) are controls where both
# agree. Built-in methods read through their type (dict.get(1, 2)) used to
# crash Mica: they check their first argument now.
def t(src):
    try:
        r = eval(src)
        out = 'OK ' + repr(r)
    except Exception as e:
        out = type(e).__name__ + ': ' + str(e)
    print(src, '=>', out)


class C:
    def __init__(self):
        return 5


class H:
    def __hash__(self):
        return 'a'


class H2:
    def __hash__(self):
        return 1.5


class H3:
    def __hash__(self):
        return 2 ** 100


class Q:
    def __eq__(self, o):
        return True


class P:
    @property
    def p(self):
        return 1

    @property
    def q(self):
        return 1

    @q.setter
    def q(self, v):
        pass


pp = P()
for s in [
        # hashing
        'hash([])', 'hash({})', 'hash(set())', 'hash(bytearray())', 'hash(memoryview(b""))',
        '{[]: 1}', '{[1]}', 'hash(Q())', 'hash(H())', 'hash(H2())', 'hash(H3()) == hash(2 ** 100)',
        # ord
        'ord(5)', 'ord(None)', 'ord(1.5)', 'ord([])', 'ord("ab")', 'ord("")', 'ord(b"")',
        # object
        'object()', 'str(object())', '[object()]',
        # keyword arguments builtins do not take
        'sorted([], x=1)', 'sorted([], key=1, reverse=1, x=1)', 'print(x=1)',
        '"abc".splitlines(x=1)',
        # too many arguments
        'str(1, 2, 3, 4)', '"a".split(",", 1, 2)', '"a".encode("utf8", "strict", 3)',
        '"abc".splitlines(1, 2)',
        # bytes methods given a str or a non-buffer object
        'b"a".split("a")', 'b"a".replace("a", "b")', 'bytearray(b"a").find("a")',
        'b"a".rstrip("a")', 'b"a".split(1)', 'b"a".strip(1)', 'b"a".partition(1)',
        'b"a".startswith(1)', 'b"a".index(bytearray(b"a"))',
        # start/end arguments of str/bytes methods
        '"a".count("", "x")', '"a".find("", "x")', '"a".index("", 0, "x")',
        '"a".startswith("", "x")', '"a".endswith("a", None, "x")', 'b"a".count(b"", "x")',
        '"a".rfind("a", 1.5)',
        # format specs
        '"{:q}".format(1)', '"{:Q}".format(1.5)', '"{:q}".format("s")', '"{:>5z}".format(1)',
        '"{:.2q}".format(1)', '"{:s}".format(1)', '"{:d}".format("s")', '"{:d}".format(1.5)',
        '"{:x}".format(1.5)', '"{:f}".format("s")', '"{:c}".format(1.5)', '"{:%}".format("s")',
        '"{:+s}".format("a")', '"{: s}".format("a")', '"{:=s}".format("a")', '"{:+c}".format(65)',
        '"{:,_}".format(1)', '"{:_,}".format(1)', '"{:<<<}".format(1)',
        # printf-style
        '"%c" % 1.5', '"%c" % None', '"%c" % "ab"',
        # complex()
        'complex(1, "a")', 'complex(1j, "a")', 'complex(1, [])', 'complex(1, None)', 'complex([])',
        # modules
        '__import__("sys").nope', '__import__("math").nope',
        # classes
        'C()', 'setattr(pp, "p", 1)', 'delattr(pp, "p")', 'delattr(pp, "q")',
        'setattr(int, "x", 1)', 'setattr(list, "append", 1)', 'delattr(C, "x")',
        'delattr(pp, "x")', 'setattr(None, "x", 1)',
        # built-in methods read through their type check their first argument
        'str.join(1, [])', 'str.upper(1)', 'str.split(1)', 'list.append(1, 2)', 'list.pop(1)',
        'dict.get(1, 2)', 'dict.keys(1)', 'bytes.decode(1)', 'set.add(1, 2)',
        'int.to_bytes("a", 1, "big")', 'str.format(1)', 'tuple.index(1, 2)',
        'str.count(b"a", "a")', 'bytes.count("a", b"a")', 'list.append([], 1)',
        'str.join(",", "ab")', 'list(map(str.upper, ["a"]))', 'dict.get({1: 2}, 1)',
        'tuple.index((5, 6), 6)', 'int.to_bytes(1, 1, "big")']:
    t(s)
