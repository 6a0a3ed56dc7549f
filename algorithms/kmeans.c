/* kmeans.c - k-means clustering by Lloyd's algorithm.
 *
 * Minimise the inertia  sum_i || x_i - c_{a(i)} ||^2  over centroids c (k x d)
 * and assignments a by alternating the two steps that each lower it:
 *
 *   assign:  a(i) = argmin_c || x_i - c ||^2
 *   update:  c = mean of the points assigned to c
 *
 * One model step is one assign + update.  The passes over the data (the
 * assign with the update's sums fused in, norms, variance, distances to a
 * point) are in kmeans_kernels.c: blocked sgemm, pixel data kept as bytes,
 * results that do not depend on the number of threads.
 *
 * The model at step 0: create seeds the first run's centroids, so predict
 * works before any step (it assigns to the initial centroids).
 *
 * Convergence, as scikit-learn: stop when no point changed cluster, or when
 * the total squared centroid movement sum_c ||c_new - c_old||^2 is at most
 * tol x (mean variance of the features), or after max_iter iterations.  A
 * run ends with one more assign, so the labels match the final centroids,
 * and its inertia is computed there directly as sum ||x - c||^2 (without
 * the cancellation of the expanded form).
 *
 * Empty clusters: after an assign, a cluster with no points is re-seeded
 * with the point that lies farthest from its own centroid (taken out of its
 * old cluster), the largest contributor to the inertia.
 *
 * Initialisation (kmeans_init.c): random (k distinct training rows) or
 * k-means++. */
#include "kmeans_internal.h"
#include "model_io.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

enum { INIT_RANDOM, INIT_PLUSPLUS };

#define KM_SUMS_MAX (32u << 20)     /* bytes of per-chunk sums (fewer chunks beyond) */
#define KM_PATH_MAX (16u << 20)     /* floats of centroid path kept per run */
#define KM_BOUNDS_MAX (64u << 20)   /* bytes of Elkan bounds (the plain pass beyond) */

typedef struct KmModel {
    int k, d, n;
    int init, max_iter, n_init;
    double tol, tol_abs;   /* tol_abs = tol * mean feature variance        */
    Rng rng;
    KernelPath kpath;      /* the passes' instruction set (kernel_path.h)   */
    uint8_t *bytes;        /* n x d: the training rows as bytes, or NULL    */
    bool train_bytes;      /* the training part is byte-backed (mat.h): its own
                              bytes are the rows, bytes stays NULL           */
    float scale;
    float *xnorm;          /* n: ||x_i||^2 of the training rows             */

    /* The current run. */
    int run;               /* 0-based; == n_init once training is done      */
    bool started;          /* the run's centroids are initialised           */
    int iter;              /* Lloyd iterations done in this run             */
    float *centroids;      /* k x d                                         */
    int *assign;           /* n                                             */
    float *mind;           /* n: squared distance to the assigned centroid  */
    double inertia;        /* of the latest assign                          */
    float *path;           /* path_cap x k x d: centroids after each iteration */
    int path_len, path_cap;

    /* The kept run (lowest inertia). */
    bool have_best;
    double best_inertia;
    int best_iter;
    float *best_centroids, *best_path;
    int *best_assign;
    int best_path_len, best_path_cap;

    /* Scratch: per-chunk sums (chunks x k x d), counts, one row. */
    int chunks;            /* <= KM_CHUNKS, fewer when k x d is large        */
    double *sums;
    long *counts;
    float *rowbuf;

    /* Byte rows: integer sums and bounds kept between iterations (NULL
     * sums otherwise; kmeans_kernels.c), the centroids' last shifts (k). */
    LloydBytes lb;
    double *shift;
} KmModel;

static const ParamSpec km_params[] = {
    { "k", PARAM_INT, "0", 0, 1000, NULL,
      "number of clusters (0: the number of classes in the labels, else 8)" },
    { "init", PARAM_CHOICE, "kmeans++", 0, 0, "random|kmeans++",
      "initial centroids: random training rows, or k-means++ seeding" },
    { "max_iter", PARAM_INT, "100", 1, 1000, NULL, "most Lloyd iterations per run" },
    { "tol", PARAM_FLOAT, "1e-4", 0.0, 1.0, NULL,
      "stop when total squared centroid shift <= tol x mean feature variance" },
    { "n_init", PARAM_INT, "0", 0, 100, NULL,
      "runs from different initial centroids, the lowest inertia kept; 0 = auto: "
      "10 when rows x features <= 2e6, else 1" },
    { 0 }
};

