/*
 * mpz: the arbitrary-precision arithmetic behind big ints (see mpz.h).
 *
 * Magnitude routines (mag_*) work on raw digit arrays; the signed layer on
 * top gives Python semantics (floor division, two's-complement bitwise
 * operations). Multiplication switches to Karatsuba for long operands,
 * division is Knuth's algorithm D, and decimal conversion of long numbers
 * is divide-and-conquer so printing a 100k-digit number stays fast.
 */
#include <string.h>
#include <math.h>
#include "types/mpz.h"
#include "core/gc.h"

#define DIG_MASK ((mpz_dbl_t)0xffffffffu)
#define KARATSUBA_THRESHOLD (40)
#define DC_STR_THRESHOLD (60) /* digits above which decimal output recurses */

/* ---- digit arrays ------------------------------------------------------ */

static mpz_dig_t *dig_alloc(size_t n) {
    return m_new(mpz_dig_t, n ? n : 1);
}

static void dig_free(mpz_dig_t *d) {
    if (d != NULL) {
        m_free(d);
    }
}

static size_t mag_norm(const mpz_dig_t *d, size_t n) {
    while (n > 0 && d[n - 1] == 0) {
        n--;
    }
    return n;
}

static int mag_cmp(const mpz_dig_t *a, size_t an, const mpz_dig_t *b, size_t bn) {
    if (an != bn) {
        return an < bn ? -1 : 1;
    }
    while (an-- > 0) {
        if (a[an] != b[an]) {
            return a[an] < b[an] ? -1 : 1;
        }
    }
    return 0;
}

/* r = a + b where an >= bn; r has room for an + 1 digits; returns length */
static size_t mag_add(mpz_dig_t *r, const mpz_dig_t *a, size_t an, const mpz_dig_t *b, size_t bn) {
    mpz_dbl_t carry = 0;
    size_t i = 0;
    for (; i < bn; i++) {
        carry += (mpz_dbl_t)a[i] + b[i];
        r[i] = (mpz_dig_t)carry;
        carry >>= MPZ_DIG_BITS;
    }
    for (; i < an; i++) {
        carry += a[i];
        r[i] = (mpz_dig_t)carry;
        carry >>= MPZ_DIG_BITS;
    }
    r[i] = (mpz_dig_t)carry;
    return mag_norm(r, an + 1);
}

/* r = a - b where a >= b (as values); r may alias a; returns length */
static size_t mag_sub(mpz_dig_t *r, const mpz_dig_t *a, size_t an, const mpz_dig_t *b, size_t bn) {
    int64_t borrow = 0;
    size_t i = 0;
    for (; i < bn; i++) {
        int64_t t = (int64_t)a[i] - b[i] + borrow;
        r[i] = (mpz_dig_t)t;
        borrow = t < 0 ? -1 : 0;
    }
    for (; i < an; i++) {
        int64_t t = (int64_t)a[i] + borrow;
        r[i] = (mpz_dig_t)t;
        borrow = t < 0 ? -1 : 0;
    }
    return mag_norm(r, an);
}

/* add b (bn digits) into r starting at r[0], propagating the carry; r is
 * known (mathematically) to be long enough, limit = digits available */
static void mag_add_into(mpz_dig_t *r, size_t limit, const mpz_dig_t *b, size_t bn) {
    mpz_dbl_t carry = 0;
    size_t i = 0;
    for (; i < bn; i++) {
        carry += (mpz_dbl_t)r[i] + b[i];
        r[i] = (mpz_dig_t)carry;
        carry >>= MPZ_DIG_BITS;
    }
    for (; carry && i < limit; i++) {
        carry += r[i];
        r[i] = (mpz_dig_t)carry;
        carry >>= MPZ_DIG_BITS;
    }
}

static void mag_mul_school(mpz_dig_t *r, const mpz_dig_t *a, size_t an, const mpz_dig_t *b, size_t bn) {
    memset(r, 0, (an + bn) * sizeof(mpz_dig_t));
    for (size_t i = 0; i < bn; i++) {
        mpz_dbl_t bi = b[i];
        mpz_dbl_t carry = 0;
        mpz_dig_t *rr = r + i;
        for (size_t j = 0; j < an; j++) {
            carry += a[j] * bi + rr[j];
            rr[j] = (mpz_dig_t)carry;
            carry >>= MPZ_DIG_BITS;
        }
        rr[an] = (mpz_dig_t)carry;
    }
}

