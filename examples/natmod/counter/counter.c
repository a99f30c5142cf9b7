/*
 * Example natmod `counter`: state in BSS and objects built at run time.
 *
 *   Counter(start=0, limit=100, callback=None)   a class made in BSS with
 *       make_new, print, binary_op (+ int) and a locals_dict of methods
 *       incr([n]), value(), reset(); incr calls the callback, a Python
 *       function, with the new value, and raises CounterError (an Exception
 *       subclass made by mp_obj_exception_init) past the limit
 *   history()      a viper-ABI function (MP_DYNRUNTIME_MAKE_FUNCTION) that
 *                  reads the module global LIMIT through its context and
 *                  returns a copy of every value seen, a list kept in a BSS
 *                  global (a heap object only the BSS refers to: GC rule 3
 *                  of native.md 13)
 *   prime(i), name(i)   data from table.c (second object file)
 *   safe_call(f, x)     calls f(x) under nlr_push: (True, result) or
 *                       (False, exception)
 *
 * BSS variables are global (not static): the linker refuses PC-relative
 * references to BSS (natmod.md 2.5), so they must go through the GOT.
 */
#include "py/dynruntime.h"

/* from table.c */
mp_int_t counter_prime(size_t i);
const char *counter_number_name(mp_int_t i, size_t *len);

typedef struct _counter_obj_t {
    mp_obj_base_t base;
    mp_int_t value;
    mp_int_t limit;
    mp_obj_t callback;
} counter_obj_t;

/* BSS: filled by mpy_init */
mp_obj_full_type_t counter_type;
mp_obj_full_type_t counter_error_type;
mp_rom_map_elem_t counter_locals_table[3];
mp_obj_t counter_history_list;
mp_int_t counter_n_made;

static MP_DEFINE_CONST_DICT(counter_locals_dict, counter_locals_table);

static void record(mp_int_t v) {
    mp_obj_list_append(counter_history_list, mp_obj_new_int(v));
}

static mp_obj_t counter_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    enum { ARG_start, ARG_limit, ARG_callback };
    /* module qstrs are read from the qstr table: not constants, so the
     * descriptors are built on the stack */
    const mp_arg_t allowed[] = {
        {MP_QSTR_start, MP_ARG_INT, {.u_int = 0}},
        {MP_QSTR_limit, MP_ARG_INT, {.u_int = 100}},
        {MP_QSTR_callback, MP_ARG_OBJ | MP_ARG_KW_ONLY, {.u_rom_obj = MP_ROM_NONE}},
    };
    mp_arg_val_t vals[3];
    mp_arg_parse_all_kw_array(n_args, n_kw, args, 3, allowed, vals);
    counter_obj_t *self = mp_obj_malloc(counter_obj_t, type);
    self->value = vals[ARG_start].u_int;
    self->limit = vals[ARG_limit].u_int;
    self->callback = vals[ARG_callback].u_obj;
    counter_n_made++;
    record(self->value);
    return MP_OBJ_FROM_PTR(self);
}

static void counter_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    counter_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "Counter(%d/%d)", (int)self->value, (int)self->limit);
}

static mp_obj_t counter_set(counter_obj_t *self, mp_int_t v) {
    if (v > self->limit) {
        nlr_raise(mp_obj_new_exception_arg1((const mp_obj_type_t *)&counter_error_type,
            mp_obj_new_int(v)));
    }
    self->value = v;
    record(v);
    if (self->callback != mp_const_none) {
        mp_call_function_1(self->callback, mp_obj_new_int(v));
    }
    return mp_obj_new_int(v);
}

/* Counter + n -> a new Counter; anything else unsupported */
static mp_obj_t counter_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    if (op != MP_BINARY_OP_ADD || !mp_obj_is_small_int(rhs)) {
        return MP_OBJ_NULL;
    }
    counter_obj_t *self = MP_OBJ_TO_PTR(lhs);
    mp_obj_t args[2] = {mp_obj_new_int(self->value + MP_OBJ_SMALL_INT_VALUE(rhs)),
                        mp_obj_new_int(self->limit)};
    return counter_make_new((const mp_obj_type_t *)&counter_type, 2, 0, args);
}

