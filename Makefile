# Mica build. All outputs go under build/ (or $(BUILD)).
#
#   make                 build/mica, build/mica-cross, build/mica-mpy
#   make test            every test (see tests/README.md)
#   make bench           benchmark table against python3 (and micropython)
#   make VARIANT=asan    ASan+UBSan build in build-asan/
#   make objs            compile every object file without linking

VARIANT ?= release
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

CC ?= cc
CFLAGS = -std=c11 -Wall -Wextra -Werror -Wno-unused-parameter $(OPT) -g \
	-D_DEFAULT_SOURCE -Isrc -I$(BUILD) -Iinclude $(CFLAGS_EXTRA)
LDFLAGS = $(LDFLAGS_EXTRA) -lm

# Subsystems. Each folder is one subsystem; see docs/architecture.md.
CORE_SRC    := $(wildcard src/core/*.c) $(wildcard src/core/*.S)
TYPES_SRC   := $(wildcard src/types/*.c)
VM_SRC      := $(wildcard src/vm/*.c)
COMPILE_SRC := $(wildcard src/compile/*.c)
PERSIST_SRC := $(wildcard src/persist/*.c)
MODULES_SRC := $(wildcard src/modules/*.c)
RUNTIME_SRC := $(CORE_SRC) $(TYPES_SRC) $(VM_SRC) $(MODULES_SRC)
ALL_LIB_SRC := $(RUNTIME_SRC) $(COMPILE_SRC) $(PERSIST_SRC)
CLI_SRC     := $(wildcard src/cli/*.c)

obj = $(patsubst src/%,$(BUILD)/obj/%.o,$(1))
LIB_OBJ := $(call obj,$(ALL_LIB_SRC))

QSTR_HDR := $(BUILD)/genhdr/qstrdefs.h

.PHONY: all objs test bench clean
all: $(BUILD)/mica

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

test: all
	tests/run-all

bench: all
	python3 bench/run.py --mica $(BUILD)/mica

clean:
	rm -rf build build-asan build-debug

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
