/* algorithms/mlp.h - placeholder until its module lands. */
