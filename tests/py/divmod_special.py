# divmod() beyond MicroPython, as in CPython: the right operand's
# __rdivmod__ is tried, and subclasses of int and float divide on their
# value (MicroPython 1.27 raises TypeError for both). Errors print their
# type only (MicroPython's wording differs; see divmod_mp.py).
class A:
    def __rdivmod__(self, o):
        return ('rdm', o)
class Both:
    def __divmod__(self, o):
        return 'left'
    def __rdivmod__(self, o):
        return 'right'
class F(float):
    pass
class I(int):
    pass
for f in (lambda: divmod(1, A()), lambda: divmod(Both(), Both()), lambda: divmod(3, Both()),
          lambda: divmod(7, F(2.5)), lambda: divmod(F(-7.5), 2), lambda: divmod(-7, I(2)),
          lambda: divmod(A(), A()), lambda: divmod([], 1)):
    try:
        print(f())
    except TypeError:
        print('TypeError')
