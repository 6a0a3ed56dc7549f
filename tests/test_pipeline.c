/* test_pipeline.c - the preparation pipeline (src/pipeline.h): each step
 * fitted on the training part only and applied unchanged to another part,
 * with values worked out by hand; the refusals (missing cells without an
 * imputer, a feature missing everywhere, --pca above the feature count,
 * --poly above the memory limit); --deskew first on image sets (against
 * deskew_image, itself checked against scipy in test_deskew.c), refused for
 * a set without an image shape. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deskew.h"
#include "eval.h"
#include "pipeline.h"
#include "test_util.h"

/* A toy set over X (rows x cols); cats[j] > 0 makes feature j categorical
 * with categories "k0", "k1", ... */
static void make_set(Dataset *ds, const float *X, int rows, int cols, const int *cats)
{
    test_dataset_from_arrays(ds, X, NULL, rows, cols, 0);
    if (!cats)
        return;
    ds->n_categories = calloc((size_t)cols, sizeof *ds->n_categories);
    ds->categories = calloc((size_t)cols, sizeof *ds->categories);
    assert_non_null(ds->n_categories);
    assert_non_null(ds->categories);
    for (int j = 0; j < cols; j++) {
        if (cats[j] <= 0)
            continue;
        ds->n_categories[j] = cats[j];
        ds->categories[j] = calloc((size_t)cats[j], sizeof(char *));
        for (int c = 0; c < cats[j]; c++) {
            char buf[16];
            snprintf(buf, sizeof buf, "k%d", c);
            ds->categories[j][c] = strdup(buf);
        }
    }
}

static void fit_ok(Pipeline *p, const PrepSpec *spec, ScaleKind scale, const Dataset *train,
                   Dataset *out)
{
    Error err;
    error_clear(&err);
    if (pipeline_fit(p, spec, scale, train, out, &err) < 0)
        fail_msg("pipeline_fit: %s", err.msg);
}

static void test_impute_fills_mean_median_and_most_frequent_of_the_training_part(void **st)
{
    (void)st;
    /* column 0: 1, NaN, 3, 4, 4 -> mean 3, median (3 + 4) / 2 = 3.5, most frequent 4 */
    float X[5] = { 1, NAN, 3, 4, 4 };
    Dataset train, out;
    make_set(&train, X, 5, 1, NULL);
    float want[4] = { 0, 3.0f, 3.5f, 4.0f };
    for (int k = IMPUTE_MEAN; k <= IMPUTE_MOST_FREQUENT; k++) {
        PrepSpec spec = { .impute = (ImputeKind)k };
        Pipeline p;
        fit_ok(&p, &spec, SCALE_NONE, &train, &out);
        assert_near(MAT_AT(&out.X, 1, 0), want[k], 1e-6);
        assert_near(MAT_AT(&out.X, 0, 0), 1, 0);
        /* another part gets the training part's value */
        float T[2] = { NAN, 7 };
        Dataset test, tout;
        make_set(&test, T, 2, 1, NULL);
        Error err;
        assert_int_equal(pipeline_apply(&p, &test, &tout, &err), 0);
        assert_near(MAT_AT(&tout.X, 0, 0), want[k], 1e-6);
        assert_near(MAT_AT(&tout.X, 1, 0), 7, 0);
        dataset_free(&tout);
        dataset_free(&test);
        dataset_free(&out);
        pipeline_free(&p);
    }
    dataset_free(&train);
}

static void test_most_frequent_takes_the_smallest_value_on_a_tie(void **st)
{
    (void)st;
    float X[5] = { 5, 2, NAN, 5, 2 };
    Dataset train, out;
    make_set(&train, X, 5, 1, NULL);
    PrepSpec spec = { .impute = IMPUTE_MOST_FREQUENT };
    Pipeline p;
    fit_ok(&p, &spec, SCALE_NONE, &train, &out);
    assert_near(MAT_AT(&out.X, 2, 0), 2, 0);
    dataset_free(&out);
    pipeline_free(&p);
    dataset_free(&train);
}

