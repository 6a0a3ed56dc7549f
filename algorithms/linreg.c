/* algorithms/linreg.c - linear regression, optionally polynomial and ridge.
 *
 * Two ways to fit the same model y ~ b + w . z(x):
 *   method=normal  least squares solved once through LAPACK, in double:
 *                  dgelsd (SVD, copes with rank deficiency) on the centred
 *                  design with sqrt(m l2) I appended as extra rows, or, when
 *                  that matrix would be large, a Cholesky solve (dposv) of the
 *                  normal equations (Z^T Z + m l2 I) w = Z^T y.  Never an
 *                  explicit inverse.  The intercept is not penalised.
 *   method=gd      batch gradient descent on
 *                      J(W) = (1/m) sum (yhat - y)^2 + l2 ||W||^2
 *                  with the bias INSIDE W (penalised), exactly the REFERENCE
 *                  toy: m = n for cost=mean, m = 1 for cost=sum.
 * The normal method minimises the same (1/m) sum of squares + l2 ||w||^2,
 * but with the intercept left out of the penalty.
 *
 * degree > 1 expands the inputs into all monomials of degree 1..degree, in
 * poly_features' order (x1, x2, x1^2, x1 x2, x2^2, ...).  Powers up to 30 of
 * x in [-3, 3] span 1 .. 2e14 and make float32 useless, so the model works
 * internally on z = (monomial(x / a) - mu) / sd: each input divided by its
 * largest |x| on the training part (powers then stay in [-1, 1]), each
 * monomial standardised, all in double.  The penalty then applies to those
 * standardised coefficients.  linreg_coef() undoes the scaling.  With
 * degree = 1 the inputs are used as given (only centred by the normal
 * method), so l2 there penalises the coefficients of the inputs themselves.
 *
 * A step is one GD iteration, or the whole solve for method=normal. */
#include "linreg.h"

#include <cblas.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lapack.h"
#include "linear_common.h"
#include "model_io.h"

/* Above this many doubles the SVD path's design copy is too big: use the
 * Cholesky solve of the normal equations instead. */
#define LINREG_SVD_MAX_DOUBLES (8u << 20)
/* Refuse polynomial expansions wider than this. */
#define LINREG_MAX_TERMS 20000

typedef enum { METHOD_NORMAL, METHOD_GD } Method;

typedef struct Linreg {
    int d, degree, p;    // inputs, polynomial degree, model features
    int n;               // training rows
    Method method;
    float lr, l2;
    int iters;
    bool cost_sum;       // m = 1 (sum of squares) instead of m = n
    int *expo;           // (p, degree) input index of each factor of term j, -1 = none
    double *in_scale;    // (d) largest |x_j| on training (degree > 1), else 1
    double *mu, *sd;     // (p) feature shift and scale: z = (f - mu) / sd
    double *x_mean;      // (d) training mean of each input (for curves)
    double *w;           // (p) coefficients on z
    double b;            // intercept on z
    // gradient descent state (float, bias first as in the REFERENCE toy)
    float *Zf;           // (n, p) standardised features (degree > 1), else NULL
    float *Wf;           // (1 + p): W[0] = bias, W[1..p] = w
    float *resid;        // (n)
    float *grad;         // (1 + p)
    int iters_done;
    bool done;
    double loss, mse, grad_norm;
    LinHistory hist;
} Linreg;

static const ParamSpec linreg_params[] = {
    { "method", PARAM_CHOICE, "normal", 0, 0, "normal|gd",
      "normal: least squares through LAPACK; gd: gradient descent" },
    { "lr", PARAM_FLOAT, "0.01", 1e-12, 10.0, NULL, "learning rate of gradient descent" },
    { "iters", PARAM_INT, "1000", 1, 10000000, NULL, "gradient-descent iterations" },
    { "l2", PARAM_FLOAT, "0", 0.0, 1e9, NULL,
      "ridge penalty lambda on ||w||^2 (gd: the bias too, as the textbook toy)" },
    { "degree", PARAM_INT, "1", 1, 40, NULL,
      "polynomial degree (all monomials of the inputs up to it)" },
    { "cost", PARAM_CHOICE, "mean", 0, 0, "mean|sum",
      "squared error averaged over rows (mean) or summed (sum, as the toy)" },
    { 0 }
};

