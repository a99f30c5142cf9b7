/*
 * The `float` type: a boxed double with Python arithmetic (floor division
 * and modulo take the sign of the divisor, `**` of a negative base and a
 * fractional exponent gives a complex, overflow gives inf as in C), int/float
 * comparisons done in double as MicroPython does, and a hash that agrees
 * with int's for integral values.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
            if (lhs == 0.0 && rhs < 0.0 && !isinf(rhs)) {
                raise_zero_division();
            }
            if (lhs < 0.0 && rhs != floor(rhs) && isfinite(rhs) && isfinite(lhs)) {
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

/* ---- methods ------------------------------------------------------------ */

static mp_obj_t float_is_integer(mp_obj_t self) {
    double v = mp_obj_get_float(self);
    return mp_obj_new_bool(isfinite(v) && v == floor(v));
}
static MP_DEFINE_CONST_FUN_OBJ_1(float_is_integer_obj, float_is_integer);

/* exact numerator/denominator: the mantissa doubled until it is integral
 * (then odd, so the fraction is already in lowest terms) */
static mp_obj_t float_as_integer_ratio(mp_obj_t self) {
    double v = mp_obj_get_float(self);
    if (isinf(v)) {
        mp_raise_msg(&mp_type_OverflowError, "cannot convert Infinity to integer ratio");
    }
    if (isnan(v)) {
        mp_raise_ValueError("cannot convert NaN to integer ratio");
    }
    int e = 0;
    double m = frexp(v, &e);
    while (m != floor(m)) {
        m *= 2.0;
        e--;
    }
    mp_obj_t num = mp_obj_new_int_from_float(m);
    mp_obj_t den = MP_OBJ_NEW_SMALL_INT(1);
    if (e > 0) {
        num = mp_binary_op(MP_BINARY_OP_LSHIFT, num, MP_OBJ_NEW_SMALL_INT(e));
    } else if (e < 0) {
        den = mp_binary_op(MP_BINARY_OP_LSHIFT, den, MP_OBJ_NEW_SMALL_INT(-e));
    }
    mp_obj_t items[2] = {num, den};
    return mp_obj_new_tuple(2, items);
}
static MP_DEFINE_CONST_FUN_OBJ_1(float_as_integer_ratio_obj, float_as_integer_ratio);

/* CPython's format: [-]0x1.<13 hex digits>p<exp>, subnormals as 0x0.<...>p-1022 */
static mp_obj_t float_hex(mp_obj_t self) {
    double v = mp_obj_get_float(self);
    char buf[40];
    int n;
    if (isnan(v)) {
        n = snprintf(buf, sizeof(buf), "nan");
    } else if (isinf(v)) {
        n = snprintf(buf, sizeof(buf), v < 0 ? "-inf" : "inf");
    } else if (v == 0.0) {
        n = snprintf(buf, sizeof(buf), signbit(v) ? "-0x0.0p+0" : "0x0.0p+0");
    } else {
        union {
            double d;
            uint64_t u;
        } bits = {.d = v};
        int biased = (int)((bits.u >> 52) & 0x7ff);
        unsigned long long mant = (unsigned long long)(bits.u & 0xfffffffffffffULL);
        int lead = biased != 0;
        int exp = biased != 0 ? biased - 1023 : -1022;
        n = snprintf(buf, sizeof(buf), "%s0x%d.%013llxp%+d", signbit(v) ? "-" : "", lead,
            mant, exp);
    }
    return mp_obj_new_str(buf, (size_t)n);
}
static MP_DEFINE_CONST_FUN_OBJ_1(float_hex_obj, float_hex);

static _Noreturn void raise_bad_hex(void) {
    mp_raise_ValueError("invalid hexadecimal floating-point string");
}

static bool is_ws(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* strtod parses C99 hex floats; Python also allows the 0x to be left out */
static mp_obj_t float_fromhex(mp_obj_t cls, mp_obj_t str_in) {
    size_t len;
    const char *s = mp_obj_str_get_data(str_in, &len);
    while (len > 0 && is_ws(s[len - 1])) {
        len--;
    }
    while (len > 0 && is_ws(*s)) {
        s++;
        len--;
    }
    if (len == 0 || len > 1000) {
        raise_bad_hex();
    }
    char *buf = m_new(char, len + 3);
    size_t i = 0, o = 0;
    if (s[i] == '+' || s[i] == '-') {
        buf[o++] = s[i++];
    }
    bool has_prefix = len - i >= 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X');
    bool alpha = i < len && (s[i] == 'i' || s[i] == 'I' || s[i] == 'n' || s[i] == 'N');
    if (!has_prefix && !alpha) {
        buf[o++] = '0';
        buf[o++] = 'x';
    }
    if (i < len && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) {
        raise_bad_hex();
    }
    while (i < len) {
        buf[o++] = s[i++];
    }
    buf[o] = 0;
    if (has_prefix && (o < 3 || buf[o - 1] == 'x' || buf[o - 1] == 'X')) {
        raise_bad_hex();
    }
    errno = 0;
    char *end;
    double d = strtod(buf, &end);
    if (end != buf + o || end == buf) {
        raise_bad_hex();
    }
    if (alpha) {
        /* only inf, infinity and nan (any case) */
        const char *w = buf + (buf[0] == '+' || buf[0] == '-');
        if (strcasecmp(w, "inf") != 0 && strcasecmp(w, "infinity") != 0 &&
            strcasecmp(w, "nan") != 0) {
            raise_bad_hex();
        }
    } else if (errno == ERANGE && isinf(d)) {
        mp_raise_msg(&mp_type_OverflowError,
            "hexadecimal value too large to represent as a float");
    }
    m_free(buf);
    return mp_obj_new_float(d);
}
static MP_DEFINE_CONST_FUN_OBJ_2(float_fromhex_fun_obj, float_fromhex);
static const mp_obj_static_class_method_t float_fromhex_obj = {
    {&mp_type_classmethod}, MP_OBJ_FROM_PTR(&float_fromhex_fun_obj)
};

static const mp_rom_map_elem_t float_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_is_integer), MP_ROM_PTR(&float_is_integer_obj)},
    {MP_ROM_QSTR(MP_QSTR_as_integer_ratio), MP_ROM_PTR(&float_as_integer_ratio_obj)},
    {MP_ROM_QSTR(MP_QSTR_hex), MP_ROM_PTR(&float_hex_obj)},
    {MP_ROM_QSTR(MP_QSTR_fromhex), MP_ROM_PTR(&float_fromhex_obj)},
};
static MP_DEFINE_CONST_DICT(float_locals_dict, float_locals_table);

const mp_obj_type_t mp_type_float = {
    .base = {&mp_type_type},
    .name = MP_QSTR_float,
    .flags = MP_TYPE_FLAG_EQ_NOT_REFLEXIVE | MP_TYPE_FLAG_EQ_CHECKS_OTHER_TYPE,
    MP_TYPE_SLOT(make_new, float_make_new),
    MP_TYPE_SLOT(print, float_print),
    MP_TYPE_SLOT(unary_op, float_unary_op),
    MP_TYPE_SLOT(binary_op, float_binary_op),
    MP_TYPE_SLOT(locals_dict, &float_locals_dict),
};
