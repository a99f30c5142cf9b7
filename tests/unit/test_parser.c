/*
 * Unit tests of the frontend (compile/lexer.c, parser.c, ast.c, qstrpool.c):
 * parses snippets and checks the tree (as a compact s-expression), the
 * lines, folding, interning and errors. With file arguments it instead
 * parses each file and reports PASS/FAIL per file (used on the vectors).
 *
 * The numbers, objects and exceptions the parser uses are stood in for by
 * small versions below (ints that fit a machine word, doubles, strings),
 * enough for folding tests; the real ones are tested with the full build.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/runtime.h"
#include "core/parsenum.h"
#include "compile/ast.h"
#include "stubs.h"
#include "unit.h"

/* ---- stand-ins for the runtime ---------------------------------------- */

const mp_obj_type_t mp_type_int = {.name = MP_QSTR_int};
const mp_obj_type_t mp_type_float = {.name = MP_QSTR_float};
const mp_obj_type_t mp_type_complex = {.name = MP_QSTR_complex};
const mp_obj_type_t mp_type_tuple = {.name = MP_QSTR_tuple};
const mp_obj_type_t mp_type_SyntaxError = {.name = MP_QSTR_SyntaxError};
const mp_obj_type_t mp_type_IndentationError = {.name = MP_QSTR_IndentationError};
const mp_obj_type_t mp_type_ValueError = {.name = MP_QSTR_ValueError};
const mp_obj_type_t mp_type_TypeError = {.name = MP_QSTR_TypeError};
const mp_obj_singleton_t mp_const_ellipsis_obj = {{&mp_type_int}, MP_QSTR_Ellipsis};
const mp_obj_tuple_t mp_const_empty_tuple_obj = {{&mp_type_tuple}, 0};

typedef struct {
    mp_obj_base_t base;
    double v;
    double im; /* complex only */
} stub_float_t;

typedef struct {
    mp_obj_base_t base;
    char text[160]; /* a big int: kept as text, never folded here */
} stub_bigint_t;

typedef struct {
    mp_obj_base_t base;
    const mp_obj_type_t *type;
    const char *msg;
    size_t line;
    qstr file;
} stub_exc_t;

static const mp_obj_type_t stub_exc_type = {.name = MP_QSTR_BaseException};

static mp_obj_t stub_exc(const mp_obj_type_t *type, const char *msg) {
    stub_exc_t *e = m_new0(stub_exc_t, 1);
    e->base.type = &stub_exc_type;
    e->type = type;
    e->msg = msg;
    return e;
}

mp_obj_t mp_obj_new_exception_msg(const mp_obj_type_t *exc_type, const char *msg) {
    return stub_exc(exc_type, msg);
}

bool mp_obj_is_exception_instance(mp_obj_t self_in) {
    return mp_obj_is_obj(self_in) && ((mp_obj_base_t *)self_in)->type == &stub_exc_type;
}

bool mp_obj_exception_match(mp_obj_t exc, mp_const_obj_t exc_type) {
    return ((stub_exc_t *)exc)->type == exc_type;
}

mp_obj_t mp_obj_exception_get_value(mp_obj_t self_in) {
    const char *m = ((stub_exc_t *)self_in)->msg;
    return mp_obj_new_str_copy(&mp_type_str, (const byte *)m, strlen(m));
}

mp_obj_t mp_obj_new_exception_arg1(const mp_obj_type_t *exc_type, mp_obj_t arg) {
    return stub_exc(exc_type, (const char *)((mp_obj_str_t *)arg)->data);
}

void mp_obj_exception_add_traceback(mp_obj_t self_in, qstr file, size_t line, qstr block) {
    stub_exc_t *e = self_in;
    e->line = line;
    e->file = file;
}

_Noreturn void mp_raise(mp_obj_t exc) {
    nlr_jump(exc);
}

_Noreturn void mp_raise_recursion_depth(void) {
    nlr_jump(stub_exc(&mp_type_RuntimeError, "maximum recursion depth exceeded"));
}

void mp_stack_check(void) {
}

bool mp_obj_is_type(mp_const_obj_t o, const mp_obj_type_t *t) {
    return mp_obj_is_obj(o) && ((const mp_obj_base_t *)o)->type == t;
}

mp_obj_t mp_obj_new_float(double v) {
    stub_float_t *f = m_new0(stub_float_t, 1);
    f->base.type = &mp_type_float;
    f->v = v;
    return f;
}

static mp_obj_t new_complex(double re, double im) {
    stub_float_t *f = m_new0(stub_float_t, 1);
    f->base.type = &mp_type_complex;
    f->v = re;
    f->im = im;
    return f;
}

mp_obj_t mp_obj_new_str_copy(const mp_obj_type_t *type, const byte *data, size_t len) {
    mp_obj_str_t *s = m_new0(mp_obj_str_t, 1);
    s->base.type = type;
    byte *d = m_new(byte, len + 1);
    memcpy(d, data, len);
    d[len] = 0;
    s->data = d;
    s->len = len;
    return s;
}

mp_obj_t mp_obj_new_bytes(const byte *data, size_t len) {
    return mp_obj_new_str_copy(&mp_type_bytes, data, len);
}

mp_obj_t mp_obj_new_tuple(size_t n, const mp_obj_t *items) {
    mp_obj_tuple_t *t = m_malloc0(sizeof(mp_obj_tuple_t) + n * sizeof(mp_obj_t));
    t->base.type = &mp_type_tuple;
    t->len = n;
    for (size_t i = 0; items != NULL && i < n; i++) {
        t->items[i] = items[i];
    }
    return t;
}

