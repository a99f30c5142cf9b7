/*
 * The runtime core: interpreter state, start-up, the C-stack recursion
 * check, and the generic operations the VM and native code call through the
 * function table: names, attributes, operators, calls (including * / **
 * splicing), iteration and sequence unpacking.
 *
 * Class-specific behaviour (instances, super, descriptors) lives in
 * types/type.c; exceptions in types/exception.c; imports in core/import.c.
 */
#include <string.h>
#include "core/runtime.h"
#include "core/nativecode.h"

mp_state_t mp_state;

/* "__lt__" and "__gt__", interned by mp_init: tools/gen_qstrs.py reads the
 * _lt_/_gt_ inside these names as escapes for '<' and '>', so they cannot
 * be written as MP_QSTR_ constants. (qstr numbers, not heap pointers.) */
static qstr qstr_lt;
static qstr qstr_gt;

/* ---- start-up ------------------------------------------------------- */

void mp_init(void) {
    gc_root_add_range((void **)&mp_state, sizeof(mp_state) / sizeof(void *));
    if (mp_state.stack_top == NULL) {
        volatile char here;
        mp_state.stack_top = (char *)&here;
    }
    if (mp_state.stack_limit == 0) {
        mp_state.stack_limit = 1024 * 1024;
    }
    qstr_init();
    qstr_lt = qstr_from_str("__lt__");
    qstr_gt = qstr_from_str("__gt__");
    mp_state.mp_const_memory_error_obj = mp_obj_exception_new_preallocated_memory_error();
    mp_state.loaded_modules = MP_OBJ_TO_PTR(mp_obj_new_dict(8));
    mp_obj_t empty = MP_OBJ_NEW_QSTR(MP_QSTR_);
    mp_state.sys_path = mp_obj_new_list(1, &empty);
    mp_state.sys_argv = mp_obj_new_list(0, NULL);
    mp_state.sys_exitfunc = mp_const_none;
    mp_state.cur_exception = MP_OBJ_NULL;
    mp_obj_t main_module = mp_obj_new_module(MP_QSTR___main__);
    mp_obj_dict_t *main_globals = mp_obj_module_get_globals(main_module);
    mp_state.dict_globals = main_globals;
    mp_state.dict_locals = main_globals;
}

void mp_deinit(void) {
    /* loaded machine code lives until the VM is reset (native.md 13) */
    mp_native_code_release(0);
    gc_root_remove_range((void **)&mp_state);
    memset(&mp_state, 0, sizeof(mp_state));
}

/* ---- recursion check ------------------------------------------------ */

void mp_stack_set_top(void *top) {
    mp_state.stack_top = top;
}

void mp_stack_set_limit(size_t limit) {
    mp_state.stack_limit = limit;
}

void mp_stack_check(void) {
    volatile char here;
    char *top = mp_state.stack_top;
    /* signed: a frame above the recorded top counts as no usage */
    if (top != NULL && top - (char *)&here > (ptrdiff_t)mp_state.stack_limit) {
        mp_raise_recursion_depth();
    }
    /* calls are, with backward jumps, where pending events are handled */
    if (mp_sched_pending) {
        mp_handle_pending();
    }
}

/* ---- names ---------------------------------------------------------- */

mp_obj_dict_t *mp_native_swap_globals(mp_obj_dict_t *new_globals) {
    if (new_globals == NULL) {
        return NULL;
    }
    mp_obj_dict_t *old = mp_state.dict_globals;
    if (old == new_globals) {
        return NULL;
    }
    mp_state.dict_globals = new_globals;
    return old;
}

static _Noreturn void raise_name_error(qstr qst) {
    mp_raise_msg_varg(&mp_type_NameError, "name '%s' isn't defined", qstr_str(qst));
}

mp_obj_t mp_load_global(qstr qst) {
    mp_map_elem_t *elem = mp_map_lookup(&mp_state.dict_globals->map, MP_OBJ_NEW_QSTR(qst),
        MP_MAP_LOOKUP);
    if (elem != NULL) {
        return elem->value;
    }
    mp_obj_t o = mp_builtin_lookup(qst);
    if (o != MP_OBJ_NULL) {
        return o;
    }
    raise_name_error(qst);
}

mp_obj_t mp_load_name(qstr qst) {
    if (mp_state.dict_locals != mp_state.dict_globals) {
        mp_map_elem_t *elem = mp_map_lookup(&mp_state.dict_locals->map, MP_OBJ_NEW_QSTR(qst),
            MP_MAP_LOOKUP);
        if (elem != NULL) {
            return elem->value;
        }
    }
    return mp_load_global(qst);
}

mp_obj_t mp_load_build_class(void) {
    return MP_OBJ_FROM_PTR(&mp_builtin___build_class___obj);
}

void mp_store_name(qstr qst, mp_obj_t obj) {
    mp_obj_dict_store(MP_OBJ_FROM_PTR(mp_state.dict_locals), MP_OBJ_NEW_QSTR(qst), obj);
}

void mp_store_global(qstr qst, mp_obj_t obj) {
    mp_obj_dict_store(MP_OBJ_FROM_PTR(mp_state.dict_globals), MP_OBJ_NEW_QSTR(qst), obj);
}

static void delete_from(mp_obj_dict_t *dict, qstr qst) {
    if (mp_map_lookup(&dict->map, MP_OBJ_NEW_QSTR(qst), MP_MAP_LOOKUP_REMOVE_IF_FOUND) == NULL) {
        raise_name_error(qst);
    }
}

void mp_delete_name(qstr qst) {
    delete_from(mp_state.dict_locals, qst);
}

void mp_delete_global(qstr qst) {
    delete_from(mp_state.dict_globals, qst);
}

/* ---- attributes ----------------------------------------------------- */

