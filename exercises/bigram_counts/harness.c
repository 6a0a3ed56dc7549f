/* harness.c - decodes the training and held-out words (letter codes 1..26
 * in `*_codes`, word lengths in `*_lens`), then calls the learner's
 * bigram_counts on the training words, bigram_probs on those counts with
 * `k`, and bigram_nll on those probabilities and the held-out words.
 * Outputs `counts`, `probs`, `nll_finite` (0 when the NLL is infinite or
 * NaN) and `nll` (-1 in place of an infinite one). */
#include <math.h>
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

/* The words of one list as C strings (in one block, never freed). */
static char **decode(const char *codes_name, const char *lens_name, int *nwords)
{
    long nc, nw;
    int *codes = mp_in_int(codes_name, &nc, NULL, NULL);
    int *lens = mp_in_int(lens_name, &nw, NULL, NULL);
    char **words = malloc((size_t)(nw > 0 ? nw : 1) * sizeof *words);
    char *text = malloc((size_t)(nc + nw + 1));
    long at = 0;
    for (long w = 0; w < nw; w++) {
        words[w] = text;
        for (int i = 0; i < lens[w]; i++)
            *text++ = (char)('a' + codes[at++] - 1);
        *text++ = '\0';
    }
    *nwords = (int)nw;
    return words;
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int ntrain, nheld;
    char **train = decode("train_codes", "train_lens", &ntrain);
    char **held = decode("held_codes", "held_lens", &nheld);
    int counts[BIGRAM_V * BIGRAM_V];
    double probs[BIGRAM_V * BIGRAM_V];
    mp_clock_start();
    bigram_counts((const char *const *)train, ntrain, counts);
    bigram_probs(counts, mp_in_scalar("k"), probs);
    double nll = bigram_nll(probs, (const char *const *)held, nheld);
    mp_clock_stop();
    int dims[2] = { BIGRAM_V, BIGRAM_V };
    mp_out_int("counts", counts, 2, dims);
    mp_out_f64("probs", probs, 2, dims);
    mp_out_scalar("nll_finite", isfinite(nll) ? 1 : 0);
    mp_out_scalar("nll", isfinite(nll) ? nll : -1.0);
    return mp_finish();
}
