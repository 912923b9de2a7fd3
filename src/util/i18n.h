/* Translation macros: the one header every file with user-visible text
 * includes. */
#ifndef MUDAWALA_I18N_H
#define MUDAWALA_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
