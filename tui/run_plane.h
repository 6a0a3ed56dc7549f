/* run_plane.h - the worker's side of drawing data with more than two
 * features (issue 12): the plane the plot shows (src/plane.h: two chosen
 * features with the others at their training means, or the first two
 * principal components), kept between snapshots, and the rows projected
 * on it for the screen.  Worker thread only. */
#ifndef MLLAB_RUN_PLANE_H
#define MLLAB_RUN_PLANE_H

#include "tui_run.h"

typedef struct RunPlane RunPlane;

/* The plane req asks for, fitted on s->train unless *cache already is;
 * the sampled training rows and the test rows projected into snap with
 * their range.  NULL when req asks for none, the data has two features or
 * fewer, or memory runs out. */
const RunPlane *run_plane_project(RunPlane **cache, const Session *s, const ViewRequest *req,
                                  Snapshot *snap);
/* The row (the model's d features) at the plot's point (x, y). */
void run_plane_lift(const RunPlane *p, double x, double y, float *row);
void run_plane_free(RunPlane *p);

/* Rows drawn at most: an even sample of the training part, the test part
 * in order (its misclassified rows are marked by index). */
#define RUN_PLANE_MAX_TRAIN 3000
#define RUN_PLANE_MAX_TEST 20000

#endif
