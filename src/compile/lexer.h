/*
 * The tokenizer of the source compiler (internal to compile/).
 *
 * It turns UTF-8 source text into Python tokens the way MicroPython's lexer
 * does, including the parts of compiler-behaviour.md section 2 step 1 that
 * happen before parsing: adjacent string literals are joined, f-strings are
 * rewritten into `"fmt".format(args)` text (7.8, with the line-number shift of
 * 11.3), `__debug__` becomes True/False (8.5), and string literals are
 * interned or not by the rule of 7.2 (see qstrpool.h).
 */
#ifndef MICA_COMPILE_LEXER_H
#define MICA_COMPILE_LEXER_H

#include "core/obj.h"
#include "compile/qstrpool.h"

typedef enum {
    TOK_END = 0,
    TOK_NEWLINE,
    TOK_INDENT,
    TOK_DEDENT,
    TOK_NAME,      /* q */
    TOK_INT,       /* obj: int object (small or big) */
    TOK_FLOAT,     /* obj: float or complex (imaginary literal) */
    TOK_STR,       /* interned: q; otherwise obj (a str object) */
    TOK_BYTES,     /* obj */

    /* keywords */
    TOK_KW_FALSE, TOK_KW_NONE, TOK_KW_TRUE, TOK_KW_AND, TOK_KW_AS, TOK_KW_ASSERT,
    TOK_KW_ASYNC, TOK_KW_AWAIT, TOK_KW_BREAK, TOK_KW_CLASS, TOK_KW_CONTINUE,
    TOK_KW_DEF, TOK_KW_DEL, TOK_KW_ELIF, TOK_KW_ELSE, TOK_KW_EXCEPT, TOK_KW_FINALLY,
    TOK_KW_FOR, TOK_KW_FROM, TOK_KW_GLOBAL, TOK_KW_IF, TOK_KW_IMPORT, TOK_KW_IN,
    TOK_KW_IS, TOK_KW_LAMBDA, TOK_KW_NONLOCAL, TOK_KW_NOT, TOK_KW_OR, TOK_KW_PASS,
    TOK_KW_RAISE, TOK_KW_RETURN, TOK_KW_TRY, TOK_KW_WHILE, TOK_KW_WITH, TOK_KW_YIELD,

    /* delimiters and operators */
    TOK_LPAREN, TOK_RPAREN, TOK_LBRACKET, TOK_RBRACKET, TOK_LBRACE, TOK_RBRACE,
    TOK_COMMA, TOK_COLON, TOK_SEMICOLON, TOK_DOT, TOK_ELLIPSIS, TOK_AT, TOK_ARROW,
    TOK_ASSIGN,      /* = */
    TOK_WALRUS,      /* := */
    TOK_AUGASSIGN,   /* op: in-place mp_binary_op_t */
    TOK_PLUS, TOK_MINUS, TOK_STAR, TOK_DSTAR, TOK_SLASH, TOK_DSLASH, TOK_PERCENT,
    TOK_PIPE, TOK_CARET, TOK_AMP, TOK_LSHIFT, TOK_RSHIFT, TOK_TILDE,
    TOK_LESS, TOK_MORE, TOK_EQUAL, TOK_LESS_EQUAL, TOK_MORE_EQUAL, TOK_NOT_EQUAL,
} mp_token_kind_t;

typedef struct _mp_token_t {
    mp_token_kind_t kind;
    uint32_t line;
    int op;          /* TOK_AUGASSIGN: the in-place operator */
    qstr q;          /* TOK_NAME, interned TOK_STR */
    mp_obj_t obj;    /* numbers, bytes, non-interned strings */
} mp_token_t;

/* A stretch of text being read: the file, or text injected by the f-string
 * rewrite (which is read before the rest of the file). */
typedef struct _mp_lex_src_t {
    const char *p;
    const char *end;
    struct _mp_lex_src_t *next; /* what to continue with when this one ends */
} mp_lex_src_t;

typedef struct _mp_lexer_t {
    mp_lex_src_t *src;
    qstr source_file;
    uint32_t line;       /* line of the next character */
    int opt_level;
    int nest;            /* open brackets: newlines are ignored when > 0 */
    bool at_bol;         /* at the beginning of a logical line */
    bool emitted_any;    /* a token other than NEWLINE was emitted on this line */
    int pending_dedents;
    int pending_indent;
    size_t indent_len, indent_alloc;
    uint32_t *indent; /* indentation stack (columns) */
    mp_qstr_pool_t *pool;
} mp_lexer_t;

void mp_lexer_init(mp_lexer_t *lex, const char *src, size_t len, qstr source_file,
    int opt_level, mp_qstr_pool_t *pool);
/* Read the next token. Raises SyntaxError/IndentationError. */
void mp_lexer_next(mp_lexer_t *lex, mp_token_t *tok);

/* Raise SyntaxError (or another exception type) with a traceback entry
 * `File "<source_file>", line N` (no block name, as MicroPython prints
 * syntax errors). Shared with the parser. */
_Noreturn void mp_compile_raise(const mp_obj_type_t *type, qstr source_file, uint32_t line,
    const char *msg);

#endif
