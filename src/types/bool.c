/*
 * The `bool` type. True and False are immediate objects (obj.h). bool is
 * not a subclass of int in MicroPython (isinstance(True, int) is False), so
 * arithmetic is delegated explicitly to int's slots with the value 0 or 1.
 */
#include "core/runtime.h"

static mp_obj_t bool_as_int(mp_obj_t o) {
    return mp_obj_is_bool(o) ? MP_OBJ_NEW_SMALL_INT(o == mp_const_true) : o;
}

static void bool_print(const mp_print_t *print, mp_obj_t o, mp_print_kind_t kind) {
    if (kind == PRINT_JSON) {
        mp_print_str(print, o == mp_const_true ? "true" : "false");
    } else {
        mp_print_str(print, o == mp_const_true ? "True" : "False");
    }
}

static mp_obj_t bool_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 1, false);
    return mp_obj_new_bool(n_args == 1 && mp_obj_is_true(args[0]));
}

static mp_obj_t bool_unary_op(mp_unary_op_t op, mp_obj_t o) {
    if (op == MP_UNARY_OP_BOOL) {
        return o;
    }
    if (op == MP_UNARY_OP_NOT) {
        return mp_obj_new_bool(o == mp_const_false);
    }
    return mp_type_unary_op(&mp_type_int)(op, bool_as_int(o));
}

static mp_obj_t bool_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    /* bool & bool, | and ^ stay bools, as in Python */
    if (mp_obj_is_bool(lhs) && mp_obj_is_bool(rhs)) {
        switch (op) {
            case MP_BINARY_OP_AND:
            case MP_BINARY_OP_INPLACE_AND:
                return mp_obj_new_bool(lhs == mp_const_true && rhs == mp_const_true);
            case MP_BINARY_OP_OR:
            case MP_BINARY_OP_INPLACE_OR:
                return mp_obj_new_bool(lhs == mp_const_true || rhs == mp_const_true);
            case MP_BINARY_OP_XOR:
            case MP_BINARY_OP_INPLACE_XOR:
                return mp_obj_new_bool(lhs != rhs);
            default:
                break;
        }
    }
    return mp_type_binary_op(&mp_type_int)(op, bool_as_int(lhs), rhs);
}

const mp_obj_type_t mp_type_bool = {
    .base = {&mp_type_type},
    .name = MP_QSTR_bool,
    .flags = MP_TYPE_FLAG_EQ_CHECKS_OTHER_TYPE,
    MP_TYPE_SLOT(make_new, bool_make_new),
    MP_TYPE_SLOT(print, bool_print),
    MP_TYPE_SLOT(unary_op, bool_unary_op),
    MP_TYPE_SLOT(binary_op, bool_binary_op),
};
