/* cli_lm.c - `mllab lm`: the language models of names (or of any text).
 *
 *   mllab lm bigram|rnn [--dataset names|FILE] [-p KEY=VALUE ...] [--seed N]
 *                       [--samples N] [--steps N] [--format text|json]
 *                       [--trace FILE]
 *
 * Loads the corpus, splits it the makemore way (charlm_data.h), trains by
 * stepping the model (algorithms/bigram.h, rnn.h) and reports the train and
 * test NLL per token, the time, and sampled sequences.  This file parses,
 * drives and prints; the models do the arithmetic. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bigram.h"
#include "charlm_data.h"
#include "rnn.h"
#include "timer.h"
#include "trace.h"

#define MAX_SAMPLE_LEN 64

static void usage(FILE *f)
{
    fputs("usage: mllab lm bigram|rnn [--dataset names|FILE] [-p KEY=VALUE ...] [--seed N]\n"
          "                           [--samples N] [--steps N] [--format text|json]\n"
          "                           [--trace FILE]\n"
          "\n"
          "Character-level language models of names (makemore's protocol: '.' marks\n"
          "the start and end, 27 symbols, 1,000 names held out for the test NLL).\n"
          "\n"
          "  bigram      counts of consecutive pairs with add-k smoothing; a step adds\n"
          "              a batch of training names.  -p k=1 -p batch=1000\n"
          "              -p unit=char|word (word: one sequence per line) -p vocab=2000\n"
          "  rnn         Elman RNN (tanh) trained by BPTT with AdamW, a step is a\n"
          "              mini-batch.  -p embed=64 -p hidden=64 -p batch=32 -p lr=5e-4\n"
          "              -p weight_decay=0.01 -p clip=5 -p steps=10000 -p eval_every=500\n"
          "\n"
          "  --dataset D     names (bundled) or a text file, one sequence per line (names)\n"
          "  -p KEY=VALUE    a model parameter (repeatable)\n"
          "  --seed N        the split, the initialisation, batches and samples (42)\n"
          "  --samples N     sequences to sample after training (10)\n"
          "  --steps N       at most N steps (rnn: sets -p steps; bigram: all by default)\n"
          "  --format F      text or json (text)\n"
          "  --trace FILE    the step events as JSON lines\n"
          "  -h, --help      this help\n",
          f);
}

typedef struct LmArgs {
    const char *model, *dataset, *trace;
    const char **params;
    int n_params;
    unsigned long long seed;
    long samples, steps;
    bool json;
} LmArgs;

typedef struct LmResult {
    double train_nll, test_nll, seconds;
    int steps;
    StrBuf samples_text, samples_json;
    float gnorm[64]; /* rnn: ||dL/dh_t|| of the last batch */
    int T;
} LmResult;

static int parse_count(const char *opt, const char *s, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < 0 || v > max)
        return cli_usage_error("lm: %s '%s' must be an integer in [0, %ld]", opt, s, max);
    *out = v;
    return 0;
}

static int parse_seed(const char *s, unsigned long long *out)
{
    char *end;
    errno = 0;
    *out = strtoull(s, &end, 10);
    if (end == s || *end || errno || s[0] == '-')
        return cli_usage_error("lm: --seed '%s' is not a non-negative integer", s);
    return 0;
}

static const struct option lm_options[] = {
    { "dataset", required_argument, NULL, 'd' }, { "seed", required_argument, NULL, 's' },
    { "samples", required_argument, NULL, 'n' }, { "steps", required_argument, NULL, 'S' },
    { "format", required_argument, NULL, 'f' },  { "trace", required_argument, NULL, 't' },
    { "help", no_argument, NULL, 'h' },          { NULL, 0, NULL, 0 },
};

static int parse_one(int c, char **argv, LmArgs *a)
{
    switch (c) {
    case 'd': a->dataset = optarg; return 0;
    case 't': a->trace = optarg; return 0;
    case 's': return parse_seed(optarg, &a->seed);
    case 'n': return parse_count("--samples", optarg, 10000, &a->samples);
    case 'S':
        if (parse_count("--steps", optarg, 100000000, &a->steps) != 0)
            return 2;
        return a->steps > 0 ? 0 : cli_usage_error("lm: --steps must be at least 1");
    case 'p': a->params[a->n_params++] = optarg; return 0;
    case 'f':
        if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
            return cli_usage_error("lm: --format '%s': use text or json", optarg);
        a->json = optarg[0] == 'j';
        return 0;
    case ':': return cli_usage_error("lm: option '%s' needs a value", argv[optind - 1]);
    default:
        return cli_usage_error("lm: unknown option '%s' (see mllab lm --help)", argv[optind - 1]);
    }
}

/* Options up to the next positional argument; 0, a usage status or -1. */
static int parse_options(int argc, char **argv, LmArgs *a)
{
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, "+:hp:", lm_options, NULL)) != -1)
        rc = c == 'h' ? (usage(stdout), -1) : parse_one(c, argv, a);
    return rc;
}

