#!/usr/bin/env python3
"""Natmod test stage: C natmods built, linked, verified, imported and run.

    tests/natmod/run.py [--build DIR] [--keep]

DIR (default build/) holds mica and mica-mpy. Parts:
  build     examples/natmod/*: natmod/build.py (gcc + `mica-mpy link`)
  verify    `mica-mpy verify` (and info) on every linked module
  run       each example's NAME_test.py compared with NAME_test.exp, also
            under MICA_GC_STRESS=1 on a small heap, and keep_after_del.py
            (functions kept after `del sys.modules[...]`, native.md 13)
  spec      the factorial example linked as features0.mpy against the worked
            example of natmod.md 6 (layout, relocation stream, and byte for
            byte with gcc 12); counter's relocation stream decoded and its
            shape checked (GOT first, merged runs, bss kinds)
  damaged   broken ELF inputs (truncations, bad offsets/sizes/indices,
            unsupported contents, random byte damage): the linker must exit
            1 with a `mica-mpy link:` message, never crash or write output
  corrupt   the loader on damaged copies of the linked .mpy files (DIR/
            corrupt_mpy, built by `make corrupt`; skipped with a note if absent)
Prints `N passed, N failed` last; exit status 1 on any failure.
"""
import argparse
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "examples", "natmod")
HERE = os.path.join(ROOT, "tests", "natmod")
BUILD_PY = os.path.join(ROOT, "natmod", "build.py")

results = {"passed": 0, "failed": 0}


def check(ok, what, detail=""):
    if ok:
        results["passed"] += 1
    else:
        results["failed"] += 1
        print("FAIL %s%s" % (what, (": " + detail) if detail else ""), flush=True)
    return ok


def run(cmd, cwd=None, env=None, timeout=120):
    try:
        return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, -999, b"", b"timeout")


# ---- build --------------------------------------------------------------

def examples():
    """(module name, [sources]) for each example folder."""
    out = []
    for name in sorted(os.listdir(EXAMPLES)):
        d = os.path.join(EXAMPLES, name)
        if os.path.isdir(d):
            srcs = sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".c"))
            # the module's main source (with mpy_init) first: its name names the module
            srcs.sort(key=lambda p: os.path.basename(p) != name + ".c")
            out.append((name, srcs))
    return out


def build_all(tmp, mica_mpy):
    built = []
    for name, srcs in examples():
        r = run([sys.executable, BUILD_PY, "--mica-mpy", mica_mpy, "--build-dir",
                 os.path.join(tmp, "build-" + name), "-o", os.path.join(tmp, name + ".mpy")]
                + srcs)
        if check(r.returncode == 0, "build " + name, (r.stdout + r.stderr).decode()[-800:]):
            built.append(name)
    return built


# ---- run ------------------------------------------------------------------

def run_script(mica, tmp, script, exp_path, label, stress):
    env = dict(os.environ)
    cmd = [mica]
    if stress:
        env["MICA_GC_STRESS"] = "1"
        cmd += ["-X", "heapsize=256k"]
    r = run(cmd + [os.path.basename(script)], cwd=tmp, env=env)
    want = open(exp_path, "rb").read()
    check(r.returncode == 0 and r.stdout == want, label + (" (gc stress)" if stress else ""),
          "exit %d\n%s%s" % (r.returncode, r.stdout.decode(errors="replace")[-600:],
                             r.stderr.decode(errors="replace")[-600:]))


def run_all(mica, tmp, built):
    for name in built:
        test = os.path.join(EXAMPLES, name, name + "_test.py")
        if not os.path.exists(test):
            continue
        shutil.copy(test, tmp)
        for stress in (False, True):
            run_script(mica, tmp, test, test[:-3] + ".exp", "run " + name, stress)
    if "counter" in built and "funcs" in built:
        script = os.path.join(HERE, "keep_after_del.py")
        shutil.copy(script, tmp)
        for stress in (False, True):
            run_script(mica, tmp, script, script[:-3] + ".exp", "keep_after_del", stress)


