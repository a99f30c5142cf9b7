/*
 * The garbage collector: a fixed heap split into 16-byte blocks, mark and
 * sweep, conservative scanning (design note 10).
 *
 * Layout of the region given to gc_init:
 *   [ allocation table: 2 bits per block ][ padding ][ blocks ... ]
 * A block is FREE, the HEAD of an allocation, a TAIL (continuation of the
 * allocation that starts at the nearest HEAD before it), or a marked head
 * (MARK) during a collection. Four blocks share one table byte.
 *
 * Roots: the callee-saved registers (spilled onto the stack first), the C
 * stack from the current stack pointer up to mp_state.stack_top, and the
 * explicit root list (gc_root_add*). Marking uses a bounded explicit stack;
 * when it overflows, marked blocks are found again by rescanning the table,
 * so a deep object graph never recurses in C.
 *
 * Finalisers live in a side table of (block address, function) pairs
 * outside the heap, so the table never keeps a block alive, plus one bit
 * per block saying "this block has an entry", so that gc_free stays O(1)
 * for every other block. After marking and before sweeping, the finaliser
 * of every unmarked block in the table runs (the block's memory is still
 * intact then) and its entry is dropped.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "core/gc.h"
#include "core/runtime.h"

#define AT_FREE (0)
#define AT_HEAD (1)
#define AT_TAIL (2)
#define AT_MARK (3)

#define BLOCKS_PER_ATB (4)
#define WORDS_PER_BLOCK (GC_BLOCK_BYTES / sizeof(uintptr_t))
#define MARK_STACK_SIZE (1024)
/* Search hints by minimum run length: hint[k] is for runs of k+1 blocks
 * while k < N_SMALL_HINTS, then for runs of 2^(k - N_SMALL_HINTS + 5)
 * blocks (32, 64, ... 2^28). */
#define N_SMALL_HINTS (16)
#define N_HINTS (N_SMALL_HINTS + 24)

/* The conservative scan reads arbitrary stack words and whole heap blocks;
 * sanitizers must not treat those reads as bugs. */
#if defined(__SANITIZE_ADDRESS__)
#define GC_NO_SANITIZE __attribute__((no_sanitize_address))
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GC_NO_SANITIZE __attribute__((no_sanitize_address))
#endif
#endif
#ifndef GC_NO_SANITIZE
#define GC_NO_SANITIZE
#else
/* With use-after-return detection, ASan moves locals to a heap "fake
 * stack" that the stack scan cannot see, and live objects would be freed.
 * Turn it off by default (ASAN_OPTIONS still overrides). */
const char *__asan_default_options(void);
const char *__asan_default_options(void) {
    return "detect_stack_use_after_return=0";
}
#endif

typedef struct _gc_fin_t {
    void *ptr;
    gc_finaliser_t fn;
} gc_fin_t;

typedef struct _gc_root_range_t {
    void **start;
    size_t n_words;
} gc_root_range_t;

static struct {
    byte *atb;             /* allocation table */
    uintptr_t pool_start;  /* first block */
    uintptr_t pool_end;    /* one past the last block */
    size_t n_blocks;
    /* Search hints: no free run of at least hint_len(k) blocks starts below
     * hint[k]. Without them a program that leaves one-block holes
     * everywhere makes every larger allocation walk the whole used part of
     * the heap. */
    size_t hint[N_HINTS];
    int lock_depth;
    bool enabled;
    bool stress;
    bool collecting;
    /* mark stack: block numbers of marked heads whose words are not scanned yet */
    size_t mark_sp;
    bool mark_overflow;
    size_t mark_stack[MARK_STACK_SIZE];
    /* explicit roots (malloc'd: they are not heap objects) */
    gc_root_range_t *roots;
    size_t n_roots, roots_alloc;
    /* finaliser table (malloc'd, not scanned) */
    gc_fin_t *fins;
    size_t n_fins, fins_alloc;
    byte *fin_bits; /* one bit per block, calloc'd on first use */
} gc;

