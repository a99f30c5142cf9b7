/*
 * Classes: the `type` and `object` types, Python-defined classes and their
 * instances, special-method dispatch for instances, subclassing of native
 * types (the native object lives in subobj[0]), super(), property,
 * staticmethod, classmethod, isinstance/issubclass support and
 * __build_class__.
 *
 * Attribute lookup on a class walks its bases depth-first, left to right
 * (MicroPython has no C3 MRO and no __mro__). Special methods are looked up
 * in Python classes only; when a class has none, the operation is handed to
 * the native base object, if any.
 */
#include <string.h>
#include "core/runtime.h"



/* metaclasses (see the section below) */
static bool is_metaclass(const mp_obj_type_t *t);
static mp_obj_t new_metaclass(qstr name, size_t n_bases, const mp_obj_t *bases,
    mp_obj_dict_t *locals);
static mp_obj_t new_class_of_meta(const mp_obj_type_t *meta, size_t n_args, size_t n_kw,
    const mp_obj_t *args);

static bool is_instance_type(const mp_obj_type_t *type) {
    return (type->flags & MP_TYPE_FLAG_INSTANCE_TYPE) != 0;
}

bool mp_obj_is_instance_type(const mp_obj_type_t *type) {
    return is_instance_type(type);
}

static bool is_tuple(const void *o) {
    return o != NULL && ((const mp_obj_base_t *)o)->type == &mp_type_tuple;
}

/* ---- hierarchy walks ------------------------------------------------ */

/* Find attr in the class dicts of type and its bases, depth-first.
 * python_only: stop at native types (for special methods, whose native
 * versions are reached through the type slots instead). `object` is never
 * searched here; callers fall back to it explicitly. */
static mp_obj_t type_lookup(const mp_obj_type_t *type, qstr attr, bool python_only,
    const mp_obj_type_t **owner) {
    mp_obj_t key = MP_OBJ_NEW_QSTR(attr);
    for (;;) {
        if (type == &mp_type_object || (python_only && !is_instance_type(type))) {
            return MP_OBJ_NULL;
        }
        mp_obj_dict_t *locals = mp_type_locals_dict(type);
        if (locals != NULL) {
            mp_map_elem_t *elem = mp_map_lookup(&locals->map, key, MP_MAP_LOOKUP);
            if (elem != NULL) {
                if (owner != NULL) {
                    *owner = type;
                }
                return elem->value;
            }
        }
        const void *parent = mp_type_parent(type);
        if (parent == NULL) {
            return MP_OBJ_NULL;
        }
        if (is_tuple(parent)) {
            const mp_obj_tuple_t *bases = parent;
            if (bases->len == 0) {
                return MP_OBJ_NULL;
            }
            for (size_t i = 0; i + 1 < bases->len; i++) {
                mp_obj_t r = type_lookup(MP_OBJ_TO_PTR(bases->items[i]), attr, python_only, owner);
                if (r != MP_OBJ_NULL) {
                    return r;
                }
            }
            type = MP_OBJ_TO_PTR(bases->items[bases->len - 1]);
        } else {
            type = parent;
        }
    }
}

static mp_obj_t object_lookup(qstr attr) {
    mp_obj_dict_t *locals = mp_type_locals_dict(&mp_type_object);
    mp_map_elem_t *elem = mp_map_lookup(&locals->map, MP_OBJ_NEW_QSTR(attr), MP_MAP_LOOKUP);
    return elem != NULL ? elem->value : MP_OBJ_NULL;
}

/* The first native type (other than object) among the bases of a Python
 * class, searched depth-first; NULL if it only derives from Python classes. */
static const mp_obj_type_t *native_base_type(const mp_obj_type_t *type) {
    const void *parent = mp_type_parent(type);
    if (parent == NULL) {
        return NULL;
    }
    size_t n = 1;
    const mp_obj_t *items = (const mp_obj_t *)&parent;
    if (is_tuple(parent)) {
        n = ((const mp_obj_tuple_t *)parent)->len;
        items = ((const mp_obj_tuple_t *)parent)->items;
    }
    for (size_t i = 0; i < n; i++) {
        const mp_obj_type_t *base = MP_OBJ_TO_PTR(items[i]);
        if (base == &mp_type_object) {
            continue;
        }
        if (!is_instance_type(base)) {
            return base;
        }
        const mp_obj_type_t *r = native_base_type(base);
        if (r != NULL) {
            return r;
        }
    }
    return NULL;
}

bool mp_obj_is_subclass_fast(mp_const_obj_t object, mp_const_obj_t classinfo) {
    for (;;) {
        if (object == classinfo) {
            return true;
        }
        if (classinfo == &mp_type_object) {
            return mp_obj_is_class(object);
        }
        if (!mp_obj_is_class(object)) {
            return false;
        }
        const void *parent = mp_type_parent((const mp_obj_type_t *)object);
        if (parent == NULL) {
            return false;
        }
        if (is_tuple(parent)) {
            const mp_obj_tuple_t *bases = parent;
            for (size_t i = 0; i < bases->len; i++) {
                if (mp_obj_is_subclass_fast(bases->items[i], classinfo)) {
                    return true;
                }
            }
            return false;
        }
        object = parent;
    }
}

/* ---- special methods of native types -------------------------------- */

/* Native types implement item access, len(), `in` and iteration through
 * type slots, not methods, yet Python code names them as methods:
 * super().__setitem__(k, v) in a dict subclass, dict.__getitem__(d, k),
 * x.__len__(). A slot wrapper is the callable standing for one of them;
 * the first argument is the object (bound or passed explicitly). */
typedef struct _slot_wrapper_t {
    mp_obj_base_t base;
    qstr name;
    const mp_obj_type_t *native; /* the type whose slot is called */
} slot_wrapper_t;

static const mp_obj_type_t slot_wrapper_type;

static bool native_has_special(const mp_obj_type_t *t, qstr name) {
    bool has_subscr = MP_OBJ_TYPE_HAS_SLOT(t, subscr);
    bool has_iter = MP_OBJ_TYPE_HAS_SLOT(t, iter);
    bool is_iterator = (t->flags & MP_TYPE_FLAG_ITER_IS_STREAM) == MP_TYPE_FLAG_ITER_IS_ITERNEXT;
    if (name == MP_QSTR___getitem__) {
        return has_subscr;
    }
    if (name == MP_QSTR___setitem__ || name == MP_QSTR___delitem__) {
        /* the immutable sequences only read items */
        static const mp_obj_type_t *const immutable[] = {
            &mp_type_str, &mp_type_bytes, &mp_type_tuple, &mp_type_range};
        for (size_t i = 0; i < sizeof(immutable) / sizeof(immutable[0]); i++) {
            if (mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(t), MP_OBJ_FROM_PTR(immutable[i]))) {
                return false;
            }
        }
        return has_subscr;
    }
    if (name == MP_QSTR___len__ || name == MP_QSTR___contains__) {
        /* containers: iterable, with a unary/binary op slot, and not
         * themselves iterators (a generator has no len) */
        bool has_op = name == MP_QSTR___len__ ? MP_OBJ_TYPE_HAS_SLOT(t, unary_op)
                                              : MP_OBJ_TYPE_HAS_SLOT(t, binary_op);
        return has_op && (has_subscr || has_iter) && !is_iterator;
    }
    if (name == MP_QSTR___iter__) {
        return has_iter;
    }
    return false;
}

static mp_obj_t slot_wrapper_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    slot_wrapper_t *w = MP_OBJ_TO_PTR(self_in);
    qstr name = w->name;
    size_t arity = name == MP_QSTR___setitem__ ? 3
        : (name == MP_QSTR___len__ || name == MP_QSTR___iter__) ? 1 : 2;
    mp_arg_check_num(n_args, n_kw, arity, arity, false);
    /* an instance of a Python subclass: work on its native part, so that
     * the subclass's own __setitem__ etc. is not called again */
    mp_obj_t obj = mp_obj_instance_cast_to_native_base(args[0], MP_OBJ_FROM_PTR(w->native));
    if (obj == MP_OBJ_NULL) {
        mp_raise_msg_varg(&mp_type_TypeError, "descriptor '%s' requires a '%s' object",
            qstr_str(name), qstr_str(w->native->name));
    }
    if (name == MP_QSTR___getitem__) {
        return mp_obj_subscr(obj, args[1], MP_OBJ_SENTINEL);
    }
    if (name == MP_QSTR___setitem__) {
        mp_obj_subscr(obj, args[1], args[2]);
        return mp_const_none;
    }
    if (name == MP_QSTR___delitem__) {
        mp_obj_subscr(obj, args[1], MP_OBJ_NULL);
        return mp_const_none;
    }
    if (name == MP_QSTR___len__) {
        return mp_obj_len(obj);
    }
    if (name == MP_QSTR___contains__) {
        return mp_binary_op(MP_BINARY_OP_IN, args[1], obj);
    }
    return mp_getiter(obj, NULL);
}

static void slot_wrapper_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    slot_wrapper_t *w = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<slot wrapper '%s' of '%s' objects>", qstr_str(w->name),
        qstr_str(w->native->name));
}

static const mp_obj_type_t slot_wrapper_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_NONE,
    .name = MP_QSTR_slot_wrapper,
    MP_TYPE_SLOT(call, slot_wrapper_call),
    MP_TYPE_SLOT(print, slot_wrapper_print),
};

/* A built-in type's method read through the type (list.append, str.join):
 * calling it checks that the first argument is an instance of the type
 * that defines the method, because the C function behind it trusts its
 * self argument (dict.get(1, 2) must raise, not crash). MicroPython 1.27's
 * wording: "argument should be a 'dict' not a 'int'". Instances of Python
 * subclasses pass, as in CPython. */
typedef struct _checked_method_t {
    mp_obj_base_t base;
    const mp_obj_type_t *owner;
    mp_obj_t fun;
} checked_method_t;

static mp_obj_t checked_method_call(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    checked_method_t *m = MP_OBJ_TO_PTR(self_in);
    /* bool is no subclass of int in MicroPython, but int.bit_length(True)
     * works on it as in CPython */
    if (n_args > 0 && !mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(args[0])),
        MP_OBJ_FROM_PTR(m->owner))
        && !(m->owner == &mp_type_int && mp_obj_is_bool(args[0]))) {
        mp_raise_msg_varg(&mp_type_TypeError, "argument should be a '%s' not a '%s'",
            qstr_str(m->owner->name), mp_obj_get_type_str(args[0]));
    }
    return mp_call_function_n_kw(m->fun, n_args, n_kw, args);
}

