/*
 * range objects and their iterator. The iterator fits in the 4-word stack
 * buffer of mp_getiter, so `for i in range(n)` never allocates. As in
 * MicroPython, two ranges compare equal only if they are the same object.
 */
#include <math.h>
#include "types/containers.h"

typedef struct _mp_obj_range_t {
    mp_obj_base_t base;
    mp_int_t start;
    mp_int_t stop;
    mp_int_t step;
} mp_obj_range_t;

typedef struct _mp_obj_range_it_t {
    mp_obj_base_t base;
    mp_int_t cur;
    mp_int_t stop;
    mp_int_t step;
} mp_obj_range_it_t;

static mp_obj_t range_it_iternext(mp_obj_t self_in) {
    mp_obj_range_it_t *it = (mp_obj_range_it_t *)MP_OBJ_TO_PTR(self_in);
    mp_int_t v = it->cur;
    if (it->step > 0 ? v < it->stop : v > it->stop) {
        /* step past the end without overflowing the word */
        mp_uint_t left = it->step > 0 ? (mp_uint_t)it->stop - (mp_uint_t)v
            : (mp_uint_t)v - (mp_uint_t)it->stop;
        mp_uint_t step = it->step > 0 ? (mp_uint_t)it->step : -(mp_uint_t)it->step;
        it->cur = left <= step ? it->stop : v + it->step;
        if (MP_OBJ_SMALL_INT_VALUE(MP_OBJ_NEW_SMALL_INT(v)) == v) {
            return MP_OBJ_NEW_SMALL_INT(v);
        }
        return mp_obj_new_int(v);
    }
    return MP_OBJ_STOP_ITERATION;
}

const mp_obj_type_t mp_type_range_it = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_iterator,
    MP_TYPE_SLOT(iter, range_it_iternext),
};

static mp_obj_t range_it_new(mp_int_t cur, mp_int_t stop, mp_int_t step,
    mp_obj_iter_buf_t *iter_buf) {
    mp_obj_range_it_t *it = iter_buf ? (mp_obj_range_it_t *)iter_buf : m_new_obj(mp_obj_range_it_t);
    it->base.type = &mp_type_range_it;
    it->cur = cur;
    it->stop = stop;
    it->step = step;
    return MP_OBJ_FROM_PTR(it);
}

mp_obj_t mp_obj_new_range(mp_int_t start, mp_int_t stop, mp_int_t step) {
    mp_obj_range_t *o = m_new_obj(mp_obj_range_t);
    o->base.type = &mp_type_range;
    o->start = start;
    o->stop = stop;
    o->step = step;
    return MP_OBJ_FROM_PTR(o);
}

static mp_int_t range_len(mp_obj_range_t *r) {
    mp_bound_slice_t s = {r->start, r->stop, r->step};
    size_t n = mp_seq_slice_len(&s);
    if (n > (size_t)(((mp_uint_t)1 << (MP_WORD_BITS - 2)) - 1)) {
        mp_raise_msg(&mp_type_OverflowError, "range too large");
    }
    return (mp_int_t)n;
}

/* reversed(range): an iterator from the last element backwards */
mp_obj_t mp_obj_range_reversed(mp_obj_t self_in) {
    mp_obj_range_t *r = (mp_obj_range_t *)MP_OBJ_TO_PTR(self_in);
    mp_int_t n = range_len(r);
    if (n == 0) {
        return range_it_new(0, 0, 1, NULL);
    }
    mp_int_t last = (mp_int_t)((mp_uint_t)r->start + (mp_uint_t)(n - 1) * (mp_uint_t)r->step);
    /* stop just beyond start, going backwards; the iterator never
     * steps past its stop, so this cannot overflow */
    mp_int_t stop = r->step > 0 ? r->start - 1 : r->start + 1;
    return range_it_new(last, stop, -r->step, NULL);
}

static mp_obj_t range_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 3, false);
    mp_int_t start = 0, stop, step = 1;
    if (n_args == 1) {
        stop = mp_obj_get_int(args[0]);
    } else {
        start = mp_obj_get_int(args[0]);
        stop = mp_obj_get_int(args[1]);
        if (n_args == 3) {
            step = mp_obj_get_int(args[2]);
            if (step == 0) {
                mp_raise_ValueError("zero step");
            }
        }
    }
    return mp_obj_new_range(start, stop, step);
}

static void range_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_obj_range_t *r = (mp_obj_range_t *)MP_OBJ_TO_PTR(self_in);
    if (r->step == 1) {
        mp_printf(print, "range(%d, %d)", (int)r->start, (int)r->stop);
    } else {
        mp_printf(print, "range(%d, %d, %d)", (int)r->start, (int)r->stop, (int)r->step);
    }
}

static mp_obj_t range_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    mp_obj_range_t *r = (mp_obj_range_t *)MP_OBJ_TO_PTR(self_in);
    switch (op) {
        case MP_UNARY_OP_BOOL:
            return mp_obj_new_bool(r->step > 0 ? r->start < r->stop : r->start > r->stop);
        case MP_UNARY_OP_LEN:
            return MP_OBJ_NEW_SMALL_INT(range_len(r));
        default:
            return MP_OBJ_NULL;
    }
}

