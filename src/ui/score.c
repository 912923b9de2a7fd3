/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scoring form: one row per criterion, a value committed when it is
 * meant (Enter, or leaving the field) and only if it is valid, a comment
 * kept as a draft at every keystroke and recorded once, the live weighted
 * total, and submission. */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "core/consensus.h"
#include "core/draft.h"
#include "core/form.h"
#include "text/width.h"
#include "text/wrap.h"
#include "ui/ui.h"
#include "util/i18n.h"

struct form {
	char *id;
	struct dossier_detail d;
	bool loaded;
	struct form_answer *answers;    /* the application form, answered */
	size_t nanswers;
	size_t row;                     /* the criterion in focus */
	bool on_comment;                /* the comment field has the keys */
	struct line_edit value;         /* what is being typed */
	struct line_edit comment;
	bool typing;                    /* value holds uncommitted keys */
	bool reopened;                  /* a consensus round, for me */
	int comment_width;              /* of its box, as last drawn */
};

static bool commit_value(struct ui *ui, struct form *f);

/* A comment is a paragraph, not a report: its length is shown as it
 * grows, and typing stops there. */
#define COMMENT_MAX 1000

static void
load(struct ui *ui, struct form *f)
{
	struct mw_error err = { 0 };

	if (f->loaded)
		dossier_detail_free(&f->d);
	form_answers_free(f->answers, f->nanswers);
	f->answers = NULL;
	f->nanswers = 0;
	f->loaded = dossier_get(ui->ed, f->id, ui->me.id, &f->d, &err) == 0 &&
	    consensus_open_for(ui->ed, ui->me.id, f->id, &f->reopened,
	    &err) == 0 &&
	    form_answers(ui->ed, f->id, &f->answers, &f->nanswers, &err) == 0;
	if (!f->loaded)
		ui_say(ui, true, "%s", err.msg);
}

static bool
read_only(const struct ui *ui, const struct form *f)
{
	return f->d.submitted_at != NULL ||
	    (strcmp(ui->info.phase, "scoring") != 0 && !f->reopened);
}

/* The field contents follow the focused criterion's stored score. */
static void
sync_fields(struct form *f)
{
	char buf[32] = "";

	if (f->row < f->d.nscores && f->d.scores[f->row].has_value)
		snprintf(buf, sizeof buf, "%g", f->d.scores[f->row].value);
	ui_edit_set(&f->value, buf);
	ui_edit_set(&f->comment, f->row < f->d.nscores ?
	    f->d.scores[f->row].comment : "");
	f->typing = false;
}

static void
enter(struct ui *ui, void *priv, const void *arg)
{
	struct form *f = priv;

	struct draft d;
	size_t i;

	f->id = xstrdup(arg);
	ui_reload(ui);
	load(ui, f);
	sync_fields(f);
	/* A comment typed when the program stopped comes back where it was
	 * being written, still a draft. */
	if (!f->loaded || read_only(ui, f) ||
	    draft_load(db_path(ui->ed), ui->me.id, &d) == 0)
		return;
	for (i = 0; i < ui->ncriteria && i < f->d.nscores; i++)
		if (strcmp(d.dossier, f->id) == 0 &&
		    strcmp(d.criterion, ui->criteria[i].id) == 0 &&
		    f->d.scores[i].has_value) {
			f->row = i;
			sync_fields(f);
			ui_edit_set(&f->comment, d.text);
			f->comment.limit = COMMENT_MAX;
			f->on_comment = true;
			ui_say(ui, false, _("Your unsaved comment was kept as a "
			    "draft: Enter records it, Esc drops it."));
		}
	draft_free(&d);
}

static void
leave(struct ui *ui, void *priv)
{
	struct form *f = priv;

	/* Leaving the form leaves the field: a valid value is committed. */
	if (f->loaded && f->typing && !read_only(ui, f))
		commit_value(ui, f);
	if (f->loaded)
		dossier_detail_free(&f->d);
	form_answers_free(f->answers, f->nanswers);
	free(f->id);
}

/* What another program changed (a sheet imported, the phase): read
 * again; what is being typed stays. */
static void
reload(struct ui *ui, void *priv)
{
	struct form *f = priv;
	struct line_edit value = f->value, comment = f->comment;
	bool typing = f->typing;

	load(ui, f);
	sync_fields(f);
	if (!f->loaded || read_only(ui, f)) {
		f->on_comment = false;
		return;
	}
	if (typing) {
		f->value = value;
		f->typing = true;
	}
	if (f->on_comment)
		f->comment = comment;
}