static bool is_function_type(const mp_obj_type_t *t) {
    return t == &mp_type_fun_bc || t == &mp_type_closure || t == &mp_type_fun_native
           || t == &mp_type_fun_viper || t == &mp_type_fun_asm || t == &mp_type_gen_wrap
           || t == &mp_type_native_gen_wrap || t == &mp_type_fun_builtin_0
           || t == &mp_type_fun_builtin_1 || t == &mp_type_fun_builtin_2
           || t == &mp_type_fun_builtin_3 || t == &mp_type_fun_builtin_var;
}

/* A member found in `type`'s class dict: staticmethods unwrap, classmethods
 * bind to the class, functions bind to obj, anything else is returned as is. */
void mp_convert_member_lookup(mp_obj_t obj, const mp_obj_type_t *type, mp_obj_t member,
    mp_obj_t *dest) {
    if (!mp_obj_is_obj(member)) {
        dest[0] = member;
        return;
    }
    const mp_obj_type_t *mtype = ((mp_obj_base_t *)MP_OBJ_TO_PTR(member))->type;
    if (mtype == &mp_type_staticmethod) {
        dest[0] = ((mp_obj_static_class_method_t *)MP_OBJ_TO_PTR(member))->fun;
    } else if (mtype == &mp_type_classmethod) {
        dest[0] = ((mp_obj_static_class_method_t *)MP_OBJ_TO_PTR(member))->fun;
        dest[1] = MP_OBJ_FROM_PTR(type);
    } else if ((mtype->flags & MP_TYPE_FLAG_BINDS_SELF) || is_function_type(mtype)) {
        dest[0] = member;
        dest[1] = obj;
    } else {
        dest[0] = member;
    }
}

/* Search the locals dicts of a native type and its parents. */
static mp_obj_t native_type_lookup(const mp_obj_type_t *type, qstr attr) {
    while (type != NULL) {
        mp_obj_dict_t *locals = mp_type_locals_dict(type);
        if (locals != NULL) {
            mp_map_elem_t *elem = mp_map_lookup(&locals->map, MP_OBJ_NEW_QSTR(attr),
                MP_MAP_LOOKUP);
            if (elem != NULL) {
                return elem->value;
            }
        }
        const void *parent = mp_type_parent(type);
        if (parent == NULL || mp_obj_is_type(MP_OBJ_FROM_PTR(parent), &mp_type_tuple)) {
            /* multiple native bases only occur for Python classes, which
             * have their own attr slot */
            break;
        }
        type = parent;
    }
    return MP_OBJ_NULL;
}

void mp_load_method_maybe(mp_obj_t base, qstr attr, mp_obj_t *dest) {
    dest[0] = MP_OBJ_NULL;
    dest[1] = MP_OBJ_NULL;
    const mp_obj_type_t *type = mp_obj_get_type(base);
    mp_attr_fun_t attr_fun = mp_type_attr(type);
    if (attr_fun != NULL) {
        attr_fun(base, attr, dest);
        if (dest[0] != MP_OBJ_NULL || (type->flags & MP_TYPE_FLAG_INSTANCE_TYPE)) {
            return;
        }
    }
    if (attr == MP_QSTR___class__) {
        dest[0] = MP_OBJ_FROM_PTR(type);
        return;
    }
    mp_obj_t member = native_type_lookup(type, attr);
    if (member != MP_OBJ_NULL) {
        mp_convert_member_lookup(base, type, member, dest);
        return;
    }
    /* x.__getitem__, x.__len__ and the like of a native container */
    mp_obj_native_special_method(base, attr, dest);
}

static _Noreturn void raise_attribute_error(mp_obj_t base, qstr attr) {
    if (mp_obj_is_class(base)) {
        mp_raise_msg_varg(&mp_type_AttributeError, "type object '%s' has no attribute '%s'",
            qstr_str(((mp_obj_type_t *)MP_OBJ_TO_PTR(base))->name), qstr_str(attr));
    }
    if (mp_obj_is_type(base, &mp_type_module)) {
        /* MicroPython names the module: "module 'sys' has no attribute 'x'" */
        mp_map_elem_t *name = mp_map_lookup(&mp_obj_module_get_globals(base)->map,
            MP_OBJ_NEW_QSTR(MP_QSTR___name__), MP_MAP_LOOKUP);
        if (name != NULL && mp_obj_is_str(name->value)) {
            mp_raise_msg_varg(&mp_type_AttributeError, "module '%s' has no attribute '%s'",
                mp_obj_str_get_str(name->value), qstr_str(attr));
        }
    }
    mp_raise_msg_varg(&mp_type_AttributeError, "'%s' object has no attribute '%s'",
        mp_obj_get_type_str(base), qstr_str(attr));
}

void mp_load_method(mp_obj_t base, qstr attr, mp_obj_t *dest) {
    mp_load_method_maybe(base, attr, dest);
    if (dest[0] == MP_OBJ_NULL) {
        raise_attribute_error(base, attr);
    }
}

void mp_load_method_protected(mp_obj_t obj, qstr attr, mp_obj_t *dest, bool catch_all_exc) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_load_method_maybe(obj, attr, dest);
        nlr_pop();
    } else {
        mp_obj_t exc = MP_OBJ_FROM_PTR(nlr.ret_val);
        if (!catch_all_exc
            && !mp_obj_exception_match(exc, MP_OBJ_FROM_PTR(&mp_type_AttributeError))) {
            nlr_jump(nlr.ret_val);
        }
        dest[0] = MP_OBJ_NULL;
        dest[1] = MP_OBJ_NULL;
    }
}

void mp_load_attr_maybe(mp_obj_t base, qstr attr, mp_obj_t *dest) {
    mp_obj_t pair[2];
    mp_load_method_maybe(base, attr, pair);
    if (pair[0] != MP_OBJ_NULL && pair[1] != MP_OBJ_NULL) {
        dest[0] = mp_obj_new_bound_meth(pair[0], pair[1]);
    } else {
        dest[0] = pair[0];
    }
}