/* 0, a usage status, or -1 after --help. */
static int parse_args(int argc, char **argv, LmArgs *a)
{
    opterr = 0;
    optind = 1;
    int rc = parse_options(argc, argv, a); /* options may come before the model */
    if (rc == 0 && optind < argc)
        a->model = argv[optind++];
    if (rc == 0)
        rc = parse_options(argc, argv, a);
    if (rc != 0)
        return rc;
    if (optind < argc)
        return cli_usage_error("lm: unexpected argument '%s'", argv[optind]);
    if (!a->model)
        return usage(stderr), 2;
    if (strcmp(a->model, "bigram") != 0 && strcmp(a->model, "rnn") != 0)
        return cli_usage_error("lm: unknown model '%s' (use bigram or rnn)", a->model);
    return 0;
}

static int set_params(Params *p, const ParamSpec *spec, const LmArgs *a, Error *err)
{
    if (params_init(p, spec, err) < 0)
        return -1;
    for (int i = 0; i < a->n_params; i++)
        if (params_parse_kv(p, a->params[i], err) < 0)
            return -1;
    if (spec == rnn_params && a->steps > 0) {
        char buf[32];
        snprintf(buf, sizeof buf, "%ld", a->steps);
        return params_set(p, "steps", buf, err);
    }
    return 0;
}

typedef int (*SampleFn)(const void *model, Rng *rng, int *out, int max);
static int sample_bigram(const void *m, Rng *r, int *o, int x) { return bigram_sample(m, r, o, x); }
static int sample_rnn(const void *m, Rng *r, int *o, int x) { return rnn_sample(m, r, o, x); }

static void draw_samples(const TextCorpus *c, const void *model, SampleFn fn, const LmArgs *a,
                         LmResult *res)
{
    Rng rng;
    rng_seed(&rng, a->seed + 1);
    int tok[MAX_SAMPLE_LEN];
    char text[MAX_SAMPLE_LEN * 32];
    sb_append(&res->samples_json, "[");
    for (long i = 0; i < a->samples; i++) {
        int n = fn(model, &rng, tok, MAX_SAMPLE_LEN);
        corpus_decode(c, tok, n, text, sizeof text);
        sb_printf(&res->samples_text, "  %s\n", text);
        if (i)
            sb_append(&res->samples_json, ",");
        sb_json_string(&res->samples_json, text);
    }
    sb_append(&res->samples_json, "]");
}

static int train_bigram(const TextCorpus *c, const CorpusSplit *s, const Params *p,
                        const LmArgs *a, Trace *tr, LmResult *res, Error *err)
{
    Bigram *b = bigram_create(c, s, params_float(p, "k"), params_int(p, "batch"), err);
    if (!b)
        return -1;
    StepStatus st = STEP_MORE;
    double t0 = timer_now();
    while (st == STEP_MORE && (a->steps == 0 || res->steps < a->steps)) {
        if (tr)
            tr->step = res->steps + 1;
        st = bigram_step(b, tr, err);
        res->steps++;
    }
    res->seconds = timer_now() - t0;
    res->train_nll = bigram_train_nll(b);
    res->test_nll = bigram_test_nll(b);
    if (st != STEP_ERROR)
        draw_samples(c, b, sample_bigram, a, res);
    bigram_destroy(b);
    return st == STEP_ERROR ? -1 : 0;
}

static int train_rnn(const TextCorpus *c, const CorpusSplit *s, const Params *p,
                     const LmArgs *a, Trace *tr, LmResult *res, Error *err)
{
    RnnConfig cfg;
    rnn_config_from_params(p, &cfg);
    Rng rng;
    rng_seed(&rng, a->seed);
    Rnn *m = rnn_create(&cfg, c, s, &rng, err);
    if (!m)
        return -1;
    StepStatus st = STEP_MORE;
    double t0 = timer_now();
    while (st == STEP_MORE) {
        if (tr)
            tr->step = res->steps + 1;
        st = rnn_step(m, tr, err);
        res->steps++;
        if (res->steps % 100 == 0)
            cli_progress(false, "rnn: step %d/%d  batch loss %.4f  test NLL %.4f", res->steps,
                         cfg.steps, rnn_train_loss(m), rnn_test_nll(m));
    }
    res->seconds = timer_now() - t0;
    cli_progress_done();
    res->test_nll = rnn_test_nll(m);
    const float *gn = rnn_time_grad_norms(m, &res->T);
    res->T = res->T < 64 ? res->T : 64;
    memcpy(res->gnorm, gn, (size_t)res->T * sizeof(float));
    res->train_nll = st == STEP_ERROR ? NAN : rnn_nll(m, s->train, s->n_train);
    if (st != STEP_ERROR)
        draw_samples(c, m, sample_rnn, a, res);
    rnn_destroy(m);
    return st == STEP_ERROR ? -1 : 0;
}

