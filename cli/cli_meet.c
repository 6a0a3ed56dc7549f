/* cli_meet.c - `mllab meet`: the meeting point of a set of people (points
 * in a CSV file, one per row, every column a coordinate), by Manhattan
 * distance (the coordinate-wise median) or Euclidean distance (the
 * geometric median by Weiszfeld's iterations).  The math is
 * algorithms/meeting.c's; this file reads, runs and prints. */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli_interview.h"
#include "dataset.h"
#include "meeting.h"

static void usage(FILE *f)
{
    fputs("usage: mllab meet --points FILE.csv [--metric manhattan|euclidean] [OPTIONS]\n"
          "\n"
          "The point that minimises the total distance to the points of FILE.csv (a\n"
          "header row, then one point per row; every column is a coordinate).\n"
          "\n"
          "  --points FILE      the points (coordinates are read as 32-bit floats)\n"
          "  --metric M         euclidean (default): the geometric median, by Weiszfeld's\n"
          "                     iterations from the centroid; manhattan: the coordinate-\n"
          "                     wise median (the lower middle value for an even count,\n"
          "                     and the whole optimal box is shown)\n"
          "  --tol T            euclidean: stop when a step moves less than T times the\n"
          "                     mean distance to the centroid (1e-10)\n"
          "  --max-iter N       euclidean: at most N iterations (1000)\n"
          "  --path             euclidean: print every iterate and its cost\n"
          "  --trace FILE       euclidean: write the iterations as JSON lines\n"
          "  --format F         text (default) or json\n"
          "  -h, --help         this help\n",
          f);
}

typedef struct MeetArgs {
    const char *points, *trace;
    MeetMetric metric;
    MeetOptions opt;
    bool path;
    OutputFormat format;
} MeetArgs;

enum { OPT_POINTS = 256, OPT_METRIC, OPT_TOL, OPT_MAX_ITER, OPT_PATH, OPT_FORMAT, OPT_TRACE };

static const struct option meet_options[] = {
    { "points", required_argument, NULL, OPT_POINTS },
    { "metric", required_argument, NULL, OPT_METRIC },
    { "tol", required_argument, NULL, OPT_TOL },
    { "max-iter", required_argument, NULL, OPT_MAX_ITER },
    { "path", no_argument, NULL, OPT_PATH },
    { "trace", required_argument, NULL, OPT_TRACE },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

static int value_option(MeetArgs *a, int c, const char *v)
{
    long long n;
    switch (c) {
    case OPT_POINTS: a->points = v; return 0;
    case OPT_TRACE: a->trace = v; return 0;
    case OPT_METRIC:
        return meet_metric_parse(v, &a->metric) < 0
                   ? cli_usage_error("meet: --metric '%s': use manhattan or euclidean", v)
                   : 0;
    case OPT_TOL:
        return cli_value_double(v, &a->opt.tol) < 0 || a->opt.tol < 0
                   ? cli_usage_error("meet: --tol '%s' must be a number >= 0", v)
                   : 0;
    case OPT_MAX_ITER:
        if (cli_value_long(v, 1, 10000000, &n) < 0)
            return cli_usage_error("meet: --max-iter '%s' must be an integer in [1, 1e7]", v);
        a->opt.max_iter = (int)n;
        return 0;
    default:
        return cli_value_format(v, &a->format) < 0
                   ? cli_usage_error("meet: --format '%s': use text or json", v)
                   : 0;
    }
}

/* Returns -1 to go on, else the exit status (0 after --help). */
static int parse_options(int argc, char **argv, MeetArgs *a)
{
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", meet_options, NULL)) != -1) {
        int rc;
        if (c == 'h') {
            usage(stdout);
            return 0;
        } else if (c == ':' || c == '?') {
            return cli_option_error("meet", c, argv, optind);
        } else if (c == OPT_PATH) {
            a->path = true;
        } else if ((rc = value_option(a, c, optarg)) != 0) {
            return rc;
        }
    }
    if (optind < argc)
        return cli_usage_error("meet: unexpected argument '%s' (see mllab meet --help)",
                               argv[optind]);
    if (!a->points) {
        usage(stderr);
        return 2;
    }
    return -1;
}

/* The CSV as n x d doubles: every column is a coordinate. */
static int load_points(const char *path, double **points, int *n, int *d, char ***names,
                       Error *err)
{
    Dataset ds;
    /* No column is called "" (an empty header becomes column_N), so with
     * require_target false every column is a feature. */
    if (dataset_load_csv(&ds, path, "", false, err) < 0)
        return -1;
    *n = dataset_rows(&ds);
    *d = dataset_cols(&ds);
    *points = malloc((size_t)*n * *d * sizeof **points);
    if (!*points) {
        dataset_free(&ds);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < (size_t)*n * *d; i++)
        (*points)[i] = ds.X.data[i];
    *names = ds.feature_names;
    ds.feature_names = NULL;
    dataset_free(&ds);
    return 0;
}

typedef struct MeetResult {
    double *point, *lo, *hi;
    double cost;
    int iterations;
    bool converged;
    Weiszfeld *w; /* euclidean: kept for --path */
} MeetResult;

/* Weiszfeld to the end, traced when --trace asks. */
static int run_weiszfeld(const MeetArgs *a, MeetResult *r, Error *err)
{
    Trace trace;
    trace_init(&trace);
    StepStatus st;
    do {
        trace.step = weiszfeld_iterations(r->w) + 1;
        st = weiszfeld_step(r->w, a->trace ? &trace : NULL);
    } while (st == STEP_MORE);
    int rc = a->trace ? cli_write_trace_file(a->trace, &trace, err) : 0;
    trace_free(&trace);
    return rc;
}

