/* test_atomic_file.c - output files written whole or not at all: a commit
 * replaces the target, an abort (a failed run) leaves the previous file as
 * it was and no temporary file behind, a device is written in place and a
 * write error names the path and the reason. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "test_util.h"

/* A fresh directory; its path in dir (size 64). */
static void make_dir(char *dir)
{
    snprintf(dir, 64, "/tmp/mllab-atomic.XXXXXX");
    assert_non_null(mkdtemp(dir));
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *get(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Entries in dir besides . and .. */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void test_commit_replaces_and_abort_keeps_the_previous_file(void **state)
{
    (void)state;
    char dir[64], path[128], buf[64];
    make_dir(dir);
    snprintf(path, sizeof path, "%s/model.nn", dir);
    put(path, "old");
    AtomicFile af;
    Error err = { 0 };
    assert_int_equal(atomic_file_open(&af, path, &err), 0);
    fputs("half", af.f);
    assert_string_equal(get(path, buf, sizeof buf), "old"); /* not touched while writing */
    atomic_file_abort(&af);
    assert_string_equal(get(path, buf, sizeof buf), "old");
    assert_int_equal(entries(dir), 1); /* no temporary file left */
    assert_int_equal(atomic_file_open(&af, path, &err), 0);
    fputs("new", af.f);
    assert_int_equal(atomic_file_commit(&af, &err), 0);
    assert_string_equal(get(path, buf, sizeof buf), "new");
    assert_int_equal(entries(dir), 1);
    atomic_file_abort(&af); /* safe after commit */
    unlink(path);
    rmdir(dir);
}

static void test_a_new_file_gets_the_usual_mode_and_an_old_one_keeps_its_own(void **state)
{
    (void)state;
    char dir[64], path[128];
    make_dir(dir);
    snprintf(path, sizeof path, "%s/p.csv", dir);
    mode_t mask = umask(022);
    AtomicFile af;
    Error err = { 0 };
    assert_int_equal(atomic_file_open(&af, path, &err), 0);
    assert_int_equal(atomic_file_commit(&af, &err), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644); /* not mkstemp's 0600 */
    chmod(path, 0640);
    assert_int_equal(atomic_file_open(&af, path, &err), 0);
    assert_int_equal(atomic_file_commit(&af, &err), 0);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    umask(mask);
    unlink(path);
    rmdir(dir);
}

static void test_a_device_is_written_in_place_and_errors_name_the_path(void **state)
{
    (void)state;
    AtomicFile af;
    Error err = { 0 };
    assert_int_equal(atomic_file_open(&af, "/dev/null", &err), 0);
    assert_null(af.tmp);
    fputs("x", af.f);
    assert_int_equal(atomic_file_commit(&af, &err), 0);
    struct stat st;
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode)); /* still the device */
    if (stat("/dev/full", &st) == 0) {
        assert_int_equal(atomic_file_open(&af, "/dev/full", &err), 0);
        fputs("x", af.f);
        assert_int_equal(atomic_file_commit(&af, &err), -1);
        assert_int_equal(err.code, ERR_IO);
        assert_string_equal(err.msg, "/dev/full: write failed: No space left on device");
    }
    assert_int_equal(atomic_file_open(&af, "/nonexistent-dir/x", &err), -1);
    assert_string_equal(err.msg, "/nonexistent-dir/x: cannot write: No such file or directory");
}

static void test_the_same_file_is_found_by_inode(void **state)
{
    (void)state;
    char dir[64], a[128], b[128];
    make_dir(dir);
    snprintf(a, sizeof a, "%s/a.csv", dir);
    snprintf(b, sizeof b, "%s/./a.csv", dir);
    put(a, "x");
    assert_true(atomic_same_file(a, b));
    assert_false(atomic_same_file(a, "/dev/null"));
    assert_false(atomic_same_file(a, NULL));
    unlink(a);
    assert_false(atomic_same_file(a, b)); /* neither exists */
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_replaces_and_abort_keeps_the_previous_file),
        cmocka_unit_test(test_a_new_file_gets_the_usual_mode_and_an_old_one_keeps_its_own),
        cmocka_unit_test(test_a_device_is_written_in_place_and_errors_name_the_path),
        cmocka_unit_test(test_the_same_file_is_found_by_inode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
