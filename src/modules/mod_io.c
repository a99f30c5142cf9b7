/*
 * The `io` module: in-memory streams (StringIO, BytesIO) and the file
 * objects that open() returns (io.open is the same function).
 *
 * Both kinds of stream keep a byte position, as MicroPython's do (tell()
 * and seek() count bytes of the UTF-8 text), while read(n) on a text
 * stream counts characters. As in MicroPython, write() takes str or any
 * bytes-like object on every stream, and seeking before the start raises
 * OSError(EINVAL).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/runtime.h"
#include "modules/modules.h"

/* ---- in-memory streams ---------------------------------------------------- */

typedef struct _memio_t {
    mp_obj_base_t base;
    vstr_t *data;
    size_t pos;
    bool closed;
} memio_t;

extern const mp_obj_type_t mp_type_stringio;
extern const mp_obj_type_t mp_type_bytesio;

static memio_t *memio_open(mp_obj_t self_in) {
    memio_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->closed) {
        mp_raise_ValueError("I/O operation on closed file");
    }
    return self;
}

static bool memio_is_text(mp_obj_t self_in) {
    return mp_obj_get_type(self_in) == &mp_type_stringio;
}

/* str for a StringIO, bytes for a BytesIO */
static mp_obj_t memio_result(mp_obj_t self_in, const char *data, size_t len) {
    if (memio_is_text(self_in)) {
        return mp_obj_new_str(data, len);
    }
    return mp_obj_new_bytes((const byte *)data, len);
}

/* the bytes of a write() argument: a str or anything with a buffer */
static const char *write_arg(mp_obj_t arg, bool text, size_t *len) {
    (void)text;
    if (mp_obj_is_str(arg)) {
        return mp_obj_str_get_data(arg, len);
    }
    mp_buffer_info_t bi;
    mp_get_buffer_raise(arg, &bi, MP_BUFFER_READ);
    *len = bi.len;
    return bi.buf;
}

static void memio_put(memio_t *self, const char *data, size_t len) {
    vstr_t *v = self->data;
    if (self->pos > v->len) {
        /* a seek beyond the end leaves a gap of zero bytes */
        size_t gap = self->pos - v->len;
        memset(vstr_add_len(v, gap), 0, gap);
    }
    size_t overlap = v->len - self->pos;
    if (overlap > len) {
        overlap = len;
    }
    memcpy(v->buf + self->pos, data, overlap);
    vstr_add_strn(v, data + overlap, len - overlap);
    self->pos += len;
}

static mp_obj_t memio_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 1, false);
    memio_t *self = m_new_obj(memio_t);
    self->base.type = type;
    self->data = m_new_obj(vstr_t);
    self->pos = 0;
    self->closed = false;
    if (n_args == 1 && mp_obj_is_small_int(args[0])) {
        vstr_init(self->data, (size_t)MP_OBJ_SMALL_INT_VALUE(args[0]) + 1); /* a size hint */
    } else {
        vstr_init(self->data, 16);
        if (n_args == 1) {
            size_t len;
            const char *data = write_arg(args[0], type == &mp_type_stringio, &len);
            vstr_add_strn(self->data, data, len);
        }
    }
    return MP_OBJ_FROM_PTR(self);
}

static mp_obj_t memio_write(mp_obj_t self_in, mp_obj_t arg) {
    memio_t *self = memio_open(self_in);
    size_t len;
    const char *data = write_arg(arg, memio_is_text(self_in), &len);
    memio_put(self, data, len);
    return MP_OBJ_NEW_SMALL_INT(len);
}
static MP_DEFINE_CONST_FUN_OBJ_2(memio_write_obj, memio_write);

static mp_int_t size_arg(size_t n_args, const mp_obj_t *args) {
    return n_args > 1 && args[1] != mp_const_none ? mp_obj_get_int(args[1]) : -1;
}

/* bytes taken by the first n_chars UTF-8 characters of buf[0:len] */
static size_t utf8_span(const char *buf, size_t len, size_t n_chars) {
    size_t i = 0;
    while (n_chars > 0 && i < len) {
        i++;
        while (i < len && ((byte)buf[i] & 0xc0) == 0x80) {
            i++; /* continuation bytes */
        }
        n_chars--;
    }
    return i;
}

