/* rnn_kernels.c - the Elman RNN's forward and backward passes through time,
 * written out over flat arrays (shapes in the comments; row-major; batched
 * products through cblas_sgemm).  Notation: B batch, T time steps, E
 * embedding, H hidden, V vocabulary; row t*B + b of a time-major matrix is
 * sequence b at time t. */
#include "rnn_internal.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

/* tanh(x) = 1 - 2 / (exp(2x) + 1): glibc's tanhf (through expm1f) took half
 * of a training step; expf is several times faster, and the form saturates
 * cleanly (exp overflowing to inf gives 1, underflowing to 0 gives -1).  The
 * absolute error stays below 2e-7 (checked over [-20, 20] against double). */
static inline float tanh_fast(float x)
{
    return 1.0f - 2.0f / (expf(2.0f * x) + 1.0f);
}

/* C (M x N) = alpha A B + beta C with optional transposes. */
static void gemm(bool ta, bool tb, int M, int N, int K, const float *A, const float *B_,
                 float beta, float *C)
{
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                M, N, K, 1.0f, A, ta ? M : K, B_, tb ? K : N, beta, C, N);
}

/* out[j] += sum over rows of A (rows x cols). */
static void add_col_sums(const float *A, int rows, int cols, float *out)
{
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < cols; j++)
            out[j] += A[(long)r * cols + j];
}

/* E[t*B+b] = emb[X[b*Tcap+t]] : TB x E */
static void gather(const Rnn *m, RnnWork *w, int B, int T)
{
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++)
            memcpy(w->E + ((long)t * B + b) * m->E, m->t[RNN_EMB].w + (long)w->X[b * w->Tcap + t] * m->E,
                   (size_t)m->E * sizeof(float));
}

/* Softmax of every row of P and the summed -log p of the targets. */
static double softmax_nll(const Rnn *m, RnnWork *w, int B, int T, long *n_valid)
{
    double nll = 0;
    long n = 0;
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            float *row = w->P + ((long)t * B + b) * m->V;
            float mx = row[0], sum = 0;
            for (int j = 1; j < m->V; j++)
                mx = row[j] > mx ? row[j] : mx;
            for (int j = 0; j < m->V; j++)
                sum += row[j] = expf(row[j] - mx);
            float inv = 1.0f / sum;
            for (int j = 0; j < m->V; j++)
                row[j] *= inv;
            int y = w->Y[b * w->Tcap + t];
            if (y >= 0) {
                nll -= log((double)row[y] > 1e-30 ? (double)row[y] : 1e-30);
                n++;
            }
        }
    *n_valid = n;
    return nll;
}

double rnn_forward(const Rnn *m, RnnWork *w, int B, int T, long *n_valid)
{
    const int E = m->E, H = m->H, V = m->V;
    gather(m, w, B, T);
    for (int b = 0; b < B; b++) /* block 0: h0 for every sequence */
        memcpy(w->Hs + (long)b * H, m->t[RNN_H0].w, (size_t)H * sizeof(float));
    float *Hcur = w->Hs + (long)B * H; /* h_0 .. h_{T-1}: TB x H */
    gemm(false, false, T * B, H, E, w->E, m->t[RNN_WXH].w, 0.0f, Hcur); /* E W_xh */
    const float *bh = m->t[RNN_BH].w;
    for (int t = 0; t < T; t++) {
        float *h = Hcur + (long)t * B * H, *hprev = h - (long)B * H;
        gemm(false, false, B, H, H, hprev, m->t[RNN_WHH].w, 1.0f, h); /* += h_{t-1} W_hh */
        for (int b = 0; b < B; b++)
            for (int j = 0; j < H; j++)
                h[(long)b * H + j] = tanh_fast(h[(long)b * H + j] + bh[j]);
    }
    gemm(false, false, T * B, V, H, Hcur, m->t[RNN_WHY].w, 0.0f, w->P); /* logits: TB x V */
    for (long r = 0; r < (long)T * B; r++)
        for (int j = 0; j < V; j++)
            w->P[r * V + j] += m->t[RNN_BY].w[j];
    return softmax_nll(m, w, B, T, n_valid);
}

