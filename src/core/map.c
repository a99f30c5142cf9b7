/*
 * Hash maps (dicts, instance members, module globals) and hash sets.
 *
 * The layout must reproduce MicroPython's iteration order, which programs
 * can see (cont_dict_order_mp): open addressing, slot = hash % alloc, linear
 * probing forward with wraparound, iteration in slot order. A table grows
 * only when an insertion finds no free slot (it is completely full), to the
 * next size in `hash_sizes` above the current one, reinserting the old
 * entries in slot order. A new map/set asked for n entries gets exactly n
 * slots. A deleted slot becomes a tombstone (MP_OBJ_SENTINEL), or empty
 * when the next slot is empty (no probe chain can run through it then).
 * This model was checked against every dict/set line of the vector.
 *
 * Ordered maps (is_ordered) are searched linearly and keep insertion order:
 * constant tables in C (fixed, never modified) and keyword-argument maps.
 */
#include <string.h>

#include "core/runtime.h"

/* Table sizes a hash map or set grows through. The vectors pin down the
 * steps up to 17 (dicts of 8, 10 and 14 keys); the later ones, growing by
 * about a third each, are this implementation's choice and unverified. */
static const uint16_t hash_sizes[] = {
    0, 2, 4, 6, 8, 10, 12, 17, 23, 29, 37, 47, 59, 73, 97, 127, 167, 223, 293, 389, 521,
    691, 919, 1223, 1627, 2161, 2879, 3833, 5101, 6779, 9011, 11987, 15937, 21193, 28181,
    37483, 49849,
};

static size_t next_hash_size(size_t at_least) {
    for (size_t i = 0; i < sizeof(hash_sizes) / sizeof(hash_sizes[0]); i++) {
        if (hash_sizes[i] >= at_least) {
            return hash_sizes[i];
        }
    }
    return (at_least + at_least / 3) | 1;
}

/* ---- hashing and key equality ----------------------------------------- */

/* hash % alloc; 32-bit division is much cheaper and nearly always enough */
static inline size_t hash_slot(size_t hash, size_t alloc) {
    if (((hash | alloc) >> 31) >> 1 == 0) {
        return (uint32_t)hash % (uint32_t)alloc;
    }
    return hash % alloc;
}

static inline bool is_str_obj(mp_const_obj_t o) {
    return mp_obj_is_obj(o) && ((const mp_obj_base_t *)o)->type == &mp_type_str;
}

/* Hash of a str object, cached in the object (0 = not computed yet). */
static inline size_t str_obj_hash(mp_obj_t o) {
    mp_obj_str_t *s = MP_OBJ_TO_PTR(o);
    if ((s->hash & MP_STR_HASH_MASK) == 0) {
        s->hash |= mp_str_hash(s->data, s->len);
    }
    return s->hash & MP_STR_HASH_MASK;
}

static inline size_t key_hash(mp_obj_t key) {
    if (mp_obj_is_small_int(key)) {
        return (size_t)MP_OBJ_SMALL_INT_VALUE(key);
    }
    if (mp_obj_is_qstr(key)) {
        return qstr_hash(MP_OBJ_QSTR_VALUE(key));
    }
    if (mp_obj_is_obj(key)) {
        const mp_obj_type_t *t = ((mp_obj_base_t *)key)->type;
        if (t == &mp_type_str || t == &mp_type_bytes) {
            return str_obj_hash(key);
        }
    }
    return (size_t)mp_obj_hash(key);
}

/* Two distinct qstrs or small ints are never equal, and neither equals the
 * other kind; anything else goes to mp_obj_equal (str object vs qstr,
 * int vs float, instances with __eq__, ...). */
static inline bool keys_equal(mp_obj_t a, mp_obj_t b) {
    if (a == b) {
        return true;
    }
    if ((mp_obj_is_qstr(a) || mp_obj_is_small_int(a))
        && (mp_obj_is_qstr(b) || mp_obj_is_small_int(b))) {
        return false;
    }
    return mp_obj_equal(a, b);
}