/* ---- features ------------------------------------------------------------ */

/* Fill expo with the monomials of d inputs of degree 1..D in graded
 * lexicographic order: each term is a non-decreasing list of input indices
 * (x1 x1 x2 = {0, 0, 1}), padded with -1.  Returns the number of terms, or
 * -1 when more than max. */
static int make_terms(int d, int D, int *expo, int max)
{
    int count = 0, idx[64];
    for (int g = 1; g <= D; g++) {
        for (int i = 0; i < g; i++)
            idx[i] = 0;
        for (;;) {
            if (count >= max)
                return -1;
            if (expo) {
                for (int i = 0; i < D; i++)
                    expo[(size_t)count * D + i] = i < g ? idx[i] : -1;
            }
            count++;
            // next non-decreasing sequence of length g over [0, d)
            int i = g - 1;
            while (i >= 0 && idx[i] == d - 1)
                i--;
            if (i < 0)
                break;
            idx[i]++;
            for (int j = i + 1; j < g; j++)
                idx[j] = idx[i];
        }
    }
    return count;
}

/* The model features z (p) of one input row x (d). */
static void features_row(const Linreg *m, const float *x, double *z)
{
    if (m->degree == 1) {
        for (int j = 0; j < m->d; j++)
            z[j] = ((double)x[j] - m->mu[j]) / m->sd[j];
        return;
    }
    for (int j = 0; j < m->p; j++) {
        const int *e = m->expo + (size_t)j * m->degree;
        double f = 1.0;
        for (int i = 0; i < m->degree && e[i] >= 0; i++)
            f *= (double)x[e[i]] / m->in_scale[e[i]];
        z[j] = (f - m->mu[j]) / m->sd[j];
    }
}

static double predict_row(const Linreg *m, const float *x, double *z)
{
    features_row(m, x, z);
    double s = m->b;
    for (int j = 0; j < m->p; j++)
        s += m->w[j] * z[j];
    return s;
}

/* ---- create / destroy ---------------------------------------------------- */

static void linreg_destroy(void *model)
{
    Linreg *m = model;
    if (!m)
        return;
    free(m->expo);
    free(m->in_scale);
    free(m->mu);
    free(m->sd);
    free(m->x_mean);
    free(m->w);
    free(m->Zf);
    free(m->Wf);
    free(m->resid);
    free(m->grad);
    lin_history_free(&m->hist);
    free(m);
}

static int check_training(const Dataset *train, Error *err)
{
    if (!train->target)
        return error_set(err, ERR_DATA, "linreg needs a numeric target: `%s` holds text labels",
                         train->target_name ? train->target_name : "?");
    if (train->X.rows < 1 || train->X.cols < 1)
        return error_set(err, ERR_DATA, "linreg: the training set is empty");
    return 0;
}

static void read_params(Linreg *m, const Params *prm)
{
    m->degree = params_int(prm, "degree");
    m->method = strcmp(params_str(prm, "method"), "gd") == 0 ? METHOD_GD : METHOD_NORMAL;
    m->lr = (float)params_float(prm, "lr");
    m->iters = params_int(prm, "iters");
    m->l2 = (float)params_float(prm, "l2");
    m->cost_sum = strcmp(params_str(prm, "cost"), "sum") == 0;
}

/* m->p, the number of model features, or -1 with err set when the degree
 * makes too many. */
static int count_terms(Linreg *m, Error *err)
{
    if (m->degree > 60)
        return error_set(err, ERR_USAGE, "linreg: degree %d is too high", m->degree);
    m->p = m->degree == 1 ? m->d : make_terms(m->d, m->degree, NULL, LINREG_MAX_TERMS);
    if (m->p < 0 || (double)m->p * m->n > 1e8)
        return error_set(err, ERR_USAGE,
                         "linreg: degree %d of %d inputs makes too many features; lower degree",
                         m->degree, m->d);
    return 0;
}

