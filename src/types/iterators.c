/*
 * The iterator types behind the builtins enumerate, zip, map, filter and
 * reversed. The builtins module binds these type objects directly, so
 * calling e.g. enumerate(x) runs make_new here.
 */
#include "types/containers.h"



/* ---- enumerate -------------------------------------------------------- */

typedef struct _enumerate_t {
    mp_obj_base_t base;
    mp_obj_t iter;
    mp_obj_t cur; /* int object: may grow past small ints */
} enumerate_t;

static mp_obj_t enumerate_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_obj_t start = MP_OBJ_NEW_SMALL_INT(0);
    mp_obj_t iterable = MP_OBJ_NULL;
    if (n_args >= 1) {
        iterable = args[0];
    }
    if (n_args >= 2) {
        start = args[1];
    }
    if (n_args > 2) {
        mp_raise_TypeError("enumerate expected at most 2 arguments");
    }
    for (size_t i = 0; i < n_kw; i++) {
        mp_obj_t k = args[n_args + 2 * i];
        mp_obj_t v = args[n_args + 2 * i + 1];
        if (k == MP_OBJ_NEW_QSTR(MP_QSTR_start)) {
            start = v;
        } else if (k == MP_OBJ_NEW_QSTR(MP_QSTR_iterable)) {
            iterable = v;
        } else {
            mp_raise_TypeError("unexpected keyword argument");
        }
    }
    if (iterable == MP_OBJ_NULL) {
        mp_raise_TypeError("enumerate() missing required argument 'iterable'");
    }
    if (mp_obj_is_bool(start)) {
        start = MP_OBJ_NEW_SMALL_INT(start == mp_const_true);
    }
    if (!mp_obj_is_int(start)) {
        mp_raise_TypeError("enumerate() start must be an integer");
    }
    enumerate_t *o = m_new_obj(enumerate_t);
    o->base.type = type;
    o->iter = mp_getiter(iterable, NULL);
    o->cur = start;
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_t enumerate_iternext(mp_obj_t self_in) {
    enumerate_t *self = (enumerate_t *)MP_OBJ_TO_PTR(self_in);
    mp_obj_t item = mp_iternext(self->iter);
    if (item == MP_OBJ_STOP_ITERATION) {
        return MP_OBJ_STOP_ITERATION;
    }
    mp_obj_t pair[2] = {self->cur, item};
    self->cur = mp_binary_op(MP_BINARY_OP_ADD, self->cur, MP_OBJ_NEW_SMALL_INT(1));
    return mp_obj_new_tuple(2, pair);
}

const mp_obj_type_t mp_type_enumerate = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_enumerate,
    MP_TYPE_SLOT(make_new, enumerate_make_new),
    MP_TYPE_SLOT(iter, enumerate_iternext),
};

/* ---- zip ---------------------------------------------------------------- */

typedef struct _zip_t {
    mp_obj_base_t base;
    size_t n;
    mp_obj_t iters[];
} zip_t;

static mp_obj_t zip_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, MP_OBJ_FUN_ARGS_MAX, false);
    zip_t *o = m_new_obj_var(zip_t, iters, mp_obj_t, n_args);
    o->base.type = type;
    o->n = n_args;
    for (size_t i = 0; i < n_args; i++) {
        o->iters[i] = mp_getiter(args[i], NULL);
    }
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_t zip_iternext(mp_obj_t self_in) {
    zip_t *self = (zip_t *)MP_OBJ_TO_PTR(self_in);
    if (self->n == 0) {
        return MP_OBJ_STOP_ITERATION;
    }
    mp_obj_t t = mp_obj_new_tuple(self->n, NULL);
    mp_obj_tuple_t *tup = (mp_obj_tuple_t *)MP_OBJ_TO_PTR(t);
    for (size_t i = 0; i < self->n; i++) {
        mp_obj_t item = mp_iternext(self->iters[i]);
        if (item == MP_OBJ_STOP_ITERATION) {
            return MP_OBJ_STOP_ITERATION;
        }
        tup->items[i] = item;
    }
    return t;
}

const mp_obj_type_t mp_type_zip = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_zip,
    MP_TYPE_SLOT(make_new, zip_make_new),
    MP_TYPE_SLOT(iter, zip_iternext),
};

/* ---- map ---------------------------------------------------------------- */

typedef struct _map_t {
    mp_obj_base_t base;
    size_t n;
    mp_obj_t fun;
    mp_obj_t iters[];
} map_t;

