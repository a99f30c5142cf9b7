/*
 * mica-mpy: tools for .mpy files.
 *
 *   mica-mpy info FILE.mpy     header, sizes and counts
 *   mica-mpy verify FILE.mpy   load with the verifying loader; exit 0 if the
 *                              file is well formed, 1 with the reason if not
 *   mica-mpy dis FILE.mpy      disassembly of every function, with line numbers;
 *                              machine-code functions (native, viper, asm) are
 *                              described (kind, size, prelude, scope flags,
 *                              relocations) and dumped in hex
 *   mica-mpy freeze [-o OUT.c] [--name-prefix P] [NAME=]FILE.mpy ...
 *                              verify every file, then write a C file with
 *                              their bytes and a frozen-module table for
 *                              mica_register_frozen() (include/mica.h)
 *   mica-mpy link [--arch x64] [-o OUT.mpy] [--qstrs CONFIG.h] [-v] OBJ.o ...
 *                              link a natmod's ELF objects into an .mpy
 *                              (src/natmod/link.h, natmod/build.py)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/runtime.h"
#include "core/funtable.h"
#include "core/nativecode.h"
#include "persist/mpyfmt.h"
#include "persist/mpyload.h"
#include "persist/mpyfreeze.h"
#if MICA_PERSIST_SAVE
#include "natmod/link.h" /* the `link` verb: natmod linker (src/natmod) */
#endif
#include "vm/bc.h"

#define MP_ARRAY_SIZE_(a) (sizeof(a) / sizeof((a)[0]))

static int usage(void) {
    fprintf(stderr, "usage: mica-mpy info|verify|dis FILE.mpy ...\n"
                    "       mica-mpy freeze [-o OUT.c] [--name-prefix P] [NAME=]FILE.mpy ...\n"
#if MICA_PERSIST_SAVE
                    "       mica-mpy link [--arch x64] [-o OUT.mpy] [--qstrs CONFIG.h] [-v] OBJ.o ...\n"
#endif
                    );
    return 2;
}

/* noinline: inlined into cmd_info, its FILE pointer would share a frame
 * with an nlr_push and GCC (ARM) warns it "might be clobbered" */
__attribute__((noinline)) static byte *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    vstr_t buf;
    vstr_init(&buf, 4096);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        vstr_add_strn(&buf, chunk, n);
    }
    fclose(f);
    *len = buf.len;
    return (byte *)buf.buf;
}

typedef struct _tree_stats_t {
    size_t n_raw_codes;
    size_t n_bytecode_bytes;
    size_t n_machine_codes;
    size_t n_machine_bytes;
    size_t max_depth;
} tree_stats_t;

static void count_tree(const mp_raw_code_t *rc, size_t depth, tree_stats_t *st) {
    st->n_raw_codes++;
    if (rc->kind == MP_CODE_BYTECODE) {
        st->n_bytecode_bytes += rc->fun_data_len;
    } else {
        st->n_machine_codes++;
        st->n_machine_bytes += rc->fun_data_len;
    }
    if (depth > st->max_depth) {
        st->max_depth = depth;
    }
    for (size_t i = 0; i < rc->n_children; i++) {
        count_tree(rc->children[i], depth + 1, st);
    }
}

