/* algorithms/kmeans.h - placeholder until its module lands. */
