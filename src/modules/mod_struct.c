/*
 * The `struct` module: pack, unpack, calcsize, pack_into, unpack_from.
 *
 * A format starts with an optional byte order: '@' (native order, sizes and
 * alignment; the default), '=' (native order, standard sizes), '<', '>' or
 * '!' (standard sizes, no alignment). Codes: x c b B h H i I l L q Q f d s P,
 * each with an optional repeat count ('4s' is one 4-byte string). Integers
 * are stored modulo 2**(8*size), as MicroPython does, without range checks.
 */
#include <string.h>

#include "core/runtime.h"
#include "modules/modules.h"

typedef struct _fmt_t {
    const char *p, *end;
    bool native;   /* '@': native sizes and alignment */
    bool little;
} fmt_t;

static void fmt_init(fmt_t *f, mp_obj_t fmt_in) {
    size_t len;
    f->p = mp_obj_str_get_data(fmt_in, &len);
    f->end = f->p + len;
    f->native = true;
    f->little = true; /* Mica's hosts are little-endian */
    if (f->p < f->end) {
        switch (*f->p) {
            case '@': f->p++; break;
            case '=': f->native = false; f->p++; break;
            case '<': f->native = false; f->p++; break;
            case '>': case '!': f->native = false; f->little = false; f->p++; break;
            default: break;
        }
    }
}

/* next code and its repeat count; false at the end */
static bool fmt_next(fmt_t *f, char *code, size_t *count) {
    while (f->p < f->end && (*f->p == ' ' || *f->p == '\t')) {
        f->p++;
    }
    if (f->p == f->end) {
        return false;
    }
    size_t n = 1;
    if (*f->p >= '0' && *f->p <= '9') {
        n = 0;
        while (f->p < f->end && *f->p >= '0' && *f->p <= '9') {
            n = n * 10 + (size_t)(*f->p++ - '0');
        }
        if (f->p == f->end) {
            mp_raise_ValueError("bad format string");
        }
    }
    *code = *f->p++;
    *count = n;
    return true;
}

static size_t code_size(const fmt_t *f, char code) {
    switch (code) {
        case 'x': case 'c': case 'b': case 'B': case 's': return 1;
        case 'h': case 'H': return 2;
        case 'i': case 'I': case 'f': return 4;
        case 'l': case 'L': return f->native ? sizeof(long) : 4;
        case 'q': case 'Q': case 'd': return 8;
        case 'P': return sizeof(void *);
        default:
            mp_raise_ValueError("bad typecode");
    }
}

/* offset of the next field after alignment (native mode only) */
static size_t align_to(const fmt_t *f, size_t offset, char code) {
    if (!f->native || code == 's' || code == 'x' || code == 'c') {
        return offset;
    }
    size_t a = code_size(f, code);
    return (offset + a - 1) / a * a;
}

