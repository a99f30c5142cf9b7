/*
 * The `array` module (also `uarray`): array.array(typecode[, initializer])
 * for the typecodes b B h H i I l L q Q P e f d and O (objects), with
 * native sizes; item layout comes from binary.c.
 *
 * As in MicroPython: an initializer with the buffer protocol and byte items
 * (bytes, bytearray, array('B')) is copied as raw memory, anything else is
 * iterated; slices must have step 1; a slice can be assigned from another
 * array or bytes-like object of any length (the array resizes); + and +=
 * take any buffer and append its raw bytes (slice assignment needs the
 * same typecode); items cannot be deleted.
 * Where MicroPython raises NotImplementedError (== between different
 * typecodes, `in`) the CPython answer is given instead.
 */
#include <string.h>

#include "core/runtime.h"
#include "modules/binary.h"
#include "modules/modules.h"

typedef struct _array_t {
    mp_obj_base_t base;
    char typecode;
    byte itemsize;
    size_t len;   /* items */
    size_t alloc; /* items */
    byte *items;
} array_t;

static const mp_obj_type_t array_type;

static bool is_array(mp_obj_t o) {
    return mp_obj_is_type(o, &array_type);
}

static void array_reserve(array_t *a, size_t n) {
    if (n <= a->alloc - a->len) {
        return;
    }
    size_t want = a->len + n;
    size_t alloc = a->alloc * 2 > want ? a->alloc * 2 : want + 4;
    a->items = m_realloc(a->items, alloc * a->itemsize);
    a->alloc = alloc;
}

static array_t *array_new(char typecode, size_t n) {
    size_t itemsize = mp_binary_array_item_size(typecode);
    if (itemsize == 0) {
        mp_raise_ValueError("bad typecode");
    }
    array_t *a = m_new_obj(array_t);
    a->base.type = &array_type;
    a->typecode = typecode;
    a->itemsize = (byte)itemsize;
    a->len = 0;
    a->alloc = 0;
    a->items = NULL;
    array_reserve(a, n);
    return a;
}

static mp_obj_t get_item(const array_t *a, size_t i) {
    return mp_binary_get_val_array(a->typecode, a->items, i);
}

static void append_item(array_t *a, mp_obj_t value) {
    array_reserve(a, 1);
    mp_binary_set_val_array(a->typecode, a->items, a->len, value);
    a->len++;
}

/* append raw bytes; a partial trailing item is dropped */
static void append_bytes(array_t *a, const void *data, size_t nbytes) {
    size_t n = nbytes / a->itemsize;
    if (n == 0) {
        return;
    }
    if (a->items != NULL && (const byte *)data >= a->items &&
        (const byte *)data < a->items + a->alloc * a->itemsize) {
        /* appending (part of) itself: the buffer may move when it grows */
        size_t off = (size_t)((const byte *)data - a->items);
        array_reserve(a, n);
        data = a->items + off;
    } else {
        array_reserve(a, n);
    }
    memmove(a->items + a->len * a->itemsize, data, n * a->itemsize);
    a->len += n;
}

/* The raw items of `value` for copying into `a`: any buffer for a numeric
 * array; only another 'O' array for an object array. False if none. */
static bool source_bytes(const array_t *a, mp_obj_t value, mp_buffer_info_t *bi) {
    if (a->typecode == 'O') {
        if (!is_array(value) || ((array_t *)MP_OBJ_TO_PTR(value))->typecode != 'O') {
            return false;
        }
        array_t *b = MP_OBJ_TO_PTR(value);
        bi->buf = b->items;
        bi->len = b->len * b->itemsize;
        bi->typecode = 'O';
        return true;
    }
    return !mp_obj_is_str(value) && mp_get_buffer(value, bi, MP_BUFFER_READ);
}

static void source_bytes_raise(const array_t *a, mp_obj_t value, mp_buffer_info_t *bi) {
    if (!source_bytes(a, value, bi)) {
        mp_raise_TypeError("object with buffer protocol required");
    }
}

