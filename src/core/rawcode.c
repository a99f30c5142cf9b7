/*
 * Raw codes: allocation of the record describing one compiled function
 * body (see rawcode.h). The compiler and the .mpy loader fill it in.
 */
#include "core/rawcode.h"
#include "core/gc.h"

mp_raw_code_t *mp_raw_code_new(void) {
    /* m_new0: proto_fun_indicator must be {0, 0} and everything else clear */
    mp_raw_code_t *rc = m_new0(mp_raw_code_t, 1);
    rc->kind = MP_CODE_UNUSED;
    return rc;
}
