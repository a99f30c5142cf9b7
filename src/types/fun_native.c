/*
 * Functions made of machine code (native.md 4.3, 7.1, 12): native Python
 * functions (mp_type_fun_native; native generators are in gen.c), viper
 * functions (mp_type_fun_viper) and inline-assembler functions
 * (mp_type_fun_asm), and making them from raw codes. The runtime calls the
 * machine code directly after its C-stack check; native and viper code
 * switch globals themselves (native.md 9.1).
 */
#include <math.h>
#include <string.h>

#include "core/nativecode.h"
#include "vm/bc.h"

#if MICA_NATIVE_ARCH
#define NATIVE_W (MICA_NATIVE_WORD)
#else
#define NATIVE_W (sizeof(uintptr_t))
#endif

/* Entry points of native.md 7.1. */
typedef mp_uint_t (*asm_fun_t)(mp_uint_t, mp_uint_t, mp_uint_t, mp_uint_t);

static mp_call_fun_t entry_at(const byte *fun_data, size_t offset) {
    return (mp_call_fun_t)(uintptr_t)(fun_data + offset);
}

/* ---- native Python functions ---------------------------------------- */

static mp_obj_t fun_native_call(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_stack_check();
    mp_obj_fun_bc_t *self = MP_OBJ_TO_PTR(self_in);
    return entry_at(self->bytecode, NATIVE_W)(self_in, n_args, n_kw, args);
}

static void fun_native_print(const mp_print_t *print, mp_obj_t o, mp_print_kind_t kind) {
    mp_printf(print, "<function %s at %p>", qstr_str(mp_obj_fun_get_name(o)),
        MP_OBJ_TO_PTR(o));
}

static void fun_native_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
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

const mp_obj_type_t mp_type_fun_native = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_BINDS_SELF,
    .name = MP_QSTR_function,
    MP_TYPE_SLOT(print, fun_native_print),
    MP_TYPE_SLOT(call, fun_native_call),
    MP_TYPE_SLOT(attr, fun_native_attr),
};

/* ---- viper functions ------------------------------------------------- */

static mp_obj_t fun_viper_call(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_stack_check();
    mp_obj_fun_bc_t *self = MP_OBJ_TO_PTR(self_in);
    return entry_at(self->bytecode, 0)(self_in, n_args, n_kw, args);
}

const mp_obj_type_t mp_type_fun_viper = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_BINDS_SELF,
    .name = MP_QSTR_function,
    MP_TYPE_SLOT(call, fun_viper_call),
};

/* ---- inline-assembler functions -------------------------------------- */

/* The machine word passed for an argument (native.md 12). */
static mp_uint_t asm_arg(mp_obj_t o) {
    if (mp_obj_is_small_int(o)) {
        return (mp_uint_t)MP_OBJ_SMALL_INT_VALUE(o);
    }
    if (o == mp_const_none || o == mp_const_false) {
        return 0;
    }
    if (o == mp_const_true) {
        return 1;
    }
    if (mp_obj_is_str(o)) {
        size_t len;
        return (mp_uint_t)(uintptr_t)mp_obj_str_get_data(o, &len);
    }
    if (mp_obj_is_type(o, &mp_type_int)) {
        return mp_native_from_obj(o, MP_NATIVE_TYPE_UINT);
    }
    if (mp_obj_is_float(o)) {
        double d = trunc(mp_obj_float_get(o));
        /* out of range (and NaN) has no defined conversion; pick 0 */
        if (!(d > -9223372036854775808.0 && d < 9223372036854775808.0)) {
            return 0;
        }
        return (mp_uint_t)(mp_int_t)d;
    }
    if (mp_obj_is_type(o, &mp_type_tuple) || mp_obj_is_type(o, &mp_type_list)) {
        size_t len;
        mp_obj_t *items;
        mp_obj_get_array(o, &len, &items);
        return (mp_uint_t)(uintptr_t)items;
    }
    mp_buffer_info_t bufinfo;
    if (mp_get_buffer(o, &bufinfo, MP_BUFFER_READ)) {
        return (mp_uint_t)(uintptr_t)bufinfo.buf;
    }
    return (mp_uint_t)(uintptr_t)o;
}

static mp_obj_t fun_asm_call(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_obj_fun_asm_t *self = MP_OBJ_TO_PTR(self_in);
    mp_arg_check_num(n_args, n_kw, self->n_args, self->n_args, false);
    mp_uint_t a[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < n_args && i < 4; i++) {
        a[i] = asm_arg(args[i]);
    }
    mp_stack_check();
    asm_fun_t f = (asm_fun_t)(uintptr_t)self->fun_data;
    mp_uint_t ret = f(a[0], a[1], a[2], a[3]);
    return mp_native_to_obj(ret, self->type_sig);
}

const mp_obj_type_t mp_type_fun_asm = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_BINDS_SELF,
    .name = MP_QSTR_function,
    MP_TYPE_SLOT(call, fun_asm_call),
};

