/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dossier browser: tabs per category, a page of dossiers at a time,
 * sort by any column, incremental search, marks for comparison. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "core/browse.h"
#include "text/width.h"
#include "core/search.h"
#include "ui/ui.h"
#include "util/i18n.h"

#define PAGE_MAX 256

struct browser {
	int category;                   /* -1: every category */
	struct line_edit search;
	bool searching;                 /* the search field has the keys */
	enum browse_sort sort;
	bool descending;
	struct browse_row rows[PAGE_MAX];
	size_t n, cursor;
	long top;                       /* index of rows[0]; -1 unknown */
	size_t page;                    /* rows that fit now */
	long count;
	bool capped;                    /* more than count match */
	bool common;                    /* the search matches many */
	bool stale;                     /* another screen may have changed
	                                 * states and counts */
	int tab_x[64];                  /* where each tab ends (for clicks) */
	char lang[4];                   /* the language of the titles shown */
	int ntabs;
};

/* Where the search found the dossier under the cursor, when not in what
 * the list shows, on the last row: "D07: in attachment
 * presentation.pdf, page 3". */
static void
where_found(struct ui *ui, struct browser *b, int row, int cols)
{
	struct mw_error err = { 0 };
	struct strbuf sb = STRBUF_INIT;
	char *where = NULL;

	if (search_where(ui->ed, b->rows[b->cursor].id, b->search.buf,
	    strcmp(ui_data_lang(ui), "ar") == 0, &where, &err) != 0 ||
	    where == NULL)
		return;
	strbuf_addf(&sb, "%s: %s", ui_iso(b->rows[b->cursor].id),
	    ui_iso(where));
	ui_text(row, 1, cols - 2, strbuf_str(&sb), ui_attr(ui, UI_DIM), false);
	strbuf_free(&sb);
	free(where);
}

static void
query(struct ui *ui, struct browser *b, struct browse_query *q)
{
	q->juror = ui->me.id;
	q->category = b->category >= 0 ?
	    ui->categories[b->category].id : NULL;
	q->search = b->search.buf;
	q->sort = b->sort;
	q->descending = b->descending;
	q->lang = ui_data_lang(ui);
	q->search_is_common = b->common;
}

/* Fetch into tmp; false (and a message) on error. */
static bool
fetch(struct ui *ui, struct browser *b, const struct browse_row *from,
    bool forward, size_t limit, struct browse_row *tmp, size_t *n)
{
	struct browse_query q;
	struct mw_error err = { 0 };

	query(ui, b, &q);
	if (limit > PAGE_MAX)
		limit = PAGE_MAX;
	if (browse_fetch(ui->ed, &q, from ? from->key : NULL,
	    from ? from->id : NULL, forward, limit, tmp, n, &err) != 0) {
		ui_say(ui, true, "%s", err.msg);
		*n = 0;
		return false;
	}
	return true;
}

static void
set_rows(struct browser *b, struct browse_row *tmp, size_t n)
{
	browse_rows_free(b->rows, b->n);
	memcpy(b->rows, tmp, n * sizeof *tmp);
	b->n = n;
	if (b->cursor >= n)
		b->cursor = n > 0 ? n - 1 : 0;
}

static void
load_first(struct ui *ui, struct browser *b)
{
	static struct browse_row tmp[PAGE_MAX];
	struct browse_query q;
	struct mw_error err = { 0 };
	size_t n;

	b->top = 0;
	/* Count first: it chooses how the search runs. */
	query(ui, b, &q);
	if (browse_count(ui->ed, &q, &b->count, &b->capped, &err) != 0)
		ui_say(ui, true, "%s", err.msg);
	b->common = q.search_is_common;
	if (fetch(ui, b, NULL, true, b->page, tmp, &n))
		set_rows(b, tmp, n);
	b->cursor = 0;
}

