/* cli_conv.c - `mllab conv`: the convolution operation, on numbers or on an
 * image.
 *
 *   mllab conv --signal 1,2,3,4,5,6 --kernel 1,0,-1      prints [-2,-2,-2,-2,-2,5]
 *   mllab conv --dataset mnist --index 7 --kernel sobel-x
 *                                                       draws the digit, its feature
 *                                                       map and (with --pool) the
 *                                                       pooled map, in shades
 *
 * The arithmetic is algorithms/conv.c's; this file parses, loads and draws. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "conv.h"
#include "dataset.h"

#define MAX_KERNEL 15

static void usage(FILE *f)
{
    fputs("usage: mllab conv --signal V,V,... --kernel V,V,... [--padding P] [--stride N]\n"
          "       mllab conv --dataset NAME --index N [--kernel K] [--padding P] [--stride N]\n"
          "                  [--pool max|avg] [--pool-size N] [--show S] [--values] [--ascii]\n"
          "\n"
          "Cross-correlation, the 'convolution' of deep learning: the kernel slides over\n"
          "the input without being flipped, and each output is the sum of the products.\n"
          "\n"
          "  --signal V,V,...    a 1-D input; the result is printed as [a,b,...]\n"
          "  --dataset NAME      an image set (mnist, fashion_mnist, digits) ...\n"
          "  --index N           ... and the row to draw (0-based)\n"
          "  --kernel K          numbers (k for 1-D, k*k for 2-D, row by row), or a name:\n"
          "                      sobel-x, sobel-y, blur, sharpen, edge, identity\n"
          "                      (2-D default: sobel-x)\n"
          "  --padding P         same (zeros around, the output keeps the input's size;\n"
          "                      the default) or valid (no padding)\n"
          "  --stride N          the step between kernel positions (1)\n"
          "  --pool max|avg      pool the feature map (2-D)\n"
          "  --pool-size N       the pooling window and stride (2)\n"
          "  --show S            how map values become shades: abs (|v| / max|v|, the\n"
          "                      default), minmax ((v - min) / (max - min)) or relu\n"
          "  --values            also print the feature map's numbers\n"
          "  --ascii             plain ASCII shades instead of Unicode blocks\n"
          "  -h, --help          this help\n",
          f);
}

/* Double *v's capacity; -1 (and *v freed) when out of memory. */
static int grow_floats(float **v, int *cap)
{
    float *w = realloc(*v, (size_t)*cap * 2 * sizeof **v);
    if (!w) {
        free(*v);
        return -1;
    }
    *v = w;
    *cap *= 2;
    return 0;
}

/* "1,0,-1" -> values; -1 when a field is not a number, -2 when one does
 * not fit a float32 (|x| > 3.4e38: it would become inf), with *n its
 * 1-based position. */
static int parse_numbers(const char *text, float **out, int *n)
{
    int cap = 16, count = 0;
    float *v = malloc((size_t)cap * sizeof *v);
    if (!v)
        return -1;
    const char *s = text;
    for (;;) {
        char *end;
        errno = 0;
        double x = strtod(s, &end);
        if (end == s || errno == ERANGE || !isfinite(x) || (*end != ',' && *end != '\0')) {
            free(v);
            return -1;
        }
        if (!isfinite((float)x)) { /* as the CSV reader: no number becomes inf */
            free(v);
            *n = count + 1;
            return -2;
        }
        if (count == cap && grow_floats(&v, &cap) < 0)
            return -1;
        v[count++] = (float)x;
        if (*end == '\0')
            break;
        s = end + 1;
    }
    *out = v;
    *n = count;
    return 0;
}

static void append_numbers(StrBuf *sb, const float *v, int n)
{
    sb_append(sb, "[");
    for (int i = 0; i < n; i++)
        sb_printf(sb, "%s%g", i ? "," : "", (double)v[i]);
    sb_append(sb, "]");
}

typedef enum { SHOW_ABS, SHOW_MINMAX, SHOW_RELU } ShowKind;

