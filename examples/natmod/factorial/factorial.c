/* The smallest natmod: one function of one argument, registered by
 * mpy_init. Equivalent to natmod.md section 6's worked example, so the
 * linker's output can be compared with it (tests/natmod/run.py). */
#include "py/dynruntime.h"

static mp_int_t factorial_helper(mp_int_t x) {
    if (x == 0) {
        return 1;
    }
    return x * factorial_helper(x - 1);
}

static mp_obj_t factorial(mp_obj_t x_obj) {
    mp_int_t x = mp_obj_get_int(x_obj);
    return mp_obj_new_int(factorial_helper(x));
}
static MP_DEFINE_CONST_FUN_OBJ_1(factorial_obj, factorial);

mp_obj_t mpy_init(mp_obj_fun_bc_t *self, size_t n_args, size_t n_kw, mp_obj_t *args) {
    MP_DYNRUNTIME_INIT_ENTRY
    mp_store_global(MP_QSTR_factorial, MP_OBJ_FROM_PTR(&factorial_obj));
    MP_DYNRUNTIME_INIT_EXIT
}
