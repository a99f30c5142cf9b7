/*
 * dict and its keys/values/items views. Storage is an mp_map_t from
 * core/map.c; iteration and printing walk the table in slot order, which is
 * what MicroPython programs observe (not insertion order).
 */
#include <string.h>

#include "types/containers.h"

static mp_obj_dict_t *get_dict(mp_obj_t self) {
    if (mp_obj_is_obj(self) && !mp_obj_is_type(self, &mp_type_dict) &&
        (((mp_obj_base_t *)MP_OBJ_TO_PTR(self))->type->flags & MP_TYPE_FLAG_INSTANCE_TYPE)) {
        /* a Python subclass of dict (OrderedDict-like): use the native part */
        self = ((mp_obj_instance_t *)MP_OBJ_TO_PTR(self))->subobj[0];
    }
    return (mp_obj_dict_t *)MP_OBJ_TO_PTR(self);
}

mp_obj_t mp_obj_new_dict(size_t n_args) {
    mp_obj_dict_t *o = m_new_obj(mp_obj_dict_t);
    o->base.type = &mp_type_dict;
    mp_map_init(&o->map, n_args);
    return MP_OBJ_FROM_PTR(o);
}

mp_map_t *mp_obj_dict_get_map(mp_obj_t self_in) {
    return &get_dict(self_in)->map;
}

size_t mp_obj_dict_len(mp_obj_t self_in) {
    return get_dict(self_in)->map.used;
}

static _Noreturn void raise_key_error(mp_obj_t key) {
    mp_raise(mp_obj_new_exception_arg1(&mp_type_KeyError, key));
}

static void check_mutable(mp_obj_dict_t *d) {
    if (d->map.is_fixed) {
        mp_raise_TypeError("'dict' object is read-only");
    }
}

mp_obj_t mp_obj_dict_store(mp_obj_t self_in, mp_obj_t key, mp_obj_t value) {
    mp_obj_dict_t *d = get_dict(self_in);
    check_mutable(d);
    mp_map_elem_t *e = mp_map_lookup(&d->map, key, MP_MAP_LOOKUP_ADD_IF_NOT_FOUND);
    e->value = value;
    return self_in;
}

mp_obj_t mp_obj_dict_get(mp_obj_t self_in, mp_obj_t key) {
    mp_map_elem_t *e = mp_map_lookup(&get_dict(self_in)->map, key, MP_MAP_LOOKUP);
    if (e == NULL) {
        raise_key_error(key);
    }
    return e->value;
}

mp_obj_t mp_obj_dict_delete(mp_obj_t self_in, mp_obj_t key) {
    mp_obj_dict_t *d = get_dict(self_in);
    check_mutable(d);
    if (mp_map_lookup(&d->map, key, MP_MAP_LOOKUP_REMOVE_IF_FOUND) == NULL) {
        raise_key_error(key);
    }
    return self_in;
}

/* next filled slot at or after *cur, or NULL */
static mp_map_elem_t *dict_next(mp_map_t *map, size_t *cur) {
    for (size_t i = *cur; i < map->alloc; i++) {
        if (mp_map_slot_is_filled(map, i)) {
            *cur = i + 1;
            return &map->table[i];
        }
    }
    *cur = map->alloc;
    return NULL;
}

/* a copy of the map that keeps the same slot layout (so iteration order) */
static mp_obj_t dict_copy_of(mp_obj_dict_t *src) {
    mp_obj_dict_t *o = m_new_obj(mp_obj_dict_t);
    o->base.type = &mp_type_dict;
    o->map.all_keys_are_qstrs = src->map.all_keys_are_qstrs;
    o->map.is_fixed = 0;
    o->map.is_ordered = src->map.is_ordered;
    o->map.used = src->map.used;
    o->map.alloc = src->map.alloc;
    o->map.table = src->map.alloc ? m_new(mp_map_elem_t, src->map.alloc) : NULL;
    if (src->map.alloc) {
        memcpy(o->map.table, src->map.table, src->map.alloc * sizeof(mp_map_elem_t));
    }
    return MP_OBJ_FROM_PTR(o);
}

