/* test_linreg.c - linear regression: the closed-form toy, ridge by gradient
 * descent exactly as REFERENCE.md computes it, the unpenalised intercept of
 * the normal method, rank deficiency, the Cholesky path for tall data,
 * coefficients mapped back from the internal polynomial scaling, and the
 * over/underfitting demo on `quadratic` (degree 1, 2, 30 and ridge 30).
 *
 * Real data is found through MLLAB_DATA_DIR (set by `make check`). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linreg.h"
#include "test_util.h"

/* A regression Dataset from arrays. */
static void make_ds(Dataset *ds, const float *X, const float *y, int rows, int cols)
{
    memset(ds, 0, sizeof *ds);
    assert_int_equal(mat_alloc(&ds->X, rows, cols, NULL), 0);
    memcpy(ds->X.data, X, sizeof(float) * (size_t)rows * cols);
    ds->has_target = true;
    ds->target = malloc(sizeof(float) * (size_t)rows);
    memcpy(ds->target, y, sizeof(float) * (size_t)rows);
}

static const float toy_x[] = { 1, 2, 3, 4, 5 };
static const float toy_y[] = { 2, 4, 5, 4, 5 };

/* REFERENCE: slope 0.6, intercept 2.2, predictions 2.8 .. 5.2. */
static void test_linreg_normal_equation_solves_the_toy(void **state)
{
    (void)state;
    Dataset ds;
    make_ds(&ds, toy_x, toy_y, 5, 1);
    Trace tr;
    trace_init(&tr);
    void *m = test_train(&algo_linreg, &ds, NULL, 42, &tr);
    double coef, b;
    assert_int_equal(linreg_coef_count(m), 1);
    linreg_coef(m, &coef, &b);
    assert_near(coef, 0.6, 1e-6);
    assert_near(b, 2.2, 1e-6);
    float pred[5];
    Error err = { 0 };
    assert_int_equal(algo_linreg.predict(m, &ds.X, NULL, pred, &err), 0);
    const double want[] = { 2.8, 3.4, 4.0, 4.6, 5.2 };
    for (int i = 0; i < 5; i++)
        assert_near(pred[i], want[i], 1e-5);
    // one step does it all, and says how
    assert_int_equal(tr.count, 1);
    assert_true(linreg_done(m));
    assert_non_null(strstr(tr.events[0].text, "dgelsd"));
    assert_near(linreg_train_mse(m), 0.48, 1e-6); // residuals -0.8 0.6 1 -0.6 -0.2
    algo_linreg.destroy(m);
    trace_free(&tr);
    dataset_free(&ds);
}

/* REFERENCE: cost sum (yhat - y)^2 + 0.1 ||W||^2 with the bias in W, lr 0.01,
 * 10000 iterations: the cost starts at 86.0 and converges to 2.8791287...,
 * W = [1.99964292, 0.65345474] (bias first), and the predictions listed. */
static void test_linreg_ridge_gradient_descent_reproduces_the_toy(void **state)
{
    (void)state;
    Dataset ds;
    make_ds(&ds, toy_x, toy_y, 5, 1);
    const char *kv[] = { "method=gd", "cost=sum", "l2=0.1", "lr=0.01", "iters=10000", NULL };
    Trace tr;
    trace_init(&tr);
    void *m = test_train(&algo_linreg, &ds, kv, 42, &tr);
    int n;
    const float *h = linreg_loss_history(m, &n);
    assert_int_equal(n, 10001);
    assert_near(h[0], 86.0, 1e-6);
    assert_near(h[n - 1], 2.8791287, 1e-5);
    assert_near(linreg_loss(m), 2.8791287, 1e-5);
    double coef, b;
    linreg_coef(m, &coef, &b);
    assert_near(b, 1.99964292, 1e-4);
    assert_near(coef, 0.65345474, 1e-4);
    float pred[5];
    Error err = { 0 };
    assert_int_equal(algo_linreg.predict(m, &ds.X, NULL, pred, &err), 0);
    const double want[] = { 2.65309766, 3.3065524, 3.96000714, 4.61346188, 5.26691662 };
    for (int i = 0; i < 5; i++)
        assert_near(pred[i], want[i], 1e-4);
    assert_int_equal(linreg_iterations(m), 10000);
    assert_int_equal(tr.count, 10000);
    assert_near(trace_event_get(&tr.events[0], "loss"), h[1], 1e-4);
    algo_linreg.destroy(m);
    trace_free(&tr);
    dataset_free(&ds);
}

