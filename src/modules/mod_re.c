/*
 * The `re` module (also `ure`): regular expressions on the bytes of str or
 * bytes subjects.
 *
 * Syntax: literals, '.', [classes] with ranges and ^, \d \D \w \W \s \S
 * (also in classes), \b \B, other escaped characters, ^ and $, groups
 * (...) and (?:...), '|', and the repeats * + ? {m} {m,} {m,n} with lazy
 * forms. In a str pattern '.', negated classes and non-ASCII literals
 * take whole UTF-8 characters (non-ASCII characters inside [...] are not
 * supported).
 * Flags: 0 or IGNORECASE (ASCII); others raise NotImplementedError.
 * A syntax error raises ValueError("error in regex"), as in MicroPython.
 *
 * A pattern is parsed into a small tree, compiled to a program for a Pike
 * VM (an NFA simulation that runs every thread in lock step, in priority
 * order), so matching takes time linear in the subject for a given
 * pattern and never recurses on the subject.
 *
 * API: compile, match, search, fullmatch, sub, split, findall (module
 * functions and regex methods); match objects have group, groups, start,
 * end, span. Beyond MicroPython (following CPython): fullmatch, findall,
 * module-level split, group() with no or several indices, {m,n}, \b.
 */
#include <string.h>

#include "core/runtime.h"
#include "modules/modules.h"

#define FLAG_IGNORECASE (2)
#define MAX_PROG (20000) /* instructions; beyond: "regex too complex" */

/* ---- the program ------------------------------------------------------- */

enum {
    OP_CHAR,  /* x: the byte */
    OP_CLASS, /* x: index of a 256-bit set */
    OP_BOL,
    OP_EOL,
    OP_WORDB,  /* \b; x = 1 for \B */
    OP_SPLIT, /* try x first, then y */
    OP_JMP,   /* to x */
    OP_SAVE,  /* capture slot x = position */
    OP_MATCH,
};

typedef struct _inst_t {
    uint8_t op;
    int32_t x, y;
} inst_t;

typedef struct _byteset_t {
    uint8_t bits[32];
} byteset_t;

static inline bool set_has(const byteset_t *s, byte c) {
    return (s->bits[c >> 3] >> (c & 7)) & 1;
}
static inline void set_add(byteset_t *s, byte c) {
    s->bits[c >> 3] |= (uint8_t)(1 << (c & 7));
}

/* ---- the tree ---------------------------------------------------------- */

enum { N_CHAR, N_CLASS, N_BOL, N_EOL, N_WORDB, N_CAT, N_ALT, N_GROUP, N_REPEAT, N_EMPTY };

typedef struct _node_t {
    byte kind;
    bool greedy;
    byte c;
    int group;      /* N_GROUP: capture number, or -1 for (?:...) */
    int min, max;   /* N_REPEAT; max -1 = unbounded */
    int set;        /* N_CLASS */
    struct _node_t *a, *b; /* CAT/ALT: a then b; GROUP/REPEAT: a */
} node_t;

typedef struct _parser_t {
    const byte *p, *end;
    int ngroups;
    int flags;
    bool text; /* a str pattern: a non-ASCII character is one unit */
    byteset_t *sets;
    size_t nsets, sets_alloc;
} parser_t;

static _Noreturn void regex_error(void) {
    mp_raise_ValueError("error in regex");
}

static node_t *new_node(int kind) {
    node_t *n = m_new0(node_t, 1);
    n->kind = (byte)kind;
    return n;
}

static int new_set(parser_t *ps) {
    if (ps->nsets == ps->sets_alloc) {
        size_t alloc = ps->sets_alloc ? 2 * ps->sets_alloc : 4;
        ps->sets = m_renew(byteset_t, ps->sets, ps->sets_alloc, alloc);
        ps->sets_alloc = alloc;
    }
    memset(&ps->sets[ps->nsets], 0, sizeof(byteset_t));
    return (int)ps->nsets++;
}

