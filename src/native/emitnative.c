/*
 * The native emitter (emitnative.h): a stack machine that keeps a virtual
 * value stack whose entries are either in their frame slot (VALUE), in a
 * register (REG) or an immediate not yet materialised (IMM), and settles it
 * exactly where the reference does: before calls (registers spilled),
 * before jumps and labels (everything in slots). Native-Python and viper
 * share the code; viper adds static machine types (native.md 11).
 *
 * Frame (words from %rsp, native.md 8, docs/native-x64.md):
 *   native: [nlr buf, return value, (unwind)] C: code_state (5 words),
 *           then state[n_state]: stack from the bottom, locals reversed
 *           at the top. Locals 0/1 are cached in rbx/r12.
 *   viper:  [self (if needed)] then stack and locals the same way, but the
 *           top slots of locals kept in rbx/r12 are not allocated.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/runtime.h"
#include "core/rawcode.h"
#include "core/funtable.h"
#include "native/asm_x64.h"
#include "native/emitnative.h"
#include "persist/mpyfmt.h"

/* function-table entries used by compiled code (native.md 6) */
enum {
    F_CONST_NONE = 0, F_CONST_FALSE = 1, F_CONST_TRUE = 2,
    F_NATIVE_FROM_OBJ = 3, F_NATIVE_TO_OBJ = 4, F_SWAP_GLOBALS = 5,
    F_LOAD_NAME = 6, F_LOAD_GLOBAL = 7, F_LOAD_BUILD_CLASS = 8, F_LOAD_ATTR = 9,
    F_LOAD_METHOD = 10, F_LOAD_SUPER_METHOD = 11, F_STORE_NAME = 12, F_STORE_GLOBAL = 13,
    F_STORE_ATTR = 14, F_OBJ_SUBSCR = 15, F_OBJ_IS_TRUE = 16, F_UNARY_OP = 17,
    F_BINARY_OP = 18, F_NEW_TUPLE = 19, F_NEW_LIST = 20, F_NEW_DICT = 21, F_NEW_SET = 22,
    F_SET_STORE = 23, F_LIST_APPEND = 24, F_DICT_STORE = 25, F_MAKE_FUNCTION = 26,
    F_CALL_FUNCTION_N_KW = 27, F_CALL_METHOD_N_KW = 28, F_CALL_METHOD_N_KW_VAR = 29,
    F_GETITER = 30, F_ITERNEXT = 31, F_NLR_PUSH = 32, F_NLR_POP = 33, F_RAISE = 34,
    F_IMPORT_NAME = 35, F_IMPORT_FROM = 36, F_IMPORT_ALL = 37, F_NEW_SLICE = 38,
    F_UNPACK_SEQUENCE = 39, F_UNPACK_EX = 40, F_DELETE_NAME = 41, F_DELETE_GLOBAL = 42,
    F_NEW_CLOSURE = 43, F_ARG_CHECK_NUM_SIG = 44, F_SETUP_CODE_STATE = 45,
    F_SMALL_INT_FLOOR_DIVIDE = 46, F_SMALL_INT_MODULO = 47, F_YIELD_FROM = 48,
};

/* register roles (native.md 7.2) */
#define REG_RET X64_RAX
#define REG_ARG_1 X64_RDI
#define REG_ARG_2 X64_RSI
#define REG_ARG_3 X64_RDX
#define REG_ARG_4 X64_RCX
#define REG_TEMP0 X64_RAX
#define REG_TEMP1 X64_RDI
#define REG_TEMP2 X64_RSI
#define REG_LOCAL_1 X64_RBX
#define REG_LOCAL_2 X64_R12
#define REG_QSTR_TABLE X64_R13
#define REG_FUN_TABLE X64_RBP

#define NLR_BUF_WORDS (13)        /* x64 nlr_buf_t reserved in the frame */
#define CODE_STATE_WORDS (5)      /* fun_bc, ip, sp, n_state, (old globals) */
#define MAX_REGS_FOR_LOCALS (2)

/* ST_FUNTAB: a constant object read from the function table on use
 * (None/False/True in native code), imm = entry index */
typedef enum { ST_VALUE, ST_REG, ST_IMM, ST_FUNTAB } stack_kind_t;

typedef struct _stack_info_t {
    uint8_t kind;
    uint8_t vtype;
    uint8_t reg;
    int64_t imm;
} stack_info_t;

/* an open try block: its handler label, kind, and whether the protected
 * body is still running (false once the handler has been entered) */
typedef struct _exc_block_t {
    size_t label;
    uint8_t kind; /* emit_setup_kind_t */
    bool active;
    bool unwind_used; /* a return/break/continue went through this finally */
} exc_block_t;

struct _emit_t {
    mp_emit_common_t *common;
    pass_kind_t pass;
    scope_t *scope;
    asm_x64_t as;
    bool is_viper;
    bool last_emit_was_return_value;

    stack_info_t *stack;
    size_t stack_alloc;
    int stack_size;
    int max_stack_size;

    uint8_t *local_vtype;
    size_t local_vtype_alloc;

    /* discovered while emitting, used by the following passes */
    bool uses_fun_obj;      /* viper: constants, children, globals need self */
    bool refs_globals;
    bool has_try;
    bool found_uses_fun_obj, found_refs_globals, found_has_try;

    /* frame layout of this pass */
    size_t n_state;
    size_t code_state_start; /* native: frame word of code_state */
    size_t stack_start;      /* frame word of value-stack slot 0 */
    size_t n_frame;          /* F of native.md 7.3 */
    bool need_global_handler;

    size_t fun_table_index;

    mp_raw_code_t **children;
    size_t n_children, children_alloc;

    exc_block_t *exc_stack;
    size_t exc_sp, exc_alloc;
    size_t n_priv_labels; /* emitter labels used so far in this pass */
};

/* asm labels: 0..7 are the emitter's own (prologue/epilogue), the
 * compiler's label L is asm label L + 8 */
#define EXIT_LABEL (0)
#define L_HANDLER_BODY (1)
#define L_ARG_CHECK (2)
#define L_ARG_OK (3)
#define L_EXIT_SKIP (4)
#define L_NLR (5)
#define L_NLR_CAUGHT (6)
#define L_GEN_RESUME (7)
#define L_GEN_START (9)
/* the compiler's label L is asm label 16 + 2L; the emitter's own
 * per-use labels (numbered in emission order each pass) are odd */
#define PRIV_LABEL(k) (17 + 2 * (k))
#define ASM_LABEL(l) (16 + 2 * (l))

emit_t *mp_emit_native_new(mp_emit_common_t *common) {
    emit_t *emit = m_new0(emit_t, 1);
    emit->common = common;
    return emit;
}

int mp_native_vtype_from_qstr(qstr qst) {
    switch (qst) {
        case MP_QSTR_object:
            return MP_VTYPE_PYOBJ;
        case MP_QSTR_bool:
            return MP_VTYPE_BOOL;
        case MP_QSTR_int:
            return MP_VTYPE_INT;
        case MP_QSTR_uint:
            return MP_VTYPE_UINT;
        case MP_QSTR_ptr:
            return MP_VTYPE_PTR;
        case MP_QSTR_ptr8:
            return MP_VTYPE_PTR8;
        case MP_QSTR_ptr16:
            return MP_VTYPE_PTR16;
        case MP_QSTR_ptr32:
            return MP_VTYPE_PTR32;
        default:
            return -1;
    }
}

static const char *vtype_name(int vtype) {
    static const char *const names[] = {
        "object", "bool", "int", "uint", "ptr", "ptr8", "ptr16", "ptr32", "None",
    };
    if (vtype < 9) {
        return names[vtype];
    }
    return "<unknown>";
}

