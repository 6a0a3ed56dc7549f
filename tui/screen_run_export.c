/* screen_run_export.c - the Run screen's export key (e): what the run has
 * at that moment into an ExportSet, then the prompt (tui_export.h).
 *
 *   .json .csv      the results once training is done, in the formats of
 *                   `mllab run --format json|csv` (src/report_json.c,
 *                   report_run.c) with the parameters the model was
 *                   trained with
 *   .trace.jsonl    the trace as `mllab run --trace` writes it (the lab
 *                   keeps the newest 4000 events of a run)
 *   .txt .svg       the view on screen (plot, curves, panel, results...),
 *                   under its tabs, as text and as an SVG image */
#include <stdio.h>
#include <stdlib.h>

#include "screen_run_internal.h"
#include "tui_export.h"

/* How the rows were divided, as `mllab run` reports it. */
static void describe_split(const EvalData *d, char *buf, size_t size)
{
    if (d->standard_split)
        snprintf(buf, size, "the set's standard split");
    else
        snprintf(buf, size, "%s, test size %g, seed %llu", d->stratified ? "stratified" : "random",
                 d->test_size, (unsigned long long)d->seed);
}

/* The JSON and CSV reports of the finished run (lock held). */
static void add_results(ExportSet *e, const RunScreen *rs)
{
    const Runner *r = rs->runner;
    const EvalData *d = &rs->slot->data;
    char split[256];
    describe_split(d, split, sizeof split);
    RunInfo info = {
        .dataset = d->name,
        .algo = rs->algo,
        .params = &r->params,
        .split = split,
        .n_features = r->train->X.cols,
        .n_classes = r->train->y ? r->train->n_classes : 0,
        .class_names = r->train->class_names,
    };
    StrBuf *json = export_add(e, ".json", "results");
    if (json)
        report_run_json(json, &info, &r->result);
    StrBuf *csv = export_add(e, ".csv", "results");
    if (csv)
        report_run_csv(csv, &info, &r->result);
}

/* The trace as JSON lines (lock held: the instance stays). */
static void add_trace(ExportSet *e, const RunScreen *rs)
{
    RunInstance *inst = rs->runner->inst;
    StrBuf *out = export_add(e, ".trace.jsonl", "trace");
    if (!inst || !out)
        return;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) {
        out->failed = true;
        return;
    }
    if (trace_write_jsonl(&inst->trace, f, NULL) < 0)
        out->failed = true;
    fclose(f);
    if (text)
        sb_append_n(out, text, len);
    free(text);
}

bool rs_key_export(Screen *s, App *app, int key)
{
    RunScreen *rs = (RunScreen *)s;
    (void)key;
    if (!rs->runner_on) {
        app_message(app, "nothing to export yet: the data is loading");
        return true;
    }
    ExportSet e;
    export_init(&e);
    runner_lock(rs->runner);
    bool done = rs->runner->have_result;
    if (done)
        add_results(&e, rs);
    add_trace(&e, rs);
    runner_unlock(rs->runner);
    int x, y, w, h, vx, vy, vw, vh;
    app_body(app, &x, &y, &w, &h);
    rs_view_rect(x, y, w, h, &vx, &vy, &vw, &vh);
    export_add_screen(&e, app, s, vx, vy, vw, vh);
    export_prompt_open(app, &e, rs->algo->name, rs->slot->data.name,
                       done ? NULL
                            : "No results yet (train to the end: r runs): the trace and the view only.");
    export_free(&e);
    return true;
}
