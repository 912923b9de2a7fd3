/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Draft comments: one small file per member, written whole (temporary
 * file, fsync, rename) so that it is either the old draft or the new. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>

#include "core/draft.h"
#include "core/sink.h"
#include "util/i18n.h"
#include "util/strbuf.h"

#define DRAFT_MAGIC "mudawala-draft 1\n"
#define DRAFT_MAX 65536

static void
draft_path(const char *edition_path, const char *juror, struct strbuf *out)
{
	strbuf_addf(out, "%s.drafts/%s", edition_path, juror);
}

int
draft_save(const char *edition_path, const char *juror, const char *dossier,
    const char *criterion, const char *text, struct mw_error *err)
{
	struct strbuf path = STRBUF_INIT, body = STRBUF_INIT;
	int rc;

	strbuf_addf(&path, "%s.drafts", edition_path);
	if (mkdir(strbuf_str(&path), 0700) != 0 && errno != EEXIST) {
		error_set(err, _("%s: cannot write (%s)"), strbuf_str(&path),
		    error_text(errno));
		strbuf_free(&path);
		return -1;
	}
	strbuf_reset(&path);
	draft_path(edition_path, juror, &path);
	/* Identifiers and a comment never hold a newline (the line editor
	 * takes no control characters): one per line. */
	strbuf_addf(&body, DRAFT_MAGIC "%s\n%s\n%s\n", dossier, criterion, text);
	rc = sink_replace_file(strbuf_str(&path), strbuf_str(&body), body.len,
	    0600, err);
	strbuf_free(&path);
	strbuf_free(&body);
	return rc;
}

/* The next line of s (cut at its newline, which is replaced by NUL). */
static char *
next_line(char **s)
{
	char *line = *s, *nl;

	if (line == NULL)
		return NULL;
	nl = strchr(line, '\n');
	if (nl == NULL)
		return NULL;
	*nl = '\0';
	*s = nl + 1;
	return line;
}

int
draft_load(const char *edition_path, const char *juror, struct draft *out)
{
	struct strbuf path = STRBUF_INIT;
	char buf[DRAFT_MAX + 1], *p = buf, *dossier, *criterion, *text;
	size_t n;
	FILE *f;

	memset(out, 0, sizeof *out);
	draft_path(edition_path, juror, &path);
	f = fopen(strbuf_str(&path), "rb");
	strbuf_free(&path);
	if (f == NULL)
		return 0;
	n = fread(buf, 1, DRAFT_MAX, f);
	fclose(f);
	buf[n] = '\0';
	if (strncmp(buf, DRAFT_MAGIC, strlen(DRAFT_MAGIC)) != 0)
		return 0;
	p += strlen(DRAFT_MAGIC);
	dossier = next_line(&p);
	criterion = next_line(&p);
	text = next_line(&p);
	/* A draft is the program's own file; anything else in its place
	 * (cut short, not UTF-8) is not one. */
	if (dossier == NULL || criterion == NULL || text == NULL ||
	    u8_check((const uint8_t *)dossier, strlen(dossier)) != NULL ||
	    u8_check((const uint8_t *)criterion, strlen(criterion)) != NULL ||
	    u8_check((const uint8_t *)text, strlen(text)) != NULL)
		return 0;
	out->dossier = xstrdup(dossier);
	out->criterion = xstrdup(criterion);
	out->text = xstrdup(text);
	return 1;
}

void
draft_free(struct draft *d)
{
	free(d->dossier);
	free(d->criterion);
	free(d->text);
	memset(d, 0, sizeof *d);
}

void
draft_clear(const char *edition_path, const char *juror)
{
	struct strbuf path = STRBUF_INIT;

	draft_path(edition_path, juror, &path);
	unlink(strbuf_str(&path));
	strbuf_free(&path);
}
