/* test_nn_io.c - saved networks: the file layout, round trips of mlp and cnn
 * (the loaded model predicts exactly what the saved one did) and of the
 * scaler, version 1 files (no scaler) still read, and every kind of bad file
 * (foreign, truncated at each length, a flipped byte, a newer version, the
 * wrong kind, tensors of the wrong shape, a damaged scaler) gives a clear
 * error; a loaded network refuses data it was not trained for. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnn.h"
#include "mlp.h"
#include "nn_io.h"
#include "test_util.h"

/* A trained model of algo on ds (a few epochs). */
static void *train(const Algo *algo, const Dataset *ds, const char *arch)
{
    const char *settings[] = { "epochs=2", "batch=16", arch, NULL };
    return test_train(algo, ds, settings, 11, NULL);
}

/* The bytes algo->save writes for model. */
static unsigned char *save_bytes(const Algo *algo, const void *model, size_t *len)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    Error err = { 0 };
    if (algo->save(model, NULL, f, &err) < 0)
        fail_msg("save: %s", err.msg);
    long size = ftell(f);
    assert_true(size > 0);
    unsigned char *buf = malloc((size_t)size);
    rewind(f);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    *len = (size_t)size;
    return buf;
}

/* algo->load of the given bytes; NULL with err set on failure. */
static void *load_bytes(const Algo *algo, const unsigned char *buf, size_t len, Error *err)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    if (len)
        assert_int_equal(fwrite(buf, 1, len, f), len);
    rewind(f);
    Params p;
    assert_int_equal(params_init(&p, algo->params, NULL), 0);
    void *m = algo->load(f, &p, NULL, NULL, err);
    params_free(&p);
    fclose(f);
    return m;
}

/* The bytes saved from a small mlp (hidden=3) trained on 30 w×h images in
 * 2 classes, drawn from seed. */
