/*
 * The `builtins` module: the built-in functions (print, len, min, sorted,
 * eval, ...), the table that maps every built-in name to its object (types,
 * exception classes, NotImplemented, Ellipsis), and mp_builtin_lookup(), which
 * the runtime calls when a name is neither local nor global.
 *
 * Messages follow MicroPython's wording. Behaviour that differs from CPython
 * on purpose (e.g. round() halves to even for floats scaled by 10**n, sorted()
 * delegating to list.sort so tie order matches MicroPython) is noted in place.
 */
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/runtime.h"
#include "modules/modules.h"

/* ---- small helpers ---------------------------------------------------- */

/* Value of keyword `q` in a builtin's kw map, or MP_OBJ_NULL. */
static mp_obj_t kw_get(mp_map_t *kw, qstr q) {
    if (kw == NULL || kw->used == 0) {
        return MP_OBJ_NULL;
    }
    mp_map_elem_t *e = mp_map_lookup(kw, MP_OBJ_NEW_QSTR(q), MP_MAP_LOOKUP);
    return e == NULL ? MP_OBJ_NULL : e->value;
}

/* Raise TypeError if a keyword in `kw` is not in `allowed`. */
static void kw_check_allowed(mp_map_t *kw, const qstr *allowed, size_t n_allowed) {
    if (kw == NULL) {
        return;
    }
    for (size_t i = 0; i < kw->alloc; i++) {
        if (!mp_map_slot_is_filled(kw, i)) {
            continue;
        }
        mp_obj_t key = kw->table[i].key;
        bool ok = false;
        for (size_t j = 0; j < n_allowed; j++) {
            if (mp_obj_is_qstr(key) && MP_OBJ_QSTR_VALUE(key) == allowed[j]) {
                ok = true;
                break;
            }
        }
        if (!ok) {
            /* MicroPython's words (sorted([], x=1), print(x=1)) */
            mp_raise_TypeError("extra keyword arguments given");
        }
    }
}

/* True if exception instance `exc` is (a subclass of) `type`. */
static bool exc_is(mp_obj_t exc, const mp_obj_type_t *type) {
    return mp_obj_exception_match(exc, MP_OBJ_FROM_PTR(type));
}

/* ---- abs, all, any, callable, chr, ord, divmod, hash, id, len ------------- */

static mp_obj_t builtin_abs(mp_obj_t x) {
    return mp_unary_op(MP_UNARY_OP_ABS, x);
}
static MP_DEFINE_CONST_FUN_OBJ_1(builtin_abs_obj, builtin_abs);

static mp_obj_t builtin_all(mp_obj_t iterable) {
    mp_obj_iter_buf_t buf;
    mp_obj_t it = mp_getiter(iterable, &buf);
    mp_obj_t item;
    while ((item = mp_iternext(it)) != MP_OBJ_STOP_ITERATION) {
        if (!mp_obj_is_true(item)) {
            return mp_const_false;
        }
    }
    return mp_const_true;
}
static MP_DEFINE_CONST_FUN_OBJ_1(builtin_all_obj, builtin_all);

static mp_obj_t builtin_any(mp_obj_t iterable) {
    mp_obj_iter_buf_t buf;
    mp_obj_t it = mp_getiter(iterable, &buf);
    mp_obj_t item;
    while ((item = mp_iternext(it)) != MP_OBJ_STOP_ITERATION) {
        if (mp_obj_is_true(item)) {
            return mp_const_true;
        }
    }
    return mp_const_false;
}
static MP_DEFINE_CONST_FUN_OBJ_1(builtin_any_obj, builtin_any);

static mp_obj_t builtin_callable(mp_obj_t x) {
    return mp_obj_new_bool(mp_obj_is_callable(x));
}
static MP_DEFINE_CONST_FUN_OBJ_1(builtin_callable_obj, builtin_callable);

static mp_obj_t builtin_chr(mp_obj_t code_in) {
    return mp_obj_new_str_from_char(mp_obj_get_int(code_in));
}
static MP_DEFINE_CONST_FUN_OBJ_1(builtin_chr_obj, builtin_chr);

static mp_obj_t builtin_ord(mp_obj_t o) {
    return mp_obj_str_ord(o);
}
static MP_DEFINE_CONST_FUN_OBJ_1(builtin_ord_obj, builtin_ord);

/* an int, bool or float, or an instance of a Python subclass of int/float */
static bool is_real_number(mp_obj_t o) {
    if (mp_obj_is_int(o) || mp_obj_is_float(o) || mp_obj_is_bool(o)) {
        return true;
    }
    if (!mp_obj_is_obj(o) || !(mp_obj_get_type(o)->flags & MP_TYPE_FLAG_INSTANCE_TYPE)) {
        return false;
    }
    mp_obj_t type = MP_OBJ_FROM_PTR(mp_obj_get_type(o));
    return mp_obj_is_subclass_fast(type, MP_OBJ_FROM_PTR(&mp_type_int)) ||
        mp_obj_is_subclass_fast(type, MP_OBJ_FROM_PTR(&mp_type_float));
}

/* self.name(arg) when self's class defines name, else MP_OBJ_NULL */
static mp_obj_t call_special_maybe(mp_obj_t self, qstr name, mp_obj_t arg) {
    if (mp_obj_class_lookup_special(self, name) == MP_OBJ_NULL) {
        return MP_OBJ_NULL;
    }
    mp_obj_t dest[3];
    mp_load_method(self, name, dest);
    dest[2] = arg;
    return mp_call_method_n_kw(1, 0, dest);
}

/* divmod(a, b): small ints directly; other real numbers as (a // b, a % b),
 * which gives Python's floor semantics for ints, big ints and floats alike;
 * a class's __divmod__ (or the right operand's __rdivmod__, as in CPython).
 * Anything else (complex, str, a class with only __floordiv__ and __mod__)
 * raises MicroPython's "unsupported types for __divmod__". */
