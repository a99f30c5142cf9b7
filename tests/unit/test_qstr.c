/* Unit tests for interned strings (src/core/qstr.c). */
#include "core/runtime.h"
#include "stubs.h"
#include "unit.h"

TEST(qstr_static_numbers) {
    CHECK(qstr_from_str("") == 1);
    CHECK(qstr_from_str("<module>") == 7);
    CHECK(qstr_from_str("print") == 123);
    CHECK(qstr_from_str("zip") == 165);
    CHECK(qstr_from_str("\n") == 3);
    CHECK(MP_QSTR_print == 123);
    CHECK_STR(qstr_str(MP_QSTR__lt_module_gt_), "<module>");
    CHECK_STR(qstr_str(165), "zip");
    CHECK(qstr_len(MP_QSTR___init__) == 8);
    CHECK(qstr_count() >= MP_QSTRnumber_of);
}

TEST(qstr_generated_numbers) {
    /* every qstr named in the sources has its enum number */
    for (qstr q = 1; q < MP_QSTRnumber_of; q++) {
        size_t len;
        const byte *d = qstr_data(q, &len);
        if (qstr_find_strn((const char *)d, len) != q) {
            CHECK(!"generated qstr found under another number");
            break;
        }
    }
}

TEST(qstr_interning) {
    size_t before = qstr_count();
    qstr a = qstr_from_str("mica_unit_fresh_name");
    CHECK(a == before);
    CHECK(qstr_count() == before + 1);
    qstr b = qstr_from_strn("mica_unit_fresh_name_xyz", 20);
    CHECK(a == b);
    CHECK(qstr_find_strn("mica_unit_fresh_name", 20) == a);
    CHECK(qstr_find_strn("mica_unit_not_there", 19) == MP_QSTRnull);
    CHECK_STR(qstr_str(a), "mica_unit_fresh_name");
    /* an embedded NUL is part of the string */
    qstr c = qstr_from_strn("ab\0cd", 5);
    CHECK(c != qstr_from_strn("ab", 2));
    CHECK(qstr_len(c) == 5);
}

TEST(qstr_many) {
    char buf[32];
    qstr first = 0;
    for (int i = 0; i < 20000; i++) {
        snprintf(buf, sizeof(buf), "q%d_many", i);
        qstr q = qstr_from_str(buf);
        if (i == 0) {
            first = q;
        }
        if (q != first + (qstr)i) {
            CHECK(!"numbers not consecutive");
            return;
        }
    }
    bool ok = true;
    for (int i = 0; i < 20000; i += 7) {
        snprintf(buf, sizeof(buf), "q%d_many", i);
        ok = ok && qstr_find_strn(buf, strlen(buf)) == first + (qstr)i;
        ok = ok && strcmp(qstr_str(first + (qstr)i), buf) == 0;
    }
    CHECK(ok);
    CHECK(qstr_from_str("print") == 123);
    /* a long string */
    static char big[10000];
    memset(big, 'x', sizeof(big) - 1);
    qstr q = qstr_from_str(big);
    CHECK(qstr_len(q) == sizeof(big) - 1);
    CHECK(qstr_from_str(big) == q);
}

TEST(qstr_hashes) {
    CHECK(qstr_compute_hash((const byte *)"", 0) == 5381);
    CHECK(qstr_compute_hash((const byte *)"a", 1) == 46532);
    CHECK(qstr_compute_hash((const byte *)"b", 1) == 46535);
    CHECK(qstr_compute_hash((const byte *)"ab", 2) == 28198);
    CHECK(qstr_compute_hash((const byte *)"hello", 5) == 60903);
    CHECK(qstr_compute_hash((const byte *)"Mica", 4) == 7011);
    CHECK(qstr_compute_hash((const byte *)"micropython", 11) == 31755);
    CHECK(qstr_compute_hash((const byte *)"__init__", 8) == 42335);
    CHECK(mp_str_hash((const byte *)"xxxxxxxxxxxxxxxxxxxx", 20) == 44293);
    CHECK(qstr_hash(MP_QSTR___init__) == 42335);
    CHECK(qstr_hash(MP_QSTR_) == 5381);
    CHECK(qstr_hash(qstr_from_str("hello")) == 60903);
}

TEST(qstr_pool_info_sane) {
    size_t n, data, total;
    qstr_pool_info(&n, &data, &total);
    CHECK(n == qstr_count());
    CHECK(data > 0 && total > data);
}

int main(void) {
    int top;
    mp_state.stack_top = (char *)&top;
    stub_heap_init();
    qstr_init();
    RUN(qstr_static_numbers);
    RUN(qstr_generated_numbers);
    RUN(qstr_interning);
    RUN(qstr_hashes);
    RUN(qstr_many);
    RUN(qstr_pool_info_sane);
    return UNIT_EXIT();
}
