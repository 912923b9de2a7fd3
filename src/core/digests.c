/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "core/digests.h"
#include "core/schema.h"
#include "util/i18n.h"

struct digests {
	uint8_t (*value)[CHAIN_HASH_BYTES];     /* by schema_audited index */
	bool *changed;          /* folded into since the last commit */
	bool loaded;
	int64_t seq;            /* the audit row they stand at (0: none) */
	uint8_t head[CHAIN_HASH_BYTES];
	/* Rows a load reads back to find every table, with the next one:
	 * beyond DIGESTS_FULL_EVERY the next row lists every table. */
	int reach;
	uint8_t *column;        /* digests_column()'s bytes */
};

struct digests *
digests_new(void)
{
	struct digests *d = xcalloc(1, sizeof *d);

	d->value = xcalloc(schema_naudited, sizeof *d->value);
	d->changed = xcalloc(schema_naudited, sizeof *d->changed);
	d->column = xcalloc(schema_naudited, 1 + CHAIN_HASH_BYTES);
	return d;
}

void
digests_free(struct digests *d)
{
	if (d == NULL)
		return;
	free(d->value);
	free(d->changed);
	free(d->column);
	free(d);
}

static void
clear(struct digests *d)
{
	memset(d->value, 0, schema_naudited * sizeof *d->value);
	memset(d->changed, 0, schema_naudited * sizeof *d->changed);
	d->loaded = false;
	d->seq = 0;
	memset(d->head, 0, sizeof d->head);
	d->reach = DIGESTS_FULL_EVERY;
}

static int
sql_error(sqlite3 *db, const char *path, struct mw_error *err)
{
	return error_set(err, _("%s: %s"), path, sqlite3_errmsg(db));
}

/* Files before format 11: the digest table, as the last commit left it. */
static int
load_table(struct digests *d, sqlite3 *db, const char *path,
    struct mw_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT tbl, value FROM digest", -1, &st,
	    NULL) != SQLITE_OK)
		return sql_error(db, path, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *tbl = (const char *)sqlite3_column_text(st, 0);
		int t = tbl != NULL ? schema_index(tbl) : -1;

		if (t >= 0 && sqlite3_column_bytes(st, 1) == CHAIN_HASH_BYTES)
			memcpy(d->value[t], sqlite3_column_blob(st, 1),
			    CHAIN_HASH_BYTES);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sql_error(db, path, err);
}

/* One row's digests column into the tables not yet seen. */
static int
take_column(struct digests *d, bool *seen, size_t *nseen,
    const uint8_t *col, size_t len)
{
	size_t i;

	if (len % (1 + CHAIN_HASH_BYTES) != 0)
		return -1;
	for (i = 0; i < len; i += 1 + CHAIN_HASH_BYTES) {
		size_t t = col[i];

		if (t >= schema_naudited)
			return -1;
		if (!seen[t]) {
			memcpy(d->value[t], col + i + 1, CHAIN_HASH_BYTES);
			seen[t] = true;
			(*nseen)++;
		}
	}
	return 0;
}

/* Format 11 on: back from the last audit row until every table is found. */
static int
load_chain(struct digests *d, sqlite3 *db, const char *path,
    struct mw_error *err)
{
	bool *seen = xcalloc(schema_naudited, sizeof *seen);
	size_t nseen = 0;
	sqlite3_stmt *st;
	int rc, rows = 0, ret = 0;

