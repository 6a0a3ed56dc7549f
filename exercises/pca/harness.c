/* harness.c - runs the learner's pca on one test's X and k; writes the
 * components with their signs normalised (each flipped when its
 * largest-magnitude entry is negative; the first entry within 1e-9 of the
 * largest magnitude decides), the explained variances and ratios. */
#include <math.h>
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

static void normalise_sign(double *v, int d)
{
    double big = 0.0;
    for (int j = 0; j < d; j++)
        big = fabs(v[j]) > big ? fabs(v[j]) : big;
    for (int j = 0; j < d; j++)
        if (fabs(v[j]) >= big - 1e-9) {
            if (v[j] < 0)
                for (int m = 0; m < d; m++)
                    v[m] = -v[m];
            return;
        }
}

static double *nans(long n)
{
    double *v = malloc((size_t)n * sizeof *v);
    for (long i = 0; i < n; i++)
        v[i] = NAN;
    return v;
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int n, d;
    double *X = mp_in_f64("X", NULL, &n, &d);
    int k = (int)mp_in_scalar("k");
    double *comp = nans((long)k * d), *var = nans(k), *ratio = nans(k);
    mp_clock_start();
    pca(X, n, d, k, comp, var, ratio);
    mp_clock_stop();
    for (int i = 0; i < k; i++)
        normalise_sign(comp + (long)i * d, d);
    int cdims[2] = { k, d }, vdims[1] = { k };
    mp_out_f64("components", comp, 2, cdims);
    mp_out_f64("explained_variance", var, 1, vdims);
    mp_out_f64("explained_variance_ratio", ratio, 1, vdims);
    return mp_finish();
}
