/*
 * The parser: recursive descent over the tokens of lexer.c, building the
 * syntax tree of ast.h. While building it applies what the reference does at
 * parse time (compiler-behaviour.md section 8): arithmetic and logical
 * folding, const() names, math constants, constant tuples (7.7), removal of
 * lone constant statements and of assert at -O1, and it sets every node's
 * line as 11.1 describes.
 */
#include <string.h>

#include "core/runtime.h"
#include "compile/ast.h"
#include "compile/lexer.h"

/* deepest nesting of expressions/blocks before we give up (C stack safety) */
#define MAX_DEPTH (400)

typedef struct _parser_t {
    mp_lexer_t lex;
    mp_token_t tok;   /* current token */
    mp_token_t ahead; /* one token of lookahead, when have_ahead */
    bool have_ahead;
    const mp_parse_opts_t *opts;
    int depth;
    mp_int_t small_min, small_max;
    /* const() names and their values */
    size_t n_consts, alloc_consts;
    qstr *const_names;
    mp_ast_t **const_vals;
    mp_obj_t nan_obj; /* math.nan: one object for every use */
    mp_qstr_pool_t pool;
} parser_t;

/* ---- growable node lists ------------------------------------------- */

typedef struct {
    mp_ast_t **items;
    uint32_t *lines; /* first-token line of each item (for tuples and dicts) */
    size_t len, alloc;
} nlist_t;

static void nl_init(nlist_t *l) {
    l->alloc = 4;
    l->len = 0;
    l->items = m_new(mp_ast_t *, l->alloc);
    l->lines = m_new(uint32_t, l->alloc);
}

static void nl_add(nlist_t *l, mp_ast_t *n, uint32_t line) {
    if (l->len == l->alloc) {
        l->items = m_renew(mp_ast_t *, l->items, l->alloc, l->alloc * 2);
        l->lines = m_renew(uint32_t, l->lines, l->alloc, l->alloc * 2);
        l->alloc *= 2;
    }
    l->items[l->len] = n;
    l->lines[l->len] = line;
    l->len++;
}

/* a node whose children are the items of the list */
static mp_ast_t *node_from_list(mp_ast_kind_t kind, uint32_t line, nlist_t *l) {
    mp_ast_t *n = mp_ast_new(kind, line, l->len);
    for (size_t i = 0; i < l->len; i++) {
        n->kids[i] = l->items[i];
    }
    return n;
}

static mp_ast_t *node1(mp_ast_kind_t kind, uint32_t line, mp_ast_t *a) {
    mp_ast_t *n = mp_ast_new(kind, line, 1);
    n->kids[0] = a;
    return n;
}

static mp_ast_t *node2(mp_ast_kind_t kind, uint32_t line, mp_ast_t *a, mp_ast_t *b) {
    mp_ast_t *n = mp_ast_new(kind, line, 2);
    n->kids[0] = a;
    n->kids[1] = b;
    return n;
}

/* ---- tokens --------------------------------------------------------- */

static void next(parser_t *p) {
    if (p->have_ahead) {
        p->tok = p->ahead;
        p->have_ahead = false;
    } else {
        mp_lexer_next(&p->lex, &p->tok);
    }
}

static mp_token_t *peek(parser_t *p) {
    if (!p->have_ahead) {
        mp_lexer_next(&p->lex, &p->ahead);
        p->have_ahead = true;
    }
    return &p->ahead;
}

static _Noreturn void error_at(parser_t *p, uint32_t line, const char *msg) {
    mp_compile_raise(&mp_type_SyntaxError, p->opts->source_file, line, msg);
}

static _Noreturn void syntax_error(parser_t *p) {
    if (p->tok.kind == TOK_INDENT) {
        mp_compile_raise(&mp_type_IndentationError, p->opts->source_file, p->tok.line,
            "unexpected indent");
    }
    error_at(p, p->tok.line, "invalid syntax");
}

static bool accept(parser_t *p, mp_token_kind_t kind) {
    if (p->tok.kind == kind) {
        next(p);
        return true;
    }
    return false;
}

static void expect(parser_t *p, mp_token_kind_t kind) {
    if (!accept(p, kind)) {
        syntax_error(p);
    }
}

static qstr expect_name(parser_t *p) {
    if (p->tok.kind != TOK_NAME) {
        syntax_error(p);
    }
    qstr q = p->tok.q;
    next(p);
    return q;
}

static void enter(parser_t *p) {
    if (++p->depth > MAX_DEPTH) {
        mp_raise_recursion_depth();
    }
    mp_stack_check();
}

static void leave(parser_t *p) {
    p->depth--;
}

/* ---- leaves and constants ------------------------------------------ */

static mp_ast_t *make_leaf(mp_ast_kind_t kind) {
    return mp_ast_new(kind, 0, 0);
}

static mp_ast_t *make_name(qstr q) {
    mp_ast_t *n = mp_ast_new(AST_NAME, 0, 0);
    n->q = q;
    return n;
}

static mp_ast_t *make_const(mp_obj_t obj, uint32_t line) {
    mp_ast_t *n = mp_ast_new(AST_CONST, line, 0);
    n->obj = obj;
    return n;
}

/* A value as a node: a small int leaf when it fits the target's small-int
 * range (7.1), otherwise a constant object with the given line. */
static mp_ast_t *node_from_obj(parser_t *p, mp_obj_t obj, uint32_t line) {
    if (mp_obj_is_small_int(obj)) {
        mp_int_t v = MP_OBJ_SMALL_INT_VALUE(obj);
        if (v >= p->small_min && v <= p->small_max) {
            mp_ast_t *n = mp_ast_new(AST_SMALL_INT, 0, 0);
            n->i = v;
            return n;
        }
    }
    if (obj == mp_const_none) {
        return make_leaf(AST_NONE);
    }
    if (obj == mp_const_true) {
        return make_leaf(AST_TRUE);
    }
    if (obj == mp_const_false) {
        return make_leaf(AST_FALSE);
    }
    return make_const(obj, line);
}

/* whether the node is a compile-time constant (7.7: the things a constant
 * tuple may hold); `()` counts when allow_empty_tuple */
static bool is_const_node(const mp_ast_t *n, bool allow_empty_tuple) {
    switch (n->kind) {
        case AST_SMALL_INT: case AST_STR: case AST_NONE: case AST_TRUE: case AST_FALSE:
        case AST_ELLIPSIS: case AST_CONST:
            return true;
        case AST_TUPLE:
            return allow_empty_tuple && n->n == 0;
        default:
            return false;
    }
}

static mp_obj_t const_node_value(const mp_ast_t *n) {
    switch (n->kind) {
        case AST_SMALL_INT:
            return MP_OBJ_NEW_SMALL_INT(n->i);
        case AST_STR:
            return MP_OBJ_NEW_QSTR(n->q);
        case AST_NONE:
            return mp_const_none;
        case AST_TRUE:
            return mp_const_true;
        case AST_FALSE:
            return mp_const_false;
        case AST_ELLIPSIS:
            return mp_const_ellipsis;
        case AST_TUPLE:
            return mp_const_empty_tuple;
        default:
            return n->obj;
    }
}

/* ints (any size) and floats take part in arithmetic folding (8.1) */
static bool is_number_obj(mp_obj_t o) {
    if (mp_obj_is_small_int(o)) {
        return true;
    }
    if (!mp_obj_is_obj(o)) {
        return false;
    }
    return mp_obj_is_type(o, &mp_type_int) || mp_obj_is_type(o, &mp_type_float);
}

static bool numeric_value(const mp_ast_t *n, mp_obj_t *out) {
    if (n->kind == AST_SMALL_INT) {
        *out = MP_OBJ_NEW_SMALL_INT(n->i);
        return true;
    }
    if (n->kind == AST_CONST && is_number_obj(n->obj)) {
        *out = n->obj;
        return true;
    }
    return false;
}

static mp_obj_t fold_binary(mp_binary_op_t op, mp_obj_t a, mp_obj_t b) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t r = mp_binary_op(op, a, b);
        nlr_pop();
        return is_number_obj(r) ? r : MP_OBJ_NULL;
    }
    /* the operation raises at run time: leave it to run time */
    return MP_OBJ_NULL;
}

