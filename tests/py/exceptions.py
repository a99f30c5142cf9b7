def f(x):
    try:
        if x == 0:
            raise ValueError("zero")
        elif x == 1:
            return 1 / 0
        elif x == 2:
            return [][1]
        elif x == 3:
            return {}["k"]
        return "ok"
    except ValueError as e:
        return "value:" + str(e)
    except (ZeroDivisionError, IndexError) as e:
        return "arith/index:" + type(e).__name__
    finally:
        print("finally", x)

for i in range(5):
    try:
        print(f(i))
    except KeyError as e:
        print("outer KeyError", e.args)

def nested():
    for i in range(3):
        try:
            try:
                if i == 1:
                    continue
                if i == 2:
                    break
                print("body", i)
            finally:
                print("inner finally", i)
        finally:
            print("outer finally", i)
    return "end"
print(nested())

def ret_in_finally():
    try:
        return 1
    finally:
        print("running finally before return")
print(ret_in_finally())

try:
    try:
        raise TypeError("a")
    except TypeError:
        raise
except TypeError as e:
    print("re-raised", e)

class MyErr(ValueError):
    pass
try:
    raise MyErr
except ValueError as e:
    print("subclass caught", type(e).__name__)
try:
    assert 1 == 2, "assertion message"
except AssertionError as e:
    print("assert", e)
e = None
try:
    int("x")
except ValueError:
    print("int parse error")
print(e)
