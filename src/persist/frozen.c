/*
 * The frozen-module registry (see frozen.h): a short list of tables that
 * the embedder's program keeps in read-only memory. Nothing here points
 * into the GC heap, so the registry needs no GC roots, and it holds only
 * C data, so it works in every build configuration.
 */
#include <string.h>
#include "persist/frozen.h"

typedef struct _frozen_table_t {
    const mica_frozen_module_t *entries;
    size_t n;
} frozen_table_t;

static frozen_table_t tables[MP_FROZEN_MAX_TABLES];
static size_t n_tables;

bool mp_frozen_register(const mica_frozen_module_t *table, size_t n) {
    for (size_t i = 0; i < n_tables; i++) {
        if (tables[i].entries == table) {
            tables[i].n = n; /* registering the same table again is harmless */
            return true;
        }
    }
    if (n_tables == MP_FROZEN_MAX_TABLES) {
        return false;
    }
    tables[n_tables].entries = table;
    tables[n_tables].n = n;
    n_tables++;
    return true;
}

void mp_frozen_reset(void) {
    n_tables = 0;
}

const mica_frozen_module_t *mp_frozen_find(const char *name, size_t len) {
    for (size_t t = 0; t < n_tables; t++) {
        for (size_t i = 0; i < tables[t].n; i++) {
            const mica_frozen_module_t *e = &tables[t].entries[i];
            if (e->name != NULL && e->mpy != NULL && strlen(e->name) == len
                && memcmp(e->name, name, len) == 0) {
                return e;
            }
        }
    }
    return NULL;
}

bool mp_frozen_is_path(const char *path) {
    return strncmp(path, MP_FROZEN_PATH, MP_FROZEN_PATH_LEN) == 0
           && (path[MP_FROZEN_PATH_LEN] == '\0' || path[MP_FROZEN_PATH_LEN] == '/');
}
