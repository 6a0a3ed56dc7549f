/* algorithms/logreg.h - placeholder until its module lands. */
