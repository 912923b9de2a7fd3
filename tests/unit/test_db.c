/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/db, chain, audit: the edition file and its audit chain. */
#include <config.h>

#include <sys/stat.h>
#include <time.h>

#include "helpers.h"
#include "core/digests.h"
#include "core/schema.h"
#include "core/audit.h"
#include "core/demo.h"

/* Run SQL on the file with a plain connection, as another program would;
 * returns the SQLite result code, message in msg. */
static int
raw_exec(const char *path, const char *sql, char *msg, size_t size)
{
	sqlite3 *db;
	char *e = NULL;
	int rc;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, &e);
	if (msg != NULL)
		snprintf(msg, size, "%s", e != NULL ? e : "");
	sqlite3_free(e);
	sqlite3_close(db);
	return rc;
}

static void
create_sets_identity_and_strict_tables(void **state)
{
	struct edition *ed = new_edition("id.sqlite");

	assert_int_equal(count_rows(ed, "PRAGMA application_id"),
	    DB_APPLICATION_ID);
	assert_int_equal(count_rows(ed, "PRAGMA user_version"),
	    DB_FORMAT_VERSION);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM pragma_table_list"
	    " WHERE schema = 'main' AND name IN ('edition', 'category',"
	    " 'criterion', 'prize', 'administration', 'dossier', 'juror',"
	    " 'conflict', 'score', 'submission', 'decision', 'audit')"
	    " AND strict = 1"), 12);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM criterion"), 4);
	assert_int_equal(count_rows(ed, "PRAGMA foreign_keys"), 1);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM audit"), 1);
	db_close(ed);
}

static void
open_refuses_foreign_and_newer_files(void **state)
{
	const char *foreign = scratch_path("foreign.sqlite");
	const char *newer = scratch_path("newer.sqlite");
	struct mw_error err = { 0 };
	struct edition *ed;
	char cmd[600];

	assert_int_equal(raw_exec(foreign, "CREATE TABLE t(x)", NULL, 0),
	    SQLITE_OK);
	assert_int_equal(db_open(foreign, DB_READ, &ed, &err), -1);
	assert_non_null(strstr(err.msg, "not a mudawala edition file"));

	ed = new_edition("newer.sqlite");
	db_close(ed);
	assert_int_equal(raw_exec(newer, "PRAGMA user_version = 99", NULL, 0),
	    SQLITE_OK);
	assert_int_equal(db_open(newer, DB_WRITE, &ed, &err), -1);
	assert_non_null(strstr(err.msg, "newer mudawala"));
	assert_non_null(strstr(err.msg, "99"));

	assert_int_equal(db_open(scratch_path("absent.sqlite"), DB_READ, &ed,
	    &err), -1);
	assert_non_null(strstr(err.msg, "no such edition file"));

	snprintf(cmd, sizeof cmd, "printf 'garbage%%.0s' $(seq 1 2000) > '%s'",
	    scratch_path("garbage.sqlite"));
	assert_int_equal(system(cmd), 0);
	assert_int_equal(db_open(scratch_path("garbage.sqlite"), DB_READ, &ed,
	    &err), -1);
	assert_non_null(strstr(err.msg, "garbage.sqlite"));
}

static void
create_refuses_an_existing_file(void **state)
{
	struct init_options opt = { .preset = "emtiaz", .name = "Again",
		.year = 2020, .actor = "test" };
	struct mw_error err = { 0 };
	struct edition *ed = new_edition("exists.sqlite");

	db_close(ed);
	assert_int_equal(edition_init(scratch_path("exists.sqlite"), &opt,
	    &err), -1);
	assert_non_null(strstr(err.msg, "already exists"));
}

static void
a_change_without_audit_row_never_commits(void **state)
{
	struct edition *ed = new_edition("noaudit.sqlite");
	struct mw_error err = { 0 };

	assert_int_equal(db_begin(ed, &err), 0);
	assert_int_equal(db_exec(ed, "UPDATE edition SET name = 'Forged'",
	    &err), 0);
	assert_int_not_equal(db_exec(ed, "COMMIT", &err), 0);
	db_rollback(ed);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM edition"
	    " WHERE name = 'Test'"), 1);
	db_close(ed);
}