/* r = a * b, r has room for an + bn digits (all written); r must not alias */
static void mag_mul(mpz_dig_t *r, const mpz_dig_t *a, size_t an, const mpz_dig_t *b, size_t bn) {
    if (an < bn) {
        const mpz_dig_t *t = a;
        a = b;
        b = t;
        size_t tn = an;
        an = bn;
        bn = tn;
    }
    if (bn == 0) {
        memset(r, 0, an * sizeof(mpz_dig_t));
        return;
    }
    if (bn < KARATSUBA_THRESHOLD) {
        mag_mul_school(r, a, an, b, bn);
        return;
    }
    if (an >= 2 * bn) {
        /* unbalanced: multiply bn-digit slices of a by b and accumulate */
        memset(r, 0, (an + bn) * sizeof(mpz_dig_t));
        mpz_dig_t *tmp = dig_alloc(2 * bn);
        for (size_t i = 0; i < an; i += bn) {
            size_t n = an - i < bn ? an - i : bn;
            mag_mul(tmp, a + i, n, b, bn);
            mag_add_into(r + i, an + bn - i, tmp, n + bn);
        }
        dig_free(tmp);
        return;
    }
    /* Karatsuba: a = a1*B^m + a0, b = b1*B^m + b0 with bn > m */
    size_t m = an / 2;
    size_t a1n = an - m, b1n = bn - m;
    mag_mul(r, a, m, b, m);                       /* z0 -> r[0 .. 2m) */
    mag_mul(r + 2 * m, a + m, a1n, b + m, b1n);   /* z2 -> r[2m .. an+bn) */
    size_t san_max = a1n + 1, sbn_max = (b1n > m ? b1n : m) + 1;
    mpz_dig_t *tmp = dig_alloc(san_max + sbn_max + san_max + sbn_max);
    mpz_dig_t *sa = tmp, *sb = tmp + san_max, *z1 = sb + sbn_max;
    size_t a0n = mag_norm(a, m), b0n = mag_norm(b, m);
    size_t san = mag_add(sa, a + m, a1n, a, a0n);
    size_t sbn = b1n >= b0n ? mag_add(sb, b + m, b1n, b, b0n) : mag_add(sb, b, b0n, b + m, b1n);
    size_t z1n = san + sbn;
    if (san == 0 || sbn == 0) {
        z1n = 0;
    } else {
        mag_mul(z1, sa, san, sb, sbn);
        z1n = mag_norm(z1, z1n);
    }
    z1n = mag_sub(z1, z1, z1n, r, mag_norm(r, 2 * m));
    z1n = mag_sub(z1, z1, z1n, r + 2 * m, mag_norm(r + 2 * m, an + bn - 2 * m));
    mag_add_into(r + m, an + bn - m, z1, z1n);
    dig_free(tmp);
}

/* q = a / d (an digits), returns remainder; q may alias a */
static mpz_dig_t mag_divmod_small(mpz_dig_t *q, const mpz_dig_t *a, size_t an, mpz_dig_t d) {
    mpz_dbl_t rem = 0;
    for (size_t i = an; i-- > 0;) {
        mpz_dbl_t cur = (rem << MPZ_DIG_BITS) | a[i];
        if (q != NULL) {
            q[i] = (mpz_dig_t)(cur / d);
        }
        rem = cur % d;
    }
    return (mpz_dig_t)rem;
}

static int clz32(mpz_dig_t x) {
    return __builtin_clz(x);
}

/* Knuth algorithm D. a has an digits, b has bn >= 2 digits with b[bn-1] != 0,
 * an >= bn. q gets an - bn + 1 digits, r gets bn digits (both may be NULL). */
