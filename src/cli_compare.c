/* src/cli_compare.c - placeholder until the CLI lands. */
