/* algorithms/linreg.h - placeholder until its module lands. */
