/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The attacker of the trust tests: holds the edition file, mudawala's
 * own digest and chain code, and whatever keys the test hands over,
 * never a member's key it was not given. */
#ifndef MUDAWALA_TEST_ATTACKER_H
#define MUDAWALA_TEST_ATTACKER_H

#include <sodium.h>

#include "helpers.h"
#include "core/chain.h"
#include "core/keys.h"

/* A key pair of the attacker's own, as mudawala holds one. */
static inline struct secret_key *
attacker_key(void)
{
	struct secret_key *k;
	uint8_t pk[32];

	assert_true(sodium_init() >= 0);
	k = sodium_malloc(sizeof *k);
	assert_non_null(k);
	randombytes_buf(k->key_id, sizeof k->key_id);
	crypto_sign_keypair(pk, k->sk);
	return k;
}

/*
 * Run sql (triggers dropped as the attack needs), fold the changes into
 * the digests as mudawala does, and chain one more audit row by actor:
 * signed with key if the attacker holds one, carrying the registry of
 * keys if with_keys.  The row the chain ends with is replaced instead
 * when replace_last.
 */
static inline void
forge_act(struct edition *ed, const char *sql, const char *actor,
    const char *action, const char *detail, const struct secret_key *key,
    bool with_keys, bool replace_last)
{
	struct mw_error err = { 0 };
	uint8_t prev[32], state[32], hash[32], msg[CHAIN_SIGN_BYTES], sig[64];
	sqlite3 *db = db_handle(ed);
	sqlite3_stmt *st;
	sqlite3_int64 seq;
	char *keys = NULL;

	if (db_exec(ed, "BEGIN IMMEDIATE", &err) != 0 ||
	    db_exec(ed, sql, &err) != 0 || db_fold(ed, &err) != 0)
		fail_msg("%s: %s", sql, err.msg);
	if (replace_last && db_exec(ed, "DROP TRIGGER IF EXISTS audit_no_delete;"
	    " DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)",
	    &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT max(seq) + 1,"
	    " (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1),"
	    " (SELECT mudawala_dsum(mudawala_row('digest', tbl, value))"
	    "  FROM digest), (SELECT group_concat(line, char(10)) FROM"
	    "  (SELECT id || ' ' || role || ' ' || voting || ' ' || public_key"
	    "   AS line FROM juror ORDER BY id)) FROM audit", -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	seq = sqlite3_column_int64(st, 0);
	memcpy(prev, sqlite3_column_blob(st, 1), 32);
	memcpy(state, sqlite3_column_blob(st, 2), 32);
	if (with_keys)
		keys = xstrdup((const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	chain_row_hash2(hash, prev, seq, "t", actor, action, detail, state, keys);
	chain_sign_message(msg, hash);
	if (key != NULL)
		crypto_sign_detached(sig, NULL, msg, sizeof msg, key->sk);
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO audit"
	    " (seq, at, actor, action, detail, state, prev, hash, v, keys,"
	    " signature) VALUES (?1, 't', ?2, ?8, ?9, ?3, ?4, ?5, 2, ?6, ?7)",
	    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 8, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, detail, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, state, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, prev, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, hash, 32, SQLITE_STATIC);
	if (keys != NULL)
		sqlite3_bind_text(st, 6, keys, -1, SQLITE_STATIC);
	if (key != NULL)
		sqlite3_bind_blob(st, 7, sig, 64, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		fail_msg("audit row: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	free(keys);
	if (db_exec(ed, "COMMIT", &err) != 0)
		fail_msg("commit: %s", err.msg);
}

/* forge_act() as an "edit" with no detail. */
static inline void
forge_row(struct edition *ed, const char *sql, const char *actor,
    const struct secret_key *key, bool with_keys, bool replace_last)
{
	forge_act(ed, sql, actor, "edit", "-", key, with_keys, replace_last);
}

#endif
