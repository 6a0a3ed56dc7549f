/* graph.c - the edge-list reader, compressed adjacency and triangle
 * closing of graph.h.
 *
 * Reading: each line is split on commas (a field may be quoted, with ""
 * for a quote inside; spaces around fields are trimmed; blank lines are
 * skipped).  Names are interned in a hash table as they come, the rows kept
 * as pairs of ids; at the end the nodes are renumbered in name order, every
 * pair is put as (smaller, larger), the pairs are sorted, and repeats and
 * self-loops are counted and dropped before the CSR arrays are filled. */
#include "graph.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 64

typedef struct EdgeRow {
    int a, b;
    long line;
} EdgeRow;

typedef struct Parser {
    const char *label;
    Error *err;
    char **names;     /* in first-seen order */
    int n_names, cap_names;
    int *table;       /* open addressing: name ids, -1 empty */
    size_t table_size;
    EdgeRow *rows;
    int n_rows, cap_rows;
    int col_source, col_target, n_cols;
    bool have_header;
} Parser;

/* ---- splitting a line ------------------------------------------------------ */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* A quoted field from s[*i] (the opening quote), unescaped to s[*w..];
 * false when it is not closed or text follows the closing quote. */
static bool read_quoted(char *s, size_t n, size_t *i, size_t *w)
{
    (*i)++;
    for (;;) {
        if (*i >= n)
            return false;
        if (s[*i] == '"') {
            if (*i + 1 < n && s[*i + 1] == '"') {
                s[(*w)++] = '"';
                *i += 2;
                continue;
            }
            (*i)++;
            break;
        }
        s[(*w)++] = s[(*i)++];
    }
    while (*i < n && is_blank(s[*i]))
        (*i)++;
    return *i >= n || s[*i] == ',';
}

/* A plain field up to the next comma, trailing blanks trimmed; false when a
 * quote appears inside it. */
static bool read_plain(char *s, size_t n, size_t *i, size_t *w)
{
    size_t start = *w;
    while (*i < n && s[*i] != ',') {
        if (s[*i] == '"')
            return false;
        s[(*w)++] = s[(*i)++];
    }
    while (*w > start && is_blank(s[*w - 1]))
        (*w)--;
    return true;
}

/* Split s[0..n) (writable, with room for s[n]) in place into fields;
 * returns the count, or -1 with *bad = the 1-based column of a bad quote. */
static int split_line(char *s, size_t n, char **field, int *bad)
{
    int count = 0;
    size_t i = 0;
    for (;;) {
        while (i < n && is_blank(s[i]))
            i++;
        size_t w = i;
        char *start = s + w;
        bool ok = i < n && s[i] == '"' ? read_quoted(s, n, &i, &w) : read_plain(s, n, &i, &w);
        if (!ok) {
            *bad = count + 1;
            return -1;
        }
        bool more = i < n;
        s[w] = '\0';
        if (count < MAX_FIELDS)
            field[count] = start;
        count++;
        if (!more)
            return count;
        i++;
    }
}

/* ---- interning names --------------------------------------------------------- */

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int grow_table(Parser *p)
{
    size_t size = p->table_size ? p->table_size * 2 : 64;
    int *t = malloc(size * sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < size; i++)
        t[i] = -1;
    for (int id = 0; id < p->n_names; id++) {
        size_t h = hash_name(p->names[id]) & (size - 1);
        while (t[h] >= 0)
            h = (h + 1) & (size - 1);
        t[h] = id;
    }
    free(p->table);
    p->table = t;
    p->table_size = size;
    return 0;
}

static int add_name(Parser *p, const char *name)
{
    if (p->n_names == p->cap_names) {
        int cap = p->cap_names ? p->cap_names * 2 : 64;
        char **nn = realloc(p->names, (size_t)cap * sizeof *nn);
        if (!nn)
            return -1;
        p->names = nn;
        p->cap_names = cap;
    }
    char *copy = strdup(name);
    if (!copy)
        return -1;
    p->names[p->n_names] = copy;
    return p->n_names++;
}

