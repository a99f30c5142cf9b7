/*
 * UTF-8 helpers (code-point counting, index <-> byte offset, validation) and
 * the ASCII character classes used by str methods. MicroPython's str.upper(),
 * isalpha() etc. only know ASCII, so non-ASCII characters are never letters,
 * digits or spaces here.
 */
#include "types/unicode.h"

#include <string.h>

#define HIGH_BITS (0x8080808080808080ull)

/* 8 bytes at p (any alignment) */
static inline uint64_t load8(const byte *p) {
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

size_t utf8_charlen(const byte *s, size_t len) {
    size_t n = 0, i = 0;
    /* runs of ASCII are counted 8 bytes at a time */
    while (i + 8 <= len) {
        if ((load8(s + i) & HIGH_BITS) == 0) {
            n += 8;
            i += 8;
            continue;
        }
        for (size_t k = 0; k < 8; k++) {
            n += !utf8_is_cont(s[i + k]);
        }
        i += 8;
    }
    for (; i < len; i++) {
        n += !utf8_is_cont(s[i]);
    }
    return n;
}

uint32_t utf8_get_char(const byte **pp) {
    const byte *p = *pp;
    uint32_t c = *p++;
    if (c >= 0x80) {
        /* the number of leading 1 bits says how many continuation bytes follow */
        int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
        c &= 0x3f >> extra;
        while (extra-- > 0 && utf8_is_cont(*p)) {
            c = (c << 6) | (*p++ & 0x3f);
        }
    }
    *pp = p;
    return c;
}

const byte *utf8_at_index(const byte *s, size_t len, size_t idx) {
    const byte *p = s, *end = s + len;
    /* skip `idx` code points: each starts with a non-continuation byte;
     * ASCII runs are skipped 8 bytes at a time */
    while (idx > 0 && p < end) {
        if (idx >= 8 && end - p >= 8 && (load8(p) & HIGH_BITS) == 0) {
            p += 8;
            idx -= 8;
            continue;
        }
        p++;
        while (p < end && utf8_is_cont(*p)) {
            p++;
        }
        idx--;
    }
    return p;
}

size_t utf8_index_of(const byte *s, size_t off) {
    return utf8_charlen(s, off);
}

bool utf8_check(const byte *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        byte b = s[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t min;
        if (b >= 0xc2 && b < 0xe0) {
            need = 1;
            min = 0x80;
        } else if (b >= 0xe0 && b < 0xf0) {
            need = 2;
            min = 0x800;
        } else if (b >= 0xf0 && b < 0xf5) {
            need = 3;
            min = 0x10000;
        } else {
            return false;
        }
        if (i + need >= len) {
            return false;
        }
        uint32_t c = b & (0x3f >> need);
        for (size_t k = 1; k <= need; k++) {
            if (!utf8_is_cont(s[i + k])) {
                return false;
            }
            c = (c << 6) | (s[i + k] & 0x3f);
        }
        if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
            return false;
        }
        i += need + 1;
    }
    return true;
}

size_t utf8_encoded_len(uint32_t c) {
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

bool unichar_isspace(uint32_t c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

bool unichar_isalpha(uint32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool unichar_isdigit(uint32_t c) {
    return c >= '0' && c <= '9';
}

bool unichar_isupper(uint32_t c) {
    return c >= 'A' && c <= 'Z';
}

bool unichar_islower(uint32_t c) {
    return c >= 'a' && c <= 'z';
}

bool unichar_isalnum(uint32_t c) {
    return unichar_isalpha(c) || unichar_isdigit(c);
}

bool unichar_isprint(uint32_t c) {
    return (c >= 0x20 && c < 0x7f) || c >= 0xa0;
}

uint32_t unichar_toupper(uint32_t c) {
    return unichar_islower(c) ? c - 0x20 : c;
}

uint32_t unichar_tolower(uint32_t c) {
    return unichar_isupper(c) ? c + 0x20 : c;
}