static void mag_divmod_knuth(mpz_dig_t *q, mpz_dig_t *r, const mpz_dig_t *a, size_t an,
    const mpz_dig_t *b, size_t bn) {
    int s = clz32(b[bn - 1]);
    mpz_dig_t stack_tmp[256];
    mpz_dig_t *tmp = bn + an + 1 <= 256 ? stack_tmp : dig_alloc(bn + an + 1);
    mpz_dig_t *vn = tmp, *un = tmp + bn;
    for (size_t i = bn - 1; i > 0; i--) {
        vn[i] = s ? (b[i] << s) | (b[i - 1] >> (32 - s)) : b[i];
    }
    vn[0] = b[0] << s;
    un[an] = s ? a[an - 1] >> (32 - s) : 0;
    for (size_t i = an - 1; i > 0; i--) {
        un[i] = s ? (a[i] << s) | (a[i - 1] >> (32 - s)) : a[i];
    }
    un[0] = a[0] << s;
    mpz_dbl_t vtop = vn[bn - 1], vnext = vn[bn - 2];
    for (size_t j = an - bn + 1; j-- > 0;) {
        mpz_dbl_t num = ((mpz_dbl_t)un[j + bn] << 32) | un[j + bn - 1];
        mpz_dbl_t qhat = num / vtop;
        mpz_dbl_t rhat = num % vtop;
        while (qhat > DIG_MASK || qhat * vnext > ((rhat << 32) | un[j + bn - 2])) {
            qhat--;
            rhat += vtop;
            if (rhat > DIG_MASK) {
                break;
            }
        }
        int64_t k = 0, t;
        for (size_t i = 0; i < bn; i++) {
            mpz_dbl_t p = qhat * vn[i];
            t = (int64_t)un[i + j] - k - (int64_t)(p & DIG_MASK);
            un[i + j] = (mpz_dig_t)t;
            k = (int64_t)(p >> 32) - (t >> 32);
        }
        t = (int64_t)un[j + bn] - k;
        un[j + bn] = (mpz_dig_t)t;
        if (t < 0) {
            /* qhat was one too large: add the divisor back */
            qhat--;
            mpz_dbl_t c = 0;
            for (size_t i = 0; i < bn; i++) {
                c += (mpz_dbl_t)un[i + j] + vn[i];
                un[i + j] = (mpz_dig_t)c;
                c >>= 32;
            }
            un[j + bn] += (mpz_dig_t)c;
        }
        if (q != NULL) {
            q[j] = (mpz_dig_t)qhat;
        }
    }
    if (r != NULL) {
        for (size_t i = 0; i < bn; i++) {
            r[i] = s ? (un[i] >> s) | (un[i + 1] << (32 - s)) : un[i];
        }
    }
    if (tmp != stack_tmp) {
        dig_free(tmp);
    }
}

/* ---- mpz_t management --------------------------------------------------- */

void mpz_init(mpz_t *z) {
    z->neg = false;
    z->len = 0;
    z->alloc = 0;
    z->dig = NULL;
}

void mpz_free(mpz_t *z) {
    dig_free(z->dig);
    mpz_init(z);
}

/* replace z's storage by a freshly computed digit array */
static void z_take(mpz_t *z, mpz_dig_t *dig, size_t alloc, size_t len, bool neg) {
    if (z->dig != NULL && z->dig != dig) {
        dig_free(z->dig);
    }
    z->dig = dig;
    z->alloc = alloc;
    z->len = mag_norm(dig, len);
    z->neg = z->len ? neg : false;
}

static void z_reserve(mpz_t *z, size_t n) {
    if (z->alloc < n) {
        mpz_dig_t *d = dig_alloc(n);
        if (z->len) {
            memcpy(d, z->dig, z->len * sizeof(mpz_dig_t));
        }
        dig_free(z->dig);
        z->dig = d;
        z->alloc = n;
    }
}

void mpz_set(mpz_t *z, const mpz_t *a) {
    if (z == a) {
        return;
    }
    z_reserve(z, a->len);
    if (a->len) {
        memcpy(z->dig, a->dig, a->len * sizeof(mpz_dig_t));
    }
    z->len = a->len;
    z->neg = a->neg;
}

void mpz_set_uint(mpz_t *z, uint64_t v) {
    z_reserve(z, 2);
    z->dig[0] = (mpz_dig_t)v;
    z->dig[1] = (mpz_dig_t)(v >> 32);
    z->len = mag_norm(z->dig, 2);
    z->neg = false;
}

void mpz_set_int(mpz_t *z, int64_t v) {
    if (v < 0) {
        mpz_set_uint(z, -(uint64_t)v);
        z->neg = true;
    } else {
        mpz_set_uint(z, (uint64_t)v);
    }
}

bool mpz_set_double(mpz_t *z, double d) {
    if (isnan(d) || isinf(d)) {
        return false;
    }
    bool neg = d < 0;
    d = fabs(d);
    if (d < 1.0) {
        mpz_set_uint(z, 0);
        return true;
    }
    int e;
    double m = frexp(d, &e); /* d = m * 2^e, 0.5 <= m < 1 */
    uint64_t mant = (uint64_t)ldexp(m, 53);
    e -= 53;
    mpz_set_uint(z, e >= 0 ? mant : mant >> -e);
    if (e > 0) {
        mpz_shl(z, z, (size_t)e);
    }
    z->neg = neg && z->len;
    return true;
}

size_t mpz_bit_length(const mpz_t *z) {
    if (z->len == 0) {
        return 0;
    }
    return z->len * 32 - (size_t)clz32(z->dig[z->len - 1]);
}

