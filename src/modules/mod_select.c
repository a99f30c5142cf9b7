/*
 * The `select` module on POSIX poll(2), as on MicroPython's unix port:
 * poll() objects (register, unregister, modify, poll, ipoll) and
 * select(rlist, wlist, xlist[, timeout]). An object is watched through its
 * fileno() method, or is itself a file descriptor (an int). Timeouts are
 * milliseconds for poll (-1 or None: wait forever) and seconds for select.
 */
#include <errno.h>
#include <math.h>
#include <poll.h>

#include "core/runtime.h"
#include "modules/modules.h"

typedef struct _poll_entry_t {
    mp_obj_t obj;
    int fd;
    short events;
} poll_entry_t;

typedef struct _poller_t {
    mp_obj_base_t base;
    size_t len, alloc;
    poll_entry_t *entries;
} poller_t;

static const mp_obj_type_t poller_type;

static int fd_of(mp_obj_t obj) {
    mp_int_t fd;
    if (!mp_obj_get_int_maybe(obj, &fd)) {
        mp_obj_t dest[2];
        mp_load_method_maybe(obj, MP_QSTR_fileno, dest);
        if (dest[0] == MP_OBJ_NULL) {
            mp_raise_TypeError("object has no fileno()");
        }
        fd = mp_obj_get_int(mp_call_method_n_kw(0, 0, dest));
    }
    if (fd < 0 || fd > 0x7fffffff) {
        mp_raise_OSError(EBADF);
    }
    return (int)fd;
}

static poll_entry_t *find(poller_t *p, mp_obj_t obj) {
    for (size_t i = 0; i < p->len; i++) {
        if (p->entries[i].obj == obj || mp_obj_equal(p->entries[i].obj, obj)) {
            return &p->entries[i];
        }
    }
    return NULL;
}

static mp_obj_t select_poll(void) {
    poller_t *p = m_new_obj(poller_t);
    p->base.type = &poller_type;
    p->len = 0;
    p->alloc = 4;
    p->entries = m_new(poll_entry_t, p->alloc);
    return MP_OBJ_FROM_PTR(p);
}
static MP_DEFINE_CONST_FUN_OBJ_0(select_poll_obj, select_poll);

