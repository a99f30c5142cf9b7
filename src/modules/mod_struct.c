/*
 * The `struct` module (also importable as `ustruct`): pack, pack_into,
 * unpack, unpack_from, calcsize.
 *
 * A format is an optional byte order, '@' (native sizes, order and
 * alignment; the default), '<', '>' or '!' (standard sizes, no alignment),
 * then typecodes with optional repeat counts: b B h H i I l L q Q P e f d,
 * x (a pad byte) and s ('4s' is one 4-byte string). As in MicroPython there
 * are no 'c', '?' or '=' codes, no whitespace, and unpack accepts a buffer
 * longer than the format. Value layouts come from binary.c.
 */
#include <string.h>

#include "core/runtime.h"
#include "modules/binary.h"
#include "modules/modules.h"

typedef struct _fmt_t {
    const char *p, *end;
    char order; /* '@', '<', '>' or '!' */
} fmt_t;

static void fmt_init(fmt_t *f, mp_obj_t fmt_in) {
    size_t len;
    f->p = mp_obj_str_get_data(fmt_in, &len);
    f->end = f->p + len;
    f->order = '@';
    if (f->p < f->end && (*f->p == '@' || *f->p == '<' || *f->p == '>' || *f->p == '!')) {
        f->order = *f->p++;
    }
}

/* The next typecode and its repeat count; false at the end of the format.
 * Also checks the typecode, so callers need not. */
/* a repeat count above this is a bad format (and n * 10 cannot wrap) */
#if SIZE_MAX > 0xffffffffu
#define COUNT_LIMIT ((size_t)1 << 40)
#else
#define COUNT_LIMIT ((size_t)1 << 28)
#endif

static bool fmt_next(fmt_t *f, char *code, size_t *count) {
    if (f->p == f->end) {
        return false;
    }
    size_t n = 1;
    if (*f->p >= '0' && *f->p <= '9') {
        n = 0;
        while (f->p < f->end && *f->p >= '0' && *f->p <= '9') {
            n = n * 10 + (size_t)(*f->p++ - '0');
            if (n > COUNT_LIMIT) {
                mp_raise_ValueError("bad format string");
            }
        }
        if (f->p == f->end) {
            mp_raise_ValueError("bad typecode");
        }
    }
    *code = *f->p++;
    *count = n;
    if (*code == 'O') {
        /* object pointers in a byte string would hide them from the GC and
         * let unpack forge objects */
        mp_raise_ValueError("bad typecode");
    }
    return true;
}

/* size of one field of `count` items; *item gets one item's size and
 * *align the field's alignment */
static size_t field_size(const fmt_t *f, char code, size_t count, size_t *item,
    size_t *align) {
    *item = mp_binary_get_size(f->order, code, align);
    return code == 's' ? count : *item * count;
}

static size_t align_up(size_t offset, size_t align) {
    return (offset + align - 1) / align * align;
}

/* total size of the format; *n_values gets the number of values it holds */
static size_t calc_size(mp_obj_t fmt_in, size_t *n_values) {
    fmt_t f;
    fmt_init(&f, fmt_in);
    size_t size = 0, values = 0, count, item, align;
    char code;
    while (fmt_next(&f, &code, &count)) {
        size_t n = field_size(&f, code, count, &item, &align);
        size = align_up(size, align) + n;
        values += code == 's' ? 1 : code == 'x' ? 0 : count;
    }
    if (n_values != NULL) {
        *n_values = values;
    }
    return size;
}

static mp_obj_t struct_calcsize(mp_obj_t fmt_in) {
    return mp_obj_new_int_from_uint(calc_size(fmt_in, NULL));
}
static MP_DEFINE_CONST_FUN_OBJ_1(struct_calcsize_obj, struct_calcsize);

/* Pack the values into buf, which has room for the whole format (padding
 * bytes are zeroed). */
static void pack_all(mp_obj_t fmt_in, byte *buf, size_t n_values, const mp_obj_t *values) {
    size_t expected;
    calc_size(fmt_in, &expected);
    if (n_values != expected) {
        mp_raise_ValueError("incorrect number of arguments");
    }
    fmt_t f;
    fmt_init(&f, fmt_in);
    size_t offset = 0, count, item, align;
    char code;
    while (fmt_next(&f, &code, &count)) {
        size_t n = field_size(&f, code, count, &item, &align);
        size_t aligned = align_up(offset, align);
        memset(buf + offset, 0, aligned - offset);
        offset = aligned;
        if (code == 's') {
            mp_buffer_info_t bi;
            mp_get_buffer_raise(*values++, &bi, MP_BUFFER_READ);
            size_t k = bi.len < count ? bi.len : count;
            memcpy(buf + offset, bi.buf, k);
            memset(buf + offset + k, 0, count - k);
        } else if (code == 'x') {
            memset(buf + offset, 0, count);
        } else {
            for (size_t i = 0; i < count; i++) {
                mp_binary_set_val(f.order, code, *values++, buf + offset + i * item);
            }
        }
        offset += n;
    }
}

