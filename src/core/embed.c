/*
 * The embedding API of include/mica.h, on top of the runtime: creating and
 * freeing the runtime, running source, files and REPL input with every
 * Python exception caught and turned into a status plus text, and setting
 * sys.argv / sys.path, running .mpy bytes (copied or in place) and
 * registering frozen modules. The `mica` command (cli/main.c) is built on it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "mica.h"
#include "core/config.h"
#include "core/runtime.h"
#include "persist/mpyload.h"
#include "persist/frozen.h"
#include "modules/modules.h"

struct mica {
    void *heap;           /* malloc'd heap, or NULL if the caller owns it */
    mp_obj_t main_globals; /* the __main__ dict (a GC root while we live) */
    char *error;          /* malloc'd text for mica_last_error() */
    size_t error_len, error_alloc;
    int exit_code;
};

static mica_t *current; /* the one live runtime */

/* ---- error text, kept outside the GC heap ------------------------------ */

static void error_clear(mica_t *m) {
    m->error_len = 0;
    if (m->error != NULL) {
        m->error[0] = '\0';
    }
}

static void error_add(void *data, const char *str, size_t len) {
    mica_t *m = data;
    if (m->error_len + len + 1 > m->error_alloc) {
        size_t alloc = 2 * (m->error_len + len + 1);
        char *p = realloc(m->error, alloc);
        if (p == NULL) {
            return; /* drop text rather than fail while reporting a failure */
        }
        m->error = p;
        m->error_alloc = alloc;
    }
    memcpy(m->error + m->error_len, str, len);
    m->error_len += len;
    m->error[m->error_len] = '\0';
}

static void error_add_str(mica_t *m, const char *s) {
    error_add(m, s, strlen(s));
}

/* Print an object or exception into the error text; printing runs Python
 * code (__str__/__repr__), which may itself raise. */
static void error_add_obj(mica_t *m, mp_obj_t o, bool as_exception) {
    mp_print_t print = {m, error_add};
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        if (as_exception) {
            mp_obj_print_exception(&print, o);
        } else {
            mp_obj_print_helper(&print, o, PRINT_STR);
            error_add_str(m, "\n");
        }
        nlr_pop();
    } else {
        error_add_str(m, "\n<exception raised while printing an exception>\n");
    }
}

/* ---- the C stack ---------------------------------------------------------- */

/* The GC scans the C stack from the current frame up to mp_state.stack_top,
 * so the top must be at least as high as the outermost frame that holds
 * Python objects. Every API entry raises it to its own frame if needed. */
static void stack_enter(volatile char *marker) {
    if (mp_state.stack_top == NULL || (uintptr_t)marker > (uintptr_t)mp_state.stack_top) {
        mp_stack_set_top((void *)marker);
    }
}

#define MICA_MAX_PY_STACK ((size_t)1024 * 1024)

/* Leave room below the limit for C code that runs after the last check
 * (printing, compiling, the GC's marking); sanitizer builds use far bigger
 * frames. */
static size_t default_stack_limit(void) {
    size_t total = 8 * 1024 * 1024;
    struct rlimit rl;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        rl.rlim_cur < (rlim_t)256 * 1024 * 1024) {
        total = (size_t)rl.rlim_cur;
    }
    size_t margin = total / 4;
#if defined(__SANITIZE_ADDRESS__)
    margin = total / 2;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    margin = total / 2;
#endif
#endif
    if (margin < 128 * 1024) {
        margin = 128 * 1024;
    }
    size_t limit = total > 2 * margin ? total - margin : total / 2;
    /* Python recursion gets at most 1 MiB (about 1500 calls, near CPython's
     * limit of 1000): runaway recursion then ends in RuntimeError before
     * its frames exhaust a small heap. */
    return limit < MICA_MAX_PY_STACK ? limit : MICA_MAX_PY_STACK;
}

/* ---- create and free ----------------------------------------------------- */

