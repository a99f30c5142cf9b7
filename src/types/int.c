/*
 * The `int` type: small ints (tagged words) and big ints (mp_obj_int_t
 * holding an mpz). Results are always normalised: a value that fits a small
 * int is a small int, so two equal ints have the same representation.
 *
 * Also here: int constructors and conversions declared in obj.h, the
 * formatting helper used by hex()/oct()/bin() and format specs, round(),
 * 3-argument pow, and the native-value conversions of the function table.
 */
#include <string.h>
#include <stdio.h>
#include <math.h>
#include "core/runtime.h"
#include "core/parsenum.h"
#include "types/mpz.h"

#define SMALL_MIN MP_SMALL_INT_MIN_
#define SMALL_MAX MP_SMALL_INT_MAX_
#define FITS(n) MP_SMALL_INT_FITS_(n)

/* a big-int result larger than this many bits is refused up front */
#define MAX_RESULT_BITS ((uint64_t)1 << 36)

/* ---- mpz views of int objects ------------------------------------------ */

/* An mpz on the stack viewing a small int, without heap allocation. */
typedef struct _mpz_view_t {
    mpz_t z;
    mpz_dig_t d[2];
} mpz_view_t;

static const mpz_t *view_small(mp_int_t v, mpz_view_t *view) {
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    view->d[0] = (mpz_dig_t)u;
    view->d[1] = (mpz_dig_t)(u >> 32);
    view->z.dig = view->d;
    view->z.alloc = 2;
    view->z.len = view->d[1] ? 2 : view->d[0] ? 1 : 0;
    view->z.neg = v < 0;
    return &view->z;
}

/* o must be an int or a bool */
static const mpz_t *int_view(mp_obj_t o, mpz_view_t *view) {
    if (mp_obj_is_small_int(o)) {
        return view_small(MP_OBJ_SMALL_INT_VALUE(o), view);
    }
    if (mp_obj_is_bool(o)) {
        return view_small(o == mp_const_true, view);
    }
    return &((mp_obj_int_t *)MP_OBJ_TO_PTR(o))->mpz;
}

/* Wrap an mpz result (ownership of its digits is taken). */
static mp_obj_t int_from_mpz(mpz_t *z) {
    int64_t v;
    if (mpz_to_int64(z, &v) && v >= SMALL_MIN && v <= SMALL_MAX) {
        mpz_free(z);
        return MP_OBJ_NEW_SMALL_INT((mp_int_t)v);
    }
    mp_obj_int_t *o = m_new_obj(mp_obj_int_t);
    o->base.type = &mp_type_int;
    o->mpz = *z;
    return MP_OBJ_FROM_PTR(o);
}

static bool is_int_like(mp_obj_t o) {
    return mp_obj_is_small_int(o) || mp_obj_is_bool(o) || mp_obj_is_type(o, &mp_type_int);
}

bool mp_obj_int_is_big(mp_const_obj_t o) {
    return mp_obj_is_obj(o) && ((const mp_obj_base_t *)o)->type == &mp_type_int;
}

int mp_obj_int_sign(mp_obj_t self) {
    if (mp_obj_is_small_int(self)) {
        mp_int_t v = MP_OBJ_SMALL_INT_VALUE(self);
        return v < 0 ? -1 : v > 0;
    }
    if (mp_obj_is_bool(self)) {
        return self == mp_const_true;
    }
    const mpz_t *z = &((mp_obj_int_t *)MP_OBJ_TO_PTR(self))->mpz;
    return z->len == 0 ? 0 : z->neg ? -1 : 1;
}

bool mp_obj_int_get_int64(mp_obj_t self, int64_t *value) {
    if (mp_obj_is_small_int(self)) {
        *value = MP_OBJ_SMALL_INT_VALUE(self);
        return true;
    }
    if (mp_obj_is_bool(self)) {
        *value = self == mp_const_true;
        return true;
    }
    return mpz_to_int64(&((mp_obj_int_t *)MP_OBJ_TO_PTR(self))->mpz, value);
}

static double int_to_double(mp_obj_t o) {
    if (mp_obj_is_small_int(o)) {
        return (double)MP_OBJ_SMALL_INT_VALUE(o);
    }
    if (mp_obj_is_bool(o)) {
        return o == mp_const_true ? 1.0 : 0.0;
    }
    return mpz_to_double(&((mp_obj_int_t *)MP_OBJ_TO_PTR(o))->mpz);
}

/* ---- constructors ------------------------------------------------------- */

mp_obj_t mp_obj_new_int(mp_int_t value) {
    if (FITS(value)) {
        return MP_OBJ_NEW_SMALL_INT(value);
    }
    return mp_obj_new_int_from_ll(value);
}

mp_obj_t mp_obj_new_int_from_uint(mp_uint_t value) {
    if (value <= (mp_uint_t)SMALL_MAX) {
        return MP_OBJ_NEW_SMALL_INT((mp_int_t)value);
    }
    return mp_obj_new_int_from_ull(value);
}

mp_obj_t mp_obj_new_int_from_ll(long long val) {
    if (val >= SMALL_MIN && val <= SMALL_MAX) {
        return MP_OBJ_NEW_SMALL_INT((mp_int_t)val);
    }
    mpz_t z;
    mpz_init(&z);
    mpz_set_int(&z, val);
    return int_from_mpz(&z);
}

