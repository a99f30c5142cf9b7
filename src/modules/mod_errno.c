/*
 * The `errno` module (also `uerrno`): the host's error numbers that
 * MicroPython's unix port names, and `errorcode`, mapping each number to
 * its name.
 */
#include <errno.h>

#include "core/runtime.h"
#include "modules/modules.h"

static const mp_rom_map_elem_t errorcode_table[] = {
    {MP_ROM_INT(EPERM), MP_ROM_QSTR(MP_QSTR_EPERM)},
    {MP_ROM_INT(ENOENT), MP_ROM_QSTR(MP_QSTR_ENOENT)},
    {MP_ROM_INT(EIO), MP_ROM_QSTR(MP_QSTR_EIO)},
    {MP_ROM_INT(EBADF), MP_ROM_QSTR(MP_QSTR_EBADF)},
    {MP_ROM_INT(EAGAIN), MP_ROM_QSTR(MP_QSTR_EAGAIN)},
    {MP_ROM_INT(ENOMEM), MP_ROM_QSTR(MP_QSTR_ENOMEM)},
    {MP_ROM_INT(EACCES), MP_ROM_QSTR(MP_QSTR_EACCES)},
    {MP_ROM_INT(EEXIST), MP_ROM_QSTR(MP_QSTR_EEXIST)},
    {MP_ROM_INT(ENODEV), MP_ROM_QSTR(MP_QSTR_ENODEV)},
    {MP_ROM_INT(EISDIR), MP_ROM_QSTR(MP_QSTR_EISDIR)},
    {MP_ROM_INT(EINVAL), MP_ROM_QSTR(MP_QSTR_EINVAL)},
    {MP_ROM_INT(EOPNOTSUPP), MP_ROM_QSTR(MP_QSTR_EOPNOTSUPP)},
    {MP_ROM_INT(EADDRINUSE), MP_ROM_QSTR(MP_QSTR_EADDRINUSE)},
    {MP_ROM_INT(ECONNABORTED), MP_ROM_QSTR(MP_QSTR_ECONNABORTED)},
    {MP_ROM_INT(ECONNRESET), MP_ROM_QSTR(MP_QSTR_ECONNRESET)},
    {MP_ROM_INT(ENOBUFS), MP_ROM_QSTR(MP_QSTR_ENOBUFS)},
    {MP_ROM_INT(ENOTCONN), MP_ROM_QSTR(MP_QSTR_ENOTCONN)},
    {MP_ROM_INT(ETIMEDOUT), MP_ROM_QSTR(MP_QSTR_ETIMEDOUT)},
    {MP_ROM_INT(ECONNREFUSED), MP_ROM_QSTR(MP_QSTR_ECONNREFUSED)},
    {MP_ROM_INT(EHOSTUNREACH), MP_ROM_QSTR(MP_QSTR_EHOSTUNREACH)},
    {MP_ROM_INT(EALREADY), MP_ROM_QSTR(MP_QSTR_EALREADY)},
    {MP_ROM_INT(EINPROGRESS), MP_ROM_QSTR(MP_QSTR_EINPROGRESS)},
};

#define N_CODES (sizeof(errorcode_table) / sizeof(errorcode_table[0]))

/* not MP_DEFINE_CONST_DICT: the keys are ints, not qstrs */
static const mp_obj_dict_t errorcode_dict = {
    .base = {&mp_type_dict},
    .map = {
        .all_keys_are_qstrs = 0, .is_fixed = 1, .is_ordered = 1,
        .used = N_CODES, .alloc = N_CODES,
        .table = (mp_map_elem_t *)(mp_rom_map_elem_t *)errorcode_table,
    },
};

static const mp_rom_map_elem_t errno_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_errno)},
    {MP_ROM_QSTR(MP_QSTR_errorcode), MP_ROM_PTR(&errorcode_dict)},
    {MP_ROM_QSTR(MP_QSTR_EPERM), MP_ROM_INT(EPERM)},
    {MP_ROM_QSTR(MP_QSTR_ENOENT), MP_ROM_INT(ENOENT)},
    {MP_ROM_QSTR(MP_QSTR_EIO), MP_ROM_INT(EIO)},
    {MP_ROM_QSTR(MP_QSTR_EBADF), MP_ROM_INT(EBADF)},
    {MP_ROM_QSTR(MP_QSTR_EAGAIN), MP_ROM_INT(EAGAIN)},
    {MP_ROM_QSTR(MP_QSTR_ENOMEM), MP_ROM_INT(ENOMEM)},
    {MP_ROM_QSTR(MP_QSTR_EACCES), MP_ROM_INT(EACCES)},
    {MP_ROM_QSTR(MP_QSTR_EEXIST), MP_ROM_INT(EEXIST)},
    {MP_ROM_QSTR(MP_QSTR_ENODEV), MP_ROM_INT(ENODEV)},
    {MP_ROM_QSTR(MP_QSTR_EISDIR), MP_ROM_INT(EISDIR)},
    {MP_ROM_QSTR(MP_QSTR_EINVAL), MP_ROM_INT(EINVAL)},
    {MP_ROM_QSTR(MP_QSTR_EOPNOTSUPP), MP_ROM_INT(EOPNOTSUPP)},
    {MP_ROM_QSTR(MP_QSTR_EADDRINUSE), MP_ROM_INT(EADDRINUSE)},
    {MP_ROM_QSTR(MP_QSTR_ECONNABORTED), MP_ROM_INT(ECONNABORTED)},
    {MP_ROM_QSTR(MP_QSTR_ECONNRESET), MP_ROM_INT(ECONNRESET)},
    {MP_ROM_QSTR(MP_QSTR_ENOBUFS), MP_ROM_INT(ENOBUFS)},
    {MP_ROM_QSTR(MP_QSTR_ENOTCONN), MP_ROM_INT(ENOTCONN)},
    {MP_ROM_QSTR(MP_QSTR_ETIMEDOUT), MP_ROM_INT(ETIMEDOUT)},
    {MP_ROM_QSTR(MP_QSTR_ECONNREFUSED), MP_ROM_INT(ECONNREFUSED)},
    {MP_ROM_QSTR(MP_QSTR_EHOSTUNREACH), MP_ROM_INT(EHOSTUNREACH)},
    {MP_ROM_QSTR(MP_QSTR_EALREADY), MP_ROM_INT(EALREADY)},
    {MP_ROM_QSTR(MP_QSTR_EINPROGRESS), MP_ROM_INT(EINPROGRESS)},
};
static MP_DEFINE_CONST_DICT(errno_module_globals, errno_module_table);

const mp_obj_module_t mp_module_errno = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&errno_module_globals,
};