/* P <- dL/dlogits = (p - onehot(y)) / n_valid; zero where no target. */
static void dlogits(const Rnn *m, RnnWork *w, int B, int T, long n_valid)
{
    float inv = 1.0f / (float)n_valid;
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            float *row = w->P + ((long)t * B + b) * m->V;
            int y = w->Y[b * w->Tcap + t];
            for (int j = 0; j < m->V; j++)
                row[j] = y < 0 ? 0.0f : (row[j] - (j == y)) * inv;
        }
}

/* Through time: dZ holds dL/dh_t from the output layer on entry and
 * dL/dz_t (z the pre-activation) on return; dh ends as dL/dh0 per sequence. */
static void through_time(Rnn *m, RnnWork *w, int B, int T)
{
    const int H = m->H;
    const float *Hcur = w->Hs + (long)B * H;
    memset(w->dh, 0, (size_t)B * H * sizeof(float));
    for (int t = T - 1; t >= 0; t--) {
        float *dz = w->dZ + (long)t * B * H;
        const float *h = Hcur + (long)t * B * H;
        double sq = 0;
        for (long i = 0; i < (long)B * H; i++) {
            float dh = dz[i] + w->dh[i]; /* output path + recurrent path */
            sq += (double)dh * dh;
            dz[i] = dh * (1.0f - h[i] * h[i]); /* tanh' */
        }
        w->gnorm[t] = (float)sqrt(sq);
        gemm(false, true, B, H, H, dz, m->t[RNN_WHH].w, 0.0f, w->dh); /* dh_{t-1} = dz W_hh^T */
    }
}

void rnn_backward(Rnn *m, RnnWork *w, int B, int T, long n_valid)
{
    const int E = m->E, H = m->H, V = m->V;
    const int TB = T * B;
    const float *Hcur = w->Hs + (long)B * H;
    dlogits(m, w, B, T, n_valid);
    gemm(true, false, H, V, TB, Hcur, w->P, 1.0f, m->t[RNN_WHY].g); /* dW_hy += H^T dlogits */
    add_col_sums(w->P, TB, V, m->t[RNN_BY].g);
    gemm(false, true, TB, H, V, w->P, m->t[RNN_WHY].w, 0.0f, w->dZ); /* dH = dlogits W_hy^T */
    through_time(m, w, B, T);
    gemm(true, false, H, H, TB, w->Hs, w->dZ, 1.0f, m->t[RNN_WHH].g); /* dW_hh += H_prev^T dZ */
    add_col_sums(w->dZ, TB, H, m->t[RNN_BH].g);
    add_col_sums(w->dh, B, H, m->t[RNN_H0].g);
    gemm(true, false, E, H, TB, w->E, w->dZ, 1.0f, m->t[RNN_WXH].g); /* dW_xh += E^T dZ */
    gemm(false, true, TB, E, H, w->dZ, m->t[RNN_WXH].w, 0.0f, w->dE); /* dE = dZ W_xh^T */
    float *demb = m->t[RNN_EMB].g;
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            float *dst = demb + (long)w->X[b * w->Tcap + t] * E;
            const float *src = w->dE + ((long)t * B + b) * E;
            for (int j = 0; j < E; j++)
                dst[j] += src[j];
        }
    w->T_last = T;
}

/* y (n) = x (k) A (k x n) + y, plain loops (one sequence: no gain from BLAS). */
static void vec_mat(const float *x, const float *A, int k, int n, float *y)
{
    for (int i = 0; i < k; i++)
        for (int j = 0; j < n; j++)
            y[j] += x[i] * A[(long)i * n + j];
}

void rnn_cell(const Rnn *m, int x, float *h, float *tmp, float *logits)
{
    const int E = m->E, H = m->H;
    memcpy(tmp, m->t[RNN_BH].w, (size_t)H * sizeof(float));
    vec_mat(m->t[RNN_EMB].w + (long)x * E, m->t[RNN_WXH].w, E, H, tmp);
    vec_mat(h, m->t[RNN_WHH].w, H, H, tmp);
    for (int j = 0; j < H; j++)
        h[j] = tanh_fast(tmp[j]);
    if (logits) {
        memcpy(logits, m->t[RNN_BY].w, (size_t)m->V * sizeof(float));
        vec_mat(h, m->t[RNN_WHY].w, H, m->V, logits);
    }
}
