# native.md 13: functions, types and objects of natmods stay usable after
# the modules are removed from sys.modules, the stack is overwritten, the
# heap collected and refilled. counter's history list lives only in BSS.
import sys, gc
import counter, funcs
hist = counter.history
prime = counter.prime
Counter = counter.Counter
Err = counter.CounterError
total = funcs.total
shout = funcs.shout
c = Counter(1, 3)
del sys.modules['counter'], sys.modules['funcs']
del counter, funcs


def clobber(n):
    x = [0] * 64
    return clobber(n - 1) if n else x


clobber(50)
gc.collect()
junk = [[i] * 10 for i in range(1000)]
gc.collect()
print(hist(), prime(3), total([1, 2, 3]), shout("ok", 4))
c.incr()
print(c, Counter(7))
try:
    c.incr(5)
except Err as e:
    print("CounterError", e)
print(hist())
import counter
print(counter.history(), counter.Counter is Counter)
