/*
 * The `deflate` module: DeflateIO(stream, format=AUTO, wbits=0, close=False)
 * wraps a byte stream and decompresses DEFLATE data (RFC 1951) in the RAW,
 * ZLIB (RFC 1950) or GZIP (RFC 1952) container as it is read; AUTO takes
 * ZLIB or GZIP by the first byte. Writing compresses into the stream (AUTO
 * means RAW there): greedy LZ77 over a window of 2**wbits bytes (512 by
 * default, as MicroPython) coded with the fixed Huffman code, as one final
 * block that close() ends; the output bytes match MicroPython's. Also
 * `zlib.decompress(data, wbits=15)` with CPython's meaning of wbits, on the
 * same decoder.
 *
 * Errors follow MicroPython: malformed data or a bad checksum raise
 * OSError(EINVAL), data that ends too early raises EOFError.
 *
 * The decoder is resumable at symbol boundaries: it pulls input from the
 * wrapped stream whenever it needs more bits and stops producing output
 * when the reader has enough, keeping the last 32 KiB as the window.
 */
#include <errno.h>
#include <string.h>

#include "core/runtime.h"
#include "modules/modules.h"

enum { FMT_AUTO, FMT_RAW, FMT_ZLIB, FMT_GZIP };

#define MAX_WINDOW (32768)
#define IN_CHUNK (256)

/* A canonical Huffman code: counts of codes per length, and the symbols
 * in code order. */
typedef struct _huff_t {
    uint16_t count[16];
    uint16_t symbol[288];
} huff_t;

typedef enum {
    ST_HEADER,  /* container header not read yet */
    ST_BLOCK,   /* at the start of a block */
    ST_STORED,  /* inside a stored block: `stored_left` bytes to copy */
    ST_CODES,   /* inside a Huffman block */
    ST_TRAILER, /* after the final block */
    ST_DONE,
} inflate_state_t;

typedef struct _deflateio_t {
    mp_obj_base_t base;
    mp_obj_t stream;
    byte format;
    bool close_stream;
    bool closed;
    bool final_block;
    byte wbits; /* 0: default */
    bool reading; /* read from (then it cannot be written) */
    inflate_state_t state;
    /* input */
    mp_obj_t in_obj; /* the bytes object in_buf points into */
    const byte *in_buf;
    size_t in_len, in_pos;
    uint32_t bitbuf;
    int bitcnt;
    /* output ring of 2 * window bytes (history plus up to `window` unread
     * bytes): out_total bytes produced, out_read of them consumed */
    byte *ring;
    size_t window, ring_mask;
    uint64_t out_total, out_read;
    /* pending back-reference */
    size_t copy_len, copy_dist;
    size_t stored_left;
    uint32_t check; /* adler32 (zlib) or crc32 (gzip) of the output so far */
    huff_t *lencode, *distcode;
    struct _compressor_t *comp; /* set once written to */
} deflateio_t;

static _Noreturn void bad_data(void) {
    mp_raise_OSError(EINVAL);
}

static _Noreturn void early_eof(void) {
    mp_raise_msg(&mp_type_EOFError, NULL);
}

/* ---- input ------------------------------------------------------------- */

/* The next input byte; EOFError if the stream is exhausted. */
static byte next_byte(deflateio_t *d) {
    if (d->in_pos == d->in_len) {
        if (d->stream == MP_OBJ_NULL) {
            early_eof();
        }
        mp_obj_t dest[3];
        mp_load_method(d->stream, MP_QSTR_read, dest);
        dest[2] = MP_OBJ_NEW_SMALL_INT(IN_CHUNK);
        mp_obj_t chunk = mp_call_method_n_kw(1, 0, dest);
        mp_buffer_info_t bi;
        if (chunk == mp_const_none || !mp_get_buffer(chunk, &bi, MP_BUFFER_READ) ||
            bi.len == 0) {
            early_eof();
        }
        d->in_obj = chunk; /* keeps in_buf alive */
        d->in_buf = bi.buf;
        d->in_len = bi.len;
        d->in_pos = 0;
    }
    return d->in_buf[d->in_pos++];
}

static uint32_t get_bits(deflateio_t *d, int n) {
    while (d->bitcnt < n) {
        d->bitbuf |= (uint32_t)next_byte(d) << d->bitcnt;
        d->bitcnt += 8;
    }
    uint32_t v = d->bitbuf & ((1u << n) - 1);
    d->bitbuf >>= n;
    d->bitcnt -= n;
    return v;
}

