/*
 * Hand-made x64 .mpy files exercising what the reference vectors do not:
 * viper records with relocations, rodata and bss (natmod style, native.md 5),
 * asm records (native.md 12), natmod-style truncated raw-code records passed
 * to function-table entry 26 (objects.md 4.8), and the loader's rejection of
 * bad relocations. Each case loads a file, makes the function and calls it.
 * Prints `N passed, N failed` (tests/run-all, stage native).
 *
 *   reloc [--write DIR]   DIR gets the files that must load, as
 *                         DIR/reloc_*.mpy (tests/native/ keeps a copy for the
 *                         corruption test)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/funtable.h"
#include "core/runtime.h"
#include "persist/mpyload.h"
#include "vm/bc.h"

static int n_pass, n_fail;
static const char *write_dir; /* --write DIR: save the loadable files there */

/* Saves a file that must load, for the corruption test (tests/corrupt). */
static void save_file(const char *name, const vstr_t *file) {
    char path[512];
    snprintf(path, sizeof(path), "%s/reloc_", write_dir);
    size_t n = strlen(path);
    for (const char *c = name; *c && n + 5 < sizeof(path); c++) {
        path[n++] = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ? *c : '_';
    }
    strcpy(path + n, ".mpy");
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(file->buf, 1, file->len, f) != file->len) {
        printf("FAIL can't write %s\n", path);
        n_fail++;
    }
    if (f != NULL) {
        fclose(f);
    }
}

static void put_uint(vstr_t *v, size_t n) {
    byte buf[10];
    int i = 9;
    buf[i] = n & 0x7f;
    while (n >>= 7) {
        buf[--i] = 0x80 | (n & 0x7f);
    }
    vstr_add_strn(v, (const char *)buf + i, 10 - i);
}

/* A module whose only raw code is one machine-code function (kind 2 viper
 * or 3 asm). `tail` is everything after scope_flags (sizes, rodata,
 * relocations, or asm n_args/type_sig). Constant 0 is the int 42. */
static vstr_t make_file(int kind, const byte *code, size_t len, int flags, const byte *tail,
    size_t tail_len) {
    vstr_t v;
    vstr_init(&v, 64);
    vstr_add_strn(&v, "M\x06\x0b\x1f", 4);
    put_uint(&v, 1); /* qstrs */
    put_uint(&v, 1); /* constants */
    put_uint(&v, 4 << 1);
    vstr_add_strn(&v, "t.py", 5); /* with its NUL */
    vstr_add_byte(&v, 7); /* MPY_OBJ_INT */
    put_uint(&v, 2);
    vstr_add_strn(&v, "42", 2);
    put_uint(&v, (len << 3) | kind);
    vstr_add_strn(&v, (const char *)code, len);
    put_uint(&v, flags);
    vstr_add_strn(&v, (const char *)tail, tail_len);
    return v;
}

static mp_obj_t load_and_call(vstr_t *file, size_t n_args, const mp_obj_t *args) {
    mp_obj_t globals = mp_obj_new_dict(0);
    mp_compiled_module_t *cm = mp_mpy_load_mem((const byte *)file->buf, file->len, "t.mpy",
        MP_OBJ_TO_PTR(globals));
    mp_obj_t fun = mp_make_function_from_proto_fun(cm->rc, cm->context, NULL);
    gc_collect(); /* bss/rodata must survive: only the root list holds them */
    return mp_call_function_n_kw(fun, n_args, 0, args);
}

static void expect(const char *name, vstr_t file, size_t n_args, const mp_obj_t *args,
    mp_obj_t want, const char *want_error) {
    if (write_dir != NULL && want_error == NULL) {
        save_file(name, &file);
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t got = load_and_call(&file, n_args, args);
        nlr_pop();
        if (want_error == NULL && mp_obj_equal(got, want)) {
            n_pass++;
            return;
        }
        printf("FAIL %s: got ", name);
        mp_obj_print(got, PRINT_REPR);
        printf("\n");
    } else {
        vstr_t msg;
        mp_print_t print;
        vstr_init_print(&msg, 32, &print);
        mp_obj_print_helper(&print, MP_OBJ_FROM_PTR(nlr.ret_val), PRINT_EXC);
        const char *text = vstr_null_terminated_str(&msg);
        if (want_error != NULL && strstr(text, want_error) != NULL) {
            n_pass++;
            return;
        }
        printf("FAIL %s: %s\n", name, text);
    }
    n_fail++;
}

