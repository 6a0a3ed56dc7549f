/* stratified_split - reference solution (C): group the indices by class,
 * then a partial Fisher-Yates shuffle inside each class. */
#include <stdlib.h>

int stratified_split(const int *y, int n, int test_num, int test_den, int *test_idx,
                     int *train_idx, MpRng *rng)
{
    /* start[c]..start[c+1]-1: the members of class c in `members` */
    int *start = calloc((size_t)n + 2, sizeof *start);
    int *members = malloc((size_t)(n > 0 ? n : 1) * sizeof *members);
    int ntest = 0, ntrain = 0;
    if (!start || !members)
        goto done;
    for (int i = 0; i < n; i++)
        start[y[i] + 2]++;
    for (int c = 2; c < n + 2; c++)
        start[c] += start[c - 1];
    for (int i = 0; i < n; i++)
        members[start[y[i] + 1]++] = i;
    for (int c = 0; c < n; c++) {
        int *m = members + start[c], nc = start[c + 1] - start[c];
        long t = (2L * nc * test_num + test_den) / (2L * test_den);
        for (int i = 0; i < nc; i++) {
            if (i < t) {
                int j = i + (int)mp_rng_below(rng, (uint32_t)(nc - i));
                int tmp = m[i];
                m[i] = m[j];
                m[j] = tmp;
                test_idx[ntest++] = m[i];
            } else {
                train_idx[ntrain++] = m[i];
            }
        }
    }
done:
    free(start);
    free(members);
    return ntest;
}
