#!/bin/sh
# e2e_practice_tui.sh - practice mode in the lab (issue 9), driven in tmux.
#
# The whole flow at 120x40: Home lists `p practice` and the card of linreg
# says "practise this"; the Practice screen lists every exercise of the
# bank with its status; `e` on Home opens linreg_closed_form; `l` switches
# the signature to Python and back; `t` before any file says so; `e` runs a
# scripted $EDITOR (it copies the reference solution over the learner's
# file, made from the starter first) and the lab comes back whole, Ctrl-S
# not freezing it; `t` shows every test pass and the progress store says
# solved; `h` reveals a hint (recorded); `s` asks before showing the
# solution (n keeps it hidden, y shows it); interview mode (`i`) counts down
# from a short $MLLAB_INTERVIEW_MINUTES, counts hints, refuses the solution
# and ends with a summary when the time is up.  In Python too when python3
# has numpy.  A check of an endless loop is stopped by leaving the screen
# and by quitting (no program left running, nothing recorded).  At 80x24:
# the list, an exercise, its footer and the interview dialog.  The footer
# or the `?` help of every binding table lists each of its keys.
#
# Needs $MLLAB, MLLAB_DATA_DIR, MLLAB_DOCS_DIR, MLLAB_EXERCISES_DIR (make
# check sets them).  Skipped (77) without tmux.  Everything it writes is in
# a mktemp folder ($XDG_DATA_HOME and $TMPDIR point there).
#
# Robust to a loaded machine: one tmux server, polled waits (e2e_lib.sh).
set -u
. "$(dirname "$0")/e2e_lib.sh"
e2e_setup e2e_practice_tui
: "${MLLAB_DATA_DIR:?}" "${MLLAB_DOCS_DIR:?}" "${MLLAB_EXERCISES_DIR:?}"
XDG_DATA_HOME=$tmp/xdg
export XDG_DATA_HOME MLLAB_EXERCISES_DIR
tmux_setup
mkdir -p "$tmp/t"
work=$XDG_DATA_HOME/mllab/practice

