/* The .mpy writer (persist/mpysave.c). */
#ifndef MICA_PERSIST_MPYSAVE_H
#define MICA_PERSIST_MPYSAVE_H

#include "core/rawcode.h"

/* Appends the .mpy bytes of a compiled module to `out`. */
void mp_mpy_save(const mp_compiled_module_t *cm, int small_int_bits, vstr_t *out);

#endif