mp_obj_t mp_obj_new_int_from_ull(unsigned long long val) {
    if (val <= (unsigned long long)SMALL_MAX) {
        return MP_OBJ_NEW_SMALL_INT((mp_int_t)val);
    }
    mpz_t z;
    mpz_init(&z);
    mpz_set_uint(&z, val);
    return int_from_mpz(&z);
}

/* Digits (and single underscores between them) of `base` from *str; stops at
 * the first other character and leaves *str there. */
mp_obj_t mp_obj_new_int_from_str_len(const char **str, size_t len, bool neg, unsigned int base) {
    const char *s = *str, *top = s + len;
    char *buf = m_new(char, len + 1);
    size_t n = 0;
    while (s < top) {
        char c = *s;
        int v;
        if (c >= '0' && c <= '9') {
            v = c - '0';
        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
            v = (c | 0x20) - 'a' + 10;
        } else if (c == '_' && n > 0 && s + 1 < top) {
            s++;
            continue;
        } else {
            break;
        }
        if (v >= (int)base) {
            break;
        }
        buf[n++] = c;
        s++;
    }
    *str = s;
    mpz_t z;
    mpz_init(&z);
    mpz_from_str(&z, buf, n, base);
    m_free(buf);
    if (neg && z.len) {
        z.neg = true;
    }
    return int_from_mpz(&z);
}

mp_obj_t mp_obj_new_int_from_float(double val) {
    if (isinf(val)) {
        mp_raise_msg(&mp_type_OverflowError, "can't convert inf to int");
    }
    if (isnan(val)) {
        mp_raise_ValueError("can't convert NaN to int");
    }
    double t = trunc(val);
    if (t >= -4.0e18 && t <= 4.0e18) {
        return mp_obj_new_int_from_ll((long long)t);
    }
    mpz_t z;
    mpz_init(&z);
    mpz_set_double(&z, t);
    return int_from_mpz(&z);
}

/* Value of a bytes/str/int/float/bool object as an int (int(x)). */
mp_obj_t mp_obj_int_from_obj(mp_obj_t x) {
    if (mp_obj_is_small_int(x) || mp_obj_int_is_big(x)) {
        return x;
    }
    if (mp_obj_is_bool(x)) {
        return MP_OBJ_NEW_SMALL_INT(x == mp_const_true);
    }
    if (mp_obj_is_float(x)) {
        return mp_obj_new_int_from_float(mp_obj_float_get(x));
    }
    if (mp_obj_is_str_or_bytes(x) || mp_obj_is_type(x, &mp_type_bytearray)) {
        size_t len;
        const char *s;
        if (mp_obj_is_type(x, &mp_type_bytearray)) {
            mp_buffer_info_t bi;
            mp_get_buffer_raise(x, &bi, MP_BUFFER_READ);
            s = bi.buf;
            len = bi.len;
        } else {
            s = mp_obj_str_get_data(x, &len);
        }
        return mp_parse_num_integer(s, len, 10);
    }
    const mp_obj_type_t *type = mp_obj_get_type(x);
    mp_unary_op_fun_t un = mp_type_unary_op(type);
    if (un != NULL) {
        mp_obj_t r = un(MP_UNARY_OP_INT_MAYBE, x);
        if (r != MP_OBJ_NULL && r != mp_const_notimplemented) {
            return r;
        }
    }
    mp_raise_msg_varg(&mp_type_TypeError, "can't convert %s to int", mp_obj_get_type_str(x));
}

/* ---- small-int helpers (function table entries 46, 47) ------------------ */

mp_int_t mp_small_int_floor_divide(mp_int_t num, mp_int_t denom) {
    mp_int_t q = num / denom;
    if ((num % denom != 0) && ((num < 0) != (denom < 0))) {
        q--;
    }
    return q;
}

mp_int_t mp_small_int_modulo(mp_int_t dividend, mp_int_t divisor) {
    mp_int_t r = dividend % divisor;
    if (r != 0 && ((r < 0) != (divisor < 0))) {
        r += divisor;
    }
    return r;
}

bool mp_small_int_mul_overflow(mp_int_t x, mp_int_t y) {
    mp_int_t r;
    if (__builtin_mul_overflow(x, y, &r)) {
        return true;
    }
    return !FITS(r);
}

/* ---- arithmetic ---------------------------------------------------------- */

static _Noreturn void raise_zero_division(void) {
    mp_raise_msg(&mp_type_ZeroDivisionError, "divide by zero");
}

static _Noreturn void raise_negative_shift(void) {
    mp_raise_ValueError("negative shift count");
}

static mp_obj_t new_tuple2(mp_obj_t a, mp_obj_t b) {
    mp_obj_t items[2] = {a, b};
    return mp_obj_new_tuple(2, items);
}

static mp_obj_t compare_result(mp_binary_op_t op, int c) {
    switch (op) {
        case MP_BINARY_OP_LESS: return mp_obj_new_bool(c < 0);
        case MP_BINARY_OP_MORE: return mp_obj_new_bool(c > 0);
        case MP_BINARY_OP_EQUAL: return mp_obj_new_bool(c == 0);
        case MP_BINARY_OP_LESS_EQUAL: return mp_obj_new_bool(c <= 0);
        case MP_BINARY_OP_MORE_EQUAL: return mp_obj_new_bool(c >= 0);
        case MP_BINARY_OP_NOT_EQUAL: return mp_obj_new_bool(c != 0);
        default: return MP_OBJ_NULL;
    }
}

