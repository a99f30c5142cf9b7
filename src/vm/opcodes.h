/*
 * The one opcode table (design note 6): value, name, operand kind and stack
 * effect of every MicroPython 6.3 bytecode (../shared/spec/bytecode.md
 * section 5). The compiler, the VM, the load-time verifier and the
 * disassembler all expand this list; nothing else may hard-code opcodes.
 *
 * X(value, NAME, operand kind, stack effect)
 * Stack effect MP_STACK_VAR means "depends on the operand" (see
 * mp_opcode_stack_effect in vm/opcodes.c).
 */
#ifndef MICA_VM_OPCODES_H
#define MICA_VM_OPCODES_H

#include <stdint.h>
#include <stddef.h>

typedef enum {
    MP_OPK_NONE,       /* no operand */
    MP_OPK_QSTR,       /* vuint qstr-table index */
    MP_OPK_UINT,       /* vuint */
    MP_OPK_SINT,       /* signed varint, bit 6 of the first byte is the sign */
    MP_OPK_CONST,      /* vuint constant-table index */
    MP_OPK_CHILD,      /* vuint child index */
    MP_OPK_CHILD_BYTE, /* vuint child index, then one raw byte (n closed) */
    MP_OPK_SJUMP,      /* signed 1- or 2-byte jump */
    MP_OPK_UJUMP,      /* unsigned 1- or 2-byte jump */
    MP_OPK_SJUMP_BYTE, /* signed jump then one raw byte (UNWIND_JUMP) */
} mp_operand_kind_t;

#define MP_STACK_VAR (127)

#define MP_OPCODE_LIST(X) \
    X(0x10, LOAD_CONST_STRING, MP_OPK_QSTR, 1) \
    X(0x11, LOAD_NAME, MP_OPK_QSTR, 1) \
    X(0x12, LOAD_GLOBAL, MP_OPK_QSTR, 1) \
    X(0x13, LOAD_ATTR, MP_OPK_QSTR, 0) \
    X(0x14, LOAD_METHOD, MP_OPK_QSTR, 1) \
    X(0x15, LOAD_SUPER_METHOD, MP_OPK_QSTR, -1) \
    X(0x16, STORE_NAME, MP_OPK_QSTR, -1) \
    X(0x17, STORE_GLOBAL, MP_OPK_QSTR, -1) \
    X(0x18, STORE_ATTR, MP_OPK_QSTR, -2) \
    X(0x19, DELETE_NAME, MP_OPK_QSTR, 0) \
    X(0x1a, DELETE_GLOBAL, MP_OPK_QSTR, 0) \
    X(0x1b, IMPORT_NAME, MP_OPK_QSTR, -1) \
    X(0x1c, IMPORT_FROM, MP_OPK_QSTR, 1) \
    X(0x20, MAKE_CLOSURE, MP_OPK_CHILD_BYTE, MP_STACK_VAR) \
    X(0x21, MAKE_CLOSURE_DEFARGS, MP_OPK_CHILD_BYTE, MP_STACK_VAR) \
    X(0x22, LOAD_CONST_SMALL_INT, MP_OPK_SINT, 1) \
    X(0x23, LOAD_CONST_OBJ, MP_OPK_CONST, 1) \
    X(0x24, LOAD_FAST_N, MP_OPK_UINT, 1) \
    X(0x25, LOAD_DEREF, MP_OPK_UINT, 1) \
    X(0x26, STORE_FAST_N, MP_OPK_UINT, -1) \
    X(0x27, STORE_DEREF, MP_OPK_UINT, -1) \
    X(0x28, DELETE_FAST, MP_OPK_UINT, 0) \
    X(0x29, DELETE_DEREF, MP_OPK_UINT, 0) \
    X(0x2a, BUILD_TUPLE, MP_OPK_UINT, MP_STACK_VAR) \
    X(0x2b, BUILD_LIST, MP_OPK_UINT, MP_STACK_VAR) \
    X(0x2c, BUILD_MAP, MP_OPK_UINT, 1) \
    X(0x2d, BUILD_SET, MP_OPK_UINT, MP_STACK_VAR) \
    X(0x2e, BUILD_SLICE, MP_OPK_UINT, MP_STACK_VAR) \
    X(0x2f, STORE_COMP, MP_OPK_UINT, MP_STACK_VAR) \
    X(0x30, UNPACK_SEQUENCE, MP_OPK_UINT, MP_STACK_VAR) \
    X(0x31, UNPACK_EX, MP_OPK_UINT, MP_STACK_VAR) \
    X(0x32, MAKE_FUNCTION, MP_OPK_CHILD, 1) \
    X(0x33, MAKE_FUNCTION_DEFARGS, MP_OPK_CHILD, -1) \
    X(0x34, CALL_FUNCTION, MP_OPK_UINT, MP_STACK_VAR) \
    X(0x35, CALL_FUNCTION_VAR_KW, MP_OPK_UINT, MP_STACK_VAR) \
    X(0x36, CALL_METHOD, MP_OPK_UINT, MP_STACK_VAR) \
    X(0x37, CALL_METHOD_VAR_KW, MP_OPK_UINT, MP_STACK_VAR) \
    X(0x40, UNWIND_JUMP, MP_OPK_SJUMP_BYTE, 0) \
    X(0x42, JUMP, MP_OPK_SJUMP, 0) \
    X(0x43, POP_JUMP_IF_TRUE, MP_OPK_SJUMP, -1) \
    X(0x44, POP_JUMP_IF_FALSE, MP_OPK_SJUMP, -1) \
    X(0x45, JUMP_IF_TRUE_OR_POP, MP_OPK_UJUMP, -1) \
    X(0x46, JUMP_IF_FALSE_OR_POP, MP_OPK_UJUMP, -1) \
    X(0x47, SETUP_WITH, MP_OPK_UJUMP, 2) \
    X(0x48, SETUP_EXCEPT, MP_OPK_UJUMP, 0) \
    X(0x49, SETUP_FINALLY, MP_OPK_UJUMP, 0) \
    X(0x4a, POP_EXCEPT_JUMP, MP_OPK_UJUMP, 0) \
    X(0x4b, FOR_ITER, MP_OPK_UJUMP, 1) \
    X(0x50, LOAD_CONST_FALSE, MP_OPK_NONE, 1) \
    X(0x51, LOAD_CONST_NONE, MP_OPK_NONE, 1) \
    X(0x52, LOAD_CONST_TRUE, MP_OPK_NONE, 1) \
    X(0x53, LOAD_NULL, MP_OPK_NONE, 1) \
    X(0x54, LOAD_BUILD_CLASS, MP_OPK_NONE, 1) \
    X(0x55, LOAD_SUBSCR, MP_OPK_NONE, -1) \
    X(0x56, STORE_SUBSCR, MP_OPK_NONE, -3) \
    X(0x57, DUP_TOP, MP_OPK_NONE, 1) \
    X(0x58, DUP_TOP_TWO, MP_OPK_NONE, 2) \
    X(0x59, POP_TOP, MP_OPK_NONE, -1) \
    X(0x5a, ROT_TWO, MP_OPK_NONE, 0) \
    X(0x5b, ROT_THREE, MP_OPK_NONE, 0) \
    X(0x5c, WITH_CLEANUP, MP_OPK_NONE, MP_STACK_VAR) \
    X(0x5d, END_FINALLY, MP_OPK_NONE, -1) \
    X(0x5e, GET_ITER, MP_OPK_NONE, 0) \
    X(0x5f, GET_ITER_STACK, MP_OPK_NONE, 3) \
    X(0x62, STORE_MAP, MP_OPK_NONE, -2) \
    X(0x63, RETURN_VALUE, MP_OPK_NONE, -1) \
    X(0x64, RAISE_LAST, MP_OPK_NONE, 0) \
    X(0x65, RAISE_OBJ, MP_OPK_NONE, -1) \
    X(0x66, RAISE_FROM, MP_OPK_NONE, -2) \
    X(0x67, YIELD_VALUE, MP_OPK_NONE, 0) \
    X(0x68, YIELD_FROM, MP_OPK_NONE, -1) \
    X(0x69, IMPORT_STAR, MP_OPK_NONE, -1)

