/* algorithms/linear_common.c - placeholder until its module lands. */
