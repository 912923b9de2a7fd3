/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dossier browser's data: one page of dossiers at a time, in any
 * sort order, filtered by category and search, with the juror's state.
 * Pages are found by key (keyset pagination), never by loading or
 * skipping the whole table. */
#ifndef MUDAWALA_BROWSE_H
#define MUDAWALA_BROWSE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/db.h"

enum browse_sort {
	BROWSE_ID,
	BROWSE_TITLE,
	BROWSE_ADMINISTRATION,
	BROWSE_STATE,
	BROWSE_SUBMITTED,
	BROWSE_SORT_COUNT
};

enum dossier_state {
	STATE_NOT_STARTED,
	STATE_DRAFT,
	STATE_SUBMITTED,
	STATE_CONFLICT,
};

struct browse_query {
	const char *juror;      /* whose state is shown */
	const char *category;   /* NULL: every category */
	const char *search;     /* as typed; NULL or "": no filter */
	enum browse_sort sort;
	bool descending;
	const char *lang;       /* "ar" prefers Arabic titles, else French */
	/* Filled by browse_count(): the search matches more dossiers than
	 * BROWSE_COUNT_CAP, so pages are found by scanning in sort order
	 * (which stops after a page) rather than through the match list. */
	bool search_is_common;
};

/* Searches count their matches up to this; beyond, "more than". */
#define BROWSE_COUNT_CAP 1000

struct browse_row {
	char *id;
	char *title;            /* in the preferred language, else the other */
	char *administration;
	enum dossier_state state;
	int submitted;          /* jurors who submitted it */
	char *key;              /* the sort key: pass back to page on */
};

/*
 * Fetch up to limit rows (into rows, which has room for limit) that come
 * after the row (after_key, after_id) in the query's order (forward), or
 * before it (backward); a NULL key starts at the first (or last) row.
 * Rows come in display order either way.  *n is how many were found.
 */
int browse_fetch(struct edition *ed, const struct browse_query *q,
    const char *after_key, const char *after_id, bool forward, size_t limit,
    struct browse_row *rows, size_t *n, struct mw_error *err);

/*
 * How many dossiers the query matches: exactly without a search; with
 * one, up to BROWSE_COUNT_CAP (*capped says there are more).  Call it
 * whenever the query changes, before browse_fetch(): it also chooses how
 * the search is run (q->search_is_common).
 */
int browse_count(struct edition *ed, struct browse_query *q, long *count,
    bool *capped, struct mw_error *err);

void browse_rows_free(struct browse_row *rows, size_t n);

#endif
