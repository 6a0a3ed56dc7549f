/* cli_compare.c - `mllab compare [--algos a,b] [options]`: every classifier
 * (or those named) trained on the same split, or the same K folds, ranked by
 * accuracy in one table with significance tests against the best. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "registry.h"

/* Every classifier of the registry (those that need images only on an
 * image set) into algos: how many, or -1. */
static int all_classifiers(bool image_set, const Algo **algos, Error *err)
{
    int n_all, n = 0;
    const Algo *const *all = algo_registry(&n_all);
    for (int i = 0; i < n_all; i++)
        if (all[i]->kind == ALGO_CLASSIFIER && (image_set || !all[i]->needs_images))
            algos[n++] = all[i];
    if (n == 0)
        return error_set(err, ERR_DATA, "no classifier is built into this mllab");
    return n;
}

/* The classifier called name, or NULL with a usage error. */
static const Algo *named_classifier(const char *name, Error *err)
{
    const Algo *a = algo_find(name);
    if (!a)
        error_set(err, ERR_USAGE, "compare: unknown algorithm '%s' (see mllab list)", name);
    else if (a->kind != ALGO_CLASSIFIER)
        error_set(err, ERR_USAGE, "compare: %s is not a classifier (compare ranks classifiers)",
                  name);
    return a && a->kind == ALGO_CLASSIFIER ? a : NULL;
}

static bool listed(const Algo *const *algos, int n, const Algo *a)
{
    for (int i = 0; i < n; i++)
        if (algos[i] == a)
            return true;
    return false;
}

/* The classifiers named in list (comma-separated; each once) into algos,
 * which holds max: how many, or -1. */
static int named_classifiers(const char *list, const Algo **algos, int max, Error *err)
{
    char *copy = strdup(list);
    if (!copy)
        return error_set(err, ERR_NOMEM, "out of memory");
    int n = 0, rc = 0;
    char *save = NULL;
    for (char *name = strtok_r(copy, ",", &save); name && rc == 0;
         name = strtok_r(NULL, ",", &save)) {
        const Algo *a = named_classifier(name, err);
        if (!a)
            rc = -1;
        else if (listed(algos, n, a))
            continue;
        else if (n == max)
            rc = error_set(err, ERR_USAGE, "compare: too many algorithms");
        else
            algos[n++] = a;
    }
    free(copy);
    if (rc == 0 && n == 0)
        rc = error_set(err, ERR_USAGE, "compare: --algos names no algorithm");
    return rc < 0 ? -1 : n;
}

/* The classifiers to compare: those named in list (comma-separated), or all
 * of the registry's (leaving out those that need images when the dataset is
 * not an image set).  Returns how many, or -1 with a usage error. */
static int pick_algos(const char *list, bool image_set, const Algo ***out, Error *err)
{
    int n_all;
    algo_registry(&n_all);
    const Algo **algos = calloc((size_t)n_all + 64, sizeof *algos);
    if (!algos)
        return error_set(err, ERR_NOMEM, "out of memory");
    int n = list ? named_classifiers(list, algos, n_all + 64, err)
                 : all_classifiers(image_set, algos, err);
    if (n < 0) {
        free(algos);
        return -1;
    }
    *out = algos;
    return n;
}

/* params_parse_kv, its error naming the algorithm. */
static int parse_kv_for(const Algo *algo, Params *params, const char *text, Error *err)
{
    if (params_parse_kv(params, text, err) == 0)
        return 0;
    if (err)
        err->code = ERR_USAGE;
    return error_prefix(err, algo->name);
}

/* "ALGO.KEY=VALUE" (dot before the '='): to that algorithm only. */
static int apply_targeted(const Algo *const *algos, int n, Params *params, const char *text,
                          const char *dot, Error *err)
{
    size_t len = (size_t)(dot - text);
    int target = -1;
    for (int i = 0; i < n; i++)
        if (strlen(algos[i]->name) == len && strncmp(algos[i]->name, text, len) == 0)
            target = i;
    if (target < 0)
        return error_set(err, ERR_USAGE, "compare: -p %s names an algorithm that is not compared",
                         text);
    return parse_kv_for(algos[target], &params[target], dot + 1, err);
}

