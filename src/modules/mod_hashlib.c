/*
 * The `hashlib` module (also `uhashlib`): sha256, sha1 and md5, written
 * from FIPS 180-4 and RFC 1321. All three are Merkle-Damgard hashes over
 * 64-byte blocks, so one object type drives a per-algorithm compression
 * function. As in MicroPython, digest() finishes the hash: a later update()
 * or digest() raises ValueError("hash is final"). hexdigest() (not in
 * MicroPython) is digest() as hex text.
 */
#include <string.h>

#include "core/runtime.h"
#include "modules/modules.h"

typedef struct _hash_algo_t {
    qstr name;
    byte digest_size;
    bool big_endian; /* of the length field and the output words */
    byte n_state;    /* 32-bit state words */
    const uint32_t *init;
    void (*compress)(uint32_t *state, const byte *block);
} hash_algo_t;

typedef struct _hash_t {
    mp_obj_base_t base;
    const hash_algo_t *algo;
    uint64_t total; /* bytes hashed so far */
    uint32_t state[8];
    byte block[64];
    bool final;
} hash_t;

static inline uint32_t rotl(uint32_t x, int n) {
    return (x << n) | (x >> (32 - n));
}
static inline uint32_t rotr(uint32_t x, int n) {
    return (x >> n) | (x << (32 - n));
}
static inline uint32_t load_be(const byte *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline uint32_t load_le(const byte *p) {
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* ---- SHA-256 (FIPS 180-4, 6.2) ------------------------------------------- */

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
};

static const uint32_t sha256_init[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
    0x5be0cd19,
};

static void sha256_compress(uint32_t *h, const byte *block) {
    uint32_t w[64];
    for (int t = 0; t < 16; t++) {
        w[t] = load_be(block + 4 * t);
    }
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int t = 0; t < 64; t++) {
        uint32_t t1 = k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) +
            sha256_k[t] + w[t];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

/* ---- SHA-1 (FIPS 180-4, 6.1) --------------------------------------------- */

static const uint32_t sha1_init[5] = {
    0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0,
};

static void sha1_compress(uint32_t *h, const byte *block) {
    uint32_t w[80];
    for (int t = 0; t < 16; t++) {
        w[t] = load_be(block + 4 * t);
    }
    for (int t = 16; t < 80; t++) {
        w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int t = 0; t < 80; t++) {
        uint32_t f, k;
        if (t < 20) {
            f = (b & c) | (~b & d);
            k = 0x5a827999;
        } else if (t < 40) {
            f = b ^ c ^ d;
            k = 0x6ed9eba1;
        } else if (t < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8f1bbcdc;
        } else {
            f = b ^ c ^ d;
            k = 0xca62c1d6;
        }
        uint32_t tmp = rotl(a, 5) + f + e + k + w[t];
        e = d;
        d = c;
        c = rotl(b, 30);
        b = a;
        a = tmp;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
}

/* ---- MD5 (RFC 1321) -------------------------------------------------------- */

static const uint32_t md5_init[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};

/* per-round shift amounts, and K[i] = floor(abs(sin(i + 1)) * 2**32) */
static const byte md5_s[64] = {
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
};
static const uint32_t md5_k[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
    0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
    0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
    0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
    0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
    0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
    0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
    0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
    0xeb86d391,
};

static void md5_compress(uint32_t *h, const byte *block) {
    uint32_t m[16];
    for (int i = 0; i < 16; i++) {
        m[i] = load_le(block + 4 * i);
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    for (int i = 0; i < 64; i++) {
        uint32_t f;
        int g;
        if (i < 16) {
            f = (b & c) | (~b & d);
            g = i;
        } else if (i < 32) {
            f = (d & b) | (~d & c);
            g = (5 * i + 1) & 15;
        } else if (i < 48) {
            f = b ^ c ^ d;
            g = (3 * i + 5) & 15;
        } else {
            f = c ^ (b | ~d);
            g = (7 * i) & 15;
        }
        uint32_t tmp = d;
        d = c;
        c = b;
        b = b + rotl(a + f + md5_k[i] + m[g], md5_s[i]);
        a = tmp;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
}

static const hash_algo_t algo_sha256 = {
    MP_QSTR_sha256, 32, true, 8, sha256_init, sha256_compress,
};
static const hash_algo_t algo_sha1 = {
    MP_QSTR_sha1, 20, true, 5, sha1_init, sha1_compress,
};
static const hash_algo_t algo_md5 = {
    MP_QSTR_md5, 16, false, 4, md5_init, md5_compress,
};

/* ---- the shared object -------------------------------------------------- */

static void hash_feed(hash_t *h, const byte *data, size_t len) {
    size_t used = (size_t)(h->total & 63);
    h->total += len;
    if (used > 0) {
        size_t take = 64 - used < len ? 64 - used : len;
        memcpy(h->block + used, data, take);
        data += take;
        len -= take;
        if (used + take < 64) {
            return;
        }
        h->algo->compress(h->state, h->block);
    }
    for (; len >= 64; data += 64, len -= 64) {
        h->algo->compress(h->state, data);
    }
    memcpy(h->block, data, len);
}

static hash_t *hash_open(mp_obj_t self_in) {
    hash_t *h = MP_OBJ_TO_PTR(self_in);
    if (h->final) {
        mp_raise_ValueError("hash is final");
    }
    return h;
}

static mp_obj_t hash_update(mp_obj_t self_in, mp_obj_t data) {
    hash_t *h = hash_open(self_in);
    size_t len;
    const byte *p;
    if (mp_obj_is_str(data)) {
        p = (const byte *)mp_obj_str_get_data(data, &len);
    } else {
        mp_buffer_info_t bi;
        mp_get_buffer_raise(data, &bi, MP_BUFFER_READ);
        p = bi.buf;
        len = bi.len;
    }
    hash_feed(h, p, len);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(hash_update_obj, hash_update);

/* pad with 0x80, zeros and the bit length, then emit the state words */
static mp_obj_t hash_digest(mp_obj_t self_in) {
    hash_t *h = hash_open(self_in);
    h->final = true;
    const hash_algo_t *a = h->algo;
    uint64_t bits = h->total * 8;
    size_t used = (size_t)(h->total & 63);
    h->block[used++] = 0x80;
    if (used > 56) {
        memset(h->block + used, 0, 64 - used);
        a->compress(h->state, h->block);
        used = 0;
    }
    memset(h->block + used, 0, 56 - used);
    for (int i = 0; i < 8; i++) {
        h->block[a->big_endian ? 63 - i : 56 + i] = (byte)(bits >> (8 * i));
    }
    a->compress(h->state, h->block);
    byte out[32];
    for (int i = 0; i < a->n_state; i++) {
        uint32_t w = h->state[i];
        for (int j = 0; j < 4; j++) {
            out[4 * i + j] = (byte)(a->big_endian ? w >> (24 - 8 * j) : w >> (8 * j));
        }
    }
    return mp_obj_new_bytes(out, a->digest_size);
}
static MP_DEFINE_CONST_FUN_OBJ_1(hash_digest_obj, hash_digest);

static mp_obj_t hash_hexdigest(mp_obj_t self_in) {
    mp_obj_t d = hash_digest(self_in);
    size_t len;
    const byte *p = (const byte *)mp_obj_str_get_data(d, &len);
    static const char digits[] = "0123456789abcdef";
    char buf[64];
    for (size_t i = 0; i < len; i++) {
        buf[2 * i] = digits[p[i] >> 4];
        buf[2 * i + 1] = digits[p[i] & 15];
    }
    return mp_obj_new_str(buf, 2 * len);
}
static MP_DEFINE_CONST_FUN_OBJ_1(hash_hexdigest_obj, hash_hexdigest);

static const mp_rom_map_elem_t hash_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_update), MP_ROM_PTR(&hash_update_obj)},
    {MP_ROM_QSTR(MP_QSTR_digest), MP_ROM_PTR(&hash_digest_obj)},
    {MP_ROM_QSTR(MP_QSTR_hexdigest), MP_ROM_PTR(&hash_hexdigest_obj)},
};
static MP_DEFINE_CONST_DICT(hash_locals, hash_locals_table);

static const hash_algo_t *algo_of(const mp_obj_type_t *type);

/* sha256([data]) etc.: the type decides the algorithm */
static mp_obj_t hash_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 1, false);
    hash_t *h = m_new_obj(hash_t);
    h->base.type = type;
    h->algo = algo_of(type);
    h->total = 0;
    h->final = false;
    memcpy(h->state, h->algo->init, h->algo->n_state * sizeof(uint32_t));
    if (n_args == 1) {
        hash_update(MP_OBJ_FROM_PTR(h), args[0]);
    }
    return MP_OBJ_FROM_PTR(h);
}

