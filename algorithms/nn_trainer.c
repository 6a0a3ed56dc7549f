/* algorithms/nn_trainer.c - the training schedule mlp and cnn share: the
 * config read from the params, the validation split, mini-batches, the
 * optimizer update, the end of an epoch (early stopping, decay, the trace),
 * one model step, and the checks and buffers both networks use; declared in
 * nn_layers.h. */
#include "budget.h"
#include "nn_layers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "prep.h"
#include "timer.h"

/* ======================================================================
 * the training schedule
 * ====================================================================== */

void nn_train_config_read(NnTrainConfig *c, const Params *p)
{
    memset(c, 0, sizeof *c);
    if (optimizer_parse(params_str(p, "optimizer"), &c->optimizer) < 0)
        c->optimizer = OPT_ADAM;
    c->lr = (float)params_float(p, "lr");
    c->momentum = (float)params_float(p, "momentum");
    c->lr_decay = (float)params_float(p, "lr_decay");
    c->decay_every = params_int(p, "decay_every");
    c->l2 = (float)params_float(p, "l2");
    c->batch = params_int(p, "batch");
    c->epochs = params_int(p, "epochs");
    c->patience = params_int(p, "patience");
    c->val_frac = params_float(p, "val_frac");
    c->val_max = params_int(p, "val_max");
    c->step_batch = strcmp(params_str(p, "step"), "batch") == 0;
    c->class_weight = params_str(p, "class_weight");
}

void nn_trainer_free(NnTrainer *t)
{
    if (!t)
        return;
    free(t->train_rows);
    free(t->val_rows);
    free(t->order);
    free(t->m);
    free(t->v);
    free(t->best);
    free(t->cw);
    memset(t, 0, sizeof *t);
}

/* The fraction of the rows held out for validation: val_frac, capped at
 * val_max rows (a big set needs no more to draw its curves: the rest
 * train); 0 when too small a set would be left with an empty part (it then
 * simply trains without validation). */
static double validation_fraction(const NnTrainConfig *cfg, int n)
{
    double frac = cfg->val_frac;
    if (cfg->val_max > 0 && n > 0 && frac * n > cfg->val_max)
        frac = (double)cfg->val_max / n;
    if (frac <= 0.0)
        return 0.0;
    long n_val = lround(n * frac);
    return n_val < 1 || n - n_val < 1 ? 0.0 : frac;
}

/* The training and validation rows: a stratified split drawn from rng, or
 * every row when frac is 0. */
static int split_rows(NnTrainer *t, const Dataset *train, double frac, Rng *rng, Error *err)
{
    int n = dataset_rows(train);
    if (frac > 0.0) {
        Split sp = { 0 };
        if (split_stratified(train->y, n, train->n_classes, frac, rng, &sp, err) < 0)
            return -1;
        t->train_rows = sp.train;
        t->n_train = sp.n_train;
        t->val_rows = sp.test;
        t->n_val = sp.n_test;
        sp.train = sp.test = NULL;
        split_free(&sp);
        return 0;
    }
    t->train_rows = malloc((size_t)(n > 0 ? n : 1) * sizeof *t->train_rows);
    if (!t->train_rows)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < n; i++)
        t->train_rows[i] = i;
    t->n_train = n;
    return 0;
}

/* The shuffled order, the optimizer's moments, the early-stopping copy. */
static int alloc_state(NnTrainer *t, const NnTrainConfig *cfg, size_t n_params)
{
    size_t count = n_params ? n_params : 1;
    bool adam = cfg->optimizer == OPT_ADAM, keep_best = cfg->patience > 0 && t->n_val > 0;
    t->order = malloc((size_t)t->n_train * sizeof *t->order);
    t->m = calloc(count, sizeof(float));
    if (adam)
        t->v = calloc(count, sizeof(float));
    if (keep_best)
        t->best = malloc(count * sizeof(float));
    if (!t->order || !t->m || (adam && !t->v) || (keep_best && !t->best))
        return -1;
    memcpy(t->order, t->train_rows, (size_t)t->n_train * sizeof *t->order);
    return 0;
}

