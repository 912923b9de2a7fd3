/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ranking of a category as mudawala ranking computes it, with what
 * the phase lets this person see, and "!" on what the agenda lists; in
 * deliberation, by any method (m) or every method side by side (v); for
 * the chair, the jurors' progress (P). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "core/agenda.h"
#include "core/decision.h"
#include "core/ranking.h"
#include "core/settings.h"
#include "ui/job.h"
#include "ui/ui.h"
#include "util/i18n.h"

#define RANK_CELLS 10

enum rank_mode { MODE_RANKING, MODE_COMPARE, MODE_PROGRESS };

/* What was computed, kept while the edition stays as it was: going back
 * to a method or a category already seen is instant. */
#define RANK_CACHE 8

struct computed {
	char key[200];                  /* mode, method, category, language */
	struct ui_rows rows;
	char *notes;
};

/* What a job computes: copied into it, so it owns nothing. */
struct rank_args {
	enum rank_mode mode;
	enum method method;
	bool full;                      /* deliberating: the methods that
	                                 * one read gives (rows with the
	                                 * method first, notes split by
	                                 * NOTES_SEP), cached together */
	char category[80], lang[4], juror[80];
};

/* Between the methods' notes in a full job's one string of notes. */
#define NOTES_SEP '\x1e'

struct ranking {
	int category;
	struct ui_rows rows;            /* RANK_CELLS each */
	size_t top, cursor;
	enum ranking_view view;
	enum rank_mode mode;
	enum method method;
	char *notes;                    /* what the method says of the data */
	char key[200];                  /* of rows; "" if none */
	struct ui_job *job;             /* computing key's rows */
	struct rank_args job_args;      /* what job computes */
	struct computed cache[RANK_CACHE];
	size_t next_slot;               /* the oldest, replaced next */
	long long state;                /* of the cache: db_state() */
};

/* What each method's score means, above the table. */
static const char *const method_notes[METHOD_COUNT] = {
	N_("Mean of the voting members' weighted totals (0-100); ! marks "
	    "a dossier on the agenda."),
	N_("Median of the voting members' weighted totals (0-100)."),
	N_("Mean without the highest and the lowest total (0-100); a "
	    "dossier with fewer than 5 totals has no rank."),
	N_("Totals standardized juror by juror, on the panel's scale "
	    "(0-100)."),
	N_("Schulze: how many dossiers each one beats when the jurors' "
	    "rankings are combined."),
	N_("Copeland: pairwise wins minus pairwise losses."),
};

/* TRANSLATORS: column headers, one per ranking method; keep them short
 * (8 columns). */
static const char *const method_titles[METHOD_COUNT] = {
	N_("Mean"), N_("Median"), N_("Trimmed"), N_("z-score"), N_("Schulze"),
	N_("Copeland"),
};

/* The flags of a ranking row, short and in words: "!" first for the
 * agenda. */
