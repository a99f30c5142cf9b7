/*
 * Mica's public header for dynamic native modules (natmods): C code that is
 * compiled to an ELF object, linked into an .mpy by `mica-mpy link` and
 * imported by a Mica (or MicroPython) runtime.
 *
 * Written from ../shared/spec/natmod.md sections 4-5, native.md 6 and
 * objects.md. The names and macro shapes are MicroPython's documented natmod
 * API, so a natmod written for that API compiles against this header; every
 * runtime service is a call through the native function table
 * `mp_fun_table`, whose address the code loads from its GOT (the linker
 * relocates that word with kind 8). Nothing here is linked in: the module
 * has no C library and no runtime symbols besides the ones the linker
 * resolves (natmod.md 2.3 step 2).
 *
 * Only the 64- and 32-bit representation "A" of objects.md 1 exists.
 */
#ifndef MICA_NATMOD_DYNRUNTIME_H
#define MICA_NATMOD_DYNRUNTIME_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* the generated qstr configuration (natmod.md 2.1) */
#ifdef MP_CONFIGFILE
#include MP_CONFIGFILE
#else
extern const uint16_t mp_native_qstr_table[];
extern const uintptr_t mp_native_obj_table[];
#endif

#define MICROPY_ENABLE_DYNRUNTIME_MICA (1)

/* ---- float configuration (natmod.md 2.2) -------------------------------- */
#define MICROPY_FLOAT_IMPL_NONE (0)
#define MICROPY_FLOAT_IMPL_FLOAT (1)
#define MICROPY_FLOAT_IMPL_DOUBLE (2)
#ifndef MICROPY_FLOAT_IMPL
#define MICROPY_FLOAT_IMPL (MICROPY_FLOAT_IMPL_DOUBLE)
#endif
#if MICROPY_FLOAT_IMPL == MICROPY_FLOAT_IMPL_FLOAT
typedef float mp_float_t;
#define MICROPY_PY_BUILTINS_FLOAT (1)
#elif MICROPY_FLOAT_IMPL == MICROPY_FLOAT_IMPL_DOUBLE
typedef double mp_float_t;
#define MICROPY_PY_BUILTINS_FLOAT (1)
#else
#define MICROPY_PY_BUILTINS_FLOAT (0)
#endif

/* The C library functions natmods may call: the linker redirects them to
 * function-table entries 50 and 51 through small stubs (natmod.md 2.4). */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dest, const void *src, size_t n);
void *memmove(void *dest, const void *src, size_t n);

/* ---- basic types (objects.md conventions) ------------------------------- */
typedef uint8_t byte;
typedef intptr_t mp_int_t;
typedef uintptr_t mp_uint_t;
typedef size_t qstr;
typedef uint16_t qstr_short_t;
typedef void *mp_obj_t;
typedef const void *mp_const_obj_t;
typedef mp_obj_t mp_rom_obj_t;

#define MP_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MP_ERROR_TEXT(s) (s)
#define MP_UNUSED(x) ((void)(x))
#define MP_NORETURN __attribute__((noreturn))
#define NORETURN MP_NORETURN
#define MP_INLINE inline
#define MP_LIKELY(x) __builtin_expect((x), 1)
#define MP_UNLIKELY(x) __builtin_expect((x), 0)

/* ---- object representation A (objects.md 1) ----------------------------- */
#define MP_OBJ_NULL ((mp_obj_t)(uintptr_t)0)
#define MP_OBJ_STOP_ITERATION ((mp_obj_t)(uintptr_t)0)
#define MP_OBJ_SENTINEL ((mp_obj_t)(uintptr_t)4)

#define MP_OBJ_TO_PTR(o) ((void *)(o))
#define MP_OBJ_FROM_PTR(p) ((mp_obj_t)(p))
#define MP_ROM_PTR(p) ((mp_rom_obj_t)(p))
#define MP_ROM_NONE ((mp_rom_obj_t)(uintptr_t)0x06)
#define MP_ROM_FALSE ((mp_rom_obj_t)(uintptr_t)0x0e)
#define MP_ROM_TRUE ((mp_rom_obj_t)(uintptr_t)0x1e)

#define MP_OBJ_NEW_SMALL_INT(v) ((mp_obj_t)((((mp_uint_t)(mp_int_t)(v)) << 1) | 1))
#define MP_OBJ_SMALL_INT_VALUE(o) (((mp_int_t)(o)) >> 1)
#define MP_ROM_INT(v) MP_OBJ_NEW_SMALL_INT(v)
/* static qstrs only: a constant word (module qstrs are not constants) */
#define MP_ROM_QSTR(q) ((mp_rom_obj_t)((((mp_uint_t)(q)) << 3) | 2))
#define MP_OBJ_QSTR_VALUE(o) (((mp_uint_t)(o)) >> 3)

static inline bool mp_obj_is_small_int(mp_const_obj_t o) {
    return ((mp_uint_t)o & 1) != 0;
}
static inline bool mp_obj_is_qstr(mp_const_obj_t o) {
    return ((mp_uint_t)o & 7) == 2;
}
static inline bool mp_obj_is_immediate_obj(mp_const_obj_t o) {
    return ((mp_uint_t)o & 7) == 6;
}
static inline bool mp_obj_is_obj(mp_const_obj_t o) {
    return ((mp_uint_t)o & 3) == 0;
}
#define MP_OBJ_IS_SMALL_INT(o) mp_obj_is_small_int(o)
#define MP_OBJ_IS_QSTR(o) mp_obj_is_qstr(o)
#define MP_OBJ_IS_OBJ(o) mp_obj_is_obj(o)

/* small-int range of a word-sized runtime (objects.md 2) */
#define MP_SMALL_INT_MIN ((mp_int_t)(((mp_int_t)~(mp_uint_t)0) << (sizeof(mp_int_t) * 8 - 2)))
#define MP_SMALL_INT_MAX ((mp_int_t)(~MP_SMALL_INT_MIN))
#define MP_SMALL_INT_FITS(n) ((n) >= MP_SMALL_INT_MIN && (n) <= MP_SMALL_INT_MAX)

