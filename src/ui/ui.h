/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The terminal interface: a stack of screens, each a table of actions.
 * The UI core (app.c) owns the loop, the stack, resize, redraw and the
 * status line; each screen file defines one `const struct screen`. */
#ifndef MUDAWALA_UI_H
#define MUDAWALA_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>
#include <curses.h>

#include "core/db.h"
#include "core/dossier.h"
#include "core/scoring.h"
#include "text/bidi.h"
#include "util/strbuf.h"

struct ui;

/* One thing a person can do on a screen: its keys, its help line, and
 * what it runs.  Help and footer hints are generated from these tables. */
struct action {
	int key;                /* a character or a KEY_* code */
	int alt_key;            /* another key for the same action, or 0 */
	const char *key_label;  /* how help shows the keys, e.g. "Enter" */
	const char *help;       /* N_("Open the dossier") */
	const char *hint;       /* short label for the status line, or NULL */
	void (*run)(struct ui *ui, void *priv);
};

struct screen {
	const char *name;
	size_t private_size;
	/* Called once when pushed, with the argument given to ui_push(). */
	void (*enter)(struct ui *ui, void *priv, const void *arg);
	void (*leave)(struct ui *ui, void *priv);
	/* Draw the screen's area (rows x cols from row 1). */
	void (*draw)(struct ui *ui, void *priv, int rows, int cols);
	/* Keys before the action table (text entry); true if consumed. */
	bool (*key)(struct ui *ui, void *priv, wint_t ch, bool function_key);
	/* A click at (row, col) of the screen's area. */
	void (*click)(struct ui *ui, void *priv, int row, int col, bool twice);
	/* Read again what is shown: another program changed the file. */
	void (*reload)(struct ui *ui, void *priv);
	/* Before each drawing of the top screen: take what a job computed
	 * in the background (job.h). */
	void (*tick)(struct ui *ui, void *priv);
	const struct action *actions;
	size_t nactions;
};

#define UI_MARK_MAX 4

struct ui {
	struct edition *ed;
	struct edition_info info;
	struct juror me;                /* who is at the keyboard */
	bool logged_in;
	char lang[4];                   /* "ar", "fr" or "en" */
	struct category *categories;
	size_t ncategories;
	struct criterion *criteria;
	size_t ncriteria;
	char *marked[UI_MARK_MAX];      /* dossiers marked for comparison */
	size_t nmarked;
	char status[512];               /* the last message */
	bool status_error;
	bool color;
	bool quit;
	bool pasting;                   /* keys come from a paste */
	const char *banner;             /* e.g. where the demo file is */
	const char *edition_path;       /* to find members' secret keys */
	const char *key_path;           /* --key, or NULL */
	const char *passphrase;         /* given by file or environment */
	int jobs;                       /* computing in the background */
};

/* Colour pairs (or attributes without colour). */
enum ui_attr {
	UI_NORMAL, UI_TITLE, UI_SELECTED, UI_ERROR, UI_OK, UI_DIM, UI_BEST,
	UI_MARKED, UI_HEADER,
};
attr_t ui_attr(const struct ui *ui, enum ui_attr a);

struct ui_start {
	const char *juror;              /* NULL: ask who is at the keyboard */
	const char *banner;
	const char *edition_path;
	const char *key_path;           /* the member's secret key, or NULL */
	const char *passphrase;         /* NULL: asked on screen */
	enum text_mode bidi;            /* --bidi: app or terminal */
};

/* Run the interface on ed until the person quits.  Nobody acts before
 * their passphrase unlocked their key.  Returns the exit status. */
int ui_run(struct edition *ed, const struct ui_start *start);

/* Check juror's passphrase (unlock their key); on success ui->me is set. */
bool ui_login(struct ui *ui, const char *juror, const char *passphrase);

void ui_push(struct ui *ui, const struct screen *s, const void *arg);
void ui_pop(struct ui *ui);
/* Replace the top screen. */
void ui_replace(struct ui *ui, const struct screen *s, const void *arg);

