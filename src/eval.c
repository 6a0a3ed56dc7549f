/* src/eval.c - placeholder until its module lands. */
