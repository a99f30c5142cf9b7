# str and bytes methods over edge cases: split/rsplit/splitlines, strip, find/index/count
# with start/end, partition, replace, padding, slicing with steps
def t(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__)

S = ['', ' ', 'a', 'a b', '  a  b  ', 'a,b,,c,', ',', ',,', 'abcabc', 'a\tb\nc\r\nd\x0be\x0cf', 'héllo wörld', '\n\n', 'x\r\ny\rz\n']
for s in S:
    for B in (False, True):
        v = s.encode() if B else s
        e = (lambda x: x.encode()) if B else (lambda x: x)
        t('split', lambda: v.split())
        t('split1', lambda: v.split(None, 1))
        t('split0', lambda: v.split(maxsplit=0))
        t('splitc', lambda: v.split(e(',')))
        t('splitc2', lambda: v.split(e(','), 2))
        t('splitab', lambda: v.split(e('ab')))
        t('rsplit', lambda: v.rsplit())
        t('rsplit1', lambda: v.rsplit(None, 1))
        t('rsplitc1', lambda: v.rsplit(e(','), 1))
        t('rsplitc', lambda: v.rsplit(sep=e(','), maxsplit=-1))
        t('splitlines', lambda: v.splitlines())
        t('splitlinesT', lambda: v.splitlines(True))
        t('splitlinesK', lambda: v.splitlines(keepends=True))
        t('strip', lambda: v.strip())
        t('lstrip', lambda: v.lstrip())
        t('rstrip', lambda: v.rstrip())
        t('stripc', lambda: v.strip(e(' a,')))
        t('stripN', lambda: v.strip(None))
        t('lstripc', lambda: v.lstrip(e('ab')))
        t('rstripc', lambda: v.rstrip(e('c,')))
        t('partition', lambda: v.partition(e(',')))
        t('rpartition', lambda: v.rpartition(e(',')))
        t('partitionE', lambda: v.partition(e('')))
        for sub in ['', 'a', 'b', 'ab', 'zz', ',']:
            for rng in [(), (1,), (-2,), (1, 3), (-3, -1), (5, 1), (0, 100), (100,), (-100, 2), (None, 2), (2, None)]:
                t('find%r%r' % (sub, rng), lambda: v.find(e(sub), *rng))
                t('rfind', lambda: v.rfind(e(sub), *rng))
                t('index', lambda: v.index(e(sub), *rng))
                t('rindex', lambda: v.rindex(e(sub), *rng))
                t('count', lambda: v.count(e(sub), *rng))
                t('startswith', lambda: v.startswith(e(sub), *rng))
                t('endswith', lambda: v.endswith(e(sub), *rng))
        t('sw_tuple', lambda: v.startswith((e('x'), e('a'))))
        t('ew_tuple', lambda: v.endswith((e(','), e('c'))))
        t('in', lambda: e('a') in v)
        t('in_empty', lambda: e('') in v)
        t('mul0', lambda: v * 0)
        t('mulneg', lambda: v * -3)
        t('mul3', lambda: 3 * v)
        t('replace', lambda: v.replace(e('a'), e('XY')))
        t('replace1', lambda: v.replace(e('a'), e(''), 1))
        t('replaceE', lambda: v.replace(e(''), e('-')))
        t('replaceE2', lambda: v.replace(e(''), e('-'), 2))
        t('center', lambda: v.center(12, e('*')))
        t('center2', lambda: v.center(4))
        t('ljust', lambda: v.ljust(10, e('.')))
        t('rjust', lambda: v.rjust(10))
        t('zfill', lambda: v.zfill(8))
        t('expandtabs', lambda: v.expandtabs(4))
        t('title', lambda: v.title())
        t('capitalize', lambda: v.capitalize())
        if s.isascii():
            t('swapcase', lambda: v.swapcase())  # case mapping is ASCII-only in MicroPython
        t('join', lambda: v.join([e('1'), e('2'), e('3')]))
        for st in [None, 1, -1, 2, -2, 3]:
            for a, b in [(None, None), (1, None), (None, -1), (-3, None), (2, 5), (5, 2), (-100, 100)]:
                t('slice%r%r%r' % (a, b, st), lambda: v[a:b:st])
for z in ['-12', '+5', '', '-', 'abc', 'é', '0']:
    print(repr(z.zfill(5)), z.encode().zfill(4))
print("a\x1cb\x0bc\x0cd\x1de\x1ef".splitlines(True), b"a\x0bb\x0cc\x1cd".splitlines())
