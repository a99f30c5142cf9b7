/*
 * The `array` module: array.array(typecode[, initializer]) for the typecodes
 * b B h H i I l L q Q f d, with native sizes. Arrays support len, indexing,
 * slices (read), item assignment, iteration, append/extend, +, ==, and the
 * buffer protocol (so bytes(a) gives the raw memory). A bytes-like
 * initializer is copied as raw memory, as in MicroPython.
 */
#include <string.h>

#include "core/runtime.h"
#include "modules/modules.h"

typedef struct _array_t {
    mp_obj_base_t base;
    char typecode;
    size_t len;   /* items */
    size_t alloc; /* items */
    byte *items;
} array_t;

static const mp_obj_type_t array_type;

static size_t item_size(char typecode) {
    switch (typecode) {
        case 'b': case 'B': return 1;
        case 'h': case 'H': return 2;
        case 'i': case 'I': case 'f': return 4;
        case 'l': case 'L': return sizeof(long);
        case 'q': case 'Q': case 'd': return 8;
        default: return 0;
    }
}

static bool is_signed(char typecode) {
    return typecode == 'b' || typecode == 'h' || typecode == 'i' || typecode == 'l' ||
           typecode == 'q';
}

/* an int's value modulo 2**64 (stored values wrap, as in MicroPython) */
static uint64_t int_bits(mp_obj_t o) {
    int64_t v;
    if (mp_obj_int_get_int64(o, &v)) {
        return (uint64_t)v;
    }
    if (!mp_obj_is_int(o)) {
        return (uint64_t)mp_obj_get_int(o);
    }
    mp_obj_t mask = mp_obj_new_int_from_ull(~0ULL);
    mp_obj_t low = mp_binary_op(MP_BINARY_OP_AND, o, mask);
    if (!mp_obj_int_get_int64(low, &v)) {
        mp_obj_t wrapped = mp_binary_op(MP_BINARY_OP_SUBTRACT, low,
            mp_binary_op(MP_BINARY_OP_ADD, mask, MP_OBJ_NEW_SMALL_INT(1)));
        mp_obj_int_get_int64(wrapped, &v);
    }
    return (uint64_t)v;
}

static void put_item(array_t *a, size_t i, mp_obj_t value) {
    size_t sz = item_size(a->typecode);
    byte *p = a->items + i * sz;
    if (a->typecode == 'f') {
        float x = (float)mp_obj_get_float(value);
        memcpy(p, &x, 4);
    } else if (a->typecode == 'd') {
        double x = mp_obj_get_float(value);
        memcpy(p, &x, 8);
    } else {
        uint64_t u = int_bits(value);
        memcpy(p, &u, sz); /* little-endian host: the low bytes come first */
    }
}

static mp_obj_t get_item(const array_t *a, size_t i) {
    size_t sz = item_size(a->typecode);
    const byte *p = a->items + i * sz;
    if (a->typecode == 'f') {
        float x;
        memcpy(&x, p, 4);
        return mp_obj_new_float(x);
    }
    if (a->typecode == 'd') {
        double x;
        memcpy(&x, p, 8);
        return mp_obj_new_float(x);
    }
    uint64_t u = 0;
    memcpy(&u, p, sz);
    if (is_signed(a->typecode)) {
        if (sz < 8 && ((u >> (8 * sz - 1)) & 1)) {
            u |= ~0ULL << (8 * sz);
        }
        return mp_obj_new_int_from_ll((long long)(int64_t)u);
    }
    return mp_obj_new_int_from_ull(u);
}

static void array_reserve(array_t *a, size_t n) {
    if (a->len + n <= a->alloc) {
        return;
    }
    size_t alloc = a->alloc * 2 > a->len + n ? a->alloc * 2 : a->len + n + 4;
    size_t sz = item_size(a->typecode);
    a->items = m_realloc(a->items, alloc * sz);
    a->alloc = alloc;
}

