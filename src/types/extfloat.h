/*
 * x87 extended precision (64-bit mantissa, round to nearest even) for the
 * decimal <-> double conversions of floatfmt.c.
 *
 * MicroPython's float parsing and printing scale by powers of ten in the C
 * `long double` of the machine that made the reference outputs and .mpy
 * files: x86-64, where that is the x87 80-bit format. The results (which
 * double a literal becomes, which digits repr prints) depend on those
 * roundings, and the compiler must produce the same constants on every
 * host. Where `long double` is the x87 format the hardware does the work;
 * elsewhere (32-bit ARM: long double == double) extfloat.c emulates the few
 * operations needed, bit for bit. Define MICA_SOFT_XF to force the
 * emulation (tests compare the two on x86-64).
 *
 * Only non-negative finite values occur: the emulation keeps an unbounded
 * exponent instead of x87 overflow/underflow, which changes no final double
 * (anything beyond the x87 range is also beyond the double range).
 */
#ifndef MICA_TYPES_EXTFLOAT_H
#define MICA_TYPES_EXTFLOAT_H

#include <float.h>
#include <math.h>
#include <stdint.h>

#if LDBL_MANT_DIG == 64 && !defined(MICA_SOFT_XF)

typedef long double xf_t;

static inline xf_t xf_from_u64(uint64_t u) {
    return (xf_t)u;
}
static inline xf_t xf_from_double(double d) {
    return (xf_t)d;
}
static inline xf_t xf_mul(xf_t a, xf_t b) {
    return a * b;
}
static inline xf_t xf_div(xf_t a, xf_t b) {
    return a / b;
}
static inline double xf_to_double(xf_t a) {
    return (double)a;
}
/* floorl(a + 0.5L) as an integer, UINT64_MAX if that is >= 2**64 - 1 */
static inline uint64_t xf_round_half_up_u64(xf_t a) {
    long double r = floorl(a + 0.5L);
    if (r >= 18446744073709551615.0L) {
        return UINT64_MAX;
    }
    return (uint64_t)r;
}

#else

/* m * 2**e with m normalised (top bit set), or m == 0 for zero */
typedef struct {
    uint64_t m;
    int32_t e;
} xf_t;

xf_t xf_from_u64(uint64_t u);
xf_t xf_from_double(double d); /* d >= 0, finite */
xf_t xf_mul(xf_t a, xf_t b);
xf_t xf_div(xf_t a, xf_t b); /* b != 0 */
double xf_to_double(xf_t a);
uint64_t xf_round_half_up_u64(xf_t a);

#endif

#endif
