/* report.h - placeholder until its module lands. */
