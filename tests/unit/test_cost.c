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
	};

	return cmocka_run_group_tests_name("cost", tests, NULL, NULL);
}