/* mov rax, [rip + (16 - 7)] ; ... ; ret, then the word at 16 */
static const byte load_word16[] = {0x48, 0x8b, 0x05, 0x09, 0x00, 0x00, 0x00};

static size_t code_with(byte *code, const byte *middle, size_t n_middle, uint64_t w16,
    uint64_t w24, uint64_t w32) {
    memset(code, 0x90, 40);
    memcpy(code, load_word16, sizeof(load_word16));
    memcpy(code + 7, middle, n_middle);
    code[7 + n_middle] = 0xc3;
    memcpy(code + 16, &w16, 8);
    memcpy(code + 24, &w24, 8);
    memcpy(code + 32, &w32, 8);
    return 40;
}

static const byte deref[] = {0x48, 0x8b, 0x00}; /* mov rax, [rax] */

/* natmod-style: build a truncated record on the C stack and hand it to
 * entry 26, as MP_DYNRUNTIME_MAKE_FUNCTION does */
static mp_obj_t truncated_record_fun(mp_obj_t self_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    return MP_OBJ_NEW_SMALL_INT(7);
}

static void test_truncated_record(void) {
    struct {
        uint8_t indicator[2];
        uint8_t kind;
        bool is_generator;
        const void *fun_data;
        void *children; /* left unset by natmods */
    } rec;
    memset(&rec, 0xa5, sizeof(rec));
    rec.indicator[0] = rec.indicator[1] = 0;
    rec.kind = MP_CODE_NATIVE_VIPER;
    rec.is_generator = false;
    rec.fun_data = (const void *)(uintptr_t)truncated_record_fun;
    mp_module_context_t *ctx = m_new0(mp_module_context_t, 1);
    ctx->module.base.type = &mp_type_module;
    ctx->module.globals = MP_OBJ_TO_PTR(mp_obj_new_dict(0));
    typedef mp_obj_t (*make_fun_t)(const void *, const mp_module_context_t *, const mp_obj_t *);
    make_fun_t make = (make_fun_t)(uintptr_t)mp_fun_table[26];
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t f = make(&rec, ctx, NULL);
        mp_obj_t r = mp_call_function_0(f);
        nlr_pop();
        if (mp_obj_is_type(f, &mp_type_fun_viper) && r == MP_OBJ_NEW_SMALL_INT(7)) {
            n_pass++;
            return;
        }
        printf("FAIL truncated record\n");
    } else {
        printf("FAIL truncated record: exception\n");
    }
    n_fail++;
}

/* Spot checks of the table layout (native.md 6): data words and the
 * entries natmods reach by relocation. */
static void test_table(void) {
    struct {
        int i;
        const void *want;
    } checks[] = {
        {0, mp_const_none}, {1, mp_const_false}, {2, mp_const_true},
        {18, (const void *)(uintptr_t)mp_binary_op},
        {32, (const void *)(uintptr_t)nlr_push},
        {45, (const void *)(uintptr_t)mp_setup_code_state_native},
        {48, (const void *)(uintptr_t)mp_native_yield_from},
        {72, &mp_plat_print}, {73, &mp_type_type}, {78, &mp_type_fun_builtin_1},
        {82, &mp_type_Exception},
    };
    for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
        if (mp_fun_table[checks[i].i] != checks[i].want) {
            printf("FAIL function table entry %d\n", checks[i].i);
            n_fail++;
        } else {
            n_pass++;
        }
    }
    for (int i = 0; i < MP_FUN_TABLE_SIZE; i++) {
        if (mp_fun_table[i] == NULL) {
            printf("FAIL function table entry %d is NULL\n", i);
            n_fail++;
        }
    }
    /* the stream-method objects are callable (and reject non-streams) */
    const mp_obj_t read_obj = MP_OBJ_FROM_PTR((void *)(uintptr_t)mp_fun_table[83]);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_call_function_1(read_obj, MP_OBJ_NEW_SMALL_INT(1));
        nlr_pop();
        printf("FAIL stream read on an int\n");
        n_fail++;
    } else if (mp_obj_is_type(MP_OBJ_FROM_PTR(nlr.ret_val), &mp_type_OSError)) {
        n_pass++;
    } else {
        printf("FAIL stream read on an int: wrong exception\n");
        n_fail++;
    }
}