static unsigned char *saved_small_mlp(int w, int h, uint64_t seed, size_t *len)
{
    Dataset ds;
    test_random_images(&ds, 30, w, h, 2, 0.5f, seed);
    void *m = train(&algo_mlp, &ds, "hidden=3");
    unsigned char *buf = save_bytes(&algo_mlp, m, len);
    algo_mlp.destroy(m);
    dataset_free(&ds);
    return buf;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

/* Same labels and bit-identical probabilities. */
static void assert_same_predictions(const Algo *algo, void *a, void *b, const Mat *X, int k)
{
    int n = X->rows;
    int *la = malloc((size_t)n * sizeof(int)), *lb = malloc((size_t)n * sizeof(int));
    float *sa = malloc((size_t)n * k * sizeof(float)), *sb = malloc((size_t)n * k * sizeof(float));
    Error err = { 0 };
    assert_int_equal(algo->predict(a, X, la, sa, &err), 0);
    assert_int_equal(algo->predict(b, X, lb, sb, &err), 0);
    assert_memory_equal(la, lb, (size_t)n * sizeof(int));
    assert_memory_equal(sa, sb, (size_t)n * k * sizeof(float));
    free(la);
    free(lb);
    free(sa);
    free(sb);
}

/* ---------------------------------------------------------------- layout */

static void test_file_starts_with_magic_version_and_readable_header(void **state)
{
    (void)state;
    Dataset ds;
    test_random_images(&ds, 40, 3, 2, 3, 0.5f, 1);
    void *m = train(&algo_mlp, &ds, "hidden=4");
    size_t len;
    unsigned char *buf = save_bytes(&algo_mlp, m, &len);
    assert_memory_equal(buf, "MLLABNN\0", 8);
    assert_int_equal(le32(buf + 8), NN_IO_VERSION);
    uint32_t hl = le32(buf + 12);
    char *header = strndup((const char *)buf + 16, hl);
    assert_non_null(strstr(header, "kind=mlp\n"));
    assert_non_null(strstr(header, "layers=6,4,3\n"));
    assert_non_null(strstr(header, "activation=relu\n"));
    free(header);
    assert_int_equal(le32(buf + 16 + hl), 4); /* W1 b1 W2 b2 */
    assert_int_equal(le32(buf + len - 4), nn_crc32(buf, len - 4));
    /* 6·4 + 4 + 4·3 + 3 = 43 floats, plus names, ranks and dims */
    assert_true(len > 43 * 4 && len < 43 * 4 + 200 + hl);
    free(buf);
    algo_mlp.destroy(m);
    dataset_free(&ds);
}

/* ---------------------------------------------------------------- round trips */

static void test_mlp_round_trip_predicts_identically(void **state)
{
    (void)state;
    Dataset ds;
    test_random_images(&ds, 60, 4, 3, 3, 0.5f, 2);
    void *m = train(&algo_mlp, &ds, "hidden=8,5");
    size_t len;
    unsigned char *buf = save_bytes(&algo_mlp, m, &len);
    Error err = { 0 };
    void *back = load_bytes(&algo_mlp, buf, len, &err);
    if (!back)
        fail_msg("load: %s", err.msg);
    int sizes[4];
    assert_int_equal(mlp_layer_sizes(back, sizes, 4), 4);
    assert_int_equal(sizes[1], 8);
    assert_int_equal(sizes[2], 5);
    assert_same_predictions(&algo_mlp, m, back, &ds.X, 3);
    /* a loaded model is trained: stepping it does nothing */
    assert_int_equal(algo_mlp.step(back, &ds, NULL, &err), STEP_DONE);
    /* saving it again gives the same bytes */
    size_t len2;
    unsigned char *buf2 = save_bytes(&algo_mlp, back, &len2);
    assert_int_equal(len2, len);
    assert_memory_equal(buf, buf2, len);
    free(buf);
    free(buf2);
    algo_mlp.destroy(back);
    algo_mlp.destroy(m);
    dataset_free(&ds);
}

static void test_cnn_round_trip_predicts_identically(void **state)
{
    (void)state;
    Dataset ds;
    test_random_images(&ds, 48, 8, 8, 4, 0.5f, 3);
    void *m = train(&algo_cnn, &ds, "arch=c3k3p1-r-m2-c4k3-t-d6-r-d4");
    size_t len;
    unsigned char *buf = save_bytes(&algo_cnn, m, &len);
    Error err = { 0 };
    void *back = load_bytes(&algo_cnn, buf, len, &err);
    if (!back)
        fail_msg("load: %s", err.msg);
    assert_int_equal(cnn_layer_count(back), 8);
    assert_int_equal(cnn_param_count(back), cnn_param_count(m));
    assert_same_predictions(&algo_cnn, m, back, &ds.X, 4);
    StrBuf sb = STRBUF_INIT;
    algo_cnn.model_json(back, &ds, &sb);
    assert_non_null(strstr(sb_str(&sb), "c3k3p1-r-m2-c4k3-t-d6-r-d4"));
    sb_free(&sb);
    free(buf);
    algo_cnn.destroy(back);
    algo_cnn.destroy(m);
    dataset_free(&ds);
}

/* algo->load of a file nn_file_write makes of header and tensors (the
 * checksum right): NULL with err set when refused. */
static void *load_written(const Algo *algo, const char *header, const NnTensor *t, int n,
                          Error *err)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(nn_file_write(f, header, t, n, NULL, err), 0);
    rewind(f);
    Params p;
    assert_int_equal(params_init(&p, algo->params, NULL), 0);
    void *m = algo->load(f, &p, NULL, NULL, err);
    params_free(&p);
    fclose(f);
    return m;
}

