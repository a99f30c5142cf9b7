/* Helpers provided by tests/unit/stubs.c. */
#ifndef MICA_TESTS_STUBS_H
#define MICA_TESTS_STUBS_H
#include "core/runtime.h"
extern int stub_memory_error_marker;
extern int stub_runtime_error_marker;
mp_obj_t stub_new_str(const char *text);
void stub_heap_init(void);
#endif
