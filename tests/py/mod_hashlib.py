# hashlib: sha256, sha1, md5 (known answers and incremental updates)
# (hexdigest() is not in MicroPython; Mica adds it)
import hashlib
import binascii

for name in ("sha256", "sha1", "md5"):
    ctor = getattr(hashlib, name)
    for data in (b"", b"abc", b"a" * 55, b"a" * 56, b"a" * 63, b"a" * 64, b"a" * 65, bytes(range(256)) * 5):
        print(name, len(data), binascii.hexlify(ctor(data).digest()))
    h = ctor()
    for i in range(100):
        h.update(bytes([i]) * i)
    print(name, h.hexdigest())
    h = ctor(b"ab")
    h.update(bytearray(b"c"))
    print(name, h.digest() == ctor(b"abc").digest(), len(ctor().digest()))