static void test_non_finite_weights_are_refused(void **state)
{
    (void)state;
    const char *header = "kind=mlp\nlayers=2,2\nactivation=relu\ninputs=2\nclasses=2\n";
    float w[4] = { 1, 2, 3, 4 }, b[2] = { 0, 0 };
    NnTensor t[2] = { { .name = "W1", .ndim = 2, .dims = { 2, 2 }, .data = w },
                      { .name = "b1", .ndim = 1, .dims = { 2 }, .data = b } };
    Error err = { 0 };
    void *m = load_written(&algo_mlp, header, t, 2, &err);
    if (!m)
        fail_msg("a finite network was refused: %s", err.msg);
    algo_mlp.destroy(m);
    w[2] = INFINITY;
    assert_null(load_written(&algo_mlp, header, t, 2, &err));
    assert_int_equal(err.code, ERR_DATA);
    assert_string_equal(err.msg, "corrupt network file: tensor W1 holds an infinity at value 3");
    w[2] = 3;
    b[1] = NAN;
    assert_null(load_written(&algo_mlp, header, t, 2, &err));
    assert_string_equal(err.msg, "corrupt network file: tensor b1 holds NaN at value 2");
}

static void test_huge_finite_weights_give_an_error_not_nan_probabilities(void **state)
{
    (void)state;
    /* found by fuzz/fuzz_model.c: finite weights of 3e38 overflow the logits */
    const char *header = "kind=mlp\nlayers=2,2\nactivation=relu\ninputs=2\nclasses=2\n";
    float w[4] = { 3e38f, -3e38f, 3e38f, -3e38f }, b[2] = { 0, 0 };
    NnTensor t[2] = { { .name = "W1", .ndim = 2, .dims = { 2, 2 }, .data = w },
                      { .name = "b1", .ndim = 1, .dims = { 2 }, .data = b } };
    Error err = { 0 };
    void *m = load_written(&algo_mlp, header, t, 2, &err);
    assert_non_null(m);
    Mat X;
    assert_int_equal(mat_alloc(&X, 1, 2, NULL), 0);
    X.data[0] = 2;
    X.data[1] = 2;
    int label;
    float scores[2];
    assert_int_equal(algo_mlp.predict(m, &X, &label, scores, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "the network's outputs overflow on row 1"));
    mat_free(&X);
    algo_mlp.destroy(m);
}

static void test_a_header_declaring_more_weights_than_the_file_holds_is_refused(void **state)
{
    (void)state;
    /* 182 bytes with a valid checksum once built a 3.6e9-parameter network */
    const char *header = "kind=mlp\nlayers=4,60000,60000,3\nactivation=relu\n";
    float w[1] = { 0 };
    NnTensor t[1] = { { .name = "W1", .ndim = 1, .dims = { 1 }, .data = w } };
    Error err = { 0 };
    assert_null(load_written(&algo_mlp, header, t, 1, &err));
    assert_int_equal(err.code, ERR_DATA);
    assert_string_equal(err.msg, "corrupt network file: its header describes a mlp of "
                                 "3600540003 parameters, the file holds 1 values");
    const char *cnn = "kind=cnn\narch=c64k3p1-r-d10\nchannels=4096\nheight=512\nwidth=512\n"
                      "classes=10\n";
    assert_null(load_written(&algo_cnn, cnn, t, 1, &err));
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "the file holds 1 values"));
}

/* ---------------------------------------------------------------- the data */

/* check_data of model on ds: its message, or "" when it takes ds. */
static const char *check_message(const Algo *algo, const void *model, const Dataset *ds,
                                 Error *err)
{
    error_clear(err);
    if (algo->check_data(model, ds, err) == 0)
        return "";
    assert_int_equal(err->code, ERR_DATA);
    return err->msg;
}