static void align_to_byte(deflateio_t *d) {
    d->bitbuf >>= d->bitcnt & 7;
    d->bitcnt -= d->bitcnt & 7;
}

/* a whole byte, after align_to_byte (bits already buffered come first) */
static byte get_aligned_byte(deflateio_t *d) {
    if (d->bitcnt >= 8) {
        return (byte)get_bits(d, 8);
    }
    return next_byte(d);
}

/* ---- output ------------------------------------------------------------ */

static void put_byte(deflateio_t *d, byte b) {
    d->ring[d->out_total++ & d->ring_mask] = b;
}

static size_t unread(const deflateio_t *d) {
    return (size_t)(d->out_total - d->out_read);
}

/* ---- Huffman codes ------------------------------------------------------ */

/* Build a code from code lengths; false if the lengths over-subscribe. */
static bool huff_build(huff_t *h, const byte *lengths, size_t n) {
    memset(h->count, 0, sizeof(h->count));
    for (size_t i = 0; i < n; i++) {
        h->count[lengths[i]]++;
    }
    if (h->count[0] == n) {
        return true; /* no codes: any decode fails */
    }
    int left = 1;
    for (int len = 1; len < 16; len++) {
        left <<= 1;
        left -= h->count[len];
        if (left < 0) {
            return false;
        }
    }
    uint16_t offs[16];
    offs[1] = 0;
    for (int len = 1; len < 15; len++) {
        offs[len + 1] = offs[len] + h->count[len];
    }
    for (size_t i = 0; i < n; i++) {
        if (lengths[i] != 0) {
            h->symbol[offs[lengths[i]]++] = (uint16_t)i;
        }
    }
    return true;
}

/* Decode one symbol, reading the code bit by bit (first bit is the top
 * bit of the code). */
static int huff_decode(deflateio_t *d, const huff_t *h) {
    int code = 0, first = 0, index = 0;
    for (int len = 1; len < 16; len++) {
        code |= (int)get_bits(d, 1);
        int count = h->count[len];
        if (code - count < first) {
            return h->symbol[index + (code - first)];
        }
        index += count;
        first += count;
        first <<= 1;
        code <<= 1;
    }
    bad_data();
}

static const uint16_t len_base[29] = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
    131, 163, 195, 227, 258,
};
static const byte len_extra[29] = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};
static const uint16_t dist_base[30] = {
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
};
static const byte dist_extra[30] = {
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
    13, 13,
};

static void build_fixed(deflateio_t *d) {
    byte lengths[288];
    size_t i = 0;
    for (; i < 144; i++) lengths[i] = 8;
    for (; i < 256; i++) lengths[i] = 9;
    for (; i < 280; i++) lengths[i] = 7;
    for (; i < 288; i++) lengths[i] = 8;
    huff_build(d->lencode, lengths, 288);
    for (i = 0; i < 30; i++) lengths[i] = 5;
    huff_build(d->distcode, lengths, 30);
}

/* the code-length code, then the literal/length and distance code lengths */
static void build_dynamic(deflateio_t *d) {
    static const byte order[19] = {
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
    };
    size_t nlen = get_bits(d, 5) + 257, ndist = get_bits(d, 5) + 1, ncode = get_bits(d, 4) + 4;
    if (nlen > 286 || ndist > 30) {
        bad_data();
    }
    byte lengths[320];
    memset(lengths, 0, 19);
    for (size_t i = 0; i < ncode; i++) {
        lengths[order[i]] = (byte)get_bits(d, 3);
    }
    if (!huff_build(d->lencode, lengths, 19)) {
        bad_data();
    }
    size_t i = 0;
    while (i < nlen + ndist) {
        int sym = huff_decode(d, d->lencode);
        if (sym < 16) {
            lengths[i++] = (byte)sym;
            continue;
        }
        byte value = 0;
        size_t repeat;
        if (sym == 16) {
            if (i == 0) {
                bad_data();
            }
            value = lengths[i - 1];
            repeat = 3 + get_bits(d, 2);
        } else if (sym == 17) {
            repeat = 3 + get_bits(d, 3);
        } else {
            repeat = 11 + get_bits(d, 7);
        }
        if (i + repeat > nlen + ndist) {
            bad_data();
        }
        memset(lengths + i, value, repeat);
        i += repeat;
    }
    if (lengths[256] == 0) {
        bad_data(); /* no end-of-block code */
    }
    if (!huff_build(d->lencode, lengths, nlen) || !huff_build(d->distcode, lengths + nlen, ndist)) {
        bad_data();
    }
}

