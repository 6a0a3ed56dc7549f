/* temporary */
#include "tui_app.h"
#include "tui_ui.h"
static void d(App *a, Canvas *c, int x, int y, int w, int h) { (void)a; (void)w; (void)h; ui_text(c, x+2, y+2, -1, ST_NORMAL, "todo"); }
const Screen screen_dataset = { .name = "Dataset", .draw = d };
const Screen screen_run = { .name = "Run", .draw = d };
const Screen screen_compare = { .name = "Compare", .draw = d };
void run_screen_open(App *app) { app_push(app, &screen_run); }
void dataset_screen_open(App *app) { app_push(app, &screen_dataset); }
void compare_screen_open(App *app) { app_push(app, &screen_compare); }
void run_screen_shutdown(App *app) { (void)app; }
void compare_screen_shutdown(App *app) { (void)app; }
void dataset_screen_shutdown(App *app) { (void)app; }
