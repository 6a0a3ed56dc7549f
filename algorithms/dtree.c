/* algorithms/dtree.c - the CART decision tree classifier: the Dtree itself
 * (nodes, impurity, prediction, the preorder walk, the text rendering and
 * JSON summary the views and reports use) and algo_dtree, the Algo glue that
 * grows one tree a split per step.
 *
 * The rest of the tree lives in:
 *   dtree_parallel.c  the thread pool (dtree_parallel_for)
 *   dtree_data.c      DtreeData: the features recoded as ranks
 *   dtree_split.c     the split search (how a split is found and scored)
 *   dtree_build.c     DtreeBuilder: best-first growth, one split per step
 * and share the private dtree_internal.h. */
#include "dtree_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "budget.h"
#include "class_weight.h"
#include "model_io.h"

/* ======================================================================
 * The tree
 * ====================================================================== */

const char *dtree_criterion_name(DtreeCriterion c)
{
    return c == DTREE_ENTROPY ? "entropy" : "gini";
}

double dtree_impurity(DtreeCriterion c, const int *counts, int k)
{
    return dtree_impurity_w(c, counts, NULL, k);
}

/* Class i's weighted count. */
static inline double weighted(const int *counts, const float *cw, int i)
{
    return cw ? (double)cw[i] * counts[i] : (double)counts[i];
}

double dtree_impurity_w(DtreeCriterion c, const int *counts, const float *cw, int k)
{
    double n = 0.0;
    for (int i = 0; i < k; i++)
        n += weighted(counts, cw, i);
    if (n <= 0.0)
        return 0.0;
    double v = 0.0;
    if (c == DTREE_GINI) {
        /* 1 - sum p_c^2 */
        double sq = 0.0;
        for (int i = 0; i < k; i++)
            sq += weighted(counts, cw, i) * weighted(counts, cw, i);
        v = 1.0 - sq / (n * n);
    } else {
        /* -sum p_c log2 p_c */
        for (int i = 0; i < k; i++)
            if (weighted(counts, cw, i) > 0.0) {
                double p = weighted(counts, cw, i) / n;
                v -= p * log2(p);
            }
    }
    return v > 0.0 ? v : 0.0;
}

/* The class with the largest (weighted) count; ties to the lower class. */
static int majority(const int *counts, const float *cw, int k)
{
    int best = 0;
    for (int i = 1; i < k; i++)
        if (weighted(counts, cw, i) > weighted(counts, cw, best))
            best = i;
    return best;
}

void dtree_free(Dtree *t)
{
    if (!t)
        return;
    free(t->nodes);
    free(t->counts);
    t->nodes = NULL;
    t->counts = NULL;
    t->n_nodes = t->cap = 0;
}

/* Reset t to an empty tree for k classes and d features. */
void dtree_priv_tree_reset(Dtree *t, int d, int k, DtreeCriterion crit)
{
    char *const *fn = t->feature_names;
    char *const *cn = t->class_names;
    const float *cw = t->cw;
    memset(t, 0, sizeof *t);
    t->cw = cw;
    t->n_features = d;
    t->n_classes = k;
    t->criterion = crit;
    t->last_split = -1;
    t->feature_names = fn;
    t->class_names = cn;
}

/* Append a leaf with these class counts; returns its id or -1. */
int dtree_priv_tree_add_node(Dtree *t, int parent, int depth, const int *counts, Error *err)
{
    int k = t->n_classes;
    if (t->n_nodes == t->cap) {
        int cap = t->cap ? t->cap * 2 : 64;
        DtreeNode *nodes = realloc(t->nodes, (size_t)cap * sizeof *nodes);
        if (!nodes)
            return error_set(err, ERR_NOMEM, "out of memory for tree nodes");
        t->nodes = nodes;
        int *cnt = realloc(t->counts, (size_t)cap * (size_t)k * sizeof *cnt);
        if (!cnt)
            return error_set(err, ERR_NOMEM, "out of memory for tree nodes");
        t->counts = cnt;
        t->cap = cap;
    }
    int id = t->n_nodes++;
    DtreeNode *nd = &t->nodes[id];
    int n = 0;
    for (int c = 0; c < k; c++)
        n += counts[c];
    nd->parent = parent;
    nd->left = nd->right = -1;
    nd->depth = depth;
    nd->feature = -1;
    nd->threshold = 0.0;
    nd->impurity = dtree_impurity_w(t->criterion, counts, t->cw, k);
    nd->n_samples = n;
    nd->prediction = majority(counts, t->cw, k);
    nd->split_order = 0;
    memcpy(t->counts + (size_t)id * (size_t)k, counts, (size_t)k * sizeof *counts);
    if (depth > t->depth)
        t->depth = depth;
    t->n_leaves++;
    return id;
}

