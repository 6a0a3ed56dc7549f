/* test_deskew.c - deskewing images (src/deskew.h): the moments of a 3 x 3
 * image worked out by hand, a slanted bar made upright, a blank image left
 * alone, digits and an MNIST image against scipy, bytes and floats alike.
 *
 * The scipy values (scipy 1.10.1, numpy float64 on the float32 pixels) come
 * from /tmp/deskew_ref.py run as `/usr/bin/python3 deskew_ref.py` in the
 * source tree; the script, in full:
 *
 *   import numpy as np, gzip
 *   from scipy.ndimage import affine_transform
 *   def deskew(im):
 *       h, w = im.shape; r, c = np.mgrid[:h, :w]; t = im.sum()
 *       mr = (r*im).sum()/t; mc = (c*im).sum()/t
 *       vr = ((r-mr)**2*im).sum()/t; cov = ((r-mr)*(c-mc)*im).sum()/t
 *       M = np.array([[1, 0], [cov/vr, 1]])
 *       off = np.array([mr, mc]) - M @ np.array([(h-1)/2, (w-1)/2])
 *       return (affine_transform(im, M, offset=off, order=1, mode='constant'),
 *               (t, mr, mc, vr, cov, cov/vr))
 *   D = np.loadtxt('datasets/digits.csv', delimiter=',',
 *                  skiprows=1)[:, :64].astype(np.float32) / 16
 *   for i in (0, 1, 7):
 *       out, m = deskew(D[i].reshape(8, 8).astype(np.float64))
 *       print('digit', i, 'moments', ' '.join('%.12g' % v for v in m))
 *       print(', '.join('%.7g' % v for v in out.ravel()))
 *   b = gzip.open('datasets/mnist/t10k-images-idx3-ubyte.gz').read()
 *   im = (np.frombuffer(b, np.uint8, offset=16)[:784].astype(np.float32)
 *         / 255).reshape(28, 28)
 *   out, m = deskew(im.astype(np.float64))
 *   print('mnist t10k 0 moments', ' '.join('%.12g' % v for v in m))
 *   nz = np.flatnonzero(np.abs(out.ravel()) > 0)
 *   print(len(nz))
 *   print(', '.join('{%d, %.7g}' % (j, out.ravel()[j]) for j in nz))
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "deskew.h"
#include "test_util.h"

/* ---- moments by hand ------------------------------------------------------------ */

static void test_moments_of_a_3x3_image_match_hand_arithmetic(void **st)
{
    (void)st;
    /* 1 2 0 / 0 0 0 / 0 0 1: t = 4; mr = (0*3 + 2*1) / 4 = 0.5;
     * mc = (0*1 + 1*2 + 2*1) / 4 = 1; var_r = (0.25*3 + 2.25*1) / 4 = 0.75;
     * cov = ((-0.5)(-1)1 + (-0.5)(0)2 + (1.5)(1)1) / 4 = 0.5; alpha = 2/3 */
    const float im[9] = { 1, 2, 0, 0, 0, 0, 0, 0, 1 };
    DeskewMoments m;
    deskew_moments(im, 3, 3, &m);
    assert_near(m.mass, 4.0, 1e-12);
    assert_near(m.mr, 0.5, 1e-12);
    assert_near(m.mc, 1.0, 1e-12);
    assert_near(m.var_r, 0.75, 1e-12);
    assert_near(m.cov_rc, 0.5, 1e-12);
    assert_near(deskew_alpha(&m), 2.0 / 3.0, 1e-12);
}

static void test_an_antidiagonal_becomes_the_middle_column(void **st)
{
    (void)st;
    /* 0 0 1 / 0 1 0 / 1 0 0: centre (1, 1), var_r 2/3, cov -2/3, alpha -1:
     * out(r, c) = in(r, c - (r - 1)), every sample on a pixel */
    const float im[9] = { 0, 0, 1, 0, 1, 0, 1, 0, 0 };
    const float want[9] = { 0, 1, 0, 0, 1, 0, 0, 1, 0 };
    float out[9];
    deskew_image(im, 3, 3, out);
    for (int i = 0; i < 9; i++)
        assert_near(out[i], want[i], 1e-7);
}

/* A 28 x 28 bar from column `start` on row 4, leaning by `slope` columns a
 * row down to row 23, its ink shared bilinearly between the two nearest
 * columns: alpha = slope up to the sharing. */
static void slanted_bar(float *im, double start, double slope)
{
    memset(im, 0, 28 * 28 * sizeof *im);
    for (int r = 4; r < 24; r++) {
        double c = start + slope * (r - 4);
        int c0 = (int)floor(c);
        double f = c - c0;
        im[r * 28 + c0] += (float)(1.0 - f);
        im[r * 28 + c0 + 1] += (float)f;
    }
}

