# binascii: hexlify/unhexlify, base64, crc32
import binascii

for data in (b"", b"\x00", b"\x01\xab\xff", bytes(range(20)), bytearray(b"mica")):
    h = binascii.hexlify(data)
    print(h, binascii.unhexlify(h) == data, binascii.hexlify(data, "-"), binascii.hexlify(data, b":"))
print(binascii.unhexlify("01AbCd"), binascii.unhexlify(b"ff00"))
for bad in ("0", "0g", "zz"):
    try:
        binascii.unhexlify(bad)
    except ValueError:
        print("ValueError", bad)
for data in (b"", b"a", b"ab", b"abc", b"abcd", b"hello world", bytes(range(256))):
    e = binascii.b2a_base64(data)
    print(e[:40], len(e), binascii.a2b_base64(e) == data, binascii.b2a_base64(data, newline=False)[-4:])
print(binascii.a2b_base64("aGVsbG8="), binascii.a2b_base64(b"aGVs\nbG8=\n"), binascii.a2b_base64("YQ=="))
for bad in ("a", "aGVsbG8", "YQ"):
    try:
        binascii.a2b_base64(bad)
    except ValueError:
        print("ValueError", bad)
for data in (b"", b"hello", b"The quick brown fox jumps over the lazy dog", bytes(1000)):
    print(binascii.crc32(data), binascii.crc32(data, 12345), binascii.crc32(data[5:], binascii.crc32(data[:5])))
