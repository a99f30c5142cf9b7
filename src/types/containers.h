/*
 * Internal interface between the container types (str, bytes, bytearray,
 * memoryview, list, tuple, dict, set, range, slice, iterators). Nothing here
 * is part of the public object-model contract in core/obj.h.
 */
#ifndef MICA_TYPES_CONTAINERS_H
#define MICA_TYPES_CONTAINERS_H

#include "core/runtime.h"

/* The native part of an instance of a Python subclass of `native` (str,
 * bytes, tuple, dict, ...), or MP_OBJ_NULL when o is no such instance.
 * Safe for any object: instances without a native base have no subobj. */
static inline mp_obj_t mp_obj_native_part(mp_obj_t o, const mp_obj_type_t *native) {
    if (!mp_obj_is_obj(o) || !(mp_obj_get_type(o)->flags & MP_TYPE_FLAG_INSTANCE_TYPE)) {
        return MP_OBJ_NULL;
    }
    mp_obj_t r = mp_obj_instance_cast_to_native_base(o, MP_OBJ_FROM_PTR(native));
    return r == o ? MP_OBJ_NULL : r;
}

/* ---- str / bytes (str.c) -------------------------------------------- */

/* data and length of a qstr or mp_obj_str_t (no type check) */
static inline const byte *mp_str_raw_data(mp_obj_t o, size_t *len) {
    if (mp_obj_is_qstr(o)) {
        return qstr_data(MP_OBJ_QSTR_VALUE(o), len);
    }
    mp_obj_str_t *s = (mp_obj_str_t *)MP_OBJ_TO_PTR(o);
    *len = s->len;
    return s->data;
}

/* a new str/bytes/bytearray of the given type holding a copy of data */
mp_obj_t mp_obj_new_str_of_type(const mp_obj_type_t *type, const byte *data, size_t len);
/* write data quoted the way repr() does (b'' prefix not included) */
void mp_str_print_quoted(const mp_print_t *print, const byte *data, size_t len, bool is_bytes);
/* print the repr of bytes-like data as b'...' */
void mp_bytes_print_repr(const mp_print_t *print, const byte *data, size_t len);
/* bytes(x)/bytearray(x) contents from a buffer or an iterable of ints */
void mp_bytes_fill_from_obj(mp_obj_t arg, vstr_t *out);
/* bytes(...)/bytearray(...) contents from the constructor's arguments:
 * (int), (str, encoding[, errors]), (buffer) or (iterable of ints) */
void mp_bytes_from_ctor_args(size_t n_args, size_t n_kw, const mp_obj_t *args, vstr_t *out);
/* bytearray's methods: the str/bytes ones (str.c) plus these (bytearray.c) */
extern const mp_obj_dict_t mp_bytearray_locals_dict;
/* bytes.hex([sep[, bytes_per_sep]]) for any buffer (memoryview uses it too) */
extern const mp_obj_fun_builtin_var_t mp_bytes_hex_obj;
extern const mp_obj_fun_builtin_fixed_t mp_bytearray_append_obj;
extern const mp_obj_fun_builtin_fixed_t mp_bytearray_extend_obj;
extern const mp_obj_fun_builtin_fixed_t mp_bytearray_copy_obj;
extern const mp_obj_fun_builtin_fixed_t mp_bytearray_clear_obj;
extern const mp_obj_fun_builtin_fixed_t mp_bytearray_reverse_obj;
extern const mp_obj_fun_builtin_fixed_t mp_bytearray_remove_obj;
extern const mp_obj_fun_builtin_fixed_t mp_bytearray_insert_obj;
extern const mp_obj_fun_builtin_var_t mp_bytearray_pop_obj;

/* ---- formatting (strformat.c) ---------------------------------------- */
mp_obj_t mp_obj_str_format(size_t n_args, const mp_obj_t *args, mp_map_t *kwargs);
extern const mp_obj_fun_builtin_var_t mp_str_format_obj;
extern const mp_obj_fun_builtin_fixed_t mp_str_format_map_obj;
/* fmt % args for str (is_bytes false) or bytes */
mp_obj_t mp_str_modulo_format(mp_obj_t fmt, mp_obj_t args, bool is_bytes);

/* ---- sequences (seq.c) ---------------------------------------------- */
/* MemoryError unless n items of `size` bytes fit in the address space */
static inline void mp_seq_check_alloc(size_t n, size_t size) {
    if (size != 0 && n > ((size_t)-1 / 2) / size) {
        mp_raise_memory_error();
    }
}
/* n * m, or MemoryError on overflow */
static inline size_t mp_seq_mul_len(size_t n, size_t m) {
    if (m != 0 && n > (size_t)-1 / m) {
        mp_raise_memory_error();
    }
    return n * m;
}
/* number of items selected by a normalised slice */
size_t mp_seq_slice_len(const mp_bound_slice_t *s);
/* ordered comparison of two object arrays (op is LESS..MORE_EQUAL or EQUAL) */
bool mp_seq_cmp_objs(mp_binary_op_t op, const mp_obj_t *a, size_t na, const mp_obj_t *b,
    size_t nb);
bool mp_seq_cmp_bytes(mp_binary_op_t op, const byte *a, size_t na, const byte *b, size_t nb);
/* seq.index(value[, start[, stop]]) and seq.count(value) over an object array */
mp_obj_t mp_seq_index_obj(const mp_obj_t *items, size_t len, size_t n_args,
    const mp_obj_t *args);
mp_obj_t mp_seq_count_obj(const mp_obj_t *items, size_t len, mp_obj_t value);
bool mp_seq_contains_obj(const mp_obj_t *items, size_t len, mp_obj_t value);
/* repr of "(a, b)" / "[a, b]" style sequences */
void mp_seq_print(const mp_print_t *print, const mp_obj_t *items, size_t len,
    const char *open, const char *close, mp_print_kind_t kind);
/* integer repeat count for seq * n (false if n is not an int) */
bool mp_seq_get_repeat(mp_obj_t n, size_t *count);
/* a slice's items copied into dest (step may be any non-zero value) */
void mp_seq_copy_slice(mp_obj_t *dest, const mp_obj_t *src, const mp_bound_slice_t *s);
/* the slice for index `index` against a sequence of length len */
void mp_seq_bound_slice(mp_obj_t index, size_t len, mp_bound_slice_t *s);

/* ---- list (list.c) --------------------------------------------------- */
mp_obj_t mp_obj_list_extend_from(mp_obj_t list, mp_obj_t iterable);

/* ---- bytearray and memoryview (bytearray.c, memoryview.c) ------------ */
/* iterate the bytes of any buffer object as ints (bytearray, memoryview) */
mp_obj_t mp_bytes_buffer_getiter(mp_obj_t self, mp_obj_iter_buf_t *iter_buf);
/* reversed(range) (range.c) */
mp_obj_t mp_obj_range_reversed(mp_obj_t range);

typedef struct _mp_obj_array_t {
    mp_obj_base_t base;
    size_t typecode : 8;
    size_t free : (8 * sizeof(size_t) - 8); /* spare allocated bytes after len */
    size_t len;
    byte *items;
} mp_obj_array_t;

typedef struct _mp_obj_memoryview_t {
    mp_obj_base_t base;
    size_t readonly;
    size_t len;   /* in items */
    byte *items;
    mp_obj_t obj; /* the object whose buffer we view: keeps it alive */
    size_t typecode; /* struct-module letter of one item ('B' for bytes) */
    size_t itemsize;
    bool released;   /* after release(): every use raises ValueError */
} mp_obj_memoryview_t;

#endif
