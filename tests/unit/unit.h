/*
 * A tiny C unit-test harness. Each test_*.c is one program: it defines
 * test functions with TEST(name), lists them in main with RUN(name), and
 * prints one line per test ("PASS name" / "FAIL name: file:line: expr").
 * tests/unit/run.sh adds up the lines of every program.
 */
#ifndef MICA_TESTS_UNIT_H
#define MICA_TESTS_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failed_now;
static int unit_n_pass, unit_n_fail;

#define TEST(name) static void name(void)

#define CHECK(cond) do { \
        if (!(cond)) { \
            if (!unit_failed_now) { \
                printf("FAIL %s: %s:%d: %s\n", unit_current, __FILE__, __LINE__, #cond); \
            } \
            unit_failed_now = 1; \
        } \
} while (0)

#define CHECK_STR(got, want) do { \
        const char *g_ = (got), *w_ = (want); \
        if (strcmp(g_, w_) != 0) { \
            if (!unit_failed_now) { \
                printf("FAIL %s: %s:%d: got \"%s\", want \"%s\"\n", unit_current, __FILE__, \
                    __LINE__, g_, w_); \
            } \
            unit_failed_now = 1; \
        } \
} while (0)

static const char *unit_current = "";

#define RUN(name) do { \
        unit_current = #name; \
        unit_failed_now = 0; \
        void (*volatile unit_fn_)(void) = name; /* never inlined into main */ \
        unit_fn_(); \
        if (unit_failed_now) { \
            unit_n_fail++; \
        } else { \
            unit_n_pass++; \
            printf("PASS %s\n", #name); \
        } \
        fflush(stdout); \
} while (0)

#define UNIT_EXIT() (unit_n_fail != 0)

#endif
