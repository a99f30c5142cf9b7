# A pipeline of generators: a number source, filters, a sliding window,
# running statistics, generator expressions and `yield from`.


def numbers(seed, n):
    x = seed
    for _ in range(n):
        x = (x * 1664525 + 1013904223) & 0xffffffff
        yield x >> 16


def keep_odd(src):
    for v in src:
        if v & 1:
            yield v


def scaled(src, k):
    for v in src:
        yield (v * k) % 10007


def windows(src, size):
    buf = []
    for v in src:
        buf.append(v)
        if len(buf) > size:
            buf.pop(0)
        if len(buf) == size:
            yield buf


def window_sums(src, size):
    for w in windows(src, size):
        yield sum(w)


def chained(*sources):
    for s in sources:
        yield from s


def running_max(src):
    best = None
    for v in src:
        if best is None or v > best:
            best = v
        yield best


def take(src, n):
    for i, v in enumerate(src):
        if i >= n:
            return
        yield v


def pipeline(seed, n):
    src = chained(scaled(keep_odd(numbers(seed, n)), 3),
                  scaled(keep_odd(numbers(seed + 1, n)), 5))
    sums = window_sums(src, 4)
    total = 0
    count = 0
    last = 0
    for m in running_max(v % 1000 for v in sums):
        total += m
        count += 1
        last = m
    squares = sum(x * x for x in take(numbers(seed, n), 1000) if x % 3 == 0)
    return count, total, last, squares


grand = 0
for seed in range(1, 6):
    result = pipeline(seed, 450000)
    grand += result[1]
    print(seed, result)
print("grand", grand)
