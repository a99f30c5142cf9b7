/*
 * String formatting: the % operator (str and bytes), str.format with the
 * format-spec mini-language (f-strings are compiled into str.format calls),
 * and format(value, spec). Floats are rendered by mp_format_float; integers
 * of any size are rendered here through the generic int operations.
 * MicroPython behaviours kept on purpose (checked on the 1.27 WebAssembly
 * port): a float with a spec but no type letter is formatted as 'g'; an
 * object other than a number or str given a non-empty spec raises
 * TypeError (bytes format their text); bytes % accepts any object for %s;
 * brace and % errors use MicroPython's wording. CPython behaviours kept
 * beyond MicroPython: {0.attr} and {0[key]} fields, the !a conversion,
 * instances of Python classes with __format__ format themselves, and
 * instances of int/float/str subclasses format their value.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "types/containers.h"
#include "types/floatfmt.h"
#include "types/unicode.h"

typedef struct _fmt_spec_t {
    byte fill[4];   /* UTF-8 of the fill character */
    size_t fill_len;
    char align;     /* '<', '>', '^', '=' or 0 (type's default) */
    char sign;      /* '+', '-', ' ' or 0 */
    bool alt;       /* '#' */
    bool zero;      /* '0' before the width */
    char grouping;  /* ',', '_' or 0 */
    mp_int_t width; /* -1 = none */
    mp_int_t prec;  /* -1 = none */
    char type;      /* conversion letter or 0 */
    bool percent;   /* %-formatting: precision on ints means minimum digits */
} fmt_spec_t;

static void spec_init(fmt_spec_t *sp) {
    memset(sp, 0, sizeof(*sp));
    sp->fill[0] = ' ';
    sp->fill_len = 1;
    sp->width = -1;
    sp->prec = -1;
}

/* ---- output with padding --------------------------------------------- */

static void add_fill(vstr_t *out, const fmt_spec_t *sp, size_t n) {
    for (size_t i = 0; i < n; i++) {
        vstr_add_strn(out, (const char *)sp->fill, sp->fill_len);
    }
}

static void emit_padded(vstr_t *out, const fmt_spec_t *sp, const char *prefix, size_t plen,
    const char *body, size_t blen, size_t body_chars, char default_align) {
    char align = sp->align ? sp->align : default_align;
    size_t total = plen + body_chars;
    size_t pad = sp->width > 0 && (size_t)sp->width > total ? (size_t)sp->width - total : 0;
    size_t left = 0;
    switch (align) {
        case '<':
            left = 0;
            break;
        case '^':
            left = pad / 2;
            break;
        case '=':
            vstr_add_strn(out, prefix, plen);
            add_fill(out, sp, pad);
            vstr_add_strn(out, body, blen);
            return;
        default:
            left = pad;
            break;
    }
    add_fill(out, sp, left);
    vstr_add_strn(out, prefix, plen);
    vstr_add_strn(out, body, blen);
    add_fill(out, sp, pad - left);
}

/* ---- integers --------------------------------------------------------- */

static void add_digits_uint(vstr_t *out, mp_uint_t v, int base, bool upper, int min_digits) {
    const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[8 * sizeof(mp_uint_t) + 1];
    int n = 0;
    do {
        buf[n++] = dig[v % base];
        v /= base;
    } while (v != 0);
    while (n < min_digits) {
        buf[n++] = '0';
    }
    while (n > 0) {
        vstr_add_byte(out, buf[--n]);
    }
}

/* Appends |x| in the given base; returns true if x is negative. Works for
 * small and big ints through the int type's own operators. */
static bool add_int_digits(vstr_t *out, mp_obj_t x, int base, bool upper) {
    if (mp_obj_is_small_int(x)) {
        mp_int_t v = MP_OBJ_SMALL_INT_VALUE(x);
        mp_uint_t mag = v < 0 ? -(mp_uint_t)v : (mp_uint_t)v;
        add_digits_uint(out, mag, base, upper, 1);
        return v < 0;
    }
    bool neg = mp_obj_int_sign(x) < 0;
    mp_obj_t a = neg ? mp_unary_op(MP_UNARY_OP_NEGATIVE, x) : x;
    if (base == 10) {
        vstr_t tmp;
        mp_print_t print;
        vstr_init_print(&tmp, 32, &print);
        mp_obj_print_helper(&print, a, PRINT_STR);
        vstr_add_strn(out, tmp.buf, tmp.len);
        vstr_clear(&tmp);
        return neg;
    }
    /* peel off chunks of at most 60 bits (28 with 32-bit words: a chunk must
     * stay a machine int), a whole number of digits for bases 2, 8, 16 */
    int bits_per_digit = base == 16 ? 4 : base == 8 ? 3 : 1;
    int digits_per_chunk = (MP_WORD_BITS - 4) / bits_per_digit;
    int chunk_bits = digits_per_chunk * bits_per_digit;
    mp_obj_t mask = mp_obj_new_int(((mp_int_t)1 << chunk_bits) - 1);
    mp_obj_t shift = MP_OBJ_NEW_SMALL_INT(chunk_bits);
    mp_obj_t chunks = mp_obj_new_list(0, NULL);
    while (mp_obj_is_true(a)) {
        mp_obj_list_append(chunks, mp_binary_op(MP_BINARY_OP_AND, a, mask));
        a = mp_binary_op(MP_BINARY_OP_RSHIFT, a, shift);
    }
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(chunks, &n, &items);
    if (n == 0) {
        vstr_add_byte(out, '0');
    }
    for (size_t i = n; i-- > 0;) {
        add_digits_uint(out, (mp_uint_t)mp_obj_get_int(items[i]), base, upper,
            i == n - 1 ? 1 : digits_per_chunk);
    }
    return neg;
}

