/* tfidf - reference solution (C): the tokenizer, vocabulary, smoothed idf
 * and l2 rows of scikit-learn's TfidfVectorizer defaults, from scratch. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef char Token[TFIDF_MAX_TOKEN];

static int is_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

/* The next token of length >= 2 from *p (lower-cased into tok); 0 at the end. */
static int next_token(const char **p, Token tok)
{
    for (;;) {
        while (**p && !is_word(**p))
            (*p)++;
        if (!**p)
            return 0;
        int len = 0;
        for (; is_word(**p); (*p)++)
            if (len < TFIDF_MAX_TOKEN - 1)
                tok[len++] = (char)(**p >= 'A' && **p <= 'Z' ? **p - 'A' + 'a' : **p);
        tok[len] = '\0';
        if (len >= 2)
            return 1;
    }
}

static int by_text(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* The sorted distinct tokens of the corpus into vocab; their count.  Each
 * new token is inserted at its place (binary search, then a shift). */
static int build_vocab(const char *const *docs, int ndocs, Token *vocab, int max_terms)
{
    int v = 0;
    Token tok;
    for (int d = 0; d < ndocs; d++) {
        for (const char *p = docs[d]; next_token(&p, tok);) {
            int lo = 0, hi = v; /* the first term >= tok */
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (strcmp(vocab[mid], tok) < 0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if ((lo < v && strcmp(vocab[lo], tok) == 0) || v == max_terms)
                continue;
            memmove(vocab[lo + 1], vocab[lo], (size_t)(v - lo) * sizeof *vocab);
            memcpy(vocab[lo], tok, sizeof tok);
            v++;
        }
    }
    return v;
}

int tfidf(const char *const *docs, int ndocs, char (*vocab)[TFIDF_MAX_TOKEN], int max_terms,
          double *weights)
{
    int v = build_vocab(docs, ndocs, vocab, max_terms);
    double *df = calloc((size_t)(v > 0 ? v : 1), sizeof *df);
    Token tok;
    for (int d = 0; d < ndocs; d++) { /* raw counts, then df */
        double *row = weights + (size_t)d * v;
        for (int t = 0; t < v; t++)
            row[t] = 0;
        for (const char *p = docs[d]; next_token(&p, tok);)
            row[(Token *)bsearch(tok, vocab, (size_t)v, sizeof *vocab, by_text) - vocab] += 1;
        for (int t = 0; t < v; t++)
            df[t] += row[t] > 0;
    }
    for (int d = 0; d < ndocs; d++) { /* tf * idf, l2 rows */
        double *row = weights + (size_t)d * v, norm = 0;
        for (int t = 0; t < v; t++) {
            row[t] *= log((1.0 + ndocs) / (1.0 + df[t])) + 1.0;
            norm += row[t] * row[t];
        }
        for (int t = 0; t < v && norm > 0; t++)
            row[t] /= sqrt(norm);
    }
    free(df);
    return v;
}
