# complex repr and construction, MicroPython style. Expected output:
# numcont_complex_repr_mp.exp, made on the MicroPython 1.27 WebAssembly port
# (byte for byte). MicroPython differences it pins: a zero real part of
# either sign is left out of the repr (-1j where CPython prints (-0-1j),
# -0j for (-0-0j)); complex(x, y) with a real y adds the parts, so a
# negative-zero y gives imag +0.0 (complex(1.5, -0.0) is (1.5+0j), CPython
# (1.5-0j)).
import math


def signs(z):
    return (math.copysign(1, z.real), math.copysign(1, z.imag))


zs = [0j, 1j, -1j, -0j, 1 + 2j, -1.5 - 0.5j, complex(0, -0.0), complex(-0.0, 0),
      complex(-0.0, -0.0), complex(-0.0, -1), complex(1.5, -0.0), complex(-3, 0),
      complex(0, 2.5), complex(-0.0), complex('-0-0j'), complex('-1j'), complex(-0.0, 1j),
      complex(1j, -0.0), complex(-0.0j), complex(1e20, 0), complex(0, float('inf')),
      complex(0, float('-inf')), complex(0, float('nan')), complex(float('nan'), 1),
      complex(0.0, 1e-7), complex(-0.0, -1e300), 0j * -1, 1 - 1j - 1, 3 + 0j, -(1.5 + 0j)]
for z in zs:
    print(repr(z), str(z), z.real, z.imag, signs(z), -z, +z, z == z, bool(z))
print([-1j, complex(-0.0, 2)], (complex(-0.0, -1),), {1: -2j})
print('%s %r' % (complex(-0.0, 1), complex(-0.0, -0.0)), '{} {!r}'.format(-1j, -0j))
print(-(1j), 0 - 1j, -1 * 1j, 1j * -1, -(0j), (1 - 1j) - 1)