/* One value as a shade in [0, 1], given the values' range and magnitude. */
static float shade_of(float v, ShowKind show, float lo, float hi, float mag)
{
    switch (show) {
    case SHOW_MINMAX: return hi > lo ? (v - lo) / (hi - lo) : 0.0f;
    case SHOW_RELU: return hi > 0 && v > 0 ? v / hi : 0.0f;
    default: return mag > 0 ? fabsf(v) / mag : 0.0f;
    }
}

/* Map values to [0, 1] shades; describes the mapping in legend. */
static void to_shades(const float *v, int n, ShowKind show, float *out, char *legend,
                      size_t size)
{
    float lo = v[0], hi = v[0], mag = 0.0f;
    for (int i = 0; i < n; i++) {
        lo = fminf(lo, v[i]);
        hi = fmaxf(hi, v[i]);
        mag = fmaxf(mag, fabsf(v[i]));
    }
    for (int i = 0; i < n; i++)
        out[i] = shade_of(v[i], show, lo, hi, mag);
    static const char *const how[] = { "|v| / max|v|", "(v - min) / (max - min)",
                                       "max(v, 0) / max" };
    snprintf(legend, size, "values %.3g .. %.3g, shaded as %s", (double)lo, (double)hi,
             how[show]);
}

/* Draw an image (w x h values in [0, 1]) at (x, y): one cell per pixel
 * across, two pixel rows per cell row (their mean), so it keeps its shape. */
static void draw_image(Canvas *c, int x, int y, const float *t, int w, int h)
{
    int rows = (h + 1) / 2;
    float *cells = malloc((size_t)rows * w * sizeof *cells);
    if (!cells)
        return;
    for (int r = 0; r < rows; r++)
        for (int k = 0; k < w; k++) {
            float a = t[(size_t)(2 * r) * w + k];
            float b = 2 * r + 1 < h ? t[(size_t)(2 * r + 1) * w + k] : a;
            cells[(size_t)r * w + k] = (a + b) / 2;
        }
    canvas_heatmap(c, x, y, cells, rows, w, 0.0f, 1.0f);
    free(cells);
}

static void append_grid(StrBuf *sb, const char *title, const float *v, int w, int h)
{
    sb_printf(sb, "\n%s (%d x %d):\n", title, h, w);
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++)
            sb_printf(sb, "%7.2f", (double)v[(size_t)y * w + x]);
        sb_append(sb, "\n");
    }
}

typedef struct ConvArgs {
    const char *signal, *kernel, *dataset;
    long index;
    bool have_index;
    ConvPadding padding;
    int stride;
    bool pool;
    PoolKind pool_kind;
    int pool_size;
    ShowKind show;
    bool values, ascii;
} ConvArgs;

/* Non-finite results are errors, never output: ERR_DATA naming the first. */
static int check_finite(const float *y, int len, Error *err)
{
    for (int i = 0; i < len; i++)
        if (!isfinite(y[i]))
            return error_set(err, ERR_DATA, "conv: output %d overflows float32 (%s): the numbers "
                                            "are too large", i + 1, isnan(y[i]) ? "NaN" : "inf");
    return 0;
}

static int run_1d(const ConvArgs *a, StrBuf *out)
{
    float *x = NULL, *k = NULL;
    int n, kn;
    int rc = parse_numbers(a->signal, &x, &n);
    if (rc == -2)
        return cli_usage_error("conv: --signal: number %d is outside the float32 range "
                               "(|x| <= 3.4e38)", n);
    if (rc < 0)
        return cli_usage_error("conv: --signal '%s' is not a comma-separated list of numbers",
                               a->signal);
    if (!a->kernel) {
        free(x);
        return cli_usage_error("conv: --signal needs --kernel V,V,... (e.g. 1,0,-1)");
    }
    if ((rc = parse_numbers(a->kernel, &k, &kn)) == -2) {
        free(x);
        return cli_usage_error("conv: --kernel: number %d is outside the float32 range "
                               "(|x| <= 3.4e38)", kn);
    }
    if (rc < 0) {
        free(x);
        return cli_usage_error("conv: --kernel '%s' is not a comma-separated list of numbers "
                               "(named kernels are 2-D)",
                               a->kernel);
    }
    int len = conv_out_len(n, kn, a->padding, a->stride);
    if (len < 1) {
        free(x);
        free(k);
        return cli_usage_error("conv: a kernel of %d values does not fit a signal of %d with "
                               "valid padding",
                               kn, n);
    }
    float *y = malloc((size_t)len * sizeof *y);
    if (!y) {
        free(x);
        free(k);
        Error err;
        error_set(&err, ERR_NOMEM, "out of memory");
        return cli_fail(&err);
    }
    conv1d(x, n, k, kn, a->padding, a->stride, y);
    Error err;
    int status = check_finite(y, len, &err) < 0 ? cli_fail(&err) : 0;
    if (status == 0) {
        append_numbers(out, y, len);
        sb_append(out, "\n");
    }
    free(x);
    free(k);
    free(y);
    return status;
}

