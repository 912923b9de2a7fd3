/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who are you: the commission member at the keyboard. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "ui/ui.h"
#include "util/i18n.h"

struct login {
	struct juror *jurors;
	size_t n;
	size_t cursor, top;
	bool asking;                    /* the passphrase of jurors[cursor] */
	struct line_edit pass;
};

static void
enter(struct ui *ui, void *priv, const void *arg)
{
	struct login *l = priv;
	struct mw_error err = { 0 };

	if (jurors_load(ui->ed, &l->jurors, &l->n, &err) != 0)
		ui_say(ui, true, "%s", err.msg);
	/* --juror: straight to the passphrase. */
	for (size_t i = 0; arg != NULL && i < l->n; i++)
		if (strcmp(l->jurors[i].id, arg) == 0) {
			l->cursor = i;
			l->asking = true;
		}
}

static void
leave(struct ui *ui, void *priv)
{
	struct login *l = priv;

	sodium_memzero(&l->pass, sizeof l->pass);
	jurors_free(l->jurors, l->n);
}

static void
draw(struct ui *ui, void *priv, int rows, int cols)
{
	struct login *l = priv;
	size_t i, visible;

	ui_text(2, 2, cols - 4, _("Who is at the keyboard?"), A_BOLD, false);
	ui_text(3, 2, cols - 4, _("Choose your name and press Enter."),
	    A_NORMAL, false);
	/* The list scrolls: the member chosen is always in sight, with
	 * room below for the passphrase. */
	visible = rows - 8 > 1 ? (size_t)(rows - 8) : 1;
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (l->cursor >= l->top + visible)
		l->top = l->cursor - visible + 1;
	for (i = l->top; i < l->n && i < l->top + visible; i++) {
		int y = 5 + (int)(i - l->top);
		attr_t a = i == l->cursor ? ui_attr(ui, UI_SELECTED) : A_NORMAL;

		ui_text(y, 2, cols - 4, "", a, false);
		ui_text(y, 3, 28, l->jurors[i].name, a, false);
		ui_text(y, 33, 27, ui_role_name(l->jurors[i].role), a, false);
		ui_text(y, 61, cols - 63, l->jurors[i].organisation, a, false);
	}
	if (l->n == 0)
		ui_text(5, 2, cols - 4, _("This edition has no commission members "
		    "yet: import them with mudawala import jurors."), A_NORMAL,
		    false);
	if (l->asking && l->n > 0) {
		struct strbuf sb = STRBUF_INIT;
		size_t k, chars = 0;
		int y = 6 + (int)(l->n < visible ? l->n : visible);

		/* One dot per character typed, never the characters. */
		for (k = 0; k < l->pass.len; k++)
			if (((unsigned char)l->pass.buf[k] & 0xC0) != 0x80)
				chars++;
		strbuf_addf(&sb, _("Passphrase of %s: "), l->jurors[l->cursor].name);
		for (k = 0; k < chars; k++)
			strbuf_adds(&sb, "\xE2\x80\xA2");
		strbuf_adds(&sb, "\xE2\x96\x8F");
		ui_text(y, 2, cols - 4, strbuf_str(&sb), ui_attr(ui, UI_SELECTED),
		    false);
		ui_text(y + 1, 2, cols - 4, _("Enter to unlock your key, Esc to "
		    "choose another name."), ui_attr(ui, UI_DIM), false);
		strbuf_free(&sb);
	}
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
page_down(struct ui *ui, void *p)
{
	ui_list_move(&((struct login *)p)->cursor, ((struct login *)p)->n, UI_PAGE);
}

static void
page_up(struct ui *ui, void *p)
{
	ui_list_move(&((struct login *)p)->cursor, ((struct login *)p)->n, -UI_PAGE);
}

static void
first(struct ui *ui, void *p)
{
	ui_list_move(&((struct login *)p)->cursor, ((struct login *)p)->n, -UI_ALL);
}

static void
last(struct ui *ui, void *p)
{
	ui_list_move(&((struct login *)p)->cursor, ((struct login *)p)->n, UI_ALL);
}

static void
logged_in(struct ui *ui)
{
	ui_say(ui, false, _("Welcome, %s."), ui->me.name);
	ui_replace(ui, &screen_browser, NULL);
}

static void
choose(struct ui *ui, void *priv)
{
	struct login *l = priv;

	if (l->n == 0)
		return;
	/* A passphrase given by file or environment: no question. */
	if (ui->passphrase != NULL) {
		if (ui_login(ui, l->jurors[l->cursor].id, ui->passphrase))
			logged_in(ui);
		return;
	}
	l->asking = true;
	ui_edit_set(&l->pass, "");
}

static bool
key(struct ui *ui, void *priv, wint_t ch, bool fn)
{
	struct login *l = priv;

	if (!l->asking)
		return false;
	if (!fn && ch == 27) {
		l->asking = false;
		sodium_memzero(&l->pass, sizeof l->pass);
		return true;
	}
	if (!fn && (ch == '\r' || ch == '\n')) {
		bool ok;

		ui_text(LINES - 2, 0, COLS, _("Unlocking the key\xE2\x80\xA6"),
		    A_NORMAL, false);
		refresh();
		ok = ui_login(ui, l->jurors[l->cursor].id, l->pass.buf);
		sodium_memzero(&l->pass, sizeof l->pass);
		if (ok)
			logged_in(ui);
		return true;
	}
	/* Every other key goes into the passphrase, q and Esc included. */
	ui_edit_key(&l->pass, ch, fn);
	return true;
}

static void
click(struct ui *ui, void *priv, int row, int col, bool twice)
{
	struct login *l = priv;

	if (!l->asking && row >= 4 && l->top + (size_t)(row - 4) < l->n) {
		l->cursor = l->top + (size_t)(row - 4);
		if (twice)
			choose(ui, priv);
	}
}

static const struct action actions[] = {
	{ KEY_UP, 'k', "\xE2\x86\x91", N_("Previous member"), NULL, up },
	{ KEY_DOWN, 'j', "\xE2\x86\x93", N_("Next member"), NULL, down },
	{ KEY_NPAGE, 0, "PgDn", N_("Next page"), NULL, page_down },
	{ KEY_PPAGE, 0, "PgUp", N_("Previous page"), NULL, page_up },
	{ KEY_HOME, 'g', "Home g", N_("First member"), NULL, first },
	{ KEY_END, 'G', "End G", N_("Last member"), NULL, last },
	{ '\r', KEY_ENTER, "Enter", N_("This is me"), N_("choose"), choose },
};

const struct screen screen_login = {
	.name = "login",
	.private_size = sizeof (struct login),
	.enter = enter,
	.leave = leave,
	.draw = draw,
	.key = key,
	.click = click,
	.actions = actions,
	.nactions = sizeof actions / sizeof actions[0],
};
