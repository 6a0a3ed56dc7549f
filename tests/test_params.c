/* test_params.c - parameter schemas: defaults, validation of each type with
 * usage errors that name the parameter, KEY=VALUE parsing, copies, output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "params.h"

static const ParamSpec demo_spec[] = {
    { "k", PARAM_INT, "5", 1, 100, NULL, "number of neighbours" },
    { "lr", PARAM_FLOAT, "0.01", 0, 10, NULL, "learning rate" },
    { "shuffle", PARAM_BOOL, "true", 0, 1, NULL, "shuffle every epoch" },
    { "criterion", PARAM_CHOICE, "gini", 0, 0, "gini|entropy", "split quality" },
    { "hidden", PARAM_LIST, "128,64", 1, 4096, NULL, "hidden layer sizes" },
    { "arch", PARAM_STRING, "conv8-pool-dense10", 0, 0, NULL, "network layout" },
    { 0 }
};

static int setup(void **state)
{
    Params *p = malloc(sizeof *p);
    if (!p || params_init(p, demo_spec, NULL) < 0) {
        free(p);
        return -1;
    }
    *state = p;
    return 0;
}

static int teardown(void **state)
{
    params_free(*state);
    free(*state);
    return 0;
}

/* Set name=value, expect a usage error whose message contains every word
 * given (NULL-terminated). */
