/* plane.h - a plane through data of any dimension on which to draw it
 * (issue 12: decision regions for data with more than two features).
 *
 * Two kinds:
 *   PLANE_FEATURES  the plot's axes are features fx and fy; every other
 *                   feature is held at its training mean.  A point (x, y)
 *                   of the plot is the row "means, with x in fx and y in fy".
 *   PLANE_PCA       the axes are the first two principal components of the
 *                   training rows; (x, y) is the row mean + x PC1 + y PC2.
 * plane_project takes a row to the plot, plane_lift takes a point of the
 * plot back to a row the model can predict; project(lift(x, y)) = (x, y)
 * in both kinds.  The PCA is fitted on an even sample of at most max_rows
 * rows (pca_fit, prep.h). */
#ifndef MLLAB_PLANE_H
#define MLLAB_PLANE_H

#include "error.h"
#include "mat.h"

typedef enum { PLANE_FEATURES, PLANE_PCA } PlaneKind;

typedef struct Plane {
    PlaneKind kind;
    int d, fx, fy;       /* fx, fy: PLANE_FEATURES */
    float *origin;       /* d: the training means (or the PCA's mean) */
    float *u, *v;        /* d: PC1 and PC2 (PLANE_PCA; NULL otherwise) */
    double explained;    /* PLANE_PCA: share of the variance PC1 and PC2 keep */
} Plane;

/* Fit on X (n >= 2 rows of d >= 2 features).  ERR_USAGE for fx or fy
 * outside [0, d) or equal (PLANE_FEATURES). */
int plane_fit(Plane *p, PlaneKind kind, const Mat *X, int fx, int fy, int max_rows, Error *err);
void plane_free(Plane *p);
/* The plot's coordinates of row (d values). */
void plane_project(const Plane *p, const float *row, double *x, double *y);
/* The row (d values) at the plot's point (x, y). */
void plane_lift(const Plane *p, double x, double y, float *row);

#endif