static mp_obj_t counter_incr(size_t n_args, const mp_obj_t *args) {
    counter_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    mp_int_t step = n_args > 1 ? mp_obj_get_int(args[1]) : 1;
    return counter_set(self, self->value + step);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(counter_incr_obj, 1, 2, counter_incr);

static mp_obj_t counter_value(mp_obj_t self_in) {
    counter_obj_t *self = MP_OBJ_TO_PTR(self_in);
    return mp_obj_new_int(self->value);
}
static MP_DEFINE_CONST_FUN_OBJ_1(counter_value_obj, counter_value);

static mp_obj_t counter_reset(mp_obj_t self_in) {
    counter_obj_t *self = MP_OBJ_TO_PTR(self_in);
    self->value = 0;
    record(0);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(counter_reset_obj, counter_reset);

/* history(): viper ABI; reads the module global LIMIT via self->context */
static mp_obj_t history(mp_obj_fun_bc_t *self, size_t n_args, size_t n_kw, mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 0, false);
    mp_obj_dict_t *old = mp_fun_table.swap_globals(self->context->module.globals);
    mp_obj_t limit = mp_load_global(MP_QSTR_LIMIT);
    mp_fun_table.swap_globals(old);
    size_t n;
    mp_obj_t *items;
    mp_obj_get_array(counter_history_list, &n, &items);
    mp_obj_t copy = mp_obj_new_list(0, NULL);
    for (size_t i = 0; i < n; i++) {
        if (mp_obj_is_true(mp_binary_op(MP_BINARY_OP_LESS_EQUAL, items[i], limit))) {
            mp_obj_list_append(copy, items[i]);
        }
    }
    return copy;
}

static mp_obj_t prime(mp_obj_t i_in) {
    mp_int_t p = counter_prime((size_t)mp_obj_get_int(i_in));
    if (p < 0) {
        mp_raise_msg(&mp_type_IndexError, MP_ERROR_TEXT("no such prime"));
    }
    return mp_obj_new_int(p);
}
static MP_DEFINE_CONST_FUN_OBJ_1(prime_obj, prime);

static mp_obj_t name(mp_obj_t i_in) {
    size_t len;
    const char *s = counter_number_name(mp_obj_get_int(i_in), &len);
    if (s == NULL) {
        return mp_const_none;
    }
    return mp_obj_new_str(s, len);
}
static MP_DEFINE_CONST_FUN_OBJ_1(name_obj, name);

static mp_obj_t made(void) {
    return mp_obj_new_int(counter_n_made);
}
static MP_DEFINE_CONST_FUN_OBJ_0(made_obj, made);

/* safe_call(f, x): exceptions caught in C with nlr_push/nlr_pop */
static mp_obj_t safe_call(mp_obj_t f, mp_obj_t x) {
    nlr_buf_t nlr;
    mp_obj_t items[2];
    if (nlr_push(&nlr) == 0) {
        items[1] = mp_call_function_1(f, x);
        nlr_pop();
        items[0] = mp_const_true;
    } else {
        items[0] = mp_const_false;
        items[1] = MP_OBJ_FROM_PTR(nlr.ret_val);
    }
    return mp_obj_new_tuple(2, items);
}
static MP_DEFINE_CONST_FUN_OBJ_2(safe_call_obj, safe_call);

mp_obj_t mpy_init(mp_obj_fun_bc_t *self, size_t n_args, size_t n_kw, mp_obj_t *args) {
    MP_DYNRUNTIME_INIT_ENTRY

    counter_history_list = mp_obj_new_list(0, NULL);
    counter_n_made = 0;

    mp_obj_exception_init(&counter_error_type, MP_QSTR_CounterError, &mp_type_Exception);
    mp_store_global(MP_QSTR_CounterError, MP_OBJ_FROM_PTR(&counter_error_type));

    counter_locals_table[0] = (mp_rom_map_elem_t){MP_OBJ_NEW_QSTR(MP_QSTR_incr),
                                                   MP_OBJ_FROM_PTR(&counter_incr_obj)};
    counter_locals_table[1] = (mp_rom_map_elem_t){MP_OBJ_NEW_QSTR(MP_QSTR_value),
                                                   MP_OBJ_FROM_PTR(&counter_value_obj)};
    counter_locals_table[2] = (mp_rom_map_elem_t){MP_OBJ_NEW_QSTR(MP_QSTR_reset),
                                                   MP_OBJ_FROM_PTR(&counter_reset_obj)};
    counter_type.base.type = &mp_type_type;
    counter_type.flags = MP_TYPE_FLAG_NONE;
    counter_type.name = MP_QSTR_Counter;
    MP_OBJ_TYPE_SET_SLOT(&counter_type, make_new, counter_make_new, 0);
    MP_OBJ_TYPE_SET_SLOT(&counter_type, print, counter_print, 1);
    MP_OBJ_TYPE_SET_SLOT(&counter_type, binary_op, counter_binary_op, 2);
    MP_OBJ_TYPE_SET_SLOT(&counter_type, locals_dict, &counter_locals_dict, 3);
    mp_store_global(MP_QSTR_Counter, MP_OBJ_FROM_PTR(&counter_type));

    mp_store_global(MP_QSTR_history, MP_DYNRUNTIME_MAKE_FUNCTION(history));
    mp_store_global(MP_QSTR_prime, MP_OBJ_FROM_PTR(&prime_obj));
    mp_store_global(MP_QSTR_name, MP_OBJ_FROM_PTR(&name_obj));
    mp_store_global(MP_QSTR_made, MP_OBJ_FROM_PTR(&made_obj));
    mp_store_global(MP_QSTR_safe_call, MP_OBJ_FROM_PTR(&safe_call_obj));
    mp_store_global(MP_QSTR_LIMIT, MP_OBJ_NEW_SMALL_INT(1000));

    MP_DYNRUNTIME_INIT_EXIT
}