/* The id of name, added when new; -1 when memory runs out. */
static int intern(Parser *p, const char *name)
{
    if ((size_t)(p->n_names + 1) * 2 > p->table_size && grow_table(p) < 0)
        return -1;
    size_t mask = p->table_size - 1, h = hash_name(name) & mask;
    for (; p->table[h] >= 0; h = (h + 1) & mask)
        if (strcmp(p->names[p->table[h]], name) == 0)
            return p->table[h];
    int id = add_name(p, name);
    if (id >= 0)
        p->table[h] = id;
    return id;
}

/* ---- rows ------------------------------------------------------------------- */

static int header_row(Parser *p, char **field, int count, long line)
{
    p->col_source = p->col_target = -1;
    for (int c = 0; c < count && c < MAX_FIELDS; c++) {
        if (strcmp(field[c], "source") == 0 && p->col_source < 0)
            p->col_source = c;
        else if (strcmp(field[c], "target") == 0 && p->col_target < 0)
            p->col_target = c;
    }
    if (p->col_source < 0 || p->col_target < 0)
        return error_set(p->err, ERR_DATA,
                         "%s:%ld: the header needs columns named 'source' and 'target' (an "
                         "edge list: one row per edge)",
                         p->label, line);
    p->n_cols = count;
    p->have_header = true;
    return 0;
}

static int push_row(Parser *p, int a, int b, long line)
{
    if (p->n_rows == p->cap_rows) {
        int cap = p->cap_rows ? p->cap_rows * 2 : 256;
        EdgeRow *r = cap > 0 ? realloc(p->rows, (size_t)cap * sizeof *r) : NULL;
        if (!r)
            return error_set(p->err, ERR_NOMEM, "%s: out of memory", p->label);
        p->rows = r;
        p->cap_rows = cap;
    }
    p->rows[p->n_rows++] = (EdgeRow){ a, b, line };
    return 0;
}

static int edge_row(Parser *p, char **field, int count, long line)
{
    int need = (p->col_source > p->col_target ? p->col_source : p->col_target) + 1;
    if (count < need)
        return error_set(p->err, ERR_DATA, "%s:%ld: %d field%s, but the header has %d columns",
                         p->label, line, count, count == 1 ? "" : "s", p->n_cols);
    const int cols[2] = { p->col_source, p->col_target };
    int id[2];
    for (int e = 0; e < 2; e++) {
        if (field[cols[e]][0] == '\0')
            return error_set(p->err, ERR_DATA, "%s:%ld:%d: empty node name in column '%s'",
                             p->label, line, cols[e] + 1, e ? "target" : "source");
        id[e] = intern(p, field[cols[e]]);
        if (id[e] < 0)
            return error_set(p->err, ERR_NOMEM, "%s: out of memory", p->label);
    }
    return push_row(p, id[0], id[1], line);
}

/* One line (without its line break) into buf, split, then header or edge. */
static int parse_line(Parser *p, const char *text, size_t n, long line, char *buf)
{
    memcpy(buf, text, n);
    buf[n] = '\0';
    if (memchr(buf, '\0', n))
        return error_set(p->err, ERR_DATA, "%s:%ld: binary data (a NUL byte); not a CSV file",
                         p->label, line);
    size_t k = 0;
    while (k < n && (is_blank(buf[k]) || buf[k] == '\r'))
        k++;
    if (k == n)
        return 0; /* blank line */
    char *field[MAX_FIELDS];
    int bad = 0;
    int count = split_line(buf, n, field, &bad);
    if (count < 0)
        return error_set(p->err, ERR_DATA,
                         "%s:%ld:%d: misplaced quote (quote the whole field, double inner quotes)",
                         p->label, line, bad);
    return p->have_header ? edge_row(p, field, count, line) : header_row(p, field, count, line);
}

static int parse_lines(Parser *p, const char *data, size_t len)
{
    char *buf = malloc(len + 1);
    if (!buf)
        return error_set(p->err, ERR_NOMEM, "%s: out of memory", p->label);
    size_t pos = 0;
    long line = 0;
    int rc = 0;
    while (pos < len && rc == 0) {
        size_t end = pos;
        while (end < len && data[end] != '\n')
            end++;
        size_t n = end - pos;
        if (n > 0 && data[end - 1] == '\r')
            n--;
        rc = parse_line(p, data + pos, n, ++line, buf);
        pos = end + 1;
    }
    free(buf);
    return rc;
}