/* The 2-D kernel: a name or k*k numbers into kbuf (*ks by *ks).  0, or the
 * exit status of a usage error. */
static int kernel_2d(const char *kname, float *kbuf, int *ks)
{
    float *kv = NULL;
    int kn = 0;
    if (conv_named_kernel(kname, kbuf, ks) == 0)
        return 0;
    if (parse_numbers(kname, &kv, &kn) == 0) {
        *ks = (int)lround(sqrt((double)kn));
        if (*ks * *ks != kn || *ks > MAX_KERNEL) {
            free(kv);
            return cli_usage_error("conv: a 2-D --kernel needs k*k numbers (9 for 3x3), got %d",
                                   kn);
        }
        memcpy(kbuf, kv, (size_t)kn * sizeof(float));
        free(kv);
        return 0;
    }
    StrBuf names = STRBUF_INIT;
    for (const char *const *n = conv_kernel_names(); *n; n++)
        sb_printf(&names, "%s%s", n == conv_kernel_names() ? "" : ", ", *n);
    int rc = cli_usage_error("conv: unknown kernel '%s' (use %s, or k*k numbers)", kname,
                             sb_str(&names));
    sb_free(&names);
    return rc;
}

/* The image set and the row to draw.  0, or an exit status. */
static int load_image(const ConvArgs *a, Dataset *ds)
{
    Rng rng;
    rng_seed(&rng, 42);
    Error err = { 0 };
    if (dataset_load(ds, a->dataset, NULL, &rng, &err) < 0) {
        memset(ds, 0, sizeof *ds); /* nothing to free: the caller's dataset_free is a no-op */
        return cli_fail(&err);
    }
    if (ds->image_w < 1 || ds->image_h < 1 || ds->image_w * ds->image_h != dataset_cols(ds))
        return cli_usage_error("conv: %s is not a set of one-channel images (use mnist, "
                               "fashion_mnist or digits)",
                               a->dataset);
    if (!a->have_index || a->index < 0 || a->index >= dataset_rows(ds))
        return cli_usage_error("conv: --index must be in [0, %d] for %s", dataset_rows(ds) - 1,
                               a->dataset);
    return 0;
}

/* One image through the operation: the kernel, the maps and their sizes. */
typedef struct Conv2d {
    const char *kname;
    float kbuf[MAX_KERNEL * MAX_KERNEL];
    int ks;
    int W, H, OH, OW, PH, PW;
    const float *pixels;
    float *map, *pooled, *shade, *img;
} Conv2d;

static void conv2d_free(Conv2d *m)
{
    free(m->map);
    free(m->pooled);
    free(m->shade);
    free(m->img);
}

