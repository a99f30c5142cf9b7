/* Unit tests for the garbage collector (src/core/gc.c). */
#include <stdint.h>

#include "core/runtime.h"
#include "stubs.h"
#include "unit.h"

/* Addresses kept xor-ed with this key are invisible to the conservative
 * scan, so tests can tell whether a block was freed. */
#define HIDE(p) ((uintptr_t)(p) ^ (uintptr_t)0x5a5a5a5a5a5a5a5aull)
#define UNHIDE(h) ((void *)((h) ^ (uintptr_t)0x5a5a5a5a5a5a5a5aull))

static void *roots[4];

/* Overwrite the dead stack below the caller so stale copies of pointers
 * left by earlier calls do not keep blocks alive. Not instrumented, so the
 * array fills the whole frame (no sanitizer redzones left untouched). */
#if defined(__SANITIZE_ADDRESS__)
#define TEST_NO_ASAN __attribute__((no_sanitize_address))
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_NO_ASAN __attribute__((no_sanitize_address))
#endif
#endif
#ifndef TEST_NO_ASAN
#define TEST_NO_ASAN
#endif
TEST_NO_ASAN __attribute__((noinline)) static void clear_stack(void) {
    volatile uintptr_t buf[2048];
    for (size_t i = 0; i < sizeof(buf) / sizeof(buf[0]); i++) {
        buf[i] = 0;
    }
}

__attribute__((noinline)) static uintptr_t alloc_hidden(size_t n) {
    void *p = gc_alloc(n, false);
    memset(p, 0xab, n);
    return HIDE(p);
}

__attribute__((noinline)) static void collect_clean_inner(void) {
    clear_stack();
    gc_collect();
}

/* Scratch registers may still hold a pointer computed earlier (say by
 * is_live), and a prologue that pushes one for stack alignment would put
 * it where the scan sees it: zero them first. */
