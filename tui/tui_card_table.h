/* tui_card_table.h - a Markdown table of a card ("| a | b |" rows, the
 * second one "|---|---|" under a header) laid out as aligned columns for a
 * width: cells wrap inside their column when the table is wider than the
 * card, and a table too wide even so becomes one record per row ("header:
 * value" lines), so nothing is cut at the edge. */
#ifndef MLLAB_TUI_CARD_TABLE_H
#define MLLAB_TUI_CARD_TABLE_H

#include <stdbool.h>

/* Whether a line is a table row: it starts and ends with '|' (a paragraph
 * line that only starts with one, "|N(u) ∩ N(v)|. Every ...", is not). */
bool card_table_row(const char *line);

/* Lay out the table rows (one per line of `rows`) for `width` cells: calls
 * emit(ctx, text, heading) for each screen line, the header's lines with
 * heading true, then a rule ("───┼───"); columns are separated by " │ ".
 * Too wide for columns with whole words: per row its first cell, then
 * "- header: value" (the second cell) and "  header: value" lines. */
void card_table_layout(const char *rows, int width,
                       void (*emit)(void *ctx, const char *text, bool heading), void *ctx);

#endif
