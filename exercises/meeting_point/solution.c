/* meeting_point - reference solution (C): coordinate-wise lower median for
 * the Manhattan case; Weiszfeld's iteration for the geometric median. */
#include <math.h>
#include <stdlib.h>

static int by_value(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The lower median of points[c], points[c+2], ... (n values). */
static int lower_median(const int *points, int n, int c)
{
    int *v = malloc((size_t)n * sizeof *v);
    for (int i = 0; i < n; i++)
        v[i] = points[2 * i + c];
    qsort(v, (size_t)n, sizeof *v, by_value);
    int m = v[(n - 1) / 2];
    free(v);
    return m;
}

void manhattan_meeting_point(const int *points, int n, int *x, int *y)
{
    *x = lower_median(points, n, 0);
    *y = lower_median(points, n, 1);
}

void geometric_median(const double *points, int n, double *x, double *y)
{
    double px = 0, py = 0;
    for (int i = 0; i < n; i++) {
        px += points[2 * i] / n;
        py += points[2 * i + 1] / n;
    }
    for (int it = 0; it < 10000; it++) {
        double sx = 0, sy = 0, sw = 0;
        for (int i = 0; i < n; i++) {
            double d = hypot(points[2 * i] - px, points[2 * i + 1] - py);
            if (d < 1e-12)
                continue; /* the estimate sits on this point */
            sx += points[2 * i] / d;
            sy += points[2 * i + 1] / d;
            sw += 1.0 / d;
        }
        if (sw == 0)
            break; /* every point coincides with the estimate */
        double nx = sx / sw, ny = sy / sw;
        double step = hypot(nx - px, ny - py);
        px = nx;
        py = ny;
        if (step < 1e-12 * (1 + hypot(px, py)))
            break;
    }
    *x = px;
    *y = py;
}