/* |v| < 2**53, so (double)v is exact; always true when small ints have
 * 31 bits (32-bit words), where the comparison would be a type-limits error */
static bool exact_in_double(mp_int_t v) {
#if INTPTR_MAX > (1LL << 53)
    return v > -((mp_int_t)1 << 53) && v < ((mp_int_t)1 << 53);
#else
    (void)v;
    return true;
#endif
}

/* int / int as a float, correctly rounded: the integer quotient of the
 * magnitudes scaled to ~66 bits, with the remainder as a sticky bit */
mp_obj_t mp_obj_int_true_divide(mp_obj_t lhs, mp_obj_t rhs) {
    if (mp_obj_int_sign(rhs) == 0) {
        raise_zero_division();
    }
    if (mp_obj_is_small_int(lhs) && mp_obj_is_small_int(rhs)) {
        mp_int_t a = MP_OBJ_SMALL_INT_VALUE(lhs), b = MP_OBJ_SMALL_INT_VALUE(rhs);
        if (exact_in_double(a) && exact_in_double(b)) {
            return mp_obj_new_float((double)a / (double)b);
        }
    }
    mpz_view_t va, vb;
    const mpz_t *a = int_view(lhs, &va), *b = int_view(rhs, &vb);
    if (a->len == 0) {
        return mp_obj_new_float(a->neg != b->neg ? -0.0 : 0.0);
    }
    long abits = (long)mpz_bit_length(a), bbits = (long)mpz_bit_length(b);
    long shift = bbits - abits + 66;
    mpz_t aa, bb, q, r;
    mpz_init(&aa);
    mpz_init(&bb);
    mpz_init(&q);
    mpz_init(&r);
    mpz_abs(&aa, a);
    mpz_abs(&bb, b);
    if (shift > 0) {
        mpz_shl(&aa, &aa, (size_t)shift);
    } else if (shift < 0) {
        mpz_shl(&bb, &bb, (size_t)-shift);
    }
    mpz_divmod(&q, &r, &aa, &bb);
    if (r.len != 0 && q.len != 0) {
        q.dig[0] |= 1; /* q has > 64 bits: bit 0 is below the rounding point */
    }
    double d;
    long e = (long)mpz_bit_length(&q) - shift;
    if (e > 1100) {
        d = INFINITY;
    } else if (e < -1200) {
        d = 0.0;
    } else {
        d = ldexp(mpz_to_double(&q), (int)-shift);
    }
    mpz_free(&aa);
    mpz_free(&bb);
    mpz_free(&q);
    mpz_free(&r);
    return mp_obj_new_float(a->neg != b->neg ? -d : d);
}

static mp_obj_t int_pow_small(mp_int_t base, mp_int_t exp);

/* int op int on mpz values */
static mp_obj_t big_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    mpz_view_t va, vb;
    const mpz_t *a = int_view(lhs, &va), *b = int_view(rhs, &vb);
    mpz_t r;
    mpz_init(&r);
    switch (op) {
        case MP_BINARY_OP_ADD: mpz_add(&r, a, b); break;
        case MP_BINARY_OP_SUBTRACT: mpz_sub(&r, a, b); break;
        case MP_BINARY_OP_MULTIPLY:
            if ((uint64_t)mpz_bit_length(a) + mpz_bit_length(b) > MAX_RESULT_BITS) {
                mp_raise_memory_error();
            }
            mpz_mul(&r, a, b);
            break;
        case MP_BINARY_OP_FLOOR_DIVIDE:
        case MP_BINARY_OP_MODULO:
        case MP_BINARY_OP_DIVMOD: {
            if (b->len == 0) {
                raise_zero_division();
            }
            if (op == MP_BINARY_OP_DIVMOD) {
                mpz_t rem;
                mpz_init(&rem);
                mpz_divmod(&r, &rem, a, b);
                mp_obj_t q = int_from_mpz(&r);
                return new_tuple2(q, int_from_mpz(&rem));
            }
            if (op == MP_BINARY_OP_FLOOR_DIVIDE) {
                mpz_divmod(&r, NULL, a, b);
            } else {
                mpz_divmod(NULL, &r, a, b);
            }
            break;
        }
        case MP_BINARY_OP_TRUE_DIVIDE:
            return mp_obj_int_true_divide(lhs, rhs);
        case MP_BINARY_OP_AND: mpz_and(&r, a, b); break;
        case MP_BINARY_OP_OR: mpz_or(&r, a, b); break;
        case MP_BINARY_OP_XOR: mpz_xor(&r, a, b); break;
        case MP_BINARY_OP_LSHIFT:
        case MP_BINARY_OP_RSHIFT: {
            if (b->neg) {
                raise_negative_shift();
            }
            int64_t n;
            if (!mpz_to_int64(b, &n)) {
                n = INT64_MAX;
            }
            if (op == MP_BINARY_OP_RSHIFT) {
                size_t bits = mpz_bit_length(a);
                mpz_shr(&r, a, (uint64_t)n > bits ? bits + 1 : (size_t)n);
            } else {
                if (a->len != 0 && (uint64_t)n + mpz_bit_length(a) > MAX_RESULT_BITS) {
                    mp_raise_memory_error();
                }
                mpz_shl(&r, a, a->len ? (size_t)n : 0);
            }
            break;
        }
        case MP_BINARY_OP_POWER: {
            if (b->neg) {
                return mp_obj_float_binary_op(op, int_to_double(lhs), mp_obj_new_float(int_to_double(rhs)));
            }
            int64_t e;
            /* 0, 1 and -1 raised to any power stay small */
            if (a->len == 0 || (a->len == 1 && a->dig[0] == 1)) {
                int64_t av;
                mpz_to_int64(a, &av);
                if (av == -1) {
                    return MP_OBJ_NEW_SMALL_INT(b->len && (b->dig[0] & 1) ? -1 : 1);
                }
                return MP_OBJ_NEW_SMALL_INT(b->len == 0 ? 1 : av);
            }
            if (!mpz_to_int64(b, &e) || (uint64_t)e * mpz_bit_length(a) > MAX_RESULT_BITS) {
                mp_raise_memory_error();
            }
            mpz_pow(&r, a, (uint64_t)e);
            break;
        }
        default: {
            int c = mpz_cmp(a, b);
            return compare_result(op, c);
        }
    }
    return int_from_mpz(&r);
}

