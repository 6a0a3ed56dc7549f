/* charlm_data.c - text corpora for the language models: lines of names as
 * character sequences, or lines of any text as word sequences, and
 * makemore's held-out split (see charlm_data.h). */
#include "charlm_data.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "rng.h"

/* A growable int array. */
typedef struct IntVec {
    int *v;
    int n, cap;
} IntVec;

static int iv_push(IntVec *a, int x)
{
    if (a->n == a->cap) {
        int cap = a->cap ? a->cap * 2 : 1024;
        int *v = realloc(a->v, (size_t)cap * sizeof *v);
        if (!v)
            return -1;
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = x;
    return 0;
}

void corpus_free(TextCorpus *c)
{
    if (!c)
        return;
    free(c->name);
    if (c->symbols)
        for (int i = 0; i < c->vocab; i++)
            free(c->symbols[i]);
    free(c->symbols);
    free(c->start);
    free(c->tokens);
    memset(c, 0, sizeof *c);
}

int text_unit_parse(const char *s, TextUnit *out)
{
    if (strcmp(s, "char") == 0)
        *out = UNIT_CHAR;
    else if (strcmp(s, "word") == 0)
        *out = UNIT_WORD;
    else
        return -1;
    return 0;
}

/* One line, blanks and '\r' trimmed: [*b, *e). */
static void trim(const char **b, const char **e)
{
    while (*b < *e && (**b == ' ' || **b == '\t'))
        (*b)++;
    while (*e > *b && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
        (*e)--;
}

static int char_symbols(TextCorpus *c, Error *err)
{
    c->vocab = CHARLM_CHARS;
    c->symbols = calloc(CHARLM_CHARS, sizeof *c->symbols);
    if (!c->symbols)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < CHARLM_CHARS; i++) {
        char s[2] = { i ? (char)('a' + i - 1) : '.', 0 };
        if (!(c->symbols[i] = strdup(s)))
            return error_set(err, ERR_NOMEM, "out of memory");
    }
    return 0;
}

/* One character line [b, e) (line starts at ls) into tokens. */
static int char_line(const char *b, const char *e, const char *ls, const char *label, int line,
                     IntVec *tok, Error *err)
{
    for (const char *q = b; q < e; q++) {
        if (*q < 'a' || *q > 'z')
            return error_set(err, ERR_DATA,
                             "%s:%d:%d: character '%c' (byte 0x%02x) is not a lower-case "
                             "letter a-z (names are sequences over . and a-z)",
                             label, line, (int)(q - ls) + 1,
                             isprint((unsigned char)*q) ? *q : '?', (unsigned char)*q);
        if (iv_push(tok, *q - 'a' + 1) < 0)
            return error_set(err, ERR_NOMEM, "out of memory");
    }
    return 0;
}

/* Character lines: a..z only; empty lines are skipped. */
static int parse_chars(const char *text, size_t len, const char *label, IntVec *tok,
                       IntVec *start, Error *err)
{
    const char *p = text, *end = text + len;
    for (int line = 1; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end, *b = p;
        trim(&b, &le);
        if (char_line(b, le, p, label, line, tok, err) < 0)
            return -1;
        if (le > b && iv_push(start, tok->n) < 0)
            return error_set(err, ERR_NOMEM, "out of memory");
        p = nl ? nl + 1 : end;
    }
    return 0;
}

/* ---- words ---------------------------------------------------------------- */

typedef struct WordCount {
    char *word;
    int count, id;
} WordCount;

typedef struct WordTable {
    WordCount *slots; /* open addressing, power-of-two size */
    int size, used;
} WordTable;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int table_grow(WordTable *t)
{
    WordTable n = { calloc((size_t)t->size * 2, sizeof(WordCount)), t->size * 2, t->used };
    if (!n.slots)
        return -1;
    for (int i = 0; i < t->size; i++) {
        if (!t->slots[i].word)
            continue;
        uint64_t h = hash_str(t->slots[i].word) & (uint64_t)(n.size - 1);
        while (n.slots[h].word)
            h = (h + 1) & (uint64_t)(n.size - 1);
        n.slots[h] = t->slots[i];
    }
    free(t->slots);
    *t = n;
    return 0;
}

/* The slot of word, added with count 0 when new; NULL on allocation failure. */
static WordCount *table_get(WordTable *t, const char *word)
{
    if (2 * (t->used + 1) > t->size && table_grow(t) < 0)
        return NULL;
    uint64_t h = hash_str(word) & (uint64_t)(t->size - 1);
    while (t->slots[h].word && strcmp(t->slots[h].word, word) != 0)
        h = (h + 1) & (uint64_t)(t->size - 1);
    if (!t->slots[h].word) {
        if (!(t->slots[h].word = strdup(word)))
            return NULL;
        t->used++;
    }
    return &t->slots[h];
}

static void table_free(WordTable *t)
{
    for (int i = 0; i < t->size; i++)
        free(t->slots[i].word);
    free(t->slots);
}

static int by_count(const void *a, const void *b)
{
    const WordCount *x = *(const WordCount *const *)a, *y = *(const WordCount *const *)b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->word, y->word);
}