/* Save value (and comment, if given) of the focused criterion now. */
static bool
save(struct ui *ui, struct form *f, double value, const char *comment)
{
	struct mw_error err = { 0 };
	const struct criterion *c = &ui->criteria[f->row];

	if (score_set(ui->ed, ui->me.id, f->id, c->id, value, comment,
	    &err) != 0) {
		ui_say(ui, true, "%s", err.msg);
		return false;
	}
	load(ui, f);
	ui_say(ui, false, _("Saved."));
	return true;
}

/* The value being typed, as the person leaves the field: committed if
 * it is a number within the scale; else refused in place, with the
 * scale, and the last valid value stays.  True if nothing is refused. */
static bool
commit_value(struct ui *ui, struct form *f)
{
	const struct criterion *c = &ui->criteria[f->row];
	const struct my_score *s = &f->d.scores[f->row];
	char *end, was[32];
	double v;

	if (!f->typing)
		return true;
	if (s->has_value)
		snprintf(was, sizeof was, "%g", s->value);
	else
		snprintf(was, sizeof was, "\xE2\x80\x94");
	if (f->value.len == 0) {
		/* Erased and left: nothing meant, nothing changes. */
		sync_fields(f);
		return true;
	}
	errno = 0;
	v = strtod(f->value.buf, &end);
	if (*end != '\0' || errno != 0 || isnan(v)) {
		ui_say(ui, true, _("'%s' is not a number: %s is scored from %g to "
		    "%g; the score stays %s."), f->value.buf,
		    ui_pick(ui, c->name_ar, c->name_fr), c->scale_min,
		    c->scale_max, was);
		sync_fields(f);
		return false;
	}
	if (v < c->scale_min || v > c->scale_max) {
		ui_say(ui, true, _("%g is outside the scale: %s is scored from %g "
		    "to %g; the score stays %s."), v,
		    ui_pick(ui, c->name_ar, c->name_fr), c->scale_min,
		    c->scale_max, was);
		sync_fields(f);
		return false;
	}
	if (save(ui, f, v, NULL))
		sync_fields(f);
	return true;
}

/* Leave the comment field: Enter records the comment (one audit row for
 * the whole visit), Esc drops what was typed. */
static void
leave_comment(struct ui *ui, struct form *f, bool keep)
{
	const struct my_score *s = &f->d.scores[f->row];

	f->on_comment = false;
	if (keep && strcmp(f->comment.buf, s->comment) != 0) {
		if (save(ui, f, s->value, f->comment.buf))
			draft_clear(db_path(ui->ed), ui->me.id);
	} else {
		draft_clear(db_path(ui->ed), ui->me.id);
		if (!keep)
			ui_say(ui, false, _("The comment is as it was."));
	}
	sync_fields(f);
}

/* The comment being written, kept as a draft beside the edition. */
static void
keep_draft(struct ui *ui, struct form *f)
{
	struct mw_error err = { 0 };

	if (draft_save(db_path(ui->ed), ui->me.id, f->id,
	    ui->criteria[f->row].id, f->comment.buf, &err) != 0)
		ui_say(ui, true, "%s", err.msg);
}

static bool
key(struct ui *ui, void *priv, wint_t ch, bool fn)
{
	struct form *f = priv;

	if (!f->loaded || read_only(ui, f))
		return false;
	if (f->on_comment) {
		if (!fn && (ch == '\r' || ch == '\t' || ch == 27)) {
			leave_comment(ui, f, ch != 27);
			return true;
		}
		if (fn && ch == KEY_ENTER) {
			leave_comment(ui, f, true);
			return true;
		}
		if (fn && ch == UI_KEY_PASTE_END) {
			keep_draft(ui, f);
			return true;
		}
		/* Up and Down move between the lines of the comment. */
		if (fn && (ch == KEY_UP || ch == KEY_DOWN)) {
			ui_edit_line(&f->comment, f->comment_width,
			    ch == KEY_UP ? -1 : 1);
			return true;
		}
		{
			size_t len = f->comment.len;
			char *before = xstrdup(f->comment.buf);

			/* Kept at every change, outside the edition, until it
			 * is meant; a paste once, at its end. */
			if (ui_edit_key(&f->comment, ch, fn) && !ui->pasting &&
			    (len != f->comment.len ||
			    strcmp(before, f->comment.buf) != 0))
				keep_draft(ui, f);
			free(before);
		}
		return true;
	}
	if (!fn && ((ch >= '0' && ch <= '9') || ch == '.' || ch == ',')) {
		if (!f->typing)
			ui_edit_set(&f->value, "");
		f->typing = true;
		ui_edit_key(&f->value, ch == ',' ? '.' : ch, false);
		return true;
	}
	if ((fn && ch == KEY_BACKSPACE) || (!fn && (ch == 127 || ch == 8))) {
		if (!f->typing)
			ui_edit_set(&f->value, "");
		f->typing = true;
		ui_edit_key(&f->value, ch, fn);
		return true;
	}
	if (f->typing && ((!fn && (ch == '\r' || ch == '\t')) ||
	    (fn && ch == KEY_ENTER))) {
		commit_value(ui, f);
		return true;
	}
	/* A letter where a score is typed: said, not silently dropped
	 * (the form's own keys and those of everywhere excepted). */
	if (!fn && iswalpha(ch) && wcschr(L"jkSqL", (wchar_t)ch) == NULL) {
		const struct criterion *c = &ui->criteria[f->row];

		ui_say(ui, true, _("A score is a number from %s to %s; letters are "
		    "not scores."), ui_numf(-1, c->scale_min),
		    ui_numf(-1, c->scale_max));
		return true;
	}
	if (f->typing && !fn && ch == 27) {
		sync_fields(f);
		ui_say(ui, false, _("The score is as it was."));
		return true;
	}
	return false;
}

