/*
 * Private glue between the built-in modules owned by modules-cli
 * (builtins.c, mod_sys.c, mod_gc.c, mod_micropython.c, moduletable.c) and
 * the embedding layer (core/embed.c). Nothing here is part of the runtime
 * contract in core/runtime.h.
 */
#ifndef MICA_MODULES_MODULES_H
#define MICA_MODULES_MODULES_H

#include "core/config.h"
#include "core/runtime.h"

/* The MicroPython version whose behaviour Mica reproduces (reported by
 * sys.implementation.version; Mica's own is MICA_VERSION_STRING). */
#define MICA_MP_COMPAT_MAJOR (1)
#define MICA_MP_COMPAT_MINOR (29)
#define MICA_MP_COMPAT_MICRO (0)

/* ---- mod_sys.c ------------------------------------------------------ */
extern const mp_obj_module_t mp_module_gc;
extern const mp_obj_module_t mp_module_micropython;
/* sys is built on the heap at first use (argv, path and modules are the
 * live objects in mp_state). */
mp_obj_t mp_module_sys_get(void);
/* Forget the cached sys module (mica_free / a new runtime). */
void mp_module_sys_reset(void);

/* The objects behind sys.stdin/stdout/stderr. */
extern const mp_obj_base_t mp_sys_stdin_obj;
extern const mp_obj_base_t mp_sys_stdout_obj;
extern const mp_obj_base_t mp_sys_stderr_obj;

/* An mp_print_t that writes to `file`: sys.stdout/sys.stderr go straight to
 * the C streams, anything else through its .write() method. */
void mp_print_init_for_file(mp_print_t *print, mp_obj_t file);
/* What print() writes to by default: sys.stdout, which a program may
 * replace with any object that has a write() method. */
mp_obj_t mp_sys_current_stdout(void);
/* sys.executable (the CLI passes argv[0]); NULL leaves it ''. Not copied. */
void mp_sys_set_executable(const char *path);

/* ---- other modules ------------------------------------------------- */
extern const mp_obj_module_t mp_module_io;
extern const mp_obj_module_t mp_module_time;
extern const mp_obj_module_t mp_module_collections;
extern const mp_obj_module_t mp_module_struct;
extern const mp_obj_module_t mp_module_json;
extern const mp_obj_module_t mp_module_random;
extern const mp_obj_module_t mp_module_array;
extern const mp_obj_fun_builtin_var_t mp_builtin_open_obj; /* open() = io.open */
/* stdlib modules (mod_errno.c, mod_heapq.c, ...) */
extern const mp_obj_module_t mp_module_errno;
extern const mp_obj_module_t mp_module_heapq;
extern const mp_obj_module_t mp_module_binascii;
extern const mp_obj_module_t mp_module_hashlib;
extern const mp_obj_module_t mp_module_os;
extern const mp_obj_module_t mp_module_platform;
extern const mp_obj_module_t mp_module_deflate;
extern const mp_obj_module_t mp_module_zlib;
extern const mp_obj_module_t mp_module_select;
extern const mp_obj_module_t mp_module_re;
extern const mp_obj_module_t mp_module_uctypes;
/* zlib's CRC-32 continuing from crc (mod_binascii.c) */
uint32_t mp_crc32_update(uint32_t crc, const byte *data, size_t len);

/* ---- mod_micropython.c ---------------------------------------------- */
/* Drop anything queued by micropython.schedule() (runtime teardown). */
void mp_sched_reset(void);

#endif
