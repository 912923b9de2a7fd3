/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Consensus rounds: who is reopened, what they gave before and after. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/aggregate.h"
#include "core/consensus.h"
#include "core/dossier.h"
#include "core/scoring.h"
#include "core/settings.h"
#include "text/clean.h"
#include "util/i18n.h"

/* Each voting member's total of dossier ?1, among those who submitted. */
#define TOTALS_OF_DOSSIER \
	"SELECT j2.id AS juror, j2.name AS name, t.total AS total FROM (" \
	AGG_TOTALS_SELECT " WHERE sub.dossier_id = ?1" \
	" GROUP BY s.dossier_id, s.juror_id) t JOIN juror j2 ON j2.rowid = t.jr"

struct member_total {
	char *id, *name;
	double total;
};

static int
load_totals(struct edition *ed, const char *dossier, struct member_total **out,
    size_t *n, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, TOTALS_OF_DOSSIER " ORDER BY j2.name",
	    err);
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, dossier, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[*n].id = db_column_dup(st, 0);
		(*out)[*n].name = db_column_dup(st, 1);
		(*out)[*n].total = sqlite3_column_double(st, 2);
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

static void
free_totals(struct member_total *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(t[i].id);
		free(t[i].name);
	}
	free(t);
}

static int
step_done(struct edition *ed, sqlite3_stmt *st, struct mw_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

int
consensus_open(struct edition *ed, const char *actor, const char *dossier,
    const char *reason, struct strbuf *who, struct mw_error *err)
{
	struct edition_info info;
	struct settings set;
	struct member_total *t = NULL;
	struct strbuf detail = STRBUF_INIT;
	struct juror j;
	sqlite3_stmt *ins, *del;
	char *clean = NULL, now[32];
	double mean = 0;
	size_t n = 0, i, reopened = 0, bad;
	bool chair;

	if (reason == NULL || !text_clean(reason, strlen(reason), &clean, &bad) ||
	    clean[strspn(clean, " \t\r\n")] == '\0') {
		free(clean);
		return error_set(err, _("a consensus round needs a written "
		    "reason"));
	}
	if (db_begin(ed, err) != 0) {
		free(clean);
		return -1;
	}
	if (edition_get_info(ed, &info, err) != 0 ||
	    juror_get(ed, actor, &j, err) != 0)
		goto fail;
	chair = strcmp(j.role, "chair") == 0;
	jurors_free_one(&j);
	if (!chair) {
		error_set(err, _("only the chair opens a consensus round; '%s' is "
		    "not the chair"), actor);
		goto fail;
	}
	if (strcmp(info.phase, "deliberation") != 0) {
		error_set(err, _("a consensus round is held during the "
		    "deliberation; the edition is in phase '%s'"), info.phase);
		goto fail;
	}
	if (settings_load(ed, &set, err) != 0 ||
	    load_totals(ed, dossier, &t, &n, err) != 0)
		goto fail;
	for (i = 0; i < n; i++)
		mean += t[i].total / (double)n;
	ins = db_stmt(ed, "INSERT INTO consensus_round (dossier_id, juror_id,"
	    " reason, total_before, opened_at, opened_by)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO UPDATE SET"
	    " reason = excluded.reason, total_before = excluded.total_before,"
	    " opened_at = excluded.opened_at, opened_by = excluded.opened_by",
	    err);
	del = db_stmt(ed, "DELETE FROM submission WHERE dossier_id = ?1"
	    " AND juror_id = ?2", err);
	if (ins == NULL || del == NULL)
		goto fail;
	db_now(now);
	strbuf_addf(&detail, "dossier=%s jurors=", dossier);
	for (i = 0; n >= 2 && i < n; i++) {
		/* The agenda's rule: farther from the mean than the corridor,
		 * as shown (two decimals). */
		if (agg_round2(fabs(t[i].total - mean)) <= set.corridor)
			continue;
		sqlite3_bind_text(ins, 1, dossier, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, t[i].id, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, clean, -1, SQLITE_STATIC);
		sqlite3_bind_double(ins, 4, t[i].total);
		sqlite3_bind_text(ins, 5, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 6, actor, -1, SQLITE_STATIC);
		sqlite3_bind_text(del, 1, dossier, -1, SQLITE_STATIC);
		sqlite3_bind_text(del, 2, t[i].id, -1, SQLITE_STATIC);
		if (step_done(ed, ins, err) != 0 || step_done(ed, del, err) != 0)
			goto fail;
		strbuf_addf(&detail, "%s%s", reopened ? "," : "", t[i].id);
		if (who != NULL)
			strbuf_addf(who, "%s%s", reopened ? ", " : "", t[i].name);
		reopened++;
	}
	if (reopened == 0) {
		error_set(err, _("no voting member's total of dossier '%s' lies "
		    "outside the corridor of %g points: there is nobody to ask "
		    "again"), dossier, set.corridor);
		goto fail;
	}
	free_totals(t, n);
	free(clean);
	{
		int rc = db_commit(ed, actor, "consensus", strbuf_str(&detail), err);

		strbuf_free(&detail);
		return rc;
	}
fail:
	db_rollback(ed);
	free_totals(t, n);
	free(clean);
	strbuf_free(&detail);
	return -1;
}

int
consensus_load(struct edition *ed, const char *category, const char *lang,
    struct consensus_row **out, size_t *n, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "WITH t AS (" TOTALS_OF_DOSSIER ")"
	    " SELECT r.dossier_id, CASE WHEN ?3 = 'ar' THEN"
	    " coalesce(nullif(d.title_ar, ''), d.title_fr) ELSE"
	    " coalesce(nullif(d.title_fr, ''), d.title_ar) END,"
	    " r.juror_id, j.name, r.reason, r.opened_at, r.total_before,"
	    " (SELECT total FROM t WHERE t.juror = r.juror_id)"
	    " FROM consensus_round r JOIN dossier d ON d.id = r.dossier_id"
	    " JOIN juror j ON j.id = r.juror_id"
	    " WHERE r.dossier_id = ?1 ORDER BY j.name", err);
	sqlite3_stmt *ids = db_stmt(ed, "SELECT DISTINCT r.dossier_id"
	    " FROM consensus_round r JOIN dossier d ON d.id = r.dossier_id"
	    " JOIN category c ON c.id = d.category_id"
	    " WHERE ?1 IS NULL OR d.category_id = ?1"
	    " ORDER BY c.position, r.dossier_id", err);
	char **list = NULL;
	size_t nlist = 0, i;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL || ids == NULL)
		return -1;
	/* The totals are per dossier (?1 of TOTALS_OF_DOSSIER): one query
	 * per reopened dossier, which are few. */
	if (category != NULL)
		sqlite3_bind_text(ids, 1, category, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(ids)) == SQLITE_ROW) {
		list = xrealloc(list, (nlist + 1) * sizeof *list);
		list[nlist++] = db_column_dup(ids, 0);
	}
	sqlite3_reset(ids);
	for (i = 0; rc == SQLITE_DONE && i < nlist; i++) {
		sqlite3_bind_text(st, 1, list[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, lang != NULL ? lang : "fr", -1,
		    SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct consensus_row *r;

			*out = xrealloc(*out, (*n + 1) * sizeof **out);
			r = &(*out)[(*n)++];
			r->dossier = db_column_dup(st, 0);
			r->title = db_column_dup(st, 1);
			r->juror = db_column_dup(st, 2);
			r->name = db_column_dup(st, 3);
			r->reason = db_column_dup(st, 4);
			r->opened_at = db_column_dup(st, 5);
			r->before = sqlite3_column_double(st, 6);
			r->after = sqlite3_column_type(st, 7) == SQLITE_NULL ? NAN :
			    sqlite3_column_double(st, 7);
		}
		sqlite3_reset(st);
	}
	for (i = 0; i < nlist; i++)
		free(list[i]);
	free(list);
	if (rc != SQLITE_DONE) {
		consensus_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_error(ed, rc, err);
	}
	return 0;
}

void
consensus_free(struct consensus_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].dossier);
		free(rows[i].title);
		free(rows[i].juror);
		free(rows[i].name);
		free(rows[i].reason);
		free(rows[i].opened_at);
	}
	free(rows);
}

int
consensus_open_for(struct edition *ed, const char *juror, const char *dossier,
    bool *open, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT EXISTS (SELECT 1 FROM"
	    " consensus_round r WHERE r.juror_id = ?1 AND r.dossier_id = ?2"
	    " AND NOT EXISTS (SELECT 1 FROM submission s WHERE s.juror_id = ?1"
	    " AND s.dossier_id = ?2))", err);
	int rc;

	*open = false;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, dossier, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*open = rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_error(ed, rc, err);
}