static void checked_method_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    checked_method_t *m = MP_OBJ_TO_PTR(self_in);
    mp_obj_print_helper(print, m->fun, kind);
}

/* list.append == list.append, though each read makes a new wrapper */
static mp_obj_t checked_method_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs);

static const mp_obj_type_t checked_method_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_NONE,
    .name = MP_QSTR_function,
    MP_TYPE_SLOT(call, checked_method_call),
    MP_TYPE_SLOT(print, checked_method_print),
    MP_TYPE_SLOT(binary_op, checked_method_binary_op),
};

static mp_obj_t checked_method_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    if (op != MP_BINARY_OP_EQUAL || !mp_obj_is_type(rhs, &checked_method_type)) {
        return MP_OBJ_NULL;
    }
    checked_method_t *a = MP_OBJ_TO_PTR(lhs), *b = MP_OBJ_TO_PTR(rhs);
    return mp_obj_new_bool(a->fun == b->fun && a->owner == b->owner);
}

static mp_obj_t checked_method_new(const mp_obj_type_t *owner, mp_obj_t fun) {
    checked_method_t *m = m_new_obj(checked_method_t);
    m->base.type = &checked_method_type;
    m->owner = owner;
    m->fun = fun;
    return MP_OBJ_FROM_PTR(m);
}

/* The slot wrapper for attr of native type t, or NULL if t has no such slot. */
static mp_obj_t slot_wrapper_for(const mp_obj_type_t *t, qstr attr) {
    if (t == NULL || is_instance_type(t) || !native_has_special(t, attr)) {
        return MP_OBJ_NULL;
    }
    slot_wrapper_t *w = m_new_obj(slot_wrapper_t);
    w->base.type = &slot_wrapper_type;
    w->name = attr;
    w->native = t;
    return MP_OBJ_FROM_PTR(w);
}

bool mp_obj_native_special_method(mp_obj_t obj, qstr attr, mp_obj_t *dest) {
    mp_obj_t w = slot_wrapper_for(mp_obj_get_type(obj), attr);
    if (w == MP_OBJ_NULL) {
        return false;
    }
    dest[0] = w;
    dest[1] = obj;
    return true;
}

/* ---- instances ------------------------------------------------------ */

/* The attribute map of an instance. Once __dict__ has been read, the
 * attributes live in that dict object, so that writes through it
 * (`self.__dict__.update(kw)`) are seen; the instance's own map then only
 * points at the dict: alloc 0, is_fixed set, table = the dict object. */
static mp_map_t *members_of(mp_obj_instance_t *self) {
    if (self->members.is_fixed && self->members.alloc == 0 && self->members.table != NULL) {
        return &((mp_obj_dict_t *)(void *)self->members.table)->map;
    }
    return &self->members;
}

mp_map_t *mp_obj_instance_members(mp_obj_t self_in) {
    return members_of(MP_OBJ_TO_PTR(self_in));
}

static mp_obj_t instance_dict(mp_obj_instance_t *self) {
    if (members_of(self) != &self->members) {
        return MP_OBJ_FROM_PTR(self->members.table);
    }
    mp_obj_dict_t *d = MP_OBJ_TO_PTR(mp_obj_new_dict(0));
    d->map = self->members; /* the dict takes over the table */
    d->map.is_fixed = 0;
    self->members.all_keys_are_qstrs = 0;
    self->members.is_fixed = 1;
    self->members.is_ordered = 0;
    self->members.used = 0;
    self->members.alloc = 0;
    self->members.table = (mp_map_elem_t *)(void *)d;
    return MP_OBJ_FROM_PTR(d);
}

static mp_obj_t new_instance(const mp_obj_type_t *cls, const mp_obj_type_t *native) {
    size_t n_sub = native != NULL ? 1 : 0;
    mp_obj_instance_t *o = m_new_obj_var(mp_obj_instance_t, subobj, mp_obj_t, n_sub);
    o->base.type = cls;
    mp_map_init(&o->members, 0);
    if (n_sub) {
        o->subobj[0] = MP_OBJ_NULL; /* made by __init__ chain or after it */
    }
    return MP_OBJ_FROM_PTR(o);
}

/* The native part of an instance, created with no arguments if nothing
 * made it yet (e.g. a method touched it before super().__init__ ran). */
static mp_obj_t instance_native(mp_obj_t self_in, const mp_obj_type_t *native) {
    mp_obj_instance_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->subobj[0] == MP_OBJ_NULL) {
        self->subobj[0] = mp_type_make_new(native)(native, 0, 0, NULL);
    }
    return self->subobj[0];
}

mp_obj_t mp_obj_instance_cast_to_native_base(mp_obj_t self_in, mp_const_obj_t native_type) {
    const mp_obj_type_t *type = mp_obj_get_type(self_in);
    if (!is_instance_type(type)) {
        return mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(type), native_type) ? self_in : MP_OBJ_NULL;
    }
    const mp_obj_type_t *native = native_base_type(type);
    if (native == NULL || !mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(native), native_type)) {
        return MP_OBJ_NULL;
    }
    return instance_native(self_in, native);
}

/* A special method of self's class (Python classes only), unbound. */
mp_obj_t mp_obj_class_lookup_special(mp_obj_t self, qstr attr) {
    const mp_obj_type_t *type = mp_obj_get_type(self);
    if (!is_instance_type(type)) {
        return MP_OBJ_NULL;
    }
    return type_lookup(type, attr, true, NULL);
}

/* Call a special method found for self with extra args; staticmethod and
 * classmethod wrappers are honoured. */
static mp_obj_t call_special(mp_obj_t self, mp_obj_t member, size_t n_args, const mp_obj_t *args) {
    mp_obj_t dest[2 + 3];
    mp_convert_member_lookup(self, mp_obj_get_type(self), member, dest);
    for (size_t i = 0; i < n_args; i++) {
        dest[2 + i] = args[i];
    }
    return mp_call_method_n_kw(n_args, 0, dest);
}

static mp_obj_t lookup_special(mp_obj_t self, qstr attr) {
    return type_lookup(((mp_obj_base_t *)MP_OBJ_TO_PTR(self))->type, attr, true, NULL);
}

/* native base object of an instance, or NULL */
static mp_obj_t native_of(mp_obj_t self) {
    const mp_obj_type_t *native = native_base_type(mp_obj_get_type(self));
    return native != NULL ? instance_native(self, native) : MP_OBJ_NULL;
}

static mp_obj_t instance_make_new(const mp_obj_type_t *cls, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    const mp_obj_type_t *native = native_base_type(cls);
    mp_obj_t self;
    mp_obj_t new_fun = type_lookup(cls, MP_QSTR___new__, true, NULL);
    if (new_fun != MP_OBJ_NULL) {
        if (mp_obj_is_type(new_fun, &mp_type_staticmethod)
            || mp_obj_is_type(new_fun, &mp_type_classmethod)) {
            new_fun = ((mp_obj_static_class_method_t *)MP_OBJ_TO_PTR(new_fun))->fun;
        }
        mp_obj_t *new_args = m_new(mp_obj_t, 1 + n_args + 2 * n_kw);
        new_args[0] = MP_OBJ_FROM_PTR(cls);
        memcpy(new_args + 1, args, (n_args + 2 * n_kw) * sizeof(mp_obj_t));
        self = mp_call_function_n_kw(new_fun, 1 + n_args, n_kw, new_args);
        m_del(mp_obj_t, new_args, 1 + n_args + 2 * n_kw);
        if (!mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(self)), MP_OBJ_FROM_PTR(cls))) {
            return self; /* __new__ made something else: no __init__ */
        }
    } else {
        if (native == NULL && (n_args != 0 || n_kw != 0)
            && type_lookup(cls, MP_QSTR___init__, true, NULL) == MP_OBJ_NULL) {
            /* object.__init__ takes no arguments */
            mp_raise_msg_varg(&mp_type_TypeError, "%s() takes no arguments", qstr_str(cls->name));
        }
        self = new_instance(cls, native);
    }

    mp_obj_t init_fun = type_lookup(cls, MP_QSTR___init__, true, NULL);
    if (init_fun != MP_OBJ_NULL) {
        /* [init, self, args...]: on the C stack for the usual small calls */
        size_t n_words = 2 + n_args + 2 * n_kw;
        mp_obj_t stack_buf[8];
        mp_obj_t *init_args = n_words <= 8 ? stack_buf : m_new(mp_obj_t, n_words);
        mp_convert_member_lookup(self, cls, init_fun, init_args);
        memcpy(init_args + 2, args, (n_args + 2 * n_kw) * sizeof(mp_obj_t));
        mp_obj_t r = mp_call_method_n_kw(n_args, n_kw, init_args);
        if (init_args != stack_buf) {
            m_del(mp_obj_t, init_args, n_words);
        }
        if (r != mp_const_none) {
            mp_raise_msg_varg(&mp_type_TypeError, "__init__() should return None, not '%s'",
                mp_obj_get_type_str(r));
        }
    }
    if (native != NULL && is_instance_type(mp_obj_get_type(self))) {
        mp_obj_instance_t *inst = MP_OBJ_TO_PTR(self);
        if (inst->subobj[0] == MP_OBJ_NULL) {
            /* nothing made the native part: build it from the call's
             * arguments (Upper("hey"), MyErr("x", 1)); with a Python
             * __init__ only exceptions keep them (their args, as in
             * CPython), other natives start empty */
            bool is_exc = mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(native),
                MP_OBJ_FROM_PTR(&mp_type_BaseException));
            if (init_fun != MP_OBJ_NULL && !is_exc) {
                inst->subobj[0] = mp_type_make_new(native)(native, 0, 0, NULL);
            } else {
                inst->subobj[0] = mp_type_make_new(native)(native, n_args, n_kw, args);
            }
        }
    }
    return self;
}

/* Which user method prints an instance, as MicroPython 1.27 does it:
 * str() uses __str__, else __repr__ -- except that an exception subclass
 * without __str__ prints its native part (str(MyErr(1)) is "1", as in
 * CPython). repr() uses __repr__. print_exception (PRINT_EXC) uses only
 * __repr__: a user __str__ is ignored there ("MyErr: 1"), a user __repr__
 * is printed alone, without the class name. */
