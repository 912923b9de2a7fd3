/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/browse: keyset pages in every order, search, states. */
#include <config.h>

#include <unistd.h>

#include "helpers.h"
#include "core/browse.h"
#include "core/demo.h"

static struct edition *
synthetic(void)
{
	struct synthetic_size size = { 250, 6, 2, false };
	struct mw_error err = { 0 };
	struct edition *ed;
	const char *path = scratch_path("browse.sqlite");

	remove_edition(path);
	if (demo_write_synthetic(path, &size, &err) != 0 ||
	    db_open(path, DB_WRITE, &ed, &err) != 0)
		fail_msg("%s", err.msg);
	sign_as(ed, path, "J0001");     /* the chair */
	return ed;
}

/* Walk the whole query forward a page at a time, then backward, and
 * check that both walks see every matching row once, in order. */
static void
walk(struct edition *ed, struct browse_query *q, long expect)
{
	struct browse_row rows[7];
	struct mw_error err = { 0 };
	char **seen = calloc((size_t)expect + 1, sizeof *seen);
	char key[256] = "", id[64] = "";
	long count, total = 0, back = 0;
	bool capped, first = true;
	size_t n, i;

	assert_int_equal(browse_count(ed, q, &count, &capped, &err), 0);
	assert_int_equal(count, expect);
	for (;;) {
		assert_int_equal(browse_fetch(ed, q, first ? NULL : key,
		    first ? NULL : id, true, 7, rows, &n, &err), 0);
		first = false;
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			assert_true(total < expect);
			seen[total++] = strdup(rows[i].id);
		}
		snprintf(key, sizeof key, "%s", rows[n - 1].key);
		snprintf(id, sizeof id, "%s", rows[n - 1].id);
		browse_rows_free(rows, n);
	}
	assert_int_equal(total, expect);
	/* Backward from the end gives the same rows, reversed. */
	first = true;
	for (;;) {
		assert_int_equal(browse_fetch(ed, q, first ? NULL : key,
		    first ? NULL : id, false, 7, rows, &n, &err), 0);
		first = false;
		if (n == 0)
			break;
		for (i = n; i-- > 0;) {
			back++;
			assert_string_equal(rows[i].id, seen[total - back]);
		}
		snprintf(key, sizeof key, "%s", rows[0].key);
		snprintf(id, sizeof id, "%s", rows[0].id);
		browse_rows_free(rows, n);
	}
	assert_int_equal(back, expect);
	for (i = 0; i < (size_t)expect; i++)
		free(seen[i]);
	free(seen);
}

static void
pages_cover_every_row_in_every_order(void **state)
{
	struct edition *ed = synthetic();
	struct browse_query q = { .juror = "J0001", .lang = "fr" };
	int s;

	for (s = 0; s < BROWSE_SORT_COUNT; s++) {
		q.sort = (enum browse_sort)s;
		q.descending = false;
		walk(ed, &q, 250);
		q.descending = true;
		walk(ed, &q, 250);
	}
	q.sort = BROWSE_TITLE;
	q.category = "e-contenu";
	walk(ed, &q, 62);
	q.lang = "ar";
	walk(ed, &q, 62);
	db_close(ed);
}

static void
search_folds_and_counts(void **state)
{
	struct edition *ed = synthetic();
	struct browse_query q = { .juror = "J0001", .lang = "fr",
		.search = "SYNTHETIQUE n° 12" };
	struct browse_row rows[20];
	struct mw_error err = { 0 };
	long count;
	bool capped;
	size_t n;

	/* n° 12, n° 120 to 129: 11 dossiers. */
	walk(ed, &q, 11);
	q.search = "ملف تركيبي رقم 2";   /* Arabic titles: 2, 20-29, 200-250 */
	assert_int_equal(browse_count(ed, &q, &count, &capped, &err), 0);
	assert_int_equal(count, 62);
	assert_false(capped);
	/* Wildcards of LIKE and GLOB are literal: as wildcards, each of
	 * these would match n° 10 and more. */
	static const char *const literal[] = { "n° 1%", "n° 1_",
		"n° 1*", "n° 1?", "n° 1[0-9]" };
	for (size_t i = 0; i < sizeof literal / sizeof *literal; i++) {
		q.search = literal[i];
		assert_int_equal(browse_count(ed, &q, &count, &capped, &err), 0);
		assert_int_equal(count, 0);
	}
	q.search = "nothing like this";
	assert_int_equal(browse_fetch(ed, &q, NULL, NULL, true, 20, rows, &n,
	    &err), 0);
	assert_int_equal(n, 0);
	db_close(ed);
}

