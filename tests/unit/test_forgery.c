/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The attacks on the edition file that signatures close: each one made
 * with the file, mudawala's own code and the attacker's own keys, and
 * each detected by audit_verify(), naming the row, member or key. */
#include <config.h>

#include "attacker.h"
#include "decided.h"
#include "core/audit.h"
#include "core/demo.h"
#include "core/lock.h"
#include "core/sign.h"

/* A new demo edition at path, open for writing. */
static struct edition *
fresh_demo(const char *path)
{
	struct mw_error err = { 0 };
	struct edition *ed;

	remove_edition(path);
	if (demo_write(path, &err) != 0 ||
	    db_open(path, DB_WRITE, &ed, &err) != 0)
		fail_msg("%s", err.msg);
	return ed;
}

/* The chair's key as the commission published it. */
static void
published_chair_key(struct edition *ed, struct public_key *out)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(db_handle(ed), "SELECT public_key"
	    " FROM juror WHERE role = 'chair'", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(key_public_parse((const char *)sqlite3_column_text(st,
	    0), out->id, out->pk), 0);
	sqlite3_finalize(st);
}

/* audit_verify() fails, and its message holds each of the words. */
static void
expect_detected(struct edition *ed, const struct public_key *anchor,
    const char *a, const char *b)
{
	struct mw_error err = { 0 };
	struct audit_report rep;

	assert_int_equal(audit_verify(ed, anchor, &rep, &err), -1);
	audit_report_free(&rep);
	if (strstr(err.msg, a) == NULL || (b != NULL && strstr(err.msg, b) ==
	    NULL))
		fail_msg("expected '%s' and '%s' in: %s", a, b ? b : "", err.msg);
}

static const char unlock_everything[] =
	"DROP TRIGGER decision_locked_update; DROP TRIGGER juror_locked_update;"
	" DROP TRIGGER edition_locked_update; DROP TRIGGER seal_no_delete;";

/*
 * After the lock: a decision changed, the chair's public key swapped for
 * the attacker's, the seal replaced, and the last audit row rewritten
 * and signed with the attacker's key.  The chain's own registry still
 * holds the chair's real key: the row is not the chair's.
 */
static void
a_forged_lock_with_a_swapped_chair_key(void **state)
{
	struct secret_key *chair, *evil = attacker_key();
	struct edition *ed = decided_demo_at(scratch_path("swap.sqlite"), &chair);
	struct mw_error err = { 0 };
	struct strbuf sql = STRBUF_INIT;
	char line[64];

	(void)state;
	assert_int_equal(lock_edition(ed, "chair", chair, &err), 0);
	key_public_line(evil, line);
	strbuf_addf(&sql, "%s UPDATE decision SET rationale = 'forged';"
	    " UPDATE juror SET public_key = '%s' WHERE id = 'chair';"
	    " DELETE FROM seal;", unlock_everything, line);
	forge_row(ed, strbuf_str(&sql), "chair", evil, true, true);
	expect_detected(ed, NULL, "the signature is not by the key of 'chair'",
	    "forged or rewritten");
	strbuf_free(&sql);
	key_free(evil);
	key_free(chair);
	db_close(ed);
}

/* The same with the registry left alone: the juror table no longer
 * holds the key the chair registered. */
static void
a_swapped_key_outside_the_registry(void **state)
{
	struct secret_key *chair, *evil = attacker_key();
	struct edition *ed = decided_demo_at(scratch_path("swap2.sqlite"), &chair);
	struct strbuf sql = STRBUF_INIT;
	char line[64];

	(void)state;
	key_public_line(evil, line);
	strbuf_addf(&sql, "UPDATE juror SET public_key = '%s' WHERE id = 'hg'",
	    line);
	/* Unsigned: refused as an unsigned act. */
	forge_row(ed, strbuf_str(&sql), "mudawala", NULL, false, false);
	expect_detected(ed, NULL, "carries no signature", "forged");
	db_close(ed);
	/* Signed by hg's new (the attacker's) key, without the registry:
	 * the registry still has hg's real key. */
	ed = decided_demo_at(scratch_path("swap2.sqlite"), &chair);
	forge_row(ed, strbuf_str(&sql), "hg", evil, false, false);
	expect_detected(ed, NULL, "not by the key of 'hg'", NULL);
	strbuf_free(&sql);
	key_free(evil);
	key_free(chair);
	db_close(ed);
}