mp_obj_t mp_parse_num_integer(const char *str, size_t len, int base) {
    char buf[128];
    size_t n = 0;
    for (size_t i = 0; i < len && n < sizeof(buf) - 1; i++) {
        if (str[i] != '_') {
            buf[n++] = str[i];
        }
    }
    buf[n] = 0;
    int b = 10;
    const char *s = buf;
    if (buf[0] == '0' && (buf[1] | 0x20) == 'x') {
        b = 16, s += 2;
    } else if (buf[0] == '0' && (buf[1] | 0x20) == 'o') {
        b = 8, s += 2;
    } else if (buf[0] == '0' && (buf[1] | 0x20) == 'b') {
        b = 2, s += 2;
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, b);
    if (*s == 0 || *end != 0) {
        mp_raise(stub_exc(&mp_type_ValueError, "invalid syntax for integer with base 10"));
    }
    if (errno != 0 || v > (unsigned long long)MP_SMALL_INT_MAX_) {
        stub_bigint_t *bi = m_new0(stub_bigint_t, 1);
        bi->base.type = &mp_type_int;
        snprintf(bi->text, sizeof(bi->text), "%s", buf);
        return bi;
    }
    return MP_OBJ_NEW_SMALL_INT((mp_int_t)v);
}

mp_obj_t mp_parse_num_decimal(const char *str, size_t len, bool allow_imag, bool force_complex) {
    char buf[128];
    size_t n = 0;
    bool imag = false;
    for (size_t i = 0; i < len && n < sizeof(buf) - 1; i++) {
        if (str[i] == 'j' || str[i] == 'J') {
            imag = true;
        } else if (str[i] != '_') {
            buf[n++] = str[i];
        }
    }
    buf[n] = 0;
    char *end;
    double v = strtod(buf, &end);
    if (*end != 0) {
        mp_raise(stub_exc(&mp_type_ValueError, "invalid syntax for number"));
    }
    return imag ? new_complex(0, v) : mp_obj_new_float(v);
}

/* an int result: a small int if it is one on this host (31 bits on 32-bit
 * words), else a big int object carrying its decimal text */
static mp_obj_t stub_int(long long r) {
    if (r >= MP_SMALL_INT_MIN_ && r <= MP_SMALL_INT_MAX_) {
        return MP_OBJ_NEW_SMALL_INT((mp_int_t)r);
    }
    stub_bigint_t *bi = m_new0(stub_bigint_t, 1);
    bi->base.type = &mp_type_int;
    snprintf(bi->text, sizeof(bi->text), "%lld", r);
    return bi;
}

static bool get_num(mp_obj_t o, long long *i, double *d) {
    if (mp_obj_is_small_int(o)) {
        *i = MP_OBJ_SMALL_INT_VALUE(o);
        *d = (double)*i;
        return true;
    }
    if (mp_obj_is_type(o, &mp_type_int)) {
        /* a big int made by stub_int: only 32-bit hosts fold through these */
        char *end;
        errno = 0;
        *i = strtoll(((stub_bigint_t *)o)->text, &end, 10);
        if (errno == 0 && *end == 0) {
            *d = (double)*i;
            return true;
        }
    }
    if (mp_obj_is_type(o, &mp_type_float)) {
        *d = ((stub_float_t *)o)->v;
        return false;
    }
    mp_raise(stub_exc(&mp_type_TypeError, "unsupported"));
}

mp_obj_t mp_binary_op(mp_binary_op_t op, mp_obj_t a, mp_obj_t b) {
    long long x, y;
    double fx, fy;
    bool ia = get_num(a, &x, &fx), ib = get_num(b, &y, &fy);
    if (ia && ib) {
        long long r;
        switch (op) {
            case MP_BINARY_OP_ADD:
                r = x + y;
                break;
            case MP_BINARY_OP_SUBTRACT:
                r = x - y;
                break;
            case MP_BINARY_OP_MULTIPLY:
                if (__builtin_mul_overflow(x, y, &r)) {
                    mp_raise(stub_exc(&mp_type_ValueError, "overflow"));
                }
                break;
            case MP_BINARY_OP_OR:
                r = x | y;
                break;
            case MP_BINARY_OP_AND:
                r = x & y;
                break;
            case MP_BINARY_OP_XOR:
                r = x ^ y;
                break;
            case MP_BINARY_OP_LSHIFT:
                if (y < 0 || y > 40) {
                    mp_raise(stub_exc(&mp_type_ValueError, "negative shift count"));
                }
                r = x << y;
                break;
            case MP_BINARY_OP_RSHIFT:
                if (y < 0 || y > 62) {
                    mp_raise(stub_exc(&mp_type_ValueError, "negative shift count"));
                }
                r = x >> y;
                break;
            case MP_BINARY_OP_FLOOR_DIVIDE:
            case MP_BINARY_OP_MODULO: {
                if (y == 0) {
                    mp_raise(stub_exc(&mp_type_ValueError, "divide by zero"));
                }
                long long q = x / y, m = x % y;
                if (m != 0 && ((m < 0) != (y < 0))) {
                    q--, m += y;
                }
                r = op == MP_BINARY_OP_MODULO ? m : q;
                break;
            }
            case MP_BINARY_OP_TRUE_DIVIDE:
                if (y == 0) {
                    mp_raise(stub_exc(&mp_type_ValueError, "divide by zero"));
                }
                return mp_obj_new_float(fx / fy);
            case MP_BINARY_OP_POWER:
                if (y < 0) {
                    return mp_obj_new_float(pow(fx, fy));
                }
                r = 1;
                for (long long k = 0; k < y && k < 70; k++) {
                    if (__builtin_mul_overflow(r, x, &r)) {
                        mp_raise(stub_exc(&mp_type_ValueError, "overflow"));
                    }
                }
                break;
            default:
                mp_raise(stub_exc(&mp_type_TypeError, "unsupported"));
        }
        return stub_int(r);
    }
    switch (op) {
        case MP_BINARY_OP_ADD:
            return mp_obj_new_float(fx + fy);
        case MP_BINARY_OP_SUBTRACT:
            return mp_obj_new_float(fx - fy);
        case MP_BINARY_OP_MULTIPLY:
            return mp_obj_new_float(fx * fy);
        case MP_BINARY_OP_TRUE_DIVIDE:
            if (fy == 0) {
                mp_raise(stub_exc(&mp_type_ValueError, "divide by zero"));
            }
            return mp_obj_new_float(fx / fy);
        case MP_BINARY_OP_FLOOR_DIVIDE:
            if (fy == 0) {
                mp_raise(stub_exc(&mp_type_ValueError, "divide by zero"));
            }
            return mp_obj_new_float(floor(fx / fy));
        case MP_BINARY_OP_POWER:
            if (fx < 0 && fy != floor(fy)) {
                return new_complex(0, 0);
            }
            return mp_obj_new_float(pow(fx, fy));
        default:
            mp_raise(stub_exc(&mp_type_TypeError, "unsupported"));
    }
}

