/*
 * UTF-8 and character-class helpers used by str, bytes and the formatters
 * (containers subsystem). str objects store UTF-8; indexes that Python code
 * sees are code-point indexes, so these helpers translate between the two.
 */
#ifndef MICA_TYPES_UNICODE_H
#define MICA_TYPES_UNICODE_H

#include "core/obj.h"

/* a continuation byte 10xxxxxx never starts a code point */
static inline bool utf8_is_cont(byte b) {
    return (b & 0xc0) == 0x80;
}

/* number of code points in valid UTF-8 data */
size_t utf8_charlen(const byte *s, size_t len);
/* decode the code point at *p and advance *p past it */
uint32_t utf8_get_char(const byte **p);
/* pointer to the code point number `idx` (idx <= number of code points) */
const byte *utf8_at_index(const byte *s, size_t len, size_t idx);
/* code-point index of byte offset `off` (off must start a code point) */
size_t utf8_index_of(const byte *s, size_t off);
/* true if the data is well-formed UTF-8 (no overlong forms or surrogates) */
bool utf8_check(const byte *s, size_t len);
/* bytes needed to encode c */
size_t utf8_encoded_len(uint32_t c);

/* ASCII-only classification, as MicroPython's str methods behave */
bool unichar_isspace(uint32_t c);
bool unichar_isalpha(uint32_t c);
bool unichar_isdigit(uint32_t c);
bool unichar_isupper(uint32_t c);
bool unichar_islower(uint32_t c);
bool unichar_isalnum(uint32_t c);
bool unichar_isprint(uint32_t c); /* for repr: non-ASCII counts as printable */
uint32_t unichar_toupper(uint32_t c);
uint32_t unichar_tolower(uint32_t c);

#endif