static int is_word_byte(char ch)
{
    return isalnum((unsigned char)ch) || ch == '\'';
}

/* Pass over the text calling fn for each word (lower-cased) and -1 at each
 * line end that had words. */
typedef int (*WordFn)(void *ctx, const char *word);

static int scan_words(const char *text, size_t len, WordFn fn, void *ctx)
{
    char buf[128];
    int n = 0, words_on_line = 0;
    for (size_t i = 0; i <= len; i++) {
        char ch = i < len ? text[i] : '\n';
        if (is_word_byte(ch)) {
            if (n < (int)sizeof buf - 1)
                buf[n++] = (char)tolower((unsigned char)ch);
            continue;
        }
        if (n > 0) {
            buf[n] = 0;
            n = 0;
            words_on_line++;
            if (fn(ctx, buf) < 0)
                return -1;
        }
        if (ch == '\n' && words_on_line > 0) {
            words_on_line = 0;
            if (fn(ctx, NULL) < 0)
                return -1;
        }
    }
    return 0;
}

static int count_word(void *ctx, const char *word)
{
    if (!word)
        return 0;
    WordCount *w = table_get(ctx, word);
    if (!w)
        return -1;
    w->count++;
    return 0;
}

typedef struct Tokenise {
    WordTable *t;
    IntVec *tok, *start;
    int unk;
} Tokenise;

static int tokenise_word(void *ctx, const char *word)
{
    Tokenise *k = ctx;
    if (!word)
        return iv_push(k->start, k->tok->n);
    WordCount *w = table_get(k->t, word);
    return w ? iv_push(k->tok, w->id > 0 ? w->id : k->unk) : -1;
}

/* The table's words, most frequent first (ties alphabetical); NULL when
 * out of memory. */
static WordCount **sorted_words(const WordTable *t)
{
    WordCount **all = malloc((size_t)(t->used + 1) * sizeof *all);
    if (!all)
        return NULL;
    int n = 0;
    for (int i = 0; i < t->size; i++)
        if (t->slots[i].word)
            all[n++] = &t->slots[i];
    qsort(all, (size_t)n, sizeof *all, by_count);
    return all;
}

/* Vocabulary: '.', the most frequent words, "<unk>". */
static int word_symbols(TextCorpus *c, WordTable *t, int max_vocab)
{
    WordCount **all = sorted_words(t);
    if (!all)
        return -1;
    int keep = t->used < max_vocab - 2 ? t->used : max_vocab - 2;
    c->vocab = keep + 2;
    c->symbols = calloc((size_t)c->vocab, sizeof *c->symbols);
    int rc = c->symbols ? 0 : -1;
    for (int i = 0; rc == 0 && i < keep; i++) {
        all[i]->id = i + 1;
        rc = (c->symbols[i + 1] = strdup(all[i]->word)) ? 0 : -1;
    }
    free(all);
    if (rc < 0)
        return -1;
    c->symbols[0] = strdup(".");
    c->symbols[c->vocab - 1] = strdup("<unk>");
    return c->symbols[0] && c->symbols[c->vocab - 1] ? 0 : -1;
}

static int parse_words(TextCorpus *c, const char *text, size_t len, int max_vocab, IntVec *tok,
                       IntVec *start, Error *err)
{
    WordTable t = { calloc(1024, sizeof(WordCount)), 1024, 0 };
    int rc = t.slots ? 0 : -1;
    if (rc == 0)
        rc = scan_words(text, len, count_word, &t);
    if (rc == 0)
        rc = word_symbols(c, &t, max_vocab);
    if (rc == 0) {
        Tokenise k = { &t, tok, start, c->vocab - 1 };
        rc = scan_words(text, len, tokenise_word, &k);
    }
    if (t.slots)
        table_free(&t);
    return rc < 0 ? error_set(err, ERR_NOMEM, "out of memory") : 0;
}

/* ---- the corpus ------------------------------------------------------------ */

