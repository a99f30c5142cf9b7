/*
 * Float <-> text, reproducing MicroPython's algorithms (floatfmt.h and
 * ../shared/spec/compiler-behaviour.md 7.5):
 *
 * - parsing accumulates up to ~19 decimal digits in a 64-bit mantissa and
 *   scales it by a power of ten in x87 long double, then rounds to double
 *   (extfloat.h: the hardware's on x86-64, emulated bit for bit elsewhere);
 * - repr tries 16, 17, 18, then 19 significant digits (each computed with
 *   the same long-double scaling, rounded half up) and keeps the first text
 *   that parses back to the same double;
 * - %e/%f/%g round half away from zero on those digits. Past 16 significant
 *   digits there is no more information, so the repr digits are used and
 *   padded with zeros ('{:.17g}'.format(0.1) == '0.1').
 */
#include <math.h>
#include <string.h>
#include <stdint.h>
#include "types/floatfmt.h"
#include "types/extfloat.h"
#include "core/gc.h"

#define MANTISSA_LIMIT (0x1999999999999998ull)
#define DIRECT_DIGITS_MAX (16)

/* m * 10^e by binary powering of 10.0L (the order of operations matters for
 * bit-exact results: lowest bit first, powers by repeated squaring) */
static xf_t scale10(xf_t m, int e) {
    xf_t p = xf_from_u64(10);
    unsigned ue = e < 0 ? (unsigned)-e : (unsigned)e;
    if (ue > 12000) {
        ue = 12000; /* beyond long double range anyway */
    }
    while (ue) {
        if (ue & 1) {
            m = e > 0 ? xf_mul(m, p) : xf_div(m, p);
        }
        ue >>= 1;
        if (ue) {
            p = xf_mul(p, p);
        }
    }
    return m;
}

/* ---- parsing -------------------------------------------------------------- */

static bool match_word(const char *s, const char *top, const char *word, const char **end) {
    size_t n = strlen(word);
    if ((size_t)(top - s) < n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if ((s[i] | 0x20) != word[i]) {
            return false;
        }
    }
    *end = s + n;
    return true;
}

int mp_parse_float(const char *str, size_t len, double *out, int *is_imag) {
    const char *s = str, *top = str + len;
    bool neg = false;
    if (is_imag != NULL) {
        *is_imag = 0;
    }
    if (s < top && (*s == '+' || *s == '-')) {
        neg = *s == '-';
        s++;
    }
    double value;
    const char *end;
    if (match_word(s, top, "infinity", &end) || match_word(s, top, "inf", &end)) {
        value = INFINITY;
        s = end;
    } else if (match_word(s, top, "nan", &end)) {
        value = NAN;
        s = end;
    } else {
        uint64_t mant = 0;
        int exp_adj = 0;      /* decimal exponent adjustment from the digits */
        size_t pending = 0;   /* zeros not yet multiplied into mant */
        bool in_frac = false, any_digit = false;
        size_t pending_int = 0; /* of `pending`, how many were integer-part zeros */
        for (; s < top; s++) {
            char c = *s;
            if (c == '_') {
                continue;
            }
            if (c == '.') {
                if (in_frac) {
                    break;
                }
                in_frac = true;
                continue;
            }
            if (c < '0' || c > '9') {
                break;
            }
            any_digit = true;
            if (mant >= MANTISSA_LIMIT) {
                /* no room: the digit only counts for the exponent */
                if (!in_frac) {
                    exp_adj++;
                }
                continue;
            }
            if (c == '0') {
                pending++;
                if (!in_frac) {
                    pending_int++;
                }
                continue;
            }
            /* a non-zero digit: first multiply in the deferred zeros */
            while (pending > 0) {
                bool zero_in_int = pending_int > 0;
                if (mant < MANTISSA_LIMIT) {
                    mant *= 10;
                    if (!zero_in_int) {
                        exp_adj--;
                    }
                } else if (zero_in_int) {
                    exp_adj++;
                }
                if (zero_in_int) {
                    pending_int--;
                }
                pending--;
            }
            if (mant < MANTISSA_LIMIT) {
                mant = mant * 10 + (uint64_t)(c - '0');
                if (in_frac) {
                    exp_adj--;
                }
            } else if (!in_frac) {
                exp_adj++;
            }
        }
        if (!any_digit) {
            return -1;
        }
        exp_adj += (int)pending_int;
        int exp_val = 0;
        if (s < top && (*s == 'e' || *s == 'E')) {
            s++;
            bool eneg = false;
            if (s < top && (*s == '+' || *s == '-')) {
                eneg = *s == '-';
                s++;
            }
            if (s >= top || *s < '0' || *s > '9') {
                return -1;
            }
            for (; s < top && ((*s >= '0' && *s <= '9') || *s == '_'); s++) {
                if (*s != '_' && exp_val < 100000) {
                    exp_val = exp_val * 10 + (*s - '0');
                }
            }
            if (eneg) {
                exp_val = -exp_val;
            }
        }
        int e = exp_val + exp_adj;
        if (mant == 0) {
            value = 0.0;
        } else if (e > 12000) {
            value = INFINITY;
        } else if (e < -12000) {
            value = 0.0;
        } else {
            value = xf_to_double(scale10(xf_from_u64(mant), e));
        }
    }
    if (s < top && (*s == 'j' || *s == 'J') && is_imag != NULL) {
        *is_imag = 1;
        s++;
    }
    if (s != top) {
        return -1;
    }
    *out = neg ? -value : value;
    return 0;
}