static int cmd_info(const char *path) {
    size_t len;
    byte *data = read_file(path, &len);
    if (data == NULL) {
        fprintf(stderr, "mica-mpy: can't read %s\n", path);
        return 1;
    }
    if (len < 4 || data[0] != MPY_MAGIC) {
        printf("%s: not a .mpy file\n", path);
        return 1;
    }
    unsigned arch = (data[2] >> 2) & 0xf;
    printf("%s: %u bytes\n", path, (unsigned)len);
    printf("  version:        %u.%u%s\n", data[1], data[2] & 3,
        arch == 0 && (data[2] & 3) == 0 ? " (bytecode only: loads on any 6.x)" : "");
    printf("  architecture:   %s%s\n", mpy_arch_name(arch),
        data[2] & MPY_FEATURE_ARCH_FLAGS ? " (with arch flags)" : "");
    printf("  small-int bits: %u\n", data[3]);
    printf("  this runtime:   sys.implementation._mpy = 0x%x\n",
        (unsigned)mpy_sys_implementation_mpy());
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_compiled_module_t *cm = mp_mpy_load_mem(data, len, path,
            MP_OBJ_TO_PTR(mp_obj_new_dict(0)));
        tree_stats_t st = {0};
        count_tree(cm->rc, 1, &st);
        printf("  qstrs:          %u\n", (unsigned)cm->n_qstr);
        printf("  constants:      %u\n", (unsigned)cm->n_obj);
        printf("  functions:      %u (nesting depth %u)\n", (unsigned)st.n_raw_codes,
            (unsigned)st.max_depth);
        printf("  bytecode bytes: %u\n", (unsigned)st.n_bytecode_bytes);
        if (st.n_machine_codes > 0) {
            printf("  machine code:   %u functions, %u bytes\n", (unsigned)st.n_machine_codes,
                (unsigned)st.n_machine_bytes);
        }
        nlr_pop();
        return 0;
    }
    printf("  not loadable:   ");
    mp_obj_print_helper(&mp_plat_print, nlr.ret_val, PRINT_STR);
    printf("\n");
    return 1;
}

static int cmd_verify(const char *path) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_mpy_load_file(path, MP_OBJ_TO_PTR(mp_obj_new_dict(0)));
        nlr_pop();
        printf("%s: ok\n", path);
        return 0;
    }
    printf("%s: ", path);
    mp_obj_print_helper(&mp_plat_print, nlr.ret_val, PRINT_STR);
    printf("\n");
    return 1;
}

/* ---- freeze ---- */

static int freeze_fail(const char *fmt, const char *a, const char *b) {
    fprintf(stderr, "mica-mpy freeze: ");
    fprintf(stderr, fmt, a, b);
    fprintf(stderr, "\n");
    return 1;
}

static void print_to_file(void *data, const char *str, size_t len) {
    fwrite(str, 1, len, (FILE *)data);
}

/* Loads one input with the verifying loader (machine code included) and
 * prints the loader's message if it is refused. */
static bool freeze_verify(const mp_freeze_input_t *in) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_mpy_load_mem(in->data, in->len, in->path, MP_OBJ_TO_PTR(mp_obj_new_dict(0)));
        nlr_pop();
        return true;
    }
    fprintf(stderr, "mica-mpy freeze: %s: ", in->path);
    mp_print_t err_print = {stderr, print_to_file};
    mp_obj_print_helper(&err_print, nlr.ret_val, PRINT_STR);
    fprintf(stderr, "\n");
    return false;
}

/* mica-mpy freeze [-o OUT.c] [--name-prefix P] [NAME=]FILE.mpy ...: every
 * file is verified before anything is written; a bad one gives the
 * verifier's message and exit status 1 (2 for a usage error). */
static int freeze_with(mp_freeze_input_t *in, int argc, char **argv) {
    const char *out_path = NULL;
    const char *symbol = "mica_frozen";
    size_t n = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            out_path = argv[++i];
        } else if (strcmp(argv[i], "--name-prefix") == 0 && i + 1 < argc) {
            symbol = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return usage();
        } else {
            char *eq = strchr(argv[i], '=');
            in[n].path = eq ? eq + 1 : argv[i];
            if (eq) {
                in[n].name = strndup(argv[i], (size_t)(eq - argv[i]));
                in[n].explicit_name = true;
            }
            const char *slash = strrchr(in[n].path, '/');
            in[n].is_package = strcmp(slash ? slash + 1 : in[n].path, "__init__.mpy") == 0;
            n++;
        }
    }
    if (n == 0) {
        return usage();
    }
    if (!mp_freeze_is_c_identifier(symbol)) {
        return freeze_fail("--name-prefix '%s' is not a C identifier%s", symbol, "");
    }
    for (size_t i = 0; i < n; i++) {
        in[i].data = read_file(in[i].path, &in[i].len);
        if (in[i].data == NULL) {
            return freeze_fail("%s: cannot read the file%s", in[i].path, "");
        }
        if (!freeze_verify(&in[i])) {
            return 1;
        }
    }
    char *err = mp_freeze_name_inputs(in, n);
    if (err != NULL) {
        freeze_fail("%s%s", err, "");
        free(err);
        return 1;
    }
    FILE *out = out_path ? fopen(out_path, "w") : stdout;
    if (out == NULL) {
        return freeze_fail("cannot write %s%s", out_path, "");
    }
    mp_freeze_write_c(out, in, n, symbol);
    if (fflush(out) != 0 || ferror(out) || (out_path && fclose(out) != 0)) {
        if (out_path) {
            remove(out_path);
        }
        return freeze_fail("error writing %s%s", out_path ? out_path : "stdout", "");
    }
    return 0;
}