static void instance_print(const mp_print_t *print, mp_obj_t self, mp_print_kind_t kind) {
    mp_print_kind_t base_kind = kind & ~PRINT_EXC_SUBCLASS;
    mp_obj_t native = native_of(self);
    bool native_is_exc = native != MP_OBJ_NULL && mp_obj_is_native_exception_instance(native);
    mp_obj_t member = MP_OBJ_NULL;
    if (base_kind == PRINT_STR) {
        member = lookup_special(self, MP_QSTR___str__);
    }
    if (member == MP_OBJ_NULL && !(base_kind == PRINT_STR && native_is_exc)) {
        member = lookup_special(self, MP_QSTR___repr__);
    }
    if (member != MP_OBJ_NULL) {
        mp_obj_t s = call_special(self, member, 0, NULL);
        if (!mp_obj_is_str(s)) {
            mp_raise_TypeError("__str__ returned non-string");
        }
        mp_obj_print_helper(print, s, PRINT_STR);
        return;
    }
    if (native != MP_OBJ_NULL) {
        if (native_is_exc && (base_kind == PRINT_REPR || base_kind == PRINT_EXC)) {
            /* the native part prints "(args)" or ": message" after the
             * subclass's own name */
            mp_print_str(print, mp_obj_get_type_str(self));
            mp_obj_print_helper(print, native, base_kind | PRINT_EXC_SUBCLASS);
        } else {
            mp_obj_print_helper(print, native, kind);
        }
        return;
    }
    mp_printf(print, "<%s object at %p>", mp_obj_get_type_str(self), MP_OBJ_TO_PTR(self));
}

static mp_obj_t instance_call(mp_obj_t self, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_obj_t member = lookup_special(self, MP_QSTR___call__);
    if (member == MP_OBJ_NULL) {
        mp_raise_msg_varg(&mp_type_TypeError, "'%s' object isn't callable",
            mp_obj_get_type_str(self));
    }
    size_t n_words = 2 + n_args + 2 * n_kw;
    mp_obj_t stack_buf[8];
    mp_obj_t *call_args = n_words <= 8 ? stack_buf : m_new(mp_obj_t, n_words);
    mp_convert_member_lookup(self, mp_obj_get_type(self), member, call_args);
    memcpy(call_args + 2, args, (n_args + 2 * n_kw) * sizeof(mp_obj_t));
    mp_obj_t r = mp_call_method_n_kw(n_args, n_kw, call_args);
    if (call_args != stack_buf) {
        m_del(mp_obj_t, call_args, n_words);
    }
    return r;
}

static mp_obj_t instance_unary_op(mp_unary_op_t op, mp_obj_t self) {
    qstr name;
    switch (op) {
        case MP_UNARY_OP_BOOL: {
            mp_obj_t m = lookup_special(self, MP_QSTR___bool__);
            if (m != MP_OBJ_NULL) {
                return mp_obj_new_bool(mp_obj_is_true(call_special(self, m, 0, NULL)));
            }
            m = lookup_special(self, MP_QSTR___len__);
            if (m != MP_OBJ_NULL) {
                mp_obj_t len = call_special(self, m, 0, NULL);
                return mp_obj_new_bool(mp_obj_get_int(len) != 0);
            }
            mp_obj_t native = native_of(self);
            if (native != MP_OBJ_NULL) {
                return mp_obj_new_bool(mp_obj_is_true(native));
            }
            return MP_OBJ_NULL;
        }
        case MP_UNARY_OP_LEN: name = MP_QSTR___len__; break;
        case MP_UNARY_OP_HASH: name = MP_QSTR___hash__; break;
        case MP_UNARY_OP_POSITIVE: name = MP_QSTR___pos__; break;
        case MP_UNARY_OP_NEGATIVE: name = MP_QSTR___neg__; break;
        case MP_UNARY_OP_INVERT: name = MP_QSTR___invert__; break;
        case MP_UNARY_OP_ABS: name = MP_QSTR___abs__; break;
        case MP_UNARY_OP_INT_MAYBE: name = MP_QSTR___int__; break;
        case MP_UNARY_OP_FLOAT_MAYBE: name = MP_QSTR___float__; break;
        case MP_UNARY_OP_COMPLEX_MAYBE: name = MP_QSTR___complex__; break;
        default: return MP_OBJ_NULL;
    }
    mp_obj_t m = lookup_special(self, name);
    if (m == mp_const_none && op == MP_UNARY_OP_HASH) {
        return MP_OBJ_NULL; /* `__hash__ = None` makes a class unhashable */
    }
    if (m != MP_OBJ_NULL) {
        mp_obj_t r = call_special(self, m, 0, NULL);
        if (op == MP_UNARY_OP_HASH && !mp_obj_is_int(r) && !mp_obj_is_bool(r)) {
            /* MicroPython's wording (CPython: "__hash__ method should
             * return an integer") */
            mp_raise_msg_varg(&mp_type_TypeError, "can't convert %s to int",
                mp_obj_get_type_str(r));
        }
        if (op == MP_UNARY_OP_HASH && !mp_obj_is_small_int(r)) {
            /* a big int is hashed like the int itself, so hash(obj) ==
             * hash(2**100) when __hash__ returns 2**100 (bool: 0/1) */
            r = mp_obj_is_bool(r) ? MP_OBJ_NEW_SMALL_INT(r == mp_const_true)
                                  : mp_unary_op(MP_UNARY_OP_HASH, r);
        } else if (op == MP_UNARY_OP_LEN && !mp_obj_is_small_int(r)) {
            r = MP_OBJ_NEW_SMALL_INT(mp_obj_get_int(r)); /* TypeError for non-ints */
        }
        return r;
    }
    mp_obj_t native = native_of(self);
    if (native != MP_OBJ_NULL) {
        mp_unary_op_fun_t fun = mp_type_unary_op(mp_obj_get_type(native));
        mp_obj_t r = fun != NULL ? fun(op, native) : MP_OBJ_NULL;
        if (r != MP_OBJ_NULL || op != MP_UNARY_OP_HASH) {
            return r;
        }
    }
    if (op == MP_UNARY_OP_HASH) {
        if (lookup_special(self, MP_QSTR___eq__) != MP_OBJ_NULL) {
            /* __eq__ without __hash__: identity hashing would break
             * a == b implying hash(a) == hash(b), so unhashable */
            return MP_OBJ_NULL;
        }
        return MP_OBJ_NEW_SMALL_INT((mp_int_t)((uintptr_t)self >> 2));
    }
    return MP_OBJ_NULL;
}

static mp_obj_t instance_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    qstr name = op == MP_BINARY_OP_DIVMOD ? MP_QSTR___divmod__ : mp_binary_op_method_name(op);
    mp_obj_t m = lookup_special(lhs, name);
    if (m != MP_OBJ_NULL) {
        mp_obj_t r = call_special(lhs, m, 1, &rhs);
        if (r == mp_const_notimplemented) {
            return MP_OBJ_NULL;
        }
        if (op == MP_BINARY_OP_CONTAINS) {
            return mp_obj_new_bool(mp_obj_is_true(r));
        }
        return r;
    }
    if (op == MP_BINARY_OP_NOT_EQUAL) {
        /* no __ne__: the generic code negates __eq__ */
        return MP_OBJ_NULL;
    }
    mp_obj_t native = native_of(lhs);
    if (native != MP_OBJ_NULL) {
        mp_binary_op_fun_t fun = mp_type_binary_op(mp_obj_get_type(native));
        if (fun != NULL) {
            return fun(op, native, rhs);
        }
    }
    return MP_OBJ_NULL;
}

static mp_obj_t instance_subscr(mp_obj_t self, mp_obj_t index, mp_obj_t value) {
    mp_obj_t m;
    if (value == MP_OBJ_SENTINEL) {
        m = lookup_special(self, MP_QSTR___getitem__);
        if (m != MP_OBJ_NULL) {
            return call_special(self, m, 1, &index);
        }
    } else if (value == MP_OBJ_NULL) {
        m = lookup_special(self, MP_QSTR___delitem__);
        if (m != MP_OBJ_NULL) {
            call_special(self, m, 1, &index);
            return mp_const_none;
        }
    } else {
        m = lookup_special(self, MP_QSTR___setitem__);
        if (m != MP_OBJ_NULL) {
            mp_obj_t args[2] = {index, value};
            call_special(self, m, 2, args);
            return mp_const_none;
        }
    }
    mp_obj_t native = native_of(self);
    if (native != MP_OBJ_NULL) {
        m = value == MP_OBJ_SENTINEL && mp_obj_is_type(native, &mp_type_dict)
            ? lookup_special(self, MP_QSTR___missing__) : MP_OBJ_NULL;
        if (m == MP_OBJ_NULL) {
            return mp_obj_subscr(native, index, value);
        }
        /* a dict subclass with __missing__: called for absent keys */
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            mp_obj_t r = mp_obj_subscr(native, index, value);
            nlr_pop();
            return r;
        }
        if (!mp_obj_exception_match(MP_OBJ_FROM_PTR(nlr.ret_val), MP_OBJ_FROM_PTR(&mp_type_KeyError))) {
            nlr_jump(nlr.ret_val);
        }
        return call_special(self, m, 1, &index);
    }
    return MP_OBJ_NULL;
}

static mp_obj_t instance_getiter(mp_obj_t self, mp_obj_iter_buf_t *iter_buf) {
    mp_obj_t m = lookup_special(self, MP_QSTR___iter__);
    if (m != MP_OBJ_NULL) {
        return call_special(self, m, 0, NULL);
    }
    mp_obj_t native = native_of(self);
    if (native != MP_OBJ_NULL) {
        return mp_getiter(native, iter_buf);
    }
    m = lookup_special(self, MP_QSTR___getitem__);
    if (m != MP_OBJ_NULL) {
        mp_obj_t dest[2];
        mp_convert_member_lookup(self, mp_obj_get_type(self), m, dest);
        return mp_obj_new_getitem_iter(dest, iter_buf);
    }
    mp_raise_msg_varg(&mp_type_TypeError, "'%s' object isn't iterable", mp_obj_get_type_str(self));
}

/* __next__, with StopIteration turned into the stop marker */
static mp_obj_t instance_iternext(mp_obj_t self) {
    mp_obj_t m = lookup_special(self, MP_QSTR___next__);
    if (m == MP_OBJ_NULL) {
        mp_obj_t native = native_of(self);
        if (native != MP_OBJ_NULL) {
            return mp_iternext(native);
        }
        mp_raise_msg_varg(&mp_type_TypeError, "'%s' object isn't an iterator",
            mp_obj_get_type_str(self));
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t r = call_special(self, m, 0, NULL);
        nlr_pop();
        return r;
    }
    if (mp_obj_exception_match(MP_OBJ_FROM_PTR(nlr.ret_val),
        MP_OBJ_FROM_PTR(&mp_type_StopIteration))) {
        return MP_OBJ_STOP_ITERATION;
    }
    nlr_jump(nlr.ret_val);
}

