/*
 * Bytecode preludes (bytecode.md 2): decoding the signature, size field,
 * source info and line-number table, and binding call arguments into a new
 * frame (bytecode.md 7) for bytecode and native functions alike.
 */
#include <string.h>

#include "vm/bc.h"

void mp_bytecode_decode_signature(const byte **ip, mp_bytecode_prelude_t *p) {
    const byte *b = *ip;
    unsigned z = *b++;
    if (!(z & 0x80)) {
        /* one byte: small functions, the common case */
        *ip = b;
        p->n_state = (uint16_t)(((z >> 3) & 15) + 1);
        p->n_exc_stack = (uint16_t)((z >> 2) & 1);
        p->scope_flags = 0;
        p->n_pos_args = (uint8_t)(z & 3);
        p->n_kwonly_args = 0;
        p->n_def_pos_args = 0;
        return;
    }
    size_t S = (z >> 3) & 15, E = (z >> 2) & 1, A = z & 3, F = 0, K = 0, D = 0;
    for (unsigned n = 0; z & 0x80; n++) {
        z = *b++;
        F |= (size_t)((z >> 6) & 1) << n;
        S |= (size_t)((z >> 4) & 3) << (4 + 2 * n);
        K |= (size_t)((z >> 3) & 1) << n;
        A |= (size_t)((z >> 2) & 1) << (2 + n);
        E |= (size_t)((z >> 1) & 1) << (1 + n);
        D |= (size_t)(z & 1) << n;
    }
    *ip = b;
    p->n_state = (uint16_t)(S + 1);
    p->n_exc_stack = (uint16_t)E;
    p->scope_flags = (uint8_t)F;
    p->n_pos_args = (uint8_t)A;
    p->n_kwonly_args = (uint8_t)K;
    p->n_def_pos_args = (uint8_t)D;
}

void mp_bytecode_decode_size(const byte **ip, size_t *n_info, size_t *n_cell) {
    const byte *b = *ip;
    size_t I = 0, C = 0;
    unsigned shift_i = 0, shift_c = 0;
    unsigned z;
    do {
        z = *b++;
        I |= (size_t)((z >> 1) & 63) << shift_i;
        C |= (size_t)(z & 1) << shift_c;
        shift_i += 6;
        shift_c += 1;
    } while (z & 0x80);
    *ip = b;
    *n_info = I;
    *n_cell = C;
}

void mp_bytecode_prelude_decode(const byte *bytecode, mp_bytecode_prelude_t *p) {
    const byte *ip = bytecode;
    mp_bytecode_decode_signature(&ip, p);
    mp_bytecode_decode_size(&ip, &p->n_info, &p->n_cell);
    const byte *info = ip;
    p->qstr_block_name_idx = (qstr_short_t)mp_decode_uint(&ip);
    p->arg_names = ip;
    for (size_t i = 0; i < (size_t)p->n_pos_args + p->n_kwonly_args; i++) {
        mp_decode_uint(&ip);
    }
    p->line_info = ip;
    p->line_info_top = info + p->n_info;
    p->opcodes = info + p->n_info + p->n_cell;
}

size_t mp_bytecode_get_source_line(const byte *line_info, const byte *line_info_top,
    size_t bc_offset) {
    size_t line = 1;
    while (line_info < line_info_top) {
        size_t b, l;
        byte c = *line_info;
        if ((c & 0x80) == 0) {
            b = c & 0x1f;
            l = (c >> 5) & 3;
            line_info += 1;
        } else {
            if (line_info + 1 >= line_info_top) {
                break;
            }
            b = c & 0x0f;
            l = ((size_t)(c & 0x70) << 4) | line_info[1];
            line_info += 2;
        }
        if (bc_offset >= b) {
            bc_offset -= b;
            line += l;
        } else {
            break;
        }
    }
    return line;
}

/* ---- argument binding ------------------------------------------------ */

static qstr fun_name_from_prelude(const mp_obj_fun_bc_t *self, const byte *prelude) {
    mp_bytecode_prelude_t p;
    mp_bytecode_prelude_decode(prelude, &p);
    return self->context->constants.qstr_table[p.qstr_block_name_idx];
}

/* Does the keyword `key` (a qstr or str object) name the qstr `q`? */
static bool kw_matches(mp_obj_t key, qstr q) {
    if (mp_obj_is_qstr(key)) {
        return MP_OBJ_QSTR_VALUE(key) == q;
    }
    size_t len, qlen;
    const char *s = mp_obj_str_get_data(key, &len);
    const byte *qs = qstr_data(q, &qlen);
    return len == qlen && memcmp(s, qs, len) == 0;
}

