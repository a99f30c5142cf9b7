/*
 * tuple: an immutable array of objects, with the items stored inline after
 * the header (objects.md 4.10). The empty tuple is a static singleton.
 */
#include <string.h>

#include "types/containers.h"

const mp_obj_tuple_t mp_const_empty_tuple_obj = {{&mp_type_tuple}, 0};

mp_obj_t mp_obj_new_tuple(size_t n, const mp_obj_t *items) {
    if (n == 0) {
        return mp_const_empty_tuple;
    }
    mp_seq_check_alloc(n, sizeof(mp_obj_t));
    mp_obj_tuple_t *o = m_new_obj_var(mp_obj_tuple_t, items, mp_obj_t, n);
    o->base.type = &mp_type_tuple;
    o->len = n;
    if (items != NULL) {
        memcpy(o->items, items, n * sizeof(mp_obj_t));
    } else {
        memset(o->items, 0, n * sizeof(mp_obj_t));
    }
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_tuple_t *get_tuple(mp_obj_t self) {
    if (mp_obj_is_obj(self) && !mp_obj_is_type(self, &mp_type_tuple) &&
        (((mp_obj_base_t *)MP_OBJ_TO_PTR(self))->type->flags & MP_TYPE_FLAG_INSTANCE_TYPE)) {
        /* method called on an instance of a Python subclass (namedtuple-like) */
        self = ((mp_obj_instance_t *)MP_OBJ_TO_PTR(self))->subobj[0];
    }
    return (mp_obj_tuple_t *)MP_OBJ_TO_PTR(self);
}

void mp_obj_tuple_get(mp_obj_t self_in, size_t *len, mp_obj_t **items) {
    mp_obj_tuple_t *self = get_tuple(self_in);
    *len = self->len;
    *items = self->items;
}

static mp_obj_t tuple_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 1, false);
    if (n_args == 0) {
        return mp_const_empty_tuple;
    }
    if (mp_obj_is_type(args[0], &mp_type_tuple)) {
        return args[0];
    }
    size_t n;
    mp_obj_t *items;
    mp_obj_t l = mp_obj_is_type(args[0], &mp_type_list) ? args[0]
        : mp_obj_list_from_iterable(args[0]);
    mp_obj_list_get(l, &n, &items);
    return mp_obj_new_tuple(n, items);
}

static void tuple_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_obj_tuple_t *self = get_tuple(self_in);
    if (kind == PRINT_JSON) {
        mp_seq_print(print, self->items, self->len, "[", "]", kind);
        return;
    }
    mp_seq_print(print, self->items, self->len, "(", self->len == 1 ? ",)" : ")", kind);
}

static mp_obj_t tuple_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    mp_obj_tuple_t *self = get_tuple(self_in);
    switch (op) {
        case MP_UNARY_OP_BOOL:
            return mp_obj_new_bool(self->len != 0);
        case MP_UNARY_OP_LEN:
            return MP_OBJ_NEW_SMALL_INT(self->len);
        case MP_UNARY_OP_HASH: {
            /* combine the item hashes; order matters */
            mp_uint_t h = 0x345678 + self->len;
            for (size_t i = 0; i < self->len; i++) {
                h = (h * 1000003) ^ (mp_uint_t)mp_obj_hash(self->items[i]);
            }
            return MP_OBJ_NEW_SMALL_INT((mp_int_t)(h & (((mp_uint_t)1 << (MP_WORD_BITS - 2)) - 1)));
        }
        default:
            return MP_OBJ_NULL;
    }
}