/* Zero padding with grouping pads with grouped zeros ('{:012,}' gives
 * 0,000,000,042): prepend zeros until the grouped digits fill `width`,
 * never starting with a separator. Only when the fill is '0' and the
 * alignment '=', as CPython does. */
static void zero_pad_grouped(vstr_t *digits, const fmt_spec_t *sp, size_t other, int group) {
    if (!sp->grouping || sp->align != '=' || sp->fill_len != 1 || sp->fill[0] != '0' ||
        sp->width <= 0 || (size_t)sp->width <= other) {
        return;
    }
    size_t want = (size_t)sp->width - other;
    size_t k = digits->len;
    while (k + (k - 1) / group < want) {
        k++;
    }
    if (k == digits->len) {
        return;
    }
    vstr_t z;
    vstr_init(&z, k + 1);
    for (size_t i = digits->len; i < k; i++) {
        vstr_add_byte(&z, '0');
    }
    vstr_add_strn(&z, digits->buf, digits->len);
    vstr_clear(digits);
    *digits = z;
}

/* insert a separator every `group` digits, counting from the right */
static void group_digits(vstr_t *digits, char sep, int group) {
    size_t n = digits->len;
    if (n <= (size_t)group) {
        return;
    }
    size_t nsep = (n - 1) / group;
    vstr_t g;
    vstr_init(&g, n + nsep);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % group == 0) {
            vstr_add_byte(&g, sep);
        }
        vstr_add_byte(&g, digits->buf[i]);
    }
    vstr_clear(digits);
    *digits = g;
}

static mp_obj_t to_int(mp_obj_t x) {
    if (mp_obj_is_int(x)) {
        return x;
    }
    if (mp_obj_is_bool(x)) {
        return MP_OBJ_NEW_SMALL_INT(x == mp_const_true);
    }
    if (mp_obj_is_float(x)) {
        return mp_obj_new_int_from_float(mp_obj_get_float(x));
    }
    return mp_obj_new_int(mp_obj_get_int(x)); /* raises TypeError */
}

static void format_int(vstr_t *out, mp_obj_t x, fmt_spec_t *sp) {
    char type = sp->type;
    if (type == 'c') {
        if (sp->sign && !sp->percent) {
            /* '{:+c}' (CPython words it with a capital S) */
            mp_raise_ValueError("sign not allowed with integer format specifier 'c'");
        }
        mp_int_t c = mp_obj_get_int(x);
        vstr_t ch;
        vstr_init(&ch, 4);
        if (c < 0 || c > 0x10ffff) {
            mp_raise_msg(&mp_type_OverflowError, "%c arg not in range(0x110000)");
        }
        vstr_add_char(&ch, (uint32_t)c);
        emit_padded(out, sp, "", 0, ch.buf, ch.len, 1, sp->percent ? '>' : '<');
        vstr_clear(&ch);
        return;
    }
    int base = 10;
    bool upper = false;
    const char *alt_prefix = "";
    switch (type) {
        case 'x':
            base = 16;
            alt_prefix = "0x";
            break;
        case 'X':
            base = 16;
            upper = true;
            alt_prefix = "0X";
            break;
        case 'o':
            base = 8;
            alt_prefix = "0o";
            break;
        case 'b':
            base = 2;
            alt_prefix = "0b";
            break;
        default:
            break;
    }
    if (sp->grouping == ',' && base != 10) {
        mp_raise_msg_varg(&mp_type_ValueError, "Cannot specify ',' with '%c'.", type);
    }
    if (sp->grouping && type == 'n') {
        mp_raise_msg_varg(&mp_type_ValueError, "Cannot specify '%c' with 'n'.", sp->grouping);
    }
    vstr_t digits;
    vstr_init(&digits, 24);
    bool neg = add_int_digits(&digits, to_int(x), base, upper);
    if (sp->percent && sp->prec > 0 && digits.len < (size_t)sp->prec) {
        size_t extra = sp->prec - digits.len;
        vstr_t z;
        vstr_init(&z, sp->prec);
        for (size_t i = 0; i < extra; i++) {
            vstr_add_byte(&z, '0');
        }
        vstr_add_strn(&z, digits.buf, digits.len);
        vstr_clear(&digits);
        digits = z;
    }
    char prefix[4];
    size_t plen = 0;
    if (neg) {
        prefix[plen++] = '-';
    } else if (sp->sign == '+' || sp->sign == ' ') {
        prefix[plen++] = sp->sign;
    }
    if (sp->alt) {
        size_t al = strlen(alt_prefix);
        memcpy(prefix + plen, alt_prefix, al);
        plen += al;
    }
    if (sp->grouping) {
        int group = base == 10 ? 3 : 4;
        zero_pad_grouped(&digits, sp, plen, group);
        group_digits(&digits, sp->grouping, group);
    }
    emit_padded(out, sp, prefix, plen, digits.buf, digits.len, digits.len, '>');
    vstr_clear(&digits);
}

/* ---- floats ----------------------------------------------------------- */

/* mp_format_float's text appended to out, whatever its length */
static void float_render(vstr_t *out, double f, char type, int prec, char sign) {
    char small[64];
    int len = mp_format_float(f, small, sizeof(small), type, prec, sign);
    if (len < (int)sizeof(small)) {
        vstr_add_strn(out, small, len);
        return;
    }
    char *big = m_new(char, len + 1);
    len = mp_format_float(f, big, len + 1, type, prec, sign);
    vstr_add_strn(out, big, len);
    m_del(char, big, len + 1);
}

/* The alternate form '#' of e/f/g: there is always a decimal point, and
 * 'g' keeps its trailing zeros. 'g' is rebuilt from 'e' and 'f' by the
 * rule that defines it: with P significant digits and decimal exponent X,
 * 'f' with P-1-X decimals when -4 <= X < P, else 'e' with P-1. */
