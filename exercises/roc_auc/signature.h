/* signature.h - the function the learner writes (roc_auc).  Forced into the
 * learner's file by the grader. */
#ifndef ROC_AUC_SIGNATURE_H
#define ROC_AUC_SIGNATURE_H
#include "mllab_practice.h"

double roc_auc(const double *scores, const int *labels, int n);

#endif