/* d.update(arg): a dict, anything with keys(), or an iterable of pairs */
static void dict_update_from(mp_obj_t self, mp_obj_t arg) {
    if (mp_obj_is_type(arg, &mp_type_dict)) {
        mp_map_t *m = &get_dict(arg)->map;
        size_t cur = 0;
        mp_map_elem_t *e;
        while ((e = dict_next(m, &cur)) != NULL) {
            mp_obj_dict_store(self, e->key, e->value);
        }
        return;
    }
    mp_obj_t dest[2];
    mp_load_method_maybe(arg, MP_QSTR_keys, dest);
    if (dest[0] != MP_OBJ_NULL) {
        mp_obj_t keys = mp_call_method_n_kw(0, 0, dest);
        mp_obj_iter_buf_t buf;
        mp_obj_t iter = mp_getiter(keys, &buf);
        mp_obj_t k;
        while ((k = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
            mp_obj_dict_store(self, k, mp_obj_subscr(arg, k, MP_OBJ_SENTINEL));
        }
        return;
    }
    mp_obj_iter_buf_t buf;
    mp_obj_t iter = mp_getiter(arg, &buf);
    mp_obj_t item;
    size_t idx = 0;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        mp_obj_t pair[2];
        size_t n = 0;
        mp_obj_t *items;
        if (mp_obj_is_type(item, &mp_type_tuple) || mp_obj_is_type(item, &mp_type_list)) {
            mp_obj_get_array(item, &n, &items);
            if (n == 2) {
                pair[0] = items[0];
                pair[1] = items[1];
            }
        } else {
            mp_obj_t it2 = mp_getiter(item, NULL);
            mp_obj_t x;
            while ((x = mp_iternext(it2)) != MP_OBJ_STOP_ITERATION) {
                if (n < 2) {
                    pair[n] = x;
                }
                n++;
            }
        }
        if (n != 2) {
            mp_raise_msg_varg(&mp_type_ValueError,
                "dictionary update sequence element #%d has length %d; 2 is required",
                (int)idx, (int)n);
        }
        mp_obj_dict_store(self, pair[0], pair[1]);
        idx++;
    }
}

static void dict_update_kw(mp_obj_t self, size_t n_kw, const mp_obj_t *kw_args) {
    for (size_t i = 0; i < n_kw; i++) {
        mp_obj_dict_store(self, kw_args[2 * i], kw_args[2 * i + 1]);
    }
}

static mp_obj_t dict_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 1, true);
    /* items are stored one by one (even from a dict): this decides the
     * slot layout, hence the iteration order, as in MicroPython */
    mp_obj_t d = mp_obj_new_dict(0);
    if (n_args == 1) {
        dict_update_from(d, args[0]);
    }
    dict_update_kw(d, n_kw, args + n_args);
    if (type != &mp_type_dict) {
        ((mp_obj_base_t *)MP_OBJ_TO_PTR(d))->type = type;
    }
    return d;
}

static void dict_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_obj_dict_t *self = get_dict(self_in);
    if (kind != PRINT_JSON) {
        kind = PRINT_REPR;
    }
    mp_print_str(print, "{");
    size_t cur = 0;
    bool first = true;
    mp_map_elem_t *e;
    while ((e = dict_next(&self->map, &cur)) != NULL) {
        if (!first) {
            mp_print_str(print, ", ");
        }
        first = false;
        mp_obj_print_helper(print, e->key, kind);
        mp_print_str(print, ": ");
        mp_obj_print_helper(print, e->value, kind);
    }
    mp_print_str(print, "}");
}

static mp_obj_t dict_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    mp_obj_dict_t *self = get_dict(self_in);
    switch (op) {
        case MP_UNARY_OP_BOOL:
            return mp_obj_new_bool(self->map.used != 0);
        case MP_UNARY_OP_LEN:
            return MP_OBJ_NEW_SMALL_INT(self->map.used);
        default:
            return MP_OBJ_NULL;
    }
}

static bool dict_equal(mp_obj_dict_t *a, mp_obj_dict_t *b) {
    if (a == b) {
        return true;
    }
    if (a->map.used != b->map.used) {
        return false;
    }
    size_t cur = 0;
    mp_map_elem_t *e;
    while ((e = dict_next(&a->map, &cur)) != NULL) {
        mp_map_elem_t *o = mp_map_lookup(&b->map, e->key, MP_MAP_LOOKUP);
        if (o == NULL || !mp_obj_equal(e->value, o->value)) {
            return false;
        }
    }
    return true;
}

