/* bigram.h - the count-based bigram language model (characters of names, or
 * words of a text).
 *
 * P(next = j | prev = i) = (N[i][j] + k) / (sum_j' N[i][j'] + k V)
 *
 * N counts the pairs of consecutive tokens in the training sequences, each
 * sequence framed by the boundary token 0 ('.'): ".emma." gives .e em mm ma
 * a.  k is add-k smoothing (k = 1 is makemore's "+1"; k = 0 is the raw
 * maximum-likelihood table, whose NLL is infinite when a held-out pair was
 * never seen).  The NLL is per predicted token: every letter and the final
 * boundary of each sequence, averaged over all of them.
 *
 * Stepping (the create/step/inspect contract of src/algo.h, on a corpus
 * instead of a Dataset): a step adds the next `batch` training sequences
 * (in the split's order) to the counts and recomputes the train and test
 * NLL, so a view sees the counts filling in and the NLL falling.
 *
 * The model keeps pointers to the corpus and split: they must outlive it.
 * The inspect functions may run in another thread than bigram_step, never
 * at the same time. */
#ifndef MLLAB_BIGRAM_H
#define MLLAB_BIGRAM_H

#include "algo.h"
#include "charlm_data.h"

/* k (add-k, default 1), batch (sequences per step, default 1000). */
extern const ParamSpec bigram_params[];

typedef struct Bigram Bigram;

Bigram *bigram_create(const TextCorpus *c, const CorpusSplit *s, double k, int batch,
                      Error *err);
/* Adds the next batch; STEP_DONE once every training sequence is counted. */
StepStatus bigram_step(Bigram *b, Trace *trace, Error *err);
void bigram_destroy(Bigram *b);

/* ---- inspect ---------------------------------------------------------- */
int bigram_vocab(const Bigram *b);
/* V x V counts, row = previous token, column = next (the heatmap). */
const int *bigram_counts(const Bigram *b);
/* Training sequences counted so far, and in all. */
int bigram_seen(const Bigram *b);
int bigram_total(const Bigram *b);
double bigram_prob(const Bigram *b, int prev, int next);
/* Mean -log P over the predicted tokens of the listed sequences. */
double bigram_nll(const Bigram *b, const int *seqs, int n);
/* The NLLs after the last step (NAN before the first). */
double bigram_train_nll(const Bigram *b);
double bigram_test_nll(const Bigram *b);
/* Draw a sequence from the boundary until the boundary comes back (or max
 * tokens): writes the tokens (boundaries excluded), returns their count. */
int bigram_sample(const Bigram *b, Rng *rng, int *out, int max);

#endif
