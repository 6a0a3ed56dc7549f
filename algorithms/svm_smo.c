/* algorithms/svm_smo.c - SMO for the binary SVM dual (see svm_smo.h).
 *
 * Notation.  v_t = -y_t G_t.  Moving along u (u_i = y_i, u_j = -y_j, zero
 * elsewhere) keeps sum y_t a_t = 0 and changes f at rate G.u = v_j - v_i,
 * with curvature u^T Q u = K_ii + K_jj - 2 K_ij = a_ij.  So a pair improves
 * f when i may grow along u and j may shrink along it:
 *   I_up  = { t : y_t = +1, a_t < C  or  y_t = -1, a_t > 0 }
 *   I_low = { t : y_t = +1, a_t > 0  or  y_t = -1, a_t < C }
 * and the KKT conditions hold exactly when max_{I_up} v <= min_{I_low} v.
 *
 * Working set (second order, Fan, Chen and Lin 2005):
 *   i = argmax_{t in I_up} v_t                      (m(a) = v_i)
 *   j = argmin_{t in I_low, v_t < v_i} -(v_i - v_t)^2 / a_it
 *   stop when m(a) - min_{I_low} v < tol.
 * Step: lambda = (v_i - v_j) / a_ij (a_ij <= 0, possible for a kernel that
 * is not positive definite, is replaced by TAU), clipped so that both
 * alphas stay in [0, C]; then a_i += y_i lambda, a_j -= y_j lambda and
 * G_t += Q_ti y_i lambda - Q_tj y_j lambda for every t. */
#include "svm_smo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TAU 1e-12

/* ---- the row cache --------------------------------------------------------- */

/* Whole rows of m floats that fit in `bytes`: at least 2 (the pair being
 * updated), at most max(m, 2). */
static size_t cache_slots(int m, size_t bytes)
{
    size_t row = (size_t)m * sizeof(float);
    size_t slots = row ? bytes / row : 2;
    size_t most = (size_t)(m < 2 ? 2 : m);
    return slots < 2 ? 2 : slots > most ? most : slots;
}

static int cache_init(SmoCache *c, int m, size_t bytes)
{
    size_t slots = cache_slots(m, bytes), row = (size_t)m * sizeof(float);
    c->slots = (int)slots;
    c->rows = malloc(slots * row + sizeof(float));
    c->slot_of = malloc(((size_t)m + 1) * sizeof *c->slot_of);
    c->row_in = malloc(slots * sizeof *c->row_in);
    c->used = calloc(slots, sizeof *c->used);
    if (!c->rows || !c->slot_of || !c->row_in || !c->used)
        return -1;
    for (int t = 0; t < m; t++)
        c->slot_of[t] = -1;
    for (size_t k = 0; k < slots; k++)
        c->row_in[k] = -1;
    return 0;
}

static void cache_free(SmoCache *c)
{
    free(c->rows);
    free(c->slot_of);
    free(c->row_in);
    free(c->used);
    memset(c, 0, sizeof *c);
}

/* The slot to (re)use: an empty one, else the least recently used. */
static int cache_victim(const SmoCache *c)
{
    int best = 0;
    for (int k = 0; k < c->slots; k++) {
        if (c->row_in[k] < 0)
            return k;
        if (c->used[k] < c->used[best])
            best = k;
    }
    return best;
}

/* Q row i into out: y_i y_t K(x_i, x_t). */
static void compute_q_row(Smo *s, int i, float *out)
{
    const double *xi = s->X + (size_t)i * s->d;
    svm_kernel_row(&s->kern, s->X, s->xsq, s->m, s->d, xi, s->xsq[i], s->krow);
    for (int t = 0; t < s->m; t++)
        out[t] = (float)(s->y[i] * s->y[t] * s->krow[t]);
}

const float *smo_q_row(Smo *s, int i)
{
    SmoCache *c = &s->cache;
    int k = c->slot_of[i];
    if (k >= 0) {
        c->hits++;
    } else {
        c->misses++;
        k = cache_victim(c);
        if (c->row_in[k] >= 0)
            c->slot_of[c->row_in[k]] = -1;
        c->row_in[k] = i;
        c->slot_of[i] = k;
        compute_q_row(s, i, c->rows + (size_t)k * s->m);
    }
    c->used[k] = ++c->clock;
    return c->rows + (size_t)k * s->m;
}

/* ---- set-up ------------------------------------------------------------------ */