static bool is_dict_like(mp_obj_t o) {
    if (mp_obj_is_type(o, &mp_type_dict)) {
        return true;
    }
    if (!mp_obj_is_obj(o)) {
        return false;
    }
    const mp_obj_type_t *t = ((mp_obj_base_t *)MP_OBJ_TO_PTR(o))->type;
    return mp_type_binary_op(t) == mp_type_binary_op(&mp_type_dict) &&
        !(t->flags & MP_TYPE_FLAG_INSTANCE_TYPE);
}

static mp_obj_t dict_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    mp_obj_dict_t *self = get_dict(lhs);
    switch (op) {
        case MP_BINARY_OP_CONTAINS:
            return mp_obj_new_bool(mp_map_lookup(&self->map, rhs, MP_MAP_LOOKUP) != NULL);
        case MP_BINARY_OP_EQUAL:
        case MP_BINARY_OP_NOT_EQUAL:
            if (!is_dict_like(rhs)) {
                return MP_OBJ_NULL;
            }
            return mp_obj_new_bool(dict_equal(self, get_dict(rhs)) == (op == MP_BINARY_OP_EQUAL));
        case MP_BINARY_OP_OR:
        case MP_BINARY_OP_INPLACE_OR: {
            /* `d |= x` accepts whatever update() does; `d | x` only dicts */
            if (op == MP_BINARY_OP_OR && !is_dict_like(rhs)) {
                return MP_OBJ_NULL;
            }
            mp_obj_t r = op == MP_BINARY_OP_OR ? dict_copy_of(self) : lhs;
            dict_update_from(r, rhs);
            return r;
        }
        default:
            return MP_OBJ_NULL;
    }
}

static mp_obj_t dict_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    if (value == MP_OBJ_SENTINEL) {
        mp_obj_dict_t *self = get_dict(self_in);
        mp_map_elem_t *e = mp_map_lookup(&self->map, index, MP_MAP_LOOKUP);
        if (e == NULL) {
            raise_key_error(index);
        }
        return e->value;
    }
    if (value == MP_OBJ_NULL) {
        mp_obj_dict_delete(self_in, index);
    } else {
        mp_obj_dict_store(self_in, index, value);
    }
    return mp_const_none;
}

/* ---- iteration and views ----------------------------------------------- */

typedef enum { VIEW_KEYS, VIEW_VALUES, VIEW_ITEMS } view_kind_t;

typedef struct _dict_it_t {
    mp_obj_base_t base;
    mp_obj_dict_t *dict;
    size_t cur;
    size_t kind;
} dict_it_t;

static mp_obj_t dict_it_iternext(mp_obj_t self_in) {
    dict_it_t *it = (dict_it_t *)MP_OBJ_TO_PTR(self_in);
    mp_map_elem_t *e = dict_next(&it->dict->map, &it->cur);
    if (e == NULL) {
        return MP_OBJ_STOP_ITERATION;
    }
    switch (it->kind) {
        case VIEW_KEYS:
            return e->key;
        case VIEW_VALUES:
            return e->value;
        default: {
            mp_obj_t pair[2] = {e->key, e->value};
            return mp_obj_new_tuple(2, pair);
        }
    }
}

static const mp_obj_type_t dict_it_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_iterator,
    MP_TYPE_SLOT(iter, dict_it_iternext),
};

static mp_obj_t dict_new_iter(mp_obj_dict_t *d, view_kind_t kind, mp_obj_iter_buf_t *iter_buf) {
    dict_it_t *it = iter_buf ? (dict_it_t *)iter_buf : m_new_obj(dict_it_t);
    it->base.type = &dict_it_type;
    it->dict = d;
    it->cur = 0;
    it->kind = kind;
    return MP_OBJ_FROM_PTR(it);
}

static mp_obj_t dict_getiter(mp_obj_t self, mp_obj_iter_buf_t *iter_buf) {
    return dict_new_iter(get_dict(self), VIEW_KEYS, iter_buf);
}

typedef struct _dict_view_t {
    mp_obj_base_t base;
    mp_obj_dict_t *dict;
    view_kind_t kind;
} dict_view_t;

static mp_obj_t dict_view_getiter(mp_obj_t self_in, mp_obj_iter_buf_t *iter_buf) {
    dict_view_t *v = (dict_view_t *)MP_OBJ_TO_PTR(self_in);
    return dict_new_iter(v->dict, v->kind, iter_buf);
}

