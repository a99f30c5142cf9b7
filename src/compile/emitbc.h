/*
 * The emitter interface used by compile.c, and its bytecode implementation
 * (emitbc.c). The compiler walks each scope several times (compiler-
 * behaviour.md 2 and 13); the emitter is told which pass it is in:
 *
 *   MP_PASS_SCOPE      pass 1: nothing is written; qstr operands of
 *                      non-identifier instructions and constants are
 *                      registered in the file tables (phase A, section 3/5)
 *   MP_PASS_STACK_SIZE pass 2: every jump long; stack depth and handler
 *                      depth are measured; all qstrs registered (phase B)
 *   MP_PASS_CODE_SIZE  pass 3: jump sizes chosen from pass-2 positions
 *   MP_PASS_EMIT       pass 4, repeated until the sizes settle
 *
 * The calls are semantic (load a local, make a function, ...) rather than
 * raw opcodes so that a native emitter can implement the same set later;
 * compile.c reaches them only through the EMIT macros in compile.c.
 */
#ifndef MICA_COMPILE_EMITBC_H
#define MICA_COMPILE_EMITBC_H

#include "core/obj.h"
#include "compile/scope.h"

typedef enum {
    MP_PASS_SCOPE = 1,
    MP_PASS_STACK_SIZE = 2,
    MP_PASS_CODE_SIZE = 3,
    MP_PASS_EMIT = 4,
} pass_kind_t;

/* Tables shared by every scope of one compilation unit (the .mpy's qstr and
 * constant tables). Index 0 of the qstr table is the source file name. */
typedef struct _mp_emit_common_t {
    qstr_short_t *qstr_table; /* file index -> runtime qstr */
    size_t qstr_len, qstr_alloc;
    uint16_t *qstr_index;     /* runtime qstr -> file index + 1 (0 = absent) */
    size_t qstr_index_alloc;
    mp_obj_t *const_table;
    size_t const_len, const_alloc;
} mp_emit_common_t;

void mp_emit_common_init(mp_emit_common_t *common, qstr source_file);
size_t mp_emit_common_use_qstr(mp_emit_common_t *common, qstr qst);
size_t mp_emit_common_use_const(mp_emit_common_t *common, mp_obj_t obj);

typedef struct _emit_t emit_t;

typedef enum { MP_EMIT_TOK_NONE, MP_EMIT_TOK_FALSE, MP_EMIT_TOK_TRUE, MP_EMIT_TOK_ELLIPSIS } emit_tok_t;
typedef enum { MP_EMIT_IDOP_LOCAL_FAST, MP_EMIT_IDOP_LOCAL_DEREF } emit_local_kind_t;
typedef enum { MP_EMIT_IDOP_GLOBAL_NAME, MP_EMIT_IDOP_GLOBAL_GLOBAL } emit_global_kind_t;
typedef enum {
    MP_EMIT_SETUP_BLOCK_WITH, MP_EMIT_SETUP_BLOCK_EXCEPT, MP_EMIT_SETUP_BLOCK_FINALLY,
} emit_setup_kind_t;
typedef enum {
    MP_EMIT_BUILD_TUPLE, MP_EMIT_BUILD_LIST, MP_EMIT_BUILD_MAP, MP_EMIT_BUILD_SET,
    MP_EMIT_BUILD_SLICE,
} emit_build_kind_t;
typedef enum { MP_EMIT_COMP_LIST, MP_EMIT_COMP_DICT, MP_EMIT_COMP_SET } emit_comp_kind_t;
typedef enum { MP_EMIT_YIELD_VALUE, MP_EMIT_YIELD_FROM } emit_yield_kind_t;
typedef enum { MP_EMIT_IMPORT_NAME, MP_EMIT_IMPORT_FROM, MP_EMIT_IMPORT_STAR } emit_import_kind_t;

emit_t *mp_emit_bc_new(mp_emit_common_t *common);
void mp_emit_bc_start_pass(emit_t *emit, pass_kind_t pass, scope_t *scope, bool source_lines);
/* returns true if another pass 4 is needed (sizes changed) */
bool mp_emit_bc_end_pass(emit_t *emit);
/* after the last pass: fill scope->raw_code */
void mp_emit_bc_finish(emit_t *emit);
bool mp_emit_bc_last_emit_was_return_value(emit_t *emit);

void mp_emit_bc_label_assign(emit_t *emit, size_t label);
void mp_emit_bc_set_source_line(emit_t *emit, size_t line);
void mp_emit_bc_adjust_stack_size(emit_t *emit, int delta);

