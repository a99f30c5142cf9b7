/*
 * set and frozenset, stored in an mp_set_t from core/map.c (open
 * addressing; iteration in slot order, as MicroPython prints sets).
 */
#include <string.h>

#include "types/containers.h"

typedef struct _mp_obj_set_t {
    mp_obj_base_t base;
    mp_set_t set;
} mp_obj_set_t;

static bool is_set_or_frozenset(mp_obj_t o) {
    return mp_obj_is_type(o, &mp_type_set) || mp_obj_is_type(o, &mp_type_frozenset);
}

static mp_obj_set_t *get_set(mp_obj_t self) {
    if (mp_obj_is_obj(self) && !is_set_or_frozenset(self) &&
        (((mp_obj_base_t *)MP_OBJ_TO_PTR(self))->type->flags & MP_TYPE_FLAG_INSTANCE_TYPE)) {
        self = ((mp_obj_instance_t *)MP_OBJ_TO_PTR(self))->subobj[0];
    }
    if (!is_set_or_frozenset(self)) {
        mp_raise_TypeError("expected a set");
    }
    return (mp_obj_set_t *)MP_OBJ_TO_PTR(self);
}

static mp_obj_set_t *set_alloc(const mp_obj_type_t *type, size_t n) {
    mp_obj_set_t *o = m_new_obj(mp_obj_set_t);
    o->base.type = type;
    mp_set_init(&o->set, n);
    return o;
}

static mp_obj_t set_new_from(const mp_obj_type_t *type, size_t n, mp_obj_t *items) {
    mp_obj_set_t *o = set_alloc(type, n);
    for (size_t i = 0; i < n; i++) {
        mp_set_lookup(&o->set, items[i], MP_MAP_LOOKUP_ADD_IF_NOT_FOUND);
    }
    return MP_OBJ_FROM_PTR(o);
}

mp_obj_t mp_obj_new_set(size_t n_args, mp_obj_t *items) {
    return set_new_from(&mp_type_set, n_args, items);
}

mp_obj_t mp_obj_new_frozenset(size_t n_args, mp_obj_t *items) {
    return set_new_from(&mp_type_frozenset, n_args, items);
}

void mp_obj_set_store(mp_obj_t self_in, mp_obj_t item) {
    mp_set_lookup(&get_set(self_in)->set, item, MP_MAP_LOOKUP_ADD_IF_NOT_FOUND);
}

/* a copy with the same slot layout */
static mp_obj_set_t *set_copy_as(const mp_obj_type_t *type, mp_obj_set_t *src) {
    mp_obj_set_t *o = m_new_obj(mp_obj_set_t);
    o->base.type = type;
    o->set.alloc = src->set.alloc;
    o->set.used = src->set.used;
    o->set.table = src->set.alloc ? m_new(mp_obj_t, src->set.alloc) : NULL;
    if (src->set.alloc) {
        memcpy(o->set.table, src->set.table, src->set.alloc * sizeof(mp_obj_t));
    }
    return o;
}

static void set_add_all(mp_obj_set_t *self, mp_obj_t iterable) {
    if (is_set_or_frozenset(iterable)) {
        mp_obj_set_t *o = get_set(iterable);
        for (size_t i = 0; i < o->set.alloc; i++) {
            if (mp_set_slot_is_filled(&o->set, i)) {
                mp_set_lookup(&self->set, o->set.table[i], MP_MAP_LOOKUP_ADD_IF_NOT_FOUND);
            }
        }
        return;
    }
    mp_obj_iter_buf_t buf;
    mp_obj_t iter = mp_getiter(iterable, &buf);
    mp_obj_t item;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        mp_set_lookup(&self->set, item, MP_MAP_LOOKUP_ADD_IF_NOT_FOUND);
    }
}

