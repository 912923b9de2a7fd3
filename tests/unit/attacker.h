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
#include "core/schema.h"
#include "util/strbuf.h"

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

/* What the attacker's program answers for the functions the file's
 * triggers call: any program can define them. */
static uint8_t attacker_state[32];

static inline void
attacker_journaled(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_null(ctx);
}

static inline void
attacker_state_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_blob(ctx, attacker_state, 32, SQLITE_STATIC);
}

/* Table t's digest, from its rows, as mudawala computes it. */
static inline void
attacker_digest(sqlite3 *db, const struct audited_table *t, uint8_t out[32])
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *st;

	strbuf_adds(&sql, "SELECT ");
	schema_row_expr(&sql, t, "");
	strbuf_addf(&sql, " FROM %s", t->name);
	assert_int_equal(sqlite3_prepare_v2(db, strbuf_str(&sql), -1, &st,
	    NULL), SQLITE_OK);
	strbuf_free(&sql);
	memset(out, 0, 32);
	while (sqlite3_step(st) == SQLITE_ROW) {
		uint8_t h[32];

		chain_content_hash(h, t->name,
		    (const char *)sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
		chain_digest_combine(out, h, 1);
	}
	sqlite3_finalize(st);
}

/*
 * Run sql (triggers dropped as the attack needs) on a connection of the
 * attacker's own, compute every table's digest from its rows as mudawala
 * does, and chain one more audit row by actor carrying them: signed with
 * key if the attacker holds one, carrying the registry of keys if
 * with_keys.  The row the chain ends with is replaced instead when
 * replace_last.
 */
static inline void
forge_act(struct edition *ed, const char *sql, const char *actor,
    const char *action, const char *detail, const struct secret_key *key,
    bool with_keys, bool replace_last)
{
	uint8_t prev[32], hash[32], msg[CHAIN_SIGN_BYTES], sig[64], d[32];
	uint8_t *digests = xcalloc(schema_naudited, 33), term[32];
	sqlite3 *db;
	sqlite3_stmt *st;
	sqlite3_int64 seq;
	char *keys = NULL, *e = NULL;
	size_t i;

	assert_int_equal(sqlite3_open(db_path(ed), &db), SQLITE_OK);
	assert_int_equal(chain_register(db), SQLITE_OK);
	sqlite3_create_function(db, "mudawala_journaled", 0, SQLITE_UTF8 |
	    SQLITE_INNOCUOUS, NULL, attacker_journaled, NULL, NULL);
	sqlite3_create_function(db, "mudawala_state", 0, SQLITE_UTF8 |
	    SQLITE_INNOCUOUS, NULL, attacker_state_fn, NULL, NULL);
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, &e) != SQLITE_OK)
		fail_msg("%s: %s", sql, e);
	if (replace_last && sqlite3_exec(db, "DROP TRIGGER IF EXISTS"
	    " audit_no_delete; DELETE FROM audit WHERE seq ="
	    " (SELECT max(seq) FROM audit)", NULL, NULL, &e) != SQLITE_OK)
		fail_msg("%s", e);
	memset(attacker_state, 0, sizeof attacker_state);
	for (i = 0; i < schema_naudited; i++) {
		attacker_digest(db, &schema_audited[i], d);
		digests[33 * i] = (uint8_t)i;
		memcpy(digests + 33 * i + 1, d, 32);
		chain_digest_term(term, schema_audited[i].name, d);
		chain_digest_combine(attacker_state, term, 1);
	}
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT max(seq) + 1,"
	    " (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1),"
	    " (SELECT group_concat(line, char(10)) FROM"
	    "  (SELECT id || ' ' || role || ' ' || voting || ' ' || public_key"
	    "   AS line FROM juror ORDER BY id)) FROM audit", -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	seq = sqlite3_column_int64(st, 0);
	memcpy(prev, sqlite3_column_blob(st, 1), 32);
	if (with_keys)
		keys = xstrdup((const char *)sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
	chain_row_hash3(hash, prev, seq, "t", actor, action, detail,
	    attacker_state, keys, digests, 33 * schema_naudited);
	chain_sign_message(msg, hash);
	if (key != NULL)
		crypto_sign_detached(sig, NULL, msg, sizeof msg, key->sk);
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO audit"
	    " (seq, at, actor, action, detail, state, prev, hash, v, keys,"
	    " signature, digests) VALUES (?1, 't', ?2, ?8, ?9, ?3, ?4, ?5, 2,"
	    " ?6, ?7, ?10)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 8, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, detail, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, attacker_state, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, prev, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, hash, 32, SQLITE_STATIC);
	if (keys != NULL)
		sqlite3_bind_text(st, 6, keys, -1, SQLITE_STATIC);
	if (key != NULL)
		sqlite3_bind_blob(st, 7, sig, 64, SQLITE_STATIC);
	sqlite3_bind_blob(st, 10, digests, (int)(33 * schema_naudited),
	    SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		fail_msg("audit row: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	free(keys);
	free(digests);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, &e) != SQLITE_OK)
		fail_msg("commit: %s", e);
	sqlite3_close(db);
}

/* forge_act() as an "edit" with no detail. */
static inline void
forge_row(struct edition *ed, const char *sql, const char *actor,
    const struct secret_key *key, bool with_keys, bool replace_last)
{
	forge_act(ed, sql, actor, "edit", "-", key, with_keys, replace_last);
}

#endif
