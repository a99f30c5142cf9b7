/*
 * Example natmod `tables`: static data of every kind the linker handles,
 * modelled on the description of MicroPython's features1 (natmod.md 6, our
 * own code): a BSS array, constant pointer tables in .data.rel.ro pointing
 * into BSS (a run of bss relocations) and into text (a run of text
 * relocations), a table of C function pointers, read-only data, and
 * functions of 0, 1, 2 and variable arguments.
 *
 *   add(a, b), fibonacci(n), access([i[, v]]), make_array(), VAL, MSG
 */
#include "py/dynruntime.h"

/* BSS (global: reached through the GOT) */
uint16_t data16[4];
uint8_t scratch[8];

/* read-only data */
static const uint16_t table16[] = {0x1000, 0x2000};

/* pointers in .data.rel.ro: four into BSS (one merged run of bss
 * relocations), two into text */
const uint16_t *const table_ptr16a[] = {&data16[0], &data16[1], &data16[2], &data16[3]};
const uint16_t *const table_ptr16b[] = {&table16[0], &table16[1]};

static mp_int_t fibonacci_helper(mp_int_t x) {
    return x <= 1 ? x : fibonacci_helper(x - 1) + fibonacci_helper(x - 2);
}
static mp_int_t twice(mp_int_t x) {
    return 2 * x;
}
/* a table of C function pointers (text relocations in .data.rel.ro) */
mp_int_t (*const helpers[])(mp_int_t) = {fibonacci_helper, twice};

static mp_obj_t add(mp_obj_t a, mp_obj_t b) {
    return mp_obj_new_int(mp_obj_get_int(a) + mp_obj_get_int(b));
}
static MP_DEFINE_CONST_FUN_OBJ_2(add_obj, add);

static mp_obj_t fibonacci(mp_obj_t n) {
    mp_int_t x = mp_obj_get_int(n);
    if (x < 0 || x > 40) {
        mp_raise_ValueError(MP_ERROR_TEXT("n out of range"));
    }
    return mp_obj_new_int(helpers[0](x));
}
static MP_DEFINE_CONST_FUN_OBJ_1(fibonacci_obj, fibonacci);

/* access() -> list of data16; access(i) -> data16[i]; access(i, v) sets */
static mp_obj_t access(size_t n_args, const mp_obj_t *args) {
    if (n_args == 0) {
        mp_obj_t l = mp_obj_new_list(0, NULL);
        for (size_t i = 0; i < 4; i++) {
            mp_obj_list_append(l, MP_OBJ_NEW_SMALL_INT(*table_ptr16a[i]));
        }
        return l;
    }
    mp_int_t i = mp_obj_get_int(args[0]);
    if (i < 0 || i >= 4) {
        mp_raise_msg(&mp_type_IndexError, MP_ERROR_TEXT("index out of range"));
    }
    if (n_args == 1) {
        return MP_OBJ_NEW_SMALL_INT(*table_ptr16a[i]);
    }
    data16[i] = (uint16_t)helpers[1](mp_obj_get_int(args[1]) / 2);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(access_obj, 0, 2, access);

/* make_array() -> a bytearray over BSS memory holding table16 */
static mp_obj_t make_array(void) {
    for (size_t i = 0; i < 2; i++) {
        scratch[2 * i] = (uint8_t)(*table_ptr16b[i] & 0xff);
        scratch[2 * i + 1] = (uint8_t)(*table_ptr16b[i] >> 8);
    }
    return mp_obj_new_bytearray_by_ref(4, scratch);
}
static MP_DEFINE_CONST_FUN_OBJ_0(make_array_obj, make_array);

mp_obj_t mpy_init(mp_obj_fun_bc_t *self, size_t n_args, size_t n_kw, mp_obj_t *args) {
    MP_DYNRUNTIME_INIT_ENTRY
    mp_store_global(MP_QSTR_add, MP_OBJ_FROM_PTR(&add_obj));
    mp_store_global(MP_QSTR_fibonacci, MP_OBJ_FROM_PTR(&fibonacci_obj));
    mp_store_global(MP_QSTR_access, MP_OBJ_FROM_PTR(&access_obj));
    mp_store_global(MP_QSTR_make_array, MP_OBJ_FROM_PTR(&make_array_obj));
    mp_store_global(MP_QSTR_VAL, MP_OBJ_NEW_SMALL_INT(42));
    mp_store_global(MP_QSTR_MSG, MP_OBJ_NEW_QSTR(MP_QSTR_HELLO_MICROPYTHON));
    MP_DYNRUNTIME_INIT_EXIT
}
