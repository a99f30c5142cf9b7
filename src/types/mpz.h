/*
 * Arbitrary-precision integers (the value of a big `int`).
 *
 * Sign-magnitude with 32-bit digits, least significant digit first. A value
 * is normalised when its top digit is non-zero; zero has len 0 and is never
 * negative. Digit arrays live in the GC heap (m_malloc), so an mpz_t kept in
 * a heap object or on the C stack keeps its digits alive.
 *
 * Every operation writes into a destination that may alias its inputs.
 * Division and shifts round toward minus infinity (Python semantics); the
 * bitwise operations act on the infinite two's-complement representation.
 */
#ifndef MICA_TYPES_MPZ_H
#define MICA_TYPES_MPZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/obj.h"

typedef uint32_t mpz_dig_t;
typedef uint64_t mpz_dbl_t;
#define MPZ_DIG_BITS (32)

typedef struct _mpz_t {
    bool neg;
    size_t len;   /* digits in use */
    size_t alloc; /* digits allocated */
    mpz_dig_t *dig;
} mpz_t;

/* The heap object of a big int (type mp_type_int). */
typedef struct _mp_obj_int_t {
    mp_obj_base_t base;
    mpz_t mpz;
} mp_obj_int_t;

void mpz_init(mpz_t *z);                 /* z = 0, no allocation */
void mpz_free(mpz_t *z);                 /* release digits (optional: GC) */
void mpz_set(mpz_t *z, const mpz_t *a);
void mpz_set_int(mpz_t *z, int64_t v);
void mpz_set_uint(mpz_t *z, uint64_t v);
/* z = trunc(d); false (z unchanged) if d is inf or nan */
bool mpz_set_double(mpz_t *z, double d);
/* nearest double (ties to even); +-inf when too large */
double mpz_to_double(const mpz_t *z);
/* true if the value fits in int64 (then *out is set) */
bool mpz_to_int64(const mpz_t *z, int64_t *out);
/* low 64 bits of the two's-complement value */
uint64_t mpz_to_uint64_trunc(const mpz_t *z);
size_t mpz_bit_length(const mpz_t *z); /* of |z| */
static inline bool mpz_is_zero(const mpz_t *z) {
    return z->len == 0;
}

int mpz_cmp(const mpz_t *a, const mpz_t *b); /* -1, 0, 1 */
int mpz_cmp_mag(const mpz_t *a, const mpz_t *b);

void mpz_neg(mpz_t *z, const mpz_t *a);
void mpz_abs(mpz_t *z, const mpz_t *a);
void mpz_add(mpz_t *z, const mpz_t *a, const mpz_t *b);
void mpz_sub(mpz_t *z, const mpz_t *a, const mpz_t *b);
void mpz_mul(mpz_t *z, const mpz_t *a, const mpz_t *b);
/* floor division: q = floor(a / b), r = a - q*b (sign of b). Either of q, r
 * may be NULL. b must not be zero. */
void mpz_divmod(mpz_t *q, mpz_t *r, const mpz_t *a, const mpz_t *b);
/* truncating division of |a| by a small divisor; returns the remainder */
mpz_dig_t mpz_divmod_small(mpz_t *q, const mpz_t *a, mpz_dig_t d);
void mpz_pow(mpz_t *z, const mpz_t *base, uint64_t exp);
/* z = base**exp mod m (exp >= 0, m != 0), result with the sign of m */
void mpz_powmod(mpz_t *z, const mpz_t *base, const mpz_t *exp, const mpz_t *m);
void mpz_shl(mpz_t *z, const mpz_t *a, size_t n);
void mpz_shr(mpz_t *z, const mpz_t *a, size_t n); /* floor(a / 2**n) */
void mpz_and(mpz_t *z, const mpz_t *a, const mpz_t *b);
void mpz_or(mpz_t *z, const mpz_t *a, const mpz_t *b);
void mpz_xor(mpz_t *z, const mpz_t *a, const mpz_t *b);
void mpz_not(mpz_t *z, const mpz_t *a); /* -a - 1 */

/* Text. from_str accepts only digits valid in `base` (2..36, either case),
 * no sign, no underscores; returns false on any other character. */
bool mpz_from_str(mpz_t *z, const char *str, size_t len, unsigned base);
/* Upper bound of the length of the text of z in base (sign included). */
size_t mpz_str_size(const mpz_t *z, unsigned base);
/* Writes the text (sign, prefix after the sign, digits; letters from
 * base_char) into buf, which must hold mpz_str_size + strlen(prefix) + 1
 * bytes. Returns the length; buf is NUL-terminated. */
size_t mpz_to_str(const mpz_t *z, unsigned base, const char *prefix, char base_char, char *buf);

/* Bytes: magnitude from unsigned big/little-endian bytes, then two's
 * complement when is_signed and the top bit is set. */
void mpz_from_bytes(mpz_t *z, bool big_endian, bool is_signed, const byte *buf, size_t len);
/* Writes len bytes of the two's-complement value; false if it does not fit
 * (the bytes written are then truncated). */
bool mpz_to_bytes(const mpz_t *z, bool big_endian, bool is_signed, byte *buf, size_t len);

/* A hash consistent with equality against small ints and integral floats. */
mp_int_t mpz_hash(const mpz_t *z);

#endif
