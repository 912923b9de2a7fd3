/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <stddef.h>
#include <stdlib.h>

#include "text/fold.h"
#include "util/i18n.h"
#include "util/strbuf.h"

#include "core/search.h"

int
search_begin(struct edition *ed, struct mw_error *err)
{
	return db_exec(ed, "CREATE TEMP TABLE IF NOT EXISTS search_stale"
	    " (id TEXT PRIMARY KEY) WITHOUT ROWID;"
	    "DELETE FROM temp.search_stale;", err);
}

int
search_mark(struct edition *ed, const char *id, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "INSERT INTO temp.search_stale (id)"
	    " VALUES (?1) ON CONFLICT DO NOTHING", err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

int
search_flush(struct edition *ed, struct mw_error *err)
{
	return db_exec(ed, "DELETE FROM dossier_search WHERE rowid IN"
	    " (SELECT d.rowid FROM temp.search_stale s"
	    "  JOIN dossier d ON d.id = s.id);"
	    "INSERT INTO dossier_search (rowid, folded)"
	    " SELECT d.rowid, " SEARCH_FOLDED_TEXT
	    " FROM temp.search_stale s JOIN dossier d ON d.id = s.id;"
	    "DELETE FROM temp.search_stale;", err);
}

int
search_index_after(struct edition *ed, long long after,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "INSERT INTO dossier_search"
	    " (rowid, folded) SELECT d.rowid, " SEARCH_FOLDED_TEXT
	    " FROM dossier d WHERE d.rowid > ?1", err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, after);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

char *
search_glob(const char *typed)
{
	char *folded = text_fold(typed);
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	strbuf_addc(&sb, '*');
	for (p = folded; *p != '\0'; p++) {
		if (*p == '*' || *p == '?' || *p == '[')
			strbuf_addf(&sb, "[%c]", *p);
		else
			strbuf_addc(&sb, *p);
	}
	strbuf_addc(&sb, '*');
	free(folded);
	return strbuf_detach(&sb);
}

/* ?1 dossier, ?2 pattern, ?3 1 for Arabic labels: the first place, in
 * the order a reader meets them, that holds the pattern. */
static const char sql_where[] =
	"SELECT 0, NULL, NULL FROM dossier d WHERE d.id = ?1"
	" AND mudawala_fold(d.title_ar || ' ' || d.title_fr || ' '"
	" || coalesce(d.administration, '') || ' ' || d.id || ' '"
	" || d.summary_ar || ' ' || d.summary_fr) GLOB ?2"
	" UNION ALL SELECT * FROM (SELECT 1, CASE WHEN ?3 AND f.label_ar <> ''"
	"  THEN f.label_ar WHEN f.label_fr <> '' THEN f.label_fr"
	"  ELSE f.label_ar END, NULL FROM answer a"
	"  JOIN form_field f ON f.id = a.field_id WHERE a.dossier_id = ?1"
	"  AND mudawala_fold(a.value_ar || ' ' || a.value_fr) GLOB ?2"
	"  ORDER BY f.position LIMIT 1)"
	" UNION ALL SELECT * FROM (SELECT 2, x.name, CASE WHEN"
	"  (SELECT type FROM attachment WHERE hash = x.hash) = 'application/pdf'"
	"  THEN p.page END FROM dossier_attachment x"
	"  JOIN attachment_page p ON p.hash = x.hash WHERE x.dossier_id = ?1"
	"  AND p.folded GLOB ?2 ORDER BY x.position, p.page LIMIT 1)"
	" LIMIT 1";

int
search_where(struct edition *ed, const char *dossier, const char *typed,
    bool arabic, char **where, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql_where, err);
	char *pattern;
	int rc;

	*where = NULL;
	if (st == NULL)
		return -1;
	pattern = search_glob(typed);
	sqlite3_bind_text(st, 1, dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, pattern, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, arabic);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_int(st, 0) > 0) {
		struct strbuf sb = STRBUF_INIT;
		const char *name = (const char *)sqlite3_column_text(st, 1);

		if (sqlite3_column_int(st, 0) == 1)
			strbuf_addf(&sb, _("in the answer '%s'"), name);
		else if (sqlite3_column_type(st, 2) == SQLITE_NULL)
			strbuf_addf(&sb, _("in attachment %s"), name);
		else
			strbuf_addf(&sb, _("in attachment %s, page %d"), name,
			    sqlite3_column_int(st, 2));
		*where = strbuf_detach(&sb);
	}
	sqlite3_reset(st);
	free(pattern);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}
