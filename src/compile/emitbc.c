/*
 * Bytecode emitter: turns the compiler's semantic emit calls into MicroPython
 * 6.3 bytecode (bytecode.md 4-6), tracks the stack and handler depth
 * (bytecode.md 10), writes the line-number table (2.4) and finally
 * assembles the prelude (2.1-2.5) in front of the opcodes. Jump sizes follow
 * the reference's multi-pass rule (compiler-behaviour.md 13).
 */
#include <string.h>
#include <math.h>

#include "core/runtime.h"
#include "core/rawcode.h"
#include "vm/opcodes.h"
#include "compile/emitbc.h"
#include "persist/mpyfmt.h"
#include "core/funtable.h"

/* ---- growable byte buffer ------------------------------------------ */

typedef struct _bytebuf_t {
    byte *buf;
    size_t len, alloc;
} bytebuf_t;

static byte *bytebuf_extend(bytebuf_t *b, size_t n) {
    if (b->len + n > b->alloc) {
        size_t new_alloc = b->alloc * 2 + n + 32;
        b->buf = m_renew(byte, b->buf, b->alloc, new_alloc);
        b->alloc = new_alloc;
    }
    byte *p = b->buf + b->len;
    b->len += n;
    return p;
}

static void bytebuf_add(bytebuf_t *b, byte v) {
    *bytebuf_extend(b, 1) = v;
}

/* vuint, most significant group first (mpy-format.md 2) */
static void bytebuf_add_vuint(bytebuf_t *b, size_t v) {
    byte tmp[(sizeof(size_t) * 8 + 6) / 7];
    size_t n = 0;
    do {
        tmp[n++] = v & 0x7f;
        v >>= 7;
    } while (v != 0);
    byte *p = bytebuf_extend(b, n);
    for (size_t i = 0; i < n; i++) {
        p[i] = tmp[n - 1 - i] | (i + 1 < n ? 0x80 : 0);
    }
}

/* ---- file-level tables ---------------------------------------------- */

void mp_emit_common_init(mp_emit_common_t *common, qstr source_file) {
    memset(common, 0, sizeof(*common));
    mp_emit_common_use_qstr(common, source_file);
}

size_t mp_emit_common_use_qstr(mp_emit_common_t *common, qstr qst) {
    if (qst >= common->qstr_index_alloc) {
        size_t new_alloc = qst + 256;
        common->qstr_index = m_renew(uint16_t, common->qstr_index, common->qstr_index_alloc, new_alloc);
        memset(common->qstr_index + common->qstr_index_alloc, 0,
            (new_alloc - common->qstr_index_alloc) * sizeof(uint16_t));
        common->qstr_index_alloc = new_alloc;
    }
    if (common->qstr_index[qst] != 0) {
        return common->qstr_index[qst] - 1;
    }
    if (common->qstr_len == common->qstr_alloc) {
        size_t new_alloc = common->qstr_alloc * 2 + 16;
        common->qstr_table = m_renew(qstr_short_t, common->qstr_table, common->qstr_alloc, new_alloc);
        common->qstr_alloc = new_alloc;
    }
    size_t idx = common->qstr_len++;
    common->qstr_table[idx] = (qstr_short_t)qst;
    common->qstr_index[qst] = (uint16_t)(idx + 1);
    return idx;
}

/* "Strict" equality of constants (compiler-behaviour.md 5): same type and
 * equal value, 0.0 != -0.0, NaN only equal to itself, tuples item by item. */
static bool const_strict_equal(mp_obj_t a, mp_obj_t b) {
    if (a == b) {
        return true;
    }
    if (!mp_obj_is_obj(a) || !mp_obj_is_obj(b)) {
        /* two different immediates/small ints, or an immediate and a heap
         * object: qstr vs str is the only cross-representation equality */
        if (mp_obj_is_str(a) && mp_obj_is_str(b)) {
            return mp_obj_str_equal(a, b);
        }
        return false;
    }
    const mp_obj_type_t *ta = mp_obj_get_type(a);
    if (ta != mp_obj_get_type(b)) {
        return false;
    }
    if (ta == &mp_type_float) {
        double x = mp_obj_get_float(a), y = mp_obj_get_float(b);
        return x == y && signbit(x) == signbit(y);
    }
    if (ta == &mp_type_complex) {
        double xr, xi, yr, yi;
        mp_obj_get_complex(a, &xr, &xi);
        mp_obj_get_complex(b, &yr, &yi);
        return xr == yr && xi == yi && signbit(xr) == signbit(yr) && signbit(xi) == signbit(yi);
    }
    if (ta == &mp_type_str || ta == &mp_type_bytes) {
        size_t la, lb;
        const char *da = mp_obj_str_get_data(a, &la);
        const char *db = mp_obj_str_get_data(b, &lb);
        return la == lb && (la == 0 || memcmp(da, db, la) == 0);
    }
    if (ta == &mp_type_int) {
        return mp_obj_equal(a, b);
    }
    if (ta == &mp_type_tuple) {
        size_t na, nb;
        mp_obj_t *ia, *ib;
        mp_obj_tuple_get(a, &na, &ia);
        mp_obj_tuple_get(b, &nb, &ib);
        if (na != nb) {
            return false;
        }
        for (size_t i = 0; i < na; i++) {
            if (!const_strict_equal(ia[i], ib[i])) {
                return false;
            }
        }
        return true;
    }
    return false;
}