#if defined(__x86_64__)
#define collect_clean() do { \
        __asm__ volatile ("xorl %%eax, %%eax\n\txorl %%ecx, %%ecx\n\txorl %%edx, %%edx\n\t" \
            "xorl %%esi, %%esi\n\txorl %%edi, %%edi\n\txorl %%r8d, %%r8d\n\t" \
            "xorl %%r9d, %%r9d\n\txorl %%r10d, %%r10d\n\txorl %%r11d, %%r11d" \
            ::: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory"); \
        collect_clean_inner(); \
} while (0)
#else
#define collect_clean() collect_clean_inner()
#endif

__attribute__((noinline)) static bool is_live(uintptr_t hidden) {
    return gc_nbytes(UNHIDE(hidden)) != 0;
}

TEST(gc_alloc_zeroed_and_sized) {
    unsigned char *p = gc_alloc(40, false);
    CHECK(p != NULL);
    CHECK(((uintptr_t)p & 15) == 0);
    CHECK(gc_nbytes(p) == 48);
    bool zero = true;
    for (int i = 0; i < 48; i++) {
        zero = zero && p[i] == 0;
    }
    CHECK(zero);
    memset(p, 0xff, 48);
    gc_free(p);
    unsigned char *q = gc_alloc(40, false);
    CHECK(q == p); /* first fit reuses the freed run */
    CHECK(q[0] == 0 && q[47] == 0);
    CHECK(gc_nbytes(q + 16) == 0); /* not a head */
    CHECK(gc_nbytes(&zero) == 0);  /* not in the heap */
    void *z = gc_alloc(0, false);
    CHECK(z != NULL && gc_nbytes(z) == 16);
    gc_free(q);
    gc_free(z);
}

/* A one-block allocation is zero in all its 16 bytes, on the fast path and
 * on the first-fit path (4 words with 32-bit words, not 2) */
TEST(gc_one_block_alloc_fully_zeroed) {
    for (int stress = 0; stress < 2; stress++) {
        unsigned char *p = gc_alloc(16, false);
        CHECK(p != NULL);
        memset(p, 0xff, 16);
        gc_free(p);
        gc_set_stress(stress != 0);
        unsigned char *q = gc_alloc(16, false);
        gc_set_stress(false);
        CHECK(q == p);
        bool zero = true;
        for (int i = 0; i < 16; i++) {
            zero = zero && q[i] == 0;
        }
        CHECK(zero);
        gc_free(q);
    }
}

TEST(gc_collect_frees_unreachable) {
    uintptr_t h = alloc_hidden(100);
    CHECK(is_live(h));
    collect_clean();
    CHECK(!is_live(h));
}

/* The tests below touch raw pointers only inside noinline helpers: once a
 * helper returns, its registers are restored and its stack is dead (and
 * wiped by clear_stack), so no stale copy can keep a block alive. */
__attribute__((noinline)) static bool keep_on_stack_and_collect(uintptr_t *hidden) {
    void *volatile keep = gc_alloc(64, false);
    memset(keep, 0x11, 64);
    *hidden = HIDE(keep);
    collect_clean();
    return gc_nbytes(keep) == 64 && ((unsigned char *)keep)[63] == 0x11;
}

/* only a pointer 8 bytes before the block survives the helper, as when GCC
 * for ARM walks an array with `ldr rX, [rP, #8]!` from one element before */
__attribute__((noinline)) static uintptr_t alloc_derived(uintptr_t *hidden) {
    unsigned char *p = gc_alloc(16, false);
    *hidden = HIDE(p);
    return (uintptr_t)p - 8;
}

TEST(gc_keeps_derived_stack_pointer) {
    uintptr_t h;
    volatile uintptr_t derived = alloc_derived(&h);
    collect_clean();
    CHECK(is_live(h));
    derived = 0;
    collect_clean();
    CHECK(!is_live(h) && derived == 0);
}

TEST(gc_keeps_stack_refs) {
    uintptr_t h;
    CHECK(keep_on_stack_and_collect(&h));
    collect_clean();
    CHECK(!is_live(h));
}

__attribute__((noinline)) static void set_roots(uintptr_t a, uintptr_t b, uintptr_t c) {
    gc_root_add(&roots[0]);
    gc_root_add(&roots[1]);
    gc_root_add(&roots[2]);
    roots[0] = UNHIDE(a);                            /* exact pointer */
    roots[1] = (char *)UNHIDE(b) + 40;               /* interior pointer */
    roots[2] = (void *)((uintptr_t)UNHIDE(c) | 1);   /* Thumb-style tagged */
}

__attribute__((noinline)) static void drop_roots(void) {
    gc_root_remove(&roots[0]);
    gc_root_remove(&roots[1]);
    gc_root_remove(&roots[2]);
    memset(roots, 0, sizeof(roots));
}

TEST(gc_keeps_roots_and_interior_and_tagged) {
    uintptr_t a = alloc_hidden(64), b = alloc_hidden(64), c = alloc_hidden(64), d = alloc_hidden(64);
    set_roots(a, b, c);
    collect_clean();
    CHECK(is_live(a));
    CHECK(is_live(b));
    CHECK(is_live(c));
    CHECK(!is_live(d));
    drop_roots();
    collect_clean();
    CHECK(!is_live(a) && !is_live(b) && !is_live(c));
}

static void *range[3];

__attribute__((noinline)) static void set_range(uintptr_t a, uintptr_t b) {
    range[0] = UNHIDE(a);
    range[2] = UNHIDE(b);
    gc_root_add_range(range, 3);
}

TEST(gc_root_range) {
    uintptr_t a = alloc_hidden(16), b = alloc_hidden(32);
    set_range(a, b);
    collect_clean();
    CHECK(is_live(a) && is_live(b));
    gc_root_remove_range(range);
    collect_clean();
    CHECK(!is_live(a) && !is_live(b));
    range[0] = range[2] = NULL;
}

/* chains: root -> node -> node -> ..., each node's word 0 the next */
static uintptr_t chain_hidden[200];

__attribute__((noinline)) static void build_chain(void) {
    void **head = NULL;
    for (int i = 0; i < 200; i++) {
        void **n = gc_alloc(32, false);
        n[0] = head;
        n[1] = (void *)(uintptr_t)i;
        head = n;
        chain_hidden[i] = HIDE(n);
    }
    roots[0] = head;
}

__attribute__((noinline)) static int count_chain_live(void) {
    int live = 0;
    for (int i = 0; i < 200; i++) {
        live += is_live(chain_hidden[i]);
    }
    return live;
}

TEST(gc_transitive_chain) {
    gc_root_add(&roots[0]);
    build_chain();
    collect_clean();
    CHECK(count_chain_live() == 200);
    roots[0] = NULL;
    collect_clean();
    CHECK(count_chain_live() == 0);
    gc_root_remove(&roots[0]);
}

/* one block pointing at more children than the mark stack holds, each
 * child pointing at a grandchild (only found after an overflow rescan) */
enum { WIDE_N = 3000 };

__attribute__((noinline)) static void build_wide(uintptr_t *first, uintptr_t *last) {
    void **parent = gc_alloc(WIDE_N * sizeof(void *), false);
    roots[0] = parent;
    for (int i = 0; i < WIDE_N; i++) {
        void **child = gc_alloc(16, false);
        child[0] = gc_alloc(16, false);
        ((uintptr_t *)child[0])[0] = (uintptr_t)i;
        parent[i] = child;
    }
    *first = HIDE(((void **)parent[0])[0]);
    *last = HIDE(((void **)parent[WIDE_N - 1])[0]);
}

__attribute__((noinline)) static bool check_wide(void) {
    bool all = true;
    for (int i = 0; i < WIDE_N; i++) {
        void **child = ((void ***)roots[0])[i];
        all = all && gc_nbytes(child) == 16 && gc_nbytes(child[0]) == 16
            && *(uintptr_t *)child[0] == (uintptr_t)i;
    }
    return all;
}

TEST(gc_mark_stack_overflow) {
    gc_root_add(&roots[0]);
    uintptr_t first, last;
    build_wide(&first, &last);
    collect_clean();
    CHECK(is_live(first) && is_live(last));
    CHECK(check_wide());
    roots[0] = NULL;
    collect_clean();
    CHECK(!is_live(first) && !is_live(last));
    gc_root_remove(&roots[0]);
}

/* random sizes, a random subset kept through a root table, many rounds
 * of collection, free and realloc: kept data must survive intact */
enum { RND_N = 3000 };
static void *rnd_keep[RND_N];
static size_t rnd_size[RND_N];

static uint32_t rnd_state = 12345;
static uint32_t rnd(void) {
    rnd_state = rnd_state * 1103515245u + 12345u;
    return rnd_state >> 8;
}

static void fill(void *p, size_t n, size_t tag) {
    for (size_t i = 0; i < n; i++) {
        ((unsigned char *)p)[i] = (unsigned char)(tag * 31 + i);
    }
}

static bool intact(void *p, size_t n, size_t tag) {
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char *)p)[i] != (unsigned char)(tag * 31 + i)) {
            return false;
        }
    }
    return gc_nbytes(p) >= n;
}

