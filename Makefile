# Mica build. All outputs go under build/ (or $(BUILD)).
#
#   make                 build/mica, build/mica-cross, build/mica-mpy
#   make test            every test (see tests/README.md)
#   make bench           benchmark table against python3 (and micropython)
#   make VARIANT=asan    ASan+UBSan build in build-asan/
#   make objs            compile every object file without linking

# CONFIG selects which parts of the persistent-code system are built in
# (src/core/config.h): full (compiler + .mpy load + save: build/mica),
# loadonly (a runtime that only loads .mpy, no compiler linked in:
# build-loadonly/mica) and cross (compiler + writer, no loader:
# build-cross/mica-cross).
CONFIG ?= full
VARIANT ?= release

# ARCH=arm: 32-bit ARM Linux (Thumb-2, hard float) cross build into
# build-arm/, run under qemu-arm by tests/run-arm (nlr: src/core/nlr_thumb.S).
# 64-bit file offsets and time_t, as a 32-bit program needs on a 64-bit
# kernel and filesystem (readdir fails with EOVERFLOW otherwise) and after 2038.
ifeq ($(ARCH),arm)
CC = arm-linux-gnueabihf-gcc
BUILD ?= build-arm
ARCH_CFLAGS = -mthumb -march=armv7-a+fp -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64
endif
ifeq ($(VARIANT),release)
BUILD ?= build
OPT ?= -O2
else ifeq ($(VARIANT),asan)
BUILD ?= build-asan
OPT ?= -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS_EXTRA = -fsanitize=address,undefined
else ifeq ($(VARIANT),debug)
BUILD ?= build-debug
OPT ?= -O0 -g
endif

ifeq ($(CONFIG),loadonly)
BUILD := build-loadonly
CONFIG_CFLAGS = -DMICA_ENABLE_COMPILER=0 -DMICA_PERSIST_SAVE=0
else ifeq ($(CONFIG),cross)
BUILD := build-cross
CONFIG_CFLAGS = -DMICA_PERSIST_LOAD=0
endif
ifeq ($(ARCH),arm)
ifneq ($(CONFIG),full)
BUILD := build-arm-$(CONFIG)
endif
endif

CC ?= cc
CFLAGS = -std=c11 -Wall -Wextra -Werror -Wno-unused-parameter $(OPT) -g \
	-D_DEFAULT_SOURCE -Isrc -I$(BUILD) -Iinclude $(ARCH_CFLAGS) $(CONFIG_CFLAGS) $(CFLAGS_EXTRA)
LDFLAGS = $(LDFLAGS_EXTRA) -lm

# Subsystems. Each folder is one subsystem; see docs/architecture.md.
CORE_SRC    := $(wildcard src/core/*.c) $(wildcard src/core/*.S)
TYPES_SRC   := $(wildcard src/types/*.c)
VM_SRC      := $(wildcard src/vm/*.c)
COMPILE_SRC := $(wildcard src/compile/*.c) $(wildcard src/native/*.c)
# the natmod linker (`mica-mpy link`, src/natmod): full config only
NATMOD_SRC  := $(wildcard src/natmod/*.c)
PERSIST_SRC := $(wildcard src/persist/*.c)
ifeq ($(CONFIG),loadonly)
COMPILE_SRC :=
NATMOD_SRC  :=
PERSIST_SRC := $(filter-out src/persist/mpysave.c,$(PERSIST_SRC))
else ifeq ($(CONFIG),cross)
PERSIST_SRC := $(filter-out src/persist/mpyload.c src/persist/verify.c,$(PERSIST_SRC))
NATMOD_SRC  :=
endif
MODULES_SRC := $(wildcard src/modules/*.c)
RUNTIME_SRC := $(CORE_SRC) $(TYPES_SRC) $(VM_SRC) $(MODULES_SRC)
ALL_LIB_SRC := $(RUNTIME_SRC) $(COMPILE_SRC) $(NATMOD_SRC) $(PERSIST_SRC)
CLI_SRC     := $(wildcard src/cli/*.c)

obj = $(patsubst src/%,$(BUILD)/obj/%.o,$(1))
LIB_OBJ := $(call obj,$(ALL_LIB_SRC))

QSTR_HDR := $(BUILD)/genhdr/qstrdefs.h

.PHONY: corrupt all objs test bench clean unit fuzz-build fuzz-short
ifeq ($(CONFIG),loadonly)
all: $(BUILD)/mica $(BUILD)/mica-mpy
else ifeq ($(CONFIG),cross)
all: $(BUILD)/mica-cross
else
all: $(BUILD)/mica $(BUILD)/mica-cross $(BUILD)/mica-mpy $(BUILD)/embed $(BUILD)/embed_mpy
endif

objs: $(LIB_OBJ) $(call obj,$(CLI_SRC))

# qstrs: regenerated whenever any source changes (the script is fast)
$(QSTR_HDR): tools/gen_qstrs.py src/core/static-qstrs.txt $(ALL_LIB_SRC) $(CLI_SRC) $(wildcard src/*/*.h)
	@mkdir -p $(BUILD)/genhdr
	python3 tools/gen_qstrs.py src/core/static-qstrs.txt $(BUILD)/genhdr $(filter %.c %.h,$^)

