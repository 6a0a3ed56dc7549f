/* algorithms/random_forest.c - the random forest classifier: bagged CART
 * trees with a random subset of the features tried at every node.
 *
 * Each tree t gets its own generator, split off the run's generator in tree
 * order when the model is created; from it the tree draws its bootstrap
 * sample (n rows with replacement, kept as the distinct rows drawn with how
 * often each was: sample weights, the same tree as the rows repeated, for
 * about 0.63 of the work) and then the features it tries at each node.  So
 * tree t is the same whichever thread grows it and whenever: the forest
 * depends on the seed only.  Trees are grown in batches of n_jobs at once,
 * one per thread; the thread that grows a tree also finds the leaf of each
 * row the tree did not see.  Each step then adds one finished tree to the
 * forest in order: its out-of-bag votes, its trace line.
 *
 * The features are recoded once (DtreeData) and shared read-only by all the
 * trees, by column and, when every feature has at most 256 values (pixels),
 * by row too; a byte-backed training matrix (MNIST) is used as it is, its
 * bytes the codes by row, with no copy and no columns.  A tree trying few
 * features per node gathers their codes through its row list instead of
 * copying the data; it is grown depth first,
 * and its small nodes are searched from a local block of whole code rows
 * that stays in cache for the whole subtree (see dtree_internal.h).
 *
 * A finished tree is kept slim (DtreeSlim: its splits and its leaves' class
 * counts, about 40% of a Dtree's memory); forest_tree expands one at a time
 * for the views and the saved file.  A loaded forest keeps full trees.
 *
 * Prediction averages the trees' leaf class fractions (soft voting, as
 * scikit-learn does); ties go to the lowest class index.  The out-of-bag
 * estimate sums, for every training row, the class fractions from the
 * trees whose bootstrap sample left it out, and scores the rows that have
 * at least one such vote. */
#include "random_forest.h"

#include "class_weight.h"
#include "model_io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Training sets with fewer cells (rows x features) grow one tree per step
 * on one thread. */
#define FOREST_PARALLEL_MIN_CELLS 200000L

struct Forest {
    int n_trees;          /* asked for */
    int grown;            /* trees finished by the batches so far */
    int built;            /* trees added to the forest (visible) */
    Dtree *trees;         /* n_trees slots: a tree being grown, or a loaded
                             one (else empty: the tree is in slim)          */
    DtreeSlim *slim;      /* n_trees slots: the trees grown, kept small     */
    Dtree shown;          /* the tree forest_tree expanded last ...         */
    int shown_index;      /* ... which one (-1: none)                       */
    Rng *rngs;            /* one generator per tree */
    uint8_t **in_bag;     /* per grown tree not yet added: 1 = in its sample */
    int **oob_leaf;       /* per grown tree not yet added: each row's leaf
                             (found by the thread that grew it), or -1 */
    DtreeConfig cfg;
    bool bootstrap;
    int max_features;
    int n_jobs;
    DtreeData *data;      /* made at the first step, freed when done */
    char **feature_names, **class_names;
    float *cw;            /* class weights (class_weight, from the whole training part) */
    int n_features, n_classes, n_train;
    float *oob_sum;       /* n_train x n_classes: summed class fractions */
    int *oob_votes;       /* n_train: trees that voted on the row */
    double oob_accuracy;  /* NaN until a row has a vote */
    int oob_rows;
    bool done;
};

const Forest *forest_of(const void *model)
{
    return model;
}

int forest_n_trees(const Forest *f) { return f->n_trees; }
int forest_trees_built(const Forest *f) { return f->built; }

Dtree *forest_load_trees(void *model)
{
    Forest *f = model;
    for (int t = 0; t < f->n_trees; t++) {
        f->trees[t].feature_names = f->feature_names;
        f->trees[t].class_names = f->class_names;
        f->trees[t].cw = f->cw;
    }
    f->grown = f->built = f->n_trees;
    f->done = true;
    return f->trees;
}
double forest_oob_accuracy(const Forest *f) { return f->oob_accuracy; }
int forest_oob_rows(const Forest *f) { return f->oob_rows; }
int forest_max_features(const Forest *f) { return f->max_features; }