/* "KEY=VALUE": to every compared algorithm that has KEY (at least one). */
static int apply_shared(const Algo *const *algos, int n, Params *params, const char *text,
                        const char *eq, Error *err)
{
    if (!eq || eq == text)
        return error_set(err, ERR_USAGE, "parameter '%s' is not KEY=VALUE", text);
    char key[64];
    size_t len = (size_t)(eq - text);
    if (len >= sizeof key)
        return error_set(err, ERR_USAGE, "parameter name in '%s' is too long", text);
    memcpy(key, text, len);
    key[len] = '\0';
    int applied = 0;
    for (int i = 0; i < n; i++) {
        if (!params_find_spec(algos[i]->params, key))
            continue;
        if (parse_kv_for(algos[i], &params[i], text, err) < 0)
            return -1;
        applied++;
    }
    if (!applied)
        return error_set(err, ERR_USAGE, "compare: no compared classifier has a parameter '%s'",
                         key);
    return 0;
}

/* threshold=auto (every compared classifier) or ALGO.threshold=auto (that
 * one): the session's, not a parameter of the algorithm (eval.h).  True
 * when text is one of them (*rc: 0, or -1 naming an algorithm not compared). */
static bool apply_threshold_auto(const Algo *const *algos, int n, bool *thr_auto,
                                 const char *text, int *rc, Error *err)
{
    static const char key[] = "threshold=auto";
    size_t len = strlen(text), klen = sizeof key - 1;
    *rc = 0;
    if (strcmp(text, key) == 0) {
        for (int i = 0; i < n; i++)
            thr_auto[i] = true;
        return true;
    }
    if (len <= klen + 1 || strcmp(text + len - klen, key) != 0 || text[len - klen - 1] != '.')
        return false;
    for (int i = 0; i < n; i++)
        if (strlen(algos[i]->name) == len - klen - 1 &&
            strncmp(algos[i]->name, text, len - klen - 1) == 0) {
            thr_auto[i] = true;
            return true;
        }
    *rc = error_set(err, ERR_USAGE, "compare: -p %s names an algorithm that is not compared",
                    text);
    return true;
}

/* Apply -p texts: "ALGO.KEY=VALUE" to that algorithm, "KEY=VALUE" to every
 * compared algorithm that has KEY; threshold=auto into thr_auto. */
