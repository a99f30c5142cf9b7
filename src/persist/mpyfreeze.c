/*
 * The frozen-module writer (see mpyfreeze.h): module names from file paths
 * and the C text of a frozen-module table. It only formats: the inputs
 * have been read and verified by the caller (mica-mpy freeze).
 */
#include <stdlib.h>
#include <string.h>
#include "persist/mpyfreeze.h"

static char *xstrdup_n(const char *s, size_t n) {
    char *d = malloc(n + 1);
    if (d == NULL) {
        abort();
    }
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static char *message(const char *fmt, const char *a, const char *b) {
    size_t n = strlen(fmt) + strlen(a) + (b ? strlen(b) : 0) + 1;
    char *m = malloc(n);
    if (m == NULL) {
        abort();
    }
    snprintf(m, n, fmt, a, b ? b : "");
    return m;
}

/* ---- paths ---- */

/* "./a/b" -> "a/b": the same file named two ways must give one package */
static const char *skip_dot_slash(const char *p) {
    while (p[0] == '.' && p[1] == '/') {
        p += 2;
        while (*p == '/') {
            p++;
        }
    }
    return p;
}

/* length of the directory part of p (0 if none) */
static size_t dir_len(const char *p) {
    const char *slash = strrchr(p, '/');
    return slash ? (size_t)(slash - p) : 0;
}

static const char *base_name(const char *p, size_t len) {
    size_t i = len;
    while (i > 0 && p[i - 1] != '/') {
        i--;
    }
    return p + i;
}

static bool ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* the input whose path is DIR/__init__.mpy, or -1 */
static long package_of_dir(const mp_freeze_input_t *in, size_t n, const char *dir, size_t len) {
    if (len == 0) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *p = skip_dot_slash(in[i].path);
        if (in[i].is_package && !in[i].explicit_name && dir_len(p) == len
            && memcmp(p, dir, len) == 0) {
            return (long)i;
        }
    }
    return -1;
}

/* ---- names ---- */

static bool is_ident_char(unsigned char c, bool first) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
           || (!first && c >= '0' && c <= '9');
}

/* a.b.c with every part an identifier (non-ASCII letters allowed) */
static bool is_dotted_name(const char *s) {
    bool first = true;
    for (; *s; s++) {
        if (*s == '.') {
            if (first) {
                return false;
            }
            first = true;
        } else if (is_ident_char((unsigned char)*s, first)) {
            first = false;
        } else {
            return false;
        }
    }
    return !first;
}

bool mp_freeze_is_c_identifier(const char *s) {
    if (!*s) {
        return false;
    }
    for (const char *p = s; *p; p++) {
        if ((unsigned char)*p >= 0x80 || !is_ident_char((unsigned char)*p, p == s)) {
            return false;
        }
    }
    return true;
}

/* The derived name of input i (depth guards against a cycle of packages,
 * which paths cannot form, but costs nothing). */
static char *derive_name(const mp_freeze_input_t *in, size_t n, size_t i, int depth,
    char **err) {
    const char *p = skip_dot_slash(in[i].path);
    size_t dlen = dir_len(p);
    const char *own;
    size_t own_len;
    size_t parent_len; /* the directory that may be the parent package */
    if (in[i].is_package) {
        own = base_name(p, dlen);
        own_len = (size_t)(p + dlen - own);
        if (own_len == 0 || (own_len == 1 && own[0] == '.') ||
            (own_len == 2 && own[0] == '.' && own[1] == '.')) {
            *err = message("%s: cannot name the package from its path (give NAME=%s)",
                in[i].path, in[i].path);
            return NULL;
        }
        parent_len = own > p ? (size_t)(own - p - 1) : 0;
    } else {
        own = base_name(p, strlen(p));
        own_len = strlen(own) - 4; /* ".mpy" */
        parent_len = dlen;
    }
    if (memchr(own, '.', own_len) != NULL) {
        /* e.g. NAME.x64.mpy: the dot would make a submodule */
        *err = message("%s: cannot name the module from its file name (give NAME=%s)",
            in[i].path, in[i].path);
        return NULL;
    }
    long parent = depth < 64 ? package_of_dir(in, n, p, parent_len) : -1;
    char *parent_name = NULL;
    if (parent >= 0) {
        parent_name = derive_name(in, n, (size_t)parent, depth + 1, err);
        if (parent_name == NULL) {
            return NULL;
        }
    }
    size_t plen = parent_name ? strlen(parent_name) + 1 : 0;
    char *name = malloc(plen + own_len + 1);
    if (name == NULL) {
        abort();
    }
    if (parent_name) {
        memcpy(name, parent_name, plen - 1);
        name[plen - 1] = '.';
        free(parent_name);
    }
    memcpy(name + plen, own, own_len);
    name[plen + own_len] = '\0';
    return name;
}