static void
step(struct ui *ui, struct form *f, double delta)
{
	const struct criterion *c = &ui->criteria[f->row];
	double v;

	if (!f->loaded || read_only(ui, f) || !commit_value(ui, f))
		return;
	if (!f->d.scores[f->row].has_value && delta < 0) {
		ui_say(ui, true, _("%s has no score yet: type one, or + to start "
		    "from %g."), ui_pick(ui, c->name_ar, c->name_fr), c->scale_min);
		return;
	}
	v = f->d.scores[f->row].has_value ? f->d.scores[f->row].value + delta :
	    c->scale_min;
	if (v < c->scale_min)
		v = c->scale_min;
	if (v > c->scale_max)
		v = c->scale_max;
	if (save(ui, f, v, NULL))
		sync_fields(f);
}

static void plus(struct ui *ui, void *p) { step(ui, p, 1); }
static void minus(struct ui *ui, void *p) { step(ui, p, -1); }

static void
move_row(struct ui *ui, struct form *f, int delta)
{
	/* A refused value keeps the focus on its criterion. */
	if (!commit_value(ui, f))
		return;
	if (delta < 0 && f->row > 0)
		f->row--;
	else if (delta > 0 && f->row + 1 < ui->ncriteria)
		f->row++;
	f->on_comment = false;
	sync_fields(f);
}

static void down(struct ui *ui, void *p) { move_row(ui, p, 1); }
static void up(struct ui *ui, void *p) { move_row(ui, p, -1); }

static void
edit_comment(struct ui *ui, void *priv)
{
	struct form *f = priv;

	if (!f->loaded || read_only(ui, f))
		return;
	if (!f->d.scores[f->row].has_value) {
		ui_say(ui, true, _("Give a value first; the comment is kept with "
		    "it."));
		return;
	}
	f->on_comment = true;
	sync_fields(f);
	f->comment.limit = COMMENT_MAX;
}

static void
submit(struct ui *ui, void *priv)
{
	struct form *f = priv;
	struct mw_error err = { 0 };
	struct strbuf missing = STRBUF_INIT;
	bool already;
	size_t i;

	if (!f->loaded || read_only(ui, f) || !commit_value(ui, f))
		return;
	/* Completeness first: the question is asked only of a whole form. */
	for (i = 0; i < ui->ncriteria && i < f->d.nscores; i++)
		if (!f->d.scores[i].has_value)
			strbuf_addf(&missing, "%s%s", missing.len ? ", " : "",
			    ui_pick(ui, ui->criteria[i].name_ar,
			    ui->criteria[i].name_fr));
	if (missing.len > 0) {
		ui_say(ui, true, _("Not submitted: every criterion needs a score "
		    "first; missing: %s."), strbuf_str(&missing));
		strbuf_free(&missing);
		return;
	}
	strbuf_free(&missing);
	if (!ui_confirm(ui, _("Submit? Your scores of this dossier become "
	    "final. (y/n)"))) {
		ui_say(ui, false, _("Not submitted."));
		return;
	}
	if (score_submit(ui->ed, ui->me.id, f->id, &already, &err) != 0) {
		ui_say(ui, true, "%s", err.msg);
		return;
	}
	load(ui, f);
	ui_say(ui, false, _("Submitted: your scores of %s are final."), f->id);
}