/* Re-read the page in place (after a change, a resize). */
static void
refresh_page(struct ui *ui, struct browser *b)
{
	static struct browse_row tmp[PAGE_MAX], prev[1];
	size_t n, np = 0, cursor = b->cursor;

	if (b->n == 0) {
		load_first(ui, b);
		return;
	}
	fetch(ui, b, &b->rows[0], false, 1, prev, &np);
	if (fetch(ui, b, np ? &prev[0] : NULL, true, b->page, tmp, &n))
		set_rows(b, tmp, n);
	browse_rows_free(prev, np);
	b->cursor = cursor < b->n ? cursor : (b->n ? b->n - 1 : 0);
}

static void
reload(struct ui *ui, void *priv)
{
	refresh_page(ui, priv);
}

static void
enter(struct ui *ui, void *priv, const void *arg)
{
	struct browser *b = priv;

	b->category = -1;
	b->page = 20;
	load_first(ui, b);
}

static void
leave(struct ui *ui, void *priv)
{
	struct browser *b = priv;

	browse_rows_free(b->rows, b->n);
}

static const char *
state_label(enum dossier_state s)
{
	switch (s) {
	case STATE_DRAFT:
		return _("draft");
	case STATE_SUBMITTED:
		return _("submitted");
	case STATE_CONFLICT:
		return _("conflict");
	default:
		return _("not started");
	}
}

static bool
is_marked(const struct ui *ui, const char *id)
{
	size_t i;

	for (i = 0; i < ui->nmarked; i++)
		if (strcmp(ui->marked[i], id) == 0)
			return true;
	return false;
}

static void
draw_tabs(struct ui *ui, struct browser *b, int cols)
{
	int x = 1, i;

	b->ntabs = 0;
	for (i = -1; i < (int)ui->ncategories && x < cols - 2 && b->ntabs < 64;
	    i++) {
		const char *name = i < 0 ? _("All") :
		    ui_pick(ui, ui->categories[i].name_ar, ui->categories[i].name_fr);
		struct strbuf sb = STRBUF_INIT;
		int w;

		strbuf_addf(&sb, " %s ", name);
		w = (int)text_width(strbuf_str(&sb));
		if (x + w > cols - 1)
			w = cols - 1 - x;
		ui_text(1, x, w, strbuf_str(&sb), i == b->category ?
		    ui_attr(ui, UI_SELECTED) : ui_attr(ui, UI_HEADER), false);
		x += w + 1;
		b->tab_x[b->ntabs++] = x;
		strbuf_free(&sb);
	}
}

/* Where the page is in the whole list, in the last column (mirrored
 * with the rest: on the left in Arabic). */
static void
draw_scrollbar(struct ui *ui, struct browser *b, int cols)
{
	long page = (long)b->page, start, len, i;

	if (b->top < 0 || b->capped || b->count <= page || page <= 0)
		return;
	len = page * page / b->count;
	if (len < 1)
		len = 1;
	start = b->top * page / b->count;
	if (start + len > page)
		start = page - len;
	for (i = 0; i < page; i++)
		ui_text(4 + (int)i, cols - 1, 1, i >= start && i < start + len ?
		    "\xE2\x96\x88" : "\xE2\x94\x82", i >= start && i < start + len ?
		    ui_attr(ui, UI_HEADER) : ui_attr(ui, UI_DIM), false);
}

