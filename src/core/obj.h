/*
 * Mica object model: the representation of every Python value.
 *
 * This header is the contract between every subsystem. The bit patterns and
 * struct layouts below are fixed by ../shared/spec/objects.md (representation
 * "A") because native machine code and dynamic native modules built for
 * MicroPython embed them. Do not reorder fields of the ABI structs; add new
 * fields only after the ones the spec lists.
 */
#ifndef MICA_CORE_OBJ_H
#define MICA_CORE_OBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#include "core/config.h"

typedef uint8_t byte;
typedef intptr_t mp_int_t;   /* signed machine word */
typedef uintptr_t mp_uint_t; /* unsigned machine word */
typedef void *mp_obj_t;      /* one tagged word */
typedef const void *mp_const_obj_t;
typedef size_t qstr;         /* interned-string number (fits in 16 bits) */
typedef uint16_t qstr_short_t;

#define MP_WORD_BITS (8 * (int)sizeof(mp_uint_t))

/* ---- 1. Tagged words ------------------------------------------------- */

#define MP_OBJ_NULL ((mp_obj_t)0)
#define MP_OBJ_STOP_ITERATION ((mp_obj_t)0)
#define MP_OBJ_SENTINEL ((mp_obj_t)4)

static inline bool mp_obj_is_small_int(mp_const_obj_t o) {
    return ((uintptr_t)o & 1) != 0;
}
#define MP_OBJ_SMALL_INT_VALUE(o) (((mp_int_t)(o)) >> 1)
#define MP_OBJ_NEW_SMALL_INT(v) ((mp_obj_t)((((mp_uint_t)(v)) << 1) | 1))
/* small ints hold one bit less than a word */
#define MP_SMALL_INT_MIN ((mp_int_t)(-((mp_int_t)1 << (MP_WORD_BITS - 2))))
/* CONTRACT-ISSUE (numbers): MP_SMALL_INT_MIN left-shifts a negative constant, so any
 * use fails -Werror=shift-negative-value with gcc 12; an equivalent warning-free form is
 * (-((mp_int_t)1 << (MP_WORD_BITS - 2))). Numbers code uses its own copy meanwhile. */
#define MP_SMALL_INT_MAX ((mp_int_t)(~(MP_SMALL_INT_MIN)))
#define MP_SMALL_INT_FITS(n) ((n) >= MP_SMALL_INT_MIN && (n) <= MP_SMALL_INT_MAX)

static inline bool mp_obj_is_qstr(mp_const_obj_t o) {
    return ((uintptr_t)o & 7) == 2;
}
#define MP_OBJ_QSTR_VALUE(o) (((mp_uint_t)(o)) >> 3)
#define MP_OBJ_NEW_QSTR(q) ((mp_obj_t)((((mp_uint_t)(q)) << 3) | 2))

static inline bool mp_obj_is_immediate_obj(mp_const_obj_t o) {
    return ((uintptr_t)o & 7) == 6;
}
#define MP_OBJ_NEW_IMMEDIATE_OBJ(i) ((mp_obj_t)((((mp_uint_t)(i)) << 3) | 6))

#define mp_const_none MP_OBJ_NEW_IMMEDIATE_OBJ(0)  /* 0x06 */
#define mp_const_false MP_OBJ_NEW_IMMEDIATE_OBJ(1) /* 0x0e */
#define mp_const_true MP_OBJ_NEW_IMMEDIATE_OBJ(3)  /* 0x1e */
#define mp_obj_new_bool(x) ((x) ? mp_const_true : mp_const_false)

static inline bool mp_obj_is_obj(mp_const_obj_t o) {
    return ((uintptr_t)o & 3) == 0;
}
#define MP_OBJ_TO_PTR(o) ((void *)(o))
#define MP_OBJ_FROM_PTR(p) ((mp_obj_t)(p))

/* ---- 2. Object header and type objects (objects.md 4.1, 4.2) --------- */

struct _mp_obj_type_t;
typedef struct _mp_obj_base_t {
    const struct _mp_obj_type_t *type;
} mp_obj_base_t;

typedef struct _mp_print_t {
    void *data;
    void (*print_strn)(void *data, const char *str, size_t len);
} mp_print_t;

typedef enum {
    PRINT_STR = 0,
    PRINT_REPR = 1,
    PRINT_EXC = 2,
    PRINT_JSON = 3,
    PRINT_RAW = 4,
    PRINT_EXC_SUBCLASS = 0x80,
} mp_print_kind_t;

typedef enum {
    MP_UNARY_OP_POSITIVE, MP_UNARY_OP_NEGATIVE, MP_UNARY_OP_INVERT, MP_UNARY_OP_NOT,
    MP_UNARY_OP_BOOL, MP_UNARY_OP_LEN, MP_UNARY_OP_HASH, MP_UNARY_OP_ABS,
    MP_UNARY_OP_INT_MAYBE, MP_UNARY_OP_FLOAT_MAYBE, MP_UNARY_OP_COMPLEX_MAYBE,
    MP_UNARY_OP_SIZEOF,
    MP_UNARY_OP_NUM_RUNTIME,
} mp_unary_op_t;