static mica_t *mica_create(void *heap, size_t heap_bytes, bool owned) {
    volatile char marker;
    if (current != NULL || heap == NULL) {
        return NULL;
    }
    mica_t *volatile m = calloc(1, sizeof(*m));
    if (m == NULL) {
        return NULL;
    }
    m->heap = owned ? heap : NULL;
    /* the GC wants block-aligned bounds */
    uintptr_t start = ((uintptr_t)heap + GC_BLOCK_BYTES - 1) & ~(uintptr_t)(GC_BLOCK_BYTES - 1);
    uintptr_t end = ((uintptr_t)heap + heap_bytes) & ~(uintptr_t)(GC_BLOCK_BYTES - 1);
    if (end <= start + 16 * GC_BLOCK_BYTES) {
        free(m);
        return NULL;
    }
    stack_enter(&marker); /* keeps a higher top the host set (e.g. in main) */
    mp_stack_set_limit(default_stack_limit());
    gc_init((void *)start, (void *)end);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_init();
        nlr_pop();
    } else {
        /* the heap is too small even for start-up */
        mp_deinit();
        gc_deinit();
        free(m);
        return NULL;
    }
    m->main_globals = MP_OBJ_FROM_PTR(mp_globals_get());
    gc_root_add((void **)&m->main_globals);
    /* the testing switch of the `mica` command works for every embedder,
     * so programs built on this API can be tested the same way */
    const char *stress = getenv("MICA_GC_STRESS");
    if (stress != NULL && stress[0] != '\0' && strcmp(stress, "0") != 0) {
        mp_state.gc_stress = true;
        gc_set_stress(true);
    }
    current = m;
    return m;
}

mica_t *mica_new(size_t heap_bytes) {
    if (heap_bytes == 0) {
        heap_bytes = MICA_DEFAULT_HEAP_BYTES;
    }
    void *heap = malloc(heap_bytes);
    mica_t *m = mica_create(heap, heap_bytes, true);
    if (m == NULL) {
        free(heap);
    }
    return m;
}

mica_t *mica_new_with_heap(void *heap, size_t heap_bytes) {
    return mica_create(heap, heap_bytes, false);
}

void mica_free(mica_t *m) {
    if (m == NULL || m != current) {
        return;
    }
    fflush(stdout);
    mp_module_sys_reset();
    mp_sched_reset();
    mp_frozen_reset();
    gc_root_remove((void **)&m->main_globals);
    mp_deinit();
    gc_deinit();
    free(m->heap);
    free(m->error);
    free(m);
    current = NULL;
}

void mica_set_stack_limit(mica_t *m, size_t bytes) {
    if (m != NULL) {
        mp_stack_set_limit(bytes);
    }
}

/* ---- running code with every exception caught ---------------------------- */

/* What a run does inside the protected region. */
typedef struct _run_job_t {
    const char *src;
    size_t len;
    const char *filename;
    mp_compile_mode_t mode; /* EXEC or SINGLE; EVAL means "import src" */
    /* .mpy jobs: src/len are the bytes (or reader is set), filename the
     * module name */
    bool is_mpy;
    const mica_reader_t *reader;
    bool in_place; /* .mpy bytes are permanent: load them in place */
} run_job_t;

#if MICA_PERSIST_LOAD
/* Load a .mpy (from memory or a reader) as module `name` and run its body;
 * "__main__" runs in the main globals. */
static void run_mpy_job(mica_t *m, const run_job_t *job) {
    qstr name = qstr_from_str(job->filename);
    mp_obj_dict_t *globals;
    bool is_main = name == MP_QSTR___main__;
    if (is_main) {
        globals = MP_OBJ_TO_PTR(m->main_globals);
    } else {
        mp_obj_t module = mp_obj_new_module(name);
        globals = mp_obj_module_get_globals(module);
        mp_module_register(name, module);
    }
    mp_compiled_module_t *cm;
    if (job->reader != NULL) {
        mp_mpy_reader_t r = {job->reader->data, job->reader->readbyte, job->reader->close};
        cm = mp_mpy_load_reader(&r, job->filename, globals);
    } else if (job->in_place) {
        cm = mp_mpy_load_rom((const byte *)job->src, job->len, job->filename, globals);
    } else {
        cm = mp_mpy_load_mem((const byte *)job->src, job->len, job->filename, globals);
    }
    mp_obj_t fun = mp_make_function_from_proto_fun(cm->rc, cm->context, NULL);
    mp_exec_module_fun(fun, globals);
    mp_handle_pending();
}
#endif