$(BUILD)/obj/%.c.o: src/%.c $(QSTR_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/%.S.o: src/%.S
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libmica.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/mica: $(call obj,src/cli/main.c) $(BUILD)/libmica.a
	$(CC) -o $@ $^ $(LDFLAGS)

$(BUILD)/mica-cross: $(call obj,src/cli/cross.c) $(BUILD)/libmica.a
	$(CC) -o $@ $^ $(LDFLAGS)

$(BUILD)/mica-mpy: $(call obj,src/cli/mpytool.c) $(BUILD)/libmica.a
	$(CC) -o $@ $^ $(LDFLAGS)

$(BUILD)/embed_mpy: tests/embed/embed_mpy.c include/mica.h $(BUILD)/libmica.a
	$(CC) -std=c11 -Wall -Wextra -Werror -Iinclude $(ARCH_CFLAGS) $(OPT) -o $@ tests/embed/embed_mpy.c $(BUILD)/libmica.a $(LDFLAGS)

# the embedding example uses only include/mica.h
$(BUILD)/embed: examples/embed.c include/mica.h $(BUILD)/libmica.a
	$(CC) -std=c11 -Wall -Wextra -Werror -Iinclude $(ARCH_CFLAGS) $(OPT) -o $@ examples/embed.c $(BUILD)/libmica.a $(LDFLAGS)

# Frozen modules (examples/frozen, tests/frozen): the example's Python
# modules compiled with mica-cross, frozen with a native x64 module from the
# vectors by `mica-mpy freeze` into a generated C file, linked with libmica;
# and the in-place vs copied loading test of every reference .mpy.
FROZEN_DIR    := $(BUILD)/frozen
FROZEN_PY     := app.py greet.py shapes/__init__.py shapes/circle.py shapes/square.py \
	shapes/util/__init__.py
FROZEN_NATIVE := ../shared/vectors/ref/native_loops.mpy
FROZEN_CROSS  ?= $(BUILD)/mica-cross
.PHONY: frozen
frozen: $(BUILD)/frozen_demo $(BUILD)/frozen_checks $(BUILD)/inplace_vectors

$(FROZEN_DIR)/%.mpy: examples/frozen/py/%.py $(FROZEN_CROSS)
	@mkdir -p $(dir $@)
	$(FROZEN_CROSS) -o $@ -s $*.py $<

$(FROZEN_DIR)/frozen.c: $(addprefix $(FROZEN_DIR)/,$(FROZEN_PY:.py=.mpy)) $(FROZEN_NATIVE) $(BUILD)/mica-mpy
	cd $(FROZEN_DIR) && $(abspath $(BUILD)/mica-mpy) freeze -o frozen.c $(FROZEN_PY:.py=.mpy) \
		native_loops=$(abspath $(FROZEN_NATIVE))

$(BUILD)/frozen_demo: examples/frozen/main.c $(FROZEN_DIR)/frozen.c include/mica.h $(BUILD)/libmica.a
	$(CC) -std=c11 -Wall -Wextra -Werror -Iinclude $(ARCH_CFLAGS) $(OPT) -o $@ examples/frozen/main.c \
		$(FROZEN_DIR)/frozen.c $(BUILD)/libmica.a $(LDFLAGS)

$(BUILD)/frozen_checks: tests/frozen/frozen_checks.c $(FROZEN_DIR)/frozen.c include/mica.h $(BUILD)/libmica.a
	$(CC) -std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -Iinclude $(ARCH_CFLAGS) $(OPT) -o $@ \
		tests/frozen/frozen_checks.c $(FROZEN_DIR)/frozen.c $(BUILD)/libmica.a $(LDFLAGS)

$(BUILD)/inplace_vectors: tests/frozen/inplace_vectors.c $(BUILD)/libmica.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS)

# .mpy loader corruption test (tests/corrupt): truncations, bit flips,
# inserted bytes and huge varints of every reference vector, including the
# machine-code ones, and of tests/native's relocation files (loaded only,
# never run)
$(BUILD)/corrupt_mpy: tests/corrupt/corrupt_mpy.c $(BUILD)/libmica.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS)

