/* Small pieces the screens share: the line editor and the yes/no
 * question. */
#include <config.h>

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <unistr.h>

#include "core/keys.h"
#include "ui/ui.h"
#include "util/i18n.h"

void
ui_edit_set(struct line_edit *e, const char *s)
{
	snprintf(e->buf, sizeof e->buf, "%s", s != NULL ? s : "");
	e->len = strlen(e->buf);
	/* Never keep half a character after a cut. */
	while (e->len > 0 && u8_check((const uint8_t *)e->buf, e->len) != NULL)
		e->buf[--e->len] = '\0';
}

bool
ui_edit_key(struct line_edit *e, wint_t ch, bool function_key)
{
	uint8_t enc[6];
	int n;

	if ((function_key && ch == KEY_BACKSPACE) ||
	    (!function_key && (ch == 127 || ch == 8))) {
		/* Remove the last character, and the combining marks on it. */
		while (e->len > 0) {
			ucs4_t uc;
			const uint8_t *start = u8_prev(&uc,
			    (const uint8_t *)e->buf + e->len, (const uint8_t *)e->buf);

			if (start == NULL)
				break;
			e->len = (size_t)(start - (const uint8_t *)e->buf);
			e->buf[e->len] = '\0';
			if (!(uc >= 0x300 && uc < 0x370) &&
			    !(uc >= 0x64B && uc <= 0x65F) && uc != 0x670)
				break;
		}
		return true;
	}
	if (function_key || ch < 0x20 || ch == 0x7F || (ch >= 0x80 && ch < 0xA0))
		return false;
	n = u8_uctomb(enc, (ucs4_t)ch, sizeof enc);
	if (n <= 0 || e->len + (size_t)n >= sizeof e->buf)
		return true;
	memcpy(e->buf + e->len, enc, (size_t)n);
	e->len += (size_t)n;
	e->buf[e->len] = '\0';
	return true;
}

bool
ui_confirm(struct ui *ui, const char *question)
{
	wint_t ch;
	int rc;

	for (;;) {
		/* Never a question nobody sees: after a resize the screen is
		 * drawn again with it, or it is answered no. */
		ui_text(LINES - 2, 0, COLS, "", A_NORMAL, false);
		ui_text(LINES - 2, 0, COLS, question, ui_attr(ui, UI_ERROR), false);
		refresh();
		rc = get_wch(&ch);
		if (!(rc == KEY_CODE_YES && ch == KEY_RESIZE) && rc != ERR)
			break;
		ui_redraw(ui);
		if (ui_too_small()) {
			ui_say(ui, true, _("The question was cancelled: the window "
			    "became too small to show it."));
			return false;
		}
	}
	/* Yes in English, French (oui) and Arabic (نعم), whatever the
	 * keyboard layout at hand. */
	return rc == OK && (ch == 'y' || ch == 'Y' || ch == 'o' || ch == 'O' ||
	    ch == 0x0646);
}

bool
ui_ask_line(struct ui *ui, const char *prompt, struct line_edit *out,
    bool secret)
{
	int pw = (int)(strlen(prompt) < 60 ? strlen(prompt) : 60);

	for (;;) {
		char shown[64];
		size_t i, n = out->len < 40 ? out->len : 40;
		wint_t ch;
		int rc;

		for (i = 0; i < n; i++)
			shown[i] = '*';
		shown[n] = '\0';
		ui_text(LINES - 2, 0, COLS, "", A_NORMAL, false);
		ui_text(LINES - 2, 0, COLS, prompt, ui_attr(ui, UI_HEADER), false);
		/* Text shows its end, where the typing is. */
		ui_text(LINES - 2, pw + 1, COLS - pw - 1, secret ? shown :
		    out->buf + (out->len > (size_t)(COLS - pw - 2) && COLS > pw + 2 ?
		    out->len - (size_t)(COLS - pw - 2) : 0), A_NORMAL, false);
		refresh();
		rc = get_wch(&ch);
		if (rc == ERR || (rc == KEY_CODE_YES && ch == KEY_RESIZE)) {
			ui_redraw(ui);
			if (ui_too_small()) {
				sodium_memzero(out->buf, sizeof out->buf);
				out->len = 0;
				ui_say(ui, true, _("The question was cancelled: the "
				    "window became too small to show it."));
				return false;
			}
			continue;
		}
		if (rc == OK && ch == 27) {
			sodium_memzero(out->buf, sizeof out->buf);
			out->len = 0;
			return false;
		}
		if ((rc == OK && (ch == '\r' || ch == '\n')) ||
		    (rc == KEY_CODE_YES && ch == KEY_ENTER))
			return true;
		ui_edit_key(out, ch, rc == KEY_CODE_YES);
	}
}

