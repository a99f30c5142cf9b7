import counter
print(counter.Counter)
c = counter.Counter()
print(c, c.value())
seen = []
c2 = counter.Counter(5, 8, callback=seen.append)
print(c2.incr(), c2.incr(2), seen)
try:
    c2.incr(10)
except counter.CounterError as e:
    print("CounterError", e, repr(e), isinstance(e, Exception))
print(c2, c2 + 1, type(c2 + 1) is counter.Counter)
try:
    c2 + "x"
except TypeError as e:
    print("TypeError", e)
c2.reset()
print(c2.value())
print(counter.history())
counter.LIMIT = 5
print(counter.history())
print([counter.prime(i) for i in range(12)])
try:
    counter.prime(12)
except IndexError as e:
    print("IndexError", e)
print([counter.name(i) for i in range(-1, 5)])
print(counter.made())
print(counter.safe_call(lambda x: x * 2, 21))
print(counter.safe_call(lambda x: 1 // x, 0))
print(counter.safe_call(counter.prime, 99))
try:
    counter.Counter(1, 2, 3)
except TypeError as e:
    print("TypeError", e)
try:
    raise counter.CounterError("direct")
except Exception as e:
    print(type(e).__name__, e.args)
class Sub(counter.CounterError):
    pass
try:
    raise Sub(1, 2)
except counter.CounterError as e:
    print("Sub caught", e.args)
print(counter.CounterError.__name__, counter.Counter.__name__)
