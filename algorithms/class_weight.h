/* class_weight.h - class weights for imbalanced classes (issue 11): the
 * `class_weight` parameter of the classifiers that take one (logistic
 * regression, perceptron, SVM, mlp, cnn, decision tree, random forest):
 *
 *   none       every class weighs 1;
 *   balanced   w_c = n / (k * n_c), scikit-learn's inverse-frequency rule, so
 *              that every class weighs as much in the loss as the others;
 *   C:W,...    explicit weights, e.g. 0:1,1:5: C is a class index (0 ..
 *              classes-1) or a class name, W a number >= 0; classes left out
 *              weigh 1 (scikit-learn's dict form).
 *
 * Each algorithm multiplies a row's contribution to its loss (or its update,
 * or its share of an impurity, or its SVM bound C) by its class's weight. */
#ifndef MLLAB_CLASS_WEIGHT_H
#define MLLAB_CLASS_WEIGHT_H

#include <stdbool.h>

#include "dataset.h"
#include "error.h"

/* The ParamSpec entry (free text, checked by class_weights_from_param when
 * the model is created). */
#define CLASS_WEIGHT_PARAM                                                        \
    { "class_weight", PARAM_STRING, "none", 0, 0, NULL,                           \
      "none, balanced (n / (classes x count)) or C:W,... (e.g. 0:1,1:5)" }

/* Whether the parameter's text is "balanced". */
bool class_weight_is_balanced(const char *text);
/* Whether the parameter's text asks for weights (anything but "none"). */
bool class_weight_wanted(const char *text);
/* w[c] = n / (k * n_c) over the rows y[0..n) with classes in [0, k), and 0
 * for a class with no row (k weights).  A class index outside [0, k) is
 * ignored. */
void class_weights_balanced(const int *y, int n, int k, float *w);
/* The weights the text asks for, for the classes of train (w has
 * train->n_classes entries): all 1 for "none" (returns 0), balanced, or the
 * explicit list.  ERR_USAGE naming the parameter for a class that does not
 * exist, a weight that is not a number >= 0, or a class given twice. */
int class_weights_from_param(const char *text, const Dataset *train, float *w, Error *err);
/* A malloc'ed array of train->n_classes weights when the text asks for
 * weights, or NULL with *any false for "none" (and NULL with an error set
 * when the text is wrong or memory runs out: check err->code). */
float *class_weights_alloc(const char *text, const Dataset *train, bool *any, Error *err);

#endif
