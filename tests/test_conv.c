/* test_conv.c - convolution and pooling: the textbook operation (conv.h)
 * against REFERENCE.md's toy and hand-worked cases, the im2col + sgemm layer
 * (nn_layers.h) against the textbook loops, and the layers' backward passes
 * against finite differences; the direct chunk kernel (conv_direct.h)
 * against the im2col + sgemm layer, forward and backward, on several
 * shapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "conv.h"
#include "conv_direct.h"
#include "nn_layers.h"

static void fill_normal(float *v, size_t n, Rng *rng)
{
    for (size_t i = 0; i < n; i++)
        v[i] = (float)rng_normal(rng);
}

static void assert_floats(const float *got, const float *want, int n, double tol)
{
    for (int i = 0; i < n; i++)
        if (fabs((double)got[i] - want[i]) > tol)
            fail_msg("[%d]: got %.6g, want %.6g", i, got[i], want[i]);
}

/* ---------------------------------------------------------------- 1-D */

static void test_conv1d_same_padding_gives_reference_toy(void **state)
{
    (void)state;
    float x[6] = { 1, 2, 3, 4, 5, 6 }, k[3] = { 1, 0, -1 }, out[6];
    assert_int_equal(conv1d(x, 6, k, 3, CONV_PAD_SAME, 1, out), 6);
    float want[6] = { -2, -2, -2, -2, -2, 5 };
    assert_floats(out, want, 6, 0);
}

static void test_conv1d_valid_and_stride_change_the_length(void **state)
{
    (void)state;
    float x[6] = { 1, 2, 3, 4, 5, 6 }, k[3] = { 1, 0, -1 }, out[6];
    assert_int_equal(conv1d(x, 6, k, 3, CONV_PAD_VALID, 1, out), 4);
    float valid[4] = { -2, -2, -2, -2 };
    assert_floats(out, valid, 4, 0);
    /* same padding, stride 2: outputs at 0, 2, 4 */
    assert_int_equal(conv1d(x, 6, k, 3, CONV_PAD_SAME, 2, out), 3);
    float strided[3] = { -2, -2, -2 };
    assert_floats(out, strided, 3, 0);
    /* no flip: an asymmetric kernel reads left to right */
    float k2[2] = { 1, 10 };
    assert_int_equal(conv1d(x, 3, k2, 2, CONV_PAD_VALID, 1, out), 2);
    float asym[2] = { 21, 32 };
    assert_floats(out, asym, 2, 0);
    /* a kernel longer than the signal has no valid position */
    float k5[5] = { 0 };
    assert_int_equal(conv1d(x, 3, k5, 5, CONV_PAD_VALID, 1, out), -1);
}

/* ---------------------------------------------------------------- 2-D */

static void test_sobel_x_lights_up_a_vertical_edge(void **state)
{
    (void)state;
    enum { H = 5, W = 6 };
    float img[H * W], k[9], out[H * W];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            img[y * W + x] = x >= 3 ? 1.0f : 0.0f;
    int ks, oh, ow;
    assert_int_equal(conv_named_kernel("sobel-x", k, &ks), 0);
    assert_int_equal(ks, 3);
    assert_int_equal(conv2d(img, 1, H, W, k, 1, 3, 3, NULL, CONV_PAD_SAME, 1, out, &oh, &ow), 0);
    assert_int_equal(oh, H);
    assert_int_equal(ow, W);
    /* interior rows: 4 (= 1+2+1) on the two columns beside the edge, 0 on flat parts */
    for (int y = 1; y < H - 1; y++) {
        assert_true(out[y * W + 0] == 0.0f);
        assert_true(out[y * W + 1] == 0.0f);
        assert_true(out[y * W + 2] == 4.0f);
        assert_true(out[y * W + 3] == 4.0f);
        assert_true(out[y * W + 4] == 0.0f);
    }
    /* sobel-y sees no horizontal edge inside */
    assert_int_equal(conv_named_kernel("sobel-y", k, &ks), 0);
    conv2d(img, 1, H, W, k, 1, 3, 3, NULL, CONV_PAD_SAME, 1, out, &oh, &ow);
    for (int x = 0; x < W; x++)
        assert_true(out[2 * W + x] == 0.0f);
}

