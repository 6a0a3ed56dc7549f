/* deskew.h - straightening slanted handwriting: the deskewing that LeCun's
 * MNIST page lists as a preprocessing for several classifiers (issue 11: it
 * takes logistic regression on PCA(30) + degree-2 features past 0.98).
 *
 * For one image of w columns and h rows, its pixel values taken as weights
 * (row r, column c, both from 0):
 *   mass    t      = sum v(r, c)
 *   centre  mr, mc = sum r v / t,  sum c v / t
 *   var_r          = sum (r - mr)^2 v / t
 *   cov_rc         = sum (r - mr)(c - mc) v / t
 *   alpha          = cov_rc / var_r   (0 when var_r or t is not > 0)
 * The slant alpha is the slope of column against row: > 0 when the ink's
 * column grows with its row (a stroke like \), < 0 for a stroke like /.
 * The deskewed image samples the input along that slope and moves the
 * centre of mass to the middle:
 *   out(r, c) = in(r + mr - (h-1)/2,  c + alpha (r - (h-1)/2) + mc - (w-1)/2)
 * with bilinear interpolation; a sample whose row or column falls outside
 * [0, h-1] or [0, w-1] is 0.  That is exactly scipy's
 *   scipy.ndimage.affine_transform(im, [[1, 0], [alpha, 1]], offset,
 *                                  order=1, mode='constant')
 * with offset = (mr, mc) - M ((h-1)/2, (w-1)/2).  A blank image (t = 0, or
 * a negative mass) is left as it is.  Moments are summed in double.
 *
 * Nothing here prints; nothing is fitted (the same arithmetic for every
 * image, so the pipeline step is stateless). */
#ifndef MLLAB_DESKEW_H
#define MLLAB_DESKEW_H

#include "error.h"
#include "mat.h"

typedef struct DeskewMoments {
    double mass;   /* t */
    double mr, mc; /* centre of mass (row, column); 0 when t <= 0 */
    double var_r;  /* variance of the row */
    double cov_rc; /* covariance of row and column */
} DeskewMoments;

/* The moments above of one w x h image (row-major, w * h floats). */
void deskew_moments(const float *im, int w, int h, DeskewMoments *m);
/* alpha = cov_rc / var_r, or 0 when the mass or var_r is not > 0. */
double deskew_alpha(const DeskewMoments *m);
/* out (w * h floats, not in) = in deskewed (a copy of in when blank). */
void deskew_image(const float *in, int w, int h, float *out);
/* out (allocated here: a float Mat of in's shape) = every row of in, an
 * image of w x h (w * h == in->cols), deskewed.  in may be byte-backed: its
 * rows are read as the floats a float Mat would hold, so bytes and floats
 * give the same output.  ERR_USAGE when the shape does not fit. */
int deskew_mat(const Mat *in, int w, int h, Mat *out, Error *err);

#endif