def verify_all(mica_mpy, tmp, built):
    for name in built:
        path = os.path.join(tmp, name + ".mpy")
        r = run([mica_mpy, "verify", path])
        check(r.returncode == 0 and b": ok" in r.stdout, "verify " + name, r.stdout.decode())
        r = run([mica_mpy, "info", path])
        check(r.returncode == 0 and b"machine code:" in r.stdout, "info " + name,
              r.stdout.decode())


# ---- comparison with natmod.md 6 ------------------------------------------

def read_uint(b, i):
    v = 0
    while True:
        c = b[i]
        i += 1
        v = (v << 7) | (c & 0x7F)
        if not c & 0x80:
            return v, i


def parse_natmod(data):
    """Splits a natmod .mpy (natmod.md 1) into its parts; raises on error."""
    assert data[:2] == b"M\x06" and data[3] == 31, "header"
    arch = data[2] >> 2
    i = 4
    n_qstr, i = read_uint(data, i)
    n_obj, i = read_uint(data, i)
    qstrs = []
    for _ in range(n_qstr):
        v, i = read_uint(data, i)
        assert not v & 1, "static qstr in a natmod"
        qstrs.append(data[i:i + (v >> 1)].decode())
        assert data[i + (v >> 1)] == 0
        i += (v >> 1) + 1
    kind_len, i = read_uint(data, i)
    assert kind_len & 7 == 2, "not a viper record without children"
    text = data[i:i + (kind_len >> 3)]
    i += kind_len >> 3
    flags, i = read_uint(data, i)
    bss = 0
    if flags & 0x20:
        raise AssertionError("rodata on x64")
    if flags & 0x40:
        bss, i = read_uint(data, i)
    relocs = []  # (op, word, count, kind)
    reloc_start = i
    while data[i] != 0xFF:
        op = data[i]
        i += 1
        assert op & 1, "every entry carries its location (MicroPython's linker)"
        a, i = read_uint(data, i)
        k = op >> 1
        n = 1
        if k <= 5 and k & 1:
            n, i = read_uint(data, i)
        relocs.append((op, a >> 1, n, k))
    assert i + 1 == len(data), "bytes after the relocation stream"
    return dict(arch=arch, n_obj=n_obj, qstrs=qstrs, text=text, flags=flags, bss=bss,
                relocs=relocs, reloc_bytes=data[reloc_start:])


# features0 text from natmod.md 6 (objdump listing, gcc 12.2)
FEATURES0_TEXT = bytes.fromhex(
    "eb2f"
    "53" "488b1d86000000" "be02000000" "ff5318" "bf01000000" "4885c0" "750c" "488b4320"
    "be02000000" "5b" "ffe0" "480faff8" "48ffc8" "ebe6"
    "4154" "55" "53" "488b1d54000000" "488b4708" "4c8b6328" "488b7808" "41ffd4"
    "488d352e000000" "4889c5" "488b053c000000" "0fb77802" "ff5368" "4889ef" "41ffd4"
    "488b03" "5b5d415cc3") + bytes(15) + bytes(8) + bytes([2]) + bytes(7) + bytes(16)
FEATURES0_RELOCS = bytes.fromhex("1124 0d26 af20 0122 ff".replace(" ", ""))


def gcc_major():
    r = run(["gcc", "-dumpversion"])
    try:
        return int(r.stdout.decode().split(".")[0])
    except ValueError:
        return 0


