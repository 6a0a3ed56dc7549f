/* algorithms/svm_dual.c - the kernel SVM model: one-vs-one pairs of binary
 * SMO problems, stepping, prediction and the inspect functions (see
 * svm_dual.h).
 *
 * Prediction computes the kernel between a block of rows and the union of
 * the support vectors of every pair once (one dgemm, then the kernel map),
 * and each pair sums its own coefficients over that block, as LIBSVM
 * shares kernel values between its one-vs-one machines. */
#include "svm_dual.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "svm_smo.h"

#define PREDICT_BLOCK 256 /* rows per block when predicting */
#define CANCEL_EVERY 256  /* SMO iterations between two cancel polls */

typedef struct Pair {
    int neg, pos;   /* classes: y = -1, y = +1 */
    int m;          /* rows of the two classes */
    int *rows;      /* (m) training rows */
    Smo smo;        /* alpha and y once started; the rest while solving */
    bool started, solved;
    double rho, dual, gap;
    int nc;         /* support vectors of this pair (for predict) */
    int *cpos;      /* (nc) their positions in KSvm.sv */
    double *coef;   /* (nc) y_t a_t */
} Pair;

struct KSvm {
    KSvmConfig cfg;
    int n, d, n_classes, n_pairs;
    float *Xf;       /* (n,d) the training rows */
    double *X;       /* (n,d) the same in double */
    int *y;          /* (n) classes */
    Pair *pairs;
    int cur;         /* the pair being solved */
    long iterations;
    int steps;
    /* the union of the support vectors, rebuilt after a step when needed */
    bool sv_dirty;
    int n_sv;
    int *sv;         /* (n) rows, increasing */
    int *sv_pos;     /* (n) position of a row in sv, -1 if not a support vector */
    double *svX;     /* (n_sv, d) */
    double *svsq;    /* (n_sv) */
};

/* ---- creation -------------------------------------------------------------- */

static void pair_free(Pair *p)
{
    smo_free(&p->smo);
    free(p->rows);
    free(p->cpos);
    free(p->coef);
}

void ksvm_destroy(KSvm *m)
{
    if (!m)
        return;
    for (int p = 0; p < m->n_pairs && m->pairs; p++)
        pair_free(&m->pairs[p]);
    free(m->pairs);
    free(m->Xf);
    free(m->X);
    free(m->y);
    free(m->sv);
    free(m->sv_pos);
    free(m->svX);
    free(m->svsq);
    free(m);
}

/* Pair (a, b): the rows of classes a and b, in training order. */
static int pair_init(Pair *p, int a, int b, const int *y, int n)
{
    p->neg = a, p->pos = b;
    p->rows = malloc((size_t)(n > 0 ? n : 1) * sizeof *p->rows);
    if (!p->rows)
        return -1;
    for (int i = 0; i < n; i++)
        if (y[i] == a || y[i] == b)
            p->rows[p->m++] = i;
    p->gap = INFINITY;
    return 0;
}

static int make_pairs(KSvm *m)
{
    int k = m->n_classes;
    m->n_pairs = k * (k - 1) / 2;
    m->pairs = calloc((size_t)m->n_pairs, sizeof *m->pairs);
    if (!m->pairs)
        return -1;
    int p = 0;
    for (int a = 0; a < k; a++)
        for (int b = a + 1; b < k; b++)
            if (pair_init(&m->pairs[p++], a, b, m->y, m->n) < 0)
                return -1;
    return 0;
}

static int copy_training(KSvm *m, const Dataset *train)
{
    size_t nd = (size_t)m->n * m->d;
    m->Xf = malloc(nd * sizeof *m->Xf + sizeof(float));
    m->X = malloc(nd * sizeof *m->X + sizeof(double));
    m->y = malloc((size_t)m->n * sizeof *m->y + sizeof(int));
    m->sv = malloc((size_t)m->n * sizeof *m->sv + sizeof(int));
    m->sv_pos = malloc((size_t)m->n * sizeof *m->sv_pos + sizeof(int));
    if (!m->Xf || !m->X || !m->y || !m->sv || !m->sv_pos)
        return -1;
    for (int i = 0; i < m->n; i++) {
        memcpy(m->Xf + (size_t)i * m->d, mat_row(&train->X, i), (size_t)m->d * sizeof(float));
        m->y[i] = train->y[i];
        m->sv_pos[i] = -1;
    }
    for (size_t e = 0; e < nd; e++)
        m->X[e] = m->Xf[e];
    return 0;
}

