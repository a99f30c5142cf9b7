/*
 * Stand-ins for the parts of the runtime that the core-foundation unit
 * tests link against (tests/unit only; the real build never uses these).
 * Just enough for gc, qstr, map, nlr, print and vstr to be tested alone.
 */
#include <stdlib.h>
#include <string.h>

#include "core/runtime.h"
#include "stubs.h"

mp_state_t mp_state;

const mp_obj_type_t mp_type_str = {.name = MP_QSTR_str};
const mp_obj_type_t mp_type_bytes = {.name = MP_QSTR_bytes};
const mp_obj_type_t mp_type_RuntimeError = {.name = MP_QSTR_RuntimeError};
const mp_obj_type_t mp_type_MemoryError = {.name = MP_QSTR_MemoryError};

/* markers thrown by the raising stubs */
int stub_memory_error_marker;
int stub_runtime_error_marker;

_Noreturn void mp_raise_memory_error(void) {
    nlr_jump(&stub_memory_error_marker);
}

_Noreturn void mp_raise_msg(const mp_obj_type_t *exc_type, const char *msg) {
    nlr_jump(&stub_runtime_error_marker);
}

static bool is_str(mp_obj_t o) {
    return mp_obj_is_obj(o) && ((mp_obj_base_t *)o)->type == &mp_type_str;
}

static const byte *str_data(mp_obj_t o, size_t *len) {
    if (mp_obj_is_qstr(o)) {
        return qstr_data(MP_OBJ_QSTR_VALUE(o), len);
    }
    mp_obj_str_t *s = o;
    *len = s->len;
    return s->data;
}

bool mp_obj_equal(mp_obj_t a, mp_obj_t b) {
    if (a == b) {
        return true;
    }
    if ((mp_obj_is_qstr(a) || is_str(a)) && (mp_obj_is_qstr(b) || is_str(b))) {
        size_t la, lb;
        const byte *da = str_data(a, &la), *db = str_data(b, &lb);
        return la == lb && memcmp(da, db, la) == 0;
    }
    return false;
}

mp_int_t mp_obj_hash(mp_obj_t o) {
    if (is_str(o)) {
        mp_obj_str_t *s = o;
        return (mp_int_t)mp_str_hash(s->data, s->len);
    }
    return (mp_int_t)((uintptr_t)o >> 4); /* objects: by address */
}

mp_obj_t stub_new_str(const char *text) {
    mp_obj_str_t *s = m_new_obj(mp_obj_str_t);
    s->base.type = &mp_type_str;
    s->len = strlen(text);
    s->data = (const byte *)text;
    return MP_OBJ_FROM_PTR(s);
}

/* A heap for tests that need m_malloc; call before anything allocates. */
static uintptr_t stub_heap[1 << 17]; /* 1 MiB */

void stub_heap_init(void) {
    gc_init(stub_heap, (char *)stub_heap + sizeof(stub_heap));
}
