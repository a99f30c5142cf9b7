/*
 * Interned strings (qstrs), found by hash table (design note 9).
 *
 * qstr_init loads every qstr named in the sources (build/genhdr/qstrdata.h,
 * static ones first so static qstr N gets number N); later qstrs are
 * numbered in the order they are interned. Per qstr we keep its text,
 * length and 16-bit hash in parallel arrays. The text of run-time qstrs
 * lives in malloc'd chunks outside the GC heap: it holds no object pointers
 * and is never freed while the runtime lives.
 */
#include <stdlib.h>
#include <string.h>

#include "core/qstr.h"
#include "core/runtime.h"

#define QSTR_MAX (65535)     /* qstr numbers are stored in 16 bits */
#define CHUNK_BYTES (4096)

typedef struct _qstr_static_t {
    const char *text;
    size_t len;
} qstr_static_t;

static const qstr_static_t static_qstrs[] = {
#define QDEF(s) {s, sizeof(s) - 1},
#include "genhdr/qstrdata.h"
#undef QDEF
};

typedef struct _qstr_chunk_t {
    struct _qstr_chunk_t *next;
    size_t used, size;
    char data[];
} qstr_chunk_t;

static struct {
    /* per qstr, index = qstr number (0 unused) */
    const char **text;
    uint32_t *len;
    uint16_t *hash;
    size_t count, alloc;
    /* open-addressing index: qstr numbers, 0 = empty; size a power of 2 */
    uint32_t *index;
    size_t index_size;
    qstr_chunk_t *chunks;
    size_t str_bytes;
    bool ready;
} qs;

/* djb2 with xor, as MicroPython: the low 16 bits are the visible hash. */
static size_t hash_full(const byte *data, size_t len) {
    size_t h = 5381;
    for (size_t i = 0; i < len; i++) {
        h = (h * 33) ^ data[i];
    }
    return h;
}

static size_t hash16(size_t full) {
    size_t h = full & 0xffff;
    return h == 0 ? 1 : h;
}

size_t qstr_compute_hash(const byte *data, size_t len) {
    return hash16(hash_full(data, len));
}

size_t mp_str_hash(const byte *data, size_t len) {
    return qstr_compute_hash(data, len);
}

/* Spread the full hash over the index (the 16-bit one is too narrow for
 * big tables). */
static size_t index_slot(size_t full) {
    size_t h = full ^ (full >> 16);
    h *= (size_t)0x9E3779B97F4A7C15ull;
    return (h >> 20) & (qs.index_size - 1);
}

static void *xrealloc(void *p, size_t n) {
    void *r = realloc(p, n);
    if (r == NULL) {
        abort(); /* the C heap is exhausted: no safe way to continue */
    }
    return r;
}

static void index_insert(qstr q, size_t full) {
    size_t i = index_slot(full);
    while (qs.index[i] != 0) {
        i = (i + 1) & (qs.index_size - 1);
    }
    qs.index[i] = (uint32_t)q;
}

static void index_grow(void) {
    size_t n = qs.index_size ? 2 * qs.index_size : 1024;
    free(qs.index);
    qs.index = calloc(n, sizeof(uint32_t));
    if (qs.index == NULL) {
        abort();
    }
    qs.index_size = n;
    for (size_t q = 1; q < qs.count; q++) {
        index_insert(q, hash_full((const byte *)qs.text[q], qs.len[q]));
    }
}

/* Append a qstr whose text is already in permanent storage. */
static qstr add_qstr(const char *text, size_t len, size_t full) {
    if (qs.count >= qs.alloc) {
        size_t na = qs.alloc ? 2 * qs.alloc : 512;
        qs.text = xrealloc(qs.text, na * sizeof(*qs.text));
        qs.len = xrealloc(qs.len, na * sizeof(*qs.len));
        qs.hash = xrealloc(qs.hash, na * sizeof(*qs.hash));
        qs.alloc = na;
    }
    qstr q = qs.count++;
    qs.text[q] = text;
    qs.len[q] = (uint32_t)len;
    qs.hash[q] = (uint16_t)hash16(full);
    if (2 * qs.count > qs.index_size) {
        index_grow(); /* reinserts q too */
    } else {
        index_insert(q, full);
    }
    return q;
}

