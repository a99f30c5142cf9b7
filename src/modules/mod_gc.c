/*
 * The `gc` module: control of the garbage collector (core/gc.c).
 */
#include "core/runtime.h"
#include "modules/modules.h"

static mp_obj_t gc_collect_fn(void) {
    gc_collect();
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_0(gc_collect_obj, gc_collect_fn);

static mp_obj_t gc_enable_fn(void) {
    gc_enable(true);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_0(gc_enable_obj, gc_enable_fn);

static mp_obj_t gc_disable_fn(void) {
    gc_enable(false);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_0(gc_disable_obj, gc_disable_fn);

static mp_obj_t gc_isenabled_fn(void) {
    return mp_obj_new_bool(gc_is_enabled());
}
static MP_DEFINE_CONST_FUN_OBJ_0(gc_isenabled_obj, gc_isenabled_fn);

static mp_obj_t gc_mem_alloc_fn(void) {
    gc_info_t info;
    gc_info(&info);
    return mp_obj_new_int_from_uint(info.used);
}
static MP_DEFINE_CONST_FUN_OBJ_0(gc_mem_alloc_obj, gc_mem_alloc_fn);

static mp_obj_t gc_mem_free_fn(void) {
    gc_info_t info;
    gc_info(&info);
    return mp_obj_new_int_from_uint(info.free);
}
static MP_DEFINE_CONST_FUN_OBJ_0(gc_mem_free_obj, gc_mem_free_fn);

/* gc.threshold([amount]): Mica's collector runs when the heap is full and
 * has no allocation threshold, so the value is only remembered (-1 = none,
 * as MicroPython reports when unset). */
static mp_int_t gc_threshold_value = -1;

static mp_obj_t gc_threshold_fn(size_t n_args, const mp_obj_t *args) {
    if (n_args == 0) {
        return mp_obj_new_int(gc_threshold_value);
    }
    mp_int_t v = mp_obj_get_int(args[0]);
    gc_threshold_value = v < 0 ? -1 : v;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(gc_threshold_obj, 0, 1, gc_threshold_fn);

static const mp_rom_map_elem_t gc_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_gc)},
    {MP_ROM_QSTR(MP_QSTR_collect), MP_ROM_PTR(&gc_collect_obj)},
    {MP_ROM_QSTR(MP_QSTR_enable), MP_ROM_PTR(&gc_enable_obj)},
    {MP_ROM_QSTR(MP_QSTR_disable), MP_ROM_PTR(&gc_disable_obj)},
    {MP_ROM_QSTR(MP_QSTR_isenabled), MP_ROM_PTR(&gc_isenabled_obj)},
    {MP_ROM_QSTR(MP_QSTR_mem_alloc), MP_ROM_PTR(&gc_mem_alloc_obj)},
    {MP_ROM_QSTR(MP_QSTR_mem_free), MP_ROM_PTR(&gc_mem_free_obj)},
    {MP_ROM_QSTR(MP_QSTR_threshold), MP_ROM_PTR(&gc_threshold_obj)},
};
static MP_DEFINE_CONST_DICT(gc_module_globals, gc_module_table);

const mp_obj_module_t mp_module_gc = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&gc_module_globals,
};
