/*
 * Argument checking for built-in functions: the packed-signature check used
 * by fun_builtin_var (function-table entry 44) and the descriptor-driven
 * parsers mp_arg_parse_all / mp_arg_parse_all_kw_array (entries 67, 68).
 */
#include "core/runtime.h"

void mp_arg_check_num(size_t n_args, size_t n_kw, size_t n_args_min, size_t n_args_max,
    bool takes_kw) {
    if (n_kw > 0 && !takes_kw) {
        mp_raise_TypeError("function doesn't take keyword arguments");
    }
    if (n_args_min == n_args_max) {
        if (n_args != n_args_min) {
            mp_raise_msg_varg(&mp_type_TypeError,
                "function takes %d positional arguments but %d were given",
                (int)n_args_min, (int)n_args);
        }
    } else if (n_args < n_args_min) {
        mp_raise_msg_varg(&mp_type_TypeError, "function missing %d required positional arguments",
            (int)(n_args_min - n_args));
    } else if (n_args > n_args_max) {
        mp_raise_msg_varg(&mp_type_TypeError, "function expected at most %d arguments, got %d",
            (int)n_args_max, (int)n_args);
    }
}

/* sig = (n_args_min << 17) | (n_args_max << 1) | takes_kw */
void mp_arg_check_num_sig(size_t n_args, size_t n_kw, uint32_t sig) {
    mp_arg_check_num(n_args, n_kw, sig >> 17, (sig >> 1) & 0xffff, sig & 1);
}

static mp_arg_val_t convert_arg(const mp_arg_t *desc, mp_obj_t given) {
    mp_arg_val_t v;
    switch (desc->flags & MP_ARG_KIND_MASK) {
        case MP_ARG_BOOL:
            v.u_bool = mp_obj_is_true(given);
            break;
        case MP_ARG_INT:
            v.u_int = mp_obj_get_int(given);
            break;
        default:
            v.u_obj = given;
            break;
    }
    return v;
}

void mp_arg_parse_all(size_t n_pos, const mp_obj_t *pos, mp_map_t *kws, size_t n_allowed,
    const mp_arg_t *allowed, mp_arg_val_t *out_vals) {
    size_t pos_used = 0;
    size_t kws_used = 0;
    for (size_t i = 0; i < n_allowed; i++) {
        mp_obj_t given;
        if (i < n_pos && !(allowed[i].flags & MP_ARG_KW_ONLY)) {
            given = pos[i];
            pos_used++;
        } else {
            mp_map_elem_t *kw = NULL;
            if (kws != NULL) {
                kw = mp_map_lookup(kws, MP_OBJ_NEW_QSTR(allowed[i].qst), MP_MAP_LOOKUP);
            }
            if (kw == NULL) {
                if (allowed[i].flags & MP_ARG_REQUIRED) {
                    mp_raise_msg_varg(&mp_type_TypeError, "'%s' argument required",
                        qstr_str(allowed[i].qst));
                }
                out_vals[i] = allowed[i].defval;
                continue;
            }
            given = kw->value;
            kws_used++;
        }
        out_vals[i] = convert_arg(&allowed[i], given);
    }
    if (pos_used < n_pos) {
        mp_raise_TypeError("extra positional arguments given");
    }
    if (kws != NULL && kws_used < kws->used) {
        /* MicroPython 1.27 does not name the keyword here (sorted(x=1),
         * open('f', x=1)); a Python function's "unexpected keyword
         * argument 'x'" comes from the VM's argument binding instead */
        mp_raise_TypeError("extra keyword arguments given");
    }
}

void mp_arg_parse_all_kw_array(size_t n_pos, size_t n_kw, const mp_obj_t *args,
    size_t n_allowed, const mp_arg_t *allowed, mp_arg_val_t *out_vals) {
    mp_map_t kw_args;
    mp_map_init_fixed_table(&kw_args, n_kw, args + n_pos);
    mp_arg_parse_all(n_pos, args, &kw_args, n_allowed, allowed, out_vals);
}
