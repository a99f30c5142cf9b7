/*
 * Exceptions: the built-in exception classes and their hierarchy, exception
 * instances (args tuple + traceback), printing in MicroPython's style
 * (`KeyError('k',)`, `str(KeyError('k'))` is `k`), and the raise helpers.
 *
 * A user class deriving from an exception class is an ordinary instance
 * (types/type.c) whose subobj[0] holds one of these native objects; every
 * accessor below looks through such instances.
 */
#include <errno.h>
#include <string.h>
#include "core/runtime.h"

typedef struct _mp_obj_exception_t {
    mp_obj_base_t base;
    mp_obj_tuple_t *args;
    size_t *traceback; /* triples: file qstr, line, block qstr */
    size_t traceback_len; /* number of words used */
    size_t traceback_alloc;
} mp_obj_exception_t;

static mp_obj_t exception_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args);

bool mp_obj_is_native_exception_instance(mp_obj_t self_in) {
    if (!mp_obj_is_obj(self_in)) {
        return false;
    }
    const mp_obj_type_t *type = ((mp_obj_base_t *)MP_OBJ_TO_PTR(self_in))->type;
    return mp_type_make_new(type) == exception_make_new;
}

/* The native exception object behind self_in (itself, or the native part of
 * an instance of a Python subclass); NULL if self_in is not an exception. */
static mp_obj_exception_t *get_native(mp_obj_t self_in) {
    if (mp_obj_is_native_exception_instance(self_in)) {
        return MP_OBJ_TO_PTR(self_in);
    }
    if (mp_obj_is_obj(self_in)) {
        mp_obj_t native = mp_obj_instance_cast_to_native_base(self_in,
            MP_OBJ_FROM_PTR(&mp_type_BaseException));
        if (native != MP_OBJ_NULL && mp_obj_is_native_exception_instance(native)) {
            return MP_OBJ_TO_PTR(native);
        }
    }
    return NULL;
}

static mp_obj_t exception_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    if (n_kw != 0) {
        mp_raise_TypeError("function doesn't take keyword arguments");
    }
    mp_obj_exception_t *o = m_new_obj(mp_obj_exception_t);
    o->base.type = type;
    o->args = MP_OBJ_TO_PTR(mp_obj_new_tuple(n_args, args));
    o->traceback = NULL;
    o->traceback_len = 0;
    o->traceback_alloc = 0;
    return MP_OBJ_FROM_PTR(o);
}

/* The errno names MicroPython prints: exactly the errno module's
 * errorcode table (src/modules/mod_errno.c). Numbers without a name there
 * (ENOTDIR, ENOSPC, ...) print as plain numbers, as on MicroPython 1.27. */
static const char *errno_name(mp_int_t err) {
    static const struct {
        int num;
        const char *name;
    } names[] = {
        {EPERM, "EPERM"}, {ENOENT, "ENOENT"}, {EIO, "EIO"}, {EBADF, "EBADF"},
        {EAGAIN, "EAGAIN"}, {ENOMEM, "ENOMEM"}, {EACCES, "EACCES"}, {EEXIST, "EEXIST"},
        {ENODEV, "ENODEV"}, {EISDIR, "EISDIR"}, {EINVAL, "EINVAL"},
        {EOPNOTSUPP, "EOPNOTSUPP"}, {EADDRINUSE, "EADDRINUSE"},
        {ECONNABORTED, "ECONNABORTED"}, {ECONNRESET, "ECONNRESET"}, {ENOBUFS, "ENOBUFS"},
        {ENOTCONN, "ENOTCONN"}, {ETIMEDOUT, "ETIMEDOUT"}, {ECONNREFUSED, "ECONNREFUSED"},
        {EHOSTUNREACH, "EHOSTUNREACH"}, {EALREADY, "EALREADY"}, {EINPROGRESS, "EINPROGRESS"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (names[i].num == err) {
            return names[i].name;
        }
    }
    return NULL;
}

/* An OSError (or subclass) whose first argument is a named errno and that
 * has one or two arguments prints as "[Errno 2] ENOENT" or
 * "[Errno 2] ENOENT: <str of 2nd arg>" (MicroPython 1.27, in str() and in
 * print_exception; repr keeps the plain tuple). Returns false otherwise. */
static bool print_errno(const mp_print_t *print, mp_obj_exception_t *self) {
    size_t n = self->args->len;
    if ((n != 1 && n != 2) || !mp_obj_is_small_int(self->args->items[0])
        || !mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(self->base.type),
            MP_OBJ_FROM_PTR(&mp_type_OSError))) {
        return false;
    }
    mp_int_t err = MP_OBJ_SMALL_INT_VALUE(self->args->items[0]);
    const char *name = errno_name(err);
    if (name == NULL) {
        return false;
    }
    mp_printf(print, "[Errno %d] %s", (int)err, name);
    if (n == 2) {
        mp_print_str(print, ": ");
        mp_obj_print_helper(print, self->args->items[1], PRINT_STR);
    }
    return true;
}