/* epochs = 0 (auto) and decay_every = 0 (auto) made concrete. */
static void schedule_epochs(NnTrainer *t, const NnTrainConfig *cfg)
{
    int bs = cfg->batch < 1 ? 1 : cfg->batch;
    t->batches_per_epoch = (t->n_train + bs - 1) / bs;
    if (t->cfg.epochs <= 0) {
        int need = (NN_AUTO_UPDATES + t->batches_per_epoch - 1) / t->batches_per_epoch;
        t->cfg.epochs = need > NN_AUTO_EPOCHS ? need : NN_AUTO_EPOCHS;
    }
    if (t->cfg.decay_every <= 0)
        t->cfg.decay_every = t->cfg.epochs >= 3 ? t->cfg.epochs / 3 : 1;
}

int nn_trainer_init(NnTrainer *t, const NnTrainConfig *cfg, const Dataset *train,
                    size_t n_params, Rng *rng, Error *err)
{
    memset(t, 0, sizeof *t);
    t->cfg = *cfg;
    t->n_params = n_params;
    t->lr = cfg->lr;
    t->best_val_loss = INFINITY;
    t->rng = rng_split(rng);
    /* the validation part: stratified, from the rng of the run */
    if (split_rows(t, train, validation_fraction(cfg, dataset_rows(train)), rng, err) < 0)
        return -1;
    if (t->n_train < 1) {
        nn_trainer_free(t);
        return error_set(err, ERR_DATA, "no training rows");
    }
    if (alloc_state(t, cfg, n_params) < 0) {
        nn_trainer_free(t);
        return error_set(err, ERR_NOMEM, "out of memory for the optimizer state");
    }
    schedule_epochs(t, cfg);
    bool any;
    t->cw = class_weights_alloc(cfg->class_weight, train, &any, err);
    t->cfg.class_weight = NULL; /* borrowed from the params: not kept */
    if (any && !t->cw) {
        nn_trainer_free(t);
        return -1;
    }
    return 0;
}

/* 0, 1, ..., n-1 in a new array (NULL without memory). */
static int *identity_rows(int n)
{
    int *rows = malloc((size_t)(n > 0 ? n : 1) * sizeof *rows);
    for (int i = 0; rows && i < n; i++)
        rows[i] = i;
    return rows;
}

/* The validation part has the training part's features and classes. */
static int check_validation(const Dataset *train, const Dataset *val, Error *err)
{
    if (val->y && val->X.cols == train->X.cols && val->n_classes == train->n_classes)
        return 0;
    return error_set(err, ERR_DATA, "the validation part (%d features, %d classes) does not "
                                    "match the training part (%d, %d)", val->X.cols,
                     val->n_classes, train->X.cols, train->n_classes);
}

