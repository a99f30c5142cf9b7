# json: dumps/dump (with separators), loads/load; dicts are built and printed
# with single keys or sorted so that hash order never shows. Not tested, as
# MicroPython differs: dumps writes non-ASCII text as it is (CPython escapes
# it), and loads rejects NaN/Infinity.
import io
import json

for v in (None, True, False, 0, -17, 2 ** 70, 1.5, -0.25, 1e100, "", "text", "q\"b\\s/",
          "\n\r\t\b\f", "\x01\x1f", [], [1, [2, [3, []]]], (1, 2), {}, {"k": [1, {"n": None}]}):
    print(json.dumps(v))
print(json.dumps([1, 2, {"a": 3}], separators=(",", ":")), json.dumps([1, 2], separators=(" , ", " : ")))
print(json.dumps({"a": 1}, separators=(";", "=")), json.dumps({1: 2}), json.dumps({"x": {"y": {}}}))
out = io.StringIO()
json.dump([1, "two", 3.0], out)
json.dump({"z": True}, out, separators=(",", ":"))
print(out.getvalue())

for text in ("null", "true", "false", "0", "-0", "12", "-3.5", "1e3", "2E-2", "1.25e+2",
             "123456789012345678901234567890", '""', '"abc"', '"a\\"b\\\\c\\/d"', '"\\n\\t\\r\\b\\f"',
             '"\\u00e9\\u20ac"', '"\\ud83d\\ude00"', "[]", "[1, 2, 3]", " [ 1 , [ ] , { } ] ",
             '{"a": [1, 2.5, "x"]}', '{"k": {"n": null}}', "\n\t[true]\r\n"):
    v = json.loads(text)
    print(repr(text), repr(v), type(v).__name__)
print(json.loads(b'[1, "b"]'), json.load(io.StringIO('{"s": [1]}')))
d = json.loads('{"b": 1, "a": 2, "c": {"d": [3]}}')
print(sorted(d.items()))
print(json.loads(json.dumps(["round", 1, 2.5, None, [True]])))

for bad in ("", " ", "[", "]", "[1,]", "[1 2]", "{'a': 1}", '{"a" 1}', '{"a":1,}', "{1: 2}", "tru",
            "nul", '"abc', '"\\x"', "[1] x", "01x", "-", "+1", ".5"):
    try:
        json.loads(bad)
        print("no error", repr(bad))
    except ValueError:
        print("ValueError", repr(bad))
for bad in (b"x", {1, 2}, object()):
    try:
        json.dumps(bad)
        print("no error")
    except TypeError:
        print("TypeError")
from collections import namedtuple, OrderedDict


class MyList(list):
    pass


class MyDict(dict):
    pass


Pt = namedtuple("Pt", "x y")
print(json.dumps([Pt(1, 2), MyList([3, [4]]), MyDict(k=Pt(5, 6)), OrderedDict(o=[])]))
