/* The one place text reaches the screen: laid out (bidi, shaping) by
 * src/text/bidi.c, mirrored when the interface reads right to left. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "text/bidi.h"
#include "text/clean.h"
#include "ui/ui.h"
#include "util/i18n.h"

static bool mirror;             /* the interface reads right to left */
static enum text_mode draw_mode = TEXT_MODE_APP;

void
ui_draw_configure(enum text_mode mode)
{
	draw_mode = mode;
	/* The direction comes from the catalogue, so that a missing Arabic
	 * catalogue never gives a half-mirrored screen; a terminal that
	 * reorders by itself gets the layout unmirrored. */
	/* TRANSLATORS: not shown.  Translate as "mudawala:direction:rtl" in
	 * a language written right to left, keep it as it is otherwise. */
	mirror = strcmp(_("mudawala:direction:ltr"), "mudawala:direction:rtl")
	    == 0 && mode == TEXT_MODE_APP;
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

void
ui_text(int y, int x, int width, const char *s, attr_t attr, bool right)
{
	struct text_layout l;
	char *line, *drawn;
	int pad;

	/* Screens lay out from the start of the line; a right-to-left
	 * interface draws them from the right edge. */
	if (mirror) {
		x = COLS - x - width;
		right = !right;
	}
	if (x < 0) {
		width += x;
		x = 0;
	}
	if (width <= 0)
		return;
	line = text_one_line(s != NULL ? s : "");
	/* In a right-to-left interface, text with Arabic in it takes the
	 * interface's direction (a translated hint may start with "Enter");
	 * text without (a French title) keeps its own. */
	text_layout(line, width, mirror && text_has_rtl(line) ? TEXT_DIR_RTL :
	    TEXT_DIR_AUTO, mirror ? TEXT_DIR_RTL : TEXT_DIR_LTR, draw_mode,
	    &l);
	free(line);
	drawn = text_layout_utf8(&l);
	pad = width - l.width;
	attron(attr);
	move(y, x);
	if (right)
		printw("%*s%s", pad, "", drawn);
	else
		printw("%s%*s", drawn, pad, "");
	attroff(attr);
	free(drawn);
	text_layout_free(&l);
}