static void test_a_loaded_mlp_refuses_other_classes_and_features(void **state)
{
    (void)state;
    Dataset two, three, narrow;
    test_random_images(&two, 30, 4, 2, 2, 0.5f, 5);    /* 8 features, 2 classes */
    test_random_images(&three, 30, 4, 2, 3, 0.5f, 6);  /* 8 features, 3 classes */
    test_random_images(&narrow, 30, 3, 2, 2, 0.5f, 7); /* 6 features, 2 classes */
    void *m = train(&algo_mlp, &three, "hidden=3");
    Error err = { 0 };
    assert_string_equal(check_message(&algo_mlp, m, &three, &err), "");
    /* more classes in the network than in the data: the heap overflow of issue 13 */
    assert_string_equal(check_message(&algo_mlp, m, &two, &err),
                        "the saved mlp was trained on 3 classes, the data has 2");
    assert_string_equal(check_message(&algo_mlp, m, &narrow, &err),
                        "the saved mlp takes 8 features, the data has 6");
    algo_mlp.destroy(m);
    m = train(&algo_mlp, &two, "hidden=3");
    assert_string_equal(check_message(&algo_mlp, m, &three, &err),
                        "the saved mlp was trained on 2 classes, the data has 3");
    algo_mlp.destroy(m);
    dataset_free(&two);
    dataset_free(&three);
    dataset_free(&narrow);
}

static void test_a_loaded_cnn_refuses_other_images_and_classes(void **state)
{
    (void)state;
    Dataset ds, wide, flat, five;
    test_random_images(&ds, 24, 8, 8, 4, 0.5f, 3);
    test_random_images(&wide, 24, 16, 4, 4, 0.5f, 4); /* 64 values, other shape */
    test_random_images(&five, 24, 8, 8, 5, 0.5f, 5);
    test_random_images(&flat, 24, 8, 8, 4, 0.5f, 6);
    flat.image_w = flat.image_h = 0; /* the same values, not images */
    void *m = train(&algo_cnn, &ds, "arch=c2k3p1-r-m2-d4");
    Error err = { 0 };
    assert_string_equal(check_message(&algo_cnn, m, &ds, &err), "");
    assert_string_equal(check_message(&algo_cnn, m, &wide, &err),
                        "the saved cnn takes 8x8 images, the data's are 16x4");
    assert_string_equal(check_message(&algo_cnn, m, &flat, &err),
                        "the saved cnn takes 8x8 images, the data holds no images (64 features)");
    assert_string_equal(check_message(&algo_cnn, m, &five, &err),
                        "the saved cnn was trained on 4 classes, the data has 5");
    algo_cnn.destroy(m);
    dataset_free(&ds);
    dataset_free(&wide);
    dataset_free(&flat);
    dataset_free(&five);
}

/* ---------------------------------------------------------------- bad files */

static void test_a_foreign_file_is_not_a_network(void **state)
{
    (void)state;
    const char *text = "label,x1,x2\n0,1.5,2.5\n1,3.5,4.5\n";
    Error err = { 0 };
    assert_null(load_bytes(&algo_mlp, (const unsigned char *)text, strlen(text), &err));
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "not an mllab network file"));
    assert_null(load_bytes(&algo_cnn, (const unsigned char *)"", 0, &err));
    assert_non_null(strstr(err.msg, "not an mllab network file"));
}

static void test_every_truncation_is_a_clear_error(void **state)
{
    (void)state;
    size_t len;
    unsigned char *buf = saved_small_mlp(3, 2, 4, &len);
    for (size_t cut = 0; cut < len; cut++) {
        Error err = { 0 };
        void *back = load_bytes(&algo_mlp, buf, cut, &err);
        if (back)
            fail_msg("a file cut to %zu of %zu bytes loaded", cut, len);
        assert_int_equal(err.code, ERR_DATA);
        assert_true(strstr(err.msg, "truncated") || strstr(err.msg, "corrupt") ||
                    strstr(err.msg, "not an mllab network file"));
    }
    free(buf);
}

