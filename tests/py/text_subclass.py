# subclasses of str and bytes as operands and arguments
class S(str):
    def shout(self):
        return self.upper() + '!'
s = S('hello')
print(s, repr(s), len(s), s.shout(), s + 'x', 'x' + s, s * 2, s[1:3], s[0])
print(s == 'hello', 'hello' == s, s in ['hello'], 'ell' in s, s.find('l'), s.split('l'))
print('-'.join([s, s]), '{}|{:>7}|{!r}'.format(s, s, s), '%s %r' % (s, s), f'{s:^9}')
print(type(s.upper()).__name__, type(s + '').__name__, isinstance(s, str), hash(s) == hash('hello'))
print({s: 1}['hello'], {'hello': 2}[s])
print(str(s), type(str(s)).__name__, s.encode(), 'hello'.startswith(s), 'xhello'.endswith(s))
print(s.replace('l', 'L'), s.partition('e'), sorted([S('b'), 'a', S('c')]))
class B(bytes):
    pass
b = B(b'abc')
print(b, len(b), b[0], b + b'd', b.upper(), b == b'abc', bytes(b), b.decode(), b'x'.join([b, b]))
class S2(str):
    def __new__(cls, v):
        return super().__new__(cls, v.upper())
print(S2('abc'), len(S2('xy')))

class S(str): pass
class B(bytes): pass
def t(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__)
t('bytes_sub', lambda: bytes(S('x'), 'utf-8'))
t('ba_sub', lambda: bytearray(S('xy'), 'ascii'))
t('encode_sub', lambda: S('é').encode())
t('bytes_B', lambda: bytes(B(b'x')))
t('join_B', lambda: b'-'.join([B(b'x'), B(b'y')]))
t('find_sub', lambda: 'abc'.find(S('c')))
t('split_sub', lambda: 'a,b'.split(S(',')))
t('replace_sub', lambda: 'aXb'.replace(S('X'), S('--')))
t('eq_sub', lambda: ('x' == S('x'), S('x') == 'x', S('x') != 'y'))
t('lt_sub', lambda: ('a' < S('b'), S('a') < 'b'))
t('in_sub', lambda: (S('b') in 'abc', 'b' in S('abc')))
t('dict_key', lambda: {S('k'): 1}['k'])
t('str_sub', lambda: str(S('q')))
t('fmt_sub', lambda: S('{}-{}').format(1, 2))
t('pct_sub', lambda: S('%d') % 5)
t('mul_sub', lambda: 3 * S('ab'))
t('decode_B', lambda: B(b'\xc3\xa9').decode())
t('maketrans_sub', lambda: str.maketrans(S('a'), S('b')))
t('translate_sub', lambda: S('abc').translate({97: 'A'}))
t('len_sub', lambda: len(S('héllo')))
t('iter_sub', lambda: list(S('ab')))
t('idx_sub', lambda: S('héllo')[1])
t('hash_sub', lambda: hash(S('abc')) == hash('abc'))
class T(tuple): pass
class S(str): pass
class D(dict): pass
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__)
t(lambda: '%s %s' % T((1, 2)))
t(lambda: '%s' % T((1,)))
t(lambda: '%s' % S('x'))
t(lambda: 'abc' % S('x'))
t(lambda: '%(a)s' % D(a=1))
t(lambda: '%s' % D(a=1))
t(lambda: '{0}{1}'.format(*T((1, 2))))
t(lambda: '{a}'.format(**D(a=5)))
class M:
    def __getitem__(self, k):
        return k
class BA(bytearray):
    pass
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__)
t(lambda: str.upper(M()))
t(lambda: 'abc'.find(M()))
t(lambda: 'a' + M())
t(lambda: b'a' + M())
t(lambda: '%s' % M() is not None)
t(lambda: 'x'.join([M()]))
t(lambda: str.maketrans(M()))
t(lambda: bytes(M()))
ba = BA(b'abc')
ba.append(100)
ba[0] = 65
print(list(ba), len(ba), ba.upper(), ba + b'!', bytes(ba), ba.find(b'c'), ba[1:])
t(lambda: bytearray.append(M(), 1))
