# io: StringIO, BytesIO and files from open() (text and binary)
import io

s = io.StringIO()
print(s.write("hello "), s.write("world\n"), s.tell())
# (MicroPython's write() returns the number of bytes, CPython's the number of
# characters: only ASCII text is written where the count is printed)
u = io.StringIO("héllo wörld")
print(repr(u.read(2)), repr(u.read(3)), repr(u.read()))
print("second", 2, file=s)
print(repr(s.getvalue()))
s.seek(0)
print(repr(s.read(5)), repr(s.read(3)), repr(s.readline()), repr(s.read()), repr(s.read()))
r = io.StringIO("l1\nl2\n\nl4")
print([line for line in r], r.seek(0), repr(r.readline()), r.readlines())
r = io.StringIO("abc")
r.seek(0, 2)
r.write("def")
r.seek(1)
r.write("X")
print(repr(r.getvalue()), r.tell(), r.seek(0, 1))
with io.StringIO("ctx") as c:
    print(c.read())
try:
    c.read()
except ValueError:
    print("ValueError closed")

b = io.BytesIO(b"0123456789")
print(b.read(3), b.seek(5), b.read(2), b.tell(), b.read(), b.read(1))
b.seek(2)
b.write(b"AB")
b.write(bytearray(b"C"))
print(b.getvalue(), b.tell())
buf = bytearray(4)
b.seek(0)
print(b.readinto(buf), buf, b.readline(), io.BytesIO(b"x\ny\n").readlines())
print(io.BytesIO().getvalue(), io.StringIO().getvalue() == "")

# files
name = "mod_io_tmp.txt"
with open(name, "w") as f:
    print(f.write("first line\n"), f.write("second\n"))
    f.write("thïrd")
with open(name) as f:
    print(repr(f.read()))
with open(name) as f:
    print(repr(f.readline()), repr(f.read(4)), repr(f.readline()), f.readlines())
with open(name) as f:
    print([len(line) for line in f])
with open(name, "a") as f:
    f.write("\nappended")
f = open(name, "r")
lines = f.readlines()
f.close()
print(lines)
with open(name, "rb") as f:
    print(f.read(5), f.tell(), f.seek(0), f.readline(), f.seek(-3, 2), f.read())
with open(name, "wb") as f:
    f.write(b"\x00\x01\xff")
with open(name, "rb") as f:
    data = f.read()
print(data, len(data))
with open(name, "r+b") as f:
    f.seek(1)
    f.write(b"Z")
with open(name, "rb") as f:
    print(f.read())
try:
    f.read()
except ValueError:
    print("ValueError closed")
try:
    open("no_such_dir/x.txt")
except OSError as e:
    print("OSError", e.errno == 2)
import os
os.remove(name)
