/*
 * slice objects and the arithmetic that turns a slice into concrete
 * start/stop/step bounds for a sequence of a given length (as CPython's
 * slice.indices does).
 */
#include "types/containers.h"

/* bound used for slice ends given as big ints */
#define MP_SMALL_INT_MAX_SAFE ((mp_int_t)(((mp_uint_t)1 << (MP_WORD_BITS - 3))))

mp_obj_t mp_obj_new_slice(mp_obj_t start, mp_obj_t stop, mp_obj_t step) {
    mp_obj_slice_t *o = m_new_obj(mp_obj_slice_t);
    o->base.type = &mp_type_slice;
    o->start = start;
    o->stop = stop;
    o->step = step;
    return MP_OBJ_FROM_PTR(o);
}

void mp_obj_slice_get(mp_obj_t self_in, mp_obj_t *start, mp_obj_t *stop, mp_obj_t *step) {
    mp_obj_slice_t *self = (mp_obj_slice_t *)MP_OBJ_TO_PTR(self_in);
    *start = self->start;
    *stop = self->stop;
    *step = self->step;
}

static mp_int_t slice_int(mp_obj_t o) {
    mp_int_t v;
    if (mp_obj_is_small_int(o)) {
        return MP_OBJ_SMALL_INT_VALUE(o);
    }
    if (mp_obj_is_type(o, &mp_type_int)) {
        /* a huge bound: clamp, the exact value does not matter */
        return mp_obj_int_sign(o) < 0 ? -(MP_SMALL_INT_MAX_SAFE) : MP_SMALL_INT_MAX_SAFE;
    }
    if (!mp_obj_get_int_maybe(o, &v)) {
        mp_raise_TypeError("slice indices must be integers or None or have an __index__ method");
    }
    return v;
}

void mp_obj_slice_indices(mp_obj_t self_in, mp_int_t length, mp_bound_slice_t *result) {
    mp_obj_slice_t *self = (mp_obj_slice_t *)MP_OBJ_TO_PTR(self_in);
    mp_int_t step = 1;
    if (self->step != mp_const_none) {
        step = slice_int(self->step);
        if (step == 0) {
            mp_raise_ValueError("slice step cannot be zero");
        }
    }
    mp_int_t lo, hi, start, stop;
    if (step > 0) {
        lo = 0;
        hi = length;
    } else {
        lo = -1;
        hi = length - 1;
    }
    if (self->start == mp_const_none) {
        start = step > 0 ? lo : hi;
    } else {
        start = slice_int(self->start);
        if (start < 0) {
            start += length;
            if (start < lo) {
                start = lo;
            }
        } else if (start > hi) {
            start = hi;
        }
    }
    if (self->stop == mp_const_none) {
        stop = step > 0 ? hi : lo;
    } else {
        stop = slice_int(self->stop);
        if (stop < 0) {
            stop += length;
            if (stop < lo) {
                stop = lo;
            }
        } else if (stop > hi) {
            stop = hi;
        }
    }
    result->start = start;
    result->stop = stop;
    result->step = step;
}

bool mp_seq_get_fast_slice_indexes(mp_uint_t len, mp_obj_t slice, mp_bound_slice_t *indexes) {
    mp_obj_slice_indices(slice, (mp_int_t)len, indexes);
    if (indexes->step == 1 && indexes->stop < indexes->start) {
        indexes->stop = indexes->start;
    }
    return indexes->step == 1;
}

static void slice_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_obj_slice_t *self = (mp_obj_slice_t *)MP_OBJ_TO_PTR(self_in);
    mp_print_str(print, "slice(");
    mp_obj_print_helper(print, self->start, PRINT_REPR);
    mp_print_str(print, ", ");
    mp_obj_print_helper(print, self->stop, PRINT_REPR);
    mp_print_str(print, ", ");
    mp_obj_print_helper(print, self->step, PRINT_REPR);
    mp_print_str(print, ")");
}

static mp_obj_t slice_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 3, false);
    if (n_args == 1) {
        return mp_obj_new_slice(mp_const_none, args[0], mp_const_none);
    }
    return mp_obj_new_slice(args[0], args[1], n_args == 3 ? args[2] : mp_const_none);
}

static mp_obj_t slice_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    return MP_OBJ_NULL; /* slices are unhashable */
}

static mp_obj_t slice_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    if ((op != MP_BINARY_OP_EQUAL && op != MP_BINARY_OP_NOT_EQUAL) ||
        !mp_obj_is_type(rhs, &mp_type_slice)) {
        return MP_OBJ_NULL;
    }
    mp_obj_slice_t *a = (mp_obj_slice_t *)MP_OBJ_TO_PTR(lhs);
    mp_obj_slice_t *b = (mp_obj_slice_t *)MP_OBJ_TO_PTR(rhs);
    bool eq = mp_obj_equal(a->start, b->start) && mp_obj_equal(a->stop, b->stop) &&
        mp_obj_equal(a->step, b->step);
    return mp_obj_new_bool(eq == (op == MP_BINARY_OP_EQUAL));
}

static mp_obj_t slice_indices(mp_obj_t self_in, mp_obj_t length) {
    mp_bound_slice_t b;
    mp_obj_slice_indices(self_in, mp_obj_get_int(length), &b);
    mp_obj_t items[3] = {
        MP_OBJ_NEW_SMALL_INT(b.start), MP_OBJ_NEW_SMALL_INT(b.stop), MP_OBJ_NEW_SMALL_INT(b.step)
    };
    return mp_obj_new_tuple(3, items);
}
static MP_DEFINE_CONST_FUN_OBJ_2(slice_indices_obj, slice_indices);

static void slice_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return;
    }
    mp_obj_slice_t *self = (mp_obj_slice_t *)MP_OBJ_TO_PTR(self_in);
    if (attr == MP_QSTR_start) {
        dest[0] = self->start;
    } else if (attr == MP_QSTR_stop) {
        dest[0] = self->stop;
    } else if (attr == MP_QSTR_step) {
        dest[0] = self->step;
    } else if (attr == MP_QSTR_indices) {
        dest[0] = MP_OBJ_FROM_PTR(&slice_indices_obj);
        dest[1] = self_in;
    }
}

const mp_obj_type_t mp_type_slice = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_NONE,
    .name = MP_QSTR_slice,
    MP_TYPE_SLOT(make_new, slice_make_new),
    MP_TYPE_SLOT(print, slice_print),
    MP_TYPE_SLOT(unary_op, slice_unary_op),
    MP_TYPE_SLOT(binary_op, slice_binary_op),
    MP_TYPE_SLOT(attr, slice_attr),
};
