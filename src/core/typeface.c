/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whether the documents' typeface is installed: Pango would silently
 * substitute another face, which may lack the Arabic or draw it badly. */
#include <config.h>

#include <pango/pangocairo.h>
#include <stdbool.h>
#include <string.h>

#include "core/typeface.h"
#include "util/i18n.h"
#include "util/strbuf.h"

int
typeface_check(struct mw_error *err)
{
	PangoFontMap *map = pango_cairo_font_map_get_default();
	PangoFontFamily **families = NULL;
	int n = 0, i;
	bool found = false;

	pango_font_map_list_families(map, &families, &n);
	for (i = 0; i < n && !found; i++)
		found = strcmp(pango_font_family_get_name(families[i]),
		    TYPEFACE) == 0;
	g_free(families);
	if (!found)
		return error_set(err, _("the font %s is not installed; the "
		    "certificates and the PDF minutes need it for Arabic and "
		    "French (Debian: apt-get install fonts-hosny-amiri)"), TYPEFACE);
	return 0;
}

PangoLayout *
typeface_layout(cairo_t *cr, const char *text, bool markup, double size,
    bool bold, double width)
{
	PangoLayout *pl = pango_cairo_create_layout(cr);
	PangoFontDescription *d = pango_font_description_new();

	pango_font_description_set_family(d, TYPEFACE);
	pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(d, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(pl, d);
	pango_font_description_free(d);
	pango_layout_set_width(pl, width < 0 ? -1 : (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_auto_dir(pl, TRUE);
	pango_layout_set_alignment(pl, PANGO_ALIGN_LEFT);
	if (markup)
		pango_layout_set_markup(pl, text, -1);
	else
		pango_layout_set_text(pl, text, -1);
	return pl;
}

cairo_status_t
typeface_to_sink(void *closure, const unsigned char *data, unsigned int len)
{
	struct sink *s = closure;

	strbuf_add(&s->buf, (const char *)data, len);
	sink_flush(s);
	return CAIRO_STATUS_SUCCESS;
}