static mp_obj_t set_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 1, false);
    if (n_args == 0) {
        return MP_OBJ_FROM_PTR(set_alloc(type, 0));
    }
    if (type == &mp_type_frozenset && mp_obj_is_type(args[0], &mp_type_frozenset)) {
        return args[0];
    }
    /* set(x) adds x's items one by one (not a table copy, unlike .copy()),
     * which decides the slot layout and so the printing order */
    mp_obj_set_t *o = set_alloc(type, 0);
    set_add_all(o, args[0]);
    return MP_OBJ_FROM_PTR(o);
}

static void set_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_obj_set_t *self = get_set(self_in);
    bool frozen = mp_obj_is_type(self_in, &mp_type_frozenset);
    if (self->set.used == 0) {
        mp_print_str(print, frozen ? "frozenset()" : "set()");
        return;
    }
    mp_print_str(print, frozen ? "frozenset({" : "{");
    bool first = true;
    for (size_t i = 0; i < self->set.alloc; i++) {
        if (mp_set_slot_is_filled(&self->set, i)) {
            if (!first) {
                mp_print_str(print, ", ");
            }
            first = false;
            mp_obj_print_helper(print, self->set.table[i], PRINT_REPR);
        }
    }
    mp_print_str(print, frozen ? "})" : "}");
}

static bool set_contains(mp_obj_set_t *s, mp_obj_t x) {
    return mp_set_lookup(&s->set, x, MP_MAP_LOOKUP) != MP_OBJ_NULL;
}

static mp_obj_t set_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    mp_obj_set_t *self = get_set(self_in);
    switch (op) {
        case MP_UNARY_OP_BOOL:
            return mp_obj_new_bool(self->set.used != 0);
        case MP_UNARY_OP_LEN:
            return MP_OBJ_NEW_SMALL_INT(self->set.used);
        case MP_UNARY_OP_HASH:
            if (mp_obj_is_type(self_in, &mp_type_frozenset)) {
                /* order-independent combination of the item hashes */
                mp_uint_t h = 0;
                for (size_t i = 0; i < self->set.alloc; i++) {
                    if (mp_set_slot_is_filled(&self->set, i)) {
                        h += (mp_uint_t)mp_obj_hash(self->set.table[i]);
                    }
                }
                return MP_OBJ_NEW_SMALL_INT((mp_int_t)(h & (((mp_uint_t)1 << (MP_WORD_BITS - 2)) - 1)));
            }
            return MP_OBJ_NULL;
        default:
            return MP_OBJ_NULL;
    }
}

/* every element of a is in b */
static bool set_is_subset(mp_obj_set_t *a, mp_obj_set_t *b) {
    if (a->set.used > b->set.used) {
        return false;
    }
    for (size_t i = 0; i < a->set.alloc; i++) {
        if (mp_set_slot_is_filled(&a->set, i) && !set_contains(b, a->set.table[i])) {
            return false;
        }
    }
    return true;
}

/* the set of `other` as a set object (iterables are collected first) */
static mp_obj_set_t *as_set(mp_obj_t other) {
    if (is_set_or_frozenset(other)) {
        return get_set(other);
    }
    mp_obj_set_t *o = set_alloc(&mp_type_set, 0);
    set_add_all(o, other);
    return o;
}

static void set_diff_inplace(mp_obj_set_t *self, mp_obj_t other) {
    if (MP_OBJ_FROM_PTR(self) == other) {
        mp_set_clear(&self->set);
        return;
    }
    mp_obj_iter_buf_t buf;
    mp_obj_t iter = mp_getiter(other, &buf);
    mp_obj_t item;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        mp_set_lookup(&self->set, item, MP_MAP_LOOKUP_REMOVE_IF_FOUND);
    }
}

/* the items of `other` that are also in self, in other's iteration order */
static mp_obj_set_t *set_intersect(const mp_obj_type_t *type, mp_obj_set_t *self,
    mp_obj_t other) {
    if (MP_OBJ_FROM_PTR(self) == other) {
        return set_copy_as(type, self);
    }
    mp_obj_set_t *r = set_alloc(type, 0);
    mp_obj_iter_buf_t buf;
    mp_obj_t iter = mp_getiter(other, &buf);
    mp_obj_t item;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        if (set_contains(self, item)) {
            mp_set_lookup(&r->set, item, MP_MAP_LOOKUP_ADD_IF_NOT_FOUND);
        }
    }
    return r;
}

