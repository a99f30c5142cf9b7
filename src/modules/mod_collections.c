/*
 * The `collections` module: namedtuple, OrderedDict and deque.
 *
 * - namedtuple() makes a type whose instances are laid out as tuples (so the
 *   tuple type's own functions work on them) with fields readable by name.
 * - OrderedDict is a dict whose map is ordered (core/map.c keeps insertion
 *   order for ordered maps); it prints as OrderedDict({...}).
 * - deque is a ring buffer, optionally bounded by maxlen (items fall off the
 *   other end, as in CPython).
 */
#include <string.h>

#include "core/runtime.h"
#include "modules/modules.h"

/* ---- namedtuple ----------------------------------------------------------- */

typedef struct _namedtuple_type_t {
    mp_obj_type_t base;
    size_t n_fields;
    qstr fields[];
} namedtuple_type_t;

static const namedtuple_type_t *nt_type(mp_obj_t self_in) {
    return (const namedtuple_type_t *)mp_obj_get_type(self_in);
}

static mp_obj_tuple_t *nt_tuple(mp_obj_t self_in) {
    return MP_OBJ_TO_PTR(self_in);
}

/* a namedtuple instance as a plain tuple, for tuple functions that insist
 * on the exact type */
static mp_obj_t nt_make_new(const mp_obj_type_t *type_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args);

static mp_obj_t nt_plain(mp_obj_t o) {
    if (mp_obj_is_obj(o) && mp_type_make_new(mp_obj_get_type(o)) == nt_make_new) {
        mp_obj_tuple_t *tup = MP_OBJ_TO_PTR(o);
        return mp_obj_new_tuple(tup->len, tup->items);
    }
    return o;
}

static void nt_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    const namedtuple_type_t *type = nt_type(self_in);
    mp_obj_tuple_t *self = nt_tuple(self_in);
    mp_printf(print, "%s(", qstr_str(type->base.name));
    for (size_t i = 0; i < self->len; i++) {
        if (i > 0) {
            mp_print_str(print, ", ");
        }
        mp_printf(print, "%s=", qstr_str(type->fields[i]));
        mp_obj_print_helper(print, self->items[i], PRINT_REPR);
    }
    mp_print_str(print, ")");
}

static mp_obj_t nt_new_from(const namedtuple_type_t *type, const mp_obj_t *items) {
    mp_obj_tuple_t *t = MP_OBJ_TO_PTR(mp_obj_new_tuple(type->n_fields, items));
    t->base.type = &type->base;
    return MP_OBJ_FROM_PTR(t);
}

/* fill items from positional args then keywords; every field exactly once */
static void nt_bind(const namedtuple_type_t *type, mp_obj_t *items, size_t n_args,
    size_t n_kw, const mp_obj_t *args) {
    size_t n = type->n_fields;
    if (n_args > n) {
        mp_raise_msg_varg(&mp_type_TypeError, "function takes %d positional arguments but %d were given",
            (int)n, (int)n_args);
    }
    for (size_t i = 0; i < n_args; i++) {
        items[i] = args[i];
    }
    for (size_t k = 0; k < n_kw; k++) {
        qstr name = mp_obj_str_get_qstr(args[n_args + 2 * k]);
        size_t i = 0;
        while (i < n && type->fields[i] != name) {
            i++;
        }
        if (i == n) {
            mp_raise_msg_varg(&mp_type_TypeError, "unexpected keyword argument '%s'",
                qstr_str(name));
        }
        if (items[i] != MP_OBJ_NULL) {
            mp_raise_msg_varg(&mp_type_TypeError, "duplicate argument '%s'", qstr_str(name));
        }
        items[i] = args[n_args + 2 * k + 1];
    }
    for (size_t i = 0; i < n; i++) {
        if (items[i] == MP_OBJ_NULL) {
            mp_raise_msg_varg(&mp_type_TypeError, "missing required argument '%s'",
                qstr_str(type->fields[i]));
        }
    }
}

static mp_obj_t nt_make_new(const mp_obj_type_t *type_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    const namedtuple_type_t *type = (const namedtuple_type_t *)type_in;
    mp_obj_t *items = m_new0(mp_obj_t, type->n_fields + 1);
    nt_bind(type, items, n_args, n_kw, args);
    mp_obj_t r = nt_new_from(type, items);
    m_free(items);
    return r;
}

