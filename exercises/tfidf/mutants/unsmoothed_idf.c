/* mutant: the textbook idf ln(n / df) + 1 instead of scikit-learn's
 * smoothed ln((1 + n) / (1 + df)) + 1; everything else is right. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef char Token[TFIDF_MAX_TOKEN];

static int is_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

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

int tfidf(const char *const *docs, int ndocs, char (*vocab)[TFIDF_MAX_TOKEN], int max_terms,
          double *weights)
{
    int v = 0;
    Token tok;
    for (int d = 0; d < ndocs; d++)
        for (const char *p = docs[d]; next_token(&p, tok);)
            if (!bsearch(tok, vocab, (size_t)v, sizeof *vocab, by_text) && v < max_terms) {
                memcpy(vocab[v++], tok, sizeof tok);
                qsort(vocab, (size_t)v, sizeof *vocab, by_text);
            }
    double *df = calloc((size_t)(v > 0 ? v : 1), sizeof *df);
    for (int d = 0; d < ndocs; d++) {
        double *row = weights + (size_t)d * v;
        for (int t = 0; t < v; t++)
            row[t] = 0;
        for (const char *p = docs[d]; next_token(&p, tok);)
            row[(Token *)bsearch(tok, vocab, (size_t)v, sizeof *vocab, by_text) - vocab] += 1;
        for (int t = 0; t < v; t++)
            df[t] += row[t] > 0;
    }
    for (int d = 0; d < ndocs; d++) {
        double *row = weights + (size_t)d * v, norm = 0;
        for (int t = 0; t < v; t++) {
            row[t] *= log((double)ndocs / df[t]) + 1.0;
            norm += row[t] * row[t];
        }
        for (int t = 0; t < v && norm > 0; t++)
            row[t] /= sqrt(norm);
    }
    free(df);
    return v;
}
