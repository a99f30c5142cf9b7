/*
 * The import system: `import a.b.c`, `from x import y`, `from . import z`,
 * `from m import *` and __import__. Built-in modules are found first
 * (mp_module_get_builtin), then NAME/__init__.py and NAME.py along
 * sys.path ('' is the current directory) or, for submodules, in the
 * package's directory (its __path__). A module is registered in sys.modules
 * before its body runs, so circular imports see the partly built module.
 *
 * .mpy files go through mp_import_try_mpy (persist/import_mpy.c).
 *
 * Frozen modules (persist/frozen.h, registered with mica_register_frozen)
 * are found where the entry ".frozen" stands in sys.path, as in
 * MicroPython: that entry never means a directory, and without it frozen
 * modules are not found. A frozen package's __path__ is ".frozen/NAME", so
 * its submodules are looked up among the frozen modules too.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "core/runtime.h"
#include "persist/frozen.h"

/* ---- file system helpers ------------------------------------------- */

static bool is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whole file into a GC buffer (NUL-terminated); NULL if unreadable. */
static char *read_file(const char *path, size_t *len_out) {
    FILE *volatile f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    vstr_t vstr;
    vstr_init(&vstr, 4096);
    for (;;) {
        char *dst = vstr_add_len(&vstr, 4096);
        size_t n = fread(dst, 1, 4096, f);
        vstr_cut_tail_bytes(&vstr, 4096 - n);
        if (n < 4096) {
            break;
        }
    }
    fclose(f);
    *len_out = vstr.len;
    return vstr_null_terminated_str(&vstr);
}

/* .mpy files are loaded by mp_import_try_mpy (persist/import_mpy.c). */

/* ---- sys.modules ---------------------------------------------------- */

void mp_module_register(qstr name, mp_obj_t module) {
    mp_obj_dict_store(MP_OBJ_FROM_PTR(mp_state.loaded_modules), MP_OBJ_NEW_QSTR(name), module);
}

static mp_obj_t loaded_module(qstr name) {
    mp_map_elem_t *elem = mp_map_lookup(&mp_state.loaded_modules->map, MP_OBJ_NEW_QSTR(name),
        MP_MAP_LOOKUP);
    return elem != NULL ? elem->value : MP_OBJ_NULL;
}

static void unregister(qstr name) {
    mp_map_lookup(&mp_state.loaded_modules->map, MP_OBJ_NEW_QSTR(name),
        MP_MAP_LOOKUP_REMOVE_IF_FOUND);
}

/* ---- running a module ----------------------------------------------- */

static void store_global(mp_obj_t module, qstr name, mp_obj_t value) {
    mp_obj_dict_store(MP_OBJ_FROM_PTR(mp_obj_module_get_globals(module)), MP_OBJ_NEW_QSTR(name),
        value);
}

/* Compile and run a .py file as the body of `module`. */
static void exec_source_file(mp_obj_t module, const char *path) {
    size_t len;
    char *src = read_file(path, &len);
    if (src == NULL) {
        mp_raise_msg_varg(&mp_type_ImportError, "can't read '%s'", path);
    }
    mp_obj_dict_t *globals = mp_obj_module_get_globals(module);
    mp_obj_dict_t *old_globals = mp_globals_get();
    mp_obj_dict_t *old_locals = mp_locals_get();
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
#if MICA_ENABLE_COMPILER
        mp_obj_t fun = mp_compile_source(src, len, qstr_from_str(path), false, globals);
        mp_exec_module_fun(fun, globals);
#else
        (void)len;
        (void)globals;
        mp_raise_msg_varg(&mp_type_ImportError,
            "can't import '%s': this runtime has no compiler (use a .mpy)", path);
#endif
        nlr_pop();
    } else {
        mp_globals_set(old_globals);
        mp_locals_set(old_locals);
        nlr_jump(nlr.ret_val);
    }
    mp_globals_set(old_globals);
    mp_locals_set(old_locals);
}

/* base + suffix as a fresh NUL-terminated string */
static char *make_path(const char *base, size_t base_len, const char *suffix) {
    size_t suffix_len = strlen(suffix);
    char *path = m_new(char, base_len + suffix_len + 1);
    memcpy(path, base, base_len);
    memcpy(path + base_len, suffix, suffix_len + 1);
    return path;
}

/* Try dir/short_name as a package or a module; on success the module has
 * been created, registered and run. */
