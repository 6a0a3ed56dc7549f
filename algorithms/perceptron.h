/* algorithms/perceptron.h - placeholder until its module lands. */
