/*
 * The runtime's internal API. Its functions are shaped so that each entry of
 * the native function table (../shared/spec/native.md section 6) is a direct
 * pointer to one of them (design note 4): keep these signatures.
 */
#ifndef MICA_CORE_RUNTIME_H
#define MICA_CORE_RUNTIME_H

#include "core/obj.h"
#include "core/qstr.h"
#include "core/nlr.h"
#include "core/gc.h"

/* ---- global interpreter state (core/runtime.c) ---------------------- */

typedef struct _mp_state_t {
    mp_obj_dict_t *dict_locals;  /* current locals (module/class body) */
    mp_obj_dict_t *dict_globals; /* current globals */
    mp_obj_dict_t *loaded_modules; /* sys.modules */
    mp_obj_t sys_path;           /* list */
    mp_obj_t sys_argv;           /* list */
    mp_obj_t sys_exitfunc;
    mp_obj_t cur_exception;      /* spare slot for printing */
    mp_obj_t mp_const_memory_error_obj; /* preallocated MemoryError instance */
    char *stack_top;             /* C stack start, for recursion checks and GC */
    size_t stack_limit;          /* bytes of C stack we may use */
    int opt_level;               /* micropython.opt_level() / -O */
    int emit_native;             /* -X emit=native for compiled source */
    int verbose;                 /* -v count */
    bool gc_stress;
} mp_state_t;
extern mp_state_t mp_state;

void mp_init(void);   /* after gc_init: qstrs, modules, sys */
void mp_deinit(void);

static inline mp_obj_dict_t *mp_locals_get(void) { return mp_state.dict_locals; }
static inline void mp_locals_set(mp_obj_dict_t *d) { mp_state.dict_locals = d; }
static inline mp_obj_dict_t *mp_globals_get(void) { return mp_state.dict_globals; }
static inline void mp_globals_set(mp_obj_dict_t *d) { mp_state.dict_globals = d; }

/* Raises RuntimeError("maximum recursion depth exceeded") when the C stack
 * is nearly used up. Called on every Python-level call. */
void mp_stack_check(void);
void mp_stack_set_top(void *top);
/* Only the C-stack depth part of mp_stack_check, for native paths that can
 * recurse through each other (operators and equality between native types). */
_Noreturn void mp_raise_recursion_depth(void);
static inline void mp_stack_guard(void) {
    volatile char here;
    if (mp_state.stack_top != NULL
        && mp_state.stack_top - (char *)&here > (ptrdiff_t)mp_state.stack_limit) {
        mp_raise_recursion_depth();
    }
}
void mp_stack_set_limit(size_t limit);

/* ---- names (function table 5..8, 12, 13, 41, 42) -------------------- */
mp_obj_dict_t *mp_native_swap_globals(mp_obj_dict_t *new_globals);
mp_obj_t mp_load_name(qstr qst);
mp_obj_t mp_load_global(qstr qst);
mp_obj_t mp_load_build_class(void);
void mp_store_name(qstr qst, mp_obj_t obj);
void mp_store_global(qstr qst, mp_obj_t obj);
void mp_delete_name(qstr qst);
void mp_delete_global(qstr qst);

/* ---- attributes (9..11, 14, 64) ------------------------------------- */
mp_obj_t mp_load_attr(mp_obj_t base, qstr attr);
void mp_load_method(mp_obj_t base, qstr attr, mp_obj_t *dest);
void mp_load_method_maybe(mp_obj_t base, qstr attr, mp_obj_t *dest);
void mp_load_method_protected(mp_obj_t obj, qstr attr, mp_obj_t *dest, bool catch_all_exc);
void mp_load_super_method(qstr attr, mp_obj_t *dest);
void mp_store_attr(mp_obj_t base, qstr attr, mp_obj_t val);
/* dest[0] = attr or NULL; used by getattr/hasattr and the VM */
void mp_load_attr_maybe(mp_obj_t base, qstr attr, mp_obj_t *dest);
/* bind a function found in a type's locals_dict to self where needed */
void mp_convert_member_lookup(mp_obj_t obj, const mp_obj_type_t *type, mp_obj_t member,
    mp_obj_t *dest);