static mp_obj_t fold_unary(mp_unary_op_t op, mp_obj_t a) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t r = mp_unary_op(op, a);
        nlr_pop();
        return is_number_obj(r) ? r : MP_OBJ_NULL;
    }
    return MP_OBJ_NULL;
}

/* ---- const() names ------------------------------------------------- */

static mp_ast_t *const_lookup(parser_t *p, qstr q) {
    for (size_t i = p->n_consts; i-- > 0;) {
        if (p->const_names[i] == q) {
            return p->const_vals[i];
        }
    }
    return NULL;
}

static void const_add(parser_t *p, qstr q, mp_ast_t *val) {
    if (p->n_consts == p->alloc_consts) {
        size_t na = p->alloc_consts ? p->alloc_consts * 2 : 8;
        p->const_names = m_renew(qstr, p->const_names, p->alloc_consts, na);
        p->const_vals = m_renew(mp_ast_t *, p->const_vals, p->alloc_consts, na);
        p->alloc_consts = na;
    }
    p->const_names[p->n_consts] = q;
    p->const_vals[p->n_consts] = val;
    p->n_consts++;
}

/* ---- tuples --------------------------------------------------------- */

/* A tuple display: one constant tuple if every item is a constant (7.7),
 * else an AST_TUPLE. Lines per 11.1. */
static mp_ast_t *build_tuple(parser_t *p, nlist_t *items, bool paren, bool trailing,
    uint32_t open_line, bool fold) {
    bool all_const = fold && items->len > 0;
    for (size_t i = 0; i < items->len && all_const; i++) {
        all_const = is_const_node(items->items[i], true);
    }
    if (all_const) {
        mp_obj_tuple_t *t = MP_OBJ_TO_PTR(mp_obj_new_tuple(items->len, NULL));
        for (size_t i = 0; i < items->len; i++) {
            t->items[i] = const_node_value(items->items[i]);
        }
        uint32_t line = items->lines[0];
        if (paren && (items->len >= 3 || (items->len == 2 && trailing))) {
            line = items->lines[1];
        }
        return make_const(MP_OBJ_FROM_PTR(t), line);
    }
    mp_ast_t *n = node_from_list(AST_TUPLE, paren ? open_line : items->lines[0], items);
    n->op = (paren ? 1 : 0) | (trailing ? 2 : 0);
    return n;
}

/* ---- expressions ---------------------------------------------------- */

static mp_ast_t *parse_test(parser_t *p);
static mp_ast_t *parse_test_nocond(parser_t *p);
static mp_ast_t *parse_expr(parser_t *p);
static mp_ast_t *parse_or_test(parser_t *p);
static mp_ast_t *parse_namedexpr_test(parser_t *p);
static mp_ast_t *parse_factor(parser_t *p);
static mp_ast_t *parse_yield_expr(parser_t *p);
static mp_ast_t *parse_testlist_star_expr(parser_t *p, bool fold);
static mp_ast_t *parse_params(parser_t *p, mp_token_kind_t end, bool is_lambda);
static void parse_call_args(parser_t *p, nlist_t *args, mp_token_kind_t end);

static bool starts_expr(mp_token_kind_t k) {
    switch (k) {
        case TOK_NAME: case TOK_INT: case TOK_FLOAT: case TOK_STR: case TOK_BYTES:
        case TOK_KW_NONE: case TOK_KW_TRUE: case TOK_KW_FALSE: case TOK_ELLIPSIS:
        case TOK_LPAREN: case TOK_LBRACKET: case TOK_LBRACE: case TOK_MINUS: case TOK_PLUS:
        case TOK_TILDE: case TOK_KW_NOT: case TOK_KW_LAMBDA: case TOK_KW_AWAIT: case TOK_STAR:
            return true;
        default:
            return false;
    }
}

static mp_ast_t *parse_star_expr(parser_t *p) {
    uint32_t line = p->tok.line;
    expect(p, TOK_STAR);
    return node1(AST_STARRED, line, parse_expr(p));
}

/* comp_for clauses after the element; `kind` is the comprehension kind */
static mp_ast_t *parse_comprehension(parser_t *p, mp_ast_kind_t kind, uint32_t line,
    mp_ast_t *elt, mp_ast_t *value, uint32_t elt_line) {
    nlist_t kids;
    nl_init(&kids);
    nl_add(&kids, elt, 0);
    if (value != NULL) {
        nl_add(&kids, value, 0);
    }
    while (p->tok.kind == TOK_KW_FOR || p->tok.kind == TOK_KW_ASYNC) {
        bool is_async = accept(p, TOK_KW_ASYNC);
        expect(p, TOK_KW_FOR);
        /* target: an exprlist (stops before `in`) */
        uint32_t tline = p->tok.line;
        nlist_t targets;
        nl_init(&targets);
        bool trailing = false;
        for (;;) {
            uint32_t il = p->tok.line;
            nl_add(&targets, p->tok.kind == TOK_STAR ? parse_star_expr(p) : parse_expr(p), il);
            if (!accept(p, TOK_COMMA)) {
                break;
            }
            if (p->tok.kind == TOK_KW_IN) {
                trailing = true;
                break;
            }
        }
        mp_ast_t *target = targets.len == 1 && !trailing ? targets.items[0]
            : build_tuple(p, &targets, false, trailing, tline, false);
        expect(p, TOK_KW_IN);
        nlist_t cf;
        nl_init(&cf);
        nl_add(&cf, target, 0);
        nl_add(&cf, parse_or_test(p), 0);
        while (p->tok.kind == TOK_KW_IF) {
            next(p);
            nl_add(&cf, parse_test_nocond(p), 0);
        }
        mp_ast_t *c = node_from_list(AST_COMP_FOR, 0, &cf);
        c->op = is_async ? 1 : 0;
        nl_add(&kids, c, 0);
    }
    mp_ast_t *n = node_from_list(kind, line, &kids);
    n->i2 = elt_line;
    return n;
}

static bool is_comp_start(parser_t *p) {
    return p->tok.kind == TOK_KW_FOR
           || (p->tok.kind == TOK_KW_ASYNC && peek(p)->kind == TOK_KW_FOR);
}

/* `( ... )` */
static mp_ast_t *parse_paren(parser_t *p) {
    uint32_t line = p->tok.line;
    expect(p, TOK_LPAREN);
    if (accept(p, TOK_RPAREN)) {
        mp_ast_t *n = mp_ast_new(AST_TUPLE, line, 0);
        n->op = 1;
        return n;
    }
    if (p->tok.kind == TOK_KW_YIELD) {
        mp_ast_t *y = parse_yield_expr(p);
        expect(p, TOK_RPAREN);
        return y;
    }
    uint32_t first_line = p->tok.line;
    mp_ast_t *first = p->tok.kind == TOK_STAR ? parse_star_expr(p) : parse_namedexpr_test(p);
    if (is_comp_start(p)) {
        mp_ast_t *g = parse_comprehension(p, AST_GENEXP, line, first, NULL, first_line);
        expect(p, TOK_RPAREN);
        return g;
    }
    if (p->tok.kind != TOK_COMMA) {
        expect(p, TOK_RPAREN);
        if (first->kind == AST_ATTR || first->kind == AST_CALL || first->kind == AST_SUBSCR) {
            /* a parenthesised primary ends a trailer chain (bytecode.md 8.15) */
            first->op |= AST_FLAG_PAREN;
        }
        return first;
    }
    nlist_t items;
    nl_init(&items);
    nl_add(&items, first, first_line);
    bool trailing = false;
    while (accept(p, TOK_COMMA)) {
        if (p->tok.kind == TOK_RPAREN) {
            trailing = true;
            break;
        }
        uint32_t il = p->tok.line;
        nl_add(&items, p->tok.kind == TOK_STAR ? parse_star_expr(p) : parse_namedexpr_test(p), il);
    }
    expect(p, TOK_RPAREN);
    return build_tuple(p, &items, true, trailing, line, true);
}

