/* algorithms/cnn_arch.c - the architecture text of the convolutional
 * classifier (cnn.h): parsing "c6k5p2-r-m2-...", formatting it back, and
 * working out every layer's shapes and parameter counts for given images
 * (cnn_build_layers), with the per-layer summary the views and `mllab info`
 * show.  The network itself is in cnn.c. */
#include "cnn_internal.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "budget.h"

#define LENET5 "c6k5p2-r-m2-c16k5-r-m2-d120-r-d84-r-d10"

/* ================================================================ the arch */

static const char *kind_letters = "c, r, t, m, a or d";

/* A number at text[*pos]; an error naming the 1-based position otherwise. */
static int read_num(const char *text, int *pos, int min, int max, const char *what, int *out,
                    Error *err)
{
    int start = *pos;
    if (!isdigit((unsigned char)text[start])) {
        if (text[start])
            return error_set(err, ERR_USAGE, "arch: at position %d ('%c'): expected the %s",
                             start + 1, text[start], what);
        return error_set(err, ERR_USAGE, "arch: at position %d (end): expected the %s",
                         start + 1, what);
    }
    long v = 0;
    while (isdigit((unsigned char)text[*pos])) {
        v = v * 10 + (text[*pos] - '0');
        if (v > INT_MAX / 10)
            v = INT_MAX / 10;
        (*pos)++;
    }
    if (v < min || v > max)
        return error_set(err, ERR_USAGE, "arch: at position %d: %s %ld is outside [%d, %d]",
                         start + 1, what, v, min, max);
    *out = (int)v;
    return 0;
}

/* An optional letter and its number ("p1", "s2") at text[*pos]: when the
 * letter is there, the number after it goes to *out; otherwise *out keeps
 * its default. */
static int read_option(const char *text, int *pos, char letter, int min, int max,
                       const char *what, int *out, Error *err)
{
    if (text[*pos] != letter)
        return 0;
    (*pos)++;
    return read_num(text, pos, min, max, what, out, err);
}

/* c<n>k<k>[p<pad>][s<stride>], after the 'c'. */
static int parse_conv(const char *text, int *pos, CnnLayerSpec *s, Error *err)
{
    s->kind = CNN_CONV;
    if (read_num(text, pos, 1, 4096, "number of filters after 'c'", &s->n, err) < 0)
        return -1;
    if (text[*pos] != 'k')
        return error_set(err, ERR_USAGE,
                         "arch: at position %d: expected 'k' and the kernel size (e.g. c6k5)",
                         *pos + 1);
    (*pos)++;
    if (read_num(text, pos, 1, 31, "kernel size after 'k'", &s->k, err) < 0)
        return -1;
    if (read_option(text, pos, 'p', 0, 31, "padding after 'p'", &s->pad, err) < 0 ||
        read_option(text, pos, 's', 1, 31, "stride after 's'", &s->stride, err) < 0)
        return -1;
    return 0;
}

/* m<k>[s<stride>] or a<k>[s<stride>], after the letter. */
static int parse_pool(const char *text, int *pos, char ch, CnnLayerSpec *s, Error *err)
{
    s->kind = ch == 'm' ? CNN_MAXPOOL : CNN_AVGPOOL;
    if (read_num(text, pos, 1, 31, "pooling window", &s->k, err) < 0)
        return -1;
    s->stride = s->k;
    return read_option(text, pos, 's', 1, 31, "stride after 's'", &s->stride, err);
}

/* One layer at text[*pos] into s. */
static int parse_layer(const char *text, int *pos, CnnLayerSpec *s, Error *err)
{
    memset(s, 0, sizeof *s);
    s->stride = 1;
    char ch = text[*pos];
    switch (ch) {
    case 'c':
        (*pos)++;
        return parse_conv(text, pos, s, err);
    case 'r':
    case 't':
        (*pos)++;
        s->kind = ch == 'r' ? CNN_RELU : CNN_TANH;
        return 0;
    case 'm':
    case 'a':
        (*pos)++;
        return parse_pool(text, pos, ch, s, err);
    case 'd':
        (*pos)++;
        s->kind = CNN_DENSE;
        return read_num(text, pos, 1, 65536, "number of units after 'd'", &s->n, err);
    case '\0':
        return error_set(err, ERR_USAGE, "arch: at position %d (end): expected a layer letter %s",
                         *pos + 1, kind_letters);
    default:
        return error_set(err, ERR_USAGE, "arch: at position %d ('%c'): expected a layer letter %s",
                         *pos + 1, ch, kind_letters);
    }
}

