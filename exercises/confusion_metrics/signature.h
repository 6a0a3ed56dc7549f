/* signature.h - the function the learner writes (confusion_metrics).
 * Forced into the learner's file by the grader, so a different signature
 * is a compile error at the learner's line. */
#ifndef CONFUSION_METRICS_SIGNATURE_H
#define CONFUSION_METRICS_SIGNATURE_H
#include "mllab_practice.h"

double confusion_metrics(const int *y_true, const int *y_pred, int n, int k, int *cm,
                         double *precision, double *recall, double *f1);

#endif