def spec_compare(mica, mica_mpy, tmp):
    """natmod.md 6: the same module linked here must have the same shape."""
    d = os.path.join(tmp, "spec")
    os.makedirs(d, exist_ok=True)
    src = os.path.join(EXAMPLES, "factorial", "factorial.c")
    out = os.path.join(d, "features0.mpy")
    r = run([sys.executable, BUILD_PY, "--mica-mpy", mica_mpy, "--build-dir", d, "-o", out, src])
    if not check(r.returncode == 0, "spec: build features0", r.stderr.decode()[-500:]):
        return
    data = open(out, "rb").read()
    m = parse_natmod(data)
    check(m["arch"] == 2 and data[2] == 0x0B and m["n_obj"] == 0, "spec: header 4d 06 0b 1f")
    check(m["qstrs"] == ["features0.mpy", "factorial"], "spec: qstrs", str(m["qstrs"]))
    check(len(m["text"]) == 160 and data[0x20:0x22] == b"\x8a\x02", "spec: text 160 bytes",
          str(len(m["text"])))
    check(m["text"][:2] == b"\xeb\x2f", "spec: trampoline eb 2f", m["text"][:2].hex())
    check(m["flags"] == 0x10 and m["bss"] == 0, "spec: scope flags 0x10")
    check(m["reloc_bytes"] == FEATURES0_RELOCS, "spec: relocation stream 11 24 0d 26 af 20 01 22 ff",
          m["reloc_bytes"].hex())
    check(len(data) == 204, "spec: file is 204 bytes", str(len(data)))
    # layout from the linker's own report: .text at 0x02, .data.rel.ro 0x80, GOT 0x90
    again = os.path.join(d, "again", "features0.mpy")
    os.makedirs(os.path.dirname(again), exist_ok=True)
    r = run([mica_mpy, "link", "-v", "--qstrs", os.path.join(d, "factorial_qstrs.h"), "-o",
             again, os.path.join(d, "factorial.o")])
    rep = r.stdout.decode()
    check("trampoline: 2 bytes" in rep and "text 0x0002   111 bytes" in rep
          and "text 0x0080    16 bytes" in rep and "GOT  0x0090     2 entries" in rep
          and "GOT[0] 0x0090 mp_fun_table" in rep and "GOT[1] 0x0098 mp_native_qstr_table" in rep,
          "spec: layout trampoline/.text 0x02/.data.rel.ro 0x80/GOT 0x90", rep)
    check(open(again, "rb").read() == data, "spec: link is deterministic")
    if gcc_major() == 12:
        check(m["text"] == FEATURES0_TEXT, "spec: text byte-identical to natmod.md 6 (gcc 12)",
              m["text"].hex())
    r = run([mica, "-c", "import features0; print(features0.factorial(10))"], cwd=d)
    check(r.stdout == b"3628800\n", "spec: features0.factorial(10)", r.stdout.decode())


