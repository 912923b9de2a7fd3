/* src/core/lock: the chair's lock, its seal, and an attacker who holds
 * the file and mudawala's own code but not the chair's key. */
#include <config.h>

#include <sodium.h>

#include "decided.h"
#include "core/audit.h"
#include "core/decision.h"
#include "core/demo.h"
#include "core/keys.h"
#include "core/lock.h"
#include "core/scoring.h"

static struct edition *
decided_demo(const char *name, struct secret_key **chair_key)
{
	return decided_demo_at(scratch_path(name), chair_key);
}

static void
lock_refusals_then_a_seal_that_verifies(void **state)
{
	struct secret_key *key, *other;
	struct edition *ed = decided_demo("lock.sqlite", &key);
	struct mw_error err = { 0 };
	struct audit_report rep;
	char path[600];

	(void)state;
	snprintf(path, sizeof path, "%s.keys/hg.key", scratch_path("lock.sqlite"));
	assert_int_equal(key_unlock(path, "demo", &other, &err), 0);
	/* Another member's key, even with the chair's name: refused. */
	assert_int_equal(lock_edition(ed, "chair", other, &err), -1);
	assert_string_equal(err.msg, "the key given is not the one registered "
	    "for 'chair'");
	assert_int_equal(lock_edition(ed, "hg", other, &err), -1);
	assert_string_equal(err.msg, "only the chair locks the edition; 'hg' "
	    "has the role 'member'");
	/* Undo one decision: the lock names what is undecided. */
	exec_audited(ed, "DELETE FROM decision WHERE category_id = 'smart-apps'"
	    " AND prize = 'encouragement'");
	assert_int_equal(lock_edition(ed, "chair", key, &err), -1);
	assert_string_equal(err.msg, "not every category is decided: "
	    "smart-apps/encouragement has no decision (a dossier or no award)");
	assert_int_equal(decision_set(ed, "chair", "smart-apps", "encouragement",
	    "D14", "Application exemplaire", NULL, &err), 0);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM seal"), 0);
	assert_int_equal(lock_edition(ed, "chair", key, &err), 0);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM seal"), 1);
	assert_int_equal(audit_verify(ed, NULL, &rep, &err), 0);
	assert_true(rep.locked);
	/* Twice: the edition is no longer in deliberation. */
	assert_int_equal(lock_edition(ed, "chair", key, &err), -1);
	key_free(key);
	key_free(other);
	db_close(ed);
}

/* The attacker's tool: mudawala's own transaction code, which folds
 * every change into the digests and chains an audit row. */
static void
rewrite(struct edition *ed, const char *sql)
{
	struct mw_error err = { 0 };

	if (db_begin(ed, &err) != 0 || db_exec(ed, sql, &err) != 0 ||
	    db_commit(ed, "attacker", "edit", "-", &err) != 0)
		fail_msg("%s: %s", sql, err.msg);
}

static void
a_rewritten_chain_is_caught_by_the_seal(void **state)
{
	struct secret_key *key;
	struct edition *ed = decided_demo("attack.sqlite", &key);
	struct mw_error err = { 0 };
	struct audit_report rep;
	uint8_t pk[32], sk[64], sig[64];
	char sql[300], hex[129];

	(void)state;
	assert_int_equal(lock_edition(ed, "chair", key, &err), 0);
	/* The signature replaced by one of another key (over anything: the
	 * attacker cannot produce the chair's): refused. */
	crypto_sign_keypair(pk, sk);
	crypto_sign_detached(sig, NULL, (const uint8_t *)"x", 1, sk);
	sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
	snprintf(sql, sizeof sql, "DROP TRIGGER seal_no_update;"
	    " UPDATE seal SET signature = x'%s'", hex);
	rewrite(ed, sql);
	assert_int_equal(audit_verify(ed, NULL, &rep, &err), -1);
	assert_string_equal(err.msg, "the seal is not signed by the key "
	    "registered for the chair 'chair': the seal was forged or the key "
	    "replaced");
	/* A score changed, the digests and the chain recomputed: the chain
	 * and the contents agree, the seal does not. */
	rewrite(ed, "DROP TRIGGER score_locked_update;"
	    " DROP TRIGGER score_history_locked_insert;"
	    " UPDATE score SET value = 20 WHERE juror_id = 'hg'"
	    " AND dossier_id = 'D03' AND criterion_id = 'qualite'");
	assert_int_equal(audit_verify(ed, NULL, &rep, &err), -1);
	assert_string_equal(err.msg, "the deliberation data no longer match the "
	    "seal of the lock: the file was changed after the lock");
	key_free(key);
	db_close(ed);
}

static void
cutting_the_log_is_caught_by_the_seal(void **state)
{
	struct secret_key *key;
	struct edition *ed = decided_demo("cut.sqlite", &key);
	struct mw_error err = { 0 };
	struct audit_report rep;

	(void)state;
	assert_int_equal(lock_edition(ed, "chair", key, &err), 0);
	/* Rows rewritten from the middle on: the seal's row is not there. */
	assert_int_equal(db_exec(ed, "DROP TRIGGER audit_no_delete;"
	    " DELETE FROM audit WHERE seq >= 5", &err), 0);
	assert_int_equal(audit_verify(ed, NULL, &rep, &err), -1);
	key_free(key);
	db_close(ed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lock_refusals_then_a_seal_that_verifies),
		cmocka_unit_test(a_rewritten_chain_is_caught_by_the_seal),
		cmocka_unit_test(cutting_the_log_is_caught_by_the_seal),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("lock", tests, NULL, NULL);
}
