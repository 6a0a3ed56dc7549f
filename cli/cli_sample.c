/* cli_sample.c - `mllab sample METHOD`: the sampling questions of
 * interviews, drawn once (the sample is printed) or many times with
 * --trials (the histogram against the expected counts, with Pearson's
 * chi-square test).  The samplers are algorithms/sampling.c's; this file
 * parses, draws and prints. */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli_interview.h"
#include "dataset.h"
#include "sampling.h"

#define MAX_TABLE_BINS 60

static void usage(FILE *f)
{
    fputs("usage: mllab sample METHOD [OPTIONS]\n"
          "\n"
          "Draw a sample, or (with --trials) draw many and test the histogram against the\n"
          "expected distribution with Pearson's chi-square.\n"
          "\n"
          "methods:\n"
          "  uniform      --k of --n items without replacement (partial Fisher-Yates)\n"
          "  stratified   --k rows, each class getting its share (largest remainders),\n"
          "               classes from --labels A,B,... or the target of --dataset NAME\n"
          "  reservoir    --k items of a stream of --n (Algorithm R)\n"
          "  multinomial  one of the --weights W,W,... categories, by the inverse CDF\n"
          "  alias        the same by the alias method (Vose)\n"
          "  rand10       1..10 from rand7 by rejection (counts the rand7 calls)\n"
          "  randint      a uniform integer in [--lo, --hi] from random bits\n"
          "\n"
          "options:\n"
          "  --n N            items or stream length (uniform, reservoir; 10)\n"
          "  --k K            sample size (uniform, stratified, reservoir; 3)\n"
          "  --labels L,...   stratified: one class label per item\n"
          "  --dataset NAME   stratified: the rows of a dataset (its class column)\n"
          "  --weights W,...  multinomial, alias: category weights (>= 0, not all 0)\n"
          "  --lo A --hi B    randint: the range (1 and 6)\n"
          "  --count C        draws to print for multinomial, alias, rand10, randint (10)\n"
          "  --trials N       draw N times and show the histogram and the test\n"
          "  --batches B      draw the trials in B steps (1); with --trace, one event\n"
          "                   per step shows the test converging\n"
          "  --trace FILE     write the steps of --trials as JSON lines\n"
          "  --biased         reservoir: replace with probability k/(i+1) (off by one);\n"
          "                   rand10: by modulo; deliberately wrong, the test catches it\n"
          "  --seed S         random seed (42)\n"
          "  --format F       text (default) or json\n"
          "  -h, --help       this help\n",
          f);
}

typedef struct SampleArgs {
    SampleSpec spec;
    const char *labels_text, *weights_text, *dataset, *trace;
    long long count, trials, batches;
    uint64_t seed;
    OutputFormat format;
    /* filled from the options */
    double *weights;
    int *labels;
    char **class_names;
    int n_class_names;
    Dataset ds;
    bool have_ds;
} SampleArgs;

static void args_free(SampleArgs *a)
{
    free(a->weights);
    free(a->labels);
    for (int i = 0; i < a->n_class_names; i++)
        free(a->class_names[i]);
    free(a->class_names);
    if (a->have_ds)
        dataset_free(&a->ds);
}

/* ---- options -------------------------------------------------------------- */

enum { OPT_N = 256, OPT_K, OPT_LABELS, OPT_DATASET, OPT_WEIGHTS, OPT_LO, OPT_HI, OPT_COUNT,
       OPT_TRIALS, OPT_BIASED, OPT_SEED, OPT_FORMAT, OPT_BATCHES, OPT_TRACE };

