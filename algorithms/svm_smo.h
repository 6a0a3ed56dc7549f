/* algorithms/svm_smo.h - one binary soft-margin SVM dual, solved by SMO.
 *
 *   min_a  f(a) = 1/2 a^T Q a - sum_i a_i,   Q_it = y_i y_t K(x_i, x_t)
 *   s.t.   0 <= a_i <= C_i,  sum_i y_i a_i = 0,  y_i = +-1
 *
 * C_i is C for every row, or (class weights, smo_set_bounds) C times the
 * weight of row i's class: Cp for y = +1, Cn for y = -1, as LIBSVM's
 * per-class C.
 *
 * Each iteration picks a pair (i, j) by the second-order working-set
 * selection of Fan, Chen and Lin (2005, the rule LIBSVM uses), solves the
 * two-variable problem exactly and updates the gradient G = Q a - 1.  It
 * stops when the maximal KKT violation m(a) - M(a) falls below tol (see
 * svm_smo.c), or after max_iter iterations.  The decision function is
 *   f(x) = sum_i a_i y_i K(x_i, x) - rho.
 *
 * Rows of Q are computed on demand and kept in a cache of whole rows
 * (float, like LIBSVM) of at most cache_bytes (never fewer than two rows),
 * evicting the least recently used row.  No shrinking. */
#ifndef MLLAB_SVM_SMO_H
#define MLLAB_SVM_SMO_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "svm_kernel.h"

typedef struct SmoCache {
    int slots;          /* rows the cache holds */
    float *rows;        /* (slots, m) */
    int *slot_of;       /* (m) slot of a row, -1 when not cached */
    int *row_in;        /* (slots) row held by a slot, -1 when empty */
    unsigned long *used; /* (slots) last use, for LRU */
    unsigned long clock;
    long hits, misses;
} SmoCache;

typedef struct Smo {
    int m, d;        /* rows, features */
    double *X;       /* (m,d) the rows (a copy) */
    double *xsq;     /* (m) ||x_i||^2 */
    signed char *y;  /* (m) +-1 */
    double *alpha;   /* (m) */
    double *G;       /* (m) gradient Q a - 1 */
    double *QD;      /* (m) Q_ii = K(x_i, x_i) */
    double *krow;    /* (m) scratch for one kernel row */
    double C, tol;
    double Cp, Cn;   /* the bounds of y = +1 and y = -1 rows (both C unless set) */
    SvmKernel kern;
    SmoCache cache;
    long iter, max_iter;
    bool optimal;    /* the KKT gap fell below tol */
    double gap;      /* m(a) - M(a) at the last selection (+inf before) */
} Smo;

/* Copies X (m,d) and y (+-1); alpha = 0.  -1 with err on allocation failure. */
int smo_init(Smo *s, const double *X, const signed char *y, int m, int d, const SvmKernel *k,
             double C, double tol, size_t cache_bytes, Error *err);
void smo_free(Smo *s);
/* Per-class bounds (class weights): a_i <= Cp for y_i = +1, <= Cn for -1.
 * Call before the first iteration. */
void smo_set_bounds(Smo *s, double Cp, double Cn);
/* Frees what only training needs (X, G, cache, ...) and keeps alpha and y. */
void smo_release(Smo *s);

/* Up to `iters` pair updates; returns how many were done.  After it
 * smo_finished tells whether the solver has stopped (optimal or at
 * max_iter). */
int smo_run(Smo *s, int iters);
bool smo_finished(const Smo *s);

/* rho of the decision function, from the KKT conditions: the mean of
 * y_i G_i over the free a_i, else the middle of the interval the bounded
 * ones allow. */
double smo_rho(const Smo *s);
/* The dual objective as a maximisation, D(a) = sum a_i - 1/2 a^T Q a. */
double smo_dual(const Smo *s);
/* Support vectors: a_i > 0. */
int smo_support_count(const Smo *s);

/* One row of Q (m floats, valid until the next call); NULL on error. */
const float *smo_q_row(Smo *s, int i);

#endif
