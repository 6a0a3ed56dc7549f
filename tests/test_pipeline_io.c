/* test_pipeline_io.c - a fitted preparation saved with a model and read
 * back (src/pipeline_io.c): the round trip prepares new data exactly as
 * the original did, categories are matched by name (a file read on its own
 * sorts its own), files without the section are left untouched, a damaged
 * section, a section that passes its CRC but disagrees with itself, and data
 * of another shape are refused; a --deskew pipeline is saved as version 2
 * with its image shape (the others stay version 1). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "pipeline.h"
#include "test_util.h"

/* Features f0 (numeric) and f1 (categories named by names[0..k)). */
static void make_set(Dataset *ds, const float *X, int rows, int k, const char *const *names)
{
    test_dataset_from_arrays(ds, X, NULL, rows, 2, 0);
    ds->n_categories = calloc(2, sizeof *ds->n_categories);
    ds->categories = calloc(2, sizeof *ds->categories);
    ds->n_categories[1] = k;
    ds->categories[1] = calloc((size_t)k, sizeof(char *));
    for (int c = 0; c < k; c++)
        ds->categories[1][c] = strdup(names[c]);
}

static void fit_ok(Pipeline *p, const PrepSpec *spec, const Dataset *train, Dataset *out)
{
    Error err = { 0 };
    if (pipeline_fit(p, spec, SCALE_STANDARD, train, out, &err) < 0)
        fail_msg("pipeline_fit: %s", err.msg);
}

/* Write p to a temporary file, then read it back. */
static FILE *saved(const Pipeline *p, const char *tail)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    Error err = { 0 };
    assert_int_equal(pipeline_write(p, f, &err), 0);
    fputs(tail, f);
    rewind(f);
    return f;
}

/* impute -> one-hot -> standard -> poly 2 -> rescale, saved and read back:
 * the same numbers on a new part, whose categories come in another order
 * (its "b" is index 0, the training part's 1) and include one the training
 * part lacked ("z": all zeros, counted); what follows the section is left to
 * read. */
static void test_a_saved_pipeline_prepares_new_data_as_the_fitted_one(void **st)
{
    (void)st;
    const char *tr_names[] = { "a", "b" }, *new_names[] = { "b", "z", "a" };
    float X[8] = { 1, 0, 2, 1, NAN, 1, 4, 0 };
    float T[6] = { 5, 2, 6, 0, 7, 1 }; /* a, b, z in the new file's indices */
    float Tsame[6] = { 5, 0, 6, 1, 7, -1 }; /* the same rows in the training indices */
    Dataset train, out, test, same, tout, sout;
    make_set(&train, X, 4, 2, tr_names);
    make_set(&test, T, 3, 3, new_names);
    make_set(&same, Tsame, 3, 2, tr_names);
    PrepSpec spec = { .impute = IMPUTE_MEDIAN, .poly = 2, .rescale = true };
    Pipeline p, q;
    fit_ok(&p, &spec, &train, &out);
    Error err = { 0 };
    assert_int_equal(pipeline_apply(&p, &same, &sout, &err), 0);
    FILE *f = saved(&p, "NEXT");
    bool present = false;
    assert_int_equal(pipeline_read(&q, f, &present, &err), 0);
    assert_true(present && q.loaded);
    char rest[8] = { 0 };
    assert_non_null(fgets(rest, sizeof rest, f));
    assert_string_equal(rest, "NEXT");
    fclose(f);
    assert_int_equal(pipeline_check_data(&q, &test, &err), 0);
    assert_int_equal(pipeline_apply(&q, &test, &tout, &err), 0);
    assert_int_equal(tout.X.cols, out.X.cols);
    for (size_t i = 0; i < mat_size(&tout.X); i++)
        assert_true(tout.X.data[i] == sout.X.data[i]);
    assert_int_equal(q.unseen, 1);
    char a[256], b[256];
    pipeline_describe(&p, a, sizeof a);
    pipeline_describe(&q, b, sizeof b);
    assert_string_equal(a, b);
    assert_string_equal(q.names[0], p.names[0]);
    Dataset *sets[] = { &train, &out, &test, &same, &tout, &sout };
    for (int i = 0; i < 6; i++)
        dataset_free(sets[i]);
    pipeline_free(&p);
    pipeline_free(&q);
}

/* A file that does not start with the section (a network file of before)
 * is left where it was; a changed byte fails the CRC; other data is refused
 * naming both sides. */
