/*
 * The tokenizer of the source compiler: Python tokens as MicroPython reads
 * them. Besides plain tokenizing it does what the reference lexer does before
 * parsing (compiler-behaviour.md 2, 7.2, 7.8, 8.5, 11.3):
 *  - adjacent string literals are joined into one token;
 *  - f-strings are rewritten: the token is the format string and the text
 *    `.format((e1), (e2)...)` is injected to be read next, counted from the
 *    line after the whole string group (so newlines inside field expressions
 *    count twice, exactly like the reference);
 *  - `__debug__` is the keyword True (opt level 0) or False;
 *  - identifiers and interned string literals enter the "already a qstr"
 *    pool, which decides whether later long literals are interned.
 */
#include <string.h>

#include "core/runtime.h"
#include "core/parsenum.h"
#include "compile/lexer.h"

/* ---- errors -------------------------------------------------------- */

_Noreturn void mp_compile_raise(const mp_obj_type_t *type, qstr source_file, uint32_t line,
    const char *msg) {
    mp_obj_t exc = mp_obj_new_exception_msg(type, msg);
    /* no block name: MicroPython prints `  File "t.py", line 3` for syntax
     * errors, without `, in <module>` (the compiler's errors do the same) */
    mp_obj_exception_add_traceback(exc, source_file, line, MP_QSTRnull);
    mp_raise(exc);
}

static _Noreturn void lex_error(mp_lexer_t *lex, const char *msg) {
    mp_compile_raise(&mp_type_SyntaxError, lex->source_file, lex->line, msg);
}

/* ---- a growable byte buffer in the GC heap ------------------------- */

typedef struct {
    char *buf;
    size_t len, alloc;
} lbuf_t;

static void lbuf_init(lbuf_t *b) {
    b->alloc = 32;
    b->len = 0;
    b->buf = m_new(char, b->alloc);
}

static void lbuf_add(lbuf_t *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->alloc) {
        size_t na = b->alloc * 2;
        while (na < b->len + n + 1) {
            na *= 2;
        }
        b->buf = m_renew(char, b->buf, b->alloc, na);
        b->alloc = na;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = 0;
}

static void lbuf_addc(lbuf_t *b, char c) {
    lbuf_add(b, &c, 1);
}

