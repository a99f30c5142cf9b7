/*
 * The natmod linker: ELF relocatable objects compiled from C (natmod/
 * dynruntime.h) -> one .mpy file whose only raw code is a viper record with
 * a relocation stream (../shared/spec/natmod.md 1, 2.3-2.5). x64 only.
 *
 *   mica-mpy link [--arch x64] [-o OUT.mpy] [--qstrs CONFIG.h] [-v] OBJ.o ...
 */
#ifndef MICA_NATMOD_LINK_H
#define MICA_NATMOD_LINK_H

#include "core/runtime.h"

typedef struct _natmod_input_t {
    const char *path;
    const byte *data;
    size_t len;
} natmod_input_t;

typedef struct _natmod_link_opts_t {
    int arch;                  /* MP_NATIVE_ARCH_X64 */
    const char *module_name;   /* qstr 0: the output file's name */
    const char *const *qstrs;  /* module qstrs 1..n_qstrs (from --qstrs) */
    size_t n_qstrs;
    const natmod_input_t *inputs;
    size_t n_inputs;
    bool verbose;              /* print the layout to stdout */
} natmod_link_opts_t;

/* Links the inputs into `out` (the .mpy bytes); raises ValueError with the
 * reason on any error. */
void natmod_link(const natmod_link_opts_t *opts, vstr_t *out);

/* Reads a config header written by natmod/build.py: the names of
 * `#define MP_QSTR_x (mp_native_qstr_table[i])` in index order. */
const char **natmod_parse_qstr_config(const char *path, const byte *data, size_t len,
    size_t *n_out);

/* The `link` verb of mica-mpy (argv after the verb); returns the exit status. */
int natmod_link_main(int argc, char **argv);

#endif