/* `[ ... ]` */
static mp_ast_t *parse_list(parser_t *p) {
    uint32_t line = p->tok.line;
    expect(p, TOK_LBRACKET);
    nlist_t items;
    nl_init(&items);
    if (accept(p, TOK_RBRACKET)) {
        return node_from_list(AST_LIST, line, &items);
    }
    uint32_t first_line = p->tok.line;
    mp_ast_t *first = p->tok.kind == TOK_STAR ? parse_star_expr(p) : parse_namedexpr_test(p);
    if (is_comp_start(p)) {
        mp_ast_t *c = parse_comprehension(p, AST_LISTCOMP, line, first, NULL, first_line);
        expect(p, TOK_RBRACKET);
        return c;
    }
    nl_add(&items, first, first_line);
    while (accept(p, TOK_COMMA)) {
        if (p->tok.kind == TOK_RBRACKET) {
            break;
        }
        uint32_t il = p->tok.line;
        nl_add(&items, p->tok.kind == TOK_STAR ? parse_star_expr(p) : parse_namedexpr_test(p), il);
    }
    expect(p, TOK_RBRACKET);
    return node_from_list(AST_LIST, line, &items);
}

/* `{ ... }`: dict or set display or comprehension */
static mp_ast_t *parse_brace(parser_t *p) {
    uint32_t line = p->tok.line;
    expect(p, TOK_LBRACE);
    nlist_t items;
    nl_init(&items);
    if (accept(p, TOK_RBRACE)) {
        mp_ast_t *d = node_from_list(AST_DICT, line, &items);
        d->ilines = NULL;
        return d;
    }
    if (p->tok.kind == TOK_STAR || p->tok.kind == TOK_DSTAR) {
        /* PEP 448 unpacking in displays is not supported (9.5) */
        syntax_error(p);
    }
    uint32_t first_line = p->tok.line;
    mp_ast_t *first = parse_test(p);
    if (accept(p, TOK_COLON)) {
        mp_ast_t *v = parse_test(p);
        if (is_comp_start(p)) {
            mp_ast_t *c = parse_comprehension(p, AST_DICTCOMP, line, first, v, first_line);
            expect(p, TOK_RBRACE);
            return c;
        }
        nl_add(&items, first, first_line);
        nl_add(&items, v, first_line);
        while (accept(p, TOK_COMMA)) {
            if (p->tok.kind == TOK_RBRACE) {
                break;
            }
            if (p->tok.kind == TOK_STAR || p->tok.kind == TOK_DSTAR) {
                syntax_error(p);
            }
            uint32_t kl = p->tok.line;
            mp_ast_t *k = parse_test(p);
            if (p->tok.kind != TOK_COLON) {
                error_at(p, p->tok.line, "expecting key:value for dict");
            }
            next(p);
            nl_add(&items, k, kl);
            nl_add(&items, parse_test(p), kl);
        }
        expect(p, TOK_RBRACE);
        mp_ast_t *d = node_from_list(AST_DICT, line, &items);
        d->ilines = m_new(uint32_t, items.len / 2 + 1);
        for (size_t i = 0; i < items.len / 2; i++) {
            d->ilines[i] = items.lines[2 * i];
        }
        return d;
    }
    if (is_comp_start(p)) {
        mp_ast_t *c = parse_comprehension(p, AST_SETCOMP, line, first, NULL, first_line);
        expect(p, TOK_RBRACE);
        return c;
    }
    nl_add(&items, first, first_line);
    while (accept(p, TOK_COMMA)) {
        if (p->tok.kind == TOK_RBRACE) {
            break;
        }
        if (p->tok.kind == TOK_STAR || p->tok.kind == TOK_DSTAR) {
            syntax_error(p);
        }
        uint32_t il = p->tok.line;
        nl_add(&items, parse_test(p), il);
        if (p->tok.kind == TOK_COLON) {
            error_at(p, p->tok.line, "expecting just a value for set");
        }
    }
    expect(p, TOK_RBRACE);
    return node_from_list(AST_SET, line, &items);
}

/* a name used as an atom: const() substitution (8.3) happens here */
static mp_ast_t *parse_name_atom(parser_t *p) {
    qstr q = p->tok.q;
    uint32_t line = p->tok.line;
    next(p);
    mp_ast_t *val = const_lookup(p, q);
    if (val != NULL) {
        /* a name being assigned to is a target, not an atom */
        mp_token_kind_t k = p->tok.kind;
        if (k == TOK_ASSIGN || k == TOK_AUGASSIGN || k == TOK_WALRUS) {
            return make_name(q);
        }
        if (val->kind == AST_CONST) {
            /* a non-leaf value records the line of the use site (11.1) */
            return make_const(val->obj, line);
        }
        return val;
    }
    return make_name(q);
}

static mp_ast_t *parse_atom(parser_t *p) {
    mp_token_t *t = &p->tok;
    mp_ast_t *n;
    switch (t->kind) {
        case TOK_NAME:
            return parse_name_atom(p);
        case TOK_INT:
            n = node_from_obj(p, t->obj, t->line);
            break;
        case TOK_FLOAT:
        case TOK_BYTES:
            n = make_const(t->obj, t->line);
            break;
        case TOK_STR:
            if (t->q != MP_QSTRnull) {
                n = make_leaf(AST_STR);
                n->q = t->q;
            } else {
                n = make_const(t->obj, t->line);
            }
            break;
        case TOK_KW_NONE:
            n = make_leaf(AST_NONE);
            break;
        case TOK_KW_TRUE:
            n = make_leaf(AST_TRUE);
            break;
        case TOK_KW_FALSE:
            n = make_leaf(AST_FALSE);
            break;
        case TOK_ELLIPSIS:
            n = make_leaf(AST_ELLIPSIS);
            break;
        case TOK_LPAREN:
            enter(p);
            n = parse_paren(p);
            leave(p);
            return n;
        case TOK_LBRACKET:
            enter(p);
            n = parse_list(p);
            leave(p);
            return n;
        case TOK_LBRACE:
            enter(p);
            n = parse_brace(p);
            leave(p);
            return n;
        default:
            syntax_error(p);
    }
    next(p);
    return n;
}

/* one subscript item: an expression or a slice */
static mp_ast_t *parse_subscript(parser_t *p) {
    uint32_t line = p->tok.line;
    mp_ast_t *lower = NULL;
    if (p->tok.kind != TOK_COLON) {
        lower = parse_test(p);
        if (p->tok.kind != TOK_COLON) {
            return lower;
        }
    }
    expect(p, TOK_COLON);
    mp_ast_t *upper = NULL, *step = NULL;
    int two_colons = 0;
    if (p->tok.kind != TOK_RBRACKET && p->tok.kind != TOK_COMMA && p->tok.kind != TOK_COLON) {
        upper = parse_test(p);
    }
    if (accept(p, TOK_COLON)) {
        two_colons = 1;
        if (p->tok.kind != TOK_RBRACKET && p->tok.kind != TOK_COMMA) {
            step = parse_test(p);
        }
    }
    mp_ast_t *s = mp_ast_new(AST_SLICE, line, 3);
    s->kids[0] = lower;
    s->kids[1] = upper;
    s->kids[2] = step;
    s->op = (uint16_t)two_colons;
    return s;
}

static mp_ast_t *parse_subscript_list(parser_t *p) {
    uint32_t line = p->tok.line;
    mp_ast_t *first = parse_subscript(p);
    if (p->tok.kind != TOK_COMMA) {
        return first;
    }
    nlist_t items;
    nl_init(&items);
    nl_add(&items, first, line);
    bool trailing = false;
    while (accept(p, TOK_COMMA)) {
        if (p->tok.kind == TOK_RBRACKET) {
            trailing = true;
            break;
        }
        uint32_t il = p->tok.line;
        nl_add(&items, parse_subscript(p), il);
    }
    return build_tuple(p, &items, false, trailing, line, true);
}

