/*
 * mica-mpy: tools for .mpy files.
 *
 *   mica-mpy info FILE.mpy     header, sizes and counts
 *   mica-mpy verify FILE.mpy   load with the verifying loader; exit 0 if the
 *                              file is well formed, 1 with the reason if not
 *   mica-mpy dis FILE.mpy      disassembly of every function, with line numbers
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/runtime.h"
#include "persist/mpyfmt.h"
#include "persist/mpyload.h"
#include "vm/bc.h"

static int usage(void) {
    fprintf(stderr, "usage: mica-mpy info|verify|dis FILE.mpy ...\n");
    return 2;
}

static byte *read_file(const char *path, size_t *len) {
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
    size_t max_depth;
} tree_stats_t;

static void count_tree(const mp_raw_code_t *rc, size_t depth, tree_stats_t *st) {
    st->n_raw_codes++;
    st->n_bytecode_bytes += rc->fun_data_len;
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

static int cmd_dis(const char *path) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_compiled_module_t *cm = mp_mpy_load_file(path, MP_OBJ_TO_PTR(mp_obj_new_dict(0)));
        printf("%s: %u qstrs, %u constants\n", path, (unsigned)cm->n_qstr, (unsigned)cm->n_obj);
        for (size_t i = 0; i < cm->n_obj; i++) {
            printf("  const[%u] = ", (unsigned)i);
            mp_obj_print_helper(&mp_plat_print, cm->context->constants.obj_table[i], PRINT_REPR);
            printf("\n");
        }
        print_lines(cm->rc, cm->context);
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
