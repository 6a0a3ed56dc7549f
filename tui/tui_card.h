/* tui_card.h - an algorithm's card (docs/algorithms/NAME.md) laid out for
 * the screen: headings, wrapped paragraphs and bullets, code kept as is. */
#ifndef MLLAB_TUI_CARD_H
#define MLLAB_TUI_CARD_H

#include "tui_ui.h"

typedef struct CardLine {
    char *text;
    Style style;
} CardLine;

typedef struct Card {
    char name[64];   /* the algorithm whose card this is ("" = none) */
    char *markdown;  /* the file, or NULL when missing */
    int width;       /* laid out for this width */
    CardLine *lines;
    int n_lines, cap;
} Card;

/* Load the card of `name` (keeps the previous one if it is the same);
 * fallback_summary is shown when the file is missing. */
void card_load(Card *card, const char *name, const char *fallback_title,
               const char *fallback_summary);
/* Lay out for a width (cached). */
void card_layout(Card *card, int width);
void card_free(Card *card);

#endif
