/*
 * The .mpy loader. Reads strictly through the bounds-checked reader of
 * mpyfmt.c, checks every count, index and terminator against the file, and
 * verifies every bytecode function before anything can run it. A malformed or
 * hostile file raises ValueError with the reason; it never crashes.
 *
 * Machine code (native, viper, asm records of x64 files, native.md 3-5, 13)
 * cannot be verified: the loader checks everything the runtime itself reads
 * (preludes, word 0, generator start offsets, relocations, child tables)
 * and, once the whole file has loaded, installs all of its code in one
 * executable mapping (core/nativecode.c).
 *
 * In-place loading (mp_mpy_load_rom) is for a buffer that never changes and
 * outlives the runtime, such as a frozen module in flash: bytecode (prelude
 * and opcodes) and the data of str/bytes constants are referenced where they
 * lie instead of being copied into the GC heap. Every check still runs on
 * those bytes (verification only reads them). What must be mutable or
 * executable is still made in RAM: the raw-code records, the qstr and
 * constant tables, the constant objects' headers and machine code (copied
 * to executable memory and relocated, exactly as for a copied load).
 */
#include <stdio.h>
#include <string.h>
#include "persist/mpyfmt.h"
#include "persist/mpyload.h"
#include "core/parsenum.h"
#include "core/funtable.h"
#include "core/nativecode.h"
#include "vm/bc.h"

#define MAX_TUPLE_DEPTH (32)
#define MAX_RAW_CODE_DEPTH (64)

typedef struct _load_t {
    mpy_reader_t r;
    mp_module_context_t *context;
    size_t n_qstr;
    size_t n_obj;
    unsigned arch; /* native architecture of the file, 0 = bytecode only */
    struct _pending_native_t *pending; /* machine code to install at the end */
    size_t n_pending, pending_alloc;
    bool in_place; /* the buffer is immutable and permanent: reference it */
} load_t;

static bool utf8_valid(const byte *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        byte c = s[i];
        size_t n;
        if (c < 0x80) {
            n = 0;
        } else if ((c & 0xe0) == 0xc0 && c >= 0xc2) {
            n = 1;
        } else if ((c & 0xf0) == 0xe0) {
            n = 2;
        } else if ((c & 0xf8) == 0xf0 && c <= 0xf4) {
            n = 3;
        } else {
            return false;
        }
        if (len - i - 1 < n) {
            return false;
        }
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0) != 0x80) {
                return false;
            }
        }
        i += n + 1;
    }
    return true;
}

static void load_header(load_t *ld) {
    mpy_reader_t *r = &ld->r;
    byte magic = mpy_read_byte(r, "header");
    byte version = mpy_read_byte(r, "header");
    byte feature = mpy_read_byte(r, "header");
    byte small_int_bits = mpy_read_byte(r, "header");
    if (magic != MPY_MAGIC) {
        mpy_reader_error(r, "not a .mpy file (first byte 0x%02x, expected 'M')", magic);
    }
    if (version != MPY_VERSION) {
        mpy_reader_error(r, "version %u, this runtime loads version %u", version, MPY_VERSION);
    }
    if (feature & 0x80) {
        mpy_reader_error(r, "reserved bit 7 of the feature byte is set (0x%02x)", feature);
    }
    unsigned arch = (feature >> 2) & 0xf;
    unsigned sub = feature & 3;
    if (arch != MP_NATIVE_ARCH_NONE && sub != MPY_SUB_VERSION) {
        mpy_reader_error(r, "version 6.%u with native code, this runtime supports 6.%u", sub,
            MPY_SUB_VERSION);
    }
    if (small_int_bits > MP_WORD_BITS - 1) {
        mpy_reader_error(r, "small ints of %u bits, this runtime has %d", small_int_bits,
            MP_WORD_BITS - 1);
    }
#if MICA_NATIVE_ARCH
    if (arch != MP_NATIVE_ARCH_NONE && arch != MICA_NATIVE_ARCH) {
        mp_raise_msg_varg(&mp_type_ValueError,
            "incompatible .mpy arch: %s%sfile has %s code, this runtime runs %s code",
            r->source ? r->source : "", r->source ? ": " : "", mpy_arch_name(arch),
            mpy_arch_name(MICA_NATIVE_ARCH));
    }
#else
    if (arch != MP_NATIVE_ARCH_NONE) {
        mp_raise_msg_varg(&mp_type_ValueError,
            "native code in .mpy unsupported: %s%sfile has %s code, this runtime runs bytecode only",
            r->source ? r->source : "", r->source ? ": " : "", mpy_arch_name(arch));
    }
#endif
    if (feature & MPY_FEATURE_ARCH_FLAGS) {
        size_t flags = mpy_read_vuint(r, "arch flags");
        mpy_reader_error(r, "architecture flags 0x%x for %s are not supported", (unsigned)flags,
            mpy_arch_name(arch));
    }
    ld->arch = arch;
}

