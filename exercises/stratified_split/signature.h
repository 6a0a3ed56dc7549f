/* signature.h - the function the learner writes (stratified_split).
 * MpRng and mp_rng_below come from the practice runtime. */
#ifndef STRATIFIED_SPLIT_SIGNATURE_H
#define STRATIFIED_SPLIT_SIGNATURE_H
#include "mllab_practice.h"

int stratified_split(const int *y, int n, int test_num, int test_den, int *test_idx,
                     int *train_idx, MpRng *rng);

#endif
