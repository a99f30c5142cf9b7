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
        case MP_QSTR_uio:
            return MP_OBJ_FROM_PTR(&mp_module_io);
        case MP_QSTR_time:
        case MP_QSTR_utime:
            return MP_OBJ_FROM_PTR(&mp_module_time);
        case MP_QSTR_collections:
        case MP_QSTR_ucollections:
            return MP_OBJ_FROM_PTR(&mp_module_collections);
        case MP_QSTR_struct:
        case MP_QSTR_ustruct:
            return MP_OBJ_FROM_PTR(&mp_module_struct);
        case MP_QSTR_json:
        case MP_QSTR_ujson:
            return MP_OBJ_FROM_PTR(&mp_module_json);
        case MP_QSTR_random:
        case MP_QSTR_urandom:
            return MP_OBJ_FROM_PTR(&mp_module_random);
        case MP_QSTR_array:
        case MP_QSTR_uarray:
            return MP_OBJ_FROM_PTR(&mp_module_array);
        /* stdlib modules; MicroPython also answers to the u-prefixed names */
        case MP_QSTR_errno:
        case MP_QSTR_uerrno:
            return MP_OBJ_FROM_PTR(&mp_module_errno);
        case MP_QSTR_heapq:
        case MP_QSTR_uheapq:
            return MP_OBJ_FROM_PTR(&mp_module_heapq);
        case MP_QSTR_binascii:
        case MP_QSTR_ubinascii:
            return MP_OBJ_FROM_PTR(&mp_module_binascii);
        case MP_QSTR_hashlib:
        case MP_QSTR_uhashlib:
            return MP_OBJ_FROM_PTR(&mp_module_hashlib);
        case MP_QSTR_os:
        case MP_QSTR_uos:
            return MP_OBJ_FROM_PTR(&mp_module_os);
        case MP_QSTR_platform:
            return MP_OBJ_FROM_PTR(&mp_module_platform);
        case MP_QSTR_deflate:
            return MP_OBJ_FROM_PTR(&mp_module_deflate);
        case MP_QSTR_zlib:
            return MP_OBJ_FROM_PTR(&mp_module_zlib);
        case MP_QSTR_select:
        case MP_QSTR_uselect:
            return MP_OBJ_FROM_PTR(&mp_module_select);
        case MP_QSTR_re:
        case MP_QSTR_ure:
            return MP_OBJ_FROM_PTR(&mp_module_re);
        case MP_QSTR_uctypes:
            return MP_OBJ_FROM_PTR(&mp_module_uctypes);
        default:
            return MP_OBJ_NULL;
    }
}
