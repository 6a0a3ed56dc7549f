/* algorithms/nn_io.h - the file format of saved networks (mlp and cnn).
 *
 * A trained network is written once (`mllab run mlp ... --save FILE`) and
 * read back later (`--load FILE`).  The format (all integers little-endian):
 *
 *   offset  size   field
 *   0       8      magic "MLLABNN\0"
 *   8       4      format version (2; version 1 files are still read)
 *   12      4      header length H
 *   16      H      header: UTF-8 text, one "key=value" per line (kind=mlp,
 *                  arch, inputs, classes, activation, ...), readable with less
 *   16+H    4      tensor count T
 *   ...            T tensors, each:
 *                    2  name length N, then N bytes of name ("W1", "conv1.w")
 *                    1  number of dimensions D (1..4), then D × 4 dimensions
 *                    4·Π dims   float32 values, row-major
 *   ...            version 2 only, the scaler the network was trained with:
 *                    4  kind (0 none, 1 standard, 2 minmax)
 *                    4  feature count d (0 for none)
 *                    8·d  shift, then 8·d scale: float64 (standard, minmax)
 *   end-4   4      CRC-32 (zlib) of every byte before it
 *
 * Reading checks the magic, the version, the length of every part against
 * the file size, the checksum, and that every weight is finite, so that a foreign, truncated or corrupt
 * file gives a clear ERR_DATA message and never a wrong model.  The network
 * modules then check the header and the tensors' shapes against the
 * architecture they rebuild from the header. */
#ifndef MLLAB_NN_IO_H
#define MLLAB_NN_IO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "params.h"
#include "prep.h"

#define NN_IO_MAGIC "MLLABNN" /* plus the terminating zero byte: 8 bytes */
#define NN_IO_VERSION 2u
#define NN_IO_VERSION_NO_SCALER 1u /* the first version: no scaler section */
#define NN_IO_MAX_DIMS 4

typedef struct NnTensor {
    char name[32];
    int ndim;
    int dims[NN_IO_MAX_DIMS];
    float *data;    /* writing: borrowed; reading: owned by the NnFile */
} NnTensor;

typedef struct NnFile {
    char *header;   /* the key=value text (NUL-terminated) */
    int n_tensors;
    NnTensor *tensors;
    bool has_scaler; /* false for a version 1 file */
    Scaler scaler;   /* owned; kind SCALE_NONE when the data was not scaled */
} NnFile;

/* Write a network: header text, tensors, and the scaler its inputs were
 * scaled with (NULL: not scaled).  ERR_IO on a write failure. */
int nn_file_write(FILE *f, const char *header, const NnTensor *tensors, int n,
                  const Scaler *scaler, Error *err);
/* The same, one tensor at a time (a caller that makes each tensor just
 * before it is written keeps one in memory, not all): begin with the count
 * of tensors, write each, end with the scaler.  The stream is only valid
 * once end returned 0 (the callers write into a temporary file that an
 * error discards, atomic_file.h). */
typedef struct NnWriter {
    FILE *f;
    unsigned long crc;        /* CRC-32 of the bytes written so far */
    bool failed;              /* a write failed */
    int left;                 /* tensors still to write */
} NnWriter;
int nn_writer_begin(NnWriter *w, FILE *f, const char *header, int n_tensors, Error *err);
int nn_writer_tensor(NnWriter *w, const NnTensor *t, Error *err);
int nn_writer_end(NnWriter *w, const Scaler *scaler, Error *err);
/* Read and verify a whole file. */
int nn_file_read(FILE *f, NnFile *out, Error *err);
void nn_file_free(NnFile *nf);

/* The value of `key` in the header, copied into buf; -1 when absent. */
int nn_file_header_get(const NnFile *nf, const char *key, char *buf, size_t size);
/* The same as an integer in [min, max]; -1 with ERR_DATA when absent or bad. */
int nn_file_header_int(const NnFile *nf, const char *key, int min, int max, int *out,
                       Error *err);
/* The comma-separated integers in [1, max] of `key` ("layers=4,16,3"), at
 * most max_count of them, into out: their number; -1 with ERR_DATA when
 * absent or malformed. */
int nn_file_header_ints(const NnFile *nf, const char *key, int *out, int max_count, int max,
                        Error *err);
/* The tensor named `name` with exactly the given dims (ndim of them); -1 and
 * ERR_DATA ("tensor W2 is 128x10, expected 64x10") when missing or shaped
 * differently.  On success *data points into nf. */
int nn_file_tensor(const NnFile *nf, const char *name, int ndim, const int *dims,
                   const float **data, Error *err);
/* What a network's algo->load starts with: read and verify the whole file
 * (nn_file_read), check that it holds a network of `kind` ("mlp", "cnn";
 * else ERR_DATA "this file holds a saved mlp, not a cnn"), and set every
 * parameter of params (may be NULL) whose name is a header key (mlp: hidden,
 * activation; cnn: arch).  On failure nf is freed. */
int nn_file_load(FILE *f, const char *kind, NnFile *nf, Params *params, Error *err);
/* Hand the file's scaler over (scaler may be NULL: nothing is taken):
 * *has_scaler tells whether the file records one (version 2); the caller
 * frees *scaler with scaler_free. */
void nn_file_take_scaler(NnFile *nf, Scaler *scaler, bool *has_scaler);
/* The number of float values of all the file's tensors (bounded by the
 * file's size). */
size_t nn_file_values(const NnFile *nf);
/* Before building the network a header describes: -1 with ERR_DATA when it
 * needs more parameters (n_params, counted in double so that no product
 * overflows) than the file holds values; a short file declaring a huge
 * network is refused before anything of that size is allocated. */
int nn_file_check_params(const NnFile *nf, const char *kind, double n_params, Error *err);
/* Number of elements of a tensor. */
size_t nn_tensor_count(const NnTensor *t);
/* CRC-32 of a buffer (zlib's crc32). */
uint32_t nn_crc32(const void *data, size_t len);

#endif