const Dtree *forest_tree(const Forest *f, int i)
{
    if (i < 0 || i >= f->built)
        return NULL;
    if (f->slim[i].n_nodes == 0)
        return &f->trees[i];
    Forest *mut = (Forest *)f; /* the expansion is a cache */
    if (f->shown_index != i) {
        mut->shown_index = -1;
        mut->shown.feature_names = f->feature_names;
        mut->shown.class_names = f->class_names;
        mut->shown.cw = f->cw;
        if (dtree_slim_expand(&f->slim[i], f->n_features, f->cfg.criterion, &mut->shown, NULL) <
            0)
            return NULL;
        mut->shown_index = i;
    }
    return &f->shown;
}

/* Tree t's sizes, slim or not. */
static void tree_sizes(const Forest *f, int t, int *nodes, int *leaves, int *depth)
{
    const DtreeSlim *s = &f->slim[t];
    *nodes = s->n_nodes ? s->n_nodes : f->trees[t].n_nodes;
    *leaves = s->n_nodes ? s->n_leaves : f->trees[t].n_leaves;
    *depth = s->n_nodes ? s->depth : f->trees[t].depth;
}

/* sum[c] += tree t's class fractions for x. */
static inline void tree_add_proba(const Forest *f, int t, const float *x, float *sum)
{
    const DtreeSlim *s = &f->slim[t];
    if (s->n_nodes)
        dtree_slim_add_leaf_proba(s, f->cw, dtree_slim_leaf_of(s, x), sum);
    else
        dtree_add_proba(&f->trees[t], x, sum);
}

int forest_parse_max_features(const char *text, int d, Error *err)
{
    int m;
    if (strcmp(text, "sqrt") == 0) {
        m = (int)floor(sqrt((double)d));
    } else if (strcmp(text, "log2") == 0) {
        m = (int)floor(log2((double)d));
    } else if (strcmp(text, "all") == 0) {
        m = d;
    } else {
        char *end;
        double v = strtod(text, &end);
        if (end == text || *end != '\0' || !(v > 0))
            return error_set(err, ERR_USAGE,
                             "parameter max_features=%s is not sqrt, log2, all, a fraction in "
                             "(0, 1) or a count",
                             text);
        if (v < 1) {
            m = (int)floor(v * d); /* a fraction of the features */
        } else {
            if (v != floor(v))
                return error_set(err, ERR_USAGE,
                                 "parameter max_features=%s: a count must be a whole number "
                                 "(or give a fraction in (0, 1))",
                                 text);
            m = v > d ? d : (int)v;
        }
    }
    return m < 1 ? 1 : m > d ? d : m;
}

static void forest_destroy(void *model)
{
    Forest *f = model;
    if (!f)
        return;
    if (f->trees)
        for (int t = 0; t < f->n_trees; t++)
            dtree_free(&f->trees[t]);
    if (f->slim)
        for (int t = 0; t < f->n_trees; t++)
            dtree_slim_free(&f->slim[t]);
    free(f->slim);
    dtree_free(&f->shown);
    if (f->in_bag)
        for (int t = 0; t < f->n_trees; t++)
            free(f->in_bag[t]);
    free(f->in_bag);
    if (f->oob_leaf)
        for (int t = 0; t < f->n_trees; t++)
            free(f->oob_leaf[t]);
    free(f->oob_leaf);
    free(f->trees);
    free(f->rngs);
    dtree_data_free(f->data);
    dtree_names_free(f->feature_names, f->n_features);
    dtree_names_free(f->class_names, f->n_classes);
    free(f->oob_sum);
    free(f->oob_votes);
    free(f->cw);
    free(f);
}

static void read_forest_params(Forest *f, const Params *params, int mf)
{
    f->n_trees = params_int(params, "n_trees");
    f->bootstrap = params_bool(params, "bootstrap");
    f->max_features = mf;
    dtree_config_read(&f->cfg, params);
    f->n_jobs = f->cfg.n_threads; /* n_jobs: trees grown at once */
    if (f->n_jobs > f->n_trees)
        f->n_jobs = f->n_trees;
    f->cfg.max_features = mf;
    f->cfg.n_threads = 1; /* parallel over trees, not inside one */
    f->cfg.depth_first = true; /* small nodes stay in cache (dtree_internal.h) */
}

