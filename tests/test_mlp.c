/* test_mlp.c - the dense layers, activations, softmax and the feedforward
 * network: gradients against finite differences, XOR, linearity without
 * activations, training schedule (trace, decay, early stopping, step=batch)
 * and an MNIST subset. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlp.h"
#include "nn_layers.h"
#include "test_util.h"

/* ---------------------------------------------------------------- helpers */

static void fill_normal(float *v, size_t n, Rng *rng, double sd)
{
    for (size_t i = 0; i < n; i++)
        v[i] = (float)(sd * rng_normal(rng));
}

/* |a - b| small relative to their size (float32 finite differences). */
static void assert_close(double a, double b, double rel, const char *what, size_t i)
{
    double tol = rel * (fabs(a) + fabs(b)) + 2e-3;
    if (fabs(a - b) > tol)
        fail_msg("%s[%zu]: analytic %.6g vs numeric %.6g", what, i, a, b);
}

/* Three well separated Gaussian blobs in d dimensions. */
static void make_blobs(Dataset *ds, int n, int d, uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed);
    float *X = malloc((size_t)n * d * sizeof(float));
    int *y = malloc((size_t)n * sizeof(int));
    for (int i = 0; i < n; i++) {
        y[i] = i % 3;
        for (int j = 0; j < d; j++)
            X[(size_t)i * d + j] = (float)(rng_normal(&rng) + (j == y[i] ? 4.0 : 0.0));
    }
    test_dataset_from_arrays(ds, X, y, n, d, 3);
    free(X);
    free(y);
}

/* ---------------------------------------------------------------- layers */

/* Loss = Σ out ⊙ R for a fixed random R, so dLoss/dout = R. */
static void test_dense_gradients_match_finite_differences(void **state)
{
    (void)state;
    enum { B = 3, C = 4, OC = 5 };
    Rng rng;
    rng_seed(&rng, 1);
    float inp[B * C], W[C * OC], b[OC], R[B * OC], out[B * OC];
    float dinp[B * C], dW[C * OC] = { 0 }, db[OC] = { 0 };
    fill_normal(inp, B * C, &rng, 1);
    fill_normal(W, C * OC, &rng, 1);
    fill_normal(b, OC, &rng, 1);
    fill_normal(R, B * OC, &rng, 1);
    dense_backward(dinp, dW, db, R, inp, W, B, C, OC);

    const float h = 1e-2f;
    float *vars[3] = { inp, W, b }, *grads[3] = { dinp, dW, db };
    size_t sizes[3] = { B * C, C * OC, OC };
    const char *names[3] = { "dinp", "dW", "db" };
    for (int v = 0; v < 3; v++)
        for (size_t i = 0; i < sizes[v]; i++) {
            float keep = vars[v][i];
            double lp = 0, lm = 0;
            vars[v][i] = keep + h;
            dense_forward(out, inp, W, b, B, C, OC);
            for (int k = 0; k < B * OC; k++)
                lp += (double)out[k] * R[k];
            vars[v][i] = keep - h;
            dense_forward(out, inp, W, b, B, C, OC);
            for (int k = 0; k < B * OC; k++)
                lm += (double)out[k] * R[k];
            vars[v][i] = keep;
            assert_close(grads[v][i], (lp - lm) / (2 * h), 1e-3, names[v], i);
        }
}

static void test_activation_gradients_match_finite_differences(void **state)
{
    (void)state;
    enum { N = 40 };
    Activation acts[] = { ACT_RELU, ACT_SIGMOID, ACT_TANH, ACT_IDENTITY };
    Rng rng;
    rng_seed(&rng, 2);
    for (size_t a = 0; a < sizeof acts / sizeof acts[0]; a++) {
        float x[N], y[N], R[N], dx[N];
        fill_normal(x, N, &rng, 2);
        for (int i = 0; i < N; i++) /* keep ReLU's kink out of reach of h */
            if (fabsf(x[i]) < 0.05f)
                x[i] = 0.5f;
        fill_normal(R, N, &rng, 1);
        activation_forward(acts[a], y, x, N);
        activation_backward(acts[a], dx, R, y, N);
        const float h = 1e-2f;
        for (int i = 0; i < N; i++) {
            float xp = x[i] + h, xm = x[i] - h, yp, ym;
            activation_forward(acts[a], &yp, &xp, 1);
            activation_forward(acts[a], &ym, &xm, 1);
            assert_close(dx[i], R[i] * (yp - ym) / (2 * h), 2e-3, activation_name(acts[a]), i);
        }
    }
}

