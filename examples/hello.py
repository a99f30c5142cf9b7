# A small end-to-end example: classes, closures, generators, big ints.
class Greeter:
    def __init__(self, name):
        self.name = name

    def greet(self):
        return "Hello, %s!" % self.name


def counter():
    n = 0
    def bump():
        nonlocal n
        n += 1
        return n
    return bump


def squares(limit):
    for i in range(limit):
        yield i * i


print(Greeter("Mica").greet())
c = counter()
c(); c()
print("counter:", c())
print("squares:", list(squares(6)))
print("2**100 =", 2 ** 100)
print({k: len(k) for k in ["a", "bb", "ccc"]})