static void run_job(mica_t *m, const run_job_t *job) {
    if (job->is_mpy) {
#if MICA_PERSIST_LOAD
        run_mpy_job(m, job);
#else
        mp_raise_NotImplementedError("this build of Mica has no .mpy loader");
#endif
        return;
    }
    if (job->mode == MP_COMPILE_MODE_EVAL) {
        mp_import_name(qstr_from_str(job->src), mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
        return;
    }
#if MICA_ENABLE_COMPILER
    mp_obj_dict_t *globals = MP_OBJ_TO_PTR(m->main_globals);
    mp_obj_t fun = mp_compile_source(job->src, job->len, qstr_from_str(job->filename),
        job->mode == MP_COMPILE_MODE_SINGLE, globals);
    mp_exec_module_fun(fun, globals);
    mp_handle_pending();
#else
    mp_raise_NotImplementedError("this build of Mica has no compiler: only .mpy modules run");
#endif
}

/* SystemExit's status: None -> 0, int -> itself, anything else is printed
 * and gives 1 (as CPython does). */
static int system_exit_status(mica_t *m, mp_obj_t exc) {
    mp_obj_t code = mp_obj_exception_get_value(exc);
    if (code == mp_const_none) {
        return 0;
    }
    if (mp_obj_is_bool(code)) {
        return code == mp_const_true;
    }
    if (mp_obj_is_int(code)) {
        return (int)mp_obj_get_int_truncated(code);
    }
    error_add_obj(m, code, false);
    return 1;
}

static int handle_exception(mica_t *m, mp_obj_t exc) {
    nlr_buf_t nlr;
    volatile int status = MICA_ERROR;
    if (nlr_push(&nlr) == 0) {
        if (mp_obj_exception_match(exc, MP_OBJ_FROM_PTR(&mp_type_SystemExit))) {
            m->exit_code = system_exit_status(m, exc);
            status = MICA_EXIT;
        } else {
            error_add_obj(m, exc, true);
        }
        nlr_pop();
    } else {
        error_add_str(m, "<exception raised while handling an exception>\n");
    }
    return status;
}

static int protected_run(mica_t *m, const run_job_t *job) {
    volatile char marker;
    if (m == NULL || m != current) {
        return MICA_ERROR;
    }
    stack_enter(&marker);
    error_clear(m);
    m->exit_code = 0;
    int status = MICA_OK;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        run_job(m, job);
        nlr_pop();
    } else {
        status = handle_exception(m, MP_OBJ_FROM_PTR(nlr.ret_val));
    }
    /* an exception may have left another module's dicts current */
    mp_globals_set(MP_OBJ_TO_PTR(m->main_globals));
    mp_locals_set(MP_OBJ_TO_PTR(m->main_globals));
    return status;
}

int mica_exec_str(mica_t *m, const char *src, const char *filename) {
    run_job_t job = {src, strlen(src), filename ? filename : "<string>", MP_COMPILE_MODE_EXEC,
        false, NULL, false};
    return protected_run(m, &job);
}

int mica_exec_repl(mica_t *m, const char *src) {
    run_job_t job = {src, strlen(src), "<stdin>", MP_COMPILE_MODE_SINGLE, false, NULL, false};
    return protected_run(m, &job);
}

int mica_import(mica_t *m, const char *module_name) {
    run_job_t job = {module_name, strlen(module_name), NULL, MP_COMPILE_MODE_EVAL, false,
        NULL, false};
    return protected_run(m, &job);
}

int mica_exec_mpy(mica_t *m, const void *data, size_t len, const char *module_name) {
    run_job_t job = {data, len, module_name ? module_name : "__main__", MP_COMPILE_MODE_EXEC,
        true, NULL, false};
    return protected_run(m, &job);
}

int mica_exec_mpy_rom(mica_t *m, const void *data, size_t len, const char *module_name) {
    run_job_t job = {data, len, module_name ? module_name : "__main__", MP_COMPILE_MODE_EXEC,
        true, NULL, true};
    return protected_run(m, &job);
}

int mica_exec_mpy_reader(mica_t *m, const mica_reader_t *reader, const char *module_name) {
    if (reader == NULL || reader->readbyte == NULL) {
        return MICA_ERROR;
    }
    run_job_t job = {NULL, 0, module_name ? module_name : "__main__", MP_COMPILE_MODE_EXEC,
        true, reader, false};
    return protected_run(m, &job);
}

