/* tui_progress.c - a progress bar with its percentage and ETA (see
 * tui_progress.h).  Draws only. */
#include "tui_progress.h"

#include "progress.h"
#include "tui_ui.h"

void tui_progress_text(double fraction, double spent, char *buf, size_t size)
{
    if (!(fraction >= 0)) {
        if (size)
            buf[0] = '\0';
        return;
    }
    progress_format(fraction, spent, buf, size);
}

void tui_progress_bar(Canvas *c, int x, int y, int w, double fraction, double spent)
{
    int bw = w / 2 < 50 ? w / 2 : 50;
    ui_progress(c, x, y, bw, fraction < 0 ? 0 : fraction);
    char text[64];
    tui_progress_text(fraction, spent, text, sizeof text);
    if (text[0])
        ui_text(c, x + bw + 2, y, w - bw - 2, ST_HIGHLIGHT, text);
}
