/*
 * vstr: a growable byte buffer in the GC heap, used to build strings.
 * A vstr made with vstr_init_fixed_buf writes into caller memory until that
 * is full, then moves to the heap (so a small stack buffer never overflows).
 */
#include <string.h>

#include "core/runtime.h"

void vstr_init(vstr_t *vstr, size_t alloc) {
    if (alloc < 1) {
        alloc = 1;
    }
    vstr->alloc = alloc;
    vstr->len = 0;
    vstr->buf = m_new(char, alloc);
    vstr->fixed_buf = false;
}

void vstr_init_len(vstr_t *vstr, size_t len) {
    vstr_init(vstr, len + 1);
    vstr->len = len;
}

void vstr_init_fixed_buf(vstr_t *vstr, size_t alloc, char *buf) {
    vstr->alloc = alloc;
    vstr->len = 0;
    vstr->buf = buf;
    vstr->fixed_buf = true;
}

static void vstr_print_strn(void *data, const char *str, size_t len) {
    vstr_add_strn((vstr_t *)data, str, len);
}

void vstr_init_print(vstr_t *vstr, size_t alloc, mp_print_t *print) {
    vstr_init(vstr, alloc);
    print->data = vstr;
    print->print_strn = vstr_print_strn;
}

void vstr_clear(vstr_t *vstr) {
    if (!vstr->fixed_buf) {
        m_del(char, vstr->buf, vstr->alloc);
    }
    vstr->buf = NULL;
    vstr->alloc = 0;
    vstr->len = 0;
}

/* Make room for `extra` more bytes. Grows by at least half the current
 * size so that appending n bytes one by one costs O(n). */
static void ensure_room(vstr_t *vstr, size_t extra) {
    if (vstr->alloc - vstr->len >= extra) {
        return;
    }
    size_t need = vstr->len + extra;
    if (need < vstr->len) {
        mp_raise_memory_error(); /* size overflow */
    }
    size_t new_alloc = vstr->alloc + vstr->alloc / 2 + 16;
    if (new_alloc < need) {
        new_alloc = need;
    }
    if (vstr->fixed_buf) {
        char *nb = m_new(char, new_alloc);
        memcpy(nb, vstr->buf, vstr->len);
        vstr->buf = nb;
        vstr->fixed_buf = false;
    } else {
        vstr->buf = m_renew(char, vstr->buf, vstr->alloc, new_alloc);
    }
    vstr->alloc = new_alloc;
}

char *vstr_add_len(vstr_t *vstr, size_t len) {
    ensure_room(vstr, len);
    char *p = vstr->buf + vstr->len;
    vstr->len += len;
    return p;
}

char *vstr_null_terminated_str(vstr_t *vstr) {
    ensure_room(vstr, 1);
    vstr->buf[vstr->len] = '\0';
    return vstr->buf;
}

void vstr_add_byte(vstr_t *vstr, byte v) {
    ensure_room(vstr, 1);
    vstr->buf[vstr->len++] = (char)v;
}

void vstr_add_char(vstr_t *vstr, uint32_t c) {
    byte buf[4];
    size_t n;
    if (c < 0x80) {
        buf[0] = (byte)c;
        n = 1;
    } else if (c < 0x800) {
        buf[0] = (byte)(0xc0 | (c >> 6));
        buf[1] = (byte)(0x80 | (c & 0x3f));
        n = 2;
    } else if (c < 0x10000) {
        buf[0] = (byte)(0xe0 | (c >> 12));
        buf[1] = (byte)(0x80 | ((c >> 6) & 0x3f));
        buf[2] = (byte)(0x80 | (c & 0x3f));
        n = 3;
    } else {
        buf[0] = (byte)(0xf0 | ((c >> 18) & 0x07));
        buf[1] = (byte)(0x80 | ((c >> 12) & 0x3f));
        buf[2] = (byte)(0x80 | ((c >> 6) & 0x3f));
        buf[3] = (byte)(0x80 | (c & 0x3f));
        n = 4;
    }
    vstr_add_strn(vstr, (const char *)buf, n);
}

void vstr_add_str(vstr_t *vstr, const char *str) {
    vstr_add_strn(vstr, str, strlen(str));
}

void vstr_add_strn(vstr_t *vstr, const char *str, size_t len) {
    if (len == 0) {
        return;
    }
    /* str may point into our own buffer, which ensure_room can move */
    if (vstr->buf != NULL && str >= vstr->buf && str < vstr->buf + vstr->len) {
        size_t off = (size_t)(str - vstr->buf);
        ensure_room(vstr, len);
        str = vstr->buf + off;
    } else {
        ensure_room(vstr, len);
    }
    memmove(vstr->buf + vstr->len, str, len);
    vstr->len += len;
}

void vstr_cut_tail_bytes(vstr_t *vstr, size_t bytes_to_cut) {
    vstr->len = bytes_to_cut > vstr->len ? 0 : vstr->len - bytes_to_cut;
}

void vstr_printf(vstr_t *vstr, const char *fmt, ...) {
    mp_print_t print = {vstr, vstr_print_strn};
    va_list ap;
    va_start(ap, fmt);
    mp_vprintf(&print, fmt, ap);
    va_end(ap);
}
