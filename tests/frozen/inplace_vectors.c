/*
 * In-place loading against copied loading, on reference .mpy files.
 *
 *   inplace_vectors VECTORS/ref/NAME.mpy ...        (NAME.x64.mpy too)
 *
 * Each file is run twice, each time in a fresh runtime in a child process
 * (so a crash is a failure, not the end of the test), in a scratch
 * directory, as module NAME (as `mica -c "import NAME"` does):
 *   copy   mica_exec_mpy; its helper modules (ref/NAME.d) imported from
 *          that directory through sys.path, i.e. copied by the loader;
 *   rom    mica_exec_mpy_rom; the helpers registered as frozen modules
 *          (.x64.mpy helpers for an .x64.mpy file), so they load in place
 *          too, found through sys.path = ['.frozen'].
 * The two outputs must be identical and equal to exp/NAME.exp. Prints one
 * line per failure and `N passed, N failed`.
 *
 *   inplace_vectors --mem FILE.mpy ...
 *
 * Heap use of the GC heap, copied vs in place, after a collection: with
 * the loaded module held (load only), and after running its body as a
 * module (what stays alive: functions, classes, constants).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mica.h"
#include "core/runtime.h"
#include "persist/mpyload.h"

/* ---- files ---- */

static unsigned char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t alloc = 4096, n = 0;
    unsigned char *buf = malloc(alloc);
    size_t got;
    while (buf != NULL && (got = fread(buf + n, 1, alloc - n, f)) > 0) {
        n += got;
        if (n == alloc) {
            alloc *= 2;
            buf = realloc(buf, alloc);
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static bool ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* ---- the helper modules of a vector, as frozen-module records ---- */

#define MAX_HELPERS 64

typedef struct {
    mica_frozen_module_t mods[MAX_HELPERS];
    char *names[MAX_HELPERS];
    size_t n;
} helpers_t;

/* dir/rel: every .mpy (or .x64.mpy) below it becomes a record named by its
 * relative path: a/b.mpy -> a.b, a/__init__.mpy -> package a */
static void collect_helpers(helpers_t *h, const char *root, const char *rel, bool native) {
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s%s%s", root, rel[0] ? "/" : "", rel);
    DIR *d = opendir(dir);
    if (d == NULL) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL && h->n < MAX_HELPERS) {
        if (e->d_name[0] == '.') {
            continue;
        }
        char sub[4096], path[8192];
        snprintf(sub, sizeof(sub), "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        snprintf(path, sizeof(path), "%s/%s", root, sub);
        struct stat st;
        if (stat(path, &st) != 0) {
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            collect_helpers(h, root, sub, native);
            continue;
        }
        bool is_x64 = ends_with(sub, ".x64.mpy");
        if (!ends_with(sub, ".mpy") || is_x64 != native) {
            continue;
        }
        size_t len;
        unsigned char *data = read_all(path, &len);
        if (data == NULL) {
            continue;
        }
        char *name = strdup(sub);
        name[strlen(name) - (native ? 8 : 4)] = '\0';
        int is_package = 0;
        if (strcmp(name, "__init__") == 0 || ends_with(name, "/__init__")) {
            is_package = 1;
            size_t n = strlen(name) - strlen("__init__");
            name[n > 0 ? n - 1 : 0] = '\0';
        }
        for (char *p = name; *p; p++) {
            if (*p == '/') {
                *p = '.';
            }
        }
        h->names[h->n] = name;
        h->mods[h->n] = (mica_frozen_module_t){name, data, len, is_package};
        h->n++;
    }
    closedir(d);
}

/* ---- one run in a child process ---- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Runs the module in a fresh runtime in a child, in a scratch directory;
 * returns its stdout (malloc'd) plus a trailer if it failed or crashed. */
static char *run_child(const unsigned char *mpy, size_t len, const char *name,
    const char *helper_dir, const helpers_t *helpers, bool rom) {
    int fds[2];
    if (pipe(fds) != 0) {
        return strdup("<pipe failed>");
    }
    char scratch[] = "/tmp/inplace-XXXXXX";
    if (mkdtemp(scratch) == NULL) {
        return strdup("<mkdtemp failed>");
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 1);
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 2);
        if (chdir(scratch) != 0) {
            _exit(3);
        }
        alarm(120);
        mica_t *m = mica_new(0);
        if (m == NULL) {
            _exit(4);
        }
        mica_sys_path_clear(m);
        int status;
        if (rom) {
            if (mica_register_frozen(m, helpers->mods, helpers->n) != MICA_OK) {
                _exit(5);
            }
            status = mica_exec_mpy_rom(m, mpy, len, name);
        } else {
            if (helper_dir != NULL) {
                mica_sys_path_append(m, helper_dir);
            }
            status = mica_exec_mpy(m, mpy, len, name);
        }
        fflush(stdout);
        if (status != MICA_OK) {
            printf("<status %d>\n%s", status, mica_last_error(m));
        }
        fflush(stdout);
        mica_free(m);
        _exit(0);
    }
    close(fds[1]);
    size_t alloc = 4096, n = 0;
    char *out = malloc(alloc);
    ssize_t got;
    while ((got = read(fds[0], out + n, alloc - n - 1)) > 0) {
        n += (size_t)got;
        if (n + 1 >= alloc) {
            alloc *= 2;
            out = realloc(out, alloc);
        }
    }
    close(fds[0]);
    out[n] = '\0';
    int ws = 0;
    waitpid(pid, &ws, 0);
    nftw(scratch, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
        char trailer[64];
        snprintf(trailer, sizeof(trailer), "<child %s %d>\n",
            WIFSIGNALED(ws) ? "killed by signal" : "exit", WIFSIGNALED(ws) ? WTERMSIG(ws)
                                                                           : WEXITSTATUS(ws));
        out = realloc(out, n + strlen(trailer) + 1);
        strcpy(out + n, trailer);
    }
    return out;
}

