/*
 * The `math` and `cmath` modules, on top of the C library. Domain errors
 * raise ValueError("math domain error") where CPython raises; overflow
 * gives inf as in MicroPython (no OverflowError).
 */
#include <math.h>
#include <complex.h>
#include "core/runtime.h"

static const mp_obj_float_t math_pi_obj = {{&mp_type_float}, M_PI};
static const mp_obj_float_t math_e_obj = {{&mp_type_float}, M_E};
static const mp_obj_float_t math_tau_obj = {{&mp_type_float}, 2.0 * M_PI};
static const mp_obj_float_t math_inf_obj = {{&mp_type_float}, INFINITY};
static const mp_obj_float_t math_nan_obj = {{&mp_type_float}, NAN};

/* a complex value from its parts (CMPLX is missing from some compilers;
 * C11 guarantees the double[2] layout) */
static inline double complex make_complex(double re, double im) {
    union {
        double complex z;
        double d[2];
    } u = {.d = {re, im}};
    return u.z;
}

static _Noreturn void math_error(void) {
    mp_raise_ValueError("math domain error");
}

/* a nan result from a non-nan argument is a domain error */
static mp_obj_t checked(double x, double r) {
    if (isnan(r) && !isnan(x)) {
        math_error();
    }
    return mp_obj_new_float(r);
}

