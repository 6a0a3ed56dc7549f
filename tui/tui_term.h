/* tui_term.h - the terminal: the only part of the lab that talks to curses.
 *
 * Opens and restores the terminal, reads keys (translated to TK_* codes and
 * code points), and copies a Canvas to the screen with the colours of
 * tui_theme.c.  term_emergency_restore is safe to call from a signal
 * handler. */
#ifndef MLLAB_TUI_TERM_H
#define MLLAB_TUI_TERM_H

#include <stdbool.h>

#include "canvas.h"
#include "error.h"

/* Open the terminal; *color is cleared when it has no colours. */
int term_open(bool *color, Error *err);
/* Restore the terminal (idempotent; registered with atexit too). */
void term_close(void);
bool term_is_open(void);
void term_size(int *w, int *h);
/* Next key within timeout_ms (TK_NONE when none came). */
int term_read_key(int timeout_ms);
/* Make a term_read_key waiting on another thread return at once (TK_NONE):
 * called when a background job ends.  Safe from any thread. */
void term_wake(void);
/* Put the canvas on the screen. */
void term_blit(const Canvas *c, bool color);
/* Practice screen (issue 9): hand the terminal to another program (the
 * learner's editor) and take it back: the shell's modes meanwhile, then the
 * lab's again (no XON/XOFF, keypad, no cursor) and a full redraw. */
void term_suspend(void);
void term_resume(void);
/* Best-effort restore from a signal handler (termios + escape sequences). */
void term_emergency_restore(void);

#endif
