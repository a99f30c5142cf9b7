# `x in memoryview` compares x with each item, as CPython does (MicroPython
# 1.27 raises a bare NotImplementedError for an int on the left, checked on
# the WebAssembly port; Mica gives CPython's answer rather than an error.)
import array
m = memoryview(b'abc')
print(97 in m, 100 in m, b'a' in m, 98.0 in m, None in m)
print(-3 in memoryview(array.array('h', [1, -3])), 3 in memoryview(array.array('h', [1, -3])))
print(2.5 in memoryview(array.array('f', [2.5])), 99 in m[1:], 97 in m[1:])
print(1 in memoryview(b''))
