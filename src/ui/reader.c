/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dossier reader: every field, the summaries wrapped and scrollable,
 * the application form section by section, the documents, my scores and
 * comments, and (for the chair) who has a conflict. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/width.h"
#include "text/wrap.h"
#include "core/attach.h"
#include "core/conflicts.h"
#include "core/form.h"
#include "core/jury.h"
#include "ui/ui.h"
#include "util/i18n.h"

struct reader {
	char *id;
	struct dossier_detail d;
	bool loaded;
	struct form_answer *answers;    /* the form, answered */
	size_t nanswers;
	struct attachment *docs;
	size_t ndocs;
	int scroll;
	int lines;              /* lines the last draw had to show */
};

static void
load(struct ui *ui, struct reader *r)
{
	struct mw_error err = { 0 };

	if (r->loaded) {
		dossier_detail_free(&r->d);
		form_answers_free(r->answers, r->nanswers);
		attachments_free(r->docs, r->ndocs);
	}
	r->answers = NULL;
	r->docs = NULL;
	r->nanswers = r->ndocs = 0;
	r->loaded = dossier_get(ui->ed, r->id, ui->me.id, &r->d, &err) == 0 &&
	    form_answers(ui->ed, r->id, &r->answers, &r->nanswers, &err) == 0 &&
	    attachments_of(ui->ed, r->id, &r->docs, &r->ndocs, &err) == 0;
	if (!r->loaded) {
		ui_say(ui, true, "%s", err.msg);
		form_answers_free(r->answers, r->nanswers);
		r->answers = NULL;
		r->nanswers = 0;
	}
}

static void
enter(struct ui *ui, void *priv, const void *arg)
{
	struct reader *r = priv;

	r->id = xstrdup(arg);
	load(ui, r);
}

static void
reload(struct ui *ui, void *priv)
{
	load(ui, priv);
}

static void
leave(struct ui *ui, void *priv)
{
	struct reader *r = priv;

	if (r->loaded) {
		dossier_detail_free(&r->d);
		form_answers_free(r->answers, r->nanswers);
		attachments_free(r->docs, r->ndocs);
	}
	free(r->id);
}

/* The content as lines, so that it scrolls as one. */
struct doc {
	char **text;
	attr_t *attr;
	size_t n;
};

static void
add(struct doc *d, const char *s, attr_t a)
{
	d->text = xrealloc(d->text, (d->n + 1) * sizeof *d->text);
	d->attr = xrealloc(d->attr, (d->n + 1) * sizeof *d->attr);
	d->text[d->n] = xstrdup(s);
	d->attr[d->n] = a;
	d->n++;
}

/* Labels take the width of the longest in the language shown. */
static size_t label_w = 17;

static void
add_field(struct doc *d, const char *label, const char *value)
{
	struct strbuf sb = STRBUF_INIT;

	text_fit(&sb, label, label_w, false);
	strbuf_adds(&sb, ui_iso(value));
	add(d, strbuf_str(&sb), A_NORMAL);
	strbuf_free(&sb);
}

static void
add_wrapped_at(struct doc *d, const char *text, int width, int indent)
{
	struct wrapped w;
	size_t i;

	text_wrap(*text ? text : "\xE2\x80\x94", (size_t)width, &w);
	for (i = 0; i < w.n; i++) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "%*s%s", indent, "", w.lines[i]);
		add(d, strbuf_str(&sb), A_NORMAL);
		strbuf_free(&sb);
	}
	text_wrapped_free(&w);
}

static void
add_wrapped(struct doc *d, const char *text, int width)
{
	add_wrapped_at(d, text, width, 2);
}

/* A histogram as one row of bars, one per bin, from ▁ to █. */
static void
histogram(struct strbuf *sb, const int *bins, int nbins)
{
	static const char *const bar[] = { "\xC2\xB7", "\xE2\x96\x81",
		"\xE2\x96\x82", "\xE2\x96\x83", "\xE2\x96\x84",
		"\xE2\x96\x85", "\xE2\x96\x86", "\xE2\x96\x87",
		"\xE2\x96\x88" };
	int i, max = 0;

	for (i = 0; i < nbins; i++)
		if (bins[i] > max)
			max = bins[i];
	for (i = 0; i < nbins; i++)
		strbuf_adds(sb, bar[max == 0 || bins[i] == 0 ? 0 :
		    1 + (bins[i] * 7 + max - 1) / max]);
}