mp_obj_t mp_load_attr(mp_obj_t base, qstr attr) {
    mp_obj_t dest[2];
    mp_load_method(base, attr, dest);
    if (dest[1] == MP_OBJ_NULL) {
        return dest[0];
    }
    return mp_obj_new_bound_meth(dest[0], dest[1]);
}

void mp_store_attr(mp_obj_t base, qstr attr, mp_obj_t val) {
    const mp_obj_type_t *type = mp_obj_get_type(base);
    mp_attr_fun_t attr_fun = mp_type_attr(type);
    if (attr_fun != NULL) {
        mp_obj_t dest[2] = {MP_OBJ_SENTINEL, val};
        attr_fun(base, attr, dest);
        if (dest[0] == MP_OBJ_NULL) {
            return;
        }
    }
    /* a failed store or delete names only the object's type, even for a
     * class or a module (MicroPython: int.x = 1 gives "'type' object has
     * no attribute 'x'") */
    mp_raise_msg_varg(&mp_type_AttributeError, "'%s' object has no attribute '%s'",
        mp_obj_get_type_str(base), qstr_str(attr));
}

/* ---- operators ------------------------------------------------------ */

static qstr unary_op_name(mp_unary_op_t op) {
    switch (op) {
        case MP_UNARY_OP_POSITIVE: return MP_QSTR___pos__;
        case MP_UNARY_OP_NEGATIVE: return MP_QSTR___neg__;
        case MP_UNARY_OP_INVERT: return MP_QSTR___invert__;
        case MP_UNARY_OP_ABS: return MP_QSTR___abs__;
        case MP_UNARY_OP_BOOL: return MP_QSTR___bool__;
        case MP_UNARY_OP_LEN: return MP_QSTR___len__;
        case MP_UNARY_OP_HASH: return MP_QSTR___hash__;
        default: return MP_QSTR_;
    }
}

mp_obj_t mp_unary_op(mp_unary_op_t op, mp_obj_t arg) {
    switch (op) {
        case MP_UNARY_OP_NOT:
            return mp_obj_new_bool(!mp_obj_is_true(arg));
        case MP_UNARY_OP_BOOL:
            return mp_obj_new_bool(mp_obj_is_true(arg));
        case MP_UNARY_OP_HASH:
            if (mp_obj_is_small_int(arg)) {
                return arg;
            }
            break;
        case MP_UNARY_OP_LEN: {
            mp_obj_t len = mp_obj_len_maybe(arg);
            if (len == MP_OBJ_NULL) {
                mp_raise_msg_varg(&mp_type_TypeError, "object of type '%s' has no len()",
                    mp_obj_get_type_str(arg));
            }
            return len;
        }
        default:
            break;
    }
    const mp_obj_type_t *type = mp_obj_get_type(arg);
    mp_unary_op_fun_t fun = mp_type_unary_op(type);
    if (fun != NULL) {
        mp_obj_t result = fun(op, arg);
        if (result != MP_OBJ_NULL) {
            return result;
        }
    }
    if (op == MP_UNARY_OP_HASH) {
        if (fun == NULL) {
            /* no unary_op at all: identity hash */
            return MP_OBJ_NEW_SMALL_INT((mp_int_t)((uintptr_t)arg >> 2));
        }
        mp_raise_msg_varg(&mp_type_TypeError, "unsupported type for __hash__: '%s'",
            qstr_str(type->name));
    }
    if (op == MP_UNARY_OP_INT_MAYBE || op == MP_UNARY_OP_FLOAT_MAYBE
        || op == MP_UNARY_OP_COMPLEX_MAYBE || op == MP_UNARY_OP_SIZEOF) {
        return MP_OBJ_NULL;
    }
    mp_raise_msg_varg(&mp_type_TypeError, "unsupported type for %s: '%s'",
        qstr_str(unary_op_name(op)), qstr_str(type->name));
}