static void lbuf_add_utf8(lbuf_t *b, uint32_t c) {
    char tmp[4];
    size_t n;
    if (c < 0x80) {
        tmp[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        tmp[0] = (char)(0xc0 | (c >> 6));
        tmp[1] = (char)(0x80 | (c & 0x3f));
        n = 2;
    } else if (c < 0x10000) {
        tmp[0] = (char)(0xe0 | (c >> 12));
        tmp[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        tmp[2] = (char)(0x80 | (c & 0x3f));
        n = 3;
    } else {
        tmp[0] = (char)(0xf0 | (c >> 18));
        tmp[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        tmp[2] = (char)(0x80 | ((c >> 6) & 0x3f));
        tmp[3] = (char)(0x80 | (c & 0x3f));
        n = 4;
    }
    lbuf_add(b, tmp, n);
}

/* ---- character layer over the stack of sources --------------------- */

#define CH_EOF (-1)

static int peek_at(mp_lexer_t *lex, size_t k) {
    for (mp_lex_src_t *s = lex->src; s != NULL; s = s->next) {
        size_t avail = (size_t)(s->end - s->p);
        if (k < avail) {
            return (unsigned char)s->p[k];
        }
        k -= avail;
    }
    return CH_EOF;
}

static int cur(mp_lexer_t *lex) {
    return peek_at(lex, 0);
}

static void advance(mp_lexer_t *lex) {
    while (lex->src != NULL && lex->src->p == lex->src->end) {
        lex->src = lex->src->next;
    }
    if (lex->src == NULL) {
        return;
    }
    if (*lex->src->p == '\n') {
        lex->line++;
    }
    lex->src->p++;
    while (lex->src != NULL && lex->src->p == lex->src->end && lex->src->next != NULL) {
        lex->src = lex->src->next;
    }
}

static void inject_text(mp_lexer_t *lex, const char *text, size_t len) {
    mp_lex_src_t *s = m_new_obj(mp_lex_src_t);
    s->p = text;
    s->end = text + len;
    while (lex->src != NULL && lex->src->p == lex->src->end && lex->src->next != NULL) {
        lex->src = lex->src->next;
    }
    s->next = lex->src;
    lex->src = s;
}

static bool is_ident_start(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool is_ident_char(int c) {
    return is_ident_start(c) || (c >= '0' && c <= '9');
}

static bool is_digit(int c) {
    return c >= '0' && c <= '9';
}

static int hex_val(int c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* ---- init ----------------------------------------------------------- */

void mp_lexer_init(mp_lexer_t *lex, const char *src, size_t len, qstr source_file,
    int opt_level, mp_qstr_pool_t *pool) {
    memset(lex, 0, sizeof(*lex));
    /* normalise line endings once: \r\n and lone \r become \n */
    char *text = m_new(char, len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (src[i] == '\r') {
            text[n++] = '\n';
            if (i + 1 < len && src[i + 1] == '\n') {
                i++;
            }
        } else {
            text[n++] = src[i];
        }
    }
    text[n] = 0;
    mp_lex_src_t *s = m_new_obj(mp_lex_src_t);
    s->p = text;
    s->end = text + n;
    s->next = NULL;
    lex->src = s;
    lex->source_file = source_file;
    lex->line = 1;
    lex->opt_level = opt_level;
    lex->at_bol = true;
    lex->indent_alloc = 16;
    lex->indent = m_new(uint32_t, lex->indent_alloc);
    lex->indent[0] = 0;
    lex->indent_len = 1;
    lex->pool = pool;
}

/* ---- keywords ------------------------------------------------------- */

static const struct {
    const char *name;
    mp_token_kind_t kind;
} keywords[] = {
    {"False", TOK_KW_FALSE}, {"None", TOK_KW_NONE}, {"True", TOK_KW_TRUE},
    {"and", TOK_KW_AND}, {"as", TOK_KW_AS}, {"assert", TOK_KW_ASSERT},
    {"async", TOK_KW_ASYNC}, {"await", TOK_KW_AWAIT}, {"break", TOK_KW_BREAK},
    {"class", TOK_KW_CLASS}, {"continue", TOK_KW_CONTINUE}, {"def", TOK_KW_DEF},
    {"del", TOK_KW_DEL}, {"elif", TOK_KW_ELIF}, {"else", TOK_KW_ELSE},
    {"except", TOK_KW_EXCEPT}, {"finally", TOK_KW_FINALLY}, {"for", TOK_KW_FOR},
    {"from", TOK_KW_FROM}, {"global", TOK_KW_GLOBAL}, {"if", TOK_KW_IF},
    {"import", TOK_KW_IMPORT}, {"in", TOK_KW_IN}, {"is", TOK_KW_IS},
    {"lambda", TOK_KW_LAMBDA}, {"nonlocal", TOK_KW_NONLOCAL}, {"not", TOK_KW_NOT},
    {"or", TOK_KW_OR}, {"pass", TOK_KW_PASS}, {"raise", TOK_KW_RAISE},
    {"return", TOK_KW_RETURN}, {"try", TOK_KW_TRY}, {"while", TOK_KW_WHILE},
    {"with", TOK_KW_WITH}, {"yield", TOK_KW_YIELD},
};

/* ---- identifiers ---------------------------------------------------- */

static void intern_into_pool(mp_lexer_t *lex, qstr q) {
    size_t len;
    const byte *data = qstr_data(q, &len);
    mp_qstr_pool_add(lex->pool, (const char *)data, len);
}

static void lex_name(mp_lexer_t *lex, mp_token_t *tok, lbuf_t *b) {
    for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
        if (strlen(keywords[i].name) == b->len && memcmp(keywords[i].name, b->buf, b->len) == 0) {
            tok->kind = keywords[i].kind;
            return;
        }
    }
    if (b->len == 9 && memcmp(b->buf, "__debug__", 9) == 0) {
        tok->kind = lex->opt_level == 0 ? TOK_KW_TRUE : TOK_KW_FALSE;
        return;
    }
    tok->kind = TOK_NAME;
    tok->q = qstr_from_strn(b->buf, b->len);
    intern_into_pool(lex, tok->q);
}

/* ---- numbers -------------------------------------------------------- */

static void lex_number(mp_lexer_t *lex, mp_token_t *tok) {
    lbuf_t b;
    lbuf_init(&b);
    bool is_float = false;
    int c = cur(lex);
    int c1 = peek_at(lex, 1);
    if (c == '0' && (c1 == 'x' || c1 == 'X' || c1 == 'o' || c1 == 'O' || c1 == 'b' || c1 == 'B')) {
        /* 0x / 0o / 0b: letters and digits belong to the literal */
        lbuf_addc(&b, (char)c);
        advance(lex);
        lbuf_addc(&b, (char)cur(lex));
        advance(lex);
        while (is_ident_char(cur(lex))) {
            lbuf_addc(&b, (char)cur(lex));
            advance(lex);
        }
    } else {
        /* decimal int or float: digits . digits e[+-]digits j, then any letters
         * glued on (they make the literal invalid, as in the reference) */
        for (;;) {
            c = cur(lex);
            if (is_digit(c) || c == '_') {
                lbuf_addc(&b, (char)c);
                advance(lex);
            } else if (c == '.') {
                is_float = true;
                lbuf_addc(&b, (char)c);
                advance(lex);
            } else if ((c == 'e' || c == 'E')
                       && (is_digit(peek_at(lex, 1))
                           || ((peek_at(lex, 1) == '+' || peek_at(lex, 1) == '-')
                               && is_digit(peek_at(lex, 2))))) {
                is_float = true;
                lbuf_addc(&b, (char)c);
                advance(lex);
                lbuf_addc(&b, (char)cur(lex));
                advance(lex);
            } else if (c == 'j' || c == 'J') {
                is_float = true;
                lbuf_addc(&b, (char)c);
                advance(lex);
                break;
            } else {
                break;
            }
        }
        while (is_ident_char(cur(lex))) {
            lbuf_addc(&b, (char)cur(lex));
            advance(lex);
        }
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        if (is_float) {
            tok->kind = TOK_FLOAT;
            tok->obj = mp_parse_num_decimal(b.buf, b.len, true, false);
        } else {
            tok->kind = TOK_INT;
            tok->obj = mp_parse_num_integer(b.buf, b.len, 0);
        }
        nlr_pop();
    } else {
        /* like the reference, the number parser's ValueError becomes a
         * SyntaxError with the same message, located at the literal */
        mp_obj_t exc = MP_OBJ_FROM_PTR(nlr.ret_val);
        if (!mp_obj_is_exception_instance(exc)
            || !mp_obj_exception_match(exc, MP_OBJ_FROM_PTR(&mp_type_ValueError))) {
            nlr_jump(nlr.ret_val); /* MemoryError and the like pass through */
        }
        mp_obj_t msg = mp_obj_exception_get_value(exc);
        mp_obj_t err = mp_obj_new_exception_arg1(&mp_type_SyntaxError, msg);
        mp_obj_exception_add_traceback(err, lex->source_file, lex->line, MP_QSTRnull);
        mp_raise(err);
    }
}

/* ---- strings -------------------------------------------------------- */

/* flags of one literal */
#define SF_RAW (1)
#define SF_BYTES (2)
#define SF_FSTR (4)
#define SF_TSTR (8)

/* Recognise a string prefix at the current position (lowercase only, as the
 * reference unix build). Returns the number of prefix characters or -1. */
static int string_prefix(mp_lexer_t *lex, int *flags) {
    static const struct {
        const char *p;
        int flags;
    } prefixes[] = {
        {"", 0}, {"r", SF_RAW}, {"b", SF_BYTES}, {"u", 0}, {"f", SF_FSTR},
        {"rb", SF_RAW | SF_BYTES}, {"br", SF_RAW | SF_BYTES},
        {"rf", SF_RAW | SF_FSTR}, {"fr", SF_RAW | SF_FSTR},
        {"t", SF_TSTR}, {"rt", SF_RAW | SF_TSTR}, {"tr", SF_RAW | SF_TSTR},
    };
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
        size_t n = strlen(prefixes[i].p);
        bool ok = true;
        for (size_t k = 0; k < n; k++) {
            if (peek_at(lex, k) != prefixes[i].p[k]) {
                ok = false;
                break;
            }
        }
        int q = peek_at(lex, n);
        if (ok && (q == '\'' || q == '"')) {
            *flags = prefixes[i].flags;
            return (int)n;
        }
    }
    return -1;
}

/* process one escape sequence (the backslash has been consumed) */
static void lex_escape(mp_lexer_t *lex, lbuf_t *out, bool is_bytes) {
    int c = cur(lex);
    if (c == CH_EOF) {
        lex_error(lex, "invalid syntax");
    }
    advance(lex);
    switch (c) {
        case '\n':
            return; /* line continuation inside the literal */
        case '\\':
        case '\'':
        case '"':
            lbuf_addc(out, (char)c);
            return;
        case 'a':
            lbuf_addc(out, 7);
            return;
        case 'b':
            lbuf_addc(out, 8);
            return;
        case 'f':
            lbuf_addc(out, 12);
            return;
        case 'n':
            lbuf_addc(out, 10);
            return;
        case 'r':
            lbuf_addc(out, 13);
            return;
        case 't':
            lbuf_addc(out, 9);
            return;
        case 'v':
            lbuf_addc(out, 11);
            return;
        case 'x':
        case 'u':
        case 'U': {
            if (c != 'x' && is_bytes) {
                /* \u and \U are not escapes in bytes */
                lbuf_addc(out, '\\');
                lbuf_addc(out, (char)c);
                return;
            }
            int n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
            uint32_t v = 0;
            for (int i = 0; i < n; i++) {
                int h = hex_val(cur(lex));
                if (h < 0) {
                    lex_error(lex, "invalid syntax");
                }
                v = (v << 4) | (uint32_t)h;
                advance(lex);
            }
            if (is_bytes) {
                lbuf_addc(out, (char)v);
            } else {
                if (v > 0x10ffff) {
                    lex_error(lex, "invalid syntax");
                }
                lbuf_add_utf8(out, v);
            }
            return;
        }
        default:
            if (c >= '0' && c <= '7') {
                uint32_t v = (uint32_t)(c - '0');
                for (int i = 0; i < 2 && cur(lex) >= '0' && cur(lex) <= '7'; i++) {
                    v = v * 8 + (uint32_t)(cur(lex) - '0');
                    advance(lex);
                }
                if (is_bytes) {
                    lbuf_addc(out, (char)(v & 0xff));
                } else {
                    lbuf_add_utf8(out, v);
                }
                return;
            }
            /* unknown escape: kept as written */
            lbuf_addc(out, '\\');
            lbuf_addc(out, (char)c);
            return;
    }
}

/* is the closing quote (single or triple) at the current position? */
static bool at_close_quote(mp_lexer_t *lex, int q, bool triple) {
    if (cur(lex) != q) {
        return false;
    }
    return !triple || (peek_at(lex, 1) == q && peek_at(lex, 2) == q);
}

static void skip_close_quote(mp_lexer_t *lex, bool triple) {
    advance(lex);
    if (triple) {
        advance(lex);
        advance(lex);
    }
}

/* The f-string / t-string rewrite state of one string group. */
typedef struct {
    lbuf_t args;   /* "(e1), (e2)" */
    size_t n_args;
    lbuf_t parts;  /* t-strings: "'lit0', 'lit1', " */
} fstr_state_t;

/* text as a Python string literal in single quotes */
static void lbuf_add_quoted(lbuf_t *b, const char *s, size_t n) {
    lbuf_addc(b, '\'');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\' || c == '\'') {
            lbuf_addc(b, '\\');
            lbuf_addc(b, (char)c);
        } else if (c == '\n') {
            lbuf_add(b, "\\n", 2);
        } else if (c < 0x20 || c == 0x7f) {
            static const char hex[] = "0123456789abcdef";
            char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            lbuf_add(b, esc, 4);
        } else {
            lbuf_addc(b, (char)c);
        }
    }
    lbuf_addc(b, '\'');
}

/* a t-string's literal part so far becomes one item of the parts tuple */
static void tstr_flush_part(fstr_state_t *fs, lbuf_t *out) {
    lbuf_add_quoted(&fs->parts, out->buf, out->len);
    lbuf_add(&fs->parts, ", ", 2);
    out->len = 0;
    out->buf[0] = 0;
}

static void fstr_add_arg(fstr_state_t *fs, const char *expr, size_t len) {
    if (fs->n_args > 0) {
        lbuf_add(&fs->args, ", ", 2);
    }
    lbuf_addc(&fs->args, '(');
    lbuf_add(&fs->args, expr, len);
    lbuf_addc(&fs->args, ')');
    fs->n_args++;
}

static void lex_fstr_field(mp_lexer_t *lex, lbuf_t *fmt, fstr_state_t *fs, int q, bool triple);

/* Read a field expression up to `}`, `:` or `!r`/`!s` at bracket depth 0
 * (the reference copies it as text; quotes are not tracked). */
static void lex_fstr_expr(mp_lexer_t *lex, lbuf_t *expr, int q, bool triple) {
    int depth = 0;
    for (;;) {
        int c = cur(lex);
        if (c == CH_EOF || at_close_quote(lex, q, triple) || (c == '\n' && !triple)) {
            lex_error(lex, "invalid syntax");
        }
        if (depth == 0) {
            if (c == '}' || c == ':') {
                return;
            }
            if (c == '!' && (peek_at(lex, 1) == 'r' || peek_at(lex, 1) == 's')
                && (peek_at(lex, 2) == ':' || peek_at(lex, 2) == '}')) {
                return;
            }
        }
        if (c == '(' || c == '[' || c == '{') {
            depth++;
        } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
            depth--;
        }
        lbuf_addc(expr, (char)c);
        advance(lex);
    }
}

