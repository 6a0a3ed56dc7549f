/* harness.c - runs the learner's softmax, cross_entropy and
 * cross_entropy_grad on one test's scores z and label. */
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    long n;
    double *z = mp_in_f64("z", &n, NULL, NULL);
    int label = (int)mp_in_scalar("label");
    double *p = calloc((size_t)n, sizeof *p), *grad = calloc((size_t)n, sizeof *grad);
    int dims[1] = { (int)n };
    mp_clock_start();
    softmax(z, (int)n, p);
    double loss = cross_entropy(z, (int)n, label);
    cross_entropy_grad(z, (int)n, label, grad);
    mp_clock_stop();
    mp_out_f64("p", p, 1, dims);
    mp_out_scalar("loss", loss);
    mp_out_f64("grad", grad, 1, dims);
    return mp_finish();
}