/* first differing line, for the failure report */
static void show_diff(const char *what, const char *a, const char *b) {
    size_t line = 1;
    while (*a && *a == *b) {
        line += *a == '\n';
        a++;
        b++;
    }
    const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
    printf("    %s differ at line %zu:\n      %.*s\n      %.*s\n", what, line,
        (int)(ea ? ea - a : (long)strlen(a)), a, (int)(eb ? eb - b : (long)strlen(b)), b);
}

static int check_file(const char *path, bool verbose) {
    /* .../ref/NAME[.x64].mpy -> NAME, .../exp/NAME.exp, .../ref/NAME.d */
    bool native = ends_with(path, ".x64.mpy");
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t ref_len = (size_t)(base - path);
    char name[256];
    snprintf(name, sizeof(name), "%.*s", (int)(strlen(base) - (native ? 8 : 4)), base);
    char exp_path[4096], helper_dir[4096];
    snprintf(exp_path, sizeof(exp_path), "%.*s../exp/%s.exp", (int)ref_len, path, name);
    snprintf(helper_dir, sizeof(helper_dir), "%.*s%s.d", (int)ref_len, path, name);
    char abs_helpers[4096];
    bool has_helpers = realpath(helper_dir, abs_helpers) != NULL;

    size_t len, exp_len;
    unsigned char *mpy = read_all(path, &len);
    char *exp = (char *)read_all(exp_path, &exp_len);
    if (mpy == NULL || exp == NULL) {
        printf("FAIL %s: cannot read it or %s\n", path, exp_path);
        return 1;
    }
    exp = realloc(exp, exp_len + 1);
    exp[exp_len] = '\0';
    helpers_t h = {.n = 0};
    if (has_helpers) {
        collect_helpers(&h, abs_helpers, "", native);
    }
    char *copy = run_child(mpy, len, name, has_helpers ? abs_helpers : NULL, &h, false);
    char *rom = run_child(mpy, len, name, NULL, &h, true);
    int failed = 0;
    if (strcmp(copy, rom) != 0) {
        printf("FAIL %s: in-place output differs from copied output\n", path);
        show_diff("copy/rom", copy, rom);
        failed = 1;
    } else if (strcmp(rom, exp) != 0) {
        printf("FAIL %s: output differs from %s\n", path, exp_path);
        show_diff("exp/rom", exp, rom);
        failed = 1;
    } else if (verbose) {
        printf("ok   %s (%zu frozen helpers)\n", path, h.n);
    }
    for (size_t i = 0; i < h.n; i++) {
        free(h.names[i]);
        free((void *)h.mods[i].mpy);
    }
    free(copy);
    free(rom);
    free(mpy);
    free(exp);
    return failed;
}

