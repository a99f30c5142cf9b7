# A plain frozen module: functions, a generator, a closure and constants.
BANNER = "Mica runs this module from read-only memory: " + "-" * 8
TABLE = b"\x00\x01\x02\x03 frozen bytes constant \xfe\xff"


def hello(where):
    return "hello from %s" % where


def countdown(n):
    while n > 0:
        yield n
        n -= 1


def make_counter():
    count = 0

    def step():
        nonlocal count
        count += 1
        return count

    return step


def fail(n):
    raise ValueError("frozen code raised %d" % n)
