/*
 * mica.h: the public API for embedding Mica in a C program.
 *
 * A program creates one runtime, runs Python source or imports modules in
 * it, reads back the text of an uncaught exception, and frees it:
 *
 *     mica_t *m = mica_new(1 << 20);          // 1 MiB Python heap
 *     if (mica_exec_str(m, "print(6 * 7)", "<embed>") != MICA_OK) {
 *         fputs(mica_last_error(m), stderr);
 *     }
 *     mica_free(m);
 *
 * Rules:
 *  - One runtime per process at a time (the interpreter state is global).
 *    After mica_free() a new one may be created.
 *  - Not thread safe: call from one thread.
 *  - Python's stdout/stderr are the process's stdout/stderr.
 *  - No Python object crosses this API; everything is C strings and ints.
 *  - Calls never longjmp into the caller: every Python exception is caught
 *    and reported through the return value and mica_last_error().
 *  - MICA_GC_STRESS=1 in the environment makes mica_new() set up a runtime
 *    that collects garbage before every allocation (for testing; slow).
 */
#ifndef MICA_H
#define MICA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MICA_VERSION "0.1.0"

typedef struct mica mica_t;

/* Results of the run functions. */
enum {
    MICA_OK = 0,       /* ran to completion */
    MICA_ERROR = 1,    /* an uncaught exception; mica_last_error() has the traceback */
    MICA_EXIT = 2,     /* SystemExit (sys.exit()); mica_exit_code() has the status */
    MICA_ERROR_IO = 3, /* a file could not be read; mica_last_error() says why */
};

/* Default heap size used by the `mica` command. */
#define MICA_DEFAULT_HEAP_BYTES ((size_t)4 * 1024 * 1024)

/* Create the runtime with a Python heap of heap_bytes (0 means
 * MICA_DEFAULT_HEAP_BYTES), allocated with malloc. Returns NULL if memory is
 * short (even start-up did not fit) or a runtime already exists. */
mica_t *mica_new(size_t heap_bytes);

/* Same, but the heap is the caller's buffer, which must stay valid until
 * mica_free(). */
mica_t *mica_new_with_heap(void *heap, size_t heap_bytes);

/* Destroy the runtime (NULL is ignored). Does not run sys.atexit functions:
 * call mica_run_atexit() first if wanted. */
void mica_free(mica_t *m);

/* Run source text as the __main__ module. `filename` is what tracebacks
 * show (e.g. "<embed>"). Returns MICA_OK, MICA_ERROR or MICA_EXIT. */
int mica_exec_str(mica_t *m, const char *src, const char *filename);

/* Read and run a .py file as __main__ (sets __file__). MICA_ERROR_IO if the
 * file cannot be read. */
int mica_exec_file(mica_t *m, const char *path);

/* Run one piece of interactive input as the REPL does: the values of
 * expression statements are printed with repr() (None is not printed). */
int mica_exec_repl(mica_t *m, const char *src);

/* Does this interactive input need more lines before it can run (an open
 * bracket or triple-quoted string, a trailing backslash, or a compound
 * statement not yet ended by an empty line)? 1 = yes, 0 = no. */
int mica_repl_needs_more(const char *src);

/* import NAME (dotted names allowed), searching sys.path. */
int mica_import(mica_t *m, const char *module_name);

/* Run a compiled module (.mpy 6.x bytes, e.g. in flash) as module NAME: it is
 * registered in sys.modules, so later imports find it ("__main__", or NULL,
 * runs it in the main namespace). The bytes are verified before anything
 * runs; a malformed file gives MICA_ERROR with a ValueError that names the
 * problem. The data is copied: it need only stay valid during the call. */
int mica_exec_mpy(mica_t *m, const void *data, size_t len, const char *module_name);

/* The same, reading the .mpy bytes through callbacks: readbyte returns the
 * next byte (0..255) or -1 at the end; close (may be NULL) is called once
 * after the last byte. */
