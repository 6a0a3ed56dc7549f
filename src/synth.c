/* src/synth.c - placeholder until its module lands. */
