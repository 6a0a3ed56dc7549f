/* cli_info.c - the commands that describe rather than train:
 * `mllab list` (the algorithms by group, then the lessons by group),
 * `mllab info NAME` (an algorithm's parameters and card, or a lesson's
 * command and card) and `mllab datasets` (the named sets).  `list` reads
 * nothing from disk, so it answers at once. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "practice.h"
#include "registry.h"

/* --format's value: -1 to go on (*json set), else the exit status. */
static int format_value(const char *cmd, const char *value, bool *json)
{
    if (strcmp(value, "json") != 0 && strcmp(value, "text") != 0)
        return cli_usage_error("%s: --format '%s': use text or json", cmd, value);
    *json = strcmp(value, "json") == 0;
    return -1;
}

/* The options of list and datasets: --format text|json, --ascii, -h.
 * Returns -1 to go on (*json set), else the exit status. */
static int catalog_options(int argc, char **argv, const char *usage, bool *json)
{
    *json = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int status = -1;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
            return fputs(usage, stdout) < 0 ? 1 : 0;
        if (strcmp(a, "--ascii") == 0)
            cli_force_ascii();
        else if (strcmp(a, "--format") == 0 && i + 1 < argc)
            status = format_value(argv[0], argv[++i], json);
        else if (strncmp(a, "--format=", 9) == 0)
            status = format_value(argv[0], a + 9, json);
        else if (strcmp(a, "--format") == 0)
            status = cli_usage_error("%s: option '--format' needs a value (text or json)",
                                     argv[0]);
        else
            status = cli_usage_error("%s: unexpected argument '%s' (usage: %.*s)", argv[0], a,
                                     (int)strcspn(usage, "\n"), usage);
        if (status >= 0)
            return status;
    }
    return -1;
}

/* A JSON catalogue to stdout: the exit status. */
static int write_json(void (*build)(StrBuf *sb))
{
    StrBuf sb = STRBUF_INIT;
    Error err = { 0 };
    build(&sb);
    int status = cli_write_stdout(&sb, &err) < 0 ? cli_fail(&err) : 0;
    sb_free(&sb);
    return status;
}

static const char *const group_order[] = { "regression", "classification", "clustering",
                                           "neural networks", "operations" };

static bool is_known_group(const char *g)
{
    for (size_t i = 0; i < sizeof group_order / sizeof group_order[0]; i++)
        if (g && strcmp(g, group_order[i]) == 0)
            return true;
    return false;
}

static void list_group(StrBuf *sb, const Algo *const *all, int n, const char *group, bool other,
                       int title_width)
{
    bool header = false;
    for (int i = 0; i < n; i++) {
        const Algo *a = all[i];
        bool match = other ? !is_known_group(a->group) : a->group && strcmp(a->group, group) == 0;
        if (!match)
            continue;
        if (!header) {
            sb_printf(sb, "%s%s\n", sb->len ? "\n" : "", group);
            header = true;
        }
        int pad = title_width - utf8_width(a->title ? a->title : "");
        sb_printf(sb, "  %-14s %s%*s %s\n", a->name, a->title ? a->title : "", pad > 0 ? pad : 0,
                  "", a->summary ? a->summary : "");
    }
}

/* The lessons (registry.h) after the algorithms, group by group. */
static void list_lessons(StrBuf *sb)
{
    int n, n_groups, title_width = 0;
    const Lesson *all = lesson_registry(&n);
    const char *const *groups = lesson_groups(&n_groups);
    for (int i = 0; i < n; i++) {
        int w = utf8_width(all[i].title);
        if (w > title_width)
            title_width = w;
    }
    for (int g = 0; g < n_groups; g++) {
        bool header = false;
        for (int i = 0; i < n; i++) {
            if (strcmp(all[i].group, groups[g]) != 0)
                continue;
            if (!header)
                sb_printf(sb, "%s%s\n", sb->len ? "\n" : "", groups[g]);
            header = true;
            int pad = title_width - utf8_width(all[i].title);
            sb_printf(sb, "  %-16s %s%*s %s\n", all[i].name, all[i].title, pad > 0 ? pad : 0,
                      "", all[i].summary);
        }
    }
}