static array_t *array_new(char typecode, size_t n) {
    array_t *a = m_new_obj(array_t);
    a->base.type = &array_type;
    a->typecode = typecode;
    a->len = 0;
    a->alloc = 0;
    a->items = NULL;
    array_reserve(a, n);
    return a;
}

static void array_append_obj(array_t *a, mp_obj_t value) {
    array_reserve(a, 1);
    put_item(a, a->len, value);
    a->len++;
}

static void array_extend_from(array_t *a, mp_obj_t iterable) {
    if (mp_obj_is_type(iterable, &array_type) &&
        ((array_t *)MP_OBJ_TO_PTR(iterable))->typecode == a->typecode) {
        array_t *b = MP_OBJ_TO_PTR(iterable);
        size_t n = b->len, sz = item_size(a->typecode);
        array_reserve(a, n);
        memmove(a->items + a->len * sz, b->items, n * sz);
        a->len += n;
        return;
    }
    mp_obj_iter_buf_t buf;
    mp_obj_t it = mp_getiter(iterable, &buf);
    mp_obj_t item;
    while ((item = mp_iternext(it)) != MP_OBJ_STOP_ITERATION) {
        array_append_obj(a, item);
    }
}

static mp_obj_t array_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 2, false);
    size_t tlen;
    const char *tc = mp_obj_str_get_data(args[0], &tlen);
    if (tlen != 1 || item_size(tc[0]) == 0) {
        mp_raise_ValueError("bad typecode");
    }
    array_t *a = array_new(tc[0], 0);
    if (n_args == 2) {
        mp_obj_t init = args[1];
        if (mp_obj_is_type(init, &mp_type_bytes) || mp_obj_is_type(init, &mp_type_bytearray)) {
            mp_buffer_info_t bi;
            mp_get_buffer_raise(init, &bi, MP_BUFFER_READ);
            size_t sz = item_size(a->typecode), n = bi.len / sz;
            array_reserve(a, n);
            memcpy(a->items, bi.buf, n * sz);
            a->len = n;
        } else {
            array_extend_from(a, init);
        }
    }
    return MP_OBJ_FROM_PTR(a);
}

static void array_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    array_t *a = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "array('%c'", a->typecode);
    if (a->len > 0) {
        mp_print_str(print, ", [");
        for (size_t i = 0; i < a->len; i++) {
            if (i > 0) {
                mp_print_str(print, ", ");
            }
            mp_obj_print_helper(print, get_item(a, i), PRINT_REPR);
        }
        mp_print_str(print, "]");
    }
    mp_print_str(print, ")");
}

static mp_obj_t array_append(mp_obj_t self_in, mp_obj_t value) {
    array_append_obj(MP_OBJ_TO_PTR(self_in), value);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(array_append_fun_obj, array_append);

static mp_obj_t array_extend(mp_obj_t self_in, mp_obj_t iterable) {
    array_extend_from(MP_OBJ_TO_PTR(self_in), iterable);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(array_extend_fun_obj, array_extend);

static mp_obj_t array_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    array_t *a = MP_OBJ_TO_PTR(self_in);
    switch (op) {
        case MP_UNARY_OP_BOOL: return mp_obj_new_bool(a->len != 0);
        case MP_UNARY_OP_LEN: return MP_OBJ_NEW_SMALL_INT(a->len);
        default: return MP_OBJ_NULL;
    }
}

static mp_obj_t array_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    array_t *a = MP_OBJ_TO_PTR(lhs);
    switch (op) {
        case MP_BINARY_OP_ADD: {
            array_t *r = array_new(a->typecode, a->len);
            array_extend_from(r, lhs);
            array_extend_from(r, rhs);
            return MP_OBJ_FROM_PTR(r);
        }
        case MP_BINARY_OP_INPLACE_ADD:
            array_extend_from(a, rhs);
            return lhs;
        case MP_BINARY_OP_EQUAL: {
            if (!mp_obj_is_type(rhs, &array_type)) {
                return mp_const_false;
            }
            array_t *b = MP_OBJ_TO_PTR(rhs);
            if (a->len != b->len) {
                return mp_const_false;
            }
            for (size_t i = 0; i < a->len; i++) {
                if (!mp_obj_equal(get_item(a, i), get_item(b, i))) {
                    return mp_const_false;
                }
            }
            return mp_const_true;
        }
        default:
            return MP_OBJ_NULL;
    }
}

