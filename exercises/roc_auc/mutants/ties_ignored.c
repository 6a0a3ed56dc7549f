/* mutant: the pairwise definition with ties counting 0 instead of 1/2
 * (and O(P*N)). */
#include <math.h>
#include <stdlib.h>

double roc_auc(const double *scores, const int *labels, int n)
{
    double *pos = malloc((size_t)(n > 0 ? n : 1) * sizeof *pos);
    double *neg = malloc((size_t)(n > 0 ? n : 1) * sizeof *neg);
    int np = 0, nn = 0;
    for (int i = 0; i < n; i++) {
        if (labels[i] == 1)
            pos[np++] = scores[i];
        else
            neg[nn++] = scores[i];
    }
    double wins = 0;
    for (int p = 0; p < np; p++)
        for (int q = 0; q < nn; q++)
            wins += pos[p] > neg[q];
    free(pos);
    free(neg);
    if (np == 0 || nn == 0)
        return NAN;
    return wins / ((double)np * nn);
}