static void
every_change_adds_one_chained_row(void **state)
{
	struct edition *ed = new_edition("chain.sqlite");
	struct audit_report rep;
	struct mw_error err = { 0 };

	exec_audited(ed, "UPDATE edition SET name = 'Renamed'");
	exec_audited(ed, "UPDATE criterion SET weight = 2 WHERE id = 'qualite'");
	/* An act that changed no row carries no digest: an empty column,
	 * still in its hash. */
	exec_audited(ed, "SELECT 1");
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM audit"
	    " WHERE length(digests) = 0 AND digests IS NOT NULL"), 1);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM audit"), 4);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM temp.pending"), 0);
	assert_int_equal(audit_verify(ed, NULL, &rep, &err), 0);
	audit_report_free(&rep);
	assert_int_equal(rep.rows, 4);
	assert_int_equal(strlen(rep.head), 64);
	db_close(ed);
}

/* The digests as they stand are found in the last DIGESTS_FULL_EVERY rows
 * of the log: every row but the first is within that many rows of one
 * listing every table; the others list what they changed. */
static void
the_digests_stand_in_the_last_rows(void **state)
{
	struct edition *ed = new_edition("digests.sqlite");
	struct audit_report rep;
	struct mw_error err = { 0 };
	char sql[400];
	int i;

	for (i = 0; i < 200; i++)
		exec_audited(ed, i % 2 ? "UPDATE edition SET name = 'A'" :
		    "UPDATE edition SET name = 'B'");
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit a"
	    " WHERE NOT EXISTS (SELECT 1 FROM audit b WHERE b.seq BETWEEN"
	    " a.seq - %d AND a.seq AND length(b.digests) = %zu)",
	    DIGESTS_FULL_EVERY - 1, 33 * schema_naudited);
	assert_int_equal(count_rows(ed, sql), 0);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM audit"
	    " WHERE length(digests) = 33"), 200 - 200 / DIGESTS_FULL_EVERY);
	assert_int_equal(audit_verify(ed, NULL, &rep, &err), 0);
	audit_report_free(&rep);
	db_close(ed);
}

static void
the_audit_log_refuses_update_and_delete(void **state)
{
	struct edition *ed = new_edition("frozen.sqlite");
	char msg[256];

	db_close(ed);
	assert_int_not_equal(raw_exec(scratch_path("frozen.sqlite"),
	    "UPDATE audit SET actor = 'x'", msg, sizeof msg), SQLITE_OK);
	assert_non_null(strstr(msg, "audit log cannot be changed"));
	assert_int_not_equal(raw_exec(scratch_path("frozen.sqlite"),
	    "DELETE FROM audit", msg, sizeof msg), SQLITE_OK);
	assert_non_null(strstr(msg, "audit log cannot be changed"));
}

/* Tamper with a copy of a verified file; audit_verify must say where. */
static void
expect_tamper_detected(const char *name, const char *sql, const char *what)
{
	struct edition *ed = new_edition(name);
	struct audit_report rep;
	struct mw_error err = { 0 };

	exec_audited(ed, "UPDATE edition SET name = 'Before'");
	exec_audited(ed, "UPDATE criterion SET weight = 3 WHERE id = 'rendement'");
	db_close(ed);
	assert_int_equal(raw_exec(scratch_path(name), sql, NULL, 0), SQLITE_OK);
	assert_int_equal(db_open(scratch_path(name), DB_READ, &ed, &err), 0);
	assert_int_equal(audit_verify(ed, NULL, &rep, &err), -1);
	audit_report_free(&rep);
	if (strstr(err.msg, what) == NULL)
		fail_msg("expected '%s' in: %s", what, err.msg);
	db_close(ed);
}

static void
tampering_is_detected(void **state)
{
	expect_tamper_detected("t2.sqlite",
	    "DROP TRIGGER criterion_journal_update;"
	    "UPDATE criterion SET weight = 9 WHERE id = 'qualite'",
	    "table criterion");
	/* The trigger made again as it was: only the contents tell. */
	expect_tamper_detected("t3.sqlite",
	    "DROP TRIGGER category_journal_update;"
	    "UPDATE category SET name_fr = 'x' WHERE id = 'e-contenu';"
	    "CREATE TRIGGER category_journal_update AFTER UPDATE ON category"
	    " BEGIN SELECT mudawala_journaled(); END;", "table category");
	expect_tamper_detected("t4.sqlite",
	    "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'x'"
	    " WHERE seq = 2", "audit row 2");
	expect_tamper_detected("t5.sqlite",
	    "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 2",
	    "audit row 2: missing");
	expect_tamper_detected("t6.sqlite",
	    "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 3",
	    "table criterion do not match");
}

