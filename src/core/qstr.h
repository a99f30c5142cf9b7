/*
 * Interned strings. Numbers 1..165 are the static qstrs of
 * ../shared/spec/static-qstrs.txt in that order (an ABI); every other qstr
 * is numbered after them as it is interned. Lookup is by hash table
 * (design note 9), never by a linear search.
 *
 * C code names a qstr as MP_QSTR_name. tools/gen_qstrs.py scans the sources
 * for MP_QSTR_ identifiers and generates build/genhdr/qstrdefs.h: the static
 * ones first with their fixed numbers, then the others. Names that are not C
 * identifiers use escapes: _lt_ '<', _gt_ '>', _star_ '*', _slash_ '/',
 * _space_ ' ', _dot_ '.', _hyphen_ '-', _0x0a_ '\n', and MP_QSTR_ is ''. Outside the static
 * list, escapes are decoded only in names that start with one (so
 * MP_QSTR___lt__ is "__lt__").
 */
#ifndef MICA_CORE_QSTR_H
#define MICA_CORE_QSTR_H

#include "core/obj.h"
#include "genhdr/qstrdefs.h" /* enum { MP_QSTRnull, MP_QSTR_, ..., MP_QSTRnumber_of } */

#define MP_QSTR_NUM_STATIC (165)

void qstr_init(void);
qstr qstr_from_str(const char *str);
qstr qstr_from_strn(const char *str, size_t len);
/* MP_QSTRnull if the string has not been interned */
qstr qstr_find_strn(const char *str, size_t len);
size_t qstr_compute_hash(const byte *data, size_t len); /* same as mp_str_hash */
size_t qstr_hash(qstr q);
size_t qstr_len(qstr q);
const char *qstr_str(qstr q); /* NUL-terminated */
const byte *qstr_data(qstr q, size_t *len);
size_t qstr_count(void); /* number of qstrs interned so far, incl. static */
/* bytes used by the qstr pool (for mem_info) */
void qstr_pool_info(size_t *n_qstr, size_t *n_str_data_bytes, size_t *n_total_bytes);

#endif
