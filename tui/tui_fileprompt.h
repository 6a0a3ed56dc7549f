/* tui_fileprompt.h - "open a CSV" from inside the lab (issue 12): a
 * one-line path field with Tab completion (path_complete, src/), shown over
 * the dataset picker on Home (`o`).
 *
 * The screen that owns a FilePrompt passes it its keys and acts on the
 * result: FP_CHOSEN when Enter named a readable file (its path in
 * p->field.text), FP_CANCELLED on Esc.  The file is then loaded as any
 * dataset is, and a bad one shows the same located FILE:LINE:COLUMN error
 * as the CLI. */
#ifndef MLLAB_TUI_FILEPROMPT_H
#define MLLAB_TUI_FILEPROMPT_H

#include <stdbool.h>

#include "canvas.h"
#include "tui_ui.h"

typedef enum { FP_TYPING, FP_CANCELLED, FP_CHOSEN } FilePromptResult;

typedef struct FilePrompt {
    bool open;
    TextField field;     /* the path */
    char note[512];      /* the matches of the last Tab, or why Enter refused */
    bool note_is_error;
} FilePrompt;

/* Open it on start (NULL: empty). */
void fileprompt_open(FilePrompt *p, const char *start);
/* A key: Tab completes, Enter chooses a readable file, Esc cancels, the
 * rest edits the path. */
FilePromptResult fileprompt_key(FilePrompt *p, int key);
/* The prompt's box across (x, y, w): 6 rows.  Draws only. */
void fileprompt_draw(const FilePrompt *p, Canvas *c, int x, int y, int w);

#endif
