/* params.c - parameter schemas: defaults, validation, typed getters. */
#include "params.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int params_init(Params *p, const ParamSpec *spec, Error *err)
{
    p->spec = spec;
    p->count = 0;
    p->values = NULL;
    while (spec && spec[p->count].name)
        p->count++;
    p->values = calloc((size_t)(p->count ? p->count : 1), sizeof *p->values);
    if (!p->values)
        return error_set(err, ERR_NOMEM, "out of memory for parameters");
    for (int i = 0; i < p->count; i++) {
        if (params_set(p, spec[i].name, spec[i].def, err) < 0) {
            params_free(p);
            return -1;
        }
        p->values[i].is_default = true;
    }
    return 0;
}

void params_free(Params *p)
{
    if (!p || !p->values)
        return;
    for (int i = 0; i < p->count; i++)
        free(p->values[i].text);
    free(p->values);
    p->values = NULL;
    p->count = 0;
}

int params_copy(Params *dst, const Params *src, Error *err)
{
    if (params_init(dst, src->spec, err) < 0)
        return -1;
    for (int i = 0; i < src->count; i++) {
        if (params_set(dst, src->spec[i].name, src->values[i].text, err) < 0) {
            params_free(dst);
            return -1;
        }
        dst->values[i].is_default = src->values[i].is_default;
    }
    return 0;
}

const ParamSpec *params_find_spec(const ParamSpec *spec, const char *name)
{
    for (int i = 0; spec && spec[i].name; i++)
        if (strcmp(spec[i].name, name) == 0)
            return &spec[i];
    return NULL;
}

static int find_index(const Params *p, const char *name)
{
    for (int i = 0; i < p->count; i++)
        if (strcmp(p->spec[i].name, name) == 0)
            return i;
    return -1;
}

static int parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static int parse_bool(const char *s, double *out)
{
    static const char *yes[] = { "1", "true", "yes", "on" };
    static const char *no[] = { "0", "false", "no", "off" };
    for (int i = 0; i < 4; i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *out = 1;
            return 0;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *out = 0;
            return 0;
        }
    }
    return -1;
}

static bool choice_ok(const char *choices, const char *value)
{
    size_t n = strlen(value);
    const char *c = choices;
    while (c && *c) {
        const char *bar = strchr(c, '|');
        size_t len = bar ? (size_t)(bar - c) : strlen(c);
        if (len == n && strncmp(c, value, n) == 0)
            return true;
        c = bar ? bar + 1 : NULL;
    }
    return false;
}

/* "a|b|c" as "a, b or c" (a '|' reads like a table border). */
static void choices_text(const char *choices, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const char *c = choices ? choices : ""; *c && used + 5 < size;) {
        size_t len = strcspn(c, "|");
        const char *sep = c == choices ? "" : strchr(c, '|') ? ", " : " or ";
        int n = snprintf(buf + used, size - used, "%s%.*s", sep, (int)len, c);
        used = n > 0 && (size_t)n < size - used ? used + (size_t)n : size - 1;
        c += len + (c[len] == '|');
    }
}

static int choice_error(const ParamSpec *s, const char *value, Error *err)
{
    char list[256];
    choices_text(s->choices, list, sizeof list);
    return error_set(err, ERR_USAGE, "parameter %s=%s is not one of %s", s->name, value, list);
}

static int range_error(const ParamSpec *s, const char *value, Error *err)
{
    if (s->type == PARAM_INT || s->type == PARAM_LIST)
        return error_set(err, ERR_USAGE, "parameter %s=%s is out of range [%.0f, %.0f]", s->name,
                         value, s->min, s->max);
    return error_set(err, ERR_USAGE, "parameter %s=%s is out of range [%g, %g]", s->name, value,
                     s->min, s->max);
}