static const char *
flag_words(const char *list)
{
	static char out[128];
	struct strbuf sb = STRBUF_INIT;

	if (strstr(list, "agenda") != NULL)
		strbuf_adds(&sb, "! ");
	while (*list != '\0') {
		size_t n = strcspn(list, ";");
		const char *w = NULL;

		if (n == 3 && strncmp(list, "tie", 3) == 0)
			w = _("tie");
		else if (n > 9 && strncmp(list, "tiebreak=", 9) == 0)
			w = strncmp(list + 9, "casting", 7) == 0 ?
			    _("casting") : _("cascade");
		else if (n == 6 && strncmp(list, "quorum", 6) == 0)
			w = _("quorum");
		else if (n == 7 && strncmp(list, "partial", 7) == 0)
			w = _("partial");
		else if (n == 3 && strncmp(list, "few", 3) == 0)
			w = _("few totals");
		else if (n == 4 && strncmp(list, "wide", 4) == 0)
			w = _("too wide for Schulze");
		else if (n == 8 && strncmp(list, "conflict", 8) == 0)
			w = _("conflict");
		else if (n == 3 && strncmp(list, "own", 3) == 0)
			w = _("mine");
		else if (n == 8 && strncmp(list, "unscored", 8) == 0)
			w = _("unscored");
		if (w != NULL)
			strbuf_addf(&sb, "%s%s", sb.len > 0 &&
			    sb.buf[sb.len - 1] != ' ' ? ", " : "", w);
		list += n + (list[n] == ';');
	}
	snprintf(out, sizeof out, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
	return out;
}

static void
clear_rows(struct ranking *r)
{
	ui_rows_clear(&r->rows);
	r->rows.ncols = RANK_CELLS;
	r->top = r->cursor = 0;
}

static bool
deliberating(const struct ui *ui)
{
	return strcmp(ui->info.phase, "deliberation") == 0 ||
	    strcmp(ui->info.phase, "locked") == 0;
}

/* In a thread of its own (job.h), on a connection of its own. */
static int
compute(struct edition *ed, const void *arg, struct ui_rows *out,
    char **notes, struct mw_error *err)
{
	const struct rank_args *a = arg;
	struct strbuf sb = STRBUF_INIT;
	enum ranking_view view;
	int rc;

	if (a->mode == MODE_PROGRESS)
		rc = progress_run(ed, a->juror, a->category, ui_rows_add, out,
		    err);
	else if (a->full) {
		/* Switching to another method then shows what is cached:
		 * the read is what costs (a second at 25,000 dossiers). */
		struct strbuf each[METHOD_COUNT];
		int m;

		for (m = 0; m < METHOD_COUNT; m++)
			each[m] = (struct strbuf)STRBUF_INIT;
		rc = ranking_each_method(ed, a->juror, a->category, a->lang,
		    a->method, each, ui_rows_add, out, err);
		for (m = 0; m < METHOD_COUNT; m++) {
			if (m > 0)
				strbuf_addc(&sb, NOTES_SEP);
			strbuf_adds(&sb, strbuf_str(&each[m]));
			strbuf_free(&each[m]);
		}
	} else if (a->mode == MODE_COMPARE)
		rc = ranking_compare(ed, a->category, a->lang, NULL, ui_rows_add,
		    out, err);
	else
		rc = ranking_visible(ed, a->juror, a->category, a->lang, &view,
		    ui_rows_add, out, err);
	*notes = sb.len > 0 ? strbuf_detach(&sb) : NULL;
	strbuf_free(&sb);
	return rc;
}

static void
computed_clear(struct computed *c)
{
	ui_rows_clear(&c->rows);
	free(c->notes);
	memset(c, 0, sizeof *c);
}

/* Put what is shown in the cache, and show nothing. */
static void
stash(struct ranking *r)
{
	struct computed *c = &r->cache[r->next_slot];
	size_t i;

	/* One entry a key: a full job brings back what is kept. */
	for (i = 0; r->key[0] != '\0' && i < RANK_CACHE; i++)
		if (strcmp(r->cache[i].key, r->key) == 0)
			computed_clear(&r->cache[i]);
	if (r->key[0] != '\0') {
		computed_clear(c);
		snprintf(c->key, sizeof c->key, "%s", r->key);
		c->rows = r->rows;
		c->notes = r->notes;
		r->next_slot = (r->next_slot + 1) % RANK_CACHE;
	} else {
		ui_rows_clear(&r->rows);
		free(r->notes);
	}
	memset(&r->rows, 0, sizeof r->rows);
	r->rows.ncols = RANK_CELLS;
	r->notes = NULL;
	r->key[0] = '\0';
}

/* Show key's rows from the cache: false if they are not there. */
static bool
unstash(struct ranking *r, const char *key)
{
	size_t i;

	for (i = 0; i < RANK_CACHE; i++)
		if (strcmp(r->cache[i].key, key) == 0) {
			r->rows = r->cache[i].rows;
			r->notes = r->cache[i].notes;
			snprintf(r->key, sizeof r->key, "%s", key);
			memset(&r->cache[i], 0, sizeof r->cache[i]);
			return true;
		}
	return false;
}

static void tick(struct ui *ui, void *priv);

/* What a computation is cached under. */
static void
cache_key(char *key, size_t size, const struct rank_args *a,
    enum method method)
{
	snprintf(key, size, "%d/%d/%d/%s/%s", (int)a->mode, (int)method,
	    (int)a->full, a->category, a->lang);
}

/*
 * Show what the mode, method and category ask for: from the cache if the
 * edition has not changed since it was computed, else computed in the
 * background (tick() shows it when it is ready; until then the screen
 * says so, and keys keep working).
 */
static void
load(struct ui *ui, struct ranking *r)
{
	struct mw_error err = { 0 };
	struct rank_args a;
	long long state;
	char key[200];
	size_t i;

	ui_job_cancel(ui, r->job);
	r->job = NULL;
	r->top = r->cursor = 0;
	r->view = r->mode == MODE_RANKING && deliberating(ui) ?
	    RANKING_VIEW_FULL : strcmp(ui->me.role, "chair") == 0 ?
	    RANKING_VIEW_PROGRESS : RANKING_VIEW_OWN;
	if (ui->ncategories == 0 || db_state(ui->ed, &state, &err) != 0) {
		stash(r);
		if (err.msg[0] != '\0')
			ui_say(ui, true, "%s", err.msg);
		return;
	}
	/* The edition changed: nothing kept is true any more. */
	if (state != r->state) {
		for (i = 0; i < RANK_CACHE; i++)
			computed_clear(&r->cache[i]);
		ui_rows_clear(&r->rows);
		free(r->notes);
		r->notes = NULL;
		r->key[0] = '\0';
		r->state = state;
	}
	memset(&a, 0, sizeof a);
	a.mode = r->mode;
	a.method = r->method;
	a.full = r->mode == MODE_RANKING && deliberating(ui);
	snprintf(a.category, sizeof a.category, "%s",
	    ui->categories[r->category].id);
	snprintf(a.lang, sizeof a.lang, "%s", ui_data_lang(ui));
	snprintf(a.juror, sizeof a.juror, "%s", ui->me.id);
	cache_key(key, sizeof key, &a, a.method);
	if (strcmp(key, r->key) == 0)
		return;
	stash(r);
	if (unstash(r, key))
		return;
	r->job = ui_job_start(ui, compute, &a, sizeof a, a.full ?
	    RANK_CELLS + 1 : RANK_CELLS, &err);
	if (r->job == NULL) {
		ui_say(ui, true, "%s", err.msg);
		return;
	}
	r->job_args = a;
	snprintf(r->key, sizeof r->key, "%s", key);
	tick(ui, r);
}

/*
 * A full job's rows, each method's after its number, and its notes, each
 * method's after a NOTES_SEP: the method shown becomes the rows, the
 * others go to the cache, so that m shows them at once.
 */
static void
split_methods(struct ranking *r, struct ui_rows *all, char *notes)
{
	struct ui_rows each[METHOD_COUNT];
	char *note[METHOD_COUNT] = { NULL };
	const char *p = notes != NULL ? notes : "";
	bool present[METHOD_COUNT] = { false };
	size_t i, k;
	int m;

	for (m = 0; m < METHOD_COUNT; m++) {
		const char *end = strchr(p, NOTES_SEP);
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);

		memset(&each[m], 0, sizeof each[m]);
		each[m].ncols = RANK_CELLS;
		if (n > 0) {
			struct strbuf t = STRBUF_INIT;

			strbuf_add(&t, p, n);
			note[m] = strbuf_detach(&t);
			present[m] = true;
		}
		p += n + (end != NULL);
	}
	for (i = 0; i < all->n; i++) {
		char **c = ui_row(all, i);

		m = (int)strtol(c[0], NULL, 10);
		if (m < 0 || m >= METHOD_COUNT)
			continue;
		/* The cells after the method move, without a copy. */
		ui_rows_add(&each[m], NULL, 0, NULL, NULL);
		for (k = 0; k < RANK_CELLS; k++) {
			free(ui_row(&each[m], each[m].n - 1)[k]);
			ui_row(&each[m], each[m].n - 1)[k] = c[k + 1];
			c[k + 1] = NULL;
		}
		present[m] = true;
	}
	ui_rows_clear(all);
	free(notes);
	/* The method asked for last, so that it is what stays shown. */
	for (k = 0; k <= METHOD_COUNT; k++) {
		int asked = (int)r->job_args.method;
		char key[200];

		m = k < METHOD_COUNT ? (int)k : asked;
		if ((k < METHOD_COUNT && m == asked) || (!present[m] &&
		    m != asked))
			continue;
		cache_key(key, sizeof key, &r->job_args, (enum method)m);
		stash(r);
		r->rows = each[m];
		r->notes = note[m];
		snprintf(r->key, sizeof r->key, "%s", key);
		memset(&each[m], 0, sizeof each[m]);
		note[m] = NULL;
	}
	for (m = 0; m < METHOD_COUNT; m++) {
		ui_rows_clear(&each[m]);
		free(note[m]);
	}
}