static void test_one_hot_columns_follow_the_categories_seen_in_training(void **st)
{
    (void)st;
    /* x (numeric), c (3 categories; k1 never in training, one cell missing) */
    float X[8] = { 10, 0, 20, 2, 30, NAN, 40, 2 };
    int cats[2] = { 0, 3 };
    Dataset train, out;
    make_set(&train, X, 4, 2, cats);
    PrepSpec spec = { .impute = IMPUTE_MEAN };
    Pipeline p;
    fit_ok(&p, &spec, SCALE_NONE, &train, &out);
    /* x, c=k0, c=k2; the missing c takes the most frequent, k2 */
    assert_int_equal(out.X.cols, 3);
    assert_string_equal(out.feature_names[1], "f1=k0");
    assert_string_equal(out.feature_names[2], "f1=k2");
    float want[12] = { 10, 1, 0, 20, 0, 1, 30, 0, 1, 40, 0, 1 };
    for (int i = 0; i < 12; i++)
        assert_near(out.X.data[i], want[i], 0);
    assert_int_equal(p.unseen, 0);
    float T[6] = { 1, 1, 2, 0, 3, -1 }; /* k1, k0, a category of another file (-1) */
    Dataset test, tout;
    make_set(&test, T, 3, 2, cats);
    Error err;
    assert_int_equal(pipeline_apply(&p, &test, &tout, &err), 0);
    float twant[9] = { 1, 0, 0, 2, 1, 0, 3, 0, 0 };
    for (int i = 0; i < 9; i++)
        assert_near(tout.X.data[i], twant[i], 0);
    assert_int_equal(p.unseen, 2);
    char steps[256];
    pipeline_describe(&p, steps, sizeof steps);
    assert_string_equal(steps, "impute mean, one-hot 2 -> 3");
    dataset_free(&tout);
    dataset_free(&test);
    dataset_free(&out);
    pipeline_free(&p);
    dataset_free(&train);
}

static void test_scaling_uses_the_training_statistics_on_other_parts(void **st)
{
    (void)st;
    /* training x: 0, 0, 1, 1 -> mean 0.5, population std 0.5 */
    float X[4] = { 0, 0, 1, 1 };
    Dataset train, out, test, tout;
    make_set(&train, X, 4, 1, NULL);
    PrepSpec spec = { .poly = 2 };
    Pipeline p;
    fit_ok(&p, &spec, SCALE_STANDARD, &train, &out);
    /* scaled x = +-1; poly 2: x, x^2 */
    assert_int_equal(out.X.cols, 2);
    assert_near(MAT_AT(&out.X, 0, 0), -1, 1e-6);
    assert_near(MAT_AT(&out.X, 0, 1), 1, 1e-6);
    float T[1] = { 2 };
    make_set(&test, T, 1, 1, NULL);
    Error err;
    assert_int_equal(pipeline_apply(&p, &test, &tout, &err), 0);
    assert_near(MAT_AT(&tout.X, 0, 0), 3, 1e-6); /* (2 - 0.5) / 0.5 */
    assert_near(MAT_AT(&tout.X, 0, 1), 9, 1e-5);
    dataset_free(&tout);
    dataset_free(&test);
    dataset_free(&out);
    pipeline_free(&p);
    dataset_free(&train);
}

static void test_pca_then_poly_in_the_order_asked(void **st)
{
    (void)st;
    /* points on the line y = 2x: one component carries all the variance */
    float X[8] = { -2, -4, -1, -2, 1, 2, 2, 4 };
    Dataset train, out;
    make_set(&train, X, 4, 2, NULL);
    PrepSpec spec = { .pca = 1, .poly = 2, .pca_first = true };
    Pipeline p;
    fit_ok(&p, &spec, SCALE_NONE, &train, &out);
    /* projection t = (x + 2y) / sqrt(5) = sqrt(5) x; then t, t^2 */
    assert_int_equal(out.X.cols, 2);
    assert_near(MAT_AT(&out.X, 0, 0), -2 * sqrt(5.0), 1e-5);
    assert_near(MAT_AT(&out.X, 0, 1), 20, 1e-4);
    assert_string_equal(out.feature_names[1], "poly_2");
    char steps[256];
    pipeline_describe(&p, steps, sizeof steps);
    assert_string_equal(steps, "pca 1, poly 2");
    dataset_free(&out);
    pipeline_free(&p);
    /* poly first: 2 -> 5 columns, then 3 components */
    spec = (PrepSpec){ .pca = 3, .poly = 2 };
    fit_ok(&p, &spec, SCALE_NONE, &train, &out);
    assert_int_equal(p.d_poly, 5);
    assert_int_equal(out.X.cols, 3);
    assert_string_equal(out.feature_names[0], "pc_1");
    dataset_free(&out);
    pipeline_free(&p);
    dataset_free(&train);
}

