/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The agenda (chair and jury, in deliberation): the dossiers to discuss,
 * most disputed first, each flagged member's distance from the mean; the
 * chair opens a consensus round on the one selected. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "core/agenda.h"
#include "core/consensus.h"
#include "core/jury.h"
#include "ui/job.h"
#include "ui/ui.h"
#include "util/i18n.h"

#define AGENDA_CELLS 8
#define AGENDA_SAID 3

struct agenda {
	struct ui_rows rows;            /* agenda_columns */
	size_t n, cursor, top;
	struct juror *jurors;
	size_t njurors;
	/* The flagged members' comments on the selected dossier, one line
	 * each, read once per selection. */
	char *said_of;
	char *said[AGENDA_SAID];
	size_t nsaid;
	struct ui_job *job;             /* computing the rows */
};

/* What the job computes: the agenda in one language. */
struct agenda_args {
	char lang[4];
};

static void
clear_rows(struct agenda *a)
{
	ui_rows_clear(&a->rows);
	a->rows.ncols = AGENDA_CELLS;
	a->n = 0;
}

static void
forget_said(struct agenda *a)
{
	size_t i;

	for (i = 0; i < a->nsaid; i++)
		free(a->said[i]);
	a->nsaid = 0;
	free(a->said_of);
	a->said_of = NULL;
}

/* In a thread of its own (job.h): every category's totals are read. */
static int
compute(struct edition *ed, const void *arg, struct ui_rows *out,
    char **notes, struct mw_error *err)
{
	const struct agenda_args *args = arg;

	*notes = NULL;
	return agenda_run(ed, NULL, args->lang, ui_rows_add, out, err);
}

/* The rows, once computed; what was shown stays until then. */
static void
tick(struct ui *ui, void *priv)
{
	struct agenda *a = priv;
	struct mw_error err = { 0 };
	size_t cursor = a->cursor;
	char *notes = NULL;

	if (a->job == NULL || !ui_job_done(a->job))
		return;
	if (ui_job_finish(ui, a->job, &a->rows, &notes, &err) != 0)
		ui_say(ui, true, "%s", err.msg);
	free(notes);
	a->job = NULL;
	a->rows.ncols = AGENDA_CELLS;
	a->n = a->rows.n;
	a->cursor = cursor < a->n ? cursor : 0;
}

static void
load(struct ui *ui, struct agenda *a)
{
	struct mw_error err = { 0 };
	struct agenda_args args;

	ui_job_cancel(ui, a->job);
	snprintf(args.lang, sizeof args.lang, "%s", ui_data_lang(ui));
	a->job = ui_job_start(ui, compute, &args, sizeof args, AGENDA_CELLS,
	    &err);
	if (a->job == NULL)
		ui_say(ui, true, "%s", err.msg);
	tick(ui, a);
}

static void
enter(struct ui *ui, void *priv, const void *arg)
{
	struct agenda *a = priv;
	struct mw_error err = { 0 };

	(void)arg;
	if (jurors_load(ui->ed, &a->jurors, &a->njurors, &err) != 0)
		ui_say(ui, true, "%s", err.msg);
	load(ui, a);
}

static void
reload(struct ui *ui, void *priv)
{
	forget_said(priv);
	load(ui, priv);
}

static void
leave(struct ui *ui, void *priv)
{
	struct agenda *a = priv;

	ui_job_cancel(ui, a->job);
	a->job = NULL;
	clear_rows(a);
	forget_said(a);
	jurors_free(a->jurors, a->njurors);
}

/* "hg:-16.50 mic:+11.00" in names: "Youssef El Amrani −16.50, …". */
static void
outliers(const struct agenda *a, const char *list, struct strbuf *sb)
{
	while (*list != '\0') {
		size_t n = strcspn(list, " "), idlen = strcspn(list, ":"), i;
		const char *name = NULL;

		if (idlen > n)
			idlen = n;
		for (i = 0; i < a->njurors; i++)
			if (strlen(a->jurors[i].id) == idlen &&
			    strncmp(a->jurors[i].id, list, idlen) == 0)
				name = a->jurors[i].name;
		char off[32];

		snprintf(off, sizeof off, "%.*s", (int)(n - idlen - (idlen < n)),
		    list + idlen + (idlen < n));
		strbuf_addf(sb, "%s%s %s", sb->len ? ", " : "",
		    name != NULL ? name : "?", ui_num(off));
		list += n + (list[n] == ' ');
	}
}