static int alloc_model(Linreg *m, Error *err)
{
    int n = m->n, d = m->d, p = m->p;
    m->in_scale = malloc((size_t)d * sizeof *m->in_scale);
    m->x_mean = calloc((size_t)d, sizeof *m->x_mean);
    m->mu = calloc((size_t)p, sizeof *m->mu);
    m->sd = malloc((size_t)p * sizeof *m->sd);
    m->w = calloc((size_t)p, sizeof *m->w);
    m->Wf = calloc((size_t)p + 1, sizeof *m->Wf);
    m->grad = calloc((size_t)p + 1, sizeof *m->grad);
    m->resid = malloc((size_t)n * sizeof *m->resid);
    if (m->degree > 1)
        m->expo = malloc((size_t)p * m->degree * sizeof *m->expo);
    if (!m->in_scale || !m->x_mean || !m->mu || !m->sd || !m->w || !m->Wf || !m->grad ||
        !m->resid || (m->degree > 1 && !m->expo))
        return error_set(err, ERR_NOMEM, "out of memory for linreg");
    for (int j = 0; j < p; j++)
        m->sd[j] = 1.0;
    return 0;
}

/* Each input's training mean, and its scale (the largest |x_j|, degree > 1). */
static void input_stats(Linreg *m, const Mat *X)
{
    for (int j = 0; j < m->d; j++) {
        double amax = 0.0;
        for (int i = 0; i < m->n; i++) {
            double v = MAT_AT(X, i, j);
            m->x_mean[j] += v;
            if (fabs(v) > amax)
                amax = fabs(v);
        }
        m->x_mean[j] /= m->n;
        m->in_scale[j] = m->degree > 1 && amax > 0.0 ? amax : 1.0;
    }
}

/* ss[j] += each row's feature j (its square when squares), features_row's
 * output z (p) for every training row. */
static void sum_features(const Linreg *m, const Mat *X, double *z, double *ss, bool squares)
{
    for (int i = 0; i < m->n; i++) {
        features_row(m, mat_row(X, i), z);
        for (int j = 0; j < m->p; j++)
            ss[j] += squares ? z[j] * z[j] : z[j];
    }
}

/* Standardise each monomial of the scaled inputs (two passes, in double) and
 * keep the standardised features Zf. */
static void standardise_terms(Linreg *m, const Mat *X, double *z, double *ss)
{
    int n = m->n, p = m->p;
    // means first (into ss: features_row subtracts mu, which is still 0)
    sum_features(m, X, z, ss, false);
    for (int j = 0; j < p; j++) {
        m->mu[j] = ss[j] / n;
        ss[j] = 0.0;
    }
    sum_features(m, X, z, ss, true); // already centred
    for (int j = 0; j < p; j++)
        m->sd[j] = ss[j] > 0.0 ? sqrt(ss[j] / n) : 1.0;
    for (int i = 0; i < n; i++) {
        features_row(m, mat_row(X, i), z);
        for (int j = 0; j < p; j++)
            m->Zf[(size_t)i * p + j] = (float)z[j];
    }
}

/* The polynomial terms (degree > 1), standardised. */
static int make_features(Linreg *m, const Mat *X, Error *err)
{
    if (m->degree == 1)
        return 0;
    make_terms(m->d, m->degree, m->expo, LINREG_MAX_TERMS);
    double *z = malloc((size_t)m->p * sizeof *z);
    double *ss = calloc((size_t)m->p, sizeof *ss);
    m->Zf = malloc((size_t)m->n * m->p * sizeof *m->Zf);
    int rc = z && ss && m->Zf ? 0 : error_set(err, ERR_NOMEM, "out of memory for linreg features");
    if (rc == 0)
        standardise_terms(m, X, z, ss);
    free(z);
    free(ss);
    return rc;
}

