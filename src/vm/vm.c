/*
 * The bytecode interpreter: mp_execute_bytecode runs one frame
 * (mp_code_state_t) until it returns, yields or lets an exception escape.
 *
 * Frame layout (shared with native code, native.md 8.1): local i lives at
 * state[n_state - 1 - i] (fastn[-i]); the value stack grows up from
 * state[0]; the handler records follow state[]. Exception-handler semantics
 * follow bytecode.md 7 and 8.4-8.6: a handler record stays while its code
 * runs and is popped by END_FINALLY / POP_EXCEPT_JUMP; RETURN_VALUE and
 * UNWIND_JUMP run pending finally/with code by jumping to it with a
 * small-int marker on the stack that END_FINALLY later acts on.
 *
 * Dispatch uses GCC's labels-as-values when available: it is the single
 * biggest speed win for a bytecode loop (one indirect branch per opcode,
 * predicted per site); other compilers get a switch.
 */
#include <string.h>

#include "vm/bc.h"


mp_code_state_t *mp_current_code_state;

/* handler record: bit 0 of val_sp marks a finally/with handler */
#define EXC_FLAG_FINALLY ((uintptr_t)1)
#define EXC_IS_FINALLY(e) (((uintptr_t)(e)->val_sp & EXC_FLAG_FINALLY) != 0)
#define EXC_SAVED_SP(e) ((mp_obj_t *)((uintptr_t)(e)->val_sp & ~(uintptr_t)3))
/* the stack once the handler is left entirely: a with block also drops its
 * [exit, mgr] pair (persist/verify.c models the same levels) */
#define EXC_UNWIND_SP(e) (EXC_SAVED_SP(e) - ((e)->exit_fun != MP_OBJ_NULL ? 2 : 0))

#if defined(__GNUC__) && !defined(MICA_VM_SWITCH)
#define MICA_VM_COMPUTED_GOTO (1)
#else
#define MICA_VM_COMPUTED_GOTO (0)
#endif

/* Open a handler record with nothing pending. */
static inline mp_exc_stack_t *push_handler(mp_exc_stack_t **exc_sp, const byte *handler,
    mp_obj_t *saved_sp, bool is_finally) {
    mp_exc_stack_t *e = ++*exc_sp;
    e->handler = handler;
    e->val_sp = (mp_obj_t *)((uintptr_t)saved_sp | (is_finally ? EXC_FLAG_FINALLY : 0));
    e->prev_exc = NULL;
    e->pending_ret = MP_OBJ_NULL;
    e->unwind_dest = NULL;
    e->unwind_n = 0;
    e->exit_fun = MP_OBJ_NULL;
    e->exit_self = MP_OBJ_NULL;
    return e;
}

static void add_traceback(mp_code_state_t *code_state, mp_obj_t exc) {
    if (!mp_obj_is_exception_instance(exc)) {
        return;
    }
    const mp_obj_fun_bc_t *fun = code_state->fun_bc;
    mp_bytecode_prelude_t p;
    mp_bytecode_prelude_decode(fun->bytecode, &p);
    const qstr_short_t *qstr_table = fun->context->constants.qstr_table;
    size_t offset = (size_t)(code_state->ip - p.opcodes);
    size_t line = mp_bytecode_get_source_line(p.line_info, p.line_info_top, offset);
    mp_obj_exception_add_traceback(exc, qstr_table[0], line,
        qstr_table[p.qstr_block_name_idx]);
}

/* Decode a 1- or 2-byte jump operand at *pip (bytecode.md 4). */
static inline mp_int_t decode_ujump(const byte **pip) {
    const byte *ip = *pip;
    mp_int_t off = ip[0];
    if (off & 0x80) {
        off = (off & 0x7f) | ((mp_int_t)ip[1] << 7);
        *pip = ip + 2;
    } else {
        *pip = ip + 1;
    }
    return off;
}

static inline mp_int_t decode_sjump(const byte **pip) {
    const byte *ip = *pip;
    if (ip[0] & 0x80) {
        *pip = ip + 2;
        return ((mp_int_t)(ip[0] & 0x7f) | ((mp_int_t)ip[1] << 7)) - 0x4000;
    }
    *pip = ip + 1;
    return (mp_int_t)ip[0] - 0x40;
}

static inline mp_obj_t decode_sint_obj(const byte **pip) {
    const byte *ip = *pip;
    mp_uint_t v = (ip[0] & 0x40) ? (mp_uint_t)-1 : 0;
    unsigned n = 0;
    byte b;
    do {
        b = *ip++;
        v = (v << 7) | (b & 0x7f);
        n++;
    } while (b & 0x80);
    *pip = ip;
    mp_int_t val = (mp_int_t)v;
    if (n <= 8 && MP_SMALL_INT_FITS_(val)) {
        return MP_OBJ_NEW_SMALL_INT(val);
    }
    return mp_obj_new_int(val);
}

/* Address of list/tuple item `index` when both are the plain built-in
 * types and the index is an in-range small int; NULL means "take the
 * general path" (which also raises the errors). Tuples are only read. */
static inline mp_obj_t *fast_item_ptr(mp_obj_t base, mp_obj_t index, bool load) {
    if (!mp_obj_is_small_int(index) || !mp_obj_is_obj(base)) {
        return NULL;
    }
    const mp_obj_type_t *t = ((mp_obj_base_t *)MP_OBJ_TO_PTR(base))->type;
    size_t len;
    mp_obj_t *items;
    if (t == &mp_type_list) {
        mp_obj_list_t *l = MP_OBJ_TO_PTR(base);
        len = l->len;
        items = l->items;
    } else if (t == &mp_type_tuple && load) {
        mp_obj_tuple_t *tu = MP_OBJ_TO_PTR(base);
        len = tu->len;
        items = tu->items;
    } else {
        return NULL;
    }
    mp_int_t i = MP_OBJ_SMALL_INT_VALUE(index);
    if (i < 0) {
        i += (mp_int_t)len;
    }
    if (i < 0 || (size_t)i >= len) {
        return NULL;
    }
    return &items[i];
}

