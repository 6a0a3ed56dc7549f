/* cli_softmax.c - `mllab softmax`: softmax as an operation on numbers.
 *
 *   mllab softmax --logits 2,1,0.1 [--temperature T] [--target k]
 *                 [--format text|json]
 *
 * Prints the probabilities (stable form), the log-probabilities, the
 * entropy, with --target the cross-entropy and its gradient (p - onehot)/T,
 * and what the naive form gives on the same logits (inf/NaN for 1000,1001).
 * The arithmetic is algorithms/softmax.c's; this file parses and prints. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "softmax.h"
#include "strbuf.h"

#define MAX_LOGITS 4096

static void usage(FILE *f)
{
    fputs("usage: mllab softmax --logits V,V,... [--temperature T] [--target K]\n"
          "                     [--format text|json]\n"
          "\n"
          "Softmax p_i = exp(z_i/T) / sum_j exp(z_j/T), computed stably (the largest\n"
          "z/T is subtracted first), next to the naive form that overflows.\n"
          "\n"
          "  --logits V,V,...    the scores z (finite numbers)\n"
          "  --temperature T     T > 0 (1): large T flattens, small T sharpens\n"
          "  --target K          0-based class: cross-entropy -log p_K and its\n"
          "                      gradient (p - onehot(K)) / T\n"
          "  --format text|json  output format (text)\n"
          "  -h, --help          this help\n",
          f);
}

/* "2,1,0.1" -> values; on failure a usage message naming the position. */
static int parse_logits(const char *text, double *v, int *n)
{
    const char *s = text;
    for (int count = 0;; count++) {
        if (count == MAX_LOGITS)
            return cli_usage_error("softmax: more than %d logits", MAX_LOGITS);
        char *end;
        errno = 0;
        double x = strtod(s, &end);
        size_t flen = strcspn(s, ",");
        if (end == s || (*end != ',' && *end != '\0') || errno == ERANGE || !isfinite(x))
            return cli_usage_error("softmax: --logits: value %d ('%.*s') is not a finite number",
                                   count + 1, (int)flen, s);
        v[count] = x;
        if (*end == '\0') {
            *n = count + 1;
            return 0;
        }
        s = end + 1;
    }
}

static void json_num(StrBuf *sb, double x)
{
    sb_json_double(sb, x); /* null when not finite */
}

static void json_array(StrBuf *sb, const char *key, const double *v, int n)
{
    sb_printf(sb, "\"%s\":", key);
    sb_json_double_array(sb, v, n);
}

static void text_row(StrBuf *sb, const char *label, const double *v, int n)
{
    sb_printf(sb, "%-15s", label);
    for (int i = 0; i < n; i++)
        sb_printf(sb, " %9.4g", v[i]);
    sb_append(sb, "\n");
}

typedef struct SoftmaxOut {
    double z[MAX_LOGITS], p[MAX_LOGITS], logp[MAX_LOGITS], naive[MAX_LOGITS], grad[MAX_LOGITS];
    int n, target;
    double T, ce, entropy, zmax;
    bool naive_bad;
} SoftmaxOut;

static void compute(SoftmaxOut *o)
{
    softmax_stable(o->z, o->n, o->T, o->p);
    log_softmax(o->z, o->n, o->T, o->logp);
    softmax_naive(o->z, o->n, o->T, o->naive);
    o->entropy = softmax_entropy(o->z, o->n, o->T);
    o->zmax = o->z[0] / o->T;
    o->naive_bad = false;
    for (int i = 0; i < o->n; i++) {
        o->zmax = o->z[i] / o->T > o->zmax ? o->z[i] / o->T : o->zmax;
        o->naive_bad |= !isfinite(o->naive[i]);
    }
    o->ce = o->target >= 0 ? softmax_cross_entropy(o->z, o->n, o->T, o->target, o->grad) : NAN;
}

static void print_json(const SoftmaxOut *o, StrBuf *sb)
{
    sb_append(sb, "{");
    json_array(sb, "logits", o->z, o->n);
    sb_append(sb, ",\"temperature\":");
    json_num(sb, o->T);
    sb_append(sb, ",");
    json_array(sb, "probabilities", o->p, o->n);
    sb_append(sb, ",");
    json_array(sb, "log_probabilities", o->logp, o->n);
    sb_append(sb, ",\"entropy\":");
    json_num(sb, o->entropy);
    sb_append(sb, ",\"max_scaled_logit\":");
    json_num(sb, o->zmax);
    sb_append(sb, ",");
    json_array(sb, "naive", o->naive, o->n);
    sb_printf(sb, ",\"naive_overflows\":%s", o->naive_bad ? "true" : "false");
    if (o->target >= 0) {
        sb_printf(sb, ",\"target\":%d,\"cross_entropy\":", o->target);
        json_num(sb, o->ce);
        sb_append(sb, ",");
        json_array(sb, "gradient", o->grad, o->n);
    }
    sb_append(sb, "}\n");
}