static int smo_alloc(Smo *s)
{
    size_t m = (size_t)s->m;
    s->X = malloc(m * s->d * sizeof *s->X + sizeof(double));
    s->xsq = malloc(m * sizeof *s->xsq + sizeof(double));
    s->y = malloc(m + 1);
    s->alpha = calloc(m + 1, sizeof *s->alpha);
    s->G = malloc(m * sizeof *s->G + sizeof(double));
    s->QD = malloc(m * sizeof *s->QD + sizeof(double));
    s->krow = malloc(m * sizeof *s->krow + sizeof(double));
    return s->X && s->xsq && s->y && s->alpha && s->G && s->QD && s->krow ? 0 : -1;
}

int smo_init(Smo *s, const double *X, const signed char *y, int m, int d, const SvmKernel *k,
             double C, double tol, size_t cache_bytes, Error *err)
{
    memset(s, 0, sizeof *s);
    s->m = m, s->d = d, s->C = s->Cp = s->Cn = C, s->tol = tol, s->kern = *k;
    s->max_iter = 100L * m > 10000000L ? 100L * m : 10000000L;
    s->gap = INFINITY;
    if (smo_alloc(s) < 0 || cache_init(&s->cache, m, cache_bytes) < 0) {
        smo_free(s);
        return error_set(err, ERR_NOMEM, "out of memory for the SVM solver (%d rows)", m);
    }
    memcpy(s->X, X, (size_t)m * d * sizeof *s->X);
    memcpy(s->y, y, (size_t)m);
    svm_row_norms(s->X, m, d, s->xsq);
    for (int t = 0; t < m; t++) {
        const double *xt = s->X + (size_t)t * d;
        s->QD[t] = svm_kernel_eval(k, xt, xt, d);
        s->G[t] = -1.0; // G = Q a - 1 at a = 0
    }
    return 0;
}

void smo_release(Smo *s)
{
    free(s->X);
    free(s->xsq);
    free(s->G);
    free(s->QD);
    free(s->krow);
    s->X = s->xsq = s->G = s->QD = s->krow = NULL;
    cache_free(&s->cache);
}

void smo_free(Smo *s)
{
    if (!s)
        return;
    smo_release(s);
    free(s->y);
    free(s->alpha);
    s->y = NULL;
    s->alpha = NULL;
}

void smo_set_bounds(Smo *s, double Cp, double Cn)
{
    s->Cp = Cp;
    s->Cn = Cn;
}

/* ---- one iteration ------------------------------------------------------------ */

/* The bound of a_t: C times the weight of t's class. */
static inline double cap(const Smo *s, int t)
{
    return s->y[t] > 0 ? s->Cp : s->Cn;
}

static inline bool in_up(const Smo *s, int t)
{
    return s->y[t] > 0 ? s->alpha[t] < s->Cp : s->alpha[t] > 0.0;
}

static inline bool in_low(const Smo *s, int t)
{
    return s->y[t] > 0 ? s->alpha[t] > 0.0 : s->alpha[t] < s->Cn;
}

/* i = argmax over I_up of v_t = -y_t G_t; -1 when I_up is empty. */
static int select_i(const Smo *s, double *vmax)
{
    int i = -1;
    *vmax = -INFINITY;
    for (int t = 0; t < s->m; t++) {
        double v = -s->y[t] * s->G[t];
        if (in_up(s, t) && v >= *vmax) {
            *vmax = v;
            i = t;
        }
    }
    return i;
}

/* j by the second-order rule, given i and its row Qi; *vmin = min over
 * I_low of v_t (for the stopping test).  -1 when no t improves. */
static int select_j(const Smo *s, int i, const float *Qi, double vi, double *vmin)
{
    int j = -1;
    double best = INFINITY;
    *vmin = INFINITY;
    for (int t = 0; t < s->m; t++) {
        if (!in_low(s, t))
            continue;
        double v = -s->y[t] * s->G[t];
        if (v < *vmin)
            *vmin = v;
        double b = vi - v;
        if (b <= 0.0)
            continue;
        // a_it = K_ii + K_tt - 2 K_it, with K_it = y_i y_t Q_it
        double a = s->QD[i] + s->QD[t] - 2.0 * s->y[i] * s->y[t] * Qi[t];
        double obj = -b * b / (a > 0.0 ? a : TAU);
        if (obj <= best) {
            best = obj;
            j = t;
        }
    }
    return j;
}