int cli_list(int argc, char **argv)
{
    bool json;
    int status = catalog_options(argc, argv, "usage: mllab list [--format text|json] [--ascii]\n",
                                 &json);
    if (status >= 0)
        return status;
    if (json)
        return write_json(cli_list_json);
    int n;
    const Algo *const *all = algo_registry(&n);
    int title_width = 0;
    for (int i = 0; i < n; i++) {
        int w = utf8_width(all[i]->title ? all[i]->title : "");
        if (w > title_width)
            title_width = w;
    }
    StrBuf sb = STRBUF_INIT;
    for (size_t g = 0; g < sizeof group_order / sizeof group_order[0]; g++)
        list_group(&sb, all, n, group_order[g], false, title_width);
    list_group(&sb, all, n, "other", true, title_width);
    list_lessons(&sb);
    if (n == 0)
        sb_append(&sb, "(no algorithm is built into this mllab yet)\n");
    else
        sb_append(&sb, "\nmllab info NAME shows an algorithm's parameters and card (a lesson's "
                       "command and card);\nmllab run ALGO trains an algorithm; "
                       "mllab tui opens every one in the lab.\n");
    Error err = { 0 };
    status = cli_write_text(&sb, &err) < 0 ? cli_fail(&err) : 0;
    sb_free(&sb);
    return status;
}

static const char *type_name(ParamType t)
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

static const char *kind_name(AlgoKind k)
{
    switch (k) {
    case ALGO_CLASSIFIER: return "classifier";
    case ALGO_REGRESSOR: return "regressor";
    case ALGO_CLUSTERER: return "clusterer";
    default: return "operation";
    }
}

/* "[1, 100]", "gini, entropy", "true/false". */
static void range_text(const ParamSpec *s, char *buf, size_t size)
{
    switch (s->type) {
    case PARAM_INT: snprintf(buf, size, "[%.0f, %.0f]", s->min, s->max); break;
    case PARAM_LIST: snprintf(buf, size, "items in [%.0f, %.0f]", s->min, s->max); break;
    case PARAM_FLOAT: snprintf(buf, size, "[%g, %g]", s->min, s->max); break;
    case PARAM_BOOL: snprintf(buf, size, "true/false"); break;
    case PARAM_CHOICE: {
        size_t used = 0;
        buf[0] = '\0';
        for (const char *c = s->choices ? s->choices : ""; *c && used + 4 < size; c++) {
            if (*c == '|') {
                used += (size_t)snprintf(buf + used, size - used, ", ");
            } else {
                buf[used++] = *c;
                buf[used] = '\0';
            }
        }
        break;
    }
    default: snprintf(buf, size, "-"); break;
    }
}

/* Append the card file's text, or a note that there is none. */
static void append_card(StrBuf *sb, const char *name)
{
    char rel[256], path[PATH_MAX];
    snprintf(rel, sizeof rel, "algorithms/%s.md", name);
    if (!path_join(path, sizeof path, path_docs_dir(), rel)) {
        sb_append(sb, "\n(no card: the docs path is too long)\n");
        return;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        sb_printf(sb, "\n(no card yet: %s)\n", path);
        return;
    }
    sb_append(sb, "\n");
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_append_n(sb, buf, n);
    fclose(f);
    if (sb->len && sb->s[sb->len - 1] != '\n')
        sb_append(sb, "\n");
}

/* The one argument of `mllab info`: -1 with *name set, else the exit status. */
static int info_argument(int argc, char **argv, const char **name)
{
    *name = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs("usage: mllab info NAME (an algorithm or a lesson of mllab list)\n", stdout);
            return 0;
        }
        if (argv[i][0] == '-' || *name)
            return cli_usage_error("info: unexpected argument '%s' (usage: mllab info ALGO)",
                                   argv[i]);
        *name = argv[i];
    }
    if (!*name)
        return cli_usage_error("info: which algorithm? (mllab info ALGO; see mllab list)");
    return -1;
}

/* The lines under the title: group, scaling, summary, usage. */
static void info_lines(StrBuf *sb, const Algo *a)
{
    sb_printf(sb, "%s — %s\n", a->name, a->title ? a->title : "");
    sb_printf(sb, "  group     %s (%s)\n", a->group ? a->group : "-", kind_name(a->kind));
    if (a->kind != ALGO_OPERATION)
        sb_printf(sb, "  scaling   %s by default (none on image sets)\n",
                  scale_kind_name(a->default_scale));
    if (a->summary)
        sb_printf(sb, "  summary   %s\n", a->summary);
    if (a->kind == ALGO_OPERATION)
        sb_printf(sb, "  usage     mllab %s --help\n", a->name);
    else
        sb_printf(sb, "  usage     mllab run %s [-p KEY=VALUE ...]\n", a->name);
}

/* Practice mode (issue 9): the bank's exercises on this algorithm or
 * lesson (none when the bank cannot be read: `info` still answers). */
static void info_practice(StrBuf *sb, const char *name)
{
    PracticeExercise *all;
    int n;
    if (practice_bank_list(&all, &n, NULL) != 0)
        return;
    for (int i = 0; i < n; i++)
        if (practice_exercise_for_algorithm(&all[i], name))
            sb_printf(sb, "Practise this: mllab practice start %s\n", all[i].name);
    free(all);
}