size_t mp_emit_common_use_const(mp_emit_common_t *common, mp_obj_t obj) {
    mp_obj_t fun_table = MP_OBJ_FROM_PTR(mp_fun_table);
    for (size_t i = 0; i < common->const_len; i++) {
        mp_obj_t c = common->const_table[i];
        /* the native function table is no object: only identity matches */
        if (c == fun_table || obj == fun_table) {
            if (c == obj) {
                return i;
            }
            continue;
        }
        if (const_strict_equal(c, obj)) {
            return i;
        }
    }
    if (common->const_len == common->const_alloc) {
        size_t new_alloc = common->const_alloc * 2 + 8;
        common->const_table = m_renew(mp_obj_t, common->const_table, common->const_alloc, new_alloc);
        common->const_alloc = new_alloc;
    }
    common->const_table[common->const_len] = obj;
    return common->const_len++;
}

/* ---- emitter state --------------------------------------------------- */

struct _emit_t {
    mp_emit_common_t *common;
    pass_kind_t pass;
    scope_t *scope;
    bool source_lines;
    bool suppress;          /* dead code after an unconditional transfer */
    bool last_emit_was_return_value;

    int stack_size;
    int max_stack_size;
    int exc_depth;
    int max_exc_depth;

    size_t last_source_line_offset;
    size_t last_source_line;

    bytebuf_t code;         /* opcodes of the current pass */
    bytebuf_t lines;        /* line-number table of the current pass */
    size_t prev_code_len, prev_lines_len;

    size_t *label_offsets;  /* kept across passes: forward jumps use the previous pass */
    size_t label_alloc;

    mp_raw_code_t **children;
    size_t n_children, children_alloc;
};

emit_t *mp_emit_bc_new(mp_emit_common_t *common) {
    emit_t *emit = m_new0(emit_t, 1);
    emit->common = common;
    return emit;
}

void mp_emit_bc_start_pass(emit_t *emit, pass_kind_t pass, scope_t *scope, bool source_lines) {
    if (pass <= MP_PASS_STACK_SIZE) {
        /* a new scope: forget the label positions and sizes of the last one */
        for (size_t i = 0; i < emit->label_alloc; i++) {
            emit->label_offsets[i] = 0;
        }
        emit->prev_code_len = emit->prev_lines_len = 0;
    }
    emit->pass = pass;
    emit->scope = scope;
    emit->source_lines = source_lines;
    emit->suppress = false;
    emit->last_emit_was_return_value = false;
    emit->stack_size = 0;
    emit->exc_depth = 0;
    if (pass == MP_PASS_STACK_SIZE) {
        emit->max_stack_size = 0;
        emit->max_exc_depth = 0;
    }
    emit->last_source_line_offset = 0;
    emit->last_source_line = 1;
    emit->code.len = 0;
    emit->lines.len = 0;
    emit->n_children = 0;

    if (pass == MP_PASS_SCOPE) {
        /* phase A starts with the scope's simple name */
        mp_emit_common_use_qstr(emit->common, scope->simple_name);
    } else if (pass == MP_PASS_STACK_SIZE) {
        /* phase B starts with the argument names in slot order */
        size_t n = scope->num_pos_args + scope->num_kwonly_args;
        for (size_t i = 0; i < n; i++) {
            qstr q = MP_QSTR__star_;
            for (size_t j = 0; j < scope->id_info_len; j++) {
                id_info_t *id = &scope->id_info[j];
                if ((id->flags & ID_FLAG_IS_PARAM) && id->kind != ID_KIND_FREE && id->local_num == i
                    && id->qst != MP_QSTR_) {
                    q = id->qst;
                    break;
                }
            }
            mp_emit_common_use_qstr(emit->common, q);
        }
    }
}

bool mp_emit_bc_end_pass(emit_t *emit) {
    if (emit->pass == MP_PASS_STACK_SIZE) {
        emit->scope->stack_size = emit->max_stack_size;
        emit->scope->exc_stack_size = emit->max_exc_depth;
    }
    bool changed = emit->code.len != emit->prev_code_len || emit->lines.len != emit->prev_lines_len;
    emit->prev_code_len = emit->code.len;
    emit->prev_lines_len = emit->lines.len;
    return changed;
}

bool mp_emit_bc_last_emit_was_return_value(emit_t *emit) {
    return emit->last_emit_was_return_value;
}

