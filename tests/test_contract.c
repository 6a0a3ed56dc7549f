/* test_contract.c - every registered algorithm keeps the stepping contract of
 * src/algo.h, on small data of its kind.
 *
 * The algorithms come from the registry, so a module added later is checked
 * without touching this file.  Operations (ALGO_OPERATION, e.g. conv) are
 * not steppable models and are skipped by kind.  The data: classifiers and
 * clusterers a small set of three 2-D blobs; regressors a small noisy plane;
 * image classifiers (needs_images) 30 random 28 x 28 images in 10 classes
 * (the default networks end in 10 outputs).  Training
 * budgets are kept small by parameter name when the algorithm has that
 * parameter (epochs, n_trees, hidden), so networks finish in a few steps.
 *
 * Checks, for each algorithm:
 *   - create works on the data;
 *   - predict works before any step (step 0) and after every step, with
 *     finite scores and labels in range;
 *   - DONE is sticky: a step after DONE returns DONE and changes nothing
 *     (the same predictions bit for bit, no new trace event, the same model
 *     JSON);
 *   - destroy(NULL) is safe;
 *   - a step with trace->cancel_requested set returns STEP_ERROR with
 *     ERR_CANCELLED (the step polls trace_cancelled);
 *   - the same seed gives the same trace (events, texts and numbers; the
 *     "seconds" timings masked) and the same predictions, twice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "test_util.h"

#define SEED 2024
#define MAX_STEPS 20000
#define BLOB_ROWS 36
#define PLANE_ROWS 40
#define IMAGE_ROWS 30

/* ---- data of each kind ----------------------------------------------------- */

/* Three blobs in 2-D, row i of class i % 3, jittered by a seeded Rng.  The
 * features stay positive, so that count models (multinomial naive Bayes,
 * which refuses negative values) take the same data as every other. */
static void blobs(Dataset *ds)
{
    static const float centre[3][2] = { { 1, 1 }, { 5, 1 }, { 3, 4 } };
    float X[BLOB_ROWS * 2];
    int y[BLOB_ROWS];
    Rng rng;
    rng_seed(&rng, 11);
    for (int i = 0; i < BLOB_ROWS; i++) {
        y[i] = i % 3;
        X[2 * i] = centre[y[i]][0] + (float)rng_uniform(&rng) - 0.5f;
        X[2 * i + 1] = centre[y[i]][1] + (float)rng_uniform(&rng) - 0.5f;
    }
    test_dataset_from_arrays(ds, X, y, BLOB_ROWS, 2, 3);
}

/* target = 2 x0 - x1 + 0.5 + noise, x uniform in [0, 1)^2. */
static void plane(Dataset *ds)
{
    float X[PLANE_ROWS * 2];
    Rng rng;
    rng_seed(&rng, 12);
    for (int i = 0; i < 2 * PLANE_ROWS; i++)
        X[i] = (float)rng_uniform(&rng);
    test_dataset_from_arrays(ds, X, NULL, PLANE_ROWS, 2, 0);
    ds->has_target = true;
    ds->target = malloc(PLANE_ROWS * sizeof *ds->target);
    assert_non_null(ds->target);
    for (int i = 0; i < PLANE_ROWS; i++)
        ds->target[i] = 2.0f * X[2 * i] - X[2 * i + 1] + 0.5f +
                        0.1f * ((float)rng_uniform(&rng) - 0.5f);
}

static void data_for(const Algo *a, Dataset *ds)
{
    if (a->needs_images)
        test_random_images(ds, IMAGE_ROWS, 28, 28, 10, 0.5f, 13);
    else if (a->kind == ALGO_REGRESSOR)
        plane(ds);
    else
        blobs(ds);
}

/* ---- small budgets ----------------------------------------------------------- */

static bool has_param(const Algo *a, const char *name)
{
    for (const ParamSpec *p = a->params; p && p->name; p++)
        if (strcmp(p->name, name) == 0)
            return true;
    return false;
}

/* "epochs=2" and the like, for the parameters the algorithm has. */
static void budget(const Algo *a, const char **settings)
{
    static const char *const small[][2] = {
        { "epochs", "epochs=2" }, { "n_trees", "n_trees=4" }, { "hidden", "hidden=8" },
    };
    int n = 0;
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++)
        if (has_param(a, small[i][0]))
            settings[n++] = small[i][1];
    settings[n] = NULL;
}

