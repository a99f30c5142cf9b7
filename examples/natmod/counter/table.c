/*
 * Second object of the `counter` natmod: constant data in .rodata and
 * .data.rel.ro, a global function and a global table that counter.c uses
 * across objects (the linker resolves them between the two ELF files).
 */
#include "py/dynruntime.h"

/* read-only data: the first primes (.rodata) */
const uint16_t counter_primes[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
const size_t counter_n_primes = sizeof(counter_primes) / sizeof(counter_primes[0]);

/* pointers in constant data (.data.rel.ro): absolute relocations to text.
 * The lengths are stored because a strlen-like loop would be turned into
 * a call to strlen by GCC, and natmods have no C library. */
typedef struct {
    const char *text;
    size_t len;
} name_t;
static const name_t number_names[] = {{"zero", 4}, {"one", 3}, {"two", 3}, {"three", 5}};

mp_int_t counter_prime(size_t i) {
    return i < counter_n_primes ? counter_primes[i] : -1;
}

/* the name of a small number and its length, or NULL */
const char *counter_number_name(mp_int_t i, size_t *len) {
    if (i < 0 || (size_t)i >= sizeof(number_names) / sizeof(number_names[0])) {
        return NULL;
    }
    *len = number_names[i].len;
    return number_names[i].text;
}
