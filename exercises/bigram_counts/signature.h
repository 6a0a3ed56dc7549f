/* signature.h - the functions the learner writes (bigram_counts).  Forced
 * into the learner's file by the grader. */
#ifndef BIGRAM_COUNTS_SIGNATURE_H
#define BIGRAM_COUNTS_SIGNATURE_H
#include "mllab_practice.h"

#define BIGRAM_V 27 /* '.' and 'a'..'z' */

void bigram_counts(const char *const *words, int nwords, int *counts);
void bigram_probs(const int *counts, double k, double *probs);
double bigram_nll(const double *probs, const char *const *words, int nwords);

#endif
