/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <unistd.h>

#include "core/csvfile.h"
#include "core/preset.h"
#include "text/clean.h"
#include "util/i18n.h"
#include "util/strbuf.h"

const char *
preset_datadir(void)
{
	const char *d = getenv("MUDAWALA_DATADIR");

	return d != NULL && *d != '\0' ? d : PKGDATADIR;
}

/* A preset file being loaded: which table, its columns, the statement. */
struct loader {
	struct edition *ed;
	const char *path;
	const struct csv_column *columns;
	size_t ncolumns;
	const char *sql;        /* binds ?1.. = columns in order, then ?N+1 =
	                         * the position */
	struct csv_header header;
	int position;
	const char *const *numeric;  /* columns holding numbers */
};

static bool
is_numeric_column(const struct loader *l, const char *name)
{
	const char *const *n;

	for (n = l->numeric; n != NULL && *n != NULL; n++)
		if (strcmp(*n, name) == 0)
			return true;
	return false;
}

static int
load_record(void *ctx, const struct csv_record *rec, struct mw_error *err)
{
	struct loader *l = ctx;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (rec->line == 1 || l->header.columns == NULL)
		return csv_header_parse(&l->header, l->path, l->columns,
		    l->ncolumns, rec, err);
	if (rec->nfields != l->header.nfields)
		return error_set(err, _("%s:%zu: expected %zu fields as in the "
		    "header, found %zu"), l->path, rec->line, l->header.nfields,
		    rec->nfields);
	st = db_stmt(l->ed, l->sql, err);
	if (st == NULL)
		return -1;
	for (i = 0; i < l->ncolumns; i++) {
		const char *v = csv_get(&l->header, rec, i);
		char *clean, *end;
		size_t bad;

		if (is_numeric_column(l, l->columns[i].name)) {
			double d;

			errno = 0;
			d = strtod(v, &end);
			if (*v == '\0' || *end != '\0' || errno != 0)
				return error_set(err, _("%s:%zu:%zu: field '%s': "
				    "'%s' is not a number"), l->path, rec->line,
				    csv_field_no(&l->header, i), l->columns[i].name, v);
			sqlite3_bind_double(st, (int)i + 1, d);
			continue;
		}
		if (!text_clean(v, strlen(v), &clean, &bad))
			return error_set(err, _("%s:%zu:%zu: field '%s': not valid "
			    "UTF-8 (at byte %zu)"), l->path, rec->line,
			    csv_field_no(&l->header, i), l->columns[i].name, bad + 1);
		sqlite3_bind_text(st, (int)i + 1, clean, -1, free);
	}
	sqlite3_bind_int(st, (int)l->ncolumns + 1, ++l->position);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return error_set(err, "%s:%zu: %s", l->path, rec->line,
		    sqlite3_errmsg(db_handle(l->ed)));
	return 0;
}

static int
load(struct edition *ed, const char *path, const struct csv_column *columns,
    size_t ncolumns, const char *const *numeric, const char *sql,
    struct mw_error *err)
{
	struct loader l = { .ed = ed, .path = path, .columns = columns,
		.ncolumns = ncolumns, .sql = sql, .numeric = numeric };

	return csvfile_read(path, load_record, &l, err);
}

static const struct csv_column named_columns[] = {
	{ "id", true }, { "name_ar", true }, { "name_fr", true },
	{ "description_ar", false }, { "description_fr", false },
};

static const struct csv_column criterion_columns[] = {
	{ "id", true }, { "name_ar", true }, { "name_fr", true },
	{ "description_ar", false }, { "description_fr", false },
	{ "weight", true }, { "scale_min", true }, { "scale_max", true },
};
static const char *const criterion_numeric[] = {
	"weight", "scale_min", "scale_max", NULL
};

static const struct csv_column prize_columns[] = {
	{ "id", true }, { "name_ar", true }, { "name_fr", true },
	{ "max_per_category", false },
};

/* The application form: "required" is yes or no; a section tied to a
 * criterion names it. */
static const struct csv_column form_columns[] = {
	{ "id", true }, { "section_ar", true }, { "section_fr", true },
	{ "criterion", true }, { "label_ar", true }, { "label_fr", true },
	{ "type", true }, { "choices", true }, { "required", true },
};

static const char sql_category[] =
	"INSERT INTO category (id, name_ar, name_fr, description_ar,"
	" description_fr, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_criterion[] =
	"INSERT INTO criterion (id, name_ar, name_fr, description_ar,"
	" description_fr, weight, scale_min, scale_max, position)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS INTEGER),"
	" CAST(?8 AS INTEGER), ?9)";
