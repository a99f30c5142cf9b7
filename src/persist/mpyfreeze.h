/*
 * The frozen-module writer behind `mica-mpy freeze`: names each input .mpy
 * as a module (packages by their __init__) and writes a C file holding
 * the bytes as const arrays plus a mica_frozen_module_t table
 * (include/mica.h). Loading and verifying the inputs is the caller's job.
 */
#ifndef MICA_PERSIST_MPYFREEZE_H
#define MICA_PERSIST_MPYFREEZE_H

#include <stdio.h>
#include "core/runtime.h"

typedef struct _mp_freeze_input_t {
    const char *path;   /* the file, for comments and messages */
    const char *name;   /* dotted module name (set by mp_freeze_name_inputs) */
    bool is_package;    /* path ends in __init__.mpy */
    bool explicit_name; /* given as NAME=PATH */
    const byte *data;
    size_t len;
} mp_freeze_input_t;

/* Gives every input without an explicit name its module name: the file
 * name without ".mpy"; DIR/__init__.mpy names package DIR; a file (or
 * package) whose directory's __init__.mpy is also an input is a submodule
 * of that package. Names are malloc'd. Returns NULL if all is well, else a malloc'd message
 * (a name that is not a dotted identifier, a duplicate, or a submodule
 * whose package is not frozen). */
char *mp_freeze_name_inputs(mp_freeze_input_t *in, size_t n);

/* Is `s` a C identifier (for the table's symbol name)? */
bool mp_freeze_is_c_identifier(const char *s);

/* Writes the C file: the table is SYMBOL_modules, its length
 * SYMBOL_modules_count, the arrays SYMBOL_mpy_N (SYMBOL: --name-prefix,
 * "mica_frozen" by default, so two frozen files can be linked together). */
void mp_freeze_write_c(FILE *out, const mp_freeze_input_t *in, size_t n, const char *symbol);

#endif
