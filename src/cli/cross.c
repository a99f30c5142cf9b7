/*
 * mica-cross: a drop-in for MicroPython's mpy-cross. Compiles Python source
 * to a .mpy 6.3 file with the same command line, defaults, exit codes and
 * error output shape:
 *
 *   mica-cross [options] FILE.py [FILE2.py ...]
 *     -o OUT          output file (default: input with .mpy); with -r, a folder
 *     -s NAME         source name stored in the file (default: the input path)
 *     -O<n>           optimisation level
 *     -X emit=bytecode|native|viper, -X no-source-lines, -X heapsize=N
 *     -march=ARCH     native architecture (for native/viper code)
 *     -msmall-int-bits=N
 *     -v              verbose
 *     --version       name the .mpy version written
 *     -               read source from stdin, write the .mpy to stdout
 *     -r DIR          compile every .py under DIR into -o OUTDIR (Mica extension),
 *                     skipping outputs newer than their source
 */
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/runtime.h"
#include "compile/ast.h"
#include "compile/compile.h"
#include "persist/mpyfmt.h"
#include "persist/mpysave.h"

typedef struct _cross_opts_t {
    const char *out;
    const char *source_name;
    int opt_level;
    int small_int_bits;
    int arch;
    mp_emit_opt_t emit;
    bool no_source_lines;
    int verbose;
} cross_opts_t;

static int usage(const char *prog) {
    printf("usage: %s [<opts>] [-X <implopt>] [--] <input filename>\n"
           "Options:\n"
           "--version : show version information\n"
           "-o : output file for compiled bytecode (defaults to input filename with .mpy extension)\n"
           "-s : source filename to embed in compiled output (defaults to input file)\n"
           "-v : verbose (trace various operations); can be multiple\n"
           "-O[N] : apply bytecode optimizations of level N\n"
           "-r DIR : compile every .py file under DIR into the folder given by -o\n"
           "\n"
           "Target specific options:\n"
           "-msmall-int-bits=number : set the maximum bits used to encode a small-int\n"
           "-march=<arch> : set architecture for native emitter;\n"
           "                x86, x64, armv6, armv6m, armv7m, armv7em, armv7emsp,\n"
           "                armv7emdp, xtensa, xtensawin, rv32imc, rv64imc, host, debug\n"
           "\n"
           "Implementation specific options:\n"
           "  emit={bytecode,native,viper} -- set the default code emitter\n"
           "  heapsize=<n> -- set the heap size for the GC (default 8m)\n"
           "  no-source-lines -- do not store line numbers\n", prog);
    return 1;
}

static bool read_all(FILE *f, vstr_t *buf) {
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        vstr_add_strn(buf, chunk, n);
    }
    return !ferror(f);
}

/* Compile one source text into .mpy bytes; returns false after printing the
 * error (traceback shape of mpy-cross) on stderr. */
static bool compile_one(const char *src, size_t len, const char *source_name,
    const char *input_path, const cross_opts_t *o, vstr_t *out) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        qstr file = qstr_from_str(source_name);
        mp_parse_opts_t popts = {
            .source_file = file,
            /* the input path counts as an existing qstr too (7.2) */
            .source_path = qstr_from_str(input_path),
            .small_int_bits = o->small_int_bits,
            .opt_level = o->opt_level,
            .is_repl = false,
            .emit_native = o->emit != MP_EMIT_OPT_BYTECODE,
        };
        mp_ast_t *root = mp_parse(src, len, &popts);
        mp_compile_opts_t copts = {
            .source_file = file,
            .opt_level = o->opt_level,
            .small_int_bits = o->small_int_bits,
            .emit = o->emit,
            .no_source_lines = o->no_source_lines,
            .is_repl = false,
        };
        mp_compiled_module_t *cm = mp_compile(root, &copts);
        if (cm->has_native && o->arch <= 0) {
            mp_raise_msg(&mp_type_SyntaxError, "invalid arch");
        }
        if (cm->has_native && o->arch != cm->arch) {
            /* the native emitter generates x64 code only */
            mp_raise_NotImplementedError("native code for this arch not supported yet");
        }
        mp_mpy_save(cm, o->small_int_bits, out);
        nlr_pop();
        return true;
    }
    mp_obj_print_exception(&mp_stderr_print, nlr.ret_val);
    return false;
}