/* What each member outside the corridor wrote on the dossier. */
static void
load_said(struct ui *ui, struct agenda *a)
{
	const char *dossier = ui_row(&a->rows, a->cursor)[1];
	const char *list = ui_row(&a->rows, a->cursor)[7];
	struct mw_error err = { 0 };
	struct jury_view v;
	size_t i, k;

	if (a->said_of != NULL && strcmp(a->said_of, dossier) == 0)
		return;
	forget_said(a);
	a->said_of = xstrdup(dossier);
	if (jury_view_load(ui->ed, ui->me.id, dossier, &v, &err) != 0)
		return;
	while (*list != '\0' && a->nsaid < AGENDA_SAID) {
		size_t n = strcspn(list, ":");
		struct strbuf sb = STRBUF_INIT;
		const char *name = NULL;

		for (i = 0; i < v.n; i++)
			for (k = 0; k < v.criteria[i].n; k++) {
				const struct jury_mark *m = &v.criteria[i].marks[k];

				if (strlen(m->juror) != n ||
				    strncmp(m->juror, list, n) != 0)
					continue;
				name = m->name;
				if (*m->comment)
					strbuf_addf(&sb, "%s%s", sb.len ? " \xC2\xB7 " : "",
					    m->comment);
			}
		if (name != NULL) {
			struct strbuf line = STRBUF_INIT;

			/* TRANSLATORS: a member and what they wrote. */
			strbuf_addf(&line, _("%s: %s"), name, sb.len ? strbuf_str(&sb) :
			    _("no comment"));
			a->said[a->nsaid++] = strbuf_detach(&line);
		}
		strbuf_free(&sb);
		list += strcspn(list, " ");
		list += *list == ' ';
	}
	jury_view_free(&v);
}

static void
draw(struct ui *ui, void *priv, int rows, int cols)
{
	struct agenda *a = priv;
	int y = 1, title_w = cols - 2 - 9 - 5 - 9 - 11 - 9;
	size_t i;

	ui_text(y++, 1, cols - 2, _("Most disputed first: a member's total "
	    "lies outside the corridor."),
	    ui_attr(ui, UI_DIM), false);
	y++;
	if (a->job != NULL && a->n == 0) {
		ui_job_draw(ui, a->job, y, cols);
		return;
	}
	if (a->n == 0) {
		ui_text(y, 1, cols - 2, _("Nothing on the agenda: every total lies "
		    "within the corridor."), A_BOLD, false);
		return;
	}
	ui_text(y, 1, 8, _("Dossier"), ui_attr(ui, UI_HEADER), false);
	ui_text(y, 10, title_w, _("Title"), ui_attr(ui, UI_HEADER), false);
	ui_text(y, 11 + title_w, 4, _("n"), ui_attr(ui, UI_HEADER), true);
	ui_text(y, 16 + title_w, 8, _("Mean"), ui_attr(ui, UI_HEADER), true);
	ui_text(y, 25 + title_w, 10, _("Std. dev."), ui_attr(ui, UI_HEADER),
	    true);
	ui_text(y, 36 + title_w, 8, _("Spread"), ui_attr(ui, UI_HEADER), true);
	y++;
	load_said(ui, a);
	if (a->cursor < a->top)
		a->top = a->cursor;
	if (a->cursor >= a->top + (size_t)(rows - y - 3 - AGENDA_SAID))
		a->top = a->cursor - (size_t)(rows - y - 3 - AGENDA_SAID) + 1;
	for (i = a->top; i < a->n && y < rows - 2 - AGENDA_SAID; i++, y++) {
		char *const *c = ui_row(&a->rows, i);
		attr_t at = i == a->cursor ? ui_attr(ui, UI_SELECTED) : A_NORMAL;

		ui_text(y, 0, cols, "", at, false);
		ui_text(y, 1, 8, c[1], at, false);
		ui_text(y, 10, title_w, c[2], at, false);
		ui_text(y, 11 + title_w, 4, c[3], at, true);
		ui_text(y, 16 + title_w, 8, ui_num(c[4]), at, true);
		ui_text(y, 25 + title_w, 10, ui_num(c[5]), at, true);
		ui_text(y, 36 + title_w, 8, ui_num(c[6]), at, true);
	}
	{
		struct strbuf sb = STRBUF_INIT, names = STRBUF_INIT;

		outliers(a, ui_row(&a->rows, a->cursor)[7], &names);
		strbuf_addf(&sb, _("Outside the corridor: %s"), strbuf_str(&names));
		ui_text(rows - 1 - AGENDA_SAID, 1, cols - 2, strbuf_str(&sb),
		    ui_attr(ui, UI_ERROR), false);
		for (i = 0; i < a->nsaid; i++)
			ui_text(rows - AGENDA_SAID + (int)i, 3, cols - 4, a->said[i],
			    ui_attr(ui, UI_DIM), false);
		ui_text(rows, 1, cols - 2, _("Enter reads what the jury said; C "
		    "opens a consensus round (chair)."),
		    ui_attr(ui, UI_DIM), false);
		strbuf_free(&sb);
		strbuf_free(&names);
	}
}

