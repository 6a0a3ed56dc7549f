/* src/scaler.c - placeholder until its module lands. */
