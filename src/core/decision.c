/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "core/decision.h"
#include "core/dossier.h"
#include "core/scoring.h"
#include "core/settings.h"
#include "text/clean.h"
#include "core/rules.h"
#include "util/i18n.h"
#include "util/strbuf.h"

int
decisions_load(struct edition *ed, const char *category, const char *lang,
    struct decision **out, size_t *n, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT k.category_id, k.prize,"
	    " k.dossier_id, CASE WHEN ?2 = 'ar'"
	    " THEN coalesce(nullif(d.title_ar, ''), d.title_fr)"
	    " ELSE coalesce(nullif(d.title_fr, ''), d.title_ar) END,"
	    " k.rationale, k.decided_at, k.decided_by FROM decision k"
	    " JOIN category c ON c.id = k.category_id"
	    " JOIN prize p ON p.id = k.prize"
	    " LEFT JOIN dossier d ON d.id = k.dossier_id"
	    " WHERE ?1 IS NULL OR k.category_id = ?1"
	    " ORDER BY c.position, p.position, k.dossier_id", err);
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	if (category != NULL)
		sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, lang != NULL ? lang : "fr", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct decision *d;

		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		d = &(*out)[(*n)++];
		d->category_id = db_column_dup_or_null(st, 0);
		d->prize = db_column_dup_or_null(st, 1);
		d->dossier_id = db_column_dup_or_null(st, 2);
		d->title = db_column_dup_or_null(st, 3);
		d->rationale = db_column_dup_or_null(st, 4);
		d->decided_at = db_column_dup_or_null(st, 5);
		d->decided_by = db_column_dup_or_null(st, 6);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		decisions_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_error(ed, rc, err);
	}
	return 0;
}

void
decisions_free(struct decision *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(d[i].category_id);
		free(d[i].prize);
		free(d[i].dossier_id);
		free(d[i].title);
		free(d[i].rationale);
		free(d[i].decided_at);
		free(d[i].decided_by);
	}
	free(d);
}

static int
step(struct edition *ed, sqlite3_stmt *st, struct mw_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_error(ed, rc, err);
}

