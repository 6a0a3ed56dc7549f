/* harness.c - runs the learner's standardize on one test's train and test
 * parts (or, with an input n_train, on the first n_train rows of data as
 * the training part and the rest as the test part); writes mean, std and
 * the two scaled parts. */
#include <math.h>
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

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
    int n_train, n_test, d;
    double *train, *test;
    if (mp_has("data")) {
        int rows;
        train = mp_in_f64("data", NULL, &rows, &d);
        n_train = (int)mp_in_scalar("n_train");
        n_test = rows - n_train;
        test = train + (long)n_train * d;
    } else {
        train = mp_in_f64("train", NULL, &n_train, &d);
        test = mp_in_f64("test", NULL, &n_test, NULL);
    }
    double *mean = nans(d), *std = nans(d);
    double *train_out = nans((long)n_train * d), *test_out = nans((long)n_test * d);
    mp_clock_start();
    standardize(train, n_train, test, n_test, d, mean, std, train_out, test_out);
    mp_clock_stop();
    int vdims[1] = { d }, trdims[2] = { n_train, d }, tedims[2] = { n_test, d };
    mp_out_f64("mean", mean, 1, vdims);
    mp_out_f64("std", std, 1, vdims);
    mp_out_f64("train_out", train_out, 2, trdims);
    mp_out_f64("test_out", test_out, 2, tedims);
    return mp_finish();
}