static void test_files_without_the_section_damage_and_other_data(void **st)
{
    (void)st;
    const char *names[] = { "a", "b" };
    float X[8] = { 1, 0, 2, 1, 3, 1, 4, 0 };
    Dataset train, out;
    make_set(&train, X, 4, 2, names);
    PrepSpec spec = { .pca = 1 };
    Pipeline p, q;
    fit_ok(&p, &spec, &train, &out);
    FILE *f = tmpfile();
    fputs("MLLABNN and the rest", f);
    rewind(f);
    bool present = true;
    Error err = { 0 };
    assert_int_equal(pipeline_read(&q, f, &present, &err), 0);
    assert_false(present);
    assert_int_equal(ftell(f), 0);
    fclose(f);
    f = saved(&p, "");
    fseek(f, 30, SEEK_SET);
    int byte = fgetc(f);
    fseek(f, 30, SEEK_SET);
    fputc(byte ^ 0x40, f);
    rewind(f);
    assert_int_equal(pipeline_read(&q, f, &present, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    fclose(f);
    f = saved(&p, "");
    assert_int_equal(pipeline_read(&q, f, &present, &err), 0);
    fclose(f);
    free(train.feature_names[0]);
    train.feature_names[0] = strdup("other");
    assert_int_equal(pipeline_check_data(&q, &train, &err), -1);
    assert_non_null(strstr(err.msg, "'f0'"));
    assert_non_null(strstr(err.msg, "'other'"));
    train.n_categories[1] = 0; /* the category column read as numbers */
    free(train.feature_names[0]);
    train.feature_names[0] = strdup("f0");
    assert_int_equal(pipeline_check_data(&q, &train, &err), -1);
    assert_non_null(strstr(err.msg, "categorical in the saved preparation but numeric"));
    train.n_categories[1] = 2;
    dataset_free(&train);
    dataset_free(&out);
    pipeline_free(&p);
    pipeline_free(&q);
}

/* The section's bytes with the u32 at body offset `at` set to v and the
 * CRC computed again, read back: pipeline_read's result (err set). */
static int reread_with(const unsigned char *bytes, size_t len, size_t at, uint32_t v,
                       Error *err)
{
    unsigned char *b = malloc(len);
    assert_non_null(b);
    memcpy(b, bytes, len);
    for (int k = 0; k < 4; k++)
        b[16 + at + (size_t)k] = (unsigned char)(v >> (8 * k));
    uint32_t crc = (uint32_t)crc32(0L, b, (uInt)(len - 4));
    for (int k = 0; k < 4; k++)
        b[len - 4 + (size_t)k] = (unsigned char)(crc >> (8 * k));
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, len, f), len);
    rewind(f);
    Pipeline q;
    bool present = false;
    int rc = pipeline_read(&q, f, &present, err);
    if (rc == 0)
        pipeline_free(&q);
    fclose(f);
    free(b);
    return rc;
}

/* A section with a valid CRC whose widths do not follow from its steps
 * would have the steps write past their columns (or name columns that are
 * not there): refused.
 * The body starts impute, poly, pca (u32 at 0, 4, 8), the variance fraction
 * (f64 at 12), flags, scale, d_in, d_onehot, d_poly, d_out (u32 at 20 ..
 * 40); then the input names, the one-hot categories: for input 1 of
 * make_set, k = 2 and each category's output column and name. */
static void test_a_section_that_disagrees_with_itself_is_refused(void **st)
{
    (void)st;
    const char *names[] = { "a", "b" };
    float X[8] = { 1, 0, 2, 1, 3, 1, 4, 0 };
    Dataset train, out;
    make_set(&train, X, 4, 2, names);
    PrepSpec spec = { .poly = 2 };
    Pipeline p;
    fit_ok(&p, &spec, &train, &out);
    assert_int_equal(p.d_onehot, 3); /* f0, f1=a, f1=b */
    assert_int_equal(p.d_out, 9);    /* C(3 + 2, 2) - 1 */
    FILE *f = saved(&p, "");
    unsigned char bytes[4096];
    size_t len = fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    assert_true(len > 60 && len < sizeof bytes);
    Error err = { 0 };
    assert_int_equal(reread_with(bytes, len, 4, 2, &err), 0); /* unchanged: reads */
    /* poly 3 on 3 columns makes 19, not the 9 recorded */
    assert_int_equal(reread_with(bytes, len, 4, 3, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "disagree with its steps"));
    /* d_poly 8 instead of 9 */
    assert_int_equal(reread_with(bytes, len, 36, 8, &err), -1);
    /* a PCA of 1 component asked for, none recorded */
    assert_int_equal(reread_with(bytes, len, 8, 1, &err), -1);
    /* the rescale flag (2) without its scaler */
    assert_int_equal(reread_with(bytes, len, 20, 8 | 2, &err), -1);
    /* input 1's first category in column 2, not 1 (the layout fitting makes) */
    size_t names_at = 44 + (4 + 2) * 2; /* the two input names "f0", "f1" */
    size_t slot0 = names_at + 4 + 4;     /* input 0's k = 0, input 1's k = 2 */
    assert_int_equal(reread_with(bytes, len, slot0, 1, &err), 0); /* where it is */
    assert_int_equal(reread_with(bytes, len, slot0, 2, &err), -1);
    dataset_free(&train);
    dataset_free(&out);
    pipeline_free(&p);
}