/* Small-int operations that cannot fail or overflow in a surprising way;
 * MP_OBJ_NULL means "use mp_binary_op" (overflow to big ints, errors). */
static inline mp_obj_t small_int_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    mp_int_t a = MP_OBJ_SMALL_INT_VALUE(lhs), b = MP_OBJ_SMALL_INT_VALUE(rhs), r;
    switch (op) {
        case MP_BINARY_OP_ADD:
        case MP_BINARY_OP_INPLACE_ADD:
            r = a + b;
            break;
        case MP_BINARY_OP_SUBTRACT:
        case MP_BINARY_OP_INPLACE_SUBTRACT:
            r = a - b;
            break;
        case MP_BINARY_OP_MULTIPLY:
        case MP_BINARY_OP_INPLACE_MULTIPLY:
            if (__builtin_mul_overflow(a, b, &r)) {
                return MP_OBJ_NULL;
            }
            break;
        case MP_BINARY_OP_FLOOR_DIVIDE:
        case MP_BINARY_OP_INPLACE_FLOOR_DIVIDE:
            if (b == 0) {
                return MP_OBJ_NULL;
            }
            r = mp_small_int_floor_divide(a, b);
            break;
        case MP_BINARY_OP_MODULO:
        case MP_BINARY_OP_INPLACE_MODULO:
            if (b == 0) {
                return MP_OBJ_NULL;
            }
            r = mp_small_int_modulo(a, b);
            break;
        case MP_BINARY_OP_AND:
        case MP_BINARY_OP_INPLACE_AND:
            r = a & b;
            break;
        case MP_BINARY_OP_OR:
        case MP_BINARY_OP_INPLACE_OR:
            r = a | b;
            break;
        case MP_BINARY_OP_XOR:
        case MP_BINARY_OP_INPLACE_XOR:
            r = a ^ b;
            break;
        case MP_BINARY_OP_RSHIFT:
        case MP_BINARY_OP_INPLACE_RSHIFT:
            if (b < 0) {
                return MP_OBJ_NULL;
            }
            r = a >> (b < MP_WORD_BITS ? b : MP_WORD_BITS - 1);
            break;
        case MP_BINARY_OP_LESS:
            return mp_obj_new_bool(a < b);
        case MP_BINARY_OP_MORE:
            return mp_obj_new_bool(a > b);
        case MP_BINARY_OP_LESS_EQUAL:
            return mp_obj_new_bool(a <= b);
        case MP_BINARY_OP_MORE_EQUAL:
            return mp_obj_new_bool(a >= b);
        case MP_BINARY_OP_EQUAL:
        case MP_BINARY_OP_IS:
            return mp_obj_new_bool(a == b);
        case MP_BINARY_OP_NOT_EQUAL:
            return mp_obj_new_bool(a != b);
        default:
            return MP_OBJ_NULL;
    }
    return MP_SMALL_INT_FITS_(r) ? MP_OBJ_NEW_SMALL_INT(r) : MP_OBJ_NULL;
}

static inline bool is_exact_float(mp_obj_t o) {
    return mp_obj_is_obj(o) && ((mp_obj_base_t *)MP_OBJ_TO_PTR(o))->type == &mp_type_float;
}

/* Float arithmetic and comparisons on two floats (no int/complex mixing,
 * no division: those keep the runtime's rules and messages). */
static inline mp_obj_t float_binary_op(mp_binary_op_t op, double a, double b) {
    switch (op) {
        case MP_BINARY_OP_ADD:
        case MP_BINARY_OP_INPLACE_ADD:
            return mp_obj_new_float(a + b);
        case MP_BINARY_OP_SUBTRACT:
        case MP_BINARY_OP_INPLACE_SUBTRACT:
            return mp_obj_new_float(a - b);
        case MP_BINARY_OP_MULTIPLY:
        case MP_BINARY_OP_INPLACE_MULTIPLY:
            return mp_obj_new_float(a * b);
        case MP_BINARY_OP_LESS:
            return mp_obj_new_bool(a < b);
        case MP_BINARY_OP_MORE:
            return mp_obj_new_bool(a > b);
        case MP_BINARY_OP_LESS_EQUAL:
            return mp_obj_new_bool(a <= b);
        case MP_BINARY_OP_MORE_EQUAL:
            return mp_obj_new_bool(a >= b);
        default:
            return MP_OBJ_NULL;
    }
}

/* Lookup hints for instance attributes and globals. An instance of a
 * Python class has its own members looked up first (before the class; see
 * types/type.c), and a global is looked up in the globals dict before the
 * builtins, so a name found in that map is the answer. Each LOAD_ATTR /
 * STORE_ATTR / LOAD_GLOBAL / LOAD_NAME site remembers (by its address,
 * hashed) the map slot where it last found its name; a hit skips the hash
 * lookup. Slots are only hints: the key is always checked, so collisions
 * and resized maps just miss. */
#define ATTR_CACHE_SIZE (256)
static uint16_t attr_cache[ATTR_CACHE_SIZE];

static inline size_t attr_cache_index(const byte *op_ip) {
    uintptr_t a = (uintptr_t)op_ip;
    return (a ^ (a >> 8)) & (ATTR_CACHE_SIZE - 1);
}

static inline mp_obj_t *map_member_ptr(mp_map_t *map, qstr q, const byte *op_ip);

/* Address of the value of instance member `q` of obj, or NULL when obj is
 * not a plain instance or has no such member (the caller then takes the
 * general path). For stores, types with special accessors (properties,
 * __setattr__, descriptors) always take the general path. */
