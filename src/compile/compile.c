/*
 * The compiler proper: walks the syntax tree of each scope in the passes of
 * compiler-behaviour.md section 2 and drives the emitter (emitbc.h) with the
 * reference's code shapes (bytecode.md 8, compiler-behaviour.md 9-12).
 *
 * Pass 1 (MP_PASS_SCOPE) discovers scopes and identifiers; identifier
 * operations then only update the scope tables, everything else goes to the
 * emitter so that it can register qstrs/constants in reference order.
 * Passes 2-4 emit, resolving identifiers to fast/deref/name/global access.
 */
#include <string.h>

#include "core/runtime.h"
#include "core/rawcode.h"
#include "compile/compile.h"
#include "compile/scope.h"
#include "compile/emitbc.h"
#include "native/emitnative.h"
#include "vm/opcodes.h"

/* All emitter calls go through the emitter's method table, so that a native
 * emitter can be slotted in behind the same calls later. */
#define EMIT(fun) (comp->emit_method_table->fun(comp->emit))
#define EMIT_ARG(fun, ...) (comp->emit_method_table->fun(comp->emit, __VA_ARGS__))

/* marker bit: a call uses the *_VAR_KW form even if no `*x` bit is set */
#define STAR_FLAGS_PRESENT ((size_t)1 << 30)

typedef enum {
    LOOP_WHILE,
    LOOP_FOR_ITER,  /* 4-slot iterator on the stack */
    LOOP_FOR_RANGE, /* counter (and maybe end value) on the stack */
    LOOP_ASYNC_FOR,
} loop_kind_t;

typedef struct _loop_t {
    size_t break_label;
    size_t continue_label;
    int except_level;
    loop_kind_t kind;
} loop_t;

typedef struct _compiler_t {
    const mp_compile_opts_t *opts;
    qstr source_file;
    pass_kind_t pass;
    scope_t *scope_head;
    scope_t *scope_tail;
    scope_t *scope_cur;
    emit_t *emit;
    const mp_emit_method_table_t *emit_method_table;
    emit_t *emit_bc;         /* pass 1 of every scope, and bytecode scopes */
    emit_t *emit_native;     /* passes 2-4 of native and viper scopes */
    int decorator_emit;      /* emitter chosen by the last @micropython.native/viper */
    bool has_native;
    mp_emit_common_t common;
    size_t next_label;
    int cur_except_level;
    loop_t *loop;
    size_t cur_line; /* for error messages */
    scope_t *next_child; /* passes 2-4: the scope the next definition creates */
} compiler_t;

static void compile_node(compiler_t *comp, mp_ast_t *pn);
static void compile_stmt(compiler_t *comp, mp_ast_t *pn);
static void compile_block(compiler_t *comp, mp_ast_t *pn);
static void compile_store(compiler_t *comp, mp_ast_t *pn);
static void compile_primary(compiler_t *comp, mp_ast_t *pn, bool no_method);
static void c_if_cond(compiler_t *comp, mp_ast_t *pn, bool jump_if, size_t label);

/* ---- errors ---------------------------------------------------------- */

static _Noreturn void compile_error(compiler_t *comp, mp_ast_t *pn, const char *msg) {
    size_t line = (pn != NULL && pn->line != 0) ? pn->line : comp->cur_line;
    mp_obj_t exc = mp_obj_new_exception_msg(&mp_type_SyntaxError, msg);
    mp_obj_exception_add_traceback(exc, comp->source_file, line, MP_QSTRnull);
    nlr_jump(exc);
}

/* ---- small helpers ----------------------------------------------------- */

static size_t comp_next_label(compiler_t *comp) {
    return comp->next_label++;
}

static void record_line(compiler_t *comp, mp_ast_t *pn) {
    if (pn != NULL && pn->line != 0) {
        comp->cur_line = pn->line;
        EMIT_ARG(set_source_line, pn->line);
    }
}

static bool node_is_const(mp_ast_t *pn) {
    switch (pn->kind) {
        case AST_SMALL_INT:
        case AST_STR:
        case AST_NONE:
        case AST_TRUE:
        case AST_FALSE:
        case AST_ELLIPSIS:
        case AST_CONST:
            return true;
        default:
            return false;
    }
}

static bool const_is_true(mp_ast_t *pn) {
    switch (pn->kind) {
        case AST_SMALL_INT:
            return pn->i != 0;
        case AST_STR:
            return qstr_len(pn->q) != 0;
        case AST_NONE:
        case AST_FALSE:
            return false;
        case AST_TRUE:
        case AST_ELLIPSIS:
            return true;
        default:
            return mp_obj_is_true(pn->obj);
    }
}

static bool node_is_const_false(mp_ast_t *pn) {
    return node_is_const(pn) && !const_is_true(pn);
}

static bool node_is_const_true(mp_ast_t *pn) {
    return node_is_const(pn) && const_is_true(pn);
}

static scope_t *scope_for_node(compiler_t *comp, mp_ast_t *pn) {
    for (scope_t *s = comp->scope_head; s != NULL; s = s->next) {
        if (s->pn == pn) {
            return s;
        }
    }
    compile_error(comp, pn, "internal error: scope not found");
}

/* Pass 1 creates the scope (appending to the scope list); later passes
 * meet the definitions in the same order, so the scopes a scope created
 * are found one after the other from its first_child. */
static scope_t *get_scope(compiler_t *comp, mp_ast_t *pn, scope_kind_t kind, qstr name) {
    if (comp->pass != MP_PASS_SCOPE) {
        scope_t *s = comp->next_child;
        if (s == NULL || s->pn != pn) {
            s = scope_for_node(comp, pn);
        }
        comp->next_child = s->next;
        return s;
    }
    scope_t *s = scope_new(kind, pn, name);
    /* nested scopes use the emitter of the scope that defines them */
    s->emit_options = comp->scope_cur->emit_options;
    s->parent = comp->scope_cur;
    comp->scope_tail->next = s;
    comp->scope_tail = s;
    if (comp->scope_cur->first_child == NULL) {
        comp->scope_cur->first_child = s;
    }
    return s;
}

/* ---- identifiers (compiler-behaviour.md 6) ---------------------------- */

static void note_store(compiler_t *comp, qstr qst) {
    scope_t *scope = comp->scope_cur;
    bool added;
    if (SCOPE_IS_FUNC_LIKE(scope->kind)) {
        id_info_t *id = scope_find_or_add(scope, qst, ID_KIND_LOCAL, &added);
        if (!added && id->kind == ID_KIND_GLOBAL_IMPLICIT) {
            id->kind = ID_KIND_LOCAL;
        }
    } else {
        id_info_t *id = scope_find_or_add(scope, qst, ID_KIND_GLOBAL_IMPLICIT, &added);
        id->flags |= ID_FLAG_IS_STORED;
    }
}

static void compile_load_id(compiler_t *comp, qstr qst) {
    scope_t *scope = comp->scope_cur;
    if (comp->pass == MP_PASS_SCOPE) {
        bool added;
        scope_find_or_add(scope, qst, ID_KIND_GLOBAL_IMPLICIT, &added);
        return;
    }
    id_info_t *id = scope_find(scope, qst);
    int kind = id ? id->kind : ID_KIND_GLOBAL_IMPLICIT;
    switch (kind) {
        case ID_KIND_LOCAL:
            if (SCOPE_IS_FUNC_LIKE(scope->kind)) {
                EMIT_ARG(load_local, qst, id->local_num, MP_EMIT_IDOP_LOCAL_FAST);
            } else {
                EMIT_ARG(load_global, qst, MP_EMIT_IDOP_GLOBAL_NAME);
            }
            break;
        case ID_KIND_CELL:
        case ID_KIND_FREE:
            EMIT_ARG(load_local, qst, id->local_num, MP_EMIT_IDOP_LOCAL_DEREF);
            break;
        case ID_KIND_GLOBAL_EXPLICIT:
            EMIT_ARG(load_global, qst, MP_EMIT_IDOP_GLOBAL_GLOBAL);
            break;
        default:
            EMIT_ARG(load_global, qst, SCOPE_IS_FUNC_LIKE(scope->kind)
                ? MP_EMIT_IDOP_GLOBAL_GLOBAL : MP_EMIT_IDOP_GLOBAL_NAME);
            break;
    }
}

static void compile_store_or_delete_id(compiler_t *comp, qstr qst, bool is_delete) {
    scope_t *scope = comp->scope_cur;
    if (comp->pass == MP_PASS_SCOPE) {
        note_store(comp, qst);
        return;
    }
    id_info_t *id = scope_find(scope, qst);
    int kind = id ? id->kind : ID_KIND_GLOBAL_IMPLICIT;
    if ((kind == ID_KIND_LOCAL && SCOPE_IS_FUNC_LIKE(scope->kind))) {
        if (is_delete) {
            EMIT_ARG(delete_local, qst, id->local_num, MP_EMIT_IDOP_LOCAL_FAST);
        } else {
            EMIT_ARG(store_local, qst, id->local_num, MP_EMIT_IDOP_LOCAL_FAST);
        }
    } else if (kind == ID_KIND_CELL || kind == ID_KIND_FREE) {
        if (is_delete) {
            EMIT_ARG(delete_local, qst, id->local_num, MP_EMIT_IDOP_LOCAL_DEREF);
        } else {
            EMIT_ARG(store_local, qst, id->local_num, MP_EMIT_IDOP_LOCAL_DEREF);
        }
    } else {
        emit_global_kind_t gk = kind == ID_KIND_GLOBAL_EXPLICIT || SCOPE_IS_FUNC_LIKE(scope->kind)
            ? MP_EMIT_IDOP_GLOBAL_GLOBAL : MP_EMIT_IDOP_GLOBAL_NAME;
        if (is_delete) {
            EMIT_ARG(delete_global, qst, gk);
        } else {
            EMIT_ARG(store_global, qst, gk);
        }
    }
}

static void compile_store_id(compiler_t *comp, qstr qst) {
    compile_store_or_delete_id(comp, qst, false);
}

static void compile_delete_id(compiler_t *comp, qstr qst) {
    compile_store_or_delete_id(comp, qst, true);
}

/* ---- function objects ---------------------------------------------------- */

/* MAKE_FUNCTION or, if the child needs cells of this scope, LOAD_FAST of each
 * (in this scope's table order) and MAKE_CLOSURE. */
