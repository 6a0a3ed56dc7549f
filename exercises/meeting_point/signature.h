/* signature.h - the functions the learner writes (meeting_point).  Forced
 * into the learner's file by the grader. */
#ifndef MEETING_POINT_SIGNATURE_H
#define MEETING_POINT_SIGNATURE_H
#include "mllab_practice.h"

void manhattan_meeting_point(const int *points, int n, int *x, int *y);
void geometric_median(const double *points, int n, double *x, double *y);

#endif