/* Give back the unused tail of the node arrays (forests keep many trees). */
void dtree_priv_tree_shrink(Dtree *t)
{
    if (t->n_nodes == 0 || t->n_nodes == t->cap)
        return;
    DtreeNode *nodes = realloc(t->nodes, (size_t)t->n_nodes * sizeof *nodes);
    if (nodes)
        t->nodes = nodes;
    int *cnt = realloc(t->counts, (size_t)t->n_nodes * (size_t)t->n_classes * sizeof *cnt);
    if (cnt)
        t->counts = cnt;
    if (nodes && cnt)
        t->cap = t->n_nodes;
}

const char *dtree_feature_name(const Dtree *t, int j, char *buf, size_t size)
{
    if (t->feature_names && t->feature_names[j])
        return t->feature_names[j];
    snprintf(buf, size, "x[%d]", j);
    return buf;
}

const char *dtree_class_name(const Dtree *t, int c, char *buf, size_t size)
{
    if (t->class_names && t->class_names[c])
        return t->class_names[c];
    snprintf(buf, size, "class %d", c);
    return buf;
}

int dtree_leaf_of(const Dtree *t, const float *x)
{
    int id = 0;
    if (t->n_nodes == 0)
        return -1;
    while (t->nodes[id].left >= 0) {
        const DtreeNode *nd = &t->nodes[id];
        id = (double)x[nd->feature] <= nd->threshold ? nd->left : nd->right;
    }
    return id;
}

/* The fraction of class c among the training rows of leaf (leaf < 0, an
 * empty tree, or a leaf without rows: every class alike). */
float dtree_counts_fraction(const int *counts, int n_samples, const float *cw, int k, int c)
{
    double n = n_samples;
    for (int q = 0; cw && q < k; q++)
        n += weighted(counts, cw, q) - counts[q]; /* the weighted size */
    return n > 0 ? (float)(weighted(counts, cw, c) / n) : 1.0f / (float)k;
}

static inline float leaf_fraction(const Dtree *t, int leaf, int c)
{
    if (leaf < 0)
        return 1.0f / (float)t->n_classes;
    return dtree_counts_fraction(dtree_node_counts(t, leaf), t->nodes[leaf].n_samples, t->cw,
                                 t->n_classes, c);
}

void dtree_predict_proba(const Dtree *t, const float *x, float *probs)
{
    int leaf = dtree_leaf_of(t, x);
    for (int c = 0; c < t->n_classes; c++)
        probs[c] = leaf_fraction(t, leaf, c);
}

void dtree_add_proba(const Dtree *t, const float *x, float *sum)
{
    int leaf = dtree_leaf_of(t, x);
    for (int c = 0; c < t->n_classes; c++)
        sum[c] += leaf_fraction(t, leaf, c);
}

void dtree_add_leaf_proba(const Dtree *t, int leaf, float *sum)
{
    for (int c = 0; c < t->n_classes; c++)
        sum[c] += leaf_fraction(t, leaf, c);
}

/* The code of feature j of training row i. */
static inline uint32_t data_code(const DtreeData *data, int i, int j)
{
    if (data->row_codes)
        return data->row_codes[(size_t)i * (size_t)data->d + (size_t)j];
    switch (data->width[j]) {
    case 1: return ((const uint8_t *)data->codes[j])[i];
    case 2: return ((const uint16_t *)data->codes[j])[i];
    default: return ((const uint32_t *)data->codes[j])[i];
    }
}

int dtree_leaf_of_row(const Dtree *t, const DtreeData *data, int i)
{
    int id = 0;
    if (t->n_nodes == 0)
        return -1;
    while (t->nodes[id].left >= 0) {
        const DtreeNode *nd = &t->nodes[id];
        float x = data->values[nd->feature][data_code(data, i, nd->feature)];
        id = (double)x <= nd->threshold ? nd->left : nd->right;
    }
    return id;
}

/* Preorder walk (left child first) with an explicit stack, so a degenerate
 * chain as deep as the data does not overflow the C stack. */