static void compile_make_function(compiler_t *comp, scope_t *child, size_t n_pos_defaults,
    size_t n_kw_defaults) {
    scope_t *scope = comp->scope_cur;
    size_t n_closed = 0;
    if (comp->pass != MP_PASS_SCOPE) {
        for (size_t i = 0; i < scope->id_info_len; i++) {
            id_info_t *id = &scope->id_info[i];
            if (id->kind != ID_KIND_CELL && id->kind != ID_KIND_FREE) {
                continue;
            }
            id_info_t *cid = scope_find(child, id->qst);
            if (cid != NULL && cid->kind == ID_KIND_FREE) {
                EMIT_ARG(load_local, id->qst, id->local_num, MP_EMIT_IDOP_LOCAL_FAST);
                n_closed++;
            }
        }
    }
    if (n_closed == 0) {
        EMIT_ARG(make_function, child, n_pos_defaults, n_kw_defaults);
    } else {
        EMIT_ARG(make_closure, child, n_closed, n_pos_defaults, n_kw_defaults);
    }
}

/* Default values, evaluated in the defining scope (bytecode.md 8.8). */
static void compile_defaults(compiler_t *comp, mp_ast_t *params, size_t *n_pos, size_t *n_kw) {
    *n_pos = 0;
    *n_kw = 0;
    if (params == NULL) {
        return;
    }
    for (size_t i = 0; i < params->n; i++) {
        mp_ast_t *p = params->kids[i];
        if ((p->op == PARAM_POS || p->op == PARAM_POSONLY) && p->n > 0 && p->kids[0] != NULL) {
            compile_node(comp, p->kids[0]);
            (*n_pos)++;
        }
    }
    if (*n_pos > 0) {
        EMIT_ARG(build, *n_pos, MP_EMIT_BUILD_TUPLE);
    }
    for (size_t i = 0; i < params->n; i++) {
        mp_ast_t *p = params->kids[i];
        if (p->op == PARAM_KWONLY && p->n > 0 && p->kids[0] != NULL) {
            if (*n_kw == 0) {
                if (*n_pos == 0) {
                    EMIT(load_null);
                }
                EMIT_ARG(build, 0, MP_EMIT_BUILD_MAP);
            }
            compile_node(comp, p->kids[0]);
            EMIT_ARG(load_const_str, p->q);
            EMIT(store_map);
            (*n_kw)++;
        }
    }
    if (*n_pos > 0 && *n_kw == 0) {
        EMIT(load_null);
    }
}

/* Parameters of a def/lambda, at the start of its pass 1. */
static void scope_add_params(compiler_t *comp, scope_t *scope, mp_ast_t *params) {
    if (params == NULL) {
        return;
    }
    bool seen_default = false;
    for (size_t i = 0; i < params->n; i++) {
        mp_ast_t *p = params->kids[i];
        if (p->q == MP_QSTRnull) {
            continue; /* bare `*` */
        }
        if (scope_find(scope, p->q) != NULL) {
            compile_error(comp, p, "argument name reused");
        }
        id_info_t *id = scope_add(scope, p->q, ID_KIND_LOCAL);
        id->flags = ID_FLAG_IS_PARAM;
        bool has_default = p->n > 0 && p->kids[0] != NULL;
        switch (p->op) {
            case PARAM_POS:
            case PARAM_POSONLY:
                scope->num_pos_args++;
                if (has_default) {
                    scope->num_def_pos_args++;
                    seen_default = true;
                } else if (seen_default) {
                    compile_error(comp, p, "non-default argument follows default argument");
                }
                break;
            case PARAM_KWONLY:
                scope->num_kwonly_args++;
                if (has_default) {
                    scope->scope_flags |= MP_SCOPE_FLAG_DEFKWARGS;
                }
                break;
            case PARAM_STAR:
                id->flags |= ID_FLAG_IS_STAR_PARAM;
                scope->scope_flags |= MP_SCOPE_FLAG_VARARGS;
                break;
            case PARAM_DSTAR:
                id->flags |= ID_FLAG_IS_DBL_STAR_PARAM;
                scope->scope_flags |= MP_SCOPE_FLAG_VARKEYWORDS;
                break;
        }
    }
}

/* ---- decorators ------------------------------------------------------------ */

/* `@micropython.xxx`: selects the emitter, generates no code. */
static bool decorator_is_micropython(compiler_t *comp, mp_ast_t *dec) {
    mp_ast_t *name = dec->kids[0];
    if (name->kind != AST_ATTR || name->kids[0]->kind != AST_NAME
        || name->kids[0]->q != MP_QSTR_micropython) {
        return false;
    }
    if (dec->op == 1) {
        compile_error(comp, dec, "invalid micropython decorator");
    }
    qstr attr = name->q;
    if (attr == MP_QSTR_bytecode) {
        return true;
    }
    if (attr == MP_QSTR_native) {
        comp->decorator_emit = MP_EMIT_OPT_NATIVE_PYTHON;
        return true;
    }
    if (attr == MP_QSTR_viper) {
        comp->decorator_emit = MP_EMIT_OPT_VIPER;
        return true;
    }
    if (attr == MP_QSTR_asm_thumb || attr == MP_QSTR_asm_xtensa || attr == MP_QSTR_asm_rv32) {
        mp_raise_NotImplementedError("inline assembler not supported yet");
    }
    compile_error(comp, dec, "invalid micropython decorator");
}

static void compile_dotted_name(compiler_t *comp, mp_ast_t *pn) {
    if (pn->kind == AST_ATTR) {
        compile_dotted_name(comp, pn->kids[0]);
        EMIT_ARG(load_attr, pn->q);
    } else if (pn->kind == AST_NAME) {
        compile_load_id(comp, pn->q);
    } else {
        compile_error(comp, pn, "invalid syntax");
    }
}

static size_t compile_call_args(compiler_t *comp, mp_ast_t **args, size_t n_args,
    size_t *n_pos_out, size_t *n_kw_out);

/* Evaluate the decorators (top to bottom); returns how many to apply. */
static size_t compile_decorators(compiler_t *comp, mp_ast_t *decs) {
    size_t n = 0;
    if (decs == NULL) {
        return 0;
    }
    for (size_t i = 0; i < decs->n; i++) {
        mp_ast_t *dec = decs->kids[i];
        if (decorator_is_micropython(comp, dec)) {
            continue;
        }
        compile_dotted_name(comp, dec->kids[0]);
        if (dec->op == 1) {
            record_line(comp, dec);
            size_t n_pos, n_kw;
            size_t star = compile_call_args(comp, dec->kids + 1, dec->n - 1, &n_pos, &n_kw);
            EMIT_ARG(call_function, n_pos, n_kw, star);
        }
        n++;
    }
    return n;
}

static void apply_decorators(compiler_t *comp, size_t n) {
    for (size_t i = 0; i < n; i++) {
        EMIT_ARG(call_function, 1, 0, 0);
    }
}

/* ---- calls ---------------------------------------------------------------- */

/* Push call arguments; returns star flags for the emitter (0 = plain call). */
static size_t compile_call_args(compiler_t *comp, mp_ast_t **args, size_t n_args,
    size_t *n_pos_out, size_t *n_kw_out) {
    size_t n_pos = 0, n_kw = 0, star_bits = 0;
    bool seen_kw = false, seen_dstar = false, need_var = false;
    for (size_t i = 0; i < n_args; i++) {
        mp_ast_t *a = args[i];
        switch (a->kind) {
            case AST_STARRED:
                if (seen_dstar) {
                    compile_error(comp, a, "* arg after **");
                }
                if (seen_kw) {
                    compile_error(comp, a, "* arg after kwarg");
                }
                if (n_pos >= 30) {
                    compile_error(comp, a, "too many args");
                }
                star_bits |= (size_t)1 << n_pos;
                need_var = true;
                compile_node(comp, a->kids[0]);
                n_pos++;
                break;
            case AST_DSTARRED:
                EMIT(load_null);
                compile_node(comp, a->kids[0]);
                n_kw++;
                seen_dstar = true;
                need_var = true;
                break;
            case AST_KEYWORD:
                EMIT_ARG(load_const_str, a->q);
                compile_node(comp, a->kids[0]);
                n_kw++;
                seen_kw = true;
                break;
            default:
                if (seen_dstar) {
                    compile_error(comp, a, "positional arg after **");
                }
                if (seen_kw) {
                    compile_error(comp, a, "positional arg after keyword arg");
                }
                compile_node(comp, a);
                n_pos++;
                break;
        }
    }
    if (n_pos > 255 || n_kw > 255) {
        /* the call operand holds each count in one byte */
        compile_error(comp, n_args ? args[n_args - 1] : NULL, "too many args");
    }
    if (need_var) {
        EMIT_ARG(load_const_small_int, (mp_int_t)star_bits);
    }
    *n_pos_out = n_pos;
    *n_kw_out = n_kw;
    return need_var ? (star_bits | STAR_FLAGS_PRESENT) : 0;
}

/* First positional parameter of the def we are in (for super()), or null. */
static qstr first_pos_param(scope_t *scope) {
    if (scope->kind != SCOPE_FUNCTION) {
        return MP_QSTRnull;
    }
    mp_ast_t *params = scope->pn->kids[0];
    if (params != NULL) {
        for (size_t i = 0; i < params->n; i++) {
            mp_ast_t *p = params->kids[i];
            if (p->op == PARAM_POS || p->op == PARAM_POSONLY) {
                return p->q;
            }
        }
    }
    return MP_QSTRnull;
}

static bool is_zero_arg_super_call(compiler_t *comp, mp_ast_t *pn) {
    return pn->kind == AST_CALL && pn->n == 1 && pn->kids[0]->kind == AST_NAME
        && pn->kids[0]->q == MP_QSTR_super && comp->scope_cur->kind == SCOPE_FUNCTION;
}

/* super() -> LOAD super; LOAD __class__; LOAD self (bytecode.md 8.9) */
static void compile_super_prefix(compiler_t *comp, mp_ast_t *call) {
    qstr self = first_pos_param(comp->scope_cur);
    if (self == MP_QSTRnull) {
        compile_error(comp, call, "super() can't find self");
    }
    compile_load_id(comp, MP_QSTR_super);
    compile_load_id(comp, MP_QSTR___class__);
    compile_load_id(comp, self);
}

