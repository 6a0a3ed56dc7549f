/* text_tfidf.c - the tf-idf vectorizer (scikit-learn's TfidfVectorizer with
 * its defaults; see text.h): fitting a vocabulary and idf, turning
 * documents into l2-normalised sparse rows, and a dense copy for
 * classifiers within a memory limit.
 *
 * Fitting counts every token in a hash table (term -> total count, document
 * frequency), sorts the terms, keeps the max_features most frequent, and
 * computes idf = ln((1 + n) / (1 + df)) + 1.  Transforming looks each token
 * up in the sorted vocabulary (binary search), so the fitted model is just
 * the sorted terms and their idf. */
#include "text.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- counting */

typedef struct TermCount {
    char *term;
    long count;     /* occurrences in the corpus */
    int df;         /* documents holding it */
    int last_doc;   /* the last document counted in df */
} TermCount;

typedef struct TermTable {
    TermCount *slots; /* open addressing, linear probing; term NULL = empty */
    size_t cap, used;
} TermTable;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void table_free(TermTable *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->slots[i].term);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static int table_grow(TermTable *t, Error *err)
{
    size_t cap = t->cap ? 2 * t->cap : 1024;
    TermCount *s = calloc(cap, sizeof *s);
    if (!s)
        return error_set(err, ERR_NOMEM, "out of memory for the vocabulary");
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slots[i].term)
            continue;
        size_t j = hash_str(t->slots[i].term) & (cap - 1);
        while (s[j].term)
            j = (j + 1) & (cap - 1);
        s[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = s;
    t->cap = cap;
    return 0;
}

/* Count one occurrence of term in document doc. */
static int table_add(TermTable *t, const char *term, int doc, Error *err)
{
    if (2 * (t->used + 1) > t->cap && table_grow(t, err) < 0)
        return -1;
    size_t j = hash_str(term) & (t->cap - 1);
    while (t->slots[j].term && strcmp(t->slots[j].term, term) != 0)
        j = (j + 1) & (t->cap - 1);
    TermCount *e = &t->slots[j];
    if (!e->term) {
        if (!(e->term = strdup(term)))
            return error_set(err, ERR_NOMEM, "out of memory for the vocabulary");
        e->last_doc = -1;
        t->used++;
    }
    e->count++;
    if (e->last_doc != doc) {
        e->df++;
        e->last_doc = doc;
    }
    return 0;
}

static int count_terms(TermTable *t, const char *const *docs, int n, Error *err)
{
    TextTokens tok = { 0 };
    int rc = 0;
    for (int d = 0; d < n && rc == 0; d++) {
        rc = text_tokenize(docs[d], &tok, err);
        for (int i = 0; i < tok.n && rc == 0; i++)
            rc = table_add(t, text_token(&tok, i), d, err);
    }
    text_tokens_free(&tok);
    return rc;
}

/* ---------------------------------------------------------------- fitting */

static int by_term(const void *a, const void *b)
{
    return strcmp(((const TermCount *)a)->term, ((const TermCount *)b)->term);
}

/* Most frequent first; equal counts keep the alphabetical order (the
 * array is sorted by term before, and positions break ties). */
typedef struct Ranked {
    long count;
    int pos;
} Ranked;

static int by_count_desc(const void *a, const void *b)
{
    const Ranked *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Mark the max_features most frequent of the sorted terms (keep[i] = 1). */
static int choose_terms(const TermCount *terms, int n, int max_features, char *keep,
                        Error *err)
{
    if (max_features <= 0 || max_features >= n) {
        memset(keep, 1, (size_t)n);
        return 0;
    }
    Ranked *r = malloc((size_t)n * sizeof *r);
    if (!r)
        return error_set(err, ERR_NOMEM, "out of memory choosing terms");
    for (int i = 0; i < n; i++)
        r[i] = (Ranked){ terms[i].count, i };
    qsort(r, (size_t)n, sizeof *r, by_count_desc);
    memset(keep, 0, (size_t)n);
    for (int i = 0; i < max_features; i++)
        keep[r[i].pos] = 1;
    free(r);
    return 0;
}

/* Move the kept entries of the sorted table into m with their idf. */
static int build_model(TfidfModel *m, TermCount *terms, int n, const char *keep, int n_docs,
                       Error *err)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += keep[i];
    m->terms = calloc((size_t)k, sizeof *m->terms);
    m->idf = malloc((size_t)k * sizeof *m->idf);
    if (!m->terms || !m->idf)
        return error_set(err, ERR_NOMEM, "out of memory for the vocabulary");
    for (int i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        m->terms[m->n_terms] = terms[i].term;
        terms[i].term = NULL;
        m->idf[m->n_terms++] = log((1.0 + n_docs) / (1.0 + terms[i].df)) + 1.0;
    }
    return 0;
}

