/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dossier.h"
#include "core/scoring.h"
#include "text/clean.h"
#include "core/rules.h"
#include "util/i18n.h"
#include "util/strbuf.h"

static void
copy_col(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	snprintf(dst, size, "%s", s != NULL ? s : "");
}

int
edition_get_info(struct edition *ed, struct edition_info *info,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT name, year, phase, preset,"
	    " category_set, uuid FROM edition WHERE id = 1", err);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return error_set(err, _("%s: the edition has no metadata "
			    "(damaged file?)"), db_path(ed));
		return db_error(ed, rc, err);
	}
	copy_col(info->name, sizeof info->name, st, 0);
	info->year = sqlite3_column_int(st, 1);
	copy_col(info->phase, sizeof info->phase, st, 2);
	copy_col(info->preset, sizeof info->preset, st, 3);
	copy_col(info->category_set, sizeof info->category_set, st, 4);
	copy_col(info->uuid, sizeof info->uuid, st, 5);
	sqlite3_reset(st);
	return 0;
}

static int
phase_rank(const char *phase)
{
	static const char *const order[] = { "setup", "scoring", "deliberation",
	    "locked" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(order[i], phase) == 0)
			return i;
	return -1;
}

int
edition_set_phase(struct edition *ed, const char *phase, const char *actor,
    const char *reason, bool *changed, struct mw_error *err)
{
	struct edition_info info;
	struct strbuf detail = STRBUF_INIT;
	char role[16];
	sqlite3_stmt *st;
	int rc, ret;

	*changed = false;
	if (strcmp(phase, "setup") != 0 && strcmp(phase, "scoring") != 0 &&
	    strcmp(phase, "deliberation") != 0)
		return error_usage(err, _("phase: expected setup, scoring or "
		    "deliberation, found '%s'"), phase);
	if (actor == NULL || strcmp(actor, "-") == 0)
		return error_usage(err, _("only the chair changes the phase; say "
		    "who you are with --juror"));
	if (juror_role(ed, actor, role, err) != 0)
		return -1;
	if (strcmp(role, "chair") != 0)
		return error_set(err, _("only the chair changes the phase; '%s' "
		    "has the role '%s'"), actor, role);
	if (db_begin(ed, err) != 0)
		return -1;
	if (edition_get_info(ed, &info, err) != 0) {
		db_rollback(ed);
		return -1;
	}
	if (!rules_allow(ACT_PHASE, info.phase)) {
		db_rollback(ed);
		return error_set(err, _("%s: the edition is locked; its phase "
		    "can no longer change"), db_path(ed));
	}
	if (strcmp(info.phase, phase) == 0) {
		db_rollback(ed);
		return 0;
	}
	/* Going back reopens what others relied on: say why, for the log. */
	if (phase_rank(phase) < phase_rank(info.phase) && (reason == NULL ||
	    reason[strspn(reason, " \t\r\n")] == '\0')) {
		db_rollback(ed);
		return error_usage(err, _("going back from phase '%s' to '%s' "
		    "needs a written reason (--reason)"), info.phase, phase);
	}
	st = db_stmt(ed, "UPDATE edition SET phase = ?1 WHERE id = 1", err);
	if (st == NULL) {
		db_rollback(ed);
		return -1;
	}
	sqlite3_bind_text(st, 1, phase, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_error(ed, rc, err);
		db_rollback(ed);
		return -1;
	}
	strbuf_addf(&detail, "phase=%s from=%s", phase, info.phase);
	if (reason != NULL && *reason != '\0')
		strbuf_addf(&detail, " reason=%s", reason);
	ret = db_commit(ed, actor, "phase", strbuf_str(&detail), err);
	strbuf_free(&detail);
	*changed = ret == 0;
	return ret;
}

/* Fetch one text column of the row selected by sql with ?1 (and ?2);
 * false if there is none. */
static bool
lookup(struct edition *ed, const char *sql, const char *a, const char *b,
    char *out, size_t size, struct mw_error *err, int *fail)
{
	sqlite3_stmt *st = db_stmt(ed, sql, err);
	int rc;

	*fail = 0;
	if (st == NULL) {
		*fail = -1;
		return false;
	}
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b != NULL)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && out != NULL)
		copy_col(out, size, st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*fail = db_error(ed, rc, err);
		return false;
	}
	return rc == SQLITE_ROW;
}

