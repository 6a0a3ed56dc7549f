/* test_state_file.c - the lab's memory (src/state_file.c): entries survive
 * a format/parse round trip (escapes included) and a save/load through a
 * folder that did not exist; a later key overrides; removing by prefix;
 * corrupt input (no header, a line without '=', a bad key, a bad escape, a
 * NUL byte, an empty file) is refused whole with the line named; a missing
 * file is "nothing saved", an unreadable one an error naming it; the path
 * follows XDG_STATE_HOME, else HOME. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "state_file.h"
#include "test_util.h"

static void state_round_trips_through_its_text(void **state)
{
    (void)state;
    StateFile s, t;
    state_init(&s);
    state_init(&t);
    assert_int_equal(state_set(&s, "dataset", "iris", NULL), 0);
    assert_int_equal(state_set(&s, "param.mlp.arch", "a\\b\nc\rd = e", NULL), 0);
    assert_int_equal(state_set(&s, "view.kmeans", "", NULL), 0);
    StrBuf sb = STRBUF_INIT;
    state_format(&s, &sb);
    assert_string_equal(sb_str(&sb), "# mllab state 1\ndataset=iris\n"
                                     "param.mlp.arch=a\\\\b\\nc\\rd = e\nview.kmeans=\n");
    Error err;
    assert_int_equal(state_parse(&t, sb.s, sb.len, &err), 0);
    assert_int_equal(t.n, 3);
    assert_string_equal(state_get(&t, "dataset"), "iris");
    assert_string_equal(state_get(&t, "param.mlp.arch"), "a\\b\nc\rd = e");
    assert_string_equal(state_get(&t, "view.kmeans"), "");
    assert_null(state_get(&t, "algo"));
    sb_free(&sb);
    state_free(&s);
    state_free(&t);
}

static void state_set_overrides_removes_and_checks_keys(void **state)
{
    (void)state;
    StateFile s;
    state_init(&s);
    Error err;
    assert_int_equal(state_set(&s, "algo", "knn", &err), 0);
    assert_int_equal(state_set(&s, "algo", "svm", &err), 0);
    assert_int_equal(s.n, 1);
    assert_string_equal(state_get(&s, "algo"), "svm");
    assert_int_equal(state_set(&s, "param.knn.k", "5", &err), 0);
    assert_int_equal(state_set(&s, "param.knn.weights", "distance", &err), 0);
    assert_int_equal(state_set(&s, "param.kmeans.k", "3", &err), 0);
    state_remove_prefix(&s, "param.knn.");
    assert_int_equal(s.n, 2);
    assert_string_equal(state_get(&s, "param.kmeans.k"), "3");
    assert_int_equal(state_set(&s, "algo", NULL, &err), 0);
    assert_null(state_get(&s, "algo"));
    assert_int_equal(state_set(&s, "a b", "x", &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_int_equal(state_set(&s, "", "x", &err), -1);
    state_free(&s);
}

static void parse_skips_comments_and_blank_lines_and_later_keys_win(void **state)
{
    (void)state;
    const char *text = "# mllab state 1\r\n\n# a note\nalgo=knn\nalgo=svm\r\n";
    StateFile s;
    state_init(&s);
    assert_int_equal(state_parse(&s, text, strlen(text), NULL), 0);
    assert_int_equal(s.n, 1);
    assert_string_equal(state_get(&s, "algo"), "svm");
    state_free(&s);
}

/* text is refused, the message naming line `line`, and s left empty. */
static void assert_corrupt(const char *text, size_t len, int line)
{
    StateFile s;
    state_init(&s);
    state_set(&s, "left", "over", NULL);
    Error err;
    assert_int_equal(state_parse(&s, text, len, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_int_equal(s.n, 0);
    if (line > 0) {
        char want[32];
        snprintf(want, sizeof want, "line %d:", line);
        assert_non_null(strstr(err.msg, want));
    }
    state_free(&s);
}

static void corrupt_input_is_refused_whole_naming_the_line(void **state)
{
    (void)state;
    const char *no_header = "algo=knn\n";
    assert_corrupt(no_header, strlen(no_header), 1);
    const char *no_equals = "# mllab state 1\nalgo=knn\ngarbage\n";
    assert_corrupt(no_equals, strlen(no_equals), 3);
    const char *bad_key = "# mllab state 1\nal go=knn\n";
    assert_corrupt(bad_key, strlen(bad_key), 2);
    const char *bad_escape = "# mllab state 1\nalgo=kn\\x\n";
    assert_corrupt(bad_escape, strlen(bad_escape), 2);
    const char *trailing_backslash = "# mllab state 1\nalgo=knn\\";
    assert_corrupt(trailing_backslash, strlen(trailing_backslash), 2);
    const char nul[] = "# mllab state 1\nalgo=k\0nn\n";
    assert_corrupt(nul, sizeof nul - 1, 0);
    assert_corrupt("", 0, 1);
    const char binary[] = "\x89PNG\r\n\x1a\n";
    assert_corrupt(binary, sizeof binary - 1, 1);
}

static void save_makes_folders_and_load_reads_it_back(void **state)
{
    (void)state;
    char dir[64], path[160];
    snprintf(dir, sizeof dir, "/tmp/mllab-state.XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/a/b/state", dir);
    StateFile s, t;
    state_init(&s);
    state_init(&t);
    Error err;
    assert_int_equal(state_load(&t, path, &err), 1); /* nothing saved yet */
    state_set(&s, "dataset", "moons", NULL);
    assert_int_equal(state_save(&s, path, &err), 0);
    assert_int_equal(state_load(&t, path, &err), 0);
    assert_string_equal(state_get(&t, "dataset"), "moons");
    struct stat st;
    char sub[160];
    snprintf(sub, sizeof sub, "%s/a", dir);
    assert_int_equal(stat(sub, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    /* a corrupt file: -1 naming the file */
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("not a state file\n", f);
    fclose(f);
    assert_int_equal(state_load(&t, path, &err), -1);
    assert_non_null(strstr(err.msg, path));
    assert_non_null(strstr(err.msg, "line 1"));
    assert_int_equal(t.n, 0);
    unlink(path);
    /* unreadable (a folder where the file should be): -1 naming it */
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(state_load(&t, path, &err), -1);
    assert_int_equal(err.code, ERR_IO);
    assert_non_null(strstr(err.msg, path));
    assert_non_null(strstr(err.msg, "Is a directory"));
    rmdir(path);
    snprintf(sub, sizeof sub, "%s/a/b", dir);
    rmdir(sub);
    snprintf(sub, sizeof sub, "%s/a", dir);
    rmdir(sub);
    rmdir(dir);
    state_free(&s);
    state_free(&t);
}

static void path_follows_xdg_state_home_else_home(void **state)
{
    (void)state;
    char buf[256];
    setenv("XDG_STATE_HOME", "/x/state", 1);
    setenv("HOME", "/home/u", 1);
    assert_int_equal(state_path(buf, sizeof buf, NULL), 0);
    assert_string_equal(buf, "/x/state/mllab/state");
    setenv("XDG_STATE_HOME", "relative/ignored", 1); /* the spec wants an absolute path */
    assert_int_equal(state_path(buf, sizeof buf, NULL), 0);
    assert_string_equal(buf, "/home/u/.local/state/mllab/state");
    unsetenv("XDG_STATE_HOME");
    assert_int_equal(state_path(buf, sizeof buf, NULL), 0);
    assert_string_equal(buf, "/home/u/.local/state/mllab/state");
    unsetenv("HOME");
    Error err;
    assert_int_equal(state_path(buf, sizeof buf, &err), -1);
    assert_int_equal(err.code, ERR_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(state_round_trips_through_its_text),
        cmocka_unit_test(state_set_overrides_removes_and_checks_keys),
        cmocka_unit_test(parse_skips_comments_and_blank_lines_and_later_keys_win),
        cmocka_unit_test(corrupt_input_is_refused_whole_naming_the_line),
        cmocka_unit_test(save_makes_folders_and_load_reads_it_back),
        cmocka_unit_test(path_follows_xdg_state_home_else_home),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