static mp_obj_t int_pow_small(mp_int_t base, mp_int_t exp) {
    /* exp >= 0; square-and-multiply with overflow detection */
    mp_int_t result = 1, b = base, e = exp;
    while (e > 0) {
        if (e & 1) {
            if (mp_small_int_mul_overflow(result, b)) {
                goto big;
            }
            result *= b;
        }
        e >>= 1;
        if (e > 0) {
            if (mp_small_int_mul_overflow(b, b)) {
                goto big;
            }
            b *= b;
        }
    }
    return MP_OBJ_NEW_SMALL_INT(result);
big:
    return big_binary_op(MP_BINARY_OP_POWER, MP_OBJ_NEW_SMALL_INT(base), MP_OBJ_NEW_SMALL_INT(exp));
}

static mp_obj_t small_binary_op(mp_binary_op_t op, mp_int_t a, mp_int_t b) {
    switch (op) {
        case MP_BINARY_OP_ADD: return mp_obj_new_int(a + b);
        case MP_BINARY_OP_SUBTRACT: return mp_obj_new_int(a - b);
        case MP_BINARY_OP_MULTIPLY: {
            mp_int_t r;
            if (!__builtin_mul_overflow(a, b, &r)) {
                return mp_obj_new_int(r);
            }
            break;
        }
        case MP_BINARY_OP_FLOOR_DIVIDE:
            if (b == 0) {
                raise_zero_division();
            }
            return mp_obj_new_int(mp_small_int_floor_divide(a, b));
        case MP_BINARY_OP_MODULO:
            if (b == 0) {
                raise_zero_division();
            }
            return MP_OBJ_NEW_SMALL_INT(mp_small_int_modulo(a, b));
        case MP_BINARY_OP_DIVMOD:
            if (b == 0) {
                raise_zero_division();
            }
            return new_tuple2(mp_obj_new_int(mp_small_int_floor_divide(a, b)),
                MP_OBJ_NEW_SMALL_INT(mp_small_int_modulo(a, b)));
        case MP_BINARY_OP_TRUE_DIVIDE:
            return mp_obj_int_true_divide(MP_OBJ_NEW_SMALL_INT(a), MP_OBJ_NEW_SMALL_INT(b));
        case MP_BINARY_OP_AND: return MP_OBJ_NEW_SMALL_INT(a & b);
        case MP_BINARY_OP_OR: return MP_OBJ_NEW_SMALL_INT(a | b);
        case MP_BINARY_OP_XOR: return MP_OBJ_NEW_SMALL_INT(a ^ b);
        case MP_BINARY_OP_LSHIFT:
            if (b < 0) {
                raise_negative_shift();
            }
            if (a == 0) {
                return MP_OBJ_NEW_SMALL_INT(0);
            }
            if (b < MP_WORD_BITS - 2) {
                mp_int_t r = (mp_int_t)((mp_uint_t)a << b);
                if ((r >> b) == a && FITS(r)) {
                    return MP_OBJ_NEW_SMALL_INT(r);
                }
            }
            break;
        case MP_BINARY_OP_RSHIFT:
            if (b < 0) {
                raise_negative_shift();
            }
            if (b >= MP_WORD_BITS) {
                return MP_OBJ_NEW_SMALL_INT(a < 0 ? -1 : 0);
            }
            return MP_OBJ_NEW_SMALL_INT(a >> b);
        case MP_BINARY_OP_POWER:
            if (b < 0) {
                return mp_obj_float_binary_op(op, (double)a, mp_obj_new_float((double)b));
            }
            return int_pow_small(a, b);
        case MP_BINARY_OP_LESS: return mp_obj_new_bool(a < b);
        case MP_BINARY_OP_MORE: return mp_obj_new_bool(a > b);
        case MP_BINARY_OP_EQUAL: return mp_obj_new_bool(a == b);
        case MP_BINARY_OP_LESS_EQUAL: return mp_obj_new_bool(a <= b);
        case MP_BINARY_OP_MORE_EQUAL: return mp_obj_new_bool(a >= b);
        case MP_BINARY_OP_NOT_EQUAL: return mp_obj_new_bool(a != b);
        default: return MP_OBJ_NULL;
    }
    return big_binary_op(op, MP_OBJ_NEW_SMALL_INT(a), MP_OBJ_NEW_SMALL_INT(b));
}

