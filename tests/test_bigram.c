/* test_bigram.c - the names corpus (charlm_data.h) and the count bigram
 * model (bigram.h): hand-counted tables on tiny corpora, makemore's split,
 * the held-out NLL on names against a Python computation, stepping,
 * sampling, word units and bad input.
 *
 * The names reference (train = the first 31,033 lines of datasets/names.txt
 * in file order, test = the last 1,000; add-1 smoothing; per predicted
 * character, the final '.' included):
 *   python3 -c "import math,collections as C;w=open('datasets/names.txt').read().split();
 *   tr,te=w[:-1000],w[-1000:];N=C.Counter((a,b) for x in tr for a,b in zip('.'+x,x+'.'));
 *   R=C.Counter(a for x in tr for a in '.'+x);s=[-math.log((N[a,b]+1)/(R[a]+27))
 *   for x in te for a,b in zip('.'+x,x+'.')];print('%.10f'%(sum(s)/len(s)))"
 *   -> 2.5882516363 (test; the file is sorted by frequency, so its tail is rare
 *   names: hence makemore's random split), and with `for x in tr` in the last
 *   comprehension 2.4504560953 (train). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bigram.h"
#include "charlm_data.h"
#include "test_util.h"

static void parse(TextCorpus *c, const char *text, TextUnit unit, int vocab)
{
    Error err = { 0 };
    if (corpus_parse(c, text, strlen(text), "tiny", unit, vocab, &err) < 0)
        fail_msg("%s", err.msg);
}

static void test_tiny_corpus_counts_pairs_with_boundaries(void **state)
{
    (void)state;
    TextCorpus c;
    parse(&c, "ab\nb\n", UNIT_CHAR, 0);
    assert_int_equal(c.n_seqs, 2);
    assert_int_equal(c.vocab, 27);
    int all[2] = { 0, 1 };
    CorpusSplit s = { all, 2, all + 1, 1 };
    Bigram *b = bigram_create(&c, &s, 1.0, 10, NULL);
    assert_int_equal(bigram_step(b, NULL, NULL), STEP_DONE);
    const int *N = bigram_counts(b);
    assert_int_equal(N[0 * 27 + 1], 1); /* .a */
    assert_int_equal(N[0 * 27 + 2], 1); /* .b */
    assert_int_equal(N[1 * 27 + 2], 1); /* ab */
    assert_int_equal(N[2 * 27 + 0], 2); /* b. twice */
    long total = 0;
    for (int i = 0; i < 27 * 27; i++)
        total += N[i];
    assert_int_equal(total, 5);
    /* add-1: (N + 1) / (row + 27) */
    assert_near(bigram_prob(b, 0, 1), 2.0 / 29, 1e-15);
    assert_near(bigram_prob(b, 1, 2), 2.0 / 28, 1e-15);
    assert_near(bigram_prob(b, 2, 0), 3.0 / 29, 1e-15);
    assert_near(bigram_prob(b, 5, 7), 1.0 / 27, 1e-15); /* unseen row: uniform */
    double want = -(log(2.0 / 29) + log(2.0 / 28) + log(3.0 / 29) + log(2.0 / 29) + log(3.0 / 29)) / 5;
    assert_near(bigram_train_nll(b), want, 1e-12);
    assert_near(bigram_test_nll(b), -(log(2.0 / 29) + log(3.0 / 29)) / 2, 1e-12);
    bigram_destroy(b);
    corpus_free(&c);
}

static void test_k0_samples_only_seen_continuations(void **state)
{
    (void)state;
    TextCorpus c;
    parse(&c, "ab\nb\n", UNIT_CHAR, 0);
    int all[2] = { 0, 1 };
    CorpusSplit s = { all, 2, all, 0 };
    Bigram *b = bigram_create(&c, &s, 0.0, 10, NULL);
    bigram_step(b, NULL, NULL);
    Rng rng;
    rng_seed(&rng, 7);
    int seen_ab = 0, seen_b = 0, tok[8];
    for (int i = 0; i < 200; i++) {
        char text[16];
        int n = bigram_sample(b, &rng, tok, 8);
        corpus_decode(&c, tok, n, text, sizeof text);
        if (strcmp(text, "ab") == 0)
            seen_ab++;
        else if (strcmp(text, "b") == 0)
            seen_b++;
        else
            fail_msg("sampled '%s', which k=0 cannot produce", text);
    }
    assert_true(seen_ab > 50 && seen_b > 50); /* each has probability 1/2 */
    /* an unseen pair has probability 0: infinite NLL */
    assert_near(bigram_prob(b, 1, 1), 0.0, 0);
    bigram_destroy(b);
    corpus_free(&c);
}

static void test_bad_character_is_named_by_line_and_column(void **state)
{
    (void)state;
    TextCorpus c;
    Error err = { 0 };
    const char *text = "emma\nolivia\nzoë\n";
    assert_int_equal(corpus_parse(&c, text, strlen(text), "n.txt", UNIT_CHAR, 0, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "n.txt:3:3:"));
    assert_int_equal(corpus_parse(&c, "\n\n", 2, "e.txt", UNIT_CHAR, 0, &err), -1);
    assert_non_null(strstr(err.msg, "empty corpus"));
}