mp_obj_t mp_unary_op(mp_unary_op_t op, mp_obj_t a) {
    long long x;
    double fx;
    if (get_num(a, &x, &fx)) {
        switch (op) {
            case MP_UNARY_OP_NEGATIVE:
                return stub_int(-x);
            case MP_UNARY_OP_POSITIVE:
                return a;
            case MP_UNARY_OP_INVERT:
                return stub_int(~x);
            default:
                break;
        }
    } else if (op == MP_UNARY_OP_NEGATIVE) {
        return mp_obj_new_float(-fx);
    } else if (op == MP_UNARY_OP_POSITIVE) {
        return a;
    }
    mp_raise(stub_exc(&mp_type_TypeError, "unsupported"));
}

bool mp_obj_is_true(mp_obj_t o) {
    if (o == mp_const_none || o == mp_const_false) {
        return false;
    }
    if (o == mp_const_true) {
        return true;
    }
    if (mp_obj_is_small_int(o)) {
        return MP_OBJ_SMALL_INT_VALUE(o) != 0;
    }
    if (mp_obj_is_qstr(o)) {
        return qstr_len(MP_OBJ_QSTR_VALUE(o)) != 0;
    }
    if (mp_obj_is_type(o, &mp_type_float)) {
        return ((stub_float_t *)o)->v != 0;
    }
    if (mp_obj_is_type(o, &mp_type_str) || mp_obj_is_type(o, &mp_type_bytes)) {
        return ((mp_obj_str_t *)o)->len != 0;
    }
    if (mp_obj_is_type(o, &mp_type_tuple)) {
        return ((mp_obj_tuple_t *)o)->len != 0;
    }
    return true;
}

/* ---- printing values and trees into a buffer -------------------------- */

static char out[1 << 16];
static size_t out_len;

static void put(const char *s) {
    size_t n = strlen(s);
    if (out_len + n < sizeof(out)) {
        memcpy(out + out_len, s, n + 1);
        out_len += n;
    }
}

static void put_obj(mp_obj_t o) {
    char tmp[96];
    if (mp_obj_is_small_int(o)) {
        snprintf(tmp, sizeof(tmp), "%ld", (long)MP_OBJ_SMALL_INT_VALUE(o));
        put(tmp);
    } else if (mp_obj_is_qstr(o)) {
        put("'");
        put(qstr_str(MP_OBJ_QSTR_VALUE(o)));
        put("'");
    } else if (o == mp_const_none) {
        put("None");
    } else if (o == mp_const_true) {
        put("True");
    } else if (o == mp_const_false) {
        put("False");
    } else if (o == mp_const_ellipsis) {
        put("...");
    } else if (mp_obj_is_type(o, &mp_type_float)) {
        snprintf(tmp, sizeof(tmp), "%.17g", ((stub_float_t *)o)->v);
        put(tmp);
    } else if (mp_obj_is_type(o, &mp_type_complex)) {
        snprintf(tmp, sizeof(tmp), "%gj", ((stub_float_t *)o)->im);
        put(tmp);
    } else if (mp_obj_is_type(o, &mp_type_str)) {
        put("s'");
        put((const char *)((mp_obj_str_t *)o)->data);
        put("'");
    } else if (mp_obj_is_type(o, &mp_type_bytes)) {
        put("b'");
        put((const char *)((mp_obj_str_t *)o)->data);
        put("'");
    } else if (mp_obj_is_type(o, &mp_type_tuple)) {
        mp_obj_tuple_t *t = o;
        put("(");
        for (size_t i = 0; i < t->len; i++) {
            if (i) {
                put(", ");
            }
            put_obj(t->items[i]);
        }
        put(t->len == 1 ? ",)" : ")");
    } else if (mp_obj_is_type(o, &mp_type_int)) {
        put(((stub_bigint_t *)o)->text);
    } else {
        put("?");
    }
}

void mp_obj_print(mp_obj_t o, mp_print_kind_t kind) {
    out_len = 0;
    out[0] = 0;
    put_obj(o);
    printf("%s", out);
}

static const char *const names[] = {
    "NAME", "INT", "STR", "None", "True", "False", "...", "CONST",
    "TUPLE", "LIST", "SET", "DICT", "STAR", "DSTAR", "KW", "BINOP",
    "UNARY", "NOT", "AND", "OR", "CMP", "IFEXP", "WALRUS", "LAMBDA", "CALL",
    "ATTR", "SUBSCR", "SLICE", "LISTCOMP", "SETCOMP", "DICTCOMP", "GENEXP", "FOR*",
    "YIELD", "YIELDFROM", "AWAIT", "PARAMS", "PARAM", "MODULE", "BLOCK", "EXPR",
    "ASSIGN", "AUG", "ANN", "DEL", "PASS", "BREAK", "CONTINUE", "RETURN",
    "RAISE", "GLOBAL", "NONLOCAL", "ASSERT", "IMPORT", "FROM", "ALIAS", "IF",
    "WHILE", "FOR", "TRY", "EXCEPT", "WITH", "WITHITEM", "DEF", "CLASS",
    "DECO",
};