static void test_a_slanted_bar_becomes_upright_and_centred(void **st)
{
    (void)st;
    static const double starts[2] = { 8.0, 17.0 }, slopes[2] = { 0.3, -0.25 }; /* \ and / */
    float im[28 * 28], out[28 * 28];
    DeskewMoments before, after;
    for (int s = 0; s < 2; s++) {
        slanted_bar(im, starts[s], slopes[s]);
        deskew_moments(im, 28, 28, &before);
        assert_near(deskew_alpha(&before), slopes[s], 0.01);
        deskew_image(im, 28, 28, out);
        deskew_moments(out, 28, 28, &after);
        assert_true(fabs(deskew_alpha(&after)) < 0.02);
        assert_near(after.mr, 13.5, 0.05);
        assert_near(after.mc, 13.5, 0.05);
        assert_near(after.mass, before.mass, 0.05 * before.mass); /* little ink lost */
    }
}

static void test_a_blank_image_is_left_as_it_is(void **st)
{
    (void)st;
    float im[64] = { 0 }, out[64];
    for (int i = 0; i < 64; i++)
        out[i] = 7.0f;
    deskew_image(im, 8, 8, out);
    for (int i = 0; i < 64; i++)
        assert_true(out[i] == 0.0f);
    DeskewMoments m;
    deskew_moments(im, 8, 8, &m);
    assert_true(deskew_alpha(&m) == 0.0);
}

static void test_one_row_of_ink_is_only_centred(void **st)
{
    (void)st;
    /* var_r = 0: alpha 0, only centred: the ink of row 1, columns 0..1 (mr 1,
     * mc 0.5) is sampled at out(r, c) = in(r - 0.5, c - 1): half on rows 1
     * and 2, columns 1..2 (mr 1.5, mc 1.5 of 4 x 4) */
    float im[16] = { 0 }, out[16];
    im[4 + 0] = im[4 + 1] = 1.0f;
    deskew_image(im, 4, 4, out);
    DeskewMoments m;
    deskew_moments(out, 4, 4, &m);
    assert_near(m.mr, 1.5, 1e-6);
    assert_near(m.mc, 1.5, 1e-6);
    assert_near(m.mass, 2.0, 1e-6);
    const float want[16] = { 0, 0, 0, 0, 0, 0.5f, 0.5f, 0, 0, 0.5f, 0.5f, 0, 0, 0, 0, 0 };
    for (int i = 0; i < 16; i++)
        assert_near(out[i], want[i], 1e-7);
}

/* ---- against scipy --------------------------------------------------------------- */