/* bits [pos, pos+64) of |z| */
static uint64_t mag_bits64(const mpz_t *z, size_t pos) {
    uint64_t r = 0;
    size_t di = pos / 32, sh = pos % 32;
    for (int k = 0; k < 3; k++) {
        size_t i = di + k;
        if (i >= z->len) {
            break;
        }
        uint64_t d = z->dig[i];
        int at = k * 32 - (int)sh;
        if (at < 0) {
            r |= d >> -at;
        } else if (at < 64) {
            r |= d << at;
        }
    }
    return r;
}

static bool mag_any_below(const mpz_t *z, size_t pos) {
    size_t di = pos / 32;
    for (size_t i = 0; i < di && i < z->len; i++) {
        if (z->dig[i]) {
            return true;
        }
    }
    if (di < z->len && (pos % 32) && (z->dig[di] & ((1u << (pos % 32)) - 1))) {
        return true;
    }
    return false;
}

double mpz_to_double(const mpz_t *z) {
    size_t bits = mpz_bit_length(z);
    double d;
    if (bits <= 64) {
        d = (double)mag_bits64(z, 0);
    } else if (bits > 1100) {
        d = INFINITY;
    } else {
        /* top 64 bits with a sticky bit give a correctly rounded result */
        uint64_t top = mag_bits64(z, bits - 64);
        if (mag_any_below(z, bits - 64)) {
            top |= 1;
        }
        d = ldexp((double)top, (int)(bits - 64));
    }
    return z->neg ? -d : d;
}

bool mpz_to_int64(const mpz_t *z, int64_t *out) {
    if (z->len > 2) {
        return false;
    }
    uint64_t u = mag_bits64(z, 0);
    if (z->neg) {
        if (u > (uint64_t)1 << 63) {
            return false;
        }
        *out = (int64_t)(0 - u);
    } else {
        if (u >= (uint64_t)1 << 63) {
            return false;
        }
        *out = (int64_t)u;
    }
    return true;
}

uint64_t mpz_to_uint64_trunc(const mpz_t *z) {
    uint64_t u = mag_bits64(z, 0);
    return z->neg ? 0 - u : u;
}

/* ---- comparison, sign --------------------------------------------------- */

int mpz_cmp_mag(const mpz_t *a, const mpz_t *b) {
    return mag_cmp(a->dig, a->len, b->dig, b->len);
}

int mpz_cmp(const mpz_t *a, const mpz_t *b) {
    if (a->neg != b->neg) {
        return a->neg ? -1 : 1;
    }
    int c = mpz_cmp_mag(a, b);
    return a->neg ? -c : c;
}

void mpz_neg(mpz_t *z, const mpz_t *a) {
    mpz_set(z, a);
    z->neg = z->len ? !a->neg : false;
}

void mpz_abs(mpz_t *z, const mpz_t *a) {
    mpz_set(z, a);
    z->neg = false;
}

/* ---- add, sub, mul ------------------------------------------------------ */

static void add_signed(mpz_t *z, const mpz_t *a, const mpz_t *b, bool b_neg) {
    if (a->neg == b_neg) {
        const mpz_t *x = a, *y = b;
        if (x->len < y->len) {
            x = b;
            y = a;
        }
        mpz_dig_t *d = dig_alloc(x->len + 1);
        size_t n = mag_add(d, x->dig, x->len, y->dig, y->len);
        z_take(z, d, x->len + 1, n, a->neg);
    } else {
        int c = mpz_cmp_mag(a, b);
        if (c == 0) {
            z_take(z, dig_alloc(1), 1, 0, false);
            return;
        }
        const mpz_t *x = c > 0 ? a : b, *y = c > 0 ? b : a;
        bool neg = c > 0 ? a->neg : b_neg;
        mpz_dig_t *d = dig_alloc(x->len);
        size_t n = mag_sub(d, x->dig, x->len, y->dig, y->len);
        z_take(z, d, x->len, n, neg);
    }
}

void mpz_add(mpz_t *z, const mpz_t *a, const mpz_t *b) {
    add_signed(z, a, b, b->neg);
}

void mpz_sub(mpz_t *z, const mpz_t *a, const mpz_t *b) {
    add_signed(z, a, b, b->len ? !b->neg : false);
}

void mpz_mul(mpz_t *z, const mpz_t *a, const mpz_t *b) {
    if (a->len == 0 || b->len == 0) {
        z_take(z, dig_alloc(1), 1, 0, false);
        return;
    }
    size_t n = a->len + b->len;
    mpz_dig_t *d = dig_alloc(n);
    mag_mul(d, a->dig, a->len, b->dig, b->len);
    z_take(z, d, n, n, a->neg != b->neg);
}

/* ---- division ----------------------------------------------------------- */

