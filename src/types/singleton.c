/*
 * The singleton objects that are not immediates: None's type, Ellipsis and
 * NotImplemented (objects.md section 1). None itself is the immediate 0x06;
 * only its type object lives here.
 */
#include "core/runtime.h"

static void none_print(const mp_print_t *print, mp_obj_t self, mp_print_kind_t kind) {
    mp_print_str(print, "None");
}

static mp_obj_t none_unary_op(mp_unary_op_t op, mp_obj_t self) {
    switch (op) {
        case MP_UNARY_OP_BOOL:
            return mp_const_false;
        case MP_UNARY_OP_HASH:
            /* None is an immediate: hash its word value so it stays stable */
            return MP_OBJ_NEW_SMALL_INT((mp_int_t)(uintptr_t)self);
        default:
            return MP_OBJ_NULL;
    }
}

static mp_obj_t none_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 0, false);
    return mp_const_none;
}

const mp_obj_type_t mp_type_NoneType = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_NONE,
    .name = MP_QSTR_NoneType,
    MP_TYPE_SLOT(make_new, none_make_new),
    MP_TYPE_SLOT(print, none_print),
    MP_TYPE_SLOT(unary_op, none_unary_op),
};

static void singleton_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    const mp_obj_singleton_t *self = MP_OBJ_TO_PTR(self_in);
    mp_print_str(print, qstr_str(self->name));
}

/* Ellipsis and NotImplemented share one type, as in MicroPython. */
const mp_obj_type_t mp_type_singleton = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_NONE,
    .name = MP_QSTR_,
    MP_TYPE_SLOT(print, singleton_print),
};

const mp_obj_singleton_t mp_const_ellipsis_obj = {{&mp_type_singleton}, MP_QSTR_Ellipsis};
const mp_obj_singleton_t mp_const_notimplemented_obj = {{&mp_type_singleton},
    MP_QSTR_NotImplemented};