static void set_symdiff_inplace(mp_obj_set_t *self, mp_obj_t other) {
    mp_obj_set_t *o = as_set(other);
    if (o == self) {
        mp_set_clear(&self->set);
        return;
    }
    for (size_t i = 0; i < o->set.alloc; i++) {
        if (mp_set_slot_is_filled(&o->set, i)) {
            mp_obj_t x = o->set.table[i];
            if (mp_set_lookup(&self->set, x, MP_MAP_LOOKUP_REMOVE_IF_FOUND) == MP_OBJ_NULL) {
                mp_set_lookup(&self->set, x, MP_MAP_LOOKUP_ADD_IF_NOT_FOUND);
            }
        }
    }
}

static void set_replace_contents(mp_obj_set_t *self, mp_obj_set_t *src) {
    self->set = src->set;
}

static mp_obj_t set_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    mp_obj_set_t *self = get_set(lhs);
    if (op == MP_BINARY_OP_CONTAINS) {
        return mp_obj_new_bool(set_contains(self, rhs));
    }
    if (!is_set_or_frozenset(rhs)) {
        if (mp_obj_is_type(rhs, &mp_type_dict_view)) {
            /* keys/items views compare as sets: let the view answer the
             * mirrored comparison (`s < d.keys()` is `d.keys() > s`) */
            static const mp_binary_op_t mirror[][2] = {
                {MP_BINARY_OP_LESS, MP_BINARY_OP_MORE},
                {MP_BINARY_OP_MORE, MP_BINARY_OP_LESS},
                {MP_BINARY_OP_LESS_EQUAL, MP_BINARY_OP_MORE_EQUAL},
                {MP_BINARY_OP_MORE_EQUAL, MP_BINARY_OP_LESS_EQUAL},
                {MP_BINARY_OP_EQUAL, MP_BINARY_OP_EQUAL},
                {MP_BINARY_OP_NOT_EQUAL, MP_BINARY_OP_NOT_EQUAL},
            };
            for (size_t i = 0; i < sizeof(mirror) / sizeof(mirror[0]); i++) {
                if (mirror[i][0] == op) {
                    /* call the view directly: a values view declines (NULL)
                     * and must not bounce back here through the runtime */
                    return mp_type_binary_op(&mp_type_dict_view)(mirror[i][1], rhs, lhs);
                }
            }
        }
        return MP_OBJ_NULL;
    }
    mp_obj_set_t *other = get_set(rhs);
    const mp_obj_type_t *type = self->base.type;
    bool inplace = type == &mp_type_set;
    switch (op) {
        case MP_BINARY_OP_OR:
        case MP_BINARY_OP_INPLACE_OR: {
            mp_obj_set_t *r = (op == MP_BINARY_OP_INPLACE_OR && inplace) ? self
                : set_copy_as(type, self);
            set_add_all(r, rhs);
            return MP_OBJ_FROM_PTR(r);
        }
        case MP_BINARY_OP_AND:
        case MP_BINARY_OP_INPLACE_AND: {
            mp_obj_set_t *r = set_intersect(type, self, rhs);
            if (op == MP_BINARY_OP_INPLACE_AND && inplace) {
                set_replace_contents(self, r);
                return lhs;
            }
            return MP_OBJ_FROM_PTR(r);
        }
        case MP_BINARY_OP_SUBTRACT:
        case MP_BINARY_OP_INPLACE_SUBTRACT: {
            mp_obj_set_t *r = (op == MP_BINARY_OP_INPLACE_SUBTRACT && inplace) ? self
                : set_copy_as(type, self);
            set_diff_inplace(r, rhs);
            return MP_OBJ_FROM_PTR(r);
        }
        case MP_BINARY_OP_XOR:
        case MP_BINARY_OP_INPLACE_XOR: {
            mp_obj_set_t *r = (op == MP_BINARY_OP_INPLACE_XOR && inplace) ? self
                : set_copy_as(type, self);
            set_symdiff_inplace(r, rhs);
            return MP_OBJ_FROM_PTR(r);
        }
        case MP_BINARY_OP_EQUAL:
            return mp_obj_new_bool(self->set.used == other->set.used && set_is_subset(self, other));
        case MP_BINARY_OP_NOT_EQUAL:
            return mp_obj_new_bool(!(self->set.used == other->set.used && set_is_subset(self, other)));
        case MP_BINARY_OP_LESS_EQUAL:
            return mp_obj_new_bool(set_is_subset(self, other));
        case MP_BINARY_OP_LESS:
            return mp_obj_new_bool(self->set.used < other->set.used && set_is_subset(self, other));
        case MP_BINARY_OP_MORE_EQUAL:
            return mp_obj_new_bool(set_is_subset(other, self));
        case MP_BINARY_OP_MORE:
            return mp_obj_new_bool(other->set.used < self->set.used && set_is_subset(other, self));
        default:
            return MP_OBJ_NULL;
    }
}

