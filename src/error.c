/* error.c - recording errors for the front ends to show (see error.h). */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

int error_set(Error *err, ErrorCode code, const char *fmt, ...)
{
    if (!err)
        return -1;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

void error_clear(Error *err)
{
    if (err) {
        err->code = ERR_NONE;
        err->msg[0] = '\0';
    }
}

int error_exit_status(const Error *err)
{
    return err && err->code == ERR_USAGE ? 2 : 1;
}
