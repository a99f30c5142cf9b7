/*
 * The `sys` module and the objects behind sys.stdin/stdout/stderr.
 *
 * sys is built in the heap on first import because several of its entries
 * are the runtime's live objects (sys.argv, sys.path and sys.modules are the
 * lists/dict held in mp_state), and because programs may assign to it.
 * sys.implementation and sys.version_info are "attrtuples": tuples whose
 * items can also be read by name, as in MicroPython.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/runtime.h"
#include "core/nativecode.h"
#include "modules/modules.h"

/* sys.implementation._mpy (native.md 1): 2822 on x64 hosts that run
 * machine code from .mpy files, 774 (bytecode only) elsewhere. */
#define MICA_MPY_NATIVE_ARCH (MICA_NATIVE_ARCH)
#define MICA_MPY_VALUE (6 | ((3 | (MICA_MPY_NATIVE_ARCH << 2)) << 8))

/* ---- standard streams ---------------------------------------------------- */

/* The three stream objects are bare object headers; which one it is gives
 * the file descriptor. */
static const mp_obj_type_t stdio_type;
static const mp_obj_type_t stdio_buffer_type;

/* .buffer of each stream: the same fd, but bytes in and out */
static const mp_obj_base_t stdin_buffer_obj = {&stdio_buffer_type};
static const mp_obj_base_t stdout_buffer_obj = {&stdio_buffer_type};
static const mp_obj_base_t stderr_buffer_obj = {&stdio_buffer_type};

static int stdio_fd(mp_obj_t self_in) {
    if (self_in == MP_OBJ_FROM_PTR(&mp_sys_stdin_obj) || self_in == MP_OBJ_FROM_PTR(&stdin_buffer_obj)) {
        return 0;
    }
    if (self_in == MP_OBJ_FROM_PTR(&mp_sys_stdout_obj) || self_in == MP_OBJ_FROM_PTR(&stdout_buffer_obj)) {
        return 1;
    }
    return 2;
}

static bool stdio_is_binary(mp_obj_t self_in) {
    return mp_obj_is_type(self_in, &stdio_buffer_type);
}

static void stdio_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_printf(print, stdio_is_binary(self_in) ? "<io.FileIO %d>" : "<io.TextIOWrapper %d>",
        stdio_fd(self_in));
}

static void stdio_write_fd(int fd, const char *data, size_t len) {
    if (fd == 1) {
        mp_hal_stdout_tx_strn(data, len);
    } else if (fd == 2) {
        mp_hal_stderr_tx_strn(data, len);
    } else {
        mp_raise_OSError(EBADF);
    }
}

static mp_obj_t stdio_write(mp_obj_t self_in, mp_obj_t data_in) {
    size_t len;
    const char *data;
    if (mp_obj_is_str(data_in)) {
        data = mp_obj_str_get_data(data_in, &len);
    } else {
        mp_buffer_info_t bi;
        mp_get_buffer_raise(data_in, &bi, MP_BUFFER_READ);
        data = bi.buf;
        len = bi.len;
    }
    stdio_write_fd(stdio_fd(self_in), data, len);
    return MP_OBJ_NEW_SMALL_INT(len);
}
static MP_DEFINE_CONST_FUN_OBJ_2(stdio_write_obj, stdio_write);

