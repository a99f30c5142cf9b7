/*
 * The set of strings that count as "already a qstr" when the lexer decides
 * whether a string literal longer than 10 bytes is interned
 * (compiler-behaviour.md 7.2): the reference mpy-cross's built-in qstrs
 * (embedded from mpy-cross-qstr-pool.txt), the source file path and -s name,
 * and every identifier and interned string literal read so far.
 *
 * Mica's own runtime qstr table is deliberately NOT consulted: its contents
 * differ from mpy-cross's, and the decision must match the reference for the
 * output to be byte-identical. One pool lives for one parse, in the GC heap.
 */
#ifndef MICA_COMPILE_QSTRPOOL_H
#define MICA_COMPILE_QSTRPOOL_H

#include "core/obj.h"

typedef struct _mp_qstr_pool_entry_t {
    const char *str;
    size_t len;
} mp_qstr_pool_entry_t;

typedef struct _mp_qstr_pool_t {
    size_t used, alloc; /* open addressing, alloc is a power of two */
    mp_qstr_pool_entry_t *table;
} mp_qstr_pool_t;

void mp_qstr_pool_init(mp_qstr_pool_t *pool);
/* add a string (the pool keeps the pointer: it must stay alive, e.g. qstr data) */
void mp_qstr_pool_add(mp_qstr_pool_t *pool, const char *str, size_t len);
/* whether the reference would consider this text an existing qstr */
bool mp_qstr_pool_contains(const mp_qstr_pool_t *pool, const char *str, size_t len);

#endif
