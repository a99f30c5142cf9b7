/*
 * Closures: a function plus the cells it closed over. The cells are passed
 * as the leading positional arguments on every call (bytecode.md 8.10).
 */
#include <string.h>

#include "vm/bc.h"

typedef struct _mp_obj_closure_t {
    mp_obj_base_t base;
    mp_obj_t fun;
    size_t n_closed;
    mp_obj_t closed[];
} mp_obj_closure_t;

/* Arguments up to this many words are assembled on the C stack. */
#define CLOSURE_STACK_ARGS_MAX (32)

static mp_obj_t closure_call(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_obj_closure_t *self = MP_OBJ_TO_PTR(self_in);
    size_t n_total = self->n_closed + n_args + 2 * n_kw;
    mp_obj_t stack_args[CLOSURE_STACK_ARGS_MAX];
    mp_obj_t *all = n_total <= CLOSURE_STACK_ARGS_MAX ? stack_args : m_new(mp_obj_t, n_total);
    memcpy(all, self->closed, self->n_closed * sizeof(mp_obj_t));
    if (n_args + n_kw > 0) { /* args may be NULL when empty */
        memcpy(all + self->n_closed, args, (n_args + 2 * n_kw) * sizeof(mp_obj_t));
    }
    mp_obj_t fun = self->fun;
    mp_obj_t ret;
    if (mp_obj_is_type(fun, &mp_type_fun_bc)) {
        ret = mp_obj_fun_bc_call(fun, self->n_closed + n_args, n_kw, all);
    } else {
        ret = mp_call_function_n_kw(fun, self->n_closed + n_args, n_kw, all);
    }
    if (all != stack_args) {
        m_free(all);
    }
    return ret;
}

static void closure_print(const mp_print_t *print, mp_obj_t o, mp_print_kind_t kind) {
    mp_obj_closure_t *self = MP_OBJ_TO_PTR(o);
    mp_printf(print, "<closure %s at %p>", qstr_str(mp_obj_fun_get_name(self->fun)),
        MP_OBJ_TO_PTR(o));
}

static void closure_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return;
    }
    mp_obj_closure_t *self = MP_OBJ_TO_PTR(self_in);
    if (attr == MP_QSTR___name__) {
        dest[0] = MP_OBJ_NEW_QSTR(mp_obj_fun_get_name(self->fun));
    } else if (attr == MP_QSTR___globals__) {
        mp_load_method_maybe(self->fun, attr, dest);
    }
}

const mp_obj_type_t mp_type_closure = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_BINDS_SELF,
    .name = MP_QSTR_closure,
    MP_TYPE_SLOT(print, closure_print),
    MP_TYPE_SLOT(call, closure_call),
    MP_TYPE_SLOT(attr, closure_attr),
};

mp_obj_t mp_obj_new_closure(mp_obj_t fun, size_t n_closed, const mp_obj_t *closed) {
    mp_obj_closure_t *o = m_new_obj_var(mp_obj_closure_t, closed, mp_obj_t, n_closed);
    o->base.type = &mp_type_closure;
    o->fun = fun;
    o->n_closed = n_closed;
    if (n_closed > 0) {
        memcpy(o->closed, closed, n_closed * sizeof(mp_obj_t));
    }
    return MP_OBJ_FROM_PTR(o);
}
