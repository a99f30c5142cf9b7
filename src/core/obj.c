/*
 * Generic object operations (obj.h section 6): type queries, truth, equality,
 * hashing, len, subscription dispatch, printing (including exceptions with
 * their traceback), conversions to C values, index normalisation, string
 * accessors and the buffer protocol. Each one dispatches on the object's
 * type slots; type-specific code lives in src/types/.
 */
#include <string.h>
#include "core/runtime.h"

/* ---- types ---------------------------------------------------------- */

const mp_obj_type_t *mp_obj_get_type(mp_const_obj_t o) {
    if (mp_obj_is_small_int(o)) {
        return &mp_type_int;
    }
    if (mp_obj_is_qstr(o)) {
        return &mp_type_str;
    }
    if (mp_obj_is_immediate_obj(o)) {
        return o == mp_const_none ? &mp_type_NoneType : &mp_type_bool;
    }
    return ((const mp_obj_base_t *)o)->type;
}

const char *mp_obj_get_type_str(mp_const_obj_t o) {
    return qstr_str(mp_obj_get_type(o)->name);
}

bool mp_obj_is_type(mp_const_obj_t o, const mp_obj_type_t *t) {
    if (mp_obj_is_obj(o)) {
        return o != NULL && ((const mp_obj_base_t *)o)->type == t;
    }
    return mp_obj_get_type(o) == t;
}

bool mp_obj_is_callable(mp_obj_t o) {
    return mp_type_call(mp_obj_get_type(o)) != NULL;
}

/* ---- truth, equality, hash, len ------------------------------------- */

bool mp_obj_is_true(mp_obj_t o) {
    if (o == mp_const_false || o == mp_const_none) {
        return false;
    }
    if (o == mp_const_true) {
        return true;
    }
    if (mp_obj_is_small_int(o)) {
        return MP_OBJ_SMALL_INT_VALUE(o) != 0;
    }
    if (mp_obj_is_qstr(o)) {
        return qstr_len(MP_OBJ_QSTR_VALUE(o)) != 0;
    }
    mp_unary_op_fun_t fun = mp_type_unary_op(mp_obj_get_type(o));
    if (fun != NULL) {
        mp_obj_t r = fun(MP_UNARY_OP_BOOL, o);
        if (r != MP_OBJ_NULL) {
            return r == mp_const_true;
        }
        r = fun(MP_UNARY_OP_LEN, o);
        if (r != MP_OBJ_NULL) {
            return r != MP_OBJ_NEW_SMALL_INT(0);
        }
    }
    return true;
}

static mp_obj_t not_notimplemented(mp_obj_t r) {
    return r == mp_const_notimplemented ? MP_OBJ_NULL : r;
}

mp_obj_t mp_obj_equal_not_equal(mp_binary_op_t op, mp_obj_t a, mp_obj_t b) {
    mp_obj_t yes = op == MP_BINARY_OP_EQUAL ? mp_const_true : mp_const_false;
    mp_obj_t no = op == MP_BINARY_OP_EQUAL ? mp_const_false : mp_const_true;
    if (a == b) {
        if (!mp_obj_is_obj(a)
            || (mp_obj_get_type(a)->flags & MP_TYPE_FLAG_EQ_NOT_REFLEXIVE) == 0) {
            return yes;
        }
    } else if (!mp_obj_is_obj(a) && !mp_obj_is_obj(b)
               && (mp_obj_is_small_int(a) || mp_obj_is_qstr(a) || mp_obj_is_immediate_obj(a))
               && (mp_obj_is_small_int(b) || mp_obj_is_qstr(b) || mp_obj_is_immediate_obj(b))
               && !(mp_obj_is_small_int(a) && mp_obj_is_bool(b))
               && !(mp_obj_is_bool(a) && mp_obj_is_small_int(b))) {
        /* distinct immediates of the same kind (or str vs int etc.) */
        return no;
    }
    if (mp_obj_is_str(a) && mp_obj_is_str(b)) {
        return mp_obj_str_equal(a, b) ? yes : no;
    }
    mp_stack_guard(); /* containers compare their items: bound the recursion */
    const mp_obj_type_t *ta = mp_obj_get_type(a);
    mp_binary_op_fun_t fa = mp_type_binary_op(ta);
    if (op == MP_BINARY_OP_NOT_EQUAL && fa != NULL && (ta->flags & MP_TYPE_FLAG_EQ_HAS_NEQ_TEST)) {
        mp_obj_t r = not_notimplemented(fa(MP_BINARY_OP_NOT_EQUAL, a, b));
        if (r != MP_OBJ_NULL) {
            return mp_obj_new_bool(mp_obj_is_true(r));
        }
    }
    mp_obj_t r = MP_OBJ_NULL;
    if (fa != NULL) {
        r = not_notimplemented(fa(MP_BINARY_OP_EQUAL, a, b));
    }
    if (r == MP_OBJ_NULL) {
        mp_binary_op_fun_t fb = mp_type_binary_op(mp_obj_get_type(b));
        if (fb != NULL) {
            r = not_notimplemented(fb(MP_BINARY_OP_EQUAL, b, a));
        }
    }
    if (r == MP_OBJ_NULL) {
        return a == b ? yes : no;
    }
    return mp_obj_is_true(r) ? yes : no;
}

