/*
 * A minimal program embedding Mica through include/mica.h only.
 *
 * Build (after `make`):
 *   cc -std=c11 -Iinclude examples/embed.c build/libmica.a -lm -o build/embed
 * Run:
 *   build/embed
 */
#include <stdio.h>

#include "mica.h"

/* Run one piece of source and say what happened. */
static void run(mica_t *m, const char *src) {
    int r = mica_exec_str(m, src, "<embed>");
    if (r == MICA_ERROR) {
        fprintf(stderr, "embed: the code raised:\n%s", mica_last_error(m));
    } else if (r == MICA_EXIT) {
        printf("embed: the code called sys.exit(%d)\n", mica_exit_code(m));
    }
}

int main(void) {
    mica_t *m = mica_new(256 * 1024); /* a 256 KiB Python heap */
    if (m == NULL) {
        fprintf(stderr, "embed: cannot create the runtime\n");
        return 1;
    }
    const char *argv[] = {"embed", "hello"};
    mica_set_argv(m, 2, argv);

    /* state persists between calls: they all run in __main__ */
    run(m, "import sys\n"
           "def greet(who):\n"
           "    return 'hello, ' + who\n");
    run(m, "print(greet(sys.argv[1]), sum(range(10)))");
    run(m, "1 / 0");                 /* the traceback comes back as text */
    run(m, "raise SystemExit(3)");   /* so does a request to exit */
    if (mica_import(m, "no_such_module") != MICA_OK) {
        fprintf(stderr, "embed: import failed as expected:\n%s", mica_last_error(m));
    }
    mica_free(m);
    return 0;
}
