# %-formatting: every conversion with flags, width, precision and * arguments
def t(fmt, arg):
    try:
        print(repr(fmt), '->', repr(fmt % arg))
    except Exception as e:
        print(repr(fmt), '->', type(e).__name__)

for conv in 'diouxXeEfFgGcrsa':
    for flags in ['', '-', '+', ' ', '0', '#', '-0', '+0', ' 0', '#0', '-#', '+ ']:
        for width in ['', '6', '*']:
            for prec in ['', '.0', '.3', '.*']:
                fmt = '%' + flags + width + prec + conv
                for v in [0, 7, -42, 255, 3.75, -0.375, 'ab', 'é']:
                    if conv in 'eEfFgG' and isinstance(v, float) and prec == '.0':
                        continue
                    if conv == 'c' and isinstance(v, str) and len(v) != 1:
                        continue
                    if conv in 'oxX' and isinstance(v, float):
                        continue  # MicroPython truncates floats for %o/%x
                    a = []
                    if width == '*': a.append(8)
                    if prec == '.*': a.append(2)
                    a.append(v)
                    t(fmt, tuple(a))