/* n_init=0 runs 10 restarts when the data has at most this many values. */
#define KM_AUTO_RESTART_CELLS 2e6

/* The training rows as k-means reads them. */
static Rows train_rows(const KmModel *m, const Dataset *train)
{
    if (m->train_bytes)
        return (Rows){ m->n, m->d, NULL, train->X.bytes, m->scale, m->kpath };
    Rows R = { m->n, m->d, m->bytes ? NULL : train->X.data, m->bytes, m->scale, m->kpath };
    return R;
}

/* ---------------------------------------------------------------- model */

static void km_destroy(void *model)
{
    KmModel *m = model;
    if (!m)
        return;
    free(m->bytes);
    free(m->xnorm);
    free(m->centroids);
    free(m->assign);
    free(m->mind);
    free(m->path);
    free(m->best_centroids);
    free(m->best_path);
    free(m->best_assign);
    free(m->sums);
    free(m->counts);
    free(m->rowbuf);
    free(m->lb.sums);
    free(m->lb.counts);
    free(m->lb.upper);
    free(m->lb.lower);
    free(m->shift);
    free(m);
}

/* k: the param, or the number of classes when it is 0 (else 8). */
static int cluster_count(const Params *params, const Dataset *train)
{
    int k = params_int(params, "k");
    if (k == 0)
        k = train->y && train->n_classes > 1 ? train->n_classes : 8;
    return k;
}

static int check_training(int k, int n, int d, Error *err)
{
    if (d == 0 || n == 0)
        return error_set(err, ERR_DATA, "k-means needs a non-empty training set");
    if (k > n)
        return error_set(err, ERR_USAGE, "k-means: k = %d is more than the %d training rows",
                         k, n);
    return 0;
}

static void read_params(KmModel *m, const Params *params)
{
    m->init = strcmp(params_str(params, "init"), "random") == 0 ? INIT_RANDOM : INIT_PLUSPLUS;
    m->max_iter = params_int(params, "max_iter");
    m->n_init = params_int(params, "n_init");
    if (m->n_init == 0) /* auto: restarts are cheap on small data and avoid poor minima */
        m->n_init = (double)m->n * m->d <= KM_AUTO_RESTART_CELLS ? 10 : 1;
    m->tol = params_float(params, "tol");
}

static int alloc_model(KmModel *m, Error *err)
{
    int n = m->n, d = m->d, k = m->k;
    size_t kd = (size_t)k * d;
    m->chunks = KM_CHUNKS;
    while (m->chunks > 1 && (size_t)m->chunks * kd * sizeof(double) > KM_SUMS_MAX)
        m->chunks /= 2;
    m->xnorm = malloc((size_t)n * sizeof *m->xnorm);
    m->centroids = calloc(kd, sizeof *m->centroids);
    m->assign = calloc((size_t)n, sizeof *m->assign);
    m->mind = malloc((size_t)n * sizeof *m->mind);
    m->best_centroids = malloc(kd * sizeof *m->best_centroids);
    m->best_assign = malloc((size_t)n * sizeof *m->best_assign);
    m->sums = malloc((size_t)m->chunks * kd * sizeof *m->sums);
    m->counts = malloc((size_t)m->chunks * k * sizeof *m->counts);
    m->rowbuf = malloc((size_t)d * sizeof *m->rowbuf);
    if (!m->rowbuf || !m->xnorm || !m->centroids || !m->assign || !m->mind ||
        !m->best_centroids || !m->best_assign || !m->sums || !m->counts)
        return error_set(err, ERR_NOMEM, "out of memory for k-means");
    return 0;
}

/* The state of the byte rows' Lloyd iterations, when its per-chunk integer
 * sums fit KM_SUMS_MAX and its bounds KM_BOUNDS_MAX (else the plain pass
 * serves); sum ||q||^2 exactly over the byte rows q. */