static void test_relu_passes_gradient_only_where_active(void **state)
{
    (void)state;
    float x[4] = { -1, 2, 0, 3 }, y[4], d[4] = { 5, 6, 7, 8 }, dx[4];
    activation_forward(ACT_RELU, y, x, 4);
    activation_backward(ACT_RELU, dx, d, y, 4);
    float want_y[4] = { 0, 2, 0, 3 }, want_dx[4] = { 0, 6, 0, 8 };
    for (int i = 0; i < 4; i++) {
        assert_true(y[i] == want_y[i]);
        assert_true(dx[i] == want_dx[i]);
    }
}

static void test_softmax_xent_gradient_matches_finite_differences(void **state)
{
    (void)state;
    enum { B = 3, K = 4 };
    Rng rng;
    rng_seed(&rng, 3);
    float z[B * K], p[B * K], dz[B * K];
    int y[B] = { 0, 3, 2 };
    fill_normal(z, B * K, &rng, 2);
    softmax_xent_forward(p, z, y, B, K);
    for (int b = 0; b < B; b++) { /* each row sums to 1 */
        double s = 0;
        for (int k = 0; k < K; k++)
            s += p[b * K + k];
        assert_true(fabs(s - 1.0) < 1e-6);
    }
    softmax_xent_backward(dz, p, y, B, K, 1.0f / B);
    const float h = 1e-2f;
    for (int i = 0; i < B * K; i++) {
        float keep = z[i];
        z[i] = keep + h;
        double lp = softmax_xent_forward(p, z, y, B, K) / B;
        z[i] = keep - h;
        double lm = softmax_xent_forward(p, z, y, B, K) / B;
        z[i] = keep;
        assert_close(dz[i], (lp - lm) / (2 * h), 1e-3, "dlogits", (size_t)i);
    }
}

/* Class weights: the loss of a row of class c is w_c (-log p[c]), its
 * gradient w_c (p - onehot); checked against the unweighted functions row by
 * row and by finite differences of the weighted sum. */
static void test_weighted_softmax_xent_scales_each_rows_loss_and_gradient(void **state)
{
    (void)state;
    enum { B = 3, K = 4 };
    Rng rng;
    rng_seed(&rng, 5);
    float z[B * K], p[B * K], dz[B * K], d1[K];
    const float cw[K] = { 0.5f, 1.0f, 3.0f, 2.0f };
    int y[B] = { 0, 3, 2 };
    fill_normal(z, B * K, &rng, 2);
    double sum = 0;
    for (int b = 0; b < B; b++) {
        float pb[K];
        sum += cw[y[b]] * softmax_xent_forward(pb, z + b * K, &y[b], 1, K);
    }
    assert_true(fabs(softmax_xent_forward_w(p, z, y, cw, B, K) - sum) < 1e-5);
    softmax_xent_backward_w(dz, p, y, cw, B, K, 1.0f / B);
    for (int b = 0; b < B; b++) {
        softmax_xent_backward(d1, p + b * K, &y[b], 1, K, 1.0f / B);
        for (int k = 0; k < K; k++)
            assert_true(fabsf(dz[b * K + k] - cw[y[b]] * d1[k]) < 1e-6f);
    }
    const float h = 1e-2f;
    for (int i = 0; i < B * K; i++) {
        float keep = z[i];
        z[i] = keep + h;
        double lp = softmax_xent_forward_w(p, z, y, cw, B, K) / B;
        z[i] = keep - h;
        double lm = softmax_xent_forward_w(p, z, y, cw, B, K) / B;
        z[i] = keep;
        assert_close(dz[i], (lp - lm) / (2 * h), 1e-3, "dlogits", (size_t)i);
    }
}

