/*
 * Executable memory for machine code (see nativecode.h).
 *
 * Each block of code (all machine code of one loaded .mpy file, or one
 * function made by the in-process compiler) gets its own mmap'd pages,
 * written while they are read-write and then switched to read+execute by
 * mp_native_code_seal (W^X) before any function can run from them.
 * Why not one RWX arena: writable-and-executable pages are refused by
 * hardened kernels and SELinux policies (execmem), and read-only code means
 * a stray write (viper ptr8 stores, natmods) cannot patch machine code. The
 * price is rounding each block up to whole pages. x86-64 keeps instruction
 * and data caches coherent, so no cache flush is needed.
 *
 * The memory is never freed: function objects, prelude pointers and
 * natmod objects point into it, possibly from anywhere (native.md 13).
 * Only a harness that never runs what it loaded may give it back
 * (mp_native_code_release).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/nativecode.h"
#include "core/runtime.h"

/* Everything handed out, so a test harness that only loads code can give it
 * back (mp_native_code_release); plain C memory, it holds no heap objects. */
typedef enum { NC_MAPPING, NC_ROOT_RANGE, NC_ROOT_CELL } nc_kind_t;
typedef struct {
    nc_kind_t kind;
    void *ptr;
    size_t len;
} nc_entry_t;
static nc_entry_t *nc_entries;
static size_t nc_len, nc_alloc;

static void nc_register(nc_kind_t kind, void *ptr, size_t len) {
    if (nc_len == nc_alloc) {
        size_t na = nc_alloc ? 2 * nc_alloc : 32;
        nc_entry_t *e = realloc(nc_entries, na * sizeof(*e));
        if (e == NULL) {
            mp_raise_memory_error();
        }
        nc_entries = e;
        nc_alloc = na;
    }
    nc_entries[nc_len].kind = kind;
    nc_entries[nc_len].ptr = ptr;
    nc_entries[nc_len].len = len;
    nc_len++;
}

#if MICA_NATIVE_ARCH
#include <sys/mman.h>
#include <unistd.h>

static size_t page_round(size_t n) {
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (n > SIZE_MAX - page) {
        mp_raise_memory_error();
    }
    return (n + page - 1) & ~(page - 1);
}

void *mp_native_code_alloc(size_t n) {
    size_t size = page_round(n ? n : 1);
    /* register first (may raise), so a mapping is never lost */
    nc_register(NC_MAPPING, NULL, size);
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        nc_len--;
        mp_raise_memory_error();
    }
    nc_entries[nc_len - 1].ptr = p;
    return p; /* fresh anonymous pages are zero-filled */
}

void mp_native_code_seal(void *p, size_t n) {
    if (mprotect(p, page_round(n ? n : 1), PROT_READ | PROT_EXEC) != 0) {
        mp_raise_msg(&mp_type_MemoryError, "can't make native code executable");
    }
}

static void nc_unmap(void *p, size_t size) {
    munmap(p, size);
}

#else

/* No machine code can run here: nothing asks for executable memory, but
 * keep the functions defined (and honest) for every build. */
void *mp_native_code_alloc(size_t n) {
    mp_raise_NotImplementedError("native code not supported on this host");
}

void mp_native_code_seal(void *p, size_t n) {
}

static void nc_unmap(void *p, size_t size) {
}

#endif

void *mp_native_code_copy(const void *code, size_t n) {
    void *p = mp_native_code_alloc(n);
    memcpy(p, code, n);
    mp_native_code_seal(p, n);
    return p;
}

void mp_native_code_keep_alive(void *block) {
    /* one C-heap cell per block, registered as a root and never removed:
     * a growable GC-heap list would itself need rooting, and the number of
     * such blocks is the number of natmod records loaded */
    void **cell = malloc(sizeof(void *));
    if (cell == NULL) {
        mp_raise_memory_error();
    }
    *cell = block;
    nc_register(NC_ROOT_CELL, cell, 0);
    gc_root_add(cell);
}

void mp_native_code_scan_as_root(void *p, size_t n) {
    nc_register(NC_ROOT_RANGE, p, 0);
    gc_root_add_range((void **)p, n / sizeof(void *));
}

size_t mp_native_code_mark(void) {
    return nc_len;
}

void mp_native_code_release(size_t mark) {
    while (nc_len > mark) {
        nc_entry_t *e = &nc_entries[--nc_len];
        switch (e->kind) {
            case NC_MAPPING:
                nc_unmap(e->ptr, e->len);
                break;
            case NC_ROOT_RANGE:
                gc_root_remove_range((void **)e->ptr);
                break;
            case NC_ROOT_CELL:
                gc_root_remove((void **)e->ptr);
                free(e->ptr);
                break;
        }
    }
}