/* Equality of a stored key `k` with a str-like index (qstr or str object)
 * whose hash is `hash`: compare hashes, then bytes, without the generic
 * dispatch. Word-identical keys were tested by the caller. */
static bool str_key_equal(mp_obj_t k, mp_obj_t index, size_t hash) {
    const byte *kd;
    size_t kl;
    if (mp_obj_is_qstr(k)) {
        if (mp_obj_is_qstr(index) || qstr_hash(MP_OBJ_QSTR_VALUE(k)) != hash) {
            return false;
        }
        kd = qstr_data(MP_OBJ_QSTR_VALUE(k), &kl);
    } else if (is_str_obj(k)) {
        if (str_obj_hash(k) != hash) {
            return false;
        }
        mp_obj_str_t *ks = MP_OBJ_TO_PTR(k);
        kd = ks->data;
        kl = ks->len;
    } else if (mp_obj_is_small_int(k)) {
        return false;
    } else {
        return mp_obj_equal(k, index);
    }
    const byte *id;
    size_t il;
    if (mp_obj_is_qstr(index)) {
        id = qstr_data(MP_OBJ_QSTR_VALUE(index), &il);
    } else {
        mp_obj_str_t *is = MP_OBJ_TO_PTR(index);
        id = is->data;
        il = is->len;
    }
    return kl == il && memcmp(kd, id, kl) == 0;
}

/* ---- lookup cache --------------------------------------------------------
 * Remembers where a key was last found in a table. A hit is verified by
 * comparing the key word in that slot, so stale entries are harmless; it
 * saves the probing (and the linear search of ordered maps) for the names
 * and attributes a program looks up again and again. */
#define LOOKUP_CACHE_SIZE (256)
static uint16_t lookup_cache[LOOKUP_CACHE_SIZE];

static inline size_t cache_index(const mp_map_elem_t *table, mp_obj_t key) {
    uintptr_t h = ((uintptr_t)table >> 4) ^ ((uintptr_t)key * (uintptr_t)0x9E3779B97F4A7C15ull);
    return (size_t)(h >> (8 * sizeof(uintptr_t) - 8)) & (LOOKUP_CACHE_SIZE - 1);
}

static inline void cache_store(const mp_map_elem_t *table, mp_obj_t key, size_t pos) {
    if (pos <= UINT16_MAX) {
        lookup_cache[cache_index(table, key)] = (uint16_t)pos;
    }
}

/* ---- maps --------------------------------------------------------------- */

void mp_map_init(mp_map_t *map, size_t n) {
    map->all_keys_are_qstrs = 1;
    map->is_fixed = 0;
    map->is_ordered = 0;
    map->used = 0;
    map->alloc = n;
    map->table = n == 0 ? NULL : m_new0(mp_map_elem_t, n);
}

void mp_map_init_fixed_table(mp_map_t *map, size_t n, const mp_obj_t *table) {
    map->all_keys_are_qstrs = 1;
    map->is_fixed = 1;
    map->is_ordered = 1;
    map->used = n;
    map->alloc = n;
    map->table = (mp_map_elem_t *)table;
}

void mp_map_deinit(mp_map_t *map) {
    if (!map->is_fixed) {
        m_del(mp_map_elem_t, map->table, map->alloc);
    }
    map->used = 0;
    map->alloc = 0;
    map->table = NULL;
}

void mp_map_clear(mp_map_t *map) {
    if (!map->is_fixed) {
        m_del(mp_map_elem_t, map->table, map->alloc);
    }
    map->all_keys_are_qstrs = 1;
    map->is_fixed = 0;
    map->used = 0;
    map->alloc = 0;
    map->table = NULL;
}

