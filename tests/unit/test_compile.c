/*
 * Unit tests of the compiler (compile/scope.c, emitbc.c, compile.c) without
 * the parser: syntax trees are built by hand and the emitted raw code is
 * compared byte for byte with the reference listings of bytecode.md
 * (8.2 if/elif/else, 8.10 closures, 8.13 list comprehension) and the
 * prelude encodings of bytecode.md 2.
 *
 * The compiler sources are included directly so that this test needs no
 * extra objects in the Makefile; the few runtime functions the compiler
 * touches are stood in for below.
 */
#include <stdlib.h>
#include <string.h>

#include "core/runtime.h"
#include "stubs.h"
#include "unit.h"

#include "../../src/vm/opcodes.c"
#include "../../src/compile/scope.c"
#include "../../src/persist/mpyfmt.c" /* prelude field encoders */
#include "../../src/compile/emitbc.c"
#include "../../src/compile/compile.c"

/* ---- stand-ins for the runtime ------------------------------------------ */

/* compile.c selects the native emitter (src/native) per scope; these tests
 * only compile bytecode scopes, so it is stood in for */
const void *const mp_fun_table[MP_FUN_TABLE_SIZE];
const mp_emit_method_table_t mp_emit_native_method_table;

emit_t *mp_emit_native_new(mp_emit_common_t *common) {
    (void)common;
    return NULL;
}

int mp_native_vtype_from_qstr(qstr qst) {
    (void)qst;
    return -1;
}
const mp_obj_type_t mp_type_ViperTypeError = {.name = MP_QSTR_ViperTypeError};
const mp_obj_type_t mp_type_ValueError = {.name = MP_QSTR_ValueError}; /* mpyfmt.c reader errors */

_Noreturn void mp_raise_msg_varg(const mp_obj_type_t *exc_type, const char *fmt, ...) {
    mp_raise_msg(exc_type, fmt);
}

const mp_obj_type_t mp_type_int = {.name = MP_QSTR_int};
const mp_obj_type_t mp_type_float = {.name = MP_QSTR_float};
const mp_obj_type_t mp_type_complex = {.name = MP_QSTR_complex};
const mp_obj_type_t mp_type_tuple = {.name = MP_QSTR_tuple};
const mp_obj_type_t mp_type_module = {.name = MP_QSTR_module};
const mp_obj_type_t mp_type_SyntaxError = {.name = MP_QSTR_SyntaxError};
const mp_obj_singleton_t mp_const_ellipsis_obj = {{&mp_type_int}, MP_QSTR_Ellipsis};

static const char *last_error;

mp_obj_t mp_obj_new_exception_msg(const mp_obj_type_t *exc_type, const char *msg) {
    last_error = msg;
    return &stub_runtime_error_marker;
}

void mp_obj_exception_add_traceback(mp_obj_t self_in, qstr file, size_t line, qstr block) {
}

_Noreturn void mp_raise_NotImplementedError(const char *msg) {
    last_error = msg;
    nlr_jump(&stub_runtime_error_marker);
}

void mp_stack_check(void) {
}

mp_raw_code_t *mp_raw_code_new(void) {
    return m_new0(mp_raw_code_t, 1);
}

bool mp_obj_is_type(mp_const_obj_t o, const mp_obj_type_t *t) {
    return mp_obj_is_obj(o) && ((const mp_obj_base_t *)o)->type == t;
}

const mp_obj_type_t *mp_obj_get_type(mp_const_obj_t o) {
    return mp_obj_is_obj(o) ? ((const mp_obj_base_t *)o)->type : &mp_type_int;
}

bool mp_obj_is_true(mp_obj_t o) {
    return true;
}

double mp_obj_get_float(mp_obj_t o) {
    return 0;
}

void mp_obj_get_complex(mp_obj_t o, double *r, double *i) {
    *r = *i = 0;
}

const char *mp_obj_str_get_data(mp_obj_t o, size_t *len) {
    *len = 0;
    return "";
}

bool mp_obj_str_equal(mp_obj_t a, mp_obj_t b) {
    return a == b;
}

void mp_obj_tuple_get(mp_obj_t o, size_t *len, mp_obj_t **items) {
    *len = 0;
    *items = NULL;
}

/* ---- building trees -------------------------------------------------------- */

static mp_ast_t *node(mp_ast_kind_t kind, uint32_t line, size_t n, ...) {
    mp_ast_t *pn = m_malloc0(sizeof(mp_ast_t) + n * sizeof(mp_ast_t *));
    pn->kind = kind;
    pn->line = line;
    pn->n = n;
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++) {
        pn->kids[i] = va_arg(ap, mp_ast_t *);
    }
    va_end(ap);
    return pn;
}