/* What the job computed, once it has. */
static void
tick(struct ui *ui, void *priv)
{
	struct ranking *r = priv;
	struct mw_error err = { 0 };
	struct ui_rows all = { 0 };
	char *notes = NULL;

	if (r->job == NULL || !ui_job_done(r->job))
		return;
	if (!r->job_args.full) {
		if (ui_job_finish(ui, r->job, &r->rows, &r->notes, &err) != 0) {
			r->key[0] = '\0';
			ui_say(ui, true, "%s", err.msg);
		}
	} else if (ui_job_finish(ui, r->job, &all, &notes, &err) != 0) {
		r->key[0] = '\0';
		ui_say(ui, true, "%s", err.msg);
	} else {
		r->key[0] = '\0';
		split_methods(r, &all, notes);
	}
	r->job = NULL;
	if (r->cursor >= r->rows.n)
		r->cursor = 0;
}

/* Esc stops a computation (and, with nothing computing, goes back). */
static bool
key(struct ui *ui, void *priv, wint_t ch, bool function_key)
{
	struct ranking *r = priv;

	if (function_key || ch != 27 || r->job == NULL)
		return false;
	ui_job_cancel(ui, r->job);
	r->job = NULL;
	r->key[0] = '\0';
	ui_say(ui, false, _("Stopped: the ranking was not computed."));
	return true;
}