static qstr kw_to_qstr(mp_obj_t key) {
    if (mp_obj_is_qstr(key)) {
        return MP_OBJ_QSTR_VALUE(key);
    }
    return mp_obj_str_get_qstr(key);
}

/* Bind arguments into state[] (local i at state[n_state - 1 - i]) for the
 * function whose prelude starts at `prelude`; returns the address after the
 * cell list. */
static const byte *bind_args_sig(mp_obj_fun_bc_t *self, const byte *prelude,
    const mp_bytecode_prelude_t *sig, const byte *ip, mp_obj_t *state,
    size_t n_state, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    const mp_bytecode_prelude_t p = *sig;
    size_t n_info, n_cell;
    mp_bytecode_decode_size(&ip, &n_info, &n_cell);
    const byte *info = ip;
    const byte *cells = info + n_info;

    const qstr_short_t *qstr_table = self->context->constants.qstr_table;
    size_t A = p.n_pos_args, K = p.n_kwonly_args, D = p.n_def_pos_args;
    unsigned flags = p.scope_flags;
    mp_obj_t *fastn = &state[n_state - 1];

    if (n_kw == 0 && n_args == A && K == 0
        && !(flags & (MP_SCOPE_FLAG_VARARGS | MP_SCOPE_FLAG_VARKEYWORDS)) && A <= n_state) {
        /* the common call: exactly the positional parameters */
        for (size_t i = 0; i < n_state - A; i++) {
            state[i] = MP_OBJ_NULL;
        }
        for (size_t i = 0; i < A; i++) {
            fastn[-(mp_int_t)i] = args[i];
        }
        goto make_cells;
    }

    memset(state, 0, n_state * sizeof(mp_obj_t));

    /* positional arguments */
    if (n_args > A) {
        if (!(flags & MP_SCOPE_FLAG_VARARGS)) {
            mp_raise_msg_varg(&mp_type_TypeError,
                "%s() takes %d positional arguments but %d were given",
                qstr_str(fun_name_from_prelude(self, prelude)), (int)A, (int)n_args);
        }
    } else if (n_kw == 0 && !(flags & MP_SCOPE_FLAG_DEFKWARGS) && n_args + D < A) {
        mp_raise_msg_varg(&mp_type_TypeError,
            "%s() takes %d positional arguments but %d were given",
            qstr_str(fun_name_from_prelude(self, prelude)), (int)(A - D), (int)n_args);
    }
    size_t n_copy = n_args < A ? n_args : A;
    for (size_t i = 0; i < n_copy; i++) {
        fastn[-(mp_int_t)i] = args[i];
    }
    size_t next_local = A + K;
    if (flags & MP_SCOPE_FLAG_VARARGS) {
        fastn[-(mp_int_t)next_local] = n_args > A
            ? mp_obj_new_tuple(n_args - A, args + A) : mp_const_empty_tuple;
        next_local++;
    }
    mp_obj_t var_kw = MP_OBJ_NULL;
    if (flags & MP_SCOPE_FLAG_VARKEYWORDS) {
        var_kw = mp_obj_new_dict(n_kw);
        fastn[-(mp_int_t)next_local] = var_kw;
    }

    /* keyword arguments, matched against the prelude's argument names */
    const mp_obj_t *kws = args + n_args;
    for (size_t k = 0; k < n_kw; k++) {
        mp_obj_t key = kws[2 * k], value = kws[2 * k + 1];
        const byte *names = info;
        mp_decode_uint(&names); /* simple name */
        bool found = false;
        for (size_t j = 0; j < A + K; j++) {
            qstr arg_q = qstr_table[mp_decode_uint(&names)];
            if (kw_matches(key, arg_q)) {
                if (fastn[-(mp_int_t)j] != MP_OBJ_NULL) {
                    mp_raise_msg_varg(&mp_type_TypeError,
                        "function got multiple values for argument '%s'", qstr_str(arg_q));
                }
                fastn[-(mp_int_t)j] = value;
                found = true;
                break;
            }
        }
        if (!found) {
            if (var_kw == MP_OBJ_NULL) {
                mp_raise_msg_varg(&mp_type_TypeError, "unexpected keyword argument '%s'",
                    qstr_str(kw_to_qstr(key)));
            }
            mp_obj_dict_store(var_kw, key, value);
        }
    }

    /* defaults for missing positionals */
    for (size_t i = n_copy; i < A; i++) {
        if (fastn[-(mp_int_t)i] != MP_OBJ_NULL) {
            continue;
        }
        mp_obj_t def = MP_OBJ_NULL;
        if (i + D >= A) {
            def = self->extra_args[i + D - A];
        }
        if (def == MP_OBJ_NULL) {
            mp_raise_msg_varg(&mp_type_TypeError,
                "function missing required positional argument #%d", (int)(i + 1));
        }
        fastn[-(mp_int_t)i] = def;
    }

    /* keyword-only defaults */
    if (K > 0) {
        const byte *names = info;
        mp_decode_uint(&names);
        for (size_t j = 0; j < A; j++) {
            mp_decode_uint(&names);
        }
        mp_obj_t def_kw = (flags & MP_SCOPE_FLAG_DEFKWARGS) ? self->extra_args[D] : MP_OBJ_NULL;
        for (size_t j = A; j < A + K; j++) {
            qstr arg_q = qstr_table[mp_decode_uint(&names)];
            if (fastn[-(mp_int_t)j] != MP_OBJ_NULL) {
                continue;
            }
            mp_map_elem_t *elem = NULL;
            if (def_kw != MP_OBJ_NULL) {
                elem = mp_map_lookup(mp_obj_dict_get_map(def_kw), MP_OBJ_NEW_QSTR(arg_q),
                    MP_MAP_LOOKUP);
            }
            if (elem == NULL) {
                mp_raise_msg_varg(&mp_type_TypeError,
                    "function missing required keyword argument '%s'", qstr_str(arg_q));
            }
            fastn[-(mp_int_t)j] = elem->value;
        }
    }

make_cells:
    /* cells: wrap the listed locals (arguments keep their value) */
    for (size_t c = 0; c < n_cell; c++) {
        size_t local = cells[c];
        if (local < n_state) {
            fastn[-(mp_int_t)local] = mp_obj_new_cell(fastn[-(mp_int_t)local]);
        }
    }
    return cells + n_cell;
}