typedef struct _set_it_t {
    mp_obj_base_t base;
    mp_obj_set_t *set;
    size_t cur;
} set_it_t;

static mp_obj_t set_it_iternext(mp_obj_t self_in) {
    set_it_t *it = (set_it_t *)MP_OBJ_TO_PTR(self_in);
    mp_set_t *s = &it->set->set;
    for (size_t i = it->cur; i < s->alloc; i++) {
        if (mp_set_slot_is_filled(s, i)) {
            it->cur = i + 1;
            return s->table[i];
        }
    }
    it->cur = s->alloc;
    return MP_OBJ_STOP_ITERATION;
}

static const mp_obj_type_t set_it_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_iterator,
    MP_TYPE_SLOT(iter, set_it_iternext),
};

static mp_obj_t set_getiter(mp_obj_t self, mp_obj_iter_buf_t *iter_buf) {
    set_it_t *it = iter_buf ? (set_it_t *)iter_buf : m_new_obj(set_it_t);
    it->base.type = &set_it_type;
    it->set = get_set(self);
    it->cur = 0;
    return MP_OBJ_FROM_PTR(it);
}

/* ---- methods ------------------------------------------------------------ */

static mp_obj_set_t *get_mutable(mp_obj_t self) {
    mp_obj_set_t *s = get_set(self);
    if (s->base.type != &mp_type_set) {
        mp_raise_TypeError("'frozenset' object is immutable");
    }
    return s;
}