static mp_obj_t builtin_divmod(mp_obj_t a, mp_obj_t b) {
    mp_obj_t items[2];
    if (mp_obj_is_small_int(a) && mp_obj_is_small_int(b)) {
        mp_int_t x = MP_OBJ_SMALL_INT_VALUE(a), y = MP_OBJ_SMALL_INT_VALUE(b);
        if (y == 0) {
            mp_raise_msg(&mp_type_ZeroDivisionError, "divide by zero");
        }
        items[0] = mp_obj_new_int(mp_small_int_floor_divide(x, y));
        items[1] = mp_obj_new_int(mp_small_int_modulo(x, y));
        return mp_obj_new_tuple(2, items);
    }
    mp_obj_t r = call_special_maybe(a, MP_QSTR___divmod__, b);
    if (r == MP_OBJ_NULL && mp_obj_get_type(a) != mp_obj_get_type(b)) {
        /* as in CPython, the reflected method only for different types */
        r = call_special_maybe(b, MP_QSTR___rdivmod__, a);
    }
    if (r != MP_OBJ_NULL) {
        return r;
    }
    if (!is_real_number(a) || !is_real_number(b)) {
        mp_raise_msg_varg(&mp_type_TypeError, "unsupported types for __divmod__: '%s', '%s'",
            mp_obj_get_type_str(a), mp_obj_get_type_str(b));
    }
    items[0] = mp_binary_op(MP_BINARY_OP_FLOOR_DIVIDE, a, b);
    items[1] = mp_binary_op(MP_BINARY_OP_MODULO, a, b);
    return mp_obj_new_tuple(2, items);
}
static MP_DEFINE_CONST_FUN_OBJ_2(builtin_divmod_obj, builtin_divmod);

static mp_obj_t builtin_hash(mp_obj_t o) {
    return mp_obj_new_int(mp_obj_hash(o));
}
static MP_DEFINE_CONST_FUN_OBJ_1(builtin_hash_obj, builtin_hash);

/* id(): the object's word (address for heap objects, the tagged value for
 * small ints, qstrs and immediates), so equal ids mean identical objects. */
static mp_obj_t builtin_id(mp_obj_t o) {
    return mp_obj_new_int_from_uint((mp_uint_t)o);
}
static MP_DEFINE_CONST_FUN_OBJ_1(builtin_id_obj, builtin_id);

static mp_obj_t builtin_len(mp_obj_t o) {
    return mp_obj_len(o);
}
static MP_DEFINE_CONST_FUN_OBJ_1(builtin_len_obj, builtin_len);

static mp_obj_t builtin_repr(mp_obj_t o) {
    vstr_t vstr;
    mp_print_t print;
    vstr_init_print(&vstr, 16, &print);
    mp_obj_print_helper(&print, o, PRINT_REPR);
    return mp_obj_new_str_from_vstr(&vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_1(builtin_repr_obj, builtin_repr);

/* ---- hex, oct, bin --------------------------------------------------------- */

/* Python's '0x..'/'0o..'/'0b..' form of an int (TypeError for non-ints) */
static mp_obj_t int_to_prefixed(mp_obj_t n, int base, const char *prefix) {
    mp_int_t v;
    if (!mp_obj_is_int(n) && !mp_obj_is_bool(n) && mp_obj_get_int_maybe(n, &v)) {
        n = mp_obj_new_int(v); /* an int subclass or an object with __index__ */
    }
    return mp_obj_int_formatted(n, base, prefix, 'a');
}

static mp_obj_t builtin_hex(mp_obj_t n) {
    return int_to_prefixed(n, 16, "0x");
}
static MP_DEFINE_CONST_FUN_OBJ_1(builtin_hex_obj, builtin_hex);

static mp_obj_t builtin_oct(mp_obj_t n) {
    return int_to_prefixed(n, 8, "0o");
}
static MP_DEFINE_CONST_FUN_OBJ_1(builtin_oct_obj, builtin_oct);

static mp_obj_t builtin_bin(mp_obj_t n) {
    return int_to_prefixed(n, 2, "0b");
}
static MP_DEFINE_CONST_FUN_OBJ_1(builtin_bin_obj, builtin_bin);

/* ---- attributes ---------------------------------------------------------- */

static qstr attr_name(mp_obj_t name) {
    if (!mp_obj_is_str(name)) {
        /* MicroPython's wording (CPython: "attribute name must be string") */
        mp_raise_msg_varg(&mp_type_TypeError, "can't convert '%s' object to str implicitly",
            mp_obj_get_type_str(name));
    }
    return mp_obj_str_get_qstr(name);
}

static mp_obj_t builtin_getattr(size_t n_args, const mp_obj_t *args) {
    qstr attr = attr_name(args[1]);
    if (n_args == 2) {
        return mp_load_attr(args[0], attr);
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t value = mp_load_attr(args[0], attr);
        nlr_pop();
        return value;
    }
    if (exc_is(nlr.ret_val, &mp_type_AttributeError)) {
        return args[2];
    }
    nlr_jump(nlr.ret_val);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(builtin_getattr_obj, 2, 3, builtin_getattr);

static mp_obj_t builtin_hasattr(mp_obj_t obj, mp_obj_t name) {
    qstr attr = attr_name(name);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_load_attr(obj, attr);
        nlr_pop();
        return mp_const_true;
    }
    if (exc_is(nlr.ret_val, &mp_type_AttributeError)) {
        return mp_const_false;
    }
    nlr_jump(nlr.ret_val);
}
static MP_DEFINE_CONST_FUN_OBJ_2(builtin_hasattr_obj, builtin_hasattr);

static mp_obj_t builtin_setattr(mp_obj_t obj, mp_obj_t name, mp_obj_t value) {
    mp_store_attr(obj, attr_name(name), value);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_3(builtin_setattr_obj, builtin_setattr);

/* mp_store_attr with MP_OBJ_NULL as the value deletes the attribute */
static mp_obj_t builtin_delattr(mp_obj_t obj, mp_obj_t name) {
    mp_store_attr(obj, attr_name(name), MP_OBJ_NULL);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(builtin_delattr_obj, builtin_delattr);

/* ---- isinstance, issubclass ---------------------------------------------- */

static bool is_type_obj(mp_obj_t o) {
    return mp_obj_is_obj(o) && mp_obj_get_type(o) != NULL &&
           (mp_obj_get_type(o) == &mp_type_type ||
            mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(o)),
                MP_OBJ_FROM_PTR(&mp_type_type)));
}

/* Is type `cls` a subclass of classinfo (a class or a nested tuple of them)? */
static bool subclass_of(mp_obj_t cls, mp_obj_t classinfo) {
    if (mp_obj_is_type(classinfo, &mp_type_tuple)) {
        size_t n;
        mp_obj_t *items;
        mp_obj_tuple_get(classinfo, &n, &items);
        for (size_t i = 0; i < n; i++) {
            if (subclass_of(cls, items[i])) {
                return true;
            }
        }
        return false;
    }
    if (!is_type_obj(classinfo)) {
        mp_raise_TypeError("issubclass() arg 2 must be a class or a tuple of classes");
    }
    return mp_obj_is_subclass_fast(cls, classinfo);
}

static mp_obj_t builtin_isinstance(mp_obj_t obj, mp_obj_t classinfo) {
    return mp_obj_new_bool(subclass_of(MP_OBJ_FROM_PTR(mp_obj_get_type(obj)), classinfo));
}
static MP_DEFINE_CONST_FUN_OBJ_2(builtin_isinstance_obj, builtin_isinstance);

static mp_obj_t builtin_issubclass(mp_obj_t cls, mp_obj_t classinfo) {
    if (!is_type_obj(cls)) {
        mp_raise_TypeError("issubclass() arg 1 must be a class");
    }
    return mp_obj_new_bool(subclass_of(cls, classinfo));
}
static MP_DEFINE_CONST_FUN_OBJ_2(builtin_issubclass_obj, builtin_issubclass);

/* ---- iter, next ------------------------------------------------------------ */

/* iter(callable, sentinel): call until the result equals sentinel */
typedef struct _callable_iter_t {
    mp_obj_base_t base;
    mp_obj_t fun;
    mp_obj_t sentinel;
} callable_iter_t;

static mp_obj_t callable_iter_next(mp_obj_t self_in) {
    callable_iter_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->fun == MP_OBJ_NULL) {
        return MP_OBJ_STOP_ITERATION;
    }
    mp_obj_t value = mp_call_function_0(self->fun);
    if (mp_obj_equal(value, self->sentinel)) {
        self->fun = MP_OBJ_NULL; /* exhausted for good, as in CPython */
        return MP_OBJ_STOP_ITERATION;
    }
    return value;
}

static const mp_obj_type_t callable_iter_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_callable_iterator,
    MP_TYPE_SLOT(iter, callable_iter_next),
};

