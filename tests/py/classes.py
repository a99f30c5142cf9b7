class Base:
    count = 0
    def __init__(self, v):
        self.v = v
        Base.count += 1
    def describe(self):
        return "%s(%r)" % (type(self).__name__, self.v)
    def __eq__(self, other):
        return isinstance(other, Base) and self.v == other.v
    def __hash__(self):
        return hash(self.v)
    def __lt__(self, other):
        return self.v < other.v
    def __repr__(self):
        return self.describe()

class Derived(Base):
    def __init__(self, v, w):
        super().__init__(v)
        self.w = w
    def describe(self):
        return super().describe() + "+" + str(self.w)
    @property
    def total(self):
        return self.v + self.w
    @total.setter
    def total(self, t):
        self.w = t - self.v
    @staticmethod
    def make():
        return Derived(1, 2)
    @classmethod
    def name(cls):
        return cls.__name__

d = Derived.make()
print(d, d.total)
d.total = 10
print(d.w, Derived.name(), Base.count)
print(sorted([Base(3), Base(1), Base(2)]))
print(Base(1) == Base(1), Base(1) != Base(2), len({Base(1), Base(1)}))

class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    def __rmul__(self, k):
        return self * k
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __iter__(self):
        yield self.x
        yield self.y
    def __str__(self):
        return "Vec(%d, %d)" % (self.x, self.y)
    def __call__(self, z):
        return self.x + self.y + z
    def __contains__(self, v):
        return v in (self.x, self.y)

v = Vec(1, 2) + Vec(3, 4)
print(v, 2 * v, v * 3, len(v), v[0], list(v), v(10), 4 in v, 7 in v)

class MyList(list):
    def total(self):
        return sum(self)
m = MyList([1, 2, 3])
m.append(4)
print(m.total(), len(m), isinstance(m, list))

class E(Exception):
    def __init__(self, code):
        super().__init__("code %d" % code)
        self.code = code
try:
    raise E(7)
except Exception as e:
    print(type(e).__name__, e.code, e.args)

class Ctx:
    def __enter__(self):
        print("enter")
        return self
    def __exit__(self, t, v, tb):
        print("exit", t.__name__ if t else None)
        return True
with Ctx() as c:
    raise ValueError("inside")
print("after with")
print(getattr(d, "missing", "default"), hasattr(d, "v"))
