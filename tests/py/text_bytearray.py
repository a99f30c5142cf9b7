# bytearray mutation: items, slices (with steps), del, extend/insert/pop/remove/reverse, +=, *=
# (values outside 0..255 are left out: MicroPython truncates them, see README)
def t(label, f):
    try:
        r = f()
        print(label, repr(r))
    except Exception as e:
        print(label, type(e).__name__)

b = bytearray(b'0123456789')
def show(label):
    print(label, b)
b[0] = 65; show('set0')
b[-1] = 66; show('set-1')
def setitem(i, v):
    b[i] = v
t('set_oob', lambda: setitem(10, 1))
t('set_str', lambda: setitem(0, 'a'))
b[1:3] = b'xyz'; show('slice_grow')
b[1:4] = b''; show('slice_del')
b[2:2] = [1, 2, 3]; show('slice_ins_list')
b[:] = b'hello world'; show('slice_all')
b[6:] = bytearray(b'there'); show('slice_tail')
b[::2] = b'ABCDEF'; show('ext_slice')
def setext():
    b[::2] = b'xy'
t('ext_slice_bad', setext)
b[::-1] = b'ZYXWVUTSRQP'; show('rev_slice')
b[1:3] = memoryview(b'mv'); show('slice_mv')
b[0:2] = range(97, 99); show('slice_range')
def setslice(v):
    b[0:2] = v
t('slice_int', lambda: setslice(5))
t('slice_str', lambda: setslice('ab'))
del b[0]; show('del0')
del b[-1]; show('del-1')
del b[1:3]; show('delslice')
del b[::2]; show('delstep')
del b[::-1]; show('delall')
b.extend(b'abc'); show('extend_bytes')
b.extend([100, 101]); show('extend_list')
b.extend(x for x in (102, 103)); show('extend_gen')
b.extend(bytearray(b'h')); show('extend_ba')
b.extend(memoryview(b'i')); show('extend_mv')
b.extend(range(106, 108)); show('extend_range')
t('extend_str', lambda: b.extend('x'))
t('extend_int', lambda: b.extend(5))
b.insert(0, 48); show('ins0')
b.insert(-1, 49); show('ins-1')
b.insert(100, 50); show('ins100')
b.insert(-100, 51); show('ins-100')
t('pop', lambda: b.pop())
t('pop0', lambda: b.pop(0))
t('pop-2', lambda: b.pop(-2))
t('pop_oob', lambda: b.pop(100))
t('pop_empty', lambda: bytearray().pop())
b.remove(100); show('remove')
t('remove_missing', lambda: b.remove(200))
b.reverse(); show('reverse')
b.append(33); show('append')
t('append_str', lambda: b.append('a'))
c = b
b += b'++'; show('iadd'); print(c is b)
def iadd_list():
    global b
    b += [1]
t('iadd_list', iadd_list)
b *= 2; show('imul'); print(c is b)
b *= 0; show('imul0'); print(c is b, len(c))
b = bytearray(b'ab')
t('mul', lambda: b * 3)
t('rmul', lambda: 2 * b)
t('mulneg', lambda: b * -1)
t('add_list', lambda: b + [1])
t('copy', lambda: b.copy())
print(b.copy() is b)
b.clear(); show('clear')
b = bytearray(b'hello')
t('index', lambda: b.index(b'l'))
t('index_int', lambda: b.index(108))
t('count_int', lambda: b.count(108))
t('find_int', lambda: b.find(111))
t('rfind_int', lambda: b.rfind(108))
t('find_int_bad', lambda: b.find(256))
t('in', lambda: 104 in b)
t('upper', lambda: b.upper())
t('split', lambda: bytearray(b'a b').split())
t('getslice', lambda: b[1:3])
t('getstep', lambda: b[::-2])
t('eq', lambda: b == b'hello')
t('lt', lambda: b < bytearray(b'help'))
t('hash', lambda: hash(b))
t('len', lambda: len(b))
t('bool', lambda: bool(bytearray()))
t('iter', lambda: list(b))
t('str', lambda: str(b))
t('bytes_of', lambda: bytes(b))
t('replace', lambda: b.replace(b'l', b'L'))
t('strip', lambda: bytearray(b'  x ').strip())
t('join', lambda: bytearray(b',').join([b'a', b'b']))
for x in [b'abc', b'ab\x00c', b'x\x80']:
    print(bytearray(x).isalpha(), bytearray(x).isalnum(), bytearray(x).isdigit(), bytearray(x).isspace(), bytearray(x).islower(), bytearray(x).isupper())
for seq in (b'abc', bytearray(b'abc'), memoryview(b'abc')):
    for v in (97, 0, 255, 256, -1, 2**70):
        try:
            print(type(seq).__name__, v, v in seq)
        except ValueError:
            print('ValueError')
    for v in (300, 2**70):
        try:
            print(b'abc'.find(v))
        except ValueError:
            print('ValueError')
