/*
 * The .mpy 6.3 container format, written once (design note 7): constants
 * of the header, varint coding, the constant-object tags, and a bounds-
 * checked reader. The writer (mpysave.c), the loader (mpyload.c), the
 * verifier, `mica-mpy` and the native-module linker all use this file.
 * Format: ../shared/spec/mpy-format.md.
 */
#ifndef MICA_PERSIST_MPYFMT_H
#define MICA_PERSIST_MPYFMT_H

#include "core/runtime.h"
#include "core/rawcode.h"

#define MPY_MAGIC ('M')
#define MPY_VERSION (6)
#define MPY_SUB_VERSION (3)
#define MPY_FEATURE_ARCH_FLAGS (0x40)
#define MPY_DEFAULT_SMALL_INT_BITS (31)

/* native architectures (mpy-format.md 3.1) */
enum {
    MP_NATIVE_ARCH_NONE, MP_NATIVE_ARCH_X86, MP_NATIVE_ARCH_X64, MP_NATIVE_ARCH_ARMV6,
    MP_NATIVE_ARCH_ARMV6M, MP_NATIVE_ARCH_ARMV7M, MP_NATIVE_ARCH_ARMV7EM,
    MP_NATIVE_ARCH_ARMV7EMSP, MP_NATIVE_ARCH_ARMV7EMDP, MP_NATIVE_ARCH_XTENSA,
    MP_NATIVE_ARCH_XTENSAWIN, MP_NATIVE_ARCH_RV32IMC, MP_NATIVE_ARCH_RV64IMC,
    MP_NATIVE_ARCH_DEBUG,
    MP_NATIVE_ARCH_NUM
};
const char *mpy_arch_name(unsigned arch); /* "x64", ...; "unknown" if out of range */
int mpy_arch_from_name(const char *name); /* -1 if unknown */

/* constant-table tags (mpy-format.md 5) */
enum {
    MPY_OBJ_FUN_TABLE = 0, MPY_OBJ_NONE, MPY_OBJ_FALSE, MPY_OBJ_TRUE, MPY_OBJ_ELLIPSIS,
    MPY_OBJ_STR, MPY_OBJ_BYTES, MPY_OBJ_INT, MPY_OBJ_FLOAT, MPY_OBJ_COMPLEX, MPY_OBJ_TUPLE,
};

/* raw-code kinds as stored in the file (6.1); the runtime's mp_raw_code_kind_t
 * numbers them differently (bytecode = 2). */
enum { MPY_CODE_BYTECODE = 0, MPY_CODE_NATIVE = 1, MPY_CODE_VIPER = 2, MPY_CODE_ASM = 3 };

/* sys.implementation._mpy for this runtime */
mp_int_t mpy_sys_implementation_mpy(void);

/* ---- writing ---- */
void mpy_put_vuint(vstr_t *out, size_t v);
size_t mpy_vuint_size(size_t v);
/* 'M', version, sub-version | arch << 2, small-int bits (mpy-format.md 2) */
void mpy_put_header(vstr_t *out, unsigned arch, unsigned small_int_bits);
/* a qstr-table entry in the inline form: vuint len << 1, bytes, NUL (4) */
void mpy_put_qstr_inline(vstr_t *out, const char *str, size_t len);
/* The two prelude fields (bytecode.md 2.1, 2.2), for the bytecode and the
 * native emitters: written into out, which must hold MPY_PRELUDE_FIELD_MAX
 * bytes; returns the length. S = n_state - 1, E = n_exc_stack, F = scope
 * flags, A = positional args, K = keyword-only args, D = defaults;
 * I = bytes of names/line info, C = cells. */
#define MPY_PRELUDE_FIELD_MAX (72)
size_t mpy_encode_prelude_signature(byte *out, size_t S, size_t E, size_t F, size_t A,
    size_t K, size_t D);
size_t mpy_encode_prelude_size(byte *out, size_t I, size_t C);

/* ---- reading: every read is bounds-checked ---- */
typedef struct _mpy_reader_t {
    const byte *start;
    const byte *p;
    const byte *end;
    const char *source; /* file name for messages, may be NULL */
} mpy_reader_t;

void mpy_reader_init(mpy_reader_t *r, const byte *data, size_t len, const char *source);
/* These raise ValueError("... .mpy: <what> at offset N") on truncation/bad data. */
byte mpy_read_byte(mpy_reader_t *r, const char *what);
size_t mpy_read_vuint(mpy_reader_t *r, const char *what);
const byte *mpy_read_bytes(mpy_reader_t *r, size_t n, const char *what);
_Noreturn void mpy_reader_error(mpy_reader_t *r, const char *fmt, ...);

#endif
