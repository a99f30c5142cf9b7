#!/usr/bin/env python3
"""Disassemble the machine code of every native/viper/asm raw code in an .mpy file.

Usage: tools/mpy-objdump.py FILE.mpy [--arch x64|armv7m|armv6m|xtensa]

Uses ../shared/tools/mpyinspect.py to parse the file and GNU objdump to
disassemble.  Function-table calls (x64 `call *0xNN(%rbp)` patterns via rax)
are annotated with the entry name, which makes comparing our emitter's output
with mpy-cross's easy:  diff <(mpy-objdump.py ours.mpy) <(mpy-objdump.py ref.mpy)
"""
import os, subprocess, sys, tempfile, re

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "shared", "tools"))
import mpyinspect as mi  # noqa: E402

FUN_TABLE = """const_none const_false const_true native_from_obj native_to_obj swap_globals
load_name load_global load_build_class load_attr load_method load_super_method store_name
store_global store_attr obj_subscr obj_is_true unary_op binary_op new_tuple new_list new_dict
new_set set_store list_append dict_store make_function_from_proto_fun call_function_n_kw
call_method_n_kw call_method_n_kw_var getiter iternext nlr_push nlr_pop raise import_name
import_from import_all new_slice unpack_sequence unpack_ex delete_name delete_global
new_closure arg_check_num_sig setup_code_state_native small_int_floor_divide
small_int_modulo yield_from setjmp memset memmove realloc printf vprintf raise_msg
obj_get_type obj_new_str obj_new_bytes obj_new_bytearray_by_ref obj_new_float_from_f
obj_new_float_from_d obj_get_float_to_f obj_get_float_to_d load_method_maybe get_buffer
get_stream_raise arg_parse_all arg_parse_all_kw_array binary_get_size binary_get_val_array
binary_set_val_array plat_print""".split()

OBJDUMP = {"x64": ("objdump", "i386:x86-64"),
           "armv7m": ("arm-none-eabi-objdump", "arm", "-Mforce-thumb"),
           "armv6m": ("arm-none-eabi-objdump", "arm", "-Mforce-thumb"),
           "xtensa": ("xtensa-lx106-elf-objdump", "xtensa")}


def disasm(code, arch):
    tool = OBJDUMP[arch]
    with tempfile.NamedTemporaryFile(suffix=".bin", delete=False) as f:
        f.write(code)
        name = f.name
    try:
        cmd = [tool[0], "-D", "-b", "binary", "-m", tool[1]] + list(tool[2:]) + [name]
        out = subprocess.run(cmd, capture_output=True, text=True).stdout
    finally:
        os.unlink(name)
    lines = []
    for line in out.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\t(.*)", line)
        if not m:
            continue
        text = m.group(2)
        if arch == "x64":
            c = re.search(r"mov\s+0x([0-9a-f]+)\(%rbp\),%rax", text)
            if c and int(c.group(1), 16) % 8 == 0 and int(c.group(1), 16) // 8 < len(FUN_TABLE):
                text += "    ; " + FUN_TABLE[int(c.group(1), 16) // 8]
        lines.append("%5s: %s" % (m.group(1), text))
    return lines


def walk(rc, path, arch, mpy):
    name = path
    if rc.kind != mi.KIND_BYTECODE:
        print("== %s: %s, %d bytes" % (name, mi.KIND_NAMES[rc.kind], len(rc.data)))
        code = rc.data
        if rc.kind == mi.KIND_NATIVE:
            code = rc.data[:rc.prelude_offset]
            print("   prelude at %d: %s" % (rc.prelude_offset, rc.data[rc.prelude_offset:].hex(" ")))
        for l in disasm(code, arch):
            print(l)
    for i, ch in enumerate(rc.children):
        walk(ch, "%s/%d" % (path, i), arch, mpy)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--arch")]
    arch = "x64"
    for a in sys.argv[1:]:
        if a.startswith("--arch="):
            arch = a.split("=", 1)[1]
    if len(args) != 1:
        print(__doc__)
        return 2
    mpy = mi.load(args[0])
    walk(mpy.root, "<module>", arch, mpy)
    return 0


if __name__ == "__main__":
    sys.exit(main())