/* ---- operators (15..18, 46, 47) ------------------------------------- */
/* mp_obj_subscr (obj.h): value MP_OBJ_SENTINEL = load, NULL = delete */
/* mp_obj_is_true (obj.h) */
mp_obj_t mp_unary_op(mp_unary_op_t op, mp_obj_t arg);
mp_obj_t mp_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs);
/* the special-method name of a binary op, e.g. __add__, __radd__ (core/runtime.c) */
qstr mp_binary_op_method_name(mp_binary_op_t op);
mp_int_t mp_small_int_floor_divide(mp_int_t num, mp_int_t denom);
mp_int_t mp_small_int_modulo(mp_int_t dividend, mp_int_t divisor);
bool mp_small_int_mul_overflow(mp_int_t x, mp_int_t y);

/* ---- containers (19..25, 38) --------------------------------------- */
/* mp_obj_new_tuple/list/dict/set, mp_obj_set_store, mp_obj_list_append,
 * mp_obj_dict_store, mp_obj_new_slice: see obj.h */

/* ---- functions and calls (26..29, 43, 44) --------------------------- */
struct _mp_raw_code_t;
mp_obj_t mp_make_function_from_proto_fun(const void *proto_fun,
    const mp_module_context_t *context, const mp_obj_t *def_args);
/* The machine-code half of mp_make_function_from_proto_fun (native.md 4.3):
 * rc is a native, viper or asm raw code, possibly the truncated natmod record
 * of objects.md 4.8 (types/fun_native.c). */
mp_obj_t mp_make_native_function(const struct _mp_raw_code_t *rc,
    const mp_module_context_t *context, const mp_obj_t *def_args);
mp_obj_t mp_call_function_0(mp_obj_t fun);
mp_obj_t mp_call_function_1(mp_obj_t fun, mp_obj_t arg);
mp_obj_t mp_call_function_2(mp_obj_t fun, mp_obj_t arg1, mp_obj_t arg2);
mp_obj_t mp_call_function_n_kw(mp_obj_t fun, size_t n_args, size_t n_kw,
    const mp_obj_t *args);
/* the function-table form: n_args_kw = n_args | n_kw << 8 */
mp_obj_t mp_native_call_function_n_kw(mp_obj_t fun, size_t n_args_kw, const mp_obj_t *args);
mp_obj_t mp_call_method_n_kw(size_t n_args, size_t n_kw, const mp_obj_t *args);
mp_obj_t mp_call_method_n_kw_var(bool have_self, size_t n_args_n_kw, const mp_obj_t *args);
mp_obj_t mp_call_function_1_protected(mp_obj_t fun, mp_obj_t arg);
void mp_arg_check_num_sig(size_t n_args, size_t n_kw, uint32_t sig);
void mp_arg_check_num(size_t n_args, size_t n_kw, size_t n_args_min, size_t n_args_max,
    bool takes_kw);
void mp_arg_parse_all(size_t n_pos, const mp_obj_t *pos, mp_map_t *kws, size_t n_allowed,
    const mp_arg_t *allowed, mp_arg_val_t *out_vals);
void mp_arg_parse_all_kw_array(size_t n_pos, size_t n_kw, const mp_obj_t *args,
    size_t n_allowed, const mp_arg_t *allowed, mp_arg_val_t *out_vals);

/* Call arguments with * and ** spliced, as prepared for a call. */
typedef struct _mp_call_args_t {
    mp_obj_t fun;
    size_t n_args, n_kw, n_alloc;
    mp_obj_t *args;
} mp_call_args_t;
void mp_call_prepare_args_n_kw_var(bool have_self, size_t n_args_n_kw, const mp_obj_t *args,
    mp_call_args_t *out_args);

