/* algorithms/kmeans.c - placeholder until its module lands. */