/* Map in-place and reflected operators onto the plain ones. */
static mp_binary_op_t normalise_op(mp_binary_op_t op, mp_obj_t *lhs, mp_obj_t *rhs) {
    if (op >= MP_BINARY_OP_INPLACE_OR && op <= MP_BINARY_OP_INPLACE_POWER) {
        return (mp_binary_op_t)(op + (MP_BINARY_OP_OR - MP_BINARY_OP_INPLACE_OR));
    }
    if (op >= MP_BINARY_OP_REVERSE_OR && op <= MP_BINARY_OP_REVERSE_POWER) {
        mp_obj_t t = *lhs;
        *lhs = *rhs;
        *rhs = t;
        return (mp_binary_op_t)(op - (MP_BINARY_OP_REVERSE_OR - MP_BINARY_OP_OR));
    }
    return op;
}

static mp_obj_t int_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    if (mp_obj_is_small_int(lhs) && mp_obj_is_small_int(rhs)) {
        if (op >= MP_BINARY_OP_INPLACE_OR && op <= MP_BINARY_OP_INPLACE_POWER) {
            op = (mp_binary_op_t)(op + (MP_BINARY_OP_OR - MP_BINARY_OP_INPLACE_OR));
        }
        if (op < MP_BINARY_OP_REVERSE_OR) {
            return small_binary_op(op, MP_OBJ_SMALL_INT_VALUE(lhs), MP_OBJ_SMALL_INT_VALUE(rhs));
        }
    }
    op = normalise_op(op, &lhs, &rhs);
    if (is_int_like(lhs) && is_int_like(rhs)) {
        if (mp_obj_is_bool(lhs) || mp_obj_is_bool(rhs)) {
            if (mp_obj_is_bool(lhs)) {
                lhs = MP_OBJ_NEW_SMALL_INT(lhs == mp_const_true);
            }
            if (mp_obj_is_bool(rhs)) {
                rhs = MP_OBJ_NEW_SMALL_INT(rhs == mp_const_true);
            }
            if (mp_obj_is_small_int(lhs) && mp_obj_is_small_int(rhs)) {
                return small_binary_op(op, MP_OBJ_SMALL_INT_VALUE(lhs), MP_OBJ_SMALL_INT_VALUE(rhs));
            }
        }
        return big_binary_op(op, lhs, rhs);
    }
    /* promotion: the other operand decides */
    if (is_int_like(lhs)) {
        if (mp_obj_is_float(rhs)) {
            return mp_obj_float_binary_op(op, int_to_double(lhs), rhs);
        }
        if (mp_obj_is_type(rhs, &mp_type_complex)) {
            return mp_obj_complex_binary_op(op, int_to_double(lhs), 0.0, rhs);
        }
    } else if (mp_obj_is_float(lhs)) {
        return mp_obj_float_binary_op(op, mp_obj_float_get(lhs), rhs);
    } else if (mp_obj_is_type(lhs, &mp_type_complex)) {
        const mp_obj_complex_t *c = MP_OBJ_TO_PTR(lhs);
        return mp_obj_complex_binary_op(op, c->real, c->imag, rhs);
    }
    return MP_OBJ_NULL;
}

/* ---- unary ops ----------------------------------------------------------- */

static mp_obj_t int_unary_op(mp_unary_op_t op, mp_obj_t o) {
    if (mp_obj_is_bool(o)) {
        o = MP_OBJ_NEW_SMALL_INT(o == mp_const_true);
    }
    if (mp_obj_is_small_int(o)) {
        mp_int_t v = MP_OBJ_SMALL_INT_VALUE(o);
        switch (op) {
            case MP_UNARY_OP_BOOL: return mp_obj_new_bool(v != 0);
            case MP_UNARY_OP_NOT: return mp_obj_new_bool(v == 0);
            case MP_UNARY_OP_HASH: return o;
            case MP_UNARY_OP_POSITIVE:
            case MP_UNARY_OP_INT_MAYBE: return o;
            case MP_UNARY_OP_NEGATIVE: return mp_obj_new_int(-v);
            case MP_UNARY_OP_INVERT: return MP_OBJ_NEW_SMALL_INT(~v);
            case MP_UNARY_OP_ABS: return mp_obj_new_int(v < 0 ? -v : v);
            case MP_UNARY_OP_FLOAT_MAYBE: return mp_obj_new_float((double)v);
            case MP_UNARY_OP_COMPLEX_MAYBE: return mp_obj_new_complex((double)v, 0.0);
            default: return MP_OBJ_NULL;
        }
    }
    const mpz_t *z = &((mp_obj_int_t *)MP_OBJ_TO_PTR(o))->mpz;
    mpz_t r;
    mpz_init(&r);
    switch (op) {
        case MP_UNARY_OP_BOOL: return mp_obj_new_bool(z->len != 0);
        case MP_UNARY_OP_NOT: return mp_obj_new_bool(z->len == 0);
        case MP_UNARY_OP_HASH: return MP_OBJ_NEW_SMALL_INT(mpz_hash(z));
        case MP_UNARY_OP_POSITIVE:
        case MP_UNARY_OP_INT_MAYBE: return o;
        case MP_UNARY_OP_NEGATIVE: mpz_neg(&r, z); break;
        case MP_UNARY_OP_INVERT: mpz_not(&r, z); break;
        case MP_UNARY_OP_ABS:
            if (!z->neg) {
                return o;
            }
            mpz_abs(&r, z);
            break;
        case MP_UNARY_OP_FLOAT_MAYBE: return mp_obj_new_float(mpz_to_double(z));
        case MP_UNARY_OP_COMPLEX_MAYBE: return mp_obj_new_complex(mpz_to_double(z), 0.0);
        default: return MP_OBJ_NULL;
    }
    return int_from_mpz(&r);
}

