/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What one action costs does not grow with the edition: counted, not
 * timed, so that a busy machine cannot make it pass or fail.  The same
 * action on an edition of SMALL dossiers and on one ten times larger:
 * the SQL steps (SQLite's virtual machine operations, triggers included)
 * and the pages written, and no whole-file check to open it; the peak
 * memory of an export.
 */
#include <config.h>

#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "core/agenda.h"
#include "core/demo.h"
#include "core/export.h"
#include "core/scoring.h"
#include "util/strbuf.h"

#define SMALL 300
#define SAVES 128

struct cost {
	long steps;             /* VM operations of every statement run */
	int pages;              /* pages written (to the WAL) */
	unsigned long checks;   /* whole-file checks */
};

static long steps;

/* Each statement, as it ends: its operations, counted once (reset). */
static int
on_profile(unsigned type, void *ctx, void *p, void *x)
{
	(void)ctx;
	(void)x;
	if (type == SQLITE_TRACE_PROFILE)
		steps += sqlite3_stmt_status(p, SQLITE_STMTSTATUS_VM_STEP, 1);
	return 0;
}

static void
measure_start(struct edition *ed)
{
	int cur, hi;

	steps = 0;
	sqlite3_db_status(db_handle(ed), SQLITE_DBSTATUS_CACHE_WRITE, &cur, &hi,
	    1);
}

static void
measure_end(struct edition *ed, struct cost *c)
{
	int hi;

	sqlite3_db_status(db_handle(ed), SQLITE_DBSTATUS_CACHE_WRITE, &c->pages,
	    &hi, 1);
	c->steps = steps;
}

/* A dossier the juror has not submitted. */
static char *
open_dossier(struct edition *ed, const char *juror)
{
	sqlite3_stmt *st;
	char *id;

	assert_int_equal(sqlite3_prepare_v2(db_handle(ed), "SELECT d.id FROM"
	    " dossier d WHERE NOT EXISTS (SELECT 1 FROM submission s WHERE"
	    " s.juror_id = ?1 AND s.dossier_id = d.id) ORDER BY d.id LIMIT 1",
	    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	id = db_column_dup(st, 0);
	sqlite3_finalize(st);
	return id;
}

/* Open an edition of n dossiers and save a score twice, the second
 * measured (the first prepares the statements, as a session's first save
 * does). */
static void
save_cost(size_t n, struct cost *open, struct cost *save)
{
	struct synthetic_size size = { n, 10, 3, false };
	struct mw_error err = { 0 };
	struct edition *ed;
	char name[64];
	const char *path;
	char *dossier;
	unsigned long before;

	snprintf(name, sizeof name, "cost-%zu.sqlite", n);
	path = scratch_path(name);
	if (demo_write_synthetic(path, &size, &err) != 0)
		fail_msg("%s", err.msg);
	before = db_whole_checks();
	if (db_open(path, DB_WRITE, &ed, &err) != 0)
		fail_msg("%s", err.msg);
	open->checks = db_whole_checks() - before;
	sign_as(ed, path, "J0002");
	dossier = open_dossier(ed, "J0002");
	if (score_set(ed, "J0002", dossier, "qualite", 5, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	sqlite3_trace_v2(db_handle(ed), SQLITE_TRACE_PROFILE, on_profile, NULL);
	before = db_whole_checks();
	measure_start(ed);
	/* Saves of a changing value, as a juror's typing makes them: what a
	 * few of them write now and then (a history moved, an audit page
	 * filled, the digests of every table) is shared by all. */
	for (int i = 0; i < SAVES; i++)
		if (score_set(ed, "J0002", dossier, "qualite", 6 + i % 2, NULL,
		    &err) != 0)
			fail_msg("%s", err.msg);
	measure_end(ed, save);
	save->checks = db_whole_checks() - before;
	free(dossier);
	db_close(ed);
}

static void
a_save_costs_the_same_at_any_size(void **state)
{
	struct cost open_s, save_s, open_l, save_l;

	(void)state;
	save_cost(SMALL, &open_s, &save_s);
	save_cost(10 * SMALL, &open_l, &save_l);
	print_message("# a save at %d dossiers: %ld steps, %.2f pages; at %d:"
	    " %ld steps, %.2f pages\n", SMALL, save_s.steps / SAVES,
	    (double)save_s.pages / SAVES, 10 * SMALL, save_l.steps / SAVES,
	    (double)save_l.pages / SAVES);
	assert_int_equal(open_s.checks, 0);
	assert_int_equal(open_l.checks, 0);
	assert_int_equal(save_s.checks + save_l.checks, 0);
	assert_true(save_s.steps > 0 && save_s.pages > 0);
	/* A deeper tree may take a step or a page more, never a scan. */
	assert_true(save_l.steps <= save_s.steps + save_s.steps / 10 +
	    20 * SAVES);
	assert_true(save_l.pages <= save_s.pages + SAVES / 4);
	/* The score's row and index page, the audit row's and its index's:
	 * beyond those, less than one page of 4 KiB a save. */
	assert_true(save_s.pages < 5 * SAVES);
	assert_true(save_l.pages < 5 * SAVES);
}

/* The progress rows as text, one line each. */
static int
progress_line(void *ctx, const char *const *cells, size_t ncells,
    const char *json, struct mw_error *err)
{
	struct strbuf *sb = ctx;

	(void)json;
	(void)err;
	strbuf_addf(sb, "%s %s %s %s %s\n", cells[0], cells[3], cells[4],
	    cells[5], cells[6]);
	(void)ncells;
	return 0;
}

/* The same counts, from the dossiers, the conflicts, the scores and the
 * submissions themselves (what the progress read before format 11). */
static const char sql_progress_from_rows[] =
	"WITH adm AS (SELECT id, category_id AS category, administration"
	"  FROM dossier WHERE status = 'admitted'),"
	" conflicted AS (SELECT juror, category, count(*) AS n FROM ("
	"  SELECT c.juror_id AS juror, a.category, a.id FROM conflict c"
	"  JOIN adm a ON a.id = c.dossier_id"
	"  UNION SELECT c.juror_id, a.category, a.id FROM conflict c"
	"  JOIN adm a ON a.administration = c.administration"
	"  UNION SELECT j.id, a.category, a.id FROM juror j"
	"  JOIN adm a ON a.administration = nullif(j.organisation, ''))"
	"  GROUP BY juror, category),"
	" scored AS (SELECT juror_id AS juror, category, count(*) AS n FROM"
	"  (SELECT s.juror_id, a.category FROM score s JOIN adm a"
	"  ON a.id = s.dossier_id GROUP BY s.juror_id, s.dossier_id"
	"  HAVING count(*) = (SELECT count(*) FROM criterion))"
	"  GROUP BY 1, 2),"
	" submitted AS (SELECT b.juror_id AS juror, a.category, count(*) AS n"
	"  FROM submission b JOIN adm a ON a.id = b.dossier_id GROUP BY 1, 2)"
	" SELECT group_concat(line, char(10)) || char(10) FROM (SELECT j.id || ' '"
	"  || c.id || ' ' || ((SELECT count(*) FROM adm WHERE category = c.id)"
	"  - coalesce(x.n, 0)) || ' ' || coalesce(s.n, 0) || ' '"
	"  || coalesce(b.n, 0) AS line FROM juror j CROSS JOIN category c"
	"  LEFT JOIN conflicted x ON x.juror = j.id AND x.category = c.id"
	"  LEFT JOIN scored s ON s.juror = j.id AND s.category = c.id"
	"  LEFT JOIN submitted b ON b.juror = j.id AND b.category = c.id"
	"  ORDER BY j.rowid, c.position)";

static char *
progress_of(struct edition *ed, long *steps_out)
{
	struct strbuf sb = STRBUF_INIT;
	struct mw_error err = { 0 };

	sqlite3_trace_v2(db_handle(ed), SQLITE_TRACE_PROFILE, on_profile, NULL);
	measure_start(ed);
	if (progress_run(ed, "J0001", NULL, progress_line, &sb, &err) != 0)
		fail_msg("%s", err.msg);
	if (steps_out != NULL)
		*steps_out = steps;
	sqlite3_trace_v2(db_handle(ed), 0, NULL, NULL);
	return strbuf_detach(&sb);
}

static char *
progress_from_rows(struct edition *ed)
{
	sqlite3_stmt *st;
	char *text;

	assert_int_equal(sqlite3_prepare_v2(db_handle(ed),
	    sql_progress_from_rows, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	text = db_column_dup(st, 0);
	sqlite3_finalize(st);
	return text;
}

static void
expect_progress_matches_rows(struct edition *ed, const char *after)
{
	char *kept = progress_of(ed, NULL), *rows = progress_from_rows(ed);

	if (strcmp(kept, rows) != 0)
		fail_msg("after %s, the progress says:\n%s\nthe rows say:\n%s",
		    after, kept, rows);
	free(kept);
	free(rows);
}

/* The chair's progress reads the counts the triggers keep: the same SQL
 * steps at 300 dossiers and at 3,000, and the counts those of the rows
 * after every kind of change that moves them. */
static void
the_chair_s_progress_costs_the_same_at_any_size(void **state)
{
	struct edition *ed;
	struct mw_error err = { 0 };
	long small = 0, large = 0;
	size_t sizes[2] = { SMALL, 10 * SMALL };
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct synthetic_size size = { sizes[i], 10, 3, false };
		char name[64], *p;
		const char *path;

		snprintf(name, sizeof name, "progress-%zu.sqlite", sizes[i]);
		path = scratch_path(name);
		if (demo_write_synthetic(path, &size, &err) != 0 ||
		    db_open(path, DB_WRITE, &ed, &err) != 0)
			fail_msg("%s", err.msg);
		sign_as(ed, path, "J0001");
		free(progress_of(ed, NULL));    /* statements prepared */
		p = progress_of(ed, i == 0 ? &small : &large);
		free(p);
		expect_progress_matches_rows(ed, "the making");
		if (i == 1) {
			db_close(ed);
			break;
		}
		/* Every change that moves a count, as any program of ours
		 * makes it (the triggers are the file's). */
		exec_audited(ed, "UPDATE dossier SET status = 'withdrawn'"
		    " WHERE id = (SELECT dossier_id FROM submission LIMIT 1)");
		expect_progress_matches_rows(ed, "a dossier withdrawn");
		exec_audited(ed, "UPDATE dossier SET category_id = (SELECT id"
		    " FROM category ORDER BY position DESC LIMIT 1) WHERE id ="
		    " (SELECT dossier_id FROM score ORDER BY 1 LIMIT 1 OFFSET 7)");
		expect_progress_matches_rows(ed, "a dossier moved");
		exec_audited(ed, "UPDATE dossier SET administration = (SELECT"
		    " administration FROM dossier WHERE administration IS NOT"
		    " NULL ORDER BY id DESC LIMIT 1) WHERE id = (SELECT min(id)"
		    " FROM dossier)");
		expect_progress_matches_rows(ed, "a dossier's administration");
		exec_audited(ed, "UPDATE juror SET organisation = (SELECT"
		    " administration FROM dossier WHERE administration IS NOT"
		    " NULL LIMIT 1) WHERE id = 'J0003'");
		expect_progress_matches_rows(ed, "a member's organisation");
		exec_audited(ed, "INSERT INTO conflict (juror_id, administration,"
		    " reason) SELECT 'J0004', administration, 'x' FROM dossier"
		    " WHERE administration IS NOT NULL ORDER BY id DESC LIMIT 1;"
		    "INSERT INTO conflict (juror_id, dossier_id, reason)"
		    " SELECT 'J0004', id, 'y' FROM dossier ORDER BY id LIMIT 3;"
		    "INSERT INTO conflict (juror_id, dossier_id, reason)"
		    " SELECT 'J0003', id, 'z' FROM dossier ORDER BY id DESC"
		    " LIMIT 2");
		expect_progress_matches_rows(ed, "conflicts declared");
		exec_audited(ed, "DELETE FROM submission WHERE juror_id = 'J0002'"
		    " AND dossier_id IN (SELECT dossier_id FROM submission"
		    " WHERE juror_id = 'J0002' LIMIT 2);"
		    "DELETE FROM score WHERE juror_id = 'J0002' AND dossier_id"
		    " IN (SELECT dossier_id FROM score WHERE juror_id = 'J0002'"
		    " LIMIT 3)");
		expect_progress_matches_rows(ed, "scores and submissions deleted");
		exec_audited(ed, "UPDATE dossier SET status = 'admitted'"
		    " WHERE status <> 'admitted'");
		expect_progress_matches_rows(ed, "a dossier admitted again");
		exec_audited(ed, "DELETE FROM conflict WHERE juror_id = 'J0004'");
		expect_progress_matches_rows(ed, "conflicts withdrawn");
		db_close(ed);
	}
	print_message("# the chair's progress: %ld steps at %d dossiers,"
	    " %ld at %d\n", small, SMALL, large, 10 * SMALL);
	assert_true(small > 0);
	assert_true(large <= small + small / 10 + 50);
}

/* The export's memory is measured without ASan only: its quarantine
 * keeps freed memory resident. */
#if !defined(__SANITIZE_ADDRESS__)
/* A field of /proc/self/status in KiB ("VmRSS:", "VmHWM:"), or -1. */
static long
status_kib(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;

	while (f != NULL && fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, field, strlen(field)) == 0)
			v = atol(line + strlen(field));
	if (f != NULL)
		fclose(f);
	return v;
}

/*
 * The memory (KiB) that exporting path as format adds at its peak, in a
 * child process whose peak is reset first (clear_refs 5): the parent's
 * pages, which the child shares, are its starting point.  -1 if the
 * peak cannot be reset here.
 */
static long
export_peak(const char *path, enum export_format format)
{
	int fds[2], status;
	long grown = -1;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct export_opts o = { .format = format, .lang = "fr",
		    .draft = true };
		struct mw_error err = { 0 };
		struct edition *ed;
		FILE *c = fopen("/proc/self/clear_refs", "w");
		char out[600];
		long base, v = -1;

		snprintf(out, sizeof out, "%s.out", path);
		if (c != NULL && fputs("5", c) >= 0 && fclose(c) == 0) {
			base = status_kib("VmRSS:");
			if (db_open(path, DB_READ, &ed, &err) != 0 ||
			    export_write(ed, &o, out, &err) != 0)
				_exit(1);
			v = status_kib("VmHWM:") - base;
		}
		_exit(write(fds[1], &v, sizeof v) == sizeof v ? 0 : 1);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &grown, sizeof grown), sizeof grown);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return grown;
}

/* Ten times the dossiers, the same memory or nearly: the exports are
 * written as they are composed, not built whole first, and the one
 * category ranked in memory holds its dossiers in one obstack, read
 * without a sort (aggregate.c). */
static void
an_export_s_memory_does_not_grow_with_the_edition(void **state)
{
	enum export_format f;
	long small, large;
	size_t n;

	(void)state;
	/* Each edition made in a child: this process stays small, and so
	 * does the start of every child forked from it.  The scratch folder
	 * is made here, for the children to share. */
	(void)scratch_path("export");
	for (n = 1000; n <= 10000; n *= 10) {
		int status;
		pid_t pid = fork();

		assert_true(pid >= 0);
		if (pid == 0) {
			struct synthetic_size size = { n, 20, 5, false };
			struct mw_error err = { 0 };
			struct edition *ed;
			char name[64];

			snprintf(name, sizeof name, "export-%zu.sqlite", n);
			if (demo_write_synthetic(scratch_path(name), &size,
			    &err) != 0 ||
			    db_open(scratch_path(name), DB_WRITE, &ed, &err) != 0)
				_exit(1);
			sign_as(ed, scratch_path(name), "J0001");
			exec_audited(ed, "UPDATE edition SET phase = 'deliberation'");
			db_close(ed);
			_exit(0);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	for (f = EXPORT_CSV; f <= EXPORT_HTML; f++) {
		small = export_peak(scratch_path("export-1000.sqlite"), f);
		large = export_peak(scratch_path("export-10000.sqlite"), f);
		if (small < 0 || large < 0) {
			print_message("# no /proc/self/clear_refs: the peak cannot"
			    " be reset here, nothing measured\n");
			return;
		}
		print_message("# export %d: %ld KiB more at its peak at 1,000"
		    " dossiers, %ld KiB at 10,000\n", (int)f, small, large);
		/* Within 1.25 times, and 1 MiB of allocator slack (a
		 * malloc per string and total, and the stream's sort, made
		 * it 9.6 MiB against 5.2). */
		assert_true(large * 4 <= small * 5 + 4096);
	}
}

#endif

int
main(void)
{
	const struct CMUnitTest tests[] = {
#if !defined(__SANITIZE_ADDRESS__)
		/* First, while this process is small. */
		cmocka_unit_test(an_export_s_memory_does_not_grow_with_the_edition),
#endif
		cmocka_unit_test(a_save_costs_the_same_at_any_size),
		cmocka_unit_test(the_chair_s_progress_costs_the_same_at_any_size),
	};

	return cmocka_run_group_tests_name("cost", tests, NULL, NULL);
}
