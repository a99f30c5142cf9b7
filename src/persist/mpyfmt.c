/*
 * Shared .mpy format helpers: architecture names, varints and the bounds-
 * checked byte reader that every .mpy consumer goes through.
 */
#include <stdio.h>
#include <string.h>
#include "persist/mpyfmt.h"
#include "core/nativecode.h"

static const char *const arch_names[MP_NATIVE_ARCH_NUM] = {
    "none", "x86", "x64", "armv6", "armv6m", "armv7m", "armv7em", "armv7emsp",
    "armv7emdp", "xtensa", "xtensawin", "rv32imc", "rv64imc", "debug",
};

const char *mpy_arch_name(unsigned arch) {
    return arch < MP_NATIVE_ARCH_NUM ? arch_names[arch] : "unknown";
}

int mpy_arch_from_name(const char *name) {
    for (int i = 1; i < MP_NATIVE_ARCH_NUM; i++) {
        if (strcmp(name, arch_names[i]) == 0) {
            return i;
        }
    }
    return -1;
}

mp_int_t mpy_sys_implementation_mpy(void) {
    /* the feature byte this runtime would write: its native arch, if any */
    return MPY_VERSION | ((MPY_SUB_VERSION | (MICA_NATIVE_ARCH << 2)) << 8);
}

size_t mpy_vuint_size(size_t v) {
    size_t n = 1;
    while (v >>= 7) {
        n++;
    }
    return n;
}

size_t mpy_encode_prelude_signature(byte *out, size_t S, size_t E, size_t F, size_t A,
    size_t K, size_t D) {
    size_t n = 0;
    out[n++] = (byte)(((S & 0xf) << 3) | ((E & 1) << 2) | (A & 3));
    S >>= 4;
    E >>= 1;
    A >>= 2;
    while (S | E | F | A | K | D) {
        out[n - 1] |= 0x80;
        out[n++] = (byte)(((F & 1) << 6) | ((S & 3) << 4) | ((K & 1) << 3) | ((A & 1) << 2)
                          | ((E & 1) << 1) | (D & 1));
        S >>= 2;
        E >>= 1;
        F >>= 1;
        A >>= 1;
        K >>= 1;
        D >>= 1;
    }
    return n;
}

size_t mpy_encode_prelude_size(byte *out, size_t I, size_t C) {
    size_t n = 0;
    do {
        byte z = (byte)(((I & 63) << 1) | (C & 1));
        C >>= 1;
        I >>= 6;
        if (C | I) {
            z |= 0x80;
        }
        out[n++] = z;
    } while (C | I);
    return n;
}

void mpy_put_vuint(vstr_t *out, size_t v) {
    byte buf[sizeof(size_t) * 8 / 7 + 1];
    byte *p = buf + sizeof(buf);
    /* groups are stored most significant first; build them backwards */
    *--p = v & 0x7f;
    for (v >>= 7; v != 0; v >>= 7) {
        *--p = 0x80 | (v & 0x7f);
    }
    vstr_add_strn(out, (const char *)p, buf + sizeof(buf) - p);
}

void mpy_put_header(vstr_t *out, unsigned arch, unsigned small_int_bits) {
    vstr_add_byte(out, MPY_MAGIC);
    vstr_add_byte(out, MPY_VERSION);
    vstr_add_byte(out, (byte)(MPY_SUB_VERSION | (arch << 2)));
    vstr_add_byte(out, (byte)small_int_bits);
}

void mpy_put_qstr_inline(vstr_t *out, const char *str, size_t len) {
    mpy_put_vuint(out, len << 1);
    vstr_add_strn(out, str, len);
    vstr_add_byte(out, 0);
}

void mpy_reader_init(mpy_reader_t *r, const byte *data, size_t len, const char *source) {
    r->start = data;
    r->p = data;
    r->end = data + len;
    r->source = source;
}

_Noreturn void mpy_reader_error(mpy_reader_t *r, const char *fmt, ...) {
    char what[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    mp_raise_msg_varg(&mp_type_ValueError, "incompatible .mpy file: %s%s%s at offset %u",
        r->source ? r->source : "", r->source ? ": " : "", what,
        (unsigned)(r->p - r->start));
}

byte mpy_read_byte(mpy_reader_t *r, const char *what) {
    if (r->p >= r->end) {
        mpy_reader_error(r, "truncated (reading %s)", what);
    }
    return *r->p++;
}

size_t mpy_read_vuint(mpy_reader_t *r, const char *what) {
    size_t v = 0;
    for (int n = 0;; n++) {
        if (r->p >= r->end) {
            mpy_reader_error(r, "truncated varint (%s)", what);
        }
        byte b = *r->p++;
        if (v > (SIZE_MAX >> 7) || n >= (int)(sizeof(size_t) * 8 / 7 + 1)) {
            mpy_reader_error(r, "varint too large (%s)", what);
        }
        v = (v << 7) | (b & 0x7f);
        if (!(b & 0x80)) {
            return v;
        }
    }
}

const byte *mpy_read_bytes(mpy_reader_t *r, size_t n, const char *what) {
    if ((size_t)(r->end - r->p) < n) {
        mpy_reader_error(r, "truncated (%s of %u bytes)", what, (unsigned)n);
    }
    const byte *p = r->p;
    r->p += n;
    return p;
}
