/* bench/nn_epoch.c - time the epochs of mllab's networks on an image set.
 *
 * A small driver for profiling and for bench_nn.py when `mllab run` is not at
 * hand: it loads a dataset through libmllab, trains mlp or cnn for the
 * requested epochs (optionally on the first N training rows only), and
 * prints one JSON object: per-epoch seconds, the test accuracy, the fit time.
 *
 *   nn_epoch ALGO DATASET [--rows N] [--test-rows N] [--seed N] [-p KEY=VALUE]...
 *
 * Build (from a configured build directory B of mllab, after make):
 *   cc -O2 -g -fopenmp -D_GNU_SOURCE -I SRC/src -I SRC/algorithms -I B \
 *      $(pkg-config --cflags openblas) SRC/bench/nn_epoch.c \
 *      B/libmllab.a B/libalgorithms.a B/libmllab.a -lcsv $(pkg-config --libs openblas zlib) \
 *      -lm -o nn_epoch
 *
 * Profile one core's epoch (CPU seconds, not wall: the machine is shared):
 *   MLLAB_THREADS=1 OPENBLAS_NUM_THREADS=1 perf record -g ./nn_epoch cnn mnist \
 *      --rows 10000 --test-rows 2000 -p epochs=1 -p val_frac=0
 * MLLAB_KERNEL=generic runs the convolutions through im2col + sgemm (the
 * path of CPUs without AVX-512), to compare. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnn.h"
#include "mlp.h"
#include "timer.h"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void event(const TraceEvent *ev, void *ctx)
{
    (void)ctx;
    if (ev->kind == TRACE_STEP)
        fprintf(stderr, "%s\n", ev->text);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: nn_epoch mlp|cnn DATASET [--rows N] [--test-rows N] [-p K=V]...\n");
        return 2;
    }
    const Algo *algo = strcmp(argv[1], "cnn") == 0 ? &algo_cnn : &algo_mlp;
    const char *dataset = argv[2];
    int rows = 0, test_rows = 0;
    unsigned long seed = 42;
    Params params;
    Error err = { 0 };
    if (params_init(&params, algo->params, &err) < 0)
        return fprintf(stderr, "%s\n", err.msg), 1;
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--rows") && i + 1 < argc)
            rows = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--test-rows") && i + 1 < argc)
            test_rows = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "-p") && i + 1 < argc) {
            if (params_parse_kv(&params, argv[++i], &err) < 0)
                return fprintf(stderr, "%s\n", err.msg), 2;
        } else
            return fprintf(stderr, "unknown option %s\n", argv[i]), 2;
    }
    Rng rng;
    rng_seed(&rng, 42);
    Dataset all;
    double t0 = timer_now();
    if (dataset_load(&all, dataset, NULL, &rng, &err) < 0)
        return fprintf(stderr, "%s\n", err.msg), 1;
    double load_s = timer_now() - t0;
    int split = all.split_at > 0 ? all.split_at : all.X.rows * 6 / 7;
    int n_train = rows > 0 && rows < split ? rows : split;
    int n_test = all.X.rows - split;
    if (test_rows > 0 && test_rows < n_test)
        n_test = test_rows;
    int *idx = malloc((size_t)all.X.rows * sizeof *idx);
    for (int i = 0; i < n_train; i++)
        idx[i] = i;
    Dataset train, test;
    if (dataset_subset(&all, idx, n_train, &train, &err) < 0)
        return fprintf(stderr, "%s\n", err.msg), 1;
    for (int i = 0; i < n_test; i++)
        idx[i] = split + i;
    if (dataset_subset(&all, idx, n_test, &test, &err) < 0)
        return fprintf(stderr, "%s\n", err.msg), 1;
    dataset_free(&all);
    free(idx);

    Trace trace;
    trace_init(&trace);
    trace.detail_level = 0;
    trace.on_event = event;
    rng_seed(&rng, seed);
    t0 = timer_now();
    double c0 = cpu_now();
    void *model = algo->create(&params, &train, &rng, &err);
    if (!model)
        return fprintf(stderr, "%s\n", err.msg), 1;
    StepStatus st;
    do {
        trace.step++;
        st = algo->step(model, &train, &trace, &err);
    } while (st == STEP_MORE);
    if (st == STEP_ERROR)
        return fprintf(stderr, "%s\n", err.msg), 1;
    double fit_s = timer_now() - t0, fit_cpu = cpu_now() - c0;
    int *pred = malloc((size_t)n_test * sizeof *pred);
    t0 = timer_now();
    if (algo->predict(model, &test.X, pred, NULL, &err) < 0)
        return fprintf(stderr, "%s\n", err.msg), 1;
    double predict_s = timer_now() - t0;
    int right = 0;
    for (int i = 0; i < n_test; i++)
        right += pred[i] == test.y[i];
    printf("{\"algorithm\": \"%s\", \"dataset\": \"%s\", \"train_rows\": %d, \"test_rows\": %d, "
           "\"load_seconds\": %.3f, \"fit_seconds\": %.3f, \"fit_cpu_seconds\": %.3f, "
           "\"predict_seconds\": %.3f, "
           "\"accuracy\": %.4f, \"epoch_seconds\": [",
           algo->name, dataset, n_train, n_test, load_s, fit_s, fit_cpu, predict_s,
           (double)right / n_test);
    int k = 0;
    for (int i = 0; i < trace.count; i++)
        if (trace.events[i].kind == TRACE_STEP)
            printf("%s%.3f", k++ ? ", " : "", trace_event_get(&trace.events[i], "seconds"));
    printf("]}\n");
    free(pred);
    trace_free(&trace);
    algo->destroy(model);
    dataset_free(&train);
    dataset_free(&test);
    params_free(&params);
    return 0;
}