/* A member who holds their own key cannot register keys: only the
 * chair changes the commission. */
static void
a_member_cannot_register_keys(void **state)
{
	const char *path = scratch_path("member.sqlite");
	struct secret_key *chair, *hg, *evil = attacker_key();
	struct edition *ed = decided_demo_at(path, &chair);
	struct mw_error err = { 0 };
	struct strbuf sql = STRBUF_INIT;
	char line[64], file[600];

	(void)state;
	snprintf(file, sizeof file, "%s.keys/hg.key", path);
	assert_int_equal(key_unlock(file, "demo", &hg, &err), 0);
	key_public_line(evil, line);
	strbuf_addf(&sql, "UPDATE juror SET public_key = '%s' WHERE id ="
	    " 'chair'", line);
	forge_row(ed, strbuf_str(&sql), "hg", hg, true, false);
	expect_detected(ed, NULL, "signed by 'hg', who is not the chair", NULL);
	strbuf_free(&sql);
	key_free(hg);
	key_free(evil);
	key_free(chair);
	db_close(ed);
}

/* Before the lock: a score changed in the middle of the log, the
 * digests and every later row recomputed.  The later rows were signed
 * by their members over the old hashes: the first rewritten one is
 * named. */
static void
a_consistent_rewrite_before_the_lock(void **state)
{
	const char *path = scratch_path("rewrite.sqlite");
	struct edition *ed;

	(void)state;
	ed = fresh_demo(path);
	/* The attacker cuts the log after misoc's act, changes a score
	 * and chains new rows with nobody's key. */
	forge_row(ed, "DROP TRIGGER score_history_update;"
	    " UPDATE score SET value = 20 WHERE juror_id = 'hg'"
	    " AND dossier_id = 'D03' AND criterion_id = 'qualite'", "hg", NULL,
	    false, true);
	expect_detected(ed, NULL, "audit row 13 (edit by 'hg') carries no "
	    "signature", NULL);
	db_close(ed);
}

/* A whole edition made anew by the attacker, every row signed by keys
 * of their own: self-consistent, but not the commission's, which only
 * the published key tells. */
static void
a_whole_new_chain_needs_the_published_key(void **state)
{
	const char *real = scratch_path("real.sqlite"),
	    *fake = scratch_path("fake.sqlite");
	struct mw_error err = { 0 };
	struct audit_report rep;
	struct public_key published;
	struct edition *a, *b;

	(void)state;
	remove_edition(real);
	remove_edition(fake);
	if (demo_write(real, &err) != 0 || demo_write(fake, &err) != 0 ||
	    db_open(real, DB_READ, &a, &err) != 0 ||
	    db_open(fake, DB_READ, &b, &err) != 0)
		fail_msg("%s", err.msg);
	published_chair_key(a, &published);
	assert_int_equal(audit_verify(b, NULL, &rep, &err), 0);
	assert_false(rep.anchored);
	audit_report_free(&rep);
	expect_detected(b, &published, "is not the published key", NULL);
	assert_int_equal(audit_verify(a, &published, &rep, &err), 0);
	assert_true(rep.anchored);
	assert_int_equal(rep.first_signed, 6);
	assert_int_equal(rep.nsigners, 7);
	audit_report_free(&rep);
	db_close(a);
	db_close(b);
}

/* Every signature removed (they are not in the hashes): the rows after
 * the chair had a key cannot go unsigned. */
