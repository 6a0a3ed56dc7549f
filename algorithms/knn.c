/* algorithms/knn.c - placeholder until its module lands. */