static const uint16_t binary_op_names[MP_BINARY_OP_NUM_RUNTIME] = {
    /* LESS and MORE: see mp_binary_op_method_name */
    [MP_BINARY_OP_EQUAL] = MP_QSTR___eq__,
    [MP_BINARY_OP_LESS_EQUAL] = MP_QSTR___le__,
    [MP_BINARY_OP_MORE_EQUAL] = MP_QSTR___ge__,
    [MP_BINARY_OP_NOT_EQUAL] = MP_QSTR___ne__,
    [MP_BINARY_OP_IN] = MP_QSTR___contains__,
    [MP_BINARY_OP_IS] = MP_QSTR_,
    [MP_BINARY_OP_EXCEPTION_MATCH] = MP_QSTR_,
    [MP_BINARY_OP_INPLACE_OR] = MP_QSTR___ior__,
    [MP_BINARY_OP_INPLACE_XOR] = MP_QSTR___ixor__,
    [MP_BINARY_OP_INPLACE_AND] = MP_QSTR___iand__,
    [MP_BINARY_OP_INPLACE_LSHIFT] = MP_QSTR___ilshift__,
    [MP_BINARY_OP_INPLACE_RSHIFT] = MP_QSTR___irshift__,
    [MP_BINARY_OP_INPLACE_ADD] = MP_QSTR___iadd__,
    [MP_BINARY_OP_INPLACE_SUBTRACT] = MP_QSTR___isub__,
    [MP_BINARY_OP_INPLACE_MULTIPLY] = MP_QSTR___imul__,
    [MP_BINARY_OP_INPLACE_MAT_MULTIPLY] = MP_QSTR___imatmul__,
    [MP_BINARY_OP_INPLACE_FLOOR_DIVIDE] = MP_QSTR___ifloordiv__,
    [MP_BINARY_OP_INPLACE_TRUE_DIVIDE] = MP_QSTR___itruediv__,
    [MP_BINARY_OP_INPLACE_MODULO] = MP_QSTR___imod__,
    [MP_BINARY_OP_INPLACE_POWER] = MP_QSTR___ipow__,
    [MP_BINARY_OP_OR] = MP_QSTR___or__,
    [MP_BINARY_OP_XOR] = MP_QSTR___xor__,
    [MP_BINARY_OP_AND] = MP_QSTR___and__,
    [MP_BINARY_OP_LSHIFT] = MP_QSTR___lshift__,
    [MP_BINARY_OP_RSHIFT] = MP_QSTR___rshift__,
    [MP_BINARY_OP_ADD] = MP_QSTR___add__,
    [MP_BINARY_OP_SUBTRACT] = MP_QSTR___sub__,
    [MP_BINARY_OP_MULTIPLY] = MP_QSTR___mul__,
    [MP_BINARY_OP_MAT_MULTIPLY] = MP_QSTR___matmul__,
    [MP_BINARY_OP_FLOOR_DIVIDE] = MP_QSTR___floordiv__,
    [MP_BINARY_OP_TRUE_DIVIDE] = MP_QSTR___truediv__,
    [MP_BINARY_OP_MODULO] = MP_QSTR___mod__,
    [MP_BINARY_OP_POWER] = MP_QSTR___pow__,
    [MP_BINARY_OP_DIVMOD] = MP_QSTR_divmod,
    [MP_BINARY_OP_CONTAINS] = MP_QSTR___contains__,
    [MP_BINARY_OP_REVERSE_OR] = MP_QSTR___ror__,
    [MP_BINARY_OP_REVERSE_XOR] = MP_QSTR___rxor__,
    [MP_BINARY_OP_REVERSE_AND] = MP_QSTR___rand__,
    [MP_BINARY_OP_REVERSE_LSHIFT] = MP_QSTR___rlshift__,
    [MP_BINARY_OP_REVERSE_RSHIFT] = MP_QSTR___rrshift__,
    [MP_BINARY_OP_REVERSE_ADD] = MP_QSTR___radd__,
    [MP_BINARY_OP_REVERSE_SUBTRACT] = MP_QSTR___rsub__,
    [MP_BINARY_OP_REVERSE_MULTIPLY] = MP_QSTR___rmul__,
    [MP_BINARY_OP_REVERSE_MAT_MULTIPLY] = MP_QSTR___rmatmul__,
    [MP_BINARY_OP_REVERSE_FLOOR_DIVIDE] = MP_QSTR___rfloordiv__,
    [MP_BINARY_OP_REVERSE_TRUE_DIVIDE] = MP_QSTR___rtruediv__,
    [MP_BINARY_OP_REVERSE_MODULO] = MP_QSTR___rmod__,
    [MP_BINARY_OP_REVERSE_POWER] = MP_QSTR___rpow__,
};

/* The special-method name of a binary op (also used by type.c). */
qstr mp_binary_op_method_name(mp_binary_op_t op) {
    if (op == MP_BINARY_OP_LESS) {
        return qstr_lt;
    }
    if (op == MP_BINARY_OP_MORE) {
        return qstr_gt;
    }
    if ((unsigned)op < MP_BINARY_OP_NUM_RUNTIME) {
        return binary_op_names[op];
    }
    return MP_QSTR_;
}

static bool is_number(mp_obj_t o) {
    if (mp_obj_is_small_int(o) || mp_obj_is_bool(o)) {
        return true;
    }
    const mp_obj_type_t *t = mp_obj_get_type(o);
    return t == &mp_type_int || t == &mp_type_float || t == &mp_type_complex;
}

/* `needle in haystack`: CONTAINS on the container's type, else iterate. */
static mp_obj_t binary_op_in(mp_obj_t needle, mp_obj_t haystack) {
    const mp_obj_type_t *type = mp_obj_get_type(haystack);
    mp_binary_op_fun_t fun = mp_type_binary_op(type);
    if (fun != NULL) {
        mp_obj_t result = fun(MP_BINARY_OP_CONTAINS, haystack, needle);
        if (result != MP_OBJ_NULL) {
            return result;
        }
    }
    mp_obj_iter_buf_t iter_buf;
    mp_obj_t iter = mp_getiter(haystack, &iter_buf);
    mp_obj_t item;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        if (mp_obj_equal(item, needle)) {
            return mp_const_true;
        }
    }
    return mp_const_false;
}

static mp_obj_t binary_op_exception_match(mp_obj_t exc, mp_obj_t exc_type) {
    /* a class or a flat tuple of classes (CPython does not accept nested
     * tuples here, unlike isinstance) */
    bool ok = mp_obj_is_exception_type(exc_type);
    if (!ok && mp_obj_is_type(exc_type, &mp_type_tuple)) {
        size_t n;
        mp_obj_t *items;
        mp_obj_tuple_get(exc_type, &n, &items);
        ok = true;
        for (size_t i = 0; i < n; i++) {
            if (!mp_obj_is_exception_type(items[i])) {
                ok = false;
            }
        }
    }
    if (!ok) {
        mp_raise_TypeError("catching classes that do not inherit from BaseException is not allowed");
    }
    return mp_obj_new_bool(mp_obj_exception_match(exc, exc_type));
}