static void test_a_flipped_byte_fails_the_checksum(void **state)
{
    (void)state;
    size_t len;
    unsigned char *buf = saved_small_mlp(3, 2, 5, &len);
    /* every byte after the magic and version: a flip never loads quietly */
    for (size_t at = 12; at < len; at++) {
        buf[at] ^= 0x10;
        Error err = { 0 };
        void *back = load_bytes(&algo_mlp, buf, len, &err);
        if (back)
            fail_msg("a flipped byte at %zu of %zu loaded", at, len);
        assert_int_equal(err.code, ERR_DATA);
        buf[at] ^= 0x10;
    }
    /* in the middle of the weights (before the 8-byte scaler section of an
     * unscaled network), the checksum is what catches it */
    buf[len - 20] ^= 0x01;
    Error err = { 0 };
    assert_null(load_bytes(&algo_mlp, buf, len, &err));
    assert_non_null(strstr(err.msg, "checksum"));
    free(buf);
}

static void test_a_newer_version_is_refused_by_number(void **state)
{
    (void)state;
    size_t len;
    unsigned char *buf = saved_small_mlp(3, 2, 6, &len);
    put_le32(buf + 8, 3);
    put_le32(buf + len - 4, nn_crc32(buf, len - 4)); /* a well-formed file of version 3 */
    Error err = { 0 };
    assert_null(load_bytes(&algo_mlp, buf, len, &err));
    assert_non_null(strstr(err.msg, "version 3"));
    free(buf);
}

static void test_a_network_of_the_other_kind_is_refused(void **state)
{
    (void)state;
    size_t len;
    unsigned char *buf = saved_small_mlp(6, 6, 7, &len);
    Error err = { 0 };
    assert_null(load_bytes(&algo_cnn, buf, len, &err));
    assert_non_null(strstr(err.msg, "holds a saved mlp, not a cnn"));
    free(buf);
}

/* The whole bytes of a stream written so far. */
static unsigned char *file_bytes(FILE *f, long *len)
{
    fflush(f);
    *len = ftell(f);
    rewind(f);
    unsigned char *buf = malloc((size_t)*len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)*len, f), (size_t)*len);
    return buf;
}

/* A file written one tensor at a time is the file nn_file_write makes, and
 * its checksum (kept as the bytes went) is the one a reader computes over
 * the whole file. */