int cnn_arch_parse(const char *text, CnnArch *out, Error *err)
{
    memset(out, 0, sizeof *out);
    if (!text || !*text)
        return error_set(err, ERR_USAGE, "arch is empty: use lenet5 or e.g. c8k3p1-r-m2-d10");
    if (strcmp(text, "lenet5") == 0)
        text = LENET5;
    int pos = 0;
    for (;;) {
        if (out->n_layers == CNN_MAX_LAYERS)
            return error_set(err, ERR_USAGE, "arch: at position %d: more than %d layers",
                             pos + 1, CNN_MAX_LAYERS);
        if (parse_layer(text, &pos, &out->layers[out->n_layers], err) < 0)
            return -1;
        out->n_layers++;
        if (text[pos] == '\0')
            return 0;
        if (text[pos] != '-')
            return error_set(err, ERR_USAGE,
                             "arch: at position %d ('%c'): expected '-' between layers", pos + 1,
                             text[pos]);
        pos++;
    }
}

/* One layer's text (after sep) into out, room bytes: snprintf's count. */
static int format_layer(const CnnLayerSpec *s, const char *sep, char *out, size_t room)
{
    int n = 0;
    switch (s->kind) {
    case CNN_CONV:
        n = snprintf(out, room, "%sc%dk%d", sep, s->n, s->k);
        if (s->pad && n >= 0 && (size_t)n < room)
            n += snprintf(out + n, room - n, "p%d", s->pad);
        if (s->stride != 1 && n >= 0 && (size_t)n < room)
            n += snprintf(out + n, room - n, "s%d", s->stride);
        break;
    case CNN_RELU: n = snprintf(out, room, "%sr", sep); break;
    case CNN_TANH: n = snprintf(out, room, "%st", sep); break;
    case CNN_MAXPOOL:
    case CNN_AVGPOOL:
        n = snprintf(out, room, "%s%c%d", sep, s->kind == CNN_MAXPOOL ? 'm' : 'a', s->k);
        if (s->stride != s->k && n >= 0 && (size_t)n < room)
            n += snprintf(out + n, room - n, "s%d", s->stride);
        break;
    case CNN_DENSE: n = snprintf(out, room, "%sd%d", sep, s->n); break;
    }
    return n;
}

void cnn_arch_format(const CnnArch *arch, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < arch->n_layers && len < size; i++) {
        int n = format_layer(&arch->layers[i], i ? "-" : "", buf + len, size - len);
        if (n < 0)
            break;
        len += (size_t)n;
    }
}

const char *cnn_layer_kind_name(CnnLayerKind k)
{
    switch (k) {
    case CNN_CONV: return "conv";
    case CNN_RELU: return "relu";
    case CNN_TANH: return "tanh";
    case CNN_MAXPOOL: return "max-pool";
    case CNN_AVGPOOL: return "avg-pool";
    case CNN_DENSE: return "dense";
    }
    return "?";
}

/* The running shape of the data through the layers. */
typedef struct Shape {
    int c, h, w;
    bool flat; /* after a dense layer */
} Shape;

static int conv_layer_shape(CnnLayer *L, int i, Shape *sh, Error *err)
{
    const CnnLayerSpec *s = &L->spec;
    if (sh->flat)
        return error_set(err, ERR_USAGE,
                         "arch: layer %d (conv) follows a dense layer; convolutions "
                         "and pooling must come first",
                         i + 1);
    if (conv_geom(&L->g, sh->h, sh->w, sh->c, s->n, s->k, s->pad, s->stride) < 0)
        return error_set(err, ERR_USAGE,
                         "arch: layer %d (conv %dx%d, pad %d): its %dx%d input is "
                         "smaller than the kernel",
                         i + 1, s->k, s->k, s->pad, sh->h, sh->w);
    sh->c = s->n;
    sh->h = L->g.OH;
    sh->w = L->g.OW;
    L->n_w = (size_t)s->n * s->k * s->k * L->in_c;
    L->n_b = (size_t)s->n;
    L->fan_in = s->k * s->k * L->in_c;
    L->fan_out = s->k * s->k * s->n;
    return 0;
}

