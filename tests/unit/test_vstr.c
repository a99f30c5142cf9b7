/* Unit tests for vstr (src/core/vstr.c) and mp_printf (src/core/print.c). */
#include "core/runtime.h"
#include "stubs.h"
#include "unit.h"

static char fmt_buf[512];

/* format into a static C string through mp_vprintf and a vstr printer */
static const char *fmt(const char *f, ...) {
    vstr_t v;
    mp_print_t print;
    vstr_init_print(&v, 8, &print);
    va_list ap;
    va_start(ap, f);
    mp_vprintf(&print, f, ap);
    va_end(ap);
    snprintf(fmt_buf, sizeof(fmt_buf), "%s", vstr_null_terminated_str(&v));
    vstr_clear(&v);
    return fmt_buf;
}

TEST(vstr_basic) {
    vstr_t v;
    vstr_init(&v, 2);
    vstr_add_str(&v, "hello");
    vstr_add_byte(&v, ',');
    vstr_add_strn(&v, " world!!!", 6);
    CHECK(v.len == 12);
    CHECK_STR(vstr_null_terminated_str(&v), "hello, world");
    vstr_cut_tail_bytes(&v, 7);
    CHECK_STR(vstr_null_terminated_str(&v), "hello");
    vstr_cut_tail_bytes(&v, 100);
    CHECK(v.len == 0);
    char *p = vstr_add_len(&v, 3);
    memcpy(p, "abc", 3);
    CHECK_STR(vstr_null_terminated_str(&v), "abc");
    /* appending a piece of itself while growing */
    for (int i = 0; i < 10; i++) {
        vstr_add_strn(&v, v.buf, v.len);
    }
    CHECK(v.len == 3 * 1024);
    CHECK(memcmp(v.buf + 3 * 1023, "abc", 3) == 0);
    vstr_clear(&v);
    CHECK(v.buf == NULL);
}

TEST(vstr_init_len_and_big) {
    vstr_t v;
    vstr_init_len(&v, 10);
    CHECK(v.len == 10 && v.alloc >= 10);
    vstr_clear(&v);
    vstr_init(&v, 0);
    for (int i = 0; i < 100000; i++) {
        vstr_add_byte(&v, (byte)('a' + i % 26));
    }
    CHECK(v.len == 100000 && v.buf[99999] == (char)('a' + 99999 % 26));
    vstr_clear(&v);
}

TEST(vstr_utf8) {
    vstr_t v;
    vstr_init(&v, 4);
    vstr_add_char(&v, 'A');
    vstr_add_char(&v, 0xe9);    /* é */
    vstr_add_char(&v, 0x20ac);  /* € */
    vstr_add_char(&v, 0x1f600); /* 😀 */
    CHECK(v.len == 1 + 2 + 3 + 4);
    CHECK(memcmp(v.buf, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 10) == 0);
    vstr_clear(&v);
}

TEST(vstr_fixed_buf_spills_to_heap) {
    char small[8];
    vstr_t v;
    vstr_init_fixed_buf(&v, sizeof(small), small);
    vstr_add_str(&v, "1234");
    CHECK(v.buf == small);
    vstr_add_str(&v, "56789abcdef");
    CHECK(v.buf != small && !v.fixed_buf);
    CHECK_STR(vstr_null_terminated_str(&v), "123456789abcdef");
    vstr_clear(&v);
}

TEST(vstr_printf_works) {
    vstr_t v;
    vstr_init(&v, 1);
    vstr_printf(&v, "%s=%d", "x", 42);
    vstr_printf(&v, "/%q", (qstr)MP_QSTR_print);
    CHECK_STR(vstr_null_terminated_str(&v), "x=42/print");
    vstr_clear(&v);
}

