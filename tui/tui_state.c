/* tui_state.c - the lab's memory between runs (tui_state.h).
 *
 * The keys of the state file:
 *   dataset=NAME            the chosen dataset ("" = the default per kind)
 *   algo=NAME               the algorithm selected on Home
 *   param.ALGO.KEY=VALUE    the parameters of ALGO that are not the default
 *   view.ALGO=NAME          the view the run screen of ALGO showed last
 * Only built-in algorithms are remembered (not a learner's "yours"). */
#include "tui_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen_run_internal.h"
#include "state_file.h"

static struct {
    bool on;             /* reading and writing (not MLLAB_STATE=off) */
    char path[4096];
    StateFile file;
    StrBuf written;      /* the text last written (or read) */
    double written_at;
} st;

static bool state_off(void)
{
    const char *v = getenv("MLLAB_STATE");
    return v && strcmp(v, "off") == 0;
}

void tui_state_open(App *app, bool fresh)
{
    Error err;
    state_init(&st.file);
    st.on = !state_off() && state_path(st.path, sizeof st.path, &err) == 0;
    if (!st.on || fresh)
        return;
    if (state_load(&st.file, st.path, &err) < 0) {
        app_message(app, "the saved state was ignored (%s); starting afresh", err.msg);
        return;
    }
    state_format(&st.file, &st.written); /* unchanged: nothing to write */
}

const char *tui_state_dataset(void)
{
    return state_get(&st.file, "dataset");
}

const char *tui_state_algo(void)
{
    return state_get(&st.file, "algo");
}

/* A built-in algorithm (the registry's), not a learner's version. */
static bool remembered(const Algo *a)
{
    return a && algo_find(a->name) == a;
}

static void key_of(char *buf, size_t size, const char *kind, const char *algo, const char *key)
{
    snprintf(buf, size, "%s.%s%s%s", kind, algo, key ? "." : "", key ? key : "");
}

/* The run screen's algorithm: its parameters and view. */
static void collect_run(const RunScreen *rs)
{
    if (!rs->open || !rs->form.ready || !remembered(rs->algo))
        return;
    char key[256];
    key_of(key, sizeof key, "param", rs->algo->name, "");
    state_remove_prefix(&st.file, key);
    const Params *p = &rs->form.params;
    for (int i = 0; i < p->count; i++) {
        if (p->values[i].is_default)
            continue;
        key_of(key, sizeof key, "param", rs->algo->name, p->spec[i].name);
        state_set(&st.file, key, p->values[i].text, NULL);
    }
    if (rs->runner_on) {
        key_of(key, sizeof key, "view", rs->algo->name, NULL);
        state_set(&st.file, key, rs_view_name(rs, rs->view), NULL);
    }
}

static void collect(const App *app)
{
    state_set(&st.file, "dataset", app->dataset, NULL);
    if (remembered(app->algo))
        state_set(&st.file, "algo", app->algo->name, NULL);
    collect_run((const RunScreen *)app->screens[SCREEN_RUN]);
}

void tui_state_sync(App *app, bool force)
{
    if (!st.on || !app->screens[SCREEN_RUN])
        return;
    double now = app_now();
    if (!force && now - st.written_at < 1.0)
        return;
    collect(app);
    StrBuf text = STRBUF_INIT;
    state_format(&st.file, &text);
    if (!text.failed && strcmp(sb_str(&text), sb_str(&st.written)) != 0) {
        Error err;
        if (state_save(&st.file, st.path, &err) < 0)
            app_message(app, "the lab's state was not saved: %s", err.msg);
        sb_free(&st.written);
        st.written = text; /* a failure is not retried every second */
        st.written_at = now;
        return;
    }
    sb_free(&text);
}

void tui_state_close(App *app)
{
    tui_state_sync(app, true);
    state_free(&st.file);
    sb_free(&st.written);
}

void tui_state_restore_params(const Algo *algo, Params *params)
{
    if (!remembered(algo))
        return;
    char prefix[128];
    key_of(prefix, sizeof prefix, "param", algo->name, "");
    size_t n = strlen(prefix);
    for (int i = 0; i < st.file.n; i++) {
        const StateEntry *e = &st.file.entries[i];
        if (strncmp(e->key, prefix, n) == 0 && params_find_spec(params->spec, e->key + n))
            params_set(params, e->key + n, e->value, NULL);
    }
}

void tui_state_restore_view(RunScreen *rs)
{
    char key[128];
    if (!remembered(rs->algo))
        return;
    key_of(key, sizeof key, "view", rs->algo->name, NULL);
    const char *want = state_get(&st.file, key);
    if (!want || !rs->runner_on)
        return;
    runner_lock(rs->runner);
    for (int v = 0; v < V_COUNT; v++)
        if (strcmp(rs_view_name(rs, v), want) == 0 && rs_view_applies(rs, v))
            rs->view = v;
    runner_unlock(rs->runner);
}