static const byte *bind_args(mp_obj_fun_bc_t *self, const byte *prelude, mp_obj_t *state,
    size_t n_state, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_bytecode_prelude_t sig;
    const byte *ip = prelude;
    mp_bytecode_decode_signature(&ip, &sig);
    return bind_args_sig(self, prelude, &sig, ip, state, n_state, n_args, n_kw, args);
}

void mp_setup_code_state_sig(mp_code_state_t *code_state, const mp_bytecode_prelude_t *sig,
    const byte *ip_after_sig, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_obj_fun_bc_t *self = code_state->fun_bc;
    size_t n_state = code_state->n_state;
    code_state->ip = bind_args_sig(self, self->bytecode, sig, ip_after_sig, code_state->state,
        n_state, n_args, n_kw, args);
    code_state->sp = &code_state->state[0] - 1;
    code_state->exc_sp_idx = 0;
    code_state->old_globals = NULL;
    code_state->prev = NULL;
    code_state->exc_stack = (mp_exc_stack_t *)(code_state->state + n_state);
    code_state->exc_sp = code_state->exc_stack - 1;
    for (int i = 0; i < MP_BC_GUARD_SLOTS; i++) {
        code_state->guard[i] = mp_const_none;
    }
}

void mp_setup_code_state(mp_code_state_t *code_state, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_obj_fun_bc_t *self = code_state->fun_bc;
    size_t n_state = code_state->n_state;
    code_state->ip = bind_args(self, self->bytecode, code_state->state, n_state,
        n_args, n_kw, args);
    code_state->sp = &code_state->state[0] - 1;
    code_state->exc_sp_idx = 0;
    code_state->old_globals = NULL;
    code_state->prev = NULL;
    code_state->exc_stack = (mp_exc_stack_t *)(code_state->state + n_state);
    code_state->exc_sp = code_state->exc_stack - 1;
    for (int i = 0; i < MP_BC_GUARD_SLOTS; i++) {
        code_state->guard[i] = mp_const_none;
    }
}

const byte *mp_obj_fun_native_get_prelude(const mp_obj_fun_bc_t *fun) {
    /* word 0 of fun_data is the index of the prelude pointer in the child
     * table (native.md 4.1) */
    size_t idx = ((const uintptr_t *)fun->bytecode)[0];
    /* without children the child table pointer is the prelude itself */
    return idx == 0 ? (const byte *)fun->child_table : (const byte *)fun->child_table[idx];
}

void mp_setup_code_state_native(mp_code_state_native_t *code_state, size_t n_args,
    size_t n_kw, const mp_obj_t *args) {
    /* the machine code has set fun_bc and n_state (objects.md 4.6); binding
     * zeroes the rest of state[] and leaves ip after the prelude */
    mp_obj_fun_bc_t *self = code_state->fun_bc;
    code_state->ip = bind_args(self, mp_obj_fun_native_get_prelude(self), code_state->state,
        code_state->n_state, n_args, n_kw, args);
    code_state->sp = &code_state->state[0] - 1;
}
