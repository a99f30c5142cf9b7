/*
 * list: a growable array of objects. Includes list.sort, which must put
 * equal keys in exactly the order MicroPython does: an in-place quicksort
 * (Hoare partition, last element as pivot, recursion into the smaller part,
 * loop on the larger); reverse=True inverts the comparison sense instead of
 * reversing the result. It is therefore not stable.
 */
#include <string.h>

#include "types/containers.h"

#define LIST_MIN_ALLOC (4)

static mp_obj_list_t *list_new(size_t n) {
    mp_seq_check_alloc(n, sizeof(mp_obj_t));
    mp_obj_list_t *o = m_new_obj(mp_obj_list_t);
    o->base.type = &mp_type_list;
    o->alloc = n < LIST_MIN_ALLOC ? LIST_MIN_ALLOC : n;
    o->len = n;
    o->items = m_new0(mp_obj_t, o->alloc);
    return o;
}

mp_obj_t mp_obj_new_list(size_t n, mp_obj_t *items) {
    mp_obj_list_t *o = list_new(n);
    if (items != NULL) {
        memcpy(o->items, items, n * sizeof(mp_obj_t));
    }
    return MP_OBJ_FROM_PTR(o);
}

static mp_obj_list_t *get_list(mp_obj_t self) {
    if (mp_obj_is_obj(self) && ((mp_obj_base_t *)MP_OBJ_TO_PTR(self))->type != &mp_type_list &&
        (((mp_obj_base_t *)MP_OBJ_TO_PTR(self))->type->flags & MP_TYPE_FLAG_INSTANCE_TYPE)) {
        /* method of list called on an instance of a Python subclass */
        mp_obj_instance_t *inst = (mp_obj_instance_t *)MP_OBJ_TO_PTR(self);
        self = inst->subobj[0];
    }
    if (!mp_obj_is_type(self, &mp_type_list)) {
        mp_raise_msg_varg(&mp_type_TypeError, "expected a list, got '%s'",
            mp_obj_get_type_str(self));
    }
    return (mp_obj_list_t *)MP_OBJ_TO_PTR(self);
}

void mp_obj_list_get(mp_obj_t self_in, size_t *len, mp_obj_t **items) {
    mp_obj_list_t *self = (mp_obj_list_t *)MP_OBJ_TO_PTR(self_in);
    *len = self->len;
    *items = self->items;
}

static void list_ensure(mp_obj_list_t *self, size_t need) {
    if (need > self->alloc) {
        mp_seq_check_alloc(need, 2 * sizeof(mp_obj_t));
        size_t na = self->alloc * 2;
        if (na < need) {
            na = need;
        }
        self->items = m_renew(mp_obj_t, self->items, self->alloc, na);
        memset(self->items + self->alloc, 0, (na - self->alloc) * sizeof(mp_obj_t));
        self->alloc = na;
    }
}

void mp_obj_list_set_len(mp_obj_t self_in, size_t len) {
    mp_obj_list_t *self = (mp_obj_list_t *)MP_OBJ_TO_PTR(self_in);
    list_ensure(self, len);
    if (len < self->len) {
        /* clear the tail so the GC does not keep dead objects */
        memset(self->items + len, 0, (self->len - len) * sizeof(mp_obj_t));
    }
    self->len = len;
}

mp_obj_t mp_obj_list_append(mp_obj_t self_in, mp_obj_t arg) {
    mp_obj_list_t *self = (mp_obj_list_t *)MP_OBJ_TO_PTR(self_in);
    if (self->len >= self->alloc) {
        list_ensure(self, self->len + 1);
    }
    self->items[self->len++] = arg;
    return mp_const_none;
}

mp_obj_t mp_obj_list_extend_from(mp_obj_t self_in, mp_obj_t iterable) {
    mp_obj_list_t *self = (mp_obj_list_t *)MP_OBJ_TO_PTR(self_in);
    if (mp_obj_is_type(iterable, &mp_type_list) || mp_obj_is_type(iterable, &mp_type_tuple)) {
        size_t n;
        mp_obj_t *items;
        mp_obj_get_array(iterable, &n, &items);
        list_ensure(self, self->len + n);
        /* items may alias self->items (l.extend(l)): memmove is safe */
        memmove(self->items + self->len, items, n * sizeof(mp_obj_t));
        self->len += n;
        return self_in;
    }
    mp_obj_iter_buf_t buf;
    mp_obj_t iter = mp_getiter(iterable, &buf);
    mp_obj_t item;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        mp_obj_list_append(self_in, item);
    }
    return self_in;
}