/* truncating division of magnitudes: qm = |a| / |b|, rm = |a| % |b| */
static void divmod_mag(mpz_t *qm, mpz_t *rm, const mpz_t *a, const mpz_t *b) {
    if (mpz_cmp_mag(a, b) < 0) {
        /* qm and rm are fresh locals of the caller, never aliases of a */
        mpz_abs(rm, a);
        mpz_set_uint(qm, 0);
        return;
    }
    size_t qn = a->len - b->len + 1;
    mpz_dig_t *qd = dig_alloc(qn);
    mpz_dig_t *rd = dig_alloc(b->len);
    if (b->len == 1) {
        rd[0] = mag_divmod_small(qd, a->dig, a->len, b->dig[0]);
    } else {
        mag_divmod_knuth(qd, rd, a->dig, a->len, b->dig, b->len);
    }
    z_take(qm, qd, qn, qn, false);
    z_take(rm, rd, b->len, b->len, false);
}

void mpz_divmod(mpz_t *q, mpz_t *r, const mpz_t *a, const mpz_t *b) {
    mpz_t qm, rm, bb;
    mpz_init(&qm);
    mpz_init(&rm);
    bool an = a->neg, bneg = b->neg;
    /* |b|, needed after q and r are written: view b's digits unless b is
     * also a destination */
    bool copy_b = b == q || b == r;
    if (copy_b) {
        mpz_init(&bb);
        mpz_abs(&bb, b);
    } else {
        bb = *b;
        bb.neg = false;
    }
    divmod_mag(&qm, &rm, a, b);
    if (an != bneg) {
        if (rm.len) {
            mpz_t one;
            mpz_dig_t one_d = 1;
            one.neg = false;
            one.len = 1;
            one.alloc = 1;
            one.dig = &one_d;
            mpz_add(&qm, &qm, &one);
            mpz_sub(&rm, &bb, &rm);
        }
        qm.neg = qm.len != 0;
    }
    rm.neg = bneg && rm.len != 0;
    if (q != NULL) {
        z_take(q, qm.dig, qm.alloc, qm.len, qm.neg);
    } else {
        mpz_free(&qm);
    }
    if (r != NULL) {
        z_take(r, rm.dig, rm.alloc, rm.len, rm.neg);
    } else {
        mpz_free(&rm);
    }
    if (copy_b) {
        mpz_free(&bb);
    }
}

mpz_dig_t mpz_divmod_small(mpz_t *q, const mpz_t *a, mpz_dig_t d) {
    if (q == NULL) {
        return mag_divmod_small(NULL, a->dig, a->len, d);
    }
    mpz_dig_t *qd = dig_alloc(a->len);
    mpz_dig_t rem = mag_divmod_small(qd, a->dig, a->len, d);
    z_take(q, qd, a->len, a->len, a->neg);
    return rem;
}

/* ---- powers ------------------------------------------------------------- */

void mpz_pow(mpz_t *z, const mpz_t *base, uint64_t exp) {
    mpz_t result, b;
    mpz_init(&result);
    mpz_init(&b);
    mpz_set_uint(&result, 1);
    mpz_set(&b, base);
    while (exp) {
        if (exp & 1) {
            mpz_mul(&result, &result, &b);
        }
        exp >>= 1;
        if (exp) {
            mpz_mul(&b, &b, &b);
        }
    }
    mpz_free(&b);
    z_take(z, result.dig, result.alloc, result.len, result.neg);
}

void mpz_powmod(mpz_t *z, const mpz_t *base, const mpz_t *exp, const mpz_t *m) {
    mpz_t mm, b, result;
    mpz_init(&mm);
    mpz_init(&b);
    mpz_init(&result);
    mpz_abs(&mm, m);
    bool m_neg = m->neg;
    mpz_divmod(NULL, &b, base, &mm); /* 0 <= b < |m| */
    mpz_set_uint(&result, 1);
    if (mm.len == 1 && mm.dig[0] == 1) {
        mpz_set_uint(&result, 0);
    }
    size_t bits = mpz_bit_length(exp);
    for (size_t i = bits; i-- > 0;) {
        mpz_mul(&result, &result, &result);
        mpz_divmod(NULL, &result, &result, &mm);
        if ((exp->dig[i / 32] >> (i % 32)) & 1) {
            mpz_mul(&result, &result, &b);
            mpz_divmod(NULL, &result, &result, &mm);
        }
    }
    if (m_neg && result.len) {
        mpz_sub(&result, &result, &mm);
    }
    mpz_free(&mm);
    mpz_free(&b);
    z_take(z, result.dig, result.alloc, result.len, result.neg);
}

/* ---- shifts ------------------------------------------------------------- */

