/* algorithms/svm.h - placeholder until its module lands. */
