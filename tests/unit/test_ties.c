/* SPDX-License-Identifier: GPL-3.0-or-later */
/* No super-linear blow-up in the tie cascade: a tie of 25,000 dossiers,
 * made through the program (so that the file verifies), is ranked in
 * bounded time and memory; the cascade's Schulze step, which compares
 * every pair along every path, is skipped and the rows say so. */
#include <config.h>

#include <sys/resource.h>
#include <time.h>

#include "helpers.h"
#include "core/audit.h"
#include "core/demo.h"
#include "core/ranking.h"

struct seen {
	size_t rows, wide, tied;
};

static int
count(void *ctx, const char *const *cells, size_t n, const char *json,
    struct mw_error *err)
{
	struct seen *s = ctx;

	(void)json;
	(void)err;
	s->rows++;
	if (n > 8 && strstr(cells[8], "wide") != NULL)
		s->wide++;
	if (n > 8 && strstr(cells[8], "tie") != NULL)
		s->tied++;
	return 0;
}

/* Sanitizers make everything slower and larger; without the bound, the
 * step needs 4.7 GiB and hours all the same. */
#if defined(__SANITIZE_ADDRESS__)
#define SECONDS_MAX 60.0
#define KIB_MAX (1024L * 1024)
#else
#define SECONDS_MAX 10.0
#define KIB_MAX (256L * 1024)
#endif

static void
a_tie_of_25000_dossiers(void **state)
{
	const char *path = scratch_path("tie.sqlite");
	struct synthetic_size size = { 25000, 3, 3, true };
	struct mw_error err = { 0 };
	struct audit_report rep;
	struct seen seen = { 0 };
	struct timespec t0, t1;
	struct rusage ru;
	struct edition *ed;
	atomic_int permille;
	double seconds;

	(void)state;
	if (demo_write_synthetic(path, &size, &err) != 0 ||
	    db_open(path, DB_READ, &ed, &err) != 0)
		fail_msg("%s", err.msg);
	/* A screen waiting for the ranking is told how far the read has
	 * got: every 1,024 dossiers, so 24,576 of 25,000 at the last. */
	db_progress_on(ed, &permille);
	assert_int_equal(atomic_load(&permille), -1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ranking_run(ed, NULL, "fr", count, &seen, &err) != 0)
		fail_msg("%s", err.msg);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &ru);
	seconds = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_message("# tie of %zu dossiers ranked in %.2f s, peak RSS %ld "
	    "KiB\n", seen.rows, seconds, ru.ru_maxrss);
	assert_int_equal(seen.rows, 25000);
	assert_int_equal(atomic_load(&permille), 1000 * 24576 / 25000);
	assert_true(seconds < SECONDS_MAX);
	assert_true(ru.ru_maxrss < KIB_MAX);
	/* Every dossier: the Schulze step skipped, the tie left to the
	 * chair. */
	assert_int_equal(seen.wide, 25000);
	assert_int_equal(seen.tied, 25000);
	assert_int_equal(audit_verify(ed, NULL, &rep, &err), 0);
	audit_report_free(&rep);
	db_close(ed);
}

/* A tie within the bound still goes through Schulze. */
static void
a_narrow_tie_keeps_its_schulze_step(void **state)
{
	const char *path = scratch_path("narrow.sqlite");
	struct synthetic_size size = { 150, 3, 3, true };
	struct mw_error err = { 0 };
	struct seen seen = { 0 };
	struct edition *ed;

	(void)state;
	if (demo_write_synthetic(path, &size, &err) != 0 ||
	    db_open(path, DB_READ, &ed, &err) != 0)
		fail_msg("%s", err.msg);
	if (ranking_run(ed, NULL, "fr", count, &seen, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(seen.rows, 150);
	assert_int_equal(seen.wide, 0);
	db_close(ed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_narrow_tie_keeps_its_schulze_step),
		cmocka_unit_test(a_tie_of_25000_dossiers),
	};

	return cmocka_run_group_tests_name("ties", tests, NULL, NULL);
}
