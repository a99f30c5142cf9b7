/*
 * str and bytes. Both are mp_obj_str_t (type tells them apart); a str may
 * also be a qstr word, so every function here accepts both forms. str data
 * is UTF-8 and Python-visible indexes count code points. The methods are
 * shared with bytearray (any bytes-like self works; results take self's
 * type). %-formatting and str.format live in strformat.c.
 * Codecs: utf-8, ascii and latin-1 with the strict, ignore, replace and
 * backslashreplace error handlers (MicroPython has utf-8 only; CPython's
 * UnicodeEncodeError/UnicodeDecodeError are raised as UnicodeError).
 * Character classes and case mapping are ASCII-only, as in MicroPython.
 */
#include <stdio.h>
#include <string.h>

#include "types/containers.h"
#include "types/unicode.h"

static const byte *bytes_like_data(mp_obj_t o, size_t *len);
static mp_obj_t native_str(mp_obj_t o);

const mp_obj_str_t mp_const_empty_bytes_obj = {{&mp_type_bytes}, 5381, 0, (const byte *)""};

/* ---- hashing, allocation, constructors ------------------------------- */

/* mp_str_hash (djb2-xor, 16 bits) lives in core/qstr.c next to qstr hashing */

/* one block holds the object header and the NUL-terminated data */
static mp_obj_str_t *str_alloc(const mp_obj_type_t *type, size_t len, byte **data) {
    mp_obj_str_t *o = (mp_obj_str_t *)m_malloc(sizeof(mp_obj_str_t) + len + 1);
    byte *d = (byte *)(o + 1);
    o->base.type = type;
    o->hash = 0;
    o->len = len;
    o->data = d;
    d[len] = 0;
    *data = d;
    return o;
}

/* Text already interned is returned as its qstr (cheap equality and map
 * lookups). Only short strings are looked up: long ones are rarely
 * interned, and maps compare str objects with qstrs by content anyway. */
#define STR_QSTR_LOOKUP_MAX (64)

static qstr find_interned(const char *data, size_t len) {
    return len <= STR_QSTR_LOOKUP_MAX ? qstr_find_strn(data, len) : MP_QSTRnull;
}

mp_obj_t mp_obj_new_str(const char *data, size_t len) {
    qstr q = find_interned(data, len);
    if (q != MP_QSTRnull) {
        return MP_OBJ_NEW_QSTR(q);
    }
    byte *d;
    mp_obj_str_t *o = str_alloc(&mp_type_str, len, &d);
    memcpy(d, data, len);
    return MP_OBJ_FROM_PTR(o);
}

mp_obj_t mp_obj_new_str_from_cstr(const char *s) {
    return mp_obj_new_str(s, strlen(s));
}

mp_obj_t mp_obj_new_bytes(const byte *data, size_t len) {
    if (len == 0) {
        return mp_const_empty_bytes;
    }
    byte *d;
    mp_obj_str_t *o = str_alloc(&mp_type_bytes, len, &d);
    memcpy(d, data, len);
    return MP_OBJ_FROM_PTR(o);
}

mp_obj_t mp_obj_new_str_copy(const mp_obj_type_t *type, const byte *data, size_t len) {
    if (type == &mp_type_str) {
        return mp_obj_new_str((const char *)data, len);
    }
    if (type == &mp_type_bytearray) {
        return mp_obj_new_bytearray(len, data);
    }
    if (type == &mp_type_bytes) {
        return mp_obj_new_bytes(data, len);
    }
    byte *d;
    mp_obj_str_t *o = str_alloc(type, len, &d);
    memcpy(d, data, len);
    return MP_OBJ_FROM_PTR(o);
}

mp_obj_t mp_obj_new_str_of_type(const mp_obj_type_t *type, const byte *data, size_t len) {
    return mp_obj_new_str_copy(type, data, len);
}

/* Take over a vstr's buffer (no copy) as the data of a new object. */
static mp_obj_t str_from_vstr(const mp_obj_type_t *type, vstr_t *vstr) {
    if (vstr->fixed_buf || vstr->buf == NULL) {
        mp_obj_t r = mp_obj_new_str_copy(type, (const byte *)(vstr->buf ? vstr->buf : ""),
            vstr->len);
        vstr->len = 0;
        return r;
    }
    size_t len = vstr->len;
    if (type == &mp_type_str) {
        qstr q = find_interned(vstr->buf, len);
        if (q != MP_QSTRnull) {
            m_free(vstr->buf);
            vstr->buf = NULL;
            vstr->alloc = vstr->len = 0;
            return MP_OBJ_NEW_QSTR(q);
        }
    } else if (type == &mp_type_bytearray) {
        mp_obj_t r = mp_obj_new_bytearray(len, vstr->buf);
        return r;
    }
    byte *data = (byte *)m_realloc(vstr->buf, len + 1);
    data[len] = 0;
    mp_obj_str_t *o = m_new_obj(mp_obj_str_t);
    o->base.type = type;
    o->hash = 0;
    o->len = len;
    o->data = data;
    vstr->buf = NULL;
    vstr->alloc = vstr->len = 0;
    return MP_OBJ_FROM_PTR(o);
}

mp_obj_t mp_obj_new_str_from_vstr(vstr_t *vstr) {
    return str_from_vstr(&mp_type_str, vstr);
}

mp_obj_t mp_obj_new_bytes_from_vstr(vstr_t *vstr) {
    if (vstr->len == 0) {
        return mp_const_empty_bytes;
    }
    return str_from_vstr(&mp_type_bytes, vstr);
}

/* Single ASCII characters are handed out from a table so that iterating
 * over or indexing a str does not allocate. An entry is the character's
 * qstr if it was interned when first needed, else a static str object
 * (equality and hashing are by content, so either form is fine). */
static mp_obj_t ascii_char_cache[128];
static mp_obj_str_t ascii_char_objs[128];
static byte ascii_char_data[256];

static mp_obj_t str_ascii_char(byte c) {
    mp_obj_t o = ascii_char_cache[c];
    if (o != MP_OBJ_NULL) {
        return o;
    }
    qstr q = qstr_find_strn((const char *)&c, 1);
    if (q != MP_QSTRnull) {
        o = MP_OBJ_NEW_QSTR(q);
    } else {
        ascii_char_data[2 * c] = c;
        ascii_char_data[2 * c + 1] = 0;
        ascii_char_objs[c].base.type = &mp_type_str;
        ascii_char_objs[c].len = 1;
        ascii_char_objs[c].data = &ascii_char_data[2 * c];
        ascii_char_objs[c].hash = mp_str_hash(&ascii_char_data[2 * c], 1);
        o = MP_OBJ_FROM_PTR(&ascii_char_objs[c]);
    }
    ascii_char_cache[c] = o;
    return o;
}

/* byte length of the UTF-8 character starting at p (bounded by end) */
static size_t char_span(const byte *p, const byte *end) {
    const byte *q = p + 1;
    while (q < end && utf8_is_cont(*q)) {
        q++;
    }
    return q - p;
}

/* the one-character str at p */
static mp_obj_t str_char_at(const byte *p, const byte *end) {
    if (*p < 0x80) {
        return str_ascii_char(*p);
    }
    return mp_obj_new_str((const char *)p, char_span(p, end));
}

mp_obj_t mp_obj_new_str_from_char(mp_int_t c) {
    if (c < 0 || c > 0x10ffff) {
        mp_raise_ValueError("chr() arg not in range(0x110000)");
    }
    if (c < 0x80) {
        return str_ascii_char((byte)c);
    }
    vstr_t vstr;
    vstr_init(&vstr, 4);
    vstr_add_char(&vstr, (uint32_t)c);
    return mp_obj_new_str_from_vstr(&vstr);
}

mp_obj_t mp_obj_str_ord(mp_obj_t o) {
    size_t len;
    const byte *d;
    mp_buffer_info_t info;
    if (mp_obj_is_str_or_bytes(o)) {
        d = mp_str_raw_data(o, &len);
    } else if (mp_get_buffer(o, &info, MP_BUFFER_READ)) {
        /* bytearray, memoryview, str/bytes subclasses: CPython's ord()
         * accepts them (MicroPython 1.27 raises; kept as a superset) */
        d = (const byte *)info.buf;
        len = info.len;
    } else {
        /* MicroPython's wording for ord(5) (CPython: "ord() expected
         * string of length 1, but int found") */
        mp_raise_msg_varg(&mp_type_TypeError, "can't convert '%s' object to str implicitly",
            mp_obj_get_type_str(o));
    }
    if (mp_obj_is_str(o)) {
        size_t n = utf8_charlen(d, len);
        if (n == 1) {
            return MP_OBJ_NEW_SMALL_INT(utf8_get_char(&d));
        }
        mp_raise_msg_varg(&mp_type_TypeError,
            "ord() expected a character, but string of length %d found", (int)n);
    }
    if (len != 1) {
        mp_raise_msg_varg(&mp_type_TypeError,
            "ord() expected a character, but string of length %d found", (int)len);
    }
    return MP_OBJ_NEW_SMALL_INT(d[0]);
}

/* ---- accessors -------------------------------------------------------- */

static const byte *bytes_like_data(mp_obj_t o, size_t *len) {
    mp_buffer_info_t info;
    mp_get_buffer_raise(o, &info, MP_BUFFER_READ);
    *len = info.len;
    return (const byte *)info.buf;
}

/* mp_obj_str_get_str/get_data/get_qstr live in core/obj.c */

static size_t str_get_hash(mp_obj_t o) {
    if (mp_obj_is_qstr(o)) {
        return qstr_hash(MP_OBJ_QSTR_VALUE(o));
    }
    mp_obj_str_t *s = (mp_obj_str_t *)MP_OBJ_TO_PTR(o);
    if ((s->hash & MP_STR_HASH_MASK) == 0) {
        s->hash |= mp_str_hash(s->data, s->len);
    }
    return s->hash & MP_STR_HASH_MASK;
}

bool mp_obj_str_equal(mp_obj_t a, mp_obj_t b) {
    if (a == b) {
        return true;
    }
    if (mp_obj_is_qstr(a) && mp_obj_is_qstr(b)) {
        return false; /* distinct qstrs always hold distinct text */
    }
    size_t la, lb;
    const byte *da = mp_str_raw_data(a, &la);
    const byte *db = mp_str_raw_data(b, &lb);
    if (la != lb) {
        return false;
    }
    if (str_get_hash(a) != str_get_hash(b)) {
        return false;
    }
    return memcmp(da, db, la) == 0;
}

/* ---- printing --------------------------------------------------------- */

static void print_raw(const mp_print_t *print, const void *data, size_t len) {
    if (len) {
        print->print_strn(print->data, (const char *)data, len);
    }
}

static void print_hex_escape(const mp_print_t *print, unsigned c) {
    static const char hexd[] = "0123456789abcdef";
    char buf[4] = {'\\', 'x', hexd[(c >> 4) & 15], hexd[c & 15]};
    print_raw(print, buf, 4);
}

void mp_str_print_quoted(const mp_print_t *print, const byte *data, size_t len, bool is_bytes) {
    /* Python's choice: single quotes unless the text has ' and no " */
    bool has_sq = memchr(data, '\'', len) != NULL;
    bool has_dq = memchr(data, '"', len) != NULL;
    char quote = (has_sq && !has_dq) ? '"' : '\'';
    print_raw(print, &quote, 1);
    const byte *p = data, *end = data + len, *run = data;
    while (p < end) {
        byte b = *p;
        if (b >= 0x20 && b < 0x7f && b != '\\' && b != (byte)quote) {
            p++;
            continue;
        }
        if (b >= 0x80 && !is_bytes) {
            /* non-ASCII text is printed as is (MicroPython 1.29 unix) */
            p++;
            continue;
        }
        print_raw(print, run, p - run);
        switch (b) {
            case '\\':
                print_raw(print, "\\\\", 2);
                break;
            case '\n':
                print_raw(print, "\\n", 2);
                break;
            case '\r':
                print_raw(print, "\\r", 2);
                break;
            case '\t':
                print_raw(print, "\\t", 2);
                break;
            default:
                if (b == (byte)quote) {
                    char esc[2] = {'\\', (char)b};
                    print_raw(print, esc, 2);
                } else {
                    print_hex_escape(print, b);
                }
        }
        p = run = p + 1;
    }
    print_raw(print, run, p - run);
    print_raw(print, &quote, 1);
}

