#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "core/decision.h"
#include "core/dossier.h"
#include "core/scoring.h"
#include "text/clean.h"
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
	if (strcmp(info.phase, "deliberation") != 0)
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

int
decision_set(struct edition *ed, const char *actor, const char *category,
    const char *prize, const char *dossier, const char *rationale,
    struct mw_error *err)
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
	if (check(ed, actor, category, prize, dossier, &once, err) != 0)
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
	if (step(ed, st, err) != 0)
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
