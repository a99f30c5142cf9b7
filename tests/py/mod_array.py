# array.array: typecodes, construction, indexing, slices, append/extend, +, +=, buffer
from array import array

for tc, init in (("b", [-128, 0, 127]), ("B", [0, 255]), ("h", [-32768, 32767]), ("H", [65535]),
                 ("i", [-(2 ** 31), 2 ** 31 - 1]), ("I", [2 ** 32 - 1]), ("l", [-5, 5]), ("L", [7]),
                 ("q", [-(2 ** 63), 2 ** 63 - 1]), ("Q", [2 ** 64 - 1]), ("f", [1.5, -0.25]),
                 ("d", [0.1, 1e100])):
    a = array(tc, init)
    print(a, len(a), list(a), a[0], a[-1], bytes(a) == bytes(array(tc, list(a))))
print(array("i"), repr(array("d")), str(array("b", [1, 2])), array("f", [0.1]))

# initializers: bytes-like objects are raw memory, other iterables give items
print(array("B", b"abc"), array("h", b"\x01\x00\x02\x00"), array("H", bytearray(b"\xff\xff")))
print(array("i", range(4)), array("i", (x * x for x in range(4))), array("b", array("b", [5, 6])))

# items: read, write, negative index, out of range
a = array("i", [1, 2, 3, 4, 5])
a[0] = 10
a[-1] = -5
print(a, a[1], a[-2], 3 in a, 9 in a, sum(a), max(a))
try:
    a[5]
except IndexError:
    print("IndexError")
try:
    a[0] = "x"
except TypeError:
    print("TypeError")

# slices (step 1), slice assignment from arrays of the same typecode
print(a[1:3], a[:2], a[3:], a[-2:], a[4:2], a[:])
a[1:3] = array("i", [7, 7, 7])
print(a, len(a))
a[0:4] = array("i")
print(a)
a[1:] = array("i", [8, 9])
print(a)

# append, extend, +, +=
a.append(100)
a.extend([1, 2])
a.extend(array("i", [3]))
print(a)
b = a + array("i", [-1])
a += array("i", [42])
print(b, a, a == b, a == array("i", list(a)), a == [10, 8, 9])
a += a
print(len(a), a[-1])

# (MicroPython stores out-of-range values modulo 2**bits where CPython raises
# OverflowError, so this test does not store any)

# buffer protocol: bytes(), memoryview, bytearray
print(bytes(array("h", [1, -1])), bytearray(array("B", [65, 66])), bytes(memoryview(array("B", [1, 2]))))
f = array("f", [1, 2])
f[1] = 2.5
print(f, [x * 2 for x in f], bool(array("i")), bool(f))
m = memoryview(array("h", [1, -2, 3]))
print(m[1], len(m), list(m[1:]), bytes(m))
