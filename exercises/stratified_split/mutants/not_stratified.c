/* mutant: shuffles all the indices together and cuts round(n * p) of them:
 * random, but the per-class counts change from call to call. */

int stratified_split(const int *y, int n, int test_num, int test_den, int *test_idx,
                     int *train_idx, MpRng *rng)
{
    (void)y;
    int ntest = (int)((2L * n * test_num + test_den) / (2L * test_den));
    for (int i = 0; i < n; i++)
        train_idx[i] = i;
    for (int i = 0; i < ntest; i++) {
        int j = i + (int)mp_rng_below(rng, (uint32_t)(n - i));
        int tmp = train_idx[i];
        train_idx[i] = train_idx[j];
        train_idx[j] = tmp;
        test_idx[i] = train_idx[i];
    }
    for (int i = ntest; i < n; i++)
        train_idx[i - ntest] = train_idx[i];
    return ntest;
}
