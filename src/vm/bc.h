/*
 * Bytecode: the frame (code state) the VM runs, and prelude decoding.
 * Encodings: ../shared/spec/bytecode.md. The code state layout is shared
 * with native code (objects.md 4.6, design note 5).
 */
#ifndef MICA_VM_BC_H
#define MICA_VM_BC_H

#include "core/runtime.h"
#include "core/rawcode.h"
#include "vm/opcodes.h"

/* Object slots every bytecode frame has just below state[0] (initialised to
 * None). Reference-compiled `async with` code rotates values below a finally
 * handler's level on paths that cannot happen at run time; the verifier
 * (persist/verify.c) proves all paths stay within these guard slots, so no
 * path can reach the frame's bookkeeping fields. */
#define MP_BC_GUARD_SLOTS (2)

/* An active exception handler (bytecode.md section 7). */
typedef struct _mp_exc_stack_t {
    const byte *handler;
    /* bit 0: is a finally/with handler (vs except); the rest: saved sp */
    mp_obj_t *val_sp;
    mp_obj_base_t *prev_exc; /* exception being handled, for RAISE_LAST */
    /* A return or an unwind jump that passes through this finally/with
     * handler. The VM also pushes the reference's two marker slots for the
     * handler code, but END_FINALLY acts on these fields only, never on stack
     * contents, so bytecode cannot forge a destination or a return value. */
    mp_obj_t pending_ret;    /* return value, or MP_OBJ_NULL */
    const byte *unwind_dest; /* unwind destination, or NULL */
    mp_int_t unwind_n;       /* handlers still to leave | POP_ITER flag */
    /* with: the __exit__ method pair [fun, self] taken at SETUP_WITH, so
     * WITH_CLEANUP never calls what it finds on the value stack */
    mp_obj_t exit_fun;
    mp_obj_t exit_self;
} mp_exc_stack_t;

/* The native code state: exactly 5 words then state[] (objects.md 4.6). */
typedef struct _mp_code_state_native_t {
    mp_obj_fun_bc_t *fun_bc;
    const byte *ip;
    mp_obj_t *sp;
    uint16_t n_state;
    uint16_t exc_sp_idx;
    mp_obj_dict_t *old_globals;
    mp_obj_t state[];
} mp_code_state_native_t;

/* The bytecode VM's code state: the same first five words, so native and
 * bytecode frames can be handled alike, then the exception stack pointer.
 * state[] holds n_state object slots; the exception stack follows them. */
typedef struct _mp_code_state_t {
    mp_obj_fun_bc_t *fun_bc;
    const byte *ip;
    mp_obj_t *sp;
    uint16_t n_state;
    uint16_t exc_sp_idx;
    mp_obj_dict_t *old_globals;
    struct _mp_code_state_t *prev; /* caller's frame, for tracebacks */
    mp_exc_stack_t *exc_sp;        /* innermost active handler, or below exc_stack */
    mp_exc_stack_t *exc_stack;     /* n_exc_stack records (after state[]) */
    mp_obj_t guard[MP_BC_GUARD_SLOTS]; /* state[-2], state[-1]: always objects */
    mp_obj_t state[];
} mp_code_state_t;

/* Decoded prelude (bytecode.md section 2). */
typedef struct _mp_bytecode_prelude_t {
    uint16_t n_state;
    uint16_t n_exc_stack;
    uint8_t scope_flags;
    uint8_t n_pos_args;
    uint8_t n_kwonly_args;
    uint8_t n_def_pos_args;
    size_t n_info;
    size_t n_cell;
    qstr_short_t qstr_block_name_idx; /* index into the qstr table */
    const byte *arg_names;  /* vuint qstr indices, n_pos + n_kwonly of them */
    const byte *line_info;  /* line-number table */
    const byte *line_info_top;
    const byte *opcodes;    /* first opcode, after the cell list */
} mp_bytecode_prelude_t;

/* Signature decoding: reads the packed field at *ip and advances it. */
void mp_bytecode_decode_signature(const byte **ip, mp_bytecode_prelude_t *p);
void mp_bytecode_decode_size(const byte **ip, size_t *n_info, size_t *n_cell);
/* Full decode of the prelude of a bytecode function. */
void mp_bytecode_prelude_decode(const byte *bytecode, mp_bytecode_prelude_t *p);
/* Source line of a bytecode offset, from the line-number table. */
size_t mp_bytecode_get_source_line(const byte *line_info, const byte *line_info_top,
    size_t bc_offset);

/* vuint (MSB group first) and sint decoding of operands */
static inline size_t mp_decode_uint(const byte **ptr) {
    size_t unum = 0;
    byte val;
    const byte *p = *ptr;
    do {
        val = *p++;
        unum = (unum << 7) | (val & 0x7f);
    } while ((val & 0x80) != 0);
    *ptr = p;
    return unum;
}

/* Run a frame. Entered with code_state set up by mp_setup_code_state;
 * for generators inject_exc may be an exception to throw in.
 * Returns NORMAL (return value in *code_state->sp), YIELD (yielded value
 * in *code_state->sp) or EXCEPTION (exception in state[0]). */
mp_vm_return_kind_t mp_execute_bytecode(mp_code_state_t *code_state,
    volatile mp_obj_t inject_exc);

/* Bind call arguments into a fresh frame (bytecode.md section 7). */
void mp_setup_code_state(mp_code_state_t *code_state, size_t n_args, size_t n_kw,
    const mp_obj_t *args);
/* function-table entry 45 */
void mp_setup_code_state_native(mp_code_state_native_t *code_state, size_t n_args,
    size_t n_kw, const mp_obj_t *args);

/* The innermost running bytecode frame (for tracebacks). */
extern mp_code_state_t *mp_current_code_state;

/* ---- added by vm (implementations in vm/ and types/fun.c, gen.c) ---- */

/* Call a bytecode function object (the call slot of mp_type_fun_bc); the
 * VM calls it directly as a fast path. */
mp_obj_t mp_obj_fun_bc_call(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args);
/* The function's simple name from its prelude (fun_bc, gen_wrap, closure,
 * bound method, ...); MP_QSTR_ if unknown. */
qstr mp_obj_fun_get_name(mp_const_obj_t fun);
/* mp_setup_code_state for a caller that has already decoded the signature
 * (sig; ip_after_sig points just after it): saves decoding it twice. */
void mp_setup_code_state_sig(mp_code_state_t *code_state, const mp_bytecode_prelude_t *sig,
    const byte *ip_after_sig, size_t n_args, size_t n_kw, const mp_obj_t *args);
/* Start of the prelude of a native function (found through the child table,
 * native.md 4.1). */
const byte *mp_obj_fun_native_get_prelude(const mp_obj_fun_bc_t *fun);
/* default arguments into fun->extra_args, laid out by the prelude (types/fun.c) */
void mp_obj_fun_bc_set_defaults(mp_obj_fun_bc_t *fun, const mp_bytecode_prelude_t *prelude,
    const mp_obj_t *def_args);
/* Print a raw code's bytecode like mpyinspect.py / `micropython -v -v`
 * (bytecode.md 9); qstr and constant operands are resolved via context. */
void mp_bytecode_print(const mp_print_t *print, const mp_raw_code_t *rc,
    const mp_module_context_t *context);
/* Size in bytes of a bytecode code state with n_state slots and
 * n_exc_stack handler records. */
static inline size_t mp_code_state_size(size_t n_state, size_t n_exc_stack) {
    return sizeof(mp_code_state_t) + n_state * sizeof(mp_obj_t)
           + n_exc_stack * sizeof(mp_exc_stack_t);
}

#endif