static void load_qstr_table(load_t *ld) {
    mpy_reader_t *r = &ld->r;
    qstr_short_t *table = ld->context->constants.qstr_table;
    for (size_t i = 0; i < ld->n_qstr; i++) {
        size_t v = mpy_read_vuint(r, "qstr table entry");
        if (v & 1) {
            size_t n = v >> 1;
            if (n < 1 || n > MP_QSTR_NUM_STATIC) {
                mpy_reader_error(r, "qstr %u: static qstr number %u out of range 1..%d",
                    (unsigned)i, (unsigned)n, MP_QSTR_NUM_STATIC);
            }
            table[i] = (qstr_short_t)n;
        } else {
            size_t len = v >> 1;
            const byte *s = mpy_read_bytes(r, len, "qstr text");
            if (mpy_read_byte(r, "qstr terminator") != 0) {
                r->p--;
                mpy_reader_error(r, "qstr %u: missing NUL terminator", (unsigned)i);
            }
            if (!utf8_valid(s, len)) {
                mpy_reader_error(r, "qstr %u: text is not valid UTF-8", (unsigned)i);
            }
            qstr q = qstr_from_strn((const char *)s, len);
            table[i] = (qstr_short_t)q;
        }
    }
}

static bool int_text_valid(const byte *s, size_t len) {
    size_t i = (len > 0 && s[0] == '-') ? 1 : 0;
    if (i == len) {
        return false;
    }
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    return true;
}

static bool float_text_valid(const byte *s, size_t len) {
    /* digits, sign, point, exponent, inf/nan, parentheses and j for complex */
    if (len == 0) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (!strchr("0123456789+-.eEinfajJ()", s[i]) || s[i] == '\0') {
            return false;
        }
    }
    return true;
}

/* mp_obj_new_str looks texts up to this length up among the qstrs */
#define STR_QSTR_LOOKUP_MAX (64)

/* A str or bytes constant whose data stays in the (permanent) file: only
 * the object header is allocated. The loader has checked that a NUL follows
 * the data, so C string functions may read it. Short text that is already
 * interned becomes the qstr object, exactly as mp_obj_new_str does for a
 * copied load, so both loads give the same objects. */