static void
stripped_signatures(void **state)
{
	const char *path = scratch_path("stripped.sqlite");
	struct mw_error err = { 0 };
	struct edition *ed;

	(void)state;
	ed = fresh_demo(path);
	assert_int_equal(db_exec(ed, "DROP TRIGGER audit_no_update;"
	    " UPDATE audit SET signature = NULL;"
	    " CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
	    " SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;",
	    &err), 0);
	expect_detected(ed, NULL, "audit row 6 (phase by 'chair') carries no "
	    "signature, though the chair had a registered key", NULL);
	db_close(ed);
}

/* The whole log rewritten in the older, unsigned format. */
static void
a_log_made_old(void **state)
{
	const char *path = scratch_path("old.sqlite");
	struct mw_error err = { 0 };
	uint8_t prev[32] = { 0 }, h[32];
	struct edition *ed;
	sqlite3_stmt *st, *up;

	(void)state;
	ed = fresh_demo(path);
	assert_int_equal(db_exec(ed, "DROP TRIGGER audit_no_update", &err), 0);
	assert_int_equal(sqlite3_prepare_v2(db_handle(ed), "SELECT seq, at,"
	    " actor, action, detail, state FROM audit ORDER BY seq", -1, &st,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db_handle(ed), "UPDATE audit SET"
	    " v = 1, keys = NULL, signature = NULL, prev = ?2, hash = ?3"
	    " WHERE seq = ?1", -1, &up, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		chain_row_hash(h, prev, sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2),
		    (const char *)sqlite3_column_text(st, 3),
		    (const char *)sqlite3_column_text(st, 4),
		    sqlite3_column_blob(st, 5));
		sqlite3_bind_int64(up, 1, sqlite3_column_int64(st, 0));
		sqlite3_bind_blob(up, 2, prev, 32, SQLITE_TRANSIENT);
		sqlite3_bind_blob(up, 3, h, 32, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(up), SQLITE_DONE);
		sqlite3_reset(up);
		memcpy(prev, h, 32);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	expect_detected(ed, NULL, "in the format of an older mudawala "
	    "throughout", NULL);
	db_close(ed);
}

/* An unsigned row dressed as a migration: allowed only when it adds the
 * empty tables of its formats and changes nothing else. */
static void
a_forged_migration(void **state)
{
	const char *path = scratch_path("migrate.sqlite");
	struct mw_error err = { 0 };
	struct audit_report rep;
	struct edition *ed;

	(void)state;
	ed = fresh_demo(path);
	/* One that changes nothing passes, as a real upgrade would. */
	forge_act(ed, "SELECT 1", "mudawala", "migrate", "file format 9 -> 10",
	    NULL, false, false);
	assert_int_equal(audit_verify(ed, NULL, &rep, &err), 0);
	audit_report_free(&rep);
	/* One that changes a score is named. */
	forge_act(ed, "DROP TRIGGER score_history_update;"
	    " UPDATE score SET value = 20 WHERE juror_id = 'hg'"
	    " AND dossier_id = 'D03' AND criterion_id = 'qualite'", "mudawala",
	    "migrate", "file format 9 -> 10", NULL, false, false);
	expect_detected(ed, NULL, "audit row 15 (migrate by 'mudawala') carries "
	    "no signature", NULL);
	db_close(ed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_forged_lock_with_a_swapped_chair_key),
		cmocka_unit_test(a_swapped_key_outside_the_registry),
		cmocka_unit_test(a_member_cannot_register_keys),
		cmocka_unit_test(a_consistent_rewrite_before_the_lock),
		cmocka_unit_test(a_whole_new_chain_needs_the_published_key),
		cmocka_unit_test(stripped_signatures),
		cmocka_unit_test(a_log_made_old),
		cmocka_unit_test(a_forged_migration),
	};

	return cmocka_run_group_tests_name("forgery", tests, NULL, NULL);
}