typedef enum {
    MP_BINARY_OP_LESS, MP_BINARY_OP_MORE, MP_BINARY_OP_EQUAL, MP_BINARY_OP_LESS_EQUAL,
    MP_BINARY_OP_MORE_EQUAL, MP_BINARY_OP_NOT_EQUAL, MP_BINARY_OP_IN, MP_BINARY_OP_IS,
    MP_BINARY_OP_EXCEPTION_MATCH,
    MP_BINARY_OP_INPLACE_OR, MP_BINARY_OP_INPLACE_XOR, MP_BINARY_OP_INPLACE_AND,
    MP_BINARY_OP_INPLACE_LSHIFT, MP_BINARY_OP_INPLACE_RSHIFT, MP_BINARY_OP_INPLACE_ADD,
    MP_BINARY_OP_INPLACE_SUBTRACT, MP_BINARY_OP_INPLACE_MULTIPLY,
    MP_BINARY_OP_INPLACE_MAT_MULTIPLY, MP_BINARY_OP_INPLACE_FLOOR_DIVIDE,
    MP_BINARY_OP_INPLACE_TRUE_DIVIDE, MP_BINARY_OP_INPLACE_MODULO, MP_BINARY_OP_INPLACE_POWER,
    MP_BINARY_OP_OR, MP_BINARY_OP_XOR, MP_BINARY_OP_AND, MP_BINARY_OP_LSHIFT,
    MP_BINARY_OP_RSHIFT, MP_BINARY_OP_ADD, MP_BINARY_OP_SUBTRACT, MP_BINARY_OP_MULTIPLY,
    MP_BINARY_OP_MAT_MULTIPLY, MP_BINARY_OP_FLOOR_DIVIDE, MP_BINARY_OP_TRUE_DIVIDE,
    MP_BINARY_OP_MODULO, MP_BINARY_OP_POWER,
    MP_BINARY_OP_NUM_BYTECODE, /* = 35: ops below never appear in bytecode */
    MP_BINARY_OP_DIVMOD = MP_BINARY_OP_NUM_BYTECODE,
    MP_BINARY_OP_CONTAINS, /* 36: `a.__contains__(b)`, used by IN with swapped args */
    MP_BINARY_OP_REVERSE_OR, MP_BINARY_OP_REVERSE_XOR, MP_BINARY_OP_REVERSE_AND,
    MP_BINARY_OP_REVERSE_LSHIFT, MP_BINARY_OP_REVERSE_RSHIFT, MP_BINARY_OP_REVERSE_ADD,
    MP_BINARY_OP_REVERSE_SUBTRACT, MP_BINARY_OP_REVERSE_MULTIPLY,
    MP_BINARY_OP_REVERSE_MAT_MULTIPLY, MP_BINARY_OP_REVERSE_FLOOR_DIVIDE,
    MP_BINARY_OP_REVERSE_TRUE_DIVIDE, MP_BINARY_OP_REVERSE_MODULO, MP_BINARY_OP_REVERSE_POWER,
    MP_BINARY_OP_NUM_RUNTIME,
    /* compiler-only pseudo ops, never reach the runtime */
    MP_BINARY_OP_NOT_IN = MP_BINARY_OP_NUM_RUNTIME, MP_BINARY_OP_IS_NOT,
} mp_binary_op_t;

/* type flags (objects.md 4.2) */
#define MP_TYPE_FLAG_NONE (0x0000)
#define MP_TYPE_FLAG_IS_SUBCLASSED (0x0001)
#define MP_TYPE_FLAG_HAS_SPECIAL_ACCESSORS (0x0002)
#define MP_TYPE_FLAG_EQ_NOT_REFLEXIVE (0x0004)
#define MP_TYPE_FLAG_EQ_CHECKS_OTHER_TYPE (0x0008)
#define MP_TYPE_FLAG_EQ_HAS_NEQ_TEST (0x0010)
#define MP_TYPE_FLAG_BINDS_SELF (0x0020)
#define MP_TYPE_FLAG_BUILTIN_FUN (0x0040)
#define MP_TYPE_FLAG_ITER_IS_GETITER (0x0000)
#define MP_TYPE_FLAG_ITER_IS_ITERNEXT (0x0080)
#define MP_TYPE_FLAG_ITER_IS_CUSTOM (0x0100)
#define MP_TYPE_FLAG_ITER_IS_STREAM (0x0180)
#define MP_TYPE_FLAG_ITER_MASK (0x0180)
#define MP_TYPE_FLAG_INSTANCE_TYPE (0x0200)
#define MP_TYPE_FLAG_SUBSCR_ALLOWS_STACK_SLICE (0x0400)

struct _mp_obj_iter_buf_t;
struct _mp_buffer_info_t;
struct _mp_obj_dict_t;

typedef mp_obj_t (*mp_make_new_fun_t)(const struct _mp_obj_type_t *type, size_t n_args,
    size_t n_kw, const mp_obj_t *args);
typedef void (*mp_print_fun_t)(const mp_print_t *print, mp_obj_t o, mp_print_kind_t kind);
typedef mp_obj_t (*mp_call_fun_t)(mp_obj_t fun, size_t n_args, size_t n_kw,
    const mp_obj_t *args);
typedef mp_obj_t (*mp_unary_op_fun_t)(mp_unary_op_t op, mp_obj_t o);
typedef mp_obj_t (*mp_binary_op_fun_t)(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs);
typedef void (*mp_attr_fun_t)(mp_obj_t self, qstr attr, mp_obj_t *dest);
typedef mp_obj_t (*mp_subscr_fun_t)(mp_obj_t self, mp_obj_t index, mp_obj_t value);
typedef mp_obj_t (*mp_getiter_fun_t)(mp_obj_t self, struct _mp_obj_iter_buf_t *buf);
typedef mp_obj_t (*mp_fun_1_t)(mp_obj_t);
typedef mp_int_t (*mp_buffer_fun_t)(mp_obj_t obj, struct _mp_buffer_info_t *bufinfo,
    mp_uint_t flags);

/* Slot numbers used by Mica's own types; natmod types may use any order,
 * so code must always go through slot_index_X (the macros below). */
enum {
    MP_SLOT_make_new, MP_SLOT_print, MP_SLOT_call, MP_SLOT_unary_op, MP_SLOT_binary_op,
    MP_SLOT_attr, MP_SLOT_subscr, MP_SLOT_iter, MP_SLOT_buffer, MP_SLOT_protocol,
    MP_SLOT_parent, MP_SLOT_locals_dict,
    MP_TYPE_NUM_SLOTS
};

