/*
 * Closure cells: one boxed variable shared between a function and the
 * functions nested in it. Native code reads and writes word 1 directly
 * (objects.md 4.10), so the layout is fixed by mp_obj_cell_t.
 */
#include "core/runtime.h"

const mp_obj_type_t mp_type_cell = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_NONE,
    .name = MP_QSTR_cell,
};

mp_obj_t mp_obj_new_cell(mp_obj_t obj) {
    mp_obj_cell_t *cell = m_new_obj(mp_obj_cell_t);
    cell->base.type = &mp_type_cell;
    cell->obj = obj;
    return MP_OBJ_FROM_PTR(cell);
}

mp_obj_t mp_obj_cell_get(mp_obj_t self_in) {
    mp_obj_cell_t *self = MP_OBJ_TO_PTR(self_in);
    return self->obj;
}

void mp_obj_cell_set(mp_obj_t self_in, mp_obj_t obj) {
    mp_obj_cell_t *self = MP_OBJ_TO_PTR(self_in);
    self->obj = obj;
}
