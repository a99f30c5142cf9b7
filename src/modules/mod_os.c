/*
 * The `os` module (also `uos`), as on MicroPython's unix port: the
 * filesystem calls (getcwd, chdir, listdir, ilistdir, stat, statvfs, mkdir,
 * remove/unlink, rename, rmdir), the environment (getenv, putenv,
 * unsetenv), system(), urandom() and sep. Failures raise OSError(errno).
 * stat() gives MicroPython's 10-tuple of ints; ilistdir() yields
 * (name, type, inode) with type 0x4000 for directories and 0x8000 for files.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "core/runtime.h"
#include "modules/modules.h"

static void check(int r) {
    if (r != 0) {
        mp_raise_OSError(errno);
    }
}

static mp_obj_t os_getcwd(void) {
    char buf[PATH_MAX];
    if (getcwd(buf, sizeof(buf)) == NULL) {
        mp_raise_OSError(errno);
    }
    return mp_obj_new_str(buf, strlen(buf));
}
static MP_DEFINE_CONST_FUN_OBJ_0(os_getcwd_obj, os_getcwd);

static mp_obj_t os_chdir(mp_obj_t path) {
    check(chdir(mp_obj_str_get_str(path)));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(os_chdir_obj, os_chdir);

/* the entries of a directory except . and ..; as tuples when `full` */
static mp_obj_t list_dir(size_t n_args, const mp_obj_t *args, bool full) {
    const char *path = n_args > 0 ? mp_obj_str_get_str(args[0]) : ".";
    DIR *dir = opendir(path);
    if (dir == NULL) {
        mp_raise_OSError(errno);
    }
    mp_obj_t list = mp_obj_new_list(0, NULL);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        struct dirent *e;
        /* readdir's NULL means the end or an error, told apart by errno
         * (EOVERFLOW, for one, when 32-bit code meets 64-bit inode numbers
         * without _FILE_OFFSET_BITS=64) */
        while ((errno = 0, e = readdir(dir)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
                continue;
            }
            mp_obj_t name = mp_obj_new_str(e->d_name, strlen(e->d_name));
            if (!full) {
                mp_obj_list_append(list, name);
                continue;
            }
            mp_int_t type = e->d_type == DT_DIR ? 0x4000 : e->d_type == DT_REG ? 0x8000 : 0;
            if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) {
                /* ask the filesystem (symlinks report what they point at) */
                struct stat st;
                char *p = m_new(char, strlen(path) + strlen(e->d_name) + 2);
                sprintf(p, "%s/%s", path, e->d_name);
                if (stat(p, &st) == 0) {
                    type = S_ISDIR(st.st_mode) ? 0x4000 : S_ISREG(st.st_mode) ? 0x8000 : 0;
                }
            }
            mp_obj_t items[3] = {
                name, MP_OBJ_NEW_SMALL_INT(type), mp_obj_new_int_from_ull(e->d_ino),
            };
            mp_obj_list_append(list, mp_obj_new_tuple(3, items));
        }
        if (errno != 0) {
            mp_raise_OSError(errno);
        }
        nlr_pop();
        closedir(dir);
    } else {
        closedir(dir);
        nlr_jump(nlr.ret_val);
    }
    return list;
}