static int alloc_bounds(KmModel *m, const uint8_t *q, Error *err)
{
    size_t kd = (size_t)m->k * m->d;
    if (KM_CHUNKS * kd * sizeof(int32_t) > KM_SUMS_MAX ||
        (size_t)m->n * (m->k + 1) * sizeof(double) > KM_BOUNDS_MAX)
        return 0;
    m->lb.sums = malloc(kd * sizeof *m->lb.sums);
    m->lb.counts = malloc((size_t)m->k * sizeof *m->lb.counts);
    m->lb.upper = malloc((size_t)m->n * sizeof *m->lb.upper);
    m->lb.lower = malloc((size_t)m->n * m->k * sizeof *m->lb.lower);
    m->shift = calloc((size_t)m->k, sizeof *m->shift);
    if (!m->lb.sums || !m->lb.counts || !m->lb.upper || !m->lb.lower || !m->shift)
        return error_set(err, ERR_NOMEM, "out of memory for k-means");
    int64_t qq = 0;
    for (size_t t = 0; t < (size_t)m->n * m->d; t++)
        qq += (int64_t)q[t] * q[t];
    m->lb.qq = (double)qq;
    return 0;
}

/* The rows as bytes when they are on a byte grid; their norms; tol in the
 * data's units (relative to the mean variance of the features). */
static int read_rows(KmModel *m, const Dataset *train, Error *err)
{
    /* Pixel-like data is kept as bytes: each iteration reads a quarter as
     * much.  A byte-backed training part (mat.h) is read as it is. */
    if (m->train_bytes)
        m->scale = train->X.byte_scale;
    else if (!(m->bytes = malloc((size_t)m->n * m->d)))
        return error_set(err, ERR_NOMEM, "out of memory for k-means");
    else
        m->scale = km_floats_to_bytes(train->X.data, (size_t)m->n * m->d, m->bytes);
    if (m->scale == 0.0f) {
        free(m->bytes);
        m->bytes = NULL;
    }
    Rows R = train_rows(m, train); /* bytes: the model's own, or the training part's */
    if (R.b && alloc_bounds(m, R.b, err) < 0)
        return -1;
    double var_sum = 0.0;
    if (km_row_sq_norms(&R, m->xnorm, err) < 0 || km_mean_variance(&R, &var_sum, err) < 0)
        return -1;
    m->tol_abs = m->tol * var_sum;
    return 0;
}

static int start_run(KmModel *m, const Rows *X, Error *err);

static void *km_create(const Params *params, const Dataset *train, Rng *rng, Error *err)
{
    int n = dataset_rows(train), d = dataset_cols(train);
    int k = cluster_count(params, train);
    if (check_training(k, n, d, err) < 0)
        return NULL;
    KmModel *m = calloc(1, sizeof *m);
    if (!m) {
        error_set(err, ERR_NOMEM, "out of memory for k-means");
        return NULL;
    }
    m->k = k;
    m->d = d;
    m->n = n;
    read_params(m, params);
    m->train_bytes = mat_is_bytes(&train->X);
    m->rng = rng_split(rng);
    m->inertia = NAN;
    if (kernel_path_select(&m->kpath, err) < 0 || alloc_model(m, err) < 0 ||
        read_rows(m, train, err) < 0) {
        km_destroy(m);
        return NULL;
    }
    /* The model at step 0: the first run's initial centroids. */
    Rows R = train_rows(m, train);
    if (start_run(m, &R, err) < 0) {
        km_destroy(m);
        return NULL;
    }
    return m;
}

/* The point farthest from its centroid, in a cluster that keeps at least one
 * other point (-1 in mind marks points used already); -1 when none. */
static int farthest_point(const KmModel *m)
{
    int far = -1;
    for (int i = 0; i < m->n; i++)
        if (m->mind[i] >= 0.0f && m->counts[m->assign[i]] > 1 &&
            (far < 0 || m->mind[i] > m->mind[far]))
            far = i;
    return far;
}

/* Empty cluster c takes the farthest point out of its old cluster. */
static void reseed(KmModel *m, const Rows *X, int c, int far, Trace *trace)
{
    int d = m->d, old = m->assign[far];
    double *sums = m->sums;
    float *x = m->rowbuf;
    km_row_floats(X, far, x);
    for (int j = 0; j < d; j++) {
        sums[(size_t)old * d + j] -= x[j];
        sums[(size_t)c * d + j] = x[j];
    }
    m->counts[old]--;
    m->counts[c] = 1;
    char text[TRACE_TEXT_LEN];
    snprintf(text, sizeof text,
             "cluster %d was empty: re-seeded with row %d, the farthest from its "
             "centroid (squared distance %.4g)",
             c, far, (double)m->mind[far]);
    trace_emitv(trace, TRACE_DETAIL, "empty", text, "cluster", (double)c, "row", (double)far,
                "sq_distance", (double)m->mind[far], TRACE_END);
    m->mind[far] = -1.0f;
}