static _Noreturn void viper_type_error(const char *fmt, ...) {
    char buf[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    mp_raise_msg(&mp_type_ViperTypeError, buf);
}

/* ---- frame addressing ------------------------------------------------ */

static int32_t frame_disp(size_t word) {
    return (int32_t)(word * 8);
}

static size_t stack_slot(emit_t *emit, int pos) {
    return emit->stack_start + (size_t)pos;
}

static size_t local_slot(emit_t *emit, size_t local_num) {
    return emit->stack_start + emit->n_state - 1 - local_num;
}

static bool local_in_reg(emit_t *emit, size_t local_num) {
    return local_num < MAX_REGS_FOR_LOCALS && !emit->has_try
           && !(emit->scope->scope_flags & MP_SCOPE_FLAG_GENERATOR);
}

static int local_reg(size_t local_num) {
    return local_num == 0 ? REG_LOCAL_1 : REG_LOCAL_2;
}

/* Slots at or above GEN_STATE are words of a generator's code state
 * (reached through REG_GENERATOR_STATE = r12), the others frame words. */
#define GEN_STATE ((size_t)1 << 20)
#define REG_GENERATOR_STATE X64_R12

static void mov_slot_to_reg(emit_t *emit, int reg, size_t slot) {
    if (slot >= GEN_STATE) {
        asm_x64_mov_r64_mem(&emit->as, reg, REG_GENERATOR_STATE, frame_disp(slot - GEN_STATE));
    } else {
        asm_x64_mov_r64_mem(&emit->as, reg, X64_RSP, frame_disp(slot));
    }
}

static void mov_reg_to_slot(emit_t *emit, size_t slot, int reg) {
    if (slot >= GEN_STATE) {
        asm_x64_mov_mem_r64(&emit->as, REG_GENERATOR_STATE, frame_disp(slot - GEN_STATE), reg);
    } else {
        asm_x64_mov_mem_r64(&emit->as, X64_RSP, frame_disp(slot), reg);
    }
}

/* address of a slot: `mov %rsp,reg` for frame word 0, lea for other frame
 * words, `mov $off,reg; add %r12,reg` inside a generator's state */
static void lea_slot(emit_t *emit, int reg, size_t slot) {
    if (slot >= GEN_STATE) {
        asm_x64_mov_r64_imm(&emit->as, reg, frame_disp(slot - GEN_STATE));
        asm_x64_alu_r64_r64(&emit->as, 0x01, reg, REG_GENERATOR_STATE);
    } else if (slot == 0) {
        asm_x64_mov_r64_r64(&emit->as, reg, X64_RSP);
    } else {
        asm_x64_lea_r64_mem(&emit->as, reg, X64_RSP, frame_disp(slot));
    }
}

/* forward */
static void need_stack_settled(emit_t *emit);

/* ---- runtime calls ------------------------------------------------------ */

static void call_fun_table(emit_t *emit, int idx) {
    asm_x64_mov_r64_mem(&emit->as, X64_RAX, REG_FUN_TABLE, idx * 8);
    asm_x64_call_ind(&emit->as, X64_RAX);
}

static void load_qstr(emit_t *emit, int reg, qstr qst) {
    size_t idx = mp_emit_common_use_qstr(emit->common, qst);
    asm_x64_movzx_mem16(&emit->as, reg, REG_QSTR_TABLE, (int32_t)(idx * 2));
}

/* ---- the virtual value stack ------------------------------------------- */

static stack_info_t *push_entry(emit_t *emit) {
    if ((size_t)emit->stack_size == emit->stack_alloc) {
        size_t n = emit->stack_alloc * 2 + 16;
        emit->stack = m_renew(stack_info_t, emit->stack, emit->stack_alloc, n);
        emit->stack_alloc = n;
    }
    stack_info_t *si = &emit->stack[emit->stack_size++];
    if (emit->stack_size > emit->max_stack_size) {
        emit->max_stack_size = emit->stack_size;
    }
    memset(si, 0, sizeof(*si));
    return si;
}

static void push_reg(emit_t *emit, int vtype, int reg) {
    stack_info_t *si = push_entry(emit);
    si->kind = ST_REG;
    si->vtype = (uint8_t)vtype;
    si->reg = (uint8_t)reg;
}

static void push_imm(emit_t *emit, int vtype, int64_t imm) {
    stack_info_t *si = push_entry(emit);
    si->kind = ST_IMM;
    si->vtype = (uint8_t)vtype;
    si->imm = imm;
}

static void push_value(emit_t *emit, int vtype) {
    stack_info_t *si = push_entry(emit);
    si->kind = ST_VALUE;
    si->vtype = (uint8_t)vtype;
}

static stack_info_t *peek(emit_t *emit, int depth) {
    return &emit->stack[emit->stack_size - 1 - depth];
}

static void spill_entry(emit_t *emit, int i) {
    stack_info_t *si = &emit->stack[i];
    if (si->kind == ST_REG) {
        mov_reg_to_slot(emit, stack_slot(emit, i), si->reg);
        si->kind = ST_VALUE;
    }
}

/* `reg` is about to be overwritten: spill entries below the top `skip`
 * that live in it */
static void need_reg_single(emit_t *emit, int reg, int skip) {
    for (int i = 0; i < emit->stack_size - skip; i++) {
        stack_info_t *si = &emit->stack[i];
        if (si->kind == ST_REG && si->reg == reg) {
            spill_entry(emit, i);
        }
    }
}

/* before a call: no stack entry may stay in a register */
static void need_reg_all(emit_t *emit) {
    for (int i = 0; i < emit->stack_size; i++) {
        spill_entry(emit, i);
    }
}

/* before a jump or label, or before the stack is passed by address:
 * every entry in its slot; immediates go through `temp` */
static void need_stack_settled_via(emit_t *emit, int temp) {
    need_reg_all(emit);
    for (int i = 0; i < emit->stack_size; i++) {
        stack_info_t *si = &emit->stack[i];
        /* a cast is a compile-time entry, never materialised */
        if (si->kind == ST_FUNTAB) {
            asm_x64_mov_r64_mem(&emit->as, temp, REG_FUN_TABLE, (int32_t)(si->imm * 8));
            mov_reg_to_slot(emit, stack_slot(emit, i), temp);
            si->kind = ST_VALUE;
        } else if (si->kind == ST_IMM && si->vtype != MP_VTYPE_BUILTIN_CAST) {
            asm_x64_mov_r64_imm(&emit->as, temp, si->imm);
            mov_reg_to_slot(emit, stack_slot(emit, i), temp);
            si->kind = ST_VALUE;
        }
    }
}

static void need_stack_settled(emit_t *emit) {
    need_stack_settled_via(emit, REG_TEMP1);
}

/* before the top n entries are passed to the runtime by address: no
 * register entries anywhere, and immediates among the top n stored (from
 * the top down) through `temp`, the register that receives the address */
static void settle_top(emit_t *emit, int n, int temp) {
    need_reg_all(emit);
    for (int i = emit->stack_size - 1; i >= emit->stack_size - n; i--) {
        stack_info_t *si = &emit->stack[i];
        if (si->kind == ST_FUNTAB) {
            asm_x64_mov_r64_mem(&emit->as, temp, REG_FUN_TABLE, (int32_t)(si->imm * 8));
            mov_reg_to_slot(emit, stack_slot(emit, i), temp);
            si->kind = ST_VALUE;
        } else if (si->kind == ST_IMM && si->vtype != MP_VTYPE_BUILTIN_CAST) {
            asm_x64_mov_r64_imm(&emit->as, temp, si->imm);
            mov_reg_to_slot(emit, stack_slot(emit, i), temp);
            si->kind = ST_VALUE;
        }
    }
}

static void load_entry_to_reg(emit_t *emit, int pos, int dest) {
    stack_info_t *si = &emit->stack[pos];
    switch (si->kind) {
        case ST_VALUE:
            mov_slot_to_reg(emit, dest, stack_slot(emit, pos));
            break;
        case ST_REG:
            if (si->reg != dest) {
                asm_x64_mov_r64_r64(&emit->as, dest, si->reg);
            }
            break;
        case ST_FUNTAB:
            asm_x64_mov_r64_mem(&emit->as, dest, REG_FUN_TABLE, (int32_t)(si->imm * 8));
            break;
        default:
            asm_x64_mov_r64_imm(&emit->as, dest, si->imm);
            break;
    }
}

/* address of the next free stack slot, for a runtime call that writes
 * results there; everything below must be in memory first */
static void lea_for_push(emit_t *emit, int reg) {
    need_reg_all(emit);
    lea_slot(emit, reg, stack_slot(emit, emit->stack_size));
}

/* pop the top into `dest`; returns its vtype */
static int pop_reg(emit_t *emit, int dest) {
    need_reg_single(emit, dest, 1);
    int vtype = peek(emit, 0)->vtype;
    load_entry_to_reg(emit, emit->stack_size - 1, dest);
    emit->stack_size--;
    return vtype;
}

/* pop the top; a value already in a register other than the excluded ones
 * stays where it is, anything else goes to `dest` */
static int pop_reg_flexible(emit_t *emit, int *reg, int dest, int not1, int not2) {
    stack_info_t *si = peek(emit, 0);
    if (si->kind == ST_REG && si->reg != not1 && si->reg != not2) {
        *reg = si->reg;
        emit->stack_size--;
        return si->vtype;
    }
    *reg = dest;
    return pop_reg(emit, dest);
}

static void pop_discard(emit_t *emit, int n) {
    emit->stack_size -= n;
}

static void adjust_stack(emit_t *emit, int delta) {
    if (delta > 0) {
        for (int i = 0; i < delta; i++) {
            push_value(emit, MP_VTYPE_PYOBJ);
        }
    } else {
        emit->stack_size += delta;
    }
}

/* call with an immediate in `reg` (after the popped arguments) */
static void call_with_imm_arg(emit_t *emit, int fun, int64_t imm, int reg) {
    need_reg_all(emit);
    asm_x64_mov_r64_imm(&emit->as, reg, imm);
    call_fun_table(emit, fun);
}

static void call_with_qstr_arg(emit_t *emit, int fun, qstr qst, int reg) {
    need_reg_all(emit);
    load_qstr(emit, reg, qst);
    call_fun_table(emit, fun);
}

static void call_plain(emit_t *emit, int fun) {
    need_reg_all(emit);
    call_fun_table(emit, fun);
}

/* settle, and convert the top n entries to objects (viper values passed
 * to the runtime, native.md 8.4) */
static void settle_and_box_top(emit_t *emit, int n, int temp) {
    settle_top(emit, n, temp);
    if (!emit->is_viper) {
        return;
    }
    for (int i = emit->stack_size - n; i < emit->stack_size; i++) {
        stack_info_t *si = &emit->stack[i];
        if (si->vtype != MP_VTYPE_PYOBJ) {
            if (si->vtype == MP_VTYPE_PTR_NONE) {
                asm_x64_mov_r64_mem(&emit->as, REG_TEMP0, REG_FUN_TABLE, F_CONST_NONE * 8);
            } else {
                mov_slot_to_reg(emit, REG_ARG_1, stack_slot(emit, i));
                asm_x64_mov_r64_imm(&emit->as, REG_ARG_2, si->vtype);
                call_fun_table(emit, F_NATIVE_TO_OBJ);
            }
            mov_reg_to_slot(emit, stack_slot(emit, i), REG_RET);
            si->vtype = MP_VTYPE_PYOBJ;
        }
    }
}

/* pop an object into dest, boxing a viper value */
static void pop_obj_to_reg(emit_t *emit, int dest) {
    stack_info_t *si = peek(emit, 0);
    if (si->vtype == MP_VTYPE_PYOBJ || !emit->is_viper) {
        pop_reg(emit, dest);
        return;
    }
    if (si->vtype == MP_VTYPE_PTR_NONE) {
        emit->stack_size--;
        asm_x64_mov_r64_mem(&emit->as, dest, REG_FUN_TABLE, F_CONST_NONE * 8);
        return;
    }
    int vtype = pop_reg(emit, REG_ARG_1);
    call_with_imm_arg(emit, F_NATIVE_TO_OBJ, vtype, REG_ARG_2);
    if (dest != REG_RET) {
        asm_x64_mov_r64_r64(&emit->as, dest, REG_RET);
    }
}

/* ---- passes -------------------------------------------------------------- */

static size_t count_params(scope_t *scope) {
    return scope->num_pos_args + scope->num_kwonly_args
           + ((scope->scope_flags & MP_SCOPE_FLAG_VARARGS) ? 1 : 0)
           + ((scope->scope_flags & MP_SCOPE_FLAG_VARKEYWORDS) ? 1 : 0);
}

static void compute_frame(emit_t *emit) {
    scope_t *scope = emit->scope;
    emit->n_state = scope->num_locals + (size_t)emit->max_stack_size;
    if (emit->is_viper) {
        emit->need_global_handler = emit->refs_globals || emit->has_try;
        size_t c = 0;
        if (emit->need_global_handler) {
            c = NLR_BUF_WORDS + 1 + (emit->has_try ? 1 : 0);
        }
        emit->code_state_start = c;
        size_t s = c + ((emit->uses_fun_obj || emit->need_global_handler) ? 1 : 0)
                   + (emit->need_global_handler ? 1 : 0);
        emit->stack_start = s;
        size_t unused_top = 0;
        if (!emit->has_try) {
            size_t n_params = count_params(scope);
            unused_top = scope->num_locals < MAX_REGS_FOR_LOCALS ? scope->num_locals : MAX_REGS_FOR_LOCALS;
            if (n_params > MAX_REGS_FOR_LOCALS && unused_top > 1) {
                unused_top = 1; /* local 1 passes through its slot */
            }
        }
        emit->n_frame = s + emit->n_state - unused_top;
    } else {
        bool gen = (scope->scope_flags & MP_SCOPE_FLAG_GENERATOR) != 0;
        emit->need_global_handler = emit->refs_globals || emit->has_try || gen;
        if (gen) {
            /* nlr buffer, return value, unwind, throw value; the Python
             * state lives in the generator object */
            emit->code_state_start = GEN_STATE;
            emit->stack_start = GEN_STATE + CODE_STATE_WORDS;
            emit->n_frame = NLR_BUF_WORDS + 3;
            return;
        }
        size_t c = 0;
        if (emit->need_global_handler) {
            c = NLR_BUF_WORDS + 1 + (emit->has_try ? 1 : 0);
        }
        emit->code_state_start = c;
        emit->stack_start = c + CODE_STATE_WORDS;
        emit->n_frame = emit->stack_start + emit->n_state;
    }
}

static void emit_table_loads(emit_t *emit) {
    asm_x64_t *as = &emit->as;
    asm_x64_mov_r64_mem(as, X64_RBP, REG_ARG_1, 8);
    asm_x64_mov_r64_mem(as, REG_QSTR_TABLE, X64_RBP, 16);
    asm_x64_mov_r64_mem(as, X64_RBP, X64_RBP, 24);
    asm_x64_mov_r64_mem(as, X64_RBP, X64_RBP, (int32_t)(emit->fun_table_index * 8));
}

static void emit_frame_prologue(emit_t *emit) {
    asm_x64_t *as = &emit->as;
    asm_x64_push(as, X64_RBP);
    asm_x64_push(as, X64_RBX);
    asm_x64_push(as, X64_R12);
    asm_x64_push(as, X64_R13);
    asm_x64_sub_rsp_imm(as, (int32_t)(8 * (emit->n_frame | 1)));
    emit_table_loads(emit);
}

/* the function object's word in the frame */
static size_t fun_obj_slot(emit_t *emit) {
    return emit->code_state_start;
}

static size_t old_globals_slot(emit_t *emit) {
    return emit->code_state_start + 1;
}

static size_t ret_val_slot(emit_t *emit) {
    (void)emit;
    return NLR_BUF_WORDS;
}

/* globals switch and nlr handler for functions without try (native.md 9.1) */
static size_t unwind_slot(emit_t *emit) {
    (void)emit;
    return NLR_BUF_WORDS + 1;
}

/* H: the nlr-buffer word holding the active handler's address (native.md 9.1) */
#define HANDLER_SLOT (5)

/* The self re-arming nlr handler of functions with try blocks: clear the
 * unwind slot and nlr ret_val, push the buffer, and go to the address in
 * REG_LOCAL_1 (first: `first`; after an exception: frame[H], if nonzero).
 * Falls through when frame[H] is 0 (the exception leaves the function). */
static void emit_nlr_rearm_loop(emit_t *emit, size_t first) {
    asm_x64_t *as = &emit->as;
    asm_x64_alu_r64_r64(as, 0x31, REG_RET, REG_RET);
    mov_reg_to_slot(emit, unwind_slot(emit), REG_RET);
    mov_reg_to_slot(emit, 1, REG_RET);
    asm_x64_lea_label(as, REG_LOCAL_1, first);
    asm_x64_label_assign(as, L_NLR);
    lea_slot(emit, REG_ARG_1, 0);
    call_fun_table(emit, F_NLR_PUSH);
    asm_x64_test_r8_r8(as, X64_RAX, X64_RAX);
    asm_x64_jcc_label(as, X64_CC_NE, L_NLR_CAUGHT);
    asm_x64_alu_r64_r64(as, 0x31, REG_RET, REG_RET);
    mov_reg_to_slot(emit, HANDLER_SLOT, REG_RET);
    asm_x64_jmp_ind(as, REG_LOCAL_1);
    asm_x64_label_assign(as, L_NLR_CAUGHT);
    mov_slot_to_reg(emit, REG_LOCAL_1, HANDLER_SLOT);
    asm_x64_alu_r64_r64(as, 0x85, REG_LOCAL_1, REG_LOCAL_1);
    asm_x64_jcc_label(as, X64_CC_NE, L_NLR);
}

/* functions with try blocks: the nlr handler re-arms itself and jumps to
 * the address in frame[H] (0: propagate to the caller) */
static void emit_try_handler_entry(emit_t *emit) {
    asm_x64_t *as = &emit->as;
    mov_slot_to_reg(emit, REG_ARG_1, fun_obj_slot(emit));
    asm_x64_mov_r64_mem(as, REG_ARG_1, REG_ARG_1, 8);
    asm_x64_mov_r64_mem(as, REG_ARG_1, REG_ARG_1, 8);
    call_fun_table(emit, F_SWAP_GLOBALS);
    mov_reg_to_slot(emit, old_globals_slot(emit), REG_RET);
    emit_nlr_rearm_loop(emit, L_HANDLER_BODY);
    mov_slot_to_reg(emit, REG_ARG_1, old_globals_slot(emit));
    call_fun_table(emit, F_SWAP_GLOBALS);
    mov_slot_to_reg(emit, REG_ARG_1, 1);
    call_fun_table(emit, F_RAISE);
    asm_x64_label_assign(as, L_HANDLER_BODY);
}

static void emit_global_handler_entry(emit_t *emit) {
    asm_x64_t *as = &emit->as;
    if (emit->has_try) {
        emit_try_handler_entry(emit);
        return;
    }
    size_t l_body = L_HANDLER_BODY;
    mov_slot_to_reg(emit, REG_ARG_1, fun_obj_slot(emit));
    asm_x64_mov_r64_mem(as, REG_ARG_1, REG_ARG_1, 8);
    asm_x64_mov_r64_mem(as, REG_ARG_1, REG_ARG_1, 8);
    call_fun_table(emit, F_SWAP_GLOBALS);
    mov_reg_to_slot(emit, old_globals_slot(emit), REG_RET);
    asm_x64_alu_r64_r64(as, 0x85, REG_RET, REG_RET);
    asm_x64_jcc_label(as, X64_CC_E, l_body);
    lea_slot(emit, REG_ARG_1, 0);
    call_fun_table(emit, F_NLR_PUSH);
    asm_x64_test_r8_r8(as, X64_RAX, X64_RAX);
    asm_x64_jcc_label(as, X64_CC_E, l_body);
    mov_slot_to_reg(emit, REG_ARG_1, old_globals_slot(emit));
    call_fun_table(emit, F_SWAP_GLOBALS);
    mov_slot_to_reg(emit, REG_ARG_1, 1);
    call_fun_table(emit, F_RAISE);
    asm_x64_label_assign(as, l_body);
}

#define THROW_SLOT (NLR_BUF_WORDS + 2)

/* a resumed generator raises the value thrown into it, if any */
static void emit_generator_throw_check(emit_t *emit) {
    asm_x64_t *as = &emit->as;
    mov_slot_to_reg(emit, REG_ARG_1, THROW_SLOT);
    asm_x64_alu_r64_r64(as, 0x31, REG_ARG_2, REG_ARG_2);
    mov_reg_to_slot(emit, THROW_SLOT, REG_ARG_2);
    call_fun_table(emit, F_RAISE);
}

/* resume entry (native.md 10): fun_data = prelude index, start offset,
 * then resume(code_state, throw_value) */
static void emit_generator_prologue(emit_t *emit) {
    asm_x64_t *as = &emit->as;
    for (int i = 0; i < 8; i++) {
        asm_x64_byte(as, 0);
    }
    size_t start = asm_x64_label_offset(as, L_GEN_START);
    for (int i = 0; i < 8; i++) {
        asm_x64_byte(as, (uint8_t)(start >> (8 * i)));
    }
    asm_x64_push(as, X64_RBP);
    asm_x64_push(as, X64_RBX);
    asm_x64_push(as, X64_R12);
    asm_x64_push(as, X64_R13);
    asm_x64_sub_rsp_imm(as, (int32_t)(8 * (emit->n_frame | 1)));
    asm_x64_mov_r64_r64(as, REG_GENERATOR_STATE, REG_ARG_1);
    mov_reg_to_slot(emit, THROW_SLOT, REG_ARG_2);
    mov_slot_to_reg(emit, X64_RAX, GEN_STATE);
    asm_x64_mov_r64_mem(as, X64_RAX, X64_RAX, 8);
    asm_x64_mov_r64_mem(as, REG_QSTR_TABLE, X64_RAX, 16);
    asm_x64_mov_r64_mem(as, X64_RAX, X64_RAX, 24);
    asm_x64_mov_r64_mem(as, REG_FUN_TABLE, X64_RAX, (int32_t)(emit->fun_table_index * 8));
    if (emit->has_try) {
        /* as for functions with try blocks (emit_try_handler_entry), but
         * the first entry goes to the resume dispatch */
        emit_nlr_rearm_loop(emit, L_GEN_RESUME);
    } else {
        lea_slot(emit, REG_ARG_1, 0);
        call_fun_table(emit, F_NLR_PUSH);
        asm_x64_test_r8_r8(as, X64_RAX, X64_RAX);
        asm_x64_jcc_label(as, X64_CC_E, L_GEN_RESUME);
    }
    /* an exception: cs->state[0] = it, return EXCEPTION */
    mov_slot_to_reg(emit, X64_RAX, 1);
    mov_reg_to_slot(emit, GEN_STATE + CODE_STATE_WORDS, X64_RAX);
    asm_x64_mov_r64_imm(as, X64_RAX, 2);
    asm_x64_sub_rsp_imm(as, -(int32_t)(8 * (emit->n_frame | 1)));
    asm_x64_pop(as, X64_R13);
    asm_x64_pop(as, X64_R12);
    asm_x64_pop(as, X64_RBX);
    asm_x64_pop(as, X64_RBP);
    asm_x64_ret(as);
    asm_x64_label_assign(as, L_GEN_RESUME);
    mov_slot_to_reg(emit, X64_RAX, GEN_STATE + 1);
    asm_x64_jmp_ind(as, X64_RAX);
    asm_x64_label_assign(as, L_GEN_START);
    emit_generator_throw_check(emit);
}

static void emit_native_prologue(emit_t *emit) {
    asm_x64_t *as = &emit->as;
    scope_t *scope = emit->scope;
    if (scope->scope_flags & MP_SCOPE_FLAG_GENERATOR) {
        emit_generator_prologue(emit);
        return;
    }
    /* fun_data word 0: index of the prelude pointer in the child table */
    for (int i = 0; i < 8; i++) {
        asm_x64_byte(as, 0);
    }
    emit_frame_prologue(emit);
    size_t c = emit->code_state_start;
    mov_reg_to_slot(emit, c, REG_ARG_1);
    asm_x64_mov_r64_imm(as, REG_ARG_1, (int64_t)emit->n_state);
    mov_reg_to_slot(emit, c + 3, REG_ARG_1);
    lea_slot(emit, REG_ARG_1, c);
    call_fun_table(emit, F_SETUP_CODE_STATE);
    if (emit->need_global_handler) {
        emit_global_handler_entry(emit);
    }
    for (size_t i = 0; i < scope->num_locals && i < MAX_REGS_FOR_LOCALS; i++) {
        if (local_in_reg(emit, i)) {
            mov_slot_to_reg(emit, local_reg(i), local_slot(emit, i));
        }
    }
}

static int param_vtype(scope_t *scope, size_t local_num) {
    for (size_t j = 0; j < scope->id_info_len; j++) {
        id_info_t *id = &scope->id_info[j];
        if ((id->flags & ID_FLAG_IS_PARAM) && id->local_num == local_num) {
            return id->vtype;
        }
    }
    return MP_VTYPE_PYOBJ;
}

static void emit_viper_prologue(emit_t *emit) {
    asm_x64_t *as = &emit->as;
    scope_t *scope = emit->scope;
    if (scope->scope_flags & (MP_SCOPE_FLAG_VARARGS | MP_SCOPE_FLAG_VARKEYWORDS)) {
        mp_raise_NotImplementedError("native arguments");
    }
    emit_frame_prologue(emit);
    if (emit->uses_fun_obj || emit->need_global_handler) {
        mov_reg_to_slot(emit, fun_obj_slot(emit), REG_ARG_1);
    }
    size_t n_args = scope->num_pos_args;
    asm_x64_mov_r64_r64(as, REG_ARG_1, REG_ARG_2);
    asm_x64_mov_r64_r64(as, REG_ARG_2, REG_ARG_3);
    asm_x64_mov_r64_r64(as, REG_LOCAL_2, REG_ARG_4);
    size_t l_check = L_ARG_CHECK, l_ok = L_ARG_OK;
    asm_x64_test_dh_dh(as);
    asm_x64_jcc_label(as, X64_CC_NE, l_check);
    asm_x64_mov_r64_imm(as, REG_ARG_3, (int64_t)n_args);
    asm_x64_alu_r64_r64(as, 0x39, REG_ARG_3, REG_ARG_1);
    asm_x64_jcc_label(as, X64_CC_E, l_ok);
    asm_x64_label_assign(as, l_check);
    asm_x64_mov_r64_imm(as, REG_ARG_3, (int64_t)((n_args << 17) | (n_args << 1)));
    call_fun_table(emit, F_ARG_CHECK_NUM_SIG);
    asm_x64_label_assign(as, l_ok);
    for (size_t i = 0; i < n_args; i++) {
        asm_x64_mov_r64_mem(as, REG_ARG_1, REG_LOCAL_2, (int32_t)(i * 8));
        int vtype = param_vtype(scope, i);
        int src = REG_ARG_1;
        if (vtype != MP_VTYPE_PYOBJ) {
            asm_x64_mov_r64_imm(as, REG_ARG_2, vtype);
            call_fun_table(emit, F_NATIVE_FROM_OBJ);
            src = REG_RET;
        }
        if (i == 0 && local_in_reg(emit, 0)) {
            asm_x64_mov_r64_r64(as, REG_LOCAL_1, src);
        } else if (i == 1 && local_in_reg(emit, 1) && n_args <= MAX_REGS_FOR_LOCALS) {
            asm_x64_mov_r64_r64(as, REG_LOCAL_2, src);
        } else {
            mov_reg_to_slot(emit, local_slot(emit, i), src);
        }
    }
    if (n_args > MAX_REGS_FOR_LOCALS && local_in_reg(emit, 1)) {
        mov_slot_to_reg(emit, REG_LOCAL_2, local_slot(emit, 1));
    }
    if (emit->need_global_handler) {
        emit_global_handler_entry(emit);
    }
}

static void mp_emit_native_start_pass(emit_t *emit, pass_kind_t pass, scope_t *scope, bool source_lines) {
    (void)source_lines;
    emit->pass = pass;
    emit->scope = scope;
    emit->is_viper = scope->emit_options == MP_EMIT_OPT_VIPER;
    emit->last_emit_was_return_value = false;
    emit->stack_size = 0;
    emit->n_children = 0;
    emit->exc_sp = 0;
    emit->n_priv_labels = 0;
    if (pass == MP_PASS_STACK_SIZE) {
        emit->max_stack_size = 0;
        emit->uses_fun_obj = emit->refs_globals = emit->has_try = false;
        emit->found_uses_fun_obj = emit->found_refs_globals = emit->found_has_try = false;
        asm_x64_reset_labels(&emit->as); /* forget the previous scope's labels */
        /* the function-table constant: first native scope's pass 2 */
        emit->fun_table_index = mp_emit_common_use_const(emit->common, MP_OBJ_FROM_PTR(mp_fun_table));
    } else {
        emit->uses_fun_obj = emit->found_uses_fun_obj;
        emit->refs_globals = emit->found_refs_globals;
        emit->has_try = emit->found_has_try;
    }
    /* local types: parameters from annotations, the rest unknown */
    if (emit->local_vtype_alloc < scope->num_locals) {
        emit->local_vtype = m_renew(uint8_t, emit->local_vtype, emit->local_vtype_alloc, scope->num_locals);
        emit->local_vtype_alloc = scope->num_locals;
    }
    if (pass == MP_PASS_STACK_SIZE) {
        for (size_t i = 0; i < scope->num_locals; i++) {
            emit->local_vtype[i] = emit->is_viper ? MP_VTYPE_UNBOUND : MP_VTYPE_PYOBJ;
        }
        size_t n_params = count_params(scope);
        for (size_t i = 0; i < n_params && i < scope->num_locals; i++) {
            emit->local_vtype[i] = emit->is_viper ? param_vtype(scope, i) : MP_VTYPE_PYOBJ;
        }
    }
    compute_frame(emit);
    asm_x64_start_pass(&emit->as, 0);
    if (emit->is_viper) {
        emit_viper_prologue(emit);
    } else {
        emit_native_prologue(emit);
    }
}

static void emit_exit_sequence(emit_t *emit) {
    asm_x64_t *as = &emit->as;
    as->suppress = false;
    asm_x64_label_assign(as, EXIT_LABEL);
    if (emit->scope->scope_flags & MP_SCOPE_FLAG_GENERATOR) {
        call_fun_table(emit, F_NLR_POP);
        mov_slot_to_reg(emit, REG_RET, ret_val_slot(emit));
    } else if (emit->has_try) {
        mov_slot_to_reg(emit, REG_ARG_1, old_globals_slot(emit));
        call_fun_table(emit, F_SWAP_GLOBALS);
        call_fun_table(emit, F_NLR_POP);
        mov_slot_to_reg(emit, REG_RET, ret_val_slot(emit));
    } else if (emit->need_global_handler) {
        size_t l_skip = L_EXIT_SKIP;
        mov_slot_to_reg(emit, REG_ARG_1, old_globals_slot(emit));
        asm_x64_alu_r64_r64(as, 0x85, REG_ARG_1, REG_ARG_1);
        asm_x64_jcc_label(as, X64_CC_E, l_skip);
        call_fun_table(emit, F_SWAP_GLOBALS);
        call_fun_table(emit, F_NLR_POP);
        asm_x64_label_assign(as, l_skip);
        mov_slot_to_reg(emit, REG_RET, ret_val_slot(emit));
    }
    asm_x64_sub_rsp_imm(as, -(int32_t)(8 * (emit->n_frame | 1)));
    asm_x64_pop(as, X64_R13);
    asm_x64_pop(as, X64_R12);
    asm_x64_pop(as, X64_RBX);
    asm_x64_pop(as, X64_RBP);
    asm_x64_ret(as);
}

static bool mp_emit_native_end_pass(emit_t *emit) {
    emit_exit_sequence(emit);
    if (emit->pass == MP_PASS_STACK_SIZE) {
        emit->scope->stack_size = (uint16_t)emit->max_stack_size;
        emit->found_uses_fun_obj = emit->uses_fun_obj;
        emit->found_refs_globals = emit->refs_globals;
        emit->found_has_try = emit->has_try;
    }
    return false;
}

static bool mp_emit_native_last_emit_was_return_value(emit_t *emit) {
    return emit->last_emit_was_return_value;
}

/* ---- prelude (native-Python only, native.md 4.1) ------------------------ */

static void put_vuint(vstr_t *v, size_t x) {
    byte tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = x & 0x7f;
        x >>= 7;
    } while (x != 0);
    for (size_t i = 0; i < n; i++) {
        vstr_add_byte(v, (byte)(tmp[n - 1 - i] | (i + 1 < n ? 0x80 : 0)));
    }
}

