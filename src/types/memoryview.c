/*
 * memoryview: a window onto another object's memory (buffer protocol).
 * Items have the buffer's typecode (bytes for bytes/bytearray, the array
 * type for array.array); slices (step 1) share memory with the original.
 * A slice with any other step raises NotImplementedError, for reading and
 * for assignment, as MicroPython does (checked on the 1.27 WebAssembly
 * port; CPython would give a strided view).
 */
#include <string.h>

#include "modules/binary.h"
#include "types/containers.h"



static mp_obj_t mv_new(mp_obj_t obj, byte *items, size_t len, bool readonly, char typecode,
    size_t itemsize) {
    mp_obj_memoryview_t *o = m_new_obj(mp_obj_memoryview_t);
    o->base.type = &mp_type_memoryview;
    o->readonly = readonly;
    o->len = len;
    o->items = items;
    o->obj = obj;
    o->typecode = (byte)typecode;
    o->itemsize = itemsize;
    o->released = false;
    return MP_OBJ_FROM_PTR(o);
}

/* the view behind self, which must not have been released */
static mp_obj_memoryview_t *mv_live(mp_obj_t self_in) {
    mp_obj_memoryview_t *o = (mp_obj_memoryview_t *)MP_OBJ_TO_PTR(self_in);
    if (o->released) {
        mp_raise_ValueError("operation forbidden on released memoryview object");
    }
    return o;
}

static mp_obj_t memoryview_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 1, false);
    mp_buffer_info_t info;
    bool readonly = false;
    if (!mp_get_buffer(args[0], &info, MP_BUFFER_RW)) {
        mp_get_buffer_raise(args[0], &info, MP_BUFFER_READ);
        readonly = true;
    }
    if (mp_obj_is_type(args[0], &mp_type_memoryview)) {
        readonly = mv_live(args[0])->readonly;
    }
    char typecode = info.typecode ? (char)info.typecode : 'B';
    size_t itemsize = typecode == 'B' ? 1 : mp_binary_array_item_size(typecode);
    if (itemsize == 0) {
        typecode = 'B';
        itemsize = 1;
    }
    return mv_new(args[0], (byte *)info.buf, info.len / itemsize, readonly, typecode, itemsize);
}

static mp_obj_t mv_get(mp_obj_memoryview_t *o, size_t i) {
    if (o->typecode == 'B') {
        return MP_OBJ_NEW_SMALL_INT(o->items[i]);
    }
    if (o->typecode == 'c') {
        return mp_obj_new_bytes(o->items + i, 1);
    }
    return mp_binary_get_val_array((char)o->typecode, o->items, i);
}

/* item i of a buffer of the given format */
static mp_obj_t item_at(char typecode, void *buf, size_t i) {
    if (typecode == 'B') {
        return MP_OBJ_NEW_SMALL_INT(((byte *)buf)[i]);
    }
    if (typecode == 'c') {
        return mp_obj_new_bytes((byte *)buf + i, 1);
    }
    return mp_binary_get_val_array(typecode, buf, i);
}

static void memoryview_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_obj_memoryview_t *o = (mp_obj_memoryview_t *)MP_OBJ_TO_PTR(self_in);
    mp_print_str(print, o->released ? "<released memoryview>" : "<memoryview>");
}

static mp_obj_t memoryview_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    mp_obj_memoryview_t *o = mv_live(self_in);
    switch (op) {
        case MP_UNARY_OP_BOOL:
            return mp_obj_new_bool(o->len != 0);
        case MP_UNARY_OP_LEN:
            return MP_OBJ_NEW_SMALL_INT(o->len);
        default:
            return MP_OBJ_NULL;
    }
}

