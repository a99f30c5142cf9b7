/*
 * Checks of frozen modules and in-place loading through include/mica.h
 * only, linked with the example's generated frozen.c (examples/frozen):
 * sys.path handling of the ".frozen" marker, __file__/__path__, search
 * order against directories, a damaged frozen module (verified at import:
 * ValueError, nothing left in sys.modules), registration errors, running
 * frozen bytes with mica_exec_mpy_rom, and that mica_free() forgets the
 * registrations. Each check is Python run with mica_exec_str that must
 * finish without an exception (assert), or a C-level expectation.
 * Prints `ok`/`FAIL` lines and `frozen-checks: N passed, N failed`.
 *
 *   frozen_checks SCRATCH_DIR     (a writable directory for .py files)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mica.h"

extern const mica_frozen_module_t mica_frozen_modules[];
extern const size_t mica_frozen_modules_count;

static int passed, failed;

static void result(int ok, const char *what, const char *detail) {
    if (ok) {
        passed++;
        printf("ok   %s\n", what);
    } else {
        failed++;
        printf("FAIL %s\n%s", what, detail ? detail : "");
    }
    fflush(stdout);
}

/* Python that must run without an exception */
static void check(mica_t *m, const char *what, const char *src) {
    int r = mica_exec_str(m, src, "<check>");
    result(r == MICA_OK, what, mica_last_error(m));
}

/* Python that must raise; the error text must contain `want` */
static void check_raises(mica_t *m, const char *what, const char *src, const char *want) {
    int r = mica_exec_str(m, src, "<check>");
    int ok = r == MICA_ERROR && strstr(mica_last_error(m), want) != NULL;
    result(ok, what, mica_last_error(m));
}

static const mica_frozen_module_t *find(const char *name) {
    for (size_t i = 0; i < mica_frozen_modules_count; i++) {
        if (strcmp(mica_frozen_modules[i].name, name) == 0) {
            return &mica_frozen_modules[i];
        }
    }
    return NULL;
}