/* ---- containers -------------------------------------------------------- */

static void read_header(deflateio_t *d) {
    if (d->format == FMT_AUTO) {
        byte b = next_byte(d);
        d->in_pos--; /* peek */
        d->format = b == 0x1f ? FMT_GZIP : FMT_ZLIB;
    }
    if (d->format == FMT_ZLIB) {
        byte cmf = next_byte(d), flg = next_byte(d);
        if ((cmf & 15) != 8 || (cmf >> 4) > 7 || ((unsigned)cmf * 256 + flg) % 31 != 0 ||
            (flg & 0x20)) {
            bad_data();
        }
        d->window = (size_t)256 << (cmf >> 4);
        d->check = 1; /* adler32 */
    } else if (d->format == FMT_GZIP) {
        if (next_byte(d) != 0x1f || next_byte(d) != 0x8b || next_byte(d) != 8) {
            bad_data();
        }
        byte flg = next_byte(d);
        for (int i = 0; i < 6; i++) {
            next_byte(d); /* mtime, xfl, os */
        }
        if (flg & 4) { /* FEXTRA */
            size_t n = next_byte(d);
            n |= (size_t)next_byte(d) << 8;
            while (n--) {
                next_byte(d);
            }
        }
        for (int bit = 8; bit <= 16; bit <<= 1) { /* FNAME, FCOMMENT */
            if (flg & bit) {
                while (next_byte(d) != 0) {
                }
            }
        }
        if (flg & 2) { /* FHCRC */
            next_byte(d);
            next_byte(d);
        }
        d->check = 0; /* crc32 */
    }
    d->state = ST_BLOCK;
}

static void update_check(deflateio_t *d, uint64_t from) {
    /* the bytes produced since `from` are still in the ring */
    for (uint64_t i = from; i < d->out_total;) {
        size_t at = (size_t)(i & d->ring_mask);
        size_t n = d->ring_mask + 1 - at;
        if ((uint64_t)n > d->out_total - i) {
            n = (size_t)(d->out_total - i);
        }
        const byte *p = d->ring + at;
        if (d->format == FMT_GZIP) {
            d->check = mp_crc32_update(d->check, p, n);
        } else if (d->format == FMT_ZLIB) {
            uint32_t a = d->check & 0xffff, b = d->check >> 16;
            for (size_t k = 0; k < n; k++) {
                a = (a + p[k]) % 65521;
                b = (b + a) % 65521;
            }
            d->check = b << 16 | a;
        }
        i += n;
    }
}

static uint32_t read_u32(deflateio_t *d, bool big_endian) {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        uint32_t b = get_aligned_byte(d);
        v = big_endian ? v << 8 | b : v | b << (8 * i);
    }
    return v;
}

static void read_trailer(deflateio_t *d) {
    align_to_byte(d);
    if (d->format == FMT_ZLIB) {
        if (read_u32(d, true) != d->check) {
            bad_data();
        }
    } else if (d->format == FMT_GZIP) {
        if (read_u32(d, false) != d->check || read_u32(d, false) != (uint32_t)d->out_total) {
            bad_data();
        }
    }
    d->state = ST_DONE;
}

/* ---- the decoder ------------------------------------------------------- */

/* Produce output until `want` bytes are unread (or a window's worth, or
 * the end). */