int params_set(Params *p, const char *name, const char *value, Error *err)
{
    int i = find_index(p, name);
    if (i < 0)
        return error_set(err, ERR_USAGE, "unknown parameter '%s'", name);
    const ParamSpec *s = &p->spec[i];
    ParamValue v = { 0 };
    switch (s->type) {
    case PARAM_INT:
        if (parse_number(value, &v.num) < 0 || v.num != floor(v.num))
            return error_set(err, ERR_USAGE, "parameter %s=%s is not an integer", name, value);
        if (v.num < s->min || v.num > s->max)
            return range_error(s, value, err);
        break;
    case PARAM_FLOAT:
        if (parse_number(value, &v.num) < 0)
            return error_set(err, ERR_USAGE, "parameter %s=%s is not a number", name, value);
        if (v.num < s->min || v.num > s->max)
            return range_error(s, value, err);
        break;
    case PARAM_BOOL:
        if (parse_bool(value, &v.num) < 0)
            return error_set(err, ERR_USAGE, "parameter %s=%s is not true/false", name, value);
        break;
    case PARAM_CHOICE:
        if (!choice_ok(s->choices, value))
            return choice_error(s, value, err);
        break;
    case PARAM_LIST: {
        const char *c = value;
        while (*c) {
            if (v.list_len == PARAMS_MAX_LIST)
                return error_set(err, ERR_USAGE, "parameter %s has more than %d items", name,
                                 PARAMS_MAX_LIST);
            char *end;
            errno = 0;
            long item = strtol(c, &end, 10);
            /* a comma must be followed by another item ("32," is refused) */
            if (end == c || (*end != ',' && *end != '\0') || (*end == ',' && end[1] == '\0') ||
                errno == ERANGE)
                return error_set(err, ERR_USAGE,
                                 "parameter %s=%s is not a comma-separated list of integers",
                                 name, value);
            if (item < s->min || item > s->max)
                return range_error(s, value, err);
            v.list[v.list_len++] = (int)item;
            c = *end == ',' ? end + 1 : end;
        }
        if (v.list_len == 0 && s->min > 0)
            return error_set(err, ERR_USAGE, "parameter %s is an empty list", name);
        break;
    }
    case PARAM_STRING:
        break;
    }
    v.text = strdup(value);
    if (!v.text)
        return error_set(err, ERR_NOMEM, "out of memory for parameter %s", name);
    free(p->values[i].text);
    p->values[i] = v;
    return 0;
}

int params_parse_kv(Params *p, const char *kv, Error *err)
{
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv)
        return error_set(err, ERR_USAGE, "parameter '%s' is not KEY=VALUE", kv);
    char name[64];
    size_t n = (size_t)(eq - kv);
    if (n >= sizeof name)
        return error_set(err, ERR_USAGE, "parameter name in '%s' is too long", kv);
    memcpy(name, kv, n);
    name[n] = '\0';
    return params_set(p, name, eq + 1, err);
}

static const ParamValue *get(const Params *p, const char *name)
{
    int i = find_index(p, name);
    assert(i >= 0 && "parameter not in schema");
    static const ParamValue none = { 0 };
    return i >= 0 ? &p->values[i] : &none;
}

int params_int(const Params *p, const char *name)
{
    return (int)get(p, name)->num;
}

double params_float(const Params *p, const char *name)
{
    return get(p, name)->num;
}

bool params_bool(const Params *p, const char *name)
{
    return get(p, name)->num != 0;
}

const char *params_str(const Params *p, const char *name)
{
    const char *t = get(p, name)->text;
    return t ? t : "";
}

int params_list(const Params *p, const char *name, int *out, int max)
{
    const ParamValue *v = get(p, name);
    for (int i = 0; i < v->list_len && i < max; i++)
        out[i] = v->list[i];
    return v->list_len;
}

void params_to_json(const Params *p, StrBuf *sb)
{
    sb_append(sb, "{");
    for (int i = 0; i < p->count; i++) {
        const ParamSpec *s = &p->spec[i];
        const ParamValue *v = &p->values[i];
        if (i)
            sb_append(sb, ", ");
        sb_json_string(sb, s->name);
        sb_append(sb, ": ");
        switch (s->type) {
        case PARAM_INT:
        case PARAM_FLOAT: sb_json_double(sb, v->num); break;
        case PARAM_BOOL: sb_append(sb, v->num ? "true" : "false"); break;
        case PARAM_LIST: sb_json_int_array(sb, v->list, v->list_len); break;
        default: sb_json_string(sb, v->text ? v->text : ""); break;
        }
    }
    sb_append(sb, "}");
}

void params_to_text(const Params *p, StrBuf *sb)
{
    for (int i = 0; i < p->count; i++)
        sb_printf(sb, "%s%s=%s", i ? " " : "", p->spec[i].name,
                  p->values[i].text ? p->values[i].text : "");
}
