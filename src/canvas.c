/* src/canvas.c - placeholder until its module lands. */