/* ---- allocation table access ---------------------------------------- */

static inline unsigned atb_get(size_t block) {
    return (gc.atb[block / BLOCKS_PER_ATB] >> (2 * (block % BLOCKS_PER_ATB))) & 3;
}

static inline void atb_set(size_t block, unsigned kind) {
    byte *b = &gc.atb[block / BLOCKS_PER_ATB];
    unsigned shift = 2 * (block % BLOCKS_PER_ATB);
    *b = (byte)((*b & ~(3u << shift)) | (kind << shift));
}

static inline uintptr_t block_addr(size_t block) {
    return gc.pool_start + block * GC_BLOCK_BYTES;
}

/* Blocks needed for n bytes, without overflow for huge n. */
static inline size_t blocks_for(size_t n_bytes) {
    return n_bytes / GC_BLOCK_BYTES + (n_bytes % GC_BLOCK_BYTES != 0);
}

static inline bool in_pool(uintptr_t p) {
    return p - gc.pool_start < gc.pool_end - gc.pool_start;
}

/* Number of blocks of the allocation whose head is `block`. */
static size_t alloc_len(size_t block) {
    size_t n = 1;
    while (block + n < gc.n_blocks && atb_get(block + n) == AT_TAIL) {
        n++;
    }
    return n;
}

static inline size_t hint_len(size_t k) {
    return k < N_SMALL_HINTS ? k + 1 : (size_t)1 << (k - N_SMALL_HINTS + 5);
}

/* The hint to start a search for n blocks from: the longest minimum length
 * that is still <= n. */
static inline size_t hint_for(size_t n) {
    if (n <= N_SMALL_HINTS) {
        return n - 1;
    }
    size_t k = N_SMALL_HINTS - 1;
    while (k + 1 < N_HINTS && hint_len(k + 1) <= n) {
        k++;
    }
    return k;
}

static void hints_reset(size_t b) {
    for (size_t k = 0; k < N_HINTS; k++) {
        gc.hint[k] = b;
    }
}

/* Blocks from `start` on became free. They merge with free neighbours into
 * a run that begins at or before start; lower the hints of the sizes that
 * run can hold. The walks are bounded: stopping early only makes the hint
 * a little optimistic, which costs packing, never correctness (a failed
 * search collects, and the sweep recomputes every hint). */
static void hints_lower(size_t start) {
    size_t r = start;
    while (r > 0 && start - r < N_SMALL_HINTS && atb_get(r - 1) == AT_FREE) {
        r--;
    }
    size_t e = start;
    while (e < gc.n_blocks && e - r < N_SMALL_HINTS && atb_get(e) == AT_FREE) {
        e++;
    }
    /* a run that reached the walk bound may be any length */
    size_t len = e - r < N_SMALL_HINTS ? e - r : SIZE_MAX;
    for (size_t k = 0; k < N_HINTS && hint_len(k) <= len; k++) {
        if (gc.hint[k] > r) {
            gc.hint[k] = r;
        }
    }
}

/* No run of at least k+1 blocks starts below b. (Longer runs obey the
 * same bound, but updating every hint on each allocation costs more than
 * the searches it would save.) */
static inline void hints_raise(size_t k, size_t b) {
    if (gc.hint[k] < b) {
        gc.hint[k] = b;
    }
}

/* Block number of the head of an exact heap pointer, or SIZE_MAX. */
static size_t head_of_ptr(const void *ptr) {
    uintptr_t p = (uintptr_t)ptr;
    if (!in_pool(p) || (p - gc.pool_start) % GC_BLOCK_BYTES != 0) {
        return SIZE_MAX;
    }
    size_t block = (p - gc.pool_start) / GC_BLOCK_BYTES;
    unsigned kind = atb_get(block);
    if (kind != AT_HEAD && kind != AT_MARK) {
        return SIZE_MAX;
    }
    return block;
}

/* ---- init ------------------------------------------------------------- */

