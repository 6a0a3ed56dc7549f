/* test_text.c - tokens, tf-idf, search and corpora (src/text_*.c), and text
 * corpora as datasets (src/text_data.c).
 *
 * Reference values come from scikit-learn 1.2.1 (Debian python3-sklearn):
 *
 *   /usr/bin/python3 -c '
 *   from sklearn.feature_extraction.text import TfidfVectorizer
 *   from sklearn.metrics.pairwise import cosine_similarity
 *   docs = ["The cat sat on the mat.", "The dog sat on the log, the dog!",
 *           "Cats and dogs: cats, dogs.", "A b c",
 *           "Caf\u00e9 na\u00efve CAF\u00c9 \u00bdx \u00b5m ab\u00d7cd",
 *           "x_y __init__ 42 3.14 a1 don'"'"'t e-mail"]
 *   v = TfidfVectorizer(); X = v.fit_transform(docs).tocsr(); X.sort_indices()
 *   print(list(v.get_feature_names_out()), v.idf_, X.indptr, X.indices,
 *         ["%.12f" % x for x in X.data])
 *   q = v.transform(["the dog and the cat"]); print(cosine_similarity(q, X))
 *   for d in (["zz aa", "yy bb"], ["bb bb bb aa cc cc", "aa dd"]):
 *       print(TfidfVectorizer(max_features=2).fit(d).get_feature_names_out())'
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"
#include "text.h"
#include "text_data.h"

/* The corpus above, in UTF-8. */
static const char *const docs[6] = {
    "The cat sat on the mat.",
    "The dog sat on the log, the dog!",
    "Cats and dogs: cats, dogs.",
    "A b c",
    "Caf\xc3\xa9 na\xc3\xafve CAF\xc3\x89 \xc2\xbdx \xc2\xb5m ab\xc3\x97"
    "cd",
    "x_y __init__ 42 3.14 a1 don't e-mail",
};

static const char *const sk_terms[23] = {
    "14",  "42",   "__init__", "a1",  "ab",   "and",              "caf\xc3\xa9", "cat",
    "cats", "cd",  "dog",      "dogs", "don", "log",              "mail",        "mat",
    "na\xc3\xafve", "on", "sat", "the", "x_y", "\xc2\xb5m", "\xc2\xbdx",
};
static const int sk_indptr[7] = { 0, 5, 10, 13, 13, 19, 26 };
static const int sk_indices[26] = { 7,  15, 17, 18, 19, 10, 13, 17, 18, 19, 5, 8,  11,
                                    4,  6,  9,  16, 21, 22, 0,  1,  2,  3,  12, 14, 20 };
static const double sk_values[26] = {
    0.407078239188, 0.407078239188, 0.333809979469, 0.333809979469, 0.667619958938,
    0.568038385601, 0.284019192800, 0.232899801047, 0.232899801047, 0.698699403141,
    0.333333333333, 0.666666666667, 0.666666666667, 0.333333333333, 0.666666666667,
    0.333333333333, 0.333333333333, 0.333333333333, 0.333333333333, 0.377964473009,
    0.377964473009, 0.377964473009, 0.377964473009, 0.377964473009, 0.377964473009,
    0.377964473009,
};

/* ---------------------------------------------------------------- helpers */

static void fit(TfidfModel *m, TextCsr *x, int max_features)
{
    Error err = { 0 };
    if (tfidf_fit(m, docs, 6, max_features, &err) < 0)
        fail_msg("tfidf_fit: %s", err.msg);
    if (x && tfidf_transform(m, docs, 6, x, &err) < 0)
        fail_msg("tfidf_transform: %s", err.msg);
}

/* The tokens of text joined by '|'. */
static const char *tokens_of(const char *text)
{
    static char out[512];
    TextTokens t = { 0 };
    Error err = { 0 };
    if (text_tokenize(text, &t, &err) < 0)
        fail_msg("text_tokenize: %s", err.msg);
    out[0] = '\0';
    for (int i = 0; i < t.n; i++) {
        if (i)
            strcat(out, "|");
        strcat(out, text_token(&t, i));
    }
    text_tokens_free(&t);
    return out;
}

