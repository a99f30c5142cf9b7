/*
 * The `uctypes` module: C-like structures over raw memory, written from
 * MicroPython's public documentation of the module.
 *
 * A structure descriptor is a dict of field name -> field descriptor:
 *   scalar     VALTYPE | offset                      e.g. uctypes.UINT32 | 4
 *   bitfield   BFTYPE | offset | pos << BF_POS | len << BF_LEN
 *   struct     (offset, {descriptor})
 *   pointer    (PTR | offset, VALTYPE) or (PTR | offset, {descriptor})
 *   array      (ARRAY | offset, VALTYPE | count)
 *              or (ARRAY | offset, count, {descriptor})
 * An int field is encoded as: value type in bits 27..30, bitfield length in
 * 22..26, bitfield position in 17..21, byte offset in 0..16. The first item
 * of a tuple holds the aggregate kind (STRUCT 0, PTR 1, ARRAY 2) in bits
 * 29..30 and the offset in 0..16.
 *
 * A struct object is (address, descriptor, layout). Its descriptor is either
 * a dict (a structure: fields are attributes) or a PTR/ARRAY tuple (then
 * `addr` is where that field itself lives and the object is indexed).
 * Reading a scalar field gives an int/float; reading an aggregate field
 * gives a new struct object, except that an ARRAY of UINT8 is returned as a
 * bytearray referencing the memory (as MicroPython does).
 *
 * Memory safety: uctypes reads and writes wherever an address points; that
 * is its documented purpose and nothing here can check a raw address. What
 * we do guarantee: descriptors are validated (a malformed one raises
 * TypeError, a self-referencing one RuntimeError, never a crash), and a
 * struct object (or bytearray_at() result) stores the raw pointer in its
 * heap block, and Mica's GC honours interior pointers, so memory in the GC
 * heap that a struct object points into (e.g. the buffer of a bytearray
 * passed through addressof()) stays allocated for as long as the struct
 * object lives. The gap is between addressof() and struct(): the address
 * is a plain int then, so the buffer must be kept alive by the program
 * (as in MicroPython, which tracks nothing). Field offsets are not checked
 * against the buffer's length, also as in MicroPython.
 */
#include <string.h>

#include "core/runtime.h"
#include "modules/binary.h"
#include "modules/modules.h"

/* ---- descriptor encoding -------------------------------------------- */

#define OFFSET_MASK (0x1ffff)
#define BF_POS_SHIFT (17)
#define BF_LEN_SHIFT (22)
#define VAL_TYPE_SHIFT (27)
#define AGG_TYPE_SHIFT (29)
#define ARRAY_COUNT_MASK ((1 << VAL_TYPE_SHIFT) - 1)

enum {
    T_UINT8, T_INT8, T_UINT16, T_INT16, T_UINT32, T_INT32, T_UINT64, T_INT64,
    T_BFUINT8, T_BFINT8, T_BFUINT16, T_BFINT16, T_BFUINT32, T_BFINT32,
    T_FLOAT32, T_FLOAT64,
};
enum { AGG_STRUCT, AGG_PTR, AGG_ARRAY };
enum { LAYOUT_LITTLE_ENDIAN, LAYOUT_BIG_ENDIAN, LAYOUT_NATIVE };

/* descriptors may nest (or, by mistake, contain themselves) */
#define MAX_DESC_DEPTH (64)

typedef struct _uctypes_struct_t {
    mp_obj_base_t base;
    mp_obj_t desc; /* dict, or a PTR/ARRAY tuple */
    byte *addr;    /* a real pointer so the GC keeps heap memory alive */
    int layout;
} uctypes_struct_t;

static const mp_obj_type_t uctypes_struct_type;

/* Address arithmetic on raw addresses (which may be 0 or anything the
 * program made up) is done on integers, where wrapping is defined. */
static byte *addr_add(byte *p, mp_int_t off) {
    return (byte *)((uintptr_t)p + (uintptr_t)off);
}

static _Noreturn void syntax_error(void) {
    mp_raise_TypeError("syntax error in uctypes descriptor");
}

