/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "core/csvfile.h"
#include "core/formfile.h"
#include "core/import.h"
#include "core/scoring.h"
#include "text/clean.h"
#include "util/i18n.h"
#include "util/strbuf.h"

enum { F_ID, F_SECTION_AR, F_SECTION_FR, F_CRITERION, F_LABEL_AR,
	F_LABEL_FR, F_TYPE, F_CHOICES, F_REQUIRED, F_N };
static const struct csv_column form_columns[F_N] = {
	{ "id", true }, { "section_ar", false }, { "section_fr", false },
	{ "criterion", false }, { "label_ar", false }, { "label_fr", false },
	{ "type", true }, { "choices", false }, { "required", true },
};

struct form_reader {
	struct edition *ed;
	const char *path;
	struct csv_header header;
	bool have_header;
	size_t line;
	char *v[F_N];
	struct form_import_result *res;
};

static int
field_error(struct form_reader *r, size_t i, const char *what,
    struct mw_error *err)
{
	return error_set(err, _("%s:%zu:%zu: field '%s': %s"), r->path, r->line,
	    csv_field_no(&r->header, i), form_columns[i].name, what);
}

static int
check_record(struct form_reader *r, struct mw_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	const char *type = r->v[F_TYPE];
	bool found;
	int ret = 0;

	if (!import_valid_id(r->v[F_ID]))
		strbuf_addf(&sb, _("'%s' is not a valid id (expected 1 to 64 "
		    "letters, digits, '.', '_' or '-')"), r->v[F_ID]);
	if (sb.len > 0)
		ret = field_error(r, F_ID, strbuf_str(&sb), err);
	else if (strcmp(type, "text") != 0 && strcmp(type, "number") != 0 &&
	    strcmp(type, "date") != 0 && strcmp(type, "url") != 0 &&
	    strcmp(type, "choice") != 0) {
		strbuf_addf(&sb, _("expected text, number, date, url or choice, "
		    "found '%s'"), type);
		ret = field_error(r, F_TYPE, strbuf_str(&sb), err);
	} else if (strcmp(type, "choice") == 0 && *r->v[F_CHOICES] == '\0')
		ret = field_error(r, F_CHOICES, _("a choice lists its values, "
		    "separated by |"), err);
	else if (strcmp(type, "choice") != 0 && *r->v[F_CHOICES] != '\0')
		ret = field_error(r, F_CHOICES, _("only a field of type choice "
		    "lists values"), err);
	else if (strcmp(r->v[F_REQUIRED], "yes") != 0 &&
	    strcmp(r->v[F_REQUIRED], "no") != 0) {
		strbuf_addf(&sb, _("expected yes or no, found '%s'"),
		    r->v[F_REQUIRED]);
		ret = field_error(r, F_REQUIRED, strbuf_str(&sb), err);
	} else if (*r->v[F_LABEL_AR] == '\0' && *r->v[F_LABEL_FR] == '\0')
		ret = field_error(r, csv_field_no(&r->header, F_LABEL_FR) ?
		    F_LABEL_FR : F_LABEL_AR, _("a field needs a label in Arabic "
		    "or in French"), err);
	else if (*r->v[F_CRITERION] != '\0') {
		if (db_exists(r->ed, "SELECT 1 FROM criterion WHERE id = ?1",
		    r->v[F_CRITERION], &found, err) != 0)
			ret = -1;
		else if (!found) {
			strbuf_addf(&sb, _("unknown criterion '%s'"),
			    r->v[F_CRITERION]);
			ret = field_error(r, F_CRITERION, strbuf_str(&sb), err);
		}
	}
	strbuf_free(&sb);
	return ret;
}

static int
stage(struct form_reader *r, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(r->ed, "INSERT INTO temp.form_new (id,"
	    " section_ar, section_fr, criterion_id, label_ar, label_fr, type,"
	    " choices, required, position) VALUES (?1, ?2, ?3, nullif(?4, ''),"
	    " ?5, ?6, ?7, ?8, ?9 = 'yes', ?10) ON CONFLICT (id) DO NOTHING",
	    err);
	int i, rc;

	if (st == NULL)
		return -1;
	for (i = 0; i < F_N; i++)
		sqlite3_bind_text(st, i + 1, r->v[i], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, F_N + 1, (sqlite3_int64)r->line);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(r->ed, rc, err);
	if (sqlite3_changes(db_handle(r->ed)) == 0) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, _("'%s' appears twice in the file"), r->v[F_ID]);
		field_error(r, F_ID, strbuf_str(&sb), err);
		strbuf_free(&sb);
		return -1;
	}
	return 0;
}

static int
on_record(void *ctx, const struct csv_record *rec, struct mw_error *err)
{
	struct form_reader *r = ctx;
	int ret;

	r->line = rec->line;
	if (!r->have_header) {
		r->have_header = true;
		return csv_header_parse(&r->header, r->path, form_columns, F_N,
		    rec, err);
	}
	if (csv_clean_record(&r->header, rec, r->v, err) != 0)
		return -1;
	r->res->fields++;
	ret = check_record(r, err) == 0 && stage(r, err) == 0 ? 0 : -1;
	csv_free_values(r->v, F_N);
	return ret;
}

