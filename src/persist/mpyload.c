/*
 * The .mpy loader. Reads strictly through the bounds-checked reader of
 * mpyfmt.c, checks every count, index and terminator against the file, and
 * verifies every bytecode function before anything can run it. A malformed or
 * hostile file raises ValueError with the reason; it never crashes.
 */
#include <stdio.h>
#include <string.h>
#include "persist/mpyfmt.h"
#include "persist/mpyload.h"
#include "core/parsenum.h"
#include "vm/bc.h"

#define MAX_TUPLE_DEPTH (32)
#define MAX_RAW_CODE_DEPTH (64)

typedef struct _load_t {
    mpy_reader_t r;
    mp_module_context_t *context;
    size_t n_qstr;
    size_t n_obj;
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
    if (feature & MPY_FEATURE_ARCH_FLAGS) {
        size_t flags = mpy_read_vuint(r, "arch flags");
        mpy_reader_error(r, "architecture flags 0x%x for %s are not supported", (unsigned)flags,
            mpy_arch_name(arch));
    }
    if (arch != MP_NATIVE_ARCH_NONE) {
        mp_raise_msg_varg(&mp_type_ValueError,
            "native code in .mpy unsupported: %s%sfile has %s code, this runtime runs bytecode only",
            r->source ? r->source : "", r->source ? ": " : "", mpy_arch_name(arch));
    }
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
                return mp_obj_new_bytes(s, len);
            }
            if (!utf8_valid(s, len)) {
                mpy_reader_error(r, "str constant is not valid UTF-8");
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
            r->p--;
            mpy_reader_error(r, "native function table constant in a bytecode-only runtime");
        default:
            r->p--;
            mpy_reader_error(r, "unknown constant tag %u", tag);
    }
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
        r->p--;
        mpy_reader_error(r, "raw code of kind %u (native) in a bytecode-only runtime", kind);
    }
    const byte *code = mpy_read_bytes(r, len, "bytecode");
    if (len == 0) {
        mpy_reader_error(r, "empty bytecode function");
    }
    mp_raw_code_t *rc = mp_raw_code_new();
    byte *data = m_new(byte, len);
    memcpy(data, code, len);
    rc->kind = MP_CODE_BYTECODE;
    rc->fun_data = data;
    rc->fun_data_len = len;
    if (has_children) {
        size_t n = mpy_read_vuint(r, "child count");
        if (n > (size_t)(r->end - r->p) || n > 0xffff) {
            mpy_reader_error(r, "%u children do not fit in the file", (unsigned)n);
        }
        rc->n_children = (uint16_t)n;
        rc->children = m_new0(mp_raw_code_t *, n ? n : 1);
        for (size_t i = 0; i < n; i++) {
            rc->children[i] = load_raw_code(ld, depth + 1);
        }
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

mp_compiled_module_t *mp_mpy_load_mem(const byte *data, size_t len, const char *source_name,
    mp_obj_dict_t *globals) {
    load_t ld;
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
    mp_compiled_module_t *cm = m_new0(mp_compiled_module_t, 1);
    cm->context = ld.context;
    cm->rc = rc;
    cm->n_qstr = ld.n_qstr;
    cm->n_obj = ld.n_obj;
    return cm;
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