/* ---- low-level writers ----------------------------------------------- */

static inline bool emit_writing(emit_t *emit) {
    return emit->pass >= MP_PASS_STACK_SIZE && !emit->suppress;
}

static void adjust_stack(emit_t *emit, int delta) {
    if (emit->pass < MP_PASS_STACK_SIZE) {
        return;
    }
    emit->stack_size += delta;
    if (emit->stack_size > emit->max_stack_size) {
        emit->max_stack_size = emit->stack_size;
    }
}

void mp_emit_bc_adjust_stack_size(emit_t *emit, int delta) {
    adjust_stack(emit, delta);
}

/* Stack effect of one instruction: the shared opcode table, except for
 * MAKE_CLOSURE* whose count lives in the extra byte. */
static int op_stack_effect(byte op, size_t arg) {
    if (op == MP_BC_MAKE_CLOSURE) {
        return 1 - (int)arg;
    }
    if (op == MP_BC_MAKE_CLOSURE_DEFARGS) {
        return -1 - (int)arg;
    }
    return mp_opcode_stack_effect(op, arg);
}

static void write_op(emit_t *emit, byte op, size_t stack_arg) {
    adjust_stack(emit, op_stack_effect(op, stack_arg));
    emit->last_emit_was_return_value = false;
    if (emit_writing(emit)) {
        bytebuf_add(&emit->code, op);
    }
}

static void write_op_uint(emit_t *emit, byte op, size_t arg) {
    write_op(emit, op, arg);
    if (emit_writing(emit)) {
        bytebuf_add_vuint(&emit->code, arg);
    }
}

static void write_op_qstr(emit_t *emit, byte op, qstr qst) {
    size_t idx = mp_emit_common_use_qstr(emit->common, qst);
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    write_op(emit, op, 0);
    if (emit_writing(emit)) {
        bytebuf_add_vuint(&emit->code, idx);
    }
}

/* signed varint operand (bytecode.md 4) */
static void write_sint(emit_t *emit, mp_int_t v) {
    byte groups[(sizeof(mp_int_t) * 8 + 6) / 7 + 1];
    size_t n = 0;
    do {
        groups[n++] = v & 0x7f;
        v >>= 7; /* arithmetic shift */
    } while (v != 0 && v != -1);
    bool neg = v < 0;
    if (((groups[n - 1] & 0x40) != 0) != neg) {
        groups[n++] = neg ? 0x7f : 0x00;
    }
    byte *p = bytebuf_extend(&emit->code, n);
    for (size_t i = 0; i < n; i++) {
        p[i] = groups[n - 1 - i] | (i + 1 < n ? 0x80 : 0);
    }
}

static size_t *label_slot(emit_t *emit, size_t label) {
    if (label >= emit->label_alloc) {
        size_t new_alloc = label + 64;
        emit->label_offsets = m_renew(size_t, emit->label_offsets, emit->label_alloc, new_alloc);
        for (size_t i = emit->label_alloc; i < new_alloc; i++) {
            emit->label_offsets[i] = 0;
        }
        emit->label_alloc = new_alloc;
    }
    return &emit->label_offsets[label];
}

/* A jump: 1- or 2-byte offset chosen as in compiler-behaviour.md 13. */
static void write_jump(emit_t *emit, byte op, size_t label, bool is_signed, int stack) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    adjust_stack(emit, stack);
    emit->last_emit_was_return_value = false;
    if (!emit_writing(emit)) {
        return;
    }
    size_t jump_pos = emit->code.len;
    mp_int_t d = (mp_int_t)*label_slot(emit, label) - (mp_int_t)(jump_pos + 2);
    bool is_short;
    if (emit->pass == MP_PASS_STACK_SIZE) {
        is_short = false;
    } else if (is_signed) {
        is_short = d >= -64 && d <= 63;
    } else {
        is_short = d >= 0 && d <= 127;
    }
    bytebuf_add(&emit->code, op);
    if (is_short) {
        bytebuf_add(&emit->code, (byte)(is_signed ? d + 0x40 : d));
    } else {
        mp_int_t off = d - 1;
        mp_uint_t enc = is_signed ? (mp_uint_t)(off + 0x4000) : (mp_uint_t)off;
        if (emit->pass == MP_PASS_STACK_SIZE) {
            enc = 0;
        }
        bytebuf_add(&emit->code, (byte)((enc & 0x7f) | 0x80));
        bytebuf_add(&emit->code, (byte)((enc >> 7) & 0xff));
    }
}

/* ---- labels and lines -------------------------------------------------- */

void mp_emit_bc_label_assign(emit_t *emit, size_t label) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    emit->suppress = false;
    emit->last_emit_was_return_value = false;
    *label_slot(emit, label) = emit->code.len;
}

