/* Unit tests for non-local return (src/core/nlr.c, nlr_x64.S, nlr_thumb.S).
 * Also built with -DMICA_NLR_SETJMP to test the setjmp fallback. */
#include <signal.h>
#include <stddef.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/runtime.h"
#include "stubs.h"
#include "unit.h"

static int marker_a, marker_b;

static volatile int sink;

/* jumps from `depth` frames down; a negative depth returns normally */
__attribute__((noinline)) static void raise_at_depth(int depth, void *val) {
    volatile char pad[64];
    pad[depth & 63] = (char)depth;
    if (depth < 0) {
        return;
    }
    if (depth == 0) {
        nlr_jump(val);
    }
    raise_at_depth(depth - 1, val);
    sink += pad[depth & 63];
}

TEST(nlr_layout) {
#if MICA_NLR_X64
    CHECK(offsetof(nlr_buf_t, prev) == 0);
    CHECK(offsetof(nlr_buf_t, ret_val) == 8);
    CHECK(offsetof(nlr_buf_t, regs) == 16);
    CHECK(sizeof(nlr_buf_t) == 10 * 8); /* <= the 13 words native code reserves */
#elif MICA_NLR_THUMB
    CHECK(offsetof(nlr_buf_t, prev) == 0);
    CHECK(offsetof(nlr_buf_t, ret_val) == 4);
    CHECK(offsetof(nlr_buf_t, regs) == 8);
    /* 12 words, 18 with d8-d10: <= the 19 words native code reserves */
    CHECK(sizeof(nlr_buf_t) == (2 + MICA_NLR_NUM_REGS) * 4);
    CHECK(sizeof(nlr_buf_t) <= 19 * 4);
#else
    CHECK(offsetof(nlr_buf_t, ret_val) == sizeof(void *));
#endif
}

TEST(nlr_push_pop_no_jump) {
    nlr_buf_t nlr;
    nlr_buf_t *before = mp_nlr_top;
    volatile int path = 0;
    if (nlr_push(&nlr) == 0) {
        CHECK(mp_nlr_top == &nlr);
        CHECK(nlr.prev == before);
        path = 1;
        nlr_pop();
    } else {
        path = 2;
    }
    CHECK(path == 1);
    CHECK(mp_nlr_top == before);
}

TEST(nlr_jump_delivers_value) {
    nlr_buf_t nlr;
    volatile int local = 10;
    if (nlr_push(&nlr) == 0) {
        local = 20;
        raise_at_depth(50, &marker_a);
        CHECK(!"not reached");
    } else {
        CHECK(nlr.ret_val == &marker_a);
        CHECK(local == 20);
        CHECK(mp_nlr_top == NULL);
    }
}

TEST(nlr_nested) {
    nlr_buf_t outer, inner;
    volatile int trace = 0;
    if (nlr_push(&outer) == 0) {
        if (nlr_push(&inner) == 0) {
            raise_at_depth(3, &marker_a);
        } else {
            CHECK(inner.ret_val == &marker_a);
            CHECK(mp_nlr_top == &outer);
            trace = trace * 10 + 1;
            /* re-raise to the outer handler */
            nlr_jump(&marker_b);
        }
    } else {
        trace = trace * 10 + 2;
        CHECK(outer.ret_val == &marker_b);
        CHECK(mp_nlr_top == NULL);
    }
    CHECK(trace == 12);
}

TEST(nlr_pop_then_outer_catches) {
    nlr_buf_t outer, inner;
    volatile int caught = 0;
    if (nlr_push(&outer) == 0) {
        if (nlr_push(&inner) == 0) {
            nlr_pop(); /* inner finished normally */
        }
        raise_at_depth(2, &marker_b);
    } else {
        caught = outer.ret_val == &marker_b;
    }
    CHECK(caught);
}

TEST(nlr_many_rounds) {
    /* the stack must not drift across many push/jump rounds */
    volatile int n = 0;
    for (volatile int i = 0; i < 100000; i++) {
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            raise_at_depth(i % 5, &marker_a);
        } else {
            n++;
        }
    }
    CHECK(n == 100000);
    CHECK(mp_nlr_top == NULL);
}

#if MICA_NLR_X64
/* Native code overwrites the rbx slot (word 5) between push and jump and
 * expects rbx to hold the new value after landing. This probe does what
 * native code does, in assembly, and returns rbx as found after the jump
 * (its own callee-saved registers are pushed and popped around it). */