bool mp_obj_equal(mp_obj_t a, mp_obj_t b) {
    return mp_obj_equal_not_equal(MP_BINARY_OP_EQUAL, a, b) == mp_const_true;
}

mp_int_t mp_obj_hash(mp_obj_t o) {
    if (mp_obj_is_small_int(o)) {
        return MP_OBJ_SMALL_INT_VALUE(o);
    }
    if (mp_obj_is_qstr(o)) {
        return (mp_int_t)qstr_hash(MP_OBJ_QSTR_VALUE(o));
    }
    if (mp_obj_is_bool(o)) {
        return o == mp_const_true; /* True == 1 must share 1's hash */
    }
    mp_obj_t h = mp_unary_op(MP_UNARY_OP_HASH, o);
    if (mp_obj_is_small_int(h)) {
        return MP_OBJ_SMALL_INT_VALUE(h);
    }
    return mp_obj_get_int_truncated(h);
}

mp_obj_t mp_obj_len_maybe(mp_obj_t o) {
    mp_unary_op_fun_t fun = mp_type_unary_op(mp_obj_get_type(o));
    if (fun == NULL) {
        return MP_OBJ_NULL;
    }
    return fun(MP_UNARY_OP_LEN, o);
}

mp_obj_t mp_obj_len(mp_obj_t o) {
    mp_obj_t len = mp_obj_len_maybe(o);
    if (len == MP_OBJ_NULL) {
        mp_raise_msg_varg(&mp_type_TypeError, "object of type '%s' has no len()",
            mp_obj_get_type_str(o));
    }
    return len;
}

/* value: MP_OBJ_SENTINEL = load, MP_OBJ_NULL = delete, else store */
mp_obj_t mp_obj_subscr(mp_obj_t base, mp_obj_t index, mp_obj_t value) {
    const mp_obj_type_t *type = mp_obj_get_type(base);
    mp_subscr_fun_t fun = mp_type_subscr(type);
    if (fun != NULL) {
        mp_obj_t r = fun(base, index, value);
        if (r != MP_OBJ_NULL) {
            return r;
        }
    }
    if (value == MP_OBJ_SENTINEL) {
        mp_raise_msg_varg(&mp_type_TypeError, "'%s' object isn't subscriptable",
            qstr_str(type->name));
    } else if (value == MP_OBJ_NULL) {
        mp_raise_msg_varg(&mp_type_TypeError, "'%s' object doesn't support item deletion",
            qstr_str(type->name));
    }
    mp_raise_msg_varg(&mp_type_TypeError, "'%s' object doesn't support item assignment",
        qstr_str(type->name));
}

/* ---- printing ------------------------------------------------------- */

void mp_obj_print_helper(const mp_print_t *print, mp_obj_t o, mp_print_kind_t kind) {
    mp_stack_check();
    const mp_obj_type_t *type = mp_obj_get_type(o);
    mp_print_fun_t fun = mp_type_print(type);
    if (fun != NULL) {
        fun(print, o, kind);
    } else {
        mp_printf(print, "<%s>", qstr_str(type->name));
    }
}

void mp_obj_print(mp_obj_t o, mp_print_kind_t kind) {
    mp_obj_print_helper(&mp_plat_print, o, kind);
}

/* Traceback (outermost call first), then `Type: message`. */
void mp_obj_print_exception(const mp_print_t *print, mp_obj_t exc) {
    if (mp_obj_is_exception_instance(exc)) {
        size_t n;
        size_t *values;
        mp_obj_exception_get_traceback(exc, &n, &values);
        if (n >= 3) {
            mp_print_str(print, "Traceback (most recent call last):\n");
            for (size_t i = n; i >= 3; i -= 3) {
                mp_printf(print, "  File \"%s\", line %d", qstr_str(values[i - 3]),
                    (int)values[i - 2]);
                if (values[i - 1] != 0) {
                    mp_printf(print, ", in %s", qstr_str(values[i - 1]));
                }
                mp_print_str(print, "\n");
            }
        }
    }
    mp_obj_print_helper(print, exc, PRINT_EXC);
    mp_print_str(print, "\n");
}

