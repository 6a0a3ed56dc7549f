/* cli_common.c - what the `mllab` subcommands share: the options of run and
 * compare, the usage text, error messages, progress lines on a terminal and
 * writing output (see cli.h). */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "atomic_file.h"
#include "timer.h"

/* ---------------------------------------------------------------- usage */

static const char options_text[] =
    "  --dataset NAME|FILE.csv  a named set (mllab datasets) or a CSV file; default\n"
    "                           breast_cancer (classifiers), diabetes (regressors),\n"
    "                           blobs (clusterers)\n"
    "  --train FILE --test FILE an explicit split; a test file without the target\n"
    "                           column gets predictions only\n"
    "  --target COLUMN          the target column of a CSV file (default: the last)\n"
    "  --test-size F            the fraction held out for testing, in (0, 1) (0.2);\n"
    "                           mnist, fashion_mnist: given, it pools all 70000\n"
    "                           rows and splits them at random (else the standard\n"
    "                           60000/10000 split)\n"
    "  --seed N                 the seed of every random choice (42)\n"
    "  --scale KIND             none, standard or minmax (default: the algorithm's;\n"
    "                           none for image sets); fitted on the training part\n"
    "  -p, --param KEY=VALUE    set a parameter (repeatable; see mllab info ALGO)\n"
    "  --cv K                   K-fold cross-validation instead of one split\n"
    "  --max-features N         text sets (fortunes): the vocabulary cap, the N most\n"
    "                           frequent terms of the training part (2000; 0 = all)\n"
    "  --format FORMAT          text, json or csv (text)\n"
    "  --ascii                  plain ASCII tables and plots, whatever the locale\n";

void cli_usage(FILE *f)
{
    fputs("usage: mllab [COMMAND [OPTIONS]]\n"
          "\n"
          "A terminal lab for the machine-learning algorithms asked in interviews.\n"
          "\n"
          "commands:\n"
          "  (none)                   the lab (TUI) when on a terminal\n"
          "  tui [--algo A] [--dataset D] [--ascii] [--fresh]\n"
          "                           the lab, opened on an algorithm or a dataset\n"
          "                           (--fresh: not on the last session's choices)\n"
          "  list [--format json]     the algorithms, by group\n"
          "  info ALGO                an algorithm's parameters and card\n"
          "  datasets [--format json] the named datasets, with shape and task\n"
          "  run ALGO [OPTIONS]       fit on the training part, evaluate on the test part\n"
          "  compare [--algos A,B] [OPTIONS]\n"
          "                           every classifier (or those named) on the same split\n"
          "                           or folds, ranked, with significance tests\n"
          "  conv ...                 the convolution operation (mllab conv --help)\n"
          "  sample METHOD ...        sampling: uniform, stratified, reservoir,\n"
          "                           multinomial, alias, rand10, randint\n"
          "                           (mllab sample --help)\n"
          "  meet --points FILE       the meeting point (mllab meet --help)\n"
          "  graph recommend ...      triangle closing on a graph (mllab graph --help)\n"
          "  practice [ACTION NAME]   write the algorithms yourself, graded\n"
          "                           (mllab practice --help)\n"
          "  softmax --logits V,V,... softmax, cross-entropy, gradient\n"
          "                           (mllab softmax --help)\n"
          "  lm bigram|rnn ...        language models of names (mllab lm --help)\n"
          "  tfidf --corpus C [--doc I | --category C | --query TEXT]\n"
          "                           tf-idf of a corpus (fortunes, a file): top terms,\n"
          "                           search\n"
          "\n"
          "options of run and compare:\n",
          f);
    fputs(options_text, f);
    fputs(cli_prep_usage, f);
    fputs("  --plot, --no-plot        run: draw the curves and regions after the report\n"
          "                           (default: on when stdout is a terminal)\n"
          "  --predictions FILE       run: write true,predicted[,scores] as CSV\n"
          "  --trace FILE             run: write the step events as JSON lines\n"
          "  --save FILE              run: write the trained model (and its preparation)\n"
          "  --load FILE              run: evaluate a saved model instead of training\n"
          "  -h, --help               this help\n"
          "  --version                the version\n"
          "\n"
          "Text fits the terminal's width ($COLUMNS when piped; no limit otherwise);\n"
          "it is plain ASCII under a non-UTF-8 locale or --ascii.  Shell completion:\n"
          "completions/mllab (bash) and completions/_mllab (zsh), installed by make\n"
          "install.\n"
          "exit status: 0 success, 1 a data or file error, 2 a usage error.\n"
          "See mllab(1) and docs/guide.md.\n",
          f);
}

