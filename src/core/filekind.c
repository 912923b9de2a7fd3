/* File types from their contents, by libmagic: never from their names. */
#include <config.h>

#include <magic.h>
#include <stdio.h>
#include <string.h>

#include "core/filekind.h"

void
file_describe(const char *path, char *out, size_t size)
{
	magic_t m = magic_open(MAGIC_NONE | MAGIC_NO_CHECK_COMPRESS);
	const char *d = NULL;

	if (size > 0)
		out[0] = '\0';
	if (m == NULL)
		return;
	if (magic_load(m, NULL) == 0)
		d = magic_file(m, path);
	if (d != NULL)
		snprintf(out, size, "%s", d);
	magic_close(m);
}
