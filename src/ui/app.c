/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The UI core: the loop, the screen stack, the frame (title, message and
 * status lines), resize, redraw, language, help. */
#include <config.h>

#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "core/keys.h"
#include "core/memberkey.h"
#include "text/bidi.h"
#include "text/clean.h"
#include "text/width.h"
#include "text/wrap.h"
#include "ui/ui.h"
#include "util/i18n.h"

#define STACK_MAX 16
#define UI_KEY_PASTE_START (KEY_MAX + 4)
/* Unicode's first-strong isolate and its end: a field of data laid out
 * on its own, whatever it holds. */
#define FSI "\xE2\x81\xA8"
#define PDI "\xE2\x81\xA9"
#define MIN_COLS 80
#define MIN_ROWS 24

struct frame {
	const struct screen *screen;
	void *priv;
};

static struct frame stack[STACK_MAX];
static size_t depth;

/* gettext caches translations; this counter tells it the language
 * changed (documented in GNU gettext's manual). */
extern int _nl_msg_cat_cntr;

/* mlterm, which reorders and shapes by itself and ignores BDSM. */
static bool
is_mlterm(void)
{
	const char *term = getenv("TERM");

	return getenv("MLTERM") != NULL ||
	    (term != NULL && strncmp(term, "mlterm", 6) == 0);
}

/* seq to the terminal; inside tmux, through its passthrough. */
static void
to_terminal(const char *seq)
{
	const char *tmux = getenv("TMUX");

	if (tmux != NULL && *tmux != '\0') {
		fputs("\033Ptmux;", stdout);
		for (; *seq != '\0'; seq++) {
			if (*seq == '\033')
				fputc('\033', stdout);
			fputc(*seq, stdout);
		}
		fputs("\033\\", stdout);
	} else
		fputs(seq, stdout);
}

/*
 * The terminal's own bidi off (explicit mode, ECMA-48 BDSM reset, and
 * left-to-right presentation) while we draw reordered text; back to its
 * defaults on exit and suspend.  VTE honours BDSM; mlterm does not, and
 * is told by its configuration protocol (OSC 5379) to stop its complex
 * text layout, which is its bidi and shaping, and to take it back after.
 * Konsole has no such means: reordering_terminal() says what to do.
 */
static void
terminal_bidi(bool ours)
{
	/* Bracketed paste on while the interface runs. */
	fputs(ours ? "\033[?2004h" : "\033[?2004l", stdout);
	if (ui_draw_mode() == TEXT_MODE_APP) {
		to_terminal(ours ? "\033[8l\033[1 k" : "\033[8h\033[0 k");
		if (is_mlterm())
			to_terminal(ours ? "\033]5379;use_ctl=false\007" :
			    "\033]5379;use_ctl=true\007");
	}
	fflush(stdout);
}

/*
 * The sequences terminals send for the editing keys, whatever TERM says:
 * xterm's (ESC O H), the VT220's and the Linux console's (ESC [ 1 ~),
 * rxvt's (ESC [ 7 ~).  A terminal that sends another than its terminfo
 * entry (tmux under TERM=xterm, a vt100 entry on a PC keyboard) still
 * moves instead of reporting an unknown key.
 */
