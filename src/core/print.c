/*
 * Printing: the stdout/stderr printers, padded string output and the
 * runtime's printf (mp_printf / mp_vprintf), which adds %q (a qstr) to the
 * usual integer, string, pointer and float conversions.
 */
#include <stdio.h>
#include <string.h>

#include "core/runtime.h"

/* ---- hal: the process's stdout and stderr ---------------------------- */

void mp_hal_stdout_tx_strn(const char *str, size_t len) {
    fwrite(str, 1, len, stdout);
}

/* stdout is buffered: flush it first so the two streams interleave in
 * program order */
void mp_hal_stderr_tx_strn(const char *str, size_t len) {
    fflush(stdout);
    fwrite(str, 1, len, stderr);
}

static void stdout_print_strn(void *data, const char *str, size_t len) {
    mp_hal_stdout_tx_strn(str, len);
}

static void stderr_print_strn(void *data, const char *str, size_t len) {
    mp_hal_stderr_tx_strn(str, len);
}

const mp_print_t mp_plat_print = {NULL, stdout_print_strn};
const mp_print_t mp_stderr_print = {NULL, stderr_print_strn};

/* ---- padded output ---------------------------------------------------- */

static const char pad_spaces[] = "                ";
static const char pad_zeros[] = "0000000000000000";

static void print_fill(const mp_print_t *print, char fill, int n) {
    const char *src = fill == ' ' ? pad_spaces : fill == '0' ? pad_zeros : NULL;
    if (src == NULL) {
        while (n-- > 0) {
            print->print_strn(print->data, &fill, 1);
        }
        return;
    }
    while (n > 0) {
        int k = n < 16 ? n : 16;
        print->print_strn(print->data, src, (size_t)k);
        n -= k;
    }
}

int mp_print_str(const mp_print_t *print, const char *str) {
    size_t len = strlen(str);
    if (len) {
        print->print_strn(print->data, str, len);
    }
    return (int)len;
}

/* Write str padded with `fill` to `width`: right-aligned by default, left
 * with PF_FLAG_LEFT_ADJUST, centred with PF_FLAG_CENTER_ADJUST (extra fill
 * on the right). Returns the number of bytes written. */
int mp_print_strn(const mp_print_t *print, const char *str, size_t len, int flags, char fill,
    int width) {
    int pad = width - (int)len;
    int left = 0, right = 0;
    if (pad > 0) {
        if (flags & PF_FLAG_CENTER_ADJUST) {
            left = pad / 2;
            right = pad - left;
        } else if (flags & PF_FLAG_LEFT_ADJUST) {
            right = pad;
        } else {
            left = pad;
        }
    }
    print_fill(print, fill, left);
    if (len) {
        print->print_strn(print->data, str, len);
    }
    print_fill(print, fill, right);
    return (int)len + left + right;
}

/* ---- integers ----------------------------------------------------------- */

/* Print an integer given as sign + magnitude. With '0' padding the zeros go
 * between the sign and the digits. */
static int print_int(const mp_print_t *print, unsigned long long mag, bool neg, int base,
    bool upper, int flags, char fill, int width, int prec) {
    char buf[72];
    char *end = buf + sizeof(buf);
    char *p = end;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        *--p = digits[mag % (unsigned)base];
        mag /= (unsigned)base;
    } while (mag != 0);
    if (prec == 0 && p == end - 1 && *p == '0') {
        p = end; /* "%.0d" of 0 prints nothing */
    }
    while (prec > 0 && end - p < prec && p > buf + 2) {
        *--p = '0';
    }
    char sign = 0;
    if (neg) {
        sign = '-';
    } else if (flags & PF_FLAG_SHOW_SIGN) {
        sign = '+';
    } else if (flags & PF_FLAG_SPACE_SIGN) {
        sign = ' ';
    }
    int n = 0;
    if (fill == '0' && !(flags & PF_FLAG_LEFT_ADJUST)) {
        if (sign) {
            print->print_strn(print->data, &sign, 1);
            n++;
            width--;
        }
        return n + mp_print_strn(print, p, (size_t)(end - p), flags, '0', width);
    }
    if (sign) {
        *--p = sign;
    }
    return mp_print_strn(print, p, (size_t)(end - p), flags, fill, width);
}

