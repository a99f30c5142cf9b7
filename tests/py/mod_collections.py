# collections: namedtuple, OrderedDict, deque (only what MicroPython and CPython share)
from collections import namedtuple, OrderedDict, deque

Point = namedtuple("Point", ["x", "y"])
p = Point(3, 4)
print(p, p.x, p.y, p[0], p[-1], len(p), p == (3, 4), p != (4, 3), isinstance(p, tuple))
print(Point(y=2, x=1), Point(1, y=5), p._replace(y=40), p._fields, p + (5,), p[:1])
x, y = p
print(x, y, list(p), tuple(p), hash(p) == hash((3, 4)), sorted([Point(2, 1), Point(1, 2)]))
Rec = namedtuple("Rec", "name age city")
Csv = namedtuple("Csv", "a,b")
print(Rec("ann", 30, "oslo"), Csv(1, 2), Rec._fields if hasattr(Rec, "_fields") else 0)
for bad in ((1,), (1, 2, 3)):
    try:
        Point(*bad)
    except TypeError:
        print("TypeError", len(bad))
try:
    p.x = 5
except AttributeError:
    print("AttributeError")

od = OrderedDict()
for k in "zebra":
    od[k] = ord(k)
print(list(od), list(od.keys()), list(od.values()), list(od.items()))
del od["e"]
od["e"] = 0
od["z"] = -1
print(list(od.items()), len(od), "z" in od, "q" in od, od.get("q", "dflt"))
od2 = OrderedDict([("b", 1), ("a", 2)])
print(list(od2.items()), od2.pop("b"), list(od2), od2 == {"a": 2})
od3 = OrderedDict.fromkeys("cab", 0)
print(list(od3.items()), od3 == OrderedDict.fromkeys("cab", 0), od3.popitem(), list(od3))
od3.setdefault("q", 1)
od3.update({"z": 2})
print(list(od3.items()), type(od3.copy()).__name__ if hasattr(od3, "copy") else "OrderedDict")

dq = deque((), 5)
for i in range(7):
    dq.append(i)
print(list(dq), len(dq), dq[0], dq[-1], bool(dq))
dq.appendleft(-1)
print(list(dq), dq.popleft(), dq.pop(), list(dq))
q = deque([1, 2, 3], 10)
q.extend([4, 5])
print(len(q), q.popleft(), q.popleft(), len(q), [v for v in q], 4 in q)
while q:
    q.pop()
print(len(q), bool(q))
try:
    q.pop()
except IndexError:
    print("IndexError")
print(deque([1, 2], 5), deque(), repr(deque("ab", 0)))