static void test_conv2d_sums_over_input_channels_and_adds_bias(void **state)
{
    (void)state;
    /* 2 channels of 3x3, one 3x3 kernel of ones per channel, valid: one output */
    float img[18], k[18], bias[1] = { 0.5f }, out[1];
    for (int i = 0; i < 18; i++) {
        img[i] = (float)i;
        k[i] = 1.0f;
    }
    int oh, ow;
    assert_int_equal(conv2d(img, 2, 3, 3, k, 1, 3, 3, bias, CONV_PAD_VALID, 1, out, &oh, &ow), 0);
    assert_int_equal(oh, 1);
    assert_int_equal(ow, 1);
    assert_true(out[0] == 153.0f + 0.5f); /* 0 + 1 + ... + 17 */
}

static void test_conv2d_sizes_for_valid_same_and_stride(void **state)
{
    (void)state;
    assert_int_equal(conv_out_len(28, 5, CONV_PAD_VALID, 1), 24);
    assert_int_equal(conv_out_len(28, 5, CONV_PAD_SAME, 1), 28);
    assert_int_equal(conv_out_len(28, 3, CONV_PAD_SAME, 2), 14);
    assert_int_equal(conv_out_len(7, 3, CONV_PAD_VALID, 2), 3);
    assert_int_equal(conv_out_len(2, 3, CONV_PAD_VALID, 1), 0);
    assert_int_equal(conv_pad_before(3, CONV_PAD_SAME), 1);
    assert_int_equal(conv_pad_before(4, CONV_PAD_SAME), 1);
    assert_int_equal(conv_pad_before(5, CONV_PAD_VALID), 0);
}

static void test_pooling_takes_the_max_or_the_mean(void **state)
{
    (void)state;
    float img[16] = { 1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16 }, out[4];
    int oh, ow;
    assert_int_equal(pool2d(img, 1, 4, 4, POOL_MAX, 2, 2, out, &oh, &ow), 0);
    assert_int_equal(oh, 2);
    assert_int_equal(ow, 2);
    float mx[4] = { 4, 8, 12, 16 };
    assert_floats(out, mx, 4, 0);
    assert_int_equal(pool2d(img, 1, 4, 4, POOL_AVG, 2, 2, out, &oh, &ow), 0);
    float avg[4] = { 2.5f, 6.5f, 10.5f, 14.5f };
    assert_floats(out, avg, 4, 1e-6);
    assert_int_equal(pool2d(img, 1, 4, 4, POOL_MAX, 5, 1, out, &oh, &ow), -1);
}

static void test_named_kernels_are_known_and_others_rejected(void **state)
{
    (void)state;
    const char *const *names = conv_kernel_names();
    int n = 0;
    float k[9];
    int ks;
    for (; names[n]; n++) {
        assert_int_equal(conv_named_kernel(names[n], k, &ks), 0);
        assert_non_null(conv_kernel_help(names[n]));
    }
    assert_true(n >= 5);
    assert_int_equal(conv_named_kernel("blur", k, &ks), 0);
    double s = 0;
    for (int i = 0; i < 9; i++)
        s += k[i];
    assert_true(fabs(s - 1.0) < 1e-6); /* a blur keeps the brightness */
    assert_int_equal(conv_named_kernel("edge", k, &ks), 0);
    s = 0;
    for (int i = 0; i < 9; i++)
        s += k[i];
    assert_true(fabs(s) < 1e-6); /* an edge detector gives 0 on flat regions */
    assert_int_equal(conv_named_kernel("emboss-3d", k, &ks), -1);
}

/* ---------------------------------------------------------------- im2col + sgemm */

/* The network's convolution (im2col + one sgemm per image) agrees with the
 * textbook loops for padding, stride and several channels. */
