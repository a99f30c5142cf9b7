/* The .mpy loader (persist/mpyload.c) and verifier (persist/verify.c). */
#ifndef MICA_PERSIST_MPYLOAD_H
#define MICA_PERSIST_MPYLOAD_H

#include "core/rawcode.h"

/* A byte source for loading, e.g. from flash: readbyte returns the next byte
 * or -1 at the end; close may be NULL. */
typedef struct _mp_mpy_reader_t {
    void *data;
    int (*readbyte)(void *data);
    void (*close)(void *data);
} mp_mpy_reader_t;

/* Each returns the loaded module (context with its qstr and constant tables,
 * and the verified raw-code tree) with context->module.globals = globals,
 * or raises ValueError naming what is wrong with the file. */
mp_compiled_module_t *mp_mpy_load_mem(const byte *data, size_t len, const char *source_name,
    mp_obj_dict_t *globals);
/* In-place loading: like mp_mpy_load_mem, but `data` must never change and
 * must stay valid for the rest of the run (flash, ROM, a const array).
 * Bytecode and str/bytes constant data are used where they lie; the
 * records, tables and object headers go in the GC heap; machine code is
 * still copied to executable memory. Everything is verified the same way. */
mp_compiled_module_t *mp_mpy_load_rom(const byte *data, size_t len, const char *source_name,
    mp_obj_dict_t *globals);
mp_compiled_module_t *mp_mpy_load_file(const char *path, mp_obj_dict_t *globals);
mp_compiled_module_t *mp_mpy_load_reader(mp_mpy_reader_t *reader, const char *source_name,
    mp_obj_dict_t *globals);

/* Proves a bytecode raw code safe to run (design note 8): valid opcodes,
 * operands in range, jumps to instruction starts, stack and exception-stack
 * depths within the prelude's bounds, line table in bounds. Raises
 * ValueError with the reason. */
void mp_bytecode_verify(const mp_raw_code_t *rc, size_t n_qstr, size_t n_obj,
    const char *source_name);

/* Checks the prelude of a native (kind 1) function lying in [prelude, end)
 * (native.md 4.1); returns its scope flags and sets *n_state. Raises
 * ValueError with the reason. */
unsigned mp_native_prelude_verify(const byte *prelude, const byte *end, size_t n_qstr,
    const char *source_name, uint16_t *n_state);

#endif
