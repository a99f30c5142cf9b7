/*
 * The syntax tree passed from the parser (compile/parser.c) to the compiler
 * (compile/compile.c). Parse-time folding (compiler-behaviour.md section 8)
 * has already been applied when the compiler sees it.
 *
 * Every node is one mp_ast_t: a kind, a small `op`/flags field, a line and
 * kind-specific payload plus an array of children. Nodes live in the GC
 * heap (reachable from the root node, which the caller keeps on its stack).
 *
 * Lines: only *structure* nodes carry a line (compiler-behaviour.md 11.1).
 * Leaves (NAME, SMALL_INT, STR interned, NONE/TRUE/FALSE, ELLIPSIS) have
 * line 0 and the compiler never records a line for them. A CONST node made
 * by folding also has line 0. `line` is otherwise the line of the first
 * token of the construct (with the exceptions 11.1 lists, which the parser
 * applies when it sets `line`).
 *
 * A child pointer may be NULL where the table says "optional".
 */
#ifndef MICA_COMPILE_AST_H
#define MICA_COMPILE_AST_H

#include "core/obj.h"

typedef enum {
    /* ---- leaves (no line) ---- */
    AST_NAME,      /* q: identifier */
    AST_SMALL_INT, /* i: value that fits the target's small-int range */
    AST_STR,       /* q: string literal interned by the lexer/parser (7.2) */
    AST_NONE, AST_TRUE, AST_FALSE,
    AST_ELLIPSIS,

    /* ---- constant objects (structure nodes: carry a line) ---- */
    AST_CONST,     /* obj: float, complex, big int, non-interned str, bytes,
                      constant tuple (7.7) */

    /* ---- expressions ---- */
    AST_TUPLE,     /* kids: items; op bit0 = parenthesised, bit1 = trailing comma */
    AST_LIST,      /* kids: items */
    AST_SET,       /* kids: items */
    AST_DICT,      /* kids: key0, value0, key1, value1 ...; `ilines` (below) has
                      the line of each key */
    AST_STARRED,   /* kids[0]: expr; `*x` in targets, calls, displays */
    AST_DSTARRED,  /* kids[0]: expr; `**x` in calls */
    AST_KEYWORD,   /* q: name; kids[0]: value; `k=v` in a call */
    AST_BINOP,     /* op: mp_binary_op_t (plain, not in-place); kids: l, r */
    AST_UNARYOP,   /* op: mp_unary_op_t (POSITIVE, NEGATIVE, INVERT); kids[0] */
    AST_NOT,       /* kids[0] */
    AST_AND,       /* kids: 2 or more operands */
    AST_OR,        /* kids: 2 or more operands */
    AST_COMPARE,   /* kids: a, b, c ...; `cmpops` has n-1 ops (mp_binary_op_t,
                      with MP_BINARY_OP_NOT_IN / IS_NOT for `not in`/`is not`) */
    AST_IFEXP,     /* kids: test, body, orelse  (body if test else orelse) */
    AST_NAMEDEXPR, /* kids: target (AST_NAME), value */
    AST_LAMBDA,    /* kids: params (AST_PARAMS), body expr */
    AST_CALL,      /* kids: func, args... (positional exprs, AST_STARRED,
                      AST_KEYWORD, AST_DSTARRED, in source order) */
    AST_ATTR,      /* q: attribute; kids[0]: object */
    AST_SUBSCR,    /* kids: object, index (index may be AST_SLICE or a tuple) */
    AST_SLICE,     /* kids: lower, upper, step (each optional); op = 1 if the
                      second colon was written (a:b:) */
    AST_LISTCOMP,  /* kids: elt, generators (AST_COMP_FOR)... */
    AST_SETCOMP,   /* kids: elt, generators... */
    AST_DICTCOMP,  /* kids: key, value, generators... */
    AST_GENEXP,    /* kids: elt, generators... */
    AST_COMP_FOR,  /* kids: target, iter, ifs...; op = 1 for `async for` */
    AST_YIELD,     /* kids[0]: value (optional) */
    AST_YIELD_FROM,/* kids[0] */
    AST_AWAIT,     /* kids[0] */

    /* ---- parameters ---- */
    AST_PARAMS,    /* kids: AST_PARAM... in source order (bare `*` included as
                      AST_PARAM with q = MP_QSTRnull and op = PARAM_STAR) */
    AST_PARAM,     /* q: name; op: PARAM_*; kids: default (optional),
                      annotation (optional) */

    /* ---- statements ---- */
    AST_MODULE,    /* kids: statements */
    AST_BLOCK,     /* kids: statements (a suite) */
    AST_EXPR,      /* kids[0]: expression statement */
    AST_ASSIGN,    /* kids: target1, target2, ..., value  (a = b = value) */
    AST_AUGASSIGN, /* op: in-place mp_binary_op_t; kids: target, value */
    AST_ANNASSIGN, /* kids: target, annotation, value (optional) */
    AST_DEL,       /* kids: targets */
    AST_PASS,
    AST_BREAK,
    AST_CONTINUE,
    AST_RETURN,    /* kids[0]: value (optional) */
    AST_RAISE,     /* kids: exc (optional), cause (optional) */
    AST_GLOBAL,    /* kids: AST_NAME... */
    AST_NONLOCAL,  /* kids: AST_NAME... */
    AST_ASSERT,    /* kids: test, msg (optional) */
    AST_IMPORT,    /* kids: AST_ALIAS... */
    AST_IMPORT_FROM, /* q: module (dotted, MP_QSTRnull for none); i: level;
                        kids: AST_ALIAS... (none for `import *`); op = 1 for * */
                     /* CONTRACT-ISSUE: q and i share a union, so the level
                        is in i2 (as the i2 comment below says), not in i. */
    AST_ALIAS,     /* q: name (dotted for import), i: asname qstr or 0 */
                   /* CONTRACT-ISSUE: same union clash: asname is in i2. */
    AST_IF,        /* kids: test, body (AST_BLOCK), orelse (optional: AST_BLOCK
                      or an AST_IF for elif; op = 1 on an AST_IF that is an elif) */
    AST_WHILE,     /* kids: test, body, orelse (optional) */
    AST_FOR,       /* kids: target, iter, body, orelse (optional); op = 1 async */
    AST_TRY,       /* kids: body, handlers (AST_BLOCK of AST_EXCEPT), orelse
                      (optional), finalbody (optional) */
    AST_EXCEPT,    /* q: `as` name or MP_QSTRnull; kids: type (optional), body */
    AST_WITH,      /* kids: items (AST_WITHITEM...), then the body (last kid);
                      op = 1 async */
    AST_WITHITEM,  /* kids: context expr, target (optional) */
    AST_FUNCDEF,   /* q: name; op = 1 async; kids: params, body, decorators
                      (AST_BLOCK, optional), return annotation (optional) */
    AST_CLASSDEF,  /* q: name; kids: body, decorators (optional), then the
                      class arguments (as in AST_CALL) */
    AST_DECORATOR, /* kids: dotted name expr (AST_NAME / AST_ATTR chain), then
                      op = 1 if an argument list follows: the arguments */

    AST_NUM_KINDS
} mp_ast_kind_t;

