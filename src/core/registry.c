/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/keys.h"
#include "core/registry.h"
#include "util/error.h"

void
registry_free(struct registry *r)
{
	free(r->m);
	r->m = NULL;
	r->n = 0;
}

/* One line "id role voting key" (key may be empty) into m. */
static int
parse_line(struct member_key *m, const char *line, size_t len)
{
	const char *f[4], *p = line, *end = line + len;
	size_t flen[4];
	int i;

	for (i = 0; i < 4; i++) {
		const char *sp = i < 3 ? memchr(p, ' ', (size_t)(end - p)) : NULL;

		f[i] = p;
		flen[i] = (size_t)((sp != NULL ? sp : end) - p);
		if (i < 3 && sp == NULL)
			return -1;
		p = sp != NULL ? sp + 1 : end;
	}
	if (flen[0] == 0 || flen[0] >= sizeof m->id || flen[1] == 0 ||
	    flen[1] >= sizeof m->role || flen[2] != 1 ||
	    (f[2][0] != '0' && f[2][0] != '1') || flen[3] >= sizeof m->line)
		return -1;
	memset(m, 0, sizeof *m);
	memcpy(m->id, f[0], flen[0]);
	memcpy(m->role, f[1], flen[1]);
	m->voting = f[2][0] == '1';
	memcpy(m->line, f[3], flen[3]);
	if (flen[3] > 0) {
		if (key_public_parse(m->line, m->key_id, m->pk) != 0)
			return -1;
		m->has_key = true;
	}
	return 0;
}

int
registry_parse(struct registry *r, const char *text)
{
	const char *p = text;

	registry_free(r);
	while (*p != '\0') {
		size_t len = strcspn(p, "\n");

		r->m = xrealloc(r->m, (r->n + 1) * sizeof *r->m);
		if (parse_line(&r->m[r->n], p, len) != 0) {
			registry_free(r);
			return -1;
		}
		r->n++;
		p += len + (p[len] == '\n');
	}
	return 0;
}

const struct member_key *
registry_find(const struct registry *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->m[i].id, id) == 0)
			return &r->m[i];
	return NULL;
}

const struct member_key *
registry_chair(const struct registry *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->m[i].role, "chair") == 0)
			return &r->m[i];
	return NULL;
}
