/*
 * Bytecode listing for `mica -v -v`, in the style of mpyinspect.py and
 * MicroPython's own listings (bytecode.md 9): one line per instruction with
 * its offset, raw bytes and decoded operand; jumps show absolute targets.
 * Driven entirely by the opcode table in opcodes.h.
 */
#include <string.h>

#include "vm/bc.h"

static const char *const unary_op_names[] = {"__pos__", "__neg__", "__invert__", "<not>"};
static const char *const binary_op_names[] = {
    "__lt__", "__gt__", "__eq__", "__le__", "__ge__", "__ne__", "<in>", "<is>",
    "<exception-match>", "__ior__", "__ixor__", "__iand__", "__ilshift__", "__irshift__",
    "__iadd__", "__isub__", "__imul__", "__imatmul__", "__ifloordiv__", "__itruediv__",
    "__imod__", "__ipow__", "__or__", "__xor__", "__and__", "__lshift__", "__rshift__",
    "__add__", "__sub__", "__mul__", "__matmul__", "__floordiv__", "__truediv__", "__mod__",
    "__pow__",
};

static qstr qstr_at(const mp_module_context_t *context, size_t idx) {
    return context->constants.qstr_table[idx];
}

static const char *child_name(const mp_raw_code_t *rc, const mp_module_context_t *context,
    size_t idx) {
    if (rc->children == NULL || idx >= rc->n_children) {
        return "?";
    }
    const mp_raw_code_t *child = rc->children[idx];
    if (child->kind != MP_CODE_BYTECODE) {
        return "<native>";
    }
    mp_bytecode_prelude_t p;
    mp_bytecode_prelude_decode(child->fun_data, &p);
    return qstr_str(qstr_at(context, p.qstr_block_name_idx));
}

/* Print the operand text of the instruction at ip (offsets relative to
 * code_start). */
static void print_operand(const mp_print_t *print, const mp_raw_code_t *rc,
    const mp_module_context_t *context, const byte *code_start, const byte *ip) {
    byte op = *ip;
    const mp_opcode_info_t *info = &mp_opcode_info[op];
    const byte *p = ip + 1;
    switch (info->kind) {
        case MP_OPK_NONE:
            if (op >= MP_BC_LOAD_CONST_SMALL_INT_MULTI && op < MP_BC_LOAD_FAST_MULTI) {
                mp_printf(print, " %d", (int)op - 0x80);
            } else if (op >= MP_BC_LOAD_FAST_MULTI && op < MP_BC_STORE_FAST_MULTI) {
                mp_printf(print, " %d", op - MP_BC_LOAD_FAST_MULTI);
            } else if (op >= MP_BC_STORE_FAST_MULTI && op < MP_BC_UNARY_OP_MULTI) {
                mp_printf(print, " %d", op - MP_BC_STORE_FAST_MULTI);
            } else if (op >= MP_BC_UNARY_OP_MULTI && op < MP_BC_UNARY_OP_MULTI + 4) {
                mp_printf(print, " %d %s", op - MP_BC_UNARY_OP_MULTI,
                    unary_op_names[op - MP_BC_UNARY_OP_MULTI]);
            } else if (op >= MP_BC_BINARY_OP_MULTI) {
                mp_printf(print, " %d %s", op - MP_BC_BINARY_OP_MULTI,
                    binary_op_names[op - MP_BC_BINARY_OP_MULTI]);
            }
            break;
        case MP_OPK_QSTR: {
            qstr q = qstr_at(context, mp_decode_uint(&p));
            if (op == MP_BC_LOAD_CONST_STRING || op == MP_BC_IMPORT_NAME
                || op == MP_BC_IMPORT_FROM) {
                mp_print_str(print, " ");
                mp_obj_print_helper(print, MP_OBJ_NEW_QSTR(q), PRINT_REPR);
            } else {
                mp_printf(print, " %s", qstr_str(q));
            }
            break;
        }
        case MP_OPK_CONST: {
            size_t idx = mp_decode_uint(&p);
            mp_print_str(print, " ");
            mp_obj_print_helper(print, context->constants.obj_table[idx], PRINT_REPR);
            break;
        }
        case MP_OPK_CHILD:
        case MP_OPK_CHILD_BYTE: {
            size_t idx = mp_decode_uint(&p);
            mp_printf(print, " %s", child_name(rc, context, idx));
            if (info->kind == MP_OPK_CHILD_BYTE) {
                mp_printf(print, " %d", *p);
            }
            break;
        }
        case MP_OPK_SINT: {
            mp_uint_t v = (p[0] & 0x40) ? (mp_uint_t)-1 : 0;
            byte b;
            do {
                b = *p++;
                v = (v << 7) | (b & 0x7f);
            } while (b & 0x80);
            mp_printf(print, " %ld", (long)(mp_int_t)v);
            break;
        }
        case MP_OPK_UINT: {
            size_t n = mp_decode_uint(&p);
            if (op == MP_BC_CALL_FUNCTION || op == MP_BC_CALL_FUNCTION_VAR_KW
                || op == MP_BC_CALL_METHOD || op == MP_BC_CALL_METHOD_VAR_KW) {
                mp_printf(print, " n=%d nkw=%d", (int)(n & 0xff), (int)((n >> 8) & 0xff));
            } else {
                mp_printf(print, " %u", (unsigned)n);
            }
            break;
        }
        case MP_OPK_SJUMP:
        case MP_OPK_UJUMP:
        case MP_OPK_SJUMP_BYTE: {
            mp_int_t off;
            if (p[0] & 0x80) {
                off = (p[0] & 0x7f) | ((mp_int_t)p[1] << 7);
                p += 2;
                if (info->kind != MP_OPK_UJUMP) {
                    off -= 0x4000;
                }
            } else {
                off = p[0];
                p += 1;
                if (info->kind != MP_OPK_UJUMP) {
                    off -= 0x40;
                }
            }
            mp_printf(print, " %d", (int)(p + off - code_start));
            if (info->kind == MP_OPK_SJUMP_BYTE) {
                mp_printf(print, " %d", *p);
            }
            break;
        }
        default:
            break;
    }
}

