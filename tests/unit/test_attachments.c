/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The documents of the dossiers are covered by the audit log through
 * their hash: a byte changed with sqlite3, before or after the lock, is
 * found by audit_verify(), which names the document. */
#include <config.h>

#include <sodium.h>

#include "decided.h"
#include "core/audit.h"
#include "core/lock.h"

static const char document[] = "%PDF-1.4\n% presentation of the service\n";

/* D01 gets presentation.pdf, in an audited transaction. */
static void
attach(struct edition *ed)
{
	unsigned char h[32];
	char hex[65], sql[1024];

	crypto_generichash(h, sizeof h, (const unsigned char *)document,
	    sizeof document - 1, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(sql, sizeof sql, "INSERT INTO attachment VALUES (X'%s', %zu,"
	    " 'application/pdf', CAST('%s' AS BLOB));"
	    "INSERT INTO dossier_attachment VALUES ('D01', 'presentation.pdf',"
	    " X'%s', 1);", hex, sizeof document - 1, document, hex);
	exec_audited(ed, sql);
}

static void
verifies(struct edition *ed)
{
	struct mw_error err = { 0 };
	struct audit_report rep;

	if (audit_verify(ed, NULL, &rep, &err) != 0)
		fail_msg("%s", err.msg);
	audit_report_free(&rep);
}

/* One byte of the content changed as an attacker with sqlite3 would (a
 * plain connection, none of mudawala's functions), past the journal
 * trigger by which the file refuses it. */
static void
expect_tampering_found(struct edition *ed, const char *path,
    const char *unlock)
{
	struct mw_error err = { 0 };
	struct audit_report rep;
	sqlite3 *raw;
	char sql[512];

	snprintf(sql, sizeof sql, "%s DROP TRIGGER attachment_journal_update;"
	    " UPDATE attachment SET content ="
	    " CAST(replace(CAST(content AS TEXT), 'service', 'servicf') AS BLOB);",
	    unlock);
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	if (sqlite3_exec(raw, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("tampering: %s", sqlite3_errmsg(raw));
	sqlite3_close(raw);
	assert_int_equal(audit_verify(ed, NULL, &rep, &err), -1);
	audit_report_free(&rep);
	if (strstr(err.msg, "D01/presentation.pdf") == NULL ||
	    strstr(err.msg, "hash") == NULL)
		fail_msg("expected the document named: %s", err.msg);
}

static void
a_changed_byte_before_the_lock(void **state)
{
	const char *path = scratch_path("attach.sqlite");
	struct mw_error err = { 0 };
	struct edition *ed;

	(void)state;
	remove_edition(path);
	if (demo_write(path, &err) != 0 || db_open(path, DB_WRITE, &ed,
	    &err) != 0)
		fail_msg("demo: %s", err.msg);
	sign_as(ed, path, "chair");
	attach(ed);
	verifies(ed);
	expect_tampering_found(ed, path, "");
	db_close(ed);
}

static void
a_changed_byte_after_the_lock(void **state)
{
	const char *path = scratch_path("attach-locked.sqlite");
	struct mw_error err = { 0 };
	struct secret_key *chair;
	struct edition *ed;

	(void)state;
	ed = decided_demo_at(path, &chair);
	attach(ed);
	assert_int_equal(lock_edition(ed, "chair", chair, &err), 0);
	key_free(chair);
	verifies(ed);
	expect_tampering_found(ed, path,
	    "DROP TRIGGER attachment_locked_update;");
	db_close(ed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_changed_byte_before_the_lock),
		cmocka_unit_test(a_changed_byte_after_the_lock),
	};

	return cmocka_run_group_tests_name("attachments", tests, NULL, NULL);
}