/* How far alpha_t may move along u before it leaves [0, C]: i moves by
 * +y_i lambda, j by -y_j lambda. */
static double room(const Smo *s, int t, int dir)
{
    return dir * s->y[t] > 0 ? cap(s, t) - s->alpha[t] : s->alpha[t];
}

/* Move a_t by dir * y_t * lambda; exactly onto the bound when lambda is
 * the room left. */
static void move_alpha(Smo *s, int t, int dir, double lambda, double limit)
{
    if (lambda >= limit)
        s->alpha[t] = dir * s->y[t] > 0 ? cap(s, t) : 0.0;
    else
        s->alpha[t] += dir * s->y[t] * lambda;
}

/* The exact two-variable step on (i, j) and the gradient update. */
static void update_pair(Smo *s, int i, int j, const float *Qi, const float *Qj, double vi,
                        double vj)
{
    double a = s->QD[i] + s->QD[j] - 2.0 * s->y[i] * s->y[j] * Qi[j];
    double lambda = (vi - vj) / (a > 0.0 ? a : TAU);
    double ri = room(s, i, +1), rj = room(s, j, -1);
    lambda = fmin(lambda, fmin(ri, rj));
    double ai = s->alpha[i], aj = s->alpha[j];
    move_alpha(s, i, +1, lambda, ri);
    move_alpha(s, j, -1, lambda, rj);
    double di = s->alpha[i] - ai, dj = s->alpha[j] - aj;
    for (int t = 0; t < s->m; t++)
        s->G[t] += Qi[t] * di + Qj[t] * dj;
}

/* One SMO iteration; false when the KKT conditions hold within tol. */
static bool smo_iterate(Smo *s)
{
    double vi, vmin;
    int i = select_i(s, &vi);
    if (i < 0) {
        s->gap = 0.0;
        return false;
    }
    const float *Qi = smo_q_row(s, i);
    int j = select_j(s, i, Qi, vi, &vmin);
    s->gap = vi - vmin;
    if (j < 0 || s->gap < s->tol)
        return false;
    double vj = -s->y[j] * s->G[j];
    const float *Qj = smo_q_row(s, j); // i was just used: the LRU keeps it
    update_pair(s, i, j, Qi, Qj, vi, vj);
    return true;
}

int smo_run(Smo *s, int iters)
{
    int done = 0;
    while (done < iters && !smo_finished(s)) {
        if (!smo_iterate(s)) {
            s->optimal = true;
            break;
        }
        s->iter++;
        done++;
    }
    return done;
}

bool smo_finished(const Smo *s) { return s->optimal || s->iter >= s->max_iter; }

/* ---- the solution ---------------------------------------------------------------- */

double smo_rho(const Smo *s)
{
    // free a_t: y_t f(x_t) = 1 gives rho = y_t G_t exactly; a bounded a_t
    // only bounds rho from one side
    double ub = INFINITY, lb = -INFINITY, sum = 0.0;
    int n_free = 0;
    for (int t = 0; t < s->m; t++) {
        double yg = s->y[t] * s->G[t];
        bool at_c = s->alpha[t] >= cap(s, t), at_0 = s->alpha[t] <= 0.0;
        if (!at_c && !at_0) {
            sum += yg;
            n_free++;
        } else if ((at_0 && s->y[t] > 0) || (at_c && s->y[t] < 0)) {
            ub = fmin(ub, yg);
        } else {
            lb = fmax(lb, yg);
        }
    }
    if (n_free > 0)
        return sum / n_free;
    // one class only (a class absent from the training part): one side is
    // unbounded, and the finite one puts every point on its margin
    if (isinf(ub) || isinf(lb))
        return isinf(ub) && isinf(lb) ? 0.0 : isinf(ub) ? lb : ub;
    return (ub + lb) / 2.0;
}

double smo_dual(const Smo *s)
{
    // a^T Q a = a^T (G + 1), so D = sum a - 1/2 a^T Q a = -1/2 sum a_t (G_t - 1)
    double f = 0.0;
    for (int t = 0; t < s->m; t++)
        f += s->alpha[t] * (s->G[t] - 1.0);
    return -0.5 * f;
}

int smo_support_count(const Smo *s)
{
    int n = 0;
    for (int t = 0; t < s->m; t++)
        n += s->alpha[t] > 0.0;
    return n;
}