static int alloc_forest(Forest *f, const Dataset *train)
{
    int n = f->n_train, d = f->n_features, k = f->n_classes;
    bool oom = false;
    f->trees = calloc((size_t)f->n_trees, sizeof *f->trees);
    f->slim = calloc((size_t)f->n_trees, sizeof *f->slim);
    f->shown_index = -1;
    f->rngs = malloc((size_t)f->n_trees * sizeof *f->rngs);
    f->in_bag = calloc((size_t)f->n_trees, sizeof *f->in_bag);
    f->oob_leaf = calloc((size_t)f->n_trees, sizeof *f->oob_leaf);
    f->oob_sum = calloc((size_t)n * (size_t)k, sizeof *f->oob_sum);
    f->oob_votes = calloc((size_t)n, sizeof *f->oob_votes);
    f->feature_names = dtree_names_copy(train->feature_names, d, &oom);
    f->class_names = dtree_names_copy(train->class_names, k, &oom);
    return oom || !f->trees || !f->slim || !f->rngs || !f->in_bag || !f->oob_leaf || !f->oob_sum ||
                   !f->oob_votes
               ? -1
               : 0;
}

static void *forest_create(const Params *params, const Dataset *train, Rng *rng, Error *err)
{
    if (dtree_check_training_set(train, "random_forest", err) < 0)
        return NULL;
    int d = train->X.cols;
    if (d < 1) {
        error_set(err, ERR_DATA, "the training part is empty");
        return NULL;
    }
    int mf = forest_parse_max_features(params_str(params, "max_features"), d, err);
    if (mf < 0)
        return NULL;
    Forest *f = calloc(1, sizeof *f);
    if (!f) {
        error_set(err, ERR_NOMEM, "out of memory");
        return NULL;
    }
    read_forest_params(f, params, mf);
    f->n_features = d;
    f->n_classes = train->n_classes;
    f->n_train = train->X.rows;
    f->oob_accuracy = NAN;
    if (dtree_check_budget(&f->cfg, f->n_train, f->n_classes, f->n_trees, "random_forest",
                           err) < 0) {
        free(f);
        return NULL;
    }
    bool any;
    if (!(f->cw = class_weights_alloc(params_str(params, "class_weight"), train, &any, err)) &&
        any) {
        free(f);
        return NULL;
    }
    f->cfg.cw = f->cw;
    if (alloc_forest(f, train) < 0) {
        forest_destroy(f);
        error_set(err, ERR_NOMEM, "out of memory for the forest");
        return NULL;
    }
    /* One generator per tree, split off in tree order: tree t does not
     * depend on which thread grows it or when. */
    for (int t = 0; t < f->n_trees; t++)
        f->rngs[t] = rng_split(rng);
    return f;
}

/* Tree t's bootstrap sample: n draws with replacement, kept as the distinct
 * rows drawn (in row order, so the builder reads the shared codes in
 * increasing order) and how often each was drawn; *count of them. */
static int draw_sample(Forest *f, int t, Rng *r, int **rows, int **weights, int *count)
{
    int n = f->n_train;
    int *times = calloc((size_t)n, sizeof *times);
    free(f->in_bag[t]); /* from a cancelled attempt */
    f->in_bag[t] = malloc((size_t)n);
    if (!times || !f->in_bag[t]) {
        free(times);
        return -1;
    }
    for (int i = 0; i < n; i++)
        times[rng_below(r, (uint32_t)n)]++;
    int m = 0;
    for (int i = 0; i < n; i++) {
        f->in_bag[t][i] = times[i] > 0;
        m += times[i] > 0;
    }
    *rows = malloc((size_t)m * sizeof **rows);
    if (!*rows) {
        free(times);
        return -1;
    }
    for (int i = 0, pos = 0; i < n; i++)
        if (times[i] > 0) {
            (*rows)[pos] = i;
            times[pos++] = times[i]; /* pos <= i: the counts move down in place */
        }
    *weights = times;
    *count = m;
    return 0;
}

/* The leaf of every row tree t did not see (the slow part of its
 * out-of-bag votes, done by the thread that grew it). */
static int find_oob_leaves(Forest *f, int t)
{
    free(f->oob_leaf[t]); /* from a cancelled attempt */
    int *leaf = f->oob_leaf[t] = malloc((size_t)f->n_train * sizeof *leaf);
    if (!leaf)
        return -1;
    for (int i = 0; i < f->n_train; i++)
        leaf[i] = f->in_bag[t][i] ? -1 : dtree_leaf_of_row(&f->trees[t], f->data, i);
    return 0;
}

