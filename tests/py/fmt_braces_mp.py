# str.format brace edge cases with MicroPython's error wording. The expected
# output (fmt_braces_mp.exp) is this file's stdout on the stock MicroPython
# 1.27 WebAssembly port, byte for byte. CPython raises the same exception
# types but words them differently ("Single '}' encountered...", "unmatched
# '{' in format spec", "cannot switch ...", "Unknown conversion specifier")
# and checks the conversion letter only after looking the argument up.
# Only fields MicroPython supports are used (no '{0.attr}' or '{0[i]}').
cases = ['{}', '{{}}', '{{', '}}', '{{{}}}', '}}{{', '{', '}', 'x{', 'x}y', 'a{0}b}',
         '{0}}', '{{0}', '{0:}}', '{0', '{0:', '{0:{}', '{0!', '{0!r', '{!}', '{0!}',
         '{0!}}', '{0!x}', '{0!:}', '{5!x}', '{a!x}', '{5!}', '{0!rr}', '{5!rr}',
         '{0!r}', '{!r}', '{0!s:>5}', '{0!r:}', '{0:{1}}', '{:{}}', '{0:{}}',
         '{0}{}', '{}{0}', '{0:{}}}', '{1}', '{-1}', '{a}', '{0:>{1}}',
         '{:{}}{}', '{0:{1}{2}}', '{0:{{}}}', '{:{{}}}', '{0:{1!r}}']
for c in cases:
    try:
        print(repr(c), repr(c.format('ab', 4, 2, a=1)))
    except Exception as e:
        print(repr(c), type(e).__name__, e)
