/*
 * Typecode helpers shared by struct, array, memoryview and the native
 * function table (entries 69-71): sizes, alignments, and reading/writing
 * one value of a typecode in memory. See binary.h for the typecodes.
 */
#include <string.h>

#include "core/runtime.h"
#include "modules/binary.h"
#include "types/mpz.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define NATIVE_BIG_ENDIAN (true)
#else
#define NATIVE_BIG_ENDIAN (false)
#endif

/* native size of a typecode, 0 if unknown */
static size_t native_size(char val_type) {
    switch (val_type) {
        case 'b': case 'B': case 'x': case 's': return 1;
        case 'h': case 'H': case 'e': return 2;
        case 'i': case 'I': case 'f': return 4;
        case 'l': case 'L': return sizeof(long);
        case 'q': case 'Q': case 'd': return 8;
        case 'P': case 'O': return sizeof(void *);
        default: return 0;
    }
}

size_t mp_binary_get_size(char struct_type, char val_type, size_t *palign) {
    size_t size = native_size(val_type);
    if (size == 0) {
        mp_raise_ValueError("bad typecode");
    }
    size_t align = 1;
    if (struct_type == '@') {
        align = size; /* every type is aligned to its size on the hosts we run on */
    } else if (val_type == 'l' || val_type == 'L') {
        size = 4; /* standard size */
    }
    if (palign != NULL) {
        *palign = align;
    }
    return size;
}

size_t mp_binary_array_item_size(char typecode) {
    if (typecode == 'x' || typecode == 's') {
        return 0;
    }
    return native_size(typecode);
}

/* ---- raw integers -------------------------------------------------------- */

uint64_t mp_binary_get_uint(const byte *p, size_t size, bool big_endian) {
    uint64_t v = 0;
    if (big_endian) {
        for (size_t i = 0; i < size; i++) {
            v = (v << 8) | p[i];
        }
    } else {
        for (size_t i = size; i-- > 0;) {
            v = (v << 8) | p[i];
        }
    }
    return v;
}

void mp_binary_put_uint(byte *p, size_t size, bool big_endian, uint64_t v) {
    for (size_t i = 0; i < size; i++) {
        p[big_endian ? size - 1 - i : i] = (byte)v;
        v >>= 8;
    }
}

uint64_t mp_binary_int_bits(mp_obj_t v) {
    if (mp_obj_is_small_int(v)) {
        return (uint64_t)(int64_t)MP_OBJ_SMALL_INT_VALUE(v);
    }
    if (mp_obj_int_is_big(v)) {
        return mpz_to_uint64_trunc(&((mp_obj_int_t *)MP_OBJ_TO_PTR(v))->mpz);
    }
    /* bools, and the runtime's TypeError("can't convert X to int") otherwise */
    return (uint64_t)(int64_t)mp_obj_get_int(v);
}

static bool is_signed(char val_type) {
    return val_type == 'b' || val_type == 'h' || val_type == 'i' || val_type == 'l' ||
           val_type == 'q';
}

/* an integer of val_type from its raw bits */
static mp_obj_t int_from_bits(char val_type, uint64_t u, size_t size) {
    if (is_signed(val_type)) {
        if (size < 8 && ((u >> (8 * size - 1)) & 1)) {
            u |= ~0ULL << (8 * size); /* sign-extend */
        }
        int64_t s = (int64_t)u;
        if (MP_SMALL_INT_FITS_(s)) {
            return MP_OBJ_NEW_SMALL_INT((mp_int_t)s);
        }
        return mp_obj_new_int_from_ll(s);
    }
    if (u <= (uint64_t)MP_SMALL_INT_MAX_) {
        return MP_OBJ_NEW_SMALL_INT((mp_int_t)u);
    }
    return mp_obj_new_int_from_ull(u);
}

/* ---- half floats --------------------------------------------------------- */