static mp_obj_t memoryview_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    mp_obj_memoryview_t *o = (mp_obj_memoryview_t *)MP_OBJ_TO_PTR(lhs);
    if (op != MP_BINARY_OP_EQUAL && op != MP_BINARY_OP_NOT_EQUAL) {
        return MP_OBJ_NULL;
    }
    if (o->released || (mp_obj_is_type(rhs, &mp_type_memoryview) &&
        ((mp_obj_memoryview_t *)MP_OBJ_TO_PTR(rhs))->released)) {
        /* released views are equal only to themselves */
        return mp_obj_new_bool((lhs == rhs) == (op == MP_BINARY_OP_EQUAL));
    }
    mp_buffer_info_t info;
    if (mp_obj_is_str(rhs) || !mp_get_buffer(rhs, &info, MP_BUFFER_READ)) {
        return MP_OBJ_NULL;
    }
    char rcode = info.typecode ? (char)info.typecode : 'B';
    size_t rsize = rcode == 'B' || rcode == 'c' ? 1 : mp_binary_array_item_size(rcode);
    if (rcode == (char)o->typecode || rsize == 0 || strchr("bBhHiIlLqQcfd", rcode) == NULL) {
        return mp_obj_new_bool(mp_seq_cmp_bytes(op, o->items, o->len * o->itemsize,
            (const byte *)info.buf, info.len));
    }
    /* different formats: equal when the item values are (as in CPython) */
    bool eq = info.len / rsize == o->len;
    for (size_t i = 0; eq && i < o->len; i++) {
        eq = mp_obj_equal(mv_get(o, i), item_at(rcode, info.buf, i));
    }
    return mp_obj_new_bool(eq == (op == MP_BINARY_OP_EQUAL));
}

/* view[start:start+n] = value. As in MicroPython (observed on the 1.27
 * WebAssembly port): the right side must be an array-like buffer (not a
 * str), with the same item size and the same number of items; the
 * typecodes themselves may differ ('H' into 'h', 'b' into 'B'). */
static void slice_assign(mp_obj_memoryview_t *o, size_t start, size_t n, mp_obj_t value) {
    mp_buffer_info_t info;
    if (mp_obj_is_str(value) || !mp_get_buffer(value, &info, MP_BUFFER_READ)) {
        mp_raise_NotImplementedError("array/bytes required on right side");
    }
    char rcode = info.typecode ? (char)info.typecode : 'B';
    size_t rsize = rcode == 'B' || rcode == 'c' ? 1 : mp_binary_array_item_size(rcode);
    if (rsize == 0) {
        rsize = 1;
    }
    if (rsize != o->itemsize || info.len != n * o->itemsize) {
        mp_raise_ValueError("lhs and rhs should be compatible");
    }
    memmove(o->items + start * o->itemsize, info.buf, info.len);
}

static mp_obj_t memoryview_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    mp_obj_memoryview_t *o = mv_live(self_in);
    /* MicroPython's wording (checked on the 1.27 WebAssembly port) */
    if (value == MP_OBJ_NULL) {
        mp_raise_TypeError("'memoryview' object doesn't support item deletion");
    }
    if (value != MP_OBJ_SENTINEL && o->readonly) {
        mp_raise_TypeError("'memoryview' object doesn't support item assignment");
    }
    if (mp_obj_is_type(index, &mp_type_slice)) {
        mp_bound_slice_t s;
        if (!mp_seq_get_fast_slice_indexes(o->len, index, &s)) {
            mp_raise_NotImplementedError("only slices with step=1 (aka None) are supported");
        }
        size_t n = s.stop - s.start;
        if (value == MP_OBJ_SENTINEL) {
            return mv_new(o->obj, o->items + s.start * o->itemsize, n, o->readonly,
                (char)o->typecode, o->itemsize);
        }
        slice_assign(o, s.start, n, value);
        return mp_const_none;
    }
    size_t i = mp_get_index(&mp_type_memoryview, o->len, index, false);
    if (value == MP_OBJ_SENTINEL) {
        return mv_get(o, i);
    }
    if (o->typecode == 'B') {
        o->items[i] = (byte)mp_obj_get_int_truncated(value);
    } else if (o->typecode == 'c') {
        size_t bl;
        if (!mp_obj_is_type(value, &mp_type_bytes) ||
            (mp_obj_str_get_data(value, &bl), bl != 1)) {
            mp_raise_ValueError("memoryview: invalid value for format 'c'");
        }
        o->items[i] = *(const byte *)mp_obj_str_get_data(value, &bl);
    } else {
        mp_binary_set_val_array((char)o->typecode, o->items, i, value);
    }
    return mp_const_none;
}

typedef struct _mv_it_t {
    mp_obj_base_t base;
    mp_obj_memoryview_t *mv;
    size_t pos;
} mv_it_t;

static mp_obj_t mv_it_iternext(mp_obj_t self_in) {
    mv_it_t *it = (mv_it_t *)MP_OBJ_TO_PTR(self_in);
    if (it->mv->released || it->pos >= it->mv->len) {
        return MP_OBJ_STOP_ITERATION;
    }
    return mv_get(it->mv, it->pos++);
}

static const mp_obj_type_t mv_it_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_iterator,
    MP_TYPE_SLOT(iter, mv_it_iternext),
};