/* A class of weight 0 contributes nothing to the loss: trained with
 * class_weight=0:1,1:0 the network predicts class 0 everywhere, with
 * 0:0,1:1 class 1 (the two classes overlap, so either is learnable). */
static void test_mlp_class_weight_zero_silences_a_class(void **state)
{
    (void)state;
    float X[40];
    int y[40];
    for (int i = 0; i < 40; i++) {
        X[i] = (float)(i % 20) / 10.0f - 1.0f;
        y[i] = (i % 3) == 0;
    }
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 40, 1, 2);
    const char *w[2] = { "class_weight=0:1,1:0", "class_weight=0:0,1:1" };
    for (int c = 0; c < 2; c++) {
        const char *kv[] = { "hidden=4", "epochs=30", "val_frac=0", "lr=0.05", w[c], NULL };
        void *m = test_train(&algo_mlp, &ds, kv, 3, NULL);
        int pred[40];
        Error err = { 0 };
        assert_int_equal(algo_mlp.predict(m, &ds.X, pred, NULL, &err), 0);
        for (int i = 0; i < 40; i++)
            assert_int_equal(pred[i], c);
        algo_mlp.destroy(m);
    }
    dataset_free(&ds);
}

static void test_softmax_is_stable_for_huge_logits(void **state)
{
    (void)state;
    float z[3] = { 1000.0f, 0.0f, -1000.0f }, p[3];
    int y = 2;
    double loss = softmax_xent_forward(p, z, &y, 1, 3);
    assert_true(isfinite(loss));
    assert_true(fabs(loss - 2000.0) < 1e-2); /* -log p[2] = 2000 exactly, no inf/nan */
    assert_true(fabs(p[0] - 1.0f) < 1e-6);
}

static void test_adam_first_step_moves_each_weight_by_lr(void **state)
{
    (void)state;
    /* with bias correction, Adam's first step is lr·sign(g) (up to eps) */
    float w[3] = { 1, 1, 1 }, g[3] = { 0.5f, -2.0f, 1e-3f }, m[3] = { 0 }, v[3] = { 0 };
    adam_update(w, g, m, v, 3, 0.1f, 0.9f, 0.999f, 1e-8f, 0.0f, 1);
    assert_true(fabsf(w[0] - 0.9f) < 1e-5f);
    assert_true(fabsf(w[1] - 1.1f) < 1e-5f);
    assert_true(fabsf(w[2] - 0.9f) < 1e-4f);
    /* plain SGD and momentum */
    float s[1] = { 1 }, gs[1] = { 2 }, vel[1] = { 0 };
    sgd_update(s, gs, 1, 0.1f, 0.0f);
    assert_true(fabsf(s[0] - 0.8f) < 1e-6f);
    s[0] = 1;
    momentum_update(s, gs, vel, 1, 0.1f, 0.9f, 0.0f);
    momentum_update(s, gs, vel, 1, 0.1f, 0.9f, 0.0f); /* velocity 2, then 3.8 */
    assert_true(fabsf(s[0] - (1.0f - 0.2f - 0.38f)) < 1e-5f);
    /* L2 adds l2·w to the gradient */
    s[0] = 1;
    gs[0] = 0;
    sgd_update(s, gs, 1, 0.1f, 0.5f);
    assert_true(fabsf(s[0] - 0.95f) < 1e-6f);
}

static void test_he_and_xavier_init_have_their_variance(void **state)
{
    (void)state;
    enum { N = 20000 };
    static float w[N];
    Rng rng;
    rng_seed(&rng, 4);
    init_he(w, N, 50, &rng);
    double s2 = 0;
    for (int i = 0; i < N; i++)
        s2 += (double)w[i] * w[i];
    assert_true(fabs(s2 / N - 2.0 / 50) < 0.1 * 2.0 / 50);
    init_xavier(w, N, 30, 70, &rng);
    s2 = 0;
    float a = sqrtf(6.0f / 100);
    for (int i = 0; i < N; i++) {
        assert_true(fabsf(w[i]) <= a);
        s2 += (double)w[i] * w[i];
    }
    assert_true(fabs(s2 / N - 2.0 / 100) < 0.1 * 2.0 / 100);
}

/* ---------------------------------------------------------------- the network */

