/*
 * The `mica` command: MicroPython unix-port conventions, which test runners
 * rely on.
 *
 *   mica [options] FILE.py [args]   run a script (sys.path[0] = its directory)
 *   mica [options] -c CODE [args]   run CODE ('' first on sys.path)
 *   mica [options] -m MODULE [args] import MODULE ('' first on sys.path)
 *   mica [options]                  REPL if stdin is a terminal, else run stdin
 *
 * Exit status as CPython: 0, 1 after an uncaught exception (traceback on
 * stderr), the SystemExit code, 2 for a script that cannot be read or a bad
 * command line.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mica.h"
#include "core/runtime.h"
#include "modules/modules.h"

#define EXIT_USAGE (2)

typedef struct _options_t {
    size_t heap_bytes;
    int opt_level;
    int emit_native; /* 0 bytecode, 1 native, 2 viper */
    int verbose;
    bool inspect;    /* -i */
    const char *code;   /* -c */
    const char *module; /* -m */
    const char *script; /* FILE.py ("-" = stdin) */
    int rest_index;     /* first argv entry after the program (its arguments) */
} options_t;

static const char usage_text[] =
    "usage: mica [options] [-c cmd | -m mod | file | -] [arg ...]\n"
    "Options:\n"
    "  -c cmd     run the program given as a string\n"
    "  -m mod     import module mod (searched on sys.path)\n"
    "  -i         start the REPL after running the program\n"
    "  -O[N]      optimisation level: -O, -OO, ... or -O<N>\n"
    "  -v         verbose (repeat for more)\n"
    "  -h         show this help\n"
    "  -X heapsize=N[k|m]  size of the Python heap (default 4m)\n"
    "  -X emit=bytecode|native|viper  code emitter for compiled source\n"
    "Environment:\n"
    "  MICROPYPATH     colon-separated directories added to sys.path\n"
    "  MICA_GC_STRESS  1 = collect garbage before every allocation (testing)\n";

static int usage_error(const char *fmt, const char *arg) {
    fputs("mica: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n", stderr);
    fputs(usage_text, stderr);
    return EXIT_USAGE;
}

/* N, Nk or Nm; 0 if malformed */
static size_t parse_size(const char *s) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || end == s) {
        return 0;
    }
    if (*end == 'k' || *end == 'K') {
        v *= 1024;
        end++;
    } else if (*end == 'm' || *end == 'M') {
        v *= 1024 * 1024;
        end++;
    }
    if (*end != '\0' || v > (unsigned long long)SIZE_MAX / 2) {
        return 0;
    }
    return (size_t)v;
}

static int parse_x_option(options_t *o, const char *arg) {
    if (strncmp(arg, "heapsize=", 9) == 0) {
        size_t n = parse_size(arg + 9);
        if (n < 16 * 1024) {
            return usage_error("invalid heap size: %s (at least 16k)", arg + 9);
        }
        o->heap_bytes = n;
    } else if (strcmp(arg, "emit=bytecode") == 0) {
        o->emit_native = 0;
    } else if (strcmp(arg, "emit=native") == 0) {
        o->emit_native = 1;
    } else if (strcmp(arg, "emit=viper") == 0) {
        o->emit_native = 2;
    } else {
        return usage_error("unknown -X option: %s", arg);
    }
    return 0;
}

