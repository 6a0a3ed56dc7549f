/* algorithms/nn_io.h - placeholder until its module lands. */