void mpz_shl(mpz_t *z, const mpz_t *a, size_t n) {
    if (a->len == 0) {
        z_take(z, dig_alloc(1), 1, 0, false);
        return;
    }
    size_t ds = n / 32, bs = n % 32;
    size_t len = a->len + ds + 1;
    mpz_dig_t *d = dig_alloc(len);
    memset(d, 0, ds * sizeof(mpz_dig_t));
    mpz_dig_t carry = 0;
    for (size_t i = 0; i < a->len; i++) {
        mpz_dig_t v = a->dig[i];
        d[i + ds] = bs ? (v << bs) | carry : v;
        carry = bs ? v >> (32 - bs) : 0;
    }
    d[a->len + ds] = carry;
    z_take(z, d, len, len, a->neg);
}

void mpz_shr(mpz_t *z, const mpz_t *a, size_t n) {
    size_t ds = n / 32, bs = n % 32;
    bool neg = a->neg;
    bool lost = neg && mag_any_below(a, n);
    if (ds >= a->len) {
        z_take(z, dig_alloc(1), 1, 0, false);
    } else {
        size_t len = a->len - ds;
        mpz_dig_t *d = dig_alloc(len);
        for (size_t i = 0; i < len; i++) {
            mpz_dig_t lo = a->dig[i + ds];
            mpz_dig_t hi = i + ds + 1 < a->len ? a->dig[i + ds + 1] : 0;
            d[i] = bs ? (lo >> bs) | (hi << (32 - bs)) : lo;
        }
        z_take(z, d, len, len, neg);
    }
    if (lost) {
        /* floor for negatives: -(|a| >> n) - 1 when bits were shifted out */
        mpz_t one;
        mpz_dig_t one_d = 1;
        one.neg = true;
        one.len = 1;
        one.alloc = 1;
        one.dig = &one_d;
        if (z->len == 0) {
            mpz_set_int(z, -1);
        } else {
            z->neg = true;
            mpz_add(z, z, &one);
        }
    }
}

/* ---- bitwise (two's complement) ----------------------------------------- */

/* n-digit two's complement of a (n > a->len) */
static void to_twos(mpz_dig_t *d, const mpz_t *a, size_t n) {
    memset(d, 0, n * sizeof(mpz_dig_t));
    if (a->len) {
        memcpy(d, a->dig, a->len * sizeof(mpz_dig_t));
    }
    if (a->neg) {
        mpz_dbl_t carry = 1;
        for (size_t i = 0; i < n; i++) {
            carry += (mpz_dig_t)~d[i];
            d[i] = (mpz_dig_t)carry;
            carry >>= 32;
        }
    }
}

static void from_twos(mpz_t *z, mpz_dig_t *d, size_t n) {
    bool neg = (d[n - 1] >> 31) != 0;
    if (neg) {
        mpz_dbl_t carry = 1;
        for (size_t i = 0; i < n; i++) {
            carry += (mpz_dig_t)~d[i];
            d[i] = (mpz_dig_t)carry;
            carry >>= 32;
        }
    }
    z_take(z, d, n, n, neg);
}

static void bitwise(mpz_t *z, const mpz_t *a, const mpz_t *b, int op) {
    size_t n = (a->len > b->len ? a->len : b->len) + 1;
    mpz_dig_t *da = dig_alloc(n), *db = dig_alloc(n);
    to_twos(da, a, n);
    to_twos(db, b, n);
    for (size_t i = 0; i < n; i++) {
        da[i] = op == 0 ? (da[i] & db[i]) : op == 1 ? (da[i] | db[i]) : (da[i] ^ db[i]);
    }
    dig_free(db);
    from_twos(z, da, n);
}

void mpz_and(mpz_t *z, const mpz_t *a, const mpz_t *b) {
    bitwise(z, a, b, 0);
}

void mpz_or(mpz_t *z, const mpz_t *a, const mpz_t *b) {
    bitwise(z, a, b, 1);
}

void mpz_xor(mpz_t *z, const mpz_t *a, const mpz_t *b) {
    bitwise(z, a, b, 2);
}

void mpz_not(mpz_t *z, const mpz_t *a) {
    mpz_t one;
    mpz_dig_t one_d = 1;
    one.neg = false;
    one.len = 1;
    one.alloc = 1;
    one.dig = &one_d;
    mpz_t t;
    mpz_init(&t);
    mpz_neg(&t, a);
    mpz_sub(z, &t, &one);
    mpz_free(&t);
}

/* ---- text --------------------------------------------------------------- */

static int digit_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c |= 0x20;
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 10;
    }
    return 99;
}