static void test_word_units_keep_frequent_words_and_map_the_rest_to_unk(void **state)
{
    (void)state;
    TextCorpus c;
    parse(&c, "The cat\nthe dog, the END\n\n", UNIT_WORD, 4);
    /* ".", "the" (3), then "cat" (1, before "dog" and "end" alphabetically), "<unk>" */
    assert_int_equal(c.vocab, 4);
    assert_string_equal(c.symbols[1], "the");
    assert_string_equal(c.symbols[2], "cat");
    assert_string_equal(c.symbols[3], "<unk>");
    assert_int_equal(c.n_seqs, 2);
    assert_int_equal(corpus_len(&c, 1), 4);
    char text[64];
    corpus_decode(&c, corpus_seq(&c, 1), corpus_len(&c, 1), text, sizeof text);
    assert_string_equal(text, "the <unk> the <unk>");
    corpus_free(&c);
}

static void load_names(TextCorpus *c)
{
    Error err = { 0 };
    if (corpus_load(c, "names", UNIT_CHAR, 0, &err) < 0)
        fail_msg("%s", err.msg);
}

static void test_names_split_holds_out_1000_disjoint_names_by_seed(void **state)
{
    (void)state;
    TextCorpus c;
    load_names(&c);
    assert_int_equal(c.n_seqs, 32033);
    assert_int_equal(c.max_len, 15);
    CorpusSplit s, t;
    assert_int_equal(corpus_split(&c, 42, &s, NULL), 0);
    assert_int_equal(corpus_split(&c, 42, &t, NULL), 0);
    assert_int_equal(s.n_test, 1000);
    assert_int_equal(s.n_train, 31033);
    char *used = calloc((size_t)c.n_seqs, 1);
    for (int i = 0; i < s.n_train; i++)
        used[s.train[i]]++;
    for (int i = 0; i < s.n_test; i++) {
        used[s.test[i]]++;
        assert_int_equal(s.test[i], t.test[i]); /* same seed, same split */
    }
    for (int i = 0; i < c.n_seqs; i++)
        assert_int_equal(used[i], 1);
    free(used);
    corpus_split_free(&s);
    corpus_split_free(&t);
    corpus_free(&c);
}

static void test_names_nll_matches_python_on_the_file_order_split(void **state)
{
    (void)state;
    TextCorpus c;
    load_names(&c);
    int *idx = malloc((size_t)c.n_seqs * sizeof *idx);
    for (int i = 0; i < c.n_seqs; i++)
        idx[i] = i;
    CorpusSplit s = { idx, c.n_seqs - 1000, idx + c.n_seqs - 1000, 1000 };
    Bigram *b = bigram_create(&c, &s, 1.0, 100000, NULL);
    assert_int_equal(bigram_step(b, NULL, NULL), STEP_DONE);
    assert_near(bigram_test_nll(b), 2.5882516363, 1e-9);
    assert_near(bigram_train_nll(b), 2.4504560953, 1e-9);
    bigram_destroy(b);
    free(idx);
    corpus_free(&c);
}

static void test_names_exact_count_model_reaches_makemore_nll(void **state)
{
    (void)state;
    TextCorpus c;
    load_names(&c);
    CorpusSplit s;
    corpus_split(&c, 42, &s, NULL);
    Bigram *b = bigram_create(&c, &s, 1.0, 1000, NULL);
    assert_true(isnan(bigram_test_nll(b)));
    assert_int_equal(bigram_step(b, NULL, NULL), STEP_MORE);
    assert_int_equal(bigram_seen(b), 1000);
    double first = bigram_test_nll(b);
    int steps = 1;
    while (bigram_step(b, NULL, NULL) == STEP_MORE)
        steps++;
    assert_int_equal(steps + 1, 32); /* 31,033 names by 1,000 */
    assert_int_equal(bigram_seen(b), bigram_total(b));
    double last = bigram_test_nll(b);
    assert_true(last < first); /* more counts, better held-out NLL */
    assert_true(last > 2.40 && last < 2.50);
    assert_int_equal(bigram_step(b, NULL, NULL), STEP_DONE);
    bigram_destroy(b);
    corpus_split_free(&s);
    corpus_free(&c);
}

static void test_sampling_is_deterministic_with_a_seed(void **state)
{
    (void)state;
    TextCorpus c;
    load_names(&c);
    CorpusSplit s;
    corpus_split(&c, 1, &s, NULL);
    Bigram *b = bigram_create(&c, &s, 1.0, 100000, NULL);
    bigram_step(b, NULL, NULL);
    Rng r1, r2;
    rng_seed(&r1, 5);
    rng_seed(&r2, 5);
    int t1[32], t2[32];
    for (int i = 0; i < 20; i++) {
        int n1 = bigram_sample(b, &r1, t1, 32), n2 = bigram_sample(b, &r2, t2, 32);
        assert_int_equal(n1, n2);
        assert_memory_equal(t1, t2, (size_t)n1 * sizeof(int));
        for (int j = 0; j < n1; j++)
            assert_true(t1[j] >= 1 && t1[j] <= 26);
    }
    bigram_destroy(b);
    corpus_split_free(&s);
    corpus_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiny_corpus_counts_pairs_with_boundaries),
        cmocka_unit_test(test_k0_samples_only_seen_continuations),
        cmocka_unit_test(test_bad_character_is_named_by_line_and_column),
        cmocka_unit_test(test_word_units_keep_frequent_words_and_map_the_rest_to_unk),
        cmocka_unit_test(test_names_split_holds_out_1000_disjoint_names_by_seed),
        cmocka_unit_test(test_names_nll_matches_python_on_the_file_order_split),
        cmocka_unit_test(test_names_exact_count_model_reaches_makemore_nll),
        cmocka_unit_test(test_sampling_is_deterministic_with_a_seed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