/* Keep the max_features most frequent of the sorted terms and build m. */
static int select_terms(TfidfModel *m, TermCount *terms, int nt, int max_features, int n_docs,
                        Error *err)
{
    char *keep = malloc((size_t)nt);
    if (!keep)
        return error_set(err, ERR_NOMEM, "out of memory for the vocabulary");
    int rc = choose_terms(terms, nt, max_features, keep, err);
    if (rc == 0)
        rc = build_model(m, terms, nt, keep, n_docs, err);
    free(keep);
    return rc;
}

/* The table's entries packed into a sorted array (the table keeps no terms). */
static TermCount *sorted_terms(TermTable *t, Error *err)
{
    TermCount *a = malloc((t->used ? t->used : 1) * sizeof *a);
    if (!a) {
        error_set(err, ERR_NOMEM, "out of memory for the vocabulary");
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].term) {
            a[k++] = t->slots[i];
            t->slots[i].term = NULL;
        }
    qsort(a, k, sizeof *a, by_term);
    return a;
}

int tfidf_fit(TfidfModel *m, const char *const *docs, int n, int max_features, Error *err)
{
    memset(m, 0, sizeof *m);
    if (n <= 0)
        return error_set(err, ERR_DATA, "the corpus is empty: no documents to fit tf-idf on");
    TermTable t = { 0 };
    if (count_terms(&t, docs, n, err) < 0) {
        table_free(&t);
        return -1;
    }
    int nt = (int)t.used;
    if (nt == 0) {
        table_free(&t);
        return error_set(err, ERR_DATA,
                         "empty vocabulary: no document (of %d) has a word of two or more "
                         "letters or digits",
                         n);
    }
    TermCount *terms = sorted_terms(&t, err);
    table_free(&t);
    int rc = terms ? select_terms(m, terms, nt, max_features, n, err) : -1;
    for (int i = 0; terms && i < nt; i++)
        free(terms[i].term);
    free(terms);
    m->n_docs = n;
    m->vocabulary_size = nt;
    if (rc < 0)
        tfidf_free(m);
    return rc;
}

void tfidf_free(TfidfModel *m)
{
    if (!m)
        return;
    for (int i = 0; m->terms && i < m->n_terms; i++)
        free(m->terms[i]);
    free(m->terms);
    free(m->idf);
    memset(m, 0, sizeof *m);
}

int tfidf_term_index(const TfidfModel *m, const char *term)
{
    int lo = 0, hi = m->n_terms - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(m->terms[mid], term);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* ---------------------------------------------------------------- transform */

void text_csr_free(TextCsr *m)
{
    if (!m)
        return;
    free(m->indptr);
    free(m->indices);
    free(m->values);
    memset(m, 0, sizeof *m);
}

static int csr_reserve(TextCsr *m, size_t *cap, size_t need, Error *err)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    int *ix = realloc(m->indices, c * sizeof *ix);
    if (ix)
        m->indices = ix;
    double *v = ix ? realloc(m->values, c * sizeof *v) : NULL;
    if (!v)
        return error_set(err, ERR_NOMEM, "out of memory for the tf-idf matrix");
    m->values = v;
    *cap = c;
    return 0;
}

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Append one document's row: its known terms' columns, sorted, merged into
 * (column, count * idf), then l2-normalised. */