enum {
#define MP_OPCODE_ENUM(value, name, kind, stack) MP_BC_##name = value,
    MP_OPCODE_LIST(MP_OPCODE_ENUM)
#undef MP_OPCODE_ENUM
};

/* The *_MULTI ranges (bytecode.md 6.3) */
#define MP_BC_LOAD_CONST_SMALL_INT_MULTI (0x70) /* 0x70..0xaf: value opcode - 0x80 */
#define MP_BC_LOAD_CONST_SMALL_INT_MULTI_EXCESS (16)
#define MP_BC_LOAD_CONST_SMALL_INT_MULTI_NUM (64)
#define MP_BC_LOAD_FAST_MULTI (0xb0)  /* 0xb0..0xbf */
#define MP_BC_STORE_FAST_MULTI (0xc0) /* 0xc0..0xcf */
#define MP_BC_FAST_MULTI_NUM (16)
#define MP_BC_UNARY_OP_MULTI (0xd0)   /* 0xd0..0xd3 used, 7 slots */
#define MP_BC_UNARY_OP_MULTI_NUM (4)
#define MP_BC_BINARY_OP_MULTI (0xd7)  /* 0xd7..0xf9 */
#define MP_BC_BINARY_OP_MULTI_NUM (35)

/* UNWIND_JUMP byte flag: also drop a for-loop iterator */
#define MP_BC_UNWIND_JUMP_FLAG_POP_ITER (0x80)

typedef struct _mp_opcode_info_t {
    const char *name;  /* NULL for an invalid opcode */
    uint8_t kind;      /* mp_operand_kind_t */
    int8_t stack;      /* MP_STACK_VAR or the fixed effect */
} mp_opcode_info_t;

/* Indexed by opcode byte; covers the MULTI ranges too ("LOAD_FAST" etc.). */
extern const mp_opcode_info_t mp_opcode_info[256];

/* Stack effect as the compiler accounts it (bytecode.md 10.1), for an
 * opcode with its decoded operand (0 for none). WITH_CLEANUP returns 0:
 * its +2/-4 adjustment is applied by the compiler. */
int mp_opcode_stack_effect(uint8_t opcode, size_t operand);

/* Length in bytes of the instruction at ip (with its operands), or 0 if the
 * opcode is invalid. Does not read beyond `end`; returns 0 if truncated. */
size_t mp_opcode_length(const uint8_t *ip, const uint8_t *end);

#endif
