# re: syntax, match/search/fullmatch, groups and spans, sub, split, findall
# (only behaviour CPython shares; error classes differ: re.error there,
# ValueError in MicroPython, so errors print just "error")
import re

r = re.compile(r"a(b+)c")
m = r.search("xxabbbcyy")
print(m.group(), m.group(0), m.group(1), m.groups(), m.start(), m.end(), m.span(), m.span(1))
print(m.group(0, 1), m.start(1), m.end(1))
for pat, s in ((r"a{2}", "aaa"), (r"a{2,}", "aaaa"), (r"a{1,3}", "aaaa"), (r"a{1,3}?", "aaaa"),
               (r"(?:ab)+", "ababx"), (r"a.c", "abc"), (r"\d+\s*\w+", "123  abc!"),
               (r"[^a-c]+", "xyzabc"), (r"[a-c-]+", "ab-cd"), (r"[\d.]+", "1.5x"), (r"a*?b", "aaab"),
               (r"[]a]+", "a]a"), (r"[\]]", "]"), (r"a\.b", "a.b"), (r".*foo", "xfooyfoo"),
               (r".*?foo", "xfooyfoo"), (r"(a|b)*c", "abababc"), (r"é+", "ééx"), (r"h.llo", "héllo"),
               (r"[^x]+", "éa€x"), (r"\w+", "abc_12 x"), (r"\S+", "ab\tc")):
    mm = re.match(pat, s)
    print(pat, repr(s), mm.group() if mm else None)
print(re.match(r"(a|ab)(c|bcd)", "abcd").groups(), re.match(r"(a)|(b)", "b").groups(),
      re.match(r"(a)|(b)", "b").groups("-"), re.match(r"(((a)))", "a").groups())
m = re.match(r"(a)(b)?", "a")
print(m.groups(), m.group(2), m.span(2), m.start(2), re.match(r"a|b|c|", "d").span())
print(re.match(r"a.c", "a\nc"), re.search(r"^b", "ab"), re.search(r"a$", "ba").span(),
      re.search(r"a$", "ba\n").span(), re.search(r"x*", "abc").span(), re.search(r"c+", "abccc").span())
print(re.search(r"(\w+)@(\w+)\.com", "mail bob@example.com now").groups())
print(re.search(r"\bcat\b", "concat cat").span(), re.search(r"\Bcat", "cat concat").span())
print(re.match(r"hello", "HeLLo", re.I).group(), re.match(r"[a-z]+", "HeLLo w", re.IGNORECASE).group())
print(re.compile("abc").match("xabc", 1).group(), re.compile("^abc").search("xabc", 1))
print(re.fullmatch(r"a|ab", "ab").group(), re.fullmatch(r"a+", "aab"), re.compile(r"\d+").fullmatch("123").span())
print(re.match(b"a+", b"aab").group(), re.sub(b"a", b"-", b"banana"))

print(re.sub("a", "b", "banana"), re.sub("(a)(n)", r"\2\1", "banana"), re.sub("(a)(n)", r"\g<2>\g<1>", "banana"))
print(re.sub("a", "x", "banana", 2), re.sub("a", lambda m: m.group().upper(), "banana"))
print(re.sub("x*", "-", "abc"), repr(re.sub("a", r"\n", "a")), repr(re.sub(r"\s+", " ", "  a \t b\n\nc  ")))
print(re.compile(r"(\d)").sub(r"<\1>", "a1b22"), re.sub("é", "e", "café é"))
print(r.split("1abc2abbc3"), re.compile(",").split("a,b,,c"), re.compile(",").split("a,b,,c", 1))
print(re.compile("(,)").split("a,b"), re.split(r"\W+", "Words, words, words."), re.split("x*", "abc"))
print(re.findall(r"\d+", "a1b22c333"), re.findall(r"(\w)(\d)", "a1 b2 c"), re.findall(r"(\w)\d", "a1 b2 c"))
print(re.findall("", "ab"), re.findall(r"[aeiou]", "education"))

print(len(re.sub("a", "bb", "a" * 10000)), re.match(r"(a|b)*c", "ab" * 3000 + "c").span())
print(re.match(r"(x+x+)+y", "x" * 12), re.search(r"(a*)*b", "a" * 12 + "c"))
for bad in ("a(b", "a)", "*a", "[a", "a**", "a|*", "(", "a{2,1}", "\\"):
    try:
        re.compile(bad)
        print("no error", bad)
    except Exception:
        print("error", bad)
