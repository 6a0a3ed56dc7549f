/* bigram_counts - your solution (C).
 * Check it with: mllab practice check bigram_counts
 * Token ids: '.' = 0, 'a' = 1 ... 'z' = 26; matrices are 27x27 row-major. */
#include <math.h>

void bigram_counts(const char *const *words, int nwords, int *counts)
{
    (void)words;
    (void)nwords;
    /* TODO: count (., w1), (w1, w2), ..., (wn, .) for every word */
    for (int i = 0; i < BIGRAM_V * BIGRAM_V; i++)
        counts[i] = 0;
}

void bigram_probs(const int *counts, double k, double *probs)
{
    (void)counts;
    (void)k;
    /* TODO: (count + k) / (row total + 27 k) */
    for (int i = 0; i < BIGRAM_V * BIGRAM_V; i++)
        probs[i] = 1.0 / BIGRAM_V;
}

double bigram_nll(const double *probs, const char *const *words, int nwords)
{
    (void)probs;
    (void)words;
    (void)nwords;
    /* TODO: mean of -log P(next | current) over the held-out bigrams */
    return 0.0;
}
