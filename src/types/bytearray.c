/*
 * bytearray: a mutable, growable byte buffer. Its read-only methods (find,
 * split, decode, ...) are the bytes ones from str.c; this file holds the
 * object, mutation (item/slice assignment, append, extend, ...) and the
 * buffer protocol. As in MicroPython, storing an int outside 0..255 into an
 * item keeps only its low 8 bits instead of raising.
 */
#include <string.h>

#include "types/containers.h"

/* typecode bit set when the items are not ours (by_ref): never realloc them */
#define BA_BYREF (0x80)

static mp_obj_array_t *ba_alloc(size_t n) {
    mp_seq_check_alloc(n, 1);
    mp_obj_array_t *o = m_new_obj(mp_obj_array_t);
    o->base.type = &mp_type_bytearray;
    o->typecode = 'B';
    o->free = 0;
    o->len = n;
    o->items = m_new(byte, n ? n : 1);
    return o;
}

mp_obj_t mp_obj_new_bytearray(size_t n, const void *items) {
    mp_obj_array_t *o = ba_alloc(n);
    if (items != NULL) {
        memcpy(o->items, items, n);
    } else {
        memset(o->items, 0, n);
    }
    return MP_OBJ_FROM_PTR(o);
}

mp_obj_t mp_obj_new_bytearray_by_ref(size_t n, void *items) {
    mp_obj_array_t *o = m_new_obj(mp_obj_array_t);
    o->base.type = &mp_type_bytearray;
    o->typecode = 'B' | BA_BYREF;
    o->free = 0;
    o->len = n;
    o->items = (byte *)items;
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_array_t *get_ba(mp_obj_t self) {
    mp_obj_t sub = mp_obj_native_part(self, &mp_type_bytearray);
    if (sub != MP_OBJ_NULL) {
        self = sub; /* a Python subclass of bytearray */
    }
    if (!mp_obj_is_type(self, &mp_type_bytearray)) {
        mp_raise_TypeError("expected a bytearray");
    }
    return (mp_obj_array_t *)MP_OBJ_TO_PTR(self);
}

/* make room for `need` bytes in total */
static void ba_reserve(mp_obj_array_t *o, size_t need) {
    size_t cap = o->len + o->free;
    if (need <= cap) {
        return;
    }
    size_t ncap = cap + cap / 2 + 8;
    if (ncap < need) {
        ncap = need;
    }
    if (o->typecode & BA_BYREF) {
        byte *n = m_new(byte, ncap);
        memcpy(n, o->items, o->len);
        o->items = n;
        o->typecode &= ~BA_BYREF;
    } else {
        o->items = m_renew(byte, o->items, cap, ncap);
    }
    o->free = ncap - o->len;
}

static void ba_set_len(mp_obj_array_t *o, size_t len) {
    ba_reserve(o, len);
    size_t cap = o->len + o->free;
    o->len = len;
    o->free = cap - len;
}

/* replace bytes [start, stop) with n bytes from src */
static void ba_replace(mp_obj_array_t *o, size_t start, size_t stop, const byte *src, size_t n) {
    size_t old_len = o->len;
    size_t new_len = old_len - (stop - start) + n;
    if (new_len > old_len) {
        ba_set_len(o, new_len);
    }
    memmove(o->items + start + n, o->items + stop, old_len - stop);
    if (n > 0) {
        memcpy(o->items + start, src, n);
    }
    if (new_len < old_len) {
        ba_set_len(o, new_len);
    }
}

static mp_obj_t bytearray_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    if (n_args == 0 && n_kw == 0) {
        return mp_obj_new_bytearray(0, NULL);
    }
    vstr_t vstr;
    vstr_init(&vstr, 16);
    mp_bytes_from_ctor_args(n_args, n_kw, args, &vstr);
    mp_obj_t r = mp_obj_new_bytearray(vstr.len, vstr.buf);
    vstr_clear(&vstr);
    return r;
}

static void bytearray_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_obj_array_t *o = get_ba(self_in);
    mp_print_str(print, "bytearray(");
    mp_bytes_print_repr(print, o->items, o->len);
    mp_print_str(print, ")");
}

static mp_obj_t bytearray_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    mp_obj_array_t *o = get_ba(self_in);
    switch (op) {
        case MP_UNARY_OP_BOOL:
            return mp_obj_new_bool(o->len != 0);
        case MP_UNARY_OP_LEN:
            return MP_OBJ_NEW_SMALL_INT(o->len);
        default:
            return MP_OBJ_NULL;
    }
}

