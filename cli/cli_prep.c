/* cli_prep.c - the options of run and compare that prepare the data (issue
 * 11): how a CSV file is read (--sep, --columns, --drop, --categorical) and
 * the preparation pipeline (--deskew, --impute, --poly, --pca; src/pipeline.h). */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char cli_prep_usage[] =
    "  --sep SEP                CSV separator: comma, semicolon, tab (or , ; \\t);\n"
    "                           default: detected from the header line\n"
    "  --columns A,B,...        use only these features of a CSV file (in this order)\n"
    "  --drop A,B,...           leave these features out\n"
    "  --categorical A,B,...    these features hold categories (text values are\n"
    "                           detected); categories are one-hot encoded\n"
    "  --deskew                 image sets: straighten each image's slant and centre\n"
    "                           its ink first (moments, as LeCun's MNIST page)\n"
    "  --impute KIND            mean, median or most_frequent: fill missing cells\n"
    "                           (empty, NA, N/A, NaN); categories take the most\n"
    "                           frequent; without it a missing cell is an error\n"
    "  --poly D                 add polynomial features of degree D (2..10)\n"
    "  --pca N|F                project on N principal components, or on as many as\n"
    "                           explain the fraction F of the variance (0 < F < 1);\n"
    "                           --poly and --pca apply in the order given, after\n"
    "                           imputing, one-hot encoding and scaling\n"
    "  --rescale                standardise the features again after --poly/--pca\n"
    "  --val-size F             also hold out a validation part of this fraction\n"
    "                           (stratified for classifiers) and report its metrics;\n"
    "                           networks stop early on it, and threshold=auto\n"
    "                           chooses on it; compare: the same part for every\n"
    "                           model; --cv: F of each fold's training rows\n"
    "  --resample over|under    classifiers: grow every class of the training part to\n"
    "                           the largest (over, rows drawn again at random) or\n"
    "                           shrink it to the smallest (under); seeded by --seed\n";

static int parse_sep(const char *arg, char *out, Error *err)
{
    static const struct { const char *name; char sep; } seps[] = {
        { ",", ',' }, { "comma", ',' }, { ";", ';' }, { "semicolon", ';' },
        { "\\t", '\t' }, { "\t", '\t' }, { "tab", '\t' },
    };
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
        if (strcmp(arg, seps[i].name) == 0) {
            *out = seps[i].sep;
            return 0;
        }
    return error_set(err, ERR_USAGE, "--sep '%s': use comma, semicolon or tab", arg);
}

static int parse_pca(const char *arg, CliOptions *o, Error *err)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (end == arg || *end || errno == ERANGE || !(v > 0))
        return error_set(err, ERR_USAGE,
                         "--pca '%s': give a number of components (1, 2, ...) or a fraction "
                         "of the variance in (0, 1)",
                         arg);
    if (v < 1) {
        o->prep.pca_var = v;
        o->prep.pca = 0;
    } else if (v == (int)v && v <= 1000000) {
        o->prep.pca = (int)v;
        o->prep.pca_var = 0;
    } else {
        return error_set(err, ERR_USAGE, "--pca %s: a number of components is a whole number",
                         arg);
    }
    o->prep.pca_first = !o->prep_poly_seen;
    return 0;
}

static int parse_poly(const char *arg, CliOptions *o, Error *err)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (end == arg || *end || v < 2 || v > 10)
        return error_set(err, ERR_USAGE, "--poly '%s': the degree is a whole number from 2 to 10",
                         arg);
    o->prep.poly = (int)v;
    o->prep_poly_seen = true;
    return 0;
}

static int parse_val_size(const char *arg, CliOptions *o, Error *err)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (end == arg || *end || errno == ERANGE || !(v > 0 && v < 1))
        return error_set(err, ERR_USAGE, "--val-size '%s': give a fraction in (0, 1)", arg);
    o->eval.val_size = v;
    return 0;
}

int cli_prep_option(int c, const char *arg, CliOptions *o, Error *err)
{
    switch (c) {
    case OPT_PREP_SEP: return parse_sep(arg, &o->eval.sep, err);
    case OPT_PREP_COLUMNS: o->eval.columns = arg; return 0;
    case OPT_PREP_DROP: o->eval.drop = arg; return 0;
    case OPT_PREP_CATEGORICAL: o->eval.categorical = arg; return 0;
    case OPT_PREP_IMPUTE:
        if (impute_kind_parse(arg, &o->prep.impute) < 0)
            return error_set(err, ERR_USAGE, "--impute '%s': use mean, median or most_frequent",
                             arg);
        o->eval.missing = true;
        return 0;
    case OPT_PREP_POLY: return parse_poly(arg, o, err);
    case OPT_PREP_VAL_SIZE: return parse_val_size(arg, o, err);
    case OPT_PREP_RESCALE: o->prep.rescale = true; return 0;
    case OPT_PREP_DESKEW: o->prep.deskew = true; return 0;
    case OPT_PREP_RESAMPLE:
        if (resample_kind_parse(arg, &o->prep.resample) < 0)
            return error_set(err, ERR_USAGE, "--resample '%s': use over or under", arg);
        return 0;
    default: return parse_pca(arg, o, err);
    }
}

int cli_prep_check(const char *cmd, const CliOptions *o, bool compare, Error *err)
{
    const EvalOptions *e = &o->eval;
    (void)compare; /* compare takes --val-size like run (issue 11) */
    if (e->val_size > 0 && e->train_file)
        return error_set(err, ERR_USAGE,
                         "%s: --val-size takes its part from the rows of one data set (not "
                         "--train/--test)",
                         cmd);
    if (e->val_size > 0 && !e->cv && e->val_size + e->test_size >= 1)
        return error_set(err, ERR_USAGE,
                         "%s: --val-size %g and --test-size %g leave no training part", cmd,
                         e->val_size, e->test_size);
    if (o->prep.resample != RESAMPLE_NONE && o->load)
        return error_set(err, ERR_USAGE, "%s: --resample changes the training part: a --load "
                                         "model is not trained again", cmd);
    if (prep_spec_any(&o->prep) && o->load)
        return error_set(err, ERR_USAGE,
                         "%s: --load uses the preparation its file records (or none): leave out "
                         "--deskew, --impute, --poly, --pca and --rescale",
                         cmd);
    return 0;
}