int dtree_preorder(const Dtree *t, int max_depth, int *ids, int cap)
{
    if (t->n_nodes == 0)
        return 0;
    int *stack = malloc((size_t)t->n_nodes * sizeof *stack);
    if (!stack)
        return 0;
    int top = 0, count = 0;
    stack[top++] = 0;
    while (top > 0) {
        int id = stack[--top];
        if (count < cap)
            ids[count] = id;
        count++;
        const DtreeNode *nd = &t->nodes[id];
        if (nd->left >= 0 && (max_depth < 0 || nd->depth < max_depth)) {
            stack[top++] = nd->right;
            stack[top++] = nd->left;
        }
    }
    free(stack);
    return count;
}

static int subtree_size(const Dtree *t, int id)
{
    /* Node ids of a subtree are not contiguous (best-first growth), so count
     * by walking. */
    int *stack = malloc((size_t)t->n_nodes * sizeof *stack);
    if (!stack)
        return 0;
    int top = 0, count = 0;
    stack[top++] = id;
    while (top > 0) {
        const DtreeNode *nd = &t->nodes[stack[--top]];
        count++;
        if (nd->left >= 0) {
            stack[top++] = nd->right;
            stack[top++] = nd->left;
        }
    }
    free(stack);
    return count;
}

static void render_counts(const Dtree *t, int id, StrBuf *sb)
{
    const int *cnt = dtree_node_counts(t, id);
    sb_append(sb, "[");
    for (int c = 0; c < t->n_classes; c++)
        sb_printf(sb, c ? " %d" : "%d", cnt[c]);
    sb_append(sb, "]");
}

/* The four-column-wide pieces of the drawing. */
typedef struct Glyphs {
    const char *pipe, *tee, *elbow;
} Glyphs;

/* The columns before node id: one per ancestor below the root, a bar while
 * that ancestor is a "yes" child (its "no" sibling is still to come); then
 * the branch to id itself.  path has room for depth + 1 ids. */
static void render_prefix(const Dtree *t, int id, int *path, const Glyphs *g, StrBuf *sb)
{
    const DtreeNode *nd = &t->nodes[id];
    /* path[0..depth] = the ancestors from the root down to id. */
    int a = id;
    for (int dd = nd->depth; dd >= 0; dd--) {
        path[dd] = a;
        a = t->nodes[a].parent;
    }
    for (int dd = 1; dd < nd->depth; dd++) {
        bool is_left = t->nodes[t->nodes[path[dd]].parent].left == path[dd];
        sb_append(sb, is_left ? g->pipe : "    ");
    }
    if (nd->depth > 0) {
        bool is_left = t->nodes[nd->parent].left == id;
        sb_append(sb, is_left ? g->tee : g->elbow);
        sb_append(sb, is_left ? "yes: " : "no:  ");
    }
}

/* Node id's own text: its test or class, impurity, samples, counts, marks. */
static void render_node(const Dtree *t, int id, const DtreeRenderOptions *opt, StrBuf *sb)
{
    const DtreeNode *nd = &t->nodes[id];
    char b1[32], b2[32];
    if (nd->left >= 0)
        sb_printf(sb, "%s <= %.4g", dtree_feature_name(t, nd->feature, b1, sizeof b1),
                  nd->threshold);
    else
        sb_append(sb, dtree_class_name(t, nd->prediction, b2, sizeof b2));
    sb_printf(sb, "  (%s %.3g, %d samples, ", dtree_criterion_name(t->criterion), nd->impurity,
              nd->n_samples);
    render_counts(t, id, sb);
    sb_append(sb, ")");
    if (nd->left >= 0 && opt->max_depth >= 0 && nd->depth >= opt->max_depth)
        sb_printf(sb, " [+%d nodes]", subtree_size(t, id) - 1);
    if (opt->mark_newest && id == t->last_split)
        sb_append(sb, opt->ascii ? "  <- newest" : "  \u25c0 newest");
    sb_append(sb, "\n");
}

