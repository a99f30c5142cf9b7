/*
 * Number parsing (parsenum.h): integers in any base with Python's prefix and
 * underscore rules, and float/complex text. Used by the lexer, int(),
 * float(), complex() and the .mpy loader.
 */
#include <string.h>
#include <stdio.h>
#include "core/runtime.h"
#include "core/parsenum.h"
#include "types/floatfmt.h"
#include "types/mpz.h"

static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

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

static _Noreturn void raise_int_syntax(const char *str, size_t len, int base) {
    /* the message quotes the text as given, like MicroPython */
    size_t n = len > 200 ? 200 : len;
    char *msg = m_new(char, n + 64);
    snprintf(msg, n + 64, "invalid syntax for integer with base %d: '%.*s'", base, (int)n, str);
    mp_raise_ValueError(msg);
}

mp_obj_t mp_parse_num_integer(const char *str, size_t len, int base) {
    const char *s = str, *top = str + len;
    int shown_base = base == 0 ? 10 : base;
    while (s < top && is_space(*s)) {
        s++;
    }
    while (top > s && is_space(top[-1])) {
        top--;
    }
    bool neg = false;
    if (s < top && (*s == '+' || *s == '-')) {
        neg = *s == '-';
        s++;
    }
    /* base prefix: required to match the base when one is given */
    bool had_prefix = false;
    if (top - s >= 2 && s[0] == '0') {
        char p = (char)(s[1] | 0x20);
        int pb = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
        if (pb != 0 && (base == 0 || base == pb)) {
            base = pb;
            s += 2;
            had_prefix = true;
        }
    }
    bool auto_base = base == 0;
    if (base == 0) {
        base = 10;
    }
    /* collect digits, allowing single underscores between digits (and right
     * after a prefix) */
    char small_buf[64];
    size_t cap = (size_t)(top - s);
    char *digits = cap <= sizeof(small_buf) ? small_buf : m_new(char, cap);
    size_t n = 0;
    bool last_underscore = had_prefix; /* "0x_ff" is valid */
    bool prev_is_digit = false;
    const char *p = s;
    for (; p < top; p++) {
        char c = *p;
        if (c == '_') {
            if (!prev_is_digit && !(last_underscore && had_prefix && n == 0)) {
                break;
            }
            prev_is_digit = false;
            last_underscore = false;
            continue;
        }
        int v = digit_value(c);
        if (v >= base) {
            break;
        }
        digits[n++] = c;
        prev_is_digit = true;
        last_underscore = false;
    }
    if (p != top || n == 0 || !prev_is_digit) {
        raise_int_syntax(str, len, shown_base);
    }
    if (auto_base && !had_prefix && n > 1 && digits[0] == '0') {
        /* literals like 012 are invalid; 000 is fine */
        for (size_t i = 0; i < n; i++) {
            if (digits[i] != '0') {
                raise_int_syntax(str, len, shown_base);
            }
        }
    }
    /* fast path: fits a word */
    if (n <= 18 && base <= 10) {
        int64_t v = 0;
        for (size_t i = 0; i < n; i++) {
            v = v * base + digit_value(digits[i]);
        }
        return mp_obj_new_int_from_ll(neg ? -v : v);
    }
    mpz_t z;
    mpz_init(&z);
    mpz_from_str(&z, digits, n, (unsigned)base);
    if (digits != small_buf) {
        m_free(digits);
    }
    if (neg && z.len) {
        z.neg = true;
    }
    /* normalise through the int constructors */
    int64_t v;
    if (mpz_to_int64(&z, &v)) {
        return mp_obj_new_int_from_ll(v);
    }
    mp_obj_int_t *o = m_new_obj(mp_obj_int_t);
    o->base.type = &mp_type_int;
    o->mpz = z;
    return MP_OBJ_FROM_PTR(o);
}

static _Noreturn void raise_number_syntax(void) {
    mp_raise_ValueError("invalid syntax for number");
}

static double parse_real(const char *s, size_t len, int *is_imag) {
    double v;
    if (len == 0 || mp_parse_float(s, len, &v, is_imag) != 0) {
        raise_number_syntax();
    }
    return v;
}

/* One part of complex() text: like parse_real, but a bare (signed) 'j'
 * means an imaginary unit, as in complex('j') and complex('1-j'). */
static double parse_complex_part(const char *s, size_t len, int *is_imag) {
    size_t sign = len > 0 && (*s == '+' || *s == '-') ? 1 : 0;
    if (len == sign + 1 && (s[sign] | 0x20) == 'j') {
        *is_imag = 1;
        return sign && *s == '-' ? -1.0 : 1.0;
    }
    return parse_real(s, len, is_imag);
}

static void strip_spaces(const char **s, const char **top) {
    while (*s < *top && is_space(**s)) {
        (*s)++;
    }
    while (*top > *s && is_space((*top)[-1])) {
        (*top)--;
    }
}

mp_obj_t mp_parse_num_decimal(const char *str, size_t len, bool allow_imag, bool force_complex) {
    const char *s = str, *top = str + len;
    strip_spaces(&s, &top);
    if (force_complex) {
        /* complex('(1+2j)'), complex('1-2.5e3j'), complex('3') */
        if (top - s >= 2 && *s == '(' && top[-1] == ')') {
            /* CPython's form; spaces may also sit inside the parentheses */
            s++;
            top--;
            strip_spaces(&s, &top);
        }
        const char *split = NULL;
        for (const char *p = s + 1; p < top; p++) {
            if ((*p == '+' || *p == '-') && (p[-1] | 0x20) != 'e') {
                split = p;
            }
        }
        int imag1 = 0, imag2 = 0;
        if (split != NULL) {
            double re = parse_real(s, (size_t)(split - s), &imag1);
            double im = parse_complex_part(split, (size_t)(top - split), &imag2);
            if (imag1 || !imag2) {
                raise_number_syntax();
            }
            return mp_obj_new_complex(re, im);
        }
        double v = parse_complex_part(s, (size_t)(top - s), &imag1);
        return imag1 ? mp_obj_new_complex(0.0, v) : mp_obj_new_complex(v, 0.0);
    }
    int is_imag = 0;
    double v = parse_real(s, (size_t)(top - s), allow_imag ? &is_imag : NULL);
    if (is_imag) {
        return mp_obj_new_complex(0.0, v);
    }
    return mp_obj_new_float(v);
}