static byte byte_value(mp_obj_t v) {
    return (byte)(mp_obj_get_int_truncated(v) & 0xff);
}

static void ba_extend(mp_obj_array_t *o, mp_obj_t arg) {
    mp_buffer_info_t info;
    if (!mp_obj_is_int(arg) && !mp_obj_is_str(arg) && mp_get_buffer(arg, &info, MP_BUFFER_READ)) {
        /* copy first: arg may be o itself */
        vstr_t tmp;
        vstr_init(&tmp, info.len);
        vstr_add_strn(&tmp, (const char *)info.buf, info.len);
        size_t at = o->len;
        ba_set_len(o, at + tmp.len);
        memcpy(o->items + at, tmp.buf, tmp.len);
        vstr_clear(&tmp);
        return;
    }
    mp_obj_iter_buf_t buf;
    mp_obj_t iter = mp_getiter(arg, &buf);
    mp_obj_t item;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        byte b = byte_value(item); /* may raise: convert before growing */
        size_t at = o->len;
        ba_set_len(o, at + 1);
        o->items[at] = b;
    }
}

static mp_obj_t bytearray_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    mp_obj_array_t *o = get_ba(lhs);
    switch (op) {
        case MP_BINARY_OP_INPLACE_ADD: {
            /* unlike extend(), += takes only bytes-like operands */
            mp_buffer_info_t rinfo;
            if (mp_obj_is_str(rhs) || !mp_get_buffer(rhs, &rinfo, MP_BUFFER_READ)) {
                mp_raise_msg_varg(&mp_type_TypeError, "can't concat %s to bytearray",
                    mp_obj_get_type_str(rhs));
            }
            ba_extend(o, rhs);
            return lhs;
        }
        case MP_BINARY_OP_CONTAINS:
            if (mp_obj_is_int(rhs)) {
                mp_int_t b;
                if (!mp_obj_is_small_int(rhs) || (b = MP_OBJ_SMALL_INT_VALUE(rhs)) < 0 || b > 255) {
                    mp_raise_ValueError("byte must be in range(0, 256)");
                }
                return mp_obj_new_bool(memchr(o->items, (int)b, o->len) != NULL);
            }
            break;
        case MP_BINARY_OP_MODULO:
        case MP_BINARY_OP_INPLACE_MODULO:
            return mp_str_modulo_format(lhs, rhs, true);
        case MP_BINARY_OP_INPLACE_MULTIPLY: {
            /* ba *= n repeats in place: other references see the change */
            size_t n;
            if (!mp_seq_get_repeat(rhs, &n)) {
                return MP_OBJ_NULL;
            }
            size_t len = o->len;
            ba_set_len(o, mp_seq_mul_len(len, n));
            for (size_t i = 1; i < n; i++) {
                memcpy(o->items + i * len, o->items, len);
            }
            return lhs;
        }
        case MP_BINARY_OP_MULTIPLY:
        case MP_BINARY_OP_REVERSE_MULTIPLY: {
            size_t n;
            if (!mp_seq_get_repeat(rhs, &n)) {
                return MP_OBJ_NULL;
            }
            mp_obj_array_t *r = ba_alloc(mp_seq_mul_len(o->len, n));
            for (size_t i = 0; i < n; i++) {
                memcpy(r->items + i * o->len, o->items, o->len);
            }
            return MP_OBJ_FROM_PTR(r);
        }
        default:
            break;
    }
    mp_buffer_info_t info;
    if (mp_obj_is_str(rhs) || !mp_get_buffer(rhs, &info, MP_BUFFER_READ)) {
        return MP_OBJ_NULL;
    }
    switch (op) {
        case MP_BINARY_OP_ADD: {
            mp_obj_array_t *r = ba_alloc(o->len + info.len);
            memcpy(r->items, o->items, o->len);
            memcpy(r->items + o->len, info.buf, info.len);
            return MP_OBJ_FROM_PTR(r);
        }
        case MP_BINARY_OP_CONTAINS: {
            const byte *h = o->items;
            size_t n = info.len;
            if (n == 0) {
                return mp_const_true;
            }
            for (size_t i = 0; i + n <= o->len; i++) {
                if (memcmp(h + i, info.buf, n) == 0) {
                    return mp_const_true;
                }
            }
            return mp_const_false;
        }
        case MP_BINARY_OP_EQUAL:
        case MP_BINARY_OP_NOT_EQUAL:
        case MP_BINARY_OP_LESS:
        case MP_BINARY_OP_LESS_EQUAL:
        case MP_BINARY_OP_MORE:
        case MP_BINARY_OP_MORE_EQUAL:
            return mp_obj_new_bool(mp_seq_cmp_bytes(op, o->items, o->len,
                (const byte *)info.buf, info.len));
        default:
            return MP_OBJ_NULL;
    }
}

