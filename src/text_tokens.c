/* text_tokens.c - splitting a document into lower-cased word tokens the way
 * scikit-learn's default token_pattern (?u)\b\w\w+\b does (see text.h for
 * the rules: UTF-8 or Latin-1 decoding, Python's word characters, runs of
 * two or more). */
#include "text.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

/* ---------------------------------------------------------------- decoding */

/* Length of the UTF-8 sequence at s and its code point, or 0 if invalid. */
static int utf8_decode(const unsigned char *s, uint32_t *cp)
{
    unsigned c = s[0];
    int len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

bool text_is_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t cp;
    while (*p) {
        int len = utf8_decode(p, &cp);
        if (len == 0)
            return false;
        p += len;
    }
    return true;
}

static int utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ------------------------------------------------------ character classes */

/* C.UTF-8 for code points above U+00FF (created once; (locale_t)0 when the
 * C library lacks it, and then such characters count as word characters
 * and keep their case). */
static locale_t unicode_locale(void)
{
    static locale_t loc;
    static int state; /* 0 not tried, 1 tried */
    if (!__atomic_load_n(&state, __ATOMIC_ACQUIRE)) {
        locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
        locale_t expected = (locale_t)0;
        if (l && !__atomic_compare_exchange_n(&loc, &expected, l, false, __ATOMIC_ACQ_REL,
                                              __ATOMIC_ACQUIRE))
            freelocale(l); /* another thread was first */
        __atomic_store_n(&state, 1, __ATOMIC_RELEASE);
    }
    return __atomic_load_n(&loc, __ATOMIC_ACQUIRE);
}

/* Python's '_' or str.isalnum(), exactly for U+0000..U+00FF. */
static bool latin1_is_word(uint32_t c)
{
    /* ª ² ³ µ ¹ º ¼ ½ ¾: the word characters of U+0080..U+00BF. */
    static const unsigned char signs[] = { 0xAA, 0xB2, 0xB3, 0xB5, 0xB9, 0xBA, 0xBC, 0xBD, 0xBE };
    if (c < 0x80)
        return ((c | 0x20) - 'a' < 26u) || (c - '0' < 10u) || c == '_';
    if (c >= 0xC0)
        return c != 0xD7 && c != 0xF7; /* letters, except × and ÷ */
    return memchr(signs, (int)c, sizeof signs) != NULL;
}

static bool is_word(uint32_t c)
{
    if (c <= 0xFF)
        return latin1_is_word(c);
    locale_t l = unicode_locale();
    return l ? iswalnum_l((wint_t)c, l) != 0 : true;
}

static uint32_t to_lower(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c <= 0xFF)
        return (c >= 0xC0 && c <= 0xDE && c != 0xD7) ? c + 32 : c;
    locale_t l = unicode_locale();
    return l ? (uint32_t)towlower_l((wint_t)c, l) : c;
}

/* ---------------------------------------------------------------- tokens */

static int tokens_reserve(TextTokens *t, size_t bytes, Error *err)
{
    if (t->len + bytes > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + bytes)
            cap *= 2;
        char *b = realloc(t->buf, cap);
        if (!b)
            return error_set(err, ERR_NOMEM, "out of memory tokenising");
        t->buf = b;
        t->cap = cap;
    }
    if (t->n == t->cap_n) {
        int cap = t->cap_n ? 2 * t->cap_n : 64;
        int *o = realloc(t->off, (size_t)cap * sizeof *o);
        if (!o)
            return error_set(err, ERR_NOMEM, "out of memory tokenising");
        t->off = o;
        t->cap_n = cap;
    }
    return 0;
}

/* Append the run of word characters (already lower-cased UTF-8 in run,
 * `chars` code points) as a token when it has two or more. */
static int emit(TextTokens *t, const char *run, size_t bytes, int chars, Error *err)
{
    if (chars < 2)
        return 0;
    if (tokens_reserve(t, bytes + 1, err) < 0)
        return -1;
    t->off[t->n++] = (int)t->len;
    memcpy(t->buf + t->len, run, bytes);
    t->len += bytes;
    t->buf[t->len++] = '\0';
    return 0;
}

/* The next code point of p (UTF-8 or one Latin-1 byte); returns its length. */
static int next_cp(const unsigned char *p, bool utf8, uint32_t *cp)
{
    if (!utf8) {
        *cp = *p;
        return 1;
    }
    int len = utf8_decode(p, cp);
    if (len == 0) { /* not reached for text_is_utf8 strings */
        *cp = *p;
        return 1;
    }
    return len;
}

int text_tokenize(const char *text, TextTokens *out, Error *err)
{
    out->n = 0;
    out->len = 0;
    bool utf8 = text_is_utf8(text);
    const unsigned char *p = (const unsigned char *)text;
    char *run = NULL;
    size_t run_len = 0, run_cap = 0;
    int chars = 0;
    for (;;) {
        uint32_t cp = 0;
        int len = *p ? next_cp(p, utf8, &cp) : 0;
        cp = to_lower(cp);
        if (*p && is_word(cp)) {
            if (run_len + 4 > run_cap) {
                run_cap = run_cap ? 2 * run_cap : 64;
                char *r = realloc(run, run_cap);
                if (!r) {
                    free(run);
                    return error_set(err, ERR_NOMEM, "out of memory tokenising");
                }
                run = r;
            }
            run_len += (size_t)utf8_encode(cp, run + run_len);
            chars++;
        } else {
            if (emit(out, run, run_len, chars, err) < 0) {
                free(run);
                return -1;
            }
            run_len = 0;
            chars = 0;
        }
        if (!*p)
            break;
        p += len;
    }
    free(run);
    return 0;
}

void text_tokens_free(TextTokens *t)
{
    if (!t)
        return;
    free(t->buf);
    free(t->off);
    memset(t, 0, sizeof *t);
}