static void append_iterable(array_t *a, mp_obj_t iterable) {
    mp_obj_t n = mp_obj_len_maybe(iterable);
    if (n != MP_OBJ_NULL) {
        array_reserve(a, (size_t)mp_obj_get_int(n));
    }
    mp_obj_iter_buf_t buf;
    mp_obj_t it = mp_getiter(iterable, &buf);
    mp_obj_t item;
    while ((item = mp_iternext(it)) != MP_OBJ_STOP_ITERATION) {
        append_item(a, item);
    }
}

static mp_obj_t array_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 2, false);
    size_t tlen;
    const char *tc = mp_obj_str_get_data(args[0], &tlen);
    if (tlen == 0) {
        mp_raise_ValueError("bad typecode");
    }
    array_t *a = array_new(tc[0], 0);
    if (n_args == 2) {
        mp_buffer_info_t bi;
        if (a->typecode != 'O' && source_bytes(a, args[1], &bi) && bi.typecode == 'B') {
            append_bytes(a, bi.buf, bi.len);
        } else {
            append_iterable(a, args[1]);
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
    append_item(MP_OBJ_TO_PTR(self_in), value);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(array_append_obj, array_append);

/* extend(iterable): a buffer's raw bytes, or the items of an iterable */
static void extend_from(array_t *a, mp_obj_t arg) {
    mp_buffer_info_t bi;
    if (source_bytes(a, arg, &bi)) {
        append_bytes(a, bi.buf, bi.len);
    } else {
        append_iterable(a, arg);
    }
}

static mp_obj_t array_extend(mp_obj_t self_in, mp_obj_t arg) {
    extend_from(MP_OBJ_TO_PTR(self_in), arg);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(array_extend_obj, array_extend);

static mp_obj_t array_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    array_t *a = MP_OBJ_TO_PTR(self_in);
    switch (op) {
        case MP_UNARY_OP_BOOL: return mp_obj_new_bool(a->len != 0);
        case MP_UNARY_OP_LEN: return MP_OBJ_NEW_SMALL_INT(a->len);
        default: return MP_OBJ_NULL;
    }
}

static bool array_equal(const array_t *a, const array_t *b) {
    if (a->len != b->len) {
        return false;
    }
    bool exact_ints = a->typecode == b->typecode && a->typecode != 'f' && a->typecode != 'd' &&
        a->typecode != 'e' && a->typecode != 'O';
    if (exact_ints) {
        return memcmp(a->items, b->items, a->len * a->itemsize) == 0;
    }
    for (size_t i = 0; i < a->len; i++) {
        if (!mp_obj_equal(get_item(a, i), get_item(b, i))) {
            return false;
        }
    }
    return true;
}

static mp_obj_t array_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    array_t *a = MP_OBJ_TO_PTR(lhs);
    switch (op) {
        case MP_BINARY_OP_ADD: {
            mp_buffer_info_t bi;
            source_bytes_raise(a, rhs, &bi);
            array_t *r = array_new(a->typecode, a->len + bi.len / a->itemsize);
            append_bytes(r, a->items, a->len * a->itemsize);
            append_bytes(r, bi.buf, bi.len);
            return MP_OBJ_FROM_PTR(r);
        }
        case MP_BINARY_OP_INPLACE_ADD: {
            mp_buffer_info_t bi;
            source_bytes_raise(a, rhs, &bi);
            append_bytes(a, bi.buf, bi.len);
            return lhs;
        }
        case MP_BINARY_OP_EQUAL:
            return mp_obj_new_bool(is_array(rhs) && array_equal(a, MP_OBJ_TO_PTR(rhs)));
        case MP_BINARY_OP_CONTAINS:
            for (size_t i = 0; i < a->len; i++) {
                if (mp_obj_equal(get_item(a, i), rhs)) {
                    return mp_const_true;
                }
            }
            return mp_const_false;
        default:
            return MP_OBJ_NULL;
    }
}

/* a[start:stop] = value: replace the slice by the items of value, an
 * array or bytes-like object with the same typecode */
static void assign_slice(array_t *a, const mp_bound_slice_t *s, mp_obj_t value) {
    mp_buffer_info_t bi;
    if (!(is_array(value) || mp_obj_is_type(value, &mp_type_bytes) ||
          mp_obj_is_type(value, &mp_type_bytearray) ||
          mp_obj_is_type(value, &mp_type_memoryview)) ||
        !source_bytes(a, value, &bi)) {
        mp_raise_NotImplementedError("array/bytes required on right side");
    }
    if (bi.typecode != a->typecode) {
        mp_raise_ValueError("lhs and rhs should be compatible");
    }
    size_t start = (size_t)s->start, stop = (size_t)(s->stop > s->start ? s->stop : s->start);
    size_t sz = a->itemsize, new_n = bi.len / sz, old_n = stop - start;
    if (new_n == 0 && old_n == 0) {
        return;
    }
    /* value may be this very array: keep a copy of its bytes if so */
    const byte *src = bi.buf;
    if (value == MP_OBJ_FROM_PTR(a)) {
        byte *copy = m_new(byte, new_n * sz + 1);
        memcpy(copy, src, new_n * sz);
        src = copy;
    }
    if (new_n > old_n) {
        array_reserve(a, new_n - old_n);
    }
    memmove(a->items + (start + new_n) * sz, a->items + stop * sz, (a->len - stop) * sz);
    if (new_n > 0) {
        memcpy(a->items + start * sz, src, new_n * sz);
    }
    a->len = a->len - old_n + new_n;
}

static mp_obj_t array_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    array_t *a = MP_OBJ_TO_PTR(self_in);
    if (value == MP_OBJ_NULL) {
        return MP_OBJ_NULL; /* no item deletion */
    }
    if (mp_obj_is_type(index, &mp_type_slice)) {
        mp_bound_slice_t s;
        if (!mp_seq_get_fast_slice_indexes(a->len, index, &s)) {
            mp_raise_NotImplementedError("only slices with step=1 (aka None) are supported");
        }
        if (value != MP_OBJ_SENTINEL) {
            assign_slice(a, &s, value);
            return mp_const_none;
        }
        size_t n = s.stop > s.start ? (size_t)(s.stop - s.start) : 0;
        array_t *r = array_new(a->typecode, n);
        append_bytes(r, a->items + (size_t)s.start * a->itemsize, n * a->itemsize);
        return MP_OBJ_FROM_PTR(r);
    }
    size_t i = mp_get_index(&array_type, a->len, index, false);
    if (value == MP_OBJ_SENTINEL) {
        return get_item(a, i);
    }
    mp_binary_set_val_array(a->typecode, a->items, i, value);
    return mp_const_none;
}

typedef struct _array_it_t {
    mp_obj_base_t base;
    array_t *array;
    size_t pos;
} array_it_t;

static mp_obj_t array_it_next(mp_obj_t self_in) {
    array_it_t *it = MP_OBJ_TO_PTR(self_in);
    if (it->pos >= it->array->len) {
        return MP_OBJ_STOP_ITERATION;
    }
    return get_item(it->array, it->pos++);
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
    it->array = MP_OBJ_TO_PTR(self_in);
    it->pos = 0;
    return MP_OBJ_FROM_PTR(it);
}

static mp_int_t array_get_buffer(mp_obj_t self_in, mp_buffer_info_t *bi, mp_uint_t flags) {
    array_t *a = MP_OBJ_TO_PTR(self_in);
    if (a->typecode == 'O') {
        return 1; /* raw access to object pointers would let bytes forge objects */
    }
    bi->buf = a->items;
    bi->len = a->len * a->itemsize;
    bi->typecode = a->typecode;
    return 0;
}

static const mp_rom_map_elem_t array_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_append), MP_ROM_PTR(&array_append_obj)},
    {MP_ROM_QSTR(MP_QSTR_extend), MP_ROM_PTR(&array_extend_obj)},
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
