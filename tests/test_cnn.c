/* test_cnn.c - the convolutional classifier: the arch grammar and its
 * errors, LeNet-5's layer summary, whole-network gradients against finite
 * differences, the inspect functions, and learning an MNIST subset. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnn.h"
#include "nn_layers.h"
#include "test_util.h"

/* ---------------------------------------------------------------- the arch */

static void test_lenet5_expands_to_its_layers(void **state)
{
    (void)state;
    CnnArch a;
    Error err = { 0 };
    assert_int_equal(cnn_arch_parse("lenet5", &a, &err), 0);
    assert_int_equal(a.n_layers, 11);
    assert_int_equal(a.layers[0].kind, CNN_CONV);
    assert_int_equal(a.layers[0].n, 6);
    assert_int_equal(a.layers[0].k, 5);
    assert_int_equal(a.layers[0].pad, 2);
    assert_int_equal(a.layers[2].kind, CNN_MAXPOOL);
    assert_int_equal(a.layers[2].stride, 2);
    assert_int_equal(a.layers[10].kind, CNN_DENSE);
    assert_int_equal(a.layers[10].n, 10);
    char buf[256];
    cnn_arch_format(&a, buf, sizeof buf);
    assert_string_equal(buf, "c6k5p2-r-m2-c16k5-r-m2-d120-r-d84-r-d10");
}

static void test_arch_grammar_reads_every_layer_kind(void **state)
{
    (void)state;
    CnnArch a;
    Error err = { 0 };
    assert_int_equal(cnn_arch_parse("c8k3p1s2-t-a2-m3s1-d64-r-d10", &a, &err), 0);
    assert_int_equal(a.n_layers, 7);
    assert_int_equal(a.layers[0].stride, 2);
    assert_int_equal(a.layers[1].kind, CNN_TANH);
    assert_int_equal(a.layers[2].kind, CNN_AVGPOOL);
    assert_int_equal(a.layers[3].k, 3);
    assert_int_equal(a.layers[3].stride, 1);
    char buf[256];
    cnn_arch_format(&a, buf, sizeof buf);
    assert_string_equal(buf, "c8k3p1s2-t-a2-m3s1-d64-r-d10");
}

static void expect_parse_error(const char *arch, const char *needle)
{
    CnnArch a;
    Error err = { 0 };
    if (cnn_arch_parse(arch, &a, &err) == 0)
        fail_msg("'%s' was accepted", arch);
    assert_int_equal(err.code, ERR_USAGE);
    if (!strstr(err.msg, needle))
        fail_msg("'%s': message '%s' lacks '%s'", arch, err.msg, needle);
}

static void test_arch_errors_name_the_position(void **state)
{
    (void)state;
    expect_parse_error("c8k3-x-d10", "position 6 ('x')");
    expect_parse_error("c8-r", "position 3");       /* 'k' missing */
    expect_parse_error("c8k3--d10", "position 6");  /* empty layer */
    expect_parse_error("c8k3-", "position 6 (end)");
    expect_parse_error("c8k3r-d10", "position 5 ('r'): expected '-'");
    expect_parse_error("d0", "outside");
    expect_parse_error("m", "position 2 (end)");
    expect_parse_error("", "empty");
}

static void test_lenet5_summary_counts_61706_parameters(void **state)
{
    (void)state;
    CnnArch a;
    CnnLayerInfo rows[CNN_MAX_LAYERS];
    Error err = { 0 };
    assert_int_equal(cnn_arch_parse("lenet5", &a, &err), 0);
    assert_int_equal(cnn_arch_summary(&a, 1, 28, 28, 10, rows, CNN_MAX_LAYERS, &err), 11);
    /* conv 5x5x6: 6·25 + 6; conv 5x5x16: 16·150 + 16; dense 400→120, 120→84, 84→10 */
    long want_params[11] = { 156, 0, 0, 2416, 0, 0, 48120, 0, 10164, 0, 850 };
    int want_shape[11][3] = { { 6, 28, 28 }, { 6, 28, 28 }, { 6, 14, 14 }, { 16, 10, 10 },
                              { 16, 10, 10 }, { 16, 5, 5 }, { 120, 1, 1 }, { 120, 1, 1 },
                              { 84, 1, 1 }, { 84, 1, 1 }, { 10, 1, 1 } };
    long total = 0;
    for (int i = 0; i < 11; i++) {
        assert_int_equal(rows[i].params, want_params[i]);
        assert_int_equal(rows[i].out_c, want_shape[i][0]);
        assert_int_equal(rows[i].out_h, want_shape[i][1]);
        assert_int_equal(rows[i].out_w, want_shape[i][2]);
        total += rows[i].params;
    }
    assert_int_equal(total, 61706);
    assert_int_equal(rows[6].in_c, 400); /* the flattened 16x5x5 maps */
    assert_string_equal(rows[0].desc, "conv 5x5, 6 filters, pad 2");
    assert_int_equal(rows[0].flops, 2L * 28 * 28 * 150);
}

