/* src/dataset_registry.c - placeholder until its module lands. */
