/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Compare: the marked dossiers side by side, one column each, one row per
 * criterion, bars to see differences at a glance, the best highlighted. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/compare.h"
#include "core/jury.h"
#include "text/width.h"
#include "ui/ui.h"
#include "util/i18n.h"

struct comparison {
	struct compare c;
	bool loaded;
	/* What each member gave, where the rules let this person see it. */
	struct jury_view jury[COMPARE_MAX];
	bool jury_shown[COMPARE_MAX];
};

static void
enter(struct ui *ui, void *priv, const void *arg)
{
	struct comparison *p = priv;
	struct mw_error err = { 0 };

	size_t k;

	p->loaded = compare_load(ui->ed, ui->me.id,
	    (const char *const *)ui->marked, ui->nmarked, ui_data_lang(ui),
	    &p->c, &err) == 0;
	if (!p->loaded) {
		ui_say(ui, true, "%s", err.msg);
		return;
	}
	for (k = 0; k < p->c.ncolumns && p->c.show_jury; k++) {
		struct mw_error ignored = { 0 };

		/* Refused (conflict, not yet submitted): the means only. */
		p->jury_shown[k] = jury_view_load(ui->ed, ui->me.id,
		    p->c.columns[k].id, &p->jury[k], &ignored) == 0;
	}
}

static void
leave(struct ui *ui, void *priv)
{
	struct comparison *p = priv;

	size_t k;

	for (k = 0; k < COMPARE_MAX; k++)
		if (p->jury_shown[k])
			jury_view_free(&p->jury[k]);
	memset(p->jury_shown, 0, sizeof p->jury_shown);
	if (p->loaded)
		compare_free(&p->c);
	p->loaded = false;
}

static void
reload(struct ui *ui, void *priv)
{
	struct comparison *p = priv;

	leave(ui, p);
	enter(ui, p, NULL);
}

/* "12 ████▌" — the value, then its bar over the scale. */
static void
cell_text(struct strbuf *sb, double v, double max, int width)
{
	if (isnan(v)) {
		strbuf_adds(sb, "\xE2\x80\x94");
		return;
	}
	strbuf_addf(sb, "%5s ", ui_numf(2, v));
	text_bar(sb, v, max, width - 7, ui_mirrored());
}

/* A row of totals on 0-100, the best highlighted. */
static void
draw_totals(struct ui *ui, int y, int label_w, int colw, const char *label,
    const double *values, size_t n)
{
	int best = compare_best(values, n);
	size_t k;

	ui_text(y, 1, label_w - 1, label, A_BOLD, false);
	for (k = 0; k < n; k++) {
		struct strbuf sb = STRBUF_INIT;

		cell_text(&sb, values[k], 100, colw - 1);
		ui_text(y, 1 + label_w + (int)k * colw, colw - 1, strbuf_str(&sb),
		    (int)k == best ? ui_attr(ui, UI_BEST) : A_BOLD, false);
		strbuf_free(&sb);
	}
}

/* The members' scores of one criterion, voting members by name then the
 * experts' in brackets: "16 18 20 · [14]". */
static void
member_scores(struct strbuf *sb, const struct comparison *p, size_t k,
    const char *criterion)
{
	size_t i, m;
	bool experts = false;

	if (!p->jury_shown[k]) {
		strbuf_adds(sb, "\xE2\x80\x94");
		return;
	}
	for (i = 0; i < p->jury[k].n; i++) {
		const struct jury_criterion *c = &p->jury[k].criteria[i];

		if (strcmp(c->id, criterion) != 0)
			continue;
		for (m = 0; m < c->n; m++) {
			const struct jury_mark *mk = &c->marks[m];

			if (!mk->voting && !experts) {
				strbuf_adds(sb, " \xC2\xB7");
				experts = true;
			}
			if (!mk->has_value)
				strbuf_addf(sb, mk->voting ? " \xE2\x80\x94" :
				    " [\xE2\x80\x94]");
			else
				strbuf_addf(sb, mk->voting ? " %s" : " [%s]",
				    ui_numf(-1, mk->value));
		}
	}
}