void dtree_render(const Dtree *t, const DtreeRenderOptions *opt, StrBuf *sb)
{
    DtreeRenderOptions def = { -1, false, false };
    if (!opt)
        opt = &def;
    if (t->n_nodes == 0) {
        sb_append(sb, "(empty tree)\n");
        return;
    }
    int n = dtree_preorder(t, opt->max_depth, NULL, 0);
    int *ids = malloc((size_t)n * sizeof *ids);
    int *path = malloc((size_t)(t->depth + 1) * sizeof *path);
    if (!ids || !path) {
        free(ids);
        free(path);
        sb->failed = true;
        return;
    }
    dtree_preorder(t, opt->max_depth, ids, n);
    /* Every level is four columns wide. */
    const Glyphs g = {
        opt->ascii ? "|   " : "\u2502   ",
        opt->ascii ? "|-- " : "\u251c\u2500\u2500 ",
        opt->ascii ? "`-- " : "\u2514\u2500\u2500 ",
    };
    for (int i = 0; i < n; i++) {
        render_prefix(t, ids[i], path, &g, sb);
        render_node(t, ids[i], opt, sb);
    }
    free(ids);
    free(path);
}

void dtree_summary_json(const Dtree *t, StrBuf *sb)
{
    sb_printf(sb, "{\"nodes\": %d, \"leaves\": %d, \"depth\": %d, \"splits\": %d, \"criterion\": ",
              t->n_nodes, t->n_leaves, t->depth, t->n_splits);
    sb_json_string(sb, dtree_criterion_name(t->criterion));
    sb_append(sb, "}");
}

/* ======================================================================
 * algo_dtree
 * ====================================================================== */

typedef struct DtreeModel {
    Dtree tree;
    DtreeConfig cfg;
    DtreeData *data;
    DtreeBuilder *builder;
    char **feature_names, **class_names; /* owned copies */
    float *cw;            /* class weights (class_weight), or NULL */
    int n_features, n_classes, n_train;
    long train_correct;   /* rows of the training part the tree now gets right */
    bool root_counted;    /* train_correct started from the root */
    bool done;
} DtreeModel;

const Dtree *dtree_of(const void *model)
{
    return model ? &((const DtreeModel *)model)->tree : NULL;
}

Dtree *dtree_tree_of(void *model)
{
    return model ? &((DtreeModel *)model)->tree : NULL;
}

void dtree_names_free(char **names, int n)
{
    if (!names)
        return;
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

char **dtree_names_copy(char *const *src, int n, bool *oom)
{
    if (!src)
        return NULL;
    char **out = calloc((size_t)n, sizeof *out);
    if (!out) {
        *oom = true;
        return NULL;
    }
    for (int i = 0; i < n; i++)
        if (src[i] && !(out[i] = strdup(src[i])))
            *oom = true;
    return out;
}

static void dtree_destroy(void *model)
{
    DtreeModel *m = model;
    if (!m)
        return;
    dtree_builder_free(m->builder);
    dtree_data_free(m->data);
    dtree_free(&m->tree);
    dtree_names_free(m->feature_names, m->n_features);
    dtree_names_free(m->class_names, m->n_classes);
    free(m->cw);
    free(m);
}

int dtree_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

int dtree_check_budget(const DtreeConfig *cfg, int n, int k, int n_trees, const char *name,
                       Error *err)
{
    size_t nodes = budget_mul((size_t)n, 2);
    if (cfg->max_depth > 0 && cfg->max_depth < 40 && ((size_t)2 << cfg->max_depth) < nodes)
        nodes = (size_t)2 << cfg->max_depth;
    size_t per_node = budget_add(budget_mul((size_t)k, sizeof(int)), 64);
    size_t bytes = budget_mul(budget_mul(nodes, per_node), (size_t)n_trees);
    char what[160];
    snprintf(what, sizeof what, "%s on %d rows of %d classes (%d tree%s of up to %zu nodes)", name,
             n, k, n_trees, n_trees == 1 ? "" : "s", nodes);
    return budget_check(bytes, what, err);
}

int dtree_check_training_set(const Dataset *train, const char *name, Error *err)
{
    if (!train->y || train->n_classes < 1)
        return error_set(err, ERR_DATA, "%s is a classifier: the target must be class labels",
                         name);
    if (train->X.rows < 1)
        return error_set(err, ERR_DATA, "the training part is empty");
    int *counts = calloc((size_t)train->n_classes, sizeof *counts);
    if (!counts)
        return error_set(err, ERR_NOMEM, "out of memory");
    int present = 0; /* classes with at least one row */
    for (int i = 0; i < train->X.rows; i++)
        if (train->y[i] >= 0 && train->y[i] < train->n_classes && counts[train->y[i]]++ == 0)
            present++;
    free(counts);
    if (present < 2)
        return error_set(err, ERR_DATA, "the training part has a single class: nothing to learn");
    return 0;
}

void dtree_config_read(DtreeConfig *cfg, const Params *params)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->criterion =
        strcmp(params_str(params, "criterion"), "entropy") == 0 ? DTREE_ENTROPY : DTREE_GINI;
    cfg->max_depth = params_int(params, "max_depth");
    cfg->min_samples_split = params_int(params, "min_samples_split");
    cfg->min_samples_leaf = params_int(params, "min_samples_leaf");
    int jobs = params_int(params, "n_jobs");
    cfg->n_threads = jobs > 0 ? jobs : dtree_default_threads();
}