static void test_im2col_sgemm_conv_matches_the_direct_loops(void **state)
{
    (void)state;
    enum { B = 2, C = 3, H = 7, W = 6, OC = 4, K = 3 };
    Rng rng;
    rng_seed(&rng, 1);
    float inp[B * C * H * W], w[OC * C * K * K], b[OC];
    fill_normal(inp, sizeof inp / sizeof inp[0], &rng);
    fill_normal(w, sizeof w / sizeof w[0], &rng);
    fill_normal(b, OC, &rng);
    struct { int pad, stride; ConvPadding mode; } cases[] = {
        { 1, 1, CONV_PAD_SAME }, { 0, 1, CONV_PAD_VALID }, { 0, 2, CONV_PAD_VALID },
        { 1, 2, CONV_PAD_SAME } };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        ConvGeom g;
        assert_int_equal(conv_geom(&g, H, W, C, OC, K, cases[c].pad, cases[c].stride), 0);
        float *col = malloc(conv_col_size(&g) * B * sizeof(float));
        float *out = malloc((size_t)B * OC * g.OH * g.OW * sizeof(float));
        float *ref = malloc((size_t)OC * g.OH * g.OW * sizeof(float));
        conv2d_forward(out, col, inp, w, b, B, &g);
        for (int i = 0; i < B; i++) {
            int oh, ow;
            assert_int_equal(conv2d(inp + i * C * H * W, C, H, W, w, OC, K, K, b, cases[c].mode,
                                    cases[c].stride, ref, &oh, &ow),
                             0);
            assert_int_equal(oh, g.OH);
            assert_int_equal(ow, g.OW);
            assert_floats(out + (size_t)i * OC * oh * ow, ref, OC * oh * ow, 1e-4);
        }
        free(col);
        free(out);
        free(ref);
    }
}

static void test_col2im_is_the_adjoint_of_im2col(void **state)
{
    (void)state;
    /* <im2col(x), y> = <x, col2im(y)> for any x, y */
    ConvGeom g;
    assert_int_equal(conv_geom(&g, 6, 5, 2, 1, 3, 1, 2), 0);
    size_t n_img = 2 * 6 * 5, n_col = conv_col_size(&g);
    float *x = malloc(n_img * sizeof(float)), *y = malloc(n_col * sizeof(float));
    float *cx = malloc(n_col * sizeof(float)), *cy = malloc(n_img * sizeof(float));
    Rng rng;
    rng_seed(&rng, 2);
    fill_normal(x, n_img, &rng);
    fill_normal(y, n_col, &rng);
    im2col(cx, x, &g);
    col2im(cy, y, &g);
    double a = 0, b = 0;
    for (size_t i = 0; i < n_col; i++)
        a += (double)cx[i] * y[i];
    for (size_t i = 0; i < n_img; i++)
        b += (double)x[i] * cy[i];
    assert_true(fabs(a - b) < 1e-4 * (fabs(a) + 1));
    free(x);
    free(y);
    free(cx);
    free(cy);
}

/* Loss = Σ out ⊙ R: the gradients of conv2d_backward against finite
 * differences, for the input, the weights and the bias. */
static void test_conv_backward_matches_finite_differences(void **state)
{
    (void)state;
    enum { B = 2, C = 2, H = 5, W = 6, OC = 3, K = 3 };
    ConvGeom g;
    assert_int_equal(conv_geom(&g, H, W, C, OC, K, 1, 2), 0);
    const int n_out = B * OC * g.OH * g.OW;
    Rng rng;
    rng_seed(&rng, 3);
    float inp[B * C * H * W], w[OC * C * K * K], b[OC], dinp[B * C * H * W];
    float dw[OC * C * K * K] = { 0 }, db[OC] = { 0 };
    float *R = malloc((size_t)n_out * sizeof(float)), *out = malloc((size_t)n_out * sizeof(float));
    float *col = malloc(conv_col_size(&g) * B * sizeof(float));
    float *dcol = malloc(conv_col_size(&g) * sizeof(float));
    fill_normal(inp, sizeof inp / sizeof inp[0], &rng);
    fill_normal(w, sizeof w / sizeof w[0], &rng);
    fill_normal(b, OC, &rng);
    fill_normal(R, (size_t)n_out, &rng);
    conv2d_forward(out, col, inp, w, b, B, &g);
    conv2d_backward(dinp, dw, db, dcol, col, R, w, B, &g);
    float *vars[3] = { inp, w, b }, *grads[3] = { dinp, dw, db };
    int sizes[3] = { B * C * H * W, OC * C * K * K, OC };
    const float h = 1e-2f;
    for (int v = 0; v < 3; v++)
        for (int i = 0; i < sizes[v]; i++) {
            float keep = vars[v][i];
            double lp = 0, lm = 0;
            vars[v][i] = keep + h;
            conv2d_forward(out, col, inp, w, b, B, &g);
            for (int k = 0; k < n_out; k++)
                lp += (double)out[k] * R[k];
            vars[v][i] = keep - h;
            conv2d_forward(out, col, inp, w, b, B, &g);
            for (int k = 0; k < n_out; k++)
                lm += (double)out[k] * R[k];
            vars[v][i] = keep;
            double numeric = (lp - lm) / (2 * h);
            if (fabs(grads[v][i] - numeric) > 1e-3 * (fabs(numeric) + 1))
                fail_msg("var %d [%d]: analytic %.6g vs numeric %.6g", v, i, grads[v][i], numeric);
        }
    free(R);
    free(out);
    free(col);
    free(dcol);
}

