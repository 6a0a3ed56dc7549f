/* algorithms/dtree.c - placeholder until its module lands. */