/* whether the expression text ends in a self-documenting `=` */
static bool fstr_expr_is_debug(const lbuf_t *expr) {
    size_t n = expr->len;
    while (n > 0 && (expr->buf[n - 1] == ' ' || expr->buf[n - 1] == '\t')) {
        n--;
    }
    if (n < 2 || expr->buf[n - 1] != '=') {
        return false;
    }
    char p = expr->buf[n - 2];
    return p != '=' && p != '!' && p != '<' && p != '>';
}

/* one `{...}` field; the `{` has been consumed */
static void lex_fstr_field(mp_lexer_t *lex, lbuf_t *fmt, fstr_state_t *fs, int q, bool triple) {
    mp_stack_check(); /* fields nest inside format specs */
    lbuf_t expr;
    lbuf_init(&expr);
    lex_fstr_expr(lex, &expr, q, triple);
    size_t elen = expr.len;
    if (fstr_expr_is_debug(&expr)) {
        /* {expr=} contributes the text "expr=" and formats with str */
        lbuf_add(fmt, expr.buf, expr.len);
        while (expr.buf[elen - 1] != '=') {
            elen--;
        }
        elen--;
    }
    /* an empty or blank expression is a syntax error */
    bool blank = true;
    for (size_t i = 0; i < elen; i++) {
        if (expr.buf[i] != ' ' && expr.buf[i] != '\t' && expr.buf[i] != '\n') {
            blank = false;
        }
    }
    if (blank) {
        lex_error(lex, "invalid syntax");
    }
    lbuf_addc(fmt, '{');
    fstr_add_arg(fs, expr.buf, elen);
    if (cur(lex) == '!') {
        lbuf_addc(fmt, '!');
        advance(lex);
        lbuf_addc(fmt, (char)cur(lex));
        advance(lex);
    }
    if (cur(lex) == ':') {
        lbuf_addc(fmt, ':');
        advance(lex);
        for (;;) {
            int c = cur(lex);
            if (c == CH_EOF || at_close_quote(lex, q, triple) || (c == '\n' && !triple)) {
                lex_error(lex, "invalid syntax");
            }
            if (c == '}') {
                break;
            }
            advance(lex);
            if (c == '{') {
                /* a nested field inside the format spec */
                lex_fstr_field(lex, fmt, fs, q, triple);
                continue;
            }
            lbuf_addc(fmt, (char)c);
        }
    }
    if (cur(lex) != '}') {
        lex_error(lex, "invalid syntax");
    }
    advance(lex);
    lbuf_addc(fmt, '}');
}