/* Move each centroid to the mean of its points (sums/counts from the assign
 * pass); re-seed empty clusters.  Returns sum of squared shifts and the
 * largest shift (not squared) through *max_shift. */
static double update_centroids(KmModel *m, const Rows *X, Trace *trace, double *max_shift)
{
    int k = m->k, d = m->d;
    for (int c = 0; c < k; c++) {
        if (m->counts[c] > 0)
            continue;
        int far = farthest_point(m);
        if (far >= 0) /* else fewer distinct points than clusters: leave it */
            reseed(m, X, c, far, trace);
    }
    double shift_sq = 0.0, mx = 0.0;
    for (int c = 0; c < k; c++) {
        float *cc = m->centroids + (size_t)c * d;
        double s = 0.0;
        for (int j = 0; m->counts[c] > 0 && j < d; j++) {
            float v = (float)(m->sums[(size_t)c * d + j] / m->counts[c]);
            double t = v - cc[j];
            s += t * t;
            cc[j] = v;
        }
        shift_sq += s;
        if (m->shift)
            m->shift[c] = sqrt(s);
        if (s > mx)
            mx = s;
    }
    *max_shift = sqrt(mx);
    return shift_sq;
}

/* Append the current centroids to the run's path.  The buffer doubles as
 * needed up to KM_PATH_MAX floats; beyond that (huge k x d) the last entry is
 * overwritten, so the path still ends at the current centroids. */
static void path_push(KmModel *m)
{
    size_t kd = (size_t)m->k * m->d;
    if (m->path_len == m->path_cap) {
        int cap = m->path_cap ? 2 * m->path_cap : 16;
        if ((size_t)cap * kd > KM_PATH_MAX)
            cap = (int)(KM_PATH_MAX / kd);
        float *p = cap > m->path_cap ? realloc(m->path, (size_t)cap * kd * sizeof *p) : NULL;
        if (p) {
            m->path = p;
            m->path_cap = cap;
        } else if (m->path_len > 0) {
            m->path_len--; /* full: replace the last entry */
        } else {
            return; /* not even one entry fits: no path */
        }
    }
    memcpy(m->path + (size_t)m->path_len * kd, m->centroids, kd * sizeof(float));
    m->path_len++;
}

static void swap_paths(KmModel *m)
{
    float *p = m->path;
    int len = m->path_len, cap = m->path_cap;
    m->path = m->best_path;
    m->path_len = m->best_path_len;
    m->path_cap = m->best_path_cap;
    m->best_path = p;
    m->best_path_len = len;
    m->best_path_cap = cap;
}

/* Finish the current run: keep it if it is the best so far. */
static void end_run(KmModel *m, Trace *trace, const char *why)
{
    size_t kd = (size_t)m->k * m->d;
    bool better = !m->have_best || m->inertia < m->best_inertia;
    char text[TRACE_TEXT_LEN];
    snprintf(text, sizeof text, "run %d/%d %s after %d iterations: inertia %.6g%s", m->run + 1,
             m->n_init, why, m->iter, m->inertia,
             m->n_init == 1 ? "" : better ? " (best so far)" : " (not kept)");
    trace_emitv(trace, TRACE_NOTE, "run", text, "run", (double)(m->run + 1), "inertia",
                m->inertia, "iterations", (double)m->iter, TRACE_END);
    if (better) {
        m->have_best = true;
        m->best_inertia = m->inertia;
        m->best_iter = m->iter;
        memcpy(m->best_centroids, m->centroids, kd * sizeof(float));
        memcpy(m->best_assign, m->assign, (size_t)m->n * sizeof(int));
        swap_paths(m); /* the old best's buffer takes the next run's path */
    }
    m->run++;
    m->started = false;
    if (m->run == m->n_init) {
        /* Done: the current state becomes the kept run, for the views. */
        memcpy(m->centroids, m->best_centroids, kd * sizeof(float));
        memcpy(m->assign, m->best_assign, (size_t)m->n * sizeof(int));
        swap_paths(m);
        m->inertia = m->best_inertia;
        m->iter = m->best_iter;
    }
}