/* REPR: Name(args-tuple); STR: '' / str(arg) / args-tuple; EXC: "Name: STR"
 * -- MicroPython always prints the colon and space, even when STR is empty
 * (print_exception(Exception()) gives "Exception: "). With
 * PRINT_EXC_SUBCLASS the caller (a Python subclass) already printed its
 * own class name. */
static void exception_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_obj_exception_t *self = MP_OBJ_TO_PTR(self_in);
    bool name_printed = (kind & PRINT_EXC_SUBCLASS) != 0;
    kind &= ~PRINT_EXC_SUBCLASS;
    size_t n = self->args->len;
    if (!name_printed && (kind == PRINT_REPR || kind == PRINT_EXC)) {
        mp_print_str(print, qstr_str(self->base.type->name));
    }
    if (kind == PRINT_REPR) {
        mp_obj_print_helper(print, MP_OBJ_FROM_PTR(self->args), PRINT_REPR);
        return;
    }
    if (kind == PRINT_EXC) {
        mp_print_str(print, ": ");
    }
    if (n == 0 || print_errno(print, self)) {
        return;
    }
    if (n == 1) {
        mp_obj_print_helper(print, self->args->items[0], PRINT_STR);
    } else {
        mp_obj_print_helper(print, MP_OBJ_FROM_PTR(self->args), PRINT_REPR);
    }
}

static mp_obj_t first_arg_or_none(mp_obj_exception_t *self) {
    return self->args->len > 0 ? self->args->items[0] : mp_const_none;
}

static void exception_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    mp_obj_exception_t *self = MP_OBJ_TO_PTR(self_in);
    if (dest[0] != MP_OBJ_NULL) {
        /* only args is writable (e.args = (...), as in CPython) */
        if (attr == MP_QSTR_args && dest[1] != MP_OBJ_NULL) {
            mp_obj_t t = mp_obj_is_type(dest[1], &mp_type_tuple) ? dest[1]
                : mp_call_function_1(MP_OBJ_FROM_PTR(&mp_type_tuple), dest[1]);
            self->args = MP_OBJ_TO_PTR(t);
            dest[0] = MP_OBJ_NULL;
        }
        return;
    }
    const mp_obj_type_t *type = self->base.type;
    if (attr == MP_QSTR_args) {
        dest[0] = MP_OBJ_FROM_PTR(self->args);
    } else if (attr == MP_QSTR_value &&
               mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(type), MP_OBJ_FROM_PTR(&mp_type_StopIteration))) {
        dest[0] = first_arg_or_none(self);
    } else if (attr == MP_QSTR_code &&
               mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(type), MP_OBJ_FROM_PTR(&mp_type_SystemExit))) {
        dest[0] = first_arg_or_none(self);
    } else if ((attr == MP_QSTR_errno || attr == MP_QSTR_strerror) &&
               mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(type), MP_OBJ_FROM_PTR(&mp_type_OSError))) {
        size_t idx = attr == MP_QSTR_errno ? 0 : 1;
        dest[0] = self->args->len > idx ? self->args->items[idx] : mp_const_none;
    }
}