static mp_obj_t array_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    array_t *a = MP_OBJ_TO_PTR(self_in);
    if (value == MP_OBJ_NULL) {
        return MP_OBJ_NULL; /* no item deletion */
    }
    if (mp_obj_is_type(index, &mp_type_slice)) {
        if (value != MP_OBJ_SENTINEL) {
            return MP_OBJ_NULL; /* no slice assignment */
        }
        mp_bound_slice_t s;
        mp_obj_slice_indices(index, (mp_int_t)a->len, &s);
        array_t *r = array_new(a->typecode, 0);
        for (mp_int_t i = s.start; s.step > 0 ? i < s.stop : i > s.stop; i += s.step) {
            array_append_obj(r, get_item(a, (size_t)i));
        }
        return MP_OBJ_FROM_PTR(r);
    }
    size_t i = mp_get_index(&array_type, a->len, index, false);
    if (value == MP_OBJ_SENTINEL) {
        return get_item(a, i);
    }
    put_item(a, i, value);
    return mp_const_none;
}

typedef struct _array_it_t {
    mp_obj_base_t base;
    mp_obj_t array;
    size_t pos;
} array_it_t;

static mp_obj_t array_it_next(mp_obj_t self_in) {
    array_it_t *it = MP_OBJ_TO_PTR(self_in);
    array_t *a = MP_OBJ_TO_PTR(it->array);
    if (it->pos >= a->len) {
        return MP_OBJ_STOP_ITERATION;
    }
    return get_item(a, it->pos++);
}

static const mp_obj_type_t array_it_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_iterator,
    MP_TYPE_SLOT(iter, array_it_next),
};

static mp_obj_t array_getiter(mp_obj_t self_in, mp_obj_iter_buf_t *buf) {
    array_it_t *it = buf != NULL ? (array_it_t *)buf : m_new_obj(array_it_t);
    it->base.type = &array_it_type;
    it->array = self_in;
    it->pos = 0;
    return MP_OBJ_FROM_PTR(it);
}

static mp_int_t array_get_buffer(mp_obj_t self_in, mp_buffer_info_t *bi, mp_uint_t flags) {
    array_t *a = MP_OBJ_TO_PTR(self_in);
    bi->buf = a->items;
    bi->len = a->len * item_size(a->typecode);
    bi->typecode = a->typecode;
    return 0;
}

static const mp_rom_map_elem_t array_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_append), MP_ROM_PTR(&array_append_fun_obj)},
    {MP_ROM_QSTR(MP_QSTR_extend), MP_ROM_PTR(&array_extend_fun_obj)},
};
static MP_DEFINE_CONST_DICT(array_locals, array_locals_table);

static const mp_obj_type_t array_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_GETITER,
    .name = MP_QSTR_array,
    MP_TYPE_SLOT(make_new, array_make_new),
    MP_TYPE_SLOT(print, array_print),
    MP_TYPE_SLOT(unary_op, array_unary_op),
    MP_TYPE_SLOT(binary_op, array_binary_op),
    MP_TYPE_SLOT(subscr, array_subscr),
    MP_TYPE_SLOT(iter, array_getiter),
    MP_TYPE_SLOT(buffer, array_get_buffer),
    MP_TYPE_SLOT(locals_dict, &array_locals),
};

static const mp_rom_map_elem_t array_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_array)},
    {MP_ROM_QSTR(MP_QSTR_array), MP_ROM_PTR(&array_type)},
};
static MP_DEFINE_CONST_DICT(array_module_globals, array_module_table);

const mp_obj_module_t mp_module_array = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&array_module_globals,
};