/* Returns 0, or an exit status for -h / a bad command line (-1 = -h). */
static int parse_args(options_t *o, int argc, char **argv) {
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            o->script = a;
            i++;
            break;
        }
        if (strcmp(a, "--") == 0) {
            if (i + 1 < argc) {
                o->script = argv[++i];
                i++;
            }
            break;
        }
        if (strcmp(a, "-c") == 0 || strcmp(a, "-m") == 0) {
            if (i + 1 >= argc) {
                return usage_error("option %s needs an argument", a);
            }
            if (a[1] == 'c') {
                o->code = argv[i + 1];
            } else {
                o->module = argv[i + 1];
            }
            i += 2;
            break;
        }
        if (strcmp(a, "-X") == 0 || strncmp(a, "-X", 2) == 0) {
            const char *x = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
            if (x == NULL) {
                return usage_error("option %s needs an argument", "-X");
            }
            int r = parse_x_option(o, x);
            if (r != 0) {
                return r;
            }
            continue;
        }
        if (a[1] == 'O') {
            if (a[2] >= '0' && a[2] <= '9') {
                o->opt_level = atoi(a + 2);
            } else {
                const char *p = a + 1;
                while (*p == 'O') {
                    p++;
                }
                if (*p != '\0') {
                    return usage_error("unknown option: %s", a);
                }
                o->opt_level = (int)(p - (a + 1));
            }
            continue;
        }
        /* clusters of single-letter flags: -v, -vv, -i, -h */
        for (const char *p = a + 1; *p; p++) {
            if (*p == 'v') {
                o->verbose++;
            } else if (*p == 'i') {
                o->inspect = true;
            } else if (*p == 'h') {
                return -1;
            } else {
                return usage_error("unknown option: %s", a);
            }
        }
    }
    o->rest_index = i;
    return 0;
}

/* ---- reporting results ------------------------------------------------- */

static bool saw_system_exit;

/* Turn a run's result into an exit status, printing what needs printing. */
static int report(mica_t *m, int result) {
    const char *text = mica_last_error(m);
    if (result == MICA_EXIT) {
        saw_system_exit = true;
    }
    switch (result) {
        case MICA_OK:
            return 0;
        case MICA_EXIT:
            if (*text) {
                fflush(stdout);
                fputs(text, stderr);
            }
            return mica_exit_code(m);
        case MICA_ERROR_IO:
            fflush(stdout);
            fprintf(stderr, "mica: %s", text);
            return EXIT_USAGE;
        default:
            fflush(stdout);
            fputs(text, stderr);
            return 1;
    }
}

/* ---- sys.path and sys.argv ----------------------------------------------- */

/* sys.path = [first] + MICROPYPATH entries */
static int setup_path(mica_t *m, const char *first) {
    if (mica_sys_path_clear(m) != MICA_OK || mica_sys_path_append(m, first) != MICA_OK) {
        return MICA_ERROR;
    }
    const char *env = getenv("MICROPYPATH");
    if (env == NULL) {
        return MICA_OK;
    }
    char *copy = strdup(env);
    if (copy == NULL) {
        return MICA_ERROR;
    }
    int result = MICA_OK;
    for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir != NULL;
         dir = strtok_r(NULL, ":", &save)) {
        if ((result = mica_sys_path_append(m, dir)) != MICA_OK) {
            break;
        }
    }
    free(copy);
    return result;
}

/* the directory part of a script path ("" when it has none) */
static char *script_dir(const char *path) {
    const char *slash = strrchr(path, '/');
    if (slash == NULL) {
        return strdup("");
    }
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *dir = malloc(n + 1);
    if (dir != NULL) {
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    return dir;
}

/* sys.argv = [argv0] + argv[rest..] */
static int setup_argv(mica_t *m, const char *argv0, int argc, char **argv, int rest) {
    int n = argc - rest + 1;
    const char **list = malloc(sizeof(char *) * (size_t)n);
    if (list == NULL) {
        return MICA_ERROR;
    }
    list[0] = argv0;
    for (int i = 1; i < n; i++) {
        list[i] = argv[rest + i - 1];
    }
    int result = mica_set_argv(m, n, list);
    free(list);
    return result;
}

/* ---- REPL ----------------------------------------------------------------- */

static volatile sig_atomic_t interrupted;

/* While waiting for REPL input: Ctrl-C cancels the line. */
static void on_sigint_input(int sig) {
    interrupted = 1;
}

/* While code runs: Ctrl-C becomes a KeyboardInterrupt at the runtime's next
 * safe point (mp_handle_pending). A second Ctrl-C before that point is
 * reached stops the process, so a program stuck in a loop can still be
 * killed. */
static void on_sigint_running(int sig) {
    if (!mp_sched_keyboard_interrupt()) {
        signal(SIGINT, SIG_DFL);
        raise(SIGINT);
    }
}

static void sigint_set(void (*handler)(int)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL); /* no SA_RESTART: a pending read returns EINTR */
}

