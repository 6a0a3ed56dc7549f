/* algorithms/naive_bayes.c - placeholder until its module lands. */
