/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "core/browse.h"
#include "core/conflicts.h"
#include "core/search.h"
#include "text/fold.h"
#include "util/strbuf.h"

/* The statement text of each combination, built once and kept: db_stmt()
 * prepares each once per connection. */
enum { V_CATEGORY = 1, V_SEARCH = 2, V_DESC = 4, V_BACKWARD = 8, V_AR = 16,
	V_COUNT_ONLY = 32, V_COMMON = 64, V_ALL = 128 };
static char *sql_text[BROWSE_SORT_COUNT][V_ALL];

static const char state_expr[] =
	"(CASE WHEN " CONFLICT_EXISTS("?1", "d") " THEN 3 WHEN EXISTS (SELECT 1 FROM submission s WHERE"
	" s.juror_id = ?1 AND s.dossier_id = d.id) THEN 2"
	" WHEN EXISTS (SELECT 1 FROM score s WHERE s.juror_id = ?1"
	" AND s.dossier_id = d.id) THEN 1 ELSE 0 END)";
static const char submitted_expr[] =
	"(SELECT count(*) FROM submission s WHERE s.dossier_id = d.id)";

static const char *
sort_expr(enum browse_sort sort, bool ar, struct strbuf *tmp)
{
	switch (sort) {
	case BROWSE_TITLE:
		return ar ? "coalesce(nullif(d.title_ar, ''), d.title_fr)" :
		    "coalesce(nullif(d.title_fr, ''), d.title_ar)";
	case BROWSE_ADMINISTRATION:
		return "coalesce(d.administration, '')";
	case BROWSE_STATE:
		strbuf_addf(tmp, "printf('%%d', %s)", state_expr);
		return strbuf_str(tmp);
	case BROWSE_SUBMITTED:
		strbuf_addf(tmp, "printf('%%08d', %s)", submitted_expr);
		return strbuf_str(tmp);
	default:
		return "d.id";
	}
}

/* Sorts whose key is computed per dossier (the juror's state, the
 * submissions): no index holds it. */
static bool
computed(enum browse_sort sort)
{
	return sort == BROWSE_STATE || sort == BROWSE_SUBMITTED;
}

/* The statement that computes every dossier's key for a computed sort
 * (?1 the juror); built once, like the queries. */
static const char *
fill_sql(enum browse_sort sort)
{
	static char *text[BROWSE_SORT_COUNT];
	struct strbuf sql = STRBUF_INIT, tmp = STRBUF_INIT;

	if (text[sort] == NULL) {
		strbuf_addf(&sql, "INSERT INTO temp.browse_key"
		    " SELECT %s, d.id FROM dossier d",
		    sort_expr(sort, false, &tmp));
		text[sort] = strbuf_detach(&sql);
		strbuf_free(&tmp);
	}
	return text[sort];
}

/*
 * For a computed sort, the keys of every dossier in temp.browse_key,
 * indexed by (key, id) so that pages are read by key like the others.
 * They are computed once per sort and juror, and again only when the
 * edition changed: every change adds an audit row, so the last audit seq
 * says whether they are still true.
 */
static int
fresh_keys(struct edition *ed, const struct browse_query *q,
    struct mw_error *err)
{
	const char *juror = q->juror != NULL ? q->juror : "";
	sqlite3_stmt *st;
	int rc;