/* Read a whole file into malloc'd memory (NUL-terminated). */
static char *read_file(const char *path, size_t *len_out) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t alloc = 4096, len = 0;
    char *buf = malloc(alloc);
    while (buf != NULL) {
        len += fread(buf + len, 1, alloc - len - 1, f);
        if (len < alloc - 1) {
            break;
        }
        char *bigger = realloc(buf, alloc * 2);
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            errno = ENOMEM;
            break;
        }
        buf = bigger;
        alloc *= 2;
    }
    bool failed = buf == NULL || ferror(f);
    int saved_errno = errno;
    fclose(f);
    if (failed) {
        free(buf);
        errno = saved_errno ? saved_errno : EIO;
        return NULL;
    }
    buf[len] = '\0';
    *len_out = len;
    return buf;
}

/* globals['__file__'] = path, protected like everything else */
static int set_file_name(mica_t *m, const char *path) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_dict_store(m->main_globals, MP_OBJ_NEW_QSTR(MP_QSTR___file__),
            mp_obj_new_str_from_cstr(path));
        nlr_pop();
        return MICA_OK;
    }
    return handle_exception(m, MP_OBJ_FROM_PTR(nlr.ret_val));
}

int mica_exec_file(mica_t *m, const char *path) {
    volatile char marker;
    if (m == NULL || m != current) {
        return MICA_ERROR;
    }
    stack_enter(&marker);
    error_clear(m);
    size_t len;
    char *src = read_file(path, &len);
    if (src == NULL) {
        char msg[64];
        snprintf(msg, sizeof(msg), "': [Errno %d] ", errno);
        error_add_str(m, "can't open file '");
        error_add_str(m, path);
        error_add_str(m, msg);
        error_add_str(m, strerror(errno));
        error_add_str(m, "\n");
        return MICA_ERROR_IO;
    }
    int status = set_file_name(m, path);
    if (status == MICA_OK) {
        run_job_t job = {src, len, path, MP_COMPILE_MODE_EXEC, false, NULL, false};
        status = protected_run(m, &job);
    }
    free(src);
    return status;
}

int mica_run_atexit(mica_t *m) {
    if (m == NULL || m != current || mp_state.sys_exitfunc == MP_OBJ_NULL ||
        mp_state.sys_exitfunc == mp_const_none) {
        return MICA_OK;
    }
    volatile char marker;
    stack_enter(&marker);
    error_clear(m);
    mp_obj_t fun = mp_state.sys_exitfunc;
    mp_state.sys_exitfunc = mp_const_none; /* run once */
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_call_function_0(fun);
        nlr_pop();
        return MICA_OK;
    }
    return handle_exception(m, MP_OBJ_FROM_PTR(nlr.ret_val));
}

const char *mica_last_error(const mica_t *m) {
    return m != NULL && m->error != NULL ? m->error : "";
}

int mica_exit_code(const mica_t *m) {
    return m != NULL ? m->exit_code : 1;
}

/* ---- sys.argv and sys.path ---------------------------------------------- */

static int list_op(mica_t *m, mp_obj_t list, const char *const *items, size_t n, bool clear) {
    volatile char marker;
    if (m == NULL || m != current) {
        return MICA_ERROR;
    }
    stack_enter(&marker);
    error_clear(m);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        if (clear) {
            mp_obj_list_set_len(list, 0);
        }
        for (size_t i = 0; i < n; i++) {
            mp_obj_list_append(list, mp_obj_new_str_from_cstr(items[i]));
        }
        nlr_pop();
        return MICA_OK;
    }
    return handle_exception(m, MP_OBJ_FROM_PTR(nlr.ret_val));
}

int mica_set_argv(mica_t *m, int argc, const char *const *argv) {
    return list_op(m, mp_state.sys_argv, argv, argc < 0 ? 0 : (size_t)argc, true);
}

int mica_sys_path_clear(mica_t *m) {
    return list_op(m, mp_state.sys_path, NULL, 0, true);
}

int mica_sys_path_append(mica_t *m, const char *dir) {
    return list_op(m, mp_state.sys_path, &dir, 1, false);
}

/* ---- frozen modules ------------------------------------------------------- */

/* Is the frozen marker anywhere in sys.path? */
static bool path_has_frozen_marker(void) {
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(mp_state.sys_path, &n, &items);
    for (size_t i = 0; i < n; i++) {
        if (mp_obj_is_str(items[i])) {
            size_t len;
            const char *s = mp_obj_str_get_data(items[i], &len);
            if (len == MP_FROZEN_PATH_LEN && memcmp(s, MP_FROZEN_PATH, len) == 0) {
                return true;
            }
        }
    }
    return false;
}