static void
enter(struct ui *ui, void *priv, const void *arg)
{
	struct ranking *r = priv;
	size_t i;

	for (i = 0; arg != NULL && i < ui->ncategories; i++)
		if (strcmp(ui->categories[i].id, arg) == 0)
			r->category = (int)i;
	load(ui, r);
}

static void
reload(struct ui *ui, void *priv)
{
	struct ranking *r = priv;
	size_t cursor = r->cursor;

	load(ui, r);
	r->cursor = cursor < r->rows.n ? cursor : 0;
}

static void
leave(struct ui *ui, void *priv)
{
	struct ranking *r = priv;
	size_t i;

	ui_job_cancel(ui, r->job);
	r->job = NULL;
	clear_rows(r);
	free(r->notes);
	for (i = 0; i < RANK_CACHE; i++)
		computed_clear(&r->cache[i]);
}

/* Keep the cursor row in the list of `list` rows. */
static void
scroll_to_cursor(struct ranking *r, int list)
{
	if (r->cursor < r->top)
		r->top = r->cursor;
	if (list > 0 && r->cursor >= r->top + (size_t)list)
		r->top = r->cursor - (size_t)list + 1;
}

/* Every method side by side: one rank column each. */
static void
draw_compare(struct ui *ui, struct ranking *r, int y, int rows, int cols)
{
	int title_w = cols - 2 - 9 - 9 * METHOD_COUNT - 2, m;
	size_t i;

	ui_text(y++, 1, cols - 2, _("The rank of each dossier under every "
	    "method; * marks a prize that depends on the method."),
	    ui_attr(ui, UI_DIM), false);
	y++;
	ui_text(y, 1, 8, _("Dossier"), ui_attr(ui, UI_HEADER), false);
	ui_text(y, 10, title_w, _("Title"), ui_attr(ui, UI_HEADER), false);
	for (m = 0; m < METHOD_COUNT; m++)
		ui_text(y, 11 + title_w + 9 * m, 8, _(method_titles[m]),
		    ui_attr(ui, UI_HEADER), true);
	y++;
	scroll_to_cursor(r, rows - y + 1);
	for (i = r->top; i < r->rows.n && y <= rows; i++, y++) {
		char *const *c = ui_row(&r->rows, i);
		attr_t a = i == r->cursor ? ui_attr(ui, UI_SELECTED) : A_NORMAL;
		bool changes = *c[9] != '\0';

		ui_text(y, 0, cols, "", a, false);
		ui_text(y, 1, 8, c[1], a, false);
		ui_text(y, 10, title_w, c[2], a, false);
		for (m = 0; m < METHOD_COUNT; m++)
			ui_text(y, 11 + title_w + 9 * m, 8, *c[3 + m] ? c[3 + m] :
			    "-", a, true);
		if (changes)
			ui_text(y, cols - 2, 1, "*", i == r->cursor ? a :
			    ui_attr(ui, UI_ERROR) | A_BOLD, false);
	}
}

