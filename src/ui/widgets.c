/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small pieces the screens share: the line editor and the yes/no
 * question. */
#include <config.h>

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <unistr.h>

#include "core/keys.h"
#include "core/memberkey.h"
#include "text/wrap.h"
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
	e->cursor = e->len;
}

size_t
ui_edit_chars(const struct line_edit *e)
{
	return u8_mbsnlen((const uint8_t *)e->buf, e->len);
}

/* A combining mark: it stays with the letter before it. */
static bool
is_mark(ucs4_t uc)
{
	return (uc >= 0x300 && uc < 0x370) || (uc >= 0x64B && uc <= 0x65F) ||
	    uc == 0x670 || uc == 0x200C || uc == 0x200D;
}

/* The offset of the character (with its marks) before / after at. */
static size_t
char_before(const struct line_edit *e, size_t at)
{
	const uint8_t *s = (const uint8_t *)e->buf;

	while (at > 0) {
		ucs4_t uc;
		const uint8_t *p = u8_prev(&uc, s + at, s);

		if (p == NULL)
			return 0;
		at = (size_t)(p - s);
		if (!is_mark(uc))
			break;
	}
	return at;
}

static size_t
char_after(const struct line_edit *e, size_t at)
{
	const uint8_t *s = (const uint8_t *)e->buf;
	ucs4_t uc;
	int n;

	if (at >= e->len)
		return e->len;
	n = u8_mbtouc(&uc, s + at, e->len - at);
	at += (size_t)(n > 0 ? n : 1);
	/* Its marks go with it. */
	while (at < e->len) {
		n = u8_mbtouc(&uc, s + at, e->len - at);
		if (n <= 0 || !is_mark(uc))
			break;
		at += (size_t)n;
	}
	return at;
}

static bool
space_at(const struct line_edit *e, size_t at)
{
	return at < e->len && (e->buf[at] == ' ' || e->buf[at] == '\t');
}

/* Word boundaries: spaces separate words. */
static size_t
word_before(const struct line_edit *e, size_t at)
{
	while (at > 0 && space_at(e, char_before(e, at)))
		at = char_before(e, at);
	while (at > 0 && !space_at(e, char_before(e, at)))
		at = char_before(e, at);
	return at;
}

static size_t
word_after(const struct line_edit *e, size_t at)
{
	while (at < e->len && space_at(e, at))
		at = char_after(e, at);
	while (at < e->len && !space_at(e, at))
		at = char_after(e, at);
	return at;
}

/* Remove [from, to), keeping it for Ctrl-Y when kept. */
static void
cut_range(struct line_edit *e, size_t from, size_t to, bool keep)
{
	if (to <= from)
		return;
	if (keep) {
		size_t n = to - from < sizeof e->cut - 1 ? to - from :
		    sizeof e->cut - 1;

		memcpy(e->cut, e->buf + from, n);
		e->cut[n] = '\0';
		while (n > 0 && u8_check((const uint8_t *)e->cut, n) != NULL)
			e->cut[--n] = '\0';
	}
	memmove(e->buf + from, e->buf + to, e->len - to + 1);
	e->len -= to - from;
	e->cursor = from;
}

/* Insert the UTF-8 text s at the cursor, within buf and the limit. */
static void
insert(struct line_edit *e, const char *s, size_t n)
{
	size_t room = sizeof e->buf - 1 - e->len;

	if (e->limit > 0) {
		size_t have = ui_edit_chars(e), add = u8_mbsnlen((const uint8_t *)s,
		    n);

		if (have >= e->limit)
			return;
		if (have + add > e->limit) {
			/* As many characters as the limit leaves. */
			const uint8_t *p = (const uint8_t *)s;
			size_t k = e->limit - have, off = 0;
			ucs4_t uc;

			while (k-- > 0 && off < n) {
				int m = u8_mbtouc(&uc, p + off, n - off);

				off += (size_t)(m > 0 ? m : 1);
			}
			n = off;
		}
	}
	if (n > room)
		return;
	memmove(e->buf + e->cursor + n, e->buf + e->cursor,
	    e->len - e->cursor + 1);
	memcpy(e->buf + e->cursor, s, n);
	e->len += n;
	e->cursor += n;
}

