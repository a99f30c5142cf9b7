/*
 * A small, bounds-checked reader of ELF64 relocatable objects (the input of
 * the natmod linker, ../shared/spec/natmod.md 2.3). Every offset, size and
 * index read from the file is checked before use; a malformed file raises
 * ValueError("<file>: <what>"), never reads outside the buffer.
 */
#ifndef MICA_NATMOD_ELF_H
#define MICA_NATMOD_ELF_H

#include <stdint.h>
#include "core/runtime.h"

/* the ELF constants the linker needs */
#define ELF_ET_REL (1)
#define ELF_EM_386 (3)
#define ELF_EM_ARM (40)
#define ELF_EM_X86_64 (62)
#define ELF_EM_XTENSA (94)

#define ELF_SHT_PROGBITS (1)
#define ELF_SHT_SYMTAB (2)
#define ELF_SHT_STRTAB (3)
#define ELF_SHT_RELA (4)
#define ELF_SHT_NOBITS (8)
#define ELF_SHT_REL (9)

#define ELF_SHN_UNDEF (0)
#define ELF_SHN_LORESERVE (0xff00)
#define ELF_SHN_ABS (0xfff1)
#define ELF_SHN_COMMON (0xfff2)

#define ELF_STB_LOCAL (0)
#define ELF_STB_GLOBAL (1)
#define ELF_STB_WEAK (2)
#define ELF_STT_SECTION (3)

typedef struct _elf_section_t {
    const char *name;
    uint32_t type;
    uint64_t flags;
    uint64_t offset;
    uint64_t size;
    uint64_t align; /* 1 when the file says 0 */
    uint32_t link;
    uint32_t info;
    const byte *data; /* file bytes (NULL for NOBITS) */
} elf_section_t;

typedef struct _elf_symbol_t {
    const char *name; /* "" when unnamed */
    uint64_t value;
    uint64_t size;
    uint8_t bind;
    uint8_t type;
    uint16_t shndx;
} elf_symbol_t;

typedef struct _elf_rela_t {
    uint64_t offset;
    uint32_t type;
    uint32_t sym;
    int64_t addend;
} elf_rela_t;

typedef struct _elf_object_t {
    const char *path;
    const byte *data;
    size_t len;
    uint16_t machine;
    size_t n_sections;
    elf_section_t *sections;
    size_t n_symbols;
    elf_symbol_t *symbols;
} elf_object_t;

/* Parses the header, section table and symbol table (raises on bad input). */
void elf_load(elf_object_t *obj, const byte *data, size_t len, const char *path);

/* The entries of RELA section `sec` (checked: symbol indices in range). */
elf_rela_t *elf_read_relas(const elf_object_t *obj, size_t sec, size_t *n_out);

/* raises ValueError("<path>: <message>") */
_Noreturn void elf_error(const char *path, const char *fmt, ...);

#endif