uintptr_t nlr_rbx_probe(nlr_buf_t *nlr);
__asm__(
    ".text\n"
    ".globl nlr_rbx_probe\n"
    ".type nlr_rbx_probe, @function\n"
    "nlr_rbx_probe:\n"
    "  pushq %rbx\n"
    "  pushq %r12\n"
    "  pushq %r13\n"
    "  movq %rdi, %r12\n"
    "  call nlr_push@PLT\n"
    "  testl %eax, %eax\n"
    "  jnz 1f\n"
    "  movq $0x1234567, 40(%r12)\n"
    "  movq %r12, %rdi\n"
    "  call nlr_jump@PLT\n"
    "1:\n"
    "  movq %rbx, %rax\n"
    "  popq %r13\n"
    "  popq %r12\n"
    "  popq %rbx\n"
    "  ret\n"
    ".size nlr_rbx_probe, .-nlr_rbx_probe\n");

TEST(nlr_restores_rbx_slot_from_buffer) {
    nlr_buf_t nlr;
    uintptr_t rbx = nlr_rbx_probe(&nlr);
    CHECK(rbx == 0x1234567);
    CHECK(nlr.ret_val == &nlr);
    CHECK(mp_nlr_top == NULL);
}
#endif

#if MICA_NLR_THUMB
/* The Thumb counterpart: native code overwrites the r4 slot (word 3) and
 * expects r4 to hold the new value after landing. */
uintptr_t nlr_r4_probe(nlr_buf_t *nlr);
__asm__(
    ".syntax unified\n"
    ".thumb\n"
    ".text\n"
    ".globl nlr_r4_probe\n"
    ".type nlr_r4_probe, %function\n"
    ".p2align 2\n"
    ".thumb_func\n"
    "nlr_r4_probe:\n"
    "  push {r4, r5, r6, lr}\n"
    "  mov r5, r0\n"
    "  movs r4, #0\n"
    "  bl nlr_push\n"
    "  cbnz r0, 1f\n"
    "  movw r1, #0x4567\n"
    "  movt r1, #0x123\n"
    "  str r1, [r5, #12]\n"
    "  mov r0, r5\n"
    "  bl nlr_jump\n"
    "1:\n"
    "  mov r0, r4\n"
    "  pop {r4, r5, r6, pc}\n"
    ".size nlr_r4_probe, .-nlr_r4_probe\n");

TEST(nlr_restores_r4_slot_from_buffer) {
    nlr_buf_t nlr;
    uintptr_t r4 = nlr_r4_probe(&nlr);
    CHECK(r4 == 0x1234567);
    CHECK(nlr.ret_val == &nlr);
    CHECK(mp_nlr_top == NULL);
}

/* Doubles live in d8-d10 across a jump: the caller's values come back. */
__attribute__((noinline)) static double clobber_fp_and_raise(double x) {
    volatile double a = x * 3.0, b = x * 5.0, c = x * 7.0;
    __asm__ volatile("vmov.f64 d8, #1.0\n\tvmov.f64 d9, #2.0\n\tvmov.f64 d10, #4.0" ::: "d8", "d9", "d10");
    nlr_jump(&marker_a);
    return a + b + c;
}

__attribute__((noinline)) static int catch_in_callee(double x) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        sink += (int)clobber_fp_and_raise(x);
        nlr_pop();
        return 0;
    }
    return nlr.ret_val == &marker_a;
}

TEST(nlr_restores_d8_to_d10) {
    register double k8 __asm__("d8") = 0.5;
    register double k9 __asm__("d9") = 0.25;
    register double k10 __asm__("d10") = 0.125;
    __asm__ volatile("" : "+w"(k8), "+w"(k9), "+w"(k10));
    int caught = catch_in_callee(1.5);
    __asm__ volatile("" : "+w"(k8), "+w"(k9), "+w"(k10));
    CHECK(caught);
    CHECK(k8 == 0.5 && k9 == 0.25 && k10 == 0.125);
}
#endif

/* A jump with no handler is a bug: it must say so and abort, not run on. */
TEST(nlr_jump_without_handler_aborts) {
    int fds[2];
    CHECK(pipe(fds) == 0);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        mp_nlr_top = NULL;
        nlr_jump(&marker_a);
    }
    close(fds[1]);
    char buf[256] = {0};
    size_t got = 0;
    ssize_t r;
    while (got < sizeof(buf) - 1 && (r = read(fds[0], buf + got, sizeof(buf) - 1 - got)) > 0) {
        got += (size_t)r;
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    CHECK(strstr(buf, "FATAL: uncaught NLR") != NULL);
}

int main(void) {
    RUN(nlr_layout);
    RUN(nlr_push_pop_no_jump);
    RUN(nlr_jump_delivers_value);
    RUN(nlr_nested);
    RUN(nlr_pop_then_outer_catches);
    RUN(nlr_many_rounds);
    RUN(nlr_jump_without_handler_aborts);
#if MICA_NLR_X64
    RUN(nlr_restores_rbx_slot_from_buffer);
#endif
#if MICA_NLR_THUMB
    RUN(nlr_restores_r4_slot_from_buffer);
    RUN(nlr_restores_d8_to_d10);
#endif
    return UNIT_EXIT();
}