/* The chair's view of how far each juror has got in the category. */
static void
draw_progress(struct ui *ui, struct ranking *r, int y, int rows, int cols)
{
	int name_w = cols - 2 - 11 * 3 - 8 - 2;
	size_t i;

	ui_text(y++, 1, cols - 2, _("Dossiers each juror may score in this "
	    "category, scored on every criterion, and submitted."),
	    ui_attr(ui, UI_DIM), false);
	y++;
	ui_text(y, 1, 8, _("Juror"), ui_attr(ui, UI_HEADER), false);
	ui_text(y, 10, name_w, _("Name"), ui_attr(ui, UI_HEADER), false);
	ui_text(y, 11 + name_w, 10, _("Dossiers"), ui_attr(ui, UI_HEADER), true);
	ui_text(y, 22 + name_w, 10, _("Scored"), ui_attr(ui, UI_HEADER), true);
	ui_text(y, 33 + name_w, 10, _("Submitted"), ui_attr(ui, UI_HEADER),
	    true);
	y++;
	scroll_to_cursor(r, rows - y + 1);
	for (i = r->top; i < r->rows.n && y <= rows; i++, y++) {
		char *const *c = ui_row(&r->rows, i);
		attr_t a = i == r->cursor ? ui_attr(ui, UI_SELECTED) : A_NORMAL;
		bool done = strcmp(c[4], c[6]) == 0;

		ui_text(y, 0, cols, "", a, false);
		ui_text(y, 1, 8, c[0], a, false);
		ui_text(y, 10, name_w, c[1], a, false);
		ui_text(y, 11 + name_w, 10, c[4], a, true);
		ui_text(y, 22 + name_w, 10, c[5], a, true);
		ui_text(y, 33 + name_w, 10, c[6], done || i == r->cursor ? a :
		    ui_attr(ui, UI_ERROR), true);
	}
}