/* Say something in the status line (printf-style; error or not). */
void ui_say(struct ui *ui, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reload what is cached of the edition (phase, categories, criteria). */
void ui_reload(struct ui *ui);

/* Localized names of data in the interface language (falling back). */
const char *ui_pick(const struct ui *ui, const char *ar, const char *fr);
/* A phase (setup, scoring, deliberation, locked) in the interface
 * language. */
const char *ui_phase_name(const char *phase);
/* A member's role (chair, member, expert) in the interface language. */
const char *ui_role_name(const char *role);

/* "ar" for Arabic, else "fr": the language in which data is shown. */
const char *ui_data_lang(const struct ui *ui);

/*
 * Draw s on one line at (y, x), fit into width columns (cut with "…",
 * padded), with attr; right-aligned if right.  Controls from data never
 * reach the terminal: they are drawn as U+FFFD or spaces.
 */
void ui_text(int y, int x, int width, const char *s, attr_t attr, bool right);

/*
 * s as an isolated run (FSI ... PDI): a field of data laid out with its
 * own direction, found from its first strong letter, whatever the text
 * around it and whatever controls it holds.  The result lasts until the
 * eighth call after.
 */
const char *ui_iso(const char *s);

/*
 * A number written as the interface's language writes it: "85.25" gives
 * "85,25" in French and in Arabic (Western digits, a decimal comma: the
 * Moroccan administration's usage), "85.25" in English.  ui_numf()
 * writes v with that many decimals (-1: as few as it needs).  Machine
 * formats never use these.  The result lasts until the eighth call
 * after.
 */
const char *ui_num(const char *s);
const char *ui_numf(int decimals, double v);

/* Whether the interface is drawn right to left (Left and Right then move
 * the other way on screen). */
bool ui_mirrored(void);

/* How ui_text() draws (draw.c): app or terminal bidi; the direction is
 * read from the catalogue again (after a change of language). */
void ui_draw_configure(enum text_mode mode);
enum text_mode ui_draw_mode(void);

/* Draw the whole screen now (a question redraws what a resize erased). */
void ui_redraw(struct ui *ui);
/* Whether the window is below the 80x24 the screens need. */
bool ui_too_small(void);

/*
 * The next key, as get_wch(): but once the program has been told to end
 * (Ctrl-C, the terminal closed, SIGTERM), Esc, so that every question and
 * every list waiting for a key is cancelled and the session ends as after
 * a quit (a closed terminal answers every read at once: a loop on ERR
 * would spin).
 */
int ui_read_key(wint_t *ch);

/* Ask a yes/no question in the status line; true for yes.  A resize
 * redraws the screen with the question still shown; a window made too
 * small to show it answers no. */
bool ui_confirm(struct ui *ui, const char *question);

/*
 * The text editor of every field (search, comments, rationales, reasons,
 * passphrases): UTF-8 in logical order in buf, a cursor (a byte offset),
 * an optional limit in characters.  ui_edit_key() applies a key and
 * returns true if it was one of the editor's: a printable character,
 * Backspace and Delete, Left/Right (by character), Ctrl-Left/Right (by
 * word), Home/End and Ctrl-A/E, Ctrl-B/F, Ctrl-U/K (cut to the start, to
 * the end), Ctrl-W (cut the word before), Ctrl-Y (paste the last cut).
 */
struct line_edit {
	char buf[4096];
	size_t len;
	size_t cursor;
	size_t limit;           /* characters; 0: as many as buf holds (a
	                         * line_edit starts zeroed: "= { 0 }") */
	char cut[1024];         /* what Ctrl-U/K/W cut, for Ctrl-Y */
};
bool ui_edit_key(struct line_edit *e, wint_t ch, bool function_key);
void ui_edit_set(struct line_edit *e, const char *s);
/* The characters in e (not bytes). */
size_t ui_edit_chars(const struct line_edit *e);

/*
 * Up (delta -1) or Down (+1) in e as ui_edit_draw() wraps it in width
 * columns: the cursor goes to the same character of the line above or
 * below.  False (nothing moved) on the first or the last line.
 */
bool ui_edit_line(struct line_edit *e, int width, int delta);

/* Codes for keys curses has no name for (defined in app.c). */
#define UI_KEY_WORD_LEFT (KEY_MAX + 1)
#define UI_KEY_WORD_RIGHT (KEY_MAX + 2)
/* A paste has ended (bracketed paste): what it typed is complete. */
#define UI_KEY_PASTE_END (KEY_MAX + 3)

/*
 * Draw e at (y, x) in a box width columns wide and up to max_lines
 * high, word-wrapped, the lines around the cursor in sight; with focus,
 * the cursor (▏) where the text is edited, and when e has a limit, how
 * much of it is used.  Returns the lines drawn.
 */
int ui_edit_draw(struct ui *ui, int y, int x, int width, int max_lines,
    const struct line_edit *e, bool focus, attr_t attr);
/* The columns a field with a limit keeps for its count ("400/1000"). */
#define UI_EDIT_COUNT_COLS 10

/* Ask for a secret in the status line, shown as stars: true on Enter,
 * false (and out wiped) on Esc.  The caller wipes out after use. */
bool ui_ask_secret(struct ui *ui, const char *prompt, struct line_edit *out);
/* Edit out (which may hold a default) in the status line; stars if
 * secret.  True on Enter, false on Esc. */
bool ui_ask_line(struct ui *ui, const char *prompt, struct line_edit *out,
    bool secret);

/*
 * Choose one of items[0..n) in a list drawn over the screen (title
 * above it): arrows or j/k, Enter chooses, Esc cancels (-1).  A resize
 * redraws it.
 */
int ui_choose(struct ui *ui, const char *title, const char *const *items,
    size_t n);

struct secret_key;
/* The member at the keyboard's key, unlocked again for an act that
 * needs it now (the lock, a signature): the passphrase given at the
 * start or asked in the status line.  NULL (and said) if refused. */
struct secret_key *ui_unlock_own_key(struct ui *ui, const char *prompt);

/* Give the terminal back as it was found (a viewer runs in it), and
 * take it again after, the screen drawn anew. */
void ui_leave_screen(void);
void ui_take_screen(void);

/*
 * A dossier's documents (documents.c): open one in the system's viewer
 * ($MUDAWALA_OPEN, else xdg-open) from a private temporary copy, or read
 * its text on a screen of its own.  The copies are removed when the
 * interface ends (a viewer started by xdg-open may still be reading when
 * it returns).
 */
struct attachment;
void ui_open_document(struct ui *ui, const struct attachment *a);
void ui_documents_cleanup(void);
extern const struct screen screen_document;

/* The chair's exports (chair.c): results (CSV, JSON) and the minutes in
 * Arabic or French, signed, to a path offered beside the edition. */
void ui_export_dialog(struct ui *ui);

/*
 * The rows a core function streams (row_fn), kept as strings for a list
 * screen: ncols cells each.  ui_rows_add() is the row_fn (ctx: the
 * table); ui_row() the cells of row i.
 */
struct ui_rows {
	size_t ncols;
	char **cells;
	size_t n, cap;
};
int ui_rows_add(void *ctx, const char *const *cells, size_t n,
    const char *json, struct mw_error *err);
void ui_rows_clear(struct ui_rows *t);
#define ui_row(t, i) ((t)->cells + (i) * (t)->ncols)

/*
 * Move a list's cursor by delta rows within n rows (clamped to the first
 * and the last); UI_PAGE is a page of the window, less some context.
 */
void ui_list_move(size_t *cursor, size_t n, long delta);
#define UI_PAGE ((long)(LINES > 14 ? LINES - 12 : 2))
#define UI_ALL 1000000000L

/* Score sheets (sheets.c): the member exports theirs, the chair imports
 * one; both ask in the status line. */
void ui_sheet_export(struct ui *ui);
void ui_sheet_import(struct ui *ui);

/* The screens. */
extern const struct screen screen_login;
extern const struct screen screen_browser;
extern const struct screen screen_reader;
extern const struct screen screen_score;
extern const struct screen screen_compare;
extern const struct screen screen_ranking;
extern const struct screen screen_prizes;
extern const struct screen screen_help;
extern const struct screen screen_agenda;

/* The chair moves the edition to another phase (chair.c): asked in the
 * status line, a reason when going back. */
void ui_phase_dialog(struct ui *ui);

/* Open the scoring form for dossier id, or say why not. */
void ui_open_score(struct ui *ui, const char *id);

#endif
