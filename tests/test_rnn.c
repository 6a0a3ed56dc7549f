/* test_rnn.c - the Elman RNN language model (rnn.h): every parameter
 * tensor's gradient against central finite differences of an independent
 * double-precision forward pass written here, the loss at initialisation
 * (ln 27), the first AdamW step in closed form, clipping, learning on a
 * tiny corpus, and determinism with a seed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "charlm_data.h"
#include "rnn.h"
#include "test_util.h"

static const char *const TINY = "emma\nolivia\nava\nisabella\nsophia\ncharlotte\nmia\namelia\n"
                                "harper\nevelyn\nabigail\nemily\nella\nelizabeth\ncamila\n"
                                "luna\nsofia\navery\nmila\naria\n";

typedef struct Fixture {
    TextCorpus c;
    CorpusSplit s;
    Rnn *m;
} Fixture;

static RnnConfig small_config(void)
{
    return (RnnConfig){ .embed = 3, .hidden = 4, .batch = 3, .steps = 1000, .eval_every = 1000,
                        .lr = 1e-2, .weight_decay = 0.0, .beta1 = 0.9, .beta2 = 0.99,
                        .eps = 1e-8, .clip = 0 };
}

static void fixture_make(Fixture *f, const char *text, const RnnConfig *cfg, uint64_t seed)
{
    Error err = { 0 };
    if (corpus_parse(&f->c, text, strlen(text), "tiny", UNIT_CHAR, 0, &err) < 0 ||
        corpus_split(&f->c, 1, &f->s, &err) < 0)
        fail_msg("%s", err.msg);
    Rng rng;
    rng_seed(&rng, seed);
    if (!(f->m = rnn_create(cfg, &f->c, &f->s, &rng, &err)))
        fail_msg("%s", err.msg);
}

static void fixture_free(Fixture *f)
{
    rnn_destroy(f->m);
    corpus_split_free(&f->s);
    corpus_free(&f->c);
}

/* ---- the independent reference: double precision, one sequence at a time */

typedef struct Ref {
    double *w[RNN_NTENSORS];
    int V, E, H;
} Ref;

static void ref_from(Ref *r, const Rnn *m)
{
    for (int i = 0; i < RNN_NTENSORS; i++) {
        RnnTensor t = rnn_tensor(m, i);
        r->w[i] = malloc((size_t)t.rows * t.cols * sizeof(double));
        for (int k = 0; k < t.rows * t.cols; k++)
            r->w[i][k] = t.w[k];
    }
    r->V = rnn_tensor(m, RNN_EMB).rows;
    r->E = rnn_tensor(m, RNN_EMB).cols;
    r->H = rnn_tensor(m, RNN_WHH).rows;
}

static void ref_free(Ref *r)
{
    for (int i = 0; i < RNN_NTENSORS; i++)
        free(r->w[i]);
}

/* One time step: h <- tanh(emb[x] W_xh + h W_hh + b_h); -log softmax(h W_hy + b_y)[y]. */
static double ref_cell(const Ref *r, int x, int y, double *h)
{
    double z[64], logits[64];
    for (int j = 0; j < r->H; j++) {
        z[j] = r->w[RNN_BH][j];
        for (int i = 0; i < r->E; i++)
            z[j] += r->w[RNN_EMB][x * r->E + i] * r->w[RNN_WXH][i * r->H + j];
        for (int i = 0; i < r->H; i++)
            z[j] += h[i] * r->w[RNN_WHH][i * r->H + j];
    }
    for (int j = 0; j < r->H; j++)
        h[j] = tanh(z[j]);
    if (y < 0)
        return 0;
    double mx = -INFINITY, sum = 0;
    for (int k = 0; k < r->V; k++) {
        logits[k] = r->w[RNN_BY][k];
        for (int j = 0; j < r->H; j++)
            logits[k] += h[j] * r->w[RNN_WHY][j * r->V + k];
        mx = logits[k] > mx ? logits[k] : mx;
    }
    for (int k = 0; k < r->V; k++)
        sum += exp(logits[k] - mx);
    return mx + log(sum) - logits[y];
}