static int cmd_freeze(int argc, char **argv) {
    /* in the GC heap: the file buffers (read_file) are GC blocks that must
     * stay reachable while later inputs are loaded and collections run */
    mp_freeze_input_t *in = m_new0(mp_freeze_input_t, argc > 0 ? (size_t)argc : 1);
    int status = freeze_with(in, argc, argv);
    for (int i = 0; i < argc; i++) {
        free((char *)in[i].name); /* names are malloc'd */
    }
    m_free(in);
    return status;
}

static void print_lines(const mp_raw_code_t *rc, const mp_module_context_t *context) {
    mp_bytecode_prelude_t p;
    mp_bytecode_prelude_decode(rc->fun_data, &p);
    const byte *end = (const byte *)rc->fun_data + rc->fun_data_len;
    printf("  lines:");
    size_t last = 0;
    for (const byte *ip = p.opcodes; ip < end;) {
        size_t off = ip - p.opcodes;
        size_t line = mp_bytecode_get_source_line(p.line_info, p.line_info_top, off);
        if (line != last) {
            printf(" %u@%u", (unsigned)line, (unsigned)off);
            last = line;
        }
        size_t n = mp_opcode_length(ip, end);
        if (n == 0) {
            break;
        }
        ip += n;
    }
    printf("  (line@bytecode offset)\n");
    mp_bytecode_print(&mp_plat_print, rc, context);
}

static const char *native_type_name(mp_uint_t t) {
    static const char *const names[] = {"object", "bool", "int", "uint", "ptr", "ptr8",
                                        "ptr16", "ptr32", "qstr"};
    return (t & 0xf) < MP_ARRAY_SIZE_(names) ? names[t & 0xf] : "?";
}

/* A machine-code raw code (native.md 3, 4): what the loader read about it,
 * then its bytes in hex (tools/mpy-objdump.py disassembles them). */
static void describe_native(const mp_raw_code_t *rc, const mp_module_context_t *context) {
    static const char *const kinds[] = {"native", "viper", "asm"};
    const byte *code = rc->fun_data;
    printf("%s raw code: %u bytes of %s machine code, %u children\n",
        kinds[rc->kind - MP_CODE_NATIVE_PY], (unsigned)rc->fun_data_len,
        mpy_arch_name(MICA_NATIVE_ARCH), (unsigned)rc->n_children);
    if (rc->kind == MP_CODE_NATIVE_PY) {
        uintptr_t idx;
        memcpy(&idx, code, sizeof(idx));
        const byte *prelude = idx == 0 ? (const byte *)rc->children
            : (const byte *)rc->children[idx];
        mp_bytecode_prelude_t p;
        mp_bytecode_prelude_decode(prelude, &p);
        printf("  prelude at offset %u: %s, n_state %d, scope flags 0x%02x, "
            "%d positional args, %d keyword-only args, %d defaults\n",
            (unsigned)(prelude - code), qstr_str(context->constants.qstr_table[p.qstr_block_name_idx]),
            p.n_state, p.scope_flags, p.n_pos_args, p.n_kwonly_args, p.n_def_pos_args);
        if (rc->is_generator) {
            uintptr_t start;
            memcpy(&start, code + sizeof(uintptr_t), sizeof(start));
            printf("  generator: body starts at offset %u, resume entry at %u\n",
                (unsigned)start, (unsigned)(2 * sizeof(uintptr_t)));
        } else {
            printf("  entry at offset %u\n", (unsigned)sizeof(uintptr_t));
        }
    } else {
        printf("  scope flags 0x%02x%s%s%s\n", rc->scope_flags,
            rc->scope_flags & MP_SCOPE_FLAG_VIPERRELOC ? " relocations" : "",
            rc->scope_flags & MP_SCOPE_FLAG_VIPERRODATA ? " rodata" : "",
            rc->scope_flags & MP_SCOPE_FLAG_VIPERBSS ? " bss" : "");
        if (rc->kind == MP_CODE_NATIVE_ASM) {
            printf("  %u arguments, returns %s\n", rc->n_pos_args,
                native_type_name(rc->type_sig));
        }
        if (rc->scope_flags & MP_SCOPE_FLAG_VIPERRELOC) {
            printf("  relocations: %u words patched (the dump below shows them applied)\n",
                (unsigned)rc->n_reloc_words);
        } else {
            printf("  relocations: none\n");
        }
        printf("  entry at offset 0\n");
    }
    for (size_t i = 0; i < rc->fun_data_len; i += 16) {
        printf("    %04x ", (unsigned)i);
        for (size_t j = i; j < i + 16 && j < rc->fun_data_len; j++) {
            printf(" %02x", code[j]);
        }
        printf("\n");
    }
}