#define HASH_TYPE(NAME) \
    static const mp_obj_type_t hash_type_##NAME = { \
        .base = {&mp_type_type}, \
        .name = MP_QSTR_##NAME, \
        MP_TYPE_SLOT(make_new, hash_make_new), \
        MP_TYPE_SLOT(locals_dict, &hash_locals), \
    }
HASH_TYPE(sha256);
HASH_TYPE(sha1);
HASH_TYPE(md5);

static const hash_algo_t *algo_of(const mp_obj_type_t *type) {
    return type == &hash_type_sha256 ? &algo_sha256 : type == &hash_type_sha1 ? &algo_sha1
        : &algo_md5;
}

static const mp_rom_map_elem_t hashlib_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_hashlib)},
    {MP_ROM_QSTR(MP_QSTR_sha256), MP_ROM_PTR(&hash_type_sha256)},
    {MP_ROM_QSTR(MP_QSTR_sha1), MP_ROM_PTR(&hash_type_sha1)},
    {MP_ROM_QSTR(MP_QSTR_md5), MP_ROM_PTR(&hash_type_md5)},
};
static MP_DEFINE_CONST_DICT(hashlib_module_globals, hashlib_module_table);

const mp_obj_module_t mp_module_hashlib = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&hashlib_module_globals,
};
