# Heap exhaustion raises MemoryError and the program goes on.
# (expected output in memory.exp: CPython has no fixed heap)
import gc
try:
    big = bytearray(1 << 30)  # 1 GB: beyond any heap, and a machine int on 32-bit too
except MemoryError:
    print("MemoryError for a huge bytearray")
keep = []
try:
    while True:
        keep.append("x" * 100000)
except MemoryError:
    n = len(keep)
    keep = None
    print("MemoryError after filling the heap")
gc.collect()
# memory is reusable after the collection
data = [str(i) for i in range(1000)]
print(len(data), data[-1])