static mp_obj_t memoryview_getiter(mp_obj_t self, mp_obj_iter_buf_t *iter_buf) {
    mv_it_t *it = iter_buf ? (mv_it_t *)iter_buf : m_new_obj(mv_it_t);
    it->base.type = &mv_it_type;
    it->mv = mv_live(self);
    it->pos = 0;
    return MP_OBJ_FROM_PTR(it);
}

static mp_int_t memoryview_get_buffer(mp_obj_t self_in, mp_buffer_info_t *info, mp_uint_t flags) {
    mp_obj_memoryview_t *o = mv_live(self_in);
    if ((flags & MP_BUFFER_WRITE) && o->readonly) {
        return 1;
    }
    info->buf = o->items;
    info->len = o->len * o->itemsize;
    info->typecode = (int)o->typecode;
    return 0;
}

static mp_obj_t memoryview_tolist(mp_obj_t self_in) {
    mp_obj_memoryview_t *o = mv_live(self_in);
    mp_obj_t l = mp_obj_new_list(o->len, NULL);
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(l, &n, &items);
    for (size_t i = 0; i < n; i++) {
        items[i] = mv_get(o, i);
    }
    return l;
}
static MP_DEFINE_CONST_FUN_OBJ_1(memoryview_tolist_obj, memoryview_tolist);