static const mp_getiter_iternext_custom_t instance_iter_custom = {
    instance_getiter, instance_iternext,
};

static mp_int_t instance_get_buffer(mp_obj_t self, mp_buffer_info_t *bufinfo, mp_uint_t flags) {
    mp_obj_t native = native_of(self);
    if (native != MP_OBJ_NULL && mp_get_buffer(native, bufinfo, flags)) {
        return 0;
    }
    return 1;
}

typedef struct {
    mp_obj_base_t base;
    mp_obj_t proxy[3]; /* getter, setter, deleter (None if absent) */
} mp_obj_property_t;

static bool is_builtin_function(mp_obj_t o) {
    if (!mp_obj_is_obj(o)) {
        return false;
    }
    const mp_obj_type_t *t = mp_obj_get_type(o);
    return t == &mp_type_fun_builtin_0 || t == &mp_type_fun_builtin_1
           || t == &mp_type_fun_builtin_2 || t == &mp_type_fun_builtin_3
           || t == &mp_type_fun_builtin_var;
}

static void instance_load_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    mp_obj_instance_t *self = MP_OBJ_TO_PTR(self_in);
    mp_map_elem_t *elem = mp_map_lookup(members_of(self), MP_OBJ_NEW_QSTR(attr), MP_MAP_LOOKUP);
    if (elem != NULL) {
        dest[0] = elem->value;
        return;
    }
    const mp_obj_type_t *type = self->base.type;
    const mp_obj_type_t *owner = NULL;
    mp_obj_t member = type_lookup(type, attr, false, &owner);
    if (member != MP_OBJ_NULL) {
        if (mp_obj_is_type(member, &mp_type_property)) {
            mp_obj_t getter = ((mp_obj_property_t *)MP_OBJ_TO_PTR(member))->proxy[0];
            if (getter == mp_const_none) {
                mp_raise_msg(&mp_type_AttributeError, "unreadable attribute");
            }
            dest[0] = mp_call_function_1(getter, self_in);
            return;
        }
        if (mp_obj_is_obj(member) && is_instance_type(mp_obj_get_type(member))) {
            /* a user descriptor: member.__get__(self, type) */
            mp_obj_t get = lookup_special(member, MP_QSTR___get__);
            if (get != MP_OBJ_NULL) {
                mp_obj_t args[2] = {self_in, MP_OBJ_FROM_PTR(type)};
                dest[0] = call_special(member, get, 2, args);
                return;
            }
        }
        mp_obj_t bind_self = self_in;
        if (!is_instance_type(owner)) {
            bind_self = instance_native(self_in, native_base_type(type));
        } else if (is_builtin_function(member)) {
            /* `f = abs` in a class body: a builtin function is a plain
             * value there and does not bind self (as in CPython) */
            dest[0] = member;
            return;
        }
        mp_convert_member_lookup(bind_self, type, member, dest);
        return;
    }
    if (attr == MP_QSTR___class__) {
        dest[0] = MP_OBJ_FROM_PTR(type);
        return;
    }
    if (attr == MP_QSTR___dict__) {
        dest[0] = instance_dict(self);
        return;
    }
    const mp_obj_type_t *native = native_base_type(type);
    if (native != NULL) {
        mp_obj_t native_obj = instance_native(self_in, native);
        mp_attr_fun_t native_attr = mp_type_attr(native);
        if (native_attr != NULL) {
            native_attr(native_obj, attr, dest);
            if (dest[0] != MP_OBJ_NULL) {
                return;
            }
        }
    }
    if (native != NULL) {
        mp_obj_t w = slot_wrapper_for(native, attr);
        if (w != MP_OBJ_NULL) {
            dest[0] = w;
            dest[1] = instance_native(self_in, native);
            return;
        }
    }
    member = object_lookup(attr);
    if (member != MP_OBJ_NULL) {
        mp_convert_member_lookup(self_in, type, member, dest);
        return;
    }
    mp_obj_t getattr = type_lookup(type, MP_QSTR___getattr__, true, NULL);
    if (getattr != MP_OBJ_NULL) {
        mp_obj_t name = MP_OBJ_NEW_QSTR(attr);
        dest[0] = call_special(self_in, getattr, 1, &name);
    }
}

/* Setting or deleting a property that has no setter/deleter: MicroPython
 * 1.27 reports the attribute as missing (CPython 3.11: "property 'p' of
 * 'C' object has no setter") */
static _Noreturn void raise_no_attr(mp_obj_t self_in, qstr attr) {
    mp_raise_msg_varg(&mp_type_AttributeError, "'%s' object has no attribute '%s'",
        mp_obj_get_type_str(self_in), qstr_str(attr));
}

static void instance_store_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    mp_obj_instance_t *self = MP_OBJ_TO_PTR(self_in);
    const mp_obj_type_t *type = self->base.type;
    mp_obj_t value = dest[1];
    if (attr == MP_QSTR___dict__ && value != MP_OBJ_NULL && mp_obj_is_type(value, &mp_type_dict)) {
        /* obj.__dict__ = d: d becomes the attribute dict itself */
        if (((mp_obj_dict_t *)MP_OBJ_TO_PTR(value))->map.is_fixed) {
            mp_raise_TypeError("__dict__ must be a writable dict");
        }
        self->members.all_keys_are_qstrs = 0;
        self->members.is_fixed = 1;
        self->members.is_ordered = 0;
        self->members.used = 0;
        self->members.alloc = 0;
        self->members.table = (mp_map_elem_t *)MP_OBJ_TO_PTR(value);
        dest[0] = MP_OBJ_NULL;
        return;
    }
    if (attr == MP_QSTR_args && value != MP_OBJ_NULL) {
        /* an exception's args live in its native part */
        mp_obj_t native = native_of(self_in);
        if (native != MP_OBJ_NULL && mp_obj_is_native_exception_instance(native)) {
            mp_store_attr(native, attr, value);
            dest[0] = MP_OBJ_NULL;
            return;
        }
    }
    if (type->flags & MP_TYPE_FLAG_HAS_SPECIAL_ACCESSORS) {
        mp_obj_t member = type_lookup(type, attr, true, NULL);
        if (member != MP_OBJ_NULL && mp_obj_is_type(member, &mp_type_property)) {
            mp_obj_property_t *prop = MP_OBJ_TO_PTR(member);
            if (value == MP_OBJ_NULL) {
                if (prop->proxy[2] == mp_const_none) {
                    raise_no_attr(self_in, attr);
                }
                mp_call_function_1(prop->proxy[2], self_in);
            } else {
                if (prop->proxy[1] == mp_const_none) {
                    raise_no_attr(self_in, attr);
                }
                mp_call_function_2(prop->proxy[1], self_in, value);
            }
            dest[0] = MP_OBJ_NULL;
            return;
        }
        if (member != MP_OBJ_NULL && mp_obj_is_obj(member)
            && is_instance_type(mp_obj_get_type(member))) {
            /* a user descriptor: member.__set__(self, value) / __delete__(self) */
            mp_obj_t m = lookup_special(member,
                value == MP_OBJ_NULL ? MP_QSTR___delete__ : MP_QSTR___set__);
            if (m != MP_OBJ_NULL) {
                mp_obj_t args[2] = {self_in, value};
                call_special(member, m, value == MP_OBJ_NULL ? 1 : 2, args);
                dest[0] = MP_OBJ_NULL;
                return;
            }
        }
        qstr hook = value == MP_OBJ_NULL ? MP_QSTR___delattr__ : MP_QSTR___setattr__;
        mp_obj_t m = type_lookup(type, hook, true, NULL);
        if (m != MP_OBJ_NULL) {
            mp_obj_t args[2] = {MP_OBJ_NEW_QSTR(attr), value};
            call_special(self_in, m, value == MP_OBJ_NULL ? 1 : 2, args);
            dest[0] = MP_OBJ_NULL;
            return;
        }
    }
    if (value == MP_OBJ_NULL) {
        if (mp_map_lookup(members_of(self), MP_OBJ_NEW_QSTR(attr),
            MP_MAP_LOOKUP_REMOVE_IF_FOUND) != NULL) {
            dest[0] = MP_OBJ_NULL;
        }
        return;
    }
    mp_map_lookup(members_of(self), MP_OBJ_NEW_QSTR(attr), MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value =
        value;
    dest[0] = MP_OBJ_NULL;
}

static void instance_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] == MP_OBJ_NULL) {
        instance_load_attr(self_in, attr, dest);
    } else {
        instance_store_attr(self_in, attr, dest);
    }
}

