/* test_budget.c - the memory budget: sizes parsed ("2G"), products that
 * saturate instead of wrapping, a refusal that names what asked, the
 * estimate and the budget, and bounded reading of streams (a zero byte in
 * text, a stream past its cap, a budget smaller than the file). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "test_util.h"

static void test_sizes_parse_with_binary_units(void **state)
{
    (void)state;
    size_t b;
    assert_int_equal(budget_parse("2G", &b), 0);
    assert_true(b == (size_t)2 << 30);
    assert_int_equal(budget_parse("512m", &b), 0);
    assert_true(b == (size_t)512 << 20);
    assert_int_equal(budget_parse("1.5K", &b), 0);
    assert_true(b == 1536);
    assert_int_equal(budget_parse("4GB", &b), 0);
    assert_true(b == (size_t)4 << 30);
    assert_int_equal(budget_parse("100000", &b), 0);
    assert_true(b == 100000);
    assert_int_equal(budget_parse("", &b), -1);
    assert_int_equal(budget_parse("-1G", &b), -1);
    assert_int_equal(budget_parse("2X", &b), -1);
    assert_int_equal(budget_parse("2GiB", &b), -1);
    assert_int_equal(budget_parse("1e30", &b), -1);
}

static void test_products_saturate_instead_of_wrapping(void **state)
{
    (void)state;
    assert_true(budget_mul(65536, 65536) == (size_t)1 << 32);
    assert_true(budget_mul(SIZE_MAX / 2, 3) == SIZE_MAX);
    assert_true(budget_add(SIZE_MAX - 1, 5) == SIZE_MAX);
    assert_true(budget_mul(0, SIZE_MAX) == 0);
}

static void test_a_refusal_names_what_the_estimate_and_the_budget(void **state)
{
    (void)state;
    setenv("MLLAB_MEMORY_LIMIT", "1M", 1);
    Error err = { 0 };
    assert_int_equal(budget_check((size_t)1 << 20, "x", &err), 0);
    assert_int_equal(budget_check((size_t)3 << 20, "mlp -p hidden=9", &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_string_equal(err.msg, "mlp -p hidden=9: needs about 3.0 MB, above the memory budget "
                                 "of 1.0 MB (MLLAB_MEMORY_LIMIT)");
    assert_int_equal(budget_check(SIZE_MAX, "w", &err), -1);
    assert_non_null(strstr(err.msg, "needs more than the address space"));
    setenv("MLLAB_MEMORY_LIMIT", "lots", 1);
    assert_int_equal(budget_check(1, "x", &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_string_equal(err.msg, "MLLAB_MEMORY_LIMIT=lots is not a size (e.g. 2G, 512M)");
    unsetenv("MLLAB_MEMORY_LIMIT");
    assert_true(budget_limit() > 0); /* half the physical memory */
}

/* budget_read_file of a memory stream (not a regular file). */
static int read_stream(const char *data, size_t n, int nul, size_t max, char **out, size_t *len,
                       Error *err)
{
    FILE *f = fmemopen((void *)data, n, "rb");
    assert_non_null(f);
    int rc = budget_read_file(f, "in.csv", "CSV file", nul, max, out, len, err);
    fclose(f);
    return rc;
}

static void test_streams_are_read_within_bounds(void **state)
{
    (void)state;
    size_t n = 200000, len = 0;
    char *data = malloc(n);
    memset(data, 'a', n);
    char *out = NULL;
    Error err = { 0 };
    assert_int_equal(read_stream(data, n, 1, 0, &out, &len, &err), 0);
    assert_true(len == n && out[n] == '\0');
    free(out);
    /* a cap below its size */
    assert_int_equal(read_stream(data, n, 1, 100000, &out, &len, &err), -1);
    assert_string_equal(err.msg, "in.csv: more than 98 KB read from a CSV file that is not a "
                                 "regular file; stopped (the most a stream may hold)");
    /* exactly the cap is fine */
    assert_int_equal(read_stream(data, 100000, 1, 100000, &out, &len, &err), 0);
    assert_true(len == 100000);
    free(out);
    /* a zero byte: binary, refused where it is */
    data[70000] = '\0';
    assert_int_equal(read_stream(data, n, 1, 0, &out, &len, &err), -1);
    assert_string_equal(err.msg, "in.csv: binary data (a zero byte at offset 70000), not a CSV file");
    assert_int_equal(read_stream(data, n, 0, 0, &out, &len, &err), 0); /* binary allowed */
    free(out);
    /* the budget */
    setenv("MLLAB_MEMORY_LIMIT", "100K", 1);
    assert_int_equal(read_stream(data, n, 0, 0, &out, &len, &err), -1);
    assert_non_null(strstr(err.msg, "stopped (the memory budget)"));
    unsetenv("MLLAB_MEMORY_LIMIT");
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes_parse_with_binary_units),
        cmocka_unit_test(test_products_saturate_instead_of_wrapping),
        cmocka_unit_test(test_a_refusal_names_what_the_estimate_and_the_budget),
        cmocka_unit_test(test_streams_are_read_within_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
