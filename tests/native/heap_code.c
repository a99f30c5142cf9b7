/*
 * Runs .mpy modules whose machine code is first moved back into ordinary
 * GC-heap memory, the way the in-process compiler leaves it
 * (rc->fun_data_exec == false, a native function's child table without the
 * prelude slot): making a function from such a raw code must copy the code to
 * executable memory once and rebuild the child table (types/fun_native.c).
 * Output must equal the module's normal output (tests/run-all, stage native).
 *
 *   heap_code FILE.mpy      (module name = file name without .mpy)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/runtime.h"
#include "persist/mpyload.h"

static size_t n_moved;

/* Undo what the loader did for machine code (children first: a native
 * child table's prelude slot is read through the parent's word 0). */
static void move_to_heap(mp_raw_code_t *rc) {
    bool native = rc->kind != MP_CODE_BYTECODE;
    size_t n = rc->n_children;
    for (size_t i = 0; i < n; i++) {
        move_to_heap(rc->children[i]);
    }
    if (!native) {
        return;
    }
    if (rc->kind == MP_CODE_NATIVE_PY) {
        /* the compiler's child table has only the children */
        mp_raw_code_t **table = NULL;
        if (n > 0) {
            table = m_new(mp_raw_code_t *, n);
            memcpy(table, rc->children, n * sizeof(*table));
        }
        rc->children = table;
    }
    byte *copy = m_new(byte, rc->fun_data_len);
    memcpy(copy, rc->fun_data, rc->fun_data_len);
    rc->fun_data = copy;
    rc->fun_data_exec = false;
    n_moved++;
}

/* Below main's frame, so the GC's stack scan (from mp_stack_set_top's
 * address down) sees the objects made here. */
static int __attribute__((noinline)) run_file(const char *path) {
    int status = 0;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        size_t len = strlen(base);
        qstr name = qstr_from_strn(base, len > 4 ? len - 4 : len);
        mp_obj_t module = mp_obj_new_module(name);
        mp_obj_dict_t *globals = mp_obj_module_get_globals(module);
        mp_compiled_module_t *cm = mp_mpy_load_file(path, globals);
        move_to_heap(cm->rc);
        gc_collect(); /* the loader's executable copies are unreachable now */
        mp_obj_t fun = mp_make_function_from_proto_fun(cm->rc, cm->context, NULL);
        mp_exec_module_fun(fun, globals);
        nlr_pop();
    } else {
        mp_obj_print_exception(&mp_plat_print, MP_OBJ_FROM_PTR(nlr.ret_val));
        status = 1;
    }
    return status;
}

int main(int argc, char **argv) {
    int stack_dummy;
    if (argc != 2) {
        fprintf(stderr, "usage: heap_code FILE.mpy\n");
        return 2;
    }
    size_t heap_size = 8 * 1024 * 1024;
    char *heap = malloc(heap_size);
    gc_init(heap, heap + heap_size);
    mp_stack_set_top(&stack_dummy);
    mp_stack_set_limit(512 * 1024);
    mp_init();
    if (getenv("MICA_GC_STRESS") != NULL) {
        gc_set_stress(true);
    }
    int status = run_file(argv[1]);
    fflush(stdout);
    fprintf(stderr, "heap_code: %u machine-code functions moved to the heap\n",
        (unsigned)n_moved);
    return status;
}