static mp_obj_t try_load_from_dir(const char *dir, qstr full_name, qstr short_name) {
    size_t dir_len = strlen(dir);
    const char *sep = (dir_len > 0 && dir[dir_len - 1] != '/') ? "/" : "";
    char *dir_sep = make_path(dir, dir_len, sep);
    char *base = make_path(dir_sep, strlen(dir_sep), qstr_str(short_name));
    size_t base_len = strlen(base);

    char *file = NULL;
    bool is_package = false;
    bool is_mpy = false;
    /* a runtime without a compiler only looks for .mpy files */
    const bool try_py = MICA_ENABLE_COMPILER;
    if (is_dir(base)) {
        file = make_path(base, base_len, "/__init__.py");
        is_package = true;
        if (!try_py || !is_file(file)) {
            file = make_path(base, base_len, "/__init__.mpy");
            is_mpy = true;
            if (!is_file(file)) {
                file = NULL;
                is_package = false;
                is_mpy = false;
            }
        }
    }
    if (file == NULL) {
        file = make_path(base, base_len, ".py");
        if (!try_py || !is_file(file)) {
            file = make_path(base, base_len, ".mpy");
            is_mpy = true;
            if (!is_file(file)) {
                return MP_OBJ_NULL;
            }
        }
    }

    mp_obj_t module = mp_obj_new_module(full_name);
    store_global(module, MP_QSTR___file__, mp_obj_new_str_from_cstr(file));
    if (is_package) {
        /* the package directory, searched for its submodules */
        store_global(module, MP_QSTR___path__, mp_obj_new_str(base, base_len));
    }
    mp_module_register(full_name, module);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        if (is_mpy) {
            if (!mp_import_try_mpy(file, module)) {
                mp_raise_msg_varg(&mp_type_ImportError, "no module named '%s'",
                    qstr_str(full_name));
            }
        } else {
            exec_source_file(module, file);
        }
        nlr_pop();
    } else {
        unregister(full_name);
        nlr_jump(nlr.ret_val);
    }
    return module;
}

/* The frozen module full_name, if registered (sys.path entry or package
 * __path__ `dir` is the frozen marker). Its __file__ is the marker, the
 * dotted name as a path, and ".py" (or "/__init__.py" for a package), the
 * way a module found in a directory entry is named by its path. */
static mp_obj_t try_load_frozen(qstr full_name) {
    size_t name_len;
    const char *name = (const char *)qstr_data(full_name, &name_len);
    const mica_frozen_module_t *entry = mp_frozen_find(name, name_len);
    if (entry == NULL) {
        return MP_OBJ_NULL;
    }
    vstr_t path;
    vstr_init(&path, MP_FROZEN_PATH_LEN + name_len + 16);
    vstr_add_str(&path, MP_FROZEN_PATH "/");
    for (size_t i = 0; i < name_len; i++) {
        vstr_add_char(&path, name[i] == '.' ? '/' : name[i]);
    }
    mp_obj_t module = mp_obj_new_module(full_name);
    if (entry->is_package) {
        store_global(module, MP_QSTR___path__, mp_obj_new_str(path.buf, path.len));
    }
    vstr_add_str(&path, entry->is_package ? "/__init__.py" : ".py");
    store_global(module, MP_QSTR___file__, mp_obj_new_str(path.buf, path.len));
    mp_module_register(full_name, module);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        if (!mp_import_frozen_mpy(entry, module)) {
            mp_raise_msg_varg(&mp_type_ImportError, "no module named '%s'", qstr_str(full_name));
        }
        nlr_pop();
    } else {
        unregister(full_name);
        nlr_jump(nlr.ret_val);
    }
    return module;
}

/* One sys.path entry or package directory: the frozen modules or a real
 * directory. */
static mp_obj_t try_load_from_entry(const char *dir, qstr full_name, qstr short_name) {
    if (mp_frozen_is_path(dir)) {
        return try_load_frozen(full_name);
    }
    return try_load_from_dir(dir, full_name, short_name);
}

/* Import one level of a dotted name: full_name "a.b.c", parent the module
 * "a.b" (NULL for a top-level name), short_name "c". */