static bool is_digit(int c) {
    return c >= '0' && c <= '9';
}
static bool is_word(int c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool is_space(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* add the class of \d \w \s (or its complement for the upper case letter);
 * false if `e` names no class */
static bool add_named_class(byteset_t *s, byte e) {
    bool (*test)(int);
    switch (e | 0x20) {
        case 'd': test = is_digit; break;
        case 'w': test = is_word; break;
        case 's': test = is_space; break;
        default: return false;
    }
    bool neg = e >= 'A' && e <= 'Z';
    for (int c = 0; c < 256; c++) {
        if (test(c) != neg) {
            set_add(s, (byte)c);
        }
    }
    return true;
}

/* the byte an escape stands for (other than the class escapes) */
static byte escape_char(byte e) {
    switch (e) {
        case 'n': return '\n';
        case 't': return '\t';
        case 'r': return '\r';
        case 'f': return '\f';
        case 'v': return '\v';
        case '0': return 0;
        default: return e;
    }
}

static void add_char_ci(parser_t *ps, byteset_t *s, byte c) {
    set_add(s, c);
    if (ps->flags & FLAG_IGNORECASE) {
        if (c >= 'a' && c <= 'z') {
            set_add(s, (byte)(c - 32));
        } else if (c >= 'A' && c <= 'Z') {
            set_add(s, (byte)(c + 32));
        }
    }
}

static node_t *cat_node(node_t *a, node_t *b) {
    node_t *n = new_node(N_CAT);
    n->a = a;
    n->b = b;
    return n;
}

/* In a str pattern a class that takes non-ASCII bytes must take whole
 * UTF-8 characters: it starts on a lead byte and eats the continuation
 * bytes after it. */
static node_t *class_node(parser_t *ps, int idx) {
    node_t *n = new_node(N_CLASS);
    n->set = idx;
    byteset_t *set = &ps->sets[idx];
    bool high = false;
    for (int i = 16; i < 32; i++) {
        high |= set->bits[i] != 0;
    }
    if (!ps->text || !high) {
        return n;
    }
    for (int i = 16; i < 24; i++) {
        set->bits[i] = 0; /* 0x80..0xbf: continuation bytes */
    }
    int cont = new_set(ps);
    for (int c = 0x80; c < 0xc0; c++) {
        set_add(&ps->sets[cont], (byte)c);
    }
    node_t *tail = new_node(N_CLASS);
    tail->set = cont;
    node_t *rep = new_node(N_REPEAT);
    rep->a = tail;
    rep->min = 0;
    rep->max = 3;
    rep->greedy = true;
    node_t *g = new_node(N_GROUP);
    g->group = -1;
    g->a = cat_node(n, rep);
    return g;
}

static node_t *parse_class(parser_t *ps) {
    int idx = new_set(ps);
    byteset_t s;
    memset(&s, 0, sizeof(s));
    bool neg = false;
    if (ps->p < ps->end && *ps->p == '^') {
        neg = true;
        ps->p++;
    }
    bool first = true;
    for (;;) {
        if (ps->p >= ps->end) {
            regex_error();
        }
        byte c = *ps->p++;
        if (c == ']' && !first) {
            break;
        }
        first = false;
        if (c == '\\') {
            if (ps->p >= ps->end) {
                regex_error();
            }
            byte e = *ps->p++;
            if (add_named_class(&s, e)) {
                continue;
            }
            c = escape_char(e);
        }
        byte hi = c;
        if (ps->end - ps->p >= 2 && ps->p[0] == '-' && ps->p[1] != ']') {
            ps->p++;
            hi = *ps->p++;
            if (hi == '\\') {
                if (ps->p >= ps->end) {
                    regex_error();
                }
                hi = escape_char(*ps->p++);
            }
            if (hi < c) {
                regex_error();
            }
        }
        for (int k = c; k <= hi; k++) {
            add_char_ci(ps, &s, (byte)k);
        }
    }
    if (neg) {
        for (int i = 0; i < 32; i++) {
            s.bits[i] = (uint8_t)~s.bits[i];
        }
    }
    ps->sets[idx] = s;
    return class_node(ps, idx);
}

static node_t *char_node(parser_t *ps, byte c) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if ((ps->flags & FLAG_IGNORECASE) && letter) {
        int idx = new_set(ps);
        add_char_ci(ps, &ps->sets[idx], c);
        node_t *n = new_node(N_CLASS);
        n->set = idx;
        return n;
    }
    node_t *n = new_node(N_CHAR);
    n->c = c;
    return n;
}

static node_t *parse_alt(parser_t *ps, int depth);

static node_t *parse_atom(parser_t *ps, int depth) {
    byte c = *ps->p++;
    switch (c) {
        case '(': {
            int group = -1;
            if (ps->end - ps->p >= 2 && ps->p[0] == '?' && ps->p[1] == ':') {
                ps->p += 2;
            } else if (ps->p < ps->end && *ps->p == '?') {
                mp_raise_NotImplementedError("regex (?...) extension");
            } else {
                group = ++ps->ngroups;
            }
            node_t *inner = parse_alt(ps, depth + 1);
            if (ps->p >= ps->end || *ps->p != ')') {
                regex_error();
            }
            ps->p++;
            node_t *n = new_node(N_GROUP);
            n->group = group;
            n->a = inner;
            return n;
        }
        case '[':
            return parse_class(ps);
        case '.': {
            int idx = new_set(ps);
            memset(ps->sets[idx].bits, 0xff, 32);
            ps->sets[idx].bits['\n' >> 3] &= (uint8_t)~(1 << ('\n' & 7));
            return class_node(ps, idx);
        }
        case '^':
            return new_node(N_BOL);
        case '$':
            return new_node(N_EOL);
        case '\\': {
            if (ps->p >= ps->end) {
                regex_error();
            }
            byte e = *ps->p++;
            if (e == 'b' || e == 'B') {
                node_t *n = new_node(N_WORDB);
                n->c = e == 'B';
                return n;
            }
            byteset_t s;
            memset(&s, 0, sizeof(s));
            if (add_named_class(&s, e)) {
                int idx = new_set(ps);
                ps->sets[idx] = s;
                return class_node(ps, idx);
            }
            return char_node(ps, escape_char(e));
        }
        case '*': case '+': case '?': case ')': case '|':
            regex_error();
        default:
            if (ps->text && c >= 0xc0) {
                /* a multi-byte character: one unit for the repeats */
                node_t *n = char_node(ps, c);
                while (ps->p < ps->end && (*ps->p & 0xc0) == 0x80) {
                    n = cat_node(n, char_node(ps, *ps->p++));
                }
                node_t *g = new_node(N_GROUP);
                g->group = -1;
                g->a = n;
                return g;
            }
            return char_node(ps, c);
    }
}

/* {m}, {m,}, {m,n}; false (nothing consumed) if the brace is a literal */
static bool parse_braces(parser_t *ps, int *min, int *max) {
    const byte *p = ps->p + 1;
    int lo = 0, hi;
    if (p >= ps->end || !(is_digit(*p) || *p == ',')) {
        return false;
    }
    while (p < ps->end && is_digit(*p)) {
        lo = lo * 10 + (*p++ - '0');
        if (lo > 1000) {
            mp_raise_ValueError("regex too complex");
        }
    }
    hi = lo;
    if (p < ps->end && *p == ',') {
        p++;
        hi = -1;
        if (p < ps->end && is_digit(*p)) {
            hi = 0;
            while (p < ps->end && is_digit(*p)) {
                hi = hi * 10 + (*p++ - '0');
                if (hi > 1000) {
                    mp_raise_ValueError("regex too complex");
                }
            }
            if (hi < lo) {
                regex_error();
            }
        }
    }
    if (p >= ps->end || *p != '}') {
        return false;
    }
    ps->p = p + 1;
    *min = lo;
    *max = hi;
    return true;
}

static node_t *parse_repeat(parser_t *ps, int depth) {
    node_t *atom = parse_atom(ps, depth);
    while (ps->p < ps->end) {
        int min, max;
        byte c = *ps->p;
        if (c == '*') {
            min = 0, max = -1;
            ps->p++;
        } else if (c == '+') {
            min = 1, max = -1;
            ps->p++;
        } else if (c == '?') {
            min = 0, max = 1;
            ps->p++;
        } else if (c == '{' && parse_braces(ps, &min, &max)) {
            /* consumed */
        } else {
            break;
        }
        if (atom->kind == N_BOL || atom->kind == N_EOL || atom->kind == N_WORDB ||
            atom->kind == N_REPEAT) {
            regex_error(); /* nothing to repeat, or a repeat of a repeat */
        }
        node_t *n = new_node(N_REPEAT);
        n->a = atom;
        n->min = min;
        n->max = max;
        n->greedy = true;
        if (ps->p < ps->end && *ps->p == '?') {
            n->greedy = false;
            ps->p++;
        }
        atom = n;
    }
    return atom;
}

static node_t *parse_concat(parser_t *ps, int depth) {
    node_t *result = new_node(N_EMPTY);
    while (ps->p < ps->end && *ps->p != '|' && *ps->p != ')') {
        node_t *item = parse_repeat(ps, depth);
        if (result->kind == N_EMPTY) {
            result = item;
        } else {
            node_t *cat = new_node(N_CAT);
            cat->a = result;
            cat->b = item;
            result = cat;
        }
    }
    return result;
}

static node_t *parse_alt(parser_t *ps, int depth) {
    if (depth > 200) {
        mp_raise_ValueError("regex too complex");
    }
    node_t *left = parse_concat(ps, depth);
    while (ps->p < ps->end && *ps->p == '|') {
        ps->p++;
        node_t *alt = new_node(N_ALT);
        alt->a = left;
        alt->b = parse_concat(ps, depth);
        left = alt;
    }
    return left;
}

/* ---- compiling the tree ------------------------------------------------ */

typedef struct _prog_t {
    inst_t *code;
    size_t len, alloc;
} prog_t;

static size_t emit(prog_t *pr, int op, int32_t x, int32_t y) {
    if (pr->len == pr->alloc) {
        if (pr->alloc >= MAX_PROG) {
            mp_raise_ValueError("regex too complex");
        }
        size_t alloc = pr->alloc ? 2 * pr->alloc : 16;
        pr->code = m_renew(inst_t, pr->code, pr->alloc, alloc);
        pr->alloc = alloc;
    }
    inst_t *i = &pr->code[pr->len];
    i->op = (uint8_t)op;
    i->x = x;
    i->y = y;
    return pr->len++;
}

static void compile_node(prog_t *pr, const node_t *n, int depth) {
    if (depth > 400) {
        mp_raise_ValueError("regex too complex");
    }
    switch (n->kind) {
        case N_EMPTY:
            break;
        case N_CHAR:
            emit(pr, OP_CHAR, n->c, 0);
            break;
        case N_CLASS:
            emit(pr, OP_CLASS, n->set, 0);
            break;
        case N_BOL:
            emit(pr, OP_BOL, 0, 0);
            break;
        case N_EOL:
            emit(pr, OP_EOL, 0, 0);
            break;
        case N_WORDB:
            emit(pr, OP_WORDB, n->c, 0);
            break;
        case N_CAT:
            compile_node(pr, n->a, depth + 1);
            compile_node(pr, n->b, depth + 1);
            break;
        case N_ALT: {
            size_t split = emit(pr, OP_SPLIT, 0, 0);
            pr->code[split].x = (int32_t)pr->len;
            compile_node(pr, n->a, depth + 1);
            size_t jmp = emit(pr, OP_JMP, 0, 0);
            pr->code[split].y = (int32_t)pr->len;
            compile_node(pr, n->b, depth + 1);
            pr->code[jmp].x = (int32_t)pr->len;
            break;
        }
        case N_GROUP:
            if (n->group >= 0) {
                emit(pr, OP_SAVE, 2 * n->group, 0);
            }
            compile_node(pr, n->a, depth + 1);
            if (n->group >= 0) {
                emit(pr, OP_SAVE, 2 * n->group + 1, 0);
            }
            break;
        case N_REPEAT: {
            for (int i = 0; i < n->min; i++) {
                compile_node(pr, n->a, depth + 1);
            }
            if (n->max < 0) {
                /* L: split body, out; body; jmp L; out: */
                size_t split = emit(pr, OP_SPLIT, 0, 0);
                size_t body = pr->len;
                compile_node(pr, n->a, depth + 1);
                emit(pr, OP_JMP, (int32_t)split, 0);
                size_t out = pr->len;
                pr->code[split].x = (int32_t)(n->greedy ? body : out);
                pr->code[split].y = (int32_t)(n->greedy ? out : body);
            } else {
                /* each optional copy: split body, out-of-all */
                size_t n_opt = (size_t)(n->max - n->min);
                size_t *splits = m_new(size_t, n_opt + 1);
                for (size_t i = 0; i < n_opt; i++) {
                    splits[i] = emit(pr, OP_SPLIT, 0, 0);
                    pr->code[splits[i]].x = (int32_t)pr->len; /* body (for now) */
                    compile_node(pr, n->a, depth + 1);
                }
                size_t out = pr->len;
                for (size_t i = 0; i < n_opt; i++) {
                    int32_t body = pr->code[splits[i]].x;
                    pr->code[splits[i]].x = (int32_t)(n->greedy ? (size_t)body : out);
                    pr->code[splits[i]].y = (int32_t)(n->greedy ? out : (size_t)body);
                }
                m_free(splits);
            }
            break;
        }
    }
}

/* ---- the regex object -------------------------------------------------- */

typedef struct _regex_t {
    mp_obj_base_t base;
    inst_t *code;
    size_t len;
    byteset_t *sets;
    int ngroups;
    mp_obj_t pattern;
} regex_t;

typedef struct _match_t {
    mp_obj_base_t base;
    mp_obj_t subject;
    int ngroups;
    mp_int_t caps[]; /* 2 * (ngroups + 1) positions, -1 = unset */
} match_t;

static const mp_obj_type_t regex_type;
static const mp_obj_type_t match_type;

static mp_obj_t regex_compile(mp_obj_t pattern, mp_int_t flags) {
    if (flags & ~FLAG_IGNORECASE) {
        mp_raise_NotImplementedError("regex flags");
    }
    size_t len;
    const char *s = mp_obj_str_get_data(pattern, &len);
    parser_t ps = {(const byte *)s, (const byte *)s + len, 0, (int)flags, mp_obj_is_str(pattern),
        NULL, 0, 0};
    node_t *tree = parse_alt(&ps, 0);
    if (ps.p != ps.end) {
        regex_error(); /* an unmatched ')' */
    }
    prog_t pr = {NULL, 0, 0};
    emit(&pr, OP_SAVE, 0, 0);
    compile_node(&pr, tree, 0);
    emit(&pr, OP_SAVE, 1, 0);
    emit(&pr, OP_MATCH, 0, 0);
    regex_t *r = m_new_obj(regex_t);
    r->base.type = &regex_type;
    r->code = pr.code;
    r->len = pr.len;
    r->sets = ps.sets;
    r->ngroups = ps.ngroups;
    r->pattern = pattern;
    return MP_OBJ_FROM_PTR(r);
}

/* ---- the Pike VM --------------------------------------------------------- */

typedef struct _vm_t {
    const regex_t *re;
    const byte *s;
    size_t len;
    size_t ncap;
    uint32_t *mark;   /* per instruction: the step it was last added in */
    uint32_t step;
    /* two thread lists: pcs and their capture arrays */
    int32_t *pcs[2];
    mp_int_t *caps[2];
    size_t n[2];
} vm_t;

/* Add a thread at pc with captures `cap` at position sp to list `l`,
 * following jumps, splits and saves (in priority order). */
static void add_thread(vm_t *vm, int l, int32_t pc, mp_int_t *cap, size_t sp) {
    if (vm->mark[pc] == vm->step) {
        return;
    }
    vm->mark[pc] = vm->step;
    const inst_t *in = &vm->re->code[pc];
    switch (in->op) {
        case OP_JMP:
            add_thread(vm, l, in->x, cap, sp);
            return;
        case OP_SPLIT:
            mp_stack_check();
            add_thread(vm, l, in->x, cap, sp);
            add_thread(vm, l, in->y, cap, sp);
            return;
        case OP_SAVE: {
            mp_int_t old = cap[in->x];
            cap[in->x] = (mp_int_t)sp;
            add_thread(vm, l, pc + 1, cap, sp);
            cap[in->x] = old;
            return;
        }
        case OP_BOL:
            if (sp == 0) {
                add_thread(vm, l, pc + 1, cap, sp);
            }
            return;
        case OP_EOL:
            if (sp == vm->len || (sp + 1 == vm->len && vm->s[sp] == '\n')) {
                add_thread(vm, l, pc + 1, cap, sp);
            }
            return;
        case OP_WORDB: {
            bool before = sp > 0 && is_word(vm->s[sp - 1]);
            bool after = sp < vm->len && is_word(vm->s[sp]);
            if ((before != after) != (in->x != 0)) {
                add_thread(vm, l, pc + 1, cap, sp);
            }
            return;
        }
        default: {
            size_t k = vm->n[l]++;
            vm->pcs[l][k] = pc;
            memcpy(vm->caps[l] + k * vm->ncap, cap, vm->ncap * sizeof(mp_int_t));
            return;
        }
    }
}

/* Run from position `start`; anchored: only a match starting there.
 * Returns true and fills out[] (ncap slots) on a match. */
enum { RUN_SEARCH, RUN_MATCH, RUN_FULL };

static bool vm_run(const regex_t *re, const byte *s, size_t len, size_t start, int mode,
    mp_int_t *out) {
    bool anchored = mode != RUN_SEARCH;
    vm_t vm;
    vm.re = re;
    vm.s = s;
    vm.len = len;
    vm.ncap = 2 * (size_t)(re->ngroups + 1);
    vm.mark = m_new0(uint32_t, re->len);
    for (int l = 0; l < 2; l++) {
        vm.pcs[l] = m_new(int32_t, re->len);
        vm.caps[l] = m_new(mp_int_t, re->len * vm.ncap);
        vm.n[l] = 0;
    }
    mp_int_t *init = m_new(mp_int_t, vm.ncap);
    for (size_t i = 0; i < vm.ncap; i++) {
        init[i] = -1;
    }
    bool matched = false;
    int cur = 0;
    vm.step = 1; /* the generation the current list was built in */
    for (size_t sp = start;; sp++) {
        /* a new start has the lowest priority, and is not added where a
         * carried thread already is (same generation) */
        if (!matched && (!anchored || sp == start)) {
            add_thread(&vm, cur, 0, init, sp);
        }
        if (vm.n[cur] == 0) {
            if (matched || anchored || sp >= len) {
                break;
            }
            vm.step++; /* a fresh generation for the next start */
            continue;
        }
        int nxt = 1 - cur;
        vm.n[nxt] = 0;
        vm.step++;
        for (size_t k = 0; k < vm.n[cur]; k++) {
            const inst_t *in = &re->code[vm.pcs[cur][k]];
            mp_int_t *cap = vm.caps[cur] + k * vm.ncap;
            bool ok;
            if (in->op == OP_MATCH) {
                if (mode == RUN_FULL && sp != len) {
                    continue; /* fullmatch: only a match up to the end counts */
                }
                matched = true;
                memcpy(out, cap, vm.ncap * sizeof(mp_int_t));
                break; /* lower-priority threads are cut off */
            } else if (in->op == OP_CHAR) {
                ok = sp < len && s[sp] == (byte)in->x;
            } else {
                ok = sp < len && set_has(&re->sets[in->x], s[sp]);
            }
            if (ok) {
                add_thread(&vm, nxt, vm.pcs[cur][k] + 1, cap, sp + 1);
            }
        }
        cur = nxt;
        if (sp >= len) {
            break; /* nothing can consume beyond the end */
        }
    }
    return matched;
}

static const byte *subject_data(mp_obj_t subject, size_t *len) {
    return (const byte *)mp_obj_str_get_data(subject, len);
}

/* match/search from pos; a match object or None */
static mp_obj_t regex_exec(mp_obj_t re_in, mp_obj_t subject, size_t pos, int mode) {
    regex_t *re = MP_OBJ_TO_PTR(re_in);
    size_t len;
    const byte *s = subject_data(subject, &len);
    if (pos > len) {
        return mp_const_none;
    }
    size_t ncap = 2 * (size_t)(re->ngroups + 1);
    match_t *m = m_new_obj_var(match_t, caps, mp_int_t, ncap);
    m->base.type = &match_type;
    m->subject = subject;
    m->ngroups = re->ngroups;
    if (!vm_run(re, s, len, pos, mode, m->caps)) {
        return mp_const_none;
    }
    return MP_OBJ_FROM_PTR(m);
}

static mp_obj_t regex_match(size_t n_args, const mp_obj_t *args) {
    size_t pos = n_args > 2 ? (size_t)mp_obj_get_int(args[2]) : 0;
    return regex_exec(args[0], args[1], pos, RUN_MATCH);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(regex_match_obj, 2, 3, regex_match);

static mp_obj_t regex_search(size_t n_args, const mp_obj_t *args) {
    size_t pos = n_args > 2 ? (size_t)mp_obj_get_int(args[2]) : 0;
    return regex_exec(args[0], args[1], pos, RUN_SEARCH);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(regex_search_obj, 2, 3, regex_search);

static mp_obj_t regex_fullmatch(size_t n_args, const mp_obj_t *args) {
    size_t pos = n_args > 2 ? (size_t)mp_obj_get_int(args[2]) : 0;
    return regex_exec(args[0], args[1], pos, RUN_FULL);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(regex_fullmatch_obj, 2, 3, regex_fullmatch);

/* ---- match objects ----------------------------------------------------- */

static mp_int_t group_index(match_t *m, mp_obj_t index) {
    mp_int_t g = mp_obj_get_int(index);
    if (g < 0 || g > m->ngroups) {
        mp_raise_msg_varg(&mp_type_IndexError, "%d", (int)g);
    }
    return g;
}

static mp_obj_t substring(mp_obj_t subject, size_t start, size_t end) {
    size_t len;
    const byte *s = subject_data(subject, &len);
    if (mp_obj_is_str(subject)) {
        return mp_obj_new_str((const char *)s + start, end - start);
    }
    return mp_obj_new_bytes(s + start, end - start);
}

static mp_obj_t group_value(match_t *m, mp_int_t g, mp_obj_t dflt) {
    mp_int_t a = m->caps[2 * g], b = m->caps[2 * g + 1];
    if (a < 0 || b < 0) {
        return dflt;
    }
    return substring(m->subject, (size_t)a, (size_t)b);
}

/* group(*indices): group 0 by default; several give a tuple */
static mp_obj_t match_group(size_t n_args, const mp_obj_t *args) {
    match_t *m = MP_OBJ_TO_PTR(args[0]);
    if (n_args <= 2) {
        mp_int_t g = n_args == 2 ? group_index(m, args[1]) : 0;
        return group_value(m, g, mp_const_none);
    }
    mp_obj_tuple_t *t = MP_OBJ_TO_PTR(mp_obj_new_tuple(n_args - 1, NULL));
    for (size_t i = 1; i < n_args; i++) {
        t->items[i - 1] = group_value(m, group_index(m, args[i]), mp_const_none);
    }
    return MP_OBJ_FROM_PTR(t);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(match_group_obj, 1, match_group);

static mp_obj_t match_groups(size_t n_args, const mp_obj_t *args) {
    match_t *m = MP_OBJ_TO_PTR(args[0]);
    mp_obj_t dflt = n_args > 1 ? args[1] : mp_const_none;
    mp_obj_tuple_t *t = MP_OBJ_TO_PTR(mp_obj_new_tuple((size_t)m->ngroups, NULL));
    for (int g = 1; g <= m->ngroups; g++) {
        t->items[g - 1] = group_value(m, g, dflt);
    }
    return MP_OBJ_FROM_PTR(t);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(match_groups_obj, 1, 2, match_groups);

static mp_obj_t match_pos(size_t n_args, const mp_obj_t *args, int which) {
    match_t *m = MP_OBJ_TO_PTR(args[0]);
    mp_int_t g = n_args > 1 ? group_index(m, args[1]) : 0;
    mp_int_t a = m->caps[2 * g], b = m->caps[2 * g + 1];
    if (a < 0 || b < 0) {
        a = b = -1;
    }
    if (which == 0) {
        return MP_OBJ_NEW_SMALL_INT(a);
    }
    if (which == 1) {
        return MP_OBJ_NEW_SMALL_INT(b);
    }
    mp_obj_t items[2] = {MP_OBJ_NEW_SMALL_INT(a), MP_OBJ_NEW_SMALL_INT(b)};
    return mp_obj_new_tuple(2, items);
}

static mp_obj_t match_start(size_t n_args, const mp_obj_t *args) {
    return match_pos(n_args, args, 0);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(match_start_obj, 1, 2, match_start);

static mp_obj_t match_end(size_t n_args, const mp_obj_t *args) {
    return match_pos(n_args, args, 1);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(match_end_obj, 1, 2, match_end);

static mp_obj_t match_span(size_t n_args, const mp_obj_t *args) {
    return match_pos(n_args, args, 2);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(match_span_obj, 1, 2, match_span);

static void match_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    match_t *m = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<match num=%d>", m->ngroups + 1);
}

static const mp_rom_map_elem_t match_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_group), MP_ROM_PTR(&match_group_obj)},
    {MP_ROM_QSTR(MP_QSTR_groups), MP_ROM_PTR(&match_groups_obj)},
    {MP_ROM_QSTR(MP_QSTR_start), MP_ROM_PTR(&match_start_obj)},
    {MP_ROM_QSTR(MP_QSTR_end), MP_ROM_PTR(&match_end_obj)},
    {MP_ROM_QSTR(MP_QSTR_span), MP_ROM_PTR(&match_span_obj)},
};
static MP_DEFINE_CONST_DICT(match_locals, match_locals_table);

static const mp_obj_type_t match_type = {
    .base = {&mp_type_type},
    .name = MP_QSTR_match,
    MP_TYPE_SLOT(print, match_print),
    MP_TYPE_SLOT(locals_dict, &match_locals),
};

/* ---- sub, split, findall ------------------------------------------------ */

/* append the replacement template for match m: \1..\99, \g<n>, \n \t ... */
static void expand_template(vstr_t *out, match_t *m, const byte *t, size_t tlen) {
    for (size_t i = 0; i < tlen; i++) {
        byte c = t[i];
        if (c != '\\' || i + 1 == tlen) {
            vstr_add_byte(out, c);
            continue;
        }
        byte e = t[++i];
        mp_int_t g = -1;
        if (is_digit(e)) {
            g = e - '0';
            if (i + 1 < tlen && is_digit(t[i + 1]) && g * 10 + (t[i + 1] - '0') <= m->ngroups) {
                g = g * 10 + (t[++i] - '0');
            }
        } else if (e == 'g' && i + 1 < tlen && t[i + 1] == '<') {
            size_t j = i + 2;
            g = 0;
            while (j < tlen && is_digit(t[j])) {
                g = g * 10 + (t[j++] - '0');
                if (g > 1000) {
                    regex_error();
                }
            }
            if (j >= tlen || t[j] != '>' || j == i + 2) {
                regex_error();
            }
            i = j;
        } else {
            byte r = escape_char(e);
            if (r == e && e != '\\') {
                vstr_add_byte(out, '\\'); /* unknown escapes stay as they are */
            }
            vstr_add_byte(out, r);
            continue;
        }
        if (g > m->ngroups) {
            mp_raise_msg_varg(&mp_type_IndexError, "%d", (int)g);
        }
        mp_int_t a = m->caps[2 * g], b = m->caps[2 * g + 1];
        if (a >= 0 && b >= 0) {
            size_t len;
            const byte *s = subject_data(m->subject, &len);
            vstr_add_strn(out, (const char *)s + a, (size_t)(b - a));
        }
    }
}

static mp_obj_t result_from_vstr(mp_obj_t like, vstr_t *v) {
    return mp_obj_is_str(like) ? mp_obj_new_str_from_vstr(v) : mp_obj_new_bytes_from_vstr(v);
}

/* sub(repl, string, count=0): repl a template or a function of the match */
static mp_obj_t regex_sub_impl(mp_obj_t re_in, mp_obj_t repl, mp_obj_t subject, mp_int_t count) {
    size_t len;
    const byte *s = subject_data(subject, &len);
    vstr_t out;
    vstr_init(&out, len + 16);
    size_t pos = 0, copied = 0;
    mp_int_t done = 0;
    while (pos <= len && (count <= 0 || done < count)) {
        mp_obj_t mo = regex_exec(re_in, subject, pos, RUN_SEARCH);
        if (mo == mp_const_none) {
            break;
        }
        match_t *m = MP_OBJ_TO_PTR(mo);
        size_t a = (size_t)m->caps[0], b = (size_t)m->caps[1];
        s = subject_data(subject, &len); /* callbacks cannot move it, but be safe */
        vstr_add_strn(&out, (const char *)s + copied, a - copied);
        if (mp_obj_is_callable(repl)) {
            size_t rlen;
            const char *r = mp_obj_str_get_data(mp_call_function_1(repl, mo), &rlen);
            vstr_add_strn(&out, r, rlen);
        } else {
            size_t tlen;
            const byte *t = (const byte *)mp_obj_str_get_data(repl, &tlen);
            expand_template(&out, m, t, tlen);
        }
        copied = b;
        done++;
        if (b == a) {
            /* an empty match: step over one byte so the search moves on */
            if (b < len) {
                vstr_add_byte(&out, s[b]);
            }
            copied = b + 1;
            pos = b + 1;
        } else {
            pos = b;
        }
    }
    if (copied < len) {
        vstr_add_strn(&out, (const char *)s + copied, len - copied);
    }
    return result_from_vstr(subject, &out);
}

static mp_obj_t regex_sub(size_t n_args, const mp_obj_t *args) {
    return regex_sub_impl(args[0], args[1], args[2], n_args > 3 ? mp_obj_get_int(args[3]) : 0);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(regex_sub_obj, 3, 4, regex_sub);

/* split(string, maxsplit=0): the pieces between matches, with the groups
 * of each match in between (as CPython); empty matches split too */
static mp_obj_t regex_split_impl(mp_obj_t re_in, mp_obj_t subject, mp_int_t maxsplit) {
    size_t len;
    subject_data(subject, &len);
    mp_obj_t list = mp_obj_new_list(0, NULL);
    size_t pos = 0, last = 0;
    mp_int_t done = 0;
    while (pos <= len && (maxsplit <= 0 || done < maxsplit)) {
        mp_obj_t mo = regex_exec(re_in, subject, pos, RUN_SEARCH);
        if (mo == mp_const_none) {
            break;
        }
        match_t *m = MP_OBJ_TO_PTR(mo);
        size_t a = (size_t)m->caps[0], b = (size_t)m->caps[1];
        if (a == b && a == len && a == last && len > 0) {
            break;
        }
        mp_obj_list_append(list, substring(subject, last, a));
        for (int g = 1; g <= m->ngroups; g++) {
            mp_obj_list_append(list, group_value(m, g, mp_const_none));
        }
        last = b;
        done++;
        pos = b > a ? b : b + 1;
    }
    mp_obj_list_append(list, substring(subject, last, len));
    return list;
}

static mp_obj_t regex_split(size_t n_args, const mp_obj_t *args) {
    return regex_split_impl(args[0], args[1], n_args > 2 ? mp_obj_get_int(args[2]) : 0);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(regex_split_obj, 2, 3, regex_split);

/* findall(string): whole matches, the one group, or tuples of groups */
static mp_obj_t regex_findall(mp_obj_t re_in, mp_obj_t subject) {
    size_t len;
    subject_data(subject, &len);
    mp_obj_t list = mp_obj_new_list(0, NULL);
    size_t pos = 0;
    while (pos <= len) {
        mp_obj_t mo = regex_exec(re_in, subject, pos, RUN_SEARCH);
        if (mo == mp_const_none) {
            break;
        }
        match_t *m = MP_OBJ_TO_PTR(mo);
        mp_obj_t empty = substring(subject, 0, 0);
        if (m->ngroups == 0) {
            mp_obj_list_append(list, group_value(m, 0, empty));
        } else if (m->ngroups == 1) {
            mp_obj_list_append(list, group_value(m, 1, empty));
        } else {
            mp_obj_t args[1] = {empty};
            mp_obj_t margs[2] = {mo, args[0]};
            mp_obj_list_append(list, match_groups(2, margs));
        }
        size_t a = (size_t)m->caps[0], b = (size_t)m->caps[1];
        pos = b > a ? b : b + 1;
    }
    return list;
}
static MP_DEFINE_CONST_FUN_OBJ_2(regex_findall_obj, regex_findall);

static void regex_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    regex_t *re = MP_OBJ_TO_PTR(self_in);
    mp_print_str(print, "re.compile(");
    mp_obj_print_helper(print, re->pattern, PRINT_REPR);
    mp_print_str(print, ")");
}

static const mp_rom_map_elem_t regex_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_match), MP_ROM_PTR(&regex_match_obj)},
    {MP_ROM_QSTR(MP_QSTR_search), MP_ROM_PTR(&regex_search_obj)},
    {MP_ROM_QSTR(MP_QSTR_fullmatch), MP_ROM_PTR(&regex_fullmatch_obj)},
    {MP_ROM_QSTR(MP_QSTR_sub), MP_ROM_PTR(&regex_sub_obj)},
    {MP_ROM_QSTR(MP_QSTR_split), MP_ROM_PTR(&regex_split_obj)},
    {MP_ROM_QSTR(MP_QSTR_findall), MP_ROM_PTR(&regex_findall_obj)},
};
static MP_DEFINE_CONST_DICT(regex_locals, regex_locals_table);

static const mp_obj_type_t regex_type = {
    .base = {&mp_type_type},
    .name = MP_QSTR_re,
    MP_TYPE_SLOT(print, regex_print),
    MP_TYPE_SLOT(locals_dict, &regex_locals),
};

/* ---- module functions --------------------------------------------------- */

static mp_obj_t as_regex(mp_obj_t pattern, mp_int_t flags) {
    if (mp_obj_is_type(pattern, &regex_type)) {
        return pattern;
    }
    return regex_compile(pattern, flags);
}

static mp_obj_t re_compile(size_t n_args, const mp_obj_t *args) {
    return as_regex(args[0], n_args > 1 ? mp_obj_get_int(args[1]) : 0);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(re_compile_obj, 1, 2, re_compile);

static mp_obj_t re_match(size_t n_args, const mp_obj_t *args) {
    mp_obj_t re = as_regex(args[0], n_args > 2 ? mp_obj_get_int(args[2]) : 0);
    return regex_exec(re, args[1], 0, RUN_MATCH);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(re_match_obj, 2, 3, re_match);

static mp_obj_t re_search(size_t n_args, const mp_obj_t *args) {
    mp_obj_t re = as_regex(args[0], n_args > 2 ? mp_obj_get_int(args[2]) : 0);
    return regex_exec(re, args[1], 0, RUN_SEARCH);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(re_search_obj, 2, 3, re_search);

static mp_obj_t re_fullmatch(size_t n_args, const mp_obj_t *args) {
    mp_obj_t re = as_regex(args[0], n_args > 2 ? mp_obj_get_int(args[2]) : 0);
    return regex_exec(re, args[1], 0, RUN_FULL);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(re_fullmatch_obj, 2, 3, re_fullmatch);

/* sub(pattern, repl, string, count=0, flags=0) */
static mp_obj_t re_sub(size_t n_args, const mp_obj_t *args) {
    mp_obj_t re = as_regex(args[0], n_args > 4 ? mp_obj_get_int(args[4]) : 0);
    return regex_sub_impl(re, args[1], args[2], n_args > 3 ? mp_obj_get_int(args[3]) : 0);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(re_sub_obj, 3, 5, re_sub);

/* split(pattern, string, maxsplit=0, flags=0) */
static mp_obj_t re_split(size_t n_args, const mp_obj_t *args) {
    mp_obj_t re = as_regex(args[0], n_args > 3 ? mp_obj_get_int(args[3]) : 0);
    return regex_split_impl(re, args[1], n_args > 2 ? mp_obj_get_int(args[2]) : 0);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(re_split_obj, 2, 4, re_split);

static mp_obj_t re_findall(size_t n_args, const mp_obj_t *args) {
    mp_obj_t re = as_regex(args[0], n_args > 2 ? mp_obj_get_int(args[2]) : 0);
    return regex_findall(re, args[1]);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(re_findall_obj, 2, 3, re_findall);

static const mp_rom_map_elem_t re_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_re)},
    {MP_ROM_QSTR(MP_QSTR_compile), MP_ROM_PTR(&re_compile_obj)},
    {MP_ROM_QSTR(MP_QSTR_match), MP_ROM_PTR(&re_match_obj)},
    {MP_ROM_QSTR(MP_QSTR_search), MP_ROM_PTR(&re_search_obj)},
    {MP_ROM_QSTR(MP_QSTR_fullmatch), MP_ROM_PTR(&re_fullmatch_obj)},
    {MP_ROM_QSTR(MP_QSTR_sub), MP_ROM_PTR(&re_sub_obj)},
    {MP_ROM_QSTR(MP_QSTR_split), MP_ROM_PTR(&re_split_obj)},
    {MP_ROM_QSTR(MP_QSTR_findall), MP_ROM_PTR(&re_findall_obj)},
    {MP_ROM_QSTR(MP_QSTR_IGNORECASE), MP_ROM_INT(FLAG_IGNORECASE)},
    {MP_ROM_QSTR(MP_QSTR_I), MP_ROM_INT(FLAG_IGNORECASE)},
};
static MP_DEFINE_CONST_DICT(re_module_globals, re_module_table);

const mp_obj_module_t mp_module_re = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&re_module_globals,
};