static mp_obj_t stdio_flush(mp_obj_t self_in) {
    int fd = stdio_fd(self_in);
    fflush(fd == 2 ? stderr : stdout);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(stdio_flush_obj, stdio_flush);

static mp_obj_t stdio_fileno(mp_obj_t self_in) {
    return MP_OBJ_NEW_SMALL_INT(stdio_fd(self_in));
}
static MP_DEFINE_CONST_FUN_OBJ_1(stdio_fileno_obj, stdio_fileno);

/* Read up to `max` bytes (all if max < 0), stopping after '\n' if `line`. */
static mp_obj_t stdio_read_text(mp_obj_t self_in, mp_int_t max, bool line) {
    if (stdio_fd(self_in) != 0) {
        mp_raise_OSError(EBADF);
    }
    fflush(stdout); /* a prompt written just before must be visible */
    bool binary = stdio_is_binary(self_in);
    vstr_t v;
    vstr_init(&v, 64);
    mp_int_t n = 0; /* bytes read, or characters for a text stream */
    int c;
    while ((c = getchar()) != EOF) {
        bool continuation = !binary && (c & 0xc0) == 0x80;
        if (!continuation) {
            if (max >= 0 && n >= max) {
                ungetc(c, stdin); /* the start of the next character */
                break;
            }
            n++;
        }
        vstr_add_byte(&v, (byte)c);
        if (line && c == '\n') {
            break;
        }
    }
    if (binary) {
        return mp_obj_new_bytes((const byte *)v.buf, v.len);
    }
    return mp_obj_new_str_from_vstr(&v);
}

static mp_obj_t stdio_read(size_t n_args, const mp_obj_t *args) {
    mp_int_t max = n_args > 1 && args[1] != mp_const_none ? mp_obj_get_int(args[1]) : -1;
    return stdio_read_text(args[0], max, false);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(stdio_read_obj, 1, 2, stdio_read);

static mp_obj_t stdio_readline(size_t n_args, const mp_obj_t *args) {
    mp_int_t max = n_args > 1 && args[1] != mp_const_none ? mp_obj_get_int(args[1]) : -1;
    return stdio_read_text(args[0], max, true);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(stdio_readline_obj, 1, 2, stdio_readline);

static const mp_rom_map_elem_t stdio_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&stdio_write_obj)},
    {MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&stdio_read_obj)},
    {MP_ROM_QSTR(MP_QSTR_readline), MP_ROM_PTR(&stdio_readline_obj)},
    {MP_ROM_QSTR(MP_QSTR_flush), MP_ROM_PTR(&stdio_flush_obj)},
    {MP_ROM_QSTR(MP_QSTR_fileno), MP_ROM_PTR(&stdio_fileno_obj)},
};
static MP_DEFINE_CONST_DICT(stdio_locals, stdio_locals_table);

/* iterating over sys.stdin gives its lines */
static mp_obj_t stdio_iternext(mp_obj_t self_in) {
    mp_obj_t line = stdio_read_text(self_in, -1, true);
    return mp_obj_is_true(line) ? line : MP_OBJ_STOP_ITERATION;
}

/* .buffer: the binary stream on the same fd */
static void stdio_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR_buffer) {
        static const mp_obj_base_t *const buffers[3] = {
            &stdin_buffer_obj, &stdout_buffer_obj, &stderr_buffer_obj};
        dest[0] = MP_OBJ_FROM_PTR(buffers[stdio_fd(self_in)]);
    }
}

static const mp_obj_type_t stdio_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_TextIOWrapper,
    MP_TYPE_SLOT(print, stdio_print),
    MP_TYPE_SLOT(attr, stdio_attr),
    MP_TYPE_SLOT(iter, stdio_iternext),
    MP_TYPE_SLOT(locals_dict, &stdio_locals),
};

static const mp_obj_type_t stdio_buffer_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_FileIO,
    MP_TYPE_SLOT(print, stdio_print),
    MP_TYPE_SLOT(iter, stdio_iternext),
    MP_TYPE_SLOT(locals_dict, &stdio_locals),
};

const mp_obj_base_t mp_sys_stdin_obj = {&stdio_type};
const mp_obj_base_t mp_sys_stdout_obj = {&stdio_type};
const mp_obj_base_t mp_sys_stderr_obj = {&stdio_type};

/* ---- printing to a file object -------------------------------------------- */

static void print_strn_stdout(void *data, const char *str, size_t len) {
    mp_hal_stdout_tx_strn(str, len);
}

static void print_strn_stderr(void *data, const char *str, size_t len) {
    mp_hal_stderr_tx_strn(str, len);
}