/* register(obj, eventmask=POLLIN|POLLOUT): re-registering modifies */
static mp_obj_t poller_register(size_t n_args, const mp_obj_t *args) {
    poller_t *p = MP_OBJ_TO_PTR(args[0]);
    short events = n_args > 2 ? (short)mp_obj_get_int(args[2]) : (POLLIN | POLLOUT);
    int fd = fd_of(args[1]);
    poll_entry_t *e = find(p, args[1]);
    if (e == NULL) {
        if (p->len == p->alloc) {
            p->entries = m_renew(poll_entry_t, p->entries, p->alloc, p->alloc * 2);
            p->alloc *= 2;
        }
        e = &p->entries[p->len++];
        e->obj = args[1];
    }
    e->fd = fd;
    e->events = events;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(poller_register_obj, 2, 3, poller_register);

static mp_obj_t poller_unregister(mp_obj_t self_in, mp_obj_t obj) {
    poller_t *p = MP_OBJ_TO_PTR(self_in);
    poll_entry_t *e = find(p, obj);
    if (e != NULL) {
        *e = p->entries[--p->len];
        p->entries[p->len].obj = MP_OBJ_NULL;
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(poller_unregister_obj, poller_unregister);

static mp_obj_t poller_modify(mp_obj_t self_in, mp_obj_t obj, mp_obj_t mask) {
    poll_entry_t *e = find(MP_OBJ_TO_PTR(self_in), obj);
    if (e == NULL) {
        mp_raise_OSError(ENOENT);
    }
    e->events = (short)mp_obj_get_int(mask);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_3(poller_modify_obj, poller_modify);

/* Wait up to timeout_ms (-1: forever); returns the list of (obj, revents). */
static mp_obj_t do_poll(poller_t *p, int timeout_ms) {
    struct pollfd *fds = m_new(struct pollfd, p->len + 1);
    for (size_t i = 0; i < p->len; i++) {
        fds[i].fd = p->entries[i].fd;
        fds[i].events = p->entries[i].events;
        fds[i].revents = 0;
    }
    int n;
    while ((n = poll(fds, p->len, timeout_ms)) < 0 && errno == EINTR) {
        mp_handle_pending();
    }
    if (n < 0) {
        mp_raise_OSError(errno);
    }
    mp_obj_t list = mp_obj_new_list(0, NULL);
    for (size_t i = 0; i < p->len && n > 0; i++) {
        if (fds[i].revents != 0) {
            mp_obj_t items[2] = {p->entries[i].obj, MP_OBJ_NEW_SMALL_INT(fds[i].revents)};
            mp_obj_list_append(list, mp_obj_new_tuple(2, items));
        }
    }
    return list;
}

static int timeout_ms_arg(size_t n_args, const mp_obj_t *args, size_t i) {
    if (n_args <= i || args[i] == mp_const_none) {
        return -1;
    }
    mp_int_t t = mp_obj_get_int(args[i]);
    return t < 0 ? -1 : t > 0x7fffffff ? 0x7fffffff : (int)t;
}

static mp_obj_t poller_poll(size_t n_args, const mp_obj_t *args) {
    return do_poll(MP_OBJ_TO_PTR(args[0]), timeout_ms_arg(n_args, args, 1));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(poller_poll_obj, 1, 3, poller_poll);

static mp_obj_t poller_ipoll(size_t n_args, const mp_obj_t *args) {
    return mp_getiter(poller_poll(n_args, args), NULL);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(poller_ipoll_obj, 1, 3, poller_ipoll);

static const mp_rom_map_elem_t poller_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_register), MP_ROM_PTR(&poller_register_obj)},
    {MP_ROM_QSTR(MP_QSTR_unregister), MP_ROM_PTR(&poller_unregister_obj)},
    {MP_ROM_QSTR(MP_QSTR_modify), MP_ROM_PTR(&poller_modify_obj)},
    {MP_ROM_QSTR(MP_QSTR_poll), MP_ROM_PTR(&poller_poll_obj)},
    {MP_ROM_QSTR(MP_QSTR_ipoll), MP_ROM_PTR(&poller_ipoll_obj)},
};
static MP_DEFINE_CONST_DICT(poller_locals, poller_locals_table);

static const mp_obj_type_t poller_type = {
    .base = {&mp_type_type},
    .name = MP_QSTR_poll,
    MP_TYPE_SLOT(locals_dict, &poller_locals),
};

/* select(rlist, wlist, xlist[, timeout]): three lists of the ready objects */
static mp_obj_t select_select(size_t n_args, const mp_obj_t *args) {
    poller_t *p = MP_OBJ_TO_PTR(select_poll());
    static const short masks[3] = {POLLIN, POLLOUT, POLLPRI};
    for (int k = 0; k < 3; k++) {
        mp_obj_t it = mp_getiter(args[k], NULL);
        mp_obj_t obj;
        while ((obj = mp_iternext(it)) != MP_OBJ_STOP_ITERATION) {
            poll_entry_t *e = find(p, obj);
            mp_obj_t reg[3] = {MP_OBJ_FROM_PTR(p), obj,
                MP_OBJ_NEW_SMALL_INT((e != NULL ? e->events : 0) | masks[k])};
            poller_register(3, reg);
        }
    }
    int timeout = -1;
    if (n_args > 3 && args[3] != mp_const_none) {
        double secs = mp_obj_get_float(args[3]);
        timeout = secs <= 0 ? 0 : secs > 2e6 ? 0x7fffffff : (int)ceil(secs * 1000);
    }
    mp_obj_t ready = do_poll(p, timeout);
    mp_obj_t lists[3] = {
        mp_obj_new_list(0, NULL), mp_obj_new_list(0, NULL), mp_obj_new_list(0, NULL),
    };
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(ready, &n, &items);
    for (size_t i = 0; i < n; i++) {
        mp_obj_t *pair;
        mp_obj_get_array_fixed_n(items[i], 2, &pair);
        mp_int_t rev = MP_OBJ_SMALL_INT_VALUE(pair[1]);
        poll_entry_t *e = find(p, pair[0]);
        if ((rev & (POLLIN | POLLHUP | POLLERR)) && (e->events & POLLIN)) {
            mp_obj_list_append(lists[0], pair[0]);
        }
        if ((rev & (POLLOUT | POLLERR)) && (e->events & POLLOUT)) {
            mp_obj_list_append(lists[1], pair[0]);
        }
        if ((rev & POLLPRI) && (e->events & POLLPRI)) {
            mp_obj_list_append(lists[2], pair[0]);
        }
    }
    return mp_obj_new_tuple(3, lists);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(select_select_obj, 3, 4, select_select);

static const mp_rom_map_elem_t select_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_select)},
    {MP_ROM_QSTR(MP_QSTR_poll), MP_ROM_PTR(&select_poll_obj)},
    {MP_ROM_QSTR(MP_QSTR_select), MP_ROM_PTR(&select_select_obj)},
    {MP_ROM_QSTR(MP_QSTR_POLLIN), MP_ROM_INT(POLLIN)},
    {MP_ROM_QSTR(MP_QSTR_POLLOUT), MP_ROM_INT(POLLOUT)},
    {MP_ROM_QSTR(MP_QSTR_POLLERR), MP_ROM_INT(POLLERR)},
    {MP_ROM_QSTR(MP_QSTR_POLLHUP), MP_ROM_INT(POLLHUP)},
};
static MP_DEFINE_CONST_DICT(select_module_globals, select_module_table);

const mp_obj_module_t mp_module_select = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&select_module_globals,
};
