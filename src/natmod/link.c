/*
 * The natmod linker (see link.h), following ../shared/spec/natmod.md 2.3-2.5
 * for x64:
 *
 *   1. load the ELF objects, keep .text*, .rodata*, .data.rel.ro*, .bss*
 *      (non-empty .data* is an error), attach their RELA sections;
 *   2. collect global symbols, resolve undefined ones (GOT, function table,
 *      module tables, other objects, runtime data entries 73..86, memset/
 *      memcpy/memmove through stubs calling entries 50/51);
 *   3. build the GOT (one word per symbol used through GOTPCREL*, externals
 *      first, then text, then bss targets);
 *   4. lay out [trampoline to mpy_init][sections in input order][GOT], and
 *      bss separately;
 *   5. fill the GOT and apply every ELF relocation, collecting .mpy
 *      relocations (GOT words first, then data words by location);
 *   6. write the .mpy with the shared format module (persist/mpyfmt.h).
 *
 * All memory is on the GC heap, so an error (ValueError) leaks nothing.
 */
#include <stdio.h>
#include <string.h>

#include "natmod/elf.h"
#include "natmod/link.h"
#include "persist/mpyfmt.h"

#define W (8) /* x64 word */
/* Section alignment honoured relative to the start of text / bss. GCC asks
 * 32 for arrays of 32 bytes or more (a speed hint); the loader's memory is
 * only sure to be 16-aligned, which is what x64 code without AVX needs. */
#define MAX_ALIGN (64)
#define MAX_BSS ((size_t)1 << 28)   /* the loader's limit */
#define MAX_TEXT ((size_t)1 << 28)

/* x64 relocation types (natmod.md 2.5) */
#define R_X86_64_NONE (0)
#define R_X86_64_64 (1)
#define R_X86_64_PC32 (2)
#define R_X86_64_PLT32 (4)
#define R_X86_64_GOTPCREL (9)
#define R_X86_64_GOTPC32 (26)
#define R_X86_64_GOTPCRELX (41)
#define R_X86_64_REX_GOTPCRELX (42)

/* function-table entries the linker targets (native.md 6) */
#define FT_MEMSET (50)
#define FT_MEMMOVE (51)
#define FT_FIRST_DATA (73)

/* .mpy relocation codes (native.md 5): 0..2 base index text/rodata/bss,
 * 6 qstr table, 7 obj table, 8 function table, 9 + e entry e's value */
#define MR_TEXT (0)
#define MR_BSS (2)
#define MR_QSTR_TABLE (6)
#define MR_OBJ_TABLE (7)
#define MR_FUN_TABLE (8)
#define MR_ENTRY(e) (9 + (e))

/* runtime data entries resolved by name: entry FT_FIRST_DATA + index */
static const char *const data_entry_names[] = {
    "mp_type_type", "mp_type_str", "mp_type_list", "mp_type_dict",
    "mp_type_fun_builtin_0", "mp_type_fun_builtin_1", "mp_type_fun_builtin_2",
    "mp_type_fun_builtin_3", "mp_type_fun_builtin_var", "mp_type_Exception",
    "mp_stream_read_obj", "mp_stream_readinto_obj", "mp_stream_unbuffered_readline_obj",
    "mp_stream_write_obj",
};
#define N_DATA_ENTRIES (sizeof(data_entry_names) / sizeof(data_entry_names[0]))

/* memset/memmove stub (natmod.md 2.4): six nops put the movabs immediate on
 * a word boundary, where the .mpy relocation adds the entry's value */
static const byte x64_stub[18] = {
    0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xe0,
};
#define STUB_IMM_OFFSET (8)

enum { AREA_TEXT, AREA_BSS };

/* a kept section (or a linker-made stub) and where it goes */
typedef struct {
    size_t obj;        /* input index (stubs: none) */
    size_t shndx;
    const char *name;
    const byte *data;  /* NULL: zeros (bss) */
    uint64_t size;
    uint64_t align;
    int area;
    size_t addr;       /* offset in the text or bss image */
    int stub_entry;    /* FT_MEMSET / FT_MEMMOVE for stubs, else 0 */
    elf_rela_t *relas;
    size_t n_relas;
} lsec_t;

enum { T_SECTION, T_GOT, T_FUN_TABLE, T_QSTR_TABLE, T_OBJ_TABLE, T_ENTRY };

/* what a symbol resolves to */
typedef struct {
    int kind;
    size_t lsec;   /* T_SECTION */
    uint64_t off;  /* T_SECTION: offset in the section */
    int entry;     /* T_ENTRY: function-table entry */
    const char *name;
} target_t;

typedef struct {
    const char *name;
    size_t lsec;
    uint64_t value;
    bool weak;
} gsym_t;

typedef struct {
    size_t word;
    unsigned code;
} mreloc_t;