static void
draw(struct ui *ui, void *priv, int rows, int cols)
{
	struct browser *b = priv;
	int flexible = cols - 2 - 9 - 13 - 5 - 7;
	int adm_w = flexible / 3 > 16 ? flexible / 3 : 16;
	int title_w = flexible - adm_w;
	int x_adm = 2 + 9 + title_w + 1, x_state = x_adm + adm_w + 1,
	    x_sub = x_state + 14;
	/* A search keeps the last row to say where it found the dossier
	 * under the cursor. */
	int list_rows = b->search.len > 0 ? rows - 1 : rows;
	size_t page = list_rows > 4 ? (size_t)(list_rows - 4) : 1, i;
	static const char *const sort_mark[2] = { "\xE2\x96\xB2", "\xE2\x96\xBC" };
	const char *heads[5];
	struct strbuf sb = STRBUF_INIT;

	if (page != b->page) {
		b->page = page > PAGE_MAX ? PAGE_MAX : page;
		refresh_page(ui, b);
	}
	draw_tabs(ui, b, cols);
	/* The search line. */
	if (b->searching || b->search.len > 0) {
		struct strbuf q = STRBUF_INIT;

		/* The cursor at the logical end, inside the query's run: at
		 * the left of an Arabic word, where its reader expects it. */
		strbuf_addf(&q, "%.*s", (int)b->search.cursor, b->search.buf);
		if (b->searching)
			strbuf_adds(&q, "\xE2\x96\x8F");
		strbuf_adds(&q, b->search.buf + b->search.cursor);
		strbuf_addf(&sb, _("Search: %s"), ui_iso(strbuf_str(&q)));
		strbuf_free(&q);
	}
	strbuf_addf(&sb, "%s", sb.len ? "   " : "");
	if (b->capped)
		strbuf_addf(&sb, ngettext("more than %ld dossier",
		    "more than %ld dossiers", (unsigned long)b->count), b->count);
	else
		strbuf_addf(&sb, ngettext("%ld dossier", "%ld dossiers",
		    (unsigned long)b->count), b->count);
	if (ui->nmarked > 0) {
		strbuf_adds(&sb, "   ");
		strbuf_addf(&sb, ngettext("%zu marked for comparison",
		    "%zu marked for comparison", ui->nmarked), ui->nmarked);
	}
	ui_text(2, 1, cols - 2, strbuf_str(&sb), A_NORMAL, false);
	strbuf_free(&sb);
	if (b->search.len > 0 && b->cursor < b->n)
		where_found(ui, b, rows, cols);

	/* TRANSLATORS: column headings of the dossier browser (short). */
	heads[0] = _("Id");
	heads[1] = _("Title");
	heads[2] = _("Administration");
	heads[3] = _("My state");
	heads[4] = _("Subm.");
	{
		int xs[5] = { 2, 11, x_adm, x_state, x_sub };
		int ws[5] = { 8, title_w, adm_w, 13, 7 };
		int k;

		for (k = 0; k < 5; k++) {
			struct strbuf h = STRBUF_INIT;

			strbuf_adds(&h, heads[k]);
			if ((int)b->sort == k)
				strbuf_addf(&h, " %s", sort_mark[b->descending]);
			ui_text(3, xs[k], ws[k], strbuf_str(&h), ui_attr(ui, UI_HEADER),
			    k == 4);
			strbuf_free(&h);
		}
	}
	for (i = 0; i < b->n && i < b->page; i++) {
		const struct browse_row *r = &b->rows[i];
		int y = 4 + (int)i;
		attr_t a = i == b->cursor ? ui_attr(ui, UI_SELECTED) : A_NORMAL;
		char sub[16];

		ui_text(y, 0, cols, "", a, false);
		if (is_marked(ui, r->id))
			ui_text(y, 0, 2, "\xE2\x97\x8F", a | ui_attr(ui, UI_MARKED),
			    false);
		ui_text(y, 2, 8, r->id, a, false);
		ui_text(y, 11, title_w, r->title, a, false);
		ui_text(y, x_adm, adm_w, r->administration, a, false);
		ui_text(y, x_state, 13, state_label(r->state),
		    r->state == STATE_CONFLICT && i != b->cursor ?
		    ui_attr(ui, UI_ERROR) : a, false);
		snprintf(sub, sizeof sub, "%d", r->submitted);
		ui_text(y, x_sub, 7, sub, a, true);
	}
	if (b->n == 0)
		ui_text(5, 2, cols - 4, b->search.len ? _("No dossier matches the "
		    "search.") : _("No dossier in this category."), A_NORMAL, false);
	draw_scrollbar(ui, b, cols);
}

/*
 * The list moves by one row: let the terminal scroll it (one scroll
 * instead of a repaint of every row) and blank the row that loses the
 * highlight, so that the redraw writes only its words, not a row of
 * coloured cells.  dir: 1 up (Down at the bottom), -1 down.
 */
