/*
 * Software x87 extended precision (extfloat.h) for hosts whose long double
 * is not the x87 format: multiply and divide rounded to a 64-bit mantissa
 * (nearest, ties to even, as the x87 does by default), and the two
 * conversions floatfmt.c needs. Values are non-negative and finite.
 */
#include <stdbool.h>

#include "types/extfloat.h"

#if !(LDBL_MANT_DIG == 64 && !defined(MICA_SOFT_XF))

#define TOP_BIT ((uint64_t)1 << 63)

static const xf_t xf_zero = {0, 0};

static int clz64(uint64_t u) {
    return __builtin_clzll(u);
}

xf_t xf_from_u64(uint64_t u) {
    if (u == 0) {
        return xf_zero;
    }
    int s = clz64(u);
    xf_t r = {u << s, -s};
    return r;
}

xf_t xf_from_double(double d) {
    if (!(d > 0)) {
        return xf_zero;
    }
    int ex;
    double f = frexp(d, &ex); /* [0.5, 1): times 2**64 is an exact integer */
    xf_t r = {(uint64_t)ldexp(f, 64), ex - 64};
    return r;
}

/* m (top bit set) plus one unit if `up`, renormalised on carry */
static xf_t rounded(uint64_t m, int32_t e, bool up) {
    if (up && ++m == 0) {
        m = TOP_BIT;
        e++;
    }
    xf_t r = {m, e};
    return r;
}

/* the 128-bit product a * b */
static void mul_64x64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo) {
    uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
    *lo = (mid << 32) | (uint32_t)p00;
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

xf_t xf_mul(xf_t a, xf_t b) {
    if (a.m == 0 || b.m == 0) {
        return xf_zero;
    }
    uint64_t hi, lo;
    mul_64x64(a.m, b.m, &hi, &lo);
    int32_t e = a.e + b.e + 64;
    if (!(hi & TOP_BIT)) {
        hi = (hi << 1) | (lo >> 63);
        lo <<= 1;
        e--;
    }
    return rounded(hi, e, lo > TOP_BIT || (lo == TOP_BIT && (hi & 1)));
}

xf_t xf_div(xf_t a, xf_t b) {
    if (a.m == 0) {
        return xf_zero;
    }
    /* numerator a.m * 2**63 or * 2**64, so that the quotient has exactly
     * 64 bits; its high word stays below the divisor */
    uint64_t r, lo;
    int32_t e;
    if (a.m >= b.m) {
        r = a.m >> 1;
        lo = a.m << 63;
        e = a.e - b.e - 63;
    } else {
        r = a.m;
        lo = 0;
        e = a.e - b.e - 64;
    }
    uint64_t q = 0;
    for (int i = 0; i < 64; i++) {
        uint64_t carry = r >> 63;
        r = (r << 1) | (lo >> 63);
        lo <<= 1;
        q <<= 1;
        if (carry || r >= b.m) {
            r -= b.m;
            q |= 1;
        }
    }
    /* remainder against half the divisor decides the rounding */
    return rounded(q, e, r > b.m - r || (r == b.m - r && (q & 1)));
}

double xf_to_double(xf_t a) {
    if (a.m == 0) {
        return 0.0;
    }
    int32_t top = a.e + 63; /* a is in [2**top, 2**(top + 1)) */
    if (top > 1023) {
        return HUGE_VAL;
    }
    /* mantissa bits the double keeps: 53, fewer for subnormals (whose
     * last bit is worth 2**-1074) */
    int32_t k = top >= -1022 ? 53 : top + 1075;
    if (k <= 0) {
        /* below 2**-1074: only more than half of it rounds up to it */
        return k == 0 && a.m > TOP_BIT ? ldexp(1.0, -1074) : 0.0;
    }
    int sh = 64 - (int)k;
    uint64_t q = a.m >> sh;
    uint64_t rem = a.m & (((uint64_t)1 << sh) - 1), half = (uint64_t)1 << (sh - 1);
    if (rem > half || (rem == half && (q & 1))) {
        q++; /* may reach 2**k: still exact, ldexp renormalises */
    }
    return ldexp((double)q, (int)(top - k + 1));
}

/* floor(round64(a + 0.5)): the x87 sum is rounded to 64 significant bits
 * before the floor, which can carry a value just below n + 0.5 up to n + 1 */
uint64_t xf_round_half_up_u64(xf_t a) {
    if (a.m == 0) {
        return 0;
    }
    if (a.e >= 1) {
        return UINT64_MAX; /* >= 2**64 */
    }
    if (a.e == 0) {
        /* an integer in [2**63, 2**64): + 0.5 is a tie, to even */
        uint64_t r = a.m + (a.m & 1);
        return r == 0 || r == UINT64_MAX ? UINT64_MAX : r;
    }
    /* a = ti + tf / 2**64 (+ guard/sticky bits below 2**-64) */
    uint32_t s = (uint32_t)-a.e;
    uint64_t ti, tf;
    bool guard = false, sticky = false;
    if (s < 64) {
        ti = a.m >> s;
        tf = a.m << (64 - s);
    } else if (s == 64) {
        ti = 0;
        tf = a.m;
    } else {
        uint32_t sh = s - 64;
        ti = 0;
        if (sh < 64) {
            tf = a.m >> sh;
            guard = (a.m >> (sh - 1)) & 1;
            sticky = (a.m & (((uint64_t)1 << (sh - 1)) - 1)) != 0;
        } else if (sh == 64) {
            tf = 0;
            guard = true; /* the top bit of a.m */
            sticky = (a.m << 1) != 0;
        } else {
            tf = 0;
            sticky = true;
        }
    }
    uint64_t old = tf;
    tf += TOP_BIT; /* + 0.5 */
    if (tf < old) {
        ti++;
    }
    if (ti == 0) {
        /* in [0.5, 1): all 64 fraction bits are kept */
        bool up = guard && (sticky || (tf & 1));
        return up && tf == UINT64_MAX ? 1 : 0;
    }
    int l = 64 - clz64(ti); /* integer bits; 64 - l fraction bits kept */
    uint64_t result;
    if (l == 64) {
        bool up = tf > TOP_BIT || (tf == TOP_BIT && (ti & 1));
        result = ti + up;
    } else {
        uint64_t half = (uint64_t)1 << (l - 1);
        uint64_t rem = tf & (((uint64_t)1 << l) - 1);
        uint64_t kept = tf >> l;
        bool up = rem > half || (rem == half && (kept & 1));
        result = up && kept == (((uint64_t)1 << (64 - l)) - 1) ? ti + 1 : ti;
    }
    return result;
}

#else

/* the x87 does it: nothing to emulate (keeps this unit non-empty) */
typedef int mica_extfloat_native_t;

#endif
