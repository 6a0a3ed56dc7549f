/* tui_ui.c - drawing helpers shared by the screens (see tui_ui.h). */
#include "tui_ui.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The App being drawn decides colour; the screens pass only a Style.  The
 * main loop sets this once per frame. */
static bool ui_color = true;

void ui_set_color(bool on)
{
    ui_color = on;
}

int ui_text(Canvas *c, int x, int y, int max_w, Style s, const char *utf8)
{
    StyleCell st = theme_style(s, ui_color);
    return canvas_text_ex(c, x, y, utf8, max_w, st.fg, st.bg, st.attr);
}

int ui_printf(Canvas *c, int x, int y, int max_w, Style s, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return ui_text(c, x, y, max_w, s, buf);
}

void ui_fill(Canvas *c, int x, int y, int w, int h, Style s)
{
    StyleCell st = theme_style(s, ui_color);
    canvas_fill(c, x, y, w, h, ' ', st.fg, st.bg, (uint8_t)(st.attr | CANVAS_ATTR_SOLID));
}

void ui_text_padded(Canvas *c, int x, int y, int w, Style s, const char *utf8)
{
    if (w <= 0)
        return;
    ui_fill(c, x, y, w, 1, s);
    ui_text(c, x, y, w, s, utf8);
}

void ui_hline(Canvas *c, int x, int y, int w)
{
    StyleCell st = theme_style(ST_FRAME, ui_color);
    canvas_fill(c, x, y, w, 1, c->ascii ? '-' : 0x2500, st.fg, st.bg,
                (uint8_t)(st.attr | CANVAS_ATTR_SOLID));
}

void ui_box(Canvas *c, int x, int y, int w, int h, const char *title, bool focused)
{
    if (w < 2 || h < 2)
        return;
    StyleCell st = theme_style(focused ? ST_TITLE : ST_FRAME, ui_color);
    uint8_t attr = (uint8_t)((st.attr & ~CANVAS_ATTR_BOLD) | CANVAS_ATTR_SOLID);
    bool a = c->ascii;
    uint32_t h_ = a ? '-' : 0x2500, v_ = a ? '|' : 0x2502;
    uint32_t tl = a ? '+' : 0x256D, tr = a ? '+' : 0x256E, bl = a ? '+' : 0x2570,
             br = a ? '+' : 0x256F;
    canvas_fill(c, x + 1, y, w - 2, 1, h_, st.fg, 0, attr);
    canvas_fill(c, x + 1, y + h - 1, w - 2, 1, h_, st.fg, 0, attr);
    canvas_fill(c, x, y + 1, 1, h - 2, v_, st.fg, 0, attr);
    canvas_fill(c, x + w - 1, y + 1, 1, h - 2, v_, st.fg, 0, attr);
    canvas_fill(c, x, y, 1, 1, tl, st.fg, 0, attr);
    canvas_fill(c, x + w - 1, y, 1, 1, tr, st.fg, 0, attr);
    canvas_fill(c, x, y + h - 1, 1, 1, bl, st.fg, 0, attr);
    canvas_fill(c, x + w - 1, y + h - 1, 1, 1, br, st.fg, 0, attr);
    if (title && *title && w > 6) {
        char buf[256];
        snprintf(buf, sizeof buf, " %s ", title);
        ui_text(c, x + 2, y, w - 4, focused ? ST_TITLE : ST_HEADING, buf);
    }
}

void ui_footer(Canvas *c, int y, int w, const char *keys)
{
    ui_fill(c, 0, y, w, 1, ST_BAR);
    int x = 1;
    const char *p = keys;
    while (p && *p && x < w - 1) {
        const char *end = strchr(p, '|');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char item[128];
        if (n >= sizeof item)
            n = sizeof item - 1;
        memcpy(item, p, n);
        item[n] = '\0';
        char *space = strchr(item, ' ');
        const char *label = "";
        if (space) {
            *space = '\0';
            label = space + 1;
        }
        int need = canvas_text_width(item) + 1 + canvas_text_width(label) + 2;
        if (x + need > w - 1)
            break;
        x += ui_text(c, x, y, w - 1 - x, ST_BAR_KEY, item);
        x += 1;
        x += ui_text(c, x, y, w - 1 - x, ST_BAR, label);
        x += 2;
        p = end ? end + 1 : NULL;
    }
}

void ui_fmt(char *buf, int size, double v)
{
    double av = fabs(v);
    if (isnan(v))
        snprintf(buf, (size_t)size, "-");
    else if (isinf(v))
        snprintf(buf, (size_t)size, v > 0 ? "inf" : "-inf");
    else if (v == 0)
        snprintf(buf, (size_t)size, "0");
    else if (av >= 1e6 || av < 1e-3)
        snprintf(buf, (size_t)size, "%.3g", v);
    else if (av >= 1000)
        snprintf(buf, (size_t)size, "%.0f", v);
    else
        snprintf(buf, (size_t)size, "%.4g", v);
}

void ui_fmt_seconds(char *buf, int size, double s)
{
    if (isnan(s))
        snprintf(buf, (size_t)size, "-");
    else if (s < 1e-3)
        snprintf(buf, (size_t)size, "%.0f us", s * 1e6);
    else if (s < 1)
        snprintf(buf, (size_t)size, "%.1f ms", s * 1e3);
    else if (s < 60)
        snprintf(buf, (size_t)size, "%.2f s", s);
    else
        snprintf(buf, (size_t)size, "%d m %d s", (int)(s / 60), (int)fmod(s, 60));
}

