/*
 * Bound methods: a callable and the object it is bound to, which is passed
 * as the first positional argument.
 */
#include <string.h>

#include "vm/bc.h"

typedef struct _mp_obj_bound_meth_t {
    mp_obj_base_t base;
    mp_obj_t meth;
    mp_obj_t self;
} mp_obj_bound_meth_t;

#define BOUND_METH_STACK_ARGS_MAX (32)

static mp_obj_t bound_meth_call(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_obj_bound_meth_t *self = MP_OBJ_TO_PTR(self_in);
    size_t n_total = 1 + n_args + 2 * n_kw;
    mp_obj_t stack_args[BOUND_METH_STACK_ARGS_MAX];
    mp_obj_t *all = n_total <= BOUND_METH_STACK_ARGS_MAX ? stack_args : m_new(mp_obj_t, n_total);
    all[0] = self->self;
    if (n_args + n_kw > 0) { /* args may be NULL when empty */
        memcpy(all + 1, args, (n_args + 2 * n_kw) * sizeof(mp_obj_t));
    }
    mp_obj_t ret;
    if (mp_obj_is_type(self->meth, &mp_type_fun_bc)) {
        ret = mp_obj_fun_bc_call(self->meth, n_args + 1, n_kw, all);
    } else {
        ret = mp_call_function_n_kw(self->meth, n_args + 1, n_kw, all);
    }
    if (all != stack_args) {
        m_free(all);
    }
    return ret;
}

static void bound_meth_print(const mp_print_t *print, mp_obj_t o, mp_print_kind_t kind) {
    mp_obj_bound_meth_t *self = MP_OBJ_TO_PTR(o);
    mp_printf(print, "<bound_method %p ", MP_OBJ_TO_PTR(o));
    mp_obj_print_helper(print, self->self, PRINT_REPR);
    mp_print_str(print, ".");
    mp_obj_print_helper(print, self->meth, PRINT_REPR);
    mp_print_str(print, ">");
}

static void bound_meth_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return;
    }
    mp_obj_bound_meth_t *self = MP_OBJ_TO_PTR(self_in);
    if (attr == MP_QSTR___self__) {
        dest[0] = self->self;
    } else if (attr == MP_QSTR___func__) {
        dest[0] = self->meth;
    } else {
        /* other attributes (e.g. __name__) come from the function */
        mp_obj_t pair[2];
        mp_load_method_maybe(self->meth, attr, pair);
        if (pair[1] == MP_OBJ_NULL) {
            dest[0] = pair[0];
        }
    }
}

static mp_obj_t bound_meth_binary_op(mp_binary_op_t op, mp_obj_t lhs_in, mp_obj_t rhs_in) {
    if (!mp_obj_is_type(rhs_in, &mp_type_bound_meth)
        || (op != MP_BINARY_OP_EQUAL && op != MP_BINARY_OP_NOT_EQUAL)) {
        return MP_OBJ_NULL;
    }
    mp_obj_bound_meth_t *a = MP_OBJ_TO_PTR(lhs_in), *b = MP_OBJ_TO_PTR(rhs_in);
    bool eq = a->self == b->self && mp_obj_equal(a->meth, b->meth);
    return mp_obj_new_bool(op == MP_BINARY_OP_EQUAL ? eq : !eq);
}

static mp_obj_t bound_meth_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    if (op == MP_UNARY_OP_HASH) {
        mp_obj_bound_meth_t *self = MP_OBJ_TO_PTR(self_in);
        mp_int_t h = (mp_int_t)(((uintptr_t)self->self >> 3) ^ ((uintptr_t)self->meth >> 3));
        return MP_OBJ_NEW_SMALL_INT(h & (MP_SMALL_INT_MAX_ >> 1));
    }
    return MP_OBJ_NULL;
}

const mp_obj_type_t mp_type_bound_meth = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_EQ_CHECKS_OTHER_TYPE,
    .name = MP_QSTR_bound_method,
    MP_TYPE_SLOT(print, bound_meth_print),
    MP_TYPE_SLOT(call, bound_meth_call),
    MP_TYPE_SLOT(unary_op, bound_meth_unary_op),
    MP_TYPE_SLOT(binary_op, bound_meth_binary_op),
    MP_TYPE_SLOT(attr, bound_meth_attr),
};

mp_obj_t mp_obj_new_bound_meth(mp_obj_t meth, mp_obj_t self) {
    mp_obj_bound_meth_t *o = m_new_obj(mp_obj_bound_meth_t);
    o->base.type = &mp_type_bound_meth;
    o->meth = meth;
    o->self = self;
    return MP_OBJ_FROM_PTR(o);
}