/* Every weight's gradient of a whole 3-layer network, for each activation,
 * against finite differences of the loss (through the backprop record). */
static void test_network_gradients_match_finite_differences(void **state)
{
    (void)state;
    const char *acts[] = { "relu", "sigmoid", "tanh", "identity" };
    float X[4 * 3] = { 0.5f, -1.0f, 2.0f, 1.0f, 0.2f, -0.3f, -0.7f, 0.9f, 0.1f, 0.3f, 0.3f, 0.3f };
    int y[4] = { 0, 1, 2, 1 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 4, 3, 3);
    for (size_t a = 0; a < sizeof acts / sizeof acts[0]; a++) {
        Params p;
        assert_int_equal(params_init(&p, algo_mlp.params, NULL), 0);
        test_set(&p, "hidden=5,4");
        char kv[64];
        snprintf(kv, sizeof kv, "activation=%s", acts[a]);
        test_set(&p, kv);
        test_set(&p, "val_frac=0");
        void *m = test_create_with_params(&algo_mlp, &p, &ds, 7 + a);
        MlpBackprop bp;
        Error err = { 0 };
        assert_int_equal(mlp_backprop_example(m, X, 2, &bp, &err), 0);
        assert_int_equal(bp.n_layers, 3);
        const float h = 1e-2f;
        for (int l = 0; l < 3; l++) {
            int rows, cols, nb;
            float *W = (float *)mlp_weights(m, l, &rows, &cols);
            float *b = (float *)mlp_bias(m, l, &nb);
            assert_int_equal(nb, cols);
            for (int i = 0; i < rows * cols + nb; i++) {
                float *v = i < rows * cols ? &W[i] : &b[i - rows * cols];
                double analytic = i < rows * cols ? bp.layers[l].dW[i]
                                                  : bp.layers[l].db[i - rows * cols];
                float keep = *v;
                MlpBackprop q;
                *v = keep + h;
                assert_int_equal(mlp_backprop_example(m, X, 2, &q, NULL), 0);
                double lp = q.loss;
                mlp_backprop_free(&q);
                *v = keep - h;
                assert_int_equal(mlp_backprop_example(m, X, 2, &q, NULL), 0);
                double lm = q.loss;
                mlp_backprop_free(&q);
                *v = keep;
                assert_close(analytic, (lp - lm) / (2 * h), 2e-2, acts[a], (size_t)i);
            }
        }
        mlp_backprop_free(&bp);
        algo_mlp.destroy(m);
        params_free(&p);
    }
    dataset_free(&ds);
}

static void test_mlp_learns_xor_with_plain_sgd(void **state)
{
    (void)state;
    float X[8] = { 0, 0, 0, 1, 1, 0, 1, 1 };
    int y[4] = { 0, 1, 1, 0 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 4, 2, 2);
    const char *settings[] = {
        "hidden=10", "optimizer=sgd", "lr=0.1",
        "lr_decay=1", /* REFERENCE.md's recipe: a constant rate */
        "epochs=1000", "batch=4", "val_frac=0", NULL,
    };
    void *m = test_create(&algo_mlp, &ds, settings, 42);
    Trace trace;
    trace_init(&trace);
    trace.detail_level = 0;
    assert_int_equal(test_fit(&algo_mlp, m, &ds, &trace), 1000);
    int pred[4];
    float probs[8];
    assert_int_equal(algo_mlp.predict(m, &ds.X, pred, probs, NULL), 0);
    assert_int_equal(pred[0], 0);
    assert_int_equal(pred[1], 1);
    assert_int_equal(pred[2], 1);
    assert_int_equal(pred[3], 0);
    /* the loss falls from about log 2 to nearly nothing */
    double first = NAN, last = NAN;
    for (int i = 0; i < trace.count; i++)
        if (trace.events[i].kind == TRACE_STEP) {
            double v = trace_event_get(&trace.events[i], "train_loss");
            if (isnan(first))
                first = v;
            last = v;
        }
    assert_true(first > 0.5 && first < 1.5);
    assert_true(last < 0.02);
    assert_int_equal(mlp_epochs_done(m), 1000);
    trace_free(&trace);
    algo_mlp.destroy(m);
    dataset_free(&ds);
}

