/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The seal of a locked edition: what the chair signs when locking, and
 * its verification.  Apart from the lock (lock.c) so that the audit
 * log's verification (audit.c) and the lock, which verifies the log
 * before sealing, each depend on it and not on each other.
 */
#include <config.h>

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/schema.h"
#include "core/scoring.h"
#include "core/seal.h"
#include "util/i18n.h"

#define SEAL_CONTEXT "mudawala seal v1"

/*
 * The seal: BLAKE2b-256 over the digest of every audited table but the
 * seal itself, in schema order.  The digests are those the edition
 * states (db_digests()), which both callers have just proved to match
 * the rows: audit_verify() recomputes every table's digest from its rows
 * and compares (and the state the signed chain records), so hashing
 * every row a second time -- as the lock and the verification of a
 * locked edition did -- proves nothing more and doubled their cost.
 */
int
seal_compute(struct edition *ed, uint8_t seal[32], struct mw_error *err)
{
	crypto_generichash_state h;
	size_t i;

	if (db_digests(ed, err) != 0)
		return -1;
	crypto_generichash_init(&h, NULL, 0, 32);
	crypto_generichash_update(&h, (const uint8_t *)SEAL_CONTEXT,
	    sizeof SEAL_CONTEXT);
	for (i = 0; i < schema_naudited; i++) {
		const struct audited_table *t = &schema_audited[i];

		if (strcmp(t->name, "seal") == 0)
			continue;
		crypto_generichash_update(&h, (const uint8_t *)t->name,
		    strlen(t->name) + 1);
		crypto_generichash_update(&h, db_digest_of(ed, i), 32);
	}
	crypto_generichash_final(&h, seal, 32);
	return 0;
}

/* What the chair signs: the seal, the chain head it follows, its
 * sequence number and the edition's identity. */
void
seal_message(uint8_t msg[32 + 32 + 8 + 32], const uint8_t seal[32],
    const uint8_t head[32], sqlite3_int64 seq, const char *uuid)
{
	size_t i;

	memcpy(msg, seal, 32);
	memcpy(msg + 32, head, 32);
	for (i = 0; i < 8; i++)
		msg[64 + i] = (uint8_t)((sqlite3_uint64)seq >> (8 * i));
	memset(msg + 72, 0, 32);
	memcpy(msg + 72, uuid, strnlen(uuid, 32));
}

int
seal_verify(struct edition *ed, bool *locked, struct mw_error *err)
{
	struct edition_info info;
	sqlite3_stmt *st;
	uint8_t seal[32], head[32], msg[104], id[8], pk[32];
	sqlite3_int64 seq;
	char *by = NULL, *key = NULL;
	int rc, ret = -1;

	*locked = false;
	if (edition_get_info(ed, &info, err) != 0)
		return -1;
	st = db_stmt(ed, "SELECT s.locked_by, s.audit_seq, s.chain_head,"
	    " s.seal, s.signature, j.public_key,"
	    " (SELECT hash FROM audit a WHERE a.seq = s.audit_seq)"
	    " FROM seal s LEFT JOIN juror j ON j.id = s.locked_by", err);
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		if (strcmp(info.phase, "locked") == 0)
			return error_set(err, _("the edition is marked locked but "
			    "holds no seal: the file was changed outside "
			    "mudawala"));
		return 0;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_error(ed, rc, err);
	}
	*locked = true;
	by = db_column_dup(st, 0);
	seq = sqlite3_column_int64(st, 1);
	key = db_column_dup(st, 5);
	if (strcmp(info.phase, "locked") != 0) {
		error_set(err, _("the edition holds a seal but is in phase '%s': "
		    "the file was changed outside mudawala"), info.phase);
		goto out;
	}
	if (sqlite3_column_bytes(st, 2) != 32 ||
	    sqlite3_column_bytes(st, 3) != 32 ||
	    sqlite3_column_bytes(st, 4) != 64) {
		error_set(err, _("the seal is malformed"));
		goto out;
	}
	memcpy(head, sqlite3_column_blob(st, 2), 32);
	if (seq > 0 && (sqlite3_column_bytes(st, 6) != 32 ||
	    memcmp(sqlite3_column_blob(st, 6), head, 32) != 0)) {
		error_set(err, _("the audit log no longer holds the row %lld the "
		    "seal was made after: rows were cut or rewritten"),
		    (long long)seq);
		goto out;
	}
	if (seal_compute(ed, seal, err) != 0)
		goto out;
	if (memcmp(seal, sqlite3_column_blob(st, 3), 32) != 0) {
		error_set(err, _("the deliberation data no longer match the seal "
		    "of the lock: the file was changed after the lock"));
		goto out;
	}
	seal_message(msg, seal, head, seq, info.uuid);
	if (key_public_parse(key, id, pk) != 0 ||
	    crypto_sign_verify_detached(sqlite3_column_blob(st, 4), msg,
	    sizeof msg, pk) != 0) {
		error_set(err, _("the seal is not signed by the key registered for "
		    "the chair '%s': the seal was forged or the key replaced"),
		    by);
		goto out;
	}
	ret = 0;
out:
	sqlite3_reset(st);
	free(by);
	free(key);
	return ret;
}