static mp_obj_t os_listdir(size_t n_args, const mp_obj_t *args) {
    return list_dir(n_args, args, false);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(os_listdir_obj, 0, 1, os_listdir);

static mp_obj_t os_ilistdir(size_t n_args, const mp_obj_t *args) {
    return mp_getiter(list_dir(n_args, args, true), NULL);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(os_ilistdir_obj, 0, 1, os_ilistdir);

static mp_obj_t os_stat(mp_obj_t path) {
    struct stat st;
    check(stat(mp_obj_str_get_str(path), &st));
    mp_obj_t items[10] = {
        mp_obj_new_int_from_uint(st.st_mode),
        mp_obj_new_int_from_ull(st.st_ino),
        mp_obj_new_int_from_ull(st.st_dev),
        mp_obj_new_int_from_uint(st.st_nlink),
        mp_obj_new_int_from_uint(st.st_uid),
        mp_obj_new_int_from_uint(st.st_gid),
        mp_obj_new_int_from_ll(st.st_size),
        mp_obj_new_int_from_ll(st.st_atime),
        mp_obj_new_int_from_ll(st.st_mtime),
        mp_obj_new_int_from_ll(st.st_ctime),
    };
    return mp_obj_new_tuple(10, items);
}
static MP_DEFINE_CONST_FUN_OBJ_1(os_stat_obj, os_stat);

static mp_obj_t os_statvfs(mp_obj_t path) {
    struct statvfs sv;
    check(statvfs(mp_obj_str_get_str(path), &sv));
    mp_obj_t items[10] = {
        mp_obj_new_int_from_ull(sv.f_bsize), mp_obj_new_int_from_ull(sv.f_frsize),
        mp_obj_new_int_from_ull(sv.f_blocks), mp_obj_new_int_from_ull(sv.f_bfree),
        mp_obj_new_int_from_ull(sv.f_bavail), mp_obj_new_int_from_ull(sv.f_files),
        mp_obj_new_int_from_ull(sv.f_ffree), mp_obj_new_int_from_ull(sv.f_favail),
        mp_obj_new_int_from_ull(sv.f_flag), mp_obj_new_int_from_ull(sv.f_namemax),
    };
    return mp_obj_new_tuple(10, items);
}
static MP_DEFINE_CONST_FUN_OBJ_1(os_statvfs_obj, os_statvfs);

static mp_obj_t os_mkdir(mp_obj_t path) {
    check(mkdir(mp_obj_str_get_str(path), 0777));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(os_mkdir_obj, os_mkdir);

static mp_obj_t os_remove(mp_obj_t path) {
    check(unlink(mp_obj_str_get_str(path)));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(os_remove_obj, os_remove);

static mp_obj_t os_rename(mp_obj_t from, mp_obj_t to) {
    check(rename(mp_obj_str_get_str(from), mp_obj_str_get_str(to)));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(os_rename_obj, os_rename);

static mp_obj_t os_rmdir(mp_obj_t path) {
    check(rmdir(mp_obj_str_get_str(path)));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(os_rmdir_obj, os_rmdir);

/* getenv(key, default=None) */
static mp_obj_t os_getenv(size_t n_args, const mp_obj_t *args) {
    const char *v = getenv(mp_obj_str_get_str(args[0]));
    if (v == NULL) {
        return n_args > 1 ? args[1] : mp_const_none;
    }
    return mp_obj_new_str(v, strlen(v));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(os_getenv_obj, 1, 2, os_getenv);

static mp_obj_t os_putenv(mp_obj_t key, mp_obj_t value) {
    check(setenv(mp_obj_str_get_str(key), mp_obj_str_get_str(value), 1));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(os_putenv_obj, os_putenv);

static mp_obj_t os_unsetenv(mp_obj_t key) {
    check(unsetenv(mp_obj_str_get_str(key)));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(os_unsetenv_obj, os_unsetenv);

static mp_obj_t os_system(mp_obj_t cmd) {
    fflush(stdout);
    int r = system(mp_obj_str_get_str(cmd));
    if (r == -1) {
        mp_raise_OSError(errno);
    }
    return MP_OBJ_NEW_SMALL_INT(r);
}
static MP_DEFINE_CONST_FUN_OBJ_1(os_system_obj, os_system);

/* urandom(n): n bytes from the kernel's generator */
static mp_obj_t os_urandom(mp_obj_t n_in) {
    mp_int_t n = mp_obj_get_int(n_in);
    if (n < 0) {
        mp_raise_ValueError("negative count");
    }
    vstr_t v;
    vstr_init_len(&v, (size_t)n);
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        mp_raise_OSError(errno);
    }
    size_t got = 0;
    while (got < (size_t)n) {
        ssize_t r = read(fd, v.buf + got, (size_t)n - got);
        if (r <= 0) {
            if (r < 0 && errno == EINTR) {
                continue;
            }
            int err = r < 0 ? errno : EIO;
            close(fd);
            mp_raise_OSError(err);
        }
        got += (size_t)r;
    }
    close(fd);
    return mp_obj_new_bytes_from_vstr(&v);
}
static MP_DEFINE_CONST_FUN_OBJ_1(os_urandom_obj, os_urandom);

static const mp_rom_map_elem_t os_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_os)},
    {MP_ROM_QSTR(MP_QSTR_sep), MP_ROM_QSTR(MP_QSTR__slash_)},
    {MP_ROM_QSTR(MP_QSTR_getcwd), MP_ROM_PTR(&os_getcwd_obj)},
    {MP_ROM_QSTR(MP_QSTR_chdir), MP_ROM_PTR(&os_chdir_obj)},
    {MP_ROM_QSTR(MP_QSTR_listdir), MP_ROM_PTR(&os_listdir_obj)},
    {MP_ROM_QSTR(MP_QSTR_ilistdir), MP_ROM_PTR(&os_ilistdir_obj)},
    {MP_ROM_QSTR(MP_QSTR_stat), MP_ROM_PTR(&os_stat_obj)},
    {MP_ROM_QSTR(MP_QSTR_statvfs), MP_ROM_PTR(&os_statvfs_obj)},
    {MP_ROM_QSTR(MP_QSTR_mkdir), MP_ROM_PTR(&os_mkdir_obj)},
    {MP_ROM_QSTR(MP_QSTR_remove), MP_ROM_PTR(&os_remove_obj)},
    {MP_ROM_QSTR(MP_QSTR_unlink), MP_ROM_PTR(&os_remove_obj)},
    {MP_ROM_QSTR(MP_QSTR_rename), MP_ROM_PTR(&os_rename_obj)},
    {MP_ROM_QSTR(MP_QSTR_rmdir), MP_ROM_PTR(&os_rmdir_obj)},
    {MP_ROM_QSTR(MP_QSTR_getenv), MP_ROM_PTR(&os_getenv_obj)},
    {MP_ROM_QSTR(MP_QSTR_putenv), MP_ROM_PTR(&os_putenv_obj)},
    {MP_ROM_QSTR(MP_QSTR_unsetenv), MP_ROM_PTR(&os_unsetenv_obj)},
    {MP_ROM_QSTR(MP_QSTR_system), MP_ROM_PTR(&os_system_obj)},
    {MP_ROM_QSTR(MP_QSTR_urandom), MP_ROM_PTR(&os_urandom_obj)},
};
static MP_DEFINE_CONST_DICT(os_module_globals, os_module_table);

const mp_obj_module_t mp_module_os = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&os_module_globals,
};