static bool range_has(mp_obj_range_t *r, mp_int_t v) {
    if (r->step > 0 ? (v < r->start || v >= r->stop) : (v > r->start || v <= r->stop)) {
        return false;
    }
    return (v - r->start) % r->step == 0;
}

/* The element a value equals, if it can equal one: bools and integral
 * floats compare equal to ints; other objects never equal a range element
 * (answered without walking a possibly huge range). */
static bool value_as_int(mp_obj_t value, mp_int_t *out) {
    if (mp_obj_is_small_int(value)) {
        *out = MP_OBJ_SMALL_INT_VALUE(value);
        return true;
    }
    if (mp_obj_is_bool(value)) {
        *out = value == mp_const_true;
        return true;
    }
    if (mp_obj_is_float(value)) {
        double d = mp_obj_float_get(value);
        if (d == floor(d) && d >= -4.0e18 && d <= 4.0e18) {
            *out = (mp_int_t)d;
            return true;
        }
    }
    return false;
}

static mp_obj_t range_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    mp_obj_range_t *r = (mp_obj_range_t *)MP_OBJ_TO_PTR(lhs);
    mp_int_t v;
    if (op == MP_BINARY_OP_CONTAINS && value_as_int(rhs, &v)) {
        return mp_obj_new_bool(range_has(r, v));
    }
    return MP_OBJ_NULL; /* == is identity; other `in` tests iterate */
}

static mp_obj_t range_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    if (value != MP_OBJ_SENTINEL) {
        return MP_OBJ_NULL;
    }
    mp_obj_range_t *r = (mp_obj_range_t *)MP_OBJ_TO_PTR(self_in);
    mp_int_t n = range_len(r);
    if (mp_obj_is_type(index, &mp_type_slice)) {
        mp_bound_slice_t s;
        mp_obj_slice_indices(index, n, &s);
        mp_int_t start = r->start + s.start * r->step;
        mp_int_t stop = r->start + s.stop * r->step;
        return mp_obj_new_range(start, stop, r->step * s.step);
    }
    size_t i = mp_get_index(&mp_type_range, n, index, false);
    return mp_obj_new_int(r->start + (mp_int_t)i * r->step);
}

static mp_obj_t range_getiter(mp_obj_t self_in, mp_obj_iter_buf_t *iter_buf) {
    mp_obj_range_t *r = (mp_obj_range_t *)MP_OBJ_TO_PTR(self_in);
    return range_it_new(r->start, r->stop, r->step, iter_buf);
}

static mp_obj_t range_count(mp_obj_t self_in, mp_obj_t value) {
    mp_obj_range_t *r = (mp_obj_range_t *)MP_OBJ_TO_PTR(self_in);
    mp_int_t v;
    return MP_OBJ_NEW_SMALL_INT(value_as_int(value, &v) && range_has(r, v));
}
static MP_DEFINE_CONST_FUN_OBJ_2(range_count_obj, range_count);

static mp_obj_t range_index(mp_obj_t self_in, mp_obj_t value) {
    mp_obj_range_t *r = (mp_obj_range_t *)MP_OBJ_TO_PTR(self_in);
    if (mp_obj_is_small_int(value) && range_has(r, MP_OBJ_SMALL_INT_VALUE(value))) {
        return MP_OBJ_NEW_SMALL_INT((MP_OBJ_SMALL_INT_VALUE(value) - r->start) / r->step);
    }
    mp_int_t v;
    if (!mp_obj_is_small_int(value) && value_as_int(value, &v) && range_has(r, v)) {
        return MP_OBJ_NEW_SMALL_INT((v - r->start) / r->step);
    }
    mp_raise_ValueError("object not in sequence");
}
static MP_DEFINE_CONST_FUN_OBJ_2(range_index_obj, range_index);

static const mp_rom_map_elem_t range_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_count), MP_ROM_PTR(&range_count_obj)},
    {MP_ROM_QSTR(MP_QSTR_index), MP_ROM_PTR(&range_index_obj)},
};
static MP_DEFINE_CONST_DICT(range_locals_dict, range_locals_table);

static void range_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return; /* read-only */
    }
    mp_obj_range_t *r = (mp_obj_range_t *)MP_OBJ_TO_PTR(self_in);
    if (attr == MP_QSTR_start) {
        dest[0] = mp_obj_new_int(r->start);
    } else if (attr == MP_QSTR_stop) {
        dest[0] = mp_obj_new_int(r->stop);
    } else if (attr == MP_QSTR_step) {
        dest[0] = mp_obj_new_int(r->step);
    } else {
        dest[1] = MP_OBJ_SENTINEL; /* continue in locals_dict */
    }
}

const mp_obj_type_t mp_type_range = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_GETITER,
    .name = MP_QSTR_range,
    MP_TYPE_SLOT(make_new, range_make_new),
    MP_TYPE_SLOT(print, range_print),
    MP_TYPE_SLOT(unary_op, range_unary_op),
    MP_TYPE_SLOT(binary_op, range_binary_op),
    MP_TYPE_SLOT(attr, range_attr),
    MP_TYPE_SLOT(subscr, range_subscr),
    MP_TYPE_SLOT(iter, range_getiter),
    MP_TYPE_SLOT(locals_dict, &range_locals_dict),
};
