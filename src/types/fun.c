/*
 * Function objects: bytecode functions (mp_type_fun_bc) and how calling one
 * sets up its frame, built-in C functions (mp_type_fun_builtin_0..3/var),
 * making function objects from raw codes, and running a module body.
 */
#include <string.h>

#include "vm/bc.h"


/* Frames up to this many bytes live on the C stack (no GC pressure);
 * bigger ones go to the heap. */
#define FUN_BC_STACK_FRAME_MAX (1024)

/* ---- bytecode functions -------------------------------------------- */

qstr mp_obj_fun_get_name(mp_const_obj_t fun_in) {
    if (!mp_obj_is_obj(fun_in)) {
        return MP_QSTR_;
    }
    const mp_obj_type_t *t = ((const mp_obj_base_t *)fun_in)->type;
    if (t == &mp_type_fun_bc || t == &mp_type_gen_wrap) {
        const mp_obj_fun_bc_t *fun = fun_in;
        mp_bytecode_prelude_t p;
        mp_bytecode_prelude_decode(fun->bytecode, &p);
        return fun->context->constants.qstr_table[p.qstr_block_name_idx];
    }
    if (t == &mp_type_fun_native || t == &mp_type_native_gen_wrap) {
        const mp_obj_fun_bc_t *fun = fun_in;
        mp_bytecode_prelude_t p;
        mp_bytecode_prelude_decode(mp_obj_fun_native_get_prelude(fun), &p);
        return fun->context->constants.qstr_table[p.qstr_block_name_idx];
    }
    if (t == &mp_type_closure || t == &mp_type_bound_meth) {
        /* both keep the wrapped function in the word after the header */
        return mp_obj_fun_get_name(((const mp_obj_t *)fun_in)[1]);
    }
    return MP_QSTR_;
}

/* Run a bytecode function with the given globals; the frame is on the C
 * stack when small. */
static mp_obj_t fun_bc_run(mp_obj_fun_bc_t *self, size_t n_args, size_t n_kw,
    const mp_obj_t *args, mp_obj_dict_t *globals) {
    mp_stack_check();
    const byte *ip = self->bytecode;
    mp_bytecode_prelude_t p;
    mp_bytecode_decode_signature(&ip, &p);
    size_t size = mp_code_state_size(p.n_state, p.n_exc_stack);

    /* one word-aligned buffer; the VLA is at least 1 word */
    size_t n_words = size <= FUN_BC_STACK_FRAME_MAX
        ? (size + sizeof(mp_uint_t) - 1) / sizeof(mp_uint_t) : 1;
    mp_uint_t stack_buf[n_words];
    mp_code_state_t *code_state;
    if (size <= FUN_BC_STACK_FRAME_MAX) {
        code_state = (mp_code_state_t *)stack_buf;
    } else {
        code_state = m_malloc(size);
    }
    code_state->fun_bc = self;
    code_state->n_state = p.n_state;
    mp_setup_code_state_sig(code_state, &p, ip, n_args, n_kw, args);

    mp_obj_dict_t *old_globals = mp_globals_get();
    mp_globals_set(globals);
    mp_vm_return_kind_t kind = mp_execute_bytecode(code_state, MP_OBJ_NULL);
    mp_globals_set(old_globals);

    mp_obj_t result;
    if (kind == MP_VM_RETURN_NORMAL) {
        result = *code_state->sp;
    } else if (kind == MP_VM_RETURN_EXCEPTION) {
        result = code_state->state[0];
    } else {
        /* only a crafted .mpy yields outside a generator */
        result = mp_obj_new_exception_msg(&mp_type_RuntimeError, "yield outside generator");
        kind = MP_VM_RETURN_EXCEPTION;
    }
    if (size > FUN_BC_STACK_FRAME_MAX) {
        m_free(code_state);
    }
    if (kind != MP_VM_RETURN_NORMAL) {
        nlr_jump(MP_OBJ_TO_PTR(result));
    }
    return result;
}

mp_obj_t mp_obj_fun_bc_call(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_obj_fun_bc_t *self = MP_OBJ_TO_PTR(self_in);
    return fun_bc_run(self, n_args, n_kw, args, self->context->module.globals);
}

