/*
 * Corruption test for the .mpy loader: every .mpy file given on the command
 * line is loaded intact (must succeed), then damaged in many ways — every
 * truncation, bit flips, inserted and deleted bytes, and huge varints — and
 * each damaged copy is loaded in-process. A load may succeed or raise
 * ValueError (or MemoryError for absurd sizes); anything else, a crash, a
 * sanitizer report or a hang, is a failure. Prints `N passed, N failed`.
 *
 * Files with machine code (native_/viper_ vectors, *.x64.mpy) are included:
 * their records are checked and installed in executable memory, but the
 * harness never makes or calls a function (machine code cannot be verified,
 * so a damaged copy may be loaded, never run). The executable memory of
 * each load is released right after it.
 *
 *   corrupt_mpy [-n FLIPS] FILE.mpy ...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/runtime.h"
#include "persist/mpyload.h"
#include "core/nativecode.h"

static unsigned long long n_loads, n_ok, n_rejected, n_bad;
static uint32_t rng_state = 12345;

static uint32_t rng(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

/* 0: loaded, 1: rejected with ValueError/MemoryError, 2: other exception */
static int try_load(const byte *data, size_t len, const char *name) {
    n_loads++;
    size_t code_mark = mp_native_code_mark();
    nlr_buf_t nlr;
    int result;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t globals = mp_obj_new_dict(0);
        mp_mpy_load_mem(data, len, name, MP_OBJ_TO_PTR(globals));
        nlr_pop();
        result = 0;
        n_ok++;
    } else {
        mp_obj_t exc = nlr.ret_val;
        if (mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(exc)),
            MP_OBJ_FROM_PTR(&mp_type_ValueError)) ||
            mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(exc)),
            MP_OBJ_FROM_PTR(&mp_type_MemoryError))) {
            result = 1;
            n_rejected++;
        } else {
            result = 2;
            n_bad++;
            fprintf(stderr, "%s: unexpected exception: ", name);
            mp_obj_print_exception(&mp_stderr_print, exc);
        }
    }
    /* nothing of this load runs: give its machine code back */
    mp_native_code_release(code_mark);
    if ((n_loads & 255) == 0) {
        gc_collect();
    }
    return result;
}

static byte *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    byte *buf = malloc(n > 0 ? n : 1);
    if (fread(buf, 1, n, f) != (size_t)n) {
        n = 0;
    }
    fclose(f);
    *len = n;
    return buf;
}

static int corrupt_file(const char *path, int flips) {
    size_t len;
    byte *orig = read_file(path, &len);
    if (orig == NULL) {
        fprintf(stderr, "can't read %s\n", path);
        return 1;
    }
    int failures = 0;
    if (try_load(orig, len, path) != 0) {
        fprintf(stderr, "FAIL %s: the intact file does not load\n", path);
        failures++;
    }
    byte *buf = malloc(len + 16);
    /* every truncation */
    for (size_t n = 0; n < len; n++) {
        failures += try_load(orig, n, path) == 2;
    }
    /* random bit flips, one and several at a time */
    for (int i = 0; i < flips; i++) {
        memcpy(buf, orig, len);
        int k = 1 + (i % 4);
        for (int j = 0; j < k; j++) {
            size_t pos = rng() % len;
            buf[pos] ^= (byte)(1u << (rng() % 8));
        }
        failures += try_load(buf, len, path) == 2;
    }
    /* random byte values */
    for (int i = 0; i < flips / 2; i++) {
        memcpy(buf, orig, len);
        buf[rng() % len] = (byte)rng();
        failures += try_load(buf, len, path) == 2;
    }
    /* inserted and deleted bytes */
    for (int i = 0; i < flips / 4; i++) {
        size_t pos = rng() % len;
        memcpy(buf, orig, pos);
        buf[pos] = (byte)rng();
        memcpy(buf + pos + 1, orig + pos, len - pos);
        failures += try_load(buf, len + 1, path) == 2;
        memcpy(buf, orig, pos);
        memcpy(buf + pos, orig + pos + 1, len - pos - 1);
        failures += try_load(buf, len - 1, path) == 2;
    }
    /* huge varints: replace a byte by a run of continuation bytes */
    for (int i = 0; i < flips / 8; i++) {
        size_t pos = rng() % len;
        size_t run = 1 + rng() % 12;
        if (pos + run > len) {
            continue;
        }
        memcpy(buf, orig, len);
        memset(buf + pos, 0xff, run);
        failures += try_load(buf, len, path) == 2;
    }
    free(buf);
    free(orig);
    return failures;
}

int main(int argc, char **argv) {
    int stack_dummy;
    size_t heap_size = 16 * 1024 * 1024;
    char *heap = malloc(heap_size);
    gc_init(heap, heap + heap_size);
    mp_stack_set_top(&stack_dummy);
    mp_stack_set_limit(512 * 1024);
    mp_init();
    int flips = 400;
    int files = 0, failed_files = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
            flips = atoi(argv[++i]);
            continue;
        }
        files++;
        if (corrupt_file(argv[i], flips) != 0) {
            failed_files++;
            fprintf(stderr, "FAIL %s\n", argv[i]);
        }
    }
    printf("corrupt-mpy: %llu loads (%llu loaded, %llu rejected, %llu bad) over %d files\n",
        n_loads, n_ok, n_rejected, n_bad, files);
    printf("%d passed, %d failed\n", files - failed_files, failed_files);
    return failed_files ? 1 : 0;
}
