/*
 * Non-local return (design note 3): the handler chain and the parts of
 * push/pop/jump that need no assembly. On x86-64 the register save and
 * restore are in nlr_x64.S, on Thumb-2 in nlr_thumb.S (the record layout is
 * an ABI, objects.md 4.15); other hosts use setjmp/longjmp with the same
 * chain.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/nlr.h"

nlr_buf_t *mp_nlr_top;

/* AddressSanitizer must learn that the frames we jump over are gone, or it
 * reports false stack-buffer overflows later. */
#if defined(__SANITIZE_ADDRESS__)
#define NLR_ASAN (1)
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NLR_ASAN (1)
#endif
#endif
#if NLR_ASAN
void __asan_handle_no_return(void);
#endif

void nlr_pop(void) {
    mp_nlr_top = mp_nlr_top->prev;
}

_Noreturn void nlr_jump_fail(void *val) {
    fflush(stdout);
    fprintf(stderr, "FATAL: uncaught NLR %p\n", val);
    abort();
}

#if MICA_NLR_X64

/* in nlr_x64.S: loads the registers saved in `top` and returns 1 from the
 * nlr_push that filled it */
_Noreturn void nlr_x64_restore(nlr_buf_t *top);

_Noreturn void nlr_jump(void *val) {
    nlr_buf_t *top = mp_nlr_top;
    if (top == NULL) {
        nlr_jump_fail(val);
    }
    top->ret_val = val;
    mp_nlr_top = top->prev;
#if NLR_ASAN
    __asan_handle_no_return();
#endif
    nlr_x64_restore(top);
}

#elif MICA_NLR_THUMB

/* in nlr_thumb.S: loads the registers saved in `top` and returns 1 from the
 * nlr_push that filled it */
_Noreturn void nlr_thumb_restore(nlr_buf_t *top);

unsigned int nlr_push_tail(nlr_buf_t *nlr) {
    nlr->prev = mp_nlr_top;
    mp_nlr_top = nlr;
    return 0;
}

_Noreturn void nlr_jump(void *val) {
    nlr_buf_t *top = mp_nlr_top;
    if (top == NULL) {
        nlr_jump_fail(val);
    }
    top->ret_val = val;
    mp_nlr_top = top->prev;
#if NLR_ASAN
    __asan_handle_no_return();
#endif
    nlr_thumb_restore(top);
}

#else

unsigned int nlr_push_tail(nlr_buf_t *nlr) {
    nlr->prev = mp_nlr_top;
    mp_nlr_top = nlr;
    return 0;
}

_Noreturn void nlr_jump(void *val) {
    nlr_buf_t *top = mp_nlr_top;
    if (top == NULL) {
        nlr_jump_fail(val);
    }
    top->ret_val = val;
    mp_nlr_top = top->prev;
    longjmp(top->jmpbuf, 1);
}

#endif