/* The normal method leaves the intercept out of the penalty: a huge l2
 * flattens the slope but keeps the intercept at mean(y). */
static void test_linreg_normal_ridge_does_not_penalise_the_intercept(void **state)
{
    (void)state;
    Dataset ds;
    make_ds(&ds, toy_x, toy_y, 5, 1);
    const char *kv[] = { "l2=1e6", NULL };
    void *m = test_train(&algo_linreg, &ds, kv, 42, NULL);
    double coef, b;
    linreg_coef(m, &coef, &b);
    assert_near(coef, 0.0, 1e-5);
    assert_near(b, 4.0, 1e-4);
    // a moderate penalty with cost=sum matches the closed form
    // slope = Sxy / (Sxx + l2) = 6 / (10 + 2)
    const char *kv2[] = { "l2=2", "cost=sum", NULL };
    void *m2 = test_train(&algo_linreg, &ds, kv2, 42, NULL);
    linreg_coef(m2, &coef, &b);
    assert_near(coef, 0.5, 1e-6);
    assert_near(b, 4.0 - 0.5 * 3.0, 1e-5);
    algo_linreg.destroy(m);
    algo_linreg.destroy(m2);
    dataset_free(&ds);
}

/* Two identical columns: X^T X is singular, the SVD solve still gives the
 * minimum-norm answer (the slope shared equally) and exact predictions. */
static void test_linreg_survives_duplicate_columns(void **state)
{
    (void)state;
    float X[10], y[5];
    for (int i = 0; i < 5; i++) {
        X[2 * i] = X[2 * i + 1] = (float)(i + 1);
        y[i] = 3.0f + 2.0f * (i + 1);
    }
    Dataset ds;
    make_ds(&ds, X, y, 5, 2);
    void *m = test_train(&algo_linreg, &ds, NULL, 42, NULL);
    double coef[2], b;
    linreg_coef(m, coef, &b);
    assert_near(coef[0], 1.0, 1e-6);
    assert_near(coef[1], 1.0, 1e-6);
    assert_near(b, 3.0, 1e-5);
    algo_linreg.destroy(m);
    dataset_free(&ds);
}

/* A tall problem takes the Cholesky path over blocks of rows, and finds
 * the coefficients a planted linear model used. */
static void test_linreg_cholesky_path_recovers_planted_coefficients(void **state)
{
    (void)state;
    enum { N = 75000, D = 120 };
    float *X = malloc(sizeof(float) * (size_t)N * D), *y = malloc(sizeof(float) * N);
    double w[D];
    Rng rng;
    rng_seed(&rng, 8);
    for (int j = 0; j < D; j++)
        w[j] = rng_uniform(&rng) * 4 - 2;
    for (int i = 0; i < N; i++) {
        double s = 0.5;
        for (int j = 0; j < D; j++) {
            X[(size_t)i * D + j] = (float)rng_normal(&rng);
            s += w[j] * X[(size_t)i * D + j];
        }
        y[i] = (float)(s + 0.01 * rng_normal(&rng));
    }
    Dataset ds;
    make_ds(&ds, X, y, N, D);
    free(X), free(y);
    Trace tr;
    trace_init(&tr);
    void *m = test_train(&algo_linreg, &ds, NULL, 42, &tr);
    assert_non_null(strstr(tr.events[0].text, "Cholesky"));
    double coef[D], b;
    linreg_coef(m, coef, &b);
    for (int j = 0; j < D; j++)
        assert_near(coef[j], w[j], 1e-3);
    assert_near(b, 0.5, 1e-3);
    assert_true(linreg_train_mse(m) < 2e-4);
    algo_linreg.destroy(m);
    trace_free(&tr);
    dataset_free(&ds);
}

