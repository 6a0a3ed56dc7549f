/* cli_tfidf.c - `mllab tfidf`: tf-idf of a corpus, a search engine in one
 * screen.
 *
 *   mllab tfidf --corpus fortunes                    summary, top terms per category
 *   mllab tfidf --corpus FILE --format csv           document,term,value (non-zero)
 *   mllab tfidf --corpus fortunes --doc 12           a document's top terms
 *   mllab tfidf --corpus fortunes --category linux   a category's top terms
 *   mllab tfidf --corpus fortunes --query "unix kernel"   documents by cosine
 *   mllab tfidf --corpus fortunes --split            document,label,part of the
 *                                                    split mllab run would use
 *
 * The vectorizer is fitted on the whole corpus here (scikit-learn's
 * TfidfVectorizer().fit_transform(docs)); the arithmetic is src/text_*.c's. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "text_data.h"

typedef enum { MODE_SUMMARY, MODE_DOC, MODE_CATEGORY, MODE_QUERY, MODE_SPLIT } TfidfMode;

typedef struct TfidfArgs {
    const char *corpus, *text_column, *label_column, *category, *query;
    OutputFormat format;
    TfidfMode mode;
    int modes;            /* how many of --doc/--category/--query/--split */
    long max_features, top, doc;
    unsigned long long seed;
    double test_size;
} TfidfArgs;

typedef struct TfidfData {
    TextCorpus c;
    TfidfModel m;
    TextCsr x;
} TfidfData;

static void usage(FILE *f)
{
    fputs("usage: mllab tfidf --corpus fortunes|FILE [--format text|csv|json]\n"
          "                   [--max-features N] [--doc I | --category C | --query TEXT |\n"
          "                   --split] [--top K] [--text-column C] [--label-column L]\n"
          "\n"
          "tf-idf as scikit-learn's TfidfVectorizer() computes it: lower-cased tokens of\n"
          "two or more word characters, idf = ln((1 + n) / (1 + df)) + 1, rows scaled to\n"
          "length 1.  The vectorizer is fitted on the whole corpus.\n"
          "\n"
          "  --corpus C          fortunes (Debian's package, 13 categories), a CSV file\n"
          "                      with a header (columns text and label), or a text file\n"
          "                      with one document per line\n"
          "  --format F          text (default), csv or json; csv without --doc,\n"
          "                      --category or --query writes every non-zero entry as\n"
          "                      document,term,value (documents from 0 in file order)\n"
          "  --max-features N    keep the N most frequent terms (default: all)\n"
          "  --doc I             the top terms of document I (0-based)\n"
          "  --category C        the top terms of a category (mean tf-idf of its documents)\n"
          "  --query TEXT        documents ranked by cosine similarity to TEXT\n"
          "  --split             document,label,part: the stratified split `mllab run\n"
          "                      --dataset` makes (with --seed N, 42, and --test-size F, 0.2)\n"
          "  --top K             how many terms or documents to show (10)\n"
          "  --text-column C     the CSV column holding the documents (text)\n"
          "  --label-column L    the CSV column holding the labels (label)\n"
          "  -h, --help          this help\n",
          f);
}

/* ---------------------------------------------------------------- options */

enum {
    OPT_CORPUS = 1000, OPT_FORMAT, OPT_MAX_FEATURES, OPT_DOC, OPT_CATEGORY, OPT_QUERY,
    OPT_SPLIT, OPT_TOP, OPT_TEXT_COLUMN, OPT_LABEL_COLUMN, OPT_SEED, OPT_TEST_SIZE
};

static const struct option tfidf_options[] = {
    { "corpus", required_argument, NULL, OPT_CORPUS },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "max-features", required_argument, NULL, OPT_MAX_FEATURES },
    { "doc", required_argument, NULL, OPT_DOC },
    { "category", required_argument, NULL, OPT_CATEGORY },
    { "query", required_argument, NULL, OPT_QUERY },
    { "split", no_argument, NULL, OPT_SPLIT },
    { "top", required_argument, NULL, OPT_TOP },
    { "text-column", required_argument, NULL, OPT_TEXT_COLUMN },
    { "label-column", required_argument, NULL, OPT_LABEL_COLUMN },
    { "seed", required_argument, NULL, OPT_SEED },
    { "test-size", required_argument, NULL, OPT_TEST_SIZE },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
};

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int set_mode(TfidfArgs *a, TfidfMode mode)
{
    a->mode = mode;
    a->modes++;
    return 0;
}