/* ---- digit generation ----------------------------------------------------- */

static const uint64_t pow10_u64[20] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
    100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
    10000000000000ull, 100000000000000ull, 1000000000000000ull, 10000000000000000ull,
    100000000000000000ull, 1000000000000000000ull, 10000000000000000000ull,
};

/* round_half_up(x * 10^(p-1-e)) for x > 0, p <= 19 */
static uint64_t scaled_mantissa(double x, int p, int e) {
    return xf_round_half_up_u64(scale10(xf_from_double(x), p - 1 - e));
}

static int estimate_exp10(double x) {
    return (int)floor(log10(x));
}

/* p decimal digits of m (with leading zeros) into d */
static void mantissa_digits(uint64_t m, int p, char *d) {
    for (int i = p - 1; i >= 0; i--) {
        d[i] = (char)('0' + m % 10);
        m /= 10;
    }
}

/* The repr digits of x > 0 (finite): *n digits in d (at most 19, trailing
 * zeros stripped, possibly with a leading zero as MicroPython produces for
 * some values) and the exponent of the first digit. `check` parses the text
 * back; returns the number of digits. */
static int format_repr_text(const char *d, int n, int e, char *out);

static int repr_digits(double x, char *d, int *exp10) {
    char text[48];
    int n = 0, e = 0;
    for (int p = 16; p <= 19; p++) {
        e = estimate_exp10(x);
        uint64_t m = scaled_mantissa(x, p, e);
        if (m >= pow10_u64[p]) {
            m /= 10;
            e++;
        }
        mantissa_digits(m, p, d);
        n = p;
        while (n > 1 && d[n - 1] == '0') {
            n--;
        }
        if (p == 19) {
            break;
        }
        int len = format_repr_text(d, n, e, text);
        double back;
        if (mp_parse_float(text, (size_t)len, &back, NULL) == 0 && back == x) {
            break;
        }
    }
    *exp10 = e;
    return n;
}

/* Digits for formatting: exactly nsig (>= 1) significant digits of x > 0,
 * rounded half up; d[0] is non-zero. Returns the decimal exponent of d[0]. */
static int sig_digits(double x, int nsig, char *d) {
    if (nsig <= DIRECT_DIGITS_MAX) {
        int e = estimate_exp10(x);
        uint64_t m = scaled_mantissa(x, nsig, e);
        if (m < pow10_u64[nsig - 1]) {
            /* log10 estimate one too high */
            e--;
            m = scaled_mantissa(x, nsig, e);
        }
        if (m >= pow10_u64[nsig]) {
            /* estimate one too low, or rounding carried into a new digit */
            e++;
            m = scaled_mantissa(x, nsig, e);
            if (m >= pow10_u64[nsig]) {
                m = pow10_u64[nsig - 1];
            }
        }
        mantissa_digits(m, nsig, d);
        return e;
    }
    /* beyond double precision: the repr digits, rounded or zero-padded */
    char rd[24];
    int e;
    int n = repr_digits(x, rd, &e);
    int skip = 0;
    while (skip < n - 1 && rd[skip] == '0') {
        skip++;
        e--;
    }
    n -= skip;
    memmove(rd, rd + skip, (size_t)n);
    if (n > nsig) {
        bool up = rd[nsig] >= '5';
        n = nsig;
        if (up) {
            int i = n - 1;
            while (i >= 0 && rd[i] == '9') {
                rd[i--] = '0';
            }
            if (i < 0) {
                memmove(rd + 1, rd, (size_t)n - 1);
                rd[0] = '1';
                e++;
            } else {
                rd[i]++;
            }
        }
    }
    for (int i = 0; i < nsig; i++) {
        d[i] = i < n ? rd[i] : '0';
    }
    return e;
}

/* ---- text assembly -------------------------------------------------------- */