static void print_text(const SoftmaxOut *o, StrBuf *sb)
{
    sb_printf(sb, "softmax at temperature %g over %d logits\n", o->T, o->n);
    text_row(sb, "logits", o->z, o->n);
    text_row(sb, "probabilities", o->p, o->n);
    text_row(sb, "log-softmax", o->logp, o->n);
    sb_printf(sb, "entropy        %.4f nats (uniform: %.4f)\n", o->entropy, log((double)o->n));
    if (o->target >= 0) {
        sb_printf(sb, "cross-entropy  -log p[%d] = %.4f\n", o->target, o->ce);
        text_row(sb, "gradient", o->grad, o->n);
        sb_printf(sb, "               dL/dz = (p - onehot(%d)) / T\n", o->target);
    }
    text_row(sb, "naive", o->naive, o->n);
    if (o->naive_bad)
        sb_printf(sb, "note: the naive form exp(z/T) / sum exp(z/T) overflows here (exp of %g "
                      "is inf, and inf/inf is nan); the stable form subtracts the max %g "
                      "first, so its largest term is exp(0) = 1.\n",
                  o->zmax, o->zmax);
    else
        sb_printf(sb, "note: naive and stable agree here; the stable form subtracts the max "
                      "%g first, which is what keeps logits like 1000,1001 from overflowing "
                      "(exp(1000) = inf in doubles).\n",
                  o->zmax);
}

static int parse_temperature(const char *s, double *T)
{
    char *end;
    errno = 0;
    *T = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(*T) || *T <= 0)
        return cli_usage_error("softmax: --temperature '%s' must be a finite number > 0", s);
    return 0;
}

static int parse_target(const char *s, int *k)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < 0 || v >= MAX_LOGITS)
        return cli_usage_error("softmax: --target '%s' must be a class index >= 0", s);
    *k = (int)v;
    return 0;
}

static const struct option softmax_options[] = {
    { "logits", required_argument, NULL, 'l' },  { "temperature", required_argument, NULL, 't' },
    { "target", required_argument, NULL, 'k' },  { "format", required_argument, NULL, 'f' },
    { "help", no_argument, NULL, 'h' },          { NULL, 0, NULL, 0 },
};

/* One option; 0, a usage status, or -1 for --help. */
static int parse_option(int c, char **argv, SoftmaxOut *o, const char **logits, bool *json)
{
    switch (c) {
    case 'l': *logits = optarg; return 0;
    case 't': return parse_temperature(optarg, &o->T);
    case 'k': return parse_target(optarg, &o->target);
    case 'f':
        if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
            return cli_usage_error("softmax: --format '%s': use text or json", optarg);
        *json = optarg[0] == 'j';
        return 0;
    case 'h': usage(stdout); return -1;
    case ':': return cli_usage_error("softmax: option '%s' needs a value", argv[optind - 1]);
    default:
        return cli_usage_error("softmax: unknown option '%s' (see mllab softmax --help)",
                               argv[optind - 1]);
    }
}

/* Options into o (logits parsed); 0, a usage status, or -1 for --help. */
static int parse_args(int argc, char **argv, SoftmaxOut *o, bool *json)
{
    const char *logits = NULL;
    int c, rc = 0;
    opterr = 0;
    optind = 1;
    while (rc == 0 && (c = getopt_long(argc, argv, ":h", softmax_options, NULL)) != -1)
        rc = parse_option(c, argv, o, &logits, json);
    if (rc != 0)
        return rc;
    if (optind < argc)
        return cli_usage_error("softmax: unexpected argument '%s'", argv[optind]);
    if (!logits)
        return cli_usage_error("softmax: --logits V,V,... is required (e.g. --logits 2,1,0.1)");
    if ((rc = parse_logits(logits, o->z, &o->n)) != 0)
        return rc;
    if (o->target >= o->n)
        return cli_usage_error("softmax: --target %d is out of range for %d logits", o->target,
                               o->n);
    return 0;
}

int cli_softmax(int argc, char **argv)
{
    SoftmaxOut *o = calloc(1, sizeof *o);
    if (!o) {
        Error err;
        error_set(&err, ERR_NOMEM, "out of memory");
        return cli_fail(&err);
    }
    o->T = 1.0;
    o->target = -1;
    bool json = false;
    int rc = parse_args(argc, argv, o, &json);
    if (rc == 0) {
        compute(o);
        StrBuf sb = STRBUF_INIT;
        (json ? print_json : print_text)(o, &sb);
        Error err = { 0 };
        if (cli_write_stdout(&sb, &err) < 0)
            rc = cli_fail(&err);
        sb_free(&sb);
    }
    free(o);
    return rc < 0 ? 0 : rc;
}