static void
common_searches_are_capped(void **state)
{
	struct synthetic_size size = { BROWSE_COUNT_CAP + 40, 3, 1, false };
	struct browse_query q = { .juror = "J0001", .lang = "fr",
		.search = "synthetique" };
	struct mw_error err = { 0 };
	struct edition *ed;
	long count;
	bool capped;

	unlink(scratch_path("cap.sqlite"));
	if (demo_write_synthetic(scratch_path("cap.sqlite"), &size, &err) != 0 ||
	    db_open(scratch_path("cap.sqlite"), DB_READ, &ed, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(browse_count(ed, &q, &count, &capped, &err), 0);
	assert_true(capped);
	assert_int_equal(count, BROWSE_COUNT_CAP);
	assert_true(q.search_is_common);
	q.search_is_common = true;
	walk(ed, &(struct browse_query){ .juror = "J0001", .lang = "fr",
	    .search = "n° 104" }, 2);        /* n° 104 and n° 1040 */
	db_close(ed);
}

static void
states_follow_the_juror(void **state)
{
	struct edition *ed = synthetic();
	struct browse_query q = { .lang = "fr", .sort = BROWSE_ID };
	struct browse_row rows[3];
	struct mw_error err = { 0 };
	size_t n;

	/* D000001 is scored and submitted by J0001 and J0002. */
	q.juror = "J0001";
	assert_int_equal(browse_fetch(ed, &q, NULL, NULL, true, 3, rows, &n,
	    &err), 0);
	assert_int_equal(rows[0].state, STATE_SUBMITTED);
	assert_int_equal(rows[0].submitted, 2);
	assert_int_equal(rows[1].state, STATE_NOT_STARTED);
	browse_rows_free(rows, n);
	exec_audited(ed, "INSERT INTO conflict (juror_id, dossier_id, reason)"
	    " VALUES ('J0003', 'D000001', 'x');"
	    "DELETE FROM submission WHERE juror_id = 'J0003'"
	    " AND dossier_id = 'D000002'");
	q.juror = "J0003";
	assert_int_equal(browse_fetch(ed, &q, NULL, NULL, true, 3, rows, &n,
	    &err), 0);
	assert_int_equal(rows[0].state, STATE_CONFLICT);
	assert_int_equal(rows[1].state, STATE_DRAFT);
	browse_rows_free(rows, n);
	db_close(ed);
}

/* The virtual-machine steps of every statement on ed since the last call
 * (counted by SQLite, reset here), and the steps of full scans. */
static long
vm_steps(struct edition *ed, long *fullscan)
{
	sqlite3_stmt *st = NULL;
	long n = 0;

	*fullscan = 0;
	while ((st = sqlite3_next_stmt(db_handle(ed), st)) != NULL) {
		n += sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 1);
		*fullscan += sqlite3_stmt_status(st,
		    SQLITE_STMTSTATUS_FULLSCAN_STEP, 1);
	}
	return n;
}

/* The steps to fetch the 50 rows after the first `skip` rows read from
 * the start (forward) or from the end (backward); *fullscan as in
 * vm_steps(). */
static long
page_steps(struct edition *ed, const struct browse_query *q, size_t skip,
    bool from_start, long *fullscan)
{
	struct browse_row rows[150];
	struct mw_error err = { 0 };
	char key[256], id[64];
	size_t n, at = from_start ? skip - 1 : 0;

	assert_true(skip <= 150);
	assert_int_equal(browse_fetch(ed, q, NULL, NULL, from_start, skip, rows,
	    &n, &err), 0);
	assert_int_equal(n, skip);
	snprintf(key, sizeof key, "%s", rows[at].key);
	snprintf(id, sizeof id, "%s", rows[at].id);
	browse_rows_free(rows, n);
	vm_steps(ed, fullscan);
	assert_int_equal(browse_fetch(ed, q, key, id, true, 50, rows, &n,
	    &err), 0);
	assert_int_equal(n, 50);
	browse_rows_free(rows, n);
	return vm_steps(ed, fullscan);
}

/* The steps to fetch a page of 50 after 150 rows and 100 rows before the
 * end, and of a common and a rare search. */
static void
measure(size_t dossiers, enum browse_sort sort, bool descending,
    long *page, long *page_end, long *common, long *rare)
{
	struct synthetic_size size = { dossiers, 3, 1, false };
	struct browse_query q = { .juror = "J0001", .lang = "fr", .sort = sort,
		.descending = descending };
	struct browse_row rows[50];
	struct mw_error err = { 0 };
	struct edition *ed;
	char path[64];
	long fullscan, count;
	bool capped;
	size_t n;

	snprintf(path, sizeof path, "steps-%zu.sqlite", dossiers);
	if (access(scratch_path(path), F_OK) != 0 &&
	    demo_write_synthetic(scratch_path(path), &size, &err) != 0)
		fail_msg("%s", err.msg);
	if (db_open(scratch_path(path), DB_READ, &ed, &err) != 0)
		fail_msg("%s", err.msg);
	*page = page_steps(ed, &q, 150, true, &fullscan);
	if (fullscan != 0)
		fail_msg("sort %d%s, %zu dossiers: %ld steps of full scans for a "
		    "page", (int)sort, descending ? " descending" : "", dossiers,
		    fullscan);
	/* Near the end: the same steps as near the start. */
	*page_end = page_steps(ed, &q, 100, false, &fullscan);
	/* Every title has "synthetique": counting stops at the cap. */
	q.search = "synthetique";
	assert_int_equal(browse_count(ed, &q, &count, &capped, &err), 0);
	assert_int_equal(browse_fetch(ed, &q, NULL, NULL, true, 50, rows, &n,
	    &err), 0);
	browse_rows_free(rows, n);
	*common = vm_steps(ed, &fullscan);
	/* One dossier: through the trigram index. */
	q.search = "D000123";
	assert_int_equal(browse_count(ed, &q, &count, &capped, &err), 0);
	assert_int_equal(browse_fetch(ed, &q, NULL, NULL, true, 50, rows, &n,
	    &err), 0);
	browse_rows_free(rows, n);
	*rare = vm_steps(ed, &fullscan);
	db_close(ed);
}

/*
 * Counted, not timed: a page, a common search and a rare one cost about
 * the same number of steps in an edition ten times larger (the queries
 * follow indexes and stop early), in every sort (the computed keys of
 * "my state" and "submissions" are kept in an indexed temporary table
 * until the edition changes).
 */
static void
pages_cost_the_same_at_any_size(void **state)
{
	static const enum browse_sort sorts[] = { BROWSE_ID, BROWSE_TITLE,
		BROWSE_ADMINISTRATION, BROWSE_STATE, BROWSE_SUBMITTED };
	char path[64];
	size_t i;
	int d;

	(void)state;
	for (i = 1; i <= 10; i *= 10) {
		snprintf(path, sizeof path, "steps-%zu.sqlite",
		    i * (BROWSE_COUNT_CAP + 200));
		remove_edition(scratch_path(path));
	}
	for (i = 0; i < sizeof sorts / sizeof *sorts; i++)
		for (d = 0; d < 2; d++) {
			long page[2], end[2], common[2], rare[2];

			measure(BROWSE_COUNT_CAP + 200, sorts[i], d, &page[0],
			    &end[0], &common[0], &rare[0]);
			measure(10 * (BROWSE_COUNT_CAP + 200), sorts[i], d, &page[1],
			    &end[1], &common[1], &rare[1]);
			/* Work that grew with the data would be ten times more;
			 * the rare search reads a few more false trigram
			 * matches in the larger edition. */
			if (page[1] > 2 * page[0] || end[1] > 2 * page[0] ||
			    common[1] > 2 * common[0] || rare[1] > 2 * rare[0])
				fail_msg("sort %d%s: page %ld -> %ld steps (at the "
				    "end %ld -> %ld), common search %ld -> %ld, rare "
				    "%ld -> %ld", (int)sorts[i], d ? " descending" : "",
				    page[0], page[1], end[0], end[1], common[0],
				    common[1], rare[0], rare[1]);
			/* A page of 50 rows: a few dozen steps per row. */
			assert_true(page[1] < 50 * 100);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pages_cover_every_row_in_every_order),
		cmocka_unit_test(search_folds_and_counts),
		cmocka_unit_test(common_searches_are_capped),
		cmocka_unit_test(states_follow_the_juror),
		cmocka_unit_test(pages_cost_the_same_at_any_size),
	};

	return cmocka_run_group_tests_name("browse", tests, NULL, NULL);
}