static mp_obj_t unpack_all(mp_obj_t fmt_in, const byte *buf, size_t len) {
    size_t n_values;
    size_t size = calc_size(fmt_in, &n_values);
    if (len < size) {
        mp_raise_ValueError("buffer too small");
    }
    mp_obj_tuple_t *t = MP_OBJ_TO_PTR(mp_obj_new_tuple(n_values, NULL));
    mp_obj_t *out = t->items;
    fmt_t f;
    fmt_init(&f, fmt_in);
    size_t offset = 0, count, item, align;
    char code;
    while (fmt_next(&f, &code, &count)) {
        size_t n = field_size(&f, code, count, &item, &align);
        offset = align_up(offset, align);
        if (code == 's') {
            *out++ = mp_obj_new_bytes(buf + offset, count);
        } else if (code != 'x') {
            for (size_t i = 0; i < count; i++) {
                *out++ = mp_binary_get_val(f.order, code, buf + offset + i * item);
            }
        }
        offset += n;
    }
    return MP_OBJ_FROM_PTR(t);
}

static mp_obj_t struct_pack(size_t n_args, const mp_obj_t *args) {
    size_t size = calc_size(args[0], NULL);
    vstr_t v;
    vstr_init_len(&v, size);
    pack_all(args[0], (byte *)v.buf, n_args - 1, args + 1);
    return mp_obj_new_bytes_from_vstr(&v);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(struct_pack_obj, 1, struct_pack);

/* an offset into a buffer of len bytes; a negative one counts from the end */
static size_t buffer_offset(mp_obj_t offset_in, size_t len, size_t need) {
    mp_int_t offset = mp_obj_get_int(offset_in);
    if (offset < 0) {
        offset += (mp_int_t)len;
    }
    if (offset < 0 || (size_t)offset > len || len - (size_t)offset < need) {
        mp_raise_ValueError("buffer too small");
    }
    return (size_t)offset;
}

/* pack_into(fmt, buffer, offset, *values) */
static mp_obj_t struct_pack_into(size_t n_args, const mp_obj_t *args) {
    mp_buffer_info_t bi;
    mp_get_buffer_raise(args[1], &bi, MP_BUFFER_WRITE);
    size_t size = calc_size(args[0], NULL);
    size_t offset = buffer_offset(args[2], bi.len, size);
    pack_all(args[0], (byte *)bi.buf + offset, n_args - 3, args + 3);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(struct_pack_into_obj, 3, struct_pack_into);

static mp_obj_t struct_unpack(mp_obj_t fmt_in, mp_obj_t data) {
    mp_buffer_info_t bi;
    mp_get_buffer_raise(data, &bi, MP_BUFFER_READ);
    return unpack_all(fmt_in, bi.buf, bi.len);
}
static MP_DEFINE_CONST_FUN_OBJ_2(struct_unpack_obj, struct_unpack);

/* unpack_from(fmt, buffer, offset=0) */
static mp_obj_t struct_unpack_from(size_t n_args, const mp_obj_t *args) {
    mp_buffer_info_t bi;
    mp_get_buffer_raise(args[1], &bi, MP_BUFFER_READ);
    size_t offset = n_args > 2 ? buffer_offset(args[2], bi.len, 0) : 0;
    return unpack_all(args[0], (const byte *)bi.buf + offset, bi.len - offset);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(struct_unpack_from_obj, 2, 3, struct_unpack_from);

static const mp_rom_map_elem_t struct_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_struct)},
    {MP_ROM_QSTR(MP_QSTR_calcsize), MP_ROM_PTR(&struct_calcsize_obj)},
    {MP_ROM_QSTR(MP_QSTR_pack), MP_ROM_PTR(&struct_pack_obj)},
    {MP_ROM_QSTR(MP_QSTR_pack_into), MP_ROM_PTR(&struct_pack_into_obj)},
    {MP_ROM_QSTR(MP_QSTR_unpack), MP_ROM_PTR(&struct_unpack_obj)},
    {MP_ROM_QSTR(MP_QSTR_unpack_from), MP_ROM_PTR(&struct_unpack_from_obj)},
};
static MP_DEFINE_CONST_DICT(struct_module_globals, struct_module_table);

const mp_obj_module_t mp_module_struct = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&struct_module_globals,
};