static inline mp_obj_t *instance_member_ptr(mp_obj_t obj, qstr q, const byte *op_ip,
    bool store) {
    if (!mp_obj_is_obj(obj)) {
        return NULL;
    }
    const mp_obj_type_t *type = ((mp_obj_base_t *)MP_OBJ_TO_PTR(obj))->type;
    if (!(type->flags & MP_TYPE_FLAG_INSTANCE_TYPE)
        || (store && (type->flags & MP_TYPE_FLAG_HAS_SPECIAL_ACCESSORS))) {
        return NULL;
    }
    return map_member_ptr(&((mp_obj_instance_t *)MP_OBJ_TO_PTR(obj))->members, q, op_ip);
}

/* The value slot of key q in map (a hash or ordered map), using and
 * updating the hint of the instruction at op_ip; NULL if absent. */
static inline mp_obj_t *map_member_ptr(mp_map_t *map, qstr q, const byte *op_ip) {
    mp_obj_t key = MP_OBJ_NEW_QSTR(q);
    size_t h = attr_cache_index(op_ip);
    size_t idx = attr_cache[h];
    if (idx < map->alloc && map->table[idx].key == key) {
        return &map->table[idx].value;
    }
    mp_map_elem_t *elem = mp_map_lookup(map, key, MP_MAP_LOOKUP);
    if (elem == NULL) {
        return NULL;
    }
    attr_cache[h] = (uint16_t)(elem - map->table);
    return &elem->value;
}

/* The compiler only puts cells in DEREF locals and the collection being
 * built under STORE_COMP/STORE_MAP, and a module under IMPORT_STAR; a crafted
 * .mpy could put anything there, including an unbound (NULL) local (the
 * load-time verifier does not track value types), so check. */
static inline mp_obj_cell_t *as_cell(mp_obj_t o) {
    if (o == MP_OBJ_NULL || !mp_obj_is_obj(o)
        || ((mp_obj_base_t *)MP_OBJ_TO_PTR(o))->type != &mp_type_cell) {
        mp_raise_TypeError("bad closure cell");
    }
    return MP_OBJ_TO_PTR(o);
}

static inline mp_obj_t check_exact_type(mp_obj_t o, const mp_obj_type_t *type) {
    if (o == MP_OBJ_NULL || !mp_obj_is_obj(o)
        || ((mp_obj_base_t *)MP_OBJ_TO_PTR(o))->type != type) {
        mp_raise_TypeError("bad operand type");
    }
    return o;
}

_Noreturn static void raise_unbound_local(void) {
    mp_raise_msg(&mp_type_NameError, "local variable referenced before assignment");
}

/* Call with a fast path for bytecode functions (no dispatch layers). */
static inline mp_obj_t vm_call(mp_obj_t fun, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    if (mp_obj_is_obj(fun) && ((mp_obj_base_t *)fun)->type == &mp_type_fun_bc) {
        return mp_obj_fun_bc_call(fun, n_args, n_kw, args);
    }
    return mp_call_function_n_kw(fun, n_args, n_kw, args);
}

mp_vm_return_kind_t mp_execute_bytecode(mp_code_state_t *code_state,
    volatile mp_obj_t inject_exc) {
    mp_code_state_t *prev_state = mp_current_code_state;
    code_state->prev = prev_state;
    mp_current_code_state = code_state;

    mp_obj_fun_bc_t *const fun = code_state->fun_bc;
    const qstr_short_t *const qstr_table = fun->context->constants.qstr_table;
    mp_obj_t *const obj_table = fun->context->constants.obj_table;
    mp_obj_t *const fastn = &code_state->state[code_state->n_state - 1];
    mp_exc_stack_t *const exc_stack = code_state->exc_stack;
    mp_vm_return_kind_t ret_kind;

#define EXC_SP (code_state->exc_sp)
#define PUSH(v) (*++sp = (v))
#define POP() (*sp--)
#define TOP() (*sp)
#define SET_TOP(v) (*sp = (v))
#define DECODE_UINT(var) do { \
        mp_uint_t u_ = 0; byte b_; \
        do { b_ = *ip++; u_ = (u_ << 7) | (b_ & 0x7f); } while (b_ & 0x80); \
        var = u_; \
} while (0)
/* Every loop has a backward jump: a safe point to run micropython.schedule()
 * callbacks and raise a pending KeyboardInterrupt (one volatile load). */
#define PENDING_CHECK_IF_BACKWARD(off) do { \
        if ((off) < 0 && mp_sched_pending) { \
            mp_handle_pending(); \
        } \
} while (0)
#define DECODE_QSTR(var) do { mp_uint_t qi_; DECODE_UINT(qi_); var = qstr_table[qi_]; } while (0)

#if MICA_VM_COMPUTED_GOTO
    #define ENTRY(name) entry_##name
    #define DISPATCH() do { code_state->ip = ip; goto *entry_table[*ip++]; } while (0)
    static const void *const entry_table[256] = {
        #define MP_VM_ENTRY_INIT(value, name, kind, stack) [value] = &&entry_##name,
        MP_OPCODE_LIST(MP_VM_ENTRY_INIT)
        #undef MP_VM_ENTRY_INIT
        [0x00 ... 0x0f] = &&entry_INVALID,
        [0x1d ... 0x1f] = &&entry_INVALID,
        [0x38 ... 0x3f] = &&entry_INVALID,
        [0x41] = &&entry_INVALID,
        [0x4c ... 0x4f] = &&entry_INVALID,
        [0x60 ... 0x61] = &&entry_INVALID,
        [0x6a ... 0x6f] = &&entry_INVALID,
        [0x70 ... 0xaf] = &&entry_LOAD_CONST_SMALL_INT_MULTI,
        [0xb0 ... 0xbf] = &&entry_LOAD_FAST_MULTI,
        [0xc0 ... 0xcf] = &&entry_STORE_FAST_MULTI,
        [0xd0 ... 0xd3] = &&entry_UNARY_OP_MULTI,
        [0xd4 ... 0xd6] = &&entry_INVALID,
        [0xd7 ... 0xf9] = &&entry_BINARY_OP_MULTI,
        [0xfa ... 0xff] = &&entry_INVALID,
    };
