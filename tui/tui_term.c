/* tui_term.c - the terminal through wide-character ncurses (see tui_term.h).
 *
 * Colour pairs are made on demand for each (foreground, background) of the
 * canvas palette that appears on screen.  Without colours (NO_COLOR, or a
 * monochrome terminal) cells keep their attributes only, and decision
 * regions become light pattern marks. */
#include "tui_term.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "tui_app.h"
#include "tui_mouse.h"
#include "tui_ui.h"

static SCREEN *screen;
static bool active;
static struct termios saved_termios;
static bool have_saved_termios;
static bool atexit_done;
static int n_colors;
static short pair_of[256][256]; /* 0 = not made yet (pair 0 is the default) */
static int next_pair = 1;

bool term_is_open(void)
{
    return active;
}

/* No XON/XOFF: Ctrl-S would freeze the lab's output until Ctrl-Q.  (Not
 * raw(): that would also turn Ctrl-C into a key instead of SIGINT.)  The
 * mode is saved as curses' program mode so a refresh never restores it. */
static void no_flow_control(void)
{
    struct termios t;
    if (tcgetattr(STDIN_FILENO, &t) == 0) {
        t.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
        tcsetattr(STDIN_FILENO, TCSANOW, &t);
        def_prog_mode();
    }
}

/* The wake pipe: a background job that ends writes a byte to it, so the
 * main loop waiting for a key returns at once instead of at its next
 * timeout (up to 100 ms later, on every job a comparison or a run chains). */
static int wake_fd[2] = { -1, -1 };

static void wake_pipe_open(void)
{
    if (wake_fd[0] >= 0 || pipe(wake_fd) < 0)
        return;
    for (int i = 0; i < 2; i++) {
        fcntl(wake_fd[i], F_SETFL, fcntl(wake_fd[i], F_GETFL) | O_NONBLOCK);
        fcntl(wake_fd[i], F_SETFD, FD_CLOEXEC);
    }
}

void term_wake(void)
{
    if (wake_fd[1] >= 0) {
        char b = 1;
        ssize_t n = write(wake_fd[1], &b, 1); /* a full pipe is already a wake-up */
        (void)n;
    }
}

int term_open(bool *color, Error *err)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return error_set(err, ERR_USAGE, "the lab needs a terminal (try `mllab list` or `mllab run`)");
    const char *term = getenv("TERM");
    if (!term || !*term || strcmp(term, "dumb") == 0) /* before curses writes anything */
        return error_set(err, ERR_DATA, "the lab needs a terminal that can draw (TERM=%s); use "
                                        "the CLI: mllab run ...", term && *term ? term : "unset");
    if (tcgetattr(STDIN_FILENO, &saved_termios) == 0)
        have_saved_termios = true;
    wake_pipe_open();
    screen = newterm(NULL, stdout, stdin);
    if (!screen)
        return error_set(err, ERR_IO, "cannot open the terminal (TERM=%s)", term);
    const char *cup = tigetstr("cup");
    if (!cup || cup == (char *)-1) { /* no cursor addressing: nothing can be drawn */
        endwin();
        delscreen(screen);
        screen = NULL;
        return error_set(err, ERR_DATA, "the lab needs a terminal that can draw (TERM=%s); use "
                                        "the CLI: mllab run ...", term);
    }
    set_term(screen);
    active = true;
    if (!atexit_done) {
        atexit(term_close);
        atexit_done = true;
    }
    cbreak();
    noecho();
    nonl();
    no_flow_control();
    keypad(stdscr, TRUE);
    intrflush(stdscr, FALSE);
    /* How long a lone Esc waits for the rest of a sequence.  Over a slow
     * link (SSH) an arrow key's or a mouse report's prefix can arrive in
     * pieces; read apart, its tail would act as keys.  100 ms, like vim's
     * ttimeoutlen; the ESCDELAY variable overrides it.  (Once a mouse
     * report's ESC [ M is read, curses waits for its three bytes however
     * late they come.  The tests' mouse reports that came out as keys,
     * "O" resampling, had lost their last byte in tmux, not in time: see
     * tests/e2e_lib.sh, mouse_report.) */
    if (!getenv("ESCDELAY"))
        set_escdelay(100);
    curs_set(0);
    leaveok(stdscr, TRUE);
    mouse_enable();
    n_colors = 0;
    if (*color && has_colors() && start_color() == OK) {
        use_default_colors();
        n_colors = COLORS;
    } else {
        *color = false;
    }
    memset(pair_of, 0, sizeof pair_of);
    next_pair = 1;
    return 0;
}

void term_close(void)
{
    if (!active)
        return;
    active = false;
    endwin();
    fflush(stdout);
    if (screen) {
        delscreen(screen);
        screen = NULL;
    }
}

/* Practice screen (issue 9): the editor runs between these two. */
void term_suspend(void)
{
    if (!active)
        return;
    def_prog_mode(); /* the lab's modes, Ctrl-S fix included */
    endwin();        /* the shell's modes, the normal screen */
    fflush(stdout);
}

void term_resume(void)
{
    if (!active)
        return;
    reset_prog_mode();
    keypad(stdscr, TRUE);
    curs_set(0);
    clearok(curscr, TRUE); /* the editor drew over everything */
    refresh();
}

void term_emergency_restore(void)
{
    static const char seq[] = "\033[0m\033[?25h\033[?1049l\r\n";
    if (have_saved_termios)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
    ssize_t n = write(STDOUT_FILENO, seq, sizeof seq - 1);
    (void)n;
}