static bool write_file(const char *path, const vstr_t *data) {
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (f == NULL) {
        fprintf(stderr, "mica-cross: can't open %s for writing: %s\n", path, strerror(errno));
        return false;
    }
    bool ok = fwrite(data->buf, 1, data->len, f) == data->len;
    if (f == stdout) {
        ok = fflush(f) == 0 && ok;
    } else {
        ok = fclose(f) == 0 && ok;
    }
    if (!ok) {
        fprintf(stderr, "mica-cross: error writing %s\n", path);
    }
    return ok;
}

static char *default_output(const char *input) {
    size_t n = strlen(input);
    char *out = malloc(n + 5);
    strcpy(out, input);
    if (n >= 3 && strcmp(out + n - 3, ".py") == 0) {
        out[n - 3] = '\0';
    }
    strcat(out, ".mpy");
    return out;
}

static bool compile_file(const char *input, const char *output, const char *source_name,
    const cross_opts_t *o) {
    vstr_t src;
    vstr_init(&src, 4096);
    FILE *f = strcmp(input, "-") == 0 ? stdin : fopen(input, "rb");
    if (f == NULL) {
        fprintf(stderr, "mica-cross: can't open %s: %s\n", input, strerror(errno));
        return false;
    }
    bool ok = read_all(f, &src);
    if (f != stdin) {
        fclose(f);
    }
    if (!ok) {
        fprintf(stderr, "mica-cross: error reading %s\n", input);
        return false;
    }
    vstr_t mpy;
    vstr_init(&mpy, 1024);
    if (!compile_one(src.buf, src.len, source_name, input, o, &mpy)) {
        return false;
    }
    if (o->verbose) {
        fprintf(stderr, "mica-cross: %s -> %s (%u bytes)\n", input, output, (unsigned)mpy.len);
    }
    ok = write_file(output, &mpy);
    vstr_clear(&src);
    vstr_clear(&mpy);
    gc_collect();
    return ok;
}

static bool newer(const char *a, const char *b) {
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0) {
        return false;
    }
    return sa.st_mtime > sb.st_mtime ||
        (sa.st_mtime == sb.st_mtime && sa.st_mtim.tv_nsec >= sb.st_mtim.tv_nsec);
}

/* -r: walk a package tree; the source name stored is the path relative to
 * the root, as for a module compiled from inside the tree. */
static int compile_tree(const char *root, const char *rel, const char *outdir,
    const cross_opts_t *o, int *n_done, int *n_skipped) {
    char dir[4200];
    snprintf(dir, sizeof(dir), "%s%s%s", root, *rel ? "/" : "", rel);
    DIR *d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "mica-cross: can't open folder %s: %s\n", dir, strerror(errno));
        return 1;
    }
    int errors = 0;
    struct dirent *e;
    bool tty = isatty(2);
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        char relpath[2048], inpath[4200], outpath[4200];
        snprintf(relpath, sizeof(relpath), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        snprintf(inpath, sizeof(inpath), "%s/%s", root, relpath);
        struct stat st;
        if (stat(inpath, &st) != 0) {
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            snprintf(outpath, sizeof(outpath), "%s/%s", outdir, relpath);
            mkdir(outpath, 0777);
            errors += compile_tree(root, relpath, outdir, o, n_done, n_skipped);
            continue;
        }
        size_t n = strlen(relpath);
        if (n < 3 || strcmp(relpath + n - 3, ".py") != 0) {
            continue;
        }
        snprintf(outpath, sizeof(outpath), "%s/%.*s.mpy", outdir, (int)(n - 3), relpath);
        if (newer(outpath, inpath)) {
            (*n_skipped)++;
            continue;
        }
        if (tty) {
            fprintf(stderr, "\rmica-cross: [%d] %s\033[K", *n_done + 1, relpath);
        }
        if (compile_file(inpath, outpath, relpath, o)) {
            (*n_done)++;
        } else {
            errors++;
        }
    }
    closedir(d);
    return errors;
}

static void set_heap_size(const char *s, size_t *heap) {
    char *end;
    double v = strtod(s, &end);
    if (*end == 'k' || *end == 'K') {
        v *= 1024;
    } else if (*end == 'm' || *end == 'M') {
        v *= 1024 * 1024;
    }
    if (v >= 64 * 1024) {
        *heap = (size_t)v;
    }
}