#else
    #define ENTRY(name) case MP_BC_##name
    #define DISPATCH() goto dispatch_loop
#endif

    for (;;) {
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            const byte *ip = code_state->ip;
            mp_obj_t *sp = code_state->sp;
            mp_obj_t yf_throw = MP_OBJ_NULL;
            const byte *unwind_dest = NULL; /* pending UNWIND_JUMP */
            mp_int_t unwind_n = 0;
            if (inject_exc != MP_OBJ_NULL) {
                mp_obj_t exc = inject_exc;
                inject_exc = MP_OBJ_NULL;
                if (*ip == MP_BC_YIELD_FROM) {
                    yf_throw = exc; /* handed to the delegate */
                } else {
                    mp_raise(exc);
                }
            }

#if MICA_VM_COMPUTED_GOTO
            DISPATCH();
#else
        dispatch_loop:
            code_state->ip = ip;
            switch (*ip++) {
#endif

            ENTRY(LOAD_CONST_FALSE):
                PUSH(mp_const_false);
                DISPATCH();
            ENTRY(LOAD_CONST_NONE):
                PUSH(mp_const_none);
                DISPATCH();
            ENTRY(LOAD_CONST_TRUE):
                PUSH(mp_const_true);
                DISPATCH();
            ENTRY(LOAD_NULL):
                PUSH(MP_OBJ_NULL);
                DISPATCH();
            ENTRY(LOAD_CONST_SMALL_INT): {
                mp_obj_t o = decode_sint_obj(&ip);
                PUSH(o);
                DISPATCH();
            }
            ENTRY(LOAD_CONST_STRING): {
                qstr q;
                DECODE_QSTR(q);
                PUSH(MP_OBJ_NEW_QSTR(q));
                DISPATCH();
            }
            ENTRY(LOAD_CONST_OBJ): {
                mp_uint_t i;
                DECODE_UINT(i);
                PUSH(obj_table[i]);
                DISPATCH();
            }
            ENTRY(LOAD_FAST_N): {
                mp_uint_t i;
                DECODE_UINT(i);
                mp_obj_t o = fastn[-(mp_int_t)i];
                if (o == MP_OBJ_NULL) {
                    raise_unbound_local();
                }
                PUSH(o);
                DISPATCH();
            }
            ENTRY(LOAD_DEREF): {
                mp_uint_t i;
                DECODE_UINT(i);
                mp_obj_t o = as_cell(fastn[-(mp_int_t)i])->obj;
                if (o == MP_OBJ_NULL) {
                    raise_unbound_local();
                }
                PUSH(o);
                DISPATCH();
            }
            ENTRY(LOAD_NAME): {
                const byte *op_ip = ip - 1;
                qstr q;
                DECODE_QSTR(q);
                mp_obj_t *v = mp_locals_get() == mp_globals_get()
                    ? map_member_ptr(&mp_globals_get()->map, q, op_ip) : NULL;
                PUSH(v != NULL ? *v : mp_load_name(q));
                DISPATCH();
            }
            ENTRY(LOAD_GLOBAL): {
                const byte *op_ip = ip - 1;
                qstr q;
                DECODE_QSTR(q);
                mp_obj_t *v = map_member_ptr(&mp_globals_get()->map, q, op_ip);
                PUSH(v != NULL ? *v : mp_load_global(q));
                DISPATCH();
            }
            ENTRY(LOAD_ATTR): {
                const byte *op_ip = ip - 1;
                qstr q;
                DECODE_QSTR(q);
                mp_obj_t *member = instance_member_ptr(TOP(), q, op_ip, false);
                SET_TOP(member != NULL ? *member : mp_load_attr(TOP(), q));
                DISPATCH();
            }
            ENTRY(LOAD_METHOD): {
                qstr q;
                DECODE_QSTR(q);
                mp_load_method(*sp, q, sp);
                sp += 1;
                DISPATCH();
            }
            ENTRY(LOAD_SUPER_METHOD): {
                qstr q;
                DECODE_QSTR(q);
                sp -= 1;
                mp_load_super_method(q, sp - 1);
                DISPATCH();
            }
            ENTRY(LOAD_BUILD_CLASS):
                PUSH(mp_load_build_class());
                DISPATCH();
            ENTRY(LOAD_SUBSCR): {
                mp_obj_t index = POP();
                mp_obj_t *item = fast_item_ptr(TOP(), index, true);
                SET_TOP(item != NULL ? *item : mp_obj_subscr(TOP(), index, MP_OBJ_SENTINEL));
                DISPATCH();
            }
            ENTRY(STORE_FAST_N): {
                mp_uint_t i;
                DECODE_UINT(i);
                fastn[-(mp_int_t)i] = POP();
                DISPATCH();
            }
            ENTRY(STORE_DEREF): {
                mp_uint_t i;
                DECODE_UINT(i);
                as_cell(fastn[-(mp_int_t)i])->obj = POP();
                DISPATCH();
            }
            ENTRY(STORE_NAME): {
                qstr q;
                DECODE_QSTR(q);
                mp_store_name(q, sp[0]);
                sp--;
                DISPATCH();
            }
            ENTRY(STORE_GLOBAL): {
                qstr q;
                DECODE_QSTR(q);
                mp_store_global(q, sp[0]);
                sp--;
                DISPATCH();
            }
            ENTRY(STORE_ATTR): {
                const byte *op_ip = ip - 1;
                qstr q;
                DECODE_QSTR(q);
                mp_obj_t *member = sp[-1] != MP_OBJ_NULL
                    ? instance_member_ptr(sp[0], q, op_ip, true) : NULL;
                if (member != NULL) {
                    *member = sp[-1];
                } else {
                    mp_store_attr(sp[0], q, sp[-1]);
                    instance_member_ptr(sp[0], q, op_ip, true); /* learn the slot */
                }
                sp -= 2;
                DISPATCH();
            }
            ENTRY(STORE_SUBSCR): {
                mp_obj_t *item = sp[-2] != MP_OBJ_NULL ? fast_item_ptr(sp[-1], sp[0], false) : NULL;
                if (item != NULL) {
                    *item = sp[-2];
                } else {
                    mp_obj_subscr(sp[-1], sp[0], sp[-2]);
                }
                sp -= 3;
                DISPATCH();
            }
            ENTRY(DELETE_FAST): {
                mp_uint_t i;
                DECODE_UINT(i);
                if (fastn[-(mp_int_t)i] == MP_OBJ_NULL) {
                    raise_unbound_local();
                }
                fastn[-(mp_int_t)i] = MP_OBJ_NULL;
                DISPATCH();
            }
            ENTRY(DELETE_DEREF): {
                mp_uint_t i;
                DECODE_UINT(i);
                mp_obj_cell_t *cell = as_cell(fastn[-(mp_int_t)i]);
                if (cell->obj == MP_OBJ_NULL) {
                    raise_unbound_local();
                }
                cell->obj = MP_OBJ_NULL;
                DISPATCH();
            }
            ENTRY(DELETE_NAME): {
                qstr q;
                DECODE_QSTR(q);
                mp_delete_name(q);
                DISPATCH();
            }
            ENTRY(DELETE_GLOBAL): {
                qstr q;
                DECODE_QSTR(q);
                mp_delete_global(q);
                DISPATCH();
            }
            ENTRY(DUP_TOP): {
                mp_obj_t o = TOP();
                PUSH(o);
                DISPATCH();
            }
            ENTRY(DUP_TOP_TWO):
                sp += 2;
                sp[0] = sp[-2];
                sp[-1] = sp[-3];
                DISPATCH();
            ENTRY(POP_TOP):
                sp -= 1;
                DISPATCH();
            ENTRY(ROT_TWO): {
                mp_obj_t t = sp[0];
                sp[0] = sp[-1];
                sp[-1] = t;
                DISPATCH();
            }
            ENTRY(ROT_THREE): {
                mp_obj_t t = sp[0];
                sp[0] = sp[-1];
                sp[-1] = sp[-2];
                sp[-2] = t;
                DISPATCH();
            }
            ENTRY(JUMP): {
                mp_int_t off = decode_sjump(&ip);
                ip += off;
                PENDING_CHECK_IF_BACKWARD(off);
                DISPATCH();
            }
            ENTRY(POP_JUMP_IF_TRUE): {
                mp_int_t off = decode_sjump(&ip);
                mp_obj_t o = POP();
                if (o == mp_const_true || (o != mp_const_false && mp_obj_is_true(o))) {
                    ip += off;
                    PENDING_CHECK_IF_BACKWARD(off);
                }
                DISPATCH();
            }
            ENTRY(POP_JUMP_IF_FALSE): {
                mp_int_t off = decode_sjump(&ip);
                mp_obj_t o = POP();
                if (o == mp_const_false || (o != mp_const_true && !mp_obj_is_true(o))) {
                    ip += off;
                    PENDING_CHECK_IF_BACKWARD(off);
                }
                DISPATCH();
            }
            ENTRY(JUMP_IF_TRUE_OR_POP): {
                mp_int_t off = decode_ujump(&ip);
                if (mp_obj_is_true(TOP())) {
                    ip += off;
                } else {
                    sp--;
                }
                DISPATCH();
            }
            ENTRY(JUMP_IF_FALSE_OR_POP): {
                mp_int_t off = decode_ujump(&ip);
                if (!mp_obj_is_true(TOP())) {
                    ip += off;
                } else {
                    sp--;
                }
                DISPATCH();
            }
            ENTRY(SETUP_WITH): {
                mp_int_t off = decode_ujump(&ip);
                mp_obj_t mgr = TOP();
                /* [mgr] -> [exit, mgr] then the __enter__ method pair above */
                mp_load_method(mgr, MP_QSTR___exit__, sp);
                mp_load_method(mgr, MP_QSTR___enter__, sp + 2);
                mp_obj_t value = mp_call_method_n_kw(0, 0, sp + 2);
                mp_exc_stack_t *e = push_handler(&EXC_SP, ip + off, sp + 1, true);
                e->exit_fun = sp[0];
                e->exit_self = sp[1];
                sp += 2;
                sp[0] = value;
                DISPATCH();
            }
            ENTRY(WITH_CLEANUP): {
                /* [exit, mgr, X] -> [None] or [X]; with a pending return or
                 * unwind [exit, mgr, data, marker] -> [.., marker]. __exit__
                 * comes from the handler record (the verifier guarantees the
                 * innermost handler is this with's). */
                mp_exc_stack_t *e = EXC_SP;
                mp_obj_t args[5] = {e->exit_fun, e->exit_self, mp_const_none, mp_const_none,
                    mp_const_none};
                if (e->exit_fun == MP_OBJ_NULL) {
                    mp_raise_msg(&mp_type_RuntimeError, "WITH_CLEANUP outside a with block");
                }
                if (e->pending_ret != MP_OBJ_NULL || e->unwind_dest != NULL) {
                    mp_call_method_n_kw(3, 0, args);
                    sp -= 2;
                    sp[0] = MP_OBJ_NEW_SMALL_INT(e->pending_ret != MP_OBJ_NULL ? -1 : 0);
                    DISPATCH();
                }
                mp_obj_t x = TOP();
                if (x == mp_const_none) {
                    mp_call_method_n_kw(3, 0, args);
                    sp -= 2;
                    sp[0] = mp_const_none;
                } else {
                    args[2] = MP_OBJ_FROM_PTR(mp_obj_get_type(x));
                    args[3] = x;
                    mp_obj_t r = mp_call_method_n_kw(3, 0, args);
                    sp -= 2;
                    sp[0] = mp_obj_is_true(r) ? mp_const_none : x;
                }
                DISPATCH();
            }
            ENTRY(SETUP_EXCEPT):
            ENTRY(SETUP_FINALLY): {
                byte op = ip[-1];
                mp_int_t off = decode_ujump(&ip);
                push_handler(&EXC_SP, ip + off, sp, op == MP_BC_SETUP_FINALLY);
                DISPATCH();
            }
            ENTRY(POP_EXCEPT_JUMP): {
                mp_int_t off = decode_ujump(&ip);
                EXC_SP -= 1;
                ip += off;
                DISPATCH();
            }
            ENTRY(END_FINALLY): {
                mp_exc_stack_t *e = EXC_SP;
                EXC_SP -= 1;
                if (e->pending_ret != MP_OBJ_NULL) {
                    /* resume the return, with the value the VM kept */
                    sp = EXC_SAVED_SP(e) + 1;
                    sp[0] = e->pending_ret;
                    goto unwind_return;
                }
                if (e->unwind_dest != NULL) {
                    /* resume the unwind jump the VM started */
                    unwind_n = e->unwind_n;
                    unwind_dest = e->unwind_dest;
                    sp = EXC_UNWIND_SP(e);
                    goto unwind_jump;
                }
                mp_obj_t x = TOP();
                if (x == mp_const_none) {
                    sp--;
                } else {
                    mp_raise(x); /* re-raise; a non-exception gives TypeError */
                }
                DISPATCH();
            }
            ENTRY(UNWIND_JUMP): {
                mp_int_t off = decode_sjump(&ip);
                unwind_dest = ip + off;
                unwind_n = *ip++;
                goto unwind_jump;
            }
            unwind_jump: {
                /* leave unwind_n & 0x7f handlers, running pending
                 * finally/with code (it comes back here via END_FINALLY) */
                mp_int_t n = unwind_n;
                const byte *dest = unwind_dest;
                const byte *cur = code_state->ip;
                while ((n & 0x7f) > 0) {
                    n -= 1;
                    mp_exc_stack_t *e = EXC_SP;
                    if (EXC_IS_FINALLY(e) && e->handler > cur) {
                        e->unwind_dest = dest;
                        e->unwind_n = n;
                        sp = EXC_SAVED_SP(e);
                        PUSH(MP_OBJ_NEW_SMALL_INT(0)); /* the reference's [dest, n] */
                        PUSH(MP_OBJ_NEW_SMALL_INT(n & 0x7f));
                        ip = e->handler;
                        DISPATCH();
                    }
                    /* an except handler, or a finally whose code is running */
                    sp = EXC_UNWIND_SP(e);
                    EXC_SP -= 1;
                }
                if (n & MP_BC_UNWIND_JUMP_FLAG_POP_ITER) {
                    sp -= MP_OBJ_ITER_BUF_NSLOTS;
                }
                ip = dest;
                DISPATCH();
            }
            ENTRY(GET_ITER):
                SET_TOP(mp_getiter(TOP(), NULL));
                DISPATCH();
            ENTRY(GET_ITER_STACK): {
                mp_obj_t obj = TOP();
                mp_obj_iter_buf_t *buf = (mp_obj_iter_buf_t *)sp;
                mp_obj_t it = mp_getiter(obj, buf);
                if (it != MP_OBJ_FROM_PTR(buf)) {
                    sp[0] = MP_OBJ_NULL;
                    sp[1] = it;
                }
                sp += MP_OBJ_ITER_BUF_NSLOTS - 1;
                DISPATCH();
            }
            ENTRY(FOR_ITER): {
                mp_int_t off = decode_ujump(&ip);
                code_state->sp = sp; /* for StopIteration raised by the iterator */
                mp_obj_t *slots = sp - (MP_OBJ_ITER_BUF_NSLOTS - 1);
                mp_obj_t it = slots[0] == MP_OBJ_NULL ? slots[1] : MP_OBJ_FROM_PTR(slots);
                mp_obj_t v = mp_iternext(it);
                if (v == MP_OBJ_STOP_ITERATION) {
                    sp -= MP_OBJ_ITER_BUF_NSLOTS;
                    ip += off;
                } else {
                    PUSH(v);
                }
                DISPATCH();
            }
            ENTRY(BUILD_TUPLE): {
                mp_uint_t n;
                DECODE_UINT(n);
                sp = sp - n + 1;
                *sp = mp_obj_new_tuple(n, sp);
                DISPATCH();
            }
            ENTRY(BUILD_LIST): {
                mp_uint_t n;
                DECODE_UINT(n);
                sp = sp - n + 1;
                *sp = mp_obj_new_list(n, sp);
                DISPATCH();
            }
            ENTRY(BUILD_SET): {
                mp_uint_t n;
                DECODE_UINT(n);
                sp = sp - n + 1;
                *sp = mp_obj_new_set(n, sp);
                DISPATCH();
            }
            ENTRY(BUILD_MAP): {
                mp_uint_t n;
                DECODE_UINT(n);
                PUSH(mp_obj_new_dict(n));
                DISPATCH();
            }
            ENTRY(STORE_MAP):
                sp -= 2;
                mp_obj_dict_store(check_exact_type(sp[0], &mp_type_dict), sp[2], sp[1]);
                DISPATCH();
            ENTRY(BUILD_SLICE): {
                mp_uint_t n;
                DECODE_UINT(n);
                mp_obj_t step = mp_const_none;
                if (n == 3) {
                    step = POP();
                }
                mp_obj_t stop = POP();
                SET_TOP(mp_obj_new_slice(TOP(), stop, step));
                DISPATCH();
            }
            ENTRY(STORE_COMP): {
                mp_uint_t n;
                DECODE_UINT(n);
                mp_obj_t coll = sp[-(mp_int_t)(n >> 2)];
                switch (n & 3) {
                    case 0:
                        mp_obj_list_append(check_exact_type(coll, &mp_type_list), sp[0]);
                        sp -= 1;
                        break;
                    case 1:
                        mp_obj_dict_store(check_exact_type(coll, &mp_type_dict), sp[0], sp[-1]);
                        sp -= 2;
                        break;
                    default:
                        mp_obj_set_store(check_exact_type(coll, &mp_type_set), sp[0]);
                        sp -= 1;
                        break;
                }
                DISPATCH();
            }
            ENTRY(UNPACK_SEQUENCE): {
                mp_uint_t n;
                DECODE_UINT(n);
                mp_unpack_sequence(sp[0], n, sp);
                sp += n - 1;
                DISPATCH();
            }
            ENTRY(UNPACK_EX): {
                mp_uint_t n;
                DECODE_UINT(n);
                mp_unpack_ex(sp[0], n, sp);
                sp += (n & 0xff) + ((n >> 8) & 0xff);
                DISPATCH();
            }
            ENTRY(MAKE_FUNCTION): {
                mp_uint_t i;
                DECODE_UINT(i);
                PUSH(mp_make_function_from_proto_fun(fun->child_table[i], fun->context, NULL));
                DISPATCH();
            }
            ENTRY(MAKE_FUNCTION_DEFARGS): {
                mp_uint_t i;
                DECODE_UINT(i);
                sp -= 1;
                SET_TOP(mp_make_function_from_proto_fun(fun->child_table[i], fun->context, sp));
                DISPATCH();
            }
            ENTRY(MAKE_CLOSURE): {
                mp_uint_t i;
                DECODE_UINT(i);
                mp_uint_t n = *ip++;
                sp = sp - n + 1;
                mp_obj_t f = mp_make_function_from_proto_fun(fun->child_table[i], fun->context,
                    NULL);
                *sp = mp_obj_new_closure(f, n, sp);
                DISPATCH();
            }
            ENTRY(MAKE_CLOSURE_DEFARGS): {
                mp_uint_t i;
                DECODE_UINT(i);
                mp_uint_t n = *ip++;
                sp = sp - n - 1;
                mp_obj_t f = mp_make_function_from_proto_fun(fun->child_table[i], fun->context,
                    sp);
                *sp = mp_obj_new_closure(f, n, sp + 2);
                DISPATCH();
            }
            ENTRY(CALL_FUNCTION): {
                mp_uint_t n;
                DECODE_UINT(n);
                size_t n_pos = n & 0xff, n_kw = (n >> 8) & 0xff;
                sp -= n_pos + 2 * n_kw;
                SET_TOP(vm_call(sp[0], n_pos, n_kw, sp + 1));
                DISPATCH();
            }
            ENTRY(CALL_FUNCTION_VAR_KW): {
                mp_uint_t n;
                DECODE_UINT(n);
                sp -= (n & 0xff) + 2 * ((n >> 8) & 0xff) + 1;
                SET_TOP(mp_call_method_n_kw_var(false, n, sp));
                DISPATCH();
            }
            ENTRY(CALL_METHOD): {
                mp_uint_t n;
                DECODE_UINT(n);
                size_t n_pos = n & 0xff, n_kw = (n >> 8) & 0xff;
                sp -= n_pos + 2 * n_kw + 1;
                size_t adjust = sp[1] == MP_OBJ_NULL ? 0 : 1;
                SET_TOP(vm_call(sp[0], n_pos + adjust, n_kw, sp + 2 - adjust));
                DISPATCH();
            }
            ENTRY(CALL_METHOD_VAR_KW): {
                mp_uint_t n;
                DECODE_UINT(n);
                sp -= (n & 0xff) + 2 * ((n >> 8) & 0xff) + 2;
                SET_TOP(mp_call_method_n_kw_var(true, n, sp));
                DISPATCH();
            }
            ENTRY(RETURN_VALUE):
            unwind_return: {
                /* run each pending finally/with (not already running) with
                 * [retval, -1] on its stack; END_FINALLY comes back here */
                const byte *cur = code_state->ip;
                while (EXC_SP >= exc_stack) {
                    mp_exc_stack_t *e = EXC_SP;
                    if (EXC_IS_FINALLY(e) && e->handler > cur) {
                        mp_obj_t *fsp = EXC_SAVED_SP(e);
                        e->pending_ret = sp[0];
                        fsp[1] = sp[0];
                        sp = fsp + 1;
                        PUSH(MP_OBJ_NEW_SMALL_INT(-1));
                        ip = e->handler;
                        DISPATCH();
                    }
                    EXC_SP -= 1;
                }
                code_state->sp = sp;
                ret_kind = MP_VM_RETURN_NORMAL;
                nlr_pop();
                goto leave;
            }
            ENTRY(RAISE_LAST): {
                mp_obj_t exc = MP_OBJ_NULL;
                for (mp_exc_stack_t *e = EXC_SP; e >= exc_stack; e--) {
                    if (e->prev_exc != NULL) {
                        exc = MP_OBJ_FROM_PTR(e->prev_exc);
                        break;
                    }
                }
                if (exc == MP_OBJ_NULL) {
                    mp_raise_msg(&mp_type_RuntimeError, "no active exception to reraise");
                }
                mp_raise(exc);
            }
            ENTRY(RAISE_OBJ):
                mp_raise(sp[0]);
            ENTRY(RAISE_FROM): {
                mp_obj_t cause = sp[0];
                if (cause != mp_const_none) {
                    mp_print_str(&mp_stderr_print, "Warning: exception chaining not supported\n");
                }
                mp_raise(sp[-1]);
            }
            ENTRY(YIELD_VALUE):
                code_state->ip = ip;
                code_state->sp = sp;
                ret_kind = MP_VM_RETURN_YIELD;
                nlr_pop();
                goto leave;
            ENTRY(YIELD_FROM): {
                mp_obj_t send = sp[0];
                mp_obj_t t_exc = yf_throw;
                yf_throw = MP_OBJ_NULL;
                mp_obj_t ret;
                mp_vm_return_kind_t k = mp_resume(sp[-1], t_exc != MP_OBJ_NULL ? MP_OBJ_NULL : send,
                    t_exc, &ret);
                if (k == MP_VM_RETURN_YIELD) {
                    /* re-run this YIELD_FROM on resume, with the sent value at sp[0] */
                    sp[0] = ret;
                    code_state->sp = sp;
                    ret_kind = MP_VM_RETURN_YIELD;
                    nlr_pop();
                    goto leave;
                }
                sp -= 1;
                if (k == MP_VM_RETURN_NORMAL) {
                    sp[0] = ret;
                } else if (mp_obj_is_exception_instance(ret)
                           && mp_obj_exception_match(ret, MP_OBJ_FROM_PTR(&mp_type_StopIteration))) {
                    sp[0] = mp_obj_exception_get_value(ret);
                } else {
                    mp_raise(ret);
                }
                DISPATCH();
            }
            ENTRY(IMPORT_NAME): {
                qstr q;
                DECODE_QSTR(q);
                mp_obj_t fromlist = POP();
                SET_TOP(mp_import_name(q, fromlist, TOP()));
                DISPATCH();
            }
            ENTRY(IMPORT_FROM): {
                qstr q;
                DECODE_QSTR(q);
                mp_obj_t o = mp_import_from(TOP(), q);
                PUSH(o);
                DISPATCH();
            }
            ENTRY(IMPORT_STAR):
                mp_import_all(check_exact_type(sp[0], &mp_type_module));
                sp -= 1;
                DISPATCH();

#if MICA_VM_COMPUTED_GOTO
            entry_LOAD_CONST_SMALL_INT_MULTI:
#else
            default: {
                byte op = ip[-1];
                if (op >= 0x70 && op < 0xb0) {
                    goto entry_LOAD_CONST_SMALL_INT_MULTI;
                } else if (op >= 0xb0 && op < 0xc0) {
                    goto entry_LOAD_FAST_MULTI;
                } else if (op >= 0xc0 && op < 0xd0) {
                    goto entry_STORE_FAST_MULTI;
                } else if (op >= 0xd0 && op < 0xd4) {
                    goto entry_UNARY_OP_MULTI;
                } else if (op >= 0xd7 && op < 0xfa) {
                    goto entry_BINARY_OP_MULTI;
                }
                goto entry_INVALID;
            }
            entry_LOAD_CONST_SMALL_INT_MULTI:
#endif
                PUSH(MP_OBJ_NEW_SMALL_INT((mp_int_t)ip[-1] - 0x80));
                DISPATCH();
            entry_LOAD_FAST_MULTI: {
                mp_obj_t o = fastn[-(mp_int_t)(ip[-1] - MP_BC_LOAD_FAST_MULTI)];
                if (o == MP_OBJ_NULL) {
                    raise_unbound_local();
                }
                PUSH(o);
                DISPATCH();
            }
            entry_STORE_FAST_MULTI:
                fastn[-(mp_int_t)(ip[-1] - MP_BC_STORE_FAST_MULTI)] = POP();
                DISPATCH();
            entry_UNARY_OP_MULTI:
                SET_TOP(mp_unary_op((mp_unary_op_t)(ip[-1] - MP_BC_UNARY_OP_MULTI), TOP()));
                DISPATCH();
            entry_BINARY_OP_MULTI: {
                mp_binary_op_t op = (mp_binary_op_t)(ip[-1] - MP_BC_BINARY_OP_MULTI);
                mp_obj_t rhs = POP();
                mp_obj_t lhs = TOP();
                if (mp_obj_is_small_int(lhs) && mp_obj_is_small_int(rhs)) {
                    mp_obj_t r = small_int_binary_op(op, lhs, rhs);
                    if (r != MP_OBJ_NULL) {
                        SET_TOP(r);
                        DISPATCH();
                    }
                } else if (is_exact_float(lhs) && is_exact_float(rhs)) {
                    mp_obj_t r = float_binary_op(op, ((mp_obj_float_t *)MP_OBJ_TO_PTR(lhs))->value,
                        ((mp_obj_float_t *)MP_OBJ_TO_PTR(rhs))->value);
                    if (r != MP_OBJ_NULL) {
                        SET_TOP(r);
                        DISPATCH();
                    }
                }
                SET_TOP(mp_binary_op(op, lhs, rhs));
                DISPATCH();
            }
            entry_INVALID:
                mp_raise_NotImplementedError("opcode");
#if !MICA_VM_COMPUTED_GOTO
            } /* switch */
#endif
        } else {
            /* An exception arrived: record where, then find a handler. */
            mp_obj_t exc = nlr.ret_val;
            const byte *ip = code_state->ip;
            if (*ip == MP_BC_FOR_ITER && mp_obj_is_exception_instance(exc)
                && mp_obj_exception_match(exc, MP_OBJ_FROM_PTR(&mp_type_StopIteration))) {
                /* the iterator raised StopIteration: the loop ends */
                const byte *p = ip + 1;
                mp_int_t off = decode_ujump(&p);
                code_state->ip = p + off;
                code_state->sp -= MP_OBJ_ITER_BUF_NSLOTS;
                continue;
            }
            /* re-raises by END_FINALLY / bare raise keep their traceback */
            if (*ip != MP_BC_END_FINALLY && *ip != MP_BC_RAISE_LAST) {
                add_traceback(code_state, exc);
            }
            /* drop handlers whose code is running (at or before ip) */
            while (EXC_SP >= exc_stack && EXC_SP->handler <= ip) {
                EXC_SP -= 1;
            }
            if (EXC_SP >= exc_stack) {
                mp_exc_stack_t *e = EXC_SP;
                mp_obj_t *sp = EXC_SAVED_SP(e);
                *++sp = exc;
                e->prev_exc = MP_OBJ_TO_PTR(exc);
                code_state->sp = sp;
                code_state->ip = e->handler;
                continue;
            }
            code_state->state[0] = exc;
            ret_kind = MP_VM_RETURN_EXCEPTION;
            goto leave;
        }
    }

leave:
    mp_current_code_state = prev_state;
    return ret_kind;
}