TEST(gc_random_rounds) {
    gc_root_add_range(rnd_keep, RND_N);
    bool ok = true;
    for (int round = 0; round < 20 && ok; round++) {
        for (int i = 0; i < RND_N; i++) {
            size_t n = 1 + rnd() % (rnd() % 8 == 0 ? 2000 : 100);
            void *p = gc_alloc(n, false);
            if (p == NULL) {
                continue; /* heap full: fine, the next collection makes room */
            }
            fill(p, n, (size_t)i);
            if (rnd() % 3 == 0) {
                rnd_keep[i] = p;
                rnd_size[i] = n;
            } else if (rnd() % 5 == 0 && rnd_keep[i] != NULL) {
                gc_free(rnd_keep[i]);
                rnd_keep[i] = NULL;
            } else if (rnd() % 7 == 0 && rnd_keep[i] != NULL) {
                size_t m = 1 + rnd() % 300;
                void *q = gc_realloc(rnd_keep[i], m, true);
                if (q != NULL) {
                    fill(q, m, (size_t)i);
                    rnd_keep[i] = q;
                    rnd_size[i] = m;
                }
            }
        }
        collect_clean();
        for (int i = 0; i < RND_N; i++) {
            if (rnd_keep[i] != NULL && !intact(rnd_keep[i], rnd_size[i], (size_t)i)) {
                ok = false;
                break;
            }
        }
    }
    CHECK(ok);
    memset(rnd_keep, 0, sizeof(rnd_keep));
    gc_root_remove_range(rnd_keep);
    collect_clean();
    gc_info_t info;
    gc_info(&info);
    CHECK(info.used <= 2 * GC_BLOCK_BYTES * 64); /* almost everything is free again */
}

