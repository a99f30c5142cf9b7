/*
 * Syntax-tree nodes (see ast.h): allocation and a debugging dump.
 */
#include <stdio.h>

#include "core/runtime.h"
#include "compile/ast.h"

mp_ast_t *mp_ast_new(mp_ast_kind_t kind, uint32_t line, size_t n_kids) {
    mp_ast_t *node = m_malloc0(sizeof(mp_ast_t) + n_kids * sizeof(mp_ast_t *));
    node->kind = (uint16_t)kind;
    node->line = line;
    node->n = n_kids;
    return node;
}

static const char *const kind_names[AST_NUM_KINDS] = {
    "NAME", "SMALL_INT", "STR", "NONE", "TRUE", "FALSE", "ELLIPSIS", "CONST",
    "TUPLE", "LIST", "SET", "DICT", "STARRED", "DSTARRED", "KEYWORD", "BINOP",
    "UNARYOP", "NOT", "AND", "OR", "COMPARE", "IFEXP", "NAMEDEXPR", "LAMBDA", "CALL",
    "ATTR", "SUBSCR", "SLICE", "LISTCOMP", "SETCOMP", "DICTCOMP", "GENEXP", "COMP_FOR",
    "YIELD", "YIELD_FROM", "AWAIT", "PARAMS", "PARAM", "MODULE", "BLOCK", "EXPR",
    "ASSIGN", "AUGASSIGN", "ANNASSIGN", "DEL", "PASS", "BREAK", "CONTINUE", "RETURN",
    "RAISE", "GLOBAL", "NONLOCAL", "ASSERT", "IMPORT", "IMPORT_FROM", "ALIAS", "IF",
    "WHILE", "FOR", "TRY", "EXCEPT", "WITH", "WITHITEM", "FUNCDEF", "CLASSDEF",
    "DECORATOR",
};

static bool kind_has_qstr(int kind) {
    switch (kind) {
        case AST_NAME: case AST_STR: case AST_KEYWORD: case AST_ATTR: case AST_PARAM:
        case AST_IMPORT_FROM: case AST_ALIAS: case AST_EXCEPT: case AST_FUNCDEF:
        case AST_CLASSDEF:
            return true;
        default:
            return false;
    }
}

void mp_ast_dump(const mp_ast_t *node, int indent) {
    printf("%*s", indent * 2, "");
    if (node == NULL) {
        printf("-\n");
        return;
    }
    if (node->kind < AST_NUM_KINDS) {
        printf("%s", kind_names[node->kind]);
    } else {
        printf("?%d", node->kind);
    }
    if (node->line) {
        printf(" @%u", (unsigned)node->line);
    }
    if (node->op) {
        printf(" op=%d", node->op);
    }
    if (kind_has_qstr(node->kind)) {
        printf(" '%s'", node->q ? qstr_str(node->q) : "");
    } else if (node->kind == AST_SMALL_INT) {
        printf(" %ld", (long)node->i);
    } else if (node->kind == AST_CONST) {
        printf(" ");
        fflush(stdout); /* mp_obj_print writes through the runtime's stdout */
        mp_obj_print(node->obj, PRINT_REPR);
    }
    if (node->kind == AST_IMPORT_FROM) {
        printf(" level=%ld", (long)node->i2);
    } else if (node->kind == AST_ALIAS && node->i2) {
        printf(" as '%s'", qstr_str((qstr)node->i2));
    } else if (node->i2) {
        printf(" i2=%ld", (long)node->i2);
    }
    if (node->kind == AST_COMPARE && node->cmpops) {
        printf(" ops=");
        for (size_t i = 0; i + 1 < node->n; i++) {
            printf("%s%d", i ? "," : "", node->cmpops[i]);
        }
    }
    if (node->kind == AST_DICT && node->ilines) {
        printf(" keylines=");
        for (size_t i = 0; i < node->n / 2; i++) {
            printf("%s%u", i ? "," : "", (unsigned)node->ilines[i]);
        }
    }
    printf("\n");
    for (size_t i = 0; i < node->n; i++) {
        mp_ast_dump(node->kids[i], indent + 1);
    }
}