static void dict_view_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    dict_view_t *v = (dict_view_t *)MP_OBJ_TO_PTR(self_in);
    static const char *const names[] = {"dict_keys", "dict_values", "dict_items"};
    mp_print_str(print, names[v->kind]);
    mp_print_str(print, "([");
    mp_obj_iter_buf_t buf;
    mp_obj_t iter = dict_view_getiter(self_in, &buf);
    mp_obj_t x;
    bool first = true;
    while ((x = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        if (!first) {
            mp_print_str(print, ", ");
        }
        first = false;
        mp_obj_print_helper(print, x, PRINT_REPR);
    }
    mp_print_str(print, "])");
}

static mp_obj_t dict_view_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    dict_view_t *v = (dict_view_t *)MP_OBJ_TO_PTR(self_in);
    switch (op) {
        case MP_UNARY_OP_BOOL:
            return mp_obj_new_bool(v->dict->map.used != 0);
        case MP_UNARY_OP_LEN:
            return MP_OBJ_NEW_SMALL_INT(v->dict->map.used);
        default:
            return MP_OBJ_NULL;
    }
}

static bool is_set_like(mp_obj_t o) {
    if (mp_obj_is_type(o, &mp_type_set) || mp_obj_is_type(o, &mp_type_frozenset)) {
        return true;
    }
    return mp_obj_is_type(o, &mp_type_dict_view) &&
        ((dict_view_t *)MP_OBJ_TO_PTR(o))->kind != VIEW_VALUES;
}

static mp_obj_t to_set(mp_obj_t o) {
    return mp_call_function_1(MP_OBJ_FROM_PTR(&mp_type_set), o);
}

/* keys and items views behave as sets: & | - ^ with any iterable give a
 * set, and comparisons with sets (or other such views) are set comparisons */
static mp_obj_t dict_view_set_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    if (op >= MP_BINARY_OP_INPLACE_OR && op <= MP_BINARY_OP_INPLACE_POWER) {
        op = (mp_binary_op_t)(op + (MP_BINARY_OP_OR - MP_BINARY_OP_INPLACE_OR));
    }
    bool reverse = false;
    if (op >= MP_BINARY_OP_REVERSE_OR && op <= MP_BINARY_OP_REVERSE_POWER) {
        op = (mp_binary_op_t)(op - (MP_BINARY_OP_REVERSE_OR - MP_BINARY_OP_OR));
        reverse = true;
    }
    switch (op) {
        case MP_BINARY_OP_AND:
        case MP_BINARY_OP_OR:
        case MP_BINARY_OP_XOR:
        case MP_BINARY_OP_SUBTRACT:
            if (reverse) {
                return mp_binary_op(op, to_set(rhs), to_set(lhs));
            }
            return mp_binary_op(op, to_set(lhs), to_set(rhs));
        case MP_BINARY_OP_EQUAL:
        case MP_BINARY_OP_NOT_EQUAL:
        case MP_BINARY_OP_LESS:
        case MP_BINARY_OP_LESS_EQUAL:
        case MP_BINARY_OP_MORE:
        case MP_BINARY_OP_MORE_EQUAL:
            if (!is_set_like(rhs)) {
                if (op == MP_BINARY_OP_EQUAL || op == MP_BINARY_OP_NOT_EQUAL) {
                    return mp_obj_new_bool(op == MP_BINARY_OP_NOT_EQUAL);
                }
                return MP_OBJ_NULL;
            }
            return mp_binary_op(op, to_set(lhs), to_set(rhs));
        default:
            return MP_OBJ_NULL;
    }
}

static mp_obj_t dict_view_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    dict_view_t *v = (dict_view_t *)MP_OBJ_TO_PTR(lhs);
    if (op != MP_BINARY_OP_CONTAINS) {
        if (v->kind == VIEW_VALUES) {
            return MP_OBJ_NULL;
        }
        return dict_view_set_op(op, lhs, rhs);
    }
    if (v->kind == VIEW_KEYS) {
        return mp_obj_new_bool(mp_map_lookup(&v->dict->map, rhs, MP_MAP_LOOKUP) != NULL);
    }
    if (v->kind == VIEW_ITEMS) {
        if (!mp_obj_is_type(rhs, &mp_type_tuple)) {
            return mp_const_false;
        }
        size_t n;
        mp_obj_t *items;
        mp_obj_tuple_get(rhs, &n, &items);
        if (n != 2) {
            return mp_const_false;
        }
        mp_map_elem_t *e = mp_map_lookup(&v->dict->map, items[0], MP_MAP_LOOKUP);
        return mp_obj_new_bool(e != NULL && mp_obj_equal(e->value, items[1]));
    }
    return MP_OBJ_NULL; /* values: the runtime iterates */
}

