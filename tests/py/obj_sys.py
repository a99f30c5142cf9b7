# sys: the attributes MicroPython's unix port has. MicroPython difference:
# sys.implementation.name is 'micropython', sys.version_info is (3, 4, 0),
# sys.atexit exists, sys.stdout.buffer is an io.FileIO; so the expected
# output is in obj_sys.exp.
# Evidence (gaps round): every expression below was also evaluated on the
# stock MicroPython 1.27 WebAssembly port. These agree with obj_sys.exp:
# the types of argv/path/modules, sys.implementation (name, 4-tuple version,
# _mpy, indexable), version type and version_info[0] == 3 and >= (3, 4),
# byteorder, ps1/ps2, the reprs of stdin/stdout/stderr and of their .buffer,
# their filenos, the return values of write(), print_exception and exit.
# Port-specific, kept as on the unix port: the wasm port has an empty argv
# (it imports the module, there is no command line), sys.platform is
# 'webassembly' there, sys.maxsize is 2**31-1 (32-bit; the test accepts
# both), and its 'pyscript' build has no sys.atexit and no sys.executable
# (unix-port features). NOT confirmed by the wasm run (it raises
# AttributeError for all three), so reported to the lead as unverified:
# sys.intern, sys.version_info.major (version_info is a plain tuple there)
# and SystemExit's .code attribute.
import sys
print(type(sys.argv).__name__, sys.argv[0], type(sys.path).__name__, type(sys.modules).__name__)
print(sys.implementation.name, type(sys.implementation.version).__name__, len(sys.implementation.version))
print(hasattr(sys.implementation, '_mpy'), sys.implementation[0] == sys.implementation.name)
print(type(sys.version).__name__, sys.version_info[0], sys.version_info.major, sys.version_info >= (3, 4))
print(sys.maxsize == 2 ** 63 - 1 or sys.maxsize == 2 ** 31 - 1, sys.byteorder, sys.platform)
print(sys.ps1, sys.ps2)
print(sys.intern('ab' + 'c') == 'abc')
print(sys.stdin, sys.stdout, sys.stderr)
print(sys.stdin.buffer, sys.stdout.buffer, sys.stderr.buffer)
print(sys.stdout.fileno(), sys.stderr.fileno(), sys.stdin.fileno())
n = sys.stdout.write('written\n')
print(n)
n = sys.stdout.buffer.write(b'bytes\n')
print(n)
sys.stdout.flush()
sys.stderr.write('to stderr\n')
for name in ('argv', 'path', 'modules', 'exit', 'stdin', 'stdout', 'stderr', 'implementation',
             'version', 'version_info', 'maxsize', 'byteorder', 'platform', 'print_exception',
             'atexit', 'executable'):
    print(name, hasattr(sys, name))
print(sorted(x for x in dir(sys) if not x.startswith('_')))


def bye():
    print('atexit ran')


sys.atexit(bye)
try:
    sys.exit(0)
except SystemExit as e:
    print('caught exit', e.code)
print('end')
sys.exit()