static void float_render_alt(vstr_t *out, double f, char type, int prec, char sign) {
    size_t start = out->len;
    if (type == 'g' || type == 'G') {
        int p = prec < 0 ? 6 : prec == 0 ? 1 : prec;
        vstr_t e;
        vstr_init(&e, 32);
        float_render(&e, f, 'e', p - 1, '\0');
        const char *x = strchr(vstr_null_terminated_str(&e), 'e');
        int exp10 = x ? atoi(x + 1) : 0;
        vstr_clear(&e);
        if (exp10 >= -4 && exp10 < p) {
            float_render(out, f, type == 'g' ? 'f' : 'F', p - 1 - exp10, sign);
        } else {
            float_render(out, f, type == 'g' ? 'e' : 'E', p - 1, sign);
        }
    } else {
        float_render(out, f, type, prec, sign);
    }
    const char *b = out->buf + start;
    size_t n = out->len - start;
    if (memchr(b, '.', n) != NULL) {
        return;
    }
    /* insert the point before the exponent, or append it */
    size_t at = n;
    for (size_t i = 0; i < n; i++) {
        if (b[i] == 'e' || b[i] == 'E') {
            at = i;
            break;
        }
    }
    vstr_add_byte(out, '.');
    char *w = out->buf + start;
    memmove(w + at + 1, w + at, n - at);
    w[at] = '.';
}

static void format_float(vstr_t *out, double f, fmt_spec_t *sp) {
    char type = sp->type;
    bool pct = false;
    if (type == 0 || type == 'n') {
        type = 'g';
    } else if (type == '%') {
        type = 'f';
        f *= 100;
        pct = true;
    }
    if (sp->prec > (1 << 20)) {
        mp_raise_ValueError("precision too big");
    }
    char sign = (sp->sign == '+' || sp->sign == ' ') ? sp->sign : '\0';
    vstr_t rendered;
    vstr_init(&rendered, 32);
    if (sp->alt && isfinite(f)) {
        float_render_alt(&rendered, f, type, (int)sp->prec, sign);
    } else {
        float_render(&rendered, f, type, (int)sp->prec, sign);
    }
    const char *buf = rendered.buf;
    int len = (int)rendered.len;
    size_t plen = (len > 0 && (buf[0] == '-' || buf[0] == '+' || buf[0] == ' ')) ? 1 : 0;
    vstr_t body;
    vstr_init(&body, len + 8);
    vstr_add_strn(&body, buf + plen, len - plen);
    if (sp->grouping) {
        /* group the integer part only */
        size_t int_len = 0;
        while (int_len < body.len && unichar_isdigit((byte)body.buf[int_len])) {
            int_len++;
        }
        vstr_t ip;
        vstr_init(&ip, int_len + 8);
        vstr_add_strn(&ip, body.buf, int_len);
        if (int_len > 0) {
            zero_pad_grouped(&ip, sp, plen + (body.len - int_len) + (pct ? 1 : 0), 3);
        }
        group_digits(&ip, sp->grouping, 3);
        vstr_add_strn(&ip, body.buf + int_len, body.len - int_len);
        vstr_clear(&body);
        body = ip;
    }
    if (pct) {
        vstr_add_byte(&body, '%');
    }
    emit_padded(out, sp, buf, plen, body.buf, body.len, body.len, '>');
    vstr_clear(&body);
    vstr_clear(&rendered);
}

/* ---- strings and generic objects ---------------------------------------- */

static void format_text(vstr_t *out, const byte *d, size_t len, bool is_utf8, fmt_spec_t *sp) {
    /* the checks in CPython's order, so the first problem is reported */
    if (sp->grouping) {
        mp_raise_msg_varg(&mp_type_ValueError, "Cannot specify '%c' with 's'.", sp->grouping);
    }
    if (sp->sign) {
        /* MicroPython's wording, for ' ' too (CPython: "Sign ..."/"Space ...") */
        mp_raise_ValueError("sign not allowed in string format specifier");
    }
    if (!sp->percent && sp->alt) {
        mp_raise_ValueError("Alternate form (#) not allowed in string format specifier");
    }
    if (sp->align == '=') {
        mp_raise_ValueError("'=' alignment not allowed in string format specifier");
    }
    size_t chars = is_utf8 ? utf8_charlen(d, len) : len;
    if (sp->prec >= 0 && chars > (size_t)sp->prec) {
        len = is_utf8 ? (size_t)(utf8_at_index(d, len, sp->prec) - d) : (size_t)sp->prec;
        chars = sp->prec;
    }
    emit_padded(out, sp, "", 0, (const char *)d, len, chars, sp->percent ? '>' : '<');
}

static mp_obj_t obj_to_str(mp_obj_t o, mp_print_kind_t kind) {
    if (kind == PRINT_STR && mp_obj_is_str(o)) {
        return o;
    }
    vstr_t vstr;
    mp_print_t print;
    vstr_init_print(&vstr, 16, &print);
    mp_obj_print_helper(&print, o, kind);
    return mp_obj_new_str_from_vstr(&vstr);
}

/* ascii(o): its repr with every non-ASCII code point escaped as \xhh,
 * \uhhhh or \Uhhhhhhhh (the !a conversion and %a) */
static mp_obj_t obj_to_ascii(mp_obj_t o) {
    mp_obj_t r = obj_to_str(o, PRINT_REPR);
    size_t len;
    const byte *d = mp_str_raw_data(r, &len);
    const byte *p = d, *end = d + len;
    while (p < end && *p < 0x80) {
        p++;
    }
    if (p == end) {
        return r;
    }
    vstr_t out;
    vstr_init(&out, len + 16);
    vstr_add_strn(&out, (const char *)d, p - d);
    while (p < end) {
        if (*p < 0x80) {
            vstr_add_byte(&out, *p++);
            continue;
        }
        uint32_t c = utf8_get_char(&p);
        char buf[12];
        if (c < 0x100) {
            snprintf(buf, sizeof(buf), "\\x%02x", (unsigned)c);
        } else if (c < 0x10000) {
            snprintf(buf, sizeof(buf), "\\u%04x", (unsigned)c);
        } else {
            snprintf(buf, sizeof(buf), "\\U%08x", (unsigned)c);
        }
        vstr_add_str(&out, buf);
    }
    return mp_obj_new_str_from_vstr(&out);
}