/* ---- text ---------------------------------------------------------------- */

char *mp_obj_int_formatted_buf(mp_obj_t self, int base, const char *prefix, char base_char,
    size_t *len) {
    if (!is_int_like(self)) {
        mp_raise_msg_varg(&mp_type_TypeError, "can't convert %s to int", mp_obj_get_type_str(self));
    }
    mpz_view_t v;
    const mpz_t *z = int_view(self, &v);
    size_t size = mpz_str_size(z, (unsigned)base) + (prefix ? strlen(prefix) : 0) + 2;
    char *buf = m_new(char, size);
    *len = mpz_to_str(z, (unsigned)base, prefix, base_char, buf);
    return buf;
}

mp_obj_t mp_obj_int_formatted(mp_obj_t self, int base, const char *prefix, char base_char) {
    size_t len;
    char *buf = mp_obj_int_formatted_buf(self, base, prefix, base_char, &len);
    mp_obj_t s = mp_obj_new_str(buf, len);
    m_free(buf);
    return s;
}

static void int_print(const mp_print_t *print, mp_obj_t o, mp_print_kind_t kind) {
    if (mp_obj_is_small_int(o)) {
        char buf[32];
        int n = snprintf(buf, sizeof(buf), "%lld", (long long)MP_OBJ_SMALL_INT_VALUE(o));
        print->print_strn(print->data, buf, (size_t)n);
        return;
    }
    size_t len;
    char *buf = mp_obj_int_formatted_buf(o, 10, NULL, 'a', &len);
    print->print_strn(print->data, buf, len);
    m_free(buf);
}

/* ---- int() --------------------------------------------------------------- */

static mp_obj_t int_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 2, false);
    if (n_args == 0) {
        return MP_OBJ_NEW_SMALL_INT(0);
    }
    if (n_args == 1) {
        return mp_obj_int_from_obj(args[0]);
    }
    mp_int_t base = mp_obj_get_int(args[1]);
    if (base != 0 && (base < 2 || base > 36)) {
        mp_raise_ValueError("int() arg 2 must be >= 2 and <= 36");
    }
    if (!mp_obj_is_str_or_bytes(args[0]) && !mp_obj_is_type(args[0], &mp_type_bytearray)) {
        mp_raise_TypeError("can't convert non-string with explicit base");
    }
    mp_buffer_info_t bi;
    size_t len;
    const char *s;
    if (mp_obj_is_type(args[0], &mp_type_bytearray)) {
        mp_get_buffer_raise(args[0], &bi, MP_BUFFER_READ);
        s = bi.buf;
        len = bi.len;
    } else {
        s = mp_obj_str_get_data(args[0], &len);
    }
    return mp_parse_num_integer(s, len, (int)base);
}

/* ---- methods ------------------------------------------------------------- */

static bool byteorder_is_big(mp_obj_t order) {
    const char *s = mp_obj_str_get_str(order);
    if (strcmp(s, "big") == 0) {
        return true;
    }
    if (strcmp(s, "little") == 0) {
        return false;
    }
    mp_raise_ValueError("byteorder must be either 'little' or 'big'");
}

static mp_obj_t int_from_bytes(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    /* args[0] is the class (classmethod) */
    static const mp_arg_t allowed[] = {
        {MP_QSTR_bytes, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_byteorder, MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_signed, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false}},
    };
    mp_arg_val_t vals[3];
    mp_arg_parse_all(n_args - 1, args + 1, kw_args, 3, allowed, vals);
    bool big = vals[1].u_obj == MP_OBJ_NULL ? true : byteorder_is_big(vals[1].u_obj);
    mp_buffer_info_t bi;
    mp_get_buffer_raise(vals[0].u_obj, &bi, MP_BUFFER_READ);
    mpz_t z;
    mpz_init(&z);
    mpz_from_bytes(&z, big, vals[2].u_bool, bi.buf, bi.len);
    return int_from_mpz(&z);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(int_from_bytes_fun_obj, 2, int_from_bytes);
static const mp_obj_static_class_method_t int_from_bytes_obj = {
    {&mp_type_classmethod}, MP_OBJ_FROM_PTR(&int_from_bytes_fun_obj)
};

static mp_obj_t int_to_bytes(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    static const mp_arg_t allowed[] = {
        {MP_QSTR_length, MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_byteorder, MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_signed, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false}},
    };
    mp_arg_val_t vals[3];
    mp_arg_parse_all(n_args - 1, args + 1, kw_args, 3, allowed, vals);
    mp_int_t len = vals[0].u_obj == MP_OBJ_NULL ? 1 : mp_obj_get_int(vals[0].u_obj);
    if (len < 0) {
        mp_raise_ValueError("length argument must be non-negative");
    }
    bool big = vals[1].u_obj == MP_OBJ_NULL ? true : byteorder_is_big(vals[1].u_obj);
    mpz_view_t v;
    const mpz_t *z = int_view(args[0], &v);
    byte *buf = m_new(byte, (size_t)len + 1);
    if (!mpz_to_bytes(z, big, vals[2].u_bool, buf, (size_t)len)) {
        m_free(buf);
        mp_raise_msg(&mp_type_OverflowError, "int too big to convert");
    }
    mp_obj_t r = mp_obj_new_bytes(buf, (size_t)len);
    m_free(buf);
    return r;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(int_to_bytes_obj, 1, int_to_bytes);