/* A run starts: initial centroids, no assignments, the path at its start. */
static int start_run(KmModel *m, const Rows *X, Error *err)
{
    if (km_init_centroids(X, m->xnorm, m->k, m->init == INIT_PLUSPLUS, &m->rng, m->centroids,
                          err) < 0)
        return -1;
    for (int i = 0; i < m->n; i++)
        m->assign[i] = -1;
    m->path_len = 0;
    m->lb.valid = false;
    path_push(m);
    m->iter = 0;
    m->inertia = NAN;
    m->started = true;
    return 0;
}

static void trace_iteration(const KmModel *m, Trace *trace, double prev, const AssignOut *a,
                            double shift_sq, double max_shift)
{
    char text[TRACE_TEXT_LEN], change[32] = "";
    if (isfinite(prev) && prev > 0)
        snprintf(change, sizeof change, " (%+.1f%%)", 100.0 * (a->inertia - prev) / prev);
    snprintf(text, sizeof text,
             "iter %d: inertia %.3g%s, %ld points changed cluster, max centroid shift %.3g",
             m->iter, a->inertia, change, a->changed, max_shift);
    trace_emitv(trace, TRACE_STEP, "iter", text, "inertia", a->inertia, "changed",
                (double)a->changed, "max_shift", max_shift, "shift_sq", shift_sq, "run",
                (double)(m->run + 1), TRACE_END);
}

/* Why the run stops after this iteration, or NULL when it goes on. */
static const char *stop_reason(const KmModel *m, long changed, double shift_sq)
{
    if (m->iter > 1 && changed == 0)
        return "converged (no point changed cluster)";
    if (shift_sq <= m->tol_abs)
        return "converged (centroid shift below tol)";
    if (m->iter >= m->max_iter)
        return "stopped at max_iter";
    return NULL;
}

/* The assign of byte rows with bounds and integer sums: the sums and
 * counts the update reads, and, when a cluster is empty (rare), every row's
 * distance to its centroid for the re-seeding (which then resets the bounds). */
static int assign_bytes(KmModel *m, const Rows *X, AssignOut *a, Error *err)
{
    int k = m->k, d = m->d;
    if (km_lloyd_bytes(X, m->xnorm, m->centroids, k, m->shift, m->assign, &m->lb, a, err) < 0)
        return -1;
    bool empty = false;
    for (size_t t = 0; t < (size_t)k * d; t++)
        m->sums[t] = (double)m->lb.sums[t] / X->scale;
    for (int c = 0; c < k; c++) {
        m->counts[c] = m->lb.counts[c];
        empty = empty || m->counts[c] == 0;
    }
    for (int i = 0; empty && i < m->n; i++) {
        km_row_floats(X, i, m->rowbuf);
        m->mind[i] = (float)km_exact_sq_distance(m->rowbuf,
                                                 m->centroids + (size_t)m->assign[i] * d, d);
    }
    if (empty)
        m->lb.valid = false;
    return 0;
}

/* One assign + update; *why says whether the run stops here. */
static int lloyd_iteration(KmModel *m, const Rows *X, Trace *trace, const char **why,
                           Error *err)
{
    double prev = m->inertia;
    AssignOut a = { .assign = m->assign, .mind = m->mind, .sums = m->sums, .counts = m->counts };
    if (X->b && m->lb.sums ? assign_bytes(m, X, &a, err) < 0
                           : km_assign_pass(X, m->xnorm, m->centroids, m->k, m->chunks, &a,
                                            err) < 0)
        return -1;
    m->inertia = a.inertia;
    double max_shift;
    double shift_sq = update_centroids(m, X, trace, &max_shift);
    m->iter++;
    path_push(m);
    trace_iteration(m, trace, prev, &a, shift_sq, max_shift);
    *why = stop_reason(m, a.changed, shift_sq);
    return 0;
}

/* Non-finite results are errors, never output: the inertia and every
 * centroid overflow float32/double arithmetic on values near FLT_MAX. */
static int check_finite(const KmModel *m, Error *err)
{
    bool ok = isfinite(m->inertia);
    for (size_t i = 0; ok && i < (size_t)m->k * (size_t)m->d; i++)
        ok = isfinite(m->centroids[i]);
    if (ok)
        return 0;
    return error_set(err, ERR_DATA, "k-means: the distances overflow (the %s is not finite "
                                    "after %d iteration%s): the features are too large for "
                                    "float32; scale them (--scale standard)",
                     isfinite(m->inertia) ? "centroid" : "inertia", m->iter,
                     m->iter == 1 ? "" : "s");
}