def stream_shape(tmp, built):
    """counter: GOT words first (in GOT order: function table, qstr table,
    runtime types, text, bss), then data words by location; text runs
    merged with a count; every word of the GOT relocated once."""
    if "counter" not in built:
        return
    m = parse_natmod(open(os.path.join(tmp, "counter.mpy"), "rb").read())
    rel = m["relocs"]
    check(m["flags"] == 0x50 and m["bss"] > 0, "shape: counter has bss (flags 0x50)")
    words = []
    for op, w, n, k in rel:
        words += [(w + j, k) for j in range(n)]
    got_start = words[0][0]
    n_got = 0
    while n_got < len(words) and words[n_got][0] == got_start + n_got:
        n_got += 1
    got = [k for _, k in words[:n_got]]
    check(len(m["text"]) == (got_start + n_got) * 8, "shape: GOT ends the text")
    check(got[0] == 8 and got[1] == 6, "shape: GOT starts fun table, qstr table", str(got))
    order = [0 if k == 8 else 1 if k == 6 else 2 if k == 7 else 3 if k >= 9 else
             4 if k >> 1 == 0 else 5 for k in got]
    check(order == sorted(order), "shape: GOT sorted externals, text, bss", str(got))
    data = [w for w, _ in words[n_got:]]
    check(data == sorted(data) and len(set(data)) == len(data), "shape: data words by location")
    check(all(w < got_start for w in data), "shape: data words below the GOT")
    check(any(op in (0x03, 0x0B) for op, _, _, _ in rel), "shape: a merged run with a count",
          str(rel))
    check(any(k >> 1 == 2 for _, _, _, k in rel), "shape: bss relocations (kind 2)")
    check(any(k == 9 + 81 for _, _, _, k in rel) and any(k == 9 + 78 for _, _, _, k in rel),
          "shape: fun_builtin_var/_1 type words (entries 81, 78)")
    if "tables" in built:
        # natmod.md 6, features1: pointer tables in .data.rel.ro become runs
        # `0b <loc> 04` (four bss words) and `03 <loc> n` (text words)
        t = parse_natmod(open(os.path.join(tmp, "tables.mpy"), "rb").read())
        ops = [(op, n) for op, _, n, _ in t["relocs"]]
        check((0x0B, 4) in ops, "shape: tables has a run of 4 bss words (0b .. 04)", str(ops))
        check(any(op == 0x03 and n >= 2 for op, n in ops), "shape: tables has a text run (03)",
              str(ops))
        check(t["flags"] == 0x50 and t["bss"] == 16, "shape: tables bss_size 16",
              "%x %d" % (t["flags"], t["bss"]))
        kinds = {k for _, _, _, k in t["relocs"]}
        check({9 + 77, 9 + 78, 9 + 79, 9 + 81} <= kinds,
              "shape: tables' function objects typed fun_builtin_0/_1/_2/_var", str(kinds))


# ---- damaged inputs ---------------------------------------------------------

def expect_clean_error(mica_mpy, tmp, label, obj_bytes=None, objs=None, qstrs=None,
                       must_say=None):
    d = os.path.join(tmp, "damaged")
    os.makedirs(d, exist_ok=True)
    paths = []
    if obj_bytes is not None:
        p = os.path.join(d, "bad.o")
        open(p, "wb").write(obj_bytes)
        paths.append(p)
    paths += objs or []
    out = os.path.join(d, "bad.mpy")
    if os.path.exists(out):
        os.remove(out)
    cmd = [mica_mpy, "link", "-o", out] + (["--qstrs", qstrs] if qstrs else []) + paths
    r = run(cmd, timeout=60)
    err = r.stderr.decode(errors="replace")
    ok = (r.returncode == 1 and err.startswith("mica-mpy link: ") and "Traceback" not in err
          and not os.path.exists(out) and (must_say is None or must_say in err))
    check(ok, "damaged: " + label, "exit %d, %s" % (r.returncode, err[-300:]))


def sections(elf):
    shoff = struct.unpack_from("<Q", elf, 0x28)[0]
    shnum = struct.unpack_from("<H", elf, 0x3C)[0]
    shstrndx = struct.unpack_from("<H", elf, 0x3E)[0]
    secs = []
    for i in range(shnum):
        off = shoff + i * 64
        name, typ, _, _, offset, size, link, info, align, entsize = struct.unpack_from(
            "<IIQQQQIIQQ", elf, off)
        secs.append(dict(hdr=off, name=name, type=typ, offset=offset, size=size, link=link,
                         info=info))
    strtab = secs[shstrndx]
    for s in secs:
        raw = elf[strtab["offset"] + s["name"]:]
        s["sname"] = raw[:raw.index(b"\0")].decode()
    return secs


def patch(elf, off, fmt, value):
    b = bytearray(elf)
    struct.pack_into(fmt, b, off, value)
    return bytes(b)


def compile_snippet(tmp, name, code):
    d = os.path.join(tmp, "snippets")
    os.makedirs(d, exist_ok=True)
    src = os.path.join(d, name + ".c")
    open(src, "w").write('#include "py/dynruntime.h"\n' + code)
    obj = os.path.join(d, name + ".o")
    r = run(["gcc", "-std=c99", "-Os", "-fpic", "-fno-common", "-fno-stack-protector",
             "-nostdlib", "-I" + os.path.join(ROOT, "natmod"), "-c", src, "-o", obj])
    return obj if r.returncode == 0 else None


