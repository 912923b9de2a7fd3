/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/chain.h"
#include "core/dossier.h"
#include "core/lock.h"
#include "core/schema.h"
#include "core/seal.h"
#include "core/scoring.h"
#include "core/rules.h"
#include "util/i18n.h"
#include "util/strbuf.h"

/* Every category has a decision for each prize given once per category. */
static int
check_decided(struct edition *ed, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT c.id, p.id FROM category c"
	    " CROSS JOIN prize p WHERE p.max_per_category IS NOT NULL"
	    " AND NOT EXISTS (SELECT 1 FROM decision k WHERE"
	    " k.category_id = c.id AND k.prize = p.id)"
	    " ORDER BY c.position, p.position", err);
	struct strbuf missing = STRBUF_INIT;
	unsigned long n = 0;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		strbuf_addf(&missing, "%s%s/%s", n ? ", " : "",
		    sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		strbuf_free(&missing);
		return db_error(ed, rc, err);
	}
	if (n > 0)
		error_set(err, ngettext("not every category is decided: %s has "
		    "no decision (a dossier or no award)",
		    "not every category is decided: %s have no decision (a "
		    "dossier or no award)", n), strbuf_str(&missing));
	strbuf_free(&missing);
	return n > 0 ? -1 : 0;
}

/* One prize per dossier per category: a file decided before the rule
 * was kept by the database (format 8) is refused here. */
static int
check_one_prize(struct edition *ed, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT dossier_id, category_id,"
	    " group_concat(prize, ', ') FROM decision WHERE dossier_id IS NOT NULL"
	    " GROUP BY category_id, dossier_id HAVING count(*) > 1"
	    " ORDER BY category_id, dossier_id LIMIT 1", err);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		error_set(err, _("dossier '%s' has several prizes of category "
		    "'%s' (%s): one prize per dossier per category; change the "
		    "decisions before the lock"), sqlite3_column_text(st, 0),
		    sqlite3_column_text(st, 1), sqlite3_column_text(st, 2));
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return -1;
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

static int
chain_head(struct edition *ed, uint8_t head[32], sqlite3_int64 *seq,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT seq, hash FROM audit"
	    " ORDER BY seq DESC LIMIT 1", err);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	memset(head, 0, 32);
	*seq = 0;
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == 32)
			memcpy(head, sqlite3_column_blob(st, 1), 32);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

int
lock_edition(struct edition *ed, const char *actor,
    const struct secret_key *key, struct mw_error *err)
{
	struct edition_info info;
	struct audit_report rep;
	uint8_t seal[32], head[32], msg[104], sig[64];
	char line[64], role[16], now[32], hex[65];
	sqlite3_stmt *st;
	sqlite3_int64 seq;
	bool same_key;
	int rc;

	if (juror_role(ed, actor, role, err) != 0)
		return -1;
	if (strcmp(role, "chair") != 0)
		return error_set(err, _("only the chair locks the edition; '%s' "
		    "has the role '%s'"), actor, role);
	st = db_stmt(ed, "SELECT public_key FROM juror WHERE id = ?1", err);
	if (st == NULL)
		return -1;
	key_public_line(key, line);
	sqlite3_bind_text(st, 1, actor, -1, SQLITE_STATIC);
	same_key = sqlite3_step(st) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), line) == 0;
	sqlite3_reset(st);
	if (!same_key)
		return error_set(err, _("the key given is not the one registered "
		    "for '%s'"), actor);
	/* The lock's audit row is signed with the same key. */
	db_set_signer(ed, actor, key);
	if (db_begin(ed, err) != 0)
		return -1;
	if (edition_get_info(ed, &info, err) != 0)
		goto fail;
	if (!rules_allow(ACT_LOCK, info.phase)) {
		error_set(err, _("the edition is locked at the end of the "
		    "deliberation; it is in phase '%s'"), info.phase);
		goto fail;
	}
	if (check_decided(ed, err) != 0 || check_one_prize(ed, err) != 0)
		goto fail;
	/* The file, the chain and the contents (audit_check_file() first). */
	rc = audit_verify(ed, NULL, &rep, err);
	audit_report_free(&rep);
	if (rc != 0)
		goto fail;
	if (chain_head(ed, head, &seq, err) != 0 ||
	    db_exec(ed, "UPDATE edition SET phase = 'locked' WHERE id = 1",
	    err) != 0 || db_fold(ed, err) != 0 || seal_compute(ed, seal, err) != 0)
		goto fail;
	seal_message(msg, seal, head, seq, info.uuid);
	crypto_sign_detached(sig, NULL, msg, sizeof msg, key->sk);
	st = db_stmt(ed, "INSERT INTO seal (id, locked_at, locked_by,"
	    " audit_seq, chain_head, seal, key_id, signature)"
	    " VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)", err);
	if (st == NULL)
		goto fail;
	db_now(now);
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, seq);
	sqlite3_bind_blob(st, 4, head, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, seal, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 6, key->key_id, 8, SQLITE_STATIC);
	sqlite3_bind_blob(st, 7, sig, 64, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_error(ed, rc, err);
		goto fail;
	}
	sodium_bin2hex(hex, sizeof hex, seal, 32);
	{
		char detail[128];

		snprintf(detail, sizeof detail, "seal=%s", hex);
		return db_commit(ed, actor, "lock", detail, err);
	}
fail:
	db_rollback(ed);
	return -1;
}
