/* src/cli_info.c - placeholder until the CLI lands. */
