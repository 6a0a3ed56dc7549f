/* mat_convert.c - bytes to floats for byte-backed matrices (mat.h):
 * out[i] = (float)q[i] / s, correctly rounded, as a loader dividing by s
 * stores it.  Every reader of an image set held as bytes goes through here,
 * once per row or block each time it visits the rows, so it is worth a
 * vector path.
 *
 * The vector path (AVX2 + FMA, chosen at run time) divides without a
 * divide: with inv = RN(1/s), r = RN(q * inv) is within an ulp of q/s, the
 * remainder e = q - r*s is exact in one FMA, and RN(r + e*inv) is the
 * correctly rounded quotient (Markstein's correction).  Rather than rely on
 * the theorem's conditions for every s, the path is taken for a scale only
 * after all 256 byte values have been checked against the division
 * (bytes_fast_scale_ok, cached per thread); otherwise, and on CPUs without
 * AVX2/FMA, the plain division runs.  Both give identical floats. */
#include "mat.h"

#include <math.h>
#include <stdbool.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define HAVE_X86_PATH 1
#endif

void bytes_to_f32_plain(const uint8_t *q, size_t count, float s, float *out)
{
    for (size_t i = 0; i < count; i++)
        out[i] = (float)q[i] / s;
}

#ifdef HAVE_X86_PATH
/* The corrected product for one value (the vector loop's arithmetic). */
__attribute__((target("fma"))) static float corrected_quotient(float x, float s, float inv)
{
    float r = x * inv;
    float e = fmaf(-r, s, x);
    return fmaf(e, inv, r);
}

bool bytes_fast_scale_ok(float s)
{
    if (!(s > 0) || !isfinite(s) || !__builtin_cpu_supports("avx2") ||
        !__builtin_cpu_supports("fma"))
        return false;
    float inv = 1.0f / s;
    for (int v = 0; v < 256; v++)
        if (corrected_quotient((float)v, s, inv) != (float)v / s)
            return false;
    return true;
}

__attribute__((target("avx2,fma"))) void bytes_to_f32_fast(const uint8_t *q, size_t count,
                                                          float s, float *out)
{
    const float inv = 1.0f / s;
    const __m256 vs = _mm256_set1_ps(s), vinv = _mm256_set1_ps(inv);
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        __m128i b = _mm_loadl_epi64((const __m128i *)(q + i));
        __m256 x = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(b));
        __m256 r = _mm256_mul_ps(x, vinv);
        __m256 e = _mm256_fnmadd_ps(r, vs, x);
        _mm256_storeu_ps(out + i, _mm256_fmadd_ps(e, vinv, r));
    }
    for (; i < count; i++)
        out[i] = (float)q[i] / s;
}
#else
bool bytes_fast_scale_ok(float s)
{
    (void)s;
    return false;
}

void bytes_to_f32_fast(const uint8_t *q, size_t count, float s, float *out)
{
    bytes_to_f32_plain(q, count, s, out);
}
#endif

void bytes_to_f32(const uint8_t *q, size_t count, float s, float *out)
{
    /* the last scale asked about on this thread, and the answer */
    static _Thread_local float checked_scale = 0.0f;
    static _Thread_local bool checked_ok = false;
    if (s != checked_scale) {
        checked_ok = bytes_fast_scale_ok(s);
        checked_scale = s;
    }
    if (checked_ok)
        bytes_to_f32_fast(q, count, s, out);
    else
        bytes_to_f32_plain(q, count, s, out);
}