static void compile_call(compiler_t *comp, mp_ast_t *pn, bool no_method) {
    mp_ast_t *func = pn->kids[0];
    size_t n_pos, n_kw, star;
    if (is_zero_arg_super_call(comp, pn)) {
        compile_super_prefix(comp, pn);
        EMIT_ARG(call_function, 2, 0, 0);
        return;
    }
    /* `(a.f)(x)`: a parenthesised attribute is not a method call */
    if (func->kind == AST_ATTR && !no_method && !(func->op & AST_FLAG_PAREN)) {
        mp_ast_t *obj = func->kids[0];
        if (is_zero_arg_super_call(comp, obj)) {
            record_line(comp, obj);
            compile_super_prefix(comp, obj);
            EMIT_ARG(load_method, func->q, true);
        } else {
            compile_primary(comp, obj, false);
            EMIT_ARG(load_method, func->q, false);
        }
        star = compile_call_args(comp, pn->kids + 1, pn->n - 1, &n_pos, &n_kw);
        EMIT_ARG(call_method, n_pos, n_kw, star);
    } else {
        compile_primary(comp, func, no_method);
        star = compile_call_args(comp, pn->kids + 1, pn->n - 1, &n_pos, &n_kw);
        EMIT_ARG(call_function, n_pos, n_kw, star);
    }
}

/* ---- primaries: attribute, subscript, call chains ------------------------ */

static void compile_subscript_index(compiler_t *comp, mp_ast_t *idx) {
    compile_node(comp, idx);
}

/* `no_method` is set inside the trailer chain of an assignment target
 * (bytecode.md 8.15): `.f(x)` there is LOAD_ATTR + CALL_FUNCTION. */
static void compile_primary(compiler_t *comp, mp_ast_t *pn, bool no_method) {
    mp_stack_check();
    if (pn->op & AST_FLAG_PAREN) {
        /* `(a.f(x)).y = 1`: parentheses end the target's trailer chain */
        no_method = false;
    }
    switch (pn->kind) {
        case AST_ATTR:
            record_line(comp, pn);
            compile_primary(comp, pn->kids[0], no_method);
            EMIT_ARG(load_attr, pn->q);
            break;
        case AST_SUBSCR:
            record_line(comp, pn);
            compile_primary(comp, pn->kids[0], no_method);
            compile_subscript_index(comp, pn->kids[1]);
            EMIT(load_subscr);
            break;
        case AST_CALL:
            record_line(comp, pn);
            compile_call(comp, pn, no_method);
            break;
        default:
            compile_node(comp, pn);
            break;
    }
}

/* ---- expressions ---------------------------------------------------------- */

static void compile_items(compiler_t *comp, mp_ast_t *pn) {
    for (size_t i = 0; i < pn->n; i++) {
        if (pn->kids[i]->kind == AST_STARRED) {
            compile_error(comp, pn->kids[i], "*x must be assignment target");
        }
        compile_node(comp, pn->kids[i]);
    }
}

static void compile_dict(compiler_t *comp, mp_ast_t *pn) {
    size_t n_pairs = pn->n / 2;
    EMIT_ARG(build, n_pairs, MP_EMIT_BUILD_MAP);
    for (size_t i = 0; i < n_pairs; i++) {
        if (pn->ilines != NULL && pn->ilines[i] != 0) {
            comp->cur_line = pn->ilines[i];
            EMIT_ARG(set_source_line, pn->ilines[i]);
        }
        compile_node(comp, pn->kids[2 * i + 1]);
        compile_node(comp, pn->kids[2 * i]);
        EMIT(store_map);
    }
}

static void compile_and_or(compiler_t *comp, mp_ast_t *pn, bool is_or) {
    size_t l_end = comp_next_label(comp);
    for (size_t i = 0; i + 1 < pn->n; i++) {
        compile_node(comp, pn->kids[i]);
        EMIT_ARG(jump_if_or_pop, is_or, l_end);
    }
    compile_node(comp, pn->kids[pn->n - 1]);
    EMIT_ARG(label_assign, l_end);
}

static void compile_compare(compiler_t *comp, mp_ast_t *pn) {
    size_t n_ops = pn->n - 1;
    compile_node(comp, pn->kids[0]);
    if (n_ops == 1) {
        compile_node(comp, pn->kids[1]);
        EMIT_ARG(binary_op, (mp_binary_op_t)pn->cmpops[0]);
        return;
    }
    size_t l_fail = comp_next_label(comp);
    for (size_t i = 0; i + 1 < n_ops; i++) {
        compile_node(comp, pn->kids[i + 1]);
        EMIT(dup_top);
        EMIT(rot_three);
        EMIT_ARG(binary_op, (mp_binary_op_t)pn->cmpops[i]);
        EMIT_ARG(jump_if_or_pop, false, l_fail);
    }
    compile_node(comp, pn->kids[n_ops]);
    EMIT_ARG(binary_op, (mp_binary_op_t)pn->cmpops[n_ops - 1]);
    size_t l_end = comp_next_label(comp);
    EMIT_ARG(jump, l_end);
    EMIT_ARG(label_assign, l_fail);
    EMIT_ARG(adjust_stack_size, 1);
    EMIT(rot_two);
    EMIT(pop_top);
    EMIT_ARG(label_assign, l_end);
}

static void compile_ifexp(compiler_t *comp, mp_ast_t *pn) {
    size_t l_fail = comp_next_label(comp);
    size_t l_end = comp_next_label(comp);
    c_if_cond(comp, pn->kids[0], false, l_fail);
    compile_node(comp, pn->kids[1]);
    EMIT_ARG(jump, l_end);
    EMIT_ARG(label_assign, l_fail);
    EMIT_ARG(adjust_stack_size, -1);
    compile_node(comp, pn->kids[2]);
    EMIT_ARG(label_assign, l_end);
}

/* `(n := v)`: inside a comprehension the name binds in the enclosing
 * function or module (compiler-behaviour.md 9.6). */
static void compile_namedexpr(compiler_t *comp, mp_ast_t *pn) {
    mp_ast_t *target = pn->kids[0];
    if (target->kind != AST_NAME) {
        compile_error(comp, target, "can't assign to expression");
    }
    qstr q = target->q;
    compile_node(comp, pn->kids[1]);
    EMIT(dup_top);
    scope_t *scope = comp->scope_cur;
    if (comp->pass == MP_PASS_SCOPE && SCOPE_IS_COMP_LIKE(scope->kind)) {
        scope_t *outer = scope->parent;
        while (outer != NULL && SCOPE_IS_COMP_LIKE(outer->kind)) {
            outer = outer->parent;
        }
        bool added;
        id_info_t *id = scope_find_or_add(scope, q, ID_KIND_GLOBAL_IMPLICIT, &added);
        if (outer != NULL && SCOPE_IS_FUNC_LIKE(outer->kind)) {
            id_info_t *oid = scope_find_or_add(outer, q, ID_KIND_LOCAL, &added);
            if (!added && oid->kind == ID_KIND_GLOBAL_IMPLICIT) {
                oid->kind = ID_KIND_LOCAL;
            }
            if (id->kind == ID_KIND_GLOBAL_IMPLICIT || id->kind == ID_KIND_LOCAL) {
                id->kind = ID_KIND_FREE;
                id->flags |= ID_FLAG_IS_DECLARED_NONLOCAL;
            }
        } else {
            id->kind = ID_KIND_GLOBAL_EXPLICIT;
            id_info_t *mid = scope_find(scope_enclosing_module(scope), q);
            if (mid != NULL) {
                mid->kind = ID_KIND_GLOBAL_EXPLICIT;
            }
        }
        return;
    }
    compile_store_id(comp, q);
}

static void compile_slice(compiler_t *comp, mp_ast_t *pn) {
    for (size_t i = 0; i < 2; i++) {
        if (i < pn->n && pn->kids[i] != NULL) {
            compile_node(comp, pn->kids[i]);
        } else {
            EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
        }
    }
    if (pn->n > 2 && pn->kids[2] != NULL) {
        compile_node(comp, pn->kids[2]);
        EMIT_ARG(build, 3, MP_EMIT_BUILD_SLICE);
    } else {
        EMIT_ARG(build, 2, MP_EMIT_BUILD_SLICE);
    }
}

static bool scope_is_async(scope_t *scope) {
    return scope->kind == SCOPE_FUNCTION && scope->pn->op == 1;
}

static void compile_await_tail(compiler_t *comp) {
    EMIT_ARG(get_iter, false);
    EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
    EMIT_ARG(yield, MP_EMIT_YIELD_FROM);
}

static void compile_yield(compiler_t *comp, mp_ast_t *pn) {
    scope_t *scope = comp->scope_cur;
    if (pn->kind == AST_AWAIT) {
        if (!scope_is_async(scope)) {
            compile_error(comp, pn, "'await' outside function");
        }
    } else if (!SCOPE_IS_FUNC_LIKE(scope->kind)) {
        compile_error(comp, pn, "'yield' outside function");
    }
    scope->scope_flags |= MP_SCOPE_FLAG_GENERATOR;
    if (pn->kind == AST_YIELD) {
        if (pn->n > 0 && pn->kids[0] != NULL) {
            compile_node(comp, pn->kids[0]);
        } else {
            EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
        }
        EMIT_ARG(yield, MP_EMIT_YIELD_VALUE);
    } else {
        compile_node(comp, pn->kids[0]);
        compile_await_tail(comp);
    }
}

static void compile_lambda(compiler_t *comp, mp_ast_t *pn) {
    scope_t *child = get_scope(comp, pn, SCOPE_LAMBDA, MP_QSTR__lt_lambda_gt_);
    size_t n_pos, n_kw;
    compile_defaults(comp, pn->kids[0], &n_pos, &n_kw);
    compile_make_function(comp, child, n_pos, n_kw);
}

static scope_kind_t comp_scope_kind(mp_ast_t *pn, qstr *name) {
    switch (pn->kind) {
        case AST_LISTCOMP:
            *name = MP_QSTR__lt_listcomp_gt_;
            return SCOPE_LIST_COMP;
        case AST_DICTCOMP:
            *name = MP_QSTR__lt_dictcomp_gt_;
            return SCOPE_DICT_COMP;
        case AST_SETCOMP:
            *name = MP_QSTR__lt_setcomp_gt_;
            return SCOPE_SET_COMP;
        default:
            *name = MP_QSTR__lt_genexpr_gt_;
            return SCOPE_GEN_EXPR;
    }
}

static size_t comp_first_gen(mp_ast_t *pn) {
    return pn->kind == AST_DICTCOMP ? 2 : 1;
}

/* In the enclosing scope: make the comprehension function and call it with
 * the outermost iterable (bytecode.md 8.13). */
