/*
 * Module objects: a name and a globals dict. Attribute access on a module
 * reads and writes its globals. Loaded .mpy modules use the larger
 * mp_module_context_t, whose first part is an mp_obj_module_t.
 */
#include "core/runtime.h"

static qstr module_name(mp_obj_module_t *self) {
    mp_map_elem_t *elem = mp_map_lookup(&self->globals->map, MP_OBJ_NEW_QSTR(MP_QSTR___name__),
        MP_MAP_LOOKUP);
    if (elem != NULL && mp_obj_is_str(elem->value)) {
        return mp_obj_str_get_qstr(elem->value);
    }
    return MP_QSTR_;
}

static void module_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_obj_module_t *self = MP_OBJ_TO_PTR(self_in);
    mp_map_elem_t *file = mp_map_lookup(&self->globals->map,
        MP_OBJ_NEW_QSTR(MP_QSTR___file__), MP_MAP_LOOKUP);
    if (file != NULL && mp_obj_is_str(file->value)) {
        mp_printf(print, "<module '%s' from '%s'>", qstr_str(module_name(self)),
            mp_obj_str_get_str(file->value));
    } else {
        mp_printf(print, "<module '%s'>", qstr_str(module_name(self)));
    }
}

/* Load: dest[0] = value. Store: dest[0] == SENTINEL, dest[1] = value or
 * NULL for delete; dest[0] is cleared on success. */
static void module_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    mp_obj_module_t *self = MP_OBJ_TO_PTR(self_in);
    mp_map_t *map = &self->globals->map;
    if (self == &mp_module_builtins) {
        /* builtins.name = value overrides a builtin for every module */
        mp_obj_dict_t *override = mp_builtins_override_dict(dest[0] != MP_OBJ_NULL);
        if (dest[0] == MP_OBJ_NULL) {
            mp_map_elem_t *elem = override == NULL ? NULL
                : mp_map_lookup(&override->map, MP_OBJ_NEW_QSTR(attr), MP_MAP_LOOKUP);
            if (elem != NULL) {
                dest[0] = elem->value;
                return;
            }
        } else {
            map = &override->map;
        }
    }
    if (dest[0] == MP_OBJ_NULL) {
        mp_map_elem_t *elem = mp_map_lookup(map, MP_OBJ_NEW_QSTR(attr), MP_MAP_LOOKUP);
        if (elem != NULL) {
            dest[0] = elem->value;
        } else if (attr == MP_QSTR___dict__) {
            dest[0] = MP_OBJ_FROM_PTR(self->globals);
        } else {
            /* a module-level __getattr__(name) supplies missing names */
            elem = mp_map_lookup(map, MP_OBJ_NEW_QSTR(MP_QSTR___getattr__), MP_MAP_LOOKUP);
            if (elem != NULL) {
                dest[0] = mp_call_function_1(elem->value, MP_OBJ_NEW_QSTR(attr));
            }
        }
        return;
    }
    if (map->is_fixed) {
        return; /* built-in module in ROM: attribute error */
    }
    if (dest[1] == MP_OBJ_NULL) {
        if (mp_map_lookup(map, MP_OBJ_NEW_QSTR(attr), MP_MAP_LOOKUP_REMOVE_IF_FOUND) != NULL) {
            dest[0] = MP_OBJ_NULL;
        }
    } else {
        mp_map_lookup(map, MP_OBJ_NEW_QSTR(attr), MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value = dest[1];
        dest[0] = MP_OBJ_NULL;
    }
}

const mp_obj_type_t mp_type_module = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_NONE,
    .name = MP_QSTR_module,
    MP_TYPE_SLOT(print, module_print),
    MP_TYPE_SLOT(attr, module_attr),
};

mp_obj_t mp_obj_new_module(qstr module_name) {
    mp_obj_module_t *mod = m_new_obj(mp_obj_module_t);
    mod->base.type = &mp_type_module;
    mod->globals = MP_OBJ_TO_PTR(mp_obj_new_dict(4));
    mp_obj_dict_store(MP_OBJ_FROM_PTR(mod->globals), MP_OBJ_NEW_QSTR(MP_QSTR___name__),
        MP_OBJ_NEW_QSTR(module_name));
    return MP_OBJ_FROM_PTR(mod);
}

mp_obj_dict_t *mp_obj_module_get_globals(mp_obj_t self_in) {
    mp_obj_module_t *self = MP_OBJ_TO_PTR(self_in);
    return self->globals;
}
