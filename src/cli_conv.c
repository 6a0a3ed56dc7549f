/* src/cli_conv.c - placeholder until the conv module lands. */
#include <stdio.h>
#include "cli.h"
int cli_conv(int argc, char **argv) { (void)argc; (void)argv; fputs("mllab: conv is not built yet\n", stderr); return 1; }
