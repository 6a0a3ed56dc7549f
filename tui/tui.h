/* tui.h - the ncurses lab: entry point used by main.c. */
#ifndef MLLAB_TUI_H
#define MLLAB_TUI_H

#include <stdbool.h>

typedef struct TuiOptions {
    const char *algo;    /* open the run screen for this algorithm (or NULL) */
    const char *dataset; /* with algo: the run's dataset; alone: the dataset screen */
    bool ascii;          /* no Unicode braille/shades */
    bool fresh;          /* start afresh: do not read the saved state (tui_state.h) */
} TuiOptions;

/* Runs the lab until the user quits; returns the process exit status (0 on
 * q, 1 after a fatal error whose message was printed once the terminal was
 * restored, 2 for bad options such as an unknown algorithm). */
int tui_main(const TuiOptions *opt);

#endif