static mp_obj_t memoryview_tobytes(size_t n_args, const mp_obj_t *args) {
    /* the optional order ('C', 'F', 'A') means nothing for a 1-D view */
    mp_obj_memoryview_t *o = mv_live(args[0]);
    return mp_obj_new_bytes(o->items, o->len * o->itemsize);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(memoryview_tobytes_obj, 1, 2, memoryview_tobytes);


/* cast(format): the same bytes seen as items of another array/struct
 * letter. As in CPython, one side must be a byte format and the byte
 * length must divide into whole items. */
static bool is_byte_format(char c) {
    return c == 'B' || c == 'b' || c == 'c';
}

static mp_obj_t memoryview_cast(size_t n_args, const mp_obj_t *args) {
    mp_obj_memoryview_t *o = mv_live(args[0]);
    size_t flen;
    const char *fmt = mp_obj_str_get_data(args[1], &flen);
    if (n_args > 2) {
        mp_raise_NotImplementedError("memoryview: cast with shape is not supported");
    }
    char code = flen == 1 ? fmt[0] : (flen == 2 && fmt[0] == '@') ? fmt[1] : 0;
    /* only plain numbers (never 'O': raw bytes must not become pointers) */
    size_t itemsize = 0;
    if (code == 'c') {
        itemsize = 1;
    } else if (code != 0 && strchr("bBhHiIlLqQfd", code) != NULL) {
        itemsize = mp_binary_array_item_size(code);
    }
    if (itemsize == 0) {
        mp_raise_ValueError("memoryview: destination format must be a native single character format prefixed with an optional '@'");
    }
    if (!is_byte_format(code) && !is_byte_format((char)o->typecode)) {
        mp_raise_TypeError("memoryview: cannot cast between two non-byte formats");
    }
    size_t nbytes = o->len * o->itemsize;
    if (nbytes % itemsize != 0) {
        mp_raise_TypeError("memoryview: length is not a multiple of itemsize");
    }
    return mv_new(o->obj, o->items, nbytes / itemsize, o->readonly, code, itemsize);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(memoryview_cast_obj, 2, 3, memoryview_cast);

static mp_obj_t memoryview_release(mp_obj_t self_in) {
    mp_obj_memoryview_t *o = (mp_obj_memoryview_t *)MP_OBJ_TO_PTR(self_in);
    o->released = true;
    o->len = 0;
    o->items = NULL;
    o->obj = mp_const_none; /* the viewed object may now be collected */
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(memoryview_release_obj, memoryview_release);

static mp_obj_t memoryview_toreadonly(mp_obj_t self_in) {
    mp_obj_memoryview_t *o = mv_live(self_in);
    return mv_new(o->obj, o->items, o->len, true, (char)o->typecode, o->itemsize);
}
static MP_DEFINE_CONST_FUN_OBJ_1(memoryview_toreadonly_obj, memoryview_toreadonly);

static mp_obj_t memoryview_enter(mp_obj_t self_in) {
    mv_live(self_in);
    return self_in;
}
static MP_DEFINE_CONST_FUN_OBJ_1(memoryview_enter_obj, memoryview_enter);

static mp_obj_t memoryview_exit(size_t n_args, const mp_obj_t *args) {
    return memoryview_release(args[0]);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(memoryview_exit_obj, 4, 4, memoryview_exit);

static const mp_rom_map_elem_t memoryview_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR___enter__), MP_ROM_PTR(&memoryview_enter_obj)},
    {MP_ROM_QSTR(MP_QSTR___exit__), MP_ROM_PTR(&memoryview_exit_obj)},
    {MP_ROM_QSTR(MP_QSTR_cast), MP_ROM_PTR(&memoryview_cast_obj)},
    {MP_ROM_QSTR(MP_QSTR_release), MP_ROM_PTR(&memoryview_release_obj)},
    {MP_ROM_QSTR(MP_QSTR_toreadonly), MP_ROM_PTR(&memoryview_toreadonly_obj)},
    {MP_ROM_QSTR(MP_QSTR_hex), MP_ROM_PTR(&mp_bytes_hex_obj)},
    {MP_ROM_QSTR(MP_QSTR_tobytes), MP_ROM_PTR(&memoryview_tobytes_obj)},
    {MP_ROM_QSTR(MP_QSTR_tolist), MP_ROM_PTR(&memoryview_tolist_obj)},
};
static MP_DEFINE_CONST_DICT(memoryview_locals_dict, memoryview_locals_table);

static void memoryview_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return;
    }
    mp_obj_memoryview_t *o = (mp_obj_memoryview_t *)MP_OBJ_TO_PTR(self_in);
    if (attr == MP_QSTR_itemsize || attr == MP_QSTR_nbytes || attr == MP_QSTR_readonly ||
        attr == MP_QSTR_obj || attr == MP_QSTR_format || attr == MP_QSTR_ndim ||
        attr == MP_QSTR_shape || attr == MP_QSTR_strides || attr == MP_QSTR_contiguous ||
        attr == MP_QSTR_c_contiguous || attr == MP_QSTR_f_contiguous ||
        attr == MP_QSTR_suboffsets) {
        mv_live(self_in);
    }
    if (attr == MP_QSTR_contiguous || attr == MP_QSTR_c_contiguous ||
        attr == MP_QSTR_f_contiguous) {
        dest[0] = mp_const_true; /* views are one-dimensional and unstrided */
        return;
    }
    if (attr == MP_QSTR_suboffsets) {
        dest[0] = mp_const_empty_tuple;
        return;
    }
    if (attr == MP_QSTR_format) {
        char c = (char)o->typecode;
        dest[0] = mp_obj_new_str(&c, 1);
    } else if (attr == MP_QSTR_ndim) {
        dest[0] = MP_OBJ_NEW_SMALL_INT(1);
    } else if (attr == MP_QSTR_shape || attr == MP_QSTR_strides) {
        mp_obj_t n = MP_OBJ_NEW_SMALL_INT(attr == MP_QSTR_shape ? o->len : o->itemsize);
        dest[0] = mp_obj_new_tuple(1, &n);
    } else if (attr == MP_QSTR_released) {
        dest[0] = mp_obj_new_bool(o->released);
    } else if (attr == MP_QSTR_itemsize) {
        dest[0] = MP_OBJ_NEW_SMALL_INT(o->itemsize);
    } else if (attr == MP_QSTR_nbytes) {
        dest[0] = MP_OBJ_NEW_SMALL_INT(o->len * o->itemsize);
    } else if (attr == MP_QSTR_readonly) {
        dest[0] = mp_obj_new_bool(o->readonly);
    } else if (attr == MP_QSTR_obj) {
        dest[0] = o->obj;
    } else {
        dest[1] = MP_OBJ_SENTINEL;
    }
}

const mp_obj_type_t mp_type_memoryview = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_GETITER | MP_TYPE_FLAG_EQ_CHECKS_OTHER_TYPE,
    .name = MP_QSTR_memoryview,
    MP_TYPE_SLOT(make_new, memoryview_make_new),
    MP_TYPE_SLOT(print, memoryview_print),
    MP_TYPE_SLOT(unary_op, memoryview_unary_op),
    MP_TYPE_SLOT(binary_op, memoryview_binary_op),
    MP_TYPE_SLOT(attr, memoryview_attr),
    MP_TYPE_SLOT(subscr, memoryview_subscr),
    MP_TYPE_SLOT(iter, memoryview_getiter),
    MP_TYPE_SLOT(buffer, memoryview_get_buffer),
    MP_TYPE_SLOT(locals_dict, &memoryview_locals_dict),
};