static mp_obj_t tuple_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    mp_obj_tuple_t *self = get_tuple(lhs);
    switch (op) {
        case MP_BINARY_OP_CONTAINS:
            return mp_obj_new_bool(mp_seq_contains_obj(self->items, self->len, rhs));
        case MP_BINARY_OP_MULTIPLY:
        case MP_BINARY_OP_INPLACE_MULTIPLY:
        case MP_BINARY_OP_REVERSE_MULTIPLY: {
            size_t n;
            if (!mp_seq_get_repeat(rhs, &n)) {
                return MP_OBJ_NULL;
            }
            if (n == 1) {
                return lhs;
            }
            mp_obj_tuple_t *r = MP_OBJ_TO_PTR(mp_obj_new_tuple(mp_seq_mul_len(self->len, n), NULL));
            for (size_t i = 0; i < n; i++) {
                memcpy(r->items + i * self->len, self->items, self->len * sizeof(mp_obj_t));
            }
            return MP_OBJ_FROM_PTR(r);
        }
        default:
            break;
    }
    if (!mp_obj_is_type(rhs, &mp_type_tuple)) {
        return MP_OBJ_NULL;
    }
    mp_obj_tuple_t *other = (mp_obj_tuple_t *)MP_OBJ_TO_PTR(rhs);
    switch (op) {
        case MP_BINARY_OP_ADD:
        case MP_BINARY_OP_INPLACE_ADD: {
            mp_obj_tuple_t *r = MP_OBJ_TO_PTR(mp_obj_new_tuple(self->len + other->len, NULL));
            if (r->len == 0) {
                return MP_OBJ_FROM_PTR(r);
            }
            memcpy(r->items, self->items, self->len * sizeof(mp_obj_t));
            memcpy(r->items + self->len, other->items, other->len * sizeof(mp_obj_t));
            return MP_OBJ_FROM_PTR(r);
        }
        case MP_BINARY_OP_EQUAL:
        case MP_BINARY_OP_NOT_EQUAL:
        case MP_BINARY_OP_LESS:
        case MP_BINARY_OP_LESS_EQUAL:
        case MP_BINARY_OP_MORE:
        case MP_BINARY_OP_MORE_EQUAL:
            return mp_obj_new_bool(mp_seq_cmp_objs(op, self->items, self->len, other->items,
                other->len));
        default:
            return MP_OBJ_NULL;
    }
}

static mp_obj_t tuple_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    if (value != MP_OBJ_SENTINEL) {
        return MP_OBJ_NULL; /* immutable */
    }
    mp_obj_tuple_t *self = get_tuple(self_in);
    if (mp_obj_is_type(index, &mp_type_slice)) {
        mp_bound_slice_t s;
        mp_seq_bound_slice(index, self->len, &s);
        size_t n = mp_seq_slice_len(&s);
        mp_obj_t r = mp_obj_new_tuple(n, NULL);
        if (n > 0) {
            mp_seq_copy_slice(((mp_obj_tuple_t *)MP_OBJ_TO_PTR(r))->items, self->items, &s);
        }
        return r;
    }
    size_t i = mp_get_index(&mp_type_tuple, self->len, index, false);
    return self->items[i];
}

typedef struct _tuple_it_t {
    mp_obj_base_t base;
    mp_obj_tuple_t *tuple;
    size_t cur;
} tuple_it_t;

static mp_obj_t tuple_it_iternext(mp_obj_t self_in) {
    tuple_it_t *it = (tuple_it_t *)MP_OBJ_TO_PTR(self_in);
    if (it->cur < it->tuple->len) {
        return it->tuple->items[it->cur++];
    }
    return MP_OBJ_STOP_ITERATION;
}

static const mp_obj_type_t tuple_it_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_iterator,
    MP_TYPE_SLOT(iter, tuple_it_iternext),
};

static mp_obj_t tuple_getiter(mp_obj_t self, mp_obj_iter_buf_t *iter_buf) {
    tuple_it_t *it = iter_buf ? (tuple_it_t *)iter_buf : m_new_obj(tuple_it_t);
    it->base.type = &tuple_it_type;
    it->tuple = get_tuple(self);
    it->cur = 0;
    return MP_OBJ_FROM_PTR(it);
}

static mp_obj_t tuple_count(mp_obj_t self_in, mp_obj_t value) {
    mp_obj_tuple_t *self = get_tuple(self_in);
    return mp_seq_count_obj(self->items, self->len, value);
}
static MP_DEFINE_CONST_FUN_OBJ_2(tuple_count_obj, tuple_count);

static mp_obj_t tuple_index(size_t n_args, const mp_obj_t *args) {
    mp_obj_tuple_t *self = get_tuple(args[0]);
    return mp_seq_index_obj(self->items, self->len, n_args, args);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(tuple_index_obj, 2, 4, tuple_index);

static const mp_rom_map_elem_t tuple_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_count), MP_ROM_PTR(&tuple_count_obj)},
    {MP_ROM_QSTR(MP_QSTR_index), MP_ROM_PTR(&tuple_index_obj)},
};
static MP_DEFINE_CONST_DICT(tuple_locals_dict, tuple_locals_table);

const mp_obj_type_t mp_type_tuple = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_GETITER,
    .name = MP_QSTR_tuple,
    MP_TYPE_SLOT(make_new, tuple_make_new),
    MP_TYPE_SLOT(print, tuple_print),
    MP_TYPE_SLOT(unary_op, tuple_unary_op),
    MP_TYPE_SLOT(binary_op, tuple_binary_op),
    MP_TYPE_SLOT(subscr, tuple_subscr),
    MP_TYPE_SLOT(iter, tuple_getiter),
    MP_TYPE_SLOT(locals_dict, &tuple_locals_dict),
};
