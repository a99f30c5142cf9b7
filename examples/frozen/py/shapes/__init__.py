# A frozen package: its submodules are frozen too.
from .circle import Circle
from .square import Square

print("shapes package initialised")