/* One `{...}` field of a t-string (7.8): the literal part before it is
 * closed, and the field adds `(value), 'expr', conversion, spec` to the
 * arguments of `__template__`. The `{` has been consumed. */
static void lex_tstr_field(mp_lexer_t *lex, lbuf_t *out, fstr_state_t *fs, int q, bool triple) {
    lbuf_t expr;
    lbuf_init(&expr);
    lex_fstr_expr(lex, &expr, q, triple);
    size_t elen = expr.len;
    bool debug = fstr_expr_is_debug(&expr);
    if (debug) {
        /* {expr=} puts "expr=" into the literal text */
        lbuf_add(out, expr.buf, expr.len);
        while (expr.buf[elen - 1] != '=') {
            elen--;
        }
        elen--;
    }
    bool blank = true;
    for (size_t i = 0; i < elen; i++) {
        if (expr.buf[i] != ' ' && expr.buf[i] != '\t' && expr.buf[i] != '\n') {
            blank = false;
        }
    }
    if (blank) {
        lex_error(lex, "invalid syntax");
    }
    tstr_flush_part(fs, out);
    int conv = 0;
    if (cur(lex) == '!') {
        advance(lex);
        conv = cur(lex);
        advance(lex);
    }
    lbuf_t spec;
    lbuf_init(&spec);
    bool have_spec = false, nested = false;
    if (cur(lex) == ':') {
        have_spec = true;
        advance(lex);
        int depth = 0;
        for (;;) {
            int c = cur(lex);
            if (c == CH_EOF || at_close_quote(lex, q, triple) || (c == '\n' && !triple)) {
                lex_error(lex, "invalid syntax");
            }
            if (c == '}' && depth == 0) {
                break;
            }
            if (c == '{') {
                depth++;
                nested = true;
            } else if (c == '}') {
                depth--;
            }
            lbuf_addc(&spec, (char)c);
            advance(lex);
        }
    }
    if (cur(lex) != '}') {
        lex_error(lex, "invalid syntax");
    }
    advance(lex);
    if (fs->n_args > 0) {
        lbuf_add(&fs->args, ", ", 2);
    }
    lbuf_addc(&fs->args, '(');
    lbuf_add(&fs->args, expr.buf, elen);
    lbuf_add(&fs->args, "), ", 3);
    lbuf_add_quoted(&fs->args, expr.buf, elen);
    lbuf_add(&fs->args, ", ", 2);
    if (conv != 0) {
        char c[3] = {'\'', (char)conv, '\''};
        lbuf_add(&fs->args, c, 3);
    } else if (debug && !have_spec) {
        lbuf_add(&fs->args, "'r'", 3);
    } else {
        lbuf_add(&fs->args, "None", 4);
    }
    lbuf_add(&fs->args, ", ", 2);
    if (nested) {
        lbuf_addc(&fs->args, 'f');
    }
    lbuf_add_quoted(&fs->args, spec.buf, spec.len);
    fs->n_args++;
}