void mp_bytes_print_repr(const mp_print_t *print, const byte *data, size_t len) {
    print_raw(print, "b", 1);
    mp_str_print_quoted(print, data, len, true);
}

static void str_print_json(const mp_print_t *print, const byte *data, size_t len) {
    print_raw(print, "\"", 1);
    const byte *run = data, *end = data + len;
    for (const byte *p = data; p < end; p++) {
        byte b = *p;
        if (b >= 0x20 && b != '"' && b != '\\') {
            continue;
        }
        print_raw(print, run, p - run);
        run = p + 1;
        char buf[8];
        switch (b) {
            case '"':
                print_raw(print, "\\\"", 2);
                break;
            case '\\':
                print_raw(print, "\\\\", 2);
                break;
            case '\n':
                print_raw(print, "\\n", 2);
                break;
            case '\r':
                print_raw(print, "\\r", 2);
                break;
            case '\t':
                print_raw(print, "\\t", 2);
                break;
            default: {
                static const char hexd[] = "0123456789abcdef";
                memcpy(buf, "\\u00", 4);
                buf[4] = hexd[b >> 4];
                buf[5] = hexd[b & 15];
                print_raw(print, buf, 6);
            }
        }
    }
    print_raw(print, run, end - run);
    print_raw(print, "\"", 1);
}

static void str_print(const mp_print_t *print, mp_obj_t self, mp_print_kind_t kind) {
    size_t len;
    const byte *data = mp_str_raw_data(self, &len);
    bool is_bytes = !mp_obj_is_qstr(self) &&
        ((mp_obj_base_t *)MP_OBJ_TO_PTR(self))->type != &mp_type_str;
    if (is_bytes) {
        if (kind == PRINT_RAW) {
            print_raw(print, data, len);
        } else {
            mp_bytes_print_repr(print, data, len);
        }
    } else if (kind == PRINT_JSON) {
        str_print_json(print, data, len);
    } else if (kind == PRINT_REPR || kind == PRINT_EXC) {
        /* print_exception('abc') prints 'abc' quoted (MicroPython 1.27) */
        mp_str_print_quoted(print, data, len, false);
    } else {
        print_raw(print, data, len);
    }
}

/* ---- codecs: utf-8, ascii and latin-1 with CPython's error handlers ---- */

enum { ENC_UTF8, ENC_ASCII, ENC_LATIN1 };
enum { ERR_STRICT, ERR_IGNORE, ERR_REPLACE, ERR_BACKSLASH, ERR_UNKNOWN };

/* the codec named by enc (None or absent: utf-8); LookupError otherwise */
static int codec_lookup(mp_obj_t enc) {
    if (enc == MP_OBJ_NULL || enc == mp_const_none) {
        return ENC_UTF8;
    }
    size_t len;
    const char *s = mp_obj_str_get_data(enc, &len);
    char name[16];
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '_' || c == ' ') {
            c = '-';
        }
        if (n + 1 >= sizeof(name)) {
            n = 0;
            break;
        }
        name[n++] = (char)unichar_tolower((byte)c);
    }
    name[n] = 0;
    static const struct { const char *name; int codec; } names[] = {
        {"utf-8", ENC_UTF8}, {"utf8", ENC_UTF8}, {"u8", ENC_UTF8},
        {"ascii", ENC_ASCII}, {"us-ascii", ENC_ASCII}, {"646", ENC_ASCII},
        {"latin-1", ENC_LATIN1}, {"latin1", ENC_LATIN1}, {"iso-8859-1", ENC_LATIN1},
        {"iso8859-1", ENC_LATIN1}, {"l1", ENC_LATIN1}, {"8859", ENC_LATIN1},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (n > 0 && strcmp(name, names[i].name) == 0) {
            return names[i].codec;
        }
    }
    mp_raise_msg_varg(&mp_type_LookupError, "unknown encoding: %.*s", (int)len, s);
}

static const char *codec_name(int codec) {
    return codec == ENC_UTF8 ? "utf-8" : codec == ENC_ASCII ? "ascii" : "latin-1";
}

/* the error handler; an unknown name only matters once an error occurs */
static int errors_lookup(mp_obj_t errors) {
    if (errors == MP_OBJ_NULL || errors == mp_const_none) {
        return ERR_STRICT;
    }
    const char *s = mp_obj_str_get_str(errors);
    if (strcmp(s, "strict") == 0) {
        return ERR_STRICT;
    }
    if (strcmp(s, "ignore") == 0) {
        return ERR_IGNORE;
    }
    if (strcmp(s, "replace") == 0) {
        return ERR_REPLACE;
    }
    if (strcmp(s, "backslashreplace") == 0) {
        return ERR_BACKSLASH;
    }
    return ERR_UNKNOWN;
}

static void raise_unknown_handler(mp_obj_t errors) {
    mp_raise_msg_varg(&mp_type_LookupError, "unknown error handler name '%s'",
        mp_obj_str_get_str(errors));
}

static void add_backslash_escape(vstr_t *out, uint32_t c) {
    char buf[12];
    if (c < 0x100) {
        snprintf(buf, sizeof(buf), "\\x%02x", (unsigned)c);
    } else if (c < 0x10000) {
        snprintf(buf, sizeof(buf), "\\u%04x", (unsigned)c);
    } else {
        snprintf(buf, sizeof(buf), "\\U%08x", (unsigned)c);
    }
    vstr_add_str(out, buf);
}

/* str data (valid UTF-8) encoded into out */
static void codec_encode(vstr_t *out, const byte *d, size_t len, int codec, mp_obj_t errors_obj) {
    if (codec == ENC_UTF8 && (memchr(d, 0xed, len) == NULL || utf8_check(d, len))) {
        /* the text is stored as UTF-8 already; only lone surrogates (from
         * chr(0xd800)...) cannot be encoded */
        vstr_add_strn(out, (const char *)d, len);
        return;
    }
    uint32_t limit = codec == ENC_ASCII ? 0x80 : codec == ENC_LATIN1 ? 0x100 : 0x110000;
    int errors = errors_lookup(errors_obj);
    const byte *p = d, *end = d + len;
    size_t pos = 0;
    for (; p < end; pos++) {
        uint32_t c = utf8_get_char(&p);
        if (c < limit && !(c >= 0xd800 && c <= 0xdfff)) {
            if (codec == ENC_UTF8) {
                vstr_add_char(out, c);
            } else {
                vstr_add_byte(out, (byte)c);
            }
            continue;
        }
        switch (errors) {
            case ERR_IGNORE:
                break;
            case ERR_REPLACE:
                vstr_add_byte(out, '?');
                break;
            case ERR_BACKSLASH:
                add_backslash_escape(out, c);
                break;
            case ERR_UNKNOWN:
                raise_unknown_handler(errors_obj);
                break;
            default:
                if (codec == ENC_UTF8) {
                    mp_raise_msg_varg(&mp_type_UnicodeError,
                        "'utf-8' codec can't encode character '\\u%04x' in position %u: surrogates not allowed",
                        (unsigned)c, (unsigned)pos);
                }
                mp_raise_msg_varg(&mp_type_UnicodeError,
                    "'%s' codec can't encode character '\\u%04x' in position %u: ordinal not in range(%u)",
                    codec_name(codec), (unsigned)c, (unsigned)pos, (unsigned)limit);
        }
    }
}

/* Length of the well-formed UTF-8 sequence at p (true), or of its longest
 * well-formed start that the next byte breaks (false, at least 1): the
 * unit that one U+FFFD replaces, as the Unicode standard recommends. */
static bool utf8_sequence(const byte *p, const byte *end, size_t *consumed) {
    byte b = p[0];
    size_t need;
    byte lo = 0x80, hi = 0xbf; /* allowed range of the second byte */
    if (b < 0x80) {
        *consumed = 1;
        return true;
    } else if (b >= 0xc2 && b <= 0xdf) {
        need = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        if (b == 0xe0) {
            lo = 0xa0;
        } else if (b == 0xed) {
            hi = 0x9f;
        }
    } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        if (b == 0xf0) {
            lo = 0x90;
        } else if (b == 0xf4) {
            hi = 0x8f;
        }
    } else {
        *consumed = 1;
        return false;
    }
    size_t k = 1;
    for (; k <= need; k++) {
        if (p + k >= end) {
            *consumed = k;
            return false;
        }
        byte c = p[k];
        if (k == 1 ? (c < lo || c > hi) : !utf8_is_cont(c)) {
            *consumed = k;
            return false;
        }
    }
    *consumed = k;
    return true;
}

/* bytes decoded into a new str */
static mp_obj_t codec_decode(const byte *d, size_t len, int codec, mp_obj_t errors_obj) {
    if (codec == ENC_UTF8 && utf8_check(d, len)) {
        return mp_obj_new_str((const char *)d, len);
    }
    int errors = errors_lookup(errors_obj);
    vstr_t out;
    vstr_init(&out, len + 1);
    for (size_t i = 0; i < len;) {
        byte b = d[i];
        size_t n = 1;
        bool ok;
        if (codec == ENC_UTF8) {
            ok = utf8_sequence(d + i, d + len, &n);
            if (ok) {
                vstr_add_strn(&out, (const char *)d + i, n);
            }
        } else if (codec == ENC_LATIN1 || b < 0x80) {
            ok = true;
            vstr_add_char(&out, b);
        } else {
            ok = false;
        }
        if (!ok) {
            switch (errors) {
                case ERR_IGNORE:
                    break;
                case ERR_REPLACE:
                    vstr_add_char(&out, 0xfffd);
                    break;
                case ERR_BACKSLASH:
                    for (size_t k = 0; k < n; k++) {
                        add_backslash_escape(&out, d[i + k]);
                    }
                    break;
                case ERR_UNKNOWN:
                    raise_unknown_handler(errors_obj);
                    break;
                default: {
                    const char *why = codec != ENC_UTF8 ? "ordinal not in range(128)"
                        : i + n >= len && n > 1 ? "unexpected end of data"
                        : n > 1 ? "invalid continuation byte" : "invalid start byte";
                    mp_raise_msg_varg(&mp_type_UnicodeError,
                        "'%s' codec can't decode byte 0x%02x in position %u: %s",
                        codec_name(codec), (unsigned)b, (unsigned)i, why);
                }
            }
        }
        i += n;
    }
    return mp_obj_new_str_from_vstr(&out);
}

/* ---- constructors: str(...) and bytes(...) ---------------------------- */

static mp_obj_t str_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    if (n_kw == 0 && n_args == 1 && mp_obj_is_str(args[0])) {
        return args[0]; /* the common str(s) without argument parsing */
    }
    if (n_args > 3) {
        mp_raise_msg_varg(&mp_type_TypeError, "function expected at most 3 arguments, got %d",
            (int)n_args); /* MicroPython's wording */
    }
    static const mp_arg_t allowed[] = {
        {MP_QSTR_object, MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_encoding, MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_errors, MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
    };
    mp_arg_val_t vals[3];
    mp_arg_parse_all_kw_array(n_args, n_kw, args, 3, allowed, vals);
    mp_obj_t obj = vals[0].u_obj, enc = vals[1].u_obj, errors = vals[2].u_obj;
    if (obj == MP_OBJ_NULL) {
        return MP_OBJ_NEW_QSTR(MP_QSTR_);
    }
    if (enc == MP_OBJ_NULL && errors == MP_OBJ_NULL) {
        if (mp_obj_is_str(obj)) {
            return obj;
        }
        vstr_t vstr;
        mp_print_t print;
        vstr_init_print(&vstr, 16, &print);
        mp_obj_print_helper(&print, obj, PRINT_STR);
        return mp_obj_new_str_from_vstr(&vstr);
    }
    if (mp_obj_is_str(obj)) {
        mp_raise_TypeError("decoding str is not supported");
    }
    size_t len;
    const byte *data = bytes_like_data(obj, &len);
    return codec_decode(data, len, codec_lookup(enc), errors);
}

/* The contents of bytes(...)/bytearray(...) from the constructor's
 * arguments: (int), (str, encoding[, errors]), (buffer) or (iterable). */