static void
draw(struct ui *ui, void *priv, int rows, int cols)
{
	struct ranking *r = priv;
	const char *note;
	int title_w = cols - 2 - 6 - 9 - 9 - 4 - 11 - 8 - 14, y = 1, list;
	size_t i;

	if (ui->ncategories == 0)
		return;
	ui_text(y++, 1, cols - 2, ui_pick(ui, ui->categories[r->category].name_ar,
	    ui->categories[r->category].name_fr), ui_attr(ui, UI_HEADER) | A_BOLD,
	    false);
	if (r->job != NULL) {
		ui_job_draw(ui, r->job, y + 1, cols);
		return;
	}
	if (r->mode == MODE_COMPARE) {
		draw_compare(ui, r, y, rows, cols);
		return;
	}
	if (r->mode == MODE_PROGRESS) {
		draw_progress(ui, r, y, rows, cols);
		return;
	}
	switch (r->view) {
	case RANKING_VIEW_OWN:
		note = _("During scoring you see your own totals only.");
		break;
	case RANKING_VIEW_PROGRESS:
		note = _("During scoring the chair sees how many voting members "
		    "submitted each dossier, not the scores.");
		break;
	default:
		note = _(method_notes[r->method]);
		break;
	}
	ui_text(y++, 1, cols - 2, note, ui_attr(ui, UI_DIM), false);
	/* Why the method leaves some dossiers without a rank. */
	ui_text(y++, 1, cols - 2, r->notes != NULL ? r->notes : "",
	    ui_attr(ui, UI_ERROR), false);
	ui_text(y, 1, 5, _("Rank"), ui_attr(ui, UI_HEADER), true);
	ui_text(y, 7, 8, _("Dossier"), ui_attr(ui, UI_HEADER), false);
	ui_text(y, 16, title_w, _("Title"), ui_attr(ui, UI_HEADER), false);
	ui_text(y, 17 + title_w, 8, _("Score"), ui_attr(ui, UI_HEADER), true);
	ui_text(y, 26 + title_w, 3, _("n"), ui_attr(ui, UI_HEADER), true);
	ui_text(y, 30 + title_w, 10, _("Std. dev."), ui_attr(ui, UI_HEADER),
	    true);
	ui_text(y, 41 + title_w, 7, _("Spread"), ui_attr(ui, UI_HEADER), true);
	ui_text(y, 49 + title_w, cols - 50 - title_w, _("Flags"),
	    ui_attr(ui, UI_HEADER), false);
	y++;
	list = rows - y + 1;
	scroll_to_cursor(r, list);
	for (i = r->top; i < r->rows.n && y <= rows; i++, y++) {
		char *const *c = ui_row(&r->rows, i);
		attr_t a = i == r->cursor ? ui_attr(ui, UI_SELECTED) : A_NORMAL;
		/* "!" is the agenda's rule: a total outside the corridor. */
		bool disputed = strstr(c[8], "agenda") != NULL;
		attr_t hot = disputed && i != r->cursor ? ui_attr(ui, UI_ERROR) : a;

		ui_text(y, 0, cols, "", a, false);
		ui_text(y, 1, 5, c[1], a | A_BOLD, true);
		ui_text(y, 7, 8, c[2], a, false);
		ui_text(y, 16, title_w, c[3], a, false);
		ui_text(y, 17 + title_w, 8, ui_num(c[4]), a | A_BOLD, true);
		ui_text(y, 26 + title_w, 3, c[5], a, true);
		ui_text(y, 30 + title_w, 10, ui_num(c[6]), a, true);
		ui_text(y, 41 + title_w, 7, ui_num(c[7]), hot, true);
		ui_text(y, 49 + title_w, cols - 50 - title_w,
		    flag_words(c[8]), hot, false);
	}
}

static void
next_category(struct ui *ui, void *priv)
{
	struct ranking *r = priv;

	if (ui->ncategories > 0)
		r->category = (r->category + 1) % (int)ui->ncategories;
	load(ui, r);
}

static void
prev_category(struct ui *ui, void *priv)
{
	struct ranking *r = priv;

	if (ui->ncategories > 0)
		r->category = (r->category + (int)ui->ncategories - 1) %
		    (int)ui->ncategories;
	load(ui, r);
}

static void
down(struct ui *ui, void *priv)
{
	struct ranking *r = priv;

	if (r->cursor + 1 < r->rows.n)
		r->cursor++;
}

static void
up(struct ui *ui, void *priv)
{
	struct ranking *r = priv;

	if (r->cursor > 0)
		r->cursor--;
}

static void
page_down(struct ui *ui, void *p)
{
	ui_list_move(&((struct ranking *)p)->cursor, ((struct ranking *)p)->rows.n, UI_PAGE);
}

