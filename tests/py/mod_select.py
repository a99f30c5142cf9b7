# select: poll and select on a pipe-like file and on a regular file
import select

name = "mod_select_tmp.txt"
with open(name, "w") as f:
    f.write("data")
f = open(name)
if hasattr(select, "poll"):
    p = select.poll()
    p.register(f, select.POLLIN)
    ready = p.poll(0)
    # (MicroPython gives back the object, CPython its file descriptor)
    print(len(ready), ready[0][0] in (f, f.fileno()), bool(ready[0][1] & select.POLLIN))
    p.modify(f, select.POLLOUT)
    print(len(p.poll(0)))
    p.unregister(f)
    print(p.poll(0))
r, w, x = select.select([f], [], [], 0)
print(r == [f], w, x)
r, w, x = select.select([], [f.fileno()], [], 0.0)
print(r, w == [f.fileno()], x)
f.close()
import os
os.remove(name)
