/* harness.c - runs the learner's confusion_metrics on one test's y_true,
 * y_pred and k. */
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    long n;
    int *y_true = mp_in_int("y_true", &n, NULL, NULL);
    int *y_pred = mp_in_int("y_pred", NULL, NULL, NULL);
    int k = (int)mp_in_scalar("k");
    int *cm = calloc((size_t)k * k, sizeof *cm);
    double *p = calloc((size_t)k, sizeof *p), *r = calloc((size_t)k, sizeof *r),
           *f1 = calloc((size_t)k, sizeof *f1);
    mp_clock_start();
    double accuracy = confusion_metrics(y_true, y_pred, (int)n, k, cm, p, r, f1);
    mp_clock_stop();
    int mdims[2] = { k, k }, vdims[1] = { k };
    mp_out_int("cm", cm, 2, mdims);
    mp_out_f64("precision", p, 1, vdims);
    mp_out_f64("recall", r, 1, vdims);
    mp_out_f64("f1", f1, 1, vdims);
    mp_out_scalar("accuracy", accuracy);
    return mp_finish();
}
