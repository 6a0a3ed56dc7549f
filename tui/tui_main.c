/* tui/tui_main.c - placeholder until the TUI lands. */
#include <stdio.h>
#include "tui.h"
int tui_main(const TuiOptions *opt) { (void)opt; fputs("mllab: the TUI is not built yet\n", stderr); return 1; }
