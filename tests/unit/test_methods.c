/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/methods: each aggregation against figures computed by hand. */
#include <config.h>

#include <math.h>

#include "helpers.h"
#include "core/methods.h"

#define T(j, v) { (j), (v) }

static void
median_and_trimmed_mean(void **state)
{
	struct total odd[] = { T(0, 10), T(1, 40), T(2, 20) };
	struct total even[] = { T(0, 40), T(1, 10), T(2, 30), T(3, 20) };
	/* Sorted 10 20 30 40 90: drop 10 and 90 -> (20+30+40)/3 = 30. */
	struct total five[] = { T(0, 90), T(1, 20), T(2, 10), T(3, 40), T(4, 30) };
	double scratch[8];

	(void)state;
	assert_float_equal(method_median(odd, 3, scratch), 20, 1e-9);
	assert_float_equal(method_median(even, 4, scratch), 25, 1e-9);
	assert_float_equal(method_trimmed(five, 5, scratch), 30, 1e-9);
	assert_float_equal(method_mean(five, 5), 38, 1e-9);
	/* Population sd of 10 20 30 40 90: mean 38, squares 784 324 64 4
	 * 2704 -> 3880 / 5 = 776. */
	assert_float_equal(method_stddev(five, 5), sqrt(776), 1e-9);
	assert_true(isnan(method_median(odd, 0, scratch)));
}

static void
zscore_maps_onto_the_panel_scale(void **state)
{
	struct juror_stats js = { 50, 10, 5 };
	bool raw;

	(void)state;
	/* 70 is two sd above the juror's mean: 60 + 2 * 20 = 100. */
	assert_float_equal(method_zscore(70, &js, 60, 20, &raw), 100, 1e-9);
	assert_false(raw);
	assert_float_equal(method_zscore(45, &js, 60, 20, &raw), 50, 1e-9);
	/* Four scored dossiers: too few to standardize, kept as it is. */
	js.count = 4;
	assert_float_equal(method_zscore(70, &js, 60, 20, &raw), 70, 1e-9);
	assert_true(raw);
	/* A juror who gave everyone the same total sits at the panel mean. */
	js.count = 6;
	js.sd = 0;
	assert_float_equal(method_zscore(70, &js, 60, 20, &raw), 60, 1e-9);
}

static void
pairwise_counts_only_jurors_who_scored_both(void **state)
{
	/* j0: A 80 > B 60 > C 40; j1: C 90 > A 70, did not score B;
	 * j2: B 50 = C 50. */
	struct total a[] = { T(0, 80), T(1, 70) };
	struct total b[] = { T(0, 60), T(2, 50) };
	struct total c[] = { T(0, 40), T(1, 90), T(2, 50) };
	const struct total *all[] = { a, b, c };
	size_t n[] = { 2, 2, 3 };
	int d[9];

	(void)state;
	method_pairwise(all, n, 3, d);
	assert_int_equal(d[0 * 3 + 1], 1);     /* A>B: j0 */
	assert_int_equal(d[1 * 3 + 0], 0);
	assert_int_equal(d[0 * 3 + 2], 1);     /* A>C: j0 */
	assert_int_equal(d[2 * 3 + 0], 1);     /* C>A: j1 */
	assert_int_equal(d[1 * 3 + 2], 1);     /* B>C: j0; j2 equal */
	assert_int_equal(d[2 * 3 + 1], 0);
}

/* The classic example of Schulze's paper (45 voters, A..E): the
 * pairwise matrix and its order E > A > C > B > D. */
static const int schulze_d[25] = {
	0, 20, 26, 30, 22,
	25, 0, 16, 33, 18,
	19, 29, 0, 17, 24,
	15, 12, 28, 0, 14,
	23, 27, 21, 31, 0,
};

static void
schulze_resolves_a_condorcet_cycle(void **state)
{
	double out[5];

	(void)state;
	/* Majorities: A>C, A>D, B>A, B>D, C>B, C>E, D>C, E>A, E>B, E>D:
	 * no Condorcet winner, yet the strongest paths order them all. */
	method_schulze(schulze_d, 5, out);
	assert_float_equal(out[4], 4, 0);      /* E */
	assert_float_equal(out[0], 3, 0);      /* A */
	assert_float_equal(out[2], 2, 0);      /* C */
	assert_float_equal(out[1], 1, 0);      /* B */
	assert_float_equal(out[3], 0, 0);      /* D */
}

static void
a_symmetric_cycle_stays_a_tie(void **state)
{
	/* A>B, B>C, C>A, each 2 to 1: every strongest path is 2. */
	static const int d[9] = { 0, 2, 1, 1, 0, 2, 2, 1, 0 };
	double out[3];

	(void)state;
	method_schulze(d, 3, out);
	assert_float_equal(out[0], 0, 0);
	assert_float_equal(out[1], 0, 0);
	assert_float_equal(out[2], 0, 0);
	method_copeland(d, 3, out);
	assert_float_equal(out[0], 0, 0);
	assert_float_equal(out[1], 0, 0);
	assert_float_equal(out[2], 0, 0);
}

static void
copeland_counts_wins_minus_losses(void **state)
{
	double out[5];

	(void)state;
	/* From the majorities above: A 2-2, B 2-2, C 2-2, D 1-3, E 3-1. */
	method_copeland(schulze_d, 5, out);
	assert_float_equal(out[0], 0, 0);
	assert_float_equal(out[1], 0, 0);
	assert_float_equal(out[2], 0, 0);
	assert_float_equal(out[3], -2, 0);
	assert_float_equal(out[4], 2, 0);
}

static void
names_round_trip(void **state)
{
	int m;

	(void)state;
	for (m = 0; m < METHOD_COUNT; m++)
		assert_int_equal(method_parse(method_name((enum method)m)), m);
	assert_int_equal(method_parse("average"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(median_and_trimmed_mean),
		cmocka_unit_test(zscore_maps_onto_the_panel_scale),
		cmocka_unit_test(pairwise_counts_only_jurors_who_scored_both),
		cmocka_unit_test(schulze_resolves_a_condorcet_cycle),
		cmocka_unit_test(a_symmetric_cycle_stays_a_tie),
		cmocka_unit_test(copeland_counts_wins_minus_losses),
		cmocka_unit_test(names_round_trip),
	};

	return cmocka_run_group_tests_name("methods", tests, NULL, NULL);
}
