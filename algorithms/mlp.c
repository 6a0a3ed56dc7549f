/* algorithms/mlp.c - placeholder until its module lands. */