/* _replace(**changes): a copy with some fields changed */
static mp_obj_t nt_replace(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    if (n_args != 1) {
        mp_raise_TypeError("_replace() takes keyword arguments only");
    }
    const namedtuple_type_t *type = nt_type(args[0]);
    mp_obj_tuple_t *self = nt_tuple(args[0]);
    mp_obj_t r = nt_new_from(type, self->items);
    mp_obj_tuple_t *t = MP_OBJ_TO_PTR(r);
    for (size_t i = 0; kw != NULL && i < kw->alloc; i++) {
        if (!mp_map_slot_is_filled(kw, i)) {
            continue;
        }
        qstr name = mp_obj_str_get_qstr(kw->table[i].key);
        size_t f = 0;
        while (f < type->n_fields && type->fields[f] != name) {
            f++;
        }
        if (f == type->n_fields) {
            mp_raise_msg_varg(&mp_type_ValueError, "got unexpected field name '%s'",
                qstr_str(name));
        }
        t->items[f] = kw->table[i].value;
    }
    return r;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(nt_replace_obj, 1, nt_replace);

static mp_obj_t nt_asdict(mp_obj_t self_in) {
    const namedtuple_type_t *type = nt_type(self_in);
    mp_obj_tuple_t *self = nt_tuple(self_in);
    mp_obj_t d = mp_obj_new_dict(self->len);
    mp_obj_dict_get_map(d)->is_ordered = 1; /* field order */
    for (size_t i = 0; i < self->len; i++) {
        mp_obj_dict_store(d, MP_OBJ_NEW_QSTR(type->fields[i]), self->items[i]);
    }
    return d;
}
static MP_DEFINE_CONST_FUN_OBJ_1(nt_asdict_obj, nt_asdict);

static mp_obj_t nt_fields_tuple(const namedtuple_type_t *type) {
    mp_obj_tuple_t *t = MP_OBJ_TO_PTR(mp_obj_new_tuple(type->n_fields, NULL));
    for (size_t i = 0; i < type->n_fields; i++) {
        t->items[i] = MP_OBJ_NEW_QSTR(type->fields[i]);
    }
    return MP_OBJ_FROM_PTR(t);
}

static void nt_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return; /* fields are read-only; leaving dest unchanged gives AttributeError */
    }
    const namedtuple_type_t *type = nt_type(self_in);
    for (size_t i = 0; i < type->n_fields; i++) {
        if (type->fields[i] == attr) {
            dest[0] = nt_tuple(self_in)->items[i];
            return;
        }
    }
    /* _fields, _replace and _asdict are in the type's locals dict */
}

static mp_obj_t nt_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    return mp_type_unary_op(&mp_type_tuple)(op, self_in);
}

static mp_obj_t nt_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    return mp_type_binary_op(&mp_type_tuple)(op, lhs, nt_plain(rhs));
}

static mp_obj_t nt_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    return mp_type_subscr(&mp_type_tuple)(self_in, index, value);
}

static mp_obj_t nt_getiter(mp_obj_t self_in, mp_obj_iter_buf_t *buf) {
    return ((mp_getiter_fun_t)MP_OBJ_TYPE_GET_SLOT(&mp_type_tuple, iter))(self_in, buf);
}

/* namedtuple(name, fields): fields a list/tuple of str, or one str with
 * names separated by spaces or commas */