static void map_rehash(mp_map_t *map) {
    size_t old_alloc = map->alloc;
    mp_map_elem_t *old = map->table;
    size_t new_alloc = next_hash_size(old_alloc + 1);
    mp_map_elem_t *table = m_new0(mp_map_elem_t, new_alloc);
    /* reinsert in old slot order: this order is visible in iteration */
    for (size_t i = 0; i < old_alloc; i++) {
        mp_obj_t key = old[i].key;
        if (key == MP_OBJ_NULL || key == MP_OBJ_SENTINEL) {
            continue;
        }
        size_t pos = hash_slot(key_hash(key), new_alloc);
        while (table[pos].key != MP_OBJ_NULL) {
            pos = pos + 1 == new_alloc ? 0 : pos + 1;
        }
        table[pos] = old[i];
    }
    map->alloc = new_alloc;
    map->table = table;
    m_del(mp_map_elem_t, old, old_alloc);
}

/* Linear search for ordered maps (insertion order, compact table). */
static mp_map_elem_t *ordered_lookup(mp_map_t *map, mp_obj_t index,
    mp_map_lookup_kind_t kind) {
    mp_map_elem_t *table = map->table;
    size_t used = map->used;
    if (kind == MP_MAP_LOOKUP && used > 0) {
        size_t guess = lookup_cache[cache_index(table, index)];
        if (guess < used && table[guess].key == index) {
            return &table[guess];
        }
    }
    bool words_only = map->all_keys_are_qstrs && mp_obj_is_qstr(index);
    for (size_t i = 0; i < used; i++) {
        mp_obj_t k = table[i].key;
        if (k == index || (!words_only && keys_equal(k, index))) {
            if (kind == MP_MAP_LOOKUP_REMOVE_IF_FOUND) {
                if (map->is_fixed) {
                    return NULL;
                }
                /* close the gap; hand the removed pair back in the slot
                 * that just fell off the end */
                mp_map_elem_t removed = table[i];
                memmove(&table[i], &table[i + 1], (used - i - 1) * sizeof(mp_map_elem_t));
                map->used = used - 1;
                table[used - 1].key = MP_OBJ_NULL; /* iteration skips it */
                table[used - 1].value = removed.value;
                return &table[used - 1];
            }
            if (kind == MP_MAP_LOOKUP_ADD_IF_NOT_FOUND && map->is_fixed) {
                return NULL; /* constant tables must not be written */
            }
            if (k == index) {
                cache_store(table, index, i);
            }
            return &table[i];
        }
    }
    if (kind != MP_MAP_LOOKUP_ADD_IF_NOT_FOUND || map->is_fixed) {
        return NULL;
    }
    if (used == map->alloc) {
        size_t new_alloc = map->alloc + 4;
        map->table = m_renew(mp_map_elem_t, map->table, map->alloc, new_alloc);
        memset(&map->table[map->alloc], 0, (new_alloc - map->alloc) * sizeof(mp_map_elem_t));
        map->alloc = new_alloc;
    }
    mp_map_elem_t *elem = &map->table[map->used++];
    elem->key = index;
    elem->value = MP_OBJ_NULL;
    if (!mp_obj_is_qstr(index)) {
        map->all_keys_are_qstrs = 0;
    }
    return elem;
}

/*
 * Find `index`. ADD_IF_NOT_FOUND inserts it with value MP_OBJ_NULL when
 * absent. REMOVE_IF_FOUND removes it and returns an element whose value is
 * the removed value (its key is no longer meaningful); the pointer is valid
 * until the map is next changed. Returns NULL when not found, and for
 * ADD/REMOVE on a fixed (constant) map.
 */
