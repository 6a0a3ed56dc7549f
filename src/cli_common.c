/* src/cli_common.c - placeholder until the CLI lands. */
