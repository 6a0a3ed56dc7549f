/* conv2d - reference solution (C): the six loops of the definition,
 * padding handled by skipping the taps outside the image. */

static double one_output(const double *x, int cin, int h, int w, const double *filter, int kh,
                         int kw, int r0, int s0)
{
    double sum = 0.0;
    for (int c = 0; c < cin; c++)
        for (int a = 0; a < kh; a++) {
            int r = r0 + a;
            if (r < 0 || r >= h)
                continue;
            for (int b = 0; b < kw; b++) {
                int s = s0 + b;
                if (s >= 0 && s < w)
                    sum += filter[(c * kh + a) * kw + b] * x[(c * h + r) * w + s];
            }
        }
    return sum;
}

void conv2d(const double *x, int cin, int h, int w, const double *weight, int cout, int kh, int kw,
            const double *bias, int stride, int pad, double *out)
{
    int oh = (h + 2 * pad - kh) / stride + 1, ow = (w + 2 * pad - kw) / stride + 1;
    for (int o = 0; o < cout; o++)
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
                out[(o * oh + i) * ow + j] =
                    bias[o] + one_output(x, cin, h, w, weight + (long)o * cin * kh * kw, kh, kw,
                                         i * stride - pad, j * stride - pad);
}