/* ---- conversions ---------------------------------------------------- */

static _Noreturn void raise_cant_convert(mp_const_obj_t arg, const char *to) {
    mp_raise_msg_varg(&mp_type_TypeError, "can't convert %s to %s", mp_obj_get_type_str(arg), to);
}

/* An instance stands for an int when it subclasses int or has __index__
 * (CPython's rule for indices, range(), bin() and the like). */
static bool instance_get_int_maybe(mp_obj_t arg, mp_int_t *value) {
    mp_obj_t native = mp_obj_instance_cast_to_native_base(arg, MP_OBJ_FROM_PTR(&mp_type_int));
    if (native != MP_OBJ_NULL) {
        return mp_obj_get_int_maybe(native, value);
    }
    mp_obj_t m = mp_obj_class_lookup_special(arg, MP_QSTR___index__);
    if (m == MP_OBJ_NULL) {
        return false;
    }
    mp_obj_t r = mp_call_function_1(m, arg);
    if (!mp_obj_is_int(r)) {
        mp_raise_msg_varg(&mp_type_TypeError, "__index__ returned non-int (type %s)",
            mp_obj_get_type_str(r));
    }
    return mp_obj_get_int_maybe(r, value);
}

bool mp_obj_get_int_maybe(mp_const_obj_t arg, mp_int_t *value) {
    if (mp_obj_is_small_int(arg)) {
        *value = MP_OBJ_SMALL_INT_VALUE(arg);
    } else if (arg == mp_const_false) {
        *value = 0;
    } else if (arg == mp_const_true) {
        *value = 1;
    } else if (mp_obj_is_type(arg, &mp_type_int)) {
        int64_t v;
        if (!mp_obj_int_get_int64((mp_obj_t)arg, &v) || v < INTPTR_MIN || v > INTPTR_MAX) {
            mp_raise_msg(&mp_type_OverflowError, "overflow converting long int to machine word");
        }
        *value = (mp_int_t)v;
    } else if (mp_obj_is_obj(arg) && mp_obj_is_instance_type(mp_obj_get_type(arg))) {
        return instance_get_int_maybe((mp_obj_t)arg, value);
    } else {
        return false;
    }
    return true;
}

mp_int_t mp_obj_get_int(mp_const_obj_t arg) {
    mp_int_t value;
    if (!mp_obj_get_int_maybe(arg, &value)) {
        raise_cant_convert(arg, "int");
    }
    return value;
}

mp_int_t mp_obj_get_int_truncated(mp_const_obj_t arg) {
    if (mp_obj_is_type(arg, &mp_type_int)) {
        /* big ints wrap to a machine word */
        return (mp_int_t)mp_native_from_obj((mp_obj_t)arg, MP_NATIVE_TYPE_INT);
    }
    return mp_obj_get_int(arg);
}

bool mp_obj_get_float_maybe(mp_obj_t arg, double *value) {
    if (mp_obj_is_small_int(arg)) {
        *value = (double)MP_OBJ_SMALL_INT_VALUE(arg);
    } else if (mp_obj_is_bool(arg)) {
        *value = arg == mp_const_true ? 1.0 : 0.0;
    } else if (mp_obj_is_float(arg)) {
        *value = mp_obj_float_get(arg);
    } else if (mp_obj_is_type(arg, &mp_type_int)) {
        /* big int: int's true division converts exactly as float() does */
        *value = mp_obj_float_get(mp_obj_int_true_divide(arg, MP_OBJ_NEW_SMALL_INT(1)));
    } else {
        return false;
    }
    return true;
}

double mp_obj_get_float(mp_obj_t arg) {
    double value;
    if (!mp_obj_get_float_maybe(arg, &value)) {
        raise_cant_convert(arg, "float");
    }
    return value;
}

bool mp_obj_get_complex_maybe(mp_obj_t arg, double *real, double *imag) {
    if (mp_obj_is_type(arg, &mp_type_complex)) {
        const mp_obj_complex_t *c = MP_OBJ_TO_PTR(arg);
        *real = c->real;
        *imag = c->imag;
        return true;
    }
    if (mp_obj_get_float_maybe(arg, real)) {
        *imag = 0;
        return true;
    }
    return false;
}

void mp_obj_get_complex(mp_obj_t arg, double *real, double *imag) {
    if (!mp_obj_get_complex_maybe(arg, real, imag)) {
        raise_cant_convert(arg, "complex");
    }
}

