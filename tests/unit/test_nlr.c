/* Unit tests for non-local return (src/core/nlr.c, nlr_x64.S). Also built
 * with -DMICA_NLR_SETJMP to test the setjmp fallback. */
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
    return UNIT_EXIT();
}