void gc_init(void *start, void *end) {
    uintptr_t s = ((uintptr_t)start + sizeof(uintptr_t) - 1) & ~(uintptr_t)(sizeof(uintptr_t) - 1);
    uintptr_t e = (uintptr_t)end & ~(uintptr_t)(GC_BLOCK_BYTES - 1);
    memset(&gc, 0, sizeof(gc));
    gc.enabled = true;
    if (e <= s) {
        return;
    }
    /* each block costs GC_BLOCK_BYTES plus a quarter table byte; keep one
     * extra block of slack for aligning the pool */
    size_t total = e - s;
    size_t n = (total * BLOCKS_PER_ATB) / (GC_BLOCK_BYTES * BLOCKS_PER_ATB + 1);
    n = n > 1 ? n - 1 : 0;
    size_t atb_bytes = (n + BLOCKS_PER_ATB - 1) / BLOCKS_PER_ATB;
    gc.atb = (byte *)s;
    uintptr_t pool = (s + atb_bytes + GC_BLOCK_BYTES - 1) & ~(uintptr_t)(GC_BLOCK_BYTES - 1);
    if (pool + n * GC_BLOCK_BYTES > e) {
        n = (e - pool) / GC_BLOCK_BYTES;
    }
    memset(gc.atb, 0, atb_bytes);
    gc.pool_start = pool;
    gc.n_blocks = n;
    gc.pool_end = pool + n * GC_BLOCK_BYTES;
    /* Block 0 is reserved: the pool's start address is what the collector
     * itself most often leaves in registers, and it must not keep a real
     * object alive. */
    if (n > 1) {
        atb_set(0, AT_HEAD);
        hints_reset(1);
    }
}

static void run_all_finalisers(void);

void gc_deinit(void) {
    run_all_finalisers();
    free(gc.fins);
    free(gc.fin_bits);
    free(gc.roots);
    memset(&gc, 0, sizeof(gc));
}

/* ---- roots ------------------------------------------------------------ */

void gc_root_add_range(void **start, size_t n_words) {
    if (gc.n_roots == gc.roots_alloc) {
        size_t na = gc.roots_alloc ? 2 * gc.roots_alloc : 16;
        gc_root_range_t *r = realloc(gc.roots, na * sizeof(*r));
        if (r == NULL) {
            abort(); /* the C heap is gone: nothing sensible is left to do */
        }
        gc.roots = r;
        gc.roots_alloc = na;
    }
    gc.roots[gc.n_roots].start = start;
    gc.roots[gc.n_roots].n_words = n_words;
    gc.n_roots++;
}

void gc_root_add(void **root) {
    gc_root_add_range(root, 1);
}

void gc_root_remove_range(void **start) {
    for (size_t i = gc.n_roots; i-- > 0;) {
        if (gc.roots[i].start == start) {
            gc.roots[i] = gc.roots[--gc.n_roots];
            return;
        }
    }
}

void gc_root_remove(void **root) {
    gc_root_remove_range(root);
}

/* ---- finalisers -------------------------------------------------------- */

static inline bool fin_bit(size_t block) {
    return gc.fin_bits != NULL && (gc.fin_bits[block / 8] >> (block % 8)) & 1;
}

static inline void fin_bit_set(size_t block, bool on) {
    byte m = (byte)(1u << (block % 8));
    gc.fin_bits[block / 8] = on ? (byte)(gc.fin_bits[block / 8] | m)
        : (byte)(gc.fin_bits[block / 8] & ~m);
}

static gc_fin_t *fin_find(const void *ptr) {
    for (size_t i = 0; i < gc.n_fins; i++) {
        if (gc.fins[i].ptr == ptr) {
            return &gc.fins[i];
        }
    }
    return NULL;
}

/* drop the entry of the block whose head is `block` (its bit is set) */
static void fin_drop(size_t block) {
    gc_fin_t *f = fin_find((void *)block_addr(block));
    if (f != NULL) {
        *f = gc.fins[--gc.n_fins];
    }
    fin_bit_set(block, false);
}

