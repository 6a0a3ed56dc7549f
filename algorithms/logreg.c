/* algorithms/logreg.c - placeholder until its module lands. */