void mp_bytes_from_ctor_args(size_t n_args, size_t n_kw, const mp_obj_t *args, vstr_t *out) {
    static const mp_arg_t allowed[] = {
        {MP_QSTR_source, MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_encoding, MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_errors, MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
    };
    mp_arg_val_t vals[3];
    mp_arg_parse_all_kw_array(n_args, n_kw, args, 3, allowed, vals);
    mp_obj_t arg = vals[0].u_obj, enc = vals[1].u_obj, errors = vals[2].u_obj;
    if (arg != MP_OBJ_NULL) {
        arg = native_str(arg);
    }
    if (arg == MP_OBJ_NULL) {
        if (enc != MP_OBJ_NULL || errors != MP_OBJ_NULL) {
            mp_raise_TypeError(enc != MP_OBJ_NULL ? "encoding without a string argument"
                : "errors without a string argument");
        }
        return;
    }
    if (mp_obj_is_str(arg)) {
        if (enc == MP_OBJ_NULL) {
            mp_raise_TypeError("string argument without an encoding");
        }
        size_t len;
        const byte *d = mp_str_raw_data(arg, &len);
        codec_encode(out, d, len, codec_lookup(enc), errors);
        return;
    }
    if (enc != MP_OBJ_NULL || errors != MP_OBJ_NULL) {
        mp_raise_TypeError(enc != MP_OBJ_NULL ? "encoding without a string argument"
            : "errors without a string argument");
    }
    if (mp_obj_is_int(arg)) {
        mp_int_t n = mp_obj_get_int(arg);
        if (n < 0) {
            mp_raise_ValueError("negative count");
        }
        mp_seq_check_alloc((size_t)n, 1);
        size_t at = out->len;
        vstr_add_len(out, (size_t)n);
        memset(out->buf + at, 0, (size_t)n);
        return;
    }
    mp_bytes_fill_from_obj(arg, out);
}

void mp_bytes_fill_from_obj(mp_obj_t arg, vstr_t *out) {
    mp_buffer_info_t info;
    if (!mp_obj_is_small_int(arg) && !mp_obj_is_str(arg) &&
        mp_get_buffer(arg, &info, MP_BUFFER_READ)) {
        vstr_add_strn(out, (const char *)info.buf, info.len);
        return;
    }
    mp_obj_t iter = mp_getiter(arg, NULL);
    mp_obj_t item;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        mp_int_t v = mp_obj_get_int(item);
        if (v < 0 || v > 255) {
            mp_raise_ValueError("bytes value out of range");
        }
        vstr_add_byte(out, (byte)v);
    }
}

static mp_obj_t bytes_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    if (n_args == 0 && n_kw == 0) {
        return mp_const_empty_bytes;
    }
    if (n_args == 1 && n_kw == 0 && mp_obj_is_type(args[0], &mp_type_bytes)) {
        return args[0]; /* immutable: bytes(b) is b */
    }
    vstr_t vstr;
    vstr_init(&vstr, 16);
    mp_bytes_from_ctor_args(n_args, n_kw, args, &vstr);
    return mp_obj_new_bytes_from_vstr(&vstr);
}

/* ---- self/argument access for methods --------------------------------- */

typedef struct _strv_t {
    const mp_obj_type_t *type; /* str, bytes or bytearray (result type) */
    const byte *data;
    size_t len;
    bool is_str;
    bool ascii; /* str whose code points are its bytes: O(1) indexing */
} strv_t;

static bool bytes_are_ascii(const byte *d, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (d[i] >= 0x80) {
            return false;
        }
    }
    return true;
}

/* Whether a str object is pure ASCII, cached in the bits of its hash word
 * above the 16-bit hash (MP_STR_HASH_*), so indexing a long ASCII string is
 * O(1) instead of a UTF-8 walk on every access. */
static bool str_obj_is_ascii(mp_obj_str_t *s) {
    if (!(s->hash & MP_STR_HASH_ASCII_KNOWN)) {
        s->hash |= MP_STR_HASH_ASCII_KNOWN |
            (bytes_are_ascii(s->data, s->len) ? MP_STR_HASH_IS_ASCII : 0);
    }
    return (s->hash & MP_STR_HASH_IS_ASCII) != 0;
}

static void get_self(mp_obj_t self, strv_t *v) {
    if (mp_obj_is_qstr(self)) {
        v->type = &mp_type_str;
        v->data = qstr_data(MP_OBJ_QSTR_VALUE(self), &v->len);
        v->is_str = true;
        v->ascii = bytes_are_ascii(v->data, v->len);
        return;
    }
    if (mp_obj_is_obj(self)) {
        const mp_obj_type_t *t = ((mp_obj_base_t *)MP_OBJ_TO_PTR(self))->type;
        if (t == &mp_type_str || t == &mp_type_bytes) {
            mp_obj_str_t *s = (mp_obj_str_t *)MP_OBJ_TO_PTR(self);
            v->type = t;
            v->data = s->data;
            v->len = s->len;
            v->is_str = t == &mp_type_str;
            v->ascii = v->is_str && str_obj_is_ascii(s);
            return;
        }
        if (t->flags & MP_TYPE_FLAG_INSTANCE_TYPE) {
            /* a Python subclass of str/bytes: work on the native part */
            mp_obj_t sub = native_str(self);
            if (sub != self) {
                get_self(sub, v);
                return;
            }
        }
        v->type = t == &mp_type_bytearray ? &mp_type_bytearray : &mp_type_bytes;
        v->data = bytes_like_data(self, &v->len);
        v->is_str = false;
        v->ascii = false;
        return;
    }
    mp_raise_msg_varg(&mp_type_TypeError, "can't convert '%s' object to str implicitly",
        mp_obj_get_type_str(self));
}

/* An instance of a Python subclass of str or bytes stands for its native
 * str/bytes part wherever a str/bytes operand is expected. */
static mp_obj_t native_str(mp_obj_t o) {
    mp_obj_t sub = mp_obj_native_part(o, &mp_type_str);
    if (sub == MP_OBJ_NULL) {
        sub = mp_obj_native_part(o, &mp_type_bytes);
    }
    return sub != MP_OBJ_NULL && mp_obj_is_str_or_bytes(sub) ? sub : o;
}

/* an argument that must match self's kind (str with str, bytes-like otherwise) */
static const byte *get_arg(const strv_t *v, mp_obj_t arg, size_t *len) {
    arg = native_str(arg);
    if (v->is_str) {
        if (!mp_obj_is_str(arg)) {
            mp_raise_msg_varg(&mp_type_TypeError, "can't convert '%s' object to str implicitly",
                mp_obj_get_type_str(arg));
        }
        return mp_str_raw_data(arg, len);
    }
    /* MicroPython's words, "str" even for a bytes method's non-buffer
     * argument (CPython: "a bytes-like object is required, not 'str'") */
    if (mp_obj_is_str(arg)) {
        mp_raise_TypeError("can't convert 'str' object to bytes implicitly");
    }
    mp_buffer_info_t info;
    if (!mp_get_buffer(arg, &info, MP_BUFFER_READ)) {
        mp_raise_msg_varg(&mp_type_TypeError, "can't convert '%s' object to str implicitly",
            mp_obj_get_type_str(arg));
    }
    *len = info.len;
    return (const byte *)info.buf;
}

static mp_obj_t new_like(const strv_t *v, const byte *d, size_t n) {
    return mp_obj_new_str_copy(v->type, d, n);
}

/* whole-self result: immutable types can hand back self itself */
static mp_obj_t self_or_copy(const strv_t *v, mp_obj_t self) {
    if (v->type == &mp_type_bytearray) {
        return new_like(v, v->data, v->len);
    }
    return self;
}

static size_t v_charlen(const strv_t *v) {
    return v->is_str && !v->ascii ? utf8_charlen(v->data, v->len) : v->len;
}

/* byte offset of character index i (i within 0..charlen) */
static size_t v_offset(const strv_t *v, size_t i) {
    if (!v->is_str || v->ascii) {
        return i;
    }
    return utf8_at_index(v->data, v->len, i) - v->data;
}

static size_t v_index_of(const strv_t *v, size_t off) {
    return v->is_str && !v->ascii ? utf8_charlen(v->data, off) : off;
}

/* A start/end argument of find/count/startswith...: an int or an object
 * with __index__; anything else raises MicroPython's "string indices must
 * be integers, not float" (CPython words it "slice indices must be..."). */
static mp_int_t range_arg(const strv_t *v, mp_obj_t arg) {
    mp_int_t i;
    if (!mp_obj_get_int_maybe(arg, &i)) {
        mp_raise_msg_varg(&mp_type_TypeError, "%s indices must be integers, not %s",
            v->is_str ? "string" : qstr_str(v->type->name), mp_obj_get_type_str(arg));
    }
    return i;
}

/* Optional start/end arguments (args[0], args[1]; None = default) as a byte
 * range; false when the range is empty in a way that means "no match". */
static bool get_range(const strv_t *v, size_t n_args, const mp_obj_t *args, size_t *bstart,
    size_t *bend) {
    *bstart = 0;
    *bend = v->len;
    if (n_args == 0) {
        return true;
    }
    mp_int_t n = (mp_int_t)v_charlen(v);
    mp_int_t s = 0, e = n;
    if (args[0] != mp_const_none) {
        s = range_arg(v, args[0]);
        if (s < 0) {
            s += n;
            if (s < 0) {
                s = 0;
            }
        }
        if (s > n) {
            return false;
        }
    }
    if (n_args > 1 && args[1] != mp_const_none) {
        e = range_arg(v, args[1]);
        if (e < 0) {
            e += n;
            if (e < 0) {
                e = 0;
            }
        } else if (e > n) {
            e = n;
        }
    }
    if (s > e) {
        return false;
    }
    *bstart = v_offset(v, s);
    *bend = v_offset(v, e);
    return true;
}

/* first occurrence of needle in hay (NULL if none) */
static const byte *find_fwd(const byte *hay, size_t hlen, const byte *needle, size_t nlen) {
    if (nlen == 0) {
        return hay;
    }
    if (nlen > hlen) {
        return NULL;
    }
    const byte *last = hay + hlen - nlen;
    const byte *p = hay;
    while (p <= last) {
        p = memchr(p, needle[0], last - p + 1);
        if (p == NULL) {
            return NULL;
        }
        if (memcmp(p, needle, nlen) == 0) {
            return p;
        }
        p++;
    }
    return NULL;
}

static const byte *find_rev(const byte *hay, size_t hlen, const byte *needle, size_t nlen) {
    if (nlen > hlen) {
        return NULL;
    }
    for (const byte *p = hay + hlen - nlen;; p--) {
        if (memcmp(p, needle, nlen) == 0) {
            return p;
        }
        if (p == hay) {
            return NULL;
        }
    }
}

/* ---- unary / binary operators, subscripting, iteration ---------------- */

static mp_obj_t str_unary_op(mp_unary_op_t op, mp_obj_t self) {
    size_t len;
    const byte *data = mp_str_raw_data(self, &len);
    switch (op) {
        case MP_UNARY_OP_BOOL:
            return mp_obj_new_bool(len != 0);
        case MP_UNARY_OP_LEN:
            if (mp_obj_is_str(self)) {
                return MP_OBJ_NEW_SMALL_INT(utf8_charlen(data, len));
            }
            return MP_OBJ_NEW_SMALL_INT(len);
        case MP_UNARY_OP_HASH:
            return MP_OBJ_NEW_SMALL_INT(str_get_hash(self));
        default:
            return MP_OBJ_NULL;
    }
}

static mp_obj_t str_repeat(const mp_obj_type_t *type, const byte *d, size_t len, size_t n) {
    if (n == 0 || len == 0) {
        return mp_obj_new_str_copy(type, d, 0);
    }
    vstr_t vstr;
    vstr_init_len(&vstr, mp_seq_mul_len(len, n));
    for (size_t i = 0; i < n; i++) {
        memcpy(vstr.buf + i * len, d, len);
    }
    return str_from_vstr(type, &vstr);
}