#define MATH_FUN_1(name, cfun) \
    static mp_obj_t math_##name(mp_obj_t x_in) { \
        double x = mp_obj_get_float(x_in); \
        return checked(x, cfun(x)); \
    } \
    static MP_DEFINE_CONST_FUN_OBJ_1(math_##name##_obj, math_##name)

/* functions with a pole: an infinite result from a finite argument is an error */
#define MATH_FUN_1_POLE(name, cfun) \
    static mp_obj_t math_##name(mp_obj_t x_in) { \
        double x = mp_obj_get_float(x_in); \
        double r = cfun(x); \
        if (isinf(r) && isfinite(x)) { \
            math_error(); \
        } \
        return checked(x, r); \
    } \
    static MP_DEFINE_CONST_FUN_OBJ_1(math_##name##_obj, math_##name)

MATH_FUN_1(sqrt, sqrt);
MATH_FUN_1(exp, exp);
MATH_FUN_1(expm1, expm1);
MATH_FUN_1_POLE(log2, log2);
MATH_FUN_1_POLE(log10, log10);
MATH_FUN_1_POLE(log1p, log1p);
MATH_FUN_1(sin, sin);
MATH_FUN_1(cos, cos);
MATH_FUN_1(tan, tan);
MATH_FUN_1(asin, asin);
MATH_FUN_1(acos, acos);
MATH_FUN_1(atan, atan);
MATH_FUN_1(sinh, sinh);
MATH_FUN_1(cosh, cosh);
MATH_FUN_1(tanh, tanh);
MATH_FUN_1(asinh, asinh);
MATH_FUN_1(acosh, acosh);
MATH_FUN_1_POLE(atanh, atanh);
MATH_FUN_1(fabs, fabs);
MATH_FUN_1(erf, erf);
MATH_FUN_1(erfc, erfc);
/* gamma and lgamma have poles only at 0, -1, -2, ...; a huge argument
 * overflows to inf, which MicroPython returns rather than raising */
static double gamma_checked(double x) {
    if (x <= 0.0 && x == floor(x)) {
        math_error();
    }
    return tgamma(x);
}
static double lgamma_checked(double x) {
    if (x <= 0.0 && x == floor(x) && isfinite(x)) {
        math_error();
    }
    return lgamma(x);
}
MATH_FUN_1(gamma, gamma_checked);
MATH_FUN_1(lgamma, lgamma_checked);

static double to_degrees(double x) {
    return x * (180.0 / M_PI);
}
static double to_radians(double x) {
    return x * (M_PI / 180.0);
}
MATH_FUN_1(degrees, to_degrees);
MATH_FUN_1(radians, to_radians);

static mp_obj_t math_log(size_t n_args, const mp_obj_t *args) {
    double x = mp_obj_get_float(args[0]);
    if (x <= 0.0) {
        math_error();
    }
    double r = log(x);
    if (n_args == 2) {
        double b = mp_obj_get_float(args[1]);
        if (b <= 0.0) {
            math_error();
        }
        double lb = log(b);
        if (lb == 0.0) {
            mp_raise_msg(&mp_type_ZeroDivisionError, "divide by zero");
        }
        r /= lb;
    }
    return checked(x, r);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(math_log_obj, 1, 2, math_log);

#define MATH_FUN_2(name, expr) \
    static mp_obj_t math_##name(mp_obj_t x_in, mp_obj_t y_in) { \
        double x = mp_obj_get_float(x_in), y = mp_obj_get_float(y_in); \
        double r = (expr); \
        if (isnan(r) && !isnan(x) && !isnan(y)) { \
            math_error(); \
        } \
        return mp_obj_new_float(r); \
    } \
    static MP_DEFINE_CONST_FUN_OBJ_2(math_##name##_obj, math_##name)

MATH_FUN_2(atan2, atan2(x, y));
MATH_FUN_2(copysign, copysign(x, y));

static mp_obj_t math_pow(mp_obj_t x_in, mp_obj_t y_in) {
    double x = mp_obj_get_float(x_in), y = mp_obj_get_float(y_in);
    if (x == 0.0 && y < 0.0) {
        math_error();
    }
    double r = pow(x, y);
    if (isnan(r) && !isnan(x) && !isnan(y)) {
        math_error();
    }
    return mp_obj_new_float(r);
}
static MP_DEFINE_CONST_FUN_OBJ_2(math_pow_obj, math_pow);

static mp_obj_t math_fmod(mp_obj_t x_in, mp_obj_t y_in) {
    double x = mp_obj_get_float(x_in), y = mp_obj_get_float(y_in);
    if (y == 0.0 || isinf(x)) {
        math_error();
    }
    return mp_obj_new_float(fmod(x, y));
}
static MP_DEFINE_CONST_FUN_OBJ_2(math_fmod_obj, math_fmod);

static mp_obj_t math_ldexp(mp_obj_t x_in, mp_obj_t e_in) {
    double x = mp_obj_get_float(x_in);
    mp_int_t e = mp_obj_get_int(e_in);
    if (e > 100000) {
        e = 100000;
    } else if (e < -100000) {
        e = -100000;
    }
    return mp_obj_new_float(ldexp(x, (int)e));
}
static MP_DEFINE_CONST_FUN_OBJ_2(math_ldexp_obj, math_ldexp);

static mp_obj_t tuple2(mp_obj_t a, mp_obj_t b) {
    mp_obj_t items[2] = {a, b};
    return mp_obj_new_tuple(2, items);
}

static mp_obj_t math_modf(mp_obj_t x_in) {
    double x = mp_obj_get_float(x_in);
    double ip;
    double fp = modf(x, &ip);
    return tuple2(mp_obj_new_float(fp), mp_obj_new_float(ip));
}
static MP_DEFINE_CONST_FUN_OBJ_1(math_modf_obj, math_modf);

static mp_obj_t math_frexp(mp_obj_t x_in) {
    double x = mp_obj_get_float(x_in);
    int e = 0;
    double m = frexp(x, &e);
    if (!isfinite(x)) {
        m = x;
        e = 0;
    }
    return tuple2(mp_obj_new_float(m), MP_OBJ_NEW_SMALL_INT(e));
}
static MP_DEFINE_CONST_FUN_OBJ_1(math_frexp_obj, math_frexp);

/* ceil/floor/trunc return ints; ints pass through unchanged */
static mp_obj_t to_int(mp_obj_t x_in, double (*fun)(double)) {
    if (mp_obj_is_small_int(x_in) || mp_obj_int_is_big(x_in)) {
        return x_in;
    }
    if (mp_obj_is_bool(x_in)) {
        return MP_OBJ_NEW_SMALL_INT(x_in == mp_const_true);
    }
    return mp_obj_new_int_from_float(fun(mp_obj_get_float(x_in)));
}
static mp_obj_t math_ceil(mp_obj_t x) {
    return to_int(x, ceil);
}
static MP_DEFINE_CONST_FUN_OBJ_1(math_ceil_obj, math_ceil);
static mp_obj_t math_floor(mp_obj_t x) {
    return to_int(x, floor);
}
static MP_DEFINE_CONST_FUN_OBJ_1(math_floor_obj, math_floor);
static mp_obj_t math_trunc(mp_obj_t x) {
    return to_int(x, trunc);
}
static MP_DEFINE_CONST_FUN_OBJ_1(math_trunc_obj, math_trunc);

static mp_obj_t math_isfinite(mp_obj_t x) {
    return mp_obj_new_bool(isfinite(mp_obj_get_float(x)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(math_isfinite_obj, math_isfinite);
static mp_obj_t math_isinf(mp_obj_t x) {
    return mp_obj_new_bool(isinf(mp_obj_get_float(x)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(math_isinf_obj, math_isinf);
static mp_obj_t math_isnan(mp_obj_t x) {
    return mp_obj_new_bool(isnan(mp_obj_get_float(x)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(math_isnan_obj, math_isnan);

static mp_obj_t math_isclose(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    static const mp_arg_t allowed[] = {
        {MP_QSTR_a, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_b, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_rel_tol, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_abs_tol, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
    };
    mp_arg_val_t vals[4];
    mp_arg_parse_all(n_args, args, kw_args, 4, allowed, vals);
    double a = mp_obj_get_float(vals[0].u_obj), b = mp_obj_get_float(vals[1].u_obj);
    double rel = vals[2].u_obj == MP_OBJ_NULL ? 1e-9 : mp_obj_get_float(vals[2].u_obj);
    double abs_tol = vals[3].u_obj == MP_OBJ_NULL ? 0.0 : mp_obj_get_float(vals[3].u_obj);
    if (rel < 0.0 || abs_tol < 0.0) {
        mp_raise_ValueError("tolerances must be non-negative");
    }
    if (a == b) {
        return mp_const_true;
    }
    if (isinf(a) || isinf(b)) {
        return mp_const_false;
    }
    double diff = fabs(b - a);
    return mp_obj_new_bool(diff <= fabs(rel * b) || diff <= fabs(rel * a) || diff <= abs_tol);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(math_isclose_obj, 2, math_isclose);

/* product lo * (lo+1) * ... * hi by splitting in halves (fast for big n) */
static mp_obj_t range_product(mp_int_t lo, mp_int_t hi) {
    if (hi - lo < 8) {
        mp_obj_t r = MP_OBJ_NEW_SMALL_INT(1);
        for (mp_int_t i = lo; i <= hi; i++) {
            r = mp_binary_op(MP_BINARY_OP_MULTIPLY, r, MP_OBJ_NEW_SMALL_INT(i));
        }
        return r;
    }
    mp_int_t mid = lo + (hi - lo) / 2;
    return mp_binary_op(MP_BINARY_OP_MULTIPLY, range_product(lo, mid), range_product(mid + 1, hi));
}

static mp_obj_t math_factorial(mp_obj_t n_in) {
    if (mp_obj_is_float(n_in)) {
        double d = mp_obj_float_get(n_in);
        if (d != floor(d)) {
            mp_raise_ValueError("factorial() only accepts integral values");
        }
        n_in = mp_obj_new_int_from_float(d);
    }
    mp_int_t n = mp_obj_get_int(n_in);
    if (n < 0) {
        mp_raise_ValueError("factorial() not defined for negative values");
    }
    if (n < 2) {
        return MP_OBJ_NEW_SMALL_INT(1);
    }
    return range_product(2, n);
}
static MP_DEFINE_CONST_FUN_OBJ_1(math_factorial_obj, math_factorial);

static mp_obj_t math_gcd(size_t n_args, const mp_obj_t *args) {
    mp_obj_t g = MP_OBJ_NEW_SMALL_INT(0);
    for (size_t i = 0; i < n_args; i++) {
        mp_obj_t b = args[i];
        if (!mp_obj_is_int(b) && !mp_obj_is_bool(b)) {
            mp_raise_msg_varg(&mp_type_TypeError, "can't convert %s to int",
                mp_obj_get_type_str(b));
        }
        mp_obj_t a = g;
        b = mp_unary_op(MP_UNARY_OP_ABS, b);
        while (mp_obj_is_true(b)) {
            mp_obj_t t = mp_binary_op(MP_BINARY_OP_MODULO, a, b);
            a = b;
            b = t;
        }
        g = mp_unary_op(MP_UNARY_OP_ABS, a);
    }
    return g;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(math_gcd_obj, 0, math_gcd);

/* ---- integer and summation helpers (CPython 3.8+) ---------------------- */

static bool is_integer_obj(mp_obj_t o) {
    return mp_obj_is_small_int(o) || mp_obj_int_is_big(o) || mp_obj_is_bool(o);
}

static mp_obj_t require_int(mp_obj_t o) {
    if (!is_integer_obj(o)) {
        mp_raise_msg_varg(&mp_type_TypeError, "can't convert %s to int", mp_obj_get_type_str(o));
    }
    if (mp_obj_is_bool(o)) {
        return MP_OBJ_NEW_SMALL_INT(o == mp_const_true);
    }
    return o;
}

static bool int_is_neg(mp_obj_t o) {
    return mp_obj_is_true(mp_binary_op(MP_BINARY_OP_LESS, o, MP_OBJ_NEW_SMALL_INT(0)));
}

static mp_obj_t math_lcm(size_t n_args, const mp_obj_t *args) {
    mp_obj_t l = MP_OBJ_NEW_SMALL_INT(1);
    for (size_t i = 0; i < n_args; i++) {
        mp_obj_t b = mp_unary_op(MP_UNARY_OP_ABS, require_int(args[i]));
        if (!mp_obj_is_true(b) || !mp_obj_is_true(l)) {
            l = MP_OBJ_NEW_SMALL_INT(0);
            continue;
        }
        mp_obj_t pair[2] = {l, b};
        mp_obj_t g = math_gcd(2, pair);
        l = mp_binary_op(MP_BINARY_OP_MULTIPLY, mp_binary_op(MP_BINARY_OP_FLOOR_DIVIDE, l, g), b);
    }
    return l;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(math_lcm_obj, 0, math_lcm);

/* integer square root by Newton's method, started above the root */
static mp_obj_t math_isqrt(mp_obj_t n_in) {
    mp_obj_t n = require_int(n_in);
    if (int_is_neg(n)) {
        mp_raise_ValueError("isqrt() argument must be nonnegative");
    }
    if (!mp_obj_is_true(n)) {
        return n;
    }
    mp_obj_t dest[2];
    mp_load_method(n, MP_QSTR_bit_length, dest);
    mp_int_t bits = mp_obj_get_int(mp_call_method_n_kw(0, 0, dest));
    mp_obj_t x = mp_binary_op(MP_BINARY_OP_LSHIFT, MP_OBJ_NEW_SMALL_INT(1),
        MP_OBJ_NEW_SMALL_INT((bits + 1) / 2));
    for (;;) {
        mp_obj_t y = mp_binary_op(MP_BINARY_OP_RSHIFT,
            mp_binary_op(MP_BINARY_OP_ADD, x, mp_binary_op(MP_BINARY_OP_FLOOR_DIVIDE, n, x)),
            MP_OBJ_NEW_SMALL_INT(1));
        if (!mp_obj_is_true(mp_binary_op(MP_BINARY_OP_LESS, y, x))) {
            return x;
        }
        x = y;
    }
}
static MP_DEFINE_CONST_FUN_OBJ_1(math_isqrt_obj, math_isqrt);

static mp_obj_t math_prod(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    static const mp_arg_t allowed[] = {
        {MP_QSTR_, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_start, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
    };
    mp_arg_val_t vals[2];
    mp_arg_parse_all(n_args, args, kw_args, 2, allowed, vals);
    mp_obj_t r = vals[1].u_obj == MP_OBJ_NULL ? MP_OBJ_NEW_SMALL_INT(1) : vals[1].u_obj;
    mp_obj_t iter = mp_getiter(vals[0].u_obj, NULL);
    mp_obj_t x;
    while ((x = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        r = mp_binary_op(MP_BINARY_OP_MULTIPLY, r, x);
    }
    return r;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(math_prod_obj, 1, math_prod);

/* n! / (n-k)! and n! / (k! (n-k)!) for non-negative ints */
static void comb_args(mp_obj_t n_in, mp_obj_t k_in, mp_int_t *n, mp_int_t *k) {
    mp_obj_t no = require_int(n_in), ko = require_int(k_in);
    if (int_is_neg(no)) {
        mp_raise_ValueError("n must be a non-negative integer");
    }
    if (int_is_neg(ko)) {
        mp_raise_ValueError("k must be a non-negative integer");
    }
    *n = mp_obj_get_int(no);
    *k = mp_obj_is_true(mp_binary_op(MP_BINARY_OP_MORE, ko, no)) ? *n + 1 : mp_obj_get_int(ko);
}

static mp_obj_t math_perm(size_t n_args, const mp_obj_t *args) {
    mp_int_t n, k;
    if (n_args == 1 || args[1] == mp_const_none) {
        comb_args(args[0], args[0], &n, &k);
    } else {
        comb_args(args[0], args[1], &n, &k);
    }
    if (k > n) {
        return MP_OBJ_NEW_SMALL_INT(0);
    }
    if (k == 0) {
        return MP_OBJ_NEW_SMALL_INT(1);
    }
    return range_product(n - k + 1, n);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(math_perm_obj, 1, 2, math_perm);

static mp_obj_t math_comb(mp_obj_t n_in, mp_obj_t k_in) {
    mp_int_t n, k;
    comb_args(n_in, k_in, &n, &k);
    if (k > n) {
        return MP_OBJ_NEW_SMALL_INT(0);
    }
    if (k > n - k) {
        k = n - k;
    }
    if (k == 0) {
        return MP_OBJ_NEW_SMALL_INT(1);
    }
    return mp_binary_op(MP_BINARY_OP_FLOOR_DIVIDE, range_product(n - k + 1, n),
        range_product(1, k));
}
static MP_DEFINE_CONST_FUN_OBJ_2(math_comb_obj, math_comb);

/* Euclidean norm of n values, scaled by the largest to avoid overflow */
static double vector_norm(size_t n, const double *v) {
    double max = 0.0;
    bool any_nan = false;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(v[i]);
        if (isinf(a)) {
            return INFINITY;
        }
        if (isnan(a)) {
            any_nan = true;
        } else if (a > max) {
            max = a;
        }
    }
    if (any_nan) {
        return NAN;
    }
    if (n == 1) {
        return max;
    }
    if (n == 2) {
        return hypot(v[0], v[1]);
    }
    if (max == 0.0) {
        return 0.0;
    }
    double sum = 0.0, comp = 0.0;
    for (size_t i = 0; i < n; i++) {
        double q = v[i] / max;
        double t = q * q - comp;
        double s2 = sum + t;
        comp = (s2 - sum) - t;
        sum = s2;
    }
    return max * sqrt(sum);
}

static mp_obj_t math_hypot(size_t n_args, const mp_obj_t *args) {
    double *v = m_new(double, n_args + 1);
    for (size_t i = 0; i < n_args; i++) {
        v[i] = mp_obj_get_float(args[i]);
    }
    double r = vector_norm(n_args, v);
    m_free(v);
    return mp_obj_new_float(r);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(math_hypot_obj, 0, math_hypot);

static mp_obj_t math_dist(mp_obj_t p_in, mp_obj_t q_in) {
    size_t np, nq;
    mp_obj_t *p, *q;
    mp_obj_get_array(p_in, &np, &p);
    mp_obj_get_array(q_in, &nq, &q);
    if (np != nq) {
        mp_raise_ValueError("both points must have the same number of dimensions");
    }
    double *v = m_new(double, np + 1);
    for (size_t i = 0; i < np; i++) {
        v[i] = mp_obj_get_float(p[i]) - mp_obj_get_float(q[i]);
    }
    double r = vector_norm(np, v);
    m_free(v);
    return mp_obj_new_float(r);
}
static MP_DEFINE_CONST_FUN_OBJ_2(math_dist_obj, math_dist);

/* Shewchuk's exact summation: partials hold the running sum without
 * rounding error, then are added from the top with a final half-even fix */
static mp_obj_t math_fsum(mp_obj_t iterable) {
    size_t cap = 32, n = 0;
    double *partials = m_new(double, cap);
    double special = 0.0, inf_sum = 0.0;
    bool have_special = false;
    mp_obj_t iter = mp_getiter(iterable, NULL);
    mp_obj_t item;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        double x = mp_obj_get_float(item);
        if (!isfinite(x)) {
            if (isinf(x)) {
                inf_sum += x;
            }
            special += x;
            have_special = true;
            continue;
        }
        size_t i = 0;
        for (size_t j = 0; j < n; j++) {
            double y = partials[j];
            if (fabs(x) < fabs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0.0) {
                partials[i++] = lo;
            }
            x = hi;
        }
        if (!isfinite(x)) {
            m_free(partials);
            mp_raise_msg(&mp_type_OverflowError, "intermediate overflow in fsum");
        }
        n = i;
        if (n == cap) {
            partials = m_renew(double, partials, cap, cap * 2);
            cap *= 2;
        }
        partials[n++] = x;
    }
    if (have_special) {
        m_free(partials);
        if (isnan(inf_sum)) {
            mp_raise_ValueError("-inf + inf in fsum");
        }
        return mp_obj_new_float(special);
    }
    double hi = 0.0;
    if (n > 0) {
        hi = partials[--n];
        double lo = 0.0;
        while (n > 0) {
            double x = hi;
            double y = partials[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) {
                break;
            }
        }
        if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))) {
            double y = lo * 2.0;
            double x = hi + y;
            double yr = x - hi;
            if (y == yr) {
                hi = x;
            }
        }
    }
    m_free(partials);
    return mp_obj_new_float(hi);
}
static MP_DEFINE_CONST_FUN_OBJ_1(math_fsum_obj, math_fsum);

static mp_obj_t math_ulp(mp_obj_t x_in) {
    double x = fabs(mp_obj_get_float(x_in));
    if (isnan(x) || isinf(x)) {
        return mp_obj_new_float(x);
    }
    double next = nextafter(x, INFINITY);
    if (isinf(next)) {
        return mp_obj_new_float(x - nextafter(x, -INFINITY));
    }
    return mp_obj_new_float(next - x);
}
static MP_DEFINE_CONST_FUN_OBJ_1(math_ulp_obj, math_ulp);

static mp_obj_t math_nextafter(mp_obj_t x_in, mp_obj_t y_in) {
    return mp_obj_new_float(nextafter(mp_obj_get_float(x_in), mp_obj_get_float(y_in)));
}
static MP_DEFINE_CONST_FUN_OBJ_2(math_nextafter_obj, math_nextafter);

static mp_obj_t math_remainder(mp_obj_t x_in, mp_obj_t y_in) {
    double x = mp_obj_get_float(x_in), y = mp_obj_get_float(y_in);
    if (isnan(x) || isnan(y)) {
        return mp_obj_new_float(NAN);
    }
    if (isinf(x) || y == 0.0) {
        math_error();
    }
    return mp_obj_new_float(remainder(x, y));
}
static MP_DEFINE_CONST_FUN_OBJ_2(math_remainder_obj, math_remainder);

static mp_obj_t math_cbrt(mp_obj_t x_in) {
    return mp_obj_new_float(cbrt(mp_obj_get_float(x_in)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(math_cbrt_obj, math_cbrt);

static mp_obj_t math_exp2(mp_obj_t x_in) {
    return mp_obj_new_float(exp2(mp_obj_get_float(x_in)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(math_exp2_obj, math_exp2);

static const mp_rom_map_elem_t math_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_math)},
    {MP_ROM_QSTR(MP_QSTR_pi), MP_ROM_PTR(&math_pi_obj)},
    {MP_ROM_QSTR(MP_QSTR_e), MP_ROM_PTR(&math_e_obj)},
    {MP_ROM_QSTR(MP_QSTR_tau), MP_ROM_PTR(&math_tau_obj)},
    {MP_ROM_QSTR(MP_QSTR_inf), MP_ROM_PTR(&math_inf_obj)},
    {MP_ROM_QSTR(MP_QSTR_nan), MP_ROM_PTR(&math_nan_obj)},
    {MP_ROM_QSTR(MP_QSTR_sqrt), MP_ROM_PTR(&math_sqrt_obj)},
    {MP_ROM_QSTR(MP_QSTR_pow), MP_ROM_PTR(&math_pow_obj)},
    {MP_ROM_QSTR(MP_QSTR_exp), MP_ROM_PTR(&math_exp_obj)},
    {MP_ROM_QSTR(MP_QSTR_expm1), MP_ROM_PTR(&math_expm1_obj)},
    {MP_ROM_QSTR(MP_QSTR_log), MP_ROM_PTR(&math_log_obj)},
    {MP_ROM_QSTR(MP_QSTR_log2), MP_ROM_PTR(&math_log2_obj)},
    {MP_ROM_QSTR(MP_QSTR_log10), MP_ROM_PTR(&math_log10_obj)},
    {MP_ROM_QSTR(MP_QSTR_log1p), MP_ROM_PTR(&math_log1p_obj)},
    {MP_ROM_QSTR(MP_QSTR_cos), MP_ROM_PTR(&math_cos_obj)},
    {MP_ROM_QSTR(MP_QSTR_sin), MP_ROM_PTR(&math_sin_obj)},
    {MP_ROM_QSTR(MP_QSTR_tan), MP_ROM_PTR(&math_tan_obj)},
    {MP_ROM_QSTR(MP_QSTR_acos), MP_ROM_PTR(&math_acos_obj)},
    {MP_ROM_QSTR(MP_QSTR_asin), MP_ROM_PTR(&math_asin_obj)},
    {MP_ROM_QSTR(MP_QSTR_atan), MP_ROM_PTR(&math_atan_obj)},
    {MP_ROM_QSTR(MP_QSTR_atan2), MP_ROM_PTR(&math_atan2_obj)},
    {MP_ROM_QSTR(MP_QSTR_cosh), MP_ROM_PTR(&math_cosh_obj)},
    {MP_ROM_QSTR(MP_QSTR_sinh), MP_ROM_PTR(&math_sinh_obj)},
    {MP_ROM_QSTR(MP_QSTR_tanh), MP_ROM_PTR(&math_tanh_obj)},
    {MP_ROM_QSTR(MP_QSTR_acosh), MP_ROM_PTR(&math_acosh_obj)},
    {MP_ROM_QSTR(MP_QSTR_asinh), MP_ROM_PTR(&math_asinh_obj)},
    {MP_ROM_QSTR(MP_QSTR_atanh), MP_ROM_PTR(&math_atanh_obj)},
    {MP_ROM_QSTR(MP_QSTR_ceil), MP_ROM_PTR(&math_ceil_obj)},
    {MP_ROM_QSTR(MP_QSTR_floor), MP_ROM_PTR(&math_floor_obj)},
    {MP_ROM_QSTR(MP_QSTR_trunc), MP_ROM_PTR(&math_trunc_obj)},
    {MP_ROM_QSTR(MP_QSTR_fabs), MP_ROM_PTR(&math_fabs_obj)},
    {MP_ROM_QSTR(MP_QSTR_fmod), MP_ROM_PTR(&math_fmod_obj)},
    {MP_ROM_QSTR(MP_QSTR_modf), MP_ROM_PTR(&math_modf_obj)},
    {MP_ROM_QSTR(MP_QSTR_frexp), MP_ROM_PTR(&math_frexp_obj)},
    {MP_ROM_QSTR(MP_QSTR_ldexp), MP_ROM_PTR(&math_ldexp_obj)},
    {MP_ROM_QSTR(MP_QSTR_isfinite), MP_ROM_PTR(&math_isfinite_obj)},
    {MP_ROM_QSTR(MP_QSTR_isinf), MP_ROM_PTR(&math_isinf_obj)},
    {MP_ROM_QSTR(MP_QSTR_isnan), MP_ROM_PTR(&math_isnan_obj)},
    {MP_ROM_QSTR(MP_QSTR_isclose), MP_ROM_PTR(&math_isclose_obj)},
    {MP_ROM_QSTR(MP_QSTR_copysign), MP_ROM_PTR(&math_copysign_obj)},
    {MP_ROM_QSTR(MP_QSTR_hypot), MP_ROM_PTR(&math_hypot_obj)},
    {MP_ROM_QSTR(MP_QSTR_degrees), MP_ROM_PTR(&math_degrees_obj)},
    {MP_ROM_QSTR(MP_QSTR_radians), MP_ROM_PTR(&math_radians_obj)},
    {MP_ROM_QSTR(MP_QSTR_erf), MP_ROM_PTR(&math_erf_obj)},
    {MP_ROM_QSTR(MP_QSTR_erfc), MP_ROM_PTR(&math_erfc_obj)},
    {MP_ROM_QSTR(MP_QSTR_gamma), MP_ROM_PTR(&math_gamma_obj)},
    {MP_ROM_QSTR(MP_QSTR_lgamma), MP_ROM_PTR(&math_lgamma_obj)},
    {MP_ROM_QSTR(MP_QSTR_factorial), MP_ROM_PTR(&math_factorial_obj)},
    {MP_ROM_QSTR(MP_QSTR_gcd), MP_ROM_PTR(&math_gcd_obj)},
    {MP_ROM_QSTR(MP_QSTR_lcm), MP_ROM_PTR(&math_lcm_obj)},
    {MP_ROM_QSTR(MP_QSTR_isqrt), MP_ROM_PTR(&math_isqrt_obj)},
    {MP_ROM_QSTR(MP_QSTR_prod), MP_ROM_PTR(&math_prod_obj)},
    {MP_ROM_QSTR(MP_QSTR_comb), MP_ROM_PTR(&math_comb_obj)},
    {MP_ROM_QSTR(MP_QSTR_perm), MP_ROM_PTR(&math_perm_obj)},
    {MP_ROM_QSTR(MP_QSTR_dist), MP_ROM_PTR(&math_dist_obj)},
    {MP_ROM_QSTR(MP_QSTR_fsum), MP_ROM_PTR(&math_fsum_obj)},
    {MP_ROM_QSTR(MP_QSTR_ulp), MP_ROM_PTR(&math_ulp_obj)},
    {MP_ROM_QSTR(MP_QSTR_nextafter), MP_ROM_PTR(&math_nextafter_obj)},
    {MP_ROM_QSTR(MP_QSTR_remainder), MP_ROM_PTR(&math_remainder_obj)},
    {MP_ROM_QSTR(MP_QSTR_cbrt), MP_ROM_PTR(&math_cbrt_obj)},
    {MP_ROM_QSTR(MP_QSTR_exp2), MP_ROM_PTR(&math_exp2_obj)},
};
static MP_DEFINE_CONST_DICT(math_module_globals, math_module_table);

const mp_obj_module_t mp_module_math = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&math_module_globals,
};

/* ---- cmath ---------------------------------------------------------------- */

static const mp_obj_complex_t cmath_infj_obj = {{&mp_type_complex}, 0.0, INFINITY};
static const mp_obj_complex_t cmath_nanj_obj = {{&mp_type_complex}, 0.0, NAN};

static double complex get_c(mp_obj_t o) {
    double re, im;
    mp_obj_get_complex(o, &re, &im);
    return make_complex(re, im);
}

static mp_obj_t new_c(double complex z) {
    return mp_obj_new_complex(creal(z), cimag(z));
}

#define CMATH_FUN_1(name, cfun) \
    static mp_obj_t cmath_##name(mp_obj_t z) { \
        return new_c(cfun(get_c(z))); \
    } \
    static MP_DEFINE_CONST_FUN_OBJ_1(cmath_##name##_obj, cmath_##name)

CMATH_FUN_1(sqrt, csqrt);
CMATH_FUN_1(exp, cexp);
CMATH_FUN_1(cos, ccos);
CMATH_FUN_1(sin, csin);
CMATH_FUN_1(tan, ctan);
CMATH_FUN_1(asin, casin);
CMATH_FUN_1(acos, cacos);
CMATH_FUN_1(atan, catan);
CMATH_FUN_1(sinh, csinh);
CMATH_FUN_1(cosh, ccosh);
CMATH_FUN_1(tanh, ctanh);
CMATH_FUN_1(asinh, casinh);
CMATH_FUN_1(acosh, cacosh);
CMATH_FUN_1(atanh, catanh);

static mp_obj_t cmath_isnan(mp_obj_t z_in) {
    double complex z = get_c(z_in);
    return mp_obj_new_bool(isnan(creal(z)) || isnan(cimag(z)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(cmath_isnan_obj, cmath_isnan);

static mp_obj_t cmath_isinf(mp_obj_t z_in) {
    double complex z = get_c(z_in);
    return mp_obj_new_bool(isinf(creal(z)) || isinf(cimag(z)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(cmath_isinf_obj, cmath_isinf);

static mp_obj_t cmath_isfinite(mp_obj_t z_in) {
    double complex z = get_c(z_in);
    return mp_obj_new_bool(isfinite(creal(z)) && isfinite(cimag(z)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(cmath_isfinite_obj, cmath_isfinite);

static mp_obj_t cmath_isclose(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    static const mp_arg_t allowed[] = {
        {MP_QSTR_a, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_b, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_rel_tol, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_abs_tol, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
    };
    mp_arg_val_t vals[4];
    mp_arg_parse_all(n_args, args, kw_args, 4, allowed, vals);
    double complex a = get_c(vals[0].u_obj), b = get_c(vals[1].u_obj);
    double rel = vals[2].u_obj == MP_OBJ_NULL ? 1e-9 : mp_obj_get_float(vals[2].u_obj);
    double abs_tol = vals[3].u_obj == MP_OBJ_NULL ? 0.0 : mp_obj_get_float(vals[3].u_obj);
    if (rel < 0.0 || abs_tol < 0.0) {
        mp_raise_ValueError("tolerances must be non-negative");
    }
    if (creal(a) == creal(b) && cimag(a) == cimag(b)) {
        return mp_const_true;
    }
    if (isinf(creal(a)) || isinf(cimag(a)) || isinf(creal(b)) || isinf(cimag(b))) {
        return mp_const_false;
    }
    double diff = cabs(a - b);
    return mp_obj_new_bool(diff <= fabs(rel * cabs(b)) || diff <= fabs(rel * cabs(a)) ||
        diff <= abs_tol);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(cmath_isclose_obj, 2, cmath_isclose);

static mp_obj_t cmath_log(size_t n_args, const mp_obj_t *args) {
    double complex z = get_c(args[0]);
    if (creal(z) == 0.0 && cimag(z) == 0.0) {
        math_error();
    }
    double complex r = clog(z);
    if (n_args == 2) {
        double complex b = get_c(args[1]);
        if (creal(b) == 0.0 && cimag(b) == 0.0) {
            math_error();
        }
        double complex lb = clog(b);
        if (creal(lb) == 0.0 && cimag(lb) == 0.0) {
            math_error(); /* CPython: a domain error, unlike math.log */
        }
        r = r / lb;
    }
    return new_c(r);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(cmath_log_obj, 1, 2, cmath_log);

static mp_obj_t cmath_log10(mp_obj_t z_in) {
    double complex z = get_c(z_in);
    if (creal(z) == 0.0 && cimag(z) == 0.0) {
        math_error();
    }
    return new_c(clog(z) / M_LN10);
}
static MP_DEFINE_CONST_FUN_OBJ_1(cmath_log10_obj, cmath_log10);

static mp_obj_t cmath_phase(mp_obj_t z) {
    return mp_obj_new_float(carg(get_c(z)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(cmath_phase_obj, cmath_phase);

static mp_obj_t cmath_polar(mp_obj_t z_in) {
    double complex z = get_c(z_in);
    return tuple2(mp_obj_new_float(cabs(z)), mp_obj_new_float(carg(z)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(cmath_polar_obj, cmath_polar);

static mp_obj_t cmath_rect(mp_obj_t r_in, mp_obj_t phi_in) {
    double r = mp_obj_get_float(r_in), phi = mp_obj_get_float(phi_in);
    return mp_obj_new_complex(r * cos(phi), r * sin(phi));
}
static MP_DEFINE_CONST_FUN_OBJ_2(cmath_rect_obj, cmath_rect);

static const mp_rom_map_elem_t cmath_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_cmath)},
    {MP_ROM_QSTR(MP_QSTR_pi), MP_ROM_PTR(&math_pi_obj)},
    {MP_ROM_QSTR(MP_QSTR_e), MP_ROM_PTR(&math_e_obj)},
    {MP_ROM_QSTR(MP_QSTR_sqrt), MP_ROM_PTR(&cmath_sqrt_obj)},
    {MP_ROM_QSTR(MP_QSTR_exp), MP_ROM_PTR(&cmath_exp_obj)},
    {MP_ROM_QSTR(MP_QSTR_log), MP_ROM_PTR(&cmath_log_obj)},
    {MP_ROM_QSTR(MP_QSTR_log10), MP_ROM_PTR(&cmath_log10_obj)},
    {MP_ROM_QSTR(MP_QSTR_cos), MP_ROM_PTR(&cmath_cos_obj)},
    {MP_ROM_QSTR(MP_QSTR_sin), MP_ROM_PTR(&cmath_sin_obj)},
    {MP_ROM_QSTR(MP_QSTR_phase), MP_ROM_PTR(&cmath_phase_obj)},
    {MP_ROM_QSTR(MP_QSTR_polar), MP_ROM_PTR(&cmath_polar_obj)},
    {MP_ROM_QSTR(MP_QSTR_rect), MP_ROM_PTR(&cmath_rect_obj)},
    {MP_ROM_QSTR(MP_QSTR_tau), MP_ROM_PTR(&math_tau_obj)},
    {MP_ROM_QSTR(MP_QSTR_inf), MP_ROM_PTR(&math_inf_obj)},
    {MP_ROM_QSTR(MP_QSTR_nan), MP_ROM_PTR(&math_nan_obj)},
    {MP_ROM_QSTR(MP_QSTR_infj), MP_ROM_PTR(&cmath_infj_obj)},
    {MP_ROM_QSTR(MP_QSTR_nanj), MP_ROM_PTR(&cmath_nanj_obj)},
    {MP_ROM_QSTR(MP_QSTR_tan), MP_ROM_PTR(&cmath_tan_obj)},
    {MP_ROM_QSTR(MP_QSTR_asin), MP_ROM_PTR(&cmath_asin_obj)},
    {MP_ROM_QSTR(MP_QSTR_acos), MP_ROM_PTR(&cmath_acos_obj)},
    {MP_ROM_QSTR(MP_QSTR_atan), MP_ROM_PTR(&cmath_atan_obj)},
    {MP_ROM_QSTR(MP_QSTR_sinh), MP_ROM_PTR(&cmath_sinh_obj)},
    {MP_ROM_QSTR(MP_QSTR_cosh), MP_ROM_PTR(&cmath_cosh_obj)},
    {MP_ROM_QSTR(MP_QSTR_tanh), MP_ROM_PTR(&cmath_tanh_obj)},
    {MP_ROM_QSTR(MP_QSTR_asinh), MP_ROM_PTR(&cmath_asinh_obj)},
    {MP_ROM_QSTR(MP_QSTR_acosh), MP_ROM_PTR(&cmath_acosh_obj)},
    {MP_ROM_QSTR(MP_QSTR_atanh), MP_ROM_PTR(&cmath_atanh_obj)},
    {MP_ROM_QSTR(MP_QSTR_isnan), MP_ROM_PTR(&cmath_isnan_obj)},
    {MP_ROM_QSTR(MP_QSTR_isinf), MP_ROM_PTR(&cmath_isinf_obj)},
    {MP_ROM_QSTR(MP_QSTR_isfinite), MP_ROM_PTR(&cmath_isfinite_obj)},
    {MP_ROM_QSTR(MP_QSTR_isclose), MP_ROM_PTR(&cmath_isclose_obj)},
};
static MP_DEFINE_CONST_DICT(cmath_module_globals, cmath_module_table);

const mp_obj_module_t mp_module_cmath = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&cmath_module_globals,
};