mp_obj_t mp_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    if (mp_obj_is_small_int(lhs) && mp_obj_is_small_int(rhs)) {
        /* fast paths that cannot overflow; everything else goes to int */
        mp_int_t a = MP_OBJ_SMALL_INT_VALUE(lhs);
        mp_int_t b = MP_OBJ_SMALL_INT_VALUE(rhs);
        switch (op) {
            case MP_BINARY_OP_LESS: return mp_obj_new_bool(a < b);
            case MP_BINARY_OP_MORE: return mp_obj_new_bool(a > b);
            case MP_BINARY_OP_LESS_EQUAL: return mp_obj_new_bool(a <= b);
            case MP_BINARY_OP_MORE_EQUAL: return mp_obj_new_bool(a >= b);
            case MP_BINARY_OP_EQUAL: return mp_obj_new_bool(a == b);
            case MP_BINARY_OP_NOT_EQUAL: return mp_obj_new_bool(a != b);
            case MP_BINARY_OP_IS: return mp_obj_new_bool(a == b);
            case MP_BINARY_OP_ADD:
            case MP_BINARY_OP_INPLACE_ADD: {
                mp_int_t r = a + b;
                if (MP_SMALL_INT_FITS_(r)) {
                    return MP_OBJ_NEW_SMALL_INT(r);
                }
                break;
            }
            case MP_BINARY_OP_SUBTRACT:
            case MP_BINARY_OP_INPLACE_SUBTRACT: {
                mp_int_t r = a - b;
                if (MP_SMALL_INT_FITS_(r)) {
                    return MP_OBJ_NEW_SMALL_INT(r);
                }
                break;
            }
            default:
                break;
        }
        mp_binary_op_fun_t int_op = mp_type_binary_op(&mp_type_int);
        mp_obj_t result = int_op(op, lhs, rhs);
        if (result != MP_OBJ_NULL) {
            return result;
        }
        goto unsupported;
    }

    switch (op) {
        case MP_BINARY_OP_IS:
            return mp_obj_new_bool(lhs == rhs);
        case MP_BINARY_OP_EQUAL:
        case MP_BINARY_OP_NOT_EQUAL:
            return mp_obj_equal_not_equal(op, lhs, rhs);
        case MP_BINARY_OP_IN:
            return binary_op_in(lhs, rhs);
        case MP_BINARY_OP_EXCEPTION_MATCH:
            return binary_op_exception_match(lhs, rhs);
        default:
            break;
    }

    mp_stack_guard(); /* native types may dispatch to each other */
    for (;;) {
        const mp_obj_type_t *type = mp_obj_get_type(lhs);
        mp_binary_op_fun_t fun = mp_type_binary_op(type);
        if (fun != NULL) {
            mp_obj_t result = fun(op, lhs, rhs);
            if (result != MP_OBJ_NULL) {
                return result;
            }
        }
        if (op >= MP_BINARY_OP_INPLACE_OR && op <= MP_BINARY_OP_INPLACE_POWER) {
            /* no in-place version: `a += b` becomes `a = a + b` */
            op = (mp_binary_op_t)(op + (MP_BINARY_OP_OR - MP_BINARY_OP_INPLACE_OR));
            continue;
        }
        break;
    }

    if (op >= MP_BINARY_OP_OR && op <= MP_BINARY_OP_POWER) {
        const mp_obj_type_t *rtype = mp_obj_get_type(rhs);
        mp_binary_op_fun_t rfun = mp_type_binary_op(rtype);
        if (rfun != NULL) {
            /* int * sequence: multiplication commutes, let the sequence do it */
            if (op == MP_BINARY_OP_MULTIPLY && is_number(lhs) && !is_number(rhs)
                && !(rtype->flags & MP_TYPE_FLAG_INSTANCE_TYPE)) {
                mp_obj_t result = rfun(op, rhs, lhs);
                if (result != MP_OBJ_NULL) {
                    return result;
                }
            }
            mp_binary_op_t rop = (mp_binary_op_t)(op + (MP_BINARY_OP_REVERSE_OR - MP_BINARY_OP_OR));
            mp_obj_t result = rfun(rop, rhs, lhs);
            if (result != MP_OBJ_NULL) {
                return result;
            }
        }
    }

    if (op >= MP_BINARY_OP_LESS && op <= MP_BINARY_OP_MORE_EQUAL && op != MP_BINARY_OP_EQUAL
        && (mp_obj_get_type(rhs)->flags & MP_TYPE_FLAG_INSTANCE_TYPE)
        && mp_type_binary_op(mp_obj_get_type(rhs)) != NULL) {
        /* a < b falls back to b > a (the reflection CPython applies), so a
         * class defining only __lt__ can be compared both ways */
        const mp_obj_type_t *rtype = mp_obj_get_type(rhs);
        mp_binary_op_t swapped = op == MP_BINARY_OP_LESS ? MP_BINARY_OP_MORE
            : op == MP_BINARY_OP_MORE ? MP_BINARY_OP_LESS
            : op == MP_BINARY_OP_LESS_EQUAL ? MP_BINARY_OP_MORE_EQUAL : MP_BINARY_OP_LESS_EQUAL;
        mp_obj_t result = mp_type_binary_op(rtype)(swapped, rhs, lhs);
        if (result != MP_OBJ_NULL) {
            return result;
        }
    }

unsupported:
    if (op >= MP_BINARY_OP_INPLACE_OR && op <= MP_BINARY_OP_INPLACE_POWER) {
        op = (mp_binary_op_t)(op + (MP_BINARY_OP_OR - MP_BINARY_OP_INPLACE_OR));
    }
    mp_raise_msg_varg(&mp_type_TypeError, "unsupported types for %s: '%s', '%s'",
        qstr_str(mp_binary_op_method_name(op)), mp_obj_get_type_str(lhs),
        mp_obj_get_type_str(rhs));
}

/* ---- calls ---------------------------------------------------------- */

mp_obj_t mp_call_function_n_kw(mp_obj_t fun, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    const mp_obj_type_t *type = mp_obj_get_type(fun);
    mp_call_fun_t call = mp_type_call(type);
    if (call == NULL) {
        mp_raise_msg_varg(&mp_type_TypeError, "'%s' object isn't callable", qstr_str(type->name));
    }
    return call(fun, n_args, n_kw, args);
}

mp_obj_t mp_call_function_0(mp_obj_t fun) {
    return mp_call_function_n_kw(fun, 0, 0, NULL);
}

mp_obj_t mp_call_function_1(mp_obj_t fun, mp_obj_t arg) {
    return mp_call_function_n_kw(fun, 1, 0, &arg);
}