/*
 * The comment of criterion i: its label, then the text word-wrapped in a
 * box beside it; while it is written, up to four lines around the cursor
 * and how many characters of the limit are used.  Returns the lines.
 */
static int
comment_box(struct ui *ui, struct form *f, size_t i, int y, int cols,
    int rows, bool focus)
{
	const char *label = _("Comment:");
	int lw = (int)text_width(label) + 1, lines;
	bool editing = focus && f->on_comment && i == f->row;
	struct line_edit shown = { 0 };

	ui_text(y, 4, lw, label, editing ? ui_attr(ui, UI_HEADER) :
	    focus ? A_NORMAL : ui_attr(ui, UI_DIM), false);
	if (editing)
		shown = f->comment;
	else
		ui_edit_set(&shown, f->d.scores[i].comment);
	lines = editing ? 4 : (focus ? 2 : 1);
	if (editing)
		f->comment_width = cols - 8 - lw - UI_EDIT_COUNT_COLS;
	if (lines > rows - 2 - y)
		lines = rows - 2 - y > 1 ? rows - 2 - y : 1;
	return ui_edit_draw(ui, y, 4 + lw, cols - 8 - lw, lines, &shown,
	    editing, editing ? ui_attr(ui, UI_SELECTED) : focus ? A_NORMAL :
	    ui_attr(ui, UI_DIM));
}

/*
 * The candidate's answer to the criterion in focus (the form's section
 * tied to it), in the rows left between the criteria and the total: what
 * the juror weighs while scoring.
 */
static void
section_beside(struct ui *ui, struct form *f, int y, int rows, int cols)
{
	const struct criterion *c = &ui->criteria[f->row];
	bool header = false;
	size_t i, k;

	for (i = 0; i < f->nanswers && y < rows - 1; i++) {
		const struct form_answer *a = &f->answers[i];
		const char *v = ui_pick(ui, a->value_ar, a->value_fr);
		struct wrapped w;

		if (a->field.criterion == NULL ||
		    strcmp(a->field.criterion, c->id) != 0)
			continue;
		if (!header) {
			struct strbuf sb = STRBUF_INIT;

			ui_text(y++, 1, cols - 2, "", A_NORMAL, false);
			strbuf_addf(&sb, _("The candidate's answer: %s"),
			    ui_pick(ui, a->field.section_ar, a->field.section_fr));
			ui_text(y++, 2, cols - 4, strbuf_str(&sb),
			    ui_attr(ui, UI_HEADER), false);
			strbuf_free(&sb);
			header = true;
		}
		text_wrap(*v ? v : "\xE2\x80\x94", (size_t)(cols - 8), &w);
		for (k = 0; k < w.n && y < rows - 1; k++)
			ui_text(y++, 4, cols - 8, w.lines[k], A_NORMAL, false);
		if (k < w.n)
			ui_text(rows - 2, cols - 6, 3, "\xE2\x80\xA6",
			    ui_attr(ui, UI_DIM), true);
		text_wrapped_free(&w);
	}
}