static void sexpr(const mp_ast_t *n) {
    char tmp[64];
    if (n == NULL) {
        put("-");
        return;
    }
    switch (n->kind) {
        case AST_NAME:
            put(qstr_str(n->q));
            return;
        case AST_SMALL_INT:
            snprintf(tmp, sizeof(tmp), "%ld", (long)n->i);
            put(tmp);
            return;
        case AST_STR:
            put("'");
            put(qstr_str(n->q));
            put("'");
            return;
        case AST_NONE: case AST_TRUE: case AST_FALSE: case AST_ELLIPSIS:
            put(names[n->kind]);
            return;
        case AST_CONST:
            put("#");
            put_obj(n->obj);
            if (n->line) {
                snprintf(tmp, sizeof(tmp), "@%u", (unsigned)n->line);
                put(tmp);
            }
            return;
        default:
            break;
    }
    put("(");
    put(names[n->kind]);
    if (n->line) {
        snprintf(tmp, sizeof(tmp), "@%u", (unsigned)n->line);
        put(tmp);
    }
    if (n->op) {
        snprintf(tmp, sizeof(tmp), ":%d", n->op);
        put(tmp);
    }
    switch (n->kind) {
        case AST_KEYWORD: case AST_ATTR: case AST_PARAM: case AST_FUNCDEF: case AST_CLASSDEF:
        case AST_ALIAS: case AST_IMPORT_FROM: case AST_EXCEPT:
            put(" ");
            put(n->q ? qstr_str(n->q) : "_");
            break;
        default:
            break;
    }
    if (n->kind == AST_ALIAS && n->i2) {
        put(" as ");
        put(qstr_str((qstr)n->i2));
    } else if (n->kind == AST_IMPORT_FROM || (n->i2 && n->kind >= AST_LISTCOMP
                                              && n->kind <= AST_GENEXP)) {
        snprintf(tmp, sizeof(tmp), " %ld", (long)n->i2);
        put(tmp);
    }
    if (n->kind == AST_COMPARE) {
        for (size_t i = 0; i + 1 < n->n; i++) {
            snprintf(tmp, sizeof(tmp), " op%d", n->cmpops[i]);
            put(tmp);
        }
    }
    if (n->kind == AST_DICT && n->ilines) {
        for (size_t i = 0; i < n->n / 2; i++) {
            snprintf(tmp, sizeof(tmp), " k@%u", (unsigned)n->ilines[i]);
            put(tmp);
        }
    }
    for (size_t i = 0; i < n->n; i++) {
        put(" ");
        sexpr(n->kids[i]);
    }
    put(")");
}

/* parse and print; on an exception print "Type:msg@line" */
static const char *parse_opts(const char *src, int opt_level) {
    mp_parse_opts_t opts = {0};
    opts.source_file = qstr_from_str("t.py");
    opts.small_int_bits = 31;
    opts.opt_level = opt_level;
    out_len = 0;
    out[0] = 0;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_ast_t *tree = mp_parse(src, strlen(src), &opts);
        nlr_pop();
        /* print the module's statements only */
        for (size_t i = 0; i < tree->n; i++) {
            if (i) {
                put(" ");
            }
            sexpr(tree->kids[i]);
        }
    } else {
        stub_exc_t *e = nlr.ret_val;
        char tmp[200];
        snprintf(tmp, sizeof(tmp), "%s:%s@%u", qstr_str(e->type->name), e->msg,
            (unsigned)e->line);
        put(tmp);
    }
    return out;
}

static const char *parse(const char *src) {
    return parse_opts(src, 0);
}

/* ---- tests -------------------------------------------------------------- */

TEST(simple_statements) {
    CHECK_STR(parse("x = 1\n"), "(ASSIGN@1 x 1)");
    CHECK_STR(parse("a = b = c\n"), "(ASSIGN@1 a b c)");
    CHECK_STR(parse("x += 2\n"), "(AUG@1:14 x 2)");
    CHECK_STR(parse("pass; break\n"), "(PASS@1) (BREAK@1)");
    CHECK_STR(parse("\n\nreturn\n"), "(RETURN@3 -)");
    CHECK_STR(parse("del a, b[1]\n"), "(DEL@1 a (SUBSCR@1 b 1))");
    CHECK_STR(parse("global a, b\n"), "(GLOBAL@1 a b)");
    CHECK_STR(parse("raise X from Y\n"), "(RAISE@1 X Y)");
    CHECK_STR(parse("assert x, 'm'\n"), "(ASSERT@1 x 'm')");
    CHECK_STR(parse_opts("assert x, 'm'\n", 1), "(PASS@1)");
    CHECK_STR(parse("x\n"), "(EXPR@1 x)");
    CHECK_STR(parse("x: int = 5\n"), "(ANN@1 x int 5)");
    CHECK_STR(parse("x: int\n"), "(ANN@1 x int -)");
}

TEST(imports) {
    CHECK_STR(parse("import a.b.c as d, e\n"), "(IMPORT@1 (ALIAS a.b.c as d) (ALIAS e))");
    CHECK_STR(parse("from ..m.n import o as p\n"), "(FROM@1 m.n 2 (ALIAS o as p))");
    CHECK_STR(parse("from . import (x, y,)\n"), "(FROM@1 _ 1 (ALIAS x) (ALIAS y))");
    CHECK_STR(parse("from q import *\n"), "(FROM@1:1 q 0)");
    CHECK_STR(parse("from ... import z\n"), "(FROM@1 _ 3 (ALIAS z))");
}