static int
list_into(struct edition *ed, const char *sql, const char *a,
    const char *b, struct strbuf *sb, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql, err);

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b != NULL)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		strbuf_addf(sb, "%s%s", sb->len ? ", " : "",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return 0;
}

/*
 * What every change of a juror's scores of a dossier needs: the scoring
 * phase, a known juror and dossier, no conflict, not yet submitted.
 */
static int
check_scorable(struct edition *ed, const char *juror, const char *dossier,
    struct mw_error *err)
{
	struct edition_info info;
	char buf[64];
	int fail;

	if (edition_get_info(ed, &info, err) != 0)
		return -1;
	/* A consensus round reopens one dossier, in deliberation, for the
	 * members the chair named (consensus.h). */
	if (!rules_allow(ACT_SCORE, info.phase) &&
	    !(strcmp(info.phase, "deliberation") == 0 &&
	    lookup(ed, "SELECT 1 FROM consensus_round WHERE juror_id = ?1"
	    " AND dossier_id = ?2", juror, dossier, NULL, 0, err, &fail)))
		return error_set(err, _("scores can change only during the "
		    "scoring phase; the edition is in phase '%s'"), info.phase);
	if (!lookup(ed, "SELECT role FROM juror WHERE id = ?1", juror, NULL,
	    NULL, 0, err, &fail))
		return fail ? -1 : error_set(err, _("unknown juror '%s'"), juror);
	if (!lookup(ed, "SELECT status FROM dossier WHERE id = ?1", dossier,
	    NULL, buf, sizeof buf, err, &fail))
		return fail ? -1 : error_set(err, _("unknown dossier '%s'"),
		    dossier);
	if (strcmp(buf, "admitted") != 0)
		return error_set(err, _("dossier '%s' is %s and cannot be "
		    "scored"), dossier, buf);
	if (lookup(ed, "SELECT reason FROM juror_conflict WHERE juror_id = ?1"
	    " AND dossier_id = ?2", juror, dossier, buf, sizeof buf, err,
	    &fail))
		return error_set(err, _("juror '%s' has a declared conflict of "
		    "interest with dossier '%s' and may not score it"), juror,
		    dossier);
	if (fail)
		return -1;
	if (lookup(ed, "SELECT submitted_at FROM submission WHERE juror_id = ?1"
	    " AND dossier_id = ?2", juror, dossier, buf, sizeof buf, err,
	    &fail)) {
		char when[64];

		db_time_for_people(buf, when, sizeof when);
		return error_set(err, _("juror '%s' submitted dossier '%s' on %s; "
		    "submitted scores no longer change"), juror, dossier, when);
	}
	return fail;
}

static const char sql_score_upsert[] =
	"INSERT INTO score (juror_id, dossier_id, criterion_id, value, comment,"
	" updated_at) VALUES (?1, ?2, ?3, ?4, coalesce(?5, ''), ?6)"
	" ON CONFLICT DO UPDATE SET value = excluded.value,"
	" comment = coalesce(?5, comment), updated_at = excluded.updated_at"
	" WHERE (value, comment) IS NOT (excluded.value, coalesce(?5, comment))";

static int
score_change(struct edition *ed, const char *juror, const char *dossier,
    const char *criterion, double value, const char *comment,
    struct strbuf *detail, struct mw_error *err)
{
	char old[64] = "", now[32];
	double lo, hi;
	sqlite3_stmt *st;
	int rc, fail;

