# heapq: heappush, heappop, heapify (same list order as CPython)
import heapq

h = []
for x in [5, 1, 4, 2, 3, 9, 0, 7, 1]:
    heapq.heappush(h, x)
    print(h)
print([heapq.heappop(h) for _ in range(9)], h)
for data in ([9, 8, 7, 6, 5, 4, 3, 2, 1], [1], [], [3, 1, 2], list("heapsort"), [2.5, -1, 7, 0.5]):
    heapq.heapify(data)
    print(data)
    print([heapq.heappop(data) for _ in range(len(data))])
tasks = []
for prio, name in ((3, "c"), (1, "a"), (2, "b"), (1, "aa")):
    heapq.heappush(tasks, (prio, name))
print([heapq.heappop(tasks) for _ in range(4)])
try:
    heapq.heappop([])
except IndexError:
    print("IndexError")
for bad in ((), None):
    try:
        heapq.heapify(bad)
    except TypeError:
        print("TypeError")