static int parse_format(const char *s, OutputFormat *f)
{
    if (strcmp(s, "text") == 0)
        *f = FORMAT_TEXT;
    else if (strcmp(s, "csv") == 0)
        *f = FORMAT_CSV;
    else if (strcmp(s, "json") == 0)
        *f = FORMAT_JSON;
    else
        return -1;
    return 0;
}

static int parse_test_size(TfidfArgs *a, const char *arg)
{
    char *end;
    a->test_size = strtod(arg, &end);
    if (end == arg || *end || !(a->test_size > 0 && a->test_size < 1))
        return cli_usage_error("tfidf: --test-size '%s' must be a number in (0, 1)", arg);
    return 0;
}

static int parse_numbers_opt(TfidfArgs *a, int c, const char *arg)
{
    char *end;
    switch (c) {
    case OPT_MAX_FEATURES:
        if (parse_long(arg, 0, 10000000, &a->max_features) < 0)
            return cli_usage_error("tfidf: --max-features '%s' must be a non-negative integer",
                                   arg);
        return 0;
    case OPT_DOC:
        if (parse_long(arg, 0, 2000000000, &a->doc) < 0)
            return cli_usage_error("tfidf: --doc '%s' must be a document number (from 0)", arg);
        return set_mode(a, MODE_DOC);
    case OPT_TOP:
        if (parse_long(arg, 1, 100000, &a->top) < 0)
            return cli_usage_error("tfidf: --top '%s' must be an integer in [1, 100000]", arg);
        return 0;
    case OPT_SEED:
        errno = 0;
        a->seed = strtoull(arg, &end, 10);
        if (end == arg || *end || errno || *arg == '-')
            return cli_usage_error("tfidf: --seed '%s' is not a non-negative integer", arg);
        return 0;
    default:
        return parse_test_size(a, arg);
    }
}

/* One option; 0, or the exit status of a usage error. */
static int take_option(TfidfArgs *a, int c, const char *arg, char **argv)
{
    switch (c) {
    case OPT_CORPUS: a->corpus = arg; return 0;
    case OPT_FORMAT:
        if (parse_format(arg, &a->format) < 0)
            return cli_usage_error("tfidf: --format '%s': use text, csv or json", arg);
        return 0;
    case OPT_CATEGORY: a->category = arg; return set_mode(a, MODE_CATEGORY);
    case OPT_QUERY: a->query = arg; return set_mode(a, MODE_QUERY);
    case OPT_SPLIT: return set_mode(a, MODE_SPLIT);
    case OPT_TEXT_COLUMN: a->text_column = arg; return 0;
    case OPT_LABEL_COLUMN: a->label_column = arg; return 0;
    case OPT_MAX_FEATURES: case OPT_DOC: case OPT_TOP: case OPT_SEED: case OPT_TEST_SIZE:
        return parse_numbers_opt(a, c, arg);
    case ':': return cli_usage_error("tfidf: option '%s' needs a value", argv[optind - 1]);
    default:
        return cli_usage_error("tfidf: unknown option '%s' (see mllab tfidf --help)",
                               argv[optind - 1]);
    }
}

/* -1: help printed (exit 0); 0: go on; > 0: exit status. */
static int parse_args(int argc, char **argv, TfidfArgs *a)
{
    memset(a, 0, sizeof *a);
    a->top = 10;
    a->seed = 42;
    a->test_size = 0.2;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", tfidf_options, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return -1;
        }
        int rc = take_option(a, c, optarg, argv);
        if (rc)
            return rc;
    }
    if (optind < argc)
        return cli_usage_error("tfidf: unexpected argument '%s' (see mllab tfidf --help)",
                               argv[optind]);
    if (!a->corpus) {
        usage(stderr);
        return 2;
    }
    if (a->modes > 1)
        return cli_usage_error("tfidf: give one of --doc, --category, --query and --split");
    return 0;
}

/* ---------------------------------------------------------------- helpers */

/* Up to max code points of a document on one line, as UTF-8: Latin-1
 * documents are converted, control characters (tabs, newlines, the
 * backspaces of overstruck text) become spaces, runs of spaces one. */
