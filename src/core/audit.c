#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/lock.h"
#include "core/chain.h"
#include "core/schema.h"
#include "util/i18n.h"
#include "util/strbuf.h"

static const char *const names[] = {
	"seq", "at", "actor", "action", "detail", "hash",
};
const struct columns audit_columns = { names, 6 };

int
audit_list(struct edition *ed, row_fn fn, void *ctx, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT seq, at, actor, action, detail,"
	    " lower(hex(hash)), json_object('seq', seq, 'at', at, 'actor', actor,"
	    " 'action', action, 'detail', detail, 'hash', lower(hex(hash)))"
	    " FROM audit ORDER BY seq", err);
	const char *cells[6];
	int rc, i;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < 6; i++)
			cells[i] = (const char *)sqlite3_column_text(st, i);
		if (fn(ctx, cells, 6, (const char *)sqlite3_column_text(st, 6),
		    err) != 0) {
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

static const uint8_t *
blob32(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) != SQLITE_BLOB ||
	    sqlite3_column_bytes(st, col) != CHAIN_HASH_BYTES)
		return NULL;
	return sqlite3_column_blob(st, col);
}

static const char *
text(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	return s != NULL ? s : "";
}

static int
walk_chain(struct edition *ed, struct audit_report *rep,
    uint8_t state[CHAIN_HASH_BYTES], struct mw_error *err)
{
	uint8_t prev[CHAIN_HASH_BYTES] = { 0 }, h[CHAIN_HASH_BYTES];
	sqlite3_stmt *st = db_stmt(ed, "SELECT seq, at, actor, action, detail,"
	    " state, prev, hash FROM audit ORDER BY seq", err);
	int64_t expect = 1;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		const uint8_t *s = blob32(st, 5), *p = blob32(st, 6),
		    *hash = blob32(st, 7);

		if (seq != expect) {
			sqlite3_reset(st);
			if (expect == 1)
				return error_set(err, _("audit row %lld: the log "
				    "does not start at row 1"), (long long)seq);
			return error_set(err, _("audit row %lld: missing (row %lld "
			    "is followed by row %lld)"), (long long)expect,
			    (long long)expect - 1, (long long)seq);
		}
		if (s == NULL || p == NULL || hash == NULL) {
			sqlite3_reset(st);
			return error_set(err, _("audit row %lld: malformed hash "
			    "columns"), (long long)seq);
		}
		if (memcmp(p, prev, sizeof prev) != 0) {
			sqlite3_reset(st);
			return error_set(err, _("audit row %lld: does not follow "
			    "row %lld (previous hash differs)"), (long long)seq,
			    (long long)seq - 1);
		}
		chain_row_hash(h, prev, seq, text(st, 1), text(st, 2),
		    text(st, 3), text(st, 4), s);
		if (memcmp(h, hash, sizeof h) != 0) {
			sqlite3_reset(st);
			return error_set(err, _("audit row %lld: its content does "
			    "not match its hash (the row was edited)"),
			    (long long)seq);
		}
		memcpy(prev, hash, sizeof prev);
		memcpy(state, s, CHAIN_HASH_BYTES);
		rep->rows = seq;
		expect++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	if (rep->rows > 0)
		chain_hex(rep->head, prev, sizeof prev);
	return 0;
}

/* Changes journalled by a program other than mudawala and never folded
 * into an audit row. */
static int
check_pending(struct edition *ed, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT count(*), group_concat(DISTINCT"
	    " tbl) FROM pending", err);
	long n;
	int ret = 0;

	if (st == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_error(ed, sqlite3_errcode(db_handle(ed)), err);
	}
	n = (long)sqlite3_column_int64(st, 0);
	if (n > 0)
		ret = error_set(err, ngettext("%ld row change was made outside "
		    "mudawala and is not in the audit log (tables: %s)",
		    "%ld row changes were made outside mudawala and are not in "
		    "the audit log (tables: %s)", (unsigned long)n), n,
		    text(st, 1));
	sqlite3_reset(st);
	return ret;
}