static mp_obj_t collections_namedtuple(mp_obj_t name_in, mp_obj_t fields_in) {
    qstr name = mp_obj_str_get_qstr(name_in);
    mp_obj_t list = mp_obj_new_list(0, NULL);
    if (mp_obj_is_str(fields_in)) {
        size_t len;
        const char *s = mp_obj_str_get_data(fields_in, &len);
        size_t i = 0;
        while (i < len) {
            while (i < len && (s[i] == ' ' || s[i] == ',')) {
                i++;
            }
            size_t start = i;
            while (i < len && s[i] != ' ' && s[i] != ',') {
                i++;
            }
            if (i > start) {
                mp_obj_list_append(list, MP_OBJ_NEW_QSTR(qstr_from_strn(s + start, i - start)));
            }
        }
    } else {
        mp_obj_t it = mp_getiter(fields_in, NULL);
        mp_obj_t f;
        while ((f = mp_iternext(it)) != MP_OBJ_STOP_ITERATION) {
            mp_obj_list_append(list, MP_OBJ_NEW_QSTR(mp_obj_str_get_qstr(f)));
        }
    }
    size_t n;
    mp_obj_t *names;
    mp_obj_list_get(list, &n, &names);
    namedtuple_type_t *t = m_malloc0(sizeof(namedtuple_type_t) + n * sizeof(qstr));
    t->base.base.type = &mp_type_type;
    t->base.name = (uint16_t)name;
    t->base.flags = MP_TYPE_FLAG_ITER_IS_GETITER;
    MP_OBJ_TYPE_SET_SLOT(&t->base, make_new, nt_make_new);
    MP_OBJ_TYPE_SET_SLOT(&t->base, print, nt_print);
    MP_OBJ_TYPE_SET_SLOT(&t->base, attr, nt_attr);
    MP_OBJ_TYPE_SET_SLOT(&t->base, unary_op, nt_unary_op);
    MP_OBJ_TYPE_SET_SLOT(&t->base, binary_op, nt_binary_op);
    MP_OBJ_TYPE_SET_SLOT(&t->base, subscr, nt_subscr);
    MP_OBJ_TYPE_SET_SLOT(&t->base, iter, nt_getiter);
    MP_OBJ_TYPE_SET_SLOT(&t->base, parent, &mp_type_tuple);
    t->n_fields = n;
    for (size_t i = 0; i < n; i++) {
        t->fields[i] = MP_OBJ_QSTR_VALUE(names[i]);
    }
    /* the class attributes, readable from the type and its instances */
    mp_obj_t locals = mp_obj_new_dict(3);
    mp_obj_dict_store(locals, MP_OBJ_NEW_QSTR(MP_QSTR__fields), nt_fields_tuple(t));
    mp_obj_dict_store(locals, MP_OBJ_NEW_QSTR(MP_QSTR__replace), MP_OBJ_FROM_PTR(&nt_replace_obj));
    mp_obj_dict_store(locals, MP_OBJ_NEW_QSTR(MP_QSTR__asdict), MP_OBJ_FROM_PTR(&nt_asdict_obj));
    MP_OBJ_TYPE_SET_SLOT(&t->base, locals_dict, MP_OBJ_TO_PTR(locals));
    return MP_OBJ_FROM_PTR(t);
}
static MP_DEFINE_CONST_FUN_OBJ_2(collections_namedtuple_obj, collections_namedtuple);

/* ---- OrderedDict ---------------------------------------------------------- */

extern const mp_obj_type_t mp_type_ordereddict;

static mp_obj_t odict_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_obj_t d = mp_obj_new_dict(0);
    mp_obj_dict_t *dict = MP_OBJ_TO_PTR(d);
    dict->base.type = type;
    dict->map.is_ordered = 1;
    if (n_args > 1) {
        mp_raise_TypeError("OrderedDict expected at most 1 positional argument");
    }
    if (n_args > 0 || n_kw > 0) {
        /* dict.update does the work: positional mapping/pairs, then keywords */
        mp_obj_t call[2 + 1 + 2 * 8];
        mp_obj_t *argv = n_kw <= 8 ? call : m_new(mp_obj_t, 3 + 2 * n_kw);
        mp_load_method(d, MP_QSTR_update, argv);
        memcpy(argv + 2, args, (n_args + 2 * n_kw) * sizeof(mp_obj_t));
        mp_call_method_n_kw(n_args, n_kw, argv);
    }
    return d;
}

static void odict_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_print_str(print, "OrderedDict(");
    mp_type_print(&mp_type_dict)(print, self_in, kind);
    mp_print_str(print, ")");
}

static mp_obj_t odict_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    return mp_type_unary_op(&mp_type_dict)(op, self_in);
}