/* With the identity activation, three layers are one affine map: the
 * probabilities equal softmax(x·(W1 W2 W3) + (b1 W2 W3 + b2 W3 + b3)). */
static void test_layers_without_activation_compose_to_one_matrix(void **state)
{
    (void)state;
    enum { N = 30, D = 4, K = 3 };
    Dataset ds;
    make_blobs(&ds, N, D, 5);
    const char *settings[] = {
        "hidden=6,5", "activation=identity", "val_frac=0", "epochs=3", "batch=8", NULL,
    };
    void *m = test_create(&algo_mlp, &ds, settings, 9);
    test_fit(&algo_mlp, m, &ds, NULL); /* trained weights are no longer the symmetric init */
    /* compose: M = W1, c = b1; then M = M·W, c = c·W + b */
    double M[D][6] = { { 0 } }, c[6] = { 0 };
    int rows, cols, width = D;
    const float *W = mlp_weights(m, 0, &rows, &cols);
    const float *b = mlp_bias(m, 0, NULL);
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            M[i][j] = W[i * cols + j];
    for (int j = 0; j < cols; j++)
        c[j] = b[j];
    width = cols;
    for (int l = 1; l < mlp_layer_count(m); l++) {
        W = mlp_weights(m, l, &rows, &cols);
        b = mlp_bias(m, l, NULL);
        assert_int_equal(rows, width);
        double M2[D][6] = { { 0 } }, c2[6] = { 0 };
        for (int j = 0; j < cols; j++) {
            c2[j] = b[j];
            for (int k = 0; k < rows; k++)
                c2[j] += c[k] * W[k * cols + j];
            for (int i = 0; i < D; i++)
                for (int k = 0; k < rows; k++)
                    M2[i][j] += M[i][k] * W[k * cols + j];
        }
        memcpy(M, M2, sizeof M);
        memcpy(c, c2, sizeof c);
        width = cols;
    }
    assert_int_equal(width, K);
    float probs[N * K];
    assert_int_equal(algo_mlp.predict(m, &ds.X, NULL, probs, NULL), 0);
    for (int n = 0; n < N; n++) {
        double z[K], zmax = -INFINITY, s = 0;
        for (int j = 0; j < K; j++) {
            z[j] = c[j];
            for (int i = 0; i < D; i++)
                z[j] += MAT_AT(&ds.X, n, i) * M[i][j];
            zmax = fmax(zmax, z[j]);
        }
        for (int j = 0; j < K; j++)
            s += exp(z[j] - zmax);
        for (int j = 0; j < K; j++)
            assert_true(fabs(exp(z[j] - zmax) / s - probs[n * K + j]) < 1e-4);
    }
    algo_mlp.destroy(m);
    dataset_free(&ds);
}

static void test_mlp_traces_each_epoch_and_decays_lr(void **state)
{
    (void)state;
    Dataset ds;
    make_blobs(&ds, 300, 5, 6);
    const char *settings[] = {
        "hidden=16", "epochs=4", "lr=0.01", "lr_decay=0.5", "decay_every=2", "val_frac=0.2", NULL,
    };
    void *m = test_create(&algo_mlp, &ds, settings, 11);
    Trace trace;
    trace_init(&trace);
    assert_int_equal(test_fit(&algo_mlp, m, &ds, &trace), 4);
    double lrs[4];
    int n = 0;
    for (int i = 0; i < trace.count; i++) {
        const TraceEvent *ev = &trace.events[i];
        if (ev->kind != TRACE_STEP)
            continue;
        assert_string_equal(ev->tag, "epoch");
        assert_true(trace_event_get(ev, "train_loss") > 0);
        assert_true(trace_event_get(ev, "val_loss") > 0);
        assert_true(trace_event_get(ev, "seconds") >= 0);
        if (n == 3) /* separated blobs */
            assert_true(trace_event_get(ev, "val_acc") >= 0.9);
        lrs[n++] = trace_event_get(ev, "lr");
    }
    assert_int_equal(n, 4);
    assert_true(fabs(lrs[0] - 0.01) < 1e-9 && fabs(lrs[1] - 0.01) < 1e-9);
    assert_true(fabs(lrs[2] - 0.005) < 1e-9 && fabs(lrs[3] - 0.005) < 1e-9);
    assert_true(test_accuracy(&algo_mlp, m, &ds) > 0.97);
    StrBuf sb = STRBUF_INIT;
    algo_mlp.model_json(m, &ds, &sb);
    assert_non_null(strstr(sb_str(&sb), "\"layers\": [5,16,3]"));
    assert_non_null(strstr(sb_str(&sb), "\"val_rows\": 60"));
    sb_free(&sb);
    trace_free(&trace);
    algo_mlp.destroy(m);
    dataset_free(&ds);
}