static void inflate_more(deflateio_t *d, size_t want) {
    if (d->state == ST_HEADER) {
        read_header(d);
    }
    if (d->ring == NULL) {
        /* the window is known now (from the zlib header, or wbits) */
        d->ring = m_new(byte, 2 * d->window);
        d->ring_mask = 2 * d->window - 1;
    }
    if (want > d->window) {
        want = d->window;
    }
    uint64_t start = d->out_total;
    while (unread(d) < want && d->state != ST_DONE) {
        switch (d->state) {
            case ST_HEADER:
                read_header(d);
                break;
            case ST_BLOCK: {
                if (d->final_block) {
                    d->state = ST_TRAILER;
                    break;
                }
                d->final_block = get_bits(d, 1);
                uint32_t type = get_bits(d, 2);
                if (type == 0) {
                    align_to_byte(d);
                    uint32_t len = get_aligned_byte(d);
                    len |= (uint32_t)get_aligned_byte(d) << 8;
                    uint32_t nlen = get_aligned_byte(d);
                    nlen |= (uint32_t)get_aligned_byte(d) << 8;
                    if (len != (~nlen & 0xffff)) {
                        bad_data();
                    }
                    d->stored_left = len;
                    d->state = ST_STORED;
                } else if (type == 1) {
                    build_fixed(d);
                    d->state = ST_CODES;
                } else if (type == 2) {
                    build_dynamic(d);
                    d->state = ST_CODES;
                } else {
                    bad_data();
                }
                break;
            }
            case ST_STORED:
                while (d->stored_left > 0 && unread(d) < want) {
                    put_byte(d, get_aligned_byte(d));
                    d->stored_left--;
                }
                if (d->stored_left == 0) {
                    d->state = ST_BLOCK;
                }
                break;
            case ST_CODES:
                while (unread(d) < want) {
                    if (d->copy_len > 0) {
                        while (d->copy_len > 0 && unread(d) < want) {
                            put_byte(d, d->ring[(d->out_total - d->copy_dist) & d->ring_mask]);
                            d->copy_len--;
                        }
                        continue;
                    }
                    int sym = huff_decode(d, d->lencode);
                    if (sym < 256) {
                        put_byte(d, (byte)sym);
                    } else if (sym == 256) {
                        d->state = ST_BLOCK;
                        break;
                    } else {
                        sym -= 257;
                        if (sym >= 29) {
                            bad_data();
                        }
                        size_t len = len_base[sym] + get_bits(d, len_extra[sym]);
                        int dsym = huff_decode(d, d->distcode);
                        if (dsym >= 30) {
                            bad_data();
                        }
                        size_t dist = dist_base[dsym] + get_bits(d, dist_extra[dsym]);
                        if (dist > d->out_total || dist > d->window) {
                            bad_data();
                        }
                        d->copy_len = len;
                        d->copy_dist = dist;
                    }
                }
                break;
            case ST_TRAILER:
                update_check(d, start);
                start = d->out_total;
                read_trailer(d);
                break;
            case ST_DONE:
                break;
        }
    }
    if (d->state != ST_DONE) {
        update_check(d, start);
    }
}

/* copy up to n unread bytes out */
static size_t take(deflateio_t *d, byte *out, size_t n) {
    size_t done = 0;
    while (done < n) {
        if (unread(d) == 0) {
            inflate_more(d, n - done);
            if (unread(d) == 0) {
                break;
            }
        }
        size_t at = (size_t)(d->out_read & d->ring_mask);
        size_t k = unread(d);
        if (k > d->ring_mask + 1 - at) {
            k = d->ring_mask + 1 - at;
        }
        if (k > n - done) {
            k = n - done;
        }
        memcpy(out + done, d->ring + at, k);
        d->out_read += k;
        done += k;
    }
    return done;
}

/* ---- the compressor ---------------------------------------------------- */

#define HASH_BITS (11)
#define MIN_MATCH (3)
#define MAX_MATCH (258)
#define MAX_CHAIN (64)
#define CHUNK (1024) /* input taken into the ring at a time */

typedef struct _compressor_t {
    byte *ring;             /* input history and the bytes not yet coded */
    size_t ring_mask;
    uint32_t *prev;         /* per window slot: previous position + 1 with the same hash */
    uint32_t head[1 << HASH_BITS]; /* latest position + 1 with each hash, 0 = none */
    uint64_t total_in;      /* bytes taken in */
    uint64_t coded;         /* bytes coded so far */
    size_t window;          /* largest distance allowed */
    uint32_t bitbuf;
    int bitcnt;
    vstr_t out;             /* whole bytes waiting to be written to the stream */
    uint32_t check;
} compressor_t;

static void put_bits(compressor_t *c, uint32_t v, int n) {
    c->bitbuf |= v << c->bitcnt;
    c->bitcnt += n;
    while (c->bitcnt >= 8) {
        vstr_add_byte(&c->out, (byte)c->bitbuf);
        c->bitbuf >>= 8;
        c->bitcnt -= 8;
    }
}