TEST(expressions) {
    CHECK_STR(parse("a + b * c\n"), "(EXPR@1 (BINOP@1:27 a (BINOP@1:29 b c)))");
    CHECK_STR(parse("a - b - c\n"), "(EXPR@1 (BINOP@1:28 (BINOP@1:28 a b) c))");
    CHECK_STR(parse("a < b <= c\n"), "(EXPR@1 (CMP@1 op0 op3 a b c))");
    CHECK_STR(parse("a not in b is not c\n"), "(EXPR@1 (CMP@1 op50 op51 a b c))");
    CHECK_STR(parse("x if c else y\n"), "(EXPR@1 (IFEXP@1 c x y))");
    CHECK_STR(parse("not a\n"), "(EXPR@1 (NOT@1 a))");
    CHECK_STR(parse("a and b or c\n"), "(EXPR@1 (OR@1 (AND@1 a b) c))");
    CHECK_STR(parse("-x ** 2\n"), "(EXPR@1 (UNARY@1:1 (BINOP@1:34 x 2)))");
    CHECK_STR(parse("f(a, *b, k=1, **d)\n"),
        "(EXPR@1 (CALL@1 f a (STAR b) (KW k 1) (DSTAR d)))");
    CHECK_STR(parse("o.m(x)[1:2, ::3]\n"),
        "(EXPR@1 (SUBSCR@1 (CALL@1 (ATTR@1 m o) x) (TUPLE@1 (SLICE@1 1 2 -) (SLICE@1:1 - - 3))))");
    CHECK_STR(parse("a[1:]\n"), "(EXPR@1 (SUBSCR@1 a (SLICE@1 1 - -)))");
    CHECK_STR(parse("(a.f)(x)\n"), "(EXPR@1 (CALL@1 (ATTR@1:32768 f a) x))");
    CHECK_STR(parse("lambda x, *y, z=1, **k: x\n"),
        "(EXPR@1 (LAMBDA@1 (PARAMS (PARAM x - -) (PARAM:1 y - -) (PARAM:2 z 1 -) (PARAM:3 k - -)) x))");
    CHECK_STR(parse("(y := 5)\n"), "(EXPR@1 (WALRUS@1 y 5))");
    CHECK_STR(parse("await x\n"), "(EXPR@1 (AWAIT@1 x))");
    CHECK_STR(parse("yield\n"), "(EXPR@1 (YIELD@1 -))");
    CHECK_STR(parse("x = yield from g\n"), "(ASSIGN@1 x (YIELDFROM@1 g))");
    CHECK_STR(parse("x = yield a, b\n"), "(ASSIGN@1 x (YIELD@1 (TUPLE@1 a b)))");
}

TEST(displays) {
    CHECK_STR(parse("x = [1, a]\n"), "(ASSIGN@1 x (LIST@1 1 a))");
    CHECK_STR(parse("x = {}\n"), "(ASSIGN@1 x (DICT@1))");
    CHECK_STR(parse("x = {a: 1,\n b: 2}\n"), "(ASSIGN@1 x (DICT@1 k@1 k@2 a 1 b 2))");
    CHECK_STR(parse("x = {a, b}\n"), "(ASSIGN@1 x (SET@1 a b))");
    CHECK_STR(parse("x = [i for i in y if i]\n"),
        "(ASSIGN@1 x (LISTCOMP@1 1 i (FOR* i y i)))");
    CHECK_STR(parse("x = {k: v for k, v in d}\n"),
        "(ASSIGN@1 x (DICTCOMP@1 1 k v (FOR* (TUPLE@1 k v) d)))");
    CHECK_STR(parse("f(x for x in y)\n"), "(EXPR@1 (CALL@1 f (GENEXP@1:1 1 x (FOR* x y))))");
    CHECK_STR(parse("x = (\n a for a in b)\n"), "(ASSIGN@1 x (GENEXP@1 2 a (FOR* a b)))");
    CHECK_STR(parse("x = {*a}\n"), "SyntaxError:invalid syntax@1");
    CHECK_STR(parse("x = {**a}\n"), "SyntaxError:invalid syntax@1");
    CHECK_STR(parse("x = {a: 1, b}\n"), "SyntaxError:expecting key:value for dict@1");
}

TEST(constant_tuples) {
    CHECK_STR(parse("a = ((1, 2), 3)\n"), "(ASSIGN@1 a #((1, 2), 3)@1)");
    CHECK_STR(parse("b = ()\n"), "(ASSIGN@1 b (TUPLE@1:1))");
    CHECK_STR(parse("g = (1,)\n"), "(ASSIGN@1 g #(1,)@1)");
    CHECK_STR(parse("h = (x, 1)\n"), "(ASSIGN@1 h (TUPLE@1:1 x 1))");
    CHECK_STR(parse("y = (\n1,\n2,\n3)\n"), "(ASSIGN@1 y #(1, 2, 3)@3)");
    CHECK_STR(parse("y = (\n1,\n2)\n"), "(ASSIGN@1 y #(1, 2)@2)");
    CHECK_STR(parse("y = (\n1,\n2,)\n"), "(ASSIGN@1 y #(1, 2)@3)");
    CHECK_STR(parse("r = (-1, ~2)\n"), "(ASSIGN@1 r #(-1, -3)@1)");
    CHECK_STR(parse("k[1, 2]\n"), "(EXPR@1 (SUBSCR@1 k #(1, 2)@1))");
    CHECK_STR(parse("a, b = 1, 2\n"), "(ASSIGN@1 (TUPLE@1 a b) #(1, 2)@1)");
    CHECK_STR(parse("c = ((), None, ..., 'x')\n"), "(ASSIGN@1 c #((), None, ..., 'x')@1)");
    CHECK_STR(parse("for i in 1, 2: pass\n"), "(FOR@1 i #(1, 2)@1 (BLOCK (PASS@1)) -)");
}

