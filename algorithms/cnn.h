/* algorithms/cnn.h - placeholder until its module lands. */
