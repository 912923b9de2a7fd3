/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/form.h"
#include "util/i18n.h"
#include "util/strbuf.h"

#define FIELD_COLUMNS \
	"f.id, f.section_ar, f.section_fr, f.criterion_id, f.label_ar," \
	" f.label_fr, f.type, f.choices, f.required"

static void
field_from_row(struct form_field *f, sqlite3_stmt *st)
{
	f->id = db_column_dup(st, 0);
	f->section_ar = db_column_dup(st, 1);
	f->section_fr = db_column_dup(st, 2);
	f->criterion = db_column_dup_or_null(st, 3);
	f->label_ar = db_column_dup(st, 4);
	f->label_fr = db_column_dup(st, 5);
	f->type = db_column_dup(st, 6);
	f->choices = db_column_dup(st, 7);
	f->required = sqlite3_column_int(st, 8) != 0;
}

static void
field_free(struct form_field *f)
{
	free(f->id);
	free(f->section_ar);
	free(f->section_fr);
	free(f->criterion);
	free(f->label_ar);
	free(f->label_fr);
	free(f->type);
	free(f->choices);
}

int
form_fields(struct edition *ed, struct form_field **out, size_t *n,
    struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT " FIELD_COLUMNS
	    " FROM form_field f ORDER BY f.position, f.id", err);
	size_t cap = 16;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	*out = xmalloc(cap * sizeof **out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap *= 2;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		field_from_row(&(*out)[(*n)++], st);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		form_fields_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_error(ed, rc, err);
	}
	return 0;
}

void
form_fields_free(struct form_field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		field_free(&f[i]);
	free(f);
}

/* Digits with at most one '.', and an optional leading minus. */
static bool
is_number(const char *s)
{
	bool digit = false, dot = false;

	if (*s == '-')
		s++;
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digit = true;
		else if (*s == '.' && !dot)
			dot = true;
		else
			return false;
	}
	return digit;
}

/* YYYY-MM-DD, a day that exists. */
static bool
is_date(const char *s)
{
	struct tm tm = { 0 };
	int y, m, d;
	char tail;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 1900)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	if (timegm(&tm) == (time_t)-1)
		return false;
	return tm.tm_year == y - 1900 && tm.tm_mon == m - 1 && tm.tm_mday == d;
}

static bool
is_url(const char *s)
{
	const char *rest;

	if (strncmp(s, "https://", 8) == 0)
		rest = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		rest = s + 7;
	else
		return false;
	return *rest != '\0' && *rest != '/' && strpbrk(s, " \t\r\n") == NULL;
}

static bool
is_choice(const char *choices, const char *s)
{
	size_t n = strlen(s);
	const char *p = choices;

	while (*p != '\0') {
		size_t len = strcspn(p, "|");

		if (len == n && strncmp(p, s, n) == 0)
			return true;
		p += len;
		if (*p == '|')
			p++;
	}
	return false;
}

char *
form_check_value(const struct form_field *f, const char *value)
{
	struct strbuf sb = STRBUF_INIT;

	if (strcmp(f->type, "number") == 0 && !is_number(value))
		strbuf_addf(&sb, _("expected a number written with digits and "
		    "'.', such as 12500 or 3.5, found '%s'"), value);
	else if (strcmp(f->type, "date") == 0 && !is_date(value))
		strbuf_addf(&sb, _("expected a date as YYYY-MM-DD, such as "
		    "2018-03-15, found '%s'"), value);
	else if (strcmp(f->type, "url") == 0 && !is_url(value))
		strbuf_addf(&sb, _("expected an address starting with http:// "
		    "or https://, found '%s'"), value);
	else if (strcmp(f->type, "choice") == 0 &&
	    !is_choice(f->choices, value)) {
		struct strbuf list = STRBUF_INIT;
		const char *p;

		for (p = f->choices; *p != '\0'; p++)
			if (*p == '|')
				strbuf_adds(&list, ", ");
			else
				strbuf_addc(&list, *p);
		strbuf_addf(&sb, _("expected one of %s, found '%s'"),
		    strbuf_str(&list), value);
		strbuf_free(&list);
	} else
		return NULL;
	return strbuf_detach(&sb);
}

int
form_answers(struct edition *ed, const char *dossier, struct form_answer **out,
    size_t *n, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT " FIELD_COLUMNS ","
	    " coalesce(a.value_ar, ''), coalesce(a.value_fr, '')"
	    " FROM form_field f LEFT JOIN answer a ON a.field_id = f.id"
	    "  AND a.dossier_id = ?1 ORDER BY f.position, f.id", err);
	size_t cap = 16;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, dossier, -1, SQLITE_STATIC);
	*out = xmalloc(cap * sizeof **out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct form_answer *a;

		if (*n == cap) {
			cap *= 2;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		a = &(*out)[(*n)++];
		field_from_row(&a->field, st);
		a->value_ar = db_column_dup(st, 9);
		a->value_fr = db_column_dup(st, 10);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		form_answers_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_error(ed, rc, err);
	}
	return 0;
}

void
form_answers_free(struct form_answer *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		field_free(&a[i].field);
		free(a[i].value_ar);
		free(a[i].value_fr);
	}
	free(a);
}

int
form_stage_begin(struct edition *ed, struct mw_error *err)
{
	return db_exec(ed, "DROP TABLE IF EXISTS temp.staged_answer;"
	    "DROP TABLE IF EXISTS temp.answer_changed;"
	    "CREATE TEMP TABLE staged_answer (dossier_id TEXT, field_id TEXT,"
	    " value_ar TEXT, value_fr TEXT) STRICT;"
	    "CREATE INDEX temp.staged_answer_by_dossier"
	    " ON staged_answer (dossier_id, field_id);"
	    "CREATE TEMP TABLE answer_changed (id TEXT PRIMARY KEY) STRICT;",
	    err);
}

int
form_stage_answer(struct edition *ed, const char *dossier, const char *field,
    const char *value_ar, const char *value_fr, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "INSERT INTO temp.staged_answer"
	    " (dossier_id, field_id, value_ar, value_fr) VALUES (?1, ?2, ?3, ?4)",
	    err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, field, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, value_ar, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, value_fr, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

/* The staged answers that differ from the stored ones (an empty staged
 * answer differs from a stored one), then the changes. */
static const char sql_stage_apply[] =
	"INSERT INTO temp.answer_changed (id) SELECT DISTINCT r.dossier_id"
	" FROM temp.staged_answer r LEFT JOIN answer a"
	" ON a.dossier_id = r.dossier_id AND a.field_id = r.field_id"
	" WHERE (coalesce(a.value_ar, ''), coalesce(a.value_fr, ''))"
	" IS NOT (r.value_ar, r.value_fr);"
	"DELETE FROM answer WHERE EXISTS (SELECT 1 FROM temp.staged_answer r"
	" WHERE r.dossier_id = answer.dossier_id AND r.field_id = answer.field_id"
	" AND r.value_ar = '' AND r.value_fr = '');"
	"INSERT INTO answer (dossier_id, field_id, value_ar, value_fr)"
	" SELECT dossier_id, field_id, value_ar, value_fr"
	" FROM temp.staged_answer WHERE value_ar <> '' OR value_fr <> ''"
	" ON CONFLICT (dossier_id, field_id) DO UPDATE SET"
	" value_ar = excluded.value_ar, value_fr = excluded.value_fr"
	" WHERE (value_ar, value_fr) IS NOT (excluded.value_ar,"
	"  excluded.value_fr);";

int
form_stage_apply(struct edition *ed, struct mw_error *err)
{
	return db_exec(ed, sql_stage_apply, err);
}