/* BaseException.__init__(self, *args): sets args, so that both
 * super().__init__(msg) and Exception.__init__(self, msg) work in
 * Python subclasses */
static mp_obj_t exception___init__(size_t n_args, const mp_obj_t *args) {
    mp_obj_exception_t *self = get_native(args[0]);
    if (self == NULL) {
        mp_raise_TypeError("__init__ needs an exception instance");
    }
    self->args = MP_OBJ_TO_PTR(mp_obj_new_tuple(n_args - 1, args + 1));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(exception___init___obj, 1, exception___init__);

static const mp_rom_map_elem_t exception_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR___init__), MP_ROM_PTR(&exception___init___obj)},
};
static MP_DEFINE_CONST_DICT(exception_locals_dict, exception_locals_table);

#define MP_DEFINE_EXCEPTION(exc_name, base_name) \
    const mp_obj_type_t mp_type_##exc_name = { \
        .base = {&mp_type_type}, \
        .flags = MP_TYPE_FLAG_NONE, \
        .name = MP_QSTR_##exc_name, \
        MP_TYPE_SLOT(make_new, exception_make_new), \
        MP_TYPE_SLOT(print, exception_print), \
        MP_TYPE_SLOT(attr, exception_attr), \
        MP_TYPE_SLOT(parent, &mp_type_##base_name), \
    };

const mp_obj_type_t mp_type_BaseException = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_NONE,
    .name = MP_QSTR_BaseException,
    MP_TYPE_SLOT(make_new, exception_make_new),
    MP_TYPE_SLOT(print, exception_print),
    MP_TYPE_SLOT(attr, exception_attr),
    MP_TYPE_SLOT(locals_dict, &exception_locals_dict),
};

/* The hierarchy follows Python's (and MicroPython's) standard one. */
MP_DEFINE_EXCEPTION(SystemExit, BaseException)
MP_DEFINE_EXCEPTION(KeyboardInterrupt, BaseException)
MP_DEFINE_EXCEPTION(GeneratorExit, BaseException)
MP_DEFINE_EXCEPTION(Exception, BaseException)
MP_DEFINE_EXCEPTION(StopIteration, Exception)
MP_DEFINE_EXCEPTION(StopAsyncIteration, Exception)
MP_DEFINE_EXCEPTION(ArithmeticError, Exception)
MP_DEFINE_EXCEPTION(OverflowError, ArithmeticError)
MP_DEFINE_EXCEPTION(ZeroDivisionError, ArithmeticError)
MP_DEFINE_EXCEPTION(AssertionError, Exception)
MP_DEFINE_EXCEPTION(AttributeError, Exception)
MP_DEFINE_EXCEPTION(EOFError, Exception)
MP_DEFINE_EXCEPTION(ImportError, Exception)
MP_DEFINE_EXCEPTION(LookupError, Exception)
MP_DEFINE_EXCEPTION(IndexError, LookupError)
MP_DEFINE_EXCEPTION(KeyError, LookupError)
MP_DEFINE_EXCEPTION(MemoryError, Exception)
MP_DEFINE_EXCEPTION(NameError, Exception)
MP_DEFINE_EXCEPTION(OSError, Exception)
MP_DEFINE_EXCEPTION(RuntimeError, Exception)
MP_DEFINE_EXCEPTION(NotImplementedError, RuntimeError)
MP_DEFINE_EXCEPTION(SyntaxError, Exception)
MP_DEFINE_EXCEPTION(IndentationError, SyntaxError)
MP_DEFINE_EXCEPTION(TypeError, Exception)
/* raised by the viper compiler for static type errors (native.md 11);
 * its name is MP_QSTR_ViperTypeError */
MP_DEFINE_EXCEPTION(ViperTypeError, TypeError)
MP_DEFINE_EXCEPTION(ValueError, Exception)
MP_DEFINE_EXCEPTION(UnicodeError, ValueError)

/* ---- construction --------------------------------------------------- */