/* Keep tree t slim (when it can be: else it stays as it is); its
 * out-of-bag leaves become leaf indices. */
static void keep_slim(Forest *f, int t)
{
    DtreeSlim *s = &f->slim[t];
    dtree_slim_free(s); /* from a cancelled attempt */
    if (dtree_slim_from(s, &f->trees[t]) < 0)
        return;
    int *leaf = f->oob_leaf[t];
    for (int i = 0; leaf && i < f->n_train; i++)
        if (leaf[i] >= 0)
            leaf[i] = s->node[leaf[i]].link;
    dtree_free(&f->trees[t]);
}

/* Grow tree t: draw its bootstrap sample, then the tree, then find the
 * leaves of its out-of-bag rows.  Thread-safe: it touches only tree t's
 * slots and the shared read-only data. */
static int grow_tree(Forest *f, int t, Error *err)
{
    Rng r = f->rngs[t];
    int count = f->n_train;
    int *rows = NULL, *weights = NULL;
    if (f->bootstrap && draw_sample(f, t, &r, &rows, &weights, &count) < 0)
        return error_set(err, ERR_NOMEM, "out of memory for a bootstrap sample");
    Dtree *tree = &f->trees[t];
    int rc = dtree_grow_weighted(f->data, &f->cfg, rows, weights, count, &r, tree, err);
    free(rows);
    free(weights);
    tree->feature_names = f->feature_names;
    tree->class_names = f->class_names;
    if (rc == 0 && f->bootstrap && find_oob_leaves(f, t) < 0)
        return error_set(err, ERR_NOMEM, "out of memory for the out-of-bag rows");
    if (rc == 0)
        keep_slim(f, t);
    return rc;
}

/* A batch of trees grown at once: tree first + q is item q. */
typedef struct BatchJob {
    Forest *f;
    int first;
    int rc[64];
    Error errs[64];
} BatchJob;

static void grow_item(void *ctx, int q, int worker)
{
    (void)worker;
    BatchJob *job = ctx;
    job->rc[q] = grow_tree(job->f, job->first + q, &job->errs[q]);
}

/* Add tree t's votes on the rows it did not see, and refresh the estimate. */
static void add_oob_votes(Forest *f, int t, const Dataset *train)
{
    if (!f->bootstrap || !f->oob_leaf[t])
        return;
    int k = f->n_classes;
    const int *leaf = f->oob_leaf[t];
    for (int i = 0; i < f->n_train; i++) {
        if (leaf[i] < 0)
            continue;
        float *sum = f->oob_sum + (size_t)i * (size_t)k;
        if (f->slim[t].n_nodes)
            dtree_slim_add_leaf_proba(&f->slim[t], f->cw, leaf[i], sum);
        else
            dtree_add_leaf_proba(&f->trees[t], leaf[i], sum);
        f->oob_votes[i]++;
    }
    int right = 0, voted = 0;
    for (int i = 0; i < f->n_train; i++) {
        if (!f->oob_votes[i])
            continue;
        voted++;
        right += vec_argmax(f->oob_sum + (size_t)i * (size_t)k, k) == train->y[i];
    }
    f->oob_rows = voted;
    f->oob_accuracy = voted ? (double)right / voted : NAN;
}

/* Grow the next batch, one tree per thread.  Small data is grown one tree at
 * a time: a tree of a few thousand cells takes less time than waking a
 * second thread, above all on a busy machine. */
static int grow_batch(Forest *f, Error *err)
{
    int first = f->grown;
    int jobs = (long)f->n_train * f->n_features >= FOREST_PARALLEL_MIN_CELLS ? f->n_jobs : 1;
    int count = f->n_trees - first < jobs ? f->n_trees - first : jobs;
    BatchJob job = { f, first, { 0 }, { { 0 } } };
    dtree_parallel_for(count, count, grow_item, &job);
    for (int q = 0; q < count; q++)
        if (job.rc[q] < 0) {
            if (err)
                *err = job.errs[q];
            return -1;
        }
    f->grown = first + count;
    return 0;
}