/*
 * What the jury said, from the deliberation on: per criterion, the
 * distribution of the voting members' scores, then every member's score
 * and comment, the experts' marked advisory.
 */
static void
jury(struct ui *ui, struct reader *r, struct doc *doc, int cols)
{
	struct jury_view v;
	struct mw_error err = { 0 };
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;

	if (strcmp(ui->info.phase, "deliberation") != 0 &&
	    strcmp(ui->info.phase, "locked") != 0)
		return;
	add(doc, "", A_NORMAL);
	add(doc, _("What the jury said"), ui_attr(ui, UI_HEADER));
	if (jury_view_load(ui->ed, ui->me.id, r->id, &v, &err) != 0) {
		strbuf_addf(&sb, "  %s", err.msg);
		add(doc, strbuf_str(&sb), ui_attr(ui, UI_DIM));
		strbuf_free(&sb);
		return;
	}
	for (i = 0; i < v.n; i++) {
		const struct jury_criterion *c = &v.criteria[i];
		const struct criterion *crit = NULL;
		int bins[10], nbins;

		for (k = 0; k < ui->ncriteria; k++)
			if (strcmp(ui->criteria[k].id, c->id) == 0)
				crit = &ui->criteria[k];
		nbins = c->scale_max - c->scale_min >= 10 ? 10 :
		    (int)(c->scale_max - c->scale_min) + 1;
		if (nbins < 1)
			nbins = 1;
		jury_histogram(c, bins, nbins);
		strbuf_reset(&sb);
		strbuf_adds(&sb, "  ");
		text_fit(&sb, crit != NULL ? ui_pick(ui, crit->name_ar,
		    crit->name_fr) : c->id, (size_t)(cols > 60 ? cols - 30 : 30),
		    false);
		/* TRANSLATORS: the histogram of a criterion's scores, between
		 * the ends of its scale: "0 ▁▃█▂ 20". */
		strbuf_addf(&sb, " %s ", ui_numf(-1, c->scale_min));
		histogram(&sb, bins, nbins);
		strbuf_addf(&sb, " %s", ui_numf(-1, c->scale_max));
		add(doc, strbuf_str(&sb), A_BOLD);
		for (k = 0; k < c->n; k++) {
			const struct jury_mark *m = &c->marks[k];

			strbuf_reset(&sb);
			strbuf_adds(&sb, "    ");
			text_fit(&sb, m->name, 24, false);
			if (m->has_value)
				strbuf_addf(&sb, " %5s", ui_numf(-1, m->value));
			else
				strbuf_adds(&sb, "     \xE2\x80\x94");
			if (!m->voting)
				strbuf_addf(&sb, "  %s", _("invited expert "
				    "(advisory)"));
			else if (!m->submitted)
				strbuf_addf(&sb, "  %s", _("not submitted"));
			add(doc, strbuf_str(&sb), m->voting ? A_NORMAL :
			    ui_attr(ui, UI_DIM));
			if (*m->comment)
				add_wrapped_at(doc, m->comment, cols - 12, 6);
		}
	}
	jury_view_free(&v);
	strbuf_free(&sb);
}

/* One answer: in the interface's language first, then the other when
 * it says something else. */
static void
add_answer(struct ui *ui, struct doc *doc, const struct form_answer *a,
    int cols)
{
	const char *first = ui_pick(ui, a->value_ar, a->value_fr);
	const char *other = first == a->value_ar ? a->value_fr : a->value_ar;
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "  %s", ui_pick(ui, a->field.label_ar,
	    a->field.label_fr));
	add(doc, strbuf_str(&sb), ui_attr(ui, UI_DIM));
	strbuf_free(&sb);
	add_wrapped_at(doc, first, cols - 6, 4);
	if (*other != '\0' && strcmp(other, first) != 0)
		add_wrapped_at(doc, other, cols - 6, 4);
}

/* The application form, section by section, in the form's order. */
static void
form(struct ui *ui, struct reader *r, struct doc *doc, int cols)
{
	const char *section = NULL;
	size_t i;

	for (i = 0; i < r->nanswers; i++) {
		const struct form_answer *a = &r->answers[i];
		const char *s = ui_pick(ui, a->field.section_ar,
		    a->field.section_fr);

		if (section == NULL || strcmp(section, s) != 0) {
			if (section != NULL)
				add(doc, "", A_NORMAL);
			add(doc, *s ? s : _("Application form"),
			    ui_attr(ui, UI_HEADER));
			section = s;
		}
		add_answer(ui, doc, a, cols);
	}
	if (r->nanswers > 0)
		add(doc, "", A_NORMAL);
}

