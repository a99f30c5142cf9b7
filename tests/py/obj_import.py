# __import__ with fromlist and level (relative to the globals passed in,
# using __package__ or __name__), and relative imports inside a package.
# The package is written to a scratch directory first.
import os
import sys

root = '/tmp/mica_obj_import_pkg'
for d in (root, root + '/objpkg', root + '/objpkg/sub'):
    try:
        os.mkdir(d)
    except OSError:
        pass
files = {
    'objpkg/__init__.py': "X = 1\n",
    'objpkg/mod.py': "Y = 2\nfrom . import sibling\nfrom .sibling import S\n",
    'objpkg/sibling.py': "S = 'sib'\n",
    'objpkg/sub/__init__.py': "from .. import X\nfrom ..mod import Y\nZ = X + Y\n",
    'objlazy.py': "X = 1\ndef __getattr__(name):\n    if name == 'lazy':\n        return 'computed'\n"
                  "    raise AttributeError(name)\n",
}
for name, text in files.items():
    with open(root + '/' + name, 'w') as f:
        f.write(text)
sys.path.insert(0, root)

import objpkg.sub
print(objpkg.sub.Z, objpkg.mod.Y, objpkg.mod.S, objpkg.X)
import objpkg.mod as pm
print(pm.__name__, pm.sibling.S)
from objpkg import mod, sibling
print(mod.Y, sibling.S)
m = __import__('objpkg.sub')
print(m.__name__)
m = __import__('objpkg.sub', globals(), locals(), ['Z'], 0)
print(m.__name__, m.Z)
m = __import__('sibling', {'__name__': 'objpkg.mod'}, None, ['S'], 1)
print(m.__name__, m.S)
m = __import__('mod', {'__name__': 'objpkg.sub', '__package__': 'objpkg.sub'}, None, ['Y'], 2)
print(m.__name__, m.Y)
print(sys.modules['objpkg.mod'] is pm, 'objpkg.sub' in sys.modules)
try:
    from objpkg import nope
except ImportError:
    print('ImportError for a missing name')
try:
    import objpkg.nope
except ImportError:
    print('ImportError for a missing module')
try:
    __import__('x', {'__name__': '__main__'}, None, None, 1)
except ImportError:
    print('ImportError for a relative import outside a package')

# a module-level __getattr__ supplies missing names
import objlazy
print(objlazy.X, objlazy.lazy, hasattr(objlazy, 'nope'))
from objlazy import lazy
print(lazy)
try:
    from objlazy import nope
except ImportError:
    print('ImportError from a module __getattr__')