static void test_summary_rejects_shapes_that_do_not_work(void **state)
{
    (void)state;
    CnnArch a;
    CnnLayerInfo rows[CNN_MAX_LAYERS];
    Error err = { 0 };
    /* digits are 8x8: LeNet-5's second conv would see a 4x4 map */
    assert_int_equal(cnn_arch_parse("lenet5", &a, &err), 0);
    assert_int_equal(cnn_arch_summary(&a, 1, 8, 8, 10, rows, CNN_MAX_LAYERS, &err), -1);
    assert_non_null(strstr(err.msg, "layer 4 (conv 5x5"));
    assert_non_null(strstr(err.msg, "4x4 input"));
    /* the last layer must give one output per class */
    assert_int_equal(cnn_arch_summary(&a, 1, 28, 28, 3, rows, CNN_MAX_LAYERS, &err), -1);
    assert_non_null(strstr(err.msg, "-d3"));
    /* no convolution after a dense layer */
    assert_int_equal(cnn_arch_parse("d10-c4k3-d10", &a, &err), 0);
    assert_int_equal(cnn_arch_summary(&a, 1, 28, 28, 10, rows, CNN_MAX_LAYERS, &err), -1);
    assert_non_null(strstr(err.msg, "follows a dense layer"));
}

/* ---------------------------------------------------------------- gradients */

/* Mean loss of the dataset's rows, one image at a time through inspect. */
static double mean_loss(void *m, const Dataset *ds)
{
    double s = 0;
    float probs[8];
    for (int i = 0; i < ds->X.rows; i++) {
        assert_int_equal(cnn_image_probs(m, mat_row(&ds->X, i), probs, NULL), 0);
        s -= log((double)probs[ds->y[i]]);
    }
    return s / ds->X.rows;
}

/* One plain SGD step over the whole set moves each parameter by -lr·grad;
 * that gradient must match finite differences of the loss.  Returns how
 * many parameters disagree (printing them). */
static int gradient_mismatches(const char *arch, float h, uint64_t seed, float bias)
{
    Dataset ds;
    test_random_images(&ds, 3, 9, 9, 3, 0.0f, seed);
    Params p;
    assert_int_equal(params_init(&p, algo_cnn.params, NULL), 0);
    char kv[128];
    snprintf(kv, sizeof kv, "arch=%s", arch);
    test_set(&p, kv);
    test_set(&p, "optimizer=sgd");
    test_set(&p, "lr=0.01");
    test_set(&p, "batch=3");
    test_set(&p, "val_frac=0");
    test_set(&p, "step=batch");
    void *m = test_create_with_params(&algo_cnn, &p, &ds, seed + 1);
    size_t n;
    float *w = cnn_parameters(m, &n);
    assert_int_equal((long)n, cnn_param_count(m));
    if (bias != 0.0f) { /* every bias: weights then biases of each layer */
        size_t at = 0;
        for (int l = 0; l < cnn_layer_count(m); l++) {
            CnnLayerInfo info;
            cnn_layer_info(m, l, &info);
            if (!info.params)
                continue;
            int nb = info.out_c;
            for (int k = 0; k < nb; k++)
                w[at + info.params - nb + k] = bias;
            at += (size_t)info.params;
        }
        assert_int_equal(at, n);
    }
    float *before = malloc(n * sizeof(float)), *numeric = malloc(n * sizeof(float));
    memcpy(before, w, n * sizeof(float));
    for (size_t i = 0; i < n; i++) {
        float keep = w[i];
        w[i] = keep + h;
        double lp = mean_loss(m, &ds);
        w[i] = keep - h;
        double lm = mean_loss(m, &ds);
        w[i] = keep;
        numeric[i] = (float)((lp - lm) / (2 * h));
    }
    Error err = { 0 };
    assert_int_not_equal(algo_cnn.step(m, &ds, NULL, &err), STEP_ERROR);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        double analytic = (before[i] - w[i]) / 0.01;
        if (fabs(analytic - numeric[i]) > 0.02 * fabs(numeric[i]) + 2e-3) {
            fprintf(stderr, "%s: param %zu: analytic %.6g vs numeric %.6g\n", arch, i, analytic,
                    numeric[i]);
            bad++;
        }
    }
    free(before);
    free(numeric);
    algo_cnn.destroy(m);
    params_free(&p);
    dataset_free(&ds);
    return bad;
}