static mp_obj_t import_one(qstr full_name, mp_obj_t parent, qstr short_name) {
    mp_obj_t module = loaded_module(full_name);
    if (module != MP_OBJ_NULL) {
        return module;
    }
    if (parent == MP_OBJ_NULL) {
        module = mp_module_get_builtin(full_name);
        if (module != MP_OBJ_NULL) {
            return module;
        }
        size_t n_dirs;
        mp_obj_t *dirs;
        mp_obj_get_array(mp_state.sys_path, &n_dirs, &dirs);
        for (size_t i = 0; i < n_dirs && module == MP_OBJ_NULL; i++) {
            module = try_load_from_entry(mp_obj_str_get_str(dirs[i]), full_name, short_name);
        }
    } else {
        mp_map_elem_t *path = mp_map_lookup(&mp_obj_module_get_globals(parent)->map,
            MP_OBJ_NEW_QSTR(MP_QSTR___path__), MP_MAP_LOOKUP);
        if (path != NULL) {
            module = try_load_from_entry(mp_obj_str_get_str(path->value), full_name, short_name);
        }
    }
    if (module == MP_OBJ_NULL) {
        mp_raise_msg_varg(&mp_type_ImportError, "no module named '%s'", qstr_str(full_name));
    }
    if (parent != MP_OBJ_NULL) {
        mp_store_attr(parent, short_name, module);
    }
    return module;
}

/* Import every level of a dotted name; returns the innermost module and
 * sets *top to the outermost one. */
static mp_obj_t import_dotted(const char *name, size_t len, mp_obj_t *top) {
    mp_obj_t parent = MP_OBJ_NULL;
    mp_obj_t module = MP_OBJ_NULL;
    size_t start = 0;
    *top = MP_OBJ_NULL;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && name[i] != '.') {
            continue;
        }
        if (i == start) {
            mp_raise_msg(&mp_type_ImportError, "invalid module name");
        }
        qstr full = qstr_from_strn(name, i);
        qstr short_name = qstr_from_strn(name + start, i - start);
        module = import_one(full, parent, short_name);
        if (*top == MP_OBJ_NULL) {
            *top = module;
        }
        parent = module;
        start = i + 1;
    }
    return module;
}

/* The absolute name for a relative import of `name` at `level` dots, made
 * from the importing module's __name__ (and __path__ for packages). */
static void resolve_relative(vstr_t *out, qstr name, mp_int_t level) {
    mp_map_t *globals = &mp_globals_get()->map;
    mp_map_elem_t *mod_name = mp_map_lookup(globals, MP_OBJ_NEW_QSTR(MP_QSTR___name__),
        MP_MAP_LOOKUP);
    bool is_package = mp_map_lookup(globals, MP_OBJ_NEW_QSTR(MP_QSTR___path__),
        MP_MAP_LOOKUP) != NULL;
    /* a __package__ string (as CPython sets and __import__ callers pass)
     * names the package directly */
    mp_map_elem_t *package = mp_map_lookup(globals, MP_OBJ_NEW_QSTR(MP_QSTR___package__),
        MP_MAP_LOOKUP);
    if (package != NULL && mp_obj_is_str(package->value) && mp_obj_is_true(package->value)) {
        mod_name = package;
        is_package = true;
    }
    if (mod_name == NULL) {
        mp_raise_msg(&mp_type_ImportError, "can't perform relative import");
    }
    size_t len;
    const char *base = mp_obj_str_get_data(mod_name->value, &len);
    /* a module's package is its name minus the last component */
    mp_int_t ups = is_package ? level - 1 : level;
    for (; ups > 0; ups--) {
        while (len > 0 && base[len - 1] != '.') {
            len--;
        }
        if (len == 0) {
            mp_raise_msg(&mp_type_ImportError, "can't perform relative import");
        }
        len--; /* drop the dot */
    }
    if (len == 0 || strcmp(base, "__main__") == 0) {
        mp_raise_msg(&mp_type_ImportError, "can't perform relative import");
    }
    vstr_add_strn(out, base, len);
    if (qstr_len(name) > 0) {
        vstr_add_char(out, '.');
        vstr_add_str(out, qstr_str(name));
    }
}

mp_obj_t mp_import_name(qstr name, mp_obj_t fromlist, mp_obj_t level_in) {
    mp_int_t level = mp_obj_get_int(level_in);
    bool has_fromlist = fromlist != mp_const_none && fromlist != MP_OBJ_NULL
                        && mp_obj_is_true(fromlist);
    vstr_t full;
    vstr_init(&full, 32);
    if (level > 0) {
        resolve_relative(&full, name, level);
    } else if (level < 0) {
        mp_raise_ValueError("level must be >= 0");
    } else {
        vstr_add_str(&full, qstr_str(name));
    }
    mp_obj_t top;
    mp_obj_t module = import_dotted(full.buf, full.len, &top);
    if (has_fromlist || level > 0) {
        return module;
    }
    return top;
}