/* --rescale standardises the last step's output with the training part's
 * statistics: x = 1, 2, 3, 4 and --poly 2 give x and x^2 (means 2.5 and
 * 7.5, population stds sqrt(1.25) and sqrt(32.25)); a test row x = 5 gets
 * (5 - 2.5) / sqrt(1.25) and (25 - 7.5) / sqrt(32.25). */
static void test_rescale_standardises_after_the_polynomial_features(void **st)
{
    (void)st;
    float X[4] = { 1, 2, 3, 4 }, T[1] = { 5 };
    Dataset train, test, out, tout;
    make_set(&train, X, 4, 1, NULL);
    make_set(&test, T, 1, 1, NULL);
    PrepSpec spec = { .poly = 2, .rescale = true };
    assert_true(prep_spec_any(&spec));
    Pipeline p;
    fit_ok(&p, &spec, SCALE_NONE, &train, &out);
    assert_near(MAT_AT(&out.X, 0, 0), (1 - 2.5) / sqrt(1.25), 1e-5);
    assert_near(MAT_AT(&out.X, 3, 1), (16 - 7.5) / sqrt(32.25), 1e-5);
    Error err = { 0 };
    assert_int_equal(pipeline_apply(&p, &test, &tout, &err), 0);
    assert_near(MAT_AT(&tout.X, 0, 0), 2.5 / sqrt(1.25), 1e-5);
    assert_near(MAT_AT(&tout.X, 0, 1), 17.5 / sqrt(32.25), 1e-5);
    char steps[256];
    pipeline_describe(&p, steps, sizeof steps);
    assert_string_equal(steps, "poly 2, standardised again");
    dataset_free(&out);
    dataset_free(&tout);
    pipeline_free(&p);
    dataset_free(&train);
    dataset_free(&test);
}

static void test_pca_variance_fraction_keeps_enough_components(void **st)
{
    (void)st;
    /* variances 4 (x: -2, 2, -2, 2) and 1 (y: -1, -1, 1, 1): 0.75 needs one
     * component (0.8 of the total), 0.85 needs two */
    float X[8] = { -2, -1, 2, -1, -2, 1, 2, 1 };
    Dataset train, out;
    make_set(&train, X, 4, 2, NULL);
    PrepSpec spec = { .pca_var = 0.75 };
    Pipeline p;
    fit_ok(&p, &spec, SCALE_NONE, &train, &out);
    assert_int_equal(out.X.cols, 1);
    dataset_free(&out);
    pipeline_free(&p);
    spec.pca_var = 0.85;
    fit_ok(&p, &spec, SCALE_NONE, &train, &out);
    assert_int_equal(out.X.cols, 2);
    dataset_free(&out);
    pipeline_free(&p);
    dataset_free(&train);
}

static void expect_fit_error(const Dataset *train, const PrepSpec *spec, ErrorCode code,
                             const char *want)
{
    Pipeline p;
    Dataset out;
    Error err;
    error_clear(&err);
    assert_int_equal(pipeline_fit(&p, spec, SCALE_NONE, train, &out, &err), -1);
    assert_int_equal(err.code, code);
    assert_string_equal(err.msg, want);
}

static void test_missing_cells_need_an_imputer_and_something_to_impute_from(void **st)
{
    (void)st;
    float X[6] = { 1, NAN, NAN, NAN, 3, NAN };
    Dataset train;
    make_set(&train, X, 3, 2, NULL);
    PrepSpec none = { 0 };
    expect_fit_error(&train, &none, ERR_DATA,
                     "feature 'f0' has 1 missing cell in the training part: choose --impute "
                     "mean, median or most_frequent");
    PrepSpec mean = { .impute = IMPUTE_MEAN };
    expect_fit_error(&train, &mean, ERR_DATA,
                     "feature 'f1' is missing in every training row: nothing to learn or "
                     "impute from (leave it out with --drop f1)");
    dataset_free(&train);
}