/* object.__setattr__(self, name, value) and friends bypass the hooks */
static mp_obj_t object_setattr(mp_obj_t self_in, mp_obj_t name, mp_obj_t value) {
    if (!is_instance_type(mp_obj_get_type(self_in))) {
        mp_raise_TypeError("arg must be user-type");
    }
    mp_obj_instance_t *self = MP_OBJ_TO_PTR(self_in);
    mp_map_lookup(members_of(self), MP_OBJ_NEW_QSTR(mp_obj_str_get_qstr(name)),
        MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value = value;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_3(object_setattr_obj, object_setattr);

static mp_obj_t object_delattr(mp_obj_t self_in, mp_obj_t name) {
    if (!is_instance_type(mp_obj_get_type(self_in))) {
        mp_raise_TypeError("arg must be user-type");
    }
    mp_obj_instance_t *self = MP_OBJ_TO_PTR(self_in);
    qstr attr = mp_obj_str_get_qstr(name);
    if (mp_map_lookup(members_of(self), MP_OBJ_NEW_QSTR(attr), MP_MAP_LOOKUP_REMOVE_IF_FOUND) == NULL) {
        mp_raise_msg_varg(&mp_type_AttributeError, "'%s' object has no attribute '%s'",
            mp_obj_get_type_str(self_in), qstr_str(attr));
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(object_delattr_obj, object_delattr);

/* ---- creating classes ---------------------------------------------- */

static bool locals_has_property_or_hooks(mp_obj_dict_t *locals) {
    mp_map_t *map = &locals->map;
    for (size_t i = 0; i < map->alloc; i++) {
        if (!mp_map_slot_is_filled(map, i)) {
            continue;
        }
        mp_obj_t key = map->table[i].key;
        mp_obj_t value = map->table[i].value;
        if (mp_obj_is_obj(value) && is_instance_type(mp_obj_get_type(value))
            && (lookup_special(value, MP_QSTR___set__) != MP_OBJ_NULL
                || lookup_special(value, MP_QSTR___delete__) != MP_OBJ_NULL)) {
            return true; /* a data descriptor */
        }
        if (mp_obj_is_type(value, &mp_type_property)
            || key == MP_OBJ_NEW_QSTR(MP_QSTR___setattr__)
            || key == MP_OBJ_NEW_QSTR(MP_QSTR___delattr__)) {
            return true;
        }
    }
    return false;
}

/* What CPython does once a class exists: value.__set_name__(cls, name) for
 * each attribute that defines it, then the nearest base's
 * __init_subclass__(cls) (an implicit classmethod). */
static void class_created_hooks(mp_obj_type_t *t, mp_obj_dict_t *locals) {
    mp_obj_t cls = MP_OBJ_FROM_PTR(t);
    mp_map_t *map = &locals->map;
    /* the (name, value) pairs that have __set_name__, collected first: the
     * hooks may add to or delete from the class dict while they run */
    size_t n = 0;
    mp_obj_t *pairs = NULL;
    for (size_t i = 0; i < map->alloc; i++) {
        if (!mp_map_slot_is_filled(map, i)) {
            continue;
        }
        mp_obj_t value = map->table[i].value;
        if (mp_obj_is_obj(value) && is_instance_type(mp_obj_get_type(value))
            && lookup_special(value, MP_QSTR___set_name__) != MP_OBJ_NULL) {
            if (pairs == NULL) {
                pairs = m_new(mp_obj_t, 2 * map->used);
            }
            pairs[2 * n] = map->table[i].key;
            pairs[2 * n + 1] = value;
            n++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        mp_obj_t value = pairs[2 * i + 1];
        mp_obj_t args[2] = {cls, pairs[2 * i]};
        call_special(value, lookup_special(value, MP_QSTR___set_name__), 2, args);
    }
    const void *parent = mp_type_parent(t);
    if (parent == NULL) {
        return;
    }
    mp_obj_t hook = MP_OBJ_NULL;
    if (is_tuple(parent)) {
        const mp_obj_tuple_t *bases = parent;
        for (size_t i = 0; i < bases->len && hook == MP_OBJ_NULL; i++) {
            hook = type_lookup(MP_OBJ_TO_PTR(bases->items[i]), MP_QSTR___init_subclass__, true, NULL);
        }
    } else {
        hook = type_lookup(parent, MP_QSTR___init_subclass__, true, NULL);
    }
    if (hook == MP_OBJ_NULL) {
        return;
    }
    if (mp_obj_is_type(hook, &mp_type_classmethod) || mp_obj_is_type(hook, &mp_type_staticmethod)) {
        hook = ((mp_obj_static_class_method_t *)MP_OBJ_TO_PTR(hook))->fun;
    }
    mp_call_function_1(hook, cls);
}

mp_obj_t mp_obj_new_type(qstr name, mp_obj_t bases_tuple, mp_obj_t locals_dict) {
    if (!mp_obj_is_type(locals_dict, &mp_type_dict)) {
        mp_raise_TypeError("type() argument 3 must be dict");
    }
    size_t n_bases;
    mp_obj_t *bases;
    mp_obj_get_array(bases_tuple, &n_bases, &bases);
    uint16_t flags = MP_TYPE_FLAG_INSTANCE_TYPE | MP_TYPE_FLAG_EQ_CHECKS_OTHER_TYPE
                     | MP_TYPE_FLAG_ITER_IS_CUSTOM;
    bool callable = false;
    const mp_obj_type_t *native_seen = NULL;
    for (size_t i = 0; i < n_bases; i++) {
        if (!mp_obj_is_class(bases[i])) {
            mp_raise_TypeError("bases must be types");
        }
        const mp_obj_type_t *base = MP_OBJ_TO_PTR(bases[i]);
        /* only one native object fits in subobj[0] */
        const mp_obj_type_t *native = is_instance_type(base) ? native_base_type(base)
                                      : (base == &mp_type_object ? NULL : base);
        if (native != NULL) {
            if (native_seen == NULL
                || mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(native), MP_OBJ_FROM_PTR(native_seen))) {
                native_seen = native;
            } else if (!mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(native_seen),
                MP_OBJ_FROM_PTR(native))) {
                mp_raise_TypeError("multiple bases have instance lay-out conflict");
            }
        }
        if (mp_type_make_new(base) == NULL) {
            mp_raise_msg_varg(&mp_type_TypeError, "type '%s' isn't an acceptable base type",
                qstr_str(base->name));
        }
        if (is_instance_type(base)) {
            flags |= base->flags & (MP_TYPE_FLAG_HAS_SPECIAL_ACCESSORS | MP_TYPE_FLAG_EQ_HAS_NEQ_TEST);
            callable |= mp_type_call(base) != NULL;
        }
    }
    mp_obj_dict_t *locals = MP_OBJ_TO_PTR(locals_dict);
    for (size_t i = 0; i < n_bases; i++) {
        if (is_metaclass(MP_OBJ_TO_PTR(bases[i]))) {
            return new_metaclass(name, n_bases, bases, locals);
        }
    }
    if (locals_has_property_or_hooks(locals)) {
        flags |= MP_TYPE_FLAG_HAS_SPECIAL_ACCESSORS;
    }
    callable |= mp_map_lookup(&locals->map, MP_OBJ_NEW_QSTR(MP_QSTR___call__), MP_MAP_LOOKUP) != NULL;
    if (mp_map_lookup(&locals->map, MP_OBJ_NEW_QSTR(MP_QSTR___ne__), MP_MAP_LOOKUP) != NULL) {
        flags |= MP_TYPE_FLAG_EQ_HAS_NEQ_TEST; /* `!=` calls __ne__ rather than negating __eq__ */
    }

    mp_obj_type_t *t = m_new0(mp_obj_type_t, 1);
    t->base.type = &mp_type_type;
    t->flags = flags;
    t->name = (uint16_t)name;
    MP_OBJ_TYPE_SET_SLOT(t, make_new, instance_make_new);
    MP_OBJ_TYPE_SET_SLOT(t, print, instance_print);
    if (callable) {
        MP_OBJ_TYPE_SET_SLOT(t, call, instance_call);
    }
    MP_OBJ_TYPE_SET_SLOT(t, unary_op, instance_unary_op);
    MP_OBJ_TYPE_SET_SLOT(t, binary_op, instance_binary_op);
    MP_OBJ_TYPE_SET_SLOT(t, attr, instance_attr);
    MP_OBJ_TYPE_SET_SLOT(t, subscr, instance_subscr);
    MP_OBJ_TYPE_SET_SLOT(t, iter, &instance_iter_custom);
    MP_OBJ_TYPE_SET_SLOT(t, buffer, instance_get_buffer);
    if (n_bases == 1) {
        MP_OBJ_TYPE_SET_SLOT(t, parent, MP_OBJ_TO_PTR(bases[0]));
    } else if (n_bases > 1) {
        MP_OBJ_TYPE_SET_SLOT(t, parent, MP_OBJ_TO_PTR(mp_obj_new_tuple(n_bases, bases)));
    }
    MP_OBJ_TYPE_SET_SLOT(t, locals_dict, locals);
    class_created_hooks(t, locals);
    return MP_OBJ_FROM_PTR(t);
}

/* ---- metaclasses ---------------------------------------------------- */

/* A metaclass is a class derived from type. It is a native-style type
 * (no instance flag: its instances are type objects, not instances with a
 * members map) whose slots run the Python methods found in its dict:
 * making a class runs Meta.__new__/__init__, calling the class runs
 * Meta.__call__, and attributes of the class fall back to Meta's dict. */
static mp_obj_t metaclass_make_new(const mp_obj_type_t *meta, size_t n_args, size_t n_kw,
    const mp_obj_t *args);

static bool is_metaclass(const mp_obj_type_t *t) {
    return t == &mp_type_type || mp_type_make_new(t) == metaclass_make_new;
}

bool mp_obj_is_class(mp_const_obj_t o) {
    return mp_obj_is_obj(o) && is_metaclass(((const mp_obj_base_t *)MP_OBJ_TO_PTR(o))->type);
}

/* type.__new__(meta, name, bases, ns): a new class whose type is meta */
static mp_obj_t new_class_of_meta(const mp_obj_type_t *meta, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    if (n_args != 3 || n_kw != 0) {
        mp_raise_TypeError("type takes 1 or 3 arguments");
    }
    mp_obj_t cls = mp_obj_new_type(mp_obj_str_get_qstr(args[0]), args[1], args[2]);
    ((mp_obj_type_t *)MP_OBJ_TO_PTR(cls))->base.type = meta;
    return cls;
}

/* call meta's method `fun` bound to self with the call's arguments */
static mp_obj_t call_meta_method(mp_obj_t self, const mp_obj_type_t *meta, mp_obj_t fun,
    size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_obj_t *call_args = m_new(mp_obj_t, 2 + n_args + 2 * n_kw);
    mp_convert_member_lookup(self, meta, fun, call_args);
    if (n_args + n_kw != 0) {
        memcpy(call_args + 2, args, (n_args + 2 * n_kw) * sizeof(mp_obj_t));
    }
    return mp_call_method_n_kw(n_args, n_kw, call_args);
}

static mp_obj_t metaclass_make_new(const mp_obj_type_t *meta, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_obj_t cls;
    mp_obj_t new_fun = type_lookup(meta, MP_QSTR___new__, false, NULL);
    if (new_fun != MP_OBJ_NULL) {
        if (mp_obj_is_type(new_fun, &mp_type_staticmethod)
            || mp_obj_is_type(new_fun, &mp_type_classmethod)) {
            new_fun = ((mp_obj_static_class_method_t *)MP_OBJ_TO_PTR(new_fun))->fun;
        }
        mp_obj_t *new_args = m_new(mp_obj_t, 1 + n_args + 2 * n_kw);
        new_args[0] = MP_OBJ_FROM_PTR(meta);
        if (n_args + n_kw != 0) {
            memcpy(new_args + 1, args, (n_args + 2 * n_kw) * sizeof(mp_obj_t));
        }
        cls = mp_call_function_n_kw(new_fun, 1 + n_args, n_kw, new_args);
        if (!mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(cls)), MP_OBJ_FROM_PTR(meta))) {
            return cls; /* __new__ made something else: no __init__ */
        }
    } else {
        cls = new_class_of_meta(meta, n_args, n_kw, args);
    }
    mp_obj_t init_fun = type_lookup(meta, MP_QSTR___init__, false, NULL);
    if (init_fun != MP_OBJ_NULL) {
        call_meta_method(cls, meta, init_fun, n_args, n_kw, args);
    }
    return cls;
}

static void type_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest);
static void type_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind);
static mp_obj_t type_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args);