static qstr find(const char *str, size_t len, size_t full) {
    if (qs.index_size == 0) {
        return MP_QSTRnull;
    }
    size_t i = index_slot(full);
    uint16_t h = (uint16_t)hash16(full);
    for (;;) {
        uint32_t q = qs.index[i];
        if (q == 0) {
            return MP_QSTRnull;
        }
        if (qs.hash[q] == h && qs.len[q] == len && memcmp(qs.text[q], str, len) == 0) {
            return q;
        }
        i = (i + 1) & (qs.index_size - 1);
    }
}

void qstr_init(void) {
    if (qs.ready) {
        return; /* qstrs outlive mp_deinit/mp_init cycles */
    }
    qs.count = 1; /* number 0 is MP_QSTRnull */
    qs.alloc = 0;
    size_t n_static = sizeof(static_qstrs) / sizeof(static_qstrs[0]);
    for (size_t i = 0; i < n_static; i++) {
        const qstr_static_t *s = &static_qstrs[i];
        add_qstr(s->text, s->len, hash_full((const byte *)s->text, s->len));
    }
    qs.text[0] = "";
    qs.len[0] = 0;
    qs.hash[0] = 0;
    qs.ready = true;
}

static char *store_text(const char *str, size_t len) {
    size_t need = len + 1;
    qstr_chunk_t *c = qs.chunks;
    if (c == NULL || c->size - c->used < need) {
        size_t size = need > CHUNK_BYTES / 4 ? need : CHUNK_BYTES;
        c = malloc(sizeof(qstr_chunk_t) + size);
        if (c == NULL) {
            abort();
        }
        c->size = size;
        c->used = 0;
        if (size == CHUNK_BYTES || qs.chunks == NULL) {
            c->next = qs.chunks;
            qs.chunks = c;
        } else {
            /* a one-off big string: keep the current chunk at the head */
            c->next = qs.chunks->next;
            qs.chunks->next = c;
        }
    }
    char *dst = c->data + c->used;
    memcpy(dst, str, len);
    dst[len] = '\0';
    c->used += need;
    qs.str_bytes += need;
    return dst;
}

qstr qstr_from_strn(const char *str, size_t len) {
    if (!qs.ready) {
        qstr_init();
    }
    size_t full = hash_full((const byte *)str, len);
    qstr q = find(str, len, full);
    if (q != MP_QSTRnull) {
        return q;
    }
    if (qs.count > QSTR_MAX || len > UINT32_MAX) {
        /* numbers are 16 bits in .mpy qstr tables and native code: running
         * out is memory exhaustion, as in MicroPython */
        mp_raise_msg(&mp_type_MemoryError, "qstr pool exhausted");
    }
    return add_qstr(store_text(str, len), len, full);
}

qstr qstr_from_str(const char *str) {
    return qstr_from_strn(str, strlen(str));
}

qstr qstr_find_strn(const char *str, size_t len) {
    return find(str, len, hash_full((const byte *)str, len));
}

static inline bool valid(qstr q) {
    return q < qs.count;
}

size_t qstr_hash(qstr q) {
    return valid(q) ? qs.hash[q] : 0;
}

size_t qstr_len(qstr q) {
    return valid(q) ? qs.len[q] : 0;
}

const char *qstr_str(qstr q) {
    return valid(q) ? qs.text[q] : "";
}

const byte *qstr_data(qstr q, size_t *len) {
    *len = qstr_len(q);
    return (const byte *)qstr_str(q);
}

size_t qstr_count(void) {
    return qs.count;
}

void qstr_pool_info(size_t *n_qstr, size_t *n_str_data_bytes, size_t *n_total_bytes) {
    *n_qstr = qs.count;
    *n_str_data_bytes = qs.str_bytes;
    *n_total_bytes = qs.str_bytes
        + qs.alloc * (sizeof(*qs.text) + sizeof(*qs.len) + sizeof(*qs.hash))
        + qs.index_size * sizeof(uint32_t);
}
