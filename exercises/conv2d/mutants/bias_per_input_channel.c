/* mutant: adds the bias inside the loop over input channels (C_in times):
 * fails multichannel_nonsquare_kernel and one_by_one_mixes_channels. */

void conv2d(const double *x, int cin, int h, int w, const double *weight, int cout, int kh, int kw,
            const double *bias, int stride, int pad, double *out)
{
    int oh = (h + 2 * pad - kh) / stride + 1, ow = (w + 2 * pad - kw) / stride + 1;
    for (int o = 0; o < cout; o++)
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++) {
                double s = 0;
                for (int c = 0; c < cin; c++) {
                    s += bias[o];
                    for (int a = 0; a < kh; a++)
                        for (int b = 0; b < kw; b++) {
                            int r = i * stride + a - pad, q = j * stride + b - pad;
                            if (r >= 0 && r < h && q >= 0 && q < w)
                                s += weight[((o * cin + c) * kh + a) * kw + b] * x[(c * h + r) * w + q];
                        }
                }
                out[(o * oh + i) * ow + j] = s;
            }
}