/* Freed neighbours merge into one run, and the next allocation that fits
 * it is placed there (first fit), whatever the search hints said before. */
enum { HOLE_N = 600 };
static void *hole_keep[HOLE_N];

TEST(gc_first_fit_reuses_merged_hole) {
    gc_root_add_range(hole_keep, HOLE_N);
    collect_clean();
    for (int i = 0; i < HOLE_N; i++) {
        hole_keep[i] = gc_alloc(16, false);
    }
    /* a 3-block allocation goes past the 600 one-block objects */
    void *far = gc_alloc(48, false);
    bool contiguous = true;
    for (int i = 1; i < HOLE_N; i++) {
        contiguous = contiguous && (char *)hole_keep[i] == (char *)hole_keep[i - 1] + 16;
    }
    CHECK(contiguous);
    CHECK((char *)far > (char *)hole_keep[HOLE_N - 1]);
    /* free blocks 300, 302, then 301: one run of 3, merged by the last free */
    void *at = hole_keep[300];
    gc_free(hole_keep[300]);
    gc_free(hole_keep[302]);
    hole_keep[300] = hole_keep[302] = NULL;
    void *two = gc_alloc(32, false); /* no 2-block hole yet: goes elsewhere */
    CHECK(two != at);
    gc_free(two);
    gc_free(hole_keep[301]);
    hole_keep[301] = NULL;
    void *three = gc_alloc(48, false);
    CHECK(three == at);
    gc_free(three);
    gc_free(far);
    memset(hole_keep, 0, sizeof(hole_keep));
    gc_root_remove_range(hole_keep);
}

TEST(gc_exhaustion_returns_null) {
    gc_root_add(&roots[0]);
    roots[0] = NULL;
    size_t n = 0;
    for (;;) {
        void **p = gc_alloc(4096, false);
        if (p == NULL) {
            break;
        }
        p[0] = roots[0];
        roots[0] = p;
        n++;
    }
    CHECK(n > 10);
    CHECK(gc_alloc(4096, false) == NULL);
    gc_info_t info;
    gc_info(&info);
    CHECK(info.max_free < 4096);
    /* small blocks may still fit */
    roots[0] = NULL;
    collect_clean();
    void *p = gc_alloc(4096, false);
    CHECK(p != NULL);
    gc_free(p);
    CHECK(gc_alloc(SIZE_MAX / 2, false) == NULL); /* bigger than the heap (1 << 40 overflows 32-bit size_t) */
    CHECK(gc_alloc(SIZE_MAX, false) == NULL);         /* no overflow in the size */
    gc_root_remove(&roots[0]);
}

TEST(gc_realloc_grow_shrink_move) {
    unsigned char *p = gc_alloc(32, false);
    for (int i = 0; i < 32; i++) {
        p[i] = (unsigned char)i;
    }
    /* nothing follows a fresh allocation at the end of the used area */
    unsigned char *q = gc_realloc(p, 100, false);
    CHECK(q == p);
    CHECK(gc_nbytes(q) == 112);
    CHECK(q[31] == 31 && q[32] == 0 && q[111] == 0);
    /* block the way, so growth has to move */
    void *wall = gc_alloc(16, false);
    void *r = gc_realloc(q, 400, false);
    CHECK(r == NULL);
    CHECK(gc_nbytes(q) == 112); /* unchanged */
    unsigned char *m = gc_realloc(q, 400, true);
    CHECK(m != NULL && m != q);
    CHECK(m[0] == 0 && m[31] == 31 && gc_nbytes(m) == 400);
    CHECK(gc_nbytes(q) == 0); /* old one freed */
    unsigned char *s = gc_realloc(m, 20, true);
    CHECK(s == m && gc_nbytes(s) == 32 && s[19] == 19);
    CHECK(gc_realloc(NULL, 10, true) != NULL);
    CHECK(gc_realloc(s, 0, true) == NULL);
    CHECK(gc_nbytes(s) == 0);
    gc_free(wall);
}