/* y = 1 + 2 x - 3 x^2 exactly, x far from [-1, 1]: the internal scaling is
 * undone, so the reported coefficients are the ones that made the data. */
static void test_linreg_polynomial_coefficients_are_in_the_input_space(void **state)
{
    (void)state;
    float X[40], y[40];
    for (int i = 0; i < 40; i++) {
        X[i] = 10.0f + 0.5f * i;
        y[i] = 1.0f + 2.0f * X[i] - 3.0f * X[i] * X[i];
    }
    Dataset ds;
    make_ds(&ds, X, y, 40, 1);
    const char *kv[] = { "degree=2", NULL };
    void *m = test_train(&algo_linreg, &ds, kv, 42, NULL);
    assert_int_equal(linreg_coef_count(m), 2);
    double coef[2], b;
    linreg_coef(m, coef, &b);
    assert_near(coef[0], 2.0, 1e-6);
    assert_near(coef[1], -3.0, 1e-8);
    assert_near(b, 1.0, 1e-5);
    // the curve at new points follows the polynomial
    float xs[3] = { 0.0f, 5.0f, 40.0f }, ys[3];
    linreg_curve(m, 0, xs, 3, ys);
    for (int i = 0; i < 3; i++)
        assert_near(ys[i], 1.0 + 2.0 * xs[i] - 3.0 * xs[i] * xs[i],
                    1e-5 * (1 + fabs(3.0 * xs[i] * xs[i])));
    algo_linreg.destroy(m);
    dataset_free(&ds);

    // two inputs, degree 2: terms x1, x2, x1^2, x1 x2, x2^2 (poly_features' order)
    float X2[60], y2[30];
    Rng rng;
    rng_seed(&rng, 2);
    for (int i = 0; i < 30; i++) {
        float a = (float)(rng_uniform(&rng) * 6 - 3), c = (float)(rng_uniform(&rng) * 6 - 3);
        X2[2 * i] = a;
        X2[2 * i + 1] = c;
        y2[i] = 0.5f + a - 2 * c + 0.25f * a * a + 1.5f * a * c - c * c;
    }
    make_ds(&ds, X2, y2, 30, 2);
    m = test_train(&algo_linreg, &ds, kv, 42, NULL);
    assert_int_equal(linreg_coef_count(m), 5);
    double c5[5];
    linreg_coef(m, c5, &b);
    const double want[] = { 1, -2, 0.25, 1.5, -1 };
    for (int j = 0; j < 5; j++)
        assert_near(c5[j], want[j], 1e-4);
    assert_near(b, 0.5, 1e-4);
    algo_linreg.destroy(m);
    dataset_free(&ds);
}

/* Gradient descent and the normal equations agree on a real set. */
static void test_linreg_gradient_descent_approaches_the_least_squares_fit(void **state)
{
    (void)state;
    Dataset ds;
    test_load(&ds, "diabetes", 1);
    Error err = { 0 };
    Scaler sc;
    assert_int_equal(scaler_fit(&sc, SCALE_STANDARD, &ds.X, &err), 0);
    scaler_transform(&sc, &ds.X);
    scaler_free(&sc);
    const char *gd[] = { "method=gd", "lr=0.1", "iters=5000", NULL };
    void *a = test_train(&algo_linreg, &ds, NULL, 42, NULL);
    void *b = test_train(&algo_linreg, &ds, gd, 42, NULL);
    int p = linreg_coef_count(a);
    double ca[16], cb[16], ia, ib;
    linreg_coef(a, ca, &ia);
    linreg_coef(b, cb, &ib);
    assert_near(ib, ia, 1e-2);
    double ma = linreg_train_mse(a), mb = linreg_train_mse(b);
    assert_true(mb >= ma - 1e-3 * ma); // least squares is the minimum
    assert_true(mb <= ma * 1.01);
    int n;
    const float *h = linreg_loss_history(b, &n);
    for (int i = 1; i < n; i++)
        assert_true(h[i] <= h[i - 1] * (1 + 1e-6f));
    (void)p;
    algo_linreg.destroy(a);
    algo_linreg.destroy(b);
    dataset_free(&ds);
}

