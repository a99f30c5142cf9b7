# uctypes: MicroPython-only (CPython has no uctypes module), so the expected
# output mod_uctypes.exp was written by hand from the documented semantics
# of uctypes (descriptor encoding, layouts, sizeof, pointers, bitfields,
# bytes_at/bytearray_at), not produced by CPython. It prints no addresses,
# so it does not depend on where buffers live.
import uctypes

# every constant fits a 31-bit small int (so 32-bit ports need no big ints)
names = ("UINT8 INT8 UINT16 INT16 UINT32 INT32 UINT64 INT64 BFUINT8 BFINT8 BFUINT16"
         " BFINT16 BFUINT32 BFINT32 FLOAT32 FLOAT64 VOID PTR ARRAY").split()
print(all(-(2**30) <= getattr(uctypes, n) < 2**30 for n in names))
print(len(set(getattr(uctypes, n) for n in names)), uctypes.VOID == uctypes.UINT8)
print(uctypes.LITTLE_ENDIAN, uctypes.BIG_ENDIAN, uctypes.NATIVE, uctypes.BF_POS, uctypes.BF_LEN)

# ---- scalars in both byte orders ----
desc = {
    "u8": uctypes.UINT8 | 0,
    "i8": uctypes.INT8 | 1,
    "u16": uctypes.UINT16 | 0,
    "i16": uctypes.INT16 | 2,
    "u32": uctypes.UINT32 | 0,
    "i32": uctypes.INT32 | 4,
    "u64": uctypes.UINT64 | 0,
    "i64": uctypes.INT64 | 0,
}
data = bytearray(b"\x01\x82\x03\xf4\x05\x06\x07\xf8")
for name, layout in (("LE", uctypes.LITTLE_ENDIAN), ("BE", uctypes.BIG_ENDIAN)):
    s = uctypes.struct(uctypes.addressof(data), desc, layout)
    print(name, s.u8, s.i8, hex(s.u16), s.i16, hex(s.u32), s.i32)
    print(name, hex(s.u64), s.i64)

le = uctypes.struct(uctypes.addressof(data), desc, uctypes.LITTLE_ENDIAN)
be = uctypes.struct(uctypes.addressof(data), desc, uctypes.BIG_ENDIAN)
le.u16 = 0x1234
print(data[:2])
be.u16 = 0x1234
print(data[:2])
be.u32 = 0x11223344
le.i16 = -2
print(data)
le.u8 = 0x1FF  # stored modulo 256
print(data[0], le.u8)
be.i64 = -1
print(data, le.u64 == 2**64 - 1)

# native layout reads like the host order
nat = uctypes.struct(uctypes.addressof(data), desc)
import sys
host = le if sys.byteorder == "little" else be
data[:] = b"\x01\x02\x03\x04\x05\x06\x07\x08"
print(nat.u32 == host.u32, nat.i64 == host.i64)

# floats
fdesc = {"f32": uctypes.FLOAT32 | 0, "f64": uctypes.FLOAT64 | 0, "uf64": uctypes.FLOAT64 | 2}
fdata = bytearray(10)
for layout in (uctypes.LITTLE_ENDIAN, uctypes.BIG_ENDIAN, uctypes.NATIVE):
    f = uctypes.struct(uctypes.addressof(fdata), fdesc, layout)
    f.f32 = 12.25
    # the native layout's bytes depend on the host, so only its values show
    print(f.f32, fdata[:4] if layout != uctypes.NATIVE else "")
    f.f64 = -0.5
    print(f.f64, fdata[:8] if layout != uctypes.NATIVE else "")
    f.uf64 = 3
    print(f.uf64)

# ---- arrays ----
adesc = {
    "bytes": (uctypes.ARRAY | 0, uctypes.UINT8 | 4),
    "sbytes": (uctypes.ARRAY | 0, uctypes.INT8 | 4),
    "words": (uctypes.ARRAY | 2, uctypes.UINT16 | 3),
    "recs": (uctypes.ARRAY | 0, 2, {"a": uctypes.UINT8 | 0, "b": uctypes.UINT16 | 1}),
}
adata = bytearray(b"\x00\x01\x02\x03\x04\x05\x06\x07")
a = uctypes.struct(uctypes.addressof(adata), adesc, uctypes.BIG_ENDIAN)
# an array of UINT8 is a bytearray over the same memory
print(a.bytes, type(a.bytes) is bytearray)
a.bytes[0] = 0xFE
print(adata[0], a.sbytes[0], len(a.sbytes))
print(type(a.sbytes).__name__, [a.sbytes[i] for i in range(4)])
print([hex(a.words[i]) for i in range(3)])
a.words[2] = 0xABCD
print(adata)
print(a.recs[0].a, hex(a.recs[0].b), a.recs[1].a, hex(a.recs[1].b))
a.recs[1].b = 0x1122
print(adata)
for idx in (2, -1):
    try:
        a.recs[idx]
    except IndexError as e:
        print("IndexError", e)
try:
    a.words[3] = 0
except IndexError as e:
    print("IndexError", e)
try:
    a.recs[0] = 1
except TypeError:
    print("TypeError assign to aggregate item")

# ---- nested structures ----
ndesc = {
    "hdr": (0, {"kind": uctypes.UINT8 | 0, "len": uctypes.UINT16 | 1}),
    "body": (3, {"x": uctypes.INT8 | 0, "inner": (1, {"y": uctypes.UINT8 | 0})}),
}
ndata = bytearray(b"\x07\x00\x10\xff\x2a")
n = uctypes.struct(uctypes.addressof(ndata), ndesc, uctypes.BIG_ENDIAN)
print(n.hdr.kind, n.hdr.len, n.body.x, n.body.inner.y)
n.body.inner.y = 99
print(ndata[4], uctypes.sizeof(n.hdr), uctypes.sizeof(n.body), uctypes.sizeof(n))
try:
    n.hdr = 1