/* any other object: one .write(str) call per piece */
static void print_strn_file(void *data, const char *str, size_t len) {
    mp_obj_t dest[3];
    mp_load_method(MP_OBJ_FROM_PTR(data), MP_QSTR_write, dest);
    dest[2] = mp_obj_new_str(str, len);
    mp_call_method_n_kw(1, 0, dest);
}

void mp_print_init_for_file(mp_print_t *print, mp_obj_t file) {
    print->data = MP_OBJ_TO_PTR(file);
    if (file == MP_OBJ_FROM_PTR(&mp_sys_stdout_obj)) {
        print->print_strn = print_strn_stdout;
    } else if (file == MP_OBJ_FROM_PTR(&mp_sys_stderr_obj)) {
        print->print_strn = print_strn_stderr;
    } else {
        print->print_strn = print_strn_file;
    }
}

/* ---- attrtuple: a tuple whose items also have names ------------------------ */

typedef struct _attrtuple_t {
    mp_obj_base_t base;
    mp_obj_t tuple;
    const qstr *fields;
    bool print_names; /* sys.implementation shows names; version_info prints as a tuple */
} attrtuple_t;

static const mp_obj_type_t attrtuple_type;

static mp_obj_t attrtuple_unwrap(mp_obj_t o) {
    if (mp_obj_is_type(o, &attrtuple_type)) {
        return ((attrtuple_t *)MP_OBJ_TO_PTR(o))->tuple;
    }
    return o;
}

static void attrtuple_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    attrtuple_t *self = MP_OBJ_TO_PTR(self_in);
    if (!self->print_names) {
        mp_obj_print_helper(print, self->tuple, kind);
        return;
    }
    size_t n;
    mp_obj_t *items;
    mp_obj_tuple_get(self->tuple, &n, &items);
    mp_print_str(print, "(");
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            mp_print_str(print, ", ");
        }
        mp_printf(print, "%s=", qstr_str(self->fields[i]));
        mp_obj_print_helper(print, items[i], PRINT_REPR);
    }
    mp_print_str(print, ")");
}

static void attrtuple_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return; /* read-only */
    }
    attrtuple_t *self = MP_OBJ_TO_PTR(self_in);
    size_t n;
    mp_obj_t *items;
    mp_obj_tuple_get(self->tuple, &n, &items);
    for (size_t i = 0; i < n; i++) {
        if (self->fields[i] == attr) {
            dest[0] = items[i];
            return;
        }
    }
}

static mp_obj_t attrtuple_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    if (value != MP_OBJ_SENTINEL) {
        mp_raise_TypeError("'tuple' object doesn't support item assignment");
    }
    return mp_obj_subscr(attrtuple_unwrap(self_in), index, value);
}

static mp_obj_t attrtuple_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    return mp_unary_op(op, attrtuple_unwrap(self_in));
}

static mp_obj_t attrtuple_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    return mp_binary_op(op, attrtuple_unwrap(lhs), attrtuple_unwrap(rhs));
}

static mp_obj_t attrtuple_getiter(mp_obj_t self_in, mp_obj_iter_buf_t *buf) {
    return mp_getiter(attrtuple_unwrap(self_in), buf);
}

static const mp_obj_type_t attrtuple_type = {
    .base = {&mp_type_type},
    .name = MP_QSTR_tuple,
    MP_TYPE_SLOT(print, attrtuple_print),
    MP_TYPE_SLOT(attr, attrtuple_attr),
    MP_TYPE_SLOT(subscr, attrtuple_subscr),
    MP_TYPE_SLOT(unary_op, attrtuple_unary_op),
    MP_TYPE_SLOT(binary_op, attrtuple_binary_op),
    MP_TYPE_SLOT(iter, attrtuple_getiter),
};

static mp_obj_t attrtuple_new(size_t n, const qstr *fields, const mp_obj_t *items,
    bool print_names) {
    attrtuple_t *self = m_new_obj(attrtuple_t);
    self->base.type = &attrtuple_type;
    self->tuple = mp_obj_new_tuple(n, items);
    self->fields = fields;
    self->print_names = print_names;
    return MP_OBJ_FROM_PTR(self);
}