static void
scroll_list(const struct browser *b, int dir)
{
	int top = 4, bottom = 4 + (int)b->page - 1;

	if (bottom - top < 2 || bottom >= LINES)
		return;
	idlok(stdscr, TRUE);
	scrollok(stdscr, TRUE);
	setscrreg(top, bottom);
	scrl(dir);
	setscrreg(0, LINES - 1);
	scrollok(stdscr, FALSE);
	move(dir > 0 ? bottom - 1 : top + 1, 0);
	clrtoeol();
	refresh();
}

static void
down(struct ui *ui, void *priv)
{
	struct browser *b = priv;
	struct browse_row tmp[1];
	size_t n;

	if (b->n == 0)
		return;
	if (b->cursor + 1 < b->n) {
		b->cursor++;
		return;
	}
	if (fetch(ui, b, &b->rows[b->n - 1], true, 1, tmp, &n) && n == 1) {
		if (b->n >= b->page) {
			browse_rows_free(&b->rows[0], 1);
			memmove(&b->rows[0], &b->rows[1],
			    (b->n - 1) * sizeof b->rows[0]);
			b->rows[b->n - 1] = tmp[0];
			if (b->top >= 0)
				b->top++;
			scroll_list(b, 1);
		} else {
			b->rows[b->n++] = tmp[0];
			b->cursor++;
		}
	}
}

static void
up(struct ui *ui, void *priv)
{
	struct browser *b = priv;
	struct browse_row tmp[1];
	size_t n;

	if (b->cursor > 0) {
		b->cursor--;
		return;
	}
	if (b->n > 0 && fetch(ui, b, &b->rows[0], false, 1, tmp, &n) &&
	    n == 1) {
		if (b->n >= b->page) {
			browse_rows_free(&b->rows[b->n - 1], 1);
			b->n--;
		}
		memmove(&b->rows[1], &b->rows[0], b->n * sizeof b->rows[0]);
		b->rows[0] = tmp[0];
		b->n++;
		if (b->top > 0)
			b->top--;
		if (b->n >= b->page)
			scroll_list(b, -1);
	}
}

static void
page_down(struct ui *ui, void *priv)
{
	static struct browse_row tmp[PAGE_MAX];
	struct browser *b = priv;
	size_t n;

	if (b->n == 0)
		return;
	if (fetch(ui, b, &b->rows[b->n - 1], true, b->page, tmp, &n) && n > 0) {
		if (b->top >= 0)
			b->top += (long)b->n;
		set_rows(b, tmp, n);
	} else
		b->cursor = b->n - 1;
}

static void
page_up(struct ui *ui, void *priv)
{
	static struct browse_row tmp[PAGE_MAX];
	struct browser *b = priv;
	size_t n;

	if (b->n == 0)
		return;
	if (fetch(ui, b, &b->rows[0], false, b->page, tmp, &n)) {
		if (n == b->page) {
			set_rows(b, tmp, n);
			if (b->top >= 0)
				b->top = b->top >= (long)n ? b->top - (long)n : 0;
		} else {
			browse_rows_free(tmp, n);
			load_first(ui, b);
		}
	}
	if (n < b->page)
		b->cursor = 0;
}

static void
home(struct ui *ui, void *priv)
{
	load_first(ui, priv);
}

static void
end(struct ui *ui, void *priv)
{
	static struct browse_row tmp[PAGE_MAX];
	struct browser *b = priv;
	size_t n;

	if (fetch(ui, b, NULL, false, b->page, tmp, &n)) {
		set_rows(b, tmp, n);
		b->cursor = n > 0 ? n - 1 : 0;
		b->top = b->capped ? -1 : b->count - (long)n;
	}
}

static const char *
current(struct browser *b)
{
	return b->n > 0 ? b->rows[b->cursor].id : NULL;
}

static void
open_reader(struct ui *ui, void *priv)
{
	((struct browser *)priv)->stale = true;
	if (current(priv) != NULL)
		ui_push(ui, &screen_reader, current(priv));
}

static void
open_score(struct ui *ui, void *priv)
{
	((struct browser *)priv)->stale = true;
	if (current(priv) != NULL)
		ui_open_score(ui, current(priv));
}

