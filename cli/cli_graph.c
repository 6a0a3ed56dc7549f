/* cli_graph.c - `mllab graph recommend`: triangle closing ("people you may
 * know") on an edge list: the friends of a node's friends who are not yet
 * its friends, ranked by common friends or Adamic-Adar, each with its
 * evidence.  The graph code is algorithms/graph.c's; this file finds the
 * file, runs and prints. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_interview.h"
#include "graph.h"
#include "paths.h"

/* The edge lists bundled in datasets/ (NAME.csv). */
static const char *const bundled_graphs[] = { "karate_club", NULL };

static void usage(FILE *f)
{
    fputs("usage: mllab graph recommend --dataset karate_club|FILE.csv --node N [OPTIONS]\n"
          "\n"
          "Triangle closing: recommend to node N the friends of its friends who are not\n"
          "yet its friends, best first, with the common friends as evidence.\n"
          "\n"
          "  --dataset D        a bundled graph (karate_club) or an edge-list CSV with a\n"
          "                     header naming 'source' and 'target' columns\n"
          "  --node N           the node, by name\n"
          "  --top K            show the best K candidates (10; 0 = all)\n"
          "  --score S          common (default): the number of common friends;\n"
          "                     adamic_adar: each common friend w counts 1/ln(degree w)\n"
          "                     (ties by node id either way)\n"
          "  --format F         text (default) or json\n"
          "  -h, --help         this help\n",
          f);
}

typedef struct GraphArgs {
    const char *dataset, *node;
    long long top;
    GraphScore score;
    OutputFormat format;
} GraphArgs;

enum { OPT_DATASET = 256, OPT_NODE, OPT_TOP, OPT_SCORE, OPT_FORMAT };

static const struct option graph_options[] = {
    { "dataset", required_argument, NULL, OPT_DATASET },
    { "node", required_argument, NULL, OPT_NODE },
    { "top", required_argument, NULL, OPT_TOP },
    { "score", required_argument, NULL, OPT_SCORE },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

static int value_option(GraphArgs *a, int c, const char *v)
{
    switch (c) {
    case OPT_DATASET: a->dataset = v; return 0;
    case OPT_NODE: a->node = v; return 0;
    case OPT_TOP:
        return cli_value_long(v, 0, 1000000000, &a->top) < 0
                   ? cli_usage_error("graph: --top '%s' must be an integer >= 0", v)
                   : 0;
    case OPT_SCORE:
        return graph_score_parse(v, &a->score) < 0
                   ? cli_usage_error("graph: --score '%s': use common or adamic_adar", v)
                   : 0;
    default:
        return cli_value_format(v, &a->format) < 0
                   ? cli_usage_error("graph: --format '%s': use text or json", v)
                   : 0;
    }
}

/* What must be there once the options are read; -1 when all is well. */
static int check_args(const GraphArgs *a, int argc, char **argv)
{
    if (optind >= argc) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[optind], "recommend") != 0)
        return cli_usage_error("graph: unknown action '%s' (use: mllab graph recommend ...)",
                               argv[optind]);
    if (optind + 1 < argc)
        return cli_usage_error("graph: unexpected argument '%s'", argv[optind + 1]);
    if (!a->dataset || !a->node)
        return cli_usage_error("graph recommend: needs --dataset and --node (see mllab graph "
                               "--help)");
    return -1;
}

/* Returns -1 to go on, else the exit status (0 after --help). */
static int parse_options(int argc, char **argv, GraphArgs *a)
{
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", graph_options, NULL)) != -1) {
        int rc;
        if (c == 'h') {
            usage(stdout);
            return 0;
        } else if (c == ':' || c == '?') {
            return cli_option_error("graph", c, argv, optind);
        } else if ((rc = value_option(a, c, optarg)) != 0) {
            return rc;
        }
    }
    return check_args(a, argc, argv);
}

/* A bundled name becomes datasets/NAME.csv; a path is used as it is. */
static int load_graph(const char *dataset, Graph *g, Error *err)
{
    for (const char *const *b = bundled_graphs; *b; b++) {
        if (strcmp(*b, dataset) != 0)
            continue;
        char file[128], path[4096];
        snprintf(file, sizeof file, "%s.csv", dataset);
        if (!path_join(path, sizeof path, path_data_dir(), file))
            return error_set(err, ERR_IO, "%s: the data folder path is too long", dataset);
        return graph_load_csv(g, path, err);
    }
    if (!strchr(dataset, '/') && !strstr(dataset, ".csv") && access(dataset, F_OK) != 0)
        return error_set(err, ERR_USAGE,
                         "graph: unknown graph '%s' (bundled: karate_club; or an edge-list "
                         "FILE.csv)",
                         dataset);
    return graph_load_csv(g, dataset, err);
}

static void names_json(const Graph *g, const int *nodes, int n, StrBuf *out)
{
    sb_append(out, "[");
    for (int i = 0; i < n; i++) {
        sb_append(out, i ? ", " : "");
        sb_json_string(out, g->names[nodes[i]]);
    }
    sb_append(out, "]");
}

static double score_of(const GraphCandidate *c, GraphScore s)
{
    return s == GRAPH_SCORE_COMMON ? c->n_common : c->adamic_adar;
}

