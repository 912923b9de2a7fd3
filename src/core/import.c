/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "core/csvfile.h"
#include "core/form.h"
#include "core/import.h"
#include "core/rules.h"
#include "core/scoring.h"
#include "core/schema.h"
#include "core/search.h"
#include "text/clean.h"
#include "text/fold.h"
#include "util/i18n.h"
#include "util/strbuf.h"

/* The columns of each kind, in the order DESIGN.md and mudawala(5) give. */
enum { D_ID, D_CATEGORY, D_TITLE_AR, D_TITLE_FR, D_ADMINISTRATION, D_URL,
	D_SUMMARY_AR, D_SUMMARY_FR, D_N };
static const struct csv_column dossier_columns[D_N] = {
	{ "id", true }, { "category", true }, { "title_ar", false },
	{ "title_fr", false }, { "administration", false }, { "url", false },
	{ "summary_ar", false }, { "summary_fr", false },
};

enum { J_ID, J_NAME, J_ORGANISATION, J_ROLE, J_VOTING, J_PUBLIC_KEY, J_N };
static const struct csv_column juror_columns[J_N] = {
	{ "id", true }, { "name", true }, { "organisation", false },
	{ "role", true }, { "voting", false }, { "public_key", false },
};

enum { A_ID, A_NAME_FR, A_NAME_AR, A_ALIASES, A_N };
static const struct csv_column administration_columns[A_N] = {
	{ "id", true }, { "name_fr", false }, { "name_ar", false },
	{ "aliases", false },
};

enum { C_JUROR, C_DOSSIER, C_ADMINISTRATION, C_REASON, C_N };
static const struct csv_column conflict_columns[C_N] = {
	{ "juror", true }, { "dossier", false }, { "administration", false },
	{ "reason", false },
};

struct importer {
	struct edition *ed;
	enum import_kind kind;
	const char *path;
	struct csv_header header;
	bool have_header;
	struct import_result *res;
	char *v[CSV_MAX_COLUMNS];       /* cleaned values of the record */
	size_t line;
	char *last_administration;      /* known to exist */
	char *last_category;            /* known to exist */
	bool after_setup;               /* the commission is settled */
	bool row_changed;               /* the record changed something */
	const char *reason;             /* why it changes after the set-up */
	/* Dossiers: the form's fields, whose answers the file may carry in
	 * columns of their own (id, id_ar, id_fr after the dossier's). */
	struct form_field *fields;
	size_t nfields;                 /* as loaded */
	size_t nform;                   /* those with columns */
	struct csv_column *columns;
	char **column_names;
	bool answers;                   /* the file has a column of the form */
};

/* The form's fields that fit in a header's columns. */
#define FORM_COLUMNS_MAX ((CSV_MAX_COLUMNS - D_N) / 3)

int
import_kind_parse(const char *s)
{
	if (strcmp(s, "dossiers") == 0)
		return IMPORT_DOSSIERS;
	if (strcmp(s, "jurors") == 0)
		return IMPORT_JURORS;
	if (strcmp(s, "conflicts") == 0)
		return IMPORT_CONFLICTS;
	if (strcmp(s, "administrations") == 0)
		return IMPORT_ADMINISTRATIONS;
	return -1;
}

/* "path:line:field: field 'name': " prefix for errors about column i. */
static int
field_error(struct importer *im, size_t i, struct mw_error *err,
    const char *what)
{
	/* TRANSLATORS: file:line:field number: field 'name': what is wrong. */
	return error_set(err, _("%s:%zu:%zu: field '%s': %s"), im->path,
	    im->line, csv_field_no(&im->header, i), im->header.columns[i].name,
	    what);
}

bool
import_valid_id(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 64)
		return false;
	for (i = 0; i < n; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789._-", s[i]) == NULL)
			return false;
	return true;
}

static int
check_id(struct importer *im, size_t i, struct mw_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	if (*im->v[i] == '\0')
		return field_error(im, i, err, _("a value is required here"));
	if (!import_valid_id(im->v[i])) {
		strbuf_addf(&sb, _("'%s' is not a valid id (expected 1 to 64 "
		    "letters, digits, '.', '_' or '-')"), im->v[i]);
		ret = field_error(im, i, err, strbuf_str(&sb));
	}
	strbuf_free(&sb);
	return ret;
}

/*
 * Run st, bound by the caller: an INSERT of key, doing nothing if it is
 * there already and returning a row if it was not.  A key already there
 * was seen earlier in the file: refused, naming the line `lookup` (the
 * line for ?1) finds.
 */
static int
insert_once(struct importer *im, sqlite3_stmt *st, size_t i,
    const char *key, const char *lookup, struct mw_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_error(im->ed, rc, err);
	q = db_stmt(im->ed, lookup, err);
	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, _("'%s' appears twice in the file (first on "
		    "line %lld)"), key, (long long)sqlite3_column_int64(q, 0));
		sqlite3_reset(q);
		field_error(im, i, err, strbuf_str(&sb));
		strbuf_free(&sb);
		return -1;
	}
	sqlite3_reset(q);
	return error_set(err, "%s:%zu: %s", im->path, im->line,
	    _("internal error while checking duplicates"));
}

/* Refuse a key seen earlier in the same file, naming where. */
static int
check_unique(struct importer *im, size_t i, const char *key,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(im->ed,
	    "INSERT INTO temp.import_seen (key, line) VALUES (?1, ?2)"
	    " ON CONFLICT (key) DO NOTHING RETURNING line", err);

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)im->line);
	return insert_once(im, st, i, key,
	    "SELECT line FROM temp.import_seen WHERE key = ?1", err);
}

static int
unknown_category(struct importer *im, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(im->ed,
	    "SELECT id FROM category ORDER BY position", err);
	struct strbuf known = STRBUF_INIT, msg = STRBUF_INIT;

	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW)
		strbuf_addf(&known, "%s%s", known.len ? ", " : "",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	strbuf_addf(&msg, _("unknown category '%s' (known: %s)"),
	    im->v[D_CATEGORY], strbuf_str(&known));
	field_error(im, D_CATEGORY, err, strbuf_str(&msg));
	strbuf_free(&known);
	strbuf_free(&msg);
	return -1;
}