static mp_obj_t memio_read(size_t n_args, const mp_obj_t *args) {
    memio_t *self = memio_open(args[0]);
    mp_int_t max = size_arg(n_args, args);
    size_t avail = self->pos < self->data->len ? self->data->len - self->pos : 0;
    size_t n = max < 0 || (size_t)max > avail ? avail : (size_t)max;
    if (max > 0 && memio_is_text(args[0])) {
        n = utf8_span(self->data->buf + self->pos, avail, (size_t)max);
    }
    mp_obj_t r = memio_result(args[0], self->data->buf + self->pos, n);
    self->pos += n;
    return r;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(memio_read_obj, 1, 2, memio_read);

/* one line (with its '\n'), at most max bytes; "" at the end */
static mp_obj_t memio_readline_n(mp_obj_t self_in, mp_int_t max) {
    memio_t *self = memio_open(self_in);
    size_t start = self->pos, end = self->pos;
    while (end < self->data->len && (max < 0 || (mp_int_t)(end - start) < max)) {
        if (self->data->buf[end++] == '\n') {
            break;
        }
    }
    self->pos = end > start ? end : self->pos;
    return memio_result(self_in, self->data->buf + start, end > start ? end - start : 0);
}

static mp_obj_t memio_readline(size_t n_args, const mp_obj_t *args) {
    return memio_readline_n(args[0], size_arg(n_args, args));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(memio_readline_obj, 1, 2, memio_readline);

static mp_obj_t memio_iternext(mp_obj_t self_in) {
    mp_obj_t line = memio_readline_n(self_in, -1);
    return mp_obj_is_true(line) ? line : MP_OBJ_STOP_ITERATION;
}

/* readlines() works for any of our streams through iteration */
static mp_obj_t stream_readlines(mp_obj_t self_in) {
    mp_obj_t list = mp_obj_new_list(0, NULL);
    mp_obj_t it = mp_getiter(self_in, NULL);
    mp_obj_t line;
    while ((line = mp_iternext(it)) != MP_OBJ_STOP_ITERATION) {
        mp_obj_list_append(list, line);
    }
    return list;
}
static MP_DEFINE_CONST_FUN_OBJ_1(stream_readlines_obj, stream_readlines);

/* readinto(buf[, n]): copy up to len(buf) (or n) bytes; returns the count */
static mp_obj_t memio_readinto(size_t n_args, const mp_obj_t *args) {
    memio_t *self = memio_open(args[0]);
    mp_buffer_info_t bi;
    mp_get_buffer_raise(args[1], &bi, MP_BUFFER_WRITE);
    size_t want = bi.len;
    if (n_args > 2 && (size_t)mp_obj_get_int(args[2]) < want) {
        want = (size_t)mp_obj_get_int(args[2]);
    }
    size_t avail = self->pos < self->data->len ? self->data->len - self->pos : 0;
    size_t n = want < avail ? want : avail;
    memcpy(bi.buf, self->data->buf + self->pos, n);
    self->pos += n;
    return MP_OBJ_NEW_SMALL_INT(n);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(memio_readinto_obj, 2, 3, memio_readinto);

static mp_obj_t memio_getvalue(mp_obj_t self_in) {
    memio_t *self = memio_open(self_in);
    return memio_result(self_in, self->data->buf, self->data->len);
}
static MP_DEFINE_CONST_FUN_OBJ_1(memio_getvalue_obj, memio_getvalue);

/* seek(offset, whence=0): whence 0 from the start, 1 from here, 2 from the end */
static mp_obj_t memio_seek(size_t n_args, const mp_obj_t *args) {
    memio_t *self = memio_open(args[0]);
    mp_int_t off = mp_obj_get_int(args[1]);
    mp_int_t whence = n_args > 2 ? mp_obj_get_int(args[2]) : 0;
    mp_int_t base = whence == 0 ? 0 : whence == 1 ? (mp_int_t)self->pos
        : whence == 2 ? (mp_int_t)self->data->len : -1;
    if (base < 0) {
        mp_raise_OSError(EINVAL);
    }
    mp_int_t pos = base + off;
    if (pos < 0) {
        mp_raise_OSError(EINVAL);
    }
    self->pos = (size_t)pos;
    return mp_obj_new_int_from_uint(self->pos);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(memio_seek_obj, 2, 3, memio_seek);

static mp_obj_t memio_tell(mp_obj_t self_in) {
    return mp_obj_new_int_from_uint(memio_open(self_in)->pos);
}
static MP_DEFINE_CONST_FUN_OBJ_1(memio_tell_obj, memio_tell);

static mp_obj_t memio_flush(mp_obj_t self_in) {
    memio_open(self_in);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(memio_flush_obj, memio_flush);

static mp_obj_t memio_close(mp_obj_t self_in) {
    memio_t *self = MP_OBJ_TO_PTR(self_in);
    self->closed = true;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(memio_close_obj, memio_close);

static mp_obj_t stream_enter(mp_obj_t self_in) {
    return self_in;
}
static MP_DEFINE_CONST_FUN_OBJ_1(stream_enter_obj, stream_enter);

/* __exit__(exc_type, exc, tb): close, whatever happened */
static mp_obj_t stream_exit(size_t n_args, const mp_obj_t *args) {
    mp_obj_t dest[2];
    mp_load_method(args[0], MP_QSTR_close, dest);
    mp_call_method_n_kw(0, 0, dest);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(stream_exit_obj, 1, 4, stream_exit);

static void memio_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_printf(print, "<io.%s>", memio_is_text(self_in) ? "StringIO" : "BytesIO");
}

static const mp_rom_map_elem_t memio_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&memio_write_obj)},
    {MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&memio_read_obj)},
    {MP_ROM_QSTR(MP_QSTR_readline), MP_ROM_PTR(&memio_readline_obj)},
    {MP_ROM_QSTR(MP_QSTR_readinto), MP_ROM_PTR(&memio_readinto_obj)},
    {MP_ROM_QSTR(MP_QSTR_readlines), MP_ROM_PTR(&stream_readlines_obj)},
    {MP_ROM_QSTR(MP_QSTR_getvalue), MP_ROM_PTR(&memio_getvalue_obj)},
    {MP_ROM_QSTR(MP_QSTR_seek), MP_ROM_PTR(&memio_seek_obj)},
    {MP_ROM_QSTR(MP_QSTR_tell), MP_ROM_PTR(&memio_tell_obj)},
    {MP_ROM_QSTR(MP_QSTR_flush), MP_ROM_PTR(&memio_flush_obj)},
    {MP_ROM_QSTR(MP_QSTR_close), MP_ROM_PTR(&memio_close_obj)},
    {MP_ROM_QSTR(MP_QSTR___enter__), MP_ROM_PTR(&stream_enter_obj)},
    {MP_ROM_QSTR(MP_QSTR___exit__), MP_ROM_PTR(&stream_exit_obj)},
};
static MP_DEFINE_CONST_DICT(memio_locals, memio_locals_table);

const mp_obj_type_t mp_type_stringio = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_StringIO,
    MP_TYPE_SLOT(make_new, memio_make_new),
    MP_TYPE_SLOT(print, memio_print),
    MP_TYPE_SLOT(iter, memio_iternext),
    MP_TYPE_SLOT(locals_dict, &memio_locals),
};

const mp_obj_type_t mp_type_bytesio = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_BytesIO,
    MP_TYPE_SLOT(make_new, memio_make_new),
    MP_TYPE_SLOT(print, memio_print),
    MP_TYPE_SLOT(iter, memio_iternext),
    MP_TYPE_SLOT(locals_dict, &memio_locals),
};