void cli_usage_run(FILE *f)
{
    fputs("usage: mllab run ALGO [OPTIONS]\n"
          "\n"
          "Fit ALGO (see mllab list) on the training part and evaluate it on the test part.\n"
          "\n",
          f);
    fputs(options_text, f);
    fputs(cli_prep_usage, f);
    fputs("  --plot, --no-plot        draw (or not) the loss curve, the decision regions or\n"
          "                           fitted curve, the ROC curve, the clusters after the\n"
          "                           report (default: on when stdout is a terminal)\n"
          "  --predictions FILE       write true,predicted[,scores] as CSV\n"
          "  --trace FILE             write the step events as JSON lines\n"
          "  --save FILE              write the trained model with its preparation (every\n"
          "                           trained model; see docs/model-format.md)\n"
          "  --load FILE              evaluate a saved model instead of training one\n"
          "  -h, --help               this help\n",
          f);
}

void cli_usage_compare(FILE *f)
{
    fputs("usage: mllab compare [--algos A,B,...] [OPTIONS]\n"
          "\n"
          "Every classifier (or those named) on the same split, or the same folds with\n"
          "--cv K, ranked by accuracy.  Differences from the best are tested: McNemar's\n"
          "test on one split, a paired t-test over folds.\n"
          "\n"
          "  --algos A,B,...          the classifiers to compare (default: all)\n",
          f);
    fputs(options_text, f);
    fputs(cli_prep_usage, f);
    fputs("                           (-p ALGO.KEY=VALUE sets one classifier's parameter;\n"
          "                            -p KEY=VALUE every classifier that has KEY)\n"
          "  -h, --help               this help\n",
          f);
}

/* ---------------------------------------------------------------- errors */

int cli_fail(const Error *err)
{
    /* messages quote file names and cells: no terminal controls from them */
    char *msg = str_visible(err && err->msg[0] ? err->msg : "failed");
    fprintf(stderr, "mllab: %s\n", msg ? msg : "failed");
    free(msg);
    return error_exit_status(err);
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (text)
        vsnprintf(text, (size_t)n + 1, fmt, again);
    va_end(again);
    /* the arguments it quotes are the user's: no terminal controls */
    char *shown = text ? str_visible(text) : NULL;
    fprintf(stderr, "mllab: %s\n", shown ? shown : "usage error (out of memory)");
    free(shown);
    free(text);
    return 2;
}

/* ---------------------------------------------------------------- progress */

static int progress_state = -1; /* -1 unknown, 0 off, 1 on */
static double progress_last;
static bool progress_shown;

bool cli_progress_enabled(void)
{
    if (progress_state < 0)
        progress_state = isatty(STDERR_FILENO) ? 1 : 0;
    return progress_state == 1;
}

