/* Help: every key of the screen below, from its action table, and the
 * keys that work everywhere. */
#include <config.h>

#include "ui/ui.h"
#include "util/i18n.h"

const struct screen *ui_screen_below(void);

static void
draw(struct ui *ui, void *priv, int rows, int cols)
{
	const struct screen *s = ui_screen_below();
	static const struct {
		const char *keys, *help;
	} global[] = {
		{ "? F1", N_("This help") },
		{ "q Esc", N_("Back (quit from the first screen)") },
		{ "L F2", N_("Switch language: Arabic, French, English") },
		{ "Ctrl-L", N_("Redraw the screen") },
		{ "Ctrl-Z", N_("Suspend (fg to come back)") },
	};
	size_t i;
	int y = 1;

	ui_text(y++, 1, cols - 2, _("Keys of this screen"), ui_attr(ui,
	    UI_HEADER) | A_BOLD, false);
	for (i = 0; s != NULL && i < s->nactions && y < rows - 7; i++, y++) {
		ui_text(y, 3, 12, s->actions[i].key_label, A_BOLD, false);
		ui_text(y, 16, cols - 18, _(s->actions[i].help), A_NORMAL, false);
	}
	y++;
	ui_text(y++, 1, cols - 2, _("Everywhere"), ui_attr(ui, UI_HEADER) |
	    A_BOLD, false);
	for (i = 0; i < sizeof global / sizeof global[0] && y <= rows; i++, y++) {
		ui_text(y, 3, 12, global[i].keys, A_BOLD, false);
		ui_text(y, 16, cols - 18, _(global[i].help), A_NORMAL, false);
	}
}

const struct screen screen_help = {
	.name = "help",
	.draw = draw,
};
