/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prizes (chair): per category, the Prix d'excellence, the Prix
 * d'encouragement, certificates of merit or no award, each with its
 * written rationale; what is still undecided is shown. */
#include <config.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/decision.h"
#include "core/keys.h"
#include "core/lock.h"
#include "core/ranking.h"
#include "text/width.h"
#include "text/wrap.h"
#include "ui/job.h"
#include "ui/ui.h"
#include "util/i18n.h"

enum mode { BROWSE, PICK, RATIONALE, OVERRIDE };

struct candidate {
	char *id, *title, *score;
};

struct prizes {
	int category;
	struct decision *decisions;
	size_t ndecisions;
	bool *decided;                  /* per category */
	struct candidate *cand;
	size_t ncand, cursor;
	enum mode mode;
	const char *prize;              /* being assigned */
	char *dossier;                  /* picked; NULL for no award */
	struct line_edit rationale;
	struct line_edit override;      /* the reason to override the quorum */
	int submitted, quorum;          /* of the picked dossier */
	struct ui_job *job;             /* computing the candidates */
};

/* What the job computes: the category's ranking as this member sees it. */
struct candidates_args {
	char juror[80], category[80], lang[4];
};

static const char *const prize_ids[] = { "excellence", "encouragement",
	"merit" };

static const char *
prize_name(const char *id)
{
	if (strcmp(id, "excellence") == 0)
		return _("Excellence prize (Prix d'excellence)");
	if (strcmp(id, "encouragement") == 0)
		return _("Encouragement prize (Prix d'encouragement)");
	return _("Certificate of merit");
}

/* The prize dossier already has in the shown category, or NULL. */
static const char *
prize_of(const struct ui *ui, const struct prizes *p, const char *dossier)
{
	size_t k;

	for (k = 0; k < p->ndecisions; k++)
		if (p->decisions[k].dossier_id != NULL &&
		    strcmp(p->decisions[k].dossier_id, dossier) == 0 &&
		    strcmp(p->decisions[k].category_id,
		    ui->categories[p->category].id) == 0)
			return p->decisions[k].prize;
	return NULL;
}

static int
collect(void *ctx, const char *const *cells, size_t n, const char *json,
    struct mw_error *err)
{
	struct prizes *p = ctx;

	p->cand = xrealloc(p->cand, (p->ncand + 1) * sizeof *p->cand);
	p->cand[p->ncand].id = xstrdup(cells[2]);
	p->cand[p->ncand].title = xstrdup(cells[3]);
	p->cand[p->ncand].score = xstrdup(cells[4]);
	p->ncand++;
	return 0;
}

static void
free_candidates(struct prizes *p)
{
	size_t i;

	for (i = 0; i < p->ncand; i++) {
		free(p->cand[i].id);
		free(p->cand[i].title);
		free(p->cand[i].score);
	}
	free(p->cand);
	p->cand = NULL;
	p->ncand = 0;
	p->cursor = 0;
}

/* In a thread of its own (job.h): the ranking reads every score of the
 * category. */
static int
compute(struct edition *ed, const void *arg, struct ui_rows *out,
    char **notes, struct mw_error *err)
{
	const struct candidates_args *a = arg;
	enum ranking_view view;

	*notes = NULL;
	return ranking_visible(ed, a->juror, a->category, a->lang, &view,
	    ui_rows_add, out, err);
}

/* The candidates, once computed. */
static void
tick(struct ui *ui, void *priv)
{
	struct prizes *p = priv;
	struct mw_error err = { 0 };
	struct ui_rows rows = { 9, NULL, 0, 0 };
	char *notes = NULL;
	size_t i;

	if (p->job == NULL || !ui_job_done(p->job))
		return;
	if (ui_job_finish(ui, p->job, &rows, &notes, &err) != 0)
		ui_say(ui, true, "%s", err.msg);
	p->job = NULL;
	for (i = 0; i < rows.n; i++)
		collect(p, (const char *const *)ui_row(&rows, i), rows.ncols,
		    NULL, &err);
	ui_rows_clear(&rows);
	free(notes);
}