void mp_bytecode_print(const mp_print_t *print, const mp_raw_code_t *rc,
    const mp_module_context_t *context) {
    if (rc->kind != MP_CODE_BYTECODE) {
        mp_printf(print, "(native code, %u bytes)\n", (unsigned)rc->fun_data_len);
        return;
    }
    const byte *data = rc->fun_data;
    mp_bytecode_prelude_t p;
    mp_bytecode_prelude_decode(data, &p);
    const byte *end = data + rc->fun_data_len;
    mp_printf(print, "raw code %s: n_state %d, n_exc_stack %d, scope flags 0x%02x, "
        "%d positional args, %d keyword-only args, %d defaults\n",
        qstr_str(qstr_at(context, p.qstr_block_name_idx)), p.n_state, p.n_exc_stack,
        p.scope_flags, p.n_pos_args, p.n_kwonly_args, p.n_def_pos_args);
    for (const byte *ip = p.opcodes; ip < end;) {
        size_t len = mp_opcode_length(ip, end);
        mp_printf(print, "    %04d  ", (int)(ip - p.opcodes));
        if (len == 0) {
            mp_printf(print, "%02x           <invalid>\n", *ip);
            break;
        }
        char raw[64];
        size_t pos = 0;
        for (size_t i = 0; i < len && pos + 4 < sizeof(raw); i++) {
            static const char hex[] = "0123456789abcdef";
            if (i > 0) {
                raw[pos++] = ' ';
            }
            raw[pos++] = hex[ip[i] >> 4];
            raw[pos++] = hex[ip[i] & 15];
        }
        raw[pos] = '\0';
        mp_printf(print, "%-12s %s", raw, mp_opcode_info[*ip].name);
        print_operand(print, rc, context, p.opcodes, ip);
        mp_print_str(print, "\n");
        ip += len;
    }
    for (size_t i = 0; i < rc->n_children; i++) {
        mp_bytecode_print(print, rc->children[i], context);
    }
}