void cli_progress(bool force, const char *fmt, ...)
{
    if (!cli_progress_enabled())
        return;
    double now = timer_now();
    if (!force && progress_shown && now - progress_last < 0.1)
        return;
    progress_last = now;
    progress_shown = true;
    va_list ap;
    va_start(ap, fmt);
    fputs("\r\033[K", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fflush(stderr);
}

void cli_progress_done(void)
{
    if (progress_shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        progress_shown = false;
    }
}

/* ---------------------------------------------------------------- output */

int cli_write_stdout(const StrBuf *sb, Error *err)
{
    if (sb->failed)
        return error_set(err, ERR_NOMEM, "out of memory writing the report");
    if (fwrite(sb_str(sb), 1, sb->len, stdout) != sb->len || fflush(stdout) != 0)
        return error_set(err, ERR_IO, "cannot write to standard output: %s", strerror(errno));
    return 0;
}

int cli_write_file(const char *path, const StrBuf *sb, Error *err)
{
    if (sb->failed)
        return error_set(err, ERR_NOMEM, "out of memory writing %s", path);
    AtomicFile af; /* whole or not at all */
    if (atomic_file_open(&af, path, err) < 0)
        return -1;
    fwrite(sb_str(sb), 1, sb->len, af.f); /* a short write sets the error commit reports */
    return atomic_file_commit(&af, err);
}

/* ---------------------------------------------------------------- options */

enum {
    OPT_DATASET = 1000,
    OPT_TRAIN,
    OPT_TEST,
    OPT_TARGET,
    OPT_TEST_SIZE,
    OPT_SEED,
    OPT_SCALE,
    OPT_CV,
    OPT_FORMAT,
    OPT_PREDICTIONS,
    OPT_TRACE,
    OPT_ALGOS,
    OPT_SAVE,
    OPT_LOAD,
    OPT_VERSION,
    OPT_MAX_FEATURES, /* text sets (issue 10) */
    OPT_PLOT,         /* run: --plot, --no-plot (issue 12) */
    OPT_NO_PLOT,
    OPT_ASCII
};

static const struct option long_options[] = {
    { "dataset", required_argument, NULL, OPT_DATASET },
    { "train", required_argument, NULL, OPT_TRAIN },
    { "test", required_argument, NULL, OPT_TEST },
    { "target", required_argument, NULL, OPT_TARGET },
    { "test-size", required_argument, NULL, OPT_TEST_SIZE },
    { "seed", required_argument, NULL, OPT_SEED },
    { "scale", required_argument, NULL, OPT_SCALE },
    { "param", required_argument, NULL, 'p' },
    { "cv", required_argument, NULL, OPT_CV },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "predictions", required_argument, NULL, OPT_PREDICTIONS },
    { "trace", required_argument, NULL, OPT_TRACE },
    { "algos", required_argument, NULL, OPT_ALGOS },
    { "save", required_argument, NULL, OPT_SAVE },
    { "load", required_argument, NULL, OPT_LOAD },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, OPT_VERSION },
    { "max-features", required_argument, NULL, OPT_MAX_FEATURES },
    { "plot", no_argument, NULL, OPT_PLOT },
    { "no-plot", no_argument, NULL, OPT_NO_PLOT },
    { "ascii", no_argument, NULL, OPT_ASCII },
    CLI_PREP_LONG_OPTIONS /* issue 11: cli_prep.c */
    { NULL, 0, NULL, 0 }
};

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}

static int parse_int(const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno == ERANGE || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

static int parse_seed(const char *s, uint64_t *out)
{
    if (!*s || strspn(s, "0123456789") != strlen(s))
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno == ERANGE)
        return -1;
    *out = (uint64_t)v;
    return 0;
}

/* The option name as typed, for messages. */
static const char *typed(char **argv, int optind_after)
{
    return argv[optind_after - 1];
}

/* --test-size, --seed, --scale, --cv, --max-features: how the data is divided,
 * scaled and (text sets) turned into features. */
static int eval_option(int c, const char *arg, EvalOptions *e, Error *err)
{
    ScaleKind kind;
    long k;
    switch (c) {
    case OPT_TEST_SIZE:
        if (parse_double(arg, &e->test_size) < 0)
            return error_set(err, ERR_USAGE, "--test-size '%s' is not a number", arg);
        if (!(e->test_size > 0 && e->test_size < 1))
            return error_set(err, ERR_USAGE, "--test-size %s is outside (0, 1)", arg);
        e->pool_split = true; /* mnist: all rows split at random, not the standard split */
        return 0;
    case OPT_SEED:
        if (parse_seed(arg, &e->seed) < 0)
            return error_set(err, ERR_USAGE, "--seed '%s' is not a non-negative integer", arg);
        return 0;
    case OPT_SCALE:
        if (scale_kind_parse(arg, &kind) < 0)
            return error_set(err, ERR_USAGE, "--scale '%s': use none, standard or minmax", arg);
        e->scale = arg;
        return 0;
    case OPT_MAX_FEATURES:
        if (parse_int(arg, 0, 10000000, &k) < 0)
            return error_set(err, ERR_USAGE,
                             "--max-features '%s' must be a non-negative integer", arg);
        e->max_features = k > 0 ? (int)k : -1; /* 0: every term */
        return 0;
    default: /* OPT_CV */
        if (parse_int(arg, 2, 1000000, &k) < 0)
            return error_set(err, ERR_USAGE, "--cv '%s' must be an integer of at least 2", arg);
        e->cv = (int)k;
        return 0;
    }
}

