/*
 * ELF64 little-endian relocatable-object reader for the natmod linker (see
 * elf.h). Fields are read byte by byte (no casts of file memory to structs),
 * so alignment and host endianness never matter, and each read goes through
 * a range check against the whole file.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "natmod/elf.h"

#define EHDR_SIZE (64)
#define SHDR_SIZE (64)
#define SYM_SIZE (24)
#define RELA_SIZE (24)

_Noreturn void elf_error(const char *path, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    mp_raise_msg_varg(&mp_type_ValueError, "%s: %s", path, msg);
}

/* true when [off, off + n) lies inside a buffer of `len` bytes */
static bool in_range(uint64_t off, uint64_t n, size_t len) {
    return off <= len && n <= len - off;
}

static uint64_t get_le(const byte *p, int n) {
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

/* A NUL-terminated name at `off` inside string-table section `strtab`. */
static const char *get_name(const elf_object_t *obj, const elf_section_t *strtab, uint64_t off,
    const char *what) {
    if (strtab == NULL || strtab->type != ELF_SHT_STRTAB || off >= strtab->size) {
        elf_error(obj->path, "%s name offset %llu outside its string table", what,
            (unsigned long long)off);
    }
    const char *s = (const char *)strtab->data + off;
    if (memchr(s, 0, strtab->size - off) == NULL) {
        elf_error(obj->path, "unterminated %s name", what);
    }
    return s;
}

static void load_sections(elf_object_t *obj, uint64_t shoff, size_t shnum, size_t shstrndx) {
    if (!in_range(shoff, (uint64_t)shnum * SHDR_SIZE, obj->len)) {
        elf_error(obj->path, "section header table outside the file");
    }
    obj->n_sections = shnum;
    obj->sections = m_new0(elf_section_t, shnum ? shnum : 1);
    uint32_t *name_offs = m_new(uint32_t, shnum);
    for (size_t i = 0; i < shnum; i++) {
        const byte *h = obj->data + shoff + i * SHDR_SIZE;
        elf_section_t *s = &obj->sections[i];
        s->type = (uint32_t)get_le(h + 4, 4);
        s->flags = get_le(h + 8, 8);
        s->offset = get_le(h + 24, 8);
        s->size = get_le(h + 32, 8);
        s->link = (uint32_t)get_le(h + 40, 4);
        s->info = (uint32_t)get_le(h + 44, 4);
        s->align = get_le(h + 48, 8);
        if (s->align == 0) {
            s->align = 1;
        }
        if ((s->align & (s->align - 1)) != 0) {
            elf_error(obj->path, "section %u: alignment %llu is not a power of two", (unsigned)i,
                (unsigned long long)s->align);
        }
        if (s->type != ELF_SHT_NOBITS && i != 0) {
            if (!in_range(s->offset, s->size, obj->len)) {
                elf_error(obj->path, "section %u: contents outside the file", (unsigned)i);
            }
            s->data = obj->data + s->offset;
        }
        /* names are resolved below, once the section-name table is known */
        name_offs[i] = (uint32_t)get_le(h + 0, 4);
    }
    if (shstrndx >= shnum) {
        elf_error(obj->path, "section-name table index %u out of range", (unsigned)shstrndx);
    }
    const elf_section_t *shstr = &obj->sections[shstrndx];
    for (size_t i = 0; i < shnum; i++) {
        obj->sections[i].name = i == 0 ? "" : get_name(obj, shstr, name_offs[i], "section");
    }
}

static void load_symbols(elf_object_t *obj) {
    const elf_section_t *symtab = NULL;
    for (size_t i = 1; i < obj->n_sections; i++) {
        if (obj->sections[i].type == ELF_SHT_SYMTAB) {
            if (symtab != NULL) {
                elf_error(obj->path, "more than one symbol table");
            }
            symtab = &obj->sections[i];
        }
    }
    if (symtab == NULL) {
        obj->n_symbols = 0;
        obj->symbols = NULL;
        return;
    }
    if (symtab->size % SYM_SIZE != 0) {
        elf_error(obj->path, "symbol table size %llu is not a multiple of %d",
            (unsigned long long)symtab->size, SYM_SIZE);
    }
    if (symtab->link >= obj->n_sections) {
        elf_error(obj->path, "symbol table's string table index out of range");
    }
    const elf_section_t *strtab = &obj->sections[symtab->link];
    size_t n = symtab->size / SYM_SIZE;
    obj->n_symbols = n;
    obj->symbols = m_new0(elf_symbol_t, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        const byte *p = symtab->data + i * SYM_SIZE;
        elf_symbol_t *sym = &obj->symbols[i];
        uint32_t name_off = (uint32_t)get_le(p, 4);
        sym->name = name_off == 0 ? "" : get_name(obj, strtab, name_off, "symbol");
        sym->bind = p[4] >> 4;
        sym->type = p[4] & 0xf;
        sym->shndx = (uint16_t)get_le(p + 6, 2);
        sym->value = get_le(p + 8, 8);
        sym->size = get_le(p + 16, 8);
        if (sym->shndx != ELF_SHN_UNDEF && sym->shndx < ELF_SHN_LORESERVE
            && sym->shndx >= obj->n_sections) {
            elf_error(obj->path, "symbol '%s' in section %u, which does not exist", sym->name,
                (unsigned)sym->shndx);
        }
    }
}

void elf_load(elf_object_t *obj, const byte *data, size_t len, const char *path) {
    memset(obj, 0, sizeof(*obj));
    obj->path = path;
    obj->data = data;
    obj->len = len;
    if (len < EHDR_SIZE) {
        elf_error(path, "too short for an ELF header (%u bytes)", (unsigned)len);
    }
    if (memcmp(data, "\x7f" "ELF", 4) != 0) {
        elf_error(path, "not an ELF file");
    }
    if (data[4] != 2) {
        elf_error(path, "not a 64-bit ELF file (incompatible arch)");
    }
    if (data[5] != 1) {
        elf_error(path, "not a little-endian ELF file");
    }
    if (get_le(data + 16, 2) != ELF_ET_REL) {
        elf_error(path, "not a relocatable object (ELF type %u)", (unsigned)get_le(data + 16, 2));
    }
    obj->machine = (uint16_t)get_le(data + 18, 2);
    uint64_t shoff = get_le(data + 40, 8);
    size_t shentsize = (size_t)get_le(data + 58, 2);
    size_t shnum = (size_t)get_le(data + 60, 2);
    size_t shstrndx = (size_t)get_le(data + 62, 2);
    if (shentsize != SHDR_SIZE) {
        elf_error(path, "section header size %u, expected %d", (unsigned)shentsize, SHDR_SIZE);
    }
    if (shnum == 0 || shstrndx == 0xffff) {
        elf_error(path, "no section headers (or extended numbering, not supported)");
    }
    load_sections(obj, shoff, shnum, shstrndx);
    load_symbols(obj);
}

elf_rela_t *elf_read_relas(const elf_object_t *obj, size_t sec, size_t *n_out) {
    const elf_section_t *s = &obj->sections[sec];
    if (s->size % RELA_SIZE != 0) {
        elf_error(obj->path, "%s: size %llu is not a multiple of %d", s->name,
            (unsigned long long)s->size, RELA_SIZE);
    }
    size_t n = s->size / RELA_SIZE;
    elf_rela_t *r = m_new(elf_rela_t, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        const byte *p = s->data + i * RELA_SIZE;
        uint64_t info = get_le(p + 8, 8);
        r[i].offset = get_le(p, 8);
        r[i].type = (uint32_t)(info & 0xffffffffu);
        r[i].sym = (uint32_t)(info >> 32);
        r[i].addend = (int64_t)get_le(p + 16, 8);
        if (r[i].sym >= obj->n_symbols) {
            elf_error(obj->path, "%s: relocation %u names symbol %u, which does not exist",
                s->name, (unsigned)i, (unsigned)r[i].sym);
        }
    }
    *n_out = n;
    return r;
}