static int put_exp(char *out, char echar, int e) {
    int n = 0;
    out[n++] = echar;
    out[n++] = e < 0 ? '-' : '+';
    unsigned ue = e < 0 ? (unsigned)-e : (unsigned)e;
    char t[8];
    int k = 0;
    do {
        t[k++] = (char)('0' + ue % 10);
        ue /= 10;
    } while (ue);
    if (k < 2) {
        t[k++] = '0';
    }
    while (k) {
        out[n++] = t[--k];
    }
    return n;
}

/* repr layout of n digits with exponent e (no sign) */
static int format_repr_text(const char *d, int n, int e, char *out) {
    int len = 0;
    if (e >= -4 && e < 16) {
        if (e >= 0) {
            int start = 0;
            /* a leading zero digit in positional form is dropped */
            while (start < n - 1 && start < e && d[start] == '0') {
                start++;
            }
            for (int i = start; i <= e; i++) {
                out[len++] = i < n ? d[i] : '0';
            }
            out[len++] = '.';
            if (e + 1 < n) {
                for (int i = e + 1; i < n; i++) {
                    out[len++] = d[i];
                }
            } else {
                out[len++] = '0';
            }
        } else {
            out[len++] = '0';
            out[len++] = '.';
            for (int i = 0; i < -e - 1; i++) {
                out[len++] = '0';
            }
            for (int i = 0; i < n; i++) {
                out[len++] = d[i];
            }
        }
    } else {
        out[len++] = d[0];
        if (n > 1) {
            out[len++] = '.';
            for (int i = 1; i < n; i++) {
                out[len++] = d[i];
            }
        }
        len += put_exp(out + len, 'e', e);
    }
    out[len] = '\0';
    return len;
}

static int copy_out(const char *text, int len, char *buf, size_t buf_size) {
    if (buf_size > 0) {
        size_t n = (size_t)len < buf_size - 1 ? (size_t)len : buf_size - 1;
        memcpy(buf, text, n);
        buf[n] = '\0';
    }
    return len;
}

int mp_float_repr(double f, char *buf, size_t buf_size) {
    char text[64];
    int len = 0;
    if (isnan(f)) {
        len = 3;
        memcpy(text, "nan", 4);
    } else if (isinf(f)) {
        len = 0;
        if (f < 0) {
            text[len++] = '-';
        }
        memcpy(text + len, "inf", 4);
        len += 3;
    } else if (f == 0.0) {
        len = signbit(f) ? 4 : 3;
        memcpy(text, signbit(f) ? "-0.0" : "0.0", (size_t)len + 1);
    } else {
        if (f < 0) {
            text[len++] = '-';
        }
        char d[24];
        int e;
        int n = repr_digits(fabs(f), d, &e);
        len += format_repr_text(d, n, e, text + len);
    }
    return copy_out(text, len, buf, buf_size);
}

int mp_float_const_text(double f, char *buf, size_t buf_size) {
    return mp_float_repr(f, buf, buf_size);
}

int mp_float_repr_no_point(double f, char *buf, size_t buf_size) {
    char text[64];
    int len = mp_float_repr(f, text, sizeof(text));
    if (len >= 2 && text[len - 2] == '.' && text[len - 1] == '0') {
        len -= 2;
        text[len] = '\0';
    }
    return copy_out(text, len, buf, buf_size);
}

int mp_complex_repr(double real, double imag, char *buf, size_t buf_size) {
    char text[140];
    int len = 0;
    if (real == 0.0 && !signbit(real)) {
        len = mp_float_repr_no_point(imag, text, 64);
        text[len++] = 'j';
    } else {
        text[len++] = '(';
        len += mp_float_repr_no_point(real, text + len, 64);
        if (!(imag < 0 || (imag == 0.0 && signbit(imag))) && !isnan(imag)) {
            text[len++] = '+';
        } else if (isnan(imag)) {
            text[len++] = '+';
        }
        len += mp_float_repr_no_point(imag, text + len, 64);
        text[len++] = 'j';
        text[len++] = ')';
    }
    text[len] = '\0';
    return copy_out(text, len, buf, buf_size);
}

/* ---- printf-style formatting ---------------------------------------------- */

/* fixed notation from digits d (n of them, first has exponent e) with prec
 * decimals; the digits must already be rounded at that position */
static int put_fixed(char *out, const char *d, int n, int e, int prec) {
    int len = 0;
    if (e < 0) {
        out[len++] = '0';
    } else {
        for (int i = 0; i <= e; i++) {
            out[len++] = i < n ? d[i] : '0';
        }
    }
    if (prec > 0) {
        out[len++] = '.';
        for (int k = 1; k <= prec; k++) {
            int i = e + k; /* index of the digit with weight 10^-k */
            out[len++] = (i >= 0 && i < n) ? d[i] : '0';
        }
    }
    return len;
}

