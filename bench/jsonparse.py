# A JSON-like tokenizer and recursive-descent parser written in Python:
# builds a document as text, parses it back many times, walks the result.


def make_document(n):
    parts = []
    for i in range(n):
        tags = ", ".join(['"t%d"' % ((i * 7 + k) % 13) for k in range(i % 4)])
        parts.append(
            '{"id": %d, "name": "item-%d", "price": %d.%02d, "ok": %s, '
            '"tags": [%s], "dims": {"w": %d, "h": %d}, "note": null}'
            % (i, i, i % 97, (i * 31) % 100, "true" if i % 3 else "false", tags,
               i % 50, (i * 3) % 40))
    return "[" + ",\n ".join(parts) + "]"


class Parser:
    def __init__(self, text):
        self.s = text
        self.i = 0
        self.n = len(text)

    def error(self, what):
        raise ValueError("%s at %d" % (what, self.i))

    def skip_ws(self):
        s = self.s
        i = self.i
        n = self.n
        while i < n and s[i] in " \t\n\r":
            i += 1
        self.i = i

    def parse(self):
        v = self.value()
        self.skip_ws()
        if self.i != self.n:
            self.error("trailing data")
        return v

    def value(self):
        self.skip_ws()
        c = self.s[self.i]
        if c == "{":
            return self.obj()
        if c == "[":
            return self.arr()
        if c == '"':
            return self.string()
        if c == "t" and self.s.startswith("true", self.i):
            self.i += 4
            return True
        if c == "f" and self.s.startswith("false", self.i):
            self.i += 5
            return False
        if c == "n" and self.s.startswith("null", self.i):
            self.i += 4
            return None
        return self.number()

    def obj(self):
        self.i += 1
        out = {}
        self.skip_ws()
        if self.s[self.i] == "}":
            self.i += 1
            return out
        while True:
            self.skip_ws()
            key = self.string()
            self.skip_ws()
            if self.s[self.i] != ":":
                self.error("expected ':'")
            self.i += 1
            out[key] = self.value()
            self.skip_ws()
            c = self.s[self.i]
            self.i += 1
            if c == "}":
                return out
            if c != ",":
                self.error("expected ','")

    def arr(self):
        self.i += 1
        out = []
        self.skip_ws()
        if self.s[self.i] == "]":
            self.i += 1
            return out
        while True:
            out.append(self.value())
            self.skip_ws()
            c = self.s[self.i]
            self.i += 1
            if c == "]":
                return out
            if c != ",":
                self.error("expected ','")

    def string(self):
        start = self.i + 1
        end = self.s.find('"', start)
        if end < 0:
            self.error("unterminated string")
        self.i = end + 1
        return self.s[start:end]

    def number(self):
        s = self.s
        start = self.i
        i = start
        while i < self.n and s[i] in "-+.0123456789eE":
            i += 1
        self.i = i
        text = s[start:i]
        if "." in text or "e" in text or "E" in text:
            return float(text)
        return int(text)


def summarise(doc):
    total_cents = 0
    ok = 0
    tags = {}
    area = 0
    for item in doc:
        total_cents += int(round(item["price"] * 100))
        if item["ok"]:
            ok += 1
        for t in item["tags"]:
            tags[t] = tags.get(t, 0) + 1
        area += item["dims"]["w"] * item["dims"]["h"]
    top = sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    return total_cents, ok, area, top


text = make_document(1500)
result = None
for _ in range(50):
    doc = Parser(text).parse()
    result = summarise(doc)
print(len(text), len(doc))
print(result)