static void trace_tree(const Forest *f, int t, Trace *trace)
{
    int nodes, leaves, depth;
    tree_sizes(f, t, &nodes, &leaves, &depth);
    char text[TRACE_TEXT_LEN];
    if (f->bootstrap)
        snprintf(text, sizeof text,
                 "tree %d/%d: %d leaves, depth %d, OOB accuracy so far %.3f (%d rows)", t + 1,
                 f->n_trees, leaves, depth, f->oob_accuracy, f->oob_rows);
    else
        snprintf(text, sizeof text, "tree %d/%d: %d leaves, depth %d (no bootstrap: no OOB)",
                 t + 1, f->n_trees, leaves, depth);
    trace_emitv(trace, TRACE_STEP, "tree", text, "tree", (double)(t + 1), "leaves",
                (double)leaves, "depth", (double)depth, "nodes", (double)nodes, "oob_acc",
                f->oob_accuracy, TRACE_END);
}

static void finish_forest(Forest *f, Trace *trace)
{
    char text[TRACE_TEXT_LEN];
    f->done = true;
    dtree_data_free(f->data);
    f->data = NULL;
    if (f->bootstrap)
        snprintf(text, sizeof text, "forest complete: %d trees, OOB accuracy %.4f on %d of %d rows",
                 f->n_trees, f->oob_accuracy, f->oob_rows, f->n_train);
    else
        snprintf(text, sizeof text, "forest complete: %d trees", f->n_trees);
    trace_emitv(trace, TRACE_NOTE, "done", text, "oob_acc", f->oob_accuracy, TRACE_END);
}

/* The features as codes, by column and (byte codes) by row: made at the
 * first step, shared by the trees, freed when the forest is complete. */
static int make_data(Forest *f, const Dataset *train, Error *err)
{
    if (!f->data && !(f->data = dtree_data_new(train, f->n_jobs, err)))
        return -1;
    return f->data->row_codes ? 0 : dtree_data_add_row_codes(f->data, err);
}

static StepStatus forest_step(void *model, const Dataset *train, Trace *trace, Error *err)
{
    Forest *f = model;
    if (f->done)
        return STEP_DONE;
    if (trace_cancelled(trace))
        return error_set(err, ERR_CANCELLED, "cancelled"), STEP_ERROR;
    if (train->X.rows != f->n_train || train->X.cols != f->n_features) {
        error_set(err, ERR_INTERNAL, "random_forest: step got a different training set");
        return STEP_ERROR;
    }
    if (make_data(f, train, err) < 0)
        return STEP_ERROR;
    f->cfg.cancel = trace; /* the trees of a batch poll it between splits */
    if (f->built == f->grown && grow_batch(f, err) < 0)
        return STEP_ERROR;
    /* Add the next finished tree. */
    int t = f->built++;
    add_oob_votes(f, t, train);
    free(f->in_bag[t]);
    f->in_bag[t] = NULL;
    free(f->oob_leaf[t]);
    f->oob_leaf[t] = NULL;
    trace_tree(f, t, trace);
    trace_progress(trace, (double)f->built / f->n_trees); /* per tree (issue 12) */
    if (f->built < f->n_trees)
        return STEP_MORE;
    finish_forest(f, trace);
    return STEP_DONE;
}

/* Predicting a block of rows (a parallel-loop item).  Trees are the outer
 * loop: one tree's nodes stay in cache while it places every row of the
 * block, instead of all the trees being walked for each row in turn. */
typedef struct PredictJob {
    const Forest *f;
    const Mat *X;
    int *labels;
    float *scores;
    float *scratch;  /* per worker: PREDICT_BLOCK x n_classes sums */
    float *xbuf;     /* per worker: PREDICT_BLOCK rows of a byte-backed X as floats
                        (mat.h), or NULL */
} PredictJob;

enum { PREDICT_BLOCK = 512 };