static int format_option(const char *arg, OutputFormat *out, Error *err)
{
    static const char *const names[] = { "text", "json", "csv" };
    for (int i = 0; i < 3; i++)
        if (strcmp(arg, names[i]) == 0) {
            *out = (OutputFormat)i;
            return 0;
        }
    return error_set(err, ERR_USAGE, "--format '%s': use text, json or csv", arg);
}

const struct option *cli_long_options(void)
{
    return long_options;
}

bool cli_option_applies(const struct option *o, bool compare)
{
    switch (o->val) {
    case OPT_ALGOS: return compare;
    case OPT_PREDICTIONS: case OPT_TRACE: case OPT_SAVE: case OPT_LOAD: case OPT_PLOT:
    case OPT_NO_PLOT:
        return !compare;
    default: return true;
    }
}

/* Why a run-only option is refused by compare. */
static const char *run_only(int c)
{
    switch (c) {
    case OPT_PLOT: return "--plot belongs to mllab run (one algorithm)";
    case OPT_NO_PLOT: return "--no-plot belongs to mllab run (one algorithm)";
    case OPT_PREDICTIONS: return "--predictions belongs to mllab run (one algorithm)";
    case OPT_TRACE: return "--trace belongs to mllab run (one algorithm)";
    case OPT_SAVE: return "--save belongs to mllab run (one model)";
    default: return "--load belongs to mllab run (one model)";
    }
}

/* --predictions, --trace, --save, --load (run only) and --algos (compare only). */
static int subcommand_option(int c, const char *arg, bool compare, CliOptions *o, Error *err)
{
    if (c == OPT_ALGOS && !compare)
        return error_set(err, ERR_USAGE, "--algos belongs to mllab compare; run takes one ALGO");
    if (c != OPT_ALGOS && compare)
        return error_set(err, ERR_USAGE, "%s", run_only(c));
    switch (c) {
    case OPT_ALGOS: o->algos = arg; break;
    case OPT_PLOT: o->plot = 1; break;
    case OPT_NO_PLOT: o->plot = 0; break;
    case OPT_PREDICTIONS: o->predictions = arg; break;
    case OPT_TRACE: o->trace = arg; break;
    case OPT_SAVE: o->save = arg; break;
    default: o->load = arg; break;
    }
    return 0;
}

/* -h/--help and --version: print, and stop parsing (o->help). */
static int help_option(int c, bool compare, CliOptions *o)
{
    if (c == OPT_VERSION)
        printf("mllab %s\n", PACKAGE_VERSION);
    else if (compare)
        cli_usage_compare(stdout);
    else
        cli_usage_run(stdout);
    o->help = true;
    return 0;
}

/* An option getopt_long refused: unknown, or missing its value. */
static int bad_option(int c, char **argv, Error *err)
{
    const char *cmd = argv[0];
    if (c == ':')
        return error_set(err, ERR_USAGE, "%s: option '%s' needs a value", cmd,
                         typed(argv, optind));
    if (optopt && optopt < 256)
        return error_set(err, ERR_USAGE, "%s: unknown option '-%c' (see mllab %s --help)", cmd,
                         optopt, cmd);
    return error_set(err, ERR_USAGE, "%s: unknown option '%s' (see mllab %s --help)", cmd,
                     typed(argv, optind), cmd);
}

/* One option from getopt_long into o: 0, or -1 with err set. */
static int one_option(int c, char **argv, bool compare, CliOptions *o, Error *err)
{
    const char *arg = optarg;
    switch (c) {
    case OPT_DATASET: o->eval.dataset = arg; return 0;
    case OPT_TRAIN: o->eval.train_file = arg; return 0;
    case OPT_TEST: o->eval.test_file = arg; return 0;
    case OPT_TARGET: o->eval.target = arg; return 0;
    case OPT_TEST_SIZE: case OPT_SEED: case OPT_SCALE: case OPT_CV: case OPT_MAX_FEATURES:
        return eval_option(c, arg, &o->eval, err);
    case 'p': o->params[o->n_params++] = arg; return 0;
    case OPT_FORMAT: return format_option(arg, &o->format, err);
    case OPT_PREDICTIONS: case OPT_TRACE: case OPT_SAVE: case OPT_LOAD: case OPT_ALGOS:
    case OPT_PLOT: case OPT_NO_PLOT:
        return subcommand_option(c, arg, compare, o, err);
    case OPT_ASCII: cli_force_ascii(); return 0;
    case 'h': case OPT_VERSION: return help_option(c, compare, o);
    case OPT_PREP_SEP: case OPT_PREP_COLUMNS: case OPT_PREP_DROP: case OPT_PREP_CATEGORICAL:
    case OPT_PREP_IMPUTE: case OPT_PREP_POLY: case OPT_PREP_PCA: case OPT_PREP_VAL_SIZE:
    case OPT_PREP_RESAMPLE: case OPT_PREP_RESCALE: case OPT_PREP_DESKEW:
        return cli_prep_option(c, arg, o, err);
    default: return bad_option(c, argv, err);
    }
}