static void snippet(StrBuf *sb, const char *doc, int max)
{
    bool utf8 = text_is_utf8(doc), space = true;
    int chars = 0;
    for (const unsigned char *p = (const unsigned char *)doc; *p && chars < max; p++) {
        bool cont = utf8 && (*p & 0xC0) == 0x80;
        if (*p < 0x20 || *p == 0x7F || *p == ' ') {
            if (!space)
                sb_append(sb, " "), chars++;
            space = true;
            continue;
        }
        space = false;
        chars += !cont;
        if (utf8 || *p < 0x80) {
            sb_append_n(sb, (const char *)p, 1);
        } else {
            char two[2] = { (char)(0xC0 | (*p >> 6)), (char)(0x80 | (*p & 0x3F)) };
            sb_append_n(sb, two, 2);
        }
    }
    if (chars >= max)
        sb_append(sb, "...");
}

static const char *label_of(const TextCorpus *c, int doc)
{
    return c->label ? c->class_names[c->label[doc]] : "";
}

/* hits as a table (text), term,value rows (csv) or a JSON array. */
static void write_terms(StrBuf *sb, const TfidfData *d, const TextHit *hits, int n,
                        OutputFormat f)
{
    if (f == FORMAT_JSON) {
        sb_append(sb, "[");
        for (int i = 0; i < n; i++) {
            sb_append(sb, i ? ", {\"term\": " : "{\"term\": ");
            sb_json_string(sb, d->m.terms[hits[i].index]);
            sb_printf(sb, ", \"value\": %.9g}", hits[i].score);
        }
        sb_append(sb, "]");
        return;
    }
    Table t;
    if (table_init(&t, 2, NULL) < 0)
        return;
    table_header(&t, 0, "term", ALIGN_LEFT);
    table_header(&t, 1, "tf-idf", ALIGN_RIGHT);
    for (int i = 0; i < n; i++) {
        int r = table_add_row(&t);
        table_set(&t, r, 0, "%s", d->m.terms[hits[i].index]);
        table_set(&t, r, 1, f == FORMAT_CSV ? "%.9g" : "%.4f", hits[i].score);
    }
    if (f == FORMAT_CSV)
        table_render_csv(&t, sb);
    else
        table_render(&t, cli_table_style(), sb);
    table_free(&t);
}

static TextHit *alloc_hits(long k, Error *err)
{
    TextHit *h = malloc((size_t)k * sizeof *h);
    if (!h)
        error_set(err, ERR_NOMEM, "out of memory");
    return h;
}

/* ---------------------------------------------------------------- modes */

/* Every non-zero entry: document,term,value. */
static void out_matrix_csv(StrBuf *sb, const TfidfData *d)
{
    sb_append(sb, "document,term,value\n");
    for (int i = 0; i < d->x.rows; i++)
        for (size_t p = d->x.indptr[i]; p < d->x.indptr[i + 1]; p++) {
            sb_printf(sb, "%d,", i);
            csv_field(sb, d->m.terms[d->x.indices[p]]);
            sb_printf(sb, ",%.9g\n", d->x.values[p]);
        }
}

static int out_doc(StrBuf *sb, const TfidfArgs *a, const TfidfData *d, Error *err)
{
    if (a->doc >= d->c.n_docs)
        return error_set(err, ERR_USAGE, "--doc %ld: %s has %d documents (0 to %d)", a->doc,
                         d->c.name, d->c.n_docs, d->c.n_docs - 1);
    TextHit *hits = alloc_hits(a->top, err);
    if (!hits)
        return -1;
    int i = (int)a->doc, n = text_top_terms_row(&d->x, i, (int)a->top, hits);
    if (a->format == FORMAT_JSON) {
        sb_append(sb, "{\"corpus\": ");
        sb_json_string(sb, d->c.name);
        sb_printf(sb, ", \"document\": %d, \"label\": ", i);
        sb_json_string(sb, label_of(&d->c, i));
        sb_append(sb, ", \"terms\": ");
        write_terms(sb, d, hits, n, a->format);
        sb_append(sb, "}\n");
    } else {
        if (a->format == FORMAT_TEXT) {
            sb_printf(sb, "document %d of %s%s%s: ", i, d->c.name, d->c.label ? ", " : "",
                      label_of(&d->c, i));
            snippet(sb, d->c.docs[i], 200);
            sb_append(sb, n ? "\n\n" : "\n\n(no terms)\n");
        }
        write_terms(sb, d, hits, n, a->format);
    }
    free(hits);
    return 0;
}

