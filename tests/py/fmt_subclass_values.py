# str.format on instances of int, float and str subclasses formats their
# value, as CPython does (MicroPython 1.27 raises TypeError for any spec;
# Mica follows CPython here). Errors name the subclass. A __format__ method
# still wins. fmt_subclass_values.exp is python3's output with two
# MicroPython wordings applied: "unknown format code" in lower case, as the
# 1.27 WebAssembly port words it (its lines for {:x} on I and {:.1f} on Fl
# read exactly so), and "sign not allowed in string format specifier"
# (the port's words for '{:+s}'; CPython: "Sign not allowed ...").
class I(int):
    pass
class Fl(float):
    pass
class S(str):
    pass
class Own(int):
    def __format__(self, spec):
        return 'own:' + spec
for v in (I(3), I(-42), Fl(12.5), Fl(-0.375), S('ab'), Own(7)):
    for spec in ('{:>6}', '{:x}', '{:06}', '{}', '{:.1f}', '{:=6}', '{:s}', '{:.1}', '{:+}', '{:^7}'):
        try:
            print(type(v).__name__, spec, repr(spec.format(v)))
        except (TypeError, ValueError) as e:
            print(type(v).__name__, spec, type(e).__name__, e)
print(f'{I(5):03d}|{Fl(2.5):>8.2f}|{S("q"):*^5}|')