corrupt: $(BUILD)/corrupt_mpy
	$(BUILD)/corrupt_mpy $(CORRUPT_FLAGS) $(wildcard ../shared/vectors/ref/*.mpy) \
		$(wildcard tests/native/*.mpy)

# C natmods (natmod/, examples/natmod, tests/natmod): build, link with
# `mica-mpy link`, verify, import, damaged ELF inputs, damaged .mpy loads
.PHONY: natmod
natmod: all $(BUILD)/corrupt_mpy
	python3 tests/natmod/run.py --build $(BUILD)

test: all
	tests/run-all

# C unit tests of the core (tests/unit): each test_*.c links the core
# objects it exercises plus tests/unit/stubs.c (never part of the real build)
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRC))
UNIT_CORE := $(call obj,src/core/gc.c src/core/qstr.c src/core/map.c src/core/nlr.c \
	src/core/nlr_x64.S src/core/nlr_thumb.S src/core/print.c src/core/vstr.c)
UNIT_DEPS := tests/unit/stubs.c tests/unit/stubs.h tests/unit/unit.h

# extra sources a test needs besides the core: UNIT_EXTRA_<name> (test_<name>.c)
UNIT_EXTRA_mpz := src/types/mpz.c
UNIT_EXTRA_parser := src/compile/lexer.c src/compile/parser.c src/compile/ast.c src/compile/qstrpool.c

.SECONDEXPANSION:
$(BUILD)/unit/test_%: tests/unit/test_%.c $(UNIT_DEPS) $(UNIT_CORE) $$(call obj,$$(UNIT_EXTRA_$$*))
	@mkdir -p $(dir $@)
	@rm -f $@
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< tests/unit/stubs.c $(UNIT_CORE) \
		$(call obj,$(UNIT_EXTRA_$*)) $(LDFLAGS)

# the same nlr test against the setjmp fallback used on other hosts
$(BUILD)/unit/nlr_setjmp: tests/unit/test_nlr.c $(UNIT_DEPS) $(UNIT_CORE) src/core/nlr.c
	@mkdir -p $(dir $@)
	@rm -f $@
	$(CC) $(CFLAGS) -DMICA_NLR_SETJMP -Itests/unit -o $@ $< tests/unit/stubs.c src/core/nlr.c \
		$(filter-out %/nlr.c.o %/nlr_x64.S.o %/nlr_thumb.S.o,$(UNIT_CORE)) $(LDFLAGS)

# A test that does not build counts as a failure; the others still run.
unit: $(UNIT_CORE)
	@$(MAKE) --no-print-directory -k $(UNIT_BIN) $(BUILD)/unit/nlr_setjmp || true
	@tests/unit/run.sh $(UNIT_BIN) $(BUILD)/unit/nlr_setjmp

bench: all
	python3 bench/run.py --mica $(BUILD)/mica

# Compiler fuzz target (clang + libFuzzer). fuzz-short is the CI run.
FUZZ_BUILD = build-fuzz
FUZZ_CFLAGS = -std=c11 -Wall -Wextra -Werror -Wno-unused-parameter -Wno-unused-function -O1 -g -D_DEFAULT_SOURCE \
	-Isrc -I$(FUZZ_BUILD) -Iinclude -fsanitize=fuzzer-no-link,address,undefined
fuzz-build: $(FUZZ_BUILD)/fuzz_compile $(FUZZ_BUILD)/fuzz_load

$(FUZZ_BUILD)/fuzz_load: tests/fuzz/fuzz_load.c $(ALL_LIB_SRC) $(FUZZ_BUILD)/genhdr/qstrdefs.h
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ tests/fuzz/fuzz_load.c $(ALL_LIB_SRC) -lm

$(FUZZ_BUILD)/genhdr/qstrdefs.h: $(QSTR_HDR)
	@mkdir -p $(FUZZ_BUILD)/genhdr
	cp $(BUILD)/genhdr/*.h $(FUZZ_BUILD)/genhdr/

$(FUZZ_BUILD)/fuzz_compile: tests/fuzz/fuzz_compile.c $(ALL_LIB_SRC) $(FUZZ_BUILD)/genhdr/qstrdefs.h
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ tests/fuzz/fuzz_compile.c $(ALL_LIB_SRC) -lm

FUZZ_SECONDS ?= 60
fuzz-short: $(FUZZ_BUILD)/fuzz_compile
	@mkdir -p $(FUZZ_BUILD)/corpus
	cp -n ../shared/vectors/src/*.py tests/py/*.py $(FUZZ_BUILD)/corpus/ 2>/dev/null || true
	$(FUZZ_BUILD)/fuzz_compile -max_total_time=$(FUZZ_SECONDS) -timeout=60 -rss_limit_mb=2048 \
		-max_len=4096 -artifact_prefix=$(CURDIR)/$(FUZZ_BUILD)/ $(CURDIR)/$(FUZZ_BUILD)/corpus \
		> $(FUZZ_BUILD)/fuzz_compile.log 2>&1; st=$$?; tail -n 4 $(FUZZ_BUILD)/fuzz_compile.log; exit $$st
	@mkdir -p $(FUZZ_BUILD)/corpus-mpy
	cp -n $(wildcard ../shared/vectors/ref/*.mpy) $(FUZZ_BUILD)/corpus-mpy/ 2>/dev/null || true
	$(FUZZ_BUILD)/fuzz_load -max_total_time=$(FUZZ_SECONDS) -timeout=60 -rss_limit_mb=2048 \
		-max_len=8192 -artifact_prefix=$(CURDIR)/$(FUZZ_BUILD)/ $(CURDIR)/$(FUZZ_BUILD)/corpus-mpy \
		> $(FUZZ_BUILD)/fuzz_load.log 2>&1; st=$$?; tail -n 4 $(FUZZ_BUILD)/fuzz_load.log; exit $$st

clean:
	rm -rf build build-asan build-debug build-fuzz

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