static double ref_loss(const Ref *r, const int *X, const int *Y, int B, int T)
{
    double nll = 0;
    int n = 0;
    for (int b = 0; b < B; b++) {
        double h[64];
        memcpy(h, r->w[RNN_H0], (size_t)r->H * sizeof(double));
        for (int t = 0; t < T; t++) {
            nll += ref_cell(r, X[b * T + t], Y[b * T + t], h);
            n += Y[b * T + t] >= 0;
        }
    }
    return nll / n;
}

/* Three sequences: "ava", "mia" and "em" padded (target -1 at the end). */
static const int GX[3 * 4] = { 0, 1, 22, 1, 0, 13, 9, 1, 0, 5, 13, 0 };
static const int GY[3 * 4] = { 1, 22, 1, 0, 13, 9, 1, 0, 5, 13, 0, -1 };

static void test_gradients_of_every_tensor_match_finite_differences(void **state)
{
    (void)state;
    Fixture f;
    RnnConfig cfg = small_config();
    fixture_make(&f, TINY, &cfg, 3);
    double loss = rnn_loss_grad(f.m, GX, GY, 3, 4);
    Ref r;
    ref_from(&r, f.m);
    assert_near(loss, ref_loss(&r, GX, GY, 3, 4), 1e-5);
    for (int i = 0; i < RNN_NTENSORS; i++) {
        RnnTensor t = rnn_tensor(f.m, i);
        double diff = 0, na = 0, nf = 0;
        for (int k = 0; k < t.rows * t.cols; k++) {
            double keep = r.w[i][k], h = 1e-5;
            r.w[i][k] = keep + h;
            double up = ref_loss(&r, GX, GY, 3, 4);
            r.w[i][k] = keep - h;
            double down = ref_loss(&r, GX, GY, 3, 4);
            r.w[i][k] = keep;
            double fd = (up - down) / (2 * h), g = t.g[k];
            diff += (g - fd) * (g - fd);
            na += g * g;
            nf += fd * fd;
        }
        double rel = sqrt(diff) / fmax(fmax(sqrt(na), sqrt(nf)), 1e-12);
        if (!(rel < 1e-3) || !(nf > 0))
            fail_msg("%s: relative error %.3g (|analytic| %.3g, |fd| %.3g)", t.name, rel,
                     sqrt(na), sqrt(nf));
    }
    ref_free(&r);
    fixture_free(&f);
}

static void test_hidden_states_follow_the_recurrence(void **state)
{
    (void)state;
    Fixture f;
    RnnConfig cfg = small_config();
    fixture_make(&f, TINY, &cfg, 4);
    Ref r;
    ref_from(&r, f.m);
    int ava[3] = { 1, 22, 1 };
    float got[4 * 4];
    rnn_hidden_states(f.m, ava, 3, got);
    double h[64];
    memcpy(h, r.w[RNN_H0], 4 * sizeof(double));
    const int inputs[4] = { 0, 1, 22, 1 };
    for (int t = 0; t < 4; t++) {
        ref_cell(&r, inputs[t], -1, h);
        for (int j = 0; j < 4; j++)
            assert_near(got[t * 4 + j], h[j], 1e-6);
    }
    ref_free(&r);
    fixture_free(&f);
}

static void test_loss_at_initialisation_is_near_ln27(void **state)
{
    (void)state;
    Fixture f;
    RnnConfig cfg = small_config();
    cfg.embed = cfg.hidden = 64;
    fixture_make(&f, TINY, &cfg, 42);
    double nll = rnn_nll(f.m, f.s.train, f.s.n_train);
    assert_near(nll, log(27.0), 0.2); /* small logits: close to uniform */
    fixture_free(&f);
}

static void test_first_adamw_step_moves_each_weight_by_lr(void **state)
{
    (void)state;
    Fixture f;
    RnnConfig cfg = small_config();
    cfg.weight_decay = 0.1;
    fixture_make(&f, TINY, &cfg, 5);
    RnnTensor t = rnn_tensor(f.m, RNN_WHH);
    float before[16];
    memcpy(before, t.w, sizeof before);
    assert_int_equal(rnn_step(f.m, NULL, NULL), STEP_MORE);
    /* m = 0.1 g, v = 0.01 g^2, bias-corrected: m^ / sqrt(v^) = sign(g) */
    for (int k = 0; k < 16; k++) {
        double g = t.g[k];
        double want = before[k] * (1 - cfg.lr * cfg.weight_decay) - cfg.lr * g / (fabs(g) + 1e-8);
        assert_near(t.w[k], want, 1e-6);
    }
    fixture_free(&f);
}

