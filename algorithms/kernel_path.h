/* kernel_path.h - which instruction set the distance kernels of k-NN and
 * k-means run on, chosen at run time.
 *
 * Three paths, from the fastest:
 *   vnni     AVX-512 F + BW + VNNI (vpdpbusd: 64 byte products per instruction)
 *   avx2     AVX2 (vpmaddwd on bytes widened to 16 bits)
 *   generic  portable C (and OpenBLAS for the float products)
 * Every path computes the same numbers: the byte kernels of k-NN find the
 * same integer keys, and k-means converts and sums rows with the same
 * single-rounding operations, so results do not depend on the path.
 *
 * The environment variable MLLAB_KERNEL=vnni|avx2|generic forces a path
 * (to compare them, or to test the slower ones on a fast CPU); unset or
 * empty, the best path this CPU supports is used. */
#ifndef MLLAB_KERNEL_PATH_H
#define MLLAB_KERNEL_PATH_H

#include <stdbool.h>

#include "error.h"

typedef enum { KPATH_GENERIC, KPATH_AVX2, KPATH_VNNI } KernelPath;

/* Does this CPU (and this build) run the path? */
bool kernel_path_supported(KernelPath p);
/* The fastest path this CPU supports. */
KernelPath kernel_path_best(void);
/* The path to use: MLLAB_KERNEL when set, else kernel_path_best().  0, or
 * -1 with err set (ERR_USAGE) when the variable names no path or a path
 * this CPU does not support. */
int kernel_path_select(KernelPath *out, Error *err);
/* "vnni", "avx2", "generic" (the MLLAB_KERNEL values). */
const char *kernel_path_name(KernelPath p);
/* "AVX-512 VNNI", "AVX2", "generic" (for reports). */
const char *kernel_path_title(KernelPath p);

#endif
