/*
 * Raw code: one compiled function body (module, def, lambda, class body or
 * comprehension) with its children. The compiler produces a tree of these,
 * the .mpy writer saves it, the loader recreates it, and
 * mp_make_function_from_proto_fun turns one into a function object.
 *
 * The first fields are the "truncated" raw-code record of objects.md 4.8,
 * which native modules build on their C stack: keep them first and in order.
 */
#ifndef MICA_CORE_RAWCODE_H
#define MICA_CORE_RAWCODE_H

#include "core/obj.h"

typedef enum {
    MP_CODE_UNUSED = 0,
    MP_CODE_RESERVED = 1,
    MP_CODE_BYTECODE = 2,
    MP_CODE_NATIVE_PY = 3,
    MP_CODE_NATIVE_VIPER = 4,
    MP_CODE_NATIVE_ASM = 5,
} mp_raw_code_kind_t;

/* scope flags (bytecode.md section 3); only the low 4 bits go in preludes */
#define MP_SCOPE_FLAG_GENERATOR (0x01)
#define MP_SCOPE_FLAG_VARKEYWORDS (0x02)
#define MP_SCOPE_FLAG_VARARGS (0x04)
#define MP_SCOPE_FLAG_DEFKWARGS (0x08)
#define MP_SCOPE_FLAG_REFGLOBALS (0x10)
#define MP_SCOPE_FLAG_HASCONSTS (0x20)
#define MP_SCOPE_FLAG_VIPERRET_POS (6)
#define MP_SCOPE_FLAG_VIPERRELOC (0x10)
#define MP_SCOPE_FLAG_VIPERRODATA (0x20)
#define MP_SCOPE_FLAG_VIPERBSS (0x40)

typedef struct _mp_raw_code_t {
    uint8_t proto_fun_indicator[2]; /* both 0: distinguishes from a bytecode pointer */
    uint8_t kind;                   /* mp_raw_code_kind_t */
    bool is_generator;
    const void *fun_data;           /* bytecode (with prelude) or machine code */
    struct _mp_raw_code_t **children;
    /* private to Mica from here */
    size_t fun_data_len;
    uint16_t n_children;
    uint16_t scope_flags;           /* native/viper/asm: flags from the file */
    uint16_t prelude_offset;        /* native: offset of the prelude in fun_data */
    /* CONTRACT-ISSUE (native-runtime): 16 bits cap native functions at 64 KiB
     * of code; the loader keeps the real offset in the child table's prelude
     * slot (stores 0 here if it does not fit), but compiled code relies on this
     * field when it is made executable (types/fun_native.c). */
    uint8_t n_pos_args;             /* asm: argument count */
    uint32_t type_sig;              /* viper/asm: native types of args and return */
    bool verified;                  /* bytecode: verify pass done (persist/verify.c) */
    /* native/viper/asm: fun_data already lives in executable memory (the
     * loader puts it there). Code made by the in-process compiler is in
     * ordinary heap memory; the runtime copies it to executable memory the
     * first time a function is made from it. */
    bool fun_data_exec;
    /* viper/asm loaded with relocations: machine words patched (for tools) */
    uint32_t n_reloc_words;
} mp_raw_code_t;

/* A compilation unit: the outer raw code and the tables it refers to.
 * For compiled source the qstr table maps file-level qstr indices to
 * runtime qstrs; the writer turns it back into text. */
typedef struct _mp_compiled_module_t {
    mp_module_context_t *context;
    mp_raw_code_t *rc;
    /* for the writer: */
    size_t n_qstr;
    size_t n_obj;
    bool has_native;
    uint8_t arch; /* native architecture (mpy-format 3.3), 0 = none */
} mp_compiled_module_t;

mp_raw_code_t *mp_raw_code_new(void);

#endif
