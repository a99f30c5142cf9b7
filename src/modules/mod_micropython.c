/*
 * The `micropython` module: const(), optimisation level, memory and qstr
 * statistics, heap locking, and micropython.schedule() with the pending
 * queue that mp_handle_pending() drains.
 */
#include "core/runtime.h"
#include "modules/modules.h"

/* const(x) is x: the compiler folds `NAME = const(x)` itself; a call that
 * survives to run time (e.g. from eval) just returns its argument. */
static mp_obj_t mp_micropython_const(mp_obj_t x) {
    return x;
}
static MP_DEFINE_CONST_FUN_OBJ_1(mp_micropython_const_obj, mp_micropython_const);

static mp_obj_t mp_micropython_opt_level(size_t n_args, const mp_obj_t *args) {
    if (n_args == 0) {
        return MP_OBJ_NEW_SMALL_INT(mp_state.opt_level);
    }
    mp_state.opt_level = (int)mp_obj_get_int(args[0]);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mp_micropython_opt_level_obj, 0, 1,
    mp_micropython_opt_level);

static size_t stack_used(void) {
    volatile char here;
    if (mp_state.stack_top == NULL || mp_state.stack_top < (char *)&here) {
        return 0;
    }
    return (size_t)(mp_state.stack_top - (char *)&here);
}

/* Same three lines as MicroPython's summary; the per-block heap map that
 * MicroPython adds for mem_info(1) is not printed. */
static mp_obj_t mp_micropython_mem_info(size_t n_args, const mp_obj_t *args) {
    gc_info_t info;
    gc_info(&info);
    mp_printf(&mp_plat_print, "stack: %u out of %u\n", (unsigned)stack_used(),
        (unsigned)mp_state.stack_limit);
    mp_printf(&mp_plat_print, "GC: total: %u, used: %u, free: %u, max new split: 0\n",
        (unsigned)info.total, (unsigned)info.used, (unsigned)info.free);
    mp_printf(&mp_plat_print,
        " No. of 1-blocks: %u, 2-blocks: %u, max blk sz: %u, max free sz: %u\n",
        (unsigned)info.num_1block, (unsigned)info.num_2block, (unsigned)info.max_block,
        (unsigned)(info.max_free / GC_BLOCK_BYTES));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mp_micropython_mem_info_obj, 0, 1,
    mp_micropython_mem_info);