TEST(folding) {
    CHECK_STR(parse("y = 1 + 2 * 3 - 4 // 3 % 5 ** 2\n"), "(ASSIGN@1 y 6)");
    CHECK_STR(parse("z = (1 << 40) | 3\n"), "(ASSIGN@1 z #1099511627779)");
    CHECK_STR(parse("w = ~5\n"), "(ASSIGN@1 w -6)");
    CHECK_STR(parse("h = -2 ** 2\n"), "(ASSIGN@1 h -4)");
    CHECK_STR(parse("o = 2 ** -1\n"), "(ASSIGN@1 o #0.5)");
    CHECK_STR(parse("n = 10 / 4\n"), "(ASSIGN@1 n #2.5)");
    CHECK_STR(parse("m = 1 / 0\n"), "(ASSIGN@1 m (BINOP@1:32 1 0))");
    CHECK_STR(parse("j = 1 < 2\n"), "(ASSIGN@1 j (CMP@1 op0 1 2))");
    CHECK_STR(parse("k = 'a' + 'b'\n"), "(ASSIGN@1 k (BINOP@1:27 'a' 'b'))");
    CHECK_STR(parse("p = 1 + 2 + x\n"), "(ASSIGN@1 p (BINOP@1:27 (BINOP@1:27 1 2) x))");
    CHECK_STR(parse("q = x + (1 + 2)\n"), "(ASSIGN@1 q (BINOP@1:27 x 3))");
    CHECK_STR(parse("a = -16; b = -17; c = 1073741823; d = 1073741824\n"),
        "(ASSIGN@1 a -16) (ASSIGN@1 b -17) (ASSIGN@1 c 1073741823) (ASSIGN@1 d #1073741824@1)");
    CHECK_STR(parse("e = -1073741824; f = -1073741825\n"),
        "(ASSIGN@1 e -1073741824) (ASSIGN@1 f #-1073741825)");
    CHECK_STR(parse("u = 1 and 2\n"), "(ASSIGN@1 u 2)");
    CHECK_STR(parse("t = 0 or x\n"), "(ASSIGN@1 t x)");
    CHECK_STR(parse("s = not 0\n"), "(ASSIGN@1 s True)");
    CHECK_STR(parse("v = x or 1 or y\n"), "(ASSIGN@1 v (OR@1 x 1))");
    CHECK_STR(parse("v = x and 0 and y\n"), "(ASSIGN@1 v (AND@1 x 0))");
    CHECK_STR(parse("v = 1.5\n"), "(ASSIGN@1 v #1.5@1)");
    CHECK_STR(parse("v = -1.5\n"), "(ASSIGN@1 v #-1.5)");
    CHECK_STR(parse("v = 2j\n"), "(ASSIGN@1 v #2j@1)");
    CHECK_STR(parse("v = 1 + 2j\n"), "(ASSIGN@1 v (BINOP@1:27 1 #2j@1))");
    CHECK_STR(parse("r = math.pi\n"), "(ASSIGN@1 r #3.1415926535897931)");
    CHECK_STR(parse("r = math.pi(1)\n"), "(ASSIGN@1 r (CALL@1 (ATTR@1 pi math) 1))");
    CHECK_STR(parse("r = math.e * 2\n"), "(ASSIGN@1 r #5.4365636569180902)");
}

TEST(lone_constants) {
    CHECK_STR(parse("'doc'\nx\n"), "(PASS@1) (EXPR@2 x)");
    CHECK_STR(parse("()\n"), "(EXPR@1 (TUPLE@1:1))");
    CHECK_STR(parse("...\n(1,)\n-1\nNone\nb''\n1 + 2\nnot 1\n"),
        "(PASS@1) (PASS@2) (PASS@3) (PASS@4) (PASS@5) (PASS@6) (PASS@7)");
}

TEST(const_names) {
    CHECK_STR(parse("A = const(10)\n_B = const(20)\nx = A + _B * 2\n"),
        "(ASSIGN@1 A 10) (ASSIGN@3 x 50)");
    CHECK_STR(parse("C = const((1, 'x'))\ny = C\n"),
        "(ASSIGN@1 C #(1, 'x')@1) (ASSIGN@2 y #(1, 'x')@2)");
    CHECK_STR(parse("X = const(2.5)\nf(a,\nX)\n"),
        "(ASSIGN@1 X #2.5@1) (EXPR@2 (CALL@2 f a #2.5@3))");
    CHECK_STR(parse("A = const(1)\nA = 2\no.A\n"),
        "(ASSIGN@1 A 1) (ASSIGN@2 A 2) (EXPR@3 (ATTR@3 A o))");
    CHECK_STR(parse("A = const(x)\n"), "SyntaxError:not a constant@1");
    CHECK_STR(parse("_Y: int = const(3)\ny = _Y\n"), "(ASSIGN@2 y 3)");
}

TEST(strings) {
    CHECK_STR(parse("s = 'ab' 'cd'\n"), "(ASSIGN@1 s 'abcd')");
    CHECK_STR(parse("s = 'not_seen_before_xx'\n"), "(ASSIGN@1 s #s'not_seen_before_xx'@1)");
    CHECK_STR(parse("identifier_long_name = 1\ns = 'identifier_long_name'\n"),
        "(ASSIGN@1 identifier_long_name 1) (ASSIGN@2 s 'identifier_long_name')");
    CHECK_STR(parse("s = 'NotImplementedError'\n"), "(ASSIGN@1 s 'NotImplementedError')");
    CHECK_STR(parse("s = '01234567890'\n"), "(ASSIGN@1 s #s'01234567890'@1)");
    CHECK_STR(parse("s = 'a long literal x'\nt = 'a long literal x'\n"),
        "(ASSIGN@1 s #s'a long literal x'@1) (ASSIGN@2 t #s'a long literal x'@2)");
    CHECK_STR(parse("s = '\\x41\\101\\u0042\\n'\n"), "(ASSIGN@1 s 'AAB\n')");
    CHECK_STR(parse("s = r'\\n'\n"), "(ASSIGN@1 s '\\n')");
    CHECK_STR(parse("s = b'\\x41' b'c'\n"), "(ASSIGN@1 s #b'Ac'@1)");
    CHECK_STR(parse("s = b'a' 'c'\n"), "SyntaxError:invalid syntax@1");
    CHECK_STR(parse("s = B'a'\n"), "SyntaxError:invalid syntax@1");
    CHECK_STR(parse("s = '''a\nb'''\nt = 1\n"), "(ASSIGN@1 s 'a\nb') (ASSIGN@3 t 1)");
    CHECK_STR(parse("s = 'abc\n"), "SyntaxError:invalid syntax@1");
    CHECK_STR(parse("x = __debug__\n"), "(ASSIGN@1 x True)");
    CHECK_STR(parse_opts("x = __debug__\n", 1), "(ASSIGN@1 x False)");
}

