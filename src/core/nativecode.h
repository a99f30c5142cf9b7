/*
 * Executable memory for machine code (native, viper and asm raw codes,
 * native.md 4.3 and 13), and whether this runtime can run machine code at
 * all. Memory from here is outside the GC heap, never moved and never freed
 * (it lives until the process ends), so interior pointers into it (function
 * entry points, prelude pointers) stay valid for as long as anything holds
 * them.
 */
#ifndef MICA_CORE_NATIVECODE_H
#define MICA_CORE_NATIVECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/nlr.h"

/* The native architecture this runtime runs (mpy-format arch number), 0 if
 * none. x64 code needs the System V ABI, mmap and the objects.md 4.15 nlr
 * buffer (MICA_NLR_X64). */
#if MICA_NLR_X64 && defined(__linux__) && !defined(MICA_NO_NATIVE)
#define MICA_NATIVE_ARCH (2) /* MP_NATIVE_ARCH_X64 */
#define MICA_NATIVE_WORD (8)
#else
#define MICA_NATIVE_ARCH (0)
#define MICA_NATIVE_WORD (0)
#endif

/* Writable memory for n bytes of machine code (n > 0), zero-filled; raises
 * MemoryError if the system refuses. Make it runnable with
 * mp_native_code_seal once the code (and its relocations) are written. */
void *mp_native_code_alloc(size_t n);
/* Make [p, p + n) (from mp_native_code_alloc) executable and read-only. */
void mp_native_code_seal(void *p, size_t n);
/* Copy n bytes of code into fresh executable memory. */
void *mp_native_code_copy(const void *code, size_t n);

/* GC rule 1 of native.md 13: keep `block` (a heap block, e.g. a natmod's
 * bss+rodata) alive for the rest of the run. */
void mp_native_code_keep_alive(void *block);
/* GC rule 3: scan the words of [p, p + n) (executable memory holding
 * relocated natmod text) as roots at every collection. */
void mp_native_code_scan_as_root(void *p, size_t n);

/* For harnesses that load code but never run it (tests/corrupt): release
 * every mapping and root made since mark. Nothing may use that code after. */
size_t mp_native_code_mark(void);
void mp_native_code_release(size_t mark);

#endif
