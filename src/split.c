/* src/split.c - placeholder until its module lands. */