static void test_pca_above_the_feature_count_and_huge_poly_are_refused(void **st)
{
    (void)st;
    float X[6] = { 1, 2, 3, 4, 5, 7 };
    Dataset train;
    make_set(&train, X, 3, 2, NULL);
    PrepSpec pca = { .pca = 3 };
    expect_fit_error(&train, &pca, ERR_USAGE,
                     "--pca 3: the data has only 2 features at that step (use at most 2, or a "
                     "fraction of the variance such as 0.95)");
    dataset_free(&train);
    /* 784 features, degree 2: C(786, 2) - 1 = 308504 columns; x 400 rows x 4
     * bytes = 470.7 MB (python3 -c "from math import comb; print(comb(786,2)-1)") */
    float *big = calloc(400 * 784, sizeof *big);
    make_set(&train, big, 400, 784, NULL);
    free(big);
    PrepSpec poly = { .poly = 2 };
    expect_fit_error(&train, &poly, ERR_USAGE,
                     "--poly 2 on 784 features makes 308504 columns: about 471 MB for the 400 "
                     "training rows, above the limit of 400 MB; lower the degree or reduce the "
                     "features first (--pca N before --poly)");
    poly.poly = 3; /* C(787, 3) - 1 = 80931144 columns: beyond a million */
    expect_fit_error(&train, &poly, ERR_USAGE,
                     "--poly 3 on 784 features makes over a million columns; lower the degree "
                     "or reduce the features first (--pca N before --poly)");
    dataset_free(&train);
}

/* ---- a mock model for the session tests: it remembers the feature count
 * and predicts the training part's mean target (or class 0) ---------------- */

static const ParamSpec mock_params[] = { { 0 } };

typedef struct MockModel {
    int d;
    float mean;
} MockModel;

static void *mock_create(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    (void)p, (void)rng, (void)err;
    MockModel *m = calloc(1, sizeof *m);
    m->d = train->X.cols;
    for (int i = 0; train->target && i < train->X.rows; i++)
        m->mean += train->target[i] / (float)train->X.rows;
    return m;
}

static StepStatus mock_step(void *model, const Dataset *train, Trace *trace, Error *err)
{
    (void)model, (void)train, (void)trace, (void)err;
    return STEP_DONE;
}

static int mock_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    (void)err;
    const MockModel *m = model;
    for (int i = 0; i < X->rows; i++) {
        if (labels)
            labels[i] = 0;
        if (scores)
            scores[i] = m->mean;
    }
    return 0;
}

static void mock_destroy(void *model)
{
    free(model);
}

static const Algo mock_mean = {
    .name = "mean", .title = "Mock mean", .kind = ALGO_REGRESSOR, .params = mock_params,
    .create = mock_create, .step = mock_step, .predict = mock_predict, .destroy = mock_destroy,
};
static const Algo mock_zero = {
    .name = "zero", .title = "Mock class 0", .kind = ALGO_CLASSIFIER, .params = mock_params,
    .create = mock_create, .step = mock_step, .predict = mock_predict, .destroy = mock_destroy,
};

/* The session's one preparation path on tests/data/students.csv, as `mllab
 * run` uses it (the prepared parts replace the EvalData's in place): the
 * targets and class names the reports borrow stay valid, the model sees 14
 * features (9 raw, 4 categorical ones expanded to 9 columns), and so does
 * the validation part (--val-size). */
static void test_session_prepares_the_parts_in_place(void **st)
{
    (void)st;
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = test_data_file("students.csv");
    o.missing = true;
    o.val_size = 0.2; /* 120 rows: 24 test, 24 validation, 72 training */
    EvalData d;
    Error err;
    error_clear(&err);
    if (eval_load(&d, &o, ALGO_REGRESSOR, &err) < 0)
        fail_msg("eval_load: %s", err.msg);
    assert_int_equal(d.sep, ';');
    char *const *target_before = &d.train.target_name;
    const float *y_before = d.train.target;
    PrepSpec prep = { .impute = IMPUTE_MEAN };
    SessionSpec spec = { .algo = &mock_mean, .in_place = &d, .test_has_target = true,
                         .scaling = { .kind = SCALE_STANDARD }, .seed = 42, .prep = &prep };
    Session s;
    if (session_open_spec(&s, &spec, &err) < 0)
        fail_msg("session_open_spec: %s", err.msg);
    assert_ptr_equal(s.train, &d.train);
    assert_ptr_equal(d.train.target, y_before);
    assert_string_equal(*target_before, "G3");
    assert_int_equal(d.train.X.cols, 14);
    assert_int_equal(d.test.X.cols, 14);
    assert_ptr_equal(s.val, &d.val);
    assert_int_equal(d.val.X.cols, 14);
    assert_int_equal(d.val.X.rows, 24);
    assert_int_equal(d.train.X.rows, 72);
    assert_false(dataset_has_missing(&d.train));
    assert_true(s.prep.active);
    assert_int_equal(s.prep.features_in, 9);
    assert_int_equal(s.prep.features_out, 14);
    assert_string_equal(s.prep.steps, "impute mean, one-hot 9 -> 14, standard scaling");
    assert_int_equal(session_fit(&s, &err), 0);
    RunResult r;
    assert_int_equal(session_evaluate(&s, &r, &err), 0);
    assert_true(r.prep.active);
    assert_int_equal(((MockModel *)s.model)->d, 14);
    run_result_free(&r);
    assert_int_equal(session_evaluate_val(&s, &r, &err), 0);
    assert_int_equal(r.test_rows, 24);
    run_result_free(&r);
    session_close(&s);
    eval_data_free(&d);
}

