/* algorithms/svm.c - placeholder until its module lands. */
