/* error.h - the error value that library code returns instead of printing.
 *
 * Every fallible function takes an `Error *err` (which may be NULL) and
 * returns a failure value (-1, NULL or STEP_ERROR).  The front ends decide
 * how to show err->msg.  Data errors name the place: "FILE:LINE:COLUMN: what". */
#ifndef MLLAB_ERROR_H
#define MLLAB_ERROR_H

typedef enum {
    ERR_NONE = 0,
    ERR_IO,        /* a file cannot be opened or read                  */
    ERR_DATA,      /* malformed or unsuitable data (exit status 1)     */
    ERR_USAGE,     /* bad option, parameter, name (exit status 2)      */
    ERR_NOMEM,     /* allocation failed                                */
    ERR_CANCELLED, /* a run was cancelled by the user                  */
    ERR_INTERNAL   /* a numerical failure such as a singular system    */
} ErrorCode;

typedef struct Error {
    ErrorCode code;
    char msg[512];  /* a longer message loses its middle, never its end (the reason) */
} Error;

/* Record an error (printf-style message).  A message longer than msg
 * keeps its start and its end around "...", so a long path at the front
 * cannot push the reason out.  Always returns -1 so callers can
 * write `return error_set(err, ERR_DATA, "...");`.  err may be NULL. */
int error_set(Error *err, ErrorCode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Put "PREFIX: " before the message already recorded (a file name, an
 * algorithm); too long, it loses its middle like error_set's.  Keeps the
 * code.  Returns -1 like error_set.  err may be NULL. */
int error_prefix(Error *err, const char *prefix);

/* Reset to "no error". */
void error_clear(Error *err);

/* The process exit status a front end should use for this error: 2 for
 * usage errors, 1 for everything else. */
int error_exit_status(const Error *err);

#endif