/* a Huffman code of n bits, sent most significant bit first */
static void put_code(compressor_t *c, uint32_t code, int n) {
    uint32_t rev = 0;
    for (int i = 0; i < n; i++) {
        rev = rev << 1 | ((code >> i) & 1);
    }
    put_bits(c, rev, n);
}

/* a literal/length symbol in the fixed code (RFC 1951, 3.2.6) */
static void put_litlen(compressor_t *c, int sym) {
    if (sym < 144) {
        put_code(c, 0x30 + (uint32_t)sym, 8);
    } else if (sym < 256) {
        put_code(c, 0x190 + (uint32_t)(sym - 144), 9);
    } else if (sym < 280) {
        put_code(c, (uint32_t)(sym - 256), 7);
    } else {
        put_code(c, 0xc0 + (uint32_t)(sym - 280), 8);
    }
}

static void put_match(compressor_t *c, size_t len, size_t dist) {
    int i = 28;
    while (len_base[i] > len) {
        i--;
    }
    put_litlen(c, 257 + i);
    put_bits(c, (uint32_t)(len - len_base[i]), len_extra[i]);
    int j = 29;
    while (dist_base[j] > dist) {
        j--;
    }
    put_code(c, (uint32_t)j, 5);
    put_bits(c, (uint32_t)(dist - dist_base[j]), dist_extra[j]);
}

static byte ring_at(const compressor_t *c, uint64_t pos) {
    return c->ring[pos & c->ring_mask];
}