typedef struct _mp_obj_type_t {
    mp_obj_base_t base; /* always &mp_type_type */
    uint16_t flags;
    uint16_t name; /* qstr */
    uint8_t slot_index_make_new;
    uint8_t slot_index_print;
    uint8_t slot_index_call;
    uint8_t slot_index_unary_op;
    uint8_t slot_index_binary_op;
    uint8_t slot_index_attr;
    uint8_t slot_index_subscr;
    uint8_t slot_index_iter;
    uint8_t slot_index_buffer;
    uint8_t slot_index_protocol;
    uint8_t slot_index_parent;
    uint8_t slot_index_locals_dict;
    const void *slots[MP_TYPE_NUM_SLOTS];
} mp_obj_type_t;

/* Statically defined types:
 *   const mp_obj_type_t mp_type_list = {
 *       .base = {&mp_type_type}, .name = MP_QSTR_list, .flags = 0,
 *       MP_TYPE_SLOT(make_new, list_make_new),
 *       MP_TYPE_SLOT(print, list_print), ...
 *   };
 */
#define MP_TYPE_SLOT(NAME, VALUE) \
    .slot_index_##NAME = MP_SLOT_##NAME + 1, .slots[MP_SLOT_##NAME] = (const void *)(VALUE)

#define MP_OBJ_TYPE_HAS_SLOT(t, NAME) ((t)->slot_index_##NAME != 0)
#define MP_OBJ_TYPE_GET_SLOT(t, NAME) ((t)->slots[(t)->slot_index_##NAME - 1])
#define MP_OBJ_TYPE_GET_SLOT_OR_NULL(t, NAME) \
    (MP_OBJ_TYPE_HAS_SLOT(t, NAME) ? MP_OBJ_TYPE_GET_SLOT(t, NAME) : NULL)
/* Setting a slot on a heap-allocated (Python class) type, which has room for all. */
#define MP_OBJ_TYPE_SET_SLOT(t, NAME, VALUE) do { \
        (t)->slot_index_##NAME = MP_SLOT_##NAME + 1; \
        (t)->slots[MP_SLOT_##NAME] = (const void *)(VALUE); \
} while (0)

/* Typed slot accessors (NULL when absent). */
#define mp_type_make_new(t) ((mp_make_new_fun_t)MP_OBJ_TYPE_GET_SLOT_OR_NULL(t, make_new))
#define mp_type_print(t) ((mp_print_fun_t)MP_OBJ_TYPE_GET_SLOT_OR_NULL(t, print))
#define mp_type_call(t) ((mp_call_fun_t)MP_OBJ_TYPE_GET_SLOT_OR_NULL(t, call))
#define mp_type_unary_op(t) ((mp_unary_op_fun_t)MP_OBJ_TYPE_GET_SLOT_OR_NULL(t, unary_op))
#define mp_type_binary_op(t) ((mp_binary_op_fun_t)MP_OBJ_TYPE_GET_SLOT_OR_NULL(t, binary_op))
#define mp_type_attr(t) ((mp_attr_fun_t)MP_OBJ_TYPE_GET_SLOT_OR_NULL(t, attr))
#define mp_type_subscr(t) ((mp_subscr_fun_t)MP_OBJ_TYPE_GET_SLOT_OR_NULL(t, subscr))
#define mp_type_parent(t) ((const void *)MP_OBJ_TYPE_GET_SLOT_OR_NULL(t, parent))
#define mp_type_locals_dict(t) \
    ((struct _mp_obj_dict_t *)MP_OBJ_TYPE_GET_SLOT_OR_NULL(t, locals_dict))
#define mp_type_protocol(t) ((const void *)MP_OBJ_TYPE_GET_SLOT_OR_NULL(t, protocol))

/* ---- 3. Maps and dicts (objects.md 4.9) ----------------------------- */

typedef struct _mp_map_elem_t {
    mp_obj_t key;
    mp_obj_t value;
} mp_map_elem_t;

typedef struct _mp_rom_map_elem_t {
    mp_const_obj_t key;
    mp_const_obj_t value;
} mp_rom_map_elem_t;

typedef struct _mp_map_t {
    size_t all_keys_are_qstrs : 1;
    size_t is_fixed : 1;   /* table is in ROM / never resized */
    size_t is_ordered : 1; /* linear search, insertion order */
    size_t used : (8 * sizeof(size_t) - 3);
    size_t alloc;
    mp_map_elem_t *table;
} mp_map_t;

typedef enum {
    MP_MAP_LOOKUP = 0,
    MP_MAP_LOOKUP_ADD_IF_NOT_FOUND = 1,
    MP_MAP_LOOKUP_REMOVE_IF_FOUND = 2,
} mp_map_lookup_kind_t;

typedef struct _mp_obj_dict_t {
    mp_obj_base_t base;
    mp_map_t map;
} mp_obj_dict_t;

/* A constant dict in C: MP_DEFINE_CONST_DICT(name, table) where table is
 * an array of mp_rom_map_elem_t with qstr-object keys. */
#define MP_DEFINE_CONST_DICT(dict_name, table_name) \
    const mp_obj_dict_t dict_name = { \
        .base = {&mp_type_dict}, \
        .map = {.all_keys_are_qstrs = 1, .is_fixed = 1, .is_ordered = 1, \
                .used = sizeof(table_name) / sizeof(table_name[0]), \
                .alloc = sizeof(table_name) / sizeof(table_name[0]), \
                .table = (mp_map_elem_t *)(mp_rom_map_elem_t *)table_name}, \
    }

#define MP_ROM_QSTR(q) ((mp_const_obj_t)MP_OBJ_NEW_QSTR(q))
#define MP_ROM_INT(i) ((mp_const_obj_t)MP_OBJ_NEW_SMALL_INT(i))
#define MP_ROM_PTR(p) ((mp_const_obj_t)(p))
#define MP_ROM_NONE ((mp_const_obj_t)mp_const_none)
#define MP_ROM_FALSE ((mp_const_obj_t)mp_const_false)
#define MP_ROM_TRUE ((mp_const_obj_t)mp_const_true)

