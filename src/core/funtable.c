/*
 * The native function table (../shared/spec/native.md section 6): the 87
 * words through which machine code (native, viper, natmods) reaches the
 * runtime. Entries are direct pointers to the runtime's own functions with
 * the C signatures of the spec (design note 4); data entries hold the
 * immediate objects, the stdout printer and type/method objects.
 *
 * Also here: the few entries that exist only for native modules and have no
 * other user in Mica (the stream-protocol helpers 66 and 83..86), kept small
 * but real, since a natmod may call them.
 */
#include <setjmp.h>
#include <string.h>

#include "core/funtable.h"
#include "core/runtime.h"
#include "modules/binary.h"
#include "vm/bc.h"

/* errno numbers as MicroPython (and Linux) number them */
#define FT_EAGAIN (11)
#define FT_EINVAL (22)

/* ---- stream protocol (entries 66, 83..86) -------------------------- */

/* Entry 66: the stream protocol of o with the operations in flags (1 read,
 * 2 write, 4 ioctl); OSError(EINVAL) if o is not such a stream. */
static const mp_stream_p_t *ft_get_stream_raise(mp_obj_t o, int flags) {
    const mp_obj_type_t *type = mp_obj_get_type(o);
    const mp_stream_p_t *s = mp_type_protocol(type);
    if (s == NULL || ((flags & MP_STREAM_OP_READ) && s->read == NULL)
        || ((flags & MP_STREAM_OP_WRITE) && s->write == NULL)
        || ((flags & MP_STREAM_OP_IOCTL) && s->ioctl == NULL)) {
        mp_raise_OSError(FT_EINVAL);
    }
    return s;
}

/* The byte count argument of read/readline/readinto: -1 when absent or None. */
static mp_int_t ft_size_arg(size_t n_args, const mp_obj_t *args, size_t i) {
    if (n_args > i && args[i] != mp_const_none) {
        return mp_obj_get_int(args[i]);
    }
    return -1;
}

static mp_obj_t ft_stream_result(const mp_stream_p_t *s, vstr_t *v) {
    return s->is_text ? mp_obj_new_str_from_vstr(v) : mp_obj_new_bytes_from_vstr(v);
}

/* read([n]): up to n bytes, or everything up to the end of the stream;
 * None if the stream would block before anything was read. */