/* Below main's frame, so the GC's stack scan (from mp_stack_set_top's
 * address down) sees every object the cases create. */
static void __attribute__((noinline)) run_cases(void) {
    byte code[40];
    size_t n;

    /* rodata (flag 0x30): word 2 += rodata, read rodata[0] = 42 */
    n = code_with(code, deref, sizeof(deref), 0, 0, 0);
    {
        static const byte tail[] = {8, 0x55, 0, 0, 0, 0, 0, 0, 0, 0x05, 0x04, 0xff};
        expect("rodata", make_file(2, code, n, 0x30, tail, sizeof(tail)), 0, NULL,
            MP_OBJ_NEW_SMALL_INT(42), NULL);
    }
    /* bss (0x50): word 2 += bss; store 42 there and read it back */
    {
        static const byte store42_deref[] = {0x48, 0xc7, 0x00, 0x55, 0x00, 0x00, 0x00,
                                             0x48, 0x8b, 0x00};
        byte code2[48];
        memset(code2, 0x90, sizeof(code2));
        /* mov rax, [rip + (24 - 7)] ; mov [rax], 0x55 ; mov rax, [rax] ; ret */
        static const byte load_word24[] = {0x48, 0x8b, 0x05, 0x11, 0x00, 0x00, 0x00};
        memcpy(code2, load_word24, 7);
        memcpy(code2 + 7, store42_deref, sizeof(store42_deref));
        code2[17] = 0xc3;
        memset(code2 + 24, 0, 8);
        static const byte tail[] = {16, 0x09, 0x06, 0xff}; /* bss 16 bytes; k=2 at word 3 */
        expect("bss", make_file(2, code2, 32, 0x50, tail, sizeof(tail)), 0, NULL,
            MP_OBJ_NEW_SMALL_INT(42), NULL);
    }
    /* text base with a count (op 0x03): words 2, 3 += text; word 3 -> text+32 = 42 */
    {
        byte middle[] = {0x48, 0x8b, 0x40, 0x08, 0x48, 0x8b, 0x00}; /* rax=[rax+8]; rax=[rax] */
        n = code_with(code, middle, sizeof(middle), 16, 32, 0x55);
        static const byte tail[] = {0x03, 0x04, 0x02, 0xff};
        expect("text+count", make_file(2, code, n, 0x10, tail, sizeof(tail)), 0, NULL,
            MP_OBJ_NEW_SMALL_INT(42), NULL);
    }
    /* obj_table (k=7, op 0x0f): the constant 42 */
    n = code_with(code, deref, sizeof(deref), 0, 0, 0);
    {
        static const byte tail[] = {0x0f, 0x04, 0xff};
        expect("obj_table", make_file(2, code, n, 0x10, tail, sizeof(tail)), 0, NULL,
            MP_OBJ_NEW_SMALL_INT(42), NULL);
    }
    /* fun-table entry value (k=9+2: True) and the table address (k=8: word
     * = &table[1] = False) */
    n = code_with(code, deref, 0, 0, 0, 0);
    {
        static const byte tail[] = {0x17, 0x04, 0xff};
        expect("fun-table entry", make_file(2, code, n, 0x10, tail, sizeof(tail)), 0, NULL,
            mp_const_true, NULL);
    }
    n = code_with(code, deref, sizeof(deref), 8, 0, 0);
    {
        static const byte tail[] = {0x11, 0x04, 0xff};
        expect("fun-table address", make_file(2, code, n, 0x10, tail, sizeof(tail)), 0, NULL,
            mp_const_false, NULL);
    }
    /* bad relocations are rejected */
    {
        static const byte past_end[] = {0x01, 0x0c, 0xff};  /* word 6 of 40 bytes */
        expect("reloc past end", make_file(2, code, n, 0x10, past_end, sizeof(past_end)),
            0, NULL, MP_OBJ_NULL, "outside the code");
        static const byte no_rodata[] = {0x05, 0x04, 0xff};
        expect("reloc without rodata", make_file(2, code, n, 0x10, no_rodata,
            sizeof(no_rodata)), 0, NULL, MP_OBJ_NULL, "lacks");
        static const byte bad_entry[] = {0xc1, 0x04, 0xff}; /* k = 96: entry 87 */
        expect("reloc entry 87", make_file(2, code, n, 0x10, bad_entry, sizeof(bad_entry)),
            0, NULL, MP_OBJ_NULL, "function-table entry 87");
        static const byte count_past[] = {0x03, 0x04, 0x04, 0xff}; /* 4 words from word 2 */
        expect("reloc count past end", make_file(2, code, n, 0x10, count_past,
            sizeof(count_past)), 0, NULL, MP_OBJ_NULL, "runs past");
    }
    /* asm: lea rax, [rdi + rsi] ; ret, two arguments, returns int */
    {
        static const byte add[] = {0x48, 0x8d, 0x04, 0x37, 0xc3};
        static const byte tail[] = {2, 2};
        mp_obj_t args[2] = {MP_OBJ_NEW_SMALL_INT(40), MP_OBJ_NEW_SMALL_INT(2)};
        expect("asm add", make_file(3, add, sizeof(add), 0, tail, sizeof(tail)), 2, args,
            MP_OBJ_NEW_SMALL_INT(42), NULL);
        mp_obj_t args2[2] = {mp_const_true, mp_obj_new_float(-3.7)};
        expect("asm bool+float", make_file(3, add, sizeof(add), 0, tail, sizeof(tail)), 2,
            args2, MP_OBJ_NEW_SMALL_INT(-2), NULL);
        expect("asm arg count", make_file(3, add, sizeof(add), 0, tail, sizeof(tail)), 1,
            args, MP_OBJ_NULL, "positional arguments");
        static const byte tail_uint[] = {2, 3};
        mp_obj_t args3[2] = {MP_OBJ_NEW_SMALL_INT(-1), MP_OBJ_NEW_SMALL_INT(0)};
        expect("asm uint", make_file(3, add, sizeof(add), 0, tail_uint, sizeof(tail_uint)), 2,
            args3, mp_obj_new_int_from_uint((mp_uint_t)-1), NULL);
        /* mov rax, [rdi] ; ret: a bytes argument passes its data address */
        static const byte ld[] = {0x48, 0x8b, 0x07, 0xc3};
        static const byte tail1[] = {1, 2};
        mp_obj_t b = mp_obj_new_bytes((const byte *)"\x2a\0\0\0\0\0\0\0", 8);
        expect("asm bytes", make_file(3, ld, sizeof(ld), 0, tail1, sizeof(tail1)), 1, &b,
            MP_OBJ_NEW_SMALL_INT(42), NULL);
        static const byte five_args[] = {5, 2};
        expect("asm 5 args", make_file(3, add, sizeof(add), 0, five_args, sizeof(five_args)),
            0, NULL, MP_OBJ_NULL, "at most 4");
    }
    test_truncated_record();
    test_table();
}

int main(int argc, char **argv) {
    int stack_dummy;
    if (argc == 3 && strcmp(argv[1], "--write") == 0) {
        write_dir = argv[2];
    }
    size_t heap_size = 4 * 1024 * 1024;
    char *heap = malloc(heap_size);
    gc_init(heap, heap + heap_size);
    mp_stack_set_top(&stack_dummy);
    mp_stack_set_limit(512 * 1024);
    mp_init();
    if (getenv("MICA_GC_STRESS") != NULL) {
        gc_set_stress(true);
    }
    run_cases();
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