mp_obj_t mp_call_function_2(mp_obj_t fun, mp_obj_t arg1, mp_obj_t arg2) {
    mp_obj_t args[2] = {arg1, arg2};
    return mp_call_function_n_kw(fun, 2, 0, args);
}

mp_obj_t mp_native_call_function_n_kw(mp_obj_t fun, size_t n_args_kw, const mp_obj_t *args) {
    return mp_call_function_n_kw(fun, n_args_kw & 0xff, (n_args_kw >> 8) & 0xff, args);
}

/* args = [fun, self or NULL, positionals..., kw pairs...] */
mp_obj_t mp_call_method_n_kw(size_t n_args, size_t n_kw, const mp_obj_t *args) {
    if (args[1] == MP_OBJ_NULL) {
        return mp_call_function_n_kw(args[0], n_args, n_kw, args + 2);
    }
    return mp_call_function_n_kw(args[0], n_args + 1, n_kw, args + 1);
}

mp_obj_t mp_call_function_1_protected(mp_obj_t fun, mp_obj_t arg) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t result = mp_call_function_1(fun, arg);
        nlr_pop();
        return result;
    }
    mp_obj_print_exception(&mp_stderr_print, MP_OBJ_FROM_PTR(nlr.ret_val));
    return MP_OBJ_NULL;
}

/* Growable argument array for * / ** splicing. Positionals come first;
 * keyword pairs are appended after all positionals are known. */
typedef struct {
    mp_obj_t *items;
    size_t len, alloc;
    mp_obj_t *stack_items; /* initial C-stack buffer, never freed; or NULL */
} arg_buf_t;

static void arg_buf_push(arg_buf_t *b, mp_obj_t o) {
    if (b->len >= b->alloc) {
        size_t new_alloc = b->alloc * 2 + 4;
        mp_obj_t *items = m_new(mp_obj_t, new_alloc);
        memcpy(items, b->items, b->len * sizeof(mp_obj_t));
        if (b->items != b->stack_items) {
            m_del(mp_obj_t, b->items, b->alloc);
        }
        b->items = items;
        b->alloc = new_alloc;
    }
    b->items[b->len++] = o;
}

static void splice_iterable(arg_buf_t *b, mp_obj_t seq) {
    if (mp_obj_is_type(seq, &mp_type_tuple) || mp_obj_is_type(seq, &mp_type_list)) {
        size_t n;
        mp_obj_t *items;
        mp_obj_get_array(seq, &n, &items);
        for (size_t i = 0; i < n; i++) {
            arg_buf_push(b, items[i]);
        }
        return;
    }
    mp_obj_iter_buf_t iter_buf;
    mp_obj_t iter = mp_getiter(seq, &iter_buf);
    mp_obj_t item;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        arg_buf_push(b, item);
    }
}

static mp_obj_t kw_key(mp_obj_t key) {
    if (mp_obj_is_qstr(key)) {
        return key;
    }
    if (!mp_obj_is_str(key)) {
        mp_raise_TypeError("keywords must be strings");
    }
    return MP_OBJ_NEW_QSTR(mp_obj_str_get_qstr(key));
}

/* **mapping: dicts directly, anything else through keys() and [] */
static void splice_mapping(arg_buf_t *b, mp_obj_t mapping) {
    if (mp_obj_is_type(mapping, &mp_type_dict)) {
        mp_map_t *map = mp_obj_dict_get_map(mapping);
        for (size_t i = 0; i < map->alloc; i++) {
            if (mp_map_slot_is_filled(map, i)) {
                arg_buf_push(b, kw_key(map->table[i].key));
                arg_buf_push(b, map->table[i].value);
            }
        }
        return;
    }
    mp_obj_t dest[2];
    mp_load_method(mapping, MP_QSTR_keys, dest);
    mp_obj_t keys = mp_call_method_n_kw(0, 0, dest);
    mp_obj_iter_buf_t iter_buf;
    mp_obj_t iter = mp_getiter(keys, &iter_buf);
    mp_obj_t key;
    while ((key = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        arg_buf_push(b, kw_key(key));
        arg_buf_push(b, mp_obj_subscr(mapping, key, MP_OBJ_SENTINEL));
    }
}

/* args = [fun, (self or NULL if have_self), positionals, kw pairs, bitmap];
 * `buf` starts as stack_buf (may be NULL) with room for stack_len words */
static void prepare_args(bool have_self, size_t n_args_n_kw, const mp_obj_t *args,
    mp_call_args_t *out_args, mp_obj_t *stack_buf, size_t stack_len) {
    size_t n_args = n_args_n_kw & 0xff;
    size_t n_kw = (n_args_n_kw >> 8) & 0xff;
    mp_obj_t fun = *args++;
    mp_obj_t self = MP_OBJ_NULL;
    if (have_self) {
        self = *args++;
    }
    mp_uint_t star_bitmap = MP_OBJ_SMALL_INT_VALUE(args[n_args + 2 * n_kw]);

    arg_buf_t pos = {stack_buf, 0, stack_len, stack_buf};
    if (stack_buf == NULL) {
        pos.alloc = n_args + 1 + 2 * n_kw + 4;
        pos.items = m_new(mp_obj_t, pos.alloc);
    }
    if (self != MP_OBJ_NULL) {
        arg_buf_push(&pos, self);
    }
    for (size_t i = 0; i < n_args; i++) {
        if (star_bitmap & ((mp_uint_t)1 << i)) {
            splice_iterable(&pos, args[i]);
        } else {
            arg_buf_push(&pos, args[i]);
        }
    }
    size_t n_pos = pos.len;
    const mp_obj_t *kw = args + n_args;
    for (size_t i = 0; i < n_kw; i++) {
        mp_obj_t key = kw[2 * i];
        mp_obj_t value = kw[2 * i + 1];
        if (key == MP_OBJ_NULL) {
            splice_mapping(&pos, value);
        } else {
            arg_buf_push(&pos, key);
            arg_buf_push(&pos, value);
        }
    }
    out_args->fun = fun;
    out_args->args = pos.items;
    out_args->n_alloc = pos.alloc;
    out_args->n_args = n_pos;
    out_args->n_kw = (pos.len - n_pos) / 2;
}

void mp_call_prepare_args_n_kw_var(bool have_self, size_t n_args_n_kw, const mp_obj_t *args,
    mp_call_args_t *out_args) {
    prepare_args(have_self, n_args_n_kw, args, out_args, NULL, 0);
}

mp_obj_t mp_call_method_n_kw_var(bool have_self, size_t n_args_n_kw, const mp_obj_t *args) {
    mp_obj_t stack_buf[16];
    mp_call_args_t out;
    prepare_args(have_self, n_args_n_kw, args, &out, stack_buf, 16);
    mp_obj_t result = mp_call_function_n_kw(out.fun, out.n_args, out.n_kw, out.args);
    if (out.args != stack_buf) {
        m_del(mp_obj_t, out.args, out.n_alloc);
    }
    return result;
}

/* ---- iteration ------------------------------------------------------ */

mp_obj_t mp_identity(mp_obj_t self) {
    return self;
}

mp_obj_t mp_identity_getiter(mp_obj_t self, mp_obj_iter_buf_t *iter_buf) {
    return self;
}

/* Iterator over obj[0], obj[1], ... until IndexError (or StopIteration):
 * exactly 4 words, so it fits in an iter_buf. */
typedef struct {
    mp_obj_base_t base;
    mp_obj_t method[2]; /* bound __getitem__ as [fun, self] */
    mp_obj_t index;     /* small int */
} getitem_iter_t;

static mp_obj_t getitem_iter_next(mp_obj_t self_in) {
    getitem_iter_t *self = MP_OBJ_TO_PTR(self_in);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t args[3] = {self->method[0], self->method[1], self->index};
        mp_obj_t value = mp_call_method_n_kw(1, 0, args);
        self->index = MP_OBJ_NEW_SMALL_INT(MP_OBJ_SMALL_INT_VALUE(self->index) + 1);
        nlr_pop();
        return value;
    }
    mp_obj_t exc = MP_OBJ_FROM_PTR(nlr.ret_val);
    if (mp_obj_exception_match(exc, MP_OBJ_FROM_PTR(&mp_type_IndexError))
        || mp_obj_exception_match(exc, MP_OBJ_FROM_PTR(&mp_type_StopIteration))) {
        return MP_OBJ_STOP_ITERATION;
    }
    nlr_jump(nlr.ret_val);
}

