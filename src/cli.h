/* cli.h - the subcommands of the `mllab` command (front end only). */
#ifndef MLLAB_CLI_H
#define MLLAB_CLI_H

/* `mllab conv ...`: the convolution operation (src/cli_conv.c).  argv[0] is
 * "conv".  Returns the exit status. */
int cli_conv(int argc, char **argv);

#endif