int nn_trainer_use_validation(NnTrainer *t, const Dataset *train, const Dataset *val,
                              Error *err)
{
    int n = dataset_rows(train), nv = dataset_rows(val);
    if (check_validation(train, val, err) < 0)
        return -1;
    bool need_best = t->cfg.patience > 0 && !t->best;
    int *rows = identity_rows(n), *order = identity_rows(n), *vrows = identity_rows(nv);
    float *best = need_best ? malloc((t->n_params ? t->n_params : 1) * sizeof *best) : NULL;
    if (!rows || !order || !vrows || (need_best && !best)) {
        free(rows), free(order), free(vrows), free(best);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    free(t->train_rows), free(t->order), free(t->val_rows);
    t->train_rows = rows, t->order = order, t->val_rows = vrows;
    t->n_train = n, t->n_val = nv;
    if (need_best)
        t->best = best;
    t->val_data = val;
    int bs = t->cfg.batch < 1 ? 1 : t->cfg.batch;
    t->batches_per_epoch = (n + bs - 1) / bs;
    return 0;
}

int nn_trainer_batch(NnTrainer *t, const int **rows)
{
    if (t->next == 0)
        rng_shuffle(&t->rng, t->order, t->n_train);
    int count = t->n_train - t->next;
    if (count > t->cfg.batch)
        count = t->cfg.batch;
    *rows = t->order + t->next;
    t->next += count;
    t->batch_in_epoch++;
    return count;
}

bool nn_trainer_epoch_over(const NnTrainer *t)
{
    return t->next >= t->n_train;
}

/* What each thread of nn_trainer_update needs. */
typedef struct UpdateJob {
    const NnTrainer *t;
    float *params;
    float *const *grads;
    int n_grads;
    const NnSegment *segs;
    int n_segs;
} UpdateJob;

enum { UPDATE_BLOCK = 4096 };

/* Thread k of n takes blocks k, k + n, ... of every segment: it sums the
 * per-thread gradients of the block into grads[0], then applies the rule. */
static void update_task(void *ctx, int k, int n)
{
    const UpdateJob *job = ctx;
    const NnTrainer *t = job->t;
    const NnTrainConfig *c = &t->cfg;
    for (int s = 0; s < job->n_segs; s++) {
        const size_t off = job->segs[s].offset, len_all = job->segs[s].n;
        const float l2 = job->segs[s].decay ? c->l2 : 0.0f;
        for (size_t start = (size_t)k * UPDATE_BLOCK; start < len_all;
             start += (size_t)n * UPDATE_BLOCK) {
            size_t i0 = off + start;
            size_t len = len_all - start < UPDATE_BLOCK ? len_all - start : UPDATE_BLOCK;
            float *g = job->grads[0] + i0;
            for (int j = 1; j < job->n_grads; j++) {
                const float *gj = job->grads[j] + i0;
#pragma omp simd
                for (size_t i = 0; i < len; i++)
                    g[i] += gj[i];
            }
            switch (c->optimizer) {
            case OPT_SGD:
                sgd_update(job->params + i0, g, len, t->lr, l2);
                break;
            case OPT_MOMENTUM:
                momentum_update(job->params + i0, g, t->m + i0, len, t->lr, c->momentum, l2);
                break;
            case OPT_ADAM:
                adam_update(job->params + i0, g, t->m + i0, t->v + i0, len, t->lr, 0.9f, 0.999f,
                            1e-8f, l2, t->t);
                break;
            }
        }
    }
}

void nn_trainer_update(NnTrainer *t, float *params, float *const *grads, int n_grads,
                       const NnSegment *segs, int n_segs)
{
    t->t++;
    UpdateJob job = { t, params, grads, n_grads, segs, n_segs };
    /* below ~16k parameters a second thread costs more than it saves */
    int threads = t->n_params < 4 * UPDATE_BLOCK ? 1 : nn_threads();
    nn_parallel(update_task, &job, threads);
}

/* Did the validation loss improve?  Keeps the best weights when it did. */
static bool track_validation(NnTrainer *t, const float *params, double val_loss)
{
    if (t->n_val <= 0)
        return false;
    if (!isfinite(val_loss) || val_loss >= t->best_val_loss) {
        t->bad_epochs++;
        return false;
    }
    t->best_val_loss = val_loss;
    t->best_epoch = t->epoch;
    t->bad_epochs = 0;
    if (t->best)
        memcpy(t->best, params, t->n_params * sizeof(float));
    return true;
}

static void trace_epoch(const NnTrainer *t, double val_loss, double val_acc, bool improved,
                        Trace *trace)
{
    double train_loss = t->seen ? t->loss_sum / (double)t->seen : NAN;
    double train_acc = t->seen ? (double)t->correct / (double)t->seen : NAN;
    double seconds = t->seconds;
    float lr_used = t->lr;
    char text[TRACE_TEXT_LEN];
    if (t->n_val > 0)
        snprintf(text, sizeof text,
                 "epoch %d/%d: train loss %.4f, acc %.4f; val loss %.4f%s, acc %.4f; lr %.3g (%.2f s)",
                 t->epoch, t->cfg.epochs, train_loss, train_acc, val_loss, improved ? " *" : "",
                 val_acc, (double)lr_used, seconds);
    else
        snprintf(text, sizeof text, "epoch %d/%d: train loss %.4f, acc %.4f; lr %.3g (%.2f s)",
                 t->epoch, t->cfg.epochs, train_loss, train_acc, (double)lr_used, seconds);
    trace_emitv(trace, TRACE_STEP, "epoch", text, "epoch", (double)t->epoch, "train_loss",
                train_loss, "train_acc", train_acc, "val_loss", val_loss, "val_acc", val_acc,
                "lr", (double)lr_used, "seconds", seconds, TRACE_END);
}

/* Early stop: the best weights back, and a note. */
static void stop_early(NnTrainer *t, float *params, Trace *trace)
{
    if (t->best)
        memcpy(params, t->best, t->n_params * sizeof(float));
    t->stopped_early = true;
    t->done = true;
    char note[TRACE_TEXT_LEN];
    snprintf(note, sizeof note,
             "early stop: validation loss has not improved for %d epochs; keeping the "
             "weights of epoch %d (val loss %.4f)",
             t->bad_epochs, t->best_epoch, t->best_val_loss);
    trace_emitv(trace, TRACE_NOTE, "early_stop", note, "best_epoch", (double)t->best_epoch,
                "val_loss", t->best_val_loss, TRACE_END);
}

bool nn_trainer_end_epoch(NnTrainer *t, float *params, double val_loss, double val_acc,
                          Trace *trace)
{
    t->epoch++;
    bool improved = track_validation(t, params, val_loss);
    trace_epoch(t, val_loss, val_acc, improved, trace);

    /* learning-rate decay: ×lr_decay every decay_every epochs */
    if (t->cfg.lr_decay < 1.0f && t->epoch % t->cfg.decay_every == 0)
        t->lr *= t->cfg.lr_decay;

    /* the next epoch starts fresh */
    t->next = 0;
    t->batch_in_epoch = 0;
    t->loss_sum = 0.0;
    t->correct = t->seen = 0;
    t->seconds = 0.0;

    if (t->cfg.patience > 0 && t->n_val > 0 && t->bad_epochs >= t->cfg.patience)
        stop_early(t, params, trace);
    else if (t->epoch >= t->cfg.epochs)
        t->done = true;
    return t->done;
}

void nn_trainer_emit_batch(NnTrainer *t, double batch_loss, Trace *trace)
{
    char text[TRACE_TEXT_LEN];
    snprintf(text, sizeof text, "epoch %d, batch %d/%d: loss %.4f", t->epoch + 1,
             t->batch_in_epoch, t->batches_per_epoch, batch_loss);
    trace_emitv(trace, TRACE_STEP, "batch", text, "loss", batch_loss, "epoch",
                (double)(t->epoch + 1), "batch", (double)t->batch_in_epoch, TRACE_END);
}

StepStatus nn_trainer_step(NnTrainer *t, float *params, const NnModelOps *ops, void *model,
                           const Dataset *train, Trace *trace, Error *err)
{
    NnCompute fp = nn_compute_begin();
    double t0 = timer_now();
    bool first = true;
    double batch_loss = 0.0;
    do {
        if (trace_cancelled(trace)) {
            t->seconds += timer_now() - t0;
            nn_compute_end(fp);
            error_set(err, ERR_CANCELLED, "training cancelled");
            return STEP_ERROR;
        }
        const int *rows;
        int B = nn_trainer_batch(t, &rows);
        long right = 0;
        double loss = ops->train_batch(model, train, rows, B, first, trace, &right);
        first = false;
        t->loss_sum += loss;
        t->correct += right;
        t->seen += B;
        batch_loss = loss / B;
        /* the fit's progress, per mini-batch (issue 12) */
        trace_progress(trace, ((double)t->epoch + (double)t->batch_in_epoch / t->batches_per_epoch) /
                                  t->cfg.epochs);
    } while (isfinite(batch_loss) && !t->cfg.step_batch && !nn_trainer_epoch_over(t));
    t->seconds += timer_now() - t0;
    if (!isfinite(batch_loss)) { /* non-finite results are errors, never output */
        nn_compute_end(fp);
        error_set(err, ERR_DATA, "the training loss became %s in epoch %d: the inputs are too "
                                 "large (scale them: --scale standard) or lr is too high",
                  isnan(batch_loss) ? "NaN" : "infinite", t->epoch + 1);
        return STEP_ERROR;
    }

    if (nn_trainer_epoch_over(t)) {
        double val_loss = NAN, val_acc = NAN;
        if (t->n_val > 0) {
            double loss_sum = 0.0;
            long right = 0;
            const Dataset *vd = t->val_data ? t->val_data : train;
            if (ops->evaluate(model, vd, t->val_rows, t->n_val, &loss_sum, &right, err) < 0) {
                nn_compute_end(fp);
                return STEP_ERROR;
            }
            val_loss = loss_sum / t->n_val;
            val_acc = (double)right / t->n_val;
        }
        nn_trainer_end_epoch(t, params, val_loss, val_acc, trace);
    } else {
        nn_trainer_emit_batch(t, batch_loss, trace);
    }
    nn_compute_end(fp);
    return t->done ? STEP_DONE : STEP_MORE;
}

void nn_trainer_json(const NnTrainer *t, StrBuf *sb)
{
    sb_printf(sb, ", \"epochs\": %d, \"optimizer\": ", t->epoch);
    sb_json_string(sb, optimizer_name(t->cfg.optimizer));
    sb_printf(sb, ", \"train_rows\": %d, \"val_rows\": %d, \"val_from\": \"%s\"", t->n_train,
              t->n_val, t->val_data ? "val-size" : "val_frac");
    if (t->n_val > 0) {
        sb_printf(sb, ", \"best_epoch\": %d, \"best_val_loss\": ", t->best_epoch);
        sb_json_double(sb, t->best_val_loss);
    }
    sb_printf(sb, ", \"stopped_early\": %s", t->stopped_early ? "true" : "false");
}

/* ======================================================================
 * what both networks check and allocate
 * ====================================================================== */

int nn_check_classes(const Dataset *train, const char *name, Error *err)
{
    if (!train->has_target || !train->y || train->n_classes < 1)
        return error_set(err, ERR_DATA, "%s is a classifier: the data needs class labels", name);
    if (train->n_classes < 2)
        return error_set(err, ERR_DATA,
                         "the training part has a single class: nothing to separate");
    return 0;
}

int nn_check_budget(size_t n_params, size_t per_row, size_t rows, const char *what, Error *err)
{
    size_t copies = 4 + (size_t)nn_threads(); /* weights, moments, best copy, gradients */
    size_t floats = budget_add(budget_mul(n_params, copies), budget_mul(per_row, rows));
    return budget_check(budget_mul(floats, sizeof(float)), what, err);
}

double nn_dense_params(const int *sizes, int L)
{
    double n = 0;
    for (int l = 0; l < L; l++)
        n += (double)sizes[l] * sizes[l + 1] + sizes[l + 1];
    return n;
}

int nn_check_dense_budget(const int *sizes, int L, int batch, int chunk, const char *hidden,
                          Error *err)
{
    size_t n_params = 0, widths = 0;
    for (int l = 0; l < L; l++) {
        n_params = budget_add(n_params, budget_mul((size_t)sizes[l], (size_t)sizes[l + 1] + 1));
        widths = budget_add(widths, 2 * (size_t)sizes[l + 1]); /* activations and deltas */
    }
    char what[600];
    snprintf(what, sizeof what, "mlp -p hidden=%.400s (%zu parameters)", hidden, n_params);
    int rc = nn_check_budget(n_params, widths, (size_t)(batch > chunk ? batch : chunk), what, err);
    if (rc < 0 && err && err->code == ERR_DATA)
        err->code = ERR_USAGE; /* a parameter asked for it */
    return rc;
}

int nn_check_data(const char *name, int inputs, int classes, const Dataset *data, Error *err)
{
    if (dataset_cols(data) != inputs)
        return error_set(err, ERR_DATA, "the saved %s takes %d feature%s, the data has %d", name,
                         inputs, inputs == 1 ? "" : "s", dataset_cols(data));
    return nn_check_data_classes(name, classes, data, err);
}

int nn_check_data_classes(const char *name, int classes, const Dataset *data, Error *err)
{
    if (!data->y || data->n_classes < 1)
        return error_set(err, ERR_DATA, "the saved %s is a classifier of %d classes, the data "
                                        "has no class labels", name, classes);
    if (data->n_classes != classes)
        return error_set(err, ERR_DATA, "the saved %s was trained on %d classes, the data has %d",
                         name, classes, data->n_classes);
    return 0;
}

float **nn_grads_new(int n, size_t n_params)
{
    float **grads = calloc((size_t)n, sizeof *grads);
    if (!grads)
        return NULL;
    for (int t = 0; t < n; t++)
        if (!(grads[t] = malloc(n_params * sizeof(float)))) {
            nn_grads_free(grads, n);
            return NULL;
        }
    return grads;
}

void nn_grads_free(float **grads, int n)
{
    if (!grads)
        return;
    for (int t = 0; t < n; t++)
        free(grads[t]);
    free(grads);
}

int nn_write_predictions(const float *probs, int n, int K, int *labels, float *scores,
                         Error *err)
{
    for (int r = 0; r < n; r++) {
        const float *p = probs + (size_t)r * K;
        for (int c = 0; c < K; c++)
            if (!isfinite(p[c])) /* non-finite results are errors, never output */
                return error_set(err, ERR_DATA, "the network's outputs overflow on row %d (a "
                                                "probability is %s): its weights or the inputs "
                                                "are too large", r + 1,
                                 isnan(p[c]) ? "NaN" : "infinite");
        if (labels)
            labels[r] = vec_argmax(p, K);
        if (scores)
            memcpy(scores + (size_t)r * K, p, (size_t)K * sizeof(float));
    }
    return 0;
}