static mp_ast_t *name(const char *s) {
    mp_ast_t *pn = node(AST_NAME, 0, 0);
    pn->q = qstr_from_str(s);
    return pn;
}

static mp_ast_t *small_int(mp_int_t v) {
    mp_ast_t *pn = node(AST_SMALL_INT, 0, 0);
    pn->i = v;
    return pn;
}

static mp_ast_t *param(const char *s) {
    mp_ast_t *pn = node(AST_PARAM, 0, 2, NULL, NULL);
    pn->q = qstr_from_str(s);
    pn->op = PARAM_POS;
    return pn;
}

static mp_ast_t *assign(uint32_t line, const char *target, mp_ast_t *value) {
    return node(AST_ASSIGN, line, 2, name(target), value);
}

static mp_ast_t *funcdef(uint32_t line, const char *fname, mp_ast_t *params, mp_ast_t *body) {
    mp_ast_t *pn = node(AST_FUNCDEF, line, 2, params, body);
    pn->q = qstr_from_str(fname);
    return pn;
}

static mp_compiled_module_t *compile_module(mp_ast_t *body) {
    mp_compile_opts_t opts = {.source_file = qstr_from_str("t.py"), .small_int_bits = 31};
    return mp_compile(body, &opts);
}

/* the opcodes of a raw code: skip signature, size field, info and cells */
static const byte *opcodes_of(mp_raw_code_t *rc, size_t *len) {
    const byte *ip = rc->fun_data;
    while (*ip++ & 0x80) {
    }
    size_t n_info = 0, n_cell = 0, shift_i = 0, shift_c = 0;
    byte z;
    do {
        z = *ip++;
        n_info |= (size_t)((z >> 1) & 0x3f) << shift_i;
        n_cell |= (size_t)(z & 1) << shift_c;
        shift_i += 6;
        shift_c += 1;
    } while (z & 0x80);
    ip += n_info + n_cell;
    *len = rc->fun_data_len - (size_t)(ip - (const byte *)rc->fun_data);
    return ip;
}

static bool bytes_equal(const byte *got, size_t got_len, const byte *want, size_t want_len) {
    if (got_len != want_len) {
        printf("  length %zu, want %zu\n", got_len, want_len);
        return false;
    }
    for (size_t i = 0; i < want_len; i++) {
        if (got[i] != want[i]) {
            printf("  byte %zu: %02x, want %02x\n", i, got[i], want[i]);
            return false;
        }
    }
    return true;
}

/* ---- tests ---------------------------------------------------------------- */

/* bytecode.md 8.2: def f(a, b): if a: x = 1 / elif b: x = 2 / else: x = 3 */
TEST(if_elif_else) {
    mp_ast_t *elif = node(AST_IF, 0, 3, name("b"), node(AST_BLOCK, 0, 1, assign(3, "x", small_int(2))),
        node(AST_BLOCK, 0, 1, assign(4, "x", small_int(3))));
    elif->op = 1;
    mp_ast_t *ifs = node(AST_IF, 2, 3, name("a"), node(AST_BLOCK, 0, 1, assign(2, "x", small_int(1))), elif);
    mp_ast_t *f = funcdef(1, "f", node(AST_PARAMS, 0, 2, param("a"), param("b")), node(AST_BLOCK, 0, 1, ifs));
    mp_compiled_module_t *cm = compile_module(node(AST_MODULE, 0, 1, f));
    CHECK(cm->rc->n_children == 1);
    size_t len;
    const byte *code = opcodes_of(cm->rc->children[0], &len);
    static const byte want[] = {
        0xb0, 0x44, 0x44, 0x81, 0xc2, 0x42, 0x49, 0xb1, 0x44, 0x44, 0x82, 0xc2, 0x42, 0x42,
        0x83, 0xc2, 0x51, 0x63,
    };
    CHECK(bytes_equal(code, len, want, sizeof(want)));
    /* signature: n_state 4 (3 locals + 1), 2 args -> one byte 0x1a */
    CHECK(((const byte *)cm->rc->children[0]->fun_data)[0] == 0x1a);
}

