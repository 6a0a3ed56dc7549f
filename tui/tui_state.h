/* tui_state.h - the lab's memory between runs (issue 12): the last
 * dataset and algorithm, and per algorithm its parameters and view, kept in
 * the state file (src/state_file.h: $XDG_STATE_HOME/mllab/state, default
 * ~/.local/state/mllab/state).
 *
 * At start the file is read (not with --fresh; a corrupt or unreadable one
 * is ignored with a note on the status line); the main loop then copies the
 * app's choices into it after every round of keys and writes it atomically
 * when it changed (at most once a second) and at exit.  MLLAB_STATE=off
 * neither reads nor writes it (the test suite sets it). */
#ifndef MLLAB_TUI_STATE_H
#define MLLAB_TUI_STATE_H

#include <stdbool.h>

#include "params.h"
#include "tui_app.h"

struct RunScreen;

/* Read the state file (unless fresh); a note on app's status line when it
 * was ignored. */
void tui_state_open(App *app, bool fresh);
/* The saved dataset and algorithm names (NULL when none). */
const char *tui_state_dataset(void);
const char *tui_state_algo(void);
/* The app's choices into the state; written when changed (force: now,
 * else at most once a second). */
void tui_state_sync(App *app, bool force);
/* Write the state a last time and free it (at exit). */
void tui_state_close(App *app);

/* The run screen opened algo: its saved parameters into params (each
 * validated; a value the schema no longer takes is skipped). */
void tui_state_restore_params(const Algo *algo, Params *params);
/* The run screen's runner started: the saved view, when it applies. */
void tui_state_restore_view(struct RunScreen *rs);

#endif