/* mp_bytecode_print shows a bytecode function and every bytecode function
 * reachable from it through bytecode parents; machine-code functions and
 * their children are done here. */
static void dis_tree(const mp_raw_code_t *rc, const mp_module_context_t *context, bool printed) {
    if (rc->kind == MP_CODE_BYTECODE) {
        if (!printed) {
            mp_bytecode_print(&mp_plat_print, rc, context);
        }
        printed = true;
    } else {
        describe_native(rc, context);
        printed = false;
    }
    for (size_t i = 0; i < rc->n_children; i++) {
        dis_tree(rc->children[i], context, printed);
    }
}

static int cmd_dis(const char *path) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_compiled_module_t *cm = mp_mpy_load_file(path, MP_OBJ_TO_PTR(mp_obj_new_dict(0)));
        printf("%s: %u qstrs, %u constants\n", path, (unsigned)cm->n_qstr, (unsigned)cm->n_obj);
        for (size_t i = 0; i < cm->n_obj; i++) {
            printf("  const[%u] = ", (unsigned)i);
            mp_obj_t c = cm->context->constants.obj_table[i];
            if (c == MP_OBJ_FROM_PTR(mp_fun_table)) {
                printf("<native function table>");
            } else {
                mp_obj_print_helper(&mp_plat_print, c, PRINT_REPR);
            }
            printf("\n");
        }
        if (cm->rc->kind == MP_CODE_BYTECODE) {
            print_lines(cm->rc, cm->context);
            /* native functions below bytecode ones */
            dis_tree(cm->rc, cm->context, true);
        } else {
            dis_tree(cm->rc, cm->context, false);
        }
        nlr_pop();
        return 0;
    }
    printf("%s: ", path);
    mp_obj_print_helper(&mp_plat_print, nlr.ret_val, PRINT_STR);
    printf("\n");
    return 1;
}

int main(int argc, char **argv) {
    int stack_dummy;
    if (argc < 3) {
        return usage();
    }
    size_t heap_size = 16 * 1024 * 1024;
    char *heap = malloc(heap_size);
    gc_init(heap, heap + heap_size);
    mp_stack_set_top(&stack_dummy);
    mp_stack_set_limit(512 * 1024);
    mp_init();
    if (strcmp(argv[1], "freeze") == 0) {
        return cmd_freeze(argc - 2, argv + 2);
    }
#if MICA_PERSIST_SAVE
    if (strcmp(argv[1], "link") == 0) {
        int st = natmod_link_main(argc - 2, argv + 2);
        fflush(stdout);
        return st;
    }
#endif
    int status = 0;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[1], "info") == 0) {
            status |= cmd_info(argv[i]);
        } else if (strcmp(argv[1], "verify") == 0) {
            status |= cmd_verify(argv[i]);
        } else if (strcmp(argv[1], "dis") == 0) {
            status |= cmd_dis(argv[i]);
        } else {
            return usage();
        }
    }
    fflush(stdout);
    return status;
}