static void
draw(struct ui *ui, void *priv, int rows, int cols)
{
	struct comparison *p = priv;
	const struct compare *c = &p->c;
	int label_w = 26, colw, y = 1;
	size_t i, k;
	double row[COMPARE_MAX];

	if (!p->loaded)
		return;
	colw = (cols - 2 - label_w) / (int)c->ncolumns;
	ui_text(y, 1, cols - 2, c->show_jury ? _("My scores; the jury's mean \xC2\xB1 "
	    "standard deviation (voting members who submitted), then each "
	    "member's score.") : _("My scores "
	    "(the jury's scores are shown from deliberation on)."),
	    ui_attr(ui, UI_DIM), false);
	y += 2;
	for (k = 0; k < c->ncolumns; k++) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "%s %s", c->columns[k].id,
		    ui_iso(c->columns[k].title));
		ui_text(y, 1 + label_w + (int)k * colw, colw - 1, strbuf_str(&sb),
		    ui_attr(ui, UI_HEADER), false);
		strbuf_free(&sb);
	}
	y++;
	for (i = 0; i < c->ncriteria && i < ui->ncriteria && y < rows - 3; i++) {
		const struct criterion *cr = &ui->criteria[i];
		int best;

		ui_text(y, 1, label_w - 1, ui_pick(ui, cr->name_ar, cr->name_fr),
		    A_BOLD, false);
		for (k = 0; k < c->ncolumns; k++)
			row[k] = c->columns[k].cells[i].mine;
		best = compare_best(row, c->ncolumns);
		for (k = 0; k < c->ncolumns; k++) {
			struct strbuf sb = STRBUF_INIT;

			cell_text(&sb, row[k], cr->scale_max, colw - 1);
			ui_text(y, 1 + label_w + (int)k * colw, colw - 1,
			    strbuf_str(&sb), (int)k == best ? ui_attr(ui, UI_BEST) :
			    A_NORMAL, false);
			strbuf_free(&sb);
		}
		y++;
		if (c->show_jury) {
			ui_text(y, 3, label_w - 3, _("jury"), ui_attr(ui, UI_DIM),
			    false);
			for (k = 0; k < c->ncolumns; k++) {
				const struct compare_cell *cell = &c->columns[k].cells[i];
				char buf[64];

				if (isnan(cell->mean))
					snprintf(buf, sizeof buf, "\xE2\x80\x94");
				else
					snprintf(buf, sizeof buf, "%5s \xC2\xB1 %s (n=%d)",
					    ui_numf(2, cell->mean), ui_numf(2, cell->sd),
					    cell->n);
				ui_text(y, 1 + label_w + (int)k * colw, colw - 1, buf,
				    ui_attr(ui, UI_DIM), false);
			}
			y++;
			ui_text(y, 3, label_w - 3, _("each member"),
			    ui_attr(ui, UI_DIM), false);
			for (k = 0; k < c->ncolumns; k++) {
				struct strbuf sb = STRBUF_INIT;

				member_scores(&sb, p, k, cr->id);
				ui_text(y, 1 + label_w + (int)k * colw, colw - 1,
				    strbuf_str(&sb), ui_attr(ui, UI_DIM), false);
				strbuf_free(&sb);
			}
			y++;
		}
	}
	y++;
	for (k = 0; k < c->ncolumns; k++)
		row[k] = c->columns[k].my_total;
	draw_totals(ui, y++, label_w, colw, _("My total (0-100)"), row,
	    c->ncolumns);
	if (c->show_jury && y < rows) {
		for (k = 0; k < c->ncolumns; k++)
			row[k] = c->columns[k].jury_total;
		draw_totals(ui, y, label_w, colw, _("Jury score (0-100)"), row,
		    c->ncolumns);
	}
}

static void
clear_marks(struct ui *ui, void *priv)
{
	size_t i;

	for (i = 0; i < ui->nmarked; i++)
		free(ui->marked[i]);
	ui->nmarked = 0;
	ui_say(ui, false, _("Marks cleared."));
	ui_pop(ui);
}

static const struct action actions[] = {
	{ 'x', 0, "x", N_("Clear the marks and go back"), N_("clear marks"),
	    clear_marks },
};

const struct screen screen_compare = {
	.name = "compare",
	.private_size = sizeof (struct comparison),
	.enter = enter,
	.leave = leave,
	.reload = reload,
	.draw = draw,
	.actions = actions,
	.nactions = sizeof actions / sizeof actions[0],
};