static const float DIGIT_OUT[3][64] = {
    {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0.09736959, 0.7660137, 0.8802451, 0.642396, 0.7438284,
        0.2336675, 0, 0.01642288, 0.2385764, 0.8506765, 0.2229235, 0.1518128, 0.6970697,
        0.425622, 0, 0.0174874, 0.280049, 0.721159, 0.01616857, 0.03813331, 0.5242528,
        0.4637618, 0, 0.01311431, 0.3137597, 0.5117739, 0, 0.02390678, 0.5514622, 0.4784151, 0,
        0.003586667, 0.2642979, 0.6521835, 0.0007456259, 0.06307339, 0.7200031, 0.4400299, 0, 0,
        0.1402324, 0.8379427, 0.2778761, 0.5422685, 0.7468582, 0.07165208, 0.0009422185, 0,
        0.0166519, 0.4256065, 0.7294347, 0.6302703, 0.12788, 0.004680455, 0 },
    {
        0, 0, 0.006008432, 0.7465419, 0.8207857, 0.3262247, 0, 0, 0, 0.0003789276, 0.03362044,
        0.7130112, 0.9861214, 0.5332418, 0, 0, 0.001537514, 0.03981318, 0.2744485, 0.9447274,
        0.9655854, 0.3393832, 0, 0, 0.03125987, 0.4448844, 0.8893521, 1, 0.9334115, 0.1192231,
        0, 0, 0, 0.006203752, 0.1555563, 1, 0.9205702, 0.1799501, 0, 0, 0, 0.007628827,
        0.1769324, 1, 0.9237117, 0.329227, 0, 0, 0, 0.008460915, 0.1918431, 0.9824977,
        0.9118329, 0.3346784, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    {
        0, 0, 0, 0, 0, 0, 0, 0, 0.01785907, 0.4391979, 0.4850244, 0.6354208, 0.8946296,
        0.8407731, 0, 0, 0, 0.2111468, 0.2911638, 0.3219528, 0.6205677, 0.5775535, 0.1429172, 0,
        0.03424631, 0.117867, 0.1672414, 0.3634515, 0.7315107, 0.5728375, 0.09862151, 0,
        0.01955001, 0.2414813, 0.5705679, 0.6736779, 0.9159059, 0.6645371, 0.2261332, 0, 0,
        0.0647437, 0.3745363, 0.8473471, 0.7794375, 0.291009, 0.03689192, 0, 0, 0, 0.08704178,
        0.554061, 0.6320245, 0.1229934, 0, 0, 0, 0, 0.09497257, 0.6582219, 0.6274884,
        0.03548085, 0, 0 },
};
static const int DIGIT_ROWS[3] = { 0, 1, 7 };
static const double DIGIT_ALPHA[3] = { -0.0293065281229, 0.0228012050778, -0.315638639379 };

static void test_digits_match_scipy(void **st)
{
    (void)st;
    Dataset ds;
    test_load(&ds, "digits", 0);
    assert_int_equal(ds.image_w, 8);
    for (int k = 0; k < 3; k++) {
        const float *im = mat_row(&ds.X, DIGIT_ROWS[k]);
        float out[64];
        DeskewMoments m;
        deskew_moments(im, 8, 8, &m);
        assert_near(deskew_alpha(&m), DIGIT_ALPHA[k], 1e-9);
        deskew_image(im, 8, 8, out);
        for (int i = 0; i < 64; i++)
            assert_near(out[i], DIGIT_OUT[k][i], 2e-6);
    }
    dataset_free(&ds);
}

/* The first test image of MNIST (a 7) deskewed by scipy: its nonzero pixels. */
static const struct { int at; float v; } MNIST_OUT[161] = {
    {172, 0.1123928}, {173, 0.4262437}, {174, 0.6063353}, {175, 0.5403156}, {176, 0.4015366},
    {177, 0.1758197}, {178, 0.07659083}, {200, 0.2531123}, {201, 0.8568442}, {202, 0.9608961},
    {203, 0.9516117}, {204, 0.9361012}, {205, 0.8900585}, {206, 0.7997647}, {207, 0.6861755},
    {208, 0.6861755}, {209, 0.6861755}, {210, 0.6861755}, {211, 0.6861755}, {212, 0.6861755},
    {213, 0.6861755}, {214, 0.6557656}, {215, 0.4609845}, {216, 0.1237321}, {228, 0.08025425},
    {229, 0.3761471}, {230, 0.4758705}, {231, 0.4003848}, {232, 0.5517761}, {233, 0.7326722},
    {234, 0.9143822}, {235, 0.9463507}, {236, 0.8942297}, {237, 0.9705404}, {238, 0.9705404},
    {239, 0.9672039}, {240, 0.9391616}, {241, 0.9047553}, {242, 0.967467}, {243, 0.8497287},
    {244, 0.3864029}, {256, 0.005132938}, {257, 0.03415513}, {258, 0.04877044}, {259,
    0.03605225}, {260, 0.05574204}, {261, 0.08913414}, {262, 0.1930299}, {263, 0.3120629}, {264,
    0.1842032}, {265, 0.3480238}, {266, 0.3480238}, {267, 0.3430599}, {268, 0.2947435}, {269,
    0.3042938}, {270, 0.9441782}, {271, 0.9011812}, {272, 0.3587542}, {289, 0.0007387796}, {290,
    0.009882035}, {291, 0.02783858}, {292, 0.008687757}, {293, 0.03055441}, {294, 0.03055441},
    {295, 0.03020675}, {296, 0.05266511}, {297, 0.3627011}, {298, 0.9706557}, {299, 0.7706209},
    {300, 0.1001685}, {323, 0.001722697}, {324, 0.09361921}, {325, 0.8487945}, {326, 0.9851662},
    {327, 0.3744834}, {328, 0.008023171}, {352, 0.4341847}, {353, 0.9599759}, {354, 0.9433615},
    {355, 0.22795}, {356, 0.009536492}, {379, 0.1793573}, {380, 0.8336622}, {381, 0.9869502},
    {382, 0.4060065}, {383, 0.05731589}, {384, 0.002464113}, {407, 0.3924518}, {408, 0.8948789},
    {409, 0.8088357}, {410, 0.1860282}, {411, 0.008915263}, {434, 0.02282466}, {435, 0.5726457},
    {436, 0.920519}, {437, 0.4710717}, {438, 0.07844914}, {439, 0.0006115468}, {462, 0.2905058},
    {463, 0.7920427}, {464, 0.8221998}, {465, 0.2710029}, {466, 0.009016839}, {489, 0.1524143},
    {490, 0.6512755}, {491, 0.9391849}, {492, 0.5564158}, {493, 0.1160286}, {516, 0.03382475},
    {517, 0.4430256}, {518, 0.9000646}, {519, 0.8354714}, {520, 0.3463348}, {521, 0.01264086},
    {543, 0.004584927}, {544, 0.3198795}, {545, 0.8307364}, {546, 0.9341752}, {547, 0.575878},
    {548, 0.11012}, {571, 0.04900586}, {572, 0.4423457}, {573, 0.9813865}, {574, 0.7642827},
    {575, 0.237533}, {576, 0.01008267}, {598, 0.03175723}, {599, 0.3102685}, {600, 0.8534596},
    {601, 0.8536831}, {602, 0.373724}, {603, 0.02717579}, {626, 0.1058919}, {627, 0.5881428},
    {628, 0.9854469}, {629, 0.8259066}, {630, 0.1808942}, {631, 0.0003543831}, {653,
    0.03175323}, {654, 0.3147265}, {655, 0.9138467}, {656, 0.9960784}, {657, 0.8770915}, {658,
    0.1732913}, {681, 0.03465716}, {682, 0.4892696}, {683, 0.9910302}, {684, 0.9866773}, {685,
    0.8195648}, {686, 0.149753}, {709, 0.002281496}, {710, 0.4770176}, {711, 0.9952953}, {712,
    0.8299724}, {713, 0.161559}, {714, 0.01815373}, {738, 0.0514341}, {739, 0.1117154}, {740,
    0.0958546}, {741, 0.01406022}, {742, 0.000557293}
};

static void test_an_mnist_image_matches_scipy(void **st)
{
    (void)st;
    const char *dir = getenv("MLLAB_DATA_DIR");
    char images[1024], labels[1024];
    snprintf(images, sizeof images, "%s/mnist/t10k-images-idx3-ubyte.gz", dir ? dir : "datasets");
    snprintf(labels, sizeof labels, "%s/mnist/t10k-labels-idx1-ubyte.gz", dir ? dir : "datasets");
    Dataset ds;
    Error err;
    error_clear(&err);
    if (dataset_load_idx(&ds, images, labels, &err) < 0)
        fail_msg("%s", err.msg);
    float out[784], want[784] = { 0 };
    for (size_t i = 0; i < sizeof MNIST_OUT / sizeof MNIST_OUT[0]; i++)
        want[MNIST_OUT[i].at] = MNIST_OUT[i].v;
    DeskewMoments m;
    deskew_moments(mat_row(&ds.X, 0), 28, 28, &m);
    assert_near(m.mass, 72.3686281922, 1e-6);
    assert_near(deskew_alpha(&m), -0.072699078295, 1e-9);
    deskew_image(mat_row(&ds.X, 0), 28, 28, out);
    for (int i = 0; i < 784; i++)
        assert_near(out[i], want[i], 2e-6);
    dataset_free(&ds);
}

/* ---- whole matrices ----------------------------------------------------------------- */

static void test_bytes_and_floats_give_the_same_output(void **st)
{
    (void)st;
    Dataset ds;
    test_load(&ds, "digits", 0);
    int n = 150; /* more than a block of converted rows */
    Mat f = mat_rows_view(&ds.X, 0, n), q, a, b;
    Error err;
    error_clear(&err);
    assert_int_equal(mat_alloc_bytes(&q, n, 64, 16.0f, &err), 0);
    for (int i = 0; i < n * 64; i++)
        q.bytes[i] = (uint8_t)lroundf(f.data[i] * 16.0f);
    assert_int_equal(deskew_mat(&f, 8, 8, &a, &err), 0);
    assert_int_equal(deskew_mat(&q, 8, 8, &b, &err), 0);
    assert_false(mat_is_bytes(&b));
    assert_memory_equal(a.data, b.data, mat_size(&a) * sizeof(float));
    float one[64];
    deskew_image(mat_row(&f, 120), 8, 8, one);
    assert_memory_equal(one, mat_row(&a, 120), sizeof one);
    mat_free(&a);
    mat_free(&b);
    mat_free(&q);
    dataset_free(&ds);
}

static void test_deskew_mat_refuses_a_shape_that_does_not_fit(void **st)
{
    (void)st;
    Mat x, out;
    Error err;
    error_clear(&err);
    assert_int_equal(mat_alloc(&x, 2, 10, &err), 0);
    assert_int_equal(deskew_mat(&x, 3, 3, &out, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_null(out.data);
    mat_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moments_of_a_3x3_image_match_hand_arithmetic),
        cmocka_unit_test(test_an_antidiagonal_becomes_the_middle_column),
        cmocka_unit_test(test_a_slanted_bar_becomes_upright_and_centred),
        cmocka_unit_test(test_a_blank_image_is_left_as_it_is),
        cmocka_unit_test(test_one_row_of_ink_is_only_centred),
        cmocka_unit_test(test_digits_match_scipy),
        cmocka_unit_test(test_an_mnist_image_matches_scipy),
        cmocka_unit_test(test_bytes_and_floats_give_the_same_output),
        cmocka_unit_test(test_deskew_mat_refuses_a_shape_that_does_not_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