/* ---- 4. Structures with a fixed layout (objects.md 4.3-4.14) -------- */

typedef struct _mp_obj_tuple_t {
    mp_obj_base_t base;
    size_t len;
    mp_obj_t items[];
} mp_obj_tuple_t;

typedef struct _mp_obj_list_t {
    mp_obj_base_t base;
    size_t alloc;
    size_t len;
    mp_obj_t *items;
} mp_obj_list_t;

/* str and bytes that are not qstrs; data is NUL-terminated */
typedef struct _mp_obj_str_t {
    mp_obj_base_t base;
    size_t hash; /* low 16 bits: the hash, 0 = not yet computed; above: MP_STR_HASH_* */
    size_t len;  /* in bytes */
    const byte *data;
} mp_obj_str_t;

/* The hash word of a str object: the 16-bit hash plus cached facts. */
#define MP_STR_HASH_MASK ((size_t)0xffff)
#define MP_STR_HASH_ASCII_KNOWN ((size_t)1 << 16)
#define MP_STR_HASH_IS_ASCII ((size_t)1 << 17)

typedef struct _mp_obj_instance_t {
    mp_obj_base_t base;
    mp_map_t members;
    mp_obj_t subobj[]; /* subobj[0]: native base object, if any */
} mp_obj_instance_t;

typedef struct _mp_obj_cell_t {
    mp_obj_base_t base;
    mp_obj_t obj; /* MP_OBJ_NULL = empty */
} mp_obj_cell_t;

typedef struct _mp_obj_slice_t {
    mp_obj_base_t base;
    mp_obj_t start;
    mp_obj_t stop;
    mp_obj_t step;
} mp_obj_slice_t;

typedef struct _mp_obj_static_class_method_t {
    mp_obj_base_t base;
    mp_obj_t fun;
} mp_obj_static_class_method_t;

typedef struct _mp_obj_module_t {
    mp_obj_base_t base;
    mp_obj_dict_t *globals;
} mp_obj_module_t;

typedef struct _mp_module_constants_t {
    qstr_short_t *qstr_table;
    mp_obj_t *obj_table;
} mp_module_constants_t;

/* The context of a compiled or loaded module: the module object itself plus
 * its qstr and constant tables (objects.md 4.5). */
typedef struct _mp_module_context_t {
    mp_obj_module_t module;
    mp_module_constants_t constants;
} mp_module_context_t;

struct _mp_raw_code_t;

/* Function objects for bytecode, native and viper code (objects.md 4.3) */
typedef struct _mp_obj_fun_bc_t {
    mp_obj_base_t base;
    const mp_module_context_t *context;
    struct _mp_raw_code_t *const *child_table;
    const byte *bytecode; /* start of the prelude (bytecode) or of fun_data (native) */
    mp_obj_t extra_args[]; /* default positionals, then default-kw dict if any */
} mp_obj_fun_bc_t;

/* Inline-assembler function (objects.md 4.4; only the runtime reads it) */
typedef struct _mp_obj_fun_asm_t {
    mp_obj_base_t base;
    size_t n_args;
    const void *fun_data; /* start of the machine code */
    mp_uint_t type_sig;   /* native type code of the return value */
} mp_obj_fun_asm_t;

typedef struct _mp_obj_fun_builtin_fixed_t {
    mp_obj_base_t base;
    union {
        mp_obj_t (*_0)(void);
        mp_obj_t (*_1)(mp_obj_t);
        mp_obj_t (*_2)(mp_obj_t, mp_obj_t);
        mp_obj_t (*_3)(mp_obj_t, mp_obj_t, mp_obj_t);
    } fun;
} mp_obj_fun_builtin_fixed_t;

typedef struct _mp_obj_fun_builtin_var_t {
    mp_obj_base_t base;
    uint32_t sig; /* (n_args_min << 17) | (n_args_max << 1) | takes_kw */
    union {
        mp_obj_t (*var)(size_t n, const mp_obj_t *args);
        mp_obj_t (*kw)(size_t n_pos, const mp_obj_t *pos, mp_map_t *kw);
    } fun;
} mp_obj_fun_builtin_var_t;

#define MP_OBJ_FUN_ARGS_MAX (0xffff)
#define MP_OBJ_FUN_MAKE_SIG(n_args_min, n_args_max, takes_kw) \
    ((uint32_t)((((uint32_t)(n_args_min)) << 17) | (((uint32_t)(n_args_max)) << 1) | \
    ((takes_kw) ? 1 : 0)))

/* Defining C functions as Python-callable objects. */
#define MP_DEFINE_CONST_FUN_OBJ_0(obj_name, fun_name) \
    const mp_obj_fun_builtin_fixed_t obj_name = {{&mp_type_fun_builtin_0}, .fun._0 = fun_name}
#define MP_DEFINE_CONST_FUN_OBJ_1(obj_name, fun_name) \
    const mp_obj_fun_builtin_fixed_t obj_name = {{&mp_type_fun_builtin_1}, .fun._1 = fun_name}
#define MP_DEFINE_CONST_FUN_OBJ_2(obj_name, fun_name) \
    const mp_obj_fun_builtin_fixed_t obj_name = {{&mp_type_fun_builtin_2}, .fun._2 = fun_name}
#define MP_DEFINE_CONST_FUN_OBJ_3(obj_name, fun_name) \
    const mp_obj_fun_builtin_fixed_t obj_name = {{&mp_type_fun_builtin_3}, .fun._3 = fun_name}
#define MP_DEFINE_CONST_FUN_OBJ_VAR(obj_name, n_args_min, fun_name) \
    const mp_obj_fun_builtin_var_t obj_name = {{&mp_type_fun_builtin_var}, \
        MP_OBJ_FUN_MAKE_SIG(n_args_min, MP_OBJ_FUN_ARGS_MAX, false), .fun.var = fun_name}