static void
toggle_mark(struct ui *ui, void *priv)
{
	struct browser *b = priv;
	const char *id = current(b);
	size_t i;

	if (id == NULL)
		return;
	for (i = 0; i < ui->nmarked; i++)
		if (strcmp(ui->marked[i], id) == 0) {
			free(ui->marked[i]);
			memmove(&ui->marked[i], &ui->marked[i + 1],
			    (ui->nmarked - i - 1) * sizeof ui->marked[0]);
			ui->nmarked--;
			down(ui, priv);
			return;
		}
	if (ui->nmarked == UI_MARK_MAX) {
		ui_say(ui, true, _("At most %d dossiers can be compared; unmark "
		    "one first."), UI_MARK_MAX);
		return;
	}
	ui->marked[ui->nmarked++] = xstrdup(id);
	down(ui, priv);
}

static void
compare(struct ui *ui, void *priv)
{
	((struct browser *)priv)->stale = true;
	if (ui->nmarked < 2) {
		ui_say(ui, true, _("Mark 2 to 4 dossiers with Space, then press "
		    "c to compare them."));
		return;
	}
	ui_push(ui, &screen_compare, NULL);
}

static void
ranking(struct ui *ui, void *priv)
{
	((struct browser *)priv)->stale = true;
	struct browser *b = priv;

	ui_push(ui, &screen_ranking, b->category >= 0 ?
	    ui->categories[b->category].id : NULL);
}

static void
prizes(struct ui *ui, void *priv)
{
	((struct browser *)priv)->stale = true;
	if (strcmp(ui->me.role, "chair") != 0) {
		ui_say(ui, true, _("Only the chair assigns prizes."));
		return;
	}
	ui_push(ui, &screen_prizes, NULL);
}

static void
next_category(struct ui *ui, void *priv)
{
	struct browser *b = priv;

	b->category = b->category + 1 < (int)ui->ncategories ?
	    b->category + 1 : -1;
	load_first(ui, b);
}

static void
prev_category(struct ui *ui, void *priv)
{
	struct browser *b = priv;

	b->category = b->category >= 0 ? b->category - 1 :
	    (int)ui->ncategories - 1;
	load_first(ui, b);
}

static void
start_search(struct ui *ui, void *priv)
{
	struct browser *b = priv;

	b->searching = true;
}

static void
sort_by(struct ui *ui, struct browser *b, enum browse_sort s)
{
	if (b->sort == s)
		b->descending = !b->descending;
	else {
		b->sort = s;
		b->descending = false;
	}
	load_first(ui, b);
}

static void sort1(struct ui *ui, void *p) { sort_by(ui, p, BROWSE_ID); }
static void sort2(struct ui *ui, void *p) { sort_by(ui, p, BROWSE_TITLE); }
static void sort3(struct ui *ui, void *p) { sort_by(ui, p, BROWSE_ADMINISTRATION); }
static void sort4(struct ui *ui, void *p) { sort_by(ui, p, BROWSE_STATE); }
static void sort5(struct ui *ui, void *p) { sort_by(ui, p, BROWSE_SUBMITTED); }

static bool
key(struct ui *ui, void *priv, wint_t ch, bool fn)
{
	struct browser *b = priv;

	/* Esc first clears a search left in place, then goes back. */
	if (!b->searching && !fn && ch == 27 && b->search.len > 0) {
		ui_edit_set(&b->search, "");
		load_first(ui, b);
		return true;
	}
	if (!b->searching)
		return false;
	if (!fn && (ch == '\r' || ch == '\n')) {
		b->searching = false;
		return true;
	}
	if (!fn && ch == 27) {
		b->searching = false;
		ui_edit_set(&b->search, "");
		load_first(ui, b);
		return true;
	}
	if (ui_edit_key(&b->search, ch, fn)) {
		load_first(ui, b);
		return true;
	}
	/* Arrows and pages still move while searching. */
	return false;
}