static void *create(const Algo *a, const Dataset *ds)
{
    const char *settings[8];
    budget(a, settings);
    return test_create(a, ds, settings, SEED);
}

/* ---- predictions --------------------------------------------------------------- */

typedef struct Predictions {
    int n, width; /* rows; scores per row (0: none) */
    int *labels;  /* n, or NULL (regressors)        */
    float *scores;
} Predictions;

static void predictions_alloc(Predictions *p, const Algo *a, const Dataset *ds)
{
    p->n = dataset_rows(ds);
    p->width = a->kind == ALGO_CLASSIFIER ? ds->n_classes : a->kind == ALGO_REGRESSOR ? 1 : 0;
    p->labels = a->kind == ALGO_REGRESSOR ? NULL : calloc((size_t)p->n, sizeof *p->labels);
    p->scores = p->width ? calloc((size_t)p->n * p->width, sizeof *p->scores) : NULL;
    assert_true(a->kind == ALGO_REGRESSOR || p->labels);
    assert_true(!p->width || p->scores);
}

static void predictions_free(Predictions *p)
{
    free(p->labels);
    free(p->scores);
}

/* Predict on the training rows; the outputs must be finite and in range. */
static void predict(const Algo *a, void *m, const Dataset *ds, Predictions *p, int step)
{
    Error err = { 0 };
    if (a->predict(m, &ds->X, p->labels, p->scores, &err) != 0)
        fail_msg("%s: predict after %d steps: %s", a->name, step, err.msg);
    for (int i = 0; p->labels && i < p->n; i++) {
        assert_true(p->labels[i] >= 0);
        if (a->kind == ALGO_CLASSIFIER)
            assert_true(p->labels[i] < ds->n_classes);
    }
    for (size_t i = 0; i < (size_t)p->n * p->width; i++)
        if (!isfinite(p->scores[i]))
            fail_msg("%s: score %zu is not finite after %d steps", a->name, i, step);
}

static void assert_same_predictions(const Predictions *x, const Predictions *y, const char *who)
{
    if (x->labels && memcmp(x->labels, y->labels, (size_t)x->n * sizeof *x->labels) != 0)
        fail_msg("%s: labels differ", who);
    if (x->scores &&
        memcmp(x->scores, y->scores, (size_t)x->n * x->width * sizeof *x->scores) != 0)
        fail_msg("%s: scores differ", who);
}

static void model_json(const Algo *a, const void *m, const Dataset *ds, StrBuf *sb)
{
    sb_reset(sb);
    if (a->model_json)
        a->model_json(m, ds, sb);
}

/* ---- one algorithm ------------------------------------------------------------- */

/* Step m to DONE predicting after every step; p holds the final predictions.
 * Returns the number of steps. */
static int fit_predicting(const Algo *a, void *m, const Dataset *ds, Trace *tr, Predictions *p)
{
    Error err = { 0 };
    predict(a, m, ds, p, 0);
    for (int step = 1; step <= MAX_STEPS; step++) {
        tr->step = step;
        StepStatus st = a->step(m, ds, tr, &err);
        if (st == STEP_ERROR)
            fail_msg("%s step %d: %s", a->name, step, err.msg);
        predict(a, m, ds, p, step);
        if (st == STEP_DONE)
            return step;
    }
    fail_msg("%s: not done after %d steps", a->name, MAX_STEPS);
    return -1;
}

static void check_predict_at_every_step_and_done_is_sticky(const Algo *a)
{
    Dataset ds;
    data_for(a, &ds);
    void *m = create(a, &ds);
    Trace tr;
    trace_init(&tr);
    Predictions done, again;
    predictions_alloc(&done, a, &ds);
    predictions_alloc(&again, a, &ds);
    int steps = fit_predicting(a, m, &ds, &tr, &done);
    StrBuf before = { 0 }, after = { 0 };
    model_json(a, m, &ds, &before);
    int events = tr.count;
    Error err = { 0 };
    for (int extra = 1; extra <= 2; extra++) {
        tr.step = steps + extra;
        assert_int_equal(a->step(m, &ds, &tr, &err), STEP_DONE);
    }
    assert_int_equal(tr.count, events);
    predict(a, m, &ds, &again, steps + 2);
    assert_same_predictions(&done, &again, a->name);
    model_json(a, m, &ds, &after);
    assert_string_equal(sb_str(&before), sb_str(&after));
    sb_free(&before);
    sb_free(&after);
    predictions_free(&done);
    predictions_free(&again);
    trace_free(&tr);
    a->destroy(m);
    a->destroy(NULL);
    dataset_free(&ds);
}

