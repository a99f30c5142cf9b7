/* Unit tests for the software x87 extended precision (src/types/extfloat.c,
 * compiled here with MICA_SOFT_XF so that the emulation is tested on every
 * host). On x86-64 every operation is compared with the x87 itself on
 * random and edge-case inputs; everywhere, fixed results recorded from the
 * x87 are checked. */
#define MICA_SOFT_XF (1)
#include "types/extfloat.c"

#include <stdlib.h>

#include "stubs.h"
#include "unit.h"

static xf_t xf(uint64_t m, int32_t e) {
    xf_t r = {m, e};
    return r;
}

TEST(extfloat_fixed_results) {
    /* 10**27 by squaring as scale10 does it: 10, 100, 10**4, 10**8, 10**16 */
    xf_t p = xf_from_u64(10), acc = xf_from_u64(1);
    unsigned ue = 27;
    while (ue) {
        if (ue & 1) {
            acc = xf_mul(acc, p);
        }
        ue >>= 1;
        if (ue) {
            p = xf_mul(p, p);
        }
    }
    CHECK(acc.m == 0xcecb8f27f4200f3aull && acc.e == 26); /* x87: 10**27 rounded */
    xf_t third = xf_div(xf_from_u64(1), xf_from_u64(3));
    CHECK(third.m == 0xaaaaaaaaaaaaaaabull && third.e == -65);
    CHECK(xf_to_double(xf_from_u64(3)) == 3.0);
    CHECK(xf_to_double(xf(TOP_BIT | 0x400, 0)) == 9223372036854775808.0); /* tie to even */
    CHECK(xf_to_double(xf(TOP_BIT | 0xc00, 0)) == 9223372036854779904.0);
    CHECK(xf_to_double(xf(TOP_BIT, -1138)) == 0.0);                       /* 2**-1074 / 2: tie to 0 */
    CHECK(xf_to_double(xf(TOP_BIT | 1, -1138)) == ldexp(1.0, -1074));
    CHECK(xf_round_half_up_u64(xf(~(uint64_t)0, -65)) == 1); /* 0.5 - 2**-65 + 0.5 rounds to 1 */
    CHECK(xf_round_half_up_u64(xf(TOP_BIT | 1, 0)) == (TOP_BIT | 2));
    CHECK(xf_round_half_up_u64(xf(TOP_BIT | 3, -1)) == (0x4000000000000002ull));
    CHECK(xf_round_half_up_u64(xf(~(uint64_t)0, 0)) == UINT64_MAX);
}

#if LDBL_MANT_DIG == 64
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd64(void) { /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

/* mantissas that hit rounding ties and carries often */
static uint64_t rnd_mant(void) {
    uint64_t m = rnd64() | TOP_BIT;
    switch (rnd64() % 8) {
        case 0: return TOP_BIT | (rnd64() & 0xff);
        case 1: return ~(uint64_t)0 ^ (rnd64() & 0xff);
        case 2: return m & ~(uint64_t)0x7ff;
        case 3: return (m & ~(uint64_t)0x7ff) | 0x400;
        /* 33 or 34 significant bits: products of two have 1-4 bits past
         * the 64 kept, so exact ties are frequent */
        case 4: return m & ~(((uint64_t)1 << 31) - 1);
        case 5: return m & ~(((uint64_t)1 << 30) - 1);
        default: return m;
    }
}

static long double to_ld(xf_t a) {
    return a.m == 0 ? 0.0L : ldexpl((long double)a.m, a.e);
}

static bool same(xf_t a, long double want) {
    return to_ld(a) == want;
}

TEST(extfloat_matches_x87_mul_div) {
    int bad = 0;
    for (int i = 0; i < 200000 && bad < 5; i++) {
        xf_t a = xf(rnd_mant(), (int32_t)(rnd64() % 400) - 200);
        xf_t b = xf(rnd_mant(), (int32_t)(rnd64() % 400) - 200);
        if (!same(xf_mul(a, b), to_ld(a) * to_ld(b)) || !same(xf_div(a, b), to_ld(a) / to_ld(b))) {
            printf("  a=%016llx*2^%d b=%016llx*2^%d\n", (unsigned long long)a.m, (int)a.e,
                (unsigned long long)b.m, (int)b.e);
            bad++;
        }
    }
    CHECK(bad == 0);
}

TEST(extfloat_matches_x87_conversions) {
    int bad = 0;
    for (int i = 0; i < 200000 && bad < 5; i++) {
        /* exponents around the double's normal, subnormal and overflow edges */
        static const int32_t centres[] = {-1137, -1126, -1086, -1075, -64, 0, 960};
        int32_t e = centres[rnd64() % 7] + (int32_t)(rnd64() % 40) - 20;
        xf_t a = xf(rnd_mant(), e);
        if (xf_to_double(a) != (double)to_ld(a)) {
            printf("  to_double %016llx*2^%d\n", (unsigned long long)a.m, (int)a.e);
            bad++;
        }
        xf_t h = xf(rnd_mant(), (int32_t)(rnd64() % 140) - 137);
        long double r = floorl(to_ld(h) + 0.5L);
        uint64_t want = r >= 18446744073709551615.0L ? UINT64_MAX : (uint64_t)r;
        if (xf_round_half_up_u64(h) != want) {
            printf("  round_half_up %016llx*2^%d\n", (unsigned long long)h.m, (int)h.e);
            bad++;
        }
        double d = ldexp((double)(rnd64() >> 11), (int)(rnd64() % 2000) - 1100);
        if (d > 0 && !same(xf_from_double(d), (long double)d)) {
            bad++;
        }
        uint64_t u = rnd64() >> (rnd64() % 64);
        if (!same(xf_from_u64(u), (long double)u)) {
            bad++;
        }
    }
    CHECK(bad == 0);
}
#endif

int main(void) {
    RUN(extfloat_fixed_results);
#if LDBL_MANT_DIG == 64
    RUN(extfloat_matches_x87_mul_div);
    RUN(extfloat_matches_x87_conversions);
#endif
    return UNIT_EXIT();
}
