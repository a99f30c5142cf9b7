/*
 * x86-64 encoders in the exact byte forms of the reference (asm_x64.h).
 */
#include <string.h>

#include "core/gc.h"
#include "native/asm_x64.h"

#define REX_W (0x48)
#define REX_R (0x04)
#define REX_B (0x01)

void asm_x64_start_pass(asm_x64_t *as, size_t n_labels) {
    if (n_labels > as->n_labels) {
        as->label_prev = m_renew(size_t, as->label_prev, as->n_labels, n_labels);
        as->label_cur = m_renew(size_t, as->label_cur, as->n_labels, n_labels);
        for (size_t i = as->n_labels; i < n_labels; i++) {
            as->label_prev[i] = 0;
            as->label_cur[i] = SIZE_MAX;
        }
        as->n_labels = n_labels;
    }
    for (size_t i = 0; i < as->n_labels; i++) {
        if (as->label_cur[i] != SIZE_MAX) {
            as->label_prev[i] = as->label_cur[i];
        }
        as->label_cur[i] = SIZE_MAX;
    }
    as->len = 0;
    as->suppress = false;
}

void asm_x64_reset_labels(asm_x64_t *as) {
    for (size_t i = 0; i < as->n_labels; i++) {
        as->label_prev[i] = 0;
        as->label_cur[i] = SIZE_MAX;
    }
}

static void ensure_label(asm_x64_t *as, size_t label) {
    if (label >= as->n_labels) {
        size_t n = label + 32;
        as->label_prev = m_renew(size_t, as->label_prev, as->n_labels, n);
        as->label_cur = m_renew(size_t, as->label_cur, as->n_labels, n);
        for (size_t i = as->n_labels; i < n; i++) {
            as->label_prev[i] = 0;
            as->label_cur[i] = SIZE_MAX;
        }
        as->n_labels = n;
    }
}

void asm_x64_label_assign(asm_x64_t *as, size_t label) {
    ensure_label(as, label);
    as->label_cur[label] = as->len;
}

size_t asm_x64_label_offset(asm_x64_t *as, size_t label) {
    ensure_label(as, label);
    return as->label_cur[label] != SIZE_MAX ? as->label_cur[label] : as->label_prev[label];
}

void asm_x64_byte(asm_x64_t *as, uint8_t b) {
    if (as->suppress) {
        return;
    }
    if (as->len == as->alloc) {
        size_t n = as->alloc * 2 + 256;
        as->buf = m_renew(uint8_t, as->buf, as->alloc, n);
        as->alloc = n;
    }
    as->buf[as->len++] = b;
}

static void emit_u32(asm_x64_t *as, uint32_t v) {
    for (int i = 0; i < 4; i++) {
        asm_x64_byte(as, (uint8_t)(v >> (8 * i)));
    }
}

static bool fits_s8(int64_t v) {
    return v >= -128 && v <= 127;
}

/* ModRM (+SIB, +disp) for [base + disp] with register field `reg` */
static void emit_modrm_mem(asm_x64_t *as, int reg, int base, int32_t disp) {
    int b = base & 7;
    int mod;
    if (disp == 0 && b != X64_RBP) {
        mod = 0;
    } else if (fits_s8(disp)) {
        mod = 1;
    } else {
        mod = 2;
    }
    asm_x64_byte(as, (uint8_t)((mod << 6) | ((reg & 7) << 3) | b));
    if (b == X64_RSP) {
        asm_x64_byte(as, 0x24); /* SIB: no index, base rsp/r12 */
    }
    if (mod == 1) {
        asm_x64_byte(as, (uint8_t)disp);
    } else if (mod == 2) {
        emit_u32(as, (uint32_t)disp);
    }
}

static void emit_modrm_reg(asm_x64_t *as, int reg, int rm) {
    asm_x64_byte(as, (uint8_t)(0xc0 | ((reg & 7) << 3) | (rm & 7)));
}

static uint8_t rex_for(int reg, int rm) {
    return (uint8_t)(((reg & 8) ? REX_R : 0) | ((rm & 8) ? REX_B : 0));
}

void asm_x64_push(asm_x64_t *as, int r) {
    if (r & 8) {
        asm_x64_byte(as, 0x41);
    }
    asm_x64_byte(as, (uint8_t)(0x50 | (r & 7)));
}

void asm_x64_pop(asm_x64_t *as, int r) {
    if (r & 8) {
        asm_x64_byte(as, 0x41);
    }
    asm_x64_byte(as, (uint8_t)(0x58 | (r & 7)));
}

