/*
 * The `time` module: wall-clock time, sleeping, MicroPython's wrapping
 * tick counters (ticks_ms/us/cpu with ticks_add/ticks_diff) and the
 * conversions localtime/gmtime/mktime (8-tuples as in MicroPython:
 * year, month, mday, hour, minute, second, weekday 0=Monday, yearday).
 */
#include <errno.h>
#include <time.h>

#include "core/runtime.h"
#include "modules/modules.h"

/* Tick values wrap where small ints end, as in MicroPython: at 2**62 on
 * 64-bit hosts (2**30 on 32-bit ones). */
#define TICKS_PERIOD ((mp_uint_t)MP_SMALL_INT_MAX_ + 1)
#define TICKS_MASK (TICKS_PERIOD - 1)

static double now_seconds(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static mp_obj_t time_time(void) {
    return mp_obj_new_float(now_seconds(CLOCK_REALTIME));
}
static MP_DEFINE_CONST_FUN_OBJ_0(time_time_obj, time_time);

static mp_obj_t time_time_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return mp_obj_new_int_from_ll((long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
}
static MP_DEFINE_CONST_FUN_OBJ_0(time_time_ns_obj, time_time_ns);

static void sleep_ns(double ns) {
    if (!(ns > 0)) {
        return;
    }
    struct timespec ts;
    ts.tv_sec = (time_t)(ns / 1e9);
    ts.tv_nsec = (long)(ns - (double)ts.tv_sec * 1e9);
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        mp_handle_pending(); /* a Ctrl-C ends the sleep with KeyboardInterrupt */
    }
}

static mp_obj_t time_sleep(mp_obj_t secs) {
    sleep_ns(mp_obj_get_float(secs) * 1e9);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(time_sleep_obj, time_sleep);

static mp_obj_t time_sleep_ms(mp_obj_t ms) {
    sleep_ns((double)mp_obj_get_int(ms) * 1e6);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(time_sleep_ms_obj, time_sleep_ms);

static mp_obj_t time_sleep_us(mp_obj_t us) {
    sleep_ns((double)mp_obj_get_int(us) * 1e3);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(time_sleep_us_obj, time_sleep_us);

static mp_obj_t time_ticks_ms(void) {
    return MP_OBJ_NEW_SMALL_INT((monotonic_ns() / 1000000u) & TICKS_MASK);
}
static MP_DEFINE_CONST_FUN_OBJ_0(time_ticks_ms_obj, time_ticks_ms);

static mp_obj_t time_ticks_us(void) {
    return MP_OBJ_NEW_SMALL_INT((monotonic_ns() / 1000u) & TICKS_MASK);
}
static MP_DEFINE_CONST_FUN_OBJ_0(time_ticks_us_obj, time_ticks_us);

static mp_obj_t time_ticks_cpu(void) {
    return MP_OBJ_NEW_SMALL_INT(monotonic_ns() & TICKS_MASK);
}
static MP_DEFINE_CONST_FUN_OBJ_0(time_ticks_cpu_obj, time_ticks_cpu);

static mp_obj_t time_ticks_add(mp_obj_t ticks, mp_obj_t delta) {
    mp_uint_t t = (mp_uint_t)mp_obj_get_int(ticks) + (mp_uint_t)mp_obj_get_int(delta);
    return MP_OBJ_NEW_SMALL_INT(t & TICKS_MASK);
}
static MP_DEFINE_CONST_FUN_OBJ_2(time_ticks_add_obj, time_ticks_add);

/* signed distance a - b on the wrapping counter, in [-period/2, period/2) */
static mp_obj_t time_ticks_diff(mp_obj_t a_in, mp_obj_t b_in) {
    mp_uint_t d = ((mp_uint_t)mp_obj_get_int(a_in) - (mp_uint_t)mp_obj_get_int(b_in)
        + TICKS_PERIOD / 2) & TICKS_MASK;
    return MP_OBJ_NEW_SMALL_INT((mp_int_t)d - (mp_int_t)(TICKS_PERIOD / 2));
}
static MP_DEFINE_CONST_FUN_OBJ_2(time_ticks_diff_obj, time_ticks_diff);

static mp_obj_t tm_to_tuple(const struct tm *tm) {
    mp_obj_t items[8] = {
        mp_obj_new_int(tm->tm_year + 1900),
        MP_OBJ_NEW_SMALL_INT(tm->tm_mon + 1),
        MP_OBJ_NEW_SMALL_INT(tm->tm_mday),
        MP_OBJ_NEW_SMALL_INT(tm->tm_hour),
        MP_OBJ_NEW_SMALL_INT(tm->tm_min),
        MP_OBJ_NEW_SMALL_INT(tm->tm_sec),
        MP_OBJ_NEW_SMALL_INT((tm->tm_wday + 6) % 7), /* C counts from Sunday */
        MP_OBJ_NEW_SMALL_INT(tm->tm_yday + 1),
    };
    return mp_obj_new_tuple(8, items);
}

static time_t secs_arg(size_t n_args, const mp_obj_t *args) {
    if (n_args == 0 || args[0] == mp_const_none) {
        return time(NULL);
    }
    /* through int64: on 32-bit words a time after 2038 is not a machine
     * int, but time_t has 64 bits (the ARM build sets _TIME_BITS=64) */
    int64_t v;
    if (mp_obj_is_int(args[0]) && mp_obj_int_get_int64(args[0], &v)) {
        time_t t = (time_t)v;
        if ((int64_t)t != v) {
            mp_raise_msg(&mp_type_OverflowError, "timestamp out of range");
        }
        return t;
    }
    return (time_t)mp_obj_get_int(args[0]);
}

static mp_obj_t time_localtime(size_t n_args, const mp_obj_t *args) {
    time_t t = secs_arg(n_args, args);
    struct tm tm;
    if (localtime_r(&t, &tm) == NULL) {
        mp_raise_msg(&mp_type_OverflowError, "timestamp out of range");
    }
    return tm_to_tuple(&tm);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(time_localtime_obj, 0, 1, time_localtime);

static mp_obj_t time_gmtime(size_t n_args, const mp_obj_t *args) {
    time_t t = secs_arg(n_args, args);
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL) {
        mp_raise_msg(&mp_type_OverflowError, "timestamp out of range");
    }
    return tm_to_tuple(&tm);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(time_gmtime_obj, 0, 1, time_gmtime);

/* mktime((year, month, mday, hour, minute, second, weekday, yearday[, dst])) */
static mp_obj_t time_mktime(mp_obj_t tuple) {
    size_t n;
    mp_obj_t *items;
    mp_obj_get_array(tuple, &n, &items);
    if (n < 8 || n > 9) {
        mp_raise_TypeError("mktime needs a tuple of length 8 or 9");
    }
    struct tm tm = {0};
    tm.tm_year = (int)mp_obj_get_int(items[0]) - 1900;
    tm.tm_mon = (int)mp_obj_get_int(items[1]) - 1;
    tm.tm_mday = (int)mp_obj_get_int(items[2]);
    tm.tm_hour = (int)mp_obj_get_int(items[3]);
    tm.tm_min = (int)mp_obj_get_int(items[4]);
    tm.tm_sec = (int)mp_obj_get_int(items[5]);
    tm.tm_isdst = n == 9 ? (int)mp_obj_get_int(items[8]) : -1;
    time_t t = mktime(&tm);
    return mp_obj_new_int_from_ll((long long)t);
}
static MP_DEFINE_CONST_FUN_OBJ_1(time_mktime_obj, time_mktime);

static const mp_rom_map_elem_t time_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_time)},
    {MP_ROM_QSTR(MP_QSTR_time), MP_ROM_PTR(&time_time_obj)},
    {MP_ROM_QSTR(MP_QSTR_time_ns), MP_ROM_PTR(&time_time_ns_obj)},
    {MP_ROM_QSTR(MP_QSTR_sleep), MP_ROM_PTR(&time_sleep_obj)},
    {MP_ROM_QSTR(MP_QSTR_sleep_ms), MP_ROM_PTR(&time_sleep_ms_obj)},
    {MP_ROM_QSTR(MP_QSTR_sleep_us), MP_ROM_PTR(&time_sleep_us_obj)},
    {MP_ROM_QSTR(MP_QSTR_ticks_ms), MP_ROM_PTR(&time_ticks_ms_obj)},
    {MP_ROM_QSTR(MP_QSTR_ticks_us), MP_ROM_PTR(&time_ticks_us_obj)},
    {MP_ROM_QSTR(MP_QSTR_ticks_cpu), MP_ROM_PTR(&time_ticks_cpu_obj)},
    {MP_ROM_QSTR(MP_QSTR_ticks_add), MP_ROM_PTR(&time_ticks_add_obj)},
    {MP_ROM_QSTR(MP_QSTR_ticks_diff), MP_ROM_PTR(&time_ticks_diff_obj)},
    {MP_ROM_QSTR(MP_QSTR_localtime), MP_ROM_PTR(&time_localtime_obj)},
    {MP_ROM_QSTR(MP_QSTR_gmtime), MP_ROM_PTR(&time_gmtime_obj)},
    {MP_ROM_QSTR(MP_QSTR_mktime), MP_ROM_PTR(&time_mktime_obj)},
};
static MP_DEFINE_CONST_DICT(time_module_globals, time_module_table);

const mp_obj_module_t mp_module_time = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&time_module_globals,
};
