/* roc_auc - reference solution (C): the Mann-Whitney statistic from the
 * positives' rank sum, with tied scores sharing their average rank. */
#include <math.h>
#include <stdlib.h>

typedef struct {
    double score;
    int label;
} Scored;

static int by_score(const void *a, const void *b)
{
    double x = ((const Scored *)a)->score, y = ((const Scored *)b)->score;
    return (x > y) - (x < y);
}

/* The sum of the positives' ranks (1..n) in the sorted s, each tied block
 * sharing the average of the ranks it covers. */
static double positive_rank_sum(const Scored *s, int n)
{
    double rank_sum = 0;
    for (int i = 0; i < n;) {
        int j = i;
        while (j + 1 < n && s[j + 1].score == s[i].score)
            j++;
        double avg_rank = (i + j) / 2.0 + 1.0;
        for (int t = i; t <= j; t++)
            rank_sum += s[t].label == 1 ? avg_rank : 0.0;
        i = j + 1;
    }
    return rank_sum;
}

double roc_auc(const double *scores, const int *labels, int n)
{
    Scored *s = malloc((size_t)(n > 0 ? n : 1) * sizeof *s);
    if (!s)
        return NAN;
    double npos = 0;
    for (int i = 0; i < n; i++) {
        s[i].score = scores[i];
        s[i].label = labels[i];
        npos += labels[i] == 1;
    }
    double nneg = n - npos;
    qsort(s, (size_t)n, sizeof *s, by_score);
    double rank_sum = positive_rank_sum(s, n);
    free(s);
    if (npos == 0 || nneg == 0)
        return NAN;
    return (rank_sum - npos * (npos + 1) / 2.0) / (npos * nneg);
}
