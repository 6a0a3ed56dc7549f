/* text.h - documents as numbers: tokens, tf-idf, search, text corpora.
 *
 * Tokenising follows scikit-learn's TfidfVectorizer defaults, so that the
 * same corpus gives the same vocabulary and the same values (to 1e-6):
 *   - a document is decoded as UTF-8 when it is valid UTF-8, else as
 *     Latin-1 (each byte is the code point of the same number);
 *   - it is lower-cased (str.lower(): A-Z and the Latin-1 capitals
 *     U+00C0-U+00DE except U+00D7; above U+00FF the C library's towlower in
 *     the C.UTF-8 locale);
 *   - tokens are the maximal runs of two or more word characters, the
 *     pattern (?u)\b\w\w+\b: a word character is '_' or what Python's
 *     str.isalnum() accepts.  Up to U+00FF that is decided by a table equal to
 *     Python's (ASCII letters and digits, ª ² ³ µ ¹ º ¼ ½ ¾ and the Latin-1
 *     letters U+00C0-U+00FF except × and ÷); above U+00FF by iswalnum in
 *     C.UTF-8 (glibc's Unicode tables, which can differ from Python's on rare
 *     characters such as combining marks).  Invalid UTF-8 never gets here: such
 *     a document is read as Latin-1.
 *   - tokens are kept as UTF-8 strings, so byte order is code point order
 *     and the vocabulary sorts like Python's sorted().
 * No stop words, no accent stripping, no n-grams (the defaults).
 *
 * tf-idf (smooth_idf=True, sublinear_tf=False, norm='l2'):
 *   tf(t, d)  = count of t in d
 *   idf(t)    = ln((1 + n) / (1 + df(t))) + 1     n documents fitted on
 *   row       = tf * idf, divided by its l2 norm (an empty row stays 0)
 * max_features keeps the terms with the largest total count over the
 * fitted corpus; ties go to the term that sorts first (scikit-learn's stable
 * argsort over the sorted vocabulary); the kept terms stay sorted.
 *
 * The matrix is sparse (CSR, column indices sorted in each row, values in
 * double).  Classifiers take dense float32 features: text_csr_to_dense
 * refuses when rows x cols x 4 bytes exceeds a limit.  Library code: errors
 * come back through Error, nothing prints. */
#ifndef MLLAB_TEXT_H
#define MLLAB_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "mat.h"

/* ---- tokens (text_tokens.c) ------------------------------------------------ */
typedef struct TextTokens {
    char *buf;    /* the tokens, each NUL-terminated UTF-8 */
    size_t len, cap;
    int *off;     /* n offsets into buf */
    int n, cap_n;
} TextTokens;

/* Replace out's tokens with those of text (NUL-terminated bytes). */
int text_tokenize(const char *text, TextTokens *out, Error *err);
static inline const char *text_token(const TextTokens *t, int i) { return t->buf + t->off[i]; }
void text_tokens_free(TextTokens *t);
/* Is the NUL-terminated string valid UTF-8? */
bool text_is_utf8(const char *s);

/* ---- tf-idf (text_tfidf.c) --------------------------------------------------- */
typedef struct TextCsr {
    int rows, cols;
    size_t nnz;
    size_t *indptr;  /* rows + 1 */
    int *indices;    /* nnz column indices, increasing within a row */
    double *values;  /* nnz */
} TextCsr;

void text_csr_free(TextCsr *m);

typedef struct TfidfModel {
    int n_terms;
    char **terms;    /* n_terms, sorted (strcmp) */
    double *idf;     /* n_terms */
    int n_docs;      /* documents it was fitted on */
    long vocabulary_size; /* distinct terms before max_features */
} TfidfModel;

/* Learn the vocabulary and idf from docs (n of them); max_features <= 0
 * keeps every term.  An empty vocabulary (no document has a token) is
 * ERR_DATA, like scikit-learn's "empty vocabulary". */
int tfidf_fit(TfidfModel *m, const char *const *docs, int n, int max_features, Error *err);
/* tf-idf rows of docs over m's vocabulary (unknown terms are ignored). */
int tfidf_transform(const TfidfModel *m, const char *const *docs, int n, TextCsr *out,
                    Error *err);
void tfidf_free(TfidfModel *m);
/* Column of a term, or -1. */
int tfidf_term_index(const TfidfModel *m, const char *term);

/* Bytes a dense float32 copy of a rows x cols matrix takes. */
size_t text_dense_bytes(int rows, int cols);
/* The limit text_csr_to_dense uses unless $MLLAB_TEXT_DENSE_MB says otherwise. */
#define TEXT_DENSE_LIMIT_MB 1024
size_t text_dense_limit(void);
/* out = m as a dense rows x cols float32 matrix; ERR_DATA naming max_features
 * when it would take more than limit bytes. */
int text_csr_to_dense(const TextCsr *m, size_t limit, Mat *out, Error *err);

/* ---- search and top terms (text_search.c) ----------------------------------- */
typedef struct TextHit {
    int index;       /* document (row) or term (column) */
    double score;
} TextHit;

/* Documents ranked by cosine similarity to query (tf-idf'd with m); rows of
 * docs are l2-normalised, so cosine = dot product.  Fills up to k hits with a
 * positive score, best first (ties: lower index first); *count = how many
 * (0 when the query shares no term with the vocabulary).  ERR_USAGE when the
 * query is empty or only white space. */
int text_rank(const TfidfModel *m, const TextCsr *docs, const char *query, int k,
              TextHit *hits, int *count, Error *err);
/* The k largest entries of one row (ties: lower column first). */
int text_top_terms_row(const TextCsr *m, int row, int k, TextHit *hits);
/* The k largest mean values over the listed rows (a category's top terms). */
int text_top_terms_rows(const TextCsr *m, const int *rows, int n_rows, int k, TextHit *hits,
                        Error *err);

/* ---- corpora (text_corpus.c) ---------------------------------------------- */
typedef struct TextCorpus {
    char *name;          /* "fortunes" or the file name */
    int n_docs;
    char **docs;         /* the documents as read (bytes, NUL-terminated) */
    int *label;          /* n_docs class indices, or NULL (unlabelled) */
    int n_classes;
    char **class_names;  /* sorted (strcmp) */
} TextCorpus;

/* The categories the fortunes set uses (13, sorted). */
extern const char *const text_fortunes_categories[];
extern const int text_fortunes_n_categories;
#define TEXT_FORTUNES_DIR "/usr/share/games/fortunes"

/* fortunes: one file per category in dir (NULL: $MLLAB_FORTUNES_DIR or
 * TEXT_FORTUNES_DIR), texts separated by lines holding a single '%'; a text
 * that is only white space is skipped.  ERR_IO naming the Debian package
 * when the files are missing. */
int text_corpus_fortunes(TextCorpus *c, const char *dir, Error *err);
/* A plain text file, one document per line (empty lines are documents
 * too, so numbers match line numbers - 1); unlabelled. */
int text_corpus_lines(TextCorpus *c, const char *path, Error *err);
/* A CSV file with a header: text_column (NULL: "text") holds the document,
 * label_column (NULL: "label"; absent: unlabelled) the class. */
int text_corpus_csv(TextCorpus *c, const char *path, const char *text_column,
                    const char *label_column, Error *err);
/* "fortunes", a .csv file, or any other file as lines. */
int text_corpus_load(TextCorpus *c, const char *name_or_path, const char *text_column,
                     const char *label_column, Error *err);
void text_corpus_free(TextCorpus *c);

#endif