/* A smooth network (tanh, average pooling, a padded strided convolution, a
 * valid one, dense layers): every parameter's gradient agrees. */
static void test_smooth_network_gradients_match_finite_differences(void **state)
{
    (void)state;
    assert_int_equal(gradient_mismatches("c3k3p1s2-t-a2s1-c4k3-t-a2-d5-t-d3", 1e-2f, 5, 0.0f), 0);
}

/* With ReLU and overlapping max pooling the loss has kinks: a finite
 * difference that straddles one (a unit crossing 0, two window values
 * swapping places) disagrees with the one-sided truth.  Positive biases keep
 * the ReLUs away from 0 (a dead unit passes exact zeros up, and a zero
 * input with a zero bias sits right on the next ReLU's kink). */
static void test_relu_maxpool_network_gradients_match_finite_differences(void **state)
{
    (void)state;
    const char *arch = "c3k3p1s2-r-m2s1-c4k3-r-m2-d5-r-d3";
    assert_int_equal(gradient_mismatches(arch, 1e-3f, 5, 0.5f), 0);
    assert_int_equal(gradient_mismatches(arch, 1e-3f, 17, 0.5f), 0);
}

/* ---------------------------------------------------------------- inspect */

static void test_inspect_gives_every_map_and_the_probabilities(void **state)
{
    (void)state;
    Dataset ds;
    test_random_images(&ds, 20, 12, 12, 2, 0.0f, 7);
    const char *settings[] = { "arch=c4k3p1-r-m2-d2", "val_frac=0", "epochs=1", NULL };
    void *m = test_create(&algo_cnn, &ds, settings, 8);
    test_fit(&algo_cnn, m, &ds, NULL);
    assert_int_equal(cnn_layer_count(m), 4);
    CnnLayerInfo info;
    assert_int_equal(cnn_layer_info(m, 0, &info), 0);
    assert_int_equal(info.params, 4 * 9 + 4);
    assert_int_equal(cnn_layer_info(m, 4, &info), -1);
    assert_int_equal(cnn_param_count(m), 40 + 4 * 6 * 6 * 2 + 2);
    int C, H, W;
    cnn_input_shape(m, &C, &H, &W);
    assert_int_equal(C * 100 + H * 10 + W, 100 + 120 + 12);

    CnnImageView v;
    Error err = { 0 };
    assert_int_equal(cnn_inspect_image(m, mat_row(&ds.X, 3), &v, &err), 0);
    assert_int_equal(v.n_layers, 4);
    assert_int_equal(v.maps[0].c, 4);
    assert_int_equal(v.maps[0].h, 12);
    assert_int_equal(v.maps[2].h, 6);
    for (int i = 0; i < 4 * 36; i++) /* after the ReLU and the pool: no negatives */
        assert_true(v.maps[2].data[i] >= 0.0f);
    /* the first conv map at (0, 5, 5) is the kernel applied by hand */
    float k[4 * 9];
    int oc, kc, kk;
    assert_int_equal(cnn_conv_kernels(m, 0, k, &oc, &kc, &kk), 4 * 9);
    assert_int_equal(cnn_conv_kernels(m, 1, NULL, NULL, NULL, NULL), -1);
    size_t np;
    const float *bias = cnn_parameters(m, &np) + 36;
    double z = bias[0];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            z += (double)k[i * 3 + j] * MAT_AT(&ds.X, 3, (4 + i) * 12 + 4 + j);
    assert_true(fabs(z - v.maps[0].data[5 * 12 + 5]) < 1e-4);
    /* probabilities: sum to one, agree with predict */
    assert_true(fabs(v.probs[0] + v.probs[1] - 1.0) < 1e-6);
    float scores[40];
    int labels[20];
    assert_int_equal(algo_cnn.predict(m, &ds.X, labels, scores, &err), 0);
    assert_true(fabsf(scores[3 * 2 + 1] - v.probs[1]) < 1e-6f);
    assert_int_equal(labels[3], v.predicted);
    cnn_image_view_free(&v);

    StrBuf sb = STRBUF_INIT;
    algo_cnn.model_json(m, &ds, &sb);
    assert_non_null(strstr(sb_str(&sb), "\"arch\": \"c4k3p1-r-m2-d2\""));
    assert_non_null(strstr(sb_str(&sb), "\"output\": [4, 6, 6]"));
    sb_free(&sb);
    algo_cnn.destroy(m);
    dataset_free(&ds);
}