/* Another program cannot change the edition's data: the file's
 * triggers call a function only mudawala's connections have. */
static void
outside_changes_are_refused_by_the_file(void **state)
{
	struct edition *ed = new_edition("blocked.sqlite");
	struct audit_report rep;
	struct mw_error err = { 0 };
	char msg[256];

	db_close(ed);
	assert_int_not_equal(raw_exec(scratch_path("blocked.sqlite"),
	    "UPDATE edition SET year = 1999", msg, sizeof msg), SQLITE_OK);
	assert_non_null(strstr(msg, "mudawala_journaled"));
	assert_int_not_equal(raw_exec(scratch_path("blocked.sqlite"),
	    "INSERT INTO administration VALUES ('x')", msg, sizeof msg),
	    SQLITE_OK);
	assert_int_not_equal(raw_exec(scratch_path("blocked.sqlite"),
	    "DELETE FROM criterion", msg, sizeof msg), SQLITE_OK);
	assert_int_equal(db_open(scratch_path("blocked.sqlite"), DB_WRITE, &ed,
	    &err), 0);
	assert_int_equal(count_rows(ed, "SELECT count(*) FROM edition"
	    " WHERE year = 1999"), 0);
	assert_int_equal(audit_verify(ed, NULL, &rep, &err), 0);
	audit_report_free(&rep);
	db_close(ed);
}

static void
scores_outside_the_scale_are_refused_by_the_file(void **state)
{
	struct edition *ed = new_edition("scale.sqlite");
	char msg[256];

	exec_audited(ed, "INSERT INTO juror (id, name, role, voting)"
	    " VALUES ('j', 'J', 'member', 1);"
	    "INSERT INTO dossier (id, category_id, title_fr)"
	    " VALUES ('d', 'e-contenu', 'D')");
	db_close(ed);
	assert_int_not_equal(raw_exec(scratch_path("scale.sqlite"),
	    "DROP TRIGGER score_journal_insert;"
	    "INSERT INTO score (juror_id, dossier_id, criterion_id, value,"
	    " comment, updated_at) VALUES ('j', 'd', 'qualite', 21, '', 'now')",
	    msg, sizeof msg), SQLITE_OK);
	assert_non_null(strstr(msg, "outside the scale"));
	assert_int_not_equal(raw_exec(scratch_path("scale.sqlite"),
	    "DROP TRIGGER juror_journal_insert;"
	    "INSERT INTO juror (id, name, role, voting)"
	    " VALUES ('x', 'X', 'expert', 1)", msg, sizeof msg), SQLITE_OK);
	assert_non_null(strstr(msg, "CHECK"));
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* dst: src as a crash leaves it -- a write committed to the WAL by a
 * program that never closed the file (copied while it holds it open). */
static void
leave_unclean(const char *src, const char *dst)
{
	char held[600], cmd[4000], v[64];
	sqlite3 *db;

	snprintf(held, sizeof held, "%s.held", dst);
	snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm' && cp '%s' '%s'",
	    held, held, held, src, held);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(sqlite3_open(held, &db), SQLITE_OK);
	snprintf(v, sizeof v, "PRAGMA user_version = %d", DB_FORMAT_VERSION);
	assert_int_equal(sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL,
	    NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, v, NULL, NULL, NULL), SQLITE_OK);
	snprintf(cmd, sizeof cmd, "rm -f '%s-shm' && cp '%s' '%s' &&"
	    " cp '%s-wal' '%s-wal'", dst, held, dst, held, dst);
	assert_int_equal(system(cmd), 0);
	sqlite3_close(db);
	snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm'", held, held,
	    held);
	assert_int_equal(system(cmd), 0);
}

/* Quitting in the first milliseconds does not wait for the whole check
 * (after an unclean shutdown): it stops whether or not its statement has
 * started. */