void mp_emit_bc_set_source_line(emit_t *emit, size_t line) {
    if (emit->pass == MP_PASS_SCOPE || !emit->source_lines) {
        return;
    }
    if (line <= emit->last_source_line) {
        return;
    }
    size_t bytes = emit->code.len - emit->last_source_line_offset;
    size_t lines = line - emit->last_source_line;
    while (bytes > 0 || lines > 0) {
        size_t b, l;
        if (lines <= 6 || bytes > 15) {
            b = bytes < 31 ? bytes : 31;
            l = b < bytes ? 0 : (lines < 3 ? lines : 3);
            bytebuf_add(&emit->lines, (byte)(b | (l << 5)));
        } else {
            b = bytes < 15 ? bytes : 15;
            l = lines < 2047 ? lines : 2047;
            bytebuf_add(&emit->lines, (byte)(0x80 | b | ((l >> 4) & 0x70)));
            bytebuf_add(&emit->lines, (byte)(l & 0xff));
        }
        bytes -= b;
        lines -= l;
    }
    emit->last_source_line_offset = emit->code.len;
    emit->last_source_line = line;
}

/* ---- constants and loads ---------------------------------------------- */

void mp_emit_bc_load_const_tok(emit_t *emit, emit_tok_t tok) {
    if (tok == MP_EMIT_TOK_ELLIPSIS) {
        mp_emit_bc_load_const_obj(emit, mp_const_ellipsis);
        return;
    }
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    byte op = tok == MP_EMIT_TOK_NONE ? MP_BC_LOAD_CONST_NONE
        : tok == MP_EMIT_TOK_FALSE ? MP_BC_LOAD_CONST_FALSE : MP_BC_LOAD_CONST_TRUE;
    write_op(emit, op, 0);
}

void mp_emit_bc_load_const_small_int(emit_t *emit, mp_int_t arg) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    if (arg >= -MP_BC_LOAD_CONST_SMALL_INT_MULTI_EXCESS
        && arg < MP_BC_LOAD_CONST_SMALL_INT_MULTI_NUM - MP_BC_LOAD_CONST_SMALL_INT_MULTI_EXCESS) {
        write_op(emit, (byte)(MP_BC_LOAD_CONST_SMALL_INT_MULTI + MP_BC_LOAD_CONST_SMALL_INT_MULTI_EXCESS + arg), 0);
    } else {
        write_op(emit, MP_BC_LOAD_CONST_SMALL_INT, 0);
        if (emit_writing(emit)) {
            write_sint(emit, arg);
        }
    }
}

void mp_emit_bc_load_const_str(emit_t *emit, qstr qst) {
    write_op_qstr(emit, MP_BC_LOAD_CONST_STRING, qst);
}

void mp_emit_bc_load_const_obj(emit_t *emit, mp_obj_t obj) {
    if (emit->pass == MP_PASS_SCOPE) {
        mp_emit_common_use_const(emit->common, obj);
        return;
    }
    size_t idx = mp_emit_common_use_const(emit->common, obj);
    write_op_uint(emit, MP_BC_LOAD_CONST_OBJ, idx);
}

void mp_emit_bc_load_null(emit_t *emit) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    write_op(emit, MP_BC_LOAD_NULL, 0);
}

static void write_fast(emit_t *emit, byte multi, byte n_op, size_t local_num) {
    if (local_num < MP_BC_FAST_MULTI_NUM) {
        write_op(emit, (byte)(multi + local_num), 0);
    } else {
        write_op_uint(emit, n_op, local_num);
    }
}

void mp_emit_bc_load_local(emit_t *emit, qstr qst, size_t local_num, emit_local_kind_t kind) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    if (kind == MP_EMIT_IDOP_LOCAL_FAST) {
        write_fast(emit, MP_BC_LOAD_FAST_MULTI, MP_BC_LOAD_FAST_N, local_num);
    } else {
        write_op_uint(emit, MP_BC_LOAD_DEREF, local_num);
    }
}

void mp_emit_bc_load_global(emit_t *emit, qstr qst, emit_global_kind_t kind) {
    write_op_qstr(emit, kind == MP_EMIT_IDOP_GLOBAL_NAME ? MP_BC_LOAD_NAME : MP_BC_LOAD_GLOBAL, qst);
}

void mp_emit_bc_load_attr(emit_t *emit, qstr qst) {
    write_op_qstr(emit, MP_BC_LOAD_ATTR, qst);
}

void mp_emit_bc_load_method(emit_t *emit, qstr qst, bool is_super) {
    write_op_qstr(emit, is_super ? MP_BC_LOAD_SUPER_METHOD : MP_BC_LOAD_METHOD, qst);
}

void mp_emit_bc_load_build_class(emit_t *emit) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    write_op(emit, MP_BC_LOAD_BUILD_CLASS, 0);
}

void mp_emit_bc_load_subscr(emit_t *emit) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    write_op(emit, MP_BC_LOAD_SUBSCR, 0);
}