/* ---- iteration (30, 31) -------------------------------------------- */
mp_obj_t mp_getiter(mp_obj_t o, mp_obj_iter_buf_t *iter_buf); /* iter_buf may be NULL */
mp_obj_t mp_iternext(mp_obj_t o);        /* MP_OBJ_STOP_ITERATION when done */
mp_obj_t mp_iternext_allow_raise(mp_obj_t o); /* may raise StopIteration */
/* function-table forms working on a 4-word stack iterator */
mp_obj_t mp_native_getiter(mp_obj_t obj, mp_obj_iter_buf_t *iter);
mp_obj_t mp_native_iternext(mp_obj_iter_buf_t *iter);
mp_obj_t mp_identity(mp_obj_t self); /* iter of an iterator */
mp_obj_t mp_identity_getiter(mp_obj_t self, mp_obj_iter_buf_t *iter_buf);
/* generic iterator over anything with __getitem__ */
mp_obj_t mp_obj_new_getitem_iter(mp_obj_t *args, mp_obj_iter_buf_t *iter_buf);

/* ---- exceptions (34, 55) ------------------------------------------- */
_Noreturn void mp_raise(mp_obj_t exc); /* nlr_jump with an instance; class instantiated */
void mp_native_raise(mp_obj_t o);       /* function-table entry: NULL/None is a no-op */
_Noreturn void mp_raise_msg(const mp_obj_type_t *exc_type, const char *msg);
_Noreturn void mp_raise_msg_varg(const mp_obj_type_t *exc_type, const char *fmt, ...);
_Noreturn void mp_raise_ValueError(const char *msg);
_Noreturn void mp_raise_TypeError(const char *msg);
_Noreturn void mp_raise_NotImplementedError(const char *msg);
_Noreturn void mp_raise_OSError(int errno_);
_Noreturn void mp_raise_StopIteration(mp_obj_t arg);
_Noreturn void mp_raise_recursion_depth(void);
/* MemoryError without allocating (uses a preallocated instance) */
_Noreturn void mp_raise_memory_error(void);
/* mp_init's preallocated MemoryError instance (types/exception.c) */
mp_obj_t mp_obj_exception_new_preallocated_memory_error(void);
mp_obj_t mp_obj_new_exception(const mp_obj_type_t *exc_type);
mp_obj_t mp_obj_new_exception_arg1(const mp_obj_type_t *exc_type, mp_obj_t arg);
mp_obj_t mp_obj_new_exception_args(const mp_obj_type_t *exc_type, size_t n_args,
    const mp_obj_t *args);
mp_obj_t mp_obj_new_exception_msg(const mp_obj_type_t *exc_type, const char *msg);
mp_obj_t mp_obj_new_exception_msg_varg(const mp_obj_type_t *exc_type, const char *fmt, ...);
bool mp_obj_is_exception_type(mp_obj_t self_in);
bool mp_obj_is_exception_instance(mp_obj_t self_in);
bool mp_obj_exception_match(mp_obj_t exc, mp_const_obj_t exc_type);
mp_obj_t mp_obj_exception_get_value(mp_obj_t self_in); /* args[0] or None */
void mp_obj_exception_clear_traceback(mp_obj_t self_in);
/* append one traceback entry (file, line, block name) */
void mp_obj_exception_add_traceback(mp_obj_t self_in, qstr file, size_t line, qstr block);
void mp_obj_exception_get_traceback(mp_obj_t self_in, size_t *n, size_t **values);
/* Exceptions whose class is e.g. KeyError print "KeyError: 'k'"; see exc.c */