/* ---- files ---------------------------------------------------------------- */

typedef struct _file_t {
    mp_obj_base_t base;
    FILE *fp; /* NULL once closed */
} file_t;

static const mp_obj_type_t file_text_type;
static const mp_obj_type_t file_binary_type;

static file_t *file_open_check(mp_obj_t self_in) {
    file_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->fp == NULL) {
        mp_raise_ValueError("I/O operation on closed file");
    }
    return self;
}

static mp_obj_t file_result(mp_obj_t self_in, vstr_t *v) {
    if (mp_obj_get_type(self_in) == &file_text_type) {
        return mp_obj_new_str_from_vstr(v);
    }
    return mp_obj_new_bytes_from_vstr(v);
}

static void file_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    file_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<io.%s %d>",
        mp_obj_get_type(self_in) == &file_text_type ? "TextIOWrapper" : "FileIO",
        self->fp ? fileno(self->fp) : -1);
}

static mp_obj_t file_write(mp_obj_t self_in, mp_obj_t arg) {
    file_t *self = file_open_check(self_in);
    size_t len;
    const char *data = write_arg(arg, mp_obj_get_type(self_in) == &file_text_type, &len);
    if (fwrite(data, 1, len, self->fp) != len) {
        mp_raise_OSError(errno ? errno : EIO);
    }
    return MP_OBJ_NEW_SMALL_INT(len);
}
static MP_DEFINE_CONST_FUN_OBJ_2(file_write_obj, file_write);