static void check_cancelled_step_is_an_error(const Algo *a)
{
    Dataset ds;
    data_for(a, &ds);
    void *m = create(a, &ds);
    Trace tr;
    trace_init(&tr);
    tr.step = 1;
    tr.cancel_requested = 1;
    Error err = { 0 };
    if (a->step(m, &ds, &tr, &err) != STEP_ERROR)
        fail_msg("%s: a cancelled step did not stop", a->name);
    assert_int_equal(err.code, ERR_CANCELLED);
    trace_free(&tr);
    a->destroy(m);
    dataset_free(&ds);
}

/* The events of two traces match; "seconds" values (and so the texts of
 * the events that carry them) are timings and not compared. */
static void assert_same_trace(const Trace *x, const Trace *y, const char *who)
{
    assert_int_equal(x->count, y->count);
    for (int i = 0; i < x->count; i++) {
        const TraceEvent *e = &x->events[i], *f = &y->events[i];
        assert_int_equal(e->step, f->step);
        assert_int_equal(e->kind, f->kind);
        assert_string_equal(e->tag, f->tag);
        assert_int_equal(e->n_values, f->n_values);
        bool timed = false;
        for (int v = 0; v < e->n_values; v++) {
            assert_string_equal(e->values[v].key, f->values[v].key);
            if (strcmp(e->values[v].key, "seconds") == 0) {
                timed = true;
                continue;
            }
            if (memcmp(&e->values[v].value, &f->values[v].value, sizeof(double)) != 0)
                fail_msg("%s: event %d value %s differs", who, i, e->values[v].key);
        }
        if (!timed)
            assert_string_equal(e->text, f->text);
    }
}

static void check_same_seed_same_run(const Algo *a)
{
    Dataset ds;
    data_for(a, &ds);
    Trace tr[2];
    Predictions p[2];
    for (int r = 0; r < 2; r++) {
        trace_init(&tr[r]);
        predictions_alloc(&p[r], a, &ds);
        void *m = create(a, &ds);
        fit_predicting(a, m, &ds, &tr[r], &p[r]);
        a->destroy(m);
    }
    assert_same_trace(&tr[0], &tr[1], a->name);
    assert_same_predictions(&p[0], &p[1], a->name);
    for (int r = 0; r < 2; r++) {
        trace_free(&tr[r]);
        predictions_free(&p[r]);
    }
    dataset_free(&ds);
}

/* ---- every algorithm ---------------------------------------------------------- */

typedef void (*Check)(const Algo *a);

/* Run check on every steppable algorithm; returns how many. */
static int for_every_model(Check check)
{
    int n, models = 0;
    const Algo *const *all = algo_registry(&n);
    for (int i = 0; i < n; i++) {
        if (all[i]->kind == ALGO_OPERATION)
            continue; /* not a model: nothing to step or predict */
        check(all[i]);
        models++;
    }
    return models;
}

static void test_every_model_predicts_at_every_step_and_stays_done(void **state)
{
    (void)state;
    assert_true(for_every_model(check_predict_at_every_step_and_done_is_sticky) > 0);
}

static void test_every_model_stops_a_cancelled_step(void **state)
{
    (void)state;
    assert_true(for_every_model(check_cancelled_step_is_an_error) > 0);
}

static void test_every_model_repeats_itself_with_the_same_seed(void **state)
{
    (void)state;
    assert_true(for_every_model(check_same_seed_same_run) > 0);
}

static void test_every_model_is_destroyed_null_safely(void **state)
{
    (void)state;
    int n;
    const Algo *const *all = algo_registry(&n);
    for (int i = 0; i < n; i++)
        if (all[i]->destroy)
            all[i]->destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_model_predicts_at_every_step_and_stays_done),
        cmocka_unit_test(test_every_model_stops_a_cancelled_step),
        cmocka_unit_test(test_every_model_repeats_itself_with_the_same_seed),
        cmocka_unit_test(test_every_model_is_destroyed_null_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