static bool is_dict(mp_obj_t o) {
    if (!mp_obj_is_obj(o)) {
        return false;
    }
    return mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(o)),
        MP_OBJ_FROM_PTR(&mp_type_dict));
}

static bool is_tuple(mp_obj_t o) {
    return mp_obj_is_type(o, &mp_type_tuple);
}

static mp_uint_t desc_int(mp_obj_t o) {
    if (!mp_obj_is_int(o)) {
        syntax_error();
    }
    return (mp_uint_t)mp_obj_get_int_truncated(o);
}

static bool is_bitfield(unsigned t) {
    return t >= T_BFUINT8 && t <= T_BFINT32;
}

/* Size in bytes of a scalar value type (for a bitfield, of its base). */
static size_t scalar_size(unsigned t) {
    if (t == T_FLOAT32) {
        return 4;
    }
    if (t == T_FLOAT64) {
        return 8;
    }
    return (size_t)1 << ((t >> 1) & 3);
}

static bool layout_is_big_endian(int layout) {
    if (layout == LAYOUT_NATIVE) {
        return __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
    }
    return layout == LAYOUT_BIG_ENDIAN;
}

static int check_layout(mp_obj_t o) {
    mp_int_t layout = mp_obj_get_int(o);
    if (layout != LAYOUT_LITTLE_ENDIAN && layout != LAYOUT_BIG_ENDIAN
        && layout != LAYOUT_NATIVE) {
        mp_raise_ValueError("invalid layout");
    }
    return (int)layout;
}

/* The items of a descriptor tuple; it must have 2 or 3. */
static mp_obj_t *tuple_items(mp_obj_t tuple, size_t *len) {
    mp_obj_t *items;
    mp_obj_tuple_get(tuple, len, &items);
    if (*len < 2 || *len > 3) {
        syntax_error();
    }
    return items;
}

/* ---- sizes ---------------------------------------------------------- */

static size_t desc_size(mp_obj_t desc, int layout, size_t *palign, int depth);

/* Size and alignment of a field whose descriptor is an int. */
static size_t scalar_field_size(mp_uint_t v, size_t *palign) {
    size_t size = scalar_size((v >> VAL_TYPE_SHIFT) & 15);
    *palign = size;
    return size;
}

/* Size and alignment of what a PTR/ARRAY/STRUCT tuple describes (without
 * its offset). */
static size_t tuple_field_size(mp_obj_t tuple, int layout, size_t *palign, int depth) {
    size_t len;
    mp_obj_t *items = tuple_items(tuple, &len);
    mp_uint_t head = desc_int(items[0]);
    switch ((head >> AGG_TYPE_SHIFT) & 3) {
        case AGG_STRUCT:
            if (len != 2) {
                syntax_error();
            }
            return desc_size(items[1], layout, palign, depth + 1);
        case AGG_PTR:
            *palign = sizeof(void *);
            return sizeof(void *);
        case AGG_ARRAY: {
            if (len == 2) {
                mp_uint_t v = desc_int(items[1]);
                unsigned t = (v >> VAL_TYPE_SHIFT) & 15;
                if (is_bitfield(t)) {
                    syntax_error();
                }
                size_t item = scalar_field_size(v, palign);
                return item * (size_t)(v & ARRAY_COUNT_MASK);
            }
            mp_int_t n = mp_obj_get_int(items[1]);
            if (n < 0) {
                syntax_error();
            }
            return (size_t)n * desc_size(items[2], layout, palign, depth + 1);
        }
        default:
            syntax_error();
    }
}

/* Size of a structure (dict) or a field tuple; an int is a scalar. For the
 * native layout a structure's size is rounded up to its largest alignment,
 * as a C compiler does; the other layouts are packed. */