static void
page_up(struct ui *ui, void *p)
{
	ui_list_move(&((struct ranking *)p)->cursor, ((struct ranking *)p)->rows.n, -UI_PAGE);
}

static void
first(struct ui *ui, void *p)
{
	ui_list_move(&((struct ranking *)p)->cursor, ((struct ranking *)p)->rows.n, -UI_ALL);
}

static void
last(struct ui *ui, void *p)
{
	ui_list_move(&((struct ranking *)p)->cursor, ((struct ranking *)p)->rows.n, UI_ALL);
}

static void
open_reader(struct ui *ui, void *priv)
{
	struct ranking *r = priv;

	if (r->rows.n == 0 || r->mode == MODE_PROGRESS)
		return;
	ui_push(ui, &screen_reader,
	    ui_row(&r->rows, r->cursor)[r->mode == MODE_COMPARE ? 1 : 2]);
}

/* The methods show every juror's totals: from deliberation on. */
static bool
need_deliberation(struct ui *ui)
{
	if (deliberating(ui))
		return true;
	ui_say(ui, true, _("Other methods open with the deliberation."));
	return false;
}

static void
next_method(struct ui *ui, void *priv)
{
	struct ranking *r = priv;

	if (!need_deliberation(ui))
		return;
	r->mode = MODE_RANKING;
	r->method = (enum method)((r->method + 1) % METHOD_COUNT);
	load(ui, r);
	ui_say(ui, false, _("Method: %s"), _(method_titles[r->method]));
}

static void
toggle_compare(struct ui *ui, void *priv)
{
	struct ranking *r = priv;

	if (!need_deliberation(ui))
		return;
	r->mode = r->mode == MODE_COMPARE ? MODE_RANKING : MODE_COMPARE;
	load(ui, r);
}

static void
toggle_progress(struct ui *ui, void *priv)
{
	struct ranking *r = priv;

	if (strcmp(ui->me.role, "chair") != 0) {
		ui_say(ui, true, _("The jurors' progress is for the chair."));
		return;
	}
	r->mode = r->mode == MODE_PROGRESS ? MODE_RANKING : MODE_PROGRESS;
	load(ui, r);
}

static void
open_agenda(struct ui *ui, void *priv)
{
	(void)priv;
	if (need_deliberation(ui))
		ui_push(ui, &screen_agenda, NULL);
}

static void
change_phase(struct ui *ui, void *priv)
{
	ui_phase_dialog(ui);
	load(ui, priv);
}

/*
 * The chair's casting decision on a tie the cascade leaves: the cascade
 * is shown, the chair picks the tied dossiers in order, best first, and
 * writes the rationale.
 */
