/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>

#include "core/chain.h"
#include "core/digests.h"
#include "core/db.h"
#include "core/filekind.h"
#include "core/keys.h"
#include "core/schema.h"
#include "text/clean.h"
#include "text/fold.h"
#include "util/i18n.h"
#include "util/strbuf.h"

#define STMT_CACHE 96

struct cached_stmt {
	const char *sql;
	sqlite3_stmt *stmt;
};

/* quick_check on a second connection, in a thread of its own, so that
 * opening does not read the whole file first (DB_INTERACTIVE). */
struct background_check {
	pthread_t thread;
	sqlite3 *db;
	bool pending;           /* DB_INTERACTIVE: to start (db_check_start) */
	bool running;           /* the thread was started, not yet joined */
	atomic_bool done;       /* the thread has set result and error */
	atomic_bool cancel;     /* stop: the session ends before the check */
	int result;             /* 0 sound, -1 damaged or unreadable */
	struct mw_error error;
};

struct edition {
	sqlite3 *db;
	bool checked_whole;     /* quick_check passed in this session */
	int data_version;       /* PRAGMA data_version last seen; 0: never */
	bool read_only;         /* opened DB_READ: nothing is written */
	struct background_check check;
	char *path;             /* as the user named it */
	char *tmp_path;         /* db_create(): the file being built */
	long pending;           /* rows journalled in temp.pending, not yet
	                         * folded into the digests by db_commit() */
	bool journal;           /* temp.pending and its triggers are made */
	struct digests *digests;        /* the running digest of each table */
	bool writing;           /* between db_begin() and the commit */
	uint8_t state[CHAIN_HASH_BYTES];        /* what mudawala_state() says */
	/* The audit row db_commit() is committing. */
	sqlite3_int64 committing_seq;
	uint8_t committing_head[CHAIN_HASH_BYTES];
	/* Who signs what this connection commits (db_set_signer()). */
	char *signer;
	struct secret_key *signer_key;  /* a copy, in sodium_malloc memory */
	/* What db_begin() read before the transaction changed anything. */
	struct {
		bool chair_keyed;       /* the chair had a registered key */
		bool signed_rows;       /* the log held a signed row */
		char key[64];           /* the signer's registered key, or "" */
		char role[16];          /* the signer's role, or "" */
	} before;
	int schema_checked;     /* PRAGMA schema_version found sound, or -1 */
	atomic_int *progress;   /* db_progress_on(), or NULL */
	bool jurors_touched;    /* this transaction changed the commission */
	bool adopt_keys;        /* migrate: record the registry as it is */
	struct cached_stmt cache[STMT_CACHE];
	size_t ncache;
};

sqlite3 *
db_handle(struct edition *ed)
{
	return ed->db;
}

const char *
db_path(const struct edition *ed)
{
	return ed->path;
}

static int
error_for(const char *path, sqlite3 *db, int rc, struct mw_error *err)
{
	const char *what = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc);

	switch (rc & 0xFF) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return error_set(err, _("%s: the edition file is busy (another "
		    "program is writing to it); try again"), path);
	case SQLITE_FULL:
		return error_set(err, _("%s: the disk is full; nothing was "
		    "changed"), path);
	case SQLITE_READONLY:
		return error_set(err, _("%s: the edition file is read-only; "
		    "nothing was changed"), path);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return error_set(err, _("%s: the edition file is damaged (%s); "
		    "nothing was changed.  Restore the latest copy made with "
		    "'mudawala backup' (copy it over this file)"), path, what);
	case SQLITE_NOMEM:
		return error_set(err, _("%s: out of memory"), path);
	case SQLITE_IOERR:
		return error_set(err, _("%s: input/output error (%s); nothing "
		    "was changed"), path, what);
	default:
		return error_set(err, "%s: %s", path, what);
	}
}

int
db_error(struct edition *ed, int rc, struct mw_error *err)
{
	return error_for(ed != NULL ? ed->path : "?",
	    ed != NULL ? ed->db : NULL, rc, err);
}

int
db_exists(struct edition *ed, const char *sql, const char *key, bool *found,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	*found = rc == SQLITE_ROW;
	return 0;
}

