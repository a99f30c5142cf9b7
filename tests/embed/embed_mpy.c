/*
 * Embedding test for .mpy loading through include/mica.h only: runs the .mpy
 * file given on the command line from a memory buffer, then again through
 * the reader callbacks, then a truncated copy, which must fail with a
 * ValueError (never crash). Output: the module's output twice, then one line
 * per check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica.h"

typedef struct {
    const unsigned char *p, *end;
    int closed;
} buf_reader_t;

static int read_byte(void *data) {
    buf_reader_t *r = data;
    return r->p < r->end ? *r->p++ : -1;
}

static void close_reader(void *data) {
    ((buf_reader_t *)data)->closed++;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: embed_mpy FILE.mpy\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        return 2;
    }
    static unsigned char buf[1 << 20];
    size_t len = fread(buf, 1, sizeof(buf), f);
    fclose(f);

    mica_t *m = mica_new(512 * 1024);
    int failures = 0;
    if (mica_exec_mpy(m, buf, len, NULL) != MICA_OK) {
        fprintf(stderr, "from memory: %s", mica_last_error(m));
        failures++;
    }
    buf_reader_t r = {buf, buf + len, 0};
    mica_reader_t reader = {&r, read_byte, close_reader};
    if (mica_exec_mpy_reader(m, &reader, "again") != MICA_OK || r.closed != 1) {
        fprintf(stderr, "from a reader: %s", mica_last_error(m));
        failures++;
    }
    int rc = mica_exec_mpy(m, buf, len / 2, "truncated");
    if (rc != MICA_ERROR || strstr(mica_last_error(m), "ValueError") == NULL) {
        fprintf(stderr, "truncated file: expected ValueError, got %d: %s", rc,
            mica_last_error(m));
        failures++;
    }
    mica_free(m);
    printf("embed_mpy: %d failures\n", failures);
    return failures != 0;
}