# The scripted editor: the reference solution over the learner's file
# (NAME/solution.EXT), and a note that it ran.
cat > "$tmp/editor.sh" <<EOF
#!/bin/sh
name=\$(basename "\$(dirname "\$1")")
ext=\${1##*.}
cp "$MLLAB_EXERCISES_DIR/\$name/solution.\$ext" "\$1" && echo "\$1" >> "$tmp/edited"
EOF
chmod +x "$tmp/editor.sh"

# start [--size WxH] INTERVIEW ARGS... : the lab with the scripted editor
# (no $VISUAL), its temporary files in $tmp/t and an interview of INTERVIEW
# ($MLLAB_INTERVIEW_MINUTES).
start() {
    size=120x40
    if [ "${1-}" = "--size" ]; then size=$2; shift 2; fi
    minutes=$1
    shift
    lab_start --size "$size" --unset VISUAL --env "XDG_DATA_HOME='$XDG_DATA_HOME' \
EDITOR='$tmp/editor.sh' TMPDIR='$tmp/t' MLLAB_INTERVIEW_MINUTES='$minutes'" "$@"
}

# learner_programs : the sandboxed programs still running (their folders
# are under our $TMPDIR).
learner_programs() {
    pgrep -f -- "$tmp/t/mllab-practice" 2>/dev/null
}

learner_gone() {
    ! learner_programs >/dev/null
}

progress_of() {
    grep "^$1 " "$work/progress.txt" 2>/dev/null
}

# selected_files : the folder of the exercise selected in the list.
selected_files() {
    screen | sed -n 's/.*your files: \([^ ]*\).*/\1/p' | head -n 1
}

selection_moved_from() {
    [ "$(selected_files)" != "$1" ]
}

# open_exercise NAME : from Home, the Practice list, down to NAME, Enter; the
# status of the wait for its screen.
open_exercise() {
    keys p
    wait_for 'Practice: ' 30
    keys Home
    for i in $(seq "$n_bank"); do
        wait_for 'your files: ' 30
        was=$(selected_files)
        case $was in */"$1"/*) break ;; esac
        keys Down
        poll 30 selection_moved_from "$was"
    done
    keys Enter
    wait_for "^ $1: " 30
}

n_bank=$(MLLAB_EXERCISES_DIR=$MLLAB_EXERCISES_DIR "$MLLAB" practice list --format json |
    grep -c '"name"')
first=$("$MLLAB" practice list | sed -n '2s/ .*//p')
last=$("$MLLAB" practice list | sed -n '$s/ .*//p')
# The interview's length: 15 s (longer in the sanitizer stage or under E2E_SLOW), as the setup shows it.
iv=$((15 * SLOW))
iv_clock=$(printf '%02d:%02d' $((iv / 60)) $((iv % 60)))
file=$work/linreg_closed_form/solution.c
solution=$MLLAB_EXERCISES_DIR/linreg_closed_form/solution.c

# ---- 0. mllab info NAME names the exercise on it -------------------------------------
"$MLLAB" info kmeans | grep -qx 'Practise this: mllab practice start kmeans' ||
    fail "mllab info kmeans has no 'Practise this' line"

# ---- 1. Home: p practice; the card of linreg says "practise this" -----------------
start "${iv}s"
if wait_for 'Algorithms' 30; then
    wait_for 'practise this \(linreg_closed_form\)' 30 ||
        fail "home: the card of linreg does not say 'practise this'"
    footer_has home 'p practice'
    help_has home p e
else
    fail "home did not appear"
fi

# ---- 2. the list: every exercise, with its status ---------------------------------
keys p
if wait_for "Practice: $n_bank exercises?" 30; then
    screen | grep -q " $first " || fail "practice: the list lacks the first exercise, $first"
    for word in EXERCISE TOPIC LEVEL LANGUAGES STATUS new; do
        screen | grep -qF -- "$word" || fail "practice: the list lacks '$word'"
    done
    footer_has practice '↑↓ select' 'Enter open' 'Esc back'
    help_has practice '↑↓' Enter PgUp/PgDn
    keys End
    wait_for "^│ $last " 30 || fail "practice: End does not reach the last exercise, $last"
    keys Home Enter
    wait_for "^ $first: " 30 || fail "practice: Enter does not open $first"
    keys Escape
    wait_for 'Practice: [0-9]+ exercise' 30 || fail "practice: Esc does not go back to the list"
    keys Escape
    wait_for 'Algorithms' 30 || fail "practice: Esc does not go back to Home"
else
    fail "p does not open the Practice screen with $n_bank exercises"
fi

# ---- 3. practise this; the language; t before a file ---------------------------------
keys e
if wait_for '^ linreg_closed_form: ' 30; then
    wait_for 'Your signature \(C' 30 || fail "exercise: no C signature"
    keys l
    wait_for 'Your signature \(Python' 30 || fail "exercise: l does not switch to Python"
    keys l
    wait_for 'Your signature \(C' 30 || fail "exercise: l does not switch back to C"
    footer_has exercise 'e edit' 't test' 'h hint' 's solution' 'i interview'
    help_has exercise e t h s i l Tab '↑↓' Esc
    keys t
    wait_for 'no file yet' 30 || fail "exercise: t without a file does not say so"
else
    fail "e on Home does not open linreg_closed_form"
fi

# ---- 4. e: the scripted editor, the lab restored ---------------------------------------
keys e
if wait_for 'back from the editor' 30; then
    cmp -s "$file" "$solution" || fail "edit: the learner's file is not the editor's"
    grep -q "$file" "$tmp/edited" 2>/dev/null || fail "edit: \$EDITOR did not get the file"
    wait_for '^ mllab › Home › Practice' 30 || fail "edit: the lab did not come back"
    # Ctrl-S after the editor still does not freeze the lab.
    keys C-s
    keys 3
    wait_for '─ Hints ─' 30 || fail "edit: after the editor and Ctrl-S, keys no longer work"
else
    fail "e did not run the editor"
fi

# ---- 5. t: every test passes, recorded -------------------------------------------------
keys t
if wait_for '([0-9]+) of \1 tests passed: solved' 120; then
    wait_for 'PASS +reference_toy' 10 || fail "tests: no PASS line for reference_toy"
    screen | grep -q 'FAIL ' && fail "tests: a test failed with the reference solution"
    progress_of linreg_closed_form | grep -q 'status=solved' ||
        fail "tests: the progress store does not say solved ($(progress_of linreg_closed_form))"
else
    fail "t did not show every test passing"
fi

# ---- 6. hints and the solution behind a question ------------------------------------------
keys h
wait_for 'Hint 1' 30 || fail "h shows no hint"
progress_of linreg_closed_form | grep -q 'hints=1' || fail "h: the hint is not recorded"
keys s
if wait_for 'Show the reference solution\? y/n' 30; then
    footer_has confirm 'y show it' 'n keep it hidden'
    help_has confirm y n
    keys n
    wait_gone 'Show the reference solution' 30 || fail "n does not close the question"
    screen | grep -q 'Reference solution (C)' && fail "n showed the solution"
    keys s
    wait_for 'Show the reference solution\? y/n' 30
    keys y
    wait_for 'Reference solution \(C\)' 30 || fail "y does not show the solution"
else
    fail "s does not ask before showing the solution"
fi

# ---- 7. interview mode: the countdown expires -----------------------------------------------
keys i
if wait_for "Interview: $iv_clock on the clock" 30; then
    footer_has setup 'Enter start' '+/- 5 minutes' 'Esc cancel'
    help_has setup Enter +/- Esc
    keys Enter
    wait_for 'left · hints used: 0' 30 || fail "interview: no countdown"
    footer_has interview 'i end interview' 's no solution'
    keys s
    wait_for 'disabled during an interview' 30 || fail "interview: s does not say the solution is off"
    screen | grep -q 'Reference solution (C)' && fail "interview: the solution is still shown"
    keys h
    wait_for 'hints used: 1' 30 || fail "interview: the hint is not counted"
    if wait_for 'Interview over: time is up' 90; then
        wait_for 'tests passed: ([0-9]+) of \1' 120 || fail "interview: the summary has no final check"
        screen | grep -q 'hints used: 1 of' || fail "interview: the summary has no hints used"
        screen | grep -q "time taken: $iv_clock of $iv_clock" || fail "interview: the summary has no time taken"
        footer_has summary 'Enter close'
        help_has summary Enter
        keys Enter
        wait_gone 'Interview over' 30 || fail "interview: Enter does not close the summary"
    else
        fail "interview: the countdown did not expire"
    fi
else
    fail "i does not offer an interview of $iv s (MLLAB_INTERVIEW_MINUTES=${iv}s)"
fi
keys i
wait_for 'on the clock' 30 && keys + Enter
wait_for '0[5-9]:[0-9][0-9] left · hints used: 0' 30 || fail "interview: + did not make it 5 minutes longer"
help_has interview e t h i s l Tab '↑↓' Esc
keys i
wait_for 'Interview over: ended early' 30 || fail "interview: i does not end it"
keys Escape
quit_and_check "the whole flow"

# ---- 8. Python, when python3 has numpy ------------------------------------------------------
if "$MLLAB" practice check linreg_closed_form --file "$MLLAB_EXERCISES_DIR/linreg_closed_form/solution.py" >/dev/null 2>&1; then
    start 45
    wait_for 'Algorithms' 30
    keys e
    wait_for '^ linreg_closed_form: ' 30
    keys l
    wait_for 'Your signature \(Python' 30 || fail "python: l does not switch to Python"
    keys e
    wait_for 'back from the editor' 30 || fail "python: e did not run the editor"
    cmp -s "$work/linreg_closed_form/solution.py" \
        "$MLLAB_EXERCISES_DIR/linreg_closed_form/solution.py" || fail "python: the file is not the editor's"
    keys t
    wait_for '([0-9]+) of \1 tests passed: solved' 120 || fail "python: t did not pass every test"
    quit_and_check python
else
    echo "SKIP (python): python3 with numpy is not available"
fi

# ---- 9. a check of an endless loop is stopped: leaving the screen, quitting -------------------
mkdir -p "$work/kmeans"
cat > "$work/kmeans/solution.c" <<'EOF'
void kmeans_lloyd(const double *X, int n, int d, int k, double *centroids, int *labels,
                  int max_iter)
{
    (void)X, (void)n, (void)d, (void)k, (void)centroids, (void)labels, (void)max_iter;
    for (volatile int spin = 1; spin;)
        ;
}
EOF
# stop_check HOW KEYS... : start a check of kmeans, then leave with KEYS.
stop_check() {
    how=$1
    shift
    start 45
    wait_for 'Algorithms' 30
    open_exercise kmeans
    keys t
    wait_for 'testing' 30 || fail "$how: t did not start a check"
    keys "$@"
}
stop_check "Esc" Escape Escape
if wait_for 'Algorithms' 30; then
    poll 30 learner_gone
    learner_programs >/dev/null && fail "Esc: the learner's program still runs after leaving"
    progress_of kmeans | grep -q . && fail "Esc: a stopped check was recorded ($(progress_of kmeans))"
    # Back on kmeans, its tests view says the check was stopped (a check
    # left running would show its results or its progress instead).
    keys p
    wait_for 'your files: .*/kmeans/' 30 && keys Enter
    wait_for '^ kmeans: ' 30 || fail "Esc: p and Enter do not go back to kmeans"
    keys 2
    wait_for 'stopped before the end' 30 || fail "Esc: the check was not stopped"
else
    fail "Esc Esc did not go back to Home during a check"
fi
quit_and_check "after Esc"
stop_check "q" q
lab_exit_ok "q during a check"
learner_programs >/dev/null && fail "q: the learner's program still runs after quitting"
progress_of kmeans | grep -q . && fail "q: a stopped check was recorded ($(progress_of kmeans))"

# ---- 9b. step yours: y opens the run screen with the learner's kmeans ---------------------------
cp "$MLLAB_EXERCISES_DIR/kmeans/solution.c" "$work/kmeans/solution.c"
start 45
wait_for 'Algorithms' 30
if open_exercise kmeans; then
    keys y
    wait_for 'k-means clustering \(yours\)' 60 || fail "y does not open the run screen on your kmeans"
    keys ' '
    wait_for 'YOURS: iteration 1' 60 || fail "Space does not step your kmeans"
else
    fail "step yours: Enter does not open kmeans"
fi
quit_and_check "step yours"

# ---- 10. 80x24 ---------------------------------------------------------------------------------
start --size 80x24 45
if wait_for 'Algorithms' 30; then
    footer_has home80 'p practice'
    keys p
    wait_for 'Practice: [0-9]+ exercise' 30 || fail "80x24: p does not open Practice"
    footer_has practice80 'Enter open'
    keys Enter
    if wait_for "^ $first: " 30; then
        footer_has exercise80 'e edit' 't test' 'h hint' 's solution'
        wait_for 'Your signature' 30 || fail "80x24: no signature in the statement"
        keys i
        wait_for '│ Enter start   \+/- 5 minutes   Esc cancel +│' 30 || fail "80x24: the interview dialog does not fit"
        keys Escape
        keys 2
        wait_for '─ Tests ─' 30 || fail "80x24: 2 does not show the tests view"
    else
        fail "80x24: Enter does not open $first"
    fi
else
    fail "80x24: home did not appear"
fi
quit_and_check 80x24

e2e_finish