/* the prelude's signature and size fields (persist/mpyfmt.c) */
static void put_signature(vstr_t *v, size_t S, size_t E, size_t F, size_t A, size_t K, size_t D) {
    byte field[MPY_PRELUDE_FIELD_MAX];
    vstr_add_strn(v, (const char *)field, mpy_encode_prelude_signature(field, S, E, F, A, K, D));
}

static void put_size(vstr_t *v, size_t I, size_t C) {
    byte field[MPY_PRELUDE_FIELD_MAX];
    vstr_add_strn(v, (const char *)field, mpy_encode_prelude_size(field, I, C));
}

static qstr arg_name(scope_t *scope, size_t i) {
    for (size_t j = 0; j < scope->id_info_len; j++) {
        id_info_t *id = &scope->id_info[j];
        if ((id->flags & ID_FLAG_IS_PARAM) && id->kind != ID_KIND_FREE && id->local_num == i
            && id->qst != MP_QSTR_) {
            return id->qst;
        }
    }
    return MP_QSTR__star_;
}

static void build_prelude(emit_t *emit, vstr_t *out) {
    scope_t *scope = emit->scope;
    mp_emit_common_t *common = emit->common;
    vstr_t info;
    vstr_init(&info, 16);
    put_vuint(&info, mp_emit_common_use_qstr(common, scope->simple_name));
    size_t n_args = scope->num_pos_args + scope->num_kwonly_args;
    for (size_t i = 0; i < n_args; i++) {
        put_vuint(&info, mp_emit_common_use_qstr(common, arg_name(scope, i)));
    }
    vstr_t cells;
    vstr_init(&cells, 4);
    for (size_t j = 0; j < scope->id_info_len; j++) {
        if (scope->id_info[j].kind == ID_KIND_CELL) {
            vstr_add_byte(&cells, (byte)scope->id_info[j].local_num);
        }
    }
    size_t n_state = emit->n_state == 0 ? 1 : emit->n_state;
    put_signature(out, n_state - 1, 0, scope->scope_flags & 0x0f, scope->num_pos_args,
        scope->num_kwonly_args, scope->num_def_pos_args);
    put_size(out, info.len, cells.len);
    vstr_add_strn(out, info.buf, info.len);
    vstr_add_strn(out, cells.buf, cells.len);
    vstr_clear(&info);
    vstr_clear(&cells);
}

