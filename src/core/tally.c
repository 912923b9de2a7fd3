/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Each juror's progress per category in one pass over the scores and one
 * over the submissions.  In SQL, grouping the (juror, dossier) pairs by the
 * dossier's category sorts every pair (700,000 at the stress edition's
 * size: 1.8 s); here the pairs come in the primary keys' order and each
 * finds its category in a hash table of the admitted dossiers (libc's
 * hsearch_r: a binary search cost 17 string comparisons a pair).
 */
#include <config.h>

#include <errno.h>
#include <search.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/tally.h"
#include "util/error.h"

/* Strings to small integers: libc's hash table, and the keys it holds. */
struct dict {
	struct hsearch_data h;
	bool made;
	char **keys;
	size_t n, cap;
};

static void
dict_free(struct dict *d)
{
	if (d->made)
		hdestroy_r(&d->h);
	for (size_t i = 0; i < d->n; i++)
		free(d->keys[i]);
	free(d->keys);
}

/* Room for size keys, at most: hsearch_r() cannot grow its table. */
static int
dict_make(struct dict *d, size_t size, struct mw_error *err)
{
	memset(d, 0, sizeof *d);
	if (hcreate_r(size + 16, &d->h) == 0)
		return error_set(err, "%s", error_text(errno));
	d->made = true;
	d->keys = xcalloc(size + 1, sizeof *d->keys);
	d->cap = size;
	return 0;
}

/* The value of key, or -1. */
static int
dict_get(struct dict *d, const char *key)
{
	ENTRY e = { (char *)key, NULL }, *found;

	return hsearch_r(e, FIND, &found, &d->h) ? (int)(intptr_t)found->data :
	    -1;
}

static int
dict_put(struct dict *d, const char *key, int value, struct mw_error *err)
{
	ENTRY e, *found;

	/* The room was counted in the same snapshot: never more. */
	if (d->n == d->cap)
		return error_set(err, "%s", error_text(ENOMEM));
	d->keys[d->n] = xstrdup(key);
	e.key = d->keys[d->n++];
	e.data = (void *)(intptr_t)value;
	if (hsearch_r(e, ENTER, &found, &d->h) == 0)
		return error_set(err, "%s", error_text(errno));
	return 0;
}

struct tally {
	struct dict dossiers;   /* admitted dossier -> category index */
	char **categories;
	int ncategories;
	struct dict jurors;     /* juror -> index in the rows */
	long *scored, *submitted;       /* [juror * ncategories + category] */
};

static const char sql_admitted[] =
	"SELECT d.id, d.category_id FROM dossier d"
	" WHERE d.status = 'admitted' AND (?1 IS NULL OR d.category_id = ?1)";

static const char sql_jurors[] =
	"SELECT id FROM juror WHERE ?1 IS NULL OR id = ?1";

/* Whole (juror, dossier) pairs: an index's order, no sort. */
static const char sql_scored[] =
	"SELECT juror_id, dossier_id FROM score"
	" WHERE ?1 IS NULL OR juror_id = ?1"
	" GROUP BY juror_id, dossier_id"
	" HAVING count(*) = (SELECT count(*) FROM criterion)";

static const char sql_submitted[] =
	"SELECT juror_id, dossier_id FROM submission"
	" WHERE ?1 IS NULL OR juror_id = ?1";

static int
category_index(struct tally *t, const char *id)
{
	int i;

	for (i = 0; i < t->ncategories; i++)
		if (strcmp(t->categories[i], id) == 0)
			return i;
	t->categories = xrealloc(t->categories,
	    (size_t)(t->ncategories + 1) * sizeof *t->categories);
	t->categories[t->ncategories] = xstrdup(id);
	return t->ncategories++;
}

/* The number sql (a count) gives. */
static int
count_of(struct edition *ed, const char *sql, long *n, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_error(ed, rc, err);
}

/* The first column of each row of sql (bound to key, unless NULL) into
 * d: a dossier with its category's index (the second column), a juror
 * with its row's number. */
