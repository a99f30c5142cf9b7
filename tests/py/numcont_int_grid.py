# more int checks: every operator on a grid of small/big/negative values
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__)
import random
random.seed(5)
ops = ['+', '-', '*', '//', '%', '**', '&', '|', '^', '<<', '>>', '<', '==', 'divmod']
nums = [0, 1, -1, 3, -3, 2**32 - 1, -(2**32), 2**62 - 1, -(2**62), 2**63, 2**64 + 1, -(2**65) - 7, 12345678901234567890123, -98765432109876543210987654321]
for a in nums:
    for b in nums:
        r = []
        r.append(a + b); r.append(a - b); r.append(a * b)
        if b:
            r.append(a // b); r.append(a % b); r.append(divmod(a, b)); r.append(a / b)
        r.append(a & b); r.append(a | b); r.append(a ^ b)
        if 0 <= b < 200:
            r.append(a << b); r.append(a >> b)
        if 0 <= b < 40 and abs(a) < 2**70:
            r.append(a ** b)
        r.append((a < b, a <= b, a == b, a != b, a > b, a >= b))
        print(r)
for a in nums:
    print(str(a), hex(a), oct(a), bin(a)[:40], format(a, ','), format(a, '_b')[-20:], format(a, '>30'), format(a, '+'), -a, ~a, abs(a), a.bit_length(), a.bit_count())
    print(int(str(a)), int(hex(a), 16), int(oct(a), 0), int(bin(a), 0), a == int(float(a)) if abs(a) < 2**53 else '')
for a in [0, 1, 255, 256, -1, -128, -129, 2**64, -(2**64)]:
    for n, sgn in [(1, True), (2, True), (9, False), (9, True), (20, True)]:
        t(lambda: (a.to_bytes(n, 'big', signed=sgn), a.to_bytes(n, 'little', signed=sgn)))
for bs in [b'', b'\x00', b'\xff', b'\x80\x00', b'\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a']:
    print(int.from_bytes(bs, 'big'), int.from_bytes(bs, 'little'), int.from_bytes(bs, 'big', signed=True), int.from_bytes(bs, 'little', signed=True))
for s in ['0', '-0', '000', '12345678901234567890', '-12345678901234567890', '  42  ', '+7', '1_2_3']:
    print(int(s), int(s, 10), int(s, 16))
for b in range(2, 37):
    print(b, int('10', b), int('zz'[:1] if b > 35 else '1', b), int('-' + '1' * 30, b) % 1000003)
print(int('0b11', 0), int('0o17', 0), int('0x1F', 0), int('0B11', 2), int('0O17', 8), int('0X1f', 16))
print(2**64 // 3.0, 2**64 % 3.0, 3.0 // 2**64, (-2**64) // 7.0, divmod(2**100, 2.5))
print(float(2**63), float(-(2**63)), float(2**53 + 1), float(10**22), float(123456789012345678901234567890))
print(int(1e22), int(-1.5e18), int(2.0**100), int(-0.5), int(0.9999999999999999))
print(10**21 // 10**20, -(10**21) // 10**20 , 10**21 % 7, -(10**21) % 7, 10**21 % -7)
