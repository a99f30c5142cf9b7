/*
 * nlr_push and the register restore of nlr_jump for x86-64 System V.
 *
 * nlr_buf_t words (objects.md 4.15, an ABI shared with native code):
 *   0 prev, 1 ret_val, 2 rip, 3 rbp, 4 rsp, 5 rbx, 6 r12, 7 r13, 8 r14, 9 r15
 * Native code reuses word 5 (rbx) as a variable between push and jump, so
 * the restore reloads every register from the buffer as it is then.
 * Position independent: mp_nlr_top is reached through the GOT.
 */
#if defined(__x86_64__) && !defined(MICA_NLR_SETJMP) && !defined(_WIN32)

    .text

/* unsigned int nlr_push(nlr_buf_t *nlr): returns 0 now, 1 after a jump */
    .globl  nlr_push
    .type   nlr_push, @function
    .p2align 4
nlr_push:
    movq    (%rsp), %rax            /* return address */
    movq    %rax, 16(%rdi)
    movq    %rbp, 24(%rdi)
    leaq    8(%rsp), %rax           /* rsp as the caller sees it after ret */
    movq    %rax, 32(%rdi)
    movq    %rbx, 40(%rdi)
    movq    %r12, 48(%rdi)
    movq    %r13, 56(%rdi)
    movq    %r14, 64(%rdi)
    movq    %r15, 72(%rdi)
    movq    mp_nlr_top@GOTPCREL(%rip), %rcx
    movq    (%rcx), %rax
    movq    %rax, 0(%rdi)           /* nlr->prev = mp_nlr_top */
    movq    %rdi, (%rcx)            /* mp_nlr_top = nlr */
    xorl    %eax, %eax
    ret
    .size   nlr_push, .-nlr_push

/* void nlr_x64_restore(nlr_buf_t *top): never returns */
    .globl  nlr_x64_restore
    .type   nlr_x64_restore, @function
    .p2align 4
nlr_x64_restore:
    movq    24(%rdi), %rbp
    movq    40(%rdi), %rbx
    movq    48(%rdi), %r12
    movq    56(%rdi), %r13
    movq    64(%rdi), %r14
    movq    72(%rdi), %r15
    movq    32(%rdi), %rsp
    movl    $1, %eax
    jmpq    *16(%rdi)
    .size   nlr_x64_restore, .-nlr_x64_restore

#endif

    /* %progbits, not @progbits: `@` starts a comment for the ARM assembler,
     * which also assembles this (empty there) file */
    .section .note.GNU-stack,"",%progbits
