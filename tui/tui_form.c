/* tui_form.c - the parameter form (see tui_form.h): editing, cycling and
 * setting parameters by name, and drawing the form with the selected
 * parameter's help under it. */
#include "tui_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int form_init(ParamForm *f, const ParamSpec *spec, Error *err)
{
    memset(&f->params, 0, sizeof f->params);
    f->ready = params_init(&f->params, spec, err) == 0;
    f->threshold_auto = false;
    return f->ready ? 0 : -1;
}

void form_free(ParamForm *f)
{
    if (f->ready)
        params_free(&f->params);
    f->ready = false;
}

/* The schema has a `threshold` (a binary classifier's), so it takes auto. */
static bool has_threshold(const ParamForm *f)
{
    return f->ready && params_find_spec(f->params.spec, "threshold") != NULL;
}

static bool is_threshold_row(const ParamForm *f, int i)
{
    return i < f->params.count && strcmp(f->params.spec[i].name, "threshold") == 0;
}

/* The new value (Params, or threshold=auto) is set: end the edit, tell the owner. */
static void accepted(ParamForm *f, Screen *owner, App *app, const char *name, const char *value)
{
    f->error[0] = '\0';
    f->editing = false;
    f->kv_mode = false;
    if (f->changed)
        f->changed(owner, app, name, value);
    app_message(app, "%s = %s (run reset)", name, value);
}

void form_apply(ParamForm *f, Screen *owner, App *app, const char *name_in, const char *value_in)
{
    /* name and value may point into f->params, which is replaced below. */
    char name[64], value[1024];
    snprintf(name, sizeof name, "%s", name_in);
    snprintf(value, sizeof value, "%s", value_in);
    bool threshold = strcmp(name, "threshold") == 0 && has_threshold(f);
    if (threshold && strcmp(value, "auto") == 0) {
        f->threshold_auto = true;
        accepted(f, owner, app, name, value);
        return;
    }
    Params tmp;
    Error err;
    memset(&tmp, 0, sizeof tmp);
    if (params_copy(&tmp, &f->params, &err) < 0 || params_set(&tmp, name, value, &err) < 0) {
        snprintf(f->error, sizeof f->error, "%s", err.msg);
        size_t n = strlen(f->error);
        if (threshold)
            snprintf(f->error + n, sizeof f->error - n, " (or auto: the best F1)");
        if (tmp.values)
            params_free(&tmp);
        return;
    }
    params_free(&f->params);
    f->params = tmp;
    if (threshold)
        f->threshold_auto = false;
    accepted(f, owner, app, name, value);
}

/* Row i's value as shown and edited: auto for threshold=auto. */
static const char *row_value(const ParamForm *f, int i)
{
    return f->threshold_auto && is_threshold_row(f, i) ? "auto" : f->params.values[i].text;
}

/* ---- keys ------------------------------------------------------------------ */

bool form_key_up(Screen *s, App *app, int key)
{
    (void)app, (void)key;
    ParamForm *f = s->form;
    if (f->sel > 0)
        f->sel--;
    f->error[0] = '\0';
    return true;
}

bool form_key_down(Screen *s, App *app, int key)
{
    (void)app, (void)key;
    ParamForm *f = s->form;
    if (f->ready && f->sel < f->params.count - 1)
        f->sel++;
    f->error[0] = '\0';
    return true;
}

bool form_key_move(Screen *s, App *app, int key)
{
    return key == TK_UP ? form_key_up(s, app, key) : form_key_down(s, app, key);
}

bool form_key_edit(Screen *s, App *app, int key)
{
    (void)app, (void)key;
    ParamForm *f = s->form;
    if (f->ready && f->sel < f->params.count) {
        f->editing = true;
        field_set(&f->field, row_value(f, f->sel));
    }
    return true;
}

bool form_key_by_name(Screen *s, App *app, int key)
{
    (void)app, (void)key;
    ParamForm *f = s->form;
    if (f->ready) {
        f->editing = true;
        f->kv_mode = true;
        f->error[0] = '\0';
        field_set(&f->field, "");
    }
    return true;
}

