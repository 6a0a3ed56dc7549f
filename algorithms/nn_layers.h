/* algorithms/nn_layers.h - placeholder until its module lands. */