/* Run an upsert bound by the caller; count what it did. */
static int
run_upsert(struct importer *im, sqlite3_stmt *st, bool existed,
    struct mw_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return error_set(err, "%s:%zu: %s", im->path, im->line,
		    sqlite3_errmsg(db_handle(im->ed)));
	if (sqlite3_changes(db_handle(im->ed)) > 0) {
		if (existed)
			im->res->updated++;
		else
			im->res->added++;
	}
	return 0;
}

/* The file's own limits, said in its terms before the database's
 * constraints would say them in SQL's. */
static int
check_length(struct importer *im, size_t i, size_t most, struct mw_error *err)
{
	const char *v = im->v[i];
	size_t n = u8_mbsnlen((const uint8_t *)v, strlen(v));

	if (n <= most)
		return 0;
	{
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, ngettext("at most %zu character, found %zu",
		    "at most %zu characters, found %zu", most), most, n);
		field_error(im, i, err, strbuf_str(&sb));
		strbuf_free(&sb);
	}
	return -1;
}

static int
ensure_administration(struct importer *im, const char *name,
    struct mw_error *err)
{
	sqlite3_stmt *st;
	int rc;

	/* Files list an administration's dossiers together: one statement
	 * for a run of them. */
	if (*name == '\0' || (im->last_administration != NULL &&
	    strcmp(im->last_administration, name) == 0))
		return 0;
	st = db_stmt(im->ed, "INSERT INTO administration (name) VALUES (?1)"
	    " ON CONFLICT DO NOTHING", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(im->ed, rc, err);
	free(im->last_administration);
	im->last_administration = xstrdup(name);
	return 0;
}

/*
 * Dossiers are checked row by row as they are read, and kept in a
 * temporary table; once the file is read, a few statements apply them
 * all.  Row by row, every upsert paid for its statement (a journal of the
 * pages it touched, the triggers set up again): 100,000 dossiers took
 * seconds more.  What the upsert could still refuse was checked on the
 * row, with its line.
 */
static const char sql_stage_dossier[] =
	"INSERT INTO temp.import_dossier (id, category, title_ar, title_fr,"
	" administration, url, summary_ar, summary_fr, line)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

/* Once the file is read (keeping a key on the staged rows as they come
 * costs more than sorting them once): the first row whose id an earlier
 * row has, with that earlier line. */
static const char sql_first_duplicate[] =
	"CREATE INDEX temp.import_dossier_id ON import_dossier(id, line);";
static const char sql_find_duplicate[] =
	"SELECT r.line, r.id, f.line FROM temp.import_dossier r"
	" JOIN temp.import_dossier f ON f.id = r.id AND f.line < r.line"
	" ORDER BY r.line, f.line LIMIT 1";

/* A staged dossier r that differs from the stored one d. */
#define DOSSIER_DIFFERS \
	"(d.category_id, d.title_ar, d.title_fr, d.administration, d.url," \
	" d.summary_ar, d.summary_fr) IS NOT (r.category, r.title_ar," \
	" r.title_fr, nullif(r.administration, ''), r.url, r.summary_ar," \
	" r.summary_fr)"

/* Which staged dossiers are new, before they go in; then which of the
 * others differ from what is stored. */
static const char sql_mark_fresh[] =
	"UPDATE temp.import_dossier SET fresh = NOT EXISTS"
	" (SELECT 1 FROM dossier d WHERE d.id = import_dossier.id)";
static const char sql_staged_counts[] =
	"SELECT count(*) FILTER (WHERE r.fresh),"
	" count(*) FILTER (WHERE NOT r.fresh AND EXISTS (SELECT 1 FROM dossier d"
	"  WHERE d.id = r.id AND " DOSSIER_DIFFERS "))"
	" FROM temp.import_dossier r";

/* What the search index must take again: changed dossiers, and new ones
 * (a bulk load indexes those by rowid instead). */
static const char sql_mark_changed[] =
	"INSERT INTO temp.search_stale (id) SELECT r.id"
	" FROM temp.import_dossier r WHERE NOT r.fresh AND EXISTS (SELECT 1"
	"  FROM dossier d WHERE d.id = r.id AND " DOSSIER_DIFFERS ")"
	" ON CONFLICT DO NOTHING;";
static const char sql_mark_new[] =
	"INSERT INTO temp.search_stale (id) SELECT id"
	" FROM temp.import_dossier WHERE fresh ON CONFLICT DO NOTHING;";

static const char sql_apply_dossiers[] =
	"INSERT INTO administration (name) SELECT DISTINCT administration"
	" FROM temp.import_dossier WHERE administration <> ''"
	" ON CONFLICT DO NOTHING;"
	"INSERT INTO dossier (id, category_id, title_ar, title_fr,"
	" administration, url, summary_ar, summary_fr)"
	" SELECT id, category, title_ar, title_fr, nullif(administration, ''),"
	"  url, summary_ar, summary_fr FROM temp.import_dossier"
	"  WHERE true ORDER BY line"
	" ON CONFLICT (id) DO UPDATE SET category_id = excluded.category_id,"
	" title_ar = excluded.title_ar, title_fr = excluded.title_fr,"
	" administration = excluded.administration, url = excluded.url,"
	" summary_ar = excluded.summary_ar, summary_fr = excluded.summary_fr"
	" WHERE (category_id, title_ar, title_fr, administration, url,"
	"  summary_ar, summary_fr) IS NOT (excluded.category_id,"
	"  excluded.title_ar, excluded.title_fr, excluded.administration,"
	"  excluded.url, excluded.summary_ar, excluded.summary_fr);";

/* Keep the row for apply_dossiers(). */
int
import_stage_dossier(struct edition *ed, char *const v[IMPORT_DOSSIER_FIELDS],
    size_t line, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, sql_stage_dossier, err);
	int i, rc;