static bool is_float_type(char t) {
    return t && strchr("eEfFgG%", t) != NULL;
}

static bool is_int_type(char t) {
    return t && strchr("bcdoxXn", t) != NULL;
}

/* format one value according to a parsed spec (str.format / format()) */
static void format_value(vstr_t *out, mp_obj_t value, fmt_spec_t *sp, const char *type_name) {
    char t = sp->type;
    if (mp_obj_is_int(value) || mp_obj_is_bool(value)) {
        if (is_float_type(t)) {
            format_float(out, mp_obj_get_float(value), sp);
            return;
        }
        if (t && t != 'n' && !is_int_type(t)) {
            goto bad_code;
        }
        if (sp->prec >= 0) {
            mp_raise_ValueError("Precision not allowed in integer format specifier");
        }
        format_int(out, value, sp);
        return;
    }
    if (mp_obj_is_float(value)) {
        if (t && !is_float_type(t) && t != 'n') {
            goto bad_code;
        }
        format_float(out, mp_obj_get_float(value), sp);
        return;
    }
    if (t && t != 's') {
        goto bad_code;
    }
    if (mp_obj_is_str(value)) {
        size_t len;
        const byte *d = mp_str_raw_data(value, &len);
        format_text(out, d, len, true, sp);
        return;
    }
    if (mp_obj_is_type(value, &mp_type_bytes)) {
        /* MicroPython formats a bytes object's content like a str's
         * (observed on the 1.27 WebAssembly port; CPython raises). Only
         * valid UTF-8 can become text; other bytes raise as below. */
        size_t len;
        const byte *d = mp_str_raw_data(value, &len);
        if (utf8_check(d, len)) {
            format_text(out, d, len, true, sp);
            return;
        }
    }
    if (sp->align == '=') {
        mp_raise_ValueError("'=' alignment not allowed in string format specifier");
    }
    /* any other object with a non-empty spec: MicroPython's TypeError
     * (CPython also raises TypeError, worded differently) */
    mp_raise_msg_varg(&mp_type_TypeError, "can't convert '%s' object to str implicitly",
        type_name);
bad_code:
    {
        char msg[96];
        /* lower-case "unknown", as MicroPython 1.27 words it */
        snprintf(msg, sizeof(msg), "unknown format code '%c' for object of type '%s'",
            t, type_name);
        mp_raise_msg_varg(&mp_type_ValueError, "%s", msg);
    }
}

static bool is_align(byte c) {
    return c == '<' || c == '>' || c == '^' || c == '=';
}

static mp_int_t parse_uint(const byte **pp, const byte *end) {
    mp_int_t v = 0;
    const byte *p = *pp;
    while (p < end && unichar_isdigit(*p)) {
        if (v > ((mp_int_t)1 << (MP_WORD_BITS - 6))) {
            mp_raise_ValueError("Too many decimal digits in format string");
        }
        v = v * 10 + (*p++ - '0');
    }
    *pp = p;
    return v;
}

/* [[fill]align][sign][#][0][width][,|_][.precision][type] */
static void parse_spec(const byte *s, size_t len, fmt_spec_t *sp) {
    spec_init(sp);
    const byte *p = s, *end = s + len;
    bool explicit_fill = false;
    if (p < end) {
        const byte *q = p;
        utf8_get_char(&q);
        if (q < end && is_align(*q)) {
            explicit_fill = true;
            sp->fill_len = q - p;
            memcpy(sp->fill, p, sp->fill_len);
            sp->align = (char)*q;
            p = q + 1;
        } else if (is_align(*p)) {
            sp->align = (char)*p++;
        }
    }
    if (p < end && (*p == '+' || *p == '-' || *p == ' ')) {
        sp->sign = (char)*p++;
    }
    if (p < end && *p == '#') {
        sp->alt = true;
        p++;
    }
    if (p < end && *p == '0') {
        sp->zero = true;
        p++;
    }
    if (p < end && unichar_isdigit(*p)) {
        sp->width = parse_uint(&p, end);
    }
    if (p < end && (*p == ',' || *p == '_')) {
        sp->grouping = (char)*p++;
    }
    if (p < end && *p == '.') {
        p++;
        if (p >= end || !unichar_isdigit(*p)) {
            mp_raise_ValueError("Format specifier missing precision");
        }
        sp->prec = parse_uint(&p, end);
    }
    if (p < end) {
        sp->type = (char)*p++;
        /* MicroPython rejects a letter that is no format type for any
         * built-in type before looking at the value ('{:q}'.format(1):
         * "invalid format specifier"; CPython: "Unknown format code") */
        if (sp->type == 0 || strchr("bcdeEfFgGnosxX%", sp->type) == NULL) {
            mp_raise_ValueError("invalid format specifier");
        }
    }
    if (p < end) {
        mp_raise_ValueError("invalid format specifier"); /* MicroPython's wording */
    }
    if (sp->zero) {
        /* '0' means zero fill unless a fill was given, and sign-aware
         * padding unless an alignment was given */
        if (!explicit_fill) {
            sp->fill[0] = '0';
            sp->fill_len = 1;
        }
        if (!sp->align) {
            sp->align = '=';
        }
    }
}

/* An instance of a Python class that defines __format__ formats itself
 * (CPython; MicroPython ignores __format__). Returns false otherwise. */