static void
tie_break(struct ui *ui, void *priv)
{
	struct ranking *r = priv;
	struct mw_error err = { 0 };
	struct settings set;
	struct line_edit why = { 0 };
	struct strbuf title = STRBUF_INIT;
	char **tied = NULL, **order = NULL, **label = NULL;
	const char **items = NULL;
	size_t n = 0, done = 0, i;
	const char *rank;

	if (strcmp(ui->me.role, "chair") != 0) {
		ui_say(ui, true, _("Only the chair breaks a tie."));
		return;
	}
	if (r->mode != MODE_RANKING || r->rows.n == 0 || !deliberating(ui))
		return;
	rank = ui_row(&r->rows, r->cursor)[1];
	if (strstr(ui_row(&r->rows, r->cursor)[8], "tie") == NULL ||
	    strstr(ui_row(&r->rows, r->cursor)[8], "tiebreak=") != NULL) {
		ui_say(ui, true, _("%s is not in a tie that the cascade leaves."),
		    ui_row(&r->rows, r->cursor)[2]);
		return;
	}
	for (i = 0; i < r->rows.n; i++)
		if (strcmp(ui_row(&r->rows, i)[1], rank) == 0 &&
		    strstr(ui_row(&r->rows, i)[8], "tie") != NULL) {
			struct strbuf sb = STRBUF_INIT;

			tied = xrealloc(tied, (n + 1) * sizeof *tied);
			label = xrealloc(label, (n + 1) * sizeof *label);
			strbuf_addf(&sb, "%s  %s", ui_row(&r->rows, i)[2],
			    ui_iso(ui_row(&r->rows, i)[3]));
			label[n] = strbuf_detach(&sb);
			tied[n++] = ui_row(&r->rows, i)[2];
		}
	if (settings_load(ui->ed, &set, &err) != 0) {
		ui_say(ui, true, "%s", err.msg);
		goto out;
	}
	order = xcalloc(n, sizeof *order);
	items = xcalloc(n, sizeof *items);
	/* One pick per place, best first; the last place is what is left. */
	while (done + 1 < n) {
		size_t left = 0, k, at[64];
		int pick;

		for (i = 0; i < n && left < 64; i++)
			if (tied[i] != NULL) {
				at[left] = i;
				items[left++] = label[i];
			}
		strbuf_reset(&title);
		strbuf_addf(&title, _("The cascade (%s) leaves these tied; place "
		    "%zu:"), set.cascade, done + 1);
		pick = ui_choose(ui, strbuf_str(&title), items, left);
		if (pick < 0)
			goto cancel;
		k = at[pick];
		order[done++] = tied[k];
		tied[k] = NULL;
	}
	for (i = 0; i < n; i++)
		if (tied[i] != NULL)
			order[done++] = tied[i];
	ui_edit_set(&why, "");
	if (!ui_ask_line(ui, _("Rationale of the casting decision:"), &why,
	    false))
		goto cancel;
	if (casting_set(ui->ed, ui->me.id, ui->categories[r->category].id,
	    order, n, why.buf, &err) != 0)
		ui_say(ui, true, "%s", err.msg);
	else {
		load(ui, r);
		ui_say(ui, false, _("Casting decision recorded."));
	}
	goto out;
cancel:
	ui_say(ui, false, _("Cancelled."));
out:
	strbuf_free(&title);
	for (i = 0; i < n; i++)
		free(label[i]);
	free(label);
	free(tied);
	free(order);
	free(items);
}

static const struct action actions[] = {
	{ KEY_DOWN, 'j', "\xE2\x86\x93 j", N_("Next dossier"), NULL, down },
	{ KEY_UP, 'k', "\xE2\x86\x91 k", N_("Previous dossier"), NULL, up },
	{ KEY_NPAGE, 0, "PgDn", N_("Next page"), NULL, page_down },
	{ KEY_PPAGE, 0, "PgUp", N_("Previous page"), NULL, page_up },
	{ KEY_HOME, 'g', "Home g", N_("First dossier"), NULL, first },
	{ KEY_END, 'G', "End G", N_("Last dossier"), NULL, last },
	{ '\t', KEY_RIGHT, "Tab", N_("Next category"), N_("category"),
	    next_category },
	{ KEY_BTAB, KEY_LEFT, "S-Tab", N_("Previous category"), NULL,
	    prev_category },
	{ '\r', KEY_ENTER, "Enter", N_("Read the dossier"), N_("read"),
	    open_reader },
	{ 'm', 0, "m", N_("Next ranking method"), N_("method"), next_method },
	{ 'v', 0, "v", N_("Every method side by side"), N_("compare"),
	    toggle_compare },
	{ 'P', 0, "P", N_("The jurors' progress (chair)"), N_("progress"),
	    toggle_progress },
	{ 'a', 0, "a", N_("The agenda: what to discuss"), N_("agenda"),
	    open_agenda },
	{ 'F', 0, "F", N_("Change the phase (chair)"), NULL, change_phase },
	{ 'T', 0, "T", N_("Break a tie the cascade leaves (chair)"), NULL,
	    tie_break },
};

const struct screen screen_ranking = {
	.name = "ranking",
	.private_size = sizeof (struct ranking),
	.enter = enter,
	.leave = leave,
	.reload = reload,
	.tick = tick,
	.key = key,
	.draw = draw,
	.actions = actions,
	.nactions = sizeof actions / sizeof actions[0],
};
