/* fuzz_params.c - libFuzzer harness for the parameter grammar: -p KEY=VALUE
 * for every algorithm's parameters (ints, floats, choices, lists such as
 * hidden=64,32, strings) and the cnn arch grammar (c8k3p1-r-m2-d10).
 *
 * The input is split at newlines; each line goes to params_parse_kv of
 * every algorithm in the registry and to cnn_arch_parse.  Every call must
 * succeed or fail with a message; a parsed arch is also laid out on 28x28
 * and 8x8 images (cnn_arch_summary), which must not crash whatever the
 * sizes.  Build and run with fuzz/run.sh. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnn.h"
#include "registry.h"

static void one_line(const char *line)
{
    int n;
    const Algo *const *algos = algo_registry(&n);
    for (int i = 0; i < n; i++) {
        Params p;
        Error err = { 0 };
        if (!algos[i]->params || params_init(&p, algos[i]->params, &err) < 0)
            continue;
        if (params_parse_kv(&p, line, &err) < 0 && err.msg[0] == '\0')
            abort(); /* a refusal must say why */
        params_free(&p);
    }
    CnnArch arch;
    Error err = { 0 };
    if (cnn_arch_parse(line, &arch, &err) < 0) {
        if (err.msg[0] == '\0')
            abort();
        return;
    }
    CnnLayerInfo rows[64];
    cnn_arch_summary(&arch, 1, 28, 28, 10, rows, 64, &err);
    cnn_arch_summary(&arch, 3, 8, 8, 2, rows, 64, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    for (char *line = text, *end; line; line = end ? end + 1 : NULL) {
        end = strchr(line, '\n');
        if (end)
            *end = '\0';
        one_line(line);
    }
    free(text);
    return 0;
}