KSvm *ksvm_create(const KSvmConfig *cfg, const Dataset *train, Error *err)
{
    KSvm *m = calloc(1, sizeof *m);
    if (!m)
        return error_set(err, ERR_NOMEM, "out of memory for the SVM"), NULL;
    m->cfg = *cfg;
    m->n = train->X.rows;
    m->d = train->X.cols;
    m->n_classes = train->n_classes;
    m->sv_dirty = true;
    if (copy_training(m, train) < 0 || make_pairs(m) < 0) {
        ksvm_destroy(m);
        return error_set(err, ERR_NOMEM, "out of memory for the SVM"), NULL;
    }
    return m;
}

/* ---- steps --------------------------------------------------------------------- */

/* Gather the pair's rows and labels and set up its solver. */
static int pair_start(KSvm *m, Pair *p, Error *err)
{
    double *X = malloc((size_t)p->m * m->d * sizeof *X + sizeof(double));
    signed char *y = malloc((size_t)p->m + 1);
    if (!X || !y) {
        free(X), free(y);
        return error_set(err, ERR_NOMEM, "out of memory for the SVM");
    }
    for (int t = 0; t < p->m; t++) {
        int i = p->rows[t];
        memcpy(X + (size_t)t * m->d, m->X + (size_t)i * m->d, (size_t)m->d * sizeof *X);
        y[t] = m->y[i] == p->pos ? 1 : -1;
    }
    int rc = smo_init(&p->smo, X, y, p->m, m->d, &m->cfg.kern, m->cfg.C, m->cfg.tol,
                      m->cfg.cache_bytes, err);
    free(X), free(y);
    if (rc == 0 && m->cfg.cw) /* LIBSVM's per-class C: C times the class's weight */
        smo_set_bounds(&p->smo, m->cfg.C * m->cfg.cw[p->pos], m->cfg.C * m->cfg.cw[p->neg]);
    p->started = rc == 0;
    return rc;
}

/* Up to `iters` SMO iterations on p, polling for cancellation. */
static int pair_run(Pair *p, int iters, Trace *trace, long *done)
{
    *done = 0;
    while (*done < iters && !smo_finished(&p->smo)) {
        if (trace_cancelled(trace))
            return -1;
        int chunk = iters - (int)*done < CANCEL_EVERY ? iters - (int)*done : CANCEL_EVERY;
        int ran = smo_run(&p->smo, chunk);
        *done += ran;
        if (ran < chunk)
            break;
    }
    p->rho = smo_rho(&p->smo);
    p->dual = smo_dual(&p->smo);
    p->gap = p->smo.gap;
    if (smo_finished(&p->smo)) {
        p->solved = true;
        smo_release(&p->smo); // keep alpha and y only
    }
    return 0;
}

static void emit_step(KSvm *m, const Pair *p, long ran, Trace *trace)
{
    KSvmStats st = ksvm_stats(m);
    char text[TRACE_TEXT_LEN];
    snprintf(text, sizeof text,
             "step %d: pair %d/%d (class %d vs %d), %ld SMO iterations (%ld in all), "
             "dual %.6g, KKT gap %.3g%s, %d support vectors",
             m->steps, (int)(p - m->pairs) + 1, m->n_pairs, p->neg, p->pos, ran, m->iterations,
             p->dual, p->gap, p->solved ? " (solved)" : "", st.support_vectors);
    trace_emitv(trace, TRACE_STEP, "smo", text, "dual", p->dual, "kkt_gap", p->gap,
                "support_vectors", (double)st.support_vectors, "iterations",
                (double)m->iterations, "pair", (double)(p - m->pairs), TRACE_END);
}

StepStatus ksvm_step(KSvm *m, const Dataset *tr, Trace *trace, Error *err)
{
    if (m->cur >= m->n_pairs)
        return STEP_DONE;
    if (tr->X.cols != m->d || tr->X.rows != m->n || !tr->y)
        return error_set(err, ERR_INTERNAL, "svm: the training set changed"), STEP_ERROR;
    Pair *p = &m->pairs[m->cur];
    if (!p->started && pair_start(m, p, err) < 0)
        return STEP_ERROR;
    long ran;
    if (pair_run(p, m->cfg.iters, trace, &ran) < 0)
        return error_set(err, ERR_CANCELLED, "cancelled"), STEP_ERROR;
    m->iterations += ran;
    m->steps++;
    m->sv_dirty = true;
    if (p->solved)
        m->cur++;
    emit_step(m, p, ran, trace);
    return m->cur >= m->n_pairs ? STEP_DONE : STEP_MORE;
}

