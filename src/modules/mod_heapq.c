/*
 * The `heapq` module (also `uheapq`): heappush, heappop and heapify on a
 * list, a binary min-heap ordered by `<`. The sift steps are CPython's (move
 * the hole down to a leaf, then the new item up), so lists end up in the
 * same order as there.
 */
#include "core/runtime.h"
#include "modules/modules.h"

static mp_obj_list_t *heap_list(mp_obj_t heap_in) {
    if (!mp_obj_is_type(heap_in, &mp_type_list)) {
        mp_raise_TypeError("heap must be a list");
    }
    return MP_OBJ_TO_PTR(heap_in);
}

static bool less(mp_obj_t a, mp_obj_t b) {
    return mp_obj_is_true(mp_binary_op(MP_BINARY_OP_LESS, a, b));
}

/* A comparison may run Python code that shrinks the list under us. */
static void check_len(mp_obj_list_t *heap, size_t need) {
    if (heap->len < need) {
        mp_raise_msg(&mp_type_RuntimeError, "list changed size during heap operation");
    }
}

/* move the item at pos up towards start while it is smaller than its parent */
static void sift_down(mp_obj_list_t *heap, size_t start, size_t pos) {
    mp_obj_t item = heap->items[pos];
    while (pos > start) {
        size_t parent_pos = (pos - 1) >> 1;
        mp_obj_t parent = heap->items[parent_pos];
        bool lt = less(item, parent);
        check_len(heap, pos + 1);
        if (!lt) {
            break;
        }
        heap->items[pos] = parent;
        pos = parent_pos;
    }
    heap->items[pos] = item;
}

/* move the hole at pos down to a leaf along the smaller children, then put
 * the item back in and let it rise */
static void sift_up(mp_obj_list_t *heap, size_t pos) {
    size_t end = heap->len, start = pos;
    mp_obj_t item = heap->items[pos];
    size_t child = 2 * pos + 1;
    while (child < end) {
        size_t right = child + 1;
        if (right < end) {
            bool lt = less(heap->items[child], heap->items[right]);
            check_len(heap, end);
            if (!lt) {
                child = right;
            }
        }
        heap->items[pos] = heap->items[child];
        pos = child;
        child = 2 * pos + 1;
    }
    heap->items[pos] = item;
    sift_down(heap, start, pos);
}

static mp_obj_t heapq_heappush(mp_obj_t heap_in, mp_obj_t item) {
    mp_obj_list_t *heap = heap_list(heap_in);
    mp_obj_list_append(heap_in, item);
    sift_down(heap, 0, heap->len - 1);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(heapq_heappush_obj, heapq_heappush);

static mp_obj_t heapq_heappop(mp_obj_t heap_in) {
    mp_obj_list_t *heap = heap_list(heap_in);
    if (heap->len == 0) {
        mp_raise_msg(&mp_type_IndexError, "empty heap");
    }
    mp_obj_t last = heap->items[--heap->len];
    heap->items[heap->len] = MP_OBJ_NULL; /* let the GC drop it */
    if (heap->len == 0) {
        return last;
    }
    mp_obj_t top = heap->items[0];
    heap->items[0] = last;
    sift_up(heap, 0);
    return top;
}
static MP_DEFINE_CONST_FUN_OBJ_1(heapq_heappop_obj, heapq_heappop);

static mp_obj_t heapq_heapify(mp_obj_t heap_in) {
    mp_obj_list_t *heap = heap_list(heap_in);
    for (size_t i = heap->len / 2; i-- > 0;) {
        sift_up(heap, i);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(heapq_heapify_obj, heapq_heapify);

static const mp_rom_map_elem_t heapq_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_heapq)},
    {MP_ROM_QSTR(MP_QSTR_heappush), MP_ROM_PTR(&heapq_heappush_obj)},
    {MP_ROM_QSTR(MP_QSTR_heappop), MP_ROM_PTR(&heapq_heappop_obj)},
    {MP_ROM_QSTR(MP_QSTR_heapify), MP_ROM_PTR(&heapq_heapify_obj)},
};
static MP_DEFINE_CONST_DICT(heapq_module_globals, heapq_module_table);

const mp_obj_module_t mp_module_heapq = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&heapq_module_globals,
};
