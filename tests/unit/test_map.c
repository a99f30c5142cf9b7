/* Unit tests for maps and sets (src/core/map.c), including MicroPython's
 * visible iteration order (vectors: cont_dict_order_mp). */
#include "core/runtime.h"
#include "stubs.h"
#include "unit.h"

#define QS(s) MP_OBJ_NEW_QSTR(qstr_from_str(s))
#define INT(i) MP_OBJ_NEW_SMALL_INT(i)

/* keys of a map in iteration (slot) order, as a readable string */
static const char *keys_str(mp_map_t *map) {
    static char out[1024];
    out[0] = '\0';
    for (size_t i = 0; i < map->alloc; i++) {
        if (!mp_map_slot_is_filled(map, i)) {
            continue;
        }
        mp_obj_t k = map->table[i].key;
        char item[64];
        if (mp_obj_is_small_int(k)) {
            snprintf(item, sizeof(item), "%ld", (long)MP_OBJ_SMALL_INT_VALUE(k));
        } else if (mp_obj_is_qstr(k)) {
            snprintf(item, sizeof(item), "%s", qstr_str(MP_OBJ_QSTR_VALUE(k)));
        } else {
            snprintf(item, sizeof(item), "%s", (const char *)((mp_obj_str_t *)k)->data);
        }
        if (out[0]) {
            strcat(out, " ");
        }
        strcat(out, item);
    }
    return out;
}