/* Without options a categorical feature still goes through the pipeline
 * (one-hot), and a purely numeric set keeps the old scaling path. */
static void test_categories_alone_open_the_pipeline_numbers_alone_do_not(void **st)
{
    (void)st;
    float X[8] = { 0, 1, 1, 2, 0, 3, 1, 4 };
    int y[4] = { 0, 1, 0, 1 };
    int cats[2] = { 2, 0 };
    Dataset train;
    test_dataset_from_arrays(&train, X, y, 4, 2, 2);
    Session s;
    Error err;
    error_clear(&err);
    SessionSpec spec = { .algo = &mock_zero, .train = &train, .seed = 1 };
    assert_int_equal(session_open_spec(&s, &spec, &err), 0);
    assert_false(s.prep.active);
    assert_null(s.pipeline);
    session_close(&s);
    dataset_free(&train);
    make_set(&train, X, 4, 2, cats);
    train.y = malloc(4 * sizeof *train.y);
    memcpy(train.y, y, sizeof y);
    train.n_classes = 2;
    train.class_names = calloc(2, sizeof(char *));
    train.class_names[0] = strdup("a");
    train.class_names[1] = strdup("b");
    train.has_target = true;
    assert_int_equal(session_open_spec(&s, &spec, &err), 0);
    assert_true(s.prep.active);
    assert_int_equal(s.train->X.cols, 3);
    session_close(&s);
    dataset_free(&train);
}

/* Three 3 x 3 images (rows of 9): slanted, blank, one bar. */
static const float IMAGES[27] = {
    1, 0, 0, 0, 1, 0, 0, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 1, 0, 1, 0, 0.5f, 0, 0,
};

static void make_images(Dataset *ds, const float *X, int rows)
{
    make_set(ds, X, rows, 9, NULL);
    ds->image_w = ds->image_h = 3;
}

/* --deskew alone keeps the pixels' count and names, each row deskew_image's
 * output; with scaling and PCA it comes first and is described first; a
 * byte-backed part gives the same rows as its floats. */
static void test_deskew_comes_first_keeps_the_pixels_and_reads_bytes(void **st)
{
    (void)st;
    Dataset train, out, bytes_part, out2;
    make_images(&train, IMAGES, 3);
    PrepSpec spec = { .deskew = true };
    Pipeline p;
    fit_ok(&p, &spec, SCALE_NONE, &train, &out);
    assert_int_equal(p.d_out, 9);
    assert_string_equal(out.feature_names[4], "f4");
    for (int i = 0; i < 3; i++) {
        float want[9];
        deskew_image(&IMAGES[i * 9], 3, 3, want);
        for (int j = 0; j < 9; j++)
            assert_near(MAT_AT(&out.X, i, j), want[j], 0);
    }
    char buf[128];
    pipeline_describe(&p, buf, sizeof buf);
    assert_string_equal(buf, "deskew");
    /* the same rows byte-backed (scale 2: 1, 0 and 0.5 are q / 2) */
    make_images(&bytes_part, IMAGES, 3);
    mat_free(&bytes_part.X);
    Error err = { 0 };
    assert_int_equal(mat_alloc_bytes(&bytes_part.X, 3, 9, 2.0f, &err), 0);
    for (int i = 0; i < 27; i++)
        bytes_part.X.bytes[i] = (uint8_t)(IMAGES[i] * 2);
    assert_int_equal(pipeline_apply(&p, &bytes_part, &out2, &err), 0);
    assert_memory_equal(out2.X.data, out.X.data, 27 * sizeof(float));
    dataset_free(&out2);
    dataset_free(&out);
    pipeline_free(&p);
    spec.pca = 2;
    fit_ok(&p, &spec, SCALE_STANDARD, &train, &out);
    pipeline_describe(&p, buf, sizeof buf);
    assert_string_equal(buf, "deskew, standard scaling, pca 2");
    assert_int_equal(p.d_out, 2);
    dataset_free(&out);
    pipeline_free(&p);
    dataset_free(&bytes_part);
    dataset_free(&train);
}