/* "1. presentation.pdf   application/pdf · 2 pages · 889 B" */
static void
documents(struct reader *r, struct doc *doc)
{
	struct strbuf sb = STRBUF_INIT;
	char size[32];
	size_t i;

	if (r->ndocs == 0)
		return;
	strbuf_addf(&sb, _("Documents (%zu): o opens one, t reads its text"),
	    r->ndocs);
	add(doc, strbuf_str(&sb), A_BOLD | A_UNDERLINE);
	for (i = 0; i < r->ndocs; i++) {
		const struct attachment *a = &r->docs[i];

		strbuf_reset(&sb);
		attachment_size_text(a->size, size, sizeof size);
		/* Each part isolated: a name, a type, a size each keep their
		 * own order in a line of the other direction. */
		strbuf_addf(&sb, "  %zu. %s  \xC2\xB7 %s", i + 1,
		    ui_iso(a->name), ui_iso(a->type));
		if (a->pages > 0) {
			char pages[64];

			snprintf(pages, sizeof pages, ngettext("%d page",
			    "%d pages", (unsigned long)a->pages), a->pages);
			strbuf_addf(&sb, " \xC2\xB7 %s", ui_iso(pages));
		}
		strbuf_addf(&sb, " \xC2\xB7 %s", ui_iso(size));
		add(doc, strbuf_str(&sb), A_NORMAL);
	}
	add(doc, "", A_NORMAL);
	strbuf_free(&sb);
}

