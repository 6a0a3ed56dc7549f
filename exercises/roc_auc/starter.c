/* roc_auc - your solution (C).
 * Check it with: mllab practice check roc_auc */
#include <math.h>

double roc_auc(const double *scores, const int *labels, int n)
{
    (void)scores;
    (void)labels;
    (void)n;
    /* TODO: P(score of a positive > score of a negative), ties count 1/2 */
    return 0.0;
}