/* The u32 at byte `at` of a buffer (little-endian). */
static uint32_t u32_at(const unsigned char *b, size_t at)
{
    return (uint32_t)b[at] | (uint32_t)b[at + 1] << 8 | (uint32_t)b[at + 2] << 16 |
           (uint32_t)b[at + 3] << 24;
}

/* deskew -> pca 2 on 3 x 3 images, saved and read back: version 2, the
 * shape kept, the same numbers on a new part.  A pipeline without --deskew
 * still writes version 1, and a version 1 section claiming flag 32 is
 * refused. */
static void test_a_deskew_pipeline_saves_its_image_shape_as_version_2(void **st)
{
    (void)st;
    const float X[27] = { 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0,
                          0, 0, 1, 0, 1, 0, 0.5f, 0, 0 };
    const float T[9] = { 0, 1, 1, 0, 1, 0, 1, 0, 0 };
    Dataset train, out, test, a, b;
    test_dataset_from_arrays(&train, X, NULL, 3, 9, 0);
    test_dataset_from_arrays(&test, T, NULL, 1, 9, 0);
    train.image_w = train.image_h = 3;
    PrepSpec spec = { .deskew = true, .pca = 2 };
    Pipeline p, q;
    fit_ok(&p, &spec, &train, &out);
    FILE *f = saved(&p, "");
    unsigned char bytes[8192];
    size_t len = fread(bytes, 1, sizeof bytes, f);
    assert_int_equal(u32_at(bytes, 8), 2);
    assert_int_equal(u32_at(bytes, 16 + 20) & 32, 32); /* the flags */
    assert_int_equal(u32_at(bytes, 16 + 44), 3);        /* w, h after the head */
    assert_int_equal(u32_at(bytes, 16 + 48), 3);
    rewind(f);
    bool present = false;
    Error err = { 0 };
    assert_int_equal(pipeline_read(&q, f, &present, &err), 0);
    fclose(f);
    assert_true(present && q.spec.deskew);
    assert_int_equal(q.image_w, 3);
    assert_int_equal(q.image_h, 3);
    assert_int_equal(pipeline_apply(&p, &test, &a, &err), 0);
    assert_int_equal(pipeline_apply(&q, &test, &b, &err), 0);
    assert_memory_equal(a.X.data, b.X.data, 2 * sizeof(float));
    /* w * h must be the inputs */
    assert_int_equal(reread_with(bytes, len, 44, 4, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    pipeline_free(&p);
    pipeline_free(&q);
    dataset_free(&out);
    dataset_free(&a);
    dataset_free(&b);
    spec.deskew = false;
    fit_ok(&p, &spec, &train, &out);
    f = saved(&p, "");
    len = fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    assert_int_equal(u32_at(bytes, 8), 1);
    uint32_t flags = u32_at(bytes, 16 + 20);
    assert_int_equal(reread_with(bytes, len, 20, flags, &err), 0);
    assert_int_equal(reread_with(bytes, len, 20, flags | 32, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    pipeline_free(&p);
    dataset_free(&out);
    dataset_free(&train);
    dataset_free(&test);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_saved_pipeline_prepares_new_data_as_the_fitted_one),
        cmocka_unit_test(test_files_without_the_section_damage_and_other_data),
        cmocka_unit_test(test_a_section_that_disagrees_with_itself_is_refused),
        cmocka_unit_test(test_a_deskew_pipeline_saves_its_image_shape_as_version_2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
