/* algorithms/dtree.c - the CART decision tree classifier.
 *
 * How a split is found.  Every feature is recoded once (DtreeData) as the
 * rank of each value among the feature's sorted distinct values, so a
 * threshold "x <= t" is "code <= c".  For a node with m rows and a feature
 * with V distinct values:
 *   - V <= HIST_MAX_BINS (pixels: V <= 256): a class histogram over the
 *     codes (one pass over the m rows), then a sweep over the codes present,
 *     in increasing order, moving each code's rows from the right side to
 *     the left.  Cost O(m + V/8 + present*K).  Exact, not binned: each
 *     boundary between two adjacent values present in the node is one
 *     candidate.
 *   - larger V: the node's (code, class) pairs are sorted and swept.
 * Every candidate threshold is the midpoint of the two adjacent distinct
 * values present in the node, computed in double (exact for floats).
 *
 * Scoring.  With l_c, r_c the class counts left and right (n_L, n_R rows):
 *   gini:    n_L G_L + n_R G_R = n - (sum l_c^2 / n_L + sum r_c^2 / n_R)
 *   entropy: n_L H_L + n_R H_R = (n_L log2 n_L - sum l_c log2 l_c) + (same, R)
 * so the best split maximises a "proxy" computed from integer counts alone
 * (for gini, the sums of squares are updated as rows move; for entropy
 * c log2 c comes from a table).
 * Ties: a candidate must be strictly better to replace the best so far;
 * candidates are visited feature by feature (index order for a plain tree,
 * the random draw order in a forest) and by increasing threshold, so among
 * equal splits the lowest feature index, then the lowest threshold, wins.
 * A node that is impure is split even when no split lowers the impurity (the
 * best zero-gain split is taken, as scikit-learn does), so XOR-like data
 * still gets a tree.
 *
 * Growth is best-first (see dtree.h): pending nodes sit in a max-heap keyed
 * by the weighted impurity decrease of their best split.  The data layout
 * the builder keeps is described at "The builder" below.
 *
 * The search and the partition of a big node run on n_threads threads; the
 * per-feature results are reduced in visiting order, so the tree does not
 * depend on the number of threads. */
#include "dtree.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Features with more distinct values than this use the sorting path. */
#define HIST_MAX_BINS 4096
/* ...and so do those whose histogram (bins x classes) would exceed this. */
#define HIST_MAX_CELLS (1 << 20)
/* A node's split search and partition use several threads only when the
 * node has at least this many row-feature cells: a parallel region costs a
 * wake-up and a barrier, which on a busy machine (a core taken by another
 * process) can stall for a time slice, so only big nodes are worth it. */
#define PARALLEL_MIN_WORK 2000000L

/* ======================================================================
 * Threads
 *
 * A parallel loop is a few plain pthreads that take items from a shared
 * counter; the caller works too and then joins them.  Threads that wait
 * block instead of spinning, so a busy machine (other processes on the
 * other core) costs no CPU time, only the wait.
 * ====================================================================== */

typedef struct ParallelJob {
    void (*fn)(void *ctx, int item, int worker);
    void *ctx;
    int count;
    int next; /* the next item to take (atomic) */
} ParallelJob;

typedef struct ParallelWorker {
    ParallelJob *job;
    int id;
} ParallelWorker;

static void *parallel_worker(void *arg)
{
    ParallelWorker *w = arg;
    for (;;) {
        int i = __atomic_fetch_add(&w->job->next, 1, __ATOMIC_RELAXED);
        if (i >= w->job->count)
            break;
        w->job->fn(w->job->ctx, i, w->id);
    }
    return NULL;
}

void dtree_parallel_for(int n_threads, int count, void (*fn)(void *ctx, int item, int worker),
                        void *ctx)
{
    enum { MAX_THREADS = 64 };
    ParallelJob job = { fn, ctx, count, 0 };
    ParallelWorker w[MAX_THREADS];
    pthread_t th[MAX_THREADS];
    int nt = n_threads < count ? n_threads : count;
    if (nt > MAX_THREADS)
        nt = MAX_THREADS;
    int started = 1; /* the caller is worker 0 */
    for (; started < nt; started++) {
        w[started].job = &job;
        w[started].id = started;
        if (pthread_create(&th[started], NULL, parallel_worker, &w[started]) != 0)
            break; /* fewer threads: the others take more items */
    }
    w[0].job = &job;
    w[0].id = 0;
    parallel_worker(&w[0]);
    for (int t = 1; t < started; t++)
        pthread_join(th[t], NULL);
}

/* ======================================================================
 * The tree
 * ====================================================================== */

const char *dtree_criterion_name(DtreeCriterion c)
{
    return c == DTREE_ENTROPY ? "entropy" : "gini";
}

double dtree_impurity(DtreeCriterion c, const int *counts, int k)
{
    long n = 0;
    for (int i = 0; i < k; i++)
        n += counts[i];
    if (n == 0)
        return 0.0;
    double v = 0.0;
    if (c == DTREE_GINI) {
        /* 1 - sum p_c^2 */
        double sq = 0.0;
        for (int i = 0; i < k; i++)
            sq += (double)counts[i] * (double)counts[i];
        v = 1.0 - sq / ((double)n * (double)n);
    } else {
        /* -sum p_c log2 p_c */
        for (int i = 0; i < k; i++)
            if (counts[i] > 0) {
                double p = (double)counts[i] / (double)n;
                v -= p * log2(p);
            }
    }
    return v > 0.0 ? v : 0.0;
}

static int majority(const int *counts, int k)
{
    int best = 0;
    for (int i = 1; i < k; i++)
        if (counts[i] > counts[best])
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
static void tree_reset(Dtree *t, int d, int k, DtreeCriterion crit)
{
    char *const *fn = t->feature_names;
    char *const *cn = t->class_names;
    memset(t, 0, sizeof *t);
    t->n_features = d;
    t->n_classes = k;
    t->criterion = crit;
    t->last_split = -1;
    t->feature_names = fn;
    t->class_names = cn;
}

/* Append a leaf with these class counts; returns its id or -1. */
static int tree_add_node(Dtree *t, int parent, int depth, const int *counts, Error *err)
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
    nd->impurity = dtree_impurity(t->criterion, counts, k);
    nd->n_samples = n;
    nd->prediction = majority(counts, k);
    nd->split_order = 0;
    memcpy(t->counts + (size_t)id * (size_t)k, counts, (size_t)k * sizeof *counts);
    if (depth > t->depth)
        t->depth = depth;
    t->n_leaves++;
    return id;
}

