# memoryview behaviour where MicroPython differs from CPython. Expected output
# in mv_mp_compat.exp is the stdout of this very file on the stock MicroPython
# 1.27 WebAssembly port (node /work/shared/tools/mp-wasm-run.mjs), byte for byte:
# - slices with a step other than 1 raise NotImplementedError (CPython
#   returns a strided view), for reading and for assignment
# - item values are truncated to the item type instead of raising ValueError
# - slice assignment needs the same item size and item count (typecodes may
#   differ: 'H' into 'h'); otherwise ValueError 'lhs and rhs should be compatible'
# - a non-buffer (or str) right side raises NotImplementedError
# - deleting items / writing a read-only view: MicroPython's TypeError wording
import array

def show(label, f):
    try:
        v = f()
        if isinstance(v, memoryview):
            v = (len(v), bytes(v))
        print(label, v)
    except Exception as e:
        print(label, type(e).__name__, e)

b = bytearray(b'abcdefgh')
m = memoryview(b)
show('step2', lambda: m[::2])
show('step3', lambda: m[1::3])
show('neg', lambda: m[::-1])
show('neg2', lambda: m[5:1:-2])
show('step1', lambda: m[::1])
show('empty-step', lambda: m[3:3:2])

def assign(label, stmt):
    # MicroPython has no slice() builtin, so the assignment is source text
    try:
        exec(stmt, globals())
        print(label, bytes(b), list(a))
    except Exception as e:
        print(label, type(e).__name__, e)

a = array.array('h', [1, 2, 3, 4])
ma = memoryview(a)
assign('a-step', "m[::2] = b'1234'")
assign('a-trunc', 'm[0] = 300')
assign('a-neg', 'm[1] = -1')
assign('a-big', 'm[2] = 2**40')
assign('a-len', "m[1:3] = b'XYZ'")
assign('a-ok', "m[1:3] = b'XY'")
assign('a-bytearray', "m[3:5] = bytearray(b'QR')")
assign('a-mv', "m[5:7] = memoryview(b'ST')")
assign('a-str', "m[0:2] = 'qq'")
assign('a-list', 'm[0:2] = [1, 2]')
assign('a-int', 'm[0:2] = 5')
assign('a-h-into-B', "m[0:2] = array.array('h', [0x4142])")
assign('a-b-into-B', "m[0:2] = array.array('b', [-1, 8])")
assign('h-short-trunc', 'ma[1] = 70000')
assign('h-bytes', "ma[0:2] = b'\\x05\\x00\\x06\\x00'")
assign('h-H', "ma[0:2] = array.array('H', [7, 8])")
assign('h-i', "ma[0:1] = array.array('i', [9])")
assign('h-float', 'ma[0] = 1.5')
show('h-slice', lambda: list(ma[1:3]))

def delete():
    del m[0]
show('del', delete)
ro = memoryview(b'xyz')
def write_ro():
    ro[0] = 1
show('ro', write_ro)
show('ro-slice', lambda: ro[1:][0])
show('index', lambda: m[8])
show('float-index', lambda: m[1.0])
