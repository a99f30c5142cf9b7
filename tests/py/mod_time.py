# time: the deterministic parts (conversions, tick arithmetic, monotonicity)
import time

t1 = time.time()
time.sleep(0.01)
t2 = time.time()
print(t2 > t1, t1 > 1600000000, isinstance(time.time_ns(), int), time.time_ns() > 1600000000 * 10 ** 9)
g = time.gmtime(0)
print(tuple(g[:6]), g[6], g[7])
print(tuple(time.gmtime(86400 * 365)[:8]), tuple(time.gmtime(951782400)[:8]))
print(tuple(time.gmtime(1700000000)[:8]), tuple(time.gmtime(2 ** 31)[:8]))
print(len(time.localtime()) >= 8, len(time.localtime(0)) >= 8)
lt = time.localtime(1000000000)
print(time.mktime(lt) == 1000000000, time.mktime(time.localtime(86400 * 400)) == 86400 * 400)
if hasattr(time, "ticks_ms"):
    # MicroPython's wrapping tick counters
    a = time.ticks_ms()
    time.sleep_ms(5)
    b = time.ticks_ms()
    print(time.ticks_diff(b, a) >= 4, time.ticks_diff(time.ticks_add(a, 100), a), time.ticks_diff(a, time.ticks_add(a, 100)))
    u = time.ticks_us()
    time.sleep_us(1000)
    print(time.ticks_diff(time.ticks_us(), u) >= 900, isinstance(time.ticks_cpu(), int))
    print(time.ticks_diff(time.ticks_add(0, -1), 0), time.ticks_add(time.ticks_add(12345, 2 ** 20), -(2 ** 20)))
else:
    print(True, 100, -100)
    print(True, True)
    print(-1, 12345)