static int apply_params(const Algo *const *algos, int n, Params *params, bool *thr_auto,
                        const char *const *kv, int n_kv, Error *err)
{
    for (int p = 0; p < n_kv; p++) {
        const char *text = kv[p];
        const char *eq = strchr(text, '=');
        const char *dot = strchr(text, '.');
        int rc = 0;
        if (apply_threshold_auto(algos, n, thr_auto, text, &rc, err))
            ;
        else if (dot && eq && dot < eq)
            rc = apply_targeted(algos, n, params, text, dot, err);
        else
            rc = apply_shared(algos, n, params, text, eq, err);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static void show_progress(void *ctx, int index, int n, int fold, int folds, const char *name,
                          double done)
{
    if (done > 0) /* one line per model (the lab shows the fit's progress) */
        return;
    (void)ctx;
    if (folds > 0)
        cli_progress(true, "compare: fold %d/%d, %s (%d/%d)", fold + 1, folds, name, index + 1,
                     n);
    else
        cli_progress(true, "compare: %s (%d/%d)", name, index + 1, n);
}

/* Everything one `mllab compare` holds; compare_free releases it. */
typedef struct Compare {
    CliOptions o;
    const Algo **algos;
    int n, n_params;          /* algorithms, and how many params are initialised */
    Params *params;
    const Params **param_ptrs;
    bool *threshold_auto;     /* per algorithm: -p threshold=auto */
    EvalData d;
    CompareResult result;
    StrBuf out;
} Compare;

/* The classifiers and their parameters (defaults, then -p). */
static int prepare_algos(Compare *c, Error *err)
{
    const CliOptions *o = &c->o;
    /* Only registry image sets hold images; CSV files and --train/--test do not. */
    const DatasetInfo *info =
        o->eval.train_file ? NULL
                           : dataset_info(o->eval.dataset ? o->eval.dataset : "breast_cancer");
    if ((c->n = pick_algos(o->algos, info && info->image, &c->algos, err)) < 0)
        return -1;
    c->params = calloc((size_t)c->n, sizeof *c->params);
    c->param_ptrs = calloc((size_t)c->n, sizeof *c->param_ptrs);
    c->threshold_auto = calloc((size_t)c->n, sizeof *c->threshold_auto);
    if (!c->params || !c->param_ptrs || !c->threshold_auto)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (; c->n_params < c->n; c->n_params++) {
        if (params_init(&c->params[c->n_params], c->algos[c->n_params]->params, err) < 0)
            return -1;
        c->param_ptrs[c->n_params] = &c->params[c->n_params];
    }
    return apply_params(c->algos, c->n, c->params, c->threshold_auto, c->o.params, c->o.n_params,
                        err);
}

/* The data's name in the text report, with the split when --test-size
 * pooled a set with a standard split (issue 11). */
static const char *compare_data_name(const Compare *c, char *buf, size_t size)
{
    if (!c->d.pooled)
        return c->d.name;
    char split[160];
    cli_describe_pooled(&c->d, split, sizeof split);
    snprintf(buf, size, "%s (%s)", c->d.name, split);
    return buf;
}

/* Load the data, compare, and write the report. */
static int run_compare(Compare *c, Error *err)
{
    const CliOptions *o = &c->o;
    char name[256];
    cli_progress(true, "loading %s", o->eval.dataset ? o->eval.dataset : "breast_cancer");
    c->o.eval.image_bytes = true; /* image sets as bytes: a quarter of the memory */
    if (eval_load(&c->d, &o->eval, ALGO_CLASSIFIER, err) < 0) {
        cli_progress_done();
        return -1;
    }
    c->d.prep = &o->prep; /* each run (each fold) fits its own */
    c->d.threshold_auto = c->threshold_auto;
    int rc = eval_compare(c->algos, c->n, c->param_ptrs, &c->d, o->eval.scale,
                          cli_progress_enabled() ? show_progress : NULL, NULL, NULL, &c->result,
                          err);
    cli_progress_done();
    if (rc < 0)
        return -1;
    switch (o->format) {
    case FORMAT_JSON: report_compare_json(&c->out, c->d.name, &c->result); break;
    case FORMAT_CSV: report_compare_csv(&c->out, &c->result); break;
    default: report_compare_text(&c->out, compare_data_name(c, name, sizeof name), &c->result,
                                 cli_table_style());
        break;
    }
    if ((o->format == FORMAT_TEXT ? cli_write_text(&c->out, err)
                                  : cli_write_stdout(&c->out, err)) < 0)
        return -1;
    if (c->result.best < 0)
        return error_set(err, ERR_DATA, "every classifier failed on %s", c->d.name);
    return 0;
}

static void compare_free(Compare *c)
{
    sb_free(&c->out);
    compare_result_free(&c->result);
    eval_data_free(&c->d);
    for (int i = 0; i < c->n_params; i++)
        params_free(&c->params[i]);
    free(c->params);
    free(c->param_ptrs);
    free(c->threshold_auto);
    free(c->algos);
    cli_options_free(&c->o);
}

int cli_compare(int argc, char **argv)
{
    Compare c;
    memset(&c, 0, sizeof c);
    Error err = { 0 };
    int status = 0;
    if (cli_parse_options(argc, argv, true, &c.o, &err) < 0) {
        cli_options_free(&c.o);
        return cli_fail(&err);
    }
    if (c.o.help) {
        cli_options_free(&c.o);
        return 0;
    }
    if (prepare_algos(&c, &err) < 0 || run_compare(&c, &err) < 0)
        status = cli_fail(&err);
    compare_free(&c);
    return status;
}
