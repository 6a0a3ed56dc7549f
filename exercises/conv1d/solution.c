/* conv1d - reference solution (C): cross-correlation with zero padding
 * ("same" or explicit) and stride, without building the padded signal. */

int conv1d(const double *x, int n, const double *w, int k, int stride, int pad, double *out)
{
    int left = pad >= 0 ? pad : (k - 1) / 2;
    int right = pad >= 0 ? pad : k - 1 - left;
    int padded = n + left + right;
    if (padded < k)
        return 0;
    int len = (padded - k) / stride + 1;
    for (int i = 0; i < len; i++) {
        double s = 0.0;
        for (int j = 0; j < k; j++) {
            int t = i * stride + j - left; /* index into x */
            if (t >= 0 && t < n)
                s += w[j] * x[t];
        }
        out[i] = s;
    }
    return len;
}
