# f-strings: specs, nested specs, conversions, = debugging, escapes
x = 42
y = -3.14159
s = 'hé'
w = 8
p = 3
L = [1, 2]
d = {'k': 'v'}
print(f'{x}', f'{x:5}', f'{x:<5}|', f'{x:^7}|', f'{x:+}', f'{x:#x}', f'{x:08b}', f'{x:,}', f'{x*1000:_}')
print(f'{y:.2f}', f'{y:{w}.{p}f}', f'{y:e}', f'{y:+.1%}', f'{y!r}', f'{y!s:>12}')
print(f'{s}', f'{s!r}', f'{s:>5}', f'{s:*^6}', f'{s:.1}')
print(f'{L}', f'{L!r}', f'{L[0]}', f"{d['k']}", f'{len(L)}', f'{x if x else 0}')
print(f'{{}}', f'{{{x}}}', f'a{{b', f'}}')
print(f'{x}{y:.1f}{s}', f'{"nested"}', f"{'q'!r}")
print(f'{x=}', f'{x = }', f'{y=:.2f}', f'{s=!r}', f'{L[1]=}')
print(f'{3+4}', f'{x//5}', f'{(lambda: 5)()}', f'{[i for i in range(3)]}')
print(f'{x:{"^"}{w}}', f'{"abc":{p}}|', f'{x:0{w}}')
print(f'''{x}
{s}''')
print(rf'\n{x}', fr'{x}\t')
print(f'{True}', f'{True:>5}', f'{None}', f'{None!r}')
class P:
    def __str__(self): return 'P!'
    def __repr__(self): return 'Prepr'
print(f'{P()}', f'{P()!r}', f'{P()!s}')
print(f'{"a" "b"}', f'{x}' f'{x}', 'plain' f'{x}')
