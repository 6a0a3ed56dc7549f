/* algorithms/random_forest.h - placeholder until its module lands. */