	if (st == NULL)
		return -1;
	for (i = 0; i < D_N; i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, D_N + 1, (sqlite3_int64)line);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

/*
 * The header of a dossiers file: the dossier's columns, and for each field
 * of the application form its id (the answer in both languages), id_ar
 * and id_fr.  A file with any column of the form answers it: every
 * required field then needs a column.
 */
static int
dossier_header(struct importer *im, const struct csv_record *rec,
    struct mw_error *err)
{
	static const char *const suffix[3] = { "", "_ar", "_fr" };
	size_t i, k;

	if (form_fields(im->ed, &im->fields, &im->nfields, err) != 0)
		return -1;
	im->nform = im->nfields < FORM_COLUMNS_MAX ? im->nfields :
	    FORM_COLUMNS_MAX;
	im->columns = xcalloc(D_N + 3 * im->nform, sizeof *im->columns);
	im->column_names = xcalloc(3 * im->nform + 1,
	    sizeof *im->column_names);
	memcpy(im->columns, dossier_columns, sizeof dossier_columns);
	for (i = 0; i < im->nform; i++)
		for (k = 0; k < 3; k++) {
			struct strbuf name = STRBUF_INIT;

			strbuf_addf(&name, "%s%s", im->fields[i].id, suffix[k]);
			im->column_names[3 * i + k] = strbuf_detach(&name);
			im->columns[D_N + 3 * i + k].name =
			    im->column_names[3 * i + k];
			im->columns[D_N + 3 * i + k].required = false;
		}
	if (csv_header_parse_form(&im->header, im->path, im->columns,
	    D_N + 3 * im->nform, D_N, rec, err) != 0)
		return -1;
	for (i = D_N; i < D_N + 3 * im->nform; i++)
		if (im->header.where[i] >= 0)
			im->answers = true;
	for (i = 0; im->answers && i < im->nform; i++) {
		const int *w = &im->header.where[D_N + 3 * i];
		const char *id = im->fields[i].id;

		if (im->fields[i].required && w[0] < 0 && w[1] < 0 && w[2] < 0)
			return error_set(err, _("%s:%zu: the form's required "
			    "field '%s' has no column (expected %s, or %s_ar "
			    "and %s_fr)"), im->path, rec->line, id, id, id, id);
	}
	return 0;
}

/* The answers of the record's dossier, in the columns the file has:
 * checked by type, staged (an empty answer removes one). */
static int
stage_row_answers(struct importer *im, struct mw_error *err)
{
	size_t i, k;

	for (i = 0; im->answers && i < im->nform; i++) {
		size_t c = D_N + 3 * i;
		const struct form_field *f = &im->fields[i];
		const char *both = im->v[c], *ar, *fr;
		int first = -1;

		for (k = 0; k < 3; k++)
			if (im->header.where[c + k] >= 0) {
				char *why = *im->v[c + k] ? form_check_value(f,
				    im->v[c + k]) : NULL;

				if (first < 0)
					first = (int)(c + k);
				if (why != NULL) {
					field_error(im, c + k, err, why);
					free(why);
					return -1;
				}
			}
		if (first < 0)
			continue;
		ar = *im->v[c + 1] ? im->v[c + 1] : both;
		fr = *im->v[c + 2] ? im->v[c + 2] : both;
		if (f->required && *ar == '\0' && *fr == '\0')
			return field_error(im, (size_t)first, err,
			    _("a required answer is missing"));
		if (form_stage_answer(im->ed, im->v[D_ID], f->id, ar, fr,
		    err) != 0)
			return -1;
	}
	return 0;
}

static int
import_dossier(struct importer *im, struct mw_error *err)
{
	bool found;

	if (check_id(im, D_ID, err) != 0 ||
	    check_length(im, D_ADMINISTRATION, 300, err) != 0 ||
	    import_stage_dossier(im->ed, im->v, im->line, err) != 0)
		return -1;
	if (*im->v[D_CATEGORY] == '\0')
		return field_error(im, D_CATEGORY, err,
		    _("a value is required here"));
	if (im->last_category == NULL ||
	    strcmp(im->last_category, im->v[D_CATEGORY]) != 0) {
		if (db_exists(im->ed, "SELECT 1 FROM category WHERE id = ?1",
		    im->v[D_CATEGORY], &found, err) != 0)
			return -1;
		if (!found)
			return unknown_category(im, err);
		free(im->last_category);
		im->last_category = xstrdup(im->v[D_CATEGORY]);
	}
	if (*im->v[D_TITLE_AR] == '\0' && *im->v[D_TITLE_FR] == '\0')
		return field_error(im, csv_field_no(&im->header, D_TITLE_FR) ?
		    D_TITLE_FR : D_TITLE_AR, err,
		    _("a dossier needs a title in Arabic or in French"));
	return stage_row_answers(im, err);
}

/* The integer one row of sql gives (a string constant), or 0. */
static sqlite3_int64
scalar(struct edition *ed, const char *sql)
{
	sqlite3_stmt *st = db_stmt(ed, sql, NULL);
	sqlite3_int64 n = 0;

	if (st != NULL && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	if (st != NULL)
		sqlite3_reset(st);
	return n;
}

/* The definitions, from the file itself, of the dossier table's secondary
 * indexes, of its insert journal trigger (the connection's own, in temp,
 * and the file's, which guards it) and of the trigger that counts it. */
static const char sql_bulk_schema[] =
	"SELECT type, name, sql, 'main' FROM main.sqlite_schema"
	" WHERE tbl_name = 'dossier' AND sql IS NOT NULL AND (type = 'index'"
	"  OR (type = 'trigger' AND name IN ('dossier_journal_insert',"
	"   'dossier_count_insert')))"
	" UNION ALL SELECT type, name, sql, 'temp' FROM temp.sqlite_schema"
	" WHERE type = 'trigger' AND name = 'dossier_pending_insert'"
	" ORDER BY 1, 2";

/*
 * A load that more than doubles the dossiers.  Row by row, half of the
 * insert is its journal trigger (the row written out again into pending,
 * read back and hashed at the commit) and most of the rest its secondary
 * indexes.  Here, in the same transaction: the indexes and the insert
 * trigger are dropped, the rows go in, the indexes are made again (one
 * sort each), the new rows are folded into the digest straight from the
 * table (the text the trigger would have journalled, from the same
 * schema_row_expr()), and the trigger is made again; the search index
 * takes the new rows by rowid.  The definitions
 * come from the file itself, so they come back exactly as they were; any
 * failure rolls it all back.  Updated rows keep their update trigger.
 */
static int
apply_bulk(struct importer *im, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(im->ed, sql_bulk_schema, err);
	struct strbuf fold = STRBUF_INIT, row = STRBUF_INIT;
	char *types[24], *names[24], *defs[24], *schemas[24];
	sqlite3_int64 last_rowid = 0;
	size_t n = 0, i;
	int rc, ret = 0;

	if (st == NULL)
		return -1;
	while (n < 24 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		types[n] = db_column_dup(st, 0);
		names[n] = db_column_dup(st, 1);
		schemas[n] = db_column_dup(st, 3);
		defs[n++] = db_column_dup(st, 2);
	}
	sqlite3_reset(st);
	if (n == 24 || rc != SQLITE_DONE)
		ret = n == 24 ? db_exec(im->ed, sql_apply_dossiers, err) :
		    db_error(im->ed, rc, err);
	else {
		/* Rows inserted after the largest rowid get larger ones. */
		last_rowid = scalar(im->ed, "SELECT coalesce(max(rowid), 0)"
		    " FROM dossier");
		for (i = 0; ret == 0 && i < n; i++) {
			char *drop = sqlite3_mprintf("DROP %s %s.\"%w\"",
			    strcmp(types[i], "index") == 0 ? "INDEX" : "TRIGGER",
			    schemas[i], names[i]);

			ret = drop != NULL ? db_exec(im->ed, drop, err) :
			    db_error(im->ed, SQLITE_NOMEM, err);
			sqlite3_free(drop);
		}
		if (ret == 0)
			ret = db_exec(im->ed, sql_apply_dossiers, err);
		for (i = 0; ret == 0 && i < n; i++)
			if (strcmp(schemas[i], "main") == 0)
				ret = db_exec(im->ed, defs[i], err);
		if (ret == 0)
			ret = search_index_after(im->ed, last_rowid, err);
		if (ret == 0) {
			/* The new rows are the ones after the last rowid
			 * before the load. */
			schema_row_expr(&row, schema_table("dossier"), "d.");
			strbuf_addf(&fold, "SELECT 'dossier', 1, %s FROM dossier d"
			    " WHERE d.rowid > %lld", strbuf_str(&row), last_rowid);
			ret = db_fold_rows(im->ed, strbuf_str(&fold), err);
		}
		/* What the journal holds is folded before it is made whole. */
		if (ret == 0 && (ret = db_fold(im->ed, err)) == 0)
			ret = db_journal(im->ed, err);
		/* The counts of the progress, in one pass. */
		if (ret == 0)
			ret = db_exec(im->ed, "DELETE FROM dossier_count;"
			    "INSERT INTO dossier_count SELECT coalesce(administration,"
			    " ''), category_id, count(*) FROM dossier"
			    " WHERE status = 'admitted' GROUP BY 1, 2;"
			    "DELETE FROM category_count;"
			    "INSERT INTO category_count SELECT category_id, sum(n)"
			    " FROM dossier_count GROUP BY 1", err);
	}
	for (i = 0; i < n; i++) {
		free(types[i]);
		free(names[i]);
		free(schemas[i]);
		free(defs[i]);
	}
	strbuf_free(&fold);
	strbuf_free(&row);
	return ret;
}

/* A second row with an id is refused, naming the first. */
static int
refuse_duplicates(struct importer *im, struct mw_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (db_exec(im->ed, sql_first_duplicate, err) != 0 ||
	    (st = db_stmt(im->ed, sql_find_duplicate, err)) == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		struct strbuf sb = STRBUF_INIT;

		im->line = (size_t)sqlite3_column_int64(st, 0);
		strbuf_addf(&sb, _("'%s' appears twice in the file (first on "
		    "line %lld)"), (const char *)sqlite3_column_text(st, 1),
		    (long long)sqlite3_column_int64(st, 2));
		sqlite3_reset(st);
		field_error(im, D_ID, err, strbuf_str(&sb));
		strbuf_free(&sb);
		return -1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(im->ed, rc, err);
}

/*
 * Administrations are matched by their key (text_name_key): a name that
 * folds to a known one takes its spelling, whether in a dossier, a
 * conflict or a member's organisation, so that a conflict of interest
 * never depends on how a name was typed.  The known spellings, keyed,
 * for the length of an import.
 */
static const char sql_names[] =
	"CREATE TEMP TABLE IF NOT EXISTS name_key (key TEXT PRIMARY KEY,"
	" name TEXT NOT NULL) STRICT;"
	"DELETE FROM temp.name_key;"
	"INSERT OR IGNORE INTO temp.name_key SELECT mudawala_name_key(name),"
	" name FROM administration WHERE mudawala_name_key(name) <> ''"
	" ORDER BY rowid;"
	"INSERT OR IGNORE INTO temp.name_key SELECT mudawala_name_key(alias),"
	" administration FROM administration_alias"
	" WHERE mudawala_name_key(alias) <> '';";

/* Members whose organisation is one of the known names, however they
 * wrote it, take its spelling. */
static const char sql_canonical_members[] =
	"UPDATE juror SET organisation = n.name FROM temp.name_key n"
	" WHERE juror.organisation <> ''"
	" AND n.key = mudawala_name_key(juror.organisation)"
	" AND n.name <> juror.organisation;";

/* The staged dossiers' administrations: the first spelling of each
 * wins; then the members of those administrations, however they wrote
 * it. */
static const char sql_canonical_dossiers[] =
	"INSERT OR IGNORE INTO temp.name_key SELECT"
	" mudawala_name_key(administration), administration"
	" FROM temp.import_dossier WHERE administration <> ''"
	" AND mudawala_name_key(administration) <> '' ORDER BY line;"
	"UPDATE temp.import_dossier SET administration = n.name"
	" FROM temp.name_key n WHERE import_dossier.administration <> ''"
	" AND n.key = mudawala_name_key(import_dossier.administration)"
	" AND n.name <> import_dossier.administration;";

/* The known spelling of name, if any: a copy to put in place of *v. */
static int
canonical(struct importer *im, char **v, struct mw_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (**v == '\0')
		return 0;
	st = db_stmt(im->ed, "SELECT name FROM temp.name_key"
	    " WHERE key = mudawala_name_key(?1)", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, *v, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		char *name = db_column_dup(st, 0);

		sqlite3_reset(st);
		free(*v);
		*v = name;
		return 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(im->ed, rc, err);
}

/*
 * A conflict names an administration the edition knows (a typo would
 * otherwise make a new one, and the conflict hold for nobody): refused
 * with the names that come nearest, those sharing a word of three
 * letters or more with it.
 */
static int
known_administration(struct importer *im, size_t field, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(im->ed, "SELECT name FROM temp.name_key"
	    " WHERE key = mudawala_name_key(?1)", err);
	struct strbuf near = STRBUF_INIT, msg = STRBUF_INIT;
	char *key, *word, *save = NULL;
	size_t n = 0;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, im->v[field], -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_error(im->ed, rc, err);
	st = db_stmt(im->ed, "SELECT name FROM temp.name_key"
	    " WHERE instr(' ' || key || ' ', ' ' || ?1 || ' ') > 0"
	    " ORDER BY name", err);
	if (st == NULL)
		return -1;
	key = text_name_key(im->v[field]);
	for (word = strtok_r(key, " ", &save); word != NULL && n < 5;
	    word = strtok_r(NULL, " ", &save)) {
		if (u8_mbsnlen((const uint8_t *)word, strlen(word)) < 3)
			continue;
		sqlite3_bind_text(st, 1, word, -1, SQLITE_TRANSIENT);
		while (n < 5 && sqlite3_step(st) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(st, 0);

			if (name != NULL && strstr(strbuf_str(&near), name) == NULL) {
				strbuf_addf(&near, "%s'%s'", n ? ", " : "", name);
				n++;
			}
		}
		sqlite3_reset(st);
	}
	free(key);
	if (n > 0)
		strbuf_addf(&msg, _("no administration of the edition is named "
		    "'%s'; the nearest: %s"), im->v[field], strbuf_str(&near));
	else
		strbuf_addf(&msg, _("no administration of the edition is named "
		    "'%s', nor anything like it (import its dossiers first)"),
		    im->v[field]);
	field_error(im, field, err, strbuf_str(&msg));
	strbuf_free(&near);
	strbuf_free(&msg);
	return -1;
}

/* The staged dossiers into the edition: counted, marked for the search
 * index, their administrations added, then inserted or updated. */
static int
apply_dossiers(struct importer *im, struct mw_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (refuse_duplicates(im, err) != 0 ||
	    db_exec(im->ed, sql_canonical_dossiers, err) != 0 ||
	    db_exec(im->ed, sql_canonical_members, err) != 0 ||
	    db_exec(im->ed, sql_mark_fresh, err) != 0 ||
	    (st = db_stmt(im->ed, sql_staged_counts, err)) == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		im->res->added = (size_t)sqlite3_column_int64(st, 0);
		im->res->updated = (size_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_error(im->ed, rc, err);
	if (im->res->added == 0 && im->res->updated == 0)
		return 0;
	if (db_exec(im->ed, sql_mark_changed, err) != 0)
		return -1;
	if (im->res->added > 10000 &&
	    im->res->added > (size_t)scalar(im->ed,
	    "SELECT count(*) FROM dossier"))
		return apply_bulk(im, err);
	if (db_exec(im->ed, sql_mark_new, err) != 0)
		return -1;
	return db_exec(im->ed, sql_apply_dossiers, err);
}

static const char sql_juror_upsert[] =
	"INSERT INTO juror (id, name, organisation, role, voting, public_key)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	" ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
	" organisation = excluded.organisation, role = excluded.role,"
	" voting = excluded.voting, public_key = excluded.public_key"
	" WHERE (name, organisation, role, voting, public_key) IS NOT"
	" (excluded.name, excluded.organisation, excluded.role,"
	"  excluded.voting, excluded.public_key)";

/* A minisign public key line: base64 of "Ed" || key id (8) || key (32). */
static bool
valid_public_key(const char *s)
{
	unsigned char bin[64];
	size_t len = 0;

	if (sodium_base642bin(bin, sizeof bin, s, strlen(s), NULL, &len, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0)
		return false;
	return len == 42 && bin[0] == 'E' && bin[1] == 'd';
}

/* Once scoring has opened, a member added, or a role, voting right or
 * key changed, changes whose scores count: the chair says why. */
static int
check_settled(struct importer *im, int vote, struct mw_error *err)
{
	sqlite3_stmt *st;
	bool same;
	int rc;

	if (!im->after_setup || im->reason != NULL)
		return 0;
	st = db_stmt(im->ed, "SELECT 1 FROM juror WHERE id = ?1 AND role = ?2"
	    " AND voting = ?3 AND public_key = ?4", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, im->v[J_ID], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, im->v[J_ROLE], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, vote);
	sqlite3_bind_text(st, 4, im->v[J_PUBLIC_KEY], -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	same = rc == SQLITE_ROW;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(im->ed, rc, err);
	if (same)
		return 0;
	return field_error(im, J_ROLE, err, _("after the set-up, a new member "
	    "or a change of role, voting right or key changes whose scores "
	    "count: give the reason with --reason"));
}

static int
import_juror(struct importer *im, struct mw_error *err)
{
	const char *role = im->v[J_ROLE], *voting = im->v[J_VOTING];
	sqlite3_stmt *st;
	bool found;
	int vote, i;

	if (check_id(im, J_ID, err) != 0 ||
	    check_unique(im, J_ID, im->v[J_ID], err) != 0)
		return -1;
	if (*im->v[J_NAME] == '\0')
		return field_error(im, J_NAME, err,
		    _("a value is required here"));
	if (strcmp(role, "chair") != 0 && strcmp(role, "member") != 0 &&
	    strcmp(role, "expert") != 0) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, _("found '%s', expected chair, member or "
		    "expert"), role);
		field_error(im, J_ROLE, err, strbuf_str(&sb));
		strbuf_free(&sb);
		return -1;
	}
	if (*voting == '\0')
		vote = strcmp(role, "expert") != 0;
	else if (strcmp(voting, "yes") == 0)
		vote = 1;
	else if (strcmp(voting, "no") == 0)
		vote = 0;
	else {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, _("found '%s', expected yes or no"), voting);
		field_error(im, J_VOTING, err, strbuf_str(&sb));
		strbuf_free(&sb);
		return -1;
	}
	if (vote && strcmp(role, "expert") == 0)
		return field_error(im, J_VOTING, err,
		    _("an invited expert advises and cannot vote"));
	if (*im->v[J_PUBLIC_KEY] != '\0' && !valid_public_key(im->v[J_PUBLIC_KEY]))
		return field_error(im, J_PUBLIC_KEY, err,
		    _("expected the base64 line of a minisign public key"));
	if (strcmp(role, "chair") == 0) {
		sqlite3_stmt *q = db_stmt(im->ed,
		    "SELECT id FROM juror WHERE role = 'chair' AND id <> ?1", err);

		if (q == NULL)
			return -1;
		sqlite3_bind_text(q, 1, im->v[J_ID], -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, _("the commission already has a chair "
			    "('%s'); there can be only one"),
			    (const char *)sqlite3_column_text(q, 0));
			sqlite3_reset(q);
			field_error(im, J_ROLE, err, strbuf_str(&sb));
			strbuf_free(&sb);
			return -1;
		}
		sqlite3_reset(q);
	}
	if (canonical(im, &im->v[J_ORGANISATION], err) != 0 ||
	    db_exists(im->ed, "SELECT 1 FROM juror WHERE id = ?1", im->v[J_ID],
	    &found, err) != 0 || check_settled(im, vote, err) != 0)
		return -1;
	st = db_stmt(im->ed, sql_juror_upsert, err);
	if (st == NULL)
		return -1;
	for (i = 0; i < J_N; i++)
		if (i == J_VOTING)
			sqlite3_bind_int(st, i + 1, vote);
		else
			sqlite3_bind_text(st, i + 1, im->v[i], -1, SQLITE_STATIC);
	return run_upsert(im, st, found, err);
}

/* Run sql (a string constant) with two text parameters. */
static int
insert2(struct importer *im, const char *sql, const char *a, const char *b,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(im->ed, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(im->ed, rc, err);
}

/* One name of an administration entity: it becomes the administration's
 * alias; an alias of another administration is refused. */
static int
add_alias(struct importer *im, size_t field, const char *alias,
    const char *name, struct mw_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (*alias == '\0' || strcmp(alias, name) == 0)
		return 0;
	st = db_stmt(im->ed, "SELECT administration FROM administration_alias"
	    " WHERE alias = ?1 AND administration <> ?2", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, alias, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, _("'%s' already names another administration, "
		    "'%s'"), alias, (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		field_error(im, field, err, strbuf_str(&sb));
		strbuf_free(&sb);
		return -1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(im->ed, rc, err);
	if (insert2(im, "INSERT INTO administration_alias (alias,"
	    " administration) VALUES (?1, ?2) ON CONFLICT DO NOTHING", alias,
	    name, err) != 0)
		return -1;
	if (sqlite3_changes(db_handle(im->ed)) > 0)
		im->row_changed = true;
	/* The rows after it match it too. */
	return insert2(im, "INSERT OR IGNORE INTO temp.name_key VALUES"
	    " (mudawala_name_key(?1), ?2)", alias, name, err);
}

/*
 * An administration as an entity: its id, its names in French and in
 * Arabic, the other names it is known by ("|" between them).  Its name
 * is the one the edition already knows under any of them, else the
 * French, else the Arabic; the others become aliases.
 */
static int
import_administration(struct importer *im, struct mw_error *err)
{
	const char *fr = im->v[A_NAME_FR], *ar = im->v[A_NAME_AR];
	char *name = NULL, *aliases, *one, *save = NULL;
	sqlite3_stmt *st;
	bool found;
	int ret = -1;

	if (check_id(im, A_ID, err) != 0 ||
	    check_unique(im, A_ID, im->v[A_ID], err) != 0 ||
	    check_length(im, A_NAME_FR, 300, err) != 0 ||
	    check_length(im, A_NAME_AR, 300, err) != 0)
		return -1;
	if (*fr == '\0' && *ar == '\0')
		return field_error(im, csv_field_no(&im->header, A_NAME_FR) ?
		    A_NAME_FR : A_NAME_AR, err,
		    _("an administration needs a name in French or in Arabic"));
	/* The name the edition knows it by, if any of its names matches. */
	name = xstrdup(*fr != '\0' ? fr : ar);
	if (canonical(im, &name, err) != 0)
		goto out;
	if (strcmp(name, *fr != '\0' ? fr : ar) == 0 && *fr != '\0' &&
	    *ar != '\0') {
		free(name);
		name = xstrdup(ar);
		if (canonical(im, &name, err) != 0)
			goto out;
		if (strcmp(name, ar) == 0) {
			free(name);
			name = xstrdup(fr);
		}
	}
	if (ensure_administration(im, name, err) != 0 ||
	    db_exists(im->ed, "SELECT 1 FROM administration_info WHERE name = ?1",
	    name, &found, err) != 0)
		goto out;
	st = db_stmt(im->ed, "INSERT INTO administration_info (name, id,"
	    " name_ar, name_fr) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO"
	    " UPDATE SET id = excluded.id, name_ar = excluded.name_ar,"
	    " name_fr = excluded.name_fr WHERE (id, name_ar, name_fr) IS NOT"
	    " (excluded.id, excluded.name_ar, excluded.name_fr)", err);
	if (st == NULL)
		goto out;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, im->v[A_ID], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ar, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, fr, -1, SQLITE_STATIC);
	im->row_changed = false;
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		error_set(err, "%s:%zu: %s", im->path, im->line,
		    sqlite3_errmsg(db_handle(im->ed)));
		goto out;
	}
	sqlite3_reset(st);
	im->row_changed = sqlite3_changes(db_handle(im->ed)) > 0;
	if (add_alias(im, A_NAME_FR, fr, name, err) != 0 ||
	    add_alias(im, A_NAME_AR, ar, name, err) != 0)
		goto out;
	aliases = xstrdup(im->v[A_ALIASES]);
	for (one = strtok_r(aliases, "|", &save); one != NULL;
	    one = strtok_r(NULL, "|", &save)) {
		one += strspn(one, " ");
		if (*one != '\0' && add_alias(im, A_ALIASES, one, name, err) != 0)
			break;
	}
	ret = one == NULL ? 0 : -1;
	free(aliases);
	if (ret == 0 && im->row_changed) {
		if (found)
			im->res->updated++;
		else
			im->res->added++;
	}
out:
	free(name);
	return ret;
}

static int
import_conflict(struct importer *im, struct mw_error *err)
{
	const char *dossier = im->v[C_DOSSIER], *adm = im->v[C_ADMINISTRATION];
	struct strbuf key = STRBUF_INIT;
	sqlite3_stmt *st, *q;
	bool found;
	int ret;

	if (*im->v[C_JUROR] == '\0')
		return field_error(im, C_JUROR, err,
		    _("a value is required here"));
	if (db_exists(im->ed, "SELECT 1 FROM juror WHERE id = ?1", im->v[C_JUROR],
	    &found, err) != 0)
		return -1;
	if (!found) {
		strbuf_addf(&key, _("unknown juror '%s' (import the jurors "
		    "first)"), im->v[C_JUROR]);
		field_error(im, C_JUROR, err, strbuf_str(&key));
		strbuf_free(&key);
		return -1;
	}
	if ((*dossier == '\0') == (*adm == '\0'))
		return field_error(im, *dossier ? C_ADMINISTRATION : C_DOSSIER,
		    err, _("give either a dossier or an administration, not "
		    "both or neither"));
	if (*dossier != '\0') {
		if (db_exists(im->ed, "SELECT 1 FROM dossier WHERE id = ?1", dossier,
		    &found, err) != 0)
			return -1;
		if (!found) {
			strbuf_addf(&key, _("unknown dossier '%s'"), dossier);
			field_error(im, C_DOSSIER, err, strbuf_str(&key));
			strbuf_free(&key);
			return -1;
		}
	} else if (check_length(im, C_ADMINISTRATION, 300, err) != 0 ||
	    known_administration(im, C_ADMINISTRATION, err) != 0 ||
	    canonical(im, &im->v[C_ADMINISTRATION], err) != 0 ||
	    ensure_administration(im, adm = im->v[C_ADMINISTRATION], err) != 0)
		return -1;
	strbuf_addf(&key, "%s\037%s\037%s", im->v[C_JUROR], dossier, adm);
	ret = check_unique(im, *dossier ? C_DOSSIER : C_ADMINISTRATION,
	    strbuf_str(&key), err);
	strbuf_free(&key);
	if (ret != 0)
		return -1;
	q = db_stmt(im->ed, "SELECT 1 FROM conflict WHERE juror_id = ?1 AND"
	    " (dossier_id = ?2 OR administration = ?3)", err);
	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, im->v[C_JUROR], -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, adm, -1, SQLITE_STATIC);
	found = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_reset(q);
	if (*dossier != '\0')
		st = db_stmt(im->ed, "INSERT INTO conflict (juror_id, dossier_id,"
		    " reason) VALUES (?1, ?2, ?3) ON CONFLICT (juror_id,"
		    " dossier_id) DO UPDATE SET reason = excluded.reason"
		    " WHERE reason IS NOT excluded.reason", err);
	else
		st = db_stmt(im->ed, "INSERT INTO conflict (juror_id,"
		    " administration, reason) VALUES (?1, ?2, ?3) ON CONFLICT"
		    " (juror_id, administration) DO UPDATE SET reason ="
		    " excluded.reason WHERE reason IS NOT excluded.reason", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, im->v[C_JUROR], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, *dossier ? dossier : adm, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, im->v[C_REASON], -1, SQLITE_STATIC);
	return run_upsert(im, st, found, err);
}

static int
on_record(void *ctx, const struct csv_record *rec, struct mw_error *err)
{
	static const struct csv_column *const columns[] = {
		dossier_columns, juror_columns, conflict_columns,
		administration_columns };
	static const size_t ncolumns[] = { D_N, J_N, C_N, A_N };
	struct importer *im = ctx;
	int ret;

	im->line = rec->line;
	if (!im->have_header) {
		im->have_header = true;
		if (im->kind == IMPORT_DOSSIERS)
			return dossier_header(im, rec, err);
		return csv_header_parse(&im->header, im->path,
		    columns[im->kind], ncolumns[im->kind], rec, err);
	}
	if (csv_clean_record(&im->header, rec, im->v, err) != 0)
		return -1;
	im->res->rows++;
	switch (im->kind) {
	case IMPORT_DOSSIERS:
		ret = import_dossier(im, err);
		break;
	case IMPORT_JURORS:
		ret = import_juror(im, err);
		break;
	case IMPORT_ADMINISTRATIONS:
		ret = import_administration(im, err);
		break;
	default:
		ret = import_conflict(im, err);
		break;
	}
	csv_free_values(im->v, CSV_MAX_COLUMNS);
	/* Fold the journal into the digests now and then: it stays small,
	 * and its pages are reused rather than piling up until the commit. */
	if (ret == 0 && im->res->rows % 4096 == 0)
		ret = db_fold(im->ed, err);
	return ret;
}

/*
 * The chair sets the edition up.  An import by a juror who is not the
 * chair is refused; the secretariat preparing an edition before its jurors
 * exist acts without a juror id.
 */
static int
check_importer(struct edition *ed, const char *actor, bool *after_setup,
    struct mw_error *err)
{
	struct edition_info info;
	sqlite3_stmt *st;
	int rc;

	if (edition_get_info(ed, &info, err) != 0)
		return -1;
	*after_setup = strcmp(info.phase, "setup") != 0;
	if (!rules_allow(ACT_IMPORT, info.phase))
		return error_set(err, _("%s: the edition is locked; nothing can "
		    "change"), db_path(ed));
	st = db_stmt(ed, "SELECT role FROM juror WHERE id = ?1", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0),
	    "chair") != 0) {
		error_set(err, _("only the chair imports into the edition; '%s' "
		    "has the role '%s'"), actor, sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

int
import_begin(struct edition *ed, const char *actor, bool *after_setup,
    struct mw_error *err)
{
	/* Each upsert, having triggers, keeps a statement journal of every
	 * page it touches: in memory, not written to a temporary file (set
	 * outside a transaction). */
	if (db_exec(ed, "PRAGMA temp_store = MEMORY", err) != 0 ||
	    db_begin(ed, err) != 0)
		return -1;
	if (check_importer(ed, actor, after_setup, err) != 0) {
		db_rollback(ed);
		return -1;
	}
	/* A bulk load rewrites the same index pages again and again: keep
	 * them in memory until the commit rather than spilling them to the
	 * log mid-transaction (256 MiB at most, used only by large files). */
	if (db_exec(ed, "PRAGMA cache_size = -262144;"
	    "CREATE TEMP TABLE IF NOT EXISTS import_seen"
	    " (key TEXT PRIMARY KEY, line INTEGER NOT NULL) STRICT;"
	    "DELETE FROM temp.import_seen;"
	    "DROP TABLE IF EXISTS temp.import_dossier;"
	    "CREATE TEMP TABLE import_dossier (id TEXT,"
	    " category TEXT, title_ar TEXT, title_fr TEXT, administration TEXT,"
	    " url TEXT, summary_ar TEXT, summary_fr TEXT, line INTEGER,"
	    " fresh INTEGER) STRICT;"
	    "", err) != 0 ||
	    db_exec(ed, sql_names, err) != 0 ||
	    form_stage_begin(ed, err) != 0 ||
	    search_begin(ed, err) != 0) {
		db_rollback(ed);
		return -1;
	}
	return 0;
}

/* Updated dossiers whose own row did not change but whose answers did
 * (apply_dossiers() counted, and marked for the search, the others). */
static const char sql_answers_only[] =
	"SELECT count(*) FROM temp.answer_changed c"
	" JOIN temp.import_dossier r ON r.id = c.id"
	" WHERE NOT r.fresh AND c.id NOT IN (SELECT id FROM temp.search_stale)";

/* The staged answers into the edition, counted and marked. */
static int
apply_answers(struct importer *im, struct mw_error *err)
{
	if (form_stage_apply(im->ed, err) != 0)
		return -1;
	im->res->updated += (size_t)scalar(im->ed, sql_answers_only);
	return db_exec(im->ed, "INSERT INTO temp.search_stale (id)"
	    " SELECT id FROM temp.answer_changed WHERE true"
	    " ON CONFLICT DO NOTHING", err);
}

int
import_apply_dossiers(struct edition *ed, const char *what,
    struct import_result *res, struct mw_error *err)
{
	struct importer im = { .ed = ed, .kind = IMPORT_DOSSIERS, .path = what,
		.res = res };
	size_t i;

	im.header.path = what;
	im.header.columns = dossier_columns;
	im.header.ncolumns = D_N;
	im.header.nfields = D_N;
	for (i = 0; i < D_N; i++)
		im.header.where[i] = (int)i;
	return apply_dossiers(&im, err);
}

int
import_csv(struct edition *ed, enum import_kind kind, const char *path,
    const char *actor, const char *reason, struct import_result *res,
    struct mw_error *err)
{
	static const char *const actions[] = {
		"import-dossiers", "import-jurors", "import-conflicts",
		"import-administrations" };
	struct importer im = { .ed = ed, .kind = kind, .path = path,
		.res = res };
	struct strbuf detail = STRBUF_INIT;
	const char *base = strrchr(path, '/');
	int ret;

	memset(res, 0, sizeof *res);
	if (import_begin(ed, actor, &im.after_setup, err) != 0)
		return -1;
	if (reason != NULL && reason[strspn(reason, " \t\r\n")] != '\0')
		im.reason = reason;
	ret = csvfile_read(path, on_record, &im, err);
	free(im.last_administration);
	free(im.last_category);
	if (ret == 0 && !im.have_header)
		ret = error_set(err, _("%s: the file is empty (expected a header "
		    "row naming the columns)"), path);
	if (ret == 0 && kind == IMPORT_DOSSIERS)
		ret = apply_dossiers(&im, err);
	if (ret == 0 && im.answers)
		ret = apply_answers(&im, err);
	form_fields_free(im.fields, im.nfields);
	free(im.columns);
	for (size_t i = 0; im.column_names != NULL && im.column_names[i]; i++)
		free(im.column_names[i]);
	free(im.column_names);
	if (ret == 0 && kind == IMPORT_ADMINISTRATIONS)
		ret = db_exec(ed, sql_canonical_members, err);
	if (ret != 0) {
		db_rollback(ed);
		return -1;
	}
	if (res->added == 0 && res->updated == 0) {
		/* Nothing to record: the edition stays exactly as it was. */
		db_rollback(ed);
		return 0;
	}
	if (search_flush(ed, err) != 0) {
		db_rollback(ed);
		return -1;
	}
	strbuf_addf(&detail, "file=%s rows=%zu added=%zu updated=%zu",
	    base != NULL ? base + 1 : path, res->rows, res->added, res->updated);
	if (im.reason != NULL)
		strbuf_addf(&detail, " reason=%s", im.reason);
	ret = db_commit(ed, actor, actions[kind], strbuf_str(&detail), err);
	strbuf_free(&detail);
	return ret;
}