static mp_obj_t set_add(mp_obj_t self, mp_obj_t item) {
    mp_set_lookup(&get_mutable(self)->set, item, MP_MAP_LOOKUP_ADD_IF_NOT_FOUND);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(set_add_obj, set_add);

static mp_obj_t set_clear(mp_obj_t self) {
    mp_set_clear(&get_mutable(self)->set);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(set_clear_obj, set_clear);

static mp_obj_t set_copy(mp_obj_t self_in) {
    mp_obj_set_t *self = get_set(self_in);
    return MP_OBJ_FROM_PTR(set_copy_as(self->base.type, self));
}
static MP_DEFINE_CONST_FUN_OBJ_1(set_copy_obj, set_copy);

static mp_obj_t set_discard(mp_obj_t self, mp_obj_t item) {
    mp_set_lookup(&get_mutable(self)->set, item, MP_MAP_LOOKUP_REMOVE_IF_FOUND);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(set_discard_obj, set_discard);

static mp_obj_t set_remove(mp_obj_t self, mp_obj_t item) {
    if (mp_set_lookup(&get_mutable(self)->set, item, MP_MAP_LOOKUP_REMOVE_IF_FOUND) ==
        MP_OBJ_NULL) {
        mp_raise(mp_obj_new_exception_arg1(&mp_type_KeyError, item));
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(set_remove_obj, set_remove);

static mp_obj_t set_pop(mp_obj_t self) {
    mp_obj_t r = mp_set_remove_first(&get_mutable(self)->set);
    if (r == MP_OBJ_NULL) {
        mp_raise_msg(&mp_type_KeyError, "pop from an empty set");
    }
    return r;
}
static MP_DEFINE_CONST_FUN_OBJ_1(set_pop_obj, set_pop);

static mp_obj_t set_update(size_t n_args, const mp_obj_t *args) {
    mp_obj_set_t *self = get_mutable(args[0]);
    for (size_t i = 1; i < n_args; i++) {
        set_add_all(self, args[i]);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(set_update_obj, 1, set_update);

static mp_obj_t set_union(size_t n_args, const mp_obj_t *args) {
    mp_obj_set_t *self = get_set(args[0]);
    mp_obj_set_t *r = set_copy_as(self->base.type, self);
    for (size_t i = 1; i < n_args; i++) {
        set_add_all(r, args[i]);
    }
    return MP_OBJ_FROM_PTR(r);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(set_union_obj, 1, set_union);

static mp_obj_t set_intersection(size_t n_args, const mp_obj_t *args) {
    mp_obj_set_t *self = get_set(args[0]);
    mp_obj_set_t *r = set_copy_as(self->base.type, self);
    for (size_t i = 1; i < n_args; i++) {
        r = set_intersect(self->base.type, r, args[i]);
    }
    return MP_OBJ_FROM_PTR(r);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(set_intersection_obj, 1, set_intersection);

static mp_obj_t set_intersection_update(size_t n_args, const mp_obj_t *args) {
    mp_obj_set_t *self = get_mutable(args[0]);
    for (size_t i = 1; i < n_args; i++) {
        set_replace_contents(self, set_intersect(&mp_type_set, self, args[i]));
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(set_intersection_update_obj, 1, set_intersection_update);

static mp_obj_t set_difference(size_t n_args, const mp_obj_t *args) {
    mp_obj_set_t *self = get_set(args[0]);
    mp_obj_set_t *r = set_copy_as(self->base.type, self);
    for (size_t i = 1; i < n_args; i++) {
        set_diff_inplace(r, args[i] == args[0] ? MP_OBJ_FROM_PTR(r) : args[i]);
    }
    return MP_OBJ_FROM_PTR(r);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(set_difference_obj, 1, set_difference);

static mp_obj_t set_difference_update(size_t n_args, const mp_obj_t *args) {
    mp_obj_set_t *self = get_mutable(args[0]);
    for (size_t i = 1; i < n_args; i++) {
        set_diff_inplace(self, args[i]);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(set_difference_update_obj, 1, set_difference_update);

static mp_obj_t set_symmetric_difference(mp_obj_t self_in, mp_obj_t other) {
    mp_obj_set_t *self = get_set(self_in);
    mp_obj_set_t *r = set_copy_as(self->base.type, self);
    set_symdiff_inplace(r, other == self_in ? MP_OBJ_FROM_PTR(r) : other);
    return MP_OBJ_FROM_PTR(r);
}
static MP_DEFINE_CONST_FUN_OBJ_2(set_symmetric_difference_obj, set_symmetric_difference);

static mp_obj_t set_symmetric_difference_update(mp_obj_t self_in, mp_obj_t other) {
    set_symdiff_inplace(get_mutable(self_in), other);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(set_symmetric_difference_update_obj,
    set_symmetric_difference_update);

static mp_obj_t set_issubset(mp_obj_t self, mp_obj_t other) {
    return mp_obj_new_bool(set_is_subset(get_set(self), as_set(other)));
}
static MP_DEFINE_CONST_FUN_OBJ_2(set_issubset_obj, set_issubset);

static mp_obj_t set_issuperset(mp_obj_t self, mp_obj_t other) {
    return mp_obj_new_bool(set_is_subset(as_set(other), get_set(self)));
}
static MP_DEFINE_CONST_FUN_OBJ_2(set_issuperset_obj, set_issuperset);

static mp_obj_t set_isdisjoint(mp_obj_t self_in, mp_obj_t other) {
    mp_obj_set_t *self = get_set(self_in);
    mp_obj_iter_buf_t buf;
    mp_obj_t iter = mp_getiter(other, &buf);
    mp_obj_t item;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        if (set_contains(self, item)) {
            return mp_const_false;
        }
    }
    return mp_const_true;
}
static MP_DEFINE_CONST_FUN_OBJ_2(set_isdisjoint_obj, set_isdisjoint);

#define FROZENSET_METHODS \
    {MP_ROM_QSTR(MP_QSTR_copy), MP_ROM_PTR(&set_copy_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_difference), MP_ROM_PTR(&set_difference_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_intersection), MP_ROM_PTR(&set_intersection_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_isdisjoint), MP_ROM_PTR(&set_isdisjoint_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_issubset), MP_ROM_PTR(&set_issubset_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_issuperset), MP_ROM_PTR(&set_issuperset_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_symmetric_difference), MP_ROM_PTR(&set_symmetric_difference_obj)}, \
    {MP_ROM_QSTR(MP_QSTR_union), MP_ROM_PTR(&set_union_obj)}

static const mp_rom_map_elem_t set_locals_table[] = {
    FROZENSET_METHODS,
    {MP_ROM_QSTR(MP_QSTR_add), MP_ROM_PTR(&set_add_obj)},
    {MP_ROM_QSTR(MP_QSTR_clear), MP_ROM_PTR(&set_clear_obj)},
    {MP_ROM_QSTR(MP_QSTR_discard), MP_ROM_PTR(&set_discard_obj)},
    {MP_ROM_QSTR(MP_QSTR_difference_update), MP_ROM_PTR(&set_difference_update_obj)},
    {MP_ROM_QSTR(MP_QSTR_intersection_update), MP_ROM_PTR(&set_intersection_update_obj)},
    {MP_ROM_QSTR(MP_QSTR_pop), MP_ROM_PTR(&set_pop_obj)},
    {MP_ROM_QSTR(MP_QSTR_remove), MP_ROM_PTR(&set_remove_obj)},
    {MP_ROM_QSTR(MP_QSTR_symmetric_difference_update),
     MP_ROM_PTR(&set_symmetric_difference_update_obj)},
    {MP_ROM_QSTR(MP_QSTR_update), MP_ROM_PTR(&set_update_obj)},
};
static MP_DEFINE_CONST_DICT(set_locals_dict, set_locals_table);

static const mp_rom_map_elem_t frozenset_locals_table[] = {
    FROZENSET_METHODS,
};
static MP_DEFINE_CONST_DICT(frozenset_locals_dict, frozenset_locals_table);

const mp_obj_type_t mp_type_set = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_GETITER | MP_TYPE_FLAG_EQ_CHECKS_OTHER_TYPE,
    .name = MP_QSTR_set,
    MP_TYPE_SLOT(make_new, set_make_new),
    MP_TYPE_SLOT(print, set_print),
    MP_TYPE_SLOT(unary_op, set_unary_op),
    MP_TYPE_SLOT(binary_op, set_binary_op),
    MP_TYPE_SLOT(iter, set_getiter),
    MP_TYPE_SLOT(locals_dict, &set_locals_dict),
};

const mp_obj_type_t mp_type_frozenset = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_GETITER | MP_TYPE_FLAG_EQ_CHECKS_OTHER_TYPE,
    .name = MP_QSTR_frozenset,
    MP_TYPE_SLOT(make_new, set_make_new),
    MP_TYPE_SLOT(print, set_print),
    MP_TYPE_SLOT(unary_op, set_unary_op),
    MP_TYPE_SLOT(binary_op, set_binary_op),
    MP_TYPE_SLOT(iter, set_getiter),
    MP_TYPE_SLOT(locals_dict, &frozenset_locals_dict),
};
