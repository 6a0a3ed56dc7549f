/* src/pca.c - placeholder until its module lands. */
