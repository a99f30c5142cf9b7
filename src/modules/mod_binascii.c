/*
 * The `binascii` module (also `ubinascii`): hexlify/unhexlify,
 * a2b_base64/b2a_base64 and crc32 (the zlib CRC-32). Every function takes
 * str or any bytes-like object and returns bytes (crc32 an int).
 */
#include <string.h>

#include "core/runtime.h"
#include "modules/modules.h"

static const byte *data_arg(mp_obj_t o, size_t *len) {
    if (mp_obj_is_str(o)) {
        return (const byte *)mp_obj_str_get_data(o, len);
    }
    mp_buffer_info_t bi;
    mp_get_buffer_raise(o, &bi, MP_BUFFER_READ);
    *len = bi.len;
    return bi.buf;
}

/* ---- hex ------------------------------------------------------------------ */

/* hexlify(data[, sep]): sep goes between every two bytes */
static mp_obj_t binascii_hexlify(size_t n_args, const mp_obj_t *args) {
    size_t len, sep_len = 0;
    const byte *in = data_arg(args[0], &len);
    const byte *sep = NULL;
    if (n_args > 1 && args[1] != mp_const_none) {
        sep = data_arg(args[1], &sep_len);
    }
    if (len == 0) {
        return mp_const_empty_bytes;
    }
    static const char digits[] = "0123456789abcdef";
    vstr_t v;
    vstr_init_len(&v, 2 * len + sep_len * (len - 1));
    char *out = v.buf;
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && sep_len > 0) {
            memcpy(out, sep, sep_len);
            out += sep_len;
        }
        *out++ = digits[in[i] >> 4];
        *out++ = digits[in[i] & 15];
    }
    return mp_obj_new_bytes_from_vstr(&v);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(binascii_hexlify_obj, 1, 2, binascii_hexlify);