static mp_obj_t str_concat(const mp_obj_type_t *type, const byte *a, size_t la, const byte *b,
    size_t lb) {
    if (lb == 0 && type != &mp_type_bytearray) {
        return mp_obj_new_str_copy(type, a, la);
    }
    if (type == &mp_type_bytearray || (type == &mp_type_str && la + lb <= STR_QSTR_LOOKUP_MAX)) {
        vstr_t vstr;
        vstr_init_len(&vstr, la + lb);
        memcpy(vstr.buf, a, la);
        memcpy(vstr.buf + la, b, lb);
        return str_from_vstr(type, &vstr);
    }
    /* one block for header and data, filled in place */
    byte *d;
    mp_obj_str_t *o = str_alloc(type, la + lb, &d);
    memcpy(d, a, la);
    memcpy(d + la, b, lb);
    return MP_OBJ_FROM_PTR(o);
}

/* shared by str and bytes: self is lhs (or the container for CONTAINS) */
static mp_obj_t str_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    strv_t v;
    get_self(lhs, &v);
    switch (op) {
        case MP_BINARY_OP_MODULO:
        case MP_BINARY_OP_INPLACE_MODULO:
            return mp_str_modulo_format(lhs, rhs, !v.is_str);
        case MP_BINARY_OP_MULTIPLY:
        case MP_BINARY_OP_INPLACE_MULTIPLY:
        case MP_BINARY_OP_REVERSE_MULTIPLY: {
            size_t n;
            if (!mp_seq_get_repeat(rhs, &n)) {
                return MP_OBJ_NULL;
            }
            return str_repeat(v.type, v.data, v.len, n);
        }
        case MP_BINARY_OP_CONTAINS:
            if (!v.is_str && mp_obj_is_int(rhs)) {
                mp_int_t b;
                if (!mp_obj_is_small_int(rhs) || (b = MP_OBJ_SMALL_INT_VALUE(rhs)) < 0 || b > 255) {
                    mp_raise_ValueError("byte must be in range(0, 256)");
                }
                return mp_obj_new_bool(memchr(v.data, (int)b, v.len) != NULL);
            }
            {
                size_t nlen;
                const byte *nd = get_arg(&v, rhs, &nlen);
                return mp_obj_new_bool(find_fwd(v.data, v.len, nd, nlen) != NULL);
            }
        default:
            break;
    }
    rhs = native_str(rhs);
    /* the remaining ops need an operand of the same kind */
    size_t rlen;
    const byte *rd;
    if (v.is_str) {
        if (!mp_obj_is_str(rhs)) {
            return MP_OBJ_NULL; /* == falls back to the other side, then identity */
        }
        if (op == MP_BINARY_OP_EQUAL || op == MP_BINARY_OP_NOT_EQUAL) {
            return mp_obj_new_bool(mp_obj_str_equal(lhs, rhs) == (op == MP_BINARY_OP_EQUAL));
        }
        rd = mp_str_raw_data(rhs, &rlen);
    } else {
        mp_buffer_info_t info;
        if (mp_obj_is_str(rhs) || !mp_get_buffer(rhs, &info, MP_BUFFER_READ)) {
            return MP_OBJ_NULL;
        }
        rd = (const byte *)info.buf;
        rlen = info.len;
    }
    switch (op) {
        case MP_BINARY_OP_ADD:
        case MP_BINARY_OP_INPLACE_ADD:
            return str_concat(v.type, v.data, v.len, rd, rlen);
        case MP_BINARY_OP_EQUAL:
        case MP_BINARY_OP_NOT_EQUAL:
        case MP_BINARY_OP_LESS:
        case MP_BINARY_OP_LESS_EQUAL:
        case MP_BINARY_OP_MORE:
        case MP_BINARY_OP_MORE_EQUAL:
            return mp_obj_new_bool(mp_seq_cmp_bytes(op, v.data, v.len, rd, rlen));
        default:
            return MP_OBJ_NULL;
    }
}

/* s[slice] for str (code points) or bytes-like data */
static mp_obj_t str_slice(const strv_t *v, mp_obj_t index) {
    size_t n = v_charlen(v);
    bool ascii = n == v->len;
    mp_bound_slice_t s;
    mp_seq_bound_slice(index, n, &s);
    if (s.step == 1) {
        size_t b0 = ascii ? (size_t)s.start : v_offset(v, s.start);
        size_t b1 = ascii ? (size_t)s.stop : v_offset(v, s.stop);
        return new_like(v, v->data + b0, b1 - b0);
    }
    size_t count = mp_seq_slice_len(&s);
    vstr_t vstr;
    vstr_init(&vstr, count);
    if (ascii) {
        for (mp_int_t i = s.start, k = 0; k < (mp_int_t)count; i += s.step, k++) {
            vstr_add_byte(&vstr, v->data[i]);
        }
    } else {
        /* index of every code point start, then pick */
        size_t *offs = m_new(size_t, n + 1);
        size_t j = 0;
        for (size_t i = 0; i < v->len; i++) {
            if (!utf8_is_cont(v->data[i])) {
                offs[j++] = i;
            }
        }
        offs[n] = v->len;
        for (mp_int_t i = s.start, k = 0; k < (mp_int_t)count; i += s.step, k++) {
            vstr_add_strn(&vstr, (const char *)v->data + offs[i], offs[i + 1] - offs[i]);
        }
        m_free(offs);
    }
    return str_from_vstr(v->type, &vstr);
}

static mp_obj_t str_subscr(mp_obj_t self, mp_obj_t index, mp_obj_t value) {
    if (value != MP_OBJ_SENTINEL) {
        return MP_OBJ_NULL; /* immutable: the runtime reports the TypeError */
    }
    strv_t v;
    get_self(self, &v);
    if (mp_obj_is_type(index, &mp_type_slice)) {
        return str_slice(&v, index);
    }
    if (!v.is_str) {
        size_t i = mp_get_index(v.type, v.len, index, false);
        return MP_OBJ_NEW_SMALL_INT(v.data[i]);
    }
    if (!mp_obj_is_int(index)) {
        mp_raise_msg_varg(&mp_type_TypeError, "string indices must be integers, not %s",
            mp_obj_get_type_str(index));
    }
    mp_int_t i = mp_obj_get_int(index);
    const byte *end = v.data + v.len;
    const byte *p;
    if (v.ascii) {
        /* code point i is byte i */
        if (i < 0) {
            i += (mp_int_t)v.len;
        }
        p = (i < 0 || (size_t)i >= v.len) ? end : v.data + i;
    } else if (i >= 0) {
        p = utf8_at_index(v.data, v.len, (size_t)i);
    } else {
        mp_int_t n = (mp_int_t)utf8_charlen(v.data, v.len);
        i += n;
        p = i < 0 ? end : utf8_at_index(v.data, v.len, (size_t)i);
    }
    if (p >= end) {
        mp_raise_msg(&mp_type_IndexError, "string index out of range");
    }
    return str_char_at(p, end);
}

/* Iterators live in the caller's 4-word buffer when one is given. */
typedef struct _str_it_t {
    mp_obj_base_t base;
    mp_obj_t str;
    size_t pos;
} str_it_t;

static mp_obj_t str_it_iternext(mp_obj_t self_in) {
    str_it_t *it = (str_it_t *)MP_OBJ_TO_PTR(self_in);
    size_t len;
    const byte *d = mp_str_raw_data(it->str, &len);
    if (it->pos >= len) {
        return MP_OBJ_STOP_ITERATION;
    }
    const byte *p = d + it->pos;
    if (*p < 0x80) {
        it->pos++;
        return str_ascii_char(*p);
    }
    size_t span = char_span(p, d + len);
    it->pos += span;
    return mp_obj_new_str((const char *)p, span);
}

static mp_obj_t bytes_it_iternext(mp_obj_t self_in) {
    str_it_t *it = (str_it_t *)MP_OBJ_TO_PTR(self_in);
    size_t len;
    const byte *d = mp_str_raw_data(it->str, &len);
    if (it->pos >= len) {
        return MP_OBJ_STOP_ITERATION;
    }
    return MP_OBJ_NEW_SMALL_INT(d[it->pos++]);
}

static const mp_obj_type_t str_it_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_iterator,
    MP_TYPE_SLOT(iter, str_it_iternext),
};

static const mp_obj_type_t bytes_it_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_iterator,
    MP_TYPE_SLOT(iter, bytes_it_iternext),
};

static mp_obj_t str_getiter(mp_obj_t self, mp_obj_iter_buf_t *iter_buf) {
    str_it_t *it = iter_buf ? (str_it_t *)iter_buf : m_new_obj(str_it_t);
    it->base.type = mp_obj_is_str(self) ? &str_it_type : &bytes_it_type;
    it->str = self;
    it->pos = 0;
    return MP_OBJ_FROM_PTR(it);
}

static mp_int_t str_get_buffer(mp_obj_t self, mp_buffer_info_t *info, mp_uint_t flags) {
    if (flags & MP_BUFFER_WRITE) {
        return 1;
    }
    size_t len;
    info->buf = (void *)mp_str_raw_data(self, &len);
    info->len = len;
    info->typecode = 'B';
    return 0;
}

/* ---- searching -------------------------------------------------------- */

/* the needle of find/index/count: bytes-like methods also take one byte
 * as an int (b'abc'.find(98)); buf holds that byte */
static const byte *get_needle(const strv_t *v, mp_obj_t arg, size_t *len, byte *buf) {
    if (!v->is_str && mp_obj_is_int(arg)) {
        mp_int_t b;
        if (!mp_obj_is_small_int(arg) || (b = MP_OBJ_SMALL_INT_VALUE(arg)) < 0 || b > 255) {
            mp_raise_ValueError("byte must be in range(0, 256)");
        }
        *buf = (byte)b;
        *len = 1;
        return buf;
    }
    return get_arg(v, arg, len);
}

static mp_obj_t str_finder(size_t n_args, const mp_obj_t *args, bool reverse, bool raise) {
    strv_t v;
    get_self(args[0], &v);
    size_t nlen;
    byte one;
    const byte *nd = get_needle(&v, args[1], &nlen, &one);
    size_t b0, b1;
    const byte *p = NULL;
    if (get_range(&v, n_args - 2, args + 2, &b0, &b1)) {
        p = reverse ? find_rev(v.data + b0, b1 - b0, nd, nlen)
            : find_fwd(v.data + b0, b1 - b0, nd, nlen);
    }
    if (p == NULL) {
        if (raise) {
            mp_raise_ValueError("substring not found");
        }
        return MP_OBJ_NEW_SMALL_INT(-1);
    }
    return MP_OBJ_NEW_SMALL_INT(v_index_of(&v, p - v.data));
}

static mp_obj_t str_find(size_t n_args, const mp_obj_t *args) {
    return str_finder(n_args, args, false, false);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_find_obj, 2, 4, str_find);

static mp_obj_t str_rfind(size_t n_args, const mp_obj_t *args) {
    return str_finder(n_args, args, true, false);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_rfind_obj, 2, 4, str_rfind);

static mp_obj_t str_index(size_t n_args, const mp_obj_t *args) {
    return str_finder(n_args, args, false, true);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_index_obj, 2, 4, str_index);

static mp_obj_t str_rindex(size_t n_args, const mp_obj_t *args) {
    return str_finder(n_args, args, true, true);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_rindex_obj, 2, 4, str_rindex);

static mp_obj_t str_count(size_t n_args, const mp_obj_t *args) {
    strv_t v;
    get_self(args[0], &v);
    size_t nlen;
    byte one;
    const byte *nd = get_needle(&v, args[1], &nlen, &one);
    size_t b0, b1;
    if (!get_range(&v, n_args - 2, args + 2, &b0, &b1)) {
        return MP_OBJ_NEW_SMALL_INT(0);
    }
    if (nlen == 0) {
        size_t chars = v.is_str ? utf8_charlen(v.data + b0, b1 - b0) : b1 - b0;
        return MP_OBJ_NEW_SMALL_INT(chars + 1);
    }
    size_t n = 0;
    const byte *p = v.data + b0, *end = v.data + b1;
    while ((p = find_fwd(p, end - p, nd, nlen)) != NULL) {
        n++;
        p += nlen;
    }
    return MP_OBJ_NEW_SMALL_INT(n);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_count_obj, 2, 4, str_count);

static bool prefix_match(const strv_t *v, mp_obj_t prefix, size_t b0, size_t b1, bool ends) {
    size_t plen;
    const byte *pd = get_arg(v, prefix, &plen);
    if (plen > b1 - b0) {
        return false;
    }
    const byte *at = ends ? v->data + b1 - plen : v->data + b0;
    return memcmp(at, pd, plen) == 0;
}

