# MicroPython differences in formatting that Mica reproduces (expected output
# in text_mp_format.exp, not CPython's):
# - a float formatted with a spec but no type letter uses 'g' (CPython uses
#   repr-like output: '{:5}'.format(1.0) is '  1.0' there)
# - any other object with a spec is formatted as its str() (CPython raises
#   TypeError: unsupported format string passed to NoneType.__format__)
# - assigning an int outside 0..255 to a bytearray item truncates it
print('{:5}|{:<8}|{:^9}|'.format(1.0, 1234567.891, -0.5))
print(f'{2.5:6}|{1e20:>8}|')
print('{:>6}|{:<6}|{:^8}|'.format(None, [1], (2,)))
ba = bytearray(2)
ba[0] = 300
ba[1] = -1
print(ba)