static void predict_block(void *ctx, int blk, int worker)
{
    PredictJob *job = ctx;
    const Forest *f = job->f;
    int k = f->n_classes;
    int first = blk * PREDICT_BLOCK;
    int count = job->X->rows - first < PREDICT_BLOCK ? job->X->rows - first : PREDICT_BLOCK;
    float *sum = job->scratch + (size_t)worker * PREDICT_BLOCK * (size_t)k;
    memset(sum, 0, (size_t)count * (size_t)k * sizeof *sum);
    size_t d = (size_t)job->X->cols;
    const float *x = mat_rows_f32(job->X, first, count,
                                  job->xbuf ? job->xbuf + (size_t)worker * PREDICT_BLOCK * d : NULL);
    for (int t = 0; t < f->built; t++)
        for (int i = 0; i < count; i++)
            tree_add_proba(f, t, x + (size_t)i * d, sum + (size_t)i * (size_t)k);
    for (int i = 0; i < count; i++) {
        const float *row = sum + (size_t)i * (size_t)k;
        if (job->labels)
            job->labels[first + i] = vec_argmax(row, k);
        if (job->scores) {
            float *out = job->scores + (size_t)(first + i) * (size_t)k;
            for (int c = 0; c < k; c++)
                out[c] = f->built ? row[c] / (float)f->built : 1.0f / (float)k;
        }
    }
}

static int forest_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    const Forest *f = model;
    if (X->cols != f->n_features)
        return error_set(err, ERR_DATA, "random_forest: %d features given, the model has %d",
                         X->cols, f->n_features);
    int blocks = (X->rows + PREDICT_BLOCK - 1) / PREDICT_BLOCK;
    /* Rows are independent: blocks go to the cores when there is enough work. */
    int nt = (long)X->rows * f->built >= 50000L ? f->n_jobs : 1;
    PredictJob job = { .f = f, .X = X, .labels = labels, .scores = scores };
    size_t workers = (size_t)(nt > 0 ? nt : 1);
    job.scratch = malloc(workers * PREDICT_BLOCK * (size_t)f->n_classes * sizeof(float));
    if (mat_is_bytes(X))
        job.xbuf = malloc(workers * PREDICT_BLOCK * (size_t)X->cols * sizeof(float));
    if (!job.scratch || (mat_is_bytes(X) && !job.xbuf)) {
        free(job.scratch);
        free(job.xbuf);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    dtree_parallel_for(nt, blocks, predict_block, &job);
    free(job.scratch);
    free(job.xbuf);
    return 0;
}

static void forest_model_json(const void *model, const Dataset *train, StrBuf *sb)
{
    (void)train;
    const Forest *f = model;
    long nodes = 0, leaves = 0;
    int depth = 0;
    for (int t = 0; t < f->built; t++) {
        int tn, tl, td;
        tree_sizes(f, t, &tn, &tl, &td);
        nodes += tn;
        leaves += tl;
        depth = td > depth ? td : depth;
    }
    sb_printf(sb, "{\"trees\": %d, \"max_features\": %d, \"nodes\": %ld, \"leaves\": %ld, "
                  "\"max_depth\": %d, \"mean_leaves\": ",
              f->built, f->max_features, nodes, leaves, depth);
    sb_json_double(sb, f->built ? (double)leaves / f->built : 0.0);
    sb_append(sb, ", \"oob_accuracy\": ");
    sb_json_double(sb, f->oob_accuracy);
    sb_append(sb, "}");
}

static const ParamSpec forest_params[] = {
    { "n_trees", PARAM_INT, "100", 1, 10000, NULL, "number of trees" },
    { "max_features", PARAM_STRING, "sqrt", 0, 0, NULL,
      "features tried per node: sqrt, log2, all, a fraction in (0, 1), or a count" },
    { "bootstrap", PARAM_BOOL, "true", 0, 1, NULL,
      "grow each tree on n rows drawn with replacement (and measure out-of-bag)" },
    DTREE_GROWTH_LIMIT_PARAMS,
    { "criterion", PARAM_CHOICE, "gini", 0, 0, "gini|entropy",
      "impurity each split lowers" },
    { "n_jobs", PARAM_INT, "0", 0, 64, NULL,
      "trees grown at once, one per thread (0 = every core; same forest either way)" },
    CLASS_WEIGHT_PARAM,
    { 0 },
};

const Algo algo_random_forest = {
    .name = "random_forest",
    .title = "Random forest",
    .summary = "Many decision trees on bootstrap samples with random features per split, averaged",
    .group = "classification",
    .kind = ALGO_CLASSIFIER,
    .params = forest_params,
    .default_scale = SCALE_NONE,
    .scores_are_probs = true,
    .takes_bytes = true,
    .create = forest_create,
    .step = forest_step,
    .predict = forest_predict,
    .destroy = forest_destroy,
    .model_json = forest_model_json,
    .save = forest_save, .load = forest_load, .check_data = forest_check_data, /* model_io.h */
};