bool
ui_ask_secret(struct ui *ui, const char *prompt, struct line_edit *out)
{
	ui_edit_set(out, "");
	return ui_ask_line(ui, prompt, out, true);
}

int
ui_choose(struct ui *ui, const char *title, const char *const *items,
    size_t n)
{
	size_t cursor = 0, top = 0, i;

	if (n == 0)
		return -1;
	for (;;) {
		int rows = LINES - 6, width = COLS - 8, y = 2;
		wint_t ch;
		int rc;

		/* As tall as the list, up to the screen: what is below stays
		 * in sight. */
		if ((size_t)rows > n)
			rows = (int)n;
		if (rows < 1)
			rows = 1;
		if (cursor < top)
			top = cursor;
		if (cursor >= top + (size_t)rows)
			top = cursor - (size_t)rows + 1;
		ui_text(y - 1, 0, COLS, "", A_NORMAL, false);
		ui_text(y - 1, 3, width + 2, "", ui_attr(ui, UI_TITLE), false);
		ui_text(y - 1, 4, width, title, ui_attr(ui, UI_TITLE), false);
		for (i = top; i < top + (size_t)rows; i++, y++) {
			attr_t a = i == cursor ? ui_attr(ui, UI_SELECTED) : A_NORMAL;

			ui_text(y, 0, COLS, "", A_NORMAL, false);
			ui_text(y, 3, width + 2, "", a, false);
			if (i < n)
				ui_text(y, 4, width, items[i], a, false);
		}
		ui_text(y, 0, COLS, "", A_NORMAL, false);
		ui_text(y, 3, width + 2, "", ui_attr(ui, UI_TITLE), false);
		ui_text(y, 4, width, _("Enter chooses; Esc cancels."),
		    ui_attr(ui, UI_TITLE), false);
		refresh();
		rc = get_wch(&ch);
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			ui_redraw(ui);
			if (ui_too_small())
				return -1;
			continue;
		}
		if ((rc == KEY_CODE_YES && ch == KEY_DOWN) ||
		    (rc == OK && ch == 'j')) {
			if (cursor + 1 < n)
				cursor++;
		} else if ((rc == KEY_CODE_YES && ch == KEY_UP) ||
		    (rc == OK && ch == 'k')) {
			if (cursor > 0)
				cursor--;
		} else if ((rc == OK && (ch == '\r' || ch == '\n')) ||
		    (rc == KEY_CODE_YES && ch == KEY_ENTER))
			return (int)cursor;
		else if (rc == OK && (ch == 27 || ch == 'q'))
			return -1;
	}
}

struct secret_key *
ui_unlock_own_key(struct ui *ui, const char *prompt)
{
	struct mw_error err = { 0 };
	struct secret_key *key = NULL;
	struct line_edit *pass = sodium_malloc(sizeof *pass);
	char path[4096];
	int rc;

	if (pass == NULL)
		return NULL;
	if (ui->passphrase != NULL)
		ui_edit_set(pass, ui->passphrase);
	else if (!ui_ask_secret(ui, prompt, pass)) {
		sodium_free(pass);
		ui_say(ui, false, _("Cancelled."));
		return NULL;
	}
	if (ui->key_path != NULL)
		snprintf(path, sizeof path, "%s", ui->key_path);
	else
		key_default_path(ui->edition_path, ui->me.id, path, sizeof path);
	rc = key_unlock_identity(ui->ed, ui->me.id, path, pass->buf, &key,
	    &err);
	sodium_free(pass);      /* wipes it */
	if (rc != 0) {
		/* A short delay makes guessing slow. */
		sleep(1);
		ui_say(ui, true, "%s", err.msg);
		return NULL;
	}
	return key;
}