static void
load(struct ui *ui, struct prizes *p)
{
	struct mw_error err = { 0 };
	struct candidates_args a;
	size_t i, k;

	decisions_free(p->decisions, p->ndecisions);
	p->decisions = NULL;
	p->ndecisions = 0;
	ui_job_cancel(ui, p->job);
	p->job = NULL;
	free_candidates(p);
	if (ui->ncategories == 0)
		return;
	snprintf(a.juror, sizeof a.juror, "%s", ui->me.id);
	snprintf(a.category, sizeof a.category, "%s",
	    ui->categories[p->category].id);
	snprintf(a.lang, sizeof a.lang, "%s", ui_data_lang(ui));
	if (decisions_load(ui->ed, NULL, ui_data_lang(ui), &p->decisions,
	    &p->ndecisions, &err) != 0 ||
	    (p->job = ui_job_start(ui, compute, &a, sizeof a, 9, &err)) == NULL)
		ui_say(ui, true, "%s", err.msg);
	tick(ui, p);
	/* A category is decided once both prizes given once per category
	 * have a decision (a dossier or no award). */
	free(p->decided);
	p->decided = xcalloc(ui->ncategories, sizeof *p->decided);
	for (i = 0; i < ui->ncategories; i++) {
		int found = 0;

		for (k = 0; k < p->ndecisions; k++)
			if (strcmp(p->decisions[k].category_id,
			    ui->categories[i].id) == 0 &&
			    strcmp(p->decisions[k].prize, "merit") != 0)
				found |= strcmp(p->decisions[k].prize, "excellence")
				    == 0 ? 1 : 2;
		p->decided[i] = found == 3;
	}
}

static void
enter(struct ui *ui, void *priv, const void *arg)
{
	load(ui, priv);
}

static void
reload(struct ui *ui, void *priv)
{
	load(ui, priv);
}

static void
leave(struct ui *ui, void *priv)
{
	struct prizes *p = priv;

	ui_job_cancel(ui, p->job);
	p->job = NULL;
	decisions_free(p->decisions, p->ndecisions);
	free_candidates(p);
	free(p->decided);
	free(p->dossier);
}

/* A label, and the text being written beside it, up to three lines. */
static int
field(struct ui *ui, int y, int cols, const char *label,
    const struct line_edit *e)
{
	int lw = (int)text_width(label) + 1;

	ui_text(y, 1, lw, label, ui_attr(ui, UI_HEADER), false);
	return ui_edit_draw(ui, y, 1 + lw, cols - 2 - lw, 3, e, true,
	    ui_attr(ui, UI_SELECTED));
}