static void *dtree_create(const Params *params, const Dataset *train, Rng *rng, Error *err)
{
    if (dtree_check_training_set(train, "dtree", err) < 0)
        return NULL;
    DtreeModel *m = calloc(1, sizeof *m);
    if (!m) {
        error_set(err, ERR_NOMEM, "out of memory");
        return NULL;
    }
    m->n_features = train->X.cols;
    m->n_classes = train->n_classes;
    m->n_train = train->X.rows;
    dtree_config_read(&m->cfg, params); /* every feature tried at every node */
    if (dtree_check_budget(&m->cfg, m->n_train, m->n_classes, 1, "dtree", err) < 0) {
        dtree_destroy(m);
        return NULL;
    }
    bool oom = false;
    m->feature_names = dtree_names_copy(train->feature_names, m->n_features, &oom);
    m->class_names = dtree_names_copy(train->class_names, m->n_classes, &oom);
    if (oom) {
        dtree_destroy(m);
        error_set(err, ERR_NOMEM, "out of memory");
        return NULL;
    }
    bool any;
    if (!(m->cw = class_weights_alloc(params_str(params, "class_weight"), train, &any, err)) &&
        any) {
        dtree_destroy(m);
        return NULL;
    }
    m->cfg.cw = m->cw;
    dtree_priv_tree_reset(&m->tree, m->n_features, m->n_classes, m->cfg.criterion);
    m->tree.feature_names = m->feature_names;
    m->tree.class_names = m->class_names;
    m->tree.cw = m->cw;
    (void)rng; /* a single tree that tries every feature is deterministic */
    return m;
}

/* The first step: the recoded data and the builder. */
static int start_builder(DtreeModel *m, const Dataset *train, Error *err)
{
    if (train->X.rows != m->n_train || train->X.cols != m->n_features)
        return error_set(err, ERR_INTERNAL, "dtree: step got a different training set");
    m->data = dtree_data_new(train, m->cfg.n_threads, err);
    if (!m->data)
        return -1;
    m->builder = dtree_builder_new(m->data, &m->cfg, NULL, 0, NULL, &m->tree, err);
    return m->builder ? 0 : -1;
}

/* The split s turns one leaf into two: training accuracy moves by the
 * children's majority counts minus the parent's; the trace says so. */
static void record_split(DtreeModel *m, const DtreeSplit *s, Trace *trace)
{
    const Dtree *t = &m->tree;
    const DtreeNode *nd = &t->nodes[s->node];
    m->train_correct += dtree_node_counts(t, nd->left)[t->nodes[nd->left].prediction] +
                        dtree_node_counts(t, nd->right)[t->nodes[nd->right].prediction] -
                        dtree_node_counts(t, s->node)[nd->prediction];
    char fb[32], text[TRACE_TEXT_LEN];
    const char *crit = dtree_criterion_name(t->criterion);
    snprintf(text, sizeof text,
             "node %d (%d samples): split on `%s` \u2264 %.4g, %s %.3f \u2192 %.3f (%d) / "
             "%.3f (%d)",
             s->node, s->n_samples, dtree_feature_name(t, s->feature, fb, sizeof fb),
             s->threshold, crit, s->impurity, s->impurity_left, s->n_left, s->impurity_right,
             s->n_right);
    trace_emitv(trace, TRACE_STEP, "split", text, "node", (double)s->node, "feature",
                (double)s->feature, "threshold", s->threshold, "samples", (double)s->n_samples,
                "impurity", s->impurity, "impurity_left", s->impurity_left, "impurity_right",
                s->impurity_right, "train_acc", (double)m->train_correct / m->n_train, TRACE_END);
}