static void compile_comprehension(compiler_t *comp, mp_ast_t *pn) {
    qstr name;
    scope_kind_t kind = comp_scope_kind(pn, &name);
    scope_t *child = get_scope(comp, pn, kind, name);
    compile_make_function(comp, child, 0, 0);
    mp_ast_t *gen = pn->kids[comp_first_gen(pn)];
    compile_node(comp, gen->kids[1]);
    if (kind == SCOPE_GEN_EXPR) {
        EMIT_ARG(get_iter, false);
    }
    EMIT_ARG(call_function, 1, 0, 0);
}

static void compile_node(compiler_t *comp, mp_ast_t *pn) {
    mp_stack_check(); /* deeply nested input must not overflow the C stack */
    switch (pn->kind) {
        case AST_NAME:
            compile_load_id(comp, pn->q);
            return;
        case AST_SMALL_INT:
            EMIT_ARG(load_const_small_int, pn->i);
            return;
        case AST_STR:
            EMIT_ARG(load_const_str, pn->q);
            return;
        case AST_NONE:
            EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
            return;
        case AST_TRUE:
            EMIT_ARG(load_const_tok, MP_EMIT_TOK_TRUE);
            return;
        case AST_FALSE:
            EMIT_ARG(load_const_tok, MP_EMIT_TOK_FALSE);
            return;
        case AST_ELLIPSIS:
            EMIT_ARG(load_const_tok, MP_EMIT_TOK_ELLIPSIS);
            return;
        case AST_KEYWORD:
        case AST_DSTARRED:
            compile_error(comp, pn, "invalid syntax");
        case AST_STARRED:
            compile_error(comp, pn, "*x must be assignment target");
        default:
            break;
    }
    record_line(comp, pn);
    switch (pn->kind) {
        case AST_CONST:
            EMIT_ARG(load_const_obj, pn->obj);
            break;
        case AST_TUPLE:
            compile_items(comp, pn);
            EMIT_ARG(build, pn->n, MP_EMIT_BUILD_TUPLE);
            break;
        case AST_LIST:
            compile_items(comp, pn);
            EMIT_ARG(build, pn->n, MP_EMIT_BUILD_LIST);
            break;
        case AST_SET:
            for (size_t i = 0; i < pn->n; i++) {
                if (pn->kids[i]->kind == AST_STARRED) {
                    compile_error(comp, pn->kids[i], "invalid syntax");
                }
            }
            compile_items(comp, pn);
            EMIT_ARG(build, pn->n, MP_EMIT_BUILD_SET);
            break;
        case AST_DICT:
            compile_dict(comp, pn);
            break;
        case AST_BINOP:
            compile_node(comp, pn->kids[0]);
            compile_node(comp, pn->kids[1]);
            EMIT_ARG(binary_op, (mp_binary_op_t)pn->op);
            break;
        case AST_UNARYOP:
            compile_node(comp, pn->kids[0]);
            EMIT_ARG(unary_op, (mp_unary_op_t)pn->op);
            break;
        case AST_NOT:
            compile_node(comp, pn->kids[0]);
            EMIT_ARG(unary_op, MP_UNARY_OP_NOT);
            break;
        case AST_AND:
            compile_and_or(comp, pn, false);
            break;
        case AST_OR:
            compile_and_or(comp, pn, true);
            break;
        case AST_COMPARE:
            compile_compare(comp, pn);
            break;
        case AST_IFEXP:
            compile_ifexp(comp, pn);
            break;
        case AST_NAMEDEXPR:
            compile_namedexpr(comp, pn);
            break;
        case AST_LAMBDA:
            compile_lambda(comp, pn);
            break;
        case AST_CALL:
            compile_call(comp, pn, false);
            break;
        case AST_ATTR:
            compile_primary(comp, pn->kids[0], false);
            EMIT_ARG(load_attr, pn->q);
            break;
        case AST_SUBSCR:
            compile_primary(comp, pn->kids[0], false);
            compile_subscript_index(comp, pn->kids[1]);
            EMIT(load_subscr);
            break;
        case AST_SLICE:
            compile_slice(comp, pn);
            break;
        case AST_LISTCOMP:
        case AST_SETCOMP:
        case AST_DICTCOMP:
        case AST_GENEXP:
            compile_comprehension(comp, pn);
            break;
        case AST_YIELD:
        case AST_YIELD_FROM:
        case AST_AWAIT:
            compile_yield(comp, pn);
            break;
        default:
            compile_error(comp, pn, "invalid syntax");
    }
}

/* ---- conditions (compiler-behaviour.md 9.3) ----------------------------- */

static void c_if_cond(compiler_t *comp, mp_ast_t *pn, bool jump_if, size_t label) {
    if (node_is_const(pn)) {
        if (const_is_true(pn) == jump_if) {
            EMIT_ARG(jump, label);
        }
        return;
    }
    switch (pn->kind) {
        case AST_NOT:
            c_if_cond(comp, pn->kids[0], !jump_if, label);
            return;
        case AST_OR:
        case AST_AND: {
            bool is_or = pn->kind == AST_OR;
            if (is_or == jump_if) {
                for (size_t i = 0; i < pn->n; i++) {
                    c_if_cond(comp, pn->kids[i], jump_if, label);
                }
            } else {
                size_t l2 = comp_next_label(comp);
                for (size_t i = 0; i + 1 < pn->n; i++) {
                    c_if_cond(comp, pn->kids[i], !jump_if, l2);
                }
                c_if_cond(comp, pn->kids[pn->n - 1], jump_if, label);
                EMIT_ARG(label_assign, l2);
            }
            return;
        }
        default:
            compile_node(comp, pn);
            EMIT_ARG(pop_jump_if, jump_if, label);
            return;
    }
}

/* ---- assignment targets -------------------------------------------------- */

static void compile_unpack_targets(compiler_t *comp, mp_ast_t *pn) {
    size_t n = pn->n;
    size_t star_idx = n;
    for (size_t i = 0; i < n; i++) {
        if (pn->kids[i]->kind == AST_STARRED) {
            if (star_idx != n) {
                compile_error(comp, pn->kids[i], "multiple *x in assignment");
            }
            star_idx = i;
        }
    }
    if (star_idx == n) {
        EMIT_ARG(unpack_sequence, n);
    } else {
        EMIT_ARG(unpack_ex, star_idx, n - star_idx - 1);
    }
    for (size_t i = 0; i < n; i++) {
        mp_ast_t *t = pn->kids[i];
        compile_store(comp, t->kind == AST_STARRED ? t->kids[0] : t);
    }
}

static void compile_store(compiler_t *comp, mp_ast_t *pn) {
    switch (pn->kind) {
        case AST_NAME:
            compile_store_id(comp, pn->q);
            break;
        case AST_ATTR:
            record_line(comp, pn);
            compile_primary(comp, pn->kids[0], true);
            EMIT_ARG(store_attr, pn->q);
            break;
        case AST_SUBSCR:
            record_line(comp, pn);
            compile_primary(comp, pn->kids[0], true);
            compile_subscript_index(comp, pn->kids[1]);
            EMIT(store_subscr);
            break;
        case AST_TUPLE:
        case AST_LIST:
            record_line(comp, pn);
            compile_unpack_targets(comp, pn);
            break;
        case AST_STARRED:
            compile_error(comp, pn, "*x must be assignment target");
        default:
            compile_error(comp, pn, "can't assign to expression");
    }
}

static void compile_delete(compiler_t *comp, mp_ast_t *pn) {
    switch (pn->kind) {
        case AST_NAME:
            compile_delete_id(comp, pn->q);
            break;
        case AST_ATTR:
            record_line(comp, pn);
            compile_primary(comp, pn->kids[0], true);
            EMIT_ARG(delete_attr, pn->q);
            break;
        case AST_SUBSCR:
            record_line(comp, pn);
            compile_primary(comp, pn->kids[0], true);
            compile_subscript_index(comp, pn->kids[1]);
            EMIT(delete_subscr);
            break;
        case AST_TUPLE:
        case AST_LIST:
            for (size_t i = 0; i < pn->n; i++) {
                compile_delete(comp, pn->kids[i]);
            }
            break;
        default:
            compile_error(comp, pn, "can't delete expression");
    }
}

/* ---- statements ------------------------------------------------------------ */

static bool is_bare_tuple(mp_ast_t *pn) {
    return pn->kind == AST_TUPLE && (pn->op & 1) == 0;
}

static void compile_assign(compiler_t *comp, mp_ast_t *pn) {
    size_t n_targets = pn->n - 1;
    mp_ast_t *value = pn->kids[n_targets];
    if (n_targets == 1 && is_bare_tuple(pn->kids[0]) && is_bare_tuple(value)
        && pn->kids[0]->n == value->n && (value->n == 2 || value->n == 3)) {
        mp_ast_t *t = pn->kids[0];
        bool has_star = false;
        for (size_t i = 0; i < t->n; i++) {
            has_star |= t->kids[i]->kind == AST_STARRED;
            has_star |= value->kids[i]->kind == AST_STARRED;
        }
        if (!has_star) {
            for (size_t i = 0; i < value->n; i++) {
                compile_node(comp, value->kids[i]);
            }
            if (value->n == 3) {
                EMIT(rot_three);
            }
            EMIT(rot_two);
            for (size_t i = 0; i < t->n; i++) {
                compile_store(comp, t->kids[i]);
            }
            return;
        }
    }
    compile_node(comp, value);
    for (size_t i = 0; i < n_targets; i++) {
        if (i + 1 < n_targets) {
            EMIT(dup_top);
        }
        compile_store(comp, pn->kids[i]);
    }
}

static void compile_augassign(compiler_t *comp, mp_ast_t *pn) {
    mp_ast_t *target = pn->kids[0];
    mp_binary_op_t op = (mp_binary_op_t)pn->op;
    switch (target->kind) {
        case AST_NAME:
            compile_load_id(comp, target->q);
            compile_node(comp, pn->kids[1]);
            EMIT_ARG(binary_op, op);
            compile_store_id(comp, target->q);
            break;
        case AST_ATTR:
            record_line(comp, target);
            compile_primary(comp, target->kids[0], true);
            EMIT(dup_top);
            EMIT_ARG(load_attr, target->q);
            compile_node(comp, pn->kids[1]);
            EMIT_ARG(binary_op, op);
            EMIT(rot_two);
            EMIT_ARG(store_attr, target->q);
            break;
        case AST_SUBSCR:
            record_line(comp, target);
            compile_primary(comp, target->kids[0], true);
            compile_subscript_index(comp, target->kids[1]);
            EMIT(dup_top_two);
            EMIT(load_subscr);
            compile_node(comp, pn->kids[1]);
            EMIT_ARG(binary_op, op);
            EMIT(rot_three);
            EMIT(store_subscr);
            break;
        default:
            compile_error(comp, target, "can't assign to expression");
    }
}

