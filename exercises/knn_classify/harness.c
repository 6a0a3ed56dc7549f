/* harness.c - runs the learner's knn_predict on one test: either given
 * X_train, y_train, X_query (and, optionally, y_query to score), or a
 * labelled set X, y split by the harness into even rows (training) and odd
 * rows (queries).  Writes the predictions and, when the true labels are
 * known, the accuracy. */
#include <stdlib.h>
#include <string.h>

#include "mllab_practice.h"
#include "signature.h"

typedef struct Split {
    double *Xtr, *Xq;
    int *ytr, *yq;
    int n, m, d;
} Split;

/* Even rows of X, y go to training, odd rows to the queries. */
static void split_even_odd(Split *s)
{
    int rows;
    double *X = mp_in_f64("X", NULL, &rows, &s->d);
    int *y = mp_in_int("y", NULL, NULL, NULL);
    s->n = (rows + 1) / 2;
    s->m = rows / 2;
    s->Xtr = malloc((size_t)s->n * s->d * sizeof *s->Xtr);
    s->Xq = malloc((size_t)(s->m + 1) * s->d * sizeof *s->Xq);
    s->ytr = malloc((size_t)s->n * sizeof *s->ytr);
    s->yq = malloc((size_t)(s->m + 1) * sizeof *s->yq);
    for (int i = 0; i < rows; i++) {
        double *dst = i % 2 ? s->Xq + (long)(i / 2) * s->d : s->Xtr + (long)(i / 2) * s->d;
        memcpy(dst, X + (long)i * s->d, (size_t)s->d * sizeof *dst);
        (i % 2 ? s->yq : s->ytr)[i / 2] = y[i];
    }
}

static void given(Split *s)
{
    s->Xtr = mp_in_f64("X_train", NULL, &s->n, &s->d);
    s->ytr = mp_in_int("y_train", NULL, NULL, NULL);
    s->Xq = mp_in_f64("X_query", NULL, &s->m, NULL);
    s->yq = mp_has("y_query") ? mp_in_int("y_query", NULL, NULL, NULL) : NULL;
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    Split s;
    if (mp_has("X"))
        split_even_odd(&s);
    else
        given(&s);
    int k = (int)mp_in_scalar("k");
    int *pred = calloc((size_t)s.m + 1, sizeof *pred);
    mp_clock_start();
    knn_predict(s.Xtr, s.ytr, s.n, s.d, s.Xq, s.m, k, pred);
    mp_clock_stop();
    int dims[1] = { s.m };
    mp_out_int("pred", pred, 1, dims);
    if (s.yq) {
        int right = 0;
        for (int i = 0; i < s.m; i++)
            right += pred[i] == s.yq[i];
        mp_out_scalar("accuracy", s.m ? (double)right / s.m : 0.0);
    }
    return mp_finish();
}