static mp_obj_t str_in_place(const mp_obj_type_t *type, const byte *s, size_t len) {
    if (type == &mp_type_str && len <= STR_QSTR_LOOKUP_MAX) {
        qstr q = qstr_find_strn((const char *)s, len);
        if (q != MP_QSTRnull) {
            return MP_OBJ_NEW_QSTR(q);
        }
    } else if (type == &mp_type_bytes && len == 0) {
        return mp_const_empty_bytes;
    }
    mp_obj_str_t *o = m_new_obj(mp_obj_str_t);
    o->base.type = type;
    o->hash = 0; /* computed when first needed */
    o->len = len;
    o->data = s;
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_t load_obj(load_t *ld, int depth) {
    mpy_reader_t *r = &ld->r;
    byte tag = mpy_read_byte(r, "constant tag");
    switch (tag) {
        case MPY_OBJ_NONE:
            return mp_const_none;
        case MPY_OBJ_FALSE:
            return mp_const_false;
        case MPY_OBJ_TRUE:
            return mp_const_true;
        case MPY_OBJ_ELLIPSIS:
            return mp_const_ellipsis;
        case MPY_OBJ_STR:
        case MPY_OBJ_BYTES: {
            size_t len = mpy_read_vuint(r, "constant length");
            const byte *s = mpy_read_bytes(r, len, "constant data");
            if (mpy_read_byte(r, "constant terminator") != 0) {
                r->p--;
                mpy_reader_error(r, "str/bytes constant without NUL terminator");
            }
            if (tag == MPY_OBJ_BYTES) {
                return ld->in_place ? str_in_place(&mp_type_bytes, s, len)
                                    : mp_obj_new_bytes(s, len);
            }
            if (!utf8_valid(s, len)) {
                mpy_reader_error(r, "str constant is not valid UTF-8");
            }
            if (ld->in_place) {
                return str_in_place(&mp_type_str, s, len);
            }
            /* an interned text becomes the qstr object (native.md 8.4) */
            return mp_obj_new_str((const char *)s, len);
        }
        case MPY_OBJ_INT:
        case MPY_OBJ_FLOAT:
        case MPY_OBJ_COMPLEX: {
            size_t len = mpy_read_vuint(r, "number length");
            const byte *s = mpy_read_bytes(r, len, "number text");
            if (tag == MPY_OBJ_INT) {
                if (!int_text_valid(s, len)) {
                    mpy_reader_error(r, "bad int constant text");
                }
                return mp_parse_num_integer((const char *)s, len, 10);
            }
            if (!float_text_valid(s, len)) {
                mpy_reader_error(r, "bad %s constant text", tag == MPY_OBJ_FLOAT ? "float" : "complex");
            }
            return mp_parse_num_decimal((const char *)s, len, tag == MPY_OBJ_COMPLEX,
                tag == MPY_OBJ_COMPLEX);
        }
        case MPY_OBJ_TUPLE: {
            if (depth >= MAX_TUPLE_DEPTH) {
                mpy_reader_error(r, "constant tuples nested deeper than %d", MAX_TUPLE_DEPTH);
            }
            size_t n = mpy_read_vuint(r, "tuple length");
            if (n > (size_t)(r->end - r->p)) {
                mpy_reader_error(r, "tuple of %u items is longer than the file", (unsigned)n);
            }
            mp_obj_tuple_t *t = MP_OBJ_TO_PTR(mp_obj_new_tuple(n, NULL));
            for (size_t i = 0; i < n; i++) {
                t->items[i] = load_obj(ld, depth + 1);
            }
            return MP_OBJ_FROM_PTR(t);
        }
        case MPY_OBJ_FUN_TABLE:
            if (ld->arch == MP_NATIVE_ARCH_NONE) {
                r->p--;
                mpy_reader_error(r, "native function table constant in a file without machine code");
            }
            /* machine code finds the runtime through this entry (native.md 7.4) */
            return MP_OBJ_FROM_PTR(mp_fun_table);
        default:
            r->p--;
            mpy_reader_error(r, "unknown constant tag %u", tag);
    }
}

static mp_raw_code_t *load_raw_code(load_t *ld, int depth);

/* ---- machine code (native.md 3-5) ---- */

#define NATIVE_W (sizeof(uintptr_t))
/* natmod bss beyond this is certainly a damaged file (the GC heap is smaller) */
#define MAX_BSS_SIZE ((size_t)1 << 28)

static void load_children(load_t *ld, mp_raw_code_t *rc, size_t n_extra, int depth) {
    mpy_reader_t *r = &ld->r;
    size_t n = mpy_read_vuint(r, "child count");
    if (n > (size_t)(r->end - r->p) || n > 0xffff) {
        mpy_reader_error(r, "%u children do not fit in the file", (unsigned)n);
    }
    rc->n_children = (uint16_t)n;
    rc->children = m_new0(mp_raw_code_t *, n + n_extra ? n + n_extra : 1);
    for (size_t i = 0; i < n; i++) {
        rc->children[i] = load_raw_code(ld, depth + 1);
    }
}

/* Where relocations may point and what they add (native.md 5). While
 * checking (apply false) only the sizes and has_* are used. */
typedef struct _reloc_target_t {
    byte *text, *rodata, *bss;
    size_t text_len, rodata_len;
    bool has_rodata, has_bss;
    bool apply;
} reloc_target_t;

/* Reads the relocation stream of a viper/asm record at the reader's
 * position: every location must be a whole word inside text or rodata, every
 * base must exist, every function-table index must be in the table. Returns
 * the number of words patched. */
static size_t load_relocations(load_t *ld, mpy_reader_t *r, const reloc_target_t *t) {
    bool located = false, in_rodata = false;
    size_t pos = 0, limit = 0; /* byte offsets in text or rodata */
    size_t n_words = 0;
    for (;;) {
        if (r->p >= r->end) {
            return n_words; /* the end of the file ends the stream (reads as 0xff) */
        }
        byte op = mpy_read_byte(r, "relocation op");
        if (op == 0xff) {
            return n_words;
        }
        if (op & 1) {
            size_t a = mpy_read_vuint(r, "relocation location");
            in_rodata = (a & 1) != 0;
            limit = in_rodata ? t->rodata_len : t->text_len;
            if (in_rodata && !t->has_rodata) {
                mpy_reader_error(r, "relocation location in rodata, which the function lacks");
            }
            if ((a >> 1) > limit / NATIVE_W) {
                mpy_reader_error(r, "relocation location word %u outside the %s (%u bytes)",
                    (unsigned)(a >> 1), in_rodata ? "rodata" : "code", (unsigned)limit);
            }
            pos = (a >> 1) * NATIVE_W;
            located = true;
        } else if (!located) {
            mpy_reader_error(r, "relocation without a location");
        }
        size_t k = op >> 1;
        size_t n = 1;
        uintptr_t add = 0;
        if (k <= 5) {
            if (k & 1) {
                n = mpy_read_vuint(r, "relocation count");
            }
            if (((k >> 1) == 1 && !t->has_rodata) || ((k >> 1) == 2 && !t->has_bss)) {
                mpy_reader_error(r, "relocation against %s, which the function lacks",
                    (k >> 1) == 1 ? "rodata" : "bss");
            }
            byte *bases[3] = {t->text, t->rodata, t->bss};
            add = (uintptr_t)bases[k >> 1];
        } else if (k == 6) {
            add = (uintptr_t)ld->context->constants.qstr_table;
        } else if (k == 7) {
            add = (uintptr_t)ld->context->constants.obj_table;
        } else if (k == 8) {
            add = (uintptr_t)mp_fun_table;
        } else if (k - 9 < MP_FUN_TABLE_SIZE) {
            add = (uintptr_t)mp_fun_table[k - 9];
        } else {
            mpy_reader_error(r, "relocation kind %u: function-table entry %u of %d",
                (unsigned)k, (unsigned)(k - 9), MP_FUN_TABLE_SIZE);
        }
        if (n > (limit - pos) / NATIVE_W) {
            mpy_reader_error(r, "relocation of %u words runs past the end of the %s",
                (unsigned)n, in_rodata ? "rodata" : "code");
        }
        n_words += n;
        if (t->apply) {
            byte *p = (in_rodata ? t->rodata : t->text) + pos;
            for (size_t i = 0; i < n; i++, p += NATIVE_W) {
                uintptr_t w;
                memcpy(&w, p, NATIVE_W);
                w += add;
                memcpy(p, &w, NATIVE_W);
            }
        }
        pos += n * NATIVE_W;
    }
}

static uintptr_t code_word(const byte *code, size_t i) {
    uintptr_t w;
    memcpy(&w, code + i * NATIVE_W, NATIVE_W);
    return w;
}

/* A checked machine-code record waiting for executable memory: code is
 * installed only once the whole file has loaded, so a damaged file leaves
 * nothing behind (mp_mpy_load_mem). */
typedef struct _pending_native_t {
    mp_raw_code_t *rc;
    const byte *code;      /* in the file */
    const byte *relocs;    /* relocation stream in the file, or NULL */
    const byte *rodata_src;
    size_t rodata_size, bss_size, prelude_offset;
} pending_native_t;

static void add_pending(load_t *ld, const pending_native_t *pn) {
    if (ld->n_pending == ld->pending_alloc) {
        size_t na = ld->pending_alloc ? 2 * ld->pending_alloc : 8;
        ld->pending = m_renew(pending_native_t, ld->pending, ld->pending_alloc, na);
        ld->pending_alloc = na;
    }
    ld->pending[ld->n_pending++] = *pn;
}

/* A native (1), viper (2) or asm (3) record: checks everything the runtime
 * will read (the prelude, word 0, the generator start, relocations)
 * (native.md 3, 4). */
static mp_raw_code_t *load_native_raw_code(load_t *ld, unsigned kind, bool has_children,
    size_t len, int depth) {
    mpy_reader_t *r = &ld->r;
    if (ld->arch == MP_NATIVE_ARCH_NONE) {
        mpy_reader_error(r, "machine code (raw code kind %u) in a file without an architecture",
            kind);
    }
    const byte *code = mpy_read_bytes(r, len, "machine code");
    if (len == 0) {
        mpy_reader_error(r, "empty machine-code function");
    }
    mp_raw_code_t *rc = mp_raw_code_new();
    rc->kind = (uint8_t)(MP_CODE_BYTECODE + kind);
    rc->fun_data_len = len;
    pending_native_t pn = {.rc = rc, .code = code};
    if (kind == MPY_CODE_NATIVE) {
        size_t prelude_offset = mpy_read_vuint(r, "prelude offset");
        if (len < NATIVE_W || prelude_offset < NATIVE_W || prelude_offset >= len) {
            mpy_reader_error(r, "prelude offset %u outside the %u-byte native function",
                (unsigned)prelude_offset, (unsigned)len);
        }
        uint16_t n_state;
        unsigned flags = mp_native_prelude_verify(code + prelude_offset, code + len, ld->n_qstr,
            r->source, &n_state);
        rc->scope_flags = (uint16_t)flags;
        rc->is_generator = (flags & MP_SCOPE_FLAG_GENERATOR) != 0;
        rc->prelude_offset = prelude_offset <= 0xffff ? (uint16_t)prelude_offset : 0;
        pn.prelude_offset = prelude_offset;
        if (rc->is_generator) {
            uintptr_t start = prelude_offset >= 2 * NATIVE_W ? code_word(code, 1) : 0;
            if (start < 2 * NATIVE_W || start >= prelude_offset) {
                mpy_reader_error(r, "generator start offset %u outside the code (%u..%u)",
                    (unsigned)start, (unsigned)(2 * NATIVE_W), (unsigned)prelude_offset);
            }
        }
    } else {
        size_t flags = mpy_read_vuint(r, "scope flags");
        if (flags & ~(size_t)(MP_SCOPE_FLAG_VIPERRELOC | MP_SCOPE_FLAG_VIPERRODATA
                              | MP_SCOPE_FLAG_VIPERBSS)) {
            mpy_reader_error(r, "unknown scope flags 0x%x for %s code", (unsigned)flags,
                kind == MPY_CODE_VIPER ? "viper" : "asm");
        }
        rc->scope_flags = (uint16_t)flags;
        if (kind == MPY_CODE_ASM) {
            size_t n_pos = mpy_read_vuint(r, "asm argument count");
            size_t type_sig = mpy_read_vuint(r, "asm type signature");
            if (n_pos > 4) {
                mpy_reader_error(r, "asm function with %u arguments (at most 4)", (unsigned)n_pos);
            }
            if (type_sig > 0xffffffffu) {
                mpy_reader_error(r, "asm type signature out of range");
            }
            if (flags & (MP_SCOPE_FLAG_VIPERRODATA | MP_SCOPE_FLAG_VIPERBSS)) {
                mpy_reader_error(r, "asm function with rodata or bss");
            }
            rc->n_pos_args = (uint8_t)n_pos;
            rc->type_sig = (uint32_t)type_sig;
        } else {
            if (flags & MP_SCOPE_FLAG_VIPERRODATA) {
                pn.rodata_size = mpy_read_vuint(r, "rodata size");
            }
            if (flags & MP_SCOPE_FLAG_VIPERBSS) {
                pn.bss_size = mpy_read_vuint(r, "bss size");
                if (pn.bss_size > MAX_BSS_SIZE) {
                    mpy_reader_error(r, "bss of %u bytes", (unsigned)pn.bss_size);
                }
            }
            if (flags & MP_SCOPE_FLAG_VIPERRODATA) {
                pn.rodata_src = mpy_read_bytes(r, pn.rodata_size, "rodata");
            }
        }
    }
    if (has_children) {
        if (kind == MPY_CODE_ASM) {
            mpy_reader_error(r, "asm function with children");
        }
        load_children(ld, rc, kind == MPY_CODE_NATIVE ? 1 : 0, depth);
    }
    if (kind == MPY_CODE_NATIVE && code_word(code, 0) != rc->n_children) {
        mpy_reader_error(r, "native function word 0 is %lu, expected its %u children",
            (unsigned long)code_word(code, 0), (unsigned)rc->n_children);
    }
    if (kind != MPY_CODE_NATIVE && (rc->scope_flags & MP_SCOPE_FLAG_VIPERRELOC)) {
        /* check now, apply once installed */
        reloc_target_t t = {
            .text_len = len, .rodata_len = pn.rodata_size,
            .has_rodata = pn.rodata_src != NULL, .has_bss = pn.bss_size > 0, .apply = false,
        };
        pn.relocs = r->p;
        load_relocations(ld, r, &t);
    }
    add_pending(ld, &pn);
    return rc;
}

/* Puts every machine-code record of the file into one executable mapping:
 * copy, bss+rodata, relocations, then seal (native.md 4.3, 13). */
static void install_native_code(load_t *ld) {
    size_t total = 0;
    for (size_t i = 0; i < ld->n_pending; i++) {
        total += (ld->pending[i].rc->fun_data_len + 15) & ~(size_t)15;
    }
    byte *text = mp_native_code_alloc(total);
    for (size_t i = 0; i < ld->n_pending; i++) {
        pending_native_t *pn = &ld->pending[i];
        mp_raw_code_t *rc = pn->rc;
        size_t len = rc->fun_data_len;
        memcpy(text, pn->code, len);
        reloc_target_t t = {.text = text, .text_len = len, .apply = true};
        if (pn->bss_size > 0 || pn->rodata_src != NULL) {
            size_t bss_round = (pn->bss_size + NATIVE_W - 1) & ~(NATIVE_W - 1);
            size_t n = bss_round + pn->rodata_size;
            byte *block = m_malloc0(n ? n : 1);
            mp_native_code_keep_alive(block);
            t.bss = pn->bss_size > 0 ? block : NULL;
            t.has_bss = pn->bss_size > 0;
            if (pn->rodata_src != NULL) {
                t.rodata = block + bss_round;
                t.rodata_len = pn->rodata_size;
                t.has_rodata = true;
                memcpy(t.rodata, pn->rodata_src, pn->rodata_size);
            }
        }
        if (pn->relocs != NULL) {
            mpy_reader_t rr = ld->r;
            rr.p = pn->relocs;
            size_t n = load_relocations(ld, &rr, &t);
            rc->n_reloc_words = n > 0xffffffffu ? 0xffffffffu : (uint32_t)n;
            /* relocated C code may hold heap references in text (native.md 13) */
            mp_native_code_scan_as_root(text, len);
        }
        rc->fun_data = text;
        rc->fun_data_exec = true;
        if (rc->kind == MP_CODE_NATIVE_PY) {
            /* the prelude pointer: the child table itself when there are no
             * children, else its extra last slot (native.md 4.3 step 6) */
            byte *prelude = text + pn->prelude_offset;
            if (rc->n_children == 0) {
                rc->children = (mp_raw_code_t **)prelude;
            } else {
                rc->children[rc->n_children] = (mp_raw_code_t *)prelude;
            }
        }
        text += (len + 15) & ~(size_t)15;
    }
    mp_native_code_seal(text - total, total);
}

static mp_raw_code_t *load_raw_code(load_t *ld, int depth) {
    mpy_reader_t *r = &ld->r;
    if (depth >= MAX_RAW_CODE_DEPTH) {
        mpy_reader_error(r, "functions nested deeper than %d", MAX_RAW_CODE_DEPTH);
    }
    size_t kind_len = mpy_read_vuint(r, "raw code kind/length");
    unsigned kind = kind_len & 3;
    bool has_children = (kind_len >> 2) & 1;
    size_t len = kind_len >> 3;
    if (kind != MPY_CODE_BYTECODE) {
        return load_native_raw_code(ld, kind, has_children, len, depth);
    }
    const byte *code = mpy_read_bytes(r, len, "bytecode");
    if (len == 0) {
        mpy_reader_error(r, "empty bytecode function");
    }
    mp_raw_code_t *rc = mp_raw_code_new();
    const byte *data = code;
    if (!ld->in_place) {
        byte *copy = m_new(byte, len);
        memcpy(copy, code, len);
        data = copy;
    }
    rc->kind = MP_CODE_BYTECODE;
    rc->fun_data = data;
    rc->fun_data_len = len;
    if (has_children) {
        load_children(ld, rc, 0, depth);
    }
    mp_bytecode_verify(rc, ld->n_qstr, ld->n_obj, r->source);
    /* generator flag comes from the (verified) prelude signature */
    const byte *ip = data;
    mp_bytecode_prelude_t p;
    mp_bytecode_decode_signature(&ip, &p);
    rc->is_generator = (p.scope_flags & MP_SCOPE_FLAG_GENERATOR) != 0;
    rc->verified = true;
    return rc;
}

static mp_compiled_module_t *load_mem(const byte *data, size_t len, const char *source_name,
    mp_obj_dict_t *globals, bool in_place) {
    load_t ld;
    memset(&ld, 0, sizeof(ld));
    ld.in_place = in_place;
    mpy_reader_init(&ld.r, data, len, source_name);
    load_header(&ld);
    ld.n_qstr = mpy_read_vuint(&ld.r, "qstr count");
    ld.n_obj = mpy_read_vuint(&ld.r, "constant count");
    size_t left = ld.r.end - ld.r.p;
    if (ld.n_qstr > left || ld.n_obj > left) {
        mpy_reader_error(&ld.r, "table sizes %u/%u exceed the file", (unsigned)ld.n_qstr,
            (unsigned)ld.n_obj);
    }
    ld.context = m_new0(mp_module_context_t, 1);
    ld.context->module.base.type = &mp_type_module;
    ld.context->module.globals = globals;
    ld.context->constants.qstr_table = m_new0(qstr_short_t, ld.n_qstr ? ld.n_qstr : 1);
    ld.context->constants.obj_table = m_new0(mp_obj_t, ld.n_obj ? ld.n_obj : 1);
    load_qstr_table(&ld);
    for (size_t i = 0; i < ld.n_obj; i++) {
        ld.context->constants.obj_table[i] = load_obj(&ld, 0);
    }
    mp_raw_code_t *rc = load_raw_code(&ld, 0);
    if (ld.r.p != ld.r.end) {
        mpy_reader_error(&ld.r, "%u bytes of trailing data after the module",
            (unsigned)(ld.r.end - ld.r.p));
    }
    if (ld.n_pending > 0) {
        install_native_code(&ld);
    }
    mp_compiled_module_t *cm = m_new0(mp_compiled_module_t, 1);
    cm->context = ld.context;
    cm->rc = rc;
    cm->n_qstr = ld.n_qstr;
    cm->n_obj = ld.n_obj;
    cm->has_native = ld.n_pending > 0; /* machine code: cannot be verified */
    cm->arch = (uint8_t)ld.arch;
    return cm;
}

mp_compiled_module_t *mp_mpy_load_mem(const byte *data, size_t len, const char *source_name,
    mp_obj_dict_t *globals) {
    return load_mem(data, len, source_name, globals, false);
}

mp_compiled_module_t *mp_mpy_load_rom(const byte *data, size_t len, const char *source_name,
    mp_obj_dict_t *globals) {
    return load_mem(data, len, source_name, globals, true);
}

mp_compiled_module_t *mp_mpy_load_reader(mp_mpy_reader_t *reader, const char *source_name,
    mp_obj_dict_t *globals) {
    vstr_t buf;
    vstr_init(&buf, 256);
    for (int c; (c = reader->readbyte(reader->data)) >= 0;) {
        vstr_add_byte(&buf, (byte)c);
    }
    if (reader->close != NULL) {
        reader->close(reader->data);
    }
    mp_compiled_module_t *cm = mp_mpy_load_mem((const byte *)buf.buf, buf.len, source_name,
        globals);
    vstr_clear(&buf);
    return cm;
}

mp_compiled_module_t *mp_mpy_load_file(const char *path, mp_obj_dict_t *globals) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        mp_raise_OSError(2);
    }
    vstr_t buf;
    vstr_init(&buf, 1024);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        vstr_add_strn(&buf, chunk, n);
    }
    fclose(f);
    mp_compiled_module_t *cm = mp_mpy_load_mem((const byte *)buf.buf, buf.len, path, globals);
    vstr_clear(&buf);
    return cm;
}