/* The documents of category k, into rows (n_docs long); returns how many. */
static int category_rows(const TextCorpus *c, int k, int *rows)
{
    int n = 0;
    for (int i = 0; i < c->n_docs; i++)
        if (c->label[i] == k)
            rows[n++] = i;
    return n;
}

static int find_category(const TfidfArgs *a, const TextCorpus *c, Error *err)
{
    if (!c->label)
        return error_set(err, ERR_USAGE, "--category: %s has no labels", c->name);
    for (int k = 0; k < c->n_classes; k++)
        if (strcmp(c->class_names[k], a->category) == 0)
            return k;
    StrBuf names = STRBUF_INIT;
    for (int k = 0; k < c->n_classes; k++)
        sb_printf(&names, "%s%s", k ? ", " : "", c->class_names[k]);
    error_set(err, ERR_USAGE, "--category '%s': %s has %s", a->category, c->name,
              sb_str(&names));
    sb_free(&names);
    return -1;
}

static int out_category(StrBuf *sb, const TfidfArgs *a, const TfidfData *d, Error *err)
{
    int k = find_category(a, &d->c, err);
    if (k < 0)
        return -1;
    int *rows = malloc((size_t)d->c.n_docs * sizeof *rows);
    TextHit *hits = rows ? alloc_hits(a->top, err) : NULL;
    int n_rows = rows ? category_rows(&d->c, k, rows) : 0, n = -1;
    if (hits)
        n = text_top_terms_rows(&d->x, rows, n_rows, (int)a->top, hits, err);
    if (n >= 0 && a->format == FORMAT_JSON) {
        sb_append(sb, "{\"corpus\": ");
        sb_json_string(sb, d->c.name);
        sb_append(sb, ", \"category\": ");
        sb_json_string(sb, a->category);
        sb_printf(sb, ", \"documents\": %d, \"terms\": ", n_rows);
        write_terms(sb, d, hits, n, a->format);
        sb_append(sb, "}\n");
    } else if (n >= 0) {
        if (a->format == FORMAT_TEXT)
            sb_printf(sb, "category %s of %s: %d documents; terms by mean tf-idf\n\n",
                      a->category, d->c.name, n_rows);
        write_terms(sb, d, hits, n, a->format);
    }
    if (!rows)
        error_set(err, ERR_NOMEM, "out of memory");
    free(rows);
    free(hits);
    return n >= 0 ? 0 : -1;
}

static void query_hits(StrBuf *sb, const TfidfData *d, const TextHit *hits, int n,
                       OutputFormat f)
{
    Table t;
    if (table_init(&t, 5, NULL) < 0)
        return;
    const char *head[5] = { "rank", "document", "cosine", "label", "text" };
    for (int j = 0; j < 5; j++)
        table_header(&t, j, head[j], j == 1 || j == 2 ? ALIGN_RIGHT : ALIGN_LEFT);
    for (int i = 0; i < n; i++) {
        int r = table_add_row(&t), doc = hits[i].index;
        StrBuf s = STRBUF_INIT;
        snippet(&s, d->c.docs[doc], f == FORMAT_CSV ? 1000 : 60);
        table_set(&t, r, 0, "%d", i + 1);
        table_set(&t, r, 1, "%d", doc);
        table_set(&t, r, 2, f == FORMAT_CSV ? "%.9g" : "%.4f", hits[i].score);
        table_set(&t, r, 3, "%s", label_of(&d->c, doc));
        table_set(&t, r, 4, "%s", sb_str(&s));
        sb_free(&s);
    }
    if (f == FORMAT_CSV)
        table_render_csv(&t, sb);
    else
        table_render(&t, cli_table_style(), sb);
    table_free(&t);
}