/* z = z * mul + add, in place (z non-negative) */
static void mag_mul_add_small(mpz_t *z, mpz_dig_t mul, mpz_dig_t add) {
    z_reserve(z, z->len + 1);
    mpz_dbl_t carry = add;
    for (size_t i = 0; i < z->len; i++) {
        carry += (mpz_dbl_t)z->dig[i] * mul;
        z->dig[i] = (mpz_dig_t)carry;
        carry >>= 32;
    }
    if (carry) {
        z->dig[z->len++] = (mpz_dig_t)carry;
    }
}

bool mpz_from_str(mpz_t *z, const char *str, size_t len, unsigned base) {
    /* largest power of base fitting a digit, and how many chars it covers */
    mpz_dig_t chunk_mul = base;
    size_t chunk = 1;
    while ((mpz_dbl_t)chunk_mul * base <= DIG_MASK) {
        chunk_mul *= base;
        chunk++;
    }
    mpz_t r;
    mpz_init(&r);
    z_reserve(&r, len / chunk + 2);
    size_t i = 0;
    while (i < len) {
        size_t n = len - i < chunk ? len - i : chunk;
        mpz_dig_t acc = 0, mul = 1;
        for (size_t k = 0; k < n; k++) {
            int v = digit_value(str[i + k]);
            if (v >= (int)base) {
                mpz_free(&r);
                return false;
            }
            acc = acc * base + (mpz_dig_t)v;
            mul *= base;
        }
        mag_mul_add_small(&r, mul, acc);
        i += n;
    }
    r.neg = false;
    z_take(z, r.dig, r.alloc, r.len, false);
    return true;
}

size_t mpz_str_size(const mpz_t *z, unsigned base) {
    size_t bits = mpz_bit_length(z);
    /* log2(base) >= 1; for base 10, digits <= bits * 0.30103 + 1 */
    size_t per = 1;
    while ((1u << (per + 1)) <= base) {
        per++;
    }
    return bits / per + 3;
}

/* write |a| (non-zero allowed to be zero: then writes nothing) as base-10^9
 * chunks backwards from end; returns the new start */
static char *simple_str(const mpz_t *a, unsigned base, char base_char, char *end) {
    mpz_dig_t chunk_div = base;
    size_t chunk = 1;
    while ((mpz_dbl_t)chunk_div * base <= DIG_MASK) {
        chunk_div *= base;
        chunk++;
    }
    size_t n = a->len;
    if (n == 0) {
        return end;
    }
    mpz_dig_t *t = dig_alloc(n);
    memcpy(t, a->dig, n * sizeof(mpz_dig_t));
    char *p = end;
    while (n > 0) {
        mpz_dig_t rem = mag_divmod_small(t, t, n, chunk_div);
        n = mag_norm(t, n);
        for (size_t k = 0; k < chunk; k++) {
            if (n == 0 && rem == 0) {
                break;
            }
            mpz_dig_t v = rem % base;
            rem /= base;
            *--p = v < 10 ? (char)('0' + v) : (char)(base_char + v - 10);
        }
    }
    dig_free(t);
    return p;
}

static char *pow2_str(const mpz_t *a, unsigned base, char base_char, char *end) {
    unsigned bits = 0;
    while ((1u << bits) < base) {
        bits++;
    }
    size_t total = mpz_bit_length(a);
    char *p = end;
    for (size_t pos = 0; pos < total; pos += bits) {
        unsigned v = (unsigned)(mag_bits64(a, pos) & (base - 1));
        *--p = v < 10 ? (char)('0' + v) : (char)(base_char + v - 10);
    }
    return p;
}

/* divide-and-conquer decimal conversion; pow10[k] = 10^(9 * 2^k) */
static char *dc_str(const mpz_t *a, const mpz_t *pow10, size_t k, char *end, size_t width) {
    char *p;
    if (k == 0 || a->len <= DC_STR_THRESHOLD) {
        p = simple_str(a, 10, 'a', end);
    } else {
        mpz_t q, r;
        mpz_init(&q);
        mpz_init(&r);
        mpz_divmod(&q, &r, a, &pow10[k - 1]);
        size_t w = (size_t)9 << (k - 1);
        if (q.len == 0 && width == 0) {
            /* leading part: no zero padding */
            p = dc_str(&r, pow10, k - 1, end, 0);
        } else {
            p = dc_str(&r, pow10, k - 1, end, w);
            p = dc_str(&q, pow10, k - 1, p, width > w ? width - w : 0);
        }
        mpz_free(&r);
        mpz_free(&q);
    }
    while (width && (size_t)(end - p) < width) {
        *--p = '0';
    }
    return p;
}

