/* algorithms/linear_common.h - placeholder until its module lands. */
