/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Side-by-side comparison of 2 to 4 dossiers, criterion by criterion. */
#ifndef MUDAWALA_COMPARE_H
#define MUDAWALA_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/db.h"

#define COMPARE_MAX 4

struct compare_cell {
	double mine;            /* NAN: not scored by the juror */
	double mean, sd;        /* the jury's (voting, submitted); NAN if none */
	int n;
};

struct compare_column {
	char *id, *title;
	struct compare_cell *cells;     /* one per criterion */
	double my_total;                /* 0-100, NAN if nothing scored */
	double jury_total;              /* the ranking's score, NAN if none */
	int jury_n;
};

struct compare {
	bool show_jury;         /* the phase lets the juror see the others */
	size_t ncriteria;
	size_t ncolumns;
	struct compare_column columns[COMPARE_MAX];
};

/*
 * Load the comparison of dossiers ids[0..n) (2 to 4) for juror.  Whether
 * the jury's figures are shown follows the phase: from deliberation on.
 * Free with compare_free().
 */
int compare_load(struct edition *ed, const char *juror,
    const char *const *ids, size_t n, const char *lang, struct compare *out,
    struct mw_error *err);
void compare_free(struct compare *c);

/* Index of the best value in row of values[0..n) (NAN ignored); -1 if
 * none or if every value is equal. */
int compare_best(const double *values, size_t n);

#endif