static uint32_t hash3(const compressor_t *c, uint64_t pos) {
    uint32_t v = (uint32_t)ring_at(c, pos) << 16 | (uint32_t)ring_at(c, pos + 1) << 8 |
        ring_at(c, pos + 2);
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

static void insert_hash(compressor_t *c, uint64_t pos) {
    uint32_t h = hash3(c, pos);
    c->prev[pos & (c->window - 1)] = c->head[h];
    c->head[h] = (uint32_t)pos + 1;
}

/* Code the input up to `end` (all of it when flushing, else leaving room
 * for the longest match to see its whole lookahead). */
static void compress_upto(compressor_t *c, uint64_t end) {
    while (c->coded < end) {
        uint64_t pos = c->coded;
        size_t avail = (size_t)(c->total_in - pos);
        size_t best_len = 0, best_dist = 0;
        if (avail >= MIN_MATCH) {
            size_t max_len = avail < MAX_MATCH ? avail : MAX_MATCH;
            uint32_t cand = c->head[hash3(c, pos)];
            for (int chain = 0; cand != 0 && chain < MAX_CHAIN; chain++) {
                uint64_t cpos = cand - 1;
                /* positions are stored in 32 bits: rebuild the full value */
                cpos |= pos & ~(uint64_t)0xffffffffu;
                if (cpos >= pos) {
                    cpos -= (uint64_t)1 << 32;
                }
                size_t dist = (size_t)(pos - cpos);
                if (dist > c->window || cpos > pos) {
                    break;
                }
                size_t len = 0;
                while (len < max_len && ring_at(c, cpos + len) == ring_at(c, pos + len)) {
                    len++;
                }
                if (len > best_len) {
                    best_len = len;
                    best_dist = dist;
                    if (len == max_len) {
                        break;
                    }
                }
                cand = c->prev[cpos & (c->window - 1)];
            }
        }
        if (best_len >= MIN_MATCH) {
            put_match(c, best_len, best_dist);
            for (size_t k = 0; k < best_len; k++) {
                if (c->total_in - (pos + k) >= MIN_MATCH) {
                    insert_hash(c, pos + k);
                }
            }
            c->coded += best_len;
        } else {
            put_litlen(c, ring_at(c, pos));
            if (avail >= MIN_MATCH) {
                insert_hash(c, pos);
            }
            c->coded++;
        }
    }
}

/* hand the finished bytes to the wrapped stream */
static void flush_out(deflateio_t *d) {
    compressor_t *c = d->comp;
    if (c->out.len == 0) {
        return;
    }
    mp_obj_t dest[3];
    mp_load_method(d->stream, MP_QSTR_write, dest);
    dest[2] = mp_obj_new_bytes((const byte *)c->out.buf, c->out.len);
    c->out.len = 0;
    mp_call_method_n_kw(1, 0, dest);
}

static void compress_start(deflateio_t *d, mp_int_t wbits) {
    compressor_t *c = m_new0(compressor_t, 1);
    d->comp = c;
    vstr_init(&c->out, 64);
    if (wbits == 0) {
        wbits = 9; /* MicroPython's default: a 512-byte window */
    }
    c->window = (size_t)1 << wbits;
    /* room for the window, a chunk of new input and a match's lookahead */
    size_t ring = 1024;
    while (ring < c->window + CHUNK + MAX_MATCH) {
        ring *= 2;
    }
    c->ring = m_new(byte, ring);
    c->ring_mask = ring - 1;
    c->prev = m_new0(uint32_t, c->window);
    if (d->format == FMT_AUTO) {
        d->format = FMT_RAW; /* as MicroPython */
    }
    if (d->format == FMT_ZLIB) {
        /* CMF: deflate with the window size; FLG: check bits, level "default" */
        unsigned cmf = (unsigned)((wbits < 8 ? 0 : wbits - 8) << 4 | 8);
        unsigned flg = 2 << 6;
        flg += 31 - (cmf * 256 + flg) % 31;
        vstr_add_byte(&c->out, (byte)cmf);
        vstr_add_byte(&c->out, (byte)flg);
        c->check = 1;
    } else if (d->format == FMT_GZIP) {
        /* no flags, no time, XFL 4 ("fastest"), OS 3 (Unix), as MicroPython */
        static const byte header[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 3};
        vstr_add_strn(&c->out, (const char *)header, sizeof(header));
    }
    put_bits(c, 1, 1); /* BFINAL: the one and only block */
    put_bits(c, 1, 2); /* BTYPE 01: fixed Huffman codes */
}

static void compress_feed(deflateio_t *d, const byte *data, size_t len) {
    compressor_t *c = d->comp;
    if (d->format == FMT_GZIP) {
        c->check = mp_crc32_update(c->check, data, len);
    } else if (d->format == FMT_ZLIB) {
        uint32_t a = c->check & 0xffff, b = c->check >> 16;
        for (size_t k = 0; k < len; k++) {
            a = (a + data[k]) % 65521;
            b = (b + a) % 65521;
        }
        c->check = b << 16 | a;
    }
    while (len > 0) {
        size_t n = len < CHUNK ? len : CHUNK;
        for (size_t k = 0; k < n; k++) {
            c->ring[(c->total_in + k) & c->ring_mask] = data[k];
        }
        c->total_in += n;
        data += n;
        len -= n;
        if (c->total_in - c->coded > MAX_MATCH) {
            compress_upto(c, c->total_in - MAX_MATCH);
        }
    }
}

static void compress_finish(deflateio_t *d) {
    compressor_t *c = d->comp;
    compress_upto(c, c->total_in);
    put_litlen(c, 256); /* end of block */
    if (c->bitcnt > 0) {
        put_bits(c, 0, 8 - c->bitcnt);
    }
    byte trailer[8];
    size_t n = 0;
    if (d->format == FMT_ZLIB) {
        for (int i = 3; i >= 0; i--) {
            trailer[n++] = (byte)(c->check >> (8 * i));
        }
    } else if (d->format == FMT_GZIP) {
        for (int i = 0; i < 4; i++) {
            trailer[n++] = (byte)(c->check >> (8 * i));
        }
        for (int i = 0; i < 4; i++) {
            trailer[n++] = (byte)(c->total_in >> (8 * i));
        }
    }
    vstr_add_strn(&c->out, (const char *)trailer, n);
    flush_out(d);
}

/* ---- the DeflateIO object --------------------------------------------- */

static const mp_obj_type_t deflateio_type;

static deflateio_t *deflateio_new(mp_obj_t stream, int format) {
    deflateio_t *d = m_new0(deflateio_t, 1);
    d->base.type = &deflateio_type;
    d->stream = stream;
    d->format = (byte)format;
    d->state = format == FMT_RAW ? ST_BLOCK : ST_HEADER;
    d->window = MAX_WINDOW; /* wbits or a zlib header may change it */
    d->lencode = m_new(huff_t, 1);
    d->distcode = m_new(huff_t, 1);
    return d;
}

/* DeflateIO(stream, format=AUTO, wbits=0, close=False) */
static mp_obj_t deflateio_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 4, false);
    mp_int_t format = n_args > 1 ? mp_obj_get_int(args[1]) : FMT_AUTO;
    mp_int_t wbits = n_args > 2 ? mp_obj_get_int(args[2]) : 0;
    if (format < FMT_AUTO || format > FMT_GZIP) {
        mp_raise_ValueError("format");
    }
    if (wbits != 0 && (wbits < 5 || wbits > 15)) {
        mp_raise_ValueError("wbits");
    }
    deflateio_t *d = deflateio_new(args[0], (int)format);
    d->close_stream = n_args > 3 && mp_obj_is_true(args[3]);
    d->wbits = (byte)wbits;
    if (wbits != 0) {
        d->window = (size_t)1 << wbits;
    }
    return MP_OBJ_FROM_PTR(d);
}

