/* graph.h - an undirected graph from an edge list, and triangle closing
 * ("people you may know").
 *
 * The graph is read from a CSV with a header naming a `source` and a
 * `target` column (other columns are ignored); node names are any text
 * ("0", "alice").  Nodes are numbered in name order (numerically when every
 * name is an integer, else by byte order), so node ids do not depend on the
 * order of the rows.  Self-loops are dropped and repeated edges (in either
 * direction) kept once; both are counted so a front end can report them.
 * Adjacency is compressed (CSR): the neighbours of each node, sorted.
 *
 * Triangle closing recommends to u the nodes two steps away that are not
 * yet its neighbours, scored by their common neighbours |N(u) ∩ N(v)| or by
 * Adamic-Adar Σ_{w ∈ N(u) ∩ N(v)} 1/ln|N(w)| (a common friend with few
 * friends says more), each with its evidence, the list of common
 * neighbours.  Nothing here prints. */
#ifndef MLLAB_GRAPH_H
#define MLLAB_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct Graph {
    int n;              /* nodes */
    char **names;       /* n names, in node order */
    bool numeric_names; /* every name is an integer (ordered numerically) */
    int *offset;        /* n + 1: the neighbours of u are adj[offset[u] .. offset[u+1]) */
    int *adj;           /* sorted ascending for each node */
    int n_edges;        /* distinct undirected edges, self-loops left out */
    int n_rows;         /* edge rows read */
    int n_duplicates;   /* rows that repeat an edge already read */
    int n_self_loops;   /* rows u,u (dropped) */
    long duplicate_line, duplicate_first_line; /* the first repeat and the row it repeats */
    long self_loop_line;                       /* the first self-loop row (0: none) */
} Graph;

/* Read an edge list.  ERR_IO when the file cannot be read; ERR_DATA,
 * located as FILE:LINE:COLUMN, for a missing source/target header, an
 * empty name, a short row or a file without edges. */
int graph_load_csv(Graph *g, const char *path, Error *err);
/* The same from memory; label names it in messages. */
int graph_parse_csv(Graph *g, const char *data, size_t len, const char *label, Error *err);
void graph_free(Graph *g);

/* The node called name, or -1 with ERR_USAGE ("unknown node ..."). */
int graph_node(const Graph *g, const char *name, Error *err);
static inline int graph_degree(const Graph *g, int u) { return g->offset[u + 1] - g->offset[u]; }
static inline const int *graph_neighbours(const Graph *g, int u) { return g->adj + g->offset[u]; }
/* Whether u and v are neighbours (binary search). */
bool graph_adjacent(const Graph *g, int u, int v);

typedef enum { GRAPH_SCORE_COMMON, GRAPH_SCORE_ADAMIC_ADAR } GraphScore;

/* "common" / "adamic_adar" -> score; -1 when unknown. */
int graph_score_parse(const char *name, GraphScore *out);
const char *graph_score_name(GraphScore s);

typedef struct GraphCandidate {
    int node;
    int n_common;       /* |N(u) ∩ N(v)| */
    int *common;        /* the common neighbours, ascending */
    double adamic_adar; /* Σ 1/ln|N(w)| over them */
} GraphCandidate;

typedef struct GraphRecommendation {
    int node;               /* u */
    GraphScore score;       /* the ranking */
    int n;                  /* candidates */
    GraphCandidate *cand;   /* ranked: best first, ties by node id */
} GraphRecommendation;

/* Every friend of a friend of u that is not u's friend, ranked by score
 * (higher first; equal scores, within 1e-12 relative for Adamic-Adar, by
 * node id).  ERR_USAGE for a node out of range.  Release with
 * graph_recommendation_free. */
int graph_recommend(const Graph *g, int u, GraphScore score, GraphRecommendation *out,
                    Error *err);
void graph_recommendation_free(GraphRecommendation *r);

/* ---- drawing (graph_layout.c) ------------------------------------------ */
/* A force-directed layout (Fruchterman-Reingold) from positions drawn with
 * seed: xy[2u], xy[2u+1] = node u's position, scaled into [0, 1]².  The
 * same seed and iterations give the same layout.  O(n²) per iteration.
 * n < 1 or iterations < 0 is ERR_USAGE. */
int graph_layout(const Graph *g, uint64_t seed, int iterations, double *xy, Error *err);

#endif