	if (check_scorable(ed, juror, dossier, err) != 0)
		return -1;
	st = db_stmt(ed, "SELECT scale_min, scale_max FROM criterion"
	    " WHERE id = ?1", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, criterion, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	lo = sqlite3_column_double(st, 0);
	hi = sqlite3_column_double(st, 1);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		struct strbuf known = STRBUF_INIT;

		if (rc != SQLITE_DONE)
			return db_error(ed, rc, err);
		list_into(ed, "SELECT id FROM criterion WHERE ?1 IS NOT NULL"
		    " ORDER BY position", "", NULL, &known, err);
		error_set(err, _("unknown criterion '%s' (known: %s)"), criterion,
		    strbuf_str(&known));
		strbuf_free(&known);
		return -1;
	}
	if (!isfinite(value) || value < lo || value > hi)
		return error_set(err, _("criterion '%s' is scored from %g to %g; "
		    "%g is outside the scale"), criterion, lo, hi, value);
	lookup(ed, "SELECT value FROM score WHERE juror_id = ?1 AND"
	    " dossier_id = ?2 AND criterion_id = ?3", juror, dossier, old,
	    sizeof old, err, &fail);
	st = db_stmt(ed, sql_score_upsert, err);
	if (st == NULL)
		return -1;
	db_now(now);
	sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, criterion, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 4, value);
	if (comment != NULL)
		sqlite3_bind_text(st, 5, comment, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	strbuf_addf(detail, "juror=%s dossier=%s criterion=%s value=%s%s%g%s",
	    juror, dossier, criterion, old, *old ? "->" : "", value,
	    comment != NULL ? " comment" : "");
	return 0;
}

int
score_set(struct edition *ed, const char *juror, const char *dossier,
    const char *criterion, double value, const char *comment,
    struct mw_error *err)
{
	struct strbuf detail = STRBUF_INIT;
	char *clean = NULL;
	size_t bad;
	int ret;

	if (comment != NULL && !text_clean(comment, strlen(comment), &clean,
	    &bad))
		return error_set(err, _("comment: not valid UTF-8 (at byte %zu)"),
		    bad + 1);
	if (db_begin(ed, err) != 0) {
		free(clean);
		return -1;
	}
	ret = score_change(ed, juror, dossier, criterion, value, clean,
	    &detail, err);
	free(clean);
	if (ret != 0)
		db_rollback(ed);
	else if (sqlite3_changes(db_handle(ed)) == 0)
		db_rollback(ed);        /* the same score again: no change */
	else
		ret = db_commit(ed, juror, "score", strbuf_str(&detail), err);
	strbuf_free(&detail);
	return ret;
}

int
score_submit(struct edition *ed, const char *juror, const char *dossier,
    bool *already, struct mw_error *err)
{
	struct strbuf missing = STRBUF_INIT, detail = STRBUF_INIT;
	sqlite3_stmt *st;
	char when[64], now[32];
	int rc, fail;

	*already = false;
	if (db_begin(ed, err) != 0)
		return -1;
	if (lookup(ed, "SELECT submitted_at FROM submission WHERE juror_id = ?1"
	    " AND dossier_id = ?2", juror, dossier, when, sizeof when, err,
	    &fail)) {
		*already = true;
		db_rollback(ed);
		return 0;
	}
	if (fail || check_scorable(ed, juror, dossier, err) != 0)
		goto fail;
	/* The criteria by name, in the language of the message. */
	if (list_into(ed, i18n_rtl() ? "SELECT coalesce(nullif(c.name_ar, ''),"
	    " c.name_fr) FROM criterion c WHERE NOT EXISTS"
	    " (SELECT 1 FROM score s WHERE s.juror_id = ?1 AND s.dossier_id = ?2"
	    " AND s.criterion_id = c.id) ORDER BY c.position" :
	    "SELECT coalesce(nullif(c.name_fr, ''), c.name_ar) FROM criterion c"
	    " WHERE NOT EXISTS (SELECT 1 FROM score s WHERE s.juror_id = ?1"
	    " AND s.dossier_id = ?2 AND s.criterion_id = c.id)"
	    " ORDER BY c.position", juror, dossier, &missing, err) != 0)
		goto fail;
	if (missing.len > 0) {
		error_set(err, _("juror '%s' has not scored dossier '%s' on every "
		    "criterion (missing: %s); nothing was submitted"), juror,
		    dossier, strbuf_str(&missing));
		goto fail;
	}
	st = db_stmt(ed, "INSERT INTO submission (juror_id, dossier_id,"
	    " submitted_at) VALUES (?1, ?2, ?3)", err);
	if (st == NULL)
		goto fail;
	db_now(now);
	sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_error(ed, rc, err);
		goto fail;
	}
	strbuf_addf(&detail, "juror=%s dossier=%s", juror, dossier);
	rc = db_commit(ed, juror, "submit", strbuf_str(&detail), err);
	strbuf_free(&detail);
	strbuf_free(&missing);
	return rc;
fail:
	db_rollback(ed);
	strbuf_free(&missing);
	return -1;
}