/* Positional arguments: run takes ALGO, compare none. */
static int positionals(int argc, char **argv, bool compare, CliOptions *o, Error *err)
{
    for (int i = optind; i < argc; i++) {
        if (!compare && !o->algo)
            o->algo = argv[i];
        else
            return error_set(err, ERR_USAGE, "%s: unexpected argument '%s'", argv[0], argv[i]);
    }
    if (!compare && !o->algo)
        return error_set(err, ERR_USAGE, "run: which algorithm? (mllab run ALGO; see mllab list)");
    return 0;
}

static int check_cv(const CliOptions *o, Error *err);

/* Options that do not go together. */
static int check_combinations(const char *cmd, const CliOptions *o, Error *err)
{
    const EvalOptions *e = &o->eval;
    if ((e->train_file != NULL) != (e->test_file != NULL))
        return error_set(err, ERR_USAGE, "%s: --train and --test go together", cmd);
    if (e->train_file && e->dataset)
        return error_set(err, ERR_USAGE, "%s: give either --dataset or --train/--test", cmd);
    if (e->train_file && e->cv)
        return error_set(err, ERR_USAGE, "%s: --cv cannot be combined with --train/--test",
                         cmd);
    return check_cv(o, err);
}

/* --cv trains a model per fold: nothing that needs one split. */
static int check_cv(const CliOptions *o, Error *err)
{
    const EvalOptions *e = &o->eval;
    if (e->cv && (o->save || o->load))
        return error_set(err, ERR_USAGE,
                         "run: --save and --load need one split (not --cv): --cv trains a "
                         "model per fold");
    if (e->cv && o->predictions)
        return error_set(err, ERR_USAGE,
                         "run: --predictions needs one split (not --cv): there is no single "
                         "test part");
    return 0;
}

int cli_parse_options(int argc, char **argv, bool compare, CliOptions *o, Error *err)
{
    memset(o, 0, sizeof *o);
    eval_options_default(&o->eval);
    o->plot = -1; /* on a terminal */
    o->params = calloc((size_t)(argc > 0 ? argc : 1), sizeof *o->params);
    if (!o->params)
        return error_set(err, ERR_NOMEM, "out of memory");
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":hp:", long_options, NULL)) != -1) {
        if (one_option(c, argv, compare, o, err) < 0)
            return -1;
        if (o->help)
            return 0;
    }
    if (positionals(argc, argv, compare, o, err) < 0 ||
        cli_prep_check(argv[0], o, compare, err) < 0)
        return -1;
    return check_combinations(argv[0], o, err);
}

void cli_describe_pooled(const EvalData *d, char *buf, size_t size)
{
    const char *how = d->stratified ? "stratified" : "unstratified";
    double test = 100.0 * d->test_size, val = 100.0 * d->val_size;
    if (d->val_size > 0)
        snprintf(buf, size,
                 "%s random %g/%g/%g split (train/validation/test) of all %d rows, not the "
                 "set's standard split; seed %llu",
                 how, 100.0 - val - test, val, test, d->pooled_rows,
                 (unsigned long long)d->seed);
    else
        snprintf(buf, size,
                 "%s random %g/%g split of all %d rows, not the set's standard split; "
                 "seed %llu",
                 how, 100.0 - test, test, d->pooled_rows, (unsigned long long)d->seed);
}

void cli_options_free(CliOptions *o)
{
    free(o->params);
    o->params = NULL;
    o->n_params = 0;
}