static int pool_layer_shape(const CnnLayer *L, int i, Shape *sh, Error *err)
{
    const CnnLayerSpec *s = &L->spec;
    if (sh->flat)
        return error_set(err, ERR_USAGE,
                         "arch: layer %d (pooling) follows a dense layer; convolutions "
                         "and pooling must come first",
                         i + 1);
    if (pool_out_size(sh->h, s->k, s->stride) < 1 || pool_out_size(sh->w, s->k, s->stride) < 1)
        return error_set(err, ERR_USAGE,
                         "arch: layer %d (pool %dx%d): its %dx%d input is smaller than "
                         "the window",
                         i + 1, s->k, s->k, sh->h, sh->w);
    sh->h = pool_out_size(sh->h, s->k, s->stride);
    sh->w = pool_out_size(sh->w, s->k, s->stride);
    return 0;
}

/* flatten: the dense layer sees all h·w·c values of an image */
static void dense_layer_shape(CnnLayer *L, Shape *sh)
{
    const CnnLayerSpec *s = &L->spec;
    L->n_w = (size_t)sh->c * sh->h * sh->w * s->n;
    L->n_b = (size_t)s->n;
    L->fan_in = sh->c * sh->h * sh->w;
    L->fan_out = s->n;
    sh->c = s->n;
    sh->h = sh->w = 1;
    sh->flat = true;
}

/* Layer i's sizes from the shape it receives; sh becomes its output's. */
static int layer_shape(CnnLayer *L, int i, Shape *sh, Error *err)
{
    L->in_c = sh->c;
    L->in_h = sh->h;
    L->in_w = sh->w;
    L->in_size = (size_t)sh->c * sh->h * sh->w;
    int rc = 0;
    switch (L->spec.kind) {
    case CNN_CONV: rc = conv_layer_shape(L, i, sh, err); break;
    case CNN_MAXPOOL:
    case CNN_AVGPOOL: rc = pool_layer_shape(L, i, sh, err); break;
    case CNN_RELU:
    case CNN_TANH: break;
    case CNN_DENSE: dense_layer_shape(L, sh); break;
    }
    L->out_c = sh->c;
    L->out_h = sh->h;
    L->out_w = sh->w;
    L->out_size = (size_t)sh->c * sh->h * sh->w;
    return rc;
}

/* Work out every layer's shapes (and parameter counts) for C×H×W inputs. */
int cnn_build_layers(const CnnArch *arch, int C, int H, int W, int n_classes, CnnLayer *layers,
                     Error *err)
{
    Shape sh = { C, H, W, false };
    for (int i = 0; i < arch->n_layers; i++) {
        CnnLayer *L = &layers[i];
        memset(L, 0, sizeof *L);
        L->spec = arch->layers[i];
        if (layer_shape(L, i, &sh, err) < 0)
            return -1;
    }
    const CnnLayerSpec *last = &arch->layers[arch->n_layers - 1];
    if (last->kind != CNN_DENSE || last->n != n_classes) {
        char tail[32];
        snprintf(tail, sizeof tail, "-d%d", n_classes);
        return error_set(err, ERR_USAGE,
                         "arch: the last layer must be dense with one unit per class (%d): end "
                         "the arch with %s",
                         n_classes, tail);
    }
    return 0;
}

static void describe(const CnnLayer *L, char *buf, size_t size)
{
    const CnnLayerSpec *s = &L->spec;
    switch (s->kind) {
    case CNN_CONV:
        snprintf(buf, size, "conv %dx%d, %d filters%s", s->k, s->k, s->n, "");
        if (s->pad)
            snprintf(buf + strlen(buf), size - strlen(buf), ", pad %d", s->pad);
        if (s->stride != 1)
            snprintf(buf + strlen(buf), size - strlen(buf), ", stride %d", s->stride);
        break;
    case CNN_MAXPOOL:
    case CNN_AVGPOOL:
        snprintf(buf, size, "%s %dx%d", cnn_layer_kind_name(s->kind), s->k, s->k);
        if (s->stride != s->k)
            snprintf(buf + strlen(buf), size - strlen(buf), ", stride %d", s->stride);
        break;
    case CNN_DENSE:
        snprintf(buf, size, "dense %d", s->n);
        break;
    default:
        snprintf(buf, size, "%s", cnn_layer_kind_name(s->kind));
    }
}