static void mp_emit_native_finish(emit_t *emit) {
    scope_t *scope = emit->scope;
    mp_raw_code_t *rc = scope->raw_code;
    vstr_t out;
    vstr_init(&out, emit->as.len + 16);
    vstr_add_strn(&out, (const char *)emit->as.buf, emit->as.len);
    if (emit->is_viper) {
        rc->kind = MP_CODE_NATIVE_VIPER;
        rc->scope_flags = 0;
        rc->prelude_offset = 0;
    } else {
        rc->kind = MP_CODE_NATIVE_PY;
        rc->prelude_offset = (uint16_t)emit->as.len;
        /* word 0 of fun_data: index of the prelude pointer = n_children */
        out.buf[0] = (char)(emit->n_children & 0xff);
        out.buf[1] = (char)(emit->n_children >> 8);
        build_prelude(emit, &out);
        rc->scope_flags = scope->scope_flags;
    }
    rc->is_generator = (scope->scope_flags & MP_SCOPE_FLAG_GENERATOR) != 0;
    rc->fun_data_len = out.len;
    byte *data = m_new(byte, out.len);
    memcpy(data, out.buf, out.len);
    rc->fun_data = data;
    vstr_clear(&out);
    rc->fun_data_exec = false;
    rc->n_pos_args = (uint8_t)scope->num_pos_args;
    rc->n_children = (uint16_t)emit->n_children;
    if (emit->n_children) {
        rc->children = m_new(mp_raw_code_t *, emit->n_children);
        memcpy(rc->children, emit->children, emit->n_children * sizeof(mp_raw_code_t *));
    } else {
        rc->children = NULL;
    }
}

/* ---- labels -------------------------------------------------------------- */

static exc_block_t *exc_block_for_label(emit_t *emit, size_t label) {
    for (size_t i = emit->exc_sp; i-- > 0;) {
        if (emit->exc_stack[i].label == label && emit->exc_stack[i].active) {
            return &emit->exc_stack[i];
        }
    }
    return NULL;
}

/* the innermost try block whose body is still running, below `below` */
static exc_block_t *enclosing_active(emit_t *emit, size_t below) {
    for (size_t i = below; i-- > 0;) {
        if (emit->exc_stack[i].active) {
            return &emit->exc_stack[i];
        }
    }
    return NULL;
}

/* frame[H] = address of the handler that now protects the code, or 0 */
static void set_handler_slot(emit_t *emit, exc_block_t *blk) {
    need_reg_single(emit, REG_RET, 0);
    if (blk != NULL) {
        asm_x64_lea_label(&emit->as, REG_RET, ASM_LABEL(blk->label));
    } else {
        asm_x64_alu_r64_r64(&emit->as, 0x31, REG_RET, REG_RET);
    }
    mov_reg_to_slot(emit, HANDLER_SLOT, REG_RET);
}

static void mp_emit_native_label_assign(emit_t *emit, size_t label) {
    exc_block_t *blk = exc_block_for_label(emit, label);
    if (blk != NULL && blk->kind == MP_EMIT_SETUP_BLOCK_WITH) {
        /* the with's handler label is placed inside with_cleanup; here the
         * block only stops protecting */
        blk->active = false;
        set_handler_slot(emit, enclosing_active(emit, (size_t)(blk - emit->exc_stack)));
        return;
    }
    if (blk != NULL && blk->kind != MP_EMIT_SETUP_BLOCK_EXCEPT && !emit->as.suppress) {
        /* falling into a finally: its value (None) is the "exception" */
        load_entry_to_reg(emit, emit->stack_size - 1, REG_RET);
        mov_reg_to_slot(emit, 1, REG_RET);
    }
    if (!emit->as.suppress) {
        need_stack_settled(emit);
    } else {
        /* entered only by jumps, which settle: everything is in its slot */
        for (int i = 0; i < emit->stack_size; i++) {
            emit->stack[i].kind = ST_VALUE;
        }
    }
    emit->as.suppress = false;
    emit->last_emit_was_return_value = false;
    asm_x64_label_assign(&emit->as, ASM_LABEL(label));
    if (blk != NULL) {
        /* the handler runs unprotected by its own block */
        blk->active = false;
        exc_block_t *outer = enclosing_active(emit, (size_t)(blk - emit->exc_stack));
        if (blk->kind != MP_EMIT_SETUP_BLOCK_EXCEPT || outer != NULL) {
            /* (an except handler is entered through the nlr path, which
             * already cleared H) */
            set_handler_slot(emit, outer);
        }
    }
}

static void mp_emit_native_set_source_line(emit_t *emit, size_t line) {
    (void)emit;
    (void)line;
}

static void mp_emit_native_adjust_stack_size(emit_t *emit, int delta) {
    adjust_stack(emit, delta);
}

/* ---- constants ---------------------------------------------------------- */

static void load_fun_obj_to(emit_t *emit, int reg) {
    emit->uses_fun_obj = true;
    mov_slot_to_reg(emit, reg, fun_obj_slot(emit));
}

static void load_const_obj_index(emit_t *emit, size_t idx) {
    need_reg_single(emit, REG_TEMP0, 0);
    load_fun_obj_to(emit, REG_TEMP0);
    asm_x64_mov_r64_mem(&emit->as, REG_TEMP0, REG_TEMP0, 8);
    asm_x64_mov_r64_mem(&emit->as, REG_TEMP0, REG_TEMP0, 24);
    asm_x64_mov_r64_mem(&emit->as, REG_TEMP0, REG_TEMP0, (int32_t)(idx * 8));
    push_reg(emit, MP_VTYPE_PYOBJ, REG_TEMP0);
}

static void mp_emit_native_load_const_obj(emit_t *emit, mp_obj_t obj) {
    size_t idx = mp_emit_common_use_const(emit->common, obj);
    emit->uses_fun_obj = true;
    load_const_obj_index(emit, idx);
}

static void mp_emit_native_load_const_tok(emit_t *emit, emit_tok_t tok) {
    if (tok == MP_EMIT_TOK_ELLIPSIS) {
        mp_emit_native_load_const_obj(emit, mp_const_ellipsis);
        return;
    }
    if (emit->is_viper) {
        if (tok == MP_EMIT_TOK_NONE) {
            push_imm(emit, MP_VTYPE_PTR_NONE, 0);
        } else {
            push_imm(emit, MP_VTYPE_BOOL, tok == MP_EMIT_TOK_TRUE ? 1 : 0);
        }
        return;
    }
    int idx = tok == MP_EMIT_TOK_NONE ? F_CONST_NONE : tok == MP_EMIT_TOK_FALSE ? F_CONST_FALSE : F_CONST_TRUE;
    push_imm(emit, MP_VTYPE_PYOBJ, idx);
    peek(emit, 0)->kind = ST_FUNTAB;
}

static void mp_emit_native_load_const_small_int(emit_t *emit, mp_int_t arg) {
    if (emit->is_viper) {
        push_imm(emit, MP_VTYPE_INT, arg);
    } else {
        push_imm(emit, MP_VTYPE_PYOBJ, (int64_t)(((uint64_t)arg << 1) | 1));
    }
}

static void mp_emit_native_load_const_str(emit_t *emit, qstr qst) {
    /* string constants are objects of the constant table (native.md 8.4) */
    size_t len;
    const byte *data = qstr_data(qst, &len);
    mp_emit_native_load_const_obj(emit, mp_obj_new_str((const char *)data, len));
}

static void mp_emit_native_load_null(emit_t *emit) {
    push_imm(emit, MP_VTYPE_PYOBJ, 0);
}

/* ---- locals ------------------------------------------------------------- */

static int local_vtype_for_load(emit_t *emit, qstr qst, size_t local_num) {
    int vtype = emit->local_vtype[local_num];
    if (vtype == MP_VTYPE_UNBOUND) {
        if (emit->pass >= MP_PASS_CODE_SIZE) {
            viper_type_error("local '%s' used before type known", qstr_str(qst));
        }
        vtype = MP_VTYPE_PYOBJ;
    }
    return vtype;
}

static void mp_emit_native_load_local(emit_t *emit, qstr qst, size_t local_num, emit_local_kind_t kind) {
    int vtype = local_vtype_for_load(emit, qst, local_num);
    if (local_in_reg(emit, local_num)) {
        if (kind == MP_EMIT_IDOP_LOCAL_DEREF) {
            /* the local holds a cell: its value is word 1 */
            need_reg_single(emit, REG_TEMP0, 0);
            asm_x64_mov_r64_mem(&emit->as, REG_TEMP0, local_reg(local_num), 8);
            push_reg(emit, vtype, REG_TEMP0);
            return;
        }
        push_reg(emit, vtype, local_reg(local_num));
        return;
    }
    need_reg_single(emit, REG_TEMP0, 0);
    mov_slot_to_reg(emit, REG_TEMP0, local_slot(emit, local_num));
    if (kind == MP_EMIT_IDOP_LOCAL_DEREF) {
        asm_x64_mov_r64_mem(&emit->as, REG_TEMP0, REG_TEMP0, 8);
    }
    push_reg(emit, vtype, REG_TEMP0);
}

static void set_local_vtype(emit_t *emit, qstr qst, size_t local_num, int vtype) {
    int cur = emit->local_vtype[local_num];
    if (cur == MP_VTYPE_UNBOUND) {
        emit->local_vtype[local_num] = (uint8_t)vtype;
    } else if (cur != vtype && emit->is_viper) {
        viper_type_error("local '%s' has type '%s' but source is '%s'", qstr_str(qst),
            vtype_name(cur), vtype_name(vtype));
    }
}

static void mp_emit_native_store_local(emit_t *emit, qstr qst, size_t local_num, emit_local_kind_t kind) {
    if (kind == MP_EMIT_IDOP_LOCAL_DEREF) {
        /* rax and rdi are freed (even the value itself is stored to its
         * slot if it is in one of them, as the reference does), the cell
         * goes on the stack (it counts for n_state), then cell[1] = value */
        need_reg_single(emit, REG_TEMP0, 0);
        need_reg_single(emit, REG_TEMP1, 0);
        if (local_in_reg(emit, local_num)) {
            push_reg(emit, MP_VTYPE_PYOBJ, local_reg(local_num));
        } else {
            mov_slot_to_reg(emit, REG_TEMP0, local_slot(emit, local_num));
            push_reg(emit, MP_VTYPE_PYOBJ, REG_TEMP0);
        }
        int cell, value = REG_TEMP1;
        pop_reg_flexible(emit, &cell, REG_TEMP0, -1, -1);
        stack_info_t *v = peek(emit, 0);
        if (v->vtype == MP_VTYPE_PYOBJ && v->kind == ST_REG && v->reg != REG_TEMP0
            && v->reg != REG_TEMP1) {
            value = v->reg;
            emit->stack_size--;
        } else {
            pop_obj_to_reg(emit, REG_TEMP1);
        }
        asm_x64_mov_mem_r64(&emit->as, cell, 8, value);
        return;
    }
    int vtype = peek(emit, 0)->vtype;
    set_local_vtype(emit, qst, local_num, vtype);
    if (local_in_reg(emit, local_num)) {
        pop_reg(emit, local_reg(local_num));
    } else {
        pop_reg(emit, REG_TEMP0);
        mov_reg_to_slot(emit, local_slot(emit, local_num), REG_TEMP0);
    }
}

/* `del x` stores None (native.md 9.2); a cell is left alone */
static void mp_emit_native_load_const_tok(emit_t *emit, emit_tok_t tok);

static void mp_emit_native_delete_local(emit_t *emit, qstr qst, size_t local_num, emit_local_kind_t kind) {
    if (kind == MP_EMIT_IDOP_LOCAL_DEREF) {
        return;
    }
    mp_emit_native_load_const_tok(emit, MP_EMIT_TOK_NONE);
    mp_emit_native_store_local(emit, qst, local_num, kind);
}

/* ---- globals, attributes, subscripts ------------------------------------- */