static mp_obj_t dict_view_isdisjoint(mp_obj_t self, mp_obj_t other) {
    mp_obj_iter_buf_t buf;
    mp_obj_t iter = mp_getiter(other, &buf);
    mp_obj_t x;
    while ((x = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        if (mp_obj_is_true(mp_binary_op(MP_BINARY_OP_IN, x, self))) {
            return mp_const_false;
        }
    }
    return mp_const_true;
}
static MP_DEFINE_CONST_FUN_OBJ_2(dict_view_isdisjoint_obj, dict_view_isdisjoint);

static const mp_rom_map_elem_t dict_view_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_isdisjoint), MP_ROM_PTR(&dict_view_isdisjoint_obj)},
};
static MP_DEFINE_CONST_DICT(dict_view_locals_dict, dict_view_locals_table);

const mp_obj_type_t mp_type_dict_view = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_GETITER,
    .name = MP_QSTR_dict_view,
    MP_TYPE_SLOT(print, dict_view_print),
    MP_TYPE_SLOT(unary_op, dict_view_unary_op),
    MP_TYPE_SLOT(binary_op, dict_view_binary_op),
    MP_TYPE_SLOT(iter, dict_view_getiter),
    MP_TYPE_SLOT(locals_dict, &dict_view_locals_dict),
};

static mp_obj_t dict_new_view(mp_obj_t self, view_kind_t kind) {
    dict_view_t *v = m_new_obj(dict_view_t);
    v->base.type = &mp_type_dict_view;
    v->dict = get_dict(self);
    v->kind = kind;
    return MP_OBJ_FROM_PTR(v);
}

/* ---- methods -------------------------------------------------------------- */

static mp_obj_t dict_keys(mp_obj_t self) {
    return dict_new_view(self, VIEW_KEYS);
}
static MP_DEFINE_CONST_FUN_OBJ_1(dict_keys_obj, dict_keys);

static mp_obj_t dict_values(mp_obj_t self) {
    return dict_new_view(self, VIEW_VALUES);
}
static MP_DEFINE_CONST_FUN_OBJ_1(dict_values_obj, dict_values);

static mp_obj_t dict_items(mp_obj_t self) {
    return dict_new_view(self, VIEW_ITEMS);
}
static MP_DEFINE_CONST_FUN_OBJ_1(dict_items_obj, dict_items);