static int solve(const MeetArgs *a, const double *pts, int n, int d, MeetResult *r, Error *err)
{
    r->point = calloc((size_t)d, sizeof *r->point);
    r->lo = calloc((size_t)d, sizeof *r->lo);
    r->hi = calloc((size_t)d, sizeof *r->hi);
    if (!r->point + !r->lo + !r->hi)
        return error_set(err, ERR_NOMEM, "out of memory");
    if (a->metric == MEET_MANHATTAN) {
        if (meet_manhattan(pts, n, d, r->point, r->lo, r->hi, err) < 0)
            return -1;
        r->cost = meet_total_distance(pts, n, d, r->point, MEET_MANHATTAN);
        r->converged = true;
        return 0;
    }
    r->w = weiszfeld_create(pts, n, d, &a->opt, err);
    if (!r->w || run_weiszfeld(a, r, err) < 0)
        return -1;
    memcpy(r->point, weiszfeld_point(r->w), (size_t)d * sizeof *r->point);
    r->cost = weiszfeld_cost(r->w);
    r->iterations = weiszfeld_iterations(r->w);
    r->converged = weiszfeld_converged(r->w);
    return 0;
}

static void result_free(MeetResult *r)
{
    free(r->point);
    free(r->lo);
    free(r->hi);
    weiszfeld_free(r->w);
}

static void append_point(StrBuf *out, const double *x, int d)
{
    sb_append(out, "(");
    for (int j = 0; j < d; j++)
        sb_printf(out, "%s%.10g", j ? ", " : "", x[j]);
    sb_append(out, ")");
}

static void print_json(const MeetArgs *a, int n, int d, const MeetResult *r, StrBuf *out)
{
    sb_append(out, "{\"metric\": ");
    sb_json_string(out, meet_metric_name(a->metric));
    sb_printf(out, ", \"points\": %d, \"dimensions\": %d, \"point\": ", n, d);
    sb_json_double_array(out, r->point, d);
    sb_append(out, ", \"total_distance\": ");
    sb_json_double(out, r->cost);
    sb_printf(out, ", \"iterations\": %d, \"converged\": %s", r->iterations,
              r->converged ? "true" : "false");
    if (a->metric == MEET_MANHATTAN) {
        sb_append(out, ", \"optimal_low\": ");
        sb_json_double_array(out, r->lo, d);
        sb_append(out, ", \"optimal_high\": ");
        sb_json_double_array(out, r->hi, d);
    } else {
        sb_append(out, ", \"cost_path\": [");
        for (int t = 0; t <= r->iterations; t++) {
            sb_append(out, t ? ", " : "");
            sb_json_double(out, weiszfeld_cost_at(r->w, t));
        }
        sb_append(out, "]");
    }
    sb_append(out, "}\n");
}

static void print_box(char **names, int d, const MeetResult *r, StrBuf *out)
{
    bool flat = false;
    for (int j = 0; j < d; j++)
        flat = flat || r->lo[j] < r->hi[j];
    if (!flat) {
        sb_append(out, "the optimum is unique\n");
        return;
    }
    sb_append(out, "every point with");
    for (int j = 0; j < d; j++)
        sb_printf(out, "%s %s in [%.10g, %.10g]", j ? "," : "", names[j], r->lo[j], r->hi[j]);
    sb_append(out, " is as good (an even count: any value between the two middle ones)\n");
}

static void print_text(const MeetArgs *a, char **names, int n, int d, const MeetResult *r,
                       StrBuf *out)
{
    sb_printf(out, "%d points in %d dimension%s, %s distance\n", n, d, d == 1 ? "" : "s",
              meet_metric_name(a->metric));
    sb_append(out, "meeting point ");
    append_point(out, r->point, d);
    sb_printf(out, ", total distance %.10g\n", r->cost);
    if (a->metric == MEET_MANHATTAN) {
        print_box(names, d, r, out);
        return;
    }
    sb_printf(out, "Weiszfeld: %d iteration%s from the centroid (cost %.10g), %s\n",
              r->iterations, r->iterations == 1 ? "" : "s", weiszfeld_cost_at(r->w, 0),
              r->converged ? "converged" : "stopped at --max-iter before the tolerance");
    for (int t = 0; a->path && t <= r->iterations; t++) {
        sb_printf(out, "  %4d  ", t);
        append_point(out, weiszfeld_path(r->w, t), d);
        sb_printf(out, "  cost %.12g\n", weiszfeld_cost_at(r->w, t));
    }
}

int cli_meet(int argc, char **argv)
{
    MeetArgs a = { .metric = MEET_EUCLIDEAN, .opt = MEET_OPTIONS_DEFAULT };
    int status = parse_options(argc, argv, &a);
    if (status >= 0)
        return status;
    Error err = { 0 };
    double *pts = NULL;
    char **names = NULL;
    int n = 0, d = 0;
    MeetResult r = { 0 };
    StrBuf out = STRBUF_INIT;
    int rc = load_points(a.points, &pts, &n, &d, &names, &err);
    if (rc == 0)
        rc = solve(&a, pts, n, d, &r, &err);
    if (rc == 0 && a.format == FORMAT_JSON)
        print_json(&a, n, d, &r, &out);
    else if (rc == 0)
        print_text(&a, names, n, d, &r, &out);
    if (rc == 0)
        rc = cli_write_stdout(&out, &err);
    status = rc < 0 ? cli_fail(&err) : 0;
    for (int j = 0; names && j < d; j++)
        free(names[j]);
    free(names);
    free(pts);
    result_free(&r);
    sb_free(&out);
    return status;
}