typedef struct {
    const natmod_link_opts_t *opts;
    elf_object_t *objs;
    long **sec_map; /* per object: section index -> lsec index, -1 dropped */
    lsec_t *secs;
    size_t n_secs, alloc_secs;
    gsym_t *gsyms;
    size_t n_gsyms, alloc_gsyms;
    long stub[2]; /* lsec of the memset / memmove stub, -1 if not needed */
    target_t *got;
    size_t n_got, alloc_got;
    size_t tramp_len, text_len, bss_len, got_addr;
    byte *text;
    mreloc_t *got_relocs;
    mreloc_t *data_relocs;
    size_t n_data_relocs, alloc_data_relocs;
} linker_t;

/* ---- small helpers ----------------------------------------------------- */

/* grows a GC-heap array so that it can hold n + 1 elements */
static void *grow(void *arr, size_t *alloc, size_t n, size_t elsize) {
    if (n < *alloc) {
        return arr;
    }
    size_t na = *alloc ? *alloc * 2 : 16;
    void *p = m_malloc(na * elsize);
    if (arr != NULL) {
        memcpy(p, arr, n * elsize);
    }
    *alloc = na;
    return p;
}

static bool starts_with(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static size_t align_up(size_t v, size_t a) {
    return (v + a - 1) & ~(a - 1);
}

static const char *lsec_file(const linker_t *l, const lsec_t *s) {
    return s->stub_entry ? "<linker>" : l->objs[s->obj].path;
}

static int32_t get_i32(const byte *p) {
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return (int32_t)v;
}

static void put_i32(byte *p, int32_t v) {
    uint32_t u = (uint32_t)v;
    for (int i = 0; i < 4; i++) {
        p[i] = (byte)(u >> (8 * i));
    }
}

static uint64_t get_u64(const byte *p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

static void put_u64(byte *p, uint64_t v) {
    for (int i = 0; i < 8; i++) {
        p[i] = (byte)(v >> (8 * i));
    }
}

static const char *reloc_name(uint32_t type) {
    switch (type) {
        case R_X86_64_64: return "R_X86_64_64";
        case R_X86_64_PC32: return "R_X86_64_PC32";
        case R_X86_64_PLT32: return "R_X86_64_PLT32";
        case R_X86_64_GOTPCREL: return "R_X86_64_GOTPCREL";
        case R_X86_64_GOTPC32: return "R_X86_64_GOTPC32";
        case R_X86_64_GOTPCRELX: return "R_X86_64_GOTPCRELX";
        case R_X86_64_REX_GOTPCRELX: return "R_X86_64_REX_GOTPCRELX";
        default: return "unsupported";
    }
}

static bool is_got_reloc(uint32_t type) {
    return type == R_X86_64_GOTPCREL || type == R_X86_64_GOTPCRELX
           || type == R_X86_64_REX_GOTPCRELX;
}

/* ---- 1. sections ------------------------------------------------------- */

static size_t add_lsec(linker_t *l, const lsec_t *s) {
    l->secs = grow(l->secs, &l->alloc_secs, l->n_secs, sizeof(lsec_t));
    l->secs[l->n_secs] = *s;
    return l->n_secs++;
}

static void collect_sections(linker_t *l, size_t oi) {
    elf_object_t *obj = &l->objs[oi];
    l->sec_map[oi] = m_new(long, obj->n_sections);
    for (size_t i = 0; i < obj->n_sections; i++) {
        l->sec_map[oi][i] = -1;
        const elf_section_t *s = &obj->sections[i];
        if (s->type != ELF_SHT_PROGBITS && s->type != ELF_SHT_NOBITS) {
            continue;
        }
        bool is_bss = starts_with(s->name, ".bss");
        bool kept = is_bss || starts_with(s->name, ".text") || starts_with(s->name, ".rodata")
                    || starts_with(s->name, ".data.rel.ro");
        if (!kept) {
            if (starts_with(s->name, ".data") && s->size > 0) {
                elf_error(obj->path, "%s non-empty (natmods can't have initialised writable "
                    "data)", s->name);
            }
            continue; /* .comment, .eh_frame, notes... */
        }
        if (s->type == ELF_SHT_NOBITS && !is_bss) {
            elf_error(obj->path, "%s: uninitialised section outside .bss", s->name);
        }
        if (s->align > MAX_ALIGN) {
            elf_error(obj->path, "%s: alignment %u not supported (at most %d)", s->name,
                (unsigned)s->align, MAX_ALIGN);
        }
        if (s->size > MAX_TEXT) {
            elf_error(obj->path, "%s: %llu bytes is too large", s->name,
                (unsigned long long)s->size);
        }
        lsec_t ls = {
            .obj = oi, .shndx = i, .name = s->name, .size = s->size,
            .align = s->size ? s->align : 1, .area = is_bss ? AREA_BSS : AREA_TEXT,
            .data = is_bss ? NULL : s->data,
        };
        l->sec_map[oi][i] = (long)add_lsec(l, &ls);
    }
    /* relocation sections attach to the kept section they apply to */
    for (size_t i = 0; i < obj->n_sections; i++) {
        const elf_section_t *s = &obj->sections[i];
        if (s->type != ELF_SHT_RELA && s->type != ELF_SHT_REL) {
            continue;
        }
        if (s->info >= obj->n_sections) {
            elf_error(obj->path, "%s: applies to section %u, which does not exist", s->name,
                (unsigned)s->info);
        }
        long target = l->sec_map[oi][s->info];
        if (target < 0) {
            continue; /* relocations of a dropped section (.eh_frame) */
        }
        if (s->type == ELF_SHT_REL) {
            elf_error(obj->path, "%s: REL relocations are not used on x64", s->name);
        }
        lsec_t *ls = &l->secs[target];
        if (ls->area == AREA_BSS) {
            elf_error(obj->path, "%s: relocations in a bss section", s->name);
        }
        if (ls->relas != NULL) {
            elf_error(obj->path, "%s: second relocation section for %s", s->name, ls->name);
        }
        ls->relas = elf_read_relas(obj, i, &ls->n_relas);
    }
}

/* ---- 2. symbols --------------------------------------------------------- */

static gsym_t *find_gsym(linker_t *l, const char *name) {
    for (size_t i = 0; i < l->n_gsyms; i++) {
        if (strcmp(l->gsyms[i].name, name) == 0) {
            return &l->gsyms[i];
        }
    }
    return NULL;
}

static void collect_globals(linker_t *l, size_t oi) {
    elf_object_t *obj = &l->objs[oi];
    for (size_t i = 1; i < obj->n_symbols; i++) {
        const elf_symbol_t *sym = &obj->symbols[i];
        if (sym->bind != ELF_STB_GLOBAL && sym->bind != ELF_STB_WEAK) {
            continue;
        }
        if (sym->shndx == ELF_SHN_COMMON) {
            elf_error(obj->path, "common symbol '%s' (compile with -fno-common)", sym->name);
        }
        if (sym->shndx == ELF_SHN_UNDEF || sym->shndx >= ELF_SHN_LORESERVE) {
            continue;
        }
        long ls = l->sec_map[oi][sym->shndx];
        if (ls < 0) {
            continue; /* defined in a dropped section: an error only if used */
        }
        if (sym->value > l->secs[ls].size) {
            elf_error(obj->path, "symbol '%s' lies outside its section %s", sym->name,
                l->secs[ls].name);
        }
        bool weak = sym->bind == ELF_STB_WEAK;
        gsym_t *old = find_gsym(l, sym->name);
        if (old != NULL) {
            if (!old->weak && !weak) {
                elf_error(obj->path, "duplicate symbol: %s", sym->name);
            }
            if (old->weak && !weak) {
                old->lsec = (size_t)ls;
                old->value = sym->value;
                old->weak = false;
            }
            continue;
        }
        l->gsyms = grow(l->gsyms, &l->alloc_gsyms, l->n_gsyms, sizeof(gsym_t));
        l->gsyms[l->n_gsyms++] = (gsym_t){sym->name, (size_t)ls, sym->value, weak};
    }
}

static int data_entry_of(const char *name) {
    for (size_t i = 0; i < N_DATA_ENTRIES; i++) {
        if (strcmp(name, data_entry_names[i]) == 0) {
            return FT_FIRST_DATA + (int)i;
        }
    }
    return -1;
}

/* stub slot for memset (0) or memcpy/memmove (1), -1 otherwise */
static int mem_stub_of(const char *name) {
    if (strcmp(name, "memset") == 0) {
        return 0;
    }
    if (strcmp(name, "memcpy") == 0 || strcmp(name, "memmove") == 0) {
        return 1;
    }
    return -1;
}

/* Resolves an undefined global in the order of natmod.md 2.3 step 2. */
static target_t resolve_global(linker_t *l, const char *path, const char *name) {
    target_t t = {.name = name};
    if (strcmp(name, "_GLOBAL_OFFSET_TABLE_") == 0) {
        t.kind = T_GOT;
    } else if (strcmp(name, "mp_fun_table") == 0) {
        t.kind = T_FUN_TABLE;
    } else if (strcmp(name, "mp_native_qstr_table") == 0) {
        t.kind = T_QSTR_TABLE;
    } else if (strcmp(name, "mp_native_obj_table") == 0) {
        t.kind = T_OBJ_TABLE;
    } else {
        gsym_t *g = find_gsym(l, name);
        int entry;
        int stub;
        if (g != NULL) {
            t.kind = T_SECTION;
            t.lsec = g->lsec;
            t.off = g->value;
        } else if ((entry = data_entry_of(name)) >= 0) {
            t.kind = T_ENTRY;
            t.entry = entry;
        } else if ((stub = mem_stub_of(name)) >= 0 && l->stub[stub] >= 0) {
            t.kind = T_SECTION;
            t.lsec = (size_t)l->stub[stub];
            t.off = 0;
        } else {
            elf_error(path, "undefined symbol: %s", name);
        }
    }
    return t;
}

/* What relocation symbol `symi` of object `oi` refers to. */
static target_t resolve(linker_t *l, size_t oi, uint32_t symi) {
    elf_object_t *obj = &l->objs[oi];
    const elf_symbol_t *sym = &obj->symbols[symi];
    if (symi == 0) {
        elf_error(obj->path, "relocation without a symbol");
    }
    if (sym->shndx == ELF_SHN_UNDEF) {
        if (sym->bind == ELF_STB_LOCAL) {
            elf_error(obj->path, "undefined local symbol '%s'", sym->name);
        }
        return resolve_global(l, obj->path, sym->name);
    }
    if (sym->shndx >= ELF_SHN_LORESERVE) {
        elf_error(obj->path, "symbol '%s' is absolute or common; natmods are relocated as "
            "a whole", sym->name);
    }
    if (sym->bind != ELF_STB_LOCAL) {
        /* a global may be overridden by a non-weak definition elsewhere */
        gsym_t *g = find_gsym(l, sym->name);
        if (g != NULL) {
            return (target_t){.kind = T_SECTION, .lsec = g->lsec, .off = g->value,
                              .name = sym->name};
        }
    }
    long ls = l->sec_map[oi][sym->shndx];
    if (ls < 0) {
        elf_error(obj->path, "relocation against '%s' in dropped section %s",
            sym->type == ELF_STT_SECTION ? obj->sections[sym->shndx].name : sym->name,
            obj->sections[sym->shndx].name);
    }
    return (target_t){.kind = T_SECTION, .lsec = (size_t)ls, .off = sym->value,
                      .name = sym->type == ELF_STT_SECTION ? l->secs[ls].name : sym->name};
}

/* Undefined memset/memcpy/memmove get stubs; every other undefined global
 * must resolve (checked here, before layout, so errors come early). */
static void make_stubs(linker_t *l) {
    bool need[2] = {false, false};
    for (size_t si = 0; si < l->n_secs; si++) {
        lsec_t *s = &l->secs[si];
        for (size_t i = 0; i < s->n_relas; i++) {
            const elf_symbol_t *sym = &l->objs[s->obj].symbols[s->relas[i].sym];
            int stub;
            if (sym->shndx == ELF_SHN_UNDEF && sym->bind != ELF_STB_LOCAL
                && find_gsym(l, sym->name) == NULL && (stub = mem_stub_of(sym->name)) >= 0) {
                need[stub] = true;
            }
        }
    }
    static const char *const names[2] = {".internal.memset", ".internal.memmove"};
    for (int i = 0; i < 2; i++) {
        l->stub[i] = -1;
        if (need[i]) {
            lsec_t ls = {.name = names[i], .data = x64_stub, .size = sizeof(x64_stub),
                         .align = W, .area = AREA_TEXT,
                         .stub_entry = i == 0 ? FT_MEMSET : FT_MEMMOVE};
            l->stub[i] = (long)add_lsec(l, &ls);
        }
    }
    for (size_t si = 0; si < l->n_secs; si++) {
        lsec_t *s = &l->secs[si];
        for (size_t i = 0; i < s->n_relas; i++) {
            resolve(l, s->obj, s->relas[i].sym);
        }
    }
}

/* ---- 3. GOT ------------------------------------------------------------- */

static bool same_target(const target_t *a, const target_t *b) {
    if (a->kind != b->kind) {
        return false;
    }
    switch (a->kind) {
        case T_SECTION: return a->lsec == b->lsec && a->off == b->off;
        case T_ENTRY: return a->entry == b->entry;
        default: return true;
    }
}

/* sort key: function table, module tables, runtime data, text, bss */
static int got_rank(const linker_t *l, const target_t *t) {
    switch (t->kind) {
        case T_FUN_TABLE: return 0;
        case T_QSTR_TABLE: return 1;
        case T_OBJ_TABLE: return 2;
        case T_ENTRY: return 3;
        default: return l->secs[t->lsec].area == AREA_TEXT ? 4 : 5;
    }
}

static int got_cmp(const linker_t *l, const target_t *a, const target_t *b) {
    int ra = got_rank(l, a), rb = got_rank(l, b);
    if (ra != rb) {
        return ra < rb ? -1 : 1;
    }
    if (a->kind == T_ENTRY) {
        return a->entry - b->entry;
    }
    if (a->kind == T_SECTION) {
        if (a->lsec != b->lsec) {
            return a->lsec < b->lsec ? -1 : 1;
        }
        return a->off < b->off ? -1 : a->off > b->off;
    }
    return 0;
}

static void build_got(linker_t *l) {
    for (size_t si = 0; si < l->n_secs; si++) {
        lsec_t *s = &l->secs[si];
        for (size_t i = 0; i < s->n_relas; i++) {
            if (!is_got_reloc(s->relas[i].type)) {
                continue;
            }
            target_t t = resolve(l, s->obj, s->relas[i].sym);
            if (t.kind == T_GOT) {
                elf_error(lsec_file(l, s), "GOT entry for _GLOBAL_OFFSET_TABLE_");
            }
            bool found = false;
            for (size_t g = 0; g < l->n_got && !found; g++) {
                found = same_target(&l->got[g], &t);
            }
            if (!found) {
                l->got = grow(l->got, &l->alloc_got, l->n_got, sizeof(target_t));
                l->got[l->n_got++] = t;
            }
        }
    }
    /* insertion sort: stable, and GOTs are small */
    for (size_t i = 1; i < l->n_got; i++) {
        target_t t = l->got[i];
        size_t j = i;
        while (j > 0 && got_cmp(l, &l->got[j - 1], &t) > 0) {
            l->got[j] = l->got[j - 1];
            j--;
        }
        l->got[j] = t;
    }
}

static size_t got_index(const linker_t *l, const target_t *t) {
    for (size_t g = 0; g < l->n_got; g++) {
        if (same_target(&l->got[g], t)) {
            return g;
        }
    }
    return 0; /* not reached: build_got added every GOT target */
}

/* ---- 4. layout ---------------------------------------------------------- */

static void layout_with(linker_t *l, size_t tramp_len) {
    size_t text = tramp_len, bss = 0;
    for (size_t i = 0; i < l->n_secs; i++) {
        lsec_t *s = &l->secs[i];
        size_t *end = s->area == AREA_TEXT ? &text : &bss;
        *end = align_up(*end, (size_t)s->align);
        s->addr = *end;
        *end += (size_t)s->size;
        if (text > MAX_TEXT || bss > MAX_BSS) {
            elf_error(lsec_file(l, s), "module too large");
        }
    }
    l->got_addr = align_up(text, W);
    l->text_len = l->got_addr + l->n_got * W;
    l->bss_len = bss;
    l->tramp_len = tramp_len;
}

/* natmod.md 2.3 step 5: a jump to mpy_init unless it is at offset 0; the
 * trampoline is padded to mpy_init's section alignment */
static size_t layout(linker_t *l, size_t *entry) {
    gsym_t *init = find_gsym(l, "mpy_init");
    if (init == NULL || l->secs[init->lsec].area != AREA_TEXT) {
        elf_error(l->opts->inputs[0].path, "undefined symbol: mpy_init");
    }
    layout_with(l, 0);
    size_t target = l->secs[init->lsec].addr + (size_t)init->value;
    if (target == 0) {
        *entry = 0;
        return 0;
    }
    size_t align = (size_t)l->secs[init->lsec].align;
    layout_with(l, align_up(2, align));
    target = l->secs[init->lsec].addr + (size_t)init->value;
    if (target - 2 <= 127) {
        *entry = target;
        return 2;
    }
    layout_with(l, align_up(5, align));
    *entry = l->secs[init->lsec].addr + (size_t)init->value;
    return 5;
}

/* ---- 5. contents and relocations ------------------------------------------ */

static void add_data_reloc(linker_t *l, size_t word, unsigned code) {
    l->data_relocs = grow(l->data_relocs, &l->alloc_data_relocs, l->n_data_relocs,
        sizeof(mreloc_t));
    l->data_relocs[l->n_data_relocs++] = (mreloc_t){word, code};
}

/* link-time value and .mpy relocation code of an absolute reference */
static uint64_t absolute_value(const linker_t *l, const target_t *t, unsigned *code) {
    switch (t->kind) {
        case T_SECTION: {
            const lsec_t *s = &l->secs[t->lsec];
            *code = s->area == AREA_TEXT ? MR_TEXT : MR_BSS;
            return s->addr + t->off;
        }
        case T_GOT: *code = MR_TEXT; return l->got_addr;
        case T_FUN_TABLE: *code = MR_FUN_TABLE; return 0;
        case T_QSTR_TABLE: *code = MR_QSTR_TABLE; return 0;
        case T_OBJ_TABLE: *code = MR_OBJ_TABLE; return 0;
        default: *code = MR_ENTRY(t->entry); return 0;
    }
}

static void fill_got(linker_t *l) {
    l->got_relocs = m_new(mreloc_t, l->n_got ? l->n_got : 1);
    for (size_t g = 0; g < l->n_got; g++) {
        unsigned code;
        uint64_t v = absolute_value(l, &l->got[g], &code);
        put_u64(l->text + l->got_addr + g * W, v);
        l->got_relocs[g] = (mreloc_t){(l->got_addr + g * W) / W, code};
    }
}

static void apply_rela(linker_t *l, lsec_t *s, const elf_rela_t *r) {
    const char *file = lsec_file(l, s);
    size_t field = r->type == R_X86_64_64 ? 8 : 4;
    if (r->type == R_X86_64_NONE) {
        return;
    }
    if (r->offset > s->size || field > s->size - r->offset) {
        elf_error(file, "%s: relocation at offset 0x%llx outside the section", s->name,
            (unsigned long long)r->offset);
    }
    size_t p = s->addr + (size_t)r->offset;
    byte *at = l->text + p;
    target_t t = resolve(l, s->obj, r->sym);
    /* unsigned arithmetic: damaged addends must not overflow a signed type */
    uint64_t value;
    switch (r->type) {
        case R_X86_64_PC32:
        case R_X86_64_PLT32: {
            uint64_t sv;
            if (t.kind == T_GOT) {
                sv = l->got_addr;
            } else if (t.kind != T_SECTION) {
                elf_error(file, "%s: %s to external symbol %s (use it through the GOT: "
                    "compile with -fpic)", s->name, reloc_name(r->type), t.name);
            } else if (l->secs[t.lsec].area == AREA_BSS) {
                elf_error(file, "%s: fixed relocation to bss (bss variables can't be static)",
                    s->name);
            } else {
                sv = l->secs[t.lsec].addr + t.off;
            }
            value = sv + (uint64_t)r->addend - p;
            break;
        }
        case R_X86_64_GOTPCREL:
        case R_X86_64_GOTPCRELX:
        case R_X86_64_REX_GOTPCRELX:
            value = l->got_addr + got_index(l, &t) * W + (uint64_t)r->addend - p;
            break;
        case R_X86_64_GOTPC32:
            value = l->got_addr + (uint64_t)r->addend - p;
            break;
        case R_X86_64_64: {
            if (p % W != 0) {
                elf_error(file, "%s: absolute relocation at unaligned offset 0x%llx", s->name,
                    (unsigned long long)r->offset);
            }
            unsigned code;
            uint64_t v = absolute_value(l, &t, &code);
            put_u64(at, get_u64(at) + v + (uint64_t)r->addend);
            add_data_reloc(l, p / W, code);
            return;
        }
        default:
            elf_error(file, "%s: unsupported relocation type %u", s->name, (unsigned)r->type);
    }
    int64_t sum = (int64_t)((uint64_t)(int64_t)get_i32(at) + value);
    if (sum < INT32_MIN || sum > INT32_MAX) {
        elf_error(file, "%s: %s at offset 0x%llx out of range", s->name, reloc_name(r->type),
            (unsigned long long)r->offset);
    }
    put_i32(at, (int32_t)sum);
}

static void build_text(linker_t *l, size_t tramp_jump, size_t entry) {
    l->text = m_new0(byte, l->text_len ? l->text_len : 1);
    if (tramp_jump == 2) {
        l->text[0] = 0xeb;
        l->text[1] = (byte)(entry - 2);
    } else if (tramp_jump == 5) {
        l->text[0] = 0xe9;
        put_i32(l->text + 1, (int32_t)(entry - 5));
    }
    for (size_t i = 0; i < l->n_secs; i++) {
        lsec_t *s = &l->secs[i];
        if (s->area == AREA_TEXT && s->data != NULL) {
            memcpy(l->text + s->addr, s->data, (size_t)s->size);
        }
        if (s->stub_entry) {
            add_data_reloc(l, (s->addr + STUB_IMM_OFFSET) / W, MR_ENTRY(s->stub_entry));
        }
    }
    fill_got(l);
    for (size_t i = 0; i < l->n_secs; i++) {
        lsec_t *s = &l->secs[i];
        for (size_t j = 0; j < s->n_relas; j++) {
            apply_rela(l, s, &s->relas[j]);
        }
    }
}

/* ---- 6. output ---------------------------------------------------------- */

/* native.md 5, as MicroPython's linker writes it: every entry with its
 * location; runs of consecutive words of kind text/rodata/bss merged */
static void put_relocs(vstr_t *out, const mreloc_t *rel, size_t n) {
    for (size_t i = 0; i < n;) {
        unsigned code = rel[i].code;
        size_t count = 1;
        while (code <= MR_BSS && i + count < n && rel[i + count].code == code
               && rel[i + count].word == rel[i].word + count) {
            count++;
        }
        unsigned k = code <= MR_BSS ? (code << 1) | (count > 1) : code;
        vstr_add_byte(out, (byte)((k << 1) | 1));
        mpy_put_vuint(out, rel[i].word << 1);
        if (count > 1) {
            mpy_put_vuint(out, count);
        }
        i += count;
    }
    vstr_add_byte(out, 0xff);
}

static void sort_data_relocs(linker_t *l) {
    mreloc_t *r = l->data_relocs;
    for (size_t i = 1; i < l->n_data_relocs; i++) {
        mreloc_t t = r[i];
        size_t j = i;
        while (j > 0 && r[j - 1].word > t.word) {
            r[j] = r[j - 1];
            j--;
        }
        r[j] = t;
    }
}

static void write_mpy(linker_t *l, vstr_t *out) {
    const natmod_link_opts_t *o = l->opts;
    mpy_put_header(out, (unsigned)o->arch, MPY_DEFAULT_SMALL_INT_BITS);
    mpy_put_vuint(out, 1 + o->n_qstrs);
    mpy_put_vuint(out, 0);
    mpy_put_qstr_inline(out, o->module_name, strlen(o->module_name));
    for (size_t i = 0; i < o->n_qstrs; i++) {
        mpy_put_qstr_inline(out, o->qstrs[i], strlen(o->qstrs[i]));
    }
    mpy_put_vuint(out, (l->text_len << 3) | MPY_CODE_VIPER);
    vstr_add_strn(out, (const char *)l->text, l->text_len);
    size_t flags = MP_SCOPE_FLAG_VIPERRELOC | (l->bss_len ? MP_SCOPE_FLAG_VIPERBSS : 0);
    mpy_put_vuint(out, flags);
    if (l->bss_len) {
        mpy_put_vuint(out, l->bss_len);
    }
    size_t n = l->n_got + l->n_data_relocs;
    mreloc_t *all = m_new(mreloc_t, n ? n : 1);
    memcpy(all, l->got_relocs, l->n_got * sizeof(mreloc_t));
    memcpy(all + l->n_got, l->data_relocs, l->n_data_relocs * sizeof(mreloc_t));
    put_relocs(out, all, n);
}

static void print_target(const linker_t *l, const target_t *t) {
    switch (t->kind) {
        case T_FUN_TABLE: printf("mp_fun_table"); break;
        case T_QSTR_TABLE: printf("mp_native_qstr_table"); break;
        case T_OBJ_TABLE: printf("mp_native_obj_table"); break;
        case T_ENTRY: printf("%s (entry %d)", t->name, t->entry); break;
        case T_GOT: printf("_GLOBAL_OFFSET_TABLE_"); break;
        default:
            printf("%s (%s 0x%x)", t->name, l->secs[t->lsec].area == AREA_TEXT ? "text" : "bss",
                (unsigned)(l->secs[t->lsec].addr + t->off));
    }
}

static void print_layout(const linker_t *l) {
    printf("trampoline: %u bytes\n", (unsigned)l->tramp_len);
    for (size_t i = 0; i < l->n_secs; i++) {
        const lsec_t *s = &l->secs[i];
        if (s->size == 0) {
            continue;
        }
        printf("%-4s 0x%04x %5u bytes  %s %s\n", s->area == AREA_TEXT ? "text" : "bss",
            (unsigned)s->addr, (unsigned)s->size, lsec_file(l, s), s->name);
    }
    printf("GOT  0x%04x %5u entries\n", (unsigned)l->got_addr, (unsigned)l->n_got);
    for (size_t g = 0; g < l->n_got; g++) {
        printf("  GOT[%u] 0x%04x ", (unsigned)g, (unsigned)(l->got_addr + g * W));
        print_target(l, &l->got[g]);
        printf("\n");
    }
    printf("text %u bytes, bss %u bytes, %u data relocations\n", (unsigned)l->text_len,
        (unsigned)l->bss_len, (unsigned)l->n_data_relocs);
}

void natmod_link(const natmod_link_opts_t *opts, vstr_t *out) {
    if (opts->arch != MP_NATIVE_ARCH_X64) {
        mp_raise_msg_varg(&mp_type_ValueError, "arch %s not supported (only x64)",
            mpy_arch_name((unsigned)opts->arch));
    }
    if (opts->n_inputs == 0) {
        mp_raise_ValueError("no input objects");
    }
    linker_t *l = m_new0(linker_t, 1);
    l->opts = opts;
    l->objs = m_new0(elf_object_t, opts->n_inputs);
    l->sec_map = m_new0(long *, opts->n_inputs);
    for (size_t i = 0; i < opts->n_inputs; i++) {
        const natmod_input_t *in = &opts->inputs[i];
        elf_load(&l->objs[i], in->data, in->len, in->path);
        if (l->objs[i].machine != ELF_EM_X86_64) {
            elf_error(in->path, "incompatible arch (ELF machine %u, expected x64)",
                (unsigned)l->objs[i].machine);
        }
        collect_sections(l, i);
    }
    for (size_t i = 0; i < opts->n_inputs; i++) {
        collect_globals(l, i);
    }
    make_stubs(l);
    build_got(l);
    size_t entry;
    size_t jump = layout(l, &entry);
    build_text(l, jump, entry);
    sort_data_relocs(l);
    if (opts->verbose) {
        print_layout(l);
    }
    write_mpy(l, out);
}

/* ---- configuration header and the command ------------------------------- */

static bool is_ident_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

const char **natmod_parse_qstr_config(const char *path, const byte *data, size_t len,
    size_t *n_out) {
    static const char define[] = "#define MP_QSTR_";
    static const char table[] = "(mp_native_qstr_table[";
    size_t n = 0, alloc = 0;
    const char **names = NULL;
    size_t *idx = NULL, idx_alloc = 0;
    const char *p = (const char *)data, *end = p + len;
    for (size_t line = 1; p < end; line++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (eol == NULL) {
            eol = end;
        }
        size_t ll = (size_t)(eol - p);
        if (ll > sizeof(define) - 1 && memcmp(p, define, sizeof(define) - 1) == 0) {
            const char *name = p + sizeof(define) - 1, *q = name;
            while (q < eol && is_ident_char(*q)) {
                q++;
            }
            size_t name_len = (size_t)(q - name);
            while (q < eol && *q == ' ') {
                q++;
            }
            if ((size_t)(eol - q) > sizeof(table) - 1 && memcmp(q, table, sizeof(table) - 1) == 0) {
                q += sizeof(table) - 1;
                size_t i = 0;
                const char *digits = q;
                while (q < eol && *q >= '0' && *q <= '9' && i < 100000) {
                    i = i * 10 + (size_t)(*q++ - '0');
                }
                if (q == digits || q + 2 > eol || q[0] != ']' || q[1] != ')' || name_len == 0) {
                    elf_error(path, "line %u: malformed qstr definition", (unsigned)line);
                }
                char *s = m_new(char, name_len + 1);
                memcpy(s, name, name_len);
                s[name_len] = 0;
                names = grow(names, &alloc, n, sizeof(char *));
                idx = grow(idx, &idx_alloc, n, sizeof(size_t));
                names[n] = s;
                idx[n++] = i;
            }
        }
        p = eol + 1;
    }
    /* indices must be exactly 1..n: they are positions in the qstr table */
    const char **ordered = m_new0(const char *, n ? n : 1);
    for (size_t j = 0; j < n; j++) {
        if (idx[j] < 1 || idx[j] > n || ordered[idx[j] - 1] != NULL) {
            elf_error(path, "qstr index %u of MP_QSTR_%s is out of order or repeated",
                (unsigned)idx[j], names[j]);
        }
        ordered[idx[j] - 1] = names[j];
    }
    *n_out = n;
    return ordered;
}

static bool read_whole_file(const char *path, vstr_t *buf) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return false;
    }
    vstr_init(buf, 4096);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        vstr_add_strn(buf, chunk, n);
    }
    bool ok = !ferror(f);
    fclose(f);
    return ok;
}