/* Read one literal (prefix already consumed) and append its value to out. */
static void lex_one_string(mp_lexer_t *lex, int flags, lbuf_t *out, fstr_state_t *fs) {
    int q = cur(lex);
    advance(lex);
    bool triple = false;
    if (cur(lex) == q && peek_at(lex, 1) == q) {
        triple = true;
        advance(lex);
        advance(lex);
    }
    bool is_bytes = (flags & SF_BYTES) != 0;
    for (;;) {
        int c = cur(lex);
        if (c == CH_EOF || (c == '\n' && !triple)) {
            lex_error(lex, "invalid syntax");
        }
        if (at_close_quote(lex, q, triple)) {
            skip_close_quote(lex, triple);
            return;
        }
        if ((flags & (SF_FSTR | SF_TSTR)) && (c == '{' || c == '}')) {
            advance(lex);
            if (cur(lex) == c) {
                /* {{ and }} stay doubled in a format string, single in a
                 * t-string's literal part */
                advance(lex);
                lbuf_addc(out, (char)c);
                if (flags & SF_FSTR) {
                    lbuf_addc(out, (char)c);
                }
            } else if (c == '{' && (flags & SF_TSTR)) {
                lex_tstr_field(lex, out, fs, q, triple);
            } else if (c == '{') {
                lex_fstr_field(lex, out, fs, q, triple);
            } else {
                lex_error(lex, "invalid syntax");
            }
            continue;
        }
        advance(lex);
        if (c == '\\' && !(flags & SF_RAW)) {
            lex_escape(lex, out, is_bytes);
        } else if (c == '\\') {
            /* raw: the backslash stays, and it still protects the next char */
            lbuf_addc(out, '\\');
            int n = cur(lex);
            if (n == q || n == '\\' || n == '\n') {
                advance(lex);
                lbuf_addc(out, (char)n);
            }
        } else {
            lbuf_addc(out, (char)c);
        }
    }
}