mp_obj_t mp_obj_list_from_iterable(mp_obj_t iterable) {
    return mp_obj_list_extend_from(mp_obj_new_list(0, NULL), iterable);
}

static mp_obj_t list_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 1, false);
    mp_obj_t l = mp_obj_new_list(0, NULL);
    if (n_args == 1) {
        mp_obj_list_extend_from(l, args[0]);
    }
    return l;
}

static void list_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_obj_list_t *self = (mp_obj_list_t *)MP_OBJ_TO_PTR(self_in);
    mp_seq_print(print, self->items, self->len, "[", "]", kind);
}

static mp_obj_t list_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    mp_obj_list_t *self = (mp_obj_list_t *)MP_OBJ_TO_PTR(self_in);
    switch (op) {
        case MP_UNARY_OP_BOOL:
            return mp_obj_new_bool(self->len != 0);
        case MP_UNARY_OP_LEN:
            return MP_OBJ_NEW_SMALL_INT(self->len);
        default:
            return MP_OBJ_NULL;
    }
}

static mp_obj_t list_repeat(mp_obj_list_t *self, size_t n) {
    mp_obj_list_t *r = list_new(mp_seq_mul_len(self->len, n));
    for (size_t i = 0; i < n; i++) {
        memcpy(r->items + i * self->len, self->items, self->len * sizeof(mp_obj_t));
    }
    return MP_OBJ_FROM_PTR(r);
}