static void expect_usage_error(Params *p, const char *name, const char *value, ...)
{
    Error err = { 0 };
    assert_int_equal(params_set(p, name, value, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_int_equal(error_exit_status(&err), 2);
    va_list ap;
    va_start(ap, value);
    const char *word;
    while ((word = va_arg(ap, const char *)) != NULL) {
        if (!strstr(err.msg, word))
            print_error("message \"%s\" lacks \"%s\"\n", err.msg, word);
        assert_non_null(strstr(err.msg, word));
    }
    va_end(ap);
}

static void test_params_start_from_the_defaults(void **state)
{
    Params *p = *state;
    assert_int_equal(p->count, 6);
    assert_int_equal(params_int(p, "k"), 5);
    assert_true(params_float(p, "lr") == 0.01);
    assert_true(params_bool(p, "shuffle"));
    assert_string_equal(params_str(p, "criterion"), "gini");
    int hidden[PARAMS_MAX_LIST];
    assert_int_equal(params_list(p, "hidden", hidden, PARAMS_MAX_LIST), 2);
    assert_int_equal(hidden[0], 128);
    assert_int_equal(hidden[1], 64);
    assert_string_equal(params_str(p, "arch"), "conv8-pool-dense10");
    for (int i = 0; i < p->count; i++)
        assert_true(p->values[i].is_default);
    assert_ptr_equal(params_find_spec(demo_spec, "lr"), &demo_spec[1]);
    assert_null(params_find_spec(demo_spec, "nope"));
}

static void test_params_int_is_checked_for_type_and_range(void **state)
{
    Params *p = *state;
    assert_int_equal(params_set(p, "k", "7", NULL), 0);
    assert_int_equal(params_int(p, "k"), 7);
    assert_false(p->values[0].is_default);
    assert_int_equal(params_set(p, "k", "100", NULL), 0); /* inclusive */
    expect_usage_error(p, "k", "2.5", "k=2.5", "not an integer", NULL);
    expect_usage_error(p, "k", "seven", "k=seven", NULL);
    expect_usage_error(p, "k", "", "k=", NULL);
    expect_usage_error(p, "k", "0", "k=0", "out of range", "[1, 100]", NULL);
    expect_usage_error(p, "k", "101", "k=101", NULL);
    /* a rejected value leaves the previous one */
    assert_int_equal(params_int(p, "k"), 100);
}

static void test_params_float_rejects_text_non_finite_and_out_of_range(void **state)
{
    Params *p = *state;
    assert_int_equal(params_set(p, "lr", "1e-3", NULL), 0);
    assert_true(params_float(p, "lr") == 1e-3);
    expect_usage_error(p, "lr", "fast", "lr=fast", "not a number", NULL);
    expect_usage_error(p, "lr", "nan", "lr", NULL);
    expect_usage_error(p, "lr", "inf", "lr", NULL);
    expect_usage_error(p, "lr", "0.1x", "lr", NULL);
    expect_usage_error(p, "lr", "-0.5", "lr=-0.5", "out of range", NULL);
    expect_usage_error(p, "lr", "10.5", "lr", "[0, 10]", NULL);
    assert_true(params_float(p, "lr") == 1e-3);
}

static void test_params_bool_accepts_the_usual_words(void **state)
{
    Params *p = *state;
    const char *yes[] = { "1", "true", "yes", "on", "TRUE", "Yes" };
    const char *no[] = { "0", "false", "no", "off", "False", "OFF" };
    for (int i = 0; i < 6; i++) {
        assert_int_equal(params_set(p, "shuffle", no[i], NULL), 0);
        assert_false(params_bool(p, "shuffle"));
        assert_int_equal(params_set(p, "shuffle", yes[i], NULL), 0);
        assert_true(params_bool(p, "shuffle"));
    }
    expect_usage_error(p, "shuffle", "maybe", "shuffle=maybe", NULL);
    expect_usage_error(p, "shuffle", "2", "shuffle", NULL);
}

static void test_params_choice_must_be_one_of_the_words(void **state)
{
    Params *p = *state;
    assert_int_equal(params_set(p, "criterion", "entropy", NULL), 0);
    assert_string_equal(params_str(p, "criterion"), "entropy");
    /* the choices are named as words, never with '|' (a table border; issue 12) */
    expect_usage_error(p, "criterion", "gin", "criterion=gin", "gini or entropy", NULL);
    expect_usage_error(p, "criterion", "ginis", "criterion", NULL);
    expect_usage_error(p, "criterion", "Gini", "criterion", NULL);
    expect_usage_error(p, "criterion", "gini|entropy", "criterion", NULL);
    expect_usage_error(p, "criterion", "", "criterion", NULL);
    assert_string_equal(params_str(p, "criterion"), "entropy");
}

static void test_params_list_checks_each_item(void **state)
{
    Params *p = *state;
    int out[PARAMS_MAX_LIST];
    assert_int_equal(params_set(p, "hidden", "32,16,8", NULL), 0);
    assert_int_equal(params_list(p, "hidden", out, PARAMS_MAX_LIST), 3);
    assert_int_equal(out[2], 8);
    /* params_list copies at most max but reports the full length */
    out[1] = -1;
    assert_int_equal(params_list(p, "hidden", out, 1), 3);
    assert_int_equal(out[1], -1);
    assert_int_equal(params_set(p, "hidden", "10", NULL), 0);
    assert_int_equal(params_list(p, "hidden", out, PARAMS_MAX_LIST), 1);

    expect_usage_error(p, "hidden", "32,x", "hidden=32,x", "comma-separated", NULL);
    expect_usage_error(p, "hidden", "32,,8", "hidden", NULL);
    expect_usage_error(p, "hidden", "32,", "hidden", NULL);
    expect_usage_error(p, "hidden", "1.5", "hidden", NULL);
    expect_usage_error(p, "hidden", "0,4", "hidden=0,4", "out of range", NULL);
    expect_usage_error(p, "hidden", "", "hidden", "empty", NULL);
    expect_usage_error(p, "hidden", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", "hidden",
                       "more than 16", NULL);
    assert_int_equal(params_list(p, "hidden", out, PARAMS_MAX_LIST), 1);
    assert_int_equal(out[0], 10);
}

static void test_params_unknown_name_is_a_usage_error(void **state)
{
    Params *p = *state;
    expect_usage_error(p, "learning_rate", "0.1", "unknown parameter", "learning_rate", NULL);
}

static void test_params_parse_key_value(void **state)
{
    Params *p = *state;
    Error err = { 0 };
    assert_int_equal(params_parse_kv(p, "k=9", &err), 0);
    assert_int_equal(params_int(p, "k"), 9);
    /* the value may itself contain '=' */
    assert_int_equal(params_parse_kv(p, "arch=a=b", &err), 0);
    assert_string_equal(params_str(p, "arch"), "a=b");
    assert_int_equal(params_parse_kv(p, "arch=", &err), 0);
    assert_string_equal(params_str(p, "arch"), "");

    assert_int_equal(params_parse_kv(p, "k", &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_non_null(strstr(err.msg, "KEY=VALUE"));
    assert_int_equal(params_parse_kv(p, "=3", &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_int_equal(params_parse_kv(p, "k=0", &err), -1);
    assert_non_null(strstr(err.msg, "k=0"));
    char long_name[200];
    memset(long_name, 'n', 150);
    strcpy(long_name + 150, "=1");
    assert_int_equal(params_parse_kv(p, long_name, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_int_equal(params_int(p, "k"), 9);
}

static void test_params_copy_is_deep_and_keeps_default_marks(void **state)
{
    Params *p = *state;
    assert_int_equal(params_set(p, "lr", "0.5", NULL), 0);
    assert_int_equal(params_set(p, "hidden", "7,7,7", NULL), 0);
    Params copy;
    assert_int_equal(params_copy(&copy, p, NULL), 0);
    assert_true(params_float(&copy, "lr") == 0.5);
    assert_false(copy.values[1].is_default);
    assert_true(copy.values[0].is_default);
    int out[PARAMS_MAX_LIST];
    assert_int_equal(params_list(&copy, "hidden", out, PARAMS_MAX_LIST), 3);
    /* changing the original leaves the copy alone */
    assert_int_equal(params_set(p, "lr", "0.25", NULL), 0);
    assert_true(params_float(&copy, "lr") == 0.5);
    assert_ptr_not_equal(copy.values[1].text, p->values[1].text);
    params_free(&copy);
}

static void test_params_write_json_and_text(void **state)
{
    Params *p = *state;
    assert_int_equal(params_parse_kv(p, "shuffle=no", NULL), 0);
    assert_int_equal(params_parse_kv(p, "arch=say \"hi\"", NULL), 0);
    StrBuf sb = STRBUF_INIT;
    params_to_json(p, &sb);
    assert_string_equal(sb_str(&sb), "{\"k\": 5, \"lr\": 0.01, \"shuffle\": false, "
                                     "\"criterion\": \"gini\", \"hidden\": [128,64], "
                                     "\"arch\": \"say \\\"hi\\\"\"}");
    sb_reset(&sb);
    params_to_text(p, &sb);
    assert_string_equal(sb_str(&sb),
                        "k=5 lr=0.01 shuffle=no criterion=gini hidden=128,64 arch=say \"hi\"");
    sb_free(&sb);
}

static void test_params_bad_default_fails_init(void **state)
{
    (void)state;
    static const ParamSpec broken[] = {
        { "depth", PARAM_INT, "3", 1, 10, NULL, "fine" },
        { "alpha", PARAM_FLOAT, "2", 0, 1, NULL, "default outside its range" },
        { 0 }
    };
    Params p;
    Error err = { 0 };
    assert_int_equal(params_init(&p, broken, &err), -1);
    assert_non_null(strstr(err.msg, "alpha"));
    assert_null(p.values);
    params_free(&p);

    /* an empty schema is valid */
    static const ParamSpec none[] = { { 0 } };
    assert_int_equal(params_init(&p, none, NULL), 0);
    assert_int_equal(p.count, 0);
    StrBuf sb = STRBUF_INIT;
    params_to_json(&p, &sb);
    assert_string_equal(sb_str(&sb), "{}");
    sb_free(&sb);
    params_free(&p);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_params_start_from_the_defaults),
        T(test_params_int_is_checked_for_type_and_range),
        T(test_params_float_rejects_text_non_finite_and_out_of_range),
        T(test_params_bool_accepts_the_usual_words),
        T(test_params_choice_must_be_one_of_the_words),
        T(test_params_list_checks_each_item),
        T(test_params_unknown_name_is_a_usage_error),
        T(test_params_parse_key_value),
        T(test_params_copy_is_deep_and_keeps_default_marks),
        T(test_params_write_json_and_text),
        cmocka_unit_test(test_params_bad_default_fails_init),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
