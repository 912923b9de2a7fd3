/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dossier.h"
#include "util/i18n.h"

int
categories_load(struct edition *ed, struct category **out, size_t *n,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT id, name_ar, name_fr FROM"
	    " category ORDER BY position, id", err);
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[*n].id = db_column_dup(st, 0);
		(*out)[*n].name_ar = db_column_dup(st, 1);
		(*out)[*n].name_fr = db_column_dup(st, 2);
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

void
categories_free(struct category *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(c[i].id);
		free(c[i].name_ar);
		free(c[i].name_fr);
	}
	free(c);
}

int
criteria_load(struct edition *ed, struct criterion **out, size_t *n,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT id, name_ar, name_fr,"
	    " description_ar, description_fr, weight, scale_min, scale_max"
	    " FROM criterion ORDER BY position, id", err);
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct criterion *c;

		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		c = &(*out)[*n];
		c->id = db_column_dup(st, 0);
		c->name_ar = db_column_dup(st, 1);
		c->name_fr = db_column_dup(st, 2);
		c->description_ar = db_column_dup(st, 3);
		c->description_fr = db_column_dup(st, 4);
		c->weight = sqlite3_column_double(st, 5);
		c->scale_min = sqlite3_column_double(st, 6);
		c->scale_max = sqlite3_column_double(st, 7);
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

void
criteria_free(struct criterion *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(c[i].id);
		free(c[i].name_ar);
		free(c[i].name_fr);
		free(c[i].description_ar);
		free(c[i].description_fr);
	}
	free(c);
}

static const char sql_jurors[] =
	"SELECT id, name, organisation, role, voting FROM juror"
	" WHERE ?1 IS NULL OR id = ?1"
	" ORDER BY CASE role WHEN 'chair' THEN 0 WHEN 'member' THEN 1"
	" ELSE 2 END, id";

static void
fill_juror(sqlite3_stmt *st, struct juror *j)
{
	j->id = db_column_dup(st, 0);
	j->name = db_column_dup(st, 1);
	j->organisation = db_column_dup(st, 2);
	j->role = db_column_dup(st, 3);
	j->voting = sqlite3_column_int(st, 4) != 0;
}

int
jurors_load(struct edition *ed, struct juror **out, size_t *n,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql_jurors, err);
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		fill_juror(st, &(*out)[*n]);
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

int
juror_get(struct edition *ed, const char *id, struct juror *out,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql_jurors, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		fill_juror(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return error_set(err, _("unknown juror '%s'"), id);
	return db_error(ed, rc, err);
}

int
juror_role(struct edition *ed, const char *id, char role[16],
    struct mw_error *err)
{
	struct juror j;

	if (juror_get(ed, id, &j, err) != 0)
		return -1;
	snprintf(role, 16, "%s", j.role);
	jurors_free_one(&j);
	return 0;
}

void
jurors_free_one(struct juror *j)
{
	free(j->id);
	free(j->name);
	free(j->organisation);
	free(j->role);
}

void
jurors_free(struct juror *j, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		jurors_free_one(&j[i]);
	free(j);
}

int
dossier_get(struct edition *ed, const char *id, const char *juror,
    struct dossier_detail *out, struct mw_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	st = db_stmt(ed, "SELECT d.id, d.category_id, c.name_ar, c.name_fr,"
	    " d.title_ar, d.title_fr, coalesce(d.administration, ''), d.url,"
	    " d.summary_ar, d.summary_fr, d.status,"
	    " (SELECT submitted_at FROM submission WHERE juror_id = ?2"
	    "  AND dossier_id = d.id),"
	    " (SELECT reason FROM juror_conflict k WHERE k.juror_id = ?2"
	    "  AND k.dossier_id = d.id LIMIT 1),"
	    " (SELECT count(*) FROM submission WHERE dossier_id = d.id)"
	    " FROM dossier d JOIN category c ON c.id = d.category_id"
	    " WHERE d.id = ?1", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, juror != NULL ? juror : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return error_set(err, _("unknown dossier '%s'"), id);
		return db_error(ed, rc, err);
	}
	out->id = db_column_dup(st, 0);
	out->category_id = db_column_dup(st, 1);
	out->category_ar = db_column_dup(st, 2);
	out->category_fr = db_column_dup(st, 3);
	out->title_ar = db_column_dup(st, 4);
	out->title_fr = db_column_dup(st, 5);
	out->administration = db_column_dup(st, 6);
	out->url = db_column_dup(st, 7);
	out->summary_ar = db_column_dup(st, 8);
	out->summary_fr = db_column_dup(st, 9);
	out->status = db_column_dup(st, 10);
	out->submitted_at = db_column_dup_or_null(st, 11);
	out->conflict = db_column_dup_or_null(st, 12);
	out->submissions = sqlite3_column_int(st, 13);
	sqlite3_reset(st);

	st = db_stmt(ed, "SELECT s.value, s.comment FROM criterion c"
	    " LEFT JOIN score s ON s.criterion_id = c.id AND s.juror_id = ?2"
	    " AND s.dossier_id = ?1 ORDER BY c.position, c.id", err);
	if (st == NULL) {
		dossier_detail_free(out);
		return -1;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, juror != NULL ? juror : "", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct my_score *m;

		out->scores = xrealloc(out->scores, (out->nscores + 1) *
		    sizeof *out->scores);
		m = &out->scores[out->nscores++];
		m->has_value = sqlite3_column_type(st, 0) != SQLITE_NULL;
		m->value = sqlite3_column_double(st, 0);
		m->comment = db_column_dup(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		dossier_detail_free(out);
		return db_error(ed, rc, err);
	}

	st = db_stmt(ed, "SELECT j.name || ' (' || j.id || ')'"
	    " || CASE WHEN k.reason <> '' THEN ': ' || k.reason ELSE '' END"
	    " FROM juror_conflict k JOIN juror j ON j.id = k.juror_id"
	    " WHERE k.dossier_id = ?1 ORDER BY j.id", err);
	if (st == NULL) {
		dossier_detail_free(out);
		return -1;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->conflicted = xrealloc(out->conflicted,
		    (out->nconflicted + 1) * sizeof *out->conflicted);
		out->conflicted[out->nconflicted++] = db_column_dup(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		dossier_detail_free(out);
		return db_error(ed, rc, err);
	}
	return 0;
}

void
dossier_detail_free(struct dossier_detail *d)
{
	size_t i;

	free(d->id);
	free(d->category_id);
	free(d->category_ar);
	free(d->category_fr);
	free(d->title_ar);
	free(d->title_fr);
	free(d->administration);
	free(d->url);
	free(d->summary_ar);
	free(d->summary_fr);
	free(d->status);
	free(d->submitted_at);
	free(d->conflict);
	for (i = 0; i < d->nscores; i++)
		free(d->scores[i].comment);
	free(d->scores);
	for (i = 0; i < d->nconflicted; i++)
		free(d->conflicted[i]);
	free(d->conflicted);
	memset(d, 0, sizeof *d);
}

double
score_weighted_total(const struct criterion *c, const double *values,
    size_t n)
{
	double sum = 0, weights = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (isnan(values[i]))
			continue;
		sum += c[i].weight * (values[i] - c[i].scale_min) /
		    (c[i].scale_max - c[i].scale_min);
		weights += c[i].weight;
	}
	return weights > 0 ? 100.0 * sum / weights : NAN;
}