void gc_set_finaliser(void *ptr, gc_finaliser_t fn) {
    size_t block = head_of_ptr(ptr);
    if (block == SIZE_MAX) {
        return; /* not a heap block: it will never be collected */
    }
    if (fin_bit(block)) {
        if (fn == NULL) {
            fin_drop(block);
        } else {
            fin_find(ptr)->fn = fn;
        }
        return;
    }
    if (fn == NULL) {
        return;
    }
    if (gc.fin_bits == NULL) {
        gc.fin_bits = calloc(gc.n_blocks / 8 + 1, 1);
        if (gc.fin_bits == NULL) {
            abort(); /* the C heap is gone: nothing sensible is left to do */
        }
    }
    if (gc.n_fins == gc.fins_alloc) {
        size_t na = gc.fins_alloc ? 2 * gc.fins_alloc : 16;
        gc_fin_t *t = realloc(gc.fins, na * sizeof(*t));
        if (t == NULL) {
            abort(); /* the C heap is gone: nothing sensible is left to do */
        }
        gc.fins = t;
        gc.fins_alloc = na;
    }
    gc.fins[gc.n_fins].ptr = ptr;
    gc.fins[gc.n_fins].fn = fn;
    gc.n_fins++;
    fin_bit_set(block, true);
}

/* Between mark and sweep: finalise every registered block left unmarked. */
static void run_finalisers(void) {
    for (size_t i = 0; i < gc.n_fins;) {
        gc_fin_t f = gc.fins[i];
        size_t block = ((uintptr_t)f.ptr - gc.pool_start) / GC_BLOCK_BYTES;
        if (atb_get(block) == AT_HEAD) {
            /* drop the entry first, so fn cannot run twice */
            gc.fins[i] = gc.fins[--gc.n_fins];
            fin_bit_set(block, false);
            f.fn(f.ptr);
        } else {
            i++;
        }
    }
}

static void run_all_finalisers(void) {
    gc.lock_depth++;
    while (gc.n_fins > 0) {
        gc_fin_t f = gc.fins[--gc.n_fins];
        f.fn(f.ptr);
    }
    gc.lock_depth--;
}

/* ---- mark ------------------------------------------------------------- */

/* A word keeps a block alive if it points anywhere inside it (interior and
 * low-bit-tagged pointers included). */
static inline void mark_word(uintptr_t w) {
    if (!in_pool(w)) {
        return;
    }
    size_t block = (w - gc.pool_start) / GC_BLOCK_BYTES;
    unsigned kind = atb_get(block);
    if (kind == AT_FREE || kind == AT_MARK) {
        return;
    }
    if (kind == AT_TAIL) {
        do {
            block--;
            kind = atb_get(block);
        } while (kind == AT_TAIL);
        if (kind != AT_HEAD) {
            return; /* already marked */
        }
    }
    atb_set(block, AT_MARK);
    if (gc.mark_sp < MARK_STACK_SIZE) {
        gc.mark_stack[gc.mark_sp++] = block;
    } else {
        gc.mark_overflow = true;
    }
}

GC_NO_SANITIZE
static void mark_range(const uintptr_t *p, size_t n_words) {
    for (size_t i = 0; i < n_words; i++) {
        mark_word(p[i]);
    }
}

/* Stack and register words may also be pointers the compiler derived for a
 * loop: GCC for ARM walks an array with `ldr rX, [rP, #4]!`, rP starting
 * one element before it, and may keep nothing else. So such a word also
 * keeps alive the allocation up to 8 bytes (one word or double) after it. */
GC_NO_SANITIZE
static void mark_range_derived(const uintptr_t *p, size_t n_words) {
    for (size_t i = 0; i < n_words; i++) {
        mark_word(p[i]);
        mark_word(p[i] + 8);
    }
}

GC_NO_SANITIZE
static void scan_block(size_t block) {
    const uintptr_t *p = (const uintptr_t *)block_addr(block);
    size_t n = alloc_len(block);
    mark_range(p, n * WORDS_PER_BLOCK);
}

