/* tfidf - your solution (C).
 * Check it with: mllab practice check tfidf */
#include <math.h>
#include <string.h>

int tfidf(const char *const *docs, int ndocs, char (*vocab)[TFIDF_MAX_TOKEN], int max_terms,
          double *weights)
{
    (void)docs;
    (void)ndocs;
    (void)vocab;
    (void)max_terms;
    (void)weights;
    /* TODO: tokens (2+ word chars, lower case), sorted vocabulary, raw tf,
     * idf = ln((1+n)/(1+df)) + 1, l2-normalised rows (packed: d*V + t) */
    return 0;
}