mp_map_elem_t *mp_map_lookup(mp_map_t *map, mp_obj_t index, mp_map_lookup_kind_t lookup_kind) {
    if (map->is_ordered) {
        return ordered_lookup(map, index, lookup_kind);
    }
    if (map->alloc == 0) {
        if (lookup_kind != MP_MAP_LOOKUP_ADD_IF_NOT_FOUND || map->is_fixed) {
            return NULL;
        }
        map_rehash(map);
    }
    /* A str object is a new object each time (say a word from split()), so
     * it is cached by its hash and checked by contents; anything else is
     * cached and checked by its word. */
    bool str_obj = is_str_obj(index);
    size_t hash = str_obj ? str_obj_hash(index) : 0;
    mp_obj_t cache_key = str_obj ? (mp_obj_t)(uintptr_t)hash : index;
    if (lookup_kind != MP_MAP_LOOKUP_REMOVE_IF_FOUND) {
        size_t guess = lookup_cache[cache_index(map->table, cache_key)];
        if (guess < map->alloc) {
            mp_obj_t k = map->table[guess].key;
            if (k == index || (str_obj && k != MP_OBJ_NULL && k != MP_OBJ_SENTINEL
                               && str_key_equal(k, index, hash))) {
                if (lookup_kind == MP_MAP_LOOKUP_ADD_IF_NOT_FOUND && map->is_fixed) {
                    return NULL;
                }
                return &map->table[guess];
            }
        }
    }
    /* qstr index in an all-qstr map: only identical words can match */
    bool words_only = map->all_keys_are_qstrs && mp_obj_is_qstr(index);
    if (words_only && map->used == map->alloc && lookup_kind == MP_MAP_LOOKUP) {
        /* A full table (MicroPython's maps grow only when full) has no
         * empty slot to end a probe, so a miss visits every slot anyway:
         * compare the words in order, without hashing or dividing. This
         * is the common case of a method looked up on an instance. */
        mp_map_elem_t *table = map->table;
        for (size_t i = 0; i < map->alloc; i++) {
            if (table[i].key == index) {
                cache_store(table, index, i);
                return &table[i];
            }
        }
        return NULL;
    }
    bool str_index = str_obj || mp_obj_is_qstr(index);
    if (!str_obj) {
        hash = key_hash(index);
    }
    for (;;) {
        mp_map_elem_t *table = map->table;
        size_t alloc = map->alloc;
        size_t start = hash_slot(hash, alloc);
        size_t pos = start;
        mp_map_elem_t *avail = NULL;
        do {
            mp_map_elem_t *slot = &table[pos];
            mp_obj_t k = slot->key;
            if (k == index) {
                goto found;
            }
            if (k == MP_OBJ_NULL) {
                if (lookup_kind != MP_MAP_LOOKUP_ADD_IF_NOT_FOUND || map->is_fixed) {
                    return NULL;
                }
                if (avail == NULL) {
                    avail = slot;
                }
                goto add;
            }
            if (k == MP_OBJ_SENTINEL) {
                if (avail == NULL) {
                    avail = slot;
                }
            } else if (!words_only
                       && (str_index ? str_key_equal(k, index, hash) : keys_equal(k, index))) {
                goto found;
            }
            pos = pos + 1 == alloc ? 0 : pos + 1;
            continue;
        found:
            if (lookup_kind == MP_MAP_LOOKUP_REMOVE_IF_FOUND) {
                if (map->is_fixed) {
                    return NULL;
                }
                map->used--;
                size_t next = pos + 1 == alloc ? 0 : pos + 1;
                slot->key = table[next].key == MP_OBJ_NULL ? MP_OBJ_NULL : MP_OBJ_SENTINEL;
                /* slot->value is kept for the caller */
                return slot;
            }
            if (lookup_kind == MP_MAP_LOOKUP_ADD_IF_NOT_FOUND && map->is_fixed) {
                return NULL;
            }
            if (slot->key == index || str_obj) {
                cache_store(table, cache_key, pos);
            }
            return slot;
        } while (pos != start);
        /* went all the way round without finding an empty slot */
        if (lookup_kind != MP_MAP_LOOKUP_ADD_IF_NOT_FOUND || map->is_fixed) {
            return NULL;
        }
        if (avail == NULL) {
            map_rehash(map);
            continue;
        }
    add:
        map->used++;
        avail->key = index;
        avail->value = MP_OBJ_NULL;
        if (!mp_obj_is_qstr(index)) {
            map->all_keys_are_qstrs = 0;
        }
        cache_store(map->table, cache_key, (size_t)(avail - map->table));
        return avail;
    }
}

mp_obj_t mp_map_first_or_null(mp_map_t *map) {
    for (size_t i = 0; i < map->alloc; i++) {
        if (mp_map_slot_is_filled(map, i)) {
            return map->table[i].key;
        }
    }
    return MP_OBJ_NULL;
}

