/*
 * The garbage-collected heap: a fixed-size region, mark and sweep,
 * conservative scan of the C stack, registers and every live heap block,
 * plus an explicit list of root pointers (design note 10).
 */
#ifndef MICA_CORE_GC_H
#define MICA_CORE_GC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GC_BLOCK_BYTES (16) /* allocation granule: 2 words on 64-bit */

void gc_init(void *start, void *end);
void gc_deinit(void);
/* Allocates n bytes (zeroed). Returns NULL when the heap is exhausted even
 * after a collection; `has_finaliser` marks blocks whose object's type has a
 * __del__ (reserved, may be ignored). */
void *gc_alloc(size_t n_bytes, bool has_finaliser);
void gc_free(void *ptr);
void *gc_realloc(void *ptr, size_t n_bytes, bool allow_move);
size_t gc_nbytes(const void *ptr); /* usable size of a block, 0 if not a heap pointer */
void gc_collect(void);
void gc_lock(void);   /* heap_lock: allocation raises MemoryError */
void gc_unlock(void);
bool gc_is_locked(void);
void gc_enable(bool enable); /* gc.enable()/disable(): automatic collection */
bool gc_is_enabled(void);
void gc_set_stress(bool on); /* collect before every allocation (tests) */

typedef struct _gc_info_t {
    size_t total; /* bytes */
    size_t used;
    size_t free;
    size_t max_free; /* largest free run, bytes */
    size_t num_1block, num_2block, max_block;
} gc_info_t;
void gc_info(gc_info_t *info);

/* Finalisers (for objects that own something outside the heap, such as a
 * FILE*): fn(ptr) runs once when a collection finds the block at ptr
 * unreachable, before its memory is reused; gc_deinit runs those still
 * pending. fn runs inside the collector with the heap locked: it must not
 * allocate, raise or keep ptr. ptr must be the start of a live block; a NULL
 * fn removes the finaliser. gc_free drops a block's finaliser without
 * running it; gc_realloc carries it to a moved block. */
typedef void (*gc_finaliser_t)(void *ptr);
void gc_set_finaliser(void *ptr, gc_finaliser_t fn);

/* Explicit roots: each registered address holds a pointer (or a word that
 * may point into a block, possibly with the low bit set as Thumb code
 * addresses have) that is scanned at every collection. */
void gc_root_add(void **root);
void gc_root_remove(void **root);
/* A contiguous range of words scanned as roots (e.g. the VM's state). */
void gc_root_add_range(void **start, size_t n_words);
void gc_root_remove_range(void **start);

/* Memory API used by the rest of the runtime: raises MemoryError on failure. */
void *m_malloc(size_t num_bytes);
void *m_malloc0(size_t num_bytes);
void *m_malloc_maybe(size_t num_bytes); /* NULL on failure, no exception */
void *m_realloc(void *ptr, size_t new_num_bytes);
void *m_realloc_maybe(void *ptr, size_t new_num_bytes, bool allow_move);
void m_free(void *ptr);
#define m_new(type, num) ((type *)(m_malloc(sizeof(type) * (num))))
#define m_new0(type, num) ((type *)(m_malloc0(sizeof(type) * (num))))
#define m_new_obj(type) (m_new(type, 1))
#define m_new_obj_var(obj_type, var_field, var_type, var_num) \
    ((obj_type *)m_malloc(offsetof(obj_type, var_field) + sizeof(var_type) * (var_num)))
#define m_renew(type, ptr, old_num, new_num) \
    ((type *)(m_realloc((ptr), sizeof(type) * (new_num))))
#define m_del(type, ptr, num) m_free(ptr)

#endif