static size_t desc_size(mp_obj_t desc, int layout, size_t *palign, int depth) {
    if (depth > MAX_DESC_DEPTH) {
        mp_raise_recursion_depth();
    }
    *palign = 1;
    if (mp_obj_is_int(desc)) {
        return scalar_field_size(desc_int(desc), palign);
    }
    if (is_tuple(desc)) {
        size_t len;
        mp_obj_t *items = tuple_items(desc, &len);
        size_t off = desc_int(items[0]) & OFFSET_MASK;
        return off + tuple_field_size(desc, layout, palign, depth);
    }
    if (!is_dict(desc)) {
        syntax_error();
    }
    mp_map_t *map = mp_obj_dict_get_map(desc);
    size_t total = 0, max_align = 1;
    for (size_t i = 0; i < map->alloc; i++) {
        mp_map_elem_t *e = &map->table[i];
        if (e->key == MP_OBJ_NULL || e->key == MP_OBJ_SENTINEL) {
            continue;
        }
        size_t off, size, align;
        mp_obj_t field = e->value;
        if (mp_obj_is_int(field)) {
            mp_uint_t v = desc_int(field);
            off = v & OFFSET_MASK;
            size = scalar_field_size(v, &align);
        } else if (is_tuple(field)) {
            size_t len;
            mp_obj_t *items = tuple_items(field, &len);
            off = desc_int(items[0]) & OFFSET_MASK;
            size = tuple_field_size(field, layout, &align, depth);
        } else {
            syntax_error();
        }
        if (off + size > total) {
            total = off + size;
        }
        if (align > max_align) {
            max_align = align;
        }
    }
    if (layout != LAYOUT_NATIVE) {
        return total;
    }
    *palign = max_align;
    return (total + max_align - 1) / max_align * max_align;
}

/* The size of one item when a descriptor is used as an array element or a
 * pointer target (a native structure includes its tail padding). */
static size_t item_size(mp_obj_t desc, int layout) {
    size_t align;
    return desc_size(desc, layout, &align, 0);
}

/* ---- scalar values -------------------------------------------------- */

static mp_obj_t get_scalar(unsigned t, const byte *p, int layout) {
    bool be = layout_is_big_endian(layout);
    if (t == T_FLOAT32) {
        uint32_t bits = (uint32_t)mp_binary_get_uint(p, 4, be);
        float f;
        memcpy(&f, &bits, 4);
        return mp_obj_new_float_from_f(f);
    }
    if (t == T_FLOAT64) {
        uint64_t bits = mp_binary_get_uint(p, 8, be);
        double d;
        memcpy(&d, &bits, 8);
        return mp_obj_new_float_from_d(d);
    }
    size_t size = scalar_size(t);
    uint64_t v = mp_binary_get_uint(p, size, be);
    if (t & 1) {
        if (size < 8 && (v >> (size * 8 - 1)) & 1) {
            v |= ~(uint64_t)0 << (size * 8);
        }
        return mp_obj_new_int_from_ll((long long)v);
    }
    return mp_obj_new_int_from_ull(v);
}

static void set_scalar(unsigned t, byte *p, int layout, mp_obj_t value) {
    bool be = layout_is_big_endian(layout);
    if (t == T_FLOAT32) {
        float f = mp_obj_get_float_to_f(value);
        uint32_t bits;
        memcpy(&bits, &f, 4);
        mp_binary_put_uint(p, 4, be, bits);
    } else if (t == T_FLOAT64) {
        double d = mp_obj_get_float_to_d(value);
        uint64_t bits;
        memcpy(&bits, &d, 8);
        mp_binary_put_uint(p, 8, be, bits);
    } else {
        /* stored modulo 2**bits, like struct and array */
        mp_binary_put_uint(p, scalar_size(t), be, mp_binary_int_bits(value));
    }
}

/* A bitfield: `len` bits starting `pos` bits above the least significant
 * bit of the base scalar, which is read and written in the layout's byte
 * order. Signed types sign-extend from the field's top bit. */
static mp_obj_t get_bitfield(mp_uint_t v, const byte *p, int layout) {
    unsigned t = (v >> VAL_TYPE_SHIFT) & 15;
    unsigned pos = (v >> BF_POS_SHIFT) & 31, len = (v >> BF_LEN_SHIFT) & 31;
    uint64_t base = mp_binary_get_uint(p, scalar_size(t), layout_is_big_endian(layout));
    uint64_t mask = ((uint64_t)1 << len) - 1;
    uint64_t field = (base >> pos) & mask;
    if ((t & 1) && len > 0 && (field >> (len - 1)) & 1) {
        return mp_obj_new_int_from_ll((long long)(field | ~mask));
    }
    return mp_obj_new_int_from_ull(field);
}

