/* tui_export.h - export from a screen (issue 12): the prompt that asks for
 * the files' name and writes them.
 *
 * A screen's export key (`e`, in its binding table) fills an ExportSet
 * (src/export.h) with what it has at that moment (the results as JSON and
 * CSV in the CLI's report formats, the trace as JSON lines, the plot as
 * text and SVG: export_add_screen) and opens the prompt.  The prompt is one
 * for the whole lab, drawn over the current screen by the main loop, with
 * its own binding table (typing: q types q): the stem is editable, Enter
 * writes STEM + each suffix atomically and says where the files went, Esc
 * cancels; an error (an unwritable folder) names the path and the reason
 * and leaves the prompt open to try another name. */
#ifndef MLLAB_TUI_EXPORT_H
#define MLLAB_TUI_EXPORT_H

#include <stdbool.h>

#include "export.h"
#include "tui_app.h"

/* Screen s drawn as the user sees it (its draw into a canvas the size of
 * the terminal, in the lab's ASCII or Unicode), the rectangle (x, y, w, h)
 * of it added as plain text (".txt") and as an SVG image (".svg"). */
void export_add_screen(ExportSet *e, const App *app, const Screen *s, int x, int y, int w, int h);

/* Open the prompt on set e (taken over: emptied), the stem proposed from
 * algo and dataset ("./mllab-ALGO-DATASET-YYYYmmdd-HHMMSS"); note (may be
 * NULL) is shown in it ("no results yet: ..."). */
void export_prompt_open(App *app, ExportSet *e, const char *algo, const char *dataset,
                        const char *note);
/* A screen's export key when what it shows is its result (the lessons,
 * the convolution): the screen's body as text and SVG, the stem from the
 * screen's name.  For the binding tables: EXPORT_SCREEN_ROW. */
bool export_key_screen(Screen *s, App *app, int key);
#define EXPORT_SCREEN_ROW                                                              \
    { .keys = { 'e' }, .name = "e", .label = "export", .fn = export_key_screen,       \
      .help = "export: the screen as text and as an SVG image, to files" }

bool export_prompt_active(void);
/* The prompt's keys (while active). */
const Bindings *export_prompt_bindings(void);
/* The prompt over the screen (while active). */
void export_prompt_draw(const App *app, Canvas *c);
/* Close the prompt and free what it holds (at exit). */
void export_prompt_close(void);

#endif