/* read(n) on a text file: n characters, stopping before the first byte
 * of character n + 1 */
static mp_obj_t file_read_chars(file_t *self, mp_obj_t self_in, size_t n_chars) {
    vstr_t v;
    vstr_init(&v, n_chars + 1);
    size_t chars = 0;
    int c;
    while ((c = getc(self->fp)) != EOF) {
        if ((c & 0xc0) != 0x80 && chars++ == n_chars) {
            ungetc(c, self->fp);
            break;
        }
        vstr_add_byte(&v, (byte)c);
    }
    if (ferror(self->fp)) {
        mp_raise_OSError(errno ? errno : EIO);
    }
    return file_result(self_in, &v);
}

static mp_obj_t file_read(size_t n_args, const mp_obj_t *args) {
    file_t *self = file_open_check(args[0]);
    mp_int_t max = size_arg(n_args, args);
    if (max > 0 && mp_obj_get_type(args[0]) == &file_text_type) {
        return file_read_chars(self, args[0], (size_t)max);
    }
    vstr_t v;
    vstr_init(&v, max >= 0 ? (size_t)max + 1 : 256);
    char chunk[512];
    while (max < 0 || (mp_int_t)v.len < max) {
        size_t want = sizeof(chunk);
        if (max >= 0 && (size_t)(max - (mp_int_t)v.len) < want) {
            want = (size_t)(max - (mp_int_t)v.len);
        }
        size_t got = fread(chunk, 1, want, self->fp);
        vstr_add_strn(&v, chunk, got);
        if (got < want) {
            break;
        }
    }
    if (ferror(self->fp)) {
        mp_raise_OSError(errno ? errno : EIO);
    }
    return file_result(args[0], &v);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(file_read_obj, 1, 2, file_read);

/* readinto(buf[, n]) */
static mp_obj_t file_readinto(size_t n_args, const mp_obj_t *args) {
    file_t *self = file_open_check(args[0]);
    mp_buffer_info_t bi;
    mp_get_buffer_raise(args[1], &bi, MP_BUFFER_WRITE);
    size_t want = bi.len;
    if (n_args > 2 && (size_t)mp_obj_get_int(args[2]) < want) {
        want = (size_t)mp_obj_get_int(args[2]);
    }
    size_t got = fread(bi.buf, 1, want, self->fp);
    if (got < want && ferror(self->fp)) {
        mp_raise_OSError(errno ? errno : EIO);
    }
    return MP_OBJ_NEW_SMALL_INT(got);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(file_readinto_obj, 2, 3, file_readinto);

static mp_obj_t file_readline_n(mp_obj_t self_in, mp_int_t max) {
    file_t *self = file_open_check(self_in);
    vstr_t v;
    vstr_init(&v, 80);
    int c;
    while ((max < 0 || (mp_int_t)v.len < max) && (c = fgetc(self->fp)) != EOF) {
        vstr_add_byte(&v, (byte)c);
        if (c == '\n') {
            break;
        }
    }
    return file_result(self_in, &v);
}

static mp_obj_t file_readline(size_t n_args, const mp_obj_t *args) {
    return file_readline_n(args[0], size_arg(n_args, args));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(file_readline_obj, 1, 2, file_readline);

static mp_obj_t file_iternext(mp_obj_t self_in) {
    mp_obj_t line = file_readline_n(self_in, -1);
    return mp_obj_is_true(line) ? line : MP_OBJ_STOP_ITERATION;
}

static mp_obj_t file_seek(size_t n_args, const mp_obj_t *args) {
    file_t *self = file_open_check(args[0]);
    mp_int_t off = mp_obj_get_int(args[1]);
    mp_int_t whence = n_args > 2 ? mp_obj_get_int(args[2]) : 0;
    int w = whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : whence == 2 ? SEEK_END : -1;
    if (w < 0 || fseek(self->fp, (long)off, w) != 0) {
        mp_raise_OSError(w < 0 ? EINVAL : errno);
    }
    return mp_obj_new_int((mp_int_t)ftell(self->fp));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(file_seek_obj, 2, 3, file_seek);

static mp_obj_t file_tell(mp_obj_t self_in) {
    return mp_obj_new_int((mp_int_t)ftell(file_open_check(self_in)->fp));
}
static MP_DEFINE_CONST_FUN_OBJ_1(file_tell_obj, file_tell);

static mp_obj_t file_flush(mp_obj_t self_in) {
    fflush(file_open_check(self_in)->fp);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(file_flush_obj, file_flush);

static mp_obj_t file_fileno(mp_obj_t self_in) {
    return MP_OBJ_NEW_SMALL_INT(fileno(file_open_check(self_in)->fp));
}
static MP_DEFINE_CONST_FUN_OBJ_1(file_fileno_obj, file_fileno);

/* The collector's finaliser for a file object nobody closed (as MicroPython
 * does): flush and close the FILE*. It runs with the heap locked, and
 * fclose neither allocates from the heap nor raises. */
static void file_finalise(void *ptr) {
    file_t *self = ptr;
    if (self->fp != NULL) {
        fclose(self->fp);
        self->fp = NULL;
    }
}

static mp_obj_t file_close(mp_obj_t self_in) {
    file_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->fp != NULL) {
        fclose(self->fp);
        self->fp = NULL;
        gc_set_finaliser(self, NULL); /* nothing left to finalise */
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(file_close_obj, file_close);

static const mp_rom_map_elem_t file_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&file_write_obj)},
    {MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&file_read_obj)},
    {MP_ROM_QSTR(MP_QSTR_readline), MP_ROM_PTR(&file_readline_obj)},
    {MP_ROM_QSTR(MP_QSTR_readinto), MP_ROM_PTR(&file_readinto_obj)},
    {MP_ROM_QSTR(MP_QSTR_readlines), MP_ROM_PTR(&stream_readlines_obj)},
    {MP_ROM_QSTR(MP_QSTR_seek), MP_ROM_PTR(&file_seek_obj)},
    {MP_ROM_QSTR(MP_QSTR_tell), MP_ROM_PTR(&file_tell_obj)},
    {MP_ROM_QSTR(MP_QSTR_flush), MP_ROM_PTR(&file_flush_obj)},
    {MP_ROM_QSTR(MP_QSTR_fileno), MP_ROM_PTR(&file_fileno_obj)},
    {MP_ROM_QSTR(MP_QSTR_close), MP_ROM_PTR(&file_close_obj)},
    {MP_ROM_QSTR(MP_QSTR___enter__), MP_ROM_PTR(&stream_enter_obj)},
    {MP_ROM_QSTR(MP_QSTR___exit__), MP_ROM_PTR(&stream_exit_obj)},
};
static MP_DEFINE_CONST_DICT(file_locals, file_locals_table);

static const mp_obj_type_t file_text_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_TextIOWrapper,
    MP_TYPE_SLOT(print, file_print),
    MP_TYPE_SLOT(iter, file_iternext),
    MP_TYPE_SLOT(locals_dict, &file_locals),
};

static const mp_obj_type_t file_binary_type = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    .name = MP_QSTR_FileIO,
    MP_TYPE_SLOT(print, file_print),
    MP_TYPE_SLOT(iter, file_iternext),
    MP_TYPE_SLOT(locals_dict, &file_locals),
};