/* bytecode.md 8.10: closures, cell list and the `*` argument names */
TEST(closure) {
    mp_ast_t *sum = node(AST_BINOP, 5, 2, node(AST_BINOP, 5, 2, name("a"), name("c")), name("x"));
    sum->op = MP_BINARY_OP_ADD;
    sum->kids[0]->op = MP_BINARY_OP_ADD;
    mp_ast_t *inner = funcdef(4, "inner", node(AST_PARAMS, 0, 1, param("x")),
        node(AST_BLOCK, 0, 1, node(AST_RETURN, 5, 1, sum)));
    mp_ast_t *outer = funcdef(1, "outer", node(AST_PARAMS, 0, 2, param("a"), param("b")),
        node(AST_BLOCK, 0, 4, assign(2, "c", small_int(1)), assign(3, "d", small_int(2)), inner,
            node(AST_RETURN, 6, 1, name("inner"))));
    mp_compiled_module_t *cm = compile_module(node(AST_MODULE, 0, 1, outer));
    mp_raw_code_t *rc_outer = cm->rc->children[0];
    size_t len;
    const byte *code = opcodes_of(rc_outer, &len);
    static const byte want_outer[] = {
        0x81, 0x27, 0x04, 0x82, 0xc2, 0xb0, 0xb4, 0x20, 0x00, 0x02, 0xc3, 0xb3, 0x63,
    };
    CHECK(bytes_equal(code, len, want_outer, sizeof(want_outer)));
    /* cell list 0, 4 just before the opcodes */
    CHECK(code[-2] == 0 && code[-1] == 4);
    code = opcodes_of(rc_outer->children[0], &len);
    static const byte want_inner[] = {0x25, 0x00, 0x25, 0x01, 0xf2, 0xb2, 0xf2, 0x63};
    CHECK(bytes_equal(code, len, want_inner, sizeof(want_inner)));
    /* inner: 3 positional args (two cells, then x) */
    CHECK((((const byte *)rc_outer->children[0]->fun_data)[0] & 3) == 3);
}

/* bytecode.md 8.13: [i * 2 for i in a if i] */
TEST(list_comprehension) {
    mp_ast_t *mul = node(AST_BINOP, 2, 2, name("i"), small_int(2));
    mul->op = MP_BINARY_OP_MULTIPLY;
    mp_ast_t *gen = node(AST_COMP_FOR, 0, 3, name("i"), name("a"), name("i"));
    mp_ast_t *lc = node(AST_LISTCOMP, 2, 2, mul, gen);
    mp_ast_t *f = funcdef(1, "f", node(AST_PARAMS, 0, 1, param("a")),
        node(AST_BLOCK, 0, 1, node(AST_RETURN, 2, 1, lc)));
    mp_compiled_module_t *cm = compile_module(node(AST_MODULE, 0, 1, f));
    size_t len;
    const byte *code = opcodes_of(cm->rc->children[0]->children[0], &len);
    static const byte want[] = {
        0x2b, 0x00, 0xb0, 0x5f, 0x4b, 0x0b, 0xc1, 0xb1, 0x44, 0x3a, 0xb1, 0x82, 0xf4, 0x2f,
        0x14, 0x42, 0x33, 0x63,
    };
    CHECK(bytes_equal(code, len, want, sizeof(want)));
}

/* qstr table: file name first, then phase A (simple names, attributes) */
TEST(qstr_order) {
    mp_ast_t *attr = node(AST_ATTR, 1, 1, name("os"));
    attr->q = qstr_from_str("path");
    mp_compiled_module_t *cm = compile_module(node(AST_MODULE, 0, 1, assign(1, "x", attr)));
    CHECK(cm->n_qstr == 5);
    CHECK_STR(qstr_str(cm->context->constants.qstr_table[0]), "t.py");
    CHECK_STR(qstr_str(cm->context->constants.qstr_table[1]), "<module>");
    CHECK_STR(qstr_str(cm->context->constants.qstr_table[2]), "path");
    CHECK_STR(qstr_str(cm->context->constants.qstr_table[3]), "os");
    CHECK_STR(qstr_str(cm->context->constants.qstr_table[4]), "x");
}

/* section 16: 'return' outside function */
TEST(return_outside_function) {
    nlr_buf_t nlr;
    last_error = NULL;
    if (nlr_push(&nlr) == 0) {
        compile_module(node(AST_MODULE, 0, 1, node(AST_RETURN, 1, 0)));
        nlr_pop();
        CHECK(0);
    } else {
        CHECK(last_error != NULL && strcmp(last_error, "'return' outside function") == 0);
    }
}

int main(void) {
    int stack_top;
    mp_state.stack_top = (char *)&stack_top;
    stub_heap_init();
    RUN(if_elif_else);
    RUN(closure);
    RUN(list_comprehension);
    RUN(qstr_order);
    RUN(return_outside_function);
    return UNIT_EXIT();
}
