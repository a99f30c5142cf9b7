/*
 * The `float` type: a boxed double with Python arithmetic (floor division
 * and modulo take the sign of the divisor, `**` of a negative base and a
 * fractional exponent gives a complex, overflow gives inf as in C), int/float
 * comparisons done in double as MicroPython does, and a hash that agrees
 * with int's for integral values.
 */
#include <math.h>
#include <string.h>
#include "core/runtime.h"
#include "core/parsenum.h"
#include "types/floatfmt.h"
#include "types/mpz.h"

mp_obj_t mp_obj_new_float(double value) {
    mp_obj_float_t *o = m_new_obj(mp_obj_float_t);
    o->base.type = &mp_type_float;
    o->value = value;
    return MP_OBJ_FROM_PTR(o);
}

mp_obj_t mp_obj_new_float_from_f(float value) {
    return mp_obj_new_float((double)value);
}

mp_obj_t mp_obj_new_float_from_d(double value) {
    return mp_obj_new_float(value);
}

float mp_obj_get_float_to_f(mp_obj_t o) {
    return (float)mp_obj_get_float(o);
}

double mp_obj_get_float_to_d(mp_obj_t o) {
    return mp_obj_get_float(o);
}

/* ---- hash -------------------------------------------------------------- */

mp_int_t mp_float_hash(double f) {
    if (isfinite(f) && f == floor(f)) {
        /* integral: hash like the equal int */
        if (f >= -4.0e18 && f <= 4.0e18) {
            long long v = (long long)f;
            if (MP_SMALL_INT_FITS_((mp_int_t)v)) {
                return (mp_int_t)v;
            }
        }
        mpz_t z;
        mpz_init(&z);
        mpz_set_double(&z, f);
        mp_int_t h = mpz_hash(&z);
        mpz_free(&z);
        return h;
    }
    union {
        double d;
        uint64_t u;
    } bits = {.d = f};
    uint64_t u = bits.u ^ (bits.u >> 33);
    return (mp_int_t)(u & (uint64_t)MP_SMALL_INT_MAX_);
}

/* ---- arithmetic ---------------------------------------------------------- */

static _Noreturn void raise_zero_division(void) {
    mp_raise_msg(&mp_type_ZeroDivisionError, "divide by zero");
}

/* Python's floor division and modulo of doubles (b != 0) */
static void float_divmod(double a, double b, double *q, double *r) {
    double mod = fmod(a, b);
    double div = (a - mod) / b;
    if (mod != 0.0) {
        if ((b < 0) != (mod < 0)) {
            mod += b;
            div -= 1.0;
        }
    } else {
        mod = copysign(0.0, b);
    }
    double floordiv;
    if (div != 0.0) {
        floordiv = floor(div);
        if (div - floordiv > 0.5) {
            floordiv += 1.0;
        }
    } else {
        floordiv = copysign(0.0, a / b);
    }
    *q = floordiv;
    *r = mod;
}

static bool number_as_double(mp_obj_t o, double *d) {
    if (mp_obj_is_float(o)) {
        *d = mp_obj_float_get(o);
        return true;
    }
    if (mp_obj_is_small_int(o) || mp_obj_is_bool(o) || mp_obj_int_is_big(o)) {
        return mp_obj_get_float_maybe(o, d);
    }
    return false;
}

