/*
 * The `json` module: dumps/dump (with separators=) and loads/load.
 *
 * dumps writes None/bools/ints/floats/str/list/tuple/dict (dicts in their
 * iteration order); loads is a recursive-descent parser that raises
 * ValueError("syntax error in JSON") on anything malformed.
 */
#include <string.h>

#include "core/runtime.h"
#include "core/parsenum.h"
#include "modules/modules.h"

/* ---- dumps ---------------------------------------------------------------- */

typedef struct _dump_ctx_t {
    vstr_t *out;
    const char *item_sep;
    size_t item_sep_len;
    const char *key_sep;
    size_t key_sep_len;
    int depth;
} dump_ctx_t;

static void dump_str(vstr_t *out, const char *s, size_t len) {
    vstr_add_byte(out, '"');
    for (size_t i = 0; i < len; i++) {
        byte c = (byte)s[i];
        switch (c) {
            case '"': vstr_add_str(out, "\\\""); break;
            case '\\': vstr_add_str(out, "\\\\"); break;
            case '\n': vstr_add_str(out, "\\n"); break;
            case '\r': vstr_add_str(out, "\\r"); break;
            case '\t': vstr_add_str(out, "\\t"); break;
            case '\b': vstr_add_str(out, "\\b"); break;
            case '\f': vstr_add_str(out, "\\f"); break;
            default:
                if (c < 0x20) {
                    vstr_printf(out, "\\u%04x", c);
                } else {
                    vstr_add_byte(out, c); /* UTF-8 passes through */
                }
        }
    }
    vstr_add_byte(out, '"');
}

static void vstr_print_strn(void *data, const char *str, size_t len) {
    vstr_add_strn(data, str, len);
}

static void dump_repr(vstr_t *out, mp_obj_t o) {
    mp_print_t print = {out, vstr_print_strn};
    mp_obj_print_helper(&print, o, PRINT_REPR);
}

static void dump_obj(dump_ctx_t *ctx, mp_obj_t o);

/* a list or tuple, or a subclass of either (a namedtuple, a Python class) */
static bool is_sequence(mp_obj_t o) {
    if (mp_obj_is_type(o, &mp_type_list) || mp_obj_is_type(o, &mp_type_tuple)) {
        return true;
    }
    if (!mp_obj_is_obj(o)) {
        return false;
    }
    mp_obj_t type = MP_OBJ_FROM_PTR(mp_obj_get_type(o));
    return mp_obj_is_subclass_fast(type, MP_OBJ_FROM_PTR(&mp_type_list)) ||
           mp_obj_is_subclass_fast(type, MP_OBJ_FROM_PTR(&mp_type_tuple));
}

/* the items of a list/tuple or of its native part in a subclass instance */
static void sequence_items(mp_obj_t o, size_t *n, mp_obj_t **items) {
    const mp_obj_type_t *type = mp_obj_get_type(o);
    if (type->flags & MP_TYPE_FLAG_INSTANCE_TYPE) {
        o = ((mp_obj_instance_t *)MP_OBJ_TO_PTR(o))->subobj[0];
        type = mp_obj_get_type(o);
    }
    if (type == &mp_type_list) {
        mp_obj_list_get(o, n, items);
    } else {
        mp_obj_tuple_t *t = MP_OBJ_TO_PTR(o);
        *n = t->len;
        *items = t->items;
    }
}

static void dump_key(dump_ctx_t *ctx, mp_obj_t key) {
    if (mp_obj_is_str(key)) {
        size_t len;
        const char *s = mp_obj_str_get_data(key, &len);
        dump_str(ctx->out, s, len);
    } else if (key == mp_const_none || mp_obj_is_bool(key) || mp_obj_is_int(key) ||
               mp_obj_is_float(key)) {
        /* as CPython: non-str scalar keys become their JSON text in quotes */
        vstr_add_byte(ctx->out, '"');
        dump_obj(ctx, key);
        vstr_add_byte(ctx->out, '"');
    } else {
        mp_raise_TypeError("keys must be str, int, float, bool or None");
    }
}

