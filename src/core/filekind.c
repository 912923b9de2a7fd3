/* SPDX-License-Identifier: GPL-3.0-or-later */
/* File types from their contents, by libmagic: never from their names. */
#include <config.h>

#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/filekind.h"

/* What libmagic says of a file (path) or of bytes (data, len). */
static void
describe(const char *path, const void *data, size_t len, char *out,
    size_t size)
{
	magic_t m = magic_open(MAGIC_NONE | MAGIC_NO_CHECK_COMPRESS);
	const char *d = NULL;

	if (size > 0)
		out[0] = '\0';
	if (m == NULL)
		return;
	if (magic_load(m, NULL) == 0)
		d = path != NULL ? magic_file(m, path) : magic_buffer(m, data, len);
	if (d != NULL)
		snprintf(out, size, "%s", d);
	magic_close(m);
}

void
file_describe(const char *path, char *out, size_t size)
{
	describe(path, NULL, 0, out, size);
}

void
file_describe_buffer(const void *data, size_t len, char *out, size_t size)
{
	describe(NULL, data, len, out, size);
}

struct filekind {
	magic_t m;
};

struct filekind *
filekind_open(void)
{
	struct filekind *fk;
	magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);

	if (m == NULL)
		return NULL;
	if (magic_load(m, NULL) != 0) {
		magic_close(m);
		return NULL;
	}
	fk = malloc(sizeof *fk);
	if (fk == NULL) {
		magic_close(m);
		return NULL;
	}
	fk->m = m;
	return fk;
}

void
filekind_mime(struct filekind *fk, const void *data, size_t len, char *out,
    size_t size)
{
	const char *d = fk != NULL ? magic_buffer(fk->m, data, len) : NULL;

	snprintf(out, size, "%s", d != NULL ? d : "application/octet-stream");
}

void
filekind_close(struct filekind *fk)
{
	if (fk == NULL)
		return;
	magic_close(fk->m);
	free(fk);
}