bool
ui_edit_key(struct line_edit *e, wint_t ch, bool function_key)
{
	uint8_t enc[6];
	int n;

	if (e->cursor > e->len)
		e->cursor = e->len;
	if ((function_key && ch == KEY_BACKSPACE) ||
	    (!function_key && (ch == 127 || ch == 8))) {
		cut_range(e, char_before(e, e->cursor), e->cursor, false);
		return true;
	}
	if (function_key) {
		switch (ch) {
		case KEY_DC:
			cut_range(e, e->cursor, char_after(e, e->cursor), false);
			return true;
		case KEY_LEFT:
			e->cursor = char_before(e, e->cursor);
			return true;
		case KEY_RIGHT:
			e->cursor = char_after(e, e->cursor);
			return true;
		case UI_KEY_WORD_LEFT:
			e->cursor = word_before(e, e->cursor);
			return true;
		case UI_KEY_WORD_RIGHT:
			e->cursor = word_after(e, e->cursor);
			return true;
		case KEY_HOME:
			e->cursor = 0;
			return true;
		case KEY_END:
			e->cursor = e->len;
			return true;
		}
		return false;
	}
	switch (ch) {
	case 1:         /* Ctrl-A */
		e->cursor = 0;
		return true;
	case 5:         /* Ctrl-E */
		e->cursor = e->len;
		return true;
	case 2:         /* Ctrl-B */
		e->cursor = char_before(e, e->cursor);
		return true;
	case 6:         /* Ctrl-F */
		e->cursor = char_after(e, e->cursor);
		return true;
	case 21:        /* Ctrl-U */
		cut_range(e, 0, e->cursor, true);
		return true;
	case 11:        /* Ctrl-K */
		cut_range(e, e->cursor, e->len, true);
		return true;
	case 23:        /* Ctrl-W */
		cut_range(e, word_before(e, e->cursor), e->cursor, true);
		return true;
	case 25:        /* Ctrl-Y */
		insert(e, e->cut, strlen(e->cut));
		return true;
	}
	if (ch < 0x20 || ch == 0x7F || (ch >= 0x80 && ch < 0xA0))
		return false;
	n = u8_uctomb(enc, (ucs4_t)ch, sizeof enc);
	if (n > 0)
		insert(e, (const char *)enc, (size_t)n);
	return true;
}

bool
ui_edit_line(struct line_edit *e, int width, int delta)
{
	struct wrapped w;
	size_t *start, i, at = 0, pos = 0, col, target, end, k;
	bool moved = false;

	if (width < 1)
		return false;
	text_wrap(e->buf, (size_t)width, &w);
	if (w.n < 2) {
		text_wrapped_free(&w);
		return false;
	}
	/* Where each line starts in the text: the lines are its pieces, in
	 * order (the breaks drop only spaces). */
	start = xcalloc(w.n, sizeof *start);
	for (i = 0; i < w.n; i++) {
		const char *p = strstr(e->buf + pos, w.lines[i]);

		start[i] = p != NULL ? (size_t)(p - e->buf) : pos;
		pos = start[i] + strlen(w.lines[i]);
		if (start[i] <= e->cursor)
			at = i;
	}
	if ((delta < 0 && at > 0) || (delta > 0 && at + 1 < w.n)) {
		target = delta < 0 ? at - 1 : at + 1;
		col = u8_mbsnlen((const uint8_t *)e->buf + start[at],
		    e->cursor - start[at]);
		end = start[target] + strlen(w.lines[target]);
		e->cursor = start[target];
		for (k = 0; k < col && e->cursor < end; k++)
			e->cursor = char_after(e, e->cursor);
		if (e->cursor > end)
			e->cursor = end;
		moved = true;
	}
	free(start);
	text_wrapped_free(&w);
	return moved;
}

