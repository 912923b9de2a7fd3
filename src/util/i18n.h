/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Translation macros: the one header every file with user-visible text
 * includes. */
#ifndef MUDAWALA_I18N_H
#define MUDAWALA_I18N_H

#include <libintl.h>

#include <stdbool.h>
#include <string.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Whether messages are in a language written right to left (Arabic):
 * then the data they name (a criterion, a category) is named in Arabic.
 * The Arabic catalogue translates this marker (see src/ui/draw.c). */
static inline bool
i18n_rtl(void)
{
	return strcmp(gettext("mudawala:direction:ltr"),
	    "mudawala:direction:rtl") == 0;
}

#endif