/* ---- stores and deletes ------------------------------------------------ */

void mp_emit_bc_store_local(emit_t *emit, qstr qst, size_t local_num, emit_local_kind_t kind) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    if (kind == MP_EMIT_IDOP_LOCAL_FAST) {
        write_fast(emit, MP_BC_STORE_FAST_MULTI, MP_BC_STORE_FAST_N, local_num);
    } else {
        write_op_uint(emit, MP_BC_STORE_DEREF, local_num);
    }
}

void mp_emit_bc_store_global(emit_t *emit, qstr qst, emit_global_kind_t kind) {
    write_op_qstr(emit, kind == MP_EMIT_IDOP_GLOBAL_NAME ? MP_BC_STORE_NAME : MP_BC_STORE_GLOBAL, qst);
}

void mp_emit_bc_store_attr(emit_t *emit, qstr qst) {
    write_op_qstr(emit, MP_BC_STORE_ATTR, qst);
}

void mp_emit_bc_store_subscr(emit_t *emit) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    write_op(emit, MP_BC_STORE_SUBSCR, 0);
}

void mp_emit_bc_delete_local(emit_t *emit, qstr qst, size_t local_num, emit_local_kind_t kind) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    write_op_uint(emit, kind == MP_EMIT_IDOP_LOCAL_FAST ? MP_BC_DELETE_FAST : MP_BC_DELETE_DEREF, local_num);
}

void mp_emit_bc_delete_global(emit_t *emit, qstr qst, emit_global_kind_t kind) {
    write_op_qstr(emit, kind == MP_EMIT_IDOP_GLOBAL_NAME ? MP_BC_DELETE_NAME : MP_BC_DELETE_GLOBAL, qst);
}

/* ---- stack manipulation ------------------------------------------------ */

static void simple_op(emit_t *emit, byte op) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    write_op(emit, op, 0);
}

void mp_emit_bc_dup_top(emit_t *emit) {
    simple_op(emit, MP_BC_DUP_TOP);
}

void mp_emit_bc_dup_top_two(emit_t *emit) {
    simple_op(emit, MP_BC_DUP_TOP_TWO);
}

void mp_emit_bc_pop_top(emit_t *emit) {
    simple_op(emit, MP_BC_POP_TOP);
}

void mp_emit_bc_rot_two(emit_t *emit) {
    simple_op(emit, MP_BC_ROT_TWO);
}

void mp_emit_bc_rot_three(emit_t *emit) {
    simple_op(emit, MP_BC_ROT_THREE);
}

/* ---- jumps and blocks -------------------------------------------------- */

void mp_emit_bc_jump(emit_t *emit, size_t label) {
    write_jump(emit, MP_BC_JUMP, label, true, 0);
    if (emit->pass != MP_PASS_SCOPE) {
        emit->suppress = true;
    }
}

void mp_emit_bc_pop_jump_if(emit_t *emit, bool cond, size_t label) {
    write_jump(emit, cond ? MP_BC_POP_JUMP_IF_TRUE : MP_BC_POP_JUMP_IF_FALSE, label, true, -1);
}

void mp_emit_bc_jump_if_or_pop(emit_t *emit, bool cond, size_t label) {
    write_jump(emit, cond ? MP_BC_JUMP_IF_TRUE_OR_POP : MP_BC_JUMP_IF_FALSE_OR_POP, label, false, -1);
}

void mp_emit_bc_unwind_jump(emit_t *emit, size_t label, size_t except_depth) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    bool writing = emit_writing(emit);
    write_jump(emit, MP_BC_UNWIND_JUMP, label, true, 0);
    if (writing) {
        bytebuf_add(&emit->code, (byte)except_depth);
    }
    emit->suppress = true;
}

void mp_emit_bc_setup_block(emit_t *emit, size_t label, emit_setup_kind_t kind) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    byte op = kind == MP_EMIT_SETUP_BLOCK_WITH ? MP_BC_SETUP_WITH
        : kind == MP_EMIT_SETUP_BLOCK_EXCEPT ? MP_BC_SETUP_EXCEPT : MP_BC_SETUP_FINALLY;
    write_jump(emit, op, label, false, op_stack_effect(op, 0));
    emit->exc_depth++;
    if (emit->exc_depth > emit->max_exc_depth) {
        emit->max_exc_depth = emit->exc_depth;
    }
}

void mp_emit_bc_with_cleanup(emit_t *emit) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    /* peaks 2 above the depth before it and nets -2 (bytecode.md 10.1) */
    adjust_stack(emit, 2);
    write_op(emit, MP_BC_WITH_CLEANUP, 0);
    adjust_stack(emit, -4);
}

void mp_emit_bc_end_finally(emit_t *emit) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    write_op(emit, MP_BC_END_FINALLY, 0);
    emit->exc_depth--;
}