static const struct option sample_options[] = {
    { "n", required_argument, NULL, OPT_N },
    { "k", required_argument, NULL, OPT_K },
    { "labels", required_argument, NULL, OPT_LABELS },
    { "dataset", required_argument, NULL, OPT_DATASET },
    { "weights", required_argument, NULL, OPT_WEIGHTS },
    { "lo", required_argument, NULL, OPT_LO },
    { "hi", required_argument, NULL, OPT_HI },
    { "count", required_argument, NULL, OPT_COUNT },
    { "trials", required_argument, NULL, OPT_TRIALS },
    { "batches", required_argument, NULL, OPT_BATCHES },
    { "trace", required_argument, NULL, OPT_TRACE },
    { "biased", no_argument, NULL, OPT_BIASED },
    { "seed", required_argument, NULL, OPT_SEED },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

/* An integer option into *out; 2 (after the message) when bad. */
static int int_option(const char *name, const char *text, long long min, long long max,
                      long long *out)
{
    if (cli_value_long(text, min, max, out) < 0)
        return cli_usage_error("sample: --%s '%s' must be an integer in [%lld, %lld]", name,
                               text, min, max);
    return 0;
}

static int small_int_option(const char *name, const char *text, int *out)
{
    long long v;
    if (int_option(name, text, -1000000000, 1000000000, &v))
        return 2;
    *out = (int)v;
    return 0;
}

static int bound_option(const char *name, const char *text, int64_t *out)
{
    long long v;
    if (int_option(name, text, INT64_MIN, INT64_MAX, &v))
        return 2;
    *out = (int64_t)v;
    return 0;
}

static int value_option(SampleArgs *a, int c, const char *v)
{
    switch (c) {
    case OPT_N: return small_int_option("n", v, &a->spec.n);
    case OPT_K: return small_int_option("k", v, &a->spec.k);
    case OPT_LO: return bound_option("lo", v, &a->spec.lo);
    case OPT_HI: return bound_option("hi", v, &a->spec.hi);
    case OPT_COUNT: return int_option("count", v, 1, 1000000, &a->count);
    case OPT_TRIALS: return int_option("trials", v, 1, 1000000000, &a->trials);
    case OPT_BATCHES: return int_option("batches", v, 1, 10000, &a->batches);
    case OPT_TRACE: a->trace = v; return 0;
    case OPT_LABELS: a->labels_text = v; return 0;
    case OPT_DATASET: a->dataset = v; return 0;
    case OPT_WEIGHTS: a->weights_text = v; return 0;
    case OPT_SEED:
        return cli_value_seed(v, &a->seed) < 0
                   ? cli_usage_error("sample: --seed '%s' must be a non-negative integer", v)
                   : 0;
    default:
        return cli_value_format(v, &a->format) < 0
                   ? cli_usage_error("sample: --format '%s': use text or json", v)
                   : 0;
    }
}

/* Returns -1 to go on, else the exit status (0 after --help). */
static int parse_options(int argc, char **argv, SampleArgs *a)
{
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", sample_options, NULL)) != -1) {
        int rc;
        if (c == 'h') {
            usage(stdout);
            return 0;
        } else if (c == ':' || c == '?') {
            return cli_option_error("sample", c, argv, optind);
        } else if (c == OPT_BIASED) {
            a->spec.biased = true;
        } else if ((rc = value_option(a, c, optarg)) != 0) {
            return rc;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return 2;
    }
    if (sample_method_parse(argv[optind], &a->spec.method) < 0)
        return cli_usage_error("sample: unknown method '%s' (uniform, stratified, reservoir, "
                               "multinomial, alias, rand10, randint)",
                               argv[optind]);
    if (optind + 1 < argc)
        return cli_usage_error("sample: unexpected argument '%s'", argv[optind + 1]);
    return -1;
}

/* ---- inputs of the methods ------------------------------------------------ */

static int intern_label(SampleArgs *a, const char *s, size_t len)
{
    for (int c = 0; c < a->n_class_names; c++)
        if (strlen(a->class_names[c]) == len && strncmp(a->class_names[c], s, len) == 0)
            return c;
    char *copy = strndup(s, len);
    if (!copy)
        return -1;
    a->class_names[a->n_class_names] = copy;
    return a->n_class_names++;
}

/* --labels a,b,b,c: classes in order of first appearance. */
static int labels_from_text(SampleArgs *a, Error *err)
{
    int n = 1;
    for (const char *c = a->labels_text; *c; c++)
        n += *c == ',';
    a->labels = malloc((size_t)n * sizeof *a->labels);
    a->class_names = calloc((size_t)n, sizeof *a->class_names);
    if (!a->labels || !a->class_names)
        return error_set(err, ERR_NOMEM, "out of memory");
    const char *p = a->labels_text;
    for (int i = 0; i < n; i++) {
        size_t len = strcspn(p, ",");
        if (len == 0)
            return error_set(err, ERR_USAGE, "sample: --labels: label %d is empty", i + 1);
        if ((a->labels[i] = intern_label(a, p, len)) < 0)
            return error_set(err, ERR_NOMEM, "out of memory");
        p += len + 1;
    }
    a->spec.n = n;
    a->spec.labels = a->labels;
    a->spec.n_classes = a->n_class_names;
    return 0;
}

static int labels_from_dataset(SampleArgs *a, Error *err)
{
    Rng rng;
    rng_seed(&rng, a->seed);
    if (dataset_load(&a->ds, a->dataset, NULL, &rng, err) < 0)
        return -1;
    a->have_ds = true;
    if (!a->ds.y)
        return error_set(err, ERR_USAGE, "sample: %s has no class column to stratify by",
                         a->dataset);
    a->spec.n = dataset_rows(&a->ds);
    a->spec.labels = a->ds.y;
    a->spec.n_classes = a->ds.n_classes;
    return 0;
}

static int prepare_stratified(SampleArgs *a, Error *err)
{
    if (!a->labels_text == !a->dataset)
        return error_set(err, ERR_USAGE, "sample: stratified needs --labels A,B,... or "
                                         "--dataset NAME (one of them)");
    return a->dataset ? labels_from_dataset(a, err) : labels_from_text(a, err);
}

static int prepare_weights(SampleArgs *a, Error *err)
{
    if (!a->weights_text)
        return error_set(err, ERR_USAGE, "sample: %s needs --weights W,W,... (e.g. 0.2,0.5,0.3)",
                         sample_method_name(a->spec.method));
    int k;
    if (cli_value_doubles(a->weights_text, &a->weights, &k) < 0)
        return error_set(err, ERR_USAGE, "sample: --weights '%s' is not a comma-separated list "
                                         "of numbers",
                         a->weights_text);
    a->spec.weights = a->weights;
    a->spec.k = k;
    return 0;
}

static int prepare(SampleArgs *a, Error *err)
{
    switch (a->spec.method) {
    case SAMPLE_STRATIFIED: return prepare_stratified(a, err);
    case SAMPLE_MULTINOMIAL:
    case SAMPLE_ALIAS: return prepare_weights(a, err);
    default: return 0;
    }
}

/* ---- output ------------------------------------------------------------------ */

static bool is_subset(SampleMethod m)
{
    return m == SAMPLE_UNIFORM || m == SAMPLE_STRATIFIED || m == SAMPLE_RESERVOIR;
}

/* The value label of a bin or a drawn item (stratified rows carry their class). */
static void item_text(const SampleArgs *a, int64_t v, char *buf, size_t size)
{
    if (a->spec.method == SAMPLE_STRATIFIED) {
        int c = a->spec.labels[v];
        const char *name = a->have_ds ? a->ds.class_names[c] : a->class_names[c];
        snprintf(buf, size, "%lld (%s)", (long long)v, name);
    } else {
        snprintf(buf, size, "%lld", (long long)v);
    }
}

static void describe(const SampleArgs *a, StrBuf *out)
{
    const SampleSpec *s = &a->spec;
    sb_printf(out, "%s", sample_method_name(s->method));
    if (is_subset(s->method))
        sb_printf(out, ": %d of %d %s", s->k, s->n,
                  s->method == SAMPLE_RESERVOIR ? "stream items" : "items");
    if (s->method == SAMPLE_STRATIFIED)
        sb_printf(out, " in %d classes", s->n_classes);
    if (s->method == SAMPLE_RANDINT)
        sb_printf(out, " in [%lld, %lld]", (long long)s->lo, (long long)s->hi);
    if (s->biased)
        sb_append(out, " (deliberately biased)");
    sb_printf(out, ", seed %llu\n", (unsigned long long)a->seed);
}

static void json_head(const SampleArgs *a, StrBuf *out)
{
    sb_append(out, "{\"method\": ");
    sb_json_string(out, sample_method_name(a->spec.method));
    sb_printf(out, ", \"seed\": %llu, \"biased\": %s", (unsigned long long)a->seed,
              a->spec.biased ? "true" : "false");
    if (is_subset(a->spec.method))
        sb_printf(out, ", \"n\": %d, \"k\": %d", a->spec.n, a->spec.k);
}

/* ---- one sample (no --trials) -------------------------------------------------- */

/* One value of a single-draw method. */
static int64_t draw_one(const SampleArgs *a, Rng *r, const SampleCdf *cdf,
                        const SampleAlias *alias, long *calls)
{
    int64_t v = 0;
    switch (a->spec.method) {
    case SAMPLE_MULTINOMIAL: return sample_cdf_draw(cdf, r);
    case SAMPLE_ALIAS: return sample_alias_draw(alias, r);
    case SAMPLE_RAND10:
        return a->spec.biased ? sample_rand10_modulo(r, calls) : sample_rand10(r, calls);
    default: sample_randint(r, a->spec.lo, a->spec.hi, &v, calls, NULL); return v;
    }
}

static int draw_values(const SampleArgs *a, int64_t *values, long *calls, Error *err)
{
    Rng r;
    rng_seed(&r, a->seed);
    SampleCdf cdf = { 0 };
    SampleAlias alias = { 0 };
    int rc = 0;
    if (a->spec.method == SAMPLE_MULTINOMIAL)
        rc = sample_cdf_init(&cdf, a->spec.weights, a->spec.k, err);
    else if (a->spec.method == SAMPLE_ALIAS)
        rc = sample_alias_init(&alias, a->spec.weights, a->spec.k, err);
    else if (a->spec.method == SAMPLE_RANDINT && a->spec.lo > a->spec.hi)
        rc = sample_randint(&r, a->spec.lo, a->spec.hi, values, calls, err);
    for (long long i = 0; rc == 0 && i < a->count; i++)
        values[i] = draw_one(a, &r, &cdf, &alias, calls);
    sample_cdf_free(&cdf);
    sample_alias_free(&alias);
    return rc;
}

/* The k items of a subset method. */
static int draw_subset(const SampleArgs *a, int64_t *values, Error *err)
{
    Rng r;
    rng_seed(&r, a->seed);
    const SampleSpec *s = &a->spec;
    int *items = malloc((size_t)(s->k > 0 ? s->k : 1) * sizeof *items);
    if (!items)
        return error_set(err, ERR_NOMEM, "out of memory");
    RandomSource src = random_source_rng(&r);
    int rc;
    if (s->method == SAMPLE_STRATIFIED)
        rc = sample_stratified(&r, s->labels, s->n, s->n_classes, s->k, items, err);
    else if (s->method == SAMPLE_RESERVOIR)
        rc = sample_reservoir_from(&src, s->n, s->k, s->biased, items, err);
    else
        rc = sample_uniform(&r, s->n, s->k, items, err);
    for (int i = 0; rc == 0 && i < s->k; i++)
        values[i] = items[i];
    free(items);
    return rc;
}

static void print_sample(const SampleArgs *a, const int64_t *v, int n, long calls, StrBuf *out)
{
    bool rand10 = a->spec.method == SAMPLE_RAND10;
    if (a->format == FORMAT_JSON) {
        json_head(a, out);
        sb_append(out, ", \"sample\": [");
        for (int i = 0; i < n; i++)
            sb_printf(out, "%s%lld", i ? ", " : "", (long long)v[i]);
        sb_append(out, "]");
        if (rand10)
            sb_printf(out, ", \"rand7_calls\": %ld", calls);
        sb_append(out, "}\n");
        return;
    }
    describe(a, out);
    char buf[256];
    for (int i = 0; i < n; i++) {
        item_text(a, v[i], buf, sizeof buf);
        sb_printf(out, "%s%s", i ? " " : "", buf);
    }
    sb_append(out, "\n");
    if (rand10)
        sb_printf(out, "rand7 calls: %ld (%.2f per number; 2.45 on average)\n", calls,
                  (double)calls / n);
}

static int one_sample(const SampleArgs *a, StrBuf *out, Error *err)
{
    bool subset = is_subset(a->spec.method);
    int n = subset ? a->spec.k : (int)a->count;
    if (subset && (a->spec.k > 1000000 || a->spec.n > 10000000))
        return error_set(err, ERR_USAGE, "sample: --k must be at most 1e6 and --n at most 1e7");
    int64_t *values = malloc((size_t)(n > 0 ? n : 1) * sizeof *values);
    if (!values)
        return error_set(err, ERR_NOMEM, "out of memory");
    long calls = 0;
    int rc = subset ? draw_subset(a, values, err) : draw_values(a, values, &calls, err);
    if (rc == 0)
        print_sample(a, values, n, calls, out);
    free(values);
    return rc;
}

/* ---- many trials ------------------------------------------------------------------ */

static void histogram_json(const SampleArgs *a, const SampleRun *run, StrBuf *out)
{
    int bins = sample_run_bins(run);
    json_head(a, out);
    sb_printf(out, ", \"trials\": %ld, \"bins\": [", sample_run_trials(run));
    for (int i = 0; i < bins; i++)
        sb_printf(out, "%s%lld", i ? ", " : "", (long long)sample_run_bin_value(run, i));
    sb_append(out, "], \"counts\": [");
    for (int i = 0; i < bins; i++)
        sb_printf(out, "%s%ld", i ? ", " : "", sample_run_counts(run)[i]);
    sb_append(out, "], \"expected\": ");
    sb_json_double_array(out, sample_run_expected(run), bins);
    sb_append(out, ", \"chi2\": ");
    sb_json_double(out, sample_run_chi2(run));
    sb_printf(out, ", \"df\": %d, \"p_value\": ", sample_run_df(run));
    sb_json_double(out, sample_run_p_value(run));
    if (a->spec.method == SAMPLE_RAND10 || a->spec.method == SAMPLE_RANDINT) {
        sb_append(out, a->spec.method == SAMPLE_RAND10 ? ", \"mean_rand7_calls\": "
                                                       : ", \"mean_words\": ");
        sb_json_double(out, sample_run_mean_calls(run));
    }
    sb_append(out, "}\n");
}

/* One table row: value, count, expected, a bar scaled to the largest count. */
static void histogram_row(const SampleArgs *a, const SampleRun *run, int i, long top,
                          Table *t)
{
    char buf[256];
    long count = sample_run_counts(run)[i];
    int row = table_add_row(t);
    item_text(a, sample_run_bin_value(run, i), buf, sizeof buf);
    table_set(t, row, 0, "%s", buf);
    table_set(t, row, 1, "%ld", count);
    table_set(t, row, 2, "%.1f", sample_run_expected(run)[i]);
    int len = top > 0 ? (int)(30.0 * count / top + 0.5) : 0;
    char bar[32];
    memset(bar, '#', (size_t)len);
    bar[len] = '\0';
    table_set(t, row, 3, "%s", bar);
}

static void histogram_text(const SampleArgs *a, const SampleRun *run, StrBuf *out)
{
    int bins = sample_run_bins(run);
    long top = 0;
    for (int i = 0; i < bins; i++)
        top = sample_run_counts(run)[i] > top ? sample_run_counts(run)[i] : top;
    describe(a, out);
    sb_printf(out, "%ld trials\n", sample_run_trials(run));
    Table t;
    if (table_init(&t, 4, NULL) == 0) {
        table_header(&t, 0, is_subset(a->spec.method) ? "item" : "value", ALIGN_LEFT);
        table_header(&t, 1, "count", ALIGN_RIGHT);
        table_header(&t, 2, "expected", ALIGN_RIGHT);
        table_header(&t, 3, "", ALIGN_LEFT);
        for (int i = 0; i < bins && i < MAX_TABLE_BINS; i++)
            histogram_row(a, run, i, top, &t);
        table_render(&t, cli_table_style(), out);
        table_free(&t);
    }
    if (bins > MAX_TABLE_BINS)
        sb_printf(out, "(%d more bins; --format json lists them all)\n", bins - MAX_TABLE_BINS);
    double p = sample_run_p_value(run);
    sb_printf(out, "chi-square %.4g on %d df, p-value %.4g: %s\n", sample_run_chi2(run),
              sample_run_df(run), p,
              p < 1e-6 ? "the sampler does NOT follow the expected distribution"
                       : "consistent with the expected distribution");
    if (a->spec.method == SAMPLE_RAND10)
        sb_printf(out, "mean rand7 calls per number: %.4f (2 x 49/40 = 2.45 expected)\n",
                  sample_run_mean_calls(run));
}

/* The trials in --batches steps (the first ones one larger when they do
 * not divide evenly), each traced. */
static int run_batches(const SampleArgs *a, SampleRun *run, Trace *trace, Error *err)
{
    long long b = a->batches < a->trials ? a->batches : a->trials;
    for (long long i = 0; i < b; i++) {
        trace->step = (int)i + 1;
        long n = (long)(a->trials / b + (i < a->trials % b));
        if (sample_run_step(run, n, trace, err) < 0)
            return -1;
    }
    return 0;
}

static int many_trials(const SampleArgs *a, StrBuf *out, Error *err)
{
    SampleRun *run = sample_run_create(&a->spec, a->seed, err);
    if (!run)
        return -1;
    Trace trace;
    trace_init(&trace);
    int rc = run_batches(a, run, &trace, err);
    if (rc == 0 && a->trace)
        rc = cli_write_trace_file(a->trace, &trace, err);
    if (rc == 0 && a->format == FORMAT_JSON)
        histogram_json(a, run, out);
    else if (rc == 0)
        histogram_text(a, run, out);
    trace_free(&trace);
    sample_run_free(run);
    return rc;
}

int cli_sample(int argc, char **argv)
{
    SampleArgs a = { .spec = { .n = 10, .k = 3, .lo = 1, .hi = 6 }, .count = 10, .seed = 42,
                     .batches = 1 };
    int status = parse_options(argc, argv, &a);
    if (status >= 0)
        return status;
    Error err = { 0 };
    StrBuf out = STRBUF_INIT;
    int rc = prepare(&a, &err);
    if (rc == 0 && (a.trace || a.batches > 1) && a.trials == 0)
        rc = error_set(&err, ERR_USAGE, "sample: --trace and --batches go with --trials");
    if (rc == 0)
        rc = a.trials > 0 ? many_trials(&a, &out, &err) : one_sample(&a, &out, &err);
    if (rc == 0)
        rc = cli_write_stdout(&out, &err);
    status = rc < 0 ? cli_fail(&err) : 0;
    sb_free(&out);
    args_free(&a);
    return status;
}