mp_obj_t mp_obj_new_exception_args(const mp_obj_type_t *exc_type, size_t n_args,
    const mp_obj_t *args) {
    /* natmod exception types copy our make_new; Python subclasses go
     * through their own constructor */
    mp_make_new_fun_t make_new = mp_type_make_new(exc_type);
    if (make_new == NULL) {
        make_new = exception_make_new;
    }
    return make_new(exc_type, n_args, 0, args);
}

mp_obj_t mp_obj_new_exception(const mp_obj_type_t *exc_type) {
    return mp_obj_new_exception_args(exc_type, 0, NULL);
}

mp_obj_t mp_obj_new_exception_arg1(const mp_obj_type_t *exc_type, mp_obj_t arg) {
    return mp_obj_new_exception_args(exc_type, 1, &arg);
}

mp_obj_t mp_obj_new_exception_msg(const mp_obj_type_t *exc_type, const char *msg) {
    if (msg == NULL) {
        return mp_obj_new_exception(exc_type);
    }
    return mp_obj_new_exception_arg1(exc_type, mp_obj_new_str(msg, strlen(msg)));
}

static mp_obj_t new_exception_vmsg(const mp_obj_type_t *exc_type, const char *fmt, va_list ap) {
    vstr_t vstr;
    mp_print_t print;
    vstr_init_print(&vstr, 32, &print);
    mp_vprintf(&print, fmt, ap);
    return mp_obj_new_exception_arg1(exc_type, mp_obj_new_str_from_vstr(&vstr));
}

mp_obj_t mp_obj_new_exception_msg_varg(const mp_obj_type_t *exc_type, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    mp_obj_t exc = new_exception_vmsg(exc_type, fmt, ap);
    va_end(ap);
    return exc;
}

/* ---- queries -------------------------------------------------------- */

bool mp_obj_is_exception_type(mp_obj_t self_in) {
    if (!mp_obj_is_class(self_in)) {
        return false;
    }
    return mp_obj_is_subclass_fast(self_in, MP_OBJ_FROM_PTR(&mp_type_BaseException));
}

bool mp_obj_is_exception_instance(mp_obj_t self_in) {
    if (!mp_obj_is_obj(self_in)) {
        return false;
    }
    if (mp_obj_is_native_exception_instance(self_in)) {
        return true;
    }
    return mp_obj_is_exception_type(MP_OBJ_FROM_PTR(mp_obj_get_type(self_in)));
}

bool mp_obj_exception_match(mp_obj_t exc, mp_const_obj_t exc_type) {
    mp_obj_t exc_class = MP_OBJ_FROM_PTR(mp_obj_get_type(exc));
    if (mp_obj_is_type(exc_type, &mp_type_tuple)) {
        size_t n;
        mp_obj_t *items;
        mp_obj_tuple_get((mp_obj_t)exc_type, &n, &items);
        for (size_t i = 0; i < n; i++) {
            if (mp_obj_is_subclass_fast(exc_class, items[i])) {
                return true;
            }
        }
        return false;
    }
    return mp_obj_is_subclass_fast(exc_class, exc_type);
}

mp_obj_t mp_obj_exception_get_value(mp_obj_t self_in) {
    mp_obj_exception_t *self = get_native(self_in);
    if (self == NULL) {
        return mp_const_none;
    }
    return first_arg_or_none(self);
}

/* ---- tracebacks ----------------------------------------------------- */

void mp_obj_exception_clear_traceback(mp_obj_t self_in) {
    mp_obj_exception_t *self = get_native(self_in);
    if (self != NULL) {
        self->traceback_len = 0;
    }
}

/* Best effort: a traceback never causes a MemoryError of its own (the
 * preallocated MemoryError must be raisable on a full heap). */
void mp_obj_exception_add_traceback(mp_obj_t self_in, qstr file, size_t line, qstr block) {
    mp_obj_exception_t *self = get_native(self_in);
    if (self == NULL) {
        return;
    }
    if (self->traceback_len + 3 > self->traceback_alloc) {
        size_t new_alloc = self->traceback_alloc == 0 ? 3 * 4 : self->traceback_alloc * 2;
        size_t *data = m_realloc_maybe(self->traceback, new_alloc * sizeof(size_t), true);
        if (data == NULL) {
            return;
        }
        self->traceback = data;
        self->traceback_alloc = new_alloc;
    }
    size_t *entry = self->traceback + self->traceback_len;
    entry[0] = file;
    entry[1] = line;
    entry[2] = block;
    self->traceback_len += 3;
}

