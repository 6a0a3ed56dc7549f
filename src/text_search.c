/* text_search.c - reading a tf-idf matrix: documents ranked by cosine
 * similarity to a query (a search engine in a few lines), and the terms
 * that weigh most in a document or in a set of documents (a category).
 *
 * Rows are l2-normalised, so the cosine of two rows is their dot product;
 * the query is tf-idf'd with the same vocabulary and idf. */
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* Keep the k best hits in hits[0..*count) (score descending, then index
 * ascending), inserting one candidate. */
static void keep_best(TextHit *hits, int k, int *count, int index, double score)
{
    int n = *count;
    if (n == k && !(score > hits[n - 1].score))
        return; /* not better than the worst kept (ties keep the lower index) */
    int pos = n < k ? n : k - 1;
    while (pos > 0 && score > hits[pos - 1].score) {
        hits[pos] = hits[pos - 1];
        pos--;
    }
    hits[pos] = (TextHit){ index, score };
    if (n < k)
        (*count)++;
}

/* The k rows of docs with the largest positive dot product with the query
 * row q (n_terms columns). */
static int rank_rows(const TextCsr *q, const TextCsr *docs, int n_terms, int k, TextHit *hits,
                     int *count, Error *err)
{
    double *dense = calloc((size_t)(n_terms > 0 ? n_terms : 1), sizeof *dense);
    if (!dense)
        return error_set(err, ERR_NOMEM, "out of memory ranking documents");
    for (size_t p = 0; p < q->nnz; p++)
        dense[q->indices[p]] = q->values[p];
    for (int i = 0; i < docs->rows && k > 0; i++) {
        double s = 0.0;
        for (size_t p = docs->indptr[i]; p < docs->indptr[i + 1]; p++)
            s += docs->values[p] * dense[docs->indices[p]];
        if (s > 0.0)
            keep_best(hits, k, count, i, s);
    }
    free(dense);
    return 0;
}

int text_rank(const TfidfModel *m, const TextCsr *docs, const char *query, int k,
              TextHit *hits, int *count, Error *err)
{
    *count = 0;
    if (!query || !*query || strspn(query, " \t\r\n\f\v") == strlen(query))
        return error_set(err, ERR_USAGE, "the query is empty");
    TextCsr q;
    const char *one[1] = { query };
    if (tfidf_transform(m, one, 1, &q, err) < 0)
        return -1;
    if (q.nnz == 0) { /* no term in common with any document: nothing matches */
        text_csr_free(&q);
        return 0;
    }
    int rc = rank_rows(&q, docs, m->n_terms, k, hits, count, err);
    text_csr_free(&q);
    return rc;
}

int text_top_terms_row(const TextCsr *m, int row, int k, TextHit *hits)
{
    int count = 0;
    if (row < 0 || row >= m->rows || k <= 0)
        return 0;
    for (size_t p = m->indptr[row]; p < m->indptr[row + 1]; p++)
        keep_best(hits, k, &count, m->indices[p], m->values[p]);
    return count;
}

int text_top_terms_rows(const TextCsr *m, const int *rows, int n_rows, int k, TextHit *hits,
                        Error *err)
{
    if (n_rows <= 0 || k <= 0)
        return 0;
    double *sum = calloc((size_t)(m->cols > 0 ? m->cols : 1), sizeof *sum);
    if (!sum)
        return error_set(err, ERR_NOMEM, "out of memory for the top terms");
    for (int r = 0; r < n_rows; r++) {
        int i = rows[r];
        for (size_t p = m->indptr[i]; p < m->indptr[i + 1]; p++)
            sum[m->indices[p]] += m->values[p];
    }
    int count = 0;
    for (int j = 0; j < m->cols; j++)
        if (sum[j] > 0.0)
            keep_best(hits, k, &count, j, sum[j] / n_rows);
    free(sum);
    return count;
}
