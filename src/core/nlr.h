/*
 * Non-local return: Mica's exception mechanism (design note 3).
 *
 *     nlr_buf_t nlr;
 *     if (nlr_push(&nlr) == 0) {
 *         ... code that may raise ...
 *         nlr_pop();
 *     } else {
 *         mp_obj_t exc = nlr.ret_val;  // the raised exception
 *     }
 *
 * The record layout is an ABI (objects.md 4.15): word 0 prev, word 1
 * ret_val, then the callee-saved registers in the order the spec lists, so
 * that native code from MicroPython can allocate and use these records.
 * x86-64 and 32-bit ARM in Thumb-2 use a few lines of assembly (nlr_x64.S,
 * nlr_thumb.S); other hosts fall back to setjmp (the record is then larger,
 * which only matters for native code).
 */
#ifndef MICA_CORE_NLR_H
#define MICA_CORE_NLR_H

#include <stdint.h>
#include <stddef.h>

#if defined(__x86_64__) && !defined(_WIN32) && !defined(MICA_NLR_SETJMP)
#define MICA_NLR_X64 (1)
#define MICA_NLR_NUM_REGS (8) /* rip, rbp, rsp, rbx, r12, r13, r14, r15 */
#elif defined(__thumb2__) && !defined(MICA_NLR_SETJMP)
#define MICA_NLR_THUMB (1)
#if defined(__ARM_FP)
/* lr, r4-r11, sp, then d8-d10 as 6 words: 18 words in all, within the 19
 * native code reserves (d11-d15 are not saved: see nlr_thumb.S) */
#define MICA_NLR_NUM_REGS (16)
#else
#define MICA_NLR_NUM_REGS (10) /* lr, r4, r5, r6, r7, r8, r9, r10, r11, sp */
#endif
#else
#include <setjmp.h>
#ifndef MICA_NLR_SETJMP /* may come from the command line (-DMICA_NLR_SETJMP) */
#define MICA_NLR_SETJMP (1)
#endif
#endif

typedef struct _nlr_buf_t {
    struct _nlr_buf_t *prev;
    void *ret_val; /* the exception object, after a jump */
#if MICA_NLR_X64 || MICA_NLR_THUMB
    void *regs[MICA_NLR_NUM_REGS];
#else
    jmp_buf jmpbuf;
#endif
} nlr_buf_t;

/* The innermost handler; lives in the runtime state. */
extern nlr_buf_t *mp_nlr_top;

#if MICA_NLR_X64 || MICA_NLR_THUMB
/* Returns 0 when pushing, 1 when a jump lands here. It returns twice, like
 * setjmp, and the compiler must know: otherwise it may keep values in stack
 * slots or registers across the push that a jump then finds stale (seen at
 * -O2 in the VM loop). The attribute is a GNU extension, justified here. */
#if defined(__GNUC__)
unsigned int nlr_push(nlr_buf_t *nlr) __attribute__((returns_twice));
#else
unsigned int nlr_push(nlr_buf_t *nlr);
#endif
#if MICA_NLR_THUMB
/* links nlr into the chain and returns 0; nlr_thumb.S's nlr_push ends in it */
unsigned int nlr_push_tail(nlr_buf_t *nlr);
#endif
#else
unsigned int nlr_push_tail(nlr_buf_t *nlr);
#define nlr_push(buf) (nlr_push_tail(buf), setjmp((buf)->jmpbuf))
#endif
void nlr_pop(void);
_Noreturn void nlr_jump(void *val);
/* Called when no handler is installed: prints and aborts (a bug). */
_Noreturn void nlr_jump_fail(void *val);

#endif