#define MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(obj_name, n_args_min, n_args_max, fun_name) \
    const mp_obj_fun_builtin_var_t obj_name = {{&mp_type_fun_builtin_var}, \
        MP_OBJ_FUN_MAKE_SIG(n_args_min, n_args_max, false), .fun.var = fun_name}
#define MP_DEFINE_CONST_FUN_OBJ_KW(obj_name, n_args_min, fun_name) \
    const mp_obj_fun_builtin_var_t obj_name = {{&mp_type_fun_builtin_var}, \
        MP_OBJ_FUN_MAKE_SIG(n_args_min, MP_OBJ_FUN_ARGS_MAX, true), .fun.kw = fun_name}

typedef struct _mp_buffer_info_t {
    void *buf;
    size_t len;
    int typecode;
} mp_buffer_info_t;
#define MP_BUFFER_READ (1)
#define MP_BUFFER_WRITE (2)
#define MP_BUFFER_RW (MP_BUFFER_READ | MP_BUFFER_WRITE)
#define MP_BUFFER_RAISE_IF_UNSUPPORTED (4)

/* Stream protocol (objects.md 4.13): the `protocol` slot of a stream type.
 * Reached by natmods through function-table entries 66 and 83..86
 * (core/funtable.c). Errors: return MP_STREAM_ERROR, errno in *errcode. */
typedef struct _mp_stream_p_t {
    mp_uint_t (*read)(mp_obj_t obj, void *buf, mp_uint_t size, int *errcode);
    mp_uint_t (*write)(mp_obj_t obj, const void *buf, mp_uint_t size, int *errcode);
    mp_uint_t (*ioctl)(mp_obj_t obj, mp_uint_t request, uintptr_t arg, int *errcode);
    mp_uint_t is_text : 1;
} mp_stream_p_t;
#define MP_STREAM_ERROR ((mp_uint_t)-1)
#define MP_STREAM_OP_READ (1)
#define MP_STREAM_OP_WRITE (2)
#define MP_STREAM_OP_IOCTL (4)

/* Space an iterator may be built in without heap allocation (4 words). */
#define MP_OBJ_ITER_BUF_NSLOTS (4)
typedef struct _mp_obj_iter_buf_t {
    mp_obj_base_t base;
    mp_obj_t buf[3];
} mp_obj_iter_buf_t;

typedef struct _mp_getiter_iternext_custom_t {
    mp_getiter_fun_t getiter;
    mp_fun_1_t iternext;
} mp_getiter_iternext_custom_t;

typedef union _mp_arg_val_t {
    bool u_bool;
    mp_int_t u_int;
    mp_obj_t u_obj;
    mp_const_obj_t u_rom_obj;
} mp_arg_val_t;

typedef struct _mp_arg_t {
    uint16_t qst;
    uint16_t flags;
    mp_arg_val_t defval;
} mp_arg_t;
#define MP_ARG_BOOL (0x001)
#define MP_ARG_INT (0x002)
#define MP_ARG_OBJ (0x003)
#define MP_ARG_KIND_MASK (0x0ff)
#define MP_ARG_REQUIRED (0x100)
#define MP_ARG_KW_ONLY (0x200)

/* Native types (viper, asm, function-table conversions) */
enum {
    MP_NATIVE_TYPE_OBJ, MP_NATIVE_TYPE_BOOL, MP_NATIVE_TYPE_INT, MP_NATIVE_TYPE_UINT,
    MP_NATIVE_TYPE_PTR, MP_NATIVE_TYPE_PTR8, MP_NATIVE_TYPE_PTR16, MP_NATIVE_TYPE_PTR32,
    MP_NATIVE_TYPE_QSTR,
};

/* ---- 5. Built-in type objects --------------------------------------- */

extern const mp_obj_type_t mp_type_type;
extern const mp_obj_type_t mp_type_object;
extern const mp_obj_type_t mp_type_NoneType;
extern const mp_obj_type_t mp_type_bool;
extern const mp_obj_type_t mp_type_int;
extern const mp_obj_type_t mp_type_float;
extern const mp_obj_type_t mp_type_complex;
extern const mp_obj_type_t mp_type_str;
extern const mp_obj_type_t mp_type_bytes;
extern const mp_obj_type_t mp_type_bytearray;
extern const mp_obj_type_t mp_type_memoryview;
extern const mp_obj_type_t mp_type_tuple;
extern const mp_obj_type_t mp_type_list;
extern const mp_obj_type_t mp_type_dict;
extern const mp_obj_type_t mp_type_set;
extern const mp_obj_type_t mp_type_frozenset;
extern const mp_obj_type_t mp_type_range;
extern const mp_obj_type_t mp_type_range_it;
extern const mp_obj_type_t mp_type_slice;
extern const mp_obj_type_t mp_type_cell;
extern const mp_obj_type_t mp_type_module;
extern const mp_obj_type_t mp_type_fun_bc;
extern const mp_obj_type_t mp_type_fun_native;
extern const mp_obj_type_t mp_type_fun_viper;
extern const mp_obj_type_t mp_type_fun_asm;
extern const mp_obj_type_t mp_type_fun_builtin_0;
extern const mp_obj_type_t mp_type_fun_builtin_1;
extern const mp_obj_type_t mp_type_fun_builtin_2;
extern const mp_obj_type_t mp_type_fun_builtin_3;
extern const mp_obj_type_t mp_type_fun_builtin_var;
extern const mp_obj_type_t mp_type_closure;
extern const mp_obj_type_t mp_type_bound_meth;
extern const mp_obj_type_t mp_type_gen_wrap;
extern const mp_obj_type_t mp_type_native_gen_wrap;
extern const mp_obj_type_t mp_type_gen_instance;
extern const mp_obj_type_t mp_type_property;
extern const mp_obj_type_t mp_type_staticmethod;
extern const mp_obj_type_t mp_type_classmethod;
extern const mp_obj_type_t mp_type_super;
extern const mp_obj_type_t mp_type_enumerate;
extern const mp_obj_type_t mp_type_filter;
extern const mp_obj_type_t mp_type_map;
extern const mp_obj_type_t mp_type_zip;
extern const mp_obj_type_t mp_type_reversed;
extern const mp_obj_type_t mp_type_dict_view;
extern const mp_obj_type_t mp_type_singleton; /* Ellipsis, NotImplemented */

