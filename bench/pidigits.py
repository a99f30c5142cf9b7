# Digits of pi with a streaming spigot (Gibbons' algorithm): big-integer
# multiplication, addition and floor division on growing numbers. Then
# digits of e from its series, as one big integer.


def pi_digits(n):
    q, r, t, k, m, x = 1, 0, 1, 1, 3, 3
    out = []
    while len(out) < n:
        if 4 * q + r - t < m * t:
            out.append(m)
            q, r, m = 10 * q, 10 * (r - m * t), (10 * (3 * q + r)) // t - 10 * m
        else:
            q, r, t, k, m, x = (q * k, (2 * q + r) * x, t * x, k + 1,
                                (q * (7 * k + 2) + r * x) // (t * x), x + 2)
    return out


def e_digits(n):
    # e = sum 1/k!, scaled by 10**(n + 10)
    scale = 10 ** (n + 10)
    term = scale
    total = 0
    k = 0
    while term:
        total += term
        k += 1
        term //= k
    return str(total)[:n]


digits = pi_digits(5000)
text = "".join([str(d) for d in digits])
print(text[:50])
print(text[-50:])
print("sum", sum(digits))
e = e_digits(4000)
print(e[:50])
print(e[-50:])