static void drain_mark_stack(void) {
    for (;;) {
        while (gc.mark_sp > 0) {
            scan_block(gc.mark_stack[--gc.mark_sp]);
        }
        if (!gc.mark_overflow) {
            return;
        }
        /* Some marked blocks were never pushed: rescan every marked block.
         * Each pass marks at least one new block, so this terminates. */
        gc.mark_overflow = false;
        for (size_t b = 0; b < gc.n_blocks; b++) {
            if (atb_get(b) == AT_MARK) {
                scan_block(b);
                while (gc.mark_sp > 0) {
                    scan_block(gc.mark_stack[--gc.mark_sp]);
                }
            }
        }
    }
}

/* Scan the C stack from just below this frame up to the recorded top. */
GC_NO_SANITIZE __attribute__((noinline))
static void mark_stack_and_regs(void) {
    /* Spill the callee-saved registers where the stack scan will see them.
     * glibc mangles some registers inside jmp_buf, so on x86-64 copy them
     * explicitly; elsewhere rely on setjmp plus the compiler's own spill. */
#if defined(__x86_64__)
    volatile uintptr_t regs[6]; /* exactly filled: stale slots would be scanned */
    __asm__ volatile (
        "movq %%rbx, 0(%0)\n\t"
        "movq %%rbp, 8(%0)\n\t"
        "movq %%r12, 16(%0)\n\t"
        "movq %%r13, 24(%0)\n\t"
        "movq %%r14, 32(%0)\n\t"
        "movq %%r15, 40(%0)\n\t"
        : : "r"(regs) : "memory");
    mark_range_derived((const uintptr_t *)regs, 6);
#else
    volatile uintptr_t regs[1] = {0};
    jmp_buf jb;
    setjmp(jb);
    mark_range_derived((const uintptr_t *)&jb, sizeof(jb) / (sizeof(uintptr_t)));
#endif
    uintptr_t sp = (uintptr_t)&regs[0];
    uintptr_t top = (uintptr_t)mp_state.stack_top;
    if (top == 0) {
        return;
    }
    uintptr_t lo = sp < top ? sp : top;
    uintptr_t hi = sp < top ? top : sp;
    lo &= ~(uintptr_t)(sizeof(uintptr_t) - 1);
    mark_range_derived((const uintptr_t *)lo, (hi - lo) / sizeof(uintptr_t));
}

static void mark_roots(void) {
    for (size_t i = 0; i < gc.n_roots; i++) {
        mark_range((const uintptr_t *)gc.roots[i].start, gc.roots[i].n_words);
        drain_mark_stack();
    }
}

/* ---- sweep ------------------------------------------------------------ */

/* Sweep one block; `freeing` says whether the allocation it may continue
 * is being freed. Returns the new state. */
static inline bool sweep_block(size_t b, bool freeing) {
    switch (atb_get(b)) {
        case AT_MARK:
            atb_set(b, AT_HEAD);
            return false;
        case AT_HEAD:
            atb_set(b, AT_FREE);
            return true;
        case AT_TAIL:
            if (freeing) {
                atb_set(b, AT_FREE);
            }
            return freeing;
        default:
            return false;
    }
}

