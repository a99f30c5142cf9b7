/*
 * The table of modules built into Mica: mp_module_get_builtin() maps a
 * module name to its module object (or MP_OBJ_NULL), for the importer.
 * A new built-in module gets one line here.
 */
#include "core/runtime.h"
#include "modules/modules.h"

mp_obj_t mp_module_get_builtin(qstr module_name) {
    switch (module_name) {
        case MP_QSTR_builtins:
            return MP_OBJ_FROM_PTR(&mp_module_builtins);
        case MP_QSTR_sys:
            return mp_module_sys_get();
        case MP_QSTR_gc:
            return MP_OBJ_FROM_PTR(&mp_module_gc);
        case MP_QSTR_micropython:
            return MP_OBJ_FROM_PTR(&mp_module_micropython);
        case MP_QSTR_math:
            return MP_OBJ_FROM_PTR(&mp_module_math);
        case MP_QSTR_cmath:
            return MP_OBJ_FROM_PTR(&mp_module_cmath);
        case MP_QSTR_io:
            return MP_OBJ_FROM_PTR(&mp_module_io);
        case MP_QSTR_time:
            return MP_OBJ_FROM_PTR(&mp_module_time);
        case MP_QSTR_collections:
            return MP_OBJ_FROM_PTR(&mp_module_collections);
        case MP_QSTR_struct:
            return MP_OBJ_FROM_PTR(&mp_module_struct);
        case MP_QSTR_json:
            return MP_OBJ_FROM_PTR(&mp_module_json);
        case MP_QSTR_random:
            return MP_OBJ_FROM_PTR(&mp_module_random);
        case MP_QSTR_array:
            return MP_OBJ_FROM_PTR(&mp_module_array);
        default:
            return MP_OBJ_NULL;
    }
}
