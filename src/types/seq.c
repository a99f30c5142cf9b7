/*
 * Helpers shared by the sequence types (list, tuple, str/bytes, bytearray,
 * range): slice arithmetic, lexicographic comparison, index/count, repeat
 * counts and the "[a, b]" style repr.
 */
#include <string.h>

#include "types/containers.h"

size_t mp_seq_slice_len(const mp_bound_slice_t *s) {
    /* unsigned arithmetic: ranges may span more than half the word */
    mp_uint_t diff, step;
    if (s->step > 0) {
        if (s->stop <= s->start) {
            return 0;
        }
        diff = (mp_uint_t)s->stop - (mp_uint_t)s->start;
        step = (mp_uint_t)s->step;
    } else {
        if (s->start <= s->stop) {
            return 0;
        }
        diff = (mp_uint_t)s->start - (mp_uint_t)s->stop;
        step = -(mp_uint_t)s->step;
    }
    return diff / step + (diff % step != 0);
}

void mp_seq_bound_slice(mp_obj_t index, size_t len, mp_bound_slice_t *s) {
    mp_obj_slice_indices(index, (mp_int_t)len, s);
    if (s->step == 1 && s->stop < s->start) {
        s->stop = s->start;
    }
}

void mp_seq_copy_slice(mp_obj_t *dest, const mp_obj_t *src, const mp_bound_slice_t *s) {
    size_t n = mp_seq_slice_len(s);
    if (s->step == 1) {
        memcpy(dest, src + s->start, n * sizeof(mp_obj_t));
        return;
    }
    mp_int_t i = s->start;
    for (size_t k = 0; k < n; k++, i += s->step) {
        dest[k] = src[i];
    }
}

static bool cmp_result(mp_binary_op_t op, int c) {
    switch (op) {
        case MP_BINARY_OP_LESS:
            return c < 0;
        case MP_BINARY_OP_LESS_EQUAL:
            return c <= 0;
        case MP_BINARY_OP_MORE:
            return c > 0;
        case MP_BINARY_OP_MORE_EQUAL:
            return c >= 0;
        case MP_BINARY_OP_NOT_EQUAL:
            return c != 0;
        default:
            return c == 0;
    }
}

bool mp_seq_cmp_bytes(mp_binary_op_t op, const byte *a, size_t na, const byte *b, size_t nb) {
    if ((op == MP_BINARY_OP_EQUAL || op == MP_BINARY_OP_NOT_EQUAL) && na != nb) {
        return op == MP_BINARY_OP_NOT_EQUAL;
    }
    size_t n = na < nb ? na : nb;
    int c = n ? memcmp(a, b, n) : 0;
    if (c == 0) {
        c = na < nb ? -1 : na > nb ? 1 : 0;
    }
    return cmp_result(op, c);
}

bool mp_seq_cmp_objs(mp_binary_op_t op, const mp_obj_t *a, size_t na, const mp_obj_t *b,
    size_t nb) {
    bool eq_op = op == MP_BINARY_OP_EQUAL || op == MP_BINARY_OP_NOT_EQUAL;
    if (eq_op && na != nb) {
        return op == MP_BINARY_OP_NOT_EQUAL;
    }
    size_t n = na < nb ? na : nb;
    for (size_t i = 0; i < n; i++) {
        if (mp_obj_equal(a[i], b[i])) {
            continue;
        }
        /* first differing item decides */
        if (eq_op) {
            return op == MP_BINARY_OP_NOT_EQUAL;
        }
        mp_binary_op_t strict = (op == MP_BINARY_OP_LESS || op == MP_BINARY_OP_LESS_EQUAL)
            ? MP_BINARY_OP_LESS : MP_BINARY_OP_MORE;
        return mp_obj_is_true(mp_binary_op(strict, a[i], b[i]));
    }
    int c = na < nb ? -1 : na > nb ? 1 : 0;
    return cmp_result(op, c);
}

bool mp_seq_contains_obj(const mp_obj_t *items, size_t len, mp_obj_t value) {
    for (size_t i = 0; i < len; i++) {
        if (mp_obj_equal(items[i], value)) {
            return true;
        }
    }
    return false;
}

mp_obj_t mp_seq_index_obj(const mp_obj_t *items, size_t len, size_t n_args,
    const mp_obj_t *args) {
    /* args: self, value[, start[, stop]] */
    mp_int_t start = 0, stop = (mp_int_t)len;
    if (n_args > 2) {
        start = mp_obj_get_int(args[2]);
        if (start < 0) {
            start += len;
            if (start < 0) {
                start = 0;
            }
        }
    }
    if (n_args > 3) {
        stop = mp_obj_get_int(args[3]);
        if (stop < 0) {
            stop += len;
        } else if (stop > (mp_int_t)len) {
            stop = len;
        }
    }
    for (mp_int_t i = start; i < stop; i++) {
        if (mp_obj_equal(items[i], args[1])) {
            return MP_OBJ_NEW_SMALL_INT(i);
        }
    }
    mp_raise_ValueError("object not in sequence");
}

mp_obj_t mp_seq_count_obj(const mp_obj_t *items, size_t len, mp_obj_t value) {
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (mp_obj_equal(items[i], value)) {
            n++;
        }
    }
    return MP_OBJ_NEW_SMALL_INT(n);
}

void mp_seq_print(const mp_print_t *print, const mp_obj_t *items, size_t len,
    const char *open, const char *close, mp_print_kind_t kind) {
    if (kind != PRINT_JSON) {
        kind = PRINT_REPR;
    }
    mp_print_str(print, open);
    for (size_t i = 0; i < len; i++) {
        if (i > 0) {
            mp_print_str(print, ", ");
        }
        mp_obj_print_helper(print, items[i], kind);
    }
    mp_print_str(print, close);
}

bool mp_seq_get_repeat(mp_obj_t n, size_t *count) {
    mp_int_t v;
    if (mp_obj_is_small_int(n)) {
        v = MP_OBJ_SMALL_INT_VALUE(n);
    } else if (mp_obj_is_bool(n)) {
        v = n == mp_const_true;
    } else if (mp_obj_is_type(n, &mp_type_int)) {
        if (mp_obj_int_sign(n) < 0) {
            v = 0;
        } else {
            mp_raise_memory_error();
        }
    } else {
        return false;
    }
    *count = v < 0 ? 0 : (size_t)v;
    return true;
}
