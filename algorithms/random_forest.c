/* algorithms/random_forest.c - placeholder until its module lands. */