static void test_step_batch_steps_one_minibatch(void **state)
{
    (void)state;
    Dataset ds;
    make_blobs(&ds, 100, 3, 7);
    const char *settings[] = {
        "hidden=8", "batch=32", "epochs=2", "val_frac=0", "step=batch", NULL,
    };
    void *m = test_create(&algo_mlp, &ds, settings, 12);
    /* 100 rows in batches of 32: 4 steps per epoch, 8 in all */
    int per = 0;
    Error err = { 0 };
    assert_int_equal(algo_mlp.step(m, &ds, NULL, &err), STEP_MORE);
    assert_int_equal(mlp_batches_done(m, &per), 1);
    assert_int_equal(per, 4);
    assert_int_equal(mlp_epochs_done(m), 0);
    assert_int_equal(test_fit(&algo_mlp, m, &ds, NULL), 7);
    assert_int_equal(mlp_epochs_done(m), 2);
    assert_int_equal(algo_mlp.step(m, &ds, NULL, &err), STEP_DONE);
    algo_mlp.destroy(m);
    dataset_free(&ds);
}

/* issue 12: the fit's progress after each mini-batch, through the trace. */
static int n_fractions;
static double fractions[16];

static void record_fraction(double fraction, void *ctx)
{
    (void)ctx;
    if (n_fractions < 16)
        fractions[n_fractions++] = fraction;
}

static void test_fit_progress_is_reported_per_minibatch(void **state)
{
    (void)state;
    Dataset ds;
    make_blobs(&ds, 100, 3, 7);
    const char *settings[] = { "hidden=8", "batch=32", "epochs=2", "val_frac=0", NULL };
    void *m = test_create(&algo_mlp, &ds, settings, 12);
    Trace tr;
    trace_init(&tr);
    tr.on_progress = record_fraction;
    n_fractions = 0;
    Error err = { 0 };
    while (algo_mlp.step(m, &ds, &tr, &err) == STEP_MORE)
        ;
    /* 100 rows in batches of 32: 4 a epoch, 8 in all; after batch k of 8,
     * (epoch + batch / 4) / 2 = k / 8 of the fit is done */
    assert_int_equal(n_fractions, 8);
    for (int k = 1; k <= 8; k++)
        assert_float_equal(fractions[k - 1], k / 8.0, 1e-12);
    assert_float_equal(trace_progress_get(&tr), 1.0, 0);
    trace_free(&tr);
    algo_mlp.destroy(m);
    dataset_free(&ds);
}

static void test_early_stopping_keeps_the_best_epoch(void **state)
{
    (void)state;
    /* random labels: nothing generalises, the validation loss soon rises */
    enum { N = 200, D = 10 };
    Rng rng;
    rng_seed(&rng, 13);
    float X[N * D];
    int y[N];
    fill_normal(X, N * D, &rng, 1);
    for (int i = 0; i < N; i++)
        y[i] = (int)rng_below(&rng, 2);
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, N, D, 2);
    const char *settings[] = {
        "hidden=64", "lr=0.01", "epochs=200", "patience=3", "val_frac=0.25", NULL,
    };
    void *m = test_create(&algo_mlp, &ds, settings, 14);
    Trace trace;
    trace_init(&trace);
    int steps = test_fit(&algo_mlp, m, &ds, &trace);
    assert_true(steps < 200);
    /* it stopped 3 epochs after the best, and says so */
    const TraceEvent *note = NULL;
    for (int i = 0; i < trace.count; i++)
        if (trace.events[i].kind == TRACE_NOTE && !strcmp(trace.events[i].tag, "early_stop"))
            note = &trace.events[i];
    assert_non_null(note);
    int best = (int)trace_event_get(note, "best_epoch");
    assert_int_equal(best + 3, steps);
    StrBuf sb = STRBUF_INIT;
    algo_mlp.model_json(m, &ds, &sb);
    assert_non_null(strstr(sb_str(&sb), "\"stopped_early\": true"));
    sb_free(&sb);
    trace_free(&trace);
    algo_mlp.destroy(m);
    dataset_free(&ds);
}