static void mp_emit_native_load_global(emit_t *emit, qstr qst, emit_global_kind_t kind) {
    if (emit->is_viper) {
        /* `object(x)` is a real call, the other type names are casts */
        int vtype = mp_native_vtype_from_qstr(qst);
        if (vtype > MP_VTYPE_PYOBJ) {
            push_imm(emit, MP_VTYPE_BUILTIN_CAST, vtype);
            return;
        }
    }
    if (kind == MP_EMIT_IDOP_GLOBAL_GLOBAL) {
        emit->refs_globals = true;
    }
    call_with_qstr_arg(emit, kind == MP_EMIT_IDOP_GLOBAL_NAME ? F_LOAD_NAME : F_LOAD_GLOBAL, qst, REG_ARG_1);
    push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
}

static void mp_emit_native_store_global(emit_t *emit, qstr qst, emit_global_kind_t kind) {
    if (kind == MP_EMIT_IDOP_GLOBAL_GLOBAL) {
        emit->refs_globals = true;
    }
    pop_obj_to_reg(emit, REG_ARG_2);
    call_with_qstr_arg(emit, kind == MP_EMIT_IDOP_GLOBAL_NAME ? F_STORE_NAME : F_STORE_GLOBAL, qst, REG_ARG_1);
}

static void mp_emit_native_delete_global(emit_t *emit, qstr qst, emit_global_kind_t kind) {
    if (kind == MP_EMIT_IDOP_GLOBAL_GLOBAL) {
        emit->refs_globals = true;
    }
    call_with_qstr_arg(emit, kind == MP_EMIT_IDOP_GLOBAL_NAME ? F_DELETE_NAME : F_DELETE_GLOBAL, qst, REG_ARG_1);
}

static void mp_emit_native_load_attr(emit_t *emit, qstr qst) {
    pop_obj_to_reg(emit, REG_ARG_1);
    call_with_qstr_arg(emit, F_LOAD_ATTR, qst, REG_ARG_2);
    push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
}

static void mp_emit_native_load_method(emit_t *emit, qstr qst, bool is_super) {
    if (is_super) {
        /* stack [super, class, self] -> [method, self], in place */
        settle_top(emit, 3, REG_ARG_2);
        lea_slot(emit, REG_ARG_2, stack_slot(emit, emit->stack_size - 3));
        pop_discard(emit, 3);
        lea_for_push(emit, REG_ARG_2);
        call_with_qstr_arg(emit, F_LOAD_SUPER_METHOD, qst, REG_ARG_1);
        push_value(emit, MP_VTYPE_PYOBJ);
        push_value(emit, MP_VTYPE_PYOBJ);
        return;
    }
    pop_obj_to_reg(emit, REG_ARG_1);
    /* dest[0..1] go where the base was */
    lea_for_push(emit, REG_ARG_3);
    call_with_qstr_arg(emit, F_LOAD_METHOD, qst, REG_ARG_2);
    push_value(emit, MP_VTYPE_PYOBJ);
    push_value(emit, MP_VTYPE_PYOBJ);
}

static void mp_emit_native_load_build_class(emit_t *emit) {
    call_plain(emit, F_LOAD_BUILD_CLASS);
    push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
}

static void mp_emit_native_store_attr(emit_t *emit, qstr qst) {
    /* stack: value, base */
    pop_obj_to_reg(emit, REG_ARG_1);
    pop_obj_to_reg(emit, REG_ARG_3);
    call_with_qstr_arg(emit, F_STORE_ATTR, qst, REG_ARG_2);
}

static int ptr_shift(int vtype) {
    return vtype == MP_VTYPE_PTR8 ? 0 : vtype == MP_VTYPE_PTR16 ? 1 : 2;
}

static void add_index_to_base(emit_t *emit, int base, int index_reg, int vtype) {
    for (int i = 0; i < (1 << ptr_shift(vtype)); i++) {
        asm_x64_alu_r64_r64(&emit->as, 0x01, base, index_reg);
    }
}

static void mp_emit_native_load_subscr(emit_t *emit) {
    int base_vtype = peek(emit, 1)->vtype;
    if (base_vtype == MP_VTYPE_PYOBJ) {
        /* index, then base */
        pop_obj_to_reg(emit, REG_ARG_2);
        pop_obj_to_reg(emit, REG_ARG_1);
        call_with_imm_arg(emit, F_OBJ_SUBSCR, 4, REG_ARG_3);
        push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
        return;
    }
    if (base_vtype < MP_VTYPE_PTR8 || base_vtype > MP_VTYPE_PTR32) {
        viper_type_error("can't load from '%s'", vtype_name(base_vtype));
    }
    int index_vtype = peek(emit, 0)->vtype;
    if (index_vtype != MP_VTYPE_INT && index_vtype != MP_VTYPE_UINT) {
        viper_type_error("can't load with '%s' index", vtype_name(index_vtype));
    }
    if (peek(emit, 0)->kind == ST_IMM) {
        int64_t off = peek(emit, 0)->imm << ptr_shift(base_vtype);
        emit->stack_size--;
        pop_reg(emit, REG_ARG_1);
        need_reg_single(emit, REG_RET, 0);
        if (base_vtype == MP_VTYPE_PTR8) {
            asm_x64_movzx_mem8(&emit->as, REG_RET, REG_ARG_1, (int32_t)off);
        } else if (base_vtype == MP_VTYPE_PTR16) {
            asm_x64_movzx_mem16(&emit->as, REG_RET, REG_ARG_1, (int32_t)off);
        } else {
            asm_x64_mov_r32_mem32(&emit->as, REG_RET, REG_ARG_1, (int32_t)off);
        }
        push_reg(emit, MP_VTYPE_INT, REG_RET);
        return;
    }
    int index_reg;
    pop_reg_flexible(emit, &index_reg, REG_RET, REG_ARG_1, REG_ARG_1);
    pop_reg(emit, REG_ARG_1);
    add_index_to_base(emit, REG_ARG_1, index_reg, base_vtype);
    need_reg_single(emit, REG_RET, 0);
    if (base_vtype == MP_VTYPE_PTR8) {
        asm_x64_movzx_mem8(&emit->as, REG_RET, REG_ARG_1, 0);
    } else if (base_vtype == MP_VTYPE_PTR16) {
        asm_x64_movzx_mem16(&emit->as, REG_RET, REG_ARG_1, 0);
    } else {
        asm_x64_mov_r32_mem32(&emit->as, REG_RET, REG_ARG_1, 0);
    }
    push_reg(emit, MP_VTYPE_INT, REG_RET);
}

static void store_through_ptr(emit_t *emit, int vtype, int base, int32_t off, int src) {
    if (vtype == MP_VTYPE_PTR8) {
        asm_x64_mov_mem8_r(&emit->as, base, off, src);
    } else if (vtype == MP_VTYPE_PTR16) {
        asm_x64_mov_mem16_r(&emit->as, base, off, src);
    } else {
        asm_x64_mov_mem32_r(&emit->as, base, off, src);
    }
}

static void mp_emit_native_store_subscr(emit_t *emit) {
    /* stack: value, base, index */
    int base_vtype = peek(emit, 1)->vtype;
    if (base_vtype == MP_VTYPE_PYOBJ) {
        pop_obj_to_reg(emit, REG_ARG_2);
        pop_obj_to_reg(emit, REG_ARG_1);
        pop_obj_to_reg(emit, REG_ARG_3);
        call_plain(emit, F_OBJ_SUBSCR);
        return;
    }
    if (base_vtype < MP_VTYPE_PTR8 || base_vtype > MP_VTYPE_PTR32) {
        viper_type_error("can't store to '%s'", vtype_name(base_vtype));
    }
    int index_vtype = peek(emit, 0)->vtype;
    if (index_vtype != MP_VTYPE_INT && index_vtype != MP_VTYPE_UINT) {
        viper_type_error("can't store with '%s' index", vtype_name(index_vtype));
    }
    int value_vtype = peek(emit, 2)->vtype;
    if (value_vtype != MP_VTYPE_BOOL && value_vtype != MP_VTYPE_INT && value_vtype != MP_VTYPE_UINT) {
        viper_type_error("can't store '%s'", vtype_name(value_vtype));
    }
    if (peek(emit, 0)->kind == ST_IMM) {
        int64_t off = peek(emit, 0)->imm << ptr_shift(base_vtype);
        emit->stack_size--;
        pop_reg(emit, REG_ARG_1);
        pop_reg(emit, REG_ARG_3);
        store_through_ptr(emit, base_vtype, REG_ARG_1, (int32_t)off, REG_ARG_3);
        return;
    }
    int index_reg;
    pop_reg_flexible(emit, &index_reg, REG_RET, REG_ARG_1, REG_ARG_3);
    pop_reg(emit, REG_ARG_1);
    pop_reg(emit, REG_ARG_3);
    add_index_to_base(emit, REG_ARG_1, index_reg, base_vtype);
    store_through_ptr(emit, base_vtype, REG_ARG_1, 0, REG_ARG_3);
}

/* ---- stack manipulation ------------------------------------------------- */

static void mp_emit_native_dup_top(emit_t *emit) {
    int reg;
    int vtype = pop_reg_flexible(emit, &reg, REG_TEMP0, -1, -1);
    push_reg(emit, vtype, reg);
    push_reg(emit, vtype, reg);
}

static void mp_emit_native_dup_top_two(emit_t *emit) {
    int v0 = pop_reg(emit, REG_TEMP0);
    int v1 = pop_reg(emit, REG_TEMP1);
    push_reg(emit, v1, REG_TEMP1);
    push_reg(emit, v0, REG_TEMP0);
    push_reg(emit, v1, REG_TEMP1);
    push_reg(emit, v0, REG_TEMP0);
}

static void mp_emit_native_pop_top(emit_t *emit) {
    pop_discard(emit, 1);
}

static void mp_emit_native_rot_two(emit_t *emit) {
    int v0 = pop_reg(emit, REG_TEMP0);
    int v1 = pop_reg(emit, REG_TEMP1);
    push_reg(emit, v0, REG_TEMP0);
    push_reg(emit, v1, REG_TEMP1);
}

static void mp_emit_native_rot_three(emit_t *emit) {
    int v0 = pop_reg(emit, REG_TEMP0);
    int v1 = pop_reg(emit, REG_TEMP1);
    int v2 = pop_reg(emit, REG_TEMP2);
    push_reg(emit, v0, REG_TEMP0);
    push_reg(emit, v2, REG_TEMP2);
    push_reg(emit, v1, REG_TEMP1);
}

/* ---- jumps --------------------------------------------------------------- */

static void mp_emit_native_jump(emit_t *emit, size_t label) {
    need_stack_settled(emit);
    asm_x64_jmp_label(&emit->as, ASM_LABEL(label));
    emit->as.suppress = true;
}

/* pop a condition and test it; leaves the flags for a jcc on "nonzero" */
static void pop_and_test_cond(emit_t *emit) {
    int vtype = peek(emit, 0)->vtype;
    if (vtype == MP_VTYPE_PYOBJ) {
        pop_reg(emit, REG_ARG_1);
        call_plain(emit, F_OBJ_IS_TRUE);
        need_stack_settled(emit);
        asm_x64_test_r8_r8(&emit->as, X64_RAX, X64_RAX);
    } else if (vtype == MP_VTYPE_BOOL || vtype == MP_VTYPE_INT || vtype == MP_VTYPE_UINT) {
        pop_reg(emit, REG_RET);
        need_stack_settled(emit);
        asm_x64_alu_r64_r64(&emit->as, 0x85, REG_RET, REG_RET);
    } else {
        viper_type_error("can't implicitly convert '%s' to 'bool'", vtype_name(vtype));
    }
}

static void mp_emit_native_pop_jump_if(emit_t *emit, bool cond, size_t label) {
    pop_and_test_cond(emit);
    asm_x64_jcc_label(&emit->as, cond ? X64_CC_NE : X64_CC_E, ASM_LABEL(label));
}

/* and/or: test a copy of the top; it stays on the stack (settled) for
 * the jump and is popped on the fall-through path */
static void mp_emit_native_jump_if_or_pop(emit_t *emit, bool cond, size_t label) {
    int vtype = peek(emit, 0)->vtype;
    if (vtype == MP_VTYPE_PYOBJ) {
        load_entry_to_reg(emit, emit->stack_size - 1, REG_ARG_1);
        call_plain(emit, F_OBJ_IS_TRUE);
        need_stack_settled(emit);
        asm_x64_test_r8_r8(&emit->as, X64_RAX, X64_RAX);
    } else if (vtype == MP_VTYPE_BOOL || vtype == MP_VTYPE_INT || vtype == MP_VTYPE_UINT) {
        need_reg_single(emit, REG_RET, 1);
        load_entry_to_reg(emit, emit->stack_size - 1, REG_RET);
        need_stack_settled(emit);
        asm_x64_alu_r64_r64(&emit->as, 0x85, REG_RET, REG_RET);
    } else {
        viper_type_error("can't implicitly convert '%s' to 'bool'", vtype_name(vtype));
    }
    asm_x64_jcc_label(&emit->as, cond ? X64_CC_NE : X64_CC_E, ASM_LABEL(label));
    pop_discard(emit, 1);
}

static bool unwind_through_finally(emit_t *emit, size_t n, size_t dest);

static void mp_emit_native_unwind_jump(emit_t *emit, size_t label, size_t except_depth) {
    size_t n = except_depth & 0x7f;
    if (n > emit->exc_sp) {
        n = emit->exc_sp;
    }
    need_stack_settled(emit);
    if (n > 0 && unwind_through_finally(emit, n, ASM_LABEL(label))) {
        emit->as.suppress = true;
        return;
    }
    mp_emit_native_jump(emit, label);
}