static void set_bitfield(mp_uint_t v, byte *p, int layout, mp_obj_t value) {
    unsigned t = (v >> VAL_TYPE_SHIFT) & 15;
    unsigned pos = (v >> BF_POS_SHIFT) & 31, len = (v >> BF_LEN_SHIFT) & 31;
    size_t size = scalar_size(t);
    bool be = layout_is_big_endian(layout);
    uint64_t mask = ((uint64_t)1 << len) - 1;
    uint64_t bits = mp_binary_int_bits(value) & mask;
    uint64_t base = mp_binary_get_uint(p, size, be);
    base = (base & ~(mask << pos)) | (bits << pos);
    mp_binary_put_uint(p, size, be, base);
}

/* ---- struct objects ------------------------------------------------- */

static mp_obj_t new_struct(byte *addr, mp_obj_t desc, int layout) {
    uctypes_struct_t *o = m_new_obj(uctypes_struct_t);
    o->base.type = &uctypes_struct_type;
    o->desc = desc;
    o->addr = addr;
    o->layout = layout;
    return MP_OBJ_FROM_PTR(o);
}

/* The object for an aggregate field described by `tuple`, in a structure
 * that starts at `base`. */
static mp_obj_t load_aggregate(byte *base, mp_obj_t tuple, int layout) {
    size_t len;
    mp_obj_t *items = tuple_items(tuple, &len);
    mp_uint_t head = desc_int(items[0]);
    byte *addr = addr_add(base, head & OFFSET_MASK);
    switch ((head >> AGG_TYPE_SHIFT) & 3) {
        case AGG_STRUCT:
            if (len != 2 || !is_dict(items[1])) {
                syntax_error();
            }
            return new_struct(addr, items[1], layout);
        case AGG_PTR:
            if (len != 2) {
                syntax_error();
            }
            return new_struct(addr, tuple, layout);
        case AGG_ARRAY:
            if (len == 2) {
                mp_uint_t v = desc_int(items[1]);
                if (((v >> VAL_TYPE_SHIFT) & 15) == T_UINT8) {
                    /* byte arrays are plain bytearrays over the memory */
                    return mp_obj_new_bytearray_by_ref(v & ARRAY_COUNT_MASK, addr);
                }
            }
            return new_struct(addr, tuple, layout);
        default:
            syntax_error();
    }
}

/* Load (value == MP_OBJ_NULL) or store a field `field` of a structure at
 * `base`. A field may be a scalar, a bitfield, an aggregate tuple or (as an
 * array item) a whole structure dict. */
static mp_obj_t access_field(byte *base, mp_obj_t field, int layout, mp_obj_t value) {
    if (mp_obj_is_int(field)) {
        mp_uint_t v = desc_int(field);
        unsigned t = (v >> VAL_TYPE_SHIFT) & 15;
        byte *p = addr_add(base, v & OFFSET_MASK);
        if (is_bitfield(t)) {
            if (value == MP_OBJ_NULL) {
                return get_bitfield(v, p, layout);
            }
            set_bitfield(v, p, layout, value);
            return mp_const_none;
        }
        if (value == MP_OBJ_NULL) {
            return get_scalar(t, p, layout);
        }
        set_scalar(t, p, layout, value);
        return mp_const_none;
    }
    if (!is_tuple(field) && !is_dict(field)) {
        syntax_error();
    }
    if (value != MP_OBJ_NULL) {
        mp_raise_TypeError("struct: can't set aggregate");
    }
    if (is_dict(field)) {
        return new_struct(base, field, layout);
    }
    return load_aggregate(base, field, layout);
}

