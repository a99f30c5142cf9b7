# struct: every typecode in every byte order, counts, alignment, pack_into/unpack_from
import struct

codes = "bBhHiIqQfd"
for order in "<>!":
    for c in codes:
        fmt = order + "3" + c
        vals = (1, 2, 3) if c not in "fd" else (1.5, -2.25, 0.0)
        data = struct.pack(fmt, *vals)
        print(fmt, struct.calcsize(fmt), data, struct.unpack(fmt, data))
print(struct.calcsize("<lL"), struct.calcsize(">l"), struct.pack("<l", -1), struct.pack(">L", 7))

# native alignment (the default '@')
for fmt in ("bi", "bq", "bd", "hb", "bh", "bhi", "ib", "b3h", "2bi", "x", "xi", "s", "3si", "@bi"):
    print(fmt, struct.calcsize(fmt))
print(struct.pack("@bi", 1, 2), struct.unpack("@bhi", struct.pack("@bhi", -1, -2, -3)))

# wrap-around of integers and limits
print(struct.pack("<B", 255), struct.pack("<b", -128), struct.pack("<H", 65535), struct.pack("<h", -32768))
print(struct.pack("<Q", 2 ** 64 - 1), struct.pack("<q", -(2 ** 63)), struct.pack("<q", 2 ** 63 - 1))
print(struct.unpack("<qQ", b"\xff" * 16), struct.unpack("<iI", b"\xff" * 8))
print(struct.pack("<I", True), struct.pack("<d", 10 ** 20), struct.pack("<f", 1))

# strings and padding
print(struct.pack("<3s", b"abcdef"), struct.pack("<5s", b"ab"), struct.pack("<2x3s1x", b"xyz"))
print(struct.unpack("<2s2s", b"abcd"), struct.unpack("<4x", b"abcd"), struct.unpack("<0s", b""))
print(struct.pack("<10s", bytearray(b"ba")), struct.unpack("<3s", memoryview(b"xyz")))

# floats round-trip through the narrower type
for v in (0.1, -1.5, 1e10, 3.4e38, 1e-40):
    print(v, struct.unpack("<f", struct.pack("<f", v))[0], struct.unpack(">d", struct.pack(">d", v))[0])
print(struct.unpack("<e", struct.pack("<e", 1.5)), struct.pack("<e", -2.0), struct.pack(">e", 65504.0))
print(struct.unpack("<3e", struct.pack("<3e", 0.333, 1e-7, -0.0)))

# pack_into / unpack_from with offsets (negative counts from the end)
buf = bytearray(12)
struct.pack_into("<HI", buf, 2, 0xABCD, 0x01020304)
print(buf)
struct.pack_into(">h", buf, -2, -2)
print(buf, struct.unpack_from("<H", buf, 2), struct.unpack_from("<I", buf, 4), struct.unpack_from(">h", buf, -2))
print(struct.unpack_from("<2B", b"\x01\x02\x03"), struct.unpack_from("<2B", b"\x01\x02\x03", 1))

# errors (CPython raises struct.error, MicroPython ValueError or TypeError)
def err(f):
    try:
        f()
    except Exception:
        print("error")
err(lambda: struct.calcsize("z"))
err(lambda: struct.pack("<i", "a"))
err(lambda: struct.pack("<i", 1.5))
err(lambda: struct.pack("<ii", 1))
err(lambda: struct.unpack("<i", b"123"))
err(lambda: struct.unpack_from("<i", b"123456", 3))
err(lambda: struct.unpack_from("<i", b"123456", -7))
err(lambda: struct.pack_into("<i", bytearray(4), 1, 5))
err(lambda: struct.pack_into("<i", b"1234", 0, 5))
err(lambda: struct.calcsize("3"))
