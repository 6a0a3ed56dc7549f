/* bigram.c - the count-based bigram language model with add-k smoothing,
 * stepped by batches of training sequences (see bigram.h). */
#include "bigram.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

const ParamSpec bigram_params[] = {
    { "k", PARAM_FLOAT, "1", 0, 1e6, NULL, "add-k smoothing (1: makemore's +1; 0: raw counts)" },
    { "batch", PARAM_INT, "1000", 1, 1e9, NULL, "training sequences added per step" },
    { "unit", PARAM_CHOICE, "char", 0, 0, "char|word", "model characters of lines or words" },
    { "vocab", PARAM_INT, "2000", 3, 5000, NULL, "word vocabulary size (unit=word; rest <unk>)" },
    { 0 },
};

struct Bigram {
    const TextCorpus *c;
    const CorpusSplit *s;
    double k;
    int batch, V, seen;
    int *counts;   /* V x V */
    long *row_sum; /* V     */
    double train_nll, test_nll;
};

Bigram *bigram_create(const TextCorpus *c, const CorpusSplit *s, double k, int batch,
                      Error *err)
{
    if (!(k >= 0) || batch < 1 || s->n_train < 1) {
        error_set(err, ERR_USAGE, "bigram: need k >= 0, batch >= 1 and a training part");
        return NULL;
    }
    Bigram *b = calloc(1, sizeof *b);
    int V = c->vocab;
    if (b) {
        b->counts = calloc((size_t)V * V, sizeof *b->counts);
        b->row_sum = calloc((size_t)V, sizeof *b->row_sum);
    }
    if (!b || !b->counts || !b->row_sum) {
        bigram_destroy(b);
        error_set(err, ERR_NOMEM, "bigram: out of memory for a %d x %d table", V, V);
        return NULL;
    }
    *b = (Bigram){ c, s, k, batch, V, 0, b->counts, b->row_sum, NAN, NAN };
    return b;
}

void bigram_destroy(Bigram *b)
{
    if (!b)
        return;
    free(b->counts);
    free(b->row_sum);
    free(b);
}

static void count_pair(Bigram *b, int i, int j)
{
    b->counts[(size_t)i * b->V + j]++;
    b->row_sum[i]++;
}

StepStatus bigram_step(Bigram *b, Trace *trace, Error *err)
{
    (void)err;
    if (b->seen >= b->s->n_train)
        return STEP_DONE;
    int end = b->seen + b->batch < b->s->n_train ? b->seen + b->batch : b->s->n_train;
    for (; b->seen < end; b->seen++) {
        int id = b->s->train[b->seen], n = corpus_len(b->c, id), prev = 0;
        const int *t = corpus_seq(b->c, id);
        for (int i = 0; i < n; prev = t[i++])
            count_pair(b, prev, t[i]);
        count_pair(b, prev, 0);
    }
    b->train_nll = bigram_nll(b, b->s->train, b->s->n_train);
    b->test_nll = bigram_nll(b, b->s->test, b->s->n_test);
    char text[128];
    snprintf(text, sizeof text, "%d/%d sequences counted: train NLL %.4f, test NLL %.4f",
             b->seen, b->s->n_train, b->train_nll, b->test_nll);
    trace_emitv(trace, TRACE_STEP, "batch", text, "train_loss", b->train_nll, "val_loss",
                b->test_nll, "seen", (double)b->seen, TRACE_END);
    return b->seen >= b->s->n_train ? STEP_DONE : STEP_MORE;
}

int bigram_vocab(const Bigram *b) { return b->V; }
const int *bigram_counts(const Bigram *b) { return b->counts; }
int bigram_seen(const Bigram *b) { return b->seen; }
int bigram_total(const Bigram *b) { return b->s->n_train; }
double bigram_train_nll(const Bigram *b) { return b->train_nll; }
double bigram_test_nll(const Bigram *b) { return b->test_nll; }

double bigram_prob(const Bigram *b, int prev, int next)
{
    double den = (double)b->row_sum[prev] + b->k * b->V;
    return den > 0 ? (b->counts[(size_t)prev * b->V + next] + b->k) / den : 1.0 / b->V;
}

double bigram_nll(const Bigram *b, const int *seqs, int n)
{
    double sum = 0;
    long count = 0;
    for (int s = 0; s < n; s++) {
        int len = corpus_len(b->c, seqs[s]), prev = 0;
        const int *t = corpus_seq(b->c, seqs[s]);
        for (int i = 0; i <= len; i++) {
            int next = i < len ? t[i] : 0;
            sum -= log(bigram_prob(b, prev, next));
            prev = next;
        }
        count += len + 1;
    }
    return count ? sum / (double)count : NAN;
}

/* Inverse CDF over one row of (counts + k). */
static int draw(const Bigram *b, int prev, Rng *rng)
{
    double total = (double)b->row_sum[prev] + b->k * b->V;
    double u = rng_uniform(rng) * total, acc = 0;
    const int *row = b->counts + (size_t)prev * b->V;
    for (int j = 0; j < b->V; j++) {
        acc += row[j] + b->k;
        if (u < acc)
            return j;
    }
    return 0; /* an empty row (k = 0, never seen): end the sequence */
}

int bigram_sample(const Bigram *b, Rng *rng, int *out, int max)
{
    int n = 0, prev = 0;
    while (n < max) {
        int next = draw(b, prev, rng);
        if (next == 0)
            break;
        out[n++] = prev = next;
    }
    return n;
}