/* ---- enumerations (objects.md 5) ---------------------------------------- */
typedef enum {
    MP_UNARY_OP_POSITIVE, MP_UNARY_OP_NEGATIVE, MP_UNARY_OP_INVERT, MP_UNARY_OP_NOT,
    MP_UNARY_OP_BOOL, MP_UNARY_OP_LEN, MP_UNARY_OP_HASH, MP_UNARY_OP_ABS,
    MP_UNARY_OP_INT_MAYBE, MP_UNARY_OP_FLOAT_MAYBE, MP_UNARY_OP_COMPLEX_MAYBE,
    MP_UNARY_OP_SIZEOF,
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
    MP_BINARY_OP_MODULO, MP_BINARY_OP_POWER, MP_BINARY_OP_DIVMOD, MP_BINARY_OP_CONTAINS,
    MP_BINARY_OP_REVERSE_OR, MP_BINARY_OP_REVERSE_XOR, MP_BINARY_OP_REVERSE_AND,
    MP_BINARY_OP_REVERSE_LSHIFT, MP_BINARY_OP_REVERSE_RSHIFT, MP_BINARY_OP_REVERSE_ADD,
    MP_BINARY_OP_REVERSE_SUBTRACT, MP_BINARY_OP_REVERSE_MULTIPLY,
    MP_BINARY_OP_REVERSE_MAT_MULTIPLY, MP_BINARY_OP_REVERSE_FLOOR_DIVIDE,
    MP_BINARY_OP_REVERSE_TRUE_DIVIDE, MP_BINARY_OP_REVERSE_MODULO,
    MP_BINARY_OP_REVERSE_POWER,
} mp_binary_op_t;

enum {
    MP_NATIVE_TYPE_OBJ, MP_NATIVE_TYPE_BOOL, MP_NATIVE_TYPE_INT, MP_NATIVE_TYPE_UINT,
    MP_NATIVE_TYPE_PTR, MP_NATIVE_TYPE_PTR8, MP_NATIVE_TYPE_PTR16, MP_NATIVE_TYPE_PTR32,
    MP_NATIVE_TYPE_QSTR,
};

typedef enum {
    PRINT_STR = 0, PRINT_REPR = 1, PRINT_EXC = 2, PRINT_JSON = 3, PRINT_RAW = 4,
    PRINT_EXC_SUBCLASS = 0x80,
} mp_print_kind_t;

/* ---- structures (objects.md 4) ------------------------------------------ */
struct _mp_obj_type_t;
typedef struct _mp_obj_base_t {
    const struct _mp_obj_type_t *type;
} mp_obj_base_t;

typedef struct _mp_print_t {
    void *data;
    void (*print_strn)(void *data, const char *str, size_t len);
} mp_print_t;

typedef struct _mp_map_elem_t {
    mp_obj_t key;
    mp_obj_t value;
} mp_map_elem_t;

typedef struct _mp_rom_map_elem_t {
    mp_rom_obj_t key;
    mp_rom_obj_t value;
} mp_rom_map_elem_t;

/* bit 0 all_keys_are_qstrs, bit 1 is_fixed, bit 2 is_ordered, bits 3.. used
 * (GCC and the SysV/AAPCS ABIs allocate bit-fields from bit 0) */
typedef struct _mp_map_t {
    size_t all_keys_are_qstrs : 1;
    size_t is_fixed : 1;
    size_t is_ordered : 1;
    size_t used : (8 * sizeof(size_t) - 3);
    size_t alloc;
    mp_map_elem_t *table;
} mp_map_t;

typedef struct _mp_obj_dict_t {
    mp_obj_base_t base;
    mp_map_t map;
} mp_obj_dict_t;

typedef struct _mp_buffer_info_t {
    void *buf;
    size_t len;
    int typecode;
} mp_buffer_info_t;
#define MP_BUFFER_READ (1)
#define MP_BUFFER_WRITE (2)
#define MP_BUFFER_RW (3)
#define MP_BUFFER_RAISE_IF_UNSUPPORTED (4)

typedef struct _mp_obj_iter_buf_t {
    mp_obj_base_t base;
    mp_obj_t buf[3];
} mp_obj_iter_buf_t;
#define MP_OBJ_ITER_BUF_NSLOTS (4)

typedef mp_obj_t (*mp_make_new_fun_t)(const struct _mp_obj_type_t *type, size_t n_args,
    size_t n_kw, const mp_obj_t *args);
typedef void (*mp_print_fun_t)(const mp_print_t *print, mp_obj_t o, mp_print_kind_t kind);
typedef mp_obj_t (*mp_call_fun_t)(mp_obj_t fun, size_t n_args, size_t n_kw, const mp_obj_t *args);
typedef mp_obj_t (*mp_unary_op_fun_t)(mp_unary_op_t op, mp_obj_t o);
typedef mp_obj_t (*mp_binary_op_fun_t)(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs);
typedef void (*mp_attr_fun_t)(mp_obj_t self, qstr attr, mp_obj_t *dest);
typedef mp_obj_t (*mp_subscr_fun_t)(mp_obj_t self, mp_obj_t index, mp_obj_t value);
typedef mp_obj_t (*mp_getiter_fun_t)(mp_obj_t self, mp_obj_iter_buf_t *iter_buf);
typedef mp_obj_t (*mp_fun_1_t)(mp_obj_t);
typedef mp_int_t (*mp_buffer_fun_t)(mp_obj_t o, mp_buffer_info_t *info, mp_uint_t flags);

typedef struct _mp_getiter_iternext_custom_t {
    mp_getiter_fun_t getiter;
    mp_fun_1_t iternext;
} mp_getiter_iternext_custom_t;

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
#define MP_TYPE_FLAG_INSTANCE_TYPE (0x0200)
#define MP_TYPE_FLAG_SUBSCR_ALLOWS_STACK_SLICE (0x0400)

#define MP_TYPE_SLOT_FIELDS_ \
    uint8_t slot_index_make_new; \
    uint8_t slot_index_print; \
    uint8_t slot_index_call; \
    uint8_t slot_index_unary_op; \
    uint8_t slot_index_binary_op; \
    uint8_t slot_index_attr; \
    uint8_t slot_index_subscr; \
    uint8_t slot_index_iter; \
    uint8_t slot_index_buffer; \
    uint8_t slot_index_protocol; \
    uint8_t slot_index_parent; \
    uint8_t slot_index_locals_dict;

typedef struct _mp_obj_type_t {
    mp_obj_base_t base;
    uint16_t flags;
    uint16_t name;
    MP_TYPE_SLOT_FIELDS_
    const void *slots[];
} mp_obj_type_t;

/* the fixed-size variant natmods allocate in BSS: 11 slots (112 / 64 bytes) */
typedef struct _mp_obj_full_type_t {
    mp_obj_base_t base;
    uint16_t flags;
    uint16_t name;
    MP_TYPE_SLOT_FIELDS_
    const void *slots[11];
} mp_obj_full_type_t;