static void *linreg_create(const Params *prm, const Dataset *train, Rng *rng, Error *err)
{
    (void)rng;
    if (check_training(train, err) < 0)
        return NULL;
    Linreg *m = calloc(1, sizeof *m);
    if (!m)
        return error_set(err, ERR_NOMEM, "out of memory for linreg"), NULL;
    m->n = train->X.rows;
    m->d = train->X.cols;
    read_params(m, prm);
    m->loss = m->mse = m->grad_norm = NAN;
    // each message is set before the model (and its degree) is freed
    if (count_terms(m, err) < 0 || alloc_model(m, err) < 0) {
        linreg_destroy(m);
        return NULL;
    }
    input_stats(m, &train->X);
    if (make_features(m, &train->X, err) < 0) {
        linreg_destroy(m);
        return NULL;
    }
    return m;
}

/* ---- the normal method ---------------------------------------------------- */

/* Centre the degree-1 features: mu = column means of X (the intercept then
 * falls out as mean(y)). */
static void centre_inputs(Linreg *m)
{
    if (m->degree > 1)
        return; // already standardised at create
    for (int j = 0; j < m->d; j++)
        m->mu[j] = m->x_mean[j];
}

/* A (rows x p, column-major) = [Z; ridge I], B = [y - ybar; 0].  The
 * features are recomputed in double (not read back from the float copy GD
 * uses: degree 30 needs every digit).  0, or -1 when out of memory. */
static int fill_least_squares(const Linreg *m, const Dataset *tr, double ybar, int rows,
                              double *A, double *B)
{
    int n = m->n, p = m->p;
    double *z = malloc((size_t)p * sizeof *z);
    if (!z)
        return -1;
    double ridge = sqrt((m->cost_sum ? 1.0 : (double)n) * m->l2);
    for (int i = 0; i < n; i++) {
        features_row(m, mat_row(&tr->X, i), z);
        for (int j = 0; j < p; j++)
            A[i + (size_t)j * rows] = z[j];
    }
    free(z);
    for (int j = 0; j < p; j++)
        for (int i = n; i < rows; i++)
            A[i + (size_t)j * rows] = i - n == j ? ridge : 0.0;
    for (int i = 0; i < n; i++)
        B[i] = tr->target[i] - ybar;
    return 0;
}

/* dgelsd with its workspace query.  Singular values below rcond * s_max
 * count as zero: the minimum-norm solution in the directions the data
 * cannot pin down.  Returns dgelsd's info, or OUT_OF_MEMORY. */
enum { OUT_OF_MEMORY = INT_MIN };

static int run_dgelsd(int rows, int p, double *A, double *B, int ldb, double *s, int *rank)
{
    double rcond = 1e-12, wq;
    int info = 0, one = 1, lwork = -1, iwq = 0;
    dgelsd_(&rows, &p, &one, A, &rows, B, &ldb, s, &rcond, rank, &wq, &lwork, &iwq, &info);
    lwork = (int)wq + 1;
    int liwork = iwq > 1 ? iwq : 1;
    double *work = malloc((size_t)lwork * sizeof *work);
    int *iwork = malloc((size_t)liwork * sizeof *iwork);
    if (work && iwork)
        dgelsd_(&rows, &p, &one, A, &rows, B, &ldb, s, &rcond, rank, work, &lwork, iwork,
                &info);
    else
        info = OUT_OF_MEMORY;
    free(work);
    free(iwork);
    return info;
}