static void
build(struct ui *ui, struct reader *r, struct doc *doc, int cols)
{
	const struct dossier_detail *d = &r->d;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	const char *labels[] = { _("Dossier:"), _("Category:"),
	    _("Title (Arabic):"), _("Title (French):"), _("Administration:"),
	    _("Web site:"), _("Scoring:") };

	label_w = 0;
	for (i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (text_width(labels[i]) + 2 > label_w)
			label_w = text_width(labels[i]) + 2;
	if (label_w > (size_t)cols / 3)
		label_w = (size_t)cols / 3;
	add(doc, ui_pick(ui, d->title_ar, d->title_fr), ui_attr(ui, UI_HEADER));
	add(doc, "", A_NORMAL);
	add_field(doc, _("Dossier:"), d->id);
	add_field(doc, _("Category:"), ui_pick(ui, d->category_ar,
	    d->category_fr));
	add_field(doc, _("Title (Arabic):"), *d->title_ar ? d->title_ar :
	    "\xE2\x80\x94");
	add_field(doc, _("Title (French):"), *d->title_fr ? d->title_fr :
	    "\xE2\x80\x94");
	add_field(doc, _("Administration:"), d->administration);
	add_field(doc, _("Web site:"), d->url);
	strbuf_addf(&sb, ngettext("%d juror has submitted scores",
	    "%d jurors have submitted scores", (unsigned long)d->submissions),
	    d->submissions);
	add_field(doc, _("Scoring:"), strbuf_str(&sb));
	strbuf_reset(&sb);
	if (d->conflict != NULL) {
		strbuf_addf(&sb, _("You have declared a conflict of interest "
		    "(%s): you do not score this dossier."), d->conflict);
		add(doc, strbuf_str(&sb), ui_attr(ui, UI_ERROR));
		strbuf_reset(&sb);
	}
	add(doc, "", A_NORMAL);
	add(doc, _("Summary (Arabic)"), ui_attr(ui, UI_HEADER));
	add_wrapped(doc, d->summary_ar, cols - 4);
	add(doc, "", A_NORMAL);
	add(doc, _("Summary (French)"), ui_attr(ui, UI_HEADER));
	add_wrapped(doc, d->summary_fr, cols - 4);
	add(doc, "", A_NORMAL);
	add(doc, d->submitted_at != NULL ? _("My scores (submitted)") :
	    _("My scores"), ui_attr(ui, UI_HEADER));
	for (i = 0; i < d->nscores && i < ui->ncriteria; i++) {
		const struct criterion *c = &ui->criteria[i];

		strbuf_adds(&sb, "  ");
		text_fit(&sb, ui_pick(ui, c->name_ar, c->name_fr), 44, false);
		if (d->scores[i].has_value)
			strbuf_addf(&sb, " %5s / %s", ui_numf(-1, d->scores[i].value),
			    ui_numf(-1, c->scale_max));
		else
			strbuf_addf(&sb, "     \xE2\x80\x94 / %s",
			    ui_numf(-1, c->scale_max));
		add(doc, strbuf_str(&sb), A_NORMAL);
		strbuf_reset(&sb);
		if (*d->scores[i].comment)
			add_wrapped(doc, d->scores[i].comment, cols - 6);
	}
	jury(ui, r, doc, cols);
	/* What the candidacy sent, after what the reader needs at a glance
	 * (my scores, and in deliberation what the jury said). */
	add(doc, "", A_NORMAL);
	documents(r, doc);
	form(ui, r, doc, cols);
	if (strcmp(ui->me.role, "chair") == 0) {
		add(doc, "", A_NORMAL);
		add(doc, _("Conflicts of interest"), ui_attr(ui, UI_HEADER));
		if (d->nconflicted == 0)
			add(doc, _("  None declared."), A_NORMAL);
		for (i = 0; i < d->nconflicted; i++) {
			strbuf_addf(&sb, "  %s", d->conflicted[i]);
			add(doc, strbuf_str(&sb), A_NORMAL);
			strbuf_reset(&sb);
		}
	}
	strbuf_free(&sb);
}

static void
draw(struct ui *ui, void *priv, int rows, int cols)
{
	struct reader *r = priv;
	struct doc doc = { NULL, NULL, 0 };
	size_t i;

	if (!r->loaded)
		return;
	build(ui, r, &doc, cols);
	r->lines = (int)doc.n;
	if (r->scroll > (int)doc.n - rows)
		r->scroll = (int)doc.n - rows > 0 ? (int)doc.n - rows : 0;
	for (i = (size_t)r->scroll; i < doc.n && (int)(i - r->scroll) < rows;
	    i++)
		ui_text(1 + (int)(i - r->scroll), 1, cols - 3, doc.text[i],
		    doc.attr[i], false);
	/* A scroll bar when it does not all fit. */
	if ((int)doc.n > rows) {
		int h = rows * rows / (int)doc.n, top = r->scroll * rows /
		    (int)doc.n, y;

		for (y = 0; y < rows; y++)
			ui_text(1 + y, cols - 1, 1, y >= top && y <= top + h ?
			    "\xE2\x94\x83" : "\xE2\x94\x82", ui_attr(ui, UI_DIM),
			    false);
	}
	for (i = 0; i < doc.n; i++)
		free(doc.text[i]);
	free(doc.text);
	free(doc.attr);
}

static void
down(struct ui *ui, void *priv)
{
	((struct reader *)priv)->scroll++;
}

static void
up(struct ui *ui, void *priv)
{
	struct reader *r = priv;

	if (r->scroll > 0)
		r->scroll--;
}

static void
page_down(struct ui *ui, void *priv)
{
	((struct reader *)priv)->scroll += LINES - 5;
}

static void
page_up(struct ui *ui, void *priv)
{
	struct reader *r = priv;

	r->scroll = r->scroll > LINES - 5 ? r->scroll - (LINES - 5) : 0;
}

static void
score(struct ui *ui, void *priv)
{
	struct reader *r = priv;

	ui_open_score(ui, r->id);
}

static void
resume(struct ui *ui, struct reader *r)
{
	load(ui, r);
}

static void
draw_fresh(struct ui *ui, void *priv, int rows, int cols)
{
	/* Scores may have changed in the form: read the dossier again (one
	 * row and a few scores). */
	resume(ui, priv);
	draw(ui, priv, rows, cols);
}

/* Declare a conflict: a member abstains (their own), the chair recuses
 * a member chosen from the commission; both with a written reason. */
static void
declare(struct ui *ui, struct reader *r, const char *juror, bool recusal)
{
	struct mw_error err = { 0 };
	struct line_edit reason = { 0 };

	ui_edit_set(&reason, "");
	if (!ui_ask_line(ui, recusal ? _("Reason for the recusal:") :
	    _("Reason for abstaining:"), &reason, false) || reason.len == 0) {
		ui_say(ui, false, _("Cancelled."));
		return;
	}
	if (conflict_declare(ui->ed, ui->me.id, juror, r->id, reason.buf,
	    recusal, &err) != 0) {
		ui_say(ui, true, "%s", err.msg);
		return;
	}
	load(ui, r);
	ui_say(ui, false, _("The conflict of interest is recorded: that member "
	    "no longer scores %s nor sees its scores."), r->id);
}

static void
abstain(struct ui *ui, void *priv)
{
	declare(ui, priv, ui->me.id, false);
}

static void
recuse(struct ui *ui, void *priv)
{
	struct mw_error err = { 0 };
	struct juror *j = NULL;
	const char **names;
	size_t n = 0, i, k = 0;
	int pick;

	if (strcmp(ui->me.role, "chair") != 0) {
		ui_say(ui, true, _("Only the chair recuses a member; a member "
		    "abstains (A)."));
		return;
	}
	if (jurors_load(ui->ed, &j, &n, &err) != 0) {
		ui_say(ui, true, "%s", err.msg);
		return;
	}
	names = xcalloc(n ? n : 1, sizeof *names);
	for (i = 0; i < n; i++)
		if (strcmp(j[i].id, ui->me.id) != 0)
			names[k++] = j[i].name;
	pick = ui_choose(ui, _("Recuse which member from this dossier?"),
	    names, k);
	if (pick < 0)
		ui_say(ui, false, _("Cancelled."));
	else
		for (i = 0; i < n; i++)
			if (j[i].name == names[pick])
				declare(ui, priv, j[i].id, true);
	free(names);
	jurors_free(j, n);
}

/* The document to act on: the only one, or one chosen from the list;
 * -1 if none.  An index: the list is read again whenever the screen is
 * drawn, as it is under the chooser. */
static int
pick_document(struct ui *ui, struct reader *r)
{
	const char **names;
	size_t i;
	int pick;

	if (r->ndocs == 0) {
		ui_say(ui, true, _("This dossier has no documents."));
		return -1;
	}
	if (r->ndocs == 1)
		return 0;
	names = xcalloc(r->ndocs, sizeof *names);
	for (i = 0; i < r->ndocs; i++)
		names[i] = xstrdup(r->docs[i].name);
	pick = ui_choose(ui, _("Which document?"), names, r->ndocs);
	for (i = 0; i < r->ndocs; i++)
		free((char *)names[i]);
	free(names);
	if (pick < 0)
		ui_say(ui, false, _("Cancelled."));
	return pick < (int)((struct reader *)r)->ndocs ? pick : -1;
}

static void
open_document(struct ui *ui, void *priv)
{
	struct reader *r = priv;
	int i = pick_document(ui, r);

	if (i >= 0)
		ui_open_document(ui, &r->docs[i]);
}

static void
read_document(struct ui *ui, void *priv)
{
	struct reader *r = priv;
	int i = pick_document(ui, r);

	if (i >= 0)
		ui_push(ui, &screen_document, &r->docs[i]);
}

static const struct action actions[] = {
	{ KEY_DOWN, 'j', "\xE2\x86\x93 j", N_("Scroll down"), NULL, down },
	{ KEY_UP, 'k', "\xE2\x86\x91 k", N_("Scroll up"), NULL, up },
	{ KEY_NPAGE, ' ', "PgDn", N_("Next page"), NULL, page_down },
	{ KEY_PPAGE, 0, "PgUp", N_("Previous page"), NULL, page_up },
	{ 's', 0, "s", N_("Score the dossier"), N_("score"), score },
	{ 'o', 0, "o", N_("Open one of its documents in the system's viewer"),
	    N_("open"), open_document },
	{ 't', 0, "t", N_("Read the text of one of its documents here"), NULL,
	    read_document },
	{ 'A', 0, "A", N_("Abstain: declare your conflict of interest"), NULL,
	    abstain },
	{ 'R', 0, "R", N_("Recuse a member from the dossier (chair)"), NULL,
	    recuse },
};

const struct screen screen_reader = {
	.name = "reader",
	.private_size = sizeof (struct reader),
	.enter = enter,
	.leave = leave,
	.reload = reload,
	.draw = draw_fresh,
	.actions = actions,
	.nactions = sizeof actions / sizeof actions[0],
};