static mica_t *fresh(void) {
    mica_t *m = mica_new(512 * 1024);
    if (m == NULL) {
        fprintf(stderr, "frozen_checks: cannot create the runtime\n");
        exit(2);
    }
    return m;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: frozen_checks SCRATCH_DIR\n");
        return 2;
    }
    const char *scratch = argv[1];
    const mica_frozen_module_t *greet = find("greet");
    if (greet == NULL) {
        fprintf(stderr, "frozen_checks: the frozen table has no greet module\n");
        return 2;
    }

    /* ---- registration and sys.path ---- */
    mica_t *m = fresh();
    check_raises(m, "before registration frozen modules are not found", "import greet",
        "ImportError: no module named 'greet'");
    result(mica_register_frozen(m, mica_frozen_modules, mica_frozen_modules_count) == MICA_OK,
        "register the table", mica_last_error(m));
    check(m, "'.frozen' is inserted after the first sys.path entry",
        "import sys\nassert sys.path == ['', '.frozen'], sys.path");
    result(mica_register_frozen(m, mica_frozen_modules, mica_frozen_modules_count) == MICA_OK,
        "registering the same table again", mica_last_error(m));
    check(m, "... adds no second marker", "import sys\nassert sys.path == ['', '.frozen'], sys.path");
    result(mica_register_frozen(m, NULL, 3) == MICA_ERROR, "a NULL table is refused", NULL);
    check(m, "__file__ of a frozen module",
        "import greet\nassert greet.__file__ == '.frozen/greet.py', greet.__file__\n"
        "assert greet.hello('x') == 'hello from x'");
    check(m, "__file__ and __path__ of frozen packages, relative imports inside them",
        "import shapes.util\n"
        "assert shapes.__file__ == '.frozen/shapes/__init__.py', shapes.__file__\n"
        "assert shapes.__path__ == '.frozen/shapes', shapes.__path__\n"
        "assert shapes.util.__file__ == '.frozen/shapes/util/__init__.py'\n"
        "assert shapes.util.total_area([shapes.Square(3)]) == 9\n"
        "from shapes import circle\nassert circle.__name__ == 'shapes.circle'");
    check(m, "constants of an in-place module behave as ordinary objects",
        "import greet\nb = greet.TABLE\nassert b[:4] == bytes(range(4)) and len(b) == 29\n"
        "assert hash(greet.BANNER) == hash(greet.BANNER[:])\n"
        "assert greet.BANNER.startswith('Mica runs') and greet.BANNER.endswith('-' * 8)\n"
        "assert bytearray(b)[0] == 0 and memoryview(b)[1] == 1\n"
        "assert {greet.BANNER: 1}['Mica runs this module from read-only memory: --------'] == 1");
    check(m, "a frozen native (x64) module",
        "import native_loops\nassert native_loops.sum_to(4) == 6");
    check_raises(m, "a missing submodule of a frozen package", "import shapes.nothing",
        "ImportError: no module named 'shapes.nothing'");
    check_raises(m, "without '.frozen' in sys.path frozen modules are hidden",
        "import sys\nsys.path.remove('.frozen')\nimport shapes.square as x\nimport app",
        "ImportError: no module named 'app'");
    mica_free(m);

    /* ---- search order against a directory ---- */
    char path[4096];
    snprintf(path, sizeof(path), "%s/greet.py", scratch);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, "frozen_checks: cannot write %s\n", path);
        return 2;
    }
    fputs("WHERE = 'disk'\n", f);
    fclose(f);
    m = fresh();
    mica_sys_path_clear(m);
    mica_sys_path_append(m, scratch);
    mica_register_frozen(m, mica_frozen_modules, mica_frozen_modules_count);
    check(m, "a directory before '.frozen' wins",
        "import sys, greet\nassert sys.path[1] == '.frozen'\nassert greet.WHERE == 'disk'");
    mica_free(m);
    m = fresh();
    mica_sys_path_clear(m);
    mica_sys_path_append(m, ".frozen");
    mica_sys_path_append(m, scratch);
    mica_register_frozen(m, mica_frozen_modules, mica_frozen_modules_count);
    check(m, "'.frozen' before a directory wins (and is not inserted twice)",
        "import sys, greet\nassert sys.path[0] == '.frozen' and len(sys.path) == 2, sys.path\n"
        "assert not hasattr(greet, 'WHERE') and greet.__file__ == '.frozen/greet.py'");
    mica_free(m);
    remove(path);

    /* a real directory called .frozen is not searched */
    snprintf(path, sizeof(path), "%s/.frozen", scratch);
    mkdir(path, 0700);
    snprintf(path, sizeof(path), "%s/.frozen/ghost.py", scratch);
    f = fopen(path, "w");
    if (f == NULL || chdir(scratch) != 0) {
        fprintf(stderr, "frozen_checks: cannot write %s\n", path);
        return 2;
    }
    fputs("print('ghost')\n", f);
    fclose(f);
    m = fresh();
    mica_sys_path_clear(m);
    mica_register_frozen(m, mica_frozen_modules, mica_frozen_modules_count);
    check_raises(m, "'.frozen' in sys.path never means a directory",
        "import sys\nassert sys.path == ['.frozen'], sys.path\nimport ghost",
        "ImportError: no module named 'ghost'");
    mica_free(m);
    remove(path);
    snprintf(path, sizeof(path), "%s/.frozen", scratch);
    rmdir(path);

    /* ---- damaged frozen data is refused at import ---- */
    static mica_frozen_module_t broken[3];
    broken[0] = (mica_frozen_module_t){"truncated", greet->mpy, greet->len / 2, 0};
    static unsigned char bad_opcode[4096];
    if (greet->len > sizeof(bad_opcode)) {
        return 2;
    }
    memcpy(bad_opcode, greet->mpy, greet->len);
    bad_opcode[greet->len - 3] = 0xff; /* in the last function's bytecode */
    broken[1] = (mica_frozen_module_t){"flipped", bad_opcode, greet->len, 0};
    broken[2] = (mica_frozen_module_t){"notmpy", (const unsigned char *)"hello", 5, 0};
    m = fresh();
    mica_register_frozen(m, mica_frozen_modules, mica_frozen_modules_count);
    mica_register_frozen(m, broken, 3);
    check_raises(m, "a truncated frozen module raises ValueError", "import truncated",
        "ValueError");
    check(m, "... and is not left in sys.modules",
        "import sys\nassert 'truncated' not in sys.modules\n"
        "try:\n    import truncated\nexcept ValueError:\n    pass\nelse:\n    assert False");
    check_raises(m, "a frozen module with a damaged function raises ValueError",
        "import flipped", "ValueError");
    check_raises(m, "frozen bytes that are not a .mpy raise ValueError", "import notmpy",
        "ValueError: ");
    check(m, "the good modules still import", "import greet\nassert greet.hello('y')");
    static mica_frozen_module_t many[17];
    int refused = 0;
    for (int i = 0; i < 17 && !refused; i++) {
        refused = mica_register_frozen(m, &many[i], 0) == MICA_ERROR;
    }
    result(refused, "the registry holds at most 16 tables", NULL);
    mica_free(m);

    /* ---- running frozen bytes in place, and mica_free() forgetting ---- */
    m = fresh();
    int r = mica_exec_mpy_rom(m, greet->mpy, greet->len, "greet_rom");
    result(r == MICA_OK, "mica_exec_mpy_rom runs a module in place", mica_last_error(m));
    check(m, "... and registers it in sys.modules",
        "import greet_rom\nassert list(greet_rom.countdown(2)) == [2, 1]");
    r = mica_exec_mpy_rom(m, greet->mpy, greet->len / 3, "half");
    result(r == MICA_ERROR && strstr(mica_last_error(m), "ValueError") != NULL,
        "mica_exec_mpy_rom verifies: a truncated module is refused", mica_last_error(m));
    check_raises(m, "a new runtime starts with no frozen modules", "import greet",
        "ImportError");
    mica_free(m);

    printf("frozen-checks: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
