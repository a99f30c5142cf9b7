/*
 * The bytecode verifier (design note 8). A loaded bytecode function is
 * proved safe once, so the VM's hot loop needs no checks of its own:
 *
 *  - the prelude and the line table decode inside their bounds;
 *  - every opcode is valid and its operands decode inside the code;
 *  - qstr, constant, child and local-slot operands are in range;
 *  - every jump lands on an instruction start inside the code, and no path
 *    runs off the end;
 *  - an abstract interpretation over all paths tracks, for each value-stack
 *    slot, whether it holds an object, the NULL marker, "object or NULL", or
 *    a word of a raw 4-slot iterator; each opcode gets operands of the kinds it
 *    can handle, the depth never exceeds n_state minus the locals, the stack
 *    never underflows, and the number of active exception handlers never
 *    exceeds n_exc_stack. Paths that meet must agree exactly.
 *
 * The model of handlers matches the VM (vm/vm.c): a handler record stays
 * active while its handler code runs and is popped by END_FINALLY or
 * POP_EXCEPT_JUMP. A finally/with handler is entered either with one slot
 * (None or the exception) or, for a pending return or unwind, with two
 * (the return value or destination, then a small-int marker): both entry
 * states are verified. The reference compiler's `async with` code relies on
 * the two-slot form and rotates values below the handler's level on paths
 * that cannot happen at run time; to keep those paths harmless the VM gives
 * every frame MP_BC_GUARD_SLOTS object slots below the value stack, which the
 * verifier models as part of the stack.
 */
#include <stdio.h>
#include <string.h>
#include "persist/mpyload.h"
#include "vm/bc.h"

/* slot kinds; K_MARK is the small-int marker of a pending return/unwind and
 * K_FALSE the result of an exception match against it, which the runtime
 * guarantees to be False (it is not an exception instance) */
enum { K_OBJ = 1, K_NULL, K_ANY, K_IT0, K_IT1, K_IT2, K_IT3, K_MARK, K_FALSE };

#define MAX_STATES_PER_TARGET (16)

enum { H_EXCEPT, H_FINALLY, H_WITH };

typedef struct _handler_t {
    uint16_t unwind_level; /* stack depth after the handler is fully left */
    uint16_t entry_level;  /* depth at the handler's code (exception pushed) */
    uint16_t kind;         /* H_EXCEPT, H_FINALLY or H_WITH */
    uint32_t target;       /* offset of the handler's code */
} handler_t;

typedef struct _vstate_t {
    struct _vstate_t *next; /* other states recorded at the same target */
    uint16_t depth;
    uint16_t n_handlers;
    byte *kinds;        /* [max_depth] */
    handler_t *handlers; /* [max_handlers] */
} vstate_t;

typedef struct _verifier_t {
    const char *source;
    const mp_raw_code_t *rc;
    const byte *code;     /* first opcode */
    size_t code_len;
    size_t n_qstr, n_obj;
    size_t max_depth;     /* value-stack limit */
    size_t max_handlers;
    size_t n_state;
    bool is_generator;
    byte *is_start;       /* per code byte: 1 = instruction start */
    byte *is_target;      /* per code byte: 1 = jump/handler target */
    vstate_t **at;        /* per code byte: list of states recorded at a target */
    size_t *work_pc;      /* worklist: target offsets and their state */
    vstate_t **work_state;
    size_t n_work, work_alloc;
    size_t offset;        /* offset of the instruction being checked */
    bool native_prelude;  /* checking only the prelude of a machine-code function */
    size_t low;           /* lowest stack slot the current instruction pops or reads */
    byte *below_floor;    /* [max_depth]: kinds under the handler's level before it */
} verifier_t;