static void test_relu_keeps_positives_and_routes_their_gradients(void **state)
{
    (void)state;
    /* 37 values: two full vectors of 16 and a tail of 5; NaN and -0 give 0 */
    enum { n = 37 };
    float x[n], out[n], d[n], dx[n];
    for (int i = 0; i < n; i++) {
        x[i] = (float)((i * 7) % 11) - 5.0f;
        d[i] = (float)i + 0.5f;
    }
    x[3] = NAN;
    x[4] = -0.0f;
    activation_forward(ACT_RELU, out, x, n);
    activation_backward(ACT_RELU, dx, d, out, n);
    for (int i = 0; i < n; i++) {
        bool on = x[i] > 0.0f;
        assert_true(out[i] == (on ? x[i] : 0.0f));
        assert_false(signbit(out[i]));
        assert_true(dx[i] == (on ? d[i] : 0.0f));
    }
    activation_backward(ACT_RELU, d, d, out, n); /* in place */
    assert_memory_equal(d, dx, sizeof d);
}

static void test_maxpool_2x2_takes_the_first_maximum_of_each_window(void **state)
{
    (void)state;
    /* small integers: many ties; widths below, at and past a vector of 16
     * outputs, odd ones (the last column is dropped) */
    const int shapes[][3] = { { 3, 4, 5 }, { 2, 28, 28 }, { 1, 7, 37 }, { 2, 6, 66 } };
    Rng rng;
    rng_seed(&rng, 7);
    for (int s = 0; s < 4; s++) {
        const int C = shapes[s][0], H = shapes[s][1], W = shapes[s][2], B = 2;
        const int OH = H / 2, OW = W / 2;
        float *x = malloc((size_t)B * C * H * W * sizeof(float));
        float *o = malloc((size_t)B * C * OH * OW * sizeof(float));
        int *a = malloc((size_t)B * C * OH * OW * sizeof(int));
        for (int i = 0; i < B * C * H * W; i++)
            x[i] = (float)((int)rng_below(&rng, 4) - 2);
        maxpool_forward(o, a, x, B, C, H, W, 2, 2);
        for (int p = 0; p < B * C; p++)
            for (int oy = 0; oy < OH; oy++)
                for (int ox = 0; ox < OW; ox++) {
                    int base = p * H * W + 2 * oy * W + 2 * ox, best = base;
                    const int cand[4] = { base, base + 1, base + W, base + W + 1 };
                    for (int k = 1; k < 4; k++)
                        best = x[cand[k]] > x[best] ? cand[k] : best;
                    int i = (p * OH + oy) * OW + ox;
                    assert_int_equal(a[i], best);
                    assert_true(o[i] == x[best]);
                }
        free(x), free(o), free(a);
    }
}