TEST(gc_lock_blocks_alloc) {
    gc_lock();
    CHECK(gc_is_locked());
    CHECK(gc_alloc(16, false) == NULL);
    gc_unlock();
    CHECK(!gc_is_locked());
    void *p = gc_alloc(16, false);
    CHECK(p != NULL);
    gc_free(p);
}

TEST(gc_m_malloc_raises) {
    nlr_buf_t nlr;
    volatile int raised = 0;
    if (nlr_push(&nlr) == 0) {
        m_malloc(SIZE_MAX / 2);
        nlr_pop();
    } else {
        raised = nlr.ret_val == &stub_memory_error_marker;
    }
    CHECK(raised);
    void *p = m_malloc(10);
    CHECK(p != NULL);
    p = m_realloc(p, 1000);
    CHECK(gc_nbytes(p) >= 1000);
    m_free(p);
    CHECK(m_malloc_maybe(SIZE_MAX / 2) == NULL);
}

TEST(gc_stress_mode_keeps_live_data) {
    gc_set_stress(true);
    gc_root_add(&roots[0]);
    roots[0] = NULL;
    for (int i = 0; i < 100; i++) {
        uintptr_t *p = gc_alloc(24, false);
        p[0] = (uintptr_t)roots[0];
        p[1] = (uintptr_t)i;
        roots[0] = p;
    }
    gc_set_stress(false);
    int count = 0;
    bool ok = true;
    for (uintptr_t *p = roots[0]; p != NULL; p = (uintptr_t *)p[0]) {
        ok = ok && p[1] == (uintptr_t)(99 - count);
        count++;
    }
    CHECK(ok && count == 100);
    roots[0] = NULL;
    gc_root_remove(&roots[0]);
}

TEST(gc_info_counts) {
    collect_clean();
    gc_info_t before;
    gc_info(&before);
    void *volatile a = gc_alloc(16, false);
    void *volatile b = gc_alloc(32, false);
    gc_info_t after;
    gc_info(&after);
    CHECK(after.total == before.total);
    CHECK(after.used == before.used + 48);
    CHECK(after.free == before.free - 48);
    CHECK(after.num_1block >= 1 && after.num_2block >= 1);
    gc_free(a);
    gc_free(b);
}

/* ---- finalisers ---- */

static int fin_calls;
static uintptr_t fin_last; /* hidden address of the last finalised block */
static unsigned char fin_byte; /* first byte of that block when finalised */

static void count_fin(void *ptr) {
    fin_calls++;
    fin_last = HIDE(ptr);
    fin_byte = *(unsigned char *)ptr;
    /* the heap is locked inside a finaliser */
    void *volatile q = gc_alloc(16, false);
    if (q != NULL) {
        fin_calls += 1000;
    }
}

static void other_fin(void *ptr) {
    fin_calls += 100;
}

__attribute__((noinline)) static uintptr_t alloc_finalised(size_t n, gc_finaliser_t fn) {
    void *p = gc_alloc(n, true);
    memset(p, 0x5c, n);
    gc_set_finaliser(p, fn);
    return HIDE(p);
}

__attribute__((noinline)) static void free_hidden(uintptr_t h) {
    gc_free(UNHIDE(h));
}

__attribute__((noinline)) static void root_hidden(uintptr_t h) {
    roots[0] = UNHIDE(h);
    gc_root_add(&roots[0]);
}

__attribute__((noinline)) static void unroot(void) {
    gc_root_remove(&roots[0]);
    roots[0] = NULL;
}

TEST(gc_finaliser_runs_once_when_unreachable) {
    fin_calls = 0;
    uintptr_t h = alloc_finalised(40, count_fin);
    root_hidden(h);
    collect_clean();
    CHECK(fin_calls == 0); /* reachable: kept, not finalised */
    CHECK(is_live(h));
    unroot();
    collect_clean();
    CHECK(fin_calls == 1);       /* once, and it could not allocate */
    CHECK(fin_last == h);        /* with the block's own address */
    CHECK(fin_byte == 0x5c);     /* while its contents were intact */
    CHECK(!is_live(h));
    collect_clean();
    CHECK(fin_calls == 1);       /* never again */
}