/* exceptions */
extern const mp_obj_type_t mp_type_BaseException;
extern const mp_obj_type_t mp_type_ArithmeticError;
extern const mp_obj_type_t mp_type_AssertionError;
extern const mp_obj_type_t mp_type_AttributeError;
extern const mp_obj_type_t mp_type_EOFError;
extern const mp_obj_type_t mp_type_Exception;
extern const mp_obj_type_t mp_type_GeneratorExit;
extern const mp_obj_type_t mp_type_ImportError;
extern const mp_obj_type_t mp_type_IndentationError;
extern const mp_obj_type_t mp_type_IndexError;
extern const mp_obj_type_t mp_type_KeyboardInterrupt;
extern const mp_obj_type_t mp_type_KeyError;
extern const mp_obj_type_t mp_type_LookupError;
extern const mp_obj_type_t mp_type_MemoryError;
extern const mp_obj_type_t mp_type_NameError;
extern const mp_obj_type_t mp_type_NotImplementedError;
extern const mp_obj_type_t mp_type_ViperTypeError; /* compile-time viper type errors */
extern const mp_obj_type_t mp_type_OSError;
extern const mp_obj_type_t mp_type_OverflowError;
extern const mp_obj_type_t mp_type_RuntimeError;
extern const mp_obj_type_t mp_type_StopAsyncIteration;
extern const mp_obj_type_t mp_type_StopIteration;
extern const mp_obj_type_t mp_type_SyntaxError;
extern const mp_obj_type_t mp_type_SystemExit;
extern const mp_obj_type_t mp_type_TypeError;
extern const mp_obj_type_t mp_type_UnicodeError;
extern const mp_obj_type_t mp_type_ValueError;
extern const mp_obj_type_t mp_type_ZeroDivisionError;

/* singletons that are concrete objects */
typedef struct _mp_obj_singleton_t {
    mp_obj_base_t base;
    qstr name;
} mp_obj_singleton_t;
extern const mp_obj_singleton_t mp_const_ellipsis_obj;
extern const mp_obj_singleton_t mp_const_notimplemented_obj;
#define mp_const_ellipsis (MP_OBJ_FROM_PTR(&mp_const_ellipsis_obj))
#define mp_const_notimplemented (MP_OBJ_FROM_PTR(&mp_const_notimplemented_obj))
extern const mp_obj_tuple_t mp_const_empty_tuple_obj;
#define mp_const_empty_tuple (MP_OBJ_FROM_PTR(&mp_const_empty_tuple_obj))
extern const mp_obj_str_t mp_const_empty_bytes_obj;
#define mp_const_empty_bytes (MP_OBJ_FROM_PTR(&mp_const_empty_bytes_obj))

/* ---- 6. Generic object operations (core/obj.c) ---------------------- */

const mp_obj_type_t *mp_obj_get_type(mp_const_obj_t o);
const char *mp_obj_get_type_str(mp_const_obj_t o);
bool mp_obj_is_type(mp_const_obj_t o, const mp_obj_type_t *t); /* exact type */
bool mp_obj_is_subclass_fast(mp_const_obj_t object, mp_const_obj_t classinfo);
bool mp_obj_is_callable(mp_obj_t o);
bool mp_obj_is_true(mp_obj_t o);
bool mp_obj_equal(mp_obj_t a, mp_obj_t b);
mp_obj_t mp_obj_equal_not_equal(mp_binary_op_t op, mp_obj_t a, mp_obj_t b);
mp_int_t mp_obj_hash(mp_obj_t o); /* raises TypeError if unhashable */
mp_obj_t mp_obj_len(mp_obj_t o);  /* raises TypeError */
mp_obj_t mp_obj_len_maybe(mp_obj_t o); /* MP_OBJ_NULL if no len */
mp_obj_t mp_obj_subscr(mp_obj_t base, mp_obj_t index, mp_obj_t value);

void mp_obj_print_helper(const mp_print_t *print, mp_obj_t o, mp_print_kind_t kind);
void mp_obj_print(mp_obj_t o, mp_print_kind_t kind); /* to stdout */
void mp_obj_print_exception(const mp_print_t *print, mp_obj_t exc);

/* conversions; these raise TypeError on a wrong type */
mp_int_t mp_obj_get_int(mp_const_obj_t arg);
mp_int_t mp_obj_get_int_truncated(mp_const_obj_t arg);
bool mp_obj_get_int_maybe(mp_const_obj_t arg, mp_int_t *value);
double mp_obj_get_float(mp_obj_t self_in);
bool mp_obj_get_float_maybe(mp_obj_t arg, double *value);
void mp_obj_get_complex(mp_obj_t self_in, double *real, double *imag);
bool mp_obj_get_complex_maybe(mp_obj_t self_in, double *real, double *imag);
void mp_obj_get_array(mp_obj_t o, size_t *len, mp_obj_t **items); /* tuple or list */
void mp_obj_get_array_fixed_n(mp_obj_t o, size_t len, mp_obj_t **items);
size_t mp_get_index(const mp_obj_type_t *type, size_t len, mp_obj_t index, bool is_slice);
const char *mp_obj_str_get_str(mp_obj_t self_in); /* str (or qstr) -> NUL-terminated */
const char *mp_obj_str_get_data(mp_obj_t self_in, size_t *len); /* str or bytes */
qstr mp_obj_str_get_qstr(mp_obj_t self_in); /* interns */
bool mp_get_buffer(mp_obj_t obj, mp_buffer_info_t *bufinfo, mp_uint_t flags);
void mp_get_buffer_raise(mp_obj_t obj, mp_buffer_info_t *bufinfo, mp_uint_t flags);

