/* harness.c - runs the learner's conv2d on one test's x (C_in×H×W),
 * weight (C_out×C_in×kh×kw, with kh given as its own input because the
 * runtime reports only the first two dimensions), bias, stride and pad. */
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    long nx, nwt;
    int cin, h, cout, cin_w;
    double *x = mp_in_f64("x", &nx, &cin, &h);
    double *weight = mp_in_f64("weight", &nwt, &cout, &cin_w);
    double *bias = mp_in_f64("bias", NULL, NULL, NULL);
    int kh = (int)mp_in_scalar("kh"), stride = (int)mp_in_scalar("stride");
    int pad = (int)mp_in_scalar("pad");
    int w = (int)(nx / ((long)cin * h)), kw = (int)(nwt / ((long)cout * cin_w * kh));
    int oh = (h + 2 * pad - kh) / stride + 1, ow = (w + 2 * pad - kw) / stride + 1;
    double *out = calloc((size_t)cout * oh * ow + 1, sizeof *out);
    mp_clock_start();
    conv2d(x, cin, h, w, weight, cout, kh, kw, bias, stride, pad, out);
    mp_clock_stop();
    int dims[3] = { cout, oh, ow };
    mp_out_f64("out", out, 3, dims);
    return mp_finish();
}