float mp_binary_half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h >> 15) << 31;
    int exp = (h >> 10) & 0x1f;
    uint32_t mant = h & 0x3ff;
    uint32_t bits;
    if (exp == 0x1f) {
        bits = sign | 0x7f800000u | (mant << 13); /* inf / nan */
    } else if (exp != 0) {
        bits = sign | ((uint32_t)(exp - 15 + 127) << 23) | (mant << 13);
    } else if (mant == 0) {
        bits = sign; /* signed zero */
    } else {
        /* subnormal half: normalise into a float */
        int e = -14;
        while (!(mant & 0x400)) {
            mant <<= 1;
            e--;
        }
        bits = sign | ((uint32_t)(e + 127) << 23) | ((mant & 0x3ff) << 13);
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

uint16_t mp_binary_float_to_half(float f) {
    uint32_t bits;
    memcpy(&bits, &f, 4);
    uint16_t sign = (uint16_t)((bits >> 16) & 0x8000);
    int exp = (int)((bits >> 23) & 0xff);
    uint32_t mant = bits & 0x7fffff;
    if (exp == 0xff) {
        return sign | 0x7c00 | (mant ? 0x200 : 0); /* inf / nan */
    }
    int e = exp - 127 + 15;
    if (e >= 0x1f) {
        return sign | 0x7c00; /* overflow to inf */
    }
    if (e <= 0) {
        if (e < -10) {
            return sign; /* underflow to zero */
        }
        /* subnormal: shift the mantissa (with its hidden bit) into place,
         * rounding to nearest even */
        mant |= 0x800000;
        int shift = 14 - e;
        uint32_t half = mant >> shift;
        uint32_t rem = mant & ((1u << shift) - 1);
        uint32_t mid = 1u << (shift - 1);
        if (rem > mid || (rem == mid && (half & 1))) {
            half++;
        }
        return sign | (uint16_t)half;
    }
    uint32_t half = ((uint32_t)e << 10) | (mant >> 13);
    uint32_t rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1))) {
        half++; /* may carry into the exponent, which is still right */
    }
    return sign | (uint16_t)half;
}

/* ---- one value in a given byte order ------------------------------------- */

mp_obj_t mp_binary_get_val(char struct_type, char val_type, const byte *p) {
    size_t size = mp_binary_get_size(struct_type, val_type, NULL);
    bool big = struct_type == '@' ? NATIVE_BIG_ENDIAN : (struct_type == '>' || struct_type == '!');
    uint64_t u = mp_binary_get_uint(p, size, big);
    switch (val_type) {
        case 'e':
            return mp_obj_new_float(mp_binary_half_to_float((uint16_t)u));
        case 'f': {
            uint32_t b32 = (uint32_t)u;
            float f;
            memcpy(&f, &b32, 4);
            return mp_obj_new_float(f);
        }
        case 'd': {
            double d;
            memcpy(&d, &u, 8);
            return mp_obj_new_float(d);
        }
        case 'O':
            return (mp_obj_t)(uintptr_t)u;
        default:
            return int_from_bits(val_type, u, size);
    }
}

void mp_binary_set_val(char struct_type, char val_type, mp_obj_t v, byte *p) {
    size_t size = mp_binary_get_size(struct_type, val_type, NULL);
    bool big = struct_type == '@' ? NATIVE_BIG_ENDIAN : (struct_type == '>' || struct_type == '!');
    uint64_t u;
    switch (val_type) {
        case 'e':
            u = mp_binary_float_to_half((float)mp_obj_get_float(v));
            break;
        case 'f': {
            float f = (float)mp_obj_get_float(v);
            uint32_t b32;
            memcpy(&b32, &f, 4);
            u = b32;
            break;
        }
        case 'd': {
            double d = mp_obj_get_float(v);
            memcpy(&u, &d, 8);
            break;
        }
        case 'O':
            u = (uintptr_t)v;
            break;
        default:
            u = mp_binary_int_bits(v);
            break;
    }
    mp_binary_put_uint(p, size, big, u);
}