static void
draw(struct ui *ui, void *priv, int rows, int cols)
{
	struct prizes *p = priv;
	struct strbuf sb = STRBUF_INIT;
	const char *cat;
	size_t i, k;
	int y = 1;

	if (ui->ncategories == 0)
		return;
	cat = ui->categories[p->category].id;
	ui_text(y++, 1, cols - 2, ui_pick(ui, ui->categories[p->category].name_ar,
	    ui->categories[p->category].name_fr), ui_attr(ui, UI_HEADER) | A_BOLD,
	    false);
	y++;
	for (i = 0; i < 3; i++) {
		bool any = false;

		ui_text(y++, 1, cols - 2, prize_name(prize_ids[i]), A_BOLD, false);
		for (k = 0; k < p->ndecisions; k++) {
			const struct decision *d = &p->decisions[k];

			if (strcmp(d->category_id, cat) != 0 ||
			    strcmp(d->prize, prize_ids[i]) != 0)
				continue;
			any = true;
			strbuf_reset(&sb);
			if (d->dossier_id != NULL)
				strbuf_addf(&sb, "  %s  %s", d->dossier_id,
				    ui_iso(d->title != NULL ? d->title : ""));
			else
				strbuf_addf(&sb, "  %s", _("No award"));
			ui_text(y++, 1, cols - 2, strbuf_str(&sb), ui_attr(ui, UI_OK),
			    false);
			strbuf_reset(&sb);
			strbuf_addf(&sb, _("    Rationale: %s"),
			    ui_iso(d->rationale));
			ui_text(y++, 1, cols - 2, strbuf_str(&sb), ui_attr(ui, UI_DIM),
			    false);
		}
		if (!any && i == 2)
			ui_text(y++, 1, cols - 2, _("  None (optional)"),
			    ui_attr(ui, UI_DIM), false);
		else if (!any)
			ui_text(y++, 1, cols - 2, _("  Undecided"),
			    ui_attr(ui, UI_ERROR), false);
	}
	y++;
	strbuf_reset(&sb);
	for (i = 0; i < ui->ncategories; i++)
		if (!p->decided[i])
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "",
			    ui_pick(ui, ui->categories[i].name_ar,
			    ui->categories[i].name_fr));
	if (sb.len > 0) {
		char *list = strbuf_detach(&sb);

		strbuf_addf(&sb, _("Still undecided: %s"), list);
		free(list);
	} else
		strbuf_adds(&sb, _("Every category is decided."));
	ui_text(y++, 1, cols - 2, strbuf_str(&sb), A_BOLD, false);
	y++;
	if (p->mode == PICK) {
		ui_text(y++, 1, cols - 2, _("Choose the dossier (Enter), or n for "
		    "no award, Esc to cancel:"), ui_attr(ui, UI_HEADER), false);
		if (p->job != NULL)
			ui_text(y++, 1, cols - 2, _("Computing the ranking\xE2\x80\xA6"),
			    ui_attr(ui, UI_DIM), false);
		for (i = p->cursor > 4 ? p->cursor - 4 : 0; i < p->ncand &&
		    y < rows; i++, y++) {
			attr_t a = i == p->cursor ? ui_attr(ui, UI_SELECTED) : A_NORMAL;
			const char *has = prize_of(ui, p, p->cand[i].id);

			strbuf_reset(&sb);
			strbuf_addf(&sb, "%-8s %7s  %s", p->cand[i].id,
			    ui_num(p->cand[i].score), ui_iso(p->cand[i].title));
			if (has != NULL && strcmp(has, p->prize) != 0) {
				a = i == p->cursor ? a : ui_attr(ui, UI_DIM);
				strbuf_reset(&sb);
				/* TRANSLATORS: a dossier that already has a
				 * prize, in the list to pick from. */
				strbuf_addf(&sb, _("%-8s %7s  %s (has: %s)"),
				    p->cand[i].id, ui_num(p->cand[i].score),
				    ui_iso(p->cand[i].title), prize_name(has));
			}
			ui_text(y, 1, cols - 2, strbuf_str(&sb), a, false);
		}
	} else if (p->mode == RATIONALE) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, _("%s \xE2\x86\x92 %s"), prize_name(p->prize),
		    p->dossier != NULL ? p->dossier : _("No award"));
		ui_text(y++, 1, cols - 2, strbuf_str(&sb), A_BOLD, false);
		y += field(ui, y, cols, _("Rationale:"), &p->rationale);
		ui_text(y++, 1, cols - 2, _("Enter records the decision; Esc "
		    "cancels."), ui_attr(ui, UI_DIM), false);
	} else if (p->mode == OVERRIDE) {
		struct wrapped w;

		strbuf_reset(&sb);
		strbuf_addf(&sb, ngettext("%s was submitted by %d voting juror, "
		    "fewer than the quorum of %d: a prize needs your written "
		    "reason to override the quorum.", "%s was submitted by %d "
		    "voting jurors, fewer than the quorum of %d: a prize needs "
		    "your written reason to override the quorum.",
		    (unsigned long)p->submitted), p->dossier, p->submitted,
		    p->quorum);
		text_wrap(strbuf_str(&sb), (size_t)(cols - 2), &w);
		for (i = 0; i < w.n && y < rows; i++)
			ui_text(y++, 1, cols - 2, w.lines[i], ui_attr(ui, UI_ERROR),
			    false);
		text_wrapped_free(&w);
		y += field(ui, y, cols, _("Reason to override the quorum:"),
		    &p->override);
		ui_text(y++, 1, cols - 2, _("Enter records the decision with this "
		    "reason; Esc cancels."), ui_attr(ui, UI_DIM), false);
	} else
		ui_text(y++, 1, cols - 2, _("1, 2, 3: assign a prize of this "
		    "category; Tab: next category."), ui_attr(ui, UI_DIM), false);
	strbuf_free(&sb);
}

static void
start(struct ui *ui, struct prizes *p, const char *prize)
{
	p->prize = prize;
	p->mode = PICK;
	p->cursor = 0;
	free(p->dossier);
	p->dossier = NULL;
}

static void pick1(struct ui *ui, void *p) { start(ui, p, "excellence"); }
static void pick2(struct ui *ui, void *p) { start(ui, p, "encouragement"); }
static void pick3(struct ui *ui, void *p) { start(ui, p, "merit"); }

static void
record(struct ui *ui, struct prizes *p)
{
	struct mw_error err = { 0 };

	/* Below the quorum, the reason to override it comes first. */
	if (p->mode == RATIONALE && p->dossier != NULL) {
		int below = decision_quorum(ui->ed, p->dossier, &p->submitted,
		    &p->quorum, &err);

		if (below < 0) {
			ui_say(ui, true, "%s", err.msg);
			return;
		}
		if (below) {
			p->mode = OVERRIDE;
			ui_edit_set(&p->override, "");
			p->override.limit = 1000;
			return;
		}
	}
	if (decision_set(ui->ed, ui->me.id, ui->categories[p->category].id,
	    p->prize, p->dossier, p->rationale.buf, p->mode == OVERRIDE ?
	    p->override.buf : NULL, &err) != 0) {
		ui_say(ui, true, "%s", err.msg);
		return;
	}
	ui_say(ui, false, _("Decision recorded."));
	p->mode = BROWSE;
	ui_edit_set(&p->rationale, "");
	load(ui, p);
}

