/* tui_form.h - the parameter form of the run and conv screens: an
 * algorithm's schema as a list of NAME VALUE rows, edited in place (Enter),
 * cycled (Left/Right on a choice or a boolean) or set by name (`:` then
 * KEY=VALUE).  Every edit is validated with params_set; an accepted one
 * replaces the form's Params and calls the owner's `changed` callback
 * (which resets the run).
 *
 * The key handlers take the Screen (whose `form` points here), so a
 * screen's binding table lists them directly: form_key_up, form_key_down,
 * form_key_edit, form_key_cycle, form_key_by_name; while a value is being
 * typed the screen uses form_edit_bindings instead of its own table.
 *
 * threshold=auto: a schema with a `threshold` parameter (the binary
 * classifiers') also takes the word auto there (typed, set by name, or
 * Left/Right on the row, which swaps auto and the number).  The Params keep
 * the number; threshold_auto says the session chooses the threshold (the
 * best F1 on the validation part, else the training part; src/eval.c). */
#ifndef MLLAB_TUI_FORM_H
#define MLLAB_TUI_FORM_H

#include "params.h"
#include "tui_app.h"
#include "tui_ui.h"

struct ParamForm {
    Params params;
    bool ready;            /* params hold the schema's values */
    int sel;               /* the selected row */
    bool editing;          /* a value is being typed */
    bool kv_mode;          /* ... as a "KEY=VALUE" line (the : key) */
    TextField field;
    char error[512];       /* the last edit's error, shown under the form */
    bool threshold_auto;   /* threshold=auto (see above) */
    /* An accepted edit (the new value is in params). */
    void (*changed)(Screen *owner, App *app, const char *name, const char *value);
};

/* Fill the form with the schema's defaults; -1 with err set on failure. */
int form_init(ParamForm *f, const ParamSpec *spec, Error *err);
void form_free(ParamForm *f);
/* Set name = value (validated; threshold=auto too); on success the owner's
 * changed runs. */
void form_apply(ParamForm *f, Screen *owner, App *app, const char *name, const char *value);

/* The frame "Parameters": rows, the selected one's help or the last error. */
void form_draw(const ParamForm *f, Canvas *c, int x, int y, int w, int h);

/* Handlers for the screens' tables (s->form is the form). */
bool form_key_up(Screen *s, App *app, int key);
bool form_key_down(Screen *s, App *app, int key);
bool form_key_move(Screen *s, App *app, int key);    /* Up or Down */
bool form_key_edit(Screen *s, App *app, int key);    /* Enter: edit the value */
bool form_key_cycle(Screen *s, App *app, int key);   /* Left/Right */
bool form_key_by_name(Screen *s, App *app, int key); /* `:` KEY=VALUE */

/* The table while a value is typed (Enter applies, Esc cancels, other keys
 * edit the text); NULL when the form is not being edited. */
const Bindings *form_edit_bindings(const ParamForm *f);

#endif
