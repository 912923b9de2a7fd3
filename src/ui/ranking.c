/* The ranking of a category as mudawala ranking computes it, with what
 * the phase lets this person see, and strong disagreement marked. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "core/ranking.h"
#include "ui/ui.h"
#include "util/i18n.h"

/* A spread of totals above this (points of 100) is worth discussing. */
#define DISAGREEMENT 15.0

struct rank_row {
	char *cells[8];
};

struct ranking {
	int category;
	struct rank_row *rows;
	size_t n, cap;
	size_t top, cursor;
	enum ranking_view view;
};

static int
collect(void *ctx, const char *const *cells, size_t n, const char *json,
    struct mw_error *err)
{
	struct ranking *r = ctx;
	size_t i;

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->rows = xrealloc(r->rows, r->cap * sizeof *r->rows);
	}
	for (i = 0; i < 8; i++)
		r->rows[r->n].cells[i] = xstrdup(i < n && cells[i] ? cells[i] : "");
	r->n++;
	return 0;
}

static void
clear_rows(struct ranking *r)
{
	size_t i, k;

	for (i = 0; i < r->n; i++)
		for (k = 0; k < 8; k++)
			free(r->rows[i].cells[k]);
	r->n = 0;
	r->top = r->cursor = 0;
}

static void
load(struct ui *ui, struct ranking *r)
{
	struct mw_error err = { 0 };

	clear_rows(r);
	if (ui->ncategories == 0)
		return;
	if (ranking_visible(ui->ed, ui->me.id, ui->categories[r->category].id,
	    ui_data_lang(ui), &r->view, collect, r, &err) != 0)
		ui_say(ui, true, "%s", err.msg);
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
leave(struct ui *ui, void *priv)
{
	struct ranking *r = priv;

	clear_rows(r);
	free(r->rows);
}

static void
draw(struct ui *ui, void *priv, int rows, int cols)
{
	struct ranking *r = priv;
	const char *note;
	int title_w = cols - 2 - 6 - 9 - 9 - 5 - 9 - 16, y = 1, list;
	size_t i;

	if (ui->ncategories == 0)
		return;
	ui_text(y++, 1, cols - 2, ui_pick(ui, ui->categories[r->category].name_ar,
	    ui->categories[r->category].name_fr), ui_attr(ui, UI_HEADER) | A_BOLD,
	    false);
	switch (r->view) {
	case RANKING_VIEW_OWN:
		note = _("During scoring you see your own totals only.");
		break;
	case RANKING_VIEW_PROGRESS:
		note = _("During scoring the chair sees how many voting members "
		    "submitted each dossier, not the scores.");
		break;
	default:
		note = _("Mean of the voting members' weighted totals (0-100); "
		    "! marks strong disagreement.");
		break;
	}
	ui_text(y++, 1, cols - 2, note, ui_attr(ui, UI_DIM), false);
	y++;
	ui_text(y, 1, 5, _("Rank"), ui_attr(ui, UI_HEADER), true);
	ui_text(y, 7, 8, _("Dossier"), ui_attr(ui, UI_HEADER), false);
	ui_text(y, 16, title_w, _("Title"), ui_attr(ui, UI_HEADER), false);
	ui_text(y, 17 + title_w, 8, _("Score"), ui_attr(ui, UI_HEADER), true);
	ui_text(y, 26 + title_w, 4, _("n"), ui_attr(ui, UI_HEADER), true);
	ui_text(y, 31 + title_w, 8, _("Spread"), ui_attr(ui, UI_HEADER), true);
	ui_text(y, 40 + title_w, 15, _("Flags"), ui_attr(ui, UI_HEADER), false);
	y++;
	list = rows - y;
	if (r->cursor < r->top)
		r->top = r->cursor;
	if (list > 0 && r->cursor >= r->top + (size_t)list)
		r->top = r->cursor - (size_t)list + 1;
	for (i = r->top; i < r->n && y <= rows; i++, y++) {
		char *const *c = r->rows[i].cells;
		attr_t a = i == r->cursor ? ui_attr(ui, UI_SELECTED) : A_NORMAL;
		bool disputed = *c[6] && strtod(c[6], NULL) > DISAGREEMENT;
		struct strbuf flags = STRBUF_INIT;

		if (disputed)
			strbuf_adds(&flags, "! ");
		strbuf_adds(&flags, c[7]);
		ui_text(y, 0, cols, "", a, false);
		ui_text(y, 1, 5, c[1], a | A_BOLD, true);
		ui_text(y, 7, 8, c[2], a, false);
		ui_text(y, 16, title_w, c[3], a, false);
		ui_text(y, 17 + title_w, 8, c[4], a | A_BOLD, true);
		ui_text(y, 26 + title_w, 4, c[5], a, true);
		ui_text(y, 31 + title_w, 8, c[6], disputed && i != r->cursor ?
		    ui_attr(ui, UI_ERROR) : a, true);
		ui_text(y, 40 + title_w, cols - 41 - title_w, strbuf_str(&flags),
		    disputed && i != r->cursor ? ui_attr(ui, UI_ERROR) : a, false);
		strbuf_free(&flags);
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

	if (r->cursor + 1 < r->n)
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
open_reader(struct ui *ui, void *priv)
{
	struct ranking *r = priv;

	if (r->n > 0)
		ui_push(ui, &screen_reader, r->rows[r->cursor].cells[2]);
}

static const struct action actions[] = {
	{ KEY_DOWN, 'j', "\xE2\x86\x93 j", N_("Next dossier"), NULL, down },
	{ KEY_UP, 'k', "\xE2\x86\x91 k", N_("Previous dossier"), NULL, up },
	{ '\t', KEY_RIGHT, "Tab", N_("Next category"), N_("category"),
	    next_category },
	{ KEY_BTAB, KEY_LEFT, "S-Tab", N_("Previous category"), NULL,
	    prev_category },
	{ '\r', KEY_ENTER, "Enter", N_("Read the dossier"), N_("read"),
	    open_reader },
};

const struct screen screen_ranking = {
	.name = "ranking",
	.private_size = sizeof (struct ranking),
	.enter = enter,
	.leave = leave,
	.draw = draw,
	.actions = actions,
	.nactions = sizeof actions / sizeof actions[0],
};