static int
fill(struct edition *ed, struct tally *t, struct dict *d, const char *sql,
    const char *key, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	if (key != NULL)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (dict_put(d, (const char *)sqlite3_column_text(st, 0),
		    d == &t->dossiers ? category_index(t,
		    (const char *)sqlite3_column_text(st, 1)) : (int)d->n,
		    err) != 0)
			break;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? -1 : db_error(ed, rc, err);
	return 0;
}

static int
load(struct edition *ed, struct tally *t, const char *juror,
    const char *category, struct mw_error *err)
{
	long nd, nj;

	if (count_of(ed, "SELECT count(*) FROM dossier", &nd, err) != 0 ||
	    count_of(ed, "SELECT count(*) FROM juror", &nj, err) != 0 ||
	    dict_make(&t->dossiers, (size_t)nd, err) != 0 ||
	    dict_make(&t->jurors, (size_t)nj, err) != 0 ||
	    fill(ed, t, &t->dossiers, sql_admitted, category, err) != 0 ||
	    fill(ed, t, &t->jurors, sql_jurors, juror, err) != 0)
		return -1;
	t->scored = xcalloc(t->jurors.n * (size_t)t->ncategories + 1,
	    sizeof *t->scored);
	t->submitted = xcalloc(t->jurors.n * (size_t)t->ncategories + 1,
	    sizeof *t->submitted);
	return 0;
}

/* Count each (juror, dossier) row of sql into counts. */
static int
count_pairs(struct edition *ed, struct tally *t, const char *sql,
    const char *juror, long *counts, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	if (juror != NULL)
		sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int k = dict_get(&t->dossiers,
		    (const char *)sqlite3_column_text(st, 1));
		int j = dict_get(&t->jurors,
		    (const char *)sqlite3_column_text(st, 0));

		if (k >= 0 && j >= 0)
			counts[j * t->ncategories + k]++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

static int
store(struct edition *ed, const struct tally *t, struct mw_error *err)
{
	sqlite3_stmt *st;
	size_t j;
	int k, rc;

	if (db_exec(ed, "CREATE TEMP TABLE IF NOT EXISTS tally (juror TEXT,"
	    " category TEXT, scored INTEGER, submitted INTEGER,"
	    " PRIMARY KEY (juror, category)); DELETE FROM temp.tally", err) != 0)
		return -1;
	st = db_stmt(ed, "INSERT INTO temp.tally VALUES (?1, ?2, ?3, ?4)", err);
	if (st == NULL)
		return -1;
	for (j = 0; j < t->jurors.n; j++)
		for (k = 0; k < t->ncategories; k++) {
			size_t at = j * (size_t)t->ncategories + (size_t)k;

			if (t->scored[at] == 0 && t->submitted[at] == 0)
				continue;
			sqlite3_bind_text(st, 1, t->jurors.keys[j], -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(st, 2, t->categories[k], -1,
			    SQLITE_STATIC);
			sqlite3_bind_int64(st, 3, t->scored[at]);
			sqlite3_bind_int64(st, 4, t->submitted[at]);
			rc = sqlite3_step(st);
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				return db_error(ed, rc, err);
		}
	return 0;
}

int
tally_progress(struct edition *ed, const char *juror, const char *category,
    struct mw_error *err)
{
	struct tally t;
	int k, rc;

	memset(&t, 0, sizeof t);
	rc = load(ed, &t, juror, category, err) != 0 ||
	    count_pairs(ed, &t, sql_scored, juror, t.scored, err) != 0 ||
	    count_pairs(ed, &t, sql_submitted, juror, t.submitted, err) != 0 ||
	    store(ed, &t, err) != 0 ? -1 : 0;
	dict_free(&t.dossiers);
	dict_free(&t.jurors);
	for (k = 0; k < t.ncategories; k++)
		free(t.categories[k]);
	free(t.categories);
	free(t.scored);
	free(t.submitted);
	return rc;
}