/* Everything decision_set() checks before writing. */
static int
check(struct edition *ed, const char *actor, const char *category,
    const char *prize, const char *dossier, int *once, struct mw_error *err)
{
	struct edition_info info;
	struct juror j;
	sqlite3_stmt *st;
	int rc, chair;

	if (edition_get_info(ed, &info, err) != 0)
		return -1;
	if (!rules_allow(ACT_DECIDE, info.phase))
		return error_set(err, _("prizes are assigned during deliberation; "
		    "the edition is in phase '%s'"), info.phase);
	if (juror_get(ed, actor, &j, err) != 0)
		return -1;
	chair = strcmp(j.role, "chair") == 0;
	jurors_free_one(&j);
	if (!chair)
		return error_set(err, _("only the chair assigns prizes; '%s' is "
		    "not the chair"), actor);
	st = db_stmt(ed, "SELECT (SELECT count(*) FROM category WHERE id = ?1),"
	    " (SELECT coalesce(max_per_category, 0) FROM prize WHERE id = ?2),"
	    " (SELECT count(*) FROM prize WHERE id = ?2),"
	    " (SELECT category_id FROM dossier WHERE id = ?3),"
	    " (SELECT status FROM dossier WHERE id = ?3)", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, prize, -1, SQLITE_STATIC);
	if (dossier != NULL)
		sqlite3_bind_text(st, 3, dossier, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_error(ed, rc, err);
	}
	if (sqlite3_column_int(st, 0) == 0) {
		sqlite3_reset(st);
		return error_set(err, _("unknown category '%s'"), category);
	}
	if (sqlite3_column_int(st, 2) == 0) {
		sqlite3_reset(st);
		return error_set(err, _("unknown prize '%s' (expected excellence, "
		    "encouragement or merit)"), prize);
	}
	*once = sqlite3_column_int(st, 1) == 1;
	if (dossier != NULL) {
		const char *cat = (const char *)sqlite3_column_text(st, 3);
		const char *status = (const char *)sqlite3_column_text(st, 4);

		if (cat == NULL) {
			sqlite3_reset(st);
			return error_set(err, _("unknown dossier '%s'"), dossier);
		}
		if (strcmp(cat, category) != 0) {
			error_set(err, _("dossier '%s' is in category '%s', not '%s'"),
			    dossier, cat, category);
			sqlite3_reset(st);
			return -1;
		}
		if (strcmp(status, "admitted") != 0) {
			error_set(err, _("dossier '%s' is %s and cannot receive a "
			    "prize"), dossier, status);
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	return 0;
}

/* Copy of s cleaned (NFC, no controls) if it holds more than blanks;
 * NULL otherwise. */
static char *
written(const char *s)
{
	char *clean = NULL;
	size_t bad;

	if (s == NULL || !text_clean(s, strlen(s), &clean, &bad))
		return NULL;
	if (clean[strspn(clean, " \t\r\n")] == '\0') {
		free(clean);
		return NULL;
	}
	return clean;
}

/*
 * A dossier scored by fewer voting jurors than the quorum receives a
 * prize only with the chair's written reason, which is recorded.
 */
int
decision_quorum(struct edition *ed, const char *dossier, int *submitted,
    int *quorum, struct mw_error *err)
{
	struct settings set;
	sqlite3_stmt *st;
	int rc;

	*submitted = *quorum = 0;
	if (settings_load(ed, &set, err) != 0)
		return -1;
	*quorum = set.quorum;
	if (set.quorum == 0)
		return 0;
	st = db_stmt(ed, "SELECT count(*) FROM submission s JOIN juror j"
	    " ON j.id = s.juror_id AND j.voting = 1 WHERE s.dossier_id = ?1",
	    err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, dossier, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*submitted = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_error(ed, rc, err);
	return *submitted < *quorum ? 1 : 0;
}

static int
check_quorum(struct edition *ed, const char *actor, const char *dossier,
    const char *override, struct mw_error *err)
{
	sqlite3_stmt *st;
	char *reason, now[32];
	int n, quorum, rc;

	if (dossier == NULL)
		return 0;
	rc = decision_quorum(ed, dossier, &n, &quorum, err);
	if (rc <= 0)
		return rc;
	reason = written(override);
	if (reason == NULL)
		return error_set(err, ngettext("dossier '%s' was scored by %d "
		    "voting juror, fewer than the quorum of %d; a prize needs a "
		    "written reason to override the quorum",
		    "dossier '%s' was scored by %d voting jurors, fewer than the "
		    "quorum of %d; a prize needs a written reason to override the "
		    "quorum", (unsigned long)n), dossier, n, quorum);
	st = db_stmt(ed, "INSERT INTO quorum_override (dossier_id, reason,"
	    " decided_at, decided_by) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT DO UPDATE SET reason = excluded.reason,"
	    " decided_at = excluded.decided_at, decided_by = excluded.decided_by",
	    err);
	if (st == NULL) {
		free(reason);
		return -1;
	}
	db_now(now);
	sqlite3_bind_text(st, 1, dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, actor, -1, SQLITE_STATIC);
	rc = step(ed, st, err);
	free(reason);
	return rc;
}

/*
 * One prize per dossier per category: the rule the database's triggers
 * keep, said here with the prize the dossier already has.
 */
static int
one_prize(struct edition *ed, const char *category, const char *prize,
    const char *dossier, struct mw_error *err)
{
	sqlite3_stmt *st;
	char *other = NULL;
	int rc;

	if (dossier == NULL)
		return 0;
	st = db_stmt(ed, "SELECT prize FROM decision WHERE category_id = ?1"
	    " AND dossier_id = ?2 AND prize <> ?3 LIMIT 1", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, prize, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		other = db_column_dup(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	if (other == NULL)
		return 0;
	error_set(err, _("dossier '%s' already has the %s prize of this "
	    "category: one prize per dossier per category (change that "
	    "decision first)"), dossier, other);
	free(other);
	return -1;
}

int
decision_set(struct edition *ed, const char *actor, const char *category,
    const char *prize, const char *dossier, const char *rationale,
    const char *quorum_override, struct mw_error *err)
{
	struct strbuf detail = STRBUF_INIT;
	sqlite3_stmt *st;
	char *clean = NULL, now[32];
	size_t bad;
	int once = 0, ret;

	if (rationale == NULL || !text_clean(rationale, strlen(rationale),
	    &clean, &bad))
		return error_set(err, _("the rationale is not valid UTF-8"));
	if (clean[strspn(clean, " \t\r\n")] == '\0') {
		free(clean);
		return error_set(err, _("a decision needs a written rationale"));
	}
	if (db_begin(ed, err) != 0) {
		free(clean);
		return -1;
	}
	if (check(ed, actor, category, prize, dossier, &once, err) != 0 ||
	    check_quorum(ed, actor, dossier, quorum_override, err) != 0)
		goto fail;
	/* A prize given once per category, or no award at all, replaces what
	 * was decided of that prize; a certificate of merit replaces only a
	 * "no certificate" or itself. */
	st = db_stmt(ed, "DELETE FROM decision WHERE category_id = ?1"
	    " AND prize = ?2 AND (?3 OR ?4 IS NULL OR dossier_id IS NULL"
	    " OR dossier_id = ?4)", err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, prize, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, once);
	if (dossier != NULL)
		sqlite3_bind_text(st, 4, dossier, -1, SQLITE_STATIC);
	if (step(ed, st, err) != 0 || one_prize(ed, category, prize, dossier,
	    err) != 0)
		goto fail;
	st = db_stmt(ed, "INSERT INTO decision (category_id, prize, dossier_id,"
	    " rationale, decided_at, decided_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	    err);
	if (st == NULL)
		goto fail;
	db_now(now);
	sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, prize, -1, SQLITE_STATIC);
	if (dossier != NULL)
		sqlite3_bind_text(st, 3, dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, clean, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, actor, -1, SQLITE_STATIC);
	if (step(ed, st, err) != 0)
		goto fail;
	strbuf_addf(&detail, "category=%s prize=%s dossier=%s", category, prize,
	    dossier != NULL ? dossier : "none");
	ret = db_commit(ed, actor, "award", strbuf_str(&detail), err);
	strbuf_free(&detail);
	free(clean);
	return ret;
fail:
	db_rollback(ed);
	free(clean);
	return -1;
}

int
casting_set(struct edition *ed, const char *actor, const char *category,
    char *const *dossiers, size_t n, const char *rationale,
    struct mw_error *err)
{
	struct strbuf detail = STRBUF_INIT;
	sqlite3_stmt *st;
	char *clean, now[32];
	size_t i, k;
	int once, ret;

	if (n < 2)
		return error_usage(err, _("a casting decision orders at least two "
		    "tied dossiers"));
	for (i = 0; i < n; i++)
		for (k = 0; k < i; k++)
			if (strcmp(dossiers[i], dossiers[k]) == 0)
				return error_usage(err, _("dossier '%s' is named "
				    "twice"), dossiers[i]);
	clean = written(rationale);
	if (clean == NULL)
		return error_set(err, _("a casting decision needs a written "
		    "rationale"));
	if (db_begin(ed, err) != 0) {
		free(clean);
		return -1;
	}
	/* The same rules as a prize: the chair, in deliberation, admitted
	 * dossiers of the category. */
	for (i = 0; i < n; i++)
		if (check(ed, actor, category, "merit", dossiers[i], &once,
		    err) != 0)
			goto fail;
	db_now(now);
	for (i = 0; i < n; i++) {
		st = db_stmt(ed, "INSERT INTO casting (category_id, dossier_id,"
		    " position, rationale, decided_at, decided_by)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO UPDATE SET"
		    " position = excluded.position, rationale = excluded.rationale,"
		    " decided_at = excluded.decided_at,"
		    " decided_by = excluded.decided_by", err);
		if (st == NULL)
			goto fail;
		sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, dossiers[i], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, (int)i + 1);
		sqlite3_bind_text(st, 4, clean, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, actor, -1, SQLITE_STATIC);
		if (step(ed, st, err) != 0)
			goto fail;
		strbuf_addf(&detail, "%s%s", i ? ">" : "", dossiers[i]);
	}
	{
		struct strbuf d2 = STRBUF_INIT;

		strbuf_addf(&d2, "category=%s order=%s", category,
		    strbuf_str(&detail));
		ret = db_commit(ed, actor, "casting", strbuf_str(&d2), err);
		strbuf_free(&d2);
	}
	strbuf_free(&detail);
	free(clean);
	return ret;
fail:
	db_rollback(ed);
	strbuf_free(&detail);
	free(clean);
	return -1;
}