/* The chair ends the deliberation: passphrase, then the lock. */
static void
lock(struct ui *ui, void *priv)
{
	struct prizes *p = priv;
	struct mw_error err = { 0 };
	struct secret_key *key;
	int rc;

	if (strcmp(ui->me.role, "chair") != 0) {
		ui_say(ui, true, _("Only the chair locks the edition."));
		return;
	}
	if (!ui_confirm(ui, _("Lock the edition? Nothing can change it "
	    "afterwards. (y/n)")))
		return;
	key = ui_unlock_own_key(ui, _("Passphrase of the chair's key:"));
	if (key == NULL)
		return;
	rc = lock_edition(ui->ed, ui->me.id, key, &err);
	key_free(key);
	if (rc != 0) {
		ui_say(ui, true, "%s", err.msg);
		return;
	}
	ui_reload(ui);
	load(ui, p);
	ui_say(ui, false, _("The edition is locked and sealed."));
}

static bool
key(struct ui *ui, void *priv, wint_t ch, bool fn)
{
	struct prizes *p = priv;

	if (p->mode == BROWSE)
		return false;
	if (!fn && ch == 27) {
		p->mode = BROWSE;
		ui_say(ui, false, _("Cancelled."));
		return true;
	}
	if (p->mode == PICK) {
		if (((fn && ch == KEY_DOWN) || (!fn && ch == 'j')) &&
		    p->cursor + 1 < p->ncand)
			p->cursor++;
		else if (((fn && ch == KEY_UP) || (!fn && ch == 'k')) &&
		    p->cursor > 0)
			p->cursor--;
		else if (fn && ch == KEY_HOME)
			p->cursor = 0;
		else if (fn && ch == KEY_END && p->ncand > 0)
			p->cursor = p->ncand - 1;
		else if (fn && ch == KEY_NPAGE)
			p->cursor = p->cursor + 10 < p->ncand ? p->cursor + 10 :
			    (p->ncand > 0 ? p->ncand - 1 : 0);
		else if (fn && ch == KEY_PPAGE)
			p->cursor = p->cursor > 10 ? p->cursor - 10 : 0;
		else if ((!fn && (ch == '\r' || ch == 'n')) || (fn && ch == KEY_ENTER)) {
			if (ch != 'n' && p->ncand == 0)
				return true;
			free(p->dossier);
			p->dossier = ch == 'n' ? NULL : xstrdup(p->cand[p->cursor].id);
			p->mode = RATIONALE;
			ui_edit_set(&p->rationale, "");
			p->rationale.limit = 1000;
		}
		return true;
	}
	if ((!fn && ch == '\r') || (fn && ch == KEY_ENTER)) {
		record(ui, p);
		return true;
	}
	ui_edit_key(p->mode == OVERRIDE ? &p->override : &p->rationale, ch, fn);
	return true;
}

static void
next_category(struct ui *ui, void *priv)
{
	struct prizes *p = priv;

	if (ui->ncategories > 0)
		p->category = (p->category + 1) % (int)ui->ncategories;
	load(ui, p);
}

static void
export(struct ui *ui, void *priv)
{
	(void)priv;
	ui_export_dialog(ui);
}

static void
change_phase(struct ui *ui, void *priv)
{
	ui_phase_dialog(ui);
	load(ui, priv);
}

static void
open_agenda(struct ui *ui, void *priv)
{
	(void)priv;
	ui_push(ui, &screen_agenda, NULL);
}

static const struct action actions[] = {
	{ '1', 0, "1", N_("Assign the excellence prize"), N_("excellence"),
	    pick1 },
	{ '2', 0, "2", N_("Assign the encouragement prize"), N_("encouragement"),
	    pick2 },
	{ '3', 0, "3", N_("Award a certificate of merit"), N_("merit"), pick3 },
	{ '\t', 0, "Tab", N_("Next category"), N_("category"), next_category },
	{ 'K', 0, "K", N_("Lock the edition (chair)"), N_("lock"), lock },
	{ 'E', 0, "E", N_("Export the results or the minutes, signed (chair)"),
	    N_("export"), export },
	{ 'a', 0, "a", N_("The agenda: what to discuss"), NULL, open_agenda },
	{ 'F', 0, "F", N_("Change the phase (chair)"), NULL, change_phase },
};

const struct screen screen_prizes = {
	.name = "prizes",
	.private_size = sizeof (struct prizes),
	.enter = enter,
	.leave = leave,
	.reload = reload,
	.tick = tick,
	.draw = draw,
	.key = key,
	.actions = actions,
	.nactions = sizeof actions / sizeof actions[0],
};