static void
quitting_at_once_stops_the_check(void **state)
{
	/* Large enough that the check takes several times what quitting
	 * costs by itself (closing, joining), under the sanitizers too. */
	struct synthetic_size size = { 50000, 3, 1, false };
	const char *path = scratch_path("quit.sqlite");
	const char *crashed = scratch_path("quit-crashed.sqlite");
	struct mw_error err = { 0 };
	struct edition *ed;
	struct timespec t0;
	double check, quit;
	int i;

	(void)state;
	if (demo_write_synthetic(path, &size, &err) != 0)
		fail_msg("%s", err.msg);
	if (db_open(path, DB_READ, &ed, &err) != 0)
		fail_msg("%s", err.msg);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(db_check_whole(ed, &err), 0);
	check = seconds_since(&t0);
	db_close(ed);
	/* The fastest of five: a busy machine must not make it fail, and
	 * without the fix each waits for the whole check. */
	for (quit = 1e9, i = 0; i < 5; i++) {
		double q;

		leave_unclean(path, crashed);
		assert_int_equal(db_open(crashed, DB_INTERACTIVE, &ed, &err), 0);
		assert_int_equal(db_check_poll(ed, &err), DB_CHECK_RUNNING);
		/* Closing would fold the recovered WAL into the file and sync
		 * it: not what is measured (a slow disk made it fail). */
		sqlite3_db_config(db_handle(ed), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
		    1, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		assert_int_equal(db_check_start(ed, &err), 0);
		db_close(ed);
		q = seconds_since(&t0);
		if (q < quit)
			quit = q;
	}
	print_message("# the check takes %.3f s; quitting at once %.4f s\n",
	    check, quit);
	assert_true(quit < check / 4);
}

/* Opening reads no more than the schema: a clean file is not checked
 * whole, neither to read nor to write; after an unclean shutdown it is,
 * in the background for DB_INTERACTIVE (the first write waits for it and
 * is refused on a damaged file). */
static void
the_whole_file_is_checked_after_a_crash_only(void **state)
{
	struct synthetic_size size = { 400, 3, 1, false };
	const char *path = scratch_path("bg.sqlite");
	const char *crashed = scratch_path("bg-crashed.sqlite");
	struct mw_error err = { 0 };
	struct edition *ed;
	unsigned long checks;
	struct stat st;
	char cmd[600];
	enum db_mode m;

	(void)state;
	unlink(path);
	if (demo_write_synthetic(path, &size, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(raw_exec(path, "PRAGMA journal_mode = WAL", NULL, 0),
	    SQLITE_OK);
	/* Clean: no check, in any mode, to open or to write. */
	checks = db_whole_checks();
	for (m = DB_READ; m <= DB_INTERACTIVE; m++) {
		if (db_open(path, m, &ed, &err) != 0)
			fail_msg("open: %s", err.msg);
		assert_int_equal(db_check_start(ed, &err), 0);
		assert_int_equal(db_check_poll(ed, &err), DB_CHECK_SOUND);
		if (m != DB_READ) {
			assert_int_equal(db_begin(ed, &err), 0);
			db_rollback(ed);
		}
		db_close(ed);
	}
	assert_int_equal(db_whole_checks(), checks);

	/* After a crash: checked at open, once. */
	leave_unclean(path, crashed);
	assert_int_equal(db_open(crashed, DB_WRITE, &ed, &err), 0);
	assert_int_equal(db_whole_checks(), checks + 1);
	assert_int_equal(db_check_whole(ed, &err), 0);
	assert_int_equal(db_whole_checks(), checks + 1);
	db_close(ed);
	/* In the background for the interface. */
	leave_unclean(path, crashed);
	assert_int_equal(db_open(crashed, DB_INTERACTIVE, &ed, &err), 0);
	assert_int_equal(db_check_poll(ed, &err), DB_CHECK_RUNNING);
	assert_int_equal(db_check_start(ed, &err), 0);
	assert_int_equal(db_check_wait(ed, &err), 0);
	assert_int_equal(db_check_poll(ed, &err), DB_CHECK_SOUND);
	assert_int_equal(db_begin(ed, &err), 0);
	db_rollback(ed);
	db_close(ed);
	/* Leaving while the check runs stops it. */
	leave_unclean(path, crashed);
	assert_int_equal(db_open(crashed, DB_INTERACTIVE, &ed, &err), 0);
	assert_int_equal(db_check_start(ed, &err), 0);
	db_close(ed);

	/* Two pages of dossiers zeroed, far from the schema. */
	assert_int_equal(stat(path, &st), 0);
	snprintf(cmd, sizeof cmd, "dd if=/dev/zero of='%s' bs=4096 seek=%ld"
	    " count=2 conv=notrunc 2>/dev/null", path,
	    (long)(st.st_size / 4096 / 2));
	assert_int_equal(system(cmd), 0);
	/* Clean, it opens; what reads it whole finds the damage. */
	if (db_open(path, DB_WRITE, &ed, &err) != 0)
		fail_msg("open: %s", err.msg);
	assert_int_equal(db_check_whole(ed, &err), -1);
	assert_non_null(strstr(err.msg, "damaged"));
	db_close(ed);
	/* After a crash, opening finds it. */
	leave_unclean(path, crashed);
	assert_int_equal(db_open(crashed, DB_WRITE, &ed, &err), -1);
	assert_non_null(strstr(err.msg, "damaged"));
	leave_unclean(path, crashed);
	if (db_open(crashed, DB_INTERACTIVE, &ed, &err) != 0)
		fail_msg("interactive open: %s", err.msg);
	assert_int_equal(db_check_start(ed, &err), 0);
	assert_int_equal(db_begin(ed, &err), -1);
	assert_non_null(strstr(err.msg, "damaged"));
	assert_non_null(strstr(err.msg, "mudawala backup"));
	assert_int_equal(db_check_poll(ed, &err), DB_CHECK_FAILED);
	db_close(ed);
	/* Never started, the check runs before the first write. */
	memset(&err, 0, sizeof err);
	leave_unclean(path, crashed);
	assert_int_equal(db_open(crashed, DB_INTERACTIVE, &ed, &err), 0);
	assert_int_equal(db_begin(ed, &err), -1);
	assert_non_null(strstr(err.msg, "damaged"));
	db_close(ed);
}

static void
an_old_file_is_upgraded_with_its_keys(void **state)
{
	const char *path = scratch_path("format1.sqlite");
	struct mw_error err = { 0 };
	struct audit_report rep;
	struct edition *ed;
	char cmd[1200], sql[200];

	(void)state;
	snprintf(cmd, sizeof cmd, "cp '%s/tests/fixtures/format1.sqlite' '%s'"
	    " && chmod u+w '%s'", getenv("MUDAWALA_SRCDIR"), path, path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(db_open(path, DB_READ, &ed, &err), -1);
	assert_non_null(strstr(err.msg, "open it for writing once"));
	if (db_open(path, DB_WRITE, &ed, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(count_rows(ed, "PRAGMA user_version"),
	    DB_FORMAT_VERSION);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE"
	    " action = 'migrate' AND detail = 'file format 1 -> %d'"
	    " AND keys IS NOT NULL AND v = 2 AND signature IS NULL",
	    DB_FORMAT_VERSION);
	assert_int_equal(count_rows(ed, sql), 1);
	assert_int_equal(audit_verify(ed, NULL, &rep, &err), 0);
	assert_int_equal(rep.first_signed, 0);
	audit_report_free(&rep);
	db_close(ed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(create_sets_identity_and_strict_tables),
		cmocka_unit_test(the_whole_file_is_checked_after_a_crash_only),
		cmocka_unit_test(quitting_at_once_stops_the_check),
		cmocka_unit_test(open_refuses_foreign_and_newer_files),
		cmocka_unit_test(an_old_file_is_upgraded_with_its_keys),
		cmocka_unit_test(create_refuses_an_existing_file),
		cmocka_unit_test(a_change_without_audit_row_never_commits),
		cmocka_unit_test(every_change_adds_one_chained_row),
		cmocka_unit_test(the_digests_stand_in_the_last_rows),
		cmocka_unit_test(the_audit_log_refuses_update_and_delete),
		cmocka_unit_test(tampering_is_detected),
		cmocka_unit_test(outside_changes_are_refused_by_the_file),
		cmocka_unit_test(scores_outside_the_scale_are_refused_by_the_file),
	};

	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