static void sigint_for_input(bool on) {
    sigint_set(on ? on_sigint_input : on_sigint_running);
}

/* Append one line of stdin to *buf. 1 = got a line, 0 = EOF, -1 = Ctrl-C. */
static int read_line(char **buf, size_t *len, size_t *alloc) {
    sigint_for_input(true);
    int result = 0;
    for (;;) {
        if (*len + 2 > *alloc) {
            size_t bigger = *alloc ? 2 * *alloc : 256;
            char *p = realloc(*buf, bigger);
            if (p == NULL) {
                break;
            }
            *buf = p;
            *alloc = bigger;
        }
        errno = 0;
        int c = getchar();
        if (c == EOF) {
            if (interrupted || errno == EINTR) {
                clearerr(stdin);
                interrupted = 0;
                result = -1;
            } else {
                result = *len > 0 && (*buf)[*len - 1] != '\n' ? 1 : 0;
            }
            break;
        }
        (*buf)[(*len)++] = (char)c;
        if (c == '\n') {
            result = 1;
            break;
        }
    }
    if (*buf != NULL) {
        (*buf)[*len] = '\0';
    }
    sigint_for_input(false);
    return result;
}

static bool is_blank(const char *s) {
    for (; *s; s++) {
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') {
            return false;
        }
    }
    return true;
}

/* Returns -1 when the user leaves (Ctrl-D), or the SystemExit status. */
static int repl(mica_t *m) {
    if (isatty(0)) {
        printf("Mica %s (MicroPython %d.%d compatible) on linux\n"
            "Type Ctrl-D to exit.\n", MICA_VERSION, MICA_MP_COMPAT_MAJOR, MICA_MP_COMPAT_MINOR);
    }
    char *buf = NULL;
    size_t len = 0, alloc = 0;
    for (;;) {
        fputs(len == 0 ? ">>> " : "... ", stdout);
        fflush(stdout);
        int got = read_line(&buf, &len, &alloc);
        if (got < 0) {
            fputs("\nKeyboardInterrupt\n", stdout);
            len = 0;
            continue;
        }
        bool eof = got == 0;
        if (eof && len == 0) {
            fputs("\n", stdout);
            break;
        }
        if (!eof && mica_repl_needs_more(buf)) {
            continue;
        }
        if (!is_blank(buf)) {
            int result = mica_exec_repl(m, buf);
            if (result == MICA_EXIT) {
                free(buf);
                return report(m, result);
            }
            report(m, result);
            fflush(stdout);
        }
        len = 0;
        if (eof) {
            break;
        }
    }
    free(buf);
    return -1;
}

/* ---- running the program ------------------------------------------------- */

/* The whole of stdin as a NUL-terminated malloc'd string. */
static char *read_stdin(void) {
    size_t len = 0, alloc = 4096;
    char *buf = malloc(alloc);
    while (buf != NULL) {
        size_t n = fread(buf + len, 1, alloc - len - 1, stdin);
        len += n;
        if (n == 0) {
            break;
        }
        if (len + 1 == alloc) {
            char *p = realloc(buf, alloc * 2);
            if (p == NULL) {
                free(buf);
                return NULL;
            }
            buf = p;
            alloc *= 2;
        }
    }
    if (buf != NULL) {
        buf[len] = '\0';
    }
    return buf;
}

static void apply_options(const options_t *o) {
    mp_state.opt_level = o->opt_level;
    mp_state.emit_native = o->emit_native;
    mp_state.verbose = o->verbose;
    const char *stress = getenv("MICA_GC_STRESS");
    if (stress != NULL && stress[0] != '\0' && strcmp(stress, "0") != 0) {
        mp_state.gc_stress = true;
        gc_set_stress(true);
    }
    /* -X emit=native/viper: the compiler reads mp_state.emit_native and
     * raises NotImplementedError while it has no native emitter */
}