void cnn_layer_info_of(const CnnLayer *L, CnnLayerInfo *out)
{
    memset(out, 0, sizeof *out);
    out->kind = L->spec.kind;
    describe(L, out->desc, sizeof out->desc);
    out->in_c = L->in_c;
    out->in_h = L->in_h;
    out->in_w = L->in_w;
    out->out_c = L->out_c;
    out->out_h = L->out_h;
    out->out_w = L->out_w;
    if (L->spec.kind == CNN_DENSE) { /* flattened input */
        out->in_c = (int)L->in_size;
        out->in_h = out->in_w = 1;
    }
    out->params = (long)(L->n_w + L->n_b);
    /* a conv layer applies its weights once per output pixel */
    if (L->spec.kind == CNN_CONV)
        out->flops = 2L * L->out_h * L->out_w * (long)L->n_w;
    else if (L->spec.kind == CNN_DENSE)
        out->flops = 2L * (long)L->n_w;
    else
        out->flops = 0;
}

int cnn_arch_summary(const CnnArch *arch, int C, int H, int W, int n_classes,
                     CnnLayerInfo *rows, int max, Error *err)
{
    CnnLayer layers[CNN_MAX_LAYERS];
    if (arch->n_layers < 1)
        return error_set(err, ERR_USAGE, "arch has no layers");
    if (cnn_build_layers(arch, C, H, W, n_classes, layers, err) < 0)
        return -1;
    for (int i = 0; i < arch->n_layers && i < max; i++)
        cnn_layer_info_of(&layers[i], &rows[i]);
    return arch->n_layers;
}

size_t cnn_workspace_floats(const CnnLayer *layers, int n, size_t in_size, int n_classes)
{
    size_t per_image = in_size + (size_t)n_classes;
    for (int i = 0; i < n; i++) {
        const CnnLayer *L = &layers[i];
        per_image = budget_add(per_image, budget_mul(L->out_size, 3)); /* acts, grads, argmax */
        if (L->spec.kind == CNN_CONV) /* im2col's, or conv_direct.h's share */
            per_image = budget_add(per_image,
                                   budget_add(budget_mul(conv_col_size(&L->g), 2),
                                              conv_direct_scratch_floats(&L->g) /
                                                  CONV_DIRECT_LANES + 1));
    }
    return per_image;
}

int cnn_arch_param_count(const CnnArch *arch, int C, int H, int W, int K, double *n, Error *err)
{
    CnnLayer layers[CNN_MAX_LAYERS];
    if (cnn_build_layers(arch, C, H, W, K, layers, err) < 0)
        return -1;
    *n = 0;
    for (int i = 0; i < arch->n_layers; i++)
        *n += (double)layers[i].n_w + (double)layers[i].n_b;
    return 0;
}

int cnn_check_images(int C, int H, int W, int K, const Dataset *data, Error *err)
{
    size_t in_size = (size_t)C * H * W;
    if (data->image_w != W || data->image_h != H) {
        if (data->image_w < 1 || data->image_h < 1)
            return error_set(err, ERR_DATA, "the saved cnn takes %dx%d images, the data holds "
                                            "no images (%d features)",
                             W, H, dataset_cols(data));
        return error_set(err, ERR_DATA, "the saved cnn takes %dx%d images, the data's are %dx%d",
                         W, H, data->image_w, data->image_h);
    }
    if ((size_t)dataset_cols(data) != in_size)
        return error_set(err, ERR_DATA, "the saved cnn takes %d channel%s of %dx%d (%zu values "
                                        "per image), the data has %d",
                         C, C == 1 ? "" : "s", W, H, in_size, dataset_cols(data));
    return nn_check_data_classes("cnn", K, data, err);
}