static void struct_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    uctypes_struct_t *self = MP_OBJ_TO_PTR(self_in);
    bool store = dest[0] == MP_OBJ_SENTINEL;
    if (dest[0] != MP_OBJ_NULL && !store) {
        return;
    }
    if (store && dest[1] == MP_OBJ_NULL) {
        return; /* deleting a field: AttributeError */
    }
    if (!is_dict(self->desc)) {
        mp_raise_TypeError("struct: no fields");
    }
    mp_map_elem_t *e = mp_map_lookup(mp_obj_dict_get_map(self->desc),
        MP_OBJ_NEW_QSTR(attr), MP_MAP_LOOKUP);
    if (e == NULL) {
        return; /* AttributeError */
    }
    if (store) {
        access_field(self->addr, e->value, self->layout, dest[1]);
        dest[0] = MP_OBJ_NULL;
    } else {
        dest[0] = access_field(self->addr, e->value, self->layout, MP_OBJ_NULL);
    }
}

/* Item `index` of an array (count items) of `elem` (a scalar type int or an
 * aggregate descriptor) at `addr`. */
static mp_obj_t access_item(byte *addr, mp_obj_t elem, mp_uint_t type_int, bool scalar,
    mp_int_t index, int layout, mp_obj_t value) {
    if (scalar) {
        unsigned t = (type_int >> VAL_TYPE_SHIFT) & 15;
        if (is_bitfield(t)) {
            syntax_error();
        }
        byte *p = addr_add(addr, index * (mp_int_t)scalar_size(t));
        if (value == MP_OBJ_NULL) {
            return get_scalar(t, p, layout);
        }
        set_scalar(t, p, layout, value);
        return mp_const_none;
    }
    byte *p = addr_add(addr, index * (mp_int_t)item_size(elem, layout));
    if (value != MP_OBJ_NULL) {
        mp_raise_TypeError("struct: can't set aggregate");
    }
    return access_field(p, elem, layout, MP_OBJ_NULL);
}

static byte *read_pointer(const byte *p, int layout) {
    uint64_t v = mp_binary_get_uint(p, sizeof(void *), layout_is_big_endian(layout));
    return (byte *)(uintptr_t)v;
}

static mp_obj_t struct_subscr(mp_obj_t self_in, mp_obj_t index_in, mp_obj_t value) {
    uctypes_struct_t *self = MP_OBJ_TO_PTR(self_in);
    if (value == MP_OBJ_NULL) {
        mp_raise_TypeError("struct: can't delete item");
    }
    if (value == MP_OBJ_SENTINEL) {
        value = MP_OBJ_NULL; /* a load */
    }
    if (!is_tuple(self->desc)) {
        mp_raise_TypeError("struct: can't index");
    }
    mp_int_t index = mp_obj_get_int(index_in);
    size_t len;
    mp_obj_t *items = tuple_items(self->desc, &len);
    mp_uint_t head = desc_int(items[0]);
    switch ((head >> AGG_TYPE_SHIFT) & 3) {
        case AGG_ARRAY: {
            mp_uint_t count;
            mp_obj_t elem = MP_OBJ_NULL;
            mp_uint_t type_int = 0;
            if (len == 2) {
                type_int = desc_int(items[1]);
                count = type_int & ARRAY_COUNT_MASK;
            } else {
                mp_int_t n = mp_obj_get_int(items[1]);
                if (n < 0) {
                    syntax_error();
                }
                count = (mp_uint_t)n;
                elem = items[2];
            }
            if (index < 0 || (mp_uint_t)index >= count) {
                mp_raise_msg(&mp_type_IndexError, "struct: index out of range");
            }
            return access_item(self->addr, elem, type_int, len == 2, index, self->layout,
                value);
        }
        case AGG_PTR: {
            if (len != 2) {
                syntax_error();
            }
            /* C semantics: p[i] is the i-th item after the pointed-to one */
            byte *target = read_pointer(self->addr, self->layout);
            bool scalar = mp_obj_is_int(items[1]);
            return access_item(target, items[1], scalar ? desc_int(items[1]) : 0, scalar,
                index, self->layout, value);
        }
        default:
            syntax_error();
    }
}