/* attributes of a class made by a metaclass: the class's own (and its
 * bases'), then the metaclass's methods bound to the class */
static void metaclass_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    type_attr(self_in, attr, dest);
    if (dest[0] != MP_OBJ_NULL || dest[1] != MP_OBJ_NULL) {
        return; /* found, or a store (handled by type_attr) */
    }
    const mp_obj_type_t *meta = mp_obj_get_type(self_in);
    mp_obj_t member = type_lookup(meta, attr, false, NULL);
    if (member == MP_OBJ_NULL) {
        return;
    }
    if (mp_obj_is_type(member, &mp_type_property)) {
        mp_obj_t getter = ((mp_obj_property_t *)MP_OBJ_TO_PTR(member))->proxy[0];
        if (getter != mp_const_none) {
            dest[0] = mp_call_function_1(getter, self_in);
        }
        return;
    }
    mp_convert_member_lookup(self_in, meta, member, dest);
}

static mp_obj_t metaclass_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    const mp_obj_type_t *meta = mp_obj_get_type(self_in);
    mp_obj_t call_fun = type_lookup(meta, MP_QSTR___call__, false, NULL);
    if (call_fun != MP_OBJ_NULL) {
        return call_meta_method(self_in, meta, call_fun, n_args, n_kw, args);
    }
    return type_call(self_in, n_args, n_kw, args);
}

static void metaclass_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    const mp_obj_type_t *meta = mp_obj_get_type(self_in);
    mp_obj_t fun = MP_OBJ_NULL;
    if ((kind & ~PRINT_EXC_SUBCLASS) == PRINT_STR) {
        fun = type_lookup(meta, MP_QSTR___str__, false, NULL);
    }
    if (fun == MP_OBJ_NULL) {
        fun = type_lookup(meta, MP_QSTR___repr__, false, NULL);
    }
    if (fun == MP_OBJ_NULL) {
        type_print(print, self_in, kind);
        return;
    }
    mp_obj_t s = call_meta_method(self_in, meta, fun, 0, 0, NULL);
    if (!mp_obj_is_str(s)) {
        mp_raise_TypeError("__str__ returned non-string");
    }
    mp_obj_print_helper(print, s, PRINT_STR);
}

/* len(), bool(), hash() and the like of a class, by its metaclass */
static mp_obj_t metaclass_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    const mp_obj_type_t *meta = mp_obj_get_type(self_in);
    qstr name;
    switch (op) {
        case MP_UNARY_OP_BOOL: name = MP_QSTR___bool__; break;
        case MP_UNARY_OP_LEN: name = MP_QSTR___len__; break;
        case MP_UNARY_OP_HASH: name = MP_QSTR___hash__; break;
        case MP_UNARY_OP_NEGATIVE: name = MP_QSTR___neg__; break;
        case MP_UNARY_OP_INVERT: name = MP_QSTR___invert__; break;
        default: return MP_OBJ_NULL;
    }
    mp_obj_t fun = type_lookup(meta, name, false, NULL);
    if (fun == MP_OBJ_NULL && op == MP_UNARY_OP_BOOL) {
        fun = type_lookup(meta, MP_QSTR___len__, false, NULL);
        if (fun == MP_OBJ_NULL) {
            return mp_const_true;
        }
        return mp_obj_new_bool(mp_obj_get_int(call_meta_method(self_in, meta, fun, 0, 0, NULL)) != 0);
    }
    if (fun == MP_OBJ_NULL) {
        if (op == MP_UNARY_OP_HASH) {
            return MP_OBJ_NEW_SMALL_INT((mp_int_t)((uintptr_t)self_in >> 2));
        }
        return MP_OBJ_NULL;
    }
    mp_obj_t r = call_meta_method(self_in, meta, fun, 0, 0, NULL);
    if (op == MP_UNARY_OP_BOOL) {
        return mp_obj_new_bool(mp_obj_is_true(r));
    }
    if ((op == MP_UNARY_OP_LEN || op == MP_UNARY_OP_HASH) && !mp_obj_is_small_int(r)) {
        r = MP_OBJ_NEW_SMALL_INT(mp_obj_get_int_truncated(r));
    }
    return r;
}

/* Class[key] (as for an enum), by the metaclass's __getitem__ */
static mp_obj_t metaclass_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    const mp_obj_type_t *meta = mp_obj_get_type(self_in);
    qstr name = value == MP_OBJ_SENTINEL ? MP_QSTR___getitem__
        : value == MP_OBJ_NULL ? MP_QSTR___delitem__ : MP_QSTR___setitem__;
    mp_obj_t fun = type_lookup(meta, name, false, NULL);
    if (fun == MP_OBJ_NULL) {
        return MP_OBJ_NULL;
    }
    mp_obj_t args[2] = {index, value};
    mp_obj_t r = call_meta_method(self_in, meta, fun, value == MP_OBJ_SENTINEL || value == MP_OBJ_NULL ? 1 : 2, 0, args);
    return value == MP_OBJ_SENTINEL ? r : mp_const_none;
}

/* the metaclass `name(bases...)`: a type-like type with the slots above */
static mp_obj_t new_metaclass(qstr name, size_t n_bases, const mp_obj_t *bases,
    mp_obj_dict_t *locals) {
    mp_obj_type_t *t = m_new0(mp_obj_type_t, 1);
    t->base.type = &mp_type_type;
    t->flags = MP_TYPE_FLAG_NONE;
    t->name = (uint16_t)name;
    MP_OBJ_TYPE_SET_SLOT(t, make_new, metaclass_make_new);
    MP_OBJ_TYPE_SET_SLOT(t, print, metaclass_print);
    MP_OBJ_TYPE_SET_SLOT(t, call, metaclass_call);
    MP_OBJ_TYPE_SET_SLOT(t, attr, metaclass_attr);
    MP_OBJ_TYPE_SET_SLOT(t, unary_op, metaclass_unary_op);
    MP_OBJ_TYPE_SET_SLOT(t, subscr, metaclass_subscr);
    if (n_bases == 1) {
        MP_OBJ_TYPE_SET_SLOT(t, parent, MP_OBJ_TO_PTR(bases[0]));
    } else {
        MP_OBJ_TYPE_SET_SLOT(t, parent, MP_OBJ_TO_PTR(mp_obj_new_tuple(n_bases, bases)));
    }
    MP_OBJ_TYPE_SET_SLOT(t, locals_dict, locals);
    class_created_hooks(t, locals);
    return MP_OBJ_FROM_PTR(t);
}

/* ---- the type `type` ------------------------------------------------ */

static void type_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    const mp_obj_type_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<class '%s'>", qstr_str(self->name));
}

static mp_obj_t type_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 3, false);
    if (n_args == 1) {
        return MP_OBJ_FROM_PTR(mp_obj_get_type(args[0]));
    }
    if (n_args == 3) {
        return mp_obj_new_type(mp_obj_str_get_qstr(args[0]), args[1], args[2]);
    }
    mp_raise_TypeError("type takes 1 or 3 arguments");
}

static mp_obj_t type_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    const mp_obj_type_t *self = MP_OBJ_TO_PTR(self_in);
    mp_make_new_fun_t make_new = mp_type_make_new(self);
    if (make_new == NULL) {
        mp_raise_msg_varg(&mp_type_TypeError, "cannot create '%s' instances",
            qstr_str(self->name));
    }
    return make_new(self, n_args, n_kw, args);
}

static mp_obj_t type_bases(const mp_obj_type_t *self) {
    const void *parent = mp_type_parent(self);
    if (parent == NULL) {
        if (self == &mp_type_object) {
            return mp_const_empty_tuple;
        }
        /* every other class derives from object, as in CPython */
        mp_obj_t o = MP_OBJ_FROM_PTR(&mp_type_object);
        return mp_obj_new_tuple(1, &o);
    }
    if (is_tuple(parent)) {
        return MP_OBJ_FROM_PTR(parent);
    }
    mp_obj_t p = MP_OBJ_FROM_PTR(parent);
    return mp_obj_new_tuple(1, &p);
}

static void type_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    mp_obj_type_t *self = MP_OBJ_TO_PTR(self_in);
    if (dest[0] == MP_OBJ_NULL) {
        if (attr == MP_QSTR___name__) {
            dest[0] = MP_OBJ_NEW_QSTR(self->name);
            return;
        }
        if (attr == MP_QSTR___bases__) {
            dest[0] = type_bases(self);
            return;
        }
        const mp_obj_type_t *owner = NULL;
        mp_obj_t member = type_lookup(self, attr, false, &owner);
        if (member != MP_OBJ_NULL && owner != NULL && !is_instance_type(owner)
            && is_builtin_function(member)) {
            dest[0] = checked_method_new(owner, member);
            return;
        }
        if (member == MP_OBJ_NULL) {
            if (attr == MP_QSTR___dict__ && mp_type_locals_dict(self) != NULL) {
                dest[0] = MP_OBJ_FROM_PTR(mp_type_locals_dict(self));
                return;
            }
            member = slot_wrapper_for(is_instance_type(self) ? native_base_type(self) : self, attr);
            if (member == MP_OBJ_NULL) {
                member = object_lookup(attr);
            }
        }
        if (member == MP_OBJ_NULL) {
            return;
        }
        if (mp_obj_is_type(member, &mp_type_staticmethod)) {
            dest[0] = ((mp_obj_static_class_method_t *)MP_OBJ_TO_PTR(member))->fun;
        } else if (mp_obj_is_type(member, &mp_type_classmethod)) {
            dest[0] = ((mp_obj_static_class_method_t *)MP_OBJ_TO_PTR(member))->fun;
            dest[1] = self_in;
        } else if (mp_obj_is_obj(member) && is_instance_type(mp_obj_get_type(member))
            && lookup_special(member, MP_QSTR___get__) != MP_OBJ_NULL) {
            /* a user descriptor read through the class: __get__(None, cls) */
            mp_obj_t args[2] = {mp_const_none, self_in};
            dest[0] = call_special(member, lookup_special(member, MP_QSTR___get__), 2, args);
        } else {
            dest[0] = member; /* functions stay unbound */
        }
        return;
    }
    if (!is_instance_type(self) && mp_type_make_new(self) != metaclass_make_new) {
        return; /* built-in types are read-only */
    }
    mp_obj_dict_t *locals = mp_type_locals_dict(self);
    if (dest[1] == MP_OBJ_NULL) {
        if (mp_map_lookup(&locals->map, MP_OBJ_NEW_QSTR(attr),
            MP_MAP_LOOKUP_REMOVE_IF_FOUND) != NULL) {
            dest[0] = MP_OBJ_NULL;
        }
        return;
    }
    /* special methods set after the class was made take effect too */
    if (mp_obj_is_type(dest[1], &mp_type_property) || attr == MP_QSTR___setattr__
        || attr == MP_QSTR___delattr__
        || (mp_obj_is_obj(dest[1]) && is_instance_type(mp_obj_get_type(dest[1]))
            && (lookup_special(dest[1], MP_QSTR___set__) != MP_OBJ_NULL
                || lookup_special(dest[1], MP_QSTR___delete__) != MP_OBJ_NULL))) {
        self->flags |= MP_TYPE_FLAG_HAS_SPECIAL_ACCESSORS;
    }
    if (is_instance_type(self)) {
        if (attr == MP_QSTR___call__) {
            MP_OBJ_TYPE_SET_SLOT(self, call, instance_call);
        } else if (attr == MP_QSTR___ne__) {
            self->flags |= MP_TYPE_FLAG_EQ_HAS_NEQ_TEST;
        }
    }
    mp_obj_dict_store(MP_OBJ_FROM_PTR(locals), MP_OBJ_NEW_QSTR(attr), dest[1]);
    dest[0] = MP_OBJ_NULL;
}