static int print_signed(const mp_print_t *print, long long v, int flags, char fill, int width,
    int prec) {
    bool neg = v < 0;
    unsigned long long mag = neg ? 0ull - (unsigned long long)v : (unsigned long long)v;
    return print_int(print, mag, neg, 10, false, flags, fill, width, prec);
}

/* ---- floats (through the C library) --------------------------------------- */

static int print_float(const mp_print_t *print, double v, char conv, int flags, char fill,
    int width, int prec) {
    char fmt[16];
    char *f = fmt;
    *f++ = '%';
    if (flags & PF_FLAG_SHOW_SIGN) {
        *f++ = '+';
    } else if (flags & PF_FLAG_SPACE_SIGN) {
        *f++ = ' ';
    }
    if (fill == '0' && !(flags & PF_FLAG_LEFT_ADJUST)) {
        *f++ = '0';
    }
    if (flags & PF_FLAG_LEFT_ADJUST) {
        *f++ = '-';
    }
    *f++ = '*';
    *f++ = '.';
    *f++ = '*';
    *f++ = conv;
    *f = '\0';
    char buf[64];
    int n = snprintf(buf, sizeof(buf), fmt, width, prec < 0 ? 6 : prec, v);
    if (n < 0) {
        return 0;
    }
    if ((size_t)n >= sizeof(buf)) {
        /* huge width or value: print unpadded, then pad ourselves */
        n = snprintf(buf, sizeof(buf), "%.*g", prec < 0 ? 6 : (prec > 40 ? 40 : prec), v);
        return mp_print_strn(print, buf, (size_t)n, flags, fill, width);
    }
    print->print_strn(print->data, buf, (size_t)n);
    return n;
}

/* ---- printf ------------------------------------------------------------- */