static mp_obj_t builtin_iter(size_t n_args, const mp_obj_t *args) {
    if (n_args == 1) {
        return mp_getiter(args[0], NULL);
    }
    if (!mp_obj_is_callable(args[0])) {
        mp_raise_TypeError("iter(v, w): v must be callable");
    }
    callable_iter_t *it = m_new_obj(callable_iter_t);
    it->base.type = &callable_iter_type;
    it->fun = args[0];
    it->sentinel = args[1];
    return MP_OBJ_FROM_PTR(it);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(builtin_iter_obj, 1, 2, builtin_iter);

static mp_obj_t builtin_next(size_t n_args, const mp_obj_t *args) {
    if (n_args == 1) {
        mp_obj_t value = mp_iternext_allow_raise(args[0]);
        if (value == MP_OBJ_STOP_ITERATION) {
            mp_raise(mp_obj_new_exception(&mp_type_StopIteration));
        }
        return value;
    }
    mp_obj_t value = mp_iternext(args[0]);
    return value == MP_OBJ_STOP_ITERATION ? args[1] : value;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(builtin_next_obj, 1, 2, builtin_next);

/* ---- min, max, sum, sorted --------------------------------------------- */

static mp_obj_t min_max(size_t n_args, const mp_obj_t *args, mp_map_t *kw, mp_binary_op_t op) {
    static const qstr allowed[] = {MP_QSTR_key, MP_QSTR_default};
    kw_check_allowed(kw, allowed, 2);
    mp_obj_t key_fn = kw_get(kw, MP_QSTR_key);
    mp_obj_t dflt = kw_get(kw, MP_QSTR_default);
    if (key_fn == mp_const_none) {
        key_fn = MP_OBJ_NULL;
    }
    if (dflt != MP_OBJ_NULL && n_args > 1) {
        mp_raise_TypeError("default only allowed with a single iterable argument");
    }
    mp_obj_t best = MP_OBJ_NULL, best_key = MP_OBJ_NULL;
    mp_obj_iter_buf_t buf;
    mp_obj_t it = MP_OBJ_NULL;
    size_t i = 0;
    if (n_args == 1) {
        it = mp_getiter(args[0], &buf);
    }
    for (;;) {
        mp_obj_t item;
        if (it != MP_OBJ_NULL) {
            item = mp_iternext(it);
            if (item == MP_OBJ_STOP_ITERATION) {
                break;
            }
        } else {
            if (i == n_args) {
                break;
            }
            item = args[i++];
        }
        mp_obj_t k = key_fn == MP_OBJ_NULL ? item : mp_call_function_1(key_fn, item);
        /* only a strictly better item replaces: ties keep the first one */
        if (best == MP_OBJ_NULL || mp_obj_is_true(mp_binary_op(op, k, best_key))) {
            best = item;
            best_key = k;
        }
    }
    if (best == MP_OBJ_NULL) {
        if (dflt != MP_OBJ_NULL) {
            return dflt;
        }
        mp_raise_ValueError("arg is an empty sequence");
    }
    return best;
}

static mp_obj_t builtin_max(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    return min_max(n_args, args, kw, MP_BINARY_OP_MORE);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(builtin_max_obj, 1, builtin_max);

static mp_obj_t builtin_min(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    return min_max(n_args, args, kw, MP_BINARY_OP_LESS);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(builtin_min_obj, 1, builtin_min);

static mp_obj_t builtin_sum(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    static const qstr allowed[] = {MP_QSTR_start};
    kw_check_allowed(kw, allowed, 1);
    mp_obj_t acc = MP_OBJ_NEW_SMALL_INT(0);
    mp_obj_t start = kw_get(kw, MP_QSTR_start);
    if (n_args > 2 || (n_args == 2 && start != MP_OBJ_NULL)) {
        mp_raise_TypeError("function takes at most 2 arguments");
    }
    if (n_args == 2) {
        acc = args[1];
    } else if (start != MP_OBJ_NULL) {
        acc = start;
    }
    mp_obj_iter_buf_t buf;
    mp_obj_t it = mp_getiter(args[0], &buf);
    mp_obj_t item;
    /* plain ADD, not INPLACE_ADD: sum([[1]], start) must not mutate start */
    while ((item = mp_iternext(it)) != MP_OBJ_STOP_ITERATION) {
        acc = mp_binary_op(MP_BINARY_OP_ADD, acc, item);
    }
    return acc;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(builtin_sum_obj, 1, builtin_sum);

/* sorted() is list(iterable) sorted by the containers' sort, which decides
 * the order of ties the way MicroPython does. */
static mp_obj_t builtin_sorted(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    static const qstr allowed[] = {MP_QSTR_key, MP_QSTR_reverse};
    if (n_args != 1) {
        mp_raise_TypeError("function takes 1 positional arguments");
    }
    kw_check_allowed(kw, allowed, 2);
    mp_obj_t key_fn = kw_get(kw, MP_QSTR_key);
    mp_obj_t reverse = kw_get(kw, MP_QSTR_reverse);
    mp_obj_t list = mp_obj_list_from_iterable(args[0]);
    mp_obj_list_sort_helper(list, key_fn, reverse != MP_OBJ_NULL && mp_obj_is_true(reverse));
    return list;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(builtin_sorted_obj, 1, builtin_sorted);

/* ---- pow, round ------------------------------------------------------------ */

static mp_obj_t builtin_pow(size_t n_args, const mp_obj_t *args) {
    if (n_args == 2) {
        return mp_binary_op(MP_BINARY_OP_POWER, args[0], args[1]);
    }
    return mp_obj_int_pow3(args[0], args[1], args[2]);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(builtin_pow_obj, 2, 3, builtin_pow);

/* round(): ints, bools and floats MicroPython's way (ties to even; floats
 * are rounded as x * 10**n); other objects through their __round__. */
static mp_obj_t builtin_round(size_t n_args, const mp_obj_t *args) {
    mp_obj_t x = args[0];
    mp_obj_t ndigits = n_args == 2 ? args[1] : MP_OBJ_NULL;
    if (mp_obj_is_int(x) || mp_obj_is_bool(x) || mp_obj_is_float(x)) {
        return mp_obj_round(x, ndigits);
    }
    mp_obj_t dest[3];
    mp_load_method_maybe(x, MP_QSTR___round__, dest);
    if (dest[0] != MP_OBJ_NULL) {
        if (ndigits != MP_OBJ_NULL) {
            dest[2] = ndigits;
            return mp_call_method_n_kw(1, 0, dest);
        }
        return mp_call_method_n_kw(0, 0, dest);
    }
    return mp_obj_round(x, ndigits); /* raises TypeError */
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(builtin_round_obj, 1, 2, builtin_round);

/* format(value[, spec]) */
static mp_obj_t builtin_format(size_t n_args, const mp_obj_t *args) {
    return mp_obj_format_value(args[0], n_args > 1 ? args[1] : MP_OBJ_NEW_QSTR(MP_QSTR_));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(builtin_format_obj, 1, 2, builtin_format);

/* ---- print, input, open ------------------------------------------------- */

/* str(o) */
static mp_obj_t str_of(mp_obj_t o) {
    if (mp_obj_is_str(o)) {
        return o;
    }
    vstr_t vstr;
    mp_print_t print;
    vstr_init_print(&vstr, 16, &print);
    mp_obj_print_helper(&print, o, PRINT_STR);
    return mp_obj_new_str_from_vstr(&vstr);
}

static mp_obj_t builtin_print(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    static const qstr allowed[] = {MP_QSTR_sep, MP_QSTR_end, MP_QSTR_file, MP_QSTR_flush};
    kw_check_allowed(kw, allowed, 4);
    mp_obj_t sep = kw_get(kw, MP_QSTR_sep);
    mp_obj_t end = kw_get(kw, MP_QSTR_end);
    mp_obj_t file = kw_get(kw, MP_QSTR_file);
    mp_obj_t flush = kw_get(kw, MP_QSTR_flush);
    const char *sep_data = " ", *end_data = "\n";
    size_t sep_len = 1, end_len = 1;
    if (sep != MP_OBJ_NULL && sep != mp_const_none) {
        sep_data = mp_obj_str_get_data(sep, &sep_len);
    }
    if (end != MP_OBJ_NULL && end != mp_const_none) {
        end_data = mp_obj_str_get_data(end, &end_len);
    }
    if (file == MP_OBJ_NULL || file == mp_const_none) {
        file = mp_sys_current_stdout();
    }
    bool to_std = file == MP_OBJ_FROM_PTR(&mp_sys_stdout_obj) ||
        file == MP_OBJ_FROM_PTR(&mp_sys_stderr_obj);
    if (to_std) {
        mp_print_t print;
        mp_print_init_for_file(&print, file);
        for (size_t i = 0; i < n_args; i++) {
            if (i > 0) {
                print.print_strn(print.data, sep_data, sep_len);
            }
            mp_obj_print_helper(&print, args[i], PRINT_STR);
        }
        print.print_strn(print.data, end_data, end_len);
    } else {
        /* any other file-like object gets CPython's .write() calls: one
         * per argument, separator and end */
        mp_obj_t dest[3];
        mp_load_method(file, MP_QSTR_write, dest);
        mp_obj_t write_fun = dest[0], write_self = dest[1];
        for (size_t i = 0; i <= n_args; i++) {
            if (i == n_args) {
                dest[2] = mp_obj_new_str(end_data, end_len);
            } else if (i > 0) {
                dest[0] = write_fun;
                dest[1] = write_self;
                dest[2] = mp_obj_new_str(sep_data, sep_len);
                mp_call_method_n_kw(1, 0, dest);
                dest[2] = str_of(args[i]);
            } else {
                dest[2] = str_of(args[i]);
            }
            dest[0] = write_fun;
            dest[1] = write_self;
            mp_call_method_n_kw(1, 0, dest);
        }
    }
    if (flush != MP_OBJ_NULL && mp_obj_is_true(flush)) {
        mp_obj_t dest[2];
        mp_load_method_maybe(file, MP_QSTR_flush, dest);
        if (dest[0] != MP_OBJ_NULL) {
            mp_call_method_n_kw(0, 0, dest);
        }
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(builtin_print_obj, 0, builtin_print);

/* The REPL's expression statements print their value through this (when the
 * compiler compiles REPL input that way): repr, unless the value is None. */
static mp_obj_t builtin___repl_print__(mp_obj_t o) {
    if (o != mp_const_none) {
        mp_obj_print_helper(&mp_plat_print, o, PRINT_REPR);
        mp_print_str(&mp_plat_print, "\n");
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(builtin___repl_print___obj, builtin___repl_print__);

static mp_obj_t builtin_input(size_t n_args, const mp_obj_t *args) {
    if (n_args == 1) {
        mp_obj_print_helper(&mp_plat_print, args[0], PRINT_STR);
    }
    fflush(stdout);
    vstr_t line;
    vstr_init(&line, 64);
    int c;
    bool got_any = false;
    while ((c = getchar()) != EOF) {
        got_any = true;
        if (c == '\n') {
            break;
        }
        vstr_add_byte(&line, (byte)c);
    }
    if (!got_any) {
        mp_raise(mp_obj_new_exception(&mp_type_EOFError));
    }
    return mp_obj_new_str_from_vstr(&line);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(builtin_input_obj, 0, 1, builtin_input);

/* ---- globals, locals, dir ----------------------------------------------- */

static mp_obj_t builtin_globals(void) {
    return MP_OBJ_FROM_PTR(mp_globals_get());
}
static MP_DEFINE_CONST_FUN_OBJ_0(builtin_globals_obj, builtin_globals);

static mp_obj_t builtin_locals(void) {
    return MP_OBJ_FROM_PTR(mp_locals_get());
}
static MP_DEFINE_CONST_FUN_OBJ_0(builtin_locals_obj, builtin_locals);

static void dir_add_map(mp_obj_t set, const mp_map_t *map) {
    for (size_t i = 0; i < map->alloc; i++) {
        if (mp_map_slot_is_filled(map, i) && mp_obj_is_str(map->table[i].key)) {
            mp_obj_set_store(set, map->table[i].key);
        }
    }
}

/* names in a type's dict and its bases' dicts */
static void dir_add_type(mp_obj_t set, const mp_obj_type_t *type, int depth) {
    if (type == NULL || depth > 64) {
        return;
    }
    mp_obj_dict_t *locals = mp_type_locals_dict(type);
    if (locals != NULL) {
        dir_add_map(set, &locals->map);
    }
    const void *parent = mp_type_parent(type);
    if (parent == NULL) {
        return;
    }
    if (((const mp_obj_base_t *)parent)->type == &mp_type_tuple) {
        /* several bases are stored as a tuple of types */
        const mp_obj_tuple_t *bases = parent;
        for (size_t i = 0; i < bases->len; i++) {
            dir_add_type(set, MP_OBJ_TO_PTR(bases->items[i]), depth + 1);
        }
    } else {
        dir_add_type(set, parent, depth + 1);
    }
}

static mp_obj_t builtin_dir(size_t n_args, const mp_obj_t *args) {
    mp_obj_t set = mp_obj_new_set(0, NULL);
    if (n_args == 0) {
        dir_add_map(set, &mp_locals_get()->map);
    } else {
        mp_obj_t o = args[0];
        const mp_obj_type_t *type = mp_obj_get_type(o);
        /* attributes every object, or every Python object, has */
        mp_obj_set_store(set, MP_OBJ_NEW_QSTR(MP_QSTR___class__));
        const mp_obj_type_t *python_class = NULL;
        if (type == &mp_type_module) {
            dir_add_map(set, &mp_obj_module_get_globals(o)->map);
            mp_obj_set_store(set, MP_OBJ_NEW_QSTR(MP_QSTR___dict__));
        } else {
            if (is_type_obj(o)) {
                /* a class lists its own and its bases' names, not its
                 * metaclass's */
                dir_add_type(set, MP_OBJ_TO_PTR(o), 0);
                if (mp_obj_is_instance_type(MP_OBJ_TO_PTR(o))) {
                    python_class = MP_OBJ_TO_PTR(o);
                }
            } else {
                if (mp_obj_is_instance_type(type)) {
                    dir_add_map(set, mp_obj_instance_members(o));
                    python_class = type;
                }
                dir_add_type(set, type, 0);
            }
        }
        if (python_class != NULL) {
            dir_add_type(set, &mp_type_object, 0);
            mp_obj_set_store(set, MP_OBJ_NEW_QSTR(MP_QSTR___dict__));
        }
    }
    /* CPython sorts dir()'s result; a set's slot order would leak hashes */
    mp_obj_t list = mp_call_function_1(MP_OBJ_FROM_PTR(&mp_type_list), set);
    mp_obj_list_sort_helper(list, MP_OBJ_NULL, false);
    return list;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(builtin_dir_obj, 0, 1, builtin_dir);

/* vars(): the locals dict without an argument, else the object's __dict__
 * (looked up as an attribute, so modules, classes and instances all work) */
static mp_obj_t builtin_vars(size_t n_args, const mp_obj_t *args) {
    if (n_args == 0) {
        return MP_OBJ_FROM_PTR(mp_locals_get());
    }
    mp_obj_t dest[2] = {MP_OBJ_NULL, MP_OBJ_NULL};
    mp_load_method_maybe(args[0], MP_QSTR___dict__, dest);
    if (dest[0] == MP_OBJ_NULL) {
        mp_raise_TypeError("vars() argument must have __dict__ attribute");
    }
    return dest[0];
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(builtin_vars_obj, 0, 1, builtin_vars);

/* ---- help -------------------------------------------------------------- */

static const char help_text[] =
    "Welcome to Mica, a MicroPython-compatible Python.\n"
    "\n"
    "Built-in modules: sys, gc, micropython, math, cmath, io, time, struct,\n"
    "json, collections, random, array and more; help(obj) lists an object's\n"
    "attributes, dir(obj) their names.\n"
    "\n"
    "At the REPL: Ctrl-C interrupts, Ctrl-D exits.\n";

static void help_print_map(const mp_map_t *map) {
    for (size_t i = 0; i < map->alloc; i++) {
        if (mp_map_slot_is_filled(map, i)) {
            mp_print_str(&mp_plat_print, "  ");
            mp_obj_print_helper(&mp_plat_print, map->table[i].key, PRINT_STR);
            mp_print_str(&mp_plat_print, " -- ");
            mp_obj_print_helper(&mp_plat_print, map->table[i].value, PRINT_STR);
            mp_print_str(&mp_plat_print, "\n");
        }
    }
}

/* help(): a short text; help(obj): obj's type, then the names in its module
 * dict or its type's dict with their values */
static mp_obj_t builtin_help(size_t n_args, const mp_obj_t *args) {
    if (n_args == 0) {
        mp_print_str(&mp_plat_print, help_text);
        return mp_const_none;
    }
    mp_obj_t o = args[0];
    const mp_obj_type_t *type = mp_obj_get_type(o);
    mp_print_str(&mp_plat_print, "object ");
    mp_obj_print_helper(&mp_plat_print, o, PRINT_STR);
    mp_printf(&mp_plat_print, " is of type %s\n", qstr_str(type->name));
    if (type == &mp_type_module) {
        help_print_map(&mp_obj_module_get_globals(o)->map);
        return mp_const_none;
    }
    if (is_type_obj(o)) {
        type = MP_OBJ_TO_PTR(o);
    }
    mp_obj_dict_t *locals = mp_type_locals_dict(type);
    if (locals != NULL) {
        help_print_map(&locals->map);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(builtin_help_obj, 0, 1, builtin_help);

/* ---- compile, exec, eval ---------------------------------------------- */

/* compile() returns one of these. It keeps the source and compiles it again
 * when run, so that the code runs against the globals exec()/eval() gets. */
typedef struct _code_obj_t {
    mp_obj_base_t base;
    mp_obj_t source; /* str or bytes */
    qstr filename;
    mp_compile_mode_t mode;
} code_obj_t;

static void code_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    code_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<code object <module>, file \"%s\">", qstr_str(self->filename));
}

static const mp_obj_type_t code_type = {
    .base = {&mp_type_type},
    .name = MP_QSTR_code,
    MP_TYPE_SLOT(print, code_print),
};

#if MICA_ENABLE_COMPILER
/* Compile `src` for running against `globals`. */
static mp_obj_t compile_text(const char *src, size_t len, qstr filename, mp_compile_mode_t mode,
    mp_obj_dict_t *globals) {
    return mp_compile_source_mode(src, len, filename, mode, globals);
}

#else
static mp_obj_t compile_text(const char *src, size_t len, qstr filename, mp_compile_mode_t mode,
    mp_obj_dict_t *globals) {
    mp_raise_NotImplementedError("this build of Mica has no compiler");
}
#endif

/* Call a module-body function with the given dicts, restoring the caller's
 * dicts afterwards even when it raises. */
static mp_obj_t run_with_dicts(mp_obj_t fun, mp_obj_dict_t *globals, mp_obj_dict_t *locals) {
    mp_obj_dict_t *old_globals = mp_globals_get();
    mp_obj_dict_t *old_locals = mp_locals_get();
    mp_globals_set(globals);
    mp_locals_set(locals);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t ret = mp_call_function_0(fun);
        nlr_pop();
        mp_globals_set(old_globals);
        mp_locals_set(old_locals);
        return ret;
    }
    mp_globals_set(old_globals);
    mp_locals_set(old_locals);
    nlr_jump(nlr.ret_val);
}

static mp_obj_dict_t *dict_arg(mp_obj_t o, const char *what) {
    if (!mp_obj_is_type(o, &mp_type_dict)) {
        mp_raise_msg_varg(&mp_type_TypeError, "%s must be a dict", what);
    }
    return MP_OBJ_TO_PTR(o);
}

/* exec/eval(source_or_code, globals=None, locals=None) */
static mp_obj_t exec_or_eval(size_t n_args, const mp_obj_t *args, mp_compile_mode_t mode) {
    mp_obj_dict_t *globals = mp_globals_get();
    mp_obj_dict_t *locals = mp_locals_get();
    if (n_args >= 2 && args[1] != mp_const_none) {
        globals = dict_arg(args[1], "globals");
        locals = globals;
    }
    if (n_args >= 3 && args[2] != mp_const_none) {
        locals = dict_arg(args[2], "locals");
    }
    mp_obj_t source = args[0];
    qstr filename = MP_QSTR__lt_string_gt_;
    if (mp_obj_is_type(source, &code_type)) {
        code_obj_t *code = MP_OBJ_TO_PTR(source);
        source = code->source;
        filename = code->filename;
        if (code->mode != MP_COMPILE_MODE_EVAL) {
            mode = code->mode;
        }
    }
    size_t len;
    const char *src;
    if (mp_obj_is_str_or_bytes(source)) {
        src = mp_obj_str_get_data(source, &len);
    } else {
        /* any other buffer (a bytearray) is source text too, as in
         * MicroPython, whose error for a non-buffer this is */
        mp_buffer_info_t bi;
        mp_get_buffer_raise(source, &bi, MP_BUFFER_READ);
        src = (const char *)bi.buf;
        len = bi.len;
    }
    if (mode == MP_COMPILE_MODE_EVAL) {
        /* like CPython, eval() ignores leading spaces and tabs */
        while (len > 0 && (*src == ' ' || *src == '\t')) {
            src++;
            len--;
        }
    }
    mp_obj_t fun = compile_text(src, len, filename, mode, globals);
    mp_obj_t ret = run_with_dicts(fun, globals, locals);
    if (mode != MP_COMPILE_MODE_EVAL) {
        return mp_const_none;
    }
    return ret;
}

static mp_obj_t builtin_exec(size_t n_args, const mp_obj_t *args) {
    return exec_or_eval(n_args, args, MP_COMPILE_MODE_EXEC);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(builtin_exec_obj, 1, 3, builtin_exec);

static mp_obj_t builtin_eval(size_t n_args, const mp_obj_t *args) {
    return exec_or_eval(n_args, args, MP_COMPILE_MODE_EVAL);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(builtin_eval_obj, 1, 3, builtin_eval);

/* compile(source, filename, mode): checks the syntax now, keeps the text */
static mp_obj_t builtin_compile(size_t n_args, const mp_obj_t *args) {
    size_t len;
    const char *src = mp_obj_str_get_data(args[0], &len);
    qstr filename = mp_obj_str_get_qstr(args[1]);
    const char *mode_str = mp_obj_str_get_str(args[2]);
    mp_compile_mode_t mode;
    if (strcmp(mode_str, "exec") == 0) {
        mode = MP_COMPILE_MODE_EXEC;
    } else if (strcmp(mode_str, "eval") == 0) {
        mode = MP_COMPILE_MODE_EVAL;
    } else if (strcmp(mode_str, "single") == 0) {
        mode = MP_COMPILE_MODE_SINGLE;
    } else {
        mp_raise_ValueError("bad compile mode");
    }
    compile_text(src, len, filename, mode, mp_globals_get());
    code_obj_t *code = m_new_obj(code_obj_t);
    code->base.type = &code_type;
    code->source = args[0];
    code->filename = filename;
    code->mode = mode;
    return MP_OBJ_FROM_PTR(code);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(builtin_compile_obj, 3, 6, builtin_compile);

/* __import__(name, globals=None, locals=None, fromlist=(), level=0) is
 * implemented with the import machinery (core/import.c). */
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(builtin___import___obj, 1, 5, mp_builtin___import__);

/* ---- the builtins module table ------------------------------------------ */

static const mp_rom_map_elem_t builtins_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_builtins)},
    {MP_ROM_QSTR(MP_QSTR___build_class__), MP_ROM_PTR(&mp_builtin___build_class___obj)},
    {MP_ROM_QSTR(MP_QSTR___import__), MP_ROM_PTR(&builtin___import___obj)},
    {MP_ROM_QSTR(MP_QSTR___repl_print__), MP_ROM_PTR(&builtin___repl_print___obj)},

    /* types */
    {MP_ROM_QSTR(MP_QSTR_bool), MP_ROM_PTR(&mp_type_bool)},
    {MP_ROM_QSTR(MP_QSTR_bytes), MP_ROM_PTR(&mp_type_bytes)},
    {MP_ROM_QSTR(MP_QSTR_bytearray), MP_ROM_PTR(&mp_type_bytearray)},
    {MP_ROM_QSTR(MP_QSTR_classmethod), MP_ROM_PTR(&mp_type_classmethod)},
    {MP_ROM_QSTR(MP_QSTR_complex), MP_ROM_PTR(&mp_type_complex)},
    {MP_ROM_QSTR(MP_QSTR_dict), MP_ROM_PTR(&mp_type_dict)},
    {MP_ROM_QSTR(MP_QSTR_enumerate), MP_ROM_PTR(&mp_type_enumerate)},
    {MP_ROM_QSTR(MP_QSTR_filter), MP_ROM_PTR(&mp_type_filter)},
    {MP_ROM_QSTR(MP_QSTR_float), MP_ROM_PTR(&mp_type_float)},
    {MP_ROM_QSTR(MP_QSTR_frozenset), MP_ROM_PTR(&mp_type_frozenset)},
    {MP_ROM_QSTR(MP_QSTR_int), MP_ROM_PTR(&mp_type_int)},
    {MP_ROM_QSTR(MP_QSTR_list), MP_ROM_PTR(&mp_type_list)},
    {MP_ROM_QSTR(MP_QSTR_map), MP_ROM_PTR(&mp_type_map)},
    {MP_ROM_QSTR(MP_QSTR_memoryview), MP_ROM_PTR(&mp_type_memoryview)},
    {MP_ROM_QSTR(MP_QSTR_object), MP_ROM_PTR(&mp_type_object)},
    {MP_ROM_QSTR(MP_QSTR_property), MP_ROM_PTR(&mp_type_property)},
    {MP_ROM_QSTR(MP_QSTR_range), MP_ROM_PTR(&mp_type_range)},
    {MP_ROM_QSTR(MP_QSTR_reversed), MP_ROM_PTR(&mp_type_reversed)},
    {MP_ROM_QSTR(MP_QSTR_set), MP_ROM_PTR(&mp_type_set)},
    {MP_ROM_QSTR(MP_QSTR_slice), MP_ROM_PTR(&mp_type_slice)},
    {MP_ROM_QSTR(MP_QSTR_staticmethod), MP_ROM_PTR(&mp_type_staticmethod)},
    {MP_ROM_QSTR(MP_QSTR_str), MP_ROM_PTR(&mp_type_str)},
    {MP_ROM_QSTR(MP_QSTR_super), MP_ROM_PTR(&mp_type_super)},
    {MP_ROM_QSTR(MP_QSTR_tuple), MP_ROM_PTR(&mp_type_tuple)},
    {MP_ROM_QSTR(MP_QSTR_type), MP_ROM_PTR(&mp_type_type)},
    {MP_ROM_QSTR(MP_QSTR_vars), MP_ROM_PTR(&builtin_vars_obj)},
    {MP_ROM_QSTR(MP_QSTR_zip), MP_ROM_PTR(&mp_type_zip)},

    /* functions */
    {MP_ROM_QSTR(MP_QSTR_abs), MP_ROM_PTR(&builtin_abs_obj)},
    {MP_ROM_QSTR(MP_QSTR_all), MP_ROM_PTR(&builtin_all_obj)},
    {MP_ROM_QSTR(MP_QSTR_any), MP_ROM_PTR(&builtin_any_obj)},
    {MP_ROM_QSTR(MP_QSTR_bin), MP_ROM_PTR(&builtin_bin_obj)},
    {MP_ROM_QSTR(MP_QSTR_callable), MP_ROM_PTR(&builtin_callable_obj)},
    {MP_ROM_QSTR(MP_QSTR_chr), MP_ROM_PTR(&builtin_chr_obj)},
    {MP_ROM_QSTR(MP_QSTR_compile), MP_ROM_PTR(&builtin_compile_obj)},
    {MP_ROM_QSTR(MP_QSTR_delattr), MP_ROM_PTR(&builtin_delattr_obj)},
    {MP_ROM_QSTR(MP_QSTR_dir), MP_ROM_PTR(&builtin_dir_obj)},
    {MP_ROM_QSTR(MP_QSTR_divmod), MP_ROM_PTR(&builtin_divmod_obj)},
    {MP_ROM_QSTR(MP_QSTR_eval), MP_ROM_PTR(&builtin_eval_obj)},
    {MP_ROM_QSTR(MP_QSTR_exec), MP_ROM_PTR(&builtin_exec_obj)},
    {MP_ROM_QSTR(MP_QSTR_format), MP_ROM_PTR(&builtin_format_obj)},
    {MP_ROM_QSTR(MP_QSTR_getattr), MP_ROM_PTR(&builtin_getattr_obj)},
    {MP_ROM_QSTR(MP_QSTR_globals), MP_ROM_PTR(&builtin_globals_obj)},
    {MP_ROM_QSTR(MP_QSTR_hasattr), MP_ROM_PTR(&builtin_hasattr_obj)},
    {MP_ROM_QSTR(MP_QSTR_hash), MP_ROM_PTR(&builtin_hash_obj)},
    {MP_ROM_QSTR(MP_QSTR_help), MP_ROM_PTR(&builtin_help_obj)},
    {MP_ROM_QSTR(MP_QSTR_hex), MP_ROM_PTR(&builtin_hex_obj)},
    {MP_ROM_QSTR(MP_QSTR_id), MP_ROM_PTR(&builtin_id_obj)},
    {MP_ROM_QSTR(MP_QSTR_input), MP_ROM_PTR(&builtin_input_obj)},
    {MP_ROM_QSTR(MP_QSTR_isinstance), MP_ROM_PTR(&builtin_isinstance_obj)},
    {MP_ROM_QSTR(MP_QSTR_issubclass), MP_ROM_PTR(&builtin_issubclass_obj)},
    {MP_ROM_QSTR(MP_QSTR_iter), MP_ROM_PTR(&builtin_iter_obj)},
    {MP_ROM_QSTR(MP_QSTR_len), MP_ROM_PTR(&builtin_len_obj)},
    {MP_ROM_QSTR(MP_QSTR_locals), MP_ROM_PTR(&builtin_locals_obj)},
    {MP_ROM_QSTR(MP_QSTR_max), MP_ROM_PTR(&builtin_max_obj)},
    {MP_ROM_QSTR(MP_QSTR_min), MP_ROM_PTR(&builtin_min_obj)},
    {MP_ROM_QSTR(MP_QSTR_next), MP_ROM_PTR(&builtin_next_obj)},
    {MP_ROM_QSTR(MP_QSTR_oct), MP_ROM_PTR(&builtin_oct_obj)},
    {MP_ROM_QSTR(MP_QSTR_open), MP_ROM_PTR(&mp_builtin_open_obj)},
    {MP_ROM_QSTR(MP_QSTR_ord), MP_ROM_PTR(&builtin_ord_obj)},
    {MP_ROM_QSTR(MP_QSTR_pow), MP_ROM_PTR(&builtin_pow_obj)},
    {MP_ROM_QSTR(MP_QSTR_print), MP_ROM_PTR(&builtin_print_obj)},
    {MP_ROM_QSTR(MP_QSTR_repr), MP_ROM_PTR(&builtin_repr_obj)},
    {MP_ROM_QSTR(MP_QSTR_round), MP_ROM_PTR(&builtin_round_obj)},
    {MP_ROM_QSTR(MP_QSTR_setattr), MP_ROM_PTR(&builtin_setattr_obj)},
    {MP_ROM_QSTR(MP_QSTR_sorted), MP_ROM_PTR(&builtin_sorted_obj)},
    {MP_ROM_QSTR(MP_QSTR_sum), MP_ROM_PTR(&builtin_sum_obj)},

    /* constants */
    {MP_ROM_QSTR(MP_QSTR_Ellipsis), MP_ROM_PTR(&mp_const_ellipsis_obj)},
    {MP_ROM_QSTR(MP_QSTR_NotImplemented), MP_ROM_PTR(&mp_const_notimplemented_obj)},

    /* exceptions */
    {MP_ROM_QSTR(MP_QSTR_ArithmeticError), MP_ROM_PTR(&mp_type_ArithmeticError)},
    {MP_ROM_QSTR(MP_QSTR_AssertionError), MP_ROM_PTR(&mp_type_AssertionError)},
    {MP_ROM_QSTR(MP_QSTR_AttributeError), MP_ROM_PTR(&mp_type_AttributeError)},
    {MP_ROM_QSTR(MP_QSTR_BaseException), MP_ROM_PTR(&mp_type_BaseException)},
    {MP_ROM_QSTR(MP_QSTR_EOFError), MP_ROM_PTR(&mp_type_EOFError)},
    {MP_ROM_QSTR(MP_QSTR_Exception), MP_ROM_PTR(&mp_type_Exception)},
    {MP_ROM_QSTR(MP_QSTR_GeneratorExit), MP_ROM_PTR(&mp_type_GeneratorExit)},
    {MP_ROM_QSTR(MP_QSTR_ImportError), MP_ROM_PTR(&mp_type_ImportError)},
    {MP_ROM_QSTR(MP_QSTR_IndentationError), MP_ROM_PTR(&mp_type_IndentationError)},
    {MP_ROM_QSTR(MP_QSTR_IndexError), MP_ROM_PTR(&mp_type_IndexError)},
    {MP_ROM_QSTR(MP_QSTR_KeyboardInterrupt), MP_ROM_PTR(&mp_type_KeyboardInterrupt)},
    {MP_ROM_QSTR(MP_QSTR_KeyError), MP_ROM_PTR(&mp_type_KeyError)},
    {MP_ROM_QSTR(MP_QSTR_LookupError), MP_ROM_PTR(&mp_type_LookupError)},
    {MP_ROM_QSTR(MP_QSTR_MemoryError), MP_ROM_PTR(&mp_type_MemoryError)},
    {MP_ROM_QSTR(MP_QSTR_NameError), MP_ROM_PTR(&mp_type_NameError)},
    {MP_ROM_QSTR(MP_QSTR_NotImplementedError), MP_ROM_PTR(&mp_type_NotImplementedError)},
    {MP_ROM_QSTR(MP_QSTR_OSError), MP_ROM_PTR(&mp_type_OSError)},
    {MP_ROM_QSTR(MP_QSTR_OverflowError), MP_ROM_PTR(&mp_type_OverflowError)},
    {MP_ROM_QSTR(MP_QSTR_RuntimeError), MP_ROM_PTR(&mp_type_RuntimeError)},
    {MP_ROM_QSTR(MP_QSTR_StopAsyncIteration), MP_ROM_PTR(&mp_type_StopAsyncIteration)},
    {MP_ROM_QSTR(MP_QSTR_StopIteration), MP_ROM_PTR(&mp_type_StopIteration)},
    {MP_ROM_QSTR(MP_QSTR_SyntaxError), MP_ROM_PTR(&mp_type_SyntaxError)},
    {MP_ROM_QSTR(MP_QSTR_SystemExit), MP_ROM_PTR(&mp_type_SystemExit)},
    {MP_ROM_QSTR(MP_QSTR_TypeError), MP_ROM_PTR(&mp_type_TypeError)},
    {MP_ROM_QSTR(MP_QSTR_UnicodeError), MP_ROM_PTR(&mp_type_UnicodeError)},
    {MP_ROM_QSTR(MP_QSTR_ValueError), MP_ROM_PTR(&mp_type_ValueError)},
    {MP_ROM_QSTR(MP_QSTR_ZeroDivisionError), MP_ROM_PTR(&mp_type_ZeroDivisionError)},
};
static MP_DEFINE_CONST_DICT(builtins_globals, builtins_table);

const mp_obj_module_t mp_module_builtins = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&builtins_globals,
};

#define N_BUILTINS (sizeof(builtins_table) / sizeof(builtins_table[0]))

/* Name lookup is on the hot path of every global-name miss (len, range...),
 * so it goes through an index by qstr number, built on first use, instead of
 * a linear search of the table. Every builtin name is a compile-time qstr,
 * so qstrs numbered beyond MP_QSTRnumber_of are never builtins. */
static uint8_t builtin_index[MP_QSTRnumber_of]; /* table position + 1; 0 = none */
static bool builtin_index_ready;

static void builtin_index_build(void) {
    for (size_t i = 0; i < N_BUILTINS; i++) {
        qstr q = MP_OBJ_QSTR_VALUE(builtins_table[i].key);
        builtin_index[q] = (uint8_t)(i + 1);
    }
    builtin_index_ready = true;
}

/* Names stored into the builtins module (builtins.foo = ...): they take
 * precedence over the table, as with MicroPython's overridable builtins.
 * NULL until the first store, so the lookup costs one test. */
static mp_obj_dict_t *builtins_override;

mp_obj_dict_t *mp_builtins_override_dict(bool create) {
    if (builtins_override == NULL && create) {
        builtins_override = MP_OBJ_TO_PTR(mp_obj_new_dict(0));
        gc_root_add((void **)&builtins_override);
    }
    return builtins_override;
}

mp_obj_t mp_builtin_lookup(qstr name) {
    if (builtins_override != NULL) {
        mp_map_elem_t *elem = mp_map_lookup(&builtins_override->map, MP_OBJ_NEW_QSTR(name),
            MP_MAP_LOOKUP);
        if (elem != NULL) {
            return elem->value;
        }
    }
    if (!builtin_index_ready) {
        builtin_index_build();
    }
    if (name >= MP_QSTRnumber_of || builtin_index[name] == 0) {
        return MP_OBJ_NULL;
    }
    return (mp_obj_t)builtins_table[builtin_index[name] - 1].value;
}

/* the index stores positions in a byte */
_Static_assert(N_BUILTINS < 255, "builtins table too big for its index");