/* ---- the support vectors ------------------------------------------------------- */

static double pair_alpha(const Pair *p, int t) { return p->smo.alpha ? p->smo.alpha[t] : 0.0; }

/* Mark the rows with a > 0 in any pair and list them in increasing order. */
static void collect_sv(KSvm *m)
{
    for (int i = 0; i < m->n; i++)
        m->sv_pos[i] = -1;
    for (int q = 0; q < m->n_pairs; q++) {
        const Pair *p = &m->pairs[q];
        for (int t = 0; t < p->m; t++)
            if (pair_alpha(p, t) > 0.0)
                m->sv_pos[p->rows[t]] = 0;
    }
    m->n_sv = 0;
    for (int i = 0; i < m->n; i++)
        if (m->sv_pos[i] == 0) {
            m->sv_pos[i] = m->n_sv;
            m->sv[m->n_sv++] = i;
        }
}

/* Pair p's coefficients over the support-vector list. */
static int pair_coefs(KSvm *m, Pair *p)
{
    free(p->cpos), free(p->coef);
    p->nc = 0;
    p->cpos = malloc((size_t)(p->m > 0 ? p->m : 1) * sizeof *p->cpos);
    p->coef = malloc((size_t)(p->m > 0 ? p->m : 1) * sizeof *p->coef);
    if (!p->cpos || !p->coef)
        return -1;
    for (int t = 0; t < p->m; t++) {
        double a = pair_alpha(p, t);
        if (a > 0.0) {
            p->cpos[p->nc] = m->sv_pos[p->rows[t]];
            p->coef[p->nc++] = m->y[p->rows[t]] == p->pos ? a : -a;
        }
    }
    return 0;
}

static int refresh_sv(KSvm *m)
{
    if (!m->sv_dirty)
        return 0;
    collect_sv(m);
    free(m->svX), free(m->svsq);
    m->svX = malloc((size_t)m->n_sv * m->d * sizeof *m->svX + sizeof(double));
    m->svsq = malloc((size_t)m->n_sv * sizeof *m->svsq + sizeof(double));
    if (!m->svX || !m->svsq)
        return -1;
    for (int s = 0; s < m->n_sv; s++)
        memcpy(m->svX + (size_t)s * m->d, m->X + (size_t)m->sv[s] * m->d,
               (size_t)m->d * sizeof *m->svX);
    svm_row_norms(m->svX, m->n_sv, m->d, m->svsq);
    for (int q = 0; q < m->n_pairs; q++)
        if (pair_coefs(m, &m->pairs[q]) < 0)
            return -1;
    m->sv_dirty = false;
    return 0;
}

/* ---- decision values ------------------------------------------------------------- */

/* Scratch for a block of rows. */
typedef struct Block {
    double *X;   /* (B, d) */
    double *xx;  /* (B) */
    double *K;   /* (B, n_sv) */
} Block;

static int block_alloc(Block *b, const KSvm *m)
{
    b->X = malloc((size_t)PREDICT_BLOCK * m->d * sizeof *b->X + sizeof(double));
    b->xx = malloc((size_t)PREDICT_BLOCK * sizeof *b->xx);
    b->K = malloc((size_t)PREDICT_BLOCK * m->n_sv * sizeof *b->K + sizeof(double));
    return b->X && b->xx && b->K ? 0 : -1;
}

static void block_free(Block *b) { free(b->X), free(b->xx), free(b->K); }

/* K (bn, n_sv) between rows [start, start + bn) of X and the support vectors. */
static void block_kernel(const KSvm *m, const Mat *X, int start, int bn, Block *b)
{
    for (int r = 0; r < bn; r++) {
        const float *x = mat_row(X, start + r);
        for (int j = 0; j < m->d; j++)
            b->X[(size_t)r * m->d + j] = x[j];
    }
    svm_row_norms(b->X, bn, m->d, b->xx);
    if (m->n_sv == 0)
        return;
    // K (bn, n_sv) = Xb (bn, d) @ svX^T (d, n_sv): the dot products, then the map
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, bn, m->n_sv, m->d, 1.0, b->X, m->d,
                m->svX, m->d, 0.0, b->K, m->n_sv);
    for (int r = 0; r < bn; r++)
        svm_kernel_from_dots(&m->cfg.kern, b->K + (size_t)r * m->n_sv, m->n_sv, b->xx[r],
                             m->svsq);
}