static void compile_annassign(compiler_t *comp, mp_ast_t *pn) {
    mp_ast_t *target = pn->kids[0];
    mp_ast_t *value = pn->n > 2 ? pn->kids[2] : NULL;
    if (value != NULL) {
        compile_node(comp, value);
        compile_store(comp, target);
    } else if (target->kind == AST_NAME && comp->pass == MP_PASS_SCOPE) {
        /* `x: T` alone binds nothing but makes x a local of a function */
        if (SCOPE_IS_FUNC_LIKE(comp->scope_cur->kind)) {
            note_store(comp, target->q);
        }
    }
}

static void compile_break_continue(compiler_t *comp, mp_ast_t *pn, bool is_break) {
    loop_t *loop = comp->loop;
    if (loop == NULL) {
        compile_error(comp, pn, is_break ? "'break' outside loop" : "'continue' outside loop");
    }
    size_t label = is_break ? loop->break_label : loop->continue_label;
    int depth = comp->cur_except_level - loop->except_level;
    if (depth == 0) {
        if (is_break && loop->kind == LOOP_FOR_ITER) {
            /* drop the iterator; not counted in the stack depth (10.1) */
            for (int i = 0; i < MP_OBJ_ITER_BUF_NSLOTS; i++) {
                EMIT(pop_top);
                EMIT_ARG(adjust_stack_size, 1);
            }
        }
        EMIT_ARG(jump, label);
    } else {
        size_t flag = (is_break && loop->kind == LOOP_FOR_ITER) ? MP_BC_UNWIND_JUMP_FLAG_POP_ITER : 0;
        EMIT_ARG(unwind_jump, label, (size_t)depth | flag);
    }
}

static void compile_return(compiler_t *comp, mp_ast_t *pn) {
    if (!SCOPE_IS_FUNC_LIKE(comp->scope_cur->kind)) {
        compile_error(comp, pn, "'return' outside function");
    }
    mp_ast_t *value = pn->n > 0 ? pn->kids[0] : NULL;
    if (value == NULL) {
        EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
    } else if (value->kind == AST_IFEXP) {
        /* return a if c else b (compiler-behaviour.md 10.6) */
        size_t l_fail = comp_next_label(comp);
        c_if_cond(comp, value->kids[0], false, l_fail);
        compile_node(comp, value->kids[1]);
        EMIT(return_value);
        EMIT_ARG(label_assign, l_fail);
        compile_node(comp, value->kids[2]);
    } else {
        compile_node(comp, value);
    }
    EMIT(return_value);
}

static void compile_raise(compiler_t *comp, mp_ast_t *pn) {
    size_t n = 0;
    for (size_t i = 0; i < pn->n && pn->kids[i] != NULL; i++) {
        compile_node(comp, pn->kids[i]);
        n++;
    }
    EMIT_ARG(raise_varargs, n);
}

static void compile_global_nonlocal(compiler_t *comp, mp_ast_t *pn, bool is_global) {
    if (comp->pass != MP_PASS_SCOPE) {
        return;
    }
    scope_t *scope = comp->scope_cur;
    if (!is_global && scope->kind == SCOPE_MODULE) {
        compile_error(comp, pn, "can't declare nonlocal in outer code");
    }
    for (size_t i = 0; i < pn->n; i++) {
        qstr q = pn->kids[i]->q;
        bool added;
        id_info_t *id = scope_find_or_add(scope, q, ID_KIND_GLOBAL_IMPLICIT, &added);
        if (is_global) {
            if (!added && id->kind != ID_KIND_GLOBAL_IMPLICIT && id->kind != ID_KIND_GLOBAL_EXPLICIT) {
                compile_error(comp, pn, "identifier redefined as global");
            }
            id->kind = ID_KIND_GLOBAL_EXPLICIT;
            /* quirk (6.1): the module's own entry becomes explicit too */
            id_info_t *mid = scope_find(scope_enclosing_module(scope), q);
            if (mid != NULL) {
                mid->kind = ID_KIND_GLOBAL_EXPLICIT;
            }
        } else {
            if (!added && id->kind != ID_KIND_GLOBAL_IMPLICIT) {
                compile_error(comp, pn, "identifier redefined as nonlocal");
            }
            id->kind = ID_KIND_FREE;
            id->flags |= ID_FLAG_IS_DECLARED_NONLOCAL;
            id->line = (uint32_t)pn->line;
        }
    }
}

static void compile_assert(compiler_t *comp, mp_ast_t *pn) {
    if (comp->opts->opt_level >= 1) {
        return;
    }
    size_t l_ok = comp_next_label(comp);
    c_if_cond(comp, pn->kids[0], true, l_ok);
    EMIT_ARG(load_global, MP_QSTR_AssertionError, MP_EMIT_IDOP_GLOBAL_GLOBAL);
    if (pn->n > 1 && pn->kids[1] != NULL) {
        compile_node(comp, pn->kids[1]);
        EMIT_ARG(call_function, 1, 0, 0);
    }
    EMIT_ARG(raise_varargs, 1);
    EMIT_ARG(label_assign, l_ok);
}

static void compile_import(compiler_t *comp, mp_ast_t *pn) {
    for (size_t i = 0; i < pn->n; i++) {
        mp_ast_t *alias = pn->kids[i];
        qstr name = alias->q;
        qstr asname = (qstr)alias->i2;
        EMIT_ARG(load_const_small_int, 0);
        EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
        EMIT_ARG(import, name, MP_EMIT_IMPORT_NAME);
        size_t len;
        const char *s = (const char *)qstr_data(name, &len);
        const char *dot = memchr(s, '.', len);
        if (asname != 0 && asname != MP_QSTRnull) {
            /* `import a.b.c as d`: walk down to c */
            while (dot != NULL) {
                const char *start = dot + 1;
                const char *end = memchr(start, '.', len - (size_t)(start - s));
                size_t plen = (end ? end : s + len) - start;
                EMIT_ARG(load_attr, qstr_from_strn(start, plen));
                dot = end;
            }
            compile_store_id(comp, asname);
        } else {
            qstr first = dot ? qstr_from_strn(s, (size_t)(dot - s)) : name;
            compile_store_id(comp, first);
        }
    }
}

static void compile_import_from(compiler_t *comp, mp_ast_t *pn) {
    qstr mod = pn->q == MP_QSTRnull ? MP_QSTR_ : pn->q;
    EMIT_ARG(load_const_small_int, (mp_int_t)pn->i2);
    if (pn->op == 1) {
        if (comp->scope_cur->kind != SCOPE_MODULE) {
            compile_error(comp, pn, "import * not at module level");
        }
        EMIT_ARG(load_const_str, MP_QSTR__star_);
        EMIT_ARG(build, 1, MP_EMIT_BUILD_TUPLE);
        EMIT_ARG(import, mod, MP_EMIT_IMPORT_NAME);
        EMIT_ARG(import, MP_QSTRnull, MP_EMIT_IMPORT_STAR);
        return;
    }
    for (size_t i = 0; i < pn->n; i++) {
        EMIT_ARG(load_const_str, pn->kids[i]->q);
    }
    EMIT_ARG(build, pn->n, MP_EMIT_BUILD_TUPLE);
    EMIT_ARG(import, mod, MP_EMIT_IMPORT_NAME);
    for (size_t i = 0; i < pn->n; i++) {
        mp_ast_t *alias = pn->kids[i];
        EMIT_ARG(import, alias->q, MP_EMIT_IMPORT_FROM);
        qstr asname = (qstr)alias->i2;
        compile_store_id(comp, (asname != 0 && asname != MP_QSTRnull) ? asname : alias->q);
    }
    EMIT(pop_top);
}

static void compile_if(compiler_t *comp, mp_ast_t *pn) {
    size_t l_end = comp_next_label(comp);
    mp_ast_t *node = pn;
    bool is_elif = false;
    for (;;) {
        mp_ast_t *test = node->kids[0];
        mp_ast_t *body = node->kids[1];
        mp_ast_t *orelse = node->n > 2 ? node->kids[2] : NULL;
        if (node_is_const(test)) {
            if (const_is_true(test)) {
                compile_block(comp, body);
                break;
            }
        } else {
            size_t l_fail = comp_next_label(comp);
            c_if_cond(comp, test, false, l_fail);
            compile_block(comp, body);
            if (is_elif || orelse != NULL) {
                EMIT_ARG(jump, l_end);
            }
            EMIT_ARG(label_assign, l_fail);
        }
        if (orelse == NULL) {
            break;
        }
        if (orelse->kind == AST_IF && orelse->op == 1) {
            node = orelse;
            is_elif = true;
            continue;
        }
        compile_block(comp, orelse);
        break;
    }
    EMIT_ARG(label_assign, l_end);
}

static void push_loop(compiler_t *comp, loop_t *loop, loop_t **saved, loop_kind_t kind,
    size_t break_label, size_t continue_label) {
    loop->break_label = break_label;
    loop->continue_label = continue_label;
    loop->except_level = comp->cur_except_level;
    loop->kind = kind;
    *saved = comp->loop;
    comp->loop = loop;
}

static void compile_while(compiler_t *comp, mp_ast_t *pn) {
    mp_ast_t *test = pn->kids[0];
    mp_ast_t *orelse = pn->n > 2 ? pn->kids[2] : NULL;
    size_t l_break = comp_next_label(comp);
    size_t l_cont = comp_next_label(comp);
    if (!node_is_const_false(test)) {
        loop_t loop, *saved;
        push_loop(comp, &loop, &saved, LOOP_WHILE, l_break, l_cont);
        size_t l_top = comp_next_label(comp);
        if (!node_is_const_true(test)) {
            EMIT_ARG(jump, l_cont);
        }
        EMIT_ARG(label_assign, l_top);
        compile_block(comp, pn->kids[1]);
        EMIT_ARG(label_assign, l_cont);
        c_if_cond(comp, test, true, l_top);
        comp->loop = saved;
    }
    if (orelse != NULL) {
        compile_block(comp, orelse);
    }
    EMIT_ARG(label_assign, l_break);
}