static mp_obj_t bytearray_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    mp_obj_array_t *o = get_ba(self_in);
    if (mp_obj_is_type(index, &mp_type_slice)) {
        mp_bound_slice_t s;
        mp_seq_bound_slice(index, o->len, &s);
        size_t count = mp_seq_slice_len(&s);
        if (value == MP_OBJ_SENTINEL) {
            mp_obj_array_t *r = ba_alloc(count);
            mp_int_t i = s.start;
            for (size_t k = 0; k < count; k++, i += s.step) {
                r->items[k] = o->items[i];
            }
            return MP_OBJ_FROM_PTR(r);
        }
        vstr_t src;
        vstr_init(&src, 16);
        if (value != MP_OBJ_NULL) {
            if (mp_obj_is_int(value)) {
                mp_raise_TypeError("can assign only bytes, buffers, or iterables of ints in range(0, 256)");
            }
            mp_bytes_fill_from_obj(value, &src);
        }
        if (s.step == 1) {
            ba_replace(o, s.start, s.stop, (const byte *)src.buf, src.len);
        } else if (value == MP_OBJ_NULL) {
            /* delete every step-th byte, compacting the rest */
            mp_int_t step = s.step > 0 ? s.step : -s.step;
            mp_int_t first = s.step > 0 ? s.start : s.start + (mp_int_t)(count - 1) * s.step;
            size_t w = first;
            for (size_t r = first; r < o->len; r++) {
                mp_int_t d = (mp_int_t)r - first;
                if (!(d % step == 0 && d / step < (mp_int_t)count)) {
                    o->items[w++] = o->items[r];
                }
            }
            ba_set_len(o, w);
        } else {
            if (src.len != count) {
                mp_raise_msg_varg(&mp_type_ValueError,
                    "attempt to assign bytes of size %d to extended slice of size %d",
                    (int)src.len, (int)count);
            }
            mp_int_t i = s.start;
            for (size_t k = 0; k < count; k++, i += s.step) {
                o->items[i] = (byte)src.buf[k];
            }
        }
        vstr_clear(&src);
        return mp_const_none;
    }
    size_t i = mp_get_index(&mp_type_bytearray, o->len, index, false);
    if (value == MP_OBJ_SENTINEL) {
        return MP_OBJ_NEW_SMALL_INT(o->items[i]);
    }
    if (value == MP_OBJ_NULL) {
        ba_replace(o, i, i + 1, NULL, 0);
    } else {
        o->items[i] = byte_value(value);
    }
    return mp_const_none;
}

typedef struct _ba_it_t {
    mp_obj_base_t base;
    mp_obj_t obj;
    size_t pos;
} ba_it_t;

static mp_obj_t ba_it_iternext(mp_obj_t self_in) {
    ba_it_t *it = (ba_it_t *)MP_OBJ_TO_PTR(self_in);
    mp_buffer_info_t info;
    mp_get_buffer_raise(it->obj, &info, MP_BUFFER_READ);
    if (it->pos >= info.len) {
        return MP_OBJ_STOP_ITERATION;
    }
    return MP_OBJ_NEW_SMALL_INT(((byte *)info.buf)[it->pos++]);
}

static const mp_obj_type_t ba_it_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_iterator,
    MP_TYPE_SLOT(iter, ba_it_iternext),
};

/* also used by memoryview: iterate the bytes of any buffer object */
mp_obj_t mp_bytes_buffer_getiter(mp_obj_t self, mp_obj_iter_buf_t *iter_buf) {
    ba_it_t *it = iter_buf ? (ba_it_t *)iter_buf : m_new_obj(ba_it_t);
    it->base.type = &ba_it_type;
    it->obj = self;
    it->pos = 0;
    return MP_OBJ_FROM_PTR(it);
}

static mp_int_t bytearray_get_buffer(mp_obj_t self_in, mp_buffer_info_t *info, mp_uint_t flags) {
    mp_obj_array_t *o = get_ba(self_in);
    info->buf = o->items;
    info->len = o->len;
    info->typecode = 'B';
    return 0;
}