TEST(printf_integers) {
    CHECK_STR(fmt("%d %i %u", -5, 7, 3000000000u), "-5 7 3000000000");
    CHECK_STR(fmt("%x %X %#x", 255, 255, 255), "ff FF 0xff");
    CHECK_STR(fmt("[%5d][%-5d][%05d][%+d][% d]", 42, 42, -42, 42, 42),
        "[   42][42   ][-0042][+42][ 42]");
#if LONG_MAX > 0x7fffffffL
    CHECK_STR(fmt("%ld %lu %lx", -1234567890123L, 1234567890123UL, 0xabcdefUL),
        "-1234567890123 1234567890123 abcdef");
#else /* 32-bit long */
    CHECK_STR(fmt("%ld %lu %lx", -1234567890L, 3234567890UL, 0xabcdefUL),
        "-1234567890 3234567890 abcdef");
#endif
#if SIZE_MAX > 0xffffffffu
    CHECK_STR(fmt("%zu %zd", (size_t)18446744073709551615ull, (ptrdiff_t)-3),
        "18446744073709551615 -3");
#else /* 32-bit size_t */
    CHECK_STR(fmt("%zu %zd", (size_t)4294967295u, (ptrdiff_t)-3), "4294967295 -3");
#endif
    CHECK_STR(fmt("%d", -2147483647 - 1), "-2147483648");
    CHECK_STR(fmt("%lld", (long long)(-9223372036854775807LL - 1)), "-9223372036854775808");
    CHECK_STR(fmt("%.3d|%08.3f", 7, 3.14159), "007|0003.142");
    CHECK_STR(fmt("100%%"), "100%");
}

TEST(printf_strings_chars_pointers) {
    CHECK_STR(fmt("[%s][%8s][%-8s][%.2s][%.*s]", "abc", "abc", "abc", "abc", 1, "xyz"),
        "[abc][     abc][abc     ][ab][x]");
    CHECK_STR(fmt("%s", (char *)NULL), "(null)");
    CHECK_STR(fmt("%c%c%c", 'a', 0xe9, 'z'), "a\xc3\xa9z");
    CHECK_STR(fmt("[%q][%5q]", (qstr)MP_QSTR_zip, (qstr)MP_QSTR_zip), "[zip][  zip]");
    char expect[32];
    snprintf(expect, sizeof(expect), "%p", (void *)0x1234);
    CHECK_STR(fmt("%p", (void *)0x1234), expect);
    CHECK_STR(fmt("[%*d]", 4, 9), "[   9]");
}

TEST(printf_floats) {
    CHECK_STR(fmt("%f %e %g", 1.5, 12345.678, 0.0001), "1.500000 1.234568e+04 0.0001");
    CHECK_STR(fmt("%.2f|%8.3f|%-8.1f|%+.1f", 3.14159, 2.5, 2.5, 2.0),
        "3.14|   2.500|2.5     |+2.0");
    CHECK_STR(fmt("%g %g", 1e100, -0.0), "1e+100 -0");
}

TEST(print_strn_padding) {
    vstr_t v;
    mp_print_t print;
    vstr_init_print(&v, 8, &print);
    mp_print_strn(&print, "ab", 2, 0, '*', 5);
    mp_print_strn(&print, "|", 1, 0, ' ', 0);
    mp_print_strn(&print, "ab", 2, PF_FLAG_LEFT_ADJUST, '-', 5);
    mp_print_strn(&print, "|", 1, 0, ' ', 0);
    mp_print_strn(&print, "ab", 2, PF_FLAG_CENTER_ADJUST, '.', 7);
    int n = mp_print_str(&print, "!");
    CHECK(n == 1);
    CHECK_STR(vstr_null_terminated_str(&v), "***ab|ab---|..ab...!");
    vstr_clear(&v);
}

int main(void) {
    int top;
    mp_state.stack_top = (char *)&top;
    stub_heap_init();
    qstr_init();
    RUN(vstr_basic);
    RUN(vstr_init_len_and_big);
    RUN(vstr_utf8);
    RUN(vstr_fixed_buf_spills_to_heap);
    RUN(vstr_printf_works);
    RUN(printf_integers);
    RUN(printf_strings_chars_pointers);
    RUN(printf_floats);
    RUN(print_strn_padding);
    return UNIT_EXIT();
}