static deflateio_t *deflateio_open(mp_obj_t self_in) {
    deflateio_t *d = MP_OBJ_TO_PTR(self_in);
    if (d->closed) {
        mp_raise_OSError(EINVAL);
    }
    return d;
}

static deflateio_t *deflateio_open_read(mp_obj_t self_in) {
    deflateio_t *d = deflateio_open(self_in);
    if (d->comp != NULL) {
        mp_raise_OSError(EINVAL); /* written to: cannot be read */
    }
    d->reading = true;
    return d;
}

static mp_obj_t deflateio_read(size_t n_args, const mp_obj_t *args) {
    deflateio_t *d = deflateio_open_read(args[0]);
    mp_int_t max = n_args > 1 && args[1] != mp_const_none ? mp_obj_get_int(args[1]) : -1;
    vstr_t v;
    if (max >= 0) {
        vstr_init_len(&v, (size_t)max);
        v.len = take(d, (byte *)v.buf, (size_t)max);
    } else {
        vstr_init(&v, 1024);
        for (;;) {
            char *p = vstr_add_len(&v, 4096);
            size_t got = take(d, (byte *)p, 4096);
            if (got < 4096) {
                vstr_cut_tail_bytes(&v, 4096 - got);
                break;
            }
        }
    }
    return mp_obj_new_bytes_from_vstr(&v);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(deflateio_read_obj, 1, 2, deflateio_read);

static mp_obj_t deflateio_readinto(size_t n_args, const mp_obj_t *args) {
    deflateio_t *d = deflateio_open_read(args[0]);
    mp_buffer_info_t bi;
    mp_get_buffer_raise(args[1], &bi, MP_BUFFER_WRITE);
    size_t n = bi.len;
    if (n_args > 2 && (size_t)mp_obj_get_int(args[2]) < n) {
        n = (size_t)mp_obj_get_int(args[2]);
    }
    return MP_OBJ_NEW_SMALL_INT(take(d, bi.buf, n));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(deflateio_readinto_obj, 2, 3, deflateio_readinto);

static mp_obj_t deflateio_readline(size_t n_args, const mp_obj_t *args) {
    deflateio_t *d = deflateio_open_read(args[0]);
    mp_int_t max = n_args > 1 && args[1] != mp_const_none ? mp_obj_get_int(args[1]) : -1;
    vstr_t v;
    vstr_init(&v, 64);
    byte b;
    while ((max < 0 || (mp_int_t)v.len < max) && take(d, &b, 1) == 1) {
        vstr_add_byte(&v, b);
        if (b == '\n') {
            break;
        }
    }
    return mp_obj_new_bytes_from_vstr(&v);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(deflateio_readline_obj, 1, 2, deflateio_readline);

static mp_obj_t deflateio_write(mp_obj_t self_in, mp_obj_t data) {
    deflateio_t *d = deflateio_open(self_in);
    if (d->reading) {
        mp_raise_OSError(EINVAL); /* a stream is read or written, not both */
    }
    mp_buffer_info_t bi;
    mp_get_buffer_raise(data, &bi, MP_BUFFER_READ);
    if (d->comp == NULL) {
        compress_start(d, d->wbits);
    }
    compress_feed(d, bi.buf, bi.len);
    flush_out(d);
    return MP_OBJ_NEW_SMALL_INT(bi.len);
}
static MP_DEFINE_CONST_FUN_OBJ_2(deflateio_write_obj, deflateio_write);

static mp_obj_t deflateio_close(mp_obj_t self_in) {
    deflateio_t *d = MP_OBJ_TO_PTR(self_in);
    if (!d->closed) {
        d->closed = true;
        if (d->comp != NULL) {
            compress_finish(d);
            d->comp = NULL;
        }
        if (d->close_stream) {
            mp_obj_t dest[2];
            mp_load_method(d->stream, MP_QSTR_close, dest);
            mp_call_method_n_kw(0, 0, dest);
        }
        d->ring = NULL;
        d->lencode = d->distcode = NULL;
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(deflateio_close_obj, deflateio_close);

static mp_obj_t deflateio_enter(mp_obj_t self_in) {
    return self_in;
}
static MP_DEFINE_CONST_FUN_OBJ_1(deflateio_enter_obj, deflateio_enter);

static mp_obj_t deflateio_exit(size_t n_args, const mp_obj_t *args) {
    return deflateio_close(args[0]);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(deflateio_exit_obj, 1, 4, deflateio_exit);

static const mp_rom_map_elem_t deflateio_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&deflateio_read_obj)},
    {MP_ROM_QSTR(MP_QSTR_readinto), MP_ROM_PTR(&deflateio_readinto_obj)},
    {MP_ROM_QSTR(MP_QSTR_readline), MP_ROM_PTR(&deflateio_readline_obj)},
    {MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&deflateio_write_obj)},
    {MP_ROM_QSTR(MP_QSTR_close), MP_ROM_PTR(&deflateio_close_obj)},
    {MP_ROM_QSTR(MP_QSTR___enter__), MP_ROM_PTR(&deflateio_enter_obj)},
    {MP_ROM_QSTR(MP_QSTR___exit__), MP_ROM_PTR(&deflateio_exit_obj)},
};
static MP_DEFINE_CONST_DICT(deflateio_locals, deflateio_locals_table);

static const mp_obj_type_t deflateio_type = {
    .base = {&mp_type_type},
    .name = MP_QSTR_DeflateIO,
    MP_TYPE_SLOT(make_new, deflateio_make_new),
    MP_TYPE_SLOT(locals_dict, &deflateio_locals),
};

static const mp_rom_map_elem_t deflate_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_deflate)},
    {MP_ROM_QSTR(MP_QSTR_DeflateIO), MP_ROM_PTR(&deflateio_type)},
    {MP_ROM_QSTR(MP_QSTR_AUTO), MP_ROM_INT(FMT_AUTO)},
    {MP_ROM_QSTR(MP_QSTR_RAW), MP_ROM_INT(FMT_RAW)},
    {MP_ROM_QSTR(MP_QSTR_ZLIB), MP_ROM_INT(FMT_ZLIB)},
    {MP_ROM_QSTR(MP_QSTR_GZIP), MP_ROM_INT(FMT_GZIP)},
};
static MP_DEFINE_CONST_DICT(deflate_module_globals, deflate_module_table);

