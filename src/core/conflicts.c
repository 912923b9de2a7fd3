/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conflicts.h"
#include "core/dossier.h"
#include "core/scoring.h"
#include "text/clean.h"
#include "core/rules.h"
#include "util/i18n.h"
#include "util/strbuf.h"

int
conflict_of(struct edition *ed, const char *juror, const char *dossier,
    bool *conflicted, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT 1 FROM juror_conflict"
	    " WHERE juror_id = ?1 AND dossier_id = ?2", err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, dossier, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*conflicted = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

/* The roles: a juror abstains for themselves, the chair recuses others. */
static int
check_who(struct edition *ed, const char *actor, const char *juror,
    bool recusal, struct mw_error *err)
{
	struct juror j;
	char role[16];

	if (juror_role(ed, actor, role, err) != 0)
		return -1;
	if (recusal && strcmp(role, "chair") != 0)
		return error_set(err, _("only the chair recuses a juror; '%s' has "
		    "the role '%s'"), actor, role);
	if (!recusal && strcmp(actor, juror) != 0)
		return error_set(err, _("a juror abstains only for themselves; "
		    "the chair recuses others (mudawala recuse)"));
	if (recusal && juror_get(ed, juror, &j, err) != 0)
		return -1;
	if (recusal)
		jurors_free_one(&j);
	return 0;
}

int
conflict_declare(struct edition *ed, const char *actor, const char *juror,
    const char *dossier, const char *reason, bool recusal,
    struct mw_error *err)
{
	struct edition_info info;
	struct strbuf detail = STRBUF_INIT;
	sqlite3_stmt *st;
	char *clean = NULL, now[32];
	bool already;
	size_t bad;
	int rc;

	if (reason == NULL || !text_clean(reason, strlen(reason), &clean, &bad) ||
	    clean[strspn(clean, " \t\r\n")] == '\0') {
		free(clean);
		return error_set(err, _("a conflict of interest needs a written "
		    "reason"));
	}
	if (db_begin(ed, err) != 0)
		goto fail;
	if (check_who(ed, actor, juror, recusal, err) != 0 ||
	    edition_get_info(ed, &info, err) != 0)
		goto fail;
	if (!rules_allow(ACT_CONFLICT, info.phase)) {
		error_set(err, _("%s: the edition is locked; nothing can change"),
		    db_path(ed));
		goto fail;
	}
	st = db_stmt(ed, "SELECT 1 FROM dossier WHERE id = ?1", err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, dossier, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		error_set(err, _("unknown dossier '%s'"), dossier);
		goto fail;
	}
	if (conflict_of(ed, juror, dossier, &already, err) != 0)
		goto fail;
	if (already) {
		error_set(err, _("juror '%s' is already in conflict with dossier "
		    "'%s'"), juror, dossier);
		goto fail;
	}
	db_now(now);
	st = db_stmt(ed, "INSERT INTO conflict (juror_id, dossier_id, reason)"
	    " VALUES (?1, ?2, ?3)", err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, clean, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_error(ed, rc, err);
		goto fail;
	}
	st = db_stmt(ed, "INSERT INTO conflict_origin (conflict_id, kind,"
	    " declared_by, declared_at) VALUES (last_insert_rowid(), ?1, ?2, ?3)",
	    err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, recusal ? "recusal" : "abstain", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_error(ed, rc, err);
		goto fail;
	}
	strbuf_addf(&detail, "juror=%s dossier=%s", juror, dossier);
	rc = db_commit(ed, actor, recusal ? "recuse" : "abstain",
	    strbuf_str(&detail), err);
	strbuf_free(&detail);
	free(clean);
	return rc;
fail:
	db_rollback(ed);
	free(clean);
	return -1;
}