static bool format_by_method(vstr_t *out, mp_obj_t value, const byte *spec, size_t spec_len) {
    if (!mp_obj_is_obj(value) ||
        !(mp_obj_get_type(value)->flags & MP_TYPE_FLAG_INSTANCE_TYPE)) {
        return false;
    }
    mp_obj_t dest[3];
    mp_load_method_maybe(value, MP_QSTR___format__, dest);
    if (dest[0] == MP_OBJ_NULL) {
        return false;
    }
    dest[2] = mp_obj_new_str((const char *)spec, spec_len);
    mp_obj_t r = mp_call_method_n_kw(1, 0, dest);
    if (!mp_obj_is_str(r)) {
        mp_raise_msg_varg(&mp_type_TypeError, "__format__ must return a str, not %s",
            mp_obj_get_type_str(r));
    }
    size_t len;
    const byte *d = mp_str_raw_data(r, &len);
    vstr_add_strn(out, (const char *)d, len);
    return true;
}

/* An instance of a Python subclass of int, float or str is formatted as
 * its native value, as in CPython (MicroPython raises TypeError). */
static mp_obj_t native_value(mp_obj_t value) {
    if (!mp_obj_is_obj(value)) {
        return value;
    }
    const mp_obj_type_t *type = mp_obj_get_type(value);
    if (!(type->flags & MP_TYPE_FLAG_INSTANCE_TYPE)) {
        return value;
    }
    static const mp_obj_type_t *const natives[] = {&mp_type_int, &mp_type_float, &mp_type_str};
    for (size_t i = 0; i < sizeof(natives) / sizeof(natives[0]); i++) {
        if (mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(type), MP_OBJ_FROM_PTR(natives[i]))) {
            mp_obj_t native = ((mp_obj_instance_t *)MP_OBJ_TO_PTR(value))->subobj[0];
            return native != MP_OBJ_NULL ? native : value;
        }
    }
    return value;
}

/* format() semantics on a spec that is already parsed out of a string */
static void format_with_spec(vstr_t *out, mp_obj_t value, const byte *spec, size_t spec_len) {
    if (format_by_method(out, value, spec, spec_len)) {
        return;
    }
    if (spec_len == 0) {
        mp_obj_t s = obj_to_str(value, PRINT_STR);
        size_t len;
        const byte *d = mp_str_raw_data(s, &len);
        vstr_add_strn(out, (const char *)d, len);
        return;
    }
    const char *type_name = mp_obj_get_type_str(value);
    value = native_value(value);
    fmt_spec_t sp;
    parse_spec(spec, spec_len, &sp);
    if (sp.zero && sp.align == '=' && !mp_obj_is_int(value) && !mp_obj_is_float(value) &&
        !mp_obj_is_bool(value)) {
        sp.align = '<'; /* '0' on strings pads on the right with zeros */
    }
    format_value(out, value, &sp, type_name);
}

mp_obj_t mp_obj_format_value(mp_obj_t value, mp_obj_t spec) {
    size_t slen = 0;
    const byte *s = (const byte *)"";
    if (spec != MP_OBJ_NULL && spec != mp_const_none) {
        s = (const byte *)mp_obj_str_get_data(spec, &slen);
    }
    vstr_t out;
    vstr_init(&out, 16);
    format_with_spec(&out, value, s, slen);
    return mp_obj_new_str_from_vstr(&out);
}

/* ---- str.format --------------------------------------------------------- */

typedef struct _fmt_state_t {
    size_t n_args;       /* positional args excluding self */
    const mp_obj_t *args;
    mp_map_t *kwargs;
    mp_obj_t mapping;    /* format_map's argument, else MP_OBJ_NULL */
    int auto_index;      /* -1 once manual numbering was used */
    bool manual;
} fmt_state_t;

static bool all_digits(const byte *p, const byte *end) {
    for (; p < end; p++) {
        if (!unichar_isdigit(*p)) {
            return false;
        }
    }
    return true;
}

static mp_obj_t lookup_field(fmt_state_t *st, const byte *name, size_t len) {
    const byte *p = name, *end = name + len;
    /* the first part (up to '.' or '[') picks the argument */
    const byte *q = p;
    while (q < end && *q != '.' && *q != '[') {
        q++;
    }
    /* (scan_field has made sure every '[' is closed) */
    mp_obj_t obj;
    /* a first part of digits is a position; anything else a keyword */
    bool positional = q == p || all_digits(p, q);
    if (st->mapping != MP_OBJ_NULL && positional) {
        mp_raise_ValueError("Format string contains positional fields");
    }
    if (q == p) {
        if (st->manual) {
            mp_raise_ValueError("can't switch from manual field specification to automatic field numbering");
        }
        size_t i = st->auto_index++;
        if (i >= st->n_args) {
            mp_raise_msg(&mp_type_IndexError, "tuple index out of range");
        }
        obj = st->args[i];
    } else if (positional) {
        if (st->auto_index > 0) {
            mp_raise_ValueError("can't switch from automatic field numbering to manual field specification");
        }
        st->manual = true;
        const byte *r = p;
        mp_int_t i = parse_uint(&r, q);
        if (r != q) {
            mp_raise_ValueError("invalid format field");
        }
        if ((size_t)i >= st->n_args) {
            mp_raise_msg(&mp_type_IndexError, "tuple index out of range");
        }
        obj = st->args[i];
    } else {
        mp_obj_t key = mp_obj_new_str((const char *)p, q - p);
        if (st->mapping != MP_OBJ_NULL) {
            obj = mp_obj_subscr(st->mapping, key, MP_OBJ_SENTINEL);
            goto got_arg;
        }
        mp_map_elem_t *e = st->kwargs ? mp_map_lookup(st->kwargs, key, MP_MAP_LOOKUP) : NULL;
        if (e == NULL) {
            mp_raise(mp_obj_new_exception_arg1(&mp_type_KeyError, key));
        }
        obj = e->value;
    }
got_arg:
    /* then any .attr and [index] parts */
    p = q;
    while (p < end) {
        if (*p == '.') {
            q = ++p;
            while (q < end && *q != '.' && *q != '[') {
                q++;
            }
            if (q == p) {
                mp_raise_ValueError("Empty attribute in format string");
            }
            obj = mp_load_attr(obj, qstr_from_strn((const char *)p, q - p));
            p = q;
        } else if (*p == '[') {
            q = ++p;
            while (q < end && *q != ']') {
                q++;
            }
            if (q >= end) {
                mp_raise_ValueError("Missing ']' in format string");
            }
            if (q == p) {
                mp_raise_ValueError("Empty attribute in format string");
            }
            mp_obj_t key;
            const byte *r = p;
            mp_int_t iv = parse_uint(&r, q);
            if (r == q && q > p) {
                key = MP_OBJ_NEW_SMALL_INT(iv);
            } else {
                key = mp_obj_new_str((const char *)p, q - p);
            }
            obj = mp_obj_subscr(obj, key, MP_OBJ_SENTINEL);
            p = q + 1;
        } else {
            mp_raise_ValueError("Only '.' or '[' may follow ']' in format field specifier");
        }
    }
    return obj;
}

