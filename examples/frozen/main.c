/*
 * Frozen modules: a program that carries its Python code inside itself.
 *
 * frozen.c is written at build time by
 *     mica-mpy freeze -o frozen.c app.mpy greet.mpy shapes/__init__.mpy ...
 * from .mpy files compiled with mica-cross (and a native x64 module); this
 * program registers its table and imports the application module, which
 * finds everything else frozen too. Only include/mica.h is used.
 *
 * Usage: frozen_demo [MODULE]   (default: app)
 */
#include <stdio.h>

#include "mica.h"

/* written by mica-mpy freeze */
extern const mica_frozen_module_t mica_frozen_modules[];
extern const size_t mica_frozen_modules_count;

int main(int argc, char **argv) {
    const char *module = argc > 1 ? argv[1] : "app";
    mica_t *m = mica_new(256 * 1024); /* a small Python heap: the code stays in flash */
    if (m == NULL) {
        fprintf(stderr, "frozen_demo: cannot create the runtime\n");
        return 1;
    }
    if (mica_register_frozen(m, mica_frozen_modules, mica_frozen_modules_count) != MICA_OK) {
        fprintf(stderr, "frozen_demo: %s", mica_last_error(m));
        mica_free(m);
        return 1;
    }
    int status = mica_import(m, module);
    if (status != MICA_OK) {
        fflush(stdout);
        fputs(mica_last_error(m), stderr);
    }
    mica_free(m);
    return status == MICA_OK ? 0 : 1;
}
