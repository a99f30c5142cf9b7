# Word frequencies over generated text: str.split, lower, strip, dict
# updates, sorting of the counts, and string joining.

WORDS = ("the quick brown fox jumps over lazy dog while seven wizards quietly "
         "hex bad jumbo mixing vats of pale liquid and zany kings boxed "
         "jumping frogs near grey wolves that howl under crisp autumn skies").split()


def make_text(n_lines, seed):
    x = seed
    lines = []
    nw = len(WORDS)
    for _ in range(n_lines):
        words = []
        for _ in range(12):
            x = (x * 1103515245 + 12345) & 0x7fffffff
            w = WORDS[(x >> 8) % nw]
            if x & 0x100000:
                w = w.upper()
            if x & 0x3000000 == 0x3000000:
                w = w + ","
            words.append(w)
        lines.append(" ".join(words) + ".")
    return "\n".join(lines)


def count(text):
    freq = {}
    pairs = {}
    prev = None
    for line in text.split("\n"):
        for raw in line.split():
            w = raw.strip(".,").lower()
            freq[w] = freq.get(w, 0) + 1
            if prev is not None:
                key = prev + " " + w
                if key in pairs:
                    pairs[key] += 1
                else:
                    pairs[key] = 1
            prev = w
    return freq, pairs


def report(freq, pairs):
    top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    top_pairs = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    longest = max(freq, key=lambda w: (len(w), w))
    return top, top_pairs, longest, len(freq), len(pairs)


total = 0
for seed in range(1, 9):
    text = make_text(2500, seed)
    for _ in range(12):
        freq, pairs = count(text)
    top, top_pairs, longest, nf, np = report(freq, pairs)
    total += sum(freq.values())
    print(seed, nf, np, longest, top[0], top_pairs[0])
print("words", total)
