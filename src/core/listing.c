/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <string.h>

#include "core/listing.h"

struct listing {
	const char *name;
	const char *const *columns;
	size_t ncolumns;
	const char *sql;        /* the columns as text, then a JSON object */
};

static const char *const category_cols[] = {
	"id", "name_ar", "name_fr", "description_ar", "description_fr",
};
static const char *const criterion_cols[] = {
	"id", "name_ar", "name_fr", "description_ar", "description_fr",
	"weight", "scale_min", "scale_max",
};
static const char *const prize_cols[] = {
	"id", "name_ar", "name_fr", "max_per_category",
};
static const char *const dossier_cols[] = {
	"id", "category", "title_ar", "title_fr", "administration", "url",
	"summary_ar", "summary_fr",
};
static const char *const juror_cols[] = {
	"id", "name", "organisation", "role", "voting", "public_key",
};

static const char *const form_cols[] = {
	"id", "section_ar", "section_fr", "criterion", "label_ar", "label_fr",
	"type", "choices", "required",
};

#define N(a) (sizeof (a) / sizeof (a)[0])

static const struct listing listings[LIST_KIND_COUNT] = {
	[LIST_CATEGORIES] = { "categories", category_cols, N(category_cols),
		"SELECT id, name_ar, name_fr, description_ar, description_fr,"
		" json_object('id', id, 'name_ar', name_ar, 'name_fr', name_fr,"
		" 'description_ar', description_ar, 'description_fr',"
		" description_fr) FROM category ORDER BY position, id" },
	[LIST_CRITERIA] = { "criteria", criterion_cols, N(criterion_cols),
		"SELECT id, name_ar, name_fr, description_ar, description_fr,"
		" printf('%g', weight), scale_min, scale_max,"
		" json_object('id', id, 'name_ar', name_ar, 'name_fr', name_fr,"
		" 'description_ar', description_ar, 'description_fr',"
		" description_fr, 'weight', weight, 'scale_min', scale_min,"
		" 'scale_max', scale_max) FROM criterion ORDER BY position, id" },
	[LIST_PRIZES] = { "prizes", prize_cols, N(prize_cols),
		"SELECT id, name_ar, name_fr, coalesce(max_per_category, ''),"
		" json_object('id', id, 'name_ar', name_ar, 'name_fr', name_fr,"
		" 'max_per_category', max_per_category)"
		" FROM prize ORDER BY position, id" },
	[LIST_DOSSIERS] = { "dossiers", dossier_cols, N(dossier_cols),
		"SELECT id, category_id, title_ar, title_fr,"
		" coalesce(administration, ''), url, summary_ar, summary_fr,"
		" json_object('id', id, 'category', category_id, 'title_ar',"
		" title_ar, 'title_fr', title_fr, 'administration',"
		" administration, 'url', url, 'summary_ar', summary_ar,"
		" 'summary_fr', summary_fr, 'status', status)"
		" FROM dossier ORDER BY id" },
	[LIST_JURORS] = { "jurors", juror_cols, N(juror_cols),
		"SELECT id, name, organisation, role,"
		" CASE voting WHEN 1 THEN 'yes' ELSE 'no' END, public_key,"
		" json_object('id', id, 'name', name, 'organisation',"
		" organisation, 'role', role, 'voting', json(CASE voting"
		" WHEN 1 THEN 'true' ELSE 'false' END), 'public_key', public_key)"
		" FROM juror ORDER BY CASE role WHEN 'chair' THEN 0"
		" WHEN 'member' THEN 1 ELSE 2 END, id" },
	[LIST_FORM] = { "form", form_cols, N(form_cols),
		"SELECT id, section_ar, section_fr, coalesce(criterion_id, ''),"
		" label_ar, label_fr, type, choices,"
		" CASE required WHEN 1 THEN 'yes' ELSE 'no' END,"
		" json_object('id', id, 'section_ar', section_ar, 'section_fr',"
		" section_fr, 'criterion', criterion_id, 'label_ar', label_ar,"
		" 'label_fr', label_fr, 'type', type, 'choices', choices,"
		" 'required', json(CASE required WHEN 1 THEN 'true' ELSE 'false'"
		" END)) FROM form_field ORDER BY position, id" },
};

static struct columns column_sets[LIST_KIND_COUNT];

int
listing_kind_parse(const char *s)
{
	int i;

	for (i = 0; i < LIST_KIND_COUNT; i++)
		if (strcmp(s, listings[i].name) == 0)
			return i;
	return -1;
}

const struct columns *
listing_columns(enum listing_kind kind)
{
	column_sets[kind].names = listings[kind].columns;
	column_sets[kind].n = listings[kind].ncolumns;
	return &column_sets[kind];
}

int
listing_run(struct edition *ed, enum listing_kind kind, row_fn fn,
    void *ctx, struct mw_error *err)
{
	const struct listing *l = &listings[kind];
	const char *cells[16];
	sqlite3_stmt *st = db_stmt(ed, l->sql, err);
	size_t i;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < l->ncolumns; i++)
			cells[i] = (const char *)sqlite3_column_text(st, (int)i);
		if (fn(ctx, cells, l->ncolumns, (const char *)
		    sqlite3_column_text(st, (int)l->ncolumns), err) != 0) {
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}