int
db_exec(struct edition *ed, const char *sql, struct mw_error *err)
{
	int rc = sqlite3_exec(ed->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : db_error(ed, rc, err);
}

sqlite3_stmt *
db_stmt(struct edition *ed, const char *sql, struct mw_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	for (i = 0; i < ed->ncache; i++)
		if (ed->cache[i].sql == sql ||
		    strcmp(ed->cache[i].sql, sql) == 0) {
			st = ed->cache[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	rc = sqlite3_prepare_v3(ed->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st, NULL);
	if (rc != SQLITE_OK) {
		db_error(ed, rc, err);
		return NULL;
	}
	if (ed->ncache == STMT_CACHE)
		fatal("statement cache full");
	ed->cache[ed->ncache].sql = sql;
	ed->cache[ed->ncache].stmt = st;
	ed->ncache++;
	return st;
}

char *
db_column_dup(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	return xstrdup(s != NULL ? s : "");
}

char *
db_column_dup_or_null(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	return s != NULL ? xstrdup(s) : NULL;
}

void
db_now(char buf[32])
{
	const char *fixed = getenv("MUDAWALA_NOW");
	time_t t = time(NULL);
	struct tm tm;

	if (fixed != NULL && *fixed != '\0') {
		snprintf(buf, 32, "%.31s", fixed);
		return;
	}
	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
db_time_for_people(const char *iso, char *out, size_t size)
{
	struct tm tm = { 0 };
	time_t t;

	/* Stored in UTC (ISO 8601); a person reads the local time, in
	 * digits that read the same in every language. */
	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
		snprintf(out, size, "%s", iso);
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(out, size, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(out, size, "%s", iso);
}

/* A change without an audit row never reaches the file: every row change
 * of an audited table journals a row in temp.pending (by trigger), and
 * only db_commit() empties it, together with the audit row. */
static int
commit_hook(void *arg)
{
	struct edition *ed = arg;

	return ed->pending != 0 ? 1 : 0;
}

static void
rollback_hook(void *arg)
{
	struct edition *ed = arg;

	ed->pending = 0;
	/* Rows folded in memory by the transaction are gone with it (read
	 * back from the log at the next write). */
	if (ed->digests != NULL)
		digests_forget(ed->digests);
}

static void
update_hook(void *arg, int op, const char *dbname, const char *table,
    sqlite3_int64 rowid)
{
	struct edition *ed = arg;

	if (op == SQLITE_INSERT && strcmp(table, "pending") == 0 &&
	    strcmp(dbname, "temp") == 0)
		ed->pending++;
}

/*
 * mudawala_journaled(): what the triggers of the file call for every row
 * change of an audited table.  Only a connection of this program that
 * journals its changes (temp.pending) has it, so that any other program
 * -- the sqlite3 shell -- cannot change the edition's data without first
 * dropping the triggers, which mudawala then finds (db_schema_check()).
 */
static void
sql_journaled(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct edition *ed = sqlite3_user_data(ctx);

	(void)argc;
	(void)argv;
	if (!ed->journal)
		sqlite3_result_error(ctx, "changes to the edition are journalled "
		    "by mudawala only", -1);
	else
		sqlite3_result_null(ctx);
}

/* mudawala_state(): the state the next audit row must record (the audit
 * row's trigger compares); NULL while changes are not yet folded. */
static void
sql_state(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct edition *ed = sqlite3_user_data(ctx);

	(void)argc;
	(void)argv;
	if (ed->pending != 0 || !ed->writing)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_blob(ctx, ed->state, sizeof ed->state,
		    SQLITE_TRANSIENT);
}

/* The text argument of a one-argument SQL function, or NULL with the
 * result set (NULL for NULL, an error when memory ran out). */
static const char *
text_arg(sqlite3_context *ctx, sqlite3_value **argv)
{
	const unsigned char *s = sqlite3_value_text(argv[0]);

	if (s == NULL) {
		if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
			sqlite3_result_null(ctx);
		else
			sqlite3_result_error_nomem(ctx);
	}
	return (const char *)s;
}

/* mudawala_fold(TEXT): text_fold() for SQL, so that the search index is
 * filled by one statement (search.c).  Direct only: no trigger or view
 * of a file can call it. */
static void
sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = text_arg(ctx, argv);

	(void)argc;
	if (s != NULL)
		sqlite3_result_text(ctx, text_fold(s), -1, free);
}

/* mudawala_name_key(TEXT): text_name_key() for SQL, so that an import
 * matches administrations in one statement.  Direct only. */
static void
sql_name_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = text_arg(ctx, argv);

	(void)argc;
	if (s != NULL)
		sqlite3_result_text(ctx, text_name_key(s), -1, free);
}

/* mudawala_clean(TEXT): text_clean() for SQL (NFC, controls made
 * harmless), as 'score --comment' cleans, so that a sheet's comments
 * come in the same; NULL when the text is not UTF-8.  Direct only. */
static void
sql_clean(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = text_arg(ctx, argv);
	char *clean = NULL;
	size_t bad;

	(void)argc;
	if (s == NULL)
		return;
	if (!text_clean(s, (size_t)sqlite3_value_bytes(argv[0]), &clean, &bad)) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx, clean, -1, free);
}

static int
configure(struct edition *ed, enum db_mode mode, struct mw_error *err)
{
	sqlite3 *db = ed->db;
	int rc;

	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, 5000);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	rc = chain_register(db);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "mudawala_fold", 1, SQLITE_UTF8 |
		    SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL, sql_fold, NULL,
		    NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "mudawala_name_key", 1,
		    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
		    sql_name_key, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "mudawala_clean", 1, SQLITE_UTF8 |
		    SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL, sql_clean,
		    NULL, NULL);
	/* Called by the file's triggers (trusted_schema is off): innocuous,
	 * they change nothing. */
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "mudawala_journaled", 0,
		    SQLITE_UTF8 | SQLITE_INNOCUOUS, ed, sql_journaled, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "mudawala_state", 0,
		    SQLITE_UTF8 | SQLITE_INNOCUOUS, ed, sql_state, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_error(ed, rc, err);
	sqlite3_commit_hook(db, commit_hook, ed);
	sqlite3_rollback_hook(db, rollback_hook, ed);
	sqlite3_update_hook(db, update_hook, ed);
	/* cell_size_check: a damaged page is found as it is read, before
	 * anything is written beside it (see db_open()). */
	if (db_exec(ed, "PRAGMA foreign_keys = ON;"
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA cell_size_check = ON;", err) != 0)
		return -1;
	if (mode != DB_READ &&
	    db_exec(ed, "PRAGMA journal_mode = WAL;", err) != 0)
		return -1;
	return 0;
}

static int pragma_int(struct edition *ed, const char *sql, int *out,
    struct mw_error *err);

int
db_changed_elsewhere(struct edition *ed, bool *changed, struct mw_error *err)
{
	int v;

	*changed = false;
	if (pragma_int(ed, "PRAGMA data_version", &v, err) != 0)
		return -1;
	*changed = ed->data_version != 0 && v != ed->data_version;
	ed->data_version = v;
	return 0;
}

static int
pragma_int(struct edition *ed, const char *sql, int *out,
    struct mw_error *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(ed->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return db_error(ed, rc, err);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_error(ed, rc, err);
	}
	*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* The schema_migrations index that makes format 11, whose journal is
 * kept per connection (temp.pending) and whose digests are in the log. */
#define MIGRATION_TEMP_JOURNAL 10

/* Up to format 10: the triggers that journal each row change of the
 * audited table t into the file's own pending table. */
static void
journal_triggers_of(struct strbuf *sql, const struct audited_table *t)
{
	struct strbuf oldv = STRBUF_INIT, newv = STRBUF_INIT;

	schema_row_expr_before_11(&oldv, t, "OLD.");
	schema_row_expr_before_11(&newv, t, "NEW.");
	strbuf_addf(sql,
	    "CREATE TRIGGER %s_journal_insert AFTER INSERT ON %s BEGIN "
	    "INSERT INTO pending (tbl, sign, row) VALUES ('%s', 1, %s); "
	    "END;", t->name, t->name, t->name, strbuf_str(&newv));
	strbuf_addf(sql,
	    "CREATE TRIGGER %s_journal_delete AFTER DELETE ON %s BEGIN "
	    "INSERT INTO pending (tbl, sign, row) VALUES ('%s', -1, %s); "
	    "END;", t->name, t->name, t->name, strbuf_str(&oldv));
	strbuf_addf(sql,
	    "CREATE TRIGGER %s_journal_update AFTER UPDATE ON %s BEGIN "
	    "INSERT INTO pending (tbl, sign, row) VALUES ('%s', -1, %s), "
	    "('%s', 1, %s); END;", t->name, t->name, t->name,
	    strbuf_str(&oldv), t->name, strbuf_str(&newv));
	strbuf_free(&oldv);
	strbuf_free(&newv);
}

/* From format 11: the file's triggers of the audited table t only make
 * sure that the connection journals (mudawala_journaled()). */
static void
guard_triggers_of(struct strbuf *sql, const struct audited_table *t)
{
	static const char *const ops[] = { "insert", "update", "delete" };
	size_t i;

	for (i = 0; i < 3; i++)
		strbuf_addf(sql, "CREATE TRIGGER %s_journal_%s AFTER %s ON %s "
		    "BEGIN SELECT mudawala_journaled(); END;", t->name, ops[i],
		    i == 0 ? "INSERT" : i == 1 ? "UPDATE" : "DELETE", t->name);
}

/* The journal triggers of the audited tables that migration v creates
 * (with their digest) or makes again (keeping it), on a file that began
 * at format `from`; format 11 makes the journal triggers of every table
 * the guards of the connection's own. */
static void
journal_triggers(struct strbuf *sql, int from, int v)
{
	bool in_file = v < MIGRATION_TEMP_JOURNAL;
	size_t i;

	/* A new file goes to format 11 in the same transaction: the file's
	 * journal of the formats before, which it drops, is not made. */
	if (in_file && from == 0)
		return;
	for (i = 0; i < schema_naudited; i++) {
		const struct audited_table *t = &schema_audited[i];

		if (v == MIGRATION_TEMP_JOURNAL && t->since < v) {
			if (from > 0)
				strbuf_addf(sql, "DROP TRIGGER %s_journal_insert;"
				    "DROP TRIGGER %s_journal_update;"
				    "DROP TRIGGER %s_journal_delete;", t->name,
				    t->name, t->name);
			guard_triggers_of(sql, t);
		}
		if (t->since != v)
			continue;
		if (in_file) {
			strbuf_addf(sql, "INSERT INTO digest VALUES ('%s',"
			    " zeroblob(32));", t->name);
			journal_triggers_of(sql, t);
		} else
			guard_triggers_of(sql, t);
	}
	for (i = 0; i < schema_nrebuilt; i++)
		if (schema_rebuilt[i].in == v) {
			const struct audited_table *t =
			    schema_table(schema_rebuilt[i].name);

			if (in_file)
				journal_triggers_of(sql, t);
			else
				guard_triggers_of(sql, t);
		}
}

static int journal_install(struct edition *ed, struct mw_error *err);

int
db_journal(struct edition *ed, struct mw_error *err)
{
	return journal_install(ed, err);
}

/*
 * The connection's journal: every row change of an audited table, as
 * text, until the commit folds it into the digests.  In the temporary
 * database, so that it costs the edition's file no page; its triggers
 * are part of each statement, so a statement that fails takes its rows
 * out of the journal with it.  Made once per connection, before its
 * first write.
 */
static int
journal_install(struct edition *ed, struct mw_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	size_t i;
	int rc;

	/* Whatever dropped the temporary database (PRAGMA temp_store does)
	 * dropped the journal: it is looked for before every write. */
	if (ed->journal) {
		sqlite3_stmt *st = db_stmt(ed, "SELECT count(*) FROM"
		    " temp.sqlite_schema WHERE name = 'pending' OR"
		    " (type = 'trigger' AND name GLOB '*_pending_*')", err);

		if (st == NULL)
			return -1;
		rc = sqlite3_step(st);
		ed->journal = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) ==
		    (sqlite3_int64)(1 + 3 * schema_naudited);
		sqlite3_reset(st);
		if (ed->journal)
			return 0;
		if (rc != SQLITE_ROW)
			return db_error(ed, rc, err);
	}
	/* Made whole again, whatever part of it is left. */
	strbuf_adds(&sql, "DROP TABLE IF EXISTS temp.pending;");
	for (i = 0; i < schema_naudited; i++)
		strbuf_addf(&sql, "DROP TRIGGER IF EXISTS temp.%s_pending_insert;"
		    "DROP TRIGGER IF EXISTS temp.%s_pending_update;"
		    "DROP TRIGGER IF EXISTS temp.%s_pending_delete;",
		    schema_audited[i].name, schema_audited[i].name,
		    schema_audited[i].name);
	strbuf_adds(&sql, "CREATE TEMP TABLE pending ("
	    " seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL,"
	    " sign INTEGER NOT NULL, row TEXT NOT NULL);");
	for (i = 0; i < schema_naudited; i++) {
		const struct audited_table *t = &schema_audited[i];
		struct strbuf oldv = STRBUF_INIT, newv = STRBUF_INIT;

		schema_row_expr(&oldv, t, "OLD.");
		schema_row_expr(&newv, t, "NEW.");
		strbuf_addf(&sql,
		    "CREATE TEMP TRIGGER %s_pending_insert AFTER INSERT ON"
		    " main.%s BEGIN INSERT INTO pending (tbl, sign, row)"
		    " VALUES ('%s', 1, %s); END;", t->name, t->name, t->name,
		    strbuf_str(&newv));
		strbuf_addf(&sql,
		    "CREATE TEMP TRIGGER %s_pending_delete AFTER DELETE ON"
		    " main.%s BEGIN INSERT INTO pending (tbl, sign, row)"
		    " VALUES ('%s', -1, %s); END;", t->name, t->name, t->name,
		    strbuf_str(&oldv));
		strbuf_addf(&sql,
		    "CREATE TEMP TRIGGER %s_pending_update AFTER UPDATE ON"
		    " main.%s BEGIN INSERT INTO pending (tbl, sign, row)"
		    " VALUES ('%s', -1, %s), ('%s', 1, %s); END;", t->name,
		    t->name, t->name, strbuf_str(&oldv), t->name,
		    strbuf_str(&newv));
		strbuf_free(&oldv);
		strbuf_free(&newv);
	}
	rc = db_exec(ed, strbuf_str(&sql), err);
	strbuf_free(&sql);
	if (rc == 0)
		ed->journal = true;
	return rc;
}

/* Bring the file from format `from` to DB_FORMAT_VERSION in one
 * transaction. */
static int
migrate(struct edition *ed, int from, struct mw_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	char detail[64];
	int v;

	strbuf_adds(&sql, "BEGIN IMMEDIATE;");
	if (from == 0)
		strbuf_addf(&sql, "PRAGMA application_id = %d;",
		    DB_APPLICATION_ID);
	for (v = from; v < (int)schema_nmigrations; v++) {
		/* The digest table's last word becomes the first row with
		 * the digests of every table, before format 11 drops it. */
		if (v == MIGRATION_TEMP_JOURNAL) {
			if (db_exec(ed, strbuf_str(&sql), err) != 0 ||
			    digests_load(ed->digests, ed->db, ed->path, err) != 0)
				goto fail;
			strbuf_reset(&sql);
		}
		strbuf_adds(&sql, schema_migrations[v]);
		journal_triggers(&sql, from, v);
	}
	strbuf_addf(&sql, "PRAGMA user_version = %d;", DB_FORMAT_VERSION);
	if (db_exec(ed, strbuf_str(&sql), err) != 0)
		goto fail;
	strbuf_free(&sql);
	/* A new file holds no row yet: its journal comes with its first
	 * write (db_begin()). */
	if (from == 0) {
		digests_forget(ed->digests);
		return db_exec(ed, "COMMIT", err);
	}
	if (journal_install(ed, err) != 0)
		goto fail;
	ed->writing = true;
	/* Signatures begin with format 5: the registry of keys as it stands
	 * goes into the chain, where the verifier starts from. */
	memset(&ed->before, 0, sizeof ed->before);
	ed->adopt_keys = from < 5;
	/* The new tables join the digests: the log says when and why. */
	snprintf(detail, sizeof detail, "file format %d -> %d", from,
	    DB_FORMAT_VERSION);
	return db_commit(ed, "mudawala", "migrate", detail, err);
fail:
	sqlite3_exec(ed->db, "ROLLBACK", NULL, NULL, NULL);
	digests_forget(ed->digests);
	strbuf_free(&sql);
	return -1;
}

static atomic_ulong whole_checks;

unsigned long
db_whole_checks(void)
{
	return atomic_load(&whole_checks);
}

/* PRAGMA quick_check on db: 0 if sound, else -1 and the advice. */
static int
quick_check(const char *path, sqlite3 *db, struct mw_error *err)
{
	sqlite3_stmt *st;
	int rc, ok = 0;

	atomic_fetch_add(&whole_checks, 1);
	rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return error_for(path, db, rc, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *line = sqlite3_column_text(st, 0);

		if (line != NULL && strcmp((const char *)line, "ok") == 0)
			ok = 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error_for(path, db, rc, err);
	if (!ok)
		return error_set(err, _("%s: the edition file is damaged "
		    "(quick_check failed); nothing was changed.  Restore the "
		    "latest copy made with 'mudawala backup' (copy it over this "
		    "file)"), path);
	return 0;
}

static void *
check_thread(void *arg)
{
	struct edition *ed = arg;
	struct background_check *c = &ed->check;

	c->result = quick_check(ed->path, c->db, &c->error);
	atomic_store(&c->done, true);
	return NULL;
}

/*
 * Asked between the steps of the check's statement: non-zero stops it.
 * sqlite3_interrupt() alone is lost on a statement not yet started (its
 * start clears the flag), so that quitting in the first milliseconds
 * waited for the whole check (half a second at 100,000 dossiers).  The
 * check itself is one long step, which sqlite3_interrupt() does stop
 * once it runs; this handler, asked at every step, catches a cancel that
 * came before.
 */
static int
check_cancelled(void *arg)
{
	return atomic_load((atomic_bool *)arg) ? 1 : 0;
}

void
db_stop_on(struct edition *ed, atomic_bool *flag)
{
	/* Asked every thousand operations: a stop is seen within
	 * microseconds, at no measurable cost. */
	sqlite3_progress_handler(ed->db, 1000, check_cancelled, flag);
}

void
db_progress_on(struct edition *ed, atomic_int *permille)
{
	ed->progress = permille;
	atomic_store(permille, -1);
}

bool
db_progress_wanted(const struct edition *ed)
{
	return ed->progress != NULL;
}

void
db_progress(struct edition *ed, long long done, long long total)
{
	if (ed->progress == NULL || total <= 0)
		return;
	atomic_store(ed->progress, (int)(1000 * (done < total ? done : total) /
	    total));
}

int
db_state(struct edition *ed, long long *seq, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT max(seq) FROM audit", err);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	*seq = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_error(ed, rc, err);
}

void
db_interrupt(struct edition *ed)
{
	sqlite3_interrupt(ed->db);
}

/* Start quick_check on a connection of its own; db_check_wait() and
 * db_begin() wait for it. */
static int
check_start(struct edition *ed, struct mw_error *err)
{
	struct background_check *c = &ed->check;
	int rc;

	rc = sqlite3_open_v2(ed->path, &c->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_db_config(c->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
		/* The check reads each page about once: a small cache keeps
		 * the memory of a large edition's session as a small one's. */
		rc = sqlite3_exec(c->db, "PRAGMA cache_size = -128", NULL, NULL,
		    NULL);
		atomic_store(&c->cancel, false);
		sqlite3_progress_handler(c->db, 1, check_cancelled,
		    &c->cancel);
	}
	if (rc != SQLITE_OK || pthread_create(&c->thread, NULL, check_thread,
	    ed) != 0) {
		/* No thread: check here, as without DB_INTERACTIVE. */
		if (c->db != NULL)
			sqlite3_close(c->db);
		c->db = NULL;
		return quick_check(ed->path, ed->db, err);
	}
	c->running = true;
	return 0;
}

/*
 * SQLite says in its log when it recovers a WAL or rolls back a journal
 * that a program left behind (killed, or the machine stopped): the only
 * case where opening checks the whole file.  Counted per thread, since
 * the log is the library's and each thread opens its own editions.
 */
static _Thread_local unsigned long recoveries;
static bool recoveries_heard;   /* the log callback is installed */

static void
sqlite_log(void *arg, int code, const char *msg)
{
	(void)arg;
	(void)msg;
	if (code == SQLITE_NOTICE_RECOVER_WAL ||
	    code == SQLITE_NOTICE_RECOVER_ROLLBACK)
		recoveries++;
}

static void
library_init(void)
{
	/* Only before SQLite initializes itself; if something else started
	 * it first, opening cannot tell a clean file from a recovered one
	 * and checks every time (the safe side). */
	recoveries_heard = sqlite3_config(SQLITE_CONFIG_LOG, sqlite_log,
	    NULL) == SQLITE_OK;
	sqlite3_initialize();
}

static void
library_once(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, library_init);
}

/* recovered: the count of recoveries before the file was opened. */
static int
check_and_migrate(struct edition *ed, enum db_mode mode,
    unsigned long recovered, struct mw_error *err)
{
	int app = 0, version = 0;
	bool unclean;

	if (pragma_int(ed, "PRAGMA application_id", &app, err) != 0 ||
	    pragma_int(ed, "PRAGMA user_version", &version, err) != 0)
		return -1;
	/* Those read the header in a read transaction: any recovery is done
	 * by now. */
	unclean = !recoveries_heard || recoveries != recovered;
	if (app != DB_APPLICATION_ID)
		return error_set(err, _("%s: not a mudawala edition file"),
		    ed->path);
	if (version > DB_FORMAT_VERSION)
		return error_set(err, _("%s: written by a newer mudawala (file "
		    "format %d; this program reads up to %d); upgrade mudawala"),
		    ed->path, version, DB_FORMAT_VERSION);
	/* A file left by a crash is checked before anything else reads or
	 * writes it (a migration included). */
	if (unclean && mode != DB_INTERACTIVE &&
	    db_check_whole(ed, err) != 0)
		return -1;
	/* Reading needs no upgrade from DB_READABLE_FROM on: the formats
	 * since differ in derived data only (a locked edition, which can no
	 * longer change, stays readable as it is). */
	if (version < DB_FORMAT_VERSION && !(mode == DB_READ &&
	    version >= DB_READABLE_FROM)) {
		if (mode == DB_READ)
			return error_set(err, _("%s: file format %d is older than "
			    "this program's (%d); open it for writing once to "
			    "upgrade it"), ed->path, version, DB_FORMAT_VERSION);
		if (db_check_whole(ed, err) != 0 || migrate(ed, version, err) != 0)
			return -1;
	}
	if (unclean && mode == DB_INTERACTIVE && !ed->checked_whole)
		ed->check.pending = true;
	return 0;
}

static struct edition *
edition_new(const char *path)
{
	struct edition *ed = xcalloc(1, sizeof *ed);

	ed->path = xstrdup(path);
	ed->schema_checked = -1;
	ed->digests = digests_new();
	return ed;
}

/* The schema of db, one "type name table sql" line per object in
 * (type, name) order, SQLite's own objects left out (caller frees). */
static char *
schema_lines(sqlite3 *db, int *rc)
{
	sqlite3_stmt *st;
	struct strbuf sb = STRBUF_INIT;

	*rc = sqlite3_prepare_v2(db, "SELECT type || ' ' || name || ' ' ||"
	    " tbl_name || ' ' || coalesce(sql, '') FROM main.sqlite_schema"
	    " WHERE name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY type, name",
	    -1, &st, NULL);
	if (*rc != SQLITE_OK)
		return NULL;
	while ((*rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);

		if (line == NULL) {
			*rc = SQLITE_NOMEM;
			break;
		}
		/* One object a line: newlines in its SQL are spaces here. */
		for (const char *p = line; *p != '\0'; p++)
			strbuf_addc(&sb, *p == '\n' ? ' ' : *p);
		strbuf_addc(&sb, '\n');
	}
	sqlite3_finalize(st);
	if (*rc != SQLITE_DONE) {
		strbuf_free(&sb);
		return NULL;
	}
	*rc = SQLITE_OK;
	return strbuf_detach(&sb);
}

/* The schema this program creates, built once in memory from the
 * migrations (never freed: one per process). */
static const char *
expected_schema(struct mw_error *err)
{
	static char *lines;
	struct edition *mem;
	int rc;

	if (lines != NULL)
		return lines;
	mem = edition_new(":memory:");
	rc = sqlite3_open_v2(":memory:", &mem->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK || configure(mem, DB_READ, err) != 0 ||
	    migrate(mem, 0, err) != 0) {
		if (rc != SQLITE_OK)
			db_error(mem, rc, err);
		db_close(mem);
		return NULL;
	}
	lines = schema_lines(mem->db, &rc);
	if (lines == NULL)
		db_error(mem, rc, err);
	db_close(mem);
	return lines;
}

/* The name ("type name") of a schema line, into out. */
static void
object_name(const char *line, char *out, size_t size)
{
	const char *sp = strchr(line, ' ');
	size_t n = sp != NULL ? strcspn(sp + 1, " ") + (size_t)(sp - line) + 1 :
	    strcspn(line, "\n");

	snprintf(out, size, "%.*s", (int)n, line);
}

/* Append to bad the objects whose lines differ between the two sorted
 * schemas, each named with what happened to it. */
static unsigned
schema_diff(const char *want, const char *have, struct strbuf *bad)
{
	unsigned n = 0;

	while (*want != '\0' || *have != '\0') {
		size_t wl = strcspn(want, "\n"), hl = strcspn(have, "\n");
		char wn[300] = "", hn[300] = "";
		int c;

		if (*want != '\0')
			object_name(want, wn, sizeof wn);
		if (*have != '\0')
			object_name(have, hn, sizeof hn);
		c = *want == '\0' ? 1 : *have == '\0' ? -1 : strcmp(wn, hn);
		if (c == 0 && (wl != hl || memcmp(want, have, wl) != 0))
			strbuf_addf(bad, _("%s%s is altered"), n++ ? "; " : "", wn);
		else if (c < 0)
			strbuf_addf(bad, _("%s%s is missing"), n++ ? "; " : "", wn);
		else if (c > 0)
			strbuf_addf(bad, _("%s%s is unknown to mudawala"),
			    n++ ? "; " : "", hn);
		if (c <= 0)
			want += wl + (want[wl] == '\n');
		if (c >= 0)
			have += hl + (have[hl] == '\n');
	}
	return n;
}

int
db_schema_check(struct edition *ed, struct mw_error *err)
{
	struct strbuf bad = STRBUF_INIT;
	const char *want = expected_schema(err);
	char *have;
	unsigned n;
	int rc;

	if (want == NULL)
		return -1;
	have = schema_lines(ed->db, &rc);
	if (have == NULL)
		return db_error(ed, rc, err);
	n = schema_diff(want, have, &bad);
	free(have);
	if (n > 0)
		error_set(err, _("%s: the schema of the file was changed outside "
		    "mudawala (%s): its triggers no longer guard it, and "
		    "mudawala writes nothing to it"), ed->path, strbuf_str(&bad));
	strbuf_free(&bad);
	return n > 0 ? -1 : 0;
}

/* Before a write: the schema is what this program made, checked again
 * whenever anything changed it (PRAGMA schema_version). */
static int
schema_guard(struct edition *ed, struct mw_error *err)
{
	int version = -1;

	if (pragma_int(ed, "PRAGMA schema_version", &version, err) != 0)
		return -1;
	if (version == ed->schema_checked)
		return 0;
	if (db_schema_check(ed, err) != 0)
		return -1;
	ed->schema_checked = version;
	return 0;
}

/*
 * Before SQLite sees it: a file that is not an SQLite database is not an
 * edition, said with what it is; an empty one is refused untouched
 * (SQLite would make it a database on the first write).
 */
static int
is_edition_file(const char *path, struct mw_error *err)
{
	static const char magic[16] = "SQLite format 3";
	char head[16], kind[160];
	struct stat st;
	FILE *f;
	size_t n;

	if (stat(path, &st) != 0)
		return error_set(err, _("%s: %s"), path, error_text(errno));
	if (!S_ISREG(st.st_mode))
		return error_set(err, _("%s: not a mudawala edition (not a "
		    "regular file)"), path);
	if (st.st_size == 0)
		return error_set(err, _("%s: an empty file, not a mudawala "
		    "edition; it was left as it is"), path);
	f = fopen(path, "rb");
	if (f == NULL)
		return error_set(err, _("%s: %s"), path, error_text(errno));
	n = fread(head, 1, sizeof head, f);
	fclose(f);
	if (n == sizeof head && memcmp(head, magic, sizeof head) == 0)
		return 0;
	file_describe(path, kind, sizeof kind);
	if (kind[0] != '\0')
		return error_set(err, _("%s: not a mudawala edition (it is: %s)"),
		    path, kind);
	return error_set(err, _("%s: not a mudawala edition"), path);
}

bool
db_writable(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	bool ok;

	/* The file, and its folder for the journals SQLite writes beside. */
	if (slash != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	ok = access(path, W_OK) == 0 &&
	    access(slash != NULL ? dir : ".", W_OK) == 0;
	free(dir);
	return ok;
}

/*
 * A read-only session leaves SQLite's shared-memory file with the mode
 * the edition had then: after the file is made writable again, that
 * stale -shm would keep every write out.  Ours, it takes the edition's
 * mode back.
 */
static void
writable_journals(const char *path)
{
	struct strbuf p = STRBUF_INIT;
	struct stat db, shm;

	strbuf_addf(&p, "%s-shm", path);
	if (stat(path, &db) == 0 && stat(p.buf, &shm) == 0 &&
	    shm.st_uid == getuid() && (shm.st_mode & S_IWUSR) == 0)
		/* If this fails, SQLite says why it cannot write. */
		(void)chmod(p.buf, db.st_mode & 0666);
	strbuf_free(&p);
}

int
db_open(const char *path, enum db_mode mode, struct edition **out,
    struct mw_error *err)
{
	struct edition *ed;
	int flags = mode != DB_READ ? SQLITE_OPEN_READWRITE :
	    SQLITE_OPEN_READONLY;
	unsigned long before;
	int rc;

	*out = NULL;
	if (access(path, F_OK) != 0)
		return error_set(err, _("%s: no such edition file (try the demo "
		    "with: mudawala --demo; create one with: mudawala init)"),
		    path);
	if (is_edition_file(path, err) != 0)
		return -1;
	if (mode != DB_READ && !db_writable(path))
		return error_set(err, _("%s: the edition file cannot be written "
		    "(its permissions or its folder's): nothing was changed"),
		    path);
	if (mode != DB_READ)
		writable_journals(path);
	library_once();
	ed = edition_new(path);
	ed->read_only = mode == DB_READ;
	before = recoveries;
	rc = sqlite3_open_v2(path, &ed->db, flags | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		db_error(ed, rc, err);
		db_close(ed);
		return -1;
	}
	if (configure(ed, mode, err) != 0 ||
	    check_and_migrate(ed, mode, before, err) != 0) {
		db_close(ed);
		return -1;
	}
	*out = ed;
	return 0;
}

int
db_create(const char *path, struct edition **out, struct mw_error *err)
{
	struct edition *ed;
	char tmp[4096];
	int rc, n;

	*out = NULL;
	library_once();
	if (access(path, F_OK) == 0)
		return error_set(err, _("%s: the file already exists; choose "
		    "another name or remove it first"), path);
	n = snprintf(tmp, sizeof tmp, "%s.new-%ld", path, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof tmp)
		return error_set(err, _("%s: file name too long"), path);
	unlink(tmp);
	ed = edition_new(path);
	ed->tmp_path = xstrdup(tmp);
	rc = sqlite3_open_v2(tmp, &ed->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE, NULL);
	/* An edition is private (SQLite gives its journals the same mode);
	 * the file exists from the open on. */
	if (rc == SQLITE_OK && chmod(tmp, 0600) != 0)
		rc = SQLITE_CANTOPEN;
	if (rc != SQLITE_OK) {
		error_set(err, _("%s: cannot create the file (%s)"), path,
		    sqlite3_errmsg(ed->db));
		db_close(ed);
		return -1;
	}
	/* A file being built has nothing to protect until it is published: a
	 * failure removes it.  So no journal on disk (the first writer after
	 * publication switches it to WAL). */
	if (configure(ed, DB_WRITE, err) != 0 ||
	    db_exec(ed, "PRAGMA journal_mode = MEMORY", err) != 0 ||
	    migrate(ed, 0, err) != 0) {
		db_close(ed);
		return -1;
	}
	*out = ed;
	return 0;
}

static void
finalize_all(struct edition *ed)
{
	size_t i;

	for (i = 0; i < ed->ncache; i++)
		sqlite3_finalize(ed->cache[i].stmt);
	ed->ncache = 0;
}

static void
remove_with_companions(const char *path)
{
	char buf[4200];

	unlink(path);
	snprintf(buf, sizeof buf, "%s-wal", path);
	unlink(buf);
	snprintf(buf, sizeof buf, "%s-shm", path);
	unlink(buf);
	snprintf(buf, sizeof buf, "%s-journal", path);
	unlink(buf);
}

int
db_publish(struct edition *ed, struct mw_error *err)
{
	int rc, ret = 0;

	finalize_all(ed);
	/* Closing checkpoints the WAL into the main file and removes it. */
	rc = sqlite3_close(ed->db);
	ed->db = NULL;
	if (rc != SQLITE_OK)
		ret = error_set(err, _("%s: cannot finish the file"), ed->path);
	else if (link(ed->tmp_path, ed->path) != 0)
		/* link() rather than rename(): never replaces an existing file. */
		ret = error_set(err, _("%s: cannot create the file (%s)"),
		    ed->path, error_text(errno));
	db_close(ed);
	return ret;
}

void
db_close(struct edition *ed)
{
	if (ed == NULL)
		return;
	if (ed->check.running) {
		/* Leaving before the check ends: stop it, it has no use. */
		atomic_store(&ed->check.cancel, true);
		sqlite3_interrupt(ed->check.db);
		pthread_join(ed->check.thread, NULL);
	}
	if (ed->check.db != NULL)
		sqlite3_close(ed->check.db);
	finalize_all(ed);
	if (ed->db != NULL)
		sqlite3_close(ed->db);
	if (ed->tmp_path != NULL) {
		remove_with_companions(ed->tmp_path);
		free(ed->tmp_path);
	}
	db_set_signer(ed, NULL, NULL);
	digests_free(ed->digests);
	free(ed->path);
	free(ed);
}

int
db_check_start(struct edition *ed, struct mw_error *err)
{
	int rc;

	if (!ed->check.pending)
		return 0;
	ed->check.pending = false;
	/* The thread writes the result itself, possibly before
	 * check_start() returns: only a check run here sets it here. */
	rc = check_start(ed, &ed->check.error);
	if (!ed->check.running) {
		ed->check.result = rc;
		ed->checked_whole = rc == 0;
	}
	if (rc != 0 && err != NULL)
		*err = ed->check.error;
	return rc;
}

int
db_check_wait(struct edition *ed, struct mw_error *err)
{
	struct background_check *c = &ed->check;

	/* Never started: check here. */
	if (c->pending) {
		c->pending = false;
		c->result = quick_check(ed->path, ed->db, &c->error);
		ed->checked_whole = c->result == 0;
	}
	if (c->running) {
		pthread_join(c->thread, NULL);
		c->running = false;
		sqlite3_close(c->db);
		c->db = NULL;
		ed->checked_whole = c->result == 0;
	}
	if (c->result != 0 && err != NULL)
		*err = c->error;
	return c->result;
}

int
db_check_whole(struct edition *ed, struct mw_error *err)
{
	/* An opening check under way or pending is that check. */
	if (ed->check.pending || ed->check.running)
		return db_check_wait(ed, err);
	if (ed->checked_whole)
		return 0;
	if (quick_check(ed->path, ed->db, err) != 0)
		return -1;
	ed->checked_whole = true;
	return 0;
}

enum db_check
db_check_poll(struct edition *ed, struct mw_error *err)
{
	if (ed->check.pending ||
	    (ed->check.running && !atomic_load(&ed->check.done)))
		return DB_CHECK_RUNNING;
	return db_check_wait(ed, err) == 0 ? DB_CHECK_SOUND : DB_CHECK_FAILED;
}

static int read_before(struct edition *ed, struct mw_error *err);

/* The digests as of the last audit row: kept from this connection's last
 * commit, read back from the log when another connection wrote since. */
static int
digests_ready(struct edition *ed, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT seq, hash FROM audit"
	    " ORDER BY seq DESC LIMIT 1", err);
	uint8_t head[CHAIN_HASH_BYTES] = { 0 };
	sqlite3_int64 seq = 0;
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == CHAIN_HASH_BYTES)
			memcpy(head, sqlite3_column_blob(st, 1), sizeof head);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	if (digests_at(ed->digests, seq, head))
		return 0;
	return digests_load(ed->digests, ed->db, ed->path, err);
}

int
db_digests(struct edition *ed, struct mw_error *err)
{
	/* A transaction's own folded rows count; otherwise the log's. */
	if (ed->writing)
		return 0;
	return digests_load(ed->digests, ed->db, ed->path, err);
}

const uint8_t *
db_digest_of(struct edition *ed, size_t t)
{
	return digests_of(ed->digests, t);
}

int
db_begin(struct edition *ed, struct mw_error *err)
{
	if (ed->read_only)
		return error_set(err, _("%s: the edition is open read-only: "
		    "nothing was changed"), ed->path);
	/* Nothing is written to a file not yet known to be sound. */
	if (db_check_wait(ed, err) != 0)
		return -1;
	/* The journal outside the transaction: a rollback keeps it. */
	if (journal_install(ed, err) != 0 ||
	    db_exec(ed, "BEGIN IMMEDIATE", err) != 0)
		return -1;
	if (schema_guard(ed, err) != 0) {
		db_rollback(ed);
		return -1;
	}
	if (digests_ready(ed, err) != 0 ||
	    read_before(ed, err) != 0) {
		db_rollback(ed);
		return -1;
	}
	ed->writing = true;
	return 0;
}

/* Fold the rows st yields (table, sign, row text) into the digests. */
static int
fold_into_digests(struct edition *ed, sqlite3_stmt *st, struct mw_error *err)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *tbl = (const char *)sqlite3_column_text(st, 0);
		const char *row = (const char *)sqlite3_column_text(st, 2);
		uint8_t h[CHAIN_HASH_BYTES];
		int t;

		if (tbl == NULL || row == NULL) {       /* out of memory */
			rc = SQLITE_NOMEM;
			break;
		}
		t = schema_index(tbl);
		if (t < 0)
			continue;
		if (strcmp(tbl, "juror") == 0)
			ed->jurors_touched = true;
		chain_content_hash(h, tbl, row, (size_t)sqlite3_column_bytes(st, 2));
		digests_fold(ed->digests, (size_t)t, h, sqlite3_column_int(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

static int
fold_pending(struct edition *ed, struct mw_error *err)
{
	sqlite3_stmt *st;

	if (ed->pending == 0)
		return 0;
	st = db_stmt(ed, "SELECT tbl, sign, row FROM temp.pending ORDER BY seq",
	    err);
	if (st == NULL || fold_into_digests(ed, st, err) != 0 ||
	    db_exec(ed, "DELETE FROM temp.pending", err) != 0)
		return -1;
	ed->pending = 0;
	return 0;
}

int
db_fold_rows(struct edition *ed, const char *sql, struct mw_error *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(ed->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return db_error(ed, rc, err);
	rc = fold_into_digests(ed, st, err);
	sqlite3_finalize(st);
	/* Like a journalled row: the commit needs its audit row. */
	if (rc == 0)
		ed->pending++;
	return rc;
}

int
db_fold(struct edition *ed, struct mw_error *err)
{
	return fold_pending(ed, err);
}

void
db_set_signer(struct edition *ed, const char *actor,
    const struct secret_key *key)
{
	free(ed->signer);
	ed->signer = NULL;
	if (ed->signer_key != NULL)
		sodium_free(ed->signer_key);    /* wipes it */
	ed->signer_key = NULL;
	if (actor == NULL || key == NULL)
		return;
	ed->signer = xstrdup(actor);
	ed->signer_key = sodium_malloc(sizeof *ed->signer_key);
	if (ed->signer_key == NULL)
		fatal("out of memory");
	memcpy(ed->signer_key, key, sizeof *key);
}

const char *
db_signer(const struct edition *ed)
{
	return ed->signer;
}

/* Before the transaction changes anything: whether acts must be signed,
 * and what the file registers for the signer. */
static int
read_before(struct edition *ed, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT EXISTS (SELECT 1 FROM juror"
	    " WHERE role = 'chair' AND public_key <> ''), EXISTS (SELECT 1"
	    " FROM audit WHERE signature IS NOT NULL)", err);
	int rc;

	memset(&ed->before, 0, sizeof ed->before);
	ed->jurors_touched = false;
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ed->before.chair_keyed = sqlite3_column_int(st, 0) != 0;
		ed->before.signed_rows = sqlite3_column_int(st, 1) != 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_error(ed, rc, err);
	if (ed->signer == NULL)
		return 0;
	st = db_stmt(ed, "SELECT public_key, role FROM juror WHERE id = ?1", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, ed->signer, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		const char *r = (const char *)sqlite3_column_text(st, 1);

		snprintf(ed->before.key, sizeof ed->before.key, "%s",
		    k != NULL ? k : "");
		snprintf(ed->before.role, sizeof ed->before.role, "%s",
		    r != NULL ? r : "");
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

/* The commission's registry as an audit row records it: one line per
 * member, "id role voting public_key", in id order (caller frees). */
static char *
registry_snapshot(struct edition *ed, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT coalesce(group_concat(line,"
	    " char(10)), '') FROM (SELECT id || ' ' || role || ' ' || voting"
	    " || ' ' || public_key AS line FROM juror ORDER BY id)", err);
	char *out = NULL;
	int rc;

	if (st == NULL)
		return NULL;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		out = db_column_dup_or_null(st, 0);
	sqlite3_reset(st);
	if (out == NULL)
		db_error(ed, rc == SQLITE_ROW ? SQLITE_NOMEM : rc, err);
	return out;
}

/* Whether the transaction made actor the chair with the signer's key. */
static int
registers_chair(struct edition *ed, const char *actor, bool *yes,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT public_key FROM juror"
	    " WHERE id = ?1 AND role = 'chair'", err);
	char line[64];
	int rc;

	*yes = false;
	if (st == NULL)
		return -1;
	key_public_line(ed->signer_key, line);
	sqlite3_bind_text(st, 1, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*yes = strcmp((const char *)sqlite3_column_text(st, 0), line) == 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

/*
 * Whether this commit is signed, and by whom; -1 if it may not be made.
 * Until the chair has a registered key, nothing can be signed and the
 * set-up goes unsigned (the chair's first signed act vouches for it);
 * from then on every act is signed by the member who acts, with the key
 * registered for them before the act, and the first is the chair's.  A
 * migration, which changes no edition data, is the program's own.
 */
static int
must_sign(struct edition *ed, const char *actor, const char *action,
    bool *sign, struct mw_error *err)
{
	char line[64];

	*sign = false;
	if (!ed->before.chair_keyed && !ed->before.signed_rows) {
		/* The set-up goes unsigned, but for a chair who registers
		 * themselves with the key that signs (a juror's pack): then it
		 * is the first signed act. */
		if (ed->signer != NULL && strcmp(ed->signer, actor) == 0 &&
		    ed->jurors_touched) {
			int rc = registers_chair(ed, actor, sign, err);

			if (rc != 0)
				return rc;
		}
		return 0;
	}
	if (strcmp(actor, "mudawala") == 0 && strcmp(action, "migrate") == 0)
		return 0;
	if (ed->signer == NULL || strcmp(ed->signer, actor) != 0)
		return error_set(err, _("%s: every act is signed by the member "
		    "who acts, and the key of '%s' is not unlocked; nothing was "
		    "changed"), ed->path, actor);
	key_public_line(ed->signer_key, line);
	if (ed->before.key[0] == '\0' || strcmp(line, ed->before.key) != 0)
		return error_set(err, _("%s: the key unlocked for '%s' is not the "
		    "one registered for them; nothing was changed"), ed->path,
		    actor);
	if (!ed->before.signed_rows && strcmp(ed->before.role, "chair") != 0)
		return error_set(err, _("%s: the chair signs the first act of "
		    "the commission, which vouches for the set-up; nothing was "
		    "changed"), ed->path);
	if (ed->jurors_touched && strcmp(ed->before.role, "chair") != 0)
		return error_set(err, _("%s: only the chair changes the members "
		    "of the commission, their keys, roles and voting rights; "
		    "nothing was changed"), ed->path);
	*sign = true;
	return 0;
}

static const char sql_chain_tip[] =
	"SELECT coalesce((SELECT max(seq) FROM audit), 0) + 1,"
	"  coalesce((SELECT hash FROM audit ORDER BY seq DESC LIMIT 1),"
	"   zeroblob(32))";

static const char sql_append_audit[] =
	"INSERT INTO audit (seq, at, actor, action, detail, state, prev, hash,"
	" v, keys, signature, digests) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	" 2, ?9, ?10, ?11)";

/* Append the audit row; the transaction is still open. */
static int
append_audit(struct edition *ed, const char *actor, const char *action,
    const char *detail, struct mw_error *err)
{
	uint8_t prev[CHAIN_HASH_BYTES], state[CHAIN_HASH_BYTES];
	uint8_t hash[CHAIN_HASH_BYTES], msg[CHAIN_SIGN_BYTES], sig[64];
	const uint8_t *digests;
	size_t digests_len;
	sqlite3_stmt *st;
	sqlite3_int64 seq;
	char now[32], *keys = NULL;
	bool sign;
	int rc;

	if (fold_pending(ed, err) != 0 ||
	    must_sign(ed, actor, action, &sign, err) != 0)
		return -1;
	if (ed->jurors_touched || ed->adopt_keys) {
		keys = registry_snapshot(ed, err);
		if (keys == NULL)
			return -1;
	}
	st = db_stmt(ed, sql_chain_tip, err);
	if (st == NULL) {
		free(keys);
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW || sqlite3_column_bytes(st, 1) != CHAIN_HASH_BYTES) {
		sqlite3_reset(st);
		free(keys);
		return db_error(ed, rc == SQLITE_ROW ? SQLITE_CORRUPT : rc, err);
	}
	seq = sqlite3_column_int64(st, 0);
	memcpy(prev, sqlite3_column_blob(st, 1), sizeof prev);
	sqlite3_reset(st);
	digests_state(ed->digests, state);
	memcpy(ed->state, state, sizeof state);
	digests = digests_column(ed->digests, &digests_len);
	db_now(now);
	chain_row_hash3(hash, prev, seq, now, actor, action, detail, state, keys,
	    digests, digests_len);
	if (sign) {
		chain_sign_message(msg, hash);
		crypto_sign_detached(sig, NULL, msg, sizeof msg,
		    ed->signer_key->sk);
	}
	st = db_stmt(ed, sql_append_audit, err);
	if (st == NULL) {
		free(keys);
		return -1;
	}
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, detail, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 6, state, sizeof state, SQLITE_STATIC);
	sqlite3_bind_blob(st, 7, prev, sizeof prev, SQLITE_STATIC);
	sqlite3_bind_blob(st, 8, hash, sizeof hash, SQLITE_STATIC);
	if (keys != NULL)
		sqlite3_bind_text(st, 9, keys, -1, SQLITE_STATIC);
	if (sign)
		sqlite3_bind_blob(st, 10, sig, sizeof sig, SQLITE_STATIC);
	sqlite3_bind_blob(st, 11, digests, (int)digests_len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	free(keys);
	if (rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	ed->committing_seq = seq;
	memcpy(ed->committing_head, hash, sizeof hash);
	return 0;
}

int
db_commit(struct edition *ed, const char *actor, const char *action,
    const char *detail, struct mw_error *err)
{
	int rc;

	if (append_audit(ed, actor, action, detail, err) != 0) {
		db_rollback(ed);
		return -1;
	}
	rc = sqlite3_exec(ed->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		db_error(ed, rc, err);
		db_rollback(ed);
		return -1;
	}
	digests_committed(ed->digests, ed->committing_seq, ed->committing_head);
	ed->writing = false;
	ed->jurors_touched = false;
	ed->adopt_keys = false;
	return 0;
}

void
db_rollback(struct edition *ed)
{
	if (!sqlite3_get_autocommit(ed->db))
		sqlite3_exec(ed->db, "ROLLBACK", NULL, NULL, NULL);
	digests_forget(ed->digests);
	ed->writing = false;
	ed->pending = 0;
	ed->jurors_touched = false;
	ed->adopt_keys = false;
}