static void dump_obj(dump_ctx_t *ctx, mp_obj_t o) {
    vstr_t *out = ctx->out;
    if (o == mp_const_none) {
        vstr_add_str(out, "null");
    } else if (o == mp_const_true) {
        vstr_add_str(out, "true");
    } else if (o == mp_const_false) {
        vstr_add_str(out, "false");
    } else if (mp_obj_is_int(o) || mp_obj_is_float(o)) {
        dump_repr(out, o);
    } else if (mp_obj_is_str(o)) {
        size_t len;
        const char *s = mp_obj_str_get_data(o, &len);
        dump_str(out, s, len);
    } else if (is_sequence(o)) {
        if (++ctx->depth > 1000) {
            mp_raise_ValueError("too deeply nested");
        }
        mp_stack_check();
        size_t n;
        mp_obj_t *items;
        sequence_items(o, &n, &items);
        vstr_add_byte(out, '[');
        for (size_t i = 0; i < n; i++) {
            if (i > 0) {
                vstr_add_strn(out, ctx->item_sep, ctx->item_sep_len);
            }
            dump_obj(ctx, items[i]);
        }
        vstr_add_byte(out, ']');
        ctx->depth--;
    } else if (mp_obj_is_obj(o) && mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(o)),
        MP_OBJ_FROM_PTR(&mp_type_dict))) {
        if (++ctx->depth > 1000) {
            mp_raise_ValueError("too deeply nested");
        }
        mp_stack_check();
        mp_map_t *map = mp_obj_dict_get_map(o);
        vstr_add_byte(out, '{');
        bool first = true;
        for (size_t i = 0; i < map->alloc; i++) {
            if (!mp_map_slot_is_filled(map, i)) {
                continue;
            }
            if (!first) {
                vstr_add_strn(out, ctx->item_sep, ctx->item_sep_len);
            }
            first = false;
            dump_key(ctx, map->table[i].key);
            vstr_add_strn(out, ctx->key_sep, ctx->key_sep_len);
            dump_obj(ctx, map->table[i].value);
        }
        vstr_add_byte(out, '}');
        ctx->depth--;
    } else {
        mp_raise_msg_varg(&mp_type_TypeError, "can't serialize '%s' to JSON",
            mp_obj_get_type_str(o));
    }
}

/* the text of obj; kw may hold separators=(item_sep, key_sep) */
static mp_obj_t dumps_with(mp_obj_t obj, mp_map_t *kw) {
    vstr_t out;
    vstr_init(&out, 32);
    dump_ctx_t ctx = {&out, ", ", 2, ": ", 2, 0};
    mp_map_elem_t *e = kw != NULL && kw->used
        ? mp_map_lookup(kw, MP_OBJ_NEW_QSTR(MP_QSTR_separators), MP_MAP_LOOKUP) : NULL;
    if (kw != NULL && kw->used > (e != NULL ? 1u : 0u)) {
        /* MicroPython's json takes separators only (no indent, sort_keys, ...) */
        mp_raise_TypeError("extra keyword arguments given");
    }
    if (e != NULL && e->value != mp_const_none) {
        mp_obj_t *seps;
        mp_obj_get_array_fixed_n(e->value, 2, &seps);
        ctx.item_sep = mp_obj_str_get_data(seps[0], &ctx.item_sep_len);
        ctx.key_sep = mp_obj_str_get_data(seps[1], &ctx.key_sep_len);
    }
    dump_obj(&ctx, obj);
    return mp_obj_new_str_from_vstr(&out);
}

static mp_obj_t json_dumps(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    if (n_args != 1) {
        mp_raise_TypeError("dumps() takes 1 positional argument");
    }
    return dumps_with(args[0], kw);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(json_dumps_obj, 1, json_dumps);

static mp_obj_t json_dump(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    if (n_args != 2) {
        mp_raise_TypeError("dump() takes 2 positional arguments");
    }
    mp_obj_t text = dumps_with(args[0], kw);
    mp_obj_t dest[3];
    mp_load_method(args[1], MP_QSTR_write, dest);
    dest[2] = text;
    mp_call_method_n_kw(1, 0, dest);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(json_dump_obj, 2, json_dump);

/* ---- loads ---------------------------------------------------------------- */

typedef struct _parser_t {
    const char *p, *end;
    int depth;
} parser_t;

static _Noreturn void syntax_error(void) {
    mp_raise_ValueError("syntax error in JSON");
}

static void skip_ws(parser_t *ps) {
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' ||
                               *ps->p == '\r')) {
        ps->p++;
    }
}

static bool take_word(parser_t *ps, const char *word) {
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, word, n) == 0) {
        ps->p += n;
        return true;
    }
    return false;
}

static int hex4(parser_t *ps) {
    if (ps->end - ps->p < 4) {
        syntax_error();
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = *ps->p++;
        v <<= 4;
        if (c >= '0' && c <= '9') {
            v |= c - '0';
        } else if (c >= 'a' && c <= 'f') {
            v |= c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            v |= c - 'A' + 10;
        } else {
            syntax_error();
        }
    }
    return v;
}

