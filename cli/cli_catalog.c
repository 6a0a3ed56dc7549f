/* cli_catalog.c - what mllab holds, for programs rather than people:
 * `mllab list --format json` and `mllab datasets --format json` (see
 * cli_info.c for the text forms), and the hidden `mllab complete WHAT`
 * that the shell completion scripts (completions/) ask for their lists, so
 * the lists never go stale. */
#include "cli.h"

#include <getopt.h>
#include <string.h>

#include "registry.h"

/* ---------------------------------------------------------------- JSON */

static const char *param_type_name(ParamType t)
{
    switch (t) {
    case PARAM_INT: return "int";
    case PARAM_FLOAT: return "float";
    case PARAM_BOOL: return "bool";
    case PARAM_CHOICE: return "choice";
    case PARAM_LIST: return "list";
    default: return "text";
    }
}

static const char *algo_kind_name(AlgoKind k)
{
    switch (k) {
    case ALGO_CLASSIFIER: return "classifier";
    case ALGO_REGRESSOR: return "regressor";
    case ALGO_CLUSTERER: return "clusterer";
    default: return "operation";
    }
}

/* "a|b|c" as ["a", "b", "c"]. */
static void json_choices(StrBuf *sb, const char *choices)
{
    sb_append(sb, "[");
    for (const char *c = choices; c && *c;) {
        size_t len = strcspn(c, "|");
        char item[128];
        snprintf(item, sizeof item, "%.*s", (int)(len < sizeof item ? len : sizeof item - 1), c);
        if (c != choices)
            sb_append(sb, ", ");
        sb_json_string(sb, item);
        c += len + (c[len] == '|');
    }
    sb_append(sb, "]");
}

static void json_param(StrBuf *sb, const ParamSpec *s)
{
    sb_append(sb, "{\"name\": ");
    sb_json_string(sb, s->name);
    sb_printf(sb, ", \"type\": \"%s\", \"default\": ", param_type_name(s->type));
    sb_json_string(sb, s->def ? s->def : "");
    if (s->type == PARAM_CHOICE) {
        sb_append(sb, ", \"choices\": ");
        json_choices(sb, s->choices);
    } else if (s->type == PARAM_INT || s->type == PARAM_FLOAT || s->type == PARAM_LIST) {
        sb_append(sb, ", \"min\": ");
        sb_json_double(sb, s->min);
        sb_append(sb, ", \"max\": ");
        sb_json_double(sb, s->max);
    }
    sb_append(sb, ", \"help\": ");
    sb_json_string(sb, s->help ? s->help : "");
    sb_append(sb, "}");
}

static void json_algo(StrBuf *sb, const Algo *a)
{
    sb_append(sb, "    {\"name\": ");
    sb_json_string(sb, a->name);
    sb_append(sb, ", \"title\": ");
    sb_json_string(sb, a->title ? a->title : "");
    sb_append(sb, ", \"group\": ");
    sb_json_string(sb, a->group ? a->group : "");
    sb_printf(sb, ", \"kind\": \"%s\", \"summary\": ", algo_kind_name(a->kind));
    sb_json_string(sb, a->summary ? a->summary : "");
    sb_append(sb, ",\n     \"params\": [");
    for (const ParamSpec *s = a->params; s && s->name; s++) {
        sb_append(sb, s == a->params ? "\n      " : ",\n      ");
        json_param(sb, s);
    }
    sb_append(sb, "]}");
}

static void json_lesson(StrBuf *sb, const Lesson *l)
{
    sb_append(sb, "    {\"name\": ");
    sb_json_string(sb, l->name);
    sb_append(sb, ", \"title\": ");
    sb_json_string(sb, l->title);
    sb_append(sb, ", \"group\": ");
    sb_json_string(sb, l->group);
    sb_append(sb, ", \"summary\": ");
    sb_json_string(sb, l->summary);
    sb_append(sb, ", \"usage\": ");
    sb_json_string(sb, l->usage);
    sb_append(sb, "}");
}