static void
draw(struct ui *ui, void *priv, int rows, int cols)
{
	struct form *f = priv;
	const struct dossier_detail *d = &f->d;
	struct strbuf sb = STRBUF_INIT;
	double *values;
	double total;
	size_t i;
	int y = 1, name_w = cols - 2 - 10 - 12 - 4;

	if (!f->loaded)
		return;
	ui_text(y++, 1, cols - 2, ui_pick(ui, d->title_ar, d->title_fr),
	    ui_attr(ui, UI_HEADER), false);
	strbuf_addf(&sb, "%s \xC2\xB7 %s", d->id, d->administration);
	ui_text(y++, 1, cols - 2, strbuf_str(&sb), ui_attr(ui, UI_DIM), false);
	strbuf_reset(&sb);
	if (d->submitted_at != NULL)
		ui_text(y, 1, cols - 2, _("Submitted: these scores are final."),
		    ui_attr(ui, UI_OK) | A_BOLD, false);
	else if (read_only(ui, f))
		ui_text(y, 1, cols - 2, _("Scoring is closed: the edition is not "
		    "in the scoring phase."), ui_attr(ui, UI_ERROR), false);
	else if (f->reopened && !f->on_comment)
		ui_text(y, 1, cols - 2, _("Consensus round: score again, Enter "
		    "saves; S submits."), ui_attr(ui, UI_OK) | A_BOLD, false);
	else
		ui_text(y, 1, cols - 2, f->on_comment ?
		    _("Enter records the comment; Esc drops what you typed.") :
		    _("Type a score, Enter saves it; +/- steps; Enter: comment; "
		    "S submits."), A_NORMAL, false);
	y += 2;
	ui_text(y, 2, name_w, _("Criterion"), ui_attr(ui, UI_HEADER), false);
	ui_text(y, 2 + name_w + 1, 9, _("Scale"), ui_attr(ui, UI_HEADER), true);
	ui_text(y, 2 + name_w + 11, 10, _("My score"), ui_attr(ui, UI_HEADER),
	    true);
	y++;
	values = xcalloc(ui->ncriteria ? ui->ncriteria : 1, sizeof *values);
	for (i = 0; i < ui->ncriteria && i < d->nscores; i++) {
		const struct criterion *c = &ui->criteria[i];
		bool focus = i == f->row;
		attr_t a = focus ? ui_attr(ui, UI_SELECTED) : A_NORMAL;
		char scale[32], val[96];
		struct wrapped w;

		values[i] = d->scores[i].has_value ? d->scores[i].value : NAN;
		if (y >= rows - 2)
			continue;
		snprintf(scale, sizeof scale, "%s\xE2\x80\x93%s",
		    ui_numf(-1, c->scale_min), ui_numf(-1, c->scale_max));
		if (focus && f->typing && !read_only(ui, f))
			snprintf(val, sizeof val, "%.32s\xE2\x96\x8F", f->value.buf);
		else if (d->scores[i].has_value)
			snprintf(val, sizeof val, "%s", ui_numf(-1,
			    d->scores[i].value));
		else
			snprintf(val, sizeof val, "\xE2\x80\x94");
		ui_text(y, 1, cols - 2, "", a, false);
		ui_text(y, 2, name_w, ui_pick(ui, c->name_ar, c->name_fr), a,
		    false);
		ui_text(y, 2 + name_w + 1, 9, scale, a, true);
		ui_text(y, 2 + name_w + 11, 10, val, a | A_BOLD, true);
		y++;
		if (focus) {
			/* The description, and the comment field. */
			text_wrap(ui_pick(ui, c->description_ar, c->description_fr),
			    (size_t)(cols - 8), &w);
			for (size_t k = 0; k < w.n && k < 3 && y < rows - 3; k++)
				ui_text(y++, 4, cols - 8, w.lines[k], ui_attr(ui, UI_DIM),
				    false);
			text_wrapped_free(&w);
			y += comment_box(ui, f, i, y, cols, rows, true);
		} else if (*d->scores[i].comment) {
			y += comment_box(ui, f, i, y, cols, rows, false);
		}
	}
	if (f->row < ui->ncriteria)
		section_beside(ui, f, y, rows, cols);
	total = score_weighted_total(ui->criteria, values, ui->ncriteria);
	strbuf_reset(&sb);
	if (isnan(total))
		strbuf_adds(&sb, _("Weighted total: \xE2\x80\x94"));
	else
		strbuf_addf(&sb, _("Weighted total: %s / 100"), ui_numf(2, total));
	ui_text(rows, 2, cols - 4, strbuf_str(&sb), A_BOLD, false);
	free(values);
	strbuf_free(&sb);
}

static const struct action actions[] = {
	{ KEY_DOWN, 'j', "\xE2\x86\x93 j", N_("Next criterion"), NULL, down },
	{ KEY_UP, 'k', "\xE2\x86\x91 k", N_("Previous criterion"), NULL, up },
	{ '+', KEY_RIGHT, "+", N_("One point more"), NULL, plus },
	{ '-', KEY_LEFT, "-", N_("One point less"), NULL, minus },
	{ '\r', KEY_ENTER, "Enter", N_("Write a comment"), N_("comment"),
	    edit_comment },
	{ 'S', 0, "S", N_("Submit my scores of this dossier"), N_("submit"),
	    submit },
};

const struct screen screen_score = {
	.name = "score",
	.private_size = sizeof (struct form),
	.enter = enter,
	.leave = leave,
	.reload = reload,
	.draw = draw,
	.key = key,
	.actions = actions,
	.nactions = sizeof actions / sizeof actions[0],
};

void
ui_open_score(struct ui *ui, const char *id)
{
	struct dossier_detail d;
	struct mw_error err = { 0 };

	if (dossier_get(ui->ed, id, ui->me.id, &d, &err) != 0) {
		ui_say(ui, true, "%s", err.msg);
		return;
	}
	if (d.conflict != NULL) {
		ui_say(ui, true, _("You declared a conflict of interest with %s "
		    "(%s): you may not score it."), d.id, d.conflict);
		dossier_detail_free(&d);
		return;
	}
	dossier_detail_free(&d);
	ui_push(ui, &screen_score, id);
}
