/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Help: every key of the screen below, from its action table, and the
 * keys that work everywhere; it scrolls when they outgrow the window. */
#include <config.h>

#include <stdio.h>

#include "ui/ui.h"
#include "util/i18n.h"

const struct screen *ui_screen_below(void);

struct help {
	int top;                /* the first line shown */
	int lines, rows;        /* of the last draw */
};

static const struct {
	const char *keys, *help;
} global[] = {
	{ "? F1", N_("This help") },
	{ "q Esc", N_("Back; on the first screen q asks before quitting") },
	{ "L F2", N_("Switch language: Arabic, French, English") },
	{ "Ctrl-L", N_("Redraw the screen") },
	{ "Ctrl-Z", N_("Suspend (fg to come back)") },
	{ "Ctrl-C", N_("End the program at once; what is saved stays saved") },
	{ "", N_("Arabic shown as boxes: the terminal's font has no Arabic; "
	    "start xterm with -fa 'DejaVu Sans Mono' (fonts-dejavu-core)") },
	{ "", N_("Arabic read backwards: the terminal reorders it itself; "
	    "start mudawala with --bidi terminal") },
};

#define NGLOBAL (sizeof global / sizeof global[0])

static void
draw(struct ui *ui, void *priv, int rows, int cols)
{
	struct help *h = priv;
	const struct screen *s = ui_screen_below();
	size_t nscreen = s != NULL ? s->nactions : 0, i;
	/* Lines: a heading, the screen's keys, a blank, a heading, the
	 * keys of everywhere. */
	int total = 1 + (int)nscreen + 2 + (int)NGLOBAL, line, y = 1;

	h->lines = total;
	h->rows = rows - 1;
	if (h->top > total - h->rows)
		h->top = total - h->rows > 0 ? total - h->rows : 0;
	for (line = h->top; line < total && y < rows; line++, y++) {
		if (line == 0)
			ui_text(y, 1, cols - 2, _("Keys of this screen"),
			    ui_attr(ui, UI_HEADER) | A_BOLD, false);
		else if (line <= (int)nscreen) {
			i = (size_t)line - 1;
			ui_text(y, 3, 12, s->actions[i].key_label, A_BOLD, false);
			ui_text(y, 16, cols - 18, _(s->actions[i].help), A_NORMAL,
			    false);
		} else if (line == (int)nscreen + 2)
			ui_text(y, 1, cols - 2, _("Everywhere"),
			    ui_attr(ui, UI_HEADER) | A_BOLD, false);
		else if (line > (int)nscreen + 2) {
			i = (size_t)(line - (int)nscreen - 3);
			ui_text(y, 3, 12, global[i].keys, A_BOLD, false);
			ui_text(y, 16, cols - 18, _(global[i].help), A_NORMAL, false);
		}
	}
	/* Where the window is in the list, when it does not show it all. */
	if (total > h->rows) {
		char where[64];

		snprintf(where, sizeof where, _("lines %d\xE2\x80\x93%d of %d "
		    "(\xE2\x86\x91\xE2\x86\x93 PgUp PgDn)"), h->top + 1,
		    h->top + h->rows < total ? h->top + h->rows : total, total);
		ui_text(rows, 1, cols - 2, where, ui_attr(ui, UI_DIM), true);
	}
}

static void
scroll_by(struct help *h, int delta)
{
	h->top += delta;
	if (h->top > h->lines - h->rows)
		h->top = h->lines - h->rows;
	if (h->top < 0)
		h->top = 0;
}

static void down(struct ui *ui, void *p) { scroll_by(p, 1); }
static void up(struct ui *ui, void *p) { scroll_by(p, -1); }
static void page_down(struct ui *ui, void *p) { scroll_by(p, LINES - 5); }
static void page_up(struct ui *ui, void *p) { scroll_by(p, -(LINES - 5)); }
static void first(struct ui *ui, void *p) { scroll_by(p, -100000); }
static void last(struct ui *ui, void *p) { scroll_by(p, 100000); }

static const struct action actions[] = {
	{ KEY_DOWN, 'j', "\xE2\x86\x93 j", N_("Scroll down"), NULL, down },
	{ KEY_UP, 'k', "\xE2\x86\x91 k", N_("Scroll up"), NULL, up },
	{ KEY_NPAGE, ' ', "PgDn", N_("Next page"), NULL, page_down },
	{ KEY_PPAGE, 0, "PgUp", N_("Previous page"), NULL, page_up },
	{ KEY_HOME, 'g', "Home g", N_("Top"), NULL, first },
	{ KEY_END, 'G', "End G", N_("Bottom"), NULL, last },
};

const struct screen screen_help = {
	.name = "help",
	.private_size = sizeof (struct help),
	.draw = draw,
	.actions = actions,
	.nactions = sizeof actions / sizeof actions[0],
};