/* -m NAME: a NAME.py found along sys.path ('' and MICROPYPATH) runs as
 * __main__, as MicroPython does; anything else (a package, an .mpy file, a
 * built-in module) is imported normally. */
static int run_module(mica_t *m, const char *name) {
    size_t n = strlen(name);
    char *rel = malloc(n + 4);
    if (rel == NULL) {
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        rel[i] = name[i] == '.' ? '/' : name[i];
    }
    memcpy(rel + n, ".py", 4);
    const char *env = getenv("MICROPYPATH");
    char *dirs = strdup(env ? env : "");
    char *found = NULL;
    if (access(rel, R_OK) == 0) {
        found = strdup(rel);
    }
    for (char *save = NULL, *dir = dirs ? strtok_r(dirs, ":", &save) : NULL;
         found == NULL && dir != NULL; dir = strtok_r(NULL, ":", &save)) {
        char *path = malloc(strlen(dir) + n + 5);
        if (path == NULL) {
            break;
        }
        sprintf(path, "%s/%s", dir, rel);
        if (access(path, R_OK) == 0) {
            found = path;
        } else {
            free(path);
        }
    }
    free(dirs);
    free(rel);
    int status = report(m, found ? mica_exec_file(m, found) : mica_import(m, name));
    free(found);
    return status;
}

/* Set up sys.path/sys.argv and run the program; returns an exit status, or
 * -1 if there was nothing to run but a REPL. */
static int run_program(mica_t *m, const options_t *o, int argc, char **argv) {
    int status;
    if (o->script != NULL && strcmp(o->script, "-") != 0) {
        char *dir = script_dir(o->script);
        if (dir == NULL || setup_path(m, dir) != MICA_OK ||
            setup_argv(m, o->script, argc, argv, o->rest_index) != MICA_OK) {
            free(dir);
            return report(m, MICA_ERROR);
        }
        free(dir);
        return report(m, mica_exec_file(m, o->script));
    }
    const char *argv0 = o->code ? "-c" : o->module ? o->module : o->script ? "-" : "";
    if (setup_path(m, "") != MICA_OK ||
        setup_argv(m, argv0, argc, argv, o->rest_index) != MICA_OK) {
        return report(m, MICA_ERROR);
    }
    if (o->code != NULL) {
        return report(m, mica_exec_str(m, o->code, "<stdin>"));
    }
    if (o->module != NULL) {
        return run_module(m, o->module);
    }
    if (o->script == NULL && (isatty(0) || o->inspect)) {
        return -1; /* the REPL (-i forces it even on a pipe) */
    }
    char *src = read_stdin();
    if (src == NULL) {
        fputs("mica: out of memory reading stdin\n", stderr);
        return 1;
    }
    status = report(m, mica_exec_str(m, src, "<stdin>"));
    free(src);
    return status;
}

int main(int argc, char **argv) {
    /* the C stack above this frame holds no Python objects */
    volatile char stack_top;
    mp_stack_set_top((void *)&stack_top);

    options_t opts = {.heap_bytes = MICA_DEFAULT_HEAP_BYTES};
    int r = parse_args(&opts, argc, argv);
    if (r == -1) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (r != 0) {
        return r;
    }
    mp_sys_set_executable(argv[0]);
    mica_t *m = mica_new(opts.heap_bytes);
    if (m == NULL) {
        fprintf(stderr, "mica: cannot allocate a heap of %zu bytes\n", opts.heap_bytes);
        return 1;
    }
    apply_options(&opts);
    sigint_set(on_sigint_running);

    int status = run_program(m, &opts, argc, argv);
    /* the REPL: when there was no program, or after it with -i (but not
     * after SystemExit, which ends the session) */
    if (status < 0 || (opts.inspect && !saw_system_exit)) {
        int rs = repl(m);
        if (rs >= 0) {
            status = rs;
        } else if (status < 0) {
            status = 0;
        }
    }
    if (mica_run_atexit(m) != MICA_OK) {
        report(m, MICA_ERROR);
    }
    fflush(stdout);
    mica_free(m);
    return status;
}