/* dgelsd on [Z; sqrt(m l2) I] w = [y - ybar; 0].  Returns the rank or -1. */
static int solve_svd(Linreg *m, const Dataset *tr, double ybar, Error *err)
{
    int n = m->n, p = m->p;
    int rows = m->l2 > 0.0f ? n + p : n;
    int ldb = rows > p ? rows : p;
    double *A = malloc((size_t)rows * p * sizeof *A);
    double *B = calloc((size_t)ldb, sizeof *B);
    double *s = malloc((size_t)(rows < p ? rows : p) * sizeof *s);
    int rank = 0, info = OUT_OF_MEMORY;
    if (A && B && s && fill_least_squares(m, tr, ybar, rows, A, B) == 0)
        info = run_dgelsd(rows, p, A, B, ldb, s, &rank);
    if (info == 0)
        memcpy(m->w, B, (size_t)p * sizeof *B);
    free(A), free(B), free(s);
    if (info == OUT_OF_MEMORY)
        return error_set(err, ERR_NOMEM, "out of memory for the least-squares solve");
    if (info != 0)
        return error_set(err, ERR_INTERNAL, "linreg: the SVD did not converge (dgelsd info %d)",
                         info);
    return rank;
}

/* Cholesky solve of (Z^T Z + m l2 I) w = Z^T (y - ybar), with Z^T Z
 * accumulated in double over blocks of rows (memory stays O(p^2)). */
static int solve_cholesky(Linreg *m, const Dataset *tr, double ybar, Error *err)
{
    int n = m->n, p = m->p, blk = 256;
    double *G = calloc((size_t)p * p, sizeof *G);
    double *r = calloc((size_t)p, sizeof *r);
    double *Zb = malloc((size_t)blk * p * sizeof *Zb);
    double *yb = malloc((size_t)blk * sizeof *yb);
    if (!G || !r || !Zb || !yb) {
        free(G), free(r), free(Zb), free(yb);
        return error_set(err, ERR_NOMEM, "out of memory for the normal equations");
    }
    for (int start = 0; start < n; start += blk) {
        int bn = n - start < blk ? n - start : blk;
        for (int i = 0; i < bn; i++) {
            features_row(m, mat_row(&tr->X, start + i), Zb + (size_t)i * p);
            yb[i] = tr->target[start + i] - ybar;
        }
        // G += Zb^T Zb (upper triangle, row-major), r += Zb^T yb
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, p, bn, 1.0, Zb, p, 1.0, G, p);
        cblas_dgemv(CblasRowMajor, CblasTrans, bn, p, 1.0, Zb, p, yb, 1, 1.0, r, 1);
    }
    double lam = (m->cost_sum ? 1.0 : (double)n) * m->l2;
    for (int j = 0; j < p; j++)
        G[(size_t)j * p + j] += lam;
    // row-major upper = column-major lower
    int info = 0, one = 1;
    dposv_("L", &p, &one, G, &p, r, &p, &info);
    if (info == 0)
        memcpy(m->w, r, (size_t)p * sizeof *r);
    free(G), free(r), free(Zb), free(yb);
    if (info != 0)
        return error_set(err, ERR_DATA,
                         "linreg: the normal equations are singular (collinear features); "
                         "set l2 > 0");
    return p;
}

/* ---- gradient descent ---------------------------------------------------- */

/* Cost, residuals and gradient at the current Wf.  Returns J. */
static double gd_eval(Linreg *m, const Dataset *tr)
{
    int n = m->n, p = m->p;
    const float *Z = m->degree > 1 ? m->Zf : tr->X.data;
    float invm = m->cost_sum ? 1.0f : 1.0f / (float)n;
    // resid (n) = Z (n,p) @ W[1..p] + W[0] - y
    for (int i = 0; i < n; i++)
        m->resid[i] = m->Wf[0] - tr->target[i];
    cblas_sgemv(CblasRowMajor, CblasNoTrans, n, p, 1.0f, Z, p, m->Wf + 1, 1, 1.0f, m->resid, 1);
    double sse = 0.0, ww = 0.0;
    for (int i = 0; i < n; i++)
        sse += (double)m->resid[i] * m->resid[i];
    for (int j = 0; j <= p; j++)
        ww += (double)m->Wf[j] * m->Wf[j];
    // grad = (2/m) [1 Z]^T resid + 2 l2 W
    double g0 = 0.0;
    for (int i = 0; i < n; i++)
        g0 += m->resid[i];
    m->grad[0] = (float)(2.0 * invm * g0);
    cblas_sgemv(CblasRowMajor, CblasTrans, n, p, 2.0f * invm, Z, p, m->resid, 1, 0.0f,
                m->grad + 1, 1);
    cblas_saxpy(p + 1, 2.0f * m->l2, m->Wf, 1, m->grad, 1);
    double gn = 0.0;
    for (int j = 0; j <= p; j++)
        gn += (double)m->grad[j] * m->grad[j];
    m->grad_norm = sqrt(gn);
    m->mse = sse / n;
    return sse * invm + m->l2 * ww;
}