static void sweep(void) {
    bool freeing = false; /* inside an allocation that is being freed */
    size_t first_free = SIZE_MAX;
    size_t n_full_bytes = gc.n_blocks / BLOCKS_PER_ATB;
    for (size_t i = 0; i < n_full_bytes; i++) {
        /* whole table bytes first: all free, all unmarked heads (garbage
         * one-block objects) or all marked heads */
        byte v = gc.atb[i];
        if (v == 0x00) {
            freeing = false;
        } else if (v == 0x55) {
            gc.atb[i] = 0;
            freeing = true;
        } else if (v == 0xff) {
            gc.atb[i] = 0x55;
            freeing = false;
            continue;
        } else {
            for (size_t b = i * BLOCKS_PER_ATB; b < (i + 1) * BLOCKS_PER_ATB; b++) {
                freeing = sweep_block(b, freeing);
            }
        }
        if (first_free == SIZE_MAX && gc.atb[i] != 0xff && gc.atb[i] != 0x55) {
            for (size_t b = i * BLOCKS_PER_ATB; b < (i + 1) * BLOCKS_PER_ATB; b++) {
                if (atb_get(b) == AT_FREE) {
                    first_free = b;
                    break;
                }
            }
        }
    }
    for (size_t b = n_full_bytes * BLOCKS_PER_ATB; b < gc.n_blocks; b++) {
        freeing = sweep_block(b, freeing);
        if (first_free == SIZE_MAX && atb_get(b) == AT_FREE) {
            first_free = b;
        }
    }
    hints_reset(first_free == SIZE_MAX ? gc.n_blocks : first_free);
}

void gc_collect(void) {
    if (gc.collecting || gc.n_blocks == 0) {
        return;
    }
    gc.collecting = true;
    gc.lock_depth++;
    gc.mark_sp = 0;
    gc.mark_overflow = false;
    if (gc.n_blocks > 1) {
        atb_set(0, AT_MARK); /* the reserved block: always live, never scanned */
    }
    /* registers first, before the collector's own work leaves heap
     * addresses (such as the pool start) in callee-saved registers */
    mark_stack_and_regs();
    drain_mark_stack();
    mark_roots();
    if (gc.n_fins > 0) {
        run_finalisers();
    }
    sweep();
    gc.lock_depth--;
    gc.collecting = false;
}

/* ---- allocation ------------------------------------------------------- */

/* The first free block at or after b (n_blocks if none). Reads the table 32
 * blocks (8 bytes, little-endian) at a time, so used stretches are crossed
 * quickly. */
static inline size_t next_free(size_t b) {
    while (b < gc.n_blocks) {
        size_t w0 = b & ~(size_t)31;
        if (w0 + 32 > gc.n_blocks) {
            /* the last, partial word: block by block */
            for (; b < gc.n_blocks; b++) {
                if (atb_get(b) == AT_FREE) {
                    return b;
                }
            }
            return gc.n_blocks;
        }
        uint64_t w;
        memcpy(&w, gc.atb + w0 / BLOCKS_PER_ATB, sizeof(w));
        /* bit 2j set iff block w0 + j is free (both of its bits clear) */
        uint64_t free_bits = ~(w | (w >> 1)) & 0x5555555555555555ull;
        free_bits &= ~(uint64_t)0 << (2 * (b - w0));
        if (free_bits != 0) {
            return w0 + (size_t)__builtin_ctzll(free_bits) / 2;
        }
        b = w0 + 32;
    }
    return gc.n_blocks;
}

/* First fit, starting at the hint for this size; SIZE_MAX if no run is
 * long enough. Afterwards, no run of n or more blocks starts before the
 * result, and none of more than the longest run skipped (`longest`): the
 * hints of those lengths move up to the result. */
static size_t find_free_run(size_t n) {
    size_t k = hint_for(n);
    size_t b = gc.hint[k] > gc.hint[0] ? gc.hint[k] : gc.hint[0];
    size_t longest = 0;
    size_t found = SIZE_MAX;
    for (;;) {
        b = next_free(b);
        if (b >= gc.n_blocks) {
            break;
        }
        size_t e = b + 1;
        while (e - b < n && e < gc.n_blocks && atb_get(e) == AT_FREE) {
            e++;
        }
        if (e - b >= n) {
            found = b;
            break;
        }
        if (e - b > longest) {
            longest = e - b;
        }
        b = e; /* block e is in use (or the end) */
    }
    /* every run skipped was shorter than n (else the search would have
     * stopped there), so for n <= N_SMALL_HINTS hint[k] (length n) always
     * moves; bigger requests scan far, so let every length that beats the
     * longest skipped run profit */
    size_t bound = found == SIZE_MAX ? gc.n_blocks : found;
    if (n <= N_SMALL_HINTS) {
        hints_raise(k, bound);
    } else {
        for (size_t j = k; j < N_HINTS; j++) {
            if (hint_len(j) > longest) {
                hints_raise(j, bound);
            }
        }
    }
    return found;
}

