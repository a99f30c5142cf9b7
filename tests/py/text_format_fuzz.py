# Random format strings (a fixed LCG, so CPython and Mica see the same ones)
# through str.format and str %: the result or the exception type must match.
alpha = ['{', '}', ':', '!', 'r', 's', 'a', '0', '1', '5', '<', '>', '^', '=', '+', '-',
         ' ', '#', ',', '_', '.', 'd', 'x', 'f', 'e', 'g', '%', 'c', 'b', 'o', 'n', '[',
         ']', 'k', '*', '(', ')', 'é']
seed = 12345

def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return (seed >> 8) % n

args = (42, 'ab', 3.75, [1, 2], -7)
kw = {'k': 'v'}
n = 0
while n < 4000:
    f = ''.join(alpha[rnd(len(alpha))] for _ in range(1 + rnd(9)))
    if '[' in f and '}' in f:
        continue  # CPython lets '}' inside [...] of a field name; Mica ends the field
    n += 1
    res = []
    for thunk in (lambda: f.format(*args, **kw), lambda: f % args, lambda: f % kw):
        try:
            res.append(repr(thunk()))
        except Exception as e:
            res.append(type(e).__name__)
    print(repr(f), *res)
