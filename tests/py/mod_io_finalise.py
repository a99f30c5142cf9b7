# Files that are never closed: once unreachable, a collection closes them
# (Mica gives file objects a GC finaliser, as MicroPython does; CPython
# closes them when the last reference goes). So buffered data reaches the
# disk, and opening many more files than the descriptor limit works,
# because open() collects and retries when it runs out of descriptors.
import gc
import os
base = 'mod_io_finalise_%d' % os.getpid() if hasattr(os, 'getpid') else 'mod_io_finalise'

def write_unclosed(name, text):
    f = open(name, 'w')
    f.write(text)

def scrub(n):
    # overwrite the C stack below us: the collector scans it conservatively,
    # and a stale word left by write_unclosed could keep one file alive
    # (seen on 32-bit ARM)
    return 0 if n == 0 else scrub(n - 1) + 1

N = 20
for i in range(N):
    write_unclosed('%s_%d.txt' % (base, i), 'data %d' % i)
scrub(50)
gc.collect()
ok = 0
for i in range(N):
    with open('%s_%d.txt' % (base, i)) as f:
        ok += f.read() == 'data %d' % i
print('flushed by collection:', ok, 'of', N)

name = base + '_many.txt'
write_unclosed(name, 'x')
gc.collect()
for i in range(25000):
    f = open(name, 'rb' if i % 2 else 'r')
print('opened 25000 files, last read:', f.read())
f.close()
for i in range(N):
    os.remove('%s_%d.txt' % (base, i))
os.remove(name)
