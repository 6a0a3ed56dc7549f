/* algorithms/perceptron.c - placeholder until its module lands. */
