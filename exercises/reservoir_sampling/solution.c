/* reservoir_sampling - reference solution (C): Algorithm R. */

int reservoir_sample(const int *stream, int n, int k, int *out, MpRng *rng)
{
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (i < k) {
            out[m++] = stream[i];
        } else {
            uint32_t j = mp_rng_below(rng, (uint32_t)i + 1); /* 0..i */
            if (j < (uint32_t)k)
                out[j] = stream[i];
        }
    }
    return m;
}