static void write_file(const char *path, const char *content)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

/* ---------------------------------------------------------------- tokens */

static void test_tokens_are_lower_case_runs_of_two_word_characters(void **state)
{
    (void)state;
    assert_string_equal(tokens_of("The cat, a DOG!"), "the|cat|dog");
    assert_string_equal(tokens_of("a I x 7"), "");          /* single characters */
    assert_string_equal(tokens_of("don't e-mail"), "don|mail");
    assert_string_equal(tokens_of("x_y __init__ 3.14"), "x_y|__init__|14");
    assert_string_equal(tokens_of(""), "");
}

static void test_tokens_follow_python_for_latin1_letters(void **state)
{
    (void)state;
    /* × (U+00D7) separates, ½ and µ are word characters, É lower-cases. */
    assert_string_equal(tokens_of("ab\xc3\x97" "cd \xc2\xbdx \xc2\xb5m CAF\xc3\x89"),
                        "ab|cd|\xc2\xbdx|\xc2\xb5m|caf\xc3\xa9");
    /* The same text in Latin-1 bytes gives the same UTF-8 tokens. */
    assert_string_equal(tokens_of("ab\xd7" "cd \xbdx \xb5m CAF\xc9"),
                        "ab|cd|\xc2\xbdx|\xc2\xb5m|caf\xc3\xa9");
}

static void test_tokens_beyond_latin1_use_unicode_classes(void **state)
{
    (void)state;
    /* "Привет мир" -> Python: ['привет', 'мир'] */
    assert_string_equal(tokens_of("\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 "
                                  "\xd0\xbc\xd0\xb8\xd1\x80"),
                        "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82|"
                        "\xd0\xbc\xd0\xb8\xd1\x80");
}

static void test_tokens_of_overstruck_text_match_python(void **state)
{
    (void)state;
    /* re.findall(r"(?u)\b\w\w+\b", "_\bh_\bi ok") == ['h_', 'ok'] */
    assert_string_equal(tokens_of("_\bh_\bi ok"), "h_|ok");
}

static void test_utf8_validity(void **state)
{
    (void)state;
    assert_true(text_is_utf8("caf\xc3\xa9"));
    assert_false(text_is_utf8("caf\xe9"));
    assert_false(text_is_utf8("\xc0\xaf")); /* overlong */
    assert_false(text_is_utf8("\xed\xa0\x80")); /* surrogate */
}

/* ---------------------------------------------------------------- tf-idf */

static void test_vocabulary_is_sorted_like_sklearn(void **state)
{
    (void)state;
    TfidfModel m;
    fit(&m, NULL, 0);
    assert_int_equal(m.n_terms, 23);
    for (int j = 0; j < 23; j++)
        assert_string_equal(m.terms[j], sk_terms[j]);
    assert_int_equal(tfidf_term_index(&m, "dog"), 10);
    assert_int_equal(tfidf_term_index(&m, "zebra"), -1);
    /* idf = ln(7 / (1 + df)) + 1: df 1 -> 2.252762968495, df 2 -> 1.847297860387 */
    assert_near(m.idf[tfidf_term_index(&m, "cat")], 2.252762968495, 1e-9);
    assert_near(m.idf[tfidf_term_index(&m, "the")], 1.847297860387, 1e-9);
    tfidf_free(&m);
}