static mp_obj_t list_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    mp_obj_list_t *self = (mp_obj_list_t *)MP_OBJ_TO_PTR(lhs);
    switch (op) {
        case MP_BINARY_OP_CONTAINS:
            return mp_obj_new_bool(mp_seq_contains_obj(self->items, self->len, rhs));
        case MP_BINARY_OP_INPLACE_ADD:
            mp_obj_list_extend_from(lhs, rhs);
            return lhs;
        case MP_BINARY_OP_MULTIPLY:
        case MP_BINARY_OP_INPLACE_MULTIPLY:
        case MP_BINARY_OP_REVERSE_MULTIPLY: {
            size_t n;
            if (!mp_seq_get_repeat(rhs, &n)) {
                return MP_OBJ_NULL;
            }
            return list_repeat(self, n);
        }
        default:
            break;
    }
    if (!mp_obj_is_type(rhs, &mp_type_list)) {
        return MP_OBJ_NULL;
    }
    mp_obj_list_t *other = (mp_obj_list_t *)MP_OBJ_TO_PTR(rhs);
    switch (op) {
        case MP_BINARY_OP_ADD: {
            mp_obj_list_t *r = list_new(self->len + other->len);
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

/* the value of a slice assignment as an array (copied if it aliases self) */
static void slice_source(mp_obj_list_t *self, mp_obj_t value, size_t *n, mp_obj_t **items) {
    if (mp_obj_is_type(value, &mp_type_list) || mp_obj_is_type(value, &mp_type_tuple)) {
        mp_obj_get_array(value, n, items);
        if (*items == self->items) {
            mp_obj_t *copy = m_new(mp_obj_t, *n ? *n : 1);
            memcpy(copy, *items, *n * sizeof(mp_obj_t));
            *items = copy;
        }
        return;
    }
    mp_obj_t l = mp_obj_list_from_iterable(value);
    mp_obj_list_get(l, n, items);
}

/* replace items [start, stop) with n new items */
static void list_replace_range(mp_obj_list_t *self, size_t start, size_t stop, size_t n,
    const mp_obj_t *items) {
    size_t old_n = stop - start;
    size_t new_len = self->len - old_n + n;
    if (n > old_n) {
        list_ensure(self, new_len);
    }
    memmove(self->items + start + n, self->items + stop, (self->len - stop) * sizeof(mp_obj_t));
    if (n > 0) {
        memcpy(self->items + start, items, n * sizeof(mp_obj_t));
    }
    if (new_len < self->len) {
        memset(self->items + new_len, 0, (self->len - new_len) * sizeof(mp_obj_t));
    }
    self->len = new_len;
}

static void list_delete_slice(mp_obj_list_t *self, const mp_bound_slice_t *s) {
    if (s->step == 1) {
        list_replace_range(self, s->start, s->stop, 0, NULL);
        return;
    }
    size_t count = mp_seq_slice_len(s);
    if (count == 0) {
        return;
    }
    /* normalise to an ascending walk and compact the survivors */
    mp_int_t step = s->step > 0 ? s->step : -s->step;
    mp_int_t first = s->step > 0 ? s->start : s->start + (mp_int_t)(count - 1) * s->step;
    size_t w = first;
    for (size_t r = first; r < self->len; r++) {
        bool doomed = (mp_int_t)r >= first && ((mp_int_t)r - first) % step == 0 &&
            ((mp_int_t)r - first) / step < (mp_int_t)count;
        if (!doomed) {
            self->items[w++] = self->items[r];
        }
    }
    memset(self->items + w, 0, (self->len - w) * sizeof(mp_obj_t));
    self->len = w;
}

static mp_obj_t list_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    mp_obj_list_t *self = (mp_obj_list_t *)MP_OBJ_TO_PTR(self_in);
    if (mp_obj_is_type(index, &mp_type_slice)) {
        mp_bound_slice_t s;
        mp_seq_bound_slice(index, self->len, &s);
        if (value == MP_OBJ_SENTINEL) {
            size_t n = mp_seq_slice_len(&s);
            mp_obj_list_t *r = list_new(n);
            mp_seq_copy_slice(r->items, self->items, &s);
            return MP_OBJ_FROM_PTR(r);
        }
        if (value == MP_OBJ_NULL) {
            list_delete_slice(self, &s);
            return mp_const_none;
        }
        size_t n;
        mp_obj_t *items;
        slice_source(self, value, &n, &items);
        if (s.step == 1) {
            list_replace_range(self, s.start, s.stop, n, items);
        } else {
            size_t count = mp_seq_slice_len(&s);
            if (count != n) {
                mp_raise_msg_varg(&mp_type_ValueError,
                    "attempt to assign sequence of size %d to extended slice of size %d",
                    (int)n, (int)count);
            }
            mp_int_t i = s.start;
            for (size_t k = 0; k < n; k++, i += s.step) {
                self->items[i] = items[k];
            }
        }
        return mp_const_none;
    }
    size_t i = mp_get_index(&mp_type_list, self->len, index, false);
    if (value == MP_OBJ_SENTINEL) {
        return self->items[i];
    }
    if (value == MP_OBJ_NULL) {
        list_replace_range(self, i, i + 1, 0, NULL);
    } else {
        self->items[i] = value;
    }
    return mp_const_none;
}

/* ---- iteration -------------------------------------------------------- */

typedef struct _list_it_t {
    mp_obj_base_t base;
    mp_obj_t list;
    size_t cur;
} list_it_t;

static mp_obj_t list_it_iternext(mp_obj_t self_in) {
    list_it_t *it = (list_it_t *)MP_OBJ_TO_PTR(self_in);
    mp_obj_list_t *l = (mp_obj_list_t *)MP_OBJ_TO_PTR(it->list);
    if (it->cur < l->len) {
        return l->items[it->cur++];
    }
    return MP_OBJ_STOP_ITERATION;
}

static const mp_obj_type_t list_it_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_iterator,
    MP_TYPE_SLOT(iter, list_it_iternext),
};

static mp_obj_t list_getiter(mp_obj_t self, mp_obj_iter_buf_t *iter_buf) {
    list_it_t *it = iter_buf ? (list_it_t *)iter_buf : m_new_obj(list_it_t);
    it->base.type = &list_it_type;
    it->list = self;
    it->cur = 0;
    return MP_OBJ_FROM_PTR(it);
}

/* ---- sorting ---------------------------------------------------------- */

static inline bool sort_less(mp_obj_t a, mp_obj_t b) {
    if (mp_obj_is_small_int(a) && mp_obj_is_small_int(b)) {
        return MP_OBJ_SMALL_INT_VALUE(a) < MP_OBJ_SMALL_INT_VALUE(b);
    }
    return mp_obj_is_true(mp_binary_op(MP_BINARY_OP_LESS, a, b));
}

