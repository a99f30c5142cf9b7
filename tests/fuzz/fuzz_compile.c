/*
 * libFuzzer target: arbitrary bytes as Python source must compile or raise a
 * Python exception (SyntaxError, MemoryError, ...) — never crash, hang or
 * touch memory it does not own. Built by `make fuzz-build` with clang's
 * -fsanitize=fuzzer,address,undefined.
 */
#include <stdlib.h>
#include <string.h>
#include "core/runtime.h"

static char *heap;

static void init_once(void) {
    if (heap != NULL) {
        return;
    }
    int stack_dummy;
    size_t heap_size = 2 * 1024 * 1024;
    heap = malloc(heap_size);
    gc_init(heap, heap + heap_size);
    mp_stack_set_top(&stack_dummy);
    mp_stack_set_limit(256 * 1024);
    mp_init();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    init_once();
    int stack_dummy;
    /* each input starts with a fresh stack top near here */
    mp_stack_set_top(&stack_dummy);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t globals = mp_obj_new_dict(0);
        mp_compile_source((const char *)data, size, qstr_from_str("<fuzz>"), false,
            MP_OBJ_TO_PTR(globals));
        nlr_pop();
    } else {
        /* an exception is a fine outcome; it must be a Python exception */
        if (!mp_obj_is_exception_instance(nlr.ret_val)) {
            abort();
        }
    }
    gc_collect();
    return 0;
}
