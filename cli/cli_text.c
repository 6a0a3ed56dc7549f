/* cli_text.c - how the CLI's text meets the terminal: its width, ASCII or
 * Unicode, and writing a text report that fits (see cli.h).
 *
 * The width rule (documented in mllab(1) and docs/guide.md): when standard
 * output is a terminal, its width (TIOCGWINSZ); otherwise $COLUMNS when it
 * is a positive number; otherwise no limit (piped output is never wrapped
 * unless COLUMNS asks for it).  A width below 40 counts as 40.
 *
 * ASCII: when --ascii was given or the locale's character set is not UTF-8
 * (LC_ALL=C), every text report is written in its ASCII form ("-" for "—",
 * "us" for "µs", "+/-" for "±"), tables with +-| borders. */
#include "cli.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "canvas.h"

#define CLI_MIN_WIDTH 40

static bool ascii_forced;

void cli_force_ascii(void)
{
    ascii_forced = true;
}

bool cli_ascii(void)
{
    if (ascii_forced)
        return true;
    const char *codeset = nl_langinfo(CODESET);
    return !(codeset && (strcasecmp(codeset, "UTF-8") == 0 || strcasecmp(codeset, "utf8") == 0));
}

TableStyle cli_table_style(void)
{
    table_set_max_width(cli_width());
    return cli_ascii() ? TABLE_ASCII : TABLE_UNICODE;
}

/* $COLUMNS as a width, or 0. */
static int columns_env(void)
{
    const char *s = getenv("COLUMNS");
    if (!s || !*s)
        return 0;
    char *end;
    long v = strtol(s, &end, 10);
    return *end || v <= 0 || v > 100000 ? 0 : (int)v;
}

int cli_width(void)
{
    int w = 0;
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        w = ws.ws_col;
    else
        w = columns_env();
    return w > 0 && w < CLI_MIN_WIDTH ? CLI_MIN_WIDTH : w;
}

/* Where a line's wrapped lines start: under the text after the first gap of
 * two spaces ("  summary   text", "  --seed N   text"), else under its
 * first character. */
static size_t indent_of(const char *line)
{
    size_t lead = strspn(line, " ");
    const char *gap = strstr(line + lead, "  ");
    if (!gap)
        return lead;
    size_t after = (size_t)(gap - line) + strspn(gap, " ");
    return line[after] ? after : lead;
}

/* One line (without its '\n') into out, wrapped at width when wider. */
static void wrap_line(StrBuf *out, const char *line, int width)
{
    if (width <= 0 || utf8_width(line) <= width) {
        sb_append(out, line);
        sb_append(out, "\n");
        return;
    }
    size_t indent = indent_of(line);
    if ((int)indent > width / 2)
        indent = strspn(line, " ") <= (size_t)width / 2 ? strspn(line, " ") : 0;
    size_t len;
    const char *p = text_wrap_line(line, width, &len);
    sb_printf(out, "%.*s\n", (int)len, line);
    while (*p) {
        const char *next = text_wrap_line(p, width - (int)indent, &len);
        sb_printf(out, "%*s%.*s\n", (int)indent, "", (int)len, p);
        p = next;
    }
}

void cli_fit_text(const char *text, StrBuf *out)
{
    StrBuf ascii = STRBUF_INIT;
    if (cli_ascii()) {
        canvas_append_ascii(&ascii, text);
        text = sb_str(&ascii);
    }
    int width = cli_width();
    const char *p = text;
    char *line = NULL;
    while (*p) {
        size_t len = strcspn(p, "\n");
        char *grown = realloc(line, len + 1);
        if (!grown) {
            out->failed = true;
            break;
        }
        line = grown;
        memcpy(line, p, len);
        line[len] = '\0';
        wrap_line(out, line, width);
        p += len + (p[len] == '\n');
    }
    free(line);
    sb_free(&ascii);
}

int cli_write_text(const StrBuf *sb, Error *err)
{
    if (sb->failed)
        return error_set(err, ERR_NOMEM, "out of memory writing the report");
    StrBuf out = STRBUF_INIT;
    cli_fit_text(sb_str(sb), &out);
    int rc = cli_write_stdout(&out, err);
    sb_free(&out);
    return rc;
}