static void test_deskew_is_refused_for_a_set_without_an_image_shape(void **st)
{
    (void)st;
    Dataset train, out;
    make_set(&train, IMAGES, 3, 9, NULL); /* 9 features, no image shape */
    PrepSpec spec = { .deskew = true };
    Pipeline p;
    Error err = { 0 };
    assert_int_equal(pipeline_fit(&p, &spec, SCALE_NONE, &train, &out, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_string_equal(err.msg, "--deskew needs an image set (mnist, fashion_mnist, digits); "
                                 "toy has no image shape");
    train.image_w = 2, train.image_h = 4; /* a shape that is not the features' */
    assert_int_equal(pipeline_fit(&p, &spec, SCALE_NONE, &train, &out, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    dataset_free(&train);
}

/* A session with --deskew on a byte-backed training part (which the
 * pipeline reads itself) prepares the very floats a float part gives, and
 * leaves the caller's part byte-backed. */
static void test_a_session_deskews_byte_backed_parts_as_floats(void **st)
{
    (void)st;
    int y[3] = { 0, 1, 0 };
    Dataset fl, by;
    test_dataset_from_arrays(&fl, IMAGES, y, 3, 9, 2);
    test_dataset_from_arrays(&by, IMAGES, y, 3, 9, 2);
    fl.image_w = fl.image_h = by.image_w = by.image_h = 3;
    mat_free(&by.X);
    Error err = { 0 };
    assert_int_equal(mat_alloc_bytes(&by.X, 3, 9, 2.0f, &err), 0);
    for (int i = 0; i < 27; i++)
        by.X.bytes[i] = (uint8_t)(IMAGES[i] * 2);
    PrepSpec prep = { .deskew = true, .pca = 2 };
    SessionSpec a = { .algo = &mock_zero, .train = &fl, .seed = 1, .prep = &prep };
    SessionSpec b = a;
    b.train = &by;
    Session sa, sb;
    assert_int_equal(session_open_spec(&sa, &a, &err), 0);
    assert_int_equal(session_open_spec(&sb, &b, &err), 0);
    assert_true(mat_is_bytes(&by.X)); /* the caller's part is left as it was */
    assert_false(mat_is_bytes(&sb.train->X));
    assert_int_equal(sb.train->X.cols, 2);
    assert_memory_equal(sa.train->X.data, sb.train->X.data, 6 * sizeof(float));
    assert_string_equal(sb.prep.steps, "deskew, pca 2");
    session_close(&sa);
    session_close(&sb);
    dataset_free(&fl);
    dataset_free(&by);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_impute_fills_mean_median_and_most_frequent_of_the_training_part),
        cmocka_unit_test(test_most_frequent_takes_the_smallest_value_on_a_tie),
        cmocka_unit_test(test_one_hot_columns_follow_the_categories_seen_in_training),
        cmocka_unit_test(test_scaling_uses_the_training_statistics_on_other_parts),
        cmocka_unit_test(test_pca_then_poly_in_the_order_asked),
        cmocka_unit_test(test_rescale_standardises_after_the_polynomial_features),
        cmocka_unit_test(test_pca_variance_fraction_keeps_enough_components),
        cmocka_unit_test(test_missing_cells_need_an_imputer_and_something_to_impute_from),
        cmocka_unit_test(test_pca_above_the_feature_count_and_huge_poly_are_refused),
        cmocka_unit_test(test_session_prepares_the_parts_in_place),
        cmocka_unit_test(test_categories_alone_open_the_pipeline_numbers_alone_do_not),
        cmocka_unit_test(test_deskew_comes_first_keeps_the_pixels_and_reads_bytes),
        cmocka_unit_test(test_deskew_is_refused_for_a_set_without_an_image_shape),
        cmocka_unit_test(test_a_session_deskews_byte_backed_parts_as_floats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
