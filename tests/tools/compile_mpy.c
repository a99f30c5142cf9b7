/*
 * compile_mpy: compiler test driver (not part of the product). Compiles one
 * source file to .mpy with Mica's parser, compiler and writer, with the
 * mpy-cross command line subset the vectors use:
 *     compile_mpy -o OUT.mpy [-s NAME] [-O<n>] [-X no-source-lines] FILE.py
 * Compare the result with the reference using
 *     python3 shared/tools/mpyinspect.py --diff OUT.mpy REF.mpy
 * Build (not part of `make`):
 *     cc -std=c11 -O1 -g -D_DEFAULT_SOURCE -Isrc -Ibuild -Iinclude \
 *        tests/tools/compile_mpy.c build/libmica.a -lm -o build/compile_mpy
 * MICA_GC_STRESS=1 collects before every allocation (finds missing roots).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica.h"
#include "core/runtime.h"
#include "core/gc.h"
#include "compile/ast.h"
#include "compile/compile.h"
#include "persist/mpysave.h"

int main(int argc, char **argv) {
    int stack_top;
    mp_stack_set_top((void *)&stack_top);
    const char *out_path = NULL, *src_name = NULL, *in_path = NULL;
    int opt_level = 0;
    bool no_lines = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            out_path = argv[++i];
        } else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
            src_name = argv[++i];
        } else if (strncmp(argv[i], "-O", 2) == 0) {
            opt_level = argv[i][2] ? atoi(argv[i] + 2) : 1;
        } else if (strcmp(argv[i], "-X") == 0 && i + 1 < argc) {
            no_lines |= strcmp(argv[++i], "no-source-lines") == 0;
        } else if (strncmp(argv[i], "-m", 2) == 0) {
            /* -march=..., -msmall-int-bits: ignored here */
        } else {
            in_path = argv[i];
        }
    }
    if (in_path == NULL || out_path == NULL) {
        fprintf(stderr, "usage: compile_mpy -o OUT.mpy [-s NAME] [-O<n>] FILE.py\n");
        return 2;
    }
    FILE *f = fopen(in_path, "rb");
    if (f == NULL) {
        perror(in_path);
        return 1;
    }
    static char buf[1 << 20];
    size_t len = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[len] = 0;

    mica_t *m = mica_new(16 << 20);
    if (m == NULL) {
        return 1;
    }
    mp_state.opt_level = opt_level;
    if (getenv("MICA_GC_STRESS") != NULL) {
        gc_set_stress(true); /* collect before every allocation: finds missing roots */
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        qstr name = qstr_from_str(src_name ? src_name : in_path);
        mp_parse_opts_t popts = {.source_file = name, .small_int_bits = 31, .opt_level = opt_level};
        if (src_name != NULL && strcmp(src_name, in_path) != 0) {
            popts.source_path = qstr_from_str(in_path); /* interned too (7.2) */
        }
        mp_ast_t *root = mp_parse(buf, len, &popts);
        mp_compile_opts_t copts = {.source_file = name, .opt_level = opt_level,
                                   .small_int_bits = 31, .no_source_lines = no_lines};
        mp_compiled_module_t *cm = mp_compile(root, &copts);
        vstr_t out;
        vstr_init(&out, 256);
        mp_mpy_save(cm, 31, &out);
        nlr_pop();
        FILE *o = fopen(out_path, "wb");
        fwrite(out.buf, 1, out.len, o);
        fclose(o);
        return 0;
    } else {
        mp_obj_print_exception(&mp_stderr_print, (mp_obj_t)nlr.ret_val);
        return 1;
    }
}
