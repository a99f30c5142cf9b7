/*
 * nlr_push and the register restore of nlr_jump for 32-bit ARM in Thumb-2
 * (AAPCS; armv7-a and up, also armv7-m).
 *
 * nlr_buf_t words (objects.md 4.15, an ABI shared with native code):
 *   0 prev, 1 ret_val, 2 lr, 3 r4, 4 r5, 5 r6, 6 r7, 7 r8, 8 r9, 9 r10,
 *   10 r11, 11 sp, and with a hardware FPU 12..17 d8-d10
 * Native code reuses word 3 (r4) as a variable between push and jump, so
 * the restore reloads every register from the buffer as it is then.
 * Only d8-d10 of the callee-saved d8-d15 fit in the 19 words native code
 * reserves (the record the spec gives). KNOWN LIMIT: d11-d15 are not
 * restored, and GCC 12 ignores -ffixed-dN/-fcall-used-dN for VFP registers.
 * GCC uses them in a few float-heavy functions only; a stale value needs
 * one of them to hold a double there across a call that installs a handler
 * and catches an exception raised through another one. tests/run-arm
 * (stage nlr-fp) lists these functions and fails on any not yet reviewed.
 * Linking the record into the chain is left to nlr_push_tail (nlr.c), which
 * nlr_push tail-calls: its `return 0` is nlr_push's, and no position-
 * dependent access to mp_nlr_top is needed here.
 */
#if defined(__thumb2__) && !defined(MICA_NLR_SETJMP)

    .syntax unified
    .thumb
    .text

/* unsigned int nlr_push(nlr_buf_t *nlr): returns 0 now, 1 after a jump */
    .globl  nlr_push
    .type   nlr_push, %function
    .p2align 2
    .thumb_func
nlr_push:
    str     lr, [r0, #8]            /* return address, with the Thumb bit */
    str     r4, [r0, #12]
    str     r5, [r0, #16]
    str     r6, [r0, #20]
    str     r7, [r0, #24]
    str     r8, [r0, #28]
    str     r9, [r0, #32]
    str     r10, [r0, #36]
    str     r11, [r0, #40]
    mov     r1, sp                  /* the caller's sp: nothing was pushed */
    str     r1, [r0, #44]
#if defined(__ARM_FP)
    add     r1, r0, #48
    vstmia  r1, {d8-d10}
#endif
    b       nlr_push_tail           /* links nlr in, returns 0 to our caller */
    .size   nlr_push, .-nlr_push

/* void nlr_thumb_restore(nlr_buf_t *top): never returns */
    .globl  nlr_thumb_restore
    .type   nlr_thumb_restore, %function
    .p2align 2
    .thumb_func
nlr_thumb_restore:
#if defined(__ARM_FP)
    add     r1, r0, #48
    vldmia  r1, {d8-d10}
#endif
    ldr     r4, [r0, #12]
    ldr     r5, [r0, #16]
    ldr     r6, [r0, #20]
    ldr     r7, [r0, #24]
    ldr     r8, [r0, #28]
    ldr     r9, [r0, #32]
    ldr     r10, [r0, #36]
    ldr     r11, [r0, #40]
    ldr     r1, [r0, #44]
    mov     sp, r1
    ldr     lr, [r0, #8]
    movs    r0, #1                  /* nlr_push "returns" 1 */
    bx      lr
    .size   nlr_thumb_restore, .-nlr_thumb_restore

#endif

    .section .note.GNU-stack,"",%progbits