static int print_utf8_char(const mp_print_t *print, unsigned c, int flags, char fill, int width) {
    char buf[4];
    size_t n;
    if (c < 0x80) {
        buf[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        buf[0] = (char)(0xc0 | (c >> 6));
        buf[1] = (char)(0x80 | (c & 0x3f));
        n = 2;
    } else if (c < 0x10000) {
        buf[0] = (char)(0xe0 | (c >> 12));
        buf[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        buf[2] = (char)(0x80 | (c & 0x3f));
        n = 3;
    } else {
        buf[0] = (char)(0xf0 | ((c >> 18) & 0x07));
        buf[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        buf[2] = (char)(0x80 | ((c >> 6) & 0x3f));
        buf[3] = (char)(0x80 | (c & 0x3f));
        n = 4;
    }
    return mp_print_strn(print, buf, n, flags, fill, width);
}

int mp_vprintf(const mp_print_t *print, const char *fmt, va_list args) {
    int chrs = 0;
    for (;;) {
        /* copy plain text up to the next '%' in one write */
        const char *start = fmt;
        while (*fmt != '\0' && *fmt != '%') {
            fmt++;
        }
        if (fmt > start) {
            print->print_strn(print->data, start, (size_t)(fmt - start));
            chrs += (int)(fmt - start);
        }
        if (*fmt == '\0') {
            break;
        }
        fmt++; /* the '%' */

        int flags = 0;
        char fill = ' ';
        for (;; fmt++) {
            if (*fmt == '-') {
                flags |= PF_FLAG_LEFT_ADJUST;
            } else if (*fmt == '+') {
                flags |= PF_FLAG_SHOW_SIGN;
            } else if (*fmt == ' ') {
                flags |= PF_FLAG_SPACE_SIGN;
            } else if (*fmt == '0') {
                fill = '0';
            } else if (*fmt == '#') {
                flags |= PF_FLAG_SHOW_PREFIX;
            } else {
                break;
            }
        }
        int width = 0;
        if (*fmt == '*') {
            width = va_arg(args, int);
            if (width < 0) {
                flags |= PF_FLAG_LEFT_ADJUST;
                width = -width;
            }
            fmt++;
        } else {
            while (*fmt >= '0' && *fmt <= '9') {
                width = width * 10 + (*fmt++ - '0');
            }
        }
        int prec = -1;
        if (*fmt == '.') {
            fmt++;
            if (*fmt == '*') {
                prec = va_arg(args, int);
                fmt++;
            } else {
                prec = 0;
                while (*fmt >= '0' && *fmt <= '9') {
                    prec = prec * 10 + (*fmt++ - '0');
                }
            }
        }
        /* length modifiers: l, ll, z (h is accepted and ignored) */
        int lng = 0;
        bool is_size = false;
        while (*fmt == 'l' || *fmt == 'z' || *fmt == 'h') {
            if (*fmt == 'l') {
                lng++;
            } else if (*fmt == 'z') {
                is_size = true;
            }
            fmt++;
        }
        if (*fmt == '\0') {
            break;
        }
        char conv = *fmt++;
        switch (conv) {
            case 'd':
            case 'i': {
                long long v;
                if (is_size) {
                    v = (long long)va_arg(args, ptrdiff_t);
                } else if (lng >= 2) {
                    v = va_arg(args, long long);
                } else if (lng == 1) {
                    v = va_arg(args, long);
                } else {
                    v = va_arg(args, int);
                }
                chrs += print_signed(print, v, flags, fill, width, prec);
                break;
            }
            case 'u':
            case 'x':
            case 'X': {
                unsigned long long v;
                if (is_size) {
                    v = va_arg(args, size_t);
                } else if (lng >= 2) {
                    v = va_arg(args, unsigned long long);
                } else if (lng == 1) {
                    v = va_arg(args, unsigned long);
                } else {
                    v = va_arg(args, unsigned int);
                }
                int base = conv == 'u' ? 10 : 16;
                if ((flags & PF_FLAG_SHOW_PREFIX) && base == 16) {
                    chrs += mp_print_str(print, conv == 'X' ? "0X" : "0x");
                    width -= 2;
                }
                chrs += print_int(print, v, false, base, conv == 'X', flags & ~(PF_FLAG_SHOW_SIGN | PF_FLAG_SPACE_SIGN), fill, width, prec);
                break;
            }
            case 'p': {
                uintptr_t v = (uintptr_t)va_arg(args, void *);
                chrs += mp_print_str(print, "0x");
                chrs += print_int(print, v, false, 16, false, flags, fill, width > 2 ? width - 2 : 0, prec);
                break;
            }
            case 'c':
                chrs += print_utf8_char(print, (unsigned)va_arg(args, int), flags, fill, width);
                break;
            case 's': {
                const char *s = va_arg(args, const char *);
                if (s == NULL) {
                    s = "(null)";
                }
                size_t len = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
                chrs += mp_print_strn(print, s, len, flags, fill, width);
                break;
            }
            case 'q': {
                qstr q = va_arg(args, qstr);
                size_t len;
                const char *s = (const char *)qstr_data(q, &len);
                if (prec >= 0 && (size_t)prec < len) {
                    len = (size_t)prec;
                }
                chrs += mp_print_strn(print, s, len, flags, fill, width);
                break;
            }
            case 'f':
            case 'F':
            case 'e':
            case 'E':
            case 'g':
            case 'G':
                chrs += print_float(print, va_arg(args, double), conv, flags, fill, width, prec);
                break;
            case '%':
                print->print_strn(print->data, "%", 1);
                chrs++;
                break;
            default:
                /* unknown conversion: show it literally */
                print->print_strn(print->data, fmt - 1, 1);
                chrs++;
                break;
        }
    }
    return chrs;
}

int mp_printf(const mp_print_t *print, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = mp_vprintf(print, fmt, ap);
    va_end(ap);
    return n;
}
