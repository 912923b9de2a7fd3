/* Who are you: the commission member at the keyboard. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "ui/ui.h"
#include "util/i18n.h"

struct login {
	struct juror *jurors;
	size_t n;
	size_t cursor;
};

static void
enter(struct ui *ui, void *priv, const void *arg)
{
	struct login *l = priv;
	struct mw_error err = { 0 };

	if (jurors_load(ui->ed, &l->jurors, &l->n, &err) != 0)
		ui_say(ui, true, "%s", err.msg);
}

static void
leave(struct ui *ui, void *priv)
{
	struct login *l = priv;

	jurors_free(l->jurors, l->n);
}

static const char *
role_name(const char *role)
{
	if (strcmp(role, "chair") == 0)
		return _("chair");
	if (strcmp(role, "expert") == 0)
		return _("invited expert (advisory)");
	return _("member");
}

static void
draw(struct ui *ui, void *priv, int rows, int cols)
{
	struct login *l = priv;
	size_t i;

	ui_text(2, 2, cols - 4, _("Who is at the keyboard?"), A_BOLD, false);
	ui_text(3, 2, cols - 4, _("Choose your name and press Enter."),
	    A_NORMAL, false);
	for (i = 0; i < l->n && (int)i < rows - 6; i++) {
		int y = 5 + (int)i;
		attr_t a = i == l->cursor ? ui_attr(ui, UI_SELECTED) : A_NORMAL;

		ui_text(y, 2, cols - 4, "", a, false);
		ui_text(y, 3, 28, l->jurors[i].name, a, false);
		ui_text(y, 33, 27, role_name(l->jurors[i].role), a, false);
		ui_text(y, 61, cols - 63, l->jurors[i].organisation, a, false);
	}
	if (l->n == 0)
		ui_text(5, 2, cols - 4, _("This edition has no commission members "
		    "yet: import them with mudawala import jurors."), A_NORMAL,
		    false);
}

static void
up(struct ui *ui, void *priv)
{
	struct login *l = priv;

	if (l->cursor > 0)
		l->cursor--;
}

static void
down(struct ui *ui, void *priv)
{
	struct login *l = priv;

	if (l->cursor + 1 < l->n)
		l->cursor++;
}

static void
choose(struct ui *ui, void *priv)
{
	struct login *l = priv;
	struct mw_error err = { 0 };

	if (l->n == 0)
		return;
	if (juror_get(ui->ed, l->jurors[l->cursor].id, &ui->me, &err) != 0) {
		ui_say(ui, true, "%s", err.msg);
		return;
	}
	ui->logged_in = true;
	ui_say(ui, false, _("Welcome, %s."), ui->me.name);
	ui_replace(ui, &screen_browser, NULL);
}

static void
click(struct ui *ui, void *priv, int row, int col, bool twice)
{
	struct login *l = priv;

	if (row >= 4 && (size_t)(row - 4) < l->n) {
		l->cursor = (size_t)(row - 4);
		if (twice)
			choose(ui, priv);
	}
}

static const struct action actions[] = {
	{ KEY_UP, 'k', "\xE2\x86\x91", N_("Previous member"), NULL, up },
	{ KEY_DOWN, 'j', "\xE2\x86\x93", N_("Next member"), NULL, down },
	{ '\r', KEY_ENTER, "Enter", N_("This is me"), N_("choose"), choose },
};

const struct screen screen_login = {
	.name = "login",
	.private_size = sizeof (struct login),
	.enter = enter,
	.leave = leave,
	.draw = draw,
	.click = click,
	.actions = actions,
	.nactions = sizeof actions / sizeof actions[0],
};