/* A learning rate far too large: the cost blows up and the step says so
 * instead of returning garbage. */
static void test_linreg_reports_divergence(void **state)
{
    (void)state;
    Dataset ds;
    make_ds(&ds, toy_x, toy_y, 5, 1);
    Params p;
    Error err = { 0 };
    params_init(&p, algo_linreg.params, &err);
    params_parse_kv(&p, "method=gd", &err);
    params_parse_kv(&p, "lr=5", &err);
    Rng rng;
    rng_seed(&rng, 1);
    void *m = algo_linreg.create(&p, &ds, &rng, &err);
    StepStatus st;
    int i = 0;
    do
        st = algo_linreg.step(m, &ds, NULL, &err);
    while (st == STEP_MORE && ++i < 1000);
    assert_int_equal(st, STEP_ERROR);
    assert_non_null(strstr(err.msg, "diverged"));
    algo_linreg.destroy(m);
    params_free(&p);
    dataset_free(&ds);
}

static void test_linreg_refuses_text_targets(void **state)
{
    (void)state;
    const char csv[] = "x,label\n1,a\n2,b\n3,a\n";
    Dataset ds;
    Error err = { 0 };
    assert_int_equal(dataset_parse_csv(&ds, csv, strlen(csv), "mem", NULL, true, &err), 0);
    Params p;
    params_init(&p, algo_linreg.params, &err);
    Rng rng;
    rng_seed(&rng, 1);
    assert_null(algo_linreg.create(&p, &ds, &rng, &err));
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "numeric target"));
    params_free(&p);
    dataset_free(&ds);
}

/* Too many polynomial terms: a usage error that names the degree asked for
 * (the message once read the degree from the freed model). */
static void test_linreg_refuses_too_high_a_degree_by_name(void **state)
{
    (void)state;
    float X[4 * 10], y[4] = { 1, 2, 3, 4 };
    for (int i = 0; i < 4 * 10; i++)
        X[i] = (float)(i % 7);
    Dataset ds;
    make_ds(&ds, X, y, 4, 10);
    Params p;
    Error err = { 0 };
    params_init(&p, algo_linreg.params, &err);
    assert_int_equal(params_parse_kv(&p, "degree=40", &err), 0);
    Rng rng;
    rng_seed(&rng, 1);
    assert_null(algo_linreg.create(&p, &ds, &rng, &err));
    assert_int_equal(err.code, ERR_USAGE);
    assert_non_null(strstr(err.msg, "degree 40 of 10 inputs"));
    params_free(&p);
    dataset_free(&ds);
}

/* One run on `quadratic` as `mllab run linreg` does it: train and
 * validation (the held-out part) MSE. */
static void quadratic_run(const char *const *kv, double *train_mse, double *val_mse)
{
    TestRun run;
    test_run(&run, &algo_linreg, "quadratic", kv);
    void *model = run.session.model;
    *val_mse = run.result.reg.mse;
    *train_mse = linreg_train_mse(model);
    // the curve over [-3.5, 3.5] stays finite however wild it is
    float xs[71], ys[71];
    for (int i = 0; i < 71; i++)
        xs[i] = -3.5f + 0.1f * i;
    linreg_curve(model, 0, xs, 71, ys);
    for (int i = 0; i < 71; i++)
        assert_true(isfinite(ys[i]));
    test_run_free(&run);
}