void mp_obj_exception_get_traceback(mp_obj_t self_in, size_t *n, size_t **values) {
    mp_obj_exception_t *self = get_native(self_in);
    if (self == NULL) {
        *n = 0;
        *values = NULL;
        return;
    }
    *n = self->traceback_len;
    *values = self->traceback;
}

/* ---- raising -------------------------------------------------------- */

_Noreturn void mp_raise(mp_obj_t exc) {
    if (mp_obj_is_exception_type(exc)) {
        exc = mp_call_function_n_kw(exc, 0, 0, NULL);
    }
    if (!mp_obj_is_exception_instance(exc)) {
        exc = mp_obj_new_exception_msg(&mp_type_TypeError,
            "exceptions must derive from BaseException");
    }
    nlr_jump(MP_OBJ_TO_PTR(exc));
}

void mp_native_raise(mp_obj_t o) {
    if (o == MP_OBJ_NULL || o == mp_const_none) {
        return;
    }
    mp_raise(o);
}

_Noreturn void mp_raise_msg(const mp_obj_type_t *exc_type, const char *msg) {
    nlr_jump(MP_OBJ_TO_PTR(mp_obj_new_exception_msg(exc_type, msg)));
}

_Noreturn void mp_raise_msg_varg(const mp_obj_type_t *exc_type, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    mp_obj_t exc = new_exception_vmsg(exc_type, fmt, ap);
    va_end(ap);
    nlr_jump(MP_OBJ_TO_PTR(exc));
}

_Noreturn void mp_raise_ValueError(const char *msg) {
    mp_raise_msg(&mp_type_ValueError, msg);
}

_Noreturn void mp_raise_TypeError(const char *msg) {
    mp_raise_msg(&mp_type_TypeError, msg);
}

_Noreturn void mp_raise_NotImplementedError(const char *msg) {
    mp_raise_msg(&mp_type_NotImplementedError, msg);
}

_Noreturn void mp_raise_OSError(int errno_) {
    nlr_jump(MP_OBJ_TO_PTR(mp_obj_new_exception_arg1(&mp_type_OSError,
        MP_OBJ_NEW_SMALL_INT(errno_))));
}

_Noreturn void mp_raise_StopIteration(mp_obj_t arg) {
    if (arg == MP_OBJ_NULL) {
        nlr_jump(MP_OBJ_TO_PTR(mp_obj_new_exception(&mp_type_StopIteration)));
    }
    nlr_jump(MP_OBJ_TO_PTR(mp_obj_new_exception_arg1(&mp_type_StopIteration, arg)));
}

_Noreturn void mp_raise_recursion_depth(void) {
    mp_raise_msg(&mp_type_RuntimeError, "maximum recursion depth exceeded");
}

/* Allocates nothing: reuses the instance made by mp_init. */
_Noreturn void mp_raise_memory_error(void) {
    mp_obj_t exc = mp_state.mp_const_memory_error_obj;
    if (exc == MP_OBJ_NULL) {
        nlr_jump_fail(NULL); /* out of memory before the runtime is up */
    }
    ((mp_obj_exception_t *)MP_OBJ_TO_PTR(exc))->traceback_len = 0;
    nlr_jump(MP_OBJ_TO_PTR(exc));
}

/* Called by mp_init: the MemoryError instance and its (empty) args. */
mp_obj_t mp_obj_exception_new_preallocated_memory_error(void) {
    mp_obj_exception_t *o = m_new_obj(mp_obj_exception_t);
    o->base.type = &mp_type_MemoryError;
    o->args = (mp_obj_tuple_t *)&mp_const_empty_tuple_obj;
    o->traceback = NULL;
    o->traceback_len = 0;
    o->traceback_alloc = 0;
    return MP_OBJ_FROM_PTR(o);
}