char *mp_freeze_name_inputs(mp_freeze_input_t *in, size_t n) {
    char *err = NULL;
    for (size_t i = 0; i < n; i++) {
        if (in[i].explicit_name) {
            continue;
        }
        if (!ends_with(in[i].path, ".mpy")) {
            return message("%s: not a .mpy file name (give NAME=%s)", in[i].path, in[i].path);
        }
        char *name = derive_name(in, n, i, 0, &err);
        if (name == NULL) {
            return err;
        }
        in[i].name = name;
    }
    for (size_t i = 0; i < n; i++) {
        if (!is_dotted_name(in[i].name)) {
            return message("%s: '%s' is not a module name (give NAME=FILE)", in[i].path,
                in[i].name);
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(in[i].name, in[j].name) == 0) {
                return message("module '%s' is frozen twice (%s)", in[i].name, in[i].path);
            }
        }
    }
    /* import a.b needs a, and a frozen a.b is only looked for in a frozen a */
    for (size_t i = 0; i < n; i++) {
        const char *dot = strrchr(in[i].name, '.');
        if (dot == NULL) {
            continue;
        }
        char *parent = xstrdup_n(in[i].name, (size_t)(dot - in[i].name));
        bool found = false;
        for (size_t j = 0; j < n && !found; j++) {
            found = in[j].is_package && strcmp(in[j].name, parent) == 0;
        }
        if (!found) {
            err = message("module '%s': its package '%s' is not frozen (add its __init__.mpy)",
                in[i].name, parent);
            free(parent);
            return err;
        }
        free(parent);
    }
    return NULL;
}

/* ---- the C file ---- */

/* a C string literal: printable ASCII as is, everything else as \ooo */
static void put_c_string(FILE *out, const char *s) {
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '?') {
            fprintf(out, "\\%03o", c);
        } else {
            fputc(c, out);
        }
    }
    fputc('"', out);
}

/* a path inside a comment: nothing that could end the comment */
static void put_comment_text(FILE *out, const char *s) {
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        fputc(c < 0x20 || c > 0x7e || c == '*' ? '?' : c, out);
    }
}

void mp_freeze_write_c(FILE *out, const mp_freeze_input_t *in, size_t n, const char *symbol) {
    fprintf(out, "/*\n * Frozen modules written by `mica-mpy freeze`: do not edit.\n"
        " * Each .mpy was verified when this file was written and is verified again\n"
        " * when it is imported; it is loaded in place (include/mica.h).\n"
        " * Register the table with\n"
        " *     mica_register_frozen(m, %s_modules, %s_modules_count);\n *\n",
        symbol, symbol);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, " *   ");
        put_comment_text(out, in[i].name);
        fprintf(out, "%s <- ", in[i].is_package ? " (package)" : "");
        put_comment_text(out, in[i].path);
        fprintf(out, " (%lu bytes)\n", (unsigned long)in[i].len);
    }
    fprintf(out, " */\n#include <stddef.h>\n#include \"mica.h\"\n\n");
    fprintf(out, "extern const mica_frozen_module_t %s_modules[];\n", symbol);
    fprintf(out, "extern const size_t %s_modules_count;\n", symbol);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "\n/* ");
        put_comment_text(out, in[i].name);
        fprintf(out, " */\nstatic const unsigned char %s_mpy_%lu[%lu] = {", symbol,
            (unsigned long)i, (unsigned long)in[i].len);
        for (size_t k = 0; k < in[i].len; k++) {
            fprintf(out, "%s0x%02x,", k % 16 == 0 ? "\n    " : " ", in[i].data[k]);
        }
        fprintf(out, "\n};\n");
    }
    fprintf(out, "\nconst mica_frozen_module_t %s_modules[] = {\n", symbol);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "    {");
        put_c_string(out, in[i].name);
        fprintf(out, ", %s_mpy_%lu, sizeof(%s_mpy_%lu), %d},\n", symbol, (unsigned long)i,
            symbol, (unsigned long)i, in[i].is_package ? 1 : 0);
    }
    fprintf(out, "};\n\nconst size_t %s_modules_count = sizeof(%s_modules) / sizeof(%s_modules[0]);\n",
        symbol, symbol, symbol);
}