/* constructors */
mp_obj_t mp_obj_new_int(mp_int_t value);
mp_obj_t mp_obj_new_int_from_uint(mp_uint_t value);
mp_obj_t mp_obj_new_int_from_ll(long long val);
mp_obj_t mp_obj_new_int_from_ull(unsigned long long val);
mp_obj_t mp_obj_new_int_from_str_len(const char **str, size_t len, bool neg, unsigned int base);
mp_obj_t mp_obj_new_int_from_float(double val);
mp_obj_t mp_obj_new_float(double value);
mp_obj_t mp_obj_new_complex(double real, double imag);
mp_obj_t mp_obj_new_str(const char *data, size_t len); /* may return a qstr */
mp_obj_t mp_obj_new_str_copy(const mp_obj_type_t *type, const byte *data, size_t len);
mp_obj_t mp_obj_new_str_from_cstr(const char *s);
mp_obj_t mp_obj_new_bytes(const byte *data, size_t len);
mp_obj_t mp_obj_new_bytearray(size_t n, const void *items);
mp_obj_t mp_obj_new_bytearray_by_ref(size_t n, void *items);
mp_obj_t mp_obj_new_tuple(size_t n, const mp_obj_t *items); /* items NULL: caller fills */
mp_obj_t mp_obj_new_list(size_t n, mp_obj_t *items);        /* items NULL: caller fills */
mp_obj_t mp_obj_new_dict(size_t n_args);
mp_obj_t mp_obj_new_set(size_t n_args, mp_obj_t *items);
mp_obj_t mp_obj_new_frozenset(size_t n_args, mp_obj_t *items);
mp_obj_t mp_obj_new_slice(mp_obj_t start, mp_obj_t stop, mp_obj_t step);
mp_obj_t mp_obj_new_cell(mp_obj_t obj);
mp_obj_t mp_obj_new_bound_meth(mp_obj_t meth, mp_obj_t self);
mp_obj_t mp_obj_new_closure(mp_obj_t fun, size_t n_closed, const mp_obj_t *closed);
mp_obj_t mp_obj_new_module(qstr module_name);
mp_obj_t mp_obj_new_range(mp_int_t start, mp_int_t stop, mp_int_t step);

/* small helpers per type (implemented in types/) */
mp_obj_t mp_obj_list_append(mp_obj_t self_in, mp_obj_t arg);
void mp_obj_list_get(mp_obj_t self_in, size_t *len, mp_obj_t **items);
void mp_obj_list_set_len(mp_obj_t self_in, size_t len);
void mp_obj_tuple_get(mp_obj_t self_in, size_t *len, mp_obj_t **items);
mp_obj_t mp_obj_dict_store(mp_obj_t self_in, mp_obj_t key, mp_obj_t value);
mp_obj_t mp_obj_dict_get(mp_obj_t self_in, mp_obj_t key); /* KeyError */
mp_obj_t mp_obj_dict_delete(mp_obj_t self_in, mp_obj_t key);
size_t mp_obj_dict_len(mp_obj_t self_in);
mp_map_t *mp_obj_dict_get_map(mp_obj_t self_in);
void mp_obj_set_store(mp_obj_t self_in, mp_obj_t item);
mp_obj_t mp_obj_cell_get(mp_obj_t self_in);
void mp_obj_cell_set(mp_obj_t self_in, mp_obj_t obj);
mp_obj_dict_t *mp_obj_module_get_globals(mp_obj_t self_in);
bool mp_obj_int_is_big(mp_const_obj_t o);
int mp_obj_int_sign(mp_obj_t self_in);
/* ---- numbers helpers (types/int.c, float.c, complex.c) ---- */
/* warning-free copies of the small-int bounds (see CONTRACT-ISSUE above) */
#define MP_SMALL_INT_MIN_ ((mp_int_t)(-((mp_int_t)1 << (MP_WORD_BITS - 2))))
#define MP_SMALL_INT_MAX_ ((mp_int_t)(((mp_int_t)1 << (MP_WORD_BITS - 2)) - 1))
#define MP_SMALL_INT_FITS_(n) ((n) >= MP_SMALL_INT_MIN_ && (n) <= MP_SMALL_INT_MAX_)
/* pow(base, exp, mod) for ints (builtins.pow with 3 arguments): ValueError
 * for mod 0 or a negative exponent, TypeError for non-ints. */
mp_obj_t mp_obj_int_pow3(mp_obj_t base, mp_obj_t exp, mp_obj_t mod);
/* Text of an int (small, big or bool) in base 2..36: sign, then `prefix`
 * (e.g. "0x", may be NULL), then digits; digits >= 10 are letters counted
 * from base_char ('a' or 'A'). hex(-255) == formatted(-255, 16, "0x", 'a')
 * == '-0xff'. The _buf form returns a GC-allocated NUL-terminated C string. */
mp_obj_t mp_obj_int_formatted(mp_obj_t self, int base, const char *prefix, char base_char);
char *mp_obj_int_formatted_buf(mp_obj_t self, int base, const char *prefix, char base_char,
    size_t *len);
/* round(x) (ndigits == MP_OBJ_NULL) and round(x, ndigits) for int, bool and
 * float, MicroPython style (ties to even, float rounding on x * 10**n). */
mp_obj_t mp_obj_round(mp_obj_t x, mp_obj_t ndigits);
/* int(x) for an int/bool/float/str/bytes (int.__new__ with one argument) */
mp_obj_t mp_obj_int_from_obj(mp_obj_t x);
/* true division of two ints (small or big), as a float object */
mp_obj_t mp_obj_int_true_divide(mp_obj_t lhs, mp_obj_t rhs);
/* value of an int that fits in 64 bits (false if it does not) */
bool mp_obj_int_get_int64(mp_obj_t self, int64_t *value);
/* Arithmetic on unboxed values shared by the number types: each returns
 * MP_OBJ_NULL for an operator the type does not support. */
