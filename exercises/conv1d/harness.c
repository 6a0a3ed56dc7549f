/* harness.c - runs the learner's conv1d on one test's signal, kernel,
 * stride and pad (-1: "same"); writes the output and its length. */
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    long n, k;
    double *x = mp_in_f64("x", &n, NULL, NULL);
    double *w = mp_in_f64("w", &k, NULL, NULL);
    int stride = (int)mp_in_scalar("stride"), pad = (int)mp_in_scalar("pad");
    long room = n + 2 * (pad > k ? pad : k) + 1;
    double *out = calloc((size_t)room, sizeof *out);
    mp_clock_start();
    int len = conv1d(x, (int)n, w, (int)k, stride, pad, out);
    mp_clock_stop();
    if (len < 0 || len > room)
        len = 0; /* a length out of range: an empty output, which fails the shape */
    int dims[1] = { len };
    mp_out_f64("out", out, 1, dims);
    return mp_finish();
}