void term_size(int *w, int *h)
{
    getmaxyx(stdscr, *h, *w);
}

/* Wait up to timeout_ms (< 0: without limit) for input on the terminal or
 * a wake-up; true when the terminal has input (or the wait cannot tell:
 * curses then decides). */
static bool wait_input(int timeout_ms)
{
    if (wake_fd[0] < 0)
        return true;
    struct pollfd fds[2] = { { STDIN_FILENO, POLLIN, 0 }, { wake_fd[0], POLLIN, 0 } };
    int r = poll(fds, 2, timeout_ms);
    if (r < 0)
        return errno != EINTR; /* a signal (a resize): curses reports it at once */
    if (fds[1].revents & POLLIN) {
        char buf[64];
        while (read(wake_fd[0], buf, sizeof buf) > 0)
            ;
    }
    return r > 0 && fds[0].revents != 0;
}

/* A key already read by curses (the rest of a burst) comes first; else wait
 * for the terminal or a wake-up, then read what the terminal sent (curses
 * still waits ESCDELAY for the rest of an escape sequence). */
static int read_wch(int timeout_ms, wint_t *wch)
{
    wtimeout(stdscr, 0);
    int r = wget_wch(stdscr, wch);
    if (r != ERR || timeout_ms == 0)
        return r;
    if (!wait_input(timeout_ms))
        return ERR;
    wtimeout(stdscr, wake_fd[0] >= 0 ? 0 : timeout_ms);
    return wget_wch(stdscr, wch);
}

int term_read_key(int timeout_ms)
{
    wint_t wch;
    int r = read_wch(timeout_ms, &wch);
    if (r == ERR)
        return TK_NONE;
    if (r == KEY_CODE_YES) {
        switch (wch) {
        case KEY_UP: return TK_UP;
        case KEY_DOWN: return TK_DOWN;
        case KEY_LEFT: return TK_LEFT;
        case KEY_RIGHT: return TK_RIGHT;
        case KEY_PPAGE: return TK_PGUP;
        case KEY_NPAGE: return TK_PGDN;
        case KEY_HOME: return TK_HOME;
        case KEY_END: return TK_END;
        case KEY_ENTER: return TK_ENTER;
        case KEY_BACKSPACE: return TK_BACKSPACE;
        case KEY_DC: return TK_DELETE;
        case KEY_BTAB: return TK_BTAB;
        case KEY_RESIZE: return TK_RESIZE;
        case KEY_F(1): return TK_F1;
        case KEY_MOUSE: {
            int mx, my;
            return mouse_read(&mx, &my);
        }
        default: return TK_NONE;
        }
    }
    switch (wch) {
    case '\n': case '\r': return TK_ENTER;
    case 27: return TK_ESC;
    case 127: case 8: return TK_BACKSPACE;
    case '\t': return TK_TAB;
    default: return (int)wch;
    }
}

/* The colour pair for palette indices (fg, bg), made on first use. */
static short pair_for(int fg, int bg)
{
    if (fg == 0 && bg == 0)
        return 0;
    short *slot = &pair_of[fg & 255][bg & 255];
    if (*slot)
        return *slot;
    if (next_pair >= COLOR_PAIRS || next_pair > 32767)
        return 0;
    short p = (short)next_pair++;
    init_pair(p, (short)theme_color(fg, false, n_colors), (short)theme_color(bg, true, n_colors));
    *slot = p;
    return p;
}

/* The curses attributes of a cell's CANVAS_ATTR_* flags. */
static attr_t cell_attrs(const CanvasCell *cell)
{
    attr_t attrs = 0;
    if (cell->attr & CANVAS_ATTR_BOLD) attrs |= A_BOLD;
    if (cell->attr & CANVAS_ATTR_REVERSE) attrs |= A_REVERSE;
    if (cell->attr & CANVAS_ATTR_UNDERLINE) attrs |= A_UNDERLINE;
    if (cell->attr & CANVAS_ATTR_DIM) attrs |= A_DIM;
    return attrs;
}

void term_blit(const Canvas *c, bool color)
{
    int h, w;
    getmaxyx(stdscr, h, w);
    bool rich = color && n_colors >= 256;
    for (int y = 0; y < c->h && y < h; y++) {
        for (int x = 0; x < c->w && x < w; x++) {
            const CanvasCell *cell = &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
            if (cell->ch == 0)
                continue; /* right half of a wide character */
            /* (text is escaped by canvas_text; a control in a cell set by
             * other means still never reaches the terminal) */
            uint32_t ch = str_hidden_cp(cell->ch) ? '?' : cell->ch;
            int fg = cell->fg, bg = cell->bg;
            attr_t attrs = cell_attrs(cell);
            if ((cell->attr & CANVAS_ATTR_REGION) && !rich) {
                /* No dark tints to shade with: mark the region lightly. */
                if (ch == ' ' && bg > 0)
                    ch = theme_region_mark(bg - 1, c->ascii);
                if (ch != cell->ch) {
                    fg = bg;
                    attrs |= A_DIM;
                }
                bg = 0;
            }
            if (!color && fg == CANVAS_COLOR_DIM)
                attrs |= A_DIM;
            short pair = color ? pair_for(fg, bg) : 0;
            wchar_t wc[2] = { (wchar_t)ch, 0 };
            cchar_t cc;
            setcchar(&cc, wc, attrs, pair, NULL);
            mvadd_wch(y, x, &cc);
        }
    }
    wnoutrefresh(stdscr);
    doupdate();
}