static mp_obj_t int_bit_length(mp_obj_t self) {
    mpz_view_t v;
    return MP_OBJ_NEW_SMALL_INT((mp_int_t)mpz_bit_length(int_view(self, &v)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(int_bit_length_obj, int_bit_length);

/* number of one bits in |self| (digits are stored as a magnitude) */
static mp_obj_t int_bit_count(mp_obj_t self) {
    mpz_view_t v;
    const mpz_t *z = int_view(self, &v);
    mp_int_t n = 0;
    for (size_t i = 0; i < z->len; i++) {
        n += __builtin_popcount(z->dig[i]);
    }
    return MP_OBJ_NEW_SMALL_INT(n);
}
static MP_DEFINE_CONST_FUN_OBJ_1(int_bit_count_obj, int_bit_count);

static mp_obj_t int_as_integer_ratio(mp_obj_t self) {
    mp_obj_t items[2] = {self, MP_OBJ_NEW_SMALL_INT(1)};
    return mp_obj_new_tuple(2, items);
}
static MP_DEFINE_CONST_FUN_OBJ_1(int_as_integer_ratio_obj, int_as_integer_ratio);

static const mp_rom_map_elem_t int_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_bit_count), MP_ROM_PTR(&int_bit_count_obj)},
    {MP_ROM_QSTR(MP_QSTR_as_integer_ratio), MP_ROM_PTR(&int_as_integer_ratio_obj)},
    {MP_ROM_QSTR(MP_QSTR_from_bytes), MP_ROM_PTR(&int_from_bytes_obj)},
    {MP_ROM_QSTR(MP_QSTR_to_bytes), MP_ROM_PTR(&int_to_bytes_obj)},
    {MP_ROM_QSTR(MP_QSTR_bit_length), MP_ROM_PTR(&int_bit_length_obj)},
};
static MP_DEFINE_CONST_DICT(int_locals_dict, int_locals_table);

const mp_obj_type_t mp_type_int = {
    .base = {&mp_type_type},
    .name = MP_QSTR_int,
    .flags = MP_TYPE_FLAG_EQ_CHECKS_OTHER_TYPE,
    MP_TYPE_SLOT(make_new, int_make_new),
    MP_TYPE_SLOT(print, int_print),
    MP_TYPE_SLOT(unary_op, int_unary_op),
    MP_TYPE_SLOT(binary_op, int_binary_op),
    MP_TYPE_SLOT(locals_dict, &int_locals_dict),
};

/* ---- pow(a, b, m), round() ----------------------------------------------- */

/* the inverse of a modulo |m| by the extended Euclidean algorithm */
static mp_obj_t int_mod_inverse(mp_obj_t a, mp_obj_t m) {
    if (mp_obj_is_bool(a)) {
        a = MP_OBJ_NEW_SMALL_INT(a == mp_const_true);
    }
    mp_obj_t n = mp_unary_op(MP_UNARY_OP_ABS, m);
    mp_obj_t r0 = n, r1 = mp_binary_op(MP_BINARY_OP_MODULO, a, n);
    mp_obj_t s0 = MP_OBJ_NEW_SMALL_INT(0), s1 = MP_OBJ_NEW_SMALL_INT(1);
    while (mp_obj_is_true(r1)) {
        mp_obj_t q = mp_binary_op(MP_BINARY_OP_FLOOR_DIVIDE, r0, r1);
        mp_obj_t r2 = mp_binary_op(MP_BINARY_OP_SUBTRACT, r0, mp_binary_op(MP_BINARY_OP_MULTIPLY, q, r1));
        mp_obj_t s2 = mp_binary_op(MP_BINARY_OP_SUBTRACT, s0, mp_binary_op(MP_BINARY_OP_MULTIPLY, q, s1));
        r0 = r1;
        r1 = r2;
        s0 = s1;
        s1 = s2;
    }
    if (!mp_obj_equal(r0, MP_OBJ_NEW_SMALL_INT(1))) {
        mp_raise_ValueError("base is not invertible for the given modulus");
    }
    return mp_binary_op(MP_BINARY_OP_MODULO, s0, n);
}

mp_obj_t mp_obj_int_pow3(mp_obj_t base, mp_obj_t exp, mp_obj_t mod) {
    if (!is_int_like(base) || !is_int_like(exp) || !is_int_like(mod)) {
        mp_raise_TypeError("pow() with 3 arguments requires integers");
    }
    mpz_view_t vb, ve, vm;
    const mpz_t *b = int_view(base, &vb), *e = int_view(exp, &ve), *m = int_view(mod, &vm);
    if (m->len == 0) {
        mp_raise_ValueError("pow() 3rd argument cannot be 0");
    }
    if (e->neg) {
        /* CPython 3.8+: a negative exponent uses the modular inverse */
        base = int_mod_inverse(base, mod);
        exp = mp_unary_op(MP_UNARY_OP_NEGATIVE, exp);
        b = int_view(base, &vb);
        e = int_view(exp, &ve);
    }
    mpz_t r;
    mpz_init(&r);
    mpz_powmod(&r, b, e, m);
    return int_from_mpz(&r);
}