static int hex_value(byte c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c |= 0x20; /* lower case */
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

static mp_obj_t binascii_unhexlify(mp_obj_t data) {
    size_t len;
    const byte *in = data_arg(data, &len);
    if (len & 1) {
        mp_raise_ValueError("odd-length string");
    }
    vstr_t v;
    vstr_init_len(&v, len / 2);
    for (size_t i = 0; i < len; i += 2) {
        int hi = hex_value(in[i]), lo = hex_value(in[i + 1]);
        if (hi < 0 || lo < 0) {
            mp_raise_ValueError("non-hex digit found");
        }
        v.buf[i / 2] = (char)(hi << 4 | lo);
    }
    return mp_obj_new_bytes_from_vstr(&v);
}
static MP_DEFINE_CONST_FUN_OBJ_1(binascii_unhexlify_obj, binascii_unhexlify);

/* ---- base64 --------------------------------------------------------------- */

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_value(byte c) {
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* a2b_base64(data): characters outside the alphabet are skipped, as in
 * CPython's default (non-strict) mode; decoding stops at padding */
static mp_obj_t binascii_a2b_base64(mp_obj_t data) {
    size_t len;
    const byte *in = data_arg(data, &len);
    vstr_t v;
    vstr_init(&v, len / 4 * 3 + 3);
    uint32_t acc = 0;
    size_t n = 0; /* sextets in acc */
    bool padded = false;
    for (size_t i = 0; i < len; i++) {
        if (in[i] == '=') {
            if (n >= 2) {
                padded = true;
                break;
            }
            continue;
        }
        int d = b64_value(in[i]);
        if (d < 0) {
            continue;
        }
        acc = acc << 6 | (uint32_t)d;
        if (++n == 4) {
            vstr_add_byte(&v, (byte)(acc >> 16));
            vstr_add_byte(&v, (byte)(acc >> 8));
            vstr_add_byte(&v, (byte)acc);
            acc = 0;
            n = 0;
        }
    }
    if (n == 1 || (n > 0 && !padded)) {
        mp_raise_ValueError("incorrect padding");
    }
    if (n == 2) {
        vstr_add_byte(&v, (byte)(acc >> 4));
    } else if (n == 3) {
        vstr_add_byte(&v, (byte)(acc >> 10));
        vstr_add_byte(&v, (byte)(acc >> 2));
    }
    return mp_obj_new_bytes_from_vstr(&v);
}
static MP_DEFINE_CONST_FUN_OBJ_1(binascii_a2b_base64_obj, binascii_a2b_base64);

/* b2a_base64(data, *, newline=True) */
static mp_obj_t binascii_b2a_base64(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    static const mp_arg_t allowed[] = {
        {MP_QSTR_data, MP_ARG_OBJ | MP_ARG_REQUIRED, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_newline, MP_ARG_BOOL | MP_ARG_KW_ONLY, {.u_bool = true}},
    };
    mp_arg_val_t vals[2];
    mp_arg_parse_all(n_args, args, kw, 2, allowed, vals);
    size_t len;
    const byte *in = data_arg(vals[0].u_obj, &len);
    bool newline = vals[1].u_bool;
    vstr_t v;
    vstr_init_len(&v, (len + 2) / 3 * 4 + (newline ? 1 : 0));
    char *out = v.buf;
    size_t i = 0;
    for (; i + 3 <= len; i += 3) {
        uint32_t acc = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        *out++ = b64_alphabet[acc >> 18];
        *out++ = b64_alphabet[(acc >> 12) & 63];
        *out++ = b64_alphabet[(acc >> 6) & 63];
        *out++ = b64_alphabet[acc & 63];
    }
    if (i < len) {
        uint32_t acc = (uint32_t)in[i] << 16 | (i + 1 < len ? (uint32_t)in[i + 1] << 8 : 0);
        *out++ = b64_alphabet[acc >> 18];
        *out++ = b64_alphabet[(acc >> 12) & 63];
        *out++ = i + 1 < len ? b64_alphabet[(acc >> 6) & 63] : '=';
        *out++ = '=';
    }
    if (newline) {
        *out++ = '\n';
    }
    return mp_obj_new_bytes_from_vstr(&v);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(binascii_b2a_base64_obj, 1, binascii_b2a_base64);

/* ---- crc32 ---------------------------------------------------------------- */

/* CRC-32 (polynomial 0xEDB88320 reflected, as zlib), continuing from crc */
uint32_t mp_crc32_update(uint32_t crc, const byte *data, size_t len) {
    static uint32_t table[256];
    if (table[1] == 0) {
        for (uint32_t n = 0; n < 256; n++) {
            uint32_t c = n;
            for (int k = 0; k < 8; k++) {
                c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
    }
    crc = ~crc;
    for (size_t i = 0; i < len; i++) {
        crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    }
    return ~crc;
}

static mp_obj_t binascii_crc32(size_t n_args, const mp_obj_t *args) {
    size_t len;
    const byte *in = data_arg(args[0], &len);
    uint32_t crc = n_args > 1 ? (uint32_t)mp_obj_get_int_truncated(args[1]) : 0;
    return mp_obj_new_int_from_uint(mp_crc32_update(crc, in, len));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(binascii_crc32_obj, 1, 2, binascii_crc32);

static const mp_rom_map_elem_t binascii_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_binascii)},
    {MP_ROM_QSTR(MP_QSTR_hexlify), MP_ROM_PTR(&binascii_hexlify_obj)},
    {MP_ROM_QSTR(MP_QSTR_unhexlify), MP_ROM_PTR(&binascii_unhexlify_obj)},
    {MP_ROM_QSTR(MP_QSTR_a2b_base64), MP_ROM_PTR(&binascii_a2b_base64_obj)},
    {MP_ROM_QSTR(MP_QSTR_b2a_base64), MP_ROM_PTR(&binascii_b2a_base64_obj)},
    {MP_ROM_QSTR(MP_QSTR_crc32), MP_ROM_PTR(&binascii_crc32_obj)},
};
static MP_DEFINE_CONST_DICT(binascii_module_globals, binascii_module_table);

const mp_obj_module_t mp_module_binascii = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&binascii_module_globals,
};
