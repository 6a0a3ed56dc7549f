/* mutant: the mean for both (it minimises squared distances, not
 * distances): the rounded mean on the grid, the centroid in the plane. */
#include <math.h>

void manhattan_meeting_point(const int *points, int n, int *x, int *y)
{
    double sx = 0, sy = 0;
    for (int i = 0; i < n; i++) {
        sx += points[2 * i];
        sy += points[2 * i + 1];
    }
    *x = (int)lround(sx / n);
    *y = (int)lround(sy / n);
}

void geometric_median(const double *points, int n, double *x, double *y)
{
    double sx = 0, sy = 0;
    for (int i = 0; i < n; i++) {
        sx += points[2 * i];
        sy += points[2 * i + 1];
    }
    *x = sx / n;
    *y = sy / n;
}