/* sys.path gets ".frozen" after its first entry. MicroPython's ports start
 * sys.path with '' (or the script's directory) and then '.frozen' (docs:
 * the default path is ['', '.frozen', '/lib']), so a module next to the
 * script overrides a frozen one during development, while frozen modules
 * win over library directories. */
static void insert_frozen_marker(void) {
    mp_obj_t marker = mp_obj_new_str(MP_FROZEN_PATH, MP_FROZEN_PATH_LEN);
    mp_obj_list_append(mp_state.sys_path, marker);
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(mp_state.sys_path, &n, &items);
    if (n >= 3) {
        memmove(&items[2], &items[1], (n - 2) * sizeof(mp_obj_t));
        items[1] = marker;
    }
}

int mica_register_frozen(mica_t *m, const mica_frozen_module_t *table, size_t n) {
    volatile char marker;
    if (m == NULL || m != current) {
        return MICA_ERROR;
    }
    stack_enter(&marker);
    error_clear(m);
    if (table == NULL && n > 0) {
        error_add_str(m, "mica_register_frozen: NULL table\n");
        return MICA_ERROR;
    }
    if (!mp_frozen_register(table, n)) {
        error_add_str(m, "mica_register_frozen: too many frozen-module tables\n");
        return MICA_ERROR;
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        if (!path_has_frozen_marker()) {
            insert_frozen_marker();
        }
        nlr_pop();
        return MICA_OK;
    }
    return handle_exception(m, MP_OBJ_FROM_PTR(nlr.ret_val));
}

/* ---- REPL continuation ----------------------------------------------------- */

static bool starts_with_word(const char *s, const char *word) {
    size_t n = strlen(word);
    if (strncmp(s, word, n) != 0) {
        return false;
    }
    char c = s[n];
    return !(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             (c >= '0' && c <= '9'));
}

/* Does the first line open a compound statement (which only an empty line ends)? */
static bool is_compound_start(const char *s) {
    static const char *const keywords[] = {
        "if", "while", "for", "def", "class", "try", "with", "async",
    };
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    if (*s == '@') {
        return true;
    }
    for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
        if (starts_with_word(s, keywords[i])) {
            return true;
        }
    }
    return false;
}

/* Is the input's last line (the text after its last-but-one newline) empty? */
static bool last_line_blank(const char *src) {
    size_t i = strlen(src);
    if (i == 0 || src[i - 1] != '\n') {
        return false;
    }
    i--;
    while (i > 0 && (src[i - 1] == ' ' || src[i - 1] == '\t' || src[i - 1] == '\r')) {
        i--;
    }
    return i > 0 && src[i - 1] == '\n';
}

int mica_repl_needs_more(const char *src) {
    int depth = 0;
    char quote = 0;     /* ' or " while inside a string */
    bool triple = false;
    char last = 0;      /* last significant character outside strings/comments */
    for (const char *p = src; *p; p++) {
        char c = *p;
        if (quote) {
            if (c == '\\' && p[1]) {
                p++;
            } else if (triple && c == quote && p[1] == quote && p[2] == quote) {
                quote = 0;
                p += 2;
                last = c;
            } else if (!triple && c == quote) {
                quote = 0;
                last = c;
            } else if (!triple && c == '\n') {
                quote = 0; /* unterminated: let the compiler report it */
            }
            continue;
        }
        if (c == '#') {
            while (p[1] && p[1] != '\n') {
                p++;
            }
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            triple = p[1] == c && p[2] == c;
            if (triple) {
                p += 2;
            }
            continue;
        }
        if (c == '(' || c == '[' || c == '{') {
            depth++;
        } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
            depth--;
        }
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            last = c;
        }
        if (c == '\n' && last == '\\' && p[1] != '\0') {
            last = ' '; /* the backslash joined this line with the next one */
        }
    }
    if ((quote && triple) || depth > 0 || last == '\\') {
        return 1;
    }
    /* compound statement: wait for an empty line */
    if (is_compound_start(src) || last == ':') {
        return last_line_blank(src) ? 0 : 1;
    }
    return 0;
}
