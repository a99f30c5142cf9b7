a = 2 ** 200 + 12345
b = 3 ** 150 - 1
print(a + b, a - b, b - a)
print(a * b)
print(a // 12345, a % 12345, divmod(-a, 97), (-a) // 7, (-a) % 7)
print(a >> 50, a << 13, -a >> 3, a & b, a | b, a ^ b, ~a, (-a) & 0xFFFF)
print(pow(a, 3, 10 ** 9 + 7), pow(3, 1000) % 1000007)
print(int("123456789012345678901234567890"), int("-ffffffffffffffffffff", 16))
print(hex(a), oct(b), bin(2 ** 70))
print(a == a + 0, a > b, a < b, -a < -b, 10 ** 30 // 10 ** 15)
x = 1
for i in range(1, 60):
    x *= i
print(x, len(str(x)))
print(float(2 ** 80), int(1e20), 2 ** 64 / 2 ** 32, (2 ** 64 + 1) * 1.0)
n = 7
for _ in range(6):
    n = n * n + 1
print(n, n % 1000000007)
print(abs(-a), -(-a) == a, 0 - a, a * 0, a ** 0)