static void
down(struct ui *ui, void *priv)
{
	struct agenda *a = priv;

	(void)ui;
	if (a->cursor + 1 < a->n)
		a->cursor++;
}

static void
up(struct ui *ui, void *priv)
{
	struct agenda *a = priv;

	(void)ui;
	if (a->cursor > 0)
		a->cursor--;
}

static void
page_down(struct ui *ui, void *p)
{
	ui_list_move(&((struct agenda *)p)->cursor, ((struct agenda *)p)->n, UI_PAGE);
}

static void
page_up(struct ui *ui, void *p)
{
	ui_list_move(&((struct agenda *)p)->cursor, ((struct agenda *)p)->n, -UI_PAGE);
}

static void
first(struct ui *ui, void *p)
{
	ui_list_move(&((struct agenda *)p)->cursor, ((struct agenda *)p)->n, -UI_ALL);
}

static void
last(struct ui *ui, void *p)
{
	ui_list_move(&((struct agenda *)p)->cursor, ((struct agenda *)p)->n, UI_ALL);
}

static void
read_dossier(struct ui *ui, void *priv)
{
	struct agenda *a = priv;

	if (a->n > 0)
		ui_push(ui, &screen_reader, ui_row(&a->rows, a->cursor)[1]);
}

/* The chair reopens the selected dossier for the members outside the
 * corridor, with the reason the discussion gave. */
static void
consensus(struct ui *ui, void *priv)
{
	struct agenda *a = priv;
	struct mw_error err = { 0 };
	struct strbuf who = STRBUF_INIT;
	struct line_edit reason = { 0 };
	const char *dossier;

	if (a->n == 0)
		return;
	if (strcmp(ui->me.role, "chair") != 0) {
		ui_say(ui, true, _("Only the chair opens a consensus round."));
		return;
	}
	dossier = ui_row(&a->rows, a->cursor)[1];
	ui_edit_set(&reason, "");
	if (!ui_ask_line(ui, _("Reason for the consensus round:"), &reason,
	    false)) {
		ui_say(ui, false, _("Cancelled."));
		return;
	}
	if (consensus_open(ui->ed, ui->me.id, dossier, reason.buf, &who,
	    &err) != 0)
		ui_say(ui, true, "%s", err.msg);
	else
		ui_say(ui, false, _("Consensus round on %s: %s may score it "
		    "again."), dossier, strbuf_str(&who));
	strbuf_free(&who);
	ui_reload(ui);
	forget_said(a);
	load(ui, a);
}

static const struct action actions[] = {
	{ KEY_DOWN, 'j', "\xE2\x86\x93 j", N_("Next dossier"), NULL, down },
	{ KEY_UP, 'k', "\xE2\x86\x91 k", N_("Previous dossier"), NULL, up },
	{ KEY_NPAGE, 0, "PgDn", N_("Next page"), NULL, page_down },
	{ KEY_PPAGE, 0, "PgUp", N_("Previous page"), NULL, page_up },
	{ KEY_HOME, 'g', "Home g", N_("First dossier"), NULL, first },
	{ KEY_END, 'G', "End G", N_("Last dossier"), NULL, last },
	{ '\r', KEY_ENTER, "Enter", N_("Read the dossier and what the jury "
	    "said"), N_("read"), read_dossier },
	{ 'C', 0, "C", N_("Open a consensus round on the dossier (chair)"),
	    N_("consensus"), consensus },
};

const struct screen screen_agenda = {
	.name = "agenda",
	.private_size = sizeof (struct agenda),
	.enter = enter,
	.leave = leave,
	.reload = reload,
	.tick = tick,
	.draw = draw,
	.actions = actions,
	.nactions = sizeof actions / sizeof actions[0],
};