/* keys[] are compared; vals[] (if not NULL) are moved along with them */
static void quicksort(mp_obj_t *keys, mp_obj_t *vals, mp_int_t head, mp_int_t tail,
    bool less_res) {
    mp_stack_check();
    while (head < tail) {
        mp_int_t h = head - 1;
        mp_int_t t = tail;
        mp_obj_t pivot = keys[tail];
        for (;;) {
            do {
                h++;
            } while (h < t && sort_less(keys[h], pivot) == less_res);
            do {
                t--;
            } while (h < t && sort_less(pivot, keys[t]) == less_res);
            if (h >= t) {
                break;
            }
            mp_obj_t x = keys[h];
            keys[h] = keys[t];
            keys[t] = x;
            if (vals) {
                x = vals[h];
                vals[h] = vals[t];
                vals[t] = x;
            }
        }
        mp_obj_t x = keys[h];
        keys[h] = keys[tail];
        keys[tail] = x;
        if (vals) {
            x = vals[h];
            vals[h] = vals[tail];
            vals[tail] = x;
        }
        if (t - head < tail - h - 1) {
            quicksort(keys, vals, head, t, less_res);
            head = h + 1;
        } else {
            quicksort(keys, vals, h + 1, tail, less_res);
            tail = t;
        }
    }
}

/* ---- fast path: when no two keys tie, the sorted order is unique, so
 * any correct sort gives MicroPython's result. A merge sort (O(n log n)
 * even on already-sorted input, where the quicksort is quadratic) is tried
 * on copies; if it finds a tie or a comparison raises, the quicksort runs
 * on the untouched originals and decides (and raises) exactly as before. */


#define SORT_FAST_MIN (16)

static inline bool sort_before(mp_obj_t a, mp_obj_t b, bool reverse) {
    return reverse ? sort_less(b, a) : sort_less(a, b);
}

/* stable bottom-up merge sort of keys (vals follow); tmp arrays of size n */
static void merge_sort(mp_obj_t *keys, mp_obj_t *vals, mp_obj_t *tk, mp_obj_t *tv, size_t n,
    bool reverse) {
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            if (mid >= hi || !sort_before(keys[mid], keys[mid - 1], reverse)) {
                /* already in order: copy the run through */
                memcpy(tk + lo, keys + lo, (hi - lo) * sizeof(mp_obj_t));
                if (vals) {
                    memcpy(tv + lo, vals + lo, (hi - lo) * sizeof(mp_obj_t));
                }
                continue;
            }
            while (i < mid && j < hi) {
                size_t from = sort_before(keys[j], keys[i], reverse) ? j++ : i++;
                tk[k] = keys[from];
                if (vals) {
                    tv[k] = vals[from];
                }
                k++;
            }
            for (; i < mid; i++, k++) {
                tk[k] = keys[i];
                if (vals) {
                    tv[k] = vals[i];
                }
            }
            for (; j < hi; j++, k++) {
                tk[k] = keys[j];
                if (vals) {
                    tv[k] = vals[j];
                }
            }
        }
        memcpy(keys, tk, n * sizeof(mp_obj_t));
        if (vals) {
            memcpy(vals, tv, n * sizeof(mp_obj_t));
        }
    }
}

static bool sort_has_ties(const mp_obj_t *keys, size_t n, bool reverse) {
    for (size_t i = 0; i + 1 < n; i++) {
        if (!sort_before(keys[i], keys[i + 1], reverse)) {
            return true;
        }
    }
    return false;
}

/* true (and keys/vals sorted) when the keys are all distinct */
static bool sort_fast(mp_obj_t *keys, mp_obj_t *vals, size_t n, bool reverse) {
    size_t words = vals ? 4 * n : 2 * n;
    mp_obj_t *work = m_new(mp_obj_t, words);
    mp_obj_t *k2 = work, *tk = work + n;
    mp_obj_t *v2 = vals ? work + 2 * n : NULL, *tv = vals ? work + 3 * n : NULL;
    memcpy(k2, keys, n * sizeof(mp_obj_t));
    if (vals) {
        memcpy(v2, vals, n * sizeof(mp_obj_t));
    }
    volatile bool ok = false; /* read after a possible non-local return */
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        merge_sort(k2, v2, tk, tv, n, reverse);
        ok = !sort_has_ties(k2, n, reverse);
        nlr_pop();
    }
    if (ok) {
        memcpy(keys, k2, n * sizeof(mp_obj_t));
        if (vals) {
            memcpy(vals, v2, n * sizeof(mp_obj_t));
        }
    }
    m_free(work);
    return ok;
}