/* ---- heap use ---- */

static void *held; /* the loaded module, kept alive through a GC root */

static size_t heap_used(void) {
    gc_collect();
    gc_info_t info;
    gc_info(&info);
    return info.used;
}

/* GC heap bytes that loading (and, if run, running) the file adds. */
static size_t measure(const unsigned char *mpy, size_t len, bool rom, bool run) {
    volatile char top;
    mica_t *m = mica_new(16 * 1024 * 1024);
    mp_stack_set_top((void *)&top); /* this frame holds no heap pointers */
    gc_root_add(&held);
    size_t before = heap_used();
    size_t after = before;
    if (run) {
        fflush(stdout);
        int saved = dup(1);
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        int status = rom ? mica_exec_mpy_rom(m, mpy, len, "measured")
                         : mica_exec_mpy(m, mpy, len, "measured");
        fflush(stdout);
        dup2(saved, 1);
        close(saved);
        close(devnull);
        if (status != MICA_OK) {
            fprintf(stderr, "inplace_vectors --mem: the module failed: %s", mica_last_error(m));
        }
        after = heap_used();
    } else {
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            mp_obj_t globals = mp_obj_new_dict(0);
            held = rom ? mp_mpy_load_rom(mpy, len, "measured", MP_OBJ_TO_PTR(globals))
                       : mp_mpy_load_mem(mpy, len, "measured", MP_OBJ_TO_PTR(globals));
            nlr_pop();
            after = heap_used();
        } else {
            fprintf(stderr, "inplace_vectors --mem: load failed\n");
        }
        held = NULL;
    }
    gc_root_remove(&held);
    mica_free(m);
    return after - before;
}

static int mem_report(int n, char **files) {
    printf("%-34s %7s | %-26s | %-26s\n", "file", "bytes", "load only: copy -> rom",
        "after run: copy -> rom");
    size_t tot[4] = {0, 0, 0, 0};
    for (int i = 0; i < n; i++) {
        size_t len;
        unsigned char *mpy = read_all(files[i], &len);
        if (mpy == NULL) {
            printf("%s: cannot read\n", files[i]);
            return 1;
        }
        size_t v[4] = {
            measure(mpy, len, false, false), measure(mpy, len, true, false),
            measure(mpy, len, false, true), measure(mpy, len, true, true),
        };
        const char *base = strrchr(files[i], '/');
        printf("%-34s %7zu | %7zu -> %7zu (-%4.1f%%) | %7zu -> %7zu (-%4.1f%%)\n",
            base ? base + 1 : files[i], len, v[0], v[1], 100.0 * (double)(v[0] - v[1]) / (double)v[0],
            v[2], v[3], 100.0 * (double)(v[2] - v[3]) / (double)v[2]);
        for (int k = 0; k < 4; k++) {
            tot[k] += v[k];
        }
        free(mpy);
    }
    printf("%-34s %7s | %7zu -> %7zu (-%4.1f%%) | %7zu -> %7zu (-%4.1f%%)\n", "total", "",
        tot[0], tot[1], 100.0 * (double)(tot[0] - tot[1]) / (double)tot[0], tot[2], tot[3],
        100.0 * (double)(tot[2] - tot[3]) / (double)tot[2]);
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--mem") == 0) {
        return mem_report(argc - 2, argv + 2);
    }
    bool verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
    int first = verbose ? 2 : 1;
    if (argc <= first) {
        fprintf(stderr, "usage: inplace_vectors [-v] REF/NAME.mpy ... | --mem FILE.mpy ...\n");
        return 2;
    }
    int passed = 0, failed = 0;
    for (int i = first; i < argc; i++) {
        if (check_file(argv[i], verbose)) {
            failed++;
        } else {
            passed++;
        }
    }
    printf("inplace: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