INIT = """mp_obj_t mpy_init(mp_obj_fun_bc_t *self, size_t n_args, size_t n_kw, mp_obj_t *args) {
    MP_DYNRUNTIME_INIT_ENTRY
    %s
    MP_DYNRUNTIME_INIT_EXIT
}
"""


def damaged(mica_mpy, tmp):
    base_obj = os.path.join(tmp, "build-counter", "counter.o")
    if not os.path.exists(base_obj):
        check(False, "damaged: counter.o missing")
        return
    elf = open(base_obj, "rb").read()
    secs = sections(elf)
    table = [os.path.join(tmp, "build-counter", "table.o")]  # counter.o needs it
    # truncations: every prefix of the header, then spread over the file
    cuts = sorted(set(list(range(0, 80)) + list(range(80, len(elf), max(1, len(elf) // 60)))))
    n_ok = 0
    for cut in cuts:
        d = os.path.join(tmp, "damaged")
        os.makedirs(d, exist_ok=True)
        p = os.path.join(d, "cut.o")
        open(p, "wb").write(elf[:cut])
        r = run([mica_mpy, "link", "-o", os.path.join(d, "cut.mpy"), p], timeout=60)
        err = r.stderr.decode(errors="replace")
        if r.returncode == 1 and err.startswith("mica-mpy link: ") and "Traceback" not in err:
            n_ok += 1
        else:
            print("truncated at %d: exit %d %s" % (cut, r.returncode, err[-200:]))
    check(n_ok == len(cuts), "damaged: %d truncations" % len(cuts))

    expect_clean_error(mica_mpy, tmp, "not ELF", b"\x7fELG" + elf[4:], must_say="not an ELF")
    expect_clean_error(mica_mpy, tmp, "32-bit class", elf[:4] + b"\x01" + elf[5:])
    expect_clean_error(mica_mpy, tmp, "big-endian", elf[:5] + b"\x02" + elf[6:])
    expect_clean_error(mica_mpy, tmp, "not relocatable", patch(elf, 16, "<H", 2))
    expect_clean_error(mica_mpy, tmp, "wrong machine (ARM)", patch(elf, 18, "<H", 40),
                       must_say="incompatible arch")
    expect_clean_error(mica_mpy, tmp, "e_shoff past the end", patch(elf, 0x28, "<Q", 1 << 40))
    expect_clean_error(mica_mpy, tmp, "e_shoff overflow", patch(elf, 0x28, "<Q", (1 << 64) - 8))
    expect_clean_error(mica_mpy, tmp, "e_shentsize", patch(elf, 0x3A, "<H", 40))
    expect_clean_error(mica_mpy, tmp, "e_shnum too big", patch(elf, 0x3C, "<H", 0xFFF0))
    expect_clean_error(mica_mpy, tmp, "e_shnum zero", patch(elf, 0x3C, "<H", 0))
    expect_clean_error(mica_mpy, tmp, "e_shstrndx out of range", patch(elf, 0x3E, "<H", 999))
    for s in secs[1:]:
        n = s["sname"] or "?"
        if s["type"] != 8:
            expect_clean_error(mica_mpy, tmp, "%s sh_offset huge" % n,
                               patch(elf, s["hdr"] + 24, "<Q", 1 << 62))
            expect_clean_error(mica_mpy, tmp, "%s sh_size huge" % n,
                               patch(elf, s["hdr"] + 32, "<Q", (1 << 64) - 1))
        expect_clean_error(mica_mpy, tmp, "%s sh_name outside" % n,
                           patch(elf, s["hdr"], "<I", 0x7FFFFFFF))
        if s["type"] in (2, 4):
            expect_clean_error(mica_mpy, tmp, "%s sh_link/info bad" % n,
                               patch(patch(elf, s["hdr"] + 40, "<I", 999),
                                       s["hdr"] + 44, "<I", 999))
    symtab = [s for s in secs if s["type"] == 2][0]
    nsym = symtab["size"] // 24
    for i in range(1, nsym):
        off = symtab["offset"] + i * 24
        shndx = struct.unpack_from("<H", elf, off + 6)[0]
        if 0 < shndx < 0xFF00:
            expect_clean_error(mica_mpy, tmp, "symbol %d shndx out of range" % i,
                               patch(elf, off + 6, "<H", 0xFEFF))
            break
    for i in range(1, nsym):
        off = symtab["offset"] + i * 24
        info, _, shndx = struct.unpack_from("<BBH", elf, off + 4)
        if info >> 4 == 1 and 0 < shndx < 0xFF00:
            expect_clean_error(mica_mpy, tmp, "global symbol value outside its section",
                               patch(elf, off + 8, "<Q", 1 << 60), objs=table,
                               must_say="outside its section")
            break
    expect_clean_error(mica_mpy, tmp, "symbol name outside strtab",
                       patch(elf, symtab["offset"] + 24 * (nsym - 1), "<I", 0x7FFFFFF0))
    expect_clean_error(mica_mpy, tmp, "symtab size not a multiple",
                       patch(elf, symtab["hdr"] + 32, "<Q", symtab["size"] - 5))
    rela = [s for s in secs if s["type"] == 4 and s["sname"] == ".rela.text"][0]
    expect_clean_error(mica_mpy, tmp, "rela symbol index out of range",
                       patch(elf, rela["offset"] + 8, "<Q", (0xFFFFFF << 32) | 2), objs=table,
                       must_say="does not exist")
    expect_clean_error(mica_mpy, tmp, "rela offset outside the section",
                       patch(elf, rela["offset"], "<Q", 1 << 40), objs=table,
                       must_say="outside the section")
    expect_clean_error(mica_mpy, tmp, "rela offset at the section end",
                       patch(elf, rela["offset"], "<Q",
                             [s for s in secs if s["sname"] == ".text"][0]["size"] - 2),
                       objs=table, must_say="outside the section")
    info = struct.unpack_from("<Q", elf, rela["offset"] + 8)[0]
    expect_clean_error(mica_mpy, tmp, "unsupported relocation type",
                       patch(elf, rela["offset"] + 8, "<Q", (info & ~0xFFFFFFFF) | 10),
                       objs=table, must_say="unsupported relocation type 10")
    expect_clean_error(mica_mpy, tmp, "rela addend -2**63",
                       patch(elf, rela["offset"] + 16, "<q", -(1 << 63)), objs=table,
                       must_say="out of range")
    expect_clean_error(mica_mpy, tmp, "rela addend 2**63-1",
                       patch(elf, rela["offset"] + 16, "<q", (1 << 63) - 1), objs=table,
                       must_say="out of range")
    expect_clean_error(mica_mpy, tmp, "rela size not a multiple",
                       patch(elf, rela["hdr"] + 32, "<Q", rela["size"] - 1), objs=table,
                       must_say="not a multiple")
    # random damage to the header, the section table and everything else
    rng = random.Random(1234)
    n_ok = n_runs = 0
    shoff = struct.unpack_from("<Q", elf, 0x28)[0]
    for _ in range(150):
        b = bytearray(elf)
        for _ in range(rng.randint(1, 4)):
            where = rng.choice([rng.randrange(64), shoff + rng.randrange(len(elf) - shoff),
                                rng.randrange(len(elf))])
            b[where] = rng.randrange(256)
        p = os.path.join(tmp, "damaged", "rand.o")
        open(p, "wb").write(b)
        r = run([mica_mpy, "link", "-o", os.path.join(tmp, "damaged", "rand.mpy"), p], timeout=60)
        n_runs += 1
        err = r.stderr.decode(errors="replace")
        if r.returncode == 0 or (r.returncode == 1 and err.startswith("mica-mpy link: ")):
            n_ok += 1
        else:
            print("random damage: exit %d %s" % (r.returncode, err[-200:]))
    check(n_ok == n_runs, "damaged: %d random byte changes exit 0 or 1 cleanly" % n_runs)

    # well-formed objects the linker must refuse (natmod.md 2.3, 2.5)
    counter_o = os.path.join(tmp, "build-counter", "counter.o")
    table_o = os.path.join(tmp, "build-counter", "table.o")
    expect_clean_error(mica_mpy, tmp, "undefined symbol (table.o missing)", objs=[counter_o],
                       must_say="undefined symbol: counter_")
    expect_clean_error(mica_mpy, tmp, "duplicate symbol", objs=[counter_o, table_o, table_o],
                       must_say="duplicate symbol: counter_prime")
    expect_clean_error(mica_mpy, tmp, "no mpy_init", objs=[table_o],
                       must_say="undefined symbol: mpy_init")
    snippets = [
        ("data", "int counter = 5;\n" + INIT % "counter++;", ".data non-empty"),
        ("static_bss", "static mp_obj_t keep;\n"
         "static mp_obj_t get(void) { return keep; }\n"
         "static MP_DEFINE_CONST_FUN_OBJ_0(get_obj, get);\n"
         + INIT % "keep = mp_obj_new_list(0, NULL);\n"
         "    mp_store_global(60, MP_OBJ_FROM_PTR(&get_obj));", "bss variables can't be static"),
        ("libc", "int puts(const char *s);\n" + INIT % "puts(\"x\");", "undefined symbol: puts"),
    ]
    for name, code, say in snippets:
        obj = compile_snippet(tmp, name, code)
        if check(obj is not None, "damaged: compile snippet " + name):
            expect_clean_error(mica_mpy, tmp, name, objs=[obj], must_say=say)
    bad_cfg = os.path.join(tmp, "damaged", "bad_qstrs.h")
    open(bad_cfg, "w").write("#define MP_QSTR_a (mp_native_qstr_table[2])\n")
    expect_clean_error(mica_mpy, tmp, "qstr config with a gap", objs=[counter_o, table_o],
                       qstrs=bad_cfg, must_say="out of order")
    expect_clean_error(mica_mpy, tmp, "missing input", objs=[os.path.join(tmp, "nope.o")],
                       must_say="can't read")


def corrupt_load(build, tmp, built):
    """The loader on damaged copies of the linked natmods (tests/corrupt's
    harness, when built: `make corrupt` or $(BUILD)/corrupt_mpy)."""
    exe = os.path.join(build, "corrupt_mpy")
    if not os.path.exists(exe):
        print("note: %s not built, loader corruption check skipped" % exe)
        return
    files = [os.path.join(tmp, n + ".mpy") for n in built]
    r = run([exe, "-n", "300"] + files, timeout=600)
    out = r.stdout.decode(errors="replace")
    check(r.returncode == 0 and "0 failed" in out, "corrupt: damaged natmod .mpy files load "
          "or raise ValueError", out[-500:] + r.stderr.decode(errors="replace")[-500:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()
    mica = os.path.abspath(os.path.join(args.build, "mica"))
    mica_mpy = os.path.abspath(os.path.join(args.build, "mica-mpy"))
    tmp = tempfile.mkdtemp(prefix="natmod-")
    try:
        built = build_all(tmp, mica_mpy)
        verify_all(mica_mpy, tmp, built)
        run_all(mica, tmp, built)
        spec_compare(mica, mica_mpy, tmp)
        stream_shape(tmp, built)
        damaged(mica_mpy, tmp)
        corrupt_load(os.path.abspath(args.build), tmp, built)
    finally:
        if args.keep:
            print("kept", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (results["passed"], results["failed"]))
    sys.exit(1 if results["failed"] else 0)


if __name__ == "__main__":
    main()
