import tables
print(tables.add(1, 2), tables.add(-5, 3))
print(tables.fibonacci(10), [tables.fibonacci(i) for i in range(8)])
print(tables.access())
tables.access(2, 5)
print(tables.access(), tables.access(2))
tables.access(0, 70000)
print(tables.access())
try:
    tables.access(4)
except IndexError as e:
    print("IndexError", e)
a = tables.make_array()
print(a, len(a))
a[0] = 65
print(tables.make_array())
print(tables.VAL, tables.MSG, type(tables.MSG))
try:
    tables.fibonacci(-1)
except ValueError as e:
    print("ValueError", e)