typedef struct mica_reader {
    void *data;
    int (*readbyte)(void *data);
    void (*close)(void *data);
} mica_reader_t;
int mica_exec_mpy_reader(mica_t *m, const mica_reader_t *reader, const char *module_name);

/* Run a compiled module in place, e.g. straight from flash or a const
 * array: like mica_exec_mpy, but the bytes are NOT copied. Bytecode and the
 * data of str/bytes constants are used where they lie, so the Python heap
 * holds only the per-function records, the qstr and constant tables and the
 * object headers. The bytes are still verified before anything runs, and
 * machine code (native/viper) is still copied to executable memory.
 * The caller promises that data[0..len) never changes and stays valid until
 * mica_free() (functions, strings and bytes made from it may live that
 * long). */
int mica_exec_mpy_rom(mica_t *m, const void *data, size_t len, const char *module_name);

/* ---- frozen modules ----
 * `mica-mpy freeze -o frozen.c A.mpy pkg/__init__.mpy pkg/sub.mpy ...`
 * writes a C file that holds each .mpy as a const array plus a table of
 * these records (see its header comment for the symbol names):
 *
 *     extern const mica_frozen_module_t mica_frozen_modules[];
 *     extern const size_t mica_frozen_modules_count;
 *     mica_register_frozen(m, mica_frozen_modules, mica_frozen_modules_count);
 *
 * After that `import A`, `import pkg.sub` find them where the marker entry
 * ".frozen" stands in sys.path (as in MicroPython: removing the entry hides
 * the frozen modules; a file found earlier in sys.path wins). They are
 * loaded in place (as mica_exec_mpy_rom) and verified at import. A frozen
 * module's __file__ is ".frozen/A.py" (".frozen/pkg/__init__.py" for a
 * package, whose __path__ is ".frozen/pkg"). */
typedef struct mica_frozen_module {
    const char *name;          /* dotted module name; a package by its own name */
    const unsigned char *mpy;  /* the .mpy bytes: immutable, valid until mica_free() */
    size_t len;
    int is_package;            /* 1: these are the package's __init__ */
} mica_frozen_module_t;

/* Make the n modules of `table` importable (the table is kept by
 * reference). If sys.path has no ".frozen" entry yet, one is inserted after
 * its first entry (the script's directory or "", the place MicroPython's
 * ports give it), or appended to an empty sys.path. Tables are searched in
 * the order they were registered; up to 16 tables; registering the same
 * table again only updates its count. Registrations end with mica_free().
 * Returns MICA_OK, or MICA_ERROR (too many tables, or a NULL table with
 * n > 0). */
int mica_register_frozen(mica_t *m, const mica_frozen_module_t *table, size_t n);

/* Text of the last uncaught exception (traceback included, ends with a
 * newline), or of the SystemExit message / I/O problem; "" if the last run
 * succeeded. Valid until the next call on this runtime. */
const char *mica_last_error(const mica_t *m);

/* The process exit status asked for by the last SystemExit: 0 for
 * sys.exit() or sys.exit(None), n for sys.exit(n), 1 for anything else. */
int mica_exit_code(const mica_t *m);

/* sys.argv = argv[0..argc-1]. Returns MICA_OK or MICA_ERROR. */
int mica_set_argv(mica_t *m, int argc, const char *const *argv);

/* sys.path: remove every entry / append one directory ("" = the current
 * directory). Return MICA_OK or MICA_ERROR. */
int mica_sys_path_clear(mica_t *m);
int mica_sys_path_append(mica_t *m, const char *dir);

/* Bytes of C stack Python code may use before RuntimeError("maximum
 * recursion depth exceeded"). mica_new() picks a value from the process's
 * stack limit; embedders running on a small thread stack should lower it. */
void mica_set_stack_limit(mica_t *m, size_t bytes);

/* Run the function registered with sys.atexit(), if any. */
int mica_run_atexit(mica_t *m);

#ifdef __cplusplus
}
#endif

#endif /* MICA_H */