/* The words of "a|b|c" (at most max); *at = the index of cur. */
static int choice_words(const char *choices, const char *cur, int *at, char words[][48], int max)
{
    int n = 0;
    const char *p = choices;
    *at = 0;
    while (*p && n < max) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len >= 48)
            len = 47;
        memcpy(words[n], p, len);
        words[n][len] = '\0';
        if (cur && strcmp(words[n], cur) == 0)
            *at = n;
        n++;
        p = bar ? bar + 1 : p + len;
    }
    return n;
}

/* Left/Right on threshold: auto, or back to the number. */
static bool cycle_threshold(Screen *s, App *app)
{
    ParamForm *f = s->form;
    form_apply(f, s, app, "threshold", f->threshold_auto ? f->params.values[f->sel].text : "auto");
    return true;
}

/* Left/Right on a choice, a boolean or threshold: the next value. */
bool form_key_cycle(Screen *s, App *app, int key)
{
    ParamForm *f = s->form;
    int dir = key == TK_RIGHT ? 1 : -1;
    if (!f->ready || f->sel >= f->params.count)
        return true;
    const ParamSpec *sp = &f->params.spec[f->sel];
    if (is_threshold_row(f, f->sel)) /* auto <-> the number */
        return cycle_threshold(s, app);
    if (sp->type == PARAM_BOOL) {
        form_apply(f, s, app, sp->name, params_bool(&f->params, sp->name) ? "false" : "true");
        return true;
    }
    if (sp->type != PARAM_CHOICE || !sp->choices)
        return true;
    char words[16][48];
    int at;
    int n = choice_words(sp->choices, f->params.values[f->sel].text, &at, words, 16);
    if (n > 0)
        form_apply(f, s, app, sp->name, words[((at + dir) % n + n) % n]);
    return true;
}

static bool edit_cancel(Screen *s, App *app, int key)
{
    (void)app, (void)key;
    ParamForm *f = s->form;
    f->editing = false;
    f->kv_mode = false;
    f->error[0] = '\0';
    return true;
}

static bool edit_apply(Screen *s, App *app, int key)
{
    (void)key;
    ParamForm *f = s->form;
    if (!f->kv_mode) {
        form_apply(f, s, app, f->params.spec[f->sel].name, f->field.text);
        return true;
    }
    /* ": KEY=VALUE" sets a parameter by name. */
    char kv[256];
    snprintf(kv, sizeof kv, "%s", f->field.text);
    char *eq = strchr(kv, '=');
    if (!eq) {
        snprintf(f->error, sizeof f->error, "write KEY=VALUE, e.g. k=3 (Esc cancels)");
        return true;
    }
    *eq = '\0';
    for (int i = 0; f->ready && i < f->params.count; i++)
        if (strcmp(f->params.spec[i].name, kv) == 0)
            f->sel = i;
    form_apply(f, s, app, kv, eq + 1);
    return true;
}

static bool edit_type(Screen *s, App *app, int key)
{
    (void)app;
    s->form->error[0] = '\0';
    field_key(&s->form->field, key);
    return true;
}

static const Binding EDIT_ROWS[] = {
    { .keys = { TK_ENTER }, .name = "Enter", .label = "apply", .help = "apply the value (validated; the run resets)", .fn = edit_apply },
    { .keys = { TK_ESC }, .name = "Esc", .label = "cancel", .help = "cancel the edit", .fn = edit_cancel },
    { .name = "type", .label = "a value", .help = "type the value (Backspace deletes)" },
};
static const Binding KV_ROWS[] = {
    { .keys = { TK_ENTER }, .name = "Enter", .label = "apply KEY=VALUE", .help = "set the parameter KEY to VALUE (validated; the run resets)", .fn = edit_apply },
    { .keys = { TK_ESC }, .name = "Esc", .label = "cancel", .help = "cancel", .fn = edit_cancel },
};
static const Bindings EDIT = BINDINGS("Editing a parameter", EDIT_ROWS, edit_type, true);
static const Bindings KV = BINDINGS("Setting a parameter by name", KV_ROWS, edit_type, true);

const Bindings *form_edit_bindings(const ParamForm *f)
{
    if (!f->editing)
        return NULL;
    return f->kv_mode ? &KV : &EDIT;
}

/* ---- drawing ------------------------------------------------------------------ */

