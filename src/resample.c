/* resample.c - random over- and undersampling of a training part's classes
 * (issue 11, --resample; see prep.h).  Nothing here prints. */
#include "prep.h"

#include <stdlib.h>
#include <string.h>

int resample_kind_parse(const char *s, ResampleKind *out)
{
    if (strcmp(s, "none") == 0)
        *out = RESAMPLE_NONE;
    else if (strcmp(s, "over") == 0)
        *out = RESAMPLE_OVER;
    else if (strcmp(s, "under") == 0)
        *out = RESAMPLE_UNDER;
    else
        return -1;
    return 0;
}

const char *resample_kind_name(ResampleKind k)
{
    return k == RESAMPLE_OVER ? "over" : k == RESAMPLE_UNDER ? "under" : "none";
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The rows of each class, class by class: by_class[start[c] .. start[c + 1]). */
static int group_rows(const int *y, int n, int k, int **by_class, int *start)
{
    memset(start, 0, (size_t)(k + 1) * sizeof *start);
    for (int i = 0; i < n; i++)
        start[y[i] + 1]++;
    for (int c = 0; c < k; c++)
        start[c + 1] += start[c];
    *by_class = malloc((size_t)(n > 0 ? n : 1) * sizeof **by_class);
    int *fill = malloc((size_t)(k > 0 ? k : 1) * sizeof *fill);
    if (!*by_class || !fill) {
        free(fill);
        return -1;
    }
    memcpy(fill, start, (size_t)k * sizeof *fill);
    for (int i = 0; i < n; i++)
        (*by_class)[fill[y[i]]++] = i;
    free(fill);
    return 0;
}

/* The new size of a class of `have` rows: over, the largest class's size;
 * under, the smallest present class's size; an absent class stays absent. */
static int target_count(ResampleKind kind, int have, int lo, int hi)
{
    if (have == 0)
        return 0;
    return kind == RESAMPLE_OVER ? hi : lo;
}

/* Fill out with the class's new rows: over, all of them and then draws with
 * replacement; under, a draw without replacement (a partial shuffle). */
static int draw_class(ResampleKind kind, int *rows, int have, int want, Rng *rng, int *out)
{
    if (kind == RESAMPLE_OVER) {
        memcpy(out, rows, (size_t)have * sizeof *out);
        for (int i = have; i < want; i++)
            out[i] = rows[(int)rng_below(rng, (uint32_t)have)];
        return want;
    }
    for (int i = 0; i < want; i++) {
        int j = i + (int)rng_below(rng, (uint32_t)(have - i));
        int t = rows[i];
        rows[i] = rows[j];
        rows[j] = t;
        out[i] = rows[i];
    }
    return want;
}

int resample_rows(const int *y, int n, int k, ResampleKind kind, Rng *rng, int **rows,
                  int *count, Error *err)
{
    *rows = NULL;
    *count = 0;
    int *start = malloc((size_t)(k + 1) * sizeof *start), *by_class = NULL;
    if (!start || group_rows(y, n, k, &by_class, start) < 0) {
        free(start);
        return error_set(err, ERR_NOMEM, "out of memory resampling %d rows", n);
    }
    int lo = n, hi = 0;
    for (int c = 0; c < k; c++) {
        int have = start[c + 1] - start[c];
        if (have > 0 && have < lo)
            lo = have;
        if (have > hi)
            hi = have;
    }
    long total = 0;
    for (int c = 0; c < k; c++)
        total += target_count(kind, start[c + 1] - start[c], lo, hi);
    int *out = total <= 0x7fffffffL ? malloc((size_t)(total > 0 ? total : 1) * sizeof *out) : NULL;
    if (!out) {
        free(start), free(by_class);
        return error_set(err, ERR_NOMEM, "out of memory resampling to %ld rows", total);
    }
    int at = 0;
    for (int c = 0; c < k; c++) {
        int have = start[c + 1] - start[c];
        at += draw_class(kind, by_class + start[c], have, target_count(kind, have, lo, hi), rng,
                         out + at);
    }
    qsort(out, (size_t)at, sizeof *out, cmp_int); /* the rows keep their order */
    free(start), free(by_class);
    *rows = out;
    *count = at;
    return 0;
}