	if (sqlite3_prepare_v2(db, "SELECT seq, hash, digests FROM audit"
	    " ORDER BY seq DESC", -1, &st, NULL) != SQLITE_OK) {
		free(seen);
		return sql_error(db, path, err);
	}
	while (nseen < schema_naudited && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (rows++ == 0) {
			d->seq = sqlite3_column_int64(st, 0);
			if (sqlite3_column_bytes(st, 1) == CHAIN_HASH_BYTES)
				memcpy(d->head, sqlite3_column_blob(st, 1),
				    CHAIN_HASH_BYTES);
		}
		if (sqlite3_column_type(st, 2) != SQLITE_BLOB ||
		    take_column(d, seen, &nseen, sqlite3_column_blob(st, 2),
		    (size_t)sqlite3_column_bytes(st, 2)) != 0) {
			ret = error_set(err, _("%s: audit row %lld does not carry "
			    "the digests of the tables (the file was changed "
			    "outside mudawala); nothing was changed"), path,
			    (long long)sqlite3_column_int64(st, 0));
			break;
		}
	}
	if (ret == 0 && nseen < schema_naudited && rc != SQLITE_DONE)
		ret = sql_error(db, path, err);
	else if (ret == 0 && nseen < schema_naudited && rows > 0)
		ret = error_set(err, _("%s: the audit log does not carry the "
		    "digests of every table (the file was changed outside "
		    "mudawala); nothing was changed"), path);
	sqlite3_finalize(st);
	free(seen);
	/* An empty log: every table is empty, and the first row lists all. */
	d->reach = rows > 0 ? rows : DIGESTS_FULL_EVERY;
	return ret;
}

int
digests_load(struct digests *d, sqlite3 *db, const char *path,
    struct mw_error *err)
{
	sqlite3_stmt *st;
	int version = 0, rc;

	clear(d);
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return sql_error(db, path, err);
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	rc = version < 11 ? load_table(d, db, path, err) :
	    load_chain(d, db, path, err);
	if (rc != 0) {
		clear(d);
		return -1;
	}
	if (version < 11 && sqlite3_prepare_v2(db, "SELECT seq, hash FROM audit"
	    " ORDER BY seq DESC LIMIT 1", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_bytes(st, 1) == CHAIN_HASH_BYTES) {
			d->seq = sqlite3_column_int64(st, 0);
			memcpy(d->head, sqlite3_column_blob(st, 1), CHAIN_HASH_BYTES);
		}
		sqlite3_finalize(st);
	}
	d->loaded = true;
	return 0;
}

bool
digests_at(const struct digests *d, int64_t seq,
    const uint8_t head[CHAIN_HASH_BYTES])
{
	return d->loaded && d->seq == seq &&
	    memcmp(d->head, head, CHAIN_HASH_BYTES) == 0;
}

void
digests_forget(struct digests *d)
{
	clear(d);
}

void
digests_fold(struct digests *d, size_t t, const uint8_t row[CHAIN_HASH_BYTES],
    int sign)
{
	chain_digest_combine(d->value[t], row, sign);
	d->changed[t] = true;
}

const uint8_t *
digests_of(const struct digests *d, size_t t)
{
	return d->value[t];
}

void
digests_state(const struct digests *d, uint8_t out[CHAIN_HASH_BYTES])
{
	uint8_t term[CHAIN_HASH_BYTES];
	size_t i;

	memset(out, 0, CHAIN_HASH_BYTES);
	for (i = 0; i < schema_naudited; i++) {
		chain_digest_term(term, schema_audited[i].name, d->value[i]);
		chain_digest_combine(out, term, 1);
	}
}

const uint8_t *
digests_column(struct digests *d, size_t *len)
{
	bool all = d->reach >= DIGESTS_FULL_EVERY;
	size_t i, n = 0;

	for (i = 0; i < schema_naudited; i++) {
		if (!all && !d->changed[i])
			continue;
		d->column[n] = (uint8_t)i;
		memcpy(d->column + n + 1, d->value[i], CHAIN_HASH_BYTES);
		n += 1 + CHAIN_HASH_BYTES;
	}
	*len = n;
	return d->column;
}

void
digests_committed(struct digests *d, int64_t seq,
    const uint8_t head[CHAIN_HASH_BYTES])
{
	d->reach = d->reach >= DIGESTS_FULL_EVERY ? 1 : d->reach + 1;
	d->seq = seq;
	memcpy(d->head, head, CHAIN_HASH_BYTES);
	memset(d->changed, 0, schema_naudited * sizeof *d->changed);
	d->loaded = true;
}