/* The parameters as a table, or "No parameters." */
static void info_params(StrBuf *sb, const Algo *a)
{
    if (!a->params || !a->params[0].name) {
        sb_append(sb, "\nNo parameters.\n");
        return;
    }
    Table t;
    Error err = { 0 };
    if (table_init(&t, 5, &err) < 0)
        return;
    static const char *const heads[] = { "parameter", "type", "default", "range / choices",
                                         "what it does" };
    for (int c = 0; c < 5; c++)
        table_header(&t, c, heads[c], ALIGN_LEFT);
    for (const ParamSpec *s = a->params; s->name; s++) {
        char range[256];
        range_text(s, range, sizeof range);
        int r = table_add_row(&t);
        table_set(&t, r, 0, "%s", s->name);
        table_set(&t, r, 1, "%s", type_name(s->type));
        table_set(&t, r, 2, "%s", s->def ? s->def : "");
        table_set(&t, r, 3, "%s", range);
        table_set(&t, r, 4, "%s", s->help ? s->help : "");
    }
    sb_append(sb, "\nParameters\n");
    table_render(&t, cli_table_style(), sb);
    table_free(&t);
}

/* A lesson's lines: title, group, summary, the command that runs it. */
static void lesson_lines(StrBuf *sb, const Lesson *l)
{
    sb_printf(sb, "%s — %s\n", l->name, l->title);
    sb_printf(sb, "  group     %s (lesson)\n", l->group);
    sb_printf(sb, "  summary   %s\n", l->summary);
    sb_printf(sb, "  usage     %s\n", l->usage);
    sb_printf(sb, "  lab       mllab tui, then choose \"%s\" on the home screen\n", l->title);
}

int cli_info(int argc, char **argv)
{
    const char *name;
    int status = info_argument(argc, argv, &name);
    if (status >= 0)
        return status;
    const Algo *a = algo_find(name);
    const Lesson *l = a ? NULL : lesson_find(name);
    if (!a && !l)
        return cli_usage_error("unknown algorithm '%s' (see mllab list)", name);
    StrBuf sb = STRBUF_INIT;
    if (a) {
        info_lines(&sb, a);
        info_practice(&sb, a->name);
        info_params(&sb, a);
    } else {
        lesson_lines(&sb, l);
        info_practice(&sb, l->name);
    }
    append_card(&sb, a ? a->name : l->name);
    Error err = { 0 };
    status = cli_write_text(&sb, &err) < 0 ? cli_fail(&err) : 0;
    sb_free(&sb);
    return status;
}

/* One dataset's row (the task column when task). */
static void datasets_row(Table *t, const DatasetInfo *d, bool task)
{
    int r = table_add_row(t), c = 0;
    table_set(t, r, c++, "%s", d->name);
    if (task)
        table_set(t, r, c++, "%s", d->task == DS_REGRESSION ? "regression" : "classification");
    table_set(t, r, c++, "%s", d->shape ? d->shape : "");
    table_set(t, r, c++, "%s", d->generated ? "generated (seeded)" : d->image ? "images"
                                                                             : "bundled");
    table_set(t, r, c, "%s", d->title ? d->title : "");
}

/* The datasets table; the task column only when there is room (the shape
 * says "N classes" or "numeric target" too). */
static int datasets_table(Table *t, Error *err)
{
    int width = cli_width();
    bool task = width == 0 || width >= 120;
    int n, cols = task ? 5 : 4;
    const DatasetInfo *all = dataset_registry(&n);
    if (table_init(t, cols, err) < 0)
        return -1;
    static const char *const heads[] = { "name", "task", "shape", "kind", "what it is" };
    for (int c = 0, h = 0; c < cols; c++, h++) {
        h += !task && h == 1;
        table_header(t, c, heads[h], ALIGN_LEFT);
    }
    for (int i = 0; i < n; i++)
        datasets_row(t, &all[i], task);
    return 0;
}

int cli_datasets(int argc, char **argv)
{
    bool json;
    int status = catalog_options(argc, argv,
                                 "usage: mllab datasets [--format text|json] [--ascii]\n", &json);
    if (status >= 0)
        return status;
    if (json)
        return write_json(cli_datasets_json);
    Table t;
    Error err = { 0 };
    if (datasets_table(&t, &err) < 0)
        return cli_fail(&err);
    StrBuf sb = STRBUF_INIT;
    table_render(&t, cli_table_style(), &sb);
    table_free(&t);
    sb_append(&sb, "\nAny CSV file works too: --dataset FILE.csv (header row, numeric features, "
                   "the target last or --target COLUMN).\n");
    status = cli_write_text(&sb, &err) < 0 ? cli_fail(&err) : 0;
    sb_free(&sb);
    return status;
}