static void
common_keys(void)
{
	static const struct {
		const char *seq;
		int key;
	} keys[] = {
		{ "\033[H", KEY_HOME }, { "\033OH", KEY_HOME },
		{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME },
		{ "\033[F", KEY_END }, { "\033OF", KEY_END },
		{ "\033[4~", KEY_END }, { "\033[8~", KEY_END },
		{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE },
		{ "\033[3~", KEY_DC }, { "\033[2~", KEY_IC },
		{ "\033[A", KEY_UP }, { "\033[B", KEY_DOWN },
		{ "\033[C", KEY_RIGHT }, { "\033[D", KEY_LEFT },
		{ "\033OA", KEY_UP }, { "\033OB", KEY_DOWN },
		{ "\033OC", KEY_RIGHT }, { "\033OD", KEY_LEFT },
		{ "\033[Z", KEY_BTAB },
		/* Ctrl with an arrow: a word at a time in the fields. */
		{ "\033[1;5D", UI_KEY_WORD_LEFT }, { "\033[1;5C", UI_KEY_WORD_RIGHT },
		{ "\033[5D", UI_KEY_WORD_LEFT }, { "\033[5C", UI_KEY_WORD_RIGHT },
		/* Bracketed paste (xterm's mode 2004): a paste is one edit. */
		{ "\033[200~", UI_KEY_PASTE_START }, { "\033[201~", UI_KEY_PASTE_END },
	};
	size_t i;

	/* Ours win: terminfo's own code for Ctrl-Left (kLFT5) has no name
	 * a screen could test. */
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (key_defined(keys[i].seq) == 0 || keys[i].key > KEY_MAX)
			define_key(keys[i].seq, keys[i].key);
}

/*
 * Terminals that reorder right-to-left text themselves, known by what
 * they set: mlterm (which ignores the request to stop), VTE (GNOME
 * Terminal and others), Konsole.  In the default mode the text would be
 * reordered twice: say at once which option to use.
 */
/*
 * Konsole reorders lines by itself and no sequence turns that off: say at
 * start what to do, since Arabic would read backwards.  (mlterm and VTE
 * are switched off by terminal_bidi().)
 */
static void
reordering_terminal(struct ui *ui)
{
	if (ui_draw_mode() != TEXT_MODE_APP ||
	    getenv("KONSOLE_VERSION") == NULL)
		return;
	ui_say(ui, false, _("Konsole reorders Arabic itself: turn off its "
	    "bidirectional rendering (profile, Advanced) or start mudawala "
	    "with --bidi terminal."));
}

static void
end_curses(void)
{
	if (!isendwin())
		endwin();
	terminal_bidi(false);
}

void
ui_leave_screen(void)
{
	def_prog_mode();
	end_curses();
}

void
ui_take_screen(void)
{
	terminal_bidi(true);
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
}

/* Ctrl-Z: leave the terminal as we found it, and take it back after. */
static void
on_suspend(int sig)
{
	sigset_t set;

	(void)sig;
	endwin();
	terminal_bidi(false);
	signal(SIGTSTP, SIG_DFL);
	/* The handler runs with SIGTSTP blocked: let this one through. */
	sigemptyset(&set);
	sigaddset(&set, SIGTSTP);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(SIGTSTP);
	/* Resumed. */
	signal(SIGTSTP, on_suspend);
	terminal_bidi(true);
	refresh();
}

/*
 * The terminal closed (SIGHUP), the system ending the session (SIGTERM),
 * Ctrl-C (SIGINT): the loop ends as if the person had quit, so that the
 * copies of documents given to viewers are removed and the terminal is
 * left as it was.  get_wch wakes within a second at most (its timeout),
 * at once when the signal interrupts it.
 */
static volatile sig_atomic_t ending_signal;

static void
on_end(int sig)
{
	ending_signal = sig;
}

int
ui_read_key(wint_t *ch)
{
	int rc = get_wch(ch);

	if (ending_signal == 0)
		return rc;
	*ch = 27;
	return OK;
}

