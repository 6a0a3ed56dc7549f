/* algorithms/nn_io.c - placeholder until its module lands. */
