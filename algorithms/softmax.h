/* softmax.h - softmax as an operation of its own: probabilities from
 * logits, with a temperature, the log-softmax, the cross-entropy for a
 * target and its gradient.
 *
 *   p_i = exp(z_i / T) / sum_j exp(z_j / T)
 *
 * The stable forms subtract m = max_j z_j / T before exponentiating (the
 * ratio is unchanged, and the largest exponent is exp(0) = 1, so nothing
 * overflows); the naive form exists for the lesson: with logits 1000, 1001
 * exp overflows to inf and inf / inf gives NaN.
 *
 * Cross-entropy for target k: L = -log p_k = logsumexp(z / T) - z_k / T, and
 * dL/dz_i = (p_i - [i = k]) / T (p - onehot at T = 1).
 *
 * The double-precision functions take n >= 1 and T > 0 (they return -1 or
 * NAN otherwise).  The float row kernels are for networks (rnn.c). */
#ifndef MLLAB_SOFTMAX_H
#define MLLAB_SOFTMAX_H

/* exp(z_i / T) / sum exp(z_j / T) exactly as written: overflows. */
int softmax_naive(const double *z, int n, double T, double *p);
/* The stable softmax. */
int softmax_stable(const double *z, int n, double T, double *p);
/* log p_i = z_i / T - logsumexp(z / T), computed stably. */
int log_softmax(const double *z, int n, double T, double *logp);
/* log sum_j exp(z_j / T), stably. */
double logsumexp(const double *z, int n, double T);
/* -log p_target; grad (n values, or NULL) = (p - onehot(target)) / T.
 * NAN when target is out of range. */
double softmax_cross_entropy(const double *z, int n, double T, int target, double *grad);
/* Entropy of p in nats (sum -p log p), from the logits. */
double softmax_entropy(const double *z, int n, double T);

/* Rows of a rows x cols float matrix, in place: logits -> probabilities
 * (stable).  Used by networks. */
void softmax_rows_f(float *z, int rows, int cols);

#endif