static void test_tfidf_values_match_sklearn(void **state)
{
    (void)state;
    TfidfModel m;
    TextCsr x;
    fit(&m, &x, 0);
    assert_int_equal(x.rows, 6);
    assert_int_equal(x.cols, 23);
    assert_int_equal((int)x.nnz, 26);
    for (int i = 0; i <= 6; i++)
        assert_int_equal((int)x.indptr[i], sk_indptr[i]);
    for (int p = 0; p < 26; p++) {
        assert_int_equal(x.indices[p], sk_indices[p]);
        assert_near(x.values[p], sk_values[p], 1e-6);
    }
    text_csr_free(&x);
    tfidf_free(&m);
}

static void test_csr_rows_are_sorted_unit_vectors(void **state)
{
    (void)state;
    TfidfModel m;
    TextCsr x;
    fit(&m, &x, 0);
    for (int i = 0; i < x.rows; i++) {
        double norm = 0.0;
        for (size_t p = x.indptr[i]; p < x.indptr[i + 1]; p++) {
            if (p > x.indptr[i])
                assert_true(x.indices[p] > x.indices[p - 1]);
            norm += x.values[p] * x.values[p];
        }
        /* "A b c" has no token: its row stays empty. */
        assert_near(norm, i == 3 ? 0.0 : 1.0, 1e-12);
    }
    text_csr_free(&x);
    tfidf_free(&m);
}

static void test_dense_copy_equals_csr(void **state)
{
    (void)state;
    TfidfModel m;
    TextCsr x;
    Mat d;
    Error err = { 0 };
    fit(&m, &x, 0);
    assert_int_equal(text_csr_to_dense(&x, 1 << 20, &d, &err), 0);
    double sum_dense = 0.0, sum_csr = 0.0;
    for (size_t k = 0; k < mat_size(&d); k++)
        sum_dense += d.data[k];
    for (size_t p = 0; p < x.nnz; p++)
        sum_csr += x.values[p];
    assert_near(sum_dense, sum_csr, 1e-5);
    assert_near(mat_row(&d, 1)[10], 0.568038385601, 1e-6); /* "dog" in document 1 */
    mat_free(&d);
    text_csr_free(&x);
    tfidf_free(&m);
}

static void test_dense_copy_above_the_limit_is_refused_naming_max_features(void **state)
{
    (void)state;
    TfidfModel m;
    TextCsr x;
    Mat d = { 0 };
    Error err = { 0 };
    fit(&m, &x, 0);
    assert_int_equal(text_dense_bytes(6, 23), 6 * 23 * 4);
    assert_int_equal(text_csr_to_dense(&x, 100, &d, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "max_features"));
    assert_null(d.data);
    text_csr_free(&x);
    tfidf_free(&m);
}

static void test_max_features_keeps_the_most_frequent_ties_alphabetical(void **state)
{
    (void)state;
    const char *tie[2] = { "zz aa", "yy bb" };
    const char *freq[2] = { "bb bb bb aa cc cc", "aa dd" };
    TfidfModel m;
    Error err = { 0 };
    assert_int_equal(tfidf_fit(&m, tie, 2, 2, &err), 0); /* sklearn: ['aa', 'bb'] */
    assert_int_equal(m.n_terms, 2);
    assert_string_equal(m.terms[0], "aa");
    assert_string_equal(m.terms[1], "bb");
    assert_int_equal((int)m.vocabulary_size, 4);
    tfidf_free(&m);
    /* bb 3, aa 2, cc 2, dd 1: bb and, of the tied aa and cc, aa. */
    assert_int_equal(tfidf_fit(&m, freq, 2, 2, &err), 0); /* sklearn: ['aa', 'bb'] */
    assert_string_equal(m.terms[0], "aa");
    assert_string_equal(m.terms[1], "bb");
    /* idf counts documents over the full fit corpus: aa in both -> 1. */
    assert_near(m.idf[0], 1.0, 1e-12);
    tfidf_free(&m);
}

