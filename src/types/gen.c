/*
 * Generators: generator functions (mp_type_gen_wrap, and
 * mp_type_native_gen_wrap for native code), generator instances with
 * send/throw/close/__next__, and mp_resume, which drives a generator or any
 * other iterator one step (used by YIELD_FROM and native yield from).
 *
 * An instance keeps its frame in the heap. pend_exc is None while idle and
 * MP_OBJ_NULL while running (objects.md 4.7), which is how re-entry is
 * detected. code_state.ip == NULL marks a finished generator; exc_sp_idx
 * 0xFFFF marks one running native code (native.md 10).
 */
#include <stddef.h>

#include "vm/bc.h"


#define GEN_NATIVE_MARK (0xFFFF)

typedef struct _mp_obj_gen_instance_t {
    mp_obj_base_t base;
    mp_obj_t pend_exc;
    mp_code_state_t code_state; /* bytecode: variable size */
} mp_obj_gen_instance_t;

typedef struct _mp_obj_gen_instance_native_t {
    mp_obj_base_t base;
    mp_obj_t pend_exc;
    mp_code_state_native_t code_state;
} mp_obj_gen_instance_native_t;

typedef mp_vm_return_kind_t (*mp_native_gen_resume_t)(mp_code_state_native_t *code_state,
    mp_obj_t throw_value);

/* ---- generator functions ------------------------------------------- */

static mp_obj_t gen_wrap_call(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_obj_fun_bc_t *fun = MP_OBJ_TO_PTR(self_in);
    const byte *ip = fun->bytecode;
    mp_bytecode_prelude_t p;
    mp_bytecode_decode_signature(&ip, &p);
    mp_obj_gen_instance_t *o = m_malloc(offsetof(mp_obj_gen_instance_t, code_state)
        + mp_code_state_size(p.n_state, p.n_exc_stack));
    o->base.type = &mp_type_gen_instance;
    o->pend_exc = mp_const_none;
    o->code_state.fun_bc = fun;
    o->code_state.n_state = p.n_state;
    mp_setup_code_state(&o->code_state, n_args, n_kw, args);
    return MP_OBJ_FROM_PTR(o);
}

static void gen_wrap_print(const mp_print_t *print, mp_obj_t o, mp_print_kind_t kind) {
    mp_printf(print, "<function %s at %p>", qstr_str(mp_obj_fun_get_name(o)), MP_OBJ_TO_PTR(o));
}

static void gen_wrap_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR___name__) {
        dest[0] = MP_OBJ_NEW_QSTR(mp_obj_fun_get_name(self_in));
    }
}

const mp_obj_type_t mp_type_gen_wrap = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_BINDS_SELF,
    .name = MP_QSTR_generator,
    MP_TYPE_SLOT(print, gen_wrap_print),
    MP_TYPE_SLOT(call, gen_wrap_call),
    MP_TYPE_SLOT(attr, gen_wrap_attr),
};

static mp_obj_t native_gen_wrap_call(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_obj_fun_bc_t *fun = MP_OBJ_TO_PTR(self_in);
    const byte *ip = mp_obj_fun_native_get_prelude(fun);
    mp_bytecode_prelude_t p;
    mp_bytecode_decode_signature(&ip, &p);
    mp_obj_gen_instance_native_t *o = m_malloc(offsetof(mp_obj_gen_instance_native_t, code_state)
        + sizeof(mp_code_state_native_t) + p.n_state * sizeof(mp_obj_t));
    o->base.type = &mp_type_gen_instance;
    o->pend_exc = mp_const_none;
    o->code_state.fun_bc = fun;
    o->code_state.n_state = p.n_state;
    mp_setup_code_state_native(&o->code_state, n_args, n_kw, args);
    o->code_state.exc_sp_idx = GEN_NATIVE_MARK;
    /* word 1 of fun_data is the start offset of the generator body */
    const uintptr_t *words = (const uintptr_t *)fun->bytecode;
    o->code_state.ip = (const byte *)fun->bytecode + words[1];
    return MP_OBJ_FROM_PTR(o);
}