static bool is_math_const(qstr attr, double *v) {
    const char *s = qstr_str(attr);
    if (strcmp(s, "pi") == 0) {
        *v = 3.141592653589793;
    } else if (strcmp(s, "e") == 0) {
        *v = 2.718281828459045;
    } else if (strcmp(s, "tau") == 0) {
        *v = 6.283185307179586;
    } else if (strcmp(s, "inf") == 0) {
        *v = __builtin_inf();
    } else if (strcmp(s, "nan") == 0) {
        *v = __builtin_nan("");
    } else {
        return false;
    }
    return true;
}

/* atom trailers: calls, subscripts, attributes */
static mp_ast_t *parse_atom_expr(parser_t *p) {
    uint32_t line = p->tok.line;
    bool plain_name = p->tok.kind == TOK_NAME;
    mp_ast_t *e = parse_atom(p);
    bool first_trailer = true;
    for (;;) {
        if (p->tok.kind == TOK_LPAREN) {
            enter(p);
            next(p);
            nlist_t args;
            nl_init(&args);
            nl_add(&args, e, 0);
            parse_call_args(p, &args, TOK_RPAREN);
            expect(p, TOK_RPAREN);
            e = node_from_list(AST_CALL, line, &args);
            leave(p);
        } else if (p->tok.kind == TOK_LBRACKET) {
            enter(p);
            next(p);
            mp_ast_t *idx = parse_subscript_list(p);
            expect(p, TOK_RBRACKET);
            e = node2(AST_SUBSCR, line, e, idx);
            leave(p);
        } else if (p->tok.kind == TOK_DOT) {
            next(p);
            qstr attr = expect_name(p);
            double v;
            if (first_trailer && plain_name && e->kind == AST_NAME && e->q == MP_QSTR_math
                && is_math_const(attr, &v)
                && p->tok.kind != TOK_LPAREN && p->tok.kind != TOK_LBRACKET
                && p->tok.kind != TOK_DOT) {
                /* math.pi etc. become their float value (8.4), line 0 */
                if (strcmp(qstr_str(attr), "nan") == 0) {
                    if (p->nan_obj == MP_OBJ_NULL) {
                        p->nan_obj = mp_obj_new_float(v);
                    }
                    e = make_const(p->nan_obj, 0);
                } else {
                    e = make_const(mp_obj_new_float(v), 0);
                }
            } else {
                mp_ast_t *a = node1(AST_ATTR, line, e);
                a->q = attr;
                e = a;
            }
        } else {
            return e;
        }
        first_trailer = false;
    }
}

static mp_ast_t *parse_power(parser_t *p) {
    uint32_t line = p->tok.line;
    mp_ast_t *base;
    if (p->tok.kind == TOK_KW_AWAIT) {
        next(p);
        base = node1(AST_AWAIT, line, parse_atom_expr(p));
    } else {
        base = parse_atom_expr(p);
    }
    if (p->tok.kind != TOK_DSTAR) {
        return base;
    }
    next(p);
    enter(p);
    mp_ast_t *exp = parse_factor(p);
    leave(p);
    mp_obj_t a, b, r;
    if (numeric_value(base, &a) && numeric_value(exp, &b)
        && (r = fold_binary(MP_BINARY_OP_POWER, a, b)) != MP_OBJ_NULL) {
        return node_from_obj(p, r, 0);
    }
    mp_ast_t *n = node2(AST_BINOP, line, base, exp);
    n->op = MP_BINARY_OP_POWER;
    return n;
}

static mp_ast_t *parse_factor(parser_t *p) {
    uint32_t line = p->tok.line;
    int op;
    switch (p->tok.kind) {
        case TOK_PLUS:
            op = MP_UNARY_OP_POSITIVE;
            break;
        case TOK_MINUS:
            op = MP_UNARY_OP_NEGATIVE;
            break;
        case TOK_TILDE:
            op = MP_UNARY_OP_INVERT;
            break;
        default:
            return parse_power(p);
    }
    next(p);
    enter(p);
    mp_ast_t *arg = parse_factor(p);
    leave(p);
    mp_obj_t a, r;
    if (numeric_value(arg, &a) && (op != MP_UNARY_OP_INVERT || !mp_obj_is_float(a))
        && (r = fold_unary((mp_unary_op_t)op, a)) != MP_OBJ_NULL) {
        return node_from_obj(p, r, 0);
    }
    mp_ast_t *n = node1(AST_UNARYOP, line, arg);
    n->op = (uint16_t)op;
    return n;
}

/* binary operator levels from `term` (5) up to `|` (0) */
static int binop_of(int level, mp_token_kind_t k) {
    switch (level) {
        case 0:
            return k == TOK_PIPE ? MP_BINARY_OP_OR : -1;
        case 1:
            return k == TOK_CARET ? MP_BINARY_OP_XOR : -1;
        case 2:
            return k == TOK_AMP ? MP_BINARY_OP_AND : -1;
        case 3:
            return k == TOK_LSHIFT ? MP_BINARY_OP_LSHIFT
                   : k == TOK_RSHIFT ? MP_BINARY_OP_RSHIFT : -1;
        case 4:
            return k == TOK_PLUS ? MP_BINARY_OP_ADD
                   : k == TOK_MINUS ? MP_BINARY_OP_SUBTRACT : -1;
        default:
            switch (k) {
                case TOK_STAR:
                    return MP_BINARY_OP_MULTIPLY;
                case TOK_AT:
                    return MP_BINARY_OP_MAT_MULTIPLY;
                case TOK_SLASH:
                    return MP_BINARY_OP_TRUE_DIVIDE;
                case TOK_DSLASH:
                    return MP_BINARY_OP_FLOOR_DIVIDE;
                case TOK_PERCENT:
                    return MP_BINARY_OP_MODULO;
                default:
                    return -1;
            }
    }
}

static mp_ast_t *parse_binary_level(parser_t *p, int level) {
    uint32_t line = p->tok.line;
    mp_ast_t *first = level == 5 ? parse_factor(p) : parse_binary_level(p, level + 1);
    int op = binop_of(level, p->tok.kind);
    if (op < 0) {
        return first;
    }
    /* the whole chain of one level folds, or none of it (8.1) */
    nlist_t operands;
    nl_init(&operands);
    nl_add(&operands, first, 0);
    size_t n_ops = 0, alloc_ops = 4;
    int *ops = m_new(int, alloc_ops);
    while (op >= 0) {
        next(p);
        if (n_ops == alloc_ops) {
            ops = m_renew(int, ops, alloc_ops, alloc_ops * 2);
            alloc_ops *= 2;
        }
        ops[n_ops++] = op;
        nl_add(&operands, level == 5 ? parse_factor(p) : parse_binary_level(p, level + 1), 0);
        op = binop_of(level, p->tok.kind);
    }
    mp_obj_t acc;
    if (numeric_value(first, &acc)) {
        size_t i;
        for (i = 0; i < n_ops; i++) {
            mp_obj_t b;
            if (!numeric_value(operands.items[i + 1], &b)) {
                break;
            }
            acc = fold_binary((mp_binary_op_t)ops[i], acc, b);
            if (acc == MP_OBJ_NULL) {
                break;
            }
        }
        if (i == n_ops) {
            m_del(int, ops, alloc_ops);
            return node_from_obj(p, acc, 0);
        }
    }
    mp_ast_t *e = first;
    for (size_t i = 0; i < n_ops; i++) {
        e = node2(AST_BINOP, line, e, operands.items[i + 1]);
        e->op = (uint16_t)ops[i];
    }
    /* Freeing `ops` also keeps its base pointer live up to here: GCC for
     * ARM walks the array through a pointer one element *before* it
     * (ldr r2, [r7, #4]!), which the conservative scan cannot tie to the
     * block, so node2's allocation collected it and reused it as a node. */
    m_del(int, ops, alloc_ops);
    return e;
}

static mp_ast_t *parse_expr(parser_t *p) {
    return parse_binary_level(p, 0);
}

