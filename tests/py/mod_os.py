# os: directories, files, stat, environment, urandom
import os

base = "mod_os_tmp_dir"
os.mkdir(base)
print(os.sep, base in os.listdir(), base in os.listdir("."))
try:
    os.mkdir(base)
except OSError as e:
    print("OSError", e.errno == 17)
for name in ("b.txt", "a.txt"):
    with open(base + "/" + name, "w") as f:
        f.write("x" * 5)
os.mkdir(base + "/sub")
print(sorted(os.listdir(base)))
st = os.stat(base + "/a.txt")
print(len(st), st[6], st[0] & 0o170000 == 0o100000, os.stat(base)[0] & 0o170000 == 0o040000)
os.rename(base + "/a.txt", base + "/c.txt")
print(sorted(os.listdir(base)))
os.remove(base + "/b.txt")
os.remove(base + "/c.txt")
os.rmdir(base + "/sub")
print(os.listdir(base))
cwd = os.getcwd()
os.chdir(base)
print(os.getcwd() == cwd + "/" + base, os.listdir())
os.chdir("..")
os.rmdir(base)
print(base in os.listdir(), os.getcwd() == cwd)
for f in (lambda: os.stat("no_such_file"), lambda: os.remove("no_such_file"), lambda: os.rmdir("no_such_dir")):
    try:
        f()
    except OSError as e:
        print("OSError", e.errno == 2)
print(os.getenv("MICA_SURELY_UNSET"), os.getenv("MICA_SURELY_UNSET", "dflt"), type(os.getenv("PATH")).__name__)
r = os.urandom(16)
print(type(r).__name__, len(r), len(os.urandom(0)))