mp_obj_t mp_obj_float_binary_op(mp_binary_op_t op, double lhs, mp_obj_t rhs_in) {
    if (op >= MP_BINARY_OP_INPLACE_OR && op <= MP_BINARY_OP_INPLACE_POWER) {
        op = (mp_binary_op_t)(op + (MP_BINARY_OP_OR - MP_BINARY_OP_INPLACE_OR));
    }
    if (mp_obj_is_type(rhs_in, &mp_type_complex)) {
        return mp_obj_complex_binary_op(op, lhs, 0.0, rhs_in);
    }
    double rhs;
    if (!number_as_double(rhs_in, &rhs)) {
        return MP_OBJ_NULL;
    }
    if (op >= MP_BINARY_OP_REVERSE_OR && op <= MP_BINARY_OP_REVERSE_POWER) {
        op = (mp_binary_op_t)(op - (MP_BINARY_OP_REVERSE_OR - MP_BINARY_OP_OR));
        double t = lhs;
        lhs = rhs;
        rhs = t;
    }
    switch (op) {
        case MP_BINARY_OP_ADD: return mp_obj_new_float(lhs + rhs);
        case MP_BINARY_OP_SUBTRACT: return mp_obj_new_float(lhs - rhs);
        case MP_BINARY_OP_MULTIPLY: return mp_obj_new_float(lhs * rhs);
        case MP_BINARY_OP_TRUE_DIVIDE:
            if (rhs == 0.0) {
                raise_zero_division();
            }
            return mp_obj_new_float(lhs / rhs);
        case MP_BINARY_OP_FLOOR_DIVIDE:
        case MP_BINARY_OP_MODULO:
        case MP_BINARY_OP_DIVMOD: {
            if (rhs == 0.0) {
                raise_zero_division();
            }
            double q, r;
            float_divmod(lhs, rhs, &q, &r);
            if (op == MP_BINARY_OP_FLOOR_DIVIDE) {
                return mp_obj_new_float(q);
            }
            if (op == MP_BINARY_OP_MODULO) {
                return mp_obj_new_float(r);
            }
            mp_obj_t items[2] = {mp_obj_new_float(q), mp_obj_new_float(r)};
            return mp_obj_new_tuple(2, items);
        }
        case MP_BINARY_OP_POWER:
            if (lhs == 0.0 && rhs < 0.0) {
                raise_zero_division();
            }
            if (lhs < 0.0 && rhs != floor(rhs) && isfinite(rhs)) {
                /* negative base, fractional exponent: complex result */
                return mp_obj_complex_binary_op(op, lhs, 0.0, mp_obj_new_complex(rhs, 0.0));
            }
            return mp_obj_new_float(pow(lhs, rhs));
        case MP_BINARY_OP_LESS: return mp_obj_new_bool(lhs < rhs);
        case MP_BINARY_OP_MORE: return mp_obj_new_bool(lhs > rhs);
        case MP_BINARY_OP_EQUAL: return mp_obj_new_bool(lhs == rhs);
        case MP_BINARY_OP_NOT_EQUAL: return mp_obj_new_bool(lhs != rhs);
        case MP_BINARY_OP_LESS_EQUAL: return mp_obj_new_bool(lhs <= rhs);
        case MP_BINARY_OP_MORE_EQUAL: return mp_obj_new_bool(lhs >= rhs);
        default: return MP_OBJ_NULL;
    }
}

static mp_obj_t float_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    if (!mp_obj_is_float(lhs)) {
        /* called with a reflected operator and a non-float first operand */
        double l;
        if (number_as_double(lhs, &l)) {
            return mp_obj_float_binary_op(op, l, rhs);
        }
        return MP_OBJ_NULL;
    }
    return mp_obj_float_binary_op(op, mp_obj_float_get(lhs), rhs);
}

static mp_obj_t float_unary_op(mp_unary_op_t op, mp_obj_t o) {
    double v = mp_obj_float_get(o);
    switch (op) {
        case MP_UNARY_OP_BOOL: return mp_obj_new_bool(v != 0.0);
        case MP_UNARY_OP_NOT: return mp_obj_new_bool(v == 0.0);
        case MP_UNARY_OP_POSITIVE:
        case MP_UNARY_OP_FLOAT_MAYBE: return o;
        case MP_UNARY_OP_NEGATIVE: return mp_obj_new_float(-v);
        case MP_UNARY_OP_ABS: return signbit(v) ? mp_obj_new_float(-v) : o;
        case MP_UNARY_OP_HASH: return MP_OBJ_NEW_SMALL_INT(mp_float_hash(v));
        case MP_UNARY_OP_INT_MAYBE: return mp_obj_new_int_from_float(v);
        case MP_UNARY_OP_COMPLEX_MAYBE: return mp_obj_new_complex(v, 0.0);
        default: return MP_OBJ_NULL;
    }
}

static void float_print(const mp_print_t *print, mp_obj_t o, mp_print_kind_t kind) {
    char buf[40];
    int n = mp_float_repr(mp_obj_float_get(o), buf, sizeof(buf));
    print->print_strn(print->data, buf, (size_t)n);
}

static mp_obj_t float_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 1, false);
    if (n_args == 0) {
        return mp_obj_new_float(0.0);
    }
    mp_obj_t x = args[0];
    if (mp_obj_is_float(x)) {
        return x;
    }
    if (mp_obj_is_str_or_bytes(x)) {
        size_t len;
        const char *s = mp_obj_str_get_data(x, &len);
        return mp_parse_num_decimal(s, len, false, false);
    }
    double d;
    if (number_as_double(x, &d)) {
        return mp_obj_new_float(d);
    }
    mp_unary_op_fun_t un = mp_type_unary_op(mp_obj_get_type(x));
    if (un != NULL) {
        mp_obj_t r = un(MP_UNARY_OP_FLOAT_MAYBE, x);
        if (r != MP_OBJ_NULL && r != mp_const_notimplemented) {
            return r;
        }
    }
    mp_raise_msg_varg(&mp_type_TypeError, "can't convert %s to float", mp_obj_get_type_str(x));
}

const mp_obj_type_t mp_type_float = {
    .base = {&mp_type_type},
    .name = MP_QSTR_float,
    .flags = MP_TYPE_FLAG_EQ_NOT_REFLEXIVE | MP_TYPE_FLAG_EQ_CHECKS_OTHER_TYPE,
    MP_TYPE_SLOT(make_new, float_make_new),
    MP_TYPE_SLOT(print, float_print),
    MP_TYPE_SLOT(unary_op, float_unary_op),
    MP_TYPE_SLOT(binary_op, float_binary_op),
};