/* Skip spaces, comments and (inside brackets) newlines, to look for a
 * following adjacent string literal. Does not consume a logical newline. */
static void skip_to_next_token(mp_lexer_t *lex) {
    for (;;) {
        int c = cur(lex);
        if (c == ' ' || c == '\t' || c == '\f') {
            advance(lex);
        } else if (c == '\\' && peek_at(lex, 1) == '\n') {
            advance(lex);
            advance(lex);
        } else if (c == '#') {
            while (cur(lex) != '\n' && cur(lex) != CH_EOF) {
                advance(lex);
            }
        } else if (c == '\n' && lex->nest > 0) {
            advance(lex);
        } else {
            return;
        }
    }
}

/* Whether the bytes are well-formed UTF-8 (lead byte plus the right number
 * of continuation bytes; surrogates from \u escapes are allowed). A str
 * object must never hold malformed text: the runtime walks it as UTF-8. */
static bool utf8_well_formed(const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i++];
        size_t more = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2
            : c >= 0xf0 && c < 0xf5 ? 3 : SIZE_MAX;
        if (more == SIZE_MAX || more > n - i) {
            return false;
        }
        for (; more > 0; more--, i++) {
            if (((unsigned char)s[i] & 0xc0) != 0x80) {
                return false;
            }
        }
    }
    return true;
}

/* A group of adjacent literals. Returns false when it was a t-string group,
 * which is entirely rewritten into injected text (nothing to emit yet). */
static bool lex_string_group(mp_lexer_t *lex, mp_token_t *tok, int first_flags, int prefix_len) {
    lbuf_t out;
    lbuf_init(&out);
    fstr_state_t fs;
    lbuf_init(&fs.args);
    lbuf_init(&fs.parts);
    fs.n_args = 0;
    bool any_f = false, any_t = false;
    bool is_bytes = (first_flags & SF_BYTES) != 0;
    int flags = first_flags;
    for (;;) {
        for (int i = 0; i < prefix_len; i++) {
            advance(lex);
        }
        any_f |= (flags & SF_FSTR) != 0;
        any_t |= (flags & SF_TSTR) != 0;
        if (any_f && any_t) {
            lex_error(lex, "invalid syntax");
        }
        lex_one_string(lex, flags, &out, &fs);
        skip_to_next_token(lex);
        prefix_len = string_prefix(lex, &flags);
        if (prefix_len < 0) {
            break;
        }
        if (((flags & SF_BYTES) != 0) != is_bytes) {
            lex_error(lex, "invalid syntax");
        }
    }
    if (any_t) {
        /* __template__((parts...), value, 'expr', conv, spec, ...), read
         * next from the line after the group like an f-string's arguments */
        tstr_flush_part(&fs, &out);
        lbuf_t inj;
        lbuf_init(&inj);
        lbuf_add(&inj, "__template__((", 14);
        lbuf_add(&inj, fs.parts.buf, fs.parts.len);
        lbuf_addc(&inj, ')');
        if (fs.n_args > 63) {
            /* too many arguments for one call: the fields go in one tuple */
            lbuf_add(&inj, ", (", 3);
            lbuf_add(&inj, fs.args.buf, fs.args.len);
            lbuf_add(&inj, ",)", 2);
        } else if (fs.n_args > 0) {
            lbuf_add(&inj, ", ", 2);
            lbuf_add(&inj, fs.args.buf, fs.args.len);
        }
        lbuf_addc(&inj, ')');
        inject_text(lex, inj.buf, inj.len);
        return false;
    }
    if (is_bytes) {
        tok->kind = TOK_BYTES;
        tok->obj = mp_obj_new_bytes((const byte *)out.buf, out.len);
        return true;
    }
    tok->kind = TOK_STR;
    if (!utf8_well_formed(out.buf, out.len)) {
        lex_error(lex, "invalid syntax");
    }
    if (mp_qstr_pool_contains(lex->pool, out.buf, out.len)) {
        tok->q = qstr_from_strn(out.buf, out.len);
        intern_into_pool(lex, tok->q);
        tok->obj = MP_OBJ_NULL;
    } else {
        tok->q = MP_QSTRnull;
        tok->obj = mp_obj_new_str_copy(&mp_type_str, (const byte *)out.buf, out.len);
    }
    if (any_f) {
        /* read `.format(args)` next, numbered from the current line (the line
         * of the token after the group) */
        lbuf_t inj;
        lbuf_init(&inj);
        lbuf_add(&inj, ".format(", 8);
        lbuf_add(&inj, fs.args.buf, fs.args.len);
        lbuf_addc(&inj, ')');
        inject_text(lex, inj.buf, inj.len);
    }
    return true;
}