static int compare_op(parser_t *p) {
    switch (p->tok.kind) {
        case TOK_LESS:
            return MP_BINARY_OP_LESS;
        case TOK_MORE:
            return MP_BINARY_OP_MORE;
        case TOK_EQUAL:
            return MP_BINARY_OP_EQUAL;
        case TOK_LESS_EQUAL:
            return MP_BINARY_OP_LESS_EQUAL;
        case TOK_MORE_EQUAL:
            return MP_BINARY_OP_MORE_EQUAL;
        case TOK_NOT_EQUAL:
            return MP_BINARY_OP_NOT_EQUAL;
        case TOK_KW_IN:
            return MP_BINARY_OP_IN;
        case TOK_KW_IS:
            return peek(p)->kind == TOK_KW_NOT ? MP_BINARY_OP_IS_NOT : MP_BINARY_OP_IS;
        case TOK_KW_NOT:
            return peek(p)->kind == TOK_KW_IN ? MP_BINARY_OP_NOT_IN : -1;
        default:
            return -1;
    }
}

static mp_ast_t *parse_comparison(parser_t *p) {
    uint32_t line = p->tok.line;
    mp_ast_t *first = parse_expr(p);
    int op = compare_op(p);
    if (op < 0) {
        return first;
    }
    nlist_t operands;
    nl_init(&operands);
    nl_add(&operands, first, 0);
    size_t n_ops = 0, alloc_ops = 4;
    uint8_t *ops = m_new(uint8_t, alloc_ops);
    while (op >= 0) {
        next(p);
        if (op == MP_BINARY_OP_IS_NOT || op == MP_BINARY_OP_NOT_IN) {
            next(p);
        }
        if (n_ops == alloc_ops) {
            ops = m_renew(uint8_t, ops, alloc_ops, alloc_ops * 2);
            alloc_ops *= 2;
        }
        ops[n_ops++] = (uint8_t)op;
        nl_add(&operands, parse_expr(p), 0);
        op = compare_op(p);
    }
    mp_ast_t *n = node_from_list(AST_COMPARE, line, &operands);
    n->cmpops = ops;
    return n;
}

/* constants whose truth value is known at parse time (8.2) */
static bool logic_const(const mp_ast_t *n, bool *truth) {
    if (!is_const_node(n, true)) {
        return false;
    }
    *truth = mp_obj_is_true(const_node_value(n));
    return true;
}

static mp_ast_t *parse_not_test(parser_t *p) {
    if (p->tok.kind != TOK_KW_NOT) {
        return parse_comparison(p);
    }
    uint32_t line = p->tok.line;
    next(p);
    enter(p);
    mp_ast_t *arg = parse_not_test(p);
    leave(p);
    bool truth;
    if (logic_const(arg, &truth)) {
        return make_leaf(truth ? AST_FALSE : AST_TRUE);
    }
    return node1(AST_NOT, line, arg);
}

/* `and`/`or` chains with logical folding (8.2) */
static mp_ast_t *parse_logic(parser_t *p, bool is_or) {
    uint32_t line = p->tok.line;
    mp_token_kind_t kw = is_or ? TOK_KW_OR : TOK_KW_AND;
    mp_ast_t *first = is_or ? parse_logic(p, false) : parse_not_test(p);
    if (p->tok.kind != kw) {
        return first;
    }
    nlist_t all;
    nl_init(&all);
    nl_add(&all, first, 0);
    while (accept(p, kw)) {
        nl_add(&all, is_or ? parse_logic(p, false) : parse_not_test(p), 0);
    }
    nlist_t kept;
    nl_init(&kept);
    for (size_t i = 0; i < all.len; i++) {
        bool truth;
        if (i + 1 < all.len && logic_const(all.items[i], &truth)) {
            if (truth == is_or) {
                /* decides the result: the rest is dropped */
                nl_add(&kept, all.items[i], 0);
                break;
            }
            continue; /* cannot decide: dropped */
        }
        nl_add(&kept, all.items[i], 0);
    }
    if (kept.len == 1) {
        return kept.items[0];
    }
    return node_from_list(is_or ? AST_OR : AST_AND, line, &kept);
}

static mp_ast_t *parse_or_test(parser_t *p) {
    return parse_logic(p, true);
}

static mp_ast_t *parse_lambda(parser_t *p, bool nocond) {
    uint32_t line = p->tok.line;
    expect(p, TOK_KW_LAMBDA);
    mp_ast_t *params = parse_params(p, TOK_COLON, true);
    expect(p, TOK_COLON);
    mp_ast_t *body = nocond ? parse_test_nocond(p) : parse_test(p);
    return node2(AST_LAMBDA, line, params, body);
}

static mp_ast_t *parse_test(parser_t *p) {
    if (p->tok.kind == TOK_KW_LAMBDA) {
        return parse_lambda(p, false);
    }
    uint32_t line = p->tok.line;
    enter(p);
    mp_ast_t *body = parse_or_test(p);
    if (p->tok.kind == TOK_KW_IF) {
        next(p);
        mp_ast_t *test = parse_or_test(p);
        expect(p, TOK_KW_ELSE);
        mp_ast_t *orelse = parse_test(p);
        mp_ast_t *n = mp_ast_new(AST_IFEXP, line, 3);
        n->kids[0] = test;
        n->kids[1] = body;
        n->kids[2] = orelse;
        body = n;
    }
    leave(p);
    return body;
}

static mp_ast_t *parse_test_nocond(parser_t *p) {
    if (p->tok.kind == TOK_KW_LAMBDA) {
        return parse_lambda(p, true);
    }
    return parse_or_test(p);
}

static mp_ast_t *parse_namedexpr_test(parser_t *p) {
    uint32_t line = p->tok.line;
    mp_ast_t *t = parse_test(p);
    if (p->tok.kind != TOK_WALRUS) {
        return t;
    }
    if (t->kind != AST_NAME) {
        syntax_error(p);
    }
    next(p);
    return node2(AST_NAMEDEXPR, line, t, parse_test(p));
}

/* call arguments up to `end` (not consumed), appended to args */
static void parse_call_args(parser_t *p, nlist_t *args, mp_token_kind_t end) {
    while (p->tok.kind != end) {
        if (accept(p, TOK_STAR)) {
            nl_add(args, node1(AST_STARRED, 0, parse_test(p)), 0);
        } else if (accept(p, TOK_DSTAR)) {
            nl_add(args, node1(AST_DSTARRED, 0, parse_test(p)), 0);
        } else {
            uint32_t line = p->tok.line;
            bool plain_name = p->tok.kind == TOK_NAME && peek(p)->kind == TOK_ASSIGN;
            qstr kw = plain_name ? p->tok.q : MP_QSTRnull;
            mp_ast_t *e = parse_test(p);
            if (p->tok.kind == TOK_WALRUS) {
                if (e->kind != AST_NAME) {
                    syntax_error(p);
                }
                next(p);
                e = node2(AST_NAMEDEXPR, line, e, parse_test(p));
            } else if (p->tok.kind == TOK_ASSIGN) {
                if (!plain_name || e->kind != AST_NAME) {
                    error_at(p, p->tok.line, "LHS of keyword arg must be an id");
                }
                next(p);
                mp_ast_t *k = node1(AST_KEYWORD, 0, parse_test(p));
                k->q = kw;
                e = k;
            } else if (is_comp_start(p)) {
                /* a bare generator expression argument (op = 1: `range(x for
                 * x in y)` does not get the range form, `range((x for x in y))`
                 * does, compiler-behaviour.md 10.4) */
                e = parse_comprehension(p, AST_GENEXP, line, e, NULL, line);
                e->op = 1;
            }
            nl_add(args, e, 0);
        }
        if (!accept(p, TOK_COMMA)) {
            break;
        }
    }
}

static mp_ast_t *parse_yield_expr(parser_t *p) {
    uint32_t line = p->tok.line;
    expect(p, TOK_KW_YIELD);
    if (accept(p, TOK_KW_FROM)) {
        return node1(AST_YIELD_FROM, line, parse_test(p));
    }
    mp_ast_t *v = NULL;
    if (starts_expr(p->tok.kind)) {
        v = parse_testlist_star_expr(p, true);
    }
    return node1(AST_YIELD, line, v);
}

/* a comma-separated expression list (bare tuple if more than one or a
 * trailing comma); `fold` makes all-constant lists a constant tuple */
