/* mutant: "same" pads k/2 zeros on BOTH sides (right only for odd k): an
 * even kernel gives one output too many: fails same_even_kernel. */

int conv1d(const double *x, int n, const double *w, int k, int stride, int pad, double *out)
{
    int left = pad >= 0 ? pad : k / 2;
    int right = pad >= 0 ? pad : k / 2;
    if (n + left + right < k)
        return 0;
    int len = (n + left + right - k) / stride + 1;
    for (int i = 0; i < len; i++) {
        out[i] = 0;
        for (int j = 0; j < k; j++) {
            int t = i * stride + j - left;
            if (t >= 0 && t < n)
                out[i] += w[j] * x[t];
        }
    }
    return len;
}