/* ---- operators ------------------------------------------------------ */

static bool lex_operator(mp_lexer_t *lex, mp_token_t *tok) {
    int c = cur(lex);
    int c1 = peek_at(lex, 1);
    int c2 = peek_at(lex, 2);
    int n = 1;
    switch (c) {
        case '(':
            tok->kind = TOK_LPAREN;
            lex->nest++;
            break;
        case ')':
            tok->kind = TOK_RPAREN;
            if (lex->nest > 0) {
                lex->nest--;
            }
            break;
        case '[':
            tok->kind = TOK_LBRACKET;
            lex->nest++;
            break;
        case ']':
            tok->kind = TOK_RBRACKET;
            if (lex->nest > 0) {
                lex->nest--;
            }
            break;
        case '{':
            tok->kind = TOK_LBRACE;
            lex->nest++;
            break;
        case '}':
            tok->kind = TOK_RBRACE;
            if (lex->nest > 0) {
                lex->nest--;
            }
            break;
        case ',':
            tok->kind = TOK_COMMA;
            break;
        case ';':
            tok->kind = TOK_SEMICOLON;
            break;
        case '~':
            tok->kind = TOK_TILDE;
            break;
        case ':':
            if (c1 == '=') {
                tok->kind = TOK_WALRUS;
                n = 2;
            } else {
                tok->kind = TOK_COLON;
            }
            break;
        case '.':
            if (c1 == '.' && c2 == '.') {
                tok->kind = TOK_ELLIPSIS;
                n = 3;
            } else {
                tok->kind = TOK_DOT;
            }
            break;
        case '=':
            if (c1 == '=') {
                tok->kind = TOK_EQUAL;
                n = 2;
            } else {
                tok->kind = TOK_ASSIGN;
            }
            break;
        case '!':
            if (c1 != '=') {
                return false;
            }
            tok->kind = TOK_NOT_EQUAL;
            n = 2;
            break;
        case '-':
            if (c1 == '>') {
                tok->kind = TOK_ARROW;
                n = 2;
                break;
            }
            /* fall through */
        default: {
            /* the arithmetic operators and their in-place forms */
            static const struct {
                char a, b;
                mp_token_kind_t kind;
                int iop;
            } ops[] = {
                {'*', '*', TOK_DSTAR, MP_BINARY_OP_INPLACE_POWER},
                {'/', '/', TOK_DSLASH, MP_BINARY_OP_INPLACE_FLOOR_DIVIDE},
                {'<', '<', TOK_LSHIFT, MP_BINARY_OP_INPLACE_LSHIFT},
                {'>', '>', TOK_RSHIFT, MP_BINARY_OP_INPLACE_RSHIFT},
                {'+', 0, TOK_PLUS, MP_BINARY_OP_INPLACE_ADD},
                {'-', 0, TOK_MINUS, MP_BINARY_OP_INPLACE_SUBTRACT},
                {'*', 0, TOK_STAR, MP_BINARY_OP_INPLACE_MULTIPLY},
                {'/', 0, TOK_SLASH, MP_BINARY_OP_INPLACE_TRUE_DIVIDE},
                {'%', 0, TOK_PERCENT, MP_BINARY_OP_INPLACE_MODULO},
                {'|', 0, TOK_PIPE, MP_BINARY_OP_INPLACE_OR},
                {'^', 0, TOK_CARET, MP_BINARY_OP_INPLACE_XOR},
                {'&', 0, TOK_AMP, MP_BINARY_OP_INPLACE_AND},
                {'@', 0, TOK_AT, MP_BINARY_OP_INPLACE_MAT_MULTIPLY},
                {'<', 0, TOK_LESS, -1},
                {'>', 0, TOK_MORE, -1},
            };
            size_t i;
            for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
                if (ops[i].a == c && (ops[i].b == 0 || ops[i].b == c1)) {
                    break;
                }
            }
            if (i == sizeof(ops) / sizeof(ops[0])) {
                return false;
            }
            tok->kind = ops[i].kind;
            n = ops[i].b ? 2 : 1;
            int after = peek_at(lex, (size_t)n);
            if (ops[i].iop >= 0 && after == '=') {
                tok->kind = TOK_AUGASSIGN;
                tok->op = ops[i].iop;
                n++;
            } else if (ops[i].iop < 0 && after == '=') {
                tok->kind = c == '<' ? TOK_LESS_EQUAL : TOK_MORE_EQUAL;
                n = 2;
            }
            break;
        }
    }
    for (int i = 0; i < n; i++) {
        advance(lex);
    }
    return true;
}

