/* cli_interview.c - parsing option values for the interview subcommands
 * (see cli_interview.h). */
#include "cli_interview.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int cli_value_long(const char *s, long long min, long long max, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || errno == ERANGE || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int cli_value_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int cli_value_seed(const char *s, uint64_t *out)
{
    if (!*s || strspn(s, "0123456789") != strlen(s))
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno == ERANGE)
        return -1;
    *out = (uint64_t)v;
    return 0;
}

int cli_value_doubles(const char *s, double **out, int *n)
{
    int count = 1;
    for (const char *c = s; *c; c++)
        count += *c == ',';
    double *v = malloc((size_t)count * sizeof *v);
    if (!v)
        return -1;
    const char *p = s;
    for (int i = 0; i < count; i++) {
        char *end;
        errno = 0;
        v[i] = strtod(p, &end);
        bool bad = end == p || errno == ERANGE || (*end != ',' && *end != '\0');
        if (bad) {
            free(v);
            return -1;
        }
        p = end + 1;
    }
    *out = v;
    *n = count;
    return 0;
}

int cli_value_format(const char *s, OutputFormat *out)
{
    if (strcmp(s, "text") == 0)
        *out = FORMAT_TEXT;
    else if (strcmp(s, "json") == 0)
        *out = FORMAT_JSON;
    else
        return -1;
    return 0;
}

int cli_write_trace_file(const char *path, Trace *trace, Error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return error_set(err, ERR_IO, "%s: cannot write: %s", path, strerror(errno));
    int rc = trace_write_jsonl(trace, f, err);
    if (fclose(f) != 0 || rc < 0)
        return error_set(err, ERR_IO, "%s: write failed", path);
    return 0;
}

int cli_option_error(const char *cmd, int c, char **argv, int optind_now)
{
    if (c == ':')
        return cli_usage_error("%s: option '%s' needs a value", cmd, argv[optind_now - 1]);
    return cli_usage_error("%s: unknown option '%s' (see mllab %s --help)", cmd,
                           argv[optind_now - 1], cmd);
}
