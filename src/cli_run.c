/* src/cli_run.c - placeholder until the CLI lands. */
