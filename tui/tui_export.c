/* tui_export.c - export from a screen: the capture of what a screen shows,
 * and the prompt that names the files and writes them (tui_export.h).
 *
 * The capture calls the screen's own draw (which only draws) into a canvas
 * the size of the terminal, as the main loop does, and keeps a rectangle of
 * it: the text is exactly what the user sees (in the lab's ASCII or
 * Unicode), the SVG the same cells as shapes (src/canvas_svg.c) with the
 * chrome's colours (the bars, the selection) from the theme. */
#include "tui_export.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "canvas_svg.h"
#include "tui_ui.h"

/* ---- the capture ------------------------------------------------------------------- */

/* The RGB of an xterm 256-colour number. */
static int xterm_rgb(int n)
{
    static const int BASIC[16] = { 0x000000, 0x800000, 0x008000, 0x808000, 0x000080, 0x800080,
                                   0x008080, 0xc0c0c0, 0x808080, 0xff0000, 0x00ff00, 0xffff00,
                                   0x0000ff, 0xff00ff, 0x00ffff, 0xffffff };
    static const int LEVEL[6] = { 0, 95, 135, 175, 215, 255 };
    if (n < 16)
        return BASIC[n < 0 ? 0 : n];
    if (n >= 232) {
        int v = 8 + 10 * (n - 232);
        return v << 16 | v << 8 | v;
    }
    n -= 16;
    return LEVEL[n / 36] << 16 | LEVEL[n / 6 % 6] << 8 | LEVEL[n % 6];
}

/* The canvas's own indices as on paper; the chrome's (the theme's indices
 * above the canvas palette) as in a 256-colour terminal. */
static int svg_color(int idx, bool background, void *ctx)
{
    if (idx < CANVAS_COLOR_GRAY + CANVAS_GRAY_LEVELS)
        return canvas_svg_color(idx, background, ctx);
    int n = theme_color(idx, background, 256);
    return n < 0 ? -1 : xterm_rgb(n);
}

/* The rectangle (x, y, w, h) of full, clipped to it, into part. */
static int crop(const Canvas *full, Canvas *part, int x, int y, int w, int h)
{
    if (x < 0)
        w += x, x = 0;
    if (y < 0)
        h += y, y = 0;
    if (x + w > full->w)
        w = full->w - x;
    if (y + h > full->h)
        h = full->h - y;
    if (w <= 0 || h <= 0 || canvas_init(part, w, h, full->ascii, NULL) < 0)
        return -1;
    for (int r = 0; r < h; r++)
        memcpy(&part->cells[(size_t)r * (size_t)w], &full->cells[(size_t)(y + r) * (size_t)full->w + (size_t)x],
               (size_t)w * sizeof *part->cells);
    return 0;
}

void export_add_screen(ExportSet *e, const App *app, const Screen *s, int x, int y, int w, int h)
{
    Canvas full, part;
    if (canvas_init(&full, app->w, app->h, app->ascii, NULL) < 0)
        return;
    int bx, by, bw, bh;
    app_body(app, &bx, &by, &bw, &bh);
    s->cls->draw(s, app, &full, bx, by, bw, bh);
    if (crop(&full, &part, x, y, w, h) == 0) {
        StrBuf *txt = export_add(e, ".txt", "view");
        if (txt)
            canvas_render_utf8(&part, txt);
        StrBuf *svg = export_add(e, ".svg", "view");
        if (svg)
            canvas_render_svg(&part, svg_color, NULL, svg);
        canvas_free(&part);
    }
    canvas_free(&full);
}

bool export_key_screen(Screen *s, App *app, int key)
{
    (void)key;
    ExportSet e;
    export_init(&e);
    int x, y, w, h;
    app_body(app, &x, &y, &w, &h);
    export_add_screen(&e, app, s, x, y, w, h);
    char name[64];
    snprintf(name, sizeof name, "%s", s->cls->name);
    for (char *p = name; *p; p++)
        *p = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p == ' ' ? '-' : *p;
    export_prompt_open(app, &e, name, NULL, NULL);
    export_free(&e);
    return true;
}

/* ---- the prompt ----------------------------------------------------------------------- */

static struct {
    bool active;
    ExportSet set;
    TextField stem;
    char note[256];
    char error[1600];
} prompt;

bool export_prompt_active(void)
{
    return prompt.active;
}

void export_prompt_close(void)
{
    export_free(&prompt.set);
    prompt.active = false;
}

void export_prompt_open(App *app, ExportSet *e, const char *algo, const char *dataset,
                        const char *note)
{
    (void)app;
    export_prompt_close();
    prompt.set = *e;
    export_init(e);
    char stem[256];
    export_default_stem(stem, sizeof stem, algo, dataset, time(NULL));
    field_set(&prompt.stem, stem);
    snprintf(prompt.note, sizeof prompt.note, "%s", note ? note : "");
    prompt.error[0] = '\0';
    prompt.active = true;
}

