/* learner.h - "Step your own" (issue 9, docs/practice.md): the learner's
 * implementation of an iterative algorithm, stepped in the run screen with
 * the built-in module's views and compared with the built-in module.
 *
 * A learner algorithm is an Algo (src/algo.h) like any other, so the
 * Runner, the session (same split, same scaling, same seed) and the run
 * screen need nothing new.  Its model holds:
 *   - a stepper (practice/practice_step.h) on the learner's file: each step
 *     runs the learner's code once in the sandbox, never in this process;
 *   - "mine": a built-in model (algorithms/kmeans.h, perceptron.h, logreg.h,
 *     linreg.h, svm.h) into which every step's result is loaded
 *     (kmeans_load_iteration, perceptron_load_epoch, logreg_load_step,
 *     linreg_load_step, svm_load_epoch), so predict and the views read it through the
 *     module's own inspect functions;
 *   - "ref": a built-in model created from the same seed and stepped by the
 *     built-in step in lockstep: its centroids or line are drawn as a ghost
 *     and its loss is the `loss_builtin` curve next to `loss_yours`.
 * A compile error (at create), a crash, a time limit, an exception, a
 * wrong shape or a NaN (at a step) comes back as an error: the run stops
 * with the message, the lab goes on.
 *
 * The glue lives in tui/ because it needs both algorithms/ and practice/,
 * which only tui/ (and cli/) may include. */
#ifndef MLLAB_LEARNER_H
#define MLLAB_LEARNER_H

#include <stdbool.h>

#include "algo.h"

/* The learner version of a built-in algorithm (kmeans, perceptron, logreg,
 * linreg, svm), or
 * NULL when none of the exercises can be stepped as it. */
const Algo *learner_algo_for(const Algo *builtin);
/* For a learner algorithm: the built-in it stands for (else NULL). */
const Algo *learner_builtin(const Algo *algo);
/* The exercise a learner algorithm runs ("kmeans"). */
const char *learner_exercise(const Algo *algo);
/* A dataset it draws well on ("blobs", "moons", "quadratic"). */
const char *learner_dataset(const Algo *algo);

/* For a learner model: the built-in model holding the learner's state
 * (what the views read), and the built-in reference stepped alongside. */
void *learner_mine(void *model);
void *learner_reference(void *model);

#endif