static void mp_emit_native_load_method(emit_t *emit, qstr qst, bool is_super);
static void mp_emit_native_call_method(emit_t *emit, size_t n_positional, size_t n_keyword,
    size_t star_flags);

/* with: [mgr] -> [__exit__ method, self, (spare), __enter__() result] */
static void emit_with_enter(emit_t *emit) {
    load_entry_to_reg(emit, emit->stack_size - 1, REG_ARG_1);
    lea_for_push(emit, REG_ARG_3);
    call_with_qstr_arg(emit, F_LOAD_METHOD, MP_QSTR___exit__, REG_ARG_2);
    push_value(emit, MP_VTYPE_PYOBJ);
    push_value(emit, MP_VTYPE_PYOBJ);
    pop_reg(emit, REG_ARG_3);
    pop_reg(emit, REG_ARG_2);
    pop_reg(emit, REG_ARG_1);
    push_reg(emit, MP_VTYPE_PYOBJ, REG_ARG_2);
    push_reg(emit, MP_VTYPE_PYOBJ, REG_ARG_3);
    push_reg(emit, MP_VTYPE_PYOBJ, REG_ARG_1);
    mp_emit_native_load_method(emit, MP_QSTR___enter__, false);
    mp_emit_native_call_method(emit, 0, 0, 0);
}

static void mp_emit_native_setup_block(emit_t *emit, size_t label, emit_setup_kind_t kind) {
    emit->has_try = true;
    if (kind == MP_EMIT_SETUP_BLOCK_WITH) {
        emit_with_enter(emit);
    }
    if (emit->exc_sp == emit->exc_alloc) {
        size_t n = emit->exc_alloc * 2 + 8;
        emit->exc_stack = m_renew(exc_block_t, emit->exc_stack, emit->exc_alloc, n);
        emit->exc_alloc = n;
    }
    exc_block_t *blk = &emit->exc_stack[emit->exc_sp++];
    blk->label = label;
    blk->kind = (uint8_t)kind;
    blk->active = true;
    blk->unwind_used = false;
    need_stack_settled(emit);
    set_handler_slot(emit, blk);
    if (kind == MP_EMIT_SETUP_BLOCK_WITH) {
        int reg = REG_RET;
        pop_reg(emit, reg);
        push_reg(emit, MP_VTYPE_PYOBJ, reg);
        push_reg(emit, MP_VTYPE_PYOBJ, reg);
    }
}

/* __exit__(a, b, c) with [exit, self, a, b, c] at stack positions base.. */
static void emit_call_exit(emit_t *emit, int base) {
    lea_slot(emit, REG_ARG_3, stack_slot(emit, base));
    asm_x64_mov_r64_imm(&emit->as, REG_ARG_1, 3);
    asm_x64_mov_r64_imm(&emit->as, REG_ARG_2, 0);
    call_fun_table(emit, F_CALL_METHOD_N_KW);
}

/* The end of a with block: __exit__(None, None, None) when it completed
 * (or unwinds), __exit__(type, exc, None) when an exception arrived (the
 * block's handler label is placed here); a true result swallows it. */
static void mp_emit_native_with_cleanup(emit_t *emit) {
    asm_x64_t *as = &emit->as;
    exc_block_t *blk = &emit->exc_stack[emit->exc_sp - 1];
    /* stack: exit, self, spare, None */
    int base = emit->stack_size - 4;
    if (base + 5 > emit->max_stack_size) {
        emit->max_stack_size = base + 5; /* the third argument's slot */
    }
    size_t l_none = PRIV_LABEL(emit->n_priv_labels++);
    size_t l_end = PRIV_LABEL(emit->n_priv_labels++);
    size_t l_reraise = PRIV_LABEL(emit->n_priv_labels++);
    need_reg_all(emit);
    as->suppress = false; /* a label, also reached from the handler below */
    asm_x64_label_assign(as, l_none);
    for (int i = 4; i >= 2; i--) {
        asm_x64_mov_r64_mem(as, REG_ARG_3, REG_FUN_TABLE, F_CONST_NONE * 8);
        mov_reg_to_slot(emit, stack_slot(emit, base + i), REG_ARG_3);
    }
    emit_call_exit(emit, base);
    asm_x64_jmp_label(as, l_end);
    as->suppress = false;
    asm_x64_label_assign(as, ASM_LABEL(blk->label));
    exc_block_t *outer = enclosing_active(emit, emit->exc_sp - 1);
    if (outer != NULL) {
        /* (entered through the nlr path, which cleared H) */
        set_handler_slot(emit, outer);
    }
    mov_slot_to_reg(emit, REG_ARG_1, 1);
    asm_x64_alu_r64_r64(as, 0x85, REG_ARG_1, REG_ARG_1);
    asm_x64_jcc_label(as, X64_CC_E, l_none);
    asm_x64_mov_r64_mem(as, REG_ARG_2, REG_ARG_1, 0);
    mov_reg_to_slot(emit, stack_slot(emit, base + 2), REG_ARG_2);
    mov_reg_to_slot(emit, stack_slot(emit, base + 3), REG_ARG_1);
    asm_x64_mov_r64_mem(as, REG_ARG_3, REG_FUN_TABLE, F_CONST_NONE * 8);
    mov_reg_to_slot(emit, stack_slot(emit, base + 4), REG_ARG_3);
    emit_call_exit(emit, base);
    asm_x64_mov_r64_r64(as, REG_ARG_1, REG_RET);
    call_fun_table(emit, F_OBJ_IS_TRUE);
    asm_x64_test_r8_r8(as, X64_RAX, X64_RAX);
    asm_x64_jcc_label(as, X64_CC_E, l_reraise);
    asm_x64_label_assign(as, l_end);
    asm_x64_alu_r64_r64(as, 0x31, REG_RET, REG_RET);
    mov_reg_to_slot(emit, 1, REG_RET);
    asm_x64_label_assign(as, l_reraise);
    for (int i = 0; i < emit->stack_size - base; i++) {
        emit->stack[base + i].kind = ST_VALUE;
    }
    /* leave [exit] for END_FINALLY to pop */
    emit->stack_size = base + 1;
}

/* end of a finally (or of an except clause list): re-raise the pending
 * exception if any; a finally then continues a pending return/break */
static void mp_emit_native_end_finally(emit_t *emit) {
    exc_block_t *blk = emit->exc_sp > 0 ? &emit->exc_stack[--emit->exc_sp] : NULL;
    pop_discard(emit, 1);
    need_stack_settled(emit);
    mov_slot_to_reg(emit, REG_ARG_1, 1);
    call_fun_table(emit, F_RAISE);
    if (blk != NULL && blk->kind != MP_EMIT_SETUP_BLOCK_EXCEPT && blk->unwind_used) {
        mov_slot_to_reg(emit, REG_RET, unwind_slot(emit));
        asm_x64_alu_r64_r64(&emit->as, 0x85, REG_RET, REG_RET);
        size_t l_skip = PRIV_LABEL(emit->n_priv_labels++);
        asm_x64_jcc_label_rel32(&emit->as, X64_CC_E, l_skip);
        /* a pending unwind continues through an enclosing finally */
        exc_block_t *outer = NULL;
        for (size_t i = emit->exc_sp; i-- > 0;) {
            if (emit->exc_stack[i].active && emit->exc_stack[i].kind != MP_EMIT_SETUP_BLOCK_EXCEPT) {
                outer = &emit->exc_stack[i];
                break;
            }
        }
        if (outer != NULL) {
            outer->unwind_used = true;
            asm_x64_jmp_label(&emit->as, ASM_LABEL(outer->label));
        } else {
            asm_x64_jmp_ind(&emit->as, REG_RET);
        }
        emit->as.suppress = false; /* a label: reachable after dead code */
        asm_x64_label_assign(&emit->as, l_skip);
    }
}

static void mp_emit_native_pop_except_jump(emit_t *emit, size_t label) {
    exc_block_t *top = emit->exc_sp > 0 ? &emit->exc_stack[emit->exc_sp - 1] : NULL;
    if (top != NULL && top->active) {
        /* the protected body completed: leave the block */
        set_handler_slot(emit, enclosing_active(emit, emit->exc_sp - 1));
    } else {
        /* a handler completed: the exception is dealt with */
        need_reg_single(emit, REG_RET, 0);
        asm_x64_alu_r64_r64(&emit->as, 0x31, REG_RET, REG_RET);
        mov_reg_to_slot(emit, 1, REG_RET);
    }
    mp_emit_native_jump(emit, label);
}

static void mp_emit_native_delete_attr(emit_t *emit, qstr qst) {
    pop_obj_to_reg(emit, REG_ARG_1);
    asm_x64_alu_r64_r64(&emit->as, 0x31, REG_ARG_3, REG_ARG_3);
    call_with_qstr_arg(emit, F_STORE_ATTR, qst, REG_ARG_2);
}

static void mp_emit_native_delete_subscr(emit_t *emit) {
    pop_obj_to_reg(emit, REG_ARG_2);
    pop_obj_to_reg(emit, REG_ARG_1);
    call_with_imm_arg(emit, F_OBJ_SUBSCR, 0, REG_ARG_3);
}

static void mp_emit_native_start_except_handler(emit_t *emit) {
    need_reg_single(emit, REG_RET, 0);
    mov_slot_to_reg(emit, REG_RET, 1);
    push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
}

static void mp_emit_native_end_except_handler(emit_t *emit) {
    (void)emit;
}

/* Leave `n` try blocks towards `dest` (an asm label): through the
 * innermost finally among them if any (it resumes at dest via the unwind
 * slot), else directly. Returns true if it jumped to a finally. */
static bool unwind_through_finally(emit_t *emit, size_t n, size_t dest) {
    for (size_t i = emit->exc_sp; i-- > emit->exc_sp - n;) {
        exc_block_t *blk = &emit->exc_stack[i];
        if (blk->active && blk->kind != MP_EMIT_SETUP_BLOCK_EXCEPT) {
            blk->unwind_used = true;
            asm_x64_lea_label(&emit->as, REG_RET, dest);
            mov_reg_to_slot(emit, unwind_slot(emit), REG_RET);
            asm_x64_mov_r64_imm(&emit->as, REG_RET, 0);
            mov_reg_to_slot(emit, 1, REG_RET);
            asm_x64_jmp_label(&emit->as, ASM_LABEL(blk->label));
            return true;
        }
    }
    set_handler_slot(emit, enclosing_active(emit, emit->exc_sp - n));
    return false;
}

/* ---- iteration ----------------------------------------------------------- */

static void mp_emit_native_get_iter(emit_t *emit, bool use_stack) {
    pop_obj_to_reg(emit, REG_ARG_1);
    if (use_stack) {
        lea_for_push(emit, REG_ARG_2);
        call_plain(emit, F_GETITER);
        for (int i = 0; i < 4; i++) {
            push_value(emit, MP_VTYPE_PYOBJ);
        }
    } else {
        /* (the NULL buffer is set before registers are spilled) */
        asm_x64_mov_r64_imm(&emit->as, REG_ARG_2, 0);
        call_plain(emit, F_GETITER);
        push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
    }
}

static void mp_emit_native_for_iter(emit_t *emit, size_t label) {
    lea_slot(emit, REG_ARG_1, stack_slot(emit, emit->stack_size - 4));
    call_plain(emit, F_ITERNEXT);
    asm_x64_alu_r64_r64(&emit->as, 0x85, REG_RET, REG_RET);
    asm_x64_jcc_label(&emit->as, X64_CC_E, ASM_LABEL(label));
    push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
}

static void mp_emit_native_for_iter_end(emit_t *emit) {
    pop_discard(emit, 4);
}

/* ---- operators ----------------------------------------------------------- */

static void mp_emit_native_unary_op(emit_t *emit, mp_unary_op_t op) {
    int vtype = peek(emit, 0)->vtype;
    if (vtype == MP_VTYPE_PYOBJ) {
        pop_reg(emit, REG_ARG_2);
        call_with_imm_arg(emit, F_UNARY_OP, op, REG_ARG_1);
        push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
        return;
    }
    if (vtype != MP_VTYPE_INT && vtype != MP_VTYPE_UINT) {
        viper_type_error("unary op %s not implemented", "?");
    }
    if (op == MP_UNARY_OP_POSITIVE) {
        return;
    }
    if (op == MP_UNARY_OP_NOT) {
        viper_type_error("'not' not implemented");
    }
    pop_reg(emit, REG_RET);
    if (op == MP_UNARY_OP_NEGATIVE) {
        asm_x64_neg_r64(&emit->as, REG_RET);
    } else if (op == MP_UNARY_OP_INVERT) {
        asm_x64_not_r64(&emit->as, REG_RET);
    } else {
        mp_raise_NotImplementedError("viper unary op");
    }
    push_reg(emit, vtype, REG_RET);
}

static void native_obj_binary_op(emit_t *emit, mp_binary_op_t op) {
    bool invert = false;
    if (op == MP_BINARY_OP_NOT_IN) {
        invert = true;
        op = MP_BINARY_OP_IN;
    } else if (op == MP_BINARY_OP_IS_NOT) {
        invert = true;
        op = MP_BINARY_OP_IS;
    }
    pop_obj_to_reg(emit, REG_ARG_3);
    pop_obj_to_reg(emit, REG_ARG_2);
    call_with_imm_arg(emit, F_BINARY_OP, op, REG_ARG_1);
    if (invert) {
        asm_x64_mov_r64_r64(&emit->as, REG_ARG_2, REG_RET);
        call_with_imm_arg(emit, F_UNARY_OP, MP_UNARY_OP_NOT, REG_ARG_1);
    }
    push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
}