static void *take_run(size_t start, size_t n) {
    atb_set(start, AT_HEAD);
    for (size_t i = 1; i < n; i++) {
        atb_set(start + i, AT_TAIL);
    }
    if (start == gc.hint[0]) {
        hints_raise(0, start + n); /* nothing below start was free */
    }
    void *p = (void *)block_addr(start);
    if (n == 1) {
        /* the common case (floats, small objects): skip the memset call */
        uintptr_t *w = p;
        for (size_t i = 0; i < WORDS_PER_BLOCK; i++) { /* 2 words on 64-bit, 4 on 32-bit */
            w[i] = 0;
        }
    } else {
        memset(p, 0, n * GC_BLOCK_BYTES);
    }
    return p;
}

/* One block at the first free block, if that block is free: the usual case
 * for the small objects (floats, bound methods, cells) the VM makes. */
static inline void *alloc_one_fast(void) {
    size_t b = gc.hint[0];
    if (b < gc.n_blocks && gc.lock_depth == 0 && !gc.stress && atb_get(b) == AT_FREE) {
        atb_set(b, AT_HEAD);
        gc.hint[0] = b + 1; /* nothing below b + 1 is free now */
        uintptr_t *w = (uintptr_t *)block_addr(b);
        for (size_t i = 0; i < WORDS_PER_BLOCK; i++) { /* 2 words on 64-bit, 4 on 32-bit */
            w[i] = 0;
        }
        return w;
    }
    return NULL;
}

void *gc_alloc(size_t n_bytes, bool has_finaliser) {
    if (n_bytes <= GC_BLOCK_BYTES) {
        void *p = alloc_one_fast();
        if (p != NULL) {
            return p;
        }
    }
    if (gc.lock_depth > 0 || gc.n_blocks == 0) {
        return NULL;
    }
    size_t n = n_bytes == 0 ? 1 : blocks_for(n_bytes);
    if (n > gc.n_blocks) {
        return NULL;
    }
    if (gc.stress) {
        gc_collect();
    }
    size_t start = find_free_run(n);
    if (start == SIZE_MAX) {
        /* MicroPython collects when the heap is full even if automatic
         * collection is disabled; so do we. */
        gc_collect();
        start = find_free_run(n);
        if (start == SIZE_MAX) {
            return NULL;
        }
    }
    return take_run(start, n);
}

static void free_blocks(size_t start, size_t n) {
    for (size_t i = 0; i < n; i++) {
        atb_set(start + i, AT_FREE);
    }
    hints_lower(start);
}

void gc_free(void *ptr) {
    if (ptr == NULL || gc.lock_depth > 0) {
        return;
    }
    size_t block = head_of_ptr(ptr);
    if (block == SIZE_MAX) {
        return;
    }
    if (fin_bit(block)) {
        fin_drop(block); /* a later block here is someone else's */
    }
    free_blocks(block, alloc_len(block));
}

size_t gc_nbytes(const void *ptr) {
    size_t block = head_of_ptr(ptr);
    if (block == SIZE_MAX) {
        return 0;
    }
    return alloc_len(block) * GC_BLOCK_BYTES;
}

