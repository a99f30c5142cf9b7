/*
 * memoryview: a window onto another object's memory (buffer protocol).
 * Items have the buffer's typecode (bytes for bytes/bytearray, the array
 * type for array.array); slices (step 1) share memory with the original.
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
    return MP_OBJ_FROM_PTR(o);
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
        readonly = ((mp_obj_memoryview_t *)MP_OBJ_TO_PTR(args[0]))->readonly;
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
    return mp_binary_get_val_array((char)o->typecode, o->items, i);
}

static void memoryview_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_print_str(print, "<memoryview>");
}

static mp_obj_t memoryview_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    mp_obj_memoryview_t *o = (mp_obj_memoryview_t *)MP_OBJ_TO_PTR(self_in);
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
    mp_buffer_info_t info;
    if (mp_obj_is_str(rhs) || !mp_get_buffer(rhs, &info, MP_BUFFER_READ)) {
        return MP_OBJ_NULL;
    }
    return mp_obj_new_bool(mp_seq_cmp_bytes(op, o->items, o->len * o->itemsize,
        (const byte *)info.buf, info.len));
}

static mp_obj_t memoryview_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    mp_obj_memoryview_t *o = (mp_obj_memoryview_t *)MP_OBJ_TO_PTR(self_in);
    if (value == MP_OBJ_NULL) {
        mp_raise_TypeError("cannot delete memory");
    }
    if (value != MP_OBJ_SENTINEL && o->readonly) {
        mp_raise_TypeError("memoryview is read-only");
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
        mp_buffer_info_t info;
        mp_get_buffer_raise(value, &info, MP_BUFFER_READ);
        if (info.len != n * o->itemsize) {
            mp_raise_ValueError("memoryview assignment: lvalue and rvalue have different structures");
        }
        memmove(o->items + s.start * o->itemsize, info.buf, info.len);
        return mp_const_none;
    }
    size_t i = mp_get_index(&mp_type_memoryview, o->len, index, false);
    if (value == MP_OBJ_SENTINEL) {
        return mv_get(o, i);
    }
    if (o->typecode == 'B') {
        o->items[i] = (byte)mp_obj_get_int_truncated(value);
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
    if (it->pos >= it->mv->len) {
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
    it->mv = (mp_obj_memoryview_t *)MP_OBJ_TO_PTR(self);
    it->pos = 0;
    return MP_OBJ_FROM_PTR(it);
}

static mp_int_t memoryview_get_buffer(mp_obj_t self_in, mp_buffer_info_t *info, mp_uint_t flags) {
    mp_obj_memoryview_t *o = (mp_obj_memoryview_t *)MP_OBJ_TO_PTR(self_in);
    if ((flags & MP_BUFFER_WRITE) && o->readonly) {
        return 1;
    }
    info->buf = o->items;
    info->len = o->len * o->itemsize;
    info->typecode = (int)o->typecode;
    return 0;
}

static mp_obj_t memoryview_tolist(mp_obj_t self_in) {
    mp_obj_memoryview_t *o = (mp_obj_memoryview_t *)MP_OBJ_TO_PTR(self_in);
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

static mp_obj_t memoryview_tobytes(mp_obj_t self_in) {
    mp_obj_memoryview_t *o = (mp_obj_memoryview_t *)MP_OBJ_TO_PTR(self_in);
    return mp_obj_new_bytes(o->items, o->len * o->itemsize);
}
static MP_DEFINE_CONST_FUN_OBJ_1(memoryview_tobytes_obj, memoryview_tobytes);

static mp_obj_t memoryview_hex(mp_obj_t self_in) {
    mp_obj_memoryview_t *o = (mp_obj_memoryview_t *)MP_OBJ_TO_PTR(self_in);
    static const char hexd[] = "0123456789abcdef";
    vstr_t vstr;
    size_t nbytes = o->len * o->itemsize;
    vstr_init(&vstr, nbytes * 2 + 1);
    for (size_t i = 0; i < nbytes; i++) {
        vstr_add_byte(&vstr, hexd[o->items[i] >> 4]);
        vstr_add_byte(&vstr, hexd[o->items[i] & 15]);
    }
    return mp_obj_new_str_from_vstr(&vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_1(memoryview_hex_obj, memoryview_hex);

static const mp_rom_map_elem_t memoryview_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_hex), MP_ROM_PTR(&memoryview_hex_obj)},
    {MP_ROM_QSTR(MP_QSTR_tobytes), MP_ROM_PTR(&memoryview_tobytes_obj)},
    {MP_ROM_QSTR(MP_QSTR_tolist), MP_ROM_PTR(&memoryview_tolist_obj)},
};
static MP_DEFINE_CONST_DICT(memoryview_locals_dict, memoryview_locals_table);

static void memoryview_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return;
    }
    mp_obj_memoryview_t *o = (mp_obj_memoryview_t *)MP_OBJ_TO_PTR(self_in);
    if (attr == MP_QSTR_itemsize) {
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
