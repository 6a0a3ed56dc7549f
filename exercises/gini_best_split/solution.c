/* gini_best_split - reference solution (C): gini impurity from label
 * counts; the best split by sorting each feature once and sweeping the
 * rows from the right part to the left part. */
#include <stdlib.h>
#include <string.h>

#define MAX_LABELS 100

typedef struct Pair {
    double v;
    int y;
} Pair;

static double gini_counts(const int *count, int n)
{
    if (n == 0)
        return 0.0;
    double sum_sq = 0.0;
    for (int c = 0; c < MAX_LABELS; c++)
        sum_sq += ((double)count[c] / n) * ((double)count[c] / n);
    return 1.0 - sum_sq;
}

double gini(const int *y, int n)
{
    int count[MAX_LABELS] = { 0 };
    for (int i = 0; i < n; i++)
        count[y[i]]++;
    return gini_counts(count, n);
}

static int by_value(const void *a, const void *b)
{
    double x = ((const Pair *)a)->v, z = ((const Pair *)b)->v;
    return (x > z) - (x < z);
}

typedef struct Best {
    int feature;
    double threshold, score;
} Best;

/* Sweep one feature's sorted rows; update *best on a lower score. */
static void sweep(const Pair *p, int n, int f, Best *best)
{
    int left[MAX_LABELS] = { 0 }, right[MAX_LABELS] = { 0 };
    for (int i = 0; i < n; i++)
        right[p[i].y]++;
    for (int i = 0; i + 1 < n; i++) {
        left[p[i].y]++;
        right[p[i].y]--;
        if (p[i + 1].v == p[i].v)
            continue; /* no threshold between equal values */
        int nl = i + 1, nr = n - nl;
        double score = (nl * gini_counts(left, nl) + nr * gini_counts(right, nr)) / n;
        if (best->feature < 0 || score < best->score - 1e-12) {
            best->feature = f;
            best->threshold = (p[i].v + p[i + 1].v) / 2.0;
            best->score = score;
        }
    }
}

void best_split(const double *X, const int *y, int n, int d, int *feature, double *threshold,
                double *impurity)
{
    Best best = { -1, 0.0, gini(y, n) };
    Pair *p = malloc((size_t)(n > 0 ? n : 1) * sizeof *p);
    for (int f = 0; f < d; f++) {
        for (int i = 0; i < n; i++) {
            p[i].v = X[(long)i * d + f];
            p[i].y = y[i];
        }
        qsort(p, (size_t)n, sizeof *p, by_value);
        sweep(p, n, f, &best);
    }
    free(p);
    *feature = best.feature;
    *threshold = best.threshold;
    *impurity = best.score;
}