const mp_obj_module_t mp_module_deflate = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&deflate_module_globals,
};

/* ---- zlib.decompress ---------------------------------------------------- */

/* decompress(data, wbits=15): 8..15 zlib, -8..-15 raw, 24..31 gzip,
 * 40..47 zlib or gzip by header (CPython's convention) */
static mp_obj_t zlib_decompress(size_t n_args, const mp_obj_t *args) {
    mp_int_t wbits = n_args > 1 ? mp_obj_get_int(args[1]) : 15;
    int format;
    if (wbits >= 8 && wbits <= 15) {
        format = FMT_ZLIB;
    } else if (wbits >= -15 && wbits <= -8) {
        format = FMT_RAW;
    } else if (wbits >= 24 && wbits <= 31) {
        format = FMT_GZIP;
    } else if (wbits >= 40 && wbits <= 47) {
        format = FMT_AUTO;
    } else {
        mp_raise_ValueError("wbits");
    }
    mp_buffer_info_t bi;
    mp_get_buffer_raise(args[0], &bi, MP_BUFFER_READ);
    deflateio_t *d = deflateio_new(MP_OBJ_NULL, format);
    d->in_obj = args[0];
    d->in_buf = bi.buf;
    d->in_len = bi.len;
    mp_obj_t args2[1] = {MP_OBJ_FROM_PTR(d)};
    return deflateio_read(1, args2);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(zlib_decompress_obj, 1, 2, zlib_decompress);

static const mp_rom_map_elem_t zlib_module_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_zlib)},
    {MP_ROM_QSTR(MP_QSTR_decompress), MP_ROM_PTR(&zlib_decompress_obj)},
};
static MP_DEFINE_CONST_DICT(zlib_module_globals, zlib_module_table);

const mp_obj_module_t mp_module_zlib = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&zlib_module_globals,
};
