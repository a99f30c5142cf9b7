/*
 * Scope bookkeeping for the compiler: identifier tables, closing over
 * variables of enclosing functions, and slot numbering
 * (compiler-behaviour.md sections 2 and 6, bytecode.md 8.10).
 */
#include <string.h>

#include "core/runtime.h"
#include "compile/scope.h"

scope_t *scope_new(scope_kind_t kind, mp_ast_t *pn, qstr simple_name) {
    scope_t *s = m_new0(scope_t, 1);
    s->kind = kind;
    s->pn = pn;
    s->simple_name = simple_name;
    s->raw_code = mp_raw_code_new();
    s->id_info_alloc = 8;
    s->id_info = m_new0(id_info_t, s->id_info_alloc);
    return s;
}

id_info_t *scope_find(scope_t *scope, qstr qst) {
    for (size_t i = 0; i < scope->id_info_len; i++) {
        if (scope->id_info[i].qst == qst) {
            return &scope->id_info[i];
        }
    }
    return NULL;
}

id_info_t *scope_add(scope_t *scope, qstr qst, id_kind_t kind) {
    if (scope->id_info_len == scope->id_info_alloc) {
        size_t new_alloc = scope->id_info_alloc * 2;
        scope->id_info = m_renew(id_info_t, scope->id_info, scope->id_info_alloc, new_alloc);
        scope->id_info_alloc = new_alloc;
    }
    id_info_t *id = &scope->id_info[scope->id_info_len++];
    id->kind = kind;
    id->flags = 0;
    id->local_num = 0;
    id->qst = qst;
    id->line = 0;
    id->vtype = 0;
    return id;
}

id_info_t *scope_find_or_add(scope_t *scope, qstr qst, id_kind_t kind, bool *added) {
    id_info_t *id = scope_find(scope, qst);
    if (id != NULL) {
        *added = false;
        return id;
    }
    *added = true;
    return scope_add(scope, qst, kind);
}

scope_t *scope_enclosing_module(scope_t *scope) {
    while (scope->parent != NULL) {
        scope = scope->parent;
    }
    return scope;
}

static bool id_is_binding(const id_info_t *id) {
    return id->kind == ID_KIND_LOCAL || id->kind == ID_KIND_CELL || id->kind == ID_KIND_FREE;
}

/* Make `qst` free in every scope strictly between `inner` and `owner`, so that
 * each of them can pass the cell down to the next. */
static void add_free_to_intermediates(scope_t *inner, scope_t *owner, qstr qst) {
    for (scope_t *q = inner->parent; q != owner; q = q->parent) {
        id_info_t *qid = scope_find(q, qst);
        if (qid == NULL) {
            qid = scope_add(q, qst, ID_KIND_FREE);
        } else if (qid->kind == ID_KIND_GLOBAL_IMPLICIT) {
            qid->kind = ID_KIND_FREE;
        }
    }
}

/* Look for a binding of id->qst in the enclosing functions; on success
 * the binding becomes a cell and id becomes free. */
static bool close_over_one(scope_t *scope, id_info_t *id) {
    for (scope_t *p = scope->parent; p != NULL && p->kind != SCOPE_MODULE; p = p->parent) {
        id_info_t *pid = scope_find(p, id->qst);
        if (pid == NULL || !id_is_binding(pid)) {
            continue;
        }
        if (pid->kind == ID_KIND_LOCAL) {
            pid->kind = ID_KIND_CELL;
        }
        id->kind = ID_KIND_FREE;
        add_free_to_intermediates(scope, p, id->qst);
        return true;
    }
    return false;
}