const mp_obj_type_t mp_type_native_gen_wrap = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_BINDS_SELF,
    .name = MP_QSTR_generator,
    MP_TYPE_SLOT(print, gen_wrap_print),
    MP_TYPE_SLOT(call, native_gen_wrap_call),
    MP_TYPE_SLOT(attr, gen_wrap_attr),
};

/* ---- resuming ------------------------------------------------------ */

static mp_vm_return_kind_t gen_resume(mp_obj_gen_instance_t *self, mp_obj_t send_value,
    mp_obj_t throw_value, mp_obj_t *ret_val) {
    mp_stack_check();
    if (self->pend_exc == MP_OBJ_NULL) {
        mp_raise_ValueError("generator already executing");
    }
    mp_code_state_t *cs = &self->code_state;
    if (cs->ip == NULL) {
        /* already finished: behaves as StopIteration(None) */
        *ret_val = mp_const_none;
        return MP_VM_RETURN_NORMAL;
    }
    if (send_value == MP_OBJ_NULL) {
        send_value = mp_const_none;
    }
    bool is_native = cs->exc_sp_idx == GEN_NATIVE_MARK;
    /* native and bytecode frames share the first five words; state[]
     * starts at a different offset */
    mp_obj_t *state = is_native ? ((mp_code_state_native_t *)(void *)cs)->state : cs->state;
    if (cs->sp == state - 1) {
        if (send_value != mp_const_none) {
            mp_raise_TypeError("can't send non-None value to a just-started generator");
        }
    } else {
        *cs->sp = send_value;
    }

    mp_obj_dict_t *old_globals = mp_globals_get();
    mp_globals_set(cs->fun_bc->context->module.globals);
    self->pend_exc = MP_OBJ_NULL;
    mp_vm_return_kind_t kind;
    if (is_native) {
        mp_native_gen_resume_t resume =
            (mp_native_gen_resume_t)(uintptr_t)((const byte *)cs->fun_bc->bytecode
                + 2 * sizeof(uintptr_t));
        kind = resume((mp_code_state_native_t *)(void *)cs, throw_value);
    } else {
        kind = mp_execute_bytecode(cs, throw_value);
    }
    self->pend_exc = mp_const_none;
    mp_globals_set(old_globals);

    switch (kind) {
        case MP_VM_RETURN_NORMAL:
            *ret_val = *cs->sp;
            cs->ip = NULL;
            break;
        case MP_VM_RETURN_YIELD:
            *ret_val = *cs->sp;
            break;
        default:
            *ret_val = state[0];
            cs->ip = NULL;
            break;
    }
    return kind;
}

