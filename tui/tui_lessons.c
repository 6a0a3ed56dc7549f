/* tui_lessons.c - opening the screen of a lesson (registry.h: softmax,
 * sampling, the language models...) chosen on Home.  The lessons name
 * their screen; a lesson without a screen yet gets a note pointing to its
 * command. */
#include <string.h>

#include "tui_app.h"

void lesson_open(App *app, const Lesson *lesson)
{
    const char *s = lesson->screen;
    if (strcmp(s, "softmax") == 0)
        softmax_screen_open(app);
    else if (strcmp(s, "sampling") == 0)
        sampling_screen_open(app);
    else if (strcmp(s, "lm") == 0)
        lm_screen_open(app, strcmp(lesson->name, "rnn") == 0);
    else if (strcmp(s, "tfidf") == 0)
        tfidf_screen_open(app);
    else if (strcmp(s, "meet") == 0)
        meet_screen_open(app);
    else if (strcmp(s, "graph") == 0)
        graph_screen_open(app);
    else
        app_message(app, "no screen in the lab yet: try %s", lesson->usage);
}