TEST(fstrings) {
    CHECK_STR(parse("u = f\"x{a!r:>10} {b=}\"\n"),
        "(ASSIGN@1 u (CALL@1 (ATTR@1 format #s'x{!r:>10} b={}'@1) a b))");
    CHECK_STR(parse("a = f\"abc\"\n"), "(ASSIGN@1 a (CALL@1 (ATTR@1 format 'abc')))");
    CHECK_STR(parse("d = f\"{a,b}\"\n"), "(ASSIGN@1 d (CALL@1 (ATTR@1 format '{}') (TUPLE@1:1 a b)))");
    CHECK_STR(parse("d = f\"{n:{w}}|{{x}}\"\n"),
        "(ASSIGN@1 d (CALL@1 (ATTR@1 format #s'{:{}}|{{x}}'@1) n w))");
    CHECK_STR(parse("d = f\"a\" \"b\" f\"{n}\"\n"),
        "(ASSIGN@1 d (CALL@1 (ATTR@1 format 'ab{}') n))");
    CHECK_STR(parse("d = f'{x[\"k\"]}'\n"), "(ASSIGN@1 d (CALL@1 (ATTR@1 format '{}') (SUBSCR@1:32768 x 'k')))");
    /* 11.3: field expressions are counted from the line after the group and
     * newlines inside them count twice */
    CHECK_STR(parse("x = 1\ns = f\"\"\"abc\n{x +\n 1} def {\ny.z}\n\"\"\"\nt = f\"a{x}\" f\"b{y.w}\"\nu = 2\n"),
        "(ASSIGN@1 x 1) (ASSIGN@2 s (CALL@2 (ATTR@2 format #s'abc\n{} def {}\n'@2) "
        "(BINOP@6:27 x 1) (ATTR@8:32768 z y))) (ASSIGN@9 t (CALL@9 (ATTR@9 format 'a{}b{}') x (ATTR@9:32768 w y))) "
        "(ASSIGN@10 u 2)");
    CHECK_STR(parse("s = (f\"{x.y}\"\n\n)\n"), "(ASSIGN@1 s (CALL@1:32768 (ATTR@1 format '{}') (ATTR@3:32768 y x)))");
    CHECK_STR(parse("s = f\"{}\"\n"), "SyntaxError:invalid syntax@1");
    CHECK_STR(parse("s = rf\"\\n{n}\"\n"), "(ASSIGN@1 s (CALL@1 (ATTR@1 format '\\n{}') n))");
    /* t-strings become a call of __template__ (7.8) */
    CHECK_STR(parse("x = t\"hello {name!r:>5} end\"\n"),
        "(ASSIGN@1 x (CALL@1 __template__ #('hello ', ' end')@1 name 'name' 'r' '>5'))");
    CHECK_STR(parse("x = t\"a{b}{c=}\"\n"),
        "(ASSIGN@1 x (CALL@1 __template__ #('a', 'c=', '')@1 b 'b' None '' c 'c' 'r' ''))");
    CHECK_STR(parse("x = t\"{{}}\"\n"), "(ASSIGN@1 x (CALL@1 __template__ #('{}',)@1))");
    CHECK_STR(parse("x = t\"a\" f\"b\"\n"), "SyntaxError:invalid syntax@1");
    CHECK_STR(parse("s = '\xff'\n"), "SyntaxError:invalid syntax@1");
}

TEST(compound) {
    CHECK_STR(parse("if a:\n    x\nelif b:\n    y\nelse:\n    z\n"),
        "(IF@1 a (BLOCK (EXPR@2 x)) (IF:1 b (BLOCK (EXPR@4 y)) (BLOCK (EXPR@6 z))))");
    CHECK_STR(parse("while 1: pass\nelse: x\n"),
        "(WHILE@1 1 (BLOCK (PASS@1)) (BLOCK (EXPR@2 x)))");
    CHECK_STR(parse("for a, *b in c:\n  pass\n"),
        "(FOR@1 (TUPLE@1 a (STAR@1 b)) c (BLOCK (PASS@2)) -)");
    CHECK_STR(parse("try:\n x\nexcept E as e:\n y\nexcept:\n z\nelse:\n w\nfinally:\n v\n"),
        "(TRY@1 (BLOCK (EXPR@2 x)) (BLOCK (EXCEPT e E (BLOCK (EXPR@4 y))) (EXCEPT _ - (BLOCK (EXPR@6 z)))) "
        "(BLOCK (EXPR@8 w)) (BLOCK (EXPR@10 v)))");
    CHECK_STR(parse("with a as b, c:\n pass\n"),
        "(WITH@1 (WITHITEM a b) (WITHITEM c -) (BLOCK (PASS@2)))");
    CHECK_STR(parse("@d\n@a.b(1)\ndef f(x, y=2, *, z, **k) -> int:\n return x\n"),
        "(DEF@1 f (PARAMS (PARAM x - -) (PARAM y 2 -) (PARAM:1 _ - -) (PARAM:2 z - -) (PARAM:3 k - -)) "
        "(BLOCK (RETURN@4 x)) (BLOCK (DECO@1 d) (DECO@2:1 (ATTR@2 b a) 1)) int)");
    CHECK_STR(parse("class C(B, metaclass=M):\n x = 1\n"),
        "(CLASS@1 C (BLOCK (ASSIGN@2 x 1)) - B (KW metaclass M))");
    CHECK_STR(parse("async def f():\n async for x in y: pass\n async with a: pass\n await z\n"),
        "(DEF@1:1 f (PARAMS) (BLOCK (FOR@2:1 x y (BLOCK (PASS@2)) -) (WITH@3:1 (WITHITEM a -) (BLOCK (PASS@3))) "
        "(EXPR@4 (AWAIT@4 z))) - -)");
    CHECK_STR(parse("def f(a, /, b): pass\n"),
        "(DEF@1 f (PARAMS (PARAM:4 a - -) (PARAM b - -)) (BLOCK (PASS@1)) - -)");
}