static int append_row(const TfidfModel *m, const TextTokens *tok, int *cols, TextCsr *out,
                      size_t *cap, Error *err)
{
    int k = 0;
    for (int i = 0; i < tok->n; i++) {
        int j = tfidf_term_index(m, text_token(tok, i));
        if (j >= 0)
            cols[k++] = j;
    }
    if (k > 1) /* a document without tokens has no cols array (NULL) to sort */
        qsort(cols, (size_t)k, sizeof *cols, by_int);
    if (csr_reserve(out, cap, out->nnz + (size_t)k, err) < 0)
        return -1;
    size_t start = out->nnz;
    for (int i = 0; i < k; i++) {
        if (out->nnz > start && out->indices[out->nnz - 1] == cols[i]) {
            out->values[out->nnz - 1] += 1.0;
            continue;
        }
        out->indices[out->nnz] = cols[i];
        out->values[out->nnz++] = 1.0;
    }
    double norm = 0.0;
    for (size_t p = start; p < out->nnz; p++) {
        out->values[p] *= m->idf[out->indices[p]];
        norm += out->values[p] * out->values[p];
    }
    norm = sqrt(norm);
    for (size_t p = start; p < out->nnz && norm > 0.0; p++)
        out->values[p] /= norm;
    return 0;
}

int tfidf_transform(const TfidfModel *m, const char *const *docs, int n, TextCsr *out,
                    Error *err)
{
    memset(out, 0, sizeof *out);
    out->rows = n;
    out->cols = m->n_terms;
    out->indptr = calloc((size_t)n + 1, sizeof *out->indptr);
    if (!out->indptr)
        return error_set(err, ERR_NOMEM, "out of memory for the tf-idf matrix");
    TextTokens tok = { 0 };
    int *cols = NULL, cols_cap = 0, rc = 0;
    size_t cap = 0;
    for (int d = 0; d < n && rc == 0; d++) {
        rc = text_tokenize(docs[d], &tok, err);
        if (rc == 0 && tok.n > cols_cap) {
            int *c = realloc(cols, (size_t)tok.n * sizeof *c);
            rc = c ? 0 : error_set(err, ERR_NOMEM, "out of memory for the tf-idf matrix");
            cols = c ? c : cols;
            cols_cap = c ? tok.n : cols_cap;
        }
        if (rc == 0)
            rc = append_row(m, &tok, cols, out, &cap, err);
        out->indptr[d + 1] = out->nnz;
    }
    free(cols);
    text_tokens_free(&tok);
    if (rc < 0)
        text_csr_free(out);
    return rc;
}

/* ---------------------------------------------------------------- dense */

size_t text_dense_bytes(int rows, int cols)
{
    return (size_t)(rows > 0 ? rows : 0) * (size_t)(cols > 0 ? cols : 0) * sizeof(float);
}

size_t text_dense_limit(void)
{
    const char *s = getenv("MLLAB_TEXT_DENSE_MB");
    char *end;
    long mb = s && *s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || *end || mb <= 0)
        mb = TEXT_DENSE_LIMIT_MB;
    return (size_t)mb << 20;
}

int text_csr_to_dense(const TextCsr *m, size_t limit, Mat *out, Error *err)
{
    size_t bytes = text_dense_bytes(m->rows, m->cols);
    if (bytes > limit)
        return error_set(err, ERR_DATA,
                         "the dense tf-idf matrix would take %zu MB (%d documents x %d terms x 4 "
                         "bytes), above the limit of %zu MB; lower max_features "
                         "(--max-features N) or raise $MLLAB_TEXT_DENSE_MB",
                         (bytes + (1u << 20) - 1) >> 20, m->rows, m->cols, limit >> 20);
    if (mat_alloc(out, m->rows, m->cols, err) < 0)
        return -1;
    for (int i = 0; i < m->rows; i++) {
        float *row = mat_row(out, i);
        for (size_t p = m->indptr[i]; p < m->indptr[i + 1]; p++)
            row[m->indices[p]] = (float)m->values[p];
    }
    return 0;
}