static void sort_arrays(mp_obj_t *keys, mp_obj_t *vals, size_t n, bool reverse) {
    if (n >= SORT_FAST_MIN && sort_fast(keys, vals, n, reverse)) {
        return;
    }
    quicksort(keys, vals, 0, (mp_int_t)n - 1, !reverse);
}

void mp_obj_list_sort_helper(mp_obj_t list, mp_obj_t key, bool reverse) {
    mp_obj_list_t *self = get_list(list);
    size_t n = self->len;
    if (n < 2) {
        return;
    }
    if (key == MP_OBJ_NULL || key == mp_const_none) {
        sort_arrays(self->items, NULL, n, reverse);
        return;
    }
    /* key(x) is computed once per item; the same order results because the
     * comparisons only ever see keys */
    mp_obj_t *keys = m_new(mp_obj_t, n);
    for (size_t i = 0; i < n; i++) {
        keys[i] = mp_call_function_1(key, self->items[i]);
    }
    if (self->len != n) {
        mp_raise_ValueError("list modified during sort");
    }
    sort_arrays(keys, self->items, n, reverse);
    m_free(keys);
}

static mp_obj_t list_sort(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    if (n_args > 1) {
        mp_raise_TypeError("function takes 1 positional arguments but more were given");
    }
    mp_obj_t key = MP_OBJ_NULL;
    bool reverse = false;
    if (kw != NULL) {
        for (size_t i = 0; i < kw->alloc; i++) {
            if (!mp_map_slot_is_filled(kw, i)) {
                continue;
            }
            mp_obj_t k = kw->table[i].key;
            if (mp_obj_is_qstr(k) && MP_OBJ_QSTR_VALUE(k) == MP_QSTR_key) {
                key = kw->table[i].value;
            } else if (mp_obj_is_qstr(k) && MP_OBJ_QSTR_VALUE(k) == MP_QSTR_reverse) {
                reverse = mp_obj_is_true(kw->table[i].value);
            } else {
                mp_raise_TypeError("unexpected keyword argument");
            }
        }
    }
    mp_obj_list_sort_helper(args[0], key, reverse);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(list_sort_obj, 1, list_sort);

/* ---- methods ------------------------------------------------------------ */

static mp_obj_t list_append(mp_obj_t self, mp_obj_t arg) {
    return mp_obj_list_append(MP_OBJ_FROM_PTR(get_list(self)), arg);
}
static MP_DEFINE_CONST_FUN_OBJ_2(list_append_obj, list_append);

static mp_obj_t list_extend(mp_obj_t self, mp_obj_t arg) {
    mp_obj_list_extend_from(MP_OBJ_FROM_PTR(get_list(self)), arg);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(list_extend_obj, list_extend);

static mp_obj_t list_insert(mp_obj_t self_in, mp_obj_t idx_in, mp_obj_t value) {
    mp_obj_list_t *self = get_list(self_in);
    mp_int_t i = mp_obj_get_int(idx_in);
    mp_int_t len = (mp_int_t)self->len;
    if (i < 0) {
        i += len;
        if (i < 0) {
            i = 0;
        }
    } else if (i > len) {
        i = len;
    }
    list_replace_range(self, i, i, 1, &value);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_3(list_insert_obj, list_insert);

static mp_obj_t list_pop(size_t n_args, const mp_obj_t *args) {
    mp_obj_list_t *self = get_list(args[0]);
    if (self->len == 0) {
        mp_raise_msg(&mp_type_IndexError, "pop from empty list");
    }
    size_t i = self->len - 1;
    if (n_args > 1) {
        i = mp_get_index(&mp_type_list, self->len, args[1], false);
    }
    mp_obj_t r = self->items[i];
    list_replace_range(self, i, i + 1, 0, NULL);
    /* give memory back when the list has shrunk a lot */
    if (self->alloc > LIST_MIN_ALLOC * 4 && self->len < self->alloc / 4) {
        size_t na = self->alloc / 2;
        self->items = m_renew(mp_obj_t, self->items, self->alloc, na);
        self->alloc = na;
    }
    return r;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(list_pop_obj, 1, 2, list_pop);

static mp_obj_t list_remove(mp_obj_t self_in, mp_obj_t value) {
    mp_obj_list_t *self = get_list(self_in);
    mp_obj_t args[2] = {self_in, value};
    mp_obj_t idx = mp_seq_index_obj(self->items, self->len, 2, args);
    size_t i = MP_OBJ_SMALL_INT_VALUE(idx);
    list_replace_range(self, i, i + 1, 0, NULL);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(list_remove_obj, list_remove);

static mp_obj_t list_index(size_t n_args, const mp_obj_t *args) {
    mp_obj_list_t *self = get_list(args[0]);
    return mp_seq_index_obj(self->items, self->len, n_args, args);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(list_index_obj, 2, 4, list_index);

static mp_obj_t list_count(mp_obj_t self_in, mp_obj_t value) {
    mp_obj_list_t *self = get_list(self_in);
    return mp_seq_count_obj(self->items, self->len, value);
}
static MP_DEFINE_CONST_FUN_OBJ_2(list_count_obj, list_count);

static mp_obj_t list_clear(mp_obj_t self_in) {
    mp_obj_list_t *self = get_list(self_in);
    self->len = 0;
    self->alloc = LIST_MIN_ALLOC;
    self->items = m_new0(mp_obj_t, LIST_MIN_ALLOC);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(list_clear_obj, list_clear);

static mp_obj_t list_copy(mp_obj_t self_in) {
    mp_obj_list_t *self = get_list(self_in);
    return mp_obj_new_list(self->len, self->items);
}
static MP_DEFINE_CONST_FUN_OBJ_1(list_copy_obj, list_copy);

static mp_obj_t list_reverse(mp_obj_t self_in) {
    mp_obj_list_t *self = get_list(self_in);
    for (size_t i = 0, j = self->len; i + 1 < j; i++, j--) {
        mp_obj_t t = self->items[i];
        self->items[i] = self->items[j - 1];
        self->items[j - 1] = t;
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(list_reverse_obj, list_reverse);

static const mp_rom_map_elem_t list_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_append), MP_ROM_PTR(&list_append_obj)},
    {MP_ROM_QSTR(MP_QSTR_clear), MP_ROM_PTR(&list_clear_obj)},
    {MP_ROM_QSTR(MP_QSTR_copy), MP_ROM_PTR(&list_copy_obj)},
    {MP_ROM_QSTR(MP_QSTR_count), MP_ROM_PTR(&list_count_obj)},
    {MP_ROM_QSTR(MP_QSTR_extend), MP_ROM_PTR(&list_extend_obj)},
    {MP_ROM_QSTR(MP_QSTR_index), MP_ROM_PTR(&list_index_obj)},
    {MP_ROM_QSTR(MP_QSTR_insert), MP_ROM_PTR(&list_insert_obj)},
    {MP_ROM_QSTR(MP_QSTR_pop), MP_ROM_PTR(&list_pop_obj)},
    {MP_ROM_QSTR(MP_QSTR_remove), MP_ROM_PTR(&list_remove_obj)},
    {MP_ROM_QSTR(MP_QSTR_reverse), MP_ROM_PTR(&list_reverse_obj)},
    {MP_ROM_QSTR(MP_QSTR_sort), MP_ROM_PTR(&list_sort_obj)},
};
static MP_DEFINE_CONST_DICT(list_locals_dict, list_locals_table);

const mp_obj_type_t mp_type_list = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_GETITER,
    .name = MP_QSTR_list,
    MP_TYPE_SLOT(make_new, list_make_new),
    MP_TYPE_SLOT(print, list_print),
    MP_TYPE_SLOT(unary_op, list_unary_op),
    MP_TYPE_SLOT(binary_op, list_binary_op),
    MP_TYPE_SLOT(subscr, list_subscr),
    MP_TYPE_SLOT(iter, list_getiter),
    MP_TYPE_SLOT(locals_dict, &list_locals_dict),
};
