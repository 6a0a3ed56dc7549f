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

/* "1,0,-1" -> values; -1 when a field is not a number. */
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
        if (count == cap) {
            float *w = realloc(v, (size_t)(cap *= 2) * sizeof *v);
            if (!w) {
                free(v);
                return -1;
            }
            v = w;
        }
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

/* Map values to [0, 1] shades; describes the mapping in legend. */
static void to_shades(const float *v, int n, ShowKind show, float *out, char *legend,
                      size_t size)
{
    float lo = v[0], hi = v[0], mag = 0.0f;
    for (int i = 0; i < n; i++) {
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
        mag = fabsf(v[i]) > mag ? fabsf(v[i]) : mag;
    }
    for (int i = 0; i < n; i++) {
        float t;
        switch (show) {
        case SHOW_MINMAX: t = hi > lo ? (v[i] - lo) / (hi - lo) : 0.0f; break;
        case SHOW_RELU: t = hi > 0 ? (v[i] > 0 ? v[i] / hi : 0.0f) : 0.0f; break;
        default: t = mag > 0 ? fabsf(v[i]) / mag : 0.0f; break;
        }
        out[i] = t;
    }
    const char *how = show == SHOW_MINMAX ? "(v - min) / (max - min)"
                      : show == SHOW_RELU ? "max(v, 0) / max"
                                          : "|v| / max|v|";
    snprintf(legend, size, "values %.3g .. %.3g, shaded as %s", (double)lo, (double)hi, how);
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

static int run_1d(const ConvArgs *a, StrBuf *out)
{
    float *x = NULL, *k = NULL;
    int n, kn;
    if (parse_numbers(a->signal, &x, &n) < 0)
        return cli_usage_error("conv: --signal '%s' is not a comma-separated list of numbers",
                               a->signal);
    if (!a->kernel) {
        free(x);
        return cli_usage_error("conv: --signal needs --kernel V,V,... (e.g. 1,0,-1)");
    }
    if (parse_numbers(a->kernel, &k, &kn) < 0) {
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
    append_numbers(out, y, len);
    sb_append(out, "\n");
    free(x);
    free(k);
    free(y);
    return 0;
}

static int run_2d(const ConvArgs *a, StrBuf *out)
{
    /* the kernel: a name or k*k numbers */
    const char *kname = a->kernel ? a->kernel : "sobel-x";
    float kbuf[MAX_KERNEL * MAX_KERNEL], *kv = NULL;
    int ks = 0, kn = 0;
    if (conv_named_kernel(kname, kbuf, &ks) == 0) {
        kn = ks * ks;
    } else if (parse_numbers(kname, &kv, &kn) == 0) {
        ks = (int)lround(sqrt((double)kn));
        if (ks * ks != kn || ks > MAX_KERNEL) {
            free(kv);
            return cli_usage_error("conv: a 2-D --kernel needs k*k numbers (9 for 3x3), got %d",
                                   kn);
        }
        memcpy(kbuf, kv, (size_t)kn * sizeof(float));
        free(kv);
    } else {
        StrBuf names = STRBUF_INIT;
        for (const char *const *n = conv_kernel_names(); *n; n++)
            sb_printf(&names, "%s%s", n == conv_kernel_names() ? "" : ", ", *n);
        int rc = cli_usage_error("conv: unknown kernel '%s' (use %s, or k*k numbers)", kname,
                                 sb_str(&names));
        sb_free(&names);
        return rc;
    }

    Dataset ds;
    Rng rng;
    rng_seed(&rng, 42);
    Error err = { 0 };
    if (dataset_load(&ds, a->dataset, NULL, &rng, &err) < 0)
        return cli_fail(&err);
    int status = 0;
    float *map = NULL, *pooled = NULL, *shade = NULL, *img = NULL;
    if (ds.image_w < 1 || ds.image_h < 1 || ds.image_w * ds.image_h != dataset_cols(&ds)) {
        status = cli_usage_error("conv: %s is not a set of one-channel images (use mnist, "
                                 "fashion_mnist or digits)",
                                 a->dataset);
        goto done;
    }
    if (!a->have_index || a->index < 0 || a->index >= dataset_rows(&ds)) {
        status = cli_usage_error("conv: --index must be in [0, %d] for %s", dataset_rows(&ds) - 1,
                                 a->dataset);
        goto done;
    }
    const int W = ds.image_w, H = ds.image_h;
    const float *pixels = mat_row(&ds.X, (int)a->index);
    int OH, OW, PH = 0, PW = 0;
    map = malloc((size_t)H * W * sizeof *map);
    pooled = malloc((size_t)H * W * sizeof *pooled);
    shade = malloc((size_t)H * W * sizeof *shade);
    img = malloc((size_t)H * W * sizeof *img);
    if (!map || !pooled || !shade || !img) {
        error_set(&err, ERR_NOMEM, "out of memory");
        status = cli_fail(&err);
        goto done;
    }
    if (conv2d(pixels, 1, H, W, kbuf, 1, ks, ks, NULL, a->padding, a->stride, map, &OH, &OW) < 0) {
        status = cli_usage_error("conv: a %dx%d kernel does not fit a %dx%d image with valid "
                                 "padding",
                                 ks, ks, H, W);
        goto done;
    }
    if (a->pool &&
        pool2d(map, 1, OH, OW, a->pool_kind, a->pool_size, a->pool_size, pooled, &PH, &PW) < 0) {
        status = cli_usage_error("conv: a pooling window of %d does not fit the %dx%d map",
                                 a->pool_size, OH, OW);
        goto done;
    }

    /* header: what is drawn */
    const char *label = ds.y && ds.class_names ? ds.class_names[ds.y[a->index]] : NULL;
    sb_printf(out, "%s #%ld%s%s%s: %dx%d\n", a->dataset, a->index, label ? " (label " : "",
              label ? label : "", label ? ")" : "", H, W);
    if (conv_kernel_help(kname))
        sb_printf(out, "kernel %s %dx%d:", kname, ks, ks);
    else
        sb_printf(out, "kernel %dx%d:", ks, ks);
    for (int r = 0; r < ks; r++) {
        sb_append(out, r ? " ;" : " [");
        for (int c = 0; c < ks; c++)
            sb_printf(out, " %.3g", (double)kbuf[r * ks + c]);
    }
    sb_append(out, " ]");
    if (conv_kernel_help(kname))
        sb_printf(out, "\n  %s", conv_kernel_help(kname));
    sb_printf(out, "\npadding %s, stride %d -> feature map %dx%d", a->padding == CONV_PAD_SAME ? "same" : "valid",
              a->stride, OH, OW);
    if (a->pool)
        sb_printf(out, "; %s-pool %d -> %dx%d", a->pool_kind == POOL_MAX ? "max" : "avg",
                  a->pool_size, PH, PW);
    sb_append(out, "\n");

    /* the panels, side by side */
    char legend[160], plegend[160];
    for (int i = 0; i < H * W; i++)
        img[i] = pixels[i] < 0 ? 0 : pixels[i] > 1 ? 1 : pixels[i];
    /* each panel is as wide as its image or its title, whichever is wider */
    const char *pool_title = a->pool_kind == POOL_MAX ? "max-pool" : "avg-pool";
    const int gap = 3;
    const int w_in = W > 5 ? W : 5, w_map = OW > 11 ? OW : 11, w_pool = PW > 8 ? PW : 8;
    const int x_map = w_in + gap, x_pool = x_map + w_map + gap;
    const int rows = (H + 1) / 2;
    int width = a->pool ? x_pool + w_pool : x_map + w_map;
    Canvas cv;
    if (canvas_init(&cv, width, rows + 1, a->ascii, &err) < 0) {
        status = cli_fail(&err);
        goto done;
    }
    canvas_text(&cv, 0, 0, "input", 0);
    canvas_text(&cv, x_map, 0, "feature map", 0);
    draw_image(&cv, 0, 1, img, W, H);
    to_shades(map, OH * OW, a->show, shade, legend, sizeof legend);
    draw_image(&cv, x_map, 1, shade, OW, OH);
    if (a->pool) {
        canvas_text(&cv, x_pool, 0, pool_title, 0);
        to_shades(pooled, PH * PW, a->show, shade, plegend, sizeof plegend);
        draw_image(&cv, x_pool, 1, shade, PW, PH);
    }
    canvas_render_utf8(&cv, out);
    canvas_free(&cv);
    sb_printf(out, "feature map: %s\n", legend);
    if (a->pool)
        sb_printf(out, "pooled map: %s\n", plegend);
    if (a->values) {
        append_grid(out, "feature map", map, OW, OH);
        if (a->pool)
            append_grid(out, "pooled map", pooled, PW, PH);
    }
done:
    free(map);
    free(pooled);
    free(shade);
    free(img);
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

int cli_conv(int argc, char **argv)
{
    ConvArgs a = { .padding = CONV_PAD_SAME, .stride = 1, .pool_size = 2, .show = SHOW_ABS };
    bool pool_size_given = false;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", conv_options, NULL)) != -1) {
        switch (c) {
        case OPT_SIGNAL: a.signal = optarg; break;
        case OPT_KERNEL: a.kernel = optarg; break;
        case OPT_DATASET: a.dataset = optarg; break;
        case OPT_INDEX: {
            char *end;
            errno = 0;
            a.index = strtol(optarg, &end, 10);
            if (end == optarg || *end || errno)
                return cli_usage_error("conv: --index '%s' is not an integer", optarg);
            a.have_index = true;
            break;
        }
        case OPT_PADDING:
            if (conv_padding_parse(optarg, &a.padding) < 0)
                return cli_usage_error("conv: --padding '%s': use same or valid", optarg);
            break;
        case OPT_STRIDE:
            if (parse_small_int(optarg, 1, 64, &a.stride) < 0)
                return cli_usage_error("conv: --stride '%s' must be an integer in [1, 64]",
                                       optarg);
            break;
        case OPT_POOL:
            if (pool_kind_parse(optarg, &a.pool_kind) < 0)
                return cli_usage_error("conv: --pool '%s': use max or avg", optarg);
            a.pool = true;
            break;
        case OPT_POOL_SIZE:
            if (parse_small_int(optarg, 1, 64, &a.pool_size) < 0)
                return cli_usage_error("conv: --pool-size '%s' must be an integer in [1, 64]",
                                       optarg);
            pool_size_given = true;
            break;
        case OPT_SHOW:
            if (strcmp(optarg, "abs") == 0)
                a.show = SHOW_ABS;
            else if (strcmp(optarg, "minmax") == 0)
                a.show = SHOW_MINMAX;
            else if (strcmp(optarg, "relu") == 0)
                a.show = SHOW_RELU;
            else
                return cli_usage_error("conv: --show '%s': use abs, minmax or relu", optarg);
            break;
        case OPT_VALUES: a.values = true; break;
        case OPT_ASCII: a.ascii = true; break;
        case 'h': usage(stdout); return 0;
        case ':':
            return cli_usage_error("conv: option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("conv: unknown option '%s' (see mllab conv --help)",
                                   argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage_error("conv: unexpected argument '%s' (see mllab conv --help)",
                               argv[optind]);
    if (!a.signal && !a.dataset) {
        usage(stderr);
        return 2;
    }
    if (a.signal && a.dataset)
        return cli_usage_error("conv: give either --signal (1-D) or --dataset (2-D), not both");
    if (a.signal && (a.pool || pool_size_given || a.have_index || a.values))
        return cli_usage_error("conv: --index, --pool, --pool-size and --values go with "
                               "--dataset");
    if (pool_size_given && !a.pool)
        a.pool = true, a.pool_kind = POOL_MAX;

    StrBuf out = STRBUF_INIT;
    int status = a.signal ? run_1d(&a, &out) : run_2d(&a, &out);
    if (status == 0) {
        Error err = { 0 };
        if (cli_write_stdout(&out, &err) < 0)
            status = cli_fail(&err);
    }
    sb_free(&out);
    return status;
}