static void
catch_ending_signals(void)
{
	static const int sigs[] = { SIGHUP, SIGTERM, SIGINT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_end;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigaction(sigs[i], &sa, NULL);
}

attr_t
ui_attr(const struct ui *ui, enum ui_attr a)
{
	static const attr_t mono[] = {
		[UI_NORMAL] = A_NORMAL, [UI_TITLE] = A_REVERSE,
		[UI_SELECTED] = A_REVERSE, [UI_ERROR] = A_BOLD,
		[UI_OK] = A_NORMAL, [UI_DIM] = A_DIM, [UI_BEST] = A_BOLD,
		[UI_MARKED] = A_BOLD, [UI_HEADER] = A_BOLD | A_UNDERLINE,
	};

	if (!ui->color || a == UI_NORMAL)
		return mono[a];
	switch (a) {
	case UI_SELECTED:
		/* Colour alone: a terminal that erases in the background
		 * colour (bce) then draws the bar's blanks with one erase. */
		return COLOR_PAIR(UI_SELECTED);
	case UI_HEADER:
		return COLOR_PAIR(UI_HEADER) | A_BOLD;
	case UI_BEST:
		return COLOR_PAIR(UI_BEST) | A_BOLD;
	case UI_DIM:
		return A_DIM;
	default:
		return COLOR_PAIR(a);
	}
}

static void
start_colors(struct ui *ui)
{
	const char *no = getenv("NO_COLOR");

	ui->color = has_colors() && (no == NULL || *no == '\0');
	if (!ui->color)
		return;
	start_color();
	use_default_colors();
	init_pair(UI_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(UI_SELECTED, COLOR_BLACK, COLOR_CYAN);
	init_pair(UI_ERROR, COLOR_RED, -1);
	init_pair(UI_OK, COLOR_GREEN, -1);
	init_pair(UI_DIM, -1, -1);
	init_pair(UI_BEST, COLOR_GREEN, -1);
	init_pair(UI_MARKED, COLOR_YELLOW, -1);
	init_pair(UI_HEADER, COLOR_BLUE, -1);
}

/* A status message for stderr: without the isolates that only a bidi
 * layout reads (U+2068, U+2069), in place. */
static const char *
plain(char *s)
{
	char *r = s, *w = s;

	while (*r != '\0') {
		if ((unsigned char)r[0] == 0xE2 && (unsigned char)r[1] == 0x81 &&
		    ((unsigned char)r[2] == 0xA8 || (unsigned char)r[2] == 0xA9)) {
			r += 3;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
	return s;
}

void
ui_say(struct ui *ui, bool error, const char *fmt, ...)
{
	struct strbuf isolated = STRBUF_INIT;
	const char *p;
	va_list ap;

	/* Every string argument (a name, a title, a path) is isolated
	 * (FSI ... PDI): a French name in an Arabic sentence keeps the
	 * sentence's punctuation where it belongs. */
	for (p = fmt; *p != '\0'; p++) {
		if (p[0] == '%' && p[1] == 's') {
			strbuf_adds(&isolated, "\xE2\x81\xA8%s\xE2\x81\xA9");
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			strbuf_adds(&isolated, "%%");
			p++;
		} else
			strbuf_addc(&isolated, *p);
	}
	va_start(ap, fmt);
	vsnprintf(ui->status, sizeof ui->status, strbuf_str(&isolated), ap);
	va_end(ap);
	strbuf_free(&isolated);
	ui->status_error = error;
}

const char *
ui_pick(const struct ui *ui, const char *ar, const char *fr)
{
	if (strcmp(ui->lang, "ar") == 0)
		return ar != NULL && *ar != '\0' ? ar : fr;
	return fr != NULL && *fr != '\0' ? fr : ar;
}

const char *
ui_phase_name(const char *phase)
{
	if (strcmp(phase, "setup") == 0)
		return _("setup");
	if (strcmp(phase, "scoring") == 0)
		return _("scoring");
	if (strcmp(phase, "deliberation") == 0)
		return _("deliberation");
	if (strcmp(phase, "locked") == 0)
		return _("locked");
	return phase;
}

const char *
ui_role_name(const char *role)
{
	if (strcmp(role, "chair") == 0)
		return _("chair");
	if (strcmp(role, "expert") == 0)
		return _("invited expert (advisory)");
	return _("member");
}

const char *
ui_data_lang(const struct ui *ui)
{
	return strcmp(ui->lang, "ar") == 0 ? "ar" : "fr";
}

void
ui_reload(struct ui *ui)
{
	struct mw_error err = { 0 };

	categories_free(ui->categories, ui->ncategories);
	criteria_free(ui->criteria, ui->ncriteria);
	ui->categories = NULL;
	ui->criteria = NULL;
	ui->ncategories = ui->ncriteria = 0;
	if (edition_get_info(ui->ed, &ui->info, &err) != 0 ||
	    categories_load(ui->ed, &ui->categories, &ui->ncategories,
	    &err) != 0 ||
	    criteria_load(ui->ed, &ui->criteria, &ui->ncriteria, &err) != 0)
		ui_say(ui, true, "%s", err.msg);
}

void
ui_push(struct ui *ui, const struct screen *s, const void *arg)
{
	struct frame *f;

	if (depth == STACK_MAX)
		return;
	f = &stack[depth++];
	f->screen = s;
	f->priv = xcalloc(1, s->private_size ? s->private_size : 1);
	if (s->enter != NULL)
		s->enter(ui, f->priv, arg);
}

void
ui_pop(struct ui *ui)
{
	struct frame *f;

	if (depth == 0)
		return;
	f = &stack[--depth];
	if (f->screen->leave != NULL)
		f->screen->leave(ui, f->priv);
	free(f->priv);
	if (depth == 0)
		ui->quit = true;
}

void
ui_replace(struct ui *ui, const struct screen *s, const void *arg)
{
	struct frame *f;

	if (depth == 0) {
		ui_push(ui, s, arg);
		return;
	}
	f = &stack[depth - 1];
	if (f->screen->leave != NULL)
		f->screen->leave(ui, f->priv);
	free(f->priv);
	depth--;
	ui_push(ui, s, arg);
}

/* The screen below the help overlay, whose keys the help lists. */
const struct screen *ui_screen_below(void);
const struct screen *
ui_screen_below(void)
{
	return depth >= 2 ? stack[depth - 2].screen : NULL;
}

static const char *
language_name(const char *lang)
{
	/* TRANSLATORS: language names in the status line, each in itself. */
	if (strcmp(lang, "ar") == 0)
		return "العربية";
	if (strcmp(lang, "fr") == 0)
		return "Français";
	return "English";
}

static void
draw_frame(struct ui *ui)
{
	const struct screen *s = stack[depth - 1].screen;
	struct strbuf left = STRBUF_INIT, hints = STRBUF_INIT;
	size_t i;
	int cols = COLS;

	/* Title line: the edition, and where it is for the demo. */
	strbuf_addf(&left, " mudawala \xE2\x80\x94 " FSI "%s" PDI " (%d)",
	    ui->info.name, ui->info.year);
	if (ui->banner != NULL)
		strbuf_addf(&left, "  [%s]", ui->banner);
	ui_text(0, 0, cols, strbuf_str(&left), ui_attr(ui, UI_TITLE), false);
	strbuf_reset(&left);

	/* Message line; empty, in the terminal's own blank, which ncurses
	 * clears with one erase rather than a row of coloured spaces. */
	if (text_width(ui->status) <= (size_t)cols - 2)
		ui_text(LINES - 2, 0, cols, ui->status, ui->status[0] == '\0' ?
		    A_NORMAL : ui_attr(ui, ui->status_error ? UI_ERROR : UI_OK),
		    false);
	else {
		/* A long message takes the line above too, until the next
		 * key: never cut where its reason is. */
		struct wrapped w;
		attr_t a = ui_attr(ui, ui->status_error ? UI_ERROR : UI_OK);

		text_wrap(ui->status, (size_t)cols - 2, &w);
		ui_text(LINES - 3, 0, cols, w.n > 0 ? w.lines[0] : "", a, false);
		ui_text(LINES - 2, 0, cols, w.n > 1 ? w.lines[1] : "", a, false);
		text_wrapped_free(&w);
	}

	/* Status line: who, where, and the keys that matter here. */
	if (ui->logged_in) {
		/* The name is data: isolated (FSI ... PDI), so that neither
		 * its direction nor a control in it reorders the line. */
		char name[512];

		snprintf(name, sizeof name, FSI "%s" PDI, ui->me.name);
		/* TRANSLATORS: status line: phase, juror name, role, language. */
		strbuf_addf(&left, _(" phase: %s \xC2\xB7 %s (%s) \xC2\xB7 %s "),
		    ui_phase_name(ui->info.phase), name,
		    ui_role_name(ui->me.role), language_name(ui->lang));
	} else
		strbuf_addf(&left, _(" phase: %s \xC2\xB7 %s "),
		    ui_phase_name(ui->info.phase), language_name(ui->lang));
	/*
	 * The hints by priority: help and back first, then the screen's in
	 * the order of its key table, as many as fit beside who and where
	 * (which keeps at least half the line); the others are in the help.
	 */
	{
		int lw = (int)text_width(strbuf_str(&left)), room;

		if (lw > cols / 2)
			lw = cols / 2;
		room = cols - lw;
		/* TRANSLATORS: status line hints for the keys present
		 * everywhere. */
		strbuf_adds(&hints, _(" ? help  q back "));
		for (i = 0; i < s->nactions; i++) {
			struct strbuf one = STRBUF_INIT;

			if (s->actions[i].hint == NULL)
				continue;
			strbuf_addf(&one, " %s %s ", s->actions[i].key_label,
			    _(s->actions[i].hint));
			if ((int)(text_width(strbuf_str(&hints)) +
			    text_width(strbuf_str(&one))) <= room)
				strbuf_adds(&hints, strbuf_str(&one));
			strbuf_free(&one);
		}
		lw = cols - (int)text_width(strbuf_str(&hints));
		ui_text(LINES - 1, 0, cols, "", ui_attr(ui, UI_TITLE), false);
		ui_text(LINES - 1, 0, lw, strbuf_str(&left), ui_attr(ui, UI_TITLE),
		    false);
		ui_text(LINES - 1, lw, cols - lw, strbuf_str(&hints),
		    ui_attr(ui, UI_TITLE), true);
	}
	strbuf_free(&left);
	strbuf_free(&hints);
}

bool
ui_too_small(void)
{
	return COLS < MIN_COLS || LINES < MIN_ROWS;
}

static void
draw(struct ui *ui)
{
	struct frame *f = &stack[depth - 1];

	erase();
	if (ui_too_small()) {
		char msg[200];

		snprintf(msg, sizeof msg, _("Please enlarge the window to at least "
		    "%d\xC3\x97%d (it is %d\xC3\x97%d now)."), MIN_COLS, MIN_ROWS,
		    COLS, LINES);
		{
			struct wrapped w;
			size_t i;

			text_wrap(msg, (size_t)(COLS > 2 ? COLS - 2 : 1), &w);
			for (i = 0; i < w.n && (int)i < LINES; i++)
				ui_text(LINES / 2 - 1 + (int)i, 1, COLS - 2, w.lines[i],
				    A_BOLD, false);
			text_wrapped_free(&w);
		}
		refresh();
		return;
	}
	f->screen->draw(ui, f->priv, LINES - 3, COLS);
	draw_frame(ui);
	refresh();
}

/*
 * The screen follows the file: when another program changed it (a phase
 * set from the command line, a sheet imported), what is cached and what
 * every open screen shows is read again, and the status line says so.
 */
static void
follow_file(struct ui *ui)
{
	struct mw_error err = { 0 };
	char phase[sizeof ui->info.phase];
	bool changed;
	size_t i;

	if (db_changed_elsewhere(ui->ed, &changed, &err) != 0 || !changed)
		return;
	snprintf(phase, sizeof phase, "%s", ui->info.phase);
	ui_reload(ui);
	if (ui->logged_in) {
		struct juror me;

		/* A role or a voting right may have changed too. */
		if (juror_get(ui->ed, ui->me.id, &me, &err) == 0) {
			jurors_free_one(&ui->me);
			ui->me = me;
		}
	}
	for (i = 0; i < depth; i++)
		if (stack[i].screen->reload != NULL)
			stack[i].screen->reload(ui, stack[i].priv);
	if (strcmp(phase, ui->info.phase) != 0)
		ui_say(ui, false, _("The edition changed in another program: it "
		    "is now in phase %s."), ui_phase_name(ui->info.phase));
	else
		ui_say(ui, false, _("The edition changed in another program; "
		    "the screen shows it as it is now."));
}

void
ui_redraw(struct ui *ui)
{
	if (depth > 0)
		draw(ui);
}

static void
switch_language(struct ui *ui)
{
	static const char *const order[] = { "ar", "fr", "en" };
	size_t i;

	for (i = 0; i < 3; i++)
		if (strcmp(ui->lang, order[i]) == 0)
			break;
	snprintf(ui->lang, sizeof ui->lang, "%s", order[(i + 1) % 3]);
	setenv("LANGUAGE", ui->lang, 1);
	++_nl_msg_cat_cntr;
	ui_draw_configure(ui_draw_mode());
	clearok(curscr, TRUE);
	ui_say(ui, false, _("Language: %s"), language_name(ui->lang));
}

static bool
run_action(struct ui *ui, struct frame *f, int key)
{
	size_t i;

	for (i = 0; i < f->screen->nactions; i++) {
		const struct action *a = &f->screen->actions[i];

		if (a->key == key || (a->alt_key != 0 && a->alt_key == key)) {
			a->run(ui, f->priv);
			return true;
		}
	}
	return false;
}

static void
handle(struct ui *ui, wint_t ch, bool fn)
{
	struct frame *f = &stack[depth - 1];
	int key = (int)ch;

	if (fn && key == KEY_RESIZE)
		return;
	/* Left and Right move as they look: mirrored, the next thing is on
	 * the left. */
	if (fn && ui_mirrored() && (key == KEY_LEFT || key == KEY_RIGHT))
		key = key == KEY_LEFT ? KEY_RIGHT : KEY_LEFT;
	if (fn && key == KEY_MOUSE) {
		MEVENT ev;
		int i;

		if (getmouse(&ev) != OK)
			return;
		/* The wheel moves as the arrows do, three rows a notch. */
		if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
			for (i = 0; i < 3; i++)
				run_action(ui, f, (ev.bstate & BUTTON4_PRESSED) ?
				    KEY_UP : KEY_DOWN);
			return;
		}
		if (f->screen->click != NULL && ev.y >= 1 && ev.y < LINES - 2)
			f->screen->click(ui, f->priv, ev.y - 1,
			    ui_mirrored() ? COLS - 1 - ev.x : ev.x,
			    (ev.bstate & BUTTON1_DOUBLE_CLICKED) != 0);
		return;
	}
	if (!fn && key == 12) {                 /* Ctrl-L */
		clearok(curscr, TRUE);
		return;
	}
	if (COLS < MIN_COLS || LINES < MIN_ROWS) {
		/* No room for a question: q quits as it says, Esc does not. */
		if (!fn && key == 'q')
			ui->quit = true;
		return;
	}
	/* Fields get Left and Right as they look too: in the Arabic
	 * interface, Left moves towards the end of Arabic text. */
	if (f->screen->key != NULL && f->screen->key(ui, f->priv,
	    fn ? (wint_t)key : ch, fn))
		return;
	if (run_action(ui, f, key))
		return;
	if ((!fn && key == '?') || (fn && key == KEY_F(1))) {
		if (f->screen != &screen_help)
			ui_push(ui, &screen_help, NULL);
	} else if ((!fn && key == 'L') || (fn && key == KEY_F(2)))
		switch_language(ui);
	else if (!fn && (key == 'q' || key == 27) && depth > 1)
		ui_pop(ui);
	else if (!fn && key == 27)
		/* Esc goes back, and never quits. */
		ui_say(ui, false, _("This is the first screen: q quits."));
	else if (!fn && key == 'q') {
		if (ui_confirm(ui, _("Quit mudawala? (y/n)")))
			ui_pop(ui);
	} else
		ui_say(ui, false, _("Unknown key: ? lists the keys of this "
		    "screen."));
}

/*
 * Esc followed at once by more input is not the Esc key: it is Alt with
 * a key, or a function key the terminal description does not know (a
 * vt100's PgUp).  Read what came with it and report it as one unknown
 * key, so that none of it quits or lands in a field.
 */
static bool
escape_sequence(void)
{
	bool more = false;
	wint_t ch;
	int rc;

	nodelay(stdscr, TRUE);
	rc = get_wch(&ch);
	if (rc == OK && ch == 27)
		/* Esc Esc, typed fast or sent at once: two Esc keys. */
		unget_wch(ch);
	else if (rc != ERR) {
		more = true;
		while (get_wch(&ch) != ERR)
			;
	}
	nodelay(stdscr, FALSE);
	return more;
}

/*
 * A bracketed paste: its text goes to the screen's field as typed, with
 * line breaks and tabs as spaces (a field holds one paragraph), and
 * nothing of it runs a command; then the field hears that the paste is
 * complete (UI_KEY_PASTE_END), once.
 */
static void
paste(struct ui *ui)
{
	struct frame *f = &stack[depth - 1];
	wint_t ch;
	int rc, idle = 0;

	ui->pasting = true;
	for (;;) {
		rc = get_wch(&ch);
		/* A paste whose end never comes (a broken terminal) ends
		 * after a few quiet seconds, or at once when the program is
		 * told to end. */
		if (ending_signal != 0)
			break;
		if (rc == ERR) {
			if (++idle > 3)
				break;
			continue;
		}
		idle = 0;
		if (rc == KEY_CODE_YES && ch == UI_KEY_PASTE_END)
			break;
		if (rc == KEY_CODE_YES)
			continue;
		if (ch == '\r' || ch == '\n' || ch == '\t')
			ch = ' ';
		if (f->screen->key != NULL)
			f->screen->key(ui, f->priv, ch, false);
	}
	ui->pasting = false;
	if (f->screen->key != NULL)
		f->screen->key(ui, f->priv, UI_KEY_PASTE_END, true);
}

bool
ui_login(struct ui *ui, const char *juror, const char *passphrase)
{
	struct mw_error err = { 0 };
	struct secret_key *key;
	char path[4096];

	if (ui->key_path != NULL)
		snprintf(path, sizeof path, "%s", ui->key_path);
	else
		key_default_path(ui->edition_path, juror, path, sizeof path);
	if (key_unlock_identity(ui->ed, juror, path, passphrase, &key,
	    &err) != 0) {
		/* A short delay makes guessing slow. */
		sleep(1);
		ui_say(ui, true, "%s", err.msg);
		return false;
	}
	/* Every act of this session is signed with it. */
	db_set_signer(ui->ed, juror, key);
	key_free(key);
	if (ui->logged_in)
		jurors_free_one(&ui->me);
	if (juror_get(ui->ed, juror, &ui->me, &err) != 0) {
		ui_say(ui, true, "%s", err.msg);
		return false;
	}
	ui->logged_in = true;
	return true;
}

int
ui_run(struct edition *ed, const struct ui_start *start)
{
	struct ui ui = { .ed = ed, .banner = start->banner,
		.edition_path = start->edition_path, .key_path = start->key_path,
		.passphrase = start->passphrase };
	struct mw_error err = { 0 };
	const char *lang = getenv("LANGUAGE"), *juror = start->juror;
	size_t i;
	int status = 0;

	/* The interface language: what --lang or the environment chose. */
	if (lang == NULL || *lang == '\0')
		lang = setlocale(LC_MESSAGES, NULL);
	snprintf(ui.lang, sizeof ui.lang, "%s",
	    lang != NULL && strncmp(lang, "ar", 2) == 0 ? "ar" :
	    lang != NULL && strncmp(lang, "fr", 2) == 0 ? "fr" : "en");
	ui_reload(&ui);
	if (juror != NULL) {
		struct juror j;

		if (juror_get(ed, juror, &j, &err) != 0) {
			fprintf(stderr, "mudawala: %s\n", err.msg);
			status = 1;
			goto out;
		}
		jurors_free_one(&j);
		/* A script gave the passphrase: check it before the screen. */
		if (ui.passphrase != NULL && !ui_login(&ui, juror, ui.passphrase)) {
			fprintf(stderr, "mudawala: %s\n", plain(ui.status));
			status = 1;
			goto out;
		}
	}

	ui_draw_configure(start->bidi);
	fatal_hook = end_curses;
	terminal_bidi(true);
	signal(SIGTSTP, on_suspend);
	/* Before initscr: ncurses then leaves SIGINT and SIGTERM to us. */
	catch_ending_signals();
	initscr();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	common_keys();
	set_escdelay(25);
	curs_set(0);
	/* The cursor is hidden (fields draw their own): no need to move it
	 * back after each update. */
	leaveok(stdscr, TRUE);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED |
	    BUTTON5_PRESSED, NULL);
	start_colors(&ui);

	if (ui.logged_in)
		ui_push(&ui, &screen_browser, NULL);
	else
		ui_push(&ui, &screen_login, juror);
	reordering_terminal(&ui);
	while (!ui.quit && depth > 0 && ending_signal == 0) {
		enum db_check check = db_check_poll(ed, &err);
		wint_t ch;
		int rc;

		/* A damaged file (after an unclean shutdown, quick_check runs
		 * in the background from the start) ends the session: nothing
		 * was written to it. */
		if (check == DB_CHECK_FAILED) {
			status = 1;
			break;
		}
		if (stack[depth - 1].screen->tick != NULL)
			stack[depth - 1].screen->tick(&ui, stack[depth - 1].priv);
		draw(&ui);
		/* The file is checked once the first screen is up, so that
		 * the check does not delay it. */
		if (db_check_start(ed, &err) != 0) {
			status = 1;
			break;
		}
		/* While the file is being checked or a job computes, wake up
		 * to hear the result; else once a second, to follow changes
		 * made elsewhere. */
		timeout(check == DB_CHECK_RUNNING || ui.jobs > 0 ? 100 : 1000);
		rc = get_wch(&ch);
		if (ending_signal != 0)
			break;
		if (check != DB_CHECK_RUNNING)
			follow_file(&ui);
		if (rc == ERR)
			continue;
		/* A message lasts until the next key (a resize is not one). */
		if (!(rc == KEY_CODE_YES && ch == KEY_RESIZE))
			ui.status[0] = '\0';
		if (rc == KEY_CODE_YES && ch == UI_KEY_PASTE_START) {
			paste(&ui);
			continue;
		}
		if (rc == OK && ch == 27 && escape_sequence()) {
			ui_say(&ui, false, _("Unknown key: ? lists the keys of this "
			    "screen."));
			continue;
		}
		handle(&ui, ch, rc == KEY_CODE_YES);
	}
	while (depth > 0)
		ui_pop(&ui);
	ui_documents_cleanup();
	endwin();
	terminal_bidi(false);
	signal(SIGTSTP, SIG_DFL);
	fatal_hook = NULL;
	/* Ended by a signal: the shell's status for it. */
	if (ending_signal != 0 && status == 0)
		status = 128 + ending_signal;
	else if (status != 0)
		fprintf(stderr, "mudawala: %s\n", err.msg);
out:
	if (ui.logged_in)
		jurors_free_one(&ui.me);
	for (i = 0; i < ui.nmarked; i++)
		free(ui.marked[i]);
	categories_free(ui.categories, ui.ncategories);
	criteria_free(ui.criteria, ui.ncriteria);
	return status;
}