static mp_obj_t parse_string(parser_t *ps) {
    ps->p++; /* opening quote */
    vstr_t v;
    vstr_init(&v, 16);
    for (;;) {
        if (ps->p >= ps->end) {
            syntax_error();
        }
        char c = *ps->p++;
        if (c == '"') {
            break;
        }
        if (c != '\\') {
            vstr_add_byte(&v, (byte)c);
            continue;
        }
        if (ps->p >= ps->end) {
            syntax_error();
        }
        c = *ps->p++;
        switch (c) {
            case '"': case '\\': case '/': vstr_add_byte(&v, (byte)c); break;
            case 'b': vstr_add_byte(&v, '\b'); break;
            case 'f': vstr_add_byte(&v, '\f'); break;
            case 'n': vstr_add_byte(&v, '\n'); break;
            case 'r': vstr_add_byte(&v, '\r'); break;
            case 't': vstr_add_byte(&v, '\t'); break;
            case 'u': {
                uint32_t cp = (uint32_t)hex4(ps);
                if (cp >= 0xd800 && cp < 0xdc00 && ps->end - ps->p >= 6 &&
                    ps->p[0] == '\\' && ps->p[1] == 'u') {
                    /* a surrogate pair */
                    const char *save = ps->p;
                    ps->p += 2;
                    uint32_t lo = (uint32_t)hex4(ps);
                    if (lo >= 0xdc00 && lo < 0xe000) {
                        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                    } else {
                        ps->p = save;
                    }
                }
                vstr_add_char(&v, cp);
                break;
            }
            default:
                syntax_error();
        }
    }
    return mp_obj_new_str_from_vstr(&v);
}

static mp_obj_t parse_number(parser_t *ps) {
    const char *start = ps->p;
    volatile bool is_float = false;
    if (ps->p < ps->end && *ps->p == '-') {
        ps->p++;
    }
    while (ps->p < ps->end) {
        char c = *ps->p;
        if (c >= '0' && c <= '9') {
            ps->p++;
        } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
            is_float = true;
            ps->p++;
        } else {
            break;
        }
    }
    size_t len = (size_t)(ps->p - start);
    if (len == 0 || (len == 1 && *start == '-')) {
        syntax_error();
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t r = is_float ? mp_parse_num_decimal(start, len, false, false)
            : mp_parse_num_integer(start, len, 10);
        nlr_pop();
        return r;
    }
    syntax_error();
}

static mp_obj_t parse_value(parser_t *ps);

static mp_obj_t parse_container(parser_t *ps, bool is_dict) {
    if (++ps->depth > 1000) {
        syntax_error();
    }
    mp_stack_check();
    ps->p++; /* '[' or '{' */
    mp_obj_t result = is_dict ? mp_obj_new_dict(0) : mp_obj_new_list(0, NULL);
    char close = is_dict ? '}' : ']';
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        ps->depth--;
        return result;
    }
    for (;;) {
        skip_ws(ps);
        if (is_dict) {
            if (ps->p >= ps->end || *ps->p != '"') {
                syntax_error();
            }
            mp_obj_t key = parse_string(ps);
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':') {
                syntax_error();
            }
            ps->p++;
            mp_obj_dict_store(result, key, parse_value(ps));
        } else {
            mp_obj_list_append(result, parse_value(ps));
        }
        skip_ws(ps);
        if (ps->p >= ps->end) {
            syntax_error();
        }
        char c = *ps->p++;
        if (c == close) {
            break;
        }
        if (c != ',') {
            syntax_error();
        }
    }
    ps->depth--;
    return result;
}

static mp_obj_t parse_value(parser_t *ps) {
    skip_ws(ps);
    if (ps->p >= ps->end) {
        syntax_error();
    }
    char c = *ps->p;
    if (c == '{' || c == '[') {
        return parse_container(ps, c == '{');
    }
    if (c == '"') {
        return parse_string(ps);
    }
    if (take_word(ps, "null")) {
        return mp_const_none;
    }
    if (take_word(ps, "true")) {
        return mp_const_true;
    }
    if (take_word(ps, "false")) {
        return mp_const_false;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        return parse_number(ps);
    }
    syntax_error();
}

static mp_obj_t json_loads(mp_obj_t text) {
    size_t len;
    const char *s = mp_obj_str_get_data(text, &len); /* str or bytes */
    parser_t ps = {s, s + len, 0};
    mp_obj_t r = parse_value(&ps);
    skip_ws(&ps);
    if (ps.p != ps.end) {
        syntax_error();
    }
    return r;
}
static MP_DEFINE_CONST_FUN_OBJ_1(json_loads_obj, json_loads);

static mp_obj_t json_load(mp_obj_t stream) {
    mp_obj_t dest[2];
    mp_load_method(stream, MP_QSTR_read, dest);
    return json_loads(mp_call_method_n_kw(0, 0, dest));
}
static MP_DEFINE_CONST_FUN_OBJ_1(json_load_obj, json_load);

static const mp_rom_map_elem_t json_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_json)},
    {MP_ROM_QSTR(MP_QSTR_dumps), MP_ROM_PTR(&json_dumps_obj)},
    {MP_ROM_QSTR(MP_QSTR_dump), MP_ROM_PTR(&json_dump_obj)},
    {MP_ROM_QSTR(MP_QSTR_loads), MP_ROM_PTR(&json_loads_obj)},
    {MP_ROM_QSTR(MP_QSTR_load), MP_ROM_PTR(&json_load_obj)},
};
static MP_DEFINE_CONST_DICT(json_module_globals, json_module_table);

const mp_obj_module_t mp_module_json = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&json_module_globals,
};