static mp_ast_t *parse_testlist_star_expr(parser_t *p, bool fold) {
    uint32_t line = p->tok.line;
    mp_ast_t *first = p->tok.kind == TOK_STAR ? parse_star_expr(p) : parse_namedexpr_test(p);
    if (p->tok.kind != TOK_COMMA) {
        return first;
    }
    nlist_t items;
    nl_init(&items);
    nl_add(&items, first, line);
    bool trailing = false;
    while (accept(p, TOK_COMMA)) {
        if (!starts_expr(p->tok.kind)) {
            trailing = true;
            break;
        }
        uint32_t il = p->tok.line;
        nl_add(&items, p->tok.kind == TOK_STAR ? parse_star_expr(p) : parse_namedexpr_test(p), il);
    }
    return build_tuple(p, &items, false, trailing, line, fold);
}

/* targets of for/del: exprlist (stops before `in`) */
static mp_ast_t *parse_exprlist(parser_t *p) {
    uint32_t line = p->tok.line;
    nlist_t items;
    nl_init(&items);
    bool trailing = false;
    for (;;) {
        uint32_t il = p->tok.line;
        nl_add(&items, p->tok.kind == TOK_STAR ? parse_star_expr(p) : parse_expr(p), il);
        if (p->tok.kind != TOK_COMMA) {
            break;
        }
        next(p);
        if (!starts_expr(p->tok.kind)) {
            trailing = true;
            break;
        }
    }
    if (items.len == 1 && !trailing) {
        return items.items[0];
    }
    return build_tuple(p, &items, false, trailing, line, false);
}

/* ---- parameters ----------------------------------------------------- */

static mp_ast_t *make_param(qstr q, int kind, mp_ast_t *def, mp_ast_t *ann) {
    mp_ast_t *n = mp_ast_new(AST_PARAM, 0, 2);
    n->q = q;
    n->op = (uint16_t)kind;
    n->kids[0] = def;
    n->kids[1] = ann;
    return n;
}

static mp_ast_t *parse_params(parser_t *p, mp_token_kind_t end, bool is_lambda) {
    nlist_t params;
    nl_init(&params);
    bool seen_star = false;
    while (p->tok.kind != end) {
        if (accept(p, TOK_STAR)) {
            if (p->tok.kind == TOK_NAME) {
                qstr q = expect_name(p);
                mp_ast_t *ann = NULL;
                if (!is_lambda && accept(p, TOK_COLON)) {
                    ann = parse_test(p);
                }
                nl_add(&params, make_param(q, PARAM_STAR, NULL, ann), 0);
            } else {
                nl_add(&params, make_param(MP_QSTRnull, PARAM_STAR, NULL, NULL), 0);
            }
            seen_star = true;
        } else if (accept(p, TOK_DSTAR)) {
            qstr q = expect_name(p);
            mp_ast_t *ann = NULL;
            if (!is_lambda && accept(p, TOK_COLON)) {
                ann = parse_test(p);
            }
            nl_add(&params, make_param(q, PARAM_DSTAR, NULL, ann), 0);
        } else if (p->tok.kind == TOK_SLASH && !is_lambda && !seen_star) {
            /* positional-only marker: the parameters so far become POSONLY */
            next(p);
            for (size_t i = 0; i < params.len; i++) {
                if (params.items[i]->op == PARAM_POS) {
                    params.items[i]->op = PARAM_POSONLY;
                }
            }
        } else {
            qstr q = expect_name(p);
            mp_ast_t *ann = NULL, *def = NULL;
            if (!is_lambda && accept(p, TOK_COLON)) {
                ann = parse_test(p);
            }
            if (accept(p, TOK_ASSIGN)) {
                def = parse_test(p);
            }
            nl_add(&params, make_param(q, seen_star ? PARAM_KWONLY : PARAM_POS, def, ann), 0);
        }
        if (!accept(p, TOK_COMMA)) {
            break;
        }
    }
    return node_from_list(AST_PARAMS, 0, &params);
}

/* ---- statements ----------------------------------------------------- */

static void parse_stmt(parser_t *p, nlist_t *out);
static mp_ast_t *parse_suite(parser_t *p);

/* an expression statement consisting only of a constant is dropped (8.6),
 * except at the REPL, where its value is printed */
static mp_ast_t *expr_statement(parser_t *p, mp_ast_t *e, uint32_t line) {
    if (is_const_node(e, false) && !p->opts->is_repl) {
        return mp_ast_new(AST_PASS, line, 0);
    }
    return node1(AST_EXPR, line, e);
}

static bool is_const_call(const mp_ast_t *v) {
    return v->kind == AST_CALL && v->n == 2 && v->kids[0]->kind == AST_NAME
           && v->kids[0]->q == MP_QSTR_const
           && v->kids[1]->kind != AST_STARRED && v->kids[1]->kind != AST_KEYWORD
           && v->kids[1]->kind != AST_DSTARRED && v->kids[1]->kind != AST_GENEXP;
}

/* `NAME = const(value)` (8.3): records the name; returns the value node to
 * assign, or NULL if the statement disappears (private name) */
static bool apply_const(parser_t *p, mp_ast_t *target, mp_ast_t **value, uint32_t line) {
    mp_ast_t *arg = (*value)->kids[1];
    if (!is_const_node(arg, true)) {
        error_at(p, line, "not a constant");
    }
    if (arg->kind == AST_TUPLE) {
        arg = make_const(mp_const_empty_tuple, line);
    }
    const_add(p, target->q, arg);
    *value = arg;
    return qstr_str(target->q)[0] == '_';
}

static mp_ast_t *parse_expr_stmt(parser_t *p) {
    uint32_t line = p->tok.line;
    mp_ast_t *first = parse_testlist_star_expr(p, true);
    if (p->tok.kind == TOK_COLON) {
        /* annotated assignment (8.7) */
        next(p);
        mp_ast_t *ann = parse_test(p);
        mp_ast_t *value = NULL;
        if (accept(p, TOK_ASSIGN)) {
            value = p->tok.kind == TOK_KW_YIELD ? parse_yield_expr(p)
                : parse_testlist_star_expr(p, true);
            if (first->kind == AST_NAME && is_const_call(value)) {
                if (apply_const(p, first, &value, line)) {
                    return NULL;
                }
            }
        }
        mp_ast_t *n = mp_ast_new(AST_ANNASSIGN, line, 3);
        n->kids[0] = first;
        n->kids[1] = ann;
        n->kids[2] = value;
        return n;
    }
    if (p->tok.kind == TOK_AUGASSIGN) {
        int op = p->tok.op;
        next(p);
        mp_ast_t *value = p->tok.kind == TOK_KW_YIELD ? parse_yield_expr(p)
            : parse_testlist_star_expr(p, true);
        mp_ast_t *n = node2(AST_AUGASSIGN, line, first, value);
        n->op = (uint16_t)op;
        return n;
    }
    if (p->tok.kind != TOK_ASSIGN) {
        return expr_statement(p, first, line);
    }
    nlist_t parts;
    nl_init(&parts);
    nl_add(&parts, first, 0);
    while (accept(p, TOK_ASSIGN)) {
        nl_add(&parts, p->tok.kind == TOK_KW_YIELD ? parse_yield_expr(p)
            : parse_testlist_star_expr(p, true), 0);
    }
    mp_ast_t **value = &parts.items[parts.len - 1];
    if (parts.len == 2 && first->kind == AST_NAME && is_const_call(*value)) {
        if (apply_const(p, first, value, line)) {
            /* `_X = const(...)` leaves no trace at all, not even a line */
            return NULL;
        }
    }
    return node_from_list(AST_ASSIGN, line, &parts);
}

static qstr parse_dotted_name(parser_t *p) {
    qstr q = expect_name(p);
    if (p->tok.kind != TOK_DOT) {
        return q;
    }
    /* the joined name is made by the compiler in the reference: it is a qstr
     * but does not enter the lexer's pool */
    size_t len = qstr_len(q);
    char *buf = m_new(char, len + 1);
    memcpy(buf, qstr_str(q), len);
    while (accept(p, TOK_DOT)) {
        qstr part = expect_name(p);
        size_t pl = qstr_len(part);
        buf = m_renew(char, buf, len + 1, len + pl + 2);
        buf[len] = '.';
        memcpy(buf + len + 1, qstr_str(part), pl);
        len += pl + 1;
    }
    return qstr_from_strn(buf, len);
}