/* The feature map and the pooled map.  0, or an exit status. */
static int compute_maps(const ConvArgs *a, Conv2d *m)
{
    size_t n = (size_t)m->H * m->W;
    m->map = malloc(n * sizeof *m->map);
    m->pooled = malloc(n * sizeof *m->pooled);
    m->shade = malloc(n * sizeof *m->shade);
    m->img = malloc(n * sizeof *m->img);
    if (!m->map || !m->pooled || !m->shade || !m->img) {
        Error err;
        error_set(&err, ERR_NOMEM, "out of memory");
        return cli_fail(&err);
    }
    if (conv2d(m->pixels, 1, m->H, m->W, m->kbuf, 1, m->ks, m->ks, NULL, a->padding, a->stride,
               m->map, &m->OH, &m->OW) < 0)
        return cli_usage_error("conv: a %dx%d kernel does not fit a %dx%d image with valid "
                               "padding",
                               m->ks, m->ks, m->H, m->W);
    if (a->pool && pool2d(m->map, 1, m->OH, m->OW, a->pool_kind, a->pool_size, a->pool_size,
                          m->pooled, &m->PH, &m->PW) < 0)
        return cli_usage_error("conv: a pooling window of %d does not fit the %dx%d map",
                               a->pool_size, m->OH, m->OW);
    return 0;
}

/* "kernel sobel-x 3x3: [ -1 0 1 ; -2 0 2 ; -1 0 1 ]" and the kernel's help. */
static void append_kernel(StrBuf *out, const Conv2d *m)
{
    const char *help = conv_kernel_help(m->kname);
    if (help)
        sb_printf(out, "kernel %s %dx%d:", m->kname, m->ks, m->ks);
    else
        sb_printf(out, "kernel %dx%d:", m->ks, m->ks);
    for (int r = 0; r < m->ks; r++) {
        sb_append(out, r ? " ;" : " [");
        for (int c = 0; c < m->ks; c++)
            sb_printf(out, " %.3g", (double)m->kbuf[r * m->ks + c]);
    }
    sb_append(out, " ]");
    if (help)
        sb_printf(out, "\n  %s", help);
}

/* What is drawn: the image, the kernel, the sizes. */
static void append_header(StrBuf *out, const ConvArgs *a, const Dataset *ds, const Conv2d *m)
{
    const char *label = ds->y && ds->class_names ? ds->class_names[ds->y[a->index]] : NULL;
    if (label)
        sb_printf(out, "%s #%ld (label %s): %dx%d\n", a->dataset, a->index, label, m->H, m->W);
    else
        sb_printf(out, "%s #%ld: %dx%d\n", a->dataset, a->index, m->H, m->W);
    append_kernel(out, m);
    sb_printf(out, "\npadding %s, stride %d -> feature map %dx%d",
              a->padding == CONV_PAD_SAME ? "same" : "valid", a->stride, m->OH, m->OW);
    if (a->pool)
        sb_printf(out, "; %s-pool %d -> %dx%d", a->pool_kind == POOL_MAX ? "max" : "avg",
                  a->pool_size, m->PH, m->PW);
    sb_append(out, "\n");
}

/* Where the panels go: each as wide as its image or its title, whichever is
 * wider, 3 cells apart. */
typedef struct Panels {
    int x_map, x_pool, width, height;
} Panels;

static Panels panel_layout(const ConvArgs *a, const Conv2d *m)
{
    const int gap = 3;
    const int w_in = m->W > 5 ? m->W : 5, w_map = m->OW > 11 ? m->OW : 11;
    const int w_pool = m->PW > 8 ? m->PW : 8;
    Panels p = { .x_map = w_in + gap, .height = (m->H + 1) / 2 + 1 };
    p.x_pool = p.x_map + w_map + gap;
    p.width = a->pool ? p.x_pool + w_pool : p.x_map + w_map;
    return p;
}

/* Draw the panels; legend and plegend describe the shading of the maps. */
static void draw_panels(Canvas *cv, const ConvArgs *a, Conv2d *m, char *legend, char *plegend,
                        size_t size)
{
    Panels p = panel_layout(a, m);
    for (int i = 0; i < m->H * m->W; i++)
        m->img[i] = m->pixels[i] < 0 ? 0 : m->pixels[i] > 1 ? 1 : m->pixels[i];
    canvas_text(cv, 0, 0, "input", 0);
    canvas_text(cv, p.x_map, 0, "feature map", 0);
    draw_image(cv, 0, 1, m->img, m->W, m->H);
    to_shades(m->map, m->OH * m->OW, a->show, m->shade, legend, size);
    draw_image(cv, p.x_map, 1, m->shade, m->OW, m->OH);
    if (!a->pool)
        return;
    canvas_text(cv, p.x_pool, 0, a->pool_kind == POOL_MAX ? "max-pool" : "avg-pool", 0);
    to_shades(m->pooled, m->PH * m->PW, a->show, m->shade, plegend, size);
    draw_image(cv, p.x_pool, 1, m->shade, m->PW, m->PH);
}

