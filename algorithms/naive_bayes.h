/* algorithms/naive_bayes.h - placeholder until its module lands. */
