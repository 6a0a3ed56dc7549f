/* picture.h - numbers made ready to be drawn as pictures (issue 12
 * "pictures instead of numbers", issue 11 views).
 *
 * The TUI only draws; what it draws is computed here and tested:
 *   pic_abs_max      the half-width of a signed colour scale (weights)
 *   pic_delta        the change of the weights between two looks (delta w)
 *   pic_downsample   an image shrunk by block averages (28x28 -> 14x14)
 *   pic_histograms   counts of each feature's values in equal bins
 *   pic_pca_restore  rows projected on k principal components and mapped
 *                    back to the pixels ("PCA restored")
 *   pic_cumulative   running sums of explained variance as fractions, and
 *   pic_components_for  how many components keep a given share */
#ifndef MLLAB_PICTURE_H
#define MLLAB_PICTURE_H

#include <stddef.h>

#include "error.h"
#include "mat.h"
#include "prep.h"

/* The largest |v[i]| over the finite values (0 when there are none). */
float pic_abs_max(const float *v, size_t n);

/* out[i] = now[i] - before[i]; out may be one of the inputs. */
void pic_delta(const float *now, const float *before, size_t n, float *out);

/* The w x h image img shrunk by f (>= 1): out pixel (r, c) is the mean of
 * the finite pixels of block rows [r f, r f + f) x columns [c f, c f + f)
 * clipped to the image (0 when none is finite).  *ow = ceil(w / f), *oh =
 * ceil(h / f); out holds *ow x *oh.  -1 (ERR_USAGE) when f < 1 or w, h < 1. */
int pic_downsample(const float *img, int w, int h, int f, float *out, int *ow, int *oh,
                   Error *err);

/* Histograms of every column of X (n x d) in one pass over the rows:
 * counts[j * bins + b] (zeroed first) = rows whose value in column j lies in
 * bin b of [lo[j], hi[j]] cut in `bins` equal parts; hi[j] itself goes in
 * the last bin, NaN and values outside the range in none (when hi[j] <=
 * lo[j], values equal to lo[j] go in bin 0).  Returns the values counted,
 * or -1 for bins < 1 (or out of memory for the row buffer of a byte-backed
 * X). */
long pic_histograms(const Mat *X, const double *lo, const double *hi, int bins, int *counts);

/* out (n x d) = the rows of X (n x d) projected on the first k components of
 * p and mapped back: mean + sum_j z_j component_j.  1 <= k <= p->k. */
int pic_pca_restore(const Pca *p, int k, const Mat *X, Mat *out, Error *err);

/* out[j] = (ev[0] + ... + ev[j]) / total, j < k (NaN when total <= 0). */
void pic_cumulative(const float *ev, int k, double total, double *out);

/* The fewest components whose cumulative share (cum, k of them, as
 * pic_cumulative makes) reaches frac; -1 when the k do not. */
int pic_components_for(const double *cum, int k, double frac);

#endif
