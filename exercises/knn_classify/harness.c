/* harness.c - runs the learner's knn_predict on one test: either given
 * X_train, y_train, X_query (and, optionally, y_query to score), or a
 * labelled set X, y divided by the case's split line (mp_split: the test
 * rows are the queries).  Writes the predictions and, when the true labels
 * are known, the accuracy. */
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

static MpSplit given(void)
{
    MpSplit s = { 0 };
    s.X_train = mp_in_f64("X_train", NULL, &s.n_train, &s.d);
    s.y_train = mp_in_int("y_train", NULL, NULL, NULL);
    s.X_test = mp_in_f64("X_query", NULL, &s.n_test, NULL);
    s.y_test = mp_has("y_query") ? mp_in_int("y_query", NULL, NULL, NULL) : NULL;
    return s;
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    MpSplit s = mp_has("X") ? mp_split() : given();
    int k = (int)mp_in_scalar("k");
    int *pred = calloc((size_t)s.n_test + 1, sizeof *pred);
    mp_clock_start();
    knn_predict(s.X_train, s.y_train, s.n_train, s.d, s.X_test, s.n_test, k, pred);
    mp_clock_stop();
    int dims[1] = { s.n_test };
    mp_out_int("pred", pred, 1, dims);
    if (s.y_test)
        mp_out_scalar("accuracy", mp_accuracy(pred, s.y_test, s.n_test));
    return mp_finish();
}