static void test_pool_backward_matches_finite_differences(void **state)
{
    (void)state;
    enum { B = 2, C = 2, H = 5, W = 4 };
    Rng rng;
    rng_seed(&rng, 4);
    /* windows 2, strides 2 and 1 (overlapping) */
    int strides[2] = { 2, 1 };
    for (int si = 0; si < 2; si++)
        for (int kind = 0; kind < 2; kind++) {
            int S = strides[si], OH = pool_out_size(H, 2, S), OW = pool_out_size(W, 2, S);
            int n_in = B * C * H * W, n_out = B * C * OH * OW;
            float inp[B * C * H * W], dinp[B * C * H * W], out[B * C * 4 * 3], R[B * C * 4 * 3];
            int arg[B * C * 4 * 3];
            /* distinct values 0.05 apart: no two tie within h */
            int perm[B * C * H * W];
            rng_permutation(&rng, perm, n_in);
            for (int i = 0; i < n_in; i++)
                inp[i] = 0.05f * (float)perm[i] - 1.0f;
            fill_normal(R, (size_t)n_out, &rng);
            if (kind == 0) {
                maxpool_forward(out, arg, inp, B, C, H, W, 2, S);
                maxpool_backward(dinp, R, arg, B, C, H, W, 2, S);
            } else {
                avgpool_forward(out, inp, B, C, H, W, 2, S);
                avgpool_backward(dinp, R, B, C, H, W, 2, S);
            }
            const float h = 1e-3f; /* below the gap between window values */
            for (int i = 0; i < n_in; i++) {
                float keep = inp[i];
                double l[2];
                for (int sgn = 0; sgn < 2; sgn++) {
                    inp[i] = keep + (sgn ? -h : h);
                    if (kind == 0)
                        maxpool_forward(out, arg, inp, B, C, H, W, 2, S);
                    else
                        avgpool_forward(out, inp, B, C, H, W, 2, S);
                    l[sgn] = 0;
                    for (int k = 0; k < n_out; k++)
                        l[sgn] += (double)out[k] * R[k];
                }
                inp[i] = keep;
                double numeric = (l[0] - l[1]) / (2 * h);
                if (fabs(dinp[i] - numeric) > 1e-2 * (fabs(numeric) + 1))
                    fail_msg("%s stride %d [%d]: analytic %.6g vs numeric %.6g",
                             kind ? "avg" : "max", S, i, dinp[i], numeric);
            }
        }
}

static void test_conv_geometry_rejects_a_kernel_larger_than_the_input(void **state)
{
    (void)state;
    ConvGeom g;
    assert_int_equal(conv_geom(&g, 4, 4, 1, 1, 5, 0, 1), -1);
    assert_int_equal(conv_geom(&g, 4, 4, 1, 1, 5, 1, 1), 0); /* padding makes room */
    assert_int_equal(g.OH, 2);
    assert_int_equal(pool_out_size(3, 4, 4), 0);
}

/* ---- the direct kernel against the im2col path ---------------------------- */

/* Both paths on B random images of shape (C, H, W), OC kernels K×K with
 * padding P: outputs, weight and bias gradients, input gradients.  The
 * sums run in other orders, so they agree to float rounding: within 1e-4
 * of the largest magnitude of each result. */
static void check_direct_matches_im2col(int B, int C, int H, int W, int OC, int K, int P)
{
    ConvGeom g;
    assert_int_equal(conv_geom(&g, H, W, C, OC, K, P, 1), 0);
    assert_true(conv_direct_usable(&g));
    const size_t in = (size_t)B * C * H * W, out = (size_t)B * OC * g.OH * g.OW;
    const size_t nw = (size_t)OC * C * K * K, col = conv_col_size(&g);
    size_t scratch_bytes = (conv_direct_scratch_floats(&g) * sizeof(float) + 63) / 64 * 64;
    float *x = malloc(in * 4), *w = malloc(nw * 4), *b = malloc(OC * 4), *d = malloc(out * 4);
    float *o1 = malloc(out * 4), *o2 = malloc(out * 4), *cols = malloc(col * B * 4);
    float *dcol = malloc(col * 4), *di1 = malloc(in * 4), *di2 = malloc(in * 4);
    float *dw1 = calloc(nw, 4), *dw2 = calloc(nw, 4), *db1 = calloc(OC, 4), *db2 = calloc(OC, 4);
    float *scratch = aligned_alloc(64, scratch_bytes);
    Rng rng;
    rng_seed(&rng, (unsigned long)(B * 1000 + C * 100 + OC * 10 + K + P));
    fill_normal(x, in, &rng);
    fill_normal(w, nw, &rng);
    fill_normal(b, OC, &rng);
    fill_normal(d, out, &rng);
    conv2d_forward(o1, cols, x, w, b, B, &g);
    conv2d_backward(di1, dw1, db1, dcol, cols, d, w, B, &g);
    conv_direct_forward(o2, scratch, x, w, b, B, &g);
    conv_direct_backward(di2, dw2, db2, scratch, d, w, B, &g);
    const struct { const float *got, *want; size_t n; } pairs[] = {
        { o2, o1, out }, { dw2, dw1, nw }, { db2, db1, (size_t)OC }, { di2, di1, in } };
    for (int k = 0; k < 4; k++) {
        double scale = 0;
        for (size_t i = 0; i < pairs[k].n; i++)
            scale = fmax(scale, fabs(pairs[k].want[i]));
        assert_true(scale > 0);
        assert_floats(pairs[k].got, pairs[k].want, (int)pairs[k].n, 1e-4 * scale);
    }
    free(x), free(w), free(b), free(d), free(o1), free(o2), free(cols), free(dcol);
    free(di1), free(di2), free(dw1), free(dw2), free(db1), free(db2), free(scratch);
}