TEST(errors) {
    CHECK_STR(parse("x = (1\n"), "SyntaxError:invalid syntax@2");
    CHECK_STR(parse("if x:\n  a\n b\n"),
        "IndentationError:unindent doesn't match any outer indentation level@3");
    CHECK_STR(parse("x\n  y\n"), "IndentationError:unexpected indent@2");
    CHECK_STR(parse("if x:\ny\n"), "SyntaxError:invalid syntax@2");
    CHECK_STR(parse("f(a.b=1)\n"), "SyntaxError:LHS of keyword arg must be an id@1");
    CHECK_STR(parse("@d(x)(y)\ndef f(): pass\n"), "SyntaxError:invalid syntax@1");
    CHECK_STR(parse("x = 1abc\n"), "SyntaxError:invalid syntax for integer with base 10@1");
    CHECK_STR(parse("x = 1.5e\n"), "SyntaxError:invalid syntax for number@1");
    CHECK_STR(parse("x = $\n"), "SyntaxError:invalid syntax@1");
    CHECK_STR(parse("lambda a, /: a\n"), "SyntaxError:invalid syntax@1");
}

TEST(line_joining) {
    CHECK_STR(parse("x = 1 + \\\n  2\ny = [\n1,\n2]\nz = 3\n"),
        "(ASSIGN@1 x 3) (ASSIGN@3 y (LIST@3 1 2)) (ASSIGN@6 z 3)");
    CHECK_STR(parse("x = 1\r\ny = 2"), "(ASSIGN@1 x 1) (ASSIGN@2 y 2)");
    CHECK_STR(parse("if a:\n\tx\n\n  # c\n\ty\n"), "(IF@1 a (BLOCK (EXPR@2 x) (EXPR@5 y)) -)");
}

TEST(robustness) {
    /* deep nesting raises instead of overflowing the C stack */
    static char deep[40000];
    memset(deep, '(', 20000);
    deep[20000] = 0;
    const char *r = parse(deep);
    CHECK(strstr(r, "RuntimeError") != NULL);
    memset(deep, '-', 30000);
    strcpy(deep + 30000, "1\n");
    r = parse(deep);
    CHECK(strstr(r, "Error") != NULL);
    /* random bytes never crash */
    unsigned seed = 12345;
    static const char alphabet[] = "ab1 ()[]{}:=,.'\"\n\\#fr+*-@;\t0x_j{}";
    for (int k = 0; k < 3000; k++) {
        char buf[64];
        int n = (int)(seed % 60);
        for (int i = 0; i < n; i++) {
            seed = seed * 1103515245 + 12345;
            buf[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
        }
        buf[n] = 0;
        parse(buf);
        seed = seed * 1103515245 + 12345;
    }
    CHECK(1);
}

/* ---- file mode ---------------------------------------------------------- */

/* print every str constant object of the tree (to compare with .mpy tables) */
static void print_str_consts(const mp_ast_t *n) {
    if (n == NULL) {
        return;
    }
    if (n->kind == AST_CONST && mp_obj_is_type(n->obj, &mp_type_str)) {
        mp_obj_str_t *str = n->obj;
        printf("STR ");
        for (size_t i = 0; i < str->len; i++) {
            printf("%02x", str->data[i]);
        }
        printf("\n");
    }
    for (size_t i = 0; i < n->n; i++) {
        print_str_consts(n->kids[i]);
    }
}

static int parse_files(int argc, char **argv) {
    volatile int fails = 0;
    for (volatile int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (f == NULL) {
            printf("FAIL %s: cannot open\n", argv[i]);
            fails++;
            continue;
        }
        static char buf[1 << 20];
        size_t n = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
        buf[n] = 0;
        mp_parse_opts_t opts = {0};
        opts.source_file = qstr_from_str(argv[i]);
        opts.small_int_bits = 31;
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            mp_ast_t *t = mp_parse(buf, n, &opts);
            nlr_pop();
            if (getenv("STRS")) {
                print_str_consts(t);
            }
            if (getenv("DUMP")) {
                mp_ast_dump(t, 0);
            }
            printf("PASS %s\n", argv[i]);
        } else {
            stub_exc_t *e = nlr.ret_val;
            printf("FAIL %s: %s: %s (line %u)\n", argv[i], qstr_str(e->type->name), e->msg,
                (unsigned)e->line);
            fails++;
        }
    }
    return fails != 0;
}

static uintptr_t heap[1 << 21]; /* 16 MiB: the vectors' largest files fit easily */

int main(int argc, char **argv) {
    int stack_top;
    mp_state.stack_top = (char *)&stack_top;
    gc_init(heap, (char *)heap + sizeof(heap));
    if (argc > 1) {
        return parse_files(argc, argv);
    }
    RUN(simple_statements);
    RUN(imports);
    RUN(expressions);
    RUN(displays);
    RUN(constant_tuples);
    RUN(folding);
    RUN(lone_constants);
    RUN(const_names);
    RUN(strings);
    RUN(fstrings);
    RUN(compound);
    RUN(errors);
    RUN(line_joining);
    RUN(robustness);
    return UNIT_EXIT();
}