static const mp_obj_type_t mp_type_getitem_iter = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_iterator,
    MP_TYPE_SLOT(iter, getitem_iter_next),
};

mp_obj_t mp_obj_new_getitem_iter(mp_obj_t *args, mp_obj_iter_buf_t *iter_buf) {
    getitem_iter_t *o = iter_buf != NULL ? (getitem_iter_t *)iter_buf : m_new_obj(getitem_iter_t);
    o->base.type = &mp_type_getitem_iter;
    o->method[0] = args[0];
    o->method[1] = args[1];
    o->index = MP_OBJ_NEW_SMALL_INT(0);
    return MP_OBJ_FROM_PTR(o);
}

mp_obj_t mp_getiter(mp_obj_t o, mp_obj_iter_buf_t *iter_buf) {
    const mp_obj_type_t *type = mp_obj_get_type(o);
    unsigned kind = type->flags & MP_TYPE_FLAG_ITER_MASK;
    if (kind == MP_TYPE_FLAG_ITER_IS_STREAM) {
        return o;
    }
    if (MP_OBJ_TYPE_HAS_SLOT(type, iter)) {
        const void *slot = MP_OBJ_TYPE_GET_SLOT(type, iter);
        if (kind == MP_TYPE_FLAG_ITER_IS_GETITER) {
            if (iter_buf == NULL && (type->flags & MP_TYPE_FLAG_INSTANCE_TYPE) == 0) {
                /* getiter may build the iterator in the buffer: give it a
                 * heap one when the caller has none */
                iter_buf = m_new_obj(mp_obj_iter_buf_t);
            }
            return ((mp_getiter_fun_t)slot)(o, iter_buf);
        }
        if (kind == MP_TYPE_FLAG_ITER_IS_ITERNEXT) {
            return o;
        }
        if (kind == MP_TYPE_FLAG_ITER_IS_CUSTOM) {
            const mp_getiter_iternext_custom_t *custom = slot;
            if (iter_buf == NULL && (type->flags & MP_TYPE_FLAG_INSTANCE_TYPE) == 0) {
                iter_buf = m_new_obj(mp_obj_iter_buf_t);
            }
            return custom->getiter(o, iter_buf);
        }
    }
    /* sequence protocol through a Python-level __getitem__ */
    mp_obj_t dest[2];
    mp_load_method_maybe(o, MP_QSTR___getitem__, dest);
    if (dest[0] != MP_OBJ_NULL) {
        return mp_obj_new_getitem_iter(dest, iter_buf);
    }
    mp_raise_msg_varg(&mp_type_TypeError, "'%s' object isn't iterable", qstr_str(type->name));
}

static mp_obj_t iternext_stream(mp_obj_t o) {
    mp_obj_t dest[2];
    mp_load_method(o, MP_QSTR_readline, dest);
    mp_obj_t line = mp_call_method_n_kw(0, 0, dest);
    mp_obj_t len = mp_obj_len(line);
    if (len == MP_OBJ_NEW_SMALL_INT(0)) {
        return MP_OBJ_STOP_ITERATION;
    }
    return line;
}

