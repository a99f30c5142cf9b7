# random: MicroPython's own sequence for a given seed (the Yasmarang
# generator), so the expected output is mod_random.exp (made with MicroPython),
# not CPython's.
import random

random.seed(12345)
print([random.getrandbits(8) for _ in range(8)])
print([random.getrandbits(k) for k in (0, 1, 7, 16, 31, 32)])
print([random.randrange(100) for _ in range(5)], [random.randrange(10, 20) for _ in range(5)])
print([random.randrange(10, 100, 7) for _ in range(5)], [random.randrange(100, 10, -7) for _ in range(5)])
print([random.randint(1, 6) for _ in range(10)], [random.randint(-5, -3) for _ in range(5)])
random.seed(1)
print([random.random() for _ in range(4)])
print([random.uniform(5, 10) for _ in range(3)], random.uniform(2, 2))
print([random.choice("abcdef") for _ in range(6)], random.choice([42]), random.choice((7, 8)))
random.seed(0)
a = [random.getrandbits(16) for _ in range(3)]
random.seed(0)
print(a == [random.getrandbits(16) for _ in range(3)], a)
for f in (lambda: random.getrandbits(33), lambda: random.getrandbits(-1), lambda: random.randrange(0),
          lambda: random.randrange(5, 5), lambda: random.randrange(1, 5, 0), lambda: random.randint(5, 1)):
    try:
        f()
    except ValueError:
        print("ValueError")
try:
    random.choice([])
except IndexError:
    print("IndexError")