/* ---- imports (35..37) ---------------------------------------------- */
mp_obj_t mp_import_name(qstr name, mp_obj_t fromlist, mp_obj_t level);
mp_obj_t mp_import_from(mp_obj_t module, qstr name);
void mp_import_all(mp_obj_t module);
mp_obj_t mp_builtin___import__(size_t n_args, const mp_obj_t *args);
/* find a built-in module (sys, gc, math, ...) or MP_OBJ_NULL */
mp_obj_t mp_module_get_builtin(qstr module_name);
void mp_module_register(qstr name, mp_obj_t module); /* sys.modules[name] = module */
/* Load the .mpy file at file_path into `module` (its globals already hold
 * __name__ and __file__). Returns false if .mpy loading is not available,
 * in which case the import fails with ImportError. (core/import.c; .mpy
 * loading is the next issue's work.) */
bool mp_import_try_mpy(const char *file_path, mp_obj_t module);

/* ---- unpacking (39, 40) -------------------------------------------- */
void mp_unpack_sequence(mp_obj_t seq, size_t num, mp_obj_t *items);
void mp_unpack_ex(mp_obj_t seq, size_t num, mp_obj_t *items);

/* ---- generators (48) ----------------------------------------------- */
typedef enum {
    MP_VM_RETURN_NORMAL,
    MP_VM_RETURN_YIELD,
    MP_VM_RETURN_EXCEPTION,
} mp_vm_return_kind_t;
/* resume a generator (bytecode or native) or any iterator:
 * send_val or throw_val (exactly one non-NULL); *ret_val gets the result */
mp_vm_return_kind_t mp_resume(mp_obj_t self_in, mp_obj_t send_value, mp_obj_t throw_value,
    mp_obj_t *ret_val);
bool mp_native_yield_from(mp_obj_t gen, mp_obj_t send_value, mp_obj_t *ret_value);

/* ---- native-value conversions (3, 4) ------------------------------- */
mp_uint_t mp_native_from_obj(mp_obj_t obj, mp_uint_t type);
mp_obj_t mp_native_to_obj(mp_uint_t val, mp_uint_t type);

/* __build_class__(func, name, *bases, metaclass=...) lives with the class
 * machinery in types/type.c */
extern const mp_obj_fun_builtin_var_t mp_builtin___build_class___obj;

/* ---- builtins module and friends (modules/) ------------------------ */
extern const mp_obj_module_t mp_module_builtins;
mp_obj_t mp_builtin_lookup(qstr name); /* MP_OBJ_NULL if absent */
/* names assigned into the builtins module, looked up before the built-in
 * table (modules/builtins.c); NULL if none and !create */
mp_obj_dict_t *mp_builtins_override_dict(bool create);
/* math and cmath (numbers, modules/mod_math.c); moduletable.c returns them */
extern const mp_obj_module_t mp_module_math;
extern const mp_obj_module_t mp_module_cmath;
/* Run the callbacks queued by micropython.schedule() (modules/mod_micropython.c).
 * Cheap when nothing is queued; the VM should call it at safe points (for
 * example on backward jumps); the CLI also calls it after each top-level run. */
void mp_handle_pending(void);
/* Nonzero while mp_handle_pending() has work (a scheduled callback, or a
 * Ctrl-C to raise as KeyboardInterrupt): the VM can test this flag cheaply
 * and call mp_handle_pending() only when it is set. */
extern volatile int mp_sched_pending;
/* Limit execution to n pending checks (backward jumps and Python calls), then
 * raise RuntimeError("execution budget exhausted"); 0 = no limit. Used by the
 * load-then-run fuzz target so hostile code cannot hang it. */
void mp_set_budget(size_t n);
/* Ask for a KeyboardInterrupt at the next mp_handle_pending(); safe to call
 * from a signal handler. Returns 0 if one was already pending (the host may
 * then stop the process: the code is not reaching a safe point). */
int mp_sched_keyboard_interrupt(void);
/* print(...) writes here; sys.stdout redirection hooks in */
void mp_hal_stdout_tx_strn(const char *str, size_t len);
void mp_hal_stderr_tx_strn(const char *str, size_t len);

