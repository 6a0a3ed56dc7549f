/* signature.h - the function the learner writes (linreg_closed_form).
 * Forced into the learner's file by the grader, so a different signature
 * is a compile error at the learner's line. */
#ifndef LINREG_CLOSED_FORM_SIGNATURE_H
#define LINREG_CLOSED_FORM_SIGNATURE_H
#include "mllab_practice.h"

int linreg_fit(const double *x, const double *y, int n, double *slope, double *intercept);

#endif
