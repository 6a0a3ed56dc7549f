/* bigram_counts - reference solution (C): character bigrams with '.' as
 * the start and end token, add-k probabilities and the held-out NLL. */
#include <math.h>

static int token(char c)
{
    return c - 'a' + 1; /* 'a' = 1 ... 'z' = 26; '.' = 0 is never a letter */
}

void bigram_counts(const char *const *words, int nwords, int *counts)
{
    for (int i = 0; i < BIGRAM_V * BIGRAM_V; i++)
        counts[i] = 0;
    for (int w = 0; w < nwords; w++) {
        int prev = 0;
        for (const char *c = words[w]; *c; c++) {
            counts[BIGRAM_V * prev + token(*c)]++;
            prev = token(*c);
        }
        counts[BIGRAM_V * prev + 0]++;
    }
}

void bigram_probs(const int *counts, double k, double *probs)
{
    for (int r = 0; r < BIGRAM_V; r++) {
        double total = BIGRAM_V * k;
        for (int c = 0; c < BIGRAM_V; c++)
            total += counts[BIGRAM_V * r + c];
        for (int c = 0; c < BIGRAM_V; c++)
            probs[BIGRAM_V * r + c] = total > 0 ? (counts[BIGRAM_V * r + c] + k) / total : 0.0;
    }
}

double bigram_nll(const double *probs, const char *const *words, int nwords)
{
    double sum = 0;
    long terms = 0;
    for (int w = 0; w < nwords; w++) {
        int prev = 0;
        for (const char *c = words[w];; c++) {
            int next = *c ? token(*c) : 0;
            sum -= log(probs[BIGRAM_V * prev + next]); /* log(0) = -inf */
            terms++;
            if (!*c)
                break;
            prev = next;
        }
    }
    return terms > 0 ? sum / (double)terms : 0.0;
}