void mp_obj_get_array(mp_obj_t o, size_t *len, mp_obj_t **items) {
    if (mp_obj_is_type(o, &mp_type_tuple)) {
        mp_obj_tuple_get(o, len, items);
    } else if (mp_obj_is_type(o, &mp_type_list)) {
        mp_obj_list_get(o, len, items);
    } else {
        mp_raise_msg_varg(&mp_type_TypeError, "object '%s' isn't a tuple or list",
            mp_obj_get_type_str(o));
    }
}

void mp_obj_get_array_fixed_n(mp_obj_t o, size_t len, mp_obj_t **items) {
    size_t seq_len;
    mp_obj_get_array(o, &seq_len, items);
    if (seq_len != len) {
        mp_raise_msg_varg(&mp_type_ValueError, "requested length %d but object has length %d",
            (int)len, (int)seq_len);
    }
}

/* Normalise a Python index against a length; a slice bound is clamped,
 * an item index must be in range. */
size_t mp_get_index(const mp_obj_type_t *type, size_t len, mp_obj_t index, bool is_slice) {
    mp_int_t i;
    if (mp_obj_is_small_int(index)) {
        i = MP_OBJ_SMALL_INT_VALUE(index);
    } else if (!mp_obj_get_int_maybe(index, &i)) {
        mp_raise_msg_varg(&mp_type_TypeError, "%s indices must be integers, not %s",
            qstr_str(type->name), mp_obj_get_type_str(index));
    }
    if (i < 0) {
        i += (mp_int_t)len;
    }
    if (is_slice) {
        if (i < 0) {
            i = 0;
        } else if ((size_t)i > len) {
            i = (mp_int_t)len;
        }
    } else if (i < 0 || (size_t)i >= len) {
        mp_raise_msg_varg(&mp_type_IndexError, "%s index out of range", qstr_str(type->name));
    }
    return (size_t)i;
}

/* ---- strings -------------------------------------------------------- */

static _Noreturn void raise_not_str(mp_obj_t o) {
    mp_raise_msg_varg(&mp_type_TypeError, "can't convert '%s' object to str implicitly",
        mp_obj_get_type_str(o));
}

const char *mp_obj_str_get_str(mp_obj_t self_in) {
    if (mp_obj_is_qstr(self_in)) {
        return qstr_str(MP_OBJ_QSTR_VALUE(self_in));
    }
    if (mp_obj_is_type(self_in, &mp_type_str)) {
        return (const char *)((mp_obj_str_t *)MP_OBJ_TO_PTR(self_in))->data;
    }
    raise_not_str(self_in);
}

const char *mp_obj_str_get_data(mp_obj_t self_in, size_t *len) {
    if (mp_obj_is_qstr(self_in)) {
        return (const char *)qstr_data(MP_OBJ_QSTR_VALUE(self_in), len);
    }
    if (mp_obj_is_str_or_bytes(self_in)) {
        mp_obj_str_t *s = MP_OBJ_TO_PTR(self_in);
        *len = s->len;
        return (const char *)s->data;
    }
    raise_not_str(self_in);
}

qstr mp_obj_str_get_qstr(mp_obj_t self_in) {
    if (mp_obj_is_qstr(self_in)) {
        return MP_OBJ_QSTR_VALUE(self_in);
    }
    if (mp_obj_is_type(self_in, &mp_type_str)) {
        mp_obj_str_t *s = MP_OBJ_TO_PTR(self_in);
        return qstr_from_strn((const char *)s->data, s->len);
    }
    raise_not_str(self_in);
}

/* ---- buffer protocol ------------------------------------------------ */

bool mp_get_buffer(mp_obj_t obj, mp_buffer_info_t *bufinfo, mp_uint_t flags) {
    const mp_obj_type_t *type = mp_obj_get_type(obj);
    if (MP_OBJ_TYPE_HAS_SLOT(type, buffer)) {
        mp_buffer_fun_t fun = (mp_buffer_fun_t)MP_OBJ_TYPE_GET_SLOT(type, buffer);
        if (fun(obj, bufinfo, flags & MP_BUFFER_RW) == 0) {
            return true;
        }
    }
    if (flags & MP_BUFFER_RAISE_IF_UNSUPPORTED) {
        mp_raise_TypeError("object with buffer protocol required");
    }
    return false;
}

void mp_get_buffer_raise(mp_obj_t obj, mp_buffer_info_t *bufinfo, mp_uint_t flags) {
    mp_get_buffer(obj, bufinfo, flags | MP_BUFFER_RAISE_IF_UNSUPPORTED);
}
