/* algorithms/nn_layers.c - placeholder until its module lands. */