/* `for x in range(...)` without an iterator (bytecode.md 8.3, 10.4) */
static bool for_range_form(mp_ast_t *pn) {
    mp_ast_t *target = pn->kids[0];
    mp_ast_t *iter = pn->kids[1];
    if (target->kind != AST_NAME || iter->kind != AST_CALL) {
        return false;
    }
    mp_ast_t *func = iter->kids[0];
    if (func->kind != AST_NAME || func->q != MP_QSTR_range) {
        return false;
    }
    size_t n_args = iter->n - 1;
    if (n_args < 1 || n_args > 3) {
        return false;
    }
    for (size_t i = 0; i < n_args && i < 2; i++) {
        int k = iter->kids[1 + i]->kind;
        if (k == AST_STARRED || k == AST_DSTARRED || k == AST_KEYWORD) {
            return false;
        }
    }
    if (n_args == 1 && iter->kids[1]->kind == AST_GENEXP) {
        return false;
    }
    if (n_args == 3) {
        mp_ast_t *step = iter->kids[3];
        if (step->kind != AST_SMALL_INT || step->i == 0) {
            return false;
        }
    }
    return true;
}

static void compile_for_range(compiler_t *comp, mp_ast_t *pn) {
    mp_ast_t *iter = pn->kids[1];
    size_t n_args = iter->n - 1;
    mp_ast_t *start = n_args >= 2 ? iter->kids[1] : NULL;
    mp_ast_t *end = n_args >= 2 ? iter->kids[2] : iter->kids[1];
    mp_ast_t *step = n_args == 3 ? iter->kids[3] : NULL;
    mp_int_t step_val = step ? step->i : 1;
    mp_ast_t *orelse = pn->n > 3 ? pn->kids[3] : NULL;
    bool end_on_stack = end->kind != AST_SMALL_INT;

    if (end_on_stack) {
        compile_node(comp, end);
    }
    if (start != NULL) {
        compile_node(comp, start);
    } else {
        EMIT_ARG(load_const_small_int, 0);
    }
    size_t l_entry = comp_next_label(comp);
    size_t l_top = comp_next_label(comp);
    size_t l_cont = comp_next_label(comp);
    size_t l_break = comp_next_label(comp);
    size_t l_end = comp_next_label(comp);
    EMIT_ARG(jump, l_entry);
    EMIT_ARG(label_assign, l_top);
    EMIT(dup_top);
    compile_store(comp, pn->kids[0]);
    loop_t loop, *saved;
    push_loop(comp, &loop, &saved, LOOP_FOR_RANGE, l_break, l_cont);
    compile_block(comp, pn->kids[2]);
    EMIT_ARG(label_assign, l_cont);
    if (step != NULL) {
        compile_node(comp, step);
    } else {
        EMIT_ARG(load_const_small_int, 1);
    }
    EMIT_ARG(binary_op, MP_BINARY_OP_INPLACE_ADD);
    EMIT_ARG(label_assign, l_entry);
    if (end_on_stack) {
        EMIT(dup_top_two);
        EMIT(rot_two);
    } else {
        EMIT(dup_top);
        compile_node(comp, end);
    }
    EMIT_ARG(binary_op, step_val < 0 ? MP_BINARY_OP_MORE : MP_BINARY_OP_LESS);
    EMIT_ARG(pop_jump_if, true, l_top);
    comp->loop = saved;
    int n_pop = end_on_stack ? 2 : 1;
    if (orelse != NULL) {
        for (int i = 0; i < n_pop; i++) {
            EMIT(pop_top);
        }
        compile_block(comp, orelse);
        EMIT_ARG(jump, l_end);
        EMIT_ARG(adjust_stack_size, n_pop);
    }
    EMIT_ARG(label_assign, l_break);
    for (int i = 0; i < n_pop; i++) {
        EMIT(pop_top);
    }
    EMIT_ARG(label_assign, l_end);
}

static void compile_async_for(compiler_t *comp, mp_ast_t *pn) {
    if (!scope_is_async(comp->scope_cur)) {
        compile_error(comp, pn, "async for/with outside async function");
    }
    mp_ast_t *orelse = pn->n > 3 ? pn->kids[3] : NULL;
    compile_node(comp, pn->kids[1]);
    EMIT_ARG(load_method, MP_QSTR___aiter__, false);
    EMIT_ARG(call_method, 0, 0, 0);
    size_t l_cont = comp_next_label(comp);
    size_t l_exc = comp_next_label(comp);
    size_t l_reraise = comp_next_label(comp);
    size_t l_body = comp_next_label(comp);
    size_t l_else = comp_next_label(comp);
    size_t l_break = comp_next_label(comp);
    EMIT_ARG(label_assign, l_cont);
    EMIT_ARG(setup_block, l_exc, MP_EMIT_SETUP_BLOCK_EXCEPT);
    comp->cur_except_level++;
    EMIT(dup_top);
    EMIT_ARG(load_method, MP_QSTR___anext__, false);
    EMIT_ARG(call_method, 0, 0, 0);
    compile_await_tail(comp);
    compile_store(comp, pn->kids[0]);
    EMIT_ARG(pop_except_jump, l_body);
    EMIT_ARG(label_assign, l_exc);
    EMIT(start_except_handler);
    EMIT(dup_top);
    EMIT_ARG(load_global, MP_QSTR_StopAsyncIteration, MP_EMIT_IDOP_GLOBAL_GLOBAL);
    EMIT_ARG(binary_op, MP_BINARY_OP_EXCEPTION_MATCH);
    EMIT_ARG(pop_jump_if, false, l_reraise);
    EMIT(pop_top);
    EMIT_ARG(pop_except_jump, l_else);
    EMIT_ARG(label_assign, l_reraise);
    EMIT_ARG(adjust_stack_size, 1);
    comp->cur_except_level--;
    EMIT(end_finally);
    EMIT(end_except_handler);
    EMIT_ARG(label_assign, l_body);
    loop_t loop, *saved;
    push_loop(comp, &loop, &saved, LOOP_ASYNC_FOR, l_break, l_cont);
    compile_block(comp, pn->kids[2]);
    EMIT_ARG(jump, l_cont);
    comp->loop = saved;
    EMIT_ARG(label_assign, l_else);
    if (orelse != NULL) {
        compile_block(comp, orelse);
    }
    EMIT_ARG(label_assign, l_break);
    EMIT(pop_top);
}

static void compile_for(compiler_t *comp, mp_ast_t *pn) {
    if (pn->op == 1) {
        compile_async_for(comp, pn);
        return;
    }
    if (for_range_form(pn)) {
        compile_for_range(comp, pn);
        return;
    }
    mp_ast_t *orelse = pn->n > 3 ? pn->kids[3] : NULL;
    size_t l_top = comp_next_label(comp);
    size_t l_end = comp_next_label(comp);
    size_t l_break = comp_next_label(comp);
    compile_node(comp, pn->kids[1]);
    EMIT_ARG(get_iter, true);
    EMIT_ARG(label_assign, l_top);
    EMIT_ARG(for_iter, l_end);
    compile_store(comp, pn->kids[0]);
    loop_t loop, *saved;
    push_loop(comp, &loop, &saved, LOOP_FOR_ITER, l_break, l_top);
    compile_block(comp, pn->kids[2]);
    EMIT_ARG(jump, l_top);
    comp->loop = saved;
    EMIT_ARG(label_assign, l_end);
    EMIT(for_iter_end);
    if (orelse != NULL) {
        compile_block(comp, orelse);
    }
    EMIT_ARG(label_assign, l_break);
}

static void compile_try_except(compiler_t *comp, mp_ast_t *body, mp_ast_t *handlers,
    mp_ast_t *orelse) {
    size_t l_handler = comp_next_label(comp);
    size_t l_else = comp_next_label(comp);
    size_t l_end = comp_next_label(comp);
    EMIT_ARG(setup_block, l_handler, MP_EMIT_SETUP_BLOCK_EXCEPT);
    comp->cur_except_level++;
    compile_block(comp, body);
    EMIT_ARG(pop_except_jump, l_else);
    EMIT_ARG(label_assign, l_handler);
    EMIT(start_except_handler);
    for (size_t i = 0; i < handlers->n; i++) {
        mp_ast_t *h = handlers->kids[i];
        mp_ast_t *type = h->kids[0];
        mp_ast_t *hbody = h->kids[1];
        size_t l_next = comp_next_label(comp);
        if (type != NULL) {
            EMIT(dup_top);
            compile_node(comp, type);
            EMIT_ARG(binary_op, MP_BINARY_OP_EXCEPTION_MATCH);
            EMIT_ARG(pop_jump_if, false, l_next);
        } else if (i + 1 < handlers->n) {
            compile_error(comp, h, "default 'except' must be last");
        }
        qstr name = h->q;
        size_t l_fin = 0;
        if (name != MP_QSTRnull) {
            compile_store_id(comp, name);
            l_fin = comp_next_label(comp);
            EMIT_ARG(setup_block, l_fin, MP_EMIT_SETUP_BLOCK_FINALLY);
            comp->cur_except_level++;
        } else {
            EMIT(pop_top);
        }
        compile_block(comp, hbody);
        if (name != MP_QSTRnull) {
            EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
            EMIT_ARG(label_assign, l_fin);
            EMIT_ARG(adjust_stack_size, 1);
            EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
            compile_store_id(comp, name);
            compile_delete_id(comp, name);
            EMIT_ARG(adjust_stack_size, -1);
            comp->cur_except_level--;
            EMIT(end_finally);
        }
        EMIT_ARG(pop_except_jump, l_end);
        EMIT_ARG(label_assign, l_next);
        EMIT_ARG(adjust_stack_size, 1);
    }
    comp->cur_except_level--;
    EMIT(end_finally);
    EMIT(end_except_handler);
    EMIT_ARG(label_assign, l_else);
    if (orelse != NULL) {
        compile_block(comp, orelse);
    }
    EMIT_ARG(label_assign, l_end);
}