static void print_result(const LmArgs *a, const TextCorpus *c, const CorpusSplit *s,
                         const Params *p, const LmResult *r, StrBuf *sb)
{
    StrBuf pt = STRBUF_INIT;
    double ms = r->steps ? 1000 * r->seconds / r->steps : 0;
    if (a->json) {
        sb_append(sb, "{\"model\":");
        sb_json_string(sb, a->model);
        sb_append(sb, ",\"dataset\":");
        sb_json_string(sb, c->name);
        sb_printf(sb, ",\"unit\":\"%s\",\"vocab\":%d,\"n_train\":%d,\"n_test\":%d,\"seed\":%llu,"
                      "\"params\":",
                  c->unit == UNIT_WORD ? "word" : "char", c->vocab, s->n_train, s->n_test,
                  a->seed);
        params_to_json(p, sb);
        sb_printf(sb, ",\"steps\":%d,\"seconds\":", r->steps);
        sb_json_double(sb, r->seconds);
        sb_append(sb, ",\"ms_per_step\":");
        sb_json_double(sb, ms);
        sb_append(sb, ",\"train_nll\":");
        sb_json_double(sb, r->train_nll);
        sb_append(sb, ",\"test_nll\":");
        sb_json_double(sb, r->test_nll);
        if (r->T > 0) {
            sb_append(sb, ",\"time_grad_norms\":");
            sb_json_float_array(sb, r->gnorm, r->T);
        }
        sb_printf(sb, ",\"samples\":%s}\n", sb_str(&r->samples_json));
        return;
    }
    params_to_text(p, &pt);
    sb_printf(sb, "%s on %s (%s, %d symbols): %d training / %d test sequences\n", a->model,
              c->name, c->unit == UNIT_WORD ? "words" : "characters", c->vocab, s->n_train,
              s->n_test);
    sb_printf(sb, "params: %s, seed %llu\n", sb_str(&pt), a->seed);
    sb_printf(sb, "steps: %d in %.3f s (%.3f ms per step)\n", r->steps, r->seconds, ms);
    sb_printf(sb, "NLL per token (nats): train %.4f, test %.4f (uniform: %.4f)\n", r->train_nll,
              r->test_nll, log((double)c->vocab));
    if (a->samples > 0)
        sb_printf(sb, "samples:\n%s", sb_str(&r->samples_text));
    sb_free(&pt);
}

/* The parameters, the corpus and its split. */
static int prepare(const LmArgs *a, bool rnn, Params *p, TextCorpus *c, CorpusSplit *s,
                   Error *err)
{
    TextUnit unit = UNIT_CHAR;
    if (set_params(p, rnn ? rnn_params : bigram_params, a, err) < 0)
        return -1;
    if (!rnn)
        text_unit_parse(params_str(p, "unit"), &unit);
    if (corpus_load(c, a->dataset, unit, rnn ? 3 : params_int(p, "vocab"), err) < 0)
        return -1;
    return corpus_split(c, a->seed, s, err);
}

static int write_trace(Trace *t, const char *path, Error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return error_set(err, ERR_IO, "%s: cannot write", path);
    int rc = trace_write_jsonl(t, f, err);
    if (fclose(f) != 0 && rc == 0)
        rc = error_set(err, ERR_IO, "%s: write error", path);
    return rc;
}

static int run(const LmArgs *a, StrBuf *out, Error *err)
{
    bool rnn = strcmp(a->model, "rnn") == 0;
    Params p = { 0 };
    TextCorpus c = { 0 };
    CorpusSplit s = { 0 };
    Trace tr;
    trace_init(&tr);
    Trace *t = a->trace ? &tr : NULL;
    LmResult res = { .samples_text = STRBUF_INIT, .samples_json = STRBUF_INIT };
    int rc = prepare(a, rnn, &p, &c, &s, err);
    if (rc == 0)
        rc = (rnn ? train_rnn : train_bigram)(&c, &s, &p, a, t, &res, err);
    if (rc == 0 && t)
        rc = write_trace(t, a->trace, err);
    if (rc == 0)
        print_result(a, &c, &s, &p, &res, out);
    sb_free(&res.samples_text);
    sb_free(&res.samples_json);
    trace_free(&tr);
    corpus_split_free(&s);
    corpus_free(&c);
    params_free(&p);
    return rc;
}

int cli_lm(int argc, char **argv)
{
    const char *params[argc > 0 ? argc : 1];
    LmArgs a = { .dataset = "names", .params = params, .seed = 42, .samples = 10 };
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    StrBuf out = STRBUF_INIT;
    Error err = { 0 };
    if (run(&a, &out, &err) < 0)
        rc = cli_fail(&err);
    else if (cli_write_stdout(&out, &err) < 0)
        rc = cli_fail(&err);
    sb_free(&out);
    return rc;
}