static void test_a_streamed_file_is_the_same_bytes_and_reads_back(void **state)
{
    (void)state;
    float w[6] = { 1, -2, 3.5f, 0, 1e-7f, -0.25f }, b[3] = { 9, 8, 7 };
    NnTensor t[2] = { { "W", 2, { 2, 3 }, w }, { "b", 1, { 3 }, b } };
    Error err = { 0 };
    FILE *whole = tmpfile(), *streamed = tmpfile();
    assert_int_equal(nn_file_write(whole, "kind=test\n", t, 2, NULL, &err), 0);
    NnWriter wr;
    assert_int_equal(nn_writer_begin(&wr, streamed, "kind=test\n", 2, &err), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(nn_writer_tensor(&wr, &t[i], &err), 0);
    assert_int_equal(nn_writer_end(&wr, NULL, &err), 0);
    long la, lb;
    unsigned char *a = file_bytes(whole, &la), *bb = file_bytes(streamed, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(a, bb, (size_t)la);
    rewind(streamed);
    NnFile nf;
    assert_int_equal(nn_file_read(streamed, &nf, &err), 0);
    assert_int_equal(nf.n_tensors, 2);
    assert_memory_equal(nf.tensors[0].data, w, sizeof w);
    nn_file_free(&nf);
    free(a);
    free(bb);
    fclose(whole);
    fclose(streamed);
}

/* A write that fails (a full disk) is ERR_IO; a writer told of more
 * tensors than it was given is refused, not ended as a valid file. */
static void test_a_failed_or_short_stream_is_an_error(void **state)
{
    (void)state;
    float w[4] = { 1, 2, 3, 4 };
    NnTensor t = { "W", 1, { 4 }, w };
    Error err = { 0 };
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        assert_int_equal(nn_file_write(full, "kind=test\n", &t, 1, NULL, &err), -1);
        assert_int_equal(err.code, ERR_IO);
        fclose(full);
    }
    FILE *f = tmpfile();
    NnWriter wr;
    assert_int_equal(nn_writer_begin(&wr, f, "kind=test\n", 2, &err), 0);
    assert_int_equal(nn_writer_tensor(&wr, &t, &err), 0);
    assert_int_equal(nn_writer_end(&wr, NULL, &err), -1);
    assert_int_equal(err.code, ERR_INTERNAL);
    assert_int_equal(nn_writer_tensor(&wr, &t, &err), 0);
    assert_int_equal(nn_writer_tensor(&wr, &t, &err), -1);
    fclose(f);
}

static void test_tensors_of_the_wrong_shape_are_refused(void **state)
{
    (void)state;
    float w[8] = { 0 }, b[4] = { 0 }, w2[8] = { 0 }, b2[2] = { 0 };
    NnTensor t[4] = { { "W1", 2, { 2, 4 }, w }, { "b1", 1, { 4 }, b },
                      { "W2", 2, { 4, 2 }, w2 }, { "b2", 1, { 2 }, b2 } };
    const char *header = "kind=mlp\nlayers=2,3,2\nactivation=tanh\n"; /* says 3 hidden units */
    FILE *f = tmpfile();
    Error err = { 0 };
    assert_int_equal(nn_file_write(f, header, t, 4, NULL, &err), 0);
    rewind(f);
    Params p;
    assert_int_equal(params_init(&p, algo_mlp.params, NULL), 0);
    assert_null(algo_mlp.load(f, &p, NULL, NULL, &err));
    assert_non_null(strstr(err.msg, "tensor W1 is 2x4 in the file, expected 2x3"));
    fclose(f);
    /* a missing tensor (another in its place: the file holds enough values) */
    f = tmpfile();
    snprintf(t[3].name, sizeof t[3].name, "c2");
    assert_int_equal(nn_file_write(f, "kind=mlp\nlayers=2,4,2\nactivation=tanh\n", t, 4, NULL, &err), 0);
    rewind(f);
    assert_null(algo_mlp.load(f, &p, NULL, NULL, &err));
    assert_non_null(strstr(err.msg, "no tensor b2"));
    fclose(f);
    /* a malformed header line */
    f = tmpfile();
    assert_int_equal(nn_file_write(f, "kind=mlp\nlayers=2,x\nactivation=tanh\n", t, 4, NULL, &err), 0);
    rewind(f);
    assert_null(algo_mlp.load(f, &p, NULL, NULL, &err));
    assert_non_null(strstr(err.msg, "layers= line is malformed"));
    fclose(f);
    params_free(&p);
}

/* ---------------------------------------------------------------- scaler */

/* nn_file_read of the given bytes. */
static int read_bytes(const unsigned char *buf, size_t len, NnFile *nf, Error *err)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    if (len)
        assert_int_equal(fwrite(buf, 1, len, f), len);
    rewind(f);
    int rc = nn_file_read(f, nf, err);
    fclose(f);
    return rc;
}

/* The bytes of a small mlp on 6 features saved with a standard scaler fitted
 * on its (shifted, stretched) training data; *scaler receives the scaler. */
static unsigned char *saved_scaled_mlp(Scaler *scaler, size_t *len)
{
    Dataset ds;
    test_random_images(&ds, 30, 3, 2, 2, 0.5f, 12);
    for (size_t i = 0; i < (size_t)ds.X.rows * (size_t)ds.X.cols; i++)
        ds.X.data[i] = ds.X.data[i] * 37.3f + 1e4f / 3.0f;
    Error err = { 0 };
    assert_int_equal(scaler_fit(scaler, SCALE_STANDARD, &ds.X, &err), 0);
    scaler_transform(scaler, &ds.X);
    void *m = train(&algo_mlp, &ds, "hidden=3");
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(algo_mlp.save(m, scaler, f, &err), 0);
    *len = (size_t)ftell(f);
    unsigned char *buf = malloc(*len);
    rewind(f);
    assert_int_equal(fread(buf, 1, *len, f), *len);
    fclose(f);
    algo_mlp.destroy(m);
    dataset_free(&ds);
    return buf;
}

