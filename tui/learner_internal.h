/* learner_internal.h - what the files of "Step your own" share
 * (learner.c: the Algo glue; learner_kinds.c: the table of kinds;
 * learner_view.c: the view with the built-in's ghost).  See learner.h. */
#ifndef MLLAB_LEARNER_INTERNAL_H
#define MLLAB_LEARNER_INTERNAL_H

#include <limits.h>

#include "learner.h"
#include "practice.h"
#include "practice_step.h"

typedef struct LearnerModel LearnerModel;

#define LEARNER_GHOST_LINES 8

/* The data a kind takes. */
typedef enum { LEARN_ANY, LEARN_TARGET, LEARN_CLASSES, LEARN_BINARY } LearnerData;

/* The linear classifiers (perceptron, logreg, svm) share one set of hooks;
 * this is what differs between them. */
typedef struct LinearSpec {
    bool pm_labels;      /* the exercise takes -1/+1 (else 0/1) */
    bool bias_first;     /* w holds d + 1 values, the bias first (else w and b) */
    bool negate_b;       /* the exercise scores w.x - b, the module w.x + b */
    bool errors;         /* an "errors" output per epoch; 0 mistakes ends the run */
    const char *count;   /* the input with the step's iteration count */
    const char *lambda;  /* the built-in param passed as the input "lambda", or NULL */
    /* Load m->W, m->b (and m->mistakes) into m->mine. */
    int (*load)(LearnerModel *m, const Dataset *train, Error *err);
    /* The curve's measure of a model (m->mine or m->ref). */
    double (*loss)(const LearnerModel *m, const void *model, const Dataset *train);
} LinearSpec;

/* One algorithm the learner can step: how its exercise is called. */
typedef struct LearnerKind {
    const Algo *algo;         /* the learner Algo (learner_kinds.c) */
    const Algo *builtin;      /* the module whose views draw it */
    const char *exercise;     /* the exercise's folder name */
    const char *dataset;      /* a 2-D (1-D) set it draws well on */
    LearnerData data;         /* what it refuses (learner_setup says why) */
    /* The built-in's params: fixed "KEY=VALUE" settings, then the learner's
     * params copied ("lr", or "lambda:l2" to another name); NULL-ended. */
    const char *fixed[6];
    const char *copy[5];
    const char *limit;        /* the learner's param with the most steps */
    const LinearSpec *linear; /* the linear classifiers; NULL for the others */
    /* Optional extra set-up after the params (NULL: none). */
    int (*setup)(LearnerModel *m, const Params *lp, const Dataset *train, Error *err);
    /* The inputs that stay the same over the run (X, y, ...). */
    int (*start)(LearnerModel *m, const Dataset *train, Error *err);
    /* The inputs of the next run of a step, for output `output` (0 ..
     * m->outputs - 1: one run per class when one-vs-rest). */
    int (*inputs)(LearnerModel *m, int output, Error *err);
    /* After each run: keep its outputs for `output` (NULL: load reads them). */
    int (*collect)(LearnerModel *m, int output, Error *err);
    /* After the step's runs: load the result into m->mine; *loss for the
     * curve, *done when the run is over. */
    int (*load)(LearnerModel *m, const Dataset *train, double *loss, bool *done, Error *err);
    /* The reference's loss (the same measure as load's). */
    double (*ref_loss)(const LearnerModel *m, const Dataset *train);
    /* The reference's ghost on 2-D data: up to 32 points, or up to
     * LEARNER_GHOST_LINES lines a x + b y + c = 0 (line[3 i .. 3 i + 2]: one
     * per one-vs-rest output); returns false when there is none. */
    bool (*ghost)(const void *ref, float *pts, int *n_pts, double *line, int *n_lines);
} LearnerKind;

struct LearnerModel {
    const LearnerKind *kind;
    PracticeExercise ex;
    char file[PATH_MAX];
    PracticeStepper *st;
    Params bp;            /* the built-in's params */
    void *mine, *ref;
    bool ref_done, done;
    int steps;
    int n, d, limit;      /* rows, features; steps at most */
    int outputs;          /* runs per step: the classes when one-vs-rest, else 1 */
    int *prev;            /* k-means: the labels of the step before */
    int *labels;          /* the linear kinds: the training labels */
    double *W, *b;        /* the linear kinds: outputs x d weights and biases */
    int mistakes;         /* the perceptron: this epoch's, summed over outputs */
};

extern const LearnerKind LEARNER_KMEANS, LEARNER_PERCEPTRON, LEARNER_LOGREG,
    LEARNER_LINREG, LEARNER_SVM;

/* learner.c: what the kinds' Algo structs point at (the kind is found
 * from the params' spec). */
void *learner_create_any(const Params *lp, const Dataset *train, Rng *rng, Error *err);
StepStatus learner_step(void *model, const Dataset *train, Trace *trace, Error *err);
int learner_predict(void *model, const Mat *X, int *labels, float *scores, Error *err);
void learner_destroy(void *model);
void learner_model_json(const void *model, const Dataset *train, StrBuf *sb);

/* learner_kinds.c: check the data, set the built-in's params, the step
 * limit and the outputs, then the kind's own setup. */
int learner_setup(LearnerModel *m, const Params *lp, const Dataset *train, Error *err);

/* Helpers for the kinds. */
/* The training features as an input "X" (n x d doubles). */
int learner_input_X(LearnerModel *m, const Dataset *train, Error *err);
int learner_input_scalar(LearnerModel *m, const char *name, bool is_int, double v, Error *err);
/* The output NAME of the step with exactly `count` values, or NULL with
 * err saying what was wrong ("your kmeans_lloyd returned ..."). */
const double *learner_output(LearnerModel *m, const char *name, long count, Error *err);
/* Prefix err's message with "your EXERCISE, step N: "; returns -1. */
int learner_blame(const LearnerModel *m, Error *err);

#endif
