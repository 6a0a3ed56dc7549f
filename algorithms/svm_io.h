/* algorithms/svm_io.h - saving and loading a kernel SVM (svm_io.c), for
 * linear_io.c's svm_save and svm_load (the primal SVM is saved there). */
#ifndef MLLAB_SVM_IO_H
#define MLLAB_SVM_IO_H

#include <stdio.h>

#include "model_io.h"
#include "svm_dual.h"

/* Write the kernel SVM ks of d features and k classes: its support vectors
 * (rows and classes), each pair's alphas over them and its rho, and the
 * kernel in the header.  ERR_USAGE when it has no support vector yet. */
int svm_kernel_save(KSvm *ks, int d, int k, const Scaler *scaler, FILE *f, Error *err);
/* The svm a kernel file describes: svm's create on the saved support
 * vectors (standin receives them; the caller frees it), then every pair's
 * alphas and rho (ksvm_restore_pair).  NULL with err set. */
void *svm_kernel_rebuild(ModelLoad *ml, Dataset *standin, Error *err);

#endif
