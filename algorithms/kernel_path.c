/* kernel_path.c - the run-time choice of the distance kernels' instruction
 * set (see kernel_path.h): what the CPU supports, and MLLAB_KERNEL. */
#include "kernel_path.h"

#include <stdlib.h>
#include <string.h>

static const char *const path_names[] = { "generic", "avx2", "vnni" };
static const char *const path_titles[] = { "generic", "AVX2", "AVX-512 VNNI" };

bool kernel_path_supported(KernelPath p)
{
    switch (p) {
    case KPATH_GENERIC:
        return true;
#if defined(__x86_64__) && defined(__GNUC__)
    case KPATH_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2");
    case KPATH_VNNI:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512vnni");
#endif
    default:
        return false;
    }
}

KernelPath kernel_path_best(void)
{
    if (kernel_path_supported(KPATH_VNNI))
        return KPATH_VNNI;
    return kernel_path_supported(KPATH_AVX2) ? KPATH_AVX2 : KPATH_GENERIC;
}

int kernel_path_select(KernelPath *out, Error *err)
{
    const char *v = getenv("MLLAB_KERNEL");
    if (!v || !*v) {
        *out = kernel_path_best();
        return 0;
    }
    for (int p = KPATH_GENERIC; p <= KPATH_VNNI; p++)
        if (strcmp(v, path_names[p]) == 0) {
            if (!kernel_path_supported((KernelPath)p))
                return error_set(err, ERR_USAGE,
                                 "MLLAB_KERNEL=%s: this CPU does not support %s (the best it supports: %s)",
                                 v, path_titles[p], path_names[kernel_path_best()]);
            *out = (KernelPath)p;
            return 0;
        }
    return error_set(err, ERR_USAGE, "MLLAB_KERNEL=%s: unknown kernel (use vnni, avx2 or generic)",
                     v);
}

const char *kernel_path_name(KernelPath p) { return path_names[p]; }
const char *kernel_path_title(KernelPath p) { return path_titles[p]; }
