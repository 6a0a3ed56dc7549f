/* tui_fileprompt.c - the "open a CSV" prompt (see tui_fileprompt.h). */
#include "tui_fileprompt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "path_complete.h"
#include "tui_app.h"

void fileprompt_open(FilePrompt *p, const char *start)
{
    memset(p, 0, sizeof *p);
    p->open = true;
    field_set(&p->field, start ? start : "");
}

/* Tab: the path completed as far as its matches agree, and the matches. */
static void complete(FilePrompt *p)
{
    char out[sizeof p->field.text];
    char list[sizeof p->note];
    Error err;
    error_clear(&err);
    int n = path_complete(p->field.text, out, sizeof out, list, sizeof list, &err);
    p->note_is_error = n <= 0;
    if (n < 0) {
        snprintf(p->note, sizeof p->note, "%s", err.msg);
        return;
    }
    field_set(&p->field, out);
    if (n == 0)
        snprintf(p->note, sizeof p->note, "nothing here starts with that");
    else
        snprintf(p->note, sizeof p->note, "%s", n == 1 ? "" : list);
}

/* Enter: a regular file that can be read, else a note saying why not. */
static bool choose(FilePrompt *p)
{
    struct stat st;
    const char *path = p->field.text;
    p->note_is_error = true;
    if (!path[0]) {
        snprintf(p->note, sizeof p->note, "type the path of a CSV file (Tab completes)");
        return false;
    }
    if (stat(path, &st) < 0) {
        snprintf(p->note, sizeof p->note, "%s: %s", path, strerror(errno));
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(p->note, sizeof p->note, "%s is a folder: Tab lists its files", path);
        return false;
    }
    if (strlen(path) >= sizeof ((App *)0)->dataset) {
        snprintf(p->note, sizeof p->note, "the path is too long for the lab (%zu bytes at most)",
                 sizeof ((App *)0)->dataset - 1);
        return false;
    }
    return true;
}

FilePromptResult fileprompt_key(FilePrompt *p, int key)
{
    switch (key) {
    case TK_ESC:
        p->open = false;
        return FP_CANCELLED;
    case TK_TAB:
        complete(p);
        return FP_TYPING;
    case TK_ENTER:
        if (!choose(p))
            return FP_TYPING;
        p->open = false;
        return FP_CHOSEN;
    default:
        if (field_key(&p->field, key))
            p->note[0] = '\0';
        return FP_TYPING;
    }
}

void fileprompt_draw(const FilePrompt *p, Canvas *c, int x, int y, int w)
{
    ui_fill(c, x, y, w, 6, ST_NORMAL);
    ui_box(c, x, y, w, 6, "Open a CSV file", true);
    char line[sizeof p->field.text + 8];
    snprintf(line, sizeof line, "> %s_", p->field.text);
    /* The end of a long path stays in sight. */
    int tw = canvas_text_width(line), room = w - 4;
    const char *shown = line;
    while (tw > room && *shown) {
        shown++;
        while (((unsigned char)*shown & 0xC0) == 0x80)
            shown++;
        tw = canvas_text_width(shown);
    }
    ui_text(c, x + 2, y + 1, room, ST_HIGHLIGHT, shown);
    ui_text_wrapped(c, x + 2, y + 2, room, 2, p->note_is_error ? ST_ERROR : ST_DIM, p->note);
    ui_text(c, x + 2, y + 4, room, ST_DIM,
            "Tab completes   Enter opens (header row, the target last)   Esc cancels");
}