static void query_json(StrBuf *sb, const TfidfArgs *a, const TfidfData *d, const TextHit *hits,
                       int n)
{
    sb_append(sb, "{\"corpus\": ");
    sb_json_string(sb, d->c.name);
    sb_append(sb, ", \"query\": ");
    sb_json_string(sb, a->query);
    sb_append(sb, ", \"hits\": [");
    for (int i = 0; i < n; i++) {
        StrBuf s = STRBUF_INIT;
        snippet(&s, d->c.docs[hits[i].index], 1000);
        sb_printf(sb, "%s{\"document\": %d, \"cosine\": %.9g, \"label\": ", i ? ", " : "",
                  hits[i].index, hits[i].score);
        sb_json_string(sb, label_of(&d->c, hits[i].index));
        sb_append(sb, ", \"text\": ");
        sb_json_string(sb, sb_str(&s));
        sb_append(sb, "}");
        sb_free(&s);
    }
    sb_append(sb, "]}\n");
}

static int out_query(StrBuf *sb, const TfidfArgs *a, const TfidfData *d, Error *err)
{
    TextHit *hits = alloc_hits(a->top, err);
    int n = 0;
    if (!hits || text_rank(&d->m, &d->x, a->query, (int)a->top, hits, &n, err) < 0) {
        free(hits);
        return -1;
    }
    if (a->format == FORMAT_JSON) {
        query_json(sb, a, d, hits, n);
    } else if (a->format == FORMAT_CSV || n > 0) {
        if (a->format == FORMAT_TEXT)
            sb_printf(sb, "%s: the %d document%s closest to \"%s\" (cosine of tf-idf rows)\n\n",
                      d->c.name, n, n == 1 ? "" : "s", a->query);
        query_hits(sb, d, hits, n, a->format);
    } else {
        sb_printf(sb, "%s: no document shares a term with \"%s\"\n", d->c.name, a->query);
    }
    free(hits);
    return 0;
}