void cli_list_json(StrBuf *sb)
{
    int n, n_lessons;
    const Algo *const *all = algo_registry(&n);
    const Lesson *lessons = lesson_registry(&n_lessons);
    sb_append(sb, "{\n  \"algorithms\": [");
    for (int i = 0; i < n; i++) {
        sb_append(sb, i ? ",\n" : "\n");
        json_algo(sb, all[i]);
    }
    sb_append(sb, "\n  ],\n  \"lessons\": [");
    for (int i = 0; i < n_lessons; i++) {
        sb_append(sb, i ? ",\n" : "\n");
        json_lesson(sb, &lessons[i]);
    }
    sb_append(sb, "\n  ]\n}\n");
}

void cli_datasets_json(StrBuf *sb)
{
    int n;
    const DatasetInfo *all = dataset_registry(&n);
    sb_append(sb, "{\n  \"datasets\": [");
    for (int i = 0; i < n; i++) {
        const DatasetInfo *d = &all[i];
        sb_append(sb, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
        sb_json_string(sb, d->name);
        sb_printf(sb, ", \"task\": \"%s\", \"shape\": ",
                  d->task == DS_REGRESSION ? "regression" : "classification");
        sb_json_string(sb, d->shape ? d->shape : "");
        sb_printf(sb, ", \"kind\": \"%s\", \"title\": ",
                  d->generated ? "generated" : d->image ? "images" : "bundled");
        sb_json_string(sb, d->title ? d->title : "");
        sb_append(sb, "}");
    }
    sb_append(sb, "\n  ]\n}\n");
}

/* ---------------------------------------------------------------- completion */

static const char *const command_names[] = {
    "tui", "list", "info", "datasets", "run", "compare", "conv", "sample", "meet", "graph",
    "softmax", "lm", "tfidf", "practice", "help", "--help", "--version", NULL
};

/* The options of the commands that are not run or compare. */
static const char *const tui_options[] = { "--algo", "--dataset", "--ascii", "--help", NULL };
static const char *const catalog_options[] = { "--format", "--ascii", "--help", NULL };
static const char *const tui_valued[] = { "--algo", "--dataset", NULL };
static const char *const catalog_valued[] = { "--format", NULL };

static void put_lines(StrBuf *sb, const char *const *names)
{
    for (; names && *names; names++)
        sb_printf(sb, "%s\n", *names);
}

/* Algorithms of a kind (-1: every one; -2: every one that trains). */
static void put_algos(StrBuf *sb, int kind)
{
    int n;
    const Algo *const *all = algo_registry(&n);
    for (int i = 0; i < n; i++) {
        bool trains = all[i]->kind != ALGO_OPERATION && all[i]->create;
        if (kind == -1 || (kind == -2 && trains) || (kind >= 0 && (int)all[i]->kind == kind))
            sb_printf(sb, "%s\n", all[i]->name);
    }
}

static void put_lessons(StrBuf *sb)
{
    int n;
    const Lesson *all = lesson_registry(&n);
    for (int i = 0; i < n; i++)
        sb_printf(sb, "%s\n", all[i].name);
}

static void put_datasets(StrBuf *sb)
{
    int n;
    const DatasetInfo *all = dataset_registry(&n);
    for (int i = 0; i < n; i++)
        sb_printf(sb, "%s\n", all[i].name);
}

/* The long options of run or compare; valued: only those that take a value. */
static void put_run_options(StrBuf *sb, bool compare, bool valued)
{
    for (const struct option *o = cli_long_options(); o->name; o++)
        if ((!valued || o->has_arg == required_argument) && cli_option_applies(o, compare))
            sb_printf(sb, "--%s\n", o->name);
    if (valued)
        sb_append(sb, "-p\n");
}

static bool is_cmd(const char *cmd, const char *name)
{
    return cmd && strcmp(cmd, name) == 0;
}

/* The long options of a command; valued: only those that take a value. */
static void put_options(StrBuf *sb, const char *cmd, bool valued)
{
    if (is_cmd(cmd, "run") || is_cmd(cmd, "compare"))
        put_run_options(sb, is_cmd(cmd, "compare"), valued);
    else if (is_cmd(cmd, "tui"))
        put_lines(sb, valued ? tui_valued : tui_options);
    else if (is_cmd(cmd, "list") || is_cmd(cmd, "datasets"))
        put_lines(sb, valued ? catalog_valued : catalog_options);
    else if (!valued)
        sb_append(sb, "--help\n");
}

/* "KEY=" per parameter of ALGO, or the choices of its parameter KEY. */
static int put_params(StrBuf *sb, const char *algo_name, const char *key)
{
    const Algo *a = algo_name ? algo_find(algo_name) : NULL;
    if (!a)
        return 0; /* nothing to offer: not an error for a shell */
    for (const ParamSpec *s = a->params; s && s->name; s++) {
        if (!key) {
            sb_printf(sb, "%s=\n", s->name);
        } else if (strcmp(s->name, key) == 0) {
            const char *c = s->type == PARAM_BOOL ? "true|false" : s->choices;
            for (; c && *c;) {
                size_t len = strcspn(c, "|");
                sb_printf(sb, "%.*s\n", (int)len, c);
                c += len + (c[len] == '|');
            }
        }
    }
    return 0;
}

/* The fixed values of an option of a command. */
static void put_values(StrBuf *sb, const char *cmd, const char *option)
{
    bool catalog = cmd && (strcmp(cmd, "list") == 0 || strcmp(cmd, "datasets") == 0);
    if (!option)
        return;
    if (strcmp(option, "--format") == 0)
        sb_append(sb, catalog ? "text\njson\n" : "text\njson\ncsv\n");
    else if (strcmp(option, "--scale") == 0)
        sb_append(sb, "none\nstandard\nminmax\n");
    else if (strcmp(option, "--impute") == 0)
        sb_append(sb, "mean\nmedian\nmost_frequent\n");
}

static const char complete_usage[] =
    "usage: mllab complete WHAT [ARG...]   (for the shell completion scripts)\n"
    "  commands | algorithms | trainable | classifiers | lessons | datasets\n"
    "  options CMD | valued CMD (the options of CMD that take a value)\n"
    "  params ALGO (KEY= per parameter) | choices ALGO KEY\n"
    "  values CMD OPTION (the values of --format, --scale, --impute)\n";

/* The lists of names that take no argument: 0, or 2 for another WHAT. */
static int complete_names(StrBuf *sb, const char *what)
{
    if (strcmp(what, "commands") == 0)
        put_lines(sb, command_names);
    else if (strcmp(what, "algorithms") == 0)
        put_algos(sb, -1);
    else if (strcmp(what, "trainable") == 0)
        put_algos(sb, -2);
    else if (strcmp(what, "classifiers") == 0)
        put_algos(sb, ALGO_CLASSIFIER);
    else if (strcmp(what, "lessons") == 0)
        put_lessons(sb);
    else if (strcmp(what, "datasets") == 0)
        put_datasets(sb);
    else
        return 2;
    return 0;
}

/* The list WHAT names into sb: 0, or 2 for an unknown WHAT. */
static int complete_list(StrBuf *sb, const char *what, const char *arg, const char *arg2)
{
    if (strcmp(what, "options") == 0 || strcmp(what, "valued") == 0)
        put_options(sb, arg, what[0] == 'v');
    else if (strcmp(what, "params") == 0 || strcmp(what, "choices") == 0)
        return put_params(sb, arg, what[0] == 'c' ? (arg2 ? arg2 : "") : NULL);
    else if (strcmp(what, "values") == 0)
        put_values(sb, arg, arg2);
    else
        return complete_names(sb, what);
    return 0;
}

int cli_complete(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs(complete_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    StrBuf sb = STRBUF_INIT;
    int status = complete_list(&sb, argv[1], argc > 2 ? argv[2] : NULL, argc > 3 ? argv[3] : NULL);
    if (status == 2) {
        sb_free(&sb);
        return cli_usage_error("complete: unknown list '%s' (see mllab complete --help)",
                               argv[1]);
    }
    Error err = { 0 };
    status = cli_write_stdout(&sb, &err) < 0 ? cli_fail(&err) : 0;
    sb_free(&sb);
    return status;
}
