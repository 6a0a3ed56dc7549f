/* algorithms/cnn.c - placeholder until its module lands. */