const mp_obj_type_t mp_type_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_NONE,
    .name = MP_QSTR_type,
    MP_TYPE_SLOT(make_new, type_make_new),
    MP_TYPE_SLOT(print, type_print),
    MP_TYPE_SLOT(call, type_call),
    MP_TYPE_SLOT(attr, type_attr),
};

/* ---- the type `object` --------------------------------------------- */

/* MicroPython 1.27 prints a bare object() as "<object>", without an
 * address (CPython: "<object object at 0x...>") */
static void object_print(const mp_print_t *print, mp_obj_t self, mp_print_kind_t kind) {
    mp_print_str(print, "<object>");
}

static mp_obj_t object_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 0, false);
    mp_obj_base_t *o = m_new_obj(mp_obj_base_t);
    o->type = &mp_type_object;
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_t object___init__(size_t n_args, const mp_obj_t *args) {
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(object___init___obj, 1, object___init__);

/* object.__new__(cls[, args...]): a bare instance of cls; a native base
 * part is built from the remaining arguments */
static mp_obj_t object___new__(size_t n_args, const mp_obj_t *args) {
    if (!mp_obj_is_class(args[0])) {
        mp_raise_TypeError("__new__ arg must be a type");
    }
    const mp_obj_type_t *cls = MP_OBJ_TO_PTR(args[0]);
    if (cls == &mp_type_object) {
        return object_make_new(cls, 0, 0, NULL);
    }
    if (is_metaclass(cls) && cls != &mp_type_type) {
        /* type.__new__(Meta, name, bases, ns) from a metaclass's __new__ */
        return new_class_of_meta(cls, n_args - 1, 0, args + 1);
    }
    if (!is_instance_type(cls)) {
        /* int.__new__(int, 5) and the like: the native type makes it */
        return mp_type_make_new(cls)(cls, n_args - 1, 0, args + 1);
    }
    const mp_obj_type_t *native = native_base_type(cls);
    mp_obj_t self = new_instance(cls, native);
    if (native != NULL && n_args > 1) {
        ((mp_obj_instance_t *)MP_OBJ_TO_PTR(self))->subobj[0] =
            mp_type_make_new(native)(native, n_args - 1, 0, args + 1);
    }
    return self;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(object___new___fun_obj, 1, object___new__);
static const mp_obj_static_class_method_t object___new___obj = {
    {&mp_type_staticmethod}, MP_OBJ_FROM_PTR(&object___new___fun_obj)
};

/* object.__repr__/__str__: the default "<C object at ...>" form */
static mp_obj_t object___repr__(mp_obj_t self) {
    vstr_t vstr;
    mp_print_t print;
    vstr_init_print(&vstr, 32, &print);
    if (mp_obj_get_type(self) == &mp_type_object) {
        object_print(&print, self, PRINT_REPR); /* agree with repr(object()) */
    } else {
        mp_printf(&print, "<%s object at %p>", mp_obj_get_type_str(self), MP_OBJ_TO_PTR(self));
    }
    return mp_obj_new_str_from_vstr(&vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_1(object___repr___obj, object___repr__);

static mp_obj_t object___hash__(mp_obj_t self) {
    return MP_OBJ_NEW_SMALL_INT((mp_int_t)((uintptr_t)self >> 2));
}
static MP_DEFINE_CONST_FUN_OBJ_1(object___hash___obj, object___hash__);

static mp_obj_t object___eq__(mp_obj_t self, mp_obj_t other) {
    return self == other ? mp_const_true : mp_const_notimplemented;
}
static MP_DEFINE_CONST_FUN_OBJ_2(object___eq___obj, object___eq__);

static mp_obj_t object___ne__(mp_obj_t self, mp_obj_t other) {
    return self == other ? mp_const_false : mp_const_notimplemented;
}
static MP_DEFINE_CONST_FUN_OBJ_2(object___ne___obj, object___ne__);

/* object.__init_subclass__(cls): nothing, the end of a super() chain */
static mp_obj_t object___init_subclass__(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(object___init_subclass___fun_obj, 1, object___init_subclass__);
static const mp_obj_static_class_method_t object___init_subclass___obj = {
    {&mp_type_classmethod}, MP_OBJ_FROM_PTR(&object___init_subclass___fun_obj)
};

static const mp_rom_map_elem_t object_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR___init_subclass__), MP_ROM_PTR(&object___init_subclass___obj)},
    {MP_ROM_QSTR(MP_QSTR___repr__), MP_ROM_PTR(&object___repr___obj)},
    {MP_ROM_QSTR(MP_QSTR___str__), MP_ROM_PTR(&object___repr___obj)},
    {MP_ROM_QSTR(MP_QSTR___hash__), MP_ROM_PTR(&object___hash___obj)},
    {MP_ROM_QSTR(MP_QSTR___eq__), MP_ROM_PTR(&object___eq___obj)},
    {MP_ROM_QSTR(MP_QSTR___ne__), MP_ROM_PTR(&object___ne___obj)},
    {MP_ROM_QSTR(MP_QSTR___init__), MP_ROM_PTR(&object___init___obj)},
    {MP_ROM_QSTR(MP_QSTR___new__), MP_ROM_PTR(&object___new___obj)},
    {MP_ROM_QSTR(MP_QSTR___setattr__), MP_ROM_PTR(&object_setattr_obj)},
    {MP_ROM_QSTR(MP_QSTR___delattr__), MP_ROM_PTR(&object_delattr_obj)},
};
static MP_DEFINE_CONST_DICT(object_locals_dict, object_locals_table);

const mp_obj_type_t mp_type_object = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_NONE,
    .name = MP_QSTR_object,
    MP_TYPE_SLOT(make_new, object_make_new),
    MP_TYPE_SLOT(print, object_print),
    MP_TYPE_SLOT(locals_dict, &object_locals_dict),
};

/* ---- super ---------------------------------------------------------- */

typedef struct {
    mp_obj_base_t base;
    mp_obj_t cls;
    mp_obj_t obj;
} mp_obj_super_t;

/* super().__init__(...) reaching a native base: (re)build the native part */
static mp_obj_t native_base_init(size_t n_args, const mp_obj_t *args) {
    mp_obj_t self = args[0];
    const mp_obj_type_t *native = native_base_type(mp_obj_get_type(self));
    ((mp_obj_instance_t *)MP_OBJ_TO_PTR(self))->subobj[0] =
        mp_type_make_new(native)(native, n_args - 1, 0, args + 1);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(native_base_init_obj, 1, native_base_init);

static mp_obj_t type_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args);

/* type.__call__(cls, ...) reached through super() in a metaclass's
 * __call__: make an instance the way calling the class normally does */
static mp_obj_t type_dunder_call(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    size_t n_kw = kw == NULL ? 0 : kw->used;
    mp_obj_t *call_args = m_new(mp_obj_t, n_args - 1 + 2 * n_kw);
    memcpy(call_args, args + 1, (n_args - 1) * sizeof(mp_obj_t));
    size_t j = n_args - 1;
    for (size_t i = 0; kw != NULL && i < kw->alloc; i++) {
        if (mp_map_slot_is_filled(kw, i)) {
            call_args[j++] = kw->table[i].key;
            call_args[j++] = kw->table[i].value;
        }
    }
    return type_call(args[0], n_args - 1, n_kw, call_args);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(type_dunder_call_obj, 1, type_dunder_call);

/* Look attr up in the bases of cls (not cls itself), bound to obj. */
static void super_lookup(const mp_obj_type_t *cls, mp_obj_t obj, qstr attr, mp_obj_t *dest) {
    dest[0] = MP_OBJ_NULL;
    dest[1] = MP_OBJ_NULL;
    const mp_obj_type_t *owner = NULL;
    mp_obj_t member = MP_OBJ_NULL;
    const void *parent = mp_type_parent(cls);
    if (parent != NULL) {
        if (is_tuple(parent)) {
            const mp_obj_tuple_t *bases = parent;
            for (size_t i = 0; i < bases->len && member == MP_OBJ_NULL; i++) {
                member = type_lookup(MP_OBJ_TO_PTR(bases->items[i]), attr, false, &owner);
            }
        } else {
            member = type_lookup(parent, attr, false, &owner);
        }
    }
    /* super(C, cls) in a classmethod, as opposed to super(Meta, cls) in a
     * metaclass method, where cls is an instance of Meta */
    bool obj_is_class = mp_obj_is_class(obj)
        && mp_obj_is_subclass_fast(obj, MP_OBJ_FROM_PTR(cls));
    const mp_obj_type_t *obj_type = obj_is_class ? MP_OBJ_TO_PTR(obj) : mp_obj_get_type(obj);
    if (member == MP_OBJ_NULL) {
        if (attr == MP_QSTR___init__ && !obj_is_class && is_instance_type(obj_type)
            && native_base_type(obj_type) != NULL && native_base_type(cls) != NULL) {
            dest[0] = MP_OBJ_FROM_PTR(&native_base_init_obj);
            dest[1] = obj;
            return;
        }
        if (attr == MP_QSTR___call__ && !obj_is_class && mp_obj_is_class(obj)) {
            dest[0] = MP_OBJ_FROM_PTR(&type_dunder_call_obj);
            dest[1] = obj;
            return;
        }
        if (!obj_is_class && is_instance_type(obj_type)) {
            const mp_obj_type_t *native = native_base_type(obj_type);
            mp_obj_t w = native != NULL && native_base_type(cls) != NULL
                ? slot_wrapper_for(native, attr) : MP_OBJ_NULL;
            if (w != MP_OBJ_NULL) {
                dest[0] = w;
                dest[1] = instance_native(obj, native);
                return;
            }
        }
        member = object_lookup(attr);
        owner = &mp_type_object;
        if (member == MP_OBJ_NULL) {
            return;
        }
    }
    if (mp_obj_is_type(member, &mp_type_property) && !obj_is_class) {
        mp_obj_t getter = ((mp_obj_property_t *)MP_OBJ_TO_PTR(member))->proxy[0];
        dest[0] = mp_call_function_1(getter, obj);
        return;
    }
    if (obj_is_class) {
        if (mp_obj_is_type(member, &mp_type_classmethod)) {
            dest[0] = ((mp_obj_static_class_method_t *)MP_OBJ_TO_PTR(member))->fun;
            dest[1] = obj;
        } else if (mp_obj_is_type(member, &mp_type_staticmethod)) {
            dest[0] = ((mp_obj_static_class_method_t *)MP_OBJ_TO_PTR(member))->fun;
        } else {
            dest[0] = member;
        }
        return;
    }
    mp_obj_t bind_self = obj;
    if (owner != &mp_type_object && !is_instance_type(owner) && is_instance_type(obj_type)) {
        const mp_obj_type_t *native = native_base_type(obj_type);
        if (native != NULL) {
            bind_self = instance_native(obj, native);
        }
    }
    mp_convert_member_lookup(bind_self, obj_type, member, dest);
}

static mp_obj_t super_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 2, 2, false);
    if (!mp_obj_is_class(args[0])) {
        mp_raise_TypeError("super() argument 1 must be type");
    }
    mp_obj_super_t *o = m_new_obj(mp_obj_super_t);
    o->base.type = &mp_type_super;
    o->cls = args[0];
    o->obj = args[1];
    return MP_OBJ_FROM_PTR(o);
}

