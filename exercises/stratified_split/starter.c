/* stratified_split - your solution (C).
 * Check it with: mllab practice check stratified_split */

int stratified_split(const int *y, int n, int test_num, int test_den, int *test_idx,
                     int *train_idx, MpRng *rng)
{
    (void)y;
    (void)test_num;
    (void)test_den;
    (void)test_idx;
    (void)rng;
    /* TODO: per class, round(n_c * test_num / test_den) random members go to test */
    for (int i = 0; i < n; i++)
        train_idx[i] = i;
    return 0;
}