/* ---- methods (the rest are shared with bytes, see str.c) ---------------- */

static mp_obj_t bytearray_append(mp_obj_t self_in, mp_obj_t value) {
    mp_obj_array_t *o = get_ba(self_in);
    mp_int_t v = mp_obj_get_int(value);
    if (v < 0 || v > 255) {
        mp_raise_ValueError("byte must be in range(0, 256)");
    }
    size_t at = o->len;
    ba_set_len(o, at + 1);
    o->items[at] = (byte)v;
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_2(mp_bytearray_append_obj, bytearray_append);

static mp_obj_t bytearray_extend(mp_obj_t self_in, mp_obj_t arg) {
    ba_extend(get_ba(self_in), arg);
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_2(mp_bytearray_extend_obj, bytearray_extend);

static mp_obj_t bytearray_copy(mp_obj_t self_in) {
    mp_obj_array_t *o = get_ba(self_in);
    return mp_obj_new_bytearray(o->len, o->items);
}
MP_DEFINE_CONST_FUN_OBJ_1(mp_bytearray_copy_obj, bytearray_copy);

static mp_obj_t bytearray_clear(mp_obj_t self_in) {
    ba_set_len(get_ba(self_in), 0);
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_1(mp_bytearray_clear_obj, bytearray_clear);

static mp_obj_t bytearray_reverse(mp_obj_t self_in) {
    mp_obj_array_t *o = get_ba(self_in);
    for (size_t i = 0, j = o->len; i + 1 < j; i++, j--) {
        byte t = o->items[i];
        o->items[i] = o->items[j - 1];
        o->items[j - 1] = t;
    }
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_1(mp_bytearray_reverse_obj, bytearray_reverse);

static mp_obj_t bytearray_remove(mp_obj_t self_in, mp_obj_t value) {
    mp_obj_array_t *o = get_ba(self_in);
    mp_int_t v = mp_obj_get_int(value);
    for (size_t i = 0; i < o->len; i++) {
        if (o->items[i] == v) {
            ba_replace(o, i, i + 1, NULL, 0);
            return mp_const_none;
        }
    }
    mp_raise_ValueError("value not found in bytearray");
}
MP_DEFINE_CONST_FUN_OBJ_2(mp_bytearray_remove_obj, bytearray_remove);

static mp_obj_t bytearray_insert(mp_obj_t self_in, mp_obj_t idx_in, mp_obj_t value) {
    mp_obj_array_t *o = get_ba(self_in);
    mp_int_t i = mp_obj_get_int(idx_in);
    mp_int_t len = (mp_int_t)o->len;
    if (i < 0) {
        i += len;
        if (i < 0) {
            i = 0;
        }
    } else if (i > len) {
        i = len;
    }
    mp_int_t v = mp_obj_get_int(value);
    if (v < 0 || v > 255) {
        mp_raise_ValueError("byte must be in range(0, 256)");
    }
    byte b = (byte)v;
    ba_replace(o, i, i, &b, 1);
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_3(mp_bytearray_insert_obj, bytearray_insert);

static mp_obj_t bytearray_pop(size_t n_args, const mp_obj_t *args) {
    mp_obj_array_t *o = get_ba(args[0]);
    if (o->len == 0) {
        mp_raise_msg(&mp_type_IndexError, "pop from empty bytearray");
    }
    size_t i = o->len - 1;
    if (n_args > 1) {
        i = mp_get_index(&mp_type_bytearray, o->len, args[1], false);
    }
    byte b = o->items[i];
    ba_replace(o, i, i + 1, NULL, 0);
    return MP_OBJ_NEW_SMALL_INT(b);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mp_bytearray_pop_obj, 1, 2, bytearray_pop);

const mp_obj_type_t mp_type_bytearray = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_GETITER | MP_TYPE_FLAG_EQ_CHECKS_OTHER_TYPE,
    .name = MP_QSTR_bytearray,
    MP_TYPE_SLOT(make_new, bytearray_make_new),
    MP_TYPE_SLOT(print, bytearray_print),
    MP_TYPE_SLOT(unary_op, bytearray_unary_op),
    MP_TYPE_SLOT(binary_op, bytearray_binary_op),
    MP_TYPE_SLOT(subscr, bytearray_subscr),
    MP_TYPE_SLOT(iter, mp_bytes_buffer_getiter),
    MP_TYPE_SLOT(buffer, bytearray_get_buffer),
    MP_TYPE_SLOT(locals_dict, &mp_bytearray_locals_dict),
};