static void sync_from_gd(Linreg *m)
{
    m->b = m->Wf[0];
    for (int j = 0; j < m->p; j++)
        m->w[j] = m->Wf[1 + j];
}

/* Training MSE of the current coefficients, in double. */
static double train_mse_of(const Linreg *m, const Dataset *tr)
{
    double *z = malloc((size_t)m->p * sizeof *z);
    if (!z)
        return NAN;
    double sse = 0.0;
    for (int i = 0; i < m->n; i++) {
        double r = predict_row(m, mat_row(&tr->X, i), z) - tr->target[i];
        sse += r * r;
    }
    free(z);
    return sse / m->n;
}

/* The normal method: the whole fit in one step. */
static StepStatus step_normal(Linreg *m, const Dataset *tr, Trace *trace, Error *err)
{
    char text[TRACE_TEXT_LEN];
    centre_inputs(m);
    double ybar = 0.0;
    for (int i = 0; i < m->n; i++)
        ybar += tr->target[i];
    ybar /= m->n;
    size_t rows = (size_t)m->n + (m->l2 > 0.0f ? (size_t)m->p : 0);
    bool svd = rows * (size_t)m->p <= LINREG_SVD_MAX_DOUBLES;
    int rank = svd ? solve_svd(m, tr, ybar, err) : solve_cholesky(m, tr, ybar, err);
    if (rank < 0)
        return STEP_ERROR;
    m->b = ybar; // centred features: the unpenalised intercept is mean(y)
    m->mse = train_mse_of(m, tr);
    double wsq = 0.0;
    for (int j = 0; j < m->p; j++)
        wsq += m->w[j] * m->w[j];
    m->loss = m->mse * (m->cost_sum ? m->n : 1) + m->l2 * wsq;
    m->iters_done = 1;
    m->done = true;
    if (lin_history_push(&m->hist, (float)m->loss) < 0)
        return error_set(err, ERR_NOMEM, "out of memory"), STEP_ERROR;
    snprintf(text, sizeof text,
             "solved least squares by %s in double: %d x %d%s, rank %d, train MSE %.6g",
             svd ? "SVD (dgelsd)" : "Cholesky (dposv) of the normal equations", m->n, m->p,
             m->l2 > 0 ? " + ridge rows" : "", rank, m->mse);
    trace_emitv(trace, TRACE_STEP, "solve", text, "loss", m->loss, "train_mse", m->mse, TRACE_END);
    return STEP_DONE;
}

static void trace_gd_iteration(const Linreg *m, double prev, Trace *trace)
{
    char text[TRACE_TEXT_LEN], wtxt[96];
    lin_format_vec(wtxt, sizeof wtxt, m->Wf, m->p + 1, 4);
    snprintf(text, sizeof text, "iter %d: cost %.6g (%+.2g%%), |grad| %.3g, train MSE %.5g, W = %s",
             m->iters_done, m->loss, prev > 0 ? 100.0 * (m->loss - prev) / prev : 0.0,
             m->grad_norm, m->mse, wtxt);
    trace_emitv(trace, TRACE_STEP, "iter", text, "loss", m->loss, "train_mse", m->mse,
                "grad_norm", m->grad_norm, TRACE_END);
}

