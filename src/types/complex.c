/*
 * The `complex` type: two doubles, arithmetic through C99 <complex.h>,
 * repr as MicroPython prints it ('1j', '(1+2j)'), .real/.imag, complex().
 */
#include <complex.h>
#include <math.h>
#include <string.h>
#include "core/runtime.h"
#include "core/parsenum.h"
#include "types/floatfmt.h"

/* a complex value from its parts (CMPLX is missing from some compilers;
 * C11 guarantees the double[2] layout) */
static inline double complex make_complex(double re, double im) {
    union {
        double complex z;
        double d[2];
    } u = {.d = {re, im}};
    return u.z;
}

mp_obj_t mp_obj_new_complex(double real, double imag) {
    mp_obj_complex_t *o = m_new_obj(mp_obj_complex_t);
    o->base.type = &mp_type_complex;
    o->real = real;
    o->imag = imag;
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_t from_c(double complex z) {
    return mp_obj_new_complex(creal(z), cimag(z));
}

static bool as_complex(mp_obj_t o, double *re, double *im) {
    if (mp_obj_is_type(o, &mp_type_complex)) {
        const mp_obj_complex_t *c = MP_OBJ_TO_PTR(o);
        *re = c->real;
        *im = c->imag;
        return true;
    }
    if (mp_obj_is_float(o) || mp_obj_is_small_int(o) || mp_obj_is_bool(o) || mp_obj_int_is_big(o)) {
        *im = 0.0;
        return mp_obj_get_float_maybe(o, re);
    }
    return false;
}

/* z ** w with Python's special cases */
static mp_obj_t complex_pow(double ar, double ai, double br, double bi) {
    if (br == 0.0 && bi == 0.0) {
        return mp_obj_new_complex(1.0, 0.0);
    }
    if (ar == 0.0 && ai == 0.0) {
        if (bi != 0.0 || br < 0.0) {
            mp_raise_msg(&mp_type_ZeroDivisionError, "0.0 to a complex power");
        }
        return mp_obj_new_complex(0.0, 0.0);
    }
    if (bi == 0.0 && br == floor(br) && fabs(br) <= 100.0) {
        /* small integer exponent: repeated squaring is exact where it can be */
        double complex r = 1.0, x = make_complex(ar, ai);
        long n = (long)fabs(br);
        while (n) {
            if (n & 1) {
                r *= x;
            }
            x *= x;
            n >>= 1;
        }
        if (br < 0) {
            double d = creal(r) * creal(r) + cimag(r) * cimag(r);
            r = make_complex(creal(r) / d, -cimag(r) / d);
        }
        return from_c(r);
    }
    /* polar form, as CPython computes it (cpow rounds differently) */
    double vabs = hypot(ar, ai);
    double len = pow(vabs, br);
    double at = atan2(ai, ar);
    double phase = at * br;
    if (bi != 0.0) {
        len /= exp(at * bi);
        phase += bi * log(vabs);
    }
    return mp_obj_new_complex(len * cos(phase), len * sin(phase));
}

mp_obj_t mp_obj_complex_binary_op(mp_binary_op_t op, double lr, double li, mp_obj_t rhs) {
    if (op >= MP_BINARY_OP_INPLACE_OR && op <= MP_BINARY_OP_INPLACE_POWER) {
        op = (mp_binary_op_t)(op + (MP_BINARY_OP_OR - MP_BINARY_OP_INPLACE_OR));
    }
    double rr, ri;
    if (!as_complex(rhs, &rr, &ri)) {
        return MP_OBJ_NULL;
    }
    if (op >= MP_BINARY_OP_REVERSE_OR && op <= MP_BINARY_OP_REVERSE_POWER) {
        op = (mp_binary_op_t)(op - (MP_BINARY_OP_REVERSE_OR - MP_BINARY_OP_OR));
        double t = lr;
        lr = rr;
        rr = t;
        t = li;
        li = ri;
        ri = t;
    }
    switch (op) {
        case MP_BINARY_OP_ADD: return mp_obj_new_complex(lr + rr, li + ri);
        case MP_BINARY_OP_SUBTRACT: return mp_obj_new_complex(lr - rr, li - ri);
        case MP_BINARY_OP_MULTIPLY:
            return mp_obj_new_complex(lr * rr - li * ri, lr * ri + li * rr);
        case MP_BINARY_OP_TRUE_DIVIDE: {
            if (rr == 0.0 && ri == 0.0) {
                mp_raise_msg(&mp_type_ZeroDivisionError, "complex divide by zero");
            }
            /* Smith's method, as CPython: scale by the larger part of the
             * divisor (gives the same rounding and signed zeros) */
            if (fabs(rr) >= fabs(ri)) {
                double ratio = ri / rr;
                double den = rr + ri * ratio;
                return mp_obj_new_complex((lr + li * ratio) / den, (li - lr * ratio) / den);
            }
            if (fabs(ri) >= fabs(rr)) {
                double ratio = rr / ri;
                double den = rr * ratio + ri;
                return mp_obj_new_complex((lr * ratio + li) / den, (li * ratio - lr) / den);
            }
            return mp_obj_new_complex(NAN, NAN);
        }
        case MP_BINARY_OP_POWER:
            return complex_pow(lr, li, rr, ri);
        case MP_BINARY_OP_FLOOR_DIVIDE:
            /* MicroPython's message (CPython: unsupported operand types) */
            mp_raise_TypeError("can't truncate-divide a complex number");
        case MP_BINARY_OP_EQUAL: return mp_obj_new_bool(lr == rr && li == ri);
        case MP_BINARY_OP_NOT_EQUAL: return mp_obj_new_bool(!(lr == rr && li == ri));
        default: return MP_OBJ_NULL;
    }
}

static mp_obj_t complex_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    double lr, li;
    if (!as_complex(lhs, &lr, &li)) {
        return MP_OBJ_NULL;
    }
    return mp_obj_complex_binary_op(op, lr, li, rhs);
}