/* Decision value of pair p for block row r. */
static double pair_decision(const KSvm *m, const Pair *p, const Block *b, int r)
{
    const double *k = b->K + (size_t)r * m->n_sv;
    double s = -p->rho;
    for (int c = 0; c < p->nc; c++)
        s += p->coef[c] * k[p->cpos[c]];
    return s;
}

/* One-vs-one: votes, ties to the lowest class; scores as SVC's 'ovr'
 * shape (votes + conf / (3 (|conf| + 1))). */
static int vote(const KSvm *m, const Block *b, int r, float *scores)
{
    int k = m->n_classes;
    double votes[k], conf[k];
    memset(votes, 0, sizeof votes);
    memset(conf, 0, sizeof conf);
    for (int q = 0; q < m->n_pairs; q++) {
        const Pair *p = &m->pairs[q];
        double s = pair_decision(m, p, b, r);
        votes[s >= 0.0 ? p->pos : p->neg] += 1.0;
        conf[p->pos] += s;
        conf[p->neg] -= s;
    }
    int best = 0;
    for (int c = 1; c < k; c++)
        if (votes[c] > votes[best])
            best = c;
    for (int c = 0; c < k && scores; c++)
        scores[c] = (float)(votes[c] + conf[c] / (3.0 * (fabs(conf[c]) + 1.0)));
    return best;
}

static void block_outputs(const KSvm *m, const Block *b, int bn, int *labels, float *scores)
{
    for (int r = 0; r < bn; r++) {
        float *sc = scores ? scores + (size_t)r * m->n_classes : NULL;
        if (m->n_classes == 2) {
            double s = pair_decision(m, &m->pairs[0], b, r);
            labels[r] = s >= 0.0;
            if (sc)
                sc[0] = (float)-s, sc[1] = (float)s;
        } else {
            labels[r] = vote(m, b, r, sc);
        }
    }
}

