/* algorithms/linreg.c - placeholder until its module lands. */