static void compile_try(compiler_t *comp, mp_ast_t *pn) {
    mp_ast_t *body = pn->kids[0];
    mp_ast_t *handlers = pn->n > 1 ? pn->kids[1] : NULL;
    mp_ast_t *orelse = pn->n > 2 ? pn->kids[2] : NULL;
    mp_ast_t *finalbody = pn->n > 3 ? pn->kids[3] : NULL;
    bool has_except = handlers != NULL && handlers->n > 0;
    if (finalbody == NULL) {
        if (!has_except) {
            compile_error(comp, pn, "invalid syntax");
        }
        compile_try_except(comp, body, handlers, orelse);
        return;
    }
    size_t l_fin = comp_next_label(comp);
    EMIT_ARG(setup_block, l_fin, MP_EMIT_SETUP_BLOCK_FINALLY);
    comp->cur_except_level++;
    if (!has_except) {
        EMIT_ARG(adjust_stack_size, 3);
        compile_block(comp, body);
        EMIT_ARG(adjust_stack_size, -3);
    } else {
        compile_try_except(comp, body, handlers, orelse);
    }
    EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
    EMIT_ARG(label_assign, l_fin);
    EMIT_ARG(adjust_stack_size, 1);
    compile_block(comp, finalbody);
    EMIT_ARG(adjust_stack_size, -1);
    comp->cur_except_level--;
    EMIT(end_finally);
}

static void compile_with_items(compiler_t *comp, mp_ast_t *pn, size_t idx) {
    size_t n_items = pn->n - 1;
    if (idx == n_items) {
        compile_block(comp, pn->kids[n_items]);
        return;
    }
    mp_ast_t *item = pn->kids[idx];
    mp_ast_t *target = item->n > 1 ? item->kids[1] : NULL;
    compile_node(comp, item->kids[0]);
    size_t l_cleanup = comp_next_label(comp);
    EMIT_ARG(setup_block, l_cleanup, MP_EMIT_SETUP_BLOCK_WITH);
    comp->cur_except_level++;
    if (target != NULL) {
        compile_store(comp, target);
    } else {
        EMIT(pop_top);
    }
    compile_with_items(comp, pn, idx + 1);
    EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
    EMIT_ARG(label_assign, l_cleanup);
    EMIT(with_cleanup);
    comp->cur_except_level--;
    EMIT(end_finally);
}

static void compile_async_with_items(compiler_t *comp, mp_ast_t *pn, size_t idx) {
    size_t n_items = pn->n - 1;
    if (idx == n_items) {
        compile_block(comp, pn->kids[n_items]);
        return;
    }
    mp_ast_t *item = pn->kids[idx];
    mp_ast_t *target = item->n > 1 ? item->kids[1] : NULL;
    compile_node(comp, item->kids[0]);
    EMIT(dup_top);
    EMIT_ARG(load_method, MP_QSTR___aenter__, false);
    EMIT_ARG(call_method, 0, 0, 0);
    compile_await_tail(comp);
    if (target != NULL) {
        compile_store(comp, target);
    } else {
        EMIT(pop_top);
    }
    size_t l_fin = comp_next_label(comp);
    size_t l_marker = comp_next_label(comp);
    size_t l_normal = comp_next_label(comp);
    size_t l_end = comp_next_label(comp);
    EMIT_ARG(setup_block, l_fin, MP_EMIT_SETUP_BLOCK_FINALLY);
    comp->cur_except_level++;
    EMIT_ARG(adjust_stack_size, 3);
    compile_async_with_items(comp, pn, idx + 1);
    EMIT_ARG(adjust_stack_size, -3);
    EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
    EMIT(rot_two);
    EMIT_ARG(jump, l_normal);
    EMIT_ARG(label_assign, l_fin);
    EMIT(dup_top);
    EMIT_ARG(load_global, MP_QSTR_BaseException, MP_EMIT_IDOP_GLOBAL_GLOBAL);
    EMIT_ARG(binary_op, MP_BINARY_OP_EXCEPTION_MATCH);
    EMIT_ARG(pop_jump_if, false, l_marker);
    EMIT(dup_top);
    EMIT(rot_three);
    EMIT(rot_two);
    EMIT_ARG(load_method, MP_QSTR___aexit__, false);
    EMIT(rot_three);
    EMIT(rot_three);
    EMIT(dup_top);
    EMIT_ARG(load_attr, MP_QSTR___class__);
    EMIT(rot_two);
    EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
    EMIT_ARG(call_method, 3, 0, 0);
    compile_await_tail(comp);
    EMIT_ARG(pop_jump_if, false, l_end);
    EMIT(pop_top);
    EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
    EMIT_ARG(jump, l_end);
    EMIT_ARG(adjust_stack_size, 2);
    EMIT_ARG(label_assign, l_marker);
    EMIT(rot_three);
    EMIT(rot_three);
    EMIT_ARG(label_assign, l_normal);
    EMIT_ARG(load_method, MP_QSTR___aexit__, false);
    EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
    EMIT(dup_top);
    EMIT(dup_top);
    EMIT_ARG(call_method, 3, 0, 0);
    compile_await_tail(comp);
    EMIT(pop_top);
    EMIT_ARG(adjust_stack_size, -1);
    EMIT_ARG(label_assign, l_end);
    comp->cur_except_level--;
    EMIT(end_finally);
}

static void compile_with(compiler_t *comp, mp_ast_t *pn) {
    if (pn->op == 1) {
        if (!scope_is_async(comp->scope_cur)) {
            compile_error(comp, pn, "async for/with outside async function");
        }
        compile_async_with_items(comp, pn, 0);
    } else {
        compile_with_items(comp, pn, 0);
    }
}

static void compile_funcdef(compiler_t *comp, mp_ast_t *pn) {
    mp_ast_t *decs = pn->n > 2 ? pn->kids[2] : NULL;
    comp->decorator_emit = -1;
    size_t n_dec = compile_decorators(comp, decs);
    int dec_emit = comp->decorator_emit;
    comp->decorator_emit = -1;
    scope_t *child = get_scope(comp, pn, SCOPE_FUNCTION, pn->q);
    if (comp->pass == MP_PASS_SCOPE && dec_emit >= 0) {
        child->emit_options = (uint8_t)dec_emit;
    }
    size_t n_pos, n_kw;
    compile_defaults(comp, pn->kids[0], &n_pos, &n_kw);
    compile_make_function(comp, child, n_pos, n_kw);
    apply_decorators(comp, n_dec);
    compile_store_id(comp, pn->q);
}

static void compile_classdef(compiler_t *comp, mp_ast_t *pn) {
    mp_ast_t *decs = pn->n > 1 ? pn->kids[1] : NULL;
    size_t n_dec = compile_decorators(comp, decs);
    EMIT(load_build_class);
    scope_t *child = get_scope(comp, pn, SCOPE_CLASS, pn->q);
    compile_make_function(comp, child, 0, 0);
    EMIT_ARG(load_const_str, pn->q);
    size_t n_pos = 0, n_kw = 0, star = 0;
    if (pn->n > 2) {
        star = compile_call_args(comp, pn->kids + 2, pn->n - 2, &n_pos, &n_kw);
    }
    EMIT_ARG(call_function, n_pos + 2, n_kw, star);
    apply_decorators(comp, n_dec);
    compile_store_id(comp, pn->q);
}

static void compile_expr_stmt(compiler_t *comp, mp_ast_t *pn) {
    mp_ast_t *e = pn->kids[0];
    if (comp->opts->is_repl && comp->scope_cur->kind == SCOPE_MODULE) {
        compile_load_id(comp, MP_QSTR___repl_print__);
        compile_node(comp, e);
        EMIT_ARG(call_function, 1, 0, 0);
    } else {
        compile_node(comp, e);
    }
    EMIT(pop_top);
}

static void compile_block(compiler_t *comp, mp_ast_t *pn) {
    if (pn == NULL) {
        return;
    }
    if (pn->kind != AST_BLOCK && pn->kind != AST_MODULE) {
        compile_stmt(comp, pn);
        return;
    }
    for (size_t i = 0; i < pn->n; i++) {
        compile_stmt(comp, pn->kids[i]);
    }
}

static void compile_stmt(compiler_t *comp, mp_ast_t *pn) {
    mp_stack_check();
    record_line(comp, pn);
    switch (pn->kind) {
        case AST_BLOCK:
            compile_block(comp, pn);
            break;
        case AST_EXPR:
            compile_expr_stmt(comp, pn);
            break;
        case AST_ASSIGN:
            compile_assign(comp, pn);
            break;
        case AST_AUGASSIGN:
            compile_augassign(comp, pn);
            break;
        case AST_ANNASSIGN:
            compile_annassign(comp, pn);
            break;
        case AST_DEL:
            for (size_t i = 0; i < pn->n; i++) {
                compile_delete(comp, pn->kids[i]);
            }
            break;
        case AST_PASS:
            break;
        case AST_BREAK:
            compile_break_continue(comp, pn, true);
            break;
        case AST_CONTINUE:
            compile_break_continue(comp, pn, false);
            break;
        case AST_RETURN:
            compile_return(comp, pn);
            break;
        case AST_RAISE:
            compile_raise(comp, pn);
            break;
        case AST_GLOBAL:
            compile_global_nonlocal(comp, pn, true);
            break;
        case AST_NONLOCAL:
            compile_global_nonlocal(comp, pn, false);
            break;
        case AST_ASSERT:
            compile_assert(comp, pn);
            break;
        case AST_IMPORT:
            compile_import(comp, pn);
            break;
        case AST_IMPORT_FROM:
            compile_import_from(comp, pn);
            break;
        case AST_IF:
            compile_if(comp, pn);
            break;
        case AST_WHILE:
            compile_while(comp, pn);
            break;
        case AST_FOR:
            compile_for(comp, pn);
            break;
        case AST_TRY:
            compile_try(comp, pn);
            break;
        case AST_WITH:
            compile_with(comp, pn);
            break;
        case AST_FUNCDEF:
            compile_funcdef(comp, pn);
            break;
        case AST_CLASSDEF:
            compile_classdef(comp, pn);
            break;
        default:
            /* an expression used as a statement without an AST_EXPR wrapper */
            compile_node(comp, pn);
            EMIT(pop_top);
            break;
    }
}

/* ---- scope bodies ------------------------------------------------------- */