/* Gradient descent: one iteration per step. */
static StepStatus step_gd(Linreg *m, const Dataset *tr, Trace *trace, Error *err)
{
    if (m->iters_done == 0 && m->hist.n == 0) {
        m->loss = gd_eval(m, tr); // the starting cost (86.0 on the toy)
        if (lin_history_push(&m->hist, (float)m->loss) < 0)
            return error_set(err, ERR_NOMEM, "out of memory"), STEP_ERROR;
    }
    double prev = m->loss;
    // W -= lr grad (the gradient at the current W is held from the last eval)
    cblas_saxpy(m->p + 1, -m->lr, m->grad, 1, m->Wf, 1);
    m->loss = gd_eval(m, tr);
    sync_from_gd(m);
    m->iters_done++;
    if (lin_history_push(&m->hist, (float)m->loss) < 0)
        return error_set(err, ERR_NOMEM, "out of memory"), STEP_ERROR;
    if (!isfinite(m->loss) || m->loss > 1e30)
        return error_set(err, ERR_DATA,
                         "linreg: gradient descent diverged at iteration %d (cost %g): "
                         "lower lr (now %g)",
                         m->iters_done, m->loss, (double)m->lr),
               STEP_ERROR;
    trace_gd_iteration(m, prev, trace);
    if (m->iters_done >= m->iters) {
        m->done = true;
        return STEP_DONE;
    }
    return STEP_MORE;
}

int linreg_load_step(void *model, const Dataset *train, const double *W, Error *err)
{
    Linreg *m = model;
    if (m->method != METHOD_GD || m->degree != 1 || m->done || train->X.rows != m->n)
        return error_set(err, ERR_INTERNAL, "linreg: not a degree-1 gd model in training");
    for (int j = 0; j <= m->p; j++)
        if (!isfinite(W[j]))
            return error_set(err, ERR_DATA, "W[%d] is not finite (%g)", j, W[j]);
    if (m->iters_done == 0 && m->hist.n == 0) {
        m->loss = gd_eval(m, train);
        if (lin_history_push(&m->hist, (float)m->loss) < 0)
            return error_set(err, ERR_NOMEM, "out of memory");
    }
    for (int j = 0; j <= m->p; j++)
        m->Wf[j] = (float)W[j];
    m->loss = gd_eval(m, train);
    sync_from_gd(m);
    m->done = ++m->iters_done >= m->iters;
    return lin_history_push(&m->hist, (float)m->loss) < 0
               ? error_set(err, ERR_NOMEM, "out of memory")
               : 0;
}

static StepStatus linreg_step(void *model, const Dataset *tr, Trace *trace, Error *err)
{
    Linreg *m = model;
    if (m->done)
        return STEP_DONE;
    if (trace_cancelled(trace))
        return error_set(err, ERR_CANCELLED, "cancelled"), STEP_ERROR;
    if (tr->X.rows != m->n || tr->X.cols != m->d || !tr->target)
        return error_set(err, ERR_INTERNAL, "linreg: the training set changed"), STEP_ERROR;
    return m->method == METHOD_NORMAL ? step_normal(m, tr, trace, err)
                                      : step_gd(m, tr, trace, err);
}

static int linreg_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    (void)labels;
    Linreg *m = model;
    if (X->cols != m->d)
        return error_set(err, ERR_DATA, "linreg: expected %d features, got %d", m->d, X->cols);
    if (!scores)
        return 0;
    double *z = malloc((size_t)m->p * sizeof *z);
    if (!z)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < X->rows; i++)
        scores[i] = (float)predict_row(m, mat_row(X, i), z);
    free(z);
    return 0;
}

/* ---- inspect --------------------------------------------------------------- */

int linreg_input_dim(const void *model) { return ((const Linreg *)model)->d; }
int linreg_degree(const void *model) { return ((const Linreg *)model)->degree; }
int linreg_coef_count(const void *model) { return ((const Linreg *)model)->p; }
double linreg_loss(const void *model) { return ((const Linreg *)model)->loss; }
int linreg_iterations(const void *model) { return ((const Linreg *)model)->iters_done; }
bool linreg_done(const void *model) { return ((const Linreg *)model)->done; }