static mp_obj_t odict_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    /* dict's operators take only dicts on the right: show them an
     * OrderedDict as a plain dict sharing its table (used only during the
     * call, so it can live on the C stack) */
    mp_obj_dict_t plain;
    if (mp_obj_is_type(rhs, &mp_type_ordereddict)) {
        plain = *(mp_obj_dict_t *)MP_OBJ_TO_PTR(rhs);
        plain.base.type = &mp_type_dict;
        rhs = MP_OBJ_FROM_PTR(&plain);
    }
    return mp_type_binary_op(&mp_type_dict)(op, lhs, rhs);
}

/* OrderedDict.fromkeys(iterable, value=None): ordered, unlike dict's */
static mp_obj_t odict_fromkeys(size_t n_args, const mp_obj_t *args) {
    mp_obj_t value = n_args > 2 ? args[2] : mp_const_none;
    mp_obj_t d = odict_make_new(MP_OBJ_TO_PTR(args[0]), 0, 0, NULL);
    mp_obj_iter_buf_t buf;
    mp_obj_t it = mp_getiter(args[1], &buf);
    mp_obj_t k;
    while ((k = mp_iternext(it)) != MP_OBJ_STOP_ITERATION) {
        mp_obj_dict_store(d, k, value);
    }
    return d;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(odict_fromkeys_fun_obj, 2, 3, odict_fromkeys);
static const mp_obj_static_class_method_t odict_fromkeys_obj = {
    {&mp_type_classmethod}, MP_OBJ_FROM_PTR(&odict_fromkeys_fun_obj)
};

static const mp_rom_map_elem_t odict_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_fromkeys), MP_ROM_PTR(&odict_fromkeys_obj)},
};
static MP_DEFINE_CONST_DICT(odict_locals, odict_locals_table);

static mp_obj_t odict_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    return mp_type_subscr(&mp_type_dict)(self_in, index, value);
}

static mp_obj_t odict_getiter(mp_obj_t self_in, mp_obj_iter_buf_t *buf) {
    return ((mp_getiter_fun_t)MP_OBJ_TYPE_GET_SLOT(&mp_type_dict, iter))(self_in, buf);
}

const mp_obj_type_t mp_type_ordereddict = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_GETITER,
    .name = MP_QSTR_OrderedDict,
    MP_TYPE_SLOT(make_new, odict_make_new),
    MP_TYPE_SLOT(print, odict_print),
    MP_TYPE_SLOT(unary_op, odict_unary_op),
    MP_TYPE_SLOT(binary_op, odict_binary_op),
    MP_TYPE_SLOT(subscr, odict_subscr),
    MP_TYPE_SLOT(iter, odict_getiter),
    MP_TYPE_SLOT(parent, &mp_type_dict),
    MP_TYPE_SLOT(locals_dict, &odict_locals),
};

/* ---- deque ---------------------------------------------------------------- */

typedef struct _deque_t {
    mp_obj_base_t base;
    mp_obj_t *items; /* ring buffer of `alloc` slots */
    size_t alloc;
    size_t head;     /* index of the first item */
    size_t len;
    mp_int_t maxlen; /* -1 = unbounded */
} deque_t;

static const mp_obj_type_t deque_type;

static mp_obj_t *deque_slot(deque_t *q, size_t i) {
    return &q->items[(q->head + i) % q->alloc];
}

static void deque_grow(deque_t *q) {
    size_t alloc = q->alloc ? 2 * q->alloc : 8;
    mp_obj_t *items = m_new0(mp_obj_t, alloc);
    for (size_t i = 0; i < q->len; i++) {
        items[i] = *deque_slot(q, i);
    }
    q->items = items;
    q->alloc = alloc;
    q->head = 0;
}

static void deque_push(deque_t *q, mp_obj_t item, bool left) {
    if (q->maxlen == 0) {
        return;
    }
    if (q->maxlen > 0 && q->len == (size_t)q->maxlen) {
        /* full: drop from the other end */
        if (left) {
            *deque_slot(q, q->len - 1) = MP_OBJ_NULL;
        } else {
            *deque_slot(q, 0) = MP_OBJ_NULL;
            q->head = (q->head + 1) % q->alloc;
        }
        q->len--;
    }
    if (q->len == q->alloc) {
        deque_grow(q);
    }
    if (left) {
        q->head = (q->head + q->alloc - 1) % q->alloc;
        q->items[q->head] = item;
    } else {
        *deque_slot(q, q->len) = item;
    }
    q->len++;
}