static void store(mp_map_t *map, mp_obj_t k, mp_obj_t v) {
    mp_map_lookup(map, k, MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value = v;
}

TEST(map_insert_lookup_delete) {
    mp_map_t m;
    mp_map_init(&m, 0);
    CHECK(mp_map_lookup(&m, QS("a"), MP_MAP_LOOKUP) == NULL);
    for (int i = 0; i < 1000; i++) {
        store(&m, INT(i * 7), INT(i));
    }
    CHECK(m.used == 1000);
    bool ok = true;
    for (int i = 0; i < 1000; i++) {
        mp_map_elem_t *e = mp_map_lookup(&m, INT(i * 7), MP_MAP_LOOKUP);
        ok = ok && e != NULL && e->value == INT(i);
    }
    CHECK(ok);
    CHECK(mp_map_lookup(&m, INT(3), MP_MAP_LOOKUP) == NULL);
    mp_map_elem_t *e = mp_map_lookup(&m, INT(14), MP_MAP_LOOKUP_REMOVE_IF_FOUND);
    CHECK(e != NULL && e->value == INT(2));
    CHECK(m.used == 999);
    CHECK(mp_map_lookup(&m, INT(14), MP_MAP_LOOKUP) == NULL);
    CHECK(mp_map_lookup(&m, INT(14), MP_MAP_LOOKUP_REMOVE_IF_FOUND) == NULL);
    /* everything else still there after the tombstone */
    ok = true;
    for (int i = 0; i < 1000; i++) {
        ok = ok && (i == 2) == (mp_map_lookup(&m, INT(i * 7), MP_MAP_LOOKUP) == NULL);
    }
    CHECK(ok);
    /* overwrite keeps count */
    store(&m, INT(0), INT(42));
    CHECK(m.used == 999 && mp_map_lookup(&m, INT(0), MP_MAP_LOOKUP)->value == INT(42));
    CHECK(!m.all_keys_are_qstrs);
    mp_map_clear(&m);
    CHECK(m.used == 0 && mp_map_lookup(&m, INT(0), MP_MAP_LOOKUP) == NULL);
    mp_map_deinit(&m);
}

TEST(map_str_object_equals_qstr) {
    mp_map_t m;
    mp_map_init(&m, 0);
    store(&m, QS("alpha"), INT(1));
    CHECK(m.all_keys_are_qstrs);
    mp_obj_t s = stub_new_str("alpha");
    mp_map_elem_t *e = mp_map_lookup(&m, s, MP_MAP_LOOKUP);
    CHECK(e != NULL && e->value == INT(1));
    store(&m, stub_new_str("beta"), INT(2));
    CHECK(!m.all_keys_are_qstrs);
    e = mp_map_lookup(&m, QS("beta"), MP_MAP_LOOKUP);
    CHECK(e != NULL && e->value == INT(2));
    CHECK(m.used == 2);
}

/* the first dict of cont_dict_order_mp */
TEST(map_order_vector_words) {
    static const char *const words[] = {"one", "two", "three", "four", "five", "six", "seven", "eight"};
    mp_map_t m;
    mp_map_init(&m, 0);
    for (int i = 0; i < 8; i++) {
        store(&m, QS(words[i]), INT(strlen(words[i])));
    }
    CHECK_STR(keys_str(&m), "eight five one four three two seven six");
}

TEST(map_order_vector_ints) {
    mp_map_t m;
    mp_map_init(&m, 0);
    for (int i = 0; i < 40; i += 3) {
        store(&m, INT(i), INT(i * i));
    }
    CHECK_STR(keys_str(&m), "0 18 36 3 21 39 6 24 9 27 12 30 15 33");
    mp_map_lookup(&m, INT(9), MP_MAP_LOOKUP_REMOVE_IF_FOUND);
    store(&m, INT(100), INT(1));
    CHECK_STR(keys_str(&m), "0 18 36 3 21 39 6 24 100 27 12 30 15 33");
}

TEST(map_order_vector_str_objects) {
    mp_map_t m;
    mp_map_init(&m, 0);
    static const char *const ks[] = {"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"};
    for (int i = 0; i < 10; i++) {
        store(&m, stub_new_str(ks[i]), INT(i));
    }
    CHECK_STR(keys_str(&m), "k6 k7 k4 k5 k2 k3 k0 k1 k8 k9");
}

TEST(map_order_vector_presized) {
    /* {-1: 1, 1000: 2, 7: 3, "t": 4, 2.5: 5, "u": 6} built with room for 6;
     * the float 2.5 (hashed elsewhere) lands in slot 2, so 2 stands in */
    mp_map_t m;
    mp_map_init(&m, 6);
    store(&m, INT(-1), INT(1));
    store(&m, INT(1000), INT(2));
    store(&m, INT(7), INT(3));
    store(&m, QS("t"), INT(4));
    store(&m, INT(2), INT(5));
    store(&m, QS("u"), INT(6));
    CHECK(m.alloc == 6);
    CHECK_STR(keys_str(&m), "u 7 2 -1 1000 t");
}

TEST(set_order_and_ops) {
    mp_set_t s;
    mp_set_init(&s, 5);
    static const int v[] = {5, 1, 3, 64, 1000};
    for (int i = 0; i < 5; i++) {
        mp_set_lookup(&s, INT(v[i]), MP_MAP_LOOKUP_ADD_IF_NOT_FOUND);
    }
    char out[128] = "";
    for (size_t i = 0; i < s.alloc; i++) {
        if (mp_set_slot_is_filled(&s, i)) {
            char item[32];
            snprintf(item, sizeof(item), "%s%ld", out[0] ? " " : "",
                (long)MP_OBJ_SMALL_INT_VALUE(s.table[i]));
            strcat(out, item);
        }
    }
    CHECK_STR(out, "5 1 1000 3 64");
    CHECK(mp_set_lookup(&s, INT(3), MP_MAP_LOOKUP) == INT(3));
    CHECK(mp_set_lookup(&s, INT(4), MP_MAP_LOOKUP) == MP_OBJ_NULL);
    CHECK(mp_set_lookup(&s, INT(3), MP_MAP_LOOKUP_REMOVE_IF_FOUND) == INT(3));
    CHECK(mp_set_lookup(&s, INT(3), MP_MAP_LOOKUP) == MP_OBJ_NULL);
    CHECK(s.used == 4);
    mp_obj_t first = mp_set_remove_first(&s);
    CHECK(first == INT(5));
    CHECK(s.used == 3);
    for (int i = 0; i < 500; i++) {
        mp_set_lookup(&s, INT(i), MP_MAP_LOOKUP_ADD_IF_NOT_FOUND);
    }
    CHECK(s.used == 501); /* 0..499 plus 1000 */
    mp_set_clear(&s);
    CHECK(s.used == 0 && mp_set_remove_first(&s) == MP_OBJ_NULL);
}

TEST(map_ordered) {
    mp_map_t m;
    mp_map_init(&m, 0);
    m.is_ordered = 1;
    static const char *const ks[] = {"zeta", "alpha", "mu", "beta", "omega", "pi"};
    for (int i = 0; i < 6; i++) {
        store(&m, QS(ks[i]), INT(i));
    }
    CHECK_STR(keys_str(&m), "zeta alpha mu beta omega pi");
    mp_map_elem_t *e = mp_map_lookup(&m, QS("mu"), MP_MAP_LOOKUP_REMOVE_IF_FOUND);
    CHECK(e != NULL && e->value == INT(2));
    CHECK_STR(keys_str(&m), "zeta alpha beta omega pi");
    CHECK(mp_map_lookup(&m, QS("omega"), MP_MAP_LOOKUP)->value == INT(4));
    store(&m, QS("mu"), INT(9));
    CHECK_STR(keys_str(&m), "zeta alpha beta omega pi mu");
}

TEST(map_fixed_table) {
    static const mp_rom_map_elem_t table[] = {
        {MP_ROM_QSTR(MP_QSTR_print), MP_ROM_INT(1)},
        {MP_ROM_QSTR(MP_QSTR_zip), MP_ROM_INT(2)},
    };
    mp_map_t m;
    mp_map_init_fixed_table(&m, 2, (const mp_obj_t *)table);
    CHECK(mp_map_lookup(&m, MP_OBJ_NEW_QSTR(MP_QSTR_zip), MP_MAP_LOOKUP)->value == INT(2));
    CHECK(mp_map_lookup(&m, stub_new_str("print"), MP_MAP_LOOKUP)->value == INT(1));
    CHECK(mp_map_lookup(&m, MP_OBJ_NEW_QSTR(MP_QSTR_map), MP_MAP_LOOKUP) == NULL);
    CHECK(mp_map_lookup(&m, MP_OBJ_NEW_QSTR(MP_QSTR_map), MP_MAP_LOOKUP_ADD_IF_NOT_FOUND) == NULL);
    CHECK(mp_map_lookup(&m, MP_OBJ_NEW_QSTR(MP_QSTR_zip), MP_MAP_LOOKUP_REMOVE_IF_FOUND) == NULL);
    CHECK(m.used == 2);
}

TEST(map_tombstone_reuse_and_full_cycle) {
    /* fill, delete everything, refill: no growth needed */
    mp_map_t m;
    mp_map_init(&m, 0);
    for (int i = 0; i < 17; i++) {
        store(&m, INT(i), INT(i));
    }
    size_t alloc = m.alloc;
    for (int i = 0; i < 17; i++) {
        CHECK(mp_map_lookup(&m, INT(i), MP_MAP_LOOKUP_REMOVE_IF_FOUND) != NULL);
    }
    CHECK(m.used == 0);
    for (int i = 100; i < 117; i++) {
        store(&m, INT(i), INT(i));
    }
    CHECK(m.alloc == alloc && m.used == 17);
    for (int i = 100; i < 117; i++) {
        CHECK(mp_map_lookup(&m, INT(i), MP_MAP_LOOKUP) != NULL);
    }
    CHECK(mp_map_lookup(&m, INT(5), MP_MAP_LOOKUP) == NULL);
}

int main(void) {
    int top;
    mp_state.stack_top = (char *)&top;
    stub_heap_init();
    qstr_init();
    RUN(map_insert_lookup_delete);
    RUN(map_str_object_equals_qstr);
    RUN(map_order_vector_words);
    RUN(map_order_vector_ints);
    RUN(map_order_vector_str_objects);
    RUN(map_order_vector_presized);
    RUN(set_order_and_ops);
    RUN(map_ordered);
    RUN(map_fixed_table);
    RUN(map_tombstone_reuse_and_full_cycle);
    return UNIT_EXIT();
}
