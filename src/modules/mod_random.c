/*
 * The `random` module on the Yasmarang generator (a small public-domain
 * 32-bit PRNG by Ilya Levin), used the way MicroPython uses it so that a
 * given seed gives MicroPython's sequence: getrandbits(k) keeps the low k
 * bits of one draw, randrange(n) draws bit_length(n) bits until the value
 * is below n, random() builds a double from two draws (checked against the
 * mod_random_seeded vector and the reference MicroPython).
 */
#include <string.h>
#include <time.h>

#include "core/runtime.h"
#include "modules/modules.h"

static uint32_t yas_pad = 0xeda4baba, yas_n = 69, yas_d = 233;
static uint8_t yas_dat;
static bool seeded;

static void yas_seed(uint32_t seed) {
    yas_pad = seed;
    yas_n = 69;
    yas_d = 233;
    yas_dat = 0;
    seeded = true;
}

static uint32_t yas_next(void) {
    if (!seeded) {
        yas_seed((uint32_t)time(NULL) ^ (uint32_t)clock());
    }
    yas_pad += yas_dat + yas_d * yas_n;
    yas_pad = (yas_pad << 3) + (yas_pad >> 29);
    yas_n = yas_pad | 2;
    yas_d ^= (yas_pad << 31) + (yas_pad >> 1);
    yas_dat ^= (uint8_t)((uint8_t)yas_pad ^ (uint8_t)(yas_d >> 8) ^ 1);
    return yas_pad ^ (yas_d << 5) ^ (yas_pad >> 18) ^ ((uint32_t)yas_dat << 1);
}

/* k random bits, 0 <= k <= 64 (two draws above 32, low word first) */
static uint64_t random_bits(unsigned k) {
    if (k == 0) {
        return 0;
    }
    if (k <= 32) {
        uint32_t v = yas_next();
        return k == 32 ? v : v & ((1u << k) - 1);
    }
    uint64_t lo = yas_next();
    uint64_t hi = random_bits(k - 32);
    return lo | (hi << 32);
}

/* Uniform in [0, n) by rejection, n >= 1. As MicroPython: each draw is
 * masked to bit_length(n) bits (not bit_length(n - 1)), so n == 1 and
 * powers of two still use draws (checked against the reference). */
static uint64_t random_below(uint64_t n) {
    unsigned k = 0;
    for (uint64_t m = n; m != 0; m >>= 1) {
        k++;
    }
    uint64_t r;
    do {
        r = random_bits(k);
    } while (r >= n);
    return r;
}

static mp_obj_t random_seed(size_t n_args, const mp_obj_t *args) {
    if (n_args == 0 || args[0] == mp_const_none) {
        yas_seed((uint32_t)time(NULL) ^ (uint32_t)clock());
    } else {
        yas_seed((uint32_t)mp_obj_get_int_truncated(args[0]));
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(random_seed_obj, 0, 1, random_seed);

static mp_obj_t random_getrandbits(mp_obj_t k_in) {
    mp_int_t k = mp_obj_get_int(k_in);
    if (k < 0 || k > 32) {
        mp_raise_ValueError("bits must be 32 or less");
    }
    return mp_obj_new_int_from_uint((mp_uint_t)random_bits((unsigned)k));
}
static MP_DEFINE_CONST_FUN_OBJ_1(random_getrandbits_obj, random_getrandbits);

/* randrange(stop) / randrange(start, stop[, step]) */
static mp_obj_t random_randrange(size_t n_args, const mp_obj_t *args) {
    mp_int_t start = 0, stop, step = 1;
    if (n_args == 1) {
        stop = mp_obj_get_int(args[0]);
    } else {
        start = mp_obj_get_int(args[0]);
        stop = mp_obj_get_int(args[1]);
        if (n_args == 3) {
            step = mp_obj_get_int(args[2]);
        }
    }
    mp_int_t n;
    if (step > 0) {
        n = (stop - start + step - 1) / step;
    } else if (step < 0) {
        n = (stop - start + step + 1) / step;
    } else {
        mp_raise_ValueError(NULL); /* MicroPython: ValueError with no message */
    }
    if (n <= 0) {
        mp_raise_ValueError(NULL);
    }
    return mp_obj_new_int(start + step * (mp_int_t)random_below((uint64_t)n));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(random_randrange_obj, 1, 3, random_randrange);

static mp_obj_t random_randint(mp_obj_t a_in, mp_obj_t b_in) {
    mp_int_t a = mp_obj_get_int(a_in), b = mp_obj_get_int(b_in);
    if (b < a) {
        mp_raise_ValueError(NULL);
    }
    return mp_obj_new_int(a + (mp_int_t)random_below((uint64_t)(b - a) + 1));
}
static MP_DEFINE_CONST_FUN_OBJ_2(random_randint_obj, random_randint);

static mp_obj_t random_choice(mp_obj_t seq) {
    mp_int_t n = mp_obj_get_int(mp_obj_len(seq));
    if (n == 0) {
        mp_raise_msg(&mp_type_IndexError, NULL); /* no message, as MicroPython */
    }
    return mp_obj_subscr(seq, mp_obj_new_int((mp_int_t)random_below((uint64_t)n)),
        MP_OBJ_SENTINEL);
}
static MP_DEFINE_CONST_FUN_OBJ_1(random_choice_obj, random_choice);

/* [0, 1) as MicroPython makes it: 52 mantissa bits (the low 20 bits of one
 * draw above all 32 of the next) under the exponent of 1.0, minus 1.0
 * (checked against the reference: seed(1) gives 0.9094890916149976) */
static double random_double(void) {
    uint64_t hi = yas_next() & 0xfffff;
    uint64_t lo = yas_next();
    uint64_t bits = (UINT64_C(0x3ff) << 52) | (hi << 32) | lo;
    double d;
    memcpy(&d, &bits, 8);
    return d - 1.0;
}

static mp_obj_t random_random(void) {
    return mp_obj_new_float(random_double());
}
static MP_DEFINE_CONST_FUN_OBJ_0(random_random_obj, random_random);

static mp_obj_t random_uniform(mp_obj_t a_in, mp_obj_t b_in) {
    double a = mp_obj_get_float(a_in), b = mp_obj_get_float(b_in);
    return mp_obj_new_float(a + (b - a) * random_double());
}
static MP_DEFINE_CONST_FUN_OBJ_2(random_uniform_obj, random_uniform);

static const mp_rom_map_elem_t random_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_random)},
    {MP_ROM_QSTR(MP_QSTR_seed), MP_ROM_PTR(&random_seed_obj)},
    {MP_ROM_QSTR(MP_QSTR_getrandbits), MP_ROM_PTR(&random_getrandbits_obj)},
    {MP_ROM_QSTR(MP_QSTR_randrange), MP_ROM_PTR(&random_randrange_obj)},
    {MP_ROM_QSTR(MP_QSTR_randint), MP_ROM_PTR(&random_randint_obj)},
    {MP_ROM_QSTR(MP_QSTR_choice), MP_ROM_PTR(&random_choice_obj)},
    {MP_ROM_QSTR(MP_QSTR_random), MP_ROM_PTR(&random_random_obj)},
    {MP_ROM_QSTR(MP_QSTR_uniform), MP_ROM_PTR(&random_uniform_obj)},
};
static MP_DEFINE_CONST_DICT(random_module_globals, random_module_table);

const mp_obj_module_t mp_module_random = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&random_module_globals,
};
