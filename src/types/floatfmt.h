/*
 * Float <-> text, shared by float repr/str, %-formatting, str.format and
 * f-string specs, and the .mpy writer (float constants are stored as text).
 * Owned by the numbers subsystem; output must match MicroPython's.
 */
#ifndef MICA_TYPES_FLOATFMT_H
#define MICA_TYPES_FLOATFMT_H

#include <stddef.h>

/* Format `f` like printf's %e/%f/%g (fmt is 'e','E','f','F','g','G') with
 * `prec` digits (-1 = default 6), rounding as MicroPython does (half away
 * from zero: '%.0f' % 0.5 == '1', '%.2f' % 5.125 == '5.13').
 * `sign` is '\0', '+' or ' ' (prefix for non-negative values).
 * Writes a NUL-terminated string into buf; returns its length. buf_size
 * must be at least 32; longer output (e.g. '%f' % 1e300) needs more: the
 * function never writes beyond buf_size and returns the full length needed
 * (like snprintf) so the caller can retry with a bigger buffer. */
int mp_format_float(double f, char *buf, size_t buf_size, char fmt, int prec, char sign);

/* repr(f) / str(f) exactly as MicroPython prints floats (e.g. '1.0',
 * '1e+100', 'inf', 'nan', '4.940656458412465e-324'). */
int mp_float_repr(double f, char *buf, size_t buf_size);

/* Parse a float literal or float() argument (decimal, exponent, inf, nan,
 * underscores already removed by the caller). Returns 0 on success with *out
 * set, -1 if the text is not a number. *is_imag is set when the text ends in
 * 'j'/'J' (complex literal) if is_imag is not NULL, otherwise 'j' is an error. */
int mp_parse_float(const char *str, size_t len, double *out, int *is_imag);

/* The text the .mpy writer stores for a float constant (mpy-format.md 5,
 * compiler-behaviour.md 7.5): exactly MicroPython's repr. */
int mp_float_const_text(double f, char *buf, size_t buf_size);

/* repr without a forced trailing ".0" ('1', '1.5', '1e+20'): the parts of a
 * complex number are printed this way. */
int mp_float_repr_no_point(double f, char *buf, size_t buf_size);

/* repr of a complex number as MicroPython prints it: '1j', '(1+2j)',
 * '(-0-1j)'. Also the .mpy text of a complex constant ('2j', '1.5j', '0j'). */
int mp_complex_repr(double real, double imag, char *buf, size_t buf_size);

#endif