int ksvm_predict(KSvm *m, const Mat *X, int *labels, float *scores, Error *err)
{
    if (X->cols != m->d)
        return error_set(err, ERR_DATA, "svm: expected %d features, got %d", m->d, X->cols);
    Block b = { 0 };
    if (refresh_sv(m) < 0 || block_alloc(&b, m) < 0) {
        block_free(&b);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    for (int start = 0; start < X->rows; start += PREDICT_BLOCK) {
        int bn = X->rows - start < PREDICT_BLOCK ? X->rows - start : PREDICT_BLOCK;
        block_kernel(m, X, start, bn, &b);
        block_outputs(m, &b, bn, labels + start,
                      scores ? scores + (size_t)start * m->n_classes : NULL);
    }
    block_free(&b);
    return 0;
}

int ksvm_decision(KSvm *m, int p, const Mat *X, double *out, Error *err)
{
    if (p < 0 || p >= m->n_pairs)
        return error_set(err, ERR_USAGE, "svm: no pair %d", p);
    if (X->cols != m->d)
        return error_set(err, ERR_DATA, "svm: expected %d features, got %d", m->d, X->cols);
    Block b = { 0 };
    if (refresh_sv(m) < 0 || block_alloc(&b, m) < 0) {
        block_free(&b);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    for (int start = 0; start < X->rows; start += PREDICT_BLOCK) {
        int bn = X->rows - start < PREDICT_BLOCK ? X->rows - start : PREDICT_BLOCK;
        block_kernel(m, X, start, bn, &b);
        for (int r = 0; r < bn; r++)
            out[start + r] = pair_decision(m, &m->pairs[p], &b, r);
    }
    block_free(&b);
    return 0;
}

/* ---- inspect ---------------------------------------------------------------------- */

/* Rows with a > 0 in any pair, counted (and per class when per_class is
 * not NULL) without touching the predict cache; -1 without memory. */
static int count_support(const KSvm *m, int *per_class)
{
    unsigned char *mark = calloc((size_t)m->n + 1, 1);
    if (!mark)
        return -1;
    for (int q = 0; q < m->n_pairs; q++) {
        const Pair *p = &m->pairs[q];
        for (int t = 0; t < p->m; t++)
            if (pair_alpha(p, t) > 0.0)
                mark[p->rows[t]] = 1;
    }
    int n = 0;
    for (int i = 0; i < m->n; i++) {
        n += mark[i];
        if (mark[i] && per_class)
            per_class[m->y[i]]++;
    }
    free(mark);
    return n;
}

KSvmStats ksvm_stats(const KSvm *m)
{
    KSvmStats st = { 0 };
    st.iterations = m->iterations;
    st.steps = m->steps;
    st.pair = m->cur;
    st.n_pairs = m->n_pairs;
    int last = m->cur < m->n_pairs ? m->cur : m->n_pairs - 1;
    const Pair *p = &m->pairs[last];
    st.dual = p->dual;
    st.gap = p->gap;
    st.support_vectors = count_support(m, NULL);
    st.gamma = m->cfg.kern.gamma;
    st.done = m->cur >= m->n_pairs;
    return st;
}

const int *ksvm_support_indices(KSvm *m, int *n)
{
    if (refresh_sv(m) < 0) {
        *n = 0;
        return NULL;
    }
    *n = m->n_sv;
    return m->sv;
}

const float *ksvm_row(const KSvm *m, int row) { return m->Xf + (size_t)row * m->d; }

int ksvm_n_pairs(const KSvm *m) { return m->n_pairs; }

void ksvm_pair_classes(const KSvm *m, int p, int *neg, int *pos)
{
    *neg = m->pairs[p].neg;
    *pos = m->pairs[p].pos;
}

double ksvm_intercept(const KSvm *m, int p) { return -m->pairs[p].rho; }

int ksvm_pair_size(const KSvm *m, int p) { return m->pairs[p].m; }

int ksvm_dual_coef(const KSvm *m, int p, const int **rows, double *coef)
{
    const Pair *q = &m->pairs[p];
    if (rows)
        *rows = q->rows;
    for (int t = 0; t < q->m && coef; t++) {
        double a = pair_alpha(q, t);
        coef[t] = m->y[q->rows[t]] == q->pos ? a : -a;
    }
    return q->m;
}

void ksvm_model_json(const KSvm *m, StrBuf *sb)
{
    int *per_class = calloc((size_t)m->n_classes, sizeof *per_class);
    int n_sv = count_support(m, per_class);
    const SvmKernel *k = &m->cfg.kern;
    sb_printf(sb, "{\"kernel\": \"%s\", \"C\": ", svm_kernel_name(k->type));
    sb_json_double(sb, m->cfg.C);
    if (k->type != SVM_KERNEL_LINEAR) {
        sb_append(sb, ", \"gamma\": ");
        sb_json_double(sb, k->gamma);
    }
    if (k->type == SVM_KERNEL_POLY) {
        sb_printf(sb, ", \"degree\": %d, \"coef0\": ", k->degree);
        sb_json_double(sb, k->coef0);
    }
    sb_printf(sb, ", \"support_vectors\": %d, \"n_support\": [", n_sv);
    for (int c = 0; c < m->n_classes; c++)
        sb_printf(sb, "%s%d", c ? "," : "", per_class ? per_class[c] : 0);
    sb_append(sb, "], \"intercept\": [");
    for (int q = 0; q < m->n_pairs; q++) {
        sb_append(sb, q ? "," : "");
        sb_json_double(sb, -m->pairs[q].rho);
    }
    sb_append(sb, "], \"dual_objective\": [");
    for (int q = 0; q < m->n_pairs; q++) {
        sb_append(sb, q ? "," : "");
        sb_json_double(sb, m->pairs[q].dual);
    }
    sb_printf(sb, "], \"iterations\": %ld, \"decision\": \"sum_i y_i a_i K(x_i, x) + b\"}",
              m->iterations);
    free(per_class);
}

const SvmKernel *ksvm_kernel(const KSvm *m) { return &m->cfg.kern; }

int ksvm_restore_pair(KSvm *m, int p, const double *alpha, double rho, Error *err)
{
    Pair *q = &m->pairs[p];
    double *a = malloc((size_t)(q->m > 0 ? q->m : 1) * sizeof *a);
    if (!a)
        return error_set(err, ERR_NOMEM, "out of memory for the SVM");
    for (int t = 0; t < q->m; t++) {
        if (!(alpha[t] >= 0.0) || !isfinite(alpha[t]) || !isfinite(rho)) {
            free(a);
            return error_set(err, ERR_DATA, "svm: pair %d's coefficient %d is not a number "
                                            ">= 0", p, t);
        }
        a[t] = alpha[t];
    }
    free(q->smo.alpha);
    q->smo.alpha = a;
    q->rho = rho;
    q->started = q->solved = true;
    m->cur = p + 1 > m->cur ? p + 1 : m->cur;
    m->sv_dirty = true;
    return 0;
}