/* open(file, mode='r', ...): modes r/w/a/x with optional b, t and + */
static mp_obj_t io_open(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    static const mp_arg_t allowed[] = {
        {MP_QSTR_file, MP_ARG_OBJ | MP_ARG_REQUIRED, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_mode, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_QSTR(MP_QSTR_r)}},
        {MP_QSTR_buffering, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE}},
        {MP_QSTR_encoding, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE}},
    };
    mp_arg_val_t vals[4];
    mp_arg_parse_all(n_args, args, kw, 4, allowed, vals);
    const char *path = mp_obj_str_get_str(vals[0].u_obj);
    const char *mode = mp_obj_str_get_str(vals[1].u_obj);
    char cmode[4] = {0};
    bool binary = false, plus = false;
    for (const char *p = mode; *p; p++) {
        switch (*p) {
            case 'r': case 'w': case 'a': case 'x':
                if (cmode[0]) {
                    mp_raise_ValueError("invalid mode");
                }
                cmode[0] = *p;
                break;
            case 'b': binary = true; break;
            case 't': break;
            case '+': plus = true; break;
            default: mp_raise_ValueError("invalid mode");
        }
    }
    if (!cmode[0]) {
        cmode[0] = 'r';
    }
    size_t i = 1;
    if (cmode[0] == 'x') {
        cmode[0] = 'w';
        cmode[i++] = 'x'; /* glibc: fail if it exists */
    }
    if (plus) {
        cmode[i++] = '+';
    }
    (void)i;
    /* allocate first: a MemoryError must not leak an open FILE* */
    file_t *f = m_new_obj(file_t);
    FILE *fp = fopen(path, cmode);
    if (fp == NULL && (errno == EMFILE || errno == ENFILE)) {
        /* out of descriptors: unreachable files may still hold some */
        gc_collect();
        fp = fopen(path, cmode);
    }
    if (fp == NULL) {
        mp_raise_OSError(errno);
    }
    f->base.type = binary ? &file_binary_type : &file_text_type;
    f->fp = fp;
    gc_set_finaliser(f, file_finalise);
    return MP_OBJ_FROM_PTR(f);
}
MP_DEFINE_CONST_FUN_OBJ_KW(mp_builtin_open_obj, 1, io_open);

