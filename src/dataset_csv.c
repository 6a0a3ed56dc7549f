/* src/dataset_csv.c - placeholder until its module lands. */