/* The folder of stem (slash: its last '/', or NULL), made absolute. */
static void stem_folder(const char *stem, const char *slash, char *abs)
{
    char dir[PATH_MAX];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == stem)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - stem), stem);
    if (!realpath(dir, abs))
        snprintf(abs, PATH_MAX, "%s", dir);
}

/* Where the files went: "NAME.json, .csv and .svg in /the/folder". */
static void where_line(const char *stem, char *buf, size_t size)
{
    const char *slash = strrchr(stem, '/');
    const char *base = slash ? slash + 1 : stem;
    char abs[PATH_MAX];
    stem_folder(stem, slash, abs);
    size_t len = 0;
    for (int i = 0; i < prompt.set.n && len < size; i++) {
        const char *sep = i == 0 ? "" : i == prompt.set.n - 1 ? " and " : ", ";
        len += (size_t)snprintf(buf + len, size - len, "%s%s%s", sep, i == 0 ? base : "",
                                prompt.set.items[i].suffix);
    }
    if (len < size)
        snprintf(buf + len, size - len, " in %s", abs);
}

static bool key_write(Screen *s, App *app, int key)
{
    (void)s, (void)key;
    char written[1024], where[PATH_MAX + 600];
    Error err;
    const char *stem = prompt.stem.text;
    if (export_write(&prompt.set, stem, written, sizeof written, &err) < 0) {
        snprintf(prompt.error, sizeof prompt.error, "%s%s%s", err.msg,
                 written[0] ? "; written before it: " : "", written);
        app_message(app, "export failed: %s", prompt.error);
        return true;
    }
    where_line(stem, where, sizeof where);
    app_message(app, "exported %s", where);
    export_prompt_close();
    return true;
}

static bool key_cancel(Screen *s, App *app, int key)
{
    (void)s, (void)key;
    export_prompt_close();
    app_message(app, "export cancelled");
    return true;
}

static bool key_clear(Screen *s, App *app, int key)
{
    (void)s, (void)app, (void)key;
    field_set(&prompt.stem, "");
    return true;
}

static bool key_type(Screen *s, App *app, int key)
{
    (void)s, (void)app;
    prompt.error[0] = '\0';
    field_key(&prompt.stem, key);
    return true; /* the prompt has every key while it is open */
}

static const Binding PROMPT_ROWS[] = {
    { .keys = { TK_ENTER }, .name = "Enter", .label = "write", .fn = key_write,
      .help = "write the files: the name typed + .json .csv (results), .trace.jsonl (trace), "
              ".txt .svg (the view)" },
    { .keys = { 0x15 }, .name = "^U", .label = "clear", .fn = key_clear,
      .help = "clear the name (then type a new one; Backspace deletes a character)" },
    { .keys = { TK_ESC }, .name = "Esc", .label = "cancel", .fn = key_cancel,
      .help = "close without writing anything" },
};
static const Bindings PROMPT = BINDINGS("Export", PROMPT_ROWS, key_type, true);

const Bindings *export_prompt_bindings(void)
{
    return &PROMPT;
}

/* "STEM.json (results), STEM.csv (results), ..." for the prompt. */
static void files_line(char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < prompt.set.n && len < size; i++) {
        const ExportItem *it = &prompt.set.items[i];
        len += (size_t)snprintf(buf + len, size - len, "%s%s (%s)", i ? ", " : "", it->suffix,
                                it->what);
    }
}

void export_prompt_draw(const App *app, Canvas *c)
{
    if (!prompt.active)
        return;
    int bx, by, bw, bh;
    app_body(app, &bx, &by, &bw, &bh);
    int w = bw - 4 < 90 ? bw - 4 : 90, h = 8;
    int x = bx + (bw - w) / 2, y = by + bh - h - 1;
    if (y < by)
        y = by;
    ui_fill(c, x, y, w, h, ST_NORMAL);
    ui_box(c, x, y, w, h, "Export", true);
    ui_text(c, x + 2, y + 1, w - 4, ST_HEADING, "Write the files named:");
    char field[300];
    snprintf(field, sizeof field, "%s_", prompt.stem.text);
    int fw = canvas_text_width(field);
    /* the end of a long name stays in sight */
    const char *shown = field;
    while (fw > w - 4 && *shown) {
        do
            shown++;
        while (((unsigned char)*shown & 0xC0) == 0x80);
        fw = canvas_text_width(shown);
    }
    ui_text_padded(c, x + 2, y + 2, w - 4, ST_SELECTED, shown);
    char files[512];
    files_line(files, sizeof files);
    int rows = ui_text_wrapped(c, x + 2, y + 3, w - 4, 2, ST_DIM, files);
    const char *extra = prompt.error[0] ? prompt.error : prompt.note;
    ui_text_wrapped(c, x + 2, y + 3 + rows, w - 4, h - 5 - rows, prompt.error[0] ? ST_ERROR : ST_NORMAL,
                    extra);
    ui_text(c, x + 2, y + h - 2, w - 4, ST_DIM, "Enter writes (atomically)   Esc cancels   ^U clears");
}
