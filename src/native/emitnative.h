/*
 * The native emitter: @micropython.native and @micropython.viper scopes
 * (and whole modules under -X emit=native) compiled to x86-64 machine code
 * with the reference's code shapes (../shared/spec/native.md 7-11,
 * docs/native-x64.md). compile.c drives it through the same method table
 * as the bytecode emitter (emitbc.h), for passes 2-4 only: pass 1 of every
 * scope always runs the bytecode emitter (compiler-behaviour.md 15).
 */
#ifndef MICA_NATIVE_EMITNATIVE_H
#define MICA_NATIVE_EMITNATIVE_H

#include "compile/emitbc.h"
#include "compile/compile.h"

/* viper types (native.md 11); the first eight are the runtime's type codes */
enum {
    MP_VTYPE_PYOBJ = 0,
    MP_VTYPE_BOOL = 1,
    MP_VTYPE_INT = 2,
    MP_VTYPE_UINT = 3,
    MP_VTYPE_PTR = 4,
    MP_VTYPE_PTR8 = 5,
    MP_VTYPE_PTR16 = 6,
    MP_VTYPE_PTR32 = 7,
    MP_VTYPE_PTR_NONE = 8,  /* the constant None */
    MP_VTYPE_UNBOUND = 9,   /* local not yet assigned */
    MP_VTYPE_BUILTIN_CAST = 10, /* a type name used as a cast */
};

emit_t *mp_emit_native_new(mp_emit_common_t *common);
extern const mp_emit_method_table_t mp_emit_native_method_table;

/* the viper type named by qst (int, uint, ...), or -1 */
int mp_native_vtype_from_qstr(qstr qst);

#endif
