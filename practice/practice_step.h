/* practice_step.h - running the learner's code one step at a time, for the
 * run screen's "Step your own" (docs/practice.md).
 *
 * A stepper holds the learner's program for one exercise that can be
 * stepped (exercise.txt has step_algo): C is compiled once when the
 * stepper opens, Python is prepared (the interpreter found).  Each run
 * writes the named inputs (set with practice_stepper_input, kept from run
 * to run) in the arrays framing, runs the exercise's harness on them in the
 * sandbox (sandbox.h: a child with CPU, memory and output limits; the
 * learner's code never runs in this process) and reads the named outputs
 * back.  The harness is step_harness.c / step_harness.py when the exercise
 * has one, else its grading harness: a step is one call of the learner's
 * own function with inputs chosen by the caller (k-means: max_iter = 1 from
 * the current centroids; the perceptron: `epochs` passes from zero).
 *
 * Library code: nothing printed; safe to call from a worker thread (the
 * sandbox forks and execs at once).  One stepper is used by one thread at a
 * time. */
#ifndef MLLAB_PRACTICE_STEP_H
#define MLLAB_PRACTICE_STEP_H

#include <stdbool.h>

#include "practice.h"

typedef struct PracticeStepper PracticeStepper;

/* Open a stepper on `file` (the language from its extension: .py is
 * Python, else C).  A compile error is ERR_DATA with the compiler's first
 * lines in the message.  *out is NULL on failure. */
int practice_stepper_open(const PracticeExercise *ex, const char *file, PracticeStepper **out,
                          Error *err);
void practice_stepper_close(PracticeStepper *st);

/* Set (or replace) the input NAME: ndim 0 is a scalar (dims ignored). */
int practice_stepper_input(PracticeStepper *st, const char *name, bool is_int, int ndim,
                           const int *dims, const double *v, Error *err);

/* Run the harness once on the inputs.  0: it ran and the outputs are
 * there; 1: the learner's code failed and why says how (crash, time limit,
 * exception, exit before returning, missing output); -1 with err: the
 * sandbox itself failed. */
int practice_stepper_run(PracticeStepper *st, char *why, size_t why_size, Error *err);

/* An output of the last run: its values (n of them, dims[0..ndim)), or
 * NULL when the harness did not write it. */
const double *practice_stepper_output(const PracticeStepper *st, const char *name, int *ndim,
                                      int dims[4], long *n);
/* The learner's time in the last run (seconds). */
double practice_stepper_seconds(const PracticeStepper *st);

#endif