static mp_obj_t mp_micropython_qstr_info(size_t n_args, const mp_obj_t *args) {
    size_t n_qstr, n_str_data_bytes, n_total_bytes;
    qstr_pool_info(&n_qstr, &n_str_data_bytes, &n_total_bytes);
    mp_printf(&mp_plat_print, "qstr pool: n_pool=1, n_qstr=%u, n_str_data_bytes=%u, "
        "n_total_bytes=%u\n", (unsigned)n_qstr, (unsigned)n_str_data_bytes,
        (unsigned)n_total_bytes);
    if (n_args > 0 && mp_obj_is_true(args[0])) {
        /* the qstrs interned at run time (compile-time ones are numbered first) */
        size_t count = qstr_count();
        for (size_t q = MP_QSTRnumber_of; q < count; q++) {
            mp_printf(&mp_plat_print, "Q(%s)\n", qstr_str(q));
        }
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mp_micropython_qstr_info_obj, 0, 1,
    mp_micropython_qstr_info);

static mp_obj_t mp_micropython_stack_use(void) {
    return mp_obj_new_int_from_uint(stack_used());
}
static MP_DEFINE_CONST_FUN_OBJ_0(mp_micropython_stack_use_obj, mp_micropython_stack_use);

/* heap_lock() nests: heap_unlock() and heap_locked() report the depth */
static mp_int_t heap_lock_depth;

static mp_obj_t mp_micropython_heap_lock(void) {
    gc_lock();
    heap_lock_depth++;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_0(mp_micropython_heap_lock_obj, mp_micropython_heap_lock);

static mp_obj_t mp_micropython_heap_unlock(void) {
    gc_unlock();
    if (heap_lock_depth > 0) {
        heap_lock_depth--;
    }
    return MP_OBJ_NEW_SMALL_INT(heap_lock_depth);
}
static MP_DEFINE_CONST_FUN_OBJ_0(mp_micropython_heap_unlock_obj, mp_micropython_heap_unlock);

static mp_obj_t mp_micropython_heap_locked(void) {
    if (!gc_is_locked()) {
        heap_lock_depth = 0; /* someone else unlocked it (e.g. after an error) */
    }
    return MP_OBJ_NEW_SMALL_INT(heap_lock_depth);
}
static MP_DEFINE_CONST_FUN_OBJ_0(mp_micropython_heap_locked_obj, mp_micropython_heap_locked);

/* Mica raises MemoryError with a preallocated instance, so there is no
 * buffer to reserve: accepted for compatibility. */
static mp_obj_t mp_micropython_alloc_emergency_exception_buf(mp_obj_t size) {
    mp_obj_get_int(size);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(mp_micropython_alloc_emergency_exception_buf_obj,
    mp_micropython_alloc_emergency_exception_buf);

/* kbd_intr(chr): the character that raises KeyboardInterrupt; -1 turns
 * Ctrl-C off. The CLI gets Ctrl-C as SIGINT, so only "off" matters here. */
static volatile mp_int_t kbd_intr_char = 3;

static mp_obj_t mp_micropython_kbd_intr(mp_obj_t chr) {
    kbd_intr_char = mp_obj_get_int(chr);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(mp_micropython_kbd_intr_obj, mp_micropython_kbd_intr);

/* ---- schedule ------------------------------------------------------------ */

#define SCHED_DEPTH (8)

/* (function, argument) pairs; registered as a GC root range */
static mp_obj_t sched_queue[2 * SCHED_DEPTH];
static size_t sched_len;
static bool sched_rooted;
static bool sched_running;
static volatile int interrupt_pending;
volatile int mp_sched_pending;

/* An execution budget (see mp_set_budget in runtime.h): counted down at
 * every pending check, i.e. every backward jump and every Python call. */
static size_t budget;

void mp_set_budget(size_t n) {
    budget = n;
    mp_sched_pending = n != 0 || sched_len != 0 || interrupt_pending;
}

int mp_sched_keyboard_interrupt(void) {
    if (kbd_intr_char == -1) {
        return 1; /* Ctrl-C is turned off: ignore it */
    }
    if (interrupt_pending) {
        return 0;
    }
    interrupt_pending = 1;
    mp_sched_pending = 1;
    return 1;
}

static mp_obj_t mp_micropython_schedule(mp_obj_t fun, mp_obj_t arg) {
    if (!sched_rooted) {
        gc_root_add_range((void **)sched_queue, 2 * SCHED_DEPTH);
        sched_rooted = true;
    }
    if (sched_len == SCHED_DEPTH) {
        mp_raise_msg(&mp_type_RuntimeError, "schedule queue full");
    }
    sched_queue[2 * sched_len] = fun;
    sched_queue[2 * sched_len + 1] = arg;
    sched_len++;
    mp_sched_pending = 1;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(mp_micropython_schedule_obj, mp_micropython_schedule);

void mp_handle_pending(void) {
    if (!mp_sched_pending) {
        return;
    }
    if (budget != 0 && --budget == 0) {
        mp_sched_pending = sched_len != 0 || interrupt_pending;
        mp_raise_msg(&mp_type_RuntimeError, "execution budget exhausted");
    }
    if (interrupt_pending) {
        interrupt_pending = 0;
        mp_sched_pending = sched_len != 0 || budget != 0;
        mp_raise(mp_obj_new_exception(&mp_type_KeyboardInterrupt));
    }
    if (sched_len == 0 || sched_running) {
        return; /* callbacks don't run inside callbacks */
    }
    sched_running = true;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        while (sched_len > 0) {
            mp_obj_t fun = sched_queue[0], arg = sched_queue[1];
            sched_len--;
            for (size_t i = 0; i < 2 * sched_len; i++) {
                sched_queue[i] = sched_queue[i + 2];
            }
            sched_queue[2 * sched_len] = MP_OBJ_NULL;
            sched_queue[2 * sched_len + 1] = MP_OBJ_NULL;
            mp_sched_pending = sched_len != 0 || interrupt_pending || budget != 0;
            mp_call_function_1(fun, arg);
        }
        nlr_pop();
        sched_running = false;
        return;
    }
    sched_running = false;
    nlr_jump(nlr.ret_val); /* a callback's exception goes to the code it interrupted */
}

void mp_sched_reset(void) {
    if (sched_rooted) {
        gc_root_remove_range((void **)sched_queue);
        sched_rooted = false;
    }
    for (size_t i = 0; i < 2 * SCHED_DEPTH; i++) {
        sched_queue[i] = MP_OBJ_NULL;
    }
    sched_len = 0;
    sched_running = false;
    interrupt_pending = 0;
    budget = 0;
    mp_sched_pending = 0;
    kbd_intr_char = 3;
    heap_lock_depth = 0;
}

static const mp_rom_map_elem_t mp_micropython_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_micropython)},
    {MP_ROM_QSTR(MP_QSTR_const), MP_ROM_PTR(&mp_micropython_const_obj)},
    {MP_ROM_QSTR(MP_QSTR_opt_level), MP_ROM_PTR(&mp_micropython_opt_level_obj)},
    {MP_ROM_QSTR(MP_QSTR_mem_info), MP_ROM_PTR(&mp_micropython_mem_info_obj)},
    {MP_ROM_QSTR(MP_QSTR_qstr_info), MP_ROM_PTR(&mp_micropython_qstr_info_obj)},
    {MP_ROM_QSTR(MP_QSTR_stack_use), MP_ROM_PTR(&mp_micropython_stack_use_obj)},
    {MP_ROM_QSTR(MP_QSTR_heap_lock), MP_ROM_PTR(&mp_micropython_heap_lock_obj)},
    {MP_ROM_QSTR(MP_QSTR_heap_unlock), MP_ROM_PTR(&mp_micropython_heap_unlock_obj)},
    {MP_ROM_QSTR(MP_QSTR_heap_locked), MP_ROM_PTR(&mp_micropython_heap_locked_obj)},
    {MP_ROM_QSTR(MP_QSTR_alloc_emergency_exception_buf),
     MP_ROM_PTR(&mp_micropython_alloc_emergency_exception_buf_obj)},
    {MP_ROM_QSTR(MP_QSTR_kbd_intr), MP_ROM_PTR(&mp_micropython_kbd_intr_obj)},
    {MP_ROM_QSTR(MP_QSTR_schedule), MP_ROM_PTR(&mp_micropython_schedule_obj)},
};
static MP_DEFINE_CONST_DICT(mp_micropython_globals, mp_micropython_table);

const mp_obj_module_t mp_module_micropython = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&mp_micropython_globals,
};
