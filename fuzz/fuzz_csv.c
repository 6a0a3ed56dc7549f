/* fuzz_csv.c - libFuzzer harness for the CSV reader (dataset_parse_csv).
 *
 * Each input is parsed twice: with the last column as the target, and
 * looking for a column named "b" that may be absent (a prediction-only
 * file).  A parse must either fail with a message that names the input (and
 * holds no control characters) or give a Dataset whose invariants hold;
 * anything else aborts, so the fuzzer keeps the input.  Build and run with fuzz/run.sh. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"

static void check(const Dataset *ds)
{
    int n = ds->X.rows, d = ds->X.cols;
    if (n < 1 || d < 1 || !ds->X.data || !ds->feature_names || !ds->name)
        abort();
    for (int j = 0; j < d; j++)
        if (!ds->feature_names[j])
            abort();
    for (size_t i = 0; i < mat_size(&ds->X); i++)
        if (!(ds->X.data[i] == ds->X.data[i])) /* NaN never gets in */
            abort();
    if (!ds->has_target) {
        if (ds->y || ds->target || ds->n_classes)
            abort();
        return;
    }
    if (!ds->target_name || (!ds->y && !ds->target))
        abort();
    if (ds->y) {
        if (ds->n_classes < 1 || !ds->class_names)
            abort();
        for (int i = 0; i < n; i++)
            if (ds->y[i] < 0 || ds->y[i] >= ds->n_classes)
                abort();
        for (int k = 0; k < ds->n_classes; k++)
            if (!ds->class_names[k])
                abort();
    } else if (ds->n_classes != 0) {
        abort();
    }
}

static void run(const char *text, size_t size, const char *target, bool require)
{
    Dataset ds;
    Error err;
    error_clear(&err);
    if (dataset_parse_csv(&ds, text, size, "fuzz.csv", target, require, &err) == 0) {
        check(&ds);
        dataset_free(&ds);
    } else if (err.code == ERR_NONE || strncmp(err.msg, "fuzz.csv", 8) != 0) {
        abort();
    } else {
        /* Messages reach a terminal: no control characters from the data. */
        for (const char *p = err.msg; *p; p++)
            if ((unsigned char)*p < 0x20 || (unsigned char)*p == 0x7f)
                abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run((const char *)data, size, NULL, true);
    run((const char *)data, size, "b", false);
    return 0;
}