int
ui_edit_draw(struct ui *ui, int y, int x, int width, int max_lines,
    const struct line_edit *e, bool focus, attr_t attr)
{
	struct strbuf text = STRBUF_INIT;
	struct wrapped w;
	size_t i, at = 0, first = 0;
	int drawn = 0;

	(void)ui;
	if (width < 4 + UI_EDIT_COUNT_COLS || max_lines < 1)
		return 0;
	/* The cursor is a character of the text, so that the bidi layout
	 * puts it where the reader of that run expects it. */
	strbuf_addf(&text, "%.*s", (int)e->cursor, e->buf);
	if (focus)
		strbuf_adds(&text, "\xE2\x96\x8F");
	strbuf_adds(&text, e->buf + e->cursor);
	/* Room kept on the right for the count. */
	text_wrap(strbuf_str(&text), (size_t)(width - (focus && e->limit > 0 ?
	    UI_EDIT_COUNT_COLS : 0)), &w);
	/* The window of lines that holds the cursor. */
	for (i = 0; focus && i < w.n; i++)
		if (strstr(w.lines[i], "\xE2\x96\x8F") != NULL)
			at = i;
	if (at >= (size_t)max_lines)
		first = at - (size_t)max_lines + 1;
	for (i = first; i < w.n && drawn < max_lines; i++, drawn++)
		ui_text(y + drawn, x, width, w.lines[i], attr, false);
	if (w.n == 0)
		ui_text(y + drawn++, x, width, "", attr, false);
	if (focus && e->limit > 0) {
		char count[48];

		snprintf(count, sizeof count, "%zu/%zu", ui_edit_chars(e),
		    e->limit);
		ui_text(y + drawn - 1, x + width - (int)strlen(count), (int)
		    strlen(count), count, ui_attr(ui, UI_DIM), true);
	}
	text_wrapped_free(&w);
	strbuf_free(&text);
	return drawn;
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
		rc = ui_read_key(&ch);
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
		/* The line of the text that holds the cursor. */
		if (secret)
			ui_text(LINES - 2, pw + 1, COLS - pw - 1, shown, A_NORMAL,
			    false);
		else
			ui_edit_draw(ui, LINES - 2, pw + 1, COLS - pw - 1, 1, out,
			    true, A_NORMAL);
		refresh();
		rc = ui_read_key(&ch);
		if (rc == ERR || (rc == KEY_CODE_YES && ch == KEY_RESIZE)) {
			ui_redraw(ui);
			if (ui_too_small()) {
				sodium_memzero(out, sizeof *out);
				ui_say(ui, true, _("The question was cancelled: the "
				    "window became too small to show it."));
				return false;
			}
			continue;
		}
		if (rc == OK && ch == 27) {
			sodium_memzero(out, sizeof *out);
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
		rc = ui_read_key(&ch);
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

int
ui_rows_add(void *ctx, const char *const *cells, size_t n, const char *json,
    struct mw_error *err)
{
	struct ui_rows *t = ctx;
	size_t i;

	(void)json;
	(void)err;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
	}
	for (i = 0; i < t->ncols; i++)
		ui_row(t, t->n)[i] = xstrdup(i < n && cells[i] != NULL ? cells[i] :
		    "");
	t->n++;
	return 0;
}

void
ui_rows_clear(struct ui_rows *t)
{
	size_t i;

	for (i = 0; i < t->n * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->n = t->cap = 0;
}

void
ui_list_move(size_t *cursor, size_t n, long delta)
{
	long at = (long)*cursor + delta;

	if (n == 0 || at < 0)
		at = 0;
	else if ((size_t)at >= n)
		at = (long)n - 1;
	*cursor = (size_t)at;
}
