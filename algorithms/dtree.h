/* algorithms/dtree.h - placeholder until its module lands. */