mp_obj_t mp_iternext_allow_raise(mp_obj_t o) {
    const mp_obj_type_t *type = mp_obj_get_type(o);
    unsigned kind = type->flags & MP_TYPE_FLAG_ITER_MASK;
    if (kind == MP_TYPE_FLAG_ITER_IS_STREAM) {
        return iternext_stream(o);
    }
    if (MP_OBJ_TYPE_HAS_SLOT(type, iter)) {
        const void *slot = MP_OBJ_TYPE_GET_SLOT(type, iter);
        if (kind == MP_TYPE_FLAG_ITER_IS_ITERNEXT) {
            return ((mp_fun_1_t)slot)(o);
        }
        if (kind == MP_TYPE_FLAG_ITER_IS_CUSTOM) {
            return ((const mp_getiter_iternext_custom_t *)slot)->iternext(o);
        }
    }
    mp_obj_t dest[2];
    mp_load_method_maybe(o, MP_QSTR___next__, dest);
    if (dest[0] != MP_OBJ_NULL) {
        return mp_call_method_n_kw(0, 0, dest);
    }
    mp_raise_msg_varg(&mp_type_TypeError, "'%s' object isn't an iterator", qstr_str(type->name));
}

mp_obj_t mp_iternext(mp_obj_t o) {
    const mp_obj_type_t *type = mp_obj_get_type(o);
    unsigned kind = type->flags & MP_TYPE_FLAG_ITER_MASK;
    if (kind == MP_TYPE_FLAG_ITER_IS_ITERNEXT && MP_OBJ_TYPE_HAS_SLOT(type, iter)) {
        return ((mp_fun_1_t)MP_OBJ_TYPE_GET_SLOT(type, iter))(o);
    }
    if (kind == MP_TYPE_FLAG_ITER_IS_CUSTOM && MP_OBJ_TYPE_HAS_SLOT(type, iter)) {
        /* Python-level __next__ (instances) converts StopIteration itself */
        return ((const mp_getiter_iternext_custom_t *)MP_OBJ_TYPE_GET_SLOT(type, iter))->iternext(o);
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t result = mp_iternext_allow_raise(o);
        nlr_pop();
        return result;
    }
    if (mp_obj_exception_match(MP_OBJ_FROM_PTR(nlr.ret_val),
        MP_OBJ_FROM_PTR(&mp_type_StopIteration))) {
        return MP_OBJ_STOP_ITERATION;
    }
    nlr_jump(nlr.ret_val);
}

/* function-table entry 30: the iterator either is the 4-word buffer itself
 * (word 0 = its type) or is stored in word 1 with word 0 cleared */
mp_obj_t mp_native_getiter(mp_obj_t obj, mp_obj_iter_buf_t *iter) {
    if (iter == NULL) {
        return mp_getiter(obj, NULL);
    }
    mp_obj_t it = mp_getiter(obj, iter);
    if (it != MP_OBJ_FROM_PTR(iter)) {
        iter->base.type = NULL;
        iter->buf[0] = it;
    }
    return it;
}

mp_obj_t mp_native_iternext(mp_obj_iter_buf_t *iter) {
    mp_obj_t it = iter->base.type != NULL ? MP_OBJ_FROM_PTR(iter) : iter->buf[0];
    return mp_iternext(it);
}

/* ---- unpacking ------------------------------------------------------ */

static _Noreturn void raise_too_few(size_t got) {
    mp_raise_msg_varg(&mp_type_ValueError, "need more than %d values to unpack", (int)got);
}

static _Noreturn void raise_too_many(size_t expected) {
    mp_raise_msg_varg(&mp_type_ValueError, "too many values to unpack (expected %d)",
        (int)expected);
}

/* items[num-1] = first element ... items[0] = last element */
void mp_unpack_sequence(mp_obj_t seq, size_t num, mp_obj_t *items) {
    if (mp_obj_is_type(seq, &mp_type_tuple) || mp_obj_is_type(seq, &mp_type_list)) {
        size_t len;
        mp_obj_t *seq_items;
        mp_obj_get_array(seq, &len, &seq_items);
        if (len < num) {
            raise_too_few(len);
        }
        if (len > num) {
            raise_too_many(num);
        }
        for (size_t i = 0; i < num; i++) {
            items[i] = seq_items[num - 1 - i];
        }
        return;
    }
    mp_obj_iter_buf_t iter_buf;
    mp_obj_t iter = mp_getiter(seq, &iter_buf);
    for (size_t i = 0; i < num; i++) {
        mp_obj_t item = mp_iternext(iter);
        if (item == MP_OBJ_STOP_ITERATION) {
            raise_too_few(i);
        }
        items[num - 1 - i] = item;
    }
    if (mp_iternext(iter) != MP_OBJ_STOP_ITERATION) {
        raise_too_many(num);
    }
}

/* a, *b, c = seq with num = n_left | n_right << 8; writes, from items[0]:
 * the right part last-first, the middle list, the left part last-first */
void mp_unpack_ex(mp_obj_t seq, size_t num, mp_obj_t *items) {
    size_t n_left = num & 0xff;
    size_t n_right = (num >> 8) & 0xff;
    size_t len;
    mp_obj_t *seq_items;
    if (mp_obj_is_type(seq, &mp_type_tuple) || mp_obj_is_type(seq, &mp_type_list)) {
        mp_obj_get_array(seq, &len, &seq_items);
    } else {
        /* collect everything into a list first; it may be the middle part */
        mp_obj_t all = mp_obj_new_list(0, NULL);
        mp_obj_iter_buf_t iter_buf;
        mp_obj_t iter = mp_getiter(seq, &iter_buf);
        mp_obj_t item;
        while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
            mp_obj_list_append(all, item);
        }
        mp_obj_list_get(all, &len, &seq_items);
    }
    if (len < n_left + n_right) {
        raise_too_few(len);
    }
    for (size_t i = 0; i < n_right; i++) {
        items[i] = seq_items[len - 1 - i];
    }
    items[n_right] = mp_obj_new_list(len - n_left - n_right, seq_items + n_left);
    for (size_t i = 0; i < n_left; i++) {
        items[n_right + n_left - i] = seq_items[i];
    }
}