void asm_x64_ret(asm_x64_t *as) {
    asm_x64_byte(as, 0xc3);
}

/* the epilogue adds by subtracting the negated size, as the reference does */
void asm_x64_sub_rsp_imm(asm_x64_t *as, int32_t imm) {
    asm_x64_byte(as, REX_W);
    if (fits_s8(imm)) {
        asm_x64_byte(as, 0x83);
        asm_x64_byte(as, 0xec);
        asm_x64_byte(as, (uint8_t)imm);
    } else {
        asm_x64_byte(as, 0x81);
        asm_x64_byte(as, 0xec);
        emit_u32(as, (uint32_t)imm);
    }
}

void asm_x64_mov_r64_r64(asm_x64_t *as, int dst, int src) {
    asm_x64_byte(as, REX_W | rex_for(src, dst));
    asm_x64_byte(as, 0x89);
    emit_modrm_reg(as, src, dst);
}

void asm_x64_mov_r64_imm(asm_x64_t *as, int dst, int64_t imm) {
    if (imm >= 0 && imm <= 0xffffffffLL) {
        if (dst & 8) {
            asm_x64_byte(as, 0x41);
        }
        asm_x64_byte(as, (uint8_t)(0xb8 | (dst & 7)));
        emit_u32(as, (uint32_t)imm);
    } else {
        asm_x64_byte(as, REX_W | ((dst & 8) ? REX_B : 0));
        asm_x64_byte(as, (uint8_t)(0xb8 | (dst & 7)));
        emit_u32(as, (uint32_t)imm);
        emit_u32(as, (uint32_t)((uint64_t)imm >> 32));
    }
}

void asm_x64_mov_r64_mem(asm_x64_t *as, int dst, int base, int32_t disp) {
    asm_x64_byte(as, REX_W | rex_for(dst, base));
    asm_x64_byte(as, 0x8b);
    emit_modrm_mem(as, dst, base, disp);
}

void asm_x64_mov_mem_r64(asm_x64_t *as, int base, int32_t disp, int src) {
    asm_x64_byte(as, REX_W | rex_for(src, base));
    asm_x64_byte(as, 0x89);
    emit_modrm_mem(as, src, base, disp);
}

void asm_x64_lea_r64_mem(asm_x64_t *as, int dst, int base, int32_t disp) {
    asm_x64_byte(as, REX_W | rex_for(dst, base));
    asm_x64_byte(as, 0x8d);
    emit_modrm_mem(as, dst, base, disp);
}

static void emit_opt_rex(asm_x64_t *as, int reg, int base) {
    uint8_t rex = rex_for(reg, base);
    if (rex) {
        asm_x64_byte(as, 0x40 | rex);
    }
}

void asm_x64_movzx_mem8(asm_x64_t *as, int dst, int base, int32_t disp) {
    emit_opt_rex(as, dst, base);
    asm_x64_byte(as, 0x0f);
    asm_x64_byte(as, 0xb6);
    emit_modrm_mem(as, dst, base, disp);
}

void asm_x64_movzx_mem16(asm_x64_t *as, int dst, int base, int32_t disp) {
    emit_opt_rex(as, dst, base);
    asm_x64_byte(as, 0x0f);
    asm_x64_byte(as, 0xb7);
    emit_modrm_mem(as, dst, base, disp);
}

void asm_x64_mov_r32_mem32(asm_x64_t *as, int dst, int base, int32_t disp) {
    emit_opt_rex(as, dst, base);
    asm_x64_byte(as, 0x8b);
    emit_modrm_mem(as, dst, base, disp);
}

void asm_x64_mov_mem8_r(asm_x64_t *as, int base, int32_t disp, int src) {
    uint8_t rex = rex_for(src, base);
    if (rex || (src >= 4 && src < 8)) {
        asm_x64_byte(as, 0x40 | rex); /* sil/dil need a REX prefix */
    }
    asm_x64_byte(as, 0x88);
    emit_modrm_mem(as, src, base, disp);
}

void asm_x64_mov_mem16_r(asm_x64_t *as, int base, int32_t disp, int src) {
    asm_x64_byte(as, 0x66);
    emit_opt_rex(as, src, base);
    asm_x64_byte(as, 0x89);
    emit_modrm_mem(as, src, base, disp);
}

void asm_x64_mov_mem32_r(asm_x64_t *as, int base, int32_t disp, int src) {
    emit_opt_rex(as, src, base);
    asm_x64_byte(as, 0x89);
    emit_modrm_mem(as, src, base, disp);
}

