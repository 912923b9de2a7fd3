/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the jury said, from SQL to the reader, under the blind rule. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/conflicts.h"
#include "core/dossier.h"
#include "core/jury.h"
#include "core/scoring.h"
#include "util/i18n.h"

int
jury_access(struct edition *ed, const char *viewer, const char *dossier,
    enum jury_access *out, struct mw_error *err)
{
	struct edition_info info;
	struct juror j;
	sqlite3_stmt *st;
	bool chair, conflicted;
	int rc;

	if (edition_get_info(ed, &info, err) != 0 ||
	    juror_get(ed, viewer, &j, err) != 0)
		return -1;
	chair = strcmp(j.role, "chair") == 0;
	jurors_free_one(&j);
	if (strcmp(info.phase, "deliberation") != 0 &&
	    strcmp(info.phase, "locked") != 0) {
		*out = JURY_BEFORE_DELIBERATION;
		return 0;
	}
	if (conflict_of(ed, viewer, dossier, &conflicted, err) != 0)
		return -1;
	if (conflicted && !chair) {
		*out = JURY_CONFLICT;
		return 0;
	}
	if (chair) {
		*out = JURY_SHOWN;
		return 0;
	}
	st = db_stmt(ed, "SELECT EXISTS (SELECT 1 FROM submission"
	    " WHERE juror_id = ?1 AND dossier_id = ?2)", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, viewer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, dossier, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW && sqlite3_column_int(st, 0) ? JURY_SHOWN :
	    JURY_NOT_SUBMITTED;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_error(ed, rc, err);
}

/* Every member who scored or may score the dossier (no conflict), for
 * every criterion: the voting members first, then the experts. */
static const char sql_marks[] =
	"SELECT c.id, c.scale_min, c.scale_max, j.id, j.name, j.role, j.voting,"
	"  EXISTS (SELECT 1 FROM submission b WHERE b.juror_id = j.id"
	"   AND b.dossier_id = ?1), s.value, coalesce(s.comment, '')"
	" FROM criterion c CROSS JOIN juror j"
	" LEFT JOIN score s ON s.juror_id = j.id AND s.dossier_id = ?1"
	"  AND s.criterion_id = c.id"
	" WHERE j.role <> 'chair' OR s.value IS NOT NULL"
	" ORDER BY c.position, j.voting DESC, j.name, j.id";

int
jury_view_load(struct edition *ed, const char *viewer, const char *dossier,
    struct jury_view *out, struct mw_error *err)
{
	enum jury_access access;
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if (jury_access(ed, viewer, dossier, &access, err) != 0)
		return -1;
	switch (access) {
	case JURY_SHOWN:
		break;
	case JURY_BEFORE_DELIBERATION:
		return error_set(err, _("what the jury said opens with the "
		    "deliberation"));
	case JURY_NOT_SUBMITTED:
		return error_set(err, _("you see what the jury said of a "
		    "dossier once you have submitted your own scores of it"));
	case JURY_CONFLICT:
		return error_set(err, _("you declared a conflict of interest "
		    "with this dossier: you do not see its scores"));
	}
	st = db_stmt(ed, sql_marks, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, dossier, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cid = (const char *)sqlite3_column_text(st, 0);
		struct jury_criterion *c;
		struct jury_mark *m;
		bool conflicted;

		if (conflict_of(ed, (const char *)sqlite3_column_text(st, 3),
		    dossier, &conflicted, err) != 0) {
			sqlite3_reset(st);
			jury_view_free(out);
			return -1;
		}
		if (conflicted && sqlite3_column_type(st, 8) == SQLITE_NULL)
			continue;
		if (out->n == 0 || strcmp(out->criteria[out->n - 1].id, cid) != 0) {
			out->criteria = xrealloc(out->criteria,
			    (out->n + 1) * sizeof *out->criteria);
			c = &out->criteria[out->n++];
			memset(c, 0, sizeof *c);
			c->id = xstrdup(cid);
			c->scale_min = sqlite3_column_double(st, 1);
			c->scale_max = sqlite3_column_double(st, 2);
		}
		c = &out->criteria[out->n - 1];
		c->marks = xrealloc(c->marks, (c->n + 1) * sizeof *c->marks);
		m = &c->marks[c->n++];
		m->juror = db_column_dup(st, 3);
		m->name = db_column_dup(st, 4);
		m->role = db_column_dup(st, 5);
		m->voting = sqlite3_column_int(st, 6) != 0;
		m->submitted = sqlite3_column_int(st, 7) != 0;
		m->has_value = sqlite3_column_type(st, 8) != SQLITE_NULL;
		m->value = m->has_value ? sqlite3_column_double(st, 8) : NAN;
		m->comment = db_column_dup(st, 9);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		jury_view_free(out);
		return db_error(ed, rc, err);
	}
	return 0;
}

void
jury_view_free(struct jury_view *v)
{
	size_t i, k;

	for (i = 0; i < v->n; i++) {
		for (k = 0; k < v->criteria[i].n; k++) {
			struct jury_mark *m = &v->criteria[i].marks[k];

			free(m->juror);
			free(m->name);
			free(m->role);
			free(m->comment);
		}
		free(v->criteria[i].marks);
		free(v->criteria[i].id);
	}
	free(v->criteria);
	memset(v, 0, sizeof *v);
}

void
jury_histogram(const struct jury_criterion *c, int *bins, int nbins)
{
	double range = c->scale_max - c->scale_min;
	size_t i;

	memset(bins, 0, (size_t)nbins * sizeof *bins);
	for (i = 0; i < c->n; i++) {
		const struct jury_mark *m = &c->marks[i];
		int b;

		if (!m->voting || !m->has_value || range <= 0)
			continue;
		b = (int)floor((m->value - c->scale_min) / range * nbins);
		if (b >= nbins)
			b = nbins - 1;
		if (b < 0)
			b = 0;
		bins[b]++;
	}
}
