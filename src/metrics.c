/* src/metrics.c - placeholder until its module lands. */
