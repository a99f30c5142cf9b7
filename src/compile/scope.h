/*
 * Scopes of the compiler: one per module, class body, def, lambda and
 * comprehension. A scope owns its identifier table (names in the order the
 * compiler first touches them, compiler-behaviour.md 6.1) and, after scope
 * analysis, the slot number of every local, cell and free variable (6.2).
 */
#ifndef MICA_COMPILE_SCOPE_H
#define MICA_COMPILE_SCOPE_H

#include "core/obj.h"
#include "core/rawcode.h"
#include "compile/ast.h"

typedef enum {
    SCOPE_MODULE,
    SCOPE_CLASS,
    SCOPE_FUNCTION,
    SCOPE_LAMBDA,
    SCOPE_LIST_COMP,
    SCOPE_DICT_COMP,
    SCOPE_SET_COMP,
    SCOPE_GEN_EXPR,
} scope_kind_t;

/* function-like scopes have fast locals; module and class bodies use names */
#define SCOPE_IS_FUNC_LIKE(k) ((k) >= SCOPE_FUNCTION)
#define SCOPE_IS_COMP_LIKE(k) ((k) >= SCOPE_LIST_COMP)

typedef enum {
    ID_KIND_GLOBAL_IMPLICIT, /* only read here: LOAD_GLOBAL / LOAD_NAME */
    ID_KIND_GLOBAL_EXPLICIT, /* declared `global` */
    ID_KIND_LOCAL,           /* bound here, fast slot */
    ID_KIND_CELL,            /* bound here and used by an inner function */
    ID_KIND_FREE,            /* bound in an enclosing function */
} id_kind_t;

#define ID_FLAG_IS_PARAM (0x01)
#define ID_FLAG_IS_STAR_PARAM (0x02)
#define ID_FLAG_IS_DBL_STAR_PARAM (0x04)
#define ID_FLAG_IS_DECLARED_NONLOCAL (0x08) /* FREE because of `nonlocal` */
#define ID_FLAG_IS_STORED (0x10) /* a class body binds the name itself */

typedef struct _id_info_t {
    uint8_t kind;
    uint8_t flags;
    uint16_t local_num;
    uint8_t vtype;   /* viper parameters: annotated type (emitnative.h) */
    qstr qst;
    uint32_t line; /* of a `nonlocal` declaration, for the error message */
} id_info_t;

typedef struct _scope_t {
    scope_kind_t kind;
    struct _scope_t *parent;
    struct _scope_t *next;   /* scope list (breadth-first creation order) */
    mp_ast_t *pn;            /* the def/class/lambda/comprehension node */
    qstr simple_name;
    mp_raw_code_t *raw_code;
    uint16_t scope_flags;    /* MP_SCOPE_FLAG_* */
    uint8_t emit_options;    /* mp_emit_opt_t: bytecode, native or viper */
    uint8_t viper_ret_vtype; /* viper: declared return type (emitnative.h) */
    uint16_t num_pos_args;
    uint16_t num_kwonly_args;
    uint16_t num_def_pos_args;
    uint16_t num_locals;
    uint16_t stack_size;     /* max value-stack depth (pass 2) */
    uint16_t exc_stack_size; /* max open handlers (pass 2) */
    struct _scope_t *first_child; /* first scope created by this one (pass 1);
                                     the ones it creates follow it in the list */
    size_t id_info_alloc;
    size_t id_info_len;
    id_info_t *id_info;
} scope_t;

scope_t *scope_new(scope_kind_t kind, mp_ast_t *pn, qstr simple_name);
id_info_t *scope_find(scope_t *scope, qstr qst);
id_info_t *scope_add(scope_t *scope, qstr qst, id_kind_t kind);
/* find, or add with the given kind; *added tells which */
id_info_t *scope_find_or_add(scope_t *scope, qstr qst, id_kind_t kind, bool *added);
scope_t *scope_enclosing_module(scope_t *scope);

/* End of pass 1 for one scope: resolve reads of names bound in enclosing
 * functions (making them free here and cells there). Returns the entry of a
 * `nonlocal` name without a binding, or NULL. */
id_info_t *scope_close_over_in_parents(scope_t *scope);
/* After pass 1 of all scopes: number locals, cells and free variables. */
void scope_compute_slots(scope_t *scope);

#endif