static mp_obj_t str_startendswith(size_t n_args, const mp_obj_t *args, bool ends) {
    strv_t v;
    get_self(args[0], &v);
    size_t b0, b1;
    if (!get_range(&v, n_args - 2, args + 2, &b0, &b1)) {
        return mp_const_false;
    }
    if (mp_obj_is_type(args[1], &mp_type_tuple)) {
        size_t n;
        mp_obj_t *items;
        mp_obj_tuple_get(args[1], &n, &items);
        for (size_t i = 0; i < n; i++) {
            if (prefix_match(&v, items[i], b0, b1, ends)) {
                return mp_const_true;
            }
        }
        return mp_const_false;
    }
    return mp_obj_new_bool(prefix_match(&v, args[1], b0, b1, ends));
}

static mp_obj_t str_startswith(size_t n_args, const mp_obj_t *args) {
    return str_startendswith(n_args, args, false);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_startswith_obj, 2, 4, str_startswith);

static mp_obj_t str_endswith(size_t n_args, const mp_obj_t *args) {
    return str_startendswith(n_args, args, true);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_endswith_obj, 2, 4, str_endswith);

/* ---- splitting and joining -------------------------------------------- */

static mp_obj_t kw_or(mp_map_t *kw, qstr name, mp_obj_t dflt) {
    if (kw == NULL) {
        return dflt;
    }
    mp_map_elem_t *e = mp_map_lookup(kw, MP_OBJ_NEW_QSTR(name), MP_MAP_LOOKUP);
    return e ? e->value : dflt;
}

/* Reject what a method taking `max_args` arguments (self included) and
 * the keywords `allowed` cannot use, in MicroPython's words: too many
 * positional arguments read "function expected at most N arguments, got M"
 * (or "extra positional arguments given" for a keyword-parsing method,
 * `parse_style`), an unknown keyword "extra keyword arguments given". */
static void check_args(size_t n_args, size_t max_args, mp_map_t *kw, const qstr *allowed,
    size_t n_allowed, bool parse_style) {
    if (n_args > max_args) {
        if (parse_style) {
            mp_raise_TypeError("extra positional arguments given");
        }
        mp_raise_msg_varg(&mp_type_TypeError, "function expected at most %d arguments, got %d",
            (int)max_args, (int)n_args);
    }
    if (kw == NULL) {
        return;
    }
    for (size_t i = 0; i < kw->alloc; i++) {
        if (!mp_map_slot_is_filled(kw, i)) {
            continue;
        }
        mp_obj_t key = kw->table[i].key;
        bool ok = false;
        for (size_t j = 0; j < n_allowed; j++) {
            ok = ok || (mp_obj_is_qstr(key) && MP_OBJ_QSTR_VALUE(key) == allowed[j]);
        }
        if (!ok) {
            mp_raise_TypeError("extra keyword arguments given");
        }
    }
}

static void list_reverse_items(mp_obj_t list) {
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(list, &n, &items);
    for (size_t i = 0, j = n ? n - 1 : 0; i < j; i++, j--) {
        mp_obj_t t = items[i];
        items[i] = items[j];
        items[j] = t;
    }
}

static mp_obj_t str_split_impl(size_t n_args, const mp_obj_t *args, mp_map_t *kw, bool right) {
    static const qstr allowed[] = {MP_QSTR_sep, MP_QSTR_maxsplit};
    check_args(n_args, 3, kw, allowed, 2, false);
    strv_t v;
    get_self(args[0], &v);
    mp_obj_t sep = n_args > 1 ? args[1] : kw_or(kw, MP_QSTR_sep, mp_const_none);
    mp_obj_t maxobj = n_args > 2 ? args[2] : kw_or(kw, MP_QSTR_maxsplit, MP_OBJ_NEW_SMALL_INT(-1));
    mp_int_t maxsplit = mp_obj_get_int(maxobj);
    mp_obj_t res = mp_obj_new_list(0, NULL);
    const byte *start = v.data, *end = v.data + v.len;
    if (sep == mp_const_none) {
        if (!right) {
            const byte *p = start;
            while (p < end && unichar_isspace(*p)) {
                p++;
            }
            while (p < end) {
                if (maxsplit == 0) {
                    mp_obj_list_append(res, new_like(&v, p, end - p));
                    break;
                }
                const byte *q = p;
                while (q < end && !unichar_isspace(*q)) {
                    q++;
                }
                mp_obj_list_append(res, new_like(&v, p, q - p));
                maxsplit--;
                p = q;
                while (p < end && unichar_isspace(*p)) {
                    p++;
                }
            }
        } else {
            const byte *e = end;
            while (e > start && unichar_isspace(e[-1])) {
                e--;
            }
            while (e > start) {
                if (maxsplit == 0) {
                    mp_obj_list_append(res, new_like(&v, start, e - start));
                    break;
                }
                const byte *q = e;
                while (q > start && !unichar_isspace(q[-1])) {
                    q--;
                }
                mp_obj_list_append(res, new_like(&v, q, e - q));
                maxsplit--;
                e = q;
                while (e > start && unichar_isspace(e[-1])) {
                    e--;
                }
            }
            list_reverse_items(res);
        }
        return res;
    }
    size_t slen;
    const byte *sd = get_arg(&v, sep, &slen);
    if (slen == 0) {
        mp_raise_ValueError("empty separator");
    }
    if (!right) {
        const byte *p = start, *q;
        while (maxsplit != 0 && (q = find_fwd(p, end - p, sd, slen)) != NULL) {
            mp_obj_list_append(res, new_like(&v, p, q - p));
            p = q + slen;
            maxsplit--;
        }
        mp_obj_list_append(res, new_like(&v, p, end - p));
    } else {
        const byte *e = end, *q;
        while (maxsplit != 0 && (q = find_rev(start, e - start, sd, slen)) != NULL) {
            mp_obj_list_append(res, new_like(&v, q + slen, e - q - slen));
            e = q;
            maxsplit--;
        }
        mp_obj_list_append(res, new_like(&v, start, e - start));
        list_reverse_items(res);
    }
    return res;
}