static int out_split(StrBuf *sb, const TfidfArgs *a, const TfidfData *d, Error *err)
{
    if (!d->c.label)
        return error_set(err, ERR_USAGE, "--split: %s has no labels to stratify by", d->c.name);
    Split s;
    if (text_dataset_split(&d->c, a->test_size, a->seed, &s, err) < 0)
        return -1;
    char *part = calloc((size_t)d->c.n_docs, 1);
    if (!part) {
        split_free(&s);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    for (int i = 0; i < s.n_test; i++)
        part[s.test[i]] = 1;
    sb_append(sb, "document,label,part\n");
    for (int i = 0; i < d->c.n_docs; i++) {
        sb_printf(sb, "%d,", i);
        csv_field(sb, label_of(&d->c, i));
        sb_append(sb, part[i] ? ",test\n" : ",train\n");
    }
    free(part);
    split_free(&s);
    return 0;
}

/* The top terms of class k (all documents when k < 0) as "a, b, c" or a
 * JSON array. */
static int top_line(StrBuf *sb, const TfidfData *d, int k, int top, bool json, Error *err)
{
    int *rows = malloc((size_t)d->c.n_docs * sizeof *rows);
    TextHit *hits = malloc((size_t)top * sizeof *hits);
    int n_rows = 0, n = -1;
    if (rows && hits) {
        n_rows = k >= 0 ? category_rows(&d->c, k, rows) : d->c.n_docs;
        for (int i = 0; k < 0 && i < n_rows; i++)
            rows[i] = i;
        n = text_top_terms_rows(&d->x, rows, n_rows, top, hits, err);
    } else {
        error_set(err, ERR_NOMEM, "out of memory");
    }
    sb_append(sb, json ? "[" : "");
    for (int i = 0; i < n; i++) {
        sb_append(sb, i ? ", " : "");
        if (json)
            sb_json_string(sb, d->m.terms[hits[i].index]);
        else
            sb_append(sb, d->m.terms[hits[i].index]);
    }
    sb_append(sb, json ? "]" : "");
    free(rows);
    free(hits);
    return n < 0 ? -1 : n_rows;
}

static int out_summary_json(StrBuf *sb, const TfidfData *d, int top, Error *err)
{
    sb_append(sb, "{\"corpus\": ");
    sb_json_string(sb, d->c.name);
    sb_printf(sb, ", \"documents\": %d, \"terms\": %d, \"vocabulary\": %ld, \"nonzero\": %zu, "
                  "\"dense_bytes\": %zu, \"classes\": [",
              d->c.n_docs, d->m.n_terms, d->m.vocabulary_size, d->x.nnz,
              text_dense_bytes(d->x.rows, d->x.cols));
    for (int k = 0; d->c.label && k < d->c.n_classes; k++) {
        StrBuf terms = STRBUF_INIT;
        int n = top_line(&terms, d, k, top, true, err);
        sb_append(sb, k ? ", {\"name\": " : "{\"name\": ");
        sb_json_string(sb, d->c.class_names[k]);
        sb_printf(sb, ", \"documents\": %d, \"top_terms\": %s}", n, sb_str(&terms));
        sb_free(&terms);
        if (n < 0)
            return -1;
    }
    sb_append(sb, "]}\n");
    return 0;
}

static int out_summary_text(StrBuf *sb, const TfidfData *d, int top, Error *err)
{
    const TextCorpus *c = &d->c;
    sb_printf(sb, "%s: %d documents", c->name, c->n_docs);
    if (c->label)
        sb_printf(sb, " in %d classes", c->n_classes);
    sb_printf(sb, "\n  vocabulary  %d terms", d->m.n_terms);
    if (d->m.n_terms < d->m.vocabulary_size)
        sb_printf(sb, " (the most frequent of %ld; --max-features)", d->m.vocabulary_size);
    double dense = (double)text_dense_bytes(d->x.rows, d->x.cols);
    sb_printf(sb, "\n  matrix      %d x %d, %zu non-zero (%.2f%%); dense float32: %.1f MB\n",
              d->x.rows, d->x.cols, d->x.nnz, 100.0 * (double)d->x.nnz / (dense / 4.0 + 1e-300),
              dense / 1048576.0);
    sb_append(sb, c->label ? "\nTop terms by category (mean tf-idf):\n"
                           : "\nTop terms of the corpus (mean tf-idf):\n  ");
    for (int k = 0; c->label && k < c->n_classes; k++) {
        sb_printf(sb, "  %-14s ", c->class_names[k]);
        if (top_line(sb, d, k, top, false, err) < 0)
            return -1;
        sb_append(sb, "\n");
    }
    if (!c->label && top_line(sb, d, -1, top, false, err) < 0)
        return -1;
    if (!c->label)
        sb_append(sb, "\n");
    sb_append(sb, "\n--doc I, --category C or --query TEXT for more; --format csv for the "
                  "matrix.\n");
    return 0;
}

static int load_data(const TfidfArgs *a, TfidfData *d, Error *err)
{
    memset(d, 0, sizeof *d);
    if (text_corpus_load(&d->c, a->corpus, a->text_column, a->label_column, err) < 0)
        return -1;
    if (a->mode == MODE_SPLIT) /* labels only */
        return 0;
    if (tfidf_fit(&d->m, (const char *const *)d->c.docs, d->c.n_docs, (int)a->max_features,
                  err) < 0)
        return -1;
    return tfidf_transform(&d->m, (const char *const *)d->c.docs, d->c.n_docs, &d->x, err);
}

static int produce(StrBuf *sb, const TfidfArgs *a, const TfidfData *d, Error *err)
{
    switch (a->mode) {
    case MODE_DOC: return out_doc(sb, a, d, err);
    case MODE_CATEGORY: return out_category(sb, a, d, err);
    case MODE_QUERY: return out_query(sb, a, d, err);
    case MODE_SPLIT: return out_split(sb, a, d, err);
    default: break;
    }
    if (a->format == FORMAT_CSV) {
        out_matrix_csv(sb, d);
        return 0;
    }
    int top = a->top < 8 ? (int)a->top : 8;
    return a->format == FORMAT_JSON ? out_summary_json(sb, d, top, err)
                                    : out_summary_text(sb, d, top, err);
}

int cli_tfidf(int argc, char **argv)
{
    TfidfArgs a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? 0 : rc;
    Error err = { 0 };
    TfidfData d;
    StrBuf out = STRBUF_INIT;
    rc = load_data(&a, &d, &err);
    if (rc == 0)
        rc = produce(&out, &a, &d, &err);
    if (rc == 0 && out.failed)
        rc = error_set(&err, ERR_NOMEM, "out of memory writing the output");
    if (rc == 0)
        rc = cli_write_stdout(&out, &err);
    sb_free(&out);
    text_csr_free(&d.x);
    tfidf_free(&d.m);
    text_corpus_free(&d.c);
    return rc < 0 ? cli_fail(&err) : 0;
}
