/*
 * The import system's .mpy hook (declared in core/runtime.h): load a .mpy
 * file with the verifying loader and run its module body in the module's
 * globals. In a build without the loader it reports "not handled", and the
 * import fails with ImportError.
 */
#include "core/runtime.h"
#include "persist/mpyload.h"

bool mp_import_try_mpy(const char *file_path, mp_obj_t module) {
#if MICA_PERSIST_LOAD
    mp_obj_dict_t *globals = mp_obj_module_get_globals(module);
    mp_compiled_module_t *cm = mp_mpy_load_file(file_path, globals);
    mp_obj_t fun = mp_make_function_from_proto_fun(cm->rc, cm->context, NULL);
    mp_exec_module_fun(fun, globals);
    return true;
#else
    (void)file_path;
    (void)module;
    return false;
#endif
}
