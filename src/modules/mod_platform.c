/*
 * The `platform` module: platform(), python_compiler() and libc_ver(),
 * built as MicroPython does from the system, the (MicroPython-compatible)
 * version, the machine and the C library:
 * "SYSTEM-VERSION-MACHINE-PLATVERSION-with-LIBCVERSION".
 */
#include <string.h>
#if defined(__GLIBC__)
#include <gnu/libc-version.h>
#endif

#include "core/runtime.h"
#include "modules/modules.h"

#define STR_(x) #x
#define STR(x) STR_(x)
#define MP_VERSION_TEXT \
    STR(MICA_MP_COMPAT_MAJOR) "." STR(MICA_MP_COMPAT_MINOR) "." STR(MICA_MP_COMPAT_MICRO)

#if defined(__linux__)
#define SYSTEM_NAME "Linux"
#elif defined(__APPLE__)
#define SYSTEM_NAME "Darwin"
#else
#define SYSTEM_NAME "Unix"
#endif

#if defined(__x86_64__)
#define MACHINE_NAME "x86_64"
#elif defined(__aarch64__)
#define MACHINE_NAME "aarch64"
#elif defined(__i386__)
#define MACHINE_NAME "x86"
#elif defined(__arm__)
#define MACHINE_NAME "arm"
#else
#define MACHINE_NAME ""
#endif

#if defined(__clang__)
#define COMPILER_TEXT "Clang " __clang_version__
#elif defined(__GNUC__)
#define COMPILER_TEXT "GCC " __VERSION__
#else
#define COMPILER_TEXT ""
#endif

static void libc_version(const char **name, const char **version) {
#if defined(__GLIBC__)
    *name = "glibc";
    *version = gnu_get_libc_version();
#else
    *name = "";
    *version = "";
#endif
}

static mp_obj_t platform_platform(void) {
    const char *libc, *ver;
    libc_version(&libc, &ver);
    vstr_t v;
    vstr_init(&v, 64);
    vstr_printf(&v, "%s-%s-%s-%s-with-%s%s", SYSTEM_NAME, MP_VERSION_TEXT, MACHINE_NAME, "",
        libc, ver);
    return mp_obj_new_str_from_vstr(&v);
}
static MP_DEFINE_CONST_FUN_OBJ_0(platform_platform_obj, platform_platform);

static mp_obj_t platform_python_compiler(void) {
    return mp_obj_new_str(COMPILER_TEXT, strlen(COMPILER_TEXT));
}
static MP_DEFINE_CONST_FUN_OBJ_0(platform_python_compiler_obj, platform_python_compiler);

static mp_obj_t platform_libc_ver(void) {
    const char *libc, *ver;
    libc_version(&libc, &ver);
    mp_obj_t items[2] = {
        mp_obj_new_str(libc, strlen(libc)), mp_obj_new_str(ver, strlen(ver)),
    };
    return mp_obj_new_tuple(2, items);
}
static MP_DEFINE_CONST_FUN_OBJ_0(platform_libc_ver_obj, platform_libc_ver);

static const mp_rom_map_elem_t platform_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_platform)},
    {MP_ROM_QSTR(MP_QSTR_platform), MP_ROM_PTR(&platform_platform_obj)},
    {MP_ROM_QSTR(MP_QSTR_python_compiler), MP_ROM_PTR(&platform_python_compiler_obj)},
    {MP_ROM_QSTR(MP_QSTR_libc_ver), MP_ROM_PTR(&platform_libc_ver_obj)},
};
static MP_DEFINE_CONST_DICT(platform_module_globals, platform_module_table);

const mp_obj_module_t mp_module_platform = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&platform_module_globals,
};
