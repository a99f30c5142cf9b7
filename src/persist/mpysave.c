/*
 * The .mpy writer: turns a compiled module (raw-code tree plus its qstr and
 * constant tables) into .mpy 6.3 bytes, byte-identical to the reference
 * mpy-cross for the same tables (mpy-format.md sections 3-6).
 */
#include <string.h>
#include "persist/mpyfmt.h"
#include "persist/mpysave.h"
#include "core/funtable.h"
#include "types/floatfmt.h"

static void save_qstr(vstr_t *out, qstr q) {
    if (q >= 1 && q <= MP_QSTR_NUM_STATIC) {
        /* static qstrs are written by number (the writer rule of 4) */
        mpy_put_vuint(out, (q << 1) | 1);
        return;
    }
    size_t len;
    const byte *data = qstr_data(q, &len);
    mpy_put_vuint(out, len << 1);
    vstr_add_strn(out, (const char *)data, len);
    vstr_add_byte(out, 0);
}

static void save_text(vstr_t *out, byte tag, const char *text, size_t len, bool nul) {
    vstr_add_byte(out, tag);
    mpy_put_vuint(out, len);
    vstr_add_strn(out, text, len);
    if (nul) {
        vstr_add_byte(out, 0);
    }
}

/* the imaginary part of a complex constant: float text without a forced ".0" */
static size_t imag_text(double v, char *buf, size_t size) {
    int n = mp_float_repr(v, buf, size - 1);
    if (n >= 2 && strcmp(buf + n - 2, ".0") == 0) {
        n -= 2;
    }
    buf[n++] = 'j';
    buf[n] = '\0';
    return n;
}

static void save_obj(vstr_t *out, mp_obj_t o) {
    if (o == MP_OBJ_FROM_PTR(mp_fun_table)) {
        /* the compiler's entry for the native function table */
        vstr_add_byte(out, MPY_OBJ_FUN_TABLE);
    } else if (o == mp_const_none) {
        vstr_add_byte(out, MPY_OBJ_NONE);
    } else if (o == mp_const_false) {
        vstr_add_byte(out, MPY_OBJ_FALSE);
    } else if (o == mp_const_true) {
        vstr_add_byte(out, MPY_OBJ_TRUE);
    } else if (o == mp_const_ellipsis) {
        vstr_add_byte(out, MPY_OBJ_ELLIPSIS);
    } else if (mp_obj_is_str(o)) {
        size_t len;
        const char *s = mp_obj_str_get_data(o, &len);
        save_text(out, MPY_OBJ_STR, s, len, true);
    } else if (mp_obj_is_type(o, &mp_type_bytes)) {
        size_t len;
        const char *s = mp_obj_str_get_data(o, &len);
        save_text(out, MPY_OBJ_BYTES, s, len, true);
    } else if (mp_obj_is_int(o)) {
        vstr_t text;
        mp_print_t print;
        vstr_init_print(&text, 16, &print);
        mp_obj_print_helper(&print, o, PRINT_STR);
        save_text(out, MPY_OBJ_INT, text.buf, text.len, false);
        vstr_clear(&text);
    } else if (mp_obj_is_float(o)) {
        char buf[40];
        int n = mp_float_repr(mp_obj_get_float(o), buf, sizeof(buf));
        save_text(out, MPY_OBJ_FLOAT, buf, n, false);
    } else if (mp_obj_is_type(o, &mp_type_complex)) {
        double re, im;
        mp_obj_get_complex(o, &re, &im);
        char buf[96];
        size_t n;
        if (re == 0.0 && !(1.0 / re < 0)) {
            n = imag_text(im, buf, sizeof(buf));
        } else {
            vstr_t text;
            mp_print_t print;
            vstr_init_print(&text, 32, &print);
            mp_obj_print_helper(&print, o, PRINT_REPR);
            n = text.len < sizeof(buf) - 1 ? text.len : sizeof(buf) - 1;
            memcpy(buf, text.buf, n);
            vstr_clear(&text);
        }
        save_text(out, MPY_OBJ_COMPLEX, buf, n, false);
    } else if (mp_obj_is_type(o, &mp_type_tuple)) {
        size_t n;
        mp_obj_t *items;
        mp_obj_tuple_get(o, &n, &items);
        vstr_add_byte(out, MPY_OBJ_TUPLE);
        mpy_put_vuint(out, n);
        for (size_t i = 0; i < n; i++) {
            save_obj(out, items[i]);
        }
    } else {
        mp_raise_msg_varg(&mp_type_ValueError, "can't save constant of type '%s'",
            mp_obj_get_type_str(o));
    }
}

static byte file_kind(const mp_raw_code_t *rc) {
    switch (rc->kind) {
        case MP_CODE_NATIVE_PY:
            return MPY_CODE_NATIVE;
        case MP_CODE_NATIVE_VIPER:
            return MPY_CODE_VIPER;
        case MP_CODE_NATIVE_ASM:
            return MPY_CODE_ASM;
        default:
            return MPY_CODE_BYTECODE;
    }
}

static void save_raw_code(vstr_t *out, const mp_raw_code_t *rc) {
    byte kind = file_kind(rc);
    bool has_children = rc->n_children > 0;
    mpy_put_vuint(out, (rc->fun_data_len << 3) | ((size_t)has_children << 2) | kind);
    vstr_add_strn(out, (const char *)rc->fun_data, rc->fun_data_len);
    if (kind == MPY_CODE_NATIVE) {
        mpy_put_vuint(out, rc->prelude_offset);
    } else if (kind == MPY_CODE_VIPER || kind == MPY_CODE_ASM) {
        mpy_put_vuint(out, rc->scope_flags);
        if (kind == MPY_CODE_ASM) {
            mpy_put_vuint(out, rc->n_pos_args);
            mpy_put_vuint(out, rc->type_sig);
        }
    }
    if (has_children) {
        mpy_put_vuint(out, rc->n_children);
        for (size_t i = 0; i < rc->n_children; i++) {
            save_raw_code(out, rc->children[i]);
        }
    }
}

void mp_mpy_save(const mp_compiled_module_t *cm, int small_int_bits, vstr_t *out) {
    vstr_add_byte(out, MPY_MAGIC);
    vstr_add_byte(out, MPY_VERSION);
    /* bytecode-only files say 6.0 on purpose (mpy-format.md 3.1) */
    vstr_add_byte(out, cm->has_native ? (byte)((cm->arch << 2) | MPY_SUB_VERSION) : 0);
    vstr_add_byte(out, (byte)small_int_bits);
    mpy_put_vuint(out, cm->n_qstr);
    mpy_put_vuint(out, cm->n_obj);
    for (size_t i = 0; i < cm->n_qstr; i++) {
        save_qstr(out, cm->context->constants.qstr_table[i]);
    }
    for (size_t i = 0; i < cm->n_obj; i++) {
        save_obj(out, cm->context->constants.obj_table[i]);
    }
    save_raw_code(out, cm->rc);
}