static void test_cnn_refuses_data_without_images(void **state)
{
    (void)state;
    Dataset ds;
    test_random_images(&ds, 10, 4, 4, 2, 0.0f, 9);
    ds.image_w = ds.image_h = 0;
    Params p;
    assert_int_equal(params_init(&p, algo_cnn.params, NULL), 0);
    Rng rng;
    rng_seed(&rng, 1);
    Error err = { 0 };
    assert_null(algo_cnn.create(&p, &ds, &rng, &err));
    assert_non_null(strstr(err.msg, "needs images"));
    ds.image_w = ds.image_h = 4; /* LeNet-5 on 4x4 images: too small */
    assert_null(algo_cnn.create(&p, &ds, &rng, &err));
    assert_int_equal(err.code, ERR_USAGE);
    test_set(&p, "arch=c2k3-x");
    assert_null(algo_cnn.create(&p, &ds, &rng, &err));
    assert_non_null(strstr(err.msg, "position 6"));
    params_free(&p);
    dataset_free(&ds);
}

static void test_cnn_learns_an_mnist_subset(void **state)
{
    (void)state;
    int n_test = 500;
    Dataset train, test;
    test_load_mnist_head(&train, 3000, &test, n_test);
    Error err = { 0 };
    const char *settings[] = {
        "epochs=2",
        "lr_decay=1", /* a short run: no time to slow down */
        NULL,
    };
    void *m = test_create(&algo_cnn, &train, settings, 3);
    Trace trace;
    trace_init(&trace);
    Error e2 = { 0 };
    for (int s = 1; algo_cnn.step(m, &train, &trace, &e2) == STEP_MORE; s++)
        trace.step = s + 1;
    assert_int_equal(cnn_epochs_done(m), 2);
    int steps = 0;
    for (int i = 0; i < trace.count; i++)
        if (trace.events[i].kind == TRACE_STEP) {
            steps++;
            assert_true(trace_event_get(&trace.events[i], "val_acc") > 0.5);
        }
    assert_int_equal(steps, 2);
    int pred[500];
    assert_int_equal(algo_cnn.predict(m, &test.X, pred, NULL, &err), 0);
    int right = 0;
    for (int i = 0; i < n_test; i++)
        right += pred[i] == test.y[i];
    if (right < 0.9 * n_test)
        fail_msg("accuracy %.3f on 500 test digits", right / 500.0);
    trace_free(&trace);
    algo_cnn.destroy(m);
    dataset_free(&train);
    dataset_free(&test);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lenet5_expands_to_its_layers),
        cmocka_unit_test(test_arch_grammar_reads_every_layer_kind),
        cmocka_unit_test(test_arch_errors_name_the_position),
        cmocka_unit_test(test_lenet5_summary_counts_61706_parameters),
        cmocka_unit_test(test_summary_rejects_shapes_that_do_not_work),
        cmocka_unit_test(test_smooth_network_gradients_match_finite_differences),
        cmocka_unit_test(test_relu_maxpool_network_gradients_match_finite_differences),
        cmocka_unit_test(test_inspect_gives_every_map_and_the_probabilities),
        cmocka_unit_test(test_cnn_refuses_data_without_images),
        cmocka_unit_test(test_cnn_learns_an_mnist_subset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
