/* error.c - recording errors for the front ends to show (see error.h). */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Copy text into err->msg; when it is too long, keep its start and its end
 * (the reason) around "...". */
static void set_msg(Error *err, const char *text)
{
    size_t len = strlen(text), room = sizeof err->msg - 1;
    if (len <= room) {
        memcpy(err->msg, text, len + 1);
        return;
    }
    size_t head = (room - 3) / 3, tail = room - 3 - head; /* the end matters most */
    memcpy(err->msg, text, head);
    memcpy(err->msg + head, "...", 3);
    memcpy(err->msg + head + 3, text + len - tail, tail + 1);
}

int error_set(Error *err, ErrorCode code, const char *fmt, ...)
{
    if (!err)
        return -1;
    err->code = code;
    char text[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    set_msg(err, text);
    return -1;
}

int error_prefix(Error *err, const char *prefix)
{
    if (!err)
        return -1;
    char text[8192];
    snprintf(text, sizeof text, "%.4096s: %s", prefix, err->msg);
    set_msg(err, text);
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