static void fun_bc_print(const mp_print_t *print, mp_obj_t o, mp_print_kind_t kind) {
    mp_printf(print, "<function %s at %p>", qstr_str(mp_obj_fun_get_name(o)),
        MP_OBJ_TO_PTR(o));
}

static void fun_bc_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return; /* store/delete not supported */
    }
    if (attr == MP_QSTR___name__) {
        dest[0] = MP_OBJ_NEW_QSTR(mp_obj_fun_get_name(self_in));
    } else if (attr == MP_QSTR___globals__) {
        mp_obj_fun_bc_t *self = MP_OBJ_TO_PTR(self_in);
        dest[0] = MP_OBJ_FROM_PTR(self->context->module.globals);
    }
}

const mp_obj_type_t mp_type_fun_bc = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_BINDS_SELF,
    .name = MP_QSTR_function,
    MP_TYPE_SLOT(print, fun_bc_print),
    MP_TYPE_SLOT(call, mp_obj_fun_bc_call),
    MP_TYPE_SLOT(attr, fun_bc_attr),
};

/* ---- built-in C functions ------------------------------------------ */

static void fun_builtin_print(const mp_print_t *print, mp_obj_t o, mp_print_kind_t kind) {
    mp_print_str(print, "<function>");
}

_Noreturn static void raise_builtin_arg_count(size_t expected, size_t given) {
    mp_raise_msg_varg(&mp_type_TypeError,
        "function takes %d positional arguments but %d were given", (int)expected, (int)given);
}

static void check_fixed(size_t expected, size_t n_args, size_t n_kw) {
    if (n_kw != 0) {
        mp_raise_TypeError("function doesn't take keyword arguments");
    }
    if (n_args != expected) {
        raise_builtin_arg_count(expected, n_args);
    }
}

static mp_obj_t fun_builtin_0_call(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_obj_fun_builtin_fixed_t *self = MP_OBJ_TO_PTR(self_in);
    check_fixed(0, n_args, n_kw);
    return self->fun._0();
}

static mp_obj_t fun_builtin_1_call(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_obj_fun_builtin_fixed_t *self = MP_OBJ_TO_PTR(self_in);
    check_fixed(1, n_args, n_kw);
    return self->fun._1(args[0]);
}

static mp_obj_t fun_builtin_2_call(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_obj_fun_builtin_fixed_t *self = MP_OBJ_TO_PTR(self_in);
    check_fixed(2, n_args, n_kw);
    return self->fun._2(args[0], args[1]);
}

static mp_obj_t fun_builtin_3_call(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_obj_fun_builtin_fixed_t *self = MP_OBJ_TO_PTR(self_in);
    check_fixed(3, n_args, n_kw);
    return self->fun._3(args[0], args[1], args[2]);
}

static mp_obj_t fun_builtin_var_call(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_obj_fun_builtin_var_t *self = MP_OBJ_TO_PTR(self_in);
    mp_arg_check_num_sig(n_args, n_kw, self->sig);
    if (self->sig & 1) {
        /* keywords go in a map whose table is the args array itself */
        mp_map_t kw_args;
        mp_map_init_fixed_table(&kw_args, n_kw, args + n_args);
        return self->fun.kw(n_args, args, &kw_args);
    }
    return self->fun.var(n_args, args);
}

#define BUILTIN_FUN_TYPE(NAME, CALL) \
    const mp_obj_type_t NAME = { \
        .base = {&mp_type_type}, \
        .flags = MP_TYPE_FLAG_BINDS_SELF | MP_TYPE_FLAG_BUILTIN_FUN, \
        .name = MP_QSTR_function, \
        MP_TYPE_SLOT(print, fun_builtin_print), \
        MP_TYPE_SLOT(call, CALL), \
    }

BUILTIN_FUN_TYPE(mp_type_fun_builtin_0, fun_builtin_0_call);
BUILTIN_FUN_TYPE(mp_type_fun_builtin_1, fun_builtin_1_call);
BUILTIN_FUN_TYPE(mp_type_fun_builtin_2, fun_builtin_2_call);
BUILTIN_FUN_TYPE(mp_type_fun_builtin_3, fun_builtin_3_call);
BUILTIN_FUN_TYPE(mp_type_fun_builtin_var, fun_builtin_var_call);

/* ---- making functions ---------------------------------------------- */

