# Runaway recursion must raise RuntimeError (RecursionError on CPython), never crash.
def down(n):
    return down(n + 1) + 1

try:
    down(0)
except RuntimeError as e:
    print("caught", isinstance(e, RuntimeError))

# mutual recursion through a method and a generator
class A:
    def f(self, n):
        return [x for x in self.g(n)]
    def g(self, n):
        yield self.f(n + 1)

try:
    A().f(0)
except RuntimeError:
    print("caught deep method/generator recursion")

# the interpreter still works afterwards
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
print(fact(50))