except TypeError:
    print("TypeError assign to aggregate")
try:
    n[0]
except TypeError as e:
    print("TypeError", e)
try:
    n.missing
except AttributeError:
    print("AttributeError")

# ---- bitfields ----
bdesc = {
    "lo": uctypes.BFUINT8 | 0 | 0 << uctypes.BF_POS | 4 << uctypes.BF_LEN,
    "hi": uctypes.BFUINT8 | 0 | 4 << uctypes.BF_POS | 4 << uctypes.BF_LEN,
    "shi": uctypes.BFINT8 | 0 | 4 << uctypes.BF_POS | 4 << uctypes.BF_LEN,
    "w": uctypes.BFUINT16 | 0 | 4 << uctypes.BF_POS | 8 << uctypes.BF_LEN,
    "top": uctypes.BFUINT32 | 0 | 20 << uctypes.BF_POS | 4 << uctypes.BF_LEN,
}
bdata = bytearray(b"\xa5\x3c\x00\x00")
for layout in (uctypes.LITTLE_ENDIAN, uctypes.BIG_ENDIAN):
    b = uctypes.struct(uctypes.addressof(bdata), bdesc, layout)
    print(b.lo, b.hi, b.shi, hex(b.w), b.top)
b = uctypes.struct(uctypes.addressof(bdata), bdesc, uctypes.LITTLE_ENDIAN)
b.lo = 0x1F  # only the low 4 bits are kept
print(bdata)
b.hi = 3
print(bdata, b.shi)
b.w = 0xAB
print(bdata)
b.top = 9
print(bdata, b.top)
b.shi = -1
print(bdata, b.shi, b.hi)

# ---- pointers ----
target = bytearray(b"\x10\x20\x30\x40")
taddr = uctypes.addressof(target)
pdesc = {
    "p8": (uctypes.PTR | 0, uctypes.UINT8),
    "p16": (uctypes.PTR | 0, uctypes.UINT16),
    "ps": (uctypes.PTR | 0, {"v": uctypes.UINT8 | 0}),
    "raw": uctypes.UINT64 | 0,
}
psize = uctypes.sizeof({"p": (uctypes.PTR | 0, uctypes.VOID)})
print(psize in (4, 8))
pbuf = bytearray(taddr.to_bytes(psize, "little") + bytes(8 - psize))
p = uctypes.struct(uctypes.addressof(pbuf), pdesc, uctypes.LITTLE_ENDIAN)
print(int(p.p8) == taddr, p.raw == taddr)
print(p.p8[0], p.p8[3], hex(p.p16[1]), p.ps[0].v, p.ps[2].v)
p.p8[1] = 0x99
p.p16[1] = 0x0102
print(target)
try:
    p.ps[0] = 5
except TypeError:
    print("TypeError assign through struct pointer")
try:
    p.p8 = 0
except TypeError:
    print("TypeError assign to pointer")

# ---- sizeof ----
S4 = {"a": uctypes.UINT8 | 0, "b": uctypes.UINT32 | 4, "c": uctypes.UINT8 | 8}
print(uctypes.sizeof({}), uctypes.sizeof(S4), uctypes.sizeof(S4, uctypes.LITTLE_ENDIAN))
S8 = {"arr": (uctypes.ARRAY | 0, 3, {"a": uctypes.UINT32 | 0, "b": uctypes.UINT8 | 4})}
print(uctypes.sizeof(S8), uctypes.sizeof(S8, uctypes.BIG_ENDIAN))
print(uctypes.sizeof(a.words), uctypes.sizeof(a.recs), uctypes.sizeof(a.bytes), uctypes.sizeof(a))
print(uctypes.sizeof((uctypes.ARRAY | 0, uctypes.INT16 | 5)))
for bad in ([], 5, "x"):
    try:
        uctypes.sizeof(bad)
    except TypeError:
        print("TypeError sizeof", type(bad).__name__)
try:
    uctypes.sizeof({"f": [1]})
except TypeError:
    print("TypeError bad field")
loop = {}
loop["me"] = (0, loop)
try:
    uctypes.sizeof(loop)
except RuntimeError:
    print("RuntimeError self-referencing descriptor")
bad = uctypes.struct(0, [])
try:
    bad.x
except TypeError:
    print("TypeError no fields")

# ---- bytes_at / bytearray_at / buffer protocol ----
mem = bytearray(b"hello world")
addr = uctypes.addressof(mem)
print(uctypes.bytes_at(addr + 6, 5))
view = uctypes.bytearray_at(addr, 5)
view[0] = ord("j")
print(mem, view)
copy = uctypes.bytes_at(addr, 5)
mem[1] = ord("a")
print(copy, view)
print(uctypes.addressof(b"abc") != 0, uctypes.addressof(memoryview(mem)[2:]) == addr + 2)
st = uctypes.struct(addr, {"w": uctypes.UINT16 | 2, "z": uctypes.UINT8 | 4})
print(bytes(st), bytearray(st))
try:
    uctypes.addressof(1)
except TypeError:
    print("TypeError addressof")

# ---- a struct keeps its heap buffer alive ----
import gc
def make():
    buf = bytearray(b"ABCDEFGH" * 4)
    return uctypes.struct(uctypes.addressof(buf), {"w": uctypes.UINT32 | 4}, uctypes.BIG_ENDIAN)
kept = make()
gc.collect()
junk = [bytearray(b"z" * 32) for i in range(100)]
print(hex(kept.w))
