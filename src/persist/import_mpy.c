/*
 * The import system's .mpy hooks (declared in core/runtime.h and
 * persist/frozen.h): load a .mpy file, or a frozen module's bytes in place,
 * with the verifying loader and run its module body in the module's
 * globals. In a build without the loader they report "not handled", and
 * the import fails with ImportError.
 */
#include "core/runtime.h"
#include "persist/mpyload.h"
#include "persist/frozen.h"

#if MICA_PERSIST_LOAD
static void run_loaded(mp_compiled_module_t *cm, mp_obj_dict_t *globals) {
    mp_obj_t fun = mp_make_function_from_proto_fun(cm->rc, cm->context, NULL);
    mp_exec_module_fun(fun, globals);
}
#endif

bool mp_import_try_mpy(const char *file_path, mp_obj_t module) {
#if MICA_PERSIST_LOAD
    mp_obj_dict_t *globals = mp_obj_module_get_globals(module);
    run_loaded(mp_mpy_load_file(file_path, globals), globals);
    return true;
#else
    (void)file_path;
    (void)module;
    return false;
#endif
}

bool mp_import_frozen_mpy(const mica_frozen_module_t *entry, mp_obj_t module) {
#if MICA_PERSIST_LOAD
    mp_obj_dict_t *globals = mp_obj_module_get_globals(module);
    /* the table is const data of the program: load it in place */
    run_loaded(mp_mpy_load_rom(entry->mpy, entry->len, entry->name, globals), globals);
    return true;
#else
    (void)entry;
    (void)module;
    return false;
#endif
}
