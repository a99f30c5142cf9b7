# Bad source gives SyntaxError (or its subclass IndentationError), never a crash.
bad = [
    "x = (1, 2",
    "def f(:\n  pass",
    "if True\n  pass",
    "x = 1 +",
    "return 5",
    "def f():\n  x = 1\n   y = 2",
    "a b c",
    "for in range(3): pass",
    "f(**x, *y)",
    "x = 'unterminated",
    "x = [1, 2, 3)",
    "class",
    "break",
    "def f(a, a): pass",
    "nonlocal x",
    "@\ndef f(): pass",
    "x = 0o8",
    "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((",
]
for src in bad:
    try:
        exec(src)
        print("no error for", repr(src))
    except SyntaxError as e:
        print("SyntaxError", type(e).__name__ in ("SyntaxError", "IndentationError"))
    except MemoryError:
        print("SyntaxError", True)
