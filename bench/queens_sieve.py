# List-heavy integer work: N-queens by backtracking with lists as stacks,
# a sieve of Eratosthenes, list comprehensions and sorting with keys.


def queens(n):
    cols = [False] * n
    diag1 = [False] * (2 * n)
    diag2 = [False] * (2 * n)
    placement = [0] * n
    solutions = 0
    first = None
    row = 0
    col = 0
    stack = []
    while True:
        placed = False
        while col < n:
            if not cols[col] and not diag1[row + col] and not diag2[row - col + n]:
                cols[col] = diag1[row + col] = diag2[row - col + n] = True
                placement[row] = col
                stack.append(col)
                placed = True
                break
            col += 1
        if placed and row == n - 1:
            solutions += 1
            if first is None:
                first = placement[:]
            placed = False
            c = stack.pop()
            cols[c] = diag1[row + c] = diag2[row - c + n] = False
            col = c + 1
            continue
        if placed:
            row += 1
            col = 0
            continue
        if not stack:
            return solutions, first
        row -= 1
        c = stack.pop()
        cols[c] = diag1[row + c] = diag2[row - c + n] = False
        col = c + 1


def sieve(limit):
    flags = [True] * (limit + 1)
    flags[0] = flags[1] = False
    i = 2
    while i * i <= limit:
        if flags[i]:
            for j in range(i * i, limit + 1, i):
                flags[j] = False
        i += 1
    return [k for k in range(limit + 1) if flags[k]]


def digit_sum(v):
    s = 0
    while v:
        s += v % 10
        v //= 10
    return s


for n in (6, 8, 10, 11, 12):
    count, first = queens(n)
    print("queens", n, count, first)
for _ in range(20):
    primes = sieve(200000)
print("primes", len(primes), primes[-3:])
gaps = [primes[i + 1] - primes[i] for i in range(len(primes) - 1)]
print("max gap", max(gaps), "mean gap %.4f" % (sum(gaps) / len(gaps)))
by_digits = sorted(primes[:5000], key=lambda p: (digit_sum(p), -p))
print("sorted", by_digits[:5], by_digits[-3:])