static int strip_trailing_zeros(char *out, int len) {
    bool has_point = false;
    for (int i = 0; i < len; i++) {
        if (out[i] == '.') {
            has_point = true;
        }
    }
    if (!has_point) {
        return len;
    }
    while (len > 0 && out[len - 1] == '0') {
        len--;
    }
    if (len > 0 && out[len - 1] == '.') {
        len--;
    }
    return len;
}

/* format |f| (finite, > 0 or zero) without sign into out */
static int format_abs(double x, char *out, char fmt, int prec) {
    char lower = (char)(fmt | 0x20);
    char echar = (fmt == 'E' || fmt == 'G') ? 'E' : 'e';
    if (lower == 'e') {
        if (x == 0.0) {
            int len = 0;
            out[len++] = '0';
            if (prec > 0) {
                out[len++] = '.';
                for (int i = 0; i < prec; i++) {
                    out[len++] = '0';
                }
            }
            return len + put_exp(out + len, echar, 0);
        }
        char *d = m_new(char, (size_t)prec + 2);
        int e = sig_digits(x, prec + 1, d);
        int len = 0;
        out[len++] = d[0];
        if (prec > 0) {
            out[len++] = '.';
            memcpy(out + len, d + 1, (size_t)prec);
            len += prec;
        }
        m_free(d);
        return len + put_exp(out + len, echar, e);
    }
    if (lower == 'f') {
        if (x == 0.0) {
            return put_fixed(out, "0", 1, 0, prec);
        }
        int e = estimate_exp10(x);
        int nsig = e + 1 + prec;
        if (nsig <= DIRECT_DIGITS_MAX) {
            /* integer m = x * 10^prec rounded half up; at most 16 digits */
            uint64_t m = xf_round_half_up_u64(scale10(xf_from_double(x), prec));
            char d[24];
            int nd = 1;
            while (nd < 20 && m >= pow10_u64[nd]) {
                nd++;
            }
            mantissa_digits(m, nd, d);
            return put_fixed(out, d, nd, nd - 1 - prec, prec);
        }
        /* long output: digits beyond the double's precision are zeros */
        char *d = m_new(char, (size_t)nsig + 24);
        int e2 = sig_digits(x, nsig, d);
        if (e2 != e) {
            /* carried into a new leading digit: one more digit is fine */
            nsig = e2 + 1 + prec;
            m_free(d);
            d = m_new(char, (size_t)nsig + 24);
            e2 = sig_digits(x, nsig, d);
        }
        int len = put_fixed(out, d, nsig, e2, prec);
        m_free(d);
        return len;
    }
    /* g */
    int P = prec == 0 ? 1 : prec;
    if (x == 0.0) {
        out[0] = '0';
        return 1;
    }
    char *d = m_new(char, (size_t)P + 2);
    int e = sig_digits(x, P, d);
    int len;
    if (e < -4 || e >= P) {
        len = 0;
        out[len++] = d[0];
        if (P > 1) {
            out[len++] = '.';
            memcpy(out + len, d + 1, (size_t)P - 1);
            len += P - 1;
        }
        len = strip_trailing_zeros(out, len);
        len += put_exp(out + len, echar, e);
    } else {
        len = put_fixed(out, d, P, e, P - 1 - e);
        len = strip_trailing_zeros(out, len);
    }
    m_free(d);
    return len;
}

int mp_format_float(double f, char *buf, size_t buf_size, char fmt, int prec, char sign) {
    if (prec < 0) {
        prec = 6;
    }
    bool upper = fmt == 'E' || fmt == 'F' || fmt == 'G';
    char small[96];
    int len = 0;
    if (isnan(f) || isinf(f)) {
        if (isinf(f) && f < 0) {
            small[len++] = '-';
        } else if (sign) {
            small[len++] = sign;
        }
        memcpy(small + len, isnan(f) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"), 3);
        len += 3;
        return copy_out(small, len, buf, buf_size);
    }
    /* room: sign, up to 309 integer digits, point, prec digits, exponent */
    size_t need = (size_t)prec + 340;
    char *out = need <= sizeof(small) ? small : m_new(char, need);
    if (signbit(f)) {
        out[len++] = '-';
    } else if (sign) {
        out[len++] = sign;
    }
    len += format_abs(fabs(f), out + len, fmt, prec);
    int r = copy_out(out, len, buf, buf_size);
    if (out != small) {
        m_free(out);
    }
    return r;
}