static void super_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return; /* no stores through super */
    }
    mp_obj_super_t *self = MP_OBJ_TO_PTR(self_in);
    super_lookup(MP_OBJ_TO_PTR(self->cls), self->obj, attr, dest);
}

static void super_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_obj_super_t *self = MP_OBJ_TO_PTR(self_in);
    mp_print_str(print, "<super: ");
    mp_obj_print_helper(print, self->cls, PRINT_STR);
    mp_print_str(print, ", ");
    mp_obj_print_helper(print, self->obj, PRINT_STR);
    mp_print_str(print, ">");
}

const mp_obj_type_t mp_type_super = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_NONE,
    .name = MP_QSTR_super,
    MP_TYPE_SLOT(make_new, super_make_new),
    MP_TYPE_SLOT(print, super_print),
    MP_TYPE_SLOT(attr, super_attr),
};

/* in: dest[1] = class, dest[2] = self; out: dest[0], dest[1] as load_method */
void mp_load_super_method(qstr attr, mp_obj_t *dest) {
    mp_obj_t cls = dest[1];
    mp_obj_t obj = dest[2];
    if (!mp_obj_is_class(cls)) {
        mp_raise_TypeError("super() argument 1 must be type");
    }
    super_lookup(MP_OBJ_TO_PTR(cls), obj, attr, dest);
    if (dest[0] == MP_OBJ_NULL) {
        mp_raise_msg_varg(&mp_type_AttributeError, "'super' object has no attribute '%s'",
            qstr_str(attr));
    }
}

/* ---- property, staticmethod, classmethod ---------------------------- */

static mp_obj_t property_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    static const mp_arg_t allowed[] = {
        {MP_QSTR_fget, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE}},
        {MP_QSTR_fset, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE}},
        {MP_QSTR_fdel, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE}},
        {MP_QSTR_doc, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE}},
    };
    mp_arg_val_t vals[4];
    mp_arg_parse_all_kw_array(n_args, n_kw, args, 4, allowed, vals);
    mp_obj_property_t *o = m_new_obj(mp_obj_property_t);
    o->base.type = &mp_type_property;
    o->proxy[0] = vals[0].u_obj;
    o->proxy[1] = vals[1].u_obj;
    o->proxy[2] = vals[2].u_obj;
    return MP_OBJ_FROM_PTR(o);
}

/* p.setter(f) etc. return a copy of p with one accessor replaced */
static mp_obj_t property_with(mp_obj_t self_in, size_t which, mp_obj_t fun) {
    mp_obj_property_t *o = m_new_obj(mp_obj_property_t);
    *o = *(mp_obj_property_t *)MP_OBJ_TO_PTR(self_in);
    o->proxy[which] = fun;
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_t property_getter(mp_obj_t self, mp_obj_t fun) {
    return property_with(self, 0, fun);
}
static MP_DEFINE_CONST_FUN_OBJ_2(property_getter_obj, property_getter);

static mp_obj_t property_setter(mp_obj_t self, mp_obj_t fun) {
    return property_with(self, 1, fun);
}
static MP_DEFINE_CONST_FUN_OBJ_2(property_setter_obj, property_setter);

static mp_obj_t property_deleter(mp_obj_t self, mp_obj_t fun) {
    return property_with(self, 2, fun);
}
static MP_DEFINE_CONST_FUN_OBJ_2(property_deleter_obj, property_deleter);

static const mp_rom_map_elem_t property_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_getter), MP_ROM_PTR(&property_getter_obj)},
    {MP_ROM_QSTR(MP_QSTR_setter), MP_ROM_PTR(&property_setter_obj)},
    {MP_ROM_QSTR(MP_QSTR_deleter), MP_ROM_PTR(&property_deleter_obj)},
};
static MP_DEFINE_CONST_DICT(property_locals_dict, property_locals_table);

/* fget/fset/fdel: the accessor functions (None where absent) */
static void property_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return;
    }
    mp_obj_property_t *self = MP_OBJ_TO_PTR(self_in);
    if (attr == MP_QSTR_fget) {
        dest[0] = self->proxy[0];
    } else if (attr == MP_QSTR_fset) {
        dest[0] = self->proxy[1];
    } else if (attr == MP_QSTR_fdel) {
        dest[0] = self->proxy[2];
    }
}

const mp_obj_type_t mp_type_property = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_NONE,
    .name = MP_QSTR_property,
    MP_TYPE_SLOT(make_new, property_make_new),
    MP_TYPE_SLOT(attr, property_attr),
    MP_TYPE_SLOT(locals_dict, &property_locals_dict),
};

static mp_obj_t static_class_method_make_new(const mp_obj_type_t *type, size_t n_args,
    size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 1, false);
    mp_obj_static_class_method_t *o = m_new_obj(mp_obj_static_class_method_t);
    o->base.type = type;
    o->fun = args[0];
    return MP_OBJ_FROM_PTR(o);
}

/* __func__: the wrapped function */
static void static_class_method_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR___func__) {
        dest[0] = ((mp_obj_static_class_method_t *)MP_OBJ_TO_PTR(self_in))->fun;
    }
}

const mp_obj_type_t mp_type_staticmethod = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_NONE,
    .name = MP_QSTR_staticmethod,
    MP_TYPE_SLOT(make_new, static_class_method_make_new),
    MP_TYPE_SLOT(attr, static_class_method_attr),
};

const mp_obj_type_t mp_type_classmethod = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_NONE,
    .name = MP_QSTR_classmethod,
    MP_TYPE_SLOT(make_new, static_class_method_make_new),
    MP_TYPE_SLOT(attr, static_class_method_attr),
};

/* ---- __build_class__ ------------------------------------------------ */

/* __build_class__(body, name, *bases, metaclass=type): run the class body
 * with a fresh locals dict, make the class, and fill the __class__ cell the
 * body returns (used by zero-argument super()). */
static mp_obj_t build_class(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    if (n_args < 2) {
        mp_raise_TypeError("__build_class__ needs a function and a name");
    }
    mp_obj_t body = args[0];
    mp_obj_t name = args[1];
    mp_obj_t bases = mp_obj_new_tuple(n_args - 2, args + 2);
    mp_obj_t meta = MP_OBJ_NULL;
    if (kw_args != NULL) {
        mp_map_elem_t *elem = mp_map_lookup(kw_args, MP_OBJ_NEW_QSTR(MP_QSTR_metaclass),
            MP_MAP_LOOKUP);
        if (elem != NULL) {
            meta = elem->value;
        }
    }
    if (meta == MP_OBJ_NULL) {
        meta = n_args > 2 ? MP_OBJ_FROM_PTR(mp_obj_get_type(args[2]))
                          : MP_OBJ_FROM_PTR(&mp_type_type);
    }

    mp_obj_t class_locals = mp_obj_new_dict(0);
    mp_obj_dict_t *old_locals = mp_locals_get();
    mp_locals_set(MP_OBJ_TO_PTR(class_locals));
    nlr_buf_t nlr;
    mp_obj_t cell;
    if (nlr_push(&nlr) == 0) {
        cell = mp_call_function_0(body);
        nlr_pop();
    } else {
        mp_locals_set(old_locals);
        nlr_jump(nlr.ret_val);
    }
    mp_locals_set(old_locals);

    mp_obj_t new_class;
    if (meta == MP_OBJ_FROM_PTR(&mp_type_type)) {
        new_class = mp_obj_new_type(mp_obj_str_get_qstr(name), bases, class_locals);
    } else {
        mp_obj_t meta_args[3] = {name, bases, class_locals};
        new_class = mp_call_function_n_kw(meta, 3, 0, meta_args);
    }
    if (mp_obj_is_type(cell, &mp_type_cell)) {
        /* __class__ (for zero-argument super) is the type itself */
        mp_obj_cell_set(cell, new_class);
    }
    return new_class;
}

const mp_obj_fun_builtin_var_t mp_builtin___build_class___obj = {
    {&mp_type_fun_builtin_var},
    MP_OBJ_FUN_MAKE_SIG(2, MP_OBJ_FUN_ARGS_MAX, true),
    .fun.kw = build_class,
};
