/* src/dataset_idx.c - placeholder until its module lands. */