static const char *binary_op_name(mp_binary_op_t op) {
    switch (op) {
        case MP_BINARY_OP_TRUE_DIVIDE:
        case MP_BINARY_OP_INPLACE_TRUE_DIVIDE:
            return "__truediv__";
        case MP_BINARY_OP_POWER:
        case MP_BINARY_OP_INPLACE_POWER:
            return "__pow__";
        case MP_BINARY_OP_MAT_MULTIPLY:
        case MP_BINARY_OP_INPLACE_MAT_MULTIPLY:
            return "__matmul__";
        case MP_BINARY_OP_IN:
        case MP_BINARY_OP_NOT_IN:
            return "__contains__";
        default:
            return "?";
    }
}

static mp_binary_op_t plain_op(mp_binary_op_t op) {
    if (op >= MP_BINARY_OP_INPLACE_OR && op <= MP_BINARY_OP_INPLACE_POWER) {
        return (mp_binary_op_t)(op - MP_BINARY_OP_INPLACE_OR + MP_BINARY_OP_OR);
    }
    return op;
}

static void viper_compare(emit_t *emit, mp_binary_op_t op, int vtype) {
    int rhs;
    pop_reg_flexible(emit, &rhs, REG_ARG_3, REG_RET, REG_ARG_2);
    pop_reg(emit, REG_ARG_2);
    need_reg_single(emit, REG_RET, 0);
    asm_x64_alu_r64_r64(&emit->as, 0x31, REG_RET, REG_RET);
    asm_x64_alu_r64_r64(&emit->as, 0x39, REG_ARG_2, rhs);
    bool sgn = vtype == MP_VTYPE_INT;
    int cc;
    switch (op) {
        case MP_BINARY_OP_LESS:
            cc = sgn ? X64_CC_L : X64_CC_B;
            break;
        case MP_BINARY_OP_MORE:
            cc = sgn ? X64_CC_G : X64_CC_A;
            break;
        case MP_BINARY_OP_EQUAL:
            cc = X64_CC_E;
            break;
        case MP_BINARY_OP_LESS_EQUAL:
            cc = sgn ? X64_CC_LE : X64_CC_BE;
            break;
        case MP_BINARY_OP_MORE_EQUAL:
            cc = sgn ? X64_CC_GE : X64_CC_AE;
            break;
        default:
            cc = X64_CC_NE;
            break;
    }
    asm_x64_setcc_r8(&emit->as, cc, REG_RET);
    push_reg(emit, MP_VTYPE_BOOL, REG_RET);
}

static void mp_emit_native_binary_op(emit_t *emit, mp_binary_op_t op) {
    int vtype_rhs = peek(emit, 0)->vtype;
    int vtype_lhs = peek(emit, 1)->vtype;
    if (!emit->is_viper || (vtype_lhs == MP_VTYPE_PYOBJ && vtype_rhs == MP_VTYPE_PYOBJ)) {
        native_obj_binary_op(emit, op);
        return;
    }
    bool lhs_int = vtype_lhs == MP_VTYPE_INT || vtype_lhs == MP_VTYPE_UINT;
    bool rhs_int = vtype_rhs == MP_VTYPE_INT || vtype_rhs == MP_VTYPE_UINT;
    if (!lhs_int || !rhs_int) {
        if (vtype_lhs >= MP_VTYPE_PTR && vtype_lhs <= MP_VTYPE_PTR32 && rhs_int) {
            /* pointer arithmetic: as int */
        } else {
            viper_type_error("can't do binary op between '%s' and '%s'",
                vtype_name(vtype_lhs), vtype_name(vtype_rhs));
        }
    }
    mp_binary_op_t p = plain_op(op);
    switch (p) {
        case MP_BINARY_OP_LSHIFT:
        case MP_BINARY_OP_RSHIFT: {
            pop_reg(emit, X64_RCX);
            pop_reg(emit, REG_RET);
            int ext = p == MP_BINARY_OP_LSHIFT ? 4 : vtype_lhs == MP_VTYPE_UINT ? 5 : 7;
            asm_x64_shift_r64_cl(&emit->as, ext, REG_RET);
            push_reg(emit, vtype_lhs, REG_RET);
            return;
        }
        case MP_BINARY_OP_FLOOR_DIVIDE:
        case MP_BINARY_OP_MODULO:
            if (vtype_lhs != MP_VTYPE_INT) {
                viper_type_error("div/mod not implemented for uint");
            }
            pop_reg(emit, REG_ARG_2);
            pop_reg(emit, REG_ARG_1);
            call_plain(emit, p == MP_BINARY_OP_FLOOR_DIVIDE ? F_SMALL_INT_FLOOR_DIVIDE : F_SMALL_INT_MODULO);
            push_reg(emit, MP_VTYPE_INT, REG_RET);
            return;
        case MP_BINARY_OP_LESS:
        case MP_BINARY_OP_MORE:
        case MP_BINARY_OP_EQUAL:
        case MP_BINARY_OP_LESS_EQUAL:
        case MP_BINARY_OP_MORE_EQUAL:
        case MP_BINARY_OP_NOT_EQUAL:
            if (vtype_lhs != vtype_rhs) {
                viper_type_error("comparison of int and uint");
            }
            viper_compare(emit, p, vtype_lhs);
            return;
        case MP_BINARY_OP_ADD:
        case MP_BINARY_OP_SUBTRACT:
        case MP_BINARY_OP_MULTIPLY:
        case MP_BINARY_OP_AND:
        case MP_BINARY_OP_OR:
        case MP_BINARY_OP_XOR: {
            int rhs;
            pop_reg_flexible(emit, &rhs, REG_ARG_3, REG_RET, REG_ARG_2);
            pop_reg(emit, REG_ARG_2);
            if (p == MP_BINARY_OP_MULTIPLY) {
                asm_x64_imul_r64_r64(&emit->as, REG_ARG_2, rhs);
            } else {
                uint8_t opc = p == MP_BINARY_OP_ADD ? 0x01 : p == MP_BINARY_OP_SUBTRACT ? 0x29
                    : p == MP_BINARY_OP_AND ? 0x21 : p == MP_BINARY_OP_OR ? 0x09 : 0x31;
                asm_x64_alu_r64_r64(&emit->as, opc, REG_ARG_2, rhs);
            }
            push_reg(emit, vtype_lhs, REG_ARG_2);
            return;
        }
        default:
            viper_type_error("binary op %s not implemented", binary_op_name(op));
    }
}

/* ---- building ------------------------------------------------------------- */

static void mp_emit_native_build(emit_t *emit, size_t n_args, emit_build_kind_t kind) {
    switch (kind) {
        case MP_EMIT_BUILD_TUPLE:
        case MP_EMIT_BUILD_LIST:
        case MP_EMIT_BUILD_SET: {
            settle_and_box_top(emit, (int)n_args, REG_ARG_2);
            lea_slot(emit, REG_ARG_2, stack_slot(emit, emit->stack_size - (int)n_args));
            pop_discard(emit, (int)n_args);
            int fun = kind == MP_EMIT_BUILD_TUPLE ? F_NEW_TUPLE : kind == MP_EMIT_BUILD_LIST ? F_NEW_LIST : F_NEW_SET;
            call_with_imm_arg(emit, fun, (int64_t)n_args, REG_ARG_1);
            push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
            break;
        }
        case MP_EMIT_BUILD_MAP:
            call_with_imm_arg(emit, F_NEW_DICT, (int64_t)n_args, REG_ARG_1);
            push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
            break;
        default: {
            /* slice: start, stop[, step] */
            if (n_args == 2) {
                pop_obj_to_reg(emit, REG_ARG_2);
                pop_obj_to_reg(emit, REG_ARG_1);
                asm_x64_mov_r64_mem(&emit->as, REG_ARG_3, REG_FUN_TABLE, F_CONST_NONE * 8);
            } else {
                pop_obj_to_reg(emit, REG_ARG_3);
                pop_obj_to_reg(emit, REG_ARG_2);
                pop_obj_to_reg(emit, REG_ARG_1);
            }
            call_plain(emit, F_NEW_SLICE);
            push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
            break;
        }
    }
}

static void mp_emit_native_store_map(emit_t *emit) {
    /* stack: map, value, key */
    pop_obj_to_reg(emit, REG_ARG_2);
    pop_obj_to_reg(emit, REG_ARG_3);
    pop_reg(emit, REG_ARG_1);
    call_plain(emit, F_DICT_STORE);
    push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
}

static void mp_emit_native_store_comp(emit_t *emit, emit_comp_kind_t kind, size_t collection_index) {
    int fun;
    if (kind == MP_EMIT_COMP_DICT) {
        pop_obj_to_reg(emit, REG_ARG_2); /* key */
        pop_obj_to_reg(emit, REG_ARG_3); /* value */
        fun = F_DICT_STORE;
        collection_index -= 1;
    } else {
        pop_obj_to_reg(emit, REG_ARG_2);
        fun = kind == MP_EMIT_COMP_LIST ? F_LIST_APPEND : F_SET_STORE;
    }
    int pos = emit->stack_size - (int)collection_index;
    load_entry_to_reg(emit, pos, REG_ARG_1);
    call_plain(emit, fun);
}

static void mp_emit_native_unpack_sequence(emit_t *emit, size_t n_args) {
    pop_obj_to_reg(emit, REG_ARG_1);
    lea_for_push(emit, REG_ARG_3);
    call_with_imm_arg(emit, F_UNPACK_SEQUENCE, (int64_t)n_args, REG_ARG_2);
    for (size_t i = 0; i < n_args; i++) {
        push_value(emit, MP_VTYPE_PYOBJ);
    }
}

static void mp_emit_native_unpack_ex(emit_t *emit, size_t n_left, size_t n_right) {
    pop_obj_to_reg(emit, REG_ARG_1);
    lea_for_push(emit, REG_ARG_3);
    call_with_imm_arg(emit, F_UNPACK_EX, (int64_t)(n_left | (n_right << 8)), REG_ARG_2);
    for (size_t i = 0; i < n_left + n_right + 1; i++) {
        push_value(emit, MP_VTYPE_PYOBJ);
    }
}

/* ---- functions and calls -------------------------------------------------- */

static size_t add_child(emit_t *emit, scope_t *scope) {
    if (emit->n_children == emit->children_alloc) {
        size_t n = emit->children_alloc * 2 + 4;
        emit->children = m_renew(mp_raw_code_t *, emit->children, emit->children_alloc, n);
        emit->children_alloc = n;
    }
    emit->children[emit->n_children] = scope->raw_code;
    return emit->n_children++;
}

/* make_function_from_proto_fun(child, context, defaults or NULL);
 * `defaults_pos` is the stack position of [pos tuple, kw dict], or -1 */
static void emit_make_function_call(emit_t *emit, scope_t *scope, int defaults_pos) {
    size_t idx = add_child(emit, scope);
    /* the new function needs this module's globals: the reference then
     * switches globals in the creating function too */
    emit->refs_globals = true;
    need_reg_single(emit, REG_ARG_2, 0);
    load_fun_obj_to(emit, REG_ARG_2);
    asm_x64_mov_r64_mem(&emit->as, REG_ARG_2, REG_ARG_2, 8);
    if (defaults_pos < 0) {
        need_reg_all(emit);
        asm_x64_mov_r64_imm(&emit->as, REG_ARG_3, 0);
    } else {
        settle_top(emit, emit->stack_size - defaults_pos, REG_ARG_3);
        lea_slot(emit, REG_ARG_3, stack_slot(emit, defaults_pos));
    }
    load_fun_obj_to(emit, REG_TEMP0);
    asm_x64_mov_r64_mem(&emit->as, REG_TEMP0, REG_TEMP0, 16);
    asm_x64_mov_r64_mem(&emit->as, REG_ARG_1, REG_TEMP0, (int32_t)(idx * 8));
    call_plain(emit, F_MAKE_FUNCTION);
}

static void mp_emit_native_make_function(emit_t *emit, scope_t *scope, size_t n_pos_defaults,
    size_t n_kw_defaults) {
    bool defaults = n_pos_defaults != 0 || n_kw_defaults != 0;
    emit_make_function_call(emit, scope, defaults ? emit->stack_size - 2 : -1);
    if (defaults) {
        pop_discard(emit, 2);
    }
    push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
}

static void mp_emit_native_make_closure(emit_t *emit, scope_t *scope, size_t n_closed_over,
    size_t n_pos_defaults, size_t n_kw_defaults) {
    bool defaults = n_pos_defaults != 0 || n_kw_defaults != 0;
    int n = (int)n_closed_over;
    emit_make_function_call(emit, scope, defaults ? emit->stack_size - n - 2 : -1);
    asm_x64_mov_r64_r64(&emit->as, REG_ARG_1, REG_RET);
    asm_x64_mov_r64_imm(&emit->as, REG_ARG_2, n);
    settle_top(emit, n, REG_ARG_3);
    lea_slot(emit, REG_ARG_3, stack_slot(emit, emit->stack_size - n));
    call_plain(emit, F_NEW_CLOSURE);
    pop_discard(emit, n + (defaults ? 2 : 0));
    push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
}

static void viper_cast(emit_t *emit, int to_vtype) {
    stack_info_t *arg = peek(emit, 0);
    if (arg->vtype == MP_VTYPE_PYOBJ) {
        pop_reg(emit, REG_ARG_1);
        pop_discard(emit, 1); /* the cast itself */
        call_with_imm_arg(emit, F_NATIVE_FROM_OBJ, to_vtype, REG_ARG_2);
        push_reg(emit, to_vtype, REG_RET);
        return;
    }
    /* native to native: reinterpret, no code */
    stack_info_t saved = *arg;
    if (saved.kind == ST_VALUE) {
        pop_reg(emit, REG_RET);
        saved.kind = ST_REG;
        saved.reg = REG_RET;
    } else {
        emit->stack_size--;
    }
    pop_discard(emit, 1);
    stack_info_t *si = push_entry(emit);
    *si = saved;
    si->vtype = (uint8_t)to_vtype;
}