static StepStatus km_step(void *model, const Dataset *train, Trace *trace, Error *err)
{
    KmModel *m = model;
    if (m->run >= m->n_init)
        return STEP_DONE;
    if (trace_cancelled(trace))
        return error_set(err, ERR_CANCELLED, "cancelled"), STEP_ERROR;
    if (dataset_rows(train) != m->n || dataset_cols(train) != m->d) {
        error_set(err, ERR_DATA, "k-means: the training set changed shape");
        return STEP_ERROR;
    }
    Rows X = train_rows(m, train);
    const char *why = NULL;
    if ((!m->started && start_run(m, &X, err) < 0) ||
        lloyd_iteration(m, &X, trace, &why, err) < 0 || check_finite(m, err) < 0)
        return STEP_ERROR;
    if (!why)
        return STEP_MORE;
    /* Labels that match the final centroids, and the inertia computed directly. */
    AssignOut fin = { .assign = m->assign, .mind = m->mind, .exact = true };
    if (km_assign_pass(&X, m->xnorm, m->centroids, m->k, m->chunks, &fin, err) < 0)
        return STEP_ERROR;
    m->inertia = fin.inertia;
    if (check_finite(m, err) < 0)
        return STEP_ERROR;
    end_run(m, trace, why);
    return m->run >= m->n_init ? STEP_DONE : STEP_MORE;
}

/* Rows of a byte-backed X (mat.h) assigned a block at a time, as the
 * floats a float X would hold. */
#define KM_PREDICT_BLOCK 2048
static int km_predict(void *model, const Mat *X, int *labels, float *scores, Error *err);

static int predict_byte_rows(void *model, const Mat *X, int *labels, Error *err)
{
    int d = X->cols;
    float *buf = malloc((size_t)KM_PREDICT_BLOCK * (size_t)(d ? d : 1) * sizeof *buf);
    if (!buf)
        return error_set(err, ERR_NOMEM, "out of memory for k-means predictions");
    int rc = 0;
    for (int r0 = 0; rc == 0 && r0 < X->rows; r0 += KM_PREDICT_BLOCK) {
        int cnt = X->rows - r0 < KM_PREDICT_BLOCK ? X->rows - r0 : KM_PREDICT_BLOCK;
        Mat f = { .rows = cnt, .cols = d, .data = buf };
        mat_rows_f32(X, r0, cnt, buf);
        rc = km_predict(model, &f, labels + r0, NULL, err);
    }
    free(buf);
    return rc;
}

static int km_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    KmModel *m = model;
    (void)scores;
    if (X->cols != m->d)
        return error_set(err, ERR_DATA, "k-means: %d features given, the model has %d", X->cols,
                         m->d);
    /* The kept run once one has finished, else the current centroids (at
     * step 0 the first run's initial ones). */
    if (mat_is_bytes(X))
        return predict_byte_rows(model, X, labels, err);
    const float *C = m->have_best ? m->best_centroids : m->centroids;
    float *xn = malloc(((size_t)X->rows + 1) * sizeof *xn);
    if (!xn)
        return error_set(err, ERR_NOMEM, "out of memory for k-means predictions");
    Rows R = { X->rows, X->cols, X->data, NULL, 0.0f, m->kpath };
    for (int i = 0; i < X->rows; i++)
        labels[i] = -1;
    AssignOut a = { .assign = labels };
    int rc = km_row_sq_norms(&R, xn, err);
    if (rc == 0)
        rc = km_assign_pass(&R, xn, C, m->k, KM_CHUNKS, &a, err);
    free(xn);
    return rc;
}

static void km_model_json(const void *model, const Dataset *train, StrBuf *sb)
{
    const KmModel *m = model;
    (void)train;
    const float *C = m->have_best ? m->best_centroids : m->centroids;
    sb_append(sb, "{\"centroids\": ");
    sb_json_float_matrix(sb, C, m->k, m->d);
    sb_append(sb, ", \"inertia\": ");
    sb_json_double(sb, m->have_best ? m->best_inertia : m->inertia);
    sb_printf(sb, ", \"iterations\": %d, \"kernel\": ", m->have_best ? m->best_iter : m->iter);
    sb_json_string(sb, kmeans_kernel_name(m));
    /* The values used when the params say 0 (auto). */
    sb_printf(sb, ", \"params_used\": {\"k\": %d, \"n_init\": %d}}", m->k, m->n_init);
}