TEST(gc_finaliser_dropped_by_free_and_null) {
    fin_calls = 0;
    uintptr_t h = alloc_finalised(16, count_fin);
    free_hidden(h);
    /* a new block at the same address must not inherit the finaliser */
    uintptr_t h2 = alloc_hidden(16);
    CHECK(h2 == h);
    collect_clean();
    CHECK(fin_calls == 0);
    uintptr_t h3 = alloc_finalised(16, count_fin);
    gc_set_finaliser(UNHIDE(h3), NULL);
    collect_clean();
    CHECK(fin_calls == 0 && !is_live(h3));
    /* setting again replaces the function; non-heap pointers are ignored */
    uintptr_t h4 = alloc_finalised(16, count_fin);
    gc_set_finaliser(UNHIDE(h4), other_fin);
    gc_set_finaliser(&fin_calls, count_fin);
    collect_clean();
    CHECK(fin_calls == 100);
}

__attribute__((noinline)) static uintptr_t realloc_hidden(uintptr_t h, size_t n) {
    /* a neighbour right after the block forces the move */
    void *volatile blocker = gc_alloc(16, false);
    void *p = gc_realloc(UNHIDE(h), n, true);
    gc_free(blocker);
    return HIDE(p);
}

TEST(gc_finaliser_follows_realloc_move) {
    collect_clean();
    fin_calls = 0;
    uintptr_t h = alloc_finalised(16, count_fin);
    uintptr_t moved = realloc_hidden(h, 256);
    CHECK(moved != h);
    collect_clean();
    CHECK(fin_calls == 1 && fin_last == moved);
}

__attribute__((noinline)) static uintptr_t realloc_in_place(uintptr_t h, size_t n) {
    return HIDE(gc_realloc(UNHIDE(h), n, false));
}

TEST(gc_finaliser_kept_by_in_place_realloc_and_other_frees) {
    collect_clean();
    fin_calls = 0;
    uintptr_t h = alloc_finalised(64, count_fin);
    uintptr_t other = alloc_hidden(16);
    free_hidden(other); /* freeing another block leaves h's entry alone */
    CHECK(realloc_in_place(h, 32) == h);   /* shrink */
    CHECK(realloc_in_place(h, 48) == h);   /* grow into the freed tail */
    collect_clean();
    CHECK(fin_calls == 1 && fin_last == h);
}

TEST(gc_finaliser_many) {
    fin_calls = 0;
    for (int i = 0; i < 100; i++) {
        alloc_finalised(16 + 16 * (i % 3), count_fin);
    }
    collect_clean();
    CHECK(fin_calls == 100);
}

/* last: gc_deinit runs the finalisers still pending, then the heap is set
 * up again for any later test */
TEST(gc_deinit_runs_pending_finalisers) {
    fin_calls = 0;
    uintptr_t h = alloc_finalised(16, count_fin);
    root_hidden(h);
    gc_deinit();
    CHECK(fin_calls == 1 && fin_last == h);
    roots[0] = NULL;
    stub_heap_init();
}

int main(void) {
    mp_state.stack_top = (char *)__builtin_frame_address(0);
    stub_heap_init();
    RUN(gc_alloc_zeroed_and_sized);
    RUN(gc_one_block_alloc_fully_zeroed);
    RUN(gc_collect_frees_unreachable);
    RUN(gc_keeps_derived_stack_pointer);
    RUN(gc_keeps_stack_refs);
    RUN(gc_keeps_roots_and_interior_and_tagged);
    RUN(gc_root_range);
    RUN(gc_transitive_chain);
    RUN(gc_mark_stack_overflow);
    RUN(gc_realloc_grow_shrink_move);
    RUN(gc_lock_blocks_alloc);
    RUN(gc_m_malloc_raises);
    RUN(gc_stress_mode_keeps_live_data);
    RUN(gc_info_counts);
    RUN(gc_random_rounds);
    RUN(gc_first_fit_reuses_merged_hole);
    RUN(gc_exhaustion_returns_null);
    RUN(gc_finaliser_runs_once_when_unreachable);
    RUN(gc_finaliser_dropped_by_free_and_null);
    RUN(gc_finaliser_follows_realloc_move);
    RUN(gc_finaliser_kept_by_in_place_realloc_and_other_frees);
    RUN(gc_finaliser_many);
    RUN(gc_deinit_runs_pending_finalisers);
    return UNIT_EXIT();
}