/* ---- IOBase ---------------------------------------------------------------- */

/* io.IOBase: a base class for streams written in Python (MicroPython has it,
 * with no methods of its own). Subclass instances are ordinary objects;
 * print(file=...) calls their write() as for any file-like object. */
static mp_obj_t iobase_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    /* a subclass's constructor arguments are for its own __init__ */
    mp_obj_base_t *o = m_new_obj(mp_obj_base_t);
    o->type = type;
    return MP_OBJ_FROM_PTR(o);
}

static const mp_obj_type_t mp_type_iobase = {
    .base = {&mp_type_type},
    .flags = MP_TYPE_FLAG_NONE,
    .name = MP_QSTR_IOBase,
    MP_TYPE_SLOT(make_new, iobase_make_new),
};

static const mp_rom_map_elem_t io_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_io)},
    {MP_ROM_QSTR(MP_QSTR_open), MP_ROM_PTR(&mp_builtin_open_obj)},
    {MP_ROM_QSTR(MP_QSTR_StringIO), MP_ROM_PTR(&mp_type_stringio)},
    {MP_ROM_QSTR(MP_QSTR_BytesIO), MP_ROM_PTR(&mp_type_bytesio)},
    {MP_ROM_QSTR(MP_QSTR_IOBase), MP_ROM_PTR(&mp_type_iobase)},
    {MP_ROM_QSTR(MP_QSTR_SEEK_SET), MP_ROM_INT(0)},
    {MP_ROM_QSTR(MP_QSTR_SEEK_CUR), MP_ROM_INT(1)},
    {MP_ROM_QSTR(MP_QSTR_SEEK_END), MP_ROM_INT(2)},
};
static MP_DEFINE_CONST_DICT(io_module_globals, io_module_table);

const mp_obj_module_t mp_module_io = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&io_module_globals,
};