/* Anything else: drive it through __next__ / send / throw / close. */
static mp_vm_return_kind_t iter_resume(mp_obj_t self_in, mp_obj_t send_value,
    mp_obj_t throw_value, mp_obj_t *ret_val) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_vm_return_kind_t kind;
        mp_obj_t dest[3];
        if (throw_value == MP_OBJ_NULL) {
            if (send_value == MP_OBJ_NULL || send_value == mp_const_none) {
                mp_obj_t r;
                const mp_obj_type_t *type = mp_obj_get_type(self_in);
                dest[0] = MP_OBJ_NULL;
                if ((type->flags & MP_TYPE_FLAG_ITER_MASK) != MP_TYPE_FLAG_ITER_IS_ITERNEXT) {
                    /* call a Python __next__ directly so that the value of
                     * its StopIteration reaches YIELD_FROM */
                    mp_load_method_maybe(self_in, MP_QSTR___next__, dest);
                }
                if (dest[0] != MP_OBJ_NULL) {
                    r = mp_call_method_n_kw(0, 0, dest);
                } else {
                    r = mp_iternext_allow_raise(self_in);
                }
                if (r == MP_OBJ_STOP_ITERATION) {
                    *ret_val = mp_const_none;
                    kind = MP_VM_RETURN_NORMAL;
                } else {
                    *ret_val = r;
                    kind = MP_VM_RETURN_YIELD;
                }
            } else {
                mp_load_method(self_in, MP_QSTR_send, dest);
                dest[2] = send_value;
                *ret_val = mp_call_method_n_kw(1, 0, dest);
                kind = MP_VM_RETURN_YIELD;
            }
        } else {
            bool is_exit = mp_obj_is_exception_instance(throw_value)
                ? mp_obj_exception_match(throw_value, MP_OBJ_FROM_PTR(&mp_type_GeneratorExit))
                : throw_value == MP_OBJ_FROM_PTR(&mp_type_GeneratorExit);
            dest[0] = MP_OBJ_NULL;
            if (is_exit) {
                mp_load_method_maybe(self_in, MP_QSTR_close, dest);
                if (dest[0] != MP_OBJ_NULL) {
                    mp_call_method_n_kw(0, 0, dest);
                }
                *ret_val = throw_value;
                kind = MP_VM_RETURN_EXCEPTION;
            } else {
                mp_load_method_maybe(self_in, MP_QSTR_throw, dest);
                if (dest[0] != MP_OBJ_NULL) {
                    dest[2] = throw_value;
                    *ret_val = mp_call_method_n_kw(1, 0, dest);
                    kind = MP_VM_RETURN_YIELD;
                } else {
                    *ret_val = throw_value;
                    kind = MP_VM_RETURN_EXCEPTION;
                }
            }
        }
        nlr_pop();
        return kind;
    }
    *ret_val = MP_OBJ_FROM_PTR(nlr.ret_val);
    return MP_VM_RETURN_EXCEPTION;
}

mp_vm_return_kind_t mp_resume(mp_obj_t self_in, mp_obj_t send_value, mp_obj_t throw_value,
    mp_obj_t *ret_val) {
    if (mp_obj_is_type(self_in, &mp_type_gen_instance)) {
        return gen_resume(MP_OBJ_TO_PTR(self_in), send_value, throw_value, ret_val);
    }
    return iter_resume(self_in, send_value, throw_value, ret_val);
}

/* mp_resume, with an exception raised along the way returned as EXCEPTION */
static mp_vm_return_kind_t resume_catching(mp_obj_t gen, mp_obj_t send, mp_obj_t throw_value,
    mp_obj_t *ret_value) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_vm_return_kind_t kind = mp_resume(gen, send, throw_value, ret_value);
        nlr_pop();
        return kind;
    }
    *ret_value = MP_OBJ_FROM_PTR(nlr.ret_val);
    return MP_VM_RETURN_EXCEPTION;
}

/* function-table entry 48: *ret_value holds the value to throw in (or
 * NULL); true if the delegate yielded (*ret_value = the value), false when
 * it finished (*ret_value = its result); other exceptions propagate. */
bool mp_native_yield_from(mp_obj_t gen, mp_obj_t send_value, mp_obj_t *ret_value) {
    mp_obj_t throw_value = *ret_value;
    mp_vm_return_kind_t kind = resume_catching(gen,
        throw_value != MP_OBJ_NULL ? MP_OBJ_NULL : send_value, throw_value, ret_value);
    if (kind == MP_VM_RETURN_YIELD) {
        return true;
    }
    if (kind == MP_VM_RETURN_EXCEPTION) {
        if (mp_obj_is_exception_instance(*ret_value)
            && mp_obj_exception_match(*ret_value, MP_OBJ_FROM_PTR(&mp_type_StopIteration))) {
            *ret_value = mp_obj_exception_get_value(*ret_value);
        } else {
            mp_raise(*ret_value);
        }
    }
    return false;
}

/* ---- generator instances ------------------------------------------- */

static mp_obj_t gen_resume_and_raise(mp_obj_t self_in, mp_obj_t send_value,
    mp_obj_t throw_value) {
    mp_obj_t ret;
    switch (gen_resume(MP_OBJ_TO_PTR(self_in), send_value, throw_value, &ret)) {
        case MP_VM_RETURN_YIELD:
            return ret;
        case MP_VM_RETURN_NORMAL:
            mp_raise_StopIteration(ret == mp_const_none ? MP_OBJ_NULL : ret);
        default:
            mp_raise(ret);
    }
}