static void test_the_scaler_round_trips_bit_for_bit(void **state)
{
    (void)state;
    Scaler sc = { 0 };
    size_t len;
    unsigned char *buf = saved_scaled_mlp(&sc, &len);
    NnFile nf;
    Error err = { 0 };
    assert_int_equal(read_bytes(buf, len, &nf, &err), 0);
    assert_true(nf.has_scaler);
    assert_int_equal(nf.scaler.kind, SCALE_STANDARD);
    assert_int_equal(nf.scaler.d, 6);
    assert_memory_equal(nf.scaler.shift, sc.shift, 6 * sizeof(double));
    assert_memory_equal(nf.scaler.scale, sc.scale, 6 * sizeof(double));
    nn_file_free(&nf);
    /* the scaler section: kind, d, 6 shifts, 6 scales, then the checksum */
    size_t at = len - 4 - 8 - 2 * 6 * 8;
    assert_int_equal(le32(buf + at), SCALE_STANDARD);
    assert_int_equal(le32(buf + at + 4), 6);
    /* the network still loads, and an unscaled one records kind none */
    void *m = load_bytes(&algo_mlp, buf, len, &err);
    assert_non_null(m);
    algo_mlp.destroy(m);
    free(buf);
    buf = saved_small_mlp(3, 2, 13, &len);
    assert_int_equal(read_bytes(buf, len, &nf, &err), 0);
    assert_true(nf.has_scaler);
    assert_int_equal(nf.scaler.kind, SCALE_NONE);
    assert_null(nf.scaler.shift);
    nn_file_free(&nf);
    free(buf);
    scaler_free(&sc);
}

static void test_a_damaged_scaler_is_refused(void **state)
{
    (void)state;
    Scaler sc = { 0 };
    size_t len;
    unsigned char *buf = saved_scaled_mlp(&sc, &len);
    size_t at = len - 4 - 8 - 2 * 6 * 8;
    NnFile nf;
    Error err = { 0 };
    /* a flipped bit in a scale: the checksum */
    buf[at + 8 + 6 * 8 + 3] ^= 0x04;
    assert_int_equal(read_bytes(buf, len, &nf, &err), -1);
    assert_non_null(strstr(err.msg, "checksum"));
    buf[at + 8 + 6 * 8 + 3] ^= 0x04;
    /* well-formed checksums over bad contents: the section's own checks */
    struct { size_t at; uint32_t value; const char *msg; } bad[] = {
        { at, 3, "unknown scaler kind 3" },
        { at + 4, 7, "feature count 7" },
        { at + 4, 5, "stray bytes after the scaler" },
        { at + 4, 0xffffffffu, "feature count" },
        { at + 8 + 6 * 8 + 4, 0x7ff80000u, "not finite" }, /* a NaN scale */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unsigned char *copy = malloc(len);
        memcpy(copy, buf, len);
        put_le32(copy + bad[i].at, bad[i].value);
        put_le32(copy + len - 4, nn_crc32(copy, len - 4));
        err = (Error){ 0 };
        assert_int_equal(read_bytes(copy, len, &nf, &err), -1);
        assert_int_equal(err.code, ERR_DATA);
        if (!strstr(err.msg, bad[i].msg))
            fail_msg("case %zu: \"%s\" does not say \"%s\"", i, err.msg, bad[i].msg);
        free(copy);
    }
    free(buf);
    scaler_free(&sc);
}