static mp_obj_t str_split(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    return str_split_impl(n_args, args, kw, false);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(str_split_obj, 1, str_split);

static mp_obj_t str_rsplit(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    return str_split_impl(n_args, args, kw, true);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(str_rsplit_obj, 1, str_rsplit);

/* Length of the line boundary at p, or 0. bytes only know \n, \r and
 * \r\n; str also breaks at \v, \f, \x1c-\x1e, U+0085, U+2028 and U+2029. */
static size_t line_break_len(const strv_t *v, const byte *p, const byte *end) {
    byte b = *p;
    if (b == '\n') {
        return 1;
    }
    if (b == '\r') {
        return (p + 1 < end && p[1] == '\n') ? 2 : 1;
    }
    if (!v->is_str) {
        return 0;
    }
    if (b == '\v' || b == '\f' || (b >= 0x1c && b <= 0x1e)) {
        return 1;
    }
    if (b == 0xc2 && p + 1 < end && p[1] == 0x85) {
        return 2;
    }
    if (b == 0xe2 && p + 2 < end && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
        return 3;
    }
    return 0;
}

static mp_obj_t str_splitlines(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    static const qstr allowed[] = {MP_QSTR_keepends};
    check_args(n_args, 2, kw, allowed, 1, true);
    strv_t v;
    get_self(args[0], &v);
    mp_obj_t keep_obj = n_args > 1 ? args[1] : kw_or(kw, MP_QSTR_keepends, mp_const_false);
    bool keepends = mp_obj_is_true(keep_obj);
    mp_obj_t res = mp_obj_new_list(0, NULL);
    const byte *p = v.data, *end = v.data + v.len;
    while (p < end) {
        const byte *q = p;
        size_t brk = 0; /* byte length of the line break at q */
        while (q < end && (brk = line_break_len(&v, q, end)) == 0) {
            q++;
        }
        const byte *next = q + brk;
        mp_obj_list_append(res, new_like(&v, p, (keepends ? next : q) - p));
        p = next;
    }
    return res;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(str_splitlines_obj, 1, str_splitlines);

static mp_obj_t str_join(mp_obj_t self, mp_obj_t iterable) {
    strv_t v;
    get_self(self, &v);
    size_t n;
    mp_obj_t *items;
    if (!mp_obj_is_type(iterable, &mp_type_list) && !mp_obj_is_type(iterable, &mp_type_tuple)) {
        iterable = mp_obj_list_extend_from(mp_obj_new_list(0, NULL), iterable);
    }
    mp_obj_get_array(iterable, &n, &items);
    size_t total = n ? v.len * (n - 1) : 0;
    bool copied = false;
    for (size_t i = 0; i < n; i++) {
        mp_obj_t nat = native_str(items[i]);
        if (nat != items[i]) {
            /* str/bytes subclass items: work on a copy holding their
             * native parts (the list may be the caller's) */
            if (!copied) {
                iterable = mp_obj_new_list(n, items); /* keeps the copy reachable */
                mp_obj_list_get(iterable, &n, &items);
                copied = true;
            }
            items[i] = nat;
        }
        size_t l;
        mp_buffer_info_t info;
        if (v.is_str ? mp_obj_is_str(items[i])
            : (!mp_obj_is_str(items[i]) && mp_get_buffer(items[i], &info, MP_BUFFER_READ))) {
            if (v.is_str) {
                mp_str_raw_data(items[i], &l);
            } else {
                l = info.len;
            }
            total += l;
        } else {
            mp_raise_TypeError("join expects a list of str/bytes objects consistent with self object");
        }
    }
    if (n == 1 && v.type != &mp_type_bytearray && mp_obj_get_type(items[0]) == v.type) {
        return items[0];
    }
    vstr_t vstr;
    vstr_init_len(&vstr, total);
    char *out = vstr.buf;
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            memcpy(out, v.data, v.len);
            out += v.len;
        }
        size_t l;
        const byte *d;
        if (v.is_str) {
            d = mp_str_raw_data(items[i], &l);
        } else {
            d = bytes_like_data(items[i], &l);
        }
        memcpy(out, d, l);
        out += l;
    }
    return str_from_vstr(v.type, &vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_2(str_join_obj, str_join);

/* ---- stripping, padding ----------------------------------------------- */

static bool strip_match(const strv_t *v, const byte *p, size_t span, const byte *chars,
    size_t nchars) {
    if (chars == NULL) {
        return span == 1 && unichar_isspace(*p);
    }
    return find_fwd(chars, nchars, p, span) != NULL;
}

/* which: bit 0 = strip left, bit 1 = strip right */
static mp_obj_t str_strip_impl(size_t n_args, const mp_obj_t *args, int which) {
    strv_t v;
    get_self(args[0], &v);
    const byte *chars = NULL;
    size_t nchars = 0;
    if (n_args > 1 && args[1] != mp_const_none) {
        chars = get_arg(&v, args[1], &nchars);
    }
    const byte *p = v.data, *e = v.data + v.len;
    if (which & 1) {
        while (p < e) {
            size_t span = v.is_str ? char_span(p, e) : 1;
            if (!strip_match(&v, p, span, chars, nchars)) {
                break;
            }
            p += span;
        }
    }
    if (which & 2) {
        while (e > p) {
            const byte *q = e - 1;
            if (v.is_str) {
                while (q > p && utf8_is_cont(*q)) {
                    q--;
                }
            }
            if (!strip_match(&v, q, e - q, chars, nchars)) {
                break;
            }
            e = q;
        }
    }
    if (p == v.data && e == v.data + v.len) {
        return self_or_copy(&v, args[0]);
    }
    return new_like(&v, p, e - p);
}

static mp_obj_t str_strip(size_t n_args, const mp_obj_t *args) {
    return str_strip_impl(n_args, args, 3);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_strip_obj, 1, 2, str_strip);

static mp_obj_t str_lstrip(size_t n_args, const mp_obj_t *args) {
    return str_strip_impl(n_args, args, 1);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_lstrip_obj, 1, 2, str_lstrip);

static mp_obj_t str_rstrip(size_t n_args, const mp_obj_t *args) {
    return str_strip_impl(n_args, args, 2);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_rstrip_obj, 1, 2, str_rstrip);

/* align: 0 left (ljust), 1 right (rjust), 2 center */
static mp_obj_t str_pad(size_t n_args, const mp_obj_t *args, int align) {
    strv_t v;
    get_self(args[0], &v);
    mp_int_t width = mp_obj_get_int(args[1]);
    const byte *fill = (const byte *)" ";
    size_t fill_len = 1;
    if (n_args > 2) {
        fill = get_arg(&v, args[2], &fill_len);
        if ((v.is_str ? utf8_charlen(fill, fill_len) : fill_len) != 1) {
            mp_raise_TypeError("The fill character must be exactly one character long");
        }
    }
    mp_int_t n = (mp_int_t)v_charlen(&v);
    if (width <= n) {
        return self_or_copy(&v, args[0]);
    }
    size_t pad = width - n, left;
    if (align == 0) {
        left = 0;
    } else if (align == 1) {
        left = pad;
    } else {
        left = pad / 2 + (pad & width & 1);
    }
    vstr_t vstr;
    vstr_init(&vstr, v.len + mp_seq_mul_len(pad, fill_len));
    for (size_t i = 0; i < left; i++) {
        vstr_add_strn(&vstr, (const char *)fill, fill_len);
    }
    vstr_add_strn(&vstr, (const char *)v.data, v.len);
    for (size_t i = left; i < pad; i++) {
        vstr_add_strn(&vstr, (const char *)fill, fill_len);
    }
    return str_from_vstr(v.type, &vstr);
}

static mp_obj_t str_ljust(size_t n_args, const mp_obj_t *args) {
    return str_pad(n_args, args, 0);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_ljust_obj, 2, 3, str_ljust);

static mp_obj_t str_rjust(size_t n_args, const mp_obj_t *args) {
    return str_pad(n_args, args, 1);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_rjust_obj, 2, 3, str_rjust);

static mp_obj_t str_center(size_t n_args, const mp_obj_t *args) {
    return str_pad(n_args, args, 2);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_center_obj, 2, 3, str_center);

static mp_obj_t str_zfill(mp_obj_t self, mp_obj_t width_in) {
    strv_t v;
    get_self(self, &v);
    mp_int_t width = mp_obj_get_int(width_in);
    mp_int_t n = (mp_int_t)v_charlen(&v);
    if (width <= n) {
        return self_or_copy(&v, self);
    }
    size_t pad = width - n;
    vstr_t vstr;
    vstr_init(&vstr, v.len + pad);
    size_t sign = v.len > 0 && (v.data[0] == '+' || v.data[0] == '-');
    vstr_add_strn(&vstr, (const char *)v.data, sign);
    for (size_t i = 0; i < pad; i++) {
        vstr_add_byte(&vstr, '0');
    }
    vstr_add_strn(&vstr, (const char *)v.data + sign, v.len - sign);
    return str_from_vstr(v.type, &vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_2(str_zfill_obj, str_zfill);

static mp_obj_t str_expandtabs(size_t n_args, const mp_obj_t *args) {
    strv_t v;
    get_self(args[0], &v);
    mp_int_t tab = n_args > 1 ? mp_obj_get_int(args[1]) : 8;
    vstr_t vstr;
    vstr_init(&vstr, v.len);
    mp_int_t col = 0;
    for (size_t i = 0; i < v.len; i++) {
        byte b = v.data[i];
        if (b == '\t') {
            if (tab > 0) {
                mp_int_t spaces = tab - col % tab;
                for (mp_int_t k = 0; k < spaces; k++) {
                    vstr_add_byte(&vstr, ' ');
                }
                col += spaces;
            }
        } else {
            vstr_add_byte(&vstr, b);
            if (b == '\n' || b == '\r') {
                col = 0;
            } else if (!v.is_str || !utf8_is_cont(b)) {
                col++;
            }
        }
    }
    return str_from_vstr(v.type, &vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_expandtabs_obj, 1, 2, str_expandtabs);

/* ---- replace, partition ----------------------------------------------- */

static mp_obj_t str_replace(size_t n_args, const mp_obj_t *args) {
    strv_t v;
    get_self(args[0], &v);
    size_t olen, nlen;
    const byte *od = get_arg(&v, args[1], &olen);
    const byte *nd = get_arg(&v, args[2], &nlen);
    mp_int_t count = n_args > 3 ? mp_obj_get_int(args[3]) : -1;
    if (count == 0) {
        return self_or_copy(&v, args[0]);
    }
    const byte *p = v.data, *end = v.data + v.len;
    vstr_t vstr;
    vstr_init(&vstr, v.len + nlen);
    if (olen == 0) {
        /* insert `new` before every character and at the end */
        while (count != 0) {
            vstr_add_strn(&vstr, (const char *)nd, nlen);
            count--;
            if (p >= end) {
                break;
            }
            size_t span = v.is_str ? char_span(p, end) : 1;
            vstr_add_strn(&vstr, (const char *)p, span);
            p += span;
        }
        vstr_add_strn(&vstr, (const char *)p, end - p);
        return str_from_vstr(v.type, &vstr);
    }
    const byte *q;
    bool any = false;
    while (count != 0 && (q = find_fwd(p, end - p, od, olen)) != NULL) {
        vstr_add_strn(&vstr, (const char *)p, q - p);
        vstr_add_strn(&vstr, (const char *)nd, nlen);
        p = q + olen;
        count--;
        any = true;
    }
    if (!any) {
        vstr_clear(&vstr);
        return self_or_copy(&v, args[0]);
    }
    vstr_add_strn(&vstr, (const char *)p, end - p);
    return str_from_vstr(v.type, &vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_replace_obj, 3, 4, str_replace);

static mp_obj_t str_partition_impl(mp_obj_t self, mp_obj_t sep, bool right) {
    strv_t v;
    get_self(self, &v);
    size_t slen;
    const byte *sd = get_arg(&v, sep, &slen);
    if (slen == 0) {
        mp_raise_ValueError("empty separator");
    }
    const byte *q = right ? find_rev(v.data, v.len, sd, slen) : find_fwd(v.data, v.len, sd, slen);
    mp_obj_t items[3];
    mp_obj_t empty = new_like(&v, v.data, 0);
    if (q == NULL) {
        mp_obj_t whole = new_like(&v, v.data, v.len);
        items[0] = right ? empty : whole;
        items[1] = v.type == &mp_type_bytearray ? new_like(&v, v.data, 0) : empty;
        items[2] = right ? whole : (v.type == &mp_type_bytearray ? new_like(&v, v.data, 0) : empty);
    } else {
        items[0] = new_like(&v, v.data, q - v.data);
        items[1] = new_like(&v, sd, slen);
        items[2] = new_like(&v, q + slen, v.data + v.len - q - slen);
    }
    return mp_obj_new_tuple(3, items);
}

static mp_obj_t str_partition(mp_obj_t self, mp_obj_t sep) {
    return str_partition_impl(self, sep, false);
}
static MP_DEFINE_CONST_FUN_OBJ_2(str_partition_obj, str_partition);

static mp_obj_t str_rpartition(mp_obj_t self, mp_obj_t sep) {
    return str_partition_impl(self, sep, true);
}
static MP_DEFINE_CONST_FUN_OBJ_2(str_rpartition_obj, str_rpartition);

/* ---- case mapping and classification (ASCII only) -------------------- */

enum { CASE_LOWER, CASE_UPPER, CASE_SWAP, CASE_TITLE, CASE_CAPITALIZE };

static mp_obj_t str_case(mp_obj_t self, int kind) {
    strv_t v;
    get_self(self, &v);
    vstr_t vstr;
    vstr_init_len(&vstr, v.len);
    bool prev_cased = false;
    for (size_t i = 0; i < v.len; i++) {
        byte b = v.data[i], r = b;
        switch (kind) {
            case CASE_LOWER:
                r = (byte)unichar_tolower(b);
                break;
            case CASE_UPPER:
                r = (byte)unichar_toupper(b);
                break;
            case CASE_SWAP:
                r = unichar_isupper(b) ? (byte)unichar_tolower(b) : (byte)unichar_toupper(b);
                break;
            case CASE_TITLE:
                r = prev_cased ? (byte)unichar_tolower(b) : (byte)unichar_toupper(b);
                /* non-ASCII letters cannot change case here, but they do
                 * not end a word either ('héllo' -> 'Héllo') */
                prev_cased = unichar_isalpha(b) || (v.is_str && b >= 0x80);
                break;
            default:
                r = i == 0 ? (byte)unichar_toupper(b) : (byte)unichar_tolower(b);
                break;
        }
        vstr.buf[i] = (char)r;
    }
    return str_from_vstr(v.type, &vstr);
}

static mp_obj_t str_lower(mp_obj_t self) {
    return str_case(self, CASE_LOWER);
}
static MP_DEFINE_CONST_FUN_OBJ_1(str_lower_obj, str_lower);

static mp_obj_t str_upper(mp_obj_t self) {
    return str_case(self, CASE_UPPER);
}
static MP_DEFINE_CONST_FUN_OBJ_1(str_upper_obj, str_upper);

static mp_obj_t str_swapcase(mp_obj_t self) {
    return str_case(self, CASE_SWAP);
}
static MP_DEFINE_CONST_FUN_OBJ_1(str_swapcase_obj, str_swapcase);

static mp_obj_t str_title(mp_obj_t self) {
    return str_case(self, CASE_TITLE);
}
static MP_DEFINE_CONST_FUN_OBJ_1(str_title_obj, str_title);

static mp_obj_t str_capitalize(mp_obj_t self) {
    return str_case(self, CASE_CAPITALIZE);
}
static MP_DEFINE_CONST_FUN_OBJ_1(str_capitalize_obj, str_capitalize);

static mp_obj_t str_all_chars(mp_obj_t self, bool (*pred)(uint32_t)) {
    strv_t v;
    get_self(self, &v);
    if (v.len == 0) {
        return mp_const_false;
    }
    for (size_t i = 0; i < v.len; i++) {
        if (!pred(v.data[i])) {
            return mp_const_false;
        }
    }
    return mp_const_true;
}

static mp_obj_t str_isspace(mp_obj_t self) {
    return str_all_chars(self, unichar_isspace);
}
static MP_DEFINE_CONST_FUN_OBJ_1(str_isspace_obj, str_isspace);

static mp_obj_t str_isalpha(mp_obj_t self) {
    return str_all_chars(self, unichar_isalpha);
}
static MP_DEFINE_CONST_FUN_OBJ_1(str_isalpha_obj, str_isalpha);

static mp_obj_t str_isdigit(mp_obj_t self) {
    return str_all_chars(self, unichar_isdigit);
}
static MP_DEFINE_CONST_FUN_OBJ_1(str_isdigit_obj, str_isdigit);

static mp_obj_t str_isalnum(mp_obj_t self) {
    return str_all_chars(self, unichar_isalnum);
}
static MP_DEFINE_CONST_FUN_OBJ_1(str_isalnum_obj, str_isalnum);

/* true when there is a cased character and none of the opposite case */
static mp_obj_t str_is_case(mp_obj_t self, bool upper) {
    strv_t v;
    get_self(self, &v);
    bool cased = false;
    for (size_t i = 0; i < v.len; i++) {
        byte b = v.data[i];
        if (upper ? unichar_islower(b) : unichar_isupper(b)) {
            return mp_const_false;
        }
        cased |= unichar_isalpha(b);
    }
    return mp_obj_new_bool(cased);
}

static mp_obj_t str_isupper(mp_obj_t self) {
    return str_is_case(self, true);
}
static MP_DEFINE_CONST_FUN_OBJ_1(str_isupper_obj, str_isupper);

static mp_obj_t str_islower(mp_obj_t self) {
    return str_is_case(self, false);
}
static MP_DEFINE_CONST_FUN_OBJ_1(str_islower_obj, str_islower);

/* ---- more classification (ASCII rules, as the other is* methods) ------ */

static mp_obj_t str_isascii(mp_obj_t self) {
    strv_t v;
    get_self(self, &v);
    return mp_obj_new_bool(bytes_are_ascii(v.data, v.len));
}
static MP_DEFINE_CONST_FUN_OBJ_1(str_isascii_obj, str_isascii);

/* str only: isdecimal and isnumeric know the ASCII digits, like isdigit */
static mp_obj_t str_isdecimal(mp_obj_t self) {
    return str_all_chars(self, unichar_isdigit);
}
static MP_DEFINE_CONST_FUN_OBJ_1(str_isdecimal_obj, str_isdecimal);

/* A title-cased word starts with an upper-case letter and continues in
 * lower case; there must be at least one cased letter. */
static mp_obj_t str_istitle(mp_obj_t self) {
    strv_t v;
    get_self(self, &v);
    bool cased = false, prev_cased = false;
    for (size_t i = 0; i < v.len; i++) {
        byte b = v.data[i];
        if (unichar_isupper(b)) {
            if (prev_cased) {
                return mp_const_false;
            }
            prev_cased = cased = true;
        } else if (unichar_islower(b)) {
            if (!prev_cased) {
                return mp_const_false;
            }
            prev_cased = cased = true;
        } else {
            prev_cased = false;
        }
    }
    return mp_obj_new_bool(cased);
}
static MP_DEFINE_CONST_FUN_OBJ_1(str_istitle_obj, str_istitle);

/* Letters, digits and '_' in ASCII; like the lexer, every non-ASCII code
 * point counts as an identifier character. */
static mp_obj_t str_isidentifier(mp_obj_t self) {
    strv_t v;
    get_self(self, &v);
    if (v.len == 0 || unichar_isdigit(v.data[0])) {
        return mp_const_false;
    }
    for (size_t i = 0; i < v.len; i++) {
        byte b = v.data[i];
        if (b < 0x80 && !unichar_isalnum(b) && b != '_') {
            return mp_const_false;
        }
    }
    return mp_const_true;
}
static MP_DEFINE_CONST_FUN_OBJ_1(str_isidentifier_obj, str_isidentifier);

/* What repr() shows as is: not the C0/C1 controls, DEL, the no-break and
 * soft-hyphen characters, nor the line/paragraph separators and
 * zero-width format characters. */
static bool code_point_printable(uint32_t c) {
    if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || c == 0xad) {
        return false;
    }
    if ((c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) ||
        (c >= 0x205f && c <= 0x206f) || c == 0x3000 || c == 0xfeff || c == 0x1680 ||
        (c >= 0xd800 && c <= 0xdfff) || (c >= 0xfff9 && c <= 0xfffb)) {
        return false;
    }
    return true;
}

static mp_obj_t str_isprintable(mp_obj_t self) {
    strv_t v;
    get_self(self, &v);
    const byte *p = v.data, *end = v.data + v.len;
    while (p < end) {
        if (!code_point_printable(utf8_get_char(&p))) {
            return mp_const_false;
        }
    }
    return mp_const_true;
}
static MP_DEFINE_CONST_FUN_OBJ_1(str_isprintable_obj, str_isprintable);

/* casefold: lower() is already the whole ASCII case folding */
static MP_DEFINE_CONST_FUN_OBJ_1(str_casefold_obj, str_lower);

/* ---- removeprefix / removesuffix ---------------------------------------- */

static mp_obj_t str_remove_affix(mp_obj_t self, mp_obj_t affix, bool suffix) {
    strv_t v;
    get_self(self, &v);
    size_t alen;
    const byte *ad = get_arg(&v, affix, &alen);
    if (alen == 0 || alen > v.len) {
        return self_or_copy(&v, self);
    }
    const byte *at = suffix ? v.data + v.len - alen : v.data;
    if (memcmp(at, ad, alen) != 0) {
        return self_or_copy(&v, self);
    }
    return new_like(&v, suffix ? v.data : v.data + alen, v.len - alen);
}

static mp_obj_t str_removeprefix(mp_obj_t self, mp_obj_t prefix) {
    return str_remove_affix(self, prefix, false);
}
static MP_DEFINE_CONST_FUN_OBJ_2(str_removeprefix_obj, str_removeprefix);

static mp_obj_t str_removesuffix(mp_obj_t self, mp_obj_t suffix) {
    return str_remove_affix(self, suffix, true);
}
static MP_DEFINE_CONST_FUN_OBJ_2(str_removesuffix_obj, str_removesuffix);

/* ---- maketrans / translate ---------------------------------------------- */

/* str.maketrans(dict) or (from, to[, delete]): a dict of code point -> code
 * point, str or None, as str.translate expects */
static mp_obj_t str_maketrans(size_t n_args, const mp_obj_t *args) {
    mp_obj_t table = mp_obj_new_dict(0);
    if (n_args == 1) {
        mp_obj_t src = args[0];
        /* a Python subclass of dict: its native part holds the items */
        mp_obj_t sub = mp_obj_native_part(src, &mp_type_dict);
        if (sub != MP_OBJ_NULL && mp_obj_is_type(sub, &mp_type_dict)) {
            src = sub;
        }
        if (!mp_obj_is_type(src, &mp_type_dict)) {
            mp_raise_TypeError("if you give only one argument to maketrans it must be a dict");
        }
        mp_map_t *map = mp_obj_dict_get_map(src);
        for (size_t i = 0; i < map->alloc; i++) {
            if (!mp_map_slot_is_filled(map, i)) {
                continue;
            }
            mp_obj_t key = map->table[i].key;
            if (mp_obj_is_str(key)) {
                size_t kl;
                const byte *kd = mp_str_raw_data(key, &kl);
                if (utf8_charlen(kd, kl) != 1) {
                    mp_raise_ValueError("string keys in translate table must be of length 1");
                }
                key = MP_OBJ_NEW_SMALL_INT(utf8_get_char(&kd));
            } else if (!mp_obj_is_int(key)) {
                mp_raise_TypeError("keys in translate table must be strings or integers");
            }
            mp_obj_dict_store(table, key, map->table[i].value);
        }
        return table;
    }
    mp_obj_t from = native_str(args[0]), to = native_str(args[1]);
    if (!mp_obj_is_str(from) || !mp_obj_is_str(to)) {
        mp_raise_TypeError("maketrans() argument must be str");
    }
    size_t fl, tl;
    const byte *fd = mp_str_raw_data(from, &fl);
    const byte *td = mp_str_raw_data(to, &tl);
    if (utf8_charlen(fd, fl) != utf8_charlen(td, tl)) {
        mp_raise_ValueError("the first two maketrans arguments must have equal length");
    }
    const byte *fe = fd + fl;
    while (fd < fe) {
        uint32_t a = utf8_get_char(&fd);
        uint32_t b = utf8_get_char(&td);
        mp_obj_dict_store(table, MP_OBJ_NEW_SMALL_INT(a), MP_OBJ_NEW_SMALL_INT(b));
    }
    if (n_args > 2) {
        size_t dl;
        mp_obj_t del = native_str(args[2]);
        if (!mp_obj_is_str(del)) {
            mp_raise_TypeError("maketrans() argument must be str");
        }
        const byte *dd = mp_str_raw_data(del, &dl), *de = dd + dl;
        while (dd < de) {
            mp_obj_dict_store(table, MP_OBJ_NEW_SMALL_INT(utf8_get_char(&dd)), mp_const_none);
        }
    }
    return table;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_maketrans_fun_obj, 1, 3, str_maketrans);
static const mp_obj_static_class_method_t str_maketrans_obj = {
    {&mp_type_staticmethod}, MP_OBJ_FROM_PTR(&str_maketrans_fun_obj)
};

/* bytes.maketrans(from, to): the 256-byte identity table with from's bytes
 * mapped to to's */
static mp_obj_t bytes_maketrans(mp_obj_t from, mp_obj_t to) {
    if (mp_obj_is_str(from) || mp_obj_is_str(to)) {
        mp_raise_TypeError("a bytes-like object is required, not 'str'");
    }
    size_t fl, tl;
    const byte *fd = bytes_like_data(from, &fl);
    const byte *td = bytes_like_data(to, &tl);
    if (fl != tl) {
        mp_raise_ValueError("maketrans arguments must have same length");
    }
    byte table[256];
    for (int i = 0; i < 256; i++) {
        table[i] = (byte)i;
    }
    for (size_t i = 0; i < fl; i++) {
        table[fd[i]] = td[i];
    }
    return mp_obj_new_bytes(table, 256);
}
static MP_DEFINE_CONST_FUN_OBJ_2(bytes_maketrans_fun_obj, bytes_maketrans);
static const mp_obj_static_class_method_t bytes_maketrans_obj = {
    {&mp_type_staticmethod}, MP_OBJ_FROM_PTR(&bytes_maketrans_fun_obj)
};

/* table[c] for str.translate; MP_OBJ_NULL when the table has no entry
 * (LookupError), so the character stays as it is */
static mp_obj_t translate_lookup(mp_obj_t table, uint32_t c) {
    mp_obj_t key = MP_OBJ_NEW_SMALL_INT(c);
    if (mp_obj_is_type(table, &mp_type_dict)) {
        mp_map_elem_t *e = mp_map_lookup(mp_obj_dict_get_map(table), key, MP_MAP_LOOKUP);
        return e ? e->value : MP_OBJ_NULL;
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t r = mp_obj_subscr(table, key, MP_OBJ_SENTINEL);
        nlr_pop();
        return r;
    }
    mp_obj_t exc = MP_OBJ_FROM_PTR(nlr.ret_val);
    if (mp_obj_exception_match(exc, MP_OBJ_FROM_PTR(&mp_type_LookupError))) {
        return MP_OBJ_NULL;
    }
    nlr_jump(nlr.ret_val);
}

static mp_obj_t str_translate_text(const strv_t *v, mp_obj_t table) {
    vstr_t vstr;
    vstr_init(&vstr, v->len);
    const byte *p = v->data, *end = v->data + v->len;
    while (p < end) {
        const byte *start = p;
        uint32_t c = utf8_get_char(&p);
        mp_obj_t r = translate_lookup(table, c);
        if (r == MP_OBJ_NULL) {
            vstr_add_strn(&vstr, (const char *)start, p - start);
        } else if (r == mp_const_none) {
            /* deleted */
        } else if (mp_obj_is_int(r)) {
            mp_int_t n;
            if (!mp_obj_is_small_int(r) || (n = MP_OBJ_SMALL_INT_VALUE(r)) < 0 || n > 0x10ffff) {
                mp_raise_ValueError("character mapping must be in range(0x110000)");
            }
            vstr_add_char(&vstr, (uint32_t)n);
        } else if (mp_obj_is_str(r)) {
            size_t rl;
            const byte *rd = mp_str_raw_data(r, &rl);
            vstr_add_strn(&vstr, (const char *)rd, rl);
        } else {
            mp_raise_TypeError("character mapping must return integer, None or str");
        }
    }
    return str_from_vstr(&mp_type_str, &vstr);
}

/* bytes.translate(table[, delete]): table is None or 256 bytes */
static mp_obj_t str_translate(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    strv_t v;
    get_self(args[0], &v);
    if (n_args < 2) {
        mp_raise_TypeError("translate() takes exactly one argument");
    }
    if (v.is_str) {
        if (n_args > 2 || (kw != NULL && kw->used)) {
            mp_raise_TypeError("translate() takes exactly one argument");
        }
        return str_translate_text(&v, args[1]);
    }
    static const qstr allowed[] = {MP_QSTR_delete};
    check_args(n_args, 3, kw, allowed, 1, false);
    mp_obj_t del = n_args > 2 ? args[2] : kw_or(kw, MP_QSTR_delete, MP_OBJ_NULL);
    const byte *table = NULL;
    if (args[1] != mp_const_none) {
        size_t tl;
        table = get_arg(&v, args[1], &tl);
        if (tl != 256) {
            mp_raise_ValueError("translation table must be 256 characters long");
        }
    }
    bool drop[256] = {false};
    if (del != MP_OBJ_NULL) {
        size_t dl;
        const byte *dd = get_arg(&v, del, &dl);
        for (size_t i = 0; i < dl; i++) {
            drop[dd[i]] = true;
        }
    }
    vstr_t vstr;
    vstr_init(&vstr, v.len);
    for (size_t i = 0; i < v.len; i++) {
        byte b = v.data[i];
        if (!drop[b]) {
            vstr_add_byte(&vstr, table ? table[b] : b);
        }
    }
    return str_from_vstr(v.type, &vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(str_translate_obj, 1, str_translate);

/* ---- encoding ---------------------------------------------------------- */

static const mp_arg_t codec_args[] = {
    {MP_QSTR_encoding, MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
    {MP_QSTR_errors, MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
};

static mp_obj_t str_encode(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    strv_t v;
    get_self(args[0], &v);
    if (!v.is_str) {
        mp_raise_msg(&mp_type_AttributeError, "'bytes' object has no attribute 'encode'");
    }
    if (n_args > 3) {
        mp_raise_msg_varg(&mp_type_TypeError, "function expected at most 3 arguments, got %d",
            (int)n_args); /* MicroPython's wording */
    }
    mp_arg_val_t vals[2];
    mp_arg_parse_all(n_args - 1, args + 1, kw, 2, codec_args, vals);
    int codec = codec_lookup(vals[0].u_obj);
    if (codec == ENC_UTF8 && memchr(v.data, 0xed, v.len) == NULL) {
        return mp_obj_new_bytes(v.data, v.len);
    }
    vstr_t vstr;
    vstr_init(&vstr, v.len + 1);
    codec_encode(&vstr, v.data, v.len, codec, vals[1].u_obj);
    return mp_obj_new_bytes_from_vstr(&vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(str_encode_obj, 1, str_encode);

static mp_obj_t bytes_decode(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    strv_t v;
    get_self(args[0], &v);
    if (v.is_str) {
        mp_raise_msg(&mp_type_AttributeError, "'str' object has no attribute 'decode'");
    }
    if (n_args > 3) {
        mp_raise_msg_varg(&mp_type_TypeError, "function expected at most 3 arguments, got %d",
            (int)n_args); /* MicroPython's wording */
    }
    mp_arg_val_t vals[2];
    mp_arg_parse_all(n_args - 1, args + 1, kw, 2, codec_args, vals);
    return codec_decode(v.data, v.len, codec_lookup(vals[0].u_obj), vals[1].u_obj);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(bytes_decode_obj, 1, bytes_decode);

/* hex([sep[, bytes_per_sep]]): a separator between groups of bytes_per_sep
 * bytes, counted from the right (positive) or from the left (negative) */
static mp_obj_t bytes_hex(size_t n_args, const mp_obj_t *args) {
    strv_t v;
    get_self(args[0], &v);
    const byte *sep = NULL;
    size_t slen = 0;
    mp_int_t group = 1;
    if (n_args > 1) {
        if (mp_obj_is_str(args[1])) {
            sep = (const byte *)mp_obj_str_get_data(args[1], &slen);
        } else {
            sep = bytes_like_data(args[1], &slen);
        }
        if ((mp_obj_is_str(args[1]) ? utf8_charlen(sep, slen) : slen) != 1) {
            mp_raise_ValueError("sep must be length 1.");
        }
        if (n_args > 2) {
            group = mp_obj_get_int(args[2]);
        }
    }
    static const char hexd[] = "0123456789abcdef";
    vstr_t vstr;
    vstr_init(&vstr, v.len * 3 + 1);
    size_t g = group < 0 ? (size_t)-group : (size_t)group;
    for (size_t i = 0; i < v.len; i++) {
        if (i > 0 && slen && g > 0) {
            /* a boundary before byte i? */
            bool boundary = group > 0 ? (v.len - i) % g == 0 : i % g == 0;
            if (boundary) {
                vstr_add_strn(&vstr, (const char *)sep, slen);
            }
        }
        vstr_add_byte(&vstr, hexd[v.data[i] >> 4]);
        vstr_add_byte(&vstr, hexd[v.data[i] & 15]);
    }
    return mp_obj_new_str_from_vstr(&vstr);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mp_bytes_hex_obj, 1, 3, bytes_hex);

static int hex_val(byte c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c |= 0x20;
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

static mp_obj_t bytes_fromhex(mp_obj_t cls, mp_obj_t str) {
    size_t len;
    const byte *d = (const byte *)mp_obj_str_get_data(str, &len);
    vstr_t vstr;
    vstr_init(&vstr, len / 2 + 1);
    for (size_t i = 0; i < len;) {
        if (unichar_isspace(d[i])) {
            i++;
            continue;
        }
        int hi = hex_val(d[i]);
        int lo = i + 1 < len ? hex_val(d[i + 1]) : -1;
        if (hi < 0 || lo < 0) {
            mp_raise_ValueError("non-hex digit found");
        }
        vstr_add_byte(&vstr, (byte)(hi << 4 | lo));
        i += 2;
    }
    if (cls == MP_OBJ_FROM_PTR(&mp_type_bytearray)) {
        return str_from_vstr(&mp_type_bytearray, &vstr);
    }
    return mp_obj_new_bytes_from_vstr(&vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_2(bytes_fromhex_fun_obj, bytes_fromhex);
static const mp_obj_static_class_method_t bytes_fromhex_obj = {
    {&mp_type_classmethod}, MP_OBJ_FROM_PTR(&bytes_fromhex_fun_obj)
};

/* ---- type objects ------------------------------------------------------ */

#define SHARED_METHODS \
    {MP_ROM_QSTR(MP_QSTR_capitalize), MP_ROM_PTR(&str_capitalize_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_center), MP_ROM_PTR(&str_center_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_count), MP_ROM_PTR(&str_count_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_endswith), MP_ROM_PTR(&str_endswith_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_expandtabs), MP_ROM_PTR(&str_expandtabs_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_find), MP_ROM_PTR(&str_find_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_index), MP_ROM_PTR(&str_index_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_isalnum), MP_ROM_PTR(&str_isalnum_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_isalpha), MP_ROM_PTR(&str_isalpha_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_isdigit), MP_ROM_PTR(&str_isdigit_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_islower), MP_ROM_PTR(&str_islower_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_isspace), MP_ROM_PTR(&str_isspace_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_isupper), MP_ROM_PTR(&str_isupper_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_join), MP_ROM_PTR(&str_join_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_ljust), MP_ROM_PTR(&str_ljust_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_lower), MP_ROM_PTR(&str_lower_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_lstrip), MP_ROM_PTR(&str_lstrip_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_partition), MP_ROM_PTR(&str_partition_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_replace), MP_ROM_PTR(&str_replace_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_rfind), MP_ROM_PTR(&str_rfind_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_rindex), MP_ROM_PTR(&str_rindex_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_rjust), MP_ROM_PTR(&str_rjust_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_rpartition), MP_ROM_PTR(&str_rpartition_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_rsplit), MP_ROM_PTR(&str_rsplit_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_rstrip), MP_ROM_PTR(&str_rstrip_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_split), MP_ROM_PTR(&str_split_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_splitlines), MP_ROM_PTR(&str_splitlines_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_startswith), MP_ROM_PTR(&str_startswith_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_strip), MP_ROM_PTR(&str_strip_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_swapcase), MP_ROM_PTR(&str_swapcase_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_title), MP_ROM_PTR(&str_title_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_upper), MP_ROM_PTR(&str_upper_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_zfill), MP_ROM_PTR(&str_zfill_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_isascii), MP_ROM_PTR(&str_isascii_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_istitle), MP_ROM_PTR(&str_istitle_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_removeprefix), MP_ROM_PTR(&str_removeprefix_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_removesuffix), MP_ROM_PTR(&str_removesuffix_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_translate), MP_ROM_PTR(&str_translate_obj)}

static const mp_rom_map_elem_t str_locals_table[] = {
    SHARED_METHODS,
    {MP_ROM_QSTR(MP_QSTR_encode), MP_ROM_PTR(&str_encode_obj)},
    {MP_ROM_QSTR(MP_QSTR_format), MP_ROM_PTR(&mp_str_format_obj)},
    {MP_ROM_QSTR(MP_QSTR_format_map), MP_ROM_PTR(&mp_str_format_map_obj)},
    {MP_ROM_QSTR(MP_QSTR_casefold), MP_ROM_PTR(&str_casefold_obj)},
    {MP_ROM_QSTR(MP_QSTR_isdecimal), MP_ROM_PTR(&str_isdecimal_obj)},
    {MP_ROM_QSTR(MP_QSTR_isnumeric), MP_ROM_PTR(&str_isdecimal_obj)},
    {MP_ROM_QSTR(MP_QSTR_isidentifier), MP_ROM_PTR(&str_isidentifier_obj)},
    {MP_ROM_QSTR(MP_QSTR_isprintable), MP_ROM_PTR(&str_isprintable_obj)},
    {MP_ROM_QSTR(MP_QSTR_maketrans), MP_ROM_PTR(&str_maketrans_obj)},
};
static MP_DEFINE_CONST_DICT(str_locals_dict, str_locals_table);

static const mp_rom_map_elem_t bytes_locals_table[] = {
    SHARED_METHODS,
    {MP_ROM_QSTR(MP_QSTR_decode), MP_ROM_PTR(&bytes_decode_obj)},
    {MP_ROM_QSTR(MP_QSTR_hex), MP_ROM_PTR(&mp_bytes_hex_obj)},
    {MP_ROM_QSTR(MP_QSTR_fromhex), MP_ROM_PTR(&bytes_fromhex_obj)},
    {MP_ROM_QSTR(MP_QSTR_maketrans), MP_ROM_PTR(&bytes_maketrans_obj)},
};
static MP_DEFINE_CONST_DICT(bytes_locals_dict, bytes_locals_table);

/* bytearray shares the bytes methods; its own ones live in bytearray.c */
static const mp_rom_map_elem_t bytearray_locals_table[] = {
    SHARED_METHODS,
    {MP_ROM_QSTR(MP_QSTR_decode), MP_ROM_PTR(&bytes_decode_obj)},
    {MP_ROM_QSTR(MP_QSTR_hex), MP_ROM_PTR(&mp_bytes_hex_obj)},
    {MP_ROM_QSTR(MP_QSTR_fromhex), MP_ROM_PTR(&bytes_fromhex_obj)},
    {MP_ROM_QSTR(MP_QSTR_maketrans), MP_ROM_PTR(&bytes_maketrans_obj)},
    {MP_ROM_QSTR(MP_QSTR_append), MP_ROM_PTR(&mp_bytearray_append_obj)},
    {MP_ROM_QSTR(MP_QSTR_extend), MP_ROM_PTR(&mp_bytearray_extend_obj)},
    {MP_ROM_QSTR(MP_QSTR_copy), MP_ROM_PTR(&mp_bytearray_copy_obj)},
    {MP_ROM_QSTR(MP_QSTR_clear), MP_ROM_PTR(&mp_bytearray_clear_obj)},
    {MP_ROM_QSTR(MP_QSTR_reverse), MP_ROM_PTR(&mp_bytearray_reverse_obj)},
    {MP_ROM_QSTR(MP_QSTR_remove), MP_ROM_PTR(&mp_bytearray_remove_obj)},
    {MP_ROM_QSTR(MP_QSTR_insert), MP_ROM_PTR(&mp_bytearray_insert_obj)},
    {MP_ROM_QSTR(MP_QSTR_pop), MP_ROM_PTR(&mp_bytearray_pop_obj)},
};
MP_DEFINE_CONST_DICT(mp_bytearray_locals_dict, bytearray_locals_table);

const mp_obj_type_t mp_type_str = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_GETITER,
    .name = MP_QSTR_str,
    MP_TYPE_SLOT(make_new, str_make_new),
    MP_TYPE_SLOT(print, str_print),
    MP_TYPE_SLOT(unary_op, str_unary_op),
    MP_TYPE_SLOT(binary_op, str_binary_op),
    MP_TYPE_SLOT(subscr, str_subscr),
    MP_TYPE_SLOT(iter, str_getiter),
    MP_TYPE_SLOT(buffer, str_get_buffer),
    MP_TYPE_SLOT(locals_dict, &str_locals_dict),
};

const mp_obj_type_t mp_type_bytes = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_GETITER | MP_TYPE_FLAG_EQ_CHECKS_OTHER_TYPE,
    .name = MP_QSTR_bytes,
    MP_TYPE_SLOT(make_new, bytes_make_new),
    MP_TYPE_SLOT(print, str_print),
    MP_TYPE_SLOT(unary_op, str_unary_op),
    MP_TYPE_SLOT(binary_op, str_binary_op),
    MP_TYPE_SLOT(subscr, str_subscr),
    MP_TYPE_SLOT(iter, str_getiter),
    MP_TYPE_SLOT(buffer, str_get_buffer),
    MP_TYPE_SLOT(locals_dict, &bytes_locals_dict),
};