static int name_width(const ParamForm *f, int w)
{
    int name_w = 0;
    for (int i = 0; i < f->params.count; i++) {
        int l = (int)strlen(f->params.spec[i].name);
        if (l > name_w)
            name_w = l;
    }
    return name_w > w / 2 ? w / 2 : name_w;
}

static Style row_style(bool sel, bool editing_row)
{
    return sel ? (editing_row ? ST_HIGHLIGHT : ST_SELECTED) : ST_NORMAL;
}

/* Row i is not at its default (threshold=auto is not). */
static bool row_changed(const ParamForm *f, int i)
{
    return !f->params.values[i].is_default || (f->threshold_auto && is_threshold_row(f, i));
}

/* Row i: "name value", the value being typed with a cursor, a * when the
 * value is not the default. */
static void draw_row(const ParamForm *f, Canvas *c, int x, int ry, int w, int name_w, int i)
{
    bool sel = i == f->sel;
    bool editing_row = sel && f->editing && !f->kv_mode;
    const char *val = editing_row ? f->field.text : row_value(f, i);
    char line[300];
    snprintf(line, sizeof line, "%-*s %s%s", name_w, f->params.spec[i].name, val ? val : "",
             editing_row ? "_" : "");
    ui_text_padded(c, x + 1, ry, w - 2, row_style(sel, editing_row), line);
    if (row_changed(f, i) && !editing_row)
        ui_text(c, x + w - 3, ry, 1, sel ? ST_SELECTED : ST_HIGHLIGHT, "*");
}

static void draw_rows(const ParamForm *f, Canvas *c, int x, int y, int w, int rows)
{
    int top = f->sel - rows + 1 > 0 ? f->sel - rows + 1 : 0;
    int name_w = name_width(f, w);
    for (int i = top; i < f->params.count && i - top < rows; i++)
        draw_row(f, c, x, y + 1 + i - top, w, name_w, i);
    if (f->params.count == 0)
        ui_text(c, x + 2, y + 1, w - 4, ST_DIM, "(no parameters)");
}

/* Bytes of p on a line of w cells: up to the last space before the
 * edge when the text goes on (a word ending at the edge moves down too). */
static int line_cut(const char *p, int w)
{
    if (canvas_text_width(p) <= w)
        return (int)strlen(p);
    int cut = 0, width = 0, last_space = -1;
    while (p[cut] && width < w) {
        if (p[cut] == ' ')
            last_space = cut;
        cut++;
        width++;
        while (((unsigned char)p[cut] & 0xC0) == 0x80)
            cut++;
    }
    return p[cut] && last_space > 0 ? last_space : cut;
}

/* text wrapped into at most max rows of w cells from (x, y). */
static void draw_wrapped(Canvas *c, int x, int y, int w, int max, Style st, const char *text)
{
    const char *p = text;
    for (int n = 0; *p && n < max; n++) {
        int cut = line_cut(p, w);
        char line[600];
        snprintf(line, sizeof line, "%.*s", cut, p);
        ui_text(c, x, y + n, w, st, line);
        p += cut;
        while (*p == ' ')
            p++;
    }
}

/* After the threshold's help: how to choose auto. */
static const char *help_tail(const ParamForm *f)
{
    return !f->error[0] && is_threshold_row(f, f->sel) ? "; or auto (Left/Right): the best F1" : "";
}

void form_draw(const ParamForm *f, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "Parameters", !f->editing);
    if (!f->ready)
        return;
    int help_rows = 3;
    draw_rows(f, c, x, y, w, h - 2 - help_rows);
    /* The selected parameter's help, or the error of the last edit. */
    const char *text = f->error[0] ? f->error
                       : f->sel < f->params.count ? f->params.spec[f->sel].help : "";
    char buf[600];
    if (f->kv_mode && !f->error[0])
        snprintf(buf, sizeof buf, ":%s_", f->field.text);
    else
        snprintf(buf, sizeof buf, "%s%s", text ? text : "", help_tail(f));
    Style st = f->error[0] ? ST_ERROR : f->kv_mode ? ST_HIGHLIGHT : ST_DIM;
    draw_wrapped(c, x + 2, y + h - 1 - help_rows, w - 4, help_rows, st, buf);
}