/* the C type of each slot's value, so that a slot read can be called */
typedef mp_make_new_fun_t mp_dynrt_slot_make_new_t;
typedef mp_print_fun_t mp_dynrt_slot_print_t;
typedef mp_call_fun_t mp_dynrt_slot_call_t;
typedef mp_unary_op_fun_t mp_dynrt_slot_unary_op_t;
typedef mp_binary_op_fun_t mp_dynrt_slot_binary_op_t;
typedef mp_attr_fun_t mp_dynrt_slot_attr_t;
typedef mp_subscr_fun_t mp_dynrt_slot_subscr_t;
typedef const void *mp_dynrt_slot_iter_t;
typedef mp_buffer_fun_t mp_dynrt_slot_buffer_t;
typedef const void *mp_dynrt_slot_protocol_t;
typedef const void *mp_dynrt_slot_parent_t;
typedef struct _mp_obj_dict_t *mp_dynrt_slot_locals_dict_t;

/* slot rule: index 0 = absent, else slots[index - 1] (objects.md 4.2) */
#define MP_OBJ_TYPE_HAS_SLOT(t, f) ((t)->slot_index_##f != 0)
#define MP_OBJ_TYPE_GET_SLOT(t, f) ((mp_dynrt_slot_##f##_t)(t)->slots[(t)->slot_index_##f - 1])
#define MP_OBJ_TYPE_GET_SLOT_OR_NULL(t, f) \
    (MP_OBJ_TYPE_HAS_SLOT(t, f) ? MP_OBJ_TYPE_GET_SLOT(t, f) : NULL)
