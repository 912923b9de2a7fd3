#include <config.h>

#include <stddef.h>

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

/* The text a dossier d is found by, folded (mudawala_fold() is
 * text_fold(), registered by db.c). */
#define FOLDED_TEXT \
	"mudawala_fold(d.title_ar || ' ' || d.title_fr || ' '" \
	" || coalesce(d.administration, '') || ' ' || d.id || ' '" \
	" || d.summary_ar || ' ' || d.summary_fr)"

int
search_flush(struct edition *ed, struct mw_error *err)
{
	return db_exec(ed, "DELETE FROM dossier_search WHERE rowid IN"
	    " (SELECT d.rowid FROM temp.search_stale s"
	    "  JOIN dossier d ON d.id = s.id);"
	    "INSERT INTO dossier_search (rowid, folded)"
	    " SELECT d.rowid, " FOLDED_TEXT
	    " FROM temp.search_stale s JOIN dossier d ON d.id = s.id;"
	    "DELETE FROM temp.search_stale;", err);
}

int
search_index_after(struct edition *ed, long long after,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "INSERT INTO dossier_search"
	    " (rowid, folded) SELECT d.rowid, " FOLDED_TEXT
	    " FROM dossier d WHERE d.rowid > ?1", err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, after);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}