int main(int argc, char **argv) {
    int stack_dummy;
    cross_opts_t o = {.small_int_bits = MPY_DEFAULT_SMALL_INT_BITS, .arch = -1};
    const char *tree = NULL;
    size_t heap_size = 8 * 1024 * 1024;
    const char *inputs[256];
    int n_inputs = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--version") == 0) {
            printf("Mica %s; mica-cross emitting mpy v%d.%d\n", MICA_VERSION_STRING, MPY_VERSION,
                MPY_SUB_VERSION);
            return 0;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            return usage(argv[0]);
        } else if (strcmp(a, "-o") == 0 && i + 1 < argc) {
            o.out = argv[++i];
        } else if (strcmp(a, "-s") == 0 && i + 1 < argc) {
            o.source_name = argv[++i];
        } else if (strcmp(a, "-r") == 0 && i + 1 < argc) {
            tree = argv[++i];
        } else if (strcmp(a, "-v") == 0) {
            o.verbose++;
        } else if (strncmp(a, "-O", 2) == 0) {
            o.opt_level = a[2] ? atoi(a + 2) : 1;
            if (a[2] && !(a[2] >= '0' && a[2] <= '9')) {
                /* -OO style: count the O's, as mpy-cross does */
                o.opt_level = (int)strspn(a + 1, "O");
            }
        } else if (strncmp(a, "-march=", 7) == 0) {
            const char *name = a + 7;
            if (strcmp(name, "host") == 0) {
#if defined(__x86_64__)
                name = "x64";
#elif defined(__thumb2__)
                name = "armv7m";
#endif
            }
            o.arch = mpy_arch_from_name(name);
            if (o.arch < 0) {
                fprintf(stderr, "invalid arch\n");
                return usage(argv[0]);
            }
        } else if (strncmp(a, "-msmall-int-bits=", 17) == 0) {
            o.small_int_bits = atoi(a + 17);
            if (o.small_int_bits < 8 || o.small_int_bits > 63) {
                fprintf(stderr, "small-int bits must be between 8 and 63\n");
                return usage(argv[0]);
            }
        } else if (strcmp(a, "-X") == 0 && i + 1 < argc) {
            const char *x = argv[++i];
            if (strcmp(x, "emit=bytecode") == 0) {
                o.emit = MP_EMIT_OPT_BYTECODE;
            } else if (strcmp(x, "emit=native") == 0) {
                o.emit = MP_EMIT_OPT_NATIVE_PYTHON;
            } else if (strcmp(x, "emit=viper") == 0) {
                o.emit = MP_EMIT_OPT_VIPER;
            } else if (strcmp(x, "no-source-lines") == 0) {
                o.no_source_lines = true;
            } else if (strncmp(x, "heapsize=", 9) == 0) {
                set_heap_size(x + 9, &heap_size);
            } else {
                return usage(argv[0]);
            }
        } else if (strcmp(a, "--") == 0) {
            while (++i < argc && n_inputs < 256) {
                inputs[n_inputs++] = argv[i];
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage(argv[0]);
        } else if (n_inputs < 256) {
            inputs[n_inputs++] = a;
        }
    }
    if (n_inputs == 0 && tree == NULL) {
        return usage(argv[0]);
    }
    if (o.opt_level >= 3) {
        o.no_source_lines = true;
    }

    char *heap = malloc(heap_size);
    if (heap == NULL) {
        fprintf(stderr, "mica-cross: can't allocate the heap\n");
        return 1;
    }
    gc_init(heap, heap + heap_size);
    mp_stack_set_top(&stack_dummy);
    mp_stack_set_limit(1024 * 1024);
    mp_init();
    mp_state.opt_level = o.opt_level;

    int status = 0;
    if (tree != NULL) {
        if (o.out == NULL) {
            fprintf(stderr, "mica-cross: -r needs -o OUTDIR\n");
            return 1;
        }
        mkdir(o.out, 0777);
        int done = 0, skipped = 0;
        int errors = compile_tree(tree, "", o.out, &o, &done, &skipped);
        if (isatty(2)) {
            fprintf(stderr, "\r\033[K");
        }
        fprintf(stderr, "mica-cross: %d compiled, %d up to date, %d failed\n", done, skipped,
            errors);
        status = errors ? 1 : 0;
    }
    for (int i = 0; i < n_inputs; i++) {
        const char *in = inputs[i];
        const char *out = o.out;
        char *def = NULL;
        if (strcmp(in, "-") == 0) {
            out = out ? out : "-";
        } else if (out == NULL || n_inputs > 1) {
            out = def = default_output(in);
        }
        const char *name = o.source_name && n_inputs == 1 ? o.source_name :
            (strcmp(in, "-") == 0 ? "<stdin>" : in);
        if (!compile_file(in, out, name, &o)) {
            status = 1;
        }
        free(def);
    }
    mp_deinit();
    return status;
}
