/*
 * The opcode table built from the X-macro list in opcodes.h, plus the two
 * queries every bytecode consumer needs: the compiler's stack-effect rule
 * (bytecode.md 10.1) and the byte length of one instruction.
 */
#include "vm/opcodes.h"

#define INFO(name, kind, stack) {name, kind, stack}

/* Copies of an initializer for the *_MULTI ranges (plain C11: after a
 * designator, further initializers fill the following indices). `m` names a
 * macro taking no arguments, so the commas inside the braces stay hidden. */
#define REP4(m) m(), m(), m(), m()
#define REP16(m) REP4(m), REP4(m), REP4(m), REP4(m)
#define REP32(m) REP16(m), REP16(m)
#define REP64(m) REP32(m), REP32(m)
#define E_SMALL_INT() INFO("LOAD_CONST_SMALL_INT", MP_OPK_NONE, 1)
#define E_LOAD_FAST() INFO("LOAD_FAST", MP_OPK_NONE, 1)
#define E_STORE_FAST() INFO("STORE_FAST", MP_OPK_NONE, -1)
#define E_UNARY_OP() INFO("UNARY_OP", MP_OPK_NONE, 0)
#define E_BINARY_OP() INFO("BINARY_OP", MP_OPK_NONE, -1)

const mp_opcode_info_t mp_opcode_info[256] = {
#define MP_OPCODE_INFO(value, name, kind, stack) [value] = INFO(#name, kind, stack),
    MP_OPCODE_LIST(MP_OPCODE_INFO)
#undef MP_OPCODE_INFO
    [MP_BC_LOAD_CONST_SMALL_INT_MULTI] = REP64(E_SMALL_INT),
    [MP_BC_LOAD_FAST_MULTI] = REP16(E_LOAD_FAST),
    [MP_BC_STORE_FAST_MULTI] = REP16(E_STORE_FAST),
    [MP_BC_UNARY_OP_MULTI] = REP4(E_UNARY_OP),
    [MP_BC_BINARY_OP_MULTI] = REP32(E_BINARY_OP), E_BINARY_OP(), E_BINARY_OP(), E_BINARY_OP(),
};

/* operand is: n for BUILD_*, UNPACK_*, STORE_COMP, CALL_*; the extra byte
 * (number of closed-over cells) for MAKE_CLOSURE*. */
int mp_opcode_stack_effect(uint8_t opcode, size_t operand) {
    const mp_opcode_info_t *info = &mp_opcode_info[opcode];
    if (info->stack != MP_STACK_VAR) {
        return info->stack;
    }
    int n_pos = (int)(operand & 0xff);
    int n_kw = (int)((operand >> 8) & 0xff);
    switch (opcode) {
        case MP_BC_MAKE_CLOSURE:
            return 1 - (int)operand;
        case MP_BC_MAKE_CLOSURE_DEFARGS:
            return -1 - (int)operand;
        case MP_BC_BUILD_TUPLE:
        case MP_BC_BUILD_LIST:
        case MP_BC_BUILD_SET:
        case MP_BC_BUILD_SLICE:
            return 1 - (int)operand;
        case MP_BC_STORE_COMP:
            return (operand & 3) == 1 ? -2 : -1;
        case MP_BC_UNPACK_SEQUENCE:
            return (int)operand - 1;
        case MP_BC_UNPACK_EX:
            return n_pos + n_kw;
        case MP_BC_CALL_FUNCTION:
            return -n_pos - 2 * n_kw;
        case MP_BC_CALL_FUNCTION_VAR_KW:
        case MP_BC_CALL_METHOD:
            return -n_pos - 2 * n_kw - 1;
        case MP_BC_CALL_METHOD_VAR_KW:
            return -n_pos - 2 * n_kw - 2;
        default: /* WITH_CLEANUP: the compiler applies its own +2/-4 */
            return 0;
    }
}

/* Bytes of a vuint starting at p (0 if it runs past end). */
static size_t vuint_length(const uint8_t *p, const uint8_t *end) {
    size_t n = 0;
    while (p + n < end) {
        if ((p[n++] & 0x80) == 0) {
            return n;
        }
    }
    return 0;
}

static size_t jump_length(const uint8_t *p, const uint8_t *end) {
    if (p >= end) {
        return 0;
    }
    size_t n = (p[0] & 0x80) ? 2 : 1;
    return p + n <= end ? n : 0;
}

size_t mp_opcode_length(const uint8_t *ip, const uint8_t *end) {
    if (ip >= end || mp_opcode_info[*ip].name == NULL) {
        return 0;
    }
    const uint8_t *p = ip + 1;
    size_t n;
    switch (mp_opcode_info[*ip].kind) {
        case MP_OPK_NONE:
            return 1;
        case MP_OPK_QSTR:
        case MP_OPK_UINT:
        case MP_OPK_SINT:
        case MP_OPK_CONST:
        case MP_OPK_CHILD:
            n = vuint_length(p, end);
            return n ? 1 + n : 0;
        case MP_OPK_CHILD_BYTE:
            n = vuint_length(p, end);
            return (n && p + n < end) ? 2 + n : 0;
        case MP_OPK_SJUMP:
        case MP_OPK_UJUMP:
            n = jump_length(p, end);
            return n ? 1 + n : 0;
        case MP_OPK_SJUMP_BYTE:
            n = jump_length(p, end);
            return (n && p + n < end) ? 2 + n : 0;
        default:
            return 0;
    }
}
