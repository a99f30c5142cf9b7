/*
 * Typecodes: the sizes, alignments and memory layout of the values that
 * struct, array, memoryview and natmods (function-table entries 69-71)
 * read and write. One place decides what 'h' or 'Q' means.
 *
 * Typecodes: b B h H i I l L q Q P O (ints / pointers / objects), e f d
 * (half, single, double floats), plus struct's x and s (size 1; their
 * meaning is up to struct). "Struct type" selects sizes and byte order:
 * '@' native sizes, alignment and byte order; '<' little-endian, '>' and
 * '!' big-endian, all three with standard sizes (l/L 4 bytes, P/O the word
 * size) and no alignment.
 *
 * Integers are stored modulo 2**(8*size), without range checks, as
 * MicroPython does.
 */
#ifndef MICA_MODULES_BINARY_H
#define MICA_MODULES_BINARY_H

#include "core/obj.h"

/* Size in bytes of val_type under struct_type; *palign (if not NULL) gets
 * its alignment (1 for the standard struct types). Raises
 * ValueError("bad typecode") for an unknown typecode. (Function table 69.) */
size_t mp_binary_get_size(char struct_type, char val_type, size_t *palign);

/* Same as mp_binary_get_size('@', typecode, NULL), but returns 0 for an
 * unknown typecode or for x/s (which an array cannot hold). */
size_t mp_binary_array_item_size(char typecode);

/* Item `index` of a native-layout array of typecode at p. (Table 70.) */
mp_obj_t mp_binary_get_val_array(char typecode, void *p, size_t index);
/* Store v (an int, float or, for 'O', any object) as item `index`. Raises
 * TypeError for a value of the wrong kind. (Table 71.) */
void mp_binary_set_val_array(char typecode, void *p, size_t index, mp_obj_t v);
/* Store a C integer as item `index` (no object needed). */
void mp_binary_set_val_array_from_int(char typecode, void *p, size_t index, mp_int_t v);

/* Read / write one value of val_type at p in the byte order of struct_type
 * (no alignment is applied here). 's' and 'x' are not handled. */
mp_obj_t mp_binary_get_val(char struct_type, char val_type, const byte *p);
void mp_binary_set_val(char struct_type, char val_type, mp_obj_t v, byte *p);

/* The low 64 bits of an int's two's-complement value (small or big int,
 * bool). Raises TypeError("can't convert X to int") for anything else. */
uint64_t mp_binary_int_bits(mp_obj_t v);

/* An unsigned/signed integer of `size` bytes (1..8) at p, in either order. */
uint64_t mp_binary_get_uint(const byte *p, size_t size, bool big_endian);
void mp_binary_put_uint(byte *p, size_t size, bool big_endian, uint64_t v);

/* IEEE 754 half precision <-> float (the 'e' typecode). */
float mp_binary_half_to_float(uint16_t h);
uint16_t mp_binary_float_to_half(float f);

#endif