/* ---- native arrays ------------------------------------------------------- */

/* Loads and stores go through memcpy: the item may be unaligned (a
 * memoryview into bytes at an odd offset), and compilers turn a fixed-size
 * memcpy into a single move. */
#define DEFINE_LOAD_STORE(T, NAME) \
    static inline T load_##NAME(const void *p, size_t i) { \
        T v; \
        memcpy(&v, (const byte *)p + i * sizeof(T), sizeof(T)); \
        return v; \
    } \
    static inline void store_##NAME(void *p, size_t i, T v) { \
        memcpy((byte *)p + i * sizeof(T), &v, sizeof(T)); \
    }
DEFINE_LOAD_STORE(int8_t, i8)
DEFINE_LOAD_STORE(uint8_t, u8)
DEFINE_LOAD_STORE(int16_t, i16)
DEFINE_LOAD_STORE(uint16_t, u16)
DEFINE_LOAD_STORE(int32_t, i32)
DEFINE_LOAD_STORE(uint32_t, u32)
DEFINE_LOAD_STORE(float, f32)
DEFINE_LOAD_STORE(double, f64)
DEFINE_LOAD_STORE(mp_obj_t, obj)

mp_obj_t mp_binary_get_val_array(char typecode, void *p, size_t index) {
    switch (typecode) {
        case 'b': return MP_OBJ_NEW_SMALL_INT(load_i8(p, index));
        case 'B': return MP_OBJ_NEW_SMALL_INT(load_u8(p, index));
        case 'h': return MP_OBJ_NEW_SMALL_INT(load_i16(p, index));
        case 'H': return MP_OBJ_NEW_SMALL_INT(load_u16(p, index));
        /* 32-bit values need not be small ints (31 bits on 32-bit words) */
        case 'i': return mp_obj_new_int(load_i32(p, index));
        case 'I': return mp_obj_new_int_from_uint(load_u32(p, index));
        case 'f': return mp_obj_new_float(load_f32(p, index));
        case 'd': return mp_obj_new_float(load_f64(p, index));
        case 'O': return load_obj(p, index);
        default: {
            size_t size = native_size(typecode);
            if (size == 0 || typecode == 'x' || typecode == 's') {
                mp_raise_ValueError("bad typecode");
            }
            return mp_binary_get_val('@', typecode, (const byte *)p + index * size);
        }
    }
}

void mp_binary_set_val_array(char typecode, void *p, size_t index, mp_obj_t v) {
    switch (typecode) {
        case 'f':
            store_f32(p, index, (float)mp_obj_get_float(v));
            return;
        case 'd':
            store_f64(p, index, (double)mp_obj_get_float(v));
            return;
        case 'O':
            store_obj(p, index, v);
            return;
        default: {
            size_t size = native_size(typecode);
            if (size == 0 || typecode == 'x' || typecode == 's') {
                mp_raise_ValueError("bad typecode");
            }
            mp_binary_set_val('@', typecode, v, (byte *)p + index * size);
            return;
        }
    }
}

void mp_binary_set_val_array_from_int(char typecode, void *p, size_t index, mp_int_t v) {
    switch (typecode) {
        case 'b': case 'B': store_u8(p, index, (uint8_t)v); return;
        case 'h': case 'H': store_u16(p, index, (uint16_t)v); return;
        case 'i': case 'I': store_u32(p, index, (uint32_t)v); return;
        case 'f': store_f32(p, index, (float)v); return;
        case 'd': store_f64(p, index, (double)v); return;
        case 'O': store_obj(p, index, mp_obj_new_int(v)); return;
        default: {
            size_t size = native_size(typecode);
            if (size == 0 || typecode == 'x' || typecode == 's') {
                mp_raise_ValueError("bad typecode");
            }
            mp_binary_put_uint((byte *)p + index * size, size, NATIVE_BIG_ENDIAN,
                (uint64_t)(int64_t)v);
            return;
        }
    }
}