static const char sql_prize[] =
	"INSERT INTO prize (id, name_ar, name_fr, max_per_category, position)"
	" VALUES (?1, ?2, ?3, CAST(nullif(?4, '') AS INTEGER), ?5)";

static const char sql_form_field[] =
	"INSERT INTO form_field (id, section_ar, section_fr, criterion_id,"
	" label_ar, label_fr, type, choices, required, position)"
	" SELECT ?1, ?2, ?3, nullif(?4, ''), ?5, ?6, ?7, ?8,"
	" CASE ?9 WHEN 'yes' THEN 1 WHEN 'no' THEN 0 END, ?10";

static int
preset_path(char *buf, size_t size, const char *preset, const char *file,
    struct mw_error *err)
{
	int n = snprintf(buf, size, "%s/presets/%s/%s", preset_datadir(),
	    preset, file);

	if (n < 0 || (size_t)n >= size)
		return error_set(err, _("preset path too long"));
	return 0;
}

int
preset_apply(struct edition *ed, const struct init_options *opt,
    struct mw_error *err)
{
	char path[4096], file[128], dir[4096], uuid_hex[33];
	const char *set = opt->category_set != NULL ? opt->category_set : "2019";
	unsigned char uuid[16];
	sqlite3_stmt *st;
	char now[32];
	int rc, n;

	if (strpbrk(opt->preset, "/.") != NULL || *opt->preset == '\0' ||
	    strpbrk(set, "/.") != NULL || *set == '\0')
		return error_usage(err, _("'%s': not a preset name"),
		    opt->preset);
	if (preset_path(dir, sizeof dir, opt->preset, "", err) != 0)
		return -1;
	if (access(dir, R_OK) != 0)
		return error_set(err, _("unknown preset '%s' (no directory %s)"),
		    opt->preset, dir);
	n = snprintf(file, sizeof file, "categories-%s.csv", set);
	if (n < 0 || (size_t)n >= sizeof file)
		return error_usage(err, _("'%s': not a category set"), set);
	if (preset_path(path, sizeof path, opt->preset, file, err) != 0)
		return -1;
	if (access(path, R_OK) != 0)
		return error_set(err, _("preset '%s' has no category set '%s' "
		    "(no file %s)"), opt->preset, set, path);

	randombytes_buf(uuid, sizeof uuid);
	sodium_bin2hex(uuid_hex, sizeof uuid_hex, uuid, sizeof uuid);
	db_now(now);
	st = db_stmt(ed, "INSERT INTO edition (id, name, year, preset,"
	    " category_set, phase, uuid, created_at)"
	    " VALUES (1, ?1, ?2, ?3, ?4, 'setup', ?5, ?6)", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, opt->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, opt->year);
	sqlite3_bind_text(st, 3, opt->preset, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, set, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, uuid_hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(ed, rc, err);

	if (load(ed, path, named_columns, 5, NULL, sql_category, err) != 0)
		return -1;
	if (preset_path(path, sizeof path, opt->preset, "criteria.csv", err) ||
	    load(ed, path, criterion_columns, 8, criterion_numeric,
	    sql_criterion, err) != 0)
		return -1;
	if (preset_path(path, sizeof path, opt->preset, "prizes.csv", err) ||
	    load(ed, path, prize_columns, 4, NULL, sql_prize, err) != 0)
		return -1;
	/* A preset without a form gives dossiers without one. */
	if (preset_path(path, sizeof path, opt->preset, "form.csv", err) != 0)
		return -1;
	if (access(path, R_OK) == 0 && load(ed, path, form_columns, 9, NULL,
	    sql_form_field, err) != 0)
		return -1;
	return 0;
}

int
edition_init(const char *path, const struct init_options *opt,
    struct mw_error *err)
{
	struct edition *ed;
	struct strbuf detail = STRBUF_INIT;

	if (opt->name == NULL || *opt->name == '\0')
		return error_usage(err, _("init: the edition needs a name "
		    "(--edition NAME)"));
	if (opt->year < 1900 || opt->year > 9999)
		return error_usage(err, _("init: --year expects a year such as "
		    "2019"));
	if (db_create(path, &ed, err) != 0)
		return -1;
	if (db_begin(ed, err) != 0 || preset_apply(ed, opt, err) != 0) {
		db_close(ed);
		return -1;
	}
	strbuf_addf(&detail, "preset=%s categories=%s edition=%s year=%d",
	    opt->preset, opt->category_set ? opt->category_set : "2019",
	    opt->name, opt->year);
	if (db_commit(ed, opt->actor, "init", strbuf_str(&detail), err) != 0) {
		strbuf_free(&detail);
		db_close(ed);
		return -1;
	}
	strbuf_free(&detail);
	return db_publish(ed, err);
}