void mp_emit_bc_load_const_tok(emit_t *emit, emit_tok_t tok);
void mp_emit_bc_load_const_small_int(emit_t *emit, mp_int_t arg);
void mp_emit_bc_load_const_str(emit_t *emit, qstr qst);
void mp_emit_bc_load_const_obj(emit_t *emit, mp_obj_t obj);
void mp_emit_bc_load_null(emit_t *emit);
void mp_emit_bc_load_local(emit_t *emit, qstr qst, size_t local_num, emit_local_kind_t kind);
void mp_emit_bc_load_global(emit_t *emit, qstr qst, emit_global_kind_t kind);
void mp_emit_bc_load_attr(emit_t *emit, qstr qst);
void mp_emit_bc_load_method(emit_t *emit, qstr qst, bool is_super);
void mp_emit_bc_load_build_class(emit_t *emit);
void mp_emit_bc_load_subscr(emit_t *emit);
void mp_emit_bc_store_local(emit_t *emit, qstr qst, size_t local_num, emit_local_kind_t kind);
void mp_emit_bc_store_global(emit_t *emit, qstr qst, emit_global_kind_t kind);
void mp_emit_bc_store_attr(emit_t *emit, qstr qst);
void mp_emit_bc_store_subscr(emit_t *emit);
void mp_emit_bc_delete_local(emit_t *emit, qstr qst, size_t local_num, emit_local_kind_t kind);
void mp_emit_bc_delete_global(emit_t *emit, qstr qst, emit_global_kind_t kind);

void mp_emit_bc_dup_top(emit_t *emit);
void mp_emit_bc_dup_top_two(emit_t *emit);
void mp_emit_bc_pop_top(emit_t *emit);
void mp_emit_bc_rot_two(emit_t *emit);
void mp_emit_bc_rot_three(emit_t *emit);

void mp_emit_bc_jump(emit_t *emit, size_t label);
void mp_emit_bc_pop_jump_if(emit_t *emit, bool cond, size_t label);
void mp_emit_bc_jump_if_or_pop(emit_t *emit, bool cond, size_t label);
void mp_emit_bc_unwind_jump(emit_t *emit, size_t label, size_t except_depth);
void mp_emit_bc_setup_block(emit_t *emit, size_t label, emit_setup_kind_t kind);
void mp_emit_bc_with_cleanup(emit_t *emit);
void mp_emit_bc_end_finally(emit_t *emit);
void mp_emit_bc_get_iter(emit_t *emit, bool use_stack);
void mp_emit_bc_for_iter(emit_t *emit, size_t label);
void mp_emit_bc_for_iter_end(emit_t *emit);
void mp_emit_bc_pop_except_jump(emit_t *emit, size_t label);
/* right after an except handler's label / after its final END_FINALLY:
 * the stack gains the exception (bytecode also reserves 3 unwind slots) */
void mp_emit_bc_start_except_handler(emit_t *emit);
/* `del o.a` / `del o[i]` (bytecode: LOAD_NULL, ROT_TWO/THREE, STORE_*) */
void mp_emit_bc_delete_attr(emit_t *emit, qstr qst);
void mp_emit_bc_delete_subscr(emit_t *emit);
void mp_emit_bc_end_except_handler(emit_t *emit);

void mp_emit_bc_unary_op(emit_t *emit, mp_unary_op_t op);
void mp_emit_bc_binary_op(emit_t *emit, mp_binary_op_t op);

void mp_emit_bc_build(emit_t *emit, size_t n_args, emit_build_kind_t kind);
void mp_emit_bc_store_map(emit_t *emit);
void mp_emit_bc_store_comp(emit_t *emit, emit_comp_kind_t kind, size_t collection_index);
void mp_emit_bc_unpack_sequence(emit_t *emit, size_t n_args);
void mp_emit_bc_unpack_ex(emit_t *emit, size_t n_left, size_t n_right);

void mp_emit_bc_make_function(emit_t *emit, scope_t *scope, size_t n_pos_defaults,
    size_t n_kw_defaults);
void mp_emit_bc_make_closure(emit_t *emit, scope_t *scope, size_t n_closed_over,
    size_t n_pos_defaults, size_t n_kw_defaults);
void mp_emit_bc_call_function(emit_t *emit, size_t n_positional, size_t n_keyword,
    size_t star_flags);
void mp_emit_bc_call_method(emit_t *emit, size_t n_positional, size_t n_keyword,
    size_t star_flags);
void mp_emit_bc_return_value(emit_t *emit);
void mp_emit_bc_raise_varargs(emit_t *emit, size_t n_args);
void mp_emit_bc_yield(emit_t *emit, emit_yield_kind_t kind);
void mp_emit_bc_import(emit_t *emit, qstr qst, emit_import_kind_t kind);

