/* algorithms/knn.h - placeholder until its module lands. */
