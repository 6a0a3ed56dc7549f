/* algorithms/conv.h - placeholder until its module lands. */