id_info_t *scope_close_over_in_parents(scope_t *scope) {
    if (scope->kind == SCOPE_MODULE) {
        return NULL;
    }
    for (size_t i = 0; i < scope->id_info_len; i++) {
        /* re-fetch: add_free_to_intermediates never touches this scope's table,
         * but be safe against reallocation all the same */
        id_info_t *id = &scope->id_info[i];
        if (id->kind == ID_KIND_GLOBAL_IMPLICIT) {
            /* names a class body binds itself stay its own */
            if (scope->kind == SCOPE_CLASS && (id->flags & ID_FLAG_IS_STORED)) {
                continue;
            }
            close_over_one(scope, id);
        } else if (id->kind == ID_KIND_FREE && (id->flags & ID_FLAG_IS_DECLARED_NONLOCAL)) {
            id->kind = ID_KIND_GLOBAL_IMPLICIT;
            if (!close_over_one(scope, &scope->id_info[i])) {
                return &scope->id_info[i];
            }
        }
    }
    return NULL;
}

/* Step 1 of 6.2: swap a named *args with the last ordinary parameter after it. */
static void reorder_star_param(scope_t *scope) {
    size_t star = (size_t)-1;
    for (size_t i = 0; i < scope->id_info_len; i++) {
        if (scope->id_info[i].flags & ID_FLAG_IS_STAR_PARAM) {
            star = i;
            break;
        }
    }
    if (star == (size_t)-1) {
        return;
    }
    size_t last = (size_t)-1;
    for (size_t i = star + 1; i < scope->id_info_len; i++) {
        uint8_t f = scope->id_info[i].flags;
        if ((f & ID_FLAG_IS_PARAM) && !(f & (ID_FLAG_IS_STAR_PARAM | ID_FLAG_IS_DBL_STAR_PARAM))) {
            last = i;
        }
    }
    if (last != (size_t)-1) {
        id_info_t tmp = scope->id_info[star];
        scope->id_info[star] = scope->id_info[last];
        scope->id_info[last] = tmp;
    }
}

void scope_compute_slots(scope_t *scope) {
    if (SCOPE_IS_FUNC_LIKE(scope->kind)) {
        reorder_star_param(scope);
    }
    uint16_t num = 0;
    /* 2. locals and parameters */
    for (size_t i = 0; i < scope->id_info_len; i++) {
        id_info_t *id = &scope->id_info[i];
        if (scope->kind == SCOPE_CLASS && id->qst == MP_QSTR___class__) {
            continue;
        }
        if (id->kind == ID_KIND_LOCAL || (id->flags & ID_FLAG_IS_PARAM)) {
            id->local_num = num++;
        }
    }
    /* 3. cells that are not parameters */
    for (size_t i = 0; i < scope->id_info_len; i++) {
        id_info_t *id = &scope->id_info[i];
        if (id->kind == ID_KIND_CELL && !(id->flags & ID_FLAG_IS_PARAM)) {
            id->local_num = num++;
        }
    }
    /* 4. free variables, in the order of the enclosing scope's table */
    uint16_t nfree = 0;
    if (scope->parent != NULL) {
        scope_t *p = scope->parent;
        for (size_t i = 0; i < p->id_info_len; i++) {
            id_info_t *pid = &p->id_info[i];
            if (pid->kind != ID_KIND_CELL && pid->kind != ID_KIND_FREE) {
                continue;
            }
            id_info_t *id = scope_find(scope, pid->qst);
            if (id != NULL && id->kind == ID_KIND_FREE) {
                id->local_num = nfree++;
            }
        }
    }
    if (nfree > 0) {
        for (size_t i = 0; i < scope->id_info_len; i++) {
            id_info_t *id = &scope->id_info[i];
            if (id->kind != ID_KIND_FREE && (id->kind == ID_KIND_LOCAL || id->kind == ID_KIND_CELL ||
                                             (id->flags & ID_FLAG_IS_PARAM))) {
                if (scope->kind == SCOPE_CLASS && id->qst == MP_QSTR___class__ &&
                    id->kind != ID_KIND_CELL) {
                    continue;
                }
                id->local_num += nfree;
            }
        }
        scope->num_pos_args += nfree;
        num += nfree;
    }
    scope->num_locals = num;
}