static void compile_comp_for(compiler_t *comp, scope_t *scope, mp_ast_t *pn, size_t gen_idx) {
    size_t first = comp_first_gen(pn);
    size_t n_gens = pn->n - first;
    mp_ast_t *gen = pn->kids[first + gen_idx];
    if (gen->op == 1) {
        mp_raise_NotImplementedError("async comprehension");
    }
    size_t l_top = comp_next_label(comp);
    size_t l_end = comp_next_label(comp);
    if (gen_idx == 0) {
        if (scope->kind == SCOPE_GEN_EXPR) {
            /* the caller passes an iterator: build the 4 slots by hand */
            EMIT(load_null);
            compile_load_id(comp, MP_QSTR_);
            EMIT(load_null);
            EMIT(load_null);
        } else {
            compile_load_id(comp, MP_QSTR_);
            EMIT_ARG(get_iter, true);
        }
    } else {
        compile_node(comp, gen->kids[1]);
        EMIT_ARG(get_iter, true);
    }
    EMIT_ARG(label_assign, l_top);
    EMIT_ARG(for_iter, l_end);
    compile_store(comp, gen->kids[0]);
    for (size_t i = 2; i < gen->n; i++) {
        c_if_cond(comp, gen->kids[i], false, l_top);
    }
    if (gen_idx + 1 < n_gens) {
        compile_comp_for(comp, scope, pn, gen_idx + 1);
    } else {
        size_t depth = n_gens - 1;
        switch (scope->kind) {
            case SCOPE_LIST_COMP:
                compile_node(comp, pn->kids[0]);
                EMIT_ARG(store_comp, MP_EMIT_COMP_LIST, 4 * depth + 5);
                break;
            case SCOPE_SET_COMP:
                compile_node(comp, pn->kids[0]);
                EMIT_ARG(store_comp, MP_EMIT_COMP_SET, 4 * depth + 5);
                break;
            case SCOPE_DICT_COMP:
                compile_node(comp, pn->kids[1]);
                compile_node(comp, pn->kids[0]);
                EMIT_ARG(store_comp, MP_EMIT_COMP_DICT, 4 * depth + 6);
                break;
            default:
                compile_node(comp, pn->kids[0]);
                EMIT_ARG(yield, MP_EMIT_YIELD_VALUE);
                EMIT(pop_top);
                break;
        }
    }
    EMIT_ARG(jump, l_top);
    EMIT_ARG(label_assign, l_end);
    EMIT(for_iter_end);
}

/* viper: parameter and return annotations name machine types (native.md 11.1) */
static int viper_annotation_vtype(compiler_t *comp, mp_ast_t *ann) {
    if (ann->kind != AST_NAME) {
        compile_error(comp, ann, "annotation must be an identifier");
    }
    int vtype = mp_native_vtype_from_qstr(ann->q);
    if (vtype < 0) {
        mp_raise_msg_varg(&mp_type_ViperTypeError, "unknown type '%q'", ann->q);
    }
    return vtype;
}

static void scope_viper_annotations(compiler_t *comp, scope_t *scope, mp_ast_t *pn) {
    mp_ast_t *params = pn->kids[0];
    for (size_t i = 0; params != NULL && i < params->n; i++) {
        mp_ast_t *p = params->kids[i];
        if (p->q == MP_QSTRnull || p->n < 2 || p->kids[1] == NULL) {
            continue;
        }
        id_info_t *id = scope_find(scope, p->q);
        if (id != NULL) {
            id->vtype = (uint8_t)viper_annotation_vtype(comp, p->kids[1]);
        }
    }
    if (pn->n > 3 && pn->kids[3] != NULL) {
        scope->viper_ret_vtype = (uint8_t)viper_annotation_vtype(comp, pn->kids[3]);
    }
}

static void compile_scope_body(compiler_t *comp, scope_t *scope) {
    mp_ast_t *pn = scope->pn;
    switch (scope->kind) {
        case SCOPE_MODULE:
            if (comp->opts->is_eval) {
                /* eval(): exactly one expression, whose value is returned */
                if (pn->kind != AST_MODULE || pn->n != 1 || pn->kids[0]->kind != AST_EXPR) {
                    compile_error(comp, pn, "invalid syntax");
                }
                record_line(comp, pn->kids[0]);
                compile_node(comp, pn->kids[0]->kids[0]);
                EMIT(return_value);
                break;
            }
            compile_block(comp, pn);
            EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
            EMIT(return_value);
            break;
        case SCOPE_FUNCTION:
            if (comp->pass == MP_PASS_SCOPE) {
                scope_add_params(comp, scope, pn->kids[0]);
                if (pn->op == 1) {
                    scope->scope_flags |= MP_SCOPE_FLAG_GENERATOR;
                }
                if (scope->emit_options == MP_EMIT_OPT_VIPER) {
                    scope_viper_annotations(comp, scope, pn);
                }
            }
            compile_block(comp, pn->kids[1]);
            EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
            EMIT(return_value);
            break;
        case SCOPE_LAMBDA:
            if (comp->pass == MP_PASS_SCOPE) {
                scope_add_params(comp, scope, pn->kids[0]);
            }
            record_line(comp, pn);
            compile_node(comp, pn->kids[1]);
            if (scope->scope_flags & MP_SCOPE_FLAG_GENERATOR) {
                EMIT(pop_top);
                EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
            }
            EMIT(return_value);
            break;
        case SCOPE_CLASS: {
            if (comp->pass == MP_PASS_SCOPE) {
                scope_add(scope, MP_QSTR___class__, ID_KIND_LOCAL);
            }
            compile_load_id(comp, MP_QSTR___name__);
            compile_store_id(comp, MP_QSTR___module__);
            EMIT_ARG(load_const_str, scope->simple_name);
            compile_store_id(comp, MP_QSTR___qualname__);
            compile_block(comp, pn->kids[0]);
            id_info_t *id = scope_find(scope, MP_QSTR___class__);
            if (comp->pass != MP_PASS_SCOPE && id != NULL && id->kind == ID_KIND_CELL) {
                EMIT_ARG(load_local, MP_QSTR___class__, id->local_num, MP_EMIT_IDOP_LOCAL_FAST);
            } else {
                EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
            }
            EMIT(return_value);
            break;
        }
        default: {
            /* comprehension: one hidden parameter, the outermost iterable */
            if (comp->pass == MP_PASS_SCOPE) {
                id_info_t *id = scope_add(scope, MP_QSTR_, ID_KIND_LOCAL);
                id->flags = ID_FLAG_IS_PARAM;
                scope->num_pos_args = 1;
                if (scope->kind == SCOPE_GEN_EXPR) {
                    scope->scope_flags |= MP_SCOPE_FLAG_GENERATOR;
                }
            }
            /* the line of the element's first token (ast.h: kept in i2) */
            mp_ast_t *elt = pn->kids[0];
            size_t line = pn->i2 != 0 ? (size_t)pn->i2 : elt->line != 0 ? elt->line : pn->line;
            if (line != 0) {
                comp->cur_line = line;
                EMIT_ARG(set_source_line, line);
            }
            if (scope->kind == SCOPE_LIST_COMP) {
                EMIT_ARG(build, 0, MP_EMIT_BUILD_LIST);
            } else if (scope->kind == SCOPE_DICT_COMP) {
                EMIT_ARG(build, 0, MP_EMIT_BUILD_MAP);
            } else if (scope->kind == SCOPE_SET_COMP) {
                EMIT_ARG(build, 0, MP_EMIT_BUILD_SET);
            }
            compile_comp_for(comp, scope, pn, 0);
            if (scope->kind == SCOPE_GEN_EXPR) {
                EMIT_ARG(load_const_tok, MP_EMIT_TOK_NONE);
            }
            EMIT(return_value);
            break;
        }
    }
}

static void compile_scope(compiler_t *comp, scope_t *scope, pass_kind_t pass) {
    /* pass 1 always follows the bytecode rules (compiler-behaviour.md 15) */
    if (pass == MP_PASS_SCOPE || scope->emit_options == MP_EMIT_OPT_BYTECODE) {
        comp->emit = comp->emit_bc;
        comp->emit_method_table = &mp_emit_bc_method_table;
    } else {
        comp->emit = comp->emit_native;
        comp->emit_method_table = &mp_emit_native_method_table;
        comp->has_native = true;
    }
    comp->pass = pass;
    comp->scope_cur = scope;
    comp->next_label = 0;
    comp->cur_except_level = 0;
    comp->loop = NULL;
    comp->cur_line = scope->pn != NULL ? scope->pn->line : 1;
    comp->next_child = scope->first_child;
    bool source_lines = !comp->opts->no_source_lines && comp->opts->opt_level < 3;
    EMIT_ARG(start_pass, pass, scope, source_lines);
    compile_scope_body(comp, scope);
}

mp_compiled_module_t *mp_compile(mp_ast_t *root, const mp_compile_opts_t *opts) {
    compiler_t *comp = m_new0(compiler_t, 1);
    comp->opts = opts;
    comp->source_file = opts->source_file;
    comp->decorator_emit = -1;
    mp_emit_common_init(&comp->common, opts->source_file);
    comp->emit_bc = mp_emit_bc_new(&comp->common);
    comp->emit_native = mp_emit_native_new(&comp->common);
    comp->emit = comp->emit_bc;
    comp->emit_method_table = &mp_emit_bc_method_table;

    scope_t *module = scope_new(SCOPE_MODULE, root, MP_QSTR__lt_module_gt_);
    module->emit_options = (uint8_t)opts->emit;
    comp->scope_head = comp->scope_tail = module;

    /* pass 1 over the scope list, which grows breadth-first as we go */
    for (scope_t *s = comp->scope_head; s != NULL; s = s->next) {
        compile_scope(comp, s, MP_PASS_SCOPE);
        EMIT(end_pass);
        id_info_t *bad = scope_close_over_in_parents(s);
        if (bad != NULL) {
            comp->cur_line = bad->line;
            compile_error(comp, NULL, "no binding for nonlocal found");
        }
    }
    for (scope_t *s = comp->scope_head; s != NULL; s = s->next) {
        scope_compute_slots(s);
    }
    /* code passes per scope: stack size, code size, then emit until stable */
    for (scope_t *s = comp->scope_head; s != NULL; s = s->next) {
        compile_scope(comp, s, MP_PASS_STACK_SIZE);
        EMIT(end_pass);
        compile_scope(comp, s, MP_PASS_CODE_SIZE);
        EMIT(end_pass);
        bool again;
        do {
            compile_scope(comp, s, MP_PASS_EMIT);
            again = EMIT(end_pass);
        } while (again);
        EMIT(finish);
    }

    mp_module_context_t *ctx = m_new0(mp_module_context_t, 1);
    ctx->module.base.type = &mp_type_module;
    ctx->constants.qstr_table = comp->common.qstr_table;
    ctx->constants.obj_table = comp->common.const_table;

    mp_compiled_module_t *cm = m_new0(mp_compiled_module_t, 1);
    cm->context = ctx;
    cm->rc = module->raw_code;
    cm->n_qstr = comp->common.qstr_len;
    cm->n_obj = comp->common.const_len;
    cm->has_native = comp->has_native;
    cm->arch = comp->has_native ? 2 : 0; /* x64 is the only native target */
    return cm;
}
