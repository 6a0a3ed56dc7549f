/* learner_internal.h - what the files of "Step your own" share
 * (learner.c: the Algo glue; learner_kinds.c: k-means and the perceptron;
 * learner_view.c: the view with the built-in's ghost).  See learner.h. */
#ifndef MLLAB_LEARNER_INTERNAL_H
#define MLLAB_LEARNER_INTERNAL_H

#include <limits.h>

#include "learner.h"
#include "practice.h"
#include "practice_step.h"

typedef struct LearnerModel LearnerModel;

/* One algorithm the learner can step: how its exercise is called. */
typedef struct LearnerKind {
    const Algo *algo;         /* the learner Algo (learner_kinds.c) */
    const Algo *builtin;      /* the module whose views draw it */
    const char *exercise;     /* the exercise's folder name */
    const char *dataset;      /* a 2-D (1-D) set it draws well on */
    /* The built-in's params (bp, its defaults) from the learner's (lp);
     * refuse data the exercise cannot take. */
    int (*setup)(LearnerModel *m, const Params *lp, Params *bp, const Dataset *train,
                 Error *err);
    /* The inputs that stay the same over the run (X, y, ...). */
    int (*start)(LearnerModel *m, const Dataset *train, Error *err);
    /* The inputs of the next step (the current state). */
    int (*inputs)(LearnerModel *m, Error *err);
    /* Read the step's outputs, check them, load them into m->mine;
     * *loss for the curve, *done when the run is over. */
    int (*load)(LearnerModel *m, const Dataset *train, double *loss, bool *done, Error *err);
    /* The reference's loss (the same measure as load's). */
    double (*ref_loss)(const void *ref, const Dataset *train);
    /* The reference's ghost on 2-D data: up to 32 points, or lines
     * a x + b y + c = 0; returns false when there is none. */
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
    int *prev;            /* k-means: the labels of the step before */
};

extern const LearnerKind LEARNER_KMEANS, LEARNER_PERCEPTRON, LEARNER_LOGREG,
    LEARNER_LINREG, LEARNER_SVM;

/* learner.c: what the kinds' Algo structs point at. */
void *learner_create(const LearnerKind *kind, const Params *lp, const Dataset *train, Rng *rng,
                     Error *err);
StepStatus learner_step(void *model, const Dataset *train, Trace *trace, Error *err);
int learner_predict(void *model, const Mat *X, int *labels, float *scores, Error *err);
void learner_destroy(void *model);
void learner_model_json(const void *model, const Dataset *train, StrBuf *sb);

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