void *gc_realloc(void *ptr, size_t n_bytes, bool allow_move) {
    if (ptr == NULL) {
        return gc_alloc(n_bytes, false);
    }
    if (n_bytes == 0) {
        gc_free(ptr);
        return NULL;
    }
    if (gc.lock_depth > 0) {
        return NULL;
    }
    size_t block = head_of_ptr(ptr);
    if (block == SIZE_MAX) {
        return NULL;
    }
    size_t have = alloc_len(block);
    size_t want = blocks_for(n_bytes);
    if (want <= have) {
        /* shrink in place (or no change) */
        if (want < have) {
            free_blocks(block + want, have - want);
        }
        return ptr;
    }
    /* grow in place when the following blocks are free */
    size_t extra = 0;
    while (block + have + extra < gc.n_blocks && extra < want - have
           && atb_get(block + have + extra) == AT_FREE) {
        extra++;
    }
    if (extra == want - have) {
        for (size_t i = 0; i < extra; i++) {
            atb_set(block + have + i, AT_TAIL);
        }
        memset((byte *)ptr + have * GC_BLOCK_BYTES, 0, extra * GC_BLOCK_BYTES);
        return ptr;
    }
    if (!allow_move) {
        return NULL;
    }
    /* ptr stays reachable from this frame across a collection in gc_alloc */
    void *np = gc_alloc(n_bytes, false);
    if (np == NULL) {
        return NULL;
    }
    memcpy(np, ptr, have * GC_BLOCK_BYTES);
    if (fin_bit(block)) {
        /* the finaliser moves with the object */
        fin_find(ptr)->ptr = np;
        fin_bit_set(block, false);
        fin_bit_set(head_of_ptr(np), true);
    }
    gc_free(ptr);
    return np;
}

/* ---- control and statistics ------------------------------------------ */

void gc_lock(void) {
    gc.lock_depth++;
}

void gc_unlock(void) {
    if (gc.lock_depth > 0) {
        gc.lock_depth--;
    }
}

bool gc_is_locked(void) {
    return gc.lock_depth > 0;
}

void gc_enable(bool enable) {
    gc.enabled = enable;
}

bool gc_is_enabled(void) {
    return gc.enabled;
}

void gc_set_stress(bool on) {
    gc.stress = on;
}

void gc_info(gc_info_t *info) {
    memset(info, 0, sizeof(*info));
    info->total = gc.n_blocks * GC_BLOCK_BYTES;
    size_t free_run = 0, max_free_run = 0, n_free = 0;
    for (size_t b = 0; b < gc.n_blocks;) {
        unsigned kind = atb_get(b);
        if (kind == AT_FREE) {
            n_free++;
            if (++free_run > max_free_run) {
                max_free_run = free_run;
            }
            b++;
            continue;
        }
        free_run = 0;
        if (kind == AT_TAIL) { /* orphan tail: should not happen */
            b++;
            continue;
        }
        size_t len = alloc_len(b);
        if (len == 1) {
            info->num_1block++;
        } else if (len == 2) {
            info->num_2block++;
        }
        if (len > info->max_block) {
            info->max_block = len;
        }
        b += len;
    }
    info->free = n_free * GC_BLOCK_BYTES;
    info->used = info->total - info->free;
    info->max_free = max_free_run * GC_BLOCK_BYTES;
}

/* ---- the m_* API: raise MemoryError on failure ----------------------- */

void *m_malloc(size_t num_bytes) {
    if (num_bytes <= GC_BLOCK_BYTES) {
        void *p = alloc_one_fast();
        if (p != NULL) {
            return p;
        }
    }
    void *p = gc_alloc(num_bytes, false);
    if (p == NULL) {
        mp_raise_memory_error();
    }
    return p;
}

void *m_malloc0(size_t num_bytes) {
    return m_malloc(num_bytes); /* gc_alloc always zeroes */
}

void *m_malloc_maybe(size_t num_bytes) {
    return gc_alloc(num_bytes, false);
}

void *m_realloc(void *ptr, size_t new_num_bytes) {
    void *p = gc_realloc(ptr, new_num_bytes, true);
    if (p == NULL && new_num_bytes != 0) {
        mp_raise_memory_error();
    }
    return p;
}

void *m_realloc_maybe(void *ptr, size_t new_num_bytes, bool allow_move) {
    return gc_realloc(ptr, new_num_bytes, allow_move);
}

void m_free(void *ptr) {
    gc_free(ptr);
}