/* Give back the unused tail of the node arrays (forests keep many trees). */
static void tree_shrink(Dtree *t)
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
static inline float leaf_fraction(const Dtree *t, int leaf, int c)
{
    if (leaf < 0)
        return 1.0f / (float)t->n_classes;
    double n = t->nodes[leaf].n_samples;
    return n > 0 ? (float)(dtree_node_counts(t, leaf)[c] / n) : 1.0f / (float)t->n_classes;
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
    const char *pipe = opt->ascii ? "|   " : "\u2502   ";
    const char *tee = opt->ascii ? "|-- " : "\u251c\u2500\u2500 ";
    const char *elbow = opt->ascii ? "`-- " : "\u2514\u2500\u2500 ";
    const char *crit = dtree_criterion_name(t->criterion);
    char b1[32], b2[32];
    for (int i = 0; i < n; i++) {
        int id = ids[i];
        const DtreeNode *nd = &t->nodes[id];
        /* path[0..depth] = the ancestors from the root down to id. */
        int a = id;
        for (int dd = nd->depth; dd >= 0; dd--) {
            path[dd] = a;
            a = t->nodes[a].parent;
        }
        /* One column per ancestor below the root: a bar while that ancestor
         * is a "yes" child (its "no" sibling is still to come). */
        for (int dd = 1; dd < nd->depth; dd++) {
            bool is_left = t->nodes[t->nodes[path[dd]].parent].left == path[dd];
            sb_append(sb, is_left ? pipe : "    ");
        }
        if (nd->depth > 0) {
            bool is_left = t->nodes[nd->parent].left == id;
            sb_append(sb, is_left ? tee : elbow);
            sb_append(sb, is_left ? "yes: " : "no:  ");
        }
        if (nd->left >= 0)
            sb_printf(sb, "%s <= %.4g", dtree_feature_name(t, nd->feature, b1, sizeof b1),
                      nd->threshold);
        else
            sb_append(sb, dtree_class_name(t, nd->prediction, b2, sizeof b2));
        sb_printf(sb, "  (%s %.3g, %d samples, ", crit, nd->impurity, nd->n_samples);
        render_counts(t, id, sb);
        sb_append(sb, ")");
        if (nd->left >= 0 && opt->max_depth >= 0 && nd->depth >= opt->max_depth)
            sb_printf(sb, " [+%d nodes]", subtree_size(t, id) - 1);
        if (opt->mark_newest && id == t->last_split)
            sb_append(sb, opt->ascii ? "  <- newest" : "  \u25c0 newest");
        sb_append(sb, "\n");
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
 * DtreeData: the features as ranks
 * ====================================================================== */

/* A float's bits as an unsigned key with the same order (negatives flipped). */
static inline uint32_t float_key(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

/* Sort idx[0..n) by key[idx] with a least-significant-digit radix sort (three
 * passes of 11 bits; a pass where every key has the same digit is skipped).
 * keys/idx are permuted together; tmp_keys/tmp_idx are scratch of size n. */
static void radix_sort_keys(uint32_t *keys, int *idx, uint32_t *tmp_keys, int *tmp_idx, int n)
{
    static const int shift[3] = { 0, 11, 22 };
    int count[2048];
    for (int p = 0; p < 3; p++) {
        memset(count, 0, sizeof count);
        for (int i = 0; i < n; i++)
            count[(keys[i] >> shift[p]) & 2047]++;
        if (count[(keys[0] >> shift[p]) & 2047] == n)
            continue; /* every key has this digit */
        int sum = 0;
        for (int b = 0; b < 2048; b++) {
            int c = count[b];
            count[b] = sum;
            sum += c;
        }
        for (int i = 0; i < n; i++) {
            int pos = count[(keys[i] >> shift[p]) & 2047]++;
            tmp_keys[pos] = keys[i];
            tmp_idx[pos] = idx[i];
        }
        memcpy(keys, tmp_keys, (size_t)n * sizeof *keys);
        memcpy(idx, tmp_idx, (size_t)n * sizeof *idx);
    }
}

void dtree_data_free(DtreeData *data)
{
    if (!data)
        return;
    for (int j = 0; j < data->d; j++) {
        if (data->values)
            free(data->values[j]);
        if (data->codes)
            free(data->codes[j]);
    }
    free(data->values);
    free(data->codes);
    free(data->n_values);
    free(data->width);
    free(data);
}

/* Scratch for recoding one feature at a time. */
typedef struct RecodeScratch {
    float *cols;     /* RECODE_BLOCK columns of n values */
    float *col;      /* the column being recoded */
    uint32_t *keys, *tmp_keys, *codes;
    int *idx, *tmp_idx;
} RecodeScratch;

enum { RECODE_BLOCK = 16 };

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* Recode feature j when it has at most 256 distinct values (pixels, small
 * integers, categories): a small open-addressing set of the values met so
 * far, one pass, no sort of the column.  1 when done, 0 when the feature
 * has more values (nothing stored), -1 on a NaN. */
static int recode_few_values(DtreeData *data, int j, RecodeScratch *s)
{
    enum { SLOTS = 1024, MAX_VALUES = 256 };
    uint32_t key[SLOTS];
    bool used[SLOTS] = { false };
    int code_of_slot[SLOTS];
    int n = data->n, nv = 0;
    uint32_t last_bits = 0, last_slot = 0;
    bool have_last = false;
    for (int i = 0; i < n; i++) {
        float f = s->col[i];
        if (isnan(f))
            return -1;
        if (f == 0.0f)
            f = 0.0f; /* -0 and +0 are one value */
        uint32_t bits;
        memcpy(&bits, &f, sizeof bits);
        if (have_last && bits == last_bits) {
            s->codes[i] = last_slot;
            continue;
        }
        uint32_t h = (bits * 0x9E3779B1u) >> 22; /* top 10 bits */
        while (used[h] && key[h] != bits)
            h = (h + 1) & (SLOTS - 1);
        if (!used[h]) {
            if (nv == MAX_VALUES)
                return 0;
            used[h] = true;
            key[h] = bits;
            nv++;
        }
        s->codes[i] = h;
        last_bits = bits;
        last_slot = h;
        have_last = true;
    }
    float *vals = malloc((size_t)(nv ? nv : 1) * sizeof *vals);
    uint8_t *codes = malloc((size_t)(n ? n : 1));
    if (!vals || !codes) {
        free(vals);
        free(codes);
        return -2;
    }
    int v = 0;
    for (int h = 0; h < SLOTS; h++)
        if (used[h])
            memcpy(&vals[v++], &key[h], sizeof(float));
    qsort(vals, (size_t)nv, sizeof *vals, cmp_float);
    for (int h = 0; h < SLOTS; h++)
        if (used[h]) {
            float f;
            memcpy(&f, &key[h], sizeof f);
            /* its rank among the sorted values (binary search) */
            int lo = 0, hi = nv - 1;
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (vals[mid] < f)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            code_of_slot[h] = lo;
        }
    for (int i = 0; i < n; i++)
        codes[i] = (uint8_t)code_of_slot[s->codes[i]];
    data->n_values[j] = nv;
    data->values[j] = vals;
    data->width[j] = 1;
    data->codes[j] = codes;
    return 1;
}

/* Recode feature j (its column in s->col[0..n)).  0, or -1 on NaN / no
 * memory (*bad_nan says which). */
static int recode_feature(DtreeData *data, int j, RecodeScratch *s, bool *bad_nan)
{
    int n = data->n;
    int few = recode_few_values(data, j, s);
    if (few == 1)
        return 0;
    if (few == -1 || few == -2) {
        *bad_nan = few == -1;
        return -1;
    }
    /* Many values: sort the column by its order-preserving keys. */
    for (int i = 0; i < n; i++) {
        if (isnan(s->col[i])) {
            *bad_nan = true;
            return -1;
        }
        s->keys[i] = float_key(s->col[i]);
        s->idx[i] = i;
    }
    radix_sort_keys(s->keys, s->idx, s->tmp_keys, s->tmp_idx, n);
    /* Walk the sorted order: a new code at every change of value (compared as
     * floats, so -0 and +0 are one value). */
    int v = 0;
    float prev = 0.0f;
    for (int p = 0; p < n; p++) {
        float x = s->col[s->idx[p]];
        if (p > 0 && x != prev)
            v++;
        if (p == 0 || x != prev)
            s->tmp_keys[v] = (uint32_t)p; /* first sorted position of value v */
        s->codes[s->idx[p]] = (uint32_t)v;
        prev = x;
    }
    int V = v + 1;
    data->n_values[j] = V;
    data->values[j] = malloc((size_t)V * sizeof(float));
    if (!data->values[j])
        return -1;
    for (int c = 0; c < V; c++)
        data->values[j][c] = s->col[s->idx[s->tmp_keys[c]]];
    int w = V <= 256 ? 1 : V <= 65536 ? 2 : 4;
    data->width[j] = (uint8_t)w;
    data->codes[j] = malloc((size_t)n * (size_t)w);
    if (!data->codes[j])
        return -1;
    if (w == 1) {
        uint8_t *out = data->codes[j];
        for (int i = 0; i < n; i++)
            out[i] = (uint8_t)s->codes[i];
    } else if (w == 2) {
        uint16_t *out = data->codes[j];
        for (int i = 0; i < n; i++)
            out[i] = (uint16_t)s->codes[i];
    } else {
        memcpy(data->codes[j], s->codes, (size_t)n * sizeof(uint32_t));
    }
    return 0;
}

typedef struct RecodeJob {
    DtreeData *data;
    const Mat *X;
    RecodeScratch scratch[64]; /* one per worker */
    int failed, any_nan;       /* set by any worker (atomic) */
} RecodeJob;

/* Recode the features of block blk (a parallel-loop item). */
static void recode_block(void *ctx, int blk, int worker)
{
    RecodeJob *job = ctx;
    RecodeScratch *s = &job->scratch[worker];
    DtreeData *data = job->data;
    int n = data->n, d = data->d;
    if (__atomic_load_n(&job->failed, __ATOMIC_RELAXED))
        return;
    int j0 = blk * RECODE_BLOCK, nb = d - j0 < RECODE_BLOCK ? d - j0 : RECODE_BLOCK;
    for (int i = 0; i < n; i++) {
        const float *row = mat_row(job->X, i) + j0;
        for (int q = 0; q < nb; q++)
            s->cols[(size_t)q * (size_t)n + (size_t)i] = row[q];
    }
    for (int q = 0; q < nb; q++) {
        bool nan_here = false;
        s->col = s->cols + (size_t)q * (size_t)n;
        if (recode_feature(data, j0 + q, s, &nan_here) < 0) {
            if (nan_here)
                __atomic_store_n(&job->any_nan, 1, __ATOMIC_RELAXED);
            __atomic_store_n(&job->failed, 1, __ATOMIC_RELAXED);
            return;
        }
    }
}

DtreeData *dtree_data_new(const Dataset *train, int n_threads, Error *err)
{
    if (!train->y || train->n_classes < 1) {
        error_set(err, ERR_DATA, "a decision tree needs class labels");
        return NULL;
    }
    int n = train->X.rows, d = train->X.cols;
    if (n < 1 || d < 1) {
        error_set(err, ERR_DATA, "the training part is empty");
        return NULL;
    }
    DtreeData *data = calloc(1, sizeof *data);
    if (!data) {
        error_set(err, ERR_NOMEM, "out of memory for the tree's data");
        return NULL;
    }
    data->n = n;
    data->d = d;
    data->n_classes = train->n_classes;
    data->y = train->y;
    data->n_values = calloc((size_t)d, sizeof *data->n_values);
    data->values = calloc((size_t)d, sizeof *data->values);
    data->width = calloc((size_t)d, sizeof *data->width);
    data->codes = calloc((size_t)d, sizeof *data->codes);
    if (!data->n_values || !data->values || !data->width || !data->codes) {
        dtree_data_free(data);
        error_set(err, ERR_NOMEM, "out of memory for the tree's data");
        return NULL;
    }
    for (int i = 0; i < n; i++)
        if (train->y[i] < 0 || train->y[i] >= train->n_classes) {
            dtree_data_free(data);
            error_set(err, ERR_DATA, "row %d has class index %d outside [0, %d)", i,
                      train->y[i], train->n_classes);
            return NULL;
        }

    /* Features are recoded in blocks of 16 columns: reading one row of a
     * block touches one cache line, so the row-major matrix is read once per
     * block instead of once per feature. */
    int nt = n_threads > 1 && (long)n * d >= PARALLEL_MIN_WORK ? n_threads : 1;
    if (nt > 64)
        nt = 64;
    RecodeJob job = { data, &train->X, { { 0 } }, 0, 0 };
    for (int t = 0; t < nt; t++) {
        RecodeScratch *sc = &job.scratch[t];
        sc->cols = malloc((size_t)RECODE_BLOCK * (size_t)n * sizeof *sc->cols);
        sc->keys = malloc((size_t)n * sizeof *sc->keys);
        sc->tmp_keys = malloc((size_t)n * sizeof *sc->tmp_keys);
        sc->codes = malloc((size_t)n * sizeof *sc->codes);
        sc->idx = malloc((size_t)n * sizeof *sc->idx);
        sc->tmp_idx = malloc((size_t)n * sizeof *sc->tmp_idx);
        if (!sc->cols || !sc->keys || !sc->tmp_keys || !sc->codes || !sc->idx || !sc->tmp_idx)
            job.failed = 1;
    }
    if (!job.failed)
        dtree_parallel_for(nt, (d + RECODE_BLOCK - 1) / RECODE_BLOCK, recode_block, &job);
    for (int t = 0; t < nt; t++) {
        RecodeScratch *sc = &job.scratch[t];
        free(sc->cols);
        free(sc->keys);
        free(sc->tmp_keys);
        free(sc->codes);
        free(sc->idx);
        free(sc->tmp_idx);
    }
    int failed = job.failed, any_nan = job.any_nan;
    if (failed) {
        dtree_data_free(data);
        if (any_nan)
            error_set(err, ERR_DATA, "a feature value is NaN: trees need every value");
        else
            error_set(err, ERR_NOMEM, "out of memory recoding the features");
        return NULL;
    }
    return data;
}

/* ======================================================================
 * The builder
 *
 * Layout.  The rows of every node are one contiguous segment [start, end)
 * of the builder's arrays (its classes y, and either of):
 *   - "copied" (a tree that tries every feature): the builder keeps its own
 *     copy of the codes, column by column, in node order, so the split
 *     search reads each feature of a node sequentially.  A split partitions
 *     the node's segment of every column stably (left rows first).
 *     Features already known to be constant in a node (found constant in it
 *     or an ancestor) are neither searched nor partitioned in its subtree:
 *     their values there are all equal, so their order does not matter.
 *   - "gathered" (a forest tree trying a few features per node): only the
 *     row numbers are kept in node order and the search gathers the codes
 *     of the features it tries from the shared data.  Partitioning every
 *     column would cost far more than searching a handful of them, and no
 *     copy of the codes is needed.
 * ====================================================================== */

/* The best split found for one pending node (or one feature of it). */
typedef struct Cand {
    bool valid;
    bool constant;      /* the feature has one value in the node */
    int feature;
    uint32_t code;      /* rows whose code <= this go left */
    double threshold;
    double proxy;       /* larger is better (see the file comment) */
    int n_left;
} Cand;

/* Per-thread scratch for the split search and the partition. */
typedef struct Workspace {
    uint32_t *hist;     /* 2 x max_bins x K class counts per code */
    uint8_t *seen;      /* max_bins (+ 8 padding) flags: code present */
    int *left;          /* K */
    uint64_t *pairs;    /* sort path: (code << 32 | class) per row */
    void *part;         /* partition scratch: n_rows codes of 4 bytes */
} Workspace;

struct DtreeBuilder {
    const DtreeData *data;
    DtreeConfig cfg;
    Rng rng;
    Dtree *tree;
    int k, d;
    int n_rows;          /* rows in the sample (with repeats) */
    bool gathered;       /* layout (see above): rows, not copied columns */
    int *rows;           /* gathered: n_rows data rows in node order */
    void **col;          /* copied: per feature, n_rows codes in node order */
    int *y;              /* n_rows classes in node order */
    uint8_t *mask;       /* 1 = goes left, for the node being split */
    double *xlogx;       /* c log2 c for c = 0..n_rows */
    int *start, *end;    /* per node: its segment */
    Cand *cand;          /* per node: its best split while pending */
    double *gain;        /* per node: the heap key */
    int **live;          /* per pending node: features not known constant */
    int *n_live;
    int node_cap;
    int *heap, n_heap;   /* pending node ids, max-heap on (gain, -id) */
    int *draw;           /* scratch: features to draw from (random subsets) */
    int *feats;          /* features of the current round */
    Cand *fbest;         /* per feature of the round: its best split */
    Workspace *ws;
    int n_ws;
    bool started;
};

static int builder_threads(const DtreeConfig *cfg)
{
    return cfg->n_threads > 1 ? cfg->n_threads : 1;
}

/* The code of feature j for the row at position pos of the node order. */
static inline uint32_t col_code(const DtreeBuilder *b, int j, int pos)
{
    const void *src = b->gathered ? b->data->codes[j] : b->col[j];
    int at = b->gathered ? b->rows[pos] : pos;
    switch (b->data->width[j]) {
    case 1: return ((const uint8_t *)src)[at];
    case 2: return ((const uint16_t *)src)[at];
    default: return ((const uint32_t *)src)[at];
    }
}

/* Proxy of a split from the left counts and the node totals (see top). */
static inline double split_proxy(const DtreeBuilder *b, const int *left, const int *total, int nl,
                                 int n)
{
    int k = b->k, nr = n - nl;
    if (b->cfg.criterion == DTREE_GINI) {
        long long sl = 0, sr = 0;
        for (int c = 0; c < k; c++) {
            long long l = left[c], r = total[c] - left[c];
            sl += l * l;
            sr += r * r;
        }
        return (double)sl / nl + (double)sr / nr;
    }
    const double *xl = b->xlogx;
    double el = 0.0, er = 0.0;
    for (int c = 0; c < k; c++) {
        el += xl[left[c]];
        er += xl[total[c] - left[c]];
    }
    return -((xl[nl] - el) + (xl[nr] - er));
}

/* The midpoint between two adjacent values, kept strictly below hi (when
 * the midpoint rounds up to hi, or hi is infinite, lo itself is used). */
static inline double midpoint(float lo, float hi)
{
    double t = ((double)lo + (double)hi) * 0.5;
    if (t >= (double)hi || isinf(t))
        t = lo;
    return t;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static inline bool uses_histogram(const DtreeData *data, int j)
{
    return data->n_values[j] <= HIST_MAX_BINS && (long)data->n_values[j] * data->n_classes <=
                                                     HIST_MAX_CELLS;
}

/* Consider the boundary between codes prev and next with nl rows on the
 * left: keep it in *out when it is strictly better. */
static inline void consider(const DtreeBuilder *b, const int *left, const int *total, int nl,
                            int n, const float *vals, int prev, int next, Cand *out)
{
    int msl = b->cfg.min_samples_leaf;
    if (nl < msl || n - nl < msl)
        return;
    double p = split_proxy(b, left, total, nl, n);
    if (!out->valid || p > out->proxy) {
        out->valid = true;
        out->proxy = p;
        out->code = (uint32_t)prev;
        out->threshold = midpoint(vals[prev], vals[next]);
        out->n_left = nl;
    }
}

/* Best split of the segment [s, s + n) on feature j. */
static void search_feature(const DtreeBuilder *b, Workspace *ws, int j, int s, int n,
                           const int *total, Cand *out)
{
    const DtreeData *data = b->data;
    const int k = b->k;
    const int *yn = b->y + s;
    const float *vals = data->values[j];
    int *left = ws->left;
    out->valid = false;
    out->constant = true;
    out->feature = j;
    memset(left, 0, (size_t)k * sizeof *left);

    if (uses_histogram(data, j)) {
        /* 1. class counts per code, in two interleaved histograms (even and
         * odd rows) so that runs of equal (code, class) pairs - the norm in
         * pure-ish nodes of sparse data - do not serialise on one counter;
         * seen[c] marks the codes present (a plain store, no dependency). */
        int V = data->n_values[j];
        uint32_t *h0 = ws->hist, *h1 = ws->hist + (size_t)V * (size_t)k;
        uint8_t *seen = ws->seen;
#define ACCUMULATE(AT)                                                    \
    do {                                                                  \
        int i = 0;                                                        \
        for (; i + 1 < n; i += 2) {                                       \
            uint32_t c0 = AT(i), c1 = AT(i + 1);                          \
            h0[(size_t)c0 * (size_t)k + (size_t)yn[i]]++;                 \
            h1[(size_t)c1 * (size_t)k + (size_t)yn[i + 1]]++;             \
            seen[c0] = 1;                                                 \
            seen[c1] = 1;                                                 \
        }                                                                 \
        if (i < n) {                                                      \
            uint32_t c0 = AT(i);                                          \
            h0[(size_t)c0 * (size_t)k + (size_t)yn[i]]++;                 \
            seen[c0] = 1;                                                 \
        }                                                                 \
    } while (0)
/* The code of the i-th row of the node: from the builder's ordered copy,
 * or gathered from the shared data through the row list. */
#define COPIED(i) col[i]
#define GATHERED(i) col[rows[i]]
#define ACCUMULATE_WIDTH(T)                                               \
    do {                                                                  \
        if (b->gathered) {                                                \
            const T *col = (const T *)data->codes[j];                     \
            const int *rows = b->rows + s;                                \
            ACCUMULATE(GATHERED);                                         \
        } else {                                                          \
            const T *col = (const T *)b->col[j] + s;                      \
            ACCUMULATE(COPIED);                                           \
        }                                                                 \
    } while (0)
        switch (data->width[j]) {
        case 1: ACCUMULATE_WIDTH(uint8_t); break;
        case 2: ACCUMULATE_WIDTH(uint16_t); break;
        default: ACCUMULATE_WIDTH(uint32_t); break;
        }
#undef ACCUMULATE_WIDTH
#undef COPIED
#undef GATHERED
#undef ACCUMULATE
        /* 2. sweep the present codes upwards (eight flags at a time); each
         * boundary between two of them is a candidate; the histograms and
         * flags are cleared on the way. */
        int nl = 0, prev = -1;
        const bool gini = b->cfg.criterion == DTREE_GINI;
        const int msl = b->cfg.min_samples_leaf;
        long long sl = 0, sr = 0; /* sum of squared class counts left, right */
        for (int q = 0; q < k; q++)
            sr += (long long)total[q] * total[q];
        for (int c8 = 0; c8 < V; c8 += 8) {
            uint64_t word;
            memcpy(&word, seen + c8, sizeof word);
            if (!word)
                continue;
            memset(seen + c8, 0, 8);
            for (int c = c8; c < c8 + 8; c++) {
                if (!((word >> (8 * (c - c8))) & 0xff))
                    continue;
                if (prev >= 0) {
                    out->constant = false;
                    if (gini) {
                        /* the gini proxy from the running sums of squares */
                        if (nl >= msl && n - nl >= msl) {
                            double p = (double)sl / nl + (double)sr / (n - nl);
                            if (!out->valid || p > out->proxy) {
                                out->valid = true;
                                out->proxy = p;
                                out->code = (uint32_t)prev;
                                out->threshold = midpoint(vals[prev], vals[c]);
                                out->n_left = nl;
                            }
                        }
                    } else {
                        consider(b, left, total, nl, n, vals, prev, c, out);
                    }
                }
                uint32_t *a0 = h0 + (size_t)c * (size_t)k, *a1 = h1 + (size_t)c * (size_t)k;
                for (int q = 0; q < k; q++) {
                    long long cnt = (long long)a0[q] + a1[q];
                    if (!cnt)
                        continue;
                    /* moving cnt rows of class q from right to left:
                     * (l + cnt)^2 - l^2 and (r - cnt)^2 - r^2 */
                    long long l = left[q], r = total[q] - l;
                    sl += (2 * l + cnt) * cnt;
                    sr += (cnt - 2 * r) * cnt;
                    left[q] += (int)cnt;
                    nl += (int)cnt;
                    a0[q] = a1[q] = 0;
                }
                prev = c;
            }
        }
        return;
    }

    /* Many distinct values: sort the node's (code, class) pairs. */
    uint64_t *pairs = ws->pairs;
    for (int i = 0; i < n; i++)
        pairs[i] = ((uint64_t)col_code(b, j, s + i) << 32) | (uint32_t)yn[i];
    qsort(pairs, (size_t)n, sizeof *pairs, cmp_u64);
    int i = 0, prev = -1;
    while (i < n) {
        int c = (int)(pairs[i] >> 32);
        if (prev >= 0) {
            out->constant = false;
            consider(b, left, total, i, n, vals, prev, c, out);
        }
        while (i < n && (int)(pairs[i] >> 32) == c)
            left[(int)(pairs[i++] & 0xffffffffu)]++;
        prev = c;
    }
}

typedef struct SearchJob {
    DtreeBuilder *b;
    int s, n;
    const int *total;
} SearchJob;

static void search_item(void *ctx, int q, int worker)
{
    SearchJob *job = ctx;
    DtreeBuilder *b = job->b;
    search_feature(b, &b->ws[worker], b->feats[q], job->s, job->n, job->total, &b->fbest[q]);
}

/* Search the features b->feats[0..nf) of segment [s, s + n); results per
 * feature in b->fbest, the best (strictly better wins, in list order) into
 * *best. */
static void search_round(DtreeBuilder *b, int s, int n, const int *total, int nf, Cand *best)
{
    int nt = builder_threads(&b->cfg);
    bool par = nt > 1 && (long)n * nf >= PARALLEL_MIN_WORK;
    SearchJob job = { b, s, n, total };
    dtree_parallel_for(par ? nt : 1, nf, search_item, &job);
    for (int q = 0; q < nf; q++) {
        const Cand *c = &b->fbest[q];
        if (c->valid && (!best->valid || c->proxy > best->proxy))
            *best = *c;
    }
}

/* Drop from node id's live list the features of the round found constant
 * (the list keeps its order).  whole: the round was the live list itself,
 * item for item; otherwise it was a random subset of it. */
static void drop_constants(DtreeBuilder *b, int id, int nf, bool whole)
{
    bool any = false;
    for (int q = 0; q < nf && !any; q++)
        any = b->fbest[q].constant;
    if (!any)
        return;
    int *live = b->live[id], n = b->n_live[id], out = 0;
    if (whole) {
        for (int q = 0; q < nf; q++)
            if (!b->fbest[q].constant)
                live[out++] = live[q];
        b->n_live[id] = out;
        return;
    }
    /* Mark with -1, then compact. */
    for (int q = 0; q < nf; q++)
        if (b->fbest[q].constant)
            for (int i = 0; i < n; i++)
                if (live[i] == b->fbest[q].feature) {
                    live[i] = -1;
                    break;
                }
    for (int i = 0; i < n; i++)
        if (live[i] >= 0)
            live[out++] = live[i];
    b->n_live[id] = out;
}

/* Find the best split of node id into b->cand[id]; true when there is one.
 * Also drops the features found constant from the node's live list. */
static bool find_split(DtreeBuilder *b, int id)
{
    const DtreeNode *nd = &b->tree->nodes[id];
    Cand *best = &b->cand[id];
    best->valid = false;
    int n = nd->n_samples, s = b->start[id];
    const DtreeConfig *cfg = &b->cfg;
    if (cfg->max_depth > 0 && nd->depth >= cfg->max_depth)
        return false;
    if (n < cfg->min_samples_split || n < 2 * cfg->min_samples_leaf)
        return false;
    const int *total = dtree_node_counts(b->tree, id);
    int present = 0;
    for (int c = 0; c < b->k; c++)
        present += total[c] > 0;
    if (present < 2)
        return false; /* pure */

    int n_live = b->n_live[id], mf = cfg->max_features;
    if (mf <= 0 || mf >= n_live) {
        /* every live feature, in index order */
        memcpy(b->feats, b->live[id], (size_t)n_live * sizeof *b->feats);
        search_round(b, s, n, total, n_live, best);
        drop_constants(b, id, n_live, true);
    } else {
        /* Rounds of mf features drawn without replacement (a partial
         * Fisher-Yates shuffle), until one gives a valid split or every
         * live feature was tried. */
        memcpy(b->draw, b->live[id], (size_t)n_live * sizeof *b->draw);
        for (int first = 0; first < n_live && !best->valid; first += mf) {
            int nf = n_live - first < mf ? n_live - first : mf;
            for (int q = 0; q < nf; q++) {
                int pos = first + q;
                int r = pos + (int)rng_below(&b->rng, (uint32_t)(n_live - pos));
                int t = b->draw[pos];
                b->draw[pos] = b->draw[r];
                b->draw[r] = t;
                b->feats[q] = b->draw[pos];
            }
            search_round(b, s, n, total, nf, best);
            drop_constants(b, id, nf, false);
        }
    }
    return best->valid;
}

/* ---- the heap of pending nodes ----------------------------------------- */

static inline bool heap_before(const DtreeBuilder *b, int x, int y)
{
    return b->gain[x] > b->gain[y] || (b->gain[x] == b->gain[y] && x < y);
}

static void heap_push(DtreeBuilder *b, int id)
{
    int i = b->n_heap++;
    b->heap[i] = id;
    while (i > 0) {
        int p = (i - 1) / 2;
        if (!heap_before(b, b->heap[i], b->heap[p]))
            break;
        int t = b->heap[i];
        b->heap[i] = b->heap[p];
        b->heap[p] = t;
        i = p;
    }
}

static int heap_pop(DtreeBuilder *b)
{
    int top = b->heap[0];
    b->heap[0] = b->heap[--b->n_heap];
    int i = 0;
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < b->n_heap && heap_before(b, b->heap[l], b->heap[m]))
            m = l;
        if (r < b->n_heap && heap_before(b, b->heap[r], b->heap[m]))
            m = r;
        if (m == i)
            break;
        int t = b->heap[i];
        b->heap[i] = b->heap[m];
        b->heap[m] = t;
        i = m;
    }
    return top;
}

/* Make room for per-node bookkeeping up to need nodes. */
static int builder_reserve(DtreeBuilder *b, int need, Error *err)
{
    if (need <= b->node_cap)
        return 0;
    int cap = b->node_cap ? b->node_cap : 64;
    while (cap < need)
        cap *= 2;
#define GROW(field)                                                       \
    do {                                                                  \
        void *p_ = realloc(b->field, (size_t)cap * sizeof *b->field);     \
        if (!p_)                                                          \
            return error_set(err, ERR_NOMEM, "out of memory growing the tree"); \
        b->field = p_;                                                    \
    } while (0)
    GROW(start);
    GROW(end);
    GROW(cand);
    GROW(gain);
    GROW(heap);
    GROW(n_live);
    GROW(live);
#undef GROW
    for (int i = b->node_cap; i < cap; i++)
        b->live[i] = NULL;
    b->node_cap = cap;
    return 0;
}

/* Add a node over [s, e) with these counts and live features (the node
 * takes ownership of live), search its split, and queue it when it has one.
 * Returns the id or -1. */
static int add_and_queue(DtreeBuilder *b, int parent, int depth, int s, int e, const int *counts,
                         int *live, int n_live, Error *err)
{
    int id = tree_add_node(b->tree, parent, depth, counts, err);
    if (id < 0 || builder_reserve(b, b->tree->n_nodes, err) < 0) {
        free(live);
        return -1;
    }
    b->start[id] = s;
    b->end[id] = e;
    b->live[id] = live;
    b->n_live[id] = n_live;
    if (!find_split(b, id)) {
        free(b->live[id]); /* a leaf for good */
        b->live[id] = NULL;
        return id;
    }
    const Cand *c = &b->cand[id];
    /* n I(node) - (n_L I_L + n_R I_R), both from integer counts */
    double n = e - s, node_term, children;
    if (b->cfg.criterion == DTREE_GINI) {
        double sq = 0.0;
        for (int q = 0; q < b->k; q++)
            sq += (double)counts[q] * counts[q];
        node_term = n - sq / n;
        children = n - c->proxy;
    } else {
        double e2 = 0.0;
        for (int q = 0; q < b->k; q++)
            e2 += b->xlogx[counts[q]];
        node_term = b->xlogx[e - s] - e2;
        children = -c->proxy;
    }
    double g = (node_term - children) / b->n_rows;
    b->gain[id] = g > 0.0 ? g : 0.0;
    heap_push(b, id);
    return id;
}

void dtree_builder_free(DtreeBuilder *b)
{
    if (!b)
        return;
    if (b->col)
        for (int j = 0; j < b->d; j++)
            free(b->col[j]);
    free(b->col);
    free(b->rows);
    free(b->y);
    free(b->mask);
    free(b->xlogx);
    free(b->start);
    free(b->end);
    free(b->cand);
    free(b->gain);
    if (b->live)
        for (int i = 0; i < b->node_cap; i++)
            free(b->live[i]);
    free(b->live);
    free(b->n_live);
    free(b->heap);
    free(b->draw);
    free(b->feats);
    free(b->fbest);
    for (int t = 0; t < b->n_ws; t++) {
        free(b->ws[t].hist);
        free(b->ws[t].seen);
        free(b->ws[t].left);
        free(b->ws[t].pairs);
        free(b->ws[t].part);
    }
    free(b->ws);
    free(b);
}

/* b->col[j][i] = data code of feature j at sample row rows[i]. */
static void gather_column(DtreeBuilder *b, int j, const int *rows)
{
    const DtreeData *data = b->data;
    int n = b->n_rows;
#define GATHER(T)                                                         \
    do {                                                                  \
        const T *src = (const T *)data->codes[j];                        \
        T *dst = (T *)b->col[j];                                          \
        if (!rows)                                                        \
            memcpy(dst, src, (size_t)n * sizeof(T));                      \
        else                                                              \
            for (int i = 0; i < n; i++)                                   \
                dst[i] = src[rows[i]];                                    \
    } while (0)
    switch (data->width[j]) {
    case 1: GATHER(uint8_t); break;
    case 2: GATHER(uint16_t); break;
    default: GATHER(uint32_t); break;
    }
#undef GATHER
}

typedef struct GatherJob {
    DtreeBuilder *b;
    const int *rows;
} GatherJob;

static void gather_item(void *ctx, int j, int worker)
{
    (void)worker;
    GatherJob *job = ctx;
    gather_column(job->b, j, job->rows);
}

DtreeBuilder *dtree_builder_new(const DtreeData *data, const DtreeConfig *cfg, const int *rows,
                                int count, const Rng *rng, Dtree *out, Error *err)
{
    if (!rows)
        count = data->n;
    if (count < 1) {
        error_set(err, ERR_DATA, "a tree needs at least one training row");
        return NULL;
    }
    for (int i = 0; rows && i < count; i++)
        if (rows[i] < 0 || rows[i] >= data->n) {
            error_set(err, ERR_INTERNAL, "sample row %d is outside the data", rows[i]);
            return NULL;
        }
    DtreeBuilder *b = calloc(1, sizeof *b);
    if (!b)
        goto nomem;
    b->data = data;
    b->cfg = *cfg;
    if (b->cfg.min_samples_leaf < 1)
        b->cfg.min_samples_leaf = 1;
    if (b->cfg.min_samples_split < 2)
        b->cfg.min_samples_split = 2;
    if (rng)
        b->rng = *rng;
    else
        rng_seed(&b->rng, 0);
    b->tree = out;
    b->k = data->n_classes;
    b->d = data->d;
    b->n_rows = count;
    /* Gather when a node tries under a quarter of the features. */
    b->gathered = cfg->max_features > 0 && (long)cfg->max_features * 4 < b->d;
    b->col = calloc((size_t)b->d, sizeof *b->col);
    b->y = malloc((size_t)count * sizeof *b->y);
    b->mask = malloc((size_t)count);
    b->xlogx = malloc(((size_t)count + 1) * sizeof *b->xlogx);
    b->draw = malloc((size_t)b->d * sizeof *b->draw);
    b->feats = malloc((size_t)b->d * sizeof *b->feats);
    b->fbest = malloc((size_t)b->d * sizeof *b->fbest);
    if (!b->col || !b->y || !b->mask || !b->xlogx || !b->draw || !b->feats || !b->fbest)
        goto nomem;
    if (b->gathered) {
        if (!(b->rows = malloc((size_t)count * sizeof *b->rows)))
            goto nomem;
        for (int i = 0; i < count; i++)
            b->rows[i] = rows ? rows[i] : i;
    } else {
        for (int j = 0; j < b->d; j++)
            if (!(b->col[j] = malloc((size_t)count * data->width[j])))
                goto nomem;
    }
    for (int i = 0; i < count; i++)
        b->y[i] = data->y[rows ? rows[i] : i];
    b->xlogx[0] = 0.0;
    for (int c = 1; c <= count; c++)
        b->xlogx[c] = c * log2((double)c);

    int nt = builder_threads(cfg);
    if (!b->gathered) {
        GatherJob job = { b, rows };
        dtree_parallel_for((long)count * b->d >= PARALLEL_MIN_WORK ? nt : 1, b->d, gather_item,
                           &job);
    }

    bool needs_sort = false;
    int max_bins = 1;
    for (int j = 0; j < b->d; j++) {
        if (!uses_histogram(data, j))
            needs_sort = true;
        else if (data->n_values[j] > max_bins)
            max_bins = data->n_values[j];
    }
    b->n_ws = nt;
    b->ws = calloc((size_t)b->n_ws, sizeof *b->ws);
    if (!b->ws)
        goto nomem;
    for (int t = 0; t < b->n_ws; t++) {
        Workspace *w = &b->ws[t];
        w->hist = calloc((size_t)2 * (size_t)max_bins * (size_t)b->k, sizeof *w->hist);
        w->seen = calloc((size_t)max_bins + 8, 1);
        w->left = calloc((size_t)b->k, sizeof *w->left);
        w->part = malloc((size_t)count * sizeof(uint32_t));
        if (needs_sort)
            w->pairs = malloc((size_t)count * sizeof *w->pairs);
        if (!w->hist || !w->seen || !w->left || !w->part || (needs_sort && !w->pairs))
            goto nomem;
    }
    dtree_free(out); /* a tree from an earlier (or cancelled) build */
    tree_reset(out, b->d, b->k, cfg->criterion);
    return b;
nomem:
    dtree_builder_free(b);
    error_set(err, ERR_NOMEM, "out of memory for the tree builder");
    return NULL;
}

int dtree_builder_pending(const DtreeBuilder *b)
{
    return b->started ? b->n_heap : 1;
}

/* Stable partition of col[0..m) by mask (1 first), through scratch tmp.
 * Branch-free: every value is written to both places, the cursors advance
 * by the mask. */
#define DEFINE_PARTITION(NAME, T)                                         \
    static void NAME(T *col, T *tmp, const uint8_t *mask, int m)          \
    {                                                                     \
        int l = 0, r = 0;                                                 \
        for (int i = 0; i < m; i++) {                                     \
            T v = col[i];                                                 \
            col[l] = v; /* l <= i: never ahead of the reading */          \
            tmp[r] = v;                                                   \
            l += mask[i];                                                 \
            r += 1 - mask[i];                                             \
        }                                                                 \
        memcpy(col + l, tmp, (size_t)r * sizeof(T));                      \
    }
DEFINE_PARTITION(partition_u8, uint8_t)
DEFINE_PARTITION(partition_u16, uint16_t)
DEFINE_PARTITION(partition_u32, uint32_t)
DEFINE_PARTITION(partition_int, int)
#undef DEFINE_PARTITION

static void partition_feature(DtreeBuilder *b, Workspace *ws, int j, int s, int m)
{
    switch (b->data->width[j]) {
    case 1: partition_u8((uint8_t *)b->col[j] + s, ws->part, b->mask, m); break;
    case 2: partition_u16((uint16_t *)b->col[j] + s, ws->part, b->mask, m); break;
    default: partition_u32((uint32_t *)b->col[j] + s, ws->part, b->mask, m); break;
    }
}

typedef struct PartitionJob {
    DtreeBuilder *b;
    const int *live;
    int s, m;
} PartitionJob;

static void partition_item(void *ctx, int q, int worker)
{
    PartitionJob *job = ctx;
    partition_feature(job->b, &job->b->ws[worker], job->live[q], job->s, job->m);
}

/* Split node id as its candidate says: partition its segment of every live
 * column stably, count the left classes, add both children and queue them. */
static int split_node(DtreeBuilder *b, int id, DtreeSplit *info, Error *err)
{
    Dtree *t = b->tree;
    const Cand c = b->cand[id];
    int s = b->start[id], e = b->end[id], m = e - s, k = b->k;
    int *live = b->live[id], n_live = b->n_live[id];
    b->live[id] = NULL;
    int *cl = calloc((size_t)k * 2, sizeof *cl);
    int *live_r = malloc((size_t)(n_live ? n_live : 1) * sizeof *live_r);
    if (!cl || !live_r) {
        free(cl);
        free(live_r);
        free(live);
        return error_set(err, ERR_NOMEM, "out of memory splitting a node");
    }
    memcpy(live_r, live, (size_t)n_live * sizeof *live_r);
    int *cr = cl + k;

    int nl = 0;
    for (int i = 0; i < m; i++) {
        uint8_t go_left = col_code(b, c.feature, s + i) <= c.code;
        b->mask[i] = go_left;
        nl += go_left;
        if (go_left)
            cl[b->y[s + i]]++;
    }
    int nr = m - nl;
    if (b->gathered) {
        partition_int(b->rows + s, b->ws[0].part, b->mask, m);
    } else {
        int nt = builder_threads(&b->cfg);
        PartitionJob job = { b, live, s, m };
        dtree_parallel_for((long)m * n_live >= PARALLEL_MIN_WORK ? nt : 1, n_live,
                           partition_item, &job);
    }
    partition_int(b->y + s, b->ws[0].part, b->mask, m);

    const int *total = dtree_node_counts(t, id);
    for (int q = 0; q < k; q++)
        cr[q] = total[q] - cl[q];

    int depth = t->nodes[id].depth + 1;
    int left = add_and_queue(b, id, depth, s, s + nl, cl, live, n_live, err);
    int right = left < 0 ? -1 : add_and_queue(b, id, depth, s + nl, e, cr, live_r, n_live, err);
    if (left < 0)
        free(live_r);
    free(cl);
    if (left < 0 || right < 0)
        return -1;
    DtreeNode *nd = &t->nodes[id]; /* the array may have moved */
    nd->feature = c.feature;
    nd->threshold = c.threshold;
    nd->left = left;
    nd->right = right;
    nd->split_order = ++t->n_splits;
    t->n_leaves--; /* it was a leaf; its two children were counted */
    t->last_split = id;
    if (info) {
        info->node = id;
        info->feature = c.feature;
        info->threshold = c.threshold;
        info->n_samples = nd->n_samples;
        info->n_left = nl;
        info->n_right = nr;
        info->impurity = nd->impurity;
        info->impurity_left = t->nodes[left].impurity;
        info->impurity_right = t->nodes[right].impurity;
        info->gain = b->gain[id];
    }
    return 0;
}

int dtree_builder_step(DtreeBuilder *b, DtreeSplit *info, Error *err)
{
    if (trace_cancelled(b->cfg.cancel))
        return error_set(err, ERR_CANCELLED, "cancelled");
    if (!b->started) {
        b->started = true;
        int *counts = calloc((size_t)b->k, sizeof *counts);
        int *live = malloc((size_t)b->d * sizeof *live);
        if (!counts || !live) {
            free(counts);
            free(live);
            return error_set(err, ERR_NOMEM, "out of memory for the root");
        }
        for (int i = 0; i < b->n_rows; i++)
            counts[b->y[i]]++;
        /* Features with one value in the whole data are never live. */
        int n_live = 0;
        for (int j = 0; j < b->d; j++)
            if (b->data->n_values[j] > 1)
                live[n_live++] = j;
        int root = add_and_queue(b, -1, 0, 0, b->n_rows, counts, live, n_live, err);
        free(counts);
        if (root < 0)
            return -1;
    }
    if (b->n_heap == 0)
        return 0;
    int id = heap_pop(b);
    if (split_node(b, id, info, err) < 0)
        return -1;
    return 1;
}

int dtree_grow(const DtreeData *data, const DtreeConfig *cfg, const int *rows, int count,
               const Rng *rng, Dtree *out, Error *err)
{
    DtreeBuilder *b = dtree_builder_new(data, cfg, rows, count, rng, out, err);
    if (!b)
        return -1;
    int r;
    while ((r = dtree_builder_step(b, NULL, err)) > 0)
        ;
    dtree_builder_free(b);
    if (r < 0)
        return -1;
    tree_shrink(out);
    return 0;
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
    int n_features, n_classes, n_train;
    long train_correct;   /* rows of the training part the tree now gets right */
    bool root_counted;    /* train_correct started from the root */
    bool done;
} DtreeModel;

const Dtree *dtree_of(const void *model)
{
    return model ? &((const DtreeModel *)model)->tree : NULL;
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
    free(m);
}

int dtree_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
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
    bool oom = false;
    m->feature_names = dtree_names_copy(train->feature_names, m->n_features, &oom);
    m->class_names = dtree_names_copy(train->class_names, m->n_classes, &oom);
    if (oom) {
        dtree_destroy(m);
        error_set(err, ERR_NOMEM, "out of memory");
        return NULL;
    }
    tree_reset(&m->tree, m->n_features, m->n_classes, m->cfg.criterion);
    m->tree.feature_names = m->feature_names;
    m->tree.class_names = m->class_names;
    (void)rng; /* a single tree that tries every feature is deterministic */
    return m;
}

static StepStatus dtree_step(void *model, const Dataset *train, Trace *trace, Error *err)
{
    DtreeModel *m = model;
    if (m->done)
        return STEP_DONE;
    if (!m->builder) {
        if (train->X.rows != m->n_train || train->X.cols != m->n_features) {
            error_set(err, ERR_INTERNAL, "dtree: step got a different training set");
            return STEP_ERROR;
        }
        m->data = dtree_data_new(train, m->cfg.n_threads, err);
        if (!m->data)
            return STEP_ERROR;
        m->builder = dtree_builder_new(m->data, &m->cfg, NULL, 0, NULL, &m->tree, err);
        if (!m->builder)
            return STEP_ERROR;
    }
    /* One split is short: polling between steps is enough. */
    if (trace_cancelled(trace)) {
        error_set(err, ERR_CANCELLED, "cancelled");
        return STEP_ERROR;
    }
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
    if (r > 0) {
        /* The split turns one leaf into two: training accuracy moves by the
         * children's majority counts minus the parent's. */
        const DtreeNode *nd = &t->nodes[s.node];
        m->train_correct += dtree_node_counts(t, nd->left)[t->nodes[nd->left].prediction] +
                            dtree_node_counts(t, nd->right)[t->nodes[nd->right].prediction] -
                            dtree_node_counts(t, s.node)[nd->prediction];
        char fb[32], text[TRACE_TEXT_LEN];
        const char *crit = dtree_criterion_name(t->criterion);
        snprintf(text, sizeof text,
                 "node %d (%d samples): split on `%s` \u2264 %.4g, %s %.3f \u2192 %.3f (%d) / "
                 "%.3f (%d)",
                 s.node, s.n_samples, dtree_feature_name(t, s.feature, fb, sizeof fb),
                 s.threshold, crit, s.impurity, s.impurity_left, s.n_left, s.impurity_right,
                 s.n_right);
        trace_emitv(trace, TRACE_STEP, "split", text, "node", (double)s.node, "feature",
                    (double)s.feature, "threshold", s.threshold, "samples",
                    (double)s.n_samples, "impurity", s.impurity, "impurity_left",
                    s.impurity_left, "impurity_right", s.impurity_right, "train_acc",
                    (double)m->train_correct / m->n_train, NULL);
    }
    if (r == 0 || dtree_builder_pending(m->builder) == 0) {
        m->done = true;
        dtree_builder_free(m->builder);
        m->builder = NULL;
        dtree_data_free(m->data);
        m->data = NULL;
        tree_shrink(t);
        char text[TRACE_TEXT_LEN];
        if (t->n_splits == 0)
            snprintf(text, sizeof text, "no split possible: the tree is a single leaf");
        else
            snprintf(text, sizeof text,
                     "tree complete: %d splits, %d leaves, depth %d, training accuracy %.4f",
                     t->n_splits, t->n_leaves, t->depth, (double)m->train_correct / m->n_train);
        trace_emitv(trace, TRACE_NOTE, "done", text, "leaves", (double)t->n_leaves, "depth",
                    (double)t->depth, "train_acc", (double)m->train_correct / m->n_train, NULL);
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
    for (int i = 0; i < X->rows; i++) {
        const float *x = mat_row(X, i);
        int leaf = dtree_leaf_of(t, x);
        if (labels)
            labels[i] = leaf >= 0 ? t->nodes[leaf].prediction : 0;
        if (scores)
            dtree_predict_proba(t, x, scores + (size_t)i * (size_t)k);
    }
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
    .create = dtree_create,
    .step = dtree_step,
    .predict = dtree_predict,
    .destroy = dtree_destroy,
    .model_json = dtree_model_json,
};
