/*
 * Example natmod `funcs`: functions of 0, 1, 2, 3 and variable arguments
 * (with and without keywords), big ints, str, bytes, list, tuple, dict and
 * float objects, C library calls the linker maps to the runtime (memset,
 * memcpy), printing, and raising exceptions of several kinds.
 * Built by natmod/build.py; run by tests/natmod/run.py (funcs_test.py).
 */
#include "py/dynruntime.h"

/* hello() -> a str made from C bytes */
static mp_obj_t hello(void) {
    return mp_obj_new_str("hello from C", 12);
}
static MP_DEFINE_CONST_FUN_OBJ_0(hello_obj, hello);

/* total(seq) -> sum of a list or tuple, through the runtime's + (so it
 * works for big ints and floats too); TypeError for other objects */
static mp_obj_t total(mp_obj_t seq) {
    size_t n;
    mp_obj_t *items;
    mp_obj_get_array(seq, &n, &items);
    mp_obj_t acc = MP_OBJ_NEW_SMALL_INT(0);
    for (size_t i = 0; i < n; i++) {
        acc = mp_binary_op(MP_BINARY_OP_ADD, acc, items[i]);
    }
    return acc;
}
static MP_DEFINE_CONST_FUN_OBJ_1(total_obj, total);

/* mul(a, b) -> a * b computed in C words, then boxed (big if needed) */
static mp_obj_t mul(mp_obj_t a, mp_obj_t b) {
    return mp_obj_new_int(mp_obj_get_int(a) * mp_obj_get_int(b));
}
static MP_DEFINE_CONST_FUN_OBJ_2(mul_obj, mul);

/* clamp(x, lo, hi); ValueError if lo > hi */
static mp_obj_t clamp(mp_obj_t x_in, mp_obj_t lo_in, mp_obj_t hi_in) {
    mp_int_t x = mp_obj_get_int(x_in), lo = mp_obj_get_int(lo_in), hi = mp_obj_get_int(hi_in);
    if (lo > hi) {
        mp_raise_ValueError(MP_ERROR_TEXT("empty range"));
    }
    return mp_obj_new_int(x < lo ? lo : x > hi ? hi : x);
}
static MP_DEFINE_CONST_FUN_OBJ_3(clamp_obj, clamp);