static void format_string_into(vstr_t *out, const byte *s, size_t len, fmt_state_t *st,
    int depth);

/* The parts of one replacement field {name!conv:spec}. */
typedef struct _fmt_field_t {
    const byte *name, *name_end;
    byte conv;                   /* 0 when there is no !conversion */
    const byte *spec, *spec_end; /* empty when there is no :spec */
} fmt_field_t;

static _Noreturn void raise_unmatched_open(void) {
    mp_raise_ValueError("unmatched '{' in format");
}

/* Split the field that starts just after its '{' at p; returns a pointer to
 * its closing '}'. Like CPython: inside [...] of the field name every
 * character (also '{', '}', ':' and '!') belongs to the key; a '{' anywhere
 * else in the name is an error; the spec may hold nested {...} fields.
 * The conversion letter is checked here, before any argument is looked up,
 * and the messages are MicroPython's (observed on the 1.27 WebAssembly
 * port). */
static const byte *scan_field(const byte *p, const byte *end, fmt_field_t *f) {
    f->name = p;
    for (;;) {
        if (p >= end) {
            raise_unmatched_open();
        }
        if (*p == '[') {
            const byte *q = memchr(p, ']', end - p);
            if (q == NULL) {
                raise_unmatched_open();
            }
            p = q + 1;
            continue;
        }
        if (*p == '{') {
            mp_raise_ValueError("unexpected '{' in field name");
        }
        if (*p == '}' || *p == '!' || *p == ':') {
            break;
        }
        p++;
    }
    f->name_end = p;
    f->conv = 0;
    if (*p == '!') {
        if (++p >= end) {
            mp_raise_ValueError("end of format while looking for conversion specifier");
        }
        f->conv = *p++;
        if (f->conv != 'r' && f->conv != 's' && f->conv != 'a') {
            mp_raise_msg_varg(&mp_type_ValueError, "unknown conversion specifier %c", f->conv);
        }
        if (p >= end) {
            raise_unmatched_open();
        }
        if (*p != ':' && *p != '}') {
            mp_raise_ValueError("expected ':' after format specifier");
        }
    }
    f->spec = f->spec_end = p;
    if (*p == ':') {
        f->spec = ++p;
        int level = 1;
        for (; p < end; p++) {
            if (*p == '{') {
                level++;
            } else if (*p == '}' && --level == 0) {
                break;
            }
        }
        if (p >= end) {
            raise_unmatched_open();
        }
        f->spec_end = p;
    }
    return p;
}

/* format one field into out */
static void format_field(vstr_t *out, const fmt_field_t *f, fmt_state_t *st, int depth) {
    mp_obj_t value = lookup_field(st, f->name, f->name_end - f->name);
    if (f->conv != 0) {
        value = f->conv == 's' ? obj_to_str(value, PRINT_STR)
            : f->conv == 'a' ? obj_to_ascii(value) : obj_to_str(value, PRINT_REPR);
    }
    const byte *spec = f->spec;
    size_t spec_len = f->spec_end - f->spec;
    vstr_t expanded;
    bool have_expanded = false;
    if (memchr(spec, '{', spec_len) != NULL) {
        /* a spec may contain fields, but theirs may not (as in CPython) */
        if (depth >= 1) {
            mp_raise_ValueError("Max string recursion exceeded");
        }
        vstr_init(&expanded, spec_len + 8);
        format_string_into(&expanded, spec, spec_len, st, depth + 1);
        spec = (const byte *)expanded.buf;
        spec_len = expanded.len;
        have_expanded = true;
    }
    format_with_spec(out, value, spec, spec_len);
    if (have_expanded) {
        vstr_clear(&expanded);
    }
}

static void format_string_into(vstr_t *out, const byte *s, size_t len, fmt_state_t *st,
    int depth) {
    const byte *p = s, *end = s + len;
    while (p < end) {
        const byte *run = p;
        while (p < end && *p != '{' && *p != '}') {
            p++;
        }
        vstr_add_strn(out, (const char *)run, p - run);
        if (p >= end) {
            break;
        }
        if (*p == '}') {
            if (p + 1 < end && p[1] == '}') {
                vstr_add_byte(out, '}');
                p += 2;
                continue;
            }
            mp_raise_ValueError("single '}' encountered in format string");
        }
        if (p + 1 < end && p[1] == '{') {
            vstr_add_byte(out, '{');
            p += 2;
            continue;
        }
        fmt_field_t f;
        p = scan_field(p + 1, end, &f);
        format_field(out, &f, st, depth);
        p++;
    }
}