mp_obj_t mp_obj_float_binary_op(mp_binary_op_t op, double lhs, mp_obj_t rhs);
mp_obj_t mp_obj_complex_binary_op(mp_binary_op_t op, double lhs_real, double lhs_imag,
    mp_obj_t rhs);
/* hash of a float (consistent with ints: hash(2.0) == hash(2)) */
mp_int_t mp_float_hash(double f);
/* function-table entries 60..63 (native.md section 6) */
mp_obj_t mp_obj_new_float_from_f(float value);
mp_obj_t mp_obj_new_float_from_d(double value);
float mp_obj_get_float_to_f(mp_obj_t o);
double mp_obj_get_float_to_d(mp_obj_t o);
typedef struct _mp_obj_float_t {
    mp_obj_base_t base;
    double value;
} mp_obj_float_t;
static inline double mp_obj_float_get(mp_obj_t self) {
    return ((mp_obj_float_t *)MP_OBJ_TO_PTR(self))->value;
}
typedef struct _mp_obj_complex_t {
    mp_obj_base_t base;
    double real;
    double imag;
} mp_obj_complex_t;
void mp_obj_slice_get(mp_obj_t self_in, mp_obj_t *start, mp_obj_t *stop, mp_obj_t *step);
/* normalise a slice against a sequence length: returns false if step != 1 */
typedef struct _mp_bound_slice_t {
    mp_int_t start, stop, step;
} mp_bound_slice_t;
void mp_obj_slice_indices(mp_obj_t self_in, mp_int_t length, mp_bound_slice_t *result);
bool mp_seq_get_fast_slice_indexes(mp_uint_t len, mp_obj_t slice, mp_bound_slice_t *indexes);

/* str helpers */
size_t mp_str_hash(const byte *data, size_t len); /* djb2-xor, 16 bits, never 0 */
bool mp_obj_str_equal(mp_obj_t a, mp_obj_t b);
/* chr() and ord() for builtins (types/str.c): ValueError / TypeError */
mp_obj_t mp_obj_new_str_from_char(mp_int_t codepoint);
mp_obj_t mp_obj_str_ord(mp_obj_t chr);
/* str.format machinery for format(value, spec) (types/strformat.c) */
mp_obj_t mp_obj_format_value(mp_obj_t value, mp_obj_t spec);
/* list.sort()/sorted() (types/list.c): key may be MP_OBJ_NULL or None */
void mp_obj_list_sort_helper(mp_obj_t list, mp_obj_t key, bool reverse);
mp_obj_t mp_obj_list_from_iterable(mp_obj_t iterable); /* list(iterable) */
#define mp_obj_is_str(o) (mp_obj_is_qstr(o) || mp_obj_is_type(o, &mp_type_str))
#define mp_obj_is_str_or_bytes(o) (mp_obj_is_qstr(o) || \
    (mp_obj_is_obj(o) && (((mp_obj_base_t *)(o))->type == &mp_type_str || \
    ((mp_obj_base_t *)(o))->type == &mp_type_bytes)))
#define mp_obj_is_int(o) (mp_obj_is_small_int(o) || mp_obj_is_type(o, &mp_type_int))
#define mp_obj_is_float(o) mp_obj_is_type(o, &mp_type_float)
#define mp_obj_is_bool(o) ((o) == mp_const_false || (o) == mp_const_true)

/* printing helpers (core/print.c) */
extern const mp_print_t mp_plat_print;   /* stdout */
extern const mp_print_t mp_stderr_print; /* stderr */
int mp_print_str(const mp_print_t *print, const char *str);
int mp_print_strn(const mp_print_t *print, const char *str, size_t len, int flags, char fill,
    int width);
int mp_printf(const mp_print_t *print, const char *fmt, ...);
int mp_vprintf(const mp_print_t *print, const char *fmt, va_list args);
#define PF_FLAG_LEFT_ADJUST (0x001)
#define PF_FLAG_SHOW_SIGN (0x002)
#define PF_FLAG_SPACE_SIGN (0x004)
#define PF_FLAG_NO_TRAILZ (0x008)
#define PF_FLAG_SHOW_PREFIX (0x010)
#define PF_FLAG_PAD_AFTER_SIGN (0x040)
#define PF_FLAG_CENTER_ADJUST (0x080)
#define PF_FLAG_ADD_PERCENT (0x100)
#define PF_FLAG_SHOW_OCTAL_LETTER (0x200)

/* A growable byte buffer (vstr) in the GC heap, used to build strings. */
typedef struct _vstr_t {
    size_t alloc;
    size_t len;
    char *buf;
    bool fixed_buf;
} vstr_t;
void vstr_init(vstr_t *vstr, size_t alloc);
void vstr_init_len(vstr_t *vstr, size_t len);
void vstr_init_fixed_buf(vstr_t *vstr, size_t alloc, char *buf);
void vstr_init_print(vstr_t *vstr, size_t alloc, mp_print_t *print);
void vstr_clear(vstr_t *vstr);
char *vstr_add_len(vstr_t *vstr, size_t len);
char *vstr_null_terminated_str(vstr_t *vstr);
void vstr_add_byte(vstr_t *vstr, byte v);
void vstr_add_char(vstr_t *vstr, uint32_t chr); /* UTF-8 encodes */
void vstr_add_str(vstr_t *vstr, const char *str);
void vstr_add_strn(vstr_t *vstr, const char *str, size_t len);
void vstr_cut_tail_bytes(vstr_t *vstr, size_t bytes_to_cut);
void vstr_printf(vstr_t *vstr, const char *fmt, ...);
mp_obj_t mp_obj_new_str_from_vstr(vstr_t *vstr); /* takes ownership of the buffer */
mp_obj_t mp_obj_new_bytes_from_vstr(vstr_t *vstr);

#endif /* MICA_CORE_OBJ_H */