/* calls with * or ** arguments: [fun, (self), args, kw pairs, star bitmap]
 * go to call_method_n_kw_var */
static void emit_call_var(emit_t *emit, size_t n_pos, size_t n_kw, bool have_self) {
    int n = (int)(n_pos + 2 * n_kw) + 1 + (have_self ? 2 : 1);
    settle_and_box_top(emit, n, REG_ARG_3);
    lea_slot(emit, REG_ARG_3, stack_slot(emit, emit->stack_size - n));
    pop_discard(emit, n);
    asm_x64_mov_r64_imm(&emit->as, REG_ARG_1, have_self ? 1 : 0);
    asm_x64_mov_r64_imm(&emit->as, REG_ARG_2, (int64_t)(n_pos | (n_kw << 8)));
    call_plain(emit, F_CALL_METHOD_N_KW_VAR);
    push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
}

static void mp_emit_native_call_function(emit_t *emit, size_t n_positional, size_t n_keyword,
    size_t star_flags) {
    if (emit->is_viper && star_flags == 0) {
        stack_info_t *fun = peek(emit, (int)(n_positional + 2 * n_keyword));
        if (fun->vtype == MP_VTYPE_BUILTIN_CAST) {
            if (n_positional != 1 || n_keyword != 0) {
                mp_raise_msg(&mp_type_SyntaxError, "casts take exactly one argument");
            }
            viper_cast(emit, (int)fun->imm);
            return;
        }
    }
    if (star_flags) {
        emit_call_var(emit, n_positional, n_keyword, false);
        return;
    }
    size_t n_args = n_positional + 2 * n_keyword;
    if (n_args > 0) {
        /* no argument array for a call without arguments */
        settle_and_box_top(emit, (int)n_args, REG_ARG_3);
        lea_slot(emit, REG_ARG_3, stack_slot(emit, emit->stack_size - (int)n_args));
        pop_discard(emit, (int)n_args);
    }
    pop_obj_to_reg(emit, REG_ARG_1);
    call_with_imm_arg(emit, F_CALL_FUNCTION_N_KW, (int64_t)(n_positional | (n_keyword << 8)), REG_ARG_2);
    push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
}

static void mp_emit_native_call_method(emit_t *emit, size_t n_positional, size_t n_keyword,
    size_t star_flags) {
    if (star_flags) {
        emit_call_var(emit, n_positional, n_keyword, true);
        return;
    }
    size_t n_args = n_positional + 2 * n_keyword;
    settle_and_box_top(emit, (int)n_args, REG_ARG_3);
    lea_slot(emit, REG_ARG_3, stack_slot(emit, emit->stack_size - (int)n_args - 2));
    pop_discard(emit, (int)n_args + 2);
    asm_x64_mov_r64_imm(&emit->as, REG_ARG_1, (int64_t)n_positional);
    asm_x64_mov_r64_imm(&emit->as, REG_ARG_2, (int64_t)n_keyword);
    call_plain(emit, F_CALL_METHOD_N_KW);
    push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
}

static void mp_emit_native_return_value(emit_t *emit) {
    if (emit->is_viper) {
        int ret_vtype = emit->scope->viper_ret_vtype;
        stack_info_t *si = peek(emit, 0);
        if (ret_vtype == MP_VTYPE_PYOBJ) {
            if (si->vtype == MP_VTYPE_PTR_NONE) {
                emit->stack_size--;
                asm_x64_mov_r64_mem(&emit->as, REG_RET, REG_FUN_TABLE, F_CONST_NONE * 8);
            } else {
                if (si->vtype != MP_VTYPE_PYOBJ) {
                    viper_type_error("return expected '%s' but got '%s'", vtype_name(ret_vtype),
                        vtype_name(si->vtype));
                }
                pop_reg(emit, REG_RET);
            }
        } else {
            if (si->vtype == MP_VTYPE_PTR_NONE) {
                si->vtype = (uint8_t)ret_vtype;
                si->imm = 0;
            } else if (si->vtype != ret_vtype) {
                viper_type_error("return expected '%s' but got '%s'", vtype_name(ret_vtype),
                    vtype_name(si->vtype));
            }
            pop_reg(emit, REG_ARG_1);
            asm_x64_mov_r64_imm(&emit->as, REG_ARG_2, ret_vtype);
            call_fun_table(emit, F_NATIVE_TO_OBJ);
        }
    } else if (emit->scope->scope_flags & MP_SCOPE_FLAG_GENERATOR) {
        /* the value stays in its stack slot, cs->sp = its address,
         * return NORMAL */
        int reg;
        pop_reg_flexible(emit, &reg, REG_RET, -1, -1);
        size_t slot = stack_slot(emit, emit->stack_size); /* where the value was */
        mov_reg_to_slot(emit, slot, reg);
        lea_slot(emit, REG_RET, slot);
        mov_reg_to_slot(emit, GEN_STATE + 2, REG_RET);
        asm_x64_mov_r64_imm(&emit->as, REG_RET, 0);
    } else {
        pop_reg(emit, REG_RET);
    }
    if (emit->need_global_handler) {
        mov_reg_to_slot(emit, ret_val_slot(emit), REG_RET);
    }
    if (emit->exc_sp > 0 && unwind_through_finally(emit, emit->exc_sp, EXIT_LABEL)) {
        emit->as.suppress = true;
        emit->last_emit_was_return_value = true;
        return;
    }
    asm_x64_jmp_label(&emit->as, EXIT_LABEL);
    emit->as.suppress = true;
    emit->last_emit_was_return_value = true;
}

static void mp_emit_native_raise_varargs(emit_t *emit, size_t n_args) {
    if (n_args != 1) {
        mp_raise_NotImplementedError("native raise");
    }
    pop_obj_to_reg(emit, REG_ARG_1);
    call_plain(emit, F_RAISE);
    emit->as.suppress = true; /* raise does not return: dead code follows */
}

/* after resuming (through the nlr entry, which cleared H), the innermost
 * active try block protects the code again */
static void emit_resume_handler(emit_t *emit) {
    exc_block_t *blk = enclosing_active(emit, emit->exc_sp);
    if (blk != NULL) {
        set_handler_slot(emit, blk);
    }
}

/* suspend with the value at stack position `pos`: cs->sp = its address,
 * cs->ip = the resume point, return YIELD */
static void emit_yield_return(emit_t *emit, int pos, size_t l_resume) {
    lea_slot(emit, REG_RET, stack_slot(emit, pos));
    mov_reg_to_slot(emit, GEN_STATE + 2, REG_RET);
    asm_x64_mov_r64_imm(&emit->as, REG_RET, 1);
    mov_reg_to_slot(emit, ret_val_slot(emit), REG_RET);
    asm_x64_lea_label(&emit->as, REG_RET, l_resume);
    mov_reg_to_slot(emit, GEN_STATE + 1, REG_RET);
    asm_x64_jmp_label(&emit->as, EXIT_LABEL);
}

static void mp_emit_native_yield(emit_t *emit, emit_yield_kind_t kind) {
    if (emit->is_viper) {
        mp_raise_NotImplementedError("native yield");
    }
    need_stack_settled(emit);
    if (kind == MP_EMIT_YIELD_VALUE) {
        /* the yielded value's slot receives the sent value */
        size_t l_resume = PRIV_LABEL(emit->n_priv_labels++);
        emit_yield_return(emit, emit->stack_size - 1, l_resume);
        /* the resume point is reachable even after dead code */
        emit->as.suppress = false;
        asm_x64_label_assign(&emit->as, l_resume);
        emit_resume_handler(emit);
        emit_generator_throw_check(emit);
        return;
    }
    /* yield from: stack [iterator, send value]; yield_from(gen, send, &ret)
     * with ret in the send slot, looping while the delegate yields */
    size_t l_yield = PRIV_LABEL(emit->n_priv_labels++);
    size_t l_resume = PRIV_LABEL(emit->n_priv_labels++);
    size_t l_step = PRIV_LABEL(emit->n_priv_labels++);
    int pos_send = emit->stack_size - 1;
    asm_x64_jmp_label(&emit->as, l_step);
    emit->as.suppress = false;
    asm_x64_label_assign(&emit->as, l_yield);
    emit_yield_return(emit, pos_send, l_resume);
    emit->as.suppress = false;
    asm_x64_label_assign(&emit->as, l_resume);
    emit_resume_handler(emit);
    asm_x64_label_assign(&emit->as, l_step);
    mov_slot_to_reg(emit, REG_ARG_3, THROW_SLOT);
    asm_x64_mov_r64_imm(&emit->as, REG_ARG_2, 0);
    mov_reg_to_slot(emit, THROW_SLOT, REG_ARG_2);
    mov_slot_to_reg(emit, REG_ARG_2, stack_slot(emit, pos_send));
    mov_slot_to_reg(emit, REG_ARG_1, stack_slot(emit, pos_send - 1));
    mov_reg_to_slot(emit, stack_slot(emit, pos_send), REG_ARG_3);
    lea_slot(emit, REG_ARG_3, stack_slot(emit, pos_send));
    call_fun_table(emit, F_YIELD_FROM);
    asm_x64_test_r8_r8(&emit->as, X64_RAX, X64_RAX);
    asm_x64_jcc_label(&emit->as, X64_CC_NE, l_yield);
    mov_slot_to_reg(emit, REG_ARG_1, stack_slot(emit, pos_send));
    pop_discard(emit, 2);
    push_reg(emit, MP_VTYPE_PYOBJ, REG_ARG_1);
}

static void mp_emit_native_import(emit_t *emit, qstr qst, emit_import_kind_t kind) {
    switch (kind) {
        case MP_EMIT_IMPORT_NAME:
            /* stack: level, fromlist */
            pop_obj_to_reg(emit, REG_ARG_2);
            pop_obj_to_reg(emit, REG_ARG_3);
            call_with_qstr_arg(emit, F_IMPORT_NAME, qst, REG_ARG_1);
            push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
            break;
        case MP_EMIT_IMPORT_FROM:
            /* the module stays on the stack */
            load_entry_to_reg(emit, emit->stack_size - 1, REG_ARG_1);
            call_with_qstr_arg(emit, F_IMPORT_FROM, qst, REG_ARG_2);
            push_reg(emit, MP_VTYPE_PYOBJ, REG_RET);
            break;
        default:
            pop_obj_to_reg(emit, REG_ARG_1);
            call_plain(emit, F_IMPORT_ALL);
            break;
    }
}

const mp_emit_method_table_t mp_emit_native_method_table = {
    .start_pass = mp_emit_native_start_pass,
    .end_pass = mp_emit_native_end_pass,
    .finish = mp_emit_native_finish,
    .last_emit_was_return_value = mp_emit_native_last_emit_was_return_value,
    .label_assign = mp_emit_native_label_assign,
    .set_source_line = mp_emit_native_set_source_line,
    .adjust_stack_size = mp_emit_native_adjust_stack_size,
    .load_const_tok = mp_emit_native_load_const_tok,
    .load_const_small_int = mp_emit_native_load_const_small_int,
    .load_const_str = mp_emit_native_load_const_str,
    .load_const_obj = mp_emit_native_load_const_obj,
    .load_null = mp_emit_native_load_null,
    .load_local = mp_emit_native_load_local,
    .load_global = mp_emit_native_load_global,
    .load_attr = mp_emit_native_load_attr,
    .load_method = mp_emit_native_load_method,
    .load_build_class = mp_emit_native_load_build_class,
    .load_subscr = mp_emit_native_load_subscr,
    .store_local = mp_emit_native_store_local,
    .store_global = mp_emit_native_store_global,
    .store_attr = mp_emit_native_store_attr,
    .store_subscr = mp_emit_native_store_subscr,
    .delete_local = mp_emit_native_delete_local,
    .delete_global = mp_emit_native_delete_global,
    .dup_top = mp_emit_native_dup_top,
    .dup_top_two = mp_emit_native_dup_top_two,
    .pop_top = mp_emit_native_pop_top,
    .rot_two = mp_emit_native_rot_two,
    .rot_three = mp_emit_native_rot_three,
    .jump = mp_emit_native_jump,
    .pop_jump_if = mp_emit_native_pop_jump_if,
    .jump_if_or_pop = mp_emit_native_jump_if_or_pop,
    .unwind_jump = mp_emit_native_unwind_jump,
    .setup_block = mp_emit_native_setup_block,
    .with_cleanup = mp_emit_native_with_cleanup,
    .end_finally = mp_emit_native_end_finally,
    .get_iter = mp_emit_native_get_iter,
    .for_iter = mp_emit_native_for_iter,
    .for_iter_end = mp_emit_native_for_iter_end,
    .pop_except_jump = mp_emit_native_pop_except_jump,
    .start_except_handler = mp_emit_native_start_except_handler,
    .delete_attr = mp_emit_native_delete_attr,
    .delete_subscr = mp_emit_native_delete_subscr,
    .end_except_handler = mp_emit_native_end_except_handler,
    .unary_op = mp_emit_native_unary_op,
    .binary_op = mp_emit_native_binary_op,
    .build = mp_emit_native_build,
    .store_map = mp_emit_native_store_map,
    .store_comp = mp_emit_native_store_comp,
    .unpack_sequence = mp_emit_native_unpack_sequence,
    .unpack_ex = mp_emit_native_unpack_ex,
    .make_function = mp_emit_native_make_function,
    .make_closure = mp_emit_native_make_closure,
    .call_function = mp_emit_native_call_function,
    .call_method = mp_emit_native_call_method,
    .return_value = mp_emit_native_return_value,
    .raise_varargs = mp_emit_native_raise_varargs,
    .yield = mp_emit_native_yield,
    .import = mp_emit_native_import,
};