/* Algo.set_validation (--val-size): every training row trains, the given
 * part validates.  Its labels are the training labels flipped, so the
 * better the fit the higher its loss: training stops early, patience epochs
 * after the best one, and the model says where its validation came from.
 * A part with other features is refused. */
static void test_set_validation_trains_on_all_rows_and_stops_on_the_given_part(void **state)
{
    (void)state;
    enum { N = 120, NV = 40 };
    float X[N], XV[NV];
    int y[N], yv[NV];
    for (int i = 0; i < N; i++) {
        X[i] = (float)(i % 40) / 20.0f - 1.0f;
        y[i] = X[i] > 0;
    }
    for (int i = 0; i < NV; i++) {
        XV[i] = X[i];
        yv[i] = !y[i];
    }
    Dataset ds, val, wide;
    test_dataset_from_arrays(&ds, X, y, N, 1, 2);
    test_dataset_from_arrays(&val, XV, yv, NV, 1, 2);
    test_dataset_from_arrays(&wide, X, y, N / 2, 2, 2);
    const char *settings[] = { "hidden=8", "lr=0.05", "epochs=100", "patience=2", NULL };
    void *m = test_create(&algo_mlp, &ds, settings, 5);
    Error err = { 0 };
    assert_int_equal(algo_mlp.set_validation(m, &ds, &wide, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_int_equal(algo_mlp.set_validation(m, &ds, &val, &err), 0);
    int steps = test_fit(&algo_mlp, m, &ds, NULL);
    assert_true(steps < 100);
    StrBuf sb = STRBUF_INIT;
    algo_mlp.model_json(m, &ds, &sb);
    const char *j = sb_str(&sb);
    assert_non_null(strstr(j, "\"train_rows\": 120, \"val_rows\": 40, \"val_from\": \"val-size\""));
    assert_non_null(strstr(j, "\"stopped_early\": true"));
    sb_free(&sb);
    algo_mlp.destroy(m);
    dataset_free(&ds);
    dataset_free(&val);
    dataset_free(&wide);
}

static void test_tiny_network_records_its_backward_pass(void **state)
{
    (void)state;
    float X[8] = { 0, 0, 0, 1, 1, 0, 1, 1 };
    int y[4] = { 0, 1, 1, 0 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 4, 2, 2);
    const char *settings[] = { "hidden=3", "val_frac=0", "optimizer=sgd", "lr=0.5", NULL };
    void *m = test_create(&algo_mlp, &ds, settings, 15);
    assert_true(mlp_is_tiny(m));
    assert_null(mlp_last_backprop(m));
    Trace trace;
    trace_init(&trace);
    trace.step = 1;
    Error err = { 0 };
    assert_int_not_equal(algo_mlp.step(m, &ds, &trace, &err), STEP_ERROR);
    const MlpBackprop *bp = mlp_last_backprop(m);
    assert_non_null(bp);
    assert_int_equal(bp->n_layers, 2);
    assert_true(fabsf(bp->lr - 0.5f) < 1e-7f);
    const MlpBackpropLayer *top = &bp->layers[1], *hid = &bp->layers[0];
    /* δ2 = p - onehot; dW2 = a1ᵀ δ2; W_new = W - lr dW */
    for (int k = 0; k < 2; k++)
        assert_true(fabsf(top->delta[k] - (top->a[k] - (k == bp->label))) < 1e-6f);
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 2; k++) {
            assert_true(fabsf(top->dW[i * 2 + k] - hid->a[i] * top->delta[k]) < 1e-6f);
            assert_true(fabsf(top->W_new[i * 2 + k] - (top->W[i * 2 + k] - 0.5f * top->dW[i * 2 + k])) < 1e-6f);
        }
    assert_true(fabsf(bp->loss + logf(top->a[bp->label])) < 1e-5f);
    int deltas = 0, updates = 0;
    for (int i = 0; i < trace.count; i++) {
        deltas += !strcmp(trace.events[i].tag, "delta");
        updates += !strcmp(trace.events[i].tag, "update");
    }
    assert_int_equal(deltas, 2);
    assert_int_equal(updates, 2);
    trace_free(&trace);
    algo_mlp.destroy(m);
    dataset_free(&ds);
}

static void test_mlp_rejects_a_single_class_and_wrong_widths(void **state)
{
    (void)state;
    float X[6] = { 1, 2, 3, 4, 5, 6 };
    int y[3] = { 0, 0, 0 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 3, 2, 1);
    Params p;
    assert_int_equal(params_init(&p, algo_mlp.params, NULL), 0);
    Rng rng;
    rng_seed(&rng, 1);
    Error err = { 0 };
    assert_null(algo_mlp.create(&p, &ds, &rng, &err));
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "single class"));
    dataset_free(&ds);
    y[0] = 1;
    test_dataset_from_arrays(&ds, X, y, 3, 2, 2);
    void *m = test_create_with_params(&algo_mlp, &p, &ds, 2);
    Mat wrong;
    assert_int_equal(mat_alloc(&wrong, 2, 3, NULL), 0);
    int labels[2];
    assert_int_equal(algo_mlp.predict(m, &wrong, labels, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "takes 2 features"));
    mat_free(&wrong);
    algo_mlp.destroy(m);
    params_free(&p);
    dataset_free(&ds);
}