static void test_a_version_1_file_still_loads_without_a_scaler(void **state)
{
    (void)state;
    Dataset ds;
    test_random_images(&ds, 30, 3, 2, 2, 0.5f, 14);
    void *m = train(&algo_mlp, &ds, "hidden=3");
    size_t len;
    unsigned char *buf = save_bytes(&algo_mlp, m, &len);
    /* the version 1 layout: no scaler section (8 bytes for an unscaled
     * network) before the checksum */
    len -= 8;
    put_le32(buf + 8, 1);
    put_le32(buf + len - 4, nn_crc32(buf, len - 4));
    NnFile nf;
    Error err = { 0 };
    assert_int_equal(read_bytes(buf, len, &nf, &err), 0);
    assert_false(nf.has_scaler);
    assert_int_equal(nf.scaler.kind, SCALE_NONE);
    nn_file_free(&nf);
    void *back = load_bytes(&algo_mlp, buf, len, &err);
    assert_non_null(back);
    assert_same_predictions(&algo_mlp, m, back, &ds.X, 2);
    algo_mlp.destroy(back);
    /* and a version 1 file with the scaler section left in is refused */
    len += 8;
    put_le32(buf + len - 4, nn_crc32(buf, len - 4));
    assert_null(load_bytes(&algo_mlp, buf, len, &err));
    assert_non_null(strstr(err.msg, "stray bytes after the tensors"));
    free(buf);
    algo_mlp.destroy(m);
    dataset_free(&ds);
}

static void test_header_values_are_read_by_key(void **state)
{
    (void)state;
    NnFile nf = { .header = (char *)"kind=cnn\nchannels=1\nwidth=28x\n" };
    char buf[16];
    int v;
    Error err = { 0 };
    assert_int_equal(nn_file_header_get(&nf, "kind", buf, sizeof buf), 0);
    assert_string_equal(buf, "cnn");
    assert_int_equal(nn_file_header_get(&nf, "kin", buf, sizeof buf), -1);
    assert_int_equal(nn_file_header_int(&nf, "channels", 1, 8, &v, &err), 0);
    assert_int_equal(v, 1);
    assert_int_equal(nn_file_header_int(&nf, "width", 1, 100, &v, &err), -1);
    assert_non_null(strstr(err.msg, "width=28x"));
    assert_int_equal(nn_file_header_int(&nf, "height", 1, 100, &v, &err), -1);
    assert_non_null(strstr(err.msg, "no height= line"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_starts_with_magic_version_and_readable_header),
        cmocka_unit_test(test_mlp_round_trip_predicts_identically),
        cmocka_unit_test(test_cnn_round_trip_predicts_identically),
        cmocka_unit_test(test_a_foreign_file_is_not_a_network),
        cmocka_unit_test(test_every_truncation_is_a_clear_error),
        cmocka_unit_test(test_a_flipped_byte_fails_the_checksum),
        cmocka_unit_test(test_a_newer_version_is_refused_by_number),
        cmocka_unit_test(test_a_network_of_the_other_kind_is_refused),
        cmocka_unit_test(test_tensors_of_the_wrong_shape_are_refused),
        cmocka_unit_test(test_the_scaler_round_trips_bit_for_bit),
        cmocka_unit_test(test_a_damaged_scaler_is_refused),
        cmocka_unit_test(test_a_version_1_file_still_loads_without_a_scaler),
        cmocka_unit_test(test_header_values_are_read_by_key),
        cmocka_unit_test(test_a_loaded_mlp_refuses_other_classes_and_features),
        cmocka_unit_test(test_non_finite_weights_are_refused),
        cmocka_unit_test(test_huge_finite_weights_give_an_error_not_nan_probabilities),
        cmocka_unit_test(test_a_header_declaring_more_weights_than_the_file_holds_is_refused),
        cmocka_unit_test(test_a_loaded_cnn_refuses_other_images_and_classes),
        cmocka_unit_test(test_a_streamed_file_is_the_same_bytes_and_reads_back),
        cmocka_unit_test(test_a_failed_or_short_stream_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