/* ---- making functions from raw codes --------------------------------- */

/* Code from the in-process compiler sits in ordinary heap memory: move it to
 * executable memory once, and give a native function its prelude pointer
 * slot in the child table (native.md 4.3 step 6), as the loader does. */
static void rc_make_executable(mp_raw_code_t *rc) {
    if (rc->kind == MP_CODE_NATIVE_PY
        && (rc->prelude_offset < NATIVE_W || rc->prelude_offset >= rc->fun_data_len)) {
        /* e.g. a prelude beyond the 16-bit prelude_offset field */
        mp_raise_msg(&mp_type_RuntimeError, "native function has no valid prelude offset");
    }
    uintptr_t word0;
    if (rc->kind == MP_CODE_NATIVE_PY
        && (memcpy(&word0, rc->fun_data, sizeof(word0)), word0 != rc->n_children)) {
        /* word 0 indexes the prelude slot (native.md 4.1) */
        mp_raise_msg(&mp_type_RuntimeError, "native function word 0 is not its child count");
    }
    byte *text = mp_native_code_copy(rc->fun_data, rc->fun_data_len);
    if (rc->kind == MP_CODE_NATIVE_PY) {
        byte *prelude = text + rc->prelude_offset;
        size_t n = rc->n_children;
        if (n == 0) {
            rc->children = (mp_raw_code_t **)prelude;
        } else {
            mp_raw_code_t **table = m_new(mp_raw_code_t *, n + 1);
            memcpy(table, rc->children, n * sizeof(*table));
            table[n] = (mp_raw_code_t *)prelude;
            rc->children = table;
        }
    }
    rc->fun_data = text;
    rc->fun_data_exec = true;
}

static const byte *rc_native_prelude(const mp_raw_code_t *rc) {
    uintptr_t idx;
    memcpy(&idx, rc->fun_data, sizeof(idx));
    return idx == 0 ? (const byte *)rc->children : (const byte *)rc->children[idx];
}

static mp_obj_t make_fun_native(const mp_raw_code_t *rc, const mp_module_context_t *context,
    const mp_obj_t *def_args) {
    const byte *ip = rc_native_prelude(rc);
    mp_bytecode_prelude_t p;
    mp_bytecode_decode_signature(&ip, &p);
    bool has_kw_dict = (p.scope_flags & MP_SCOPE_FLAG_DEFKWARGS) != 0;
    size_t n_extra = p.n_def_pos_args + (has_kw_dict ? 1 : 0);
    mp_obj_fun_bc_t *o = m_new_obj_var(mp_obj_fun_bc_t, extra_args, mp_obj_t, n_extra);
    o->base.type = (p.scope_flags & MP_SCOPE_FLAG_GENERATOR) ? &mp_type_native_gen_wrap
        : &mp_type_fun_native;
    o->context = context;
    o->child_table = rc->children;
    o->bytecode = rc->fun_data;
    mp_obj_fun_bc_set_defaults(o, &p, def_args);
    return MP_OBJ_FROM_PTR(o);
}

mp_obj_t mp_make_native_function(const mp_raw_code_t *rc, const mp_module_context_t *context,
    const mp_obj_t *def_args) {
    if (rc->kind < MP_CODE_NATIVE_PY || rc->kind > MP_CODE_NATIVE_ASM) {
        mp_raise_msg_varg(&mp_type_RuntimeError, "bad raw code kind %d", rc->kind);
    }
#if !MICA_NATIVE_ARCH
    mp_raise_NotImplementedError("native code not supported on this host");
#endif
    /* A natmod's truncated record (objects.md 4.8) lives on its C stack and
     * ends after `children`: Mica's own raw codes are GC-heap objects
     * (mp_raw_code_new), and only for those are the private fields read.
     * The loader's code is executable already; the in-process compiler's is
     * moved to executable memory on first use. */
    if (gc_nbytes(rc) != 0) {
        mp_raw_code_t *own = (mp_raw_code_t *)rc;
        if (!own->fun_data_exec) {
            rc_make_executable(own);
        }
    }
    switch (rc->kind) {
        case MP_CODE_NATIVE_PY:
            return make_fun_native(rc, context, def_args);
        case MP_CODE_NATIVE_VIPER: {
            mp_obj_fun_bc_t *o = m_new_obj_var(mp_obj_fun_bc_t, extra_args, mp_obj_t, 0);
            o->base.type = &mp_type_fun_viper;
            o->context = context;
            o->child_table = rc->children;
            o->bytecode = rc->fun_data;
            return MP_OBJ_FROM_PTR(o);
        }
        default: {
            mp_obj_fun_asm_t *o = m_new_obj(mp_obj_fun_asm_t);
            o->base.type = &mp_type_fun_asm;
            o->n_args = rc->n_pos_args;
            o->fun_data = rc->fun_data;
            o->type_sig = rc->type_sig;
            return MP_OBJ_FROM_PTR(o);
        }
    }
}
