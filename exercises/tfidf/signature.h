/* signature.h - the function the learner writes (tfidf).  Forced into the
 * learner's file by the grader. */
#ifndef TFIDF_SIGNATURE_H
#define TFIDF_SIGNATURE_H
#include "mllab_practice.h"

#define TFIDF_MAX_TOKEN 32 /* a token has at most 31 characters (+ '\0') */

int tfidf(const char *const *docs, int ndocs, char (*vocab)[TFIDF_MAX_TOKEN], int max_terms,
          double *weights);

#endif
