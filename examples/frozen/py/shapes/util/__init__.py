# A nested frozen package, importing its sibling through a relative import.
from .. import circle


def total_area(items):
    return sum(s.area() for s in items)


def stats(values):
    values = sorted(values)
    return {"n": len(values), "min": round(values[0], 3), "max": round(values[-1], 3),
            "has_circle_pi": circle.Circle.PI}
