/*
 * mp_compile_source (core/runtime.h): source text -> function object for
 * the module body, via the parser (compile/parser.c) and the compiler.
 * SyntaxErrors raised by either propagate to the caller unchanged.
 */
#include "core/runtime.h"
#include "compile/ast.h"
#include "compile/compile.h"
#include "vm/bc.h"

mp_obj_t mp_compile_source(const char *src, size_t len, qstr source_file, bool is_repl,
    mp_obj_dict_t *globals) {
    return mp_compile_source_mode(src, len, source_file,
        is_repl ? MP_COMPILE_MODE_SINGLE : MP_COMPILE_MODE_EXEC, globals);
}

mp_obj_t mp_compile_source_mode(const char *src, size_t len, qstr source_file,
    mp_compile_mode_t mode, mp_obj_dict_t *globals) {
    bool is_repl = mode == MP_COMPILE_MODE_SINGLE;
    bool is_eval = mode == MP_COMPILE_MODE_EVAL;
    mp_parse_opts_t popts = {
        .source_file = source_file,
        .small_int_bits = 31,
        .opt_level = mp_state.opt_level,
        .is_repl = is_repl || is_eval, /* keeps a lone constant expression */
        .emit_native = mp_state.emit_native != 0,
    };
    mp_ast_t *root = mp_parse(src, len, &popts);

    mp_compile_opts_t copts = {
        .source_file = source_file,
        .opt_level = mp_state.opt_level,
        .small_int_bits = 31,
        .emit = mp_state.emit_native ? MP_EMIT_OPT_NATIVE_PYTHON : MP_EMIT_OPT_BYTECODE,
        .no_source_lines = false,
        .is_repl = is_repl,
        .is_eval = is_eval,
    };
    mp_compiled_module_t *cm = mp_compile(root, &copts);
    cm->context->module.globals = globals;
    if (mp_state.verbose >= 2) {
        /* `mica -v -v`: the bytecode listing, as MicroPython prints it */
        mp_bytecode_print(&mp_plat_print, cm->rc, cm->context);
    }
    return mp_make_function_from_proto_fun(cm->rc, cm->context, NULL);
}