void ui_image_row(Canvas *c, int x, int y, const Mat *X, int i, int w, int h)
{
    if (i < 0 || i >= X->rows || (size_t)w * (size_t)h > (size_t)X->cols)
        return;
    float *buf = mat_is_bytes(X) ? malloc((size_t)X->cols * sizeof *buf) : NULL;
    if (mat_is_bytes(X) && !buf)
        return;
    canvas_image(c, x, y, mat_rows_f32(X, i, 1, buf), w, h);
    free(buf);
}

void ui_progress(Canvas *c, int x, int y, int w, double t)
{
    if (w <= 0)
        return;
    if (!(t >= 0))
        t = 0;
    if (t > 1)
        t = 1;
    int full = (int)lround(t * w);
    StyleCell st = theme_style(ST_GOOD, ui_color);
    canvas_fill(c, x, y, full, 1, c->ascii ? '#' : 0x2588, st.fg, 0, CANVAS_ATTR_SOLID);
    StyleCell dim = theme_style(ST_DIM, ui_color);
    canvas_fill(c, x + full, y, w - full, 1, c->ascii ? '.' : 0x2591, dim.fg, 0,
                (uint8_t)(dim.attr | CANVAS_ATTR_SOLID));
}

const char *ui_spinner(const Canvas *c)
{
    static const char *const UNI[] = { "\u280b", "\u2819", "\u2839", "\u2838", "\u283c",
                                       "\u2834", "\u2826", "\u2827", "\u2807", "\u280f" };
    static const char *const ASC[] = { "|", "/", "-", "\\" };
    long tick = (long)(app_now() * 10);
    return c->ascii ? ASC[tick % 4] : UNI[tick % 10];
}

/* Bytes of the UTF-8 character at s. */
static int char_len(const char *s)
{
    unsigned char b = (unsigned char)*s;
    int n = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
    for (int i = 1; i < n; i++)
        if (!s[i])
            return i;
    return n;
}

static int char_width(const char *s, int n)
{
    char tmp[8];
    memcpy(tmp, s, (size_t)n);
    tmp[n] = '\0';
    return canvas_text_width(tmp);
}

void ui_wrap(const char *utf8, int width, void (*line)(void *ctx, const char *s, int n),
             void *ctx)
{
    if (width < 1)
        width = 1;
    const char *p = utf8;
    while (*p) {
        const char *start = p, *last_break = NULL;
        int w = 0;
        while (*p) {
            int n = char_len(p);
            int cw = char_width(p, n);
            if (*p == ' ')
                last_break = p;
            if (w + cw > width)
                break;
            w += cw;
            p += n;
        }
        if (!*p) {
            line(ctx, start, (int)(p - start));
            break;
        }
        if (last_break && last_break > start) {
            line(ctx, start, (int)(last_break - start));
            p = last_break;
        } else {
            if (p == start)
                p += char_len(p); /* a character wider than the line */
            line(ctx, start, (int)(p - start));
        }
        while (*p == ' ')
            p++;
    }
}

typedef struct WrapDraw {
    Canvas *c;
    int x, y, w, h, rows;
    Style style;
} WrapDraw;

static void wrap_draw_line(void *ctx, const char *s, int n)
{
    WrapDraw *d = ctx;
    if (d->rows < d->h) {
        char line[1024];
        snprintf(line, sizeof line, "%.*s", n, s);
        ui_text(d->c, d->x, d->y + d->rows, d->w, d->style, line);
    }
    d->rows++;
}

int ui_text_wrapped(Canvas *c, int x, int y, int w, int h, Style s, const char *utf8)
{
    if (w <= 0 || h <= 0 || !utf8)
        return 0;
    WrapDraw d = { c, x, y, w, h, 0, s };
    ui_wrap(utf8, w, wrap_draw_line, &d);
    return d.rows < h ? d.rows : h;
}

bool ui_contains(const char *haystack, const char *needle)
{
    if (!needle || !*needle)
        return true;
    if (!haystack)
        return false;
    size_t n = strlen(needle);
    for (const char *h = haystack; *h; h++) {
        size_t i = 0;
        while (i < n && h[i] &&
               tolower((unsigned char)h[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return true;
    }
    return false;
}

void field_set(TextField *f, const char *s)
{
    snprintf(f->text, sizeof f->text, "%s", s ? s : "");
    f->len = (int)strlen(f->text);
}

bool field_key(TextField *f, int key)
{
    if (key == TK_BACKSPACE) {
        if (f->len > 0) {
            /* Drop the last UTF-8 character. */
            int i = f->len - 1;
            while (i > 0 && ((unsigned char)f->text[i] & 0xC0) == 0x80)
                i--;
            f->len = i;
            f->text[i] = '\0';
        }
        return true;
    }
    if (key < 0x20 || key == 0x7F || key >= TK_UP)
        return false;
    StrBuf sb = STRBUF_INIT;
    canvas_put_utf8(&sb, (uint32_t)key);
    if (!sb.failed && f->len + (int)sb.len < (int)sizeof f->text - 1) {
        memcpy(f->text + f->len, sb.s, sb.len);
        f->len += (int)sb.len;
        f->text[f->len] = '\0';
    }
    sb_free(&sb);
    return true;
}
