/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one place text reaches the screen: laid out (bidi, shaping) by
 * src/text/bidi.c, mirrored when the interface reads right to left. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "text/bidi.h"
#include "text/clean.h"
#include "text/width.h"
#include "ui/ui.h"
#include "util/error.h"
#include "util/i18n.h"

static bool mirror;             /* the interface reads right to left */
static bool decimal_comma;      /* 85,25 rather than 85.25 */
static enum text_mode draw_mode = TEXT_MODE_APP;

void
ui_draw_configure(enum text_mode mode)
{
	draw_mode = mode;
	/* Widths count what is drawn: shaped text joins lam and alef. */
	text_width_ligatures(mode == TEXT_MODE_APP);
	/* The direction comes from the catalogue, so that a missing Arabic
	 * catalogue never gives a half-mirrored screen; a terminal that
	 * reorders by itself gets the layout unmirrored. */
	/* TRANSLATORS: not shown.  Translate as "mudawala:direction:rtl" in
	 * a language written right to left, keep it as it is otherwise. */
	mirror = strcmp(_("mudawala:direction:ltr"), "mudawala:direction:rtl")
	    == 0 && mode == TEXT_MODE_APP;
	/* TRANSLATORS: not shown.  Translate as "mudawala:decimal:comma"
	 * where numbers are written 85,25 (French; Arabic as the Moroccan
	 * administration writes it), keep it as it is otherwise. */
	decimal_comma = strcmp(_("mudawala:decimal:point"),
	    "mudawala:decimal:comma") == 0;
}

const char *
ui_num(const char *s)
{
	static char slot[8][64];
	static unsigned next;
	char *out = slot[next++ % 8];
	size_t i;

	snprintf(out, sizeof slot[0], "%s", s != NULL ? s : "");
	/* Only a point between two digits: a decimal point. */
	for (i = 1; decimal_comma && out[i] != '\0'; i++)
		if (out[i] == '.' && out[i - 1] >= '0' && out[i - 1] <= '9' &&
		    out[i + 1] >= '0' && out[i + 1] <= '9')
			out[i] = ',';
	return out;
}

const char *
ui_numf(int decimals, double v)
{
	char buf[64];

	/* decimals < 0: as few as the value needs (%g). */
	if (decimals < 0)
		snprintf(buf, sizeof buf, "%g", v);
	else
		snprintf(buf, sizeof buf, "%.*f", decimals, v);
	return ui_num(buf);
}

enum text_mode
ui_draw_mode(void)
{
	return draw_mode;
}

bool
ui_mirrored(void)
{
	return mirror;
}

/*
 * The cells of l at (y, x), padded with blanks to width on the side away
 * from right.  Written as cchar_t straight into the window: no printf,
 * no second UTF-8 decoding, no cursor walk; this is most of a frame.
 * A line holding a wide character goes cell by cell through wadd_wch(),
 * which gives it its two columns.
 */
static void
put_cells(int y, int x, int width, const struct text_layout *l, attr_t attr,
    bool right)
{
	cchar_t stackbuf[256], *line = stackbuf;
	static const wchar_t blank[] = L" ";
	short pair = (short)PAIR_NUMBER(attr);
	int pad = width - l->width, n = 0, k;
	bool wide = false;
	size_t i;

	if (width > (int)(sizeof stackbuf / sizeof *stackbuf))
		line = xcalloc((size_t)width, sizeof *line);
	attr &= ~A_COLOR;
	if (right)
		for (; n < pad; n++)
			setcchar(&line[n], blank, attr, pair, NULL);
	for (i = 0; i < l->n; i++) {
		const struct text_cell *c = &l->cells[i];
		wchar_t wc[TEXT_CELL_MARKS + 2];

		wc[0] = (wchar_t)c->base;
		for (k = 0; k < c->nmarks; k++)
			wc[k + 1] = (wchar_t)c->marks[k];
		wc[c->nmarks + 1] = L'\0';
		setcchar(&line[n++], wc, attr, pair, NULL);
		wide = wide || c->width != 1;
	}
	if (!right)
		for (k = 0; k < pad; k++)
			setcchar(&line[n++], blank, attr, pair, NULL);
	if (!wide)
		mvadd_wchnstr(y, x, line, n);
	else {
		move(y, x);
		for (k = 0; k < n; k++)
			add_wch(&line[k]);
	}
	if (line != stackbuf)
		free(line);
}

const char *
ui_iso(const char *s)
{
	static char *slot[8];
	static unsigned next;
	char **p = &slot[next++ % 8];
	size_t n = strlen(s != NULL ? s : "");

	free(*p);
	*p = xmalloc(n + 7);
	memcpy(*p, "\xE2\x81\xA8", 3);
	memcpy(*p + 3, s != NULL ? s : "", n);
	memcpy(*p + 3 + n, "\xE2\x81\xA9", 4);       /* with the NUL */
	return *p;
}

void
ui_text(int y, int x, int width, const char *s, attr_t attr, bool right)
{
	struct text_layout l;
	char *line;

	line = text_one_line(s != NULL ? s : "");
	/* Screens lay out from the start of the line; a right-to-left
	 * interface draws them from the right edge.  Numbers are written
	 * left to right in Arabic too: a column of them keeps its units
	 * under each other (rank 10 under rank 1), so text without a letter
	 * keeps its side. */
	if (mirror) {
		x = COLS - x - width;
		if (!right || text_has_letter(line))
			right = !right;
	}
	if (x < 0) {
		width += x;
		x = 0;
	}
	if (width <= 0) {
		free(line);
		return;
	}
	/* Terminals' bold faces often lack the Arabic presentation forms (a
	 * final yeh loses its dots in DejaVu Sans Mono Bold): Arabic is
	 * emphasized by colour, or underlined without one, never in bold. */
	if ((attr & A_BOLD) && text_has_rtl(line)) {
		attr &= ~A_BOLD;
		if ((attr & (A_COLOR | A_REVERSE | A_UNDERLINE)) == 0)
			attr |= A_UNDERLINE;
	}
	/* In a right-to-left interface, text with Arabic in it takes the
	 * interface's direction (a translated hint may start with "Enter");
	 * text without (a French title) keeps its own. */
	text_layout(line, width, mirror && text_has_rtl(line) ? TEXT_DIR_RTL :
	    TEXT_DIR_AUTO, mirror ? TEXT_DIR_RTL : TEXT_DIR_LTR, draw_mode,
	    &l);
	free(line);
	/* A paragraph in the other direction than the interface's starts
	 * at the other edge of its box: an Arabic title in the French
	 * interface is right-aligned, as an Arabic reader expects. */
	if (draw_mode == TEXT_MODE_APP && l.rtl != mirror)
		right = !right;
	put_cells(y, x, width, &l, attr, right);
	text_layout_free(&l);
}
