/* eval_mocks.h - small algorithms whose numbers are known exactly, for
 * tests/test_eval.c (defined in tests/eval_mocks.c).
 *
 * mock_classifier: class 1 when x0 > threshold, probability scores from a
 * logistic of the distance; it "trains" for `steps` steps, one trace event
 * each, remembers the mean of feature 0 it saw (to check scaling) and refuses
 * a single class.  mock_constant always predicts class 0; mock_failing fails
 * in create; mock_regressor predicts 2 x0 + 1; mock_clusterer puts x0 > 0 in
 * cluster 1; mock_nearest picks the class nearest to x0 among k; and
 * mock_operation is an ALGO_OPERATION. */
#ifndef MLLAB_EVAL_MOCKS_H
#define MLLAB_EVAL_MOCKS_H

#include "algo.h"

/* What a mock predicts (MockModel.kind): the threshold classifier's
 * classes, class 0 always, 2 x0 + 1, the halves x0 > 0, the nearest class. */
typedef enum { MOCK_THRESHOLD, MOCK_CONSTANT, MOCK_LINE, MOCK_HALVES, MOCK_NEAREST } MockKind;

typedef struct MockModel {
    int steps_left, steps_done;
    double threshold;
    double train_mean0;
    int n_classes;
    MockKind kind;
} MockModel;

extern const ParamSpec mock_params[];
extern const Algo mock_classifier, mock_constant, mock_failing, mock_regressor, mock_clusterer,
    mock_nearest, mock_operation;

void *mock_create(const Params *p, const Dataset *train, Rng *rng, Error *err);

#endif
