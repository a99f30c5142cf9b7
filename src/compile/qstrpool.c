/*
 * The "already a qstr?" set of the reference compiler, used for the string
 * interning rule (compiler-behaviour.md 7.2). See qstrpool.h.
 */
#include <string.h>

#include "core/gc.h"
#include "compile/qstrpool.h"

/* Built-in qstrs of the reference mpy-cross longer than 10 bytes (shorter
 * strings are always interned, so they never need looking up). */
static const char *const builtin_long_qstrs[] = {
#define POOL(s) s,
#include "compile/qstrpool_data.h"
#undef POOL
};

static size_t pool_hash(const char *str, size_t len) {
    size_t h = 5381;
    for (size_t i = 0; i < len; i++) {
        h = (h * 33) ^ (unsigned char)str[i];
    }
    return h;
}

static bool builtin_contains(const char *str, size_t len) {
    for (size_t i = 0; i < sizeof(builtin_long_qstrs) / sizeof(builtin_long_qstrs[0]); i++) {
        const char *b = builtin_long_qstrs[i];
        if (strlen(b) == len && memcmp(b, str, len) == 0) {
            return true;
        }
    }
    return false;
}

void mp_qstr_pool_init(mp_qstr_pool_t *pool) {
    pool->used = 0;
    pool->alloc = 64;
    pool->table = m_new0(mp_qstr_pool_entry_t, pool->alloc);
}

static void pool_insert(mp_qstr_pool_entry_t *table, size_t alloc, const char *str, size_t len) {
    size_t i = pool_hash(str, len) & (alloc - 1);
    while (table[i].str != NULL) {
        i = (i + 1) & (alloc - 1);
    }
    table[i].str = str;
    table[i].len = len;
}

void mp_qstr_pool_add(mp_qstr_pool_t *pool, const char *str, size_t len) {
    if (len <= 10 || mp_qstr_pool_contains(pool, str, len)) {
        /* short strings are interned regardless, no need to remember them */
        return;
    }
    if ((pool->used + 1) * 2 > pool->alloc) {
        size_t new_alloc = pool->alloc * 2;
        mp_qstr_pool_entry_t *t = m_new0(mp_qstr_pool_entry_t, new_alloc);
        for (size_t i = 0; i < pool->alloc; i++) {
            if (pool->table[i].str != NULL) {
                pool_insert(t, new_alloc, pool->table[i].str, pool->table[i].len);
            }
        }
        pool->table = t;
        pool->alloc = new_alloc;
    }
    pool_insert(pool->table, pool->alloc, str, len);
    pool->used++;
}

bool mp_qstr_pool_contains(const mp_qstr_pool_t *pool, const char *str, size_t len) {
    if (len <= 10) {
        return true;
    }
    size_t i = pool_hash(str, len) & (pool->alloc - 1);
    while (pool->table[i].str != NULL) {
        if (pool->table[i].len == len && memcmp(pool->table[i].str, str, len) == 0) {
            return true;
        }
        i = (i + 1) & (pool->alloc - 1);
    }
    return builtin_contains(str, len);
}