mp_obj_t mp_obj_str_format(size_t n_args, const mp_obj_t *args, mp_map_t *kwargs) {
    if (!mp_obj_is_str(args[0])) {
        mp_raise_TypeError("descriptor 'format' requires a 'str' object");
    }
    size_t len;
    const byte *s = mp_str_raw_data(args[0], &len);
    fmt_state_t st = {n_args - 1, args + 1, kwargs, MP_OBJ_NULL, 0, false};
    vstr_t out;
    vstr_init(&out, len + 16);
    format_string_into(&out, s, len, &st, 0);
    return mp_obj_new_str_from_vstr(&out);
}
MP_DEFINE_CONST_FUN_OBJ_KW(mp_str_format_obj, 1, mp_obj_str_format);

/* s.format_map(mapping): named fields are looked up with mapping[key], so
 * dict subclasses with __missing__ and other mappings work */
static mp_obj_t str_format_map(mp_obj_t self, mp_obj_t mapping) {
    if (!mp_obj_is_str(self)) {
        mp_raise_TypeError("descriptor 'format_map' requires a 'str' object");
    }
    size_t len;
    const byte *s = mp_str_raw_data(self, &len);
    fmt_state_t st = {0, NULL, NULL, mapping, 0, false};
    vstr_t out;
    vstr_init(&out, len + 16);
    format_string_into(&out, s, len, &st, 0);
    return mp_obj_new_str_from_vstr(&out);
}
MP_DEFINE_CONST_FUN_OBJ_2(mp_str_format_map_obj, str_format_map);

/* ---- the % operator ------------------------------------------------------- */

static _Noreturn void raise_not_enough(void) {
    mp_raise_TypeError("format string needs more arguments"); /* MicroPython's wording */
}

/* CPython treats a non-tuple right operand with __getitem__ (other than a
 * str or bytes) as a mapping: it may feed %(key)s specs, and it is no error
 * when nothing consumes it ('abc' % [] is 'abc'). */
static bool is_mapping_like(mp_obj_t arg) {
    if (mp_obj_is_type(arg, &mp_type_tuple) || mp_obj_is_str_or_bytes(arg) ||
        mp_obj_is_small_int(arg) || mp_obj_is_qstr(arg) || !mp_obj_is_obj(arg)) {
        return false;
    }
    const mp_obj_type_t *t = mp_obj_get_type(arg);
    if (t->flags & MP_TYPE_FLAG_INSTANCE_TYPE) {
        if (mp_obj_native_part(arg, &mp_type_str) != MP_OBJ_NULL ||
            mp_obj_native_part(arg, &mp_type_bytes) != MP_OBJ_NULL) {
            return false; /* str and bytes subclasses are single values */
        }
        mp_obj_t dest[2];
        mp_load_method_maybe(arg, MP_QSTR___getitem__, dest);
        return dest[0] != MP_OBJ_NULL;
    }
    return MP_OBJ_TYPE_HAS_SLOT(t, subscr);
}