/* A field the file drops that a dossier answers: refused, with how many. */
static const char sql_answered[] =
	"SELECT f.id, (SELECT count(*) FROM answer a WHERE a.field_id = f.id)"
	" FROM form_field f WHERE f.id NOT IN (SELECT id FROM temp.form_new)"
	" AND EXISTS (SELECT 1 FROM answer a WHERE a.field_id = f.id)"
	" ORDER BY f.position LIMIT 1";

/* What changes: fields the file drops, new or different ones. */
static const char sql_count[] =
	"SELECT (SELECT count(*) FROM form_field WHERE id NOT IN"
	"  (SELECT id FROM temp.form_new))"
	" + (SELECT count(*) FROM temp.form_new n WHERE NOT EXISTS"
	"  (SELECT 1 FROM form_field f WHERE f.id = n.id AND"
	"  (f.section_ar, f.section_fr, f.criterion_id, f.label_ar, f.label_fr,"
	"  f.type, f.choices, f.required) IS (n.section_ar, n.section_fr,"
	"  n.criterion_id, n.label_ar, n.label_fr, n.type, n.choices,"
	"  n.required)))"
	" + (SELECT count(*) FROM (SELECT id, row_number() OVER (ORDER BY"
	"  position) AS k FROM temp.form_new) n JOIN (SELECT id, row_number()"
	"  OVER (ORDER BY position, id) AS k FROM form_field) f USING (id)"
	"  WHERE n.k <> f.k)";

static const char sql_apply[] =
	"DELETE FROM form_field WHERE id NOT IN (SELECT id FROM temp.form_new);"
	"INSERT INTO form_field (id, section_ar, section_fr, criterion_id,"
	" label_ar, label_fr, type, choices, required, position)"
	" SELECT id, section_ar, section_fr, criterion_id, label_ar, label_fr,"
	" type, choices, required, row_number() OVER (ORDER BY position)"
	" FROM temp.form_new WHERE true ON CONFLICT (id) DO UPDATE SET"
	" section_ar = excluded.section_ar, section_fr = excluded.section_fr,"
	" criterion_id = excluded.criterion_id, label_ar = excluded.label_ar,"
	" label_fr = excluded.label_fr, type = excluded.type,"
	" choices = excluded.choices, required = excluded.required,"
	" position = excluded.position WHERE (section_ar, section_fr,"
	" criterion_id, label_ar, label_fr, type, choices, required, position)"
	" IS NOT (excluded.section_ar, excluded.section_fr,"
	" excluded.criterion_id, excluded.label_ar, excluded.label_fr,"
	" excluded.type, excluded.choices, excluded.required,"
	" excluded.position);";

static int
still_answered(struct form_reader *r, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(r->ed, sql_answered, err);
	int rc, ret = 0;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int n = sqlite3_column_int(st, 1);

		ret = error_set(err, ngettext("%s: the field '%s' is not in the "
		    "file, but %d dossier answers it: keep it in the form",
		    "%s: the field '%s' is not in the file, but %d dossiers "
		    "answer it: keep it in the form", (unsigned long)n), r->path,
		    (const char *)sqlite3_column_text(st, 0), n);
	} else if (rc != SQLITE_DONE)
		ret = db_error(r->ed, rc, err);
	sqlite3_reset(st);
	return ret;
}

int
form_import(struct edition *ed, const char *path, const char *actor,
    struct form_import_result *res, struct mw_error *err)
{
	struct form_reader r = { .ed = ed, .path = path, .res = res };
	struct edition_info info;
	struct strbuf detail = STRBUF_INIT;
	sqlite3_stmt *st;
	bool after_setup;
	int ret;

	memset(res, 0, sizeof *res);
	if (import_begin(ed, actor, &after_setup, err) != 0)
		return -1;
	if (edition_get_info(ed, &info, err) != 0) {
		db_rollback(ed);
		return -1;
	}
	if (after_setup) {
		db_rollback(ed);
		return error_set(err, _("the application form is frozen once "
		    "scoring opens; the edition is in phase '%s'"), info.phase);
	}
	ret = db_exec(ed, "DROP TABLE IF EXISTS temp.form_new;"
	    "CREATE TEMP TABLE form_new (id TEXT PRIMARY KEY, section_ar TEXT,"
	    " section_fr TEXT, criterion_id TEXT, label_ar TEXT, label_fr TEXT,"
	    " type TEXT, choices TEXT, required INTEGER, position INTEGER)"
	    " STRICT;", err);
	if (ret == 0)
		ret = csvfile_read(path, on_record, &r, err);
	if (ret == 0 && !r.have_header)
		ret = error_set(err, _("%s: the file is empty (expected a header "
		    "row naming the columns)"), path);
	if (ret == 0)
		ret = still_answered(&r, err);
	if (ret == 0 && (st = db_stmt(ed, sql_count, err)) == NULL)
		ret = -1;
	if (ret == 0) {
		if (sqlite3_step(st) == SQLITE_ROW)
			res->changed = (size_t)sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	if (ret == 0 && res->changed > 0)
		ret = db_exec(ed, sql_apply, err);
	if (ret != 0 || res->changed == 0) {
		db_rollback(ed);
		return ret;
	}
	strbuf_addf(&detail, "file=%s fields=%zu changed=%zu",
	    strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path,
	    res->fields, res->changed);
	ret = db_commit(ed, actor, "import-form", strbuf_str(&detail), err);
	strbuf_free(&detail);
	return ret;
}