static mp_obj_t map_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 2, MP_OBJ_FUN_ARGS_MAX, false);
    map_t *o = m_new_obj_var(map_t, iters, mp_obj_t, n_args - 1);
    o->base.type = type;
    o->n = n_args - 1;
    o->fun = args[0];
    for (size_t i = 1; i < n_args; i++) {
        o->iters[i - 1] = mp_getiter(args[i], NULL);
    }
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_t map_iternext(mp_obj_t self_in) {
    map_t *self = (map_t *)MP_OBJ_TO_PTR(self_in);
    if (self->n == 1) {
        mp_obj_t item = mp_iternext(self->iters[0]);
        if (item == MP_OBJ_STOP_ITERATION) {
            return MP_OBJ_STOP_ITERATION;
        }
        return mp_call_function_1(self->fun, item);
    }
    mp_obj_t *items = m_new(mp_obj_t, self->n);
    for (size_t i = 0; i < self->n; i++) {
        mp_obj_t item = mp_iternext(self->iters[i]);
        if (item == MP_OBJ_STOP_ITERATION) {
            m_free(items);
            return MP_OBJ_STOP_ITERATION;
        }
        items[i] = item;
    }
    mp_obj_t r = mp_call_function_n_kw(self->fun, self->n, 0, items);
    m_free(items);
    return r;
}

const mp_obj_type_t mp_type_map = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_map,
    MP_TYPE_SLOT(make_new, map_make_new),
    MP_TYPE_SLOT(iter, map_iternext),
};

/* ---- filter ------------------------------------------------------------- */

typedef struct _filter_t {
    mp_obj_base_t base;
    mp_obj_t fun;
    mp_obj_t iter;
} filter_t;

static mp_obj_t filter_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 2, 2, false);
    filter_t *o = m_new_obj(filter_t);
    o->base.type = type;
    o->fun = args[0];
    o->iter = mp_getiter(args[1], NULL);
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_t filter_iternext(mp_obj_t self_in) {
    filter_t *self = (filter_t *)MP_OBJ_TO_PTR(self_in);
    mp_obj_t item;
    while ((item = mp_iternext(self->iter)) != MP_OBJ_STOP_ITERATION) {
        mp_obj_t v = self->fun == mp_const_none ? item : mp_call_function_1(self->fun, item);
        if (mp_obj_is_true(v)) {
            return item;
        }
    }
    return MP_OBJ_STOP_ITERATION;
}

const mp_obj_type_t mp_type_filter = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_filter,
    MP_TYPE_SLOT(make_new, filter_make_new),
    MP_TYPE_SLOT(iter, filter_iternext),
};

/* ---- reversed ------------------------------------------------------------- */

typedef struct _reversed_t {
    mp_obj_base_t base;
    mp_obj_t seq;
    size_t cur; /* items left */
} reversed_t;

static mp_obj_t reversed_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 1, false);
    mp_obj_t seq = args[0];
    if (mp_obj_is_type(seq, &mp_type_range)) {
        return mp_obj_range_reversed(seq);
    }
    mp_obj_t dest[2];
    mp_load_method_maybe(seq, MP_QSTR___reversed__, dest);
    if (dest[0] != MP_OBJ_NULL) {
        return mp_call_method_n_kw(0, 0, dest);
    }
    if (mp_obj_is_str(seq)) {
        /* index by code point through a list of the characters */
        seq = mp_obj_list_from_iterable(seq);
    }
    reversed_t *o = m_new_obj(reversed_t);
    o->base.type = type;
    o->seq = seq;
    o->cur = (size_t)mp_obj_get_int(mp_obj_len(seq));
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_t reversed_iternext(mp_obj_t self_in) {
    reversed_t *self = (reversed_t *)MP_OBJ_TO_PTR(self_in);
    if (self->cur == 0) {
        return MP_OBJ_STOP_ITERATION;
    }
    self->cur--;
    if (mp_obj_is_type(self->seq, &mp_type_list)) {
        size_t n;
        mp_obj_t *items;
        mp_obj_list_get(self->seq, &n, &items);
        if (self->cur >= n) {
            self->cur = 0;
            return MP_OBJ_STOP_ITERATION;
        }
        return items[self->cur];
    }
    return mp_obj_subscr(self->seq, MP_OBJ_NEW_SMALL_INT(self->cur), MP_OBJ_SENTINEL);
}

const mp_obj_type_t mp_type_reversed = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_reversed,
    MP_TYPE_SLOT(make_new, reversed_make_new),
    MP_TYPE_SLOT(iter, reversed_iternext),
};