/* The emitter interface: compile.c calls every emitter through one of these
 * tables (EMIT macros), so a native emitter only has to provide another
 * table. Each emitter casts emit_t * to its own state. */
typedef struct _mp_emit_method_table_t {
    void (*start_pass)(emit_t *emit, pass_kind_t pass, scope_t *scope, bool source_lines);
    bool (*end_pass)(emit_t *emit);
    void (*finish)(emit_t *emit);
    bool (*last_emit_was_return_value)(emit_t *emit);
    void (*label_assign)(emit_t *emit, size_t label);
    void (*set_source_line)(emit_t *emit, size_t line);
    void (*adjust_stack_size)(emit_t *emit, int delta);
    void (*load_const_tok)(emit_t *emit, emit_tok_t tok);
    void (*load_const_small_int)(emit_t *emit, mp_int_t arg);
    void (*load_const_str)(emit_t *emit, qstr qst);
    void (*load_const_obj)(emit_t *emit, mp_obj_t obj);
    void (*load_null)(emit_t *emit);
    void (*load_local)(emit_t *emit, qstr qst, size_t local_num, emit_local_kind_t kind);
    void (*load_global)(emit_t *emit, qstr qst, emit_global_kind_t kind);
    void (*load_attr)(emit_t *emit, qstr qst);
    void (*load_method)(emit_t *emit, qstr qst, bool is_super);
    void (*load_build_class)(emit_t *emit);
    void (*load_subscr)(emit_t *emit);
    void (*store_local)(emit_t *emit, qstr qst, size_t local_num, emit_local_kind_t kind);
    void (*store_global)(emit_t *emit, qstr qst, emit_global_kind_t kind);
    void (*store_attr)(emit_t *emit, qstr qst);
    void (*store_subscr)(emit_t *emit);
    void (*delete_local)(emit_t *emit, qstr qst, size_t local_num, emit_local_kind_t kind);
    void (*delete_global)(emit_t *emit, qstr qst, emit_global_kind_t kind);
    void (*dup_top)(emit_t *emit);
    void (*dup_top_two)(emit_t *emit);
    void (*pop_top)(emit_t *emit);
    void (*rot_two)(emit_t *emit);
    void (*rot_three)(emit_t *emit);
    void (*jump)(emit_t *emit, size_t label);
    void (*pop_jump_if)(emit_t *emit, bool cond, size_t label);
    void (*jump_if_or_pop)(emit_t *emit, bool cond, size_t label);
    void (*unwind_jump)(emit_t *emit, size_t label, size_t except_depth);
    void (*setup_block)(emit_t *emit, size_t label, emit_setup_kind_t kind);
    void (*with_cleanup)(emit_t *emit);
    void (*end_finally)(emit_t *emit);
    void (*get_iter)(emit_t *emit, bool use_stack);
    void (*for_iter)(emit_t *emit, size_t label);
    void (*for_iter_end)(emit_t *emit);
    void (*pop_except_jump)(emit_t *emit, size_t label);
    void (*start_except_handler)(emit_t *emit);
    void (*delete_attr)(emit_t *emit, qstr qst);
    void (*delete_subscr)(emit_t *emit);
    void (*end_except_handler)(emit_t *emit);
    void (*unary_op)(emit_t *emit, mp_unary_op_t op);
    void (*binary_op)(emit_t *emit, mp_binary_op_t op);
    void (*build)(emit_t *emit, size_t n_args, emit_build_kind_t kind);
    void (*store_map)(emit_t *emit);
    void (*store_comp)(emit_t *emit, emit_comp_kind_t kind, size_t collection_index);
    void (*unpack_sequence)(emit_t *emit, size_t n_args);
    void (*unpack_ex)(emit_t *emit, size_t n_left, size_t n_right);
    void (*make_function)(emit_t *emit, scope_t *scope, size_t n_pos_defaults, size_t n_kw_defaults);
    void (*make_closure)(emit_t *emit, scope_t *scope, size_t n_closed_over, size_t n_pos_defaults, size_t n_kw_defaults);
    void (*call_function)(emit_t *emit, size_t n_positional, size_t n_keyword, size_t star_flags);
    void (*call_method)(emit_t *emit, size_t n_positional, size_t n_keyword, size_t star_flags);
    void (*return_value)(emit_t *emit);
    void (*raise_varargs)(emit_t *emit, size_t n_args);
    void (*yield)(emit_t *emit, emit_yield_kind_t kind);
    void (*import)(emit_t *emit, qstr qst, emit_import_kind_t kind);
} mp_emit_method_table_t;

extern const mp_emit_method_table_t mp_emit_bc_method_table;

#endif