void mp_emit_bc_get_iter(emit_t *emit, bool use_stack) {
    simple_op(emit, use_stack ? MP_BC_GET_ITER_STACK : MP_BC_GET_ITER);
}

void mp_emit_bc_for_iter(emit_t *emit, size_t label) {
    write_jump(emit, MP_BC_FOR_ITER, label, false, op_stack_effect(MP_BC_FOR_ITER, 0));
}

void mp_emit_bc_for_iter_end(emit_t *emit) {
    adjust_stack(emit, -MP_OBJ_ITER_BUF_NSLOTS);
}

void mp_emit_bc_pop_except_jump(emit_t *emit, size_t label) {
    write_jump(emit, MP_BC_POP_EXCEPT_JUMP, label, false, 0);
    if (emit->pass != MP_PASS_SCOPE) {
        emit->suppress = true;
    }
}

void mp_emit_bc_delete_attr(emit_t *emit, qstr qst) {
    mp_emit_bc_load_null(emit);
    mp_emit_bc_rot_two(emit);
    mp_emit_bc_store_attr(emit, qst);
}

void mp_emit_bc_delete_subscr(emit_t *emit) {
    mp_emit_bc_load_null(emit);
    mp_emit_bc_rot_three(emit);
    mp_emit_bc_store_subscr(emit);
}

void mp_emit_bc_start_except_handler(emit_t *emit) {
    adjust_stack(emit, 4);
}

void mp_emit_bc_end_except_handler(emit_t *emit) {
    adjust_stack(emit, -3);
}

/* ---- operators ------------------------------------------------------------ */

void mp_emit_bc_unary_op(emit_t *emit, mp_unary_op_t op) {
    simple_op(emit, (byte)(MP_BC_UNARY_OP_MULTI + op));
}

void mp_emit_bc_binary_op(emit_t *emit, mp_binary_op_t op) {
    bool invert = false;
    if (op == MP_BINARY_OP_NOT_IN) {
        invert = true;
        op = MP_BINARY_OP_IN;
    } else if (op == MP_BINARY_OP_IS_NOT) {
        invert = true;
        op = MP_BINARY_OP_IS;
    }
    simple_op(emit, (byte)(MP_BC_BINARY_OP_MULTI + op));
    if (invert) {
        simple_op(emit, (byte)(MP_BC_UNARY_OP_MULTI + MP_UNARY_OP_NOT));
    }
}

/* ---- building and unpacking ---------------------------------------------- */

void mp_emit_bc_build(emit_t *emit, size_t n_args, emit_build_kind_t kind) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    static const byte ops[] = {
        MP_BC_BUILD_TUPLE, MP_BC_BUILD_LIST, MP_BC_BUILD_MAP, MP_BC_BUILD_SET, MP_BC_BUILD_SLICE,
    };
    write_op_uint(emit, ops[kind], n_args);
}

void mp_emit_bc_store_map(emit_t *emit) {
    simple_op(emit, MP_BC_STORE_MAP);
}

void mp_emit_bc_store_comp(emit_t *emit, emit_comp_kind_t kind, size_t collection_index) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    write_op_uint(emit, MP_BC_STORE_COMP, (collection_index << 2) | kind);
}

void mp_emit_bc_unpack_sequence(emit_t *emit, size_t n_args) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    write_op_uint(emit, MP_BC_UNPACK_SEQUENCE, n_args);
}

void mp_emit_bc_unpack_ex(emit_t *emit, size_t n_left, size_t n_right) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    write_op_uint(emit, MP_BC_UNPACK_EX, n_left | (n_right << 8));
}

/* ---- functions and calls ------------------------------------------------- */

static size_t add_child(emit_t *emit, scope_t *scope) {
    if (emit->n_children == emit->children_alloc) {
        size_t new_alloc = emit->children_alloc * 2 + 4;
        emit->children = m_renew(mp_raw_code_t *, emit->children, emit->children_alloc, new_alloc);
        emit->children_alloc = new_alloc;
    }
    emit->children[emit->n_children] = scope->raw_code;
    return emit->n_children++;
}

void mp_emit_bc_make_function(emit_t *emit, scope_t *scope, size_t n_pos_defaults,
    size_t n_kw_defaults) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    size_t idx = add_child(emit, scope);
    if (n_pos_defaults == 0 && n_kw_defaults == 0) {
        write_op_uint(emit, MP_BC_MAKE_FUNCTION, idx);
    } else {
        write_op_uint(emit, MP_BC_MAKE_FUNCTION_DEFARGS, idx);
    }
}

void mp_emit_bc_make_closure(emit_t *emit, scope_t *scope, size_t n_closed_over,
    size_t n_pos_defaults, size_t n_kw_defaults) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    size_t idx = add_child(emit, scope);
    byte op = (n_pos_defaults == 0 && n_kw_defaults == 0) ? MP_BC_MAKE_CLOSURE : MP_BC_MAKE_CLOSURE_DEFARGS;
    write_op(emit, op, n_closed_over);
    if (emit_writing(emit)) {
        bytebuf_add_vuint(&emit->code, idx);
        bytebuf_add(&emit->code, (byte)n_closed_over);
    }
}

