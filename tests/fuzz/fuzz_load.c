/*
 * libFuzzer target for the .mpy loader: arbitrary bytes must either load
 * (every bytecode function verified) or raise ValueError/MemoryError —
 * never crash, hang or touch memory they do not own. A file that loads is
 * then run, under an execution budget (mp_set_budget), to show that verified
 * bytecode cannot break the VM: it may raise any Python exception, nothing
 * else.
 * Built by `make fuzz-build` with clang's -fsanitize=fuzzer,address,undefined.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <stdio.h>
#include "core/runtime.h"
#include "persist/mpyload.h"
#include "core/nativecode.h"

static char *heap;

/* Modules a mutated program must not reach: they sleep, touch files or
 * wait for input. Registering None in sys.modules makes importing them give
 * an object without their attributes (a Python exception, not a hang). */
static const char *const blocked_modules[] = {
    "time", "utime", "os", "uos", "io", "uio", "select", "uselect", "sys", "usys",
};

static void init_once(void) {
    if (heap != NULL) {
        return;
    }
    int stack_dummy;
    /* small: big-int programs fail fast. The budget counts instructions, not
     * work, and big-int multiplies cost the square of their size: with 1 MiB
     * one multiply took 5 s under coverage instrumentation, with 256 KiB a
     * loop of them took 10 s */
    size_t heap_size = 128 * 1024;
    heap = malloc(heap_size);
    gc_init(heap, heap + heap_size);
    mp_stack_set_top(&stack_dummy);
    mp_stack_set_limit(256 * 1024);
    mp_init();
    for (size_t i = 0; i < sizeof(blocked_modules) / sizeof(blocked_modules[0]); i++) {
        mp_module_register(qstr_from_str(blocked_modules[i]), mp_const_none);
    }
    /* whatever open() does, it does in a scratch folder */
    char dir[] = "/tmp/mica-fuzz-XXXXXX";
    if (mkdtemp(dir) == NULL || chdir(dir) != 0) {
        abort();
    }
}

static void print_to_stderr(void *data, const char *str, size_t len) {
    fwrite(str, 1, len, stderr);
}

static bool is_instance_of(mp_obj_t exc, const mp_obj_type_t *type) {
    return mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(exc)), MP_OBJ_FROM_PTR(type));
}

static void run_loaded(mp_compiled_module_t *cm, mp_obj_dict_t *globals) {
    mp_obj_dict_store(MP_OBJ_FROM_PTR(globals), MP_OBJ_NEW_QSTR(MP_QSTR___name__),
        MP_OBJ_NEW_QSTR(qstr_from_str("fuzz")));
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_set_budget(10000);
        mp_obj_t fun = mp_make_function_from_proto_fun(cm->rc, cm->context, NULL);
        mp_exec_module_fun(fun, globals);
        mp_set_budget(0);
        nlr_pop();
    } else {
        mp_set_budget(0);
        if (!mp_obj_is_exception_instance(nlr.ret_val)) {
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    init_once();
    int stack_dummy;
    mp_stack_set_top(&stack_dummy);
    /* Machine code cannot be verified: a file with native code is loaded
     * (every structural check runs) but never run, and its executable
     * memory is handed back after each input. */
    size_t code_mark = mp_native_code_mark();
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t globals = mp_obj_new_dict(0);
        mp_compiled_module_t *cm = mp_mpy_load_mem(data, size, "fuzz.mpy",
            MP_OBJ_TO_PTR(globals));
        nlr_pop();
        if (!cm->has_native) {
            run_loaded(cm, MP_OBJ_TO_PTR(globals));
        }
    } else {
        if (!is_instance_of(nlr.ret_val, &mp_type_ValueError) &&
            !is_instance_of(nlr.ret_val, &mp_type_MemoryError)) {
            /* say which exception escaped the loader, then fail */
            mp_print_t err = {stderr, print_to_stderr};
            mp_obj_print_helper(&err, nlr.ret_val, PRINT_REPR);
            fprintf(stderr, "\nloader raised neither ValueError nor MemoryError\n");
            abort();
        }
    }
    mp_native_code_release(code_mark);
    gc_collect();
    return 0;
}