/* REFERENCE's demo: y = x^2 + 2 N(0,1) on 30 points.  Training error falls
 * as the degree grows; validation error does not: degree 30 interpolates
 * the training points and is far worse than degree 2 on new ones; a ridge
 * penalty tames it. */
static void test_linreg_degree_30_overfits_quadratic_and_ridge_tames_it(void **state)
{
    (void)state;
    const char *d1[] = { "degree=1", NULL }, *d2[] = { "degree=2", NULL };
    const char *d30[] = { "degree=30", NULL };
    const char *r30[] = { "degree=30", "l2=0.1", NULL };
    double t1, v1, t2, v2, t30, v30, tr30, vr30;
    quadratic_run(d1, &t1, &v1);
    quadratic_run(d2, &t2, &v2);
    quadratic_run(d30, &t30, &v30);
    quadratic_run(r30, &tr30, &vr30);
    print_message("train MSE %.4g %.4g %.4g ridge %.4g; validation MSE %.4g %.4g %.4g ridge %.4g\n",
                  t1, t2, t30, tr30, v1, v2, v30, vr30);
    assert_true(t1 > t2);
    assert_true(t2 > t30);
    assert_true(t30 < 1e-3 * t2); // 31 coefficients, 24 points: it goes through them
    assert_true(v2 < v1);         // underfitting costs on new data too
    assert_true(v30 > 10 * v2);   // overfitting costs far more
    assert_true(vr30 < v30 / 10);
    assert_true(tr30 > t30);
}

/* Degree 30 by gradient descent: with the internal scaling it does not
 * blow up in float32, and the cost falls. */
static void test_linreg_degree_30_gradient_descent_is_stable(void **state)
{
    (void)state;
    float X[30], y[30];
    Rng rng;
    rng_seed(&rng, 42);
    for (int i = 0; i < 30; i++) {
        X[i] = -3.0f + 6.0f * i / 29.0f;
        y[i] = X[i] * X[i] + 2.0f * (float)rng_normal(&rng);
    }
    Dataset ds;
    make_ds(&ds, X, y, 30, 1);
    const char *kv[] = { "degree=30", "method=gd", "lr=0.01", "iters=2000", NULL };
    void *m = test_train(&algo_linreg, &ds, kv, 42, NULL);
    int n;
    const float *h = linreg_loss_history(m, &n);
    assert_true(isfinite(h[n - 1]));
    assert_true(h[n - 1] < 0.5 * h[0]);
    for (int i = 1; i < n; i++)
        assert_true(h[i] <= h[i - 1] * (1 + 1e-5f));
    assert_int_equal(linreg_coef_count(m), 30);
    algo_linreg.destroy(m);
    dataset_free(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linreg_normal_equation_solves_the_toy),
        cmocka_unit_test(test_linreg_ridge_gradient_descent_reproduces_the_toy),
        cmocka_unit_test(test_linreg_normal_ridge_does_not_penalise_the_intercept),
        cmocka_unit_test(test_linreg_survives_duplicate_columns),
        cmocka_unit_test(test_linreg_cholesky_path_recovers_planted_coefficients),
        cmocka_unit_test(test_linreg_polynomial_coefficients_are_in_the_input_space),
        cmocka_unit_test(test_linreg_gradient_descent_approaches_the_least_squares_fit),
        cmocka_unit_test(test_linreg_reports_divergence),
        cmocka_unit_test(test_linreg_refuses_text_targets),
        cmocka_unit_test(test_linreg_refuses_too_high_a_degree_by_name),
        cmocka_unit_test(test_linreg_degree_30_overfits_quadratic_and_ridge_tames_it),
        cmocka_unit_test(test_linreg_degree_30_gradient_descent_is_stable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
