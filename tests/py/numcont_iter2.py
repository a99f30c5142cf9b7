# __reversed__, the __getitem__ sequence protocol through every consumer,
# enumerate start forms (issue 4). (reversed() of a set or generator fails
# lazily in MicroPython, so those are left out.)
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__)
class RV:
    def __reversed__(self):
        return iter('zyx')
    def __iter__(self):
        return iter('xyz')
t(lambda: list(reversed(RV())))
t(lambda: list(RV()))
t(lambda: enumerate([1], 1.5))
t(lambda: list(enumerate([1], 2**70)))
t(lambda: list(enumerate([1], True)))
t(lambda: zip(1))
t(lambda: map(abs))
t(lambda: list(map(abs, 5)))
t(lambda: filter(None))
t(lambda: reversed())
t(lambda: list(reversed(b'abc')))
t(lambda: list(reversed(bytearray(b'ab'))))
t(lambda: list(reversed(memoryview(b'ab'))))
class G:
    def __getitem__(self, i):
        if i < 3:
            return i
        raise IndexError
t(lambda: list(G()))
t(lambda: list(enumerate(G())))
t(lambda: list(zip(G(), 'ab')))
t(lambda: sorted(G(), reverse=True))
t(lambda: 2 in G())
t(lambda: 5 in G())
t(lambda: min(G()), )
t(lambda: sum(G(), 10))
t(lambda: tuple(G()))
t(lambda: set(G()) == {0, 1, 2})
t(lambda: dict.fromkeys(G()) == {0: None, 1: None, 2: None})
t(lambda: list(map(lambda a, b: a * b, G(), G())))
t(lambda: [a for a in G() if a])
t(lambda: list(filter(None, G())))
def gen():
    yield from range(3)
t(lambda: list(reversed(list(gen()))))