/* ---- the token loop -------------------------------------------------- */

static void push_indent(mp_lexer_t *lex, uint32_t col) {
    if (lex->indent_len == lex->indent_alloc) {
        lex->indent = m_renew(uint32_t, lex->indent, lex->indent_alloc, lex->indent_alloc * 2);
        lex->indent_alloc *= 2;
    }
    lex->indent[lex->indent_len++] = col;
}

/* At the start of a logical line: measure the indentation, skip blank and
 * comment-only lines, and queue INDENT/DEDENT tokens. Returns false at EOF. */
static bool lex_line_start(mp_lexer_t *lex) {
    for (;;) {
        uint32_t col = 0;
        for (;;) {
            int c = cur(lex);
            if (c == ' ') {
                col++;
            } else if (c == '\t') {
                col = (col + 8) & ~7u;
            } else if (c == '\f') {
                col = 0;
            } else {
                break;
            }
            advance(lex);
        }
        int c = cur(lex);
        if (c == '#') {
            while (cur(lex) != '\n' && cur(lex) != CH_EOF) {
                advance(lex);
            }
            c = cur(lex);
        }
        if (c == '\n') {
            advance(lex);
            continue;
        }
        if (c == '\\' && peek_at(lex, 1) == '\n') {
            /* a continuation right at the start: the line goes on */
            lex->at_bol = false;
            return true;
        }
        if (c == CH_EOF) {
            return false;
        }
        lex->at_bol = false;
        uint32_t top = lex->indent[lex->indent_len - 1];
        if (col > top) {
            push_indent(lex, col);
            lex->pending_indent = 1;
        } else if (col < top) {
            while (lex->indent_len > 1 && lex->indent[lex->indent_len - 1] > col) {
                lex->indent_len--;
                lex->pending_dedents++;
            }
            if (lex->indent[lex->indent_len - 1] != col) {
                mp_compile_raise(&mp_type_IndentationError, lex->source_file, lex->line,
                    "unindent doesn't match any outer indentation level");
            }
        }
        return true;
    }
}

void mp_lexer_next(mp_lexer_t *lex, mp_token_t *tok) {
    tok->op = 0;
    tok->q = MP_QSTRnull;
    tok->obj = MP_OBJ_NULL;
    for (;;) {
        if (lex->at_bol && lex->nest == 0) {
            if (!lex_line_start(lex)) {
                /* end of input: close every open block */
                lex->at_bol = false;
                lex->pending_dedents += (int)lex->indent_len - 1;
                lex->indent_len = 1;
            }
        }
        if (lex->pending_dedents > 0) {
            lex->pending_dedents--;
            tok->kind = TOK_DEDENT;
            tok->line = lex->line;
            return;
        }
        if (lex->pending_indent) {
            lex->pending_indent = 0;
            tok->kind = TOK_INDENT;
            tok->line = lex->line;
            return;
        }
        int c = cur(lex);
        if (c == ' ' || c == '\t' || c == '\f') {
            advance(lex);
            continue;
        }
        if (c == '#') {
            while (cur(lex) != '\n' && cur(lex) != CH_EOF) {
                advance(lex);
            }
            continue;
        }
        if (c == '\\') {
            if (peek_at(lex, 1) == '\n') {
                advance(lex);
                advance(lex);
                continue;
            }
            tok->line = lex->line;
            lex_error(lex, "invalid syntax");
        }
        if (c == '\n') {
            tok->line = lex->line;
            advance(lex);
            if (lex->nest > 0) {
                continue;
            }
            lex->at_bol = true;
            if (lex->emitted_any) {
                lex->emitted_any = false;
                tok->kind = TOK_NEWLINE;
                return;
            }
            continue;
        }
        tok->line = lex->line;
        if (c == CH_EOF) {
            if (lex->emitted_any) {
                /* the last line has no newline character */
                lex->emitted_any = false;
                tok->kind = TOK_NEWLINE;
                return;
            }
            if (lex->indent_len > 1) {
                lex->pending_dedents += (int)lex->indent_len - 1;
                lex->indent_len = 1;
                continue;
            }
            tok->kind = TOK_END;
            return;
        }
        lex->emitted_any = true;
        int sflags;
        int plen = string_prefix(lex, &sflags);
        if (plen >= 0) {
            if (lex_string_group(lex, tok, sflags, plen)) {
                return;
            }
            continue;
        }
        if (is_ident_start(c)) {
            lbuf_t b;
            lbuf_init(&b);
            while (is_ident_char(cur(lex))) {
                lbuf_addc(&b, (char)cur(lex));
                advance(lex);
            }
            lex_name(lex, tok, &b);
            return;
        }
        if (is_digit(c) || (c == '.' && is_digit(peek_at(lex, 1)))) {
            lex_number(lex, tok);
            return;
        }
        if (lex_operator(lex, tok)) {
            return;
        }
        lex_error(lex, "invalid syntax");
    }
}
