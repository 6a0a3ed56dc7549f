/* harness.c - calls the learner's recommend_friends(n, edges, m, u, k, ...).
 * Outputs the number returned (`count`) and the recommended `nodes` with
 * their `common` friend counts (count of each). */
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    long len;
    int *edges = mp_in_int("edges", &len, NULL, NULL);
    int n = (int)mp_in_scalar("n"), u = (int)mp_in_scalar("u"), k = (int)mp_in_scalar("k");
    int *nodes = malloc((size_t)(k > 0 ? k : 1) * sizeof *nodes);
    int *common = malloc((size_t)(k > 0 ? k : 1) * sizeof *common);
    mp_clock_start();
    int r = recommend_friends(n, edges, (int)(len / 2), u, k, nodes, common);
    mp_clock_stop();
    mp_out_scalar("count", r);
    int dims[1] = { r >= 0 && r <= k ? r : 0 };
    mp_out_int("nodes", nodes, 1, dims);
    mp_out_int("common", common, 1, dims);
    return mp_finish();
}
