/* src/core/browse: keyset pages in every order, search, states. */
#include <config.h>

#include "helpers.h"
#include "core/browse.h"
#include "core/demo.h"

static struct edition *
synthetic(void)
{
	struct synthetic_size size = { 250, 6, 2 };
	struct mw_error err = { 0 };
	struct edition *ed;
	const char *path = scratch_path("browse.sqlite");

	remove_edition(path);
	if (demo_write_synthetic(path, &size, &err) != 0 ||
	    db_open(path, DB_WRITE, &ed, &err) != 0)
		fail_msg("%s", err.msg);
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
	struct synthetic_size size = { BROWSE_COUNT_CAP + 40, 3, 1 };
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pages_cover_every_row_in_every_order),
		cmocka_unit_test(search_folds_and_counts),
		cmocka_unit_test(common_searches_are_capped),
		cmocka_unit_test(states_follow_the_juror),
	};

	return cmocka_run_group_tests_name("browse", tests, NULL, NULL);
}