static mp_ast_t *make_alias(qstr name, qstr asname) {
    mp_ast_t *a = mp_ast_new(AST_ALIAS, 0, 0);
    a->q = name;
    a->i2 = (mp_int_t)asname;
    return a;
}

static mp_ast_t *parse_import(parser_t *p) {
    uint32_t line = p->tok.line;
    expect(p, TOK_KW_IMPORT);
    nlist_t aliases;
    nl_init(&aliases);
    do {
        qstr name = parse_dotted_name(p);
        qstr asname = 0;
        if (accept(p, TOK_KW_AS)) {
            asname = expect_name(p);
        }
        nl_add(&aliases, make_alias(name, asname), 0);
    } while (accept(p, TOK_COMMA));
    return node_from_list(AST_IMPORT, line, &aliases);
}

static mp_ast_t *parse_from_import(parser_t *p) {
    uint32_t line = p->tok.line;
    expect(p, TOK_KW_FROM);
    mp_int_t level = 0;
    for (;;) {
        if (accept(p, TOK_DOT)) {
            level++;
        } else if (accept(p, TOK_ELLIPSIS)) {
            level += 3;
        } else {
            break;
        }
    }
    qstr module = MP_QSTRnull;
    if (p->tok.kind == TOK_NAME) {
        module = parse_dotted_name(p);
    } else if (level == 0) {
        syntax_error(p);
    }
    expect(p, TOK_KW_IMPORT);
    nlist_t aliases;
    nl_init(&aliases);
    int star = 0;
    if (accept(p, TOK_STAR)) {
        star = 1;
    } else {
        bool paren = accept(p, TOK_LPAREN);
        do {
            if (paren && p->tok.kind == TOK_RPAREN) {
                break;
            }
            qstr name = expect_name(p);
            qstr asname = 0;
            if (accept(p, TOK_KW_AS)) {
                asname = expect_name(p);
            }
            nl_add(&aliases, make_alias(name, asname), 0);
        } while (accept(p, TOK_COMMA));
        if (paren) {
            expect(p, TOK_RPAREN);
        }
    }
    mp_ast_t *n = node_from_list(AST_IMPORT_FROM, line, &aliases);
    n->q = module;
    n->i2 = level;
    n->op = (uint16_t)star;
    return n;
}

static mp_ast_t *parse_name_list(parser_t *p, mp_ast_kind_t kind, uint32_t line) {
    next(p);
    nlist_t names;
    nl_init(&names);
    do {
        nl_add(&names, make_name(expect_name(p)), 0);
    } while (accept(p, TOK_COMMA));
    return node_from_list(kind, line, &names);
}

/* one small statement; NULL when it disappears */
static mp_ast_t *parse_small_stmt(parser_t *p) {
    uint32_t line = p->tok.line;
    switch (p->tok.kind) {
        case TOK_KW_PASS:
            next(p);
            return mp_ast_new(AST_PASS, line, 0);
        case TOK_KW_BREAK:
            next(p);
            return mp_ast_new(AST_BREAK, line, 0);
        case TOK_KW_CONTINUE:
            next(p);
            return mp_ast_new(AST_CONTINUE, line, 0);
        case TOK_KW_RETURN: {
            next(p);
            mp_ast_t *v = NULL;
            if (starts_expr(p->tok.kind)) {
                v = parse_testlist_star_expr(p, true);
            }
            return node1(AST_RETURN, line, v);
        }
        case TOK_KW_RAISE: {
            next(p);
            mp_ast_t *exc = NULL, *cause = NULL;
            if (starts_expr(p->tok.kind)) {
                exc = parse_test(p);
                if (accept(p, TOK_KW_FROM)) {
                    cause = parse_test(p);
                }
            }
            return node2(AST_RAISE, line, exc, cause);
        }
        case TOK_KW_GLOBAL:
            return parse_name_list(p, AST_GLOBAL, line);
        case TOK_KW_NONLOCAL:
            return parse_name_list(p, AST_NONLOCAL, line);
        case TOK_KW_ASSERT: {
            next(p);
            mp_ast_t *test = parse_test(p);
            mp_ast_t *msg = NULL;
            if (accept(p, TOK_COMMA)) {
                msg = parse_test(p);
            }
            if (p->opts->opt_level >= 1) {
                /* no code at -O1 and above, but the statement keeps its line */
                return mp_ast_new(AST_PASS, line, 0);
            }
            return node2(AST_ASSERT, line, test, msg);
        }
        case TOK_KW_DEL: {
            next(p);
            nlist_t targets;
            nl_init(&targets);
            do {
                if (!starts_expr(p->tok.kind)) {
                    break;
                }
                nl_add(&targets, parse_expr(p), 0);
            } while (accept(p, TOK_COMMA));
            if (targets.len == 0) {
                syntax_error(p);
            }
            return node_from_list(AST_DEL, line, &targets);
        }
        case TOK_KW_IMPORT:
            return parse_import(p);
        case TOK_KW_FROM:
            return parse_from_import(p);
        case TOK_KW_YIELD:
            return node1(AST_EXPR, line, parse_yield_expr(p));
        default:
            if (!starts_expr(p->tok.kind)) {
                syntax_error(p);
            }
            return parse_expr_stmt(p);
    }
}

static void parse_simple_stmt(parser_t *p, nlist_t *out) {
    for (;;) {
        mp_ast_t *s = parse_small_stmt(p);
        if (s != NULL) {
            nl_add(out, s, 0);
        }
        if (!accept(p, TOK_SEMICOLON)) {
            break;
        }
        if (p->tok.kind == TOK_NEWLINE) {
            break;
        }
    }
    expect(p, TOK_NEWLINE);
}

static mp_ast_t *parse_suite(parser_t *p) {
    expect(p, TOK_COLON);
    nlist_t stmts;
    nl_init(&stmts);
    enter(p);
    if (accept(p, TOK_NEWLINE)) {
        if (p->tok.kind != TOK_INDENT) {
            syntax_error(p);
        }
        next(p);
        while (!accept(p, TOK_DEDENT)) {
            if (p->tok.kind == TOK_END) {
                syntax_error(p);
            }
            parse_stmt(p, &stmts);
        }
    } else {
        parse_simple_stmt(p, &stmts);
    }
    leave(p);
    return node_from_list(AST_BLOCK, 0, &stmts);
}

static mp_ast_t *parse_if(parser_t *p, uint32_t line, bool is_elif) {
    next(p); /* `if` or `elif` */
    mp_ast_t *n = mp_ast_new(AST_IF, is_elif ? 0 : line, 3);
    n->op = is_elif ? 1 : 0;
    n->kids[0] = parse_namedexpr_test(p);
    n->kids[1] = parse_suite(p);
    if (p->tok.kind == TOK_KW_ELIF) {
        n->kids[2] = parse_if(p, p->tok.line, true);
    } else if (accept(p, TOK_KW_ELSE)) {
        n->kids[2] = parse_suite(p);
    }
    return n;
}

static mp_ast_t *parse_while(parser_t *p, uint32_t line) {
    next(p);
    mp_ast_t *n = mp_ast_new(AST_WHILE, line, 3);
    n->kids[0] = parse_namedexpr_test(p);
    n->kids[1] = parse_suite(p);
    if (accept(p, TOK_KW_ELSE)) {
        n->kids[2] = parse_suite(p);
    }
    return n;
}

static mp_ast_t *parse_for(parser_t *p, uint32_t line, bool is_async) {
    expect(p, TOK_KW_FOR);
    mp_ast_t *n = mp_ast_new(AST_FOR, line, 4);
    n->op = is_async ? 1 : 0;
    n->kids[0] = parse_exprlist(p);
    expect(p, TOK_KW_IN);
    n->kids[1] = parse_testlist_star_expr(p, true);
    n->kids[2] = parse_suite(p);
    if (accept(p, TOK_KW_ELSE)) {
        n->kids[3] = parse_suite(p);
    }
    return n;
}

