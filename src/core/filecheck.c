/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * integrity_check reads every page and every index entry: at 100,000
 * dossiers as long as the verification of the contents beside it.  On a
 * connection of its own, in a thread, the two take the time of the longer
 * (two cores) instead of their sum.  The connection reads the same
 * committed state: the caller's transaction has written nothing yet.
 */
#include <config.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/filecheck.h"
#include "core/schema.h"
#include "util/i18n.h"
#include "util/strbuf.h"

struct file_check {
	pthread_t thread;
	bool threaded;
	sqlite3 *db;            /* the thread's, or NULL: check on ed */
	int rc;                 /* of the statement */
	char *first;            /* what integrity_check said first */
};

/* PRAGMA integrity_check on db: its first line into c->first. */
static void
integrity(struct file_check *c, sqlite3 *db)
{
	sqlite3_stmt *st;

	c->rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL);
	if (c->rc != SQLITE_OK)
		return;
	c->rc = sqlite3_step(st);
	if (c->rc == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);

		c->first = xstrdup(line != NULL ? line : "");
		c->rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
}

static void *
run(void *arg)
{
	struct file_check *c = arg;

	integrity(c, c->db);
	return NULL;
}

struct file_check *
file_check_start(struct edition *ed)
{
	struct file_check *c = xcalloc(1, sizeof *c);

	if (sqlite3_open_v2(db_path(ed), &c->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOFOLLOW, NULL) == SQLITE_OK) {
		sqlite3_db_config(c->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
		c->threaded = pthread_create(&c->thread, NULL, run, c) == 0;
	}
	if (!c->threaded && c->db != NULL) {
		sqlite3_close(c->db);
		c->db = NULL;
	}
	return c;
}

/*
 * Dangling references, in the tables the digests do not cover: a row of
 * an audited table that refers to nothing could only come from a change
 * outside mudawala (its writes keep foreign_keys on), which the digests
 * name; checking them here too read every score again (1.3 s at 100,000
 * dossiers) to prove nothing more.
 */
static int
references(struct edition *ed, struct mw_error *err)
{
	sqlite3_stmt *tables, *st;
	int rc, ret = 0;

	tables = db_stmt(ed, "SELECT name FROM sqlite_schema WHERE type ="
	    " 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name",
	    err);
	if (tables == NULL)
		return -1;
	while (ret == 0 && (rc = sqlite3_step(tables)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		char *sql;

		if (schema_table(name) != NULL)
			continue;
		sql = sqlite3_mprintf("PRAGMA foreign_key_check(\"%w\")", name);
		rc = sqlite3_prepare_v2(db_handle(ed), sql, -1, &st, NULL);
		sqlite3_free(sql);
		if (rc != SQLITE_OK) {
			ret = db_error(ed, rc, err);
			break;
		}
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			ret = error_set(err, _("%s: table %s refers to a missing "
			    "row (foreign_key_check); the file was changed outside "
			    "mudawala"), db_path(ed), sqlite3_column_text(st, 0));
		else if (rc != SQLITE_DONE)
			ret = db_error(ed, rc, err);
		sqlite3_finalize(st);
	}
	sqlite3_reset(tables);
	return ret;
}

int
file_check_finish(struct edition *ed, struct file_check *c,
    struct mw_error *err)
{
	int ret = 0;

	if (c->threaded)
		pthread_join(c->thread, NULL);
	else
		integrity(c, db_handle(ed));
	if (c->rc != SQLITE_OK)
		ret = db_error(ed, c->rc, err);
	else if (c->first == NULL || strcmp(c->first, "ok") != 0)
		ret = error_set(err, _("%s: the edition file is damaged "
		    "(integrity_check: %s); nothing was changed.  Restore the "
		    "latest copy made with 'mudawala backup' (copy it over this "
		    "file)"), db_path(ed), c->first != NULL ? c->first : "?");
	if (c->db != NULL)
		sqlite3_close(c->db);
	free(c->first);
	free(c);
	return ret != 0 ? ret : references(ed, err);
}