static mp_obj_t struct_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    uctypes_struct_t *self = MP_OBJ_TO_PTR(self_in);
    if ((op != MP_UNARY_OP_INT_MAYBE && op != MP_UNARY_OP_LEN) || !is_tuple(self->desc)) {
        return MP_OBJ_NULL;
    }
    size_t len;
    mp_obj_t *items = tuple_items(self->desc, &len);
    unsigned agg = (desc_int(items[0]) >> AGG_TYPE_SHIFT) & 3;
    if (op == MP_UNARY_OP_INT_MAYBE && agg == AGG_PTR) {
        /* int(ptr) is the address it holds */
        return mp_obj_new_int_from_ull((uintptr_t)read_pointer(self->addr, self->layout));
    }
    if (op == MP_UNARY_OP_LEN && agg == AGG_ARRAY) {
        if (len == 2) {
            return MP_OBJ_NEW_SMALL_INT(desc_int(items[1]) & ARRAY_COUNT_MASK);
        }
        return mp_obj_new_int(mp_obj_get_int(items[1]));
    }
    return MP_OBJ_NULL;
}

/* Size of what a struct object covers: a structure, or a PTR/ARRAY field. */
static size_t struct_size(uctypes_struct_t *self) {
    size_t align;
    if (is_tuple(self->desc)) {
        return tuple_field_size(self->desc, self->layout, &align, 0);
    }
    return desc_size(self->desc, self->layout, &align, 0);
}

static mp_int_t struct_get_buffer(mp_obj_t self_in, mp_buffer_info_t *bi, mp_uint_t flags) {
    uctypes_struct_t *self = MP_OBJ_TO_PTR(self_in);
    bi->buf = self->addr;
    bi->len = struct_size(self);
    bi->typecode = 'B';
    return 0;
}

static void struct_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    uctypes_struct_t *self = MP_OBJ_TO_PTR(self_in);
    const char *kind_name = "ERROR";
    if (is_dict(self->desc)) {
        kind_name = "STRUCT";
    } else if (is_tuple(self->desc)) {
        mp_obj_t *items;
        size_t len;
        mp_obj_tuple_get(self->desc, &len, &items);
        if (len > 0 && mp_obj_is_int(items[0])) {
            unsigned agg = (mp_obj_get_int_truncated(items[0]) >> AGG_TYPE_SHIFT) & 3;
            kind_name = agg == AGG_PTR ? "PTR" : agg == AGG_ARRAY ? "ARRAY" : "ERROR";
        }
    }
    mp_printf(print, "<struct %s %lx>", kind_name, (unsigned long)(uintptr_t)self->addr);
}

static const mp_obj_type_t uctypes_struct_type = {
    .base = {&mp_type_type},
    .name = MP_QSTR_struct,
    MP_TYPE_SLOT(print, struct_print),
    MP_TYPE_SLOT(unary_op, struct_unary_op),
    MP_TYPE_SLOT(attr, struct_attr),
    MP_TYPE_SLOT(subscr, struct_subscr),
    MP_TYPE_SLOT(buffer, struct_get_buffer),
};

/* ---- module functions ----------------------------------------------- */

static byte *get_address(mp_obj_t o) {
    /* addresses may exceed a small int; take the low bits of any int */
    return (byte *)(uintptr_t)mp_binary_int_bits(o);
}

