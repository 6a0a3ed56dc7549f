/* harness.c - runs the learner's maxpool2d_forward and maxpool2d_backward
 * on one test's x (C×H×W), k, stride and dout; writes out and dx. */
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    long nx;
    int c, h;
    double *x = mp_in_f64("x", &nx, &c, &h);
    int w = (int)(nx / ((long)c * h));
    int k = (int)mp_in_scalar("k"), stride = (int)mp_in_scalar("stride");
    double *dout = mp_in_f64("dout", NULL, NULL, NULL);
    int oh = (h - k) / stride + 1, ow = (w - k) / stride + 1;
    double *out = calloc((size_t)c * oh * ow + 1, sizeof *out);
    double *dx = calloc((size_t)nx + 1, sizeof *dx);
    mp_clock_start();
    maxpool2d_forward(x, c, h, w, k, stride, out);
    maxpool2d_backward(x, c, h, w, k, stride, dout, dx);
    mp_clock_stop();
    int odims[3] = { c, oh, ow }, xdims[3] = { c, h, w };
    mp_out_f64("out", out, 3, odims);
    mp_out_f64("dx", dx, 3, xdims);
    return mp_finish();
}