enum {
    PARAM_POS = 0,      /* ordinary positional-or-keyword */
    PARAM_STAR = 1,     /* *args (q = 0 for a bare `*`) */
    PARAM_KWONLY = 2,   /* after * */
    PARAM_DSTAR = 3,    /* **kwargs */
    PARAM_POSONLY = 4,  /* before / */
};

typedef struct _mp_ast_t {
    uint16_t kind;
    uint16_t op;
    uint32_t line;  /* 0 for leaves and folded values */
    union {
        qstr q;
        mp_int_t i;
        mp_obj_t obj;
    };
    mp_int_t i2;    /* second payload (AST_IMPORT_FROM level, AST_ALIAS asname) */
    uint8_t *cmpops;   /* AST_COMPARE: n-1 operators */
    uint32_t *ilines;  /* AST_DICT: line of each key */
    size_t n;       /* number of children */
    struct _mp_ast_t *kids[];
} mp_ast_t;

/* ---- additions by the frontend (documented here as the contract) ----
 *
 * AST_FLAG_PAREN: set in `op` of an AST_ATTR, AST_CALL or AST_SUBSCR node
 * that was written inside its own parentheses, e.g. the `(a.f(x))` of
 * `(a.f(x)).y = 1` or the `(a.f)` of `(a.f)(x)`. Such a node ends a trailer
 * chain: `(a.f)(x)` is LOAD_ATTR f + CALL_FUNCTION (not a method call), and
 * `(a.f(x)).y = 1` compiles a.f(x) with the normal method-call rules
 * (bytecode.md 8.15, compiler-behaviour.md 9.4). Mask it off before using op.
 *
 * Comprehensions (AST_LISTCOMP, AST_SETCOMP, AST_DICTCOMP, AST_GENEXP): `line`
 * is the line of the opening bracket (what the enclosing scope records), or
 * of the element for a bare generator argument `f(x for x in y)`; `i2` is
 * the line of the first token of the element (the key for a dict
 * comprehension), which the comprehension's own scope records at its start
 * (compiler-behaviour.md 11.2), even when the element is a leaf.
 * An AST_GENEXP written as a bare call argument, `f(x for x in y)`, has
 * op = 1 (`range(x for x in y)` uses the generic for-loop form while
 * `range((x for x in y))` does not: compiler-behaviour.md 10.4).
 *
 * Lines the parser leaves 0 because the reference records nothing there
 * (11.1): AST_BLOCK, AST_PARAMS/AST_PARAM, AST_COMP_FOR, AST_EXCEPT,
 * AST_WITHITEM, AST_ALIAS, an AST_IF that is an `elif` (op = 1), and
 * AST_KEYWORD/AST_STARRED/AST_DSTARRED inside call argument lists. A
 * STARRED elsewhere (targets, displays) has the line of its `*`.
 *
 * A lone constant statement (8.6), and `assert` at opt_level >= 1, arrive
 * as AST_PASS with the statement's line. A removed `_X = const(...)` leaves
 * no node at all. AST_DICT `{}` has ilines == NULL.
 */
#define AST_FLAG_PAREN (0x8000)

/* allocation helper (compile/ast.c) */
mp_ast_t *mp_ast_new(mp_ast_kind_t kind, uint32_t line, size_t n_kids);
/* for debugging: dump a tree to stdout */
void mp_ast_dump(const mp_ast_t *node, int indent);

/* Parse source (compile/parser.c). Raises SyntaxError/IndentationError
 * with file and line. `small_int_bits` is the target's (31 by default;
 * values outside it become AST_CONST big ints). `opt_level` drives
 * __debug__ and assert removal. `is_repl` for single-input mode. */
typedef struct _mp_parse_opts_t {
    qstr source_file;
    int small_int_bits;
    int opt_level;
    bool is_repl;
    bool emit_native; /* affects nothing in parsing, passed through */
    /* added by frontend: the input path when it differs from source_file
     * (mpy-cross -s NAME): it is a qstr too for the interning rule of 7.2.
     * MP_QSTRnull (zero-initialised) when there is none. */
    qstr source_path;
} mp_parse_opts_t;
mp_ast_t *mp_parse(const char *src, size_t len, const mp_parse_opts_t *opts);

#endif