/* ---- maps (core/map.c) --------------------------------------------- */
void mp_map_init(mp_map_t *map, size_t n);
void mp_map_init_fixed_table(mp_map_t *map, size_t n, const mp_obj_t *table);
void mp_map_deinit(mp_map_t *map);
void mp_map_clear(mp_map_t *map);
mp_map_elem_t *mp_map_lookup(mp_map_t *map, mp_obj_t index, mp_map_lookup_kind_t lookup_kind);
mp_obj_t mp_map_first_or_null(mp_map_t *map); /* unused */
static inline bool mp_map_slot_is_filled(const mp_map_t *map, size_t pos) {
    return map->table[pos].key != MP_OBJ_NULL && map->table[pos].key != MP_OBJ_SENTINEL;
}
/* sets share the same open-addressing scheme */
typedef struct _mp_set_t {
    size_t alloc;
    size_t used;
    mp_obj_t *table;
} mp_set_t;
void mp_set_init(mp_set_t *set, size_t n);
mp_obj_t mp_set_lookup(mp_set_t *set, mp_obj_t index, mp_map_lookup_kind_t lookup_kind);
mp_obj_t mp_set_remove_first(mp_set_t *set);
void mp_set_clear(mp_set_t *set);
static inline bool mp_set_slot_is_filled(const mp_set_t *set, size_t pos) {
    return set->table[pos] != MP_OBJ_NULL && set->table[pos] != MP_OBJ_SENTINEL;
}

/* ---- classes (types/type.c) ---------------------------------------- */
/* type(name, bases, dict) and class statements */
mp_obj_t mp_obj_new_type(qstr name, mp_obj_t bases_tuple, mp_obj_t locals_dict);
bool mp_obj_is_instance_type(const mp_obj_type_t *type);
bool mp_obj_is_native_exception_instance(mp_obj_t self_in);
mp_obj_t mp_obj_instance_cast_to_native_base(mp_obj_t self_in, mp_const_obj_t native_type);
/* the attribute map of an instance of a Python class (types/type.c) */
mp_map_t *mp_obj_instance_members(mp_obj_t self_in);
/* is o a class: an instance of type or of a metaclass derived from type? */
bool mp_obj_is_class(mp_const_obj_t o);
/* x.__getitem__/__setitem__/__delitem__/__len__/__contains__/__iter__ of a
 * native object whose type implements them as slots (types/type.c) */
bool mp_obj_native_special_method(mp_obj_t obj, qstr attr, mp_obj_t *dest);
/* look up a special method on an instance's class; MP_OBJ_NULL if absent */
mp_obj_t mp_obj_class_lookup_special(mp_obj_t self, qstr attr);

/* ---- source compilation entry (compile/, present in compiler builds) */
/* Parse+compile source text; returns a function object for the module
 * body, bound to `globals`. Raises SyntaxError. */
mp_obj_t mp_compile_source(const char *src, size_t len, qstr source_file, bool is_repl,
    mp_obj_dict_t *globals);
/* Compile modes for mp_compile_source_mode (compile()'s 'exec', 'eval', 'single').
 * Added by modules-cli for eval()/exec()/compile(). */
typedef enum {
    MP_COMPILE_MODE_EXEC = 0,   /* a module: same as mp_compile_source(..., false, ...) */
    MP_COMPILE_MODE_EVAL = 1,   /* one expression: the function returns its value */
    MP_COMPILE_MODE_SINGLE = 2, /* one REPL input: same as mp_compile_source(..., true, ...) */
} mp_compile_mode_t;
/* Like mp_compile_source, with a mode. Implemented by the compiler
 * (compile/compile_source.c). Raises SyntaxError. */
mp_obj_t mp_compile_source_mode(const char *src, size_t len, qstr source_file,
    mp_compile_mode_t mode, mp_obj_dict_t *globals);
/* run a module body function with the given globals as locals and globals */
mp_obj_t mp_exec_module_fun(mp_obj_t module_fun, mp_obj_dict_t *globals);

#endif
