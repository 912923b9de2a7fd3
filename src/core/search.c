#include <config.h>

#include <stdlib.h>

#include "core/search.h"
#include "text/fold.h"
#include "util/strbuf.h"

int
search_index_dossier(struct edition *ed, const char *id, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT rowid, title_ar || ' ' ||"
	    " title_fr || ' ' || coalesce(administration, '') || ' ' || id ||"
	    " ' ' || summary_ar || ' ' || summary_fr FROM dossier WHERE id = ?1",
	    err);
	sqlite3_int64 rowid;
	char *folded;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
	}
	rowid = sqlite3_column_int64(st, 0);
	folded = text_fold((const char *)sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	st = db_stmt(ed, "DELETE FROM dossier_search WHERE rowid = ?1", err);
	if (st == NULL) {
		free(folded);
		return -1;
	}
	sqlite3_bind_int64(st, 1, rowid);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		st = db_stmt(ed, "INSERT INTO dossier_search (rowid, folded)"
		    " VALUES (?1, ?2)", err);
		if (st == NULL) {
			free(folded);
			return -1;
		}
		sqlite3_bind_int64(st, 1, rowid);
		sqlite3_bind_text(st, 2, folded, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	free(folded);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}