static mp_obj_t deque_take(deque_t *q, bool left) {
    if (q->len == 0) {
        mp_raise_msg(&mp_type_IndexError, "pop from an empty deque");
    }
    mp_obj_t *slot = left ? deque_slot(q, 0) : deque_slot(q, q->len - 1);
    mp_obj_t item = *slot;
    *slot = MP_OBJ_NULL;
    if (left) {
        q->head = (q->head + 1) % q->alloc;
    }
    q->len--;
    return item;
}

static void deque_extend_from(deque_t *q, mp_obj_t iterable, bool left) {
    mp_obj_iter_buf_t buf;
    mp_obj_t it = mp_getiter(iterable, &buf);
    mp_obj_t item;
    while ((item = mp_iternext(it)) != MP_OBJ_STOP_ITERATION) {
        deque_push(q, item, left);
    }
}

/* deque(iterable=(), maxlen=None) */
static mp_obj_t deque_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    static const mp_arg_t allowed[] = {
        {MP_QSTR_iterable, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE}},
        {MP_QSTR_maxlen, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE}},
        {MP_QSTR_flags, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE}},
    };
    mp_arg_val_t vals[3];
    mp_arg_parse_all_kw_array(n_args, n_kw, args, 3, allowed, vals);
    deque_t *q = m_new_obj(deque_t);
    q->base.type = type;
    q->items = NULL;
    q->alloc = 0;
    q->head = 0;
    q->len = 0;
    q->maxlen = -1;
    if (vals[1].u_obj != mp_const_none) {
        q->maxlen = mp_obj_get_int(vals[1].u_obj);
        if (q->maxlen < 0) {
            mp_raise_ValueError("maxlen must be non-negative");
        }
    }
    if (vals[0].u_obj != mp_const_none) {
        deque_extend_from(q, vals[0].u_obj, false);
    }
    return MP_OBJ_FROM_PTR(q);
}