static void emit_call(emit_t *emit, byte op, byte op_var, size_t n_pos, size_t n_kw, size_t star_flags) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    write_op_uint(emit, star_flags ? op_var : op, n_pos | (n_kw << 8));
}

void mp_emit_bc_call_function(emit_t *emit, size_t n_positional, size_t n_keyword,
    size_t star_flags) {
    emit_call(emit, MP_BC_CALL_FUNCTION, MP_BC_CALL_FUNCTION_VAR_KW, n_positional, n_keyword, star_flags);
}

void mp_emit_bc_call_method(emit_t *emit, size_t n_positional, size_t n_keyword,
    size_t star_flags) {
    emit_call(emit, MP_BC_CALL_METHOD, MP_BC_CALL_METHOD_VAR_KW, n_positional, n_keyword, star_flags);
}

void mp_emit_bc_return_value(emit_t *emit) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    write_op(emit, MP_BC_RETURN_VALUE, 0);
    emit->suppress = true;
    emit->last_emit_was_return_value = true;
}

void mp_emit_bc_raise_varargs(emit_t *emit, size_t n_args) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    byte op = n_args == 0 ? MP_BC_RAISE_LAST : n_args == 1 ? MP_BC_RAISE_OBJ : MP_BC_RAISE_FROM;
    write_op(emit, op, 0);
    emit->suppress = true;
}

void mp_emit_bc_yield(emit_t *emit, emit_yield_kind_t kind) {
    if (emit->pass == MP_PASS_SCOPE) {
        return;
    }
    write_op(emit, kind == MP_EMIT_YIELD_VALUE ? MP_BC_YIELD_VALUE : MP_BC_YIELD_FROM, 0);
}

void mp_emit_bc_import(emit_t *emit, qstr qst, emit_import_kind_t kind) {
    if (kind == MP_EMIT_IMPORT_STAR) {
        simple_op(emit, MP_BC_IMPORT_STAR);
    } else {
        write_op_qstr(emit, kind == MP_EMIT_IMPORT_NAME ? MP_BC_IMPORT_NAME : MP_BC_IMPORT_FROM, qst);
    }
}

/* ---- the prelude and the final raw code ------------------------------------ */

/* the prelude's signature and size fields (persist/mpyfmt.c) */
static void write_signature(bytebuf_t *b, size_t S, size_t E, size_t F, size_t A, size_t K, size_t D) {
    byte field[MPY_PRELUDE_FIELD_MAX];
    size_t n = mpy_encode_prelude_signature(field, S, E, F, A, K, D);
    for (size_t i = 0; i < n; i++) {
        bytebuf_add(b, field[i]);
    }
}

static void write_size(bytebuf_t *b, size_t I, size_t C) {
    byte field[MPY_PRELUDE_FIELD_MAX];
    size_t n = mpy_encode_prelude_size(field, I, C);
    for (size_t i = 0; i < n; i++) {
        bytebuf_add(b, field[i]);
    }
}

void mp_emit_bc_finish(emit_t *emit) {
    scope_t *scope = emit->scope;
    mp_emit_common_t *common = emit->common;

    /* source info: simple name, argument names, line table */
    bytebuf_t info = {0};
    bytebuf_add_vuint(&info, mp_emit_common_use_qstr(common, scope->simple_name));
    size_t n_args = scope->num_pos_args + scope->num_kwonly_args;
    for (size_t i = 0; i < n_args; i++) {
        qstr q = MP_QSTR__star_;
        for (size_t j = 0; j < scope->id_info_len; j++) {
            id_info_t *id = &scope->id_info[j];
            if ((id->flags & ID_FLAG_IS_PARAM) && id->kind != ID_KIND_FREE && id->local_num == i
                && id->qst != MP_QSTR_) {
                q = id->qst;
                break;
            }
        }
        bytebuf_add_vuint(&info, mp_emit_common_use_qstr(common, q));
    }
    if (emit->lines.len) { /* an empty buffer may be NULL, which memcpy must not see */
        memcpy(bytebuf_extend(&info, emit->lines.len), emit->lines.buf, emit->lines.len);
    }

    /* cell list: cells in identifier-table order */
    bytebuf_t cells = {0};
    for (size_t j = 0; j < scope->id_info_len; j++) {
        if (scope->id_info[j].kind == ID_KIND_CELL) {
            bytebuf_add(&cells, (byte)scope->id_info[j].local_num);
        }
    }

    size_t n_state = scope->num_locals + scope->stack_size;
    if (n_state == 0) {
        n_state = 1;
    }
    bytebuf_t out = {0};
    write_signature(&out, n_state - 1, scope->exc_stack_size, scope->scope_flags & 0x0f,
        scope->num_pos_args, scope->num_kwonly_args, scope->num_def_pos_args);
    write_size(&out, info.len, cells.len);
    memcpy(bytebuf_extend(&out, info.len), info.buf, info.len);
    if (cells.len) {
        memcpy(bytebuf_extend(&out, cells.len), cells.buf, cells.len);
    }
    if (emit->code.len) {
        memcpy(bytebuf_extend(&out, emit->code.len), emit->code.buf, emit->code.len);
    }

    mp_raw_code_t *rc = scope->raw_code;
    rc->kind = MP_CODE_BYTECODE;
    rc->is_generator = (scope->scope_flags & MP_SCOPE_FLAG_GENERATOR) != 0;
    rc->fun_data = out.buf;
    rc->fun_data_len = out.len;
    rc->scope_flags = scope->scope_flags;
    rc->n_pos_args = (uint8_t)scope->num_pos_args;
    rc->n_children = (uint16_t)emit->n_children;
    if (emit->n_children) {
        rc->children = m_new(mp_raw_code_t *, emit->n_children);
        memcpy(rc->children, emit->children, emit->n_children * sizeof(mp_raw_code_t *));
    } else {
        rc->children = NULL;
    }
}

