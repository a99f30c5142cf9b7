# str.format field names with [key] and .attr parts (a CPython feature that
# Mica keeps; MicroPython's unix build raises NotImplementedError for them).
# Inside [...] every character belongs to the key, also '}', '{', ':' and '!'
# (so '{0[}]}' looks up the key '}'); a '{' elsewhere in a field name is an
# error. Compared with CPython; errors print their type only, because
# MicroPython words some of them differently.
d = {'}': 'C', '{': 'O', ':': 'K', '!': 'B', '[': 'L', '{}': 'P', 'a': 'A'}
class Obj:
    attr = {'}': 'attr-C'}
cases = ['{0[}]}', '{0[{]}', '{0[:]}', '{0[!]}', '{0[[]}', '{0[{}]}', '{0[}]:>3}',
         '{0[:]!r:>4}', '{0[{]:}', '{[}]}', '{k[}]}', '{o.attr[}]}', '{0[a]}{0[}]}',
         '{0[}]', '{0[]}', '{0[}', '{0{}}', '{0{}', '{0[a]]}', '{0[a]x}', '{0.}',
         '{0..a}', '{0.a[}', '{0:{1[}]}}', '{:{:{}}}', '{0:{1:{2}}}', '{0[', '{k[}]!s}']
for c in cases:
    try:
        print(repr(c), repr(c.format(d, 4, 2, k=d, o=Obj())))
    except Exception as e:
        print(repr(c), type(e).__name__)
print('{0[}]}|{0[{]}|{1}'.format(d, 'z'))
print('{x[}]:*^7}'.format(x=d))
