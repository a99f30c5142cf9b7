/*
 * The compiler: syntax tree (compile/ast.h) -> tree of raw codes plus the
 * module's qstr and constant tables, byte-identical to the reference
 * mpy-cross (../shared/spec/compiler-behaviour.md).
 */
#ifndef MICA_COMPILE_COMPILE_H
#define MICA_COMPILE_COMPILE_H

#include "core/obj.h"
#include "core/rawcode.h"
#include "compile/ast.h"

typedef enum {
    MP_EMIT_OPT_BYTECODE = 0,
    MP_EMIT_OPT_NATIVE_PYTHON = 1,
    MP_EMIT_OPT_VIPER = 2,
} mp_emit_opt_t;

typedef struct _mp_compile_opts_t {
    qstr source_file;     /* qstr 0 of the file (-s NAME or the input path) */
    int opt_level;        /* -O<n>: >= 1 drops asserts, 3 drops line numbers */
    int small_int_bits;   /* target small-int width, 31 by default (informational:
                             the parser already decided which ints are small) */
    mp_emit_opt_t emit;   /* bytecode only for now */
    bool no_source_lines; /* -X no-source-lines */
    bool is_repl;         /* module-level expression statements print their value */
    bool is_eval;         /* the module is one expression whose value it returns
                             (eval()); parse with is_repl so constants are kept */
} mp_compile_opts_t;

/* Compile a parsed module. Raises SyntaxError (with file and line) on
 * compile-time errors, NotImplementedError for native/viper emission. */
mp_compiled_module_t *mp_compile(mp_ast_t *root, const mp_compile_opts_t *opts);

#endif
