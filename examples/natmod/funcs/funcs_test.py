import funcs
print(funcs.hello())
print(funcs.total([1, 2, 3]), funcs.total((10**20, 1)), funcs.total([1.5, 2]))
try:
    funcs.total(5)
except TypeError as e:
    print("TypeError", e)
print(funcs.mul(6, 7), funcs.mul(-3, 7), funcs.mul(2**31, 2**31))
print(funcs.clamp(5, 0, 3), funcs.clamp(-5, 0, 3), funcs.clamp(2, 0, 3))
try:
    funcs.clamp(1, 3, 0)
except ValueError as e:
    print("ValueError", e)
print(funcs.biggest(1, 5), funcs.biggest(1, 9, 3, 4), funcs.biggest("a", "b", "c"))
for args in ((1,), (1, 2, 3, 4, 5)):
    try:
        funcs.biggest(*args)
    except TypeError as e:
        print("TypeError", e)
print(funcs.count(), funcs.count(1, 2, 3))
print(funcs.describe(1, 2, x=3))
print(funcs.shout("hello", 8), funcs.shout("ab", 0))
print(funcs.squares(5), funcs.squares(0))
try:
    funcs.squares(-1)
except IndexError as e:
    print("IndexError", e)
print(funcs.checksum(b"abc"), funcs.checksum(bytearray(300)))
for k in range(6):
    try:
        funcs.fail(k)
    except Exception as e:
        print(type(e).__name__, e)
print(funcs.scale(3, 0.5), funcs.scale(2.5, 2))
funcs.show([1, 2, 3])
funcs.show("abcd")
print(funcs.kinds())
print(funcs.ANSWER, funcs.NAME, funcs.BIG)
print(sorted(k for k in dir(funcs) if not k.startswith("_")))
try:
    funcs.hello(1)
except TypeError as e:
    print("TypeError", e)
print(funcs.rotate(b"abcdef", 2), funcs.rotate(b"", 3), funcs.rotate(b"xyz", 4), funcs.rotate(bytearray(b"12345"), 1))
print(funcs.upper_of("abc"), funcs.byteorder(), funcs.item([5, 6, 7], -1), funcs.item({"k": 1}, "k"))
print(funcs.isum(range(10)), funcs.isum(x * x for x in range(4)), funcs.isum({1: 0, 2: 0}), funcs.isum(""))
try:
    funcs.item([1], 5)
except IndexError as e:
    print("IndexError", e)
try:
    funcs.isum(5)
except TypeError as e:
    print("TypeError", e)