int
audit_table_digest(struct edition *ed, const struct audited_table *t,
    uint8_t out[CHAIN_HASH_BYTES], struct mw_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *st;
	int rc;

	strbuf_adds(&sql, "SELECT ");
	schema_row_expr(&sql, t, "");
	strbuf_addf(&sql, " FROM %s", t->name);
	rc = sqlite3_prepare_v2(db_handle(ed), strbuf_str(&sql), -1, &st, NULL);
	strbuf_free(&sql);
	if (rc != SQLITE_OK)
		return db_error(ed, rc, err);
	memset(out, 0, CHAIN_HASH_BYTES);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *row = (const char *)sqlite3_column_text(st, 0);
		uint8_t h[CHAIN_HASH_BYTES];

		if (row == NULL) {      /* the row's text: out of memory */
			rc = SQLITE_NOMEM;
			break;
		}
		chain_content_hash(h, t->name, row,
		    (size_t)sqlite3_column_bytes(st, 0));
		chain_digest_combine(out, h, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

/* Recompute each audited table's digest from its rows; compare with the
 * stored digests (to name the tables) and with the state the last audit
 * row recorded (which the chain vouches for). */
static int
check_contents(struct edition *ed, const uint8_t state[CHAIN_HASH_BYTES],
    struct mw_error *err)
{
	uint8_t combined[CHAIN_HASH_BYTES] = { 0 }, d[CHAIN_HASH_BYTES];
	struct strbuf bad = STRBUF_INIT;
	unsigned long nbad = 0;
	sqlite3_stmt *stored, *row;
	size_t i;
	int rc, ret = 0;

	stored = db_stmt(ed, "SELECT value FROM digest WHERE tbl = ?1", err);
	row = db_stmt(ed, "SELECT mudawala_row('digest', ?1, ?2)", err);
	if (stored == NULL || row == NULL)
		return -1;
	for (i = 0; i < schema_naudited; i++) {
		const char *name = schema_audited[i].name;
		const uint8_t *kept;

		if (audit_table_digest(ed, &schema_audited[i], d, err) != 0) {
			strbuf_free(&bad);
			return -1;
		}
		sqlite3_bind_text(stored, 1, name, -1, SQLITE_STATIC);
		rc = sqlite3_step(stored);
		kept = rc == SQLITE_ROW ? blob32(stored, 0) : NULL;
		if (kept == NULL || memcmp(kept, d, sizeof d) != 0) {
			strbuf_addf(&bad, "%s%s", nbad ? ", " : "", name);
			nbad++;
		}
		sqlite3_reset(stored);
		sqlite3_bind_text(row, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_blob(row, 2, d, sizeof d, SQLITE_STATIC);
		if (sqlite3_step(row) != SQLITE_ROW || blob32(row, 0) == NULL) {
			sqlite3_reset(row);
			strbuf_free(&bad);
			return db_error(ed, sqlite3_errcode(db_handle(ed)), err);
		}
		chain_digest_combine(combined, blob32(row, 0), 1);
		sqlite3_reset(row);
	}
	if (nbad > 0)
		ret = error_set(err, ngettext("the contents of table %s do not "
		    "match the audit log: the file was changed outside mudawala",
		    "the contents of tables %s do not match the audit log: the "
		    "file was changed outside mudawala", nbad), strbuf_str(&bad));
	else if (memcmp(combined, state, sizeof combined) != 0)
		ret = error_set(err, _("the contents of the edition do not match "
		    "the state recorded by the last audit row: the file was "
		    "changed outside mudawala"));
	strbuf_free(&bad);
	return ret;
}

/* integrity_check and foreign_key_check, reporting the first problem. */
int
audit_check_file(struct edition *ed, struct mw_error *err)
{
	sqlite3 *db = db_handle(ed);
	sqlite3_stmt *st;
	int rc, bad = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st,
	    NULL) != SQLITE_OK)
		return db_error(ed, sqlite3_errcode(db), err);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0),
	    "ok") != 0) {
		error_set(err, _("%s: the edition file is damaged "
		    "(integrity_check: %s); nothing was changed.  Restore the "
		    "latest copy made with 'mudawala backup' (copy it over this "
		    "file)"), db_path(ed),
		    sqlite3_column_text(st, 0));
		bad = 1;
	}
	sqlite3_finalize(st);
	if (bad)
		return -1;
	if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st,
	    NULL) != SQLITE_OK)
		return db_error(ed, sqlite3_errcode(db), err);
	if (sqlite3_step(st) == SQLITE_ROW) {
		error_set(err, _("%s: table %s refers to a missing row "
		    "(foreign_key_check); the file was changed outside mudawala"),
		    db_path(ed), sqlite3_column_text(st, 0));
		bad = 1;
	}
	sqlite3_finalize(st);
	return bad ? -1 : 0;
}

int
audit_verify(struct edition *ed, struct audit_report *rep,
    struct mw_error *err)
{
	uint8_t state[CHAIN_HASH_BYTES] = { 0 };

	memset(rep, 0, sizeof *rep);
	if (audit_check_file(ed, err) != 0 ||
	    walk_chain(ed, rep, state, err) != 0 ||
	    check_pending(ed, err) != 0 ||
	    check_contents(ed, state, err) != 0)
		return -1;
	return seal_verify(ed, &rep->locked, err);
}