/* ---- sets --------------------------------------------------------------- */

void mp_set_init(mp_set_t *set, size_t n) {
    set->alloc = n;
    set->used = 0;
    set->table = n == 0 ? NULL : m_new0(mp_obj_t, n);
}

static void set_rehash(mp_set_t *set) {
    size_t old_alloc = set->alloc;
    mp_obj_t *old = set->table;
    size_t new_alloc = next_hash_size(old_alloc + 1);
    mp_obj_t *table = m_new0(mp_obj_t, new_alloc);
    for (size_t i = 0; i < old_alloc; i++) {
        mp_obj_t key = old[i];
        if (key == MP_OBJ_NULL || key == MP_OBJ_SENTINEL) {
            continue;
        }
        size_t pos = hash_slot(key_hash(key), new_alloc);
        while (table[pos] != MP_OBJ_NULL) {
            pos = pos + 1 == new_alloc ? 0 : pos + 1;
        }
        table[pos] = key;
    }
    set->alloc = new_alloc;
    set->table = table;
    m_del(mp_obj_t, old, old_alloc);
}

/* Returns the element found (or added), MP_OBJ_NULL if absent. */
mp_obj_t mp_set_lookup(mp_set_t *set, mp_obj_t index, mp_map_lookup_kind_t lookup_kind) {
    if (set->alloc == 0) {
        if (lookup_kind != MP_MAP_LOOKUP_ADD_IF_NOT_FOUND) {
            return MP_OBJ_NULL;
        }
        set_rehash(set);
    }
    bool str_index = mp_obj_is_qstr(index) || is_str_obj(index);
    size_t hash = key_hash(index);
    for (;;) {
        mp_obj_t *table = set->table;
        size_t alloc = set->alloc;
        size_t start = hash_slot(hash, alloc);
        size_t pos = start;
        mp_obj_t *avail = NULL;
        do {
            mp_obj_t k = table[pos];
            if (k == MP_OBJ_NULL) {
                if (lookup_kind != MP_MAP_LOOKUP_ADD_IF_NOT_FOUND) {
                    return MP_OBJ_NULL;
                }
                if (avail == NULL) {
                    avail = &table[pos];
                }
                break;
            }
            if (k == MP_OBJ_SENTINEL) {
                if (avail == NULL) {
                    avail = &table[pos];
                }
            } else if (k == index
                       || (str_index ? str_key_equal(k, index, hash) : keys_equal(k, index))) {
                if (lookup_kind == MP_MAP_LOOKUP_REMOVE_IF_FOUND) {
                    set->used--;
                    size_t next = pos + 1 == alloc ? 0 : pos + 1;
                    table[pos] = table[next] == MP_OBJ_NULL ? MP_OBJ_NULL : MP_OBJ_SENTINEL;
                }
                return k;
            }
            pos = pos + 1 == alloc ? 0 : pos + 1;
        } while (pos != start);
        if (lookup_kind != MP_MAP_LOOKUP_ADD_IF_NOT_FOUND) {
            return MP_OBJ_NULL;
        }
        if (avail == NULL) {
            set_rehash(set);
            continue;
        }
        set->used++;
        *avail = index;
        return index;
    }
}

/* set.pop(): the first element in iteration order, MP_OBJ_NULL if empty. */
mp_obj_t mp_set_remove_first(mp_set_t *set) {
    for (size_t pos = 0; pos < set->alloc; pos++) {
        if (mp_set_slot_is_filled(set, pos)) {
            mp_obj_t elem = set->table[pos];
            set->used--;
            size_t next = pos + 1 == set->alloc ? 0 : pos + 1;
            set->table[pos] = set->table[next] == MP_OBJ_NULL ? MP_OBJ_NULL : MP_OBJ_SENTINEL;
            return elem;
        }
    }
    return MP_OBJ_NULL;
}

void mp_set_clear(mp_set_t *set) {
    m_del(mp_obj_t, set->table, set->alloc);
    set->alloc = 0;
    set->used = 0;
    set->table = NULL;
}