/* The panels side by side (input, feature map, pooled map), their legends
 * and, with --values, the numbers.  0, or an exit status. */
static int append_panels(StrBuf *out, const ConvArgs *a, Conv2d *m)
{
    char legend[160], plegend[160];
    Panels p = panel_layout(a, m);
    Canvas cv;
    Error err = { 0 };
    if (canvas_init(&cv, p.width, p.height, a->ascii, &err) < 0)
        return cli_fail(&err);
    draw_panels(&cv, a, m, legend, plegend, sizeof legend);
    canvas_render_utf8(&cv, out);
    canvas_free(&cv);
    sb_printf(out, "feature map: %s\n", legend);
    if (a->pool)
        sb_printf(out, "pooled map: %s\n", plegend);
    if (a->values)
        append_grid(out, "feature map", m->map, m->OW, m->OH);
    if (a->values && a->pool)
        append_grid(out, "pooled map", m->pooled, m->PW, m->PH);
    return 0;
}

static int run_2d(const ConvArgs *a, StrBuf *out)
{
    Conv2d m = { .kname = a->kernel ? a->kernel : "sobel-x" };
    int status = kernel_2d(m.kname, m.kbuf, &m.ks);
    if (status != 0)
        return status;
    Dataset ds = { 0 };
    status = load_image(a, &ds);
    if (status == 0) {
        m.W = ds.image_w;
        m.H = ds.image_h;
        m.pixels = mat_row(&ds.X, (int)a->index);
        status = compute_maps(a, &m);
    }
    if (status == 0) {
        append_header(out, a, &ds, &m);
        status = append_panels(out, a, &m);
    }
    conv2d_free(&m);
    dataset_free(&ds);
    return status;
}

enum { OPT_SIGNAL = 256, OPT_KERNEL, OPT_DATASET, OPT_INDEX, OPT_PADDING, OPT_STRIDE, OPT_POOL,
       OPT_POOL_SIZE, OPT_SHOW, OPT_VALUES, OPT_ASCII };

static const struct option conv_options[] = {
    { "signal", required_argument, NULL, OPT_SIGNAL },
    { "kernel", required_argument, NULL, OPT_KERNEL },
    { "dataset", required_argument, NULL, OPT_DATASET },
    { "index", required_argument, NULL, OPT_INDEX },
    { "padding", required_argument, NULL, OPT_PADDING },
    { "stride", required_argument, NULL, OPT_STRIDE },
    { "pool", required_argument, NULL, OPT_POOL },
    { "pool-size", required_argument, NULL, OPT_POOL_SIZE },
    { "show", required_argument, NULL, OPT_SHOW },
    { "values", no_argument, NULL, OPT_VALUES },
    { "ascii", no_argument, NULL, OPT_ASCII },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

static int parse_small_int(const char *s, int min, int max, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < min || v > max)
        return -1;
    *out = (int)v;
    return 0;
}

static int parse_show(const char *s, ShowKind *out)
{
    static const char *const names[] = { "abs", "minmax", "relu" };
    static const ShowKind kinds[] = { SHOW_ABS, SHOW_MINMAX, SHOW_RELU };
    for (int i = 0; i < 3; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = kinds[i];
            return 0;
        }
    return -1;
}

static int parse_index(const char *s, ConvArgs *a)
{
    char *end;
    errno = 0;
    a->index = strtol(s, &end, 10);
    if (end == s || *end || errno)
        return cli_usage_error("conv: --index '%s' is not an integer", s);
    a->have_index = true;
    return -1;
}

