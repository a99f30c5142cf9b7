# str/bytes/bytearray methods added for issue 4: translate, maketrans,
# casefold, is* predicates, format_map, removeprefix/removesuffix

def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

def show_type(f):
    # only the exception type: MicroPython words these messages differently
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__)

# str.maketrans: 1, 2 or 3 arguments
t = str.maketrans('abc', 'xyz')
print(sorted(t.items()))
t = str.maketrans('ab', 'AB', 'z')
print(sorted(t.items(), key=lambda kv: kv[0]))
t = str.maketrans({'a': 'AA', 98: None, 'c': 100})
print(sorted(t.items(), key=lambda kv: kv[0]))
show(lambda: str.maketrans('ab', 'a'))
show(lambda: str.maketrans({'ab': 1}))
show(lambda: "".maketrans('x', 'y'))

# str.translate
print('hello world'.translate(str.maketrans('lo', '01')))
print('hello world'.translate(str.maketrans('', '', 'lo')))
print('abc'.translate({97: 'xyz', 98: None, 99: 65}))
print('abc'.translate({}))
print('abc'.translate([None, 'q'] * 60))
print('aé€b'.translate({ord('é'): 'e', ord('€'): 'EUR'}))
show(lambda: 'abc'.translate({97: 1.5}))
show(lambda: 'abc'.translate({97: -1}))

class Upper:
    def __getitem__(self, c):
        if c == ord('z'):
            raise IndexError
        return chr(c).upper()
print('hazy'.translate(Upper()))

# bytes.maketrans / translate
tb = bytes.maketrans(b'abc', b'xyz')
print(len(tb), tb[97:100], tb[:3])
print(b'aabbcc'.translate(tb))
print(b'aabbcc'.translate(None, b'b'))
print(b'aabbcc'.translate(tb, b'a'))
print(b'aabbcc'.translate(tb, delete=b'c'))
print(bytearray(b'abc').translate(tb))
print(bytearray.maketrans(b'a', b'b')[97])
show(lambda: bytes.maketrans(b'ab', b'a'))
show(lambda: b'abc'.translate(b'short'))

# casefold and the predicates
print('HeLLo'.casefold(), 'ABC'.casefold())
for s in ['', 'abc', 'ABC', 'aBc', 'Abc', 'Hello World', 'Hello world', 'HELLO',
          'Hi There 2', '123', 'a1', '_x', '1x', 'x_1', 'class', 'a b', 'a-b',
          ' ', '\t', 'ab\n', '\x7f', 'tab\tbed', 'élan', 'Ab Cd', 'AbC']:
    print(repr(s), s.isascii(), s.istitle(), s.isidentifier(), s.isprintable(),
          s.isdecimal(), s.isnumeric())
for b in [b'', b'abc', b'Abc', b'Ab Cd', b'AB', b'\x80', b'x\xff']:
    print(b, b.isascii(), b.istitle(), bytearray(b).isascii(), bytearray(b).istitle())

# removeprefix / removesuffix
for s in ['prefix_body_suffix', 'prefix', 'suffix', '', 'pre']:
    print(repr(s.removeprefix('prefix')), repr(s.removesuffix('suffix')),
          repr(s.removeprefix('')), repr(s.removesuffix('')))
print(b'abcdef'.removeprefix(b'ab'), b'abcdef'.removesuffix(b'ef'), b'abc'.removeprefix(b'x'))
ba = bytearray(b'abcdef')
r = ba.removeprefix(b'zz')
print(r, r is ba, ba.removesuffix(b'def'))
show_type(lambda: 'abc'.removeprefix(b'a'))
show_type(lambda: b'abc'.removeprefix('a'))

# format_map
print('{a}-{b}'.format_map({'a': 1, 'b': 'two'}))
print('{x:>5}|{y!r}'.format_map({'x': 3, 'y': 'q'}))
class Mapping:
    def __getitem__(self, k):
        return k * 2
print('{ab} {c}'.format_map(Mapping()))
show_type(lambda: '{a}'.format_map({}))  # MicroPython's str(KeyError) has no quotes
show(lambda: '{0}'.format_map({}))