/* biggest(a, b[, c[, d]]) */
static mp_obj_t biggest(size_t n_args, const mp_obj_t *args) {
    mp_obj_t best = args[0];
    for (size_t i = 1; i < n_args; i++) {
        if (mp_obj_is_true(mp_binary_op(MP_BINARY_OP_MORE, args[i], best))) {
            best = args[i];
        }
    }
    return best;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(biggest_obj, 2, 4, biggest);

/* count(*args) -> number of arguments as a tuple (n, n * 1000000007 ** 3) */
static mp_obj_t count(size_t n_args, const mp_obj_t *args) {
    mp_obj_t big = mp_obj_new_int(1000000007);
    mp_obj_t cube = mp_binary_op(MP_BINARY_OP_POWER, big, MP_OBJ_NEW_SMALL_INT(3));
    mp_obj_t items[2] = {
        MP_OBJ_NEW_SMALL_INT(n_args),
        mp_binary_op(MP_BINARY_OP_MULTIPLY, cube, MP_OBJ_NEW_SMALL_INT(n_args)),
    };
    return mp_obj_new_tuple(2, items);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(count_obj, 0, count);

/* describe(*args, **kw) -> dict {'args': n, 'keys': [k...]} */
static mp_obj_t describe(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    mp_obj_t d = mp_obj_new_dict(2);
    mp_obj_dict_store(d, MP_OBJ_NEW_QSTR(MP_QSTR_args), MP_OBJ_NEW_SMALL_INT(n_args));
    mp_obj_t keys = mp_obj_new_list(0, NULL);
    for (size_t i = 0; i < kw->alloc; i++) {
        mp_obj_t k = kw->table[i].key;
        if (k != MP_OBJ_NULL && k != MP_OBJ_SENTINEL) {
            mp_obj_list_append(keys, k);
        }
    }
    mp_obj_dict_store(d, MP_OBJ_NEW_QSTR(MP_QSTR_keys), keys);
    return d;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(describe_obj, 0, describe);

/* shout(s, width) -> s upper-cased, padded with '!' to width; uses memset
 * and memcpy with run-time sizes, so the linker's stubs are exercised */
static mp_obj_t shout(mp_obj_t s_in, mp_obj_t width_in) {
    size_t len;
    const char *s = mp_obj_str_get_data(s_in, &len);
    mp_int_t width = mp_obj_get_int(width_in);
    if (width < 0 || width > 1000) {
        mp_raise_ValueError(MP_ERROR_TEXT("bad width"));
    }
    size_t n = (size_t)width > len ? (size_t)width : len;
    char *buf = m_new(char, n);
    memset(buf, '!', n);
    memcpy(buf, s, len);
    for (size_t i = 0; i < len; i++) {
        if (buf[i] >= 'a' && buf[i] <= 'z') {
            buf[i] = (char)(buf[i] - 'a' + 'A');
        }
    }
    mp_obj_t r = mp_obj_new_str(buf, n);
    m_free(buf);
    return r;
}
static MP_DEFINE_CONST_FUN_OBJ_2(shout_obj, shout);

/* rotate(bytes, k) -> the bytes rotated left by k, with memmove (which the
 * compiler always calls) and memset reached through a function pointer
 * (a GOT entry for the linker's memset stub) */
static mp_obj_t rotate(mp_obj_t b_in, mp_obj_t k_in) {
    size_t len;
    const char *src = mp_obj_str_get_data(b_in, &len);
    if (len == 0) {
        return b_in;
    }
    size_t k = (size_t)mp_obj_get_int(k_in) % len;
    byte *buf = m_new(byte, 2 * len);
    void *(*clear_fn)(void *, int, size_t) = memset;
    __asm__("" : "+r"(clear_fn)); /* hide the target: a real call via the GOT */
    clear_fn(buf, 0, 2 * len);
    memmove(buf, src, len);
    memmove(buf + len, buf, k);
    memmove(buf, buf + k, len);
    mp_obj_t r = mp_obj_new_bytes(buf, len);
    m_free(buf);
    return r;
}
static MP_DEFINE_CONST_FUN_OBJ_2(rotate_obj, rotate);

/* squares(n) -> [0, 1, 4, ...], filling the items of a new list directly */
static mp_obj_t squares(mp_obj_t n_in) {
    mp_int_t n = mp_obj_get_int(n_in);
    if (n < 0) {
        mp_raise_msg(&mp_type_IndexError, MP_ERROR_TEXT("negative length"));
    }
    mp_obj_list_t *l = MP_OBJ_TO_PTR(mp_obj_new_list(n, NULL));
    for (mp_int_t i = 0; i < n; i++) {
        l->items[i] = mp_obj_new_int(i * i);
    }
    return MP_OBJ_FROM_PTR(l);
}
static MP_DEFINE_CONST_FUN_OBJ_1(squares_obj, squares);

/* checksum(buf) -> sum of the bytes of any buffer (bytes, bytearray, ...) */
static mp_obj_t checksum(mp_obj_t buf_in) {
    mp_buffer_info_t info;
    mp_get_buffer_raise(buf_in, &info, MP_BUFFER_READ);
    mp_uint_t sum = 0;
    for (size_t i = 0; i < info.len; i++) {
        sum += ((const byte *)info.buf)[i];
    }
    return mp_obj_new_int_from_uint(sum);
}
static MP_DEFINE_CONST_FUN_OBJ_1(checksum_obj, checksum);

/* fail(kind) raises: 0 ValueError, 1 TypeError, 2 KeyError(kind),
 * 3 OSError(2), 4 NotImplementedError, 5 RuntimeError via nlr_raise */
static mp_obj_t fail(mp_obj_t kind_in) {
    switch (mp_obj_get_int(kind_in)) {
        case 0:
            mp_raise_ValueError(MP_ERROR_TEXT("bad value"));
        case 1:
            mp_raise_TypeError(MP_ERROR_TEXT("bad type"));
        case 2:
            nlr_raise(mp_obj_new_exception_arg1(&mp_type_KeyError, kind_in));
        case 3:
            mp_raise_OSError(2);
        case 4:
            mp_raise_NotImplementedError(NULL);
        default:
            nlr_raise(mp_obj_new_exception_arg1(&mp_type_RuntimeError,
                MP_OBJ_NEW_QSTR(MP_QSTR_custom_message)));
    }
}
static MP_DEFINE_CONST_FUN_OBJ_1(fail_obj, fail);

/* scale(x, k) -> float(x) * k as a float object */
static mp_obj_t scale(mp_obj_t x, mp_obj_t k) {
    return mp_obj_new_float(mp_obj_get_float(x) * mp_obj_get_float(k));
}
static MP_DEFINE_CONST_FUN_OBJ_2(scale_obj, scale);

/* show(x) prints through the runtime's printf */
static mp_obj_t show(mp_obj_t x) {
    mp_printf(&mp_plat_print, "show: %d items, type %q\n", (int)mp_obj_len(x),
        (qstr)mp_obj_get_type(x)->name);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(show_obj, show);

/* kinds() -> the runtime types reached through the function table and
 * load_global, as a tuple; and the empty constants */
static mp_obj_t kinds(void) {
    mp_obj_t items[6] = {
        MP_OBJ_FROM_PTR(&mp_type_int), MP_OBJ_FROM_PTR(&mp_type_str),
        MP_OBJ_FROM_PTR(&mp_type_list), MP_OBJ_FROM_PTR(&mp_type_tuple),
        mp_const_empty_tuple, mp_const_empty_bytes,
    };
    return mp_obj_new_tuple(6, items);
}
static MP_DEFINE_CONST_FUN_OBJ_0(kinds_obj, kinds);

/* upper_of(s) -> s.upper(), a method call through load_method */
static mp_obj_t upper_of(mp_obj_t s) {
    mp_obj_t dest[2];
    mp_load_method(s, MP_QSTR_upper, dest);
    return mp_call_method_n_kw(0, 0, dest);
}
static MP_DEFINE_CONST_FUN_OBJ_1(upper_of_obj, upper_of);

/* byteorder() -> sys.byteorder, importing sys from C */
static mp_obj_t byteorder(void) {
    mp_obj_t sys = mp_import_name(MP_QSTR_sys, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
    return mp_load_attr(sys, MP_QSTR_byteorder);
}
static MP_DEFINE_CONST_FUN_OBJ_0(byteorder_obj, byteorder);

/* item(o, i) -> o[i] */
static mp_obj_t item(mp_obj_t o, mp_obj_t i) {
    return mp_obj_subscr(o, i, MP_OBJ_SENTINEL);
}
static MP_DEFINE_CONST_FUN_OBJ_2(item_obj, item);

/* isum(iterable) -> sum of any iterable; the iterator lives in a stack
 * buffer (function-table entries 30, 31: iterate through the buffer) */
static mp_obj_t isum(mp_obj_t iterable) {
    mp_obj_iter_buf_t buf;
    mp_getiter(iterable, &buf);
    mp_obj_t acc = MP_OBJ_NEW_SMALL_INT(0), x;
    while ((x = mp_iternext(&buf)) != MP_OBJ_STOP_ITERATION) {
        acc = mp_binary_op(MP_BINARY_OP_ADD, acc, x);
    }
    return acc;
}
static MP_DEFINE_CONST_FUN_OBJ_1(isum_obj, isum);

mp_obj_t mpy_init(mp_obj_fun_bc_t *self, size_t n_args, size_t n_kw, mp_obj_t *args) {
    MP_DYNRUNTIME_INIT_ENTRY

    mp_store_global(MP_QSTR_hello, MP_OBJ_FROM_PTR(&hello_obj));
    mp_store_global(MP_QSTR_total, MP_OBJ_FROM_PTR(&total_obj));
    mp_store_global(MP_QSTR_mul, MP_OBJ_FROM_PTR(&mul_obj));
    mp_store_global(MP_QSTR_clamp, MP_OBJ_FROM_PTR(&clamp_obj));
    mp_store_global(MP_QSTR_biggest, MP_OBJ_FROM_PTR(&biggest_obj));
    mp_store_global(MP_QSTR_count, MP_OBJ_FROM_PTR(&count_obj));
    mp_store_global(MP_QSTR_describe, MP_OBJ_FROM_PTR(&describe_obj));
    mp_store_global(MP_QSTR_shout, MP_OBJ_FROM_PTR(&shout_obj));
    mp_store_global(MP_QSTR_rotate, MP_OBJ_FROM_PTR(&rotate_obj));
    mp_store_global(MP_QSTR_squares, MP_OBJ_FROM_PTR(&squares_obj));
    mp_store_global(MP_QSTR_checksum, MP_OBJ_FROM_PTR(&checksum_obj));
    mp_store_global(MP_QSTR_fail, MP_OBJ_FROM_PTR(&fail_obj));
    mp_store_global(MP_QSTR_scale, MP_OBJ_FROM_PTR(&scale_obj));
    mp_store_global(MP_QSTR_show, MP_OBJ_FROM_PTR(&show_obj));
    mp_store_global(MP_QSTR_kinds, MP_OBJ_FROM_PTR(&kinds_obj));
    mp_store_global(MP_QSTR_upper_of, MP_OBJ_FROM_PTR(&upper_of_obj));
    mp_store_global(MP_QSTR_byteorder, MP_OBJ_FROM_PTR(&byteorder_obj));
    mp_store_global(MP_QSTR_item, MP_OBJ_FROM_PTR(&item_obj));
    mp_store_global(MP_QSTR_isum, MP_OBJ_FROM_PTR(&isum_obj));
    mp_store_global(MP_QSTR_ANSWER, MP_OBJ_NEW_SMALL_INT(42));
    mp_store_global(MP_QSTR_NAME, MP_OBJ_NEW_QSTR(MP_QSTR_funcs));
    mp_store_global(MP_QSTR_BIG, mp_obj_new_int_from_uint((mp_uint_t)-1));

    MP_DYNRUNTIME_INIT_EXIT
}
