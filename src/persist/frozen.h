/*
 * Frozen modules: .mpy files compiled into the program as const arrays
 * (written by `mica-mpy freeze`, registered with mica_register_frozen()).
 * The registry here only maps names to bytes; core/import.c finds a frozen
 * module where the marker ".frozen" stands in sys.path and
 * mp_import_frozen_mpy (persist/import_mpy.c) loads it in place.
 */
#ifndef MICA_PERSIST_FROZEN_H
#define MICA_PERSIST_FROZEN_H

#include "mica.h"
#include "core/runtime.h"

/* The sys.path entry that stands for the frozen modules, and the prefix of
 * their __file__ and __path__ (".frozen/pkg/__init__.py"). */
#define MP_FROZEN_PATH ".frozen"
#define MP_FROZEN_PATH_LEN (sizeof(MP_FROZEN_PATH) - 1)

/* At most this many tables may be registered at once. */
#define MP_FROZEN_MAX_TABLES (16)

/* Adds a table (kept by reference, never copied). false if the registry is
 * full. Tables are searched in registration order. */
bool mp_frozen_register(const mica_frozen_module_t *table, size_t n);
/* Forgets every table (the runtime is being freed). */
void mp_frozen_reset(void);
/* The entry for a dotted module name, or NULL. */
const mica_frozen_module_t *mp_frozen_find(const char *name, size_t len);
/* Is `path` the frozen marker itself or a path below it? */
bool mp_frozen_is_path(const char *path);

/* Loads a frozen module's bytes in place (verified like any .mpy) and runs
 * its body in `module`'s globals. false if this build has no loader. */
bool mp_import_frozen_mpy(const mica_frozen_module_t *entry, mp_obj_t module);

#endif