#define MP_OBJ_TYPE_SET_SLOT(t, f, v, n) \
    ((t)->slot_index_##f = (uint8_t)((n) + 1), (t)->slots[(n)] = (const void *)(v))

typedef struct _mp_module_context_t mp_module_context_t;
typedef struct _mp_obj_module_t {
    mp_obj_base_t base;
    mp_obj_dict_t *globals;
} mp_obj_module_t;
struct _mp_module_context_t {
    mp_obj_module_t module;
    struct {
        qstr_short_t *qstr_table;
        mp_obj_t *obj_table;
    } constants;
};

typedef struct _mp_obj_fun_bc_t {
    mp_obj_base_t base;
    const mp_module_context_t *context;
    const void *const *child_table;
    const byte *bytecode;
    mp_obj_t extra_args[];
} mp_obj_fun_bc_t;

/* the record natmods build on their stack for entry 26 (objects.md 4.8) */
typedef struct _mp_raw_code_truncated_t {
    uint8_t proto_fun_indicator[2];
    uint8_t kind;
    bool is_generator;
    const void *fun_data;
    const void *children;
} mp_raw_code_truncated_t;
#define MP_CODE_BYTECODE (2)
#define MP_CODE_NATIVE_PY (3)
#define MP_CODE_NATIVE_VIPER (4)
#define MP_CODE_NATIVE_ASM (5)

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

typedef struct _mp_obj_str_t {
    mp_obj_base_t base;
    size_t hash;
    size_t len;
    const byte *data;
} mp_obj_str_t;

typedef struct _mp_obj_instance_t {
    mp_obj_base_t base;
    mp_map_t members;
    mp_obj_t subobj[];
} mp_obj_instance_t;

/* built-in function objects (objects.md 4.11) */
typedef mp_obj_t (*mp_fun_0_t)(void);
typedef mp_obj_t (*mp_fun_2_t)(mp_obj_t, mp_obj_t);
typedef mp_obj_t (*mp_fun_3_t)(mp_obj_t, mp_obj_t, mp_obj_t);
typedef mp_obj_t (*mp_fun_var_t)(size_t n, const mp_obj_t *args);
typedef mp_obj_t (*mp_fun_kw_t)(size_t n_pos, const mp_obj_t *pos, mp_map_t *kw);

typedef struct _mp_obj_fun_builtin_fixed_t {
    mp_obj_base_t base;
    union {
        mp_fun_0_t _0;
        mp_fun_1_t _1;
        mp_fun_2_t _2;
        mp_fun_3_t _3;
    } fun;
} mp_obj_fun_builtin_fixed_t;

typedef struct _mp_obj_fun_builtin_var_t {
    mp_obj_base_t base;
    uint32_t sig;
    union {
        mp_fun_var_t var;
        mp_fun_kw_t kw;
    } fun;
} mp_obj_fun_builtin_var_t;

#define MP_OBJ_FUN_ARGS_MAX (0xffff)
#define MP_OBJ_FUN_MAKE_SIG(n_min, n_max, takes_kw) \
    ((uint32_t)((((uint32_t)(n_min)) << 17) | (((uint32_t)(n_max)) << 1) | ((takes_kw) ? 1 : 0)))

/* argument descriptors (objects.md 4.12) */
typedef union _mp_arg_val_t {
    bool u_bool;
    mp_int_t u_int;
    mp_obj_t u_obj;
    mp_rom_obj_t u_rom_obj;
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

/* stream protocol (objects.md 4.13) */
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
#define MP_STREAM_FLUSH (1)
#define MP_STREAM_SEEK (2)
#define MP_STREAM_POLL (3)
#define MP_STREAM_CLOSE (4)
#define MP_STREAM_TIMEOUT (5)
#define MP_STREAM_GET_OPTS (6)
#define MP_STREAM_SET_OPTS (7)
#define MP_STREAM_GET_DATA_OPTS (8)
#define MP_STREAM_SET_DATA_OPTS (9)
#define MP_STREAM_GET_FILENO (10)
#define MP_STREAM_GET_BUFFER_SIZE (11)
#define MP_STREAM_RAISE_ERROR (12)
#define MP_STREAM_POLL_RD (0x0001)
#define MP_STREAM_POLL_WR (0x0004)
#define MP_STREAM_POLL_ERR (0x0008)
#define MP_STREAM_POLL_HUP (0x0010)
#define MP_STREAM_POLL_NVAL (0x0020)

/* exception handler record (objects.md 4.15): 2 words + saved registers;
 * sized to what native code reserves, never more */
typedef struct _nlr_buf_t {
    struct _nlr_buf_t *prev;
    void *ret_val;
#if UINTPTR_MAX > 0xffffffffu
    void *regs[11];
#else
    void *regs[17];
#endif
} nlr_buf_t;

/* ---- the function table (native.md 6; order is the ABI) ----------------- */
typedef struct _mp_fun_table_t {
    mp_const_obj_t const_none;                                                        /* 0 */
    mp_const_obj_t const_false;
    mp_const_obj_t const_true;
    mp_uint_t (*native_from_obj)(mp_obj_t obj, mp_uint_t type);
    mp_obj_t (*native_to_obj)(mp_uint_t val, mp_uint_t type);
    mp_obj_dict_t *(*swap_globals)(mp_obj_dict_t *new_globals);                       /* 5 */
    mp_obj_t (*load_name)(qstr qst);
    mp_obj_t (*load_global)(qstr qst);
    mp_obj_t (*load_build_class)(void);
    mp_obj_t (*load_attr)(mp_obj_t base, qstr attr);
    void (*load_method)(mp_obj_t base, qstr attr, mp_obj_t *dest);                   /* 10 */
    void (*load_super_method)(qstr attr, mp_obj_t *dest);
    void (*store_name)(qstr qst, mp_obj_t obj);
    void (*store_global)(qstr qst, mp_obj_t obj);
    void (*store_attr)(mp_obj_t base, qstr attr, mp_obj_t val);
    mp_obj_t (*obj_subscr)(mp_obj_t base, mp_obj_t index, mp_obj_t val);            /* 15 */
    bool (*obj_is_true)(mp_obj_t arg);
    mp_obj_t (*unary_op)(mp_unary_op_t op, mp_obj_t arg);
    mp_obj_t (*binary_op)(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs);
    mp_obj_t (*new_tuple)(size_t n, const mp_obj_t *items);
    mp_obj_t (*new_list)(size_t n, mp_obj_t *items);                                  /* 20 */
    mp_obj_t (*new_dict)(size_t n_args);
    mp_obj_t (*new_set)(size_t n_args, mp_obj_t *items);
    void (*set_store)(mp_obj_t self_in, mp_obj_t item);
    mp_obj_t (*list_append)(mp_obj_t self_in, mp_obj_t arg);
    mp_obj_t (*dict_store)(mp_obj_t self_in, mp_obj_t key, mp_obj_t value);          /* 25 */
    mp_obj_t (*make_function_from_proto_fun)(const void *proto_fun,
        const mp_module_context_t *context, const mp_obj_t *def_args);
    mp_obj_t (*call_function_n_kw)(mp_obj_t fun_in, size_t n_args_kw, const mp_obj_t *args);
    mp_obj_t (*call_method_n_kw)(size_t n_args, size_t n_kw, const mp_obj_t *args);
    mp_obj_t (*call_method_n_kw_var)(bool have_self, size_t n_args_kw, const mp_obj_t *args);
    mp_obj_t (*getiter)(mp_obj_t obj, mp_obj_iter_buf_t *iter);                       /* 30 */
    mp_obj_t (*iternext)(mp_obj_iter_buf_t *iter);
    unsigned int (*nlr_push)(nlr_buf_t *nlr);
    void (*nlr_pop)(void);
    void (*raise)(mp_obj_t o);
    mp_obj_t (*import_name)(qstr name, mp_obj_t fromlist, mp_obj_t level);           /* 35 */
    mp_obj_t (*import_from)(mp_obj_t module, qstr name);
    void (*import_all)(mp_obj_t module);
    mp_obj_t (*new_slice)(mp_obj_t start, mp_obj_t stop, mp_obj_t step);
    void (*unpack_sequence)(mp_obj_t seq, size_t num, mp_obj_t *items);
    void (*unpack_ex)(mp_obj_t seq, size_t num, mp_obj_t *items);                     /* 40 */
    void (*delete_name)(qstr qst);
    void (*delete_global)(qstr qst);
    mp_obj_t (*new_closure)(mp_obj_t fun, size_t n_closed, const mp_obj_t *closed);
    void (*arg_check_num_sig)(size_t n_args, size_t n_kw, uint32_t sig);
    void (*setup_code_state_native)(void *code_state, size_t n_args, size_t n_kw,
        const mp_obj_t *args);                                                        /* 45 */
    mp_int_t (*small_int_floor_divide)(mp_int_t num, mp_int_t denom);
    mp_int_t (*small_int_modulo)(mp_int_t dividend, mp_int_t divisor);
    bool (*yield_from)(mp_obj_t gen, mp_obj_t send_value, mp_obj_t *ret_value);
    void *setjmp_;
    void *(*memset_)(void *s, int c, size_t n);                                       /* 50 */
    void *(*memmove_)(void *dest, const void *src, size_t n);
    void *(*realloc_)(void *ptr, size_t n_bytes, bool allow_move);
    int (*printf_)(const mp_print_t *print, const char *fmt, ...);
    int (*vprintf_)(const mp_print_t *print, const char *fmt, va_list args);
    void (*raise_msg)(const mp_obj_type_t *exc_type, const char *msg);               /* 55 */
    const mp_obj_type_t *(*obj_get_type)(mp_const_obj_t o_in);
    mp_obj_t (*obj_new_str)(const char *data, size_t len);
    mp_obj_t (*obj_new_bytes)(const byte *data, size_t len);
    mp_obj_t (*obj_new_bytearray_by_ref)(size_t n, void *items);
    mp_obj_t (*obj_new_float_from_f)(float f);                                        /* 60 */
    mp_obj_t (*obj_new_float_from_d)(double d);
    float (*obj_get_float_to_f)(mp_obj_t o);
    double (*obj_get_float_to_d)(mp_obj_t o);
    void (*load_method_maybe)(mp_obj_t base, qstr attr, mp_obj_t *dest);
    bool (*get_buffer)(mp_obj_t obj, mp_buffer_info_t *bufinfo, mp_uint_t flags);    /* 65 */
    const mp_stream_p_t *(*get_stream_raise)(mp_obj_t self_in, int flags);
    void (*arg_parse_all)(size_t n_pos, const mp_obj_t *pos, mp_map_t *kws, size_t n_allowed,
        const mp_arg_t *allowed, mp_arg_val_t *out_vals);
    void (*arg_parse_all_kw_array)(size_t n_pos, size_t n_kw, const mp_obj_t *args,
        size_t n_allowed, const mp_arg_t *allowed, mp_arg_val_t *out_vals);
    size_t (*binary_get_size)(char struct_type, char val_type, size_t *palign);
    mp_obj_t (*binary_get_val_array)(char typecode, void *p, size_t index);           /* 70 */
    void (*binary_set_val_array)(char typecode, void *p, size_t index, mp_obj_t val_in);
    const mp_print_t *plat_print;
    const mp_obj_type_t *type_type;
    const mp_obj_type_t *type_str;
    const mp_obj_type_t *type_list;                                                   /* 75 */
    const mp_obj_type_t *type_dict;
    const mp_obj_type_t *type_fun_builtin_0;
    const mp_obj_type_t *type_fun_builtin_1;
    const mp_obj_type_t *type_fun_builtin_2;
    const mp_obj_type_t *type_fun_builtin_3;                                          /* 80 */
    const mp_obj_type_t *type_fun_builtin_var;
    const mp_obj_type_t *type_Exception;
    const mp_obj_fun_builtin_var_t *stream_read_obj;
    const mp_obj_fun_builtin_var_t *stream_readinto_obj;
    const mp_obj_fun_builtin_var_t *stream_unbuffered_readline_obj;                   /* 85 */
    const mp_obj_fun_builtin_var_t *stream_write_obj;
} mp_fun_table_t;

/* resolved by the linker: relocation kind 8 */
extern const mp_fun_table_t mp_fun_table;

/* Runtime objects the linker resolves by name to function-table data entries
 * 73..86 (natmod.md 2.3 step 2); usable in static initialisers, e.g. the
 * type word of MP_DEFINE_CONST_FUN_OBJ_* objects. */
extern const mp_obj_type_t mp_type_type;
extern const mp_obj_type_t mp_type_str;
extern const mp_obj_type_t mp_type_list;
extern const mp_obj_type_t mp_type_dict;
extern const mp_obj_type_t mp_type_fun_builtin_0;
extern const mp_obj_type_t mp_type_fun_builtin_1;
extern const mp_obj_type_t mp_type_fun_builtin_2;
extern const mp_obj_type_t mp_type_fun_builtin_3;
extern const mp_obj_type_t mp_type_fun_builtin_var;
extern const mp_obj_type_t mp_type_Exception;
extern const mp_obj_fun_builtin_var_t mp_stream_read_obj;
extern const mp_obj_fun_builtin_var_t mp_stream_readinto_obj;
extern const mp_obj_fun_builtin_var_t mp_stream_unbuffered_readline_obj;
extern const mp_obj_fun_builtin_var_t mp_stream_write_obj;

/* static qstr numbers this header itself needs (objects.md 3) */
#define MP_DYNRT_QSTR_EOFError_ (34)
#define MP_DYNRT_QSTR_IndexError_ (40)
#define MP_DYNRT_QSTR_KeyError_ (41)
#define MP_DYNRT_QSTR_MemoryError_ (44)
#define MP_DYNRT_QSTR_NotImplementedError_ (47)
#define MP_DYNRT_QSTR_OSError_ (48)
#define MP_DYNRT_QSTR_RuntimeError_ (50)
#define MP_DYNRT_QSTR_TypeError_ (54)
#define MP_DYNRT_QSTR_ValueError_ (55)
#define MP_DYNRT_QSTR_bytearray_ (64)
#define MP_DYNRT_QSTR_bytes_ (66)
#define MP_DYNRT_QSTR_int_ (94)
#define MP_DYNRT_QSTR_len_ (107)

/* ---- constants and types reached at run time (natmod.md 5) -------------- */
#define mp_const_none ((mp_obj_t)mp_fun_table.const_none)
#define mp_const_false ((mp_obj_t)mp_fun_table.const_false)
#define mp_const_true ((mp_obj_t)mp_fun_table.const_true)
#define mp_const_empty_tuple (mp_fun_table.new_tuple(0, NULL))
#define mp_const_empty_bytes (mp_dynrt_empty_bytes_())
#define mp_plat_print (*mp_fun_table.plat_print)

static inline const mp_obj_type_t *mp_dynrt_global_type_(qstr q) {
    return (const mp_obj_type_t *)MP_OBJ_TO_PTR(mp_fun_table.load_global(q));
}
#define mp_type_NoneType (*mp_fun_table.obj_get_type(mp_const_none))
#define mp_type_bool (*mp_fun_table.obj_get_type(mp_const_false))
#define mp_type_tuple (*mp_fun_table.obj_get_type(mp_const_empty_tuple))
#define mp_type_int (*mp_dynrt_global_type_(MP_DYNRT_QSTR_int_))
#define mp_type_bytes (*mp_dynrt_global_type_(MP_DYNRT_QSTR_bytes_))
#define mp_type_bytearray (*mp_dynrt_global_type_(MP_DYNRT_QSTR_bytearray_))
#define mp_type_EOFError (*mp_dynrt_global_type_(MP_DYNRT_QSTR_EOFError_))
#define mp_type_IndexError (*mp_dynrt_global_type_(MP_DYNRT_QSTR_IndexError_))
#define mp_type_KeyError (*mp_dynrt_global_type_(MP_DYNRT_QSTR_KeyError_))
#define mp_type_MemoryError (*mp_dynrt_global_type_(MP_DYNRT_QSTR_MemoryError_))
#define mp_type_NotImplementedError (*mp_dynrt_global_type_(MP_DYNRT_QSTR_NotImplementedError_))
#define mp_type_OSError (*mp_dynrt_global_type_(MP_DYNRT_QSTR_OSError_))
#define mp_type_RuntimeError (*mp_dynrt_global_type_(MP_DYNRT_QSTR_RuntimeError_))
#define mp_type_TypeError (*mp_dynrt_global_type_(MP_DYNRT_QSTR_TypeError_))
#define mp_type_ValueError (*mp_dynrt_global_type_(MP_DYNRT_QSTR_ValueError_))

/* ---- memory (entry 52; MemoryError via 7 + 55) -------------------------- */
MP_NORETURN static inline void mp_raise_msg(const mp_obj_type_t *exc_type, const char *msg) {
    mp_fun_table.raise_msg(exc_type, msg);
    __builtin_unreachable();
}

static inline void *m_realloc_maybe(void *ptr, size_t n, bool allow_move) {
    return mp_fun_table.realloc_(ptr, n, allow_move);
}
static inline void *m_malloc(size_t n) {
    void *p = mp_fun_table.realloc_(NULL, n, false);
    if (p == NULL && n != 0) {
        mp_raise_msg(&mp_type_MemoryError, NULL);
    }
    return p;
}
static inline void *m_malloc0(size_t n) {
    void *p = m_malloc(n);
    mp_fun_table.memset_(p, 0, n);
    return p;
}
static inline void *m_realloc(void *ptr, size_t n) {
    void *p = mp_fun_table.realloc_(ptr, n, true);
    if (p == NULL && n != 0) {
        mp_raise_msg(&mp_type_MemoryError, NULL);
    }
    return p;
}
static inline void m_free(void *ptr) {
    mp_fun_table.realloc_(ptr, 0, false);
}
#define m_new(type, num) ((type *)m_malloc(sizeof(type) * (num)))
#define m_new0(type, num) ((type *)m_malloc0(sizeof(type) * (num)))
#define m_new_obj(type) (m_new(type, 1))
#define m_renew(type, ptr, old_num, new_num) ((type *)m_realloc((ptr), sizeof(type) * (new_num)))
#define m_del(type, ptr, num) m_free(ptr)
#define m_new_obj_var(obj_type, var_field, var_type, var_num) \
    ((obj_type *)m_malloc(offsetof(obj_type, var_field) + sizeof(var_type) * (var_num)))
static inline void *mp_obj_malloc_helper(size_t n, const mp_obj_type_t *type) {
    mp_obj_base_t *base = (mp_obj_base_t *)m_malloc(n);
    base->type = type;
    return base;
}
#define mp_obj_malloc(struct_type, obj_type) \
    ((struct_type *)mp_obj_malloc_helper(sizeof(struct_type), (obj_type)))
#define mp_obj_malloc_var(struct_type, var_field, var_type, var_num, obj_type) \
    ((struct_type *)mp_obj_malloc_helper(offsetof(struct_type, var_field) \
        + sizeof(var_type) * (var_num), (obj_type)))

/* ---- printing (53, 54) --------------------------------------------------- */
#define mp_printf(print, ...) (mp_fun_table.printf_((print), __VA_ARGS__))
#define mp_vprintf(print, fmt, args) (mp_fun_table.vprintf_((print), (fmt), (args)))
static inline void mp_print_str(const mp_print_t *print, const char *str) {
    mp_fun_table.printf_(print, "%s", str);
}

/* ---- objects -------------------------------------------------------------- */
#define MP_OBJ_NEW_QSTR(q) (mp_fun_table.native_to_obj((q), MP_NATIVE_TYPE_QSTR))
static inline mp_obj_t mp_obj_new_bool(mp_int_t b) {
    return b ? mp_const_true : mp_const_false;
}
static inline mp_obj_t mp_obj_new_int(mp_int_t i) {
    return mp_fun_table.native_to_obj((mp_uint_t)i, MP_NATIVE_TYPE_INT);
}
static inline mp_obj_t mp_obj_new_int_from_uint(mp_uint_t u) {
    return mp_fun_table.native_to_obj(u, MP_NATIVE_TYPE_UINT);
}
static inline mp_int_t mp_obj_get_int(mp_const_obj_t o) {
    return (mp_int_t)mp_fun_table.native_from_obj((mp_obj_t)o, MP_NATIVE_TYPE_INT);
}
static inline mp_int_t mp_obj_get_int_truncated(mp_const_obj_t o) {
    return (mp_int_t)mp_fun_table.native_from_obj((mp_obj_t)o, MP_NATIVE_TYPE_UINT);
}
static inline bool mp_obj_is_true(mp_obj_t o) {
    return mp_fun_table.native_from_obj(o, MP_NATIVE_TYPE_BOOL) != 0;
}
#define mp_obj_new_str(data, len) (mp_fun_table.obj_new_str((data), (len)))
#define mp_obj_new_str_of_type(t, data, len) (mp_fun_table.obj_new_str((const char *)(data), (len)))
#define mp_obj_new_bytes(data, len) (mp_fun_table.obj_new_bytes((data), (len)))
#define mp_obj_new_bytearray_by_ref(n, items) (mp_fun_table.obj_new_bytearray_by_ref((n), (items)))
#define mp_obj_new_tuple(n, items) (mp_fun_table.new_tuple((n), (items)))
#define mp_obj_new_list(n, items) (mp_fun_table.new_list((n), (items)))
#define mp_obj_new_dict(n) (mp_fun_table.new_dict(n))
#define mp_obj_new_set(n, items) (mp_fun_table.new_set((n), (items)))
#define mp_obj_new_slice(a, b, c) (mp_fun_table.new_slice((a), (b), (c)))
#define mp_obj_list_append(list, item) (mp_fun_table.list_append((list), (item)))
#define mp_obj_dict_store(dict, key, value) (mp_fun_table.dict_store((dict), (key), (value)))
#define mp_obj_set_store(set, item) (mp_fun_table.set_store((set), (item)))
#define mp_obj_subscr(base, index, value) (mp_fun_table.obj_subscr((base), (index), (value)))
#define mp_obj_get_type(o) (mp_fun_table.obj_get_type((o)))
#define mp_obj_is_type(o, t) (mp_obj_get_type(o) == (t))
#define mp_obj_is_exact_type(o, t) (mp_obj_get_type(o) == (t))
#define mp_obj_is_str(o) (mp_obj_is_qstr(o) || mp_obj_get_type(o) == &mp_type_str)

static inline mp_obj_t mp_dynrt_empty_bytes_(void) {
    const mp_obj_type_t *t = mp_dynrt_global_type_(MP_DYNRT_QSTR_bytes_);
    return MP_OBJ_TYPE_GET_SLOT(t, make_new)(NULL, 0, 0, NULL);
}

#define mp_get_buffer(o, info, flags) (mp_fun_table.get_buffer((o), (info), (flags)))
static inline void mp_get_buffer_raise(mp_obj_t o, mp_buffer_info_t *info, mp_uint_t flags) {
    mp_fun_table.get_buffer(o, info, flags | MP_BUFFER_RAISE_IF_UNSUPPORTED);
}
#define mp_get_stream_raise(o, flags) (mp_fun_table.get_stream_raise((o), (flags)))
#define mp_get_stream(o) ((const mp_stream_p_t *)MP_OBJ_TYPE_GET_SLOT(mp_obj_get_type(o), protocol))

static inline const char *mp_obj_str_get_data(mp_obj_t o, size_t *len) {
    mp_buffer_info_t info;
    mp_get_buffer_raise(o, &info, MP_BUFFER_READ);
    *len = info.len;
    return (const char *)info.buf;
}
static inline const char *mp_obj_str_get_str(mp_obj_t o) {
    size_t len;
    return mp_obj_str_get_data(o, &len);
}

static inline mp_obj_t mp_call_function_n_kw(mp_obj_t fun, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    return mp_fun_table.call_function_n_kw(fun, n_args | (n_kw << 8), args);
}
static inline mp_obj_t mp_call_function_0(mp_obj_t fun) {
    return mp_call_function_n_kw(fun, 0, 0, NULL);
}
static inline mp_obj_t mp_call_function_1(mp_obj_t fun, mp_obj_t a) {
    return mp_call_function_n_kw(fun, 1, 0, &a);
}
static inline mp_obj_t mp_call_function_2(mp_obj_t fun, mp_obj_t a, mp_obj_t b) {
    mp_obj_t args[2] = {a, b};
    return mp_call_function_n_kw(fun, 2, 0, args);
}
#define mp_call_method_n_kw(n_args, n_kw, args) (mp_fun_table.call_method_n_kw((n_args), (n_kw), (args)))

static inline size_t mp_obj_len(mp_obj_t o) {
    mp_obj_t len_fun = mp_fun_table.load_name(MP_DYNRT_QSTR_len_);
    return (size_t)mp_obj_get_int(mp_call_function_n_kw(len_fun, 1, 0, &o));
}

static inline void mp_obj_get_array(mp_obj_t o, size_t *len, mp_obj_t **items) {
    const mp_obj_type_t *type = mp_obj_get_type(o);
    if (type == &mp_type_tuple) {
        mp_obj_tuple_t *t = (mp_obj_tuple_t *)MP_OBJ_TO_PTR(o);
        *len = t->len;
        *items = &t->items[0];
    } else if (type == &mp_type_list) {
        mp_obj_list_t *l = (mp_obj_list_t *)MP_OBJ_TO_PTR(o);
        *len = l->len;
        *items = l->items;
    } else {
        mp_raise_msg(&mp_type_TypeError, "object not an iterator");
    }
}
static inline void mp_obj_get_array_fixed_n(mp_obj_t o, size_t n, mp_obj_t **items) {
    size_t len;
    mp_obj_get_array(o, &len, items);
    if (len != n) {
        mp_raise_msg(&mp_type_IndexError, "tuple/list has wrong length");
    }
}

static inline mp_obj_t mp_obj_cast_to_native_base(mp_obj_t o, mp_const_obj_t native_type) {
    const mp_obj_type_t *type = mp_obj_get_type(o);
    if (type == (const mp_obj_type_t *)native_type) {
        return o;
    }
    if (MP_OBJ_TYPE_HAS_SLOT(type, parent)
        && MP_OBJ_TYPE_GET_SLOT(type, parent) == (const void *)native_type) {
        return ((mp_obj_instance_t *)MP_OBJ_TO_PTR(o))->subobj[0];
    }
    return MP_OBJ_NULL;
}

#if MICROPY_PY_BUILTINS_FLOAT
#define mp_obj_new_float_from_f(f) (mp_fun_table.obj_new_float_from_f((f)))
#define mp_obj_new_float_from_d(d) (mp_fun_table.obj_new_float_from_d((d)))
#define mp_obj_get_float_to_f(o) (mp_fun_table.obj_get_float_to_f((o)))
#define mp_obj_get_float_to_d(o) (mp_fun_table.obj_get_float_to_d((o)))
#if MICROPY_FLOAT_IMPL == MICROPY_FLOAT_IMPL_FLOAT
#define mp_obj_new_float(f) (mp_obj_new_float_from_f((f)))
#define mp_obj_get_float(o) (mp_obj_get_float_to_f((o)))
#else
#define mp_obj_new_float(d) (mp_obj_new_float_from_d((d)))
#define mp_obj_get_float(o) (mp_obj_get_float_to_d((o)))
#endif
#endif

#define mp_binary_get_size(struct_type, val_type, palign) \
    (mp_fun_table.binary_get_size((struct_type), (val_type), (palign)))
#define mp_binary_get_val_array(typecode, p, index) \
    (mp_fun_table.binary_get_val_array((typecode), (p), (index)))
#define mp_binary_set_val_array(typecode, p, index, val) \
    (mp_fun_table.binary_set_val_array((typecode), (p), (index), (val)))

/* ---- names, attributes, operators, calls, imports ----------------------- */
#define mp_load_name(qst) (mp_fun_table.load_name((qst)))
#define mp_load_global(qst) (mp_fun_table.load_global((qst)))
#define mp_load_attr(base, attr) (mp_fun_table.load_attr((base), (attr)))
#define mp_load_method(base, attr, dest) (mp_fun_table.load_method((base), (attr), (dest)))
#define mp_load_method_maybe(base, attr, dest) \
    (mp_fun_table.load_method_maybe((base), (attr), (dest)))
#define mp_load_super_method(attr, dest) (mp_fun_table.load_super_method((attr), (dest)))
#define mp_store_name(qst, obj) (mp_fun_table.store_name((qst), (obj)))
#define mp_store_global(qst, obj) (mp_fun_table.store_global((qst), (obj)))
#define mp_store_attr(base, attr, val) (mp_fun_table.store_attr((base), (attr), (val)))
#define mp_unary_op(op, obj) (mp_fun_table.unary_op((op), (obj)))
#define mp_binary_op(op, lhs, rhs) (mp_fun_table.binary_op((op), (lhs), (rhs)))
#define mp_getiter(o, buf) (mp_fun_table.getiter((o), (buf)))
#define mp_iternext(buf) (mp_fun_table.iternext((buf)))
#define mp_make_function_from_proto_fun(rc, context, def_args) \
    (mp_fun_table.make_function_from_proto_fun((rc), (context), (def_args)))
#define mp_arg_check_num(n_args, n_kw, n_min, n_max, takes_kw) \
    (mp_fun_table.arg_check_num_sig((n_args), (n_kw), MP_OBJ_FUN_MAKE_SIG((n_min), (n_max), (takes_kw))))
#define mp_arg_parse_all(n_pos, pos, kws, n_allowed, allowed, out_vals) \
    (mp_fun_table.arg_parse_all((n_pos), (pos), (kws), (n_allowed), (allowed), (out_vals)))
#define mp_arg_parse_all_kw_array(n_pos, n_kw, args, n_allowed, allowed, out_vals) \
    (mp_fun_table.arg_parse_all_kw_array((n_pos), (n_kw), (args), (n_allowed), (allowed), (out_vals)))
#define mp_import_name(name, fromlist, level) (mp_fun_table.import_name((name), (fromlist), (level)))
#define mp_import_from(module, name) (mp_fun_table.import_from((module), (name)))
#define mp_import_all(module) (mp_fun_table.import_all((module)))

/* ---- exceptions ----------------------------------------------------------- */
MP_NORETURN static inline void nlr_raise(mp_obj_t o) {
    mp_fun_table.raise(o);
    __builtin_unreachable();
}
/* nlr_push "returns twice" like setjmp: locals changed after it and read in
 * the handler must be volatile. The call is written out here (not hidden in
 * an inline function) so that the second return lands in the caller. */
#define nlr_push(buf) (mp_fun_table.nlr_push((buf)))
#define nlr_pop() (mp_fun_table.nlr_pop())

MP_NORETURN static inline void mp_raise_ValueError(const char *msg) {
    mp_raise_msg(&mp_type_ValueError, msg);
}
MP_NORETURN static inline void mp_raise_TypeError(const char *msg) {
    mp_raise_msg(&mp_type_TypeError, msg);
}
MP_NORETURN static inline void mp_raise_NotImplementedError(const char *msg) {
    mp_raise_msg(&mp_type_NotImplementedError, msg);
}
MP_NORETURN static inline void mp_raise_OSError(int errno_) {
    mp_obj_t arg = MP_OBJ_NEW_SMALL_INT(errno_);
    nlr_raise(mp_call_function_n_kw(MP_OBJ_FROM_PTR(&mp_type_OSError), 1, 0, &arg));
}
static inline mp_obj_t mp_obj_new_exception_arg1(const mp_obj_type_t *type, mp_obj_t arg) {
    return mp_call_function_n_kw(MP_OBJ_FROM_PTR(type), 1, 0, &arg);
}

/* An exception class built in BSS: Exception's make_new, print and attr
 * slots, parent = base (natmod.md 4). */
static inline void mp_obj_exception_init(mp_obj_full_type_t *exc, qstr name,
    const mp_obj_type_t *base) {
    const mp_obj_type_t *e = &mp_type_Exception;
    exc->base.type = &mp_type_type;
    exc->flags = MP_TYPE_FLAG_NONE;
    exc->name = (uint16_t)name;
    /* copied as stored: no need to know the slots' C types */
    MP_OBJ_TYPE_SET_SLOT(exc, make_new, e->slots[e->slot_index_make_new - 1], 0);
    MP_OBJ_TYPE_SET_SLOT(exc, print, e->slots[e->slot_index_print - 1], 1);
    MP_OBJ_TYPE_SET_SLOT(exc, attr, e->slots[e->slot_index_attr - 1], 2);
    MP_OBJ_TYPE_SET_SLOT(exc, parent, base, 3);
}

/* ---- constant objects in the module image -------------------------------- */
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

/* a fixed, ordered dict whose table is `table` (objects.md 4.9) */
#define MP_DEFINE_CONST_MAP(map_name, table_name) \
    const mp_map_t map_name = {.all_keys_are_qstrs = 1, .is_fixed = 1, .is_ordered = 1, \
        .used = MP_ARRAY_SIZE(table_name), .alloc = MP_ARRAY_SIZE(table_name), \
        .table = (mp_map_elem_t *)(mp_rom_map_elem_t *)table_name}
#define MP_DEFINE_CONST_DICT_WITH_SIZE(dict_name, table_name, n) \
    const mp_obj_dict_t dict_name = {.base = {&mp_type_dict}, .map = {.all_keys_are_qstrs = 1, \
        .is_fixed = 1, .is_ordered = 1, .used = (n), .alloc = (n), \
        .table = (mp_map_elem_t *)(mp_rom_map_elem_t *)table_name}}
#define MP_DEFINE_CONST_DICT(dict_name, table_name) \
    MP_DEFINE_CONST_DICT_WITH_SIZE(dict_name, table_name, MP_ARRAY_SIZE(table_name))

/* ---- the entry function (natmod.md 4) -------------------------------------
 *   mp_obj_t mpy_init(mp_obj_fun_bc_t *self, size_t n_args, size_t n_kw, mp_obj_t *args) {
 *       MP_DYNRUNTIME_INIT_ENTRY
 *       mp_store_global(MP_QSTR_f, MP_OBJ_FROM_PTR(&f_obj));
 *       MP_DYNRUNTIME_INIT_EXIT
 *   }
 * MP_DYNRUNTIME_MAKE_FUNCTION(f) makes a function called as
 * f(self, n_args, n_kw, args) (the viper ABI), only inside mpy_init. */
#define MP_DYNRUNTIME_INIT_ENTRY \
    mp_obj_dict_t *mp_dynrt_old_globals_ = mp_fun_table.swap_globals(self->context->module.globals); \
    mp_raw_code_truncated_t mp_dynrt_rc_; \
    mp_dynrt_rc_.proto_fun_indicator[0] = 0; \
    mp_dynrt_rc_.proto_fun_indicator[1] = 0; \
    mp_dynrt_rc_.kind = MP_CODE_NATIVE_VIPER; \
    mp_dynrt_rc_.is_generator = 0; \
    mp_dynrt_rc_.children = NULL; /* never read for viper; no stack garbage */ \
    (void)mp_dynrt_rc_;

#define MP_DYNRUNTIME_INIT_EXIT \
    mp_fun_table.swap_globals(mp_dynrt_old_globals_); \
    return mp_const_none;

#define MP_DYNRUNTIME_MAKE_FUNCTION(f) \
    (mp_dynrt_rc_.fun_data = (const void *)(f), \
     mp_fun_table.make_function_from_proto_fun(&mp_dynrt_rc_, self->context, NULL))

/* layout checks against objects.md 4 (64-bit column) */
#if UINTPTR_MAX > 0xffffffffu
_Static_assert(sizeof(mp_fun_table_t) == 696, "function table is 87 words");
_Static_assert(sizeof(mp_obj_full_type_t) == 112, "full type is 112 bytes");
_Static_assert(offsetof(mp_obj_type_t, slots) == 24, "type slots at 24");
_Static_assert(sizeof(mp_map_t) == 24 && sizeof(mp_obj_dict_t) == 32, "map layout");
_Static_assert(offsetof(mp_obj_fun_bc_t, bytecode) == 24, "fun_bc layout");
_Static_assert(sizeof(mp_raw_code_truncated_t) == 24, "raw code record layout");
_Static_assert(offsetof(mp_obj_fun_builtin_var_t, fun) == 16, "builtin var layout");
_Static_assert(offsetof(mp_obj_instance_t, subobj) == 32, "instance layout");
_Static_assert(sizeof(mp_arg_t) == 16, "arg descriptor layout");
_Static_assert(sizeof(mp_stream_p_t) == 32, "stream protocol layout");
_Static_assert(sizeof(nlr_buf_t) == 13 * 8, "nlr_buf_t fits what native code reserves");
#endif

#endif
