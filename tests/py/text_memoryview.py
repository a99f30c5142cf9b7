# memoryview: slicing, assignment, tolist, comparisons, cast, release
ba = bytearray(b'0123456789')
m = memoryview(ba)
print(len(m), m[0], m[-1], m[2:5].tobytes(), bytes(m[-3:]), m[5:2].tobytes())
s = m[2:8]
print(s.tolist(), s[1:3].tobytes(), len(s[1:3]))
s[0] = 65
print(ba)
m[1:3] = b'XY'
print(ba)
m[7:] = bytearray(b'abc')
print(ba)
try:
    m[0:2] = b'abc'
except ValueError:
    print('ValueError')
try:
    m[20]
except IndexError as e:
    print('IndexError')
try:
    del m[0]
except TypeError:
    print('TypeError')
ro = memoryview(b'hello')
print(ro.readonly, ro[1], ro[1:4].tobytes(), ro.hex(), ro.tobytes())
try:
    ro[0] = 1
except TypeError:
    print('TypeError')
print(memoryview(b'ab') == b'ab', memoryview(b'ab') == bytearray(b'ab'), memoryview(b'ab') != b'ac')
print(memoryview(b'ab') == memoryview(b'ab'), memoryview(b'ab') == 'ab')
print(list(memoryview(b'xyz')), [x for x in m[:3]])
print(bytes(memoryview(bytearray(3))), bytearray(memoryview(b'q')))
print(b'ab' + memoryview(b'cd'), bytearray(b'x') + memoryview(b'y'))
print(m.obj is ba, s.obj is ba)
mm = memoryview(m)
mm[0] = 97
print(ba[0], mm.readonly)
print(b'-'.join([memoryview(b'a'), b'b']))
print(memoryview(b'abc').tolist(), memoryview(b'').tolist(), bool(memoryview(b'')))
print(b'bc' in bytes(memoryview(b'abcd')), b'abcd'.find(memoryview(b'cd')))
import array
ba = bytearray(range(8))
m = memoryview(ba)
print(m.format, m.itemsize, m.nbytes, m.ndim, m.shape, m.strides, m.readonly)
m4 = m.cast('I')
print(m4.format, m4.itemsize, len(m4), m4.nbytes, m4.shape)
print(m4.tolist())
m4[0] = 0x01020304
print(ba)
h = m.cast('h')
print(h.tolist(), len(h))
back = m4.cast('B')
print(back.tolist())
c = m.cast('c')
print(c[0], c[1:3].tobytes(), c.tolist()[:2])
c[0] = b'z'
print(ba[0])
try:
    m[:3].cast('I')
except TypeError as e:
    print('TypeError', e)
try:
    m4.cast('h')
except TypeError as e:
    print('TypeError', e)
try:
    m.cast('x')
except ValueError as e:
    print('ValueError')
r = memoryview(b'abcd').cast('H')
print(r.readonly, len(r))
a = array.array('i', [1, 2, -3])
ma = memoryview(a)
print(ma.format, ma.itemsize, ma.tolist())
print(ma.cast('B').nbytes)
mf = memoryview(bytearray(8)).cast('d')
mf[0] = 1.5
print(mf[0], mf.tolist())
# release
m2 = memoryview(bytearray(b'xyz'))
m2.release()
m2.release()
for f in (lambda: len(m2), lambda: m2[0], lambda: m2.tobytes(), lambda: m2.tolist(),
          lambda: bytes(m2), lambda: list(m2), lambda: m2.format, lambda: m2.cast('B')):
    try:
        f()
        print('no error')
    except ValueError as e:
        print('ValueError', e)
print(m2 == m2, m2 == b'xyz')
with memoryview(bytearray(b'abc')) as m3:
    print(m3[1], bytes(m3))
try:
    m3[0]
except ValueError as e:
    print('ValueError', e)
ro = memoryview(bytearray(b'ab')).toreadonly()
print(ro.readonly, ro.tobytes())
try:
    ro[0] = 1
except TypeError:
    print('TypeError')
import array
a = array.array('i', [1, 2, 300])
b = array.array('h', [1, 2, 300])
c = array.array('b', [1, 2, 3])
print(memoryview(a) == memoryview(b), memoryview(a) == b, memoryview(a) == memoryview(c), memoryview(c) == b'\x01\x02\x03')
print(memoryview(array.array('d', [1.5])) == memoryview(array.array('f', [1.5])), memoryview(a) != memoryview(b))
print(memoryview(a).cast('B') == bytes(a), memoryview(b'ab').cast('c') == b'ab')
m = memoryview(bytearray(b'abcd'))
print(m.contiguous, m.c_contiguous, m.f_contiguous, m.suboffsets, m.tobytes('C'), m.tobytes(), m[1:].tobytes('A'))