static int link_usage(void) {
    fprintf(stderr, "usage: mica-mpy link [--arch x64] [-o OUT.mpy] [--qstrs CONFIG.h] [-v] "
        "OBJ.o ...\n");
    return 2;
}

/* default output: the first object's name with .mpy */
static const char *default_output(const char *obj) {
    size_t len = strlen(obj);
    const char *dot = strrchr(obj, '.');
    const char *slash = strrchr(obj, '/');
    if (dot != NULL && (slash == NULL || dot > slash)) {
        len = (size_t)(dot - obj);
    }
    char *s = m_new(char, len + 5);
    memcpy(s, obj, len);
    memcpy(s + len, ".mpy", 5);
    return s;
}

static int link_run(natmod_link_opts_t *o, const char *qstrs_path, const char *output,
    char **objs, size_t n_objs) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        if (qstrs_path != NULL) {
            vstr_t cfg;
            if (!read_whole_file(qstrs_path, &cfg)) {
                elf_error(qstrs_path, "can't read");
            }
            o->qstrs = natmod_parse_qstr_config(qstrs_path, (const byte *)cfg.buf, cfg.len,
                &o->n_qstrs);
        }
        natmod_input_t *in = m_new0(natmod_input_t, n_objs);
        for (size_t i = 0; i < n_objs; i++) {
            vstr_t buf;
            if (!read_whole_file(objs[i], &buf)) {
                elf_error(objs[i], "can't read");
            }
            in[i] = (natmod_input_t){objs[i], (const byte *)buf.buf, buf.len};
        }
        o->inputs = in;
        o->n_inputs = n_objs;
        vstr_t out;
        vstr_init(&out, 1024);
        natmod_link(o, &out);
        FILE *f = fopen(output, "wb");
        if (f == NULL) {
            elf_error(output, "can't write");
        }
        bool ok = fwrite(out.buf, 1, out.len, f) == out.len;
        ok = fclose(f) == 0 && ok;
        if (!ok) {
            elf_error(output, "write failed");
        }
        nlr_pop();
        return 0;
    }
    fprintf(stderr, "mica-mpy link: ");
    mp_obj_print_helper(&mp_stderr_print, MP_OBJ_FROM_PTR(nlr.ret_val), PRINT_STR);
    fprintf(stderr, "\n");
    return 1;
}