/* ---- building the graph --------------------------------------------------------- */

/* An integer name ("-3", "17"), as a long; false otherwise. */
static bool integer_name(const char *s, long *v)
{
    char *end;
    errno = 0;
    *v = strtol(s, &end, 10);
    return end != s && *end == '\0' && errno == 0 && !is_blank(*s);
}

/* A node's sort key: its number when every name is an integer (else 0),
 * then its name. */
typedef struct NameKey {
    long number;
    const char *name;
    int id;
} NameKey;

static int cmp_names(const void *a, const void *b)
{
    const NameKey *x = a, *y = b;
    if (x->number != y->number)
        return x->number < y->number ? -1 : 1;
    return strcmp(x->name, y->name);
}

static int cmp_rows(const void *a, const void *b)
{
    const EdgeRow *x = a, *y = b;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    if (x->b != y->b)
        return x->b < y->b ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* The sort keys of the names; returns whether every name is an integer
 * (else the numbers are all 0 and the names sort as text). */
static bool name_keys(const Parser *p, NameKey *key)
{
    bool numeric = true;
    for (int i = 0; i < p->n_names; i++) {
        key[i] = (NameKey){ 0, p->names[i], i };
        numeric = numeric && integer_name(p->names[i], &key[i].number);
    }
    for (int i = 0; !numeric && i < p->n_names; i++)
        key[i].number = 0;
    return numeric;
}

/* Renumber the nodes in name order: names move into g, rows are remapped
 * and oriented (smaller id first). */
static int order_nodes(Parser *p, Graph *g)
{
    int n = p->n_names;
    NameKey *key = malloc((size_t)n * sizeof *key);
    int *rank = malloc((size_t)n * sizeof *rank);
    g->names = malloc((size_t)n * sizeof *g->names);
    if (!key + !rank + !g->names) {
        free(key);
        free(rank);
        return error_set(p->err, ERR_NOMEM, "%s: out of memory", p->label);
    }
    g->numeric_names = name_keys(p, key);
    qsort(key, (size_t)n, sizeof *key, cmp_names);
    for (int i = 0; i < n; i++) {
        rank[key[i].id] = i;
        g->names[i] = p->names[key[i].id];
    }
    g->n = n;
    p->n_names = 0; /* the names belong to g now */
    for (int r = 0; r < p->n_rows; r++) {
        int a = rank[p->rows[r].a], b = rank[p->rows[r].b];
        p->rows[r].a = a < b ? a : b;
        p->rows[r].b = a < b ? b : a;
    }
    free(key);
    free(rank);
    return 0;
}

/* Count self-loops and repeats (noting the first of each), keep the rest
 * at the front of p->rows; returns the number kept. */
static int drop_loops_and_repeats(Parser *p, Graph *g)
{
    qsort(p->rows, (size_t)p->n_rows, sizeof *p->rows, cmp_rows);
    int kept = 0;
    for (int r = 0; r < p->n_rows; r++) {
        EdgeRow e = p->rows[r];
        if (e.a == e.b) {
            if (g->n_self_loops++ == 0 || e.line < g->self_loop_line)
                g->self_loop_line = e.line;
            continue;
        }
        if (kept > 0 && p->rows[kept - 1].a == e.a && p->rows[kept - 1].b == e.b) {
            if (g->n_duplicates++ == 0 || e.line < g->duplicate_line) {
                g->duplicate_line = e.line;
                g->duplicate_first_line = p->rows[kept - 1].line;
            }
            continue;
        }
        p->rows[kept++] = e;
    }
    return kept;
}

static int build_csr(Parser *p, Graph *g, int m)
{
    g->offset = calloc((size_t)g->n + 1, sizeof *g->offset);
    g->adj = malloc((size_t)(2 * m > 0 ? 2 * m : 1) * sizeof *g->adj);
    int *fill = calloc((size_t)g->n + 1, sizeof *fill);
    if (!g->offset || !g->adj || !fill) {
        free(fill);
        return error_set(p->err, ERR_NOMEM, "%s: out of memory", p->label);
    }
    for (int r = 0; r < m; r++) {
        g->offset[p->rows[r].a + 1]++;
        g->offset[p->rows[r].b + 1]++;
    }
    for (int u = 0; u < g->n; u++)
        g->offset[u + 1] += g->offset[u];
    /* Rows sorted by (a, b): each node receives its smaller neighbours (as
     * b) before its larger ones (as a), each in ascending order. */
    for (int r = 0; r < m; r++) {
        int a = p->rows[r].a, b = p->rows[r].b;
        g->adj[g->offset[a] + fill[a]++] = b;
        g->adj[g->offset[b] + fill[b]++] = a;
    }
    free(fill);
    g->n_edges = m;
    return 0;
}

static void parser_free(Parser *p)
{
    for (int i = 0; i < p->n_names; i++)
        free(p->names[i]);
    free(p->names);
    free(p->table);
    free(p->rows);
}

static int check_parsed(const Parser *p)
{
    if (!p->have_header)
        return error_set(p->err, ERR_DATA, "%s: empty file (expected a header 'source,target')",
                         p->label);
    if (p->n_rows == 0)
        return error_set(p->err, ERR_DATA, "%s: only a header, no edges", p->label);
    if (p->n_names > INT_MAX / 2)
        return error_set(p->err, ERR_DATA, "%s: too many nodes", p->label);
    return 0;
}

int graph_parse_csv(Graph *g, const char *data, size_t len, const char *label, Error *err)
{
    memset(g, 0, sizeof *g);
    Parser p = { .label = label ? label : "(edges)", .err = err };
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        data += 3, len -= 3;
    int rc = parse_lines(&p, data, len);
    if (rc == 0)
        rc = check_parsed(&p);
    if (rc == 0)
        rc = order_nodes(&p, g);
    if (rc == 0) {
        g->n_rows = p.n_rows;
        rc = build_csr(&p, g, drop_loops_and_repeats(&p, g));
    }
    parser_free(&p);
    if (rc < 0)
        graph_free(g);
    return rc;
}

int graph_load_csv(Graph *g, const char *path, Error *err)
{
    memset(g, 0, sizeof *g);
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
    size_t cap = 65536, len = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    int bad_read = ferror(f);
    fclose(f);
    if (!buf)
        return error_set(err, ERR_NOMEM, "%s: out of memory reading the file", path);
    int rc = bad_read ? error_set(err, ERR_IO, "%s: read error (a directory?)", path)
                      : graph_parse_csv(g, buf, len, path, err);
    free(buf);
    return rc;
}

void graph_free(Graph *g)
{
    if (g->names)
        for (int i = 0; i < g->n; i++)
            free(g->names[i]);
    free(g->names);
    free(g->offset);
    free(g->adj);
    memset(g, 0, sizeof *g);
}

/* ---- queries ---------------------------------------------------------------------- */

int graph_node(const Graph *g, const char *name, Error *err)
{
    for (int u = 0; u < g->n; u++)
        if (strcmp(g->names[u], name) == 0)
            return u;
    if (g->n > 0 && g->numeric_names)
        return error_set(err, ERR_USAGE, "unknown node '%s' (the graph's %d nodes are named %s .. %s)",
                         name, g->n, g->names[0], g->names[g->n - 1]);
    return error_set(err, ERR_USAGE, "unknown node '%s' (the graph has %d nodes, e.g. '%s')",
                     name, g->n, g->n > 0 ? g->names[0] : "");
}

bool graph_adjacent(const Graph *g, int u, int v)
{
    const int *nb = graph_neighbours(g, u);
    int lo = 0, hi = graph_degree(g, u);
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (nb[mid] == v)
            return true;
        if (nb[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* ---- triangle closing ------------------------------------------------------------- */

int graph_score_parse(const char *name, GraphScore *out)
{
    if (strcmp(name, "common") == 0)
        *out = GRAPH_SCORE_COMMON;
    else if (strcmp(name, "adamic_adar") == 0)
        *out = GRAPH_SCORE_ADAMIC_ADAR;
    else
        return -1;
    return 0;
}

const char *graph_score_name(GraphScore s)
{
    return s == GRAPH_SCORE_COMMON ? "common" : "adamic_adar";
}

static int cmp_by_common(const void *a, const void *b)
{
    const GraphCandidate *x = a, *y = b;
    if (x->n_common != y->n_common)
        return x->n_common > y->n_common ? -1 : 1;
    return (x->node > y->node) - (x->node < y->node);
}

static int cmp_by_adamic_adar(const void *a, const void *b)
{
    const GraphCandidate *x = a, *y = b;
    double big = fmax(fabs(x->adamic_adar), fabs(y->adamic_adar));
    if (fabs(x->adamic_adar - y->adamic_adar) > 1e-12 * big)
        return x->adamic_adar > y->adamic_adar ? -1 : 1;
    return (x->node > y->node) - (x->node < y->node);
}

/* The common neighbours of u and v (a merge of two sorted lists) into c. */
static int fill_common(const Graph *g, int u, GraphCandidate *c)
{
    const int *a = graph_neighbours(g, u), *b = graph_neighbours(g, c->node);
    int na = graph_degree(g, u), nb = graph_degree(g, c->node), i = 0, j = 0, k = 0;
    c->common = malloc((size_t)c->n_common * sizeof *c->common);
    if (!c->common)
        return -1;
    c->adamic_adar = 0.0;
    while (i < na && j < nb) {
        if (a[i] < b[j]) {
            i++;
        } else if (a[i] > b[j]) {
            j++;
        } else {
            c->common[k++] = a[i];
            /* a common neighbour has u and v as neighbours: degree >= 2 */
            c->adamic_adar += 1.0 / log((double)graph_degree(g, a[i]));
            i++, j++;
        }
    }
    return 0;
}

/* count[v] = the paths u - w - v of length two to non-neighbours v. */
static int count_two_step(const Graph *g, int u, int *count)
{
    int found = 0;
    const int *nu = graph_neighbours(g, u);
    for (int i = 0; i < graph_degree(g, u); i++) {
        const int *nw = graph_neighbours(g, nu[i]);
        for (int j = 0; j < graph_degree(g, nu[i]); j++) {
            int v = nw[j];
            if (v != u && count[v] >= 0 && count[v]++ == 0)
                found++;
        }
    }
    return found;
}

/* The candidates (count > 0, u left out) in node order, with evidence. */
static int collect(const Graph *g, int u, const int *count, GraphRecommendation *out)
{
    for (int v = 0; v < g->n; v++) {
        if (v == u || count[v] <= 0)
            continue;
        GraphCandidate *c = &out->cand[out->n++];
        c->node = v;
        c->n_common = count[v];
        if (fill_common(g, u, c) < 0)
            return -1;
    }
    return 0;
}

int graph_recommend(const Graph *g, int u, GraphScore score, GraphRecommendation *out,
                    Error *err)
{
    memset(out, 0, sizeof *out);
    if (u < 0 || u >= g->n)
        return error_set(err, ERR_USAGE, "node %d is out of range (the graph has %d)", u, g->n);
    int *count = calloc((size_t)g->n, sizeof *count);
    if (!count)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < graph_degree(g, u); i++)
        count[graph_neighbours(g, u)[i]] = -1; /* already friends */
    int found = count_two_step(g, u, count);
    out->node = u;
    out->score = score;
    out->cand = calloc((size_t)(found > 0 ? found : 1), sizeof *out->cand);
    int rc = out->cand ? collect(g, u, count, out) : -1;
    free(count);
    if (rc < 0) {
        graph_recommendation_free(out);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    qsort(out->cand, (size_t)out->n, sizeof *out->cand,
          score == GRAPH_SCORE_COMMON ? cmp_by_common : cmp_by_adamic_adar);
    return 0;
}

void graph_recommendation_free(GraphRecommendation *r)
{
    for (int i = 0; r->cand && i < r->n; i++)
        free(r->cand[i].common);
    free(r->cand);
    memset(r, 0, sizeof *r);
}