static char *dec_str(const mpz_t *a, char *end) {
    if (a->len <= DC_STR_THRESHOLD) {
        return simple_str(a, 10, 'a', end);
    }
    /* pow10[k] until pow10[k]^2 > a */
    mpz_t pow10[40];
    size_t k = 0;
    mpz_init(&pow10[0]);
    mpz_set_uint(&pow10[0], 1000000000u);
    mpz_t abs_a = *a;
    abs_a.neg = false;
    while (k + 1 < 40 && pow10[k].len * 2 <= a->len + 1) {
        mpz_init(&pow10[k + 1]);
        mpz_mul(&pow10[k + 1], &pow10[k], &pow10[k]);
        k++;
    }
    char *p = dc_str(&abs_a, pow10, k + 1, end, 0);
    for (size_t i = 0; i <= k; i++) {
        mpz_free(&pow10[i]);
    }
    return p;
}

size_t mpz_to_str(const mpz_t *z, unsigned base, const char *prefix, char base_char, char *buf) {
    size_t plen = prefix ? strlen(prefix) : 0;
    size_t size = mpz_str_size(z, base) + plen + 1;
    char *end = buf + size - 1;
    *end = '\0';
    char *p;
    if (z->len == 0) {
        p = end;
        *--p = '0';
    } else if ((base & (base - 1)) == 0) {
        p = pow2_str(z, base, base_char, end);
    } else if (base == 10) {
        p = dec_str(z, end);
    } else {
        p = simple_str(z, base, base_char, end);
    }
    for (size_t i = plen; i-- > 0;) {
        *--p = prefix[i];
    }
    if (z->neg) {
        *--p = '-';
    }
    size_t n = (size_t)(end - p);
    memmove(buf, p, n + 1);
    return n;
}

/* ---- bytes -------------------------------------------------------------- */

void mpz_from_bytes(mpz_t *z, bool big_endian, bool is_signed, const byte *buf, size_t len) {
    size_t n = (len + 3) / 4 + 1;
    mpz_dig_t *d = dig_alloc(n);
    memset(d, 0, n * sizeof(mpz_dig_t));
    for (size_t i = 0; i < len; i++) {
        byte b = big_endian ? buf[len - 1 - i] : buf[i];
        d[i / 4] |= (mpz_dig_t)b << (8 * (i % 4));
    }
    bool neg = false;
    if (is_signed && len > 0 && (big_endian ? buf[0] : buf[len - 1]) & 0x80) {
        /* sign-extend to the full array, then take the two's complement */
        for (size_t i = len; i < n * 4; i++) {
            d[i / 4] |= (mpz_dig_t)0xff << (8 * (i % 4));
        }
        mpz_dbl_t carry = 1;
        for (size_t i = 0; i < n; i++) {
            carry += (mpz_dig_t)~d[i];
            d[i] = (mpz_dig_t)carry;
            carry >>= 32;
        }
        neg = true;
    }
    z_take(z, d, n, n, neg);
}

bool mpz_to_bytes(const mpz_t *z, bool big_endian, bool is_signed, byte *buf, size_t len) {
    bool fits;
    size_t bits = mpz_bit_length(z);
    if (!z->neg) {
        fits = bits <= 8 * len - (is_signed ? 1 : 0);
        if (len == 0) {
            fits = z->len == 0;
        }
    } else if (!is_signed) {
        fits = false;
    } else {
        /* -2^(8len-1) <= z */
        fits = len > 0 && (bits <= 8 * len - 1 || (bits == 8 * len && !mag_any_below(z, bits - 1)));
    }
    size_t n = (len + 3) / 4 + 1;
    if (n < z->len + 1) {
        n = z->len + 1;
    }
    mpz_dig_t *d = dig_alloc(n);
    to_twos(d, z, n);
    for (size_t i = 0; i < len; i++) {
        byte b = (byte)(d[i / 4] >> (8 * (i % 4)));
        if (big_endian) {
            buf[len - 1 - i] = b;
        } else {
            buf[i] = b;
        }
    }
    dig_free(d);
    return fits;
}

/* ---- hash --------------------------------------------------------------- */

mp_int_t mpz_hash(const mpz_t *z) {
    int64_t v;
    if (mpz_to_int64(z, &v) && MP_SMALL_INT_FITS_((mp_int_t)v) && (int64_t)(mp_int_t)v == v) {
        return (mp_int_t)v;
    }
    uint64_t h = 0;
    for (size_t i = z->len; i-- > 0;) {
        h = (h * 1000003u) ^ z->dig[i];
    }
    h ^= z->len;
    mp_int_t r = (mp_int_t)(h & (uint64_t)MP_SMALL_INT_MAX_);
    return z->neg ? -r : r;
}
