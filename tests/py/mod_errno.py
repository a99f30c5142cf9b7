# errno: constants, errorcode, and OSError carrying them
import errno

names = ("EPERM", "ENOENT", "EIO", "EBADF", "EAGAIN", "ENOMEM", "EACCES", "EEXIST", "ENODEV",
         "EISDIR", "EINVAL", "EOPNOTSUPP", "EADDRINUSE", "ECONNABORTED", "ECONNRESET",
         "ENOBUFS", "ENOTCONN", "ETIMEDOUT", "ECONNREFUSED", "EHOSTUNREACH", "EALREADY",
         "EINPROGRESS")
for n in names:
    v = getattr(errno, n)
    # (CPython names 95 ENOTSUP in errorcode, MicroPython EOPNOTSUPP)
    print(n, v, errno.errorcode[v] if n != "EOPNOTSUPP" else n)
print(errno.ENOENT == 2, errno.EEXIST == 17, type(errno.errorcode).__name__)
try:
    open("/no/such/file")
except OSError as e:
    print(e.errno == errno.ENOENT, e.args[0] == errno.ENOENT)
try:
    raise OSError(errno.EINVAL)
except OSError as e:
    print(e.args[0], errno.errorcode[e.args[0]])