static void
click(struct ui *ui, void *priv, int row, int col, bool twice)
{
	struct browser *b = priv;
	int i;

	if (row == 0) {                 /* the category tabs */
		for (i = 0; i < b->ntabs; i++)
			if (col < b->tab_x[i]) {
				b->category = i - 1;
				load_first(ui, b);
				return;
			}
		return;
	}
	if (row >= 3 && (size_t)(row - 3) < b->n) {
		b->cursor = (size_t)(row - 3);
		if (twice)
			open_reader(ui, priv);
	}
}

static void
sheet_out(struct ui *ui, void *priv)
{
	(void)priv;
	ui_sheet_export(ui);
}

static void
sheet_in(struct ui *ui, void *priv)
{
	struct browser *b = priv;

	ui_sheet_import(ui);
	refresh_page(ui, b);
}

static const struct action actions[] = {
	{ KEY_DOWN, 'j', "\xE2\x86\x93 j", N_("Next dossier"), NULL, down },
	{ KEY_UP, 'k', "\xE2\x86\x91 k", N_("Previous dossier"), NULL, up },
	{ KEY_NPAGE, 0, "PgDn", N_("Next page"), NULL, page_down },
	{ KEY_PPAGE, 0, "PgUp", N_("Previous page"), NULL, page_up },
	{ KEY_HOME, 'g', "Home g", N_("First dossier"), NULL, home },
	{ KEY_END, 'G', "End G", N_("Last dossier"), NULL, end },
	{ '\r', KEY_ENTER, "Enter", N_("Read the dossier"), N_("read"),
	    open_reader },
	{ 's', 0, "s", N_("Score the dossier"), N_("score"), open_score },
	{ '/', 0, "/", N_("Search titles, administrations and summaries"),
	    N_("search"), start_search },
	{ ' ', 0, "Space", N_("Mark or unmark for comparison"), NULL,
	    toggle_mark },
	{ 'c', 0, "c", N_("Compare the marked dossiers"), N_("compare"),
	    compare },
	{ 'r', 0, "r", N_("Ranking"), N_("ranking"), ranking },
	{ 'p', 0, "p", N_("Prizes (chair)"), N_("prizes"), prizes },
	{ 'E', 0, "E", N_("Export my score sheet (signed)"), NULL, sheet_out },
	{ 'I', 0, "I", N_("Import a member's score sheet (chair)"), NULL,
	    sheet_in },
	{ '\t', 0, "Tab", N_("Next category"), NULL, next_category },
	{ KEY_BTAB, 0, "S-Tab", N_("Previous category"), NULL, prev_category },
	{ '1', 0, "1", N_("Sort by id (again: reverse)"), NULL, sort1 },
	{ '2', 0, "2", N_("Sort by title"), NULL, sort2 },
	{ '3', 0, "3", N_("Sort by administration"), NULL, sort3 },
	{ '4', 0, "4", N_("Sort by my state"), NULL, sort4 },
	{ '5', 0, "5", N_("Sort by submissions"), NULL, sort5 },
};

static void
draw_refreshing(struct ui *ui, void *priv, int rows, int cols)
{
	struct browser *b = priv;

	/* Titles follow the interface language, switched at run time. */
	if (strcmp(b->lang, ui_data_lang(ui)) != 0) {
		snprintf(b->lang, sizeof b->lang, "%s", ui_data_lang(ui));
		b->stale = true;
	}
	if (b->stale) {
		struct browse_query q;
		struct mw_error err = { 0 };

		b->stale = false;
		query(ui, b, &q);
		if (browse_count(ui->ed, &q, &b->count, &b->capped, &err) != 0)
			ui_say(ui, true, "%s", err.msg);
		b->common = q.search_is_common;
		refresh_page(ui, b);
	}
	draw(ui, priv, rows, cols);
}

const struct screen screen_browser = {
	.name = "browser",
	.private_size = sizeof (struct browser),
	.enter = enter,
	.leave = leave,
	.reload = reload,
	.draw = draw_refreshing,
	.key = key,
	.click = click,
	.actions = actions,
	.nactions = sizeof actions / sizeof actions[0],
};