static mp_obj_t gen_instance_iternext(mp_obj_t self_in) {
    mp_obj_t ret;
    switch (gen_resume(MP_OBJ_TO_PTR(self_in), mp_const_none, MP_OBJ_NULL, &ret)) {
        case MP_VM_RETURN_YIELD:
            return ret;
        case MP_VM_RETURN_NORMAL:
            if (ret == mp_const_none) {
                return MP_OBJ_STOP_ITERATION;
            }
            mp_raise_StopIteration(ret);
        default:
            mp_raise(ret);
    }
}

static mp_obj_t gen_instance_next(mp_obj_t self_in) {
    mp_obj_t ret = gen_instance_iternext(self_in);
    if (ret == MP_OBJ_STOP_ITERATION) {
        mp_raise_StopIteration(MP_OBJ_NULL);
    }
    return ret;
}
static MP_DEFINE_CONST_FUN_OBJ_1(gen_instance_next_obj, gen_instance_next);

static mp_obj_t gen_instance_send(mp_obj_t self_in, mp_obj_t send_value) {
    return gen_resume_and_raise(self_in, send_value, MP_OBJ_NULL);
}
static MP_DEFINE_CONST_FUN_OBJ_2(gen_instance_send_obj, gen_instance_send);

/* throw(type[, value[, traceback]]): reduced to one exception object */
static mp_obj_t gen_instance_throw(size_t n_args, const mp_obj_t *args) {
    mp_obj_t exc = args[1];
    if (n_args > 2 && args[2] != mp_const_none) {
        exc = args[2];
    }
    return gen_resume_and_raise(args[0], mp_const_none, exc);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(gen_instance_throw_obj, 2, 4, gen_instance_throw);

static mp_obj_t gen_instance_close(mp_obj_t self_in) {
    mp_obj_t ret;
    mp_obj_t exit_exc = mp_obj_new_exception(&mp_type_GeneratorExit);
    switch (gen_resume(MP_OBJ_TO_PTR(self_in), mp_const_none, exit_exc, &ret)) {
        case MP_VM_RETURN_YIELD:
            mp_raise_msg(&mp_type_RuntimeError, "generator ignored GeneratorExit");
        case MP_VM_RETURN_EXCEPTION:
            if (mp_obj_exception_match(ret, MP_OBJ_FROM_PTR(&mp_type_GeneratorExit))) {
                return mp_const_none;
            }
            mp_raise(ret);
        default:
            return mp_const_none;
    }
}
static MP_DEFINE_CONST_FUN_OBJ_1(gen_instance_close_obj, gen_instance_close);

static void gen_instance_print(const mp_print_t *print, mp_obj_t o, mp_print_kind_t kind) {
    mp_obj_gen_instance_t *self = MP_OBJ_TO_PTR(o);
    mp_printf(print, "<generator object '%s' at %p>",
        qstr_str(mp_obj_fun_get_name(MP_OBJ_FROM_PTR(self->code_state.fun_bc))), o);
}

static const mp_rom_map_elem_t gen_instance_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_close), MP_ROM_PTR(&gen_instance_close_obj)},
    {MP_ROM_QSTR(MP_QSTR_send), MP_ROM_PTR(&gen_instance_send_obj)},
    {MP_ROM_QSTR(MP_QSTR_throw), MP_ROM_PTR(&gen_instance_throw_obj)},
    {MP_ROM_QSTR(MP_QSTR___next__), MP_ROM_PTR(&gen_instance_next_obj)},
};
static MP_DEFINE_CONST_DICT(gen_instance_locals_dict, gen_instance_locals_table);

const mp_obj_type_t mp_type_gen_instance = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_generator,
    MP_TYPE_SLOT(print, gen_instance_print),
    MP_TYPE_SLOT(iter, gen_instance_iternext),
    MP_TYPE_SLOT(locals_dict, &gen_instance_locals_dict),
};