/* ---- functions ---------------------------------------------------------- */

static mp_obj_t sys_exit(size_t n_args, const mp_obj_t *args) {
    mp_raise(mp_obj_new_exception_args(&mp_type_SystemExit, n_args, args));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(sys_exit_obj, 0, 1, sys_exit);

static mp_obj_t sys_print_exception(size_t n_args, const mp_obj_t *args) {
    mp_obj_t file = n_args > 1 && args[1] != mp_const_none
        ? args[1] : MP_OBJ_FROM_PTR(&mp_sys_stdout_obj);
    mp_print_t print;
    mp_print_init_for_file(&print, file);
    mp_obj_print_exception(&print, args[0]);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(sys_print_exception_obj, 1, 2, sys_print_exception);

/* sys.atexit(func): run func at interpreter exit; returns the previous one */
static mp_obj_t sys_atexit(mp_obj_t func) {
    mp_obj_t old = mp_state.sys_exitfunc;
    mp_state.sys_exitfunc = func;
    return old == MP_OBJ_NULL ? mp_const_none : old;
}
static MP_DEFINE_CONST_FUN_OBJ_1(sys_atexit_obj, sys_atexit);

/* ---- the module ---------------------------------------------------------- */

static mp_obj_t sys_module = MP_OBJ_NULL;
static const char *sys_executable = NULL;

static const qstr impl_fields[] = {MP_QSTR_name, MP_QSTR_version, MP_QSTR__machine, MP_QSTR__mpy};
static const qstr version_info_fields[] = {MP_QSTR_major, MP_QSTR_minor, MP_QSTR_micro};

void mp_sys_set_executable(const char *path) {
    sys_executable = path;
}

static void sys_store(mp_obj_t dict, qstr name, mp_obj_t value) {
    mp_obj_dict_store(dict, MP_OBJ_NEW_QSTR(name), value);
}

static mp_obj_t make_implementation(void) {
    mp_obj_t version[4] = {
        MP_OBJ_NEW_SMALL_INT(MICA_MP_COMPAT_MAJOR),
        MP_OBJ_NEW_SMALL_INT(MICA_MP_COMPAT_MINOR),
        MP_OBJ_NEW_SMALL_INT(MICA_MP_COMPAT_MICRO),
        MP_OBJ_NEW_QSTR(MP_QSTR_),
    };
    mp_obj_t items[4] = {
        MP_OBJ_NEW_QSTR(MP_QSTR_micropython),
        mp_obj_new_tuple(4, version),
        mp_obj_new_str_from_cstr("Mica " MICA_VERSION_STRING " on linux"),
        MP_OBJ_NEW_SMALL_INT(MICA_MPY_VALUE),
    };
    return attrtuple_new(4, impl_fields, items, true);
}

/* sys.intern(s): the interned (qstr) str equal to s */
static mp_obj_t sys_intern(mp_obj_t s) {
    if (!mp_obj_is_str(s)) {
        mp_raise_TypeError("can't convert to str implicitly");
    }
    return MP_OBJ_NEW_QSTR(mp_obj_str_get_qstr(s));
}
static MP_DEFINE_CONST_FUN_OBJ_1(sys_intern_obj, sys_intern);

static mp_obj_t make_sys_module(void) {
    mp_obj_module_t *mod = m_new_obj(mp_obj_module_t);
    mod->base.type = &mp_type_module;
    mod->globals = MP_OBJ_TO_PTR(mp_obj_new_dict(24));
    mp_obj_t d = MP_OBJ_FROM_PTR(mod->globals);

    if (mp_state.sys_argv == MP_OBJ_NULL) {
        mp_state.sys_argv = mp_obj_new_list(0, NULL);
    }
    if (mp_state.sys_path == MP_OBJ_NULL) {
        mp_state.sys_path = mp_obj_new_list(0, NULL);
    }
    if (mp_state.loaded_modules == NULL) {
        mp_state.loaded_modules = MP_OBJ_TO_PTR(mp_obj_new_dict(8));
    }
    sys_store(d, MP_QSTR___name__, MP_OBJ_NEW_QSTR(MP_QSTR_sys));
    sys_store(d, MP_QSTR_argv, mp_state.sys_argv);
    sys_store(d, MP_QSTR_path, mp_state.sys_path);
    sys_store(d, MP_QSTR_modules, MP_OBJ_FROM_PTR(mp_state.loaded_modules));
    sys_store(d, MP_QSTR_exit, MP_OBJ_FROM_PTR(&sys_exit_obj));
    sys_store(d, MP_QSTR_print_exception, MP_OBJ_FROM_PTR(&sys_print_exception_obj));
    sys_store(d, MP_QSTR_atexit, MP_OBJ_FROM_PTR(&sys_atexit_obj));
    sys_store(d, MP_QSTR_stdin, MP_OBJ_FROM_PTR(&mp_sys_stdin_obj));
    sys_store(d, MP_QSTR_stdout, MP_OBJ_FROM_PTR(&mp_sys_stdout_obj));
    sys_store(d, MP_QSTR_stderr, MP_OBJ_FROM_PTR(&mp_sys_stderr_obj));
    sys_store(d, MP_QSTR_implementation, make_implementation());
    sys_store(d, MP_QSTR_version, mp_obj_new_str_from_cstr("3.4.0; Mica " MICA_VERSION_STRING));
    mp_obj_t vi[3] = {MP_OBJ_NEW_SMALL_INT(3), MP_OBJ_NEW_SMALL_INT(4), MP_OBJ_NEW_SMALL_INT(0)};
    sys_store(d, MP_QSTR_version_info, attrtuple_new(3, version_info_fields, vi, false));
    sys_store(d, MP_QSTR_maxsize, mp_obj_new_int_from_ll((long long)INTPTR_MAX));
    sys_store(d, MP_QSTR_byteorder, MP_OBJ_NEW_QSTR(MP_QSTR_little));
    sys_store(d, MP_QSTR_platform, MP_OBJ_NEW_QSTR(MP_QSTR_linux));
    sys_store(d, MP_QSTR_executable,
        sys_executable == NULL ? MP_OBJ_NEW_QSTR(MP_QSTR_) : mp_obj_new_str_from_cstr(sys_executable));
    sys_store(d, MP_QSTR_ps1, mp_obj_new_str_from_cstr(">>> "));
    sys_store(d, MP_QSTR_ps2, mp_obj_new_str_from_cstr("... "));
    sys_store(d, MP_QSTR_intern, MP_OBJ_FROM_PTR(&sys_intern_obj));
    return MP_OBJ_FROM_PTR(mod);
}

mp_obj_t mp_module_sys_get(void) {
    if (sys_module == MP_OBJ_NULL) {
        /* a static holding a heap pointer must be a GC root */
        gc_root_add((void **)&sys_module);
        sys_module = make_sys_module();
    }
    return sys_module;
}

mp_obj_t mp_sys_current_stdout(void) {
    if (sys_module != MP_OBJ_NULL) {
        mp_obj_module_t *mod = MP_OBJ_TO_PTR(sys_module);
        mp_map_elem_t *e = mp_map_lookup(&mod->globals->map, MP_OBJ_NEW_QSTR(MP_QSTR_stdout),
            MP_MAP_LOOKUP);
        if (e != NULL && e->value != mp_const_none) {
            return e->value;
        }
    }
    return MP_OBJ_FROM_PTR(&mp_sys_stdout_obj);
}

void mp_module_sys_reset(void) {
    if (sys_module != MP_OBJ_NULL) {
        gc_root_remove((void **)&sys_module);
        sys_module = MP_OBJ_NULL;
    }
}