	if (db_exec(ed, "CREATE TEMP TABLE IF NOT EXISTS browse_key (sk TEXT,"
	    " id TEXT, PRIMARY KEY (sk, id)) WITHOUT ROWID;"
	    "CREATE UNIQUE INDEX IF NOT EXISTS temp.browse_key_id"
	    " ON browse_key(id);"
	    "CREATE TEMP TABLE IF NOT EXISTS browse_key_of (sort INTEGER,"
	    " juror TEXT, seq INTEGER);", err) != 0)
		return -1;
	st = db_stmt(ed, "SELECT EXISTS (SELECT 1 FROM temp.browse_key_of"
	    " WHERE sort = ?1 AND juror = ?2"
	    " AND seq IS (SELECT max(seq) FROM audit))", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, (int)q->sort);
	sqlite3_bind_text(st, 2, juror, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_int(st, 0)) {
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_error(ed, rc, err);
	if (db_exec(ed, "DELETE FROM temp.browse_key;"
	    "DELETE FROM temp.browse_key_of;", err) != 0)
		return -1;
	st = db_stmt(ed, fill_sql(q->sort), err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, juror, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	st = db_stmt(ed, "INSERT INTO temp.browse_key_of"
	    " SELECT ?1, ?2, max(seq) FROM audit", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, (int)q->sort);
	sqlite3_bind_text(st, 2, juror, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

/* The page query's SELECT, FROM and key condition. */
static void
page_select(struct strbuf *sql, enum browse_sort sort, int v, const char *sk)
{
	bool desc = ((v & V_DESC) != 0) != ((v & V_BACKWARD) != 0);

	strbuf_addf(sql, "SELECT d.id, %s, coalesce(d.administration,"
	    " ''), %s, %s, %s AS sk FROM ",
	    (v & V_AR) ? "coalesce(nullif(d.title_ar, ''), d.title_fr)" :
	    "coalesce(nullif(d.title_fr, ''), d.title_ar)",
	    state_expr, submitted_expr, computed(sort) ? "k.sk" : sk);
	/* A rare search starts from its few matches; otherwise the
	 * rows are read in key order. */
	if (computed(sort) && (v & V_SEARCH) && !(v & V_COMMON))
		strbuf_adds(sql, "dossier d CROSS JOIN temp.browse_key k"
		    " ON k.id = d.id");
	else if (computed(sort))
		strbuf_adds(sql, "temp.browse_key k JOIN dossier d"
		    " ON d.id = k.id");
	else
		strbuf_adds(sql, "dossier d");
	/* Not "(sk, d.id) > (?4, ?5)" on an expression: SQLite starts an
	 * index range on sk only when sk is compared alone, and a row value
	 * would scan the sort's index from its first entry.  On the table
	 * of computed keys, columns of their own index, the row value is
	 * the range (sk alone would read a whole state from its start). */
	if (computed(sort))
		strbuf_addf(sql, " WHERE (k.sk, k.id) %s (?4, ?5)",
		    desc ? "<" : ">");
	else
		strbuf_addf(sql, " WHERE sk %s= ?4 AND (sk %s ?4 OR d.id %s ?5)",
		    desc ? "<" : ">", desc ? "<" : ">", desc ? "<" : ">");
}

/*
 * ?1 juror, ?2 category, ?3 search pattern, ?4 key, ?5 id, ?6 limit.
 */
static const char *
build_sql(enum browse_sort sort, int v)
{
	struct strbuf sql = STRBUF_INIT, tmp = STRBUF_INIT;
	bool desc = ((v & V_DESC) != 0) != ((v & V_BACKWARD) != 0);
	const char *sk;

	/* The id the order ends with: the index's own column, so that
	 * SQLite sees the index gives the order. */
	const char *id = computed(sort) ? "k.id" : "d.id";

	if (sql_text[sort][v] != NULL)
		return sql_text[sort][v];
	sk = sort_expr(sort, (v & V_AR) != 0, &tmp);
	if ((v & V_COUNT_ONLY) && (v & V_SEARCH))
		strbuf_addf(&sql, "SELECT count(*) FROM (SELECT 1 FROM"
		    " dossier_search s JOIN dossier d ON d.rowid = s.rowid"
		    " WHERE s.folded GLOB ?3%s LIMIT %d)",
		    (v & V_CATEGORY) ? " AND d.category_id = ?2" : "",
		    BROWSE_COUNT_CAP + 1);
	else if (v & V_COUNT_ONLY)
		strbuf_adds(&sql, "SELECT count(*) FROM dossier d WHERE 1");
	else
		page_select(&sql, sort, v, sk);
	if ((v & V_CATEGORY) && !((v & V_COUNT_ONLY) && (v & V_SEARCH)))
		strbuf_adds(&sql, " AND d.category_id = ?2");
	/* A rare search goes through the trigram index's few matches; a
	 * common one checks rows in sort order and stops after a page. */
	if ((v & V_COUNT_ONLY) && (v & V_SEARCH))
		;       /* the search is inside the count's subquery */
	else if ((v & V_SEARCH) && (v & V_COMMON))
		strbuf_adds(&sql, " AND EXISTS (SELECT 1 FROM dossier_search s"
		    " WHERE s.rowid = d.rowid AND s.folded GLOB ?3)");
	else if (v & V_SEARCH)
		strbuf_adds(&sql, " AND d.rowid IN (SELECT rowid FROM"
		    " dossier_search WHERE folded GLOB ?3)");
	if (!(v & V_COUNT_ONLY))
		strbuf_addf(&sql, " ORDER BY sk %s, %s %s LIMIT ?6",
		    desc ? "DESC" : "ASC", id, desc ? "DESC" : "ASC");
	strbuf_free(&tmp);
	sql_text[sort][v] = strbuf_detach(&sql);
	return sql_text[sort][v];
}

static int
variant(const struct browse_query *q)
{
	int v = 0;

	if (q->category != NULL)
		v |= V_CATEGORY;
	if (q->search != NULL && *q->search != '\0')
		v |= V_SEARCH;
	if (q->descending)
		v |= V_DESC;
	if (q->lang != NULL && strcmp(q->lang, "ar") == 0)
		v |= V_AR;
	if ((v & V_SEARCH) && q->search_is_common)
		v |= V_COMMON;
	return v;
}

static sqlite3_stmt *
bind_query(struct edition *ed, const struct browse_query *q, int v,
    char **pattern, struct mw_error *err)
{
	sqlite3_stmt *st;

	*pattern = NULL;
	if (computed(q->sort) && !(v & V_COUNT_ONLY) &&
	    fresh_keys(ed, q, err) != 0)
		return NULL;
	st = db_stmt(ed, build_sql(q->sort, v), err);
	if (st == NULL)
		return NULL;
	sqlite3_bind_text(st, 1, q->juror != NULL ? q->juror : "", -1,
	    SQLITE_STATIC);
	if (v & V_CATEGORY)
		sqlite3_bind_text(st, 2, q->category, -1, SQLITE_STATIC);
	if (v & V_SEARCH) {
		*pattern = search_glob(q->search);
		sqlite3_bind_text(st, 3, *pattern, -1, SQLITE_STATIC);
	}
	return st;
}

int
browse_fetch(struct edition *ed, const struct browse_query *q,
    const char *after_key, const char *after_id, bool forward, size_t limit,
    struct browse_row *rows, size_t *n, struct mw_error *err)
{
	int v = variant(q) | (forward ? 0 : V_BACKWARD);
	bool desc = ((v & V_DESC) != 0) != ((v & V_BACKWARD) != 0);
	char *pattern;
	sqlite3_stmt *st = bind_query(ed, q, v, &pattern, err);
	size_t i;
	int rc = SQLITE_DONE;

	*n = 0;
	if (st == NULL)
		return -1;
	/* No key: start before the first row ("" sorts first, and no id is
	 * empty) or after the last (U+10FFFF sorts after any title). */
	if (after_key == NULL) {
		sqlite3_bind_text(st, 4, desc ? "\xF4\x8F\xBF\xBF" : "", -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 5, "", -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_text(st, 4, after_key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, after_id, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int64(st, 6, (sqlite3_int64)limit);
	while (*n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct browse_row *r = &rows[*n];

		r->id = db_column_dup(st, 0);
		r->title = db_column_dup(st, 1);
		r->administration = db_column_dup(st, 2);
		r->state = (enum dossier_state)sqlite3_column_int(st, 3);
		r->submitted = sqlite3_column_int(st, 4);
		r->key = db_column_dup(st, 5);
		(*n)++;
	}
	if (*n < limit && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		free(pattern);
		browse_rows_free(rows, *n);
		*n = 0;
		return db_error(ed, rc, err);
	}
	sqlite3_reset(st);
	free(pattern);
	if (!forward)
		for (i = 0; i < *n / 2; i++) {
			struct browse_row t = rows[i];

			rows[i] = rows[*n - 1 - i];
			rows[*n - 1 - i] = t;
		}
	return 0;
}

int
browse_count(struct edition *ed, struct browse_query *q, long *count,
    bool *capped, struct mw_error *err)
{
	int v = (variant(q) & ~V_COMMON) | V_COUNT_ONLY;
	char *pattern;
	sqlite3_stmt *st = bind_query(ed, q, v, &pattern, err);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	*count = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	free(pattern);
	*capped = (v & V_SEARCH) && *count > BROWSE_COUNT_CAP;
	if (*capped)
		*count = BROWSE_COUNT_CAP;
	q->search_is_common = *capped;
	return rc == SQLITE_ROW ? 0 : db_error(ed, rc, err);
}

void
browse_rows_free(struct browse_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].id);
		free(rows[i].title);
		free(rows[i].administration);
		free(rows[i].key);
	}
}