static void test_direct_conv_matches_im2col_on_lenet_shapes(void **state)
{
    (void)state;
    ConvGeom g;
    conv_geom(&g, 28, 28, 1, 6, 5, 2, 1);
    if (!conv_direct_usable(&g))
        skip(); /* no AVX-512 here (or MLLAB_KERNEL=avx2|generic): the im2col path runs */
    check_direct_matches_im2col(16, 1, 28, 28, 6, 5, 2); /* LeNet-5's first layer */
    check_direct_matches_im2col(16, 6, 14, 14, 16, 5, 0); /* and its second */
    check_direct_matches_im2col(5, 6, 14, 14, 16, 5, 0);  /* a short chunk: lanes past B */
}

static void test_direct_conv_matches_im2col_on_odd_shapes(void **state)
{
    (void)state;
    ConvGeom g;
    conv_geom(&g, 9, 7, 3, 20, 3, 1, 1);
    if (!conv_direct_usable(&g))
        skip();
    check_direct_matches_im2col(1, 3, 9, 7, 20, 3, 1);   /* 20 channels: blocks of 16 and 4 */
    check_direct_matches_im2col(16, 2, 5, 6, 3, 3, 2);   /* padding K - 1: full correlation */
    check_direct_matches_im2col(7, 17, 19, 18, 33, 1, 0); /* 1x1 kernel, 17 in, 33 out */
    check_direct_matches_im2col(3, 2, 40, 35, 5, 7, 3);  /* rows wider than a vector */
}

static void test_direct_conv_declines_strides_and_forced_paths(void **state)
{
    (void)state;
    ConvGeom g;
    conv_geom(&g, 8, 8, 1, 4, 3, 1, 2);
    assert_false(conv_direct_usable(&g)); /* stride 2: im2col */
    conv_geom(&g, 8, 8, 1, 4, 3, 3, 1);
    assert_false(conv_direct_usable(&g)); /* padding beyond K - 1 */
    conv_geom(&g, 8, 8, 1, 4, 3, 1, 1);
    const char *old = getenv("MLLAB_KERNEL");
    char *saved = old ? strdup(old) : NULL;
    setenv("MLLAB_KERNEL", "generic", 1);
    assert_false(conv_direct_usable(&g));
    if (saved)
        setenv("MLLAB_KERNEL", saved, 1);
    else
        unsetenv("MLLAB_KERNEL");
    free(saved);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conv1d_same_padding_gives_reference_toy),
        cmocka_unit_test(test_conv1d_valid_and_stride_change_the_length),
        cmocka_unit_test(test_sobel_x_lights_up_a_vertical_edge),
        cmocka_unit_test(test_conv2d_sums_over_input_channels_and_adds_bias),
        cmocka_unit_test(test_conv2d_sizes_for_valid_same_and_stride),
        cmocka_unit_test(test_pooling_takes_the_max_or_the_mean),
        cmocka_unit_test(test_named_kernels_are_known_and_others_rejected),
        cmocka_unit_test(test_im2col_sgemm_conv_matches_the_direct_loops),
        cmocka_unit_test(test_col2im_is_the_adjoint_of_im2col),
        cmocka_unit_test(test_conv_backward_matches_finite_differences),
        cmocka_unit_test(test_pool_backward_matches_finite_differences),
        cmocka_unit_test(test_maxpool_2x2_takes_the_first_maximum_of_each_window),
        cmocka_unit_test(test_relu_keeps_positives_and_routes_their_gradients),
        cmocka_unit_test(test_conv_geometry_rejects_a_kernel_larger_than_the_input),
        cmocka_unit_test(test_direct_conv_matches_im2col_on_lenet_shapes),
        cmocka_unit_test(test_direct_conv_matches_im2col_on_odd_shapes),
        cmocka_unit_test(test_direct_conv_declines_strides_and_forced_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