static size_t calc_size(mp_obj_t fmt_in, size_t *n_values) {
    fmt_t f;
    fmt_init(&f, fmt_in);
    size_t size = 0, values = 0;
    char code;
    size_t count;
    while (fmt_next(&f, &code, &count)) {
        size = align_to(&f, size, code);
        if (code == 's') {
            size += count;
            values++;
        } else {
            size += count * code_size(&f, code);
            values += code == 'x' ? 0 : count;
        }
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

/* ---- one value ------------------------------------------------------------ */

static void put_uint(byte *p, uint64_t v, size_t size, bool little) {
    for (size_t i = 0; i < size; i++) {
        p[little ? i : size - 1 - i] = (byte)(v >> (8 * i));
    }
}

static uint64_t get_uint(const byte *p, size_t size, bool little) {
    uint64_t v = 0;
    for (size_t i = 0; i < size; i++) {
        v |= (uint64_t)p[little ? i : size - 1 - i] << (8 * i);
    }
    return v;
}

/* an int's value modulo 2**64 */
static uint64_t int_bits(mp_obj_t o) {
    int64_t v;
    if (mp_obj_int_get_int64(o, &v)) {
        return (uint64_t)v;
    }
    if (!mp_obj_is_int(o)) {
        return (uint64_t)mp_obj_get_int(o); /* TypeError for non-ints */
    }
    mp_obj_t mask = mp_obj_new_int_from_ull(~0ULL);
    mp_obj_t low = mp_binary_op(MP_BINARY_OP_AND, o, mask);
    if (mp_obj_int_get_int64(low, &v)) {
        return (uint64_t)v;
    }
    /* 2**63 <= low < 2**64: subtract 2**64 to land in int64 range */
    mp_obj_t wrapped = mp_binary_op(MP_BINARY_OP_SUBTRACT, low,
        mp_binary_op(MP_BINARY_OP_ADD, mask, MP_OBJ_NEW_SMALL_INT(1)));
    mp_obj_int_get_int64(wrapped, &v);
    return (uint64_t)v;
}

static void pack_one(const fmt_t *f, char code, byte *p, mp_obj_t value) {
    size_t size = code_size(f, code);
    switch (code) {
        case 'f': {
            float x = (float)mp_obj_get_float(value);
            uint32_t bits;
            memcpy(&bits, &x, 4);
            put_uint(p, bits, 4, f->little);
            break;
        }
        case 'd': {
            double x = mp_obj_get_float(value);
            uint64_t bits;
            memcpy(&bits, &x, 8);
            put_uint(p, bits, 8, f->little);
            break;
        }
        case 'c': {
            mp_buffer_info_t bi;
            mp_get_buffer_raise(value, &bi, MP_BUFFER_READ);
            p[0] = bi.len > 0 ? ((const byte *)bi.buf)[0] : 0;
            break;
        }
        default:
            put_uint(p, int_bits(value), size, f->little);
            break;
    }
}

static mp_obj_t unpack_one(const fmt_t *f, char code, const byte *p) {
    size_t size = code_size(f, code);
    switch (code) {
        case 'f': {
            uint32_t bits = (uint32_t)get_uint(p, 4, f->little);
            float x;
            memcpy(&x, &bits, 4);
            return mp_obj_new_float(x);
        }
        case 'd': {
            uint64_t bits = get_uint(p, 8, f->little);
            double x;
            memcpy(&x, &bits, 8);
            return mp_obj_new_float(x);
        }
        case 'c':
            return mp_obj_new_bytes(p, 1);
        case 'b': case 'h': case 'i': case 'l': case 'q': {
            uint64_t u = get_uint(p, size, f->little);
            if (size < 8 && (u >> (8 * size - 1)) & 1) {
                u |= ~0ULL << (8 * size); /* sign-extend */
            }
            return mp_obj_new_int_from_ll((long long)(int64_t)u);
        }
        default:
            return mp_obj_new_int_from_ull(get_uint(p, size, f->little));
    }
}

/* ---- whole formats -------------------------------------------------------- */

static void pack_all(mp_obj_t fmt_in, byte *buf, size_t n_values, const mp_obj_t *values) {
    size_t expected;
    calc_size(fmt_in, &expected);
    if (n_values != expected) {
        mp_raise_ValueError("incorrect number of arguments");
    }
    fmt_t f;
    fmt_init(&f, fmt_in);
    size_t offset = 0, vi = 0;
    char code;
    size_t count;
    while (fmt_next(&f, &code, &count)) {
        size_t aligned = align_to(&f, offset, code);
        memset(buf + offset, 0, aligned - offset);
        offset = aligned;
        if (code == 's') {
            mp_buffer_info_t bi;
            mp_get_buffer_raise(values[vi++], &bi, MP_BUFFER_READ);
            size_t n = bi.len < count ? bi.len : count;
            memcpy(buf + offset, bi.buf, n);
            memset(buf + offset + n, 0, count - n);
            offset += count;
            continue;
        }
        size_t size = code_size(&f, code);
        for (size_t i = 0; i < count; i++) {
            if (code == 'x') {
                buf[offset] = 0;
            } else {
                pack_one(&f, code, buf + offset, values[vi++]);
            }
            offset += size;
        }
    }
}

static mp_obj_t unpack_all(mp_obj_t fmt_in, const byte *buf, size_t len) {
    size_t n_values;
    size_t size = calc_size(fmt_in, &n_values);
    if (len < size) {
        mp_raise_ValueError("buffer too small");
    }
    mp_obj_tuple_t *t = MP_OBJ_TO_PTR(mp_obj_new_tuple(n_values, NULL));
    fmt_t f;
    fmt_init(&f, fmt_in);
    size_t offset = 0, vi = 0;
    char code;
    size_t count;
    while (fmt_next(&f, &code, &count)) {
        offset = align_to(&f, offset, code);
        if (code == 's') {
            t->items[vi++] = mp_obj_new_bytes(buf + offset, count);
            offset += count;
            continue;
        }
        size_t sz = code_size(&f, code);
        for (size_t i = 0; i < count; i++) {
            if (code != 'x') {
                t->items[vi++] = unpack_one(&f, code, buf + offset);
            }
            offset += sz;
        }
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

/* pack_into(fmt, buffer, offset, *values); a negative offset counts from the end */
static mp_obj_t struct_pack_into(size_t n_args, const mp_obj_t *args) {
    mp_buffer_info_t bi;
    mp_get_buffer_raise(args[1], &bi, MP_BUFFER_WRITE);
    mp_int_t offset = mp_obj_get_int(args[2]);
    if (offset < 0) {
        offset += (mp_int_t)bi.len;
    }
    size_t size = calc_size(args[0], NULL);
    if (offset < 0 || (size_t)offset + size > bi.len) {
        mp_raise_ValueError("buffer too small");
    }
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

static mp_obj_t struct_unpack_from(size_t n_args, const mp_obj_t *args) {
    mp_buffer_info_t bi;
    mp_get_buffer_raise(args[1], &bi, MP_BUFFER_READ);
    mp_int_t offset = n_args > 2 ? mp_obj_get_int(args[2]) : 0;
    if (offset < 0) {
        offset += (mp_int_t)bi.len;
    }
    if (offset < 0 || (size_t)offset > bi.len) {
        mp_raise_ValueError("buffer too small");
    }
    return unpack_all(args[0], (const byte *)bi.buf + offset, bi.len - (size_t)offset);
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
