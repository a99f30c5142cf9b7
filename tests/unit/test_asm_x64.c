/*
 * Unit tests of the x86-64 encoders (src/native/asm_x64.c): each
 * instruction must come out in exactly the byte form mpy-cross uses
 * (docs/native-x64.md); the expected bytes are copied from the reference
 * disassemblies of ../shared/vectors/ref. The encoder source is included
 * directly so that no Makefile change is needed.
 */
#include <stdarg.h>
#include <string.h>

#include "stubs.h"
#include "unit.h"

#include "../../src/native/asm_x64.c"

static asm_x64_t as;

static void start(void) {
    memset(&as, 0, sizeof(as));
    asm_x64_start_pass(&as, 0);
}

/* the bytes written since start() equal the n given ones */
static int bytes_are(size_t n, ...) {
    va_list ap;
    va_start(ap, n);
    int ok = as.len == n;
    for (size_t i = 0; ok && i < n; i++) {
        ok = as.buf[i] == (uint8_t)va_arg(ap, int);
    }
    va_end(ap);
    return ok;
}

TEST(mov_imm_forms) {
    start();
    asm_x64_mov_r64_imm(&as, X64_RDX, 0x20002);
    CHECK(bytes_are(5, 0xba, 0x02, 0x00, 0x02, 0x00));
    start();
    asm_x64_mov_r64_imm(&as, X64_R12, 0);
    CHECK(bytes_are(6, 0x41, 0xbc, 0, 0, 0, 0));
    start();
    asm_x64_mov_r64_imm(&as, X64_RDI, -1);
    CHECK(bytes_are(10, 0x48, 0xbf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
}

TEST(memory_operands) {
    start();
    asm_x64_mov_r64_mem(&as, X64_RDI, X64_R12, 0); /* mov (%r12),%rdi */
    CHECK(bytes_are(4, 0x49, 0x8b, 0x3c, 0x24));
    start();
    asm_x64_mov_r64_mem(&as, X64_RBP, X64_RBP, 0); /* mov 0x0(%rbp),%rbp */
    CHECK(bytes_are(4, 0x48, 0x8b, 0x6d, 0x00));
    start();
    asm_x64_mov_mem_r64(&as, X64_RSP, 0x88, X64_RDI); /* mov %rdi,0x88(%rsp) */
    CHECK(bytes_are(8, 0x48, 0x89, 0xbc, 0x24, 0x88, 0, 0, 0));
    start();
    asm_x64_movzx_mem16(&as, X64_RDI, X64_R13, 0x10); /* movzwl 0x10(%r13),%edi */
    CHECK(bytes_are(5, 0x41, 0x0f, 0xb7, 0x7d, 0x10));
    start();
    asm_x64_mov_mem8_r(&as, X64_RDI, 0, X64_RDX); /* mov %dl,(%rdi) */
    CHECK(bytes_are(2, 0x88, 0x17));
}

TEST(alu_and_frame) {
    start();
    asm_x64_imul_r64_r64(&as, X64_RSI, X64_RDX); /* imul %rdx,%rsi */
    CHECK(bytes_are(4, 0x48, 0x0f, 0xaf, 0xf2));
    start();
    asm_x64_alu_r64_r64(&as, 0x01, X64_RSI, X64_R12); /* add %r12,%rsi */
    CHECK(bytes_are(3, 0x4c, 0x01, 0xe6));
    start();
    asm_x64_sub_rsp_imm(&as, -0x88); /* epilogue: sub $-0x88,%rsp */
    CHECK(bytes_are(7, 0x48, 0x81, 0xec, 0x78, 0xff, 0xff, 0xff));
    start();
    asm_x64_test_dh_dh(&as);
    CHECK(bytes_are(2, 0x84, 0xf6));
}

TEST(jumps) {
    /* forward: rel32 even to the next instruction; backward: rel8 */
    start();
    asm_x64_jmp_label(&as, 3);
    asm_x64_label_assign(&as, 3);
    asm_x64_start_pass(&as, 0); /* second pass knows the label */
    asm_x64_jmp_label(&as, 3);
    asm_x64_label_assign(&as, 3);
    CHECK(bytes_are(5, 0xe9, 0, 0, 0, 0));
    start();
    asm_x64_label_assign(&as, 1);
    asm_x64_jcc_label(&as, X64_CC_NE, 1);
    CHECK(bytes_are(2, 0x75, 0xfe));
}

int main(void) {
    stub_heap_init();
    RUN(mov_imm_forms);
    RUN(memory_operands);
    RUN(alu_and_frame);
    RUN(jumps);
    return UNIT_EXIT();
}
