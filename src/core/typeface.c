/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whether the documents' typeface is installed: Pango would silently
 * substitute another face, which may lack the Arabic or draw it badly. */
#include <config.h>

#include <pango/pangocairo.h>
#include <stdbool.h>
#include <string.h>

#include "core/typeface.h"
#include "util/i18n.h"

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
