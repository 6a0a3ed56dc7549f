/* tui_bind.c - binding tables (see tui_app.h): finding the row of a key,
 * dispatching it, and writing the footer and the `?` help from the same
 * rows, so the keys a screen answers and the keys it shows cannot differ. */
#include <stdio.h>
#include <string.h>

#include "tui_app.h"
#include "tui_mouse.h"

static bool row_has(const Binding *row, int key)
{
    for (int i = 0; i < BINDING_MAX_KEYS && row->keys[i]; i++)
        if (row->keys[i] == key)
            return true;
    return false;
}

const Binding *bindings_find(const Bindings *b, int key)
{
    for (int i = 0; i < b->n; i++)
        if (row_has(&b->rows[i], key))
            return &b->rows[i];
    return NULL;
}

/* The wheel where the table has no row for it: the arrows' row, a few
 * times. */
static bool wheel_as_arrows(const Bindings *b, Screen *s, App *app, int key)
{
    int arrow = mouse_wheel_arrow(key);
    const Binding *row = arrow ? bindings_find(b, arrow) : NULL;
    if (!row || !row->fn)
        return false;
    bool used = false;
    for (int i = 0; i < MOUSE_WHEEL_LINES; i++)
        used = row->fn(s, app, arrow) || used;
    return used;
}

bool bindings_dispatch(const Bindings *b, Screen *s, App *app, int key)
{
    const Binding *row = bindings_find(b, key);
    if (row)
        return row->fn ? row->fn(s, app, key) : false;
    if (mouse_key(key))
        return wheel_as_arrows(b, s, app, key);
    return b->other ? b->other(s, app, key) : false;
}

/* Append "sep text" to buf (size bytes), keeping it terminated. */
static size_t append(char *buf, size_t size, size_t len, const char *text)
{
    if (len >= size)
        return len;
    int n = snprintf(buf + len, size - len, "%s", text);
    return n < 0 ? len : len + (size_t)n;
}

void bindings_footer(const Bindings *b, const App *app, unsigned when, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < b->n; i++) {
        const Binding *row = &b->rows[i];
        char made[96];
        const char *label = row->label_of ? row->label_of(app, made, sizeof made) : row->label;
        if (!label || (row->when && !(row->when & when)))
            continue;
        if (len)
            len = append(buf, size, len, "|");
        len = append(buf, size, len, row->name);
        len = append(buf, size, len, " ");
        len = append(buf, size, len, label);
    }
}

void bindings_help(const Bindings *b, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    len = append(buf, size, len, b->title ? b->title : "Keys");
    len = append(buf, size, len, "\n");
    for (int i = 0; i < b->n; i++) {
        const Binding *row = &b->rows[i];
        if (!row->help)
            continue;
        /* Pad by cells, not bytes: the arrows take 3 bytes each. */
        int pad = 12 - canvas_text_width(row->name);
        char key[64];   /* the key column only: a help text of any length follows */
        snprintf(key, sizeof key, "  %s%*s", row->name, pad > 1 ? pad : 1, "");
        len = append(buf, size, len, key);
        len = append(buf, size, len, row->help);
        len = append(buf, size, len, "\n");
    }
}