static mp_ast_t *parse_try(parser_t *p, uint32_t line) {
    next(p);
    mp_ast_t *n = mp_ast_new(AST_TRY, line, 4);
    n->kids[0] = parse_suite(p);
    nlist_t handlers;
    nl_init(&handlers);
    while (p->tok.kind == TOK_KW_EXCEPT) {
        next(p);
        mp_ast_t *h = mp_ast_new(AST_EXCEPT, 0, 2);
        h->q = MP_QSTRnull;
        if (p->tok.kind != TOK_COLON) {
            h->kids[0] = parse_test(p);
            if (accept(p, TOK_KW_AS)) {
                h->q = expect_name(p);
            }
        }
        h->kids[1] = parse_suite(p);
        nl_add(&handlers, h, 0);
    }
    n->kids[1] = node_from_list(AST_BLOCK, 0, &handlers);
    if (handlers.len > 0 && accept(p, TOK_KW_ELSE)) {
        n->kids[2] = parse_suite(p);
    }
    if (accept(p, TOK_KW_FINALLY)) {
        n->kids[3] = parse_suite(p);
    } else if (handlers.len == 0) {
        syntax_error(p);
    }
    return n;
}

static mp_ast_t *parse_with(parser_t *p, uint32_t line, bool is_async) {
    expect(p, TOK_KW_WITH);
    nlist_t kids;
    nl_init(&kids);
    do {
        mp_ast_t *item = mp_ast_new(AST_WITHITEM, 0, 2);
        item->kids[0] = parse_test(p);
        if (accept(p, TOK_KW_AS)) {
            item->kids[1] = parse_expr(p);
        }
        nl_add(&kids, item, 0);
    } while (accept(p, TOK_COMMA));
    nl_add(&kids, parse_suite(p), 0);
    mp_ast_t *n = node_from_list(AST_WITH, line, &kids);
    n->op = is_async ? 1 : 0;
    return n;
}

static mp_ast_t *parse_funcdef(parser_t *p, uint32_t line, bool is_async, mp_ast_t *decorators) {
    expect(p, TOK_KW_DEF);
    qstr name = expect_name(p);
    expect(p, TOK_LPAREN);
    mp_ast_t *params = parse_params(p, TOK_RPAREN, false);
    expect(p, TOK_RPAREN);
    mp_ast_t *ret = NULL;
    if (accept(p, TOK_ARROW)) {
        ret = parse_test(p);
    }
    mp_ast_t *n = mp_ast_new(AST_FUNCDEF, line, 4);
    n->q = name;
    n->op = is_async ? 1 : 0;
    n->kids[0] = params;
    n->kids[1] = parse_suite(p);
    n->kids[2] = decorators;
    n->kids[3] = ret;
    return n;
}

static mp_ast_t *parse_classdef(parser_t *p, uint32_t line, mp_ast_t *decorators) {
    expect(p, TOK_KW_CLASS);
    qstr name = expect_name(p);
    nlist_t args;
    nl_init(&args);
    if (accept(p, TOK_LPAREN)) {
        parse_call_args(p, &args, TOK_RPAREN);
        expect(p, TOK_RPAREN);
    }
    mp_ast_t *body = parse_suite(p);
    mp_ast_t *n = mp_ast_new(AST_CLASSDEF, line, 2 + args.len);
    n->q = name;
    n->kids[0] = body;
    n->kids[1] = decorators;
    for (size_t i = 0; i < args.len; i++) {
        n->kids[2 + i] = args.items[i];
    }
    return n;
}

/* `@dotted.name` or `@dotted.name(args)` lines (bytecode.md 8.8) */
static mp_ast_t *parse_decorated(parser_t *p) {
    uint32_t line = p->tok.line;
    nlist_t decos;
    nl_init(&decos);
    while (p->tok.kind == TOK_AT) {
        uint32_t dline = p->tok.line;
        next(p);
        mp_ast_t *e = make_name(expect_name(p));
        while (accept(p, TOK_DOT)) {
            mp_ast_t *a = node1(AST_ATTR, dline, e);
            a->q = expect_name(p);
            e = a;
        }
        nlist_t kids;
        nl_init(&kids);
        nl_add(&kids, e, 0);
        int has_args = 0;
        if (accept(p, TOK_LPAREN)) {
            has_args = 1;
            parse_call_args(p, &kids, TOK_RPAREN);
            expect(p, TOK_RPAREN);
        }
        expect(p, TOK_NEWLINE);
        mp_ast_t *d = node_from_list(AST_DECORATOR, dline, &kids);
        d->op = (uint16_t)has_args;
        nl_add(&decos, d, 0);
    }
    mp_ast_t *block = node_from_list(AST_BLOCK, 0, &decos);
    if (p->tok.kind == TOK_KW_DEF) {
        return parse_funcdef(p, line, false, block);
    }
    if (p->tok.kind == TOK_KW_CLASS) {
        return parse_classdef(p, line, block);
    }
    if (p->tok.kind == TOK_KW_ASYNC && peek(p)->kind == TOK_KW_DEF) {
        next(p);
        return parse_funcdef(p, line, true, block);
    }
    syntax_error(p);
}

static void parse_stmt(parser_t *p, nlist_t *out) {
    uint32_t line = p->tok.line;
    mp_ast_t *s;
    switch (p->tok.kind) {
        case TOK_KW_IF:
            s = parse_if(p, line, false);
            break;
        case TOK_KW_WHILE:
            s = parse_while(p, line);
            break;
        case TOK_KW_FOR:
            s = parse_for(p, line, false);
            break;
        case TOK_KW_TRY:
            s = parse_try(p, line);
            break;
        case TOK_KW_WITH:
            s = parse_with(p, line, false);
            break;
        case TOK_KW_DEF:
            s = parse_funcdef(p, line, false, NULL);
            break;
        case TOK_KW_CLASS:
            s = parse_classdef(p, line, NULL);
            break;
        case TOK_AT:
            s = parse_decorated(p);
            break;
        case TOK_KW_ASYNC:
            next(p);
            if (p->tok.kind == TOK_KW_DEF) {
                s = parse_funcdef(p, line, true, NULL);
            } else if (p->tok.kind == TOK_KW_FOR) {
                s = parse_for(p, line, true);
            } else if (p->tok.kind == TOK_KW_WITH) {
                s = parse_with(p, line, true);
            } else {
                syntax_error(p);
            }
            break;
        default:
            parse_simple_stmt(p, out);
            return;
    }
    nl_add(out, s, 0);
}

/* ---- entry ---------------------------------------------------------- */

mp_ast_t *mp_parse(const char *src, size_t len, const mp_parse_opts_t *opts) {
    parser_t *p = m_new0(parser_t, 1);
    p->opts = opts;
    int bits = opts->small_int_bits > 1 && opts->small_int_bits < MP_WORD_BITS
        ? opts->small_int_bits : 31;
    p->small_max = (mp_int_t)(((mp_uint_t)1 << (bits - 1)) - 1);
    p->small_min = -p->small_max - 1;
    mp_qstr_pool_init(&p->pool);
    /* the file name (and the -s name) already are qstrs in the reference */
    if (opts->source_file != MP_QSTRnull) {
        const char *fname = qstr_str(opts->source_file);
        mp_qstr_pool_add(&p->pool, fname, strlen(fname));
    }
    if (opts->source_path != MP_QSTRnull) {
        const char *path = qstr_str(opts->source_path);
        mp_qstr_pool_add(&p->pool, path, strlen(path));
    }
    mp_lexer_init(&p->lex, src, len, opts->source_file, opts->opt_level, &p->pool);
    next(p);
    nlist_t stmts;
    nl_init(&stmts);
    while (p->tok.kind != TOK_END) {
        if (accept(p, TOK_NEWLINE)) {
            continue;
        }
        parse_stmt(p, &stmts);
    }
    return node_from_list(AST_MODULE, 0, &stmts);
}