static mp_obj_t ft_stream_read(size_t n_args, const mp_obj_t *args) {
    const mp_stream_p_t *s = ft_get_stream_raise(args[0], MP_STREAM_OP_READ);
    mp_int_t want = ft_size_arg(n_args, args, 1);
    vstr_t v;
    vstr_init(&v, want >= 0 ? (size_t)want + 1 : 64);
    for (;;) {
        size_t chunk = want >= 0 ? (size_t)want - v.len : 256;
        if (chunk == 0) {
            break;
        }
        char *p = vstr_add_len(&v, chunk);
        int err = 0;
        mp_uint_t got = s->read(args[0], p, chunk, &err);
        if (got == MP_STREAM_ERROR) {
            vstr_cut_tail_bytes(&v, chunk);
            if (err == FT_EAGAIN) {
                if (v.len == 0) {
                    vstr_clear(&v);
                    return mp_const_none;
                }
                break;
            }
            mp_raise_OSError(err);
        }
        if (got > chunk) {
            got = chunk; /* a misbehaving stream must not grow the buffer */
        }
        vstr_cut_tail_bytes(&v, chunk - got);
        if (got == 0) {
            break;
        }
    }
    return ft_stream_result(s, &v);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(ft_stream_read_obj, 1, 2, ft_stream_read);

/* readinto(buf[, n]): fill buf (or its first n bytes); the count read. */
static mp_obj_t ft_stream_readinto(size_t n_args, const mp_obj_t *args) {
    const mp_stream_p_t *s = ft_get_stream_raise(args[0], MP_STREAM_OP_READ);
    mp_buffer_info_t bufinfo;
    mp_get_buffer_raise(args[1], &bufinfo, MP_BUFFER_WRITE);
    size_t len = bufinfo.len;
    mp_int_t n = ft_size_arg(n_args, args, 2);
    if (n >= 0 && (size_t)n < len) {
        len = (size_t)n;
    }
    size_t done = 0;
    while (done < len) {
        int err = 0;
        mp_uint_t got = s->read(args[0], (byte *)bufinfo.buf + done, len - done, &err);
        if (got == MP_STREAM_ERROR) {
            if (err == FT_EAGAIN) {
                if (done == 0) {
                    return mp_const_none;
                }
                break;
            }
            mp_raise_OSError(err);
        }
        if (got == 0) {
            break;
        }
        done += got < len - done ? got : len - done;
    }
    return MP_OBJ_NEW_SMALL_INT(done);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(ft_stream_readinto_obj, 2, 3, ft_stream_readinto);

/* readline([n]): bytes up to and including the next newline, reading one
 * byte at a time (no buffering, so nothing is read past the line). */
static mp_obj_t ft_stream_readline(size_t n_args, const mp_obj_t *args) {
    const mp_stream_p_t *s = ft_get_stream_raise(args[0], MP_STREAM_OP_READ);
    mp_int_t max = ft_size_arg(n_args, args, 1);
    vstr_t v;
    vstr_init(&v, 16);
    while (max < 0 || v.len < (size_t)max) {
        char c;
        int err = 0;
        mp_uint_t got = s->read(args[0], &c, 1, &err);
        if (got == MP_STREAM_ERROR) {
            if (err == FT_EAGAIN) {
                if (v.len == 0) {
                    vstr_clear(&v);
                    return mp_const_none;
                }
                break;
            }
            mp_raise_OSError(err);
        }
        if (got == 0) {
            break;
        }
        vstr_add_byte(&v, (byte)c);
        if (c == '\n') {
            break;
        }
    }
    return ft_stream_result(s, &v);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(ft_stream_readline_obj, 1, 2, ft_stream_readline);

/* write(buf[, n]) or write(buf, off, n): the number of bytes written. */
static mp_obj_t ft_stream_write(size_t n_args, const mp_obj_t *args) {
    const mp_stream_p_t *s = ft_get_stream_raise(args[0], MP_STREAM_OP_WRITE);
    mp_buffer_info_t bufinfo;
    mp_get_buffer_raise(args[1], &bufinfo, MP_BUFFER_READ);
    size_t off = 0, len = bufinfo.len;
    if (n_args == 4) {
        mp_int_t o = mp_obj_get_int(args[2]);
        off = o < 0 ? 0 : (size_t)o > len ? len : (size_t)o;
    }
    len -= off;
    if (n_args >= 3) {
        mp_int_t n = mp_obj_get_int(args[n_args - 1]);
        if (n >= 0 && (size_t)n < len) {
            len = (size_t)n;
        }
    }
    size_t done = 0;
    while (done < len) {
        int err = 0;
        mp_uint_t put = s->write(args[0], (const byte *)bufinfo.buf + off + done, len - done,
            &err);
        if (put == MP_STREAM_ERROR) {
            if (err == FT_EAGAIN) {
                if (done == 0) {
                    return mp_const_none;
                }
                break;
            }
            mp_raise_OSError(err);
        }
        if (put == 0) {
            break;
        }
        done += put < len - done ? put : len - done;
    }
    return MP_OBJ_NEW_SMALL_INT(done);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(ft_stream_write_obj, 2, 4, ft_stream_write);

/* ---- the table ------------------------------------------------------ */

/* Function pointers are stored as data words (the table is an array of
 * words for machine code); POSIX guarantees the conversion round-trips. */
#define FT_FUN(f) ((const void *)(uintptr_t)(f))

const void *const mp_fun_table[MP_FUN_TABLE_SIZE] = {
    /* 0..2: the immediate objects None, False, True as data */
    mp_const_none,
    mp_const_false,
    mp_const_true,
    FT_FUN(mp_native_from_obj),              /* 3 */
    FT_FUN(mp_native_to_obj),                /* 4 */
    FT_FUN(mp_native_swap_globals),          /* 5 */
    FT_FUN(mp_load_name),                    /* 6 */
    FT_FUN(mp_load_global),                  /* 7 */
    FT_FUN(mp_load_build_class),             /* 8 */
    FT_FUN(mp_load_attr),                    /* 9 */
    FT_FUN(mp_load_method),                  /* 10 */
    FT_FUN(mp_load_super_method),            /* 11 */
    FT_FUN(mp_store_name),                   /* 12 */
    FT_FUN(mp_store_global),                 /* 13 */
    FT_FUN(mp_store_attr),                   /* 14 */
    FT_FUN(mp_obj_subscr),                   /* 15 */
    FT_FUN(mp_obj_is_true),                  /* 16 */
    FT_FUN(mp_unary_op),                     /* 17 */
    FT_FUN(mp_binary_op),                    /* 18 */
    FT_FUN(mp_obj_new_tuple),                /* 19 */
    FT_FUN(mp_obj_new_list),                 /* 20 */
    FT_FUN(mp_obj_new_dict),                 /* 21 */
    FT_FUN(mp_obj_new_set),                  /* 22 */
    FT_FUN(mp_obj_set_store),                /* 23 */
    FT_FUN(mp_obj_list_append),              /* 24 */
    FT_FUN(mp_obj_dict_store),               /* 25 */
    FT_FUN(mp_make_function_from_proto_fun), /* 26 */
    FT_FUN(mp_native_call_function_n_kw),    /* 27 */
    FT_FUN(mp_call_method_n_kw),             /* 28 */
    FT_FUN(mp_call_method_n_kw_var),         /* 29 */
    FT_FUN(mp_native_getiter),               /* 30 */
    FT_FUN(mp_native_iternext),              /* 31 */
#if MICA_NLR_X64 || MICA_NLR_THUMB
    FT_FUN(nlr_push),                        /* 32 */
#else
    FT_FUN(nlr_push_tail),                   /* 32: setjmp hosts, with 49 */
#endif
    FT_FUN(nlr_pop),                         /* 33 */
    FT_FUN(mp_native_raise),                 /* 34 */
    FT_FUN(mp_import_name),                  /* 35 */
    FT_FUN(mp_import_from),                  /* 36 */
    FT_FUN(mp_import_all),                   /* 37 */
    FT_FUN(mp_obj_new_slice),                /* 38 */
    FT_FUN(mp_unpack_sequence),              /* 39 */
    FT_FUN(mp_unpack_ex),                    /* 40 */
    FT_FUN(mp_delete_name),                  /* 41 */
    FT_FUN(mp_delete_global),                /* 42 */
    FT_FUN(mp_obj_new_closure),              /* 43 */
    FT_FUN(mp_arg_check_num_sig),            /* 44 */
    FT_FUN(mp_setup_code_state_native),      /* 45 */
    FT_FUN(mp_small_int_floor_divide),       /* 46 */
    FT_FUN(mp_small_int_modulo),             /* 47 */
    FT_FUN(mp_native_yield_from),            /* 48 */
    /* 49: only code for setjmp-based targets calls it; the C library's own
     * setjmp (a wrapper could not work: its frame would be gone) */
    FT_FUN(setjmp),
    FT_FUN(memset),                          /* 50 */
    FT_FUN(memmove),                         /* 51 */
    FT_FUN(m_realloc_maybe),                 /* 52: NULL -> alloc, 0 -> free */
    FT_FUN(mp_printf),                       /* 53 */
    FT_FUN(mp_vprintf),                      /* 54 */
    FT_FUN(mp_raise_msg),                    /* 55 */
    FT_FUN(mp_obj_get_type),                 /* 56 */
    FT_FUN(mp_obj_new_str),                  /* 57 */
    FT_FUN(mp_obj_new_bytes),                /* 58 */
    FT_FUN(mp_obj_new_bytearray_by_ref),     /* 59 */
    FT_FUN(mp_obj_new_float_from_f),         /* 60 */
    FT_FUN(mp_obj_new_float_from_d),         /* 61 */
    FT_FUN(mp_obj_get_float_to_f),           /* 62 */
    FT_FUN(mp_obj_get_float_to_d),           /* 63 */
    FT_FUN(mp_load_method_maybe),            /* 64 */
    FT_FUN(mp_get_buffer),                   /* 65 */
    FT_FUN(ft_get_stream_raise),             /* 66 */
    FT_FUN(mp_arg_parse_all),                /* 67 */
    FT_FUN(mp_arg_parse_all_kw_array),       /* 68 */
    FT_FUN(mp_binary_get_size),              /* 69 */
    FT_FUN(mp_binary_get_val_array),         /* 70 */
    FT_FUN(mp_binary_set_val_array),         /* 71 */
    &mp_plat_print,                          /* 72 */
    &mp_type_type,                           /* 73 */
    &mp_type_str,                            /* 74 */
    &mp_type_list,                           /* 75 */
    &mp_type_dict,                           /* 76 */
    &mp_type_fun_builtin_0,                  /* 77 */
    &mp_type_fun_builtin_1,                  /* 78 */
    &mp_type_fun_builtin_2,                  /* 79 */
    &mp_type_fun_builtin_3,                  /* 80 */
    &mp_type_fun_builtin_var,                /* 81 */
    &mp_type_Exception,                      /* 82 */
    &ft_stream_read_obj,                     /* 83 */
    &ft_stream_readinto_obj,                 /* 84 */
    &ft_stream_readline_obj,                 /* 85 */
    &ft_stream_write_obj,                    /* 86 */
};

/* The order is an ABI: a wrong count breaks every natmod. */
_Static_assert(sizeof(mp_fun_table) == MP_FUN_TABLE_SIZE * sizeof(void *),
    "function table must have 87 words");