mp_obj_t mp_import_from(mp_obj_t module, qstr name) {
    mp_obj_t dest[1] = {MP_OBJ_NULL};
    /* an AttributeError (from a module's __getattr__) means "no such name" */
    nlr_buf_t attr_nlr;
    if (nlr_push(&attr_nlr) == 0) {
        mp_load_attr_maybe(module, name, dest);
        nlr_pop();
    } else if (!mp_obj_exception_match(MP_OBJ_FROM_PTR(attr_nlr.ret_val),
        MP_OBJ_FROM_PTR(&mp_type_AttributeError))) {
        nlr_jump(attr_nlr.ret_val);
    }
    if (dest[0] != MP_OBJ_NULL) {
        return dest[0];
    }
    /* `from pkg import sub` where sub is a submodule not yet imported */
    if (mp_obj_is_type(module, &mp_type_module)) {
        mp_map_t *globals = &mp_obj_module_get_globals(module)->map;
        mp_map_elem_t *pkg_name = mp_map_lookup(globals, MP_OBJ_NEW_QSTR(MP_QSTR___name__),
            MP_MAP_LOOKUP);
        if (pkg_name != NULL
            && mp_map_lookup(globals, MP_OBJ_NEW_QSTR(MP_QSTR___path__), MP_MAP_LOOKUP) != NULL) {
            vstr_t full;
            vstr_init(&full, 32);
            vstr_add_str(&full, mp_obj_str_get_str(pkg_name->value));
            vstr_add_char(&full, '.');
            vstr_add_str(&full, qstr_str(name));
            qstr full_name = qstr_from_strn(full.buf, full.len);
            nlr_buf_t nlr;
            if (nlr_push(&nlr) == 0) {
                mp_obj_t sub = import_one(full_name, module, name);
                nlr_pop();
                return sub;
            }
            if (!mp_obj_exception_match(MP_OBJ_FROM_PTR(nlr.ret_val),
                MP_OBJ_FROM_PTR(&mp_type_ImportError))) {
                nlr_jump(nlr.ret_val);
            }
            /* not found as a submodule either: report the name */
        }
    }
    mp_raise_msg_varg(&mp_type_ImportError, "can't import name %s", qstr_str(name));
}

/* from module import *: the names in __all__, else every public name */
void mp_import_all(mp_obj_t module) {
    mp_map_t *globals = &mp_obj_module_get_globals(module)->map;
    mp_map_elem_t *all = mp_map_lookup(globals, MP_OBJ_NEW_QSTR(MP_QSTR___all__), MP_MAP_LOOKUP);
    if (all != NULL) {
        mp_obj_iter_buf_t iter_buf;
        mp_obj_t iter = mp_getiter(all->value, &iter_buf);
        mp_obj_t item;
        while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
            qstr q = mp_obj_str_get_qstr(item);
            mp_store_name(q, mp_load_attr(module, q));
        }
        return;
    }
    for (size_t i = 0; i < globals->alloc; i++) {
        if (!mp_map_slot_is_filled(globals, i)) {
            continue;
        }
        mp_obj_t key = globals->table[i].key;
        if (!mp_obj_is_str(key)) {
            continue;
        }
        qstr q = mp_obj_str_get_qstr(key);
        if (qstr_str(q)[0] != '_') {
            mp_store_name(q, globals->table[i].value);
        }
    }
}

/* __import__(name, globals=None, locals=None, fromlist=(), level=0) */
mp_obj_t mp_builtin___import__(size_t n_args, const mp_obj_t *args) {
    mp_obj_t fromlist = n_args > 3 ? args[3] : mp_const_none;
    mp_obj_t level = n_args > 4 ? args[4] : MP_OBJ_NEW_SMALL_INT(0);
    if (n_args > 1 && mp_obj_is_type(args[1], &mp_type_dict) && mp_obj_get_int(level) > 0) {
        /* a relative import is relative to the globals passed in */
        mp_obj_dict_t *old_globals = mp_globals_get();
        mp_globals_set(MP_OBJ_TO_PTR(args[1]));
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            mp_obj_t module = mp_import_name(mp_obj_str_get_qstr(args[0]), fromlist, level);
            nlr_pop();
            mp_globals_set(old_globals);
            return module;
        }
        mp_globals_set(old_globals);
        nlr_jump(nlr.ret_val);
    }
    return mp_import_name(mp_obj_str_get_qstr(args[0]), fromlist, level);
}
