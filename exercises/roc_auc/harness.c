/* harness.c - calls the learner's roc_auc(scores, labels, n).  Outputs
 * `is_nan` (1 when the result is NaN) and `auc` (-1 in place of a NaN, so
 * that the comparison stays numeric). */
#include <math.h>

#include "mllab_practice.h"
#include "signature.h"

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    long n;
    double *scores = mp_in_f64("scores", &n, NULL, NULL);
    int *labels = mp_in_int("labels", NULL, NULL, NULL);
    mp_clock_start();
    double auc = roc_auc(scores, labels, (int)n);
    mp_clock_stop();
    mp_out_scalar("is_nan", isnan(auc) ? 1 : 0);
    mp_out_scalar("auc", isnan(auc) ? -1.0 : auc);
    return mp_finish();
}
