/* fuzz_model.c - libFuzzer harness for the saved-model reader: the
 * preparation section (src/pipeline_io.c) and the network after it.
 *
 * The input is a model file (fuzz/corpus/model/ holds saved mlp and cnn
 * files, some with a preparation section: prep_*.nn).  Its checksums are
 * recomputed so the fuzzer gets past them: the preparation section's CRC
 * (after its body) when the input starts with one, and the network's last
 * 4 bytes, the CRC-32 of the network's own bytes.  The preparation is read
 * with pipeline_read and, when it loads, applied to a few rows of made-up
 * data of its input width (categories by name, one unseen), as --load does;
 * the rest is handed to algo_mlp.load and algo_cnn.load.  Every call must
 * give a result or a message, never a crash, a leak or an allocation above
 * the memory budget (MLLAB_MEMORY_LIMIT, set to 256M by fuzz_load.c); a prepared
 * part must have d_out finite columns.  A loaded mlp also predicts two rows:
 * finite probabilities or an error (huge finite weights overflow the
 * logits: the first find of this harness).  Build and run with fuzz/run.sh;
 * tests/test_fuzz_model.c replays the corpus and byte-wise mutations of it
 * on every make check. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "cnn.h"
#include "fuzz_load.h"
#include "mlp.h"
#include "pipeline.h"

/* An mlp that loaded predicts two rows of its width: finite probabilities. */
static void predict_two(const Algo *algo, void *m)
{
    (void)algo;
    int sizes[16];
    mlp_layer_sizes(m, sizes, 16);
    Mat X;
    if (mat_alloc(&X, 2, sizes[0], NULL) < 0)
        return;
    for (size_t i = 0; i < (size_t)2 * sizes[0]; i++)
        X.data[i] = (float)(i % 7) - 3.0f;
    int labels[2];
    int K = sizes[mlp_layer_count(m)];
    float *scores = malloc((size_t)2 * K * sizeof *scores);
    Error err = { 0 };
    if (scores && algo_mlp.predict(m, &X, labels, scores, &err) == 0) {
        for (int i = 0; i < 2 * K; i++)
            if (!isfinite(scores[i]))
                abort(); /* non-finite results are errors, never output */
    } else if (scores && err.msg[0] == '\0') {
        abort(); /* a refusal must say why */
    }
    free(scores);
    mat_free(&X);
}

/* ---- the preparation section ------------------------------------------- */

#define PREP_HEAD 16 /* magic, version, body length */

static uint32_t get_le32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Where the network starts: after the preparation section (its CRC set
 * right) when the input starts with one that fits, else 0. */
static size_t fix_prep_section(uint8_t *buf, size_t size)
{
    static const uint8_t magic[8] = { 'M', 'L', 'L', 'A', 'B', 'P', 'P', 0 };
    if (size < PREP_HEAD + 4 || memcmp(buf, magic, 8) != 0)
        return 0;
    uint32_t n = get_le32(buf + 12);
    if (n > size - PREP_HEAD - 4)
        return 0;
    fuzz_put_le32(buf + PREP_HEAD + n, (uint32_t)crc32(0L, buf, (uInt)(PREP_HEAD + n)));
    return PREP_HEAD + (size_t)n + 4;
}

/* Feature j of ds categorical: the pipeline's first category of input j
 * (by name) and one it never saw. */
static int fake_categories(const Pipeline *p, Dataset *ds, int j)
{
    ds->n_categories[j] = 2;
    if (!(ds->categories[j] = calloc(2, sizeof(char *))))
        return -1;
    ds->categories[j][0] = strdup(p->cat_names[j][0] ? p->cat_names[j][0] : "");
    ds->categories[j][1] = strdup("\x01never seen");
    return ds->categories[j][0] && ds->categories[j][1] ? 0 : -1;
}

/* Made-up data for a loaded pipeline: 3 rows of its d_in features (at most
 * 64), categorical where it saved categories, a missing cell where it
 * imputes. */
static int fake_data(const Pipeline *p, Dataset *ds)
{
    int d = p->d_in, n = 3;
    memset(ds, 0, sizeof *ds);
    if (d > 64 || mat_alloc(&ds->X, n, d, NULL) < 0)
        return -1;
    ds->n_categories = calloc((size_t)d, sizeof *ds->n_categories);
    ds->categories = calloc((size_t)d, sizeof *ds->categories);
    if (!ds->n_categories || !ds->categories)
        return -1;
    for (int j = 0; j < d; j++) {
        bool cat = p->n_cat && p->n_cat[j] > 0;
        for (int i = 0; i < n; i++)
            MAT_AT(&ds->X, i, j) = cat ? (float)(i % 2) : (float)(i * 2 - 1) * 0.5f * (j + 1);
        if (p->fill)
            MAT_AT(&ds->X, 2, j) = NAN;
        if (cat && fake_categories(p, ds, j) < 0)
            return -1;
    }
    return 0;
}

/* What the preparation sections did (tests/test_fuzz_model.c checks them). */
static unsigned long fuzz_prep_applied, fuzz_prep_refused;

/* A loaded pipeline prepares made-up data: d_out finite columns or an error. */
static void apply_prep(Pipeline *p)
{
    Dataset in, out;
    if (fake_data(p, &in) == 0) {
        Error err = { 0 };
        if (pipeline_check_data(p, &in, &err) < 0) {
            if (err.msg[0] == '\0')
                abort();
        } else if (pipeline_apply(p, &in, &out, &err) == 0) {
            fuzz_prep_applied++;
            if (out.X.cols != p->d_out || out.X.rows != in.X.rows)
                abort(); /* the model would read past its inputs */
            for (size_t i = 0; i < mat_size(&out.X); i++)
                if (!isfinite(out.X.data[i]))
                    abort();
            dataset_free(&out);
        } else if (err.msg[0] == '\0') {
            abort(); /* a refusal must say why */
        }
    }
    dataset_free(&in);
}

/* The preparation section at the start of buf, when there is one. */
static void read_prep(const uint8_t *buf, size_t size)
{
    FILE *f = fmemopen((void *)buf, size, "rb");
    if (!f)
        return;
    Pipeline p;
    bool present = false;
    Error err = { 0 };
    int rc = pipeline_read(&p, f, &present, &err);
    fclose(f);
    if (rc < 0 && err.msg[0] == '\0')
        abort(); /* a refusal must say why */
    fuzz_prep_refused += rc < 0;
    if (rc == 0 && present) {
        apply_prep(&p);
        char text[256];
        pipeline_describe(&p, text, sizeof text);
        pipeline_free(&p);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = fuzz_copy_input(data, size);
    if (!buf)
        return 0;
    size_t net = fix_prep_section(buf, size);
    if (net)
        read_prep(buf, net);
    if (size - net >= 8) {
        fuzz_fix_crc(buf + net, size - net);
        fuzz_load_with(&algo_mlp, buf + net, size - net, predict_two);
        fuzz_load_with(&algo_cnn, buf + net, size - net, NULL);
    }
    free(buf);
    return 0;
}