/* ---------------------------------------------------------------- inspect */

const char *kmeans_kernel_name(const void *model)
{
    static const char *const names[2][3] = {
        { "float32 rows, sgemm (generic)", "float32 rows, sgemm (AVX2)",
          "float32 rows, sgemm (AVX-512)" },
        { "uint8 rows, sgemm (generic)", "uint8 rows, sgemm (AVX2)",
          "uint8 rows, sgemm (AVX-512)" },
    };
    const KmModel *m = model;
    return names[m->bytes != NULL || m->train_bytes][m->kpath];
}

int kmeans_k(const void *model) { return ((const KmModel *)model)->k; }
int kmeans_dim(const void *model) { return ((const KmModel *)model)->d; }

const float *kmeans_centroids(const void *model)
{
    const KmModel *m = model;
    return m->started || m->run > 0 ? m->centroids : NULL;
}

const int *kmeans_assignments(const void *model)
{
    const KmModel *m = model;
    return m->iter > 0 || m->run > 0 ? m->assign : NULL;
}

int kmeans_path_length(const void *model) { return ((const KmModel *)model)->path_len; }

const float *kmeans_path(const void *model, int t)
{
    const KmModel *m = model;
    if (t < 0 || t >= m->path_len)
        return NULL;
    return m->path + (size_t)t * m->k * m->d;
}

int kmeans_iteration(const void *model) { return ((const KmModel *)model)->iter; }

int kmeans_run(const void *model)
{
    const KmModel *m = model;
    return m->run < m->n_init ? m->run + 1 : m->n_init;
}

int kmeans_runs(const void *model) { return ((const KmModel *)model)->n_init; }
double kmeans_inertia(const void *model) { return ((const KmModel *)model)->inertia; }

static int check_iteration(const KmModel *m, const Dataset *train, const float *C,
                           const int *labels, Error *err)
{
    if (dataset_rows(train) != m->n || dataset_cols(train) != m->d)
        return error_set(err, ERR_DATA, "k-means: the training set changed shape");
    for (size_t j = 0; j < (size_t)m->k * m->d; j++)
        if (!isfinite(C[j]))
            return error_set(err, ERR_DATA, "centroid %zu has a value that is not finite (%g)",
                             j / (size_t)m->d, (double)C[j]);
    for (int i = 0; i < m->n; i++)
        if (labels[i] < 0 || labels[i] >= m->k)
            return error_set(err, ERR_DATA, "labels[%d] = %d is not a cluster (0..%d)", i,
                             labels[i], m->k - 1);
    return 0;
}

int kmeans_load_iteration(void *model, const Dataset *train, const float *centroids,
                          const int *labels, Error *err)
{
    KmModel *m = model;
    if (check_iteration(m, train, centroids, labels, err) < 0)
        return -1;
    size_t kd = (size_t)m->k * m->d;
    /* The inertia as a step's assign reports it: each row to the centroid
     * it was assigned to, before the update moved it. */
    double total = 0.0;
    for (int i = 0; i < m->n; i++) {
        const float *c = m->centroids + (size_t)labels[i] * m->d;
        for (int j = 0; j < m->d; j++) {
            double x = mat_get(&train->X, i, j); /* any backing (mat.h) */
            total += (x - c[j]) * (x - c[j]);
        }
    }
    memcpy(m->centroids, centroids, kd * sizeof *centroids);
    memcpy(m->assign, labels, (size_t)m->n * sizeof *labels);
    m->lb.valid = false;
    m->inertia = total;
    m->started = true;
    m->iter++;
    path_push(m);
    return 0;
}

const Algo algo_kmeans = {
    .name = "kmeans",
    .title = "k-means clustering",
    .summary = "k centroids; alternate assigning points to the nearest and moving each to "
               "its points' mean",
    .group = "clustering",
    .kind = ALGO_CLUSTERER,
    .params = km_params,
    .default_scale = SCALE_STANDARD,
    .takes_bytes = true,
    .scores_are_probs = false,
    .create = km_create,
    .step = km_step,
    .predict = km_predict,
    .destroy = km_destroy,
    .model_json = km_model_json,
    .save = kmeans_save, .load = kmeans_load, .check_data = kmeans_check_data, /* model_io.h */
};