static void test_clipping_caps_the_global_norm(void **state)
{
    (void)state;
    Fixture f;
    RnnConfig cfg = small_config();
    cfg.clip = 0.01;
    fixture_make(&f, TINY, &cfg, 6);
    rnn_step(f.m, NULL, NULL);
    assert_true(rnn_grad_norm(f.m) > 0.01); /* the norm before clipping */
    double sq = 0;
    for (int i = 0; i < RNN_NTENSORS; i++) {
        RnnTensor t = rnn_tensor(f.m, i);
        for (int k = 0; k < t.rows * t.cols; k++)
            sq += (double)t.g[k] * t.g[k];
    }
    assert_near(sqrt(sq), 0.01, 1e-6);
    int T;
    const float *gn = rnn_time_grad_norms(f.m, &T);
    assert_true(T >= 2);
    for (int t = 0; t < T; t++)
        assert_true(gn[t] >= 0 && isfinite(gn[t]));
    fixture_free(&f);
}

static void test_training_lowers_the_loss_on_a_tiny_corpus(void **state)
{
    (void)state;
    Fixture f;
    RnnConfig cfg = small_config();
    cfg.embed = cfg.hidden = 16;
    cfg.batch = 8;
    cfg.steps = 300;
    fixture_make(&f, TINY, &cfg, 7);
    double before = rnn_nll(f.m, f.s.train, f.s.n_train);
    while (rnn_step(f.m, NULL, NULL) == STEP_MORE)
        ;
    assert_int_equal(rnn_steps_done(f.m), 300);
    double after = rnn_nll(f.m, f.s.train, f.s.n_train);
    assert_true(after < before - 1.0);
    assert_true(isfinite(rnn_test_nll(f.m))); /* measured at the last step */
    fixture_free(&f);
}

static void test_same_seed_same_model_and_samples(void **state)
{
    (void)state;
    Fixture a, b, c;
    RnnConfig cfg = small_config();
    fixture_make(&a, TINY, &cfg, 9);
    fixture_make(&b, TINY, &cfg, 9);
    fixture_make(&c, TINY, &cfg, 10);
    for (int i = 0; i < 5; i++) {
        rnn_step(a.m, NULL, NULL);
        rnn_step(b.m, NULL, NULL);
        rnn_step(c.m, NULL, NULL);
    }
    RnnTensor ta = rnn_tensor(a.m, RNN_WHH), tb = rnn_tensor(b.m, RNN_WHH),
              tc = rnn_tensor(c.m, RNN_WHH);
    assert_memory_equal(ta.w, tb.w, 16 * sizeof(float));
    assert_memory_not_equal(ta.w, tc.w, 16 * sizeof(float));
    Rng r1, r2;
    rng_seed(&r1, 3);
    rng_seed(&r2, 3);
    int s1[20], s2[20];
    int n1 = rnn_sample(a.m, &r1, s1, 20), n2 = rnn_sample(b.m, &r2, s2, 20);
    assert_int_equal(n1, n2);
    assert_memory_equal(s1, s2, (size_t)n1 * sizeof(int));
    fixture_free(&a);
    fixture_free(&b);
    fixture_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gradients_of_every_tensor_match_finite_differences),
        cmocka_unit_test(test_hidden_states_follow_the_recurrence),
        cmocka_unit_test(test_loss_at_initialisation_is_near_ln27),
        cmocka_unit_test(test_first_adamw_step_moves_each_weight_by_lr),
        cmocka_unit_test(test_clipping_caps_the_global_norm),
        cmocka_unit_test(test_training_lowers_the_loss_on_a_tiny_corpus),
        cmocka_unit_test(test_same_seed_same_model_and_samples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