void linreg_io_arrays(void *model, ModelArrays *ma)
{
    Linreg *m = model;
    model_arrays_add(ma, "in_scale", MA_F64, (size_t)m->d, m->in_scale);
    model_arrays_add(ma, "x_mean", MA_F64, (size_t)m->d, m->x_mean);
    model_arrays_add(ma, "mu", MA_F64, (size_t)m->p, m->mu);
    model_arrays_add(ma, "sd", MA_F64, (size_t)m->p, m->sd);
    model_arrays_add(ma, "w", MA_F64, (size_t)m->p, m->w);
    model_arrays_add(ma, "b", MA_F64, 1, &m->b);
}

const char *linreg_method(const void *model)
{
    return ((const Linreg *)model)->method == METHOD_GD ? "gd" : "normal";
}

const float *linreg_loss_history(const void *model, int *n)
{
    const Linreg *m = model;
    *n = m->hist.n;
    return m->hist.v;
}

double linreg_train_mse(const void *model)
{
    const Linreg *m = model;
    return m->mse;
}

void linreg_coef(const void *model, double *coef, double *intercept)
{
    const Linreg *m = model;
    // yhat = b + sum_j w_j (f_j / prod a - mu_j) / sd_j
    double c0 = m->b;
    for (int j = 0; j < m->p; j++) {
        double scale = m->sd[j];
        if (m->degree > 1) {
            const int *e = m->expo + (size_t)j * m->degree;
            for (int i = 0; i < m->degree && e[i] >= 0; i++)
                scale *= m->in_scale[e[i]];
        }
        coef[j] = m->w[j] / scale;
        c0 -= m->w[j] * m->mu[j] / m->sd[j];
    }
    *intercept = c0;
}

void linreg_curve(const void *model, int j, const float *x, int n, float *y)
{
    const Linreg *m = model;
    float *row = malloc((size_t)m->d * sizeof *row);
    double *z = malloc((size_t)m->p * sizeof *z);
    if (!row || !z) {
        for (int i = 0; i < n; i++)
            y[i] = NAN;
        free(row), free(z);
        return;
    }
    for (int c = 0; c < m->d; c++)
        row[c] = (float)m->x_mean[c];
    for (int i = 0; i < n; i++) {
        if (j >= 0 && j < m->d)
            row[j] = x[i];
        y[i] = (float)predict_row(m, row, z);
    }
    free(row), free(z);
}

static void linreg_model_json(const void *model, const Dataset *train, StrBuf *sb)
{
    const Linreg *m = model;
    double *coef = malloc((size_t)m->p * sizeof *coef);
    double b = NAN;
    if (coef)
        linreg_coef(m, coef, &b);
    sb_append(sb, "{\"coef\": ");
    if (coef)
        sb_json_double_array(sb, coef, m->p);
    else
        sb_append(sb, "null");
    sb_append(sb, ", \"intercept\": ");
    sb_json_double(sb, b);
    sb_printf(sb, ", \"degree\": %d, \"method\": ", m->degree);
    sb_json_string(sb, linreg_method(m));
    sb_append(sb, ", \"train_mse\": ");
    sb_json_double(sb, m->mse);
    sb_append(sb, "}");
    free(coef);
}

const Algo algo_linreg = {
    .name = "linreg",
    .title = "Linear regression",
    .summary = "least squares (LAPACK) or gradient descent, with ridge and polynomial features",
    .group = "regression",
    .kind = ALGO_REGRESSOR,
    .params = linreg_params,
    .default_scale = SCALE_STANDARD,
    .scores_are_probs = false,
    .create = linreg_create,
    .step = linreg_step,
    .predict = linreg_predict,
    .destroy = linreg_destroy,
    .model_json = linreg_model_json,
    .save = linreg_save, .load = linreg_load, .check_data = linreg_check_data, /* model_io.h */
};
