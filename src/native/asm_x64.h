/*
 * x86-64 instruction encoders for the native emitter (emitnative.c).
 * Each encoder writes exactly the byte form mpy-cross uses for the same
 * instruction (docs/native-x64.md), because the output must be
 * byte-identical: e.g. `mov $imm,%r32` (5 bytes) for immediates that fit
 * 32 unsigned bits, `movabs` otherwise; disp8 whenever the displacement fits.
 *
 * The assembler runs once per compiler pass. Labels keep the offsets of the
 * previous pass: forward jumps are always rel32 (so sizes never change
 * between passes), backward jumps use rel8 when the target is near.
 */
#ifndef MICA_NATIVE_ASM_X64_H
#define MICA_NATIVE_ASM_X64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    X64_RAX = 0, X64_RCX = 1, X64_RDX = 2, X64_RBX = 3, X64_RSP = 4, X64_RBP = 5,
    X64_RSI = 6, X64_RDI = 7, X64_R12 = 12, X64_R13 = 13,
};

/* condition codes (low nibble of Jcc/SETcc opcodes) */
enum {
    X64_CC_O = 0x0, X64_CC_B = 0x2, X64_CC_AE = 0x3, X64_CC_E = 0x4, X64_CC_NE = 0x5,
    X64_CC_BE = 0x6, X64_CC_A = 0x7, X64_CC_L = 0xc, X64_CC_GE = 0xd, X64_CC_LE = 0xe,
    X64_CC_G = 0xf,
};

typedef struct _asm_x64_t {
    uint8_t *buf;
    size_t len, alloc;
    bool suppress;          /* dead code: nothing is written */
    size_t n_labels;
    size_t *label_prev;     /* offsets of the previous pass */
    size_t *label_cur;      /* offsets of this pass, SIZE_MAX = not yet */
} asm_x64_t;

void asm_x64_start_pass(asm_x64_t *as, size_t n_labels);
void asm_x64_reset_labels(asm_x64_t *as);
void asm_x64_label_assign(asm_x64_t *as, size_t label);
size_t asm_x64_label_offset(asm_x64_t *as, size_t label);

void asm_x64_byte(asm_x64_t *as, uint8_t b);
void asm_x64_push(asm_x64_t *as, int r);
void asm_x64_pop(asm_x64_t *as, int r);
void asm_x64_ret(asm_x64_t *as);
void asm_x64_sub_rsp_imm(asm_x64_t *as, int32_t imm);

void asm_x64_mov_r64_r64(asm_x64_t *as, int dst, int src);
void asm_x64_mov_r64_imm(asm_x64_t *as, int dst, int64_t imm);
void asm_x64_mov_r64_mem(asm_x64_t *as, int dst, int base, int32_t disp);
void asm_x64_mov_mem_r64(asm_x64_t *as, int base, int32_t disp, int src);
void asm_x64_lea_r64_mem(asm_x64_t *as, int dst, int base, int32_t disp);
void asm_x64_movzx_mem8(asm_x64_t *as, int dst, int base, int32_t disp);
void asm_x64_movzx_mem16(asm_x64_t *as, int dst, int base, int32_t disp);
void asm_x64_mov_r32_mem32(asm_x64_t *as, int dst, int base, int32_t disp);
void asm_x64_mov_mem8_r(asm_x64_t *as, int base, int32_t disp, int src);
void asm_x64_mov_mem16_r(asm_x64_t *as, int base, int32_t disp, int src);
void asm_x64_mov_mem32_r(asm_x64_t *as, int base, int32_t disp, int src);

/* two-operand ALU: dst = dst op src; opcode is the "r/m, r" form (01 add,
 * 29 sub, 21 and, 09 or, 31 xor, 39 cmp, 85 test) */
void asm_x64_alu_r64_r64(asm_x64_t *as, uint8_t opcode, int dst, int src);
void asm_x64_test_r8_r8(asm_x64_t *as, int a, int b);
void asm_x64_test_dh_dh(asm_x64_t *as);
void asm_x64_imul_r64_r64(asm_x64_t *as, int dst, int src);
/* shift dst by %cl: ext 4 shl, 5 shr, 7 sar */
void asm_x64_shift_r64_cl(asm_x64_t *as, int ext, int dst);
void asm_x64_neg_r64(asm_x64_t *as, int r);
void asm_x64_not_r64(asm_x64_t *as, int r);
void asm_x64_setcc_r8(asm_x64_t *as, int cc, int r);
void asm_x64_call_ind(asm_x64_t *as, int r);
void asm_x64_jmp_ind(asm_x64_t *as, int r);

void asm_x64_jmp_label(asm_x64_t *as, size_t label);
/* lea label(%rip),reg: the absolute address of a label at run time */
void asm_x64_lea_label(asm_x64_t *as, int reg, size_t label);
/* always rel32, also backwards (the reference's local forward skips) */
void asm_x64_jcc_label_rel32(asm_x64_t *as, int cc, size_t label);
void asm_x64_jcc_label(asm_x64_t *as, int cc, size_t label);

#endif