static int finish(TextCorpus *c, IntVec *tok, IntVec *start, const char *label, Error *err)
{
    c->n_seqs = start->n - 1;
    if (c->n_seqs < 1)
        return error_set(err, ERR_DATA, "%s: empty corpus (no non-empty line)", label);
    c->tokens = tok->v;
    c->start = start->v;
    tok->v = start->v = NULL;
    for (int i = 0; i < c->n_seqs; i++)
        if (corpus_len(c, i) > c->max_len)
            c->max_len = corpus_len(c, i);
    return 0;
}

/* The tokens and sequence starts of the text. */
static int tokenise(TextCorpus *c, const char *text, size_t len, const char *label,
                    int max_vocab, IntVec *tok, IntVec *start, Error *err)
{
    if (iv_push(start, 0) < 0)
        return error_set(err, ERR_NOMEM, "out of memory");
    if (c->unit == UNIT_WORD) {
        if (max_vocab < 3)
            return error_set(err, ERR_USAGE, "the word vocabulary needs at least 3 entries");
        return parse_words(c, text, len, max_vocab, tok, start, err);
    }
    if (char_symbols(c, err) < 0)
        return -1;
    return parse_chars(text, len, label, tok, start, err);
}

int corpus_parse(TextCorpus *c, const char *text, size_t len, const char *label, TextUnit unit,
                 int max_vocab, Error *err)
{
    memset(c, 0, sizeof *c);
    c->unit = unit;
    IntVec tok = { 0 }, start = { 0 };
    int rc = (c->name = strdup(label)) ? 0 : error_set(err, ERR_NOMEM, "out of memory");
    if (rc == 0)
        rc = tokenise(c, text, len, label, max_vocab, &tok, &start, err);
    if (rc == 0)
        rc = finish(c, &tok, &start, label, err);
    free(tok.v);
    free(start.v);
    if (rc < 0)
        corpus_free(c);
    return rc;
}

static char *read_all(const char *path, size_t *len, Error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        error_set(err, ERR_IO, "%s: cannot open", path);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b)
                free(buf);
            buf = b;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        error_set(err, buf ? ERR_IO : ERR_NOMEM, "%s: %s", path, buf ? "read error" : "out of memory");
        return NULL;
    }
    *len = n;
    return buf;
}

int corpus_load(TextCorpus *c, const char *name_or_path, TextUnit unit, int max_vocab,
                Error *err)
{
    char path[4096];
    const char *file = name_or_path;
    if (strcmp(name_or_path, "names") == 0) {
        if (!path_join(path, sizeof path, path_data_dir(), "names.txt"))
            return error_set(err, ERR_IO, "names: data folder path too long");
        file = path;
    }
    size_t len;
    char *text = read_all(file, &len, err);
    if (!text)
        return -1;
    int rc = corpus_parse(c, text, len, file, unit, max_vocab, err);
    free(text);
    if (rc == 0 && file != name_or_path) {
        free(c->name);
        if (!(c->name = strdup(name_or_path)))
            rc = error_set(err, ERR_NOMEM, "out of memory");
    }
    return rc;
}

int corpus_split(const TextCorpus *c, uint64_t seed, CorpusSplit *s, Error *err)
{
    memset(s, 0, sizeof *s);
    int n = c->n_seqs;
    int n_test = n / 10 < 1000 ? n / 10 : 1000;
    int *perm = malloc((size_t)n * sizeof *perm);
    s->train = malloc((size_t)(n - n_test) * sizeof *s->train + 1);
    s->test = malloc((size_t)n_test * sizeof *s->test + 1);
    if (!perm || !s->train || !s->test) {
        free(perm);
        corpus_split_free(s);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    Rng rng;
    rng_seed(&rng, seed);
    rng_permutation(&rng, perm, n);
    s->n_train = n - n_test;
    s->n_test = n_test;
    memcpy(s->train, perm, (size_t)s->n_train * sizeof *perm);
    memcpy(s->test, perm + s->n_train, (size_t)n_test * sizeof *perm);
    free(perm);
    return 0;
}

void corpus_split_free(CorpusSplit *s)
{
    free(s->train);
    free(s->test);
    memset(s, 0, sizeof *s);
}

void corpus_decode(const TextCorpus *c, const int *tokens, int n, char *buf, size_t size)
{
    size_t at = 0;
    if (size == 0)
        return;
    buf[0] = 0;
    for (int i = 0; i < n; i++) {
        const char *s = tokens[i] >= 0 && tokens[i] < c->vocab ? c->symbols[tokens[i]] : "?";
        int w = snprintf(buf + at, size - at, "%s%s", c->unit == UNIT_WORD && i ? " " : "", s);
        if (w < 0 || (size_t)w >= size - at)
            return;
        at += (size_t)w;
    }
}
