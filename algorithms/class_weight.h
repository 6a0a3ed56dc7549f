/* class_weight.h - class weights for imbalanced classes (issue 11): the
 * `class_weight` parameter of the classifiers that take one ("none" or
 * "balanced": w_c = n / (k * n_c), scikit-learn's inverse-frequency rule,
 * so that every class weighs as much in the loss as the others together
 * weigh per class). */
#ifndef MLLAB_CLASS_WEIGHT_H
#define MLLAB_CLASS_WEIGHT_H

#include <stdbool.h>

/* The ParamSpec entry (PARAM_CHOICE "none|balanced"). */
#define CLASS_WEIGHT_PARAM                                                        \
    { "class_weight", PARAM_CHOICE, "none", 0, 0, "none|balanced",                \
      "balanced: weigh each class by n / (classes x its count) in the loss" }

/* Whether the parameter's text asks for weights. */
bool class_weight_is_balanced(const char *text);
/* w[c] = n / (k * n_c) over the rows y[0..n) with classes in [0, k), and 0
 * for a class with no row (k weights).  A class index outside [0, k) is
 * ignored. */
void class_weights_balanced(const int *y, int n, int k, float *w);

#endif