/* struct(addr, descriptor, layout_type=NATIVE) */
static mp_obj_t uctypes_struct_fun(size_t n_args, const mp_obj_t *args) {
    byte *addr = get_address(args[0]);
    int layout = n_args > 2 ? check_layout(args[2]) : LAYOUT_NATIVE;
    mp_obj_t desc = args[1];
    if (is_tuple(desc)) {
        size_t len;
        mp_obj_t *items = tuple_items(desc, &len);
        mp_uint_t head = desc_int(items[0]);
        if (((head >> AGG_TYPE_SHIFT) & 3) == AGG_STRUCT) {
            /* (offset, {...}): the structure at addr + offset */
            if (len != 2 || !is_dict(items[1])) {
                syntax_error();
            }
            return new_struct(addr_add(addr, head & OFFSET_MASK), items[1], layout);
        }
        addr = addr_add(addr, head & OFFSET_MASK);
    }
    /* a dict is checked when used, as MicroPython does */
    return new_struct(addr, desc, layout);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(uctypes_struct_obj, 2, 3, uctypes_struct_fun);

/* sizeof(struct_object_or_descriptor, layout_type=NATIVE) */
static mp_obj_t uctypes_sizeof(size_t n_args, const mp_obj_t *args) {
    mp_obj_t o = args[0];
    int layout = n_args > 1 ? check_layout(args[1]) : LAYOUT_NATIVE;
    size_t align, size;
    if (mp_obj_is_type(o, &uctypes_struct_type)) {
        size = struct_size(MP_OBJ_TO_PTR(o));
    } else if (mp_obj_is_type(o, &mp_type_bytearray)) {
        /* what a UINT8 array field gives */
        size = mp_obj_get_int(mp_obj_len(o));
    } else if (is_dict(o)) {
        size = desc_size(o, layout, &align, 0);
    } else if (is_tuple(o)) {
        size = tuple_field_size(o, layout, &align, 0);
    } else {
        mp_raise_TypeError("struct: unsupported type for sizeof");
    }
    return mp_obj_new_int_from_uint(size);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(uctypes_sizeof_obj, 1, 2, uctypes_sizeof);

/* addressof(obj): the address of any object's buffer */
static mp_obj_t uctypes_addressof(mp_obj_t o) {
    mp_buffer_info_t bi;
    mp_get_buffer_raise(o, &bi, MP_BUFFER_READ);
    return mp_obj_new_int_from_ull((uintptr_t)bi.buf);
}
static MP_DEFINE_CONST_FUN_OBJ_1(uctypes_addressof_obj, uctypes_addressof);

static size_t get_size(mp_obj_t o) {
    mp_int_t size = mp_obj_get_int(o);
    if (size < 0) {
        mp_raise_ValueError("negative size");
    }
    return (size_t)size;
}

/* bytes_at(addr, size): a copy of the memory */
static mp_obj_t uctypes_bytes_at(mp_obj_t addr, mp_obj_t size) {
    size_t n = get_size(size);
    return mp_obj_new_bytes(get_address(addr), n);
}
static MP_DEFINE_CONST_FUN_OBJ_2(uctypes_bytes_at_obj, uctypes_bytes_at);

/* bytearray_at(addr, size): a bytearray that is the memory itself */
static mp_obj_t uctypes_bytearray_at(mp_obj_t addr, mp_obj_t size) {
    size_t n = get_size(size);
    return mp_obj_new_bytearray_by_ref(n, get_address(addr));
}
static MP_DEFINE_CONST_FUN_OBJ_2(uctypes_bytearray_at_obj, uctypes_bytearray_at);

/* The type constants are 31-bit two's-complement values (bit 30 is the
 * sign), so that they are small ints even on 32-bit ports; the decoding
 * above only looks at bits 0..30, which OR-ing offsets into them keeps. */
/* minus 2**31 as two steps of 2**30: with 32-bit words neither 2**31 nor the
 * intermediate value may overflow mp_int_t */
#define SIGNED31_HALF(v) (((v) >> 30) & 1 ? ((mp_int_t)1 << 30) : 0)
#define SIGNED31(v) ((mp_int_t)(v) - SIGNED31_HALF(v) - SIGNED31_HALF(v))
#define T_CONST(t) MP_ROM_INT(SIGNED31((mp_uint_t)(t) << VAL_TYPE_SHIFT))

static const mp_rom_map_elem_t uctypes_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_uctypes)},
    {MP_ROM_QSTR(MP_QSTR_struct), MP_ROM_PTR(&uctypes_struct_obj)},
    {MP_ROM_QSTR(MP_QSTR_sizeof), MP_ROM_PTR(&uctypes_sizeof_obj)},
    {MP_ROM_QSTR(MP_QSTR_addressof), MP_ROM_PTR(&uctypes_addressof_obj)},
    {MP_ROM_QSTR(MP_QSTR_bytes_at), MP_ROM_PTR(&uctypes_bytes_at_obj)},
    {MP_ROM_QSTR(MP_QSTR_bytearray_at), MP_ROM_PTR(&uctypes_bytearray_at_obj)},

    {MP_ROM_QSTR(MP_QSTR_LITTLE_ENDIAN), MP_ROM_INT(LAYOUT_LITTLE_ENDIAN)},
    {MP_ROM_QSTR(MP_QSTR_BIG_ENDIAN), MP_ROM_INT(LAYOUT_BIG_ENDIAN)},
    {MP_ROM_QSTR(MP_QSTR_NATIVE), MP_ROM_INT(LAYOUT_NATIVE)},

    {MP_ROM_QSTR(MP_QSTR_UINT8), T_CONST(T_UINT8)},
    {MP_ROM_QSTR(MP_QSTR_INT8), T_CONST(T_INT8)},
    {MP_ROM_QSTR(MP_QSTR_UINT16), T_CONST(T_UINT16)},
    {MP_ROM_QSTR(MP_QSTR_INT16), T_CONST(T_INT16)},
    {MP_ROM_QSTR(MP_QSTR_UINT32), T_CONST(T_UINT32)},
    {MP_ROM_QSTR(MP_QSTR_INT32), T_CONST(T_INT32)},
    {MP_ROM_QSTR(MP_QSTR_UINT64), T_CONST(T_UINT64)},
    {MP_ROM_QSTR(MP_QSTR_INT64), T_CONST(T_INT64)},
    {MP_ROM_QSTR(MP_QSTR_BFUINT8), T_CONST(T_BFUINT8)},
    {MP_ROM_QSTR(MP_QSTR_BFINT8), T_CONST(T_BFINT8)},
    {MP_ROM_QSTR(MP_QSTR_BFUINT16), T_CONST(T_BFUINT16)},
    {MP_ROM_QSTR(MP_QSTR_BFINT16), T_CONST(T_BFINT16)},
    {MP_ROM_QSTR(MP_QSTR_BFUINT32), T_CONST(T_BFUINT32)},
    {MP_ROM_QSTR(MP_QSTR_BFINT32), T_CONST(T_BFINT32)},
    {MP_ROM_QSTR(MP_QSTR_FLOAT32), T_CONST(T_FLOAT32)},
    {MP_ROM_QSTR(MP_QSTR_FLOAT64), T_CONST(T_FLOAT64)},
    {MP_ROM_QSTR(MP_QSTR_VOID), T_CONST(T_UINT8)}, /* for (PTR | off, VOID) */
    {MP_ROM_QSTR(MP_QSTR_BF_POS), MP_ROM_INT(BF_POS_SHIFT)},
    {MP_ROM_QSTR(MP_QSTR_BF_LEN), MP_ROM_INT(BF_LEN_SHIFT)},
    {MP_ROM_QSTR(MP_QSTR_PTR), MP_ROM_INT(SIGNED31((mp_uint_t)AGG_PTR << AGG_TYPE_SHIFT))},
    {MP_ROM_QSTR(MP_QSTR_ARRAY), MP_ROM_INT(SIGNED31((mp_uint_t)AGG_ARRAY << AGG_TYPE_SHIFT))},

    /* C's native integer types on this (LP64 or ILP32) platform */
    {MP_ROM_QSTR(MP_QSTR_SHORT), T_CONST(T_INT16)},
    {MP_ROM_QSTR(MP_QSTR_USHORT), T_CONST(T_UINT16)},
    {MP_ROM_QSTR(MP_QSTR_INT), T_CONST(T_INT32)},
    {MP_ROM_QSTR(MP_QSTR_UINT), T_CONST(T_UINT32)},
    {MP_ROM_QSTR(MP_QSTR_LONG), T_CONST(sizeof(long) == 8 ? T_INT64 : T_INT32)},
    {MP_ROM_QSTR(MP_QSTR_ULONG), T_CONST(sizeof(long) == 8 ? T_UINT64 : T_UINT32)},
    {MP_ROM_QSTR(MP_QSTR_LONGLONG), T_CONST(T_INT64)},
    {MP_ROM_QSTR(MP_QSTR_ULONGLONG), T_CONST(T_UINT64)},
};
static MP_DEFINE_CONST_DICT(uctypes_module_globals, uctypes_module_table);

const mp_obj_module_t mp_module_uctypes = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&uctypes_module_globals,
};