void asm_x64_alu_r64_r64(asm_x64_t *as, uint8_t opcode, int dst, int src) {
    asm_x64_byte(as, REX_W | rex_for(src, dst));
    asm_x64_byte(as, opcode);
    emit_modrm_reg(as, src, dst);
}

void asm_x64_test_r8_r8(asm_x64_t *as, int a, int b) {
    asm_x64_byte(as, 0x84);
    emit_modrm_reg(as, b, a);
}

/* the reference tests n_kw with `test %dh,%dh` (native.md 8.3) */
void asm_x64_test_dh_dh(asm_x64_t *as) {
    asm_x64_byte(as, 0x84);
    asm_x64_byte(as, 0xf6);
}

void asm_x64_imul_r64_r64(asm_x64_t *as, int dst, int src) {
    asm_x64_byte(as, REX_W | rex_for(dst, src));
    asm_x64_byte(as, 0x0f);
    asm_x64_byte(as, 0xaf);
    emit_modrm_reg(as, dst, src);
}

void asm_x64_shift_r64_cl(asm_x64_t *as, int ext, int dst) {
    asm_x64_byte(as, REX_W | ((dst & 8) ? REX_B : 0));
    asm_x64_byte(as, 0xd3);
    emit_modrm_reg(as, ext, dst);
}

void asm_x64_neg_r64(asm_x64_t *as, int r) {
    asm_x64_byte(as, REX_W | ((r & 8) ? REX_B : 0));
    asm_x64_byte(as, 0xf7);
    emit_modrm_reg(as, 3, r);
}

void asm_x64_not_r64(asm_x64_t *as, int r) {
    asm_x64_byte(as, REX_W | ((r & 8) ? REX_B : 0));
    asm_x64_byte(as, 0xf7);
    emit_modrm_reg(as, 2, r);
}

void asm_x64_setcc_r8(asm_x64_t *as, int cc, int r) {
    asm_x64_byte(as, 0x0f);
    asm_x64_byte(as, (uint8_t)(0x90 | cc));
    emit_modrm_reg(as, 0, r);
}

void asm_x64_call_ind(asm_x64_t *as, int r) {
    asm_x64_byte(as, 0xff);
    emit_modrm_reg(as, 2, r);
}

void asm_x64_jmp_ind(asm_x64_t *as, int r) {
    asm_x64_byte(as, 0xff);
    emit_modrm_reg(as, 4, r);
}

/* a label already assigned in this pass is behind us */
static bool label_is_backward(asm_x64_t *as, size_t label, int64_t *rel_from_here) {
    ensure_label(as, label);
    size_t dest = asm_x64_label_offset(as, label);
    *rel_from_here = (int64_t)dest - (int64_t)as->len;
    return as->label_cur[label] != SIZE_MAX;
}

void asm_x64_jmp_label(asm_x64_t *as, size_t label) {
    int64_t rel;
    if (label_is_backward(as, label, &rel) && fits_s8(rel - 2)) {
        asm_x64_byte(as, 0xeb);
        asm_x64_byte(as, (uint8_t)(rel - 2));
    } else {
        asm_x64_byte(as, 0xe9);
        emit_u32(as, (uint32_t)(rel - 5));
    }
}

void asm_x64_jcc_label(asm_x64_t *as, int cc, size_t label) {
    int64_t rel;
    if (label_is_backward(as, label, &rel) && fits_s8(rel - 2)) {
        asm_x64_byte(as, (uint8_t)(0x70 | cc));
        asm_x64_byte(as, (uint8_t)(rel - 2));
    } else {
        asm_x64_byte(as, 0x0f);
        asm_x64_byte(as, (uint8_t)(0x80 | cc));
        emit_u32(as, (uint32_t)(rel - 6));
    }
}

void asm_x64_lea_label(asm_x64_t *as, int reg, size_t label) {
    int64_t rel;
    label_is_backward(as, label, &rel);
    asm_x64_byte(as, REX_W | ((reg & 8) ? REX_R : 0));
    asm_x64_byte(as, 0x8d);
    asm_x64_byte(as, (uint8_t)(((reg & 7) << 3) | 5));
    emit_u32(as, (uint32_t)(rel - 7));
}

void asm_x64_jcc_label_rel32(asm_x64_t *as, int cc, size_t label) {
    int64_t rel;
    label_is_backward(as, label, &rel);
    asm_x64_byte(as, 0x0f);
    asm_x64_byte(as, (uint8_t)(0x80 | cc));
    emit_u32(as, (uint32_t)(rel - 6));
}