static void test_unknown_terms_are_ignored_at_transform(void **state)
{
    (void)state;
    TfidfModel m;
    TextCsr x;
    Error err = { 0 };
    const char *unseen[2] = { "zebra quagga", "zebra dog" };
    fit(&m, NULL, 0);
    assert_int_equal(tfidf_transform(&m, unseen, 2, &x, &err), 0);
    assert_int_equal((int)x.indptr[1], 0);
    assert_int_equal((int)x.nnz, 1);
    assert_int_equal(x.indices[0], 10);
    assert_near(x.values[0], 1.0, 1e-12);
    text_csr_free(&x);
    tfidf_free(&m);
}

static void test_empty_corpus_or_vocabulary_is_a_data_error(void **state)
{
    (void)state;
    TfidfModel m;
    Error err = { 0 };
    const char *none[2] = { "a b c", "! ?" };
    assert_int_equal(tfidf_fit(&m, none, 0, 0, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_int_equal(tfidf_fit(&m, none, 2, 0, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "empty vocabulary"));
}

/* ---------------------------------------------------------------- search */

static void test_query_ranks_by_cosine_like_sklearn(void **state)
{
    (void)state;
    TfidfModel m;
    TextCsr x;
    TextHit hits[6];
    int n = 0;
    Error err = { 0 };
    fit(&m, &x, 0);
    assert_int_equal(text_rank(&m, &x, "the dog and the cat", 6, hits, &n, &err), 0);
    /* cosine_similarity: [0.629685611708, 0.718534234935, 0.139744362321, 0, 0, 0] */
    assert_int_equal(n, 3);
    assert_int_equal(hits[0].index, 1);
    assert_near(hits[0].score, 0.718534234935, 1e-6);
    assert_int_equal(hits[1].index, 0);
    assert_near(hits[1].score, 0.629685611708, 1e-6);
    assert_int_equal(hits[2].index, 2);
    assert_near(hits[2].score, 0.139744362321, 1e-6);
    assert_int_equal(text_rank(&m, &x, "the dog and the cat", 1, hits, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(hits[0].index, 1);
    text_csr_free(&x);
    tfidf_free(&m);
}

static void test_empty_query_is_a_usage_error_unknown_words_match_nothing(void **state)
{
    (void)state;
    TfidfModel m;
    TextCsr x;
    TextHit hits[3];
    int n = -1;
    Error err = { 0 };
    fit(&m, &x, 0);
    assert_int_equal(text_rank(&m, &x, "  \t", 3, hits, &n, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_int_equal(text_rank(&m, &x, "zebra", 3, hits, &n, &err), 0);
    assert_int_equal(n, 0);
    /* A query without a token (one letter, as the tf-idf screen searches while
     * the first key is typed) matches nothing; it once sorted a NULL array. */
    assert_int_equal(text_rank(&m, &x, "u", 3, hits, &n, &err), 0);
    assert_int_equal(n, 0);
    text_csr_free(&x);
    tfidf_free(&m);
}

static void test_top_terms_of_a_document_and_of_rows(void **state)
{
    (void)state;
    TfidfModel m;
    TextCsr x;
    TextHit hits[3];
    Error err = { 0 };
    fit(&m, &x, 0);
    /* Document 1: dog 0.568, the 0.699, log 0.284, on/sat 0.233. */
    assert_int_equal(text_top_terms_row(&x, 1, 3, hits), 3);
    assert_string_equal(m.terms[hits[0].index], "the");
    assert_string_equal(m.terms[hits[1].index], "dog");
    assert_string_equal(m.terms[hits[2].index], "log");
    /* Rows 0 and 1: "the" has mean (0.667619958938 + 0.698699403141) / 2. */
    int rows[2] = { 0, 1 };
    assert_int_equal(text_top_terms_rows(&x, rows, 2, 1, hits, &err), 1);
    assert_string_equal(m.terms[hits[0].index], "the");
    assert_near(hits[0].score, (0.667619958938 + 0.698699403141) / 2, 1e-9);
    assert_int_equal(text_top_terms_row(&x, 3, 3, hits), 0); /* the empty row */
    text_csr_free(&x);
    tfidf_free(&m);
}

/* ---------------------------------------------------------------- corpora */

static char tmpdir[256];

static int setup_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/mllab_test_text_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *tmp_path(const char *name)
{
    static char path[4][512];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, 512, "%s/%s", tmpdir, name);
    return p;
}

static void test_fortunes_texts_are_split_on_percent_lines(void **state)
{
    (void)state;
    const char *dir = tmp_path("fortunes");
    assert_int_equal(mkdir(dir, 0700), 0);
    char path[600];
    for (int k = 0; k < text_fortunes_n_categories; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, text_fortunes_categories[k]);
        /* computers: two texts, a blank one, and a last text without a '%' after it. */
        write_file(path, k == 0 ? "one\ntwo lines\n%\n  \n%\nthree\n" : "only text\n%\n");
    }
    TextCorpus c;
    Error err = { 0 };
    assert_int_equal(text_corpus_fortunes(&c, dir, &err), 0);
    assert_int_equal(c.n_docs, 2 + 12);
    assert_string_equal(c.docs[0], "one\ntwo lines");
    assert_string_equal(c.docs[1], "three");
    assert_int_equal(c.label[1], 0);
    assert_int_equal(c.label[2], 1);
    assert_int_equal(c.n_classes, 13);
    assert_string_equal(c.class_names[0], "computers");
    assert_string_equal(c.class_names[12], "work");
    assert_string_equal(c.name, "fortunes");
    text_corpus_free(&c);
}

static void test_missing_fortunes_names_the_debian_package(void **state)
{
    (void)state;
    TextCorpus c;
    Error err = { 0 };
    assert_int_equal(text_corpus_fortunes(&c, "/nonexistent/fortunes", &err), -1);
    assert_int_equal(err.code, ERR_IO);
    assert_non_null(strstr(err.msg, "apt-get install fortunes"));
}

static void test_a_text_file_is_one_document_per_line(void **state)
{
    (void)state;
    const char *path = tmp_path("lines.txt");
    write_file(path, "first doc\n\nthird\r\nlast");
    TextCorpus c;
    Error err = { 0 };
    assert_int_equal(text_corpus_load(&c, path, NULL, NULL, &err), 0);
    assert_int_equal(c.n_docs, 4);
    assert_string_equal(c.docs[0], "first doc");
    assert_string_equal(c.docs[1], "");
    assert_string_equal(c.docs[2], "third");
    assert_string_equal(c.docs[3], "last");
    assert_null(c.label);
    assert_string_equal(c.name, "lines.txt");
    text_corpus_free(&c);
    write_file(path, "");
    assert_int_equal(text_corpus_load(&c, path, NULL, NULL, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_int_equal(text_corpus_load(&c, tmp_path("absent.txt"), NULL, NULL, &err), -1);
    assert_int_equal(err.code, ERR_IO);
}

static void test_a_csv_corpus_has_a_text_and_a_label_column(void **state)
{
    (void)state;
    const char *path = tmp_path("corpus.csv");
    write_file(path, "id,text,label\n1,\"Hello, world\",greet\n2,bye now,part\n3,hi there,greet\n");
    TextCorpus c;
    Error err = { 0 };
    assert_int_equal(text_corpus_load(&c, path, NULL, NULL, &err), 0);
    assert_int_equal(c.n_docs, 3);
    assert_string_equal(c.docs[0], "Hello, world");
    assert_int_equal(c.n_classes, 2);
    assert_string_equal(c.class_names[1], "part");
    assert_int_equal(c.label[0], 0);
    assert_int_equal(c.label[1], 1);
    assert_int_equal(c.label[2], 0);
    text_corpus_free(&c);
    assert_true(text_dataset_is(path));
    const char *numeric = tmp_path("numeric.csv");
    write_file(numeric, "a,texts,label\n1,2,x\n");
    assert_false(text_dataset_is(numeric));
    assert_false(text_dataset_is("fortune"));
    assert_int_equal(text_corpus_load(&c, path, "body", NULL, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "'body'"));
    assert_int_equal(text_corpus_load(&c, path, NULL, "class", &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
}

/* ---------------------------------------------------------------- datasets */

/* 20 documents, two labels; document i holds a word of its own, "wXY". */
static const char *write_unique_corpus(void)
{
    const char *path = tmp_path("unique.csv");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("text,label\n", f);
    for (int i = 0; i < 20; i++)
        fprintf(f, "shared words w%c%c,%s\n", 'a' + i / 10, 'a' + i % 10, i % 2 ? "odd" : "even");
    fclose(f);
    return path;
}

static int count_unique_features(const Dataset *ds)
{
    int n = 0;
    for (int j = 0; j < ds->X.cols; j++)
        n += ds->feature_names[j][0] == 'w' && strlen(ds->feature_names[j]) == 3;
    return n;
}

static void test_text_dataset_vocabulary_is_fitted_on_the_training_part(void **state)
{
    (void)state;
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = write_unique_corpus();
    EvalData d;
    Error err = { 0 };
    if (eval_load(&d, &o, ALGO_CLASSIFIER, &err) < 0)
        fail_msg("eval_load: %s", err.msg);
    assert_int_equal(d.train.X.rows, 16);
    assert_int_equal(d.test.X.rows, 4);
    /* Only the training documents' own words are features (plus "shared",
     * "words"): a test document's word was never seen. */
    assert_int_equal(d.train.X.cols, 18);
    assert_int_equal(count_unique_features(&d.train), 16);
    assert_true(d.train.text && d.test.text);
    assert_int_equal(d.train.n_classes, 2);
    /* Every test row has only "shared" and "words" left. */
    for (int i = 0; i < d.test.X.rows; i++) {
        int nz = 0;
        for (int j = 0; j < d.test.X.cols; j++)
            nz += mat_row(&d.test.X, i)[j] != 0.0f;
        assert_int_equal(nz, 2);
    }
    /* Text rows are l2-normalised: not scaled unless asked. */
    Algo fake = { .name = "fake", .default_scale = SCALE_STANDARD };
    ScaleKind k;
    assert_int_equal(eval_scale_for(&fake, &o, &d.train, &k, &err), 0);
    assert_int_equal(k, SCALE_NONE);
    eval_data_free(&d);
}

static void test_text_dataset_split_is_the_eval_split(void **state)
{
    (void)state;
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = write_unique_corpus();
    o.max_features = 3;
    EvalData d;
    Error err = { 0 };
    if (eval_load(&d, &o, ALGO_CLASSIFIER, &err) < 0)
        fail_msg("eval_load: %s", err.msg);
    assert_int_equal(d.train.X.cols, 3); /* shared, words and the first "w" word */
    TextCorpus c;
    Split s;
    assert_int_equal(text_dataset_corpus(&c, o.dataset, NULL, &err), 0);
    assert_int_equal(text_dataset_split(&c, 0.2, 42, &s, &err), 0);
    assert_int_equal(s.n_test, d.test.X.rows);
    for (int i = 0; i < s.n_test; i++)
        assert_int_equal(c.label[s.test[i]], d.test.y[i]);
    split_free(&s);
    text_corpus_free(&c);
    eval_data_free(&d);
}

static void test_text_dataset_refuses_cv_and_regressors(void **state)
{
    (void)state;
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = write_unique_corpus();
    EvalData d;
    Error err = { 0 };
    o.cv = 5;
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_non_null(strstr(err.msg, "--cv"));
    o.cv = 0;
    assert_int_equal(eval_load(&d, &o, ALGO_REGRESSOR, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
}

static void test_text_train_and_test_files_fit_on_the_training_file(void **state)
{
    (void)state;
    EvalOptions o;
    eval_options_default(&o);
    o.train_file = write_unique_corpus(); /* 20 documents, classes even and odd */
    o.test_file = tmp_path("test.csv");
    write_file(o.test_file, "label,text\nodd,shared zebra\neven,words\n");
    EvalData d;
    Error err = { 0 };
    if (eval_load(&d, &o, ALGO_CLASSIFIER, &err) < 0)
        fail_msg("eval_load: %s", err.msg);
    assert_true(d.from_files);
    assert_int_equal(d.train.X.rows, 20);
    assert_int_equal(d.train.X.cols, 22); /* "zebra" is not a feature */
    assert_int_equal(d.test.X.rows, 2);
    assert_true(d.test_has_target);
    assert_int_equal(d.test.y[0], 1); /* "odd": the training file's class 1 */
    assert_int_equal(d.test.y[1], 0);
    /* "shared zebra" keeps only "shared": a unit row with one entry. */
    int j = 0;
    while (j < d.test.X.cols && strcmp(d.test.feature_names[j], "shared") != 0)
        j++;
    assert_true(j < d.test.X.cols);
    assert_near(mat_row(&d.test.X, 0)[j], 1.0, 1e-6);
    eval_data_free(&d);
    /* A class the training file lacks is a data error. */
    write_file(o.test_file, "label,text\nthird,shared\n");
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "'third'"));
}

static void test_text_dataset_load_fits_on_every_document(void **state)
{
    (void)state;
    Dataset ds;
    Error err = { 0 };
    assert_int_equal(text_dataset_load(&ds, write_unique_corpus(), NULL, 0, &err), 0);
    assert_int_equal(ds.X.rows, 20);
    assert_int_equal(ds.X.cols, 22);
    assert_string_equal(ds.target_name, "label");
    dataset_free(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens_are_lower_case_runs_of_two_word_characters),
        cmocka_unit_test(test_tokens_follow_python_for_latin1_letters),
        cmocka_unit_test(test_tokens_beyond_latin1_use_unicode_classes),
        cmocka_unit_test(test_tokens_of_overstruck_text_match_python),
        cmocka_unit_test(test_utf8_validity),
        cmocka_unit_test(test_vocabulary_is_sorted_like_sklearn),
        cmocka_unit_test(test_tfidf_values_match_sklearn),
        cmocka_unit_test(test_csr_rows_are_sorted_unit_vectors),
        cmocka_unit_test(test_dense_copy_equals_csr),
        cmocka_unit_test(test_dense_copy_above_the_limit_is_refused_naming_max_features),
        cmocka_unit_test(test_max_features_keeps_the_most_frequent_ties_alphabetical),
        cmocka_unit_test(test_unknown_terms_are_ignored_at_transform),
        cmocka_unit_test(test_empty_corpus_or_vocabulary_is_a_data_error),
        cmocka_unit_test(test_query_ranks_by_cosine_like_sklearn),
        cmocka_unit_test(test_empty_query_is_a_usage_error_unknown_words_match_nothing),
        cmocka_unit_test(test_top_terms_of_a_document_and_of_rows),
        cmocka_unit_test(test_fortunes_texts_are_split_on_percent_lines),
        cmocka_unit_test(test_missing_fortunes_names_the_debian_package),
        cmocka_unit_test(test_a_text_file_is_one_document_per_line),
        cmocka_unit_test(test_a_csv_corpus_has_a_text_and_a_label_column),
        cmocka_unit_test(test_text_dataset_vocabulary_is_fitted_on_the_training_part),
        cmocka_unit_test(test_text_dataset_split_is_the_eval_split),
        cmocka_unit_test(test_text_dataset_refuses_cv_and_regressors),
        cmocka_unit_test(test_text_train_and_test_files_fit_on_the_training_file),
        cmocka_unit_test(test_text_dataset_load_fits_on_every_document),
    };
    return cmocka_run_group_tests(tests, setup_tmpdir, remove_tmpdir);
}