static void test_mlp_on_an_mnist_subset_beats_90_percent(void **state)
{
    (void)state;
    Dataset train, test;
    test_load_mnist_head(&train, 6000, &test, 1000);
    const char *settings[] = {
        "epochs=2",
        "lr_decay=1", /* a short run: no time to slow down */
        NULL,
    };
    void *m = test_create(&algo_mlp, &train, settings, 3);
    test_fit(&algo_mlp, m, &train, NULL);
    double acc = test_accuracy(&algo_mlp, m, &test);
    if (acc < 0.90)
        fail_msg("accuracy %.4f after two epochs on 6000 digits", acc);
    algo_mlp.destroy(m);
    dataset_free(&train);
    dataset_free(&test);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dense_gradients_match_finite_differences),
        cmocka_unit_test(test_activation_gradients_match_finite_differences),
        cmocka_unit_test(test_relu_passes_gradient_only_where_active),
        cmocka_unit_test(test_softmax_xent_gradient_matches_finite_differences),
        cmocka_unit_test(test_weighted_softmax_xent_scales_each_rows_loss_and_gradient),
        cmocka_unit_test(test_mlp_class_weight_zero_silences_a_class),
        cmocka_unit_test(test_softmax_is_stable_for_huge_logits),
        cmocka_unit_test(test_adam_first_step_moves_each_weight_by_lr),
        cmocka_unit_test(test_he_and_xavier_init_have_their_variance),
        cmocka_unit_test(test_network_gradients_match_finite_differences),
        cmocka_unit_test(test_mlp_learns_xor_with_plain_sgd),
        cmocka_unit_test(test_layers_without_activation_compose_to_one_matrix),
        cmocka_unit_test(test_mlp_traces_each_epoch_and_decays_lr),
        cmocka_unit_test(test_step_batch_steps_one_minibatch),
        cmocka_unit_test(test_fit_progress_is_reported_per_minibatch),
        cmocka_unit_test(test_early_stopping_keeps_the_best_epoch),
        cmocka_unit_test(test_set_validation_trains_on_all_rows_and_stops_on_the_given_part),
        cmocka_unit_test(test_tiny_network_records_its_backward_pass),
        cmocka_unit_test(test_mlp_rejects_a_single_class_and_wrong_widths),
        cmocka_unit_test(test_mlp_on_an_mnist_subset_beats_90_percent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