mp_obj_t mp_str_modulo_format(mp_obj_t fmt, mp_obj_t arg, bool is_bytes) {
    size_t len;
    const byte *s;
    const mp_obj_type_t *result_type = &mp_type_str;
    if (is_bytes) {
        /* bytes or bytearray: the result has the format's type */
        mp_buffer_info_t finfo;
        mp_get_buffer_raise(fmt, &finfo, MP_BUFFER_READ);
        s = (const byte *)finfo.buf;
        len = finfo.len;
        result_type = mp_obj_is_type(fmt, &mp_type_bytearray) ? &mp_type_bytearray : &mp_type_bytes;
    } else {
        s = (const byte *)mp_obj_str_get_data(fmt, &len);
    }
    const byte *p = s, *end = s + len;
    size_t n_args = 1, ai = 0;
    mp_obj_t *args = &arg;
    mp_obj_t dict = MP_OBJ_NULL;
    {
        /* a tuple subclass supplies its items like a tuple */
        mp_obj_t sub = mp_obj_native_part(arg, &mp_type_tuple);
        if (sub != MP_OBJ_NULL && mp_obj_is_type(sub, &mp_type_tuple)) {
            arg = sub;
        }
    }
    if (mp_obj_is_type(arg, &mp_type_tuple)) {
        mp_obj_tuple_get(arg, &n_args, &args);
    } else if (is_mapping_like(arg)) {
        dict = arg;
    }
    vstr_t out;
    vstr_init(&out, len + 16);
    while (p < end) {
        const byte *run = p;
        while (p < end && *p != '%') {
            p++;
        }
        vstr_add_strn(&out, (const char *)run, p - run);
        if (p >= end) {
            break;
        }
        p++;
        if (p >= end) {
            mp_raise_ValueError("incomplete format");
        }
        if (*p == '%') {
            vstr_add_byte(&out, '%');
            p++;
            continue;
        }
        mp_obj_t value = MP_OBJ_NULL;
        if (*p == '(') {
            if (dict == MP_OBJ_NULL) {
                mp_raise_TypeError("format needs a dict");
            }
            const byte *k = ++p;
            int level = 1;
            while (p < end) {
                if (*p == '(') {
                    level++;
                } else if (*p == ')' && --level == 0) {
                    break;
                }
                p++;
            }
            if (p >= end) {
                mp_raise_ValueError("incomplete format key");
            }
            mp_obj_t key = is_bytes ? mp_obj_new_bytes(k, p - k)
                : mp_obj_new_str((const char *)k, p - k);
            value = mp_obj_subscr(dict, key, MP_OBJ_SENTINEL);
            ai = n_args; /* the mapping is no positional argument any more */
            p++;
        }
        fmt_spec_t sp;
        spec_init(&sp);
        sp.percent = true;
        bool left = false;
        for (; p < end; p++) {
            if (*p == '-') {
                left = true;
            } else if (*p == '+') {
                sp.sign = '+';
            } else if (*p == ' ') {
                if (sp.sign != '+') {
                    sp.sign = ' ';
                }
            } else if (*p == '#') {
                sp.alt = true;
            } else if (*p == '0') {
                sp.zero = true;
            } else {
                break;
            }
        }
        if (p < end && *p == '*') {
            if (ai >= n_args) {
                raise_not_enough();
            }
            sp.width = mp_obj_get_int(args[ai++]);
            if (sp.width < 0) {
                left = true;
                sp.width = -sp.width;
            }
            p++;
        } else if (p < end && unichar_isdigit(*p)) {
            sp.width = parse_uint(&p, end);
        }
        if (p < end && *p == '.') {
            p++;
            if (p < end && *p == '*') {
                if (ai >= n_args) {
                    raise_not_enough();
                }
                sp.prec = mp_obj_get_int(args[ai++]);
                if (sp.prec < 0) {
                    sp.prec = 0;
                }
                p++;
            } else {
                sp.prec = parse_uint(&p, end);
            }
        }
        while (p < end && (*p == 'l' || *p == 'h' || *p == 'L')) {
            p++; /* length modifiers mean nothing in Python */
        }
        if (p >= end) {
            mp_raise_ValueError("incomplete format");
        }
        byte type = *p++;
        if (value == MP_OBJ_NULL) {
            if (ai >= n_args) {
                raise_not_enough();
            }
            value = args[ai++];
        }
        if (left) {
            sp.align = '<';
        } else if (sp.zero) {
            sp.fill[0] = '0';
            sp.align = '=';
        } else {
            sp.align = '>';
        }
        switch (type) {
            case 'd':
            case 'i':
            case 'u':
                sp.type = 'd';
                format_int(&out, value, &sp);
                break;
            case 'x':
            case 'X':
            case 'o':
                /* a float is an error here, unlike for %d (MicroPython and
                 * CPython agree; the message is MicroPython's) */
                if (mp_obj_is_float(value)) {
                    mp_raise_TypeError("can't convert float to int");
                }
                sp.type = (char)type;
                format_int(&out, value, &sp);
                break;
            case 'e':
            case 'E':
            case 'f':
            case 'F':
            case 'g':
            case 'G':
                sp.type = (char)type;
                format_float(&out, mp_obj_get_float(value), &sp);
                break;
            case 'c':
                if (sp.align == '=') {
                    sp.align = '>';
                    sp.fill[0] = ' ';
                }
                if (is_bytes && mp_obj_is_type(value, &mp_type_bytes)) {
                    size_t vl;
                    const byte *vd = (const byte *)mp_obj_str_get_data(value, &vl);
                    if (vl != 1) {
                        mp_raise_TypeError("integer needed"); /* MicroPython's wording */
                    }
                    sp.sign = 0;
                    sp.prec = -1;
                    format_text(&out, vd, vl, false, &sp);
                } else if (mp_obj_is_str(value)) {
                    size_t vl;
                    const byte *vd = mp_str_raw_data(value, &vl);
                    if (utf8_charlen(vd, vl) != 1) {
                        mp_raise_TypeError("%c needs int or char");
                    }
                    sp.sign = 0;  /* sign and precision mean nothing for %c */
                    sp.prec = -1;
                    format_text(&out, vd, vl, true, &sp);
                } else if (is_bytes) {
                    /* one raw byte, not the UTF-8 of a code point */
                    mp_int_t c = mp_obj_get_int(value);
                    if (c < 0 || c > 255) {
                        mp_raise_msg(&mp_type_OverflowError, "%c arg not in range(256)");
                    }
                    byte cb = (byte)c;
                    sp.sign = 0;
                    sp.prec = -1;
                    format_text(&out, &cb, 1, false, &sp);
                } else {
                    mp_int_t unused;
                    if (!mp_obj_get_int_maybe(value, &unused)) {
                        mp_raise_TypeError("integer needed"); /* '%c' % 1.5 in MicroPython */
                    }
                    sp.type = 'c';
                    format_int(&out, value, &sp);
                }
                break;
            case 'b':
            case 's':
            case 'r':
            case 'a': {
                if (type == 'b') {
                    /* %b is bytes' own spelling of %s */
                    if (!is_bytes) {
                        goto unsupported;
                    }
                    type = 's';
                }
                if (sp.align == '=') {
                    sp.align = '>';
                    sp.fill[0] = ' ';
                }
                sp.sign = 0;
                mp_buffer_info_t info;
                if (is_bytes && type == 's' && !mp_obj_is_str(value) &&
                    mp_get_buffer(value, &info, MP_BUFFER_READ)) {
                    format_text(&out, (const byte *)info.buf, info.len, false, &sp);
                } else {
                    mp_obj_t sv = type == 's' ? obj_to_str(value, PRINT_STR)
                        : type == 'a' ? obj_to_ascii(value) : obj_to_str(value, PRINT_REPR);
                    size_t vl;
                    const byte *vd = mp_str_raw_data(sv, &vl);
                    format_text(&out, vd, vl, true, &sp);
                }
                break;
            }
            default:
            unsupported:
            {
                char msg[80];
                snprintf(msg, sizeof(msg),
                    "unsupported format character '%c' (0x%x) at index %d",
                    type, type, (int)(p - 1 - s));
                mp_raise_msg_varg(&mp_type_ValueError, "%s", msg);
            }
        }
    }
    if (ai < n_args && dict == MP_OBJ_NULL) {
        mp_raise_TypeError("format string didn't convert all arguments");
    }
    if (is_bytes) {
        mp_obj_t r = mp_obj_new_str_of_type(result_type, (const byte *)out.buf, out.len);
        vstr_clear(&out);
        return r;
    }
    return mp_obj_new_str_from_vstr(&out);
}