static mp_obj_t dict_clear(mp_obj_t self_in) {
    mp_obj_dict_t *self = get_dict(self_in);
    check_mutable(self);
    mp_map_clear(&self->map);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(dict_clear_obj, dict_clear);

static mp_obj_t dict_copy(mp_obj_t self_in) {
    mp_obj_t r = dict_copy_of(get_dict(self_in));
    const mp_obj_type_t *t = mp_obj_get_type(self_in);
    if (!(t->flags & MP_TYPE_FLAG_INSTANCE_TYPE)) {
        ((mp_obj_base_t *)MP_OBJ_TO_PTR(r))->type = t;
    }
    return r;
}
static MP_DEFINE_CONST_FUN_OBJ_1(dict_copy_obj, dict_copy);

static mp_obj_t dict_get(size_t n_args, const mp_obj_t *args) {
    mp_map_elem_t *e = mp_map_lookup(&get_dict(args[0])->map, args[1], MP_MAP_LOOKUP);
    if (e == NULL) {
        return n_args > 2 ? args[2] : mp_const_none;
    }
    return e->value;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(dict_get_obj, 2, 3, dict_get);

static mp_obj_t dict_pop(size_t n_args, const mp_obj_t *args) {
    mp_obj_dict_t *self = get_dict(args[0]);
    check_mutable(self);
    mp_map_elem_t *e = mp_map_lookup(&self->map, args[1], MP_MAP_LOOKUP_REMOVE_IF_FOUND);
    if (e == NULL) {
        if (n_args > 2) {
            return args[2];
        }
        raise_key_error(args[1]);
    }
    return e->value;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(dict_pop_obj, 2, 3, dict_pop);

static mp_obj_t dict_popitem(mp_obj_t self_in) {
    mp_obj_dict_t *self = get_dict(self_in);
    check_mutable(self);
    /* the last item in iteration order */
    for (size_t i = self->map.alloc; i-- > 0;) {
        if (mp_map_slot_is_filled(&self->map, i)) {
            mp_obj_t pair[2] = {self->map.table[i].key, self->map.table[i].value};
            mp_map_lookup(&self->map, pair[0], MP_MAP_LOOKUP_REMOVE_IF_FOUND);
            return mp_obj_new_tuple(2, pair);
        }
    }
    mp_raise_msg(&mp_type_KeyError, "popitem(): dictionary is empty");
}
static MP_DEFINE_CONST_FUN_OBJ_1(dict_popitem_obj, dict_popitem);

static mp_obj_t dict_setdefault(size_t n_args, const mp_obj_t *args) {
    mp_obj_dict_t *self = get_dict(args[0]);
    check_mutable(self);
    mp_map_elem_t *e = mp_map_lookup(&self->map, args[1], MP_MAP_LOOKUP_ADD_IF_NOT_FOUND);
    if (e->value == MP_OBJ_NULL) {
        e->value = n_args > 2 ? args[2] : mp_const_none;
    }
    return e->value;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(dict_setdefault_obj, 2, 3, dict_setdefault);

static mp_obj_t dict_update(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    mp_arg_check_num(n_args, 0, 1, 2, false);
    if (n_args > 1) {
        dict_update_from(args[0], args[1]);
    }
    if (kw != NULL) {
        for (size_t i = 0; i < kw->alloc; i++) {
            if (mp_map_slot_is_filled(kw, i)) {
                mp_obj_dict_store(args[0], kw->table[i].key, kw->table[i].value);
            }
        }
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(dict_update_obj, 1, dict_update);

static mp_obj_t dict_fromkeys(size_t n_args, const mp_obj_t *args) {
    mp_obj_t value = n_args > 2 ? args[2] : mp_const_none;
    mp_obj_t len = mp_obj_len_maybe(args[1]);
    mp_obj_t d = mp_obj_new_dict(len != MP_OBJ_NULL ? (size_t)MP_OBJ_SMALL_INT_VALUE(len) : 0);
    mp_obj_iter_buf_t buf;
    mp_obj_t iter = mp_getiter(args[1], &buf);
    mp_obj_t k;
    while ((k = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        mp_obj_dict_store(d, k, value);
    }
    return d;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(dict_fromkeys_fun_obj, 2, 3, dict_fromkeys);
static const mp_obj_static_class_method_t dict_fromkeys_obj = {
    {&mp_type_classmethod}, MP_OBJ_FROM_PTR(&dict_fromkeys_fun_obj)
};

static const mp_rom_map_elem_t dict_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_clear), MP_ROM_PTR(&dict_clear_obj)},
    {MP_ROM_QSTR(MP_QSTR_copy), MP_ROM_PTR(&dict_copy_obj)},
    {MP_ROM_QSTR(MP_QSTR_fromkeys), MP_ROM_PTR(&dict_fromkeys_obj)},
    {MP_ROM_QSTR(MP_QSTR_get), MP_ROM_PTR(&dict_get_obj)},
    {MP_ROM_QSTR(MP_QSTR_items), MP_ROM_PTR(&dict_items_obj)},
    {MP_ROM_QSTR(MP_QSTR_keys), MP_ROM_PTR(&dict_keys_obj)},
    {MP_ROM_QSTR(MP_QSTR_pop), MP_ROM_PTR(&dict_pop_obj)},
    {MP_ROM_QSTR(MP_QSTR_popitem), MP_ROM_PTR(&dict_popitem_obj)},
    {MP_ROM_QSTR(MP_QSTR_setdefault), MP_ROM_PTR(&dict_setdefault_obj)},
    {MP_ROM_QSTR(MP_QSTR_update), MP_ROM_PTR(&dict_update_obj)},
    {MP_ROM_QSTR(MP_QSTR_values), MP_ROM_PTR(&dict_values_obj)},
};
static MP_DEFINE_CONST_DICT(dict_locals_dict, dict_locals_table);

const mp_obj_type_t mp_type_dict = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_GETITER,
    .name = MP_QSTR_dict,
    MP_TYPE_SLOT(make_new, dict_make_new),
    MP_TYPE_SLOT(print, dict_print),
    MP_TYPE_SLOT(unary_op, dict_unary_op),
    MP_TYPE_SLOT(binary_op, dict_binary_op),
    MP_TYPE_SLOT(subscr, dict_subscr),
    MP_TYPE_SLOT(iter, dict_getiter),
    MP_TYPE_SLOT(locals_dict, &dict_locals_dict),
};
