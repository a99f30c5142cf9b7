/*
 * String formatting: the % operator (str and bytes), str.format with the
 * format-spec mini-language (f-strings are compiled into str.format calls),
 * and format(value, spec). Floats are rendered by mp_format_float; integers
 * of any size are rendered here through the generic int operations.
 */
#include <stdio.h>
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
    /* peel off 60-bit chunks (a whole number of digits for bases 2, 8, 16) */
    int bits_per_digit = base == 16 ? 4 : base == 8 ? 3 : 1;
    int digits_per_chunk = 60 / bits_per_digit;
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
    if (sp->grouping) {
        group_digits(&digits, sp->grouping, base == 10 ? 3 : 4);
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
    emit_padded(out, sp, prefix, plen, digits.buf, digits.len, digits.len, '>');
    vstr_clear(&digits);
}

/* ---- floats ----------------------------------------------------------- */

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
    char small[64];
    char *buf = small;
    int len = mp_format_float(f, small, sizeof(small), type, (int)sp->prec, sign);
    if (len >= (int)sizeof(small)) {
        buf = m_new(char, len + 1);
        len = mp_format_float(f, buf, len + 1, type, (int)sp->prec, sign);
    }
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
}

/* ---- strings and generic objects ---------------------------------------- */

static void format_text(vstr_t *out, const byte *d, size_t len, bool is_utf8, fmt_spec_t *sp) {
    if (sp->sign) {
        mp_raise_ValueError("Sign not allowed in string format specifier");
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

static bool is_float_type(char t) {
    return t && strchr("eEfFgG%", t) != NULL;
}

static bool is_int_type(char t) {
    return t && strchr("bcdoxXn", t) != NULL;
}

/* format one value according to a parsed spec (str.format / format()) */
static void format_value(vstr_t *out, mp_obj_t value, fmt_spec_t *sp) {
    char t = sp->type;
    if (mp_obj_is_int(value) || (mp_obj_is_bool(value) && t && t != 's')) {
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
    {
        mp_obj_t s = obj_to_str(value, PRINT_STR);
        size_t len;
        const byte *d = mp_str_raw_data(s, &len);
        format_text(out, d, len, true, sp);
        return;
    }
bad_code:
    {
        char msg[96];
        snprintf(msg, sizeof(msg), "Unknown format code '%c' for object of type '%s'",
            t, mp_obj_get_type_str(value));
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
    }
    if (p < end) {
        mp_raise_ValueError("Invalid format specifier");
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

/* format() semantics on a spec that is already parsed out of a string */
static void format_with_spec(vstr_t *out, mp_obj_t value, const byte *spec, size_t spec_len) {
    if (spec_len == 0) {
        mp_obj_t s = obj_to_str(value, PRINT_STR);
        size_t len;
        const byte *d = mp_str_raw_data(s, &len);
        vstr_add_strn(out, (const char *)d, len);
        return;
    }
    fmt_spec_t sp;
    parse_spec(spec, spec_len, &sp);
    if (sp.zero && sp.align == '=' && !mp_obj_is_int(value) && !mp_obj_is_float(value) &&
        !mp_obj_is_bool(value)) {
        sp.align = '<'; /* '0' on strings pads on the right with zeros */
    }
    format_value(out, value, &sp);
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
    int auto_index;      /* -1 once manual numbering was used */
    bool manual;
} fmt_state_t;

static mp_obj_t lookup_field(fmt_state_t *st, const byte *name, size_t len) {
    const byte *p = name, *end = name + len;
    /* the first part (up to '.' or '[') picks the argument */
    const byte *q = p;
    while (q < end && *q != '.' && *q != '[') {
        q++;
    }
    mp_obj_t obj;
    if (q == p) {
        if (st->manual) {
            mp_raise_ValueError("cannot switch from manual field specification to automatic field numbering");
        }
        size_t i = st->auto_index++;
        if (i >= st->n_args) {
            mp_raise_msg(&mp_type_IndexError, "tuple index out of range");
        }
        obj = st->args[i];
    } else if (unichar_isdigit(*p)) {
        if (st->auto_index > 0) {
            mp_raise_ValueError("cannot switch from automatic field numbering to manual field specification");
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
        mp_map_elem_t *e = st->kwargs ? mp_map_lookup(st->kwargs, key, MP_MAP_LOOKUP) : NULL;
        if (e == NULL) {
            mp_raise(mp_obj_new_exception_arg1(&mp_type_KeyError, key));
        }
        obj = e->value;
    }
    /* then any .attr and [index] parts */
    p = q;
    while (p < end) {
        if (*p == '.') {
            q = ++p;
            while (q < end && *q != '.' && *q != '[') {
                q++;
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

/* handle one {...} field whose inside is [p, end) */
static void format_field(vstr_t *out, const byte *p, const byte *end, fmt_state_t *st,
    int depth) {
    /* field name ends at '!' or ':' (outside brackets) */
    const byte *q = p;
    bool in_bracket = false;
    while (q < end && (in_bracket || (*q != '!' && *q != ':'))) {
        if (*q == '[') {
            in_bracket = true;
        } else if (*q == ']') {
            in_bracket = false;
        }
        q++;
    }
    mp_obj_t value = lookup_field(st, p, q - p);
    if (q < end && *q == '!') {
        q++;
        if (q >= end) {
            mp_raise_ValueError("end of format while looking for conversion specifier");
        }
        byte conv = *q++;
        if (conv == 'r' || conv == 'a') {
            value = obj_to_str(value, PRINT_REPR);
        } else if (conv == 's') {
            value = obj_to_str(value, PRINT_STR);
        } else {
            mp_raise_ValueError("bad conversion specifier");
        }
        if (q < end && *q != ':') {
            mp_raise_ValueError("expected ':' after conversion specifier");
        }
    }
    const byte *spec = (const byte *)"";
    size_t spec_len = 0;
    vstr_t expanded;
    bool have_expanded = false;
    if (q < end && *q == ':') {
        q++;
        spec = q;
        spec_len = end - q;
        if (memchr(spec, '{', spec_len) != NULL) {
            if (depth >= 2) {
                mp_raise_ValueError("Max string recursion exceeded");
            }
            vstr_init(&expanded, spec_len + 8);
            format_string_into(&expanded, spec, spec_len, st, depth + 1);
            spec = (const byte *)expanded.buf;
            spec_len = expanded.len;
            have_expanded = true;
        }
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
        /* find the matching '}' allowing one level of nested {} in the spec */
        const byte *f = ++p;
        int level = 1;
        while (p < end) {
            if (*p == '{') {
                level++;
            } else if (*p == '}') {
                if (--level == 0) {
                    break;
                }
            }
            p++;
        }
        if (p >= end) {
            mp_raise_ValueError("single '{' encountered in format string");
        }
        format_field(out, f, p, st, depth);
        p++;
    }
}

mp_obj_t mp_obj_str_format(size_t n_args, const mp_obj_t *args, mp_map_t *kwargs) {
    if (!mp_obj_is_str(args[0])) {
        mp_raise_TypeError("descriptor 'format' requires a 'str' object");
    }
    size_t len;
    const byte *s = mp_str_raw_data(args[0], &len);
    fmt_state_t st = {n_args - 1, args + 1, kwargs, 0, false};
    vstr_t out;
    vstr_init(&out, len + 16);
    format_string_into(&out, s, len, &st, 0);
    return mp_obj_new_str_from_vstr(&out);
}
MP_DEFINE_CONST_FUN_OBJ_KW(mp_str_format_obj, 1, mp_obj_str_format);

/* ---- the % operator ------------------------------------------------------- */

static _Noreturn void raise_not_enough(void) {
    mp_raise_TypeError("not enough arguments for format string");
}

mp_obj_t mp_str_modulo_format(mp_obj_t fmt, mp_obj_t arg, bool is_bytes) {
    size_t len;
    const byte *s = (const byte *)mp_obj_str_get_data(fmt, &len);
    const byte *p = s, *end = s + len;
    size_t n_args = 1, ai = 0;
    mp_obj_t *args = &arg;
    mp_obj_t dict = MP_OBJ_NULL;
    if (mp_obj_is_type(arg, &mp_type_tuple)) {
        mp_obj_tuple_get(arg, &n_args, &args);
    } else if (mp_obj_is_type(arg, &mp_type_dict)) {
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
                mp_raise_TypeError("format requires a dict");
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
            value = mp_obj_subscr(dict, mp_obj_new_str((const char *)k, p - k), MP_OBJ_SENTINEL);
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
            if (dict != MP_OBJ_NULL) {
                value = dict;
            } else {
                if (ai >= n_args) {
                    raise_not_enough();
                }
                value = args[ai++];
            }
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
                if (mp_obj_is_str(value)) {
                    size_t vl;
                    const byte *vd = mp_str_raw_data(value, &vl);
                    if (utf8_charlen(vd, vl) != 1) {
                        mp_raise_TypeError("%c requires int or char");
                    }
                    format_text(&out, vd, vl, true, &sp);
                } else {
                    sp.type = 'c';
                    format_int(&out, value, &sp);
                }
                break;
            case 's':
            case 'r':
            case 'a': {
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
                    mp_obj_t sv = obj_to_str(value, type == 's' ? PRINT_STR : PRINT_REPR);
                    size_t vl;
                    const byte *vd = mp_str_raw_data(sv, &vl);
                    format_text(&out, vd, vl, true, &sp);
                }
                break;
            }
            default:
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
        mp_raise_TypeError("not all arguments converted during string formatting");
    }
    if (is_bytes) {
        return mp_obj_new_bytes_from_vstr(&out);
    }
    return mp_obj_new_str_from_vstr(&out);
}