static mp_obj_t deque_append(mp_obj_t self_in, mp_obj_t item) {
    deque_push(MP_OBJ_TO_PTR(self_in), item, false);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(deque_append_obj, deque_append);

static mp_obj_t deque_appendleft(mp_obj_t self_in, mp_obj_t item) {
    deque_push(MP_OBJ_TO_PTR(self_in), item, true);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(deque_appendleft_obj, deque_appendleft);

static mp_obj_t deque_pop(mp_obj_t self_in) {
    return deque_take(MP_OBJ_TO_PTR(self_in), false);
}
static MP_DEFINE_CONST_FUN_OBJ_1(deque_pop_obj, deque_pop);

static mp_obj_t deque_popleft(mp_obj_t self_in) {
    return deque_take(MP_OBJ_TO_PTR(self_in), true);
}
static MP_DEFINE_CONST_FUN_OBJ_1(deque_popleft_obj, deque_popleft);

static mp_obj_t deque_extend(mp_obj_t self_in, mp_obj_t iterable) {
    deque_extend_from(MP_OBJ_TO_PTR(self_in), iterable, false);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(deque_extend_obj, deque_extend);

static mp_obj_t deque_extendleft(mp_obj_t self_in, mp_obj_t iterable) {
    deque_extend_from(MP_OBJ_TO_PTR(self_in), iterable, true);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(deque_extendleft_obj, deque_extendleft);

static mp_obj_t deque_clear(mp_obj_t self_in) {
    deque_t *q = MP_OBJ_TO_PTR(self_in);
    q->items = NULL;
    q->alloc = 0;
    q->head = 0;
    q->len = 0;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(deque_clear_obj, deque_clear);

static void deque_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    deque_t *q = MP_OBJ_TO_PTR(self_in);
    mp_print_str(print, "deque([");
    for (size_t i = 0; i < q->len; i++) {
        if (i > 0) {
            mp_print_str(print, ", ");
        }
        mp_obj_print_helper(print, *deque_slot(q, i), PRINT_REPR);
    }
    mp_print_str(print, "]");
    if (q->maxlen >= 0) {
        mp_printf(print, ", maxlen=%d", (int)q->maxlen);
    }
    mp_print_str(print, ")");
}

static mp_obj_t deque_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    deque_t *q = MP_OBJ_TO_PTR(self_in);
    switch (op) {
        case MP_UNARY_OP_BOOL:
            return mp_obj_new_bool(q->len != 0);
        case MP_UNARY_OP_LEN:
            return MP_OBJ_NEW_SMALL_INT(q->len);
        default:
            return MP_OBJ_NULL;
    }
}

static mp_obj_t deque_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    deque_t *q = MP_OBJ_TO_PTR(self_in);
    if (value == MP_OBJ_NULL) {
        return MP_OBJ_NULL; /* deletion not supported */
    }
    mp_int_t i = mp_obj_get_int(index);
    if (i < 0) {
        i += (mp_int_t)q->len;
    }
    if (i < 0 || (size_t)i >= q->len) {
        mp_raise_msg(&mp_type_IndexError, "deque index out of range");
    }
    if (value == MP_OBJ_SENTINEL) {
        return *deque_slot(q, (size_t)i);
    }
    *deque_slot(q, (size_t)i) = value;
    return mp_const_none;
}

/* iteration walks a snapshot position; mutation during it is not detected */
typedef struct _deque_it_t {
    mp_obj_base_t base;
    mp_obj_t deque;
    size_t pos;
} deque_it_t;

static mp_obj_t deque_it_next(mp_obj_t self_in) {
    deque_it_t *it = MP_OBJ_TO_PTR(self_in);
    deque_t *q = MP_OBJ_TO_PTR(it->deque);
    if (it->pos >= q->len) {
        return MP_OBJ_STOP_ITERATION;
    }
    return *deque_slot(q, it->pos++);
}

static const mp_obj_type_t deque_it_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_iterator,
    MP_TYPE_SLOT(iter, deque_it_next),
};

static mp_obj_t deque_getiter(mp_obj_t self_in, mp_obj_iter_buf_t *buf) {
    deque_it_t *it = buf != NULL ? (deque_it_t *)buf : m_new_obj(deque_it_t);
    it->base.type = &deque_it_type;
    it->deque = self_in;
    it->pos = 0;
    return MP_OBJ_FROM_PTR(it);
}

static const mp_rom_map_elem_t deque_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_append), MP_ROM_PTR(&deque_append_obj)},
    {MP_ROM_QSTR(MP_QSTR_appendleft), MP_ROM_PTR(&deque_appendleft_obj)},
    {MP_ROM_QSTR(MP_QSTR_pop), MP_ROM_PTR(&deque_pop_obj)},
    {MP_ROM_QSTR(MP_QSTR_popleft), MP_ROM_PTR(&deque_popleft_obj)},
    {MP_ROM_QSTR(MP_QSTR_extend), MP_ROM_PTR(&deque_extend_obj)},
    {MP_ROM_QSTR(MP_QSTR_extendleft), MP_ROM_PTR(&deque_extendleft_obj)},
    {MP_ROM_QSTR(MP_QSTR_clear), MP_ROM_PTR(&deque_clear_obj)},
};
static MP_DEFINE_CONST_DICT(deque_locals, deque_locals_table);

static const mp_obj_type_t deque_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_GETITER,
    .name = MP_QSTR_deque,
    MP_TYPE_SLOT(make_new, deque_make_new),
    MP_TYPE_SLOT(print, deque_print),
    MP_TYPE_SLOT(unary_op, deque_unary_op),
    MP_TYPE_SLOT(subscr, deque_subscr),
    MP_TYPE_SLOT(iter, deque_getiter),
    MP_TYPE_SLOT(locals_dict, &deque_locals),
};

static const mp_rom_map_elem_t collections_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_collections)},
    {MP_ROM_QSTR(MP_QSTR_namedtuple), MP_ROM_PTR(&collections_namedtuple_obj)},
    {MP_ROM_QSTR(MP_QSTR_OrderedDict), MP_ROM_PTR(&mp_type_ordereddict)},
    {MP_ROM_QSTR(MP_QSTR_deque), MP_ROM_PTR(&deque_type)},
};
static MP_DEFINE_CONST_DICT(collections_module_globals, collections_module_table);

const mp_obj_module_t mp_module_collections = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&collections_module_globals,
};
