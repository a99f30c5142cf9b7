/*
 * Function types for native (@micropython.native) and viper code. The types
 * exist now because the runtime's binding and introspection logic refers to
 * them; running machine code arrives with the native-code issue, and until
 * then calling such a function raises NotImplementedError (a loaded .mpy
 * cannot contain one: the loader rejects native code).
 */
#include "core/runtime.h"

static mp_obj_t fun_native_call(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_raise_NotImplementedError("native code not supported yet");
}

const mp_obj_type_t mp_type_fun_native = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_BINDS_SELF,
    .name = MP_QSTR_function,
    MP_TYPE_SLOT(call, fun_native_call),
};

const mp_obj_type_t mp_type_fun_viper = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_BINDS_SELF,
    .name = MP_QSTR_function,
    MP_TYPE_SLOT(call, fun_native_call),
};
