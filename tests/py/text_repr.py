# repr/str of str, bytes and bytearray: every byte value and every quote mix
for i in range(0, 256):
    b = bytes([i])
    r = repr(b)
    if i < 128:
        print(i, r, repr(chr(i)), str(b), ascii(chr(i)) if False else '')
    else:
        print(i, r)
for s in ["'", '"', '\'"', 'a\'b"c', "it's", 'say "hi"', '\\', '\\\'', '', "''", '""', '\'\'"']:
    print(repr(s), repr(s.encode()), str(s.encode()))
print(repr('\x00\x07\x08\x0b\x0c\x1b\x7f'))
print(repr('tab\there\nnew\rret'))
print(repr(b'\x00\xff\t\n\r\\\''))
print(repr(bytearray(b'a\'b"')), str(bytearray(b'\x01')))
print([b'x', 'y', bytearray()])
print(repr('é€😀'), 'é€😀', len('é€😀'), len('é€😀'.encode()))