_Noreturn static void fail(verifier_t *v, const char *fmt, ...) {
    char what[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    if (v->native_prelude) {
        mp_raise_msg_varg(&mp_type_ValueError,
            "incompatible .mpy file: %s%sinvalid prelude of native function: %s",
            v->source ? v->source : "", v->source ? ": " : "", what);
    }
    mp_raise_msg_varg(&mp_type_ValueError,
        "incompatible .mpy file: %s%sinvalid bytecode in function at code offset %u: %s",
        v->source ? v->source : "", v->source ? ": " : "", (unsigned)v->offset, what);
}

/* ---- bounded decoding helpers ---- */

static size_t read_uint(verifier_t *v, const byte **p, const byte *end) {
    size_t val = 0;
    for (int n = 0;; n++) {
        if (*p >= end) {
            fail(v, "operand runs past the end of the code");
        }
        if (n > 4) {
            fail(v, "operand varint too long");
        }
        byte b = *(*p)++;
        val = (val << 7) | (b & 0x7f);
        if (!(b & 0x80)) {
            return val;
        }
    }
}

/* ---- prelude ---- */

typedef struct _prelude_t {
    size_t n_state, n_exc_stack, n_pos, n_kwonly, n_def, flags;
    size_t n_info, n_cell;
    const byte *cells;
    const byte *opcodes;
} prelude_t;

static void check_prelude(verifier_t *v, const byte *data, const byte *end, prelude_t *pr) {
    const byte *p = data;
    if (p >= end) {
        fail(v, "empty prelude");
    }
    byte z = *p++;
    size_t S = (z >> 3) & 15, E = (z >> 2) & 1, A = z & 3, F = 0, K = 0, D = 0;
    for (int n = 0; z & 0x80; n++) {
        if (p >= end || n >= 8) {
            fail(v, "bad prelude signature");
        }
        z = *p++;
        F |= (size_t)((z >> 6) & 1) << n;
        S |= (size_t)((z >> 4) & 3) << (4 + 2 * n);
        K |= (size_t)((z >> 3) & 1) << n;
        A |= (size_t)((z >> 2) & 1) << (2 + n);
        E |= (size_t)((z >> 1) & 1) << (1 + n);
        D |= (size_t)(z & 1) << n;
    }
    pr->n_state = S + 1;
    pr->n_exc_stack = E;
    pr->flags = F;
    pr->n_pos = A;
    pr->n_kwonly = K;
    pr->n_def = D;
    if (pr->n_state > 0xffff || E > 0xff || A > 0xff || K > 0xff || D > A) {
        fail(v, "prelude values out of range (n_state %u, n_exc_stack %u, args %u/%u/%u)",
            (unsigned)pr->n_state, (unsigned)E, (unsigned)A, (unsigned)K, (unsigned)D);
    }
    /* size field: n_info and n_cell, least significant groups first */
    size_t I = 0, C = 0;
    for (int shift_i = 0, shift_c = 0;; shift_i += 6, shift_c++) {
        if (p >= end || shift_i > 24) {
            fail(v, "bad prelude size field");
        }
        z = *p++;
        I |= (size_t)((z >> 1) & 0x3f) << shift_i;
        C |= (size_t)(z & 1) << shift_c;
        if (!(z & 0x80)) {
            break;
        }
    }
    pr->n_info = I;
    pr->n_cell = C;
    if (I > (size_t)(end - p) || C > (size_t)(end - p) - I) {
        fail(v, "source info (%u bytes) and cells (%u) exceed the function", (unsigned)I,
            (unsigned)C);
    }
    const byte *info = p, *info_end = p + I;
    /* simple name and argument names */
    size_t n_names = 1 + A + K;
    for (size_t i = 0; i < n_names; i++) {
        size_t q = read_uint(v, &info, info_end);
        if (q >= v->n_qstr) {
            fail(v, "prelude name index %u out of the qstr table (%u)", (unsigned)q,
                (unsigned)v->n_qstr);
        }
    }
    /* line table: long entries must have their second byte inside */
    while (info < info_end) {
        byte b = *info++;
        if ((b & 0x80) && info++ >= info_end) {
            fail(v, "line-number table runs past the source info");
        }
    }
    pr->cells = info_end;
    pr->opcodes = info_end + C;
}

/* ---- abstract states ---- */

static vstate_t *state_new(verifier_t *v) {
    vstate_t *s = m_new0(vstate_t, 1);
    s->kinds = m_new0(byte, v->max_depth + 1);
    s->handlers = m_new0(handler_t, v->max_handlers + 1);
    return s;
}

static void state_copy(verifier_t *v, vstate_t *dst, const vstate_t *src) {
    dst->depth = src->depth;
    dst->n_handlers = src->n_handlers;
    memcpy(dst->kinds, src->kinds, src->depth);
    memcpy(dst->handlers, src->handlers, src->n_handlers * sizeof(handler_t));
}

static bool state_equal(const vstate_t *a, const vstate_t *b) {
    return a->depth == b->depth && a->n_handlers == b->n_handlers &&
           memcmp(a->kinds, b->kinds, a->depth) == 0 &&
           memcmp(a->handlers, b->handlers, a->n_handlers * sizeof(handler_t)) == 0;
}

/* The lowest depth the stack may have at offset pc. An exception at pc is
 * caught by the innermost record whose handler code lies after pc (the VM
 * drops records whose code is already running, vm.c). It cuts the stack
 * back to the depth saved at SETUP_* and pushes the exception there; the
 * slots below keep whatever is in memory at that moment, and the handler's
 * state (flow_to_handler) assumes the kinds they had at SETUP_*. So code
 * that such a record protects must never pop or overwrite a slot below the
 * level where the exception will be pushed (a failed LOAD_METHOD writes
 * NULL into its operand's slot before it raises). */
static size_t handler_floor(const vstate_t *s, size_t pc) {
    size_t i = s->n_handlers;
    while (i > 0 && s->handlers[i - 1].target <= pc) {
        i--;
    }
    return i == 0 ? 0 : (size_t)s->handlers[i - 1].entry_level - 1;
}

/* Record a state at a jump target; queue it if it is new there. */
static void flow_to(verifier_t *v, size_t target, const vstate_t *s) {
    if (target >= v->code_len || !v->is_start[target]) {
        fail(v, "jump to offset %u, not an instruction start", (unsigned)target);
    }
    if (s->depth < handler_floor(s, target)) {
        fail(v, "jump with the stack below an active exception handler's level");
    }
    size_t n = 0;
    for (vstate_t *t = v->at[target]; t != NULL; t = t->next, n++) {
        if (state_equal(t, s)) {
            return;
        }
    }
    if (n >= MAX_STATES_PER_TARGET) {
        fail(v, "too many different stacks reach offset %u", (unsigned)target);
    }
    vstate_t *t = state_new(v);
    state_copy(v, t, s);
    t->next = v->at[target];
    v->at[target] = t;
    if (v->n_work == v->work_alloc) {
        size_t alloc = v->work_alloc * 2 + 16;
        v->work_pc = m_renew(size_t, v->work_pc, v->work_alloc, alloc);
        v->work_state = m_renew(vstate_t *, v->work_state, v->work_alloc, alloc);
        v->work_alloc = alloc;
    }
    v->work_pc[v->n_work] = target;
    v->work_state[v->n_work] = t;
    v->n_work++;
}

static void push(verifier_t *v, vstate_t *s, byte kind) {
    if (s->depth >= v->max_depth) {
        fail(v, "value stack deeper than n_state allows (%u)", (unsigned)v->max_depth);
    }
    s->kinds[s->depth++] = kind;
}

/* pop one slot that must hold an object (or, with allow_null, possibly NULL) */
static void pop_kind(verifier_t *v, vstate_t *s, bool allow_null) {
    if (s->depth == 0) {
        fail(v, "value stack underflow");
    }
    byte k = s->kinds[--s->depth];
    if (s->depth < v->low) {
        v->low = s->depth;
    }
    if (k == K_OBJ || k == K_MARK || k == K_FALSE || (allow_null && (k == K_NULL || k == K_ANY))) {
        return;
    }
    fail(v, "operand of the wrong kind (%s)", k == K_NULL || k == K_ANY ? "NULL marker" :
        "iterator slot");
}
#define pop_obj(v, s) pop_kind(v, s, false)
#define pop_any(v, s) pop_kind(v, s, true)

static void pop_n_obj(verifier_t *v, vstate_t *s, size_t n) {
    while (n--) {
        pop_obj(v, s);
    }
}

static void need(verifier_t *v, const vstate_t *s, size_t n) {
    if (s->depth < n) {
        fail(v, "value stack underflow");
    }
    if (s->depth - n < v->low) {
        v->low = s->depth - n;
    }
}

static bool is_iter_region(const vstate_t *s, size_t base) {
    const byte *k = s->kinds + base;
    return (k[0] == K_IT0 && k[1] == K_IT1 && k[2] == K_IT2 && k[3] == K_IT3) ||
           (k[0] == K_NULL && k[1] == K_OBJ && k[2] == K_NULL && k[3] == K_NULL);
}

static void push_handler(verifier_t *v, vstate_t *s, size_t unwind, size_t entry, int kind,
    size_t target) {
    if (s->n_handlers >= v->max_handlers) {
        fail(v, "more active exception handlers than n_exc_stack (%u)",
            (unsigned)v->max_handlers);
    }
    s->handlers[s->n_handlers].unwind_level = (uint16_t)unwind;
    s->handlers[s->n_handlers].entry_level = (uint16_t)entry;
    s->handlers[s->n_handlers].kind = (uint16_t)kind;
    s->handlers[s->n_handlers].target = (uint32_t)target;
    s->n_handlers++;
}

static void pop_handler(verifier_t *v, vstate_t *s) {
    if (s->n_handlers == 0) {
        fail(v, "handler popped with none active");
    }
    s->n_handlers--;
}

/* The state at a handler's code: stack cut to its level, the exception (or
 * None) on top, its record still active. Finally/with handlers are also
 * entered with a pending return/unwind: [value or destination, marker]. */
static void flow_to_handler(verifier_t *v, size_t target, const vstate_t *s, vstate_t *tmp,
    bool is_finally) {
    state_copy(v, tmp, s);
    const handler_t *h = &s->handlers[s->n_handlers - 1];
    tmp->depth = h->entry_level - 1;
    push(v, tmp, K_OBJ);
    flow_to(v, target, tmp);
    if (is_finally) {
        tmp->depth = h->entry_level - 1;
        push(v, tmp, K_OBJ);
        push(v, tmp, K_MARK);
        flow_to(v, target, tmp);
    }
}

/* ---- the walk ---- */

static size_t decode_jump(verifier_t *v, const byte **p, const byte *end, bool is_signed,
    size_t *after) {
    if (*p >= end) {
        fail(v, "jump offset runs past the end of the code");
    }
    long off = *(*p)++;
    if (off & 0x80) {
        if (*p >= end) {
            fail(v, "jump offset runs past the end of the code");
        }
        off = (off & 0x7f) | ((long)*(*p)++ << 7);
        if (is_signed) {
            off -= 0x4000;
        }
    } else if (is_signed) {
        off -= 0x40;
    }
    *after = *p - v->code;
    long target = (long)*after + off;
    if (target < 0 || (size_t)target >= v->code_len) {
        fail(v, "jump target %ld outside the code", target);
    }
    return (size_t)target;
}

static void check_local(verifier_t *v, size_t n, size_t *max_local) {
    if (n >= v->n_state) {
        fail(v, "local %u outside n_state %u", (unsigned)n, (unsigned)v->n_state);
    }
    if (n + 1 > *max_local) {
        *max_local = n + 1;
    }
}

/* First pass: instruction boundaries, operand ranges, jump targets. Returns
 * the number of local slots the code uses. */
static size_t scan_code(verifier_t *v, const prelude_t *pr) {
    const byte *p = v->code, *end = v->code + v->code_len;
    size_t max_local = pr->n_pos + pr->n_kwonly +
        ((pr->flags & MP_SCOPE_FLAG_VARARGS) ? 1 : 0) +
        ((pr->flags & MP_SCOPE_FLAG_VARKEYWORDS) ? 1 : 0);
    for (size_t i = 0; i < pr->n_cell; i++) {
        check_local(v, pr->cells[i], &max_local);
    }
    while (p < end) {
        v->offset = p - v->code;
        v->is_start[v->offset] = 1;
        byte op = *p++;
        const mp_opcode_info_t *info = &mp_opcode_info[op];
        if (info->name == NULL) {
            fail(v, "invalid opcode 0x%02x", op);
        }
        if (op >= MP_BC_LOAD_FAST_MULTI && op < MP_BC_LOAD_FAST_MULTI + 16) {
            check_local(v, op - MP_BC_LOAD_FAST_MULTI, &max_local);
        } else if (op >= MP_BC_STORE_FAST_MULTI && op < MP_BC_STORE_FAST_MULTI + 16) {
            check_local(v, op - MP_BC_STORE_FAST_MULTI, &max_local);
        }
        size_t after, arg;
        switch (info->kind) {
            case MP_OPK_NONE:
                break;
            case MP_OPK_QSTR:
                if ((arg = read_uint(v, &p, end)) >= v->n_qstr) {
                    fail(v, "qstr index %u out of the table (%u)", (unsigned)arg,
                        (unsigned)v->n_qstr);
                }
                break;
            case MP_OPK_CONST:
                if ((arg = read_uint(v, &p, end)) >= v->n_obj) {
                    fail(v, "constant index %u out of the table (%u)", (unsigned)arg,
                        (unsigned)v->n_obj);
                }
                break;
            case MP_OPK_CHILD:
            case MP_OPK_CHILD_BYTE:
                if ((arg = read_uint(v, &p, end)) >= v->rc->n_children) {
                    fail(v, "child index %u but the function has %u children", (unsigned)arg,
                        (unsigned)v->rc->n_children);
                }
                if (info->kind == MP_OPK_CHILD_BYTE) {
                    if (p >= end) {
                        fail(v, "operand runs past the end of the code");
                    }
                    p++;
                }
                break;
            case MP_OPK_UINT:
                arg = read_uint(v, &p, end);
                if (op == MP_BC_LOAD_FAST_N || op == MP_BC_STORE_FAST_N ||
                    op == MP_BC_DELETE_FAST || op == MP_BC_LOAD_DEREF ||
                    op == MP_BC_STORE_DEREF || op == MP_BC_DELETE_DEREF) {
                    check_local(v, arg, &max_local);
                }
                break;
            case MP_OPK_SINT:
                read_uint(v, &p, end);
                break;
            case MP_OPK_SJUMP:
            case MP_OPK_UJUMP:
            case MP_OPK_SJUMP_BYTE:
                arg = decode_jump(v, &p, end, info->kind != MP_OPK_UJUMP, &after);
                v->is_target[arg] = 1;
                if (info->kind == MP_OPK_SJUMP_BYTE) {
                    if (p >= end) {
                        fail(v, "operand runs past the end of the code");
                    }
                    p++;
                }
                break;
        }
    }
    return max_local;
}

static size_t step_op(verifier_t *v, vstate_t *s, vstate_t *tmp, size_t pc);

/* Whether two runs of slot kinds hold the same sort of word everywhere:
 * objects (a pending return's value, its small-int marker and a False match
 * result are all real objects) or exactly the same non-object kind (NULL
 * markers, raw iterator words). A handler entered later reads such slots
 * as the kinds it was given at SETUP_*, which is safe only then. */
static bool same_safety(const byte *a, const byte *b, size_t n) {
    for (size_t i = 0; i < n; i++) {
        bool obj_a = a[i] == K_OBJ || a[i] == K_MARK || a[i] == K_FALSE;
        bool obj_b = b[i] == K_OBJ || b[i] == K_MARK || b[i] == K_FALSE;
        if (obj_a != obj_b || (!obj_a && a[i] != b[i])) {
            return false;
        }
    }
    return true;
}

/* Apply one instruction at `pc` to state s. Returns the offset of the next
 * instruction, or SIZE_MAX when control does not fall through. Checks that
 * the instruction leaves the slots below the active handler's level alone. */
static size_t step(verifier_t *v, vstate_t *s, vstate_t *tmp, size_t pc) {
    size_t floor = handler_floor(s, pc);
    if (v->below_floor == NULL) {
        v->below_floor = m_new0(byte, v->max_depth + 1);
    }
    memcpy(v->below_floor, s->kinds, floor);
    byte op = v->code[pc];
    v->low = s->depth;
    size_t next = step_op(v, s, tmp, pc);
    if (v->low < floor) {
        /* The reference's `async with` code rotates objects across the
         * level (ROT_TWO/ROT_THREE); moves that the VM does in one go and
         * that leave every slot under the level with the kind it had are
         * harmless. Anything else (a pop, a partial write) is refused. */
        bool moves_only = op == MP_BC_ROT_TWO || op == MP_BC_ROT_THREE ||
                          op == MP_BC_DUP_TOP || op == MP_BC_DUP_TOP_TWO;
        if (!moves_only || s->depth < floor || !same_safety(v->below_floor, s->kinds, floor)) {
            v->offset = pc;
            fail(v, "stack below an active exception handler's level");
        }
    }
    return next;
}

static size_t step_op(verifier_t *v, vstate_t *s, vstate_t *tmp, size_t pc) {
    const byte *p = v->code + pc, *end = v->code + v->code_len;
    v->offset = pc;
    byte op = *p++;
    const mp_opcode_info_t *info = &mp_opcode_info[op];
    size_t arg = 0, after = 0, target = 0, extra = 0;
    switch (info->kind) {
        case MP_OPK_NONE:
            break;
        case MP_OPK_SJUMP:
        case MP_OPK_UJUMP:
        case MP_OPK_SJUMP_BYTE:
            target = decode_jump(v, &p, end, info->kind != MP_OPK_UJUMP, &after);
            if (info->kind == MP_OPK_SJUMP_BYTE) {
                extra = *p++;
            }
            break;
        case MP_OPK_CHILD_BYTE:
            arg = read_uint(v, &p, end);
            extra = *p++;
            break;
        default:
            arg = read_uint(v, &p, end);
            break;
    }
    size_t next = p - v->code;

    if (op >= MP_BC_LOAD_CONST_SMALL_INT_MULTI && op < MP_BC_LOAD_FAST_MULTI + 16) {
        push(v, s, K_OBJ); /* small ints and LOAD_FAST_MULTI */
        return next;
    }
    if (op >= MP_BC_STORE_FAST_MULTI && op < MP_BC_STORE_FAST_MULTI + 16) {
        pop_obj(v, s);
        return next;
    }
    if (op >= MP_BC_UNARY_OP_MULTI && op < MP_BC_UNARY_OP_MULTI + MP_BC_UNARY_OP_MULTI_NUM) {
        pop_obj(v, s);
        push(v, s, K_OBJ);
        return next;
    }
    if (op >= MP_BC_BINARY_OP_MULTI && op < MP_BC_BINARY_OP_MULTI + MP_BC_BINARY_OP_MULTI_NUM) {
        need(v, s, 2);
        bool marker_match = op == MP_BC_BINARY_OP_MULTI + MP_BINARY_OP_EXCEPTION_MATCH &&
            s->kinds[s->depth - 2] == K_MARK;
        pop_n_obj(v, s, 2);
        push(v, s, marker_match ? K_FALSE : K_OBJ);
        return next;
    }

    switch (op) {
        case MP_BC_LOAD_CONST_FALSE: case MP_BC_LOAD_CONST_NONE: case MP_BC_LOAD_CONST_TRUE:
        case MP_BC_LOAD_CONST_SMALL_INT: case MP_BC_LOAD_CONST_STRING:
        case MP_BC_LOAD_CONST_OBJ: case MP_BC_LOAD_FAST_N: case MP_BC_LOAD_DEREF:
        case MP_BC_LOAD_NAME: case MP_BC_LOAD_GLOBAL: case MP_BC_LOAD_BUILD_CLASS:
        case MP_BC_MAKE_FUNCTION: case MP_BC_BUILD_MAP:
            push(v, s, K_OBJ);
            break;
        case MP_BC_LOAD_NULL:
            push(v, s, K_NULL);
            break;
        case MP_BC_LOAD_ATTR: case MP_BC_GET_ITER:
            pop_obj(v, s);
            push(v, s, K_OBJ);
            break;
        case MP_BC_LOAD_METHOD:
            pop_obj(v, s);
            push(v, s, K_OBJ);
            push(v, s, K_ANY);
            break;
        case MP_BC_LOAD_SUPER_METHOD:
            pop_n_obj(v, s, 3);
            push(v, s, K_OBJ);
            push(v, s, K_ANY);
            break;
        case MP_BC_LOAD_SUBSCR:
            pop_n_obj(v, s, 2);
            push(v, s, K_OBJ);
            break;
        case MP_BC_POP_JUMP_IF_TRUE: case MP_BC_POP_JUMP_IF_FALSE: {
            need(v, s, 1);
            bool known_false = s->kinds[s->depth - 1] == K_FALSE;
            pop_obj(v, s);
            if (known_false) {
                /* only one way is possible */
                if (op == MP_BC_POP_JUMP_IF_FALSE) {
                    flow_to(v, target, s);
                    return SIZE_MAX;
                }
                break;
            }
            flow_to(v, target, s);
            break;
        }
        case MP_BC_STORE_FAST_N: case MP_BC_STORE_DEREF: case MP_BC_STORE_NAME:
        case MP_BC_STORE_GLOBAL: case MP_BC_IMPORT_STAR:
            pop_obj(v, s);
            break;
        case MP_BC_STORE_ATTR:
            pop_obj(v, s);
            pop_any(v, s); /* NULL value means delete */
            break;
        case MP_BC_STORE_SUBSCR:
            pop_n_obj(v, s, 2);
            pop_any(v, s);
            break;
        case MP_BC_DELETE_FAST: case MP_BC_DELETE_DEREF: case MP_BC_DELETE_NAME:
        case MP_BC_DELETE_GLOBAL:
            break;
        case MP_BC_DUP_TOP:
            need(v, s, 1);
            push(v, s, s->kinds[s->depth - 1]);
            break;
        case MP_BC_DUP_TOP_TWO:
            need(v, s, 2);
            push(v, s, s->kinds[s->depth - 2]);
            push(v, s, s->kinds[s->depth - 2]);
            break;
        case MP_BC_POP_TOP:
            need(v, s, 1);
            s->depth--;
            break;
        case MP_BC_ROT_TWO: {
            need(v, s, 2);
            byte *k = s->kinds + s->depth - 2;
            byte t = k[1]; k[1] = k[0]; k[0] = t;
            break;
        }
        case MP_BC_ROT_THREE: {
            need(v, s, 3);
            byte *k = s->kinds + s->depth - 3;
            byte t = k[2]; k[2] = k[1]; k[1] = k[0]; k[0] = t;
            break;
        }
        case MP_BC_JUMP:
            flow_to(v, target, s);
            return SIZE_MAX;
        case MP_BC_JUMP_IF_TRUE_OR_POP: case MP_BC_JUMP_IF_FALSE_OR_POP:
            need(v, s, 1);
            if (s->kinds[s->depth - 1] != K_OBJ && s->kinds[s->depth - 1] != K_FALSE) {
                fail(v, "condition is not an object");
            }
            flow_to(v, target, s);
            s->depth--;
            break;
        case MP_BC_SETUP_EXCEPT: case MP_BC_SETUP_FINALLY:
            push_handler(v, s, s->depth, s->depth + 1,
                op == MP_BC_SETUP_FINALLY ? H_FINALLY : H_EXCEPT, target);
            flow_to_handler(v, target, s, tmp, op == MP_BC_SETUP_FINALLY);
            break;
        case MP_BC_SETUP_WITH: {
            pop_obj(v, s);
            size_t base = s->depth; /* [exit, mgr] go here */
            push(v, s, K_OBJ);
            push(v, s, K_OBJ);
            push_handler(v, s, base, base + 3, H_WITH, target);
            flow_to_handler(v, target, s, tmp, true);
            push(v, s, K_OBJ); /* __enter__ result */
            break;
        }
        case MP_BC_POP_EXCEPT_JUMP:
            pop_handler(v, s);
            flow_to(v, target, s);
            return SIZE_MAX;
        case MP_BC_WITH_CLEANUP:
            /* the VM calls the __exit__ kept in the innermost handler record */
            if (s->n_handlers == 0 || s->handlers[s->n_handlers - 1].kind != H_WITH) {
                fail(v, "WITH_CLEANUP outside its with block");
            }
            need(v, s, 1);
            if (s->kinds[s->depth - 1] == K_MARK) {
                /* [exit, mgr, data, marker] -> [data, marker] */
                need(v, s, 4);
                byte *k = s->kinds + s->depth - 4;
                if (k[0] != K_OBJ || k[1] != K_OBJ || k[2] != K_OBJ) {
                    fail(v, "WITH_CLEANUP operands of the wrong kind");
                }
                s->depth -= 2;
                k[0] = K_OBJ;
                k[1] = K_MARK;
            } else {
                pop_n_obj(v, s, 3);
                push(v, s, K_OBJ);
            }
            break;
        case MP_BC_END_FINALLY:
            need(v, s, 1);
            if (s->kinds[s->depth - 1] == K_MARK) {
                /* a pending return or unwind goes on: the path ends here */
                need(v, s, 2);
                if (s->kinds[s->depth - 2] != K_OBJ) {
                    fail(v, "END_FINALLY marker without its value");
                }
                pop_handler(v, s);
                return SIZE_MAX;
            }
            pop_obj(v, s);
            pop_handler(v, s);
            break;
        case MP_BC_UNWIND_JUMP: {
            size_t n = extra & 0x7f;
            if (n > s->n_handlers) {
                fail(v, "unwind of %u handlers with %u active", (unsigned)n,
                    (unsigned)s->n_handlers);
            }
            state_copy(v, tmp, s);
            if (n > 0) {
                tmp->depth = tmp->handlers[s->n_handlers - n].unwind_level;
                tmp->n_handlers -= n;
            }
            if (extra & MP_BC_UNWIND_JUMP_FLAG_POP_ITER) {
                if (tmp->depth < 4 || !is_iter_region(tmp, tmp->depth - 4)) {
                    fail(v, "unwind drops an iterator that is not there");
                }
                tmp->depth -= 4;
            }
            flow_to(v, target, tmp);
            return SIZE_MAX;
        }
        case MP_BC_GET_ITER_STACK:
            pop_obj(v, s);
            push(v, s, K_IT0);
            push(v, s, K_IT1);
            push(v, s, K_IT2);
            push(v, s, K_IT3);
            break;
        case MP_BC_FOR_ITER:
            need(v, s, 4); /* the VM updates the iterator's slots */
            if (s->depth < 4 || !is_iter_region(s, s->depth - 4)) {
                fail(v, "FOR_ITER without an iterator on the stack");
            }
            state_copy(v, tmp, s);
            tmp->depth -= 4;
            flow_to(v, target, tmp);
            push(v, s, K_OBJ);
            break;
        case MP_BC_BUILD_TUPLE: case MP_BC_BUILD_LIST: case MP_BC_BUILD_SET:
            if (arg > v->max_depth) {
                fail(v, "build of %u items", (unsigned)arg);
            }
            pop_n_obj(v, s, arg);
            push(v, s, K_OBJ);
            break;
        case MP_BC_BUILD_SLICE:
            if (arg != 2 && arg != 3) {
                fail(v, "BUILD_SLICE of %u items", (unsigned)arg);
            }
            pop_n_obj(v, s, arg);
            push(v, s, K_OBJ);
            break;
        case MP_BC_STORE_MAP:
            pop_n_obj(v, s, 2);
            need(v, s, 1);
            if (s->kinds[s->depth - 1] != K_OBJ) {
                fail(v, "STORE_MAP into a non-object");
            }
            break;
        case MP_BC_STORE_COMP: {
            size_t kind = arg & 3, dist = arg >> 2, n = kind == 1 ? 2 : 1;
            if (kind == 3 || dist < n || dist >= s->depth ||
                s->kinds[s->depth - 1 - dist] != K_OBJ) {
                fail(v, "bad STORE_COMP operand %u", (unsigned)arg);
            }
            pop_n_obj(v, s, n);
            break;
        }
        case MP_BC_UNPACK_SEQUENCE:
            pop_obj(v, s);
            if (arg > v->max_depth) {
                fail(v, "unpack of %u items", (unsigned)arg);
            }
            for (size_t i = 0; i < arg; i++) {
                push(v, s, K_OBJ);
            }
            break;
        case MP_BC_UNPACK_EX: {
            pop_obj(v, s);
            size_t n = (arg & 0xff) + ((arg >> 8) & 0xff) + 1;
            if (arg > 0xffff) {
                fail(v, "bad UNPACK_EX operand");
            }
            for (size_t i = 0; i < n; i++) {
                push(v, s, K_OBJ);
            }
            break;
        }
        case MP_BC_MAKE_FUNCTION_DEFARGS:
            pop_any(v, s);
            pop_any(v, s);
            push(v, s, K_OBJ);
            break;
        case MP_BC_MAKE_CLOSURE:
        case MP_BC_MAKE_CLOSURE_DEFARGS:
            if (extra == 0) {
                fail(v, "closure over no cells");
            }
            pop_n_obj(v, s, extra);
            if (op == MP_BC_MAKE_CLOSURE_DEFARGS) {
                pop_any(v, s);
                pop_any(v, s);
            }
            push(v, s, K_OBJ);
            break;
        case MP_BC_CALL_FUNCTION: case MP_BC_CALL_FUNCTION_VAR_KW:
        case MP_BC_CALL_METHOD: case MP_BC_CALL_METHOD_VAR_KW: {
            if (arg > 0xffff) {
                fail(v, "bad call operand");
            }
            size_t npos = arg & 0xff, nkw = (arg >> 8) & 0xff;
            bool var = op == MP_BC_CALL_FUNCTION_VAR_KW || op == MP_BC_CALL_METHOD_VAR_KW;
            if (var) {
                pop_obj(v, s); /* the star bitmap */
            }
            for (size_t i = 0; i < nkw; i++) {
                pop_obj(v, s);
                if (var) {
                    pop_any(v, s); /* NULL key: **mapping */
                } else {
                    pop_obj(v, s);
                }
            }
            pop_n_obj(v, s, npos);
            if (op == MP_BC_CALL_METHOD || op == MP_BC_CALL_METHOD_VAR_KW) {
                pop_any(v, s); /* self or NULL */
            }
            pop_obj(v, s);
            push(v, s, K_OBJ);
            break;
        }
        case MP_BC_RETURN_VALUE:
            pop_obj(v, s);
            return SIZE_MAX;
        case MP_BC_RAISE_LAST:
            return SIZE_MAX;
        case MP_BC_RAISE_OBJ:
            pop_obj(v, s);
            return SIZE_MAX;
        case MP_BC_RAISE_FROM:
            pop_n_obj(v, s, 2);
            return SIZE_MAX;
        case MP_BC_YIELD_VALUE:
            if (!v->is_generator) {
                fail(v, "yield in a function that is not a generator");
            }
            pop_obj(v, s);
            push(v, s, K_OBJ);
            break;
        case MP_BC_YIELD_FROM:
            if (!v->is_generator) {
                fail(v, "yield from in a function that is not a generator");
            }
            pop_n_obj(v, s, 2);
            push(v, s, K_OBJ);
            break;
        case MP_BC_IMPORT_NAME:
            pop_n_obj(v, s, 2);
            push(v, s, K_OBJ);
            break;
        case MP_BC_IMPORT_FROM:
            need(v, s, 1);
            if (s->kinds[s->depth - 1] != K_OBJ) {
                fail(v, "IMPORT_FROM without a module");
            }
            push(v, s, K_OBJ);
            break;
        default:
            fail(v, "opcode 0x%02x not handled by the verifier", op);
    }
    if (next >= v->code_len) {
        fail(v, "execution runs off the end of the code");
    }
    return next;
}

/* The prelude of a native (kind 1) function, native.md 4.1: the runtime
 * reads it to bind arguments, size generator frames and name the function,
 * so it must decode inside [prelude, end), name only qstrs of the file, and
 * leave room in n_state for every argument local and cell. The machine code
 * itself cannot be verified. */
unsigned mp_native_prelude_verify(const byte *prelude, const byte *end, size_t n_qstr,
    const char *source_name, uint16_t *n_state) {
    verifier_t v;
    memset(&v, 0, sizeof(v));
    v.source = source_name;
    v.n_qstr = n_qstr;
    v.native_prelude = true;
    prelude_t pr;
    check_prelude(&v, prelude, end, &pr);
    size_t n_arg_locals = pr.n_pos + pr.n_kwonly
        + ((pr.flags & MP_SCOPE_FLAG_VARARGS) ? 1 : 0)
        + ((pr.flags & MP_SCOPE_FLAG_VARKEYWORDS) ? 1 : 0);
    if (pr.n_state < n_arg_locals) {
        fail(&v, "n_state %u has no room for %u argument locals", (unsigned)pr.n_state,
            (unsigned)n_arg_locals);
    }
    for (size_t i = 0; i < pr.n_cell; i++) {
        if (pr.cells[i] >= pr.n_state) {
            fail(&v, "cell local %u out of n_state %u", pr.cells[i], (unsigned)pr.n_state);
        }
    }
    *n_state = (uint16_t)pr.n_state;
    return (unsigned)pr.flags;
}

void mp_bytecode_verify(const mp_raw_code_t *rc, size_t n_qstr, size_t n_obj,
    const char *source_name) {
    if (rc->kind != MP_CODE_BYTECODE) {
        /* machine code cannot be verified; its bytecode children are
         * verified on their own when loaded */
        return;
    }
    verifier_t v;
    memset(&v, 0, sizeof(v));
    v.source = source_name;
    v.rc = rc;
    v.n_qstr = n_qstr;
    v.n_obj = n_obj;
    const byte *data = rc->fun_data, *end = data + rc->fun_data_len;
    prelude_t pr;
    check_prelude(&v, data, end, &pr);
    v.code = pr.opcodes;
    v.code_len = end - pr.opcodes;
    v.n_state = pr.n_state;
    v.is_generator = (pr.flags & MP_SCOPE_FLAG_GENERATOR) != 0;
    if (v.code_len == 0) {
        fail(&v, "function has no code");
    }
    v.is_start = m_new0(byte, v.code_len);
    v.is_target = m_new0(byte, v.code_len);
    size_t n_locals = scan_code(&v, &pr);
    v.max_depth = MP_BC_GUARD_SLOTS + pr.n_state - n_locals;
    v.max_handlers = pr.n_exc_stack;
    v.at = m_new0(vstate_t *, v.code_len);

    vstate_t *s = state_new(&v), *tmp = state_new(&v);
    for (int i = 0; i < MP_BC_GUARD_SLOTS; i++) {
        push(&v, s, K_OBJ);
    }
    flow_to(&v, 0, s);
    while (v.n_work > 0) {
        v.n_work--;
        size_t pc = v.work_pc[v.n_work];
        state_copy(&v, s, v.work_state[v.n_work]);
        for (;;) {
            pc = step(&v, s, tmp, pc);
            if (pc == SIZE_MAX) {
                break;
            }
            if (v.is_target[pc]) {
                /* join the recorded state there and stop: it is (or will be) walked */
                flow_to(&v, pc, s);
                break;
            }
        }
    }
    /* the scratch arrays are garbage now; the GC reclaims them */
}