static void print_json(const GraphArgs *a, const Graph *g, const GraphRecommendation *r,
                       int shown, StrBuf *out)
{
    sb_append(out, "{\"graph\": ");
    sb_json_string(out, a->dataset);
    sb_printf(out, ", \"nodes\": %d, \"edges\": %d, \"repeated_edges\": %d, \"self_loops\": %d",
              g->n, g->n_edges, g->n_duplicates, g->n_self_loops);
    sb_append(out, ", \"node\": ");
    sb_json_string(out, g->names[r->node]);
    sb_printf(out, ", \"degree\": %d, \"score\": ", graph_degree(g, r->node));
    sb_json_string(out, graph_score_name(a->score));
    sb_printf(out, ", \"total_candidates\": %d, \"candidates\": [", r->n);
    for (int i = 0; i < shown; i++) {
        const GraphCandidate *c = &r->cand[i];
        sb_append(out, i ? ", {\"node\": " : "{\"node\": ");
        sb_json_string(out, g->names[c->node]);
        sb_append(out, ", \"score\": ");
        sb_json_double(out, score_of(c, a->score));
        sb_printf(out, ", \"common_friends\": %d, \"adamic_adar\": ", c->n_common);
        sb_json_double(out, c->adamic_adar);
        sb_append(out, ", \"common\": ");
        names_json(g, c->common, c->n_common, out);
        sb_append(out, "}");
    }
    sb_append(out, "]}\n");
}

/* "3 common friends: 8, 13, 19" */
static void evidence(const Graph *g, const GraphCandidate *c, StrBuf *sb)
{
    sb_printf(sb, "%d common friend%s: ", c->n_common, c->n_common == 1 ? "" : "s");
    for (int i = 0; i < c->n_common; i++)
        sb_printf(sb, "%s%s", i ? ", " : "", g->names[c->common[i]]);
}

static void candidates_table(const Graph *g, const GraphRecommendation *r, int shown,
                             StrBuf *out)
{
    Table t;
    if (table_init(&t, 5, NULL) < 0)
        return;
    const char *head[] = { "rank", "node", "common", "adamic-adar", "evidence" };
    for (int j = 0; j < 5; j++)
        table_header(&t, j, head[j], j == 4 || j == 1 ? ALIGN_LEFT : ALIGN_RIGHT);
    StrBuf ev = STRBUF_INIT;
    for (int i = 0; i < shown; i++) {
        const GraphCandidate *c = &r->cand[i];
        int row = table_add_row(&t);
        sb_reset(&ev);
        evidence(g, c, &ev);
        table_set(&t, row, 0, "%d", i + 1);
        table_set(&t, row, 1, "%s", g->names[c->node]);
        table_set(&t, row, 2, "%d", c->n_common);
        table_set(&t, row, 3, "%.4f", c->adamic_adar);
        table_set(&t, row, 4, "%s", sb_str(&ev));
    }
    sb_free(&ev);
    table_render(&t, cli_table_style(), out);
    table_free(&t);
}

static void print_text(const GraphArgs *a, const Graph *g, const GraphRecommendation *r,
                       int shown, StrBuf *out)
{
    sb_printf(out, "%s: %d nodes, %d edges\n", a->dataset, g->n, g->n_edges);
    if (g->n_duplicates)
        sb_printf(out, "note: %d repeated edge%s ignored (the first: line %ld repeats line %ld)\n",
                  g->n_duplicates, g->n_duplicates == 1 ? "" : "s", g->duplicate_line,
                  g->duplicate_first_line);
    if (g->n_self_loops)
        sb_printf(out, "note: %d self-loop%s dropped (the first on line %ld)\n",
                  g->n_self_loops, g->n_self_loops == 1 ? "" : "s", g->self_loop_line);
    int deg = graph_degree(g, r->node);
    sb_printf(out, "node %s: %d friend%s, %d candidate%s (friends of friends who are not "
                   "friends yet), ranked by %s\n",
              g->names[r->node], deg, deg == 1 ? "" : "s", r->n, r->n == 1 ? "" : "s",
              a->score == GRAPH_SCORE_COMMON ? "common friends" : "Adamic-Adar");
    if (shown > 0)
        candidates_table(g, r, shown, out);
    if (shown < r->n)
        sb_printf(out, "(%d more; --top 0 shows all)\n", r->n - shown);
}

int cli_graph(int argc, char **argv)
{
    GraphArgs a = { .top = 10, .score = GRAPH_SCORE_COMMON };
    int status = parse_options(argc, argv, &a);
    if (status >= 0)
        return status;
    Error err = { 0 };
    Graph g = { 0 };
    GraphRecommendation r = { 0 };
    StrBuf out = STRBUF_INIT;
    int rc = load_graph(a.dataset, &g, &err);
    int u = rc == 0 ? graph_node(&g, a.node, &err) : -1;
    rc = u < 0 ? -1 : graph_recommend(&g, u, a.score, &r, &err);
    if (rc == 0) {
        int shown = a.top == 0 || a.top > r.n ? r.n : (int)a.top;
        if (a.format == FORMAT_JSON)
            print_json(&a, &g, &r, shown, &out);
        else
            print_text(&a, &g, &r, shown, &out);
        rc = cli_write_stdout(&out, &err);
    }
    status = rc < 0 ? cli_fail(&err) : 0;
    graph_recommendation_free(&r);
    graph_free(&g);
    sb_free(&out);
    return status;
}
