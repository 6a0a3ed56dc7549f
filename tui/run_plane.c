/* run_plane.c - the plane the run screen's plot shows for data with more
 * than two features, kept by the worker between snapshots (run_plane.h).
 * The geometry is src's (plane.c); here the cache, the sampling of rows to
 * draw and their range. */
#include "run_plane.h"

#include <math.h>
#include <stdlib.h>

#include "plane.h"

struct RunPlane {
    Plane plane;
    int kind, fx, fy;
    const Dataset *train;  /* what it was fitted on */
};

void run_plane_free(RunPlane *p)
{
    if (!p)
        return;
    plane_free(&p->plane);
    free(p);
}

void run_plane_lift(const RunPlane *p, double x, double y, float *row)
{
    plane_lift(&p->plane, x, y, row);
}

static bool matches(const RunPlane *p, const Session *s, const ViewRequest *req)
{
    return p && p->train == s->train && p->kind == req->plane && p->plane.d == s->train->X.cols &&
           (req->plane == RUN_PLANE_PCA || (p->fx == req->plane_fx && p->fy == req->plane_fy));
}

/* The cached plane, or a new one for req. */
static RunPlane *plane_for(RunPlane **cache, const Session *s, const ViewRequest *req)
{
    if (matches(*cache, s, req))
        return *cache;
    run_plane_free(*cache);
    *cache = calloc(1, sizeof **cache);
    RunPlane *p = *cache;
    if (!p)
        return NULL;
    PlaneKind kind = req->plane == RUN_PLANE_PCA ? PLANE_PCA : PLANE_FEATURES;
    if (plane_fit(&p->plane, kind, &s->train->X, req->plane_fx, req->plane_fy, 2000, NULL) < 0) {
        free(p);
        *cache = NULL;
        return NULL;
    }
    p->kind = req->plane;
    p->fx = req->plane_fx;
    p->fy = req->plane_fy;
    p->train = s->train;
    return p;
}

static void widen(double v, double *lo, double *hi)
{
    if (isfinite(v)) {
        *lo = v < *lo ? v : *lo;
        *hi = v > *hi ? v : *hi;
    }
}

/* Row i of d projected into xy[2 k], xy[2 k + 1], widening the range; buf
 * (a row of floats) for a byte-backed d (mat.h). */
static void project_row(const RunPlane *p, const Dataset *d, int i, float *xy, int k, Snapshot *snap,
                        float *buf)
{
    double x, y;
    plane_project(&p->plane, mat_rows_f32(&d->X, i, 1, buf), &x, &y);
    xy[2 * k] = (float)x;
    xy[2 * k + 1] = (float)y;
    widen(x, &snap->plane_xmin, &snap->plane_xmax);
    widen(y, &snap->plane_ymin, &snap->plane_ymax);
}

/* The range with a margin of 8% (as the 2-D plot's). */
static void add_margins(Snapshot *snap)
{
    if (!(snap->plane_xmax > snap->plane_xmin)) { snap->plane_xmin -= 1; snap->plane_xmax += 1; }
    if (!(snap->plane_ymax > snap->plane_ymin)) { snap->plane_ymin -= 1; snap->plane_ymax += 1; }
    double mx = (snap->plane_xmax - snap->plane_xmin) * 0.08;
    double my = (snap->plane_ymax - snap->plane_ymin) * 0.08;
    snap->plane_xmin -= mx;
    snap->plane_xmax += mx;
    snap->plane_ymin -= my;
    snap->plane_ymax += my;
}

/* m training rows (an even sample, with their classes) then t test rows. */
static void project_rows(const RunPlane *p, const Session *s, int m, int t, Snapshot *snap,
                         float *buf)
{
    int n = s->train->X.rows;
    snap->plane_xmin = snap->plane_ymin = INFINITY;
    snap->plane_xmax = snap->plane_ymax = -INFINITY;
    for (int k = 0; k < m; k++) {
        int i = (int)((long)k * n / m);
        project_row(p, s->train, i, snap->plane_xy, k, snap, buf);
        if (snap->plane_class)
            snap->plane_class[k] = s->train->y[i];
    }
    for (int i = 0; i < t; i++)
        project_row(p, s->test, i, snap->plane_xy, m + i, snap, buf);
    snap->plane_train = m;
    snap->plane_test = t;
}

const RunPlane *run_plane_project(RunPlane **cache, const Session *s, const ViewRequest *req,
                                  Snapshot *snap)
{
    if (req->plane == RUN_PLANE_NONE || s->train->X.cols <= 2)
        return NULL;
    const RunPlane *p = plane_for(cache, s, req);
    int n = s->train->X.rows, m = n < RUN_PLANE_MAX_TRAIN ? n : RUN_PLANE_MAX_TRAIN;
    int t = s->test ? s->test->X.rows : 0;
    t = t < RUN_PLANE_MAX_TEST ? t : RUN_PLANE_MAX_TEST;
    if (!p || !(snap->plane_xy = malloc((size_t)(m + t + 1) * 2 * sizeof *snap->plane_xy)))
        return NULL;
    /* a row of floats for byte-backed parts (an image set: mat.h) */
    float *buf = malloc((size_t)s->train->X.cols * sizeof *buf);
    if (!buf)
        return NULL;
    snap->plane_class = s->train->y ? malloc((size_t)(m + 1) * sizeof *snap->plane_class) : NULL;
    project_rows(p, s, m, t, snap, buf);
    free(buf);
    snap->plane_explained = p->plane.explained;
    add_margins(snap);
    return p;
}
