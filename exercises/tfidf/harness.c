/* harness.c - decodes the documents (character codes in `text`, one length
 * per document in `lens`) and calls the learner's tfidf with room for 4096
 * terms.  Outputs the vocabulary size (`nterms`), the terms as character
 * codes each followed by a 0 (`vocab_codes`) and the ndocs x nterms
 * `weights`. */
#include <stdlib.h>
#include <string.h>

#include "mllab_practice.h"
#include "signature.h"

#define MAX_TERMS 4096

static char **decode(int *ndocs)
{
    long nc, nd;
    int *codes = mp_in_int("text", &nc, NULL, NULL);
    int *lens = mp_in_int("lens", &nd, NULL, NULL);
    char **docs = malloc((size_t)(nd > 0 ? nd : 1) * sizeof *docs);
    char *text = malloc((size_t)(nc + nd + 1));
    long at = 0;
    for (long d = 0; d < nd; d++) {
        docs[d] = text;
        for (int i = 0; i < lens[d]; i++)
            *text++ = (char)codes[at++];
        *text++ = '\0';
    }
    *ndocs = (int)nd;
    return docs;
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int ndocs;
    char **docs = decode(&ndocs);
    char (*vocab)[TFIDF_MAX_TOKEN] = calloc(MAX_TERMS, sizeof *vocab);
    double *weights = calloc((size_t)(ndocs > 0 ? ndocs : 1) * MAX_TERMS, sizeof *weights);
    mp_clock_start();
    int v = tfidf((const char *const *)docs, ndocs, vocab, MAX_TERMS, weights);
    mp_clock_stop();
    if (v < 0 || v > MAX_TERMS)
        v = 0;
    int *codes = malloc(((size_t)v * TFIDF_MAX_TOKEN + 1) * sizeof *codes), nc = 0;
    for (int t = 0; t < v; t++) {
        vocab[t][TFIDF_MAX_TOKEN - 1] = '\0';
        for (const char *c = vocab[t]; *c; c++)
            codes[nc++] = (unsigned char)*c;
        codes[nc++] = 0;
    }
    mp_out_scalar("nterms", v);
    int dims[2] = { nc, 0 };
    mp_out_int("vocab_codes", codes, 1, dims);
    dims[0] = ndocs;
    dims[1] = v;
    mp_out_f64("weights", weights, 2, dims);
    return mp_finish();
}