/* ---- the method table compile.c calls through ---------------------------- */

const mp_emit_method_table_t mp_emit_bc_method_table = {
    .start_pass = mp_emit_bc_start_pass,
    .end_pass = mp_emit_bc_end_pass,
    .finish = mp_emit_bc_finish,
    .last_emit_was_return_value = mp_emit_bc_last_emit_was_return_value,
    .label_assign = mp_emit_bc_label_assign,
    .set_source_line = mp_emit_bc_set_source_line,
    .adjust_stack_size = mp_emit_bc_adjust_stack_size,
    .load_const_tok = mp_emit_bc_load_const_tok,
    .load_const_small_int = mp_emit_bc_load_const_small_int,
    .load_const_str = mp_emit_bc_load_const_str,
    .load_const_obj = mp_emit_bc_load_const_obj,
    .load_null = mp_emit_bc_load_null,
    .load_local = mp_emit_bc_load_local,
    .load_global = mp_emit_bc_load_global,
    .load_attr = mp_emit_bc_load_attr,
    .load_method = mp_emit_bc_load_method,
    .load_build_class = mp_emit_bc_load_build_class,
    .load_subscr = mp_emit_bc_load_subscr,
    .store_local = mp_emit_bc_store_local,
    .store_global = mp_emit_bc_store_global,
    .store_attr = mp_emit_bc_store_attr,
    .store_subscr = mp_emit_bc_store_subscr,
    .delete_local = mp_emit_bc_delete_local,
    .delete_global = mp_emit_bc_delete_global,
    .dup_top = mp_emit_bc_dup_top,
    .dup_top_two = mp_emit_bc_dup_top_two,
    .pop_top = mp_emit_bc_pop_top,
    .rot_two = mp_emit_bc_rot_two,
    .rot_three = mp_emit_bc_rot_three,
    .jump = mp_emit_bc_jump,
    .pop_jump_if = mp_emit_bc_pop_jump_if,
    .jump_if_or_pop = mp_emit_bc_jump_if_or_pop,
    .unwind_jump = mp_emit_bc_unwind_jump,
    .setup_block = mp_emit_bc_setup_block,
    .with_cleanup = mp_emit_bc_with_cleanup,
    .end_finally = mp_emit_bc_end_finally,
    .get_iter = mp_emit_bc_get_iter,
    .for_iter = mp_emit_bc_for_iter,
    .for_iter_end = mp_emit_bc_for_iter_end,
    .pop_except_jump = mp_emit_bc_pop_except_jump,
    .start_except_handler = mp_emit_bc_start_except_handler,
    .delete_attr = mp_emit_bc_delete_attr,
    .delete_subscr = mp_emit_bc_delete_subscr,
    .end_except_handler = mp_emit_bc_end_except_handler,
    .unary_op = mp_emit_bc_unary_op,
    .binary_op = mp_emit_bc_binary_op,
    .build = mp_emit_bc_build,
    .store_map = mp_emit_bc_store_map,
    .store_comp = mp_emit_bc_store_comp,
    .unpack_sequence = mp_emit_bc_unpack_sequence,
    .unpack_ex = mp_emit_bc_unpack_ex,
    .make_function = mp_emit_bc_make_function,
    .make_closure = mp_emit_bc_make_closure,
    .call_function = mp_emit_bc_call_function,
    .call_method = mp_emit_bc_call_method,
    .return_value = mp_emit_bc_return_value,
    .raise_varargs = mp_emit_bc_raise_varargs,
    .yield = mp_emit_bc_yield,
    .import = mp_emit_bc_import,
};