int natmod_link_main(int argc, char **argv) {
    natmod_link_opts_t o = {.arch = MP_NATIVE_ARCH_X64};
    const char *qstrs_path = NULL, *output = NULL;
    char **objs = m_new(char *, argc ? argc : 1);
    size_t n_objs = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--arch") == 0 && i + 1 < argc) {
            o.arch = mpy_arch_from_name(argv[++i]);
            if (o.arch < 0) {
                fprintf(stderr, "mica-mpy link: unknown arch '%s'\n", argv[i]);
                return 2;
            }
        } else if (strcmp(a, "-o") == 0 && i + 1 < argc) {
            output = argv[++i];
        } else if (strcmp(a, "--qstrs") == 0 && i + 1 < argc) {
            qstrs_path = argv[++i];
        } else if (strcmp(a, "-v") == 0) {
            o.verbose = true;
        } else if (a[0] == '-') {
            return link_usage();
        } else {
            objs[n_objs++] = argv[i];
        }
    }
    if (n_objs == 0) {
        return link_usage();
    }
    if (o.arch != MP_NATIVE_ARCH_X64) {
        fprintf(stderr, "mica-mpy link: arch %s not supported (only x64)\n",
            mpy_arch_name((unsigned)o.arch));
        return 1;
    }
    if (output == NULL) {
        output = default_output(objs[0]);
    }
    const char *slash = strrchr(output, '/');
    o.module_name = slash ? slash + 1 : output;
    return link_run(&o, qstrs_path, output, objs, n_objs);
}