/* Options with a checked value.  -1 to go on, else the exit status. */
static int value_option(int c, const char *arg, ConvArgs *a, bool *pool_size_given)
{
    switch (c) {
    case OPT_INDEX: return parse_index(arg, a);
    case OPT_PADDING:
        if (conv_padding_parse(arg, &a->padding) < 0)
            return cli_usage_error("conv: --padding '%s': use same or valid", arg);
        return -1;
    case OPT_STRIDE:
        if (parse_small_int(arg, 1, 64, &a->stride) < 0)
            return cli_usage_error("conv: --stride '%s' must be an integer in [1, 64]", arg);
        return -1;
    case OPT_POOL:
        if (pool_kind_parse(arg, &a->pool_kind) < 0)
            return cli_usage_error("conv: --pool '%s': use max or avg", arg);
        a->pool = true;
        return -1;
    case OPT_POOL_SIZE:
        if (parse_small_int(arg, 1, 64, &a->pool_size) < 0)
            return cli_usage_error("conv: --pool-size '%s' must be an integer in [1, 64]", arg);
        *pool_size_given = true;
        return -1;
    default:
        if (parse_show(arg, &a->show) < 0)
            return cli_usage_error("conv: --show '%s': use abs, minmax or relu", arg);
        return -1;
    }
}

/* One option from getopt_long.  -1 to go on, else the exit status. */
static int conv_option(int c, char **argv, ConvArgs *a, bool *pool_size_given)
{
    switch (c) {
    case OPT_SIGNAL: a->signal = optarg; return -1;
    case OPT_KERNEL: a->kernel = optarg; return -1;
    case OPT_DATASET: a->dataset = optarg; return -1;
    case OPT_INDEX: case OPT_PADDING: case OPT_STRIDE: case OPT_POOL: case OPT_POOL_SIZE:
    case OPT_SHOW:
        return value_option(c, optarg, a, pool_size_given);
    case OPT_VALUES: a->values = true; return -1;
    case OPT_ASCII: a->ascii = true; return -1;
    case 'h': usage(stdout); return 0;
    case ':': return cli_usage_error("conv: option '%s' needs a value", argv[optind - 1]);
    default:
        return cli_usage_error("conv: unknown option '%s' (see mllab conv --help)",
                               argv[optind - 1]);
    }
}

/* Was an option of the 2-D form given? */
static bool image_options(const ConvArgs *a, bool pool_size_given)
{
    return a->pool || pool_size_given || a->have_index || a->values;
}

/* The options that go together.  -1 to go on, else the exit status. */
static int check_args(ConvArgs *a, bool pool_size_given)
{
    if (!a->signal && !a->dataset) {
        usage(stderr);
        return 2;
    }
    if (a->signal && a->dataset)
        return cli_usage_error("conv: give either --signal (1-D) or --dataset (2-D), not both");
    if (a->signal && image_options(a, pool_size_given))
        return cli_usage_error("conv: --index, --pool, --pool-size and --values go with "
                               "--dataset");
    if (pool_size_given && !a->pool)
        a->pool = true, a->pool_kind = POOL_MAX;
    return -1;
}

int cli_conv(int argc, char **argv)
{
    ConvArgs a = { .padding = CONV_PAD_SAME, .stride = 1, .pool_size = 2, .show = SHOW_ABS };
    bool pool_size_given = false;
    opterr = 0;
    optind = 1;
    int c, status;
    while ((c = getopt_long(argc, argv, ":h", conv_options, NULL)) != -1)
        if ((status = conv_option(c, argv, &a, &pool_size_given)) >= 0)
            return status;
    if (optind < argc)
        return cli_usage_error("conv: unexpected argument '%s' (see mllab conv --help)",
                               argv[optind]);
    if ((status = check_args(&a, pool_size_given)) >= 0)
        return status;
    StrBuf out = STRBUF_INIT;
    status = a.signal ? run_1d(&a, &out) : run_2d(&a, &out);
    if (status == 0) {
        Error err = { 0 };
        if (cli_write_stdout(&out, &err) < 0)
            status = cli_fail(&err);
    }
    sb_free(&out);
    return status;
}