/* Fill extra_args from a MAKE_FUNCTION_DEFARGS pair (positional-defaults
 * tuple, keyword-defaults dict, either NULL): the layout comes from the
 * prelude p. Shared by bytecode and native functions. */
void mp_obj_fun_bc_set_defaults(mp_obj_fun_bc_t *o, const mp_bytecode_prelude_t *prelude,
    const mp_obj_t *def_args) {
    mp_bytecode_prelude_t p = *prelude;
    bool has_kw_dict = (p.scope_flags & MP_SCOPE_FLAG_DEFKWARGS) != 0;
    size_t n_extra = p.n_def_pos_args + (has_kw_dict ? 1 : 0);
    for (size_t i = 0; i < n_extra; i++) {
        o->extra_args[i] = MP_OBJ_NULL;
    }
    if (def_args != NULL) {
        /* the compiler only builds a tuple and a dict here; a crafted .mpy
         * could push anything */
        if ((def_args[0] != MP_OBJ_NULL && !mp_obj_is_type(def_args[0], &mp_type_tuple))
            || (def_args[1] != MP_OBJ_NULL && !mp_obj_is_type(def_args[1], &mp_type_dict))) {
            mp_raise_TypeError("bad default arguments");
        }
        if (def_args[0] != MP_OBJ_NULL) {
            size_t n;
            mp_obj_t *items;
            mp_obj_tuple_get(def_args[0], &n, &items);
            /* the prelude's count decides the layout */
            for (size_t i = 0; i < n && i < p.n_def_pos_args; i++) {
                o->extra_args[i] = items[i];
            }
        }
        if (has_kw_dict) {
            o->extra_args[p.n_def_pos_args] = def_args[1];
        }
    }
}

static mp_obj_t make_bytecode_function(const byte *bytecode, mp_raw_code_t *const *children,
    const mp_module_context_t *context, const mp_obj_t *def_args) {
    const byte *ip = bytecode;
    mp_bytecode_prelude_t p;
    mp_bytecode_decode_signature(&ip, &p);
    bool has_kw_dict = (p.scope_flags & MP_SCOPE_FLAG_DEFKWARGS) != 0;
    size_t n_extra = p.n_def_pos_args + (has_kw_dict ? 1 : 0);

    mp_obj_fun_bc_t *o = m_new_obj_var(mp_obj_fun_bc_t, extra_args, mp_obj_t, n_extra);
    o->base.type = (p.scope_flags & MP_SCOPE_FLAG_GENERATOR) ? &mp_type_gen_wrap
        : &mp_type_fun_bc;
    o->context = context;
    o->child_table = children;
    o->bytecode = bytecode;
    mp_obj_fun_bc_set_defaults(o, &p, def_args);
    return MP_OBJ_FROM_PTR(o);
}

mp_obj_t mp_make_function_from_proto_fun(const void *proto_fun,
    const mp_module_context_t *context, const mp_obj_t *def_args) {
    const byte *head = proto_fun;
    if (head[0] != 0 || head[1] != 0) {
        /* a raw code without children is represented by its bytecode */
        return make_bytecode_function(head, NULL, context, def_args);
    }
    const mp_raw_code_t *rc = proto_fun;
    if (rc->kind == MP_CODE_BYTECODE) {
        return make_bytecode_function(rc->fun_data, rc->children, context, def_args);
    }
    /* native, viper, asm (and natmod records): types/fun_native.c */
    return mp_make_native_function(rc, context, def_args);
}

/* ---- module bodies ------------------------------------------------- */

mp_obj_t mp_exec_module_fun(mp_obj_t module_fun, mp_obj_dict_t *globals) {
    mp_obj_dict_t *old_globals = mp_globals_get();
    mp_obj_dict_t *old_locals = mp_locals_get();
    mp_globals_set(globals);
    mp_locals_set(globals);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t ret;
        if (mp_obj_is_type(module_fun, &mp_type_fun_bc)) {
            ret = fun_bc_run(MP_OBJ_TO_PTR(module_fun), 0, 0, NULL, globals);
        } else {
            ret = mp_call_function_0(module_fun);
        }
        nlr_pop();
        mp_globals_set(old_globals);
        mp_locals_set(old_locals);
        return ret;
    }
    mp_globals_set(old_globals);
    mp_locals_set(old_locals);
    nlr_jump(nlr.ret_val);
}
