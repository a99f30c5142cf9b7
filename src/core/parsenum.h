/*
 * Number parsing shared by the lexer/parser (literals), int(), float(),
 * complex() and the .mpy loader (big-int and float constants are text).
 * Owned by the numbers subsystem.
 */
#ifndef MICA_CORE_PARSENUM_H
#define MICA_CORE_PARSENUM_H

#include "core/obj.h"

/* Parse an integer in `base` (0 = auto with 0x/0o/0b prefixes and Python
 * literal rules; 2..36 otherwise), allowing surrounding whitespace, a sign
 * and underscores between digits as Python does. Returns a small int or a
 * big int object. On bad text raises
 * ValueError("invalid syntax for integer with base %d: '%s'") (MicroPython's
 * wording; see the vectors for exact text). */
mp_obj_t mp_parse_num_integer(const char *str, size_t len, int base);

/* Parse a float/complex literal or float()/complex() argument: returns a float
 * object, or a complex object if the text ends in j/J and allow_imag.
 * Bad text raises ValueError("invalid syntax for number"). */
mp_obj_t mp_parse_num_decimal(const char *str, size_t len, bool allow_imag, bool force_complex);

#endif