/* The tree is grown: the builder and recoded data go, the trace says how it
 * ended. */
static void finish_tree(DtreeModel *m, Trace *trace)
{
    Dtree *t = &m->tree;
    m->done = true;
    dtree_builder_free(m->builder);
    m->builder = NULL;
    dtree_data_free(m->data);
    m->data = NULL;
    dtree_priv_tree_shrink(t);
    char text[TRACE_TEXT_LEN];
    if (t->n_splits == 0)
        snprintf(text, sizeof text, "no split possible: the tree is a single leaf");
    else
        snprintf(text, sizeof text,
                 "tree complete: %d splits, %d leaves, depth %d, training accuracy %.4f",
                 t->n_splits, t->n_leaves, t->depth, (double)m->train_correct / m->n_train);
    trace_emitv(trace, TRACE_NOTE, "done", text, "leaves", (double)t->n_leaves, "depth",
                (double)t->depth, "train_acc", (double)m->train_correct / m->n_train, TRACE_END);
}

static StepStatus dtree_step(void *model, const Dataset *train, Trace *trace, Error *err)
{
    DtreeModel *m = model;
    if (m->done)
        return STEP_DONE;
    /* One split is short: polling between steps is enough. */
    if (trace_cancelled(trace)) {
        error_set(err, ERR_CANCELLED, "cancelled");
        return STEP_ERROR;
    }
    if (!m->builder && start_builder(m, train, err) < 0)
        return STEP_ERROR;
    DtreeSplit s;
    int r = dtree_builder_step(m->builder, &s, err);
    if (r < 0)
        return STEP_ERROR;
    Dtree *t = &m->tree;
    if (!m->root_counted && t->n_nodes > 0) {
        /* the root alone predicts its majority class for every row */
        m->train_correct = dtree_node_counts(t, 0)[t->nodes[0].prediction];
        m->root_counted = true;
    }
    if (r > 0)
        record_split(m, &s, trace);
    if (r == 0 || dtree_builder_pending(m->builder) == 0) {
        finish_tree(m, trace);
        return STEP_DONE;
    }
    return STEP_MORE;
}

static int dtree_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    const DtreeModel *m = model;
    const Dtree *t = &m->tree;
    if (X->cols != m->n_features)
        return error_set(err, ERR_DATA, "dtree: %d features given, the model has %d", X->cols,
                         m->n_features);
    int k = t->n_classes;
    float *buf = NULL; /* a row of a byte-backed X as floats (mat.h) */
    if (mat_is_bytes(X) && !(buf = malloc((size_t)(X->cols ? X->cols : 1) * sizeof *buf)))
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < X->rows; i++) {
        const float *x = mat_rows_f32(X, i, 1, buf);
        int leaf = dtree_leaf_of(t, x);
        if (labels)
            labels[i] = leaf >= 0 ? t->nodes[leaf].prediction : 0;
        if (scores)
            dtree_predict_proba(t, x, scores + (size_t)i * (size_t)k);
    }
    free(buf);
    return 0;
}

static void dtree_model_json(const void *model, const Dataset *train, StrBuf *sb)
{
    (void)train;
    const DtreeModel *m = model;
    dtree_summary_json(&m->tree, sb);
}

static const ParamSpec dtree_params[] = {
    { "criterion", PARAM_CHOICE, "gini", 0, 0, "gini|entropy",
      "impurity a split lowers: gini (1 - sum p^2) or entropy (bits)" },
    DTREE_GROWTH_LIMIT_PARAMS,
    { "n_jobs", PARAM_INT, "0", 0, 64, NULL,
      "threads for the split search (0 = every core; the tree is the same)" },
    CLASS_WEIGHT_PARAM,
    { 0 },
};

const Algo algo_dtree = {
    .name = "dtree",
    .title = "Decision tree (CART)",
    .summary = "Greedy axis-aligned splits that lower gini or entropy, grown one split at a time",
    .group = "classification",
    .kind = ALGO_CLASSIFIER,
    .params = dtree_params,
    .default_scale = SCALE_NONE,
    .scores_are_probs = true,
    .takes_bytes = true,
    .create = dtree_create,
    .step = dtree_step,
    .predict = dtree_predict,
    .destroy = dtree_destroy,
    .model_json = dtree_model_json,
    .save = dtree_save, .load = dtree_load, .check_data = dtree_check_data, /* model_io.h */
};
