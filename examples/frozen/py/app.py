# The application of the frozen example: this module and everything it
# imports are frozen into the program (examples/frozen/main.c).
import sys
import greet
import shapes
from shapes import Circle, Square
from shapes.util import total_area, stats

print(greet.hello("flash"))
print(greet.__name__, greet.__file__)
print(shapes.__name__, shapes.__file__, shapes.__path__)
print(shapes.util.__name__, shapes.util.__file__)
print(sys.path)

items = [Circle(1), Square(2), Circle(0.5)]
for s in items:
    print(s)
print("total %.3f" % total_area(items))
print(sorted(stats([s.area() for s in items]).items()))

# constants that stay in flash: a long str and a bytes table
print(greet.BANNER)
print(len(greet.TABLE), greet.TABLE[:4], greet.TABLE[-1])
print(list(greet.countdown(3)))
counter = greet.make_counter()
counter()
print(counter())

# a module with @micropython.native x64 machine code, frozen as is
import native_loops
print(native_loops.sum_to(5), native_loops.collatz_len(6))

try:
    import not_frozen_anywhere
except ImportError as e:
    print("ImportError:", e)
try:
    greet.fail(7)
except ValueError as e:
    print("ValueError:", e)
