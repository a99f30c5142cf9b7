# platform: the three functions MicroPython has (values depend on the machine)
import platform

p = platform.platform()
print(type(p).__name__, len(p) > 0, "-" in p)
print(type(platform.python_compiler()).__name__)
lib = platform.libc_ver()
print(type(lib).__name__, len(lib), type(lib[0]).__name__, type(lib[1]).__name__)
