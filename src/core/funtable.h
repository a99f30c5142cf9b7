/*
 * The native function table (../shared/spec/native.md section 6): the one
 * array through which machine code (native, viper, natmod) reaches the
 * runtime. Entry order is fixed by .mpy sub-version 3. Entries 0..2 and
 * 72..86 are data words, the others direct pointers to runtime functions
 * with the C signatures of the spec (design note 4).
 *
 * The compiler puts MP_OBJ_FROM_PTR(mp_fun_table) into a module's constant
 * table where native code needs the table; the writer saves that entry as
 * the "function table" constant (tag 0) and the loader puts the same
 * address back.
 */
#ifndef MICA_CORE_FUNTABLE_H
#define MICA_CORE_FUNTABLE_H

#define MP_FUN_TABLE_SIZE (87)

extern const void *const mp_fun_table[MP_FUN_TABLE_SIZE];

#endif