/* round an int to a multiple of 10**(-ndigits), ties to even */
static mp_obj_t int_round(mp_obj_t x, mp_int_t ndigits) {
    if (mp_obj_is_bool(x)) {
        x = MP_OBJ_NEW_SMALL_INT(x == mp_const_true);
    }
    if (ndigits >= 0) {
        return x;
    }
    mpz_view_t vx;
    const mpz_t *a = int_view(x, &vx);
    mpz_t p, ten, q, r, twice;
    mpz_init(&p);
    mpz_init(&ten);
    mpz_init(&q);
    mpz_init(&r);
    mpz_init(&twice);
    mpz_set_uint(&ten, 10);
    if ((uint64_t)-ndigits > mpz_bit_length(a) + 1) {
        /* 10**n is larger than 2|x|: the result is 0 */
        return MP_OBJ_NEW_SMALL_INT(0);
    }
    mpz_pow(&p, &ten, (uint64_t)-ndigits);
    mpz_divmod(&q, &r, a, &p); /* 0 <= r < p */
    mpz_add(&twice, &r, &r);
    int c = mpz_cmp(&twice, &p);
    if (c > 0 || (c == 0 && q.len && (q.dig[0] & 1))) {
        mpz_t one;
        mpz_init(&one);
        mpz_set_uint(&one, 1);
        mpz_add(&q, &q, &one);
    }
    mpz_mul(&q, &q, &p);
    return int_from_mpz(&q);
}

mp_obj_t mp_obj_round(mp_obj_t x, mp_obj_t ndigits_in) {
    if (mp_obj_is_float(x)) {
        double d = mp_obj_float_get(x);
        if (ndigits_in == MP_OBJ_NULL || ndigits_in == mp_const_none) {
            return mp_obj_new_int_from_float(nearbyint(d));
        }
        mp_int_t n = mp_obj_get_int(ndigits_in);
        if (!isfinite(d) || d == 0.0) {
            return x;
        }
        if (n >= 0) {
            if (n > 330 || fabs(d) >= 4503599627370496.0) {
                /* no fractional part (|d| >= 2**52): scaling would only add error */
                return x;
            }
            double m = pow(10.0, (double)n);
            double y = d * m;
            if (!isfinite(y)) {
                return x;
            }
            return mp_obj_new_float(nearbyint(y) / m);
        }
        if (n < -330) {
            return mp_obj_new_float(copysign(0.0, d));
        }
        double m = pow(10.0, (double)-n);
        return mp_obj_new_float(nearbyint(d / m) * m);
    }
    if (is_int_like(x)) {
        if (ndigits_in == MP_OBJ_NULL || ndigits_in == mp_const_none) {
            return mp_obj_is_bool(x) ? MP_OBJ_NEW_SMALL_INT(x == mp_const_true) : x;
        }
        return int_round(x, mp_obj_get_int(ndigits_in));
    }
    /* a Python subclass of float or int rounds its native value */
    const mp_obj_type_t *type = mp_obj_get_type(x);
    bool sub_float = mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(type), MP_OBJ_FROM_PTR(&mp_type_float));
    bool sub_int = mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(type), MP_OBJ_FROM_PTR(&mp_type_int));
    mp_unary_op_fun_t un = mp_type_unary_op(type);
    if ((sub_float || sub_int) && un != NULL) {
        mp_obj_t v = un(sub_float ? MP_UNARY_OP_FLOAT_MAYBE : MP_UNARY_OP_INT_MAYBE, x);
        if (v != MP_OBJ_NULL && (mp_obj_is_float(v) || is_int_like(v))) {
            return mp_obj_round(v, ndigits_in);
        }
    }
    mp_raise_msg_varg(&mp_type_TypeError, "can't convert %s to float", mp_obj_get_type_str(x));
}

/* ---- native values (function table entries 3, 4) ------------------------- */

mp_uint_t mp_native_from_obj(mp_obj_t obj, mp_uint_t type) {
    switch (type & 0xf) {
        case MP_NATIVE_TYPE_OBJ:
            return (mp_uint_t)obj;
        case MP_NATIVE_TYPE_BOOL:
            return mp_obj_is_true(obj);
        case MP_NATIVE_TYPE_INT:
        case MP_NATIVE_TYPE_UINT:
            break;
        default: {
            mp_buffer_info_t bi;
            if (mp_get_buffer(obj, &bi, MP_BUFFER_READ)) {
                return (mp_uint_t)bi.buf;
            }
            break;
        }
    }
    if (mp_obj_is_small_int(obj)) {
        return (mp_uint_t)MP_OBJ_SMALL_INT_VALUE(obj);
    }
    if (mp_obj_is_bool(obj)) {
        return obj == mp_const_true;
    }
    if (mp_obj_int_is_big(obj)) {
        return (mp_uint_t)mpz_to_uint64_trunc(&((mp_obj_int_t *)MP_OBJ_TO_PTR(obj))->mpz);
    }
    mp_raise_msg_varg(&mp_type_TypeError, "can't convert %s to int", mp_obj_get_type_str(obj));
}

mp_obj_t mp_native_to_obj(mp_uint_t val, mp_uint_t type) {
    switch (type & 0xf) {
        case MP_NATIVE_TYPE_OBJ:
            return (mp_obj_t)val;
        case MP_NATIVE_TYPE_BOOL:
            return mp_obj_new_bool(val != 0);
        case MP_NATIVE_TYPE_INT:
            return mp_obj_new_int((mp_int_t)val);
        case MP_NATIVE_TYPE_QSTR:
            return MP_OBJ_NEW_QSTR(val);
        default:
            return mp_obj_new_int_from_uint(val);
    }
}