static mp_obj_t complex_unary_op(mp_unary_op_t op, mp_obj_t o) {
    const mp_obj_complex_t *c = MP_OBJ_TO_PTR(o);
    switch (op) {
        case MP_UNARY_OP_BOOL: return mp_obj_new_bool(c->real != 0.0 || c->imag != 0.0);
        case MP_UNARY_OP_NOT: return mp_obj_new_bool(c->real == 0.0 && c->imag == 0.0);
        case MP_UNARY_OP_POSITIVE:
        case MP_UNARY_OP_COMPLEX_MAYBE: return o;
        case MP_UNARY_OP_NEGATIVE: return mp_obj_new_complex(-c->real, -c->imag);
        case MP_UNARY_OP_ABS: return mp_obj_new_float(hypot(c->real, c->imag));
        case MP_UNARY_OP_HASH: {
            mp_int_t h = mp_float_hash(c->real);
            if (c->imag != 0.0) {
                h ^= mp_float_hash(c->imag) * 1000003;
                h &= MP_SMALL_INT_MAX_;
            }
            return MP_OBJ_NEW_SMALL_INT(h);
        }
        default: return MP_OBJ_NULL;
    }
}

static void complex_print(const mp_print_t *print, mp_obj_t o, mp_print_kind_t kind) {
    const mp_obj_complex_t *c = MP_OBJ_TO_PTR(o);
    char buf[140];
    /* MicroPython leaves out a zero real part of either sign: -1j where
     * CPython prints (-0-1j) for complex(-0.0, -1) */
    int n = mp_complex_repr(c->real == 0.0 ? 0.0 : c->real, c->imag, buf, sizeof(buf));
    print->print_strn(print->data, buf, (size_t)n);
}

static void complex_attr(mp_obj_t self, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return; /* store/delete: not supported */
    }
    const mp_obj_complex_t *c = MP_OBJ_TO_PTR(self);
    if (attr == MP_QSTR_real) {
        dest[0] = mp_obj_new_float(c->real);
    } else if (attr == MP_QSTR_imag) {
        dest[0] = mp_obj_new_float(c->imag);
    }
}

static mp_obj_t complex_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 2, false);
    if (n_args == 0) {
        return mp_obj_new_complex(0.0, 0.0);
    }
    /* only str is parsed: complex(b'1j') is a TypeError (MicroPython and
     * CPython agree), raised by the conversion below */
    if (mp_obj_is_str(args[0])) {
        if (n_args == 2) {
            mp_raise_TypeError("complex() can't take second arg if first is a string");
        }
        size_t len;
        const char *s = mp_obj_str_get_data(args[0], &len);
        return mp_parse_num_decimal(s, len, true, true);
    }
    double ar, ai, br = 0.0, bi = 0.0;
    if (!as_complex(args[0], &ar, &ai)) {
        mp_raise_msg_varg(&mp_type_TypeError, "can't convert %s to complex",
            mp_obj_get_type_str(args[0]));
    }
    if (n_args == 2 && !as_complex(args[1], &br, &bi)) {
        /* MicroPython names float for a bad second argument */
        mp_raise_msg_varg(&mp_type_TypeError, "can't convert %s to float",
            mp_obj_get_type_str(args[1]));
    }
    if (n_args == 1) {
        return mp_obj_new_complex(ar, ai);
    }
    /* a + b*1j computed part by part even when a or b is real, as
     * MicroPython does: a zero imaginary part of a real `a` is added, so
     * complex(1, -0.0) has imag +0.0 and prints (1+0j) (CPython keeps the
     * sign: (1-0j)) */
    return mp_obj_new_complex(ar - bi, ai + br);
}

static mp_obj_t complex_conjugate(mp_obj_t self) {
    const mp_obj_complex_t *c = MP_OBJ_TO_PTR(self);
    return mp_obj_new_complex(c->real, -c->imag);
}
static MP_DEFINE_CONST_FUN_OBJ_1(complex_conjugate_obj, complex_conjugate);

static const mp_rom_map_elem_t complex_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_conjugate), MP_ROM_PTR(&complex_conjugate_obj)},
};
static MP_DEFINE_CONST_DICT(complex_locals_dict, complex_locals_table);

const mp_obj_type_t mp_type_complex = {
    .base = {&mp_type_type},
    .name = MP_QSTR_complex,
    .flags = MP_TYPE_FLAG_EQ_NOT_REFLEXIVE | MP_TYPE_FLAG_EQ_CHECKS_OTHER_TYPE,
    MP_TYPE_SLOT(make_new, complex_make_new),
    MP_TYPE_SLOT(print, complex_print),
    MP_TYPE_SLOT(unary_op, complex_unary_op),
    MP_TYPE_SLOT(binary_op, complex_binary_op),
    MP_TYPE_SLOT(attr, complex_attr),
    MP_TYPE_SLOT(locals_dict, &complex_locals_dict),
};
